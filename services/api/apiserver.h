#pragma once

#include "authenticator.h"
#include "config.h"
#include "coordinator.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHash>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QWebSocket;

namespace warroom {

/// What a route answers: a status, a body and extra headers.
struct HttpReply
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpReply json(const QJsonObject &object, int status = 200);
    static HttpReply error(int status, const QString &message);
    static HttpReply fromError(const Error &error);
};

/// Parses a request body that must be a JSON object (an empty body is {}).
Expected<QJsonObject> bodyObject(const QHttpServerRequest &request);

/// The coordinator's HTTP and WebSocket API on one port (optionally TLS).
///
/// Every route but /healthz needs `Authorization: Bearer TOKEN`. Errors are
/// JSON `{"error": "..."}` with 400/401/403/404/405/409/413/500/503.
class ApiServer final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    ApiServer(Coordinator &coordinator, const Authenticator &auth, const Config &config, QObject *parent = nullptr);
    ~ApiServer() override;

    /// Listens on the configured host and port (0 picks a free one); TLS
    /// when the config names a certificate and key.
    Expected<quint16> start();
    /// Stops accepting connections and closes the WebSockets. A request that
    /// arrives afterwards on an open connection is answered 503 (nothing of
    /// it is accepted), so nothing commits after the daemon's stop record.
    void stopListening();
    /// Waits, at most `timeout`, until every connection's answers have left
    /// (before the process exits with answers still in its buffers).
    void drain(std::chrono::milliseconds timeout);
    /// Connected WebSocket clients.
    qsizetype webSocketClients() const { return m_clients.size(); }
    bool tlsEnabled() const { return m_tls; }

    /// What a route does: (request, path match, authenticated user) -> reply.
    using Handler = std::function<HttpReply(const QHttpServerRequest &, const QRegularExpressionMatch &, const User &)>;
    /// A route just registered, to say more about it.
    class RouteOptions
    {
    public:
        /// The query parameters the route reads. Any other is refused with
        /// 400 and the list: a typo ("stauts=open") must not silently
        /// become no filter at all. A route takes none unless it says so.
        RouteOptions &query(QStringList names);

    private:
        friend class ApiServer;
        RouteOptions(ApiServer *server, std::size_t index)
            : m_server(server)
            , m_index(index)
        { }
        ApiServer *m_server;
        std::size_t m_index;
    };
    /// Registers a route (modules such as services/ingest add theirs).
    RouteOptions addRoute(QHttpServerRequest::Method method, const QString &pattern, const QString &name,
                          Handler handler, bool authenticated = true);
    /// Answers a deferred route's request, once, on the server's thread;
    /// does nothing when the connection has gone meanwhile.
    using Reply = std::function<void(HttpReply)>;
    /// A route that answers later than it returns (the webhooks commit the
    /// requests of one event-loop turn together). The handler either calls
    /// `reply` at once or keeps it. Answers on one connection leave in the
    /// order of its requests, deferred or not.
    using DeferredHandler
        = std::function<void(const QHttpServerRequest &, const QRegularExpressionMatch &, const User &, Reply reply)>;
    RouteOptions addDeferredRoute(QHttpServerRequest::Method method, const QString &pattern, const QString &name,
                                  DeferredHandler handler, bool authenticated = true);
    /// Requests answered later than they arrived, not answered yet.
    qsizetype pendingReplies() const;
    /// More Prometheus text for /metrics and more fields for /healthz.
    void addMetricsSource(std::function<QByteArray()> source) { m_metricsSources.push_back(std::move(source)); }
    void addHealthSource(std::function<void(QJsonObject &)> source) { m_healthSources.push_back(std::move(source)); }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    /// addRoute and addDeferredRoute: exactly one of the handlers is set.
    RouteOptions addAnyRoute(QHttpServerRequest::Method method, const QString &pattern, const QString &name,
                             bool authenticated, Handler handler, DeferredHandler deferred);
    struct Route
    {
        QHttpServerRequest::Method method;
        QRegularExpression pattern;
        QString prefix; ///< the pattern's literal start: a path without it cannot match
        QString name;
        bool authenticated = true;
        Handler handler;
        DeferredHandler deferred;
        QStringList query; ///< the query parameters it takes
    };
    /// An answer on a connection that has a deferred one before it.
    struct Slot
    {
        quint64 serial = 0;
        QString routeName;
        std::optional<HttpReply> reply;
    };

    /// The reply, or nothing when a deferred route took the request (it
    /// answers through `reply`).
    std::optional<HttpReply> dispatch(const QHttpServerRequest &request, QString &routeName,
                                      const std::function<Reply()> &deferSlot);
    void writeReply(const QHttpServerRequest &request, QTcpSocket *socket, const QString &routeName,
                    const HttpReply &reply);
    void flushSlots(QTcpSocket *socket);
    void registerRoutes();

    HttpReply health();
    HttpReply metrics();
    HttpReply submitIncident(const QHttpServerRequest &request, const User &user);
    HttpReply listIncidents(const QHttpServerRequest &request);
    HttpReply incidentCommand(const QHttpServerRequest &request, qint64 id, const QString &verb, const QString &stepId,
                              const User &user);

    void handleNewWebSocket();
    void broadcast(const QJsonObject &event);

    Coordinator &m_coordinator;
    const Authenticator &m_auth;
    Config m_config;
    std::vector<Route> m_routes;
    std::vector<std::function<QByteArray()>> m_metricsSources;
    std::vector<std::function<void(QJsonObject &)>> m_healthSources;
    QList<QWebSocket *> m_clients;
    QMetaObject::Connection m_eventConnection;
    QHash<QString, qint64> m_requestCounts; ///< "route|code" -> count
    /// Connections with a deferred answer outstanding: their answers in request order.
    QHash<QTcpSocket *, std::deque<Slot>> m_slots;
    QHash<QTcpSocket *, const QHttpServerRequest *>
        m_slotRequests; ///< Qt's request object of each (one per connection)
    quint64 m_nextSerial = 0;
    /// Every open connection that has sent a request (for drain()).
    QSet<QTcpSocket *> m_connections;
    bool m_stopping = false;
    QElapsedTimer m_uptime;
    bool m_tls = false;
};

} // namespace warroom
