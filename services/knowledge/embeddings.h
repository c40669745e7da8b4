#pragma once

#include "classification.h"
#include "result.h"

#include <QHash>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <vector>

namespace YAML {
class Node;
}

namespace warroom {

class KnowledgeBase;

/// One entry of a ranked list: a document id and its score in that list.
struct RankedHit
{
    QString id;
    double score = 0.0;
    bool operator==(const RankedHit &) const = default;
};

/// Reciprocal rank fusion (Cormack et al. 2009): each document scores
/// sum over the lists of 1 / (k + rank), rank counting from 1; a document
/// a list names twice counts at its best rank. Best first; equal scores in
/// the order the documents first appear. Pure, no I/O.
QList<RankedHit> reciprocalRankFusion(const QList<QList<RankedHit>> &lists, int k = 60);

/// Where the optional embeddings come from (config `knowledge.embeddings`):
///
///     knowledge:
///       embeddings:
///         enabled: false
///         base_url: http://127.0.0.1:8080   # /v1/embeddings is appended
///         model: text-embedding-3-small
///         api_key_env: WARROOM_EMBEDDINGS_API_KEY   # the variable's name, never the key
///         timeout_ms: 5000         # per batch while the documents are embedded
///         query_timeout_ms: 1500   # per query (knowledge search, triage)
///         batch_size: 64
///
/// WARROOM_EMBEDDINGS_BASE_URL (turns them on) and WARROOM_EMBEDDINGS_MODEL
/// override the file.
struct EmbeddingsConfig
{
    bool enabled = false;
    QUrl baseUrl; ///< e.g. http://127.0.0.1:8080 (the client adds /v1/embeddings)
    QString model;
    QString apiKeyEnv = QStringLiteral("WARROOM_EMBEDDINGS_API_KEY"); ///< the variable's name; empty: no key
    int timeoutMs = 5000;
    int queryTimeoutMs = 1500;
    int batchSize = 64;
    /// After a failed query the endpoint is left alone this long (BM25 only).
    int retryAfterMs = 30000;

    /// Reads the `knowledge.embeddings` mapping; unknown keys and bad values
    /// are errors (the caller adds file and line).
    static Expected<EmbeddingsConfig> fromYaml(const YAML::Node &node);
    void applyEnvironment(const QProcessEnvironment &env);
    /// Enabled needs an http(s) base URL with a host and a model; the key
    /// is never sent over plain HTTP to anything but loopback.
    Status validate() const;
};

/// A client of an OpenAI-compatible `POST /v1/embeddings` endpoint.
///
/// embed() blocks the calling thread (it runs its own event loop and
/// network manager, so any thread with no other duty may call it: a
/// start-up task, a worker) and never throws: a refused connection, an
/// HTTP error, a time-out or a malformed answer is an Error.
class EmbeddingsClient
{
public:
    explicit EmbeddingsClient(EmbeddingsConfig config);

    const EmbeddingsConfig &config() const { return m_config; }
    QUrl endpoint() const;

    /// One vector per text, in the order of `texts`.
    Expected<QList<std::vector<float>>> embed(const QStringList &texts) const;

private:
    EmbeddingsConfig m_config;
};

/// Vectors of the knowledge documents (not the past incidents), kept in
/// memory, unit length, searched by cosine similarity.
class SemanticIndex
{
public:
    /// Embeds the documents of `kinds` in batches. On any failure the index
    /// stays empty (callers then use BM25 alone) and the error is returned.
    Expected<int> build(const KnowledgeBase &kb, const EmbeddingsClient &client,
                        const QStringList &kinds = {QStringLiteral("kba"), QStringLiteral("dip"),
                                                    QStringLiteral("validation"), QStringLiteral("policy")});
    void add(const QString &docId, std::vector<float> vector);
    qsizetype size() const { return m_ids.size(); }
    bool isEmpty() const { return m_ids.isEmpty(); }

    /// The `limit` documents most similar to `query` (cosine), best first.
    QList<RankedHit> search(const std::vector<float> &query, int limit) const;

private:
    QStringList m_ids;
    std::vector<float> m_vectors; ///< m_ids.size() rows of m_dimensions
    size_t m_dimensions = 0;
};

/// How fuseMatches() scores the fused list.
enum class FusedScore {
    Rrf, ///< each match scores its reciprocal-rank-fusion sum
    /// the n-th fused match gets the n-th BM25 score (past the end of the
    /// BM25 list its last score; without any BM25 match the cosine
    /// similarity): the order is the fusion's, the scale stays BM25's (the
    /// analyst weighs matches by their ratio to the best)
    LexicalScale,
};

/// A BM25 ranking fused with a semantic one by reciprocal rank (k = 60),
/// best first, at most `limit`. A document BM25 found keeps its match (and
/// matched terms, the provenance); one found by meaning alone has no
/// matched terms. With an empty `semantic` list: `bm25` unchanged.
QList<KnowledgeMatch> fuseMatches(const KnowledgeBase &kb, const QList<KnowledgeMatch> &bm25,
                                  const QList<RankedHit> &semantic, int limit, FusedScore scores);

/// The embeddings side of retrieval as the daemon uses it: the client, the
/// document vectors and a breaker. Attached to a KnowledgeBase
/// (setSemanticSearch) it makes KnowledgeBase::search() and the offline
/// analyst fuse BM25 with embeddings; whenever the endpoint fails, times out
/// or answers badly they fall back to BM25 and say why.
///
/// Queries run on the search's own thread while the caller waits (at most
/// query_timeout_ms): the caller's event loop is never re-entered, so the
/// daemon's request handlers stay ordered. Safe to call from any thread.
class SemanticSearch
{
public:
    explicit SemanticSearch(EmbeddingsConfig config);
    ~SemanticSearch();
    SemanticSearch(const SemanticSearch &) = delete;
    SemanticSearch &operator=(const SemanticSearch &) = delete;

    const EmbeddingsConfig &config() const { return m_config; }
    /// Embeds the knowledge documents (blocking; at start-up). On an error
    /// nothing is kept and every query falls back to BM25.
    Expected<int> build(const KnowledgeBase &kb);
    void setIndex(SemanticIndex index) { m_index = std::move(index); }
    qsizetype size() const { return m_index.size(); }

    /// The documents of `kinds` (all when empty) most like `text`, best
    /// first, from one query embedding. Empty, with the reason in `why`,
    /// when disabled, without vectors, within retry_after of a failure, or
    /// when the endpoint fails now.
    QList<RankedHit> similar(const KnowledgeBase &kb, const QString &text, int limit, const QStringList &kinds,
                             QString *why = nullptr) const;
    /// Queries sent, and how many of them failed.
    int queries() const;
    int failures() const;

private:
    EmbeddingsConfig m_config;
    SemanticIndex m_index;
    struct Worker;
    std::unique_ptr<Worker> m_worker;
};

} // namespace warroom
