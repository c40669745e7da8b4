// The coordinator's incident-command side: command roles, tasks and their
// escalation, read-ins, status updates, postmortems, notification records and
// the response-time metrics.

#include "coordinator.h"

#include "notification.h"
#include "postmortem.h"

#include "jsonreader.h"

#include <QJsonArray>
#include <QMetaMethod>

#include <array>
#include <map>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

/// Every audit event of one incident, oldest first.
Expected<QList<AuditEvent>> incidentEvents(Store &store, qint64 id)
{
    QList<AuditEvent> all;
    qint64 after = 0;
    for (;;) {
        Expected<QList<AuditEvent>> page = store.auditEvents(id, after, 5000);
        if (!page)
            return page.error();
        all += *page;
        if (page->size() < 5000)
            return all;
        after = page->last().seq;
    }
}

/// An incident with everything its documents are written from.
struct History
{
    IncidentRecord record;
    QList<AuditEvent> events;
    QList<Evidence> evidence;
};

Expected<History> history(Store &store, qint64 id)
{
    Expected<IncidentRecord> record = store.incident(id);
    if (!record)
        return record.error();
    Expected<QList<AuditEvent>> events = incidentEvents(store, id);
    if (!events)
        return events.error();
    Expected<QList<Evidence>> evidence = store.evidence(id);
    if (!evidence)
        return evidence.error();
    return History {std::move(*record), std::move(*events), std::move(*evidence)};
}

} // namespace

std::optional<Error> Coordinator::checkPeople(const Command &command) const
{
    if (m_directory.isEmpty())
        return std::nullopt;
    // An owner is a person who can act on the incident, as command roles are.
    if (const auto *assign = std::get_if<command::Assign>(&command)) {
        const auto it = m_directory.constFind(assign->owner);
        if (it == m_directory.constEnd())
            return Error {ErrorCode::InvalidInput, u"owner: nobody called \"%1\" is known"_s.arg(assign->owner)};
        if (it->roles == QStringList {toString(Role::Viewer)})
            return Error {ErrorCode::InvalidInput, u"owner: %1 may only view"_s.arg(assign->owner)};
        return std::nullopt;
    }
    const auto *roles = std::get_if<command::AssignRoles>(&command);
    if (!roles)
        return std::nullopt;
    auto check = [&](const std::optional<QString> &name, const QString &role, bool needsMim) -> std::optional<Error> {
        if (!name || name->isEmpty())
            return std::nullopt;
        const auto it = m_directory.constFind(*name);
        if (it == m_directory.constEnd())
            return Error {ErrorCode::InvalidInput, u"%1: nobody called \"%2\" is known"_s.arg(role, *name)};
        if (needsMim && !it->hasRole(Role::Mim))
            return Error {ErrorCode::InvalidInput,
                          u"the incident commander must hold the mim role; %1 has %2"_s.arg(
                              *name, it->roles.isEmpty() ? u"none"_s : it->roles.join(u", "_s))};
        if (!needsMim && it->roles == QStringList {toString(Role::Viewer)})
            return Error {ErrorCode::InvalidInput, u"%1: %2 may only view"_s.arg(role, *name)};
        return std::nullopt;
    };
    if (auto e = check(roles->commander, u"commander"_s, true))
        return e;
    if (auto e = check(roles->commsLead, u"comms lead"_s, false))
        return e;
    return check(roles->scribe, u"scribe"_s, false);
}

void Coordinator::afterCommand(qint64 id, const Command &command, const IncidentRecord &before,
                               const IncidentRecord &after)
{
    const Incident &b = before.incident;
    const Incident &a = after.incident;
    if (b.acknowledgedAt != a.acknowledgedAt || b.mitigatedAt != a.mitigatedAt || b.resolvedAt != a.resolvedAt
        || b.severity != a.severity)
        m_responseMetrics.clear();
    // A blocked task goes to the commander at once.
    if (const auto *blocked = std::get_if<command::SetTaskBlocked>(&command); blocked && blocked->blocked) {
        if (execute(id, command::EscalateTask {blocked->stepId, u"blocked"_s}, User::system()))
            ++m_tasksEscalated;
    }
}

int Coordinator::escalateOverdueTasks()
{
    const QDateTime t = now();
    Expected<QList<qint64>> due = m_store.incidentsWithTasksDue(t);
    if (!due)
        return 0;
    int escalated = 0;
    for (qint64 id : std::as_const(*due)) {
        Expected<IncidentRecord> record = m_store.incident(id);
        if (!record)
            continue;
        for (const PlanStep &step : std::as_const(record->plan.steps)) {
            if (!step.isOverdue(t))
                continue;
            if (execute(id, command::EscalateTask {step.id, u"overdue"_s}, User::system())) {
                ++escalated;
                ++m_tasksEscalated;
            }
        }
    }
    return escalated;
}

Expected<ReadIn> Coordinator::readIn(qint64 id)
{
    Expected<History> h = history(m_store, id);
    if (!h)
        return h.error();
    return warroom::readIn(h->record, h->events, now());
}

Expected<QString> Coordinator::statusDraft(qint64 id, const QString &audience)
{
    const std::optional<Audience> who = audienceFromString(audience);
    if (!who)
        return Error {ErrorCode::InvalidInput, u"audience must be one of %1"_s.arg(statusAudiences().join(u", "_s))};
    Expected<History> h = history(m_store, id);
    if (!h)
        return h.error();
    // Updates every 30 minutes during a major incident, hourly otherwise.
    const QDateTime t = now();
    const QDateTime next = t.addSecs(h->record.incident.major == "declared"_L1 ? 30 * 60 : 60 * 60);
    return statusUpdateDraft(*who, h->record, h->events, h->evidence, t,
                             isTerminal(h->record.incident.state) ? QDateTime() : next);
}

Expected<Postmortem> Coordinator::postmortem(qint64 id, const User &reader)
{
    Expected<History> h = history(m_store, id);
    if (!h)
        return h.error();
    PostmortemInput in;
    const PostmortemNotes &notes = h->record.postmortem;
    in.impact = notes.impact;
    in.whys = notes.whys;
    in.rootCause = notes.rootCause;
    in.actions = notes.actions;
    in.author = notes.updatedBy.isEmpty() ? reader.name : notes.updatedBy;
    in.generatedAt = now();
    in.record = std::move(h->record);
    in.events = std::move(h->events);
    in.evidence = std::move(h->evidence);
    return Postmortem::build(in);
}

void Coordinator::recordDelivery(const DeliveryResult &result)
{
    const User system = User::system();
    (void)m_store.appendAudit({system.name, result.incidentId, result.auditType(), result.toJson()});
    if (isSignalConnected(QMetaMethod::fromSignal(&Coordinator::eventPublished))) {
        Q_EMIT eventPublished({{u"type"_s, result.auditType()},
                               {u"time"_s, toIsoTime(now())},
                               {u"incident_id"_s, result.incidentId},
                               {u"delivery"_s, result.toJson()}});
    }
    // The Jira issue made for a major incident: its key is where the
    // resolution comment goes.
    if (result.ok && result.channel == "jira"_L1 && result.event == "incident.major"_L1 && !result.externalId.isEmpty()
        && result.incidentId > 0)
        (void)execute(result.incidentId, command::LinkExternal {u"jira"_s, result.externalId}, system);
}

QByteArray Coordinator::responseMetrics()
{
    if (!m_responseMetrics.isEmpty() && m_responseMetricsAge.isValid() && m_responseMetricsAge.elapsed() < 10000)
        return m_responseMetrics;
    static constexpr std::array<qint64, 9> kBuckets {60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400};
    struct Histogram
    {
        std::array<qint64, kBuckets.size()> counts {};
        qint64 count = 0;
        double sum = 0;
        void add(qint64 seconds)
        {
            seconds = std::max<qint64>(0, seconds);
            for (size_t i = 0; i < kBuckets.size(); ++i)
                counts[i] += seconds <= kBuckets[i];
            ++count;
            sum += double(seconds);
        }
    };
    // metric -> (severity, category) -> histogram, in a stable order.
    std::map<QString, std::map<std::pair<QString, QString>, Histogram>> metrics;
    qint64 drills = 0;
    Expected<QList<ResponseTimes>> rows = m_store.responseTimes();
    if (rows) {
        for (const ResponseTimes &r : std::as_const(*rows)) {
            if (r.drill) {
                ++drills;
                continue;
            }
            const std::pair<QString, QString> key {r.severity.isEmpty() ? u"unknown"_s : r.severity,
                                                   r.category.isEmpty() ? u"unclassified"_s : r.category};
            if (r.acknowledged.isValid())
                metrics[u"acknowledge"_s][key].add(r.created.secsTo(r.acknowledged));
            if (r.mitigated.isValid())
                metrics[u"mitigate"_s][key].add(r.created.secsTo(r.mitigated));
            if (r.resolved.isValid())
                metrics[u"resolve"_s][key].add(r.created.secsTo(r.resolved));
        }
    }
    QByteArray out;
    for (const QString &what : {u"acknowledge"_s, u"mitigate"_s, u"resolve"_s}) {
        const QByteArray name = "warroom_time_to_" + what.toUtf8() + "_seconds";
        out += "# HELP " + name + " Time from report to " + what.toUtf8()
            + ", per severity and category (drills left out).\n# TYPE " + name + " histogram\n";
        for (const auto &[key, h] : metrics[what]) {
            const QByteArray labels = "severity=\"" + key.first.toUtf8() + "\",category=\"" + key.second.toUtf8() + '"';
            for (size_t i = 0; i < kBuckets.size(); ++i)
                out += name + "_bucket{" + labels + ",le=\"" + QByteArray::number(kBuckets[i]) + "\"} "
                    + QByteArray::number(h.counts[i]) + '\n';
            out += name + "_bucket{" + labels + ",le=\"+Inf\"} " + QByteArray::number(h.count) + '\n';
            out += name + "_sum{" + labels + "} " + QByteArray::number(h.sum, 'f', 0) + '\n';
            out += name + "_count{" + labels + "} " + QByteArray::number(h.count) + '\n';
        }
    }
    out += "# HELP warroom_drills_responded Drill incidents with response times (not in the histograms).\n"
           "# TYPE warroom_drills_responded gauge\nwarroom_drills_responded "
        + QByteArray::number(drills) + '\n';
    out += "# HELP warroom_tasks_escalated_total Overdue or blocked tasks escalated to a commander since start.\n"
           "# TYPE warroom_tasks_escalated_total counter\nwarroom_tasks_escalated_total "
        + QByteArray::number(m_tasksEscalated) + '\n';
    m_responseMetrics = out;
    m_responseMetricsAge.start();
    return out;
}

} // namespace warroom
