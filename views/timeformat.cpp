#include "timeformat.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace warroom {

QString dayMonthFormat(const QLocale &locale)
{
    QString format = locale.dateFormat(QLocale::ShortFormat);
    // The year with the separators and quoted text that join it to the rest:
    // "/yy" at the end, "yyyy-" at the start, ".yy" in German, ".yy 'г'." in Bulgarian.
    static const QRegularExpression yearAtEnd(u"(?:[^dMy']|'[^']*')*y+(?:[^dMy']|'[^']*')*$"_s);
    static const QRegularExpression yearAtStart(u"^(?:[^dMy']|'[^']*')*y+(?:[^dMy']|'[^']*')*"_s);
    static const QRegularExpression yearInside(u"y+(?:[^dMy']|'[^']*')*"_s);
    const QString before = format;
    format.remove(yearAtEnd);
    const bool fromTheEnd = format != before;
    if (!fromTheEnd)
        format.remove(yearAtStart);
    if (format == before)
        format.remove(yearInside);
    format = format.trimmed();
    // A dotted date whose year went from the end still ends in a dot: "03.12.".
    if (fromTheEnd && format.contains(u'.') && !format.endsWith(u'.'))
        format.append(u'.');
    if (!format.contains(u'd') || !format.contains(u'M'))
        return u"MM-dd"_s; // a format without day and month: ISO order
    return format;
}

QString dayMonthTime(const QDateTime &at, bool seconds, const QLocale &locale)
{
    if (!at.isValid())
        return {};
    const QDateTime local = at.toLocalTime();
    return locale.toString(local, dayMonthFormat(locale) + (seconds ? u" HH:mm:ss"_s : u" HH:mm"_s));
}

} // namespace warroom
