#include "permissions.h"

namespace warroom {

QList<Role> rolesFor(Action action)
{
    switch (action) {
    case Action::OpenIncident:
    case Action::Freeze: return {Role::Responder, Role::Mim, Role::ChangeApprover, Role::Admin, Role::System};
    case Action::LiftFreeze: return {Role::Mim, Role::Admin};
    case Action::Acknowledge: return {Role::Responder, Role::Mim, Role::ChangeApprover};
    case Action::DeclareSeverity:
    case Action::AssignCommandRoles: return {Role::Mim};
    case Action::DeclareMitigated:
    case Action::BlockTask:
    case Action::RequestRollback:
    case Action::DraftRemediation: return {Role::Mim, Role::Responder};
    case Action::ReviewRemediation: return {Role::ChangeApprover, Role::Mim};
    }
    return {};
}

QStringList roleNamesFor(Action action)
{
    QStringList out;
    for (Role role : rolesFor(action)) {
        if (role != Role::System)
            out.append(toString(role));
    }
    return out;
}

} // namespace warroom
