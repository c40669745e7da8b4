// Ingestion at volume, with real parts and printed figures:
//  1. 16,860 cyber events (warroomctl dataset cyber) published to a real Redis
//     stream until the daemon has persisted every one and, with triage on
//     ingestion (the default), triaged every new incident: target <= 5 s on 2
//     cores. Also with triage off, for comparison.
//  2. The same number of Alertmanager-shaped alerts posted to warroom's
//     webhook and to a real Alertmanager's /api/v2/alerts in the same run:
//     both rates and their ratio (target: warroom at least as fast), warroom
//     in its default mode (triage on; WARROOM_BENCH_TRIAGE=off turns it off).
// Each figure comes with the load average it ran under (the machine is
// shared) and the daemon's CPU time. WARROOM_BENCH_SMOKE=1 shrinks it to a
// quick run. Asserts only that the work completed.

#include "daemonprocess.h"
#include "ingestprocesses.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <cstdio>
#include <functional>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace warroom::test;

namespace {

struct Request
{
    QByteArray path;
    QByteArray body;
};

/// One keep-alive HTTP/1.1 connection posting requests back to back.
class Poster : public QObject
{
    Q_OBJECT

public:
    Poster(quint16 port, QByteArray authorization, const QList<Request> *requests, qsizetype *next, int *ok,
           int *failed, std::function<void()> answered)
        : m_answered(std::move(answered))
        , m_auth(std::move(authorization))
        , m_requests(requests)
        , m_next(next)
        , m_ok(ok)
        , m_failed(failed)
    {
        connect(&m_socket, &QTcpSocket::connected, this, &Poster::sendNext);
        connect(&m_socket, &QTcpSocket::readyRead, this, &Poster::handleReadyRead);
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_socket.connectToHost(u"127.0.0.1"_s, port);
    }
    bool done() const { return m_done; }

private:
    void sendNext()
    {
        if (*m_next >= m_requests->size()) {
            m_done = true;
            return;
        }
        const Request &r = m_requests->at((*m_next)++);
        m_socket.write("POST " + r.path
                       + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
                         "Content-Type: application/json\r\n"
                       + m_auth + "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n\r\n" + r.body);
    }
    void handleReadyRead()
    {
        m_buffer += m_socket.readAll();
        for (;;) {
            const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            const QByteArray head = m_buffer.left(headerEnd);
            static const QRegularExpression kLength(u"(?i)content-length:\\s*(\\d+)"_s);
            const auto match = kLength.match(QString::fromLatin1(head));
            const qsizetype length = match.hasMatch() ? match.captured(1).toLongLong() : 0;
            if (m_buffer.size() < headerEnd + 4 + length)
                return;
            if (head.startsWith("HTTP/1.1 2"))
                ++*m_ok;
            else if (++*m_failed < 3)
                qWarning("%s", m_buffer.left(headerEnd + 4 + std::min<qsizetype>(length, 300)).constData());
            m_buffer.remove(0, headerEnd + 4 + length);
            m_answered();
            sendNext();
        }
    }

    std::function<void()> m_answered;
    QTcpSocket m_socket;
    QByteArray m_auth;
    QByteArray m_buffer;
    const QList<Request> *m_requests;
    qsizetype *m_next;
    int *m_ok;
    int *m_failed;
    bool m_done = false;
};

/// Posts all `requests` over 4 connections; returns seconds, or -1.
double postAll(quint16 port, const QByteArray &authorization, const QList<Request> &requests, int *ok)
{
    qsizetype next = 0;
    int failed = 0;
    *ok = 0;
    QElapsedTimer timer;
    timer.start();
    // An event loop that ends with the last answer (QTest::qWaitFor sleeps 10 ms between its checks).
    QEventLoop loop;
    auto answered = [&] {
        if (*ok + failed >= requests.size())
            loop.quit();
    };
    std::vector<std::unique_ptr<Poster>> posters;
    for (int c = 0; c < 4; ++c)
        posters.push_back(std::make_unique<Poster>(port, authorization, &requests, &next, ok, &failed, answered));
    QTimer::singleShot(300000, &loop, &QEventLoop::quit);
    loop.exec();
    const bool finished = *ok + failed >= requests.size();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (!finished || failed > 0) {
        qWarning("%d of %lld requests failed", failed, static_cast<long long>(requests.size()));
        return -1;
    }
    return seconds;
}

/// The 1-minute load average.
QByteArray loadAverage()
{
    QFile f(u"/proc/loadavg"_s);
    return f.open(QIODevice::ReadOnly) ? f.readAll().split(' ').value(0) : QByteArray("?");
}

/// CPU seconds (user + system) a process has used so far.
double cpuSeconds(qint64 pid)
{
    QFile f(u"/proc/%1/stat"_s.arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15; after "pid (comm) " the first here is field 3.
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / double(sysconf(_SC_CLK_TCK));
}

const char *verdict(bool met)
{
    if (qEnvironmentVariableIsSet("WARROOM_BENCH_SMOKE"))
        return "not judged at smoke size";
    return met ? "MET" : "MISSED";
}

qint64 metricValue(const QByteArray &metrics, const QByteArray &name)
{
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith(QByteArray(name + ' ')))
            return line.mid(name.size() + 1).toLongLong();
    }
    return -1;
}

} // namespace

class BenchIngest : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_nam;

    QByteArray metrics(DaemonProcess &daemon)
    {
        return sendHttp(m_nam, "GET", daemon.url(u"/metrics"_s), {},
                        {{"Authorization", "Bearer " + daemon.token(u"alice"_s).toUtf8()}})
            .body;
    }

    /// Publishes `events` to a fresh Redis and times the daemon until all are
    /// persisted (and, with triage on, triaged).
    void streamRun(const QByteArray &events, qint64 count, bool triage)
    {
        RedisProcess redis;
        QVERIFY2(redis.start(), qPrintable(redis.errorString()));
        QTemporaryDir dir;
        QFile file(dir.filePath(u"events.jsonl"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(events);
        file.close();
        DaemonProcess daemon;
        daemon.setTriageOnIngest(triage);
        daemon.setExtraArguments({u"--redis"_s, redis.url()});
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        QTRY_VERIFY(metricValue(metrics(daemon), "warroom_redis_up") == 1);

        const QByteArray loadBefore = loadAverage();
        const double cpuBefore = cpuSeconds(daemon.process()->processId());
        QElapsedTimer timer;
        timer.start();
        QProcess publish;
        publish.start(qEnvironmentVariable("WARROOMCTL"),
                      {u"publish"_s, u"--redis"_s, redis.url(), u"--file"_s, file.fileName()});
        QVERIFY(publish.waitForFinished(60000));
        QCOMPARE(publish.exitCode(), 0);
        const double published = double(timer.nsecsElapsed()) / 1e9;
        double persisted = 0;
        double cpu = 0;
        QByteArray m;
        bool done = false;
        // Polled every 50 ms: often enough for the figure, rarely enough not
        // to take the daemon's CPU on a 2-core machine.
        for (QDeadlineTimer deadline(600000); !done && !deadline.hasExpired(); QTest::qWait(50)) {
            m = metrics(daemon);
            if (metricValue(m, "warroom_ingest_stream_entries_total") < count)
                continue;
            if (persisted == 0)
                persisted = double(timer.nsecsElapsed()) / 1e9;
            done = !triage || metricValue(m, "warroom_triage_backlog") == 0;
            if (done)
                cpu = cpuSeconds(daemon.process()->processId()) - cpuBefore;
        }
        QVERIFY2(done, m.constData());
        const double total = triage ? double(timer.nsecsElapsed()) / 1e9 : persisted;
        const qint64 incidents = metricValue(m, "warroom_incidents");
        std::printf("bench_ingest: stream, triage on ingestion %s: %lld events published in %.2f s, all persisted "
                    "after %.2f s (%.0f events/s)%s; %lld incidents (correlation on), %lld dead letters; daemon CPU "
                    "%.2f s; load average %s -> %s; target <= 5 s: %s (%.2f s)\n",
                    triage ? "ON (the default)" : "off", static_cast<long long>(count), published, persisted,
                    double(count) / persisted,
                    triage ? qPrintable(u", all triaged after %1 s (%2 triaged)"_s.arg(total, 0, 'f', 2)
                                            .arg(metricValue(m, "warroom_incidents_triaged_total")))
                           : "",
                    static_cast<long long>(incidents),
                    static_cast<long long>(metricValue(m, "warroom_ingest_dead_letters_total")), cpu,
                    loadBefore.constData(), loadAverage().constData(), verdict(total <= 5.0), total);
        std::fflush(stdout);
        QVERIFY(redis.cli({u"XPENDING"_s, u"warroom:incidents"_s, u"warroomd"_s}).startsWith("0"));
    }

private Q_SLOTS:
    void streamToPersisted()
    {
        const bool smoke = qEnvironmentVariableIsSet("WARROOM_BENCH_SMOKE");
        const qint64 count = smoke ? 500 : 16860;
        QProcess gen;
        gen.start(qEnvironmentVariable("WARROOMCTL"),
                  {u"dataset"_s, u"cyber"_s, u"--count"_s, QString::number(count), u"--seed"_s, u"7"_s});
        QVERIFY2(gen.waitForFinished(60000), "set WARROOMCTL to the warroomctl binary");
        const QByteArray events = gen.readAllStandardOutput();
        QCOMPARE(events.count('\n'), count);
        streamRun(events, count, true); // the default first
        streamRun(events, count, false);
    }

    void webhookAgainstAlertmanager_data()
    {
        QTest::addColumn<bool>("journaled");
        // WARROOM_BENCH_WEBHOOK_ANSWER=committed|journaled runs only that one.
        const QString only = qEnvironmentVariable("WARROOM_BENCH_WEBHOOK_ANSWER");
        if (only != "journaled"_L1)
            QTest::newRow("committed") << false;
        if (only != "committed"_L1)
            QTest::newRow("journaled") << true;
    }

    void webhookAgainstAlertmanager()
    {
        QFETCH(bool, journaled);
        const bool smoke = qEnvironmentVariableIsSet("WARROOM_BENCH_SMOKE");
        const int count = smoke ? 400 : 16860;
        QTemporaryDir dir;
        QFile config(dir.filePath(u"bench.yaml"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("ingest:\n  rate_per_second: 0\n"); // storm control off: this measures throughput
        if (journaled) {
            config.write("  webhook_answer: journaled\n");
            // WARROOM_BENCH_JOURNAL_DELAY_MS: journal_max_delay_ms other than the default (the trade-off
            // between answering a burst and committing it).
            if (const QByteArray delay = qgetenv("WARROOM_BENCH_JOURNAL_DELAY_MS"); !delay.isEmpty())
                config.write("  journal_max_delay_ms: " + delay + '\n');
        }
        config.close();
        DaemonProcess daemon;
        const bool triage = qEnvironmentVariable("WARROOM_BENCH_TRIAGE") != "off"_L1;
        daemon.setTriageOnIngest(triage);
        daemon.setConfigFile(config.fileName());
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        AlertmanagerProcess am;
        QVERIFY2(am.start({}, {}), qPrintable(am.errorString()));
        const QDateTime startsAt = QDateTime::currentDateTimeUtc();

        // WARROOM_BENCH_PER_REQUEST=N runs only that shape (for profiling one of them).
        QList<int> shapes {1, 10};
        if (const int only = qEnvironmentVariableIntValue("WARROOM_BENCH_PER_REQUEST"); only > 0)
            shapes = {only};
        for (const int perRequest : std::as_const(shapes)) {
            // The same alerts both ways: to Alertmanager as its API takes them,
            // to warroom as Alertmanager's webhook would deliver them.
            QList<Request> toWarroom;
            QList<Request> toAlertmanager;
            for (int k = 0; k < count; k += perRequest) {
                QJsonArray alerts;
                QJsonArray amAlerts;
                const QString group = u"BenchAlert%1x%2"_s.arg(k).arg(perRequest);
                for (int j = k; j < std::min(count, k + perRequest); ++j) {
                    const QJsonObject labels {{u"alertname"_s, group},
                                              {u"service"_s, u"svc-%1"_s.arg(j % 500)},
                                              {u"severity"_s, j % 7 == 0 ? u"critical"_s : u"warning"_s},
                                              {u"instance"_s, u"10.0.%1.%2:9100"_s.arg(j / 250 % 250).arg(j % 250)}};
                    const QJsonObject annotations {{u"summary"_s, u"disk usage above 90% on instance %1"_s.arg(j)}};
                    amAlerts.append(QJsonObject {{u"labels"_s, labels},
                                                 {u"annotations"_s, annotations},
                                                 {u"startsAt"_s, startsAt.toString(Qt::ISODateWithMs)}});
                    alerts.append(QJsonObject {{u"status"_s, u"firing"_s},
                                               {u"labels"_s, labels},
                                               {u"annotations"_s, annotations},
                                               {u"startsAt"_s, startsAt.toString(Qt::ISODateWithMs)},
                                               {u"endsAt"_s, u"0001-01-01T00:00:00Z"_s},
                                               {u"fingerprint"_s, u"%1"_s.arg(j, 16, 16, QChar(u'0'))}});
                }
                const QJsonObject webhook {{u"version"_s, u"4"_s},
                                           {u"groupKey"_s, u"{}:{alertname=\"%1\"}"_s.arg(group)},
                                           {u"status"_s, u"firing"_s},
                                           {u"receiver"_s, u"warroom"_s},
                                           {u"groupLabels"_s, QJsonObject {{u"alertname"_s, group}}},
                                           {u"commonLabels"_s, QJsonObject {{u"alertname"_s, group}}},
                                           {u"commonAnnotations"_s, QJsonObject {}},
                                           {u"externalURL"_s, am.baseUrl()},
                                           {u"alerts"_s, alerts}};
                toWarroom.append(
                    {"/api/v1/ingest/alertmanager", QJsonDocument(webhook).toJson(QJsonDocument::Compact)});
                toAlertmanager.append({"/api/v2/alerts", QJsonDocument(amAlerts).toJson(QJsonDocument::Compact)});
            }
            // Alternating rounds, the best of each: the machine is shared, and
            // a burst of someone else's load should not decide the ratio.
            int ok = 0;
            double warroomSeconds = 1e9;
            double amSeconds = 1e9;
            const QByteArray loadBefore = loadAverage();
            const QByteArray before = metrics(daemon);
            double warroomCpu = 0;
            double committedSeconds = 0; // journaled: until the last event of a round is committed, the best round
            for (int round = 0; round < 2; ++round) {
                QList<Request> w = toWarroom;
                QList<Request> a = toAlertmanager;
                if (round > 0) {
                    // Distinct alerts again: a repeat would be a duplicate for warroom and a no-op update for
                    // Alertmanager.
                    for (Request &r : w)
                        r.body.replace("BenchAlert", "BenchAgain").replace("\"fingerprint\":\"", "\"fingerprint\":\"f");
                    for (Request &r : a)
                        r.body.replace("BenchAlert", "BenchAgain");
                }
                const QByteArray authorization = "Authorization: Bearer " + daemon.token(u"carol"_s).toUtf8() + "\r\n";
                const double cpuBefore = cpuSeconds(daemon.process()->processId());
                QElapsedTimer roundClock;
                roundClock.start();
                const double ws = postAll(daemon.port(), authorization, w, &ok);
                QVERIFY(ws > 0);
                if (journaled) {
                    // Answered is not committed: wait for the journal to empty.
                    QTRY_VERIFY_WITH_TIMEOUT(metricValue(metrics(daemon), "warroom_ingest_journal_backlog") == 0,
                                             120000);
                    const double cs = double(roundClock.nsecsElapsed()) / 1e9;
                    committedSeconds = round == 0 ? cs : std::min(committedSeconds, cs);
                }
                warroomCpu += cpuSeconds(daemon.process()->processId()) - cpuBefore;
                const double as = postAll(am.port(), {}, a, &ok);
                QVERIFY(as > 0);
                warroomSeconds = std::min(warroomSeconds, ws);
                amSeconds = std::min(amSeconds, as);
            }
            const QByteArray after = metrics(daemon);
            auto grew = [&](const QByteArray &name) { return metricValue(after, name) - metricValue(before, name); };
            const double perCommit = double(grew("warroom_ingest_webhook_committed_requests_total"))
                / double(std::max<qint64>(1, grew("warroom_ingest_webhook_commits_total")));
            if (journaled)
                QCOMPARE(grew("warroom_ingest_journaled_events_total"), qint64(2 * count));
            const double warroomRate = count / warroomSeconds;
            const double amRate = count / amSeconds;
            const QByteArray committed = journaled
                ? QByteArray("; all committed after ") + QByteArray::number(committedSeconds, 'f', 2) + " s ("
                    + QByteArray::number(count / committedSeconds, 'f', 0) + " alerts/s)"
                : QByteArray();
            std::printf("bench_ingest: webhook, answered %s, triage on ingestion %s, %d alerts, %d per request, "
                        "4 connections, best of 2 alternating rounds: warroom %.0f alerts/s (%.2f s)%s, "
                        "Alertmanager /api/v2/alerts "
                        "%.0f alerts/s (%.2f s), ratio warroom/Alertmanager %.2f; warroomd %.2f CPU s a round, "
                        "%.1f requests a commit; load average %s -> %s; target ratio >= 1: %s\n",
                        journaled ? "once journaled" : "after the commit (the default)",
                        triage ? "ON (the default)" : "off", count, perRequest, warroomRate, warroomSeconds,
                        committed.constData(), amRate, amSeconds, warroomRate / amRate, warroomCpu / 2, perCommit,
                        loadBefore.constData(), loadAverage().constData(), verdict(warroomRate >= amRate));
            std::fflush(stdout);
        }
    }
};

int main(int argc, char *argv[])
{
    // Two alternating rounds of 16,860 requests each way on a shared machine
    // take longer than Qt Test's default five minutes per function.
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT", "1800000");
    QCoreApplication app(argc, argv);
    BenchIngest bench;
    return QTest::qExec(&bench, argc, argv);
}
#include "bench_ingest.moc"
