#include "compactjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QtNumeric>

namespace warroom::json {

void appendString(QByteArray &out, QStringView text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    auto appendEscapedUnit = [&](char16_t u) {
        out.append("\\u");
        out.append(kHex[(u >> 12) & 0xf]);
        out.append(kHex[(u >> 8) & 0xf]);
        out.append(kHex[(u >> 4) & 0xf]);
        out.append(kHex[u & 0xf]);
    };
    out.reserve(out.size() + text.size() + 2);
    out.append('"');
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = text[i].unicode();
        if (u < 0x80) {
            switch (u) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\b': out.append("\\b"); break;
            case '\f': out.append("\\f"); break;
            case '\n': out.append("\\n"); break;
            case '\r': out.append("\\r"); break;
            case '\t': out.append("\\t"); break;
            default:
                if (u < 0x20)
                    appendEscapedUnit(u);
                else
                    out.append(char(u));
            }
        } else if (QChar::isHighSurrogate(u) && i + 1 < n && QChar::isLowSurrogate(text[i + 1].unicode())) {
            out.append(text.mid(i, 2).toUtf8());
            ++i;
        } else if (QChar::isSurrogate(u)) {
            appendEscapedUnit(u);
        } else {
            out.append(text.mid(i, 1).toUtf8());
        }
    }
    out.append('"');
}

void appendKey(QByteArray &out, const char *key)
{
    out.append('"').append(key).append("\":");
}

void appendValue(QByteArray &out, const QJsonValue &value)
{
    if (value.isObject()) {
        appendObject(out, value.toObject());
        return;
    }
    if (value.isArray()) {
        out.append(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        return;
    }
    const QByteArray wrapped = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    out.append(wrapped.constData() + 1, wrapped.size() - 2);
}

QByteArray compact(const QJsonValue &value)
{
    QByteArray out;
    appendValue(out, value);
    return out;
}

void appendObject(QByteArray &out, const QJsonObject &object)
{
    if (object.isEmpty())
        out.append("{}");
    else
        out.append(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

void appendInteger(QByteArray &out, qint64 value)
{
    out.append(QByteArray::number(value));
}

void appendDouble(QByteArray &out, double value)
{
    if (qIsFinite(value))
        out.append(QByteArray::number(value, 'g', QLocale::FloatingPointShortest));
    else
        out.append("null");
}

void appendStringList(QByteArray &out, const QStringList &list)
{
    out.append('[');
    for (qsizetype k = 0; k < list.size(); ++k) {
        if (k > 0)
            out.append(',');
        appendString(out, list.at(k));
    }
    out.append(']');
}

void appendBool(QByteArray &out, bool value)
{
    out.append(value ? "true" : "false");
}

} // namespace warroom::json
