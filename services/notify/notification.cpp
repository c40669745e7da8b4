#include "notification.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace warroom {

QJsonObject Notification::toJson() const
{
    return QJsonObject {{u"event"_s, event}, {u"incident"_s, incidentId}, {u"key"_s, incidentKey},
                        {u"title"_s, title}, {u"text"_s, text},           {u"severity"_s, severity},
                        {u"url"_s, url},     {u"step"_s, stepId},         {u"external_ref"_s, externalRef}};
}

QJsonObject DeliveryResult::toJson() const
{
    return QJsonObject {{u"channel"_s, channel},
                        {u"event"_s, event},
                        {u"incident"_s, incidentId},
                        {u"ok"_s, ok},
                        {u"attempts"_s, attempts},
                        {u"status"_s, status},
                        {u"error"_s, error},
                        {u"external_id"_s, externalId},
                        {u"circuit_open"_s, circuitOpen},
                        {u"finished_at"_s, finishedAt.toUTC().toString(Qt::ISODateWithMs)},
                        {u"duration_ms"_s, durationMs}};
}

int RetryPolicy::delayAfter(int attempt, int retryAfterMs) const
{
    if (retryAfterMs >= 0)
        return std::min(retryAfterMs, maxDelayMs);
    qint64 delay = baseDelayMs;
    for (int i = 1; i < attempt && delay < maxDelayMs; ++i)
        delay *= 2;
    return int(std::min<qint64>(delay, maxDelayMs));
}

} // namespace warroom
