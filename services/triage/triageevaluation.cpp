#include "triageevaluation.h"

#include "knowledgebase.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

/// The probability of `category` under the softmax of `scores` at temperature `t`.
double probabilityOf(const QList<QPair<QString, double>> &scores, const QString &category, double t)
{
    if (scores.isEmpty())
        return 0.0;
    double best = -std::numeric_limits<double>::max();
    double bestCategory = 0.0;
    for (const auto &s : scores) {
        best = std::max(best, s.second);
        if (!s.first.isEmpty())
            bestCategory = std::max(bestCategory, s.second);
    }
    if (bestCategory <= 0.0)
        return 0.0; // nothing scored: no category is proposed
    double sum = 0.0;
    double mine = 0.0;
    for (const auto &[cat, s] : scores) { // "none of them" (an empty name) is in the sum
        const double e = std::exp((s - best) / t);
        sum += e;
        if (!cat.isEmpty() && cat == category)
            mine = e;
    }
    return mine / sum;
}

} // namespace

Expected<QList<LabelledIncident>> loadLabelledIncidents(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error {ErrorCode::InvalidInput, u"cannot read %1: %2"_s.arg(path, file.errorString())};
    QList<LabelledIncident> rows;
    int number = 0;
    while (!file.atEnd()) {
        ++number;
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        auto bad = [&](const QString &why) {
            return Error {ErrorCode::InvalidInput, u"%1:%2: %3"_s.arg(path).arg(number).arg(why)};
        };
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return bad(u"not a JSON object (%1)"_s.arg(parseError.errorString()));
        const QJsonObject json = doc.object();
        const QJsonObject labels = json.value(u"labels"_s).toObject();
        LabelledIncident row;
        row.line = number;
        row.incident.title = json.value(u"title"_s).toString();
        row.incident.description = json.value(u"description"_s).toString();
        row.incident.service = json.value(u"service"_s).toString();
        row.incident.priority = json.value(u"priority"_s).toString();
        row.incident.source = json.value(u"source"_s).toString();
        row.category = labels.value(u"category"_s).toString();
        if (row.incident.title.isEmpty())
            return bad(u"needs a title"_s);
        if (!incidentCategories().contains(row.category))
            return bad(u"labels.category \"%1\" is not one of the 16 of the taxonomy"_s.arg(row.category));
        if (!labels.value(u"mim_required"_s).isBool())
            return bad(u"labels.mim_required must be true or false"_s);
        row.mimRequired = labels.value(u"mim_required"_s).toBool();
        rows.append(row);
    }
    return rows;
}

QPair<double, int> TriageFigures::accuracyAbove(double threshold) const
{
    double right = 0.0;
    int n = 0;
    for (int b = 0; b < 10; ++b) {
        if (b / 10.0 >= threshold - 1e-9) {
            right += bins[size_t(b)].accuracy * bins[size_t(b)].count;
            n += bins[size_t(b)].count;
        }
    }
    return {n ? right / n : 0.0, n};
}

QPair<double, int> TriageFigures::accuracyBelow(double threshold) const
{
    double right = 0.0;
    int n = 0;
    for (int b = 0; b < 10; ++b) {
        if (b / 10.0 < threshold - 1e-9) {
            right += bins[size_t(b)].accuracy * bins[size_t(b)].count;
            n += bins[size_t(b)].count;
        }
    }
    return {n ? right / n : 0.0, n};
}

TriageFigures evaluateTriage(const OfflineAnalyst &analyst, const QList<LabelledIncident> &rows, bool reasons)
{
    TriageFigures f;
    int mimRight = 0;
    int categoryRight = 0;
    std::array<double, 10> binConfidence {};
    std::array<double, 10> binRight {};
    QElapsedTimer timer;
    qint64 nanos = 0;
    for (const LabelledIncident &row : rows) {
        timer.start();
        const TriageResult r = analyst.analyse(row.incident);
        nanos += timer.nsecsElapsed();
        ++f.total;
        const Classification &c = r.classification;
        const bool mimOk = c.mimRequired == row.mimRequired;
        const bool categoryOk = c.category == row.category;
        mimRight += mimOk;
        categoryRight += categoryOk;
        const size_t bin = size_t(std::clamp(int(c.confidence * 10), 0, 9));
        binConfidence[bin] += c.confidence;
        binRight[bin] += categoryOk ? 1.0 : 0.0;
        ++f.bins[bin].count;
        f.nll -= std::log(std::max(probabilityOf(r.scores, row.category, analyst.temperature()), 1e-4));
        if (!categoryOk || !mimOk) {
            QString line = u"  %1%2 line %3 %4 -> %5 (%6) mim %7: %8"_s
                               .arg(categoryOk ? u" "_s : u"C"_s, mimOk ? u" "_s : u"M"_s)
                               .arg(row.line)
                               .arg(row.category, c.category.isEmpty() ? u"(none)"_s : c.category)
                               .arg(c.confidence, 0, 'f', 2)
                               .arg(c.mimRequired ? u"yes"_s : u"no"_s, row.incident.title.left(70));
            if (reasons) {
                QStringList others;
                for (const auto &[category, raw] : r.scores.mid(0, 4))
                    others.append(u"%1 %2"_s.arg(category).arg(raw, 0, 'f', 2));
                line += u"\n      scores: "_s + others.join(u", "_s);
                for (const Reason &why : c.reasons)
                    line += u"\n      %1 %2 [%3]"_s.arg(why.weight, 5, 'f', 2).arg(why.signal.left(110), why.source);
            }
            f.misses.append(line);
        }
    }
    if (f.total == 0)
        return f;
    for (size_t b = 0; b < 10; ++b) {
        TriageFigures::Bin &bin = f.bins[b];
        if (bin.count == 0)
            continue;
        bin.confidence = binConfidence[b] / bin.count;
        bin.accuracy = binRight[b] / bin.count;
        f.ece += std::abs(bin.accuracy - bin.confidence) * bin.count / f.total;
    }
    f.mimAccuracy = double(mimRight) / f.total;
    f.categoryAccuracy = double(categoryRight) / f.total;
    f.nll /= f.total;
    f.meanMicros = double(nanos) / 1e3 / f.total;
    return f;
}

double fitTemperature(const OfflineAnalyst &analyst, const QList<LabelledIncident> &rows, double from, double to,
                      double step)
{
    QList<QList<QPair<QString, double>>> scores;
    scores.reserve(rows.size());
    for (const LabelledIncident &row : rows)
        scores.append(analyst.analyse(row.incident).scores);
    double bestT = analyst.temperature();
    double bestNll = std::numeric_limits<double>::max();
    const int steps = int(std::round((to - from) / step));
    for (int i = 0; i <= steps; ++i) {
        const double t = from + i * step;
        double nll = 0.0;
        for (qsizetype r = 0; r < rows.size(); ++r)
            nll -= std::log(std::max(probabilityOf(scores.at(r), rows.at(r).category, t), 1e-4));
        if (nll < bestNll - 1e-9) {
            bestNll = nll;
            bestT = t;
        }
    }
    return bestT;
}

} // namespace warroom
