#pragma once

#include "circuitbreaker.h"
#include "notification.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>
#include <vector>

namespace warroom {

/// One way of telling people: renders a Notification and makes one
/// delivery attempt. Retries, back-off and the breaker are the
/// dispatcher's business; a channel only says whether a retry may help.
class NotificationChannel
{
public:
    using Done = std::function<void(const AttemptOutcome &)>;
    virtual ~NotificationChannel() = default;
    /// A unique name: "slack", "email", "jira", "webhook" (or "webhook:ops"...).
    virtual QString name() const = 0;
    /// Whether this channel has anything to do for `n` (Jira only acts on
    /// incident.major and incident.resolved, for instance).
    virtual bool accepts(const Notification &n) const
    {
        Q_UNUSED(n);
        return true;
    }
    /// One attempt; `done` is called exactly once, on the caller's thread.
    virtual void attempt(const Notification &n, int timeoutMs, Done done) = 0;
};

/// Sends notifications to channels with retries, exponential back-off
/// (honouring Retry-After) and one circuit breaker per channel. Every
/// delivery ends in exactly one delivered() signal, success or failure,
/// which the coordinator records on the incident's timeline.
class NotificationDispatcher final : public QObject
{
    Q_OBJECT
public:
    /// `clock`: monotonic milliseconds for the breakers (tests pass their own).
    explicit NotificationDispatcher(const RetryPolicy &policy = {}, std::function<qint64()> clock = {},
                                    QObject *parent = nullptr);
    ~NotificationDispatcher() override;

    /// Takes ownership. A second channel with the same name replaces the first.
    void addChannel(std::unique_ptr<NotificationChannel> channel);
    QStringList channelNames() const;

    /// Delivers `n` to every channel that accepts it (or only to `only`).
    /// Returns how many deliveries were started.
    int send(const Notification &n, const QStringList &only = {});

    CircuitBreaker::State breakerState(const QString &channel) const;
    /// Deliveries started and not yet reported.
    int pending() const { return m_pending; }
    const RetryPolicy &policy() const { return m_policy; }

Q_SIGNALS:
    void delivered(const warroom::DeliveryResult &result);

private:
    struct Entry
    {
        std::unique_ptr<NotificationChannel> channel;
        std::unique_ptr<CircuitBreaker> breaker;
    };
    void tryOnce(const QString &channel, const Notification &n, int attempt, qint64 startedMs);
    void finish(DeliveryResult result, qint64 startedMs);
    Entry *entry(const QString &name);

    RetryPolicy m_policy;
    std::function<qint64()> m_clock;
    std::vector<Entry> m_channels;
    int m_pending = 0;
};

} // namespace warroom
