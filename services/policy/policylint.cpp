#include "policylint.h"

#include "playbookpolicy.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

/// A scrubbed environment for the lint tools: fresh HOME, no inherited settings.
QProcessEnvironment toolEnvironment(const QString &home)
{
    QProcessEnvironment env;
    env.insert(u"PATH"_s, u"/usr/local/bin:/usr/bin:/bin"_s);
    env.insert(u"HOME"_s, home);
    env.insert(u"TMPDIR"_s, home);
    env.insert(u"LANG"_s, u"C.UTF-8"_s);
    env.insert(u"ANSIBLE_LOCAL_TEMP"_s, home + u"/ansible-tmp"_s);
    env.insert(u"ANSIBLE_RETRY_FILES_ENABLED"_s, u"0"_s);
    env.insert(u"ANSIBLE_NOCOLOR"_s, u"1"_s);
    env.insert(u"NO_COLOR"_s, u"1"_s);
    return env;
}

struct ToolResult
{
    int exitCode = -1;
    QString output;
};

ToolResult runTool(const QString &program, const QStringList &args, const QString &home, const QString &cwd)
{
    QProcess p;
    p.setProcessEnvironment(toolEnvironment(home));
    p.setWorkingDirectory(cwd);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return {-1, p.errorString()};
    if (!p.waitForFinished(600000)) {
        p.kill();
        p.waitForFinished(5000);
        return {-1, u"timed out"_s};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAll())};
}

/// The first line of ansible's error text that says what is wrong.
QString firstError(const QString &output)
{
    const QStringList lines = output.split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith("ERROR!"_L1))
            return line.mid(7).trimmed();
    }
    for (const QString &line : lines) {
        if (!line.trimmed().isEmpty() && !line.startsWith("[WARNING]"_L1))
            return line.trimmed();
    }
    return u"failed"_s;
}

} // namespace

QStringList lintPolicy(const QString &policyFile, const PolicyLintOptions &options)
{
    Expected<ExecutionPolicy> loaded = ExecutionPolicy::load(policyFile);
    if (!loaded)
        return loaded.error().message.split(u'\n');
    const ExecutionPolicy &policy = *loaded;
    QStringList findings;
    auto finding = [&](const PlaybookEntry &e, const QString &what) {
        findings.append(u"%1:%2: playbook %3: %4"_s.arg(policyFile).arg(e.line).arg(e.id, what));
    };

    for (const EnvironmentPolicy &env : policy.environments()) {
        if (!QFileInfo(env.inventory).isFile())
            findings.append(
                u"%1: environment %2: inventory %3 does not exist"_s.arg(policyFile, env.name, env.inventory));
    }

    // Files that exist, for the tools; path -> entry.
    QList<const PlaybookEntry *> present;
    for (const PlaybookEntry &e : policy.playbooks()) {
        const QString path = policy.absoluteFile(e);
        if (!QFileInfo(path).isFile()) {
            finding(e, u"file %1 does not exist"_s.arg(path));
            continue;
        }
        present.append(&e);
        Expected<QString> pin = policy.verifyPin(e);
        if (!pin) {
            QString message = pin.error().message;
            const QString prefix = u"playbook %1: "_s.arg(e.id);
            if (message.startsWith(prefix))
                message = message.mid(prefix.size());
            finding(e, message);
        }
    }
    if (present.isEmpty())
        return findings;

    QTemporaryDir home;
    if (!home.isValid())
        return findings << u"cannot create a temporary directory: %1"_s.arg(home.errorString());

    const QString ansiblePlaybook = options.ansiblePlaybook.isEmpty()
        ? QStandardPaths::findExecutable(u"ansible-playbook"_s)
        : options.ansiblePlaybook;
    if (ansiblePlaybook.isEmpty()) {
        findings.append(u"ansible-playbook is not installed: no syntax check"_s);
    } else {
        // One invocation checks many files; ansible stops at the first broken
        // one and names it, so go on with the files after it.
        QList<const PlaybookEntry *> rest = present;
        while (!rest.isEmpty()) {
            QStringList args {u"-i"_s, u"localhost,"_s, u"--syntax-check"_s};
            for (const PlaybookEntry *e : std::as_const(rest))
                args.append(policy.absoluteFile(*e));
            const ToolResult r = runTool(ansiblePlaybook, args, home.path(), policy.baseDir());
            if (r.exitCode == 0)
                break;
            qsizetype bad = -1;
            for (qsizetype i = 0; i < rest.size() && bad < 0; ++i) {
                if (r.output.contains(u"'%1'"_s.arg(policy.absoluteFile(*rest.at(i)))))
                    bad = i;
            }
            if (bad < 0 && rest.size() > 1) {
                // The error does not name the file: check them one at a time.
                for (const PlaybookEntry *e : std::as_const(rest)) {
                    const ToolResult one = runTool(
                        ansiblePlaybook, {u"-i"_s, u"localhost,"_s, u"--syntax-check"_s, policy.absoluteFile(*e)},
                        home.path(), policy.baseDir());
                    if (one.exitCode != 0)
                        finding(*e, u"syntax check failed: %1"_s.arg(firstError(one.output)));
                }
                break;
            }
            bad = std::max<qsizetype>(bad, 0);
            finding(*rest.at(bad), u"syntax check failed: %1"_s.arg(firstError(r.output)));
            rest = rest.mid(bad + 1);
        }
    }

    const QString ansibleLint
        = options.ansibleLint.isEmpty() ? QStandardPaths::findExecutable(u"ansible-lint"_s) : options.ansibleLint;
    if (options.runAnsibleLint && !ansibleLint.isEmpty()) {
        QStringList args {u"--offline"_s, u"--nocolor"_s, u"-p"_s};
        QHash<QString, const PlaybookEntry *> byPath;
        for (const PlaybookEntry *e : std::as_const(present)) {
            const QString path = policy.absoluteFile(*e);
            args.append(path);
            byPath.insert(QFileInfo(path).canonicalFilePath(), e);
        }
        const ToolResult r = runTool(ansibleLint, args, home.path(), policy.baseDir());
        if (r.exitCode != 0) {
            static const QRegularExpression lineRe(u"^(\\S[^:]*):(\\d+)(?::\\d+)?: (.+)$"_s);
            int reported = 0;
            for (const QString &line : r.output.split(u'\n')) {
                const QRegularExpressionMatch m = lineRe.match(line);
                if (!m.hasMatch())
                    continue;
                const QString path = QFileInfo(QDir(policy.baseDir()), m.captured(1)).canonicalFilePath();
                if (const PlaybookEntry *e = byPath.value(path)) {
                    finding(*e, u"ansible-lint: line %1: %2"_s.arg(m.captured(2), m.captured(3)));
                    ++reported;
                }
            }
            if (reported == 0)
                findings.append(u"ansible-lint failed (exit %1): %2"_s.arg(r.exitCode).arg(firstError(r.output)));
        }
    }
    return findings;
}

} // namespace warroom
