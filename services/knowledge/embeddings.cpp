#include "embeddings.h"

#include "knowledgebase.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QThread>
#include <QTimer>

#include <yaml-cpp/yaml.h>

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

QList<KnowledgeMatch> fuseMatches(const KnowledgeBase &kb, const QList<KnowledgeMatch> &bm25,
                                  const QList<RankedHit> &semantic, int limit, FusedScore scores)
{
    if (semantic.isEmpty())
        return bm25.mid(0, limit);
    QList<RankedHit> lexical;
    QHash<QString, KnowledgeMatch> byId;
    for (const KnowledgeMatch &m : bm25) {
        lexical.append(RankedHit {m.docId, m.score});
        byId.insert(m.docId, m);
    }
    QHash<QString, double> cosine;
    for (const RankedHit &h : semantic)
        cosine.insert(h.id, h.score);
    QList<KnowledgeMatch> out;
    for (const RankedHit &h : reciprocalRankFusion({lexical, semantic}, 60)) {
        KnowledgeMatch m;
        if (const auto it = byId.constFind(h.id); it != byId.constEnd()) {
            m = *it;
        } else if (const KnowledgeDoc *doc = kb.document(h.id)) {
            m = KnowledgeMatch {doc->id, doc->kind, doc->title, 0.0, {}};
        } else {
            continue; // a vector of a document no longer known
        }
        if (scores == FusedScore::Rrf)
            m.score = h.score;
        else if (bm25.isEmpty()) // no lexical scale at all: the similarity itself
            m.score = std::max(0.0, cosine.value(h.id));
        else
            m.score = bm25.at(std::min(out.size(), bm25.size() - 1)).score;
        out.append(m);
        if (out.size() >= limit)
            break;
    }
    return out;
}

Expected<EmbeddingsConfig> EmbeddingsConfig::fromYaml(const YAML::Node &node)
{
    EmbeddingsConfig c;
    if (!node.IsMap())
        return Error {ErrorCode::InvalidInput, u"knowledge.embeddings must be a mapping"_s};
    static const QStringList known {u"enabled"_s,    u"base_url"_s,         u"model"_s,      u"api_key_env"_s,
                                    u"timeout_ms"_s, u"query_timeout_ms"_s, u"batch_size"_s, u"retry_after_ms"_s};
    try {
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString key = QString::fromStdString(it->first.as<std::string>());
            if (!known.contains(key))
                return Error {ErrorCode::InvalidInput,
                              u"knowledge.embeddings: unknown key \"%1\" (known: %2)"_s.arg(key, known.join(u", "_s))};
        }
        auto text = [&](const char *key) { return QString::fromStdString(node[key].as<std::string>()); };
        if (node["enabled"])
            c.enabled = node["enabled"].as<bool>();
        if (node["base_url"])
            c.baseUrl = QUrl(text("base_url"), QUrl::StrictMode);
        if (node["model"])
            c.model = text("model");
        if (node["api_key_env"])
            c.apiKeyEnv = text("api_key_env");
        if (node["timeout_ms"])
            c.timeoutMs = node["timeout_ms"].as<int>();
        if (node["query_timeout_ms"])
            c.queryTimeoutMs = node["query_timeout_ms"].as<int>();
        if (node["batch_size"])
            c.batchSize = node["batch_size"].as<int>();
        if (node["retry_after_ms"])
            c.retryAfterMs = node["retry_after_ms"].as<int>();
    } catch (const YAML::Exception &e) {
        return Error {ErrorCode::InvalidInput,
                      u"knowledge.embeddings: %1 (line %2)"_s.arg(QString::fromStdString(e.msg)).arg(e.mark.line + 1)};
    }
    return c;
}

void EmbeddingsConfig::applyEnvironment(const QProcessEnvironment &env)
{
    if (const QString url = env.value(u"WARROOM_EMBEDDINGS_BASE_URL"_s); !url.isEmpty()) {
        baseUrl = QUrl(url, QUrl::StrictMode);
        enabled = true;
    }
    if (const QString name = env.value(u"WARROOM_EMBEDDINGS_MODEL"_s); !name.isEmpty())
        model = name;
}

Status EmbeddingsConfig::validate() const
{
    auto bad = [](const QString &why) { return Error {ErrorCode::InvalidInput, u"knowledge.embeddings: "_s + why}; };
    if (timeoutMs < 100 || timeoutMs > 600000 || queryTimeoutMs < 50 || queryTimeoutMs > 60000)
        return bad(u"timeout_ms must be 100..600000 and query_timeout_ms 50..60000"_s);
    if (batchSize < 1 || batchSize > 2048)
        return bad(u"batch_size must be 1..2048"_s);
    if (retryAfterMs < 0 || retryAfterMs > 3600000)
        return bad(u"retry_after_ms must be 0..3600000"_s);
    if (!enabled)
        return {};
    if (!baseUrl.isValid() || (baseUrl.scheme() != "http"_L1 && baseUrl.scheme() != "https"_L1)
        || baseUrl.host().isEmpty())
        return bad(u"base_url \"%1\" must be an http(s) URL"_s.arg(baseUrl.toString()));
    if (model.isEmpty())
        return bad(u"enabled embeddings need a model"_s);
    if (baseUrl.scheme() == "http"_L1 && !apiKeyEnv.isEmpty() && qEnvironmentVariableIsSet(apiKeyEnv.toLocal8Bit())) {
        const QString host = baseUrl.host();
        if (host != "localhost"_L1 && !QHostAddress(host).isLoopback())
            return bad(u"refusing to send the key in $%1 over plain HTTP to %2: use https"_s.arg(apiKeyEnv, host));
    }
    return {};
}

/// The thread queries run on, and the breaker's state.
struct SemanticSearch::Worker
{
    QThread thread;
    QObject context; ///< lives on `thread`: what queries are queued to
    mutable QMutex mutex;
    QDeadlineTimer retryAt {0}; ///< expired: the endpoint may be asked
    QString lastFailure;
    int queries = 0;
    int failures = 0;
};

SemanticSearch::SemanticSearch(EmbeddingsConfig config)
    : m_config(std::move(config))
    , m_worker(std::make_unique<Worker>())
{
    m_worker->thread.setObjectName(u"embeddings"_s);
    m_worker->context.moveToThread(&m_worker->thread);
    m_worker->thread.start();
}

SemanticSearch::~SemanticSearch()
{
    m_worker->thread.quit();
    m_worker->thread.wait();
    // The context was moved to the thread; it is destroyed here, after it stopped.
}

Expected<int> SemanticSearch::build(const KnowledgeBase &kb)
{
    if (!m_config.enabled)
        return Error {ErrorCode::InvalidInput, u"embeddings are disabled"_s};
    SemanticIndex index;
    const Expected<int> built = index.build(kb, EmbeddingsClient(m_config));
    if (built)
        m_index = std::move(index);
    return built;
}

int SemanticSearch::queries() const
{
    QMutexLocker lock(&m_worker->mutex);
    return m_worker->queries;
}

int SemanticSearch::failures() const
{
    QMutexLocker lock(&m_worker->mutex);
    return m_worker->failures;
}

QList<RankedHit> SemanticSearch::similar(const KnowledgeBase &kb, const QString &text, int limit,
                                         const QStringList &kinds, QString *why) const
{
    auto fallback = [why](const QString &reason) {
        if (why)
            *why = reason;
        return QList<RankedHit> {};
    };
    if (!m_config.enabled)
        return fallback(u"embeddings are disabled"_s);
    if (m_index.isEmpty())
        return fallback(u"no document vectors (the documents could not be embedded at start-up)"_s);
    if (QThread::currentThread() == &m_worker->thread)
        return fallback(u"embeddings queried from their own thread"_s);
    {
        QMutexLocker lock(&m_worker->mutex);
        if (!m_worker->retryAt.hasExpired())
            return fallback(u"the embeddings endpoint failed %1 ms ago (%2); BM25 only for now"_s.arg(
                QString::number(m_config.retryAfterMs - m_worker->retryAt.remainingTime()), m_worker->lastFailure));
        ++m_worker->queries;
    }
    EmbeddingsConfig queryConfig = m_config;
    queryConfig.timeoutMs = m_config.queryTimeoutMs;
    const EmbeddingsClient client(queryConfig);
    Expected<QList<std::vector<float>>> vectors = Error {ErrorCode::Unavailable, u"not run"_s};
    // Run on the worker's thread; this thread waits without an event loop.
    const bool queued = QMetaObject::invokeMethod(
        &m_worker->context, [&] { vectors = client.embed({text.left(4000)}); }, Qt::BlockingQueuedConnection);
    QString failure;
    if (!queued)
        failure = u"the embeddings thread is not running"_s;
    else if (!vectors)
        failure = vectors.error().message;
    else if (vectors->isEmpty())
        failure = u"no query vector"_s;
    if (!failure.isEmpty()) {
        QMutexLocker lock(&m_worker->mutex);
        ++m_worker->failures;
        m_worker->lastFailure = failure;
        m_worker->retryAt = QDeadlineTimer(m_config.retryAfterMs);
        return fallback(failure);
    }
    QList<RankedHit> out;
    for (const RankedHit &h : m_index.search(vectors->first(), std::max(limit * 4, 40))) {
        if (h.score <= 0.0)
            break; // nothing in common
        const KnowledgeDoc *doc = kb.document(h.id);
        if (doc && (kinds.isEmpty() || kinds.contains(doc->kind)))
            out.append(h);
        if (out.size() >= limit)
            break;
    }
    if (why)
        why->clear();
    return out;
}

} // namespace warroom
