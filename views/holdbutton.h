#pragma once

#include <QAbstractButton>
#include <QElapsedTimer>
#include <QTimer>

namespace warroom {

/// The deliberate approval gate: it fires only after being held for the
/// whole hold time (1.5 s by default) with the mouse or the Space key, and
/// shows its progress while held. Releasing early does nothing at all;
/// clicked() is never used for the decision, only held().
class HoldButton final : public QAbstractButton
{
    Q_OBJECT

public:
    explicit HoldButton(const QString &text, QWidget *parent = nullptr);

    void setHoldTime(int ms) { m_holdMs = ms; }
    int holdTime() const { return m_holdMs; }
    /// 0..1 while held, 0 otherwise.
    double progress() const;
    bool isHolding() const { return m_holding; }

    QSize sizeHint() const override;

public Q_SLOTS:
    /// Stops a hold in progress without firing (the thing it would approve changed).
    void cancelHold() { cancel(); }

Q_SIGNALS:
    /// A hold began (mouse press or Space): the caller binds it to what it approves.
    void holdStarted();
    /// A hold ended before the hold time: released early, the pointer left,
    /// focus went, the button was disabled or cancelHold() was called.
    void holdCancelled();
    /// The whole hold time elapsed while pressed: the decision is made.
    void held();
    void progressChanged(double progress);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void begin();
    void cancel();
    void tick();

    QTimer m_tick;
    QElapsedTimer m_elapsed;
    int m_holdMs = 1500;
    bool m_holding = false;
    bool m_fired = false;
    bool m_mouseHold = false; ///< held with the mouse (leaving the button cancels)
};

} // namespace warroom
