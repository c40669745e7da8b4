#pragma once

#include <QString>

#include <functional>

namespace warroom {

/// Stops calling a dependency that keeps failing.
///
/// Closed: calls go through; `threshold` failures in a row open it. Open:
/// calls are refused at once until `cooldownMs` have passed. Half-open:
/// one trial call goes through (others are refused); its success closes
/// the breaker, its failure opens it for another cool-down.
class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };

    /// `clock` returns milliseconds on a monotonic scale (tests pass their own).
    explicit CircuitBreaker(int threshold = 5, int cooldownMs = 30000, std::function<qint64()> clock = {});

    /// Whether a call may go out now; in half-open state, true once for the
    /// trial call. A caller that was allowed must report the outcome.
    bool allow();
    void recordSuccess();
    void recordFailure();

    /// The state now (an open breaker whose cool-down is over reads half-open).
    State state() const;
    int consecutiveFailures() const { return m_failures; }
    /// Milliseconds until an open breaker lets a trial call through.
    qint64 remainingCooldownMs() const;

    int threshold() const { return m_threshold; }
    int cooldownMs() const { return m_cooldownMs; }

private:
    qint64 now() const { return m_clock(); }

    int m_threshold;
    int m_cooldownMs;
    std::function<qint64()> m_clock;
    int m_failures = 0;
    bool m_open = false;
    bool m_trialInFlight = false;
    qint64 m_openedAt = 0;
};

QString toString(CircuitBreaker::State state);

} // namespace warroom
