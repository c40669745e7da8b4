// The sandboxed Ansible runner with the real ansible-playbook against this
// machine (`ansible_connection=local`): phases and outcomes, live jsonl
// tasks, idempotency and validation failures, timeout, abort, the host lock,
// every refusal, the scrubbed environment and the sandbox.

#include "ansiblerunner.h"
#include "playbookpolicy.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

const QString kData = QStringLiteral(WARROOM_SOURCE_DIR "/tests/data/playbooks");

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestRunner : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_policyDir;
    QString m_lab;
    ExecutionPolicy m_policy;
    int m_seq = 0;

    /// Writes policy.yaml next to copies of the test playbooks, pinned.
    void writePolicy(const QString &extra = {})
    {
        QString text = u"execution: {mode: check, timeout_seconds: 120}\n"
                       "environments:\n"
                       "  uat: {inventory: inventory.ini, allowed_hosts: [lab]}\n"
                       "  prod: {inventory: inventory.ini, allowed_hosts: [lab]}\n"
                       "playbooks:\n"_s;
        auto entry = [&](const QString &id, const QString &file, bool mutates, const QString &rollback,
                         const QString &vars, bool pin = true) {
            const QString sha = pin ? *fileSha256(m_policyDir + u'/' + file) : QString();
            text += u"  - {id: %1, file: %2, sha256: \"%3\", risk: low, mutates: %4, rollback: \"%5\", "
                    "environments: [uat, prod], vars: {%6}}\n"_s.arg(id, file, sha, mutates ? u"true"_s : u"false"_s,
                                                                     rollback, vars);
        };
        const QString value = u"value: {type: string, pattern: '^[a-z0-9-]{1,32}$', required: true}"_s;
        entry(u"env-dump"_s, u"env-dump.yml"_s, false, {}, {});
        entry(u"set-state"_s, u"set-state.yml"_s, true, u"clear-state"_s,
              value + u", service: {type: string, pattern: '^[a-z0-9-]{1,63}$'}"_s);
        entry(u"clear-state"_s, u"clear-state.yml"_s, true, u"set-state"_s, {});
        entry(u"always-changes"_s, u"always-changes.yml"_s, true, u"clear-state"_s, {});
        entry(u"check-state"_s, u"check-state.yml"_s, false, {}, value);
        entry(u"always-fails"_s, u"always-fails.yml"_s, false, {}, {});
        entry(u"sleep"_s, u"sleep.yml"_s, false, {}, u"seconds: {type: integer, min: 1, max: 60, required: true}"_s);
        entry(u"sleep-mutating"_s, u"sleep.yml"_s, true, u"clear-state"_s,
              u"seconds: {type: integer, min: 1, max: 60, required: true}"_s);
        entry(u"escape"_s, u"escape.yml"_s, false, {}, u"target: {type: string, required: true}"_s);
        entry(u"unpinned"_s, u"env-dump.yml"_s, false, {}, {}, false);
        text += extra;
        QFile f(m_policyDir + u"/policy.yaml"_s);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text.toUtf8());
        f.close();
        Expected<ExecutionPolicy> p = ExecutionPolicy::load(f.fileName());
        QVERIFY2(p.hasValue(), p ? "" : qPrintable(p.error().message));
        m_policy = *p;
    }

    RunRequest request(const QString &playbook, const QJsonObject &vars, const QString &mode = u"apply"_s,
                       const QString &environment = u"uat"_s)
    {
        RunRequest r;
        r.runId = u"run-%1"_s.arg(++m_seq);
        r.stepId = u"s1"_s;
        if (const PlaybookEntry *e = m_policy.playbook(playbook))
            r.playbook = *e;
        else
            r.playbook.id = playbook;
        r.environment = environment;
        r.vars = vars;
        r.mode = mode;
        return r;
    }

    RunnerSettings settings() const
    {
        RunnerSettings s;
        s.workRoot = m_dir.filePath(u"runs"_s);
        s.labDir = m_lab;
        s.timeoutSeconds = 60;
        s.killGraceMs = 1000;
        return s;
    }

    /// Runs to the end and returns the result.
    ExecutionRun runToEnd(AnsibleRunner &runner, const RunRequest &r, QList<TaskResult> *tasks = nullptr)
    {
        QSignalSpy finished(&runner, &AnsibleRunner::runFinished);
        QSignalSpy taskSpy(&runner, &AnsibleRunner::taskFinished);
        const Status s = runner.start(r, m_policy);
        if (!s) {
            qWarning("refused: %s", qPrintable(s.error().message));
            return {};
        }
        if (!finished.wait(90000))
            return {};
        if (tasks) {
            for (const QList<QVariant> &args : std::as_const(taskSpy))
                tasks->append(args.at(2).value<TaskResult>());
        }
        return finished.first().first().value<ExecutionRun>();
    }

    static QStringList phaseNames(const ExecutionRun &run)
    {
        QStringList names;
        for (const ExecutionPhase &p : run.phases)
            names.append(p.name + u'=' + p.outcome);
        return names;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_policyDir = m_dir.filePath(u"policy"_s);
        m_lab = m_dir.filePath(u"lab"_s);
        QVERIFY(QDir().mkpath(m_policyDir));
        QVERIFY(QDir().mkpath(m_lab));
        for (const QString &name : QDir(kData).entryList(QDir::Files))
            QVERIFY(QFile::copy(kData + u'/' + name, m_policyDir + u'/' + name));
        writePolicy();
    }

    void readOnlyRunParsesTasks()
    {
        AnsibleRunner runner(settings());
        QVERIFY2(runner.ready(), qPrintable(runner.ready() ? QString() : runner.ready().error().message));
        QVERIFY(QFileInfo(runner.settings().ansiblePlaybook).isAbsolute());
        QList<TaskResult> live;
        const RunRequest r = request(u"env-dump"_s, {}, u"check"_s);
        const ExecutionRun run = runToEnd(runner, r, &live);
        QCOMPARE(run.outcome, u"succeeded"_s);
        QCOMPARE(phaseNames(run), QStringList {u"run=changed"_s});
        const ExecutionPhase &p = run.phases.first();
        QCOMPARE(p.playbookId, u"env-dump"_s);
        QCOMPARE(p.playbookSha256, m_policy.playbook(u"env-dump"_s)->sha256);
        QVERIFY(p.argv.contains(m_policyDir + u"/env-dump.yml"_s));
        QVERIFY(p.argv.contains(u"--limit"_s));
        QVERIFY(!p.argv.contains(u"--check"_s));
        QCOMPARE(p.exitCode, 0);
        QCOMPARE(p.tasks.size(), 2);
        QCOMPARE(p.tasks.at(0).task, u"Read the environment"_s);
        QCOMPARE(p.tasks.at(0).host, u"lab"_s);
        QCOMPARE(p.tasks.at(0).status, u"ok"_s);
        QCOMPARE(p.tasks.at(1).status, u"changed"_s);
        QCOMPARE(p.changed, 1);
        QCOMPARE(live, p.tasks); // reported live, one signal per host and task
        QVERIFY(p.stdoutTail.contains(u"v2_playbook_on_stats"_s));
        QVERIFY(!runner.isRunning(r.runId));
    }

    void secretInvisibleAndEnvironmentScrubbed()
    {
        qputenv("WARROOM_TEST_SECRET", "hunter2-top-secret");
        qputenv("WARROOM_TEST_PASSED", "visible-by-config");
        RunnerSettings s = settings();
        s.passEnvironment = {u"WARROOM_TEST_PASSED"_s};
        AnsibleRunner runner(s);
        const RunRequest r = request(u"env-dump"_s, {}, u"check"_s);
        const ExecutionRun run = runToEnd(runner, r);
        QCOMPARE(run.outcome, u"succeeded"_s);
        const QByteArray env = readAll(m_lab + u"/env-"_s + r.runId + u".txt"_s);
        QVERIFY(env.contains("ANSIBLE_CONFIG="));
        QVERIFY(!env.contains("hunter2-top-secret"));
        QVERIFY(!env.contains("WARROOM_TEST_SECRET"));
        QVERIFY(env.contains("WARROOM_TEST_PASSED=visible-by-config"));
        QVERIFY(env.contains("LANG=C.UTF-8"));
        QVERIFY(!env.contains(QByteArray("HOME=" + qgetenv("HOME") + "\n")));
        QVERIFY(env.contains(QByteArray("HOME=" + QDir(s.workRoot).canonicalPath().toUtf8() + "/" + r.runId.toUtf8())));
        qunsetenv("WARROOM_TEST_SECRET");
        qunsetenv("WARROOM_TEST_PASSED");
    }

    void mutatingApplyRunsAllPhases()
    {
        AnsibleRunner runner(settings());
        RunRequest r = request(u"set-state"_s, {{u"value"_s, u"blue"_s}, {u"service"_s, u"auth"_s}});
        r.validation = *m_policy.playbook(u"check-state"_s);
        QSignalSpy phases(&runner, &AnsibleRunner::phaseFinished);
        QFile::remove(m_lab + u"/state.txt"_s);
        const ExecutionRun run = runToEnd(runner, r);
        QCOMPARE(run.outcome, u"succeeded"_s);
        QCOMPARE(phaseNames(run),
                 (QStringList {u"check=changed"_s, u"apply=changed"_s, u"recheck=ok"_s, u"validate=ok"_s}));
        QCOMPARE(phases.size(), 4);
        QVERIFY(run.phases.at(0).argv.contains(u"--check"_s));
        QVERIFY(!run.phases.at(1).argv.contains(u"--check"_s));
        QCOMPARE(run.phases.at(2).changed, 0);
        QCOMPARE(run.phases.at(3).playbookId, u"check-state"_s);
        QCOMPARE(run.phases.at(0).tasks.first().status, u"changed"_s);
        QVERIFY2(run.phases.at(0).tasks.first().diff.contains(u"+blue"_s),
                 qPrintable(run.phases.at(0).tasks.first().diff));
        QCOMPARE(readAll(m_lab + u"/state.txt"_s), QByteArray("blue\n"));
    }

    void checkModeOnlyChecks()
    {
        AnsibleRunner runner(settings());
        QFile::remove(m_lab + u"/state.txt"_s);
        const ExecutionRun run = runToEnd(runner, request(u"set-state"_s, {{u"value"_s, u"green"_s}}, u"check"_s));
        QCOMPARE(run.outcome, u"succeeded"_s);
        QCOMPARE(phaseNames(run), QStringList {u"check=changed"_s});
        QVERIFY(!QFile::exists(m_lab + u"/state.txt"_s));
    }

    void simulateContactsNoHost()
    {
        AnsibleRunner runner(settings());
        QFile::remove(m_lab + u"/state.txt"_s);
        const ExecutionRun run = runToEnd(runner, request(u"set-state"_s, {{u"value"_s, u"green"_s}}, u"simulate"_s));
        QCOMPARE(run.outcome, u"succeeded"_s);
        QCOMPARE(phaseNames(run), QStringList {u"simulate=ok"_s});
        QVERIFY(run.phases.first().argv.contains(u"--syntax-check"_s));
        QVERIFY(run.phases.first().tasks.isEmpty());
        QVERIFY(!QFile::exists(m_lab + u"/state.txt"_s));
    }

    void idempotencyFailureFailsAtRecheck()
    {
        AnsibleRunner runner(settings());
        const ExecutionRun run = runToEnd(runner, request(u"always-changes"_s, {}));
        QCOMPARE(run.outcome, u"failed"_s);
        QCOMPARE(phaseNames(run), (QStringList {u"check=changed"_s, u"apply=changed"_s, u"recheck=changed"_s}));
        QVERIFY(run.phases.last().changed > 0);
        QVERIFY2(run.message.contains(u"not idempotent"_s), qPrintable(run.message));
    }

    void validationFailureFailsTheRun()
    {
        AnsibleRunner runner(settings());
        RunRequest r = request(u"set-state"_s, {{u"value"_s, u"red"_s}});
        r.validation = *m_policy.playbook(u"always-fails"_s);
        const ExecutionRun run = runToEnd(runner, r);
        QCOMPARE(run.outcome, u"failed"_s);
        QCOMPARE(run.phases.size(), 4);
        QCOMPARE(run.phases.last().name, u"validate"_s);
        QCOMPARE(run.phases.last().outcome, u"failed"_s);
        QCOMPARE(run.phases.last().tasks.last().status, u"failed"_s);
        QVERIFY2(run.message.contains(u"the service is still unhealthy"_s), qPrintable(run.message));
    }

    void timeoutKillsTheRun()
    {
        RunnerSettings s = settings();
        s.timeoutSeconds = 2;
        AnsibleRunner runner(s);
        QElapsedTimer t;
        t.start();
        const ExecutionRun run = runToEnd(runner, request(u"sleep"_s, {{u"seconds"_s, 30}}));
        QCOMPARE(run.outcome, u"timeout"_s);
        QCOMPARE(run.phases.size(), 1);
        QCOMPARE(run.phases.first().outcome, u"timeout"_s);
        QVERIFY(t.elapsed() < 20000);
    }

    void abortAndHostLock()
    {
        AnsibleRunner runner(settings());
        QSignalSpy finished(&runner, &AnsibleRunner::runFinished);
        QSignalSpy taskStarted(&runner, &AnsibleRunner::taskStarted);
        const RunRequest slow = request(u"sleep-mutating"_s, {{u"seconds"_s, 30}}, u"check"_s);
        QVERIFY(runner.start(slow, m_policy));
        // The same run id twice, and a second mutating run on the same host: refused.
        const Status again = runner.start(slow, m_policy);
        QCOMPARE(again.error().code, ErrorCode::Conflict);
        const Status second = runner.start(request(u"set-state"_s, {{u"value"_s, u"x"_s}}), m_policy);
        QVERIFY(!second);
        QCOMPARE(second.error().code, ErrorCode::Conflict);
        QVERIFY(second.error().message.contains(u"lab"_s));
        QVERIFY(taskStarted.wait(30000)); // really running
        QVERIFY(runner.abort(slow.runId, u"freeze by mim"_s));
        QVERIFY(finished.wait(20000));
        const ExecutionRun run = finished.first().first().value<ExecutionRun>();
        QCOMPARE(run.outcome, u"aborted"_s);
        QVERIFY(run.message.contains(u"freeze by mim"_s));
        QCOMPARE(run.phases.first().outcome, u"aborted"_s);
        QVERIFY(!runner.isRunning(slow.runId));
        QCOMPARE(runner.abort(slow.runId, u"again"_s).error().code, ErrorCode::NotFound);
        // The host is free again.
        QVERIFY(runner.start(request(u"sleep-mutating"_s, {{u"seconds"_s, 30}}, u"check"_s), m_policy));
        QCOMPARE(runner.abortAll(u"shutdown"_s), 1);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.last().first().value<ExecutionRun>().outcome, u"aborted"_s);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("playbook");
        QTest::addColumn<QJsonObject>("vars");
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("environment");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const QJsonObject ok {{u"value"_s, u"blue"_s}};
        QTest::newRow("unlisted") << u"rm-rf"_s << QJsonObject {} << u"check"_s << u"uat"_s << int(ErrorCode::Forbidden)
                                  << u"not in the policy"_s;
        QTest::newRow("unpinned") << u"unpinned"_s << QJsonObject {} << u"check"_s << u"uat"_s
                                  << int(ErrorCode::Forbidden) << u"not pinned"_s;
        QTest::newRow("shell-injection") << u"set-state"_s
                                         << QJsonObject {{u"value"_s, u"blue"_s}, {u"service"_s, u"x; rm -rf /"_s}}
                                         << u"apply"_s << u"uat"_s << int(ErrorCode::InvalidInput)
                                         << u"\"service\" does not match"_s;
        QTest::newRow("unknown-var") << u"set-state"_s << QJsonObject {{u"value"_s, u"a"_s}, {u"extra"_s, 1}}
                                     << u"apply"_s << u"uat"_s << int(ErrorCode::InvalidInput)
                                     << u"\"extra\" is not in the playbook's schema"_s;
        QTest::newRow("missing-required") << u"set-state"_s << QJsonObject {} << u"apply"_s << u"uat"_s
                                          << int(ErrorCode::InvalidInput) << u"\"value\" is required"_s;
        QTest::newRow("control-chars") << u"set-state"_s << QJsonObject {{u"value"_s, u"a\nb"_s}} << u"apply"_s
                                       << u"uat"_s << int(ErrorCode::InvalidInput) << u"control characters"_s;
        QTest::newRow("prod-apply") << u"set-state"_s << ok << u"apply"_s << u"prod"_s << int(ErrorCode::Forbidden)
                                    << u"apply is not allowed in prod"_s;
        QTest::newRow("unknown-env") << u"set-state"_s << ok << u"check"_s << u"moon"_s << int(ErrorCode::NotFound)
                                     << u"unknown environment"_s;
        QTest::newRow("bad-mode") << u"set-state"_s << ok << u"yolo"_s << u"uat"_s << int(ErrorCode::InvalidInput)
                                  << u"mode must be"_s;
    }

    void refusals()
    {
        QFETCH(QString, playbook);
        QFETCH(QJsonObject, vars);
        QFETCH(QString, mode);
        QFETCH(QString, environment);
        QFETCH(int, code);
        QFETCH(QString, message);
        AnsibleRunner runner(settings());
        QSignalSpy started(&runner, &AnsibleRunner::phaseStarted);
        const Status s = runner.start(request(playbook, vars, mode, environment), m_policy);
        QVERIFY(!s);
        QCOMPARE(int(s.error().code), code);
        QVERIFY2(s.error().message.contains(message), qPrintable(s.error().message));
        QVERIFY(runner.runningIds().isEmpty());
        QTest::qWait(20);
        QCOMPARE(started.size(), 0);
    }

    void editedPlaybookRefused()
    {
        const QString file = m_policyDir + u"/clear-state.yml"_s;
        const QByteArray original = readAll(file);
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::Append));
            f.write("# edited after review\n");
        }
        AnsibleRunner runner(settings());
        const Status s = runner.start(request(u"clear-state"_s, {}), m_policy);
        QVERIFY(!s);
        QCOMPARE(s.error().code, ErrorCode::Forbidden);
        QVERIFY2(s.error().message.contains(u"does not match its pin"_s), qPrintable(s.error().message));
        // A caller's forged entry with the new pin does not help: the policy's entry counts.
        RunRequest forged = request(u"clear-state"_s, {});
        forged.playbook.sha256 = *fileSha256(file);
        QCOMPARE(runner.start(forged, m_policy).error().code, ErrorCode::Forbidden);
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(original);
    }

    void sandboxBlocksWritesOutside()
    {
        AnsibleRunner runner(settings());
        if (!runner.sandboxActive())
            QSKIP("bubblewrap does not work here");
        QTemporaryDir outside;
        QVERIFY(outside.isValid());
        const QString target = outside.filePath(u"escaped.txt"_s);
        const ExecutionRun run = runToEnd(runner, request(u"escape"_s, {{u"target"_s, target}}, u"check"_s));
        QCOMPARE(run.outcome, u"failed"_s);
        QVERIFY(!QFile::exists(target));
        QVERIFY(run.phases.first().argv.first().endsWith(u"bwrap"_s));
        // The lab is writable (the same playbook writing into it succeeds).
        const QString inLab = m_lab + u"/inside.txt"_s;
        QCOMPARE(runToEnd(runner, request(u"escape"_s, {{u"target"_s, inLab}}, u"check"_s)).outcome, u"succeeded"_s);
        QVERIFY(QFile::exists(inLab));
    }

    void missingAnsibleIsNotReady()
    {
        RunnerSettings s = settings();
        s.ansiblePlaybook = u"no-such-ansible-playbook"_s;
        AnsibleRunner runner(s);
        QVERIFY(!runner.ready());
        QCOMPARE(runner.start(request(u"env-dump"_s, {}, u"check"_s), m_policy).error().code, ErrorCode::Unavailable);
    }
};

QTEST_GUILESS_MAIN(TestRunner)
#include "tst_runner.moc"
