#pragma once

#include "jsonreader.h"

#include <QJsonArray>
#include <QList>

namespace warroom {

/// Encodes a list of value types that have `toJson()`.
template<typename T> QJsonArray listToJson(const QList<T> &items)
{
    QJsonArray array;
    for (const T &item : items)
        array.append(item.toJson());
    return array;
}

/// Decodes the array at `key` with `T::fromJson`, recording the first failure on `reader`.
template<typename T> void listFromJson(JsonReader &reader, QLatin1StringView key, QList<T> &out)
{
    const QJsonArray array = reader.array(key);
    out.clear();
    out.reserve(array.size());
    for (const QJsonValue &value : array) {
        if (!value.isObject()) {
            reader.fail(key, QStringLiteral("must be an array of objects"));
            return;
        }
        Expected<T> item = T::fromJson(value.toObject());
        if (!item) {
            reader.fail(key, QStringLiteral("has an invalid item: ") + item.error().message);
            return;
        }
        out.append(std::move(item).value());
    }
}

} // namespace warroom
