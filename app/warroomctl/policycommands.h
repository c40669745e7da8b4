#pragma once

#include <QString>
#include <QStringList>

namespace warroom {

/// `warroomctl policy lint|pin ID`, offline. `args` are the positional
/// arguments after "policy"; `policyFile` is --policy (empty: $WARROOM_POLICY).
/// Returns a CtlExit code.
int runPolicyCommand(const QStringList &args, const QString &policyFile);

} // namespace warroom
