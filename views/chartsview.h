#pragma once

#include <QJsonArray>
#include <QTimer>
#include <QWidget>

namespace warroom {

class ApiClient;
class IncidentQueueModel;

/// Charts over the queue (QtCharts): incidents by category, time to
/// acknowledge, mitigate and resolve over time, the confidence distribution
/// and the queue depth, recomputed from the queue model; beside them the
/// response times per severity and category (p50 and p90 bars, from GET
/// /api/v1/stats/response-times, drills left out). At most every two
/// seconds and only while visible.
class ChartsView final : public QWidget
{
    Q_OBJECT

public:
    explicit ChartsView(IncidentQueueModel *model, QWidget *parent = nullptr);
    ~ChartsView() override;

    /// Where the response times come from (none: those charts stay empty).
    void setClient(ApiClient *client) { m_client = client; }
    /// Recomputes now (tests; the view does it by itself when shown).
    void refresh();
    /// Number of charts with data, for tests.
    int seriesPointCount() const { return m_points; }
    /// The severity · category rows of the response-time charts, as shown ("SEV2 · latency").
    QStringList responseTimeRows() const { return m_responseRows; }
    /// Shows response times as GET /api/v1/stats/response-times answers them.
    void showResponseTimes(const QJsonArray &items, int drillsLeftOut);

Q_SIGNALS:
    /// The response times arrived and are drawn.
    void responseTimesShown();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void scheduleRefresh();

    void loadResponseTimes();

    IncidentQueueModel *m_model;
    ApiClient *m_client = nullptr;
    bool m_loading = false;
    QStringList m_responseRows;
    QTimer m_throttle;
    bool m_dirty = true;
    int m_points = 0;
    class Charts;
    Charts *m_charts = nullptr;
};

} // namespace warroom
