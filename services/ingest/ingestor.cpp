#include "ingestor.h"

#include "jsonreader.h"

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

} // namespace

Ingestor::Ingestor(Coordinator &coordinator, const IngestSettings &settings, QObject *parent)
    : QObject(parent)
    , m_coordinator(coordinator)
    , m_settings(settings)
{ }

Expected<QList<IngestResult>> Ingestor::ingest(const User &actor, const QList<IngestEvent> &events)
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
    QHash<int, QDateTime> lastTimeline; // change -> last audited event in this batch

    auto loadChange = [&](qint64 id) -> Expected<int> {
        if (auto it = changeOfIncident.constFind(id); it != changeOfIncident.constEnd())
            return *it;
        Expected<IncidentRecord> rec = store.incident(id);
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
        return AuditDraft {actor.name,
                           i.id,
                           type,
                           {{u"event_id"_s, e.eventId},
                            {u"source"_s, e.source},
                            {u"action"_s, toString(e.action)},
                            {u"outcome"_s, outcome},
                            {u"event_count"_s, i.eventCount},
                            {u"source_status"_s, i.sourceStatus}}};
    };
    auto create = [&](const IngestEvent &e, const QString &key) {
        IngestChange c;
        c.create = true;
        Incident &i = c.record.incident;
        i.title = e.title;
        i.description = e.description;
        i.service = e.service;
        i.priority = e.priority;
        i.source = e.source;
        i.externalId = e.externalId;
        i.labels = e.labels;
        i.reportedBy = actor.name;
        i.state = IncidentState::New;
        i.eventCount = 1;
        i.sourceStatus = u"firing"_s;
        i.lastEventAt = now;
        QJsonObject content = i.toJson();
        for (const QString &k : {u"id"_s, u"key"_s, u"created_at"_s, u"updated_at"_s})
            content.remove(k);
        c.dedupKeys.append(key);
        c.events.append(row(e, key, u"created"_s));
        c.audit.append(AuditDraft {
            actor.name,
            0,
            u"incident.created"_s,
            {{u"incident"_s, content}, {u"dedup_key"_s, key}, {u"event_id"_s, e.eventId}, {u"source"_s, e.source}}});
        changes.append(std::move(c));
        const int index = int(changes.size() - 1);
        changeOfKey.insert(key, index);
        if (!e.service.isEmpty())
            changeOfService.insert(e.service, index);
        lastTimeline.insert(index, now);
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
            i.state = c.record.classification ? IncidentState::Triaged : IncidentState::New;
            outcome = u"reopened"_s;
        }
        ++i.eventCount;
        i.lastEventAt = now;
        if (rank(e.priority) < rank(i.priority))
            i.priority = e.priority;
        QString auditType = u"incident.event"_s;
        bool audit = true;
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
                QDateTime last = lastTimeline.value(target);
                if (!last.isValid())
                    last = m_lastTimeline.value(i.id);
                audit = !(last.isValid() && last.msecsTo(now) < m_settings.throttleSeconds * 1000);
                if (!audit)
                    outcome = u"throttled"_s;
            }
            break;
        case IngestAction::Acknowledge:
            i.sourceStatus = u"acknowledged"_s;
            outcome = u"acknowledged"_s;
            auditType = u"incident.source_acknowledged"_s;
            break;
        case IngestAction::Resolve:
            i.sourceStatus = u"resolved"_s;
            // The source may resolve what no person has taken up yet; once
            // people work on it, or while it flaps, they decide.
            if (!i.flapping && (i.state == IncidentState::New || i.state == IncidentState::Triaged)) {
                i.state = IncidentState::Resolved;
                outcome = u"resolved"_s;
                auditType = u"incident.resolved"_s;
            } else {
                outcome = u"source_resolved"_s;
                auditType = u"incident.source_resolved"_s;
            }
            break;
        }
        if (correlated || !c.dedupKeys.contains(key)) {
            if (!c.dedupKeys.contains(key))
                c.dedupKeys.append(key);
        }
        if (audit) {
            AuditDraft d = timelineDraft(auditType, e, outcome, i);
            if (outcome == "resolved"_L1)
                d.payload.insert(u"summary"_s, u"resolved by the source (%1)"_s.arg(e.source));
            if (outcome == "reopened"_L1) {
                d.payload.insert(u"flap_count"_s, i.flapCount);
                d.payload.insert(u"flapping"_s, i.flapping);
            }
            c.audit.append(d);
            lastTimeline.insert(target, now);
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
        if (Status s = m_coordinator.commitIngest(actor, toCommit, unheld); !s)
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
    for (int k = 0; k < changes.size(); ++k) {
        const Incident &i = changes.at(k).record.incident;
        if (lastTimeline.contains(k))
            m_lastTimeline.insert(i.id, lastTimeline.value(k));
        if (!i.service.isEmpty() && isOpen(i.state) && m_settings.correlationWindowSeconds > 0)
            m_services.insert(i.service, ServiceSeen {i.id, now});
    }
    if (m_lastTimeline.size() > 200000)
        m_lastTimeline.clear(); // a throttle that forgets is fine; unbounded memory is not
    if (m_services.size() > 100000)
        m_services.clear();
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
    return out;
}

} // namespace warroom
