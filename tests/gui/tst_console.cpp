// The console's main window against the real daemon, on the offscreen
// platform: it connects, shows the queue, keeps the selection across live
// updates, shows the stale banner when the coordinator goes away, and the
// wall display offers nothing that changes state.

#include "apiclient.h"
#include "daemonprocess.h"
#include "eventstream.h"
#include "incidentqueuemodel.h"
#include "mainwindow.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
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
    }

private:
    std::unique_ptr<DaemonProcess> m_daemon;
};

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
