#include "compactjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QVariant>
#include <QtNumeric>

namespace warroom::json {

void appendString(QByteArray &out, QStringView text)
{
    // Written straight into room for the worst case (six bytes a UTF-16
    // unit, \uXXXX), then cut to what was written: one allocation at most,
    // no call per character. Qt's writer is the reference: UTF-8 for every
    // character but the controls, a lone surrogate escaped.
    static constexpr char kHex[] = "0123456789abcdef";
    const char16_t *s = text.utf16();
    const qsizetype n = text.size();
    const qsizetype at = out.size();
    out.resize(at + 6 * n + 2);
    char *p = out.data() + at;
    auto escapedUnit = [&p](char16_t u) {
        *p++ = '\\';
        *p++ = 'u';
        *p++ = kHex[(u >> 12) & 0xf];
        *p++ = kHex[(u >> 8) & 0xf];
        *p++ = kHex[(u >> 4) & 0xf];
        *p++ = kHex[u & 0xf];
    };
    auto escaped = [&p](char c) {
        *p++ = '\\';
        *p++ = c;
    };
    *p++ = '"';
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = s[i];
        if (u < 0x80) {
            if (u >= 0x20 && u != '"' && u != '\\') {
                *p++ = char(u);
                continue;
            }
            switch (u) {
            case '"': escaped('"'); break;
            case '\\': escaped('\\'); break;
            case '\b': escaped('b'); break;
            case '\f': escaped('f'); break;
            case '\n': escaped('n'); break;
            case '\r': escaped('r'); break;
            case '\t': escaped('t'); break;
            default: escapedUnit(u);
            }
        } else if (u < 0x800) {
            *p++ = char(0xc0 | (u >> 6));
            *p++ = char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && i + 1 < n && QChar::isLowSurrogate(s[i + 1])) {
            const char32_t c = QChar::surrogateToUcs4(u, s[i + 1]);
            *p++ = char(0xf0 | (c >> 18));
            *p++ = char(0x80 | ((c >> 12) & 0x3f));
            *p++ = char(0x80 | ((c >> 6) & 0x3f));
            *p++ = char(0x80 | (c & 0x3f));
            ++i;
        } else if (QChar::isSurrogate(u)) {
            escapedUnit(u);
        } else {
            *p++ = char(0xe0 | (u >> 12));
            *p++ = char(0x80 | ((u >> 6) & 0x3f));
            *p++ = char(0x80 | (u & 0x3f));
        }
    }
    *p++ = '"';
    out.truncate(p - out.constData());
}

void appendKey(QByteArray &out, const char *key)
{
    out.append('"').append(key).append("\":");
}

void appendValue(QByteArray &out, const QJsonValue &value)
{
    // What Qt's writer does for each type, without a QJsonDocument (and its
    // copy of the value) per label or step variable.
    switch (value.type()) {
    case QJsonValue::Null: out.append("null"); return;
    case QJsonValue::Bool: appendBool(out, value.toBool()); return;
    case QJsonValue::String: appendString(out, value.toString()); return;
    case QJsonValue::Object: appendObject(out, value.toObject()); return;
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        out.append('[');
        for (qsizetype k = 0; k < array.size(); ++k) {
            if (k > 0)
                out.append(',');
            appendValue(out, array.at(k));
        }
        out.append(']');
        return;
    }
    case QJsonValue::Double:
        // An integer is stored as one (and written without an exponent).
        if (value.toVariant().typeId() == QMetaType::LongLong)
            appendInteger(out, value.toInteger());
        else
            appendDouble(out, value.toDouble());
        return;
    case QJsonValue::Undefined: break;
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
    // QJsonObject keeps its keys sorted, as Qt's writer writes them.
    out.append('{');
    bool first = true;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!first)
            out.append(',');
        first = false;
        appendString(out, it.key());
        out.append(':');
        appendValue(out, it.value());
    }
    out.append('}');
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
