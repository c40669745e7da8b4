#include "ratelimiter.h"

#include <cmath>

namespace warroom {

RateLimiter::RateLimiter(double ratePerSecond, double burst)
    : m_rate(ratePerSecond)
    , m_burst(std::max(1.0, burst))
{ }

int RateLimiter::acquire(const QString &key, qint64 nowMs)
{
    if (m_rate <= 0)
        return 0;
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        if (m_buckets.size() > 10000)
            m_buckets.clear(); // many one-off senders: forget them rather than grow
        it = m_buckets.insert(key, Bucket {m_burst, nowMs});
    }
    Bucket &b = *it;
    b.tokens = std::min(m_burst, b.tokens + double(std::max<qint64>(0, nowMs - b.lastMs)) * m_rate / 1000.0);
    b.lastMs = nowMs;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max(1, int(std::ceil((1.0 - b.tokens) / m_rate)));
}

} // namespace warroom
