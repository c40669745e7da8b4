// Ingestion end to end with real parts: the real warroomd, a real
// prometheus-alertmanager on loopback posting its webhooks (and, as a
// PagerDuty receiver, its Events v2), a real redis-server on a Unix socket,
// the real warroomctl publishing; hostile input on every endpoint and on the
// stream, each refused by the check meant for it; source resolves with triage
// on; backpressure, reconnects, dead letters that Redis refuses, entries that
// cannot be committed; kill -9 between a commit and its XACK in the middle of
// a live 10,000-event burst.

#include "daemonprocess.h"
#include "ingestprocesses.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace warroom::test;

namespace {

/// True once `p` has ended: QProcess::waitForFinished() is false for a
/// process whose end an event loop (a QTRY_*, a daemon start) already saw.
bool ended(QProcess &p, int ms)
{
    return p.state() == QProcess::NotRunning || p.waitForFinished(ms);
}

/// The routing key of the "grafana" PagerDuty integration of the shared daemon.
const QByteArray kGrafanaKey = "GRAFANA0R0UTING0KEY0000000000001";

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

/// `json` with the value at a dotted path replaced.
QJsonObject with(QJsonObject object, const QString &path, const QJsonValue &value)
{
    const qsizetype dot = path.indexOf(u'.');
    if (dot < 0) {
        object.insert(path, value);
        return object;
    }
    const QString head = path.left(dot);
    object.insert(head, with(object.value(head).toObject(), path.mid(dot + 1), value));
    return object;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// The value of one line of Prometheus text, or -1.
qint64 metricIn(const QByteArray &text, const QByteArray &line)
{
    for (const QByteArray &l : text.split('\n')) {
        if (l.startsWith(QByteArray(line + ' ')))
            return l.mid(line.size() + 1).toLongLong();
    }
    return -1;
}

double metricValue(const QByteArray &text, const QByteArray &line)
{
    for (const QByteArray &l : text.split('\n')) {
        if (l.startsWith(QByteArray(line + ' ')))
            return l.mid(line.size() + 1).toDouble();
    }
    return -1;
}

/// The sum of every line of a metric whose labels contain `labels`.
qint64 metricSum(const QByteArray &text, const QByteArray &name, const QByteArray &labels)
{
    qint64 sum = 0;
    for (const QByteArray &l : text.split('\n')) {
        if (l.startsWith(QByteArray(name + '{')) && l.contains(labels))
            sum += l.mid(l.lastIndexOf(' ') + 1).toLongLong();
    }
    return sum;
}

/// warroomctl dataset cyber --count N --seed S, as lines.
QByteArray dataset(int count, int seed)
{
    QProcess p;
    p.start(qEnvironmentVariable("WARROOMCTL"),
            {u"dataset"_s, u"cyber"_s, u"--count"_s, QString::number(count), u"--seed"_s, QString::number(seed)});
    p.waitForFinished(60000);
    return p.readAllStandardOutput();
}

QString writeFile(const QString &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = QDir(dir).filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
    return path;
}

QStringList eventIds(const QByteArray &lines)
{
    QStringList out;
    for (const QByteArray &line : lines.split('\n')) {
        if (!line.isEmpty())
            out.append(QJsonDocument::fromJson(line).object().value(u"event_id"_s).toString());
    }
    return out;
}

/// Types of an incident's audit events and their payloads, in order.
QList<QPair<QString, QJsonObject>> timeline(const QJsonArray &items)
{
    QList<QPair<QString, QJsonObject>> out;
    for (const QJsonValue &v : items)
        out.append({v.toObject().value(u"type"_s).toString(), v.toObject().value(u"payload"_s).toObject()});
    return out;
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
    qint64 metric(const QByteArray &line) { return metricIn(get(u"/metrics"_s).body, line); }
    /// A request to the shared daemon with a path sent as it is (percent-encoded bytes and all).
    HttpExchange raw(const QByteArray &verb, const QByteArray &encodedPath,
                     const QList<QPair<QByteArray, QByteArray>> &headers)
    {
        return sendHttp(m_nam, verb, QUrl::fromEncoded(m_daemon->baseUrl().toEncoded() + encodedPath), {}, headers);
    }
    QByteArray bearer(const QString &user) const { return "Bearer " + m_daemon->token(user).toUtf8(); }

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
        m_daemon->setConfigFile(
            writeConfig(dir->path(),
                        "ingest:\n  rate_per_second: 5\n  burst: 20\n  throttle_seconds: 60\n"
                        "  correlation_window_seconds: 120\n  flap_threshold: 2\n  max_batch_bytes: 4194304\n"
                        "  pagerduty_integrations:\n  - name: grafana\n    routing_key_sha256: "
                            + QCryptographicHash::hash(kGrafanaKey, QCryptographicHash::Sha256).toHex()
                            + "\n    roles: [responder]\n"));
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

    void sourceResolvesWithTriageOn()
    {
        // The default: triage on ingestion, so incidents are planned before
        // their source resolves. Nobody acted on the first: its source
        // resolves it. On the second people acted: it stays open.
        DaemonProcess daemon;
        daemon.setTriageOnIngest(true);
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        AlertmanagerProcess am;
        QVERIFY2(am.start(daemon.url(u"/api/v1/ingest/alertmanager"_s).toString(), daemon.token(u"bob"_s)),
                 qPrintable(am.errorString()));
        auto call = [&](const QByteArray &verb, const QString &path, const QString &user, const QByteArray &body = {},
                        const QString &query = {}) {
            return sendHttp(m_nam, verb, daemon.url(path, query), body,
                            {{"Authorization", "Bearer " + daemon.token(user).toUtf8()}});
        };
        const QByteArray alerts = R"([
            {"labels": {"alertname": "ReplicaLagUntouched", "service": "orders-db", "severity": "warning"},
             "annotations": {"summary": "orders-db replica lag above 60 s"}},
            {"labels": {"alertname": "DiskFullWorkedOn", "service": "ledger-db", "severity": "critical"},
             "annotations": {"summary": "ledger-db disk above 95 %"}}])";
        QCOMPARE(sendHttp(m_nam, "POST", QUrl(am.baseUrl() + u"/api/v2/alerts"_s), alerts,
                          {{"Content-Type", "application/json"}})
                     .status,
                 200);
        auto find = [&](const QString &title) -> QJsonObject {
            const QJsonArray items = call("GET", u"/api/v1/incidents"_s, u"alice"_s).json.value(u"items"_s).toArray();
            for (const QJsonValue &v : items) {
                if (v.toObject().value(u"title"_s).toString() == title)
                    return v.toObject();
            }
            return {};
        };
        // Both triaged and planned by the coordinator, as the default has it.
        QJsonObject untouched;
        QJsonObject worked;
        for (QDeadlineTimer deadline(20000); !deadline.hasExpired(); QTest::qWait(100)) {
            untouched = find(u"orders-db replica lag above 60 s"_s);
            worked = find(u"ledger-db disk above 95 %"_s);
            if (untouched.value(u"state"_s).toString() == "planned"_L1
                && worked.value(u"state"_s).toString() == "planned"_L1)
                break;
        }
        QCOMPARE(untouched.value(u"state"_s).toString(), u"planned"_s);
        QCOMPARE(worked.value(u"state"_s).toString(), u"planned"_s);
        QVERIFY(!untouched.value(u"category"_s).toString().isEmpty());
        const qint64 a = untouched.value(u"id"_s).toInteger();
        const qint64 b = worked.value(u"id"_s).toInteger();

        // People act on the second: carol puts the plan up, a person with the
        // step's role signs it off (or, where none may yet, alice takes it).
        QCOMPARE(call("POST", u"/api/v1/incidents/%1/plan/submit"_s.arg(b), u"carol"_s, "{}").status, 200);
        const QJsonObject detail = call("GET", u"/api/v1/incidents/%1"_s.arg(b), u"alice"_s).json;
        const QJsonObject status = detail.value(u"approval_status"_s).toArray().first().toObject();
        const QStringList roles = status.value(u"approver_roles"_s).toVariant().toStringList();
        const QString approver = roles.contains(u"mim"_s) ? u"alice"_s
            : roles.contains(u"change-approver"_s)        ? u"bob"_s
                                                          : QString();
        QString acted;
        if (!approver.isEmpty()
            && call("POST", u"/api/v1/incidents/%1/steps/%2/approve"_s.arg(b).arg(status.value(u"step"_s).toString()),
                    approver, R"({"comment": "looks right"})")
                    .status
                == 200) {
            acted = approver + u" has approved step "_s + status.value(u"step"_s).toString();
        } else {
            QCOMPARE(call("POST", u"/api/v1/incidents/%1/assign"_s.arg(b), u"alice"_s, R"({"owner": "alice"})").status,
                     200);
            acted = u"alice owns it"_s;
        }

        // The source says both are over.
        const QString past = QDateTime::currentDateTimeUtc().addSecs(-1).toString(Qt::ISODateWithMs);
        QByteArray resolved = alerts;
        resolved.replace("\"annotations\"", QByteArray("\"endsAt\": \"" + past.toUtf8() + "\", \"annotations\""));
        QCOMPARE(sendHttp(m_nam, "POST", QUrl(am.baseUrl() + u"/api/v2/alerts"_s), resolved,
                          {{"Content-Type", "application/json"}})
                     .status,
                 200);
        auto incident = [&](qint64 id) {
            return call("GET", u"/api/v1/incidents/%1"_s.arg(id), u"alice"_s).json.value(u"incident"_s).toObject();
        };
        QTRY_COMPARE_WITH_TIMEOUT(incident(a).value(u"state"_s).toString(), u"resolved"_s, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(incident(b).value(u"source_status"_s).toString(), u"resolved"_s, 15000);
        QCOMPARE(incident(a).value(u"source_status"_s).toString(), u"resolved"_s);
        QVERIFY(incident(b).value(u"state"_s).toString() != "resolved"_L1);

        // The timelines say who resolved what, and why the other stays open.
        const auto ta = timeline(
            call("GET", u"/api/v1/audit"_s, u"alice"_s, {}, u"incident=%1"_s.arg(a)).json.value(u"items"_s).toArray());
        QVERIFY(!ta.isEmpty());
        QCOMPARE(ta.last().first, u"incident.resolved"_s);
        QCOMPARE(ta.last().second.value(u"summary"_s).toString(), u"resolved by the source (alertmanager)"_s);
        QVERIFY2(ta.last().second.value(u"reason"_s).toString().contains(u"before anyone acted"_s),
                 compact(ta.last().second).constData());
        QCOMPARE(ta.last().second.value(u"outcome"_s).toString(), u"resolved"_s);
        const auto tb = timeline(
            call("GET", u"/api/v1/audit"_s, u"alice"_s, {}, u"incident=%1"_s.arg(b)).json.value(u"items"_s).toArray());
        QCOMPARE(tb.last().first, u"incident.source_resolved"_s);
        const QString reason = tb.last().second.value(u"reason"_s).toString();
        QVERIFY2(reason.contains(u"stays open"_s) && reason.contains(acted), qPrintable(reason));
        QVERIFY(daemon.stop());
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

        // A sender time that is no time: the alert is kept with the time it
        // arrived, and both the answer and the timeline say why.
        QJsonObject late = QJsonDocument::fromJson(sample(u"alertmanager-firing.json"_s)).object();
        late.insert(u"groupKey"_s, u"{}:{alertname=\"ClockSkew\"}"_s);
        QJsonArray lateAlerts = late.value(u"alerts"_s).toArray();
        QJsonObject first = lateAlerts.at(0).toObject();
        first.insert(u"startsAt"_s, u"yesterday at noon"_s);
        lateAlerts[0] = first;
        late.insert(u"alerts"_s, lateAlerts);
        const HttpExchange skewed
            = post(u"/api/v1/ingest/alertmanager"_s, QJsonDocument(late).toJson(QJsonDocument::Compact), u"carol"_s);
        QCOMPARE(skewed.status, 200);
        const QJsonArray warnings = skewed.json.value(u"warnings"_s).toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.at(0).toString().contains(u"alerts[0].startsAt \"yesterday at noon\""_s),
                 qPrintable(warnings.at(0).toString()));
        const qint64 skewedId = skewed.json.value(u"incidents"_s).toArray().at(0).toInteger();
        QVERIFY(skewedId > 0);
        bool onTimeline = false;
        for (const QJsonValue &a : get(u"/api/v1/audit?incident=%1"_s.arg(skewedId)).json.value(u"items"_s).toArray()) {
            // Created, or correlated into an open incident of the same service.
            const QJsonObject payload = a.toObject().value(u"payload"_s).toObject();
            onTimeline
                = onTimeline || payload.value(u"warnings"_s).toArray().at(0).toString() == warnings.at(0).toString();
        }
        QVERIFY(onTimeline);
        QVERIFY(!post(u"/api/v1/ingest/eventbridge"_s, sample(u"eventbridge-alarm.json"_s), u"carol"_s)
                     .json.contains(u"warnings"_s)); // a readable time: no warnings at all

        // As PagerDuty does, an invalid event is answered with every problem
        // in it, and nothing of it is kept.
        const qint64 before = get(u"/api/v1/incidents?limit=1"_s).json.value(u"total"_s).toInteger();
        const HttpExchange bad = post(u"/api/v1/ingest/pagerduty"_s,
                                      R"({"routing_key": "R0UT1NGK3Y0000000000000000000001", "event_action": "trigger",
                "payload": {"summary": 42, "severity": "urgent"}})",
                                      u"carol"_s);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json.value(u"status"_s).toString(), u"invalid event"_s);
        const QJsonArray errors = bad.json.value(u"errors"_s).toArray();
        QCOMPARE(errors.size(), 3);
        QCOMPARE(errors.at(0).toString(), u"field \"payload.summary\" must be a string"_s);
        QCOMPARE(errors.at(1).toString(), u"field \"payload.source\" is required"_s);
        QVERIFY2(errors.at(2).toString().contains(u"payload.severity must be critical"_s),
                 qPrintable(errors.at(2).toString()));
        QVERIFY(bad.json.value(u"error"_s).toString().contains(u"payload.source"_s));
        QCOMPARE(get(u"/api/v1/incidents?limit=1"_s).json.value(u"total"_s).toInteger(), before);
    }

    void hostileInput_data()
    {
        // Each hostile body differs from a valid one in one way, so that it
        // is refused by the check meant for it, and the reason says which.
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("reason");
        struct Endpoint
        {
            QString path;
            QByteArray valid;
            QString typedField; ///< a string field given a number
            QString hugeField; ///< a string field with a limit
            QString limit;
        };
        const QList<Endpoint> endpoints {
            {u"/api/v1/ingest/alertmanager"_s, sample(u"alertmanager-firing.json"_s), u"version"_s, u"groupKey"_s,
             u"4096"_s},
            {u"/api/v1/ingest/eventbridge"_s, sample(u"eventbridge-alarm.json"_s), u"id"_s, u"id"_s, u"128"_s},
            {u"/alert"_s, sample(u"alert-wrapper-ok.json"_s), u"incident_id"_s, u"incident_id"_s, u"200"_s},
            {u"/api/v1/ingest/pagerduty"_s, sample(u"pagerduty-trigger.json"_s), u"event_action"_s, u"routing_key"_s,
             u"64"_s},
        };
        for (const Endpoint &e : endpoints) {
            const QJsonObject valid = QJsonDocument::fromJson(e.valid).object();
            QVERIFY(!valid.isEmpty());
            const QByteArray p = e.path.toUtf8();
            QTest::newRow(QByteArray(p + " malformed").constData())
                << e.path << e.valid.left(e.valid.size() / 2) << 400 << u"the body is not valid JSON"_s;
            QTest::newRow(QByteArray(p + " wrong type").constData())
                << e.path << compact(with(valid, e.typedField, 4)) << 400
                << u"field \"%1\" must be a string"_s.arg(e.typedField);
            QByteArray deep = e.valid;
            deep.insert(deep.lastIndexOf('}'), ",\"extra\":" + QByteArray(3000, '[') + QByteArray(3000, ']'));
            QTest::newRow(QByteArray(p + " deep nesting").constData())
                << e.path << deep << 400 << u"too deeply nested"_s;
            QByteArray badUtf8 = compact(with(valid, e.hugeField, u"MARK"_s));
            badUtf8.replace("MARK", "ab\xc3\x28\xff");
            QTest::newRow(QByteArray(p + " invalid UTF-8").constData())
                << e.path << badUtf8 << 400 << u"the body is not valid JSON"_s;
            QTest::newRow(QByteArray(p + " over the body limit").constData())
                << e.path << QByteArray(e.valid + QByteArray(2 << 20, ' ')) << 413 << u"larger than the limit"_s;
            QTest::newRow(QByteArray(p + " huge string").constData())
                << e.path << compact(with(valid, e.hugeField, QString(200000, u'h'))) << 400
                << u"field \"%1\" is longer than %2 characters"_s.arg(e.hugeField, e.limit);
        }
    }
    void hostileInput()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, reason);
        const qint64 incidents = get(u"/api/v1/incidents?limit=1"_s).json.value(u"total"_s).toInteger();
        const HttpExchange r = post(path, body, u"erin"_s);
        QCOMPARE(r.status, status);
        QVERIFY2(r.error().contains(reason), qPrintable(r.error() + u" (expected: "_s + reason + u')'));
        // Still serving, nothing lost, nothing added.
        QCOMPARE(get(u"/healthz"_s).status, 200);
        QCOMPARE(get(u"/api/v1/incidents?limit=1"_s).json.value(u"total"_s).toInteger(), incidents);
        QCOMPARE(get(u"/api/v1/events/eventbridge:c4c1c1c9-6542-e61b-6ef0-8c4d36933a92"_s).status, 200);
    }

    void hostileEventLookup_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QString>("user");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("reason");
        const QByteArray base = "/api/v1/events/";
        QTest::newRow("known, as a viewer")
            << QByteArray("GET") << QByteArray(base + "eventbridge:c4c1c1c9-6542-e61b-6ef0-8c4d36933a92") << u"dave"_s
            << 200 << QString();
        QTest::newRow("unknown") << QByteArray("GET") << QByteArray(base + "no-such-event") << u"dave"_s << 404
                                 << u"no event \"no-such-event\""_s;
        QTest::newRow("201 characters") << QByteArray("GET") << QByteArray(base + QByteArray(201, 'a')) << u"dave"_s
                                        << 404 << u"no such endpoint"_s;
        QTest::newRow("huge") << QByteArray("GET") << QByteArray(base + QByteArray(60000, 'a')) << u"dave"_s << 404
                              << u"no such endpoint"_s;
        QTest::newRow("empty") << QByteArray("GET") << base << u"dave"_s << 404 << u"no such endpoint"_s;
        QTest::newRow("SQL") << QByteArray("GET") << QByteArray(base + "x%27%20OR%20%271%27%3D%271") << u"dave"_s << 404
                             << u"no such endpoint"_s;
        QTest::newRow("invalid UTF-8") << QByteArray("GET") << QByteArray(base + "a%C3%28%FF") << u"dave"_s << 404
                                       << u"no such endpoint"_s;
        QTest::newRow("control characters") << QByteArray("GET") << QByteArray(base + "a%0D%0AX-Injected:%201")
                                            << u"dave"_s << 404 << u"no such endpoint"_s;
        QTest::newRow("traversal") << QByteArray("GET") << QByteArray(base + "..%2F..%2Fetc%2Fpasswd") << u"dave"_s
                                   << 404 << QString();
        QTest::newRow("no token") << QByteArray("GET") << QByteArray(base + "no-such-event") << QString() << 401
                                  << u"authentication required"_s;
        QTest::newRow("POST") << QByteArray("POST") << QByteArray(base + "no-such-event") << u"alice"_s << 405
                              << u"not allowed"_s;
    }
    void hostileEventLookup()
    {
        QFETCH(QByteArray, verb);
        QFETCH(QByteArray, path);
        QFETCH(QString, user);
        QFETCH(int, status);
        QFETCH(QString, reason);
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!user.isEmpty())
            headers.append({"Authorization", bearer(user)});
        const HttpExchange r = raw(verb, path, headers);
        QCOMPARE(r.status, status);
        if (status != 200)
            QVERIFY2(r.error().contains(reason), qPrintable(r.error() + u" (expected: "_s + reason + u')'));
        else
            QCOMPARE(r.json.value(u"incident"_s).toObject().value(u"source"_s).toString(), u"eventbridge"_s);
        QVERIFY(r.header("X-Injected").isEmpty()); // echoed at most inside the JSON, never as a header
        QCOMPARE(get(u"/healthz"_s).status, 200);
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
        // Per alert group on /metrics: this group (its dedup key) and its incident.
        const qint64 incident
            = post(u"/api/v1/ingest/pagerduty"_s, trigger, u"carol"_s).json.value(u"incident_id"_s).toInteger();
        const QByteArray text = get(u"/metrics"_s).body;
        qsizetype groupLines = 0;
        QByteArray ours;
        for (const QByteArray &line : text.split('\n')) {
            if (!line.startsWith("warroom_ingest_throttled_group_events_total{"))
                continue;
            ++groupLines;
            if (line.contains(QByteArray(":storm-1\",incident=\"INC-" + QByteArray::number(incident) + "\"}")))
                ours = line;
        }
        QVERIFY2(ours.startsWith("warroom_ingest_throttled_group_events_total{source=\"pagerduty\",group=\"pagerduty:"),
                 text.constData());
        QVERIFY(ours.endsWith(" 1"));
        QVERIFY(groupLines >= 1 && groupLines <= 10);
        QVERIFY(metric("warroom_ingest_throttled_groups") >= 1);
    }

    void pagerDutyRoutingKeys()
    {
        // Grafana's PagerDuty contact point can set no Authorization header:
        // a configured integration's routing_key authenticates it, on this
        // endpoint only.
        auto send = [&](const QString &path, const QByteArray &body, const QByteArray &authorization = {}) {
            QList<QPair<QByteArray, QByteArray>> headers {{"Content-Type", "application/json"}};
            if (!authorization.isEmpty())
                headers.append({"Authorization", authorization});
            return sendHttp(m_nam, "POST", m_daemon->url(path), body, headers);
        };
        const QByteArray trigger = "{\"routing_key\": \"" + kGrafanaKey
            + "\", \"event_action\": \"trigger\", \"dedup_key\": \"grafana-disk-1\", \"payload\": "
              "{\"summary\": \"grafana: ledger-db disk above 90%\", \"source\": \"grafana\", "
              "\"severity\": \"warning\", \"component\": \"ledger-db\"}}";
        const HttpExchange ok = send(u"/api/v1/ingest/pagerduty"_s, trigger);
        QCOMPARE(ok.status, 202);
        QCOMPARE(ok.json.value(u"status"_s).toString(), u"success"_s);
        const qint64 id = ok.json.value(u"incident_id"_s).toInteger();
        QCOMPARE(get(u"/api/v1/incidents/%1"_s.arg(id)).json.value(u"incident"_s).toObject().value(u"reported_by"_s),
                 QJsonValue(u"grafana"_s));
        QByteArray wrongKey = trigger;
        wrongKey.replace(kGrafanaKey, "NOT0A0CONFIGURED0KEY000000000001");
        const HttpExchange unknown = send(u"/api/v1/ingest/pagerduty"_s, wrongKey);
        QCOMPARE(unknown.status, 401);
        QVERIFY2(unknown.error().contains(u"not one of a configured integration"_s), qPrintable(unknown.error()));
        QVERIFY(!unknown.header("WWW-Authenticate").isEmpty());
        const HttpExchange none = send(u"/api/v1/ingest/pagerduty"_s, R"({"event_action": "trigger", "payload": {}})");
        QCOMPARE(none.status, 401);
        QVERIFY2(none.error().contains(u"authentication required"_s), qPrintable(none.error()));
        QCOMPARE(send(u"/api/v1/ingest/pagerduty"_s, "{\"routing_key\": ").status, 401);
        // A bearer token, when sent, decides: a wrong one is not rescued by the key.
        const HttpExchange badToken = send(u"/api/v1/ingest/pagerduty"_s, trigger, "Bearer not-a-token");
        QCOMPARE(badToken.status, 401);
        QVERIFY2(badToken.error().contains(u"not valid"_s), qPrintable(badToken.error()));
        QCOMPARE(send(u"/api/v1/ingest/pagerduty"_s, trigger, bearer(u"dave"_s)).status, 403);
        // Other endpoints know no routing keys.
        QCOMPARE(send(u"/api/v1/ingest/alertmanager"_s, trigger).status, 401);
        QCOMPARE(send(u"/api/v1/incidents"_s, trigger).status, 401);

        // Alertmanager's own PagerDuty receiver, pointed at warroom: once
        // with a bearer token (http_config.authorization) and a routing key
        // warroom does not know, once with the integration's key alone.
        auto viaAlertmanager = [&](const QByteArray &routingKey, const QString &token, const QString &alertname) {
            AlertmanagerProcess am;
            QByteArray receiver = "  pagerduty_configs:\n  - routing_key: " + routingKey + "\n    url: "
                + m_daemon->url(u"/api/v1/ingest/pagerduty"_s).toString().toUtf8() + "\n    send_resolved: true\n";
            if (!token.isEmpty())
                receiver += "    http_config:\n      authorization:\n        credentials: " + token.toUtf8() + "\n";
            if (!am.startWithReceiver(receiver))
                return QJsonObject {{u"error"_s, am.errorString()}};
            const QByteArray alert = "[{\"labels\": {\"alertname\": \"" + alertname.toUtf8()
                + "\", \"service\": \"billing-api\", \"severity\": \"critical\"}, "
                  "\"annotations\": {\"summary\": \"billing-api error budget burning\"}}]";
            if (sendHttp(m_nam, "POST", QUrl(am.baseUrl() + u"/api/v2/alerts"_s), alert,
                         {{"Content-Type", "application/json"}})
                    .status
                != 200)
                return QJsonObject {{u"error"_s, u"Alertmanager refused the alert"_s}};
            QJsonObject found;
            for (QDeadlineTimer deadline(15000); found.isEmpty() && !deadline.hasExpired(); QTest::qWait(100)) {
                for (const QJsonValue &v :
                     get(u"/api/v1/incidents?source=pagerduty&limit=200"_s).json.value(u"items"_s).toArray()) {
                    if (v.toObject().value(u"title"_s).toString().contains(alertname))
                        found = v.toObject();
                }
            }
            if (found.isEmpty())
                return QJsonObject {{u"error"_s, QString::fromUtf8(am.output())}};
            // Resolved through the same receiver.
            const QString past = QDateTime::currentDateTimeUtc().addSecs(-1).toString(Qt::ISODateWithMs);
            QByteArray resolved = alert;
            resolved.replace("\"annotations\"", QByteArray("\"endsAt\": \"" + past.toUtf8() + "\", \"annotations\""));
            sendHttp(m_nam, "POST", QUrl(am.baseUrl() + u"/api/v2/alerts"_s), resolved,
                     {{"Content-Type", "application/json"}});
            const qint64 incident = found.value(u"id"_s).toInteger();
            for (QDeadlineTimer deadline(15000); !deadline.hasExpired(); QTest::qWait(100)) {
                found = get(u"/api/v1/incidents/%1"_s.arg(incident)).json.value(u"incident"_s).toObject();
                if (found.value(u"source_status"_s).toString() == "resolved"_L1)
                    break;
            }
            return found;
        };
        const QJsonObject withToken
            = viaAlertmanager("AM0R0UTING0KEY0NOT0CONFIGURED001", m_daemon->token(u"carol"_s), u"PdWithToken"_s);
        QVERIFY2(!withToken.contains(u"error"_s), qPrintable(withToken.value(u"error"_s).toString()));
        QCOMPARE(withToken.value(u"reported_by"_s).toString(), u"carol"_s);
        QCOMPARE(withToken.value(u"source"_s).toString(), u"pagerduty"_s);
        QCOMPARE(withToken.value(u"priority"_s).toString(), u"P2"_s); // Alertmanager's default severity: error
        QCOMPARE(withToken.value(u"source_status"_s).toString(), u"resolved"_s);
        QCOMPARE(withToken.value(u"state"_s).toString(), u"resolved"_s);
        const QJsonObject keyOnly = viaAlertmanager(kGrafanaKey, QString(), u"PdKeyOnly"_s);
        QVERIFY2(!keyOnly.contains(u"error"_s), qPrintable(keyOnly.value(u"error"_s).toString()));
        QCOMPARE(keyOnly.value(u"reported_by"_s).toString(), u"grafana"_s);
        QCOMPARE(keyOnly.value(u"source_status"_s).toString(), u"resolved"_s);
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
        // Each bad entry with the reason its dead letter must give.
        const QList<QPair<QByteArray, QByteArray>> bad {
            {"not json", "not valid JSON"},
            {"[1, 2]", "must be a JSON object"},
            {QByteArray(3000, '[') + QByteArray(3000, ']'), "too deeply nested"},
            {"{\"category\": \"sabotage\", \"event_id\": \"bad-1\"}", "category must be one of"},
            {"{\"title\": 5}", "\"title\" must be a string"},
            {"{\"title\": \"x\xff\xfe\"}", "not valid JSON"},
            {"{\"event_id\": \"bad 2\", \"title\": \"spaces in the id\"}", "the event id must be"}};
        for (const auto &[b, reason] : bad)
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
        const auto dead = m_redis.entries(u"warroom:incidents:dead"_s, 4);
        QCOMPARE(dead.size(), deadBefore + bad.size());
        for (qsizetype k = 0; k < bad.size(); ++k) {
            const QList<QByteArray> &fields = dead.at(deadBefore + k).second; // id, reason, event, consumer
            QCOMPARE(fields.value(2), QByteArray("reason"));
            QVERIFY2(fields.value(3).contains(bad.at(k).second),
                     QByteArray(fields.value(3) + " (expected: " + bad.at(k).second + ')').constData());
            QCOMPARE(fields.value(5), bad.at(k).first); // the entry as it was sent
            QVERIFY(!fields.value(7).isEmpty()); // and who gave up on it
        }
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

    void streamBatchesBoundedByBytes()
    {
        // Entries under the entry limit but large: a read stops at
        // ingest.max_batch_bytes (4 MiB here), not at the count.
        QTemporaryDir dir;
        QFile file(dir.filePath(u"large.jsonl"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QString padding(700 * 1000, u'p');
        for (int k = 0; k < 14; ++k)
            file.write(compact({{u"event_id"_s, u"large-%1"_s.arg(k)},
                                {u"category"_s, u"security_triage"_s},
                                {u"technique"_s, u"T1595.002"_s},
                                {u"title"_s, u"large entry %1"_s.arg(k)},
                                {u"hosts"_s, QJsonArray {u"ws-%1.corp.example.com"_s.arg(k)}},
                                {u"padding"_s, padding}})
                       + '\n');
        file.close();
        QCOMPARE(ctl({u"publish"_s, u"--redis"_s, m_redis.url(), u"--file"_s, file.fileName()}), 0);
        for (int k = 0; k < 14; ++k)
            QTRY_COMPARE(get(u"/api/v1/events/large-%1"_s.arg(k)).status, 200);
        const qint64 largest = metric("warroom_ingest_stream_batch_bytes_max");
        QVERIFY2(largest >= 700 * 1000 && largest <= 4194304 + 710 * 1000, QByteArray::number(largest).constData());
        QTRY_COMPARE(m_redis.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s}).split('\n').value(0).trimmed(),
                     QByteArray("0"));
    }

    void streamHostileEntries()
    {
        const qint64 deadBefore = m_redis.cli({u"XLEN"_s, u"warroom:incidents:dead"_s}).trimmed().toLongLong();
        // Flat fields (no "event"): bytes that are no UTF-8 are refused, not replaced.
        QVERIFY(!m_redis
                     .cliWithInput({u"XADD"_s, u"warroom:incidents"_s, u"*"_s, u"event_id"_s, u"flat-bad-1"_s,
                                    u"service"_s, u"vpn"_s, u"title"_s},
                                   "VPN \xff\xfe down")
                     .isEmpty());
        // The JSON form with invalid UTF-8 inside a string.
        QVERIFY(!m_redis
                     .cliWithInput({u"XADD"_s, u"warroom:incidents"_s, u"*"_s, u"event"_s},
                                   "{\"event_id\": \"utf8-1\", \"title\": \"x\xc3\x28\"}")
                     .isEmpty());
        // Over ingest.max_entry_bytes (1 MiB): refused by size before it is parsed.
        const QByteArray huge = "{\"event_id\": \"huge-1\", \"title\": \"" + QByteArray(3 << 20, 'h') + "\"}";
        QVERIFY(!m_redis.cliWithInput({u"XADD"_s, u"warroom:incidents"_s, u"*"_s, u"event"_s}, huge).isEmpty());
        // And a good flat entry behind them.
        QVERIFY(m_redis
                    .cli({u"XADD"_s, u"warroom:incidents"_s, u"*"_s, u"event_id"_s, u"flat-ok-1"_s, u"title"_s,
                          u"VPN concentrator down"_s, u"service"_s, u"vpn"_s})
                    .contains('-'));
        QTRY_COMPARE(get(u"/api/v1/events/flat-ok-1"_s).status, 200);
        QCOMPARE(get(u"/api/v1/events/flat-ok-1"_s).json.value(u"incident"_s).toObject().value(u"title"_s).toString(),
                 u"VPN concentrator down"_s);
        QTRY_COMPARE(m_redis.cli({u"XLEN"_s, u"warroom:incidents:dead"_s}).trimmed().toLongLong(), deadBefore + 3);
        const auto dead = m_redis.entries(u"warroom:incidents:dead"_s, 4);
        QCOMPARE(dead.size(), deadBefore + 3);
        const QList<QByteArray> reasons {"field \"title\" is not valid UTF-8", "the body is not valid JSON",
                                         "bytes; the limit is 1048576 (ingest.max_entry_bytes)"};
        for (qsizetype k = 0; k < 3; ++k) {
            const QByteArray reason = dead.at(deadBefore + k).second.value(3);
            QVERIFY2(reason.contains(reasons.at(k)), reason.constData());
        }
        QVERIFY(dead.at(deadBefore + 2).second.value(3).startsWith("the entry is 31457"));
        // The dead letter keeps the start of what was sent, not all of it.
        QVERIFY(dead.at(deadBefore + 2).second.value(5).size() <= 64 * 1024 + 16);
        QCOMPARE(get(u"/api/v1/events/utf8-1"_s).status, 404);
        QCOMPARE(get(u"/api/v1/events/huge-1"_s).status, 404);
        QCOMPARE(get(u"/api/v1/events/flat-bad-1"_s).status, 404);
        QTRY_COMPARE(m_redis.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s}).split('\n').value(0).trimmed(),
                     QByteArray("0"));
        QCOMPARE(get(u"/healthz"_s).status, 200);
    }

    void redisDownAndBackResumes()
    {
        // Started without Redis: serves HTTP, says so, backs off, connects
        // when Redis comes, and goes on reading where it was.
        QTemporaryDir dir;
        const QString socket = dir.filePath(u"late.sock"_s);
        DaemonProcess daemon;
        daemon.setDemo(true);
        daemon.setConfigFile(writeConfig(dir.path(), "ingest:\n  correlation_window_seconds: 0\n"));
        daemon.setExtraArguments({u"--redis"_s, u"unix://"_s + socket});
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        auto health = [&] { return sendHttp(m_nam, "GET", daemon.url(u"/healthz"_s)); };
        auto metrics = [&] {
            return sendHttp(m_nam, "GET", daemon.url(u"/metrics"_s), {},
                            {{"Authorization", "Bearer " + daemon.token(u"alice"_s).toUtf8()}})
                .body;
        };
        QTRY_VERIFY(health().json.value(u"redis"_s).toString().startsWith(u"down: "_s));
        QCOMPARE(health().status, 200);
        QVERIFY(metrics().contains("warroom_redis_up 0\n"));
        // The delay doubles from 100 ms (0.1, 0.2, 0.4, 0.8, 1.6, 3.2) and stops at 5 s.
        QTRY_VERIFY_WITH_TIMEOUT(metricValue(metrics(), "warroom_redis_reconnect_backoff_seconds") >= 3.2, 15000);
        QVERIFY(metricValue(metrics(), "warroom_redis_reconnect_backoff_seconds") <= 5.0);
        QVERIFY(metricIn(metrics(), "warroom_redis_reconnects_total") >= 5);
        RedisProcess late;
        QVERIFY2(late.startAt(socket), qPrintable(late.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(health().json.value(u"redis"_s).toString(), u"connected"_s, 10000);
        QCOMPARE(metricValue(metrics(), "warroom_redis_reconnect_backoff_seconds"), 0.1); // reset once connected

        // A live burst; the daemon's connection is killed in the middle of it.
        const QByteArray events = dataset(3000, 21);
        const QString file = writeFile(dir.path(), u"resume.jsonl"_s, events);
        QProcess publisher;
        publisher.start(qEnvironmentVariable("WARROOMCTL"),
                        {u"publish"_s, u"--redis"_s, late.url(), u"--file"_s, file, u"--rate"_s, u"2000/s"_s});
        QTRY_VERIFY_WITH_TIMEOUT(metricIn(metrics(), "warroom_ingest_stream_entries_total") >= 300, 10000);
        const qint64 reconnects = metricIn(metrics(), "warroom_redis_reconnects_total");
        QByteArray daemonClient;
        for (const QByteArray &line : late.cli({u"CLIENT"_s, u"LIST"_s}).split('\n')) {
            if (line.contains("cmd=evalsha") || line.contains("cmd=xreadgroup") || line.contains("cmd=xack"))
                daemonClient = line.mid(3, line.indexOf(' ') - 3); // "id=N ..."
        }
        QVERIFY2(!daemonClient.isEmpty(), late.cli({u"CLIENT"_s, u"LIST"_s}).constData());
        QVERIFY(late.cli({u"CLIENT"_s, u"KILL"_s, u"ID"_s, QString::fromLatin1(daemonClient)}).startsWith("1"));
        QTRY_VERIFY_WITH_TIMEOUT(metricIn(metrics(), "warroom_redis_reconnects_total") > reconnects, 10000);
        QVERIFY(ended(publisher, 30000));
        QCOMPARE(publisher.exitCode(), 0);
        // Everything arrives once: reconnected, it re-read its own pending entries first.
        QTRY_VERIFY_WITH_TIMEOUT(
            late.cli({u"XINFO"_s, u"GROUPS"_s, u"warroom:incidents"_s}).contains("lag\n0\n")
                && late.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s}).startsWith("0\n"),
            30000);
        QTRY_COMPARE_WITH_TIMEOUT(metricSum(metrics(), "warroom_ingest_events_total", "outcome=\"created\""), 3000,
                                  10000);
        QCOMPARE(get(u"/healthz"_s).status, 200);
        QCOMPARE(health().json.value(u"redis"_s).toString(), u"connected"_s);
        // Redis goes away again: HTTP keeps serving.
        late.stop();
        QTRY_VERIFY(health().json.value(u"redis"_s).toString().startsWith(u"down: "_s));
        QCOMPARE(health().status, 200);
    }

    void backpressure()
    {
        // Triage on, a small backlog allowed: reading pauses while triage
        // catches up (the entries wait in Redis), and nothing is lost.
        RedisProcess redis;
        QVERIFY2(redis.start(), qPrintable(redis.errorString()));
        QTemporaryDir dir;
        DaemonProcess daemon;
        daemon.setTriageOnIngest(true);
        daemon.setConfigFile(writeConfig(
            dir.path(), "ingest:\n  correlation_window_seconds: 0\n  batch_size: 50\n  max_triage_backlog: 10\n"));
        daemon.setExtraArguments({u"--redis"_s, redis.url()});
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        auto metrics = [&] {
            return sendHttp(m_nam, "GET", daemon.url(u"/metrics"_s), {},
                            {{"Authorization", "Bearer " + daemon.token(u"alice"_s).toUtf8()}})
                .body;
        };
        QTRY_COMPARE(metricIn(metrics(), "warroom_redis_up"), 1);
        QCOMPARE(metricIn(metrics(), "warroom_ingest_backpressure_pauses_total"), 0);
        const QString file = writeFile(dir.path(), u"bp.jsonl"_s, dataset(600, 31));
        QCOMPARE(ctl({u"publish"_s, u"--redis"_s, redis.url(), u"--file"_s, file}), 0);
        // While paused, entries wait in the stream (the group lags), not in memory.
        bool sawWaiting = false;
        QByteArray m;
        for (QDeadlineTimer deadline(60000); !deadline.hasExpired(); QTest::qWait(20)) {
            m = metrics();
            if (metricIn(m, "warroom_ingest_backpressure_paused") == 1
                && metricIn(m, "warroom_ingest_stream_entries_total") < 600)
                sawWaiting = true;
            QVERIFY2(metricIn(m, "warroom_triage_backlog") <= 10 + 50, m.constData()); // one batch over at most
            if (metricIn(m, "warroom_ingest_stream_entries_total") == 600 && metricIn(m, "warroom_triage_backlog") == 0)
                break;
        }
        QCOMPARE(metricIn(m, "warroom_ingest_stream_entries_total"), 600);
        QVERIFY(metricIn(m, "warroom_incidents_triaged_total") >= 600); // and the demo's own
        QVERIFY2(metricIn(m, "warroom_ingest_backpressure_pauses_total") >= 1, m.constData());
        QVERIFY(sawWaiting);
        QTRY_COMPARE(metricIn(metrics(), "warroom_ingest_backpressure_paused"), 0); // reading again
        QVERIFY(redis.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s}).startsWith("0\n"));
    }

    void deadLettersAndEntriesThatCannotCommit()
    {
        RedisProcess redis;
        QVERIFY2(redis.start(), qPrintable(redis.errorString()));
        QTemporaryDir dir;
        DaemonProcess daemon;
        daemon.setConfigFile(writeConfig(dir.path(),
                                         "ingest:\n  correlation_window_seconds: 0\n"
                                         "  max_commit_attempts: 2\n"));
        daemon.setExtraArguments({u"--redis"_s, redis.url()});
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        auto metrics = [&] {
            return sendHttp(m_nam, "GET", daemon.url(u"/metrics"_s), {},
                            {{"Authorization", "Bearer " + daemon.token(u"alice"_s).toUtf8()}})
                .body;
        };
        auto event = [&](const QString &id) {
            return sendHttp(m_nam, "GET", daemon.url(u"/api/v1/events/"_s + id), {},
                            {{"Authorization", "Bearer " + daemon.token(u"alice"_s).toUtf8()}});
        };
        auto pending = [&] {
            return redis.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s}).split('\n').value(0).toLongLong();
        };
        QTRY_COMPARE(metricIn(metrics(), "warroom_redis_up"), 1);

        // Redis refuses the dead letter (the key is no stream): the entry
        // is not acknowledged, and the stream keeps flowing meanwhile.
        QVERIFY(redis.cli({u"SET"_s, u"warroom:incidents:dead"_s, u"not a stream"_s}).startsWith("OK"));
        QVERIFY(redis.cli({u"XADD"_s, u"warroom:incidents"_s, u"*"_s, u"event"_s, u"not json"_s}).contains('-'));
        QTRY_VERIFY_WITH_TIMEOUT(metricIn(metrics(), "warroom_ingest_dead_letter_failures_total") >= 1, 10000);
        QCOMPARE(pending(), 1);
        QCOMPARE(metricIn(metrics(), "warroom_ingest_dead_letters_total"), 0);
        QVERIFY(redis
                    .cli({u"XADD"_s, u"warroom:incidents"_s, u"*"_s, u"event"_s,
                          u"{\"event_id\": \"after-refusal\", \"title\": \"still flowing\"}"_s})
                    .contains('-'));
        QTRY_COMPARE(event(u"after-refusal"_s).status, 200);
        QCOMPARE(pending(), 1);
        // Redis takes it again: the dead letter is written, then acknowledged.
        QVERIFY(redis.cli({u"DEL"_s, u"warroom:incidents:dead"_s}).startsWith("1"));
        QTRY_COMPARE_WITH_TIMEOUT(redis.cli({u"XLEN"_s, u"warroom:incidents:dead"_s}).trimmed(), QByteArray("1"),
                                  15000);
        QTRY_COMPARE(pending(), 0);
        QVERIFY(redis.entries(u"warroom:incidents:dead"_s, 4).value(0).second.value(3).contains("not valid JSON"));
        QCOMPARE(metricIn(metrics(), "warroom_ingest_dead_letters_total"), 1);

        // An entry the store cannot commit: a trigger in the daemon's own
        // database stands in for whatever makes a record impossible to store.
        {
            const QString name = QUuid::createUuid().toString();
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
                db.setDatabaseName(QDir(daemon.dataDir()).filePath(u"warroom.db"_s));
                db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
                QVERIFY(db.open());
                QSqlQuery q(db);
                QVERIFY(q.exec(u"CREATE TRIGGER test_poison BEFORE INSERT ON ingest_events "
                               "WHEN NEW.event_id LIKE 'poison-%' "
                               "BEGIN SELECT RAISE(ABORT, 'poisoned for the test'); END"_s));
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }
        const QString file = writeFile(dir.path(), u"poison.jsonl"_s,
                                       R"({"event_id": "good-1", "title": "first good one"}
{"event_id": "poison-1", "title": "cannot be stored"}
{"event_id": "good-2", "title": "second good one"}
)");
        QCOMPARE(ctl({u"publish"_s, u"--redis"_s, redis.url(), u"--file"_s, file}), 0);
        QTRY_COMPARE_WITH_TIMEOUT(redis.cli({u"XLEN"_s, u"warroom:incidents:dead"_s}).trimmed(), QByteArray("2"),
                                  20000);
        const QByteArray reason = redis.entries(u"warroom:incidents:dead"_s, 4).value(1).second.value(3);
        QVERIFY2(reason.contains("not committed after 2 attempts") && reason.contains("poisoned for the test"),
                 reason.constData());
        QCOMPARE(event(u"good-1"_s).status, 200);
        QCOMPARE(event(u"good-2"_s).status, 200);
        QCOMPARE(event(u"poison-1"_s).status, 404);
        QTRY_COMPARE(pending(), 0);
        const QByteArray m = metrics();
        QCOMPARE(metricIn(m, "warroom_ingest_uncommittable_total"), 1);
        QVERIFY(metricIn(m, "warroom_ingest_stream_failures_total") >= 2);
        QCOMPARE(sendHttp(m_nam, "GET", daemon.url(u"/healthz"_s)).status, 200);
    }

    void publishPattern()
    {
        // warroomctl publish --pattern: counts and order as asked, steady
        // segments spread out, a burst sent at once. Redis stamps each entry
        // id with its arrival in milliseconds; the timing is checked loosely.
        RedisProcess redis;
        QVERIFY2(redis.start(), qPrintable(redis.errorString()));
        QTemporaryDir dir;
        QByteArray lines;
        for (int k = 0; k < 250; ++k)
            lines += "{\"event_id\": \"p-" + QByteArray::number(k).rightJustified(3, '0') + "\", \"title\": \"t\"}\n";
        const QString file = writeFile(dir.path(), u"pattern.jsonl"_s, lines);
        QByteArray out;
        QCOMPARE(ctl({u"publish"_s, u"--redis"_s, redis.url(), u"--file"_s, file, u"--stream"_s, u"pattern-test"_s,
                      u"--pattern"_s, u"20/s:20,burst:200,20/s:20"_s, u"--json"_s},
                     &out),
                 0);
        QCOMPARE(QJsonDocument::fromJson(out.trimmed()).object().value(u"published"_s).toInt(), 250);
        const auto entries = redis.entries(u"pattern-test"_s, 1);
        QCOMPARE(entries.size(), 250);
        QList<qint64> at;
        for (qsizetype k = 0; k < entries.size(); ++k) {
            QCOMPARE(entries.at(k).second.value(0), QByteArray("event"));
            QCOMPARE(QJsonDocument::fromJson(entries.at(k).second.value(1)).object().value(u"event_id"_s).toString(),
                     u"p-%1"_s.arg(k, 3, 10, QChar(u'0'))); // in file order
            at.append(entries.at(k).first.split('-').first().toLongLong());
        }
        const qint64 steady1 = at.at(19) - at.at(0); // 19 gaps of 50 ms
        const qint64 burst = at.at(219) - at.at(20);
        const qint64 steady2 = at.at(239) - at.at(220);
        const qint64 rest = at.at(249) - at.at(240); // after the pattern: at once
        const QByteArray spans = QByteArray::number(steady1) + " / " + QByteArray::number(burst) + " / "
            + QByteArray::number(steady2) + " / " + QByteArray::number(rest) + " ms";
        qInfo("pattern spans (steady, burst, steady, rest): %s", spans.constData());
        QVERIFY2(steady1 >= 600 && steady2 >= 600, spans.constData());
        QVERIFY2(burst * 3 < steady1 && rest * 3 < steady1, spans.constData());
        // The burst comes after the first steady segment, not spread into it.
        QVERIFY2(at.at(20) >= at.at(19), spans.constData());

        // --rate paces what the pattern leaves.
        QCOMPARE(ctl({u"publish"_s, u"--redis"_s, redis.url(), u"--file"_s, file, u"--stream"_s, u"rate-test"_s,
                      u"--pattern"_s, u"burst:240"_s, u"--rate"_s, u"20/s"_s}),
                 0);
        const auto paced = redis.entries(u"rate-test"_s, 1);
        QCOMPARE(paced.size(), 250);
        const qint64 paced10
            = paced.at(249).first.split('-').first().toLongLong() - paced.at(240).first.split('-').first().toLongLong();
        QVERIFY2(paced10 >= 300, QByteArray::number(paced10).constData()); // 9 gaps of 50 ms
    }

    void killBetweenCommitAndAckDuringLiveBurst()
    {
        // The dangerous window, forced: a batch committed and not yet
        // acknowledged (WARROOMD_TEST_FAULT stalls the daemon right there),
        // kill -9 in it, while a live burst of 10,000 events is still being
        // published; triage on, as by default. Restarted, every event is an
        // incident exactly once, the batch in hand came back as duplicates,
        // and a dead consumer's entries were claimed.
        RedisProcess redis;
        QVERIFY2(redis.start(), qPrintable(redis.errorString()));
        QTemporaryDir dir;
        const QByteArray events = dataset(10000, 11);
        QCOMPARE(events.count('\n'), 10000);
        const QList<QByteArray> lines = events.split('\n');
        QByteArray head;
        QByteArray tail;
        for (qsizetype k = 0; k < 10000; ++k)
            (k < 100 ? head : tail) += lines.at(k) + '\n';
        const QString headFile = writeFile(dir.path(), u"head.jsonl"_s, head);
        const QString tailFile = writeFile(dir.path(), u"tail.jsonl"_s, tail);
        // A consumer that read the first 100 entries and died before acknowledging them.
        QVERIFY(redis.cli({u"XGROUP"_s, u"CREATE"_s, u"warroom:incidents"_s, u"warroomd"_s, u"0"_s, u"MKSTREAM"_s})
                    .startsWith("OK"));
        QCOMPARE(ctl({u"publish"_s, u"--redis"_s, redis.url(), u"--file"_s, headFile}), 0);
        QVERIFY(!redis
                     .cli({u"XREADGROUP"_s, u"GROUP"_s, u"warroomd"_s, u"dead-consumer"_s, u"COUNT"_s, u"100"_s,
                           u"STREAMS"_s, u"warroom:incidents"_s, u">"_s})
                     .isEmpty());
        QVERIFY(redis.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s}).startsWith("100"));
        QTest::qWait(1100); // idle past claim_idle_seconds

        DaemonProcess daemon;
        daemon.setDemo(true);
        daemon.setTriageOnIngest(true);
        daemon.setConfigFile(writeConfig(dir.path(),
                                         "ingest:\n  correlation_window_seconds: 0\n  batch_size: 500\n"
                                         "redis:\n  consumer: crash-test\n  claim_idle_seconds: 1\n"));
        daemon.setExtraArguments({u"--redis"_s, redis.url()});
        qputenv("WARROOMD_TEST_FAULT", "stall-after-events:3000");
        const bool started = daemon.start();
        qunsetenv("WARROOMD_TEST_FAULT");
        QVERIFY2(started, qPrintable(daemon.errorString()));
        auto metrics = [&] {
            return sendHttp(m_nam, "GET", daemon.url(u"/metrics"_s), {},
                            {{"Authorization", "Bearer " + daemon.token(u"alice"_s).toUtf8()}}, std::nullopt, 3000)
                .body;
        };
        // The dead consumer's entries are claimed first.
        QTRY_COMPARE_WITH_TIMEOUT(metricIn(metrics(), "warroom_ingest_stream_claimed_total"), 100, 10000);
        QTRY_COMPARE(metricIn(metrics(), "warroom_ingest_stream_entries_total"), 100);

        // The live burst: steady, then a burst, then steady again (the last
        // 4,900 at 250/s: about 20 s, so the publisher still runs when the
        // daemon is killed even on a loaded machine under the sanitizers).
        QProcess publisher;
        publisher.start(qEnvironmentVariable("WARROOMCTL"),
                        {u"publish"_s, u"--redis"_s, redis.url(), u"--file"_s, tailFile, u"--pattern"_s,
                         u"2000/s:2000,burst:3000"_s, u"--rate"_s, u"250/s"_s});
        QTRY_VERIFY_WITH_TIMEOUT(daemon.standardError().contains("test fault: a stream batch of"), 30000);
        const QByteArray faultLine = daemon.standardError().mid(daemon.standardError().indexOf("test fault"));
        const qint64 inHand = faultLine.mid(faultLine.indexOf("of ") + 3).split(' ').value(0).toLongLong();
        QVERIFY2(inHand > 0, faultLine.constData());

        // In the window: committed to the database, pending in Redis.
        const QString dbPath = QDir(daemon.dataDir()).filePath(u"warroom.db"_s);
        QStringList pendingEvents;
        {
            QHash<QByteArray, QString> eventOfEntry;
            for (const auto &[id, fields] : redis.entries(u"warroom:incidents"_s, 1))
                eventOfEntry.insert(id,
                                    QJsonDocument::fromJson(fields.value(1)).object().value(u"event_id"_s).toString());
            const QList<QByteArray> rows
                = redis.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s, u"-"_s, u"+"_s, u"100000"_s})
                      .split('\n');
            for (qsizetype k = 0; k + 3 < rows.size(); k += 4) // id, consumer, idle, deliveries
                pendingEvents.append(eventOfEntry.value(rows.at(k)));
        }
        QCOMPARE(pendingEvents.size(), inHand);
        {
            Db db(dbPath);
            for (const QString &id : std::as_const(pendingEvents))
                QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM ingest_events WHERE event_id = '%1'"_s.arg(id)), 1);
            qInfo("stalled after %lld events committed; %lld of them not acknowledged",
                  static_cast<long long>(db.scalar(u"SELECT COUNT(*) FROM ingest_events"_s)),
                  static_cast<long long>(inHand));
        }
        // Committed but not triaged yet (at least the batch in hand: the
        // daemon's thread stalled before it could record their triage).
        qint64 untriagedAtKill = 0;
        {
            Db db(dbPath);
            untriagedAtKill = db.scalar(u"SELECT COUNT(*) FROM incidents WHERE state = 'new'"_s);
        }
        QVERIFY2(untriagedAtKill >= inHand, qPrintable(QString::number(untriagedAtKill)));
        daemon.process()->kill(); // SIGKILL in the window
        daemon.process()->waitForFinished(5000);
        QVERIFY2(publisher.state() != QProcess::NotRunning, "the burst was over before the kill: publish slower");

        // Restarted (no fault now) while the burst goes on.
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        QVERIFY(ended(publisher, 60000));
        QCOMPARE(publisher.exitCode(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            redis.cli({u"XINFO"_s, u"GROUPS"_s, u"warroom:incidents"_s}).contains("lag\n0\n")
                && redis.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s}).startsWith("0\n"),
            60000);
        // The batch in hand at the kill came again, and changed nothing.
        const QByteArray m = metrics();
        QCOMPARE(metricSum(m, "warroom_ingest_events_total", "outcome=\"duplicate\""), inHand);
        // What was committed but not triaged before the kill is triaged after the restart.
        QTRY_COMPARE_WITH_TIMEOUT(metricIn(metrics(), "warroom_triage_backlog"), 0, 60000);
        QVERIFY(daemon.stop());
        Db db(dbPath);
        QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM incidents WHERE state = 'new'"_s), 0);
        QCOMPARE(db.scalar(u"SELECT json_extract(payload, '$.untriaged_requeued') FROM audit "
                           "WHERE type = 'coordinator.started' ORDER BY seq DESC LIMIT 1"_s),
                 untriagedAtKill);
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
        QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM audit WHERE type = 'incident.created'"_s),
                 10000
                     + db.scalar(u"SELECT COUNT(*) FROM incidents WHERE json_extract(doc, '$.incident.external_id') "
                                 u"NOT LIKE 'cyber-11-%' "
                                 "OR json_extract(doc, '$.incident.external_id') IS NULL"_s));
        // The ids are the published ones.
        QStringList expected = eventIds(events);
        QStringList stored = db.column(u"SELECT event_id FROM ingest_events"_s);
        expected.sort();
        stored.sort();
        QCOMPARE(stored, expected);
        // And the audit chain survived the kill (checked offline, as warroomctl audit verify does).
        QByteArray verify;
        QCOMPARE(ctl({u"audit"_s, u"verify"_s, u"--data-dir"_s, daemon.dataDir()}, &verify), 0);
    }
    void journaledWebhooksSurviveKill()
    {
        // ingest.webhook_answer: journaled. Batches wait a minute here (no
        // pause, no age reached), so the kill lands with every answered
        // event still only in the journal.
        QTemporaryDir dir;
        DaemonProcess daemon;
        const QByteArray base = "ingest:\n  rate_per_second: 0\n  correlation_window_seconds: 0\n"
                                "  webhook_answer: journaled\n  journal_max_backlog: 100\n";
        daemon.setConfigFile(
            writeConfig(dir.path(), base + "  journal_max_delay_ms: 60000\n  journal_quiet_ms: 60000\n"));
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        auto send = [&](const QString &path, const QByteArray &body, const QByteArray &token) {
            QList<QPair<QByteArray, QByteArray>> headers {{"Content-Type", "application/json"}};
            if (!token.isEmpty())
                headers.append({"Authorization", "Bearer " + token});
            return sendHttp(m_nam, "POST", daemon.url(path), body, headers);
        };
        auto lookup = [&](const QString &eventId) {
            return sendHttp(m_nam, "GET", daemon.url(u"/api/v1/events/"_s + eventId), {},
                            {{"Authorization", "Bearer " + daemon.token(u"alice"_s).toUtf8()}});
        };
        auto group = [](int k, int alerts) {
            QJsonArray list;
            for (int a = 0; a < alerts; ++a)
                list.append(QJsonObject {
                    {u"status"_s, u"firing"_s},
                    {u"labels"_s,
                     QJsonObject {{u"alertname"_s, u"Journaled%1"_s.arg(k)},
                                  {u"service"_s, u"journal-svc-%1"_s.arg(k)},
                                  {u"instance"_s, u"10.0.0.%1:9100"_s.arg(a + 1)}}},
                    {u"annotations"_s, QJsonObject {{u"summary"_s, u"disk full on journal-svc-%1"_s.arg(k)}}},
                    {u"startsAt"_s, u"2026-12-04T03:00:00Z"_s},
                    {u"fingerprint"_s, u"%1%2"_s.arg(k, 8, 10, QChar(u'0')).arg(a)}});
            return QJsonDocument(QJsonObject {{u"version"_s, u"4"_s},
                                              {u"groupKey"_s, u"{}:{alertname=\"Journaled%1\"}"_s.arg(k)},
                                              {u"status"_s, u"firing"_s},
                                              {u"receiver"_s, u"warroom"_s},
                                              {u"alerts"_s, list}})
                .toJson(QJsonDocument::Compact);
        };
        const QByteArray carol = daemon.token(u"carol"_s).toUtf8();

        // Answered 202 once journaled: the events' ids, nothing committed yet.
        QStringList ids;
        for (int k = 0; k < 20; ++k) {
            const HttpExchange r = send(u"/api/v1/ingest/alertmanager"_s, group(k, 2), carol);
            QCOMPARE(r.status, 202);
            const QJsonArray events = r.json.value(u"events"_s).toArray();
            QCOMPARE(events.size(), 2);
            for (const QJsonValue &e : events) {
                QCOMPARE(e.toObject().value(u"outcome"_s).toString(), u"queued"_s);
                QVERIFY(e.toObject().value(u"incident_id"_s).isNull());
                ids.append(e.toObject().value(u"event_id"_s).toString());
            }
            QVERIFY(r.json.value(u"incidents"_s).toArray().isEmpty());
        }
        const HttpExchange pd = send(
            u"/api/v1/ingest/pagerduty"_s,
            R"({"routing_key":"R0UT1NGK3Y0000000000000000000009","event_action":"trigger","dedup_key":"journal-pd",
                "payload":{"summary":"queue depth on journal-pd","source":"grafana","severity":"critical"}})",
            carol);
        QCOMPARE(pd.status, 202);
        QCOMPARE(pd.json.value(u"status"_s).toString(), u"success"_s);
        QCOMPARE(pd.json.value(u"dedup_key"_s).toString(), u"journal-pd"_s);
        ids.append(pd.json.value(u"event_id"_s).toString());
        QCOMPARE(ids.size(), 41);
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), 41);

        // The journal's checks are the committed answer's: no token, a
        // viewer, a bad body, and more than its backlog may hold.
        QCOMPARE(send(u"/api/v1/ingest/alertmanager"_s, group(90, 1), {}).status, 401);
        QCOMPARE(send(u"/api/v1/ingest/alertmanager"_s, group(91, 1), daemon.token(u"dave"_s).toUtf8()).status, 403);
        const HttpExchange bad = send(u"/api/v1/ingest/alertmanager"_s, R"({"version":"4","alerts":"no"})", carol);
        QCOMPARE(bad.status, 400);
        const HttpExchange full = send(u"/api/v1/ingest/alertmanager"_s, group(92, 60), carol);
        QCOMPARE(full.status, 429);
        QCOMPARE(full.header("Retry-After"), QByteArray("1"));
        QVERIFY2(full.error().contains(u"journal_max_backlog 100"_s), qPrintable(full.error()));

        // Accepted is traceable before it is committed.
        const HttpExchange queued = lookup(ids.first());
        QCOMPARE(queued.status, 200);
        QCOMPARE(queued.json.value(u"outcome"_s).toString(), u"queued"_s);
        QCOMPARE(queued.json.value(u"source"_s).toString(), u"alertmanager"_s);
        QVERIFY(queued.json.value(u"incident"_s).isNull());
        const QByteArray metrics = sendHttp(m_nam, "GET", daemon.url(u"/metrics"_s), {},
                                            {{"Authorization", "Bearer " + daemon.token(u"alice"_s).toUtf8()}})
                                       .body;
        QCOMPARE(metricIn(metrics, "warroom_ingest_journal_backlog"), 41);
        QCOMPARE(metricIn(metrics, "warroom_ingest_journal_full_total"), 1);
        const QString journal = daemon.dataDir() + u"/webhook-journal.jsonl"_s;
        QCOMPARE(Db(daemon.dataDir() + u"/warroom.db"_s)
                     .scalar(u"SELECT count(*) FROM ingest_events WHERE source IN ('alertmanager','pagerduty')"_s),
                 0);

        // kill -9 with all of it only in the journal; a crash mid-write
        // left half a line behind it, and someone's edit a line that is no entry.
        daemon.process()->kill();
        QVERIFY(daemon.process()->waitForFinished(10000));
        {
            QFile f(journal);
            QVERIFY(f.open(QIODevice::Append));
            f.write("{\"events\":[{\"event_id\":\"edited-by-hand\"}],\"user\":\"carol\"}\n");
            f.write("{\"events\":[{\"action\":\"trigger\",\"event_id\":\"alertmanager:torn");
        }
        daemon.setConfigFile(writeConfig(dir.path(), base));
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        QTRY_VERIFY2(daemon.standardError().contains("webhook journal: 41 events not committed before the stop"),
                     daemon.standardError().constData());
        QTRY_VERIFY2(daemon.standardError().contains("held 1 unreadable lines"), daemon.standardError().constData());
        QFile rejected(journal + u".rejected"_s);
        QVERIFY(rejected.open(QIODevice::ReadOnly));
        QVERIFY(rejected.readAll().contains("edited-by-hand"));

        // Every accepted event is an incident's, exactly once.
        QSet<qint64> incidents;
        for (const QString &id : std::as_const(ids)) {
            QTRY_COMPARE_WITH_TIMEOUT(lookup(id).json.value(u"outcome"_s).toString() != u"queued"_s, true, 15000);
            const HttpExchange e = lookup(id);
            QCOMPARE(e.status, 200);
            const qint64 incident = e.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
            QVERIFY2(incident > 0, e.body.constData());
            incidents.insert(incident);
        }
        QCOMPARE(incidents.size(), 21); // one per alert group, one for PagerDuty
        QCOMPARE(lookup(u"alertmanager:torn"_s).status, 404); // never answered, never kept
        Db db(daemon.dataDir() + u"/warroom.db"_s);
        QCOMPARE(db.scalar(u"SELECT count(*) FROM ingest_events WHERE source IN ('alertmanager','pagerduty')"_s), 41);
        const QString held = u"SELECT count(*) FROM incidents WHERE id IN (SELECT incident_id FROM ingest_events WHERE "
                             "source IN ('alertmanager','pagerduty'))"_s;
        QCOMPARE(db.scalar(held), 21);
        QTRY_COMPARE(QFileInfo(journal).size(), 0); // all committed: the journal starts again empty

        // A restart after the journal emptied brings nothing back twice.
        QVERIFY(daemon.stop());
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        QVERIFY(!daemon.standardError().contains("not committed before the stop"));
        QCOMPARE(Db(daemon.dataDir() + u"/warroom.db"_s).scalar(held), 21);
        QCOMPARE(Db(daemon.dataDir() + u"/warroom.db"_s)
                     .scalar(u"SELECT count(*) FROM ingest_events WHERE source IN ('alertmanager','pagerduty')"_s),
                 41);
        // Quiet after a webhook: it is committed within the pause, not a minute later.
        const HttpExchange one = send(u"/api/v1/ingest/alertmanager"_s, group(40, 1), carol);
        QCOMPARE(one.status, 202);
        const QString oneId = one.json.value(u"events"_s).toArray().at(0).toObject().value(u"event_id"_s).toString();
        QTRY_VERIFY_WITH_TIMEOUT(lookup(oneId).json.value(u"incident"_s).toObject().value(u"id"_s).toInteger() > 0,
                                 5000);
    }

    void sigtermAnswersWhatItCommittedAndNothingAfter()
    {
        // SIGTERM while eight senders post webhooks as fast as they are
        // answered: what was committed was answered 200, what was not is
        // refused 503 or never answered (and nothing of it is stored), and
        // the stop record is the audit log's last. (The narrow case of a
        // signal landing between a webhook's read and its turn's commit is
        // tst_deferred's shutdownCommitsWhatWaitsAndRefusesTheRest.)
        QTemporaryDir dir;
        DaemonProcess daemon;
        daemon.setConfigFile(writeConfig(dir.path(), "ingest:\n  rate_per_second: 0\n"));
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        const QByteArray auth = "Authorization: Bearer " + daemon.token(u"bob"_s).toUtf8() + "\r\n";
        struct Sender
        {
            std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>();
            QByteArray buffer;
            QString inFlight; // the service of the request waiting for its answer
            QHash<QString, int> answers; // service -> status
            QStringList unanswered;
        };
        std::vector<Sender> senders(8);
        int answered = 0;
        int serial = 0;
        auto post = [&](Sender &s) {
            s.inFlight = u"shutdown-svc-%1"_s.arg(++serial);
            const QJsonObject alert {
                {u"status"_s, u"firing"_s},
                {u"labels"_s, QJsonObject {{u"alertname"_s, s.inFlight}, {u"service"_s, s.inFlight}}},
                {u"annotations"_s, QJsonObject {{u"summary"_s, QString(u"disk full on "_s + s.inFlight)}}},
                {u"startsAt"_s, u"2026-12-02T10:00:00Z"_s},
                {u"fingerprint"_s, s.inFlight}};
            const QJsonObject webhook {{u"version"_s, u"4"_s},
                                       {u"groupKey"_s, u"{}:{alertname=\"%1\"}"_s.arg(s.inFlight)},
                                       {u"status"_s, u"firing"_s},
                                       {u"receiver"_s, u"warroom"_s},
                                       {u"alerts"_s, QJsonArray {alert}}};
            const QByteArray body = QJsonDocument(webhook).toJson(QJsonDocument::Compact);
            s.socket->write("POST /api/v1/ingest/alertmanager HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth
                            + "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                            + "\r\n\r\n" + body);
        };
        for (Sender &s : senders) {
            Sender *sender = &s;
            QObject::connect(s.socket.get(), &QTcpSocket::connected, s.socket.get(), [&, sender] { post(*sender); });
            QObject::connect(s.socket.get(), &QTcpSocket::readyRead, s.socket.get(), [&, sender] {
                sender->buffer += sender->socket->readAll();
                for (;;) {
                    const qsizetype end = sender->buffer.indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const QByteArray head = sender->buffer.left(end).toLower();
                    const qsizetype at = head.indexOf("content-length:");
                    const qsizetype length
                        = at < 0 ? 0 : head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
                    if (sender->buffer.size() < end + 4 + length)
                        return;
                    sender->answers.insert(sender->inFlight, head.mid(9, 3).toInt());
                    sender->inFlight.clear();
                    sender->buffer.remove(0, end + 4 + length);
                    ++answered;
                    if (sender->socket->state() == QAbstractSocket::ConnectedState)
                        post(*sender);
                }
            });
            s.socket->connectToHost(QHostAddress::LocalHost, daemon.port());
        }
        QTRY_VERIFY_WITH_TIMEOUT(answered >= 200, 60000);
        daemon.process()->terminate();
        QTRY_VERIFY_WITH_TIMEOUT(daemon.process()->state() == QProcess::NotRunning, 30000);
        QCOMPARE(daemon.process()->exitStatus(), QProcess::NormalExit);
        QCOMPARE(daemon.process()->exitCode(), 0);
        // Whatever is still in the client sockets' buffers is read by now.
        QTest::qWait(200);
        QSet<QString> accepted;
        QSet<QString> notAccepted;
        int refused = 0;
        for (Sender &s : senders) {
            for (auto it = s.answers.cbegin(); it != s.answers.cend(); ++it) {
                if (it.value() == 200)
                    accepted.insert(it.key());
                else
                    notAccepted.insert(it.key());
                QVERIFY2(it.value() == 200 || it.value() == 503, qPrintable(u"%1: %2"_s.arg(it.key()).arg(it.value())));
                refused += it.value() == 503 ? 1 : 0;
            }
            if (!s.inFlight.isEmpty())
                notAccepted.insert(s.inFlight);
        }
        QVERIFY(accepted.size() >= 200);
        Db db(QDir(daemon.dataDir()).filePath(u"warroom.db"_s));
        const QStringList stored = db.column(u"SELECT service FROM incidents WHERE service LIKE 'shutdown-svc-%'"_s);
        const QSet<QString> storedSet(stored.cbegin(), stored.cend());
        QCOMPARE(stored.size(), storedSet.size());
        QCOMPARE(storedSet, accepted);
        for (const QString &service : std::as_const(notAccepted))
            QVERIFY2(!storedSet.contains(service), qPrintable(service));
        const qint64 stop = db.scalar(u"SELECT MAX(seq) FROM audit WHERE type = 'coordinator.stopped'"_s);
        QVERIFY(stop > 0);
        QCOMPARE(db.scalar(u"SELECT MAX(seq) FROM audit"_s), stop);
        qInfo("%lld accepted and answered before the stop, %d refused 503, %lld sent without an answer",
              static_cast<long long>(accepted.size()), refused, static_cast<long long>(notAccepted.size()) - refused);
    }
};

QTEST_GUILESS_MAIN(TestIngestE2E)
#include "tst_ingest.moc"
