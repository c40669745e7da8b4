#pragma once

#include "ingestevent.h"

#include <QByteArray>
#include <QJsonObject>

namespace warroom {

/// Payload parsers: each turns what a monitoring tool sends into normalised
/// events, or an InvalidInput error naming the field. Nothing is partially
/// accepted: one bad alert rejects the whole payload.
namespace ingest {

/// Parses a request body that must be one JSON object.
Expected<QJsonObject> parseObject(const QByteArray &body);

/// Prometheus Alertmanager webhook, version 4: one event per alert, one
/// incident per alert group (dedup key from the group key). An alert that
/// resolves while its group still fires only updates the incident; when
/// the group resolves, its incident resolves.
Expected<QList<IngestEvent>> alertmanager(const QJsonObject &body);

/// A CloudWatch alarm state change as EventBridge delivers it
/// (detail-type "CloudWatch Alarm State Change"). ALARM triggers, OK
/// resolves, INSUFFICIENT_DATA updates. One incident per alarm.
Expected<IngestEvent> eventBridge(const QJsonObject &body);

/// The older `/alert` shape: {"incident_id": "...", "detail": {alarm detail}}
/// (optionally with the EventBridge envelope's resources, region, account).
Expected<IngestEvent> alertWrapper(const QJsonObject &body);

/// PagerDuty Events API v2 (enqueue): trigger, acknowledge, resolve with
/// dedup_key. `dedupKey` receives the key the answer must name (generated
/// for a trigger without one, as PagerDuty does).
Expected<IngestEvent> pagerDuty(const QJsonObject &body, QString *dedupKey = nullptr, QStringList *problems = nullptr);

/// One stream entry: a normalised cyber event (category, technique, hosts,
/// users, indicators) or a generic incident (the POST /api/v1/incidents
/// shape plus an optional event_id and dedup_key). `fallbackId` (the stream
/// entry id) names an event without an event_id.
Expected<IngestEvent> streamEvent(const QJsonObject &body, const QString &fallbackId);

/// The four cyber categories of the taxonomy.
const QStringList &cyberCategories();

} // namespace ingest
} // namespace warroom
