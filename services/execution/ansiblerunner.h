#pragma once

#include "execution.h"
#include "playbookpolicy.h"
#include "result.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>

namespace warroom {

/// How the runner starts ansible-playbook.
struct RunnerSettings
{
    /// ansible-playbook: empty or a bare name is looked up on PATH at construction.
    QString ansiblePlaybook;
    /// Per-run directories (HOME, TMPDIR, ansible.cfg, vars.json, phase output) are created below it.
    QString workRoot;
    /// Names of the daemon's environment variables that may reach the playbook (default none).
    QStringList passEnvironment;
    /// The lab directory: passed as the variable warroom_lab_dir and writable inside the sandbox.
    QString labDir;
    /// Use bubblewrap when it works on this machine (probed once at construction).
    bool sandbox = true;
    /// Hard limit for a whole run; 0 takes the policy's execution.timeout_seconds.
    int timeoutSeconds = 0;
    /// After the timeout or an abort: SIGTERM, then SIGKILL after this grace.
    int killGraceMs = 3000;
};

/// One step to execute.
struct RunRequest
{
    QString runId; ///< [A-Za-z0-9._-]{1,64}; also the name of the run directory
    QString stepId;
    PlaybookEntry playbook; ///< looked up again by id in the policy: the policy's entry is what runs
    std::optional<PlaybookEntry> validation; ///< run after apply (mutating steps in apply mode)
    QString environment; ///< uat, prod...
    QJsonObject vars; ///< checked against the playbook's schema
    QString mode; ///< simulate, check, apply; empty takes the policy's mode
};

/// Runs whitelisted, pinned playbooks as child processes (argument vector,
/// never a shell) with a scrubbed environment, inside bubblewrap where it
/// works, and reports the jsonl task events live.
///
/// Phases: read-only playbooks `run` once; mutating ones in apply mode
/// `check` (--check --diff), `apply`, `recheck` (--check --diff; any change
/// fails the run: not idempotent) and `validate` (the validation playbook);
/// in check mode `check` only; simulate runs `--syntax-check --list-tasks`
/// without contacting a host (phase `simulate`).
///
/// The sandbox (bwrap): the whole file system read-only, the run directory
/// and the lab writable, fresh /dev, /proc and every namespace unshared
/// except the network: the lab and most targets are reached over the
/// host's loopback or network, which a new network namespace would cut off.
class AnsibleRunner final : public QObject
{
    Q_OBJECT

public:
    explicit AnsibleRunner(RunnerSettings settings, QObject *parent = nullptr);
    ~AnsibleRunner() override;

    /// Ok when ansible-playbook was found and the work root is usable.
    Status ready() const { return m_ready; }
    const RunnerSettings &settings() const { return m_settings; }
    /// True when runs are wrapped in bubblewrap.
    bool sandboxActive() const { return m_sandboxActive; }

    /// Checks and starts a run. Refusals: InvalidInput (bad id, vars),
    /// NotFound (unknown environment), Forbidden (unlisted, unpinned or
    /// edited playbook, environment or mode not allowed), Conflict (a run
    /// with this id is running, or a mutating run holds one of the hosts).
    /// Progress and the result arrive through the signals, never from here.
    Status start(const RunRequest &request, const ExecutionPolicy &policy);

    /// Stops a running run: SIGTERM, SIGKILL after the grace; outcome `aborted`.
    Status abort(const QString &runId, const QString &reason);
    /// Aborts every running run; returns how many.
    int abortAll(const QString &reason);

    bool isRunning(const QString &runId) const;
    QStringList runningIds() const;
    /// The directory of a running run (empty when not running).
    QString runDirectory(const QString &runId) const;

Q_SIGNALS:
    void phaseStarted(const QString &runId, const warroom::ExecutionPhase &phase);
    void taskStarted(const QString &runId, const QString &phase, const QString &task);
    void taskFinished(const QString &runId, const QString &phase, const warroom::TaskResult &task);
    void phaseFinished(const QString &runId, const warroom::ExecutionPhase &phase);
    void runFinished(const warroom::ExecutionRun &run);

private:
    struct Run;
    struct PhasePlan
    {
        QString name;
        QString playbookId;
        QString playbookFile;
        QString sha256;
        QStringList extraArgs;
    };

    void startPhase(Run &run);
    void handleOutput(Run &run);
    void handleLine(Run &run, const QByteArray &line);
    void handleProcessFinished(const QString &runId, int exitCode, bool crashed);
    void stopProcess(Run &run, const QString &outcome, const QString &message);
    void finishRun(const QString &runId);
    bool probeSandbox() const;

    RunnerSettings m_settings;
    Status m_ready;
    bool m_sandboxActive = false;
    QString m_bwrap;
    std::map<QString, std::unique_ptr<Run>> m_runs;
};

} // namespace warroom
