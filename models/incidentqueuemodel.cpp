#include "incidentqueuemodel.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace warroom {

IncidentQueueModel::IncidentQueueModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_classMajor(tr("MAJOR", "declared major incident"))
    , m_classCandidate(tr("major?", "major-incident candidate awaiting a decision"))
    , m_classStandard(tr("standard"))
    , m_classUntriaged(tr("untriaged"))
{ }

QString IncidentQueueModel::stateText(const QString &state)
{
    const auto it = m_stateTexts.constFind(state);
    if (it != m_stateTexts.constEnd())
        return *it;
    const QString text = stateLabel(state);
    if (m_stateTexts.size() < 64)
        m_stateTexts.insert(state, text);
    return text;
}

int IncidentQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int IncidentQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString IncidentQueueModel::shared(const QString &s)
{
    if (s.isEmpty())
        return {};
    const auto it = m_pool.constFind(s);
    if (it != m_pool.constEnd())
        return *it;
    if (m_pool.size() < 100000)
        m_pool.insert(s, s);
    return s;
}

namespace {

int digits(const QString &s, qsizetype at, qsizetype count)
{
    int v = 0;
    for (qsizetype i = at; i < at + count; ++i) {
        const char16_t c = s.at(i).unicode();
        if (c < u'0' || c > u'9')
            return -1;
        v = v * 10 + (c - u'0');
    }
    return v;
}

qint64 parseMs(const QString &iso)
{
    if (iso.isEmpty())
        return 0;
    // The coordinator's own format, "2026-11-22T08:00:00.000Z", without QDateTime's parser (100,000 rows).
    if (iso.size() == 24 && iso.at(4) == u'-' && iso.at(7) == u'-' && iso.at(10) == u'T' && iso.at(13) == u':'
        && iso.at(16) == u':' && iso.at(19) == u'.' && iso.at(23) == u'Z') {
        const int y = digits(iso, 0, 4), mo = digits(iso, 5, 2), d = digits(iso, 8, 2), h = digits(iso, 11, 2),
                  mi = digits(iso, 14, 2), sec = digits(iso, 17, 2), ms = digits(iso, 20, 3);
        const QDate date(y, mo, d);
        if (date.isValid() && h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 && sec < 61 && ms >= 0)
            return (date.toJulianDay() - 2440588) * 86400000LL + h * 3600000LL + mi * 60000LL + sec * 1000LL + ms;
    }
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

QString isoMs(qint64 ms)
{
    return ms == 0 ? QString() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

IncidentQueueModel::Row IncidentQueueModel::makeRow(const QJsonObject &summary)
{
    Row row;
    row.id = summary.value(u"id"_s).toInteger();
    row.key = summary.value(u"key"_s).toString();
    row.title = summary.value(u"title"_s).toString();
    row.service = shared(summary.value(u"service"_s).toString());
    row.priorityText = shared(summary.value(u"priority"_s).toString());
    row.owner = shared(summary.value(u"owner"_s).toString());
    row.state = shared(summary.value(u"state"_s).toString());
    row.stateText = stateText(row.state);
    row.major = shared(summary.value(u"major"_s).toString());
    row.majorBy = shared(summary.value(u"major_by"_s).toString());
    row.commander = shared(summary.value(u"commander"_s).toString());
    row.commsLead = shared(summary.value(u"comms_lead"_s).toString());
    row.category = shared(summary.value(u"category"_s).toString());
    row.severity = shared(summary.value(u"severity"_s).toString());
    row.proposedSeverity = shared(summary.value(u"proposed_severity"_s).toString());
    row.currentStep = shared(summary.value(u"current_step"_s).toString());
    row.source = shared(summary.value(u"source"_s).toString());
    row.createdMs = parseMs(summary.value(u"created_at"_s).toString());
    row.updatedMs = parseMs(summary.value(u"updated_at"_s).toString());
    row.acknowledgedMs = parseMs(summary.value(u"acknowledged_at"_s).toString());
    row.mitigatedMs = parseMs(summary.value(u"mitigated_at"_s).toString());
    row.resolvedMs = parseMs(summary.value(u"resolved_at"_s).toString());
    row.triaged = summary.contains(u"mim_required"_s);
    row.mimRequired = summary.value(u"mim_required"_s).toBool();
    row.confidence = row.triaged ? summary.value(u"confidence"_s).toDouble() : -1.0;
    row.steps = summary.value(u"steps"_s).toInt();
    row.stepsPending = summary.value(u"steps_pending"_s).toInt();
    row.tasksBlocked = summary.value(u"tasks_blocked"_s).toInt();
    row.tasksOverdue = summary.value(u"tasks_overdue"_s).toInt();
    row.taskDueMs = parseMs(summary.value(u"task_due_at"_s).toString());
    const QString &p = row.priorityText;
    row.priority = (p.size() == 2 && p.at(0) == u'P') ? p.mid(1).toInt() : 0;
    // A person's decision first, then what triage proposed.
    if (row.major == "declared"_L1)
        row.classText = m_classMajor;
    else if (row.major == "rejected"_L1)
        row.classText = m_classStandard;
    else if (row.major == "candidate"_L1 || (row.triaged && row.mimRequired))
        row.classText = m_classCandidate;
    else
        row.classText = row.triaged ? m_classStandard : m_classUntriaged;
    return row;
}

QJsonObject IncidentQueueModel::summary(int r) const
{
    if (r < 0 || r >= m_rows.size())
        return {};
    const Row &row = m_rows.at(r);
    QJsonObject o {{u"id"_s, row.id},
                   {u"key"_s, row.key},
                   {u"title"_s, row.title},
                   {u"service"_s, row.service},
                   {u"priority"_s, row.priorityText},
                   {u"owner"_s, row.owner},
                   {u"state"_s, row.state},
                   {u"major"_s, row.major},
                   {u"major_by"_s, row.majorBy},
                   {u"severity"_s, row.severity},
                   {u"source"_s, row.source},
                   {u"created_at"_s, isoMs(row.createdMs)},
                   {u"updated_at"_s, isoMs(row.updatedMs)},
                   {u"steps"_s, row.steps},
                   {u"steps_pending"_s, row.stepsPending},
                   {u"current_step"_s, row.currentStep}};
    if (!row.commander.isEmpty())
        o.insert(u"commander"_s, row.commander);
    if (!row.commsLead.isEmpty())
        o.insert(u"comms_lead"_s, row.commsLead);
    if (row.acknowledgedMs)
        o.insert(u"acknowledged_at"_s, isoMs(row.acknowledgedMs));
    if (row.mitigatedMs)
        o.insert(u"mitigated_at"_s, isoMs(row.mitigatedMs));
    if (row.resolvedMs)
        o.insert(u"resolved_at"_s, isoMs(row.resolvedMs));
    if (row.tasksBlocked)
        o.insert(u"tasks_blocked"_s, row.tasksBlocked);
    if (row.tasksOverdue)
        o.insert(u"tasks_overdue"_s, row.tasksOverdue);
    if (row.taskDueMs)
        o.insert(u"task_due_at"_s, isoMs(row.taskDueMs));
    if (row.triaged) {
        o.insert(u"category"_s, row.category);
        o.insert(u"mim_required"_s, row.mimRequired);
        o.insert(u"confidence"_s, double(row.confidence));
        o.insert(u"proposed_severity"_s, row.proposedSeverity);
    }
    return o;
}

IncidentQueueModel::Times IncidentQueueModel::times(int r) const
{
    if (r < 0 || r >= m_rows.size())
        return {};
    const Row &row = m_rows.at(r);
    return {row.createdMs, row.acknowledgedMs, row.mitigatedMs, row.resolvedMs, row.updatedMs};
}

bool IncidentQueueModel::isOver(const QString &state)
{
    return state == u"resolved"_s || state == u"closed"_s || state == u"rolled_back"_s;
}

IncidentQueueModel::SortKey IncidentQueueModel::sortKeyOf(const Row &row)
{
    return {row.id, row.createdMs, float(row.confidence), row.priority == 0 ? 9 : row.priority, isOver(row.state)};
}

bool IncidentQueueModel::lessThan(int l, int r, int column, Qt::SortOrder order) const
{
    // The numeric columns from the compact keys; the text columns from the rows.
    const SortKey &ka = m_keys.at(l);
    const SortKey &kb = m_keys.at(r);
    switch (Column(column)) {
    case KeyColumn: return ka.id < kb.id;
    case PriorityColumn:
        // What still burns first: a resolved P1 is below an open P4, also
        // sorted the other way round (the view reverses what this answers).
        if (ka.over != kb.over)
            return order == Qt::AscendingOrder ? !ka.over : ka.over;
        return ka.priority != kb.priority ? ka.priority < kb.priority
                                          : ka.createdMs > kb.createdMs; // newest first within a priority
    case ConfidenceColumn: return ka.confidence < kb.confidence;
    case AgeColumn: return ka.createdMs > kb.createdMs; // youngest first
    default: break;
    }
    const Row &a = m_rows.at(l);
    const Row &b = m_rows.at(r);
    switch (Column(column)) {
    case KeyColumn:
    case PriorityColumn:
    case ConfidenceColumn:
    case AgeColumn: break;
    case ServiceColumn: return a.service < b.service;
    case ClassColumn: return a.classText < b.classText;
    case StateColumn: return a.stateText < b.stateText;
    case TasksColumn: {
        // The tasks that need the commander first: blocked, then overdue.
        const int oa = overdueOf(a);
        const int ob = overdueOf(b);
        return a.tasksBlocked != b.tasksBlocked ? a.tasksBlocked > b.tasksBlocked : oa > ob;
    }
    case OwnerColumn: return a.owner < b.owner;
    case TitleColumn: return a.title < b.title;
    case ColumnCount: break;
    }
    return false;
}

bool IncidentQueueModel::matches(int r, const QString &text) const
{
    if (text.isEmpty())
        return true;
    const Row &row = m_rows.at(r);
    for (const QString *field : {&row.key, &row.priorityText, &row.service, &row.classText, &row.stateText, &row.owner,
                                 &row.title, &row.category})
        if (field->contains(text, Qt::CaseInsensitive))
            return true;
    if (row.tasksBlocked > 0 || row.taskDueMs > 0)
        return tasksText(row).contains(text, Qt::CaseInsensitive);
    return false;
}

int IncidentQueueModel::overdueOf(const Row &row) const
{
    // The coordinator escalates every tasks.check_seconds; the console knows the
    // earliest due time and marks the task late as soon as it passes.
    const bool late = row.taskDueMs > 0 && row.taskDueMs <= now().toMSecsSinceEpoch();
    return std::max(row.tasksOverdue, late ? 1 : 0);
}

int IncidentQueueModel::tasksOverdue(int row) const
{
    return overdueOf(m_rows.at(row));
}

QString IncidentQueueModel::tasksText(const Row &row) const
{
    QStringList parts;
    if (row.tasksBlocked > 0)
        parts.append(tr("%n blocked", "tasks", row.tasksBlocked));
    if (const int overdue = overdueOf(row); overdue > 0)
        parts.append(tr("%n overdue", "tasks", overdue));
    return parts.join(u" · "_s);
}

QDateTime IncidentQueueModel::now() const
{
    return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
}

QString IncidentQueueModel::ageText(const QDateTime &created) const
{
    if (!created.isValid())
        return {};
    const qint64 s = std::max<qint64>(0, created.secsTo(now()));
    if (s < 60)
        return tr("%1 s", "age in seconds").arg(s);
    if (s < 3600)
        return tr("%1 min", "age in minutes").arg(s / 60);
    if (s < 86400)
        return tr("%1 h %2 min", "age").arg(s / 3600).arg(s / 60 % 60);
    return tr("%1 d %2 h", "age").arg(s / 86400).arg(s / 3600 % 24);
}

QString IncidentQueueModel::stateLabel(const QString &state)
{
    static const QHash<QString, const char *> kLabels {
        {u"new"_s, QT_TR_NOOP("new")},
        {u"triaged"_s, QT_TR_NOOP("triaged")},
        {u"planned"_s, QT_TR_NOOP("planned")},
        {u"awaiting_approval"_s, QT_TR_NOOP("awaiting approval")},
        {u"executing"_s, QT_TR_NOOP("executing")},
        {u"validating"_s, QT_TR_NOOP("validating")},
        {u"resolved"_s, QT_TR_NOOP("resolved")},
        {u"failed"_s, QT_TR_NOOP("failed")},
        {u"escalated"_s, QT_TR_NOOP("escalated")},
        {u"rolled_back"_s, QT_TR_NOOP("rolled back")},
        {u"closed"_s, QT_TR_NOOP("closed")},
    };
    const auto it = kLabels.constFind(state);
    return it == kLabels.constEnd() ? state : tr(*it);
}

QVariant IncidentQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const QDateTime created = row.createdMs ? QDateTime::fromMSecsSinceEpoch(row.createdMs, Qt::UTC) : QDateTime();
    switch (role) {
    case IncidentIdRole: return row.id;
    case PriorityRole: return row.priority;
    case StateRole: return row.state;
    case MimRequiredRole: return row.triaged ? QVariant(row.mimRequired) : QVariant();
    case ConfidenceRole: return row.triaged ? QVariant(double(row.confidence)) : QVariant();
    case CreatedAtRole: return created;
    case SummaryRole: return summary(index.row());
    case TaskAlertRole:
        if (row.tasksBlocked > 0)
            return u"blocked"_s;
        if (overdueOf(row) > 0)
            return u"overdue"_s;
        return QString();
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn)
            return row.title;
        if (index.column() == TasksColumn && (row.tasksBlocked > 0 || overdueOf(row) > 0))
            return tr("People's tasks that are blocked or past their due time: the commander is told. "
                      "Open the incident's plan to see them.");
        return {};
    case SortRole:
        switch (index.column()) {
        case KeyColumn: return row.id;
        case PriorityColumn: return row.priority == 0 ? 9 : row.priority;
        case ConfidenceColumn: return row.triaged ? double(row.confidence) : -1.0;
        case AgeColumn: return row.createdMs ? -row.createdMs : 0;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case KeyColumn: return row.key;
        case PriorityColumn: return row.priorityText;
        case ServiceColumn: return row.service;
        case ClassColumn: return row.classText;
        case ConfidenceColumn:
            return row.triaged ? QString::number(double(row.confidence) * 100.0, 'f', 0) + u'%' : QString();
        case StateColumn: return row.stateText;
        case TasksColumn: return (row.tasksBlocked > 0 || row.taskDueMs > 0) ? tasksText(row) : QString();
        case OwnerColumn: return row.owner;
        case AgeColumn: return ageText(created);
        case TitleColumn: return row.title;
        case ColumnCount: break;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == ConfidenceColumn || index.column() == AgeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: return {};
    }
}

QVariant IncidentQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case KeyColumn: return tr("ID");
    case PriorityColumn: return tr("Priority");
    case ServiceColumn: return tr("Service");
    case ClassColumn: return tr("Classification");
    case ConfidenceColumn: return tr("Confidence");
    case StateColumn: return tr("Status");
    case TasksColumn: return tr("Tasks");
    case OwnerColumn: return tr("Owner");
    case AgeColumn: return tr("Age");
    case TitleColumn: return tr("Title");
    case ColumnCount: break;
    }
    return {};
}

QHash<int, QByteArray> IncidentQueueModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(IncidentIdRole, "incidentId");
    names.insert(PriorityRole, "priority");
    names.insert(StateRole, "state");
    names.insert(MimRequiredRole, "mimRequired");
    names.insert(ConfidenceRole, "confidence");
    names.insert(CreatedAtRole, "createdAt");
    names.insert(SortRole, "sort");
    names.insert(SummaryRole, "summary");
    names.insert(TaskAlertRole, "taskAlert");
    return names;
}

void IncidentQueueModel::resetFromSummaries(const QJsonArray &summaries)
{
    beginResetModel();
    m_rows.clear();
    m_keys.clear();
    m_rowById.clear();
    m_rows.reserve(summaries.size());
    m_keys.reserve(summaries.size());
    for (const QJsonValue &v : summaries) {
        Row row = makeRow(v.toObject());
        if (row.id <= 0 || m_rowById.contains(row.id))
            continue;
        m_rowById.insert(row.id, int(m_rows.size()));
        m_keys.append(sortKeyOf(row));
        m_rows.append(std::move(row));
    }
    endResetModel();
}

void IncidentQueueModel::upsertSummaries(const QList<QJsonObject> &summaries)
{
    QList<Row> fresh;
    QList<QPair<int, int>> changed; // row, first and last changed column packed
    for (const QJsonObject &s : summaries) {
        Row row = makeRow(s);
        if (row.id <= 0)
            continue;
        const int existing = m_rowById.value(row.id, -1);
        if (existing >= 0) {
            // Only the columns that really changed: a proxy sorted by an
            // unchanged column then has nothing to re-sort.
            const Row &old = m_rows.at(existing);
            const bool cols[ColumnCount]
                = {old.key != row.key,
                   old.priorityText != row.priorityText || isOver(old.state) != isOver(row.state),
                   old.service != row.service,
                   old.classText != row.classText,
                   old.confidence != row.confidence || old.triaged != row.triaged,
                   old.state != row.state,
                   old.tasksBlocked != row.tasksBlocked || old.tasksOverdue != row.tasksOverdue
                       || old.taskDueMs != row.taskDueMs,
                   old.owner != row.owner,
                   old.createdMs != row.createdMs,
                   old.title != row.title};
            int first = -1;
            int last = -1;
            for (int c = 0; c < ColumnCount; ++c) {
                if (cols[c]) {
                    first = first < 0 ? c : first;
                    last = c;
                }
            }
            m_keys[existing] = sortKeyOf(row);
            m_rows[existing] = std::move(row);
            // Roles outside the columns (summary, major, steps) changed too: say so on the first column at least.
            changed.append({existing, first < 0 ? 0 : (first << 8) | last});
            continue;
        }
        bool merged = false;
        for (Row &f : fresh) {
            if (f.id == row.id) {
                f = row;
                merged = true;
            }
        }
        if (!merged)
            fresh.append(std::move(row));
    }
    for (const auto &[row, cols] : std::as_const(changed))
        Q_EMIT dataChanged(index(row, cols >> 8), index(row, cols & 0xff));
    if (!fresh.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        for (Row &row : fresh) {
            m_rowById.insert(row.id, int(m_rows.size()));
            m_keys.append(sortKeyOf(row));
            m_rows.append(std::move(row));
        }
        endInsertRows();
    }
}

void IncidentQueueModel::applyEvent(const QJsonObject &event)
{
    const QJsonObject incident = event.value(u"incident"_s).toObject();
    if (!incident.isEmpty())
        upsertSummaries({incident});
}

} // namespace warroom
