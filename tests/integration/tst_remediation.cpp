// Remediation drafting end to end with real tools: a draft from a resolved
// incident's timeline passes ansible-playbook --syntax-check, ansible-lint
// and the double check-mode run (check, apply to a local temp target,
// check again with changed=0); it enters the runbook repository's
// whitelist only after a person approves, on a new branch, never merged.
#include "llmdrafter.h"
#include "playbookpolicy.h"
#include "remediationdraft.h"
#include "reviewqueue.h"
#include "runbookrepository.h"
#include "sha256.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

QString git(const QString &repo, const QStringList &args, int *exitCode = nullptr)
{
    QProcess p;
    p.start(u"git"_s, QStringList {u"-C"_s, repo} + args);
    p.waitForFinished(20000);
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

PlanStep step(const QString &id, StepKind kind, const QString &title, StepState state, const QJsonObject &vars = {},
              const QString &description = {})
{
    PlanStep s;
    s.id = id;
    s.kind = kind;
    s.title = title;
    s.state = state;
    s.vars = vars;
    s.description = description;
    return s;
}

} // namespace

class TestRemediation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void draftFromTimeline();
    void validatesWithAnsible();
    void validatorCatchesNonIdempotentAndBrokenPlaybooks();
    void modelsDraftPassesTheSameValidation();
    void validatorRefusesNonDisposableTarget();
    void reviewQueueGatesTheWhitelist();
    void rejectionAndRepositoryFailuresLoseNothing();

private:
    IncidentRecord record() const;
    RemediationDraft validatedDraft();
    RemediationDraft m_validated; ///< from validatesWithAnsible
    ValidationReport m_report;

    QTemporaryDir m_dir;
    QString m_target; ///< the disposable local target's files
    QString m_repo;
};

void TestRemediation::initTestCase()
{
    if (QStandardPaths::findExecutable(u"ansible-playbook"_s).isEmpty())
        QSKIP("ansible-playbook is not installed");
    QVERIFY(m_dir.isValid());
    m_target = m_dir.filePath(u"target"_s);
    m_repo = m_dir.filePath(u"runbooks"_s);
    QVERIFY(QDir().mkpath(m_repo));
    int rc = 0;
    git(m_repo, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s}, &rc);
    QCOMPARE(rc, 0);
    QVERIFY(writeFile(m_repo + u"/README.md"_s, "runbooks\n"));
    git(m_repo, {u"add"_s, u"README.md"_s});
    git(m_repo, {u"-c"_s, u"user.name=t"_s, u"-c"_s, u"user.email=t@t"_s, u"commit"_s, u"-q"_s, u"-m"_s, u"init"_s},
        &rc);
    QCOMPARE(rc, 0);
}

IncidentRecord TestRemediation::record() const
{
    IncidentRecord r;
    r.incident.id = 42;
    r.incident.title = u"Checkout API 5xx after connection pool exhaustion"_s;
    r.incident.state = IncidentState::Resolved;
    const QString t = m_target;
    r.plan.steps = {
        step(u"s1"_s, StepKind::Diagnose, u"Read pool metrics"_s, StepState::Succeeded,
             {{u"command"_s, u"cat /proc/loadavg"_s}}),
        step(u"s2"_s, StepKind::Remediate, u"Raise pool_size"_s, StepState::Succeeded,
             {{u"file"_s, QString(t + u"/app.conf"_s)},
              {u"line"_s, u"pool_size=20"_s},
              {u"regexp"_s, u"^pool_size="_s}}),
        step(u"s3"_s, StepKind::Manual, u"Create the spill directory and note the change"_s, StepState::Succeeded, {},
             u"On the host:\n$ touch "_s + t + u"/cache/rotated.flag\nthen tell the MIM."_s),
        step(u"s4"_s, StepKind::Remediate, u"Remove week-old logs"_s, StepState::Succeeded,
             {{u"cleanup_dir"_s, QString(t + u"/logs"_s)}, {u"older_than"_s, u"2d"_s}, {u"patterns"_s, u"*.log"_s}}),
        step(u"s5"_s, StepKind::Remediate, u"Never ran"_s, StepState::Pending,
             {{u"directory"_s, QString(t + u"/never"_s)}}),
        step(u"s6"_s, StepKind::Manual, u"Call the card processor"_s, StepState::Succeeded),
        step(u"s0"_s, StepKind::Remediate, u"Spill directory"_s, StepState::Succeeded,
             {{u"directory"_s, QString(t + u"/cache"_s)}}),
    };
    // s0 must precede s3 (touch needs the directory): order as executed.
    r.plan.steps.move(6, 2);
    return r;
}

void TestRemediation::draftFromTimeline()
{
    const QDateTime now = QDateTime(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);
    const Expected<RemediationDraft> d = RemediationDrafter::draft(record(), {}, 1, now);
    QVERIFY2(d, qPrintable(d ? QString() : d.error().message));
    QCOMPARE(d->id, u"inc-42-d1"_s);
    QCOMPARE(d->sha256, sha256Hex({d->yaml.toUtf8()}));
    QVERIFY(d->yaml.startsWith(u"---\n"_s));
    QVERIFY(d->yaml.contains(u"ansible.builtin.lineinfile:"_s));
    QVERIFY(d->yaml.contains(u"line: \"pool_size=20\""_s));
    QVERIFY(d->yaml.contains(u"argv: [\"touch\", "_s));
    QVERIFY(!d->yaml.contains(u"/never"_s)); // only steps that succeeded
    QVERIFY(!d->yaml.contains(u"loadavg"_s)); // diagnosis is not remediation
    QStringList modules;
    for (const RemediationTask &t : d->tasks)
        modules << t.module;
    QCOMPARE(modules,
             (QStringList {u"ansible.builtin.file"_s, u"ansible.builtin.lineinfile"_s, u"ansible.builtin.file"_s,
                           u"ansible.builtin.command"_s, u"ansible.builtin.copy"_s, u"ansible.builtin.find"_s,
                           u"ansible.builtin.file"_s}));
    QCOMPARE(d->destructiveCount(), 1);
    QVERIFY(d->tasks[6].destructive);
    QVERIFY(d->tasks[6].name.endsWith(u"(DESTRUCTIVE)"_s));
    QVERIFY(d->yaml.contains(
        u"# DESTRUCTIVE: review before approving.\n    - name: \"Step s4: Remove week-old logs (remove old files) (DESTRUCTIVE)\""_s));
    QCOMPARE(
        d->notes,
        QStringList {u"step s6 (Call the card processor): no template matches its variables; review it by hand"_s});
    QVERIFY(RemediationDrafter::isDestructiveCommand({u"systemctl"_s, u"restart"_s, u"nginx"_s}));
    QVERIFY(!RemediationDrafter::isDestructiveCommand({u"touch"_s, u"/tmp/x"_s}));

    // Values from the timeline are never templated by Ansible; names carry no Jinja.
    IncidentRecord sneaky = record();
    sneaky.plan.steps.append(step(u"s7"_s, StepKind::Remediate, u"Set {{ lookup('pipe', 'id') }}"_s,
                                  StepState::Succeeded,
                                  {{u"file"_s, u"/etc/app.conf"_s}, {u"line"_s, u"x={{ lookup('pipe', 'id') }}"_s}}));
    const Expected<RemediationDraft> s7 = RemediationDrafter::draft(sneaky, {}, 2, now);
    QVERIFY(s7);
    QVERIFY(s7->yaml.contains(u"line: !unsafe \"x={{ lookup('pipe', 'id') }}\""_s));
    QVERIFY(s7->yaml.contains(u"- name: \"Step s7: Set (( lookup('pipe', 'id') )) (line in /etc/app.conf)\""_s));

    // Nothing to draft from: a clear error.
    IncidentRecord empty = record();
    for (PlanStep &s : empty.plan.steps)
        s.state = StepState::Failed;
    const Expected<RemediationDraft> none = RemediationDrafter::draft(empty, {}, 1, now);
    QVERIFY(!none);
    QCOMPARE(none.error().code, ErrorCode::InvalidInput);
    // A bad service state is refused, not guessed.
    IncidentRecord bad = record();
    bad.plan.steps.append(step(u"s9"_s, StepKind::Remediate, u"svc"_s, StepState::Succeeded,
                               {{u"service"_s, u"nginx"_s}, {u"state"_s, u"exploded"_s}}));
    QVERIFY(!RemediationDrafter::draft(bad, {}, 1, now));
}

RemediationDraft TestRemediation::validatedDraft()
{
    // The incident's end state on the target before remediation: the bad line, old and new logs.
    QDir(m_target).removeRecursively();
    [&] {
        QVERIFY(writeFile(m_target + u"/app.conf"_s, "name=checkout\npool_size=5\n"));
        QVERIFY(writeFile(m_target + u"/logs/old.log"_s, "old\n"));
        QVERIFY(writeFile(m_target + u"/logs/new.log"_s, "new\n"));
        QFile old(m_target + u"/logs/old.log"_s);
        QVERIFY(old.open(QIODevice::ReadWrite));
        QVERIFY(old.setFileTime(QDateTime::currentDateTimeUtc().addDays(-5), QFileDevice::FileModificationTime));
    }();
    Expected<RemediationDraft> d = RemediationDrafter::draft(record(), {}, 1, QDateTime::currentDateTimeUtc());
    return d ? *d : RemediationDraft {};
}

void TestRemediation::validatesWithAnsible()
{
    RemediationDraft d = validatedDraft();
    QVERIFY(!d.yaml.isEmpty());
    const QString file = m_dir.filePath(u"draft/inc-42-d1.yml"_s);
    QVERIFY(writeFile(file, d.yaml.toUtf8()));
    AnsibleValidator::Options o;
    o.workDir = m_dir.filePath(u"work"_s);
    o.extraVars = {{u"remediation_state_dir"_s, m_dir.filePath(u"state"_s)}};
    o.disposableTarget = true;
    const ValidationReport r = AnsibleValidator::validate(file, o);
    QVERIFY2(r.passed(), qPrintable(r.error + u"\n"_s + r.lintOutput + r.syntaxOutput));
    QVERIFY(r.syntaxOk);
    QCOMPARE(r.lintRan, !QStandardPaths::findExecutable(u"ansible-lint"_s).isEmpty());
    QVERIFY2(r.firstCheckChanged >= 3, QByteArray::number(r.firstCheckChanged).constData());
    QVERIFY(r.applyChanged >= 3);
    QCOMPARE(r.secondCheckChanged, 0);
    // The apply pass did what the responders did, on the temp target only.
    QCOMPARE(readFile(m_target + u"/app.conf"_s), QByteArray("name=checkout\npool_size=20\n"));
    QVERIFY(!QFile::exists(m_target + u"/logs/old.log"_s));
    QVERIFY(QFile::exists(m_target + u"/logs/new.log"_s));
    QVERIFY(QFile::exists(m_target + u"/cache/rotated.flag"_s));
    QVERIFY(QFile::exists(m_dir.filePath(u"state/inc-42-d1-s3.done"_s)));
    QCOMPARE(r.toJson().value(u"second_check_changed"_s).toInt(), 0);
    m_validated = d;
    m_report = r;
}

void TestRemediation::modelsDraftPassesTheSameValidation()
{
    // What a model proposes becomes tasks from the same templates, and goes
    // through the same real checks: syntax, check, apply, check with changed=0.
    QDir(m_target).removeRecursively();
    QVERIFY(writeFile(m_target + u"/app.conf"_s, "name=checkout\npool_size=5\n"));
    const QString conf = m_target + u"/app.conf"_s;
    const QString spill = m_target + u"/spill"_s;
    const QJsonObject answer {{u"tasks"_s,
                               QJsonArray {QJsonObject {{u"step"_s, u"s2"_s},
                                                        {u"template"_s, u"lineinfile"_s},
                                                        {u"args"_s,
                                                         QJsonObject {{u"file"_s, conf},
                                                                      {u"line"_s, u"pool_size=20"_s},
                                                                      {u"regexp"_s, u"^pool_size="_s}}}},
                                           QJsonObject {{u"step"_s, u"s0"_s},
                                                        {u"template"_s, u"directory"_s},
                                                        {u"args"_s, QJsonObject {{u"directory"_s, spill}}}}}},
                              {u"notes"_s, QJsonArray {u"raise the pool before the next sale"_s}}};
    Expected<RemediationDraft> d
        = LlmRemediationDrafter::fromAnswer(record(), {}, answer, 3, QDateTime::currentDateTimeUtc(), u"gpt-x"_s);
    QVERIFY2(d, qPrintable(d ? QString() : d.error().message));
    QCOMPARE(d->createdBy, u"llm:gpt-x"_s);
    const QString file = m_dir.filePath(u"draft/llm.yml"_s);
    QVERIFY(writeFile(file, d->yaml.toUtf8()));
    AnsibleValidator::Options o;
    o.workDir = m_dir.filePath(u"work-llm"_s);
    o.extraVars = {{u"remediation_state_dir"_s, m_dir.filePath(u"state-llm"_s)}};
    o.disposableTarget = true;
    o.runLint = false;
    const ValidationReport r = AnsibleValidator::validate(file, o);
    QVERIFY2(r.passed(), qPrintable(r.error + u"\n"_s + r.syntaxOutput + u"\n"_s + d->yaml));
    QVERIFY(r.syntaxOk);
    QVERIFY2(r.firstCheckChanged >= 2, QByteArray::number(r.firstCheckChanged).constData());
    QCOMPARE(r.secondCheckChanged, 0);
    QCOMPARE(readFile(conf), QByteArray("name=checkout\npool_size=20\n"));
    QVERIFY(QFileInfo(spill).isDir());
}

void TestRemediation::validatorCatchesNonIdempotentAndBrokenPlaybooks()
{
    AnsibleValidator::Options o;
    o.workDir = m_dir.filePath(u"work2"_s);
    o.runLint = false;
    o.disposableTarget = true;
    const QString stamp = m_dir.filePath(u"stamp.txt"_s);
    const QString file = m_dir.filePath(u"bad.yml"_s);
    // copy supports check mode, so the second check pass sees the change it would make again.
    QVERIFY(writeFile(file,
                      "---\n- name: Not idempotent\n  hosts: localhost\n  gather_facts: false\n  tasks:\n"
                      "    - name: Write a new timestamp every time\n      ansible.builtin.copy:\n"
                      "        content: \"{{ lookup('pipe', 'date +%s%N') }}\"\n        dest: "
                          + stamp.toUtf8() + "\n        mode: \"0644\"\n"));
    ValidationReport r = AnsibleValidator::validate(file, o);
    QVERIFY(!r.passed());
    QVERIFY(r.syntaxOk);
    QCOMPARE(r.secondCheckChanged, 1);
    QVERIFY2(r.error.contains(u"not idempotent"_s), qPrintable(r.error));

    QVERIFY(writeFile(
        file, "---\n- name: Broken\n  hosts: localhost\n  tasks:\n    - name: X\n      no.such.module_at_all: {}\n"));
    r = AnsibleValidator::validate(file, o);
    QVERIFY(!r.passed());
    QVERIFY(!r.syntaxOk);
    QCOMPARE(r.firstCheckChanged, -1); // nothing ran
    // A command that check mode would skip is refused before anything runs.
    QVERIFY(writeFile(file,
                      "---\n- name: Unverifiable\n  hosts: localhost\n  gather_facts: false\n  tasks:\n"
                      "    - name: Append a line\n      ansible.builtin.shell: echo x >> /dev/null\n"
                      "    - name: Guarded\n      ansible.builtin.command:\n        cmd: touch /tmp/x\n"
                      "        creates: /tmp/x\n"));
    r = AnsibleValidator::validate(file, o);
    QVERIFY(r.syntaxOk);
    QVERIFY(!r.passed());
    QCOMPARE(r.firstCheckChanged, -1);
    QVERIFY2(r.error.contains(u"check mode cannot verify these command tasks (add creates/removes): Append a line"_s),
             qPrintable(r.error));
    QVERIFY(!r.error.contains(u"Guarded"_s));
    QCOMPARE(AnsibleValidator::changedCount(u"PLAY RECAP ***\nlocalhost : ok=3 changed=2 unreachable=0 failed=0\n"
                                            u"lab1 : ok=1 changed=1 unreachable=0 failed=0\n"_s),
             3);
    QCOMPARE(AnsibleValidator::changedCount(u"no recap"_s), -1);
}

void TestRemediation::validatorRefusesNonDisposableTarget()
{
    const QString file = m_dir.filePath(u"ok.yml"_s);
    QVERIFY(writeFile(file,
                      "---\n- name: Fine\n  hosts: localhost\n  gather_facts: false\n  tasks:\n"
                      "    - name: Ping\n      ansible.builtin.ping:\n"));
    AnsibleValidator::Options o;
    o.workDir = m_dir.filePath(u"work3"_s);
    o.runLint = false;
    const ValidationReport r = AnsibleValidator::validate(file, o);
    QVERIFY(r.syntaxOk);
    QVERIFY(!r.passed());
    QCOMPARE(r.firstCheckChanged, -1);
    QVERIFY(r.error.contains(u"not marked disposable"_s));
}

void TestRemediation::reviewQueueGatesTheWhitelist()
{
    const RemediationDraft d = m_validated;
    QVERIFY(!d.yaml.isEmpty());
    const QString head = git(m_repo, {u"rev-parse"_s, u"HEAD"_s});
    RemediationReviewQueue queue(RunbookRepository({m_repo}));
    QAbstractItemModelTester tester(&queue, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy approved(&queue, &RemediationReviewQueue::draftApproved);
    QVERIFY(queue.submit(d).ok());
    QCOMPARE(queue.submit(d).error().code, ErrorCode::Conflict);
    QCOMPARE(queue.rowCount(), 1);
    QCOMPARE(queue.index(0).data(RemediationReviewQueue::StateRole).toString(), u"draft"_s);
    QCOMPARE(queue.index(0).data(RemediationReviewQueue::DestructiveTasksRole).toInt(), 1);
    const QDateTime now = QDateTime(QDate(2026, 11, 22), QTime(11, 0), Qt::UTC);

    // Not validated yet: no approval.
    Status s = queue.approve(d.id, u"bob"_s, u"lgtm"_s, now);
    QCOMPARE(s.error().code, ErrorCode::Conflict);
    // A failed validation is not enough either.
    ValidationReport failed;
    failed.error = u"not idempotent"_s;
    QVERIFY(queue.setValidation(d.id, failed).ok());
    QCOMPARE(queue.approve(d.id, u"bob"_s, {}, now).error().code, ErrorCode::Conflict);

    // The real validation of this very playbook (validatesWithAnsible).
    QVERIFY(m_report.passed());
    const ValidationReport report = m_report;
    QVERIFY(queue.setValidation(d.id, report).ok());
    QVERIFY(queue.index(0).data(RemediationReviewQueue::ValidationPassedRole).toBool());

    // Machines and the drafter cannot approve.
    for (const QString &who : {u"warroom"_s, u"system"_s, u"llm:gpt"_s, u""_s}) {
        s = queue.approve(d.id, who, {}, now);
        QCOMPARE(s.error().code, ErrorCode::Forbidden);
    }
    QCOMPARE(git(m_repo, {u"branch"_s, u"--list"_s}), u"* main"_s); // still nothing committed

    // A person approves: one commit on a new branch, nothing else moves.
    s = queue.approve(d.id, u"bob"_s, u"reviewed the log cleanup"_s, now);
    QVERIFY2(s.ok(), qPrintable(s.error().message));
    QCOMPARE(approved.size(), 1);
    const RemediationDraft done = *queue.draft(d.id);
    QVERIFY(done.state == RemediationDraft::State::Approved);
    QCOMPARE(done.branch, u"remediation/inc-42-d1"_s);
    QCOMPARE(git(m_repo, {u"rev-parse"_s, u"refs/heads/remediation/inc-42-d1"_s}), done.commit);
    QCOMPARE(git(m_repo, {u"rev-parse"_s, done.commit + u"^"_s}), head);
    QCOMPARE(git(m_repo, {u"rev-parse"_s, u"HEAD"_s}), head);
    QCOMPARE(git(m_repo, {u"symbolic-ref"_s, u"HEAD"_s}), u"refs/heads/main"_s);
    QCOMPARE(git(m_repo, {u"status"_s, u"--porcelain"_s}), QString());
    QCOMPARE(git(m_repo, {u"ls-tree"_s, u"-r"_s, u"--name-only"_s, u"main"_s}), u"README.md"_s);
    QCOMPARE(git(m_repo, {u"ls-tree"_s, u"-r"_s, u"--name-only"_s, done.branch}),
             u"README.md\nplaybooks/remediation/inc-42-d1.yml\nplaybooks/whitelist.d/inc-42-d1.yaml"_s);
    const QString committed = git(m_repo, {u"show"_s, done.branch + u":playbooks/remediation/inc-42-d1.yml"_s});
    QCOMPARE(committed + u'\n', d.yaml);
    const QString entry = git(m_repo, {u"show"_s, done.branch + u":playbooks/whitelist.d/inc-42-d1.yaml"_s});
    QVERIFY(entry.contains(u"  - id: remediation-inc-42-d1\n    file: remediation/inc-42-d1.yml\n"_s));
    QVERIFY(entry.contains(u"sha256: \"%1\""_s.arg(sha256Hex({d.yaml.toUtf8()}))));
    QVERIFY(entry.contains(u"risk: high"_s)); // it has a destructive task
    QVERIFY(entry.contains(u"approved_by: \"bob\""_s));
    QCOMPARE(git(m_repo, {u"log"_s, u"-1"_s, u"--format=%an|%cn"_s, done.branch}), u"bob|warroom"_s);

    // The whitelist: the policy on main does not know it; once the branch is
    // merged by the repository's own review, the policy beside whitelist.d
    // loads it pinned, and a changed file no longer matches the pin.
    const QByteArray policyYaml = "environments:\n  uat: {inventory: inventory.ini, allowed_hosts: [lab]}\n"
                                  "playbooks: []\n";
    QVERIFY(writeFile(m_repo + u"/playbooks/inventory.ini"_s, "lab ansible_connection=local\n"));
    QVERIFY(writeFile(m_repo + u"/playbooks/policy.yaml"_s, policyYaml));
    Expected<ExecutionPolicy> before = ExecutionPolicy::load(m_repo + u"/playbooks/policy.yaml"_s);
    QVERIFY2(before, qPrintable(before ? QString() : before.error().message));
    QVERIFY(!before->playbook(u"remediation-inc-42-d1"_s));
    int rc = 0;
    const QString merged = m_dir.filePath(u"merged"_s);
    git(m_repo, {u"worktree"_s, u"add"_s, u"-q"_s, merged, done.branch}, &rc);
    QCOMPARE(rc, 0);
    QVERIFY(writeFile(merged + u"/playbooks/inventory.ini"_s, "lab ansible_connection=local\n"));
    QVERIFY(writeFile(merged + u"/playbooks/policy.yaml"_s, policyYaml));
    Expected<ExecutionPolicy> after = ExecutionPolicy::load(merged + u"/playbooks/policy.yaml"_s);
    QVERIFY2(after, qPrintable(after ? QString() : after.error().message));
    const PlaybookEntry *pinned = after->playbook(u"remediation-inc-42-d1"_s);
    QVERIFY(pinned);
    QCOMPARE(pinned->sha256, sha256Hex({d.yaml.toUtf8()}));
    QVERIFY(pinned->risk == Risk::High);
    QVERIFY(after->verifyPin(*pinned));
    QVERIFY(writeFile(merged + u"/playbooks/remediation/inc-42-d1.yml"_s, d.yaml.toUtf8() + "# edited\n"));
    QVERIFY(!after->verifyPin(*pinned));
    // A broken entry is an error with its file and line.
    QVERIFY(writeFile(merged + u"/playbooks/whitelist.d/zz.yaml"_s, "playbooks:\n  - id: x\n    bogus: 1\n"));
    Expected<ExecutionPolicy> broken = ExecutionPolicy::load(merged + u"/playbooks/policy.yaml"_s);
    QVERIFY(!broken);
    QVERIFY2(broken.error().message.contains(u"whitelist.d/zz.yaml:3: unknown key \"bogus\""_s),
             qPrintable(broken.error().message));
    QFile::remove(m_repo + u"/playbooks/policy.yaml"_s);
    QFile::remove(m_repo + u"/playbooks/inventory.ini"_s);
    QDir(m_repo + u"/playbooks"_s).removeRecursively();
    git(m_repo, {u"worktree"_s, u"remove"_s, u"--force"_s, merged}, &rc);

    // Decided once.
    QCOMPARE(queue.approve(d.id, u"carol"_s, {}, now).error().code, ErrorCode::Conflict);
    QCOMPARE(queue.reject(d.id, u"carol"_s, u"late"_s, now).error().code, ErrorCode::Conflict);
}

void TestRemediation::rejectionAndRepositoryFailuresLoseNothing()
{
    RemediationDraft d = validatedDraft();
    d.id = u"inc-42-d2"_s;
    d.yaml += u"# second draft\n"_s;
    d.sha256 = sha256Hex({d.yaml.toUtf8()});
    ValidationReport ok;
    ok.syntaxOk = ok.checkOk = ok.applyOk = true;
    ok.secondCheckChanged = 0;
    QVERIFY(ok.passed());

    // A branch of that name already exists: the approval fails, the draft waits.
    git(m_repo, {u"branch"_s, u"remediation/inc-42-d2"_s, u"main"_s});
    RemediationReviewQueue queue(RunbookRepository({m_repo}));
    QVERIFY(queue.submit(d).ok());
    QVERIFY(queue.setValidation(d.id, ok).ok());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Status s = queue.approve(d.id, u"bob"_s, {}, now);
    QCOMPARE(s.error().code, ErrorCode::Conflict);
    QVERIFY(s.error().message.contains(u"already exists"_s));
    QVERIFY(queue.draft(d.id)->state == RemediationDraft::State::Draft);
    QVERIFY(queue.draft(d.id)->reviewer.isEmpty());

    // A rejection needs a reason and a person.
    QCOMPARE(queue.reject(d.id, u"bob"_s, u"  "_s, now).error().code, ErrorCode::InvalidInput);
    QCOMPARE(queue.reject(d.id, u"warroom"_s, u"no"_s, now).error().code, ErrorCode::Forbidden);
    QVERIFY(queue.reject(d.id, u"bob"_s, u"the cleanup is too broad"_s, now).ok());
    QVERIFY(queue.draft(d.id)->state == RemediationDraft::State::Rejected);
    QCOMPARE(queue.approve(d.id, u"carol"_s, {}, now).error().code, ErrorCode::Conflict);

    // A draft whose playbook changed after hashing is refused at the door and at commit.
    RemediationDraft tampered = d;
    tampered.id = u"inc-42-d3"_s;
    tampered.yaml += u"    - name: Sneaky\n      ansible.builtin.command: rm -rf /\n"_s;
    QCOMPARE(queue.submit(tampered).error().code, ErrorCode::InvalidInput);
    tampered.state = RemediationDraft::State::Approved;
    tampered.reviewer = u"bob"_s;
    const Expected<RunbookRepository::Commit> c = RunbookRepository({m_repo}).commitApproved(tampered);
    QVERIFY(!c);
    QCOMPARE(c.error().code, ErrorCode::Conflict);

    // No repository configured: Unavailable, nothing lost.
    RemediationReviewQueue noRepo(std::nullopt);
    RemediationDraft d4 = d;
    d4.id = u"inc-42-d4"_s;
    QVERIFY(noRepo.submit(d4).ok());
    QVERIFY(noRepo.setValidation(d4.id, ok).ok());
    QCOMPARE(noRepo.approve(d4.id, u"bob"_s, {}, now).error().code, ErrorCode::Unavailable);
    QVERIFY(noRepo.draft(d4.id)->state == RemediationDraft::State::Draft);
}

QTEST_GUILESS_MAIN(TestRemediation)
#include "tst_remediation.moc"
