#include "ingestor.h"

#include "compactjson.h"
#include "jsonreader.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

bool isOpen(IncidentState s)
{
    return s != IncidentState::Resolved && s != IncidentState::Closed && s != IncidentState::RolledBack;
}

/// Lower is more urgent; empty ranks last.
int rank(const QString &priority)
{
    return priority.isEmpty() ? 9 : priority.mid(1).toInt();
}

/// Why people are working on an incident (so its source may no longer
/// resolve it), or empty while nobody has acted: the triage's own plan may be
/// proposed and waiting, but no step has started and no approval was given.
QString peopleActed(const IncidentRecord &record)
{
    const Incident &i = record.incident;
    if (i.state != IncidentState::New && i.state != IncidentState::Triaged && i.state != IncidentState::Planned
        && i.state != IncidentState::AwaitingApproval)
        return u"it is %1"_s.arg(toString(i.state));
    if (!record.approvals.isEmpty())
        return u"%1 has %2 step %3"_s.arg(record.approvals.first().user,
                                          record.approvals.first().decision == Decision::Approve ? u"approved"_s
                                                                                                 : u"rejected"_s,
                                          record.approvals.first().stepId);
    if (!record.runs.isEmpty())
        return u"a playbook has run for it"_s;
    for (const PlanStep &s : record.plan.steps) {
        if (s.state != StepState::Pending)
            return u"step %1 is %2"_s.arg(s.id, toString(s.state));
    }
    if (!record.plan.isEmpty() && record.plan.createdBy != User::system().name)
        return u"%1 made its plan"_s.arg(record.plan.createdBy);
    if (!i.owner.isEmpty())
        return u"%1 owns it"_s.arg(i.owner);
    if (i.major == "declared"_L1 || i.major == "rejected"_L1)
        return u"%1 decided on its major-incident status"_s.arg(i.majorBy.isEmpty() ? u"someone"_s : i.majorBy);
    return {};
}

/// A Prometheus label value: escaped, at most 120 characters.
QByteArray labelValue(const QString &text)
{
    QByteArray out;
    const QByteArray utf8 = text.left(120).toUtf8();
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

} // namespace

Ingestor::Ingestor(Coordinator &coordinator, const IngestSettings &settings, QObject *parent)
    : QObject(parent)
    , m_coordinator(coordinator)
    , m_settings(settings)
{ }

Expected<QList<IngestResult>> Ingestor::ingest(const User &actor, const QList<IngestEvent> &events, Commit commit)
{
    // First with the records this ingestor committed last (no read and
    // decode per repeat); if one of them changed since (triage, a person),
    // the commit's optimistic lock refuses the batch and it is built again
    // from what is stored.
    QList<qint64> cached;
    Expected<QList<IngestResult>> results = ingestOnce(actor, events, commit, &cached);
    if (!results && results.error().code == ErrorCode::Conflict && !cached.isEmpty()) {
        for (qint64 id : std::as_const(cached))
            m_records.remove(id);
        results = ingestOnce(actor, events, commit, nullptr);
    }
    return results;
}

Expected<QList<IngestResult>> Ingestor::ingestOnce(const User &actor, const QList<IngestEvent> &events, Commit commit,
                                                   QList<qint64> *cached)
{
    Store &store = m_coordinator.store();
    const QDateTime now = m_coordinator.now();
    QStringList ids;
    ids.reserve(events.size());
    for (const IngestEvent &e : events)
        ids.append(e.eventId);
    Expected<QHash<QString, IngestedEvent>> stored = store.ingestedEvents(ids);
    if (!stored)
        return stored.error();

    QList<IngestChange> changes;
    QHash<qint64, int> changeOfIncident; // existing incident -> change
    QHash<QString, int> changeOfKey; // dedup key -> change
    QHash<QString, int> changeOfService; // service -> change (correlation inside the batch)
    QHash<QString, int> changeOfEvent; // event id -> change (repeats inside the batch)
    QList<IngestedEvent> unheld;
    struct Pending
    {
        IngestResult result;
        int change = -1;
    };
    QList<Pending> pending;
    pending.reserve(events.size());
    QHash<QString, QDateTime> lastTimeline; // alert group (dedup key) -> last audited event in this batch
    QHash<QString, GroupThrottle> throttled; // alert group -> events the throttle folded in, in this batch

    auto loadChange = [&](qint64 id) -> Expected<int> {
        if (auto it = changeOfIncident.constFind(id); it != changeOfIncident.constEnd())
            return *it;
        Expected<IncidentRecord> rec = Error {ErrorCode::NotFound, QString()};
        if (auto hit = m_records.constFind(id); cached && hit != m_records.constEnd()) {
            rec = *hit;
            cached->append(id);
        } else {
            rec = store.incident(id);
        }
        if (!rec)
            return rec.error();
        IngestChange c;
        c.expectedUpdatedAt = rec->incident.updatedAt;
        c.record = std::move(rec).value();
        changes.append(std::move(c));
        changeOfIncident.insert(id, int(changes.size() - 1));
        return int(changes.size() - 1);
    };
    auto row = [&](const IngestEvent &e, const QString &key, const QString &outcome) {
        return IngestedEvent {e.eventId, 0, e.source, key, outcome, now};
    };
    auto timelineDraft = [&](const QString &type, const IngestEvent &e, const QString &outcome, const Incident &i) {
        AuditDraft d {actor.name,
                      i.id,
                      type,
                      {{u"event_id"_s, e.eventId},
                       {u"source"_s, e.source},
                       {u"action"_s, toString(e.action)},
                       {u"outcome"_s, outcome},
                       {u"event_count"_s, i.eventCount},
                       {u"source_status"_s, i.sourceStatus}}};
        if (!e.warnings.isEmpty())
            d.payload.insert(u"warnings"_s, QJsonArray::fromStringList(e.warnings));
        return d;
    };
    auto create = [&](const IngestEvent &e, const QString &key) {
        IngestChange c;
        c.create = true;
        Incident &i = c.record.incident;
        i = e.described();
        i.reportedBy = actor.name;
        i.state = IncidentState::New;
        i.eventCount = 1;
        i.sourceStatus = u"firing"_s;
        i.lastEventAt = now;
        c.dedupKeys.append(key);
        c.events.append(row(e, key, u"created"_s));
        // {"dedup_key", "event_id", "incident" (without the identity the
        // store gives it), "source", "warnings"}, canonical, written directly:
        // one per new incident, and QJsonObject plus Qt's writer were 7 % of
        // the daemon's CPU in bench_ingest's stream.
        AuditDraft created {actor.name, 0, u"incident.created"_s, {}, {}};
        QByteArray &p = created.encodedPayload;
        p.append("{\"dedup_key\":");
        json::appendString(p, key);
        p.append(",\"event_id\":");
        json::appendString(p, e.eventId);
        p.append(",\"incident\":");
        p.append(i.toCompactJson(Incident::Identity::Left));
        p.append(",\"source\":");
        json::appendString(p, e.source);
        if (!e.warnings.isEmpty()) {
            p.append(",\"warnings\":");
            json::appendStringList(p, e.warnings);
        }
        p.append('}');
        c.audit.append(created);
        changes.append(std::move(c));
        const int index = int(changes.size() - 1);
        changeOfKey.insert(key, index);
        if (!e.service.isEmpty())
            changeOfService.insert(e.service, index);
        lastTimeline.insert(key, now);
        return index;
    };

    for (const IngestEvent &e : events) {
        Pending p;
        p.result.eventId = e.eventId;
        if (auto it = stored->constFind(e.eventId); it != stored->constEnd()) {
            p.result.incidentId = it->incidentId;
            p.result.outcome = u"duplicate"_s;
            pending.append(p);
            continue;
        }
        if (auto it = changeOfEvent.constFind(e.eventId); it != changeOfEvent.constEnd()) {
            p.change = *it;
            p.result.outcome = u"duplicate"_s;
            pending.append(p);
            continue;
        }
        const QString key = e.dedupKey.isEmpty() ? u"event:"_s + e.eventId : e.dedupKey;
        int target = changeOfKey.value(key, -1);
        if (target < 0) {
            Expected<qint64> id = store.ingestKeyIncident(key);
            if (!id)
                return id.error();
            if (*id > 0) {
                Expected<int> c = loadChange(*id);
                if (!c)
                    return c.error();
                target = *c;
            }
        }
        if (target >= 0 && changes.at(target).record.incident.state == IncidentState::Closed)
            target = -1; // closed is final: the key names a new incident from now on
        QString outcome;
        bool correlated = false;
        if (target < 0 && e.action == IngestAction::Trigger && !e.service.isEmpty()
            && m_settings.correlationWindowSeconds > 0) {
            target = changeOfService.value(e.service, -1);
            if (target < 0) {
                qint64 candidate = 0;
                if (auto it = m_services.constFind(e.service); it != m_services.constEnd()) {
                    if (it->at.secsTo(now) <= m_settings.correlationWindowSeconds)
                        candidate = it->incidentId;
                } else {
                    // Not seen since start: the newest incident of the service may still be in its window.
                    IncidentFilter filter;
                    filter.service = e.service;
                    filter.limit = 1;
                    Expected<IncidentPage> page = store.incidents(filter);
                    if (!page)
                        return page.error();
                    if (!page->items.isEmpty()) {
                        const Incident &i = page->items.first().incident;
                        const QDateTime seen = i.lastEventAt.isValid() ? i.lastEventAt : i.updatedAt;
                        if (seen.secsTo(now) <= m_settings.correlationWindowSeconds)
                            candidate = i.id;
                    }
                }
                if (candidate > 0) {
                    Expected<int> c = loadChange(candidate);
                    if (!c)
                        return c.error();
                    target = *c;
                }
            }
            if (target >= 0 && !isOpen(changes.at(target).record.incident.state))
                target = -1;
            correlated = target >= 0;
        }

        if (target < 0) {
            if (e.action != IngestAction::Trigger) {
                // Nothing open to acknowledge, resolve or update: kept, held by none.
                unheld.append(row(e, key, u"ignored"_s));
                p.result.outcome = u"ignored"_s;
                changeOfEvent.insert(e.eventId, -1);
                pending.append(p);
                continue;
            }
            p.change = create(e, key);
            p.result.outcome = u"created"_s;
            changeOfEvent.insert(e.eventId, p.change);
            pending.append(p);
            continue;
        }

        IngestChange &c = changes[target];
        Incident &i = c.record.incident;
        // A re-fire after a resolve: a flap inside the window (the same
        // incident reopens), a new incident after it.
        if (e.action == IngestAction::Trigger && i.state == IncidentState::Resolved) {
            const QDateTime last = i.lastEventAt.isValid() ? i.lastEventAt : i.updatedAt;
            if (last.secsTo(now) > m_settings.flapWindowSeconds) {
                p.change = create(e, key);
                p.result.outcome = u"created"_s;
                changeOfEvent.insert(e.eventId, p.change);
                pending.append(p);
                continue;
            }
            ++i.flapCount;
            i.flapping = i.flapCount >= m_settings.flapThreshold;
            // The impact is back: the source's resolve (and the mitigation it
            // implied) no longer stands; a person's earlier mitigation does.
            if (i.mitigatedAt == i.resolvedAt)
                i.mitigatedAt = {};
            i.resolvedAt = {};
            // Back to where the triage had left it: its plan (never started) waits again.
            i.state = !c.record.plan.isEmpty() ? IncidentState::Planned
                : c.record.classification      ? IncidentState::Triaged
                                               : IncidentState::New;
            outcome = u"reopened"_s;
        }
        ++i.eventCount;
        i.lastEventAt = now;
        if (rank(e.priority) < rank(i.priority))
            i.priority = e.priority;
        QString auditType = u"incident.event"_s;
        bool audit = true;
        QString stillOpen; // a source resolve that does not resolve: why
        switch (e.action) {
        case IngestAction::Trigger:
        case IngestAction::Update:
            if (e.action == IngestAction::Trigger)
                i.sourceStatus = u"firing"_s;
            if (outcome == "reopened"_L1) {
                auditType = u"incident.reopened"_s;
            } else if (correlated) {
                outcome = u"correlated"_s;
                auditType = u"incident.correlated"_s;
            } else {
                outcome = u"deduplicated"_s;
                // The throttle is per alert group (its dedup key), not per
                // incident: two groups correlated into one incident each
                // keep their own timeline entries.
                QDateTime last = lastTimeline.value(key);
                if (!last.isValid())
                    last = m_lastTimeline.value(key);
                audit = !(last.isValid() && last.msecsTo(now) < m_settings.throttleSeconds * 1000);
                if (!audit) {
                    outcome = u"throttled"_s;
                    GroupThrottle &t = throttled[key];
                    t.source = e.source;
                    ++t.events;
                }
            }
            break;
        case IngestAction::Acknowledge:
            i.sourceStatus = u"acknowledged"_s;
            outcome = u"acknowledged"_s;
            auditType = u"incident.source_acknowledged"_s;
            break;
        case IngestAction::Resolve: {
            // The source may resolve what no person has taken up yet (the
            // triage's plan may wait, untouched); once people act on it, or
            // while it flaps, they decide.
            const QString acted = i.flapping ? u"it is flapping"_s : peopleActed(c.record);
            i.sourceStatus = u"resolved"_s;
            if (acted.isEmpty()) {
                i.state = IncidentState::Resolved;
                // The response times count it (the alert cleared: the impact is gone too).
                i.resolvedAt = now;
                if (!i.mitigatedAt.isValid())
                    i.mitigatedAt = now;
                outcome = u"resolved"_s;
                auditType = u"incident.resolved"_s;
            } else {
                outcome = u"source_resolved"_s;
                auditType = u"incident.source_resolved"_s;
                stillOpen = acted;
            }
            break;
        }
        }
        if (correlated || !c.dedupKeys.contains(key)) {
            if (!c.dedupKeys.contains(key))
                c.dedupKeys.append(key);
        }
        if (audit) {
            AuditDraft d = timelineDraft(auditType, e, outcome, i);
            if (outcome == "resolved"_L1) {
                d.payload.insert(u"summary"_s, u"resolved by the source (%1)"_s.arg(e.source));
                d.payload.insert(u"reason"_s,
                                 u"%1 reported it resolved before anyone acted on it "
                                 "(no step started, no approval given)"_s.arg(e.source));
            }
            if (outcome == "source_resolved"_L1)
                d.payload.insert(
                    u"reason"_s,
                    u"%1 reports it resolved; it stays open for people to decide: %2"_s.arg(e.source, stillOpen));
            if (outcome == "reopened"_L1) {
                d.payload.insert(u"flap_count"_s, i.flapCount);
                d.payload.insert(u"flapping"_s, i.flapping);
            }
            c.audit.append(d);
            lastTimeline.insert(key, now);
        }
        if (correlated && !e.service.isEmpty())
            changeOfService.insert(e.service, target);
        changeOfKey.insert(key, target);
        c.events.append(row(e, key, outcome));
        p.change = target;
        p.result.outcome = outcome;
        changeOfEvent.insert(e.eventId, target);
        pending.append(p);
    }

    // Changes that only counted throttled events still save the counter. An
    // all-duplicate batch commits nothing but is still authorised.
    {
        QList<IngestChange> toCommit;
        QHash<int, int> committedIndex;
        for (int k = 0; k < changes.size(); ++k) {
            if (changes.at(k).create || !changes.at(k).events.isEmpty()) {
                committedIndex.insert(k, int(toCommit.size()));
                toCommit.append(changes.at(k));
            }
        }
        for (IngestChange &c : toCommit) {
            if (!c.create)
                c.record.incident.updatedAt = now;
        }
        if (Status s = m_coordinator.commitIngest(actor, toCommit, unheld, commit == Commit::Durable); !s)
            return s.error();
        for (auto it = committedIndex.constBegin(); it != committedIndex.constEnd(); ++it)
            changes[it.key()] = toCommit.at(it.value());
    }

    QList<IngestResult> results;
    results.reserve(pending.size());
    for (Pending &p : pending) {
        if (p.change >= 0)
            p.result.incidentId = changes.at(p.change).record.incident.id;
        results.append(p.result);
    }
    for (auto it = lastTimeline.constBegin(); it != lastTimeline.constEnd(); ++it)
        m_lastTimeline.insert(it.key(), it.value());
    // What was just committed is what is stored, until someone else saves it.
    if (m_records.size() > kMaxCachedRecords)
        m_records.clear();
    for (const IngestChange &c : std::as_const(changes)) {
        if (c.record.incident.id > 0 && isOpen(c.record.incident.state))
            m_records.insert(c.record.incident.id, c.record);
        else
            m_records.remove(c.record.incident.id);
    }
    for (int k = 0; k < changes.size(); ++k) {
        const Incident &i = changes.at(k).record.incident;
        if (!i.service.isEmpty() && isOpen(i.state) && m_settings.correlationWindowSeconds > 0)
            m_services.insert(i.service, ServiceSeen {i.id, now});
    }
    for (auto it = throttled.constBegin(); it != throttled.constEnd(); ++it) {
        const int c = changeOfKey.value(it.key(), -1);
        if (c < 0)
            continue;
        GroupThrottle &g = m_throttledGroups[it.key()];
        g.source = it->source;
        g.incidentId = changes.at(c).record.incident.id;
        g.events += it->events;
    }
    if (m_lastTimeline.size() > 200000)
        m_lastTimeline.clear(); // a throttle that forgets is fine; unbounded memory is not
    if (m_services.size() > 100000)
        m_services.clear();
    if (m_throttledGroups.size() > kMaxThrottledGroups)
        pruneThrottledGroups();
    for (qsizetype k = 0; k < events.size(); ++k)
        m_counters[events.at(k).source + u'|' + results.at(k).outcome] += 1;
    return results;
}

Expected<QJsonObject> Ingestor::event(const QString &eventId)
{
    Expected<QHash<QString, IngestedEvent>> found = m_coordinator.store().ingestedEvents({eventId});
    if (!found)
        return found.error();
    if (!found->contains(eventId))
        return Error {ErrorCode::NotFound, u"no event \"%1\""_s.arg(eventId)};
    const IngestedEvent e = found->value(eventId);
    QJsonObject json = e.toJson();
    if (e.incidentId > 0) {
        Expected<IncidentRecord> rec = m_coordinator.incident(e.incidentId);
        if (!rec)
            return rec.error();
        json.insert(u"incident"_s, Coordinator::summaryJson(*rec));
    } else {
        json.insert(u"incident"_s, QJsonValue());
    }
    return json;
}

QList<QPair<QString, Ingestor::GroupThrottle>> Ingestor::topThrottledGroups(int n) const
{
    QList<QPair<QString, GroupThrottle>> all;
    all.reserve(m_throttledGroups.size());
    for (auto it = m_throttledGroups.constBegin(); it != m_throttledGroups.constEnd(); ++it)
        all.append({it.key(), it.value()});
    const auto busier = [](const QPair<QString, GroupThrottle> &a, const QPair<QString, GroupThrottle> &b) {
        return a.second.events != b.second.events ? a.second.events > b.second.events : a.first < b.first;
    };
    if (all.size() > n) {
        std::partial_sort(all.begin(), all.begin() + n, all.end(), busier);
        all.resize(n);
    } else {
        std::sort(all.begin(), all.end(), busier);
    }
    return all;
}

void Ingestor::pruneThrottledGroups()
{
    const QList<QPair<QString, GroupThrottle>> keep = topThrottledGroups(int(kMaxThrottledGroups / 10));
    m_throttledGroups.clear();
    for (const auto &[key, group] : keep)
        m_throttledGroups.insert(key, group);
}

QByteArray Ingestor::metricsText() const
{
    QByteArray out = "# HELP warroom_ingest_events_total Ingested events by source and outcome "
                     "(created, deduplicated, throttled, correlated, reopened, resolved, source_resolved, "
                     "acknowledged, ignored, duplicate).\n"
                     "# TYPE warroom_ingest_events_total counter\n";
    for (auto it = m_counters.constBegin(); it != m_counters.constEnd(); ++it) {
        const qsizetype bar = it.key().indexOf(u'|');
        out += "warroom_ingest_events_total{source=\"" + it.key().left(bar).toUtf8() + "\",outcome=\""
            + it.key().mid(bar + 1).toUtf8() + "\"} " + QByteArray::number(it.value()) + '\n';
    }
    // The busiest alert groups only: a label per group would let a storm of
    // distinct groups blow up the scrape.
    out += "# HELP warroom_ingest_throttled_group_events_total Events the throttle folded into an alert group's "
           "incident, for the "
        + QByteArray::number(kTopThrottledGroups)
        + " busiest groups (group: the dedup key).\n"
          "# TYPE warroom_ingest_throttled_group_events_total counter\n";
    for (const auto &[key, group] : topThrottledGroups(kTopThrottledGroups)) {
        out += "warroom_ingest_throttled_group_events_total{source=\"" + labelValue(group.source) + "\",group=\""
            + labelValue(key) + "\",incident=\"INC-" + QByteArray::number(group.incidentId) + "\"} "
            + QByteArray::number(group.events) + '\n';
    }
    out += "# HELP warroom_ingest_throttled_groups Alert groups the throttle has folded events into since start.\n"
           "# TYPE warroom_ingest_throttled_groups gauge\nwarroom_ingest_throttled_groups "
        + QByteArray::number(m_throttledGroups.size()) + '\n';
    return out;
}

} // namespace warroom
