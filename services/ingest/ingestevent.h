#pragma once

#include "incident.h"
#include "result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace warroom {

/// What an event asks of the incident its dedup key names.
enum class IngestAction {
    Trigger, ///< open (or repeat) the incident
    Update, ///< attach to an open incident; nothing to open if there is none
    Acknowledge, ///< the source's on-call acknowledged it
    Resolve, ///< the source says it is over
};

QString toString(IngestAction action);

/// One normalised event from any source: a webhook alert, an EventBridge
/// alarm state change, a PagerDuty event, a cyber event from the stream.
struct IngestEvent
{
    QString eventId; ///< unique per event, source-prefixed ("alertmanager:…")
    QString source; ///< alertmanager, eventbridge, alert, pagerduty, cyber, stream
    IngestAction action = IngestAction::Trigger;
    QString dedupKey; ///< names one incident; empty: the event is its own incident
    QString title;
    QString description;
    QString service;
    QString priority; ///< P1..P4 or empty
    QString externalId;
    QJsonObject labels; ///< string values only
    QDateTime occurredAt;
    /// What was accepted but could not be read (a sender time that is no
    /// time, so the time of receipt stands in): in the answer and on the timeline.
    QStringList warnings;

    /// Checks what every source must satisfy (sizes, characters, label
    /// shapes): an InvalidInput error naming the field, or nothing.
    Status validate() const;
    /// The incident as the sender described it (title, description,
    /// service, priority, source, external id, labels); the ingestor adds
    /// the rest of a new incident's life.
    Incident described() const;

    /// Every field, as the webhook journal keeps it (docs/ingest.md).
    QJsonObject toJson() const;
    /// toJson() as compact JSON, written straight to `out` (every accepted
    /// webhook event is journaled so).
    void appendJson(QByteArray &out) const;
    /// An event from toJson()'s shape, checked again (validate()): a journal
    /// line that is not one is an InvalidInput error naming what is wrong.
    static Expected<IngestEvent> fromJson(const QJsonObject &json);
};

/// What became of one event.
struct IngestResult
{
    QString eventId;
    qint64 incidentId = 0; ///< 0: held by no incident ("ignored")
    QString outcome; ///< created, deduplicated, throttled, correlated, reopened, resolved,
                     ///< source_resolved, acknowledged, ignored, duplicate

    QJsonObject toJson() const;
};

/// A service name made safe for the incident (letters, digits, ._-; at most
/// 100 characters), or empty when nothing usable is left.
QString normaliseService(const QString &raw);
/// "P1".."P4" from a source's severity word (critical, high, error,
/// warning, info, …) or an explicit P1..P4; empty when unknown.
QString priorityFromSeverity(const QString &severity);
/// A short stable id: the first 32 hex digits of SHA-256 over `parts`.
QString shortHash(const QStringList &parts);

} // namespace warroom
