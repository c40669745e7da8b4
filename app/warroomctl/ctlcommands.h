#pragma once

#include <QJsonObject>
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

struct ApiResponse;

// What every command uses to talk to people.
/// Prints a line on standard output.
void out(const QString &text);
/// A usage error: the message and a hint on standard error; ExitUsage.
int usage(const QString &message);
/// The server's refusal (or silence) on standard error; ExitRefused or ExitUnreachable.
int failWith(const ApiResponse &r);
/// "42", "INC-42" or "inc-42" -> 42; anything else -> 0.
qint64 incidentId(const QString &text);
/// Indented JSON for --json.
QString jsonText(const QJsonObject &o);

} // namespace warroom
