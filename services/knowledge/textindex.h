#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>
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
    /// The term one lower-case word (as split by terms()) becomes, or an
    /// empty string when it is dropped (stop word, number, one letter).
    static QString termOf(const QString &lowerWord);
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
/// per document.
///
/// Compact and partitioned: terms are ids, a posting is 12 bytes (document
/// number, the four field frequencies and the precomputed impact), and every document belongs to a
/// partition (the knowledge base uses one per kind) with postings of its
/// own, so a search for one kind never walks another kind's lists. The IDF
/// is global, so scores of different partitions compare. Top-k search is
/// document-at-a-time with MaxScore pruning: lists whose best possible
/// contribution cannot lift a document into the current top k are only
/// probed for candidates, never walked.
///
/// Documents can be added at any time; finish() (re)computes the length
/// norms, IDFs and bounds and must run before searching. After finish() the
/// index is read-only and safe to query from any thread.
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
    static constexpr int kMaxPartitions = 16;
    static constexpr quint32 kAllPartitions = 0xffffffffu;

    TextIndex() = default;
    explicit TextIndex(Params params)
        : m_params(params)
    { }

    /// Adds a document to `partition` (0..15); returns its number (0, 1, 2, ...).
    int add(const IndexedFields &fields, int partition = 0);
    /// Makes room for `n` documents in all.
    void reserve(qsizetype n)
    {
        m_docPartition.reserve(size_t(n));
        m_docLength.reserve(size_t(n));
    }
    /// Computes norms, IDFs and bounds; call after the last add() and before search().
    void finish();
    int size() const { return int(m_docPartition.size()); }
    qsizetype termCount() const { return m_termIds.size(); }
    qsizetype postingCount() const;

    /// At most `n` of `queryTerms` that say the most: by how often the query
    /// repeats them times their IDF (as "more like this" queries do), in
    /// their first order. Long incident texts become short queries.
    QStringList salientTerms(const QStringList &queryTerms, int n) const;

    /// The `limit` best documents for `query` (terms from Tokenizer::terms)
    /// among the partitions whose bit is set in `partitions`.
    QList<TextHit> search(const QStringList &queryTerms, int limit, quint32 partitions = kAllPartitions) const;

private:
    struct TermLists
    {
        std::vector<qint32> docs; ///< ascending
        std::vector<std::array<quint8, 4>> tf; ///< per field, saturated at 255
        std::vector<float> impacts; ///< the BM25F contribution, set by finish()
        float maxImpact = 0.0f;
    };
    struct Partition
    {
        std::vector<TermLists> terms; ///< by term id
    };

    int termId(const QString &word);
    float impact(int doc, const std::array<quint8, 4> &tf, float idf) const;
    void searchPartition(const Partition &part, const std::vector<std::pair<int, float>> &query, int limit,
                         std::vector<std::pair<float, int>> &heap) const;

    Params m_params;
    QHash<QString, int> m_termIds; ///< canonical term -> id
    QHash<QString, int> m_wordCache; ///< lower-case word -> term id, -1 when dropped
    std::vector<float> m_idf; ///< by term id
    std::vector<Partition> m_partitions;
    std::vector<quint8> m_docPartition;
    std::vector<std::array<quint16, 4>> m_docLength;
    std::vector<std::array<float, 4>> m_docNorm; ///< boost / length norm, per field
    bool m_finished = false;
};

} // namespace warroom
