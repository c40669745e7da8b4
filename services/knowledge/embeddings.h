#pragma once

#include "classification.h"
#include "result.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <vector>

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

/// Where the optional embeddings come from (config `knowledge.embeddings`).
struct EmbeddingsConfig
{
    bool enabled = false;
    QUrl baseUrl; ///< e.g. http://127.0.0.1:8080 (the client adds /v1/embeddings)
    QString model;
    QString apiKeyEnv; ///< the name of the environment variable holding the key; empty: no key
    int timeoutMs = 5000;
    int batchSize = 64;
};

/// A client of an OpenAI-compatible `POST /v1/embeddings` endpoint.
///
/// embed() blocks the calling thread (it runs its own event loop and
/// network manager, so any thread with no other duty may call it: a triage
/// worker, a start-up task) and never throws: a refused connection, an
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

/// BM25 fused with embeddings by reciprocal rank (k = 60) when embeddings
/// are enabled and the index is built; BM25 alone otherwise, and whenever
/// the endpoint fails or times out, without an error for the caller.
class HybridRetriever
{
public:
    HybridRetriever(const KnowledgeBase &kb, const EmbeddingsClient *client, const SemanticIndex *index);

    QList<KnowledgeMatch> search(const QString &text, int limit, const QStringList &kinds = {}) const;
    /// Why the last search used BM25 alone (empty when it fused).
    QString lastFallback() const { return m_lastFallback; }

private:
    const KnowledgeBase &m_kb;
    const EmbeddingsClient *m_client;
    const SemanticIndex *m_index;
    mutable QString m_lastFallback;
};

} // namespace warroom
