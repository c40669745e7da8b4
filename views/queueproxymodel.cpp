#include "queueproxymodel.h"

#include "incidentqueuemodel.h"

namespace warroom {

QueueProxyModel::QueueProxyModel(IncidentQueueModel *source, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_source(source)
{
    setSourceModel(source);
    setSortRole(IncidentQueueModel::SortRole);
    setDynamicSortFilter(true);
}

void QueueProxyModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

bool QueueProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    return m_source->lessThan(left.row(), right.row(), left.column(), sortOrder());
}

bool QueueProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    return !sourceParent.isValid() && m_source->matches(sourceRow, m_text);
}

} // namespace warroom
