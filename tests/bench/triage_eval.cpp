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
#include <limits>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

struct Row
{
    Incident incident;
    QString category;
    bool mim = false;
};

struct Figures
{
    int total = 0;
    double mim = 0.0;
    double category = 0.0;
    double ece = 0.0;
    double nll = 0.0; ///< mean negative log-likelihood of the right category
    double meanUs = 0.0;
    QStringList misses;
};

/// Runs the analyst over the rows whose index % `modulo` == `rest` (modulo 1: all).
Figures evaluate(const OfflineAnalyst &analyst, const QList<Row> &rows, int modulo, int rest)
{
    Figures f;
    int mimRight = 0;
    int categoryRight = 0;
    double binConf[10] = {};
    double binRight[10] = {};
    int binCount[10] = {};
    QElapsedTimer timer;
    qint64 nanos = 0;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (i % modulo != rest)
            continue;
        const Row &row = rows.at(i);
        timer.start();
        const TriageResult r = analyst.analyse(row.incident);
        nanos += timer.nsecsElapsed();
        ++f.total;
        const Classification &c = r.classification;
        const bool mimOk = c.mimRequired == row.mim;
        const bool catOk = c.category == row.category;
        mimRight += mimOk;
        categoryRight += catOk;
        const int bin = std::min(9, int(c.confidence * 10));
        binConf[bin] += c.confidence;
        binRight[bin] += catOk ? 1.0 : 0.0;
        ++binCount[bin];
        double p = catOk ? c.confidence : 0.0;
        for (const RunnerUp &u : c.runnersUp) {
            if (u.category == row.category)
                p = u.score;
        }
        f.nll -= std::log(std::max(p, 1e-4));
        if (!catOk || !mimOk) {
            QString line
                = u"  %1%2 line %3 %4 -> %5 (%6) mim %7: %8"_s.arg(catOk ? u" "_s : u"C"_s, mimOk ? u" "_s : u"M"_s)
                      .arg(i + 1)
                      .arg(row.category, c.category)
                      .arg(c.confidence, 0, 'f', 2)
                      .arg(c.mimRequired ? u"yes"_s : u"no"_s, row.incident.title.left(60));
            if (qEnvironmentVariableIsSet("WARROOM_EVAL_REASONS")) {
                for (const Reason &why : c.reasons)
                    line += u"\n      %1 %2"_s.arg(why.weight, 5, 'f', 2).arg(why.signal.left(110));
            }
            f.misses.append(line);
        }
    }
    if (f.total == 0)
        return f;
    for (int b = 0; b < 10; ++b) {
        if (binCount[b] > 0)
            f.ece += std::abs(binRight[b] / binCount[b] - binConf[b] / binCount[b]) * binCount[b] / f.total;
    }
    f.mim = double(mimRight) / f.total;
    f.category = double(categoryRight) / f.total;
    f.nll /= f.total;
    f.meanUs = nanos / 1e3 / f.total;
    return f;
}

void print(const char *name, const Figures &f)
{
    std::printf("BENCH %s incidents=%d mim_accuracy=%.3f category_accuracy=%.3f ece=%.3f nll=%.3f mean_us=%.0f "
                "targets: mim>=0.92 category>=0.88 ece<=0.10\n",
                name, f.total, f.mim, f.category, f.ece, f.nll, f.meanUs);
}

} // namespace

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
        QList<Row> rows;
        while (!file.atEnd()) {
            const QByteArray line = file.readLine().trimmed();
            if (line.isEmpty())
                continue;
            const QJsonObject json = QJsonDocument::fromJson(line).object();
            Row row;
            row.incident.title = json.value(u"title"_s).toString();
            row.incident.description = json.value(u"description"_s).toString();
            row.incident.service = json.value(u"service"_s).toString();
            row.incident.priority = json.value(u"priority"_s).toString();
            row.incident.source = json.value(u"source"_s).toString();
            const QJsonObject labels = json.value(u"labels"_s).toObject();
            row.category = labels.value(u"category"_s).toString();
            row.mim = labels.value(u"mim_required"_s).toBool();
            rows.append(row);
        }
        QVERIFY(!rows.isEmpty());
        OfflineAnalyst analyst(kb);
        // Warm up (regular expressions compile on first use).
        (void)analyst.analyse(Incident {});
        const Figures all = ::evaluate(analyst, rows, 1, 0);
        if (qEnvironmentVariableIsSet("WARROOM_EVAL_VERBOSE")) {
            for (const QString &m : all.misses)
                std::printf("%s\n", qPrintable(m));
        }
        print("triage_eval", all);
        // Generalisation: the figures of each half of the file (lines 1, 3,
        // 5 ... and 2, 4, 6 ...), and the one fitted parameter, the softmax
        // temperature of the confidence, fitted on the odd lines by
        // likelihood and judged on the even ones it did not see.
        print("triage_eval_odd_lines", ::evaluate(analyst, rows, 2, 0));
        print("triage_eval_even_lines", ::evaluate(analyst, rows, 2, 1));
        const double shipped = analyst.temperature();
        double bestT = shipped;
        double bestNll = std::numeric_limits<double>::max();
        for (double t = 0.10; t <= 0.80; t += 0.05) {
            analyst.setTemperature(t);
            const double nll = ::evaluate(analyst, rows, 2, 0).nll;
            if (nll < bestNll - 1e-9) {
                bestNll = nll;
                bestT = t;
            }
        }
        analyst.setTemperature(bestT);
        const Figures heldOut = ::evaluate(analyst, rows, 2, 1);
        std::printf("BENCH triage_eval_calibration shipped_temperature=%.2f fitted_on_odd=%.2f "
                    "even_lines_ece_with_fitted=%.3f even_lines_nll_with_fitted=%.3f\n",
                    shipped, bestT, heldOut.ece, heldOut.nll);
        QVERIFY(all.total > 0);
    }
};

QTEST_GUILESS_MAIN(TriageEval)
#include "triage_eval.moc"
