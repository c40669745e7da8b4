#include "chartsview.h"

#include "apiclient.h"
#include "asyncreply.h"
#include "incidentqueuemodel.h"
#include "timeformat.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QMap>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

QChartView *makeChartView(QChart *chart, const QString &accessibleName, QWidget *parent)
{
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setAccessibleName(accessibleName);
    view->setFocusPolicy(Qt::NoFocus);
    return view;
}

void clearChart(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

/// A "nice" step (1, 2 or 5 times a power of ten, at least `minimum`) so that
/// about `ticks` intervals cover `max`.
double niceStep(double max, int ticks, double minimum)
{
    const double raw = std::max(minimum, max / std::max(1, ticks));
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * magnitude >= raw)
            return std::max(minimum, m * magnitude);
    }
    return std::max(minimum, 10.0 * magnitude);
}

/// A count axis: whole numbers only, from 0 to a round maximum (no 0.25 ticks).
void setCountAxis(QValueAxis *axis, double max)
{
    const double step = niceStep(std::max(1.0, max), 5, 1.0);
    const double top = std::max(step, std::ceil(std::max(1.0, max) / step) * step);
    axis->setRange(0, top);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setMinorTickCount(0);
    axis->setLabelFormat(u"%.0f"_s);
}

/// Minutes: whole minutes (a tick every 1, 2, 5, 10, 15, 30, 60... minutes).
void setMinutesAxis(QValueAxis *axis, double maxMinutes)
{
    const double max = std::max(5.0, maxMinutes * 1.1);
    double step = niceStep(max, 5, 1.0);
    // Minutes read best in quarters and hours once they are large.
    for (const double s : {15.0, 30.0, 60.0, 120.0, 240.0, 480.0, 720.0, 1440.0}) {
        if (step > 10 && step <= s) {
            step = s;
            break;
        }
    }
    const double top = std::ceil(max / step) * step;
    axis->setRange(0, top);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setMinorTickCount(0);
    axis->setLabelFormat(u"%.0f"_s);
}

} // namespace

class ChartsView::Charts
{
public:
    QChart *category = new QChart;
    QChart *timeTo = new QChart;
    QChart *confidence = new QChart;
    QChart *depth = new QChart;
    QChart *response[3] = {new QChart, new QChart, new QChart}; ///< acknowledge, mitigate, resolve
    QLabel *responseNote = nullptr;
};

ChartsView::ChartsView(IncidentQueueModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_charts(new Charts)
{
    setObjectName(u"chartsView"_s);
    setAccessibleName(tr("Charts"));
    auto *grid = new QGridLayout(this);
    m_charts->category->setTitle(tr("Incidents by category"));
    m_charts->timeTo->setTitle(tr("Time to acknowledge, mitigate and resolve (minutes, median per day)"));
    m_charts->confidence->setTitle(tr("Confidence of the analysis"));
    m_charts->depth->setTitle(tr("Queue depth (open incidents)"));
    grid->addWidget(makeChartView(m_charts->category, tr("Incidents by category"), this), 0, 0);
    grid->addWidget(makeChartView(m_charts->timeTo, tr("Time to acknowledge, mitigate and resolve"), this), 0, 1);
    grid->addWidget(makeChartView(m_charts->confidence, tr("Confidence distribution"), this), 1, 0);
    grid->addWidget(makeChartView(m_charts->depth, tr("Queue depth"), this), 1, 1);
    // Beside them: how fast the team responds, per severity and category.
    auto *response = new QWidget(this);
    auto *stack = new QVBoxLayout(response);
    stack->setContentsMargins(0, 0, 0, 0);
    stack->setSpacing(2);
    const QString names[3] = {tr("Time to acknowledge"), tr("Time to mitigate"), tr("Time to resolve")};
    for (int k = 0; k < 3; ++k) {
        m_charts->response[k]->setTitle(names[k]);
        stack->addWidget(makeChartView(m_charts->response[k], names[k], response), 1);
    }
    m_charts->responseNote = new QLabel(response);
    m_charts->responseNote->setObjectName(u"responseTimesNote"_s);
    m_charts->responseNote->setWordWrap(true);
    m_charts->responseNote->setStyleSheet(u"color:#616161"_s);
    stack->addWidget(m_charts->responseNote);
    grid->addWidget(response, 0, 2, 2, 1);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 3);
    grid->setColumnStretch(2, 2);
    m_throttle.setSingleShot(true);
    m_throttle.setInterval(2000);
    connect(&m_throttle, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &ChartsView::scheduleRefresh);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &ChartsView::scheduleRefresh);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ChartsView::scheduleRefresh);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ChartsView::scheduleRefresh);
}

ChartsView::~ChartsView()
{
    delete m_charts; // the charts themselves belong to their views
}

void ChartsView::scheduleRefresh()
{
    m_dirty = true;
    if (isVisible() && !m_throttle.isActive())
        m_throttle.start();
}

void ChartsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        refresh();
}

void ChartsView::loadResponseTimes()
{
    if (!m_client || m_loading)
        return;
    m_loading = true;
    onAnswer(m_client->get(u"/api/v1/stats/response-times"_s), this, [this](const ApiResponse &r) {
        m_loading = false;
        if (!r.ok()) {
            m_charts->responseNote->setText(tr("Response times unavailable: %1").arg(r.errorMessage()));
            return;
        }
        showResponseTimes(r.json.value(u"items"_s).toArray(), r.json.value(u"drills_left_out"_s).toInt());
    });
}

void ChartsView::showResponseTimes(const QJsonArray &items, int drillsLeftOut)
{
    struct Row
    {
        QString label;
        int severity; ///< 1..4, 9 unknown
        QString category;
        QJsonObject spread[3];
        int count = 0;
    };
    QList<Row> rows;
    for (const QJsonValue &v : items) {
        const QJsonObject o = v.toObject();
        Row row;
        const QString sev = o.value(u"severity"_s).toString();
        row.severity = sev.startsWith(u"SEV"_s) ? sev.mid(3).toInt() : 9;
        row.category = o.value(u"category"_s).toString();
        row.label = u"%1 · %2"_s.arg(sev.startsWith(u"SEV"_s) ? sev : tr("no SEV"),
                                     QString(row.category).replace(u'_', u' '));
        const char *keys[3] = {"acknowledge", "mitigate", "resolve"};
        for (int k = 0; k < 3; ++k) {
            row.spread[k] = o.value(QLatin1StringView(keys[k])).toObject();
            row.count = std::max(row.count, row.spread[k].value(u"count"_s).toInt());
        }
        if (row.count > 0)
            rows.append(row);
    }
    // The worst severity at the top; within one, the category with most incidents.
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        if (a.severity != b.severity)
            return a.severity < b.severity;
        return a.count != b.count ? a.count > b.count : a.category < b.category;
    });
    const qsizetype shown = std::min<qsizetype>(rows.size(), 8);
    m_responseRows.clear();
    for (qsizetype i = 0; i < shown; ++i)
        m_responseRows.append(rows.at(i).label);
    const QColor colors[3] = {QColor(0x15, 0x65, 0xc0), QColor(0xef, 0x6c, 0x00), QColor(0x2e, 0x7d, 0x32)};
    const QString names[3] = {tr("Time to acknowledge"), tr("Time to mitigate"), tr("Time to resolve")};
    for (int k = 0; k < 3; ++k) {
        QChart *chart = m_charts->response[k];
        clearChart(chart);
        double maxSeconds = 0;
        for (qsizetype i = 0; i < shown; ++i)
            maxSeconds = std::max(maxSeconds, rows.at(i).spread[k].value(u"p90_seconds"_s).toDouble());
        // One unit per chart, the one its largest bar reads best in.
        const double unit = maxSeconds < 120 ? 1.0 : maxSeconds < 7200 ? 60.0 : 3600.0;
        const QString unitName = unit == 1.0 ? tr("seconds") : unit == 60.0 ? tr("minutes") : tr("hours");
        auto *p50 = new QBarSet(tr("median (p50)"));
        auto *p90 = new QBarSet(tr("p90"));
        p50->setColor(colors[k]);
        p90->setColor(colors[k].lighter(165));
        QStringList labels;
        int measured = 0;
        // Horizontal bars stack their categories upwards: append the last row first.
        for (qsizetype i = shown - 1; i >= 0; --i) {
            const QJsonObject &sp = rows.at(i).spread[k];
            const int n = sp.value(u"count"_s).toInt();
            measured += n;
            *p50 << sp.value(u"p50_seconds"_s).toDouble() / unit;
            *p90 << sp.value(u"p90_seconds"_s).toDouble() / unit;
            // Two short lines rather than one cut off: the pair, then how many incidents.
            labels << u"%1<br><small>%2</small>"_s.arg(rows.at(i).label.toHtmlEscaped(), tr("n=%1").arg(n));
        }
        auto *series = new QHorizontalBarSeries;
        series->append(p90);
        series->append(p50);
        chart->addSeries(series);
        auto *axisY = new QBarCategoryAxis;
        axisY->append(labels.isEmpty() ? QStringList {QString()} : labels);
        axisY->setTruncateLabels(false);
        auto *axisX = new QValueAxis;
        const double top = maxSeconds / unit;
        if (top < 5) {
            axisX->setRange(0, std::max(1.0, std::ceil(top * 1.15 * 2) / 2));
            axisX->setLabelFormat(u"%.1f"_s);
            axisX->setTickCount(6);
        } else {
            setCountAxis(axisX, top * 1.1);
        }
        axisX->setTitleText(unitName);
        chart->addAxis(axisY, Qt::AlignLeft);
        chart->addAxis(axisX, Qt::AlignBottom);
        series->attachAxis(axisY);
        series->attachAxis(axisX);
        chart->legend()->setVisible(false); // the note below says which bar is which
        chart->setTitle(measured == 0 ? tr("%1: nothing measured yet").arg(names[k])
                                      : tr("%1 per severity and category (%2)").arg(names[k], unitName));
        m_points += measured > 0 ? int(shown) : 0;
    }
    QStringList note;
    if (rows.size() > shown)
        note << tr("%n more severity and category pair(s) not shown.", nullptr, int(rows.size() - shown));
    if (drillsLeftOut > 0)
        note << tr("%n drill(s) left out.", nullptr, drillsLeftOut);
    note.prepend(tr("Dark bar: the median (p50), half of the incidents were faster; light bar: p90, nine in ten "
                    "were."));
    m_charts->responseNote->setText(note.join(u' '));
    Q_EMIT responseTimesShown();
}

void ChartsView::refresh()
{
    m_dirty = false;
    m_points = 0;
    loadResponseTimes();
    const int rows = m_model->rowCount();
    QMap<QString, int> byCategory;
    QList<int> confidenceBuckets(10, 0);
    // Minutes from creation to acknowledge, mitigate and resolve, per day of the event.
    QMap<QDate, QList<double>> minutesTo[3];
    int closedWithoutTime = 0;
    QList<QPair<qint64, int>> depthEvents; // msecs, +1/-1
    depthEvents.reserve(rows * 2);
    for (int r = 0; r < rows; ++r) {
        const QString category = m_model->category(r);
        ++byCategory[category.isEmpty() ? tr("not analysed") : QString(category).replace(u'_', u' ')];
        const double conf = m_model->confidence(r);
        if (conf >= 0)
            ++confidenceBuckets[std::clamp(int(conf * 10.0), 0, 9)];
        const IncidentQueueModel::Times t = m_model->times(r);
        if (t.created == 0)
            continue;
        depthEvents.append({t.created, +1});
        const qint64 at[3] = {t.acknowledged, t.mitigated, t.resolved};
        for (int k = 0; k < 3; ++k) {
            if (at[k] >= t.created) {
                const QDate day = QDateTime::fromMSecsSinceEpoch(at[k]).date();
                minutesTo[k][day].append(double(at[k] - t.created) / 60'000.0);
            }
        }
        // Resolved incidents leave the queue when they were resolved; without
        // resolved_at (an older coordinator) nobody knows when, so they are not counted.
        if (IncidentQueueModel::isOver(m_model->state(r))) {
            if (t.resolved > 0)
                depthEvents.append({t.resolved, -1});
            else
                ++closedWithoutTime;
        }
    }

    // By category: a horizontal bar per category, largest first.
    clearChart(m_charts->category);
    {
        QList<QPair<int, QString>> sorted;
        for (auto it = byCategory.begin(); it != byCategory.end(); ++it)
            sorted.append({it.value(), it.key()});
        std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        if (sorted.size() > 12)
            sorted = sorted.mid(sorted.size() - 12);
        auto *set = new QBarSet(tr("Incidents"));
        set->setColor(QColor(0x15, 0x65, 0xc0));
        QStringList labels;
        int max = 1;
        for (const auto &p : std::as_const(sorted)) {
            *set << p.first;
            labels << p.second;
            max = std::max(max, p.first);
        }
        auto *series = new QHorizontalBarSeries;
        series->append(set);
        m_charts->category->addSeries(series);
        auto *axisY = new QBarCategoryAxis;
        axisY->append(labels);
        auto *axisX = new QValueAxis;
        setCountAxis(axisX, max);
        m_charts->category->addAxis(axisY, Qt::AlignLeft);
        m_charts->category->addAxis(axisX, Qt::AlignBottom);
        series->attachAxis(axisY);
        series->attachAxis(axisX);
        m_charts->category->legend()->hide();
        m_charts->category->setTitle(rows == 0 ? tr("Incidents by category: no incidents yet")
                                               : tr("Incidents by category"));
        m_points += int(sorted.size());
    }

    // Confidence: ten buckets.
    clearChart(m_charts->confidence);
    {
        auto *set = new QBarSet(tr("Incidents"));
        set->setColor(QColor(0x6a, 0x1b, 0x9a));
        QStringList labels;
        int max = 1;
        int analysed = 0;
        for (int b = 0; b < 10; ++b) {
            *set << confidenceBuckets.at(b);
            labels << u"%1–%2"_s.arg(b * 10).arg(b * 10 + 10);
            max = std::max(max, confidenceBuckets.at(b));
            analysed += confidenceBuckets.at(b);
        }
        auto *series = new QBarSeries;
        series->append(set);
        m_charts->confidence->addSeries(series);
        auto *axisX = new QBarCategoryAxis;
        axisX->append(labels);
        axisX->setTitleText(tr("confidence %"));
        axisX->setTruncateLabels(false); // "10–20" reads better a little close than cut to "10–…"
        auto *axisY = new QValueAxis;
        setCountAxis(axisY, max);
        axisY->setTitleText(tr("incidents"));
        m_charts->confidence->addAxis(axisX, Qt::AlignBottom);
        m_charts->confidence->addAxis(axisY, Qt::AlignLeft);
        series->attachAxis(axisX);
        series->attachAxis(axisY);
        m_charts->confidence->legend()->hide();
        m_charts->confidence->setTitle(analysed == 0 ? tr("Confidence of the analysis: nothing analysed yet")
                                                     : tr("Confidence of the analysis"));
        m_points += 10;
    }

    // Time to acknowledge, mitigate and resolve: the median per day, in minutes.
    clearChart(m_charts->timeTo);
    {
        const QString names[3] = {tr("acknowledge"), tr("mitigate"), tr("resolve")};
        const QColor colors[3] = {QColor(0x15, 0x65, 0xc0), QColor(0xef, 0x6c, 0x00), QColor(0x2e, 0x7d, 0x32)};
        QDate first;
        QDate last;
        double maxMinutes = 0;
        int measured = 0;
        QList<QLineSeries *> series;
        for (int k = 0; k < 3; ++k) {
            auto *line = new QLineSeries;
            line->setName(tr("%1 (%n incident(s))", nullptr,
                             int(std::accumulate(minutesTo[k].cbegin(), minutesTo[k].cend(), qsizetype(0),
                                                 [](qsizetype n, const QList<double> &v) { return n + v.size(); })))
                              .arg(names[k]));
            line->setColor(colors[k]);
            line->setPointsVisible(true);
            QPen pen = line->pen();
            pen.setWidthF(2.5);
            line->setPen(pen);
            for (auto it = minutesTo[k].begin(); it != minutesTo[k].end(); ++it) {
                QList<double> v = it.value();
                std::sort(v.begin(), v.end());
                const double median
                    = v.size() % 2 ? v.at(v.size() / 2) : (v.at(v.size() / 2 - 1) + v.at(v.size() / 2)) / 2.0;
                line->append(double(it.key().startOfDay().addSecs(12 * 3600).toMSecsSinceEpoch()), median);
                maxMinutes = std::max(maxMinutes, median);
                first = first.isValid() ? std::min(first, it.key()) : it.key();
                last = last.isValid() ? std::max(last, it.key()) : it.key();
                measured += int(v.size());
            }
            series.append(line);
        }
        auto *axisX = new QDateTimeAxis;
        axisX->setFormat(dayMonthFormat());
        auto *axisY = new QValueAxis;
        setMinutesAxis(axisY, maxMinutes);
        axisY->setTitleText(tr("minutes"));
        if (measured == 0) {
            const QDate today = QDate::currentDate();
            first = today.addDays(-6);
            last = today;
        }
        // Whole days around the points; a tick a day up to two weeks.
        const QDate from = first.addDays(-1);
        const QDate to = last.addDays(1);
        axisX->setRange(from.startOfDay(), to.startOfDay().addSecs(86399));
        axisX->setTickCount(int(std::clamp<qint64>(from.daysTo(to) + 1, 2, 15)));
        m_charts->timeTo->addAxis(axisX, Qt::AlignBottom);
        m_charts->timeTo->addAxis(axisY, Qt::AlignLeft);
        for (QLineSeries *line : std::as_const(series)) {
            m_charts->timeTo->addSeries(line);
            line->attachAxis(axisX);
            line->attachAxis(axisY);
            m_points += int(line->count());
        }
        QString title;
        if (measured == 0)
            title = tr("Time to acknowledge, mitigate and resolve: no incident has reached these yet");
        else
            title = tr("Time to acknowledge, mitigate and resolve (minutes, median per day)");
        if (closedWithoutTime > 0)
            title += u"<br><small>"_s
                + tr("%n closed incident(s) without a resolve time from the coordinator are not counted", nullptr,
                     closedWithoutTime)
                + u"</small>"_s;
        m_charts->timeTo->setTitle(title);
        m_charts->timeTo->legend()->setVisible(true);
    }

    // Queue depth over time: open incidents after each change, at most ~300 points.
    clearChart(m_charts->depth);
    {
        std::sort(depthEvents.begin(), depthEvents.end());
        auto *series = new QLineSeries;
        series->setName(tr("open incidents"));
        const qsizetype step = std::max<qsizetype>(1, depthEvents.size() / 300);
        int open = 0;
        int maxOpen = 1;
        for (qsizetype i = 0; i < depthEvents.size(); ++i) {
            open += depthEvents.at(i).second;
            maxOpen = std::max(maxOpen, open);
            if (i % step == 0 || i == depthEvents.size() - 1)
                series->append(double(depthEvents.at(i).first), open);
        }
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        series->append(double(nowMs), open);
        m_charts->depth->addSeries(series);
        auto *axisX = new QDateTimeAxis;
        axisX->setTickCount(5);
        const qint64 first = depthEvents.isEmpty() ? nowMs - 3'600'000 : depthEvents.first().first;
        const qint64 span = nowMs - first;
        axisX->setFormat(span > 3 * 86'400'000LL      ? dayMonthFormat()
                             : span > 6 * 3'600'000LL ? dayMonthFormat() + u" HH:mm"_s
                             : span > 3'600'000LL     ? u"HH:mm"_s
                                                      : u"HH:mm:ss"_s);
        axisX->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(nowMs));
        auto *axisY = new QValueAxis;
        setCountAxis(axisY, maxOpen);
        axisY->setTitleText(tr("open"));
        m_charts->depth->addAxis(axisX, Qt::AlignBottom);
        m_charts->depth->addAxis(axisY, Qt::AlignLeft);
        series->attachAxis(axisX);
        series->attachAxis(axisY);
        m_charts->depth->legend()->hide();
        QString title
            = depthEvents.isEmpty() ? tr("Queue depth: no incidents yet") : tr("Queue depth (open incidents)");
        if (closedWithoutTime > 0)
            title += u"<br><small>"_s
                + tr("%n closed incident(s) without a resolve time still count as open", nullptr, closedWithoutTime)
                + u"</small>"_s;
        m_charts->depth->setTitle(title);
        m_points += int(series->count());
    }
}

} // namespace warroom
