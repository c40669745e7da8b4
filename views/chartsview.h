#pragma once

#include <QTimer>
#include <QWidget>

namespace warroom {

class IncidentQueueModel;

/// Charts over the queue (QtCharts): incidents by category, time to
/// mitigate and resolve over time, the confidence distribution and the
/// queue depth. Recomputed from the queue model, at most every two seconds
/// and only while visible.
class ChartsView final : public QWidget
{
    Q_OBJECT

public:
    explicit ChartsView(IncidentQueueModel *model, QWidget *parent = nullptr);
    ~ChartsView() override;

    /// Recomputes now (tests; the view does it by itself when shown).
    void refresh();
    /// Number of charts with data, for tests.
    int seriesPointCount() const { return m_points; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void scheduleRefresh();

    IncidentQueueModel *m_model;
    QTimer m_throttle;
    bool m_dirty = true;
    int m_points = 0;
    class Charts;
    Charts *m_charts = nullptr;
};

} // namespace warroom
