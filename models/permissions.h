#pragma once

#include "enums.h"

#include <QList>
#include <QStringList>

namespace warroom {

/// What people do that takes a role, and the roles each takes: the one
/// table the coordinator enforces and the console offers its actions by, so
/// that a button is never offered that the coordinator would refuse (nor
/// withheld from someone it would let).
enum class Action {
    OpenIncident, ///< by hand, through the API or from a monitoring source
    Freeze, ///< stop every playbook from starting
    LiftFreeze,
    Acknowledge,
    DeclareSeverity,
    AssignCommandRoles, ///< commander, comms lead, scribe
    DeclareMitigated,
    BlockTask, ///< block or unblock a person's task
    RequestRollback,
    DraftRemediation,
    ReviewRemediation, ///< approve or reject a remediation draft
};

/// The roles any one of which allows `action` (the coordinator's own
/// included where it acts by itself).
QList<Role> rolesFor(Action action);

/// The same as the names people have ("mim", "responder" ...), without the
/// coordinator's own: what the console compares a signed-in user's roles with.
QStringList roleNamesFor(Action action);

} // namespace warroom
