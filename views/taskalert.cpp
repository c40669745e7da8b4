#include "taskalert.h"

#include "timeformat.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

QDateTime parse(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

} // namespace

bool TaskAlert::isOpenTask(const QJsonObject &step)
{
    const QString kind = step.value(u"kind"_s).toString();
    const QString state = step.value(u"state"_s).toString();
    return (kind == u"manual"_s || kind == u"communicate"_s) && (state == u"pending"_s || state == u"running"_s);
}

QString TaskAlert::of(const QJsonObject &step, const QDateTime &now)
{
    if (!isOpenTask(step))
        return {};
    if (step.value(u"blocked"_s).toBool())
        return u"blocked"_s;
    const QDateTime due = parse(step.value(u"due_at"_s));
    if (!due.isValid())
        return {};
    // Late by the console's clock, or escalated by the coordinator for this due time.
    const bool escalatedForDue
        = step.value(u"escalated_reason"_s).toString() == u"overdue"_s && parse(step.value(u"escalated_due"_s)) == due;
    return due <= now || escalatedForDue ? u"overdue"_s : QString();
}

QString TaskAlert::shortTime(const QDateTime &at, const QDateTime &now)
{
    if (!at.isValid())
        return {};
    const QDateTime local = at.toLocalTime();
    if (local.date() == now.toLocalTime().date())
        return local.toString(u"HH:mm"_s);
    return dayMonthTime(local);
}

QString TaskAlert::escalationText(const QJsonObject &step, const QString &commander)
{
    const QDateTime at = parse(step.value(u"escalated_at"_s));
    if (!at.isValid())
        return {};
    // Whom it went to then (a commander may have changed since); records
    // from before that was kept name the current one.
    const QString to = step.contains(u"escalated_to"_s) ? step.value(u"escalated_to"_s).toString() : commander;
    if (to.isEmpty())
        return tr("escalated at %1 (no commander named)").arg(shortTime(at));
    return tr("escalated to %1 at %2").arg(to, shortTime(at));
}

QString TaskAlert::text(const QJsonObject &step, const QString &commander, const QDateTime &now)
{
    const QString kind = step.value(u"kind"_s).toString();
    if (kind != u"manual"_s && kind != u"communicate"_s)
        return {};
    const QString owner = step.value(u"owner"_s).toString();
    const QDateTime due = parse(step.value(u"due_at"_s));
    const QString alert = of(step, now);
    QString line;
    if (alert == u"blocked"_s) {
        const QString reason = step.value(u"blocked_reason"_s).toString();
        line = reason.isEmpty() ? tr("Blocked") : tr("Blocked: %1").arg(reason);
    } else if (alert == u"overdue"_s) {
        line = tr("Overdue since %1").arg(shortTime(due, now));
        if (!owner.isEmpty())
            line += u" · "_s + owner;
    } else if (!owner.isEmpty() && due.isValid() && isOpenTask(step)) {
        line = tr("%1 · due %2", "owner, due time").arg(owner, shortTime(due, now));
    } else if (!owner.isEmpty()) {
        line = owner;
    } else if (isOpenTask(step)) {
        line = tr("no owner");
    }
    if (!alert.isEmpty()) {
        const QString escalated = escalationText(step, commander);
        if (!escalated.isEmpty())
            line += u'\n' + escalated;
    }
    return line;
}

QColor TaskAlert::background()
{
    return QColor(0xff, 0xf3, 0xe0);
}

QColor TaskAlert::foreground()
{
    return QColor(0x8a, 0x4b, 0x00);
}

QColor TaskAlert::border()
{
    return QColor(0xe6, 0x8a, 0x00);
}

QIcon TaskAlert::icon(const QString &alert)
{
    if (alert.isEmpty())
        return {};
    QIcon result;
    for (const int size : {16, 24, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        const qreal pen = size / 9.0;
        const QRectF r(pen, pen, size - 2 * pen, size - 2 * pen);
        p.setPen(QPen(border(), pen));
        p.setBrush(background());
        p.drawEllipse(r);
        p.setPen(QPen(foreground(), pen, Qt::SolidLine, Qt::RoundCap));
        const QPointF c = r.center();
        if (alert == u"blocked"_s) {
            // A no-entry bar.
            p.drawLine(QPointF(r.left() + r.width() * 0.25, c.y()), QPointF(r.right() - r.width() * 0.25, c.y()));
        } else {
            // A clock at ten past.
            p.drawLine(c, QPointF(c.x(), r.top() + r.height() * 0.22));
            p.drawLine(c, QPointF(c.x() + r.width() * 0.24, c.y() + r.height() * 0.1));
        }
        p.end();
        result.addPixmap(pixmap);
    }
    return result;
}

} // namespace warroom
