#include "auditevent.h"

#include "jsonreader.h"

#include <QCryptographicHash>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

// JSON string escaping exactly as QJsonDocument::Compact writes it, so a
// canonical record can be built without a JSON round trip.
void appendJsonString(QByteArray &out, const QByteArray &utf8)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.append('"');
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (c < 0x20) {
                out.append("\\u00");
                out.append(kHex[c >> 4]);
                out.append(kHex[c & 0xf]);
            } else {
                out.append(ch);
            }
        }
    }
    out.append('"');
}

} // namespace

QJsonObject AuditEvent::payloadObject() const { return QJsonDocument::fromJson(payload).object(); }

QByteArray AuditEvent::canonicalPayload(const QJsonObject &payload)
{
    return QJsonDocument(payload).toJson(QJsonDocument::Compact);
}

QByteArray AuditEvent::canonical() const
{
    QByteArray out;
    out.reserve(payload.size() + actor.size() + type.size() + 96);
    out.append("{\"actor\":");
    appendJsonString(out, actor.toUtf8());
    out.append(",\"incident\":");
    out.append(QByteArray::number(incidentId));
    out.append(",\"payload\":");
    out.append(payload.isEmpty() ? QByteArray("{}") : payload);
    out.append(",\"seq\":");
    out.append(QByteArray::number(seq));
    out.append(",\"time\":");
    appendJsonString(out, toIsoTime(time).toUtf8());
    out.append(",\"type\":");
    appendJsonString(out, type.toUtf8());
    out.append('}');
    return out;
}

QString AuditEvent::computeHash() const
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(prevHash.toLatin1());
    h.addData(canonical());
    return QString::fromLatin1(h.result().toHex());
}

QJsonObject AuditEvent::toJson() const
{
    return {{u"seq"_s, seq},
            {u"time"_s, toIsoTime(time)},
            {u"actor"_s, actor},
            {u"incident"_s, incidentId},
            {u"type"_s, type},
            {u"payload"_s, payloadObject()},
            {u"prev_hash"_s, prevHash},
            {u"hash"_s, hash}};
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
