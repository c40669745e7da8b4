#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace warroom {

/// What the coordinator wants people to hear about. One Notification is
/// sent to every configured channel; each channel renders it in its own
/// format (Slack Block Kit, an e-mail, a Jira issue or comment, JSON).
struct Notification
{
    /// What happened: incident.major (Jira creates an issue),
    /// incident.resolved (Jira comments on `externalRef`),
    /// step.approval_needed (Slack shows the Approve button), status.update,
    /// task.overdue, or any other dotted name.
    QString event;
    qint64 incidentId = 0;
    QString incidentKey; ///< "INC-42"
    QString title; ///< one line
    QString text; ///< plain text body, several lines allowed
    QString severity; ///< sev1..sev4 or empty
    QString url; ///< the console/API link to the incident's timeline
    QString stepId; ///< the step an approval is asked for (Approve button)
    QString contentHash; ///< that step's content hash: the button approves only this content
    QString externalRef; ///< e.g. the Jira issue key to comment on
    QStringList recipients; ///< e-mail recipients (empty: the channel's default)

    QJsonObject toJson() const;
};

/// The outcome of one delivery attempt, as a channel reports it.
struct AttemptOutcome
{
    bool ok = false;
    bool retryable = false; ///< a later attempt may succeed (5xx, 429, network)
    int status = 0; ///< HTTP status or SMTP reply code; 0 for none
    QString error; ///< why it failed, for people
    QString externalId; ///< Slack ts, Jira issue key, SMTP queue reply...
    int retryAfterMs = -1; ///< the server's Retry-After, if it sent one
};

/// The final result of delivering one Notification to one channel: what
/// the coordinator records on the incident's timeline.
struct DeliveryResult
{
    QString channel; ///< the channel's name, e.g. "slack", "email", "jira"
    QString event;
    qint64 incidentId = 0;
    bool ok = false;
    int attempts = 0;
    int status = 0;
    QString error;
    QString externalId;
    bool circuitOpen = false; ///< refused without a call: the breaker is open
    QDateTime finishedAt;
    qint64 durationMs = 0;

    /// notification.delivered or notification.failed
    QString auditType() const
    {
        return ok ? QStringLiteral("notification.delivered") : QStringLiteral("notification.failed");
    }
    /// {"channel","event","incident","ok","attempts","status","error","external_id","circuit_open","finished_at","duration_ms"}
    QJsonObject toJson() const;
};

/// How often and how patiently a delivery is retried.
struct RetryPolicy
{
    int maxAttempts = 4; ///< including the first
    int baseDelayMs = 500; ///< delay before attempt n+1 is base * 2^(n-1)
    int maxDelayMs = 30000; ///< cap, also for a server's Retry-After
    int timeoutMs = 10000; ///< per attempt
    int breakerThreshold = 5; ///< consecutive failed attempts that open a channel's breaker
    int breakerCooldownMs = 60000;

    /// Delay before attempt `attempt + 1` (attempt counts from 1).
    int delayAfter(int attempt, int retryAfterMs = -1) const;
};

} // namespace warroom
