#pragma once

#include <QHash>
#include <QString>

namespace warroom {

/// Token buckets per key (source and user): `rate` requests a second with
/// bursts of up to `burst`. Storm control answers 429 with Retry-After
/// instead of falling over.
class RateLimiter final
{
public:
    RateLimiter(double ratePerSecond, double burst);

    /// Takes one token for `key` at `nowMs` (a monotonic clock): 0 when
    /// allowed, else the whole seconds (>= 1) to wait before a retry.
    int acquire(const QString &key, qint64 nowMs);
    bool enabled() const { return m_rate > 0; }
    double rate() const { return m_rate; }

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 lastMs = 0;
    };
    double m_rate;
    double m_burst;
    QHash<QString, Bucket> m_buckets;
};

} // namespace warroom
