#include "auditevent.h"

#include "compactjson.h"
#include "jsonreader.h"

#include "sha256.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace warroom {

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
    json::appendString(out, actor);
    out.append(",\"incident\":");
    out.append(QByteArray::number(incidentId));
    out.append(",\"payload\":");
    out.append(payload.isEmpty() ? QByteArray("{}") : payload);
    out.append(",\"seq\":");
    out.append(QByteArray::number(seq));
    out.append(",\"time\":");
    json::appendString(out, timeText);
    out.append(",\"type\":");
    json::appendString(out, type);
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
