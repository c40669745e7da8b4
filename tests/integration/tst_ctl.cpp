// Integration tests of the command line, warroomctl, run as a child process
// against the real warroomd on loopback (see DaemonProcess) and, for the
// offline audit check, against the daemon's database after it stopped.

#include "apiclient.h"
#include "auditevent.h"
#include "daemonprocess.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using warroom::ApiResponse;
using warroom::waitFor;
using warroom::test::DaemonProcess;

namespace {

/// Where no server listens: every network command must end with exit code 3.
const QString kNowhere = u"http://127.0.0.1:1"_s;

/// Sentinels for auditVerifyOffline's brokenSeq column.
constexpr int kLastRecord = -1; ///< the last record the daemon wrote
constexpr int kAfterLast = -2; ///< one past it

QString ctlExecutable()
{
    // ctest sets WARROOMCTL; run by hand, the build tree's binary is used.
    return QProcessEnvironment::systemEnvironment().value(u"WARROOMCTL"_s,
                                                          QStringLiteral(WARROOM_BINARY_DIR "/app/warroomctl"));
}

/// One finished run of warroomctl.
struct CtlRun
{
    QStringList arguments;
    bool finished = false;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    int exitCode = -1;
    QString out;
    QString err;
    QString problem; ///< why it did not run to the end

    bool exitedWith(int code) const { return finished && exitStatus == QProcess::NormalExit && exitCode == code; }
    QStringList lines() const { return out.split(u'\n', Qt::SkipEmptyParts); }
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    /// Everything a failure message needs.
    QString describe() const
    {
        return u"warroomctl %1\n  -> %2 exit %3%4\n  stdout: %5\n  stderr: %6"_s
            .arg(arguments.join(u' '), exitStatus == QProcess::NormalExit ? u"normal"_s : u"crashed"_s)
            .arg(exitCode)
            .arg(problem.isEmpty() ? QString() : u" ("_s + problem + u')', out.left(2000), err.left(2000));
    }
};

/// Runs warroomctl with `arguments`, `input` on its stdin and an environment
/// without the caller's WARROOM_* variables plus `environment` ("NAME=value").
CtlRun runCtl(const QStringList &arguments, const QByteArray &input = {}, const QStringList &environment = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList names = env.keys();
    for (const QString &name : names) {
        if (name.startsWith("WARROOM_"_L1))
            env.remove(name);
    }
    for (const QString &pair : environment) {
        const qsizetype eq = pair.indexOf(u'=');
        env.insert(pair.left(eq), pair.mid(eq + 1));
    }
    CtlRun run;
    run.arguments = arguments;
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProgram(ctlExecutable());
    process.setArguments(arguments);
    process.start();
    if (!process.waitForStarted(10000)) {
        run.problem = u"cannot start %1: %2"_s.arg(ctlExecutable(), process.errorString());
        return run;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    run.finished = process.waitForFinished(20000);
    if (!run.finished) {
        run.problem = u"still running after 20 s, killed"_s;
        process.kill();
        process.waitForFinished(2000);
    }
    run.exitStatus = process.exitStatus();
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

/// --server and --token for `user` on `daemon`, then `arguments`.
QStringList as(const DaemonProcess &daemon, const QString &user, const QStringList &arguments)
{
    return QStringList {u"--server"_s, daemon.baseUrl().toString(), u"--token"_s, daemon.token(user)} + arguments;
}

bool matches(const QString &pattern, const QString &text)
{
    return QRegularExpression(pattern, QRegularExpression::MultilineOption).match(text).hasMatch();
}

/// A table as warroomctl prints it: a header of column names, then rows whose
/// cells start where their column's name starts.
struct Table
{
    QStringList columns;
    QList<QHash<QString, QString>> rows;

    QStringList column(const QString &name) const
    {
        QStringList out;
        for (const auto &row : rows)
            out.append(row.value(name));
        return out;
    }
};

Table parseTable(const QStringList &lines)
{
    Table table;
    if (lines.isEmpty())
        return table;
    static const QRegularExpression kName(u"\\S+"_s);
    QList<qsizetype> starts;
    for (auto it = kName.globalMatch(lines.first()); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        table.columns.append(m.captured());
        starts.append(m.capturedStart());
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        QHash<QString, QString> row;
        for (qsizetype c = 0; c < starts.size(); ++c) {
            const qsizetype from = starts.at(c);
            const qsizetype to = c + 1 < starts.size() ? starts.at(c + 1) : line.size();
            row.insert(table.columns.at(c), line.mid(from, to - from).trimmed());
        }
        table.rows.append(row);
    }
    return table;
}

/// The plan table of `show`: from the line after "Plan:" to the end, the step results or the freeze line.
Table planTable(const CtlRun &show)
{
    const QStringList lines = show.lines();
    const qsizetype plan = lines.indexOf(u"Plan:"_s);
    if (plan < 0)
        return {};
    QStringList table;
    for (qsizetype i = plan + 1;
         i < lines.size() && !lines.at(i).startsWith("FROZEN"_L1) && lines.at(i) != "Step results:"_L1; ++i)
        table.append(lines.at(i));
    return parseTable(table);
}

QHash<QString, QString> rowWhere(const Table &table, const QString &column, const QString &value)
{
    for (const auto &row : table.rows) {
        if (row.value(column) == value)
            return row;
    }
    return {};
}

QStringList keysOf(const QJsonArray &items, const QString &field = u"key"_s)
{
    QStringList out;
    for (const QJsonValue &v : items)
        out.append(v.toObject().value(field).toVariant().toString());
    return out;
}

/// `list` options for a URL query ("status=new&limit=2" -> --status new --limit 2).
QStringList optionsFor(const QUrlQuery &query)
{
    QStringList out;
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &item : items)
        out += {u"--"_s + item.first, item.second};
    return out;
}

QByteArray fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

/// Recomputes and stores the hash of the one audit record matching `where`,
/// as someone who knows the hashing scheme would after editing it.
QString rehashRecord(QSqlDatabase &db, const QString &where)
{
    QSqlQuery q(db);
    if (!q.exec(u"SELECT seq, time, actor, incident_id, type, payload, prev_hash FROM audit WHERE "_s + where)
        || !q.next())
        return u"no audit record where %1: %2"_s.arg(where, q.lastError().text());
    warroom::AuditEvent e;
    e.seq = q.value(0).toLongLong();
    e.time = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
    e.actor = q.value(2).toString();
    e.incidentId = q.value(3).toLongLong();
    e.type = q.value(4).toString();
    e.payload = q.value(5).toString().toUtf8();
    e.prevHash = q.value(6).toString();
    QSqlQuery update(db);
    update.prepare(u"UPDATE audit SET hash = ? WHERE seq = ?"_s);
    update.addBindValue(e.computeHash());
    update.addBindValue(e.seq);
    if (!update.exec())
        return u"cannot rehash record %1: %2"_s.arg(e.seq).arg(update.lastError().text());
    return {};
}

/// Edits the database at `path` behind the daemon's back; an error, or empty.
QString tamper(const QString &path, const QStringList &statements, const QString &rehashWhere)
{
    static int connections = 0;
    const QString name = u"tst_ctl-tamper-%1"_s.arg(++connections);
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open()) {
            error = u"cannot open %1: %2"_s.arg(path, db.lastError().text());
        } else {
            // The log refuses edits until its triggers are gone.
            QSqlQuery probe(db);
            if (probe.exec(u"UPDATE audit SET actor = actor WHERE seq = 1"_s))
                error = u"the audit log accepted an UPDATE with its triggers in place"_s;
            else if (!probe.lastError().text().contains("append-only"_L1))
                error = u"unexpected refusal: "_s + probe.lastError().text();
            for (const QString &sql : statements) {
                if (!error.isEmpty())
                    break;
                QSqlQuery q(db);
                if (!q.exec(sql))
                    error = u"%1: %2"_s.arg(sql, q.lastError().text());
            }
            if (error.isEmpty() && !rehashWhere.isEmpty())
                error = rehashRecord(db, rehashWhere);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

qint64 auditRowCount(const QString &path)
{
    static int connections = 0;
    const QString name = u"tst_ctl-count-%1"_s.arg(++connections);
    qint64 count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(u"SELECT COUNT(*) FROM audit"_s) && q.next())
                count = q.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return count;
}

} // namespace

class tst_Ctl final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knowledgeLint_data();
    void knowledgeLint();
    void initTestCase();
    void cleanupTestCase();

    void submit_data();
    void submit();
    void submitTwice_data();
    void submitTwice();
    void submitRefused_data();
    void submitRefused();

    void list_data();
    void list();
    void listReportsTheServersReason_data();
    void listReportsTheServersReason();

    void show_data();
    void show();
    void showJson();

    void decide_data();
    void decide();
    void freezeAndUnfreeze();
    void planSubmit();
    void incidentLifecycle();

    void credentials_data();
    void credentials();
    void exitCodes_data();
    void exitCodes();

    void tokenNew();
    void tokenHash_data();
    void tokenHash();
    void tokenNewIsAcceptedByTheDaemon();
    void tls_data();
    void tls();

    void auditVerifyOnline_data();
    void auditVerifyOnline();
    void auditList_data();
    void auditList();
    void auditVerifyOffline_data();
    void auditVerifyOffline();
    void auditVerifyOfflineNeedsADatabase_data();
    void auditVerifyOfflineNeedsADatabase();
    void auditVerifyOfflineOfAnEmptyFile();

private:
    /// A new daemon on its own data, stopped (with the others, in parallel)
    /// at the end; null and m_startError when it does not start.
    DaemonProcess *freshDaemon(const QString &configFile = {});
    /// The incident total as the API reports it to dave, or -1.
    qint64 incidentTotal();
    /// A self-signed certificate and a config naming it (once); an error, "skip: why", or empty.
    QString prepareTls();

    std::unique_ptr<DaemonProcess> m_daemon; ///< shared by the tests that leave INC-1 and the freeze alone
    std::vector<std::unique_ptr<DaemonProcess>> m_fresh;
    QString m_startError;
    QTemporaryDir m_files;
    QString m_tlsConfig;
    QString m_tlsCertificate;
};

DaemonProcess *tst_Ctl::freshDaemon(const QString &configFile)
{
    auto daemon = std::make_unique<DaemonProcess>();
    daemon->setConfigFile(configFile);
    if (!daemon->start()) {
        m_startError = daemon->errorString();
        return nullptr;
    }
    m_fresh.push_back(std::move(daemon));
    return m_fresh.back().get();
}

qint64 tst_Ctl::incidentTotal()
{
    auto dave = m_daemon->client(u"dave"_s);
    const ApiResponse r = waitFor(dave->incidents(QUrlQuery {{u"limit"_s, u"1"_s}}));
    return r.status == 200 ? r.json.value(u"total"_s).toInteger() : -1;
}

QString tst_Ctl::prepareTls()
{
    if (!m_tlsConfig.isEmpty())
        return {};
    if (!QSslSocket::supportsSsl())
        return u"skip: Qt has no TLS backend here"_s;
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty())
        return u"skip: the openssl binary is not installed"_s;
    const QString cert = m_files.filePath(u"cert.pem"_s);
    const QString key = m_files.filePath(u"key.pem"_s);
    QProcess gen;
    gen.setProcessChannelMode(QProcess::MergedChannels);
    gen.start(openssl,
              {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, key, u"-out"_s, cert,
               u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s});
    if (!gen.waitForFinished(30000) || gen.exitStatus() != QProcess::NormalExit || gen.exitCode() != 0)
        return u"openssl failed: "_s + QString::fromLocal8Bit(gen.readAll());
    const QString configPath = m_files.filePath(u"tls.yaml"_s);
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly))
        return config.errorString();
    config.write("tls:\n  certificate: \"" + cert.toUtf8() + "\"\n  key: \"" + key.toUtf8() + "\"\n");
    config.close();
    m_tlsCertificate = cert;
    m_tlsConfig = configPath;
    return {};
}

// --- set-up ----------------------------------------------------------------

void tst_Ctl::initTestCase()
{
    QVERIFY2(QFile::exists(ctlExecutable()),
             qPrintable(u"set WARROOMCTL to the warroomctl executable (now \"%1\")"_s.arg(ctlExecutable())));
    QVERIFY2(m_files.isValid(), qPrintable(m_files.errorString()));
    m_daemon = std::make_unique<DaemonProcess>();
    QVERIFY2(m_daemon->start(), qPrintable(m_daemon->errorString()));
}

void tst_Ctl::cleanupTestCase()
{
    // SIGTERM to all first: the daemons shut down side by side.
    for (const auto &daemon : m_fresh) {
        if (daemon->isRunning())
            daemon->process()->terminate();
    }
    if (m_daemon && m_daemon->isRunning())
        m_daemon->process()->terminate();
    for (const auto &daemon : m_fresh) {
        daemon->process()->waitForFinished(5000);
        QVERIFY(daemon->stop());
    }
    if (m_daemon) {
        m_daemon->process()->waitForFinished(5000);
        QVERIFY(m_daemon->stop());
        QCOMPARE(m_daemon->process()->exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_daemon->process()->exitCode(), 0);
    }
}

// --- submit ----------------------------------------------------------------

void tst_Ctl::submit_data()
{
    QTest::addColumn<QStringList>("arguments"); // after "submit"; %FILE% is the file below
    QTest::addColumn<QByteArray>("file"); // written to %FILE% when not empty
    QTest::addColumn<QByteArray>("input"); // stdin
    QTest::addColumn<QJsonObject>("expected"); // fields of the stored incident

    QTest::addRow("table")
        << QStringList {u"--title"_s, u"ctl table submit"_s, u"--service"_s, u"ctl-svc"_s, u"--priority"_s, u"P3"_s}
        << QByteArray() << QByteArray()
        << QJsonObject {{u"title"_s, u"ctl table submit"_s}, {u"service"_s, u"ctl-svc"_s}, {u"priority"_s, u"P3"_s}};
    QTest::addRow("json") << QStringList {u"--json"_s, u"--title"_s, u"ctl json submit"_s, u"--description"_s,
                                          u"printed as JSON"_s}
                          << QByteArray() << QByteArray()
                          << QJsonObject {{u"title"_s, u"ctl json submit"_s}, {u"description"_s, u"printed as JSON"_s}};
    QTest::addRow("every option")
        << QStringList {u"--title"_s,   u"ctl every option"_s, u"--description"_s, u"all the fields"_s,
                        u"--service"_s, u"ctl-every"_s,        u"--priority"_s,    u"P2"_s,
                        u"--source"_s,  u"ctl-test"_s,         u"--external-id"_s, u"ctl-ext-every"_s}
        << QByteArray() << QByteArray()
        << QJsonObject {{u"title"_s, u"ctl every option"_s}, {u"description"_s, u"all the fields"_s},
                        {u"service"_s, u"ctl-every"_s},      {u"priority"_s, u"P2"_s},
                        {u"source"_s, u"ctl-test"_s},        {u"external_id"_s, u"ctl-ext-every"_s}};
    QTest::addRow("file") << QStringList {u"--file"_s, u"%FILE%"_s}
                          << QByteArray(R"({"title": "ctl from a file", "service": "file-svc", "priority": "P1",
                          "labels": {"team": "sre"}})")
                          << QByteArray()
                          << QJsonObject {{u"title"_s, u"ctl from a file"_s},
                                          {u"service"_s, u"file-svc"_s},
                                          {u"priority"_s, u"P1"_s},
                                          {u"labels"_s, QJsonObject {{u"team"_s, u"sre"_s}}}};
    QTest::addRow("options override the file")
        << QStringList {u"--file"_s, u"%FILE%"_s, u"--priority"_s, u"P2"_s, u"--service"_s, u"override-svc"_s}
        << QByteArray(R"({"title": "ctl file and options", "service": "file-svc", "priority": "P4"})") << QByteArray()
        << QJsonObject {
               {u"title"_s, u"ctl file and options"_s}, {u"service"_s, u"override-svc"_s}, {u"priority"_s, u"P2"_s}};
    QTest::addRow("stdin") << QStringList {u"--file"_s, u"-"_s} << QByteArray()
                           << QByteArray(R"({"title": "ctl from stdin", "service": "pipe-svc", "priority": "P2"})")
                           << QJsonObject {{u"title"_s, u"ctl from stdin"_s},
                                           {u"service"_s, u"pipe-svc"_s},
                                           {u"priority"_s, u"P2"_s}};
    QTest::addRow("stdin, json") << QStringList {u"--json"_s, u"--file"_s, u"-"_s} << QByteArray()
                                 << QByteArray(R"({"title": "ctl from stdin as json"})")
                                 << QJsonObject {{u"title"_s, u"ctl from stdin as json"_s}};
}

void tst_Ctl::submit()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, file);
    QFETCH(QByteArray, input);
    QFETCH(QJsonObject, expected);

    if (!file.isEmpty()) {
        const QString path = QDir(m_files.path()).filePath(QString::fromLatin1(QTest::currentDataTag()) + u".json"_s);
        QFile f(path);
        QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(f.errorString()));
        f.write(file);
        f.close();
        arguments.replaceInStrings(u"%FILE%"_s, path);
    }
    const bool json = arguments.contains(u"--json"_s);
    const CtlRun run = runCtl(as(*m_daemon, u"carol"_s, QStringList {u"submit"_s} + arguments), input);
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.describe()));

    qint64 id = 0;
    if (json) {
        // The record, as the server answered.
        const QJsonObject incident = run.json().value(u"incident"_s).toObject();
        QVERIFY2(!incident.isEmpty(), qPrintable(run.describe()));
        id = incident.value(u"id"_s).toInteger();
        QCOMPARE(incident.value(u"key"_s).toString(), u"INC-%1"_s.arg(id));
        QCOMPARE(incident.value(u"title"_s).toString(), expected.value(u"title"_s).toString());
        QCOMPARE(incident.value(u"state"_s).toString(), u"new"_s);
    } else {
        static const QRegularExpression kCreated(u"^INC-(\\d+) created: (.*)\n$"_s);
        const QRegularExpressionMatch m = kCreated.match(run.out);
        QVERIFY2(m.hasMatch(), qPrintable(run.describe()));
        id = m.captured(1).toLongLong();
        QCOMPARE(m.captured(2), expected.value(u"title"_s).toString());
    }
    QVERIFY(id > 0);

    auto dave = m_daemon->client(u"dave"_s);
    const ApiResponse stored = waitFor(dave->incident(id));
    QCOMPARE(stored.status, 200);
    const QJsonObject incident = stored.json.value(u"incident"_s).toObject();
    for (auto it = expected.constBegin(); it != expected.constEnd(); ++it)
        QVERIFY2(incident.value(it.key()) == it.value(),
                 qPrintable(u"%1: %2"_s.arg(it.key(), QString::fromUtf8(QJsonDocument(incident).toJson()))));
    QCOMPARE(incident.value(u"reported_by"_s).toString(), u"carol"_s);
}

void tst_Ctl::submitTwice_data()
{
    QTest::addColumn<QStringList>("first");
    QTest::addColumn<QStringList>("second");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("err"); // pattern on stderr of the second run; empty: none

    const QStringList keyed {u"--title"_s,  u"ctl keyed"_s,         u"--service"_s,
                             u"ctl-idem"_s, u"--idempotency-key"_s, u"ctl-key-1"_s};
    QTest::addRow("idempotency key") << keyed << keyed << 0 << QString();
    const QStringList external {u"--title"_s,   u"ctl external"_s,  u"--source"_s,
                                u"ctl-dedup"_s, u"--external-id"_s, u"ctl-ext-42"_s};
    QTest::addRow("external id") << external << external << 0 << QString();
    QTest::addRow("idempotency key, another body")
        << QStringList {u"--title"_s, u"ctl key reuse"_s, u"--idempotency-key"_s, u"ctl-key-2"_s}
        << QStringList {u"--title"_s, u"ctl key reuse, changed"_s, u"--idempotency-key"_s, u"ctl-key-2"_s} << 1
        << uR"(^warroomctl: the idempotency key "ctl-key-2" was used before with a different body .*\(HTTP 409\)$)"_s;
}

void tst_Ctl::submitTwice()
{
    QFETCH(QStringList, first);
    QFETCH(QStringList, second);
    QFETCH(int, exitCode);
    QFETCH(QString, err);

    const CtlRun created = runCtl(as(*m_daemon, u"carol"_s, QStringList {u"submit"_s} + first));
    QVERIFY2(created.exitedWith(0), qPrintable(created.describe()));
    static const QRegularExpression kCreated(u"^(INC-\\d+) created: (.*)\n$"_s);
    const QRegularExpressionMatch c = kCreated.match(created.out);
    QVERIFY2(c.hasMatch(), qPrintable(created.describe()));
    const qint64 total = incidentTotal();

    const CtlRun again = runCtl(as(*m_daemon, u"carol"_s, QStringList {u"submit"_s} + second));
    QVERIFY2(again.exitedWith(exitCode), qPrintable(again.describe()));
    if (exitCode == 0) {
        QCOMPARE(again.out, u"%1 already exists: %2\n"_s.arg(c.captured(1), c.captured(2)));
        QVERIFY2(again.err.isEmpty(), qPrintable(again.describe()));
    } else {
        QVERIFY2(again.out.isEmpty(), qPrintable(again.describe()));
        QVERIFY2(matches(err, again.err), qPrintable(again.describe()));
    }
    QCOMPARE(incidentTotal(), total); // nothing new either way
}

void tst_Ctl::submitRefused_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QStringList>("arguments"); // after "submit"; %FILE% is the file below
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("err");

    QTest::addRow("no title") << u"carol"_s << QStringList {u"--service"_s, u"x"_s} << QByteArray() << 2
                              << u"submit needs --title"_s;
    QTest::addRow("file without a title") << u"carol"_s << QStringList {u"--file"_s, u"%FILE%"_s}
                                          << QByteArray(R"({"service": "x"})") << 2 << u"submit needs --title"_s;
    QTest::addRow("file is an array") << u"carol"_s << QStringList {u"--file"_s, u"%FILE%"_s} << QByteArray("[1]") << 2
                                      << u"\\.json must hold one JSON object \\(an incident\\), not an array"_s;
    QTest::addRow("file is not JSON") << u"carol"_s << QStringList {u"--file"_s, u"%FILE%"_s}
                                      << QByteArray("title: YAML is not JSON\n") << 2
                                      << u"\\.json is not valid JSON: \\S"_s;
    QTest::addRow("missing file") << u"carol"_s << QStringList {u"--file"_s, u"/nonexistent/incident.json"_s}
                                  << QByteArray() << 2 << u"cannot read /nonexistent/incident.json"_s;
    QTest::addRow("bad priority") << u"carol"_s << QStringList {u"--title"_s, u"x"_s, u"--priority"_s, u"P9"_s}
                                  << QByteArray() << 1
                                  << uR"(^warroomctl: field "priority" must be one of P1, P2, P3, P4 \(HTTP 400\)$)"_s;
    QTest::addRow("viewer") << u"dave"_s << QStringList {u"--title"_s, u"viewers only read"_s} << QByteArray() << 1
                            << u"\\(HTTP 403\\)$"_s;
}

void tst_Ctl::submitRefused()
{
    QFETCH(QString, user);
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, file);
    QFETCH(int, exitCode);
    QFETCH(QString, err);

    if (!file.isEmpty()) {
        const QString path = m_files.filePath(u"refused-%1.json"_s.arg(QString::fromLatin1(QTest::currentDataTag())));
        QFile f(path);
        QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(f.errorString()));
        f.write(file);
        f.close();
        arguments.replaceInStrings(u"%FILE%"_s, path);
    }
    const qint64 total = incidentTotal();
    const CtlRun run = runCtl(as(*m_daemon, user, QStringList {u"submit"_s} + arguments));
    QVERIFY2(run.exitedWith(exitCode), qPrintable(run.describe()));
    QVERIFY2(run.out.isEmpty(), qPrintable(run.describe()));
    QVERIFY2(matches(err, run.err), qPrintable(run.describe()));
    QVERIFY2(!run.err.contains("no error occurred"_L1), qPrintable(run.describe()));
    QCOMPARE(incidentTotal(), total);
}

// --- list ------------------------------------------------------------------

void tst_Ctl::list_data()
{
    QTest::addColumn<QString>("query"); // the filter, as options to `list`
    QTest::addColumn<bool>("json");
    QTest::addRow("table") << QString() << false;
    QTest::addRow("json") << QString() << true;
    QTest::addRow("status") << u"status=awaiting_approval"_s << false;
    QTest::addRow("status, json") << u"status=new"_s << true;
    QTest::addRow("service") << u"service=salesforce-sso"_s << false;
    QTest::addRow("limit") << u"limit=2"_s << false;
    QTest::addRow("limit and offset, json") << u"limit=2&offset=1"_s << true;
}

void tst_Ctl::list()
{
    QFETCH(QString, query);
    QFETCH(bool, json);

    const QUrlQuery filter(query);
    auto dave = m_daemon->client(u"dave"_s);
    const ApiResponse expected = waitFor(dave->incidents(filter));
    QCOMPARE(expected.status, 200);
    const QJsonArray expectedItems = expected.json.value(u"items"_s).toArray();
    QVERIFY(!expectedItems.isEmpty());
    const QString status = filter.queryItemValue(u"status"_s);

    QStringList arguments {u"list"_s};
    arguments += optionsFor(filter);
    if (json)
        arguments.prepend(u"--json"_s);
    const CtlRun run = runCtl(as(*m_daemon, u"dave"_s, arguments));
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.describe()));

    if (json) {
        const QJsonObject page = run.json();
        QVERIFY2(page.value(u"total"_s).isDouble(), qPrintable(run.describe()));
        QVERIFY2(page.value(u"items"_s).isArray(), qPrintable(run.describe()));
        QCOMPARE(page.value(u"total"_s).toInteger(), expected.json.value(u"total"_s).toInteger());
        QCOMPARE(page.value(u"limit"_s).toInteger(), expected.json.value(u"limit"_s).toInteger());
        QCOMPARE(page.value(u"offset"_s).toInteger(), expected.json.value(u"offset"_s).toInteger());
        const QJsonArray items = page.value(u"items"_s).toArray();
        QCOMPARE(keysOf(items), keysOf(expectedItems));
        for (const QJsonValue &v : items)
            QVERIFY(status.isEmpty() || v.toObject().value(u"state"_s).toString() == status);
        return;
    }

    QStringList lines = run.lines();
    QVERIFY2(lines.size() >= 2, qPrintable(run.describe()));
    const QString footer = lines.takeLast();
    QCOMPARE(footer,
             u"%1 of %2 incidents"_s.arg(expectedItems.size()).arg(expected.json.value(u"total"_s).toInteger()));
    const Table table = parseTable(lines);
    QCOMPARE(table.columns,
             (QStringList {u"ID"_s, u"PRI"_s, u"STATE"_s, u"CLASS"_s, u"CONF"_s, u"SERVICE"_s, u"OWNER"_s, u"AGE"_s,
                           u"TITLE"_s}));
    QCOMPARE(table.column(u"ID"_s), keysOf(expectedItems));
    QCOMPARE(table.column(u"STATE"_s), keysOf(expectedItems, u"state"_s));
    QCOMPARE(table.column(u"PRI"_s), keysOf(expectedItems, u"priority"_s));
    QCOMPARE(table.column(u"SERVICE"_s), keysOf(expectedItems, u"service"_s));
    for (const auto &row : table.rows) {
        QVERIFY(status.isEmpty() || row.value(u"STATE"_s) == status);
        QVERIFY2(matches(u"^\\d+[smhd]$"_s, row.value(u"AGE"_s)), qPrintable(row.value(u"AGE"_s)));
    }
    if (status == "awaiting_approval"_L1 || filter.queryItemValue(u"service"_s) == "salesforce-sso"_L1) {
        const auto inc1 = rowWhere(table, u"ID"_s, u"INC-1"_s);
        QCOMPARE(inc1.value(u"TITLE"_s), u"Salesforce SSO login redirect loop"_s);
        QCOMPARE(inc1.value(u"PRI"_s), u"P1"_s);
    }
}

void tst_Ctl::listReportsTheServersReason_data()
{
    QTest::addColumn<QString>("query");
    QTest::addRow("status=bogus") << u"status=bogus"_s;
    QTest::addRow("limit=0") << u"limit=0"_s;
    QTest::addRow("limit=ten") << u"limit=ten"_s;
    QTest::addRow("offset=-1") << u"offset=-1"_s;
}

void tst_Ctl::listReportsTheServersReason()
{
    QFETCH(QString, query);
    const QUrlQuery filter(query);
    auto dave = m_daemon->client(u"dave"_s);
    const ApiResponse refused = waitFor(dave->incidents(filter));
    QCOMPARE(refused.status, 400);
    const QString reason = refused.json.value(u"error"_s).toString();
    QVERIFY(!reason.isEmpty());

    const CtlRun run = runCtl(as(*m_daemon, u"dave"_s, QStringList {u"list"_s} + optionsFor(filter)));
    QVERIFY2(run.exitedWith(1), qPrintable(run.describe()));
    QVERIFY2(run.out.isEmpty(), qPrintable(run.describe()));
    QCOMPARE(run.err, u"warroomctl: %1 (HTTP 400)\n"_s.arg(reason));
}

// --- show ------------------------------------------------------------------

void tst_Ctl::show_data()
{
    QTest::addColumn<QString>("id");
    QTest::addRow("number") << u"1"_s;
    QTest::addRow("key") << u"INC-1"_s;
    QTest::addRow("lower-case key") << u"inc-1"_s;
}

void tst_Ctl::show()
{
    QFETCH(QString, id);
    const CtlRun run = runCtl(as(*m_daemon, u"dave"_s, {u"show"_s, id}));
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.describe()));
    const QStringList lines = run.lines();
    QVERIFY2(lines.size() > 3, qPrintable(run.describe()));
    QCOMPARE(lines.at(0), u"INC-1  Salesforce SSO login redirect loop"_s);
    QVERIFY2(matches(u"^  state awaiting_approval +priority P1 +service salesforce-sso +source pagerduty +owner -$"_s,
                     lines.at(1)),
             qPrintable(run.describe()));

    const Table plan = planTable(run);
    QCOMPARE(plan.columns,
             (QStringList {u"STEP"_s, u"KIND"_s, u"STATE"_s, u"RISK"_s, u"ENV"_s, u"APPROVALS"_s, u"PLAYBOOK"_s,
                           u"TITLE"_s}));
    QCOMPARE(plan.column(u"STEP"_s), (QStringList {u"s1"_s, u"s2"_s, u"s3"_s, u"s4"_s, u"s5"_s}));
    QCOMPARE(plan.column(u"STATE"_s), QStringList(5, u"pending"_s));
    QCOMPARE(plan.column(u"APPROVALS"_s), (QStringList {u"0/1"_s, u"0/1"_s, u"0/2"_s, u"0/1"_s, u"0/1"_s}));
    QCOMPARE(rowWhere(plan, u"STEP"_s, u"s3"_s).value(u"RISK"_s), u"high"_s);
    QVERIFY2(!run.out.contains("FROZEN"_L1), qPrintable(run.describe()));
}

void tst_Ctl::showJson()
{
    const CtlRun run = runCtl(as(*m_daemon, u"dave"_s, {u"--json"_s, u"show"_s, u"1"_s}));
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    auto dave = m_daemon->client(u"dave"_s);
    const ApiResponse expected = waitFor(dave->incident(1));
    QCOMPARE(expected.status, 200);
    const QJsonObject detail = run.json();
    QCOMPARE(detail.value(u"incident"_s).toObject().value(u"key"_s).toString(), u"INC-1"_s);
    QCOMPARE(detail.value(u"plan"_s), expected.json.value(u"plan"_s));
    QCOMPARE(detail.value(u"approval_status"_s), expected.json.value(u"approval_status"_s));
    QCOMPARE(detail.value(u"plan"_s).toObject().value(u"steps"_s).toArray().size(), 5);
}

// --- decisions -------------------------------------------------------------

void tst_Ctl::decide_data()
{
    QTest::addColumn<QList<QStringList>>("before"); // user, then arguments; each must succeed
    QTest::addColumn<QString>("user");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out"); // pattern on stdout; empty: nothing printed
    QTest::addColumn<QString>("err"); // pattern on stderr; empty: nothing printed
    QTest::addColumn<QString>("step"); // then `show 1` has this step...
    QTest::addColumn<QString>("state"); // ...in this state...
    QTest::addColumn<QString>("approvals"); // ...with these approvals

    const QList<QStringList> none;
    QTest::addRow("approve")
        << none << u"carol"_s << QStringList {u"approve"_s, u"1"_s, u"s1"_s} << 0
        << u"^INC-1 step s1 approved: 1 of 1 approvals, fully approved \\(it runs in plan order, never in a freeze\\)\n$"_s
        << QString() << u"s1"_s << u"pending"_s << u"1/1 carol"_s;
    QTest::addRow("approve with a comment, by key")
        << none << u"alice"_s << QStringList {u"approve"_s, u"INC-1"_s, u"s2"_s, u"--comment"_s, u"read-only"_s} << 0
        << u"^INC-1 step s2 approved: 1 of 1 approvals, fully approved \\(it runs in plan order, never in a freeze\\)\n$"_s
        << QString() << u"s2"_s << u"pending"_s << u"1/1 alice"_s;
    QTest::addRow("approve, json") << none << u"carol"_s << QStringList {u"--json"_s, u"approve"_s, u"1"_s, u"s1"_s}
                                   << 0 << u"^    \"approval_status\": \\[$"_s << QString() << u"s1"_s << u"pending"_s
                                   << u"1/1 carol"_s;
    QTest::addRow("approve again") << QList<QStringList> {{u"carol"_s, u"approve"_s, u"1"_s, u"s1"_s}} << u"carol"_s
                                   << QStringList {u"approve"_s, u"1"_s, u"s1"_s} << 1 << QString()
                                   << u"^warroomctl: .*already approved.*\\(HTTP 409\\)$"_s << u"s1"_s << u"pending"_s
                                   << u"1/1 carol"_s;
    QTest::addRow("viewer approves") << none << u"dave"_s << QStringList {u"approve"_s, u"1"_s, u"s1"_s} << 1
                                     << QString() << u"^warroomctl: .*dave has viewer \\(HTTP 403\\)$"_s << u"s1"_s
                                     << u"pending"_s << u"0/1"_s;
    QTest::addRow("change-approver on a responder step")
        << none << u"bob"_s << QStringList {u"approve"_s, u"1"_s, u"s1"_s} << 1 << QString() << u"\\(HTTP 403\\)$"_s
        << u"s1"_s << u"pending"_s << u"0/1"_s;
    QTest::addRow("first of two") << none << u"bob"_s
                                  << QStringList {u"approve"_s, u"1"_s, u"s3"_s, u"--comment"_s, u"CAB-1234"_s} << 0
                                  << u"^INC-1 step s3 approved: 1 of 2 approvals, waiting for more\n$"_s << QString()
                                  << u"s3"_s << u"pending"_s << u"1/2 bob"_s;
    QTest::addRow("second of two")
        << QList<QStringList> {{u"bob"_s, u"approve"_s, u"1"_s, u"s3"_s}} << u"erin"_s
        << QStringList {u"approve"_s, u"1"_s, u"s3"_s} << 0
        << u"^INC-1 step s3 approved: 2 of 2 approvals, fully approved \\(it runs in plan order, never in a freeze\\)\n$"_s
        << QString() << u"s3"_s << u"pending"_s << u"2/2 bob,erin"_s;
    QTest::addRow("unknown step") << none << u"alice"_s << QStringList {u"approve"_s, u"1"_s, u"s9"_s} << 1 << QString()
                                  << u"^warroomctl: INC-1 has no step \"s9\" \\(HTTP 404\\)$"_s << u"s1"_s
                                  << u"pending"_s << u"0/1"_s;
    QTest::addRow("unknown incident") << none << u"alice"_s << QStringList {u"approve"_s, u"999"_s, u"s1"_s} << 1
                                      << QString() << u"\\(HTTP 404\\)$"_s << u"s1"_s << u"pending"_s << u"0/1"_s;
    QTest::addRow("approve without a step")
        << none << u"alice"_s << QStringList {u"approve"_s, u"1"_s} << 2 << QString()
        << u"^warroomctl: approve needs an incident id and a step id$"_s << u"s1"_s << u"pending"_s << u"0/1"_s;
    QTest::addRow("reject without a reason")
        << none << u"carol"_s << QStringList {u"reject"_s, u"1"_s, u"s5"_s} << 2 << QString()
        << u"^warroomctl: reject needs --reason$"_s << u"s5"_s << u"pending"_s << u"0/1"_s;
    QTest::addRow("reject with a blank reason")
        << none << u"carol"_s << QStringList {u"reject"_s, u"1"_s, u"s5"_s, u"--reason"_s, u"   "_s} << 2 << QString()
        << u"^warroomctl: reject needs --reason$"_s << u"s5"_s << u"pending"_s << u"0/1"_s;
    QTest::addRow("reject") << none << u"carol"_s
                            << QStringList {u"reject"_s, u"1"_s, u"s5"_s, u"--reason"_s, u"wrong window"_s} << 0
                            << u"^INC-1 step s5 rejected\n$"_s << QString() << u"s5"_s << u"rejected"_s << u"0/1"_s;
}

void tst_Ctl::decide()
{
    QFETCH(QList<QStringList>, before);
    QFETCH(QString, user);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);
    QFETCH(QString, step);
    QFETCH(QString, state);
    QFETCH(QString, approvals);

    DaemonProcess *d = freshDaemon();
    QVERIFY2(d, qPrintable(m_startError));
    for (const QStringList &command : std::as_const(before)) {
        const CtlRun run = runCtl(as(*d, command.first(), command.mid(1)));
        QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    }

    const CtlRun run = runCtl(as(*d, user, arguments));
    QVERIFY2(run.exitedWith(exitCode), qPrintable(run.describe()));
    QVERIFY2(out.isEmpty() ? run.out.isEmpty() : matches(out, run.out), qPrintable(run.describe()));
    QVERIFY2(err.isEmpty() ? run.err.isEmpty() : matches(err, run.err), qPrintable(run.describe()));
    if (exitCode == 2)
        QVERIFY2(run.err.contains("Run warroomctl --help"_L1), qPrintable(run.describe()));

    const CtlRun show = runCtl(as(*d, u"dave"_s, {u"show"_s, u"1"_s}));
    QVERIFY2(show.exitedWith(0), qPrintable(show.describe()));
    const auto row = rowWhere(planTable(show), u"STEP"_s, step);
    QVERIFY2(!row.isEmpty(), qPrintable(show.describe()));
    QCOMPARE(row.value(u"STATE"_s), state);
    QCOMPARE(row.value(u"APPROVALS"_s), approvals);
}

void tst_Ctl::planSubmit()
{
    DaemonProcess *d = freshDaemon();
    QVERIFY2(d, qPrintable(m_startError));
    auto carol = d->client(u"carol"_s);
    const ApiResponse created = waitFor(carol->submitIncident({{u"title"_s, u"ctl: a plan to submit"_s}}));
    QCOMPARE(created.status, 201);
    const QString id = QString::number(created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger());
    const QJsonObject plan {{u"steps"_s,
                             QJsonArray {QJsonObject {{u"id"_s, u"m1"_s},
                                                      {u"kind"_s, u"manual"_s},
                                                      {u"title"_s, u"Call the vendor"_s},
                                                      {u"owner"_s, u"carol"_s},
                                                      {u"required_roles"_s, QJsonArray {u"mim"_s}}}}}};
    QCOMPARE(waitFor(carol->put(u"/api/v1/incidents/%1/plan"_s.arg(id), plan)).status, 200);
    // Planned: approvals are not taken yet; submitted through warroomctl, they are.
    CtlRun run = runCtl(as(*d, u"alice"_s, {u"approve"_s, id, u"m1"_s}));
    QVERIFY2(run.exitedWith(1), qPrintable(run.describe()));
    run = runCtl(as(*d, u"carol"_s, {u"plan"_s, u"submit"_s, u"INC-"_s + id}));
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QVERIFY2(run.out.contains(u"up for approval (1 step(s))"_s), qPrintable(run.describe()));
    run = runCtl(as(*d, u"alice"_s, {u"approve"_s, id, u"m1"_s}));
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    // Twice is refused by the server; a wrong form is a usage error.
    run = runCtl(as(*d, u"carol"_s, {u"plan"_s, u"submit"_s, id}));
    QVERIFY2(run.exitedWith(1) && run.err.contains(u"HTTP 409"_s), qPrintable(run.describe()));
    run = runCtl(as(*d, u"carol"_s, {u"plan"_s, u"approve"_s, id}));
    QVERIFY2(run.exitedWith(2), qPrintable(run.describe()));
}

void tst_Ctl::incidentLifecycle()
{
    // From declaration to closed with warroomctl alone: declare, own, run a
    // manual task, skip one, see what came of them, resolve and close.
    DaemonProcess *d = freshDaemon();
    QVERIFY2(d, qPrintable(m_startError));
    auto carol = d->client(u"carol"_s);
    const ApiResponse created = waitFor(carol->submitIncident(
        {{u"title"_s, u"ctl: checkout declines"_s}, {u"service"_s, u"payments"_s}, {u"priority"_s, u"P1"_s}}));
    QCOMPARE(created.status, 201);
    const QString id = QString::number(created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger());
    const QString key = u"INC-"_s + id;
    const auto ctl = [d](const QString &user, const QStringList &args) { return runCtl(as(*d, user, args)); };

    CtlRun run = ctl(u"alice"_s, {u"promote"_s, id, u"--reason"_s, u"card payments fail"_s});
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QVERIFY2(run.out.contains(u"a declared major incident, commander alice"_s), qPrintable(run.describe()));
    run = ctl(u"alice"_s, {u"assign"_s, key, u"carol"_s});
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QCOMPARE(run.out, u"%1 is owned by carol\n"_s.arg(key));

    const QJsonObject plan {{u"steps"_s,
                             QJsonArray {QJsonObject {{u"id"_s, u"call-the-processor"_s},
                                                      {u"kind"_s, u"manual"_s},
                                                      {u"title"_s, u"Call the processor's duty manager"_s},
                                                      {u"owner"_s, u"carol"_s}},
                                         QJsonObject {{u"id"_s, u"m2"_s},
                                                      {u"kind"_s, u"manual"_s},
                                                      {u"title"_s, u"Page the gateway vendor"_s},
                                                      {u"owner"_s, u"carol"_s}}}}};
    QCOMPARE(waitFor(carol->put(u"/api/v1/incidents/%1/plan"_s.arg(id), plan)).status, 200);
    QVERIFY2(ctl(u"carol"_s, {u"plan"_s, u"submit"_s, id}).exitedWith(0), "plan submit");
    QVERIFY2(ctl(u"alice"_s, {u"approve"_s, id, u"call-the-processor"_s}).exitedWith(0), "approve");
    run = ctl(u"carol"_s, {u"step"_s, u"start"_s, id, u"call-the-processor"_s});
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QCOMPARE(run.out, u"%1 step call-the-processor is running\n"_s.arg(key));
    run = ctl(u"carol"_s,
              {u"step"_s, u"finish"_s, id, u"call-the-processor"_s, u"--failed"_s, u"--summary"_s,
               u"nobody answers the duty line"_s});
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QCOMPARE(run.out, u"%1 step call-the-processor is failed\n"_s.arg(key));
    run = ctl(u"alice"_s, {u"step"_s, u"skip"_s, id, u"m2"_s});
    QVERIFY2(run.exitedWith(2) && run.err.startsWith(u"warroomctl: step skip needs --reason"_s),
             qPrintable(run.describe()));
    run = ctl(u"alice"_s, {u"step"_s, u"skip"_s, id, u"m2"_s, u"--reason"_s, u"the processor called back"_s});
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));

    // show: the whole step id (not cut at eight), and what came of each step.
    run = ctl(u"dave"_s, {u"show"_s, id});
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    const Table steps = planTable(run);
    QCOMPARE(steps.column(u"STEP"_s), (QStringList {u"call-the-processor"_s, u"m2"_s}));
    QVERIFY2(run.out.contains(u"Step results:\n  call-the-processor failed: nobody answers the duty line\n"_s),
             qPrintable(run.describe()));

    // Resolving needs what fixed it; a viewer cannot; then closed.
    run = ctl(u"alice"_s, {u"resolve"_s, id});
    QVERIFY2(run.exitedWith(2) && run.err.startsWith(u"warroomctl: resolve needs --summary"_s),
             qPrintable(run.describe()));
    run = ctl(u"dave"_s, {u"resolve"_s, id, u"--summary"_s, u"viewers cannot"_s});
    QVERIFY2(run.exitedWith(1) && run.err.contains(u"(HTTP 403)"_s), qPrintable(run.describe()));
    run = ctl(u"alice"_s, {u"resolve"_s, id, u"--summary"_s, u"the processor failed back to its primary"_s});
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QCOMPARE(run.out, u"%1 is resolved\n"_s.arg(key));
    run = ctl(u"alice"_s, {u"close"_s, id});
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QCOMPARE(run.out, u"%1 is closed\n"_s.arg(key));
    const QJsonObject incident = waitFor(carol->incident(id.toLongLong())).json.value(u"incident"_s).toObject();
    QCOMPARE(incident.value(u"state"_s).toString(), u"closed"_s);
    QCOMPARE(incident.value(u"owner"_s).toString(), u"carol"_s);

    // Wrong forms are usage errors.
    QVERIFY(ctl(u"alice"_s, {u"step"_s, u"frobnicate"_s, id, u"m2"_s}).exitedWith(2));
    QVERIFY(ctl(u"alice"_s, {u"step"_s, u"start"_s, id}).exitedWith(2));
    QVERIFY(ctl(u"alice"_s, {u"assign"_s, id}).exitedWith(2));
    QVERIFY(ctl(u"alice"_s, {u"demote"_s, id}).exitedWith(2));
    QVERIFY(ctl(u"alice"_s, {u"escalate"_s, id}).exitedWith(2));
}

void tst_Ctl::freezeAndUnfreeze()
{
    DaemonProcess *d = freshDaemon();
    QVERIFY2(d, qPrintable(m_startError));
    auto show = [d] { return runCtl(as(*d, u"dave"_s, {u"show"_s, u"1"_s})); };

    CtlRun run = runCtl(as(*d, u"carol"_s, {u"freeze"_s}));
    QVERIFY2(run.exitedWith(2), qPrintable(run.describe()));
    QVERIFY2(run.err.startsWith("warroomctl: freeze needs --reason\n"_L1), qPrintable(run.describe()));
    run = runCtl(as(*d, u"dave"_s, {u"freeze"_s, u"--reason"_s, u"viewers cannot"_s}));
    QVERIFY2(run.exitedWith(1), qPrintable(run.describe()));
    QVERIFY2(matches(u"\\(HTTP 403\\)$"_s, run.err), qPrintable(run.describe()));
    QVERIFY(!show().out.contains("FROZEN"_L1));

    run = runCtl(as(*d, u"carol"_s, {u"freeze"_s, u"--reason"_s, u"CAB change window"_s}));
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QCOMPARE(run.out, u"Execution frozen by carol: CAB change window\n"_s);
    CtlRun detail = show();
    QVERIFY2(detail.exitedWith(0), qPrintable(detail.describe()));
    QCOMPARE(detail.lines().constLast(), u"FROZEN by carol: CAB change window"_s);

    run = runCtl(as(*d, u"alice"_s, {u"freeze"_s, u"--reason"_s, u"again"_s}));
    QVERIFY2(run.exitedWith(1), qPrintable(run.describe()));
    QVERIFY2(matches(u"\\(HTTP 409\\)$"_s, run.err), qPrintable(run.describe()));

    // A responder may freeze but not lift the freeze.
    run = runCtl(as(*d, u"carol"_s, {u"unfreeze"_s}));
    QVERIFY2(run.exitedWith(1), qPrintable(run.describe()));
    QVERIFY2(run.out.isEmpty(), qPrintable(run.describe()));
    QVERIFY2(matches(u"^warroomctl: .*mim, admin; carol has responder \\(HTTP 403\\)$"_s, run.err),
             qPrintable(run.describe()));
    QVERIFY(show().out.contains("FROZEN by carol"_L1));

    run = runCtl(as(*d, u"alice"_s, {u"unfreeze"_s, u"--reason"_s, u"window over"_s}));
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QCOMPARE(run.out, u"Execution freeze lifted\n"_s);
    detail = show();
    QVERIFY2(detail.exitedWith(0), qPrintable(detail.describe()));
    QVERIFY2(!detail.out.contains("FROZEN"_L1), qPrintable(detail.describe()));
    run = runCtl(as(*d, u"alice"_s, {u"unfreeze"_s}));
    QVERIFY2(run.exitedWith(1), qPrintable(run.describe())); // nothing to lift

    // Both are on the record.
    run = runCtl(as(*d, u"dave"_s, {u"audit"_s, u"list"_s}));
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QStringList freezes;
    for (const auto &row : parseTable(run.lines()).rows) {
        if (row.value(u"TYPE"_s).startsWith("freeze."_L1))
            freezes.append(row.value(u"TYPE"_s) + u':' + row.value(u"ACTOR"_s));
    }
    QCOMPARE(freezes, (QStringList {u"freeze.enabled:carol"_s, u"freeze.lifted:alice"_s}));
}

// --- credentials and exit codes --------------------------------------------

void tst_Ctl::credentials_data()
{
    // %SERVER%, %TOKEN% (dave's) and %TOKEN_FILE% (holding it) are filled in.
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<int>("exitCode");

    const QStringList list {u"list"_s, u"--limit"_s, u"1"_s};
    QTest::addRow("options") << QStringList {u"--server"_s, u"%SERVER%"_s, u"--token"_s, u"%TOKEN%"_s} + list
                             << QStringList() << 0;
    QTest::addRow("environment") << list << QStringList {u"WARROOM_SERVER=%SERVER%"_s, u"WARROOM_TOKEN=%TOKEN%"_s} << 0;
    QTest::addRow("token file") << QStringList {u"--server"_s, u"%SERVER%"_s, u"--token-file"_s, u"%TOKEN_FILE%"_s}
            + list << QStringList()
                                << 0;
    QTest::addRow("options beat the environment")
        << QStringList {u"--server"_s, u"%SERVER%"_s, u"--token"_s, u"%TOKEN%"_s} + list
        << QStringList {u"WARROOM_SERVER="_s + kNowhere, u"WARROOM_TOKEN=not-a-token"_s} << 0;
    QTest::addRow("token file beats the environment")
        << QStringList {u"--token-file"_s, u"%TOKEN_FILE%"_s} + list
        << QStringList {u"WARROOM_SERVER=%SERVER%"_s, u"WARROOM_TOKEN=not-a-token"_s} << 0;
    QTest::addRow("unknown token from the environment")
        << list << QStringList {u"WARROOM_SERVER=%SERVER%"_s, u"WARROOM_TOKEN=not-a-token"_s} << 1;
    QTest::addRow("server from the environment unreachable")
        << QStringList {u"--token"_s, u"%TOKEN%"_s} + list << QStringList {u"WARROOM_SERVER="_s + kNowhere} << 3;
}

void tst_Ctl::credentials()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, environment);
    QFETCH(int, exitCode);

    const QString tokenFile = QDir(m_files.path()).filePath(u"dave.token"_s);
    QFile f(tokenFile);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(f.errorString()));
    f.write("  " + m_daemon->token(u"dave"_s).toUtf8() + "\n"); // trimmed by warroomctl
    f.close();
    for (QStringList *list : {&arguments, &environment}) {
        list->replaceInStrings(u"%SERVER%"_s, m_daemon->baseUrl().toString());
        list->replaceInStrings(u"%TOKEN%"_s, m_daemon->token(u"dave"_s));
        list->replaceInStrings(u"%TOKEN_FILE%"_s, tokenFile);
    }
    const CtlRun run = runCtl(arguments, {}, environment);
    QVERIFY2(run.exitedWith(exitCode), qPrintable(run.describe()));
    if (exitCode == 0) {
        QVERIFY2(matches(u"^1 of \\d+ incidents$"_s, run.out), qPrintable(run.describe()));
        QVERIFY2(run.err.isEmpty(), qPrintable(run.describe()));
    } else {
        QVERIFY2(run.out.isEmpty(), qPrintable(run.describe()));
        QVERIFY2(!run.err.isEmpty(), qPrintable(run.describe()));
    }
    if (exitCode == 1)
        QVERIFY2(run.err.contains("(HTTP 401)"_L1), qPrintable(run.describe()));
}

void tst_Ctl::exitCodes_data()
{
    // %SERVER% is the shared daemon, %TOKEN% dave's token.
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("err"); // pattern on stderr

    const QStringList live {u"--server"_s, u"%SERVER%"_s, u"--token"_s, u"%TOKEN%"_s};
    const QStringList nowhere {u"--server"_s, kNowhere, u"--token"_s, u"%TOKEN%"_s};

    // 0: help and version need neither server nor token.
    QTest::addRow("help") << QStringList {u"--help"_s} << 0 << QString();
    QTest::addRow("version") << QStringList {u"--version"_s} << 0 << QString();

    // 2: usage.
    QTest::addRow("no command") << QStringList() << 2 << u"^warroomctl: no command given$"_s;
    QTest::addRow("options but no command") << live << 2 << u"^warroomctl: no command given$"_s;
    QTest::addRow("unknown command") << live + QStringList {u"frobnicate"_s} << 2
                                     << u"^warroomctl: unknown command \"frobnicate\"$"_s;
    QTest::addRow("unknown option") << QStringList {u"--frobnicate"_s, u"list"_s} << 2 << u"frobnicate"_s;
    QTest::addRow("option without its value") << QStringList {u"list"_s, u"--server"_s} << 2 << u"server"_s;
    QTest::addRow("ftp server") << QStringList {u"--server"_s, u"ftp://x"_s, u"--token"_s, u"t"_s, u"list"_s} << 2
                                << u"^warroomctl: --server \"ftp://x\" is not an http\\(s\\) URL with a host$"_s;
    QTest::addRow("server without a scheme")
        << QStringList {u"--server"_s, u"127.0.0.1:8765"_s, u"--token"_s, u"t"_s, u"list"_s} << 2
        << u"is not an http\\(s\\) URL with a host$"_s;
    QTest::addRow("server without a host") << QStringList {u"--server"_s, u"http://"_s, u"--token"_s, u"t"_s, u"list"_s}
                                           << 2 << u"is not an http\\(s\\) URL with a host$"_s;
    QTest::addRow("missing token") << QStringList {u"--server"_s, u"%SERVER%"_s, u"list"_s} << 2
                                   << u"^warroomctl: no token: pass --token, --token-file or set WARROOM_TOKEN$"_s;
    QTest::addRow("empty token") << QStringList {u"--server"_s, u"%SERVER%"_s, u"--token"_s, QString(), u"list"_s} << 2
                                 << u"^warroomctl: no token"_s;
    QTest::addRow("unreadable token file")
        << QStringList {u"--server"_s, u"%SERVER%"_s, u"--token-file"_s, u"/nonexistent/token"_s, u"list"_s} << 2
        << u"^warroomctl: cannot read token file /nonexistent/token"_s;
    QTest::addRow("show, non-numeric id")
        << live + QStringList {u"show"_s, u"abc"_s} << 2 << u"^warroomctl: \"abc\" is not an incident id$"_s;
    QTest::addRow("show, id 0") << live + QStringList {u"show"_s, u"0"_s} << 2 << u"is not an incident id$"_s;
    QTest::addRow("show, no id") << live + QStringList {u"show"_s} << 2 << u"^warroomctl: show needs an incident id"_s;
    QTest::addRow("show, two ids") << live + QStringList {u"show"_s, u"1"_s, u"2"_s} << 2
                                   << u"^warroomctl: show needs an incident id"_s;
    QTest::addRow("show, two keys run together")
        << live + QStringList {u"show"_s, u"INC-1INC-2"_s} << 2 << u"is not an incident id$"_s;
    QTest::addRow("audit list, bad incident")
        << live + QStringList {u"audit"_s, u"list"_s, u"--incident"_s, u"abc"_s} << 2 << u"is not an incident id$"_s;
    QTest::addRow("approve, bad id") << live + QStringList {u"approve"_s, u"one"_s, u"s1"_s} << 2
                                     << u"^warroomctl: \"one\" is not an incident id$"_s;
    QTest::addRow("audit, no subcommand")
        << live + QStringList {u"audit"_s} << 2 << u"^warroomctl: audit takes \"verify\" or \"list\"$"_s;
    QTest::addRow("token, no subcommand")
        << QStringList {u"token"_s} << 2 << u"^warroomctl: token takes \"new\" or \"hash TOKEN\"$"_s;
    QTest::addRow("token hash, no token") << QStringList {u"token"_s, u"hash"_s} << 2 << u"^warroomctl: token takes"_s;

    // 3: nobody answers.
    QTest::addRow("unreachable list") << nowhere + QStringList {u"list"_s} << 3
                                      << u"^warroomctl: cannot reach http://127\\.0\\.0\\.1:1: Connection refused$"_s;
    QTest::addRow("unreachable show") << nowhere + QStringList {u"show"_s, u"1"_s} << 3
                                      << u"^warroomctl: cannot reach http://127\\.0\\.0\\.1:1: Connection refused$"_s;
    QTest::addRow("unreachable submit") << nowhere + QStringList {u"submit"_s, u"--title"_s, u"x"_s} << 3
                                        << u"^warroomctl: cannot reach http://127\\.0\\.0\\.1:1: Connection refused$"_s;
    QTest::addRow("unreachable approve")
        << nowhere + QStringList {u"approve"_s, u"1"_s, u"s1"_s} << 3
        << u"^warroomctl: cannot reach http://127\\.0\\.0\\.1:1: Connection refused$"_s;
    QTest::addRow("unreachable reject") << nowhere + QStringList {u"reject"_s, u"1"_s, u"s1"_s, u"--reason"_s, u"r"_s}
                                        << 3
                                        << u"^warroomctl: cannot reach http://127\\.0\\.0\\.1:1: Connection refused$"_s;
    QTest::addRow("unreachable freeze") << nowhere + QStringList {u"freeze"_s, u"--reason"_s, u"r"_s} << 3
                                        << u"^warroomctl: cannot reach http://127\\.0\\.0\\.1:1: Connection refused$"_s;
    QTest::addRow("unreachable unfreeze")
        << nowhere + QStringList {u"unfreeze"_s} << 3
        << u"^warroomctl: cannot reach http://127\\.0\\.0\\.1:1: Connection refused$"_s;
    QTest::addRow("unreachable audit verify")
        << nowhere + QStringList {u"audit"_s, u"verify"_s} << 3
        << u"^warroomctl: cannot reach http://127\\.0\\.0\\.1:1: Connection refused$"_s;
    QTest::addRow("unreachable audit list")
        << nowhere + QStringList {u"audit"_s, u"list"_s} << 3
        << u"^warroomctl: cannot reach http://127\\.0\\.0\\.1:1: Connection refused$"_s;

    // 1: the server refuses.
    QTest::addRow("unknown token") << QStringList {u"--server"_s, u"%SERVER%"_s, u"--token"_s, u"not-a-token"_s,
                                                   u"list"_s}
                                   << 1 << u"^warroomctl: .*\\(HTTP 401\\)$"_s;
    QTest::addRow("unknown incident") << live + QStringList {u"show"_s, u"999"_s} << 1
                                      << u"^warroomctl: no incident INC-999 \\(HTTP 404\\)$"_s;
    QTest::addRow("viewer freezes") << live + QStringList {u"freeze"_s, u"--reason"_s, u"r"_s} << 1
                                    << u"\\(HTTP 403\\)$"_s;
}

void tst_Ctl::exitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, err);

    arguments.replaceInStrings(u"%SERVER%"_s, m_daemon->baseUrl().toString());
    arguments.replaceInStrings(u"%TOKEN%"_s, m_daemon->token(u"dave"_s));
    const CtlRun run = runCtl(arguments);
    QVERIFY2(run.exitedWith(exitCode), qPrintable(run.describe()));
    if (exitCode == 0) {
        QVERIFY2(matches(u"^warroomctl|Exit codes: 0 ok, 1 refused"_s, run.out), qPrintable(run.describe()));
        return;
    }
    QVERIFY2(run.out.isEmpty(), qPrintable(run.describe()));
    QVERIFY2(matches(err, run.err), qPrintable(run.describe()));
    if (exitCode == 2)
        QVERIFY2(run.err.endsWith("Run warroomctl --help for the commands.\n"_L1), qPrintable(run.describe()));
}

// --- tokens ----------------------------------------------------------------

void tst_Ctl::tokenNew()
{
    static const QRegularExpression kLines(u"^token:        ([A-Za-z0-9_-]+)\ntoken_sha256: ([0-9a-f]{64})\n$"_s);
    QStringList tokens;
    for (int i = 0; i < 2; ++i) {
        // Offline: no server, no token.
        const CtlRun run = runCtl({u"token"_s, u"new"_s});
        QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
        const QRegularExpressionMatch m = kLines.match(run.out);
        QVERIFY2(m.hasMatch(), qPrintable(run.describe()));
        const QString token = m.captured(1);
        QCOMPARE(token.size(), 43); // 32 random bytes, base64url without padding
        QCOMPARE(QByteArray::fromBase64(token.toLatin1(), QByteArray::Base64UrlEncoding).size(), 32);
        QCOMPARE(m.captured(2).toLatin1(),
                 QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
        tokens.append(token);
    }
    QVERIFY(tokens.at(0) != tokens.at(1));
}

void tst_Ctl::tokenHash_data()
{
    QTest::addColumn<QString>("token");
    QTest::addRow("abc") << u"abc"_s;
    QTest::addRow("generated shape") << u"xZ1txdtdbClMRl2rLABBBuKntotL62VFwqincYSMv2Q"_s;
    QTest::addRow("non-ASCII") << u"pässwört-✓"_s;
}

void tst_Ctl::tokenHash()
{
    QFETCH(QString, token);
    const CtlRun run = runCtl({u"token"_s, u"hash"_s, token});
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    const QByteArray expected = QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex();
    QCOMPARE(run.out, QString::fromLatin1(expected + '\n'));
    if (token == "abc"_L1) // the FIPS 180-2 test vector
        QCOMPARE(expected, QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

void tst_Ctl::tokenNewIsAcceptedByTheDaemon()
{
    const CtlRun generated = runCtl({u"token"_s, u"new"_s});
    QVERIFY2(generated.exitedWith(0), qPrintable(generated.describe()));
    static const QRegularExpression kLines(u"^token:\\s+(\\S+)\ntoken_sha256:\\s+(\\S+)\n$"_s);
    const QRegularExpressionMatch m = kLines.match(generated.out);
    QVERIFY2(m.hasMatch(), qPrintable(generated.describe()));
    const QString token = m.captured(1);

    const QString config = QDir(m_files.path()).filePath(u"frank.yaml"_s);
    QFile f(config);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(f.errorString()));
    f.write(u"users:\n  - name: frank\n    roles: [viewer]\n    token_sha256: %1\n"_s.arg(m.captured(2)).toUtf8());
    f.close();
    DaemonProcess *d = freshDaemon(config);
    QVERIFY2(d, qPrintable(m_startError));

    const QStringList frank {u"--server"_s, d->baseUrl().toString(), u"--token"_s, token};
    CtlRun run = runCtl(frank + QStringList {u"show"_s, u"1"_s});
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    run = runCtl(frank + QStringList {u"submit"_s, u"--title"_s, u"frank only reads"_s});
    QVERIFY2(run.exitedWith(1), qPrintable(run.describe()));
    QVERIFY2(run.err.contains("(HTTP 403)"_L1), qPrintable(run.describe()));
    run = runCtl({u"--server"_s, d->baseUrl().toString(), u"--token"_s, token + u'x', u"list"_s});
    QVERIFY2(run.exitedWith(1), qPrintable(run.describe()));
    QVERIFY2(run.err.contains("(HTTP 401)"_L1), qPrintable(run.describe()));
}

void tst_Ctl::tls_data()
{
    QTest::addColumn<QString>("caCert"); // %CERT% is the daemon's self-signed certificate; empty: no --ca-cert
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("err");
    QTest::addRow("trusted") << u"%CERT%"_s << 0 << QString();
    QTest::addRow("not trusted") << QString() << 3 << u"^warroomctl: .*(SSL|TLS|certificate|handshake)"_s;
    QTest::addRow("missing CA file") << u"/nonexistent/ca.pem"_s << 2
                                     << u"^warroomctl: no PEM certificate in /nonexistent/ca.pem$"_s;
}

void tst_Ctl::tls()
{
    QFETCH(QString, caCert);
    QFETCH(int, exitCode);
    QFETCH(QString, err);
    const QString problem = prepareTls();
    if (problem.startsWith("skip: "_L1))
        QSKIP(qPrintable(problem.mid(6)));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    DaemonProcess *d = freshDaemon(m_tlsConfig);
    QVERIFY2(d, qPrintable(m_startError));
    QVERIFY(d->tls());

    QStringList arguments = as(*d, u"dave"_s, {u"show"_s, u"1"_s});
    if (!caCert.isEmpty())
        arguments += {u"--ca-cert"_s, caCert.replace(u"%CERT%"_s, m_tlsCertificate)};
    const CtlRun run = runCtl(arguments);
    QVERIFY2(run.exitedWith(exitCode), qPrintable(run.describe()));
    if (exitCode == 0) {
        QVERIFY2(run.out.startsWith("INC-1  Salesforce SSO login redirect loop\n"_L1), qPrintable(run.describe()));
    } else {
        QVERIFY2(run.out.isEmpty(), qPrintable(run.describe()));
        QVERIFY2(matches(err, run.err), qPrintable(run.describe()));
    }
}

// --- audit -----------------------------------------------------------------

void tst_Ctl::auditVerifyOnline_data()
{
    QTest::addColumn<bool>("json");
    QTest::addRow("text") << false;
    QTest::addRow("json") << true;
}

void tst_Ctl::auditVerifyOnline()
{
    QFETCH(bool, json);
    auto dave = m_daemon->client(u"dave"_s);
    const ApiResponse expected = waitFor(dave->auditVerify());
    QCOMPARE(expected.status, 200);
    QCOMPARE(expected.json.value(u"intact"_s).toBool(), true);

    QStringList arguments {u"audit"_s, u"verify"_s};
    if (json)
        arguments.prepend(u"--json"_s);
    const CtlRun run = runCtl(as(*m_daemon, u"dave"_s, arguments));
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.describe()));
    if (json) {
        const QJsonObject v = run.json();
        QCOMPARE(v.value(u"intact"_s).toBool(), true);
        QCOMPARE(v.value(u"records"_s).toInteger(), expected.json.value(u"records"_s).toInteger());
        QCOMPARE(v.value(u"head_hash"_s).toString(), expected.json.value(u"head_hash"_s).toString());
        QVERIFY(!v.contains(u"first_broken_seq"_s));
    } else {
        QCOMPARE(run.out,
                 u"audit chain intact: %1 records, head %2\n"_s.arg(expected.json.value(u"records"_s).toInteger())
                     .arg(expected.json.value(u"head_hash"_s).toString()));
    }
}

void tst_Ctl::auditList_data()
{
    QTest::addColumn<QString>("incident"); // --incident; empty: none
    QTest::addRow("by number") << u"1"_s;
    QTest::addRow("by key") << u"INC-1"_s;
    QTest::addRow("everything") << QString();
}

void tst_Ctl::auditList()
{
    QFETCH(QString, incident);
    const qint64 id = incident.isEmpty() ? 0 : 1;
    auto dave = m_daemon->client(u"dave"_s);
    const ApiResponse expected = waitFor(dave->audit(id, 0, 10000));
    QCOMPARE(expected.status, 200);
    const QJsonArray items = expected.json.value(u"items"_s).toArray();

    QStringList arguments {u"audit"_s, u"list"_s};
    if (!incident.isEmpty())
        arguments += {u"--incident"_s, incident};
    const CtlRun run = runCtl(as(*m_daemon, u"dave"_s, arguments));
    QVERIFY2(run.exitedWith(0), qPrintable(run.describe()));
    const Table table = parseTable(run.lines());
    QCOMPARE(table.columns, (QStringList {u"SEQ"_s, u"TIME"_s, u"ACTOR"_s, u"INCIDENT"_s, u"TYPE"_s, u"HASH"_s}));
    QCOMPARE(table.column(u"SEQ"_s), keysOf(items, u"seq"_s));
    QCOMPARE(table.column(u"TYPE"_s), keysOf(items, u"type"_s));
    QStringList hashes;
    for (const QString &hash : keysOf(items, u"hash"_s))
        hashes.append(hash.left(12));
    QCOMPARE(table.column(u"HASH"_s), hashes);

    const auto created = rowWhere(table, u"TYPE"_s, u"incident.created"_s);
    QCOMPARE(created.value(u"INCIDENT"_s), u"INC-1"_s); // the first seeded incident
    QCOMPARE(created.value(u"ACTOR"_s), u"warroomd"_s);
    const auto proposed = rowWhere(table, u"TYPE"_s, u"plan.proposed"_s);
    QCOMPARE(proposed.value(u"INCIDENT"_s), u"INC-1"_s); // the only seeded plan
    QCOMPARE(proposed.value(u"ACTOR"_s), u"warroomd"_s);
    if (incident.isEmpty()) {
        QVERIFY(table.column(u"INCIDENT"_s).contains(u"INC-2"_s));
    } else {
        QCOMPARE(table.column(u"INCIDENT"_s), QStringList(table.rows.size(), u"INC-1"_s));
        QVERIFY(table.column(u"TYPE"_s).contains(u"plan.submitted"_s));
    }
}

void tst_Ctl::auditVerifyOffline_data()
{
    QTest::addColumn<QStringList>("statements"); // SQL run on the stopped daemon's database
    QTest::addColumn<QString>("rehash"); // WHERE of a record whose hash is then recomputed
    QTest::addColumn<int>("brokenSeq"); // the first broken record, or kLastRecord / kAfterLast
    QTest::addColumn<QString>("reason"); // pattern on the reason

    const QString noUpdate = u"DROP TRIGGER audit_no_update"_s;
    const QString noDelete = u"DROP TRIGGER audit_no_delete"_s;
    const QString last = u"(SELECT MAX(seq) FROM audit)"_s;

    QTest::addRow("payload edited") << QStringList {noUpdate,
                                                    uR"(UPDATE audit SET payload = '{"x":1}' WHERE seq = 3)"_s}
                                    << QString() << 3 << u"^record 3 was altered"_s;
    QTest::addRow("actor edited") << QStringList {noUpdate, u"UPDATE audit SET actor = 'mallory' WHERE seq = 2"_s}
                                  << QString() << 2 << u"^record 2 was altered"_s;
    QTest::addRow("time edited") << QStringList {noUpdate,
                                                 u"UPDATE audit SET time = '2020-01-01T00:00:00.000Z' WHERE seq = 4"_s}
                                 << QString() << 4 << u"^record 4 was altered"_s;
    QTest::addRow("payload edited and rehashed")
        << QStringList {noUpdate, uR"(UPDATE audit SET payload = '{"x":1}' WHERE seq = 3)"_s} << u"seq = 3"_s << 4
        << u"^record 4 does not follow the record before it"_s;
    QTest::addRow("middle record deleted") << QStringList {noDelete, u"DELETE FROM audit WHERE seq = 3"_s} << QString()
                                           << 3 << u"^record 3 is missing \\(the next one is 4\\)"_s;
    QTest::addRow("two records swapped")
        << QStringList {noUpdate, u"CREATE TEMP TABLE swapped AS SELECT * FROM audit WHERE seq IN (3, 4)"_s,
                        u"UPDATE audit SET (time, actor, incident_id, type, payload, prev_hash, hash) = "
                        "(SELECT time, actor, incident_id, type, payload, prev_hash, hash FROM swapped "
                        "WHERE swapped.seq = 7 - audit.seq) WHERE seq IN (3, 4)"_s}
        << QString() << 3 << u"^record 3 does not follow the record before it"_s;
    QTest::addRow("last record deleted") << QStringList {noDelete, u"DELETE FROM audit WHERE seq = "_s + last}
                                         << QString() << kLastRecord << u"records were removed from the end"_s;
    QTest::addRow("forged record appended")
        << QStringList {noUpdate,
                        u"INSERT INTO audit (seq, time, actor, incident_id, type, payload, prev_hash, hash) "
                        "SELECT seq + 1, time, 'mallory', 0, 'freeze.lifted', '{}', hash, '' FROM audit "
                        "WHERE seq = "_s
                            + last}
        << u"seq = "_s + last << kAfterLast << u"added without the head moving"_s;
    QTest::addRow("head rewritten") << QStringList {u"UPDATE audit_head SET hash = '%1' WHERE id = 1"_s.arg(
        QString(64, u'f'))} << QString()
                                    << kLastRecord << u"does not match the head's hash"_s;
}

void tst_Ctl::auditVerifyOffline()
{
    QFETCH(QStringList, statements);
    QFETCH(QString, rehash);
    QFETCH(int, brokenSeq);
    QFETCH(QString, reason);

    DaemonProcess d;
    QVERIFY2(d.start(), qPrintable(d.errorString()));
    // A record of our own after the seeded ones.
    const CtlRun approve = runCtl(as(d, u"carol"_s, {u"approve"_s, u"1"_s, u"s1"_s}));
    QVERIFY2(approve.exitedWith(0), qPrintable(approve.describe()));
    const CtlRun online = runCtl(as(d, u"dave"_s, {u"audit"_s, u"verify"_s}));
    QVERIFY2(online.exitedWith(0), qPrintable(online.describe()));
    QVERIFY2(d.stop(), "warroomd did not stop on SIGTERM");
    QCOMPARE(d.process()->exitStatus(), QProcess::NormalExit);
    QCOMPARE(d.process()->exitCode(), 0);

    // Untouched, the chain checks out offline, and checking leaves the file alone.
    const QString database = QDir(d.dataDir()).filePath(u"warroom.db"_s);
    const QByteArray before = fileSha256(database);
    QVERIFY(!before.isEmpty());
    const QStringList verify {u"audit"_s, u"verify"_s, u"--data-dir"_s, d.dataDir()};
    const CtlRun clean = runCtl(verify);
    QVERIFY2(clean.exitedWith(0), qPrintable(clean.describe()));
    static const QRegularExpression kIntact(u"^audit chain intact: (\\d+) records, head ([0-9a-f]{64})\n$"_s);
    const QRegularExpressionMatch intact = kIntact.match(clean.out);
    QVERIFY2(intact.hasMatch(), qPrintable(clean.describe()));
    const qint64 records = intact.captured(1).toLongLong();
    QCOMPARE(records, auditRowCount(database));
    const qint64 served = kIntact.match(online.out).captured(1).toLongLong();
    QVERIFY2(served > 0 && records >= served, qPrintable(u"offline %1 records, online %2"_s.arg(records).arg(served)));
    QCOMPARE(fileSha256(database), before);

    QString error = tamper(database, statements, rehash);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const qint64 expectedSeq = brokenSeq == kLastRecord ? records : brokenSeq == kAfterLast ? records + 1 : brokenSeq;

    const CtlRun broken = runCtl(verify);
    QVERIFY2(broken.exitedWith(1), qPrintable(broken.describe()));
    QVERIFY2(broken.out.isEmpty(), qPrintable(broken.describe()));
    static const QRegularExpression kBroken(u"^warroomctl: audit chain BROKEN at record (\\d+): (.*)\n$"_s);
    const QRegularExpressionMatch m = kBroken.match(broken.err);
    QVERIFY2(m.hasMatch(), qPrintable(broken.describe()));
    QCOMPARE(m.captured(1).toLongLong(), expectedSeq);
    QVERIFY2(matches(reason, m.captured(2)), qPrintable(broken.describe()));

    const CtlRun json = runCtl(QStringList {u"--json"_s} + verify);
    QVERIFY2(json.exitedWith(1), qPrintable(json.describe()));
    const QJsonObject v = json.json();
    QCOMPARE(v.value(u"intact"_s).toBool(true), false);
    QCOMPARE(v.value(u"first_broken_seq"_s).toInteger(), expectedSeq);
    QCOMPARE(v.value(u"reason"_s).toString(), m.captured(2));
}

void tst_Ctl::auditVerifyOfflineNeedsADatabase_data()
{
    QTest::addColumn<QString>("dir"); // %EMPTY% and %GARBAGE% are made here
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("err");
    QTest::addRow("no such directory") << u"/nonexistent"_s << 2
                                       << u"^warroomctl: no warroom database at /nonexistent/warroom.db$"_s;
    QTest::addRow("directory without a database") << u"%EMPTY%"_s << 2 << u"^warroomctl: no warroom database at "_s;
    QTest::addRow("not a database") << u"%GARBAGE%"_s << 1 << u"^warroomctl: .*not a (warroom )?database"_s;
}

void tst_Ctl::auditVerifyOfflineNeedsADatabase()
{
    QFETCH(QString, dir);
    QFETCH(int, exitCode);
    QFETCH(QString, err);

    QTemporaryDir scratch;
    QVERIFY(scratch.isValid());
    if (dir == "%GARBAGE%"_L1) {
        QFile f(scratch.filePath(u"warroom.db"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
    }
    if (dir.startsWith(u'%'))
        dir = scratch.path();
    const CtlRun run = runCtl({u"audit"_s, u"verify"_s, u"--data-dir"_s, dir});
    QVERIFY2(run.exitedWith(exitCode), qPrintable(run.describe()));
    QVERIFY2(run.out.isEmpty(), qPrintable(run.describe()));
    QVERIFY2(matches(err, run.err), qPrintable(run.describe()));
}

void tst_Ctl::auditVerifyOfflineOfAnEmptyFile()
{
    // A zero-byte warroom.db (a wiped log) must not pass as intact, and a
    // verifier must not write to what it verifies.
    QTemporaryDir scratch;
    QVERIFY(scratch.isValid());
    const QString database = scratch.filePath(u"warroom.db"_s);
    QFile f(database);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();

    const CtlRun run = runCtl({u"audit"_s, u"verify"_s, u"--data-dir"_s, scratch.path()});
    QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit, qPrintable(run.describe()));
    QVERIFY2(run.exitCode != 0, qPrintable(run.describe()));
    QCOMPARE(QFileInfo(database).size(), qint64(0));
}

void tst_Ctl::knowledgeLint_data()
{
    QTest::addColumn<QByteArray>("extra"); // a further knowledge file, or none
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("err");
    QTest::newRow("shipped knowledge is clean") << QByteArray() << 0 << QString();
    QTest::newRow("unknown playbook")
        << QByteArray("kind: dip\nitems:\n  - id: DIP-LOCAL-1\n    title: t\n"
                      "    category: network\n    steps:\n"
                      "      - {id: s1, kind: diagnose, title: x, playbook: rm-rf-everything}\n")
        << 1 << u"team.yaml:7: dip DIP-LOCAL-1: step s1 names the playbook \"rm-rf-everything\""_s;
    QTest::newRow("a rollback that is not the policy's")
        << QByteArray("kind: dip\nitems:\n  - id: DIP-LOCAL-3\n    title: t\n"
                      "    category: availability\n    steps:\n"
                      "      - {id: s1, kind: snapshot, title: x, playbook: sso-metadata-snapshot}\n"
                      "      - {id: s2, kind: remediate, title: y, playbook: service-rolling-restart,"
                      " rollback: sso-metadata-restore}\n")
        << 1
        << u"team.yaml:8: dip DIP-LOCAL-3: step s2 names the rollback \"sso-metadata-restore\", but the policy's "
           "rollback of service-rolling-restart is \"service-scale-restore\""_s;
    QTest::newRow("duplicate id") << QByteArray(
        "kind: kba\nitems:\n  - id: KBA-AVAIL-5XX-RESTART\n    title: t\n"
        "    category: availability\n    symptoms: s\n    cause: c\n    resolution: r\n")
                                  << 1 << u"duplicate id"_s;
    QTest::newRow("bad category") << QByteArray(
        "kind: kba\nitems:\n  - id: KBA-LOCAL-2\n    title: t\n"
        "    category: weather\n    symptoms: s\n    cause: c\n    resolution: r\n")
                                  << 1 << u"team.yaml:5: kba KBA-LOCAL-2: category \"weather\""_s;
    QTest::newRow("not YAML") << QByteArray("kind: kba\nitems: [unclosed\n") << 1 << u"team.yaml:"_s;
}

void tst_Ctl::knowledgeLint()
{
    QFETCH(QByteArray, extra);
    QFETCH(int, exitCode);
    QFETCH(QString, err);
    QStringList args {u"knowledge"_s, u"lint"_s};
    QTemporaryDir dir;
    if (!extra.isEmpty()) {
        QFile f(dir.filePath(u"team.yaml"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(extra);
        f.close();
        args << u"--dir"_s << dir.path();
    }
    const CtlRun run = runCtl(args);
    QVERIFY2(run.exitedWith(exitCode), qPrintable(run.describe()));
    QVERIFY2(run.out.contains(u" KBAs, "_s) && run.out.contains(u" DIPs, "_s), qPrintable(run.describe()));
    if (!err.isEmpty())
        QVERIFY2(run.err.contains(err), qPrintable(run.describe()));
    else
        QVERIFY2(run.err.isEmpty(), qPrintable(run.describe()));
}

QTEST_GUILESS_MAIN(tst_Ctl)
#include "tst_ctl.moc"
