#include "sqlitestore.h"

#include "compactjson.h"

#include "jsonlist.h"
#include "jsonreader.h"
#include "sha256.h"
#include "walcheckpointer.h"

#include <QCoreApplication>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlRecord>
#include <QUuid>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

// Forward-only migrations: index + 1 is the schema version. Never edit a
// released entry; append a new one.
const char *const kMigrations[] = {
    // 1: incidents, evidence, settings, the audit chain
    R"sql(
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dedup_key TEXT,
    request_hash TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    service TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE UNIQUE INDEX incidents_dedup ON incidents(dedup_key) WHERE dedup_key IS NOT NULL;
CREATE INDEX incidents_state ON incidents(state);
CREATE INDEX incidents_service ON incidents(service);
CREATE INDEX incidents_source ON incidents(source);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    step_id TEXT NOT NULL DEFAULT '',
    run_id TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX evidence_incident ON evidence(incident_id);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    actor TEXT NOT NULL,
    incident_id INTEGER NOT NULL DEFAULT 0,
    type TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_incident ON audit(incident_id, seq);
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql",
    // 2: ingested events (each traceable to the incident holding it) and the
    // dedup keys of monitoring sources
    R"sql(
CREATE TABLE ingest_events (
    event_id TEXT PRIMARY KEY,
    incident_id INTEGER REFERENCES incidents(id),
    source TEXT NOT NULL,
    dedup_key TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL,
    received_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE ingest_keys (
    dedup_key TEXT PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 3: what the coordinator looks things up by without decoding records:
    // tasks coming due, and the response times behind the metrics
    R"sql(
ALTER TABLE incidents ADD COLUMN severity TEXT;
ALTER TABLE incidents ADD COLUMN category TEXT;
ALTER TABLE incidents ADD COLUMN drill TEXT;
ALTER TABLE incidents ADD COLUMN acknowledged_at TEXT;
ALTER TABLE incidents ADD COLUMN mitigated_at TEXT;
ALTER TABLE incidents ADD COLUMN resolved_at TEXT;
ALTER TABLE incidents ADD COLUMN task_due_at TEXT;
CREATE INDEX incidents_task_due ON incidents(task_due_at) WHERE task_due_at IS NOT NULL;
CREATE INDEX incidents_response ON incidents(severity, category, drill, created_at, acknowledged_at, mitigated_at,
    resolved_at) WHERE acknowledged_at IS NOT NULL OR mitigated_at IS NOT NULL OR resolved_at IS NOT NULL;
)sql",
};

const QString kDerivedColumnsSql = QStringLiteral("UPDATE incidents SET severity = ?, category = ?, drill = ?, "
                                                  "acknowledged_at = ?, mitigated_at = ?, resolved_at = ?, "
                                                  "task_due_at = ? WHERE id = ?");

QString isoNow(const QDateTime &t)
{
    return toIsoTime(t);
}

/// Reads "seq, time, actor, incident_id, type, payload (as its bytes), prev_hash, hash".
AuditEvent auditEventFromRow(const QSqlQuery &q)
{
    AuditEvent e;
    e.seq = q.value(0).toLongLong();
    e.time = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
    e.actor = q.value(2).toString();
    e.incidentId = q.value(3).toLongLong();
    e.type = q.value(4).toString();
    e.payload = q.value(5).toByteArray();
    e.prevHash = q.value(6).toString();
    e.hash = q.value(7).toString();
    return e;
}

Expected<IncidentRecord> decodeRecord(qint64 id, const QByteArray &doc)
{
    Expected<IncidentRecord> rec = IncidentRecord::fromJson(QJsonDocument::fromJson(doc).object());
    if (!rec)
        return Error {ErrorCode::Internal,
                      u"stored incident INC-%1 is unreadable: %2"_s.arg(QString::number(id), rec.error().message)};
    rec->incident.id = id;
    return rec;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Expected<AuditVerification> verifyAuditChain(QSqlDatabase &db)
{
    AuditVerification v;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT seq, time, actor, incident_id, type, CAST(payload AS BLOB), prev_hash, hash FROM audit "
                "ORDER BY rowid"_s))
        return Error {ErrorCode::Internal, u"reading the audit log: "_s + q.lastError().text()};
    QString expectedPrev = QString(kGenesisHash);
    qint64 expectedSeq = 1;
    auto broken = [&](qint64 seq, const QString &why) {
        v.intact = false;
        v.firstBrokenSeq = seq;
        v.reason = why;
        return v;
    };
    while (q.next()) {
        const qint64 seq = q.value(0).toLongLong();
        const QString prevHash = q.value(6).toString();
        const QString hash = q.value(7).toString();
        if (seq != expectedSeq)
            return broken(expectedSeq,
                          seq > expectedSeq ? u"record %1 is missing (the next one is %2)"_s.arg(expectedSeq).arg(seq)
                                            : u"record %1 is out of order"_s.arg(seq));
        if (prevHash != expectedPrev)
            return broken(seq, u"record %1 does not follow the record before it (prev_hash mismatch)"_s.arg(seq));
        // The time is hashed as stored: no parse and re-format per record.
        const QByteArray canonical
            = AuditEvent::canonicalOf(q.value(2).toString(), q.value(3).toLongLong(), q.value(5).toByteArray(), seq,
                                      q.value(1).toString(), q.value(4).toString());
        if (AuditEvent::chainHash(prevHash, canonical) != hash)
            return broken(seq, u"record %1 was altered (its hash does not match its content)"_s.arg(seq));
        expectedPrev = hash;
        ++expectedSeq;
        ++v.records;
    }
    QSqlQuery head(db);
    if (!head.exec(u"SELECT seq, hash FROM audit_head WHERE id = 1"_s))
        return Error {ErrorCode::Internal, u"reading the audit head: "_s + head.lastError().text()};
    if (head.next()) {
        const qint64 headSeq = head.value(0).toLongLong();
        if (v.records < headSeq)
            return broken(
                v.records + 1,
                u"the log ends at record %1 but its head says %2: records were removed from the end"_s.arg(v.records)
                    .arg(headSeq));
        if (v.records > headSeq)
            return broken(
                headSeq + 1,
                u"record %1 follows the head (record %2): it was added without the head moving"_s.arg(headSeq + 1)
                    .arg(headSeq));
        if (head.value(1).toString() != expectedPrev)
            return broken(
                v.records,
                u"record %1 does not match the head's hash: the end of the log was rewritten"_s.arg(v.records));
    } else if (v.records > 0) {
        return broken(1, u"the audit head is missing"_s);
    }
    // Every stored incident was created by a recorded event: a log emptied
    // wholesale (chain and head together) still leaves its incidents behind.
    QSqlQuery orphans(db);
    if (orphans.exec(u"SELECT MIN(id) FROM incidents WHERE id NOT IN "
                     "(SELECT incident_id FROM audit WHERE type = 'incident.created')"_s)
        && orphans.next() && !orphans.value(0).isNull())
        return broken(
            v.records + 1,
            u"INC-%1 has no incident.created record: records were removed"_s.arg(orphans.value(0).toLongLong()));
    v.headHash = expectedPrev;
    return v;
}

} // namespace

QJsonObject IngestedEvent::toJson() const
{
    return {{u"event_id"_s, eventId}, {u"incident_id"_s, incidentId > 0 ? QJsonValue(incidentId) : QJsonValue()},
            {u"source"_s, source},    {u"dedup_key"_s, dedupKey},
            {u"outcome"_s, outcome},  {u"received_at"_s, toIsoTime(receivedAt)}};
}

Expected<QHash<QString, IngestedEvent>> Store::ingestedEvents(const QStringList &)
{
    return Error {ErrorCode::Unavailable, u"this store does not keep ingested events"_s};
}

Expected<qint64> Store::ingestKeyIncident(const QString &)
{
    return Error {ErrorCode::Unavailable, u"this store does not keep ingested events"_s};
}

Status Store::commitIngest(QList<IngestChange> &, const QList<IngestedEvent> &, bool)
{
    return Error {ErrorCode::Unavailable, u"this store does not keep ingested events"_s};
}

/// RAII transaction: rolls back unless committed.
class SqliteStore::Transaction
{
public:
    explicit Transaction(QSqlDatabase &db)
        : m_db(db)
        , m_active(db.transaction())
    { }
    ~Transaction()
    {
        if (m_active)
            m_db.rollback();
    }
    bool active() const { return m_active; }
    bool commit()
    {
        if (!m_active)
            return false;
        m_active = false;
        return m_db.commit();
    }

private:
    QSqlDatabase &m_db;
    bool m_active;
};

QJsonObject AuditVerification::toJson() const
{
    QJsonObject json {{u"intact"_s, intact}, {u"records"_s, records}, {u"head_hash"_s, headHash}};
    if (!intact) {
        json.insert(u"first_broken_seq"_s, firstBrokenSeq);
        json.insert(u"reason"_s, reason);
    }
    return json;
}

SqliteStore::SqliteStore(QString path)
    : m_path(std::move(path))
    , m_connectionName(u"warroom-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

SqliteStore::~SqliteStore()
{
    m_checkpointer.reset();
    m_statements.clear();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

int SqliteStore::latestSchemaVersion()
{
    return int(std::size(kMigrations));
}

Error SqliteStore::sqlError(const QString &what, const QSqlQuery &query) const
{
    return Error {ErrorCode::Internal, u"%1: %2"_s.arg(what, query.lastError().text())};
}

QDateTime SqliteStore::now() const
{
    // Audit time never goes backwards, even if the wall clock does.
    const QDateTime t = QDateTime::currentDateTimeUtc();
    return (m_lastTime.isValid() && t < m_lastTime) ? m_lastTime : t;
}

QSqlQuery &SqliteStore::statement(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        it = m_statements.emplace(sql, std::make_unique<QSqlQuery>(m_db)).first;
        it->second->setForwardOnly(true);
        it->second->prepare(sql);
    }
    return *it->second;
}

bool SqliteStore::run(QSqlQuery &query, std::initializer_list<QVariant> values)
{
    int i = 0;
    for (const QVariant &v : values)
        query.bindValue(i++, v);
    const bool ok = query.exec();
    return ok;
}

Status SqliteStore::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return sqlError(u"SQL failed"_s, q);
    return {};
}

Status SqliteStore::open()
{
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (m_path != ":memory:"_L1 && !QFileInfo::exists(m_path)) {
        // The database holds every incident: readable by its owner only.
        QFile create(m_path);
        if (create.open(QIODevice::WriteOnly))
            create.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    if (!m_db.open())
        return Error {ErrorCode::Unavailable, u"cannot open database %1: %2"_s.arg(m_path, m_db.lastError().text())};
    // A 64 MiB page cache (SQLite's default is 2 MiB): the ingest path reads
    // the indexes of events, keys and the audit on every correlated event,
    // and with the default those reads went back to the file (preads were a
    // twentieth of the webhook path's time).
    for (const QString &pragma :
         {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=NORMAL"_s, u"PRAGMA foreign_keys=ON"_s,
          u"PRAGMA temp_store=MEMORY"_s, u"PRAGMA wal_autocheckpoint=20000"_s, u"PRAGMA cache_size=-65536"_s}) {
        if (Status s = exec(pragma); !s)
            return s;
    }
    if (Status s = migrate(); !s)
        return s;
    if (m_path != ":memory:"_L1 && QCoreApplication::instance())
        m_checkpointer = std::make_unique<WalCheckpointer>(m_path);
    QSqlQuery head(m_db);
    if (!head.exec(u"SELECT seq, hash FROM audit_head WHERE id = 1"_s))
        return sqlError(u"reading the audit head"_s, head);
    if (head.next()) {
        m_headSeq = head.value(0).toLongLong();
        m_headHash = head.value(1).toString();
    } else {
        m_headSeq = 0;
        m_headHash = QString(kGenesisHash);
    }
    QSqlQuery last(m_db);
    if (last.exec(u"SELECT time FROM audit ORDER BY seq DESC LIMIT 1"_s) && last.next())
        m_lastTime = QDateTime::fromString(last.value(0).toString(), Qt::ISODateWithMs);
    return {};
}

Status SqliteStore::migrate()
{
    if (Status s = exec(u"CREATE TABLE IF NOT EXISTS schema_migrations ("
                        "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"_s);
        !s)
        return s;
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s) || !q.next())
        return sqlError(u"reading the schema version"_s, q);
    m_schemaVersion = q.value(0).toInt();
    if (m_schemaVersion > latestSchemaVersion())
        return Error {ErrorCode::Unavailable,
                      u"database %1 has schema version %2, newer than this warroom knows (%3)"_s.arg(
                          m_path, QString::number(m_schemaVersion), QString::number(latestSchemaVersion()))};
    for (int v = m_schemaVersion + 1; v <= latestSchemaVersion(); ++v) {
        Transaction tx(m_db);
        // QSqlQuery runs one statement at a time.
        const QStringList statements = QString::fromUtf8(kMigrations[v - 1]).split(u";\n"_s, Qt::SkipEmptyParts);
        QString pending;
        for (const QString &part : statements) {
            pending += part;
            // Keep trigger bodies (which contain ';') together.
            if (pending.contains(u"CREATE TRIGGER"_s) && !pending.contains(u"END"_s)) {
                pending += u";\n"_s;
                continue;
            }
            const QString sql = pending.trimmed();
            pending.clear();
            if (sql.isEmpty())
                continue;
            if (Status s = exec(sql); !s)
                return Error {ErrorCode::Internal,
                              u"migration %1 failed: %2"_s.arg(QString::number(v), s.error().message)};
        }
        QSqlQuery mark(m_db);
        mark.prepare(u"INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)"_s);
        mark.addBindValue(v);
        mark.addBindValue(isoNow(QDateTime::currentDateTimeUtc()));
        if (!mark.exec())
            return sqlError(u"recording migration"_s, mark);
        if (!tx.commit())
            return Error {ErrorCode::Internal, u"migration %1 did not commit"_s.arg(v)};
        m_schemaVersion = v;
    }
    return {};
}

Expected<AuditEvent> SqliteStore::appendInTransaction(const AuditDraft &draft)
{
    AuditEvent e;
    e.seq = m_headSeq + 1;
    e.time = now();
    e.actor = draft.actor;
    e.incidentId = draft.incidentId;
    e.type = draft.type;
    e.payload = AuditEvent::canonicalPayload(draft.payload);
    e.prevHash = m_headHash;
    e.hash = e.computeHash();

    QSqlQuery &q = statement(u"INSERT INTO audit(seq, time, actor, incident_id, type, payload, prev_hash, hash) "
                             "VALUES (?, ?, COALESCE(?, ''), ?, ?, CAST(? AS TEXT), ?, ?)"_s);
    if (!run(q, {e.seq, isoNow(e.time), e.actor, e.incidentId, e.type, e.payload, e.prevHash, e.hash}))
        return sqlError(u"appending to the audit log"_s, q);
    QSqlQuery &h = statement(u"INSERT INTO audit_head(id, seq, hash) VALUES (1, ?, ?) "
                             "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash"_s);
    if (!run(h, {e.seq, e.hash}))
        return sqlError(u"moving the audit head"_s, h);
    return e;
}

Expected<AuditEvent> SqliteStore::appendAudit(const AuditDraft &draft)
{
    Transaction tx(m_db);
    Expected<AuditEvent> e = appendInTransaction(draft);
    if (!e)
        return e.error();
    if (!tx.commit())
        return Error {ErrorCode::Internal, u"audit append did not commit"_s};
    m_headSeq = e->seq;
    m_headHash = e->hash;
    m_lastTime = e->time;
    return e;
}

Status SqliteStore::appendAuditBatch(const QList<AuditDraft> &events)
{
    const qint64 seq = m_headSeq;
    const QString hash = m_headHash;
    Transaction tx(m_db);
    for (const AuditDraft &d : events) {
        Expected<AuditEvent> e = appendInTransaction(d);
        if (!e) {
            m_headSeq = seq;
            m_headHash = hash;
            return e.error();
        }
        m_headSeq = e->seq;
        m_headHash = e->hash;
        m_lastTime = e->time;
    }
    if (!tx.commit()) {
        m_headSeq = seq;
        m_headHash = hash;
        return Error {ErrorCode::Internal, u"audit batch did not commit"_s};
    }
    return {};
}

Expected<Submission> SqliteStore::submitIncident(IncidentRecord record, const QString &dedupKey,
                                                 const QString &requestHash, AuditDraft event)
{
    if (!dedupKey.isEmpty()) {
        QSqlQuery &find = statement(u"SELECT id, request_hash FROM incidents WHERE dedup_key = ?"_s);
        if (!run(find, {dedupKey}))
            return sqlError(u"looking up the idempotency key"_s, find);
        if (find.next()) {
            const qint64 id = find.value(0).toLongLong();
            const QString storedHash = find.value(1).toString();
            find.finish();
            if (!requestHash.isEmpty() && storedHash != requestHash)
                return Error {ErrorCode::Conflict,
                              u"the idempotency key \"%1\" was used before with a different body (INC-%2)"_s.arg(
                                  dedupKey, QString::number(id))};
            Expected<IncidentRecord> existing = incident(id);
            if (!existing)
                return existing.error();
            return Submission {std::move(existing).value(), false};
        }
        find.finish();
    }
    const HeadGuard guard {this};
    Transaction tx(m_db);
    if (!tx.active())
        return Error {ErrorCode::Unavailable, u"the database is busy"_s};
    const QDateTime t = now();
    record.incident.createdAt = t;
    record.incident.updatedAt = t;
    record.incident.id = 0; // the row id is the incident id; the stored document does not repeat it
    QSqlQuery &ins = statement(u"INSERT INTO incidents(dedup_key, request_hash, state, service, source, priority, "
                               "created_at, updated_at, doc) VALUES (?, COALESCE(?, ''), ?, COALESCE(?, ''), "
                               "COALESCE(?, ''), COALESCE(?, ''), ?, ?, CAST(? AS TEXT))"_s);
    const QString time = isoNow(t);
    if (!run(ins,
             {dedupKey.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(dedupKey), requestHash,
              toString(record.incident.state), record.incident.service, record.incident.source,
              record.incident.priority, time, time, compact(record.toJson())}))
        return sqlError(u"storing the incident"_s, ins);
    record.incident.id = ins.lastInsertId().toLongLong();
    if (!writeDerivedColumns(record))
        return sqlError(u"storing the incident's derived columns"_s, statement(kDerivedColumnsSql));
    if (event.incidentId == 0)
        event.incidentId = record.incident.id;
    Expected<AuditEvent> e = appendInTransaction(event);
    if (!e)
        return e.error();
    if (!tx.commit())
        return Error {ErrorCode::Internal, u"the incident did not commit"_s};
    guard.accept(*e);
    return Submission {std::move(record), true};
}

Expected<bool> SqliteStore::updateIncidentRow(IncidentRecord &record, const QDateTime &expectedUpdatedAt)
{
    // The lock is on updated_at, so every save must move it forward, even
    // when the clock repeats a millisecond or steps back.
    if (!(record.incident.updatedAt > expectedUpdatedAt))
        record.incident.updatedAt = expectedUpdatedAt.addMSecs(1);
    return updateRow(record, compact(record.toJson()), expectedUpdatedAt);
}

Expected<bool> SqliteStore::updateRow(const IncidentRecord &record, const QByteArray &doc,
                                      const QDateTime &expectedUpdatedAt, const RowColumns *before, RowColumns *written)
{
    // One statement for the record and its derived columns: SQLite rewrites
    // the whole row (a triaged record is about 7 KiB) on every UPDATE, and
    // every index on a column it sets, changed or not. With the values the
    // row holds (`before`), only the columns that change are set: an
    // ingested repeat then writes one page of the table instead of four.
    static const char *const kColumns[]
        = {"state", "service",         "source",       "priority",    "severity",   "category",
           "drill", "acknowledged_at", "mitigated_at", "resolved_at", "task_due_at"};
    static_assert(std::size(kColumns) == std::tuple_size_v<RowColumns>);
    const RowColumns now = rowColumns(record);
    QString sql = u"UPDATE incidents SET updated_at = ?, doc = CAST(? AS TEXT)"_s;
    QVariantList values {isoNow(record.incident.updatedAt), doc};
    for (std::size_t c = 0; c < now.size(); ++c) {
        const QVariant &was = before ? before->at(c) : QVariant();
        if (before && was.isNull() == now.at(c).isNull() && was == now.at(c))
            continue;
        // Empty, not NULL, as the columns were created.
        sql += c >= 1 && c <= 3 ? u", %1 = COALESCE(?, '')"_s.arg(QLatin1StringView(kColumns[c]))
                                : u", %1 = ?"_s.arg(QLatin1StringView(kColumns[c]));
        values.append(now.at(c));
    }
    sql += u" WHERE id = ? AND updated_at = ?"_s;
    values << record.incident.id << isoNow(expectedUpdatedAt);
    QSqlQuery &q = statement(sql);
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
    if (!q.exec())
        return sqlError(u"saving the incident"_s, q);
    const bool updated = q.numRowsAffected() == 1;
    if (updated && written)
        *written = now;
    return updated;
}

SqliteStore::RowColumns SqliteStore::rowColumns(const IncidentRecord &record)
{
    const Incident &i = record.incident;
    const DerivedColumns d = derivedColumns(record);
    return {toString(i.state), i.service,        i.source,      i.priority,   d.severity, d.category,
            d.drill,           d.acknowledgedAt, d.mitigatedAt, d.resolvedAt, d.taskDueAt};
}

SqliteStore::DerivedColumns SqliteStore::derivedColumns(const IncidentRecord &record)
{
    const Incident &i = record.incident;
    auto time = [](const QDateTime &t) {
        return t.isValid() ? QVariant(isoNow(t)) : QVariant(QMetaType(QMetaType::QString));
    };
    Severity severity = i.severity;
    if (severity == Severity::Unknown && record.classification)
        severity = record.classification->severity;
    return {toString(severity),
            record.classification ? record.classification->category : QString(),
            i.drill,
            time(i.acknowledgedAt),
            time(i.mitigatedAt),
            time(i.resolvedAt),
            time(record.plan.nextTaskDeadline())};
}

bool SqliteStore::writeDerivedColumns(const IncidentRecord &record)
{
    const Incident &i = record.incident;
    const QDateTime due = record.plan.nextTaskDeadline();
    // A new incident without any of these keeps the columns' NULLs.
    if (!i.acknowledgedAt.isValid() && !i.mitigatedAt.isValid() && !i.resolvedAt.isValid() && !due.isValid()
        && i.drill.isEmpty() && !record.classification && i.severity == Severity::Unknown)
        return true;
    const DerivedColumns d = derivedColumns(record);
    QSqlQuery &q = statement(kDerivedColumnsSql);
    return run(q, {d.severity, d.category, d.drill, d.acknowledgedAt, d.mitigatedAt, d.resolvedAt, d.taskDueAt, i.id});
}

Expected<QList<qint64>> SqliteStore::incidentsWithTasksDue(const QDateTime &by)
{
    QSqlQuery &q = statement(
        u"SELECT id FROM incidents WHERE task_due_at IS NOT NULL AND task_due_at <= ? ORDER BY task_due_at"_s);
    if (!run(q, {isoNow(by)}))
        return sqlError(u"looking up tasks coming due"_s, q);
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    q.finish();
    return ids;
}

Expected<QList<ResponseTimes>> SqliteStore::responseTimes()
{
    QSqlQuery &q = statement(u"SELECT severity, category, drill, created_at, acknowledged_at, mitigated_at, "
                             "resolved_at FROM incidents WHERE acknowledged_at IS NOT NULL OR mitigated_at IS NOT NULL "
                             "OR resolved_at IS NOT NULL"_s);
    if (!run(q, {}))
        return sqlError(u"reading response times"_s, q);
    QList<ResponseTimes> rows;
    auto time = [&](int column) {
        return q.isNull(column) ? QDateTime() : QDateTime::fromString(q.value(column).toString(), Qt::ISODateWithMs);
    };
    while (q.next()) {
        rows.append(ResponseTimes {q.value(0).toString(), q.value(1).toString(), !q.value(2).toString().isEmpty(),
                                   time(3), time(4), time(5), time(6)});
    }
    q.finish();
    return rows;
}

Expected<QList<QPair<QString, QString>>> SqliteStore::settings(const QString &prefix)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT key, value FROM settings WHERE substr(key, 1, ?) = ? ORDER BY key"_s);
    q.addBindValue(prefix.size());
    q.addBindValue(prefix);
    if (!q.exec())
        return sqlError(u"reading settings"_s, q);
    QList<QPair<QString, QString>> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString()});
    return out;
}

Status SqliteStore::saveIncident(IncidentRecord &record, const QDateTime &expectedUpdatedAt, const AuditDraft &event)
{
    const HeadGuard guard {this};
    Transaction tx(m_db);
    if (!tx.active())
        return Error {ErrorCode::Unavailable, u"the database is busy"_s};
    Expected<bool> updated = updateIncidentRow(record, expectedUpdatedAt);
    if (!updated)
        return updated.error();
    if (!*updated)
        return Error {ErrorCode::Conflict,
                      u"%1 was changed by someone else meanwhile; reload and try again"_s.arg(record.incident.key())};
    Expected<AuditEvent> e = appendInTransaction(event);
    if (!e)
        return e.error();
    if (!tx.commit())
        return Error {ErrorCode::Internal, u"the change did not commit"_s};
    guard.accept(*e);
    return {};
}

Expected<bool> SqliteStore::updateEncodedRow(const IncidentSave &save, const QByteArray &doc)
{
    // updateIncidentRow's UPDATE with the document the caller encoded (keep
    // the two in step); the caller moved updatedAt past the expected one.
    const Incident &i = save.record.incident;
    if (!(i.updatedAt > save.expectedUpdatedAt))
        return Error {ErrorCode::Internal, u"%1: an encoded save must move updated_at forward"_s.arg(i.key())};
    return updateRow(save.record, doc, save.expectedUpdatedAt);
}

Expected<AuditEvent> SqliteStore::appendEncoded(const AuditDraft &draft, const QByteArray &payload)
{
    // appendInTransaction with the canonical payload the caller encoded; the
    // head row is moved once per transaction (storeHead), not per event.
    AuditEvent e;
    e.seq = m_headSeq + 1;
    e.time = now();
    e.actor = draft.actor;
    e.incidentId = draft.incidentId;
    e.type = draft.type;
    e.payload = payload;
    e.prevHash = m_headHash;
    e.hash = e.computeHash();
    QSqlQuery &q = statement(u"INSERT INTO audit(seq, time, actor, incident_id, type, payload, prev_hash, hash) "
                             "VALUES (?, ?, COALESCE(?, ''), ?, ?, CAST(? AS TEXT), ?, ?)"_s);
    if (!run(q, {e.seq, isoNow(e.time), e.actor, e.incidentId, e.type, e.payload, e.prevHash, e.hash}))
        return sqlError(u"appending to the audit log"_s, q);
    return e;
}

Status SqliteStore::storeHead()
{
    QSqlQuery &h = statement(u"INSERT INTO audit_head(id, seq, hash) VALUES (1, ?, ?) "
                             "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash"_s);
    if (!run(h, {m_headSeq, m_headHash}))
        return sqlError(u"moving the audit head"_s, h);
    return {};
}

Status Store::saveIncidents(QList<IncidentSave> &saves, const QList<EncodedSave> &)
{
    return saveIncidents(saves);
}

Status SqliteStore::saveIncidents(QList<IncidentSave> &saves)
{
    return saveIncidents(saves, {});
}

Status SqliteStore::saveIncidents(QList<IncidentSave> &saves, const QList<EncodedSave> &encodings)
{
    const qint64 seq = m_headSeq;
    const QString hash = m_headHash;
    const QDateTime lastTime = m_lastTime;
    auto restoreHead = [&] {
        m_headSeq = seq;
        m_headHash = hash;
        m_lastTime = lastTime;
    };
    Transaction tx(m_db);
    if (!tx.active())
        return Error {ErrorCode::Unavailable, u"the database is busy"_s};
    for (qsizetype s = 0; s < saves.size(); ++s) {
        IncidentSave &save = saves[s];
        save.error.reset();
        static const EncodedSave kNone;
        const EncodedSave &encoding = s < encodings.size() ? encodings.at(s) : kNone;
        const bool encoded = !encoding.doc.isEmpty() && encoding.payloads.size() == save.events.size();
        Expected<bool> updated
            = encoded ? updateEncodedRow(save, encoding.doc) : updateIncidentRow(save.record, save.expectedUpdatedAt);
        if (!updated) {
            restoreHead();
            return updated.error();
        }
        if (!*updated) {
            save.error = Error {ErrorCode::Conflict,
                                u"%1 was changed by someone else meanwhile"_s.arg(save.record.incident.key())};
            continue;
        }
        for (qsizetype k = 0; k < save.events.size(); ++k) {
            const AuditDraft &draft = save.events.at(k);
            Expected<AuditEvent> e
                = encoded ? appendEncoded(draft, encoding.payloads.at(k)) : appendInTransaction(draft);
            if (!e) {
                restoreHead();
                return e.error();
            }
            // The next append chains to this one (restored if nothing commits).
            m_headSeq = e->seq;
            m_headHash = e->hash;
            m_lastTime = e->time;
        }
    }
    if (m_headSeq != seq) {
        if (Status s = storeHead(); !s) {
            restoreHead();
            return s;
        }
    }
    if (!tx.commit()) {
        restoreHead();
        return Error {ErrorCode::Internal, u"the batch did not commit"_s};
    }
    return {};
}

Expected<IncidentRecord> SqliteStore::incident(qint64 id)
{
    QSqlQuery &q = statement(u"SELECT CAST(doc AS BLOB) FROM incidents WHERE id = ?"_s);
    if (!run(q, {id}))
        return sqlError(u"reading the incident"_s, q);
    if (!q.next()) {
        q.finish();
        return Error {ErrorCode::NotFound, u"no incident INC-%1"_s.arg(id)};
    }
    const QByteArray doc = q.value(0).toByteArray();
    q.finish();
    return decodeRecord(id, doc);
}

Expected<IncidentPage> SqliteStore::incidents(const IncidentFilter &filter)
{
    QStringList where;
    QVariantList binds;
    if (!filter.state.isEmpty()) {
        where.append(u"state = ?"_s);
        binds.append(filter.state);
    }
    if (!filter.service.isEmpty()) {
        where.append(u"service = ?"_s);
        binds.append(filter.service);
    }
    if (!filter.source.isEmpty()) {
        where.append(u"source = ?"_s);
        binds.append(filter.source);
    }
    const QString clause = where.isEmpty() ? QString() : u" WHERE "_s + where.join(u" AND "_s);
    IncidentPage page;
    QSqlQuery count(m_db);
    count.prepare(u"SELECT COUNT(*) FROM incidents"_s + clause);
    for (const QVariant &b : std::as_const(binds))
        count.addBindValue(b);
    if (!count.exec() || !count.next())
        return sqlError(u"counting incidents"_s, count);
    page.total = count.value(0).toLongLong();
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, CAST(doc AS BLOB) FROM incidents"_s + clause + u" ORDER BY id DESC LIMIT ? OFFSET ?"_s);
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    q.addBindValue(filter.limit);
    q.addBindValue(filter.offset);
    if (!q.exec())
        return sqlError(u"listing incidents"_s, q);
    while (q.next()) {
        Expected<IncidentRecord> rec = decodeRecord(q.value(0).toLongLong(), q.value(1).toByteArray());
        if (!rec)
            return rec.error();
        page.items.append(std::move(rec).value());
    }
    return page;
}

Expected<qint64> SqliteStore::incidentCount()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT COUNT(*) FROM incidents"_s) || !q.next())
        return sqlError(u"counting incidents"_s, q);
    return q.value(0).toLongLong();
}

Expected<Evidence> SqliteStore::addEvidence(Evidence ev, const AuditDraft &event)
{
    const HeadGuard guard {this};
    Transaction tx(m_db);
    if (!tx.active())
        return Error {ErrorCode::Unavailable, u"the database is busy"_s};
    ev.createdAt = now();
    ev.sha256 = sha256Hex({ev.content.toUtf8()});
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO evidence(incident_id, step_id, run_id, kind, title, content, sha256, "
              "created_by, created_at) VALUES (?, COALESCE(?, ''), COALESCE(?, ''), ?, COALESCE(?, ''), "
              "COALESCE(?, ''), ?, COALESCE(?, ''), ?)"_s);
    q.addBindValue(ev.incidentId);
    q.addBindValue(ev.stepId);
    q.addBindValue(ev.runId);
    q.addBindValue(ev.kind);
    q.addBindValue(ev.title);
    q.addBindValue(ev.content);
    q.addBindValue(ev.sha256);
    q.addBindValue(ev.createdBy);
    q.addBindValue(isoNow(ev.createdAt));
    if (!q.exec())
        return sqlError(u"storing evidence"_s, q);
    ev.id = q.lastInsertId().toLongLong();
    AuditDraft draft = event;
    draft.payload.insert(u"evidence_id"_s, ev.id);
    draft.payload.insert(u"sha256"_s, ev.sha256);
    Expected<AuditEvent> e = appendInTransaction(draft);
    if (!e)
        return e.error();
    if (!tx.commit())
        return Error {ErrorCode::Internal, u"the evidence did not commit"_s};
    guard.accept(*e);
    return ev;
}

Expected<QList<Evidence>> SqliteStore::evidence(qint64 incidentId)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, incident_id, step_id, run_id, kind, title, content, sha256, created_by, "
              "created_at FROM evidence WHERE incident_id = ? ORDER BY id"_s);
    q.addBindValue(incidentId);
    if (!q.exec())
        return sqlError(u"reading evidence"_s, q);
    QList<Evidence> list;
    while (q.next()) {
        Evidence e;
        e.id = q.value(0).toLongLong();
        e.incidentId = q.value(1).toLongLong();
        e.stepId = q.value(2).toString();
        e.runId = q.value(3).toString();
        e.kind = q.value(4).toString();
        e.title = q.value(5).toString();
        e.content = q.value(6).toString();
        e.sha256 = q.value(7).toString();
        e.createdBy = q.value(8).toString();
        e.createdAt = QDateTime::fromString(q.value(9).toString(), Qt::ISODateWithMs);
        list.append(e);
    }
    return list;
}

Expected<std::optional<QString>> SqliteStore::setting(const QString &key)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT value FROM settings WHERE key = ?"_s);
    q.addBindValue(key);
    if (!q.exec())
        return sqlError(u"reading a setting"_s, q);
    if (!q.next())
        return std::optional<QString>();
    return std::optional<QString>(q.value(0).toString());
}

Status SqliteStore::setSetting(const QString &key, const std::optional<QString> &value, const AuditDraft &event)
{
    const HeadGuard guard {this};
    Transaction tx(m_db);
    if (!tx.active())
        return Error {ErrorCode::Unavailable, u"the database is busy"_s};
    QSqlQuery q(m_db);
    if (value) {
        q.prepare(u"INSERT INTO settings(key, value) VALUES (?, COALESCE(?, '')) "
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s);
        q.addBindValue(key);
        q.addBindValue(*value);
    } else {
        q.prepare(u"DELETE FROM settings WHERE key = ?"_s);
        q.addBindValue(key);
    }
    if (!q.exec())
        return sqlError(u"writing a setting"_s, q);
    Expected<AuditEvent> e = appendInTransaction(event);
    if (!e)
        return e.error();
    if (!tx.commit())
        return Error {ErrorCode::Internal, u"the setting did not commit"_s};
    guard.accept(*e);
    return {};
}

Expected<QList<AuditEvent>> SqliteStore::auditEvents(qint64 incidentId, qint64 afterSeq, int limit)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    const QString where = incidentId > 0 ? u"WHERE incident_id = ? AND seq > ?"_s : u"WHERE seq > ?"_s;
    q.prepare(u"SELECT seq, time, actor, incident_id, type, CAST(payload AS BLOB), prev_hash, hash FROM audit "_s
              + where + u" ORDER BY seq LIMIT ?"_s);
    if (incidentId > 0)
        q.addBindValue(incidentId);
    q.addBindValue(afterSeq);
    q.addBindValue(limit);
    if (!q.exec())
        return sqlError(u"reading the audit log"_s, q);
    QList<AuditEvent> list;
    while (q.next())
        list.append(auditEventFromRow(q));
    return list;
}

Expected<AuditVerification> SqliteStore::verifyAudit()
{
    return verifyAuditChain(m_db);
}

Expected<QHash<QString, IngestedEvent>> SqliteStore::ingestedEvents(const QStringList &eventIds)
{
    QHash<QString, IngestedEvent> found;
    constexpr qsizetype kChunk = 256;
    for (qsizetype from = 0; from < eventIds.size(); from += kChunk) {
        const qsizetype n = std::min(kChunk, eventIds.size() - from);
        QString sql = u"SELECT event_id, incident_id, source, dedup_key, outcome, received_at FROM ingest_events "
                      "WHERE event_id IN (?"_s;
        for (qsizetype i = 1; i < n; ++i)
            sql += u",?"_s;
        sql += u')';
        QSqlQuery &q = statement(sql);
        for (qsizetype i = 0; i < n; ++i)
            q.bindValue(int(i), eventIds.at(from + i));
        if (!q.exec())
            return sqlError(u"looking up ingested events"_s, q);
        while (q.next()) {
            IngestedEvent e;
            e.eventId = q.value(0).toString();
            e.incidentId = q.value(1).toLongLong();
            e.source = q.value(2).toString();
            e.dedupKey = q.value(3).toString();
            e.outcome = q.value(4).toString();
            e.receivedAt = QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs);
            found.insert(e.eventId, e);
        }
        q.finish();
    }
    return found;
}

Expected<qint64> SqliteStore::ingestKeyIncident(const QString &dedupKey)
{
    QSqlQuery &q = statement(u"SELECT incident_id FROM ingest_keys WHERE dedup_key = ?"_s);
    if (!run(q, {dedupKey}))
        return sqlError(u"looking up a dedup key"_s, q);
    const qint64 id = q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    return id;
}

QByteArray SqliteStore::encodeIngestDoc(const IncidentRecord &record, const QDateTime &expectedUpdatedAt,
                                        DocPieces &written)
{
    // The keys of IncidentRecord::toJson() in the order QJsonObject keeps
    // them; compact JSON of a value is the same alone or nested.
    const QByteArray incident = record.incident.toCompactJson();
    if (auto it = m_docPieces.constFind(record.incident.id); it != m_docPieces.constEnd()
        && it->updatedAt == expectedUpdatedAt && it->classification == record.classification
        && it->matches == record.matches && it->plan == record.plan && it->approvals == record.approvals
        && it->runs == record.runs && it->postmortem == record.postmortem
        && it->statusUpdates == record.statusUpdates) {
        written = *it;
        return it->before + incident + it->after;
    }
    auto piecesOf = [](const IncidentRecord &r) {
        DocPieces p;
        p.classification = r.classification;
        p.matches = r.matches;
        p.plan = r.plan;
        p.approvals = r.approvals;
        p.runs = r.runs;
        p.postmortem = r.postmortem;
        p.statusUpdates = r.statusUpdates;
        p.before = "{\"approvals\":" + json::compact(listToJson(r.approvals)) + ",\"classification\":"
            + (r.classification ? r.classification->toCompactJson() : QByteArray("null")) + ",\"incident\":";
        QByteArray matches;
        json::appendList(matches, r.matches);
        p.after = ",\"matches\":" + matches + ",\"plan\":" + json::compact(r.plan.toJson())
            + (r.postmortem.isEmpty() ? QByteArray() : ",\"postmortem\":" + json::compact(r.postmortem.toJson()))
            + ",\"runs\":" + json::compact(listToJson(r.runs))
            + (r.statusUpdates.isEmpty() ? QByteArray()
                                         : ",\"status_updates\":" + json::compact(listToJson(r.statusUpdates)))
            + '}';
        return p;
    };
    // Most ingested records hold nothing but the incident yet: those pieces
    // are the same for all of them.
    static const DocPieces kFresh = piecesOf(IncidentRecord {});
    const bool fresh = !record.classification && record.matches.isEmpty() && record.plan == kFresh.plan
        && record.approvals.isEmpty() && record.runs.isEmpty() && record.postmortem == kFresh.postmortem
        && record.statusUpdates.isEmpty();
    written = fresh ? kFresh : piecesOf(record);
    return written.before + incident + written.after;
}

Status SqliteStore::commitIngest(QList<IngestChange> &changes, const QList<IngestedEvent> &unheld, bool durable)
{
    const qint64 headSeq = m_headSeq;
    const QString headHash = m_headHash;
    const QDateTime lastTime = m_lastTime;
    auto restore = [&](Error e) -> Status {
        m_headSeq = headSeq;
        m_headHash = headHash;
        m_lastTime = lastTime;
        for (IngestChange &c : changes) {
            if (c.create)
                c.record.incident.id = 0;
        }
        return e;
    };
    // WAL with synchronous=NORMAL survives a crash of the process but may
    // lose the last commits on a power loss. A durable batch (the stream's:
    // Redis forgets an entry once it is acknowledged) syncs the log on commit.
    struct SyncGuard
    {
        SqliteStore *store;
        bool on;
        ~SyncGuard()
        {
            if (on)
                (void)store->exec(u"PRAGMA synchronous=NORMAL"_s);
        }
    } sync {this, durable};
    if (durable) {
        if (Status s = exec(u"PRAGMA synchronous=FULL"_s); !s)
            return s;
    }
    Transaction tx(m_db);
    if (!tx.active())
        return Error {ErrorCode::Unavailable, u"the database is busy"_s};
    const QDateTime t = now();
    const QString time = isoNow(t);
    QSqlQuery &ins = statement(u"INSERT INTO incidents(dedup_key, request_hash, state, service, source, priority, "
                               "created_at, updated_at, doc) VALUES (NULL, '', ?, COALESCE(?, ''), "
                               "COALESCE(?, ''), COALESCE(?, ''), ?, ?, CAST(? AS TEXT))"_s);
    QSqlQuery &key = statement(u"INSERT INTO ingest_keys(dedup_key, incident_id, updated_at) VALUES (?, ?, ?) "
                               "ON CONFLICT(dedup_key) DO UPDATE SET incident_id = excluded.incident_id, "
                               "updated_at = excluded.updated_at"_s);
    QSqlQuery &ev = statement(u"INSERT INTO ingest_events(event_id, incident_id, source, dedup_key, outcome, "
                              "received_at) VALUES (?, ?, ?, COALESCE(?, ''), ?, ?)"_s);
    auto insertEvent = [&](const IngestedEvent &e, qint64 incidentId) {
        return run(ev,
                   {e.eventId, incidentId > 0 ? QVariant(incidentId) : QVariant(QMetaType(QMetaType::LongLong)),
                    e.source, e.dedupKey, e.outcome, isoNow(e.receivedAt.isValid() ? e.receivedAt : t)});
    };
    QHash<qint64, DocPieces> written;
    for (IngestChange &c : changes) {
        Incident &inc = c.record.incident;
        DocPieces pieces;
        if (c.create) {
            inc.createdAt = t;
            inc.updatedAt = t;
            inc.id = 0;
            if (!run(ins,
                     {toString(inc.state), inc.service, inc.source, inc.priority, time, time,
                      encodeIngestDoc(c.record, {}, pieces)}))
                return restore(sqlError(u"storing an ingested incident"_s, ins));
            inc.id = ins.lastInsertId().toLongLong();
        } else {
            if (!(inc.updatedAt > c.expectedUpdatedAt))
                inc.updatedAt = c.expectedUpdatedAt.addMSecs(1);
            // The row's columns as this store last wrote them, while no one
            // else has written it since.
            const auto cached = m_docPieces.constFind(inc.id);
            const RowColumns *before
                = cached != m_docPieces.constEnd() && cached->updatedAt == c.expectedUpdatedAt && cached->columns
                ? &*cached->columns
                : nullptr;
            RowColumns columns;
            Expected<bool> updated = updateRow(c.record, encodeIngestDoc(c.record, c.expectedUpdatedAt, pieces),
                                               c.expectedUpdatedAt, before, &columns);
            if (!updated)
                return restore(updated.error());
            if (!*updated)
                return restore(
                    Error {ErrorCode::Conflict,
                           u"%1 was changed by someone else meanwhile; the batch is retried"_s.arg(inc.key())});
            pieces.columns = columns;
        }
        if (c.create && !writeDerivedColumns(c.record))
            return restore(sqlError(u"storing derived columns"_s, statement(kDerivedColumnsSql)));
        pieces.updatedAt = inc.updatedAt;
        written.insert(inc.id, std::move(pieces));
        for (const QString &k : std::as_const(c.dedupKeys)) {
            if (!run(key, {k, inc.id, time}))
                return restore(sqlError(u"mapping a dedup key"_s, key));
        }
        for (IngestedEvent &e : c.events) {
            e.incidentId = inc.id;
            if (!insertEvent(e, inc.id))
                return restore(sqlError(u"recording an ingested event"_s, ev));
        }
        for (AuditDraft &d : c.audit) {
            if (d.incidentId == 0)
                d.incidentId = inc.id;
            Expected<AuditEvent> a = appendEncoded(
                d, d.encodedPayload.isEmpty() ? AuditEvent::canonicalPayload(d.payload) : d.encodedPayload);
            if (!a)
                return restore(a.error());
            m_headSeq = a->seq;
            m_headHash = a->hash;
            m_lastTime = a->time;
        }
    }
    for (const IngestedEvent &e : unheld) {
        if (!insertEvent(e, 0))
            return restore(sqlError(u"recording an ingested event"_s, ev));
    }
    if (m_headSeq != headSeq) {
        if (Status s = storeHead(); !s)
            return restore(s.error());
    }
    if (!tx.commit())
        return restore(Error {ErrorCode::Internal, u"the ingestion batch did not commit"_s});
    if (m_docPieces.size() + written.size() > 4096)
        m_docPieces.clear(); // a cache that forgets costs one full encoding each
    m_docPieces.insert(written);
    return {};
}

Expected<AuditVerification> SqliteStore::verifyAuditFile(const QString &path)
{
    if (!QFileInfo::exists(path))
        return Error {ErrorCode::NotFound, u"no warroom database at %1"_s.arg(path)};
    // Read-only, no migrations, no checkpointer: the verifier changes nothing.
    const QString name = u"warroom-verify-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Expected<AuditVerification> result = Error {ErrorCode::Internal, QString()};
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open()) {
            result = Error {ErrorCode::InvalidInput, u"cannot open %1: %2"_s.arg(path, db.lastError().text())};
        } else {
            const QStringList tables = db.tables();
            if (!tables.contains(u"audit"_s) || !tables.contains(u"audit_head"_s) || !tables.contains(u"incidents"_s))
                result
                    = Error {ErrorCode::InvalidInput, u"%1 is not a warroom database (no audit log in it)"_s.arg(path)};
            else
                result = verifyAuditChain(db);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace warroom
