#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace warroom {

/// Splits text into lower-case terms, drops stop words, folds plurals and
/// maps the trade's synonyms to one term (saml, idp, okta -> sso; oom,
/// oomkilled -> memory; 500, 502, 503 -> 5xx ...), so "SAML login loop" and
/// "SSO redirect loop" meet.
class Tokenizer
{
public:
    static QStringList terms(QStringView text);
    /// The canonical term for one lower-case word (itself if none).
    static QString canonical(const QString &word);
};

/// One document's fields as the index sees them.
struct IndexedFields
{
    QString title;
    QString tags; ///< tags and service names
    QString symptoms;
    QString body;
};

/// A ranked hit with the query terms that matched it (its provenance).
struct TextHit
{
    int doc = -1;
    double score = 0.0;
    QStringList matchedTerms;
};

/// BM25F over four fields with boosts (title 3, tags/service 2.5,
/// symptoms 1.5, body 1): per-field length normalisation, one saturation
/// per document. Built once, then read-only and safe to query from any
/// thread.
class TextIndex
{
public:
    struct Params
    {
        double k1 = 1.2;
        double b = 0.75;
        double titleBoost = 3.0;
        double tagBoost = 2.5;
        double symptomBoost = 1.5;
        double bodyBoost = 1.0;
    };

    TextIndex() = default;
    explicit TextIndex(Params params)
        : m_params(params)
    { }

    /// Adds a document; returns its number (0, 1, 2, ...).
    int add(const IndexedFields &fields);
    /// Computes the per-document weights; call after the last add().
    void finish();
    int size() const { return m_docCount; }

    /// The `limit` best documents for `query` (terms from Tokenizer::terms).
    QList<TextHit> search(const QStringList &queryTerms, int limit) const;

private:
    struct Posting
    {
        int doc;
        float weight; ///< boosted, length-normalised term frequency
    };
    struct Pending
    {
        QHash<QString, float> tf[4];
        int length[4] = {0, 0, 0, 0};
    };

    Params m_params;
    QHash<QString, std::vector<Posting>> m_postings;
    QHash<QString, double> m_idf;
    std::vector<Pending> m_pending;
    int m_docCount = 0;
};

} // namespace warroom
