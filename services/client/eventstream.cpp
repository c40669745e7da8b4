#include "eventstream.h"

#include <QJsonDocument>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace warroom {

EventStream::EventStream(QObject *parent)
    : QObject(parent)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &EventStream::open);
    connect(&m_socket, &QWebSocket::connected, this, &EventStream::handleConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &EventStream::handleDisconnected);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &EventStream::handleMessage);
    // The coordinator answers an upgrade with a bad token with HTTP 401 (no
    // WebSocket at all): that is a refusal, not a network problem to retry.
    connect(&m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                if (m_refused || !m_socket.errorString().contains(u"status code: 401"_s))
                    return;
                m_refused = true;
                m_retry.stop();
                Q_EMIT refused(u"the coordinator did not accept the token (HTTP 401)"_s);
            });
}

EventStream::~EventStream()
{
    // The socket's destructor still reports the disconnect: nothing here may react to it
    // (the retry timer is already gone by then).
    m_running = false;
    disconnect(&m_socket, nullptr, this, nullptr);
}

void EventStream::setEndpoint(const QUrl &url, const QString &token)
{
    m_url = url;
    m_token = token;
}

void EventStream::start()
{
    m_running = true;
    m_refused = false;
    m_backoffMs = 1000;
    open();
}

void EventStream::stop()
{
    m_running = false;
    m_retry.stop();
    m_socket.close();
}

void EventStream::open()
{
    if (!m_running)
        return;
    QNetworkRequest request(m_url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    m_socket.open(request);
}

void EventStream::handleConnected()
{
    m_backoffMs = 1000;
}

void EventStream::handleDisconnected()
{
    const bool was = m_connected;
    m_connected = false;
    if (was)
        Q_EMIT connectedChanged(false);
    if (m_socket.closeCode() == QWebSocketProtocol::CloseCodePolicyViolated) {
        m_refused = true;
        Q_EMIT refused(m_socket.closeReason());
        return;
    }
    if (!m_running || m_refused)
        return;
    m_retry.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, 30000);
}

void EventStream::handleMessage(const QString &text)
{
    const QJsonObject event = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = event.value(u"type"_s).toString();
    if (type == "snapshot"_L1) {
        if (!m_connected) {
            m_connected = true;
            Q_EMIT connectedChanged(true);
        }
        Q_EMIT snapshotReceived(event);
    } else if (type == "error"_L1) {
        m_refused = true;
        Q_EMIT refused(event.value(u"error"_s).toString());
    } else if (!type.isEmpty()) {
        Q_EMIT eventReceived(event);
    }
}

} // namespace warroom
