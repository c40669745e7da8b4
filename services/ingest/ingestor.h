#pragma once

#include "config.h"
#include "coordinator.h"
#include "ingestevent.h"

#include <QHash>
#include <QObject>
#include <QPair>

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

    /// How a batch is committed. Durable: synced to disk before ingest()
    /// returns (SQLite synchronous=FULL), for senders that forget an event
    /// once it is acknowledged (the Redis stream's XACK).
    enum class Commit { Normal, Durable };

    /// Ingests a batch. On an error nothing of it is stored.
    Expected<QList<IngestResult>> ingest(const User &actor, const QList<IngestEvent> &events,
                                         Commit commit = Commit::Normal);

    /// The stored event and the incident holding it (summary), or NotFound.
    Expected<QJsonObject> event(const QString &eventId);

    /// "source|outcome" -> events since start.
    const QHash<QString, qint64> &counters() const { return m_counters; }
    /// Prometheus text for the counters, and the throttle's busiest alert
    /// groups (at most kTopThrottledGroups, so the label count stays bounded).
    QByteArray metricsText() const;
    static constexpr int kTopThrottledGroups = 10;

    /// Events the throttle folded into one alert group (dedup key).
    struct GroupThrottle
    {
        QString source;
        qint64 incidentId = 0;
        qint64 events = 0;
    };
    /// The alert groups with the most throttled events, most first.
    QList<QPair<QString, GroupThrottle>> topThrottledGroups(int n) const;
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
    static constexpr qsizetype kMaxThrottledGroups = 10000;
    static constexpr qsizetype kMaxCachedRecords = 4096;
    /// One attempt; `cached` (if given) allows records from m_records and
    /// receives the ids taken from there.
    Expected<QList<IngestResult>> ingestOnce(const User &actor, const QList<IngestEvent> &events, Commit commit,
                                             QList<qint64> *cached);
    /// Keeps the busiest groups when too many are tracked.
    void pruneThrottledGroups();

    QHash<QString, QDateTime> m_lastTimeline; ///< alert group (dedup key) -> last audited event (throttle)
    QHash<QString, GroupThrottle> m_throttledGroups; ///< alert group -> throttled events since start
    QHash<qint64, IncidentRecord> m_records; ///< open incidents as this ingestor last committed them
    QHash<QString, ServiceSeen> m_services; ///< service -> last incident it correlated into
    QHash<QString, qint64> m_counters;
};

} // namespace warroom
