#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace warroom {

class ApiClient;

/// What the incident-command commands read from the command line.
struct CommandArgs
{
    QString command; ///< ack, severity, roles, mitigate, task, step, promote, demote, escalate, resolve, close,
                     ///< assign, status, readin, postmortem, remediation, drill
    QStringList args; ///< positional arguments after it
    bool json = false;
    QString comment;
    QString reason;
    QString summary;
    QString audience;
    QString text;
    QString file; ///< status text, postmortem notes (JSON), - for stdin
    QString format;
    QString output;
    std::optional<QString> commander;
    std::optional<QString> commsLead;
    std::optional<QString> scribe;
    QString state;
    QString policy; ///< drill: the lab script beside it
    QString labDir;
    bool wait = false;
    int timeoutSeconds = 3600;
    bool failed = false; ///< step finish: the manual step did not succeed
    QString environment; ///< step promote: where to (default prod)
};

/// Runs an incident-command or after-action command, or nullopt when
/// `command` is none of them:
///   ack ID [--comment NOTE]
///   severity ID SEV1..SEV4 [--reason R]
///   roles ID [--commander U] [--comms-lead U] [--scribe U]
///   mitigate ID --summary S
///   task block|unblock ID STEP [--reason R]
///   step start|finish|skip|promote ID STEP [--summary S] [--failed] [--reason R] [--environment E]
///   promote ID [--reason R] | demote ID --reason R | escalate ID --reason R
///   resolve ID --summary S | close ID [--summary S] | assign ID USER
///   status draft ID --audience A | status publish ID --audience A (--text T | --file F) | status list ID
///   readin ID
///   postmortem ID [--format md|pdf|json] [--output FILE] | postmortem notes ID --file NOTES.json
///   remediation draft ID | remediation list [--status S] | remediation show DRAFT
///   remediation approve DRAFT [--comment C] | remediation reject DRAFT --reason R
///   drill start SCENARIO [--lab-dir DIR] [--policy FILE] [--wait] [--timeout S] | drill report ID
std::optional<int> runCommandCommand(const CommandArgs &a, ApiClient &client);

} // namespace warroom
