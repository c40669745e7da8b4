#include "chartsview.h"

#include "incidentqueuemodel.h"

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
#include <QLineSeries>
#include <QMap>
#include <QValueAxis>

#include <algorithm>

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

bool isClosedState(const QString &state)
{
    return state == u"resolved"_s || state == u"closed"_s || state == u"rolled_back"_s;
}

} // namespace

class ChartsView::Charts
{
public:
    QChart *category = new QChart;
    QChart *timeTo = new QChart;
    QChart *confidence = new QChart;
    QChart *depth = new QChart;
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
    m_charts->timeTo->setTitle(tr("Time to resolve (hours, median per day)"));
    m_charts->confidence->setTitle(tr("Confidence of the analysis"));
    m_charts->depth->setTitle(tr("Queue depth (open incidents)"));
    grid->addWidget(makeChartView(m_charts->category, tr("Incidents by category"), this), 0, 0);
    grid->addWidget(makeChartView(m_charts->timeTo, tr("Time to resolve"), this), 0, 1);
    grid->addWidget(makeChartView(m_charts->confidence, tr("Confidence distribution"), this), 1, 0);
    grid->addWidget(makeChartView(m_charts->depth, tr("Queue depth"), this), 1, 1);
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

void ChartsView::refresh()
{
    m_dirty = false;
    m_points = 0;
    const int rows = m_model->rowCount();
    QMap<QString, int> byCategory;
    QList<int> confidenceBuckets(10, 0);
    QMap<QDate, QList<double>> resolveHours;
    QList<QPair<qint64, int>> depthEvents; // msecs, +1/-1
    depthEvents.reserve(rows * 2);
    for (int r = 0; r < rows; ++r) {
        const QJsonObject s = m_model->summary(r);
        const QString category = s.value(u"category"_s).toString();
        ++byCategory[category.isEmpty() ? tr("not analysed") : QString(category).replace(u'_', u' ')];
        const QJsonValue conf = s.value(u"confidence"_s);
        if (conf.isDouble())
            ++confidenceBuckets[std::clamp(int(conf.toDouble() * 10.0), 0, 9)];
        const QDateTime created = QDateTime::fromString(s.value(u"created_at"_s).toString(), Qt::ISODateWithMs);
        if (!created.isValid())
            continue;
        depthEvents.append({created.toMSecsSinceEpoch(), +1});
        if (isClosedState(s.value(u"state"_s).toString())) {
            const QDateTime updated = QDateTime::fromString(s.value(u"updated_at"_s).toString(), Qt::ISODateWithMs);
            if (updated.isValid()) {
                resolveHours[updated.toLocalTime().date()].append(double(created.msecsTo(updated)) / 3'600'000.0);
                depthEvents.append({updated.toMSecsSinceEpoch(), -1});
            }
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
        axisX->setRange(0, max);
        axisX->setLabelFormat(u"%d"_s);
        axisX->applyNiceNumbers();
        m_charts->category->addAxis(axisY, Qt::AlignLeft);
        m_charts->category->addAxis(axisX, Qt::AlignBottom);
        series->attachAxis(axisY);
        series->attachAxis(axisX);
        m_charts->category->legend()->hide();
        m_points += int(sorted.size());
    }

    // Confidence: ten buckets.
    clearChart(m_charts->confidence);
    {
        auto *set = new QBarSet(tr("Incidents"));
        set->setColor(QColor(0x6a, 0x1b, 0x9a));
        QStringList labels;
        int max = 1;
        for (int b = 0; b < 10; ++b) {
            *set << confidenceBuckets.at(b);
            labels << u"%1–%2"_s.arg(b * 10).arg(b * 10 + 10);
            max = std::max(max, confidenceBuckets.at(b));
        }
        auto *series = new QBarSeries;
        series->append(set);
        m_charts->confidence->addSeries(series);
        auto *axisX = new QBarCategoryAxis;
        axisX->append(labels);
        axisX->setTitleText(tr("confidence %"));
        auto *axisY = new QValueAxis;
        axisY->setRange(0, max);
        axisY->setLabelFormat(u"%d"_s);
        axisY->applyNiceNumbers();
        m_charts->confidence->addAxis(axisX, Qt::AlignBottom);
        m_charts->confidence->addAxis(axisY, Qt::AlignLeft);
        series->attachAxis(axisX);
        series->attachAxis(axisY);
        m_charts->confidence->legend()->hide();
        m_points += 10;
    }

    // Time to resolve: the median per day.
    clearChart(m_charts->timeTo);
    {
        auto *series = new QLineSeries;
        series->setName(tr("resolve (median)"));
        series->setPointsVisible(true);
        double maxH = 1;
        for (auto it = resolveHours.begin(); it != resolveHours.end(); ++it) {
            QList<double> v = it.value();
            std::sort(v.begin(), v.end());
            const double median = v.at(v.size() / 2);
            series->append(double(it.key().startOfDay().toMSecsSinceEpoch()), median);
            maxH = std::max(maxH, median);
        }
        m_charts->timeTo->addSeries(series);
        auto *axisX = new QDateTimeAxis;
        axisX->setFormat(u"dd.MM."_s);
        auto *axisY = new QValueAxis;
        axisY->setRange(0, maxH * 1.1);
        axisY->setTitleText(tr("hours"));
        if (resolveHours.isEmpty()) {
            const QDate today = QDate::currentDate();
            axisX->setRange(today.addDays(-7).startOfDay(), today.startOfDay());
            m_charts->timeTo->setTitle(tr("Time to resolve: nothing resolved yet"));
        } else {
            axisX->setRange(resolveHours.firstKey().addDays(-1).startOfDay(),
                            resolveHours.lastKey().addDays(1).startOfDay());
            m_charts->timeTo->setTitle(tr("Time to resolve (hours, median per day)"));
        }
        m_charts->timeTo->addAxis(axisX, Qt::AlignBottom);
        m_charts->timeTo->addAxis(axisY, Qt::AlignLeft);
        series->attachAxis(axisX);
        series->attachAxis(axisY);
        m_points += int(series->count());
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
        axisX->setFormat(span > 3 * 86'400'000LL  ? u"dd.MM."_s
                             : span > 3'600'000LL ? u"dd.MM. HH:mm"_s
                                                  : u"HH:mm:ss"_s);
        axisX->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(nowMs));
        auto *axisY = new QValueAxis;
        axisY->setRange(0, maxOpen + 1);
        axisY->setLabelFormat(u"%d"_s);
        axisY->applyNiceNumbers();
        m_charts->depth->addAxis(axisX, Qt::AlignBottom);
        m_charts->depth->addAxis(axisY, Qt::AlignLeft);
        series->attachAxis(axisX);
        series->attachAxis(axisY);
        m_charts->depth->legend()->hide();
        m_points += int(series->count());
    }
}

} // namespace warroom
