#pragma once

#include "consoleuser.h"

#include <QJsonObject>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QLabel;
class QLineEdit;
class QTableView;
class QAction;
class QTabWidget;

namespace warroom {

class ApiClient;
class EventStream;
class ChartsView;
class IncidentDetail;
class IncidentQueueModel;
class QueueProxyModel;
class RemediationView;
class WallView;

/// The console's main window: the live queue, the selected incident and the
/// toolbar (connection state, freeze, new incident). In wall mode it is
/// read-only, full screen and in large type.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(ApiClient &client, EventStream &stream, bool wallMode, QWidget *parent = nullptr);

    IncidentQueueModel *queueModel() const { return m_model; }
    QTableView *queueView() const { return m_view; }
    QueueProxyModel *queueProxy() const { return m_proxy; }
    IncidentDetail *detail() const { return m_detail; }
    ChartsView *charts() const { return m_charts; }
    WallView *wallView() const { return m_wallView; }
    RemediationView *remediationView() const { return m_remediation; }
    /// The main pages: the queue with the incident, the charts, the remediation review queue.
    enum Page { IncidentsPage, ChartsPage, RemediationPage };
    QTabWidget *mainTabs() const { return m_tabs; }
    /// Selects an incident in the queue (and shows it in the detail).
    bool selectIncident(qint64 id);
    /// Asks for the server and token again (after a refused token), then reconnects.
    void signIn();

private:
    void buildUi();
    void handleConnectedChanged(bool connected);
    void handleSnapshot(const QJsonObject &snapshot);
    void handleEvent(const QJsonObject &event);
    void handleSelectionChanged();
    void flushPending();
    void handleFreezeTriggered();
    void handleNewIncidentTriggered();
    void handleRefused(const QString &reason);
    void showFreeze(const QJsonObject &freeze);
    /// New incident and freeze offered to the roles the coordinator accepts them from.
    void offerToolbarActions();

    ApiClient &m_client;
    EventStream &m_stream;
    bool m_wall;
    IncidentQueueModel *m_model = nullptr;
    QueueProxyModel *m_proxy = nullptr;
    QTimer m_flush;
    QList<QJsonObject> m_pending;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    IncidentDetail *m_detail = nullptr;
    ChartsView *m_charts = nullptr;
    WallView *m_wallView = nullptr;
    RemediationView *m_remediation = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTimer m_repaint; ///< ages and overdue marks move on with the clock
    QLabel *m_connection = nullptr;
    QLabel *m_staleBanner = nullptr;
    QLabel *m_freezeBanner = nullptr;
    QAction *m_freezeAction = nullptr;
    QAction *m_newIncidentAction = nullptr;
    QAction *m_signInAction = nullptr;
    bool m_frozen = false;
    qint64 m_detailId = 0;
    ConsoleUser m_user; ///< who the snapshot says is signed in, with their roles
};

} // namespace warroom
