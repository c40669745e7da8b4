#pragma once

#include "store.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <array>
#include <memory>
#include <unordered_map>

namespace warroom {

class WalCheckpointer;

/// The Store on SQLite: WAL, foreign keys, forward-only versioned migrations.
/// One instance owns one connection and is used from one thread.
class SqliteStore final : public Store
{
public:
    /// `path` is the database file; ":memory:" works for tests.
    explicit SqliteStore(QString path);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore &) = delete;
    SqliteStore &operator=(const SqliteStore &) = delete;

    Status open() override;
    int schemaVersion() const override { return m_schemaVersion; }
    /// The migrations this build knows, newest last.
    static int latestSchemaVersion();

    Expected<Submission> submitIncident(IncidentRecord record, const QString &dedupKey, const QString &requestHash,
                                        AuditDraft event) override;
    Status saveIncident(IncidentRecord &record, const QDateTime &expectedUpdatedAt, const AuditDraft &event) override;
    Status saveIncidents(QList<IncidentSave> &saves) override;
    Status saveIncidents(QList<IncidentSave> &saves, const QList<EncodedSave> &encoded) override;
    Expected<IncidentRecord> incident(qint64 id) override;
    Expected<IncidentPage> incidents(const IncidentFilter &filter) override;
    Expected<qint64> incidentCount() override;

    Expected<Evidence> addEvidence(Evidence evidence, const AuditDraft &event) override;
    Expected<QList<Evidence>> evidence(qint64 incidentId) override;

    Expected<std::optional<QString>> setting(const QString &key) override;
    Status setSetting(const QString &key, const std::optional<QString> &value, const AuditDraft &event) override;

    Expected<QList<QPair<QString, QString>>> settings(const QString &prefix) override;
    Expected<QList<qint64>> incidentsWithTasksDue(const QDateTime &by) override;
    Expected<QList<ResponseTimes>> responseTimes() override;

    Expected<AuditEvent> appendAudit(const AuditDraft &event) override;
    Expected<QList<AuditEvent>> auditEvents(qint64 incidentId, qint64 afterSeq, int limit) override;
    Expected<AuditVerification> verifyAudit() override;

    Expected<QHash<QString, IngestedEvent>> ingestedEvents(const QStringList &eventIds) override;
    Expected<qint64> ingestKeyIncident(const QString &dedupKey) override;
    Status commitIngest(QList<IngestChange> &changes, const QList<IngestedEvent> &unheld, bool durable) override;

    /// Verifies the audit chain of a database file without changing it: opened
    /// read-only, no migrations. InvalidInput when it is no warroom database.
    static Expected<AuditVerification> verifyAuditFile(const QString &path);

    /// Appends many events in one transaction (benchmarks, imports).
    Status appendAuditBatch(const QList<AuditDraft> &events);

private:
    class Transaction;
    /// Moves the cached chain head once a transaction with an event commits.
    struct HeadGuard
    {
        SqliteStore *store;
        void accept(const AuditEvent &e) const
        {
            store->m_headSeq = e.seq;
            store->m_headHash = e.hash;
            store->m_lastTime = e.time;
        }
    };

    Status migrate();
    Status exec(const QString &sql);
    /// A prepared statement, prepared once per connection and reused.
    QSqlQuery &statement(const QString &sql);
    /// Binds `values` by position and executes.
    static bool run(QSqlQuery &query, std::initializer_list<QVariant> values);
    Expected<AuditEvent> appendInTransaction(const AuditDraft &draft);
    /// The optimistic-locked UPDATE of one record; false when it changed meanwhile.
    Expected<bool> updateIncidentRow(IncidentRecord &record, const QDateTime &expectedUpdatedAt);
    /// The columns kept beside the record for lookups (severity, category,
    /// drill, response times, the next task deadline), as bound.
    struct DerivedColumns
    {
        QVariant severity, category, drill, acknowledgedAt, mitigatedAt, resolvedAt, taskDueAt;
    };
    static DerivedColumns derivedColumns(const IncidentRecord &record);
    /// A new row's derived columns (none to write when it has none yet).
    bool writeDerivedColumns(const IncidentRecord &record);
    /// The incidents row's columns besides id, times and doc: state, service,
    /// source, priority, then the derived ones.
    using RowColumns = std::array<QVariant, 11>;
    static RowColumns rowColumns(const IncidentRecord &record);
    /// The optimistic-locked UPDATE of a record with `doc`, its derived
    /// columns in the same statement; false when it changed meanwhile. Given
    /// the columns the row holds (`before`), sets only those that change;
    /// `written` gets the columns it holds after.
    Expected<bool> updateRow(const IncidentRecord &record, const QByteArray &doc, const QDateTime &expectedUpdatedAt,
                             const RowColumns *before = nullptr, RowColumns *written = nullptr);
    /// saveIncidents() for an item the caller encoded already.
    Expected<bool> updateEncodedRow(const IncidentSave &save, const QByteArray &doc);
    Expected<AuditEvent> appendEncoded(const AuditDraft &draft, const QByteArray &payload);
    /// Writes the cached head (m_headSeq, m_headHash) to audit_head.
    Status storeHead();
    /// A record's JSON around its incident as commitIngest last wrote it:
    /// an ingested event changes only the incident, so the rest (a triaged
    /// record's plan, matches and classification, most of its bytes) is
    /// reused while it is what the record still holds.
    struct DocPieces
    {
        QDateTime updatedAt;
        std::optional<Classification> classification;
        QList<KnowledgeMatch> matches;
        Plan plan;
        QList<Approval> approvals;
        QList<ExecutionRun> runs;
        PostmortemNotes postmortem;
        QList<StatusUpdate> statusUpdates;
        QByteArray before; ///< up to and including "incident":
        QByteArray after; ///< from ,"matches": to the end
        std::optional<RowColumns> columns; ///< as an UPDATE left them (not kept for a new row)
    };
    /// compact(record.toJson()), from pieces where it can; the pieces of
    /// what it encodes go to `written`.
    QByteArray encodeIngestDoc(const IncidentRecord &record, const QDateTime &expectedUpdatedAt, DocPieces &written);
    QHash<qint64, DocPieces> m_docPieces;
    Error sqlError(const QString &what, const QSqlQuery &query) const;
    QDateTime now() const;

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
    int m_schemaVersion = 0;
    qint64 m_headSeq = 0;
    QString m_headHash;
    QDateTime m_lastTime;
};

} // namespace warroom
