#include "guardedtcpserver.h"

using namespace Qt::StringLiterals;

namespace warroom {

GuardedSocket::GuardedSocket(qint64 maxRequestBytes, QObject *parent)
    : QSslSocket(parent)
    , m_maxRequestBytes(maxRequestBytes)
{
    // Connected first, so it sees each chunk before the HTTP parser reads it.
    connect(this, &QIODevice::readyRead, this, &GuardedSocket::handleReadyRead);
}

qint64 GuardedSocket::writeData(const char *data, qint64 length)
{
    // A response was written: the request it answers is complete.
    m_sinceLastResponse = 0;
    return QSslSocket::writeData(data, length);
}

void GuardedSocket::handleReadyRead()
{
    if (m_rejected) {
        drain();
        return;
    }
    m_sinceLastResponse += bytesAvailable();
    // Headers get 64 KiB of room on top of the body limit.
    if (m_sinceLastResponse <= m_maxRequestBytes + 64 * 1024)
        return;
    m_rejected = true;
    const QByteArray body
        = "{\"error\":\"the request is larger than the limit of " + QByteArray::number(m_maxRequestBytes) + " bytes\"}";
    const QByteArray response = "HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
                                "Connection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    QSslSocket::writeData(response.constData(), response.size());
    // Keep reading (and dropping) what the client still sends, so it gets to
    // read the 413 instead of a reset; close once it is quiet or sends too much.
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] { disconnectFromHost(); });
    drain();
}

void GuardedSocket::drain()
{
    // Release what the HTTP parser's transaction holds, then drop everything.
    if (isTransactionStarted())
        commitTransaction();
    m_drained += skip(bytesAvailable());
    if (m_drained > 64LL * 1024 * 1024) {
        abort();
        return;
    }
    m_idle.start(500);
}

GuardedTcpServer::GuardedTcpServer(qint64 maxRequestBytes, std::optional<QSslConfiguration> tls, QObject *parent)
    : QTcpServer(parent)
    , m_maxRequestBytes(maxRequestBytes)
    , m_tls(std::move(tls))
{ }

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new GuardedSocket(m_maxRequestBytes, this);
    if (!socket->setSocketDescriptor(descriptor)) {
        socket->deleteLater();
        return;
    }
    if (!m_tls) {
        addPendingConnection(socket);
        return;
    }
    socket->setSslConfiguration(*m_tls);
    connect(socket, &QSslSocket::encrypted, this, [this, socket] { addPendingConnection(socket); });
    connect(socket, &QSslSocket::errorOccurred, socket, [socket](QAbstractSocket::SocketError) {
        if (!socket->isEncrypted())
            socket->deleteLater();
    });
    socket->startServerEncryption();
}

} // namespace warroom
