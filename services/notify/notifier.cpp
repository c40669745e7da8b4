#include "notifier.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace warroom {

NotificationDispatcher::NotificationDispatcher(const RetryPolicy &policy, std::function<qint64()> clock,
                                               QObject *parent)
    : QObject(parent)
    , m_policy(policy)
    , m_clock(std::move(clock))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] { return timer->elapsed(); };
    }
}

NotificationDispatcher::~NotificationDispatcher() = default;

void NotificationDispatcher::addChannel(std::unique_ptr<NotificationChannel> channel)
{
    const QString name = channel->name();
    auto breaker = std::make_unique<CircuitBreaker>(m_policy.breakerThreshold, m_policy.breakerCooldownMs, m_clock);
    if (Entry *e = entry(name)) {
        e->channel = std::move(channel);
        e->breaker = std::move(breaker);
        return;
    }
    m_channels.push_back(Entry {std::move(channel), std::move(breaker)});
}

QStringList NotificationDispatcher::channelNames() const
{
    QStringList names;
    for (const Entry &e : m_channels)
        names << e.channel->name();
    return names;
}

NotificationDispatcher::Entry *NotificationDispatcher::entry(const QString &name)
{
    for (Entry &e : m_channels)
        if (e.channel->name() == name)
            return &e;
    return nullptr;
}

CircuitBreaker::State NotificationDispatcher::breakerState(const QString &channel) const
{
    for (const Entry &e : m_channels)
        if (e.channel->name() == channel)
            return e.breaker->state();
    return CircuitBreaker::State::Closed;
}

int NotificationDispatcher::send(const Notification &n, const QStringList &only)
{
    int started = 0;
    for (const Entry &e : m_channels) {
        const QString name = e.channel->name();
        if (!only.isEmpty() && !only.contains(name))
            continue;
        if (!e.channel->accepts(n))
            continue;
        ++m_pending;
        ++started;
        const qint64 startedMs = m_clock();
        // Always asynchronous, so callers connect before any result arrives.
        QTimer::singleShot(0, this, [this, name, n, startedMs] { tryOnce(name, n, 1, startedMs); });
    }
    return started;
}

void NotificationDispatcher::tryOnce(const QString &channel, const Notification &n, int attempt, qint64 startedMs)
{
    DeliveryResult result;
    result.channel = channel;
    result.event = n.event;
    result.incidentId = n.incidentId;
    result.attempts = attempt - 1;
    Entry *e = entry(channel);
    if (!e) {
        result.error = u"channel %1 was removed"_s.arg(channel);
        finish(result, startedMs);
        return;
    }
    if (!e->breaker->allow()) {
        result.circuitOpen = true;
        result.error = u"circuit open after %1 failed attempts; next try in %2 s"_s.arg(e->breaker->threshold())
                           .arg((e->breaker->remainingCooldownMs() + 999) / 1000);
        finish(result, startedMs);
        return;
    }
    QPointer<NotificationDispatcher> self(this);
    e->channel->attempt(n, m_policy.timeoutMs, [self, channel, n, attempt, startedMs](const AttemptOutcome &out) {
        if (!self)
            return;
        Entry *e = self->entry(channel);
        DeliveryResult result;
        result.channel = channel;
        result.event = n.event;
        result.incidentId = n.incidentId;
        result.attempts = attempt;
        result.status = out.status;
        result.error = out.error;
        result.externalId = out.externalId;
        result.ok = out.ok;
        if (out.ok) {
            if (e)
                e->breaker->recordSuccess();
            self->finish(result, startedMs);
            return;
        }
        // Every attempt the breaker allowed reports its outcome to it.
        if (e)
            e->breaker->recordFailure();
        if (out.retryable && attempt < self->m_policy.maxAttempts) {
            const int delay = self->m_policy.delayAfter(attempt, out.retryAfterMs);
            QTimer::singleShot(delay, self.data(), [self, channel, n, attempt, startedMs] {
                self->tryOnce(channel, n, attempt + 1, startedMs);
            });
            return;
        }
        self->finish(result, startedMs);
    });
}

void NotificationDispatcher::finish(DeliveryResult result, qint64 startedMs)
{
    result.finishedAt = QDateTime::currentDateTimeUtc();
    result.durationMs = m_clock() - startedMs;
    --m_pending;
    Q_EMIT delivered(result);
}

} // namespace warroom
