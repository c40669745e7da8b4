#pragma once

#include <QStringList>

namespace warroom {

/// Exit codes of warroomctl.
enum CtlExit {
    ExitOk = 0,
    ExitRefused = 1, ///< the server answered with an error, or a check failed
    ExitUsage = 2, ///< bad arguments
    ExitUnreachable = 3, ///< no answer from the server
};

/// Runs warroomctl with `arguments` (argv, program name first).
int runCtl(const QStringList &arguments);

} // namespace warroom
