#pragma once

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QLabel;

namespace warroom {

class ApiClient;
class IncidentQueueModel;

/// The wall display's headline: one active major incident at a time, in
/// type readable across a room (SEV, elapsed time, current step, pending
/// approvals, the commander, blocked and overdue tasks), rotating through
/// all of them. Read-only: it has no control.
class WallView final : public QWidget
{
    Q_OBJECT

public:
    WallView(ApiClient &client, IncidentQueueModel *model, QWidget *parent = nullptr);

    /// Active major incidents (declared, or candidates), most urgent first.
    QList<qint64> activeMajorIncidents() const;
    qint64 shownIncident() const { return m_shown; }
    /// Moves on to the next incident (the timer does this every 10 s).
    void rotate();
    void setRotationInterval(int ms) { m_rotate.setInterval(ms); }
    int rotationInterval() const { return m_rotate.interval(); }

private:
    void render();
    void readDetail();
    void renderDetail(const QJsonObject &workflow);

    ApiClient &m_client;
    IncidentQueueModel *m_model;
    QTimer m_rotate;
    QTimer m_clock;
    QTimer m_reread; ///< reads the shown incident again after it changed
    quint64 m_reads = 0; ///< reads of the shown incident sent; the last one wins
    qint64 m_shown = 0;
    QJsonObject m_summary;
    QLabel *m_counter = nullptr;
    QLabel *m_sev = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_elapsed = nullptr;
    QLabel *m_step = nullptr;
    QLabel *m_approvals = nullptr;
    QLabel *m_command = nullptr; ///< the incident commander (and comms lead)
    QLabel *m_tasks = nullptr; ///< blocked and overdue tasks, only when there are some
};

} // namespace warroom
