#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <QStringView>

namespace warroom::json {

// Compact JSON appended straight to bytes, byte for byte what
// QJsonDocument::toJson(QJsonDocument::Compact) writes for the same value:
// the hot paths (every ingested and triaged incident) write their records
// without building a QJsonObject first. A writer that uses these lists its
// keys in QJsonObject's order (sorted); tst_models compares it with Qt's.

/// A string with its quotes: control characters, '"' and '\\' escaped,
/// everything else as UTF-8, an unpaired surrogate as \uXXXX (it has no
/// UTF-8 form), as Qt writes them.
void appendString(QByteArray &out, QStringView s);
/// `"key":` (a key is printable ASCII without quotes or backslashes).
void appendKey(QByteArray &out, const char *key);
/// Any JSON value, objects and arrays of any depth, written here (an
/// integer as an integer, a double in its shortest form, as Qt writes them).
void appendValue(QByteArray &out, const QJsonValue &value);
/// Any value alone, as it is written nested (compact JSON of an object or
/// array is the same alone or nested).
QByteArray compact(const QJsonValue &value);
/// An object (`{}` when it is empty).
void appendObject(QByteArray &out, const QJsonObject &object);
void appendInteger(QByteArray &out, qint64 value);
/// The shortest form that reads back as the same double; null when not finite.
void appendDouble(QByteArray &out, double value);
void appendStringList(QByteArray &out, const QStringList &list);
/// `[a,b]` of items that have toCompactJson().
template<typename T> void appendList(QByteArray &out, const QList<T> &items)
{
    out.append('[');
    for (qsizetype k = 0; k < items.size(); ++k) {
        if (k > 0)
            out.append(',');
        out.append(items.at(k).toCompactJson());
    }
    out.append(']');
}
void appendBool(QByteArray &out, bool value);

} // namespace warroom::json
