// Triage at scale: 2,000 knowledge documents and 100,000 past incidents
// (the shipped knowledge, then deterministic variations of it), index build
// time, triage latency p50/p99 and resident memory.
// Targets: p50 <= 1 ms, p99 <= 5 ms, build <= 3 s, RSS <= 500 MB.

#include "knowledgebase.h"
#include "offlineanalyst.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

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
        KnowledgeBase kb = KnowledgeBase::load({QStringLiteral(WARROOM_SOURCE_DIR "/resources/knowledge")});
        const QList<KnowledgeDoc> shipped = kb.documents();
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
        for (int n = int(knowledge.size()); n < knowledgeTarget; ++n)
            kb.addDocument(vary(knowledge.at(n % knowledge.size()), n, u"KBA-SYN-"_s));
        for (int n = int(incidents.size()); n < incidentTarget; ++n)
            kb.addDocument(vary(incidents.at(n % incidents.size()), n, u"PIR-SYN-"_s));
        QElapsedTimer build;
        build.start();
        kb.rebuildIndex();
        const double buildSeconds = build.nsecsElapsed() / 1e9;

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
        const int rounds = smoke ? 2 : 10;
        QElapsedTimer t;
        for (int r = 0; r < rounds; ++r) {
            for (const Incident &i : std::as_const(queries)) {
                t.start();
                const TriageResult result = analyst.analyse(i);
                nanos.append(t.nsecsElapsed());
                QVERIFY(!result.plan.isEmpty());
            }
        }
        std::sort(nanos.begin(), nanos.end());
        const double p50 = nanos.at(nanos.size() / 2) / 1e6;
        const double p99 = nanos.at(std::min<qsizetype>(nanos.size() - 1, nanos.size() * 99 / 100)) / 1e6;
        std::printf("BENCH triage documents=%lld past_incidents=%d build_s=%.2f p50_ms=%.3f p99_ms=%.3f rss_mb=%.0f "
                    "targets: p50<=1 p99<=5 build<=3 rss<=500%s\n",
                    static_cast<long long>(kb.documents().size()) - incidentTarget, incidentTarget, buildSeconds, p50,
                    p99, residentKiB() / 1024.0, smoke ? " (smoke size)" : "");
    }
};

QTEST_GUILESS_MAIN(BenchTriage)
#include "bench_triage.moc"
