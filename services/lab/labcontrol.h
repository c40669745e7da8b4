#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace warroom {

/// The UAT lab's control script (playbooks/lab/labctl.py, beside the
/// policy): `up`, `down`, `status`, `break SCENARIO`. warroomctl lab and
/// warroomd --demo go through here.
class LabControl
{
public:
    /// `policyFile` locates the script (POLICY_DIR/lab/labctl.py); `labDir`
    /// is the lab's state directory (the daemon's `execution.lab_dir`).
    LabControl(const QString &policyFile, const QString &labDir);

    QString script() const { return m_script; }
    QString labDir() const { return m_labDir; }

    /// Runs the script with an argument vector (never a shell) and returns
    /// what it printed; a non-zero exit is an error with its message.
    Expected<QByteArray> run(const QStringList &arguments, int timeoutMs = 30000) const;

    static const QStringList &scenarios();

private:
    QString m_script;
    QString m_labDir;
};

} // namespace warroom
