#include "embeddings.h"

#include "knowledgebase.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace warroom {

QList<RankedHit> reciprocalRankFusion(const QList<QList<RankedHit>> &lists, int k)
{
    QHash<QString, qsizetype> at;
    QList<RankedHit> fused;
    for (const QList<RankedHit> &list : lists) {
        QSet<QString> seen;
        for (qsizetype rank = 0; rank < list.size(); ++rank) {
            const QString &id = list.at(rank).id;
            if (seen.contains(id))
                continue; // counted at its best (first) rank in this list
            seen.insert(id);
            const double contribution = 1.0 / double(k + rank + 1);
            const auto it = at.constFind(id);
            if (it == at.constEnd()) {
                at.insert(id, fused.size());
                fused.append(RankedHit {id, contribution});
            } else {
                fused[*it].score += contribution;
            }
        }
    }
    std::stable_sort(fused.begin(), fused.end(),
                     [](const RankedHit &a, const RankedHit &b) { return a.score > b.score; });
    return fused;
}

EmbeddingsClient::EmbeddingsClient(EmbeddingsConfig config)
    : m_config(std::move(config))
{ }

QUrl EmbeddingsClient::endpoint() const
{
    QUrl url = m_config.baseUrl;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    // Accept a base URL given with or without the /v1 suffix.
    url.setPath(path.endsWith(u"/v1"_s) ? path + u"/embeddings"_s : path + u"/v1/embeddings"_s);
    return url;
}

Expected<QList<std::vector<float>>> EmbeddingsClient::embed(const QStringList &texts) const
{
    if (!m_config.baseUrl.isValid() || m_config.baseUrl.scheme().isEmpty())
        return Error {ErrorCode::InvalidInput, u"embeddings: no valid base URL is configured"_s};
    if (texts.isEmpty())
        return QList<std::vector<float>> {};
    QNetworkAccessManager network;
    QNetworkRequest request(endpoint());
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setTransferTimeout(m_config.timeoutMs);
    if (!m_config.apiKeyEnv.isEmpty()) {
        const QByteArray key = qgetenv(m_config.apiKeyEnv.toLocal8Bit().constData());
        if (!key.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + key);
    }
    const QJsonObject body {{u"model"_s, m_config.model}, {u"input"_s, QJsonArray::fromStringList(texts)}};
    QNetworkReply *reply = network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    // The transfer timeout covers a stalled transfer; this covers the whole call.
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, reply, &QNetworkReply::abort);
    deadline.start(m_config.timeoutMs + 500);
    if (!reply->isFinished())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError) {
        const QString why
            = reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError
            ? u"timed out after %1 ms"_s.arg(m_config.timeoutMs)
            : reply->errorString();
        return Error {ErrorCode::Unavailable,
                      u"embeddings endpoint %1: %2%3"_s.arg(endpoint().toString(), why,
                                                            status ? u" (HTTP %1)"_s.arg(status) : QString())};
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll(), &parseError);
    const QJsonArray data = doc.object().value(u"data"_s).toArray();
    if (parseError.error != QJsonParseError::NoError || data.size() != texts.size())
        return Error {ErrorCode::Unavailable,
                      u"embeddings endpoint %1: the answer is not a list of %2 embeddings"_s.arg(endpoint().toString())
                          .arg(texts.size())};
    QList<std::vector<float>> out(texts.size());
    size_t dimensions = 0;
    for (const QJsonValue &v : data) {
        const QJsonObject item = v.toObject();
        const qsizetype index = item.value(u"index"_s).toInteger(-1);
        const QJsonArray embedding = item.value(u"embedding"_s).toArray();
        if (index < 0 || index >= texts.size() || !out[index].empty() || embedding.isEmpty()
            || (dimensions && size_t(embedding.size()) != dimensions))
            return Error {ErrorCode::Unavailable,
                          u"embeddings endpoint %1: item %2 has no usable index or vector"_s.arg(endpoint().toString())
                              .arg(index)};
        dimensions = size_t(embedding.size());
        std::vector<float> &vec = out[index];
        vec.reserve(dimensions);
        for (const QJsonValue &x : embedding) {
            if (!x.isDouble())
                return Error {ErrorCode::Unavailable,
                              u"embeddings endpoint %1: a vector holds a non-number"_s.arg(endpoint().toString())};
            vec.push_back(float(x.toDouble()));
        }
    }
    return out;
}

namespace {

void normalise(std::vector<float> &v)
{
    double sum = 0.0;
    for (float x : v)
        sum += double(x) * x;
    const double norm = std::sqrt(sum);
    if (norm > 0.0) {
        for (float &x : v)
            x = float(x / norm);
    }
}

QString embeddingText(const KnowledgeDoc &doc)
{
    const IndexedFields f = indexedFieldsOf(doc);
    // Title, tags and symptoms say what a document is about; the body is cut.
    const QString text = f.title + u". "_s + f.tags + u". "_s + f.symptoms + u' ' + f.body;
    return text.left(2000);
}

} // namespace

void SemanticIndex::add(const QString &docId, std::vector<float> vector)
{
    if (vector.empty() || (m_dimensions && vector.size() != m_dimensions))
        return;
    m_dimensions = vector.size();
    normalise(vector);
    m_ids.append(docId);
    m_vectors.insert(m_vectors.end(), vector.begin(), vector.end());
}

Expected<int> SemanticIndex::build(const KnowledgeBase &kb, const EmbeddingsClient &client, const QStringList &kinds)
{
    m_ids.clear();
    m_vectors.clear();
    m_dimensions = 0;
    QStringList ids;
    QStringList texts;
    for (const KnowledgeDoc &doc : kb.documents()) {
        if (kinds.contains(doc.kind)) {
            ids.append(doc.id);
            texts.append(embeddingText(doc));
        }
    }
    const int batch = std::max(1, client.config().batchSize);
    SemanticIndex built;
    for (qsizetype from = 0; from < texts.size(); from += batch) {
        Expected<QList<std::vector<float>>> vectors = client.embed(texts.mid(from, batch));
        if (!vectors)
            return vectors.error();
        for (qsizetype i = 0; i < vectors->size(); ++i)
            built.add(ids.at(from + i), std::move((*vectors)[i]));
    }
    *this = std::move(built);
    return int(m_ids.size());
}

QList<RankedHit> SemanticIndex::search(const std::vector<float> &query, int limit) const
{
    QList<RankedHit> hits;
    if (query.size() != m_dimensions || m_ids.isEmpty() || limit <= 0)
        return hits;
    std::vector<float> q = query;
    normalise(q);
    std::vector<std::pair<float, qsizetype>> scored;
    scored.reserve(size_t(m_ids.size()));
    for (qsizetype i = 0; i < m_ids.size(); ++i) {
        const float *row = m_vectors.data() + size_t(i) * m_dimensions;
        float dot = 0.0f;
        for (size_t d = 0; d < m_dimensions; ++d)
            dot += row[d] * q[d];
        scored.emplace_back(dot, i);
    }
    const size_t n = std::min(size_t(limit), scored.size());
    std::partial_sort(scored.begin(), scored.begin() + qsizetype(n), scored.end(), [](const auto &a, const auto &b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    for (size_t i = 0; i < n; ++i)
        hits.append(RankedHit {m_ids.at(scored[i].second), double(scored[i].first)});
    return hits;
}

HybridRetriever::HybridRetriever(const KnowledgeBase &kb, const EmbeddingsClient *client, const SemanticIndex *index)
    : m_kb(kb)
    , m_client(client)
    , m_index(index)
{ }

QList<KnowledgeMatch> HybridRetriever::search(const QString &text, int limit, const QStringList &kinds) const
{
    // Fetch deeper than asked from both sides so fusion has something to fuse.
    const int depth = std::max(limit * 2, 20);
    const QList<KnowledgeMatch> bm25 = m_kb.search(text, depth, kinds);
    m_lastFallback.clear();
    if (!m_client || !m_client->config().enabled)
        m_lastFallback = u"embeddings are disabled"_s;
    else if (!m_index || m_index->isEmpty())
        m_lastFallback = u"no document vectors"_s;
    if (!m_lastFallback.isEmpty())
        return bm25.mid(0, limit);
    Expected<QList<std::vector<float>>> query = m_client->embed({text});
    if (!query || query->isEmpty()) {
        m_lastFallback = query ? u"no query vector"_s : query.error().message;
        return bm25.mid(0, limit);
    }
    QList<RankedHit> lexical;
    QHash<QString, KnowledgeMatch> byId;
    for (const KnowledgeMatch &m : bm25) {
        lexical.append(RankedHit {m.docId, m.score});
        byId.insert(m.docId, m);
    }
    QList<RankedHit> semantic;
    for (const RankedHit &h : m_index->search(query->first(), depth * 2)) {
        const KnowledgeDoc *doc = m_kb.document(h.id);
        if (doc && (kinds.isEmpty() || kinds.contains(doc->kind)))
            semantic.append(h);
        if (semantic.size() >= depth)
            break;
    }
    QList<KnowledgeMatch> out;
    for (const RankedHit &h : reciprocalRankFusion({lexical, semantic}, 60)) {
        KnowledgeMatch m;
        if (const auto it = byId.constFind(h.id); it != byId.constEnd()) {
            m = *it;
        } else {
            const KnowledgeDoc *doc = m_kb.document(h.id);
            m = KnowledgeMatch {doc->id, doc->kind, doc->title, 0.0, {}};
        }
        m.score = h.score; // the fused score
        out.append(m);
        if (out.size() >= limit)
            break;
    }
    return out;
}

} // namespace warroom
