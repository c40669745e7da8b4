#pragma once

#include "result.h"

#include <QSet>
#include <QString>

namespace warroom {

/// The ids of the playbooks the whitelist (playbooks/policy.yaml) lists.
/// The knowledge lint checks every DIP and validation against them.
Expected<QSet<QString>> whitelistedPlaybookIds(const QString &policyFile);

} // namespace warroom
