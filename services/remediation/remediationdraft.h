#pragma once

#include "auditevent.h"
#include "incidentrecord.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace warroom {

/// One task of a draft, as a reviewer sees it.
struct RemediationTask
{
    QString name;
    QString module; ///< ansible.builtin.lineinfile, ...
    QString sourceStep; ///< the plan step it came from
    bool destructive = false; ///< removes, stops, restarts or runs a destructive command
    QJsonObject toJson() const;
};

/// What the validator found.
struct ValidationReport
{
    bool syntaxOk = false;
    QString syntaxOutput;
    bool lintRan = false;
    bool lintOk = false;
    QString lintOutput;
    bool checkOk = false; ///< first --check pass ran without failures
    int firstCheckChanged = -1;
    bool applyOk = false; ///< the apply pass against the disposable local target
    int applyChanged = -1;
    int secondCheckChanged = -1; ///< must be 0: the draft is idempotent
    QString error;

    bool passed() const
    {
        return syntaxOk && (!lintRan || lintOk) && checkOk && applyOk && secondCheckChanged == 0 && error.isEmpty();
    }
    QJsonObject toJson() const;
    static ValidationReport fromJson(const QJsonObject &json);
};

/// A drafted Ansible playbook waiting for a person's review.
struct RemediationDraft
{
    enum class State { Draft, Approved, Rejected };

    QString id; ///< "inc-42-d1"
    qint64 incidentId = 0;
    QString incidentKey;
    QString title;
    QString createdBy; ///< "warroom" (templates) or "llm:MODEL"
    QString requestedBy; ///< the person who asked for the draft (may not approve it)
    QDateTime createdAt;
    QString yaml; ///< the playbook
    QString sha256; ///< of yaml (UTF-8)
    QList<RemediationTask> tasks;
    QStringList notes; ///< steps without a template, for the reviewer
    ValidationReport validation;
    bool validated = false;
    State state = State::Draft;
    QString reviewer;
    QString reviewComment;
    QDateTime decidedAt;
    QString branch; ///< set on approval
    QString commit;

    int destructiveCount() const;
    QJsonObject toJson() const;
    static Expected<RemediationDraft> fromJson(const QJsonObject &json);
};

QString toString(RemediationDraft::State state);

/// Drafts an idempotent playbook from the steps that fixed an incident:
/// the plan steps that succeeded (remediate, rollback, manual), their
/// variables and commands (`command` vars, or "$ cmd" lines in a manual
/// step's description). Templates, offline; no model involved.
///
/// Templates (step vars -> tasks):
/// - file + line [+ regexp]     -> lineinfile
/// - directory                  -> file state=directory
/// - path + content             -> copy (force: true)
/// - absent                     -> file state=absent (destructive)
/// - cleanup_dir [+ older_than, patterns] -> find + file absent (destructive)
/// - service + state            -> service (restarted/stopped: destructive,
///                                 restarted once per draft via a marker)
/// - command (string or list)   -> command with a `creates` marker + a
///                                 marker file, so it runs once per target
/// A whitelisted playbook a step ran, as the drafter inlines it.
struct PinnedPlaybook
{
    QString id;
    QString file; ///< relative to the policy, for the comment
    QString sha256; ///< the pin it was verified against
    QByteArray yaml;
    bool highRisk = false;
};

class RemediationDrafter
{
public:
    /// Resolves a whitelisted playbook id to its pinned text (or an error).
    using PlaybookResolver = std::function<Expected<PinnedPlaybook>(const QString &id)>;

    /// `sequence` numbers drafts of one incident: id "inc-42-d<sequence>".
    /// Steps that ran a whitelisted playbook are inlined from its pinned
    /// text (play variables, then the step's own variables, as the run had
    /// them) when `playbooks` can resolve it; other steps go through the
    /// templates below.
    static Expected<RemediationDraft> draft(const IncidentRecord &record, const QList<AuditEvent> &events, int sequence,
                                            const QDateTime &now, const PlaybookResolver &playbooks = {});
    /// A double-quoted YAML scalar (JSON string syntax, valid YAML).
    static QString quote(const QString &text);
    /// Whether a shell command looks destructive (rm, kill, drop, truncate...).
    static bool isDestructiveCommand(const QStringList &argv);
};

/// Runs ansible-playbook --syntax-check, ansible-lint (if installed), and
/// the double check-mode run: --check, apply against the disposable local
/// target, --check again, which must report changed=0. Blocking: call it
/// from a worker thread (QtConcurrent::run), never from the GUI thread.
class AnsibleValidator
{
public:
    struct Options
    {
        QString inventory; ///< inventory file; empty: "localhost," with connection=local
        QJsonObject extraVars; ///< passed as -e JSON (e.g. remediation_state_dir)
        QString workDir; ///< scratch dir for ANSIBLE_HOME / temp files (required)
        bool runLint = true;
        /// The apply pass really changes the target: set only for a lab
        /// host or a local temp directory that may be changed at will.
        bool disposableTarget = false;
        int timeoutMs = 120000;
    };
    static ValidationReport validate(const QString &playbookFile, const Options &options);
    /// Names of command/shell/raw/script tasks without creates/removes:
    /// check mode skips them, so the double run cannot prove them idempotent.
    /// A draft with any of them fails validation.
    static QStringList uncheckableTasks(const QByteArray &playbookYaml);
    /// Sum of changed=N over the PLAY RECAP lines; -1 if there is no recap.
    static int changedCount(const QString &ansibleOutput);
};

} // namespace warroom
