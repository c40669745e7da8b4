#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace warroom {

/// One record of the append-only, hash-chained audit log; the incident's
/// timeline is the list of its records.
///
/// hash = sha256(prev_hash + canonical), where canonical is the compact JSON
/// object {"actor","incident","payload","seq","time","type"} with keys in
/// that (sorted) order and `payload` in its stored canonical text.
struct AuditEvent
{
    qint64 seq = 0;
    QDateTime time;
    QString actor;
    qint64 incidentId = 0; ///< 0 for events not about one incident
    QString type;
    QByteArray payload; ///< canonical compact JSON text of an object
    QString prevHash;
    QString hash;

    QJsonObject payloadObject() const;
    QJsonObject toJson() const;
    static Expected<AuditEvent> fromJson(const QJsonObject &json);

    /// The exact bytes the hash covers (without the prev_hash prefix).
    QByteArray canonical() const;
    /// sha256(prevHash + canonical()) in lower-case hex.
    QString computeHash() const;
    /// The canonical bytes from raw fields; `timeText` as stored (ISO 8601,
    /// milliseconds, UTC). Verification uses it to skip a time round trip.
    static QByteArray canonicalOf(const QString &actor, qint64 incidentId, const QByteArray &payload, qint64 seq,
                                  const QString &timeText, const QString &type);
    /// sha256(prevHash + canonical) in lower-case hex.
    static QString chainHash(const QString &prevHash, const QByteArray &canonical);
    /// Canonical text of a payload object (sorted keys, compact).
    static QByteArray canonicalPayload(const QJsonObject &payload);

    bool operator==(const AuditEvent &) const = default;
};

/// The hash that precedes the first record.
inline constexpr QLatin1StringView kGenesisHash
    = QLatin1StringView("0000000000000000000000000000000000000000000000000000000000000000");

} // namespace warroom
