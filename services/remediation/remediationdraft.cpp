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

ValidationReport ValidationReport::fromJson(const QJsonObject &j)
{
    ValidationReport r;
    r.syntaxOk = j.value(u"syntax_ok"_s).toBool();
    r.lintRan = j.value(u"lint_ran"_s).toBool();
    r.lintOk = j.value(u"lint_ok"_s).toBool();
    r.checkOk = j.value(u"check_ok"_s).toBool();
    r.firstCheckChanged = j.value(u"first_check_changed"_s).toInt(-1);
    r.applyOk = j.value(u"apply_ok"_s).toBool();
    r.applyChanged = j.value(u"apply_changed"_s).toInt(-1);
    r.secondCheckChanged = j.value(u"second_check_changed"_s).toInt(-1);
    r.error = j.value(u"error"_s).toString();
    r.syntaxOutput = j.value(u"syntax_output"_s).toString();
    r.lintOutput = j.value(u"lint_output"_s).toString();
    return r;
}

Expected<RemediationDraft> RemediationDraft::fromJson(const QJsonObject &j)
{
    RemediationDraft d;
    d.id = j.value(u"id"_s).toString();
    d.incidentId = j.value(u"incident"_s).toInteger();
    d.incidentKey = j.value(u"key"_s).toString();
    d.title = j.value(u"title"_s).toString();
    d.createdBy = j.value(u"created_by"_s).toString();
    d.requestedBy = j.value(u"requested_by"_s).toString();
    d.createdAt = QDateTime::fromString(j.value(u"created_at"_s).toString(), Qt::ISODateWithMs);
    d.yaml = j.value(u"yaml"_s).toString();
    d.sha256 = j.value(u"sha256"_s).toString();
    for (const QJsonValue &v : j.value(u"tasks"_s).toArray()) {
        const QJsonObject t = v.toObject();
        d.tasks.append({t.value(u"name"_s).toString(), t.value(u"module"_s).toString(), t.value(u"step"_s).toString(),
                        t.value(u"destructive"_s).toBool()});
    }
    for (const QJsonValue &v : j.value(u"notes"_s).toArray())
        d.notes.append(v.toString());
    d.validated = j.value(u"validated"_s).toBool();
    d.validation = ValidationReport::fromJson(j.value(u"validation"_s).toObject());
    const QString state = j.value(u"state"_s).toString();
    d.state = state == "approved"_L1 ? State::Approved : state == "rejected"_L1 ? State::Rejected : State::Draft;
    d.reviewer = j.value(u"reviewer"_s).toString();
    d.reviewComment = j.value(u"review_comment"_s).toString();
    d.decidedAt = QDateTime::fromString(j.value(u"decided_at"_s).toString(), Qt::ISODateWithMs);
    d.branch = j.value(u"branch"_s).toString();
    d.commit = j.value(u"commit"_s).toString();
    if (d.id.isEmpty() || d.yaml.isEmpty() || sha256Hex({d.yaml.toUtf8()}) != d.sha256)
        return makeError(ErrorCode::InvalidInput,
                         u"remediation: a stored draft is incomplete or altered (%1)"_s.arg(d.id));
    return d;
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
            {u"requested_by"_s, requestedBy},
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

namespace {

/// The text of a play-level section (`tasks:`, `vars:`) of one play, as the
/// reviewed file has it (quotes, folded scalars and comments kept), moved to
/// start at column `indent`. Empty when the play has no such section.
QString rawSection(const QStringList &lines, int playStart, int playEnd, int keyColumn, const QString &key, int indent)
{
    static const QRegularExpression keyLine(u"^(\\s*)([A-Za-z_]+):\\s*(#.*)?$"_s);
    int keyIndent = -1;
    int first = -1;
    for (int i = playStart; i < playEnd; ++i) {
        const QRegularExpressionMatch m = keyLine.match(lines[i]);
        if (m.hasMatch() && m.captured(2) == key && m.capturedLength(1) == keyColumn) {
            // A play key sits at the play's own indentation (after "- " of the play).
            keyIndent = int(m.capturedLength(1));
            first = i + 1;
            break;
        }
    }
    if (first < 0)
        return {};
    int last = first;
    int base = -1;
    for (int i = first; i < playEnd; ++i) {
        const QString &line = lines[i];
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u'#')) {
            last = i + 1;
            continue;
        }
        const int lead = int(line.size() - QString(line).remove(QRegularExpression(u"^\\s+"_s)).size());
        if (lead <= keyIndent)
            break;
        if (base < 0)
            base = lead;
        last = i + 1;
    }
    if (base < 0)
        return {};
    QString text;
    const QString pad(std::max(0, indent - base), u' ');
    for (int i = first; i < last; ++i) {
        if (lines[i].trimmed().isEmpty())
            text += u'\n';
        else
            text += (indent >= base ? pad + lines[i] : lines[i].mid(base - indent)) + u'\n';
    }
    while (text.endsWith(u"\n\n"_s))
        text.chop(1);
    return text;
}

/// The module a task calls: its first key that is not a task keyword.
QString moduleOf(const YAML::Node &task)
{
    static const QStringList keywords {
        u"name"_s,        u"register"_s,    u"when"_s,         u"loop"_s,        u"vars"_s,          u"tags"_s,
        u"notify"_s,      u"become"_s,      u"until"_s,        u"retries"_s,     u"delay"_s,         u"no_log"_s,
        u"check_mode"_s,  u"diff"_s,        u"changed_when"_s, u"failed_when"_s, u"ignore_errors"_s, u"loop_control"_s,
        u"environment"_s, u"delegate_to"_s, u"run_once"_s,     u"args"_s};
    for (auto it = task.begin(); it != task.end(); ++it) {
        const QString key = QString::fromStdString(it->first.as<std::string>());
        if (!keywords.contains(key))
            return key;
    }
    return {};
}

/// Inlines the tasks of a whitelisted playbook a step ran: the play's
/// variables around a block that carries the step's own (which win, as the
/// run's extra variables did).
Status inlinePlaybook(Builder &b, const PlanStep &s, const PinnedPlaybook &pb);

} // namespace

Expected<RemediationDraft> RemediationDrafter::draft(const IncidentRecord &record, const QList<AuditEvent> &events,
                                                     int sequence, const QDateTime &now,
                                                     const PlaybookResolver &playbooks)
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
        if (!s.playbookId.isEmpty() && playbooks) {
            Expected<PinnedPlaybook> pb = playbooks(s.playbookId);
            if (!pb) {
                d.notes << u"step %1 (%2): playbook %3 cannot be inlined: %4"_s.arg(s.id, s.title, s.playbookId,
                                                                                    pb.error().message);
                continue;
            }
            if (Status inlined = inlinePlaybook(b, s, *pb); !inlined) {
                d.notes << u"step %1 (%2): %3"_s.arg(s.id, s.title, inlined.error().message);
                continue;
            }
            ++used;
            continue;
        }
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

namespace {

Status inlinePlaybook(Builder &b, const PlanStep &s, const PinnedPlaybook &pb)
{
    YAML::Node doc;
    try {
        doc = YAML::Load(pb.yaml.toStdString());
    } catch (const YAML::Exception &e) {
        return Error {ErrorCode::InvalidInput,
                      u"%1 is not valid YAML: %2"_s.arg(pb.file, QString::fromStdString(e.msg))};
    }
    if (!doc.IsSequence() || doc.size() == 0)
        return Error {ErrorCode::InvalidInput, u"%1 is not a playbook (a list of plays)"_s.arg(pb.file)};
    const QString label = u"Step %1: %2"_s.arg(s.id, s.title);
    const QStringList lines = QString::fromUtf8(pb.yaml).split(u'\n');
    for (std::size_t i = 0; i < doc.size(); ++i) {
        const YAML::Node play = doc[i];
        const int playStart = play.Mark().line;
        const int playEnd = i + 1 < doc.size() ? doc[i + 1].Mark().line : int(lines.size());
        if (!play.IsMap() || !play["tasks"] || !play["tasks"].IsSequence())
            return Error {ErrorCode::InvalidInput, u"%1: play %2 has no tasks"_s.arg(pb.file).arg(i + 1)};
        if (play["roles"] || play["import_playbook"] || play["handlers"])
            return Error {ErrorCode::InvalidInput,
                          u"%1 uses roles, imports or handlers; only self-contained plays are inlined"_s.arg(pb.file)};
        const bool destructive = pb.highRisk;
        const QString name = u"%1 (whitelisted playbook %2%3)"_s.arg(
            label, pb.id, doc.size() > 1 ? u", play %1"_s.arg(i + 1) : QString());
        const QString fullName = destructive ? name + u" (DESTRUCTIVE)"_s : name;
        b.body += u"    # From %1 (%2), pinned sha256 %3.\n"_s.arg(pb.id, pb.file, pb.sha256);
        if (destructive)
            b.body += u"    # DESTRUCTIVE: a high-risk playbook; review before approving.\n"_s;
        b.body += u"    - name: "_s + RemediationDrafter::quote(plainName(fullName)) + u'\n';
        if (play["vars"] && play["vars"].IsMap() && play["vars"].size() > 0)
            b.body += u"      vars:\n"_s + rawSection(lines, playStart, playEnd, play.Mark().column, u"vars"_s, 8);
        if (destructive)
            b.body += u"      tags: [destructive]\n"_s;
        b.body += u"      block:\n"_s;
        b.body += u"        - name: "_s
            + RemediationDrafter::quote(plainName(label + u" with the incident's variables"_s)) + u'\n';
        if (!s.vars.isEmpty()) {
            b.body += u"          vars:\n"_s;
            for (auto it = s.vars.constBegin(); it != s.vars.constEnd(); ++it) {
                const QJsonValue v = it.value();
                QString value;
                if (v.isString())
                    value = literal(v.toString());
                else if (v.isBool())
                    value = v.toBool() ? u"true"_s : u"false"_s;
                else if (v.isDouble())
                    value = QString::number(v.toDouble(), 'g', 15);
                else
                    value = literal(
                        QString::fromUtf8(QJsonDocument::fromVariant(v.toVariant()).toJson(QJsonDocument::Compact)));
                b.body += u"            "_s + RemediationDrafter::quote(it.key()) + u": "_s + value + u'\n';
            }
        }
        b.body += u"          block:\n"_s;
        const QString tasks = rawSection(lines, playStart, playEnd, play.Mark().column, u"tasks"_s, 12);
        if (tasks.isEmpty())
            return Error {ErrorCode::InvalidInput, u"%1: play %2's tasks could not be read"_s.arg(pb.file).arg(i + 1)};
        b.body += tasks;
        for (const YAML::Node &task : play["tasks"]) {
            const QString taskName = task["name"] ? QString::fromStdString(task["name"].as<std::string>()) : QString();
            b.tasks.append({plainName(u"%1: %2"_s.arg(label, taskName)), moduleOf(task), s.id, destructive});
        }
    }
    return {};
}

} // namespace

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
