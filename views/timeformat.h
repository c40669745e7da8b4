#pragma once

#include <QDateTime>
#include <QLocale>
#include <QString>

namespace warroom {

/// Day and month without the year in the locale's own order and separators:
/// "M/d" in American English, "dd/MM" in British English, "dd.MM." in German.
/// The locale's short date format with its year taken out.
QString dayMonthFormat(const QLocale &locale = QLocale());

/// A moment of the current incident in the console's local time, in the
/// locale's order: the day and month, then the time (with seconds if asked).
QString dayMonthTime(const QDateTime &at, bool seconds = false, const QLocale &locale = QLocale());

} // namespace warroom
