#pragma once

#include "incident.h"
#include "offlineanalyst.h"
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <array>

namespace warroom {

/// One incident of a labelled set (the JSONL format of
/// ../shared/eval/incidents.jsonl and tests/data/triage/*.jsonl).
struct LabelledIncident
{
    Incident incident;
    QString category;
    bool mimRequired = false;
    int line = 0; ///< in its file, from 1
};

/// Reads a labelled set: one JSON object a line (`title`, `description`,
/// `service`, `priority`, `source`, `labels.category`,
/// `labels.mim_required`); empty lines are skipped. An unreadable file, a
/// line that is not such an object or a category outside the taxonomy is
/// an error naming the file and line.
Expected<QList<LabelledIncident>> loadLabelledIncidents(const QString &path);

/// How the analyst did on a labelled set.
struct TriageFigures
{
    struct Bin
    {
        int count = 0;
        double confidence = 0.0; ///< mean confidence of the bin
        double accuracy = 0.0; ///< share of right categories in the bin
    };
    int total = 0;
    double mimAccuracy = 0.0;
    double categoryAccuracy = 0.0;
    double ece = 0.0; ///< expected calibration error of the category confidence, 10 bins
    double nll = 0.0; ///< mean negative log-likelihood of the right category
    double meanMicros = 0.0; ///< mean analysis time
    std::array<Bin, 10> bins {};
    QStringList misses; ///< one line per miss: line, labels, answer, title

    /// Accuracy of the answers with confidence at least / below `threshold`
    /// (and how many there were).
    QPair<double, int> accuracyAbove(double threshold) const;
    QPair<double, int> accuracyBelow(double threshold) const;
};

/// Runs `analyst` over `rows`. With `reasons` each miss lists its reasons.
TriageFigures evaluateTriage(const OfflineAnalyst &analyst, const QList<LabelledIncident> &rows, bool reasons = false);

/// The softmax temperature in [from, to] (step `step`) under which the
/// category scores of `rows` give the right categories the highest
/// likelihood. The analyses run once; only the softmax is repeated.
double fitTemperature(const OfflineAnalyst &analyst, const QList<LabelledIncident> &rows, double from = 0.05,
                      double to = 1.0, double step = 0.01);

} // namespace warroom
