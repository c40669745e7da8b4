// The offline analyst over the labelled development set in
// ../shared/eval/incidents.jsonl: mim_required accuracy, category accuracy
// and expected calibration error (10 bins) of the category confidence.
// Targets: mim >= 0.92, category >= 0.88, ECE <= 0.10.

#include "knowledgebase.h"
#include "offlineanalyst.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace warroom;

class TriageEval : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void evaluate()
    {
        QList<LintIssue> issues;
        const KnowledgeBase kb
            = KnowledgeBase::load({QStringLiteral(WARROOM_SOURCE_DIR "/resources/knowledge")}, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
        QVERIFY(kb.documents().size() > 50);
        QFile file(QStringLiteral(WARROOM_SHARED_DIR "/eval/incidents.jsonl"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const OfflineAnalyst analyst(kb);
        // Warm up (regular expressions compile on first use).
        (void)analyst.analyse(Incident {});
        int total = 0;
        int mimRight = 0;
        int categoryRight = 0;
        double binConf[10] = {};
        double binRight[10] = {};
        int binCount[10] = {};
        QList<QString> misses;
        QElapsedTimer timer;
        qint64 nanos = 0;
        while (!file.atEnd()) {
            const QByteArray line = file.readLine().trimmed();
            if (line.isEmpty())
                continue;
            const QJsonObject row = QJsonDocument::fromJson(line).object();
            Incident incident;
            incident.title = row.value(u"title"_s).toString();
            incident.description = row.value(u"description"_s).toString();
            incident.service = row.value(u"service"_s).toString();
            incident.priority = row.value(u"priority"_s).toString();
            incident.source = row.value(u"source"_s).toString();
            const QJsonObject labels = row.value(u"labels"_s).toObject();
            timer.start();
            const TriageResult r = analyst.analyse(incident);
            nanos += timer.nsecsElapsed();
            ++total;
            const bool mimOk = r.classification.mimRequired == labels.value(u"mim_required"_s).toBool();
            const bool catOk = r.classification.category == labels.value(u"category"_s).toString();
            mimRight += mimOk;
            categoryRight += catOk;
            const int bin = std::min(9, int(r.classification.confidence * 10));
            binConf[bin] += r.classification.confidence;
            binRight[bin] += catOk ? 1.0 : 0.0;
            ++binCount[bin];
            if ((!catOk || !mimOk) && qEnvironmentVariableIsSet("WARROOM_EVAL_REASONS")) {
                QStringList reasons;
                for (const Reason &why : r.classification.reasons)
                    reasons.append(u"      %1 %2"_s.arg(why.weight, 5, 'f', 2).arg(why.signal.left(110)));
                misses.append(u"  -- %1\n%2"_s.arg(incident.title.left(80), reasons.join(u'\n')));
            }
            if (!catOk || !mimOk)
                misses.append(u"  %1%2 %3 -> %4 (%5) mim %6: %7"_s
                                  .arg(catOk ? u" "_s : u"C"_s, mimOk ? u" "_s : u"M"_s,
                                       labels.value(u"category"_s).toString(), r.classification.category)
                                  .arg(r.classification.confidence, 0, 'f', 2)
                                  .arg(r.classification.mimRequired ? u"yes"_s : u"no"_s, incident.title.left(60)));
        }
        QVERIFY(total > 0);
        double ece = 0.0;
        for (int b = 0; b < 10; ++b) {
            if (binCount[b] > 0)
                ece += std::abs(binRight[b] / binCount[b] - binConf[b] / binCount[b]) * binCount[b] / total;
        }
        if (qEnvironmentVariableIsSet("WARROOM_EVAL_VERBOSE")) {
            for (const QString &m : std::as_const(misses))
                std::printf("%s\n", qPrintable(m));
        }
        std::printf("BENCH triage_eval incidents=%d mim_accuracy=%.3f category_accuracy=%.3f ece=%.3f "
                    "mean_us=%.0f targets: mim>=0.92 category>=0.88 ece<=0.10\n",
                    total, double(mimRight) / total, double(categoryRight) / total, ece, nanos / 1e3 / total);
    }
};

QTEST_GUILESS_MAIN(TriageEval)
#include "triage_eval.moc"
