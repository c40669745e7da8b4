// Triage at scale: 2,000 knowledge documents and 100,000 past incidents
// (the shipped knowledge, then deterministic variations of it), index build
// time, triage latency p50/p99 and resident memory.
// Targets: p50 <= 1 ms, p99 <= 5 ms, build <= 3 s, RSS <= 500 MB.
// Also the daemon's everyday case: the shipped knowledge alone, the checked-in
// cyber events as the stream brings them (what a burst costs per incident).

#include "ingestparsers.h"
#include "knowledgebase.h"
#include "offlineanalyst.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

#include <time.h>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

qint64 residentKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

/// CPU time of this thread: on a shared machine wall time also counts
/// the time other processes held the core.
qint64 cpuNanos()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

double percentile(QList<qint64> v, int p)
{
    std::sort(v.begin(), v.end());
    return v.at(std::min<qsizetype>(v.size() - 1, v.size() * p / 100)) / 1e6;
}

} // namespace

class BenchTriage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void triageAtScale()
    {
        const bool smoke = qEnvironmentVariableIsSet("WARROOM_BENCH_SMOKE");
        const int knowledgeTarget = 2000;
        const int incidentTarget = smoke ? 10000 : 100000;
        const QString dir = QStringLiteral(WARROOM_SOURCE_DIR "/resources/knowledge");
        KnowledgeBase kb = KnowledgeBase::load({dir});
        // The bases of the variations with their whole text (the knowledge
        // base itself keeps only the index of a past incident's text).
        const QList<KnowledgeDoc> shipped = KnowledgeBase::readDocuments({dir});
        QVERIFY(!shipped.isEmpty());
        QList<KnowledgeDoc> incidents;
        QList<KnowledgeDoc> knowledge;
        for (const KnowledgeDoc &d : shipped)
            (d.kind == "incident"_L1 ? incidents : knowledge).append(d);
        QVERIFY(!incidents.isEmpty() && !knowledge.isEmpty());
        // Variations: same category and vocabulary, shuffled and renamed, so
        // postings grow as a real corpus would.
        QRandomGenerator rng(7);
        const QStringList services {u"checkout-api"_s, u"payments"_s,          u"search-api"_s, u"orders-db"_s,
                                    u"mobile-bff"_s,   u"identity-provider"_s, u"kafka"_s,      u"support-assistant"_s};
        auto vary = [&](const KnowledgeDoc &base, int n, const QString &prefix) {
            KnowledgeDoc d = base;
            d.id = prefix + QString::number(n);
            const QString text
                = base.item.value(u"description"_s).toString() + u' ' + base.item.value(u"symptoms"_s).toString();
            QStringList words = text.split(u' ', Qt::SkipEmptyParts);
            for (int i = 0; i + 1 < words.size(); i += 2) {
                if (rng.bounded(3) == 0)
                    words.swapItemsAt(i, i + 1);
            }
            d.item.insert(u"description"_s, words.join(u' '));
            d.item.insert(u"symptoms"_s, QString());
            d.services = {services.at(rng.bounded(int(services.size())))};
            return d;
        };
        // The variations are made first; the build time covers indexing
        // every added document (tokenising included) and finishing the index.
        QList<KnowledgeDoc> added;
        added.reserve(knowledgeTarget + incidentTarget);
        for (int n = int(knowledge.size()); n < knowledgeTarget; ++n)
            added.append(vary(knowledge.at(n % knowledge.size()), n, u"KBA-SYN-"_s));
        for (int n = int(incidents.size()); n < incidentTarget; ++n)
            added.append(vary(incidents.at(n % incidents.size()), n, u"PIR-SYN-"_s));
        QElapsedTimer build;
        build.start();
        const qint64 buildCpu0 = cpuNanos();
        kb.reserve(kb.documents().size() + added.size());
        for (KnowledgeDoc &d : added)
            kb.addDocument(std::move(d));
        kb.rebuildIndex();
        const double buildSeconds = build.nsecsElapsed() / 1e9;
        const double buildCpuSeconds = (cpuNanos() - buildCpu0) / 1e9;
        added.clear();
        added.squeeze();

        QFile file(QStringLiteral(WARROOM_SHARED_DIR "/eval/incidents.jsonl"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QList<Incident> queries;
        while (!file.atEnd()) {
            const QJsonObject row = QJsonDocument::fromJson(file.readLine()).object();
            if (row.isEmpty())
                continue;
            Incident i;
            i.title = row.value(u"title"_s).toString();
            i.description = row.value(u"description"_s).toString();
            i.service = row.value(u"service"_s).toString();
            i.priority = row.value(u"priority"_s).toString();
            queries.append(i);
        }
        const OfflineAnalyst analyst(kb);
        QList<qint64> nanos;
        QList<qint64> cpu;
        const int rounds = smoke ? 2 : 10;
        QElapsedTimer t;
        for (int r = 0; r < rounds; ++r) {
            for (const Incident &i : std::as_const(queries)) {
                t.start();
                const qint64 c0 = cpuNanos();
                const TriageResult result = analyst.analyse(i);
                cpu.append(cpuNanos() - c0);
                nanos.append(t.nsecsElapsed());
                QVERIFY(!result.plan.isEmpty());
            }
        }
        // Retrieval alone: the top 20 past incidents for the whole text.
        QList<qint64> searchNanos;
        for (const Incident &i : std::as_const(queries)) {
            const QStringList terms = Tokenizer::terms(QString(i.title + u' ' + i.description));
            t.start();
            const QList<KnowledgeMatch> similar = kb.searchTerms(terms, 20, {u"incident"_s});
            searchNanos.append(t.nsecsElapsed());
            QVERIFY(!similar.isEmpty());
        }
        std::printf("BENCH triage documents=%lld past_incidents=%d terms=%lld postings=%lld build_s=%.2f "
                    "build_cpu_s=%.2f p50_ms=%.3f p99_ms=%.3f cpu_p50_ms=%.3f cpu_p99_ms=%.3f search_p50_ms=%.3f "
                    "rss_mb=%.0f targets: p50<=1 p99<=5 build<=3 rss<=500%s\n",
                    static_cast<long long>(kb.documents().size()) - incidentTarget, incidentTarget,
                    static_cast<long long>(kb.index().termCount()), static_cast<long long>(kb.index().postingCount()),
                    buildSeconds, buildCpuSeconds, percentile(nanos, 50), percentile(nanos, 99), percentile(cpu, 50),
                    percentile(cpu, 99), percentile(searchNanos, 50), residentKiB() / 1024.0,
                    smoke ? " (smoke size)" : "");
    }

    void shippedKnowledgeCyberEvents()
    {
        const bool smoke = qEnvironmentVariableIsSet("WARROOM_BENCH_SMOKE");
        const KnowledgeBase kb = KnowledgeBase::load({QStringLiteral(WARROOM_SOURCE_DIR "/resources/knowledge")});
        QFile file(QStringLiteral(WARROOM_SOURCE_DIR "/tests/data/ingest/cyber-sample.jsonl"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QList<Incident> queries;
        while (!file.atEnd()) {
            const Expected<QJsonObject> body = ingest::parseObject(file.readLine());
            QVERIFY(body);
            const Expected<IngestEvent> e = ingest::streamEvent(*body, u"1-0"_s);
            QVERIFY2(e, e ? "" : qPrintable(e.error().message));
            queries.append(e->described()); // what the ingestor's new incident holds for the analyst
        }
        const OfflineAnalyst analyst(kb);
        const int rounds = smoke ? 4
            : qEnvironmentVariableIntValue("WARROOM_BENCH_ROUNDS") > 0
            ? qEnvironmentVariableIntValue("WARROOM_BENCH_ROUNDS")
            : 100;
        QList<qint64> cpu;
        const qint64 total0 = cpuNanos();
        for (int r = 0; r < rounds; ++r) {
            for (const Incident &i : std::as_const(queries)) {
                const qint64 c0 = cpuNanos();
                const TriageResult result = analyst.analyse(i);
                cpu.append(cpuNanos() - c0);
                QVERIFY(!result.classification.category.isEmpty());
            }
        }
        std::printf("BENCH triage_cyber documents=%lld events=%lld rounds=%d cpu_mean_ms=%.3f cpu_p50_ms=%.3f "
                    "cpu_p99_ms=%.3f (the shipped knowledge, tests/data/ingest/cyber-sample.jsonl)\n",
                    static_cast<long long>(kb.documents().size()), static_cast<long long>(queries.size()), rounds,
                    (cpuNanos() - total0) / 1e6 / cpu.size(), percentile(cpu, 50), percentile(cpu, 99));
    }
};

QTEST_GUILESS_MAIN(BenchTriage)
#include "bench_triage.moc"
