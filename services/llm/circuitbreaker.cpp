#include "circuitbreaker.h"

#include <QElapsedTimer>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace warroom {

CircuitBreaker::CircuitBreaker(int threshold, int cooldownMs, std::function<qint64()> clock)
    : m_threshold(std::max(1, threshold))
    , m_cooldownMs(std::max(0, cooldownMs))
    , m_clock(std::move(clock))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] { return timer->elapsed(); };
    }
}

CircuitBreaker::State CircuitBreaker::state() const
{
    if (!m_open)
        return State::Closed;
    return now() - m_openedAt >= m_cooldownMs ? State::HalfOpen : State::Open;
}

qint64 CircuitBreaker::remainingCooldownMs() const
{
    return m_open ? std::max<qint64>(0, m_cooldownMs - (now() - m_openedAt)) : 0;
}

bool CircuitBreaker::allow()
{
    switch (state()) {
    case State::Closed: return true;
    case State::Open: return false;
    case State::HalfOpen:
        if (m_trialInFlight)
            return false;
        m_trialInFlight = true;
        return true;
    }
    return false;
}

void CircuitBreaker::recordSuccess()
{
    m_failures = 0;
    m_open = false;
    m_trialInFlight = false;
}

void CircuitBreaker::recordFailure()
{
    ++m_failures;
    // A failed trial re-opens at once; otherwise the threshold decides.
    if (m_trialInFlight || m_failures >= m_threshold) {
        m_open = true;
        m_openedAt = now();
    }
    m_trialInFlight = false;
}

QString toString(CircuitBreaker::State state)
{
    switch (state) {
    case CircuitBreaker::State::Closed: return u"closed"_s;
    case CircuitBreaker::State::Open: return u"open"_s;
    case CircuitBreaker::State::HalfOpen: return u"half-open"_s;
    }
    return {};
}

} // namespace warroom
