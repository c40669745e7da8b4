#include "apiserver.h"
#include "llmanalyst.h"

#include "guardedtcpserver.h"
#include "jsonlist.h"
#include "jsonreader.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpServer>
#include <QUrlQuery>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

using Method = QHttpServerRequest::Method;

int statusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput: return 400;
    case ErrorCode::Unauthorized: return 401;
    case ErrorCode::Forbidden: return 403;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::Conflict: return 409;
    case ErrorCode::TooLarge: return 413;
    case ErrorCode::Unavailable: return 503;
    case ErrorCode::Internal: return 500;
    }
    return 500;
}

QString methodName(Method m)
{
    switch (m) {
    case Method::Get: return u"GET"_s;
    case Method::Post: return u"POST"_s;
    case Method::Put: return u"PUT"_s;
    case Method::Delete: return u"DELETE"_s;
    case Method::Patch: return u"PATCH"_s;
    case Method::Head: return u"HEAD"_s;
    case Method::Options: return u"OPTIONS"_s;
    default: return u"OTHER"_s;
    }
}

Expected<int> intParam(const QUrlQuery &query, const QString &name, int fallback, int min, int max)
{
    if (!query.hasQueryItem(name))
        return fallback;
    bool ok = false;
    const int value = query.queryItemValue(name).toInt(&ok);
    if (!ok || value < min || value > max)
        return Error {ErrorCode::InvalidInput,
                      u"parameter \"%1\" must be a whole number from %2 to %3"_s.arg(name).arg(min).arg(max)};
    return value;
}

/// A text parameter as a form sends it: `+` is a space (`%2B` a plus).
QString textParam(const QUrlQuery &query, const QString &name)
{
    QByteArray encoded = query.queryItemValue(name, QUrl::FullyEncoded).toLatin1();
    encoded.replace('+', "%20");
    return QUrl::fromPercentEncoding(encoded);
}

} // namespace

Expected<QJsonObject> bodyObject(const QHttpServerRequest &request)
{
    const QByteArray body = request.body();
    if (body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return Error {ErrorCode::InvalidInput,
                      u"the body is not valid JSON: %1 at offset %2"_s.arg(error.errorString()).arg(error.offset)};
    if (!doc.isObject())
        return Error {ErrorCode::InvalidInput, u"the body must be a JSON object"_s};
    return doc.object();
}

HttpReply HttpReply::json(const QJsonObject &object, int status)
{
    return HttpReply {status, QJsonDocument(object).toJson(QJsonDocument::Compact), "application/json", {}};
}

HttpReply HttpReply::error(int status, const QString &message)
{
    return json({{u"error"_s, message}}, status);
}

HttpReply HttpReply::fromError(const Error &e)
{
    return error(statusFor(e.code), e.message);
}

ApiServer::ApiServer(Coordinator &coordinator, const Authenticator &auth, const Config &config, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_coordinator(coordinator)
    , m_auth(auth)
    , m_config(config)
{
    m_uptime.start();
    registerRoutes();
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, &ApiServer::handleNewWebSocket);
}

ApiServer::~ApiServer()
{
    for (QWebSocket *client : std::as_const(m_clients)) {
        client->disconnect(this);
        client->deleteLater();
    }
}

Expected<quint16> ApiServer::start()
{
    std::optional<QSslConfiguration> tls;
    if (!m_config.tlsCertificate.isEmpty()) {
        QFile certFile(m_config.tlsCertificate);
        QFile keyFile(m_config.tlsKey);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return Error {ErrorCode::InvalidInput,
                          u"cannot read TLS certificate %1 or key %2"_s.arg(m_config.tlsCertificate, m_config.tlsKey)};
        const QSslCertificate cert(&certFile, QSsl::Pem);
        const QSslKey key(&keyFile, QSsl::Rsa, QSsl::Pem);
        QSslKey usableKey = key;
        if (key.isNull()) {
            keyFile.seek(0);
            usableKey = QSslKey(&keyFile, QSsl::Ec, QSsl::Pem);
        }
        if (cert.isNull() || usableKey.isNull())
            return Error {ErrorCode::InvalidInput, u"the TLS certificate or key is not valid PEM"_s};
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificate(cert);
        ssl.setPrivateKey(usableKey);
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        tls = ssl;
        m_tls = true;
    }
    const QHostAddress address = m_config.listenHost == "localhost"_L1 ? QHostAddress(QHostAddress::LocalHost)
                                                                       : QHostAddress(m_config.listenHost);
    auto *server = new GuardedTcpServer(m_config.maxBodyBytes, tls, this);
    if (!server->listen(address, m_config.listenPort)) {
        const QString why = server->errorString();
        delete server;
        return Error {ErrorCode::Unavailable,
                      u"cannot listen on %1:%2: %3"_s.arg(m_config.listenHost).arg(m_config.listenPort).arg(why)};
    }
    bind(server);
    return server->serverPort();
}

void ApiServer::stopListening()
{
    m_stopping = true;
    const QList<QTcpServer *> listeners = servers();
    for (QTcpServer *server : listeners)
        server->close();
    for (QWebSocket *client : std::as_const(m_clients))
        client->close(QWebSocketProtocol::CloseCodeGoingAway, u"server shutting down"_s);
}

void ApiServer::drain(std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline(timeout);
    for (QTcpSocket *socket : std::as_const(m_connections)) {
        while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() > 0
               && !deadline.hasExpired()) {
            if (!socket->waitForBytesWritten(int(std::max<qint64>(1, deadline.remainingTime()))))
                break;
        }
    }
}

namespace {

/// What every path a route pattern matches starts with: the pattern up to
/// its first regular-expression character.
QString literalPrefix(const QString &pattern)
{
    static const QString kSpecial = u"\\^$.|?*+()[]{}"_s;
    qsizetype n = 0;
    while (n < pattern.size() && !kSpecial.contains(pattern.at(n)))
        ++n;
    // "ab?" or "ab*": the b is not certain.
    if (n > 0 && n < pattern.size() && QStringView(u"?*{").contains(pattern.at(n)))
        --n;
    return pattern.left(n);
}

} // namespace

ApiServer::RouteOptions ApiServer::addRoute(Method method, const QString &pattern, const QString &name, Handler handler,
                                            bool authenticated)
{
    return addAnyRoute(method, pattern, name, authenticated, std::move(handler), {});
}

ApiServer::RouteOptions ApiServer::addDeferredRoute(Method method, const QString &pattern, const QString &name,
                                                    DeferredHandler handler, bool authenticated)
{
    return addAnyRoute(method, pattern, name, authenticated, {}, std::move(handler));
}

ApiServer::RouteOptions ApiServer::addAnyRoute(Method method, const QString &pattern, const QString &name,
                                               bool authenticated, Handler handler, DeferredHandler deferred)
{
    m_routes.push_back(Route {method,
                              QRegularExpression(u'^' + pattern + u'$'),
                              literalPrefix(pattern),
                              name,
                              authenticated,
                              std::move(handler),
                              std::move(deferred),
                              {}});
    return RouteOptions(this, m_routes.size() - 1);
}

ApiServer::RouteOptions &ApiServer::RouteOptions::query(QStringList names)
{
    m_server->m_routes.at(m_index).query = std::move(names);
    return *this;
}

qsizetype ApiServer::pendingReplies() const
{
    qsizetype n = 0;
    for (const std::deque<Slot> &queue : m_slots) {
        for (const Slot &slot : queue)
            n += slot.reply ? 0 : 1;
    }
    return n;
}

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Qt 6.4 asks here before it upgrades a connection to a WebSocket: true
    // lets the upgrade go ahead, false (after our 401/404) closes it.
    if (request.value("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0) {
        QString why;
        int status = 401;
        if (request.url().path() != "/ws"_L1) {
            status = 404;
            why = u"WebSockets are served at /ws only"_s;
        } else {
            Expected<User> user = m_auth.authenticateHeader(request.value("Authorization"));
            if (!user) {
                const QString token = request.query().queryItemValue(u"token"_s, QUrl::FullyDecoded);
                if (!token.isEmpty())
                    user = m_auth.authenticateToken(token);
            }
            if (user)
                return true;
            why = user.error().message;
        }
        m_requestCounts[u"ws|"_s + QString::number(status)] += 1;
        const QByteArray body = QJsonDocument(QJsonObject {{u"error"_s, why}}).toJson(QJsonDocument::Compact);
        QHttpServerResponder responder = makeResponder(request, socket);
        responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
        responder.writeHeader("Content-Type", "application/json");
        responder.writeHeader("Content-Length", QByteArray::number(body.size()));
        responder.writeHeader("Connection", "close");
        if (status == 401)
            responder.writeHeader("WWW-Authenticate", "Bearer realm=\"warroom\"");
        responder.writeBody(body);
        return false;
    }
    if (!m_connections.contains(socket)) {
        // Qt's request object of a connection lives as long as its socket;
        // everything kept per connection goes with the socket.
        m_connections.insert(socket);
        connect(socket, &QObject::destroyed, this, [this, socket] {
            m_connections.remove(socket);
            m_slots.remove(socket);
            m_slotRequests.remove(socket);
        });
    }
    QString routeName;
    const quint64 serial = ++m_nextSerial;
    auto openSlot = [&](std::optional<HttpReply> reply) {
        m_slotRequests.insert(socket, &request);
        m_slots[socket].push_back(Slot {serial, routeName, std::move(reply)});
    };
    // For a deferred route: its slot, opened before the handler runs, and
    // what fills it (values only: it may be called long after this returns).
    auto deferSlot = [&]() -> Reply {
        openSlot(std::nullopt);
        return
            [this, guard = QPointer<ApiServer>(this), socket = QPointer<QTcpSocket>(socket), serial](HttpReply reply) {
                if (!guard || !socket)
                    return; // the connection (or the server) is gone: nobody to answer
                const auto queue = m_slots.find(socket.data());
                if (queue == m_slots.end())
                    return;
                for (Slot &slot : *queue) {
                    if (slot.serial == serial && !slot.reply) {
                        slot.reply = std::move(reply);
                        break;
                    }
                }
                flushSlots(socket.data());
            };
    };
    std::optional<HttpReply> reply;
    if (m_stopping) {
        // After the stop record nothing may commit: the sender tries again.
        routeName = u"stopping"_s;
        reply = HttpReply::json({{u"error"_s,
                                  u"warroomd is shutting down: nothing of this request was accepted; "
                                  "send it again once the daemon is back"_s},
                                 {u"retry_after"_s, 5}},
                                503);
        reply->headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("5")));
        reply->headers.append(qMakePair(QByteArray("Connection"), QByteArray("close")));
    } else {
        reply = dispatch(request, routeName, deferSlot);
    }
    if (!reply)
        return true; // a deferred route answers through its slot
    if (m_slots.contains(socket)) {
        // An earlier deferred answer on this connection goes first.
        openSlot(std::move(reply));
        flushSlots(socket);
        return true;
    }
    writeReply(request, socket, routeName, *reply);
    return true;
}

void ApiServer::flushSlots(QTcpSocket *socket)
{
    const auto queue = m_slots.find(socket);
    if (queue == m_slots.end())
        return;
    const QHttpServerRequest *request = m_slotRequests.value(socket);
    while (!queue->empty() && queue->front().reply) {
        const Slot slot = std::move(queue->front());
        queue->pop_front();
        if (request && socket->isOpen())
            writeReply(*request, socket, slot.routeName, *slot.reply);
    }
    if (queue->empty())
        m_slots.erase(queue); // m_slotRequests keeps the socket until it is destroyed
}

void ApiServer::writeReply(const QHttpServerRequest &request, QTcpSocket *socket, const QString &routeName,
                           const HttpReply &reply)
{
    m_requestCounts[routeName + u'|' + QString::number(reply.status)] += 1;
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
    responder.writeHeader("Content-Type", reply.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
    responder.writeHeader("Cache-Control", "no-store");
    responder.writeHeader("X-Content-Type-Options", "nosniff");
    for (const auto &h : std::as_const(reply.headers))
        responder.writeHeader(h.first, h.second);
    responder.writeBody(reply.body);
}

void ApiServer::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{
    // Only a refused WebSocket upgrade ends up here; it has been answered.
}

std::optional<HttpReply> ApiServer::dispatch(const QHttpServerRequest &request, QString &routeName,
                                             const std::function<Reply()> &deferSlot)
{
    const QString path = request.url().path();
    routeName = u"unknown"_s;
    bool pathKnown = false;
    for (const Route &route : m_routes) {
        // Most routes differ in their literal start: a string compare spares the regex.
        if (!path.startsWith(route.prefix))
            continue;
        const QRegularExpressionMatch match = route.pattern.match(path);
        if (!match.hasMatch())
            continue;
        pathKnown = true;
        if (route.method != request.method())
            continue;
        routeName = route.name;
        User user;
        if (route.authenticated) {
            Expected<User> who = m_auth.authenticateHeader(request.value("Authorization"));
            if (!who) {
                HttpReply reply = HttpReply::fromError(who.error());
                reply.headers.append(qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Bearer realm=\"warroom\"")));
                return reply;
            }
            user = *who;
        }
        if (request.url().hasQuery()) {
            const QList<std::pair<QString, QString>> items = request.query().queryItems();
            for (const auto &[key, value] : items) {
                Q_UNUSED(value)
                if (route.query.contains(key))
                    continue;
                return HttpReply::error(
                    400,
                    route.query.isEmpty()
                        ? u"unknown query parameter \"%1\": %2 %3 takes none"_s.arg(key.left(100),
                                                                                    methodName(request.method()), path)
                        : u"unknown query parameter \"%1\": %2 %3 takes %4"_s.arg(
                            key.left(100), methodName(request.method()), path, route.query.join(u", "_s)));
            }
        }
        if (request.body().size() > m_config.maxBodyBytes)
            return HttpReply::error(
                413, u"the body is %1 bytes; the limit is %2"_s.arg(request.body().size()).arg(m_config.maxBodyBytes));
        if (route.deferred) {
            route.deferred(request, match, user, deferSlot());
            return std::nullopt;
        }
        return route.handler(request, match, user);
    }
    if (pathKnown)
        return HttpReply::error(405, u"%1 is not allowed on %2"_s.arg(methodName(request.method()), path));
    return HttpReply::error(404, u"no such endpoint: %1"_s.arg(path));
}

void ApiServer::registerRoutes()
{
    using M = QRegularExpressionMatch;
    using R = QHttpServerRequest;
    addRoute(
        Method::Get, u"/healthz"_s, u"healthz"_s, [this](const R &, const M &, const User &) { return health(); },
        false);
    addRoute(Method::Get, u"/metrics"_s, u"metrics"_s,
             [this](const R &, const M &, const User &) { return metrics(); });
    addRoute(Method::Get, u"/api/v1/me"_s, u"me"_s,
             [](const R &, const M &, const User &user) { return HttpReply::json(user.toJson()); });
    addRoute(Method::Post, u"/api/v1/incidents"_s, u"incidents.submit"_s,
             [this](const R &r, const M &, const User &user) { return submitIncident(r, user); });
    addRoute(Method::Get, u"/api/v1/incidents"_s, u"incidents.list"_s, [this](const R &r, const M &, const User &) {
        return listIncidents(r);
    }).query({u"limit"_s, u"offset"_s, u"status"_s, u"state"_s, u"service"_s, u"source"_s});
    addRoute(Method::Get, u"/api/v1/incidents/(?:INC-|inc-)?([1-9]\\d{0,14})"_s, u"incidents.get"_s,
             [this](const R &, const M &m, const User &) {
                 Expected<QJsonObject> detail = m_coordinator.incidentDetail(m.captured(1).toLongLong());
                 return detail ? HttpReply::json(*detail) : HttpReply::fromError(detail.error());
             });
    addRoute(Method::Put, u"/api/v1/incidents/(?:INC-|inc-)?([1-9]\\d{0,14})/plan"_s, u"incidents.plan"_s,
             [this](const R &r, const M &m, const User &user) {
                 return incidentCommand(r, m.captured(1).toLongLong(), u"plan"_s, {}, user);
             });
    addRoute(Method::Post, u"/api/v1/incidents/(?:INC-|inc-)?([1-9]\\d{0,14})/plan/submit"_s,
             u"incidents.plan.submit"_s, [this](const R &r, const M &m, const User &user) {
                 return incidentCommand(r, m.captured(1).toLongLong(), u"submit"_s, {}, user);
             });
    addRoute(Method::Post, u"/api/v1/incidents/(?:INC-|inc-)?([1-9]\\d{0,14})/triage"_s, u"incidents.triage"_s,
             [this](const R &, const M &m, const User &user) {
                 const qint64 id = m.captured(1).toLongLong();
                 Expected<IncidentRecord> r = m_coordinator.triage(id, user);
                 if (!r)
                     return HttpReply::fromError(r.error());
                 Expected<QJsonObject> detail = m_coordinator.incidentDetail(id);
                 return detail ? HttpReply::json(*detail) : HttpReply::fromError(detail.error());
             });
    addRoute(Method::Get, u"/api/v1/knowledge"_s, u"knowledge.search"_s, [this](const R &r, const M &, const User &) {
        const QUrlQuery q = r.query();
        const QString text = textParam(q, u"q"_s);
        if (text.trimmed().isEmpty())
            return HttpReply::error(400, u"parameter \"q\" (the text to search for) is required"_s);
        if (text.size() > 4000)
            return HttpReply::error(400, u"parameter \"q\" is longer than 4000 characters"_s);
        Expected<int> limit = intParam(q, u"limit"_s, 10, 1, 100);
        if (!limit)
            return HttpReply::fromError(limit.error());
        QStringList kinds;
        if (q.hasQueryItem(u"kind"_s))
            kinds = q.queryItemValue(u"kind"_s).split(u',', Qt::SkipEmptyParts);
        for (const QString &k : std::as_const(kinds)) {
            if (!QStringList {u"kba"_s, u"dip"_s, u"validation"_s, u"policy"_s, u"incident"_s}.contains(k))
                return HttpReply::error(400, u"unknown kind \"%1\" (kba, dip, validation, policy, incident)"_s.arg(k));
        }
        Expected<QList<KnowledgeMatch>> hits = m_coordinator.searchKnowledge(text, *limit, kinds);
        if (!hits)
            return HttpReply::fromError(hits.error());
        return HttpReply::json({{u"query"_s, text}, {u"items"_s, listToJson(*hits)}});
    }).query({u"q"_s, u"limit"_s, u"kind"_s});
    addRoute(Method::Get, u"/api/v1/knowledge/([A-Za-z0-9_.-]{1,100})"_s, u"knowledge.get"_s,
             [this](const R &, const M &m, const User &) {
                 const KnowledgeBase *kb = m_coordinator.knowledge();
                 const KnowledgeDoc *doc = kb ? kb->document(m.captured(1)) : nullptr;
                 if (!doc)
                     return HttpReply::error(404, u"no knowledge document \"%1\""_s.arg(m.captured(1)));
                 QJsonObject json = doc->item;
                 json.insert(u"kind"_s, doc->kind);
                 return HttpReply::json(json);
             });
    addRoute(Method::Post,
             u"/api/v1/incidents/(?:INC-|inc-)?([1-9]\\d{0,14})/(escalate|resolve|close|assign|promote|demote)"_s,
             u"incidents.command"_s, [this](const R &r, const M &m, const User &user) {
                 return incidentCommand(r, m.captured(1).toLongLong(), m.captured(2), {}, user);
             });
    addRoute(
        Method::Post,
        u"/api/v1/incidents/(?:INC-|inc-)?([1-9]\\d{0,14})/steps/([A-Za-z0-9_.-]{1,64})/(approve|reject|start|finish|skip|rollback|promote)"_s,
        u"incidents.step"_s, [this](const R &r, const M &m, const User &user) {
            return incidentCommand(r, m.captured(1).toLongLong(), m.captured(3), m.captured(2), user);
        });
    addRoute(Method::Post, u"/api/v1/incidents/(?:INC-|inc-)?([1-9]\\d{0,14})/steps"_s, u"incidents.steps.add"_s,
             [this](const R &r, const M &m, const User &user) {
                 return incidentCommand(r, m.captured(1).toLongLong(), u"add-step"_s, {}, user);
             });
    addRoute(Method::Get, u"/api/v1/freeze"_s, u"freeze.get"_s, [this](const R &, const M &, const User &) {
        return HttpReply::json(m_coordinator.freezeState().toJson());
    });
    addRoute(Method::Post, u"/api/v1/freeze"_s, u"freeze.enable"_s, [this](const R &r, const M &, const User &user) {
        Expected<QJsonObject> body = bodyObject(r);
        if (!body)
            return HttpReply::fromError(body.error());
        JsonReader reader(*body);
        const QString reason = reader.string("reason"_L1, true, 2000);
        if (!reader.ok())
            return HttpReply::fromError(reader.error());
        const QString abort = r.query().queryItemValue(u"abort"_s);
        if (!abort.isEmpty() && abort != "0"_L1 && abort != "1"_L1)
            return HttpReply::error(400, u"abort must be 0 or 1"_s);
        if (Status s = m_coordinator.freeze(user, reason, abort == "1"_L1); !s)
            return HttpReply::fromError(s.error());
        return HttpReply::json(m_coordinator.freezeState().toJson());
    }).query({u"abort"_s});
    addRoute(Method::Delete, u"/api/v1/freeze"_s, u"freeze.lift"_s, [this](const R &r, const M &, const User &user) {
        const QString reason = textParam(r.query(), u"reason"_s);
        if (Status s = m_coordinator.unfreeze(user, reason.isEmpty() ? u"lifted"_s : reason); !s)
            return HttpReply::fromError(s.error());
        return HttpReply::json(m_coordinator.freezeState().toJson());
    }).query({u"reason"_s});
    addRoute(Method::Get, u"/api/v1/audit"_s, u"audit.list"_s, [this](const R &r, const M &, const User &) {
        const QUrlQuery q = r.query();
        qint64 incident = 0;
        if (q.hasQueryItem(u"incident"_s)) {
            // 42 or INC-42, as the paths take it.
            QString text = q.queryItemValue(u"incident"_s);
            if (text.startsWith(u"INC-"_s, Qt::CaseInsensitive))
                text = text.mid(4);
            bool ok = false;
            incident = text.toLongLong(&ok);
            if (!ok || incident <= 0)
                return HttpReply::error(400, u"parameter \"incident\" must be an incident id (42 or INC-42)"_s);
        }
        Expected<int> limit = intParam(q, u"limit"_s, 500, 1, 10000);
        Expected<int> after = intParam(q, u"after"_s, 0, 0, std::numeric_limits<int>::max());
        if (!limit)
            return HttpReply::fromError(limit.error());
        if (!after)
            return HttpReply::fromError(after.error());
        Expected<QList<AuditEvent>> events = m_coordinator.audit(incident, *after, *limit);
        if (!events)
            return HttpReply::fromError(events.error());
        return HttpReply::json({{u"items"_s, listToJson(*events)}, {u"count"_s, events->size()}});
    }).query({u"incident"_s, u"after"_s, u"limit"_s});
    addRoute(Method::Get, u"/api/v1/audit/verify"_s, u"audit.verify"_s, [this](const R &, const M &, const User &) {
        Expected<AuditVerification> v = m_coordinator.verifyAudit();
        if (!v)
            return HttpReply::fromError(v.error());
        return HttpReply::json(v->toJson());
    });
    // A plain GET without the upgrade gets a hint.
    addRoute(Method::Get, u"/ws"_s, u"ws"_s, [](const R &, const M &, const User &) {
        return HttpReply::error(400, u"/ws expects a WebSocket upgrade"_s);
    }).query({u"token"_s});
}

HttpReply ApiServer::health()
{
    Expected<qint64> count = m_coordinator.store().incidentCount();
    QJsonObject json {{u"status"_s, count ? u"ok"_s : u"degraded"_s},
                      {u"version"_s, QStringLiteral(WARROOM_VERSION)},
                      {u"database"_s, count ? u"ok"_s : count.error().message},
                      {u"freeze"_s, m_coordinator.freezeState().active},
                      {u"tls"_s, m_tls},
                      {u"uptime_seconds"_s, m_uptime.elapsed() / 1000},
                      {u"execution"_s, m_coordinator.executionStatus()}};
    QJsonObject analyst {{u"provider"_s, u"offline"_s}};
    if (const LlmAnalyst *llm = m_coordinator.llmAnalyst(); llm && llm->client()) {
        analyst = {{u"provider"_s, llm->provider()},
                   {u"model"_s, llm->model()},
                   {u"breaker"_s, toString(llm->client()->breaker().state())},
                   {u"pending"_s, m_coordinator.llmPending()}};
    }
    json.insert(u"analyst"_s, analyst);
    for (const auto &source : m_healthSources)
        source(json);
    return HttpReply::json(json, count ? 200 : 503);
}

HttpReply ApiServer::metrics()
{
    QByteArray out;
    out += "# HELP warroom_http_requests_total HTTP requests answered, by route and status.\n"
           "# TYPE warroom_http_requests_total counter\n";
    for (auto it = m_requestCounts.constBegin(); it != m_requestCounts.constEnd(); ++it) {
        const QStringList parts = it.key().split(u'|');
        out += "warroom_http_requests_total{route=\"" + parts.value(0).toUtf8() + "\",code=\"" + parts.value(1).toUtf8()
            + "\"} " + QByteArray::number(it.value()) + '\n';
    }
    out += "# HELP warroom_incidents_created_total Incidents created since start.\n"
           "# TYPE warroom_incidents_created_total counter\n"
           "warroom_incidents_created_total "
        + QByteArray::number(m_coordinator.incidentsCreated()) + '\n';
    out += "# HELP warroom_commands_refused_total Workflow commands refused since start.\n"
           "# TYPE warroom_commands_refused_total counter\n"
           "warroom_commands_refused_total "
        + QByteArray::number(m_coordinator.commandsRefused()) + '\n';
    Expected<qint64> count = m_coordinator.store().incidentCount();
    out += "# HELP warroom_incidents Incidents stored.\n# TYPE warroom_incidents gauge\nwarroom_incidents "
        + QByteArray::number(count ? *count : -1) + '\n';
    out += "# HELP warroom_freeze_active 1 while execution is frozen.\n# TYPE warroom_freeze_active gauge\n"
           "warroom_freeze_active "
        + QByteArray(m_coordinator.freezeState().active ? "1" : "0") + '\n';
    out += "# HELP warroom_websocket_clients Connected WebSocket clients.\n"
           "# TYPE warroom_websocket_clients gauge\nwarroom_websocket_clients "
        + QByteArray::number(m_clients.size()) + '\n';
    out += "# HELP warroom_uptime_seconds Seconds since start.\n# TYPE warroom_uptime_seconds gauge\n"
           "warroom_uptime_seconds "
        + QByteArray::number(m_uptime.elapsed() / 1000) + '\n';
    out += m_coordinator.responseMetrics();
    for (const auto &source : m_metricsSources)
        out += source();
    return HttpReply {200, out, "text/plain; version=0.0.4; charset=utf-8", {}};
}

HttpReply ApiServer::submitIncident(const QHttpServerRequest &request, const User &user)
{
    Expected<QJsonObject> body = bodyObject(request);
    if (!body)
        return HttpReply::fromError(body.error());
    const QString key = QString::fromUtf8(request.value("Idempotency-Key")).trimmed();
    if (key.size() > 200)
        return HttpReply::error(400, u"the Idempotency-Key is longer than 200 characters"_s);
    Expected<Submission> result = m_coordinator.submit(user, *body, key);
    if (!result)
        return HttpReply::fromError(result.error());
    HttpReply reply = HttpReply::json(result->record.toJson(), result->created ? 201 : 200);
    reply.headers.append(
        qMakePair(QByteArray("Location"), "/api/v1/incidents/" + QByteArray::number(result->record.incident.id)));
    return reply;
}

HttpReply ApiServer::listIncidents(const QHttpServerRequest &request)
{
    const QUrlQuery q = request.query();
    IncidentFilter filter;
    Expected<int> limit = intParam(q, u"limit"_s, 50, 1, 1000);
    Expected<int> offset = intParam(q, u"offset"_s, 0, 0, std::numeric_limits<int>::max());
    if (!limit)
        return HttpReply::fromError(limit.error());
    if (!offset)
        return HttpReply::fromError(offset.error());
    filter.limit = *limit;
    filter.offset = *offset;
    filter.state = textParam(q, u"status"_s);
    if (filter.state.isEmpty())
        filter.state = textParam(q, u"state"_s);
    if (!filter.state.isEmpty() && !incidentStateFromString(filter.state))
        return HttpReply::error(400, u"unknown status \"%1\""_s.arg(filter.state));
    filter.service = textParam(q, u"service"_s);
    filter.source = textParam(q, u"source"_s);
    Expected<IncidentPage> page = m_coordinator.incidents(filter);
    if (!page)
        return HttpReply::fromError(page.error());
    QJsonArray items;
    for (const IncidentRecord &r : std::as_const(page->items))
        items.append(Coordinator::summaryJson(r));
    return HttpReply::json(
        {{u"total"_s, page->total}, {u"limit"_s, filter.limit}, {u"offset"_s, filter.offset}, {u"items"_s, items}});
}

HttpReply ApiServer::incidentCommand(const QHttpServerRequest &request, qint64 id, const QString &verb,
                                     const QString &stepId, const User &user)
{
    Expected<QJsonObject> body = bodyObject(request);
    if (!body)
        return HttpReply::fromError(body.error());
    JsonReader r(*body);
    Command command;
    if (verb == "approve"_L1) {
        r.onlyKeys({"comment"_L1, "content_hash"_L1});
        command
            = command::Approve {stepId, r.string("comment"_L1, false, 2000), r.string("content_hash"_L1, false, 64)};
    } else if (verb == "reject"_L1) {
        r.onlyKeys({"reason"_L1, "comment"_L1});
        QString reason = r.string("reason"_L1, false, 2000);
        if (reason.isEmpty())
            reason = r.string("comment"_L1, false, 2000);
        command = command::Reject {stepId, reason};
    } else if (verb == "start"_L1) {
        r.onlyKeys({});
        command = command::StartStep {stepId, std::nullopt};
    } else if (verb == "finish"_L1) {
        r.onlyKeys({"succeeded"_L1, "summary"_L1});
        if (!body->value(u"succeeded"_s).isBool())
            r.fail("succeeded"_L1, u"is required (true or false)"_s);
        command = command::FinishStep {stepId, r.boolean("succeeded"_L1), r.string("summary"_L1, false, 4000),
                                       std::nullopt};
    } else if (verb == "skip"_L1) {
        r.onlyKeys({"reason"_L1});
        command = command::SkipStep {stepId, r.string("reason"_L1, true, 2000)};
    } else if (verb == "escalate"_L1) {
        r.onlyKeys({"reason"_L1});
        command = command::Escalate {r.string("reason"_L1, true, 2000)};
    } else if (verb == "resolve"_L1) {
        r.onlyKeys({"summary"_L1});
        command = command::Resolve {r.string("summary"_L1, true, 4000)};
    } else if (verb == "close"_L1) {
        r.onlyKeys({"summary"_L1});
        command = command::Close {r.string("summary"_L1, false, 4000)};
    } else if (verb == "promote"_L1 && stepId.isEmpty()) {
        r.onlyKeys({"reason"_L1});
        command = command::Promote {r.string("reason"_L1, false, 2000)};
    } else if (verb == "demote"_L1) {
        r.onlyKeys({"reason"_L1});
        command = command::Demote {r.string("reason"_L1, true, 2000)};
    } else if (verb == "assign"_L1) {
        r.onlyKeys({"owner"_L1});
        command = command::Assign {r.string("owner"_L1, true, 200)};
    } else if (verb == "submit"_L1) {
        r.onlyKeys({});
        command = command::RequestApproval {};
    } else if (verb == "rollback"_L1) {
        r.onlyKeys({});
        if (!r.ok())
            return HttpReply::fromError(r.error());
        Expected<IncidentRecord> added = m_coordinator.requestRollback(id, stepId, user);
        if (!added)
            return HttpReply::fromError(added.error());
        Expected<QJsonObject> detail = m_coordinator.incidentDetail(id);
        return detail ? HttpReply::json(*detail, 201) : HttpReply::fromError(detail.error());
    } else if (verb == "promote"_L1 && !stepId.isEmpty()) {
        // Staged promotion: the same playbook, vars and kind, for another environment.
        r.onlyKeys({"environment"_L1});
        const QString environment = r.string("environment"_L1, false, 64);
        if (!r.ok())
            return HttpReply::fromError(r.error());
        Expected<IncidentRecord> current = m_coordinator.incident(id);
        if (!current)
            return HttpReply::fromError(current.error());
        const PlanStep *source = current->plan.step(stepId);
        if (!source)
            return HttpReply::error(404, u"%1 has no step \"%2\""_s.arg(current->incident.key(), stepId));
        PlanStep next = *source;
        next.environment = environment.isEmpty() ? u"prod"_s : environment;
        next.id = stepId + u'-' + next.environment;
        next.title = u"%1 (%2)"_s.arg(source->title, next.environment);
        command = command::AddStep {next};
    } else if (verb == "add-step"_L1) {
        Expected<PlanStep> step = PlanStep::fromJson(*body);
        if (!step)
            return HttpReply::fromError(step.error());
        command = command::AddStep {*step};
    } else if (verb == "plan"_L1) {
        Expected<Plan> plan = Plan::fromJson(*body);
        if (!plan)
            return HttpReply::fromError(plan.error());
        command = command::ProposePlan {*plan};
    }
    if (!r.ok())
        return HttpReply::fromError(r.error());
    Expected<IncidentRecord> result = m_coordinator.execute(id, command, user);
    if (!result)
        return HttpReply::fromError(result.error());
    Expected<QJsonObject> detail = m_coordinator.incidentDetail(id);
    return detail ? HttpReply::json(*detail) : HttpReply::fromError(detail.error());
}

void ApiServer::handleNewWebSocket()
{
    while (hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> owned = nextPendingWebSocketConnection();
        QWebSocket *socket = owned.release();
        socket->setParent(this);
        const QNetworkRequest handshake = socket->request();
        Expected<User> user = m_auth.authenticateHeader(handshake.rawHeader("Authorization"));
        if (!user) {
            const QString token = QUrlQuery(handshake.url()).queryItemValue(u"token"_s, QUrl::FullyDecoded);
            if (!token.isEmpty())
                user = m_auth.authenticateToken(token);
        }
        if (!user) {
            socket->sendTextMessage(QString::fromUtf8(
                QJsonDocument(QJsonObject {{u"type"_s, u"error"_s}, {u"error"_s, user.error().message}})
                    .toJson(QJsonDocument::Compact)));
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, user.error().message);
            socket->deleteLater();
            continue;
        }
        m_requestCounts[u"ws|101"_s] += 1;
        m_clients.append(socket);
        // Listen to the coordinator only while someone is connected, so it
        // builds no live events for nobody.
        if (m_clients.size() == 1)
            m_eventConnection = connect(&m_coordinator, &Coordinator::eventPublished, this, &ApiServer::broadcast);
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            m_clients.removeAll(socket);
            if (m_clients.isEmpty())
                disconnect(m_eventConnection);
            socket->deleteLater();
        });
        IncidentFilter recent;
        recent.limit = 500;
        Expected<IncidentPage> page = m_coordinator.incidents(recent);
        QJsonArray incidents;
        if (page) {
            for (const IncidentRecord &r : std::as_const(page->items))
                incidents.append(Coordinator::summaryJson(r));
        }
        const QJsonObject snapshot {{u"type"_s, u"snapshot"_s},
                                    {u"user"_s, user->toJson()},
                                    {u"total"_s, page ? page->total : 0},
                                    {u"incidents"_s, incidents},
                                    {u"freeze"_s, m_coordinator.freezeState().toJson()},
                                    {u"time"_s, toIsoTime(m_coordinator.now())}};
        socket->sendTextMessage(QString::fromUtf8(QJsonDocument(snapshot).toJson(QJsonDocument::Compact)));
    }
}

void ApiServer::broadcast(const QJsonObject &event)
{
    if (m_clients.isEmpty())
        return;
    const QString text = QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Compact));
    for (QWebSocket *client : std::as_const(m_clients))
        client->sendTextMessage(text);
}

} // namespace warroom
