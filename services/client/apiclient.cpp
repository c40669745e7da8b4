#include "apiclient.h"

#include <QEventLoop>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPromise>
#include <QSslConfiguration>

#include <memory>

using namespace Qt::StringLiterals;

namespace warroom {

QString ApiResponse::errorMessage() const
{
    if (status == 0)
        return networkError.isEmpty() ? u"no answer from the server"_s : networkError;
    const QString error = json.value(u"error"_s).toString();
    if (!error.isEmpty())
        return u"%1 (HTTP %2)"_s.arg(error).arg(status);
    return u"HTTP %1"_s.arg(status);
}

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_server(u"http://127.0.0.1:8765"_s)
{ }

QFuture<ApiResponse> ApiClient::send(const QByteArray &verb, const QString &path, const QUrlQuery &query,
                                     const std::optional<QJsonObject> &body,
                                     const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QUrl url = m_server;
    url.setPath(path);
    // QUrlQuery leaves a '+' as it is, and the server reads a query as a
    // form does ('+' is a space): a plus in a value goes as %2B.
    QString encoded = query.query(QUrl::FullyEncoded);
    encoded.replace(u'+', u"%2B"_s);
    url.setQuery(encoded, QUrl::StrictMode);
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setRawHeader("Accept", "application/json");
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    if (!m_caCertificates.isEmpty() && url.scheme() == "https"_L1) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(m_caCertificates);
        request.setSslConfiguration(ssl);
    }
    QByteArray payload;
    if (body) {
        payload = QJsonDocument(*body).toJson(QJsonDocument::Compact);
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    }
    auto promise = std::make_shared<QPromise<ApiResponse>>();
    promise->start();
    QNetworkReply *reply = m_nam.sendCustomRequest(request, verb, payload);
    connect(reply, &QNetworkReply::finished, this, [reply, promise] {
        ApiResponse r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        if (r.status == 0) {
            // Say where: "cannot reach http://127.0.0.1:8765: Connection refused", not the error alone.
            const QUrl where = reply->url().adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveUserInfo);
            r.networkError = u"cannot reach %1: %2"_s.arg(where.toString(), reply->errorString());
        }
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        if (doc.isObject())
            r.json = doc.object();
        promise->addResult(r);
        promise->finish();
        reply->deleteLater();
    });
    return promise->future();
}

QFuture<ApiResponse> ApiClient::get(const QString &path, const QUrlQuery &query)
{
    return send("GET", path, query, std::nullopt);
}

QFuture<ApiResponse> ApiClient::post(const QString &path, const QJsonObject &body,
                                     const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return send("POST", path, {}, body, headers);
}

QFuture<ApiResponse> ApiClient::put(const QString &path, const QJsonObject &body)
{
    return send("PUT", path, {}, body);
}

QFuture<ApiResponse> ApiClient::deleteResource(const QString &path, const QUrlQuery &query)
{
    return send("DELETE", path, query, std::nullopt);
}

QFuture<ApiResponse> ApiClient::submitIncident(const QJsonObject &incident, const QString &idempotencyKey)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!idempotencyKey.isEmpty())
        headers.append({QByteArray("Idempotency-Key"), idempotencyKey.toUtf8()});
    return post(u"/api/v1/incidents"_s, incident, headers);
}

QFuture<ApiResponse> ApiClient::incidents(const QUrlQuery &filter)
{
    return get(u"/api/v1/incidents"_s, filter);
}

QFuture<ApiResponse> ApiClient::incident(qint64 id)
{
    return get(u"/api/v1/incidents/%1"_s.arg(id));
}

QFuture<ApiResponse> ApiClient::approve(qint64 id, const QString &step, const QString &comment,
                                        const QString &contentHash)
{
    QJsonObject body {{u"comment"_s, comment}};
    if (!contentHash.isEmpty())
        body.insert(u"content_hash"_s, contentHash);
    return post(u"/api/v1/incidents/%1/steps/%2/approve"_s.arg(id).arg(step), body);
}

QFuture<ApiResponse> ApiClient::reject(qint64 id, const QString &step, const QString &reason)
{
    return post(u"/api/v1/incidents/%1/steps/%2/reject"_s.arg(id).arg(step), {{u"reason"_s, reason}});
}

QFuture<ApiResponse> ApiClient::freeze(const QString &reason)
{
    return post(u"/api/v1/freeze"_s, {{u"reason"_s, reason}});
}

QFuture<ApiResponse> ApiClient::unfreeze(const QString &reason)
{
    QUrlQuery q;
    if (!reason.isEmpty())
        q.addQueryItem(u"reason"_s, reason);
    return deleteResource(u"/api/v1/freeze"_s, q);
}

QFuture<ApiResponse> ApiClient::auditVerify()
{
    return get(u"/api/v1/audit/verify"_s);
}

QFuture<ApiResponse> ApiClient::audit(qint64 incidentId, qint64 afterSeq, int limit)
{
    QUrlQuery q;
    if (incidentId > 0)
        q.addQueryItem(u"incident"_s, QString::number(incidentId));
    q.addQueryItem(u"after"_s, QString::number(afterSeq));
    q.addQueryItem(u"limit"_s, QString::number(limit));
    return get(u"/api/v1/audit"_s, q);
}

QUrl ApiClient::webSocketUrl() const
{
    QUrl url = m_server;
    url.setScheme(m_server.scheme() == "https"_L1 ? u"wss"_s : u"ws"_s);
    url.setPath(u"/ws"_s);
    return url;
}

ApiResponse waitFor(const QFuture<ApiResponse> &future)
{
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<ApiResponse> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    return future.result();
}

} // namespace warroom
