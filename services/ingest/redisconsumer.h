#pragma once

#include "ingestor.h"
#include "redisurl.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

struct redisAsyncContext;
struct redisReply;

namespace warroom {

/// Reads the incident stream (`warroom:incidents`) as one consumer of the
/// group `warroomd`, on the Qt event loop through hiredis's async API.
///
/// Delivery is at least once, made exactly once by the dedup on event ids:
/// a batch is ingested and committed first, acknowledged (XACK) after. On
/// start the consumer re-reads its own pending entries (a crash between
/// commit and XACK), and it claims entries left pending by dead consumers
/// (XAUTOCLAIM). Unparseable or invalid entries go to
/// `warroom:incidents:dead` with the reason, and are acknowledged. One read
/// is in flight at a time (bounded memory), paused while the triage backlog
/// is over its limit. A lost connection is retried with backoff; HTTP keeps
/// serving meanwhile.
class RedisStreamConsumer final : public QObject
{
    Q_OBJECT

public:
    RedisStreamConsumer(Ingestor &ingestor, RedisAddress address, QString consumerName, QObject *parent = nullptr);
    ~RedisStreamConsumer() override;

    void start();
    bool connected() const { return m_connected; }
    /// "connected", "connecting" or "down: REASON".
    QString stateText() const;
    QByteArray metricsText() const;
    QString consumerName() const { return m_consumer; }

    qint64 entriesRead() const { return m_entries; }
    qint64 deadLetters() const { return m_deadLetters; }

Q_SIGNALS:
    /// A batch was committed and acknowledged (entries, dead letters among them).
    void batchCommitted(int entries, int deadLetters);

private:
    enum class Phase { Setup, OwnPending, Live };
    using ReplyHandler = std::function<void(redisReply *)>;

    void connectNow();
    void handleConnected(int status);
    void handleDisconnected(int status);
    void scheduleReconnect(const QString &why);
    bool command(const QList<QByteArray> &args, ReplyHandler handler);
    void setUp();
    void readNext();
    void handleEntries(redisReply *entries, bool ownPending);
    void retryLater(const QString &why);

    static void onReply(redisAsyncContext *ctx, void *reply, void *privdata);
    static void onConnect(const redisAsyncContext *ctx, int status);
    static void onDisconnect(const redisAsyncContext *ctx, int status);

    Ingestor &m_ingestor;
    RedisAddress m_address;
    QString m_consumer;
    redisAsyncContext *m_ctx = nullptr;
    Phase m_phase = Phase::Setup;
    bool m_connected = false;
    bool m_inFlight = false;
    bool m_stopping = false;
    bool m_claimDue = true;
    QString m_claimCursor = QStringLiteral("0-0");
    QString m_lastError;
    int m_backoffMs = 100;
    QTimer m_claimTimer;
    QTimer m_retryTimer;
    qint64 m_entries = 0;
    qint64 m_acked = 0;
    qint64 m_deadLetters = 0;
    qint64 m_reconnects = 0;
    qint64 m_claimed = 0;
    qint64 m_pauses = 0;
    qint64 m_failures = 0;
};

} // namespace warroom
