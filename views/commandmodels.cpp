#include "commandmodels.h"

#include "taskalert.h"
#include "timeformat.h"

#include <QBrush>
#include <QColor>
#include <QFont>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

QDateTime parseTime(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

QString firstLine(const QString &text)
{
    const QString trimmed = text.trimmed();
    const qsizetype nl = trimmed.indexOf(u'\n');
    return nl < 0 ? trimmed : trimmed.left(nl) + u" …"_s;
}

QFont boldFont()
{
    QFont f;
    f.setBold(true);
    return f;
}

} // namespace

// ------------------------------------------------------------ status updates

StatusUpdatesModel::StatusUpdatesModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int StatusUpdatesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_updates.size());
}

int StatusUpdatesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QStringList StatusUpdatesModel::audiences()
{
    return {u"internal"_s, u"executive"_s, u"external"_s};
}

QString StatusUpdatesModel::audienceLabel(const QString &audience)
{
    if (audience == u"internal"_s)
        return tr("Internal responders");
    if (audience == u"executive"_s)
        return tr("Executives");
    if (audience == u"external"_s)
        return tr("Regulators and customers");
    return audience;
}

QVariant StatusUpdatesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &u = m_updates.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case TimeColumn: {
            const QDateTime at = parseTime(u.value(u"at"_s));
            return dayMonthTime(at, true);
        }
        case AudienceColumn: return audienceLabel(u.value(u"audience"_s).toString());
        case AuthorColumn: return u.value(u"by"_s).toString();
        case TextColumn: return firstLine(u.value(u"text"_s).toString());
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TextColumn)
            return u.value(u"text"_s).toString();
        break;
    case TextRole: return u.value(u"text"_s).toString();
    case AudienceRole: return u.value(u"audience"_s).toString();
    case AtRole: return parseTime(u.value(u"at"_s));
    }
    return {};
}

QVariant StatusUpdatesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Published");
    case AudienceColumn: return tr("Audience");
    case AuthorColumn: return tr("By");
    case TextColumn: return tr("Update");
    }
    return {};
}

void StatusUpdatesModel::setUpdates(const QJsonArray &oldestFirst)
{
    QList<QJsonObject> fresh;
    fresh.reserve(oldestFirst.size());
    for (qsizetype i = oldestFirst.size() - 1; i >= 0; --i)
        fresh.append(oldestFirst.at(i).toObject());
    // Published updates are never changed: what we show is the tail of what came.
    const qsizetype added = fresh.size() - m_updates.size();
    bool tail = added >= 0;
    for (qsizetype i = 0; tail && i < m_updates.size(); ++i)
        tail = fresh.at(added + i) == m_updates.at(i);
    if (tail && added == 0)
        return;
    if (tail) {
        beginInsertRows({}, 0, int(added) - 1);
        m_updates = fresh;
        endInsertRows();
        return;
    }
    beginResetModel();
    m_updates = fresh;
    endResetModel();
}

// -------------------------------------------------------- corrective actions

CorrectiveActionsModel::CorrectiveActionsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int CorrectiveActionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_actions.size());
}

int CorrectiveActionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QStringList CorrectiveActionsModel::statuses()
{
    return {u"open"_s, u"in_progress"_s, u"done"_s};
}

QString CorrectiveActionsModel::statusLabel(const QString &status)
{
    if (status == u"open"_s)
        return tr("open");
    if (status == u"in_progress"_s)
        return tr("in progress");
    if (status == u"done"_s)
        return tr("done");
    return status;
}

QVariant CorrectiveActionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Action &a = m_actions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case TitleColumn: return a.title;
        case OwnerColumn: return a.owner;
        case DueColumn: return a.due.isValid() ? a.due.toString(Qt::ISODate) : QString();
        case StatusColumn: return statusLabel(a.status);
        case TicketColumn: return a.ticket;
        }
        break;
    case Qt::EditRole:
        switch (index.column()) {
        case TitleColumn: return a.title;
        case OwnerColumn: return a.owner;
        case DueColumn: return a.due.isValid() ? a.due : QDate::currentDate().addDays(14);
        case StatusColumn: return a.status;
        case TicketColumn: return a.ticket;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == DueColumn)
            return tr("Due date (YYYY-MM-DD); double-click to pick one");
        break;
    case StatusValueRole: return a.status;
    }
    return {};
}

bool CorrectiveActionsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Action &a = m_actions[index.row()];
    switch (index.column()) {
    case TitleColumn: a.title = value.toString().trimmed(); break;
    case OwnerColumn: a.owner = value.toString().trimmed(); break;
    case DueColumn: {
        QDate d = value.toDate();
        if (!d.isValid())
            d = QDate::fromString(value.toString().trimmed(), Qt::ISODate);
        if (!d.isValid() && !value.toString().trimmed().isEmpty())
            return false;
        a.due = d;
        break;
    }
    case StatusColumn:
        if (!statuses().contains(value.toString()))
            return false;
        a.status = value.toString();
        break;
    case TicketColumn: a.ticket = value.toString().trimmed(); break;
    default: return false;
    }
    Q_EMIT dataChanged(index, index);
    Q_EMIT edited();
    return true;
}

Qt::ItemFlags CorrectiveActionsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
}

QVariant CorrectiveActionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TitleColumn: return tr("Corrective action");
    case OwnerColumn: return tr("Owner");
    case DueColumn: return tr("Due");
    case StatusColumn: return tr("Status");
    case TicketColumn: return tr("Ticket");
    }
    return {};
}

bool CorrectiveActionsModel::insertRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || row > m_actions.size() || count <= 0)
        return false;
    beginInsertRows({}, row, row + count - 1);
    for (int k = 0; k < count; ++k)
        m_actions.insert(row, Action {});
    endInsertRows();
    Q_EMIT edited();
    return true;
}

bool CorrectiveActionsModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_actions.size())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    m_actions.remove(row, count);
    endRemoveRows();
    Q_EMIT edited();
    return true;
}

void CorrectiveActionsModel::setActions(const QJsonArray &actions)
{
    beginResetModel();
    m_actions.clear();
    for (const QJsonValue &v : actions) {
        const QJsonObject o = v.toObject();
        Action a;
        a.title = o.value(u"title"_s).toString();
        a.owner = o.value(u"owner"_s).toString();
        a.due = QDate::fromString(o.value(u"due"_s).toString(), Qt::ISODate);
        a.status = o.value(u"status"_s).toString(u"open"_s);
        a.ticket = o.value(u"ticket"_s).toString();
        m_actions.append(a);
    }
    endResetModel();
}

QJsonArray CorrectiveActionsModel::actions() const
{
    QJsonArray out;
    for (const Action &a : m_actions) {
        QJsonObject o {{u"title"_s, a.title},
                       {u"owner"_s, a.owner},
                       {u"due"_s, a.due.toString(Qt::ISODate)},
                       {u"status"_s, a.status}};
        if (!a.ticket.isEmpty())
            o.insert(u"ticket"_s, a.ticket);
        out.append(o);
    }
    return out;
}

QString CorrectiveActionsModel::problem() const
{
    for (qsizetype i = 0; i < m_actions.size(); ++i) {
        const Action &a = m_actions.at(i);
        if (a.title.isEmpty())
            return tr("Action %1 needs a title.").arg(i + 1);
        if (a.owner.isEmpty())
            return tr("Action %1 needs an owner.").arg(i + 1);
        if (!a.due.isValid())
            return tr("Action %1 needs a due date.").arg(i + 1);
    }
    return {};
}

// ------------------------------------------------------- remediation drafts

RemediationDraftsModel::RemediationDraftsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int RemediationDraftsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_drafts.size());
}

int RemediationDraftsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RemediationDraftsModel::validationOf(const QJsonObject &draft)
{
    if (draft.value(u"validating"_s).toBool() || !draft.value(u"validated"_s).toBool())
        return u"running"_s;
    return draft.value(u"validation"_s).toObject().value(u"passed"_s).toBool() ? u"passed"_s : u"failed"_s;
}

QString RemediationDraftsModel::validationLabel(const QString &validation)
{
    if (validation == u"running"_s)
        return tr("running…");
    if (validation == u"passed"_s)
        return tr("✔ passed");
    if (validation == u"failed"_s)
        return tr("✘ failed");
    return validation;
}

QString RemediationDraftsModel::stateLabel(const QString &state)
{
    if (state == u"draft"_s)
        return tr("waiting for review");
    if (state == u"approved"_s)
        return tr("approved");
    if (state == u"rejected"_s)
        return tr("rejected");
    return state;
}

QVariant RemediationDraftsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &d = m_drafts.at(index.row());
    const QString validation = validationOf(d);
    const int destructive = d.value(u"destructive_tasks"_s).toInt();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case DraftColumn: return d.value(u"id"_s).toString();
        case IncidentColumn: return d.value(u"key"_s).toString();
        case StateColumn: return stateLabel(d.value(u"state"_s).toString());
        case ValidationColumn: return validationLabel(validation);
        case TasksColumn: return d.value(u"tasks"_s).toArray().size();
        case DestructiveColumn: return destructive;
        case RequestedByColumn: return d.value(u"requested_by"_s).toString();
        case CreatedColumn: return TaskAlert::shortTime(parseTime(d.value(u"created_at"_s)));
        case TitleColumn: return d.value(u"title"_s).toString();
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == ValidationColumn)
            return QBrush(validation == u"passed"_s       ? QColor(0x2e, 0x7d, 0x32)
                              : validation == u"failed"_s ? QColor(0xb7, 0x1c, 0x1c)
                                                          : QColor(0x61, 0x61, 0x61));
        if (index.column() == DestructiveColumn && destructive > 0)
            return QBrush(QColor(0xb7, 0x1c, 0x1c));
        break;
    case Qt::FontRole:
        if ((index.column() == DestructiveColumn && destructive > 0) || index.column() == ValidationColumn)
            return boldFont();
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == TasksColumn || index.column() == DestructiveColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (index.column() == DestructiveColumn && destructive > 0)
            return tr("%n task(s) remove, stop, restart or run destructive commands: review them before approving.",
                      nullptr, destructive);
        if (index.column() == ValidationColumn && validation == u"failed"_s)
            return d.value(u"validation"_s).toObject().value(u"error"_s).toString();
        break;
    case DraftIdRole: return d.value(u"id"_s).toString();
    case DraftRole: return d;
    case StateRole: return d.value(u"state"_s).toString();
    case ValidationRole: return validation;
    case DestructiveRole: return destructive;
    }
    return {};
}

QVariant RemediationDraftsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DraftColumn: return tr("Draft");
    case IncidentColumn: return tr("Incident");
    case StateColumn: return tr("State");
    case ValidationColumn: return tr("Validation");
    case TasksColumn: return tr("Tasks");
    case DestructiveColumn: return tr("Destructive");
    case RequestedByColumn: return tr("Asked for by");
    case CreatedColumn: return tr("Drafted");
    case TitleColumn: return tr("Title");
    }
    return {};
}

void RemediationDraftsModel::setDrafts(const QJsonArray &items)
{
    QList<QJsonObject> fresh;
    fresh.reserve(items.size());
    for (const QJsonValue &v : items)
        fresh.append(v.toObject());
    bool sameIds = fresh.size() == m_drafts.size();
    for (qsizetype i = 0; sameIds && i < fresh.size(); ++i)
        sameIds = fresh.at(i).value(u"id"_s) == m_drafts.at(i).value(u"id"_s);
    if (sameIds) {
        for (qsizetype i = 0; i < fresh.size(); ++i) {
            if (fresh.at(i) == m_drafts.at(i))
                continue;
            m_drafts[i] = fresh.at(i);
            Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
        }
        return;
    }
    beginResetModel();
    m_drafts = fresh;
    endResetModel();
}

int RemediationDraftsModel::rowOf(const QString &draftId) const
{
    for (qsizetype i = 0; i < m_drafts.size(); ++i)
        if (m_drafts.at(i).value(u"id"_s).toString() == draftId)
            return int(i);
    return -1;
}

bool RemediationDraftsModel::anyValidating() const
{
    for (const QJsonObject &d : m_drafts)
        if (validationOf(d) == u"running"_s)
            return true;
    return false;
}

} // namespace warroom
