#pragma once

#include "classification.h"
#include "incident.h"
#include "knowledgebase.h"
#include "plan.h"

namespace warroom {

/// What triage concluded for one incident.
struct TriageResult
{
    Classification classification;
    QList<KnowledgeMatch> matches; ///< KBAs, DIPs, validations, policies
    QList<KnowledgeMatch> similar; ///< past incidents
    Plan plan; ///< from the best DIP, or an escalation
    /// The raw score of every category (before the softmax), best first:
    /// what the confidence is computed from, for calibration tools.
    QList<QPair<QString, double>> scores;
};

/// The offline analyst: retrieval plus rules, deterministic, no LLM.
///
/// Category: each category is scored by its best three retrieved documents
/// (one search per kind; weighted by score and kind, the n-th counting
/// 1/n), the best matches of the title alone add to theirs, cue terms,
/// affirmed category phrases and named third-party services add to it, and
/// a softmax (temperature 0.25) turns the scores into a confidence. MIM
/// review: the five rules of the taxonomy and the cases it names as not
/// requiring review, negation-aware, each a named reason with its weight.
/// docs/triage.md lists the signals and weights. Plan: the best DIP of the category with
/// its variables filled; when none matches well enough, an escalation with
/// manual steps instead of a guess.
class OfflineAnalyst
{
public:
    explicit OfflineAnalyst(const KnowledgeBase &knowledge);

    TriageResult analyse(const Incident &incident) const;

    /// The rules' regular expressions that do not compile (empty when all
    /// do); a broken one would silently never match.
    static QStringList patternErrors();

    /// A plan from a DIP needs at least this confidence in the category ...
    static constexpr double kPlanConfidence = 0.4;
    /// ... and this lead over the runner-up; otherwise people are asked.
    static constexpr double kPlanMargin = 0.1;

    /// The softmax temperature (lower: more confident).
    void setTemperature(double t) { m_temperature = t; }
    double temperature() const { return m_temperature; }

private:
    const KnowledgeBase &m_knowledge;
    double m_temperature = 0.25;
};

} // namespace warroom
