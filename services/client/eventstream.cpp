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
