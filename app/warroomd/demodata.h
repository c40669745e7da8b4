#pragma once

#include "coordinator.h"

namespace warroom {

/// Seeds a few realistic incidents (with a plan) into an empty database,
/// so the console has something to show in `make demo`.
Status seedDemoIncidents(Coordinator &coordinator);

} // namespace warroom
