#pragma once

#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace warroom {

/// The coordinator's live event stream (/ws): a snapshot on connect, then one
/// event per change. Reconnects by itself with backoff (1 s doubling to 30 s)
/// and says so, so the console can show that its data is stale.
class EventStream final : public QObject
{
    Q_OBJECT

public:
    explicit EventStream(QObject *parent = nullptr);
    ~EventStream() override;

    void setEndpoint(const QUrl &url, const QString &token);
    void start();
    void stop();
    bool isConnected() const { return m_connected; }
    /// Milliseconds until the next reconnect attempt (0 when connected).
    int retryDelayMs() const { return m_connected ? 0 : m_backoffMs; }

Q_SIGNALS:
    void connectedChanged(bool connected);
    void snapshotReceived(const QJsonObject &snapshot);
    void eventReceived(const QJsonObject &event);
    /// The server refused us (bad token): no automatic retry.
    void refused(const QString &reason);

private:
    void open();
    void handleConnected();
    void handleDisconnected();
    void handleMessage(const QString &text);

    QWebSocket m_socket;
    QTimer m_retry;
    QUrl m_url;
    QString m_token;
    int m_backoffMs = 1000;
    bool m_connected = false;
    bool m_running = false;
    bool m_refused = false;
};

} // namespace warroom
