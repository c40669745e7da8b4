#include "jsonreader.h"

#include <algorithm>

#include <QJsonValue>

#include <cmath>
#include <cstdio>

namespace warroom {

JsonReader::JsonReader(const QJsonObject &object, QString context)
    : m_object(object)
    , m_context(std::move(context))
{ }

void JsonReader::fail(QLatin1StringView key, const QString &what)
{
    const QString field = m_context.isEmpty() ? QString(key) : m_context + u'.' + key;
    const QString problem = key.isEmpty() ? what : QStringLiteral("field \"%1\" %2").arg(field, what);
    m_problems.append(problem);
    if (!m_error)
        m_error = problem;
}

void JsonReader::onlyKeys(std::initializer_list<QLatin1StringView> known)
{
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (std::find(known.begin(), known.end(), it.key()) != known.end())
            continue;
        QStringList names;
        for (QLatin1StringView k : known)
            names.append(k);
        const QString field = m_context.isEmpty() ? it.key() : m_context + u'.' + it.key();
        fail({},
             names.isEmpty()
                 ? QStringLiteral("field \"%1\" is not known here (this takes no fields)").arg(field)
                 : QStringLiteral("field \"%1\" is not known here (known: %2)").arg(field, names.join(u", ")));
        return;
    }
}

Error JsonReader::error() const
{
    return Error {ErrorCode::InvalidInput, m_error.value_or(QString())};
}

bool JsonReader::present(QLatin1StringView key, bool required)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull()) {
        if (required)
            fail(key, QStringLiteral("is required"));
        return false;
    }
    return true;
}

QString JsonReader::string(QLatin1StringView key, bool required, qsizetype maxLength)
{
    if (!present(key, required))
        return {};
    const QJsonValue value = m_object.value(key);
    if (!value.isString()) {
        fail(key, QStringLiteral("must be a string"));
        return {};
    }
    QString text = value.toString();
    if (text.size() > maxLength) {
        fail(key, QStringLiteral("is longer than %1 characters").arg(maxLength));
        return {};
    }
    if (required && text.trimmed().isEmpty()) {
        fail(key, QStringLiteral("must not be empty"));
        return {};
    }
    return text;
}

qint64 JsonReader::integer(QLatin1StringView key, bool required, qint64 fallback)
{
    if (!present(key, required))
        return fallback;
    const QJsonValue value = m_object.value(key);
    const double d = value.toDouble();
    // Range-check before the cast: converting an out-of-range double is undefined.
    if (!value.isDouble() || !(d >= -9007199254740992.0 && d <= 9007199254740992.0) || d != std::trunc(d)) {
        fail(key, QStringLiteral("must be an integer"));
        return fallback;
    }
    return value.toInteger();
}

double JsonReader::number(QLatin1StringView key, bool required, double fallback)
{
    if (!present(key, required))
        return fallback;
    const QJsonValue value = m_object.value(key);
    if (!value.isDouble()) {
        fail(key, QStringLiteral("must be a number"));
        return fallback;
    }
    return value.toDouble();
}

bool JsonReader::boolean(QLatin1StringView key, bool fallback)
{
    if (!present(key, false))
        return fallback;
    const QJsonValue value = m_object.value(key);
    if (!value.isBool()) {
        fail(key, QStringLiteral("must be true or false"));
        return fallback;
    }
    return value.toBool();
}

QDateTime JsonReader::dateTime(QLatin1StringView key, bool required)
{
    const QString text = string(key, required, 64);
    if (text.isEmpty())
        return {};
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        fail(key, QStringLiteral("must be an ISO 8601 time"));
        return {};
    }
    return time.toUTC();
}

QStringList JsonReader::stringList(QLatin1StringView key, qsizetype maxItems)
{
    if (!present(key, false))
        return {};
    const QJsonValue value = m_object.value(key);
    if (!value.isArray()) {
        fail(key, QStringLiteral("must be an array of strings"));
        return {};
    }
    const QJsonArray array = value.toArray();
    if (array.size() > maxItems) {
        fail(key, QStringLiteral("has more than %1 items").arg(maxItems));
        return {};
    }
    QStringList list;
    list.reserve(array.size());
    for (const QJsonValue &item : array) {
        if (!item.isString()) {
            fail(key, QStringLiteral("must be an array of strings"));
            return {};
        }
        list.append(item.toString());
    }
    return list;
}

QJsonObject JsonReader::object(QLatin1StringView key, bool required)
{
    if (!present(key, required))
        return {};
    const QJsonValue value = m_object.value(key);
    if (!value.isObject()) {
        fail(key, QStringLiteral("must be an object"));
        return {};
    }
    return value.toObject();
}

QJsonArray JsonReader::array(QLatin1StringView key, qsizetype maxItems)
{
    if (!present(key, false))
        return {};
    const QJsonValue value = m_object.value(key);
    if (!value.isArray()) {
        fail(key, QStringLiteral("must be an array"));
        return {};
    }
    QJsonArray array = value.toArray();
    if (array.size() > maxItems) {
        fail(key, QStringLiteral("has more than %1 items").arg(maxItems));
        return {};
    }
    return array;
}

QString toIsoTime(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    // QDateTime::toString is slow and this is on every hot path; format the
    // civil date from the epoch directly (H. Hinnant's days_from_civil inverse).
    const qint64 ms = time.toMSecsSinceEpoch();
    const qint64 msPerDay = 86400000;
    qint64 days = ms / msPerDay;
    qint64 rem = ms % msPerDay;
    if (rem < 0) {
        rem += msPerDay;
        --days;
    }
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999)
        return time.toUTC().toString(Qt::ISODateWithMs);
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", int(year), int(month), int(day),
                                int(rem / 3600000), int(rem / 60000 % 60), int(rem / 1000 % 60), int(rem % 1000));
    return QString::fromLatin1(buf, n);
}

} // namespace warroom
