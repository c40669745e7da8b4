#pragma once

#include "ingestor.h"
#include "redisurl.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QTimer>

struct redisAsyncContext;
struct redisReply;

namespace warroom {

/// Reads the incident stream (`warroom:incidents`) as one consumer of the
/// group `warroomd`, on the Qt event loop through hiredis's async API.
///
/// Delivery is at least once, made exactly once by the dedup on event ids:
/// a batch is ingested and committed (synced to disk) first, acknowledged
/// (XACK) after. On start the consumer re-reads its own pending entries (a
/// crash between commit and XACK), and it claims entries left pending by dead
/// consumers (XAUTOCLAIM). Unparseable or invalid entries go to
/// `warroom:incidents:dead` with the reason and are acknowledged only once
/// Redis has taken the dead letter; an entry that cannot be committed after
/// `ingest.max_commit_attempts` goes there too. One read is in flight at a
/// time, its size bounded by count and by bytes, paused while the triage
/// backlog is over its limit. A lost connection is retried with backoff;
/// HTTP keeps serving meanwhile.
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

    /// The reconnect backoff: `initialMs` doubling up to `maxMs` (default 100 ms to 5 s).
    void setBackoff(int initialMs, int maxMs);
    /// The delay before the next reconnect attempt.
    int backoffMs() const { return m_backoffMs; }
    /// Entries asked for by the next read (adapts to the entries' size).
    int readCount() const { return m_readCount; }

    qint64 entriesRead() const { return m_entries; }
    qint64 deadLetters() const { return m_deadLetters; }

Q_SIGNALS:
    /// A batch was committed and acknowledged (entries, dead letters among them).
    void batchCommitted(int entries, int deadLetters);
    /// The connection is down; the next attempt follows after `delayMs`.
    void reconnectScheduled(int delayMs, const QString &why);

private:
    enum class Phase { Setup, OwnPending, Live };
    using ReplyHandler = std::function<void(redisReply *)>;
    struct DeadLetter
    {
        QByteArray id;
        QString reason;
        QByteArray raw;
    };

    void connectNow();
    void handleConnected(int status);
    void handleDisconnected(int status);
    void scheduleReconnect(const QString &why);
    bool command(const QList<QByteArray> &args, ReplyHandler handler);
    void setUp();
    /// Reads this consumer's pending entries (from the start) before new ones.
    void readOwnPending();
    void readNext();
    void handleEntries(redisReply *entries);
    /// Commits `events` (the stream entries `eventIds`); after too many failed
    /// attempts splits the batch so that one entry cannot block the stream.
    /// Returns false when nothing may be acknowledged (retry later).
    bool commit(const QList<IngestEvent> &events, const QList<QByteArray> &eventIds, QList<DeadLetter> &dead);
    /// XACKs `ids` (committed), then writes the dead letters and XACKs each
    /// once Redis has stored it; reading goes on when all are answered.
    void acknowledge(const QList<QByteArray> &ids, const QList<DeadLetter> &dead, qsizetype entries);
    void sendAck(const QList<QByteArray> &ids);
    void retryLater(const QString &why);
    void adaptReadCount(qsizetype entries, qint64 bytes, qint64 largest);
    /// Test-only (WARROOMD_TEST_FAULT=stall-after-events:N): stops the whole
    /// process after the commit that brings the events committed to N,
    /// before its XACK, to be killed there.
    void faultAfterCommit(qsizetype entries);

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
    bool m_paused = false;
    quint64 m_generation = 0; ///< one per connection: replies of an old one are stale
    QString m_claimCursor = QStringLiteral("0-0");
    QByteArray m_pendingCursor = "0"; ///< own pending entries after this id are read next
    QByteArray m_scriptSha; ///< the size-bounded read script; empty: read by count only
    bool m_blockNext = false; ///< nothing new: wait for the next entry (XREADGROUP BLOCK)
    QString m_lastError;
    int m_initialBackoffMs = 100;
    int m_maxBackoffMs = 5000;
    int m_backoffMs = 100;
    int m_retryMs = 100; ///< before reading a batch again that failed to commit
    int m_readCount = 16; ///< grows to the batch size while entries are small
    QHash<QByteArray, int> m_commitAttempts; ///< entry id -> failed commits
    qint64 m_faultAfterEvents = 0;
    qint64 m_eventsCommitted = 0;
    QTimer m_claimTimer;
    QTimer m_retryTimer;
    qint64 m_entries = 0;
    qint64 m_acked = 0;
    qint64 m_deadLetters = 0;
    qint64 m_deadLetterFailures = 0;
    qint64 m_uncommittable = 0;
    qint64 m_reconnects = 0;
    qint64 m_claimed = 0;
    qint64 m_pauses = 0;
    qint64 m_failures = 0;
    qint64 m_largestBatchBytes = 0;
};

} // namespace warroom
