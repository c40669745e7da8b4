// SqliteStore on a real database file: migrations, incidents with their
// audit events in one transaction, optimistic locking, filters, settings,
// evidence, and the hash-chained audit log under tampering.

#include "jsonreader.h"
#include "sqlitestore.h"
#include "walcheckpointer.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QVariant>

#include <memory>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

/// A second, raw connection to the store's file: what someone with
/// shell access to the database could do behind the store's back.
class RawDb
{
public:
    explicit RawDb(const QString &path)
        : m_name(u"raw-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        m_db.open();
    }
    ~RawDb()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    RawDb(const RawDb &) = delete;
    RawDb &operator=(const RawDb &) = delete;

    bool isOpen() const { return m_db.isOpen(); }

    /// Runs one statement; on failure returns false and the driver's text in `error`.
    bool exec(const QString &sql, const QVariantList &binds = {}, QString *error = nullptr)
    {
        QSqlQuery q(m_db);
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (q.exec())
            return true;
        if (error)
            *error = q.lastError().text();
        return false;
    }

    QVariant scalar(const QString &sql, const QVariantList &binds = {})
    {
        QSqlQuery q(m_db);
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!q.exec() || !q.next())
            return {};
        return q.value(0);
    }

    qint64 count(const QString &table) { return scalar(u"SELECT COUNT(*) FROM "_s + table).toLongLong(); }

    QVariantList row(const QString &sql, const QVariantList &binds = {})
    {
        QSqlQuery q(m_db);
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        QVariantList out;
        if (!q.exec() || !q.next())
            return out;
        for (int i = 0; i < q.record().count(); ++i)
            out.append(q.value(i));
        return out;
    }

private:
    QString m_name;
    QSqlDatabase m_db;
};

IncidentRecord makeIncident(const QString &title, const QString &service = u"payments"_s,
                            const QString &source = u"rest"_s, IncidentState state = IncidentState::New)
{
    IncidentRecord r;
    r.incident.title = title;
    r.incident.description = u"described: "_s + title;
    r.incident.service = service;
    r.incident.source = source;
    r.incident.priority = u"P2"_s;
    r.incident.state = state;
    r.incident.reportedBy = u"alice"_s;
    return r;
}

AuditDraft draft(const QString &type, qint64 incidentId = 0, const QJsonObject &payload = {})
{
    return AuditDraft {u"alice"_s, incidentId, type, payload};
}

QString sha256Hex(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // schema
    void migrationsFromEmpty();
    void reopenIsNoOp();
    void newerSchemaIsRefused();

    // incidents
    void submitAssignsIdsAndAudits();
    void submitDedup();
    void saveIncidentOptimisticLocking();
    void saveUnknownIncident();
    void saveWithoutAdvancingUpdatedAt();
    void atomicity_data();
    void atomicity();
    void atomicityOfABatch();
    void saveIncidentsBatch();
    void saveIncidentsBatchIsAtomic();
    void incidentsFilter_data();
    void incidentsFilter();

    // settings and evidence
    void settings();
    void settingWithNullString();
    void evidence();
    void evidenceForUnknownIncidentWritesNothing();

    // audit
    void auditEventsPaging();
    void verifyEmpty();
    void verifyIntact();
    void triggersBlockEdits();
    void tamper_data();
    void tamper();
    void wipedLogWithIncidentsIsCaught();
    void databaseIsPrivate();
    void batchOfTenThousand();
    void timeNeverGoesBackwardsAcrossReopen();
    void documentsAreUtf8TextOnEveryPath();
    void checkpointerSkipsAnUnchangedLog();
    void derivedColumnsFollowEveryUpdatePath();
    void ingestRepeatsSetOnlyTheColumnsThatChange();

private:
    std::unique_ptr<SqliteStore> openStore();
    void populateAudit(int count);
    qint64 auditCount() { return RawDb(m_path).count(u"audit"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<SqliteStore> m_store;
};

std::unique_ptr<SqliteStore> TestStore::openStore()
{
    auto store = std::make_unique<SqliteStore>(m_path);
    const Status s = store->open();
    if (!s) {
        qWarning("open failed: %s", qPrintable(s.error().message));
        return nullptr;
    }
    return store;
}

void TestStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(u"warroom.db"_s);
    m_store = openStore();
    QVERIFY(m_store);
}

void TestStore::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestStore::populateAudit(int count)
{
    for (int i = 1; i <= count; ++i) {
        const Expected<AuditEvent> e = m_store->appendAudit({i % 3 == 0 ? u"bob \"the builder\""_s : u"alice"_s,
                                                             i % 2,
                                                             u"test.event"_s,
                                                             {{u"n"_s, i},
                                                              {u"text"_s, u"line\nbreak ✓ ünïcödé"_s},
                                                              {u"nested"_s, QJsonObject {{u"b"_s, 1}, {u"a"_s, 2}}}}});
        QVERIFY2(e, qPrintable(e ? QString() : e.error().message));
        QCOMPARE(e->seq, qint64(i));
    }
}

// --- schema ---------------------------------------------------------------

void TestStore::migrationsFromEmpty()
{
    QVERIFY(SqliteStore::latestSchemaVersion() >= 1);
    QCOMPARE(m_store->schemaVersion(), SqliteStore::latestSchemaVersion());

    RawDb raw(m_path);
    QVERIFY(raw.isOpen());
    QCOMPARE(raw.count(u"schema_migrations"_s), qint64(SqliteStore::latestSchemaVersion()));
    QCOMPARE(raw.scalar(u"SELECT MAX(version) FROM schema_migrations"_s).toInt(), SqliteStore::latestSchemaVersion());
    for (const QString &table : {u"incidents"_s, u"evidence"_s, u"settings"_s, u"audit"_s, u"audit_head"_s}) {
        QVERIFY2(raw.scalar(u"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"_s, {table}).toInt()
                     == 1,
                 qPrintable(table));
    }
    for (const QString &trigger : {u"audit_no_update"_s, u"audit_no_delete"_s}) {
        QVERIFY2(
            raw.scalar(u"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?"_s, {trigger}).toInt()
                == 1,
            qPrintable(trigger));
    }
    QCOMPARE(raw.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
}

void TestStore::reopenIsNoOp()
{
    const Expected<Submission> sub
        = m_store->submitIncident(makeIncident(u"before reopen"_s), {}, {}, draft(u"incident.created"_s));
    QVERIFY(sub);
    QVariantList applied;
    {
        RawDb raw(m_path);
        applied = raw.row(u"SELECT version, applied_at FROM schema_migrations ORDER BY version DESC"_s);
        QCOMPARE(applied.size(), 2);
    }
    m_store.reset();

    m_store = openStore();
    QVERIFY(m_store);
    QCOMPARE(m_store->schemaVersion(), SqliteStore::latestSchemaVersion());
    {
        RawDb raw(m_path);
        QCOMPARE(raw.count(u"schema_migrations"_s), qint64(SqliteStore::latestSchemaVersion()));
        QCOMPARE(raw.row(u"SELECT version, applied_at FROM schema_migrations ORDER BY version DESC"_s), applied);
    }
    // The data and the chain survive; the chain continues where it was.
    const Expected<IncidentRecord> back = m_store->incident(sub->record.incident.id);
    QVERIFY(back);
    QCOMPARE(back->incident.title, u"before reopen"_s);
    const Expected<AuditEvent> next = m_store->appendAudit(draft(u"after.reopen"_s));
    QVERIFY(next);
    QCOMPARE(next->seq, qint64(2));
    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY(v);
    QVERIFY2(v->intact, qPrintable(v->reason));
    QCOMPARE(v->records, qint64(2));
}

void TestStore::newerSchemaIsRefused()
{
    m_store.reset();
    {
        RawDb raw(m_path);
        QString error;
        QVERIFY2(raw.exec(u"INSERT INTO schema_migrations(version, applied_at) VALUES (999, 'future')"_s, {}, &error),
                 qPrintable(error));
    }
    SqliteStore store(m_path);
    const Status s = store.open();
    QVERIFY(!s);
    QCOMPARE(s.error().code, ErrorCode::Unavailable);
    QVERIFY2(s.error().message.contains(u"999"_s), qPrintable(s.error().message));
    QVERIFY2(s.error().message.contains(u"newer"_s), qPrintable(s.error().message));
    QVERIFY2(s.error().message.contains(QString::number(SqliteStore::latestSchemaVersion())),
             qPrintable(s.error().message));
    // Nothing was migrated or removed.
    RawDb raw(m_path);
    QCOMPARE(raw.scalar(u"SELECT MAX(version) FROM schema_migrations"_s).toInt(), 999);
}

// --- incidents ------------------------------------------------------------

void TestStore::submitAssignsIdsAndAudits()
{
    qint64 previousId = 0;
    for (int i = 1; i <= 3; ++i) {
        const qint64 auditBefore = auditCount();
        const Expected<Submission> sub = m_store->submitIncident(makeIncident(u"incident %1"_s.arg(i)), {}, {},
                                                                 draft(u"incident.created"_s, 0, {{u"n"_s, i}}));
        QVERIFY2(sub, qPrintable(sub ? QString() : sub.error().message));
        QVERIFY(sub->created);
        const qint64 id = sub->record.incident.id;
        QVERIFY(id > previousId);
        previousId = id;
        QVERIFY(sub->record.incident.createdAt.isValid());
        QCOMPARE(sub->record.incident.updatedAt, sub->record.incident.createdAt);

        QCOMPARE(auditCount(), auditBefore + 1);
        const Expected<QList<AuditEvent>> events = m_store->auditEvents(0, auditBefore, 10);
        QVERIFY(events);
        QCOMPARE(events->size(), 1);
        const AuditEvent &e = events->first();
        QCOMPARE(e.incidentId, id);
        QCOMPARE(e.type, u"incident.created"_s);
        QCOMPARE(e.payloadObject().value(u"n"_s).toInt(), i);

        const Expected<IncidentRecord> back = m_store->incident(id);
        QVERIFY(back);
        QCOMPARE(*back, sub->record);
    }
    QCOMPARE(*m_store->incidentCount(), qint64(3));

    // An explicit incident id on the draft is kept.
    const Expected<Submission> other
        = m_store->submitIncident(makeIncident(u"x"_s), {}, {}, draft(u"incident.created"_s, 1));
    QVERIFY(other);
    const Expected<QList<AuditEvent>> last = m_store->auditEvents(0, 3, 10);
    QVERIFY(last);
    QCOMPARE(last->size(), 1);
    QCOMPARE(last->first().incidentId, qint64(1));

    const Expected<IncidentRecord> missing = m_store->incident(4242);
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
}

void TestStore::submitDedup()
{
    const Expected<Submission> first
        = m_store->submitIncident(makeIncident(u"first"_s), u"key:k1"_s, u"hash-1"_s, draft(u"incident.created"_s));
    QVERIFY(first);
    QVERIFY(first->created);
    const qint64 audit = auditCount();

    // Same key, same request: the same incident, not a new one, no event.
    const Expected<Submission> again
        = m_store->submitIncident(makeIncident(u"second"_s), u"key:k1"_s, u"hash-1"_s, draft(u"incident.created"_s));
    QVERIFY(again);
    QVERIFY(!again->created);
    QCOMPARE(again->record.incident.id, first->record.incident.id);
    QCOMPARE(again->record.incident.title, u"first"_s);
    QCOMPARE(*m_store->incidentCount(), qint64(1));
    QCOMPARE(auditCount(), audit);

    // Same key without a request hash (an external id): also the same incident.
    const Expected<Submission> noHash
        = m_store->submitIncident(makeIncident(u"third"_s), u"key:k1"_s, QString(), draft(u"incident.created"_s));
    QVERIFY(noHash);
    QVERIFY(!noHash->created);
    QCOMPARE(noHash->record.incident.id, first->record.incident.id);

    // Same key, another request: a conflict, nothing written.
    const Expected<Submission> conflict
        = m_store->submitIncident(makeIncident(u"fourth"_s), u"key:k1"_s, u"hash-2"_s, draft(u"incident.created"_s));
    QVERIFY(!conflict);
    QCOMPARE(conflict.error().code, ErrorCode::Conflict);
    QVERIFY2(conflict.error().message.contains(u"key:k1"_s), qPrintable(conflict.error().message));
    QCOMPARE(*m_store->incidentCount(), qint64(1));
    QCOMPARE(auditCount(), audit);

    // Another key is another incident; no key at all never deduplicates.
    QVERIFY(m_store->submitIncident(makeIncident(u"k2"_s), u"key:k2"_s, u"hash-1"_s, draft(u"incident.created"_s))
                ->created);
    QVERIFY(m_store->submitIncident(makeIncident(u"nokey"_s), {}, {}, draft(u"incident.created"_s))->created);
    QVERIFY(m_store->submitIncident(makeIncident(u"nokey"_s), {}, {}, draft(u"incident.created"_s))->created);
    QCOMPARE(*m_store->incidentCount(), qint64(4));
}

void TestStore::saveIncidentOptimisticLocking()
{
    const Expected<Submission> sub
        = m_store->submitIncident(makeIncident(u"locked"_s), {}, {}, draft(u"incident.created"_s));
    QVERIFY(sub);
    const IncidentRecord original = sub->record;
    const qint64 audit = auditCount();

    IncidentRecord changed = original;
    changed.incident.state = IncidentState::Triaged;
    changed.incident.owner = u"bob"_s;
    changed.incident.updatedAt = original.incident.updatedAt.addSecs(5);

    // A stale expectation: refused, nothing written, no event.
    const Status stale = m_store->saveIncident(changed, original.incident.updatedAt.addMSecs(-1),
                                               draft(u"incident.triaged"_s, original.incident.id));
    QVERIFY(!stale);
    QCOMPARE(stale.error().code, ErrorCode::Conflict);
    QVERIFY2(stale.error().message.contains(original.incident.key()), qPrintable(stale.error().message));
    QCOMPARE(auditCount(), audit);
    QCOMPARE(*m_store->incident(original.incident.id), original);

    // The right expectation: saved with exactly one event.
    const Status ok = m_store->saveIncident(changed, original.incident.updatedAt,
                                            draft(u"incident.triaged"_s, original.incident.id, {{u"why"_s, u"t"_s}}));
    QVERIFY2(ok, qPrintable(ok ? QString() : ok.error().message));
    QCOMPARE(auditCount(), audit + 1);
    const Expected<QList<AuditEvent>> events = m_store->auditEvents(original.incident.id, 0, 100);
    QVERIFY(events);
    QCOMPARE(events->size(), 2);
    QCOMPARE(events->last().type, u"incident.triaged"_s);
    QCOMPARE(events->last().payloadObject().value(u"why"_s).toString(), u"t"_s);
    const Expected<IncidentRecord> back = m_store->incident(original.incident.id);
    QVERIFY(back);
    QCOMPARE(*back, changed);

    // The writer who read before that save now loses.
    IncidentRecord late = original;
    late.incident.owner = u"carol"_s;
    late.incident.updatedAt = original.incident.updatedAt.addSecs(9);
    const Status lost
        = m_store->saveIncident(late, original.incident.updatedAt, draft(u"incident.assigned"_s, original.incident.id));
    QVERIFY(!lost);
    QCOMPARE(lost.error().code, ErrorCode::Conflict);
    QCOMPARE(auditCount(), audit + 1);
    QCOMPARE(m_store->incident(original.incident.id)->incident.owner, u"bob"_s);

    // The indexed columns follow the document.
    RawDb raw(m_path);
    QCOMPARE(raw.scalar(u"SELECT state FROM incidents WHERE id = ?"_s, {original.incident.id}).toString(),
             u"triaged"_s);
}

void TestStore::saveUnknownIncident()
{
    IncidentRecord ghost = makeIncident(u"ghost"_s);
    ghost.incident.id = 777;
    ghost.incident.updatedAt = QDateTime::currentDateTimeUtc();
    const qint64 audit = auditCount();
    const Status s = m_store->saveIncident(ghost, ghost.incident.updatedAt, draft(u"x"_s, 777));
    QVERIFY(!s);
    QCOMPARE(auditCount(), audit);
    QCOMPARE(*m_store->incidentCount(), qint64(0));
}

void TestStore::saveWithoutAdvancingUpdatedAt()
{
    // Two writers read the same version. The first saves without moving updated_at
    // (the workflow stamps ctx.now, which repeats within one millisecond or when the
    // clock steps back); the second, now stale, should still lose.
    const Expected<Submission> sub
        = m_store->submitIncident(makeIncident(u"race"_s), {}, {}, draft(u"incident.created"_s));
    QVERIFY(sub);
    const IncidentRecord read = sub->record;
    const QDateTime t = read.incident.updatedAt;

    IncidentRecord first = read;
    first.incident.owner = u"first"_s;
    QVERIFY(m_store->saveIncident(first, t, draft(u"incident.assigned"_s, read.incident.id)));

    IncidentRecord second = read;
    second.incident.state = IncidentState::Escalated;
    const Status s = m_store->saveIncident(second, t, draft(u"incident.escalated"_s, read.incident.id));
    QVERIFY(!s);
    if (s)
        QCOMPARE(m_store->incident(read.incident.id)->incident.owner, QString()); // the first save is lost
}

void TestStore::atomicity_data()
{
    QTest::addColumn<QString>("operation");
    QTest::newRow("submitIncident") << u"submitIncident"_s;
    QTest::newRow("saveIncident") << u"saveIncident"_s;
    QTest::newRow("addEvidence") << u"addEvidence"_s;
    QTest::newRow("setSetting") << u"setSetting"_s;
    QTest::newRow("removeSetting") << u"removeSetting"_s;
    QTest::newRow("appendAudit") << u"appendAudit"_s;
    QTest::newRow("appendAuditBatch") << u"appendAuditBatch"_s;
}

void TestStore::atomicity()
{
    QFETCH(QString, operation);

    const Expected<Submission> existing
        = m_store->submitIncident(makeIncident(u"existing"_s), {}, {}, draft(u"incident.created"_s));
    QVERIFY(existing);
    const qint64 id = existing->record.incident.id;
    QVERIFY(m_store->setSetting(u"mode"_s, u"before"_s, draft(u"setting.changed"_s)));
    QVERIFY(m_store->addEvidence(Evidence {0, id, {}, {}, u"note"_s, u"t"_s, u"c"_s, {}, {}, {}},
                                 draft(u"evidence.added"_s, id)));

    RawDb raw(m_path);
    const qint64 incidentsBefore = raw.count(u"incidents"_s);
    const qint64 evidenceBefore = raw.count(u"evidence"_s);
    const qint64 auditBefore = raw.count(u"audit"_s);
    const QVariantList headBefore = raw.row(u"SELECT seq, hash FROM audit_head"_s);
    QString error;
    QVERIFY2(
        raw.exec(u"CREATE TRIGGER boom BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'boom'); END"_s, {}, &error),
        qPrintable(error));

    IncidentRecord changed = existing->record;
    changed.incident.state = IncidentState::Escalated;
    changed.incident.updatedAt = changed.incident.updatedAt.addSecs(1);

    Error failure;
    bool failed = false;
    auto check = [&](const Status &s) {
        failed = !s;
        if (failed)
            failure = s.error();
    };
    if (operation == "submitIncident"_L1) {
        const Expected<Submission> r
            = m_store->submitIncident(makeIncident(u"doomed"_s), u"key:doomed"_s, u"h"_s, draft(u"incident.created"_s));
        check(r ? Status() : Status(r.error()));
    } else if (operation == "saveIncident"_L1) {
        check(m_store->saveIncident(changed, existing->record.incident.updatedAt, draft(u"incident.escalated"_s, id)));
    } else if (operation == "addEvidence"_L1) {
        const Expected<Evidence> r = m_store->addEvidence(
            Evidence {0, id, {}, {}, u"note"_s, u"doomed"_s, u"doomed"_s, {}, {}, {}}, draft(u"evidence.added"_s, id));
        check(r ? Status() : Status(r.error()));
    } else if (operation == "setSetting"_L1) {
        check(m_store->setSetting(u"mode"_s, u"after"_s, draft(u"setting.changed"_s)));
    } else if (operation == "removeSetting"_L1) {
        check(m_store->setSetting(u"mode"_s, std::nullopt, draft(u"setting.removed"_s)));
    } else if (operation == "appendAudit"_L1) {
        const Expected<AuditEvent> r = m_store->appendAudit(draft(u"lonely"_s));
        check(r ? Status() : Status(r.error()));
    } else if (operation == "appendAuditBatch"_L1) {
        check(m_store->appendAuditBatch({draft(u"a"_s), draft(u"b"_s)}));
    } else {
        QFAIL("unknown operation");
    }
    QVERIFY2(failed, "the operation succeeded although its audit event could not be written");
    QVERIFY2(failure.message.contains(u"boom"_s), qPrintable(failure.message));

    // Neither the change nor its event is stored.
    QCOMPARE(raw.count(u"incidents"_s), incidentsBefore);
    QCOMPARE(raw.count(u"evidence"_s), evidenceBefore);
    QCOMPARE(raw.count(u"audit"_s), auditBefore);
    QCOMPARE(raw.row(u"SELECT seq, hash FROM audit_head"_s), headBefore);
    QCOMPARE(*m_store->incident(id), existing->record);
    QCOMPARE(*m_store->setting(u"mode"_s), std::optional<QString>(u"before"_s));
    QVERIFY(!m_store->incident(id + 1));

    // Once the audit log accepts events again, the chain continues without a gap.
    QVERIFY(raw.exec(u"DROP TRIGGER boom"_s));
    const Expected<AuditEvent> next = m_store->appendAudit(draft(u"recovered"_s));
    QVERIFY2(next, qPrintable(next ? QString() : next.error().message));
    QCOMPARE(next->seq, auditBefore + 1);
    QCOMPARE(next->prevHash, headBefore.value(1).toString());
    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY(v);
    QVERIFY2(v->intact, qPrintable(v->reason));
    QCOMPARE(v->records, auditBefore + 1);
}

void TestStore::atomicityOfABatch()
{
    populateAudit(3);
    {
        RawDb raw(m_path);
        QVERIFY(raw.exec(u"CREATE TRIGGER poison BEFORE INSERT ON audit WHEN NEW.type = 'poison' "
                         "BEGIN SELECT RAISE(ABORT, 'poisoned'); END"_s));
    }
    // The third of four fails: none of them is kept and the head does not move.
    const Status s = m_store->appendAuditBatch({draft(u"ok"_s), draft(u"ok"_s), draft(u"poison"_s), draft(u"ok"_s)});
    QVERIFY(!s);
    QVERIFY2(s.error().message.contains(u"poisoned"_s), qPrintable(s.error().message));
    QCOMPARE(auditCount(), qint64(3));
    const Expected<AuditEvent> next = m_store->appendAudit(draft(u"ok"_s));
    QVERIFY(next);
    QCOMPARE(next->seq, qint64(4));
    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY(v);
    QVERIFY2(v->intact, qPrintable(v->reason));
    QCOMPARE(v->records, qint64(4));
}

void TestStore::saveIncidentsBatch()
{
    QList<IncidentRecord> originals;
    for (int i = 0; i < 3; ++i) {
        const Expected<Submission> sub
            = m_store->submitIncident(makeIncident(u"batch %1"_s.arg(i)), {}, {}, draft(u"incident.created"_s));
        QVERIFY(sub);
        originals.append(sub->record);
    }
    const qint64 audit = auditCount();
    QList<IncidentSave> saves;
    for (const IncidentRecord &original : std::as_const(originals)) {
        IncidentRecord changed = original;
        changed.incident.state = IncidentState::Triaged;
        saves.append(
            {changed,
             original.incident.updatedAt,
             {draft(u"incident.triaged"_s, original.incident.id), draft(u"plan.proposed"_s, original.incident.id)},
             {}});
    }
    // The second was changed by someone else after it was read: skipped, the others stored.
    saves[1].expectedUpdatedAt = originals.at(1).incident.updatedAt.addMSecs(-1);
    const Status s = m_store->saveIncidents(saves);
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
    QVERIFY(!saves.at(0).error);
    QVERIFY(saves.at(1).error);
    QCOMPARE(saves.at(1).error->code, ErrorCode::Conflict);
    QVERIFY(!saves.at(2).error);
    QCOMPARE(auditCount(), audit + 4);
    QVERIFY(m_store->incident(originals.at(0).incident.id)->incident.state == IncidentState::Triaged);
    QCOMPARE(*m_store->incident(originals.at(1).incident.id), originals.at(1));
    QVERIFY(m_store->incident(originals.at(2).incident.id)->incident.state == IncidentState::Triaged);
    const Expected<QList<AuditEvent>> events = m_store->auditEvents(originals.at(2).incident.id, 0, 10);
    QVERIFY(events);
    QCOMPARE(events->size(), 3);
    QCOMPARE(events->at(1).type, u"incident.triaged"_s);
    QCOMPARE(events->at(2).type, u"plan.proposed"_s);
    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY(v);
    QVERIFY2(v->intact, qPrintable(v->reason));
}

void TestStore::saveIncidentsBatchIsAtomic()
{
    QList<IncidentRecord> originals;
    for (int i = 0; i < 2; ++i) {
        const Expected<Submission> sub
            = m_store->submitIncident(makeIncident(u"atomic %1"_s.arg(i)), {}, {}, draft(u"incident.created"_s));
        QVERIFY(sub);
        originals.append(sub->record);
    }
    {
        RawDb raw(m_path);
        QVERIFY(raw.exec(u"CREATE TRIGGER poison BEFORE INSERT ON audit WHEN NEW.type = 'poison' "
                         "BEGIN SELECT RAISE(ABORT, 'poisoned'); END"_s));
    }
    const qint64 audit = auditCount();
    QList<IncidentSave> saves;
    for (const IncidentRecord &original : std::as_const(originals)) {
        IncidentRecord changed = original;
        changed.incident.owner = u"erin"_s;
        saves.append({changed, original.incident.updatedAt, {draft(u"incident.assigned"_s, original.incident.id)}, {}});
    }
    saves[1].events.append(draft(u"poison"_s, originals.at(1).incident.id));
    // A database failure in the second item: nothing of the batch is kept, the head does not move.
    QVERIFY(!m_store->saveIncidents(saves));
    QCOMPARE(auditCount(), audit);
    QCOMPARE(*m_store->incident(originals.at(0).incident.id), originals.at(0));
    const Expected<AuditEvent> next = m_store->appendAudit(draft(u"ok"_s));
    QVERIFY(next);
    QCOMPARE(next->seq, audit + 1);
    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY(v && v->intact);
}

void TestStore::incidentsFilter_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("offset");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<QList<qint64>>("ids");

    // Incidents (see incidentsFilter): 1 payments/rest/new, 2 payments/alertmanager/triaged,
    // 3 search/rest/new, 4 payments/rest/triaged, 5 search/pagerduty/escalated, 6 payments/rest/new.
    const QString none;
    QTest::newRow("all") << none << none << none << 50 << 0 << qint64(6) << QList<qint64> {6, 5, 4, 3, 2, 1};
    QTest::newRow("state new") << u"new"_s << none << none << 50 << 0 << qint64(3) << QList<qint64> {6, 3, 1};
    QTest::newRow("state triaged") << u"triaged"_s << none << none << 50 << 0 << qint64(2) << QList<qint64> {4, 2};
    QTest::newRow("service") << none << u"payments"_s << none << 50 << 0 << qint64(4) << QList<qint64> {6, 4, 2, 1};
    QTest::newRow("source") << none << none << u"rest"_s << 50 << 0 << qint64(4) << QList<qint64> {6, 4, 3, 1};
    QTest::newRow("service and source") << none << u"payments"_s << u"rest"_s << 50 << 0 << qint64(3)
                                        << QList<qint64> {6, 4, 1};
    QTest::newRow("all three") << u"new"_s << u"payments"_s << u"rest"_s << 50 << 0 << qint64(2)
                               << QList<qint64> {6, 1};
    QTest::newRow("first page") << none << none << none << 2 << 0 << qint64(6) << QList<qint64> {6, 5};
    QTest::newRow("second page") << none << none << none << 2 << 2 << qint64(6) << QList<qint64> {4, 3};
    QTest::newRow("last partial page") << none << none << none << 4 << 4 << qint64(6) << QList<qint64> {2, 1};
    QTest::newRow("past the end") << none << none << none << 10 << 10 << qint64(6) << QList<qint64> {};
    QTest::newRow("filtered page") << none << u"payments"_s << none << 1 << 1 << qint64(4) << QList<qint64> {4};
    QTest::newRow("no match") << none << u"nope"_s << none << 50 << 0 << qint64(0) << QList<qint64> {};
    QTest::newRow("unknown state") << u"bogus"_s << none << none << 50 << 0 << qint64(0) << QList<qint64> {};
}

void TestStore::incidentsFilter()
{
    QFETCH(QString, state);
    QFETCH(QString, service);
    QFETCH(QString, source);
    QFETCH(int, limit);
    QFETCH(int, offset);
    QFETCH(qint64, total);
    QFETCH(QList<qint64>, ids);

    const struct
    {
        const char *service;
        const char *source;
        IncidentState state;
    } rows[] = {
        {"payments", "rest", IncidentState::New},
        {"payments", "alertmanager", IncidentState::Triaged},
        {"search", "rest", IncidentState::New},
        {"payments", "rest", IncidentState::Triaged},
        {"search", "pagerduty", IncidentState::Escalated},
        {"payments", "rest", IncidentState::New},
    };
    qint64 expectedId = 1;
    for (const auto &row : rows) {
        const Expected<Submission> sub
            = m_store->submitIncident(makeIncident(u"i%1"_s.arg(expectedId), QString::fromLatin1(row.service),
                                                   QString::fromLatin1(row.source), row.state),
                                      {}, {}, draft(u"incident.created"_s));
        QVERIFY(sub);
        QCOMPARE(sub->record.incident.id, expectedId++);
    }

    IncidentFilter filter;
    filter.state = state;
    filter.service = service;
    filter.source = source;
    filter.limit = limit;
    filter.offset = offset;
    const Expected<IncidentPage> page = m_store->incidents(filter);
    QVERIFY2(page, qPrintable(page ? QString() : page.error().message));
    QCOMPARE(page->total, total);
    QList<qint64> got;
    for (const IncidentRecord &r : page->items) {
        got.append(r.incident.id);
        if (!state.isEmpty())
            QCOMPARE(toString(r.incident.state), state);
        if (!service.isEmpty())
            QCOMPARE(r.incident.service, service);
        if (!source.isEmpty())
            QCOMPARE(r.incident.source, source);
    }
    QCOMPARE(got, ids);
}

// --- settings and evidence ------------------------------------------------

void TestStore::settings()
{
    const Expected<std::optional<QString>> absent = m_store->setting(u"freeze"_s);
    QVERIFY(absent);
    QVERIFY(!absent->has_value());

    QVERIFY(m_store->setSetting(u"freeze"_s, u"{\"active\":true}"_s, draft(u"freeze.enabled"_s, 0, {{u"r"_s, 1}})));
    QCOMPARE(auditCount(), qint64(1));
    QCOMPARE(*m_store->setting(u"freeze"_s), std::optional<QString>(u"{\"active\":true}"_s));

    QVERIFY(m_store->setSetting(u"freeze"_s, u"second"_s, draft(u"freeze.changed"_s)));
    QCOMPARE(auditCount(), qint64(2));
    QCOMPARE(*m_store->setting(u"freeze"_s), std::optional<QString>(u"second"_s));

    // An empty value is a value, not a removal.
    const Status emptyValue = m_store->setSetting(u"empty"_s, u""_s, draft(u"setting.changed"_s));
    QVERIFY2(emptyValue, qPrintable(emptyValue ? QString() : emptyValue.error().message));
    QCOMPARE(*m_store->setting(u"empty"_s), std::optional<QString>(QString()));
    QVERIFY(m_store->setSetting(u"freeze"_s, std::nullopt, draft(u"freeze.lifted"_s)));
    QCOMPARE(auditCount(), qint64(4));
    QVERIFY(!m_store->setting(u"freeze"_s)->has_value());

    const Expected<QList<AuditEvent>> events = m_store->auditEvents(0, 0, 10);
    QVERIFY(events);
    QStringList types;
    for (const AuditEvent &e : *events)
        types.append(e.type);
    QCOMPARE(types, (QStringList {u"freeze.enabled"_s, u"freeze.changed"_s, u"setting.changed"_s, u"freeze.lifted"_s}));
    QCOMPARE(events->first().payloadObject().value(u"r"_s).toInt(), 1);

    // Settings survive a reopen.
    m_store.reset();
    m_store = openStore();
    QVERIFY(m_store);
    QCOMPARE(*m_store->setting(u"empty"_s), std::optional<QString>(QString()));
    QVERIFY(!m_store->setting(u"freeze"_s)->has_value());
}

void TestStore::settingWithNullString()
{
    // A null QString is bound as SQL NULL; the other text columns COALESCE it, settings.value does not.
    const Status s = m_store->setSetting(u"key"_s, QString(), draft(u"setting.changed"_s));
    QCOMPARE(auditCount(), qint64(s ? 1 : 0)); // either both or neither
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
    QCOMPARE(*m_store->setting(u"key"_s), std::optional<QString>(QString()));
}

void TestStore::evidence()
{
    const Expected<Submission> a = m_store->submitIncident(makeIncident(u"a"_s), {}, {}, draft(u"incident.created"_s));
    const Expected<Submission> b = m_store->submitIncident(makeIncident(u"b"_s), {}, {}, draft(u"incident.created"_s));
    QVERIFY(a && b);
    const qint64 id = a->record.incident.id;

    const QStringList contents {u"TASK [check] ok=1 changed=0"_s, u"naïve ✓ — ünïcödé\nsecond line"_s, QString()};
    QList<qint64> ids;
    for (const QString &content : contents) {
        const qint64 audit = auditCount();
        Evidence ev;
        ev.incidentId = id;
        ev.stepId = u"s1"_s;
        ev.runId = u"run-1"_s;
        ev.kind = u"phase-output"_s;
        ev.title = u"check output"_s;
        ev.content = content;
        ev.createdBy = u"alice"_s;
        ev.sha256 = u"caller-supplied hashes are ignored"_s;
        const Expected<Evidence> stored
            = m_store->addEvidence(ev, draft(u"evidence.added"_s, id, {{u"kind"_s, ev.kind}}));
        QVERIFY2(stored, qPrintable(stored ? QString() : stored.error().message));
        QVERIFY(stored->id > 0);
        QCOMPARE(stored->sha256, sha256Hex(content));
        QVERIFY(stored->createdAt.isValid());
        ids.append(stored->id);

        QCOMPARE(auditCount(), audit + 1);
        const Expected<QList<AuditEvent>> events = m_store->auditEvents(0, audit, 10);
        QVERIFY(events);
        const QJsonObject payload = events->first().payloadObject();
        QCOMPARE(events->first().type, u"evidence.added"_s);
        QCOMPARE(events->first().incidentId, id);
        QCOMPARE(payload.value(u"evidence_id"_s).toInteger(), stored->id);
        QCOMPARE(payload.value(u"sha256"_s).toString(), sha256Hex(content));
        QCOMPARE(payload.value(u"kind"_s).toString(), u"phase-output"_s);
    }
    QCOMPARE(sha256Hex(QString()), u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s);

    const Expected<QList<Evidence>> list = m_store->evidence(id);
    QVERIFY(list);
    QCOMPARE(list->size(), contents.size());
    for (qsizetype i = 0; i < list->size(); ++i) {
        const Evidence &e = list->at(i);
        QCOMPARE(e.id, ids.at(i));
        QCOMPARE(e.incidentId, id);
        QCOMPARE(e.stepId, u"s1"_s);
        QCOMPARE(e.runId, u"run-1"_s);
        QCOMPARE(e.kind, u"phase-output"_s);
        QCOMPARE(e.title, u"check output"_s);
        QCOMPARE(e.content, contents.at(i));
        QCOMPARE(e.sha256, sha256Hex(contents.at(i)));
        QCOMPARE(e.createdBy, u"alice"_s);
        QVERIFY(e.createdAt.isValid());
    }
    const Expected<QList<Evidence>> other = m_store->evidence(b->record.incident.id);
    QVERIFY(other);
    QVERIFY(other->isEmpty());
}

void TestStore::evidenceForUnknownIncidentWritesNothing()
{
    Evidence ev;
    ev.incidentId = 999;
    ev.kind = u"note"_s;
    ev.content = u"orphan"_s;
    const Expected<Evidence> r = m_store->addEvidence(ev, draft(u"evidence.added"_s, 999));
    QVERIFY(!r); // foreign keys are on
    QCOMPARE(auditCount(), qint64(0));
    QVERIFY(m_store->evidence(999)->isEmpty());
    const Expected<AuditEvent> next = m_store->appendAudit(draft(u"after"_s));
    QVERIFY(next);
    QCOMPARE(next->seq, qint64(1));
}

// --- audit ----------------------------------------------------------------

void TestStore::auditEventsPaging()
{
    populateAudit(10); // incident ids alternate 1, 0, 1, 0 ...
    const Expected<QList<AuditEvent>> all = m_store->auditEvents(0, 0, 100);
    QVERIFY(all);
    QCOMPARE(all->size(), 10);
    for (qsizetype i = 0; i < all->size(); ++i) {
        QCOMPARE(all->at(i).seq, qint64(i + 1));
        QCOMPARE(all->at(i).prevHash, i == 0 ? QString(kGenesisHash) : all->at(i - 1).hash);
        QCOMPARE(all->at(i).computeHash(), all->at(i).hash);
    }
    const Expected<QList<AuditEvent>> page = m_store->auditEvents(0, 3, 4);
    QVERIFY(page);
    QCOMPARE(page->size(), 4);
    QCOMPARE(page->first().seq, qint64(4));
    QCOMPARE(page->last().seq, qint64(7));
    const Expected<QList<AuditEvent>> forOne = m_store->auditEvents(1, 0, 100);
    QVERIFY(forOne);
    QCOMPARE(forOne->size(), 5);
    for (const AuditEvent &e : *forOne) {
        QCOMPARE(e.incidentId, qint64(1));
        QVERIFY(e.seq % 2 == 1);
    }
    const Expected<QList<AuditEvent>> forOnePage = m_store->auditEvents(1, 5, 1);
    QVERIFY(forOnePage);
    QCOMPARE(forOnePage->size(), 1);
    QCOMPARE(forOnePage->first().seq, qint64(7));

    // What appendAudit returns is what is read back.
    const Expected<AuditEvent> appended = m_store->appendAudit(draft(u"x"_s, 0, {{u"z"_s, 1}, {u"a"_s, true}}));
    QVERIFY(appended);
    const Expected<QList<AuditEvent>> read = m_store->auditEvents(0, 10, 1);
    QVERIFY(read);
    QCOMPARE(read->first(), *appended);
    QCOMPARE(appended->payload, QByteArray(R"({"a":true,"z":1})"));
}

void TestStore::verifyEmpty()
{
    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY(v);
    QVERIFY(v->intact);
    QCOMPARE(v->records, qint64(0));
    QCOMPARE(v->firstBrokenSeq, qint64(0));
    QCOMPARE(v->headHash, QString(kGenesisHash));
}

void TestStore::verifyIntact()
{
    populateAudit(25);
    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY(v);
    QVERIFY2(v->intact, qPrintable(v->reason));
    QCOMPARE(v->records, qint64(25));
    QCOMPARE(v->firstBrokenSeq, qint64(0));
    QVERIFY(v->reason.isEmpty());
    const Expected<QList<AuditEvent>> last = m_store->auditEvents(0, 24, 1);
    QVERIFY(last);
    QCOMPARE(v->headHash, last->first().hash);
    const QJsonObject json = v->toJson();
    QCOMPARE(json.value(u"intact"_s).toBool(), true);
    QCOMPARE(json.value(u"records"_s).toInteger(), 25);
    QVERIFY(!json.contains(u"first_broken_seq"_s));

    // A fresh store on the same file agrees.
    m_store.reset();
    m_store = openStore();
    QVERIFY(m_store);
    const Expected<AuditVerification> again = m_store->verifyAudit();
    QVERIFY(again);
    QVERIFY(again->intact);
    QCOMPARE(again->headHash, v->headHash);
}

void TestStore::triggersBlockEdits()
{
    populateAudit(3);
    RawDb raw(m_path);
    QString error;
    QVERIFY(!raw.exec(u"UPDATE audit SET payload = '{}' WHERE seq = 2"_s, {}, &error));
    QVERIFY2(error.contains(u"append-only"_s), qPrintable(error));
    error.clear();
    QVERIFY(!raw.exec(u"DELETE FROM audit WHERE seq = 3"_s, {}, &error));
    QVERIFY2(error.contains(u"append-only"_s), qPrintable(error));
    QCOMPARE(raw.count(u"audit"_s), qint64(3));
    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY(v);
    QVERIFY2(v->intact, qPrintable(v->reason));
    QCOMPARE(v->records, qint64(3));
}

void TestStore::tamper_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<qint64>("seq");
    QTest::addColumn<qint64>("other");
    QTest::addColumn<qint64>("firstBroken");
    QTest::addColumn<QString>("reason");

    // The log holds 10 records.
    QTest::newRow("payload edited") << u"payload"_s << qint64(4) << qint64(0) << qint64(4) << u"altered"_s;
    QTest::newRow("first payload edited") << u"payload"_s << qint64(1) << qint64(0) << qint64(1) << u"altered"_s;
    QTest::newRow("last payload edited") << u"payload"_s << qint64(10) << qint64(0) << qint64(10) << u"altered"_s;
    QTest::newRow("actor edited") << u"actor"_s << qint64(6) << qint64(0) << qint64(6) << u"altered"_s;
    QTest::newRow("time edited") << u"time"_s << qint64(7) << qint64(0) << qint64(7) << u"altered"_s;
    QTest::newRow("incident edited") << u"incident"_s << qint64(2) << qint64(0) << qint64(2) << u"altered"_s;
    QTest::newRow("payload edited and rehashed")
        << u"rehash"_s << qint64(5) << qint64(0) << qint64(6) << u"prev_hash"_s;
    QTest::newRow("middle row deleted") << u"delete"_s << qint64(5) << qint64(0) << qint64(5) << u"missing"_s;
    QTest::newRow("first row deleted") << u"delete"_s << qint64(1) << qint64(0) << qint64(1) << u"missing"_s;
    QTest::newRow("adjacent rows swapped") << u"swap"_s << qint64(3) << qint64(4) << qint64(3) << u"prev_hash"_s;
    QTest::newRow("distant rows swapped") << u"swap"_s << qint64(2) << qint64(8) << qint64(2) << u"prev_hash"_s;
    QTest::newRow("last row deleted") << u"truncate"_s << qint64(10) << qint64(0) << qint64(10)
                                      << u"removed from the end"_s;
    QTest::newRow("last three rows deleted")
        << u"truncate"_s << qint64(8) << qint64(0) << qint64(8) << u"removed from the end"_s;
    QTest::newRow("every row deleted") << u"truncate"_s << qint64(1) << qint64(0) << qint64(1)
                                       << u"removed from the end"_s;
    QTest::newRow("prev_hash changed") << u"prev"_s << qint64(6) << qint64(0) << qint64(6) << u"prev_hash"_s;
    QTest::newRow("first prev_hash changed") << u"prev"_s << qint64(1) << qint64(0) << qint64(1) << u"prev_hash"_s;
    QTest::newRow("forged record appended") << u"append"_s << qint64(11) << qint64(0) << qint64(11) << QString();
    QTest::newRow("head removed") << u"nohead"_s << qint64(0) << qint64(0) << qint64(1) << u"head"_s;
}

void TestStore::tamper()
{
    QFETCH(QString, how);
    QFETCH(qint64, seq);
    QFETCH(qint64, other);
    QFETCH(qint64, firstBroken);
    QFETCH(QString, reason);

    populateAudit(10);
    {
        const Expected<AuditVerification> before = m_store->verifyAudit();
        QVERIFY(before && before->intact);
    }
    const QList<AuditEvent> events = *m_store->auditEvents(0, 0, 100);
    QCOMPARE(events.size(), 10);

    RawDb raw(m_path);
    QString error;
    QVERIFY2(raw.exec(u"DROP TRIGGER audit_no_update"_s, {}, &error), qPrintable(error));
    QVERIFY2(raw.exec(u"DROP TRIGGER audit_no_delete"_s, {}, &error), qPrintable(error));

    auto run = [&](const QString &sql, const QVariantList &binds) {
        QString e;
        const bool ok = raw.exec(sql, binds, &e);
        if (!ok)
            qWarning("%s: %s", qPrintable(sql), qPrintable(e));
        return ok;
    };
    if (how == "payload"_L1) {
        QVERIFY(run(u"UPDATE audit SET payload = ? WHERE seq = ?"_s, {u"{\"tampered\":true}"_s, seq}));
    } else if (how == "actor"_L1) {
        QVERIFY(run(u"UPDATE audit SET actor = 'mallory' WHERE seq = ?"_s, {seq}));
    } else if (how == "time"_L1) {
        const QString earlier = toIsoTime(events.at(seq - 1).time.addSecs(-3600));
        QVERIFY(run(u"UPDATE audit SET time = ? WHERE seq = ?"_s, {earlier, seq}));
    } else if (how == "incident"_L1) {
        QVERIFY(run(u"UPDATE audit SET incident_id = incident_id + 40 WHERE seq = ?"_s, {seq}));
    } else if (how == "rehash"_L1) {
        // A careful forger fixes the record's own hash; the next record still points at the old one.
        AuditEvent forged = events.at(seq - 1);
        forged.payload = R"({"tampered":true})";
        forged.hash = forged.computeHash();
        QVERIFY(run(u"UPDATE audit SET payload = ?, hash = ? WHERE seq = ?"_s,
                    {QString::fromUtf8(forged.payload), forged.hash, seq}));
    } else if (how == "delete"_L1) {
        QVERIFY(run(u"DELETE FROM audit WHERE seq = ?"_s, {seq}));
    } else if (how == "swap"_L1) {
        const QString cols = u"time, actor, incident_id, type, payload, prev_hash, hash"_s;
        const QVariantList a = raw.row(u"SELECT "_s + cols + u" FROM audit WHERE seq = ?"_s, {seq});
        const QVariantList b = raw.row(u"SELECT "_s + cols + u" FROM audit WHERE seq = ?"_s, {other});
        QCOMPARE(a.size(), 7);
        QCOMPARE(b.size(), 7);
        const QString update = u"UPDATE audit SET time = ?, actor = ?, incident_id = ?, type = ?, payload = ?, "
                               "prev_hash = ?, hash = ? WHERE seq = ?"_s;
        QVERIFY(run(update, b + QVariantList {seq}));
        QVERIFY(run(update, a + QVariantList {other}));
    } else if (how == "truncate"_L1) {
        QVERIFY(run(u"DELETE FROM audit WHERE seq >= ?"_s, {seq}));
    } else if (how == "prev"_L1) {
        QVERIFY(run(u"UPDATE audit SET prev_hash = ? WHERE seq = ?"_s, {QString(64, u'f'), seq}));
    } else if (how == "append"_L1) {
        // A well-formed record chained onto the last one, written without moving the head.
        AuditEvent forged;
        forged.seq = seq;
        forged.time = events.last().time.addMSecs(1);
        forged.actor = u"mallory"_s;
        forged.type = u"step.approved"_s;
        forged.payload = "{}";
        forged.prevHash = events.last().hash;
        forged.hash = forged.computeHash();
        QVERIFY(run(u"INSERT INTO audit(seq, time, actor, incident_id, type, payload, prev_hash, hash) "
                    "VALUES (?, ?, ?, 0, ?, ?, ?, ?)"_s,
                    {forged.seq, toIsoTime(forged.time), forged.actor, forged.type, QString::fromUtf8(forged.payload),
                     forged.prevHash, forged.hash}));
    } else if (how == "nohead"_L1) {
        QVERIFY(run(u"DELETE FROM audit_head"_s, {}));
    } else {
        QFAIL("unknown tampering");
    }

    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY2(v, qPrintable(v ? QString() : v.error().message));
    QVERIFY(!v->intact);
    QCOMPARE(v->firstBrokenSeq, firstBroken);
    if (!reason.isEmpty())
        QVERIFY2(v->reason.contains(reason), qPrintable(v->reason));
    if (how == "append"_L1) {
        QVERIFY2(!v->reason.contains(u"removed"_s), qPrintable(v->reason));
    }
    const QJsonObject json = v->toJson();
    QCOMPARE(json.value(u"intact"_s).toBool(), false);
    QCOMPARE(json.value(u"first_broken_seq"_s).toInteger(), v->firstBrokenSeq);
    QCOMPARE(json.value(u"reason"_s).toString(), v->reason);
}

void TestStore::batchOfTenThousand()
{
    populateAudit(2);
    QList<AuditDraft> batch;
    batch.reserve(10000);
    for (int i = 0; i < 10000; ++i)
        batch.append({u"bench"_s, i % 7, u"bulk.event"_s, {{u"i"_s, i}, {u"pad"_s, u"x"_s.repeated(i % 50)}}});
    const Status s = m_store->appendAuditBatch(batch);
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message));

    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY(v);
    QVERIFY2(v->intact, qPrintable(v->reason));
    QCOMPARE(v->records, qint64(10002));

    const Expected<QList<AuditEvent>> events = m_store->auditEvents(0, 0, 20000);
    QVERIFY(events);
    QCOMPARE(events->size(), 10002);
    for (qsizetype i = 1; i < events->size(); ++i) {
        const AuditEvent &prev = events->at(i - 1);
        const AuditEvent &e = events->at(i);
        QCOMPARE(e.seq, prev.seq + 1);
        if (e.time < prev.time)
            QFAIL(qPrintable(
                u"time went backwards at seq %1: %2 < %3"_s.arg(e.seq).arg(toIsoTime(e.time), toIsoTime(prev.time))));
        if (e.prevHash != prev.hash)
            QFAIL(qPrintable(u"chain broken at seq %1"_s.arg(e.seq)));
    }
    QCOMPARE(events->at(2).payloadObject().value(u"i"_s).toInt(), 0);
    QCOMPARE(events->last().payloadObject().value(u"i"_s).toInt(), 9999);

    // The store's head moved with the batch.
    const Expected<AuditEvent> next = m_store->appendAudit(draft(u"after.batch"_s));
    QVERIFY(next);
    QCOMPARE(next->seq, qint64(10003));
    QCOMPARE(next->prevHash, v->headHash);
    QVERIFY(next->time >= events->last().time);
    QVERIFY(m_store->verifyAudit()->intact);

    // An empty batch is harmless.
    QVERIFY(m_store->appendAuditBatch({}));
    QVERIFY(m_store->verifyAudit()->intact);
}

/// The records and payloads are bound as UTF-8 bytes (no UTF-16 round
/// trip) and must still be stored as TEXT, on every write path: SQLite's
/// JSON functions and anyone with the sqlite3 shell read them as text.
void TestStore::documentsAreUtf8TextOnEveryPath()
{
    // Checked after each write: a later write of the same row would hide an earlier one.
    auto allText = [this] {
        RawDb raw(m_path);
        return raw.scalar(u"SELECT COUNT(*) FROM incidents WHERE typeof(doc) <> 'text'"_s).toLongLong() == 0
            && raw.scalar(u"SELECT COUNT(*) FROM audit WHERE typeof(payload) <> 'text'"_s).toLongLong() == 0;
    };
    const QString title = u"Zahlungen fallen aus: Größe \"ü\" 日本 🚨"_s;
    // submitIncident
    Expected<Submission> sub
        = m_store->submitIncident(makeIncident(title), {}, {}, draft(u"incident.created"_s, 0, {{u"title"_s, title}}));
    QVERIFY(sub);
    QVERIFY(allText());
    IncidentRecord record = sub->record;
    // saveIncident
    const QDateTime before = record.incident.updatedAt;
    record.incident.state = IncidentState::Triaged;
    QVERIFY(m_store->saveIncident(record, before, draft(u"incident.triaged"_s, record.incident.id, {{u"t"_s, title}})));
    QVERIFY(allText());
    // saveIncidents with the caller's encoding
    IncidentRecord encodedRecord = record;
    encodedRecord.incident.state = IncidentState::Planned;
    encodedRecord.incident.updatedAt = record.incident.updatedAt.addMSecs(5);
    const QJsonObject payload {{u"plan"_s, title}};
    QList<IncidentSave> saves {
        {encodedRecord, record.incident.updatedAt, {draft(u"plan.proposed"_s, record.incident.id, payload)}, {}}};
    const QList<EncodedSave> encodings {{QJsonDocument(encodedRecord.toJson()).toJson(QJsonDocument::Compact),
                                         {AuditEvent::canonicalPayload(payload)}}};
    QVERIFY(m_store->saveIncidents(saves, encodings));
    QVERIFY(!saves.first().error);
    QVERIFY(allText());
    // commitIngest: a new incident and an update
    IncidentRecord ingested = makeIncident(title, u"checkout"_s, u"alertmanager"_s);
    QList<IngestChange> changes {IngestChange {ingested, true, {}, {}, {}, {draft(u"incident.created"_s)}}};
    QVERIFY(m_store->commitIngest(changes, {}, false));
    QVERIFY(allText());
    // The ingest path writes its record from pieces: the same bytes as the record's own JSON.
    const qint64 ingestedId = changes.first().record.incident.id;
    {
        // (The row id is the incident id: a new row's document does not repeat it.)
        IncidentRecord expected = m_store->incident(ingestedId).value();
        expected.incident.id = 0;
        QCOMPARE(RawDb(m_path).scalar(u"SELECT doc FROM incidents WHERE id = ?"_s, {ingestedId}).toString().toUtf8(),
                 QJsonDocument(expected.toJson()).toJson(QJsonDocument::Compact));
    }
    IncidentRecord stored = m_store->incident(changes.first().record.incident.id).value();
    QList<IngestChange> update {IngestChange {stored, false, stored.incident.updatedAt, {}, {}, {}}};
    update.first().record.incident.eventCount = 2;
    QVERIFY(m_store->commitIngest(update, {}, false));
    QVERIFY(allText());

    RawDb raw(m_path);
    QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM incidents WHERE json_extract(doc, '$.incident.title') = ?"_s, {title})
                 .toLongLong(),
             2);
    QCOMPARE(
        raw.scalar(u"SELECT json_extract(doc, '$.incident.state') FROM incidents WHERE id = ?"_s, {record.incident.id})
            .toString(),
        u"planned"_s);
    QCOMPARE(raw.scalar(u"SELECT json_extract(payload, '$.plan') FROM audit WHERE type = 'plan.proposed'"_s).toString(),
             title);
    QCOMPARE(m_store->incident(record.incident.id)->incident.title, title);
    QCOMPARE(m_store->incident(changes.first().record.incident.id)->incident.eventCount, 2);
    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY(v);
    QVERIFY2(v->intact, qPrintable(v->reason));
}

void TestStore::checkpointerSkipsAnUnchangedLog()
{
    // Its own database (the fixture's store has a checkpointer of its own).
    QTemporaryDir dir;
    const QString path = dir.filePath(u"wal.db"_s);
    {
        SqliteStore store(path); // WAL mode, the schema
        QVERIFY(store.open());
    }
    RawDb raw(path);
    QVERIFY(raw.exec(u"PRAGMA journal_mode=WAL"_s));
    QVERIFY(raw.exec(u"PRAGMA wal_autocheckpoint=0"_s)); // only the checkpointer moves the log
    WalCheckpointer checkpointer(path, 20);
    QVERIFY(raw.exec(u"INSERT INTO settings(key, value) VALUES ('a', '1')"_s));
    QTRY_VERIFY(checkpointer.checkpoints() >= 1);
    checkpointer.checkpointNow(); // wait for the one in flight
    const qint64 afterWrite = checkpointer.checkpoints();
    // Idle: the ticks go on, no connection is opened.
    QTRY_VERIFY(checkpointer.skipped() >= 5);
    QCOMPARE(checkpointer.checkpoints(), afterWrite);
    // A write (the log changes): the next tick checkpoints again.
    QTest::qWait(5); // past the last time the log was seen at
    QVERIFY(raw.exec(u"INSERT INTO settings(key, value) VALUES ('b', '2')"_s));
    QTRY_VERIFY(checkpointer.checkpoints() > afterWrite);
}

/// The lookup columns beside the record (severity, category, response
/// times, the next task deadline) are written in the same UPDATE as the
/// record, on each update path.
void TestStore::derivedColumnsFollowEveryUpdatePath()
{
    Expected<Submission> sub
        = m_store->submitIncident(makeIncident(u"derived"_s), {}, {}, draft(u"incident.created"_s));
    QVERIFY(sub);
    IncidentRecord record = sub->record;
    const qint64 id = record.incident.id;
    auto column = [&](const char *name) {
        return RawDb(m_path).scalar(u"SELECT %1 FROM incidents WHERE id = ?"_s.arg(QLatin1StringView(name)), {id});
    };
    QVERIFY(column("category").isNull());
    // saveIncident: a classification (its severity stands in for a declared one).
    Classification c;
    c.category = u"dependency"_s;
    c.severity = Severity::Sev2;
    record.classification = c;
    QDateTime before = record.incident.updatedAt;
    QVERIFY(m_store->saveIncident(record, before, draft(u"incident.triaged"_s, id)));
    QCOMPARE(column("category").toString(), u"dependency"_s);
    QCOMPARE(column("severity").toString(), toString(Severity::Sev2));
    // saveIncidents with the caller's encoding: mitigated.
    IncidentRecord mitigated = record;
    mitigated.incident.mitigatedAt = record.incident.updatedAt.addSecs(60);
    mitigated.incident.updatedAt = record.incident.updatedAt.addSecs(60);
    QList<IncidentSave> saves {{mitigated, record.incident.updatedAt, {draft(u"incident.mitigated"_s, id)}, {}}};
    QVERIFY(m_store->saveIncidents(
        saves,
        {{QJsonDocument(mitigated.toJson()).toJson(QJsonDocument::Compact), {AuditEvent::canonicalPayload({})}}}));
    QVERIFY(!saves.first().error);
    QCOMPARE(column("mitigated_at").toString(), toIsoTime(mitigated.incident.mitigatedAt));
    // commitIngest's update: acknowledged by the source, a declared severity.
    IncidentRecord stored = m_store->incident(id).value();
    QList<IngestChange> changes {IngestChange {stored, false, stored.incident.updatedAt, {}, {}, {}}};
    changes.first().record.incident.acknowledgedAt = stored.incident.updatedAt.addSecs(5);
    changes.first().record.incident.severity = Severity::Sev1;
    QVERIFY(m_store->commitIngest(changes, {}, false));
    QCOMPARE(column("acknowledged_at").toString(), toIsoTime(changes.first().record.incident.acknowledgedAt));
    QCOMPARE(column("severity").toString(), toString(Severity::Sev1));
    QCOMPARE(column("mitigated_at").toString(), toIsoTime(mitigated.incident.mitigatedAt));
    QCOMPARE(m_store->responseTimes().value().size(), 1);
}

/// A repeat that changes only the record (its counter) sets no indexed
/// column, so SQLite leaves their indexes alone; a change of state, or a row
/// someone else wrote meanwhile, still gets every column it needs.
void TestStore::ingestRepeatsSetOnlyTheColumnsThatChange()
{
    {
        // Which UPDATEs name the indexed columns (an UPDATE OF trigger fires
        // when its column is set, changed or not).
        RawDb raw(m_path);
        QVERIFY(raw.exec(u"CREATE TABLE set_log (col TEXT)"_s));
        for (const char *col : {"state", "service", "resolved_at"})
            QVERIFY(raw.exec(u"CREATE TRIGGER log_%1 AFTER UPDATE OF %1 ON incidents BEGIN "
                             "INSERT INTO set_log VALUES ('%1'); END"_s.arg(QLatin1StringView(col))));
    }
    auto sets = [&](const char *col) {
        return RawDb(m_path)
            .scalar(u"SELECT COUNT(*) FROM set_log WHERE col = ?"_s, {QLatin1StringView(col)})
            .toLongLong();
    };
    QList<IngestChange> created {
        IngestChange {makeIncident(u"repeats"_s, u"checkout"_s, u"alertmanager"_s), true, {}, {}, {}, {}}};
    QVERIFY(m_store->commitIngest(created, {}, false));
    const qint64 id = created.first().record.incident.id;
    auto column = [&](const char *name) {
        return RawDb(m_path).scalar(u"SELECT %1 FROM incidents WHERE id = ?"_s.arg(QLatin1StringView(name)), {id});
    };
    auto repeat = [&](const IncidentRecord &from, auto change) {
        QList<IngestChange> update {IngestChange {from, false, from.incident.updatedAt, {}, {}, {}}};
        change(update.first().record.incident);
        if (!m_store->commitIngest(update, {}, false))
            return IncidentRecord {};
        return update.first().record;
    };
    // The first update after the row was created writes every column.
    IncidentRecord r = repeat(created.first().record, [](Incident &i) { i.eventCount = 2; });
    QCOMPARE(r.incident.id, id);
    QCOMPARE(sets("state"), 1);
    // Then repeats set only what changed: no indexed column.
    for (int n = 3; n <= 5; ++n)
        r = repeat(r, [n](Incident &i) { i.eventCount = n; });
    QCOMPARE(sets("state"), 1);
    QCOMPARE(sets("service"), 1);
    QCOMPARE(m_store->incident(id)->incident.eventCount, 5);
    // A resolve sets the state and the resolution time, not the service.
    r = repeat(r, [](Incident &i) {
        i.state = IncidentState::Resolved;
        i.resolvedAt = i.updatedAt.addSecs(30);
    });
    QCOMPARE(sets("state"), 2);
    QCOMPARE(sets("resolved_at"), 2);
    QCOMPARE(sets("service"), 1);
    QCOMPARE(column("state").toString(), u"resolved"_s);
    QCOMPARE(column("resolved_at").toString(), toIsoTime(r.incident.resolvedAt));
    // Someone else moves the incident to another service: the next repeat,
    // from what is stored, knows nothing of the row and sets every column.
    IncidentRecord moved = m_store->incident(id).value();
    const QDateTime before = moved.incident.updatedAt;
    moved.incident.service = u"payments"_s;
    QVERIFY(m_store->saveIncident(moved, before, draft(u"incident.updated"_s, id)));
    QCOMPARE(column("service").toString(), u"payments"_s);
    const qint64 serviceSets = sets("service");
    r = repeat(m_store->incident(id).value(), [](Incident &i) { i.eventCount = 7; });
    QCOMPARE(sets("service"), serviceSets + 1);
    QCOMPARE(column("service").toString(), u"payments"_s);
    QCOMPARE(m_store->incident(id)->incident.eventCount, 7);
    // A stale record is still refused by the lock, whatever it would set.
    QList<IngestChange> stale {IngestChange {moved, false, before, {}, {}, {}}};
    const Status refused = m_store->commitIngest(stale, {}, false);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ErrorCode::Conflict);
}

void TestStore::timeNeverGoesBackwardsAcrossReopen()
{
    populateAudit(2);
    const AuditEvent last = m_store->auditEvents(0, 1, 1)->first();
    m_store.reset();
    // A valid record from a clock that ran an hour ahead (e.g. another host).
    AuditEvent ahead;
    ahead.seq = 3;
    ahead.time = QDateTime::currentDateTimeUtc().addSecs(3600);
    ahead.actor = u"other-host"_s;
    ahead.type = u"clock.ahead"_s;
    ahead.payload = "{}";
    ahead.prevHash = last.hash;
    ahead.hash = ahead.computeHash();
    {
        RawDb raw(m_path);
        QString error;
        QVERIFY2(raw.exec(u"INSERT INTO audit(seq, time, actor, incident_id, type, payload, prev_hash, hash) "
                          "VALUES (?, ?, ?, 0, ?, ?, ?, ?)"_s,
                          {ahead.seq, toIsoTime(ahead.time), ahead.actor, ahead.type, QString::fromUtf8(ahead.payload),
                           ahead.prevHash, ahead.hash},
                          &error),
                 qPrintable(error));
        QVERIFY2(raw.exec(u"UPDATE audit_head SET seq = ?, hash = ?"_s, {ahead.seq, ahead.hash}, &error),
                 qPrintable(error));
    }
    m_store = openStore();
    QVERIFY(m_store);
    QVERIFY(m_store->verifyAudit()->intact);
    const Expected<AuditEvent> next = m_store->appendAudit(draft(u"after"_s));
    QVERIFY(next);
    QCOMPARE(next->seq, qint64(4));
    QVERIFY2(next->time >= ahead.time, qPrintable(toIsoTime(next->time) + u" < "_s + toIsoTime(ahead.time)));
    const Expected<Submission> sub
        = m_store->submitIncident(makeIncident(u"t"_s), {}, {}, draft(u"incident.created"_s));
    QVERIFY(sub);
    const Expected<QList<AuditEvent>> tail = m_store->auditEvents(0, 4, 1);
    QVERIFY(tail);
    QVERIFY(tail->first().time >= ahead.time);
    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY(v);
    QVERIFY2(v->intact, qPrintable(v->reason));
}

void TestStore::wipedLogWithIncidentsIsCaught()
{
    // Chain and head removed together leave a consistent-looking empty log;
    // the incidents it recorded are still there and give it away.
    for (int i = 0; i < 3; ++i)
        QVERIFY(m_store->submitIncident(makeIncident(u"wiped %1"_s.arg(i)), {}, {}, draft(u"incident.created"_s)));
    QVERIFY(m_store->verifyAudit()->intact);
    RawDb raw(m_path);
    QString error;
    for (const QString &sql : {u"DROP TRIGGER audit_no_delete"_s, u"DELETE FROM audit"_s, u"DELETE FROM audit_head"_s})
        QVERIFY2(raw.exec(sql, {}, &error), qPrintable(error));
    const Expected<AuditVerification> v = m_store->verifyAudit();
    QVERIFY(v);
    QVERIFY(!v->intact);
    QCOMPARE(v->records, qint64(0));
    QVERIFY2(v->reason.contains(u"has no incident.created record"_s), qPrintable(v->reason));
    // The offline, read-only verifier agrees.
    const Expected<AuditVerification> offline = SqliteStore::verifyAuditFile(m_path);
    QVERIFY(offline);
    QVERIFY(!offline->intact);
}

void TestStore::databaseIsPrivate()
{
    // Every incident is in the file: its owner alone may read it.
    const QFileDevice::Permissions p = QFile(m_path).permissions();
    QVERIFY(p & QFileDevice::ReadOwner);
    QVERIFY(
        !(p & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther)));
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
