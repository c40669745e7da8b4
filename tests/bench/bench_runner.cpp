// The runner's overhead: wall time of AnsibleRunner (scrubbed environment,
// run directory, bwrap where it works, live jsonl parsing) against plain
// `ansible-playbook` on the same read-only playbook and inventory, a few
// repetitions each, interleaved. Target ratio <= 1.10.
// WARROOM_BENCH_SMOKE=1: one repetition.

#include "ansiblerunner.h"
#include "playbookpolicy.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace warroom;

class BenchRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runnerVersusPlain()
    {
        const bool smoke = qEnvironmentVariableIntValue("WARROOM_BENCH_SMOKE") == 1;
        const int reps = smoke ? 1 : 5;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString data = QStringLiteral(WARROOM_SOURCE_DIR "/tests/data/playbooks");
        for (const QString &name : {u"inventory.ini"_s, u"env-dump.yml"_s})
            QVERIFY(QFile::copy(data + u'/' + name, dir.filePath(name)));
        QVERIFY(QDir().mkpath(dir.filePath(u"lab"_s)));
        const QString sha = *fileSha256(dir.filePath(u"env-dump.yml"_s));
        QFile policyFile(dir.filePath(u"policy.yaml"_s));
        QVERIFY(policyFile.open(QIODevice::WriteOnly));
        policyFile.write(u"environments:\n  uat: {inventory: inventory.ini, allowed_hosts: [lab]}\nplaybooks:\n"
                         "  - {id: env-dump, file: env-dump.yml, sha256: \"%1\", risk: low, mutates: false, "
                         "environments: [uat]}\n"_s.arg(sha)
                             .toUtf8());
        policyFile.close();
        Expected<ExecutionPolicy> policy = ExecutionPolicy::load(policyFile.fileName());
        QVERIFY2(policy.hasValue(), policy ? "" : qPrintable(policy.error().message));

        RunnerSettings settings;
        settings.workRoot = dir.filePath(u"runs"_s);
        settings.labDir = dir.filePath(u"lab"_s);
        AnsibleRunner runner(settings);
        QVERIFY(runner.ready());

        const QString ansible = QStandardPaths::findExecutable(u"ansible-playbook"_s);
        QList<qint64> plain;
        QList<qint64> wrapped;
        for (int i = 0; i < reps; ++i) {
            // Plain: what an operator would type, with the same callback and variables.
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(u"ANSIBLE_STDOUT_CALLBACK"_s, u"ansible.posix.jsonl"_s);
            p.setProcessEnvironment(env);
            p.setWorkingDirectory(dir.path());
            QElapsedTimer t;
            t.start();
            p.start(ansible,
                    {u"-i"_s, dir.filePath(u"inventory.ini"_s), u"--limit"_s, u"lab"_s, u"-e"_s,
                     u"warroom_lab_dir=%1 warroom_run_id=plain-%2"_s.arg(settings.labDir).arg(i),
                     dir.filePath(u"env-dump.yml"_s)});
            QVERIFY(p.waitForFinished(120000));
            QCOMPARE(p.exitCode(), 0);
            plain.append(t.elapsed());

            RunRequest r;
            r.runId = u"bench-%1"_s.arg(i);
            r.stepId = u"s1"_s;
            r.playbook = *policy->playbook(u"env-dump"_s);
            r.environment = u"uat"_s;
            r.mode = u"check"_s;
            QSignalSpy finished(&runner, &AnsibleRunner::runFinished);
            t.restart();
            QVERIFY(runner.start(r, *policy));
            QVERIFY(finished.wait(120000));
            wrapped.append(t.elapsed());
            QCOMPARE(finished.first().first().value<ExecutionRun>().outcome, u"succeeded"_s);
        }
        std::sort(plain.begin(), plain.end());
        std::sort(wrapped.begin(), wrapped.end());
        const double p50 = plain.at(plain.size() / 2);
        const double w50 = wrapped.at(wrapped.size() / 2);
        const double ratio = w50 / p50;
        std::printf("bench_runner: %d rep(s), sandbox %s: plain ansible-playbook median %.0f ms, runner median %.0f "
                    "ms, ratio %.3f (target <= 1.10)\n",
                    reps, runner.sandboxActive() ? "bwrap" : "off", p50, w50, ratio);
        std::fflush(stdout);
    }
};

QTEST_GUILESS_MAIN(BenchRunner)
#include "bench_runner.moc"
