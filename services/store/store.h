#pragma once

#include "auditevent.h"
#include "execution.h"
#include "incidentrecord.h"
#include "result.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace warroom {

/// An audit event to append: the store assigns seq, time and the hashes.
struct AuditDraft
{
    QString actor;
    qint64 incidentId = 0; ///< 0: filled with the new incident's id on create
    QString type;
    QJsonObject payload;
    /// The canonical payload (AuditEvent::canonicalPayload) when the caller
    /// wrote it directly; then `payload` may be left empty. Used by the
    /// stores' ingestion commit.
    QByteArray encodedPayload {};
};

/// Filters and paging for listing incidents.
struct IncidentFilter
{
    QString state;
    QString service;
    QString source;
    int limit = 50;
    int offset = 0;
};

struct IncidentPage
{
    qint64 total = 0;
    QList<IncidentRecord> items;
};

/// The outcome of walking the audit chain.
struct AuditVerification
{
    bool intact = true;
    qint64 records = 0;
    qint64 firstBrokenSeq = 0; ///< 0 when intact
    QString reason;
    QString headHash;

    QJsonObject toJson() const;
};

/// The result of submitting an incident: the record and whether it is new.
struct Submission
{
    IncidentRecord record;
    bool created = false;
};

/// One incident change of a batch: the new record, the updatedAt it was
/// read with, and the events that record the change, in order.
struct IncidentSave
{
    IncidentRecord record;
    QDateTime expectedUpdatedAt;
    QList<AuditDraft> events;
    /// Set by saveIncidents(): empty when stored, else why not (a Conflict
    /// when someone else changed the incident meanwhile).
    std::optional<Error> error;
};

/// An IncidentSave its caller has encoded already (off the store's thread):
/// the record as compact JSON (what record.toJson() encodes to, its
/// updatedAt already past expectedUpdatedAt) and each event's canonical
/// payload, in order. Empty: the store encodes.
struct EncodedSave
{
    QByteArray doc;
    QList<QByteArray> payloads;
};

/// One ingested event as stored: which incident holds it and what became of
/// it ("created", "deduplicated", "correlated", "throttled", "resolved",
/// "acknowledged", "reopened", "ignored"). incidentId 0: held by none
/// (a resolve for nothing open).
struct IngestedEvent
{
    QString eventId;
    qint64 incidentId = 0;
    QString source;
    QString dedupKey;
    QString outcome;
    QDateTime receivedAt;

    QJsonObject toJson() const;
};

/// One incident an ingestion batch creates or updates, with the events it
/// now holds, the dedup keys that name it and its audit events. Committed
/// together with the rest of the batch in one transaction.
struct IngestChange
{
    IncidentRecord record; ///< the new or updated record
    bool create = false;
    QDateTime expectedUpdatedAt; ///< updates: the optimistic lock
    QStringList dedupKeys; ///< (re)mapped to this incident
    QList<IngestedEvent> events; ///< incidentId filled on commit
    QList<AuditDraft> audit; ///< incidentId 0 is filled on commit
};

/// When one incident was acknowledged, mitigated and resolved, and what it
/// was: a row of the response-time metrics.
struct ResponseTimes
{
    QString severity; ///< declared, else proposed ("SEV2"), else "unknown"
    QString category;
    bool drill = false;
    QDateTime created;
    QDateTime acknowledged;
    QDateTime mitigated;
    QDateTime resolved;
};

/// Persistence of incidents, evidence, settings and the audit chain.
///
/// Every mutating call takes the audit event that records it and writes
/// both in one transaction: either both are stored or neither is.
class Store
{
public:
    virtual ~Store() = default;

    /// Opens the database and applies pending migrations.
    virtual Status open() = 0;
    virtual int schemaVersion() const = 0;

    /// Stores a new incident, unless `dedupKey` (Idempotency-Key or
    /// external id) already names one: then that one is returned. A key
    /// reused with a different `requestHash` is a Conflict.
    virtual Expected<Submission> submitIncident(IncidentRecord record, const QString &dedupKey,
                                                const QString &requestHash, AuditDraft event)
        = 0;
    /// Replaces an incident's record. `expectedUpdatedAt` guards against a
    /// concurrent writer (optimistic locking): a mismatch is a Conflict. The
    /// record's updatedAt is moved past `expectedUpdatedAt` if it is not already.
    virtual Status saveIncident(IncidentRecord &record, const QDateTime &expectedUpdatedAt, const AuditDraft &event)
        = 0;
    /// Saves many incident changes in one transaction (one fsync). An item
    /// whose incident changed meanwhile is skipped with its `error` set and
    /// none of its events; the others are stored. Fails as a whole only when
    /// the database does.
    virtual Status saveIncidents(QList<IncidentSave> &saves) = 0;
    /// The same with what the caller encoded already (`encoded[i]` for
    /// `saves[i]`; missing or empty: encoded here). By default it encodes all.
    virtual Status saveIncidents(QList<IncidentSave> &saves, const QList<EncodedSave> &encoded);
    virtual Expected<IncidentRecord> incident(qint64 id) = 0;
    virtual Expected<IncidentPage> incidents(const IncidentFilter &filter) = 0;
    virtual Expected<qint64> incidentCount() = 0;

    virtual Expected<Evidence> addEvidence(Evidence evidence, const AuditDraft &event) = 0;
    virtual Expected<QList<Evidence>> evidence(qint64 incidentId) = 0;

    virtual Expected<std::optional<QString>> setting(const QString &key) = 0;
    /// Sets (or with an empty optional, removes) a setting together with its event.
    virtual Status setSetting(const QString &key, const std::optional<QString> &value, const AuditDraft &event) = 0;

    /// The settings whose key starts with `prefix`, by key.
    virtual Expected<QList<QPair<QString, QString>>> settings(const QString &prefix) = 0;
    /// Incidents with an open task due at or before `by` that was not
    /// escalated for that due time yet, the earliest first.
    virtual Expected<QList<qint64>> incidentsWithTasksDue(const QDateTime &by) = 0;
    /// Every incident that was acknowledged, mitigated or resolved.
    virtual Expected<QList<ResponseTimes>> responseTimes() = 0;

    /// Appends an event that goes with no other change.
    virtual Expected<AuditEvent> appendAudit(const AuditDraft &event) = 0;
    /// Audit events in order; `incidentId` 0 for all. `afterSeq` pages.
    virtual Expected<QList<AuditEvent>> auditEvents(qint64 incidentId, qint64 afterSeq, int limit) = 0;
    /// Walks the whole chain.
    virtual Expected<AuditVerification> verifyAudit() = 0;

    // Ingestion (services/ingest). A store without it answers Unavailable.
    /// The stored events among `eventIds` (dedup on the event id).
    virtual Expected<QHash<QString, IngestedEvent>> ingestedEvents(const QStringList &eventIds);
    /// The incident a dedup key names, or 0.
    virtual Expected<qint64> ingestKeyIncident(const QString &dedupKey);
    /// Commits a whole ingestion batch in one transaction: new incidents get
    /// their ids and times, updates are checked against expectedUpdatedAt.
    /// `durable`: on disk when it returns, even across a power loss (the
    /// stream acknowledges an entry after this, and Redis then forgets it).
    virtual Status commitIngest(QList<IngestChange> &changes, const QList<IngestedEvent> &unheld, bool durable);
};

} // namespace warroom
