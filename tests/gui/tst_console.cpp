// The console's main window against the real daemon, on the offscreen
// platform: it connects, shows the queue, keeps the selection across live
// updates, shows the stale banner when the coordinator goes away and
// reconnects when it is back, binds the approval gate to the step it was
// pressed on, and end to end with execution on: a held gate approves a step,
// the executor runs it against the lab, and the Evidence pane fills from the
// live run.task events. The wall display offers nothing that changes state.

#include "apiclient.h"
#include "chartsview.h"
#include "commandmodels.h"
#include "commandpanel.h"
#include "commspane.h"
#include "daemonprocess.h"
#include "detailmodels.h"
#include "eventstream.h"
#include "holdbutton.h"
#include "incidentdetail.h"
#include "incidentqueuemodel.h"
#include "mainwindow.h"
#include "postmortempane.h"
#include "readinpane.h"
#include "remediationview.h"
#include "wallview.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QImage>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QTranslator>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace warroom;
using warroom::test::DaemonProcess;

namespace {

/// Runs `handle` on the next modal dialog of type T once it is up (the caller then opens it).
template<typename T, typename F> void whenModal(QObject *context, F handle, int delayMs = 200)
{
    QTimer::singleShot(delayMs, context, [context, handle, delayMs]() mutable {
        if (auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget()))
            handle(dialog);
        else
            whenModal<T>(context, handle, delayMs); // not up yet
    });
}

QJsonObject queueSummary(qint64 id, const QString &priority, const QString &title = {})
{
    return {{u"id"_s, id},
            {u"key"_s, u"INC-%1"_s.arg(id)},
            {u"priority"_s, priority},
            {u"state"_s, u"triaged"_s},
            {u"service"_s, u"svc-%1"_s.arg(id % 5)},
            {u"title"_s, title.isEmpty() ? u"Incident %1"_s.arg(id) : title},
            {u"created_at"_s, QDateTime::currentDateTimeUtc().addSecs(-id * 60).toString(Qt::ISODateWithMs)}};
}

QStringList approversOf(ApiClient &client, qint64 incident, const QString &step)
{
    const ApiResponse r = waitFor(client.incident(incident));
    for (const QJsonValue &v : r.json.value(u"approval_status"_s).toArray())
        if (v[u"step"_s].toString() == step)
            return v[u"approvers"_s].toVariant().toStringList();
    return QStringList {u"<no step>"_s};
}

qint64 selectedId(QTableView *view)
{
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    return rows.size() == 1 ? rows.first().data(IncidentQueueModel::IncidentIdRole).toLongLong() : -1;
}

/// A new incident submitted by carol and analysed (a proposed severity), not acknowledged yet.
qint64 newIncident(const DaemonProcess &daemon, const QString &title,
                   const QString &description = u"Checkout payments time out for many customers."_s)
{
    auto carol = daemon.client(u"carol"_s);
    const ApiResponse created = waitFor(carol->submitIncident({{u"title"_s, title},
                                                               {u"service"_s, u"payments"_s},
                                                               {u"priority"_s, u"P1"_s},
                                                               {u"description"_s, description}}));
    const qint64 id = created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
    if (id > 0)
        waitFor(carol->post(u"/api/v1/incidents/%1/triage"_s.arg(id), {}));
    return id;
}

/// A declared major incident (alice commands it) with people's tasks: s1 past
/// its due time (carol), s2 due in an hour (bob), s3 a communicate task (carol).
qint64 tasksIncident(const DaemonProcess &daemon, const QString &title)
{
    const qint64 id = newIncident(daemon, title);
    auto carol = daemon.client(u"carol"_s);
    waitFor(daemon.client(u"alice"_s)
                ->post(u"/api/v1/incidents/%1/promote"_s.arg(id), {{u"reason"_s, u"customers cannot pay"_s}}));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto task = [](const QString &sid, const QString &kind, const QString &taskTitle, const QString &owner,
                         const QDateTime &due) {
        return QJsonObject {{u"id"_s, sid},
                            {u"kind"_s, kind},
                            {u"title"_s, taskTitle},
                            {u"owner"_s, owner},
                            {u"due_at"_s, due.toString(Qt::ISODateWithMs)}};
    };
    const QJsonObject plan {
        {u"source"_s, u"manual"_s},
        {u"summary"_s, u"Fail back to the primary processor"_s},
        {u"steps"_s,
         QJsonArray {
             task(u"s1"_s, u"manual"_s, u"Ask the processor for the failover status"_s, u"carol"_s,
                  now.addSecs(-20 * 60)),
             task(u"s2"_s, u"manual"_s, u"Switch the gateway back to the primary"_s, u"bob"_s, now.addSecs(3600)),
             task(u"s3"_s, u"communicate"_s, u"Tell support what to say"_s, u"carol"_s, now.addSecs(3600))}}};
    waitFor(carol->put(u"/api/v1/incidents/%1/plan"_s.arg(id), plan));
    waitFor(carol->post(u"/api/v1/incidents/%1/plan/submit"_s.arg(id), {}));
    return id;
}

QJsonObject incidentOf(const DaemonProcess &daemon, qint64 id)
{
    return waitFor(daemon.client(u"dave"_s)->incident(id)).json;
}

/// A console window signed in as `user`, connected and showing incident `id`.
struct Console
{
    ApiClient client;
    EventStream stream;
    std::unique_ptr<MainWindow> window;

    Console(const DaemonProcess &daemon, const QString &user, bool wall = false)
    {
        client.setServer(daemon.baseUrl());
        client.setToken(daemon.token(user));
        stream.setEndpoint(client.webSocketUrl(), client.token());
        window = std::make_unique<MainWindow>(client, stream, wall);
        window->resize(1500, 900);
        window->show();
        stream.start();
    }
};

} // namespace

namespace {

/// The real console program, offscreen, as a kiosk or script starts it.
struct ConsoleRun
{
    bool finished = false;
    int exitCode = -1;
    QString err;
};
ConsoleRun runConsole(const QStringList &arguments)
{
    QProcess console;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.remove(u"WARROOM_TOKEN"_s);
    console.setProcessEnvironment(env);
    console.start(qEnvironmentVariable("WARROOM_CONSOLE"), arguments);
    ConsoleRun run;
    run.finished = console.waitForFinished(20000);
    run.exitCode = console.exitCode();
    run.err = QString::fromUtf8(console.readAllStandardError());
    return run;
}

} // namespace

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
        const quint16 port = daemon.port();
        daemon.stop();
        QTRY_VERIFY_WITH_TIMEOUT(stale->isVisible(), 5000);
        QVERIFY(window.queueModel()->rowCount() > 0); // the old data stays, marked stale
        auto *connection = window.findChild<QLabel *>(u"connectionState"_s);
        QVERIFY(connection->text().contains(u"Reconnecting"_s));
        // The coordinator comes back on the same address: the console reconnects by itself.
        daemon.setExtraArguments({u"--listen"_s, u"127.0.0.1:%1"_s.arg(port)});
        QVERIFY2(daemon.start(), qPrintable(daemon.errorString()));
        QCOMPARE(daemon.port(), port);
        QSignalSpy snapshots(&stream, &EventStream::snapshotReceived);
        QTRY_VERIFY_WITH_TIMEOUT(stream.isConnected(), 40000);
        QTRY_VERIFY(!stale->isVisible());
        QVERIFY(connection->text().contains(u"Live"_s));
        QTRY_VERIFY(snapshots.size() >= 1); // fresh data, not the stale one
        QVERIFY(window.queueModel()->rowCount() >= 4);
    }

    void liveUpdatesKeepSelectionWhenTheSelectedRowChanges()
    {
        // No daemon: the stream's signals carry the snapshot and the events.
        ApiClient client;
        client.setServer(QUrl(u"http://127.0.0.1:9"_s));
        EventStream stream;
        MainWindow window(client, stream, false);
        window.show();
        QJsonArray incidents;
        for (int i = 1; i <= 40; ++i)
            incidents.append(queueSummary(i, u"P%1"_s.arg(1 + i % 4)));
        Q_EMIT stream.snapshotReceived(
            {{u"type"_s, u"snapshot"_s}, {u"total"_s, 40}, {u"incidents"_s, incidents}, {u"user"_s, QJsonObject {}}});
        QTableView *view = window.queueView();
        QCOMPARE(view->model()->rowCount(), 40);
        QVERIFY(window.selectIncident(23)); // a P4, far down under the priority sort
        QCOMPARE(selectedId(view), 23);
        const int rowBefore = view->currentIndex().row();
        const auto live = [&stream](const QJsonObject &summary) {
            Q_EMIT stream.eventReceived({{u"type"_s, u"incident.updated"_s},
                                         {u"incident_id"_s, summary.value(u"id"_s)},
                                         {u"incident"_s, summary}});
        };
        // Updated in place (its title): same row, still selected.
        live(queueSummary(23, u"P4"_s, u"Renamed while selected"_s));
        QTRY_COMPARE(view->currentIndex().siblingAtColumn(IncidentQueueModel::TitleColumn).data().toString(),
                     u"Renamed while selected"_s);
        QCOMPARE(selectedId(view), 23);
        QCOMPARE(view->currentIndex().row(), rowBefore);
        // Escalated to P1: it moves up under the sort, and the selection moves with it.
        live(queueSummary(23, u"P1"_s, u"Renamed while selected"_s));
        QTRY_VERIFY(view->currentIndex().row() < rowBefore);
        QCOMPARE(selectedId(view), 23);
        QCOMPARE(view->currentIndex().data(IncidentQueueModel::IncidentIdRole).toLongLong(), 23);
        QCOMPARE(window.detail()->incidentId(), 23);
        // Others change around it, one new incident sorts in above it: still the same selection.
        for (int i = 1; i <= 10; ++i)
            live(queueSummary(i, u"P1"_s));
        live(queueSummary(99, u"P1"_s));
        QTRY_COMPARE(view->model()->rowCount(), 41);
        QCOMPARE(selectedId(view), 23);
    }

    void freezeNeedsAReasonAndShowsWhoFroze()
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
        auto *freeze = window.findChild<QAction *>(u"freezeAction"_s);
        auto *banner = window.findChild<QLabel *>(u"freezeBanner"_s);
        QVERIFY(freeze && banner && !banner->isVisible());
        // No reason: refused with a message, nothing frozen.
        bool warned = false;
        whenModal<QInputDialog>(&window, [&window, &warned](QInputDialog *d) {
            whenModal<QMessageBox>(&window, [&warned](QMessageBox *box) {
                warned = box->text().contains(u"reason"_s);
                box->accept();
            });
            d->setTextValue(u"   "_s);
            d->accept();
        });
        freeze->trigger();
        QVERIFY(warned);
        QTest::qWait(300);
        QVERIFY(!banner->isVisible());
        // With a reason: frozen, and the banner says by whom and why.
        whenModal<QInputDialog>(&window, [](QInputDialog *d) {
            d->setTextValue(u"Database failover in progress"_s);
            d->accept();
        });
        freeze->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 5000);
        QVERIFY2(banner->text().contains(u"alice"_s) && banner->text().contains(u"Database failover"_s),
                 qPrintable(banner->text()));
        QVERIFY(freeze->text().contains(u"Lift"_s));
        // Lifted again (other tests run after this one).
        whenModal<QInputDialog>(&window, [](QInputDialog *d) {
            d->setTextValue(u"failover done"_s);
            d->accept();
        });
        freeze->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 5000);
    }

    void toolbarOffersWhatTheRolesMayDo()
    {
        // A viewer may look, not open incidents or freeze; a responder may freeze
        // but not lift a freeze; a MIM may lift it.
        Console viewer(*m_daemon, u"dave"_s);
        Console responder(*m_daemon, u"carol"_s);
        Console mim(*m_daemon, u"alice"_s);
        const auto action = [](Console &c, const QString &name) { return c.window->findChild<QAction *>(name); };
        for (Console *c : {&viewer, &responder, &mim})
            QTRY_VERIFY_WITH_TIMEOUT(c->window->queueModel()->rowCount() > 0, 5000);
        QVERIFY(!action(viewer, u"newIncidentAction"_s)->isEnabled());
        QVERIFY(!action(viewer, u"freezeAction"_s)->isEnabled());
        QVERIFY2(action(viewer, u"freezeAction"_s)->toolTip().contains(u"you have: viewer"_s),
                 qPrintable(action(viewer, u"freezeAction"_s)->toolTip()));
        QVERIFY(action(responder, u"newIncidentAction"_s)->isEnabled());
        QVERIFY(action(responder, u"freezeAction"_s)->isEnabled());
        QVERIFY(action(mim, u"freezeAction"_s)->isEnabled());
        // Frozen: only the MIM is offered the lift.
        QCOMPARE(
            waitFor(m_daemon->client(u"carol"_s)->post(u"/api/v1/freeze"_s, {{u"reason"_s, u"roles test"_s}})).status,
            200);
        const auto unfreeze = qScopeGuard([this] {
            waitFor(m_daemon->client(u"alice"_s)->deleteResource(u"/api/v1/freeze"_s, QUrlQuery(u"reason=done"_s)));
        });
        QTRY_COMPARE_WITH_TIMEOUT(action(responder, u"freezeAction"_s)->text(), u"Lift freeze…"_s, 5000);
        QVERIFY(!action(responder, u"freezeAction"_s)->isEnabled());
        QVERIFY2(action(responder, u"freezeAction"_s)->toolTip().contains(u"mim or admin"_s),
                 qPrintable(action(responder, u"freezeAction"_s)->toolTip()));
        QTRY_COMPARE_WITH_TIMEOUT(action(mim, u"freezeAction"_s)->text(), u"Lift freeze…"_s, 5000);
        QVERIFY(action(mim, u"freezeAction"_s)->isEnabled());
        QVERIFY(!action(viewer, u"freezeAction"_s)->isEnabled());
    }

    void acknowledgeIsNotOfferedOnceItIsOver()
    {
        // Alertmanager fires and resolves the alert before anyone acknowledged
        // it (a person resolving acknowledges too): nothing to acknowledge now.
        const auto sample = [](const QString &name) {
            QFile f(QStringLiteral(WARROOM_SOURCE_DIR "/tests/data/ingest/") + name);
            return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
        };
        auto bob = m_daemon->client(u"bob"_s);
        const ApiResponse fired
            = waitFor(bob->post(u"/api/v1/ingest/alertmanager"_s, sample(u"alertmanager-firing.json"_s)));
        QVERIFY2(fired.ok(), fired.body.constData());
        const qint64 id = fired.json.value(u"incidents"_s).toArray().first().toInteger();
        QVERIFY2(id > 0, fired.body.constData());
        const ApiResponse resolved
            = waitFor(bob->post(u"/api/v1/ingest/alertmanager"_s, sample(u"alertmanager-resolved.json"_s)));
        QVERIFY2(resolved.ok(), resolved.body.constData());
        const QJsonObject incident = incidentOf(*m_daemon, id).value(u"incident"_s).toObject();
        QCOMPARE(incident.value(u"state"_s).toString(), u"resolved"_s);
        QVERIFY(incident.value(u"acknowledged_at"_s).toString().isEmpty());
        Console console(*m_daemon, u"alice"_s);
        QTRY_VERIFY_WITH_TIMEOUT(console.window->queueModel()->rowOf(id) >= 0, 5000);
        QVERIFY(console.window->selectIncident(id));
        CommandPanel *panel = console.window->detail()->commandPanel();
        QTRY_COMPARE_WITH_TIMEOUT(panel->acknowledgeButton()->text(), u"Acknowledge INC-%1"_s.arg(id), 5000);
        QVERIFY(!panel->acknowledgeButton()->isEnabled());
        QVERIFY2(panel->acknowledgeButton()->toolTip().contains(u"nothing to acknowledge"_s),
                 qPrintable(panel->acknowledgeButton()->toolTip()));
    }

    void newIncidentDialogRefusesAnEmptyTitle()
    {
        ApiClient client;
        client.setServer(m_daemon->baseUrl());
        client.setToken(m_daemon->token(u"carol"_s));
        EventStream stream;
        stream.setEndpoint(client.webSocketUrl(), client.token());
        MainWindow window(client, stream, false);
        window.show();
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(stream.isConnected(), 5000);
        const int before = window.queueModel()->rowCount();
        auto *action = window.findChild<QAction *>(u"newIncidentAction"_s);
        // Empty and blank titles: Submit stays off; Cancel sends nothing.
        bool refusedEmpty = false;
        whenModal<QDialog>(&window, [&refusedEmpty](QDialog *d) {
            auto *title = d->findChild<QLineEdit *>(u"newIncidentTitle"_s);
            QPushButton *ok = d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            const bool emptyOff = !ok->isEnabled();
            title->setText(u"   "_s);
            refusedEmpty = emptyOff && !ok->isEnabled();
            ok->click(); // does nothing while disabled
            d->reject();
        });
        action->trigger();
        QVERIFY(refusedEmpty);
        QTest::qWait(500);
        QCOMPARE(window.queueModel()->rowCount(), before);
        // A title: submitted, and the console shows it live.
        whenModal<QDialog>(&window, [](QDialog *d) {
            d->findChild<QLineEdit *>(u"newIncidentTitle"_s)->setText(u"Payment gateway timeouts in checkout"_s);
            d->findChild<QLineEdit *>(u"newIncidentService"_s)->setText(u"payments"_s);
            QPushButton *ok = d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            QVERIFY(ok->isEnabled());
            ok->click();
        });
        action->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window.queueModel()->rowCount(), before + 1, 5000);
        bool shown = false;
        for (int r = 0; r < window.queueModel()->rowCount(); ++r)
            shown = shown
                || window.queueModel()->summary(r).value(u"title"_s).toString()
                    == u"Payment gateway timeouts in checkout"_s;
        QVERIFY(shown);
    }

    void signInAgainAfterARefusedToken()
    {
        ApiClient client;
        client.setServer(m_daemon->baseUrl());
        client.setToken(u"not-a-valid-token"_s);
        EventStream stream;
        stream.setEndpoint(client.webSocketUrl(), client.token());
        MainWindow window(client, stream, false);
        window.show();
        QSignalSpy refused(&stream, &EventStream::refused);
        stream.start();
        QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 5000);
        auto *connection = window.findChild<QLabel *>(u"connectionState"_s);
        QVERIFY(connection->text().contains(u"Not signed in"_s));
        auto *signIn = window.findChild<QAction *>(u"signInAction"_s);
        QVERIFY(signIn && signIn->isEnabled() && signIn->text().contains(u"again"_s));
        // Nobody signed in: nothing to open or freeze on behalf of.
        auto *newIncident = window.findChild<QAction *>(u"newIncidentAction"_s);
        QVERIFY(!newIncident->isEnabled());
        const QString token = m_daemon->token(u"bob"_s);
        whenModal<QDialog>(&window, [token](QDialog *d) {
            d->findChild<QCheckBox *>(u"signInRemember"_s)->setChecked(false); // no keyring in the test
            d->findChild<QLineEdit *>(u"signInToken"_s)->setText(token);
            d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        signIn->trigger();
        QCOMPARE(client.token(), token);
        QTRY_VERIFY_WITH_TIMEOUT(stream.isConnected(), 10000);
        QTRY_VERIFY(window.queueModel()->rowCount() >= 4);
        QVERIFY(connection->text().contains(u"Live"_s));
        QVERIFY(!window.findChild<QLabel *>(u"staleBanner"_s)->isVisible());
        QTRY_VERIFY(newIncident->isEnabled()); // bob, a change-approver, may
        // An incident bob may acknowledge, in the detail pane.
        CommandPanel *panel = window.detail()->commandPanel();
        bool offered = false;
        for (int row = 0; row < window.queueModel()->rowCount() && !offered; ++row) {
            const qint64 id = window.queueModel()->index(row, 0).data(IncidentQueueModel::IncidentIdRole).toLongLong();
            QVERIFY(window.selectIncident(id));
            QTRY_COMPARE_WITH_TIMEOUT(panel->acknowledgeButton()->text(), u"Acknowledge INC-%1"_s.arg(id), 5000);
            offered = panel->acknowledgeButton()->isEnabled();
        }
        QVERIFY(offered);
        // The token refused later (revoked): the old roles no longer count, in the panes either.
        Q_EMIT stream.refused(u"token revoked"_s);
        QVERIFY(!newIncident->isEnabled());
        QVERIFY(!window.findChild<QAction *>(u"freezeAction"_s)->isEnabled());
        QVERIFY(!panel->acknowledgeButton()->isEnabled());
    }

    void unreadableTokenFileFailsAtOnce()
    {
        // A kiosk or script with a wrong --token-file: a message and exit 2, not a dialog nobody can close.
        const ConsoleRun run
            = runConsole({u"--server"_s, u"http://127.0.0.1:9"_s, u"--token-file"_s, u"/nonexistent/warroom.token"_s});
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(u"Cannot read the token file /nonexistent/warroom.token"_s), qPrintable(run.err));
    }

    void badArgumentsFailAtOnce_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown page") << QStringList {u"--tab"_s, u"chart"_s}
                                      << u"Unknown page \"chart\" for --tab (one of: overview, plan, evidence, "
                                         "timeline, readin, comms, postmortem, charts, remediation)."_s;
        QTest::addRow("unknown audience")
            << QStringList {u"--tab"_s, u"comms"_s, u"--draft"_s, u"ceo"_s}
            << u"Unknown audience \"ceo\" for --draft (one of: internal, executive, external)."_s;
        QTest::addRow("incident not an id") << QStringList {u"--incident"_s, u"INC-x"_s}
                                            << u"--incident takes an incident id (42 or INC-42), not \"INC-x\"."_s;
        QTest::addRow("size") << QStringList {u"--size"_s, u"1600"_s} << u"--size takes WIDTHxHEIGHT"_s;
    }
    void badArgumentsFailAtOnce()
    {
        // A wall display's or a script's typo: a message and exit 2 before
        // anything connects or asks for a token, not the default page nobody asked for.
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const ConsoleRun run = runConsole(QStringList {u"--server"_s, u"http://127.0.0.1:9"_s} + arguments);
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
    }

    void namesThatMatchNothingFailOnceLoaded()
    {
        // Well-formed, but naming nothing: once the queue is in, a message and
        // exit 2, not another incident or step selected in its place.
        const qint64 id = tasksIncident(*m_daemon, u"Console start-up names"_s);
        QVERIFY(id > 0);
        QTemporaryDir dir;
        QFile token(dir.filePath(u"alice.token"_s));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write(m_daemon->token(u"alice"_s).toUtf8());
        token.close();
        const QStringList base {u"--server"_s, m_daemon->baseUrl().toString(), u"--token-file"_s, token.fileName()};
        ConsoleRun run = runConsole(base + QStringList {u"--incident"_s, u"INC-99999"_s});
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(u"INC-99999 is not in the queue"_s), qPrintable(run.err));
        run = runConsole(
            base + QStringList {u"--incident"_s, u"INC-%1"_s.arg(id), u"--tab"_s, u"plan"_s, u"--step"_s, u"s99"_s});
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(u"the incident has no step s99"_s), qPrintable(run.err));
    }

    void fitsALaptopScreen_data()
    {
        QTest::addColumn<QString>("tab");
        QTest::newRow("overview") << u"overview"_s;
        QTest::newRow("plan") << u"plan"_s;
        QTest::newRow("comms") << u"comms"_s;
        QTest::newRow("charts") << u"charts"_s;
    }

    void fitsALaptopScreen()
    {
        // A 1366 x 768 laptop at 3 a.m.: the window is what was asked for, not
        // pushed wider by the widgets' minimum sizes.
        QFETCH(QString, tab);
        QTemporaryDir dir;
        QFile token(dir.filePath(u"alice.token"_s));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write(m_daemon->token(u"alice"_s).toUtf8());
        token.close();
        const QString png = dir.filePath(u"shot.png"_s);
        const ConsoleRun run = runConsole({u"--server"_s, m_daemon->baseUrl().toString(), u"--token-file"_s,
                                           token.fileName(), u"--incident"_s, u"INC-1"_s, u"--tab"_s, tab, u"--size"_s,
                                           u"1366x768"_s, u"--screenshot"_s, png});
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.err));
        const QImage shot(png);
        QCOMPARE(shot.size(), QSize(1366, 768));
    }

    void unknownLanguageSaysSo()
    {
        // Not fatal (a wall in a Spanish office still shows), but said.
        const ConsoleRun run = runConsole({u"--lang"_s, u"es"_s, u"--token-file"_s, u"/nonexistent/warroom.token"_s});
        QVERIFY(run.finished);
        QVERIFY2(run.err.contains(u"No translation for \"es\" (en, de): English is shown."_s), qPrintable(run.err));
        QVERIFY2(run.err.contains(u"Cannot read the token file"_s), qPrintable(run.err)); // and it goes on
    }

    void langDeShowsGerman()
    {
        // The real program: --lang de translates even its --help.
        QProcess console;
        console.start(qEnvironmentVariable("WARROOM_CONSOLE"), {u"--lang"_s, u"de"_s, u"--help"_s});
        QVERIFY(console.waitForFinished(20000));
        const QString help = QString::fromUtf8(console.readAllStandardOutput());
        QVERIFY2(help.contains(u"Koordinator"_s) && !help.contains(u"Coordinator URL."_s), qPrintable(help));
        // And the window, with the German catalogue the build made.
        QTranslator german;
        QVERIFY(german.load(u"warroom_de"_s, QStringLiteral(WARROOM_BINARY_DIR "/app")));
        QApplication::installTranslator(&german);
        {
            ApiClient client;
            client.setServer(QUrl(u"http://127.0.0.1:9"_s));
            EventStream stream;
            MainWindow window(client, stream, false);
            QVERIFY(window.windowTitle() != u"warroom — incident command"_s);
            QVERIFY2(window.findChild<QAction *>(u"freezeAction"_s)->text().contains(u"einfrieren"_s),
                     qPrintable(window.findChild<QAction *>(u"freezeAction"_s)->text()));
            QCOMPARE(window.queueModel()->headerData(IncidentQueueModel::StateColumn, Qt::Horizontal).toString(),
                     u"Status"_s);
            QCOMPARE(IncidentQueueModel::stateLabel(u"awaiting_approval"_s), u"wartet auf Freigabe"_s);
            QCOMPARE(PlanStepsModel::riskLabel(u"high"_s), u"hoch"_s);
        }
        QApplication::removeTranslator(&german);
    }

    void overviewShowsTheAnalysisAndOpensArticlesInPlace()
    {
        // What triage concluded and why, as the coordinator has it: the
        // confidence, each reason with its weight and source, what else was
        // considered, and the knowledge with its score and matched terms.
        const qint64 id = newIncident(*m_daemon, u"Checkout payments time out at the card processor"_s,
                                      u"Checkout payments time out for many customers.\nHosts: pay-01, pay-02"_s);
        QVERIFY(id > 0);
        const QJsonObject stored = incidentOf(*m_daemon, id);
        const QJsonObject cls = stored.value(u"classification"_s).toObject();
        const QJsonArray matches = stored.value(u"matches"_s).toArray();
        QVERIFY(!cls.isEmpty());
        QVERIFY(!matches.isEmpty());
        ApiClient client;
        client.setServer(m_daemon->baseUrl());
        client.setToken(m_daemon->token(u"alice"_s));
        IncidentDetail detail(client);
        detail.resize(1400, 800);
        detail.show();
        detail.setIncident(id);
        QTRY_VERIFY_WITH_TIMEOUT(detail.overviewView()->toPlainText().contains(u"Analysis"_s), 5000);
        const QString overview = detail.overviewView()->toPlainText();
        // The description keeps its lines (a cyber event's lists are lines of their own).
        QVERIFY2(overview.contains(u"many customers.\nHosts: pay-01, pay-02"_s), qPrintable(overview));
        const QString confidence = QString::number(cls.value(u"confidence"_s).toDouble() * 100.0, 'f', 0) + u'%';
        QVERIFY2(overview.contains(confidence), qPrintable(overview));
        QVERIFY2(overview.contains(cls.value(u"category"_s).toString().replace(u'_', u' ')), qPrintable(overview));
        const QJsonObject reason = cls.value(u"reasons"_s).toArray().first().toObject();
        QVERIFY2(overview.contains(reason.value(u"signal"_s).toString()), qPrintable(overview));
        QVERIFY2(overview.contains(QString::number(reason.value(u"weight"_s).toDouble(), 'f', 2)),
                 qPrintable(overview));
        for (const QJsonValue &r : cls.value(u"runners_up"_s).toArray()) {
            if (r[u"score"_s].toDouble() >= 0.005) {
                QVERIFY2(overview.contains(u"Also considered:"_s), qPrintable(overview));
                QVERIFY2(overview.contains(r[u"category"_s].toString().replace(u'_', u' ')), qPrintable(overview));
            }
        }
        const QJsonObject best = matches.first().toObject();
        const QString docId = best.value(u"doc_id"_s).toString();
        const QString side = detail.articleView()->toPlainText();
        QVERIFY2(side.contains(docId), qPrintable(side));
        QVERIFY2(side.contains(u"score "_s + QString::number(best.value(u"score"_s).toDouble(), 'f', 1)),
                 qPrintable(side));
        QVERIFY2(side.contains(best.value(u"matched_terms"_s).toArray().first().toString()), qPrintable(side));
        // A click opens the article in place, and back to the list.
        const QJsonObject article = waitFor(client.get(u"/api/v1/knowledge/%1"_s.arg(docId))).json;
        QVERIFY(!article.value(u"title"_s).toString().isEmpty());
        Q_EMIT detail.articleView()->anchorClicked(QUrl(u"kb:"_s + docId));
        QTRY_VERIFY_WITH_TIMEOUT(detail.articleView()->toPlainText().contains(article.value(u"title"_s).toString())
                                     && detail.articleView()->toPlainText().contains(u"All matches"_s),
                                 5000);
        Q_EMIT detail.articleView()->anchorClicked(QUrl(u"matches:"_s));
        QCOMPARE(detail.articleView()->toPlainText(), side);
    }

    void holdIsBoundToTheStepItWasPressedOn()
    {
        // Misclicks at the gate, against the real coordinator (INC-1, nothing
        // approved yet): every one of them sends nothing.
        ApiClient client;
        client.setServer(m_daemon->baseUrl());
        client.setToken(m_daemon->token(u"alice"_s));
        IncidentDetail detail(client);
        detail.resize(1200, 700);
        detail.show();
        detail.setUserName(u"alice"_s);
        detail.setIncident(1);
        detail.setCurrentIndex(IncidentDetail::PlanTab);
        QTRY_VERIFY_WITH_TIMEOUT(detail.planModel()->rowCount() >= 4, 5000);
        HoldButton *gate = detail.approveButton();
        QSignalSpy answered(&detail, &IncidentDetail::decisionAnswered);
        const QJsonObject workflow = waitFor(client.incident(1)).json;

        // 1. The selection moves to another step mid-hold: cancelled.
        detail.selectStep(u"s1"_s);
        QTRY_VERIFY(gate->isEnabled());
        QTest::mousePress(gate, Qt::LeftButton);
        QTest::qWait(500);
        QVERIFY(gate->isHolding());
        detail.selectStep(u"s2"_s);
        QVERIFY(!gate->isHolding());
        QTest::qWait(1400);
        QTest::mouseRelease(gate, Qt::LeftButton);
        QVERIFY2(detail.planMessage()->text().contains(u"selection changed"_s),
                 qPrintable(detail.planMessage()->text()));

        // 2. The step's content changes mid-hold (a replan arrives): cancelled.
        detail.selectStep(u"s1"_s);
        QTRY_VERIFY(gate->isEnabled());
        QTest::mousePress(gate, Qt::LeftButton);
        QTest::qWait(500);
        QVERIFY(gate->isHolding());
        QJsonObject replanned = workflow;
        QJsonObject plan = replanned.value(u"plan"_s).toObject();
        QJsonArray steps = plan.value(u"steps"_s).toArray();
        QJsonObject s1 = steps.at(0).toObject();
        s1.insert(u"title"_s, u"Check certificate fingerprint drift (edited)"_s);
        s1.insert(u"content_hash"_s, u"0000changed"_s);
        steps.replace(0, s1);
        plan.insert(u"steps"_s, steps);
        replanned.insert(u"plan"_s, plan);
        detail.showWorkflow(replanned);
        QVERIFY(!gate->isHolding());
        QTest::qWait(1400);
        QTest::mouseRelease(gate, Qt::LeftButton);
        QVERIFY2(detail.planMessage()->text().contains(u"changed"_s), qPrintable(detail.planMessage()->text()));

        // 3. The pointer slides off the gate mid-hold: cancelled.
        detail.showWorkflow(workflow);
        detail.selectStep(u"s1"_s);
        QTRY_VERIFY(gate->isEnabled());
        QTest::mousePress(gate, Qt::LeftButton);
        QTest::qWait(400);
        QTest::mouseMove(gate, QPoint(gate->width() + 30, gate->height() / 2));
        QVERIFY(!gate->isHolding());
        QTest::qWait(1400);
        QTest::mouseRelease(gate, Qt::LeftButton, {}, QPoint(gate->width() + 30, gate->height() / 2));

        QCOMPARE(answered.size(), 0);
        QCOMPARE(approversOf(client, 1, u"s1"_s), QStringList {});
        QCOMPARE(approversOf(client, 1, u"s2"_s), QStringList {});

        // 4. The console shows a step that changed on the coordinator since: the
        // approval carries the content hash the person saw, and the coordinator refuses it.
        detail.showWorkflow(replanned);
        detail.selectStep(u"s1"_s);
        QTRY_VERIFY(gate->isEnabled());
        QTest::mousePress(gate, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 5000);
        QTest::mouseRelease(gate, Qt::LeftButton);
        QCOMPARE(answered.first().at(0).toString(), u"s1"_s);
        QCOMPARE(answered.first().at(1).toInt(), 409);
        QVERIFY2(detail.planMessage()->text().contains(u"refused"_s), qPrintable(detail.planMessage()->text()));
        QCOMPARE(approversOf(client, 1, u"s1"_s), QStringList {});
    }

    void stepDetailNamesItsRollback()
    {
        // A change says what undoes it before anyone approves it.
        QString stepId;
        QString rollback;
        for (const QJsonValue &v : incidentOf(*m_daemon, 1).value(u"plan"_s).toObject().value(u"steps"_s).toArray()) {
            rollback = v.toObject().value(u"rollback_playbook"_s).toString();
            if (!rollback.isEmpty()) {
                stepId = v.toObject().value(u"id"_s).toString();
                break;
            }
        }
        QVERIFY2(!stepId.isEmpty(), "INC-1's plan has a change with a rollback");
        Console console(*m_daemon, u"dave"_s);
        QTRY_VERIFY_WITH_TIMEOUT(console.window->queueModel()->rowOf(1) >= 0, 5000);
        QVERIFY(console.window->selectIncident(1));
        IncidentDetail *detail = console.window->detail();
        detail->setCurrentIndex(IncidentDetail::PlanTab);
        QTRY_VERIFY_WITH_TIMEOUT(detail->planModel()->rowCount() >= 4, 5000);
        detail->selectStep(stepId);
        QTRY_VERIFY(detail->stepDetailView()->toPlainText().contains(rollback));
        QVERIFY(detail->stepDetailView()->toPlainText().contains(u"its own step, with its own approvals"_s));
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
        // Playbook steps only: no empty task column taking the title's room.
        QVERIFY(detail->planView()->isColumnHidden(PlanStepsModel::TaskColumn));
        detail->selectStep(u"s1"_s);
        HoldButton *gate = detail->approveButton();
        QTRY_VERIFY(gate->isEnabled());
        QCOMPARE(gate->holdTime(), 1500);
        const auto approversOf = [&client](const QString &step) { return ::approversOf(client, 1, step); };

        // A short click does nothing, even after waiting past the hold time.
        QTest::mouseClick(gate, Qt::LeftButton);
        QTest::mousePress(gate, Qt::LeftButton);
        QTest::qWait(400);
        QTest::mouseRelease(gate, Qt::LeftButton);
        QTest::qWait(1700);
        QCOMPARE(approversOf(u"s1"_s), QStringList {});
        QVERIFY2(detail->planMessage()->text().isEmpty(), qPrintable(detail->planMessage()->text()));

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
        // A failed run as the coordinator records it (docs/api.md), with output and a diff;
        // the live run against the lab is endToEndHeldGateRunsTheStep below.
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

    void endToEndHeldGateRunsTheStep()
    {
        // The real coordinator with execution on and the demo lab up (the SSO
        // certificate rotated, so INC-1 is real): the console connects, shows a
        // submitted incident, a held gate approves the diagnosis, the executor
        // runs its playbook against the lab, and the Evidence pane fills with the
        // run's tasks from the live run.task events, then the refreshed detail.
        if (QStandardPaths::findExecutable(u"ansible-playbook"_s).isEmpty())
            QFAIL("ansible-playbook is not installed (packaging/bootstrap.sh installs it)");
        DaemonProcess daemon;
        daemon.setDemoLab(true);
        daemon.setExecution(true);
        QVERIFY2(daemon.start(60000), qPrintable(daemon.errorString()));
        ApiClient client;
        client.setServer(daemon.baseUrl());
        client.setToken(daemon.token(u"alice"_s));
        EventStream stream;
        stream.setEndpoint(client.webSocketUrl(), client.token());
        MainWindow window(client, stream, false);
        window.resize(1500, 900);
        window.show();
        QList<QJsonObject> runEvents;
        IncidentDetail *detail = window.detail();
        // Rows the pane inserted from run.task events (a reload resets the model instead).
        int liveRows = 0;
        int liveRowsAtFinish = -1;
        connect(detail->evidenceModel(), &QAbstractItemModel::rowsInserted, this,
                [&liveRows](const QModelIndex &, int first, int last) { liveRows += last - first + 1; });
        connect(&stream, &EventStream::eventReceived, this, [&](const QJsonObject &e) {
            if (!e.value(u"type"_s).toString().startsWith(u"run."_s) || e.value(u"incident_id"_s).toInteger() != 1)
                return;
            runEvents.append(e);
            if (e.value(u"type"_s).toString() == u"run.finished"_s && liveRowsAtFinish < 0)
                liveRowsAtFinish = liveRows;
        });
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(stream.isConnected(), 10000);

        // A submitted incident shows up live.
        auto carol = daemon.client(u"carol"_s);
        const ApiResponse created = waitFor(carol->submitIncident({{u"title"_s, u"Pilot users cannot reach the IdP"_s},
                                                                   {u"service"_s, u"salesforce-sso"_s},
                                                                   {u"priority"_s, u"P2"_s}}));
        QCOMPARE(created.status, 201);
        const qint64 submitted = created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
        QTRY_VERIFY_WITH_TIMEOUT(window.queueModel()->rowOf(submitted) >= 0, 5000);
        QCOMPARE(window.queueModel()->summary(window.queueModel()->rowOf(submitted)).value(u"title"_s).toString(),
                 u"Pilot users cannot reach the IdP"_s);

        // INC-1's plan; the diagnosis waits for its approval.
        QVERIFY(window.selectIncident(1));
        detail->setCurrentIndex(IncidentDetail::PlanTab);
        QTRY_VERIFY_WITH_TIMEOUT(detail->planModel()->rowCount() >= 5, 5000);
        detail->selectStep(u"s1"_s);
        HoldButton *gate = detail->approveButton();
        QTRY_VERIFY(gate->isEnabled());
        QCOMPARE(detail->evidenceModel()->rowCount(), 0);
        QSignalSpy answered(detail, &IncidentDetail::decisionAnswered);

        // Press, hold 1.5 s, release: approved.
        QTest::mousePress(gate, Qt::LeftButton);
        QTest::qWait(1600);
        QTest::mouseRelease(gate, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 5000);
        QCOMPARE(answered.first().at(0).toString(), u"s1"_s);
        QCOMPARE(answered.first().at(1).toInt(), 200);

        // The executor runs it; its tasks arrive live, then the run finishes.
        detail->setCurrentIndex(IncidentDetail::EvidenceTab);
        QTRY_VERIFY_WITH_TIMEOUT(liveRows > 0, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(liveRowsAtFinish >= 0, 120000);
        int tasks = 0;
        for (const QJsonObject &e : std::as_const(runEvents))
            tasks += e.value(u"type"_s).toString() == u"run.task"_s;
        QVERIFY(tasks > 0);
        // Every task event made a row while the run went, before it finished.
        QVERIFY2(liveRowsAtFinish >= tasks, qPrintable(u"%1 rows, %2 tasks"_s.arg(liveRowsAtFinish).arg(tasks)));
        // The refreshed detail: the recorded run with its phases and the step succeeded.
        const int s1 = detail->planModel()->rowOf(u"s1"_s);
        QTRY_COMPARE_WITH_TIMEOUT(detail->planModel()->step(s1).value(u"state"_s).toString(), u"succeeded"_s, 30000);
        const auto runOutcome = [detail] {
            const QJsonArray runs = detail->evidenceModel()->runs();
            return runs.isEmpty() ? QString() : runs.first()[u"outcome"_s].toString();
        };
        // The recorded run replaces the live rows: finished, not "running" any more.
        QTRY_VERIFY_WITH_TIMEOUT(!runOutcome().isEmpty() && runOutcome() != u"running"_s, 10000);
        // The diagnosis found the drift the lab was broken with: its probe fails, and
        // that is the step's finding, not a failed step.
        QVERIFY2(detail->planModel()->step(s1).value(u"result_summary"_s).toString().contains(u"finding"_s),
                 qPrintable(detail->planModel()->step(s1).value(u"result_summary"_s).toString()));
        EvidenceModel *evidence = detail->evidenceModel();
        QVERIFY(evidence->rowCount() >= tasks);
        QStringList hosts;
        for (int r = 0; r < evidence->rowCount(); ++r) {
            QCOMPARE(evidence->index(r, EvidenceModel::StepColumn).data().toString(), u"s1"_s);
            QVERIFY(!evidence->index(r, EvidenceModel::TaskColumn).data().toString().isEmpty());
            hosts.append(evidence->index(r, EvidenceModel::HostColumn).data().toString());
        }
        QVERIFY(!hosts.join(QString()).isEmpty());
        auto *summary = detail->findChild<QLabel *>(u"evidenceSummary"_s);
        QVERIFY2(summary->text().contains(u"s1"_s) && summary->text().contains(u"ok"_s), qPrintable(summary->text()));
        // The selected task's phase shows the real command line.
        detail->evidenceView()->setCurrentIndex(evidence->index(0, 0));
        auto *output = detail->findChild<QPlainTextEdit *>(u"phaseOutput"_s);
        QVERIFY2(output->toPlainText().contains(u"ansible-playbook"_s), qPrintable(output->toPlainText()));
        // The gate moved on: the next step waits for a decision.
        detail->setCurrentIndex(IncidentDetail::PlanTab);
        detail->selectStep(u"s2"_s);
        QTRY_VERIFY(gate->isEnabled());
        QVERIFY(daemon.stop(20000));
    }

    void tasksOverdueAndBlockedAreHighlightedLive()
    {
        // A declared major incident whose first task is past its due time; its
        // second is blocked through the API while the console watches.
        const qint64 id = tasksIncident(*m_daemon, u"Payments time out after the processor failover"_s);
        QVERIFY(id > 0);
        Console console(*m_daemon, u"alice"_s);
        MainWindow &window = *console.window;
        QTRY_VERIFY_WITH_TIMEOUT(window.queueModel()->rowOf(id) >= 0, 5000);
        QVERIFY(window.selectIncident(id));
        IncidentDetail *detail = window.detail();
        detail->setCurrentIndex(IncidentDetail::PlanTab);
        PlanStepsModel *plan = detail->planModel();
        QTRY_COMPARE_WITH_TIMEOUT(plan->rowCount(), 3, 5000);
        QVERIFY(!detail->planView()->isColumnHidden(PlanStepsModel::TaskColumn)); // people's tasks: the column shows
        const auto cell
            = [plan](const QString &step) { return plan->index(plan->rowOf(step), PlanStepsModel::TaskColumn); };
        const auto queueCell = [&window, id] {
            return window.queueModel()->index(window.queueModel()->rowOf(id), IncidentQueueModel::TasksColumn);
        };
        // Overdue by its due time: amber, labelled, in the plan and in the queue.
        QCOMPARE(cell(u"s1"_s).data(PlanStepsModel::TaskAlertRole).toString(), u"overdue"_s);
        QVERIFY2(cell(u"s1"_s).data().toString().startsWith(u"Overdue since "_s),
                 qPrintable(cell(u"s1"_s).data().toString()));
        QCOMPARE(cell(u"s2"_s).data(PlanStepsModel::TaskAlertRole).toString(), QString());
        QVERIFY2(cell(u"s2"_s).data().toString().startsWith(u"bob · due "_s),
                 qPrintable(cell(u"s2"_s).data().toString()));
        QCOMPARE(queueCell().data(IncidentQueueModel::TaskAlertRole).toString(), u"overdue"_s);

        // Blocked through the API: the highlight and the escalation arrive live.
        detail->setCurrentIndex(IncidentDetail::ReadInTab);
        ReadInPane *readIn = detail->readInPane();
        QTRY_VERIFY_WITH_TIMEOUT(!readIn->readIn().isEmpty(), 5000);
        auto carol = m_daemon->client(u"carol"_s);
        QCOMPARE(waitFor(carol->post(u"/api/v1/incidents/%1/tasks/s2/block"_s.arg(id),
                                     {{u"reason"_s, u"waiting for the processor to confirm"_s}}))
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(cell(u"s2"_s).data(PlanStepsModel::TaskAlertRole).toString(), u"blocked"_s, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(cell(u"s2"_s).data().toString().contains(u"escalated to alice at "_s), 5000);
        QVERIFY(cell(u"s2"_s).data().toString().startsWith(u"Blocked: waiting for the processor to confirm"_s));
        QCOMPARE(plan->index(plan->rowOf(u"s2"_s), PlanStepsModel::TitleColumn).data(Qt::BackgroundRole).isValid(),
                 true);
        QTRY_COMPARE_WITH_TIMEOUT(queueCell().data(IncidentQueueModel::TaskAlertRole).toString(), u"blocked"_s, 5000);
        QVERIFY2(queueCell().data().toString().contains(u"1 blocked"_s), qPrintable(queueCell().data().toString()));
        const QString tasks = detail->commandPanel()->fieldText(u"tasks"_s);
        QVERIFY2(tasks.contains(u"s2"_s) && tasks.contains(u"Blocked: waiting for the processor"_s)
                     && tasks.contains(u"s1"_s),
                 qPrintable(tasks));
        // The read-in follows live.
        const auto readInSays = [readIn](const QString &what) {
            for (const QJsonValue &v : readIn->readIn().value(u"running"_s).toArray())
                if (v.toString().contains(what))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(readInSays(u"task s2 BLOCKED"_s), 5000);
        QVERIFY(readIn->view()->toPlainText().contains(u"task s2 BLOCKED: waiting for the processor"_s));

        // Unblocked from the console (a note is optional).
        detail->setCurrentIndex(IncidentDetail::PlanTab);
        detail->selectStep(u"s2"_s);
        QTRY_VERIFY(detail->blockButton()->isEnabled());
        QVERIFY(detail->blockButton()->text().contains(u"Unblock"_s));
        QSignalSpy answered(detail, &IncidentDetail::taskAnswered);
        whenModal<QInputDialog>(detail, [](QInputDialog *d) {
            d->setTextValue(u"the processor confirmed"_s);
            d->accept();
        });
        detail->blockButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 5000);
        QCOMPARE(answered.first().at(1).toInt(), 200);
        QTRY_COMPARE(cell(u"s2"_s).data(PlanStepsModel::TaskAlertRole).toString(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(queueCell().data(IncidentQueueModel::TaskAlertRole).toString(), u"overdue"_s, 5000);
        detail->setCurrentIndex(IncidentDetail::ReadInTab);
        QTRY_VERIFY_WITH_TIMEOUT(!readInSays(u"task s2 BLOCKED"_s), 5000);

        // Blocking from the console needs a reason: a blank one sends nothing.
        detail->setCurrentIndex(IncidentDetail::PlanTab);
        detail->selectStep(u"s3"_s);
        QTRY_VERIFY(detail->blockButton()->isEnabled());
        whenModal<QInputDialog>(detail, [](QInputDialog *d) {
            d->setTextValue(u"   "_s);
            d->accept();
        });
        detail->blockButton()->click();
        QVERIFY2(detail->planMessage()->text().contains(u"reason"_s), qPrintable(detail->planMessage()->text()));
        QTest::qWait(300);
        QCOMPARE(answered.size(), 1);
        whenModal<QInputDialog>(detail, [](QInputDialog *d) {
            d->setTextValue(u"support lead unreachable"_s);
            d->accept();
        });
        detail->blockButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 2, 5000);
        QCOMPARE(answered.last().at(1).toInt(), 200);
        QTRY_COMPARE(cell(u"s3"_s).data(PlanStepsModel::TaskAlertRole).toString(), u"blocked"_s);
        // The coordinator has it blocked too.
        bool blocked = false;
        for (const QJsonValue &v : incidentOf(*m_daemon, id).value(u"plan"_s).toObject().value(u"steps"_s).toArray())
            blocked = blocked || (v[u"id"_s].toString() == u"s3"_s && v[u"blocked"_s].toBool());
        QVERIFY(blocked);
    }

    void acknowledgeAndDeclareSeverityFromTheConsole()
    {
        const qint64 id = newIncident(*m_daemon, u"Card payments declined for EU customers"_s);
        QVERIFY(id > 0);
        const QString proposed = incidentOf(*m_daemon, id).value(u"classification"_s)[u"severity"_s].toString();
        QVERIFY2(proposed.startsWith(u"SEV"_s), qPrintable(proposed));
        Console console(*m_daemon, u"alice"_s);
        MainWindow &window = *console.window;
        QTRY_VERIFY_WITH_TIMEOUT(window.queueModel()->rowOf(id) >= 0, 5000);
        QVERIFY(window.selectIncident(id));
        IncidentDetail *detail = window.detail();
        detail->setCurrentIndex(IncidentDetail::OverviewTab);
        CommandPanel *panel = detail->commandPanel();
        QSignalSpy answered(panel, &CommandPanel::commandAnswered);

        // Acknowledge: the button names the incident it acts on.
        QTRY_VERIFY_WITH_TIMEOUT(panel->acknowledgeButton()->isEnabled(), 5000);
        QCOMPARE(panel->acknowledgeButton()->text(), u"Acknowledge INC-%1"_s.arg(id));
        QVERIFY(panel->fieldText(u"acknowledged"_s).contains(u"not yet"_s));
        panel->acknowledgeButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 5000);
        QCOMPARE(answered.last().at(1).toInt(), 200);
        QCOMPARE(incidentOf(*m_daemon, id).value(u"incident"_s)[u"acknowledged_by"_s].toString(), u"alice"_s);
        QTRY_VERIFY(panel->fieldText(u"acknowledged"_s).startsWith(u"alice at "_s));
        QVERIFY(!panel->acknowledgeButton()->isEnabled());

        // Declare another severity than triage proposed: not without a reason.
        const QString other = proposed == u"SEV1"_s ? u"SEV2"_s : u"SEV1"_s;
        bool refusedWithoutReason = false;
        whenModal<QDialog>(panel, [&refusedWithoutReason, other](QDialog *d) {
            auto *choice = d->findChild<QComboBox *>(u"severityChoice"_s);
            choice->setCurrentIndex(choice->findData(other));
            QPushButton *ok = d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            refusedWithoutReason = !ok->isEnabled();
            ok->click(); // does nothing while disabled
            d->findChild<QLineEdit *>(u"severityReason"_s)->setText(u"payments down for a whole region"_s);
            ok->click();
        });
        panel->severityButton()->click();
        QVERIFY(refusedWithoutReason);
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 2, 5000);
        QCOMPARE(answered.last().at(1).toInt(), 200);
        const QJsonObject declared = incidentOf(*m_daemon, id).value(u"incident"_s).toObject();
        QCOMPARE(declared.value(u"severity"_s).toString(), other);
        QCOMPARE(declared.value(u"severity_by"_s).toString(), u"alice"_s);
        QCOMPARE(declared.value(u"severity_reason"_s).toString(), u"payments down for a whole region"_s);
        QTRY_VERIFY(panel->fieldText(u"severity"_s).contains(other));
        QVERIFY2(panel->fieldText(u"severity"_s).contains(u"triage proposed %1"_s.arg(proposed)),
                 qPrintable(panel->fieldText(u"severity"_s)));

        // Roles: the coordinator's refusal is shown as it says it (a viewer may not command).
        whenModal<QDialog>(panel, [](QDialog *d) {
            d->findChild<QLineEdit *>(u"rolesCommander"_s)->setText(u"dave"_s);
            d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        panel->rolesButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 3, 5000);
        QCOMPARE(answered.last().at(1).toInt(), 400);
        QVERIFY2(panel->messageLabel()->text().startsWith(u"Refused: "_s)
                     && panel->messageLabel()->text().contains(u"400"_s),
                 qPrintable(panel->messageLabel()->text()));
        whenModal<QDialog>(panel, [](QDialog *d) {
            d->findChild<QLineEdit *>(u"rolesCommander"_s)->setText(u"alice"_s);
            d->findChild<QLineEdit *>(u"rolesCommsLead"_s)->setText(u"carol"_s);
            d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        panel->rolesButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 4, 5000);
        QCOMPARE(answered.last().at(1).toInt(), 200);
        QTRY_COMPARE(panel->fieldText(u"commander"_s), u"alice"_s);
        QCOMPARE(panel->fieldText(u"comms_lead"_s), u"carol"_s);

        // Mitigated: a summary is required.
        whenModal<QDialog>(panel, [](QDialog *d) {
            QPushButton *ok = d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            QVERIFY(!ok->isEnabled());
            d->findChild<QPlainTextEdit *>(u"mitigateSummary"_s)->setPlainText(u"traffic moved to the US processor"_s);
            ok->click();
        });
        panel->mitigateButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 5, 5000);
        QCOMPARE(answered.last().at(1).toInt(), 200);
        QVERIFY(!incidentOf(*m_daemon, id).value(u"incident"_s)[u"mitigated_at"_s].toString().isEmpty());
        QTRY_VERIFY(!panel->mitigateButton()->isEnabled());

        // The charts show the response times per severity and category, this one among them.
        ChartsView *charts = window.charts();
        QSignalSpy shown(charts, &ChartsView::responseTimesShown);
        window.mainTabs()->setCurrentIndex(MainWindow::ChartsPage);
        charts->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 1, 5000);
        bool row = false;
        for (const QString &r : charts->responseTimeRows())
            row = row || r.startsWith(other + u" · "_s);
        QVERIFY2(row, qPrintable(charts->responseTimeRows().join(u"; "_s)));

        // A viewer is offered none of it.
        ApiClient daveClient;
        daveClient.setServer(m_daemon->baseUrl());
        daveClient.setToken(m_daemon->token(u"dave"_s));
        IncidentDetail viewer(daveClient);
        viewer.setUser({u"dave"_s, {u"viewer"_s}});
        viewer.setIncident(id);
        QTRY_VERIFY_WITH_TIMEOUT(viewer.commandPanel()->fieldText(u"commander"_s) == u"alice"_s, 5000);
        for (QPushButton *b : {viewer.commandPanel()->acknowledgeButton(), viewer.commandPanel()->severityButton(),
                               viewer.commandPanel()->rolesButton(), viewer.commandPanel()->mitigateButton()})
            QVERIFY2(!b->isEnabled(), qPrintable(b->objectName()));
        QVERIFY(viewer.commandPanel()->severityButton()->toolTip().contains(u"mim"_s));
        // Nor a plan step's gate: approving and rejecting are for its approver roles.
        viewer.setCurrentIndex(IncidentDetail::PlanTab);
        QTRY_VERIFY_WITH_TIMEOUT(viewer.selectStep(u"s1"_s), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(viewer.selectedStep(), u"s1"_s, 5000);
        QVERIFY(!viewer.approveButton()->isEnabled());
        QVERIFY(!viewer.rejectButton()->isEnabled());
        QVERIFY(!viewer.rollbackButton()->isEnabled());
        // For someone with every role the same gate is open.
        IncidentDetail approver(console.client);
        approver.setUser({u"bob"_s, {u"change-approver"_s, u"mim"_s, u"responder"_s}});
        approver.setIncident(id);
        approver.setCurrentIndex(IncidentDetail::PlanTab);
        QTRY_VERIFY_WITH_TIMEOUT(approver.selectStep(u"s1"_s), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(approver.rejectButton()->isEnabled(), 5000);
    }

    void statusUpdateDraftedAndPublished()
    {
        const qint64 id = tasksIncident(*m_daemon, u"Login page returns 502 for everyone"_s);
        QVERIFY(id > 0);
        Console console(*m_daemon, u"alice"_s);
        MainWindow &window = *console.window;
        QTRY_VERIFY_WITH_TIMEOUT(window.queueModel()->rowOf(id) >= 0, 5000);
        QVERIFY(window.selectIncident(id));
        IncidentDetail *detail = window.detail();
        detail->setCurrentIndex(IncidentDetail::CommsTab);
        CommsPane *comms = detail->commsPane();
        QTRY_VERIFY_WITH_TIMEOUT(comms->draftButton()->isEnabled(), 5000);
        QVERIFY(!comms->publishButton()->isEnabled()); // nothing to publish yet
        QSignalSpy drafted(comms, &CommsPane::drafted);
        QSignalSpy published(comms, &CommsPane::published);

        // Drafted from the timeline for the responders, then edited.
        comms->setAudience(u"internal"_s);
        comms->draftButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(drafted.size(), 1, 5000);
        QCOMPARE(drafted.first().at(0).toInt(), 200);
        QVERIFY2(comms->editor()->toPlainText().contains(u"INC-%1"_s.arg(id)),
                 qPrintable(comms->editor()->toPlainText()));
        comms->editor()->appendPlainText(u"Next: fail back to the primary at the top of the hour."_s);
        QVERIFY(comms->publishButton()->isEnabled());

        // The confirmation cancelled: nothing is sent.
        whenModal<QMessageBox>(comms, [](QMessageBox *box) {
            QCOMPARE(box->objectName(), u"publishConfirm"_s);
            box->button(QMessageBox::Cancel)->click();
        });
        comms->publishButton()->click();
        QTest::qWait(300);
        QCOMPARE(published.size(), 0);
        QCOMPARE(comms->updatesModel()->rowCount(), 0);

        // Confirmed: published, and listed with time, audience and author.
        whenModal<QMessageBox>(comms, [](QMessageBox *box) { box->button(QMessageBox::Yes)->click(); });
        comms->publishButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(published.size(), 1, 5000);
        QCOMPARE(published.first().at(0).toInt(), 201);
        QTRY_COMPARE(comms->updatesModel()->rowCount(), 1);
        const QModelIndex row = comms->updatesModel()->index(0, 0);
        QCOMPARE(row.siblingAtColumn(StatusUpdatesModel::AuthorColumn).data().toString(), u"alice"_s);
        QCOMPARE(row.siblingAtColumn(StatusUpdatesModel::AudienceColumn).data().toString(), u"Internal responders"_s);
        QVERIFY(!row.siblingAtColumn(StatusUpdatesModel::TimeColumn).data().toString().isEmpty());
        QVERIFY(row.data(StatusUpdatesModel::TextRole).toString().contains(u"fail back to the primary"_s));
        QVERIFY(comms->editor()->toPlainText().isEmpty());
        const ApiResponse list = waitFor(console.client.get(u"/api/v1/incidents/%1/status-updates"_s.arg(id)));
        QCOMPARE(list.json.value(u"count"_s).toInt(), 1);
        QVERIFY(list.json.value(u"items"_s)[0][u"text"_s].toString().contains(u"fail back to the primary"_s));

        // An executive draft with its [fill in] still in it is not sent.
        comms->setAudience(u"executive"_s);
        comms->draftButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(drafted.size(), 2, 5000);
        QVERIFY(comms->editor()->toPlainText().contains(u"[fill in]"_s));
        comms->publishButton()->click();
        QVERIFY(comms->messageLabel()->text().contains(u"[fill in]"_s));
        QTest::qWait(300);
        QCOMPARE(published.size(), 1);

        // carol is neither a mim, nor the commander, nor the comms lead: the coordinator's 403 is shown.
        ApiClient carolClient;
        carolClient.setServer(m_daemon->baseUrl());
        carolClient.setToken(m_daemon->token(u"carol"_s));
        IncidentDetail carolDetail(carolClient);
        carolDetail.setUser({u"carol"_s, {u"responder"_s}});
        carolDetail.setIncident(id);
        carolDetail.show();
        carolDetail.setCurrentIndex(IncidentDetail::CommsTab);
        CommsPane *carolComms = carolDetail.commsPane();
        QTRY_VERIFY_WITH_TIMEOUT(carolComms->updatesModel()->rowCount() == 1, 5000);
        QVERIFY(carolComms->findChild<QLabel *>(u"statusWho"_s)->text().contains(u"will refuse"_s));
        carolComms->editor()->setPlainText(u"All fine now."_s);
        QSignalSpy carolPublished(carolComms, &CommsPane::published);
        whenModal<QMessageBox>(carolComms, [](QMessageBox *box) { box->button(QMessageBox::Yes)->click(); });
        carolComms->publishButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(carolPublished.size(), 1, 5000);
        QCOMPARE(carolPublished.first().at(0).toInt(), 403);
        QVERIFY2(carolComms->messageLabel()->text().startsWith(u"Not published: "_s)
                     && carolComms->messageLabel()->text().contains(u"comms lead"_s),
                 qPrintable(carolComms->messageLabel()->text()));
        QCOMPARE(carolComms->editor()->toPlainText(), u"All fine now."_s); // kept, not lost
    }

    void postmortemExportAndNotes()
    {
        const qint64 id = tasksIncident(*m_daemon, u"Search returns stale results after the reindex"_s);
        QVERIFY(id > 0);
        ApiClient client;
        client.setServer(m_daemon->baseUrl());
        client.setToken(m_daemon->token(u"alice"_s));
        IncidentDetail detail(client);
        detail.setUser({u"alice"_s, {u"mim"_s}});
        detail.resize(1200, 800);
        detail.show();
        detail.setIncident(id);
        detail.setCurrentIndex(IncidentDetail::PostmortemTab);
        PostmortemPane *pm = detail.postmortemPane();
        QTRY_VERIFY_WITH_TIMEOUT(pm->exportPdfButton()->isEnabled(), 5000);
        QSignalSpy exported(pm, &PostmortemPane::exported);
        QSignalSpy saved(pm, &PostmortemPane::saved);

        // The notes: an action without an owner is not sent.
        pm->impactEdit()->setPlainText(u"Customers saw week-old search results for 40 minutes."_s);
        QTest::keyClicks(pm->whyEdit(0), u"The reindex job wrote into the live alias."_s);
        QTest::keyClicks(pm->whyEdit(1), u"The alias switch had no guard."_s);
        pm->rootCauseEdit()->setPlainText(u"The reindex pipeline has no staging alias."_s);
        CorrectiveActionsModel *actions = pm->actionsModel();
        QVERIFY(actions->insertRows(0, 1));
        actions->setData(actions->index(0, CorrectiveActionsModel::TitleColumn), u"Add a staging alias"_s);
        actions->setData(actions->index(0, CorrectiveActionsModel::DueColumn), QDate(2026, 12, 15));
        QVERIFY(pm->isDirty());
        QVERIFY(pm->saveButton()->isEnabled());
        pm->saveButton()->click();
        QVERIFY2(pm->messageLabel()->text().contains(u"needs an owner"_s), qPrintable(pm->messageLabel()->text()));
        QTest::qWait(300);
        QCOMPARE(saved.size(), 0);
        actions->setData(actions->index(0, CorrectiveActionsModel::OwnerColumn), u"erin"_s);
        pm->saveButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 5000);
        QCOMPARE(saved.first().at(0).toInt(), 200);
        QVERIFY(!pm->isDirty());
        const QJsonObject notes = incidentOf(*m_daemon, id).value(u"postmortem"_s).toObject();
        QCOMPARE(notes.value(u"impact"_s).toString(), u"Customers saw week-old search results for 40 minutes."_s);
        QCOMPARE(notes.value(u"whys"_s).toArray().size(), 2);
        QCOMPARE(notes.value(u"actions"_s)[0][u"owner"_s].toString(), u"erin"_s);
        QCOMPARE(notes.value(u"actions"_s)[0][u"due"_s].toString(), u"2026-12-15"_s);
        QCOMPARE(notes.value(u"updated_by"_s).toString(), u"alice"_s);

        // Exported to files: Markdown with the notes in it, and a PDF.
        QTemporaryDir dir;
        const QString md = dir.filePath(u"postmortem.md"_s);
        const QString pdf = dir.filePath(u"postmortem.pdf"_s);
        pm->exportTo(u"md"_s, md);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 5000);
        QCOMPARE(exported.first().at(1).toBool(), true);
        pm->exportTo(u"pdf"_s, pdf);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 2, 5000);
        QCOMPARE(exported.last().at(1).toBool(), true);
        QFile mdFile(md);
        QVERIFY(mdFile.open(QIODevice::ReadOnly));
        const QByteArray markdown = mdFile.readAll();
        QVERIFY2(markdown.startsWith("#") && markdown.contains(QByteArray(QByteArray("INC-") + QByteArray::number(id)))
                     && markdown.contains("week-old search results") && markdown.contains("staging alias"),
                 markdown.left(400).constData());
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5) == "%PDF-");
        QVERIFY(pm->messageLabel()->text().contains(u"postmortem.pdf"_s));
        // A path that cannot be written says so.
        pm->exportTo(u"md"_s, dir.filePath(u"no/such/dir/x.md"_s));
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 3, 5000);
        QCOMPARE(exported.last().at(1).toBool(), false);
        QVERIFY(pm->messageLabel()->text().startsWith(u"Could not write"_s));
    }

    void remediationQueueShowsADraftAndRejectNeedsAReason()
    {
        // A resolved incident whose manual step ran a command: the desk drafts a playbook from it.
        QTemporaryDir dir;
        auto carol = m_daemon->client(u"carol"_s);
        auto alice = m_daemon->client(u"alice"_s);
        const ApiResponse created = waitFor(carol->submitIncident(
            {{u"title"_s, u"Cache rotation flag missing"_s}, {u"service"_s, u"cache"_s}, {u"priority"_s, u"P3"_s}}));
        const qint64 id = created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
        QVERIFY(id > 0);
        const QJsonObject step {
            {u"id"_s, u"s1"_s},
            {u"kind"_s, u"manual"_s},
            {u"title"_s, u"Flag the cache rotation"_s},
            {u"description"_s,
             QString(u"On the host:\n$ touch "_s + dir.filePath(u"rotated.flag"_s) + u"\nthen tell the MIM."_s)},
            {u"owner"_s, u"carol"_s}};
        QCOMPARE(waitFor(carol->put(u"/api/v1/incidents/%1/plan"_s.arg(id),
                                    QJsonObject {{u"source"_s, u"manual"_s}, {u"steps"_s, QJsonArray {step}}}))
                     .status,
                 200);
        QCOMPARE(waitFor(carol->post(u"/api/v1/incidents/%1/plan/submit"_s.arg(id), {})).status, 200);
        QCOMPARE(waitFor(alice->approve(id, u"s1"_s, u"fine"_s)).status, 200);
        QCOMPARE(waitFor(alice->post(u"/api/v1/incidents/%1/steps/s1/start"_s.arg(id), {})).status, 200);
        QCOMPARE(waitFor(alice->post(u"/api/v1/incidents/%1/steps/s1/finish"_s.arg(id),
                                     {{u"succeeded"_s, true}, {u"summary"_s, u"flag written"_s}}))
                     .status,
                 200);
        QCOMPARE(
            waitFor(alice->post(u"/api/v1/incidents/%1/resolve"_s.arg(id), {{u"summary"_s, u"flag back"_s}})).status,
            200);
        const ApiResponse drafted = waitFor(carol->post(u"/api/v1/incidents/%1/remediation-drafts"_s.arg(id), {}));
        QCOMPARE(drafted.status, 202);
        const QString draftId = drafted.json.value(u"id"_s).toString();
        QVERIFY(!draftId.isEmpty());

        // The review queue shows it, with its playbook read-only.
        Console console(*m_daemon, u"alice"_s);
        MainWindow &window = *console.window;
        QTRY_VERIFY_WITH_TIMEOUT(window.queueModel()->rowCount() > 0, 5000);
        RemediationView *queue = window.remediationView();
        window.mainTabs()->setCurrentIndex(MainWindow::RemediationPage);
        QTRY_VERIFY_WITH_TIMEOUT(queue->model()->rowOf(draftId) >= 0, 5000);
        QVERIFY(queue->selectDraft(draftId));
        QTRY_COMPARE_WITH_TIMEOUT(queue->shownDraft().value(u"id"_s).toString(), draftId, 5000);
        QVERIFY(queue->yamlView()->isReadOnly());
        QVERIFY2(queue->yamlView()->toPlainText().contains(u"touch"_s), qPrintable(queue->yamlView()->toPlainText()));
        const auto validation = [queue, draftId] {
            return queue->model()
                ->index(queue->model()->rowOf(draftId), 0)
                .data(RemediationDraftsModel::ValidationRole)
                .toString();
        };
        // Approval waits for a passed validation: while it runs, and if it fails, the gate is shut.
        if (validation() == u"running"_s)
            QVERIFY(!queue->approveButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(validation() != u"running"_s, 180000);
        QTRY_VERIFY_WITH_TIMEOUT(RemediationDraftsModel::validationOf(queue->shownDraft()) == validation(), 10000);
        QSignalSpy decided(queue, &RemediationView::decisionAnswered);
        if (validation() == u"failed"_s) {
            QVERIFY(!queue->approveButton()->isEnabled());
            QVERIFY(queue->findChild<QLabel *>(u"remediationGateNote"_s)->text().contains(u"failed"_s));
            QTest::mousePress(queue->approveButton(), Qt::LeftButton);
            QTest::qWait(1700);
            QTest::mouseRelease(queue->approveButton(), Qt::LeftButton);
            QCOMPARE(decided.size(), 0);
        } else {
            // Passed: held, the approval goes out; without a runbook repository the coordinator refuses (503).
            QVERIFY(queue->approveButton()->isEnabled());
            QTest::mousePress(queue->approveButton(), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 5000);
            QTest::mouseRelease(queue->approveButton(), Qt::LeftButton);
            QCOMPARE(decided.first().at(1).toInt(), 503);
            QVERIFY(queue->messageLabel()->text().contains(u"refused"_s));
            decided.clear();
        }
        // carol asked for it: for her the gate stays shut whatever the validation.
        ApiClient carolClient;
        carolClient.setServer(m_daemon->baseUrl());
        carolClient.setToken(m_daemon->token(u"carol"_s));
        RemediationView carolQueue(carolClient);
        carolQueue.setUser({u"carol"_s, {u"responder"_s}});
        carolQueue.show();
        QTRY_VERIFY_WITH_TIMEOUT(carolQueue.selectDraft(draftId), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(carolQueue.shownDraft().value(u"id"_s).toString(), draftId, 5000);
        QVERIFY(!carolQueue.approveButton()->isEnabled());
        QVERIFY(!carolQueue.rejectButton()->isEnabled());

        // Reject needs a reason: a blank one sends nothing.
        QVERIFY(queue->rejectButton()->isEnabled());
        whenModal<QInputDialog>(queue, [](QInputDialog *d) {
            d->setTextValue(u"  "_s);
            d->accept();
        });
        queue->rejectButton()->click();
        QVERIFY2(queue->messageLabel()->text().contains(u"reason"_s), qPrintable(queue->messageLabel()->text()));
        QTest::qWait(300);
        QCOMPARE(decided.size(), 0);
        const auto stateOf = [&carol, draftId] {
            return waitFor(carol->get(u"/api/v1/remediation-drafts/%1"_s.arg(draftId)))
                .json.value(u"state"_s)
                .toString();
        };
        QCOMPARE(stateOf(), u"draft"_s);
        whenModal<QInputDialog>(queue, [](QInputDialog *d) {
            d->setTextValue(u"a marker file is not worth a runbook"_s);
            d->accept();
        });
        queue->rejectButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 5000);
        QCOMPARE(decided.first().at(1).toInt(), 200);
        QCOMPARE(stateOf(), u"rejected"_s);
        // Decided drafts leave the "waiting for review" list.
        QTRY_COMPARE_WITH_TIMEOUT(queue->model()->rowOf(draftId), -1, 5000);
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
        // "● Live" in a bright colour on the black wall.
        auto *connection = window.findChild<QLabel *>(u"connectionState"_s);
        QVERIFY2(connection->styleSheet().contains(u"#69f0ae"_s), qPrintable(connection->styleSheet()));
        QVERIFY(connection->font().pointSize() >= 28);
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

    void keyboardAloneFindsAnIncidentAndHoldsTheGate()
    {
        // No mouse: Ctrl+F filters, Ctrl+L goes to the queue, arrows select,
        // Ctrl+2 opens the plan, Tab reaches the gate and Space holds it.
        const QString title = u"Keyboard: gateway retries exhausted"_s;
        const qint64 id = tasksIncident(*m_daemon, title);
        QVERIFY(id > 0);
        Console console(*m_daemon, u"alice"_s);
        MainWindow &window = *console.window;
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.queueModel()->rowOf(id) >= 0, 5000);
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        auto *filter = window.findChild<QLineEdit *>(u"queueFilter"_s);
        QTRY_VERIFY(filter->hasFocus());
        QTest::keyClicks(filter, u"gateway retries exhausted"_s);
        QTRY_COMPARE(window.queueView()->model()->rowCount(), 1);
        QTest::keyClick(filter, Qt::Key_L, Qt::ControlModifier);
        QTRY_VERIFY(window.queueView()->hasFocus());
        QTest::keyClick(window.queueView(), Qt::Key_Home);
        QTRY_COMPARE(selectedId(window.queueView()), id);
        IncidentDetail *detail = window.detail();
        QTRY_COMPARE(detail->incidentId(), id);
        QTest::keyClick(window.queueView(), Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(detail->currentIndex(), int(IncidentDetail::PlanTab));
        QTRY_VERIFY_WITH_TIMEOUT(detail->planModel()->rowCount() == 3, 5000);
        QTableView *plan = detail->planView();
        QTRY_VERIFY2(plan->hasFocus(),
                     QApplication::focusWidget() ? qPrintable(QApplication::focusWidget()->objectName()) : "none");
        QTest::keyClick(plan, Qt::Key_Home);
        QTRY_COMPARE(plan->currentIndex().row(), detail->planModel()->rowOf(u"s1"_s));
        QTest::keyClick(plan, Qt::Key_Tab);
        HoldButton *gate = detail->approveButton();
        QTRY_VERIFY(gate->hasFocus());
        QVERIFY(gate->isEnabled());
        // A tap of Space does nothing; Space held for the hold time approves.
        QTest::keyClick(gate, Qt::Key_Space);
        QTest::qWait(1700);
        QCOMPARE(approversOf(console.client, id, u"s1"_s), QStringList {});
        QSignalSpy answered(detail, &IncidentDetail::decisionAnswered);
        QTest::keyPress(gate, Qt::Key_Space);
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 5000);
        QTest::keyRelease(gate, Qt::Key_Space);
        QCOMPARE(answered.first().at(1).toInt(), 200);
        QCOMPARE(approversOf(console.client, id, u"s1"_s), QStringList {u"alice"_s});
    }

    void wallShowsTheCurrentStepAndApprovalsLiveAndRotates()
    {
        // English plurals ("3 approvals pending") come from the catalogue the console loads.
        QTranslator english;
        QVERIFY(english.load(u"warroom_en"_s, QStringLiteral(WARROOM_BINARY_DIR "/app")));
        QCoreApplication::installTranslator(&english);
        const auto untranslate = qScopeGuard([&] { QCoreApplication::removeTranslator(&english); });
        // Two declared major incidents with plans waiting for approval.
        const qint64 first = tasksIncident(*m_daemon, u"Wall: checkout declines"_s);
        const qint64 second = tasksIncident(*m_daemon, u"Wall: card issuer timeouts"_s);
        QVERIFY(first > 0 && second > 0);
        Console console(*m_daemon, u"dave"_s, true);
        WallView *wall = console.window->wallView();
        QVERIFY(wall);
        QTRY_VERIFY_WITH_TIMEOUT(wall->activeMajorIncidents().contains(first), 5000);
        QVERIFY(wall->activeMajorIncidents().contains(second));
        QCOMPARE(wall->rotationInterval(), 10000);
        // Rotation goes through every active major incident, by itself.
        wall->setRotationInterval(150);
        QSet<qint64> seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen.insert(wall->shownIncident()), seen.contains(first) && seen.contains(second)),
                                 10000);
        wall->setRotationInterval(3'600'000);
        for (qsizetype turn = 0; turn < wall->activeMajorIncidents().size() && wall->shownIncident() != first; ++turn)
            wall->rotate();
        QCOMPARE(wall->shownIncident(), first);
        auto *step = wall->findChild<QLabel *>(u"wallStep"_s);
        auto *approvals = wall->findChild<QLabel *>(u"wallApprovals"_s);
        auto *elapsed = wall->findChild<QLabel *>(u"wallElapsed"_s);
        // The first step not done, by id and title, and the approvals it and the rest still need.
        const QJsonObject detail = incidentOf(*m_daemon, first);
        const QJsonArray status = detail.value(u"approval_status"_s).toArray();
        int waiting = 0;
        for (const QJsonValue &v : status) {
            const QJsonObject a = v.toObject();
            if (!a.value(u"satisfied"_s).toBool())
                waiting += a.value(u"needed"_s).toInt() - int(a.value(u"approvers"_s).toArray().size());
        }
        QVERIFY2(waiting > 0, qPrintable(QString::fromUtf8(QJsonDocument(status).toJson())));
        QTRY_VERIFY_WITH_TIMEOUT(step->text().contains(u"s1 · Ask the processor for the failover status"_s), 5000);
        QTRY_COMPARE(approvals->text(), u"%1 approvals pending"_s.arg(waiting));
        QVERIFY2(elapsed->text().startsWith(u"Elapsed 0:0"_s) && elapsed->text().contains(u"payments"_s),
                 qPrintable(elapsed->text()));
        // An approval given elsewhere shows on the wall without waiting for the next rotation.
        QCOMPARE(waitFor(m_daemon->client(u"alice"_s)
                             ->post(u"/api/v1/incidents/%1/steps/s1/approve"_s.arg(first), {{u"comment"_s, u"go"_s}}))
                     .status,
                 200);
        QTRY_VERIFY_WITH_TIMEOUT(approvals->text() != u"%1 approvals pending"_s.arg(waiting), 5000);
        QCOMPARE(wall->shownIncident(), first);
    }

private:
    std::unique_ptr<DaemonProcess> m_daemon;
};

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
