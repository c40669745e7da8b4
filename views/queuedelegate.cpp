#include "queuedelegate.h"

#include "incidentqueuemodel.h"
#include "taskalert.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

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
    const bool selected = option.state & QStyle::State_Selected;
    if (!selected && priority == 1) {
        // P1 rows carry a light wash of their colour; the badge says the rest.
        QColor tint = color;
        tint.setAlpha(22);
        painter->fillRect(option.rect, tint);
    }
    if (index.column() == IncidentQueueModel::PriorityColumn && priority > 0) {
        // The priority as a badge: filled for P1 and P2, outlined for P3 and P4.
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear();
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const QString text = index.data(Qt::DisplayRole).toString();
        QFont font = option.font;
        font.setBold(true);
        const QFontMetrics fm(font);
        const int h = std::min(option.rect.height() - 4, fm.height() + 4);
        const int w = fm.horizontalAdvance(text) + 14;
        const QRectF badge(option.rect.left() + 4, option.rect.center().y() - h / 2.0 + 0.5, w, h);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const bool filled = priority <= 2;
        painter->setPen(filled ? Qt::NoPen : QPen(color, 1.5));
        painter->setBrush(filled ? color : (selected ? QColor(Qt::white) : option.palette.color(QPalette::Base)));
        painter->drawRoundedRect(badge, h / 2.0, h / 2.0);
        painter->setFont(font);
        painter->setPen(filled ? QColor(Qt::white) : color.darker(priority == 3 ? 160 : 120));
        painter->drawText(badge, Qt::AlignCenter, text);
        painter->restore();
        return;
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
    if (index.column() == IncidentQueueModel::TasksColumn) {
        // Blocked or overdue tasks: the calm amber of the plan, with its icon.
        const QString alert = index.data(IncidentQueueModel::TaskAlertRole).toString();
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        if (!alert.isEmpty()) {
            if (!selected)
                painter->fillRect(option.rect, TaskAlert::background());
            opt.icon = TaskAlert::icon(alert);
            opt.features |= QStyleOptionViewItem::HasDecoration;
            opt.decorationSize = QSize(opt.fontMetrics.height() - 2, opt.fontMetrics.height() - 2);
            opt.font.setBold(true);
            if (!selected)
                opt.palette.setColor(QPalette::Text, TaskAlert::foreground());
            opt.backgroundBrush = Qt::NoBrush;
        }
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        return;
    }
    if (index.column() == IncidentQueueModel::KeyColumn) {
        // The priority stripe, with the ID's text beside it (not under it).
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, opt.widget);
        QStyleOptionViewItem text = option;
        text.rect.adjust(8, 0, 0, 0);
        QStyledItemDelegate::paint(painter, text, index);
        painter->fillRect(QRect(option.rect.left(), option.rect.top(), 5, option.rect.height()), color);
        return;
    }
    QStyledItemDelegate::paint(painter, option, index);
}

QSize QueueDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() == IncidentQueueModel::PriorityColumn)
        size.rwidth() += 16; // room for the badge
    else if (index.column() == IncidentQueueModel::KeyColumn)
        size.rwidth() += 8; // room for the stripe
    else if (index.column() == IncidentQueueModel::TasksColumn && !index.data().toString().isEmpty()) {
        // The icon, and the text in bold.
        QFont bold = option.font;
        bold.setBold(true);
        size.setWidth(QFontMetrics(bold).horizontalAdvance(index.data().toString()) + option.fontMetrics.height() + 20);
    }
    return size;
}

} // namespace warroom
