#pragma once

#include <QString>
#include <QStringList>

namespace warroom {

/// What `warroomctl policy lint` runs besides the policy's own checks.
struct PolicyLintOptions
{
    QString ansiblePlaybook; ///< empty: found on PATH; missing: the syntax check is one finding
    QString ansibleLint; ///< empty: found on PATH; skipped when not installed
    bool runAnsibleLint = true;
};

/// Lints a policy file: strict loading (file:line problems), then for every
/// entry: the file exists, the pin matches, `ansible-playbook --syntax-check`
/// passes (one invocation for many files), `ansible-lint` passes where
/// installed; every environment's inventory exists. One line per finding,
/// "FILE:LINE: playbook ID: what"; empty when all is well.
QStringList lintPolicy(const QString &policyFile, const PolicyLintOptions &options = {});

} // namespace warroom
