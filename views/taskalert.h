#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QIcon>
#include <QJsonObject>
#include <QString>

namespace warroom {

/// How the console marks a person's task that needs the commander: blocked,
/// or past its due time. One calm amber for both (red stays for what is
/// broken), each with its own small icon, and always a label that says it.
class TaskAlert final
{
    Q_DECLARE_TR_FUNCTIONS(TaskAlert)

public:
    TaskAlert() = delete;

    /// "blocked", "overdue" or empty for a plan step (a manual or communicate
    /// step that is open), judged at `now`.
    static QString of(const QJsonObject &step, const QDateTime &now);
    /// Whether a step is a person's task that is not done yet.
    static bool isOpenTask(const QJsonObject &step);
    /// "Blocked: waiting for vendor access", "Overdue since 10:30", "carol · due
    /// 11:00"; with the escalation on a second line ("escalated to alice at 10:31").
    static QString text(const QJsonObject &step, const QString &commander, const QDateTime &now);
    /// "escalated to alice at 10:31", or empty when the task was not escalated.
    static QString escalationText(const QJsonObject &step, const QString &commander);
    /// A time for people: "10:30" today, "28.11. 10:30" on another day (local time).
    static QString shortTime(const QDateTime &at, const QDateTime &now = QDateTime::currentDateTime());

    static QColor background(); ///< the row's wash
    static QColor foreground(); ///< the label's text
    static QColor border();
    /// A small painted icon: a no-entry sign for "blocked", a clock for "overdue".
    static QIcon icon(const QString &alert);
};

} // namespace warroom
