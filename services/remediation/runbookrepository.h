#pragma once

#include "remediationdraft.h"

namespace warroom {

/// A local git repository of runbooks. An approved draft becomes one commit
/// on a new branch (playbook + pinned whitelist entry) built with git's
/// plumbing: HEAD, the checked-out branch and the working tree are never
/// touched, and nothing is merged, pushed or run.
class RunbookRepository
{
public:
    struct Config
    {
        QString path; ///< the repository (work tree or bare)
        QString git = QStringLiteral("git"); ///< executable, found in PATH if relative
        QString branchPrefix = QStringLiteral("remediation/");
        QString playbookDir = QStringLiteral("playbooks/remediation");
        QString whitelistDir = QStringLiteral("playbooks/whitelist.d");
        QString base = QStringLiteral("HEAD"); ///< the commit the branch starts from
    };
    struct Commit
    {
        QString branch;
        QString commit;
        QString playbookPath;
        QString whitelistPath;
    };

    explicit RunbookRepository(Config config);

    /// Commits `draft` (which must be approved) on a new branch.
    Expected<Commit> commitApproved(const RemediationDraft &draft) const;
    /// `playbookPath` (in the repository) as the policy beside whitelist.d names it.
    QString policyRelative(const QString &playbookPath) const;
    /// The pinned whitelist entry (policy.yaml's playbook shape) for `draft`.
    QString whitelistEntry(const RemediationDraft &draft, const QString &playbookPath) const;

private:
    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QString err;
    };
    Result git(const QStringList &args, const QByteArray &input = {}, const QStringList &env = {}) const;

    Config m_config;
};

} // namespace warroom
