#pragma once

#include "authenticator.h"
#include "ingestor.h"
#include "ratelimiter.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
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
    /// The sender of a PagerDuty event: the bearer token if there is an
    /// Authorization header, else a configured integration's routing key.
    Expected<User> pagerDutySender(const QHttpServerRequest &request, const QJsonObject *body) const;
    Ingestor::Commit webhookCommit() const;

    Ingestor &m_ingestor;
    Authenticator m_auth; ///< the configured users, for the PagerDuty route's own check
    QHash<QString, User> m_routingKeys; ///< SHA-256 of a routing key -> the integration
    RateLimiter m_limiter;
    QElapsedTimer m_clock;
    QHash<QString, qint64> m_rateLimited;
};

} // namespace warroom
