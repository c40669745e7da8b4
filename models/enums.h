#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace warroom {

/// The incident workflow states of the design's lifecycle.
enum class IncidentState {
    New,
    Triaged,
    Planned,
    AwaitingApproval,
    Executing,
    Validating,
    Resolved,
    Failed,
    Escalated,
    RolledBack,
    Closed,
};

enum class Severity { Unknown, Sev1, Sev2, Sev3, Sev4 };

enum class StepKind { Diagnose, Snapshot, Remediate, Validate, Rollback, Communicate, Manual };

enum class Risk { Low, Medium, High };

/// Where a plan step is in its own life. Whether it is approved is derived
/// from its approvals at a given time, never stored.
enum class StepState { Pending, Running, Succeeded, Failed, Rejected, Skipped };

enum class Role { Viewer, Responder, Mim, ChangeApprover, Admin, System };

QString toString(IncidentState state);
QString toString(Severity severity);
QString toString(StepKind kind);
QString toString(Risk risk);
QString toString(StepState state);
QString toString(Role role);

std::optional<IncidentState> incidentStateFromString(const QString &text);
std::optional<Severity> severityFromString(const QString &text);
std::optional<StepKind> stepKindFromString(const QString &text);
std::optional<Risk> riskFromString(const QString &text);
std::optional<StepState> stepStateFromString(const QString &text);
std::optional<Role> roleFromString(const QString &text);

/// All role names users may hold (not the internal `system`).
QStringList userRoleNames();

/// True for the states no step may run in and no approval may be given in.
bool isTerminal(IncidentState state);

/// True for steps that change systems: remediate and rollback steps.
bool kindMutates(StepKind kind);

} // namespace warroom
