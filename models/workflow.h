#pragma once

#include <optional>

#include "incidentrecord.h"
#include "user.h"

#include <QDateTime>
#include <QJsonObject>

#include <variant>

namespace warroom {

/// What the state machine needs from outside: the time, the global freeze
/// and the approval time-to-live. Passing these in keeps it pure.
struct WorkflowContext
{
    QDateTime now;
    bool frozen = false;
    qint64 approvalTtlSeconds = 30 * 60;
};

namespace command {
struct Triage
{
    Classification classification;
    QList<KnowledgeMatch> matches;
    /// The caller writes the event's payload itself, straight to bytes from
    /// the record (the triage pool does): the transition's payload is left
    /// empty. triagedPayload() gives the object when it is needed after all.
    bool payloadFromRecord = false;
};
struct ProposePlan
{
    Plan plan;
    /// As for Triage: the caller writes {"plan": ...} from the record (the
    /// triage pool, with Plan::toCompactJson), the transition leaves it empty.
    bool payloadFromRecord = false;
};
struct RequestApproval
{
};
struct Approve
{
    QString stepId;
    QString comment;
    QString contentHash;
};
struct Reject
{
    QString stepId;
    QString reason;
};
struct EditStep
{
    PlanStep step;
};
struct SkipStep
{
    QString stepId;
    QString reason;
};
struct StartStep
{
    QString stepId;
    /// The run the coordinator starts for a playbook step (outcome "running").
    std::optional<ExecutionRun> run;
};
struct FinishStep
{
    QString stepId;
    bool succeeded = false;
    QString summary;
    /// The finished run of a playbook step; replaces the running one.
    std::optional<ExecutionRun> run;
};
struct AddRollback
{
    QString stepId;
    PlanStep rollback;
};
struct Assign
{
    QString owner;
};
struct Escalate
{
    QString reason;
};
struct Resolve
{
    QString summary;
};
struct Close
{
    QString summary;
};
/// A person declares the incident a major incident (the AI never does).
struct Promote
{
    QString reason;
};
/// A person decides it is not a major incident, with the reason.
struct Demote
{
    QString reason;
};
/// Appends a new step to a plan in progress (e.g. the production step
/// after the same playbook passed in UAT); it needs its own approvals.
struct AddStep
{
    PlanStep step;
};
/// Names the incident command: a commander (one accountable person), a
/// comms lead and a scribe. Unset fields stay as they are; an empty string
/// clears a role.
struct AssignRoles
{
    std::optional<QString> commander;
    std::optional<QString> commsLead;
    std::optional<QString> scribe;
};
/// A person has seen the incident and is on it.
struct Acknowledge
{
    QString note;
};
/// A person declares the severity (triage only proposes one).
struct DeclareSeverity
{
    Severity severity = Severity::Unknown;
    QString reason;
};
/// A person states that the impact is mitigated (service restored for
/// users, the cause may still be there).
struct Mitigate
{
    QString summary;
};
/// A person's task cannot go on (or can again).
struct SetTaskBlocked
{
    QString stepId;
    bool blocked = true;
    QString reason;
};
/// The coordinator escalates an overdue or blocked task to the commander.
struct EscalateTask
{
    QString stepId;
    QString reason; ///< overdue or blocked
};
/// Publishes a status update a person wrote (or edited from a draft).
struct PublishStatus
{
    QString audience;
    QString text;
};
/// Replaces what people wrote for the postmortem.
struct UpdatePostmortem
{
    PostmortemNotes notes;
};
/// Records where the incident lives in another system (a Jira key...).
struct LinkExternal
{
    QString system;
    QString ref;
};
} // namespace command

using Command
    = std::variant<command::Triage, command::ProposePlan, command::RequestApproval, command::Approve, command::Reject,
                   command::EditStep, command::SkipStep, command::StartStep, command::FinishStep, command::AddRollback,
                   command::Assign, command::Escalate, command::Resolve, command::Close, command::Promote,
                   command::Demote, command::AddStep, command::AssignRoles, command::Acknowledge,
                   command::DeclareSeverity, command::Mitigate, command::SetTaskBlocked, command::EscalateTask,
                   command::PublishStatus, command::UpdatePostmortem, command::LinkExternal>;

/// An accepted command: the new record and the audit event that records it.
struct Transition
{
    IncidentRecord record;
    QString eventType;
    QJsonObject eventPayload;
};

/// Where a step stands with its approvals at a given time.
struct ApprovalStatus
{
    int needed = 1;
    QStringList approvers; ///< distinct, valid, counted
    QStringList expired; ///< signed the current content, but too long ago
    QStringList voided; ///< signed content that has since changed
    bool satisfied() const { return approvers.size() >= needed; }
};

/// The role names that may approve `step` (its own, or the default approvers).
QStringList approverRoles(const PlanStep &step);

/// Counts the valid approvals of `step`: right role, not the requester,
/// current content hash, within the time-to-live, one per person.
ApprovalStatus approvalStatus(const IncidentRecord &record, const PlanStep &step, const WorkflowContext &context);

/// The payload of "incident.triaged": what was classified and matched.
QJsonObject triagedPayload(const Classification &classification, const QList<KnowledgeMatch> &matches);

/// Nothing when `actor` has one of `roles`, else Forbidden: "`what` needs one
/// of the roles ...; NAME has ...".
std::optional<Error> requireRole(const User &actor, const QList<Role> &roles, const QString &what);

/// Applies `command` by `actor`: the new record and its audit event, or the
/// refusal with its reason (Forbidden for a role, Conflict for a rule,
/// NotFound for an unknown step, InvalidInput for a malformed command).
Expected<Transition> applyCommand(const IncidentRecord &record, const Command &command, const User &actor,
                                  const WorkflowContext &context);

/// The audit event type a command produces, e.g. "step.approved".
QString eventTypeOf(const Command &command);

} // namespace warroom
