// Integration tests of the UAT lab (playbooks/lab/labctl.py, labd.py) and
// the whitelisted playbooks in playbooks/policy.yaml: the real
// ansible-playbook with the ansible.posix.jsonl callback, run the way the
// runner runs it (argument vector, inventory and --limit from the policy,
// variables in a JSON file, a fresh HOME and TMPDIR), against a lab in a
// temporary directory.
//
// Per scenario: up -> healthy; break -> the diagnose playbook fails; the
// remediation in --check mode changes nothing on disk; apply; a second
// --check reports changed=0; the validation passes; the lab is healthy; the
// rollback playbook restores the earlier state where one exists.  Plus every
// policy entry: file present, pin matches, syntax check passes, self-contained,
// rollback and validation ids exist, and every playbook a knowledge file names
// is whitelisted.

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kSourceDir = QStringLiteral(WARROOM_SOURCE_DIR);

/// The result of one ansible-playbook run, read from its jsonl events.
struct PlayRun
{
    int exitCode = -1;
    bool finished = false;
    int changed = -1; ///< from the final stats; -1 when there were none
    int failures = -1;
    QStringList failedMessages; ///< msg of every failed task
    QStringList changedTasks; ///< names of tasks that reported changed
    QString stderrText;

    [[nodiscard]] bool ok() const { return finished && exitCode == 0 && failures == 0; }
    [[nodiscard]] QString describe() const
    {
        return u"exit %1, changed %2, failures %3, failed: [%4], changed tasks: [%5], stderr: %6"_s.arg(exitCode)
            .arg(changed)
            .arg(failures)
            .arg(failedMessages.join(u" | "_s), changedTasks.join(u", "_s), stderrText.right(600));
    }
};

} // namespace

class TestLab : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void policyEntries_data();
    void policyEntries();
    void knowledgeNamesOnlyWhitelistedPlaybooks();

    void labctlUsageAndStatus();
    void schemaViolationStopsBeforeAnyChange();

    void genericEntries();
    void ssoScenario();
    void diskScenario();
    void serviceScenario();

private:
    [[nodiscard]] QString playbooksDir() const { return kSourceDir + u"/playbooks"_s; }
    [[nodiscard]] QString labDir() const { return m_tmp.path() + u"/lab"_s; }
    [[nodiscard]] QJsonObject entry(const QString &id) const { return m_entries.value(id); }

    struct Proc
    {
        int exitCode = -1;
        bool finished = false;
        QByteArray out;
        QByteArray err;
    };
    Proc runProcess(const QString &program, const QStringList &args, int timeoutMs = 60000) const;
    Proc labctl(const QStringList &args) const;
    QJsonObject labStatus() const;
    PlayRun play(const QString &id, QJsonObject vars, bool check) const;
    QByteArray treeHash(const QString &dir) const;

    QTemporaryDir m_tmp;
    QString m_python;
    QString m_ansible;
    QHash<QString, QJsonObject> m_entries;
    QStringList m_order;
    QSet<QString> m_syntaxOk; ///< files `ansible-playbook --syntax-check` accepted
    QString m_syntaxOutput;
    int m_runs = 0;
    mutable QElapsedTimer m_clock;
};

TestLab::Proc TestLab::runProcess(const QString &program, const QStringList &args, int timeoutMs) const
{
    QProcess p;
    QProcessEnvironment env;
    // the runner's scrubbed environment: nothing of ours passes but PATH
    env.insert(u"PATH"_s, u"/usr/local/bin:/usr/bin:/bin"_s);
    env.insert(u"HOME"_s, m_tmp.path() + u"/home"_s);
    env.insert(u"TMPDIR"_s, m_tmp.path() + u"/tmp"_s);
    env.insert(u"LANG"_s, u"C.UTF-8"_s);
    env.insert(u"ANSIBLE_STDOUT_CALLBACK"_s, u"ansible.posix.jsonl"_s);
    env.insert(u"ANSIBLE_NOCOLOR"_s, u"1"_s);
    env.insert(u"ANSIBLE_RETRY_FILES_ENABLED"_s, u"0"_s);
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(m_tmp.path());
    p.start(program, args);
    Proc r;
    if (!p.waitForStarted(10000))
        return r;
    r.finished = p.waitForFinished(timeoutMs);
    if (!r.finished) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

TestLab::Proc TestLab::labctl(const QStringList &args) const
{
    // the form warroomctl uses: labctl.py COMMAND [ARGS] --dir LABDIR
    return runProcess(m_python,
                      QStringList {playbooksDir() + u"/lab/labctl.py"_s} + args + QStringList {u"--dir"_s, labDir()});
}

QJsonObject TestLab::labStatus() const
{
    const Proc p = labctl({u"status"_s});
    return QJsonDocument::fromJson(p.out).object();
}

PlayRun TestLab::play(const QString &id, QJsonObject vars, bool check) const
{
    PlayRun run;
    const QJsonObject e = entry(id);
    if (e.isEmpty()) {
        run.failedMessages << u"no policy entry %1"_s.arg(id);
        return run;
    }
    vars.insert(u"warroom_lab_dir"_s, labDir());
    static int seq = 0;
    const QString varsFile = m_tmp.path() + u"/vars-%1.json"_s.arg(++seq);
    QFile f(varsFile);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(vars).toJson()) < 0) {
        run.failedMessages << u"cannot write %1"_s.arg(varsFile);
        return run;
    }
    f.close();
    const QJsonObject uat = m_entries.value(u"@environments"_s).value(u"uat"_s).toObject();
    QStringList args {u"-i"_s,      playbooksDir() + u'/' + uat.value(u"inventory"_s).toString(),
                      u"--limit"_s, uat.value(u"allowed_hosts"_s).toVariant().toStringList().join(u','),
                      u"-e"_s,      u'@' + varsFile};
    if (check)
        args << u"--check"_s << u"--diff"_s;
    args << playbooksDir() + u'/' + e.value(u"file"_s).toString();
    const Proc p = runProcess(m_ansible, args, 120000);
    const_cast<TestLab *>(this)->m_runs++;
    run.finished = p.finished;
    run.exitCode = p.exitCode;
    run.stderrText = QString::fromUtf8(p.err);
    for (const QByteArray &line : p.out.split('\n')) {
        const QJsonObject ev = QJsonDocument::fromJson(line).object();
        const QString kind = ev.value(u"_event"_s).toString();
        const QJsonObject host = ev.value(u"hosts"_s).toObject().value(u"lab"_s).toObject();
        if (kind == u"v2_runner_on_failed"_s && !host.value(u"ignore_errors"_s).toBool())
            run.failedMessages << host.value(u"msg"_s).toString();
        else if (kind == u"v2_runner_on_ok"_s && host.value(u"changed"_s).toBool())
            run.changedTasks << ev.value(u"task"_s).toObject().value(u"name"_s).toString();
        else if (kind == u"v2_playbook_on_stats"_s) {
            const QJsonObject st = ev.value(u"stats"_s).toObject().value(u"lab"_s).toObject();
            run.changed = st.value(u"changed"_s).toInt(-1);
            run.failures = st.value(u"failures"_s).toInt(-1);
        }
    }
    return run;
}

QByteArray TestLab::treeHash(const QString &dir) const
{
    // names, sizes and contents of every file but labd's log (it grows with each request)
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!path.endsWith(u"/labd.log"_s))
            files << path;
    }
    files.sort();
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const QString &path : std::as_const(files)) {
        QFile f(path);
        h.addData(path.toUtf8());
        if (f.open(QIODevice::ReadOnly))
            h.addData(f.readAll());
    }
    return h.result().toHex();
}

void TestLab::initTestCase()
{
    m_clock.start();
    QVERIFY(m_tmp.isValid());
    QVERIFY(QDir().mkpath(m_tmp.path() + u"/home"_s));
    QVERIFY(QDir().mkpath(m_tmp.path() + u"/tmp"_s));
    m_python = QStandardPaths::findExecutable(u"python3"_s);
    m_ansible = QStandardPaths::findExecutable(u"ansible-playbook"_s);
    if (m_python.isEmpty() || m_ansible.isEmpty())
        QSKIP("python3 and ansible-playbook are needed (Debian: python3, ansible)");

    // The policy as JSON (python3-yaml comes with ansible).
    const Proc dump
        = runProcess(m_python,
                     {u"-c"_s, u"import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)"_s,
                      playbooksDir() + u"/policy.yaml"_s});
    QVERIFY2(dump.exitCode == 0, dump.err.constData());
    const QJsonObject policy = QJsonDocument::fromJson(dump.out).object();
    const QJsonArray list = policy.value(u"playbooks"_s).toArray();
    QVERIFY(list.size() > 100);
    for (const QJsonValue &v : list) {
        const QJsonObject e = v.toObject();
        QVERIFY2(!m_entries.contains(e.value(u"id"_s).toString()), qPrintable(e.value(u"id"_s).toString()));
        m_entries.insert(e.value(u"id"_s).toString(), e);
        m_order << e.value(u"id"_s).toString();
    }
    m_entries.insert(u"@environments"_s, policy.value(u"environments"_s).toObject());

    // One syntax check for every entry (fast: one ansible-playbook process).
    QStringList args {u"-i"_s, playbooksDir() + u"/lab/inventory.ini"_s, u"--syntax-check"_s};
    for (const QString &id : std::as_const(m_order))
        args << playbooksDir() + u'/' + m_entries.value(id).value(u"file"_s).toString();
    const Proc syntax = runProcess(m_ansible, args, 120000);
    m_syntaxOutput = QString::fromUtf8(syntax.out + syntax.err);
    QVERIFY2(syntax.exitCode == 0, qPrintable(m_syntaxOutput.right(2000)));
    static const QRegularExpression listed(u"^playbook: (\\S+)$"_s, QRegularExpression::MultilineOption);
    for (auto it = listed.globalMatch(m_syntaxOutput); it.hasNext();)
        m_syntaxOk.insert(QFileInfo(it.next().captured(1)).canonicalFilePath());

    const Proc up = labctl({u"up"_s});
    QVERIFY2(up.exitCode == 0, up.err.constData());
}

void TestLab::cleanupTestCase()
{
    if (!m_python.isEmpty())
        labctl({u"down"_s});
    qInfo("%d ansible-playbook runs, %lld ms in all", m_runs, static_cast<long long>(m_clock.elapsed()));
}

void TestLab::policyEntries_data()
{
    QTest::addColumn<QString>("id");
    for (const QString &id : std::as_const(m_order))
        QTest::newRow(qPrintable(id)) << id;
}

void TestLab::policyEntries()
{
    QFETCH(QString, id);
    const QJsonObject e = entry(id);
    const QString file = e.value(u"file"_s).toString();
    QVERIFY2(!file.startsWith(u'/') && !file.contains(u".."_s) && !file.startsWith(u"playbooks/"_s),
             "file must be relative to the policy's directory");
    const QString path = playbooksDir() + u'/' + file;
    QFile f(path);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
    const QByteArray text = f.readAll();

    // the pin covers the file, and the file is everything that runs
    const QString pin = e.value(u"sha256"_s).toString();
    QCOMPARE(pin, QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex()));
    static const QRegularExpression external(
        u"^\\s*-?\\s*(roles|(ansible\\.builtin\\.)?(include|include_tasks|include_role|import_tasks|import_role|import_playbook|include_vars)):"_s,
        QRegularExpression::MultilineOption);
    QVERIFY2(!external.match(QString::fromUtf8(text)).hasMatch(), "a playbook must be self-contained");
    QVERIFY2(m_syntaxOk.contains(QFileInfo(path).canonicalFilePath()), "not accepted by --syntax-check");
    QVERIFY2(text.contains("warroom_lab_dir"), "a lab playbook works on {{ warroom_lab_dir }}");

    const bool mutates = e.value(u"mutates"_s).toBool();
    const QString rollback = e.value(u"rollback"_s).toString();
    const QString validation = e.value(u"validation"_s).toString();
    if (!mutates) {
        QVERIFY(rollback.isEmpty());
        QVERIFY(validation.isEmpty());
        return;
    }
    QVERIFY2(m_entries.contains(rollback), qPrintable(u"rollback '%1' is not whitelisted"_s.arg(rollback)));
    QVERIFY2(entry(rollback).value(u"mutates"_s).toBool(), "a rollback changes something");
    QVERIFY2(m_entries.contains(validation), qPrintable(u"validation '%1' is not whitelisted"_s.arg(validation)));
    const QJsonObject val = entry(validation);
    QVERIFY2(!val.value(u"mutates"_s).toBool(), "a validation is read-only");
    // the runner passes the step's variables: the validation's required ones must be among them
    const QJsonObject vars = e.value(u"vars"_s).toObject();
    const QJsonObject valVars = val.value(u"vars"_s).toObject();
    for (auto it = valVars.begin(); it != valVars.end(); ++it) {
        if (it.value().toObject().value(u"required"_s).toBool())
            QVERIFY2(vars.contains(it.key()), qPrintable(u"validation needs '%1'"_s.arg(it.key())));
    }
}

void TestLab::knowledgeNamesOnlyWhitelistedPlaybooks()
{
    static const QRegularExpression ref(u"^\\s*(?:-\\s*)?playbook:\\s*\"?([A-Za-z0-9_-]+)"_s,
                                        QRegularExpression::MultilineOption);
    const QDir dir(kSourceDir + u"/resources/knowledge"_s);
    const QStringList files = dir.entryList({u"*.yaml"_s}, QDir::Files);
    QVERIFY(!files.isEmpty());
    int refs = 0;
    QStringList missing;
    for (const QString &name : files) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        for (auto it = ref.globalMatch(QString::fromUtf8(f.readAll())); it.hasNext();) {
            const QString id = it.next().captured(1);
            ++refs;
            if (!m_entries.contains(id))
                missing << name + u": "_s + id;
        }
    }
    QVERIFY(refs > 100);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", "_s)));
}

void TestLab::labctlUsageAndStatus()
{
    // status: every scenario healthy after up, labd running on loopback
    const QJsonObject st = labStatus();
    for (const QString &s : {u"sso"_s, u"disk"_s, u"service"_s})
        QVERIFY2(st.value(s).toObject().value(u"healthy"_s).toBool(), qPrintable(s));
    const QJsonObject labd = st.value(u"labd"_s).toObject();
    QVERIFY(labd.value(u"running"_s).toBool());
    QVERIFY(labd.value(u"port"_s).toInt() > 0);

    // up again is idempotent: same daemon
    const Proc again = labctl({u"up"_s});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(labStatus().value(u"labd"_s).toObject().value(u"pid"_s), labd.value(u"pid"_s));

    // bad input: an unknown scenario is a usage error and breaks nothing
    const QByteArray before = treeHash(labDir());
    const Proc bad = labctl({u"break"_s, u"everything"_s});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains("invalid choice"));
    QCOMPARE(treeHash(labDir()), before);

    // break without a lab: a clear error
    const Proc none = runProcess(
        m_python, {playbooksDir() + u"/lab/labctl.py"_s, u"--dir"_s, m_tmp.path() + u"/nolab"_s, u"break"_s, u"sso"_s});
    QCOMPARE(none.exitCode, 1);
    QVERIFY(none.err.contains("run 'up' first"));
}

void TestLab::schemaViolationStopsBeforeAnyChange()
{
    // The runner validates variables first; the playbooks check them again and
    // stop at their first task, before touching anything.
    const QByteArray before = treeHash(labDir());
    const PlayRun r = play(u"service-rolling-restart"_s, {{u"service"_s, u"x; rm -rf /"_s}}, false);
    QVERIFY2(!r.ok(), qPrintable(r.describe()));
    QCOMPARE(r.failedMessages.size(), 1);
    QVERIFY2(r.failedMessages.first().contains(u"bad variables"_s), qPrintable(r.describe()));
    QCOMPARE(r.changed, 0);
    QCOMPARE(treeHash(labDir()), before);
}

// The generated playbooks: a check follows its lab signal and threshold
// variable; a "set" entry is idempotent and its -restore entry undoes it.
void TestLab::genericEntries()
{
    QVERIFY(QDir().mkpath(labDir() + u"/signals"_s));
    QFile signal(labDir() + u"/signals/kafka-consumer-lag-check.json"_s);
    QVERIFY(signal.open(QIODevice::WriteOnly));
    signal.write(R"({"healthy": true, "value": 5000, "detail": "lag 5000 on orders.events"})");
    signal.close();
    PlayRun r = play(u"kafka-consumer-lag-check"_s, {{u"consumer_group"_s, u"orders"_s}, {u"max_lag"_s, 1000}}, true);
    QVERIFY2(!r.ok() && r.failedMessages.join(u' ').contains(u"lag 5000 on orders.events"_s), qPrintable(r.describe()));
    r = play(u"kafka-consumer-lag-check"_s, {{u"consumer_group"_s, u"orders"_s}, {u"max_lag"_s, 10000}}, true);
    QVERIFY2(r.ok() && r.changed == 0, qPrintable(r.describe()));

    const QJsonObject vars {{u"flag_key"_s, u"checkout.new-flow"_s}, {u"state"_s, u"off"_s}, {u"rollout_percent"_s, 0}};
    const QString file = labDir() + u"/state/deploy/feature-flag-set/checkout.new-flow.yml"_s;
    r = play(u"feature-flag-set"_s, vars, false);
    QVERIFY2(r.ok() && r.changed > 0, qPrintable(r.describe()));
    QFile state(file);
    QVERIFY2(state.open(QIODevice::ReadOnly), qPrintable(file));
    const QByteArray written = state.readAll();
    QVERIFY(written.contains("state: feature-flag-set"));
    QVERIFY(written.contains("rollout_percent: 0"));
    r = play(u"feature-flag-set"_s, vars, true);
    QVERIFY2(r.ok() && r.changed == 0, qPrintable(r.describe()));
    r = play(u"feature-flag-restore"_s, {{u"flag_key"_s, u"checkout.new-flow"_s}}, false);
    QVERIFY2(r.ok() && r.changed > 0, qPrintable(r.describe()));
    QVERIFY(!QFile::exists(file));
}

// Salesforce SSO after an IdP certificate rotation (DIP-SSO-CERT-ROTATION).
void TestLab::ssoScenario()
{
    const QJsonObject svc {{u"service"_s, u"salesforce-sso"_s}};
    QVERIFY(labStatus().value(u"sso"_s).toObject().value(u"healthy"_s).toBool());
    QCOMPARE(labctl({u"break"_s, u"sso"_s}).exitCode, 0);
    QVERIFY(!labStatus().value(u"sso"_s).toObject().value(u"healthy"_s).toBool());

    // diagnose: drift, redirect loop; the vendor metadata is the approved one
    PlayRun r = play(u"sso-fingerprint-check"_s, svc, true);
    QVERIFY2(!r.ok() && r.failedMessages.join(u' ').contains(u"fingerprint drift"_s), qPrintable(r.describe()));
    r = play(u"sso-pilot-login"_s, {{u"service"_s, u"salesforce-sso"_s}, {u"max_redirects"_s, 6}}, true);
    QVERIFY2(!r.ok() && r.failedMessages.join(u' ').contains(u"redirect loop"_s), qPrintable(r.describe()));
    r = play(u"sso-metadata-compare"_s, {{u"service"_s, u"salesforce-sso"_s}, {u"metadata_source"_s, u"vendor-url"_s}},
             true);
    QVERIFY2(r.ok() && r.changed == 0, qPrintable(r.describe()));

    // snapshot (evidence, also in check mode)
    r = play(u"sso-metadata-snapshot"_s, svc, true);
    QVERIFY2(r.ok() && r.changed == 0, qPrintable(r.describe()));
    QFile latest(labDir() + u"/sso/snapshots/latest"_s);
    QVERIFY(latest.open(QIODevice::ReadOnly));
    const QString snapshot = QString::fromUtf8(latest.readAll()).trimmed();
    QVERIFY(QFile::exists(labDir() + u"/sso/snapshots/"_s + snapshot + u"/idp-signing.cer"_s));
    QFile staleCert(labDir() + u"/sso/sp/idp-signing.cer"_s);
    QVERIFY(staleCert.open(QIODevice::ReadOnly));
    const QByteArray stale = staleCert.readAll();
    staleCert.close();

    // patch: dry run changes nothing, apply, idempotent, validation
    const QJsonObject patchVars {{u"service"_s, u"salesforce-sso"_s}, {u"metadata_source"_s, u"approved-store"_s}};
    QByteArray before = treeHash(labDir());
    r = play(u"sso-metadata-patch"_s, patchVars, true);
    QVERIFY2(r.ok() && r.changed > 0, qPrintable(r.describe()));
    QCOMPARE(treeHash(labDir()), before);
    r = play(u"sso-metadata-patch"_s, patchVars, false);
    QVERIFY2(r.ok() && r.changed > 0, qPrintable(r.describe()));
    r = play(u"sso-metadata-patch"_s, patchVars, true);
    QVERIFY2(r.ok() && r.changed == 0, qPrintable(r.describe()));
    QCOMPARE(entry(u"sso-metadata-patch"_s).value(u"validation"_s).toString(), u"sso-fingerprint-check"_s);
    r = play(u"sso-fingerprint-check"_s, svc, true);
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    // the running deployment still has the old certificate loaded
    r = play(u"sso-pilot-login"_s, svc, true);
    QVERIFY2(!r.ok(), qPrintable(r.describe()));

    // rolling restart: dry run, apply, idempotent, readiness
    const QJsonObject restartVars {
        {u"service"_s, u"salesforce-sso"_s}, {u"namespace"_s, u"identity"_s}, {u"max_unavailable_percent"_s, 25}};
    before = treeHash(labDir());
    r = play(u"service-rolling-restart"_s, restartVars, true);
    QVERIFY2(r.ok() && r.changed == 1, qPrintable(r.describe()));
    QCOMPARE(treeHash(labDir()), before);
    r = play(u"service-rolling-restart"_s, restartVars, false);
    QVERIFY2(r.ok() && r.changed == 1, qPrintable(r.describe()));
    r = play(u"service-rolling-restart"_s, restartVars, true);
    QVERIFY2(r.ok() && r.changed == 0, qPrintable(r.describe()));
    r = play(u"deployment-rollout-status"_s,
             {{u"service"_s, u"salesforce-sso"_s}, {u"namespace"_s, u"identity"_s}, {u"timeout_seconds"_s, 30}}, true);
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    r = play(u"sso-pilot-login"_s,
             {{u"service"_s, u"salesforce-sso"_s}, {u"pilot_account"_s, u"pilot-sso"_s}, {u"max_redirects"_s, 6}},
             true);
    QVERIFY2(r.ok() && r.changed == 0, qPrintable(r.describe()));
    QVERIFY(labStatus().value(u"sso"_s).toObject().value(u"healthy"_s).toBool());

    // rollback: the snapshot's (stale) certificate is trusted again
    QCOMPARE(entry(u"sso-metadata-patch"_s).value(u"rollback"_s).toString(), u"sso-metadata-restore"_s);
    r = play(u"sso-metadata-restore"_s, {{u"service"_s, u"salesforce-sso"_s}, {u"snapshot"_s, u"latest"_s}}, false);
    QVERIFY2(r.ok() && r.changed > 0, qPrintable(r.describe()));
    QFile restored(labDir() + u"/sso/sp/idp-signing.cer"_s);
    QVERIFY(restored.open(QIODevice::ReadOnly));
    QCOMPARE(restored.readAll(), stale);
    r = play(u"sso-fingerprint-check"_s, svc, true);
    QVERIFY2(!r.ok(), qPrintable(r.describe()));
}

// Log shipper disk full (DIP-LOG-SHIPPER-DISK).
void TestLab::diskScenario()
{
    const QString root = labDir() + u"/disk"_s;
    const auto readFile = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<absent>");
    };
    const auto archives
        = [&] { return QDir(root + u"/var/log/log-shipper"_s).entryList({u"*.gz"_s}, QDir::Files).size(); };
    QVERIFY(labStatus().value(u"disk"_s).toObject().value(u"healthy"_s).toBool());
    QCOMPARE(labctl({u"break"_s, u"disk"_s}).exitCode, 0);
    QVERIFY(!labStatus().value(u"disk"_s).toObject().value(u"healthy"_s).toBool());
    const QString capFile = root + u"/etc/systemd/journald.conf.d/50-warroom-cap.conf"_s;
    const QString rotateFile = root + u"/etc/logrotate.d/log-shipper"_s;
    const QByteArray brokenRotate = readFile(rotateFile);
    QVERIFY(!QFile::exists(capFile));
    const qsizetype brokenArchives = archives();

    const QJsonObject host {{u"host"_s, u"lab"_s}};
    PlayRun r = play(u"log-disk-usage-check"_s,
                     {{u"host"_s, u"lab"_s}, {u"path"_s, u"/var/log"_s}, {u"threshold_percent"_s, 80}}, true);
    QVERIFY2(!r.ok() && r.failedMessages.join(u' ').contains(u"no SystemMaxUse cap"_s), qPrintable(r.describe()));
    r = play(
        u"log-disk-snapshot"_s,
        {{u"host"_s, u"lab"_s}, {u"path"_s, u"/var/log"_s}, {u"offload_archives"_s, true}, {u"older_than_days"_s, 30}},
        true);
    QVERIFY2(r.ok() && r.changed == 0, qPrintable(r.describe()));

    const QList<std::pair<QString, QJsonObject>> steps {
        {u"journald-cap-apply"_s,
         {{u"host"_s, u"lab"_s}, {u"system_max_use"_s, u"2G"_s}, {u"max_retention_sec"_s, u"2week"_s}}},
        {u"logrotate-maxage-apply"_s,
         {{u"host"_s, u"lab"_s},
          {u"config"_s, u"/etc/logrotate.d/log-shipper"_s},
          {u"maxage"_s, 14},
          {u"rotate"_s, 14}}},
        {u"log-archive-prune"_s,
         {{u"host"_s, u"lab"_s},
          {u"path"_s, u"/var/log"_s},
          {u"older_than_days"_s, 30},
          {u"name_pattern"_s, u"*.gz"_s}}},
    };
    for (const auto &[id, vars] : steps) {
        const QByteArray before = treeHash(labDir());
        r = play(id, vars, true);
        QVERIFY2(r.ok() && r.changed > 0, qPrintable(id + u": "_s + r.describe()));
        QVERIFY2(treeHash(labDir()) == before, qPrintable(id + u": --check changed the lab"_s));
        r = play(id, vars, false);
        QVERIFY2(r.ok() && r.changed > 0, qPrintable(id + u": "_s + r.describe()));
        r = play(id, vars, true);
        QVERIFY2(r.ok() && r.changed == 0, qPrintable(id + u": not idempotent: "_s + r.describe()));
        QCOMPARE(entry(id).value(u"validation"_s).toString(), u"log-disk-usage-check"_s);
    }
    QVERIFY(readFile(capFile).contains("SystemMaxUse=2G"));
    QVERIFY(readFile(rotateFile).contains("maxage 14"));
    QVERIFY(archives() < brokenArchives);
    r = play(u"log-disk-usage-check"_s,
             {{u"host"_s, u"lab"_s}, {u"path"_s, u"/var/log"_s}, {u"threshold_percent"_s, 70}}, true);
    QVERIFY2(r.ok() && r.changed == 0, qPrintable(r.describe()));
    QVERIFY(labStatus().value(u"disk"_s).toObject().value(u"healthy"_s).toBool());

    // rollbacks: the previous config files come back; pruned archives only from cold storage
    r = play(u"journald-config-restore"_s, host, false);
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QVERIFY(!QFile::exists(capFile));
    r = play(u"logrotate-config-restore"_s, host, false);
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(readFile(rotateFile), brokenRotate);
    QVERIFY(archives() < brokenArchives);
    r = play(u"log-archive-restore"_s, {{u"host"_s, u"lab"_s}, {u"path"_s, u"/var/log"_s}}, false);
    QVERIFY2(r.ok() && r.changed > 0, qPrintable(r.describe()));
    QCOMPARE(archives(), brokenArchives);
    QVERIFY(!labStatus().value(u"disk"_s).toObject().value(u"healthy"_s).toBool());
}

// checkout-api returning 5xx until restarted (DIP-SERVICE-RESTART).
void TestLab::serviceScenario()
{
    QVERIFY(labStatus().value(u"service"_s).toObject().value(u"healthy"_s).toBool());
    QCOMPARE(labctl({u"break"_s, u"service"_s}).exitCode, 0);
    QVERIFY(!labStatus().value(u"service"_s).toObject().value(u"healthy"_s).toBool());

    PlayRun r = play(u"service-error-rate-check"_s,
                     {{u"service"_s, u"checkout-api"_s},
                      {u"window_minutes"_s, 15},
                      {u"threshold_percent"_s, 5},
                      {u"status_class"_s, u"5xx"_s}},
                     true);
    QVERIFY2(!r.ok() && r.failedMessages.join(u' ').contains(u"above the 5"_s), qPrintable(r.describe()));

    const QJsonObject vars {{u"service"_s, u"checkout-api"_s}, {u"max_unavailable_percent"_s, 25}};
    const QByteArray before = treeHash(labDir());
    r = play(u"service-rolling-restart"_s, vars, true);
    QVERIFY2(r.ok() && r.changed == 1, qPrintable(r.describe()));
    QCOMPARE(treeHash(labDir()), before);
    r = play(u"service-rolling-restart"_s, vars, false);
    QVERIFY2(r.ok() && r.changed == 1, qPrintable(r.describe()));
    r = play(u"service-rolling-restart"_s, vars, true);
    QVERIFY2(r.ok() && r.changed == 0, qPrintable(r.describe()));

    QCOMPARE(entry(u"service-rolling-restart"_s).value(u"validation"_s).toString(), u"service-readiness-check"_s);
    r = play(u"service-readiness-check"_s, {{u"service"_s, u"checkout-api"_s}, {u"min_ready_percent"_s, 100}}, true);
    QVERIFY2(r.ok() && r.changed == 0, qPrintable(r.describe()));
    QVERIFY(labStatus().value(u"service"_s).toObject().value(u"healthy"_s).toBool());

    // A restart cannot be undone; its rollback (scale restore) finds nothing to restore.
    r = play(entry(u"service-rolling-restart"_s).value(u"rollback"_s).toString(), {{u"service"_s, u"checkout-api"_s}},
             false);
    QVERIFY2(r.ok() && r.changed == 0, qPrintable(r.describe()));
}

QTEST_GUILESS_MAIN(TestLab)
#include "tst_lab.moc"
