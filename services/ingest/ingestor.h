#pragma once

#include "config.h"
#include "coordinator.h"
#include "ingestevent.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace warroom {

/// Turns normalised events into incidents: dedup on the event id (a repeat
/// is a "duplicate" and changes nothing), one incident per dedup key with a
/// counter and timeline entries, correlation of one service's events inside
/// a window, flap damping, a throttle per alert group, and source resolves.
/// A batch is committed in one transaction through the coordinator.
class Ingestor final : public QObject
{
    Q_OBJECT

public:
    Ingestor(Coordinator &coordinator, const IngestSettings &settings, QObject *parent = nullptr);

    /// Ingests a batch. On an error nothing of it is stored.
    Expected<QList<IngestResult>> ingest(const User &actor, const QList<IngestEvent> &events);

    /// The stored event and the incident holding it (summary), or NotFound.
    Expected<QJsonObject> event(const QString &eventId);

    /// "source|outcome" -> events since start.
    const QHash<QString, qint64> &counters() const { return m_counters; }
    /// Prometheus text for the counters.
    QByteArray metricsText() const;
    const IngestSettings &settings() const { return m_settings; }
    Coordinator &coordinator() { return m_coordinator; }

private:
    struct ServiceSeen
    {
        qint64 incidentId = 0;
        QDateTime at;
    };

    Coordinator &m_coordinator;
    IngestSettings m_settings;
    QHash<qint64, QDateTime> m_lastTimeline; ///< incident -> last audited event (throttle)
    QHash<QString, ServiceSeen> m_services; ///< service -> last incident it correlated into
    QHash<QString, qint64> m_counters;
};

} // namespace warroom
