#include "wallview.h"

#include "apiclient.h"
#include "asyncreply.h"
#include "detailmodels.h"
#include "incidentqueuemodel.h"

#include <QDateTime>
#include <QGridLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

/// 1..4 for "SEV1".."SEV4" (the coordinator's spelling, models/enums.cpp; any case), 9 otherwise.
int severityRank(const QString &severity)
{
    const QString s = severity.trimmed().toUpper();
    if (!s.startsWith(u"SEV"_s))
        return 9;
    bool ok = false;
    const int n = QStringView(s).mid(3).trimmed().toInt(&ok);
    return ok && n >= 1 && n <= 4 ? n : 9;
}

QString severityOf(const QJsonObject &summary)
{
    const QString sev = summary.value(u"severity"_s).toString();
    if (severityRank(sev) < 9)
        return sev;
    return summary.value(u"proposed_severity"_s).toString(sev);
}

QLabel *bigLabel(QWidget *parent, int points, bool bold, const QString &name)
{
    auto *label = new QLabel(parent);
    QFont f = label->font();
    f.setPointSize(points);
    f.setBold(bold);
    label->setFont(f);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setFocusPolicy(Qt::NoFocus);
    return label;
}

} // namespace

WallView::WallView(ApiClient &client, IncidentQueueModel *model, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_model(model)
{
    setObjectName(u"wallView"_s);
    setAccessibleName(tr("Active major incident"));
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, QColor(0x0b, 0x0d, 0x10));
    pal.setColor(QPalette::WindowText, QColor(0xf5, 0xf5, 0xf5));
    setPalette(pal);
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(24, 16, 24, 16);
    grid->setHorizontalSpacing(32);
    m_sev = bigLabel(this, 44, true, u"wallSeverity"_s);
    m_sev->setAlignment(Qt::AlignCenter);
    m_sev->setMinimumWidth(220);
    m_title = bigLabel(this, 36, true, u"wallTitle"_s);
    // Long titles wrap onto a second line instead of being cut.
    m_title->setMinimumHeight(QFontMetrics(m_title->font()).lineSpacing() * 2 + 4);
    m_title->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::MinimumExpanding);
    m_title->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_elapsed = bigLabel(this, 32, false, u"wallElapsed"_s);
    m_step = bigLabel(this, 30, false, u"wallStep"_s);
    m_approvals = bigLabel(this, 30, true, u"wallApprovals"_s);
    m_command = bigLabel(this, 28, false, u"wallCommand"_s);
    m_tasks = bigLabel(this, 30, true, u"wallTasks"_s);
    m_tasks->hide();
    m_counter = bigLabel(this, 28, false, u"wallCounter"_s);
    m_counter->setAlignment(Qt::AlignRight | Qt::AlignTop);
    grid->addWidget(m_sev, 0, 0, 3, 1);
    grid->addWidget(m_title, 0, 1, 1, 2);
    grid->addWidget(m_elapsed, 1, 1);
    grid->addWidget(m_counter, 1, 2);
    grid->addWidget(m_step, 2, 1, 1, 2);
    grid->addWidget(m_approvals, 3, 1, 1, 2);
    grid->addWidget(m_command, 4, 1, 1, 2);
    grid->addWidget(m_tasks, 5, 1, 1, 2);
    grid->setColumnStretch(1, 1);

    m_rotate.setInterval(10000);
    connect(&m_rotate, &QTimer::timeout, this, &WallView::rotate);
    m_rotate.start();
    // Live changes come in bursts (a step starts, its run reports): one read after them.
    m_reread.setSingleShot(true);
    m_reread.setInterval(300);
    connect(&m_reread, &QTimer::timeout, this, &WallView::readDetail);
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &WallView::render);
    m_clock.start();
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_shown == 0 || m_model->rowOf(m_shown) < 0)
            rotate();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_shown == 0)
            rotate();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &tl, const QModelIndex &br) {
        const int row = m_model->rowOf(m_shown);
        if (row >= tl.row() && row <= br.row()) {
            const QJsonObject before = m_summary;
            m_summary = m_model->summary(row);
            render();
            // A step moved on or was approved: read the current step and approvals again.
            for (const auto &key : {u"current_step"_s, u"steps_pending"_s, u"state"_s, u"updated_at"_s}) {
                if (before.value(key) != m_summary.value(key)) {
                    // Not restarted by each change: a run reporting every 100 ms still refreshes.
                    if (!m_reread.isActive())
                        m_reread.start();
                    break;
                }
            }
        }
    });
    if (m_model->rowCount() > 0)
        rotate(); // the queue was there before the wall
    else
        render();
}

QList<qint64> WallView::activeMajorIncidents() const
{
    struct Item
    {
        qint64 id;
        int candidate; ///< 0 declared, 1 candidate: declared major incidents come first
        int severity;
        int priority;
    };
    QList<Item> items;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const QJsonObject s = m_model->summary(r);
        const QString major = s.value(u"major"_s).toString();
        const bool candidate = major == u"candidate"_s || (major.isEmpty() && s.value(u"mim_required"_s).toBool());
        if (major != u"declared"_s && !candidate)
            continue;
        if (IncidentQueueModel::isOver(s.value(u"state"_s).toString()))
            continue;
        const int priority = s.value(u"priority"_s).toString().mid(1).toInt();
        items.append({s.value(u"id"_s).toInteger(), major == u"declared"_s ? 0 : 1, severityRank(severityOf(s)),
                      priority > 0 ? priority : 9});
    }
    std::sort(items.begin(), items.end(), [](const Item &a, const Item &b) {
        return std::tie(a.candidate, a.severity, a.priority, a.id)
            < std::tie(b.candidate, b.severity, b.priority, b.id);
    });
    QList<qint64> ids;
    for (const Item &i : std::as_const(items))
        ids.append(i.id);
    return ids;
}

void WallView::rotate()
{
    const QList<qint64> ids = activeMajorIncidents();
    if (ids.isEmpty()) {
        m_shown = 0;
        m_summary = {};
        render();
        return;
    }
    const qsizetype at = ids.indexOf(m_shown);
    m_shown = ids.at(at < 0 ? 0 : (at + 1) % ids.size());
    m_summary = m_model->summary(m_model->rowOf(m_shown));
    m_step->clear();
    m_approvals->clear();
    m_approvals->setStyleSheet({});
    render();
    readDetail();
}

void WallView::readDetail()
{
    // The current step's title and the approvals it still needs: a read.
    const qint64 id = m_shown;
    if (id == 0)
        return;
    // Only the latest read shows: an older answer arriving after a newer one is dropped.
    const quint64 read = ++m_reads;
    onAnswer(m_client.incident(id), this, [this, id, read](const ApiResponse &r) {
        if (m_shown == id && read == m_reads && r.ok())
            renderDetail(r.json);
    });
}

void WallView::render()
{
    const QList<qint64> ids = activeMajorIncidents();
    if (m_shown == 0 || m_summary.isEmpty()) {
        m_sev->setText(u"✓"_s);
        m_sev->setStyleSheet(u"background:#1b5e20;color:white;border-radius:12px;padding:12px;"_s);
        m_title->setText(tr("No active major incident"));
        m_elapsed->clear();
        m_step->clear();
        m_approvals->clear();
        m_command->clear();
        m_tasks->hide();
        m_counter->clear();
        return;
    }
    const int rank = severityRank(severityOf(m_summary));
    m_sev->setText(rank < 9 ? tr("SEV %1").arg(rank) : tr("SEV ?"));
    // SEV1 red, SEV2 orange, the rest amber; grey when nobody knows yet.
    static const QString kSevStyle = u"border-radius:12px;padding:12px;background:%1;color:%2;"_s;
    m_sev->setStyleSheet(rank == 1       ? kSevStyle.arg(u"#d50000"_s, u"white"_s)
                             : rank == 2 ? kSevStyle.arg(u"#ff6d00"_s, u"black"_s)
                             : rank < 9  ? kSevStyle.arg(u"#ffd600"_s, u"black"_s)
                                         : kSevStyle.arg(u"#616161"_s, u"white"_s));
    const QString major = m_summary.value(u"major"_s).toString();
    m_title->setText(u"%1  %2%3"_s.arg(m_summary.value(u"key"_s).toString(), m_summary.value(u"title"_s).toString(),
                                       major == u"declared"_s ? QString() : tr("  (candidate)")));
    const QDateTime created = QDateTime::fromString(m_summary.value(u"created_at"_s).toString(), Qt::ISODateWithMs);
    const qint64 secs = created.isValid() ? std::max<qint64>(0, created.secsTo(QDateTime::currentDateTimeUtc())) : 0;
    m_elapsed->setText(tr("Elapsed %1:%2:%3 · %4 · %5")
                           .arg(secs / 3600)
                           .arg((secs / 60) % 60, 2, 10, QLatin1Char('0'))
                           .arg(secs % 60, 2, 10, QLatin1Char('0'))
                           .arg(m_summary.value(u"service"_s).toString(),
                                IncidentQueueModel::stateLabel(m_summary.value(u"state"_s).toString())));
    if (m_step->text().isEmpty()) {
        const QString current = m_summary.value(u"current_step"_s).toString();
        m_step->setText(current.isEmpty() ? tr("No step running or waiting") : tr("Current step: %1").arg(current));
    }
    if (m_approvals->text().isEmpty())
        m_approvals->setText(tr("%n step(s) pending", nullptr, m_summary.value(u"steps_pending"_s).toInt()));
    m_counter->setText(tr("%1 of %2").arg(ids.indexOf(m_shown) + 1).arg(ids.size()));
    // Who runs it, for anyone walking into the room; no commander on a
    // declared major incident is itself something to act on.
    const QString commander = m_summary.value(u"commander"_s).toString();
    const QString comms = m_summary.value(u"comms_lead"_s).toString();
    if (commander.isEmpty()) {
        m_command->setText(major == u"declared"_s ? tr("No incident commander yet") : QString());
        m_command->setStyleSheet(u"color:#ffd740;"_s);
    } else {
        m_command->setText(comms.isEmpty() ? tr("Commander: %1").arg(commander)
                                           : tr("Commander: %1 · Comms: %2").arg(commander, comms));
        m_command->setStyleSheet({});
    }
    // Tasks escalated to the commander: blocked, or past their due time.
    const int blocked = m_summary.value(u"tasks_blocked"_s).toInt();
    const int overdue = m_summary.value(u"tasks_overdue"_s).toInt();
    QStringList tasks;
    if (blocked > 0)
        tasks.append(tr("%n task(s) blocked", nullptr, blocked));
    if (overdue > 0)
        tasks.append(tr("%n task(s) overdue", nullptr, overdue));
    m_tasks->setText(u"⚠ "_s + tasks.join(u" · "_s));
    m_tasks->setStyleSheet(u"color:#ff5252;"_s);
    m_tasks->setVisible(!tasks.isEmpty());
}

void WallView::renderDetail(const QJsonObject &workflow)
{
    const QJsonArray steps = workflow.value(u"plan"_s).toObject().value(u"steps"_s).toArray();
    const QJsonArray status = workflow.value(u"approval_status"_s).toArray();
    QString current;
    int waiting = 0;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QJsonObject s = steps.at(i).toObject();
        const QJsonObject a = status.at(i).toObject();
        const QString state = s.value(u"state"_s).toString();
        if (current.isEmpty() && (state == u"running"_s || state == u"pending"_s))
            current = u"%1 · %2 (%3)"_s.arg(s.value(u"id"_s).toString(), s.value(u"title"_s).toString(),
                                            PlanStepsModel::stateLabel(state));
        if (state == u"pending"_s && !a.value(u"satisfied"_s).toBool())
            waiting += std::max(0, a.value(u"needed"_s).toInt() - int(a.value(u"approvers"_s).toArray().size()));
    }
    m_step->setText(current.isEmpty() ? tr("No step running or waiting") : tr("Current step: %1").arg(current));
    m_approvals->setText(waiting == 0 ? tr("No approvals pending") : tr("%n approval(s) pending", nullptr, waiting));
    m_approvals->setStyleSheet(waiting == 0 ? u"color:#69f0ae;"_s : u"color:#ffd740;"_s);
}

} // namespace warroom
