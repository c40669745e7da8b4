#include "holdbutton.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionFocusRect>

namespace warroom {

HoldButton::HoldButton(const QString &text, QWidget *parent)
    : QAbstractButton(parent)
{
    setText(text);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    m_tick.setInterval(16);
    connect(&m_tick, &QTimer::timeout, this, &HoldButton::tick);
}

double HoldButton::progress() const
{
    if (!m_holding)
        return m_fired ? 1.0 : 0.0;
    return std::min(1.0, double(m_elapsed.elapsed()) / double(std::max(1, m_holdMs)));
}

QSize HoldButton::sizeHint() const
{
    const QFontMetrics fm(font());
    return {fm.horizontalAdvance(text()) + 40, fm.height() + 18};
}

void HoldButton::begin()
{
    if (!isEnabled() || m_holding)
        return;
    m_holding = true;
    m_fired = false;
    m_elapsed.start();
    m_tick.start();
    update();
    Q_EMIT holdStarted();
}

void HoldButton::cancel()
{
    m_tick.stop();
    const bool was = m_holding;
    m_holding = false;
    m_fired = false;
    m_mouseHold = false;
    if (was) {
        Q_EMIT progressChanged(0.0);
        update();
        Q_EMIT holdCancelled();
    }
}

void HoldButton::tick()
{
    if (!m_holding)
        return;
    const double p = progress();
    Q_EMIT progressChanged(p);
    update();
    if (m_elapsed.elapsed() >= m_holdMs) {
        m_tick.stop();
        m_holding = false;
        m_fired = true;
        update();
        Q_EMIT held();
    }
}

void HoldButton::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        setFocus(Qt::MouseFocusReason);
        begin();
        m_mouseHold = m_holding;
        event->accept();
        return;
    }
    event->ignore();
}

void HoldButton::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        cancel();
        event->accept();
        return;
    }
    event->ignore();
}

void HoldButton::mouseMoveEvent(QMouseEvent *event)
{
    // Sliding off the gate while holding is not a decision.
    if (m_holding && m_mouseHold && !rect().contains(event->position().toPoint()))
        cancel();
    event->accept();
}

void HoldButton::leaveEvent(QEvent *event)
{
    if (m_mouseHold)
        cancel();
    QAbstractButton::leaveEvent(event);
}

void HoldButton::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space) {
        if (!event->isAutoRepeat()) {
            begin();
            m_mouseHold = false;
        }
        event->accept();
        return;
    }
    QAbstractButton::keyPressEvent(event);
}

void HoldButton::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space) {
        if (!event->isAutoRepeat())
            cancel();
        event->accept();
        return;
    }
    QAbstractButton::keyReleaseEvent(event);
}

void HoldButton::focusOutEvent(QFocusEvent *event)
{
    cancel();
    QAbstractButton::focusOutEvent(event);
}

void HoldButton::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::EnabledChange && !isEnabled())
        cancel();
    QAbstractButton::changeEvent(event);
}

void HoldButton::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(rect()).adjusted(1, 1, -1, -1);
    const QPalette pal = palette();
    const bool enabled = isEnabled();
    const QColor base = enabled ? QColor(0x1b, 0x5e, 0x20) : pal.color(QPalette::Disabled, QPalette::Button);
    QPainterPath path;
    path.addRoundedRect(r, 5, 5);
    p.fillPath(path, enabled ? QColor(0xe8, 0xf5, 0xe9) : pal.color(QPalette::Disabled, QPalette::Button));
    const double prog = progress();
    if (prog > 0) {
        p.save();
        p.setClipPath(path);
        p.fillRect(QRectF(r.left(), r.top(), r.width() * prog, r.height()), QColor(0x43, 0xa0, 0x47));
        p.restore();
    }
    p.setPen(QPen(hasFocus() ? pal.color(QPalette::Highlight) : base, hasFocus() ? 2.5 : 1.2));
    p.drawPath(path);
    p.setPen(enabled ? (prog > 0.5 ? QColor(Qt::white) : QColor(0x1b, 0x5e, 0x20))
                     : pal.color(QPalette::Disabled, QPalette::ButtonText));
    QFont f = font();
    f.setBold(true);
    p.setFont(f);
    p.drawText(r, Qt::AlignCenter, text());
}

} // namespace warroom
