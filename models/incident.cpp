#include "incident.h"

#include "compactjson.h"
#include "jsonreader.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace warroom {

QString Incident::key() const
{
    return u"INC-"_s + QString::number(id);
}

QJsonObject Incident::toJson() const
{
    return QJsonObject {
        {u"id"_s, id},
        {u"key"_s, key()},
        {u"external_id"_s, externalId},
        {u"title"_s, title},
        {u"description"_s, description},
        {u"service"_s, service},
        {u"priority"_s, priority},
        {u"source"_s, source},
        {u"owner"_s, owner},
        {u"reported_by"_s, reportedBy},
        {u"state"_s, toString(state)},
        {u"severity"_s, toString(severity)},
        {u"restricted"_s, restricted},
        {u"major"_s, major},
        {u"major_by"_s, majorBy},
        {u"major_reason"_s, majorReason},
        {u"commander"_s, commander},
        {u"comms_lead"_s, commsLead},
        {u"scribe"_s, scribe},
        {u"severity_by"_s, severityBy},
        {u"severity_reason"_s, severityReason},
        {u"drill"_s, drill},
        {u"acknowledged_by"_s, acknowledgedBy},
        {u"acknowledged_at"_s, toIsoTime(acknowledgedAt)},
        {u"mitigated_at"_s, toIsoTime(mitigatedAt)},
        {u"resolved_at"_s, toIsoTime(resolvedAt)},
        {u"external_refs"_s, externalRefs},
        {u"labels"_s, labels},
        {u"event_count"_s, eventCount},
        {u"source_status"_s, sourceStatus},
        {u"flap_count"_s, flapCount},
        {u"flapping"_s, flapping},
        {u"last_event_at"_s, toIsoTime(lastEventAt)},
        {u"created_at"_s, toIsoTime(createdAt)},
        {u"updated_at"_s, toIsoTime(updatedAt)},
    };
}

QByteArray Incident::toCompactJson(Identity identity) const
{
    const bool withIdentity = identity == Identity::Included;
    // toJson()'s keys in QJsonObject's (sorted) order.
    using namespace json;
    QByteArray out;
    out.reserve(1024 + title.size() + description.size() * 11 / 10);
    out.append('{');
    appendKey(out, "acknowledged_at");
    appendString(out, toIsoTime(acknowledgedAt));
    out.append(',');
    appendKey(out, "acknowledged_by");
    appendString(out, acknowledgedBy);
    out.append(',');
    appendKey(out, "commander");
    appendString(out, commander);
    out.append(',');
    appendKey(out, "comms_lead");
    appendString(out, commsLead);
    out.append(',');
    if (withIdentity) {
        appendKey(out, "created_at");
        appendString(out, toIsoTime(createdAt));
        out.append(',');
    }
    appendKey(out, "description");
    appendString(out, description);
    out.append(',');
    appendKey(out, "drill");
    appendString(out, drill);
    out.append(',');
    appendKey(out, "event_count");
    appendInteger(out, eventCount);
    out.append(',');
    appendKey(out, "external_id");
    appendString(out, externalId);
    out.append(',');
    appendKey(out, "external_refs");
    appendObject(out, externalRefs);
    out.append(',');
    appendKey(out, "flap_count");
    appendInteger(out, flapCount);
    out.append(',');
    appendKey(out, "flapping");
    appendBool(out, flapping);
    out.append(',');
    if (withIdentity) {
        appendKey(out, "id");
        appendInteger(out, id);
        out.append(',');
        appendKey(out, "key");
        appendString(out, key());
        out.append(',');
    }
    appendKey(out, "labels");
    appendObject(out, labels);
    out.append(',');
    appendKey(out, "last_event_at");
    appendString(out, toIsoTime(lastEventAt));
    out.append(',');
    appendKey(out, "major");
    appendString(out, major);
    out.append(',');
    appendKey(out, "major_by");
    appendString(out, majorBy);
    out.append(',');
    appendKey(out, "major_reason");
    appendString(out, majorReason);
    out.append(',');
    appendKey(out, "mitigated_at");
    appendString(out, toIsoTime(mitigatedAt));
    out.append(',');
    appendKey(out, "owner");
    appendString(out, owner);
    out.append(',');
    appendKey(out, "priority");
    appendString(out, priority);
    out.append(',');
    appendKey(out, "reported_by");
    appendString(out, reportedBy);
    out.append(',');
    appendKey(out, "resolved_at");
    appendString(out, toIsoTime(resolvedAt));
    out.append(',');
    appendKey(out, "restricted");
    appendBool(out, restricted);
    out.append(',');
    appendKey(out, "scribe");
    appendString(out, scribe);
    out.append(',');
    appendKey(out, "service");
    appendString(out, service);
    out.append(',');
    appendKey(out, "severity");
    appendString(out, toString(severity));
    out.append(',');
    appendKey(out, "severity_by");
    appendString(out, severityBy);
    out.append(',');
    appendKey(out, "severity_reason");
    appendString(out, severityReason);
    out.append(',');
    appendKey(out, "source");
    appendString(out, source);
    out.append(',');
    appendKey(out, "source_status");
    appendString(out, sourceStatus);
    out.append(',');
    appendKey(out, "state");
    appendString(out, toString(state));
    out.append(',');
    appendKey(out, "title");
    appendString(out, title);
    if (withIdentity) {
        out.append(',');
        appendKey(out, "updated_at");
        appendString(out, toIsoTime(updatedAt));
    }
    out.append('}');
    return out;
}

Expected<Incident> Incident::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"incident"_s);
    Incident i;
    i.id = r.integer("id"_L1);
    i.externalId = r.string("external_id"_L1);
    i.title = r.string("title"_L1);
    i.description = r.string("description"_L1, false, 1 << 20);
    i.service = r.string("service"_L1);
    i.priority = r.string("priority"_L1);
    i.source = r.string("source"_L1);
    i.owner = r.string("owner"_L1);
    i.reportedBy = r.string("reported_by"_L1);
    i.state = r.enumeration("state"_L1, incidentStateFromString, IncidentState::New);
    i.severity = r.enumeration("severity"_L1, severityFromString, Severity::Unknown);
    i.restricted = r.boolean("restricted"_L1);
    i.major = r.string("major"_L1, false, 16);
    i.majorBy = r.string("major_by"_L1, false, 200);
    i.majorReason = r.string("major_reason"_L1, false, 4000);
    if (r.ok() && !QStringList {QString(), u"candidate"_s, u"declared"_s, u"rejected"_s}.contains(i.major))
        r.fail("major"_L1, u"must be candidate, declared or rejected"_s);
    i.commander = r.string("commander"_L1, false, 200);
    i.commsLead = r.string("comms_lead"_L1, false, 200);
    i.scribe = r.string("scribe"_L1, false, 200);
    i.severityBy = r.string("severity_by"_L1, false, 200);
    i.severityReason = r.string("severity_reason"_L1, false, 4000);
    i.drill = r.string("drill"_L1, false, 64);
    i.acknowledgedBy = r.string("acknowledged_by"_L1, false, 200);
    i.acknowledgedAt = r.dateTime("acknowledged_at"_L1);
    i.mitigatedAt = r.dateTime("mitigated_at"_L1);
    i.resolvedAt = r.dateTime("resolved_at"_L1);
    i.externalRefs = r.object("external_refs"_L1);
    i.labels = r.object("labels"_L1);
    i.eventCount = r.integer("event_count"_L1, false, 1);
    i.sourceStatus = r.string("source_status"_L1, false, 16);
    if (r.ok() && !QStringList {QString(), u"firing"_s, u"acknowledged"_s, u"resolved"_s}.contains(i.sourceStatus))
        r.fail("source_status"_L1, u"must be firing, acknowledged or resolved"_s);
    i.flapCount = r.integer("flap_count"_L1);
    i.flapping = r.boolean("flapping"_L1);
    i.lastEventAt = r.dateTime("last_event_at"_L1);
    i.createdAt = r.dateTime("created_at"_L1);
    i.updatedAt = r.dateTime("updated_at"_L1);
    if (!r.ok())
        return r.error();
    return i;
}

Expected<Incident> Incident::fromSubmission(const QJsonObject &json)
{
    static const QRegularExpression kPriority(u"^P[1-4]$"_s);
    static const QRegularExpression kToken(u"^[A-Za-z0-9._:/@-]*$"_s);
    JsonReader r(json);
    Incident i;
    i.title = r.string("title"_L1, true, 500);
    i.description = r.string("description"_L1, false, 64 * 1024);
    i.service = r.string("service"_L1, false, 200);
    i.priority = r.string("priority"_L1, false, 2).toUpper();
    i.source = r.string("source"_L1, false, 64);
    i.externalId = r.string("external_id"_L1, false, 200);
    i.restricted = r.boolean("restricted"_L1);
    i.labels = r.object("labels"_L1);
    i.drill = r.string("drill"_L1, false, 64);
    static const QRegularExpression kDrill(u"^([a-z][a-z0-9-]{0,31})?$"_s);
    if (r.ok() && !kDrill.match(i.drill).hasMatch())
        r.fail("drill"_L1, u"must name a lab scenario (lower-case letters, digits and -)"_s);
    if (r.ok() && !i.priority.isEmpty() && !kPriority.match(i.priority).hasMatch())
        r.fail("priority"_L1, u"must be one of P1, P2, P3, P4"_s);
    static const QRegularExpression kService(u"^([A-Za-z0-9][A-Za-z0-9._-]{0,99})?$"_s);
    if (r.ok() && !kService.match(i.service).hasMatch())
        r.fail("service"_L1, u"must be a service name: letters, digits and ._- (it ends up in playbook variables)"_s);
    // Control and bidirectional-override characters would rewrite an
    // operator's terminal or hide text; line breaks are fine in a description.
    static const QRegularExpression kUnsafe(
        u"[\\x{0}-\\x{8}\\x{b}\\x{c}\\x{e}-\\x{1f}\\x{7f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}]"_s);
    static const QRegularExpression kUnsafeLine(u"[\\x{0}-\\x{1f}\\x{7f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}]"_s);
    if (r.ok() && kUnsafeLine.match(i.title).hasMatch())
        r.fail("title"_L1, u"contains control or text-direction characters"_s);
    if (r.ok() && kUnsafe.match(i.description).hasMatch())
        r.fail("description"_L1, u"contains control or text-direction characters"_s);
    if (r.ok() && !kToken.match(i.source).hasMatch())
        r.fail("source"_L1, u"may contain only letters, digits and ._:/@-"_s);
    if (r.ok() && i.labels.size() > 100)
        r.fail("labels"_L1, u"has more than 100 entries"_s);
    if (r.ok()) {
        for (auto it = i.labels.constBegin(); it != i.labels.constEnd(); ++it) {
            if (!it.value().isString() || it.key().size() > 200 || it.value().toString().size() > 2000) {
                r.fail("labels"_L1, u"must map short names to strings"_s);
                break;
            }
        }
    }
    const QStringList known {u"title"_s,       u"description"_s, u"service"_s, u"priority"_s, u"source"_s,
                             u"external_id"_s, u"restricted"_s,  u"labels"_s,  u"drill"_s};
    for (const QString &key : json.keys()) {
        if (!known.contains(key)) {
            r.fail(QLatin1StringView(), u"\"%1\" is not a field of an incident"_s.arg(key));
            break;
        }
    }
    if (!r.ok())
        return r.error();
    if (i.source.isEmpty())
        i.source = u"rest"_s;
    return i;
}

QString environmentLabel(const QJsonObject &labels)
{
    QString env = labels.value(u"environment"_s).toString().trimmed().toLower();
    if (env.isEmpty())
        env = labels.value(u"env"_s).toString().trimmed().toLower();
    return env == "production"_L1 ? u"prod"_s : env;
}

QString Incident::environment() const
{
    const QString env = environmentLabel(labels);
    if (!env.isEmpty())
        return env;
    // A drill is a fault in the lab, the UAT environment.
    return drill.isEmpty() ? u"prod"_s : u"uat"_s;
}

} // namespace warroom
