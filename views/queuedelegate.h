#pragma once

#include <QStyledItemDelegate>

namespace warroom {

/// Paints the queue: a priority stripe and tint, and the confidence as a bar
/// with its number. Colours come from the semantic roles of the model.
class QueueDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit QueueDelegate(QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The colour of a priority (1 worst .. 4, 0 unknown).
    static QColor priorityColor(int priority);
};

} // namespace warroom
