#pragma once

#include "classification.h"
#include "incident.h"
#include "knowledgebase.h"
#include "plan.h"

#include <memory>

namespace warroom {

/// `pattern` with a \b in front when every match of it must start at a
/// word boundary anyway (each top-level alternative, or a non-optional
/// group's each alternative, starts with \b): the same matches, but PCRE
/// gives up inside a word at once instead of trying every alternative there.
/// Any other pattern comes back unchanged.
QString hoistWordBoundary(const QString &pattern);

/// What triage concluded for one incident.
struct TriageResult
{
    Classification classification;
    QList<KnowledgeMatch> matches; ///< KBAs, DIPs, validations, policies
    QList<KnowledgeMatch> similar; ///< past incidents
    Plan plan; ///< from the best DIP, or an escalation
    /// The raw score of every category (before the softmax), best first,
    /// then "none of them" (an empty name, OfflineAnalyst::kNoneScore):
    /// what the confidence is computed from, for calibration tools.
    QList<QPair<QString, double>> scores;
};

/// The offline analyst: retrieval plus rules, deterministic, no LLM.
///
/// Category: each category is scored by its best three retrieved documents
/// (one search per kind, fused with embeddings when the knowledge base has
/// them; weighted by score, kind and the strength of the best match, the
/// n-th counting 1/n), the best matches of the title alone add to theirs,
/// cue terms, affirmed phrase families and named third-party services add
/// to it, and a softmax over the categories and "none of them" (fitted
/// temperature) turns the scores into a confidence. MIM review: the five
/// rules of the taxonomy and the cases it names as not requiring review,
/// written over who is affected, how many and what they cannot do,
/// negation- and scope-aware, each a named reason with its weight.
/// docs/triage.md lists the signals and weights. Plan: the best DIP of the
/// category with its variables filled from the incident; when none matches
/// well enough, or the category is uncertain, an escalation with manual
/// steps instead of a guess.
class OfflineAnalyst
{
public:
    explicit OfflineAnalyst(const KnowledgeBase &knowledge);

    TriageResult analyse(const Incident &incident) const;

    /// The rules' regular expressions that do not compile (empty when all
    /// do); a broken one would silently never match.
    static QStringList patternErrors();
    /// Every rule pattern as compiled (word boundaries hoisted), for tests
    /// of what their prefilters (LiteralPrefilter) let through.
    static QStringList patternSources();

    /// The text retrieval searches with: lower case; a negated quantifier
    /// ("not a single customer") out, since it says how many, not what about;
    /// names of things (IPv4 and IPv6 addresses, host, domain and e-mail
    /// names, a URL's or UNC path's host, hex digests, UUIDs, also defanged)
    /// out, since they say nothing about what happened; of the host, user and
    /// indicator lists the cyber mapping appends, the items that are names
    /// (one word, or "type: value") out. With a `catalogue`, a
    /// host or domain name's labels that name a service of it (an alias such
    /// as `stripe` in `api.stripe.com`, or `checkout.com` whole) stay.
    static QString retrievalText(const QString &text, const KnowledgeBase *catalogue = nullptr);

    /// The softmax includes "none of the categories" with this score: a
    /// category's confidence is high only when its evidence is clearly more
    /// than that (about one strong phrase and a weak match).
    static constexpr double kNoneScore = 0.8;
    /// The BM25 score of a typical strong match (the median best match on
    /// the labelled sets is about 17); weaker best matches count less.
    static constexpr double kStrongMatchScore = 12.0;
    /// A plan from a DIP needs at least this confidence in the category ...
    static constexpr double kPlanConfidence = 0.4;
    /// ... and this lead over the runner-up; otherwise people are asked.
    static constexpr double kPlanMargin = 0.1;

    /// The softmax temperature (lower: more confident).
    void setTemperature(double t) { m_temperature = t; }
    double temperature() const { return m_temperature; }

private:
    struct DipSteps;
    const KnowledgeBase &m_knowledge;
    std::shared_ptr<const DipSteps> m_dipSteps; ///< every DIP's steps, read once
    double m_temperature = 0.19; ///< fitted on tests/data/triage/incidents-holdout.jsonl (triage_eval)
};

} // namespace warroom
