#pragma once

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

#include <optional>

namespace warroom {

/// A socket that refuses a request body larger than its limit while it is
/// still arriving. Qt 6.4's HTTP server reads a whole request into memory
/// before any handler sees it; without this, one client could send
/// gigabytes before the 413.
class GuardedSocket final : public QSslSocket
{
    Q_OBJECT

public:
    GuardedSocket(qint64 maxRequestBytes, QObject *parent = nullptr);

protected:
    qint64 writeData(const char *data, qint64 length) override;

private:
    void handleReadyRead();
    void drain();

    QTimer m_idle;
    qint64 m_drained = 0;
    qint64 m_maxRequestBytes;
    qint64 m_sinceLastResponse = 0;
    bool m_rejected = false;
};

/// The API's listening socket: plain or TLS, handing out GuardedSockets.
/// Bound to the HTTP server with QAbstractHttpServer::bind().
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(qint64 maxRequestBytes, std::optional<QSslConfiguration> tls, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    qint64 m_maxRequestBytes;
    std::optional<QSslConfiguration> m_tls;
};

} // namespace warroom
