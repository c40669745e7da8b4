// The console's detail models under QAbstractItemModelTester, with the
// JSON shapes of docs/api.md, and the press-and-hold gate on its own.

#include "detailmodels.h"
#include "holdbutton.h"
#include "signin.h"

#include <QAbstractItemModelTester>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

QJsonObject step(const QString &id, const QString &risk, const QString &state, bool mutates = false)
{
    return {{u"id"_s, id},
            {u"kind"_s, mutates ? u"remediate"_s : u"diagnose"_s},
            {u"title"_s, QString(u"Step "_s + id)},
            {u"playbook"_s, QString(u"pb-"_s + id)},
            {u"risk"_s, risk},
            {u"environment"_s, u"uat"_s},
            {u"state"_s, state},
            {u"mutates"_s, mutates},
            {u"content_hash"_s, QString(u"h"_s + id)}};
}

QJsonObject workflow(const QList<QJsonObject> &steps, const QList<QStringList> &approvers)
{
    QJsonArray s;
    QJsonArray status;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        s.append(steps.at(i));
        const QStringList a = approvers.value(i);
        const int needed = steps.at(i).value(u"risk"_s).toString() == u"high"_s ? 2 : 1;
        status.append(QJsonObject {{u"step"_s, steps.at(i).value(u"id"_s)},
                                   {u"needed"_s, needed},
                                   {u"approvers"_s, QJsonArray::fromStringList(a)},
                                   {u"satisfied"_s, a.size() >= needed}});
    }
    return {{u"plan"_s, QJsonObject {{u"steps"_s, s}}}, {u"approval_status"_s, status}};
}

QJsonObject task(const QString &host, const QString &name, const QString &status, int ms, const QJsonValue &diff = {})
{
    QJsonObject t {{u"host"_s, host}, {u"task"_s, name}, {u"status"_s, status}, {u"duration_ms"_s, ms}};
    if (!diff.isUndefined() && !diff.isNull())
        t.insert(u"diff"_s, diff);
    return t;
}

QJsonArray runs(int runCount, int phasesPerRun, int tasksPerPhase)
{
    QJsonArray out;
    for (int r = 0; r < runCount; ++r) {
        QJsonArray phases;
        for (int p = 0; p < phasesPerRun; ++p) {
            QJsonArray tasks;
            for (int t = 0; t < tasksPerPhase; ++t)
                tasks.append(task(u"host%1"_s.arg(t), u"task %1"_s.arg(t), t % 2 ? u"changed"_s : u"ok"_s, 100 * t));
            phases.append(QJsonObject {{u"name"_s, p == 0 ? u"check"_s : u"apply"_s},
                                       {u"argv"_s, QJsonArray {u"ansible-playbook"_s, u"x.yml"_s}},
                                       {u"exit_code"_s, 0},
                                       {u"outcome"_s, u"succeeded"_s},
                                       {u"tasks"_s, tasks},
                                       {u"stdout_tail"_s, u"PLAY RECAP"_s}});
        }
        out.append(QJsonObject {{u"id"_s, u"run-%1"_s.arg(r)},
                                {u"step"_s, u"s%1"_s.arg(r + 1)},
                                {u"mode"_s, u"apply"_s},
                                {u"outcome"_s, u"succeeded"_s},
                                {u"phases"_s, phases}});
    }
    return out;
}

} // namespace

class TestViewModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void planUnderTester_data()
    {
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("stepsAfter");
        QTest::newRow("empty") << 0 << 0;
        QTest::newRow("one, then same ids") << 1 << 1;
        QTest::newRow("four, then two") << 4 << 2;
        QTest::newRow("two, then five") << 2 << 5;
    }
    void planUnderTester()
    {
        QFETCH(int, steps);
        QFETCH(int, stepsAfter);
        PlanStepsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<QJsonObject> list;
        for (int i = 0; i < steps; ++i)
            list.append(step(u"s%1"_s.arg(i + 1), i == 2 ? u"high"_s : u"low"_s, u"pending"_s));
        model.setWorkflow(workflow(list, {}));
        QCOMPARE(model.rowCount(), steps);
        list.clear();
        for (int i = 0; i < stepsAfter; ++i)
            list.append(step(u"s%1"_s.arg(i + 1), u"low"_s, u"succeeded"_s));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setWorkflow(workflow(list, {{u"carol"_s}}));
        QCOMPARE(model.rowCount(), stepsAfter);
        // Same ids: updated in place, so the selection in the view survives.
        QCOMPARE(resets.size(), steps == stepsAfter ? 0 : 1);
    }

    void planDisplay_data()
    {
        QTest::addColumn<QString>("risk");
        QTest::addColumn<QStringList>("approvers");
        QTest::addColumn<QString>("approvalText");
        QTest::newRow("low, none") << u"low"_s << QStringList {} << u"0 of 1"_s;
        QTest::newRow("low, approved") << u"low"_s << QStringList {u"carol"_s} << u"approved (1 of 1: carol)"_s;
        QTest::newRow("high, one of two") << u"high"_s << QStringList {u"bob"_s} << u"1 of 2: bob"_s;
        QTest::newRow("high, both") << u"high"_s << QStringList {u"bob"_s, u"alice"_s}
                                    << u"approved (2 of 2: bob, alice)"_s;
    }
    void planDisplay()
    {
        QFETCH(QString, risk);
        QFETCH(QStringList, approvers);
        QFETCH(QString, approvalText);
        PlanStepsModel model;
        model.setWorkflow(workflow({step(u"s1"_s, risk, u"pending"_s)}, {approvers}));
        QCOMPARE(model.index(0, PlanStepsModel::ApprovalColumn).data().toString(), approvalText);
        QCOMPARE(model.index(0, PlanStepsModel::RiskColumn).data().toString(), risk);
        QCOMPARE(model.index(0, 0).data(PlanStepsModel::StepIdRole).toString(), u"s1"_s);
        QCOMPARE(model.rowOf(u"s1"_s), 0);
        QCOMPARE(model.rowOf(u"nope"_s), -1);
    }

    void evidenceUnderTester_data()
    {
        QTest::addColumn<int>("runCount");
        QTest::addColumn<int>("phases");
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("liveTasks");
        QTest::newRow("nothing") << 0 << 0 << 0 << 0;
        QTest::newRow("one run, live only") << 0 << 0 << 0 << 5;
        QTest::newRow("recorded runs") << 2 << 2 << 3 << 0;
        QTest::newRow("recorded and live") << 1 << 2 << 2 << 4;
    }
    void evidenceUnderTester()
    {
        QFETCH(int, runCount);
        QFETCH(int, phases);
        QFETCH(int, tasks);
        QFETCH(int, liveTasks);
        EvidenceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRuns(runs(runCount, phases, tasks));
        QCOMPARE(model.rowCount(), runCount * phases * tasks);
        for (int i = 0; i < liveTasks; ++i) {
            // Alternate the phase of a run that is in the record (run-0) and a new one.
            const QString run = i % 2 ? u"run-0"_s : u"run-live"_s;
            model.appendTask({{u"type"_s, u"run.task"_s},
                              {u"incident_id"_s, 1},
                              {u"run_id"_s, run},
                              {u"step_id"_s, u"s9"_s},
                              {u"phase"_s, i < 2 ? u"check"_s : u"apply"_s},
                              {u"task"_s, task(u"web1"_s, u"live %1"_s.arg(i), u"ok"_s, 5)}});
        }
        QCOMPARE(model.rowCount(), runCount * phases * tasks + liveTasks);
        // Rows stay grouped by run and phase.
        QStringList seen;
        QString last;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QString group = model.index(r, EvidenceModel::RunColumn).data().toString() + u'/'
                + model.index(r, EvidenceModel::PhaseColumn).data().toString();
            if (group != last) {
                QVERIFY2(!seen.contains(group), qPrintable(group));
                seen.append(group);
                last = group;
            }
        }
        model.finishRun({{u"type"_s, u"run.finished"_s}, {u"run_id"_s, u"run-live"_s}, {u"outcome"_s, u"failed"_s}});
        if (liveTasks > 0) {
            bool found = false;
            for (const QJsonValue &r : model.runs())
                if (r[u"id"_s].toString() == u"run-live"_s)
                    found = r[u"outcome"_s].toString() == u"failed"_s;
            QVERIFY(found);
        }
    }

    void evidenceDisplay_data()
    {
        QTest::addColumn<QJsonObject>("task");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("duration");
        QTest::addColumn<QString>("diffContains");
        QTest::newRow("ok, fast") << task(u"h"_s, u"t"_s, u"ok"_s, 42) << u"ok"_s << u"42 ms"_s << QString();
        QTest::newRow("changed, text diff")
            << task(u"h"_s, u"t"_s, u"changed"_s, 2500, u"-a\n+b"_s) << u"changed"_s << u"2.5 s"_s << u"+b"_s;
        QTest::newRow("changed, ansible diff") << task(u"h"_s, u"t"_s, u"changed"_s, 10,
                                                       QJsonObject {{u"before_header"_s, u"/etc/x"_s},
                                                                    {u"after_header"_s, u"/etc/x"_s},
                                                                    {u"before"_s, u"old\n"_s},
                                                                    {u"after"_s, u"new\n"_s}})
                                               << u"changed"_s << u"10 ms"_s << u"+ new"_s;
        QTest::newRow("failed") << task(u"h"_s, u"t"_s, u"failed"_s, 0) << u"failed"_s << u"0 ms"_s << QString();
    }
    void evidenceDisplay()
    {
        QFETCH(QJsonObject, task);
        QFETCH(QString, status);
        QFETCH(QString, duration);
        QFETCH(QString, diffContains);
        EvidenceModel model;
        model.setRuns({QJsonObject {
            {u"id"_s, 7},
            {u"step"_s, u"s3"_s},
            {u"phases"_s, QJsonArray {QJsonObject {{u"name"_s, u"apply"_s}, {u"tasks"_s, QJsonArray {task}}}}}}});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, EvidenceModel::RunColumn).data().toString(), u"7"_s); // numeric ids too
        QCOMPARE(model.index(0, EvidenceModel::StatusColumn).data().toString(), status);
        QCOMPARE(model.index(0, EvidenceModel::DurationColumn).data().toString(), duration);
        const QString diff = model.index(0, 0).data(EvidenceModel::DiffRole).toString();
        if (diffContains.isEmpty())
            QVERIFY(diff.isEmpty());
        else
            QVERIFY2(diff.contains(diffContains), qPrintable(diff));
        QCOMPARE(model.phaseOf(0).value(u"name"_s).toString(), u"apply"_s);
        QVERIFY(model.phaseOf(1).isEmpty());
    }

    void auditUnderTester_data()
    {
        QTest::addColumn<int>("events");
        QTest::newRow("none") << 0;
        QTest::newRow("one") << 1;
        QTest::newRow("many") << 50;
    }
    void auditUnderTester()
    {
        QFETCH(int, events);
        AuditModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QJsonArray items;
        for (int i = 0; i < events; ++i)
            items.append(QJsonObject {{u"seq"_s, i + 1},
                                      {u"time"_s, u"2026-11-22T08:00:00.000Z"_s},
                                      {u"actor"_s, u"carol"_s},
                                      {u"type"_s, u"step.approved"_s},
                                      {u"payload"_s, QJsonObject {{u"step"_s, u"s1"_s}, {u"reason"_s, u"ok"_s}}},
                                      {u"hash"_s, u"abc"_s}});
        model.setEvents(items);
        QCOMPARE(model.rowCount(), events);
        if (events > 0) {
            QCOMPARE(model.index(0, AuditModel::SeqColumn).data().toInt(), 1);
            QCOMPARE(model.index(0, AuditModel::DetailColumn).data().toString(), u"step: s1 · reason: ok"_s);
        }
    }

    void holdGate_data()
    {
        QTest::addColumn<bool>("useKeyboard");
        QTest::addColumn<int>("holdMs");
        QTest::addColumn<bool>("fires");
        QTest::newRow("mouse, short click") << false << 0 << false;
        QTest::newRow("mouse, half the time") << false << 200 << false;
        QTest::newRow("mouse, held") << false << 600 << true;
        QTest::newRow("space, tapped") << true << 0 << false;
        QTest::newRow("space, held") << true << 600 << true;
    }
    void holdGate()
    {
        QFETCH(bool, useKeyboard);
        QFETCH(int, holdMs);
        QFETCH(bool, fires);
        HoldButton button(u"Hold"_s);
        button.setHoldTime(400); // shortened for the test; the console uses 1.5 s
        button.show();
        QVERIFY(QTest::qWaitForWindowExposed(&button));
        button.setFocus();
        QSignalSpy held(&button, &HoldButton::held);
        QSignalSpy clicked(&button, &QAbstractButton::clicked);
        if (useKeyboard)
            QTest::keyPress(&button, Qt::Key_Space);
        else
            QTest::mousePress(&button, Qt::LeftButton);
        if (holdMs > 0) {
            QTest::qWait(holdMs / 2);
            QVERIFY(button.isHolding() || button.progress() >= 1.0);
            QVERIFY(button.progress() > 0.0);
            QTest::qWait(holdMs - holdMs / 2);
        }
        if (useKeyboard)
            QTest::keyRelease(&button, Qt::Key_Space);
        else
            QTest::mouseRelease(&button, Qt::LeftButton);
        QTest::qWait(500); // long enough for a wrongly armed gate to fire
        QCOMPARE(held.size(), fires ? 1 : 0);
        QCOMPARE(clicked.size(), 0); // the gate never "clicks"
        QVERIFY(!button.isHolding());
    }

    void signInWithoutKeyringSaysSo()
    {
        // No session bus in the test environment: the keyring is unavailable
        // and the dialog says so instead of pretending to remember the token.
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        const TokenStore::Result r = TokenStore::read(QUrl(u"http://127.0.0.1:8765"_s));
        QVERIFY(r.token.isEmpty());
        SignInDialog dialog(QUrl(u"http://127.0.0.1:8765"_s));
        QVERIFY(dialog.remember());
        if (!r.ok || r.noKeyring)
            dialog.setKeyringUnavailable(r.error);
        else
            dialog.setKeyringUnavailable(u"test"_s);
        QVERIFY(!dialog.remember());
        auto *note = dialog.findChild<QLabel *>(u"signInKeyringNote"_s);
        QVERIFY(note && note->text().contains(u"--token-file"_s));
        // Bad input is refused with a clear message; nothing is accepted.
        SignInDialog second(QUrl(u"ftp://x"_s));
        second.findChild<QLineEdit *>(u"signInToken"_s)->setText(u"t"_s);
        second.show();
        auto *buttons = second.findChild<QDialogButtonBox *>();
        buttons->button(QDialogButtonBox::Ok)->click();
        QVERIFY(second.isVisible()); // refused: wrong scheme
        second.findChild<QLineEdit *>(u"signInServer"_s)->setText(u"https://warroom.example"_s);
        buttons->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(second.result(), int(QDialog::Accepted));
        QCOMPARE(second.server(), QUrl(u"https://warroom.example"_s));
        QCOMPARE(second.token(), u"t"_s);
    }

    void disabledGateDoesNothing()
    {
        HoldButton button(u"Hold"_s);
        button.setHoldTime(100);
        button.setEnabled(false);
        button.show();
        QSignalSpy held(&button, &HoldButton::held);
        QTest::mousePress(&button, Qt::LeftButton);
        QTest::qWait(250);
        QTest::mouseRelease(&button, Qt::LeftButton);
        QCOMPARE(held.size(), 0);
    }
};

QTEST_MAIN(TestViewModels)
#include "tst_viewmodels.moc"
