#pragma once

#include "result.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace warroom {

/// Reads typed fields from a JSON object and remembers the first problem,
/// so a decoder reads every field and then reports one clear reason; a
/// sender's API that lists every problem at once reads problems().
class JsonReader
{
public:
    explicit JsonReader(const QJsonObject &object, QString context = {});

    QString string(QLatin1StringView key, bool required = false, qsizetype maxLength = 65536);
    qint64 integer(QLatin1StringView key, bool required = false, qint64 fallback = 0);
    double number(QLatin1StringView key, bool required = false, double fallback = 0.0);
    bool boolean(QLatin1StringView key, bool fallback = false);
    QDateTime dateTime(QLatin1StringView key, bool required = false);
    QStringList stringList(QLatin1StringView key, qsizetype maxItems = 1000);
    QJsonObject object(QLatin1StringView key, bool required = false);
    QJsonArray array(QLatin1StringView key, qsizetype maxItems = 100000);

    /// Reads an enum through `parse`, naming the key and value on failure.
    template<typename E, typename Parser>
    E enumeration(QLatin1StringView key, Parser parse, E fallback, bool required = false)
    {
        const QString text = string(key, required, 64);
        if (text.isEmpty())
            return fallback;
        const std::optional<E> value = parse(text);
        if (!value) {
            fail(key, QStringLiteral("has an unknown value \"%1\"").arg(text));
            return fallback;
        }
        return *value;
    }

    /// Fails on the first key of the object that is not one of `known`: a
    /// typo ("contenthash") is refused, not silently ignored.
    void onlyKeys(std::initializer_list<QLatin1StringView> known);

    /// Records a failure for `key`: error() is the first, problems() all.
    void fail(QLatin1StringView key, const QString &what);

    bool ok() const { return !m_error.has_value(); }
    Error error() const;
    /// Every failure recorded, in the order the fields were read.
    const QStringList &problems() const { return m_problems; }
    const QJsonObject &json() const { return m_object; }

private:
    bool present(QLatin1StringView key, bool required);

    QJsonObject m_object;
    QString m_context;
    std::optional<QString> m_error;
    QStringList m_problems;
};

/// ISO 8601 with milliseconds in UTC: the one time format of the API.
QString toIsoTime(const QDateTime &time);

} // namespace warroom
