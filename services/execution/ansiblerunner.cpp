#include "ansiblerunner.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <QTimer>

#include <csignal>
#include <limits>
#include <sys/types.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

constexpr qsizetype kStdoutTail = 64 * 1024;
constexpr qsizetype kStderrTail = 16 * 1024;
constexpr qsizetype kTaskOutput = 4 * 1024;
const QString kSafePath = u"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"_s;

void appendTail(QString &tail, const QString &text, qsizetype limit)
{
    tail += text;
    if (tail.size() > limit)
        tail = tail.right(limit);
}

QDateTime parseTime(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

/// Ansible's diff entries as text: a header and the changed middle of before/after.
QString diffText(const QJsonValue &diff)
{
    QJsonArray items = diff.isArray() ? diff.toArray() : QJsonArray {diff};
    QString out;
    for (const QJsonValue &v : std::as_const(items)) {
        const QJsonObject d = v.toObject();
        if (d.contains(u"prepared"_s)) {
            out += d.value(u"prepared"_s).toString();
            continue;
        }
        if (!d.contains(u"before"_s) && !d.contains(u"after"_s))
            continue;
        auto text = [](const QJsonValue &x) {
            return x.isString() ? x.toString() : QString::fromUtf8(QJsonDocument(x.toObject()).toJson());
        };
        const QStringList before = text(d.value(u"before"_s)).split(u'\n');
        const QStringList after = text(d.value(u"after"_s)).split(u'\n');
        qsizetype head = 0;
        while (head < before.size() && head < after.size() && before.at(head) == after.at(head))
            ++head;
        qsizetype tail = 0;
        while (tail < before.size() - head && tail < after.size() - head
               && before.at(before.size() - 1 - tail) == after.at(after.size() - 1 - tail))
            ++tail;
        if (head == before.size() && head == after.size())
            continue;
        out += u"--- %1\n+++ %2\n@@ line %3 @@\n"_s
                   .arg(d.value(u"before_header"_s).toString(u"before"_s),
                        d.value(u"after_header"_s).toString(u"after"_s))
                   .arg(head + 1);
        for (qsizetype i = head; i < before.size() - tail; ++i)
            out += u'-' + before.at(i) + u'\n';
        for (qsizetype i = head; i < after.size() - tail; ++i)
            out += u'+' + after.at(i) + u'\n';
    }
    return out.left(1 << 20);
}

QString taskOutput(const QJsonObject &r)
{
    QString out;
    for (const char *key : {"msg", "stdout", "stderr"}) {
        const QJsonValue v = r.value(QLatin1StringView(key));
        if (v.isString() && !v.toString().isEmpty())
            out += v.toString() + u'\n';
        else if (!v.isUndefined() && !v.isNull() && !v.isString())
            out += QString::fromUtf8(QJsonDocument::fromVariant(v.toVariant()).toJson(QJsonDocument::Compact)) + u'\n';
    }
    return out.right(kTaskOutput);
}

void signalGroup(qint64 pid, int sig)
{
    if (pid > 0)
        ::kill(-pid_t(pid), sig);
}

} // namespace

struct AnsibleRunner::Run
{
    RunRequest request;
    QString dir;
    QString inventory;
    QStringList limit;
    QStringList lockedHosts;
    QString mode;
    QList<PhasePlan> plan;
    qsizetype next = 0;
    ExecutionRun result;
    ExecutionPhase phase;
    QProcess *process = nullptr;
    QTimer *timeout = nullptr;
    QTimer *killTimer = nullptr;
    QFile *log = nullptr;
    qint64 pid = 0; ///< of the phase's process group leader
    QDateTime deadline;
    QString currentTask;
    QString stopOutcome; ///< set by a timeout or an abort
    QString stopMessage;
};

AnsibleRunner::AnsibleRunner(RunnerSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    QString program = m_settings.ansiblePlaybook.isEmpty() ? u"ansible-playbook"_s : m_settings.ansiblePlaybook;
    if (!QFileInfo(program).isAbsolute())
        program = QStandardPaths::findExecutable(program);
    if (program.isEmpty() || !QFileInfo(program).isExecutable()) {
        m_ready = Error {ErrorCode::Unavailable,
                         u"ansible-playbook not found (%1)"_s.arg(
                             m_settings.ansiblePlaybook.isEmpty() ? u"PATH"_s : m_settings.ansiblePlaybook)};
    }
    m_settings.ansiblePlaybook = program;
    if (m_settings.workRoot.isEmpty() || !QDir().mkpath(m_settings.workRoot))
        m_ready = Error {ErrorCode::Unavailable, u"cannot create the work root \"%1\""_s.arg(m_settings.workRoot)};
    else
        m_settings.workRoot = QFileInfo(m_settings.workRoot).canonicalFilePath();
    if (!m_settings.labDir.isEmpty())
        m_settings.labDir = QFileInfo(m_settings.labDir).absoluteFilePath();
    if (m_settings.sandbox) {
        m_bwrap = QStandardPaths::findExecutable(u"bwrap"_s);
        m_sandboxActive = !m_bwrap.isEmpty() && probeSandbox();
    }
}

AnsibleRunner::~AnsibleRunner()
{
    for (auto &[id, run] : m_runs) {
        if (run->process) {
            run->process->disconnect(this);
            signalGroup(run->process->processId(), SIGKILL);
            run->process->waitForFinished(5000);
        }
    }
}

bool AnsibleRunner::probeSandbox() const
{
    QProcess p;
    p.setProcessEnvironment(QProcessEnvironment {});
    p.start(m_bwrap,
            {u"--ro-bind"_s, u"/"_s, u"/"_s, u"--dev"_s, u"/dev"_s, u"--proc"_s, u"/proc"_s, u"--unshare-all"_s,
             u"--share-net"_s, u"--die-with-parent"_s, u"--new-session"_s, u"/bin/true"_s});
    return p.waitForFinished(10000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

bool AnsibleRunner::isRunning(const QString &runId) const
{
    return m_runs.count(runId) > 0;
}

QStringList AnsibleRunner::runningIds() const
{
    QStringList ids;
    for (const auto &[id, run] : m_runs)
        ids.append(id);
    return ids;
}

QString AnsibleRunner::runDirectory(const QString &runId) const
{
    const auto it = m_runs.find(runId);
    return it == m_runs.end() ? QString() : it->second->dir;
}

Status AnsibleRunner::start(const RunRequest &request, const ExecutionPolicy &policy)
{
    if (!m_ready)
        return m_ready.error();
    static const QRegularExpression idRe(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"_s);
    if (!idRe.match(request.runId).hasMatch())
        return Error {ErrorCode::InvalidInput, u"run id \"%1\" must match [A-Za-z0-9._-]{1,64}"_s.arg(request.runId)};
    if (m_runs.count(request.runId))
        return Error {ErrorCode::Conflict, u"run %1 is already running"_s.arg(request.runId)};

    // The policy's own entry runs, never the caller's copy.
    const PlaybookEntry *entry = policy.playbook(request.playbook.id);
    if (!entry)
        return Error {ErrorCode::Forbidden, u"playbook \"%1\" is not in the policy"_s.arg(request.playbook.id)};
    const EnvironmentPolicy *env = policy.environment(request.environment);
    if (!env)
        return Error {ErrorCode::NotFound, u"unknown environment \"%1\""_s.arg(request.environment)};
    if (!entry->environments.contains(env->name))
        return Error {ErrorCode::Forbidden, u"playbook %1 may not run in %2"_s.arg(entry->id, env->name)};
    if (env->allowedHosts.isEmpty())
        return Error {ErrorCode::Forbidden, u"environment %1 allows no hosts"_s.arg(env->name)};
    const QString mode = request.mode.isEmpty() ? policy.mode() : request.mode;
    if (mode != "simulate"_L1 && mode != "check"_L1 && mode != "apply"_L1)
        return Error {ErrorCode::InvalidInput, u"mode must be simulate, check or apply, not \"%1\""_s.arg(mode)};
    if (mode == "apply"_L1 && !env->allowApply)
        return Error {ErrorCode::Forbidden, u"apply is not allowed in %1 (allow_apply is off)"_s.arg(env->name)};
    if (Status vars = policy.validateVars(*entry, request.vars); !vars)
        return vars.error();
    Expected<QString> pin = policy.verifyPin(*entry);
    if (!pin)
        return pin.error();

    const bool mutating = entry->mutates && mode != "simulate"_L1;
    const PlaybookEntry *validation = nullptr;
    QJsonObject validationVars;
    QString validationPin;
    if (request.validation && entry->mutates && mode == "apply"_L1) {
        validation = policy.playbook(request.validation->id);
        if (!validation)
            return Error {ErrorCode::Forbidden,
                          u"validation playbook \"%1\" is not in the policy"_s.arg(request.validation->id)};
        if (validation->mutates)
            return Error {ErrorCode::Forbidden, u"validation playbook %1 mutates"_s.arg(validation->id)};
        if (!validation->environments.contains(env->name))
            return Error {ErrorCode::Forbidden, u"playbook %1 may not run in %2"_s.arg(validation->id, env->name)};
        // The validation gets the step's variables its own schema knows.
        for (auto it = request.vars.begin(); it != request.vars.end(); ++it) {
            if (validation->vars.contains(it.key()))
                validationVars.insert(it.key(), it.value());
        }
        if (Status vars = policy.validateVars(*validation, validationVars); !vars)
            return vars.error();
        Expected<QString> vpin = policy.verifyPin(*validation);
        if (!vpin)
            return vpin.error();
        validationPin = *vpin;
    }

    if (mutating) {
        for (const auto &[id, other] : m_runs) {
            for (const QString &host : env->allowedHosts) {
                if (other->lockedHosts.contains(host))
                    return Error {ErrorCode::Conflict,
                                  u"host %1 is busy with the mutating run %2"_s.arg(host, other->request.runId)};
            }
        }
    }

    // The run directory: HOME, TMPDIR, ansible.cfg, vars.json, phase logs.
    QString dir = QDir(m_settings.workRoot).filePath(request.runId);
    for (int n = 2; QFileInfo::exists(dir); ++n)
        dir = QDir(m_settings.workRoot).filePath(u"%1.%2"_s.arg(request.runId).arg(n));
    if (!QDir().mkpath(dir + u"/home"_s) || !QDir().mkpath(dir + u"/tmp/local"_s)
        || !QDir().mkpath(dir + u"/tmp/remote"_s))
        return Error {ErrorCode::Internal, u"cannot create the run directory %1"_s.arg(dir)};
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    auto writeFile = [](const QString &path, const QByteArray &data) {
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return false;
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        f.write(data);
        return f.commit();
    };
    const QByteArray cfg = u"[defaults]\n"
                           "stdout_callback = ansible.posix.jsonl\n"
                           "retry_files_enabled = False\n"
                           "nocows = True\n"
                           "interpreter_python = auto_silent\n"
                           "local_tmp = %1/tmp/local\n"
                           "remote_tmp = %1/tmp/remote\n"
                           "host_key_checking = True\n"
                           "[ssh_connection]\n"
                           "control_path_dir = %1/tmp/cp\n"_s.arg(dir)
                               .toUtf8();
    auto varsFile = [&](QJsonObject vars) {
        vars.insert(u"warroom_run_id"_s, request.runId);
        vars.insert(u"warroom_lab_dir"_s, m_settings.labDir);
        return QJsonDocument(vars).toJson(QJsonDocument::Compact);
    };
    if (!writeFile(dir + u"/ansible.cfg"_s, cfg) || !writeFile(dir + u"/vars.json"_s, varsFile(request.vars))
        || (validation && !writeFile(dir + u"/validation-vars.json"_s, varsFile(validationVars))))
        return Error {ErrorCode::Internal, u"cannot write the run files in %1"_s.arg(dir)};

    auto run = std::make_unique<Run>();
    run->request = request;
    run->request.playbook = *entry;
    run->dir = dir;
    run->inventory = env->inventory;
    run->limit = env->allowedHosts;
    run->mode = mode;
    if (mutating)
        run->lockedHosts = env->allowedHosts;
    const QString file = policy.absoluteFile(*entry);
    const QString varsArg = u"@"_s + dir + u"/vars.json"_s;
    if (mode == "simulate"_L1) {
        run->plan.append({u"simulate"_s, entry->id, file, *pin, {u"--syntax-check"_s, u"--list-tasks"_s}});
    } else if (!entry->mutates) {
        run->plan.append({u"run"_s, entry->id, file, *pin, {}});
    } else if (mode == "check"_L1) {
        run->plan.append({u"check"_s, entry->id, file, *pin, {u"--check"_s, u"--diff"_s}});
    } else {
        run->plan.append({u"check"_s, entry->id, file, *pin, {u"--check"_s, u"--diff"_s}});
        run->plan.append({u"apply"_s, entry->id, file, *pin, {u"--diff"_s}});
        run->plan.append({u"recheck"_s, entry->id, file, *pin, {u"--check"_s, u"--diff"_s}});
        if (validation)
            run->plan.append({u"validate"_s, validation->id, policy.absoluteFile(*validation), validationPin, {}});
    }
    for (PhasePlan &p : run->plan) {
        const QString vars = p.name == "validate"_L1 ? u"@"_s + dir + u"/validation-vars.json"_s : varsArg;
        p.extraArgs
            = QStringList {u"-i"_s, run->inventory, u"--limit"_s, run->limit.join(u','), u"-e"_s, vars} + p.extraArgs;
    }
    run->result.id = request.runId;
    run->result.stepId = request.stepId;
    run->result.mode = mode;
    run->result.environment = env->name;
    run->result.playbookId = entry->id;
    run->result.outcome = u"running"_s;
    run->result.startedAt = QDateTime::currentDateTimeUtc();
    const int timeout = m_settings.timeoutSeconds > 0 ? m_settings.timeoutSeconds : policy.timeoutSeconds();
    run->deadline = run->result.startedAt.addSecs(timeout);

    m_runs.emplace(request.runId, std::move(run));
    // Started from the event loop, so callers connect before anything is reported.
    QTimer::singleShot(0, this, [this, id = request.runId] {
        const auto it = m_runs.find(id);
        if (it != m_runs.end() && !it->second->process && it->second->stopOutcome.isEmpty())
            startPhase(*it->second);
    });
    return {};
}

void AnsibleRunner::startPhase(Run &run)
{
    const PhasePlan &plan = run.plan.at(run.next);
    run.phase = ExecutionPhase {};
    run.phase.name = plan.name;
    run.phase.playbookId = plan.playbookId;
    run.phase.playbookSha256 = plan.sha256;
    run.phase.startedAt = QDateTime::currentDateTimeUtc();
    run.currentTask.clear();

    QStringList ansibleArgs = plan.extraArgs;
    ansibleArgs.append(plan.playbookFile);
    QString program = m_settings.ansiblePlaybook;
    QStringList args = ansibleArgs;
    if (m_sandboxActive) {
        program = m_bwrap;
        args = QStringList {u"--ro-bind"_s, u"/"_s, u"/"_s, u"--dev"_s, u"/dev"_s, u"--proc"_s, u"/proc"_s};
        args += {u"--bind"_s, run.dir, run.dir};
        if (!m_settings.labDir.isEmpty() && QFileInfo(m_settings.labDir).isDir())
            args += {u"--bind"_s, m_settings.labDir, m_settings.labDir};
        args += {u"--chdir"_s,       run.dir, u"--unshare-all"_s,        u"--share-net"_s, u"--die-with-parent"_s,
                 u"--new-session"_s, u"--"_s, m_settings.ansiblePlaybook};
        args += ansibleArgs;
    }
    run.phase.argv = QStringList {program} + args;

    QProcessEnvironment env;
    const QProcessEnvironment daemon = QProcessEnvironment::systemEnvironment();
    for (const QString &name : std::as_const(m_settings.passEnvironment)) {
        if (daemon.contains(name))
            env.insert(name, daemon.value(name));
    }
    env.insert(u"PATH"_s, kSafePath);
    env.insert(u"HOME"_s, run.dir + u"/home"_s);
    env.insert(u"TMPDIR"_s, run.dir + u"/tmp"_s);
    env.insert(u"LANG"_s, u"C.UTF-8"_s);
    env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    env.insert(u"ANSIBLE_CONFIG"_s, run.dir + u"/ansible.cfg"_s);
    env.insert(u"ANSIBLE_STDOUT_CALLBACK"_s, u"ansible.posix.jsonl"_s);
    env.insert(u"ANSIBLE_LOCAL_TEMP"_s, run.dir + u"/tmp/local"_s);
    env.insert(u"ANSIBLE_REMOTE_TEMP"_s, run.dir + u"/tmp/remote"_s);
    env.insert(u"ANSIBLE_RETRY_FILES_ENABLED"_s, u"0"_s);
    env.insert(u"ANSIBLE_NOCOLOR"_s, u"1"_s);
    env.insert(u"ANSIBLE_FORCE_COLOR"_s, u"0"_s);
    env.insert(u"PYTHONDONTWRITEBYTECODE"_s, u"1"_s);

    auto *process = new QProcess(this);
    run.process = process;
    process->setProgram(program);
    process->setArguments(args);
    process->setProcessEnvironment(env);
    process->setWorkingDirectory(run.dir);
    process->setStandardInputFile(QProcess::nullDevice());
    // Its own process group, so a timeout or an abort reaches every worker.
    process->setChildProcessModifier([] { ::setsid(); });
    run.log = new QFile(u"%1/%2-%3.jsonl"_s.arg(run.dir).arg(run.next + 1).arg(plan.name), process);
    if (!run.log->open(QIODevice::WriteOnly))
        run.log = nullptr;

    const QString id = run.request.runId;
    connect(process, &QProcess::started, this, [this, id, process] {
        const auto it = m_runs.find(id);
        if (it != m_runs.end())
            it->second->pid = process->processId();
    });
    connect(process, &QProcess::readyReadStandardOutput, this, [this, id] {
        const auto it = m_runs.find(id);
        if (it != m_runs.end())
            handleOutput(*it->second);
    });
    connect(process, &QProcess::readyReadStandardError, this, [this, id, process] {
        const QString text = QString::fromUtf8(process->readAllStandardError());
        const auto it = m_runs.find(id);
        if (it != m_runs.end())
            appendTail(it->second->phase.stderrTail, text, kStderrTail);
    });
    connect(process, &QProcess::finished, this, [this, id](int exitCode, QProcess::ExitStatus status) {
        handleProcessFinished(id, exitCode, status == QProcess::CrashExit);
    });
    connect(process, &QProcess::errorOccurred, this, [this, id, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        const auto it = m_runs.find(id);
        if (it != m_runs.end())
            appendTail(it->second->phase.stderrTail, process->errorString(), kStderrTail);
        handleProcessFinished(id, -1, true);
    });

    if (!run.timeout) {
        run.timeout = new QTimer(this);
        run.timeout->setSingleShot(true);
        connect(run.timeout, &QTimer::timeout, this, [this, id] {
            const auto it = m_runs.find(id);
            if (it != m_runs.end())
                stopProcess(*it->second, u"timeout"_s, u"timed out after the run's limit"_s);
        });
        const qint64 ms = std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(run.deadline));
        run.timeout->start(int(std::min<qint64>(ms, std::numeric_limits<int>::max())));
    }
    Q_EMIT phaseStarted(id, run.phase);
    process->start();
}

void AnsibleRunner::handleOutput(Run &run)
{
    QProcess *p = run.process;
    while (p && p->canReadLine()) {
        const QByteArray line = p->readLine();
        if (run.log)
            run.log->write(line);
        handleLine(run, line);
    }
}

void AnsibleRunner::handleLine(Run &run, const QByteArray &line)
{
    const QString id = run.request.runId;
    const QJsonObject event = QJsonDocument::fromJson(line).object();
    const QString kind = event.value(u"_event"_s).toString();
    if (kind.isEmpty()) {
        appendTail(run.phase.stdoutTail, QString::fromUtf8(line), kStdoutTail);
        return;
    }
    // The tail keeps the events without their module arguments.
    QJsonObject slim = event;
    QJsonObject hosts = slim.value(u"hosts"_s).toObject();
    for (auto it = hosts.begin(); it != hosts.end(); ++it) {
        QJsonObject h = it.value().toObject();
        h.remove(u"invocation"_s);
        it.value() = h;
    }
    slim.insert(u"hosts"_s, hosts);
    appendTail(run.phase.stdoutTail, QString::fromUtf8(QJsonDocument(slim).toJson(QJsonDocument::Compact)) + u'\n',
               kStdoutTail);

    if (kind == "v2_playbook_on_task_start"_L1) {
        run.currentTask = event.value(u"task"_s).toObject().value(u"name"_s).toString();
        Q_EMIT taskStarted(id, run.phase.name, run.currentTask);
        return;
    }
    if (kind == "v2_playbook_on_stats"_L1) {
        int changed = 0;
        const QJsonObject stats = event.value(u"stats"_s).toObject();
        for (const QJsonValue &h : stats)
            changed += h.toObject().value(u"changed"_s).toInt();
        run.phase.changed = changed;
        return;
    }
    static const QSet<QString> results {u"v2_runner_on_ok"_s, u"v2_runner_on_failed"_s, u"v2_runner_on_skipped"_s,
                                        u"v2_runner_on_unreachable"_s};
    if (!results.contains(kind))
        return;
    const QJsonObject task = event.value(u"task"_s).toObject();
    const QJsonObject duration = task.value(u"duration"_s).toObject();
    const QDateTime started = parseTime(duration.value(u"start"_s));
    const QDateTime ended = parseTime(duration.value(u"end"_s));
    const QJsonObject eventHosts = event.value(u"hosts"_s).toObject();
    for (auto it = eventHosts.begin(); it != eventHosts.end(); ++it) {
        const QJsonObject r = it.value().toObject();
        TaskResult t;
        t.host = it.key();
        t.task = task.value(u"name"_s).toString();
        if (kind == "v2_runner_on_ok"_L1)
            t.status = r.value(u"changed"_s).toBool() ? u"changed"_s : u"ok"_s;
        else if (kind == "v2_runner_on_failed"_L1)
            t.status = u"failed"_s;
        else if (kind == "v2_runner_on_skipped"_L1)
            t.status = u"skipped"_s;
        else
            t.status = u"unreachable"_s;
        t.durationMs = started.isValid() && ended.isValid() ? started.msecsTo(ended) : 0;
        t.diff = diffText(r.value(u"diff"_s));
        t.output = taskOutput(r);
        run.phase.tasks.append(t);
        Q_EMIT taskFinished(id, run.phase.name, t);
    }
}

void AnsibleRunner::stopProcess(Run &run, const QString &outcome, const QString &message)
{
    if (!run.stopOutcome.isEmpty())
        return;
    run.stopOutcome = outcome;
    run.stopMessage = message;
    if (!run.process || run.process->state() == QProcess::NotRunning)
        return;
    signalGroup(run.pid, SIGTERM);
    if (!run.killTimer) {
        run.killTimer = new QTimer(this);
        run.killTimer->setSingleShot(true);
        QPointer<QProcess> process = run.process;
        connect(run.killTimer, &QTimer::timeout, this, [process] {
            if (process && process->state() != QProcess::NotRunning) {
                signalGroup(process->processId(), SIGKILL);
                process->kill();
            }
        });
    }
    run.killTimer->start(m_settings.killGraceMs);
}

void AnsibleRunner::handleProcessFinished(const QString &runId, int exitCode, bool crashed)
{
    const auto it = m_runs.find(runId);
    if (it == m_runs.end())
        return;
    Run &run = *it->second;
    if (!run.process)
        return;
    QProcess *process = run.process;
    // Whatever is still buffered, including a last line without a newline.
    handleOutput(run);
    const QByteArray rest = process->readAllStandardOutput();
    if (!rest.isEmpty())
        handleLine(run, rest);
    appendTail(run.phase.stderrTail, QString::fromUtf8(process->readAllStandardError()), kStderrTail);
    if (run.log)
        run.log->close();
    run.log = nullptr;
    run.process = nullptr;
    process->disconnect(this);
    process->deleteLater();
    if (run.killTimer)
        run.killTimer->stop();

    // The group may keep children that ignored SIGTERM: make sure nothing stays.
    if (!run.stopOutcome.isEmpty())
        signalGroup(run.pid, SIGKILL);
    run.pid = 0;

    ExecutionPhase &phase = run.phase;
    phase.finishedAt = QDateTime::currentDateTimeUtc();
    phase.exitCode = crashed ? -1 : exitCode;
    if (!run.stopOutcome.isEmpty())
        phase.outcome = run.stopOutcome == "timeout"_L1 ? u"timeout"_s : u"aborted"_s;
    else if (crashed || exitCode != 0)
        phase.outcome = u"failed"_s;
    else {
        int changed = 0;
        for (const TaskResult &t : std::as_const(phase.tasks))
            changed += t.status == "changed"_L1 ? 1 : 0;
        phase.changed = std::max(phase.changed, changed);
        phase.outcome = phase.changed > 0 ? u"changed"_s : u"ok"_s;
    }
    run.result.phases.append(phase);
    Q_EMIT phaseFinished(runId, phase);

    QString failure;
    if (!run.stopOutcome.isEmpty()) {
        run.result.outcome = run.stopOutcome == "timeout"_L1 ? u"timeout"_s : u"aborted"_s;
        run.result.message = u"%1: %2"_s.arg(phase.name, run.stopMessage);
    } else if (phase.outcome == "failed"_L1) {
        QString why;
        for (const TaskResult &t : std::as_const(phase.tasks)) {
            if (t.status == "failed"_L1 || t.status == "unreachable"_L1) {
                why = u"task \"%1\" %2 on %3: %4"_s.arg(t.task, t.status, t.host, t.output.trimmed().left(500));
                break;
            }
        }
        if (why.isEmpty())
            why = u"ansible-playbook exited with %1: %2"_s.arg(phase.exitCode)
                      .arg(phase.stderrTail.trimmed().right(500));
        failure = u"%1 failed: %2"_s.arg(phase.name, why);
    } else if (phase.name == "recheck"_L1 && phase.changed > 0) {
        failure = u"not idempotent: the re-check after apply reported %1 change(s)"_s.arg(phase.changed);
    }
    if (run.stopOutcome.isEmpty() && failure.isEmpty() && ++run.next < run.plan.size()) {
        startPhase(run);
        return;
    }
    if (run.stopOutcome.isEmpty()) {
        run.result.outcome = failure.isEmpty() ? u"succeeded"_s : u"failed"_s;
        run.result.message = failure;
    }
    finishRun(runId);
}

void AnsibleRunner::finishRun(const QString &runId)
{
    const auto it = m_runs.find(runId);
    if (it == m_runs.end())
        return;
    std::unique_ptr<Run> run = std::move(it->second);
    m_runs.erase(it);
    if (run->timeout)
        run->timeout->deleteLater();
    if (run->killTimer)
        run->killTimer->deleteLater();
    run->result.finishedAt = QDateTime::currentDateTimeUtc();
    Q_EMIT runFinished(run->result);
}

Status AnsibleRunner::abort(const QString &runId, const QString &reason)
{
    const auto it = m_runs.find(runId);
    if (it == m_runs.end())
        return Error {ErrorCode::NotFound, u"run %1 is not running"_s.arg(runId)};
    Run &run = *it->second;
    if (!run.process) {
        // Not started yet (queued for the event loop): finish it as aborted.
        run.stopOutcome = u"aborted"_s;
        run.result.outcome = u"aborted"_s;
        run.result.message = reason;
        QTimer::singleShot(0, this, [this, runId] { finishRun(runId); });
        return {};
    }
    stopProcess(run, u"aborted"_s, reason);
    return {};
}

int AnsibleRunner::abortAll(const QString &reason)
{
    const QStringList ids = runningIds();
    for (const QString &id : ids)
        (void)abort(id, reason);
    return int(ids.size());
}

} // namespace warroom
