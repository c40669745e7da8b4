#include "labcontrol.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace warroom {

LabControl::LabControl(const QString &policyFile, const QString &labDir)
    : m_script(QFileInfo(policyFile).absoluteDir().filePath(u"lab/labctl.py"_s))
    , m_labDir(QDir(labDir).absolutePath())
{ }

const QStringList &LabControl::scenarios()
{
    static const QStringList kScenarios {u"sso"_s, u"disk"_s, u"service"_s};
    return kScenarios;
}

Expected<QByteArray> LabControl::run(const QStringList &arguments, int timeoutMs) const
{
    if (!QFileInfo::exists(m_script))
        return Error {ErrorCode::NotFound, u"the lab script %1 does not exist"_s.arg(m_script)};
    const QString python = QStandardPaths::findExecutable(u"python3"_s);
    if (python.isEmpty())
        return Error {ErrorCode::Unavailable, u"python3 is not installed; the lab needs it"_s};
    QProcess process;
    process.setProgram(python);
    process.setArguments(QStringList {m_script} + arguments + QStringList {u"--dir"_s, m_labDir});
    // labd outlives this call: it must not hold our pipes open.
    process.setStandardInputFile(QProcess::nullDevice());
    process.start();
    if (!process.waitForStarted(5000))
        return Error {ErrorCode::Unavailable, u"cannot start %1: %2"_s.arg(python, process.errorString())};
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        return Error {ErrorCode::Unavailable,
                      u"lab %1 did not finish in %2 s"_s.arg(arguments.join(u' ')).arg(timeoutMs / 1000)};
    }
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString why = QString::fromUtf8(err.isEmpty() ? out : err).trimmed();
        return Error {process.exitCode() == 2 ? ErrorCode::InvalidInput : ErrorCode::Internal,
                      u"lab %1 failed: %2"_s.arg(arguments.join(u' '), why)};
    }
    return out;
}

} // namespace warroom
