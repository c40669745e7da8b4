// Ingestion end to end with real parts: the real warroomd, a real
// prometheus-alertmanager on loopback posting its webhooks, a real
// redis-server on a Unix socket, the real warroomctl publishing; hostile
// input on every endpoint; kill -9 in the middle of a 10,000-event burst.

#include "daemonprocess.h"
#include "ingestprocesses.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace warroom::test;

namespace {

QByteArray sample(const QString &name)
{
    QFile f(QStringLiteral(WARROOM_SOURCE_DIR) + u"/tests/data/ingest/"_s + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString writeConfig(const QString &dir, const QByteArray &yaml)
{
    const QString path = QDir(dir).filePath(u"ingest-test.yaml"_s);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(yaml);
    return path;
}

/// Runs `warroomctl ARGS`, feeding `input`; returns the exit code.
int ctl(const QStringList &args, QByteArray *output = nullptr)
{
    QProcess p;
    p.start(qEnvironmentVariable("WARROOMCTL"), args);
    if (!p.waitForFinished(60000))
        return -1;
    if (output)
        *output = p.readAllStandardOutput() + p.readAllStandardError();
    return p.exitCode();
}

/// A read-only look into a daemon's database.
class Db
{
public:
    explicit Db(const QString &path)
        : m_name(QUuid::createUuid().toString())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
        db.open();
    }
    ~Db() { QSqlDatabase::removeDatabase(m_name); }
    qint64 scalar(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }
    QStringList column(const QString &sql)
    {
        QStringList out;
        QSqlQuery q(QSqlDatabase::database(m_name));
        if (q.exec(sql)) {
            while (q.next())
                out.append(q.value(0).toString());
        }
        return out;
    }

private:
    QString m_name;
};

} // namespace

class TestIngestE2E final : public QObject
{
    Q_OBJECT

private:
    HttpExchange post(const QString &path, const QByteArray &body, const QString &user = u"alice"_s)
    {
        return sendHttp(
            m_nam, "POST", m_daemon->url(path), body,
            {{"Authorization", "Bearer " + m_daemon->token(user).toUtf8()}, {"Content-Type", "application/json"}});
    }
    HttpExchange get(const QString &pathAndQuery, const QString &user = u"alice"_s)
    {
        const qsizetype q = pathAndQuery.indexOf(u'?');
        const QUrl url
            = q < 0 ? m_daemon->url(pathAndQuery) : m_daemon->url(pathAndQuery.left(q), pathAndQuery.mid(q + 1));
        return sendHttp(m_nam, "GET", url, {}, {{"Authorization", "Bearer " + m_daemon->token(user).toUtf8()}});
    }
    qint64 metric(const QByteArray &line)
    {
        const QByteArray text = get(u"/metrics"_s).body;
        for (const QByteArray &l : text.split('\n')) {
            if (l.startsWith(QByteArray(line + ' ')))
                return l.mid(line.size() + 1).toLongLong();
        }
        return -1;
    }

    QNetworkAccessManager m_nam;
    RedisProcess m_redis;
    std::unique_ptr<DaemonProcess> m_daemon;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
        m_daemon = std::make_unique<DaemonProcess>();
        QTemporaryDir *dir = new QTemporaryDir;
        dir->setAutoRemove(true);
        connect(this, &QObject::destroyed, this, [dir] { delete dir; });
        m_daemon->setConfigFile(writeConfig(dir->path(),
                                            "ingest:\n  rate_per_second: 5\n  burst: 20\n  throttle_seconds: 60\n"
                                            "  correlation_window_seconds: 120\n  flap_threshold: 2\n"));
        m_daemon->setExtraArguments({u"--redis"_s, m_redis.url()});
        QVERIFY2(m_daemon->start(), qPrintable(m_daemon->errorString()));
        QTRY_COMPARE(get(u"/healthz"_s).json.value(u"redis"_s).toString(), u"connected"_s);
    }

    void cleanupTestCase() { m_daemon.reset(); }

    void alertmanagerEndToEnd()
    {
        AlertmanagerProcess am;
        QVERIFY2(am.start(m_daemon->url(u"/api/v1/ingest/alertmanager"_s).toString(), m_daemon->token(u"bob"_s)),
                 qPrintable(am.errorString()));
        // Alerts go to the real Alertmanager, which groups them and calls us.
        const QByteArray alerts = R"([
            {"labels": {"alertname": "DiskFull", "service": "ledger-db", "severity": "warning", "instance": "db-1"},
             "annotations": {"summary": "ledger-db disk above 95%"}},
            {"labels": {"alertname": "DiskFull", "service": "ledger-db", "severity": "warning", "instance": "db-2"},
             "annotations": {"summary": "ledger-db disk above 95%"}}])";
        HttpExchange r = sendHttp(m_nam, "POST", QUrl(am.baseUrl() + u"/api/v2/alerts"_s), alerts,
                                  {{"Content-Type", "application/json"}});
        QCOMPARE(r.status, 200);
        auto findIncident = [&] {
            const QJsonArray items = get(u"/api/v1/incidents?source=alertmanager"_s).json.value(u"items"_s).toArray();
            for (const QJsonValue &v : items) {
                if (v.toObject().value(u"title"_s).toString() == "ledger-db disk above 95%"_L1)
                    return v.toObject().value(u"id"_s).toInteger();
            }
            return qint64(0);
        };
        qint64 id = 0;
        for (QDeadlineTimer deadline(10000); id == 0 && !deadline.hasExpired(); QTest::qWait(100))
            id = findIncident();
        QVERIFY2(id > 0, get(u"/api/v1/incidents?source=alertmanager"_s).body.constData());
        // One incident for the group, both alerts counted on it.
        QTRY_COMPARE_WITH_TIMEOUT(get(u"/api/v1/incidents/%1"_s.arg(id))
                                      .json.value(u"incident"_s)
                                      .toObject()
                                      .value(u"event_count"_s)
                                      .toInteger(),
                                  2, 5000);
        QJsonObject incident = get(u"/api/v1/incidents/%1"_s.arg(id)).json.value(u"incident"_s).toObject();
        QCOMPARE(incident.value(u"service"_s).toString(), u"ledger-db"_s);
        QCOMPARE(incident.value(u"priority"_s).toString(), u"P3"_s);
        QCOMPARE(incident.value(u"reported_by"_s).toString(), u"bob"_s);
        QCOMPARE(incident.value(u"source_status"_s).toString(), u"firing"_s);

        // Resolved alerts (endsAt in the past) resolve it.
        const QString past = QDateTime::currentDateTimeUtc().addSecs(-1).toString(Qt::ISODateWithMs);
        QByteArray resolved = alerts;
        resolved.replace("\"annotations\"", QByteArray("\"endsAt\": \"" + past.toUtf8() + "\", \"annotations\""));
        QCOMPARE(sendHttp(m_nam, "POST", QUrl(am.baseUrl() + u"/api/v2/alerts"_s), resolved,
                          {{"Content-Type", "application/json"}})
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(
            get(u"/api/v1/incidents/%1"_s.arg(id)).json.value(u"incident"_s).toObject().value(u"state"_s).toString(),
            u"resolved"_s, 10000);
        incident = get(u"/api/v1/incidents/%1"_s.arg(id)).json.value(u"incident"_s).toObject();
        QCOMPARE(incident.value(u"source_status"_s).toString(), u"resolved"_s);
        // The timeline names each event.
        const QJsonArray audit = get(u"/api/v1/audit?incident=%1"_s.arg(id)).json.value(u"items"_s).toArray();
        QStringList types;
        for (const QJsonValue &a : audit)
            types.append(a.toObject().value(u"type"_s).toString());
        QVERIFY2(types.contains(u"incident.created"_s) && types.contains(u"incident.resolved"_s),
                 qPrintable(types.join(u", "_s)));
    }

    void webhooksAndEventLookup()
    {
        // EventBridge opens, the older /alert shape for the same alarm resolves.
        HttpExchange alarm = post(u"/api/v1/ingest/eventbridge"_s, sample(u"eventbridge-alarm.json"_s), u"carol"_s);
        QCOMPARE(alarm.status, 200);
        QCOMPARE(alarm.json.value(u"outcome"_s).toString(), u"created"_s);
        const qint64 id = alarm.json.value(u"incident_id"_s).toInteger();
        HttpExchange ok = post(u"/alert"_s, sample(u"alert-wrapper-ok.json"_s), u"carol"_s);
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json.value(u"incident_id"_s).toInteger(), id);
        QCOMPARE(ok.json.value(u"outcome"_s).toString(), u"resolved"_s);
        // A retried delivery is the same event.
        QCOMPARE(post(u"/api/v1/ingest/eventbridge"_s, sample(u"eventbridge-alarm.json"_s), u"carol"_s)
                     .json.value(u"outcome"_s)
                     .toString(),
                 u"duplicate"_s);

        // PagerDuty: trigger, acknowledge, resolve with the dedup key.
        HttpExchange t = post(u"/api/v1/ingest/pagerduty"_s, sample(u"pagerduty-trigger.json"_s), u"carol"_s);
        QCOMPARE(t.status, 202);
        QCOMPARE(t.json.value(u"status"_s).toString(), u"success"_s);
        QCOMPARE(t.json.value(u"dedup_key"_s).toString(), u"orders-db-replication"_s);
        const qint64 pd = t.json.value(u"incident_id"_s).toInteger();
        const QByteArray ack = R"({"routing_key": "R0UT1NGK3Y0000000000000000000001", "event_action": "acknowledge",
                                   "dedup_key": "orders-db-replication"})";
        QCOMPARE(post(u"/api/v1/ingest/pagerduty"_s, ack, u"carol"_s).json.value(u"outcome"_s).toString(),
                 u"acknowledged"_s);
        QByteArray resolve = ack;
        resolve.replace("acknowledge", "resolve");
        HttpExchange res = post(u"/api/v1/ingest/pagerduty"_s, resolve, u"carol"_s);
        QCOMPARE(res.json.value(u"incident_id"_s).toInteger(), pd);
        QCOMPARE(res.json.value(u"outcome"_s).toString(), u"resolved"_s);

        // Every event leads to its incident; an unknown one is 404.
        HttpExchange e = get(u"/api/v1/events/"_s + t.json.value(u"event_id"_s).toString());
        QCOMPARE(e.status, 200);
        QCOMPARE(e.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger(), pd);
        QCOMPARE(get(u"/api/v1/events/no-such-event"_s).status, 404);
        QCOMPARE(get(u"/api/v1/events/x"_s, u"dave"_s).status, 404); // viewers may look
        // A viewer may not send.
        QCOMPARE(post(u"/api/v1/ingest/pagerduty"_s, sample(u"pagerduty-trigger.json"_s), u"dave"_s).status, 403);
        QCOMPARE(sendHttp(m_nam, "POST", m_daemon->url(u"/alert"_s), sample(u"alert-wrapper-ok.json"_s)).status, 401);
    }

    void hostileInput_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        const QByteArray deep = QByteArray(3000, '[') + QByteArray(3000, ']');
        const QByteArray huge = QByteArray("{\"routing_key\": \"" + QByteArray(2 << 20, 'a') + "\"}");
        for (const QString &path : {u"/api/v1/ingest/alertmanager"_s, u"/api/v1/ingest/eventbridge"_s, u"/alert"_s,
                                    u"/api/v1/ingest/pagerduty"_s}) {
            const QByteArray p = path.toUtf8();
            QTest::newRow(QByteArray(p + " malformed").constData()) << path << QByteArray("{\"version\": ") << 400;
            QTest::newRow(QByteArray(p + " wrong types").constData())
                << path
                << QByteArray("{\"version\": 4, \"id\": 5, \"incident_id\": [], "
                              "\"routing_key\": {}, \"event_action\": 1}")
                << 400;
            QTest::newRow(QByteArray(p + " deep nesting").constData()) << path << deep << 400;
            QTest::newRow(QByteArray(p + " invalid UTF-8").constData())
                << path << QByteArray("{\"id\": \"\xc3\x28\xff\"}") << 400;
            QTest::newRow(QByteArray(p + " over the body limit").constData()) << path << huge << 413;
            QTest::newRow(QByteArray(p + " huge string").constData())
                << path
                << QByteArray("{\"groupKey\": \"" + QByteArray(200000, 'g')
                              + "\", "
                                "\"id\": \""
                              + QByteArray(200000, 'i') + "\", \"incident_id\": \"" + QByteArray(200000, 'n')
                              + "\", \"routing_key\": \"" + QByteArray(100000, 'r') + "\"}")
                << 400;
        }
    }
    void hostileInput()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const QString before = get(u"/metrics"_s).body.contains("warroom_incidents ") ? QString() : QString();
        Q_UNUSED(before);
        const qint64 incidents = get(u"/api/v1/incidents?limit=1"_s).json.value(u"total"_s).toInteger();
        const HttpExchange r = post(path, body, u"erin"_s);
        QCOMPARE(r.status, status);
        QVERIFY2(!r.error().isEmpty(), r.body.left(200).constData());
        // Still serving, nothing lost, nothing added.
        QCOMPARE(get(u"/healthz"_s).status, 200);
        QCOMPARE(get(u"/api/v1/incidents?limit=1"_s).json.value(u"total"_s).toInteger(), incidents);
        QCOMPARE(get(u"/api/v1/events/eventbridge:c4c1c1c9-6542-e61b-6ef0-8c4d36933a92"_s).status, 200);
    }

    void stormControl()
    {
        // Rate limit per source and sender: 429 with Retry-After.
        const QByteArray trigger = R"({"routing_key": "storm", "event_action": "trigger", "dedup_key": "storm-1",
            "payload": {"summary": "queue depth high", "source": "mq-1", "severity": "warning"}})";
        int limited = 0;
        QByteArray retryAfter;
        for (int i = 0; i < 40 && limited == 0; ++i) {
            const HttpExchange r = post(u"/api/v1/ingest/pagerduty"_s, trigger, u"bob"_s);
            if (r.status == 429) {
                ++limited;
                retryAfter = r.header("Retry-After");
                QVERIFY(r.json.value(u"retry_after"_s).toInt() >= 1);
            } else {
                QCOMPARE(r.status, 202);
            }
        }
        QCOMPARE(limited, 1);
        QVERIFY(retryAfter.toInt() >= 1);
        QVERIFY(metric("warroom_ingest_rate_limited_total{source=\"pagerduty\"}") >= 1);
        // Another sender is not held back by that one.
        QCOMPARE(post(u"/api/v1/ingest/pagerduty"_s, trigger, u"carol"_s).status, 202);
        // Identical triggers are one event; different ones on the group are throttled.
        QByteArray other = trigger;
        other.replace("queue depth high", "queue depth higher");
        QCOMPARE(post(u"/api/v1/ingest/pagerduty"_s, other, u"carol"_s).json.value(u"outcome"_s).toString(),
                 u"throttled"_s);
        QVERIFY(metric("warroom_ingest_throttled_total") >= 1);
        QVERIFY(metric("warroom_ingest_events_total{source=\"pagerduty\",outcome=\"throttled\"}") >= 1);
    }

    void flappingAndCorrelation()
    {
        const QByteArray trigger = R"({"routing_key": "flap", "event_action": "trigger", "dedup_key": "flap-1",
            "payload": {"summary": "link flapping", "source": "sw-1", "severity": "error", "component": "edge-net"}})";
        QByteArray resolve = R"({"routing_key": "flap", "event_action": "resolve", "dedup_key": "flap-1"})";
        const qint64 id
            = post(u"/api/v1/ingest/pagerduty"_s, trigger, u"alice"_s).json.value(u"incident_id"_s).toInteger();
        QVERIFY(id > 0);
        QStringList outcomes;
        for (int round = 0; round < 3; ++round) {
            QByteArray r = resolve;
            r.replace("}", QByteArray(", \"client\": \"round-" + QByteArray::number(round) + "\"}"));
            outcomes.append(post(u"/api/v1/ingest/pagerduty"_s, r, u"alice"_s).json.value(u"outcome"_s).toString());
            QByteArray t = trigger;
            t.replace("\"sw-1\"", QByteArray("\"sw-1-" + QByteArray::number(round) + "\""));
            outcomes.append(post(u"/api/v1/ingest/pagerduty"_s, t, u"alice"_s).json.value(u"outcome"_s).toString());
        }
        // Resolve, reopen, resolve, reopen (now flapping), then resolves no longer resolve.
        // (The last trigger is inside the group's throttle window: counted, no timeline entry.)
        QCOMPARE(outcomes,
                 (QStringList {u"resolved"_s, u"reopened"_s, u"resolved"_s, u"reopened"_s, u"source_resolved"_s,
                               u"throttled"_s}));
        const QJsonObject incident = get(u"/api/v1/incidents/%1"_s.arg(id)).json.value(u"incident"_s).toObject();
        QVERIFY(incident.value(u"flapping"_s).toBool());
        QCOMPARE(incident.value(u"flap_count"_s).toInt(), 2);
        QCOMPARE(incident.value(u"state"_s).toString(), u"new"_s);

        // Another alert for the same service inside the window joins it.
        QByteArray neighbour = trigger;
        neighbour.replace("flap-1", "flap-2").replace("link flapping", "packet loss 30%");
        const HttpExchange c = post(u"/api/v1/ingest/pagerduty"_s, neighbour, u"alice"_s);
        QCOMPARE(c.json.value(u"outcome"_s).toString(), u"correlated"_s);
        QCOMPARE(c.json.value(u"incident_id"_s).toInteger(), id);
    }

    void redisStream()
    {
        // Good events through the real warroomctl, bad ones beside them.
        QTemporaryDir dir;
        QFile file(dir.filePath(u"events.jsonl"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(sample(u"cyber-sample.jsonl"_s).left(sample(u"cyber-sample.jsonl"_s).indexOf('\n') + 1)); // 1 event
        const QList<QByteArray> bad {"not json",
                                     "[1, 2]",
                                     QByteArray(3000, '[') + QByteArray(3000, ']'),
                                     "{\"category\": \"sabotage\", \"event_id\": \"bad-1\"}",
                                     "{\"title\": 5}",
                                     "{\"title\": \"x\xff\xfe\"}",
                                     "{\"event_id\": \"bad 2\", \"title\": \"spaces in the id\"}"};
        for (const QByteArray &b : bad)
            file.write(QByteArray(b + '\n'));
        file.write(R"({"event_id": "generic-1", "title": "VPN concentrator down", "service": "vpn", "priority": "P2"})"
                   "\n");
        file.close();
        const qint64 deadBefore = m_redis.cli({u"XLEN"_s, u"warroom:incidents:dead"_s}).trimmed().toLongLong();
        QByteArray out;
        QCOMPARE(ctl({u"publish"_s, u"--redis"_s, m_redis.url(), u"--file"_s, file.fileName(), u"--rate"_s, u"200/s"_s},
                     &out),
                 0);
        QVERIFY2(out.contains("published 9 events"), out.constData());
        QTRY_COMPARE(get(u"/api/v1/events/generic-1"_s).status, 200);
        QTRY_COMPARE(get(u"/api/v1/events/cyber-7-000001"_s).status, 200);
        QCOMPARE(
            get(u"/api/v1/events/cyber-7-000001"_s).json.value(u"incident"_s).toObject().value(u"title"_s).toString(),
            u"unix shell spawned by the web server on app-32.prod.example.net"_s);
        // Each bad entry is a dead letter with its reason, and acknowledged.
        QTRY_COMPARE(m_redis.cli({u"XLEN"_s, u"warroom:incidents:dead"_s}).trimmed().toLongLong(),
                     deadBefore + bad.size());
        const QByteArray dead = m_redis.cli({u"XRANGE"_s, u"warroom:incidents:dead"_s, u"-"_s, u"+"_s});
        QVERIFY2(dead.contains("not valid JSON"), dead.constData());
        QVERIFY(dead.contains("category must be one of"));
        QVERIFY(dead.contains("the event id must be"));
        QTRY_COMPARE(m_redis.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s}).split('\n').value(0).trimmed(),
                     QByteArray("0"));
        QVERIFY(metric("warroom_ingest_dead_letters_total") >= bad.size());
        QCOMPARE(metric("warroom_redis_up"), 1);
        // The daemon keeps serving throughout.
        QCOMPARE(get(u"/healthz"_s).status, 200);

        // warroomctl's own mistakes are usage errors.
        QCOMPARE(ctl({u"publish"_s, u"--redis"_s, m_redis.url()}), 2);
        QCOMPARE(
            ctl({u"publish"_s, u"--redis"_s, m_redis.url(), u"--file"_s, file.fileName(), u"--pattern"_s, u"fast"_s}),
            2);
        QCOMPARE(ctl({u"publish"_s, u"--redis"_s, u"unix://"_s + dir.filePath(u"nope.sock"_s), u"--file"_s,
                      file.fileName()}),
                 3);
        QByteArray a;
        QByteArray b;
        QCOMPARE(ctl({u"dataset"_s, u"cyber"_s, u"--count"_s, u"50"_s, u"--seed"_s, u"7"_s}, &a), 0);
        QCOMPARE(a, sample(u"cyber-sample.jsonl"_s)); // deterministic: the checked-in sample is this output
        QCOMPARE(ctl({u"dataset"_s, u"cyber"_s, u"--count"_s, u"50"_s, u"--seed"_s, u"8"_s}, &b), 0);
        QVERIFY(a != b);
    }

    void redisDownAndBack()
    {
        // Started without Redis: serves HTTP, says so, connects when Redis comes.
        QTemporaryDir dir;
        const QString socket = dir.filePath(u"late.sock"_s);
        DaemonProcess daemon;
        daemon.setDemo(true);
        daemon.setExtraArguments({u"--redis"_s, u"unix://"_s + socket});
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        auto health = [&] { return sendHttp(m_nam, "GET", daemon.url(u"/healthz"_s)); };
        QTRY_VERIFY(health().json.value(u"redis"_s).toString().startsWith(u"down: "_s));
        QCOMPARE(health().status, 200);
        const HttpExchange m = sendHttp(m_nam, "GET", daemon.url(u"/metrics"_s), {},
                                        {{"Authorization", "Bearer " + daemon.token(u"alice"_s).toUtf8()}});
        QVERIFY(m.body.contains("warroom_redis_up 0"));
        QVERIFY(m.body.contains("warroom_redis_reconnects_total"));
        RedisProcess late;
        QVERIFY2(late.startAt(socket), qPrintable(late.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(health().json.value(u"redis"_s).toString(), u"connected"_s, 10000);
        // Redis goes away again: HTTP keeps serving.
        late.stop();
        QTRY_VERIFY(health().json.value(u"redis"_s).toString().startsWith(u"down: "_s));
        QCOMPARE(health().status, 200);
    }

    void killDuringBurstLosesNothing()
    {
        // 10,000 events waiting in the stream, the daemon killed with SIGKILL
        // while it works through them, restarted: every event is an incident
        // exactly once.
        RedisProcess redis;
        QVERIFY2(redis.start(), qPrintable(redis.errorString()));
        QTemporaryDir dir;
        QByteArray events;
        QCOMPARE(ctl({u"dataset"_s, u"cyber"_s, u"--count"_s, u"10000"_s, u"--seed"_s, u"11"_s}, &events), 0);
        QFile file(dir.filePath(u"burst.jsonl"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(events);
        file.close();
        // A consumer that read 100 entries and died before acknowledging them.
        QVERIFY(redis.cli({u"XGROUP"_s, u"CREATE"_s, u"warroom:incidents"_s, u"warroomd"_s, u"0"_s, u"MKSTREAM"_s})
                    .startsWith("OK"));
        QCOMPARE(ctl({u"publish"_s, u"--redis"_s, redis.url(), u"--file"_s, file.fileName()}), 0);
        QVERIFY(!redis
                     .cli({u"XREADGROUP"_s, u"GROUP"_s, u"warroomd"_s, u"dead-consumer"_s, u"COUNT"_s, u"100"_s,
                           u"STREAMS"_s, u"warroom:incidents"_s, u">"_s})
                     .isEmpty());
        QVERIFY(redis.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s}).startsWith("100"));

        DaemonProcess daemon;
        daemon.setDemo(true);
        daemon.setConfigFile(writeConfig(dir.path(),
                                         "ingest:\n  correlation_window_seconds: 0\n  batch_size: 500\n"
                                         "redis:\n  consumer: crash-test\n  claim_idle_seconds: 1\n"));
        daemon.setExtraArguments({u"--redis"_s, redis.url()});
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        const QString dbPath = QDir(daemon.dataDir()).filePath(u"warroom.db"_s);
        // Watched through /metrics, not the database: a reader polling the
        // database would hold up the daemon's WAL checkpoints.
        auto committed = [&] {
            const QByteArray text = sendHttp(m_nam, "GET", daemon.url(u"/metrics"_s), {},
                                             {{"Authorization", "Bearer " + daemon.token(u"alice"_s).toUtf8()}})
                                        .body;
            for (const QByteArray &line : text.split('\n')) {
                if (line.startsWith("warroom_ingest_stream_entries_total "))
                    return line.mid(36).toLongLong();
            }
            return qint64(-1);
        };
        QTRY_VERIFY_WITH_TIMEOUT(committed() >= 1500, 20000);
        daemon.process()->kill(); // SIGKILL: no shutdown, no flush, no XACK of the batch in hand
        daemon.process()->waitForFinished(5000);
        qint64 atKill = 0;
        {
            Db db(dbPath);
            atKill = db.scalar(u"SELECT COUNT(*) FROM ingest_events"_s);
        }
        QVERIFY2(atKill < 10000, "the burst was over before the kill; nothing was tested");
        const QByteArray pendingAtKill = redis.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s});
        qInfo("killed at %lld of 10000 events committed; pending in Redis: %s", static_cast<long long>(atKill),
              pendingAtKill.split('\n').value(0).constData());

        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        // Done when the group has delivered everything and nothing is pending.
        QTRY_VERIFY_WITH_TIMEOUT(
            redis.cli({u"XINFO"_s, u"GROUPS"_s, u"warroom:incidents"_s}).contains("lag\n0\n")
                && redis.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s}).startsWith("0\n"),
            30000);
        daemon.stop();
        Db db(dbPath);
        QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM ingest_events"_s), 10000);
        QCOMPARE(db.scalar(u"SELECT COUNT(DISTINCT event_id) FROM ingest_events"_s), 10000);
        QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM ingest_events WHERE outcome = 'created'"_s), 10000);
        QCOMPARE(db.scalar(u"SELECT COUNT(DISTINCT incident_id) FROM ingest_events"_s), 10000);
        QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM incidents WHERE json_extract(doc, '$.incident.external_id') "
                           "LIKE 'cyber-11-%'"_s),
                 10000);
        QCOMPARE(db.scalar(u"SELECT COUNT(DISTINCT json_extract(doc, '$.incident.external_id')) FROM incidents "
                           "WHERE json_extract(doc, '$.incident.external_id') LIKE 'cyber-11-%'"_s),
                 10000);
        // The ids are the published ones.
        QStringList expected;
        for (const QByteArray &line : events.split('\n')) {
            if (!line.isEmpty())
                expected.append(QJsonDocument::fromJson(line).object().value(u"event_id"_s).toString());
        }
        QStringList stored = db.column(u"SELECT event_id FROM ingest_events"_s);
        expected.sort();
        stored.sort();
        QCOMPARE(stored, expected);
        // And the audit chain survived the kill (checked offline, as warroomctl audit verify does).
        QByteArray verify;
        QCOMPARE(ctl({u"audit"_s, u"verify"_s, u"--data-dir"_s, daemon.dataDir()}, &verify), 0);
    }
};

QTEST_GUILESS_MAIN(TestIngestE2E)
#include "tst_ingest.moc"
