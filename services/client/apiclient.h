#pragma once

#include <QFuture>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace warroom {

/// One answer of the coordinator's HTTP API.
struct ApiResponse
{
    int status = 0; ///< HTTP status, 0 when no answer arrived
    QByteArray body;
    QJsonObject json; ///< the body when it is a JSON object
    QString networkError; ///< why no answer arrived

    bool ok() const { return status >= 200 && status < 300; }
    /// A sentence for people: the server's {"error"} or the network error.
    QString errorMessage() const;
};

/// The REST client the console and warroomctl share. Every call returns a
/// future fulfilled on this object's thread; nothing blocks.
class ApiClient final : public QObject
{
    Q_OBJECT

public:
    explicit ApiClient(QObject *parent = nullptr);

    void setServer(const QUrl &server) { m_server = server; }
    QUrl server() const { return m_server; }
    void setToken(const QString &token) { m_token = token; }
    bool hasToken() const { return !m_token.isEmpty(); }
    /// Trusts these CA certificates (self-signed coordinators) in addition to the system's.
    void setCaCertificates(const QList<QSslCertificate> &certificates) { m_caCertificates = certificates; }
    /// Request timeout in milliseconds (default 15 s).
    void setTimeout(int ms) { m_timeoutMs = ms; }

    QFuture<ApiResponse> get(const QString &path, const QUrlQuery &query = {});
    QFuture<ApiResponse> post(const QString &path, const QJsonObject &body,
                              const QList<QPair<QByteArray, QByteArray>> &headers = {});
    QFuture<ApiResponse> put(const QString &path, const QJsonObject &body);
    QFuture<ApiResponse> deleteResource(const QString &path, const QUrlQuery &query = {});

    QFuture<ApiResponse> submitIncident(const QJsonObject &incident, const QString &idempotencyKey = {});
    QFuture<ApiResponse> incidents(const QUrlQuery &filter = {});
    QFuture<ApiResponse> incident(qint64 id);
    QFuture<ApiResponse> approve(qint64 id, const QString &step, const QString &comment,
                                 const QString &contentHash = {});
    QFuture<ApiResponse> reject(qint64 id, const QString &step, const QString &reason);
    QFuture<ApiResponse> freeze(const QString &reason);
    QFuture<ApiResponse> unfreeze(const QString &reason = {});
    QFuture<ApiResponse> auditVerify();
    QFuture<ApiResponse> audit(qint64 incidentId, qint64 afterSeq = 0, int limit = 500);

    /// The WebSocket URL of the server (ws:// or wss://, path /ws).
    QUrl webSocketUrl() const;
    QString token() const { return m_token; }

private:
    QFuture<ApiResponse> send(const QByteArray &verb, const QString &path, const QUrlQuery &query,
                              const std::optional<QJsonObject> &body,
                              const QList<QPair<QByteArray, QByteArray>> &headers = {});

    QNetworkAccessManager m_nam;
    QUrl m_server;
    QString m_token;
    QList<QSslCertificate> m_caCertificates;
    int m_timeoutMs = 15000;
};

/// Waits for a future while running an event loop: for command-line tools
/// and tests only, never in the console.
ApiResponse waitFor(const QFuture<ApiResponse> &future);

} // namespace warroom
