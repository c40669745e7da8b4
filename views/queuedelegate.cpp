#include "queuedelegate.h"

#include "incidentqueuemodel.h"

#include <QPainter>

namespace warroom {

QueueDelegate::QueueDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QColor QueueDelegate::priorityColor(int priority)
{
    switch (priority) {
    case 1: return QColor(0xd3, 0x2f, 0x2f);
    case 2: return QColor(0xf5, 0x7c, 0x00);
    case 3: return QColor(0xfb, 0xc0, 0x2d);
    case 4: return QColor(0x38, 0x8e, 0x3c);
    default: return QColor(0x75, 0x75, 0x75);
    }
}

void QueueDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int priority = index.data(IncidentQueueModel::PriorityRole).toInt();
    const QColor color = priorityColor(priority);
    if (!(option.state & QStyle::State_Selected) && (priority == 1 || priority == 2)) {
        QColor tint = color;
        tint.setAlpha(28);
        painter->fillRect(option.rect, tint);
    }
    if (index.column() == IncidentQueueModel::ConfidenceColumn) {
        const QVariant confidence = index.data(IncidentQueueModel::ConfidenceRole);
        QStyledItemDelegate::paint(painter, option, index);
        if (confidence.isValid()) {
            const QRect bar = option.rect.adjusted(4, option.rect.height() - 7, -4, -3);
            painter->fillRect(bar, option.palette.color(QPalette::Midlight));
            QRect filled = bar;
            filled.setWidth(int(bar.width() * std::clamp(confidence.toDouble(), 0.0, 1.0)));
            painter->fillRect(filled, option.palette.color(QPalette::Highlight));
        }
        return;
    }
    QStyledItemDelegate::paint(painter, option, index);
    if (index.column() == IncidentQueueModel::KeyColumn)
        painter->fillRect(QRect(option.rect.left(), option.rect.top(), 4, option.rect.height()), color);
}

} // namespace warroom
