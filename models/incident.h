#pragma once

#include "enums.h"
#include "result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace warroom {

/// An incident as reported, plus the fields the workflow keeps on it.
struct Incident
{
    qint64 id = 0;
    QString externalId; ///< the sender's id; a repeat returns the same incident
    QString title;
    QString description;
    QString service;
    QString priority; ///< P1..P4 as the source sent it, or empty
    QString source; ///< console, rest, alertmanager, eventbridge, pagerduty, redis ...
    QString owner;
    QString reportedBy;
    IncidentState state = IncidentState::New;
    Severity severity = Severity::Unknown;
    bool restricted = false; ///< never sent to an LLM
    /// Major-incident status: "" (none), "candidate" (triage thinks MIM
    /// review is needed), "declared" or "rejected" (a person decided).
    QString major;
    QString majorBy;
    QString majorReason;
    /// Incident command: one accountable commander, a comms lead who
    /// publishes the status updates, a scribe who keeps the record.
    QString commander;
    QString commsLead;
    QString scribe;
    /// Who declared `severity` and why (the AI only proposes one).
    QString severityBy;
    QString severityReason;
    /// The lab scenario when this incident is a drill, else empty.
    QString drill;
    /// Response times: the first acknowledgement by a person, when the
    /// impact was mitigated (first successful change, or a person's word),
    /// and when it was last resolved.
    QString acknowledgedBy;
    QDateTime acknowledgedAt;
    QDateTime mitigatedAt;
    QDateTime resolvedAt;
    /// Where the incident lives elsewhere: {"jira": "OPS-12", ...}.
    QJsonObject externalRefs;
    QJsonObject labels;
    qint64 eventCount = 1;
    /// What the monitoring source last said: "" (not ingested), "firing",
    /// "acknowledged" or "resolved". Separate from the workflow state.
    QString sourceStatus;
    qint64 flapCount = 0; ///< times the source re-fired shortly after resolving
    bool flapping = false; ///< damped: source resolves no longer resolve it
    QDateTime lastEventAt; ///< the last ingested event held by this incident
    QDateTime createdAt;
    QDateTime updatedAt;

    /// "INC-42": how people say it.
    QString key() const;

    QJsonObject toJson() const;
    /// Whether toCompactJson() writes id, key, created_at and updated_at.
    enum class Identity { Included, Left };
    /// The same as QJsonDocument(toJson()).toJson(Compact), written
    /// directly (the ingest and triage paths write one per incident);
    /// Identity::Left: as if those four keys were removed first (what an
    /// "incident.created" event records: the store gives them).
    QByteArray toCompactJson(Identity identity = Identity::Included) const;
    /// Decodes a stored or API incident (all fields).
    static Expected<Incident> fromJson(const QJsonObject &json);
    /// Decodes and validates a submission: only the fields a sender may set.
    static Expected<Incident> fromSubmission(const QJsonObject &json);

    /// Where it happens: its environment label, a drill's lab (uat), else prod.
    QString environment() const;

    bool operator==(const Incident &) const = default;
};

/// The environment a sender's labels name (`environment`, else `env`),
/// lower case, "production" as "prod"; empty when they name none.
QString environmentLabel(const QJsonObject &labels);

} // namespace warroom
