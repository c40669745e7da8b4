// Execution end to end: the real daemon, the real ansible-playbook (in the
// sandbox where bwrap works) and the lab. Each scenario goes break ->
// incident -> triage's plan -> approvals by the right people -> check, apply,
// idempotency re-check, validation -> lab healthy; then a rollback with its
// own approvals restores the earlier state. Then every gate is attacked.

#include "apiclient.h"
#include "daemonprocess.h"
#include "labcontrol.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace Qt::StringLiterals;
using namespace warroom;
using warroom::test::DaemonProcess;

namespace {

const QString kPolicy = QStringLiteral(WARROOM_SOURCE_DIR "/playbooks/policy.yaml");

const QJsonObject kSso {{u"service"_s, QStringLiteral("salesforce-sso")}};

/// The demo people and the roles they hold.
const QList<QPair<QString, QString>> kApprovers {
    {u"alice"_s, u"mim"_s},
    {u"bob"_s, u"change-approver"_s},
    {u"erin"_s, u"change-approver"_s},
    {u"carol"_s, u"responder"_s},
};

QJsonObject stepOf(const QJsonObject &detail, const QString &id)
{
    for (const QJsonValue &v : detail.value(u"plan"_s).toObject().value(u"steps"_s).toArray()) {
        if (v.toObject().value(u"id"_s).toString() == id)
            return v.toObject();
    }
    return {};
}

QJsonObject approvalOf(const QJsonObject &detail, const QString &id)
{
    for (const QJsonValue &v : detail.value(u"approval_status"_s).toArray()) {
        if (v.toObject().value(u"step"_s).toString() == id)
            return v.toObject();
    }
    return {};
}

QList<QJsonObject> runsOf(const QJsonObject &detail, const QString &stepId)
{
    QList<QJsonObject> runs;
    for (const QJsonValue &v : detail.value(u"runs"_s).toArray()) {
        if (v.toObject().value(u"step"_s).toString() == stepId)
            runs.append(v.toObject());
    }
    return runs;
}

QStringList phaseNames(const QJsonObject &run)
{
    QStringList names;
    for (const QJsonValue &p : run.value(u"phases"_s).toArray())
        names.append(p.toObject().value(u"name"_s).toString());
    return names;
}

} // namespace

class TestExecution : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(u"ansible-playbook"_s).isEmpty())
            QFAIL("ansible-playbook is not installed (packaging/bootstrap.sh installs it)");
        QVERIFY(m_configDir.isValid());
        m_daemon = startDaemon(u"apply"_s, kPolicy);
        QVERIFY(m_daemon);
        m_lab = std::make_unique<LabControl>(kPolicy, m_labDir);
        QVERIFY2(m_lab->run({u"up"_s}), "lab up");
    }

    void cleanupTestCase()
    {
        if (m_lab)
            (void)m_lab->run({u"down"_s});
        m_daemon.reset();
    }

    void healthShowsTheExecutor()
    {
        const QJsonObject exec = waitFor(m_daemon->client()->get(u"/healthz"_s)).json.value(u"execution"_s).toObject();
        QCOMPARE(exec.value(u"mode"_s).toString(), u"apply"_s);
        QVERIFY(exec.value(u"available"_s).toBool());
        QCOMPARE(exec.value(u"policy"_s).toString(), kPolicy);
        // bwrap works on the build machines; the sandbox must be on there.
        if (!QStandardPaths::findExecutable(u"bwrap"_s).isEmpty())
            QVERIFY(exec.value(u"sandbox"_s).toBool());
    }

    void ssoScenarioEndToEnd()
    {
        // The fault through warroomctl, as an operator rehearses it.
        QProcess ctl;
        ctl.start(qEnvironmentVariable("WARROOMCTL"),
                  {u"lab"_s, u"break"_s, u"sso"_s, u"--lab-dir"_s, m_labDir, u"--policy"_s, kPolicy});
        QVERIFY(ctl.waitForFinished(30000));
        QVERIFY2(ctl.exitCode() == 0, ctl.readAllStandardError().constData());
        QVERIFY(!healthy(u"sso"_s));
        // lab status: lines for a person, JSON with --json.
        ctl.start(qEnvironmentVariable("WARROOMCTL"), {u"lab"_s, u"status"_s, u"--lab-dir"_s, m_labDir});
        QVERIFY(ctl.waitForFinished(30000));
        QCOMPARE(ctl.exitCode(), 0);
        const QString lines = QString::fromUtf8(ctl.readAllStandardOutput());
        QVERIFY2(lines.contains(QRegularExpression(u"^labd +running \\(pid \\d+, port \\d+\\)$"_s,
                                                   QRegularExpression::MultilineOption)),
                 qPrintable(lines));
        QVERIFY2(lines.contains(QRegularExpression(u"^sso +BROKEN +.*pilot_login=redirect loop"_s,
                                                   QRegularExpression::MultilineOption)),
                 qPrintable(lines));
        QVERIFY2(lines.contains(QRegularExpression(u"^disk +healthy "_s, QRegularExpression::MultilineOption)),
                 qPrintable(lines));
        QVERIFY(!lines.contains(u'{'));
        ctl.start(qEnvironmentVariable("WARROOMCTL"), {u"lab"_s, u"status"_s, u"--lab-dir"_s, m_labDir, u"--json"_s});
        QVERIFY(ctl.waitForFinished(30000));
        QCOMPARE(ctl.exitCode(), 0);
        const QJsonObject state = QJsonDocument::fromJson(ctl.readAllStandardOutput()).object();
        QCOMPARE(state.value(u"sso"_s).toObject().value(u"healthy"_s).toBool(true), false);
        QVERIFY(state.value(u"labd"_s).toObject().value(u"running"_s).toBool());
        // Live progress: the WebSocket carries each task as it finishes.
        QWebSocket socket;
        QList<QJsonObject> live;
        connect(&socket, &QWebSocket::textMessageReceived, this, [&live](const QString &text) {
            const QJsonObject event = QJsonDocument::fromJson(text.toUtf8()).object();
            if (event.value(u"type"_s).toString().startsWith(u"run."_s))
                live.append(event);
        });
        QNetworkRequest upgrade(m_daemon->client()->webSocketUrl());
        upgrade.setRawHeader("Authorization", "Bearer " + m_daemon->token(u"dave"_s).toUtf8());
        socket.open(upgrade);
        QTRY_VERIFY_WITH_TIMEOUT(socket.state() == QAbstractSocket::ConnectedState, 10000);
        const qint64 id
            = submitAndPlan({{u"title"_s, u"SAML SSO login redirect loop after the IdP certificate rotation"_s},
                             {u"description"_s,
                              u"Support agents bounce between Salesforce and the IdP since the signing "
                              "certificate was rotated; pilot login loops."_s},
                             {u"service"_s, u"salesforce-sso"_s},
                             {u"priority"_s, u"P1"_s}},
                            u"dip:DIP-SSO-CERT-ROTATION"_s);
        QVERIFY(id > 0);
        // Each change links to what undoes it, from the policy: not the DIP's
        // one rollback (of the metadata patch) pinned on every change.
        const QJsonObject proposed = detail(id);
        QCOMPARE(stepOf(proposed, u"s5"_s).value(u"rollback_playbook"_s).toString(), u"sso-metadata-restore"_s);
        QCOMPARE(stepOf(proposed, u"s6"_s).value(u"rollback_playbook"_s).toString(), u"service-scale-restore"_s);
        const QJsonObject done = drive(id);
        QCOMPARE(done.value(u"incident"_s).toObject().value(u"state"_s).toString(), u"resolved"_s);
        QVERIFY2(healthy(u"sso"_s), m_lastStatus.constData());

        // Every task of the patch went out live, phase by phase, before the run finished.
        QStringList livePhases;
        bool finished = false;
        for (const QJsonObject &e : std::as_const(live)) {
            if (e.value(u"step_id"_s).toString() != "s5"_L1)
                continue;
            if (e.value(u"type"_s).toString() == "run.task"_L1 && !finished
                && !livePhases.contains(e.value(u"phase"_s).toString()))
                livePhases.append(e.value(u"phase"_s).toString());
            finished = finished || e.value(u"type"_s).toString() == "run.finished"_L1;
        }
        QCOMPARE(livePhases, (QStringList {u"check"_s, u"apply"_s, u"recheck"_s, u"validate"_s}));
        QVERIFY(finished);
        // The diagnosis found the drift (a finding, not a failure).
        QVERIFY(stepOf(done, u"s1"_s).value(u"result_summary"_s).toString().contains(u"finding"_s));
        // The high-risk patch: check, apply, idempotency re-check with changed=0, validation.
        const QList<QJsonObject> patch = runsOf(done, u"s5"_s);
        QCOMPARE(patch.size(), 1);
        QCOMPARE(patch.first().value(u"outcome"_s).toString(), u"succeeded"_s);
        QCOMPARE(phaseNames(patch.first()), (QStringList {u"check"_s, u"apply"_s, u"recheck"_s, u"validate"_s}));
        const QJsonObject recheck = patch.first().value(u"phases"_s).toArray().at(2).toObject();
        QCOMPARE(recheck.value(u"changed"_s).toInt(), 0);
        QVERIFY(!recheck.value(u"playbook_sha256"_s).toString().isEmpty());
        QVERIFY(recheck.value(u"argv"_s).toArray().contains(u"--check"_s));
        // Two distinct change approvers signed it, neither the requester.
        const QJsonObject s5 = approvalOf(done, u"s5"_s);
        QCOMPARE(s5.value(u"needed"_s).toInt(), 2);
        // Every phase left evidence.
        int phaseEvidence = 0;
        for (const QJsonValue &e : done.value(u"evidence"_s).toArray())
            phaseEvidence += e.toObject().value(u"kind"_s).toString() == "phase-output"_L1;
        QVERIFY(phaseEvidence >= 8);

        // Roll the patch back: its own step, its own approvals, the earlier state again.
        const ApiResponse rb
            = waitFor(m_daemon->client(u"carol"_s)->post(u"/api/v1/incidents/%1/steps/s5/rollback"_s.arg(id), {}));
        QCOMPARE(rb.status, 201);
        const QJsonObject rollback = stepOf(rb.json, u"s5-rollback"_s);
        QCOMPARE(rollback.value(u"playbook"_s).toString(), u"sso-metadata-restore"_s);
        QCOMPARE(rollback.value(u"rollback_playbook"_s).toString(), QString()); // not rolled back in turn
        QCOMPARE(rollback.value(u"state"_s).toString(), u"pending"_s);
        QTest::qWait(1500);
        QVERIFY(runsOf(detail(id), u"s5-rollback"_s).isEmpty()); // nothing runs before it is approved
        const QJsonObject after = drive(id);
        QCOMPARE(stepOf(after, u"s5-rollback"_s).value(u"state"_s).toString(), u"succeeded"_s);
        QCOMPARE(after.value(u"incident"_s).toObject().value(u"state"_s).toString(), u"rolled_back"_s);
        // The SP trusts the stale certificate again.
        QVERIFY(!fingerprintMatches());
        QCOMPARE(waitFor(m_daemon->client(u"dave"_s)->auditVerify()).json.value(u"intact"_s).toBool(), true);
    }

    void demoBringsTheLabUp()
    {
        DaemonProcess demo;
        demo.setDemoLab(true);
        QVERIFY2(demo.start(30000), qPrintable(demo.errorString()));
        const LabControl lab(kPolicy, QDir(demo.dataDir()).filePath(u"lab"_s));
        Expected<QByteArray> status = lab.run({u"status"_s});
        QVERIFY(status);
        const QJsonObject json = QJsonDocument::fromJson(*status).object();
        QVERIFY(json.value(u"labd"_s).toObject().value(u"running"_s).toBool());
        QVERIFY(!json.value(u"sso"_s).toObject().value(u"healthy"_s).toBool()); // broken for the demo incident
        QVERIFY(json.value(u"disk"_s).toObject().value(u"healthy"_s).toBool());
        QVERIFY(demo.stop());
        // Stopped with the daemon.
        status = lab.run({u"status"_s});
        QVERIFY(status);
        QVERIFY(!QJsonDocument::fromJson(*status).object().value(u"labd"_s).toObject().value(u"running"_s).toBool());
    }

    void diskScenarioEndToEnd()
    {
        const QJsonObject done = runScenario(u"disk"_s,
                                             {{u"title"_s, u"Log shipper disk 95% full on the log host"_s},
                                              {u"description"_s,
                                               u"/var/log at 95% on the log shipper host: old compressed archives "
                                               "and no journald cap."_s},
                                              {u"service"_s, u"log-shipper"_s},
                                              {u"priority"_s, u"P3"_s},
                                              {u"labels"_s, QJsonObject {{u"host"_s, u"lab"_s}}}},
                                             u"dip:DIP-LOG-SHIPPER-DISK"_s);
        bool idempotent = false;
        for (const QJsonValue &r : done.value(u"runs"_s).toArray()) {
            for (const QJsonValue &p : r.toObject().value(u"phases"_s).toArray()) {
                if (p.toObject().value(u"name"_s).toString() == "recheck"_L1) {
                    QCOMPARE(p.toObject().value(u"changed"_s).toInt(), 0);
                    idempotent = true;
                }
            }
        }
        QVERIFY(idempotent);
    }

    void serviceScenarioEndToEnd()
    {
        runScenario(u"service"_s,
                    {{u"title"_s, u"checkout-api 5xx error rate above 20% - unhealthy service"_s},
                     {u"description"_s,
                      u"HTTP 5xx on checkout-api at 60% since the last generation started; a restart is the known "
                      "fix."_s},
                     {u"service"_s, u"checkout-api"_s},
                     {u"priority"_s, u"P2"_s}},
                    u"dip:DIP-SERVICE-RESTART"_s);
    }

    void labCommandRefusesBadInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown action") << QStringList {u"lab"_s, u"explode"_s} << u"up, down, status or break"_s;
        QTest::newRow("break without a scenario") << QStringList {u"lab"_s, u"break"_s} << u"break SCENARIO"_s;
        QTest::newRow("unknown scenario") << QStringList {u"lab"_s, u"break"_s, u"dns"_s} << u"unknown scenario"_s;
    }

    void labCommandRefusesBadInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QProcess ctl;
        ctl.start(qEnvironmentVariable("WARROOMCTL"), arguments + QStringList {u"--lab-dir"_s, m_labDir});
        QVERIFY(ctl.waitForFinished(30000));
        QCOMPARE(ctl.exitCode(), 2);
        QVERIFY2(QString::fromUtf8(ctl.readAllStandardError()).contains(message), qPrintable(message));
        // Without a lab directory there is nothing to act on.
        ctl.setProcessEnvironment([] {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(u"WARROOM_LAB_DIR"_s);
            return env;
        }());
        ctl.start(qEnvironmentVariable("WARROOMCTL"), {u"lab"_s, u"status"_s});
        QVERIFY(ctl.waitForFinished(30000));
        QCOMPARE(ctl.exitCode(), 2);
        QVERIFY(ctl.readAllStandardError().contains("--lab-dir"));
    }

    void rollbackRefusals()
    {
        const qint64 id = submit(u"gate: rollback"_s);
        QCOMPARE(proposePlan(id, snapshotThenPatch()).status, 200);
        QCOMPARE(submitPlan(id), 200);
        auto carol = m_daemon->client(u"carol"_s);
        // Nothing ran yet: nothing to roll back; no such step; a read-only step has no rollback.
        QCOMPARE(waitFor(carol->post(u"/api/v1/incidents/%1/steps/s2/rollback"_s.arg(id), {})).status, 409);
        QCOMPARE(waitFor(carol->post(u"/api/v1/incidents/%1/steps/s7/rollback"_s.arg(id), {})).status, 404);
        QCOMPARE(waitFor(carol->post(u"/api/v1/incidents/%1/steps/s1/rollback"_s.arg(id), {})).status, 409);
        QCOMPARE(
            waitFor(m_daemon->client(u"dave"_s)->post(u"/api/v1/incidents/%1/steps/s2/rollback"_s.arg(id), {})).status,
            403);
        QCOMPARE(stepOf(detail(id), u"s2-rollback"_s), QJsonObject {});
        // A freeze with a malformed abort flag is refused and freezes nothing.
        QCOMPARE(freezeWith(u"carol"_s, u"typo"_s, u"abort=yes"_s), 400);
        QVERIFY(!waitFor(carol->get(u"/api/v1/freeze"_s)).json.value(u"active"_s).toBool());
    }

    // --- the gates, attacked -------------------------------------------------------------

    void rollbackLinkIsThePolicys()
    {
        // Each change names what undoes it: its playbook's rollback in the
        // policy, whatever the proposal said (the policy's is what runs).
        const qint64 id = submit(u"gate: rollback link"_s);
        QList<QJsonObject> steps = snapshotThenPatch();
        steps[1].insert(u"rollback_playbook"_s, u"edr-host-release"_s);
        QCOMPARE(proposePlan(id, steps).status, 200);
        const QJsonObject planned = detail(id);
        QCOMPARE(stepOf(planned, u"s2"_s).value(u"rollback_playbook"_s).toString(), u"sso-metadata-restore"_s);
        QCOMPARE(stepOf(planned, u"s1"_s).value(u"rollback_playbook"_s).toString(), QString()); // none in the policy
    }

    void unlistedPlaybookIsRefused()
    {
        const qint64 id = submit(u"gate: unlisted playbook"_s);
        const ApiResponse r = proposePlan(id, {step(u"s1"_s, u"diagnose"_s, u"curl-pipe-sh"_s, {})});
        QCOMPARE(r.status, 403);
        QVERIFY2(r.json.value(u"error"_s).toString().contains(u"not in the whitelist"_s), r.body.constData());
        QVERIFY(detail(id).value(u"plan"_s).toObject().value(u"steps"_s).toArray().isEmpty());
        // Nor as a step added later, nor through a rollback of a manual step.
        const ApiResponse added = waitFor(
            m_daemon->client(u"carol"_s)
                ->post(u"/api/v1/incidents/%1/steps"_s.arg(id), step(u"s9"_s, u"diagnose"_s, u"rm-rf"_s, {})));
        QVERIFY(added.status == 403 || added.status == 409);
    }

    void variablesOutsideTheSchemaAreRefused_data()
    {
        QTest::addColumn<QJsonObject>("vars");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("shell in a service name") << QJsonObject {{u"service"_s, u"x; rm -rf /"_s}} << u"service"_s;
        QTest::newRow("unknown variable")
            << QJsonObject {{u"service"_s, u"salesforce-sso"_s}, {u"ansible_become_password"_s, u"x"_s}}
            << u"ansible_become_password"_s;
        QTest::newRow("wrong type") << QJsonObject {{u"service"_s, 42}} << u"service"_s;
        QTest::newRow("newline injection") << QJsonObject {{u"service"_s, u"sso\nhosts: all"_s}} << u"service"_s;
    }

    void variablesOutsideTheSchemaAreRefused()
    {
        QFETCH(QJsonObject, vars);
        QFETCH(QString, mentions);
        const qint64 id = submit(u"gate: variables"_s);
        const ApiResponse r = proposePlan(id, {step(u"s1"_s, u"diagnose"_s, u"sso-fingerprint-check"_s, vars)});
        QCOMPARE(r.status, 400);
        QVERIFY2(r.json.value(u"error"_s).toString().contains(mentions), r.body.constData());
    }

    void requiredVariablesBeforeApproval()
    {
        const qint64 id = submit(u"gate: missing variable"_s);
        QCOMPARE(proposePlan(id, {step(u"s1"_s, u"diagnose"_s, u"sso-fingerprint-check"_s, {})}).status, 200);
        QCOMPARE(submitPlan(id), 200);
        const ApiResponse r = waitFor(m_daemon->client(u"alice"_s)->approve(id, u"s1"_s, {}, hashOf(id, u"s1"_s)));
        QCOMPARE(r.status, 409);
        QVERIFY2(r.json.value(u"error"_s).toString().contains(u"service"_s), r.body.constData());
    }

    void nothingRunsWithoutApproval()
    {
        const qint64 id = submit(u"gate: no approval"_s);
        QCOMPARE(proposePlan(id, {step(u"s1"_s, u"diagnose"_s, u"sso-fingerprint-check"_s, kSso)}).status, 200);
        QCOMPARE(submitPlan(id), 200);
        // Nobody may start a playbook step by hand, approved or not.
        QCOMPARE(
            waitFor(m_daemon->client(u"alice"_s)->post(u"/api/v1/incidents/%1/steps/s1/start"_s.arg(id), {})).status,
            403);
        QTest::qWait(1500);
        const QJsonObject d = detail(id);
        QVERIFY(d.value(u"runs"_s).toArray().isEmpty());
        QCOMPARE(stepOf(d, u"s1"_s).value(u"state"_s).toString(), u"pending"_s);
        // One approval by the right person, and it runs by itself.
        QCOMPARE(waitFor(m_daemon->client(u"alice"_s)->approve(id, u"s1"_s, {}, hashOf(id, u"s1"_s))).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(!runsOf(detail(id), u"s1"_s).isEmpty()
                                     && stepOf(detail(id), u"s1"_s).value(u"state"_s).toString() != "running"_L1,
                                 60000);
    }

    void sameApproverTwiceCountsOnceAndChangedStepsAreNotSigned()
    {
        const qint64 id = submit(u"gate: four eyes"_s);
        QCOMPARE(proposePlan(id, snapshotThenPatch()).status, 200);
        QCOMPARE(submitPlan(id), 200);
        const QJsonObject s2 = stepOf(detail(id), u"s2"_s);
        QCOMPARE(s2.value(u"risk"_s).toString(), u"high"_s); // the policy's floor
        QCOMPARE(s2.value(u"approvals_needed"_s).toInt(), 2);
        auto bob = m_daemon->client(u"bob"_s);
        // A hash of something else: the approver did not see this content.
        QCOMPARE(waitFor(bob->approve(id, u"s2"_s, {}, QString(64, u'0'))).status, 409);
        QCOMPARE(waitFor(bob->approve(id, u"s2"_s, {}, hashOf(id, u"s2"_s))).status, 200);
        QCOMPARE(waitFor(bob->approve(id, u"s2"_s, {}, hashOf(id, u"s2"_s))).status, 409);
        const QJsonObject status = approvalOf(detail(id), u"s2"_s);
        QCOMPARE(status.value(u"approvers"_s).toArray().size(), 1);
        QVERIFY(!status.value(u"satisfied"_s).toBool());
        // The requester may not be the second pair of eyes.
        QCOMPARE(waitFor(m_daemon->client(u"carol"_s)->approve(id, u"s2"_s, {}, hashOf(id, u"s2"_s))).status, 403);
    }

    void productionIsGuarded()
    {
        const qint64 id = submit(u"gate: production"_s);
        const QJsonObject patchVars {{u"service"_s, u"salesforce-sso"_s}, {u"metadata_source"_s, u"approved-store"_s}};
        // A change in prod before it passed in uat here: refused (staged promotion).
        ApiResponse r = proposePlan(id,
                                    {step(u"s1"_s, u"snapshot"_s, u"sso-metadata-snapshot"_s, kSso),
                                     step(u"s2"_s, u"remediate"_s, u"sso-metadata-patch"_s, patchVars, u"prod"_s)});
        QCOMPARE(r.status, 409);
        QVERIFY2(r.json.value(u"error"_s).toString().contains(u"uat"_s), r.body.constData());
        // Reading prod needs no rehearsal (accepted; the lab's prod has no hosts: not run here).
        QCOMPARE(proposePlan(id,
                             {step(u"s0"_s, u"diagnose"_s, u"sso-metadata-compare"_s, kSso, u"prod"_s),
                              step(u"s1"_s, u"snapshot"_s, u"sso-metadata-snapshot"_s, kSso),
                              step(u"s2"_s, u"remediate"_s, u"sso-metadata-patch"_s, patchVars)})
                     .status,
                 200);
        QCOMPARE(proposePlan(id,
                             {step(u"s1"_s, u"snapshot"_s, u"sso-metadata-snapshot"_s, kSso),
                              step(u"s2"_s, u"remediate"_s, u"sso-metadata-patch"_s, patchVars)})
                     .status,
                 200);
        QCOMPARE(submitPlan(id), 200);
        QCOMPARE(
            waitFor(m_daemon->client(u"carol"_s)
                        ->post(u"/api/v1/incidents/%1/steps/s2/promote"_s.arg(id), {{u"environment"_s, u"prod"_s}}))
                .status,
            409);
        // Run it in uat (the prod diagnosis may fail its check: it is a finding).
        const QJsonObject done = drive(id);
        QCOMPARE(stepOf(done, u"s2"_s).value(u"state"_s).toString(), u"succeeded"_s);
        // Passed in uat; prod apply is still off by the default policy.
        const ApiResponse promoted
            = waitFor(m_daemon->client(u"carol"_s)
                          ->post(u"/api/v1/incidents/%1/steps/s2/promote"_s.arg(id), {{u"environment"_s, u"prod"_s}}));
        QCOMPARE(promoted.status, 403);
        QVERIFY2(promoted.json.value(u"error"_s).toString().contains(u"allow_apply"_s), promoted.body.constData());
        QVERIFY(stepOf(detail(id), u"s2-prod"_s).isEmpty());
    }

    void promotionNeedsFreshApprovals()
    {
        // In check mode a prod change is a dry run: promotion is allowed once uat passed, and needs new approvals.
        std::unique_ptr<DaemonProcess> checking = startDaemon(u"check"_s, kPolicy);
        QVERIFY(checking);
        std::swap(m_daemon, checking);
        auto restore = qScopeGuard([&] { std::swap(m_daemon, checking); });
        const qint64 id = submit(u"gate: promotion"_s);
        QCOMPARE(proposePlan(id, {step(u"s1"_s, u"diagnose"_s, u"sso-metadata-compare"_s, kSso)}).status, 200);
        QCOMPARE(submitPlan(id), 200);
        QCOMPARE(waitFor(m_daemon->client(u"alice"_s)->approve(id, u"s1"_s, {}, hashOf(id, u"s1"_s))).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(stepOf(detail(id), u"s1"_s).value(u"state"_s).toString(), u"succeeded"_s, 60000);
        const ApiResponse promoted
            = waitFor(m_daemon->client(u"carol"_s)
                          ->post(u"/api/v1/incidents/%1/steps/s1/promote"_s.arg(id), {{u"environment"_s, u"prod"_s}}));
        QCOMPARE(promoted.status, 200);
        const QJsonObject prod = stepOf(promoted.json, u"s1-prod"_s);
        QCOMPARE(prod.value(u"environment"_s).toString(), u"prod"_s);
        QCOMPARE(prod.value(u"state"_s).toString(), u"pending"_s);
        QVERIFY(approvalOf(promoted.json, u"s1-prod"_s).value(u"approvers"_s).toArray().isEmpty());
        // The person who asked for it may not approve it.
        QCOMPARE(
            waitFor(
                m_daemon->client(u"carol"_s)->approve(id, u"s1-prod"_s, {}, prod.value(u"content_hash"_s).toString()))
                .status,
            403);

        // A change that ran in uat only as a dry run (check mode) proves nothing: it is not promoted, and it
        // mitigated nothing.
        const qint64 change = submit(u"gate: promotion of a dry run"_s);
        QCOMPARE(proposePlan(change, snapshotThenPatch()).status, 200);
        QCOMPARE(submitPlan(change), 200);
        const QJsonObject checked = drive(change);
        QCOMPARE(stepOf(checked, u"s2"_s).value(u"state"_s).toString(), u"succeeded"_s);
        QVERIFY2(stepOf(checked, u"s2"_s).value(u"result_summary"_s).toString().contains(u"(check)"_s),
                 qPrintable(stepOf(checked, u"s2"_s).value(u"result_summary"_s).toString()));
        QCOMPARE(checked.value(u"incident"_s).toObject().value(u"mitigated_at"_s).toString(), QString());
        const ApiResponse refused = waitFor(
            m_daemon->client(u"carol"_s)
                ->post(u"/api/v1/incidents/%1/steps/s2/promote"_s.arg(change), {{u"environment"_s, u"prod"_s}}));
        QCOMPARE(refused.status, 409);
        QVERIFY2(refused.json.value(u"error"_s).toString().contains(u"only as a dry run (check)"_s),
                 refused.body.constData());
        QVERIFY(stepOf(detail(change), u"s2-prod"_s).isEmpty());
    }

    void freezeDuringARunAborts()
    {
        const qint64 id = submit(u"gate: freeze with abort"_s);
        QCOMPARE(proposePlan(id, snapshotThenPatch()).status, 200);
        QCOMPARE(submitPlan(id), 200);
        QCOMPARE(waitFor(m_daemon->client(u"alice"_s)->approve(id, u"s1"_s, {}, hashOf(id, u"s1"_s))).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(stepOf(detail(id), u"s1"_s).value(u"state"_s).toString(), u"succeeded"_s, 60000);
        QCOMPARE(waitFor(m_daemon->client(u"bob"_s)->approve(id, u"s2"_s, {}, hashOf(id, u"s2"_s))).status, 200);
        QCOMPARE(waitFor(m_daemon->client(u"erin"_s)->approve(id, u"s2"_s, {}, hashOf(id, u"s2"_s))).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(stepOf(detail(id), u"s2"_s).value(u"state"_s).toString(), u"running"_s, 20000);
        QCOMPARE(freezeWith(u"carol"_s, u"stop everything"_s, u"abort=1"_s), 200);
        QTRY_COMPARE_WITH_TIMEOUT(stepOf(detail(id), u"s2"_s).value(u"state"_s).toString(), u"failed"_s, 20000);
        const QList<QJsonObject> runs = runsOf(detail(id), u"s2"_s);
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().value(u"outcome"_s).toString(), u"aborted"_s);
        bool recorded = false;
        for (const QJsonValue &e : waitFor(m_daemon->client(u"carol"_s)->audit(id)).json.value(u"items"_s).toArray())
            recorded = recorded || e.toObject().value(u"type"_s).toString() == "execution.aborted"_L1;
        QVERIFY(recorded);
        QCOMPARE(waitFor(m_daemon->client(u"alice"_s)->unfreeze(u"resume"_s)).status, 200);
    }

    void editedPlaybookIsNotRun()
    {
        // A copy of the playbooks with one file changed after it was pinned.
        QTemporaryDir copy;
        QVERIFY(copy.isValid());
        QProcess cp;
        cp.start(u"cp"_s, {u"-a"_s, QStringLiteral(WARROOM_SOURCE_DIR "/playbooks/."), copy.path()});
        QVERIFY(cp.waitForFinished(30000) && cp.exitCode() == 0);
        QFile edited(copy.filePath(u"sso/fingerprint-check.yml"_s));
        QVERIFY(edited.open(QIODevice::Append));
        edited.write("\n# an unreviewed change\n");
        edited.close();
        std::unique_ptr<DaemonProcess> other = startDaemon(u"apply"_s, copy.filePath(u"policy.yaml"_s));
        QVERIFY(other);
        std::swap(m_daemon, other);
        const qint64 id = submit(u"gate: edited playbook"_s);
        QCOMPARE(proposePlan(id, {step(u"s1"_s, u"diagnose"_s, u"sso-fingerprint-check"_s, kSso)}).status, 200);
        QCOMPARE(submitPlan(id), 200);
        QCOMPARE(waitFor(m_daemon->client(u"alice"_s)->approve(id, u"s1"_s, {}, hashOf(id, u"s1"_s))).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(stepOf(detail(id), u"s1"_s).value(u"state"_s).toString(), u"failed"_s, 20000);
        const QString summary = stepOf(detail(id), u"s1"_s).value(u"result_summary"_s).toString();
        QVERIFY2(summary.contains(u"not run"_s) && summary.contains(u"pin"_s, Qt::CaseInsensitive),
                 qPrintable(summary));
        QVERIFY(runsOf(detail(id), u"s1"_s).first().value(u"phases"_s).toArray().isEmpty());
        std::swap(m_daemon, other);
    }

private:
    static QJsonObject step(const QString &id, const QString &kind, const QString &playbook, const QJsonObject &vars,
                            const QString &environment = u"uat"_s)
    {
        return {{u"id"_s, id},
                {u"kind"_s, kind},
                {u"title"_s, u"%1 %2"_s.arg(kind, playbook)},
                {u"playbook"_s, playbook},
                {u"vars"_s, vars},
                {u"environment"_s, environment}};
    }

    /// The SSO change in uat: a snapshot, then the high-risk metadata patch.
    static QList<QJsonObject> snapshotThenPatch()
    {
        return {step(u"s1"_s, u"snapshot"_s, u"sso-metadata-snapshot"_s, kSso),
                step(u"s2"_s, u"remediate"_s, u"sso-metadata-patch"_s,
                     {{u"service"_s, u"salesforce-sso"_s}, {u"metadata_source"_s, u"approved-store"_s}})};
    }

    qint64 submit(const QString &title)
    {
        const ApiResponse r = waitFor(
            m_daemon->client(u"carol"_s)
                ->submitIncident({{u"title"_s, title}, {u"service"_s, u"salesforce-sso"_s}, {u"priority"_s, u"P2"_s}}));
        return r.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
    }

    ApiResponse proposePlan(qint64 id, const QList<QJsonObject> &steps)
    {
        QJsonArray array;
        for (const QJsonObject &s : steps)
            array.append(s);
        return waitFor(m_daemon->client(u"carol"_s)
                           ->put(u"/api/v1/incidents/%1/plan"_s.arg(id),
                                 {{u"source"_s, u"manual"_s}, {u"summary"_s, u"gate test"_s}, {u"steps"_s, array}}));
    }

    int submitPlan(qint64 id)
    {
        return waitFor(m_daemon->client(u"carol"_s)->post(u"/api/v1/incidents/%1/plan/submit"_s.arg(id), {})).status;
    }

    /// POST /api/v1/freeze?QUERY (raw: the client has no call with a query).
    int freezeWith(const QString &user, const QString &reason, const QString &query)
    {
        QNetworkAccessManager nam;
        QNetworkRequest request(m_daemon->url(u"/api/v1/freeze"_s, query));
        request.setRawHeader("Authorization", "Bearer " + m_daemon->token(user).toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply
            = nam.post(request, QJsonDocument(QJsonObject {{u"reason"_s, reason}}).toJson(QJsonDocument::Compact));
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(10000);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        return status;
    }

    QString hashOf(qint64 id, const QString &stepId)
    {
        return stepOf(detail(id), stepId).value(u"content_hash"_s).toString();
    }

    /// Breaks the lab, submits the incident, runs triage's plan with the right
    /// people: resolved and the lab healthy again. Returns the final detail.
    QJsonObject runScenario(const QString &scenario, const QJsonObject &incident, const QString &source)
    {
        QJsonObject done;
        [&] {
            QVERIFY(breakLab(scenario));
            QVERIFY(!healthy(scenario));
            const qint64 id = submitAndPlan(incident, source);
            QVERIFY(id > 0);
            done = drive(id);
            QCOMPARE(done.value(u"incident"_s).toObject().value(u"state"_s).toString(), u"resolved"_s);
            QVERIFY2(healthy(scenario), m_lastStatus.constData());
        }();
        return done;
    }

    std::unique_ptr<DaemonProcess> startDaemon(const QString &mode, const QString &policy)
    {
        auto daemon = std::make_unique<DaemonProcess>();
        m_labDir = QDir(m_configDir.path()).filePath(u"lab"_s);
        const QString config = m_configDir.filePath(u"exec-%1.yaml"_s.arg(++m_configs));
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("execution:\n  mode: " + mode.toUtf8() + "\n  policy: " + policy.toUtf8()
                   + "\n  lab_dir: " + m_labDir.toUtf8() + "\n");
        file.close();
        daemon->setConfigFile(config);
        daemon->setExecution(true);
        if (!daemon->start()) {
            qWarning() << daemon->errorString();
            return {};
        }
        return daemon;
    }

    QJsonObject detail(qint64 id) { return waitFor(m_daemon->client(u"carol"_s)->incident(id)).json; }

    bool breakLab(const QString &scenario)
    {
        Expected<QByteArray> broken = m_lab->run({u"break"_s, scenario});
        if (!broken)
            qWarning() << broken.error().message;
        return bool(broken);
    }

    bool healthy(const QString &scenario)
    {
        Expected<QByteArray> status = m_lab->run({u"status"_s});
        if (!status)
            return false;
        m_lastStatus = *status;
        return QJsonDocument::fromJson(*status).object().value(scenario).toObject().value(u"healthy"_s).toBool();
    }

    bool fingerprintMatches()
    {
        Expected<QByteArray> status = m_lab->run({u"status"_s});
        if (!status)
            return false;
        const QJsonObject sso = QJsonDocument::fromJson(*status).object().value(u"sso"_s).toObject();
        const QJsonObject d = sso.value(u"detail"_s).toObject();
        return d.value(u"idp_fingerprint"_s) == d.value(u"sp_trusted_fingerprint"_s);
    }

    /// Submits, triages and sends the plan to the approvers; 0 on failure.
    qint64 submitAndPlan(QJsonObject body, const QString &expectedSource)
    {
        // The lab is the UAT environment, and its faults are incidents there:
        // what the plan does in UAT mitigates and resolves them.
        QJsonObject labels = body.value(u"labels"_s).toObject();
        if (!labels.contains(u"environment"_s))
            labels.insert(u"environment"_s, u"uat"_s);
        body.insert(u"labels"_s, labels);
        auto carol = m_daemon->client(u"carol"_s);
        const ApiResponse created = waitFor(carol->submitIncident(body));
        if (created.status != 201)
            return 0;
        const qint64 id = created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
        const ApiResponse triaged = waitFor(carol->post(u"/api/v1/incidents/%1/triage"_s.arg(id), {}));
        const QString source = triaged.json.value(u"plan"_s).toObject().value(u"source"_s).toString();
        if (triaged.status != 200 || source != expectedSource) {
            qWarning() << "triage" << triaged.status << source << triaged.json.value(u"error"_s);
            return 0;
        }
        const ApiResponse submitted = waitFor(carol->post(u"/api/v1/incidents/%1/plan/submit"_s.arg(id), {}));
        if (submitted.status != 200) {
            qWarning() << "submit" << submitted.json;
            return 0;
        }
        return id;
    }

    /// Plays the people: approves each step in turn with holders of its
    /// roles (never its requester, distinct for high risk), starts and
    /// finishes manual steps as the MIM, and waits for the executor on
    /// playbook steps. Returns the final detail (resolved, rolled back,
    /// failed, or where it got stuck).
    QJsonObject drive(qint64 id, int timeoutMs = 150000)
    {
        QElapsedTimer timer;
        timer.start();
        QJsonObject d;
        while (timer.elapsed() < timeoutMs) {
            d = detail(id);
            const QString state = d.value(u"incident"_s).toObject().value(u"state"_s).toString();
            if (state == "failed"_L1 || state == "closed"_L1) {
                report(d);
                return d;
            }
            bool busy = false;
            bool acted = false;
            for (const QJsonValue &v : d.value(u"plan"_s).toObject().value(u"steps"_s).toArray()) {
                const QJsonObject step = v.toObject();
                const QString sid = step.value(u"id"_s).toString();
                const QString stepState = step.value(u"state"_s).toString();
                if (stepState == "running"_L1) {
                    busy = true;
                    if (step.value(u"playbook"_s).toString().isEmpty())
                        acted = post(u"alice"_s, id, sid, u"finish"_s,
                                     {{u"succeeded"_s, true}, {u"summary"_s, u"done by the MIM"_s}});
                    break;
                }
                if (stepState != "pending"_L1)
                    continue;
                const QJsonObject approval = approvalOf(d, sid);
                if (!approval.value(u"satisfied"_s).toBool()) {
                    acted = approveOnce(id, step, approval);
                    break;
                }
                if (step.value(u"playbook"_s).toString().isEmpty()) {
                    acted = post(u"alice"_s, id, sid, u"start"_s, {});
                    if (acted)
                        break;
                    continue;
                }
                busy = true; // approved: the executor starts it
                break;
            }
            if (!busy && !acted) {
                bool open = false;
                for (const QJsonValue &v : d.value(u"plan"_s).toObject().value(u"steps"_s).toArray()) {
                    const QString stepState = v.toObject().value(u"state"_s).toString();
                    open = open || stepState == "pending"_L1 || stepState == "running"_L1;
                }
                if (!open && state != "resolved"_L1 && state != "rolled_back"_L1) {
                    qWarning().noquote() << "nothing left to do, yet" << state;
                    report(d);
                }
                if (!open || state == "resolved"_L1 || state == "rolled_back"_L1)
                    return d; // nothing left for anyone to do
            }
            if (!acted)
                QTest::qWait(250);
        }
        qWarning() << "stuck";
        report(d);
        return d;
    }

    static void report(const QJsonObject &d)
    {
        for (const QJsonValue &v : d.value(u"plan"_s).toObject().value(u"steps"_s).toArray()) {
            const QJsonObject s = v.toObject();
            qWarning().noquote() << s.value(u"id"_s).toString() << s.value(u"kind"_s).toString()
                                 << s.value(u"playbook"_s).toString() << s.value(u"environment"_s).toString()
                                 << s.value(u"state"_s).toString() << s.value(u"result_summary"_s).toString().left(300);
        }
    }

    bool approveOnce(qint64 id, const QJsonObject &step, const QJsonObject &approval)
    {
        const QStringList roles = [&] {
            QStringList r;
            for (const QJsonValue &v : approval.value(u"approver_roles"_s).toArray())
                r.append(v.toString());
            return r;
        }();
        QStringList already;
        for (const QJsonValue &v : approval.value(u"approvers"_s).toArray())
            already.append(v.toString());
        for (const auto &[user, role] : kApprovers) {
            if (!roles.contains(role) || already.contains(user) || user == step.value(u"requested_by"_s).toString())
                continue;
            const ApiResponse r = waitFor(m_daemon->client(user)->approve(
                id, step.value(u"id"_s).toString(), u"reviewed"_s, step.value(u"content_hash"_s).toString()));
            if (r.status == 200)
                return true;
            qWarning() << user << "could not approve" << step.value(u"id"_s).toString() << r.json;
        }
        return false;
    }

    bool post(const QString &user, qint64 id, const QString &step, const QString &verb, const QJsonObject &body)
    {
        const ApiResponse r = waitFor(
            m_daemon->client(user)->post(u"/api/v1/incidents/%1/steps/%2/%3"_s.arg(id).arg(step, verb), body));
        if (r.status != 200)
            qWarning() << verb << step << r.status << r.json;
        return r.status == 200;
    }

    QTemporaryDir m_configDir;
    QString m_labDir;
    int m_configs = 0;
    std::unique_ptr<DaemonProcess> m_daemon;
    std::unique_ptr<LabControl> m_lab;
    QByteArray m_lastStatus;
};

QTEST_GUILESS_MAIN(TestExecution)
#include "tst_execution.moc"
