#pragma once

#include "ingestor.h"
#include "ratelimiter.h"

#include <QElapsedTimer>
#include <QObject>

namespace warroom {

class ApiServer;
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

    /// Adds the routes and the /metrics and /healthz sources. `stream` may be
    /// null (no Redis configured); both must outlive the server.
    void install(ApiServer &server, const RedisStreamConsumer *stream);

    qint64 rateLimited(const QString &source) const { return m_rateLimited.value(source); }

private:
    /// 0 when `source` may go ahead for `user`, else the seconds to wait.
    int admit(const QString &source, const User &user);

    Ingestor &m_ingestor;
    RateLimiter m_limiter;
    QElapsedTimer m_clock;
    QHash<QString, qint64> m_rateLimited;
};

} // namespace warroom
