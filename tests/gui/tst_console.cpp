// The console's main window against the real daemon, on the offscreen
// platform: it connects, shows the queue, keeps the selection across live
// updates, shows the stale banner when the coordinator goes away, and the
// wall display offers nothing that changes state.

#include "apiclient.h"
#include "chartsview.h"
#include "daemonprocess.h"
#include "detailmodels.h"
#include "eventstream.h"
#include "holdbutton.h"
#include "incidentdetail.h"
#include "incidentqueuemodel.h"
#include "mainwindow.h"
#include "wallview.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolBar>

using namespace Qt::StringLiterals;
using namespace warroom;
using warroom::test::DaemonProcess;

class TestConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_daemon = std::make_unique<DaemonProcess>();
        QVERIFY2(m_daemon->start(), qPrintable(m_daemon->errorString()));
    }

    void cleanupTestCase() { m_daemon.reset(); }

    void showsQueueAndKeepsSelectionAcrossLiveUpdates()
    {
        ApiClient client;
        client.setServer(m_daemon->baseUrl());
        client.setToken(m_daemon->token(u"alice"_s));
        EventStream stream;
        stream.setEndpoint(client.webSocketUrl(), client.token());
        MainWindow window(client, stream, false);
        window.show();
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(stream.isConnected(), 5000);
        QTableView *view = window.queueView();
        QTRY_COMPARE(window.queueModel()->rowCount(), 4); // the demo incidents
        auto *stale = window.findChild<QLabel *>(u"staleBanner"_s);
        QVERIFY(stale && !stale->isVisible());

        // Select INC-2, scroll, then let 30 incidents arrive live.
        const int row = view->model()->index(0, 0).row();
        view->selectRow(row);
        const qint64 selectedId = view->currentIndex().data(IncidentQueueModel::IncidentIdRole).toLongLong();
        QVERIFY(selectedId > 0);
        for (int i = 0; i < 30; ++i) {
            const ApiResponse r = waitFor(client.submitIncident(
                {{u"title"_s, u"Live %1"_s.arg(i)}, {u"priority"_s, u"P4"_s}, {u"service"_s, u"live"_s}}));
            QCOMPARE(r.status, 201);
        }
        QTRY_COMPARE_WITH_TIMEOUT(window.queueModel()->rowCount(), 34, 5000);
        const QModelIndexList selected = view->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().data(IncidentQueueModel::IncidentIdRole).toLongLong(), selectedId);

        // Filtering as you type.
        auto *filter = window.findChild<QLineEdit *>(u"queueFilter"_s);
        QVERIFY(filter);
        QTest::keyClicks(filter, u"salesforce"_s);
        QCOMPARE(view->model()->rowCount(), 1);
        filter->clear();
        QCOMPARE(view->model()->rowCount(), 34);
    }

    void staleBannerWhileDisconnected()
    {
        DaemonProcess daemon;
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        ApiClient client;
        client.setServer(daemon.baseUrl());
        client.setToken(daemon.token(u"carol"_s));
        EventStream stream;
        stream.setEndpoint(client.webSocketUrl(), client.token());
        MainWindow window(client, stream, false);
        window.show();
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(stream.isConnected(), 5000);
        auto *stale = window.findChild<QLabel *>(u"staleBanner"_s);
        QVERIFY(!stale->isVisible());
        daemon.stop();
        QTRY_VERIFY_WITH_TIMEOUT(stale->isVisible(), 5000);
        QVERIFY(window.queueModel()->rowCount() > 0); // the old data stays, marked stale
    }

    void holdApprovesShortClickDoesNot()
    {
        // End to end with the real daemon: the console shows INC-1's plan, a
        // short click on the gate sends nothing, holding it approves.
        ApiClient client;
        client.setServer(m_daemon->baseUrl());
        client.setToken(m_daemon->token(u"alice"_s));
        EventStream stream;
        stream.setEndpoint(client.webSocketUrl(), client.token());
        MainWindow window(client, stream, false);
        window.show();
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(window.queueModel()->rowOf(1) >= 0, 5000);
        QVERIFY(window.selectIncident(1));
        IncidentDetail *detail = window.detail();
        QCOMPARE(detail->incidentId(), 1);
        detail->setCurrentIndex(IncidentDetail::PlanTab);
        QTRY_VERIFY_WITH_TIMEOUT(detail->planModel()->rowCount() >= 4, 5000);
        detail->selectStep(u"s1"_s);
        HoldButton *gate = detail->approveButton();
        QTRY_VERIFY(gate->isEnabled());
        QCOMPARE(gate->holdTime(), 1500);
        const auto approversOf = [&client](const QString &step) {
            const ApiResponse r = waitFor(client.incident(1));
            for (const QJsonValue &v : r.json.value(u"approval_status"_s).toArray())
                if (v[u"step"_s].toString() == step)
                    return v[u"approvers"_s].toVariant().toStringList();
            return QStringList {u"<no step>"_s};
        };

        // A short click does nothing, even after waiting past the hold time.
        QTest::mouseClick(gate, Qt::LeftButton);
        QTest::mousePress(gate, Qt::LeftButton);
        QTest::qWait(400);
        QTest::mouseRelease(gate, Qt::LeftButton);
        QTest::qWait(1700);
        QCOMPARE(approversOf(u"s1"_s), QStringList {});
        QVERIFY(detail->planMessage()->text().isEmpty());

        // Pressed and held: progress shows, and after 1.5 s the approval is sent and recorded.
        QSignalSpy answered(detail, &IncidentDetail::decisionAnswered);
        QTest::mousePress(gate, Qt::LeftButton);
        QTest::qWait(700);
        QVERIFY(gate->progress() > 0.3 && gate->progress() < 0.8);
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 5000);
        QTest::mouseRelease(gate, Qt::LeftButton);
        QCOMPARE(answered.first().at(1).toInt(), 200);
        QCOMPARE(approversOf(u"s1"_s), QStringList {u"alice"_s});
        QTRY_VERIFY(detail->planModel()
                        ->index(detail->planModel()->rowOf(u"s1"_s), PlanStepsModel::ApprovalColumn)
                        .data()
                        .toString()
                        .contains(u"alice"_s));
        QTRY_VERIFY(!gate->isEnabled()); // approved by me already

        // Space works as well as the mouse.
        detail->selectStep(u"s2"_s);
        QTRY_VERIFY(gate->isEnabled());
        gate->setFocus();
        QTest::keyPress(gate, Qt::Key_Space);
        QTest::qWait(300);
        QTest::keyRelease(gate, Qt::Key_Space);
        QTest::qWait(1500);
        QCOMPARE(approversOf(u"s2"_s), QStringList {});
        QTest::keyPress(gate, Qt::Key_Space);
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 2, 5000);
        QTest::keyRelease(gate, Qt::Key_Space);
        QCOMPARE(approversOf(u"s2"_s), QStringList {u"alice"_s});

        // The high-risk step says a second approver is needed.
        detail->selectStep(u"s3"_s);
        auto *note = detail->findChild<QLabel *>(u"gateNote"_s);
        QTRY_VERIFY2(note->text().contains(u"second approver"_s), qPrintable(note->text()));

        // Reject asks for a reason: an empty one sends nothing.
        detail->selectStep(u"s4"_s);
        QTimer::singleShot(200, detail, [] {
            if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
                dialog->setTextValue(u"  "_s);
                dialog->accept();
            }
        });
        detail->rejectButton()->click();
        QVERIFY(detail->planMessage()->text().contains(u"reason"_s));
        QCOMPARE(answered.size(), 2);
        const ApiResponse audit = waitFor(client.audit(1));
        bool rejected = false;
        for (const QJsonValue &e : audit.json.value(u"items"_s).toArray())
            rejected = rejected || e[u"type"_s].toString() == u"step.rejected"_s;
        QVERIFY(!rejected);

        // The timeline shows the approvals and a verified chain.
        detail->setCurrentIndex(IncidentDetail::TimelineTab);
        QTRY_VERIFY_WITH_TIMEOUT(detail->chainLabel()->text().contains(u"verified"_s), 5000);
        QTRY_VERIFY(detail->auditModel()->rowCount() >= 3);
    }

    void evidencePaneShowsRunsAndLiveTasks()
    {
        // A record with runs as docs/api.md describes them (the runner is not merged yet).
        ApiClient client;
        client.setServer(m_daemon->baseUrl());
        IncidentDetail detail(client);
        detail.show();
        const QJsonObject phase {
            {u"name"_s, u"apply"_s},
            {u"argv"_s, QJsonArray {u"ansible-playbook"_s, u"sso-metadata-patch.yml"_s}},
            {u"playbook_sha256"_s, u"0123456789abcdef0123"_s},
            {u"exit_code"_s, 2},
            {u"outcome"_s, u"failed"_s},
            {u"tasks"_s,
             QJsonArray {QJsonObject {{u"host"_s, u"idp-uat-1"_s},
                                      {u"task"_s, u"Gather facts"_s},
                                      {u"status"_s, u"ok"_s},
                                      {u"duration_ms"_s, 812}},
                         QJsonObject {{u"host"_s, u"idp-uat-1"_s},
                                      {u"task"_s, u"Write metadata"_s},
                                      {u"status"_s, u"changed"_s},
                                      {u"duration_ms"_s, 1530},
                                      {u"diff"_s,
                                       QJsonObject {{u"before"_s, u"cert: OLD\n"_s}, {u"after"_s, u"cert: NEW\n"_s}}}},
                         QJsonObject {{u"host"_s, u"idp-uat-2"_s},
                                      {u"task"_s, u"Write metadata"_s},
                                      {u"status"_s, u"failed"_s},
                                      {u"duration_ms"_s, 40}}}},
            {u"stdout_tail"_s, u"PLAY RECAP idp-uat-2 failed=1"_s},
            {u"stderr_tail"_s, u"permission denied"_s}};
        const QJsonObject record {
            {u"incident"_s, QJsonObject {{u"id"_s, 77}, {u"key"_s, u"INC-77"_s}, {u"title"_s, u"Evidence"_s}}},
            {u"plan"_s,
             QJsonObject {{u"steps"_s,
                           QJsonArray {QJsonObject {{u"id"_s, u"s3"_s},
                                                    {u"kind"_s, u"remediate"_s},
                                                    {u"state"_s, u"failed"_s},
                                                    {u"mutates"_s, true},
                                                    {u"risk"_s, u"high"_s}}}}}},
            {u"approval_status"_s, QJsonArray {QJsonObject {{u"step"_s, u"s3"_s}, {u"needed"_s, 2}}}},
            {u"runs"_s,
             QJsonArray {QJsonObject {{u"id"_s, u"r1"_s},
                                      {u"step"_s, u"s3"_s},
                                      {u"mode"_s, u"apply"_s},
                                      {u"environment"_s, u"uat"_s},
                                      {u"outcome"_s, u"failed"_s},
                                      {u"phases"_s, QJsonArray {phase}}}}}};
        detail.showWorkflow(record);
        detail.setCurrentIndex(IncidentDetail::EvidenceTab);
        QCOMPARE(detail.evidenceModel()->rowCount(), 3);
        auto *summary = detail.findChild<QLabel *>(u"evidenceSummary"_s);
        QVERIFY2(summary->text().contains(u"1 ok"_s) && summary->text().contains(u"1 failed"_s),
                 qPrintable(summary->text()));
        detail.evidenceView()->setCurrentIndex(detail.evidenceModel()->index(1, 0));
        auto *output = detail.findChild<QPlainTextEdit *>(u"phaseOutput"_s);
        auto *diff = detail.findChild<QPlainTextEdit *>(u"taskDiff"_s);
        QVERIFY(output->toPlainText().contains(u"ansible-playbook sso-metadata-patch.yml"_s));
        QVERIFY(output->toPlainText().contains(u"permission denied"_s));
        QVERIFY(output->toPlainText().contains(u"exit code 2"_s));
        QVERIFY2(diff->toPlainText().contains(u"+ cert: NEW"_s), qPrintable(diff->toPlainText()));
        // Executed mutating step: rollback is offered, approval is not.
        QVERIFY(detail.rollbackButton()->isEnabled());
        QVERIFY(!detail.approveButton()->isEnabled());

        // Live: run.task events append to the table while the run goes; other incidents' are ignored.
        QJsonObject event {
            {u"type"_s, u"run.task"_s},
            {u"incident_id"_s, 77},
            {u"run_id"_s, u"r2"_s},
            {u"step_id"_s, u"s3"_s},
            {u"phase"_s, u"check"_s},
            {u"task"_s,
             QJsonObject {
                 {u"host"_s, u"idp-uat-1"_s}, {u"task"_s, u"Check"_s}, {u"status"_s, u"ok"_s}, {u"duration_ms"_s, 5}}}};
        detail.handleEvent(event);
        event.insert(u"incident_id"_s, 78);
        detail.handleEvent(event);
        QCOMPARE(detail.evidenceModel()->rowCount(), 4);
        QVERIFY(summary->text().contains(u"2 ok"_s));
        QCOMPARE(detail.evidenceModel()->index(3, EvidenceModel::RunColumn).data().toString(), u"r2"_s);
    }

    void wallModeHasNoControlThatChangesState()
    {
        ApiClient client;
        client.setServer(m_daemon->baseUrl());
        client.setToken(m_daemon->token(u"dave"_s));
        EventStream stream;
        stream.setEndpoint(client.webSocketUrl(), client.token());
        MainWindow window(client, stream, true);
        window.show();
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(stream.isConnected(), 5000);
        QTRY_VERIFY(window.queueModel()->rowCount() > 0);
        for (QAction *action : window.findChildren<QAction *>()) {
            if (action->isVisible() && action->isEnabled() && !action->text().isEmpty()
                && action->parent() != window.queueView())
                QVERIFY2(!action->objectName().contains(u"freeze"_s) && !action->objectName().contains(u"new"_s),
                         qPrintable(action->text()));
        }
        QVERIFY(!window.findChild<QAction *>(u"freezeAction"_s));
        QVERIFY(!window.findChild<QAction *>(u"newIncidentAction"_s));
        QCOMPARE(window.queueView()->selectionMode(), QAbstractItemView::NoSelection);
        QVERIFY(window.font().pointSize() >= 28);
        // No enabled button or input of any kind, no detail pane with its gate.
        QVERIFY(!window.detail());
        for (QAbstractButton *button : window.findChildren<QAbstractButton *>())
            QVERIFY2(!button->isVisible() || !button->isEnabled(), qPrintable(button->objectName()));
        for (QLineEdit *edit : window.findChildren<QLineEdit *>())
            QVERIFY2(!edit->isVisible(), qPrintable(edit->objectName()));
        QVERIFY(!window.queueView()->isSortingEnabled());
        // Large type everywhere on the wall, and it shows a major incident.
        WallView *wall = window.wallView();
        QVERIFY(wall);
        for (QLabel *label : wall->findChildren<QLabel *>())
            QVERIFY2(label->font().pointSize() >= 28, qPrintable(label->objectName()));
        if (!wall->activeMajorIncidents().isEmpty())
            QTRY_VERIFY(wall->shownIncident() != 0);
    }

private:
    std::unique_ptr<DaemonProcess> m_daemon;
};

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
