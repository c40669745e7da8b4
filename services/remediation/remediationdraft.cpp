#include "remediationdraft.h"

#include "sha256.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace warroom {

QJsonObject RemediationTask::toJson() const
{
    return {{u"name"_s, name}, {u"module"_s, module}, {u"step"_s, sourceStep}, {u"destructive"_s, destructive}};
}

QJsonObject ValidationReport::toJson() const
{
    return {{u"passed"_s, passed()},
            {u"syntax_ok"_s, syntaxOk},
            {u"lint_ran"_s, lintRan},
            {u"lint_ok"_s, lintOk},
            {u"check_ok"_s, checkOk},
            {u"first_check_changed"_s, firstCheckChanged},
            {u"apply_ok"_s, applyOk},
            {u"apply_changed"_s, applyChanged},
            {u"second_check_changed"_s, secondCheckChanged},
            {u"error"_s, error},
            {u"syntax_output"_s, syntaxOutput.right(2000)},
            {u"lint_output"_s, lintOutput.right(4000)}};
}

int RemediationDraft::destructiveCount() const
{
    return int(std::count_if(tasks.begin(), tasks.end(), [](const RemediationTask &t) { return t.destructive; }));
}

QString toString(RemediationDraft::State state)
{
    switch (state) {
    case RemediationDraft::State::Draft: return u"draft"_s;
    case RemediationDraft::State::Approved: return u"approved"_s;
    case RemediationDraft::State::Rejected: return u"rejected"_s;
    }
    return u"draft"_s;
}

QJsonObject RemediationDraft::toJson() const
{
    QJsonArray t;
    for (const RemediationTask &task : tasks)
        t.append(task.toJson());
    return {{u"id"_s, id},
            {u"incident"_s, incidentId},
            {u"key"_s, incidentKey},
            {u"title"_s, title},
            {u"created_by"_s, createdBy},
            {u"created_at"_s, createdAt.toUTC().toString(Qt::ISODateWithMs)},
            {u"yaml"_s, yaml},
            {u"sha256"_s, sha256},
            {u"tasks"_s, t},
            {u"destructive_tasks"_s, destructiveCount()},
            {u"notes"_s, QJsonArray::fromStringList(notes)},
            {u"validated"_s, validated},
            {u"validation"_s, validation.toJson()},
            {u"state"_s, toString(state)},
            {u"reviewer"_s, reviewer},
            {u"review_comment"_s, reviewComment},
            {u"decided_at"_s, decidedAt.isValid() ? decidedAt.toUTC().toString(Qt::ISODateWithMs) : QString()},
            {u"branch"_s, branch},
            {u"commit"_s, commit}};
}

QString RemediationDrafter::quote(const QString &text)
{
    // A JSON string is a valid YAML double-quoted scalar.
    const QByteArray json = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

bool RemediationDrafter::isDestructiveCommand(const QStringList &argv)
{
    static const QRegularExpression destructive(
        u"\\b(rm|rmdir|kill|pkill|killall|drop|truncate|delete|shutdown|reboot|restart|stop|mkfs|dd|wipefs|"
        u"iptables|userdel|del|purge|flush|flushall|destroy|terminate)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    return destructive.match(argv.join(u' ')).hasMatch();
}

namespace {

/// A value from the timeline: never templated by Ansible (no Jinja injection).
QString literal(const QString &text)
{
    const QString q = RemediationDrafter::quote(text);
    return text.contains(u'{') || text.contains(u'%') ? u"!unsafe "_s + q : q;
}

/// Names are templated too; a name never carries Jinja.
QString plainName(QString text)
{
    return text.replace(u'{', u'(').replace(u'}', u')').replace(u'\n', u' ');
}

/// Step ids become parts of variable names and file names.
QString safeId(QString id)
{
    return id.replace(QRegularExpression(u"[^A-Za-z0-9_]"_s), u"_"_s).toLower();
}

struct Builder
{
    QString body;
    QList<RemediationTask> tasks;

    void task(const QString &name, const QString &module, const QStringList &args, const QString &step,
              bool destructive, const QStringList &extra = {})
    {
        const QString fullName = destructive ? name + u" (DESTRUCTIVE)"_s : name;
        if (destructive)
            body += u"    # DESTRUCTIVE: review before approving.\n"_s;
        body += u"    - name: "_s + RemediationDrafter::quote(plainName(fullName)) + u"\n      "_s + module + u":\n"_s;
        for (const QString &a : args)
            body += u"        "_s + a + u'\n';
        for (const QString &e : extra)
            body += u"      "_s + e + u'\n';
        if (destructive)
            body += u"      tags: [destructive]\n"_s;
        tasks.append({plainName(fullName), module, step, destructive});
    }
};

QList<QStringList> commandsOf(const PlanStep &step)
{
    QList<QStringList> commands;
    const QJsonValue cmd = step.vars.value(u"command"_s);
    if (cmd.isString() && !cmd.toString().trimmed().isEmpty())
        commands << QProcess::splitCommand(cmd.toString().trimmed());
    if (cmd.isArray()) {
        QStringList argv;
        for (const QJsonValue &v : cmd.toArray())
            argv << v.toString();
        commands << argv;
    }
    for (const QString &line : step.description.split(u'\n')) {
        const QString t = line.trimmed();
        if (t.startsWith(u"$ "_s))
            commands << QProcess::splitCommand(t.mid(2).trimmed());
    }
    return commands;
}

} // namespace

Expected<RemediationDraft> RemediationDrafter::draft(const IncidentRecord &record, const QList<AuditEvent> &events,
                                                     int sequence, const QDateTime &now)
{
    Q_UNUSED(events);
    RemediationDraft d;
    d.incidentId = record.incident.id;
    d.incidentKey = record.incident.key();
    d.id = u"%1-d%2"_s.arg(record.incident.key().toLower()).arg(sequence);
    d.title = u"Remediation for %1: %2"_s.arg(d.incidentKey, record.incident.title);
    d.createdBy = u"warroom"_s;
    d.createdAt = now;

    Builder b;
    b.task(u"Ensure the remediation state directory exists"_s, u"ansible.builtin.file"_s,
           {u"path: \"{{ remediation_state_dir }}\""_s, u"state: directory"_s, u"mode: \"0750\""_s}, QString(), false);
    int used = 0;
    for (const PlanStep &s : record.plan.steps) {
        if (s.state != StepState::Succeeded)
            continue;
        if (s.kind != StepKind::Remediate && s.kind != StepKind::Rollback && s.kind != StepKind::Manual)
            continue;
        const QJsonObject &v = s.vars;
        const QString label = u"Step %1: %2"_s.arg(s.id, s.title);
        const QString sid = safeId(s.id);
        const QString marker = u"\"{{ remediation_state_dir }}/{{ remediation_id }}-%1.done\""_s.arg(sid);
        int before = int(b.tasks.size());
        if (v.contains(u"file"_s) && v.contains(u"line"_s)) {
            QStringList args {u"path: "_s + literal(v.value(u"file"_s).toString()),
                              u"line: "_s + literal(v.value(u"line"_s).toString())};
            if (v.contains(u"regexp"_s))
                args << u"regexp: "_s + literal(v.value(u"regexp"_s).toString());
            args << u"create: false"_s;
            b.task(label + u" (line in "_s + v.value(u"file"_s).toString() + u')', u"ansible.builtin.lineinfile"_s,
                   args, s.id, false);
        }
        if (v.contains(u"directory"_s))
            b.task(
                label + u" (directory)"_s, u"ansible.builtin.file"_s,
                {u"path: "_s + literal(v.value(u"directory"_s).toString()), u"state: directory"_s, u"mode: \"0755\""_s},
                s.id, false);
        if (v.contains(u"path"_s) && v.contains(u"content"_s))
            b.task(label + u" (content of "_s + v.value(u"path"_s).toString() + u')', u"ansible.builtin.copy"_s,
                   {u"dest: "_s + literal(v.value(u"path"_s).toString()),
                    u"content: "_s + literal(v.value(u"content"_s).toString()), u"mode: \"0644\""_s},
                   s.id, false);
        if (v.contains(u"absent"_s))
            b.task(label + u" (remove "_s + v.value(u"absent"_s).toString() + u')', u"ansible.builtin.file"_s,
                   {u"path: "_s + literal(v.value(u"absent"_s).toString()), u"state: absent"_s}, s.id, true);
        if (v.contains(u"cleanup_dir"_s)) {
            const QString reg = u"warroom_%1_old"_s.arg(sid);
            QStringList args {u"paths: "_s + literal(v.value(u"cleanup_dir"_s).toString()),
                              u"age: "_s + literal(v.value(u"older_than"_s).toString(u"7d"_s))};
            if (v.contains(u"patterns"_s))
                args << u"patterns: "_s + literal(v.value(u"patterns"_s).toString());
            b.task(label + u" (find old files)"_s, u"ansible.builtin.find"_s, args, s.id, false,
                   {u"register: "_s + reg});
            b.task(label + u" (remove old files)"_s, u"ansible.builtin.file"_s,
                   {u"path: \"{{ item.path }}\""_s, u"state: absent"_s}, s.id, true,
                   {u"loop: \"{{ "_s + reg + u".files }}\""_s});
        }
        if (v.contains(u"service"_s)) {
            const QString state = v.value(u"state"_s).toString(u"started"_s);
            static const QStringList states {u"started"_s, u"stopped"_s, u"restarted"_s, u"reloaded"_s};
            if (!states.contains(state))
                return makeError(ErrorCode::InvalidInput,
                                 u"step %1: unknown service state \"%2\""_s.arg(s.id, state.left(40)));
            const QString svc = v.value(u"service"_s).toString();
            if (state == u"restarted"_s || state == u"reloaded"_s) {
                // Not idempotent by nature: once per target, recorded by a marker.
                b.task(label + u" (check the "_s + state + u" marker)"_s, u"ansible.builtin.stat"_s,
                       {u"path: "_s + marker}, s.id, false, {u"register: warroom_"_s + sid + u"_marker"_s});
                b.task(label + u" ("_s + state.chopped(2) + u' ' + svc + u')', u"ansible.builtin.service"_s,
                       {u"name: "_s + literal(svc), u"state: "_s + state}, s.id, true,
                       {u"when: not warroom_"_s + sid + u"_marker.stat.exists"_s});
                b.task(label + u" (record the marker)"_s, u"ansible.builtin.copy"_s,
                       {u"dest: "_s + marker, u"content: \"done\\n\""_s, u"force: false"_s, u"mode: \"0640\""_s}, s.id,
                       false);
            } else {
                b.task(label + u" (service "_s + svc + u' ' + state + u')', u"ansible.builtin.service"_s,
                       {u"name: "_s + literal(svc), u"state: "_s + state}, s.id, state == u"stopped"_s);
            }
        }
        const QList<QStringList> commands = commandsOf(s);
        for (int i = 0; i < commands.size(); ++i) {
            const QStringList &argv = commands[i];
            if (argv.isEmpty())
                continue;
            QStringList quoted;
            for (const QString &a : argv)
                quoted << literal(a);
            const QString m = commands.size() == 1
                ? marker
                : u"\"{{ remediation_state_dir }}/{{ remediation_id }}-%1-%2.done\""_s.arg(sid).arg(i + 1);
            b.task(label + u" (run "_s + argv.first() + u')', u"ansible.builtin.command"_s,
                   {u"argv: ["_s + quoted.join(u", "_s) + u']', u"creates: "_s + m}, s.id, isDestructiveCommand(argv));
            b.task(label + u" (record that it ran)"_s, u"ansible.builtin.copy"_s,
                   {u"dest: "_s + m, u"content: \"done\\n\""_s, u"force: false"_s, u"mode: \"0640\""_s}, s.id, false);
        }
        if (b.tasks.size() == before)
            d.notes << u"step %1 (%2): no template matches its variables; review it by hand"_s.arg(s.id, s.title);
        else
            ++used;
    }
    if (used == 0)
        return makeError(
            ErrorCode::InvalidInput,
            u"%1 has no succeeded remediation, rollback or manual step with a template"_s.arg(d.incidentKey));

    QString y;
    y += u"---\n"_s;
    y += u"# %1\n# Drafted by warroom from the incident timeline at %2 (templates, offline).\n"_s.arg(
        QString(d.title).replace(u'\n', u' '), now.toUTC().toString(Qt::ISODate));
    y += u"# Tasks marked DESTRUCTIVE change or remove state; a person must review them.\n"_s;
    y += u"- name: "_s + quote(plainName(d.title)) + u'\n';
    y += u"  hosts: \"{{ target_hosts | default('all') }}\"\n"_s;
    y += u"  gather_facts: false\n"_s;
    y += u"  vars:\n"_s;
    y += u"    remediation_id: "_s + quote(d.id) + u'\n';
    y += u"    remediation_state_dir: /var/lib/warroom/remediation\n"_s;
    y += u"  tasks:\n"_s;
    y += b.body;
    d.yaml = y;
    d.tasks = b.tasks;
    d.sha256 = sha256Hex({d.yaml.toUtf8()});
    return d;
}

// ---------------------------------------------------------------- validator

int AnsibleValidator::changedCount(const QString &output)
{
    static const QRegularExpression recap(u"^\\S+\\s*:\\s*ok=\\d+\\s+changed=(\\d+)"_s,
                                          QRegularExpression::MultilineOption);
    const qsizetype at = output.indexOf(u"PLAY RECAP"_s);
    if (at < 0)
        return -1;
    int total = 0;
    QRegularExpressionMatchIterator it = recap.globalMatch(output, at);
    bool any = false;
    while (it.hasNext()) {
        total += it.next().captured(1).toInt();
        any = true;
    }
    return any ? total : -1;
}

namespace {

struct Run
{
    int exitCode = -1;
    QString output;
    QString error;
};

Run runProcess(const QString &program, const QStringList &args, const AnsibleValidator::Options &o)
{
    Run r;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"ANSIBLE_HOME"_s, o.workDir + u"/ansible-home"_s);
    env.insert(u"ANSIBLE_LOCAL_TEMP"_s, o.workDir + u"/ansible-tmp"_s);
    env.insert(u"ANSIBLE_REMOTE_TEMP"_s, o.workDir + u"/ansible-remote-tmp"_s);
    env.insert(u"ANSIBLE_NOCOLOR"_s, u"1"_s);
    env.insert(u"ANSIBLE_FORCE_COLOR"_s, u"0"_s);
    env.insert(u"ANSIBLE_RETRY_FILES_ENABLED"_s, u"0"_s);
    env.insert(u"ANSIBLE_STDOUT_CALLBACK"_s, u"default"_s);
    env.insert(u"ANSIBLE_HOST_KEY_CHECKING"_s, u"0"_s);
    env.insert(u"ANSIBLE_PYTHON_INTERPRETER"_s, u"auto_silent"_s);
    env.insert(u"NO_COLOR"_s, u"1"_s);
    env.insert(u"XDG_CACHE_HOME"_s, o.workDir + u"/cache"_s); // ansible-lint's cache
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(o.workDir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    const QString exe = QStandardPaths::findExecutable(program);
    if (exe.isEmpty()) {
        r.error = u"%1 is not installed"_s.arg(program);
        return r;
    }
    p.start(exe, args);
    if (!p.waitForStarted(10000)) {
        r.error = u"%1 did not start: %2"_s.arg(program, p.errorString());
        return r;
    }
    if (!p.waitForFinished(o.timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        r.error = u"%1 timed out after %2 ms"_s.arg(program).arg(o.timeoutMs);
        r.output = QString::fromUtf8(p.readAll());
        return r;
    }
    r.output = QString::fromUtf8(p.readAll());
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

} // namespace

QStringList AnsibleValidator::uncheckableTasks(const QByteArray &playbookYaml)
{
    // Check mode skips these modules, so a second --check pass cannot show
    // whether they are idempotent; only creates/removes make them so.
    static const QStringList commandLike {u"command"_s,
                                          u"shell"_s,
                                          u"raw"_s,
                                          u"script"_s,
                                          u"ansible.builtin.command"_s,
                                          u"ansible.builtin.shell"_s,
                                          u"ansible.builtin.raw"_s,
                                          u"ansible.builtin.script"_s,
                                          u"ansible.legacy.command"_s,
                                          u"ansible.legacy.shell"_s};
    QStringList found;
    std::function<void(const YAML::Node &)> walkTasks = [&](const YAML::Node &tasks) {
        if (!tasks || !tasks.IsSequence())
            return;
        for (const YAML::Node &task : tasks) {
            if (!task.IsMap())
                continue;
            for (const char *nested : {"block", "rescue", "always"})
                walkTasks(task[nested]);
            for (const QString &module : commandLike) {
                const YAML::Node args = task[module.toStdString()];
                if (!args)
                    continue;
                const bool guarded = args.IsMap() && (args["creates"] || args["removes"]);
                const bool guardedByArgs
                    = task["args"] && task["args"].IsMap() && (task["args"]["creates"] || task["args"]["removes"]);
                if (!guarded && !guardedByArgs)
                    found << (task["name"] ? QString::fromStdString(task["name"].as<std::string>()) : module);
            }
        }
    };
    try {
        const YAML::Node root = YAML::Load(playbookYaml.toStdString());
        if (!root.IsSequence())
            return {};
        for (const YAML::Node &play : root) {
            if (!play.IsMap())
                continue;
            for (const char *section : {"pre_tasks", "tasks", "post_tasks", "handlers"})
                walkTasks(play[section]);
        }
    } catch (const YAML::Exception &) {
        return {}; // the syntax check reports it
    }
    return found;
}

ValidationReport AnsibleValidator::validate(const QString &playbookFile, const Options &o)
{
    ValidationReport report;
    if (o.workDir.isEmpty() || !QDir().mkpath(o.workDir)) {
        report.error = u"validator: no usable work directory"_s;
        return report;
    }
    QStringList common;
    if (o.inventory.isEmpty())
        common << u"-i"_s << u"localhost,"_s << u"-c"_s << u"local"_s << u"-e"_s << u"target_hosts=localhost"_s;
    else
        common << u"-i"_s << o.inventory;
    if (!o.extraVars.isEmpty())
        common << u"-e"_s << QString::fromUtf8(QJsonDocument(o.extraVars).toJson(QJsonDocument::Compact));

    Run syntax = runProcess(u"ansible-playbook"_s, common + QStringList {u"--syntax-check"_s, playbookFile}, o);
    report.syntaxOutput = syntax.output;
    report.syntaxOk = syntax.error.isEmpty() && syntax.exitCode == 0;
    if (!report.syntaxOk) {
        report.error = syntax.error.isEmpty() ? u"syntax check failed (exit %1)"_s.arg(syntax.exitCode) : syntax.error;
        return report;
    }
    {
        QFile file(playbookFile);
        const QStringList unchecked = file.open(QIODevice::ReadOnly) ? uncheckableTasks(file.readAll()) : QStringList();
        if (!unchecked.isEmpty()) {
            report.error = u"check mode cannot verify these command tasks (add creates/removes): %1"_s.arg(
                unchecked.join(u"; "_s));
            return report;
        }
    }
    if (o.runLint && !QStandardPaths::findExecutable(u"ansible-lint"_s).isEmpty()) {
        Run lint = runProcess(u"ansible-lint"_s, {u"--offline"_s, u"--nocolor"_s, u"-p"_s, playbookFile}, o);
        report.lintRan = true;
        report.lintOutput = lint.output;
        report.lintOk = lint.error.isEmpty() && lint.exitCode == 0;
        if (!report.lintOk) {
            report.error
                = lint.error.isEmpty() ? u"ansible-lint found problems (exit %1)"_s.arg(lint.exitCode) : lint.error;
            return report;
        }
    }
    if (!o.disposableTarget) {
        report.error = u"validator: the target is not marked disposable; refusing the apply pass"_s;
        return report;
    }
    Run first = runProcess(u"ansible-playbook"_s, common + QStringList {u"--check"_s, playbookFile}, o);
    report.firstCheckChanged = changedCount(first.output);
    report.checkOk = first.error.isEmpty() && first.exitCode == 0;
    if (!report.checkOk) {
        report.error
            = u"first check-mode pass failed: "_s + (first.error.isEmpty() ? first.output.right(1500) : first.error);
        return report;
    }
    Run apply = runProcess(u"ansible-playbook"_s, common + QStringList {playbookFile}, o);
    report.applyChanged = changedCount(apply.output);
    report.applyOk = apply.error.isEmpty() && apply.exitCode == 0;
    if (!report.applyOk) {
        report.error = u"apply pass on the local target failed: "_s
            + (apply.error.isEmpty() ? apply.output.right(1500) : apply.error);
        return report;
    }
    Run second = runProcess(u"ansible-playbook"_s, common + QStringList {u"--check"_s, playbookFile}, o);
    report.secondCheckChanged = changedCount(second.output);
    if (!second.error.isEmpty() || second.exitCode != 0)
        report.error = u"second check-mode pass failed: "_s
            + (second.error.isEmpty() ? second.output.right(1500) : second.error);
    else if (report.secondCheckChanged != 0)
        report.error
            = u"not idempotent: the second check-mode pass reports changed=%1"_s.arg(report.secondCheckChanged);
    return report;
}

} // namespace warroom
