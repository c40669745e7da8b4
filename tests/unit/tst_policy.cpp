// The execution policy: strict loading with file:line, the shipped policy,
// variable schemas, pins, the lint and `warroomctl policy lint|pin`.

#include "playbookpolicy.h"
#include "policylint.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

const QString kData = QStringLiteral(WARROOM_SOURCE_DIR "/tests/data/playbooks");

const QByteArray kHeader = "execution: {mode: check}\n"
                           "environments:\n"
                           "  uat: {inventory: inventory.ini, allowed_hosts: [lab]}\n"
                           "  prod: {inventory: inventory.ini, allowed_hosts: [lab]}\n"
                           "playbooks:\n";

const QByteArray kSetState = "  - id: set-state\n"
                             "    file: set-state.yml\n"
                             "    sha256: \"\"\n"
                             "    risk: high\n"
                             "    mutates: true\n"
                             "    approver_roles: [change-approver, mim]\n"
                             "    rollback: clear-state\n"
                             "    validation: check-state\n"
                             "    environments: [uat, prod]\n"
                             "    vars:\n"
                             "      value: {type: string, pattern: '^[a-z0-9-]{1,32}$', required: true}\n"
                             "      service: {type: string, pattern: '^[a-z0-9-]{1,63}$'}\n"
                             "      mode: {type: string, enum: [fast, slow]}\n"
                             "      count: {type: integer, min: 1, max: 10}\n"
                             "      ratio: {type: number, min: 0, max: 1}\n"
                             "      force: {type: boolean}\n";
const QByteArray kOthers
    = "  - {id: clear-state, file: clear-state.yml, risk: high, mutates: true, rollback: set-state}\n"
      "  - {id: check-state, file: check-state.yml, risk: low, mutates: false}\n";

} // namespace

class TestPolicy : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QByteArray &text, const QString &name = u"policy.yaml"_s)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(text);
        return f.fileName();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const QString &name : QDir(kData).entryList(QDir::Files))
            QVERIFY(QFile::copy(kData + u'/' + name, m_dir.filePath(name)));
    }

    void shippedPolicyLoads()
    {
        Expected<ExecutionPolicy> p
            = ExecutionPolicy::load(QStringLiteral(WARROOM_SOURCE_DIR "/playbooks/policy.yaml"));
        QVERIFY2(p.hasValue(), p ? "" : qPrintable(p.error().message));
        QVERIFY(p->playbooks().size() > 50);
        QCOMPARE(p->mode(), u"check"_s);
        QVERIFY(p->environment(u"uat"_s)->allowApply);
        QVERIFY(!p->environment(u"prod"_s)->allowApply);
        Expected<QHash<QString, QString>> ids
            = whitelistedPlaybooks(QStringLiteral(WARROOM_SOURCE_DIR "/playbooks/policy.yaml"));
        QVERIFY(ids.hasValue());
        QCOMPARE(ids->size(), p->playbooks().size());
        // The lenient reading gives each playbook the rollback the strict one does.
        for (const PlaybookEntry &e : p->playbooks())
            QCOMPARE(ids->value(e.id, u"(missing)"_s), e.rollback);
    }

    void loadsEntriesAndResolvesPaths()
    {
        Expected<ExecutionPolicy> p = ExecutionPolicy::load(write(kHeader + kSetState + kOthers));
        QVERIFY2(p.hasValue(), p ? "" : qPrintable(p.error().message));
        const PlaybookEntry *e = p->playbook(u"set-state"_s);
        QVERIFY(e);
        QVERIFY(e->risk == Risk::High);
        QVERIFY(e->mutates);
        QCOMPARE(e->rollback, u"clear-state"_s);
        QCOMPARE(e->validation, u"check-state"_s);
        QCOMPARE(e->approverRoles, (QStringList {u"change-approver"_s, u"mim"_s}));
        QCOMPARE(e->vars.size(), 6);
        QCOMPARE(e->vars.value(u"count"_s).max.value_or(0), 10.0);
        QCOMPARE(e->line, 6);
        QCOMPARE(p->baseDir(), QFileInfo(m_dir.path()).absoluteFilePath());
        QCOMPARE(p->absoluteFile(*e), m_dir.filePath(u"set-state.yml"_s));
        QCOMPARE(p->environment(u"uat"_s)->inventory, m_dir.filePath(u"inventory.ini"_s));
        QVERIFY(p->environment(u"uat"_s)->allowApply); // defaults: uat on, prod off
        QVERIFY(!p->environment(u"prod"_s)->allowApply);
        QVERIFY(!p->playbook(u"nope"_s));
    }

    void strictLoading_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QByteArray unknownKey = kSetState;
        unknownKey.replace("    risk: high\n", "    risk: high\n    run_as_root: true\n");
        QTest::newRow("unknown key") << kHeader + unknownKey + kOthers
                                     << u"policy.yaml:10: unknown key \"run_as_root\""_s;
        QByteArray badRisk = kSetState;
        badRisk.replace("risk: high", "risk: extreme");
        QTest::newRow("bad risk") << kHeader + badRisk + kOthers
                                  << u"policy.yaml:9: playbook set-state: risk must be"_s;
        QTest::newRow("bad mode") << QByteArray(kHeader).replace("mode: check", "mode: yolo") + kSetState + kOthers
                                  << u"policy.yaml:1: execution.mode must be"_s;
        QByteArray dangling = kSetState;
        dangling.replace("rollback: clear-state", "rollback: undo-it");
        QTest::newRow("dangling rollback")
            << kHeader + dangling + kOthers << u"policy.yaml:6: playbook set-state: rollback \"undo-it\""_s;
        QByteArray badValidation = kSetState;
        badValidation.replace("validation: check-state", "validation: nothing");
        QTest::newRow("dangling validation") << kHeader + badValidation + kOthers << u"validation \"nothing\""_s;
        QByteArray noRollback = kSetState;
        noRollback.replace("    rollback: clear-state\n", "");
        QTest::newRow("mutating without rollback")
            << kHeader + noRollback + kOthers << u"policy.yaml:6: playbook set-state mutates but names no rollback"_s;
        QByteArray badType = kSetState;
        badType.replace("type: boolean", "type: list");
        QTest::newRow("bad var type") << kHeader + badType + kOthers << u"type must be one of"_s;
        QByteArray badPattern = kSetState;
        badPattern.replace("'^[a-z0-9-]{1,32}$'", "'^[a-z'");
        QTest::newRow("bad pattern") << kHeader + badPattern + kOthers << u"invalid pattern"_s;
        QByteArray badEnv = kSetState;
        badEnv.replace("environments: [uat, prod]", "environments: [uat, moon]");
        QTest::newRow("unknown environment") << kHeader + badEnv + kOthers << u"unknown environment \"moon\""_s;
        QByteArray badRole = kSetState;
        badRole.replace("change-approver, mim", "root");
        QTest::newRow("unknown role") << kHeader + badRole + kOthers << u"unknown approver role \"root\""_s;
        QTest::newRow("duplicate id") << kHeader + kSetState + kOthers + kOthers << u"duplicate playbook id"_s;
        QTest::newRow("yaml syntax") << QByteArray("playbooks: [\n  - {id: x\n") << u"policy.yaml:"_s;
    }

    void strictLoading()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        Expected<ExecutionPolicy> p = ExecutionPolicy::load(write(text));
        QVERIFY(!p.hasValue());
        QCOMPARE(p.error().code, ErrorCode::InvalidInput);
        QVERIFY2(p.error().message.contains(expected), qPrintable(p.error().message));
    }

    void validateVars_data()
    {
        QTest::addColumn<QJsonObject>("vars");
        QTest::addColumn<QString>("error"); // empty: accepted
        QTest::newRow("minimal") << QJsonObject {{u"value"_s, u"blue"_s}} << QString();
        QTest::newRow("all") << QJsonObject {{u"value"_s, u"blue"_s}, {u"service"_s, u"auth"_s}, {u"mode"_s, u"fast"_s},
                                             {u"count"_s, 3},         {u"ratio"_s, 0.5},         {u"force"_s, true}}
                             << QString();
        QTest::newRow("injection") << QJsonObject {{u"value"_s, u"a"_s}, {u"service"_s, u"x; rm -rf /"_s}}
                                   << u"variable \"service\" does not match the pattern"_s;
        QTest::newRow("missing") << QJsonObject {} << u"variable \"value\" is required"_s;
        QTest::newRow("unknown") << QJsonObject {{u"value"_s, u"a"_s}, {u"become"_s, true}}
                                 << u"variable \"become\" is not in the playbook's schema"_s;
        QTest::newRow("enum") << QJsonObject {{u"value"_s, u"a"_s}, {u"mode"_s, u"medium"_s}}
                              << u"variable \"mode\" must be one of fast, slow"_s;
        QTest::newRow("integer type") << QJsonObject {{u"value"_s, u"a"_s}, {u"count"_s, u"3"_s}}
                                      << u"variable \"count\" must be a integer"_s;
        QTest::newRow("fraction") << QJsonObject {{u"value"_s, u"a"_s}, {u"count"_s, 2.5}}
                                  << u"variable \"count\" must be an integer"_s;
        QTest::newRow("max") << QJsonObject {{u"value"_s, u"a"_s}, {u"count"_s, 11}}
                             << u"variable \"count\" must be at most 10"_s;
        QTest::newRow("min") << QJsonObject {{u"value"_s, u"a"_s}, {u"ratio"_s, -0.1}}
                             << u"variable \"ratio\" must be at least 0"_s;
        QTest::newRow("boolean") << QJsonObject {{u"value"_s, u"a"_s}, {u"force"_s, u"yes"_s}}
                                 << u"variable \"force\" must be true or false"_s;
        QTest::newRow("control char") << QJsonObject {{u"value"_s, u"a\tb"_s}}
                                      << u"variable \"value\" must not contain control characters"_s;
        QTest::newRow("newline escape") << QJsonObject {{u"value"_s, u"blue\n"_s}} << u"control characters"_s;
        QTest::newRow("string type") << QJsonObject {{u"value"_s, 7}} << u"variable \"value\" must be a string"_s;
    }

    void validateVars()
    {
        QFETCH(QJsonObject, vars);
        QFETCH(QString, error);
        Expected<ExecutionPolicy> p = ExecutionPolicy::load(write(kHeader + kSetState + kOthers));
        QVERIFY(p.hasValue());
        const Status s = p->validateVars(*p->playbook(u"set-state"_s), vars);
        if (error.isEmpty()) {
            QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
        } else {
            QVERIFY(!s.ok());
            QCOMPARE(s.error().code, ErrorCode::InvalidInput);
            QVERIFY2(s.error().message.contains(error), qPrintable(s.error().message));
            QVERIFY(s.error().message.startsWith(u"playbook set-state: "_s));
        }
    }

    void pins()
    {
        const QString sha = *fileSha256(m_dir.filePath(u"set-state.yml"_s));
        QCOMPARE(sha.size(), 64);
        QByteArray pinned = kSetState;
        pinned.replace("sha256: \"\"", QByteArray("sha256: \"" + sha.toUtf8() + "\""));
        Expected<ExecutionPolicy> p = ExecutionPolicy::load(write(kHeader + pinned + kOthers));
        QVERIFY(p.hasValue());
        Expected<QString> ok = p->verifyPin(*p->playbook(u"set-state"_s));
        QVERIFY(ok.hasValue());
        QCOMPARE(*ok, sha);
        Expected<QString> unpinned = p->verifyPin(*p->playbook(u"clear-state"_s));
        QCOMPARE(unpinned.error().code, ErrorCode::Forbidden);
        QVERIFY(unpinned.error().message.contains(u"not pinned"_s));
        PlaybookEntry other = *p->playbook(u"set-state"_s);
        other.file = u"clear-state.yml"_s; // a different file under the same pin
        Expected<QString> mismatch = p->verifyPin(other);
        QCOMPARE(mismatch.error().code, ErrorCode::Forbidden);
        QVERIFY(mismatch.error().message.contains(u"does not match its pin"_s));
    }

    void lint()
    {
        const QString good = *fileSha256(m_dir.filePath(u"set-state.yml"_s));
        const QString broken = *fileSha256(m_dir.filePath(u"broken.yml"_s));
        const QByteArray text = kHeader + "  - {id: set-state, file: set-state.yml, sha256: \"" + good.toUtf8()
            + "\", risk: low, mutates: true, rollback: clear-state}\n"
              "  - {id: clear-state, file: clear-state.yml, sha256: \""
            + QByteArray(64, 'a')
            + "\", risk: low, mutates: true, rollback: set-state}\n"
              "  - {id: broken, file: broken.yml, sha256: \""
            + broken.toUtf8()
            + "\", risk: low, mutates: false}\n"
              "  - {id: gone, file: gone.yml, sha256: \"\", risk: low, mutates: false}\n"
              "  - {id: check-state, file: check-state.yml, sha256: \"\", risk: low, mutates: false}\n";
        PolicyLintOptions options;
        options.runAnsibleLint = false; // ansible-lint takes tens of seconds; its parsing is simple
        const QStringList findings = lintPolicy(write(text, u"lint.yaml"_s), options);
        const QString all = findings.join(u'\n');
        QCOMPARE(findings.size(), 4);
        QVERIFY2(all.contains(u"lint.yaml:7: playbook clear-state: "_s) && all.contains(u"does not match its pin"_s),
                 qPrintable(all));
        QVERIFY2(all.contains(u"lint.yaml:8: playbook broken: syntax check failed: couldn't resolve module/action"_s),
                 qPrintable(all));
        QVERIFY2(all.contains(u"lint.yaml:9: playbook gone: file "_s), qPrintable(all));
        QVERIFY2(all.contains(u"lint.yaml:10: playbook check-state: playbook check-state is not pinned"_s),
                 qPrintable(all));
        QVERIFY(!all.contains(u"set-state"_s));
        // A policy that does not load is one finding per problem.
        QVERIFY(lintPolicy(write("playbooks: 3\n", u"bad.yaml"_s), options).first().contains(u"bad.yaml"_s));
    }

    void ctlPolicyPinAndLint()
    {
        const QString ctl = qEnvironmentVariable("WARROOMCTL");
        if (ctl.isEmpty())
            QSKIP("WARROOMCTL is not set (run through ctest)");
        const QString file = write(kHeader + kSetState + kOthers);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray original = f.readAll();
        f.close();
        QProcess p;
        p.start(ctl, {u"policy"_s, u"pin"_s, u"set-state"_s, u"--policy"_s, file});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QString sha = *fileSha256(m_dir.filePath(u"set-state.yml"_s));
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()), u"    sha256: \"%1\"\n"_s.arg(sha));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), original); // never written
        f.close();
        p.start(ctl, {u"policy"_s, u"pin"_s, u"nope"_s, u"--policy"_s, file});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 1);
        // Lint: a missing file is a finding without running any tool.
        const QString missing
            = write(kHeader + "  - {id: gone, file: gone.yml, risk: low, mutates: false}\n", u"missing.yaml"_s);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"WARROOM_POLICY"_s, missing);
        p.setProcessEnvironment(env);
        p.start(ctl, {u"policy"_s, u"lint"_s});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).contains(u"missing.yaml:6: playbook gone: file"_s));
        // Without either, the daemon's own default (the source tree's here): pinning reads that one (a lint of
        // every shipped playbook would take minutes).
        env.remove(u"WARROOM_POLICY"_s);
        p.setProcessEnvironment(env);
        p.start(ctl, {u"policy"_s, u"pin"_s, u"sso-metadata-patch"_s});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QString shipped = *fileSha256(QStringLiteral(WARROOM_SOURCE_DIR "/playbooks/sso/metadata-patch.yml"));
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()), u"    sha256: \"%1\"\n"_s.arg(shipped));
    }
};

QTEST_GUILESS_MAIN(TestPolicy)
#include "tst_policy.moc"
