// The console with 100,000 incidents on the offscreen platform: first paint
// after the snapshot, resident memory, sorting a column, and 1,000 live
// updates per second with the event loop's latency. Prints figures; asserts
// only that the work was done. WARROOM_BENCH_SMOKE=1 shrinks it.

#include "apiclient.h"
#include "eventstream.h"
#include "incidentqueuemodel.h"
#include "mainwindow.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

double rssMb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return -1;
}

const QStringList kStates {u"new"_s,       u"triaged"_s,    u"planned"_s,  u"awaiting_approval"_s,
                           u"executing"_s, u"validating"_s, u"resolved"_s, u"closed"_s};
const QStringList kCategories {u"identity_access"_s, u"network"_s, u"database"_s, u"ai_quality"_s,
                               u"security"_s,        u"storage"_s, u"compute"_s,  u"saas"_s};

QJsonObject summary(qint64 id, int variant, const QDateTime &base)
{
    const QDateTime created = base.addSecs(-id * 37);
    return {{u"id"_s, id},
            {u"key"_s, QString(u"INC-"_s + QString::number(id))},
            {u"title"_s, u"Service degradation %1 on cluster %2"_s.arg(id).arg(id % 97)},
            {u"service"_s, u"svc-%1"_s.arg(id % 300)},
            // Live events move the state every time and the priority every fourth time:
            // both are columns the queue sorts by, so the proxy re-sorts.
            {u"priority"_s, u"P%1"_s.arg(1 + (id + (variant % 4 == 3 ? variant : 0)) % 4)},
            {u"source"_s, u"alertmanager"_s},
            {u"owner"_s, id % 5 ? u"carol"_s : QString()},
            {u"state"_s, kStates.at((id + variant) % kStates.size())},
            {u"severity"_s, u"unknown"_s},
            {u"major"_s, QString()},
            {u"category"_s, kCategories.at(id % kCategories.size())},
            {u"mim_required"_s, id % 11 == 0},
            {u"confidence"_s, double((id * 7919 + variant) % 100) / 100.0},
            {u"created_at"_s, created.toString(Qt::ISODateWithMs)},
            {u"updated_at"_s, created.addSecs(600 + variant).toString(Qt::ISODateWithMs)},
            {u"steps"_s, 4},
            {u"steps_pending"_s, 2},
            {u"current_step"_s, u"s2"_s}};
}

/// CPU time of this thread: what the work costs, whatever else the machine runs.
double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.at(std::min<qsizetype>(v.size() - 1, qsizetype(p * double(v.size()))));
}

} // namespace

class BenchConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void console()
    {
        const bool smoke = qEnvironmentVariableIsSet("WARROOM_BENCH_SMOKE");
        const int count = smoke ? 2000 : 100000;
        const int liveSeconds = smoke ? 1 : 5;
        const QDateTime base = QDateTime::currentDateTimeUtc();

        // The snapshot's text, as the stream receives it (made before the console exists).
        // Written piece by piece, so the bench's own JSON leaves no garbage that would count as the console's memory.
        QByteArray text = R"({"type":"snapshot","total":)" + QByteArray::number(count)
            + R"(,"user":{"name":"alice"},"incidents":[)";
        for (int i = 1; i <= count; ++i) {
            if (i > 1)
                text += ',';
            text += QJsonDocument(summary(i, 0, base)).toJson(QJsonDocument::Compact);
        }
        text += "]}";
        ApiClient client;
        client.setServer(QUrl(u"http://127.0.0.1:9"_s)); // nothing listens: detail loads fail fast
        client.setToken(u"bench"_s);
        EventStream stream;
        MainWindow window(client, stream, false);
        window.resize(1600, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const double rssBefore = rssMb();
        QFile loadStart(u"/proc/loadavg"_s);
        const QByteArray loadBefore
            = loadStart.open(QIODevice::ReadOnly) ? loadStart.readAll().trimmed() : QByteArray();

        // The snapshot as the stream delivers it: text parsed, then handed over.
        double firstPaintMs = 0;
        double firstPaintCpuMs = 0;
        double parseMs = 0;
        double cpu0 = 0;
        QElapsedTimer timer;
        {
            timer.start();
            cpu0 = threadCpuMs();
            const QJsonObject snapshot = QJsonDocument::fromJson(text).object();
            parseMs = double(timer.nsecsElapsed()) / 1e6;
            Q_EMIT stream.snapshotReceived(snapshot);
            window.queueView()->viewport()->repaint();
            firstPaintMs = double(timer.nsecsElapsed()) / 1e6;
            firstPaintCpuMs = threadCpuMs() - cpu0;
        } // the snapshot's text and JSON go, as they do in the console after the handler
        text = QByteArray();
        QCOMPARE(window.queueModel()->rowCount(), count);
        QCoreApplication::processEvents();
        const double rss = rssMb();

        // Sorting: every column once, the slowest counts.
        double sortMax = 0;
        double sortMaxCpu = 0;
        QString slowest;
        QStringList sortFigures;
        for (int c = 0; c < IncidentQueueModel::ColumnCount; ++c) {
            timer.restart();
            const double c0 = threadCpuMs();
            window.queueView()->sortByColumn(c, c % 2 ? Qt::DescendingOrder : Qt::AscendingOrder);
            window.queueView()->viewport()->repaint();
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            sortMaxCpu = std::max(sortMaxCpu, threadCpuMs() - c0);
            sortFigures.append(
                u"%1 %2"_s.arg(window.queueModel()->headerData(c, Qt::Horizontal).toString()).arg(ms, 0, 'f', 0));
            if (ms > sortMax) {
                sortMax = ms;
                slowest = window.queueModel()->headerData(c, Qt::Horizontal).toString();
            }
        }
        window.queueView()->sortByColumn(IncidentQueueModel::PriorityColumn, Qt::AscendingOrder);

        // Live: 1,000 events per second (10 every 10 ms, 10 % new incidents; every update
        // changes the state, every fourth the priority, the column the view is sorted by),
        // while a 5 ms probe timer measures how late the event loop runs.
        window.queueView()->selectRow(5);
        // Scrolled into the middle of the queue: the top row must stay put.
        window.queueView()->scrollTo(window.queueView()->model()->index(count / 2, 0),
                                     QAbstractItemView::PositionAtTop);
        const qint64 topBefore
            = window.queueView()->indexAt(QPoint(1, 1)).data(IncidentQueueModel::IncidentIdRole).toLongLong();
        const qint64 selected
            = window.queueView()->currentIndex().data(IncidentQueueModel::IncidentIdRole).toLongLong();
        QList<double> latencies;
        int sent = 0;
        const double liveCpu0 = threadCpuMs();
        qint64 nextNew = count + 1;
        QTimer feed;
        feed.setTimerType(Qt::PreciseTimer);
        feed.setInterval(10);
        QElapsedTimer feedClock;
        qint64 lastSentNs = 0; // when the last event went out: the rate is over the time the feed ran
        connect(&feed, &QTimer::timeout, this, [&] {
            // One event per millisecond since the start, whatever the timer's
            // slip: a late tick catches up, so the console is offered 1,000/s.
            const qint64 due = std::min<qint64>(feedClock.elapsed(), qint64(liveSeconds) * 1000);
            while (sent < due) {
                const qint64 id = (sent % 10 == 9) ? nextNew++ : 1 + (qint64(sent) * 7919) % count;
                const QByteArray event = QJsonDocument(QJsonObject {{u"type"_s, u"step.approved"_s},
                                                                    {u"incident_id"_s, id},
                                                                    {u"incident"_s, summary(id, sent, base)}})
                                             .toJson(QJsonDocument::Compact);
                Q_EMIT stream.eventReceived(QJsonDocument::fromJson(event).object());
                ++sent;
            }
            lastSentNs = feedClock.nsecsElapsed();
        });
        QElapsedTimer probeClock;
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        probe.setInterval(5);
        qint64 last = 0;
        connect(&probe, &QTimer::timeout, this, [&] {
            const qint64 now = probeClock.nsecsElapsed();
            if (last > 0)
                latencies.append(std::max(0.0, double(now - last) / 1e6 - 5.0));
            last = now;
        });
        probeClock.start();
        feedClock.start();
        feed.start();
        probe.start();
        {
            // A plain event loop (QTest::qWait sleeps in 10 ms steps, which would skew the probe).
            QEventLoop loop;
            QTimer::singleShot(liveSeconds * 1000, Qt::PreciseTimer, &loop, &QEventLoop::quit);
            loop.exec();
        }
        feed.stop();
        probe.stop();
        // Over the time up to the last send (the run goes on for a tick after it).
        const double fedSeconds = std::max(1e-3, double(lastSentNs) / 1e9);
        const double liveCpuShare = (threadCpuMs() - liveCpu0) / (liveSeconds * 1000.0);
        const double rate = double(sent) / fedSeconds;
        const int selectedRows = int(window.queueView()->selectionModel()->selectedRows().size());
        const qint64 stillSelected = selectedRows == 1 ? window.queueView()
                                                             ->selectionModel()
                                                             ->selectedRows()
                                                             .first()
                                                             .data(IncidentQueueModel::IncidentIdRole)
                                                             .toLongLong()
                                                       : 0;
        const double rssAfter = rssMb();
        const qint64 topAfter
            = window.queueView()->indexAt(QPoint(1, 1)).data(IncidentQueueModel::IncidentIdRole).toLongLong();

        std::printf(
            "BENCH console incidents=%d first_paint_ms=%.0f (cpu %.0f, of which JSON parse %.0f wall; target 1500)"
            " rss_mb=%.0f (before %.0f; target 300) sort_max_ms=%.0f (cpu %.0f; %s; target 200)\n",
            count, firstPaintMs, firstPaintCpuMs, parseMs, rss, rssBefore, sortMax, sortMaxCpu, qPrintable(slowest));
        std::printf("BENCH console sort_ms_by_column: %s\n", qPrintable(sortFigures.join(u", "_s)));
        std::printf("BENCH console live_events=%d events_per_s=%.0f loop_latency_p50_ms=%.1f p99_ms=%.1f max_ms=%.1f"
                    " (target p99 50) gui_thread_busy=%.0f%% rss_after_mb=%.0f selection_kept=%s scroll_kept=%s\n",
                    sent, rate, percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 1.0),
                    liveCpuShare * 100.0, rssAfter, stillSelected == selected ? "yes" : "no",
                    topAfter == topBefore ? "yes" : "no");
        QFile loadavg(u"/proc/loadavg"_s);
        if (loadavg.open(QIODevice::ReadOnly))
            std::printf("BENCH console machine load average: before %s, after %s", loadBefore.constData(),
                        loadavg.readAll().constData());
        std::fflush(stdout);
        QVERIFY(sent > 0);
        QCOMPARE(stillSelected, selected);
        QCOMPARE(topAfter, topBefore);
        QVERIFY(window.queueModel()->rowCount() > count);
    }
};

QTEST_MAIN(BenchConsole)
#include "bench_console.moc"
