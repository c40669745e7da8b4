#pragma once

#include "apiserver.h"
#include "authenticator.h"
#include "ingestjournal.h"
#include "ingestor.h"
#include "ratelimiter.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QObject>
#include <QTimer>

#include <memory>

namespace warroom {

class RedisStreamConsumer;

/// The ingestion endpoints on the API server: Alertmanager, EventBridge,
/// `/alert`, PagerDuty Events v2 and `GET /api/v1/events/{event_id}`, with
/// a per-source rate limit (429 with Retry-After), plus the ingestion
/// counters on /metrics and the stream's state on /healthz.
class IngestApi final : public QObject
{
    Q_OBJECT

public:
    IngestApi(Ingestor &ingestor, const IngestSettings &settings, QObject *parent = nullptr);
    /// Commits and answers what is still waiting for its turn.
    ~IngestApi() override;

    /// Adds the routes and the /metrics and /healthz sources. `stream` may be
    /// null (no Redis configured); both must outlive the server.
    void install(ApiServer &server, const RedisStreamConsumer *stream);

    qint64 rateLimited(const QString &source) const { return m_rateLimited.value(source); }
    /// Webhook commits so far, and the requests they carried (the requests
    /// of one event-loop turn are committed together).
    qint64 commits() const { return m_commits; }
    qint64 committedRequests() const { return m_committedRequests; }
    /// Commits the waiting requests (one ingest per run of one sender) and
    /// answers each; at the end of each turn, and at shutdown.
    void flush();
    /// Requests checked and waiting for the end of this turn's commit.
    qsizetype waiting() const { return m_waiting.size(); }

    /// With `ingest.webhook_answer: journaled`: opens the webhook journal at
    /// `path` and queues what it holds that is not committed yet (the events
    /// the store knows by id are left out). Returns the events queued again.
    Expected<qsizetype> openJournal(const QString &path);
    /// Journaled events not committed yet.
    qsizetype journalBacklog() const { return m_backlogEvents; }
    /// Commits the next batch of journaled events now (normally a timer's
    /// job: when a batch is full, or its oldest event waited journal_max_delay_ms).
    void drainJournal();
    /// For tests: runs after each request is queued, before its turn's
    /// commit (where a shutdown may land).
    void setAfterQueued(std::function<void()> hook) { m_afterQueued = std::move(hook); }

private:
    /// 0 when `source` may go ahead for `user`, else the seconds to wait.
    int admit(const QString &source, const User &user);
    /// The sender of a PagerDuty event: the bearer token if there is an
    /// Authorization header, else a configured integration's routing key.
    Expected<User> pagerDutySender(const QHttpServerRequest &request, const QJsonObject *body) const;
    Ingestor::Commit webhookCommit() const;
    /// Queues a checked request's events for the commit at the end of this
    /// event-loop turn; `answer` turns its results into the reply.
    void enqueue(const User &user, QList<IngestEvent> events,
                 std::function<HttpReply(const QList<IngestResult> &)> answer, ApiServer::Reply reply);

    struct Waiting
    {
        User user;
        QList<IngestEvent> events;
        std::function<HttpReply(const QList<IngestResult> &)> answer;
        ApiServer::Reply reply;
    };
    /// Writes the waiting requests to the journal with one write, then
    /// answers each 202 (or 503 when the write failed: nothing accepted).
    void journalWaiting(const QList<Waiting> &waiting);
    /// Starts the drain timer for when the next batch is due (not sooner than `atLeast` ms).
    void scheduleDrain(qint64 atLeast = 0);
    /// Milliseconds until the next batch is due (0: now); the backlog is not empty.
    qint64 drainDueIn() const;

    QList<Waiting> m_waiting;
    qsizetype m_waitingEvents = 0;
    std::function<void()> m_afterQueued;
    bool m_flushScheduled = false;
    qint64 m_commits = 0;
    qint64 m_committedRequests = 0;

    Ingestor &m_ingestor;
    Authenticator m_auth; ///< the configured users, for the PagerDuty route's own check
    QHash<QString, User> m_routingKeys; ///< SHA-256 of a routing key -> the integration
    RateLimiter m_limiter;
    QElapsedTimer m_clock;
    QHash<QString, qint64> m_rateLimited;

    // The webhook journal (null: webhooks are answered after their commit).
    struct Journaled
    {
        IngestJournal::Entry entry;
        qint64 at = 0; ///< m_clock when it was journaled
    };
    std::unique_ptr<IngestJournal> m_journal;
    QList<Journaled> m_backlog; ///< oldest first
    qsizetype m_backlogEvents = 0;
    QHash<QString, QString> m_queuedEvents; ///< journaled, not committed: event id -> source
    QTimer m_drainTimer;
    qint64 m_lastRequestAt = 0; ///< m_clock when the last webhook was queued
    qint64 m_journaledEvents = 0;
    qint64 m_journalFull = 0; ///< requests answered 429 because the backlog was full
    qint64 m_journalDrains = 0;
    qint64 m_journalFailures = 0; ///< batches that failed to commit (retried)
    qint64 m_journalDropped = 0; ///< events that can never be committed, left out
};

} // namespace warroom
