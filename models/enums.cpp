#include "enums.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

template<typename E, std::size_t N>
QString lookupName(const std::array<std::pair<E, QLatin1StringView>, N> &table, E value)
{
    for (const auto &[e, name] : table) {
        if (e == value)
            return QString(name);
    }
    return {};
}

template<typename E, std::size_t N>
std::optional<E> lookupValue(const std::array<std::pair<E, QLatin1StringView>, N> &table, const QString &text)
{
    for (const auto &[e, name] : table) {
        if (text == name)
            return e;
    }
    return std::nullopt;
}

constexpr std::array kIncidentStates {
    std::pair {IncidentState::New, "new"_L1},
    std::pair {IncidentState::Triaged, "triaged"_L1},
    std::pair {IncidentState::Planned, "planned"_L1},
    std::pair {IncidentState::AwaitingApproval, "awaiting_approval"_L1},
    std::pair {IncidentState::Executing, "executing"_L1},
    std::pair {IncidentState::Validating, "validating"_L1},
    std::pair {IncidentState::Resolved, "resolved"_L1},
    std::pair {IncidentState::Failed, "failed"_L1},
    std::pair {IncidentState::Escalated, "escalated"_L1},
    std::pair {IncidentState::RolledBack, "rolled_back"_L1},
    std::pair {IncidentState::Closed, "closed"_L1},
};

constexpr std::array kSeverities {
    std::pair {Severity::Unknown, "unknown"_L1}, std::pair {Severity::Sev1, "SEV1"_L1},
    std::pair {Severity::Sev2, "SEV2"_L1},       std::pair {Severity::Sev3, "SEV3"_L1},
    std::pair {Severity::Sev4, "SEV4"_L1},
};

constexpr std::array kStepKinds {
    std::pair {StepKind::Diagnose, "diagnose"_L1},   std::pair {StepKind::Snapshot, "snapshot"_L1},
    std::pair {StepKind::Remediate, "remediate"_L1}, std::pair {StepKind::Validate, "validate"_L1},
    std::pair {StepKind::Rollback, "rollback"_L1},   std::pair {StepKind::Communicate, "communicate"_L1},
    std::pair {StepKind::Manual, "manual"_L1},
};

constexpr std::array kRisks {
    std::pair {Risk::Low, "low"_L1},
    std::pair {Risk::Medium, "medium"_L1},
    std::pair {Risk::High, "high"_L1},
};

constexpr std::array kStepStates {
    std::pair {StepState::Pending, "pending"_L1},     std::pair {StepState::Running, "running"_L1},
    std::pair {StepState::Succeeded, "succeeded"_L1}, std::pair {StepState::Failed, "failed"_L1},
    std::pair {StepState::Rejected, "rejected"_L1},   std::pair {StepState::Skipped, "skipped"_L1},
};

constexpr std::array kRoles {
    std::pair {Role::Viewer, "viewer"_L1}, std::pair {Role::Responder, "responder"_L1},
    std::pair {Role::Mim, "mim"_L1},       std::pair {Role::ChangeApprover, "change-approver"_L1},
    std::pair {Role::Admin, "admin"_L1},   std::pair {Role::System, "system"_L1},
};

} // namespace

QString toString(IncidentState state)
{
    return lookupName(kIncidentStates, state);
}
QString toString(Severity severity)
{
    return lookupName(kSeverities, severity);
}
QString toString(StepKind kind)
{
    return lookupName(kStepKinds, kind);
}
QString toString(Risk risk)
{
    return lookupName(kRisks, risk);
}
QString toString(StepState state)
{
    return lookupName(kStepStates, state);
}
QString toString(Role role)
{
    return lookupName(kRoles, role);
}

std::optional<IncidentState> incidentStateFromString(const QString &text)
{
    return lookupValue(kIncidentStates, text);
}
std::optional<Severity> severityFromString(const QString &text)
{
    return lookupValue(kSeverities, text);
}
std::optional<StepKind> stepKindFromString(const QString &text)
{
    return lookupValue(kStepKinds, text);
}
std::optional<Risk> riskFromString(const QString &text)
{
    return lookupValue(kRisks, text);
}
std::optional<StepState> stepStateFromString(const QString &text)
{
    return lookupValue(kStepStates, text);
}
std::optional<Role> roleFromString(const QString &text)
{
    const auto role = lookupValue(kRoles, text);
    if (role == Role::System)
        return std::nullopt; // never assignable from the outside
    return role;
}

QStringList userRoleNames()
{
    return {u"viewer"_s, u"responder"_s, u"mim"_s, u"change-approver"_s, u"admin"_s};
}

bool isTerminal(IncidentState state)
{
    return state == IncidentState::Closed;
}

bool kindMutates(StepKind kind)
{
    return kind == StepKind::Remediate || kind == StepKind::Rollback;
}

} // namespace warroom
