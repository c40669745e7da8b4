#include "incidentqueuemodel.h"

using namespace Qt::StringLiterals;

namespace warroom {

IncidentQueueModel::IncidentQueueModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int IncidentQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int IncidentQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

IncidentQueueModel::Row IncidentQueueModel::makeRow(const QJsonObject &summary)
{
    Row row;
    row.id = summary.value(u"id"_s).toInteger();
    row.json = summary;
    row.createdAt = QDateTime::fromString(summary.value(u"created_at"_s).toString(), Qt::ISODateWithMs);
    const QString p = summary.value(u"priority"_s).toString();
    row.priority = (p.size() == 2 && p.at(0) == u'P') ? p.mid(1).toInt() : 0;
    return row;
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
    const QJsonObject &o = row.json;
    const bool triaged = o.contains(u"mim_required"_s);
    switch (role) {
    case IncidentIdRole: return row.id;
    case PriorityRole: return row.priority;
    case StateRole: return o.value(u"state"_s).toString();
    case MimRequiredRole: return triaged ? QVariant(o.value(u"mim_required"_s).toBool()) : QVariant();
    case ConfidenceRole: return triaged ? QVariant(o.value(u"confidence"_s).toDouble()) : QVariant();
    case CreatedAtRole: return row.createdAt;
    case SummaryRole: return o;
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn)
            return o.value(u"title"_s).toString();
        return {};
    case SortRole:
        switch (index.column()) {
        case KeyColumn: return row.id;
        case PriorityColumn: return row.priority == 0 ? 9 : row.priority;
        case ConfidenceColumn: return triaged ? o.value(u"confidence"_s).toDouble() : -1.0;
        case AgeColumn: return row.createdAt.isValid() ? -row.createdAt.toMSecsSinceEpoch() : 0;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case KeyColumn: return o.value(u"key"_s).toString();
        case PriorityColumn: return o.value(u"priority"_s).toString();
        case ServiceColumn: return o.value(u"service"_s).toString();
        case ClassColumn: {
            // A person's decision first, then what triage proposed.
            const QString major = o.value(u"major"_s).toString();
            if (major == "declared"_L1)
                return tr("MAJOR", "declared major incident");
            if (major == "rejected"_L1)
                return tr("standard");
            if (major == "candidate"_L1)
                return tr("major?", "major-incident candidate awaiting a decision");
            if (!triaged)
                return tr("untriaged");
            return o.value(u"mim_required"_s).toBool() ? tr("major?", "major-incident candidate awaiting a decision")
                                                       : tr("standard");
        }
        case ConfidenceColumn:
            return triaged ? QString::number(o.value(u"confidence"_s).toDouble() * 100.0, 'f', 0) + u'%' : QString();
        case StateColumn: return stateLabel(o.value(u"state"_s).toString());
        case OwnerColumn: return o.value(u"owner"_s).toString();
        case AgeColumn: return ageText(row.createdAt);
        case TitleColumn: return o.value(u"title"_s).toString();
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
    return names;
}

void IncidentQueueModel::resetFromSummaries(const QJsonArray &summaries)
{
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    m_rows.reserve(summaries.size());
    for (const QJsonValue &v : summaries) {
        Row row = makeRow(v.toObject());
        if (row.id <= 0 || m_rowById.contains(row.id))
            continue;
        m_rowById.insert(row.id, int(m_rows.size()));
        m_rows.append(std::move(row));
    }
    endResetModel();
}

void IncidentQueueModel::upsertSummaries(const QList<QJsonObject> &summaries)
{
    QList<Row> fresh;
    int firstChanged = -1;
    int lastChanged = -1;
    for (const QJsonObject &s : summaries) {
        Row row = makeRow(s);
        if (row.id <= 0)
            continue;
        const int existing = m_rowById.value(row.id, -1);
        if (existing >= 0) {
            m_rows[existing] = std::move(row);
            firstChanged = firstChanged < 0 ? existing : std::min(firstChanged, existing);
            lastChanged = std::max(lastChanged, existing);
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
    if (firstChanged >= 0)
        Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
    if (!fresh.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        for (Row &row : fresh) {
            m_rowById.insert(row.id, int(m_rows.size()));
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
