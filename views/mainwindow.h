#pragma once

#include <QMainWindow>
#include <QPointer>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;
class QAction;

namespace warroom {

class ApiClient;
class EventStream;
class IncidentQueueModel;

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

private:
    void buildUi();
    void handleConnectedChanged(bool connected);
    void handleSnapshot(const QJsonObject &snapshot);
    void handleEvent(const QJsonObject &event);
    void handleSelectionChanged();
    void handleFreezeTriggered();
    void handleNewIncidentTriggered();
    void showFreeze(const QJsonObject &freeze);
    void showDetail(const QJsonObject &detail);

    ApiClient &m_client;
    EventStream &m_stream;
    bool m_wall;
    IncidentQueueModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QTextBrowser *m_detail = nullptr;
    QLabel *m_connection = nullptr;
    QLabel *m_staleBanner = nullptr;
    QLabel *m_freezeBanner = nullptr;
    QAction *m_freezeAction = nullptr;
    QAction *m_newIncidentAction = nullptr;
    bool m_frozen = false;
    qint64 m_detailId = 0;
};

} // namespace warroom
