#include "auditevent.h"

#include "jsonreader.h"

#include "sha256.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

// JSON string escaping exactly as QJsonDocument::Compact writes it, so a
// canonical record can be built without a JSON round trip: control
// characters, '"' and '\' escaped, everything else as UTF-8, and an
// unpaired surrogate as \uXXXX (it has no UTF-8 form).
void appendJsonString(QByteArray &out, QStringView text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    auto appendEscapedUnit = [&](char16_t u) {
        out.append("\\u");
        out.append(kHex[(u >> 12) & 0xf]);
        out.append(kHex[(u >> 8) & 0xf]);
        out.append(kHex[(u >> 4) & 0xf]);
        out.append(kHex[u & 0xf]);
    };
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

} // namespace

QJsonObject AuditEvent::payloadObject() const
{
    return QJsonDocument::fromJson(payload).object();
}

QByteArray AuditEvent::canonicalPayload(const QJsonObject &payload)
{
    return QJsonDocument(payload).toJson(QJsonDocument::Compact);
}

QByteArray AuditEvent::canonicalOf(const QString &actor, qint64 incidentId, const QByteArray &payload, qint64 seq,
                                   const QString &timeText, const QString &type)
{
    QByteArray out;
    out.reserve(payload.size() + actor.size() + type.size() + 96);
    out.append("{\"actor\":");
    appendJsonString(out, actor);
    out.append(",\"incident\":");
    out.append(QByteArray::number(incidentId));
    out.append(",\"payload\":");
    out.append(payload.isEmpty() ? QByteArray("{}") : payload);
    out.append(",\"seq\":");
    out.append(QByteArray::number(seq));
    out.append(",\"time\":");
    appendJsonString(out, timeText);
    out.append(",\"type\":");
    appendJsonString(out, type);
    out.append('}');
    return out;
}

QByteArray AuditEvent::canonical() const
{
    return canonicalOf(actor, incidentId, payload, seq, toIsoTime(time), type);
}

QString AuditEvent::computeHash() const
{
    return chainHash(prevHash, canonical());
}

QString AuditEvent::chainHash(const QString &prevHash, const QByteArray &canonical)
{
    return sha256Hex({prevHash.toLatin1(), canonical});
}

QJsonObject AuditEvent::toJson() const
{
    return {{u"seq"_s, seq},   {u"time"_s, toIsoTime(time)},    {u"actor"_s, actor},        {u"incident"_s, incidentId},
            {u"type"_s, type}, {u"payload"_s, payloadObject()}, {u"prev_hash"_s, prevHash}, {u"hash"_s, hash}};
}

Expected<AuditEvent> AuditEvent::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"audit"_s);
    AuditEvent e;
    e.seq = r.integer("seq"_L1, true);
    e.time = r.dateTime("time"_L1, true);
    e.actor = r.string("actor"_L1);
    e.incidentId = r.integer("incident"_L1);
    e.type = r.string("type"_L1, true);
    e.payload = canonicalPayload(r.object("payload"_L1));
    e.prevHash = r.string("prev_hash"_L1, true, 64);
    e.hash = r.string("hash"_L1, true, 64);
    if (!r.ok())
        return r.error();
    return e;
}

} // namespace warroom
