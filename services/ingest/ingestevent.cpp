#include "ingestevent.h"

#include "compactjson.h"
#include "jsonreader.h"
#include "sha256.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace warroom {

QString toString(IngestAction action)
{
    switch (action) {
    case IngestAction::Trigger: return u"trigger"_s;
    case IngestAction::Update: return u"update"_s;
    case IngestAction::Acknowledge: return u"acknowledge"_s;
    case IngestAction::Resolve: return u"resolve"_s;
    }
    return {};
}

namespace {

bool isAsciiAlnum(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
}

/// 1..max characters, each alphanumeric or one of `extra` (ASCII only).
bool isToken(const QString &text, qsizetype max, QLatin1StringView extra)
{
    if (text.isEmpty() || text.size() > max)
        return false;
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (!isAsciiAlnum(c) && (c > 0x7f || !extra.contains(QLatin1Char(char(c)))))
            return false;
    }
    return true;
}

/// Control characters (all of them, or all but tab and line breaks) and
/// the bidirectional overrides that reorder what a reader sees.
bool hasUnsafe(const QString &text, bool lineBreaksAllowed)
{
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (c < 0x20) {
            if (!lineBreaksAllowed || (c != u'\t' && c != u'\n' && c != u'\r'))
                return true;
        } else if (c == 0x7f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
            return true;
        }
    }
    return false;
}

} // namespace

Incident IngestEvent::described() const
{
    Incident i;
    i.title = title;
    i.description = description;
    i.service = service;
    i.priority = priority;
    i.source = source;
    i.externalId = externalId;
    i.labels = labels;
    return i;
}

QJsonObject IngestEvent::toJson() const
{
    QJsonObject json {{u"event_id"_s, eventId},
                      {u"source"_s, source},
                      {u"action"_s, toString(action)},
                      {u"dedup_key"_s, dedupKey},
                      {u"title"_s, title},
                      {u"description"_s, description},
                      {u"service"_s, service},
                      {u"priority"_s, priority},
                      {u"external_id"_s, externalId},
                      {u"labels"_s, labels},
                      {u"occurred_at"_s, toIsoTime(occurredAt)}};
    if (!warnings.isEmpty())
        json.insert(u"warnings"_s, QJsonArray::fromStringList(warnings));
    return json;
}

void IngestEvent::appendJson(QByteArray &out) const
{
    const auto field = [&out](const char *key, const QString &value) {
        json::appendKey(out, key);
        json::appendString(out, value);
        out.append(',');
    };
    out.append('{');
    field("action", toString(action));
    field("dedup_key", dedupKey);
    field("description", description);
    field("event_id", eventId);
    field("external_id", externalId);
    json::appendKey(out, "labels");
    json::appendObject(out, labels);
    out.append(',');
    field("occurred_at", toIsoTime(occurredAt));
    field("priority", priority);
    field("service", service);
    field("source", source);
    json::appendKey(out, "title");
    json::appendString(out, title);
    if (!warnings.isEmpty()) {
        out.append(',');
        json::appendKey(out, "warnings");
        json::appendStringList(out, warnings);
    }
    out.append('}');
}

Expected<IngestEvent> IngestEvent::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    IngestEvent e;
    e.eventId = r.string("event_id"_L1, true, 200);
    e.source = r.string("source"_L1, true, 64);
    const QString action = r.string("action"_L1, true, 16);
    e.dedupKey = r.string("dedup_key"_L1, false, 600);
    e.title = r.string("title"_L1, true, 500);
    e.description = r.string("description"_L1, false, 64 * 1024);
    e.service = r.string("service"_L1, false, 100);
    e.priority = r.string("priority"_L1, false, 2);
    e.externalId = r.string("external_id"_L1, false, 200);
    const QString occurred = r.string("occurred_at"_L1, false, 64);
    if (!r.ok())
        return r.error();
    const QJsonValue labels = json.value(u"labels"_s);
    if (!labels.isUndefined() && !labels.isObject())
        return Error {ErrorCode::InvalidInput, u"labels must be an object"_s};
    e.labels = labels.toObject();
    const QJsonValue warnings = json.value(u"warnings"_s);
    if (!warnings.isUndefined() && !warnings.isArray())
        return Error {ErrorCode::InvalidInput, u"warnings must be a list"_s};
    for (const QJsonValue &w : warnings.toArray()) {
        if (!w.isString())
            return Error {ErrorCode::InvalidInput, u"warnings must be a list of strings"_s};
        e.warnings.append(w.toString());
    }
    bool known = false;
    for (IngestAction a :
         {IngestAction::Trigger, IngestAction::Update, IngestAction::Acknowledge, IngestAction::Resolve}) {
        if (toString(a) == action) {
            e.action = a;
            known = true;
        }
    }
    if (!known)
        return Error {ErrorCode::InvalidInput, u"action must be trigger, update, acknowledge or resolve"_s};
    if (!occurred.isEmpty()) {
        e.occurredAt = QDateTime::fromString(occurred, Qt::ISODateWithMs);
        if (!e.occurredAt.isValid())
            return Error {ErrorCode::InvalidInput, u"occurred_at is not a time"_s};
    }
    if (Status s = e.validate(); !s)
        return s.error();
    return e;
}

Status IngestEvent::validate() const
{
    // By hand, not by regular expression: this runs for every event of a storm.
    auto bad = [](const QString &field, const QString &why) {
        return Error {ErrorCode::InvalidInput, u"%1 %2"_s.arg(field, why)};
    };
    if (!isToken(eventId, 200, "._:/@+=-"_L1))
        return bad(u"the event id"_s, u"must be 1 to 200 characters of letters, digits and ._:/@+=-"_s);
    if (!isToken(source, 64, "._:/@-"_L1))
        return bad(u"the source"_s, u"must be 1 to 64 characters of letters, digits and ._:/@-"_s);
    if (dedupKey.size() > 600)
        return bad(u"the dedup key"_s, u"is longer than 600 characters"_s);
    if (hasUnsafe(dedupKey, false))
        return bad(u"the dedup key"_s, u"contains control characters"_s);
    if (title.trimmed().isEmpty())
        return bad(u"the title"_s, u"is required"_s);
    if (title.size() > 500)
        return bad(u"the title"_s, u"is longer than 500 characters"_s);
    if (hasUnsafe(title, false))
        return bad(u"the title"_s, u"contains control or text-direction characters"_s);
    if (description.size() > 64 * 1024)
        return bad(u"the description"_s, u"is longer than 64 KiB"_s);
    if (hasUnsafe(description, true))
        return bad(u"the description"_s, u"contains control or text-direction characters"_s);
    if (!service.isEmpty() && (!isAsciiAlnum(service.front().unicode()) || !isToken(service, 100, "._-"_L1)))
        return bad(u"the service"_s, u"must be a service name: letters, digits and ._-"_s);
    if (!priority.isEmpty()
        && (priority.size() != 2 || priority.at(0) != u'P' || priority.at(1) < u'1' || priority.at(1) > u'4'))
        return bad(u"the priority"_s, u"must be one of P1, P2, P3, P4"_s);
    if (externalId.size() > 200 || hasUnsafe(externalId, false))
        return bad(u"the external id"_s, u"must be at most 200 printable characters"_s);
    if (labels.size() > 100)
        return bad(u"the labels"_s, u"have more than 100 entries"_s);
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it) {
        if (!it.value().isString())
            return bad(u"label \"%1\""_s.arg(it.key().left(64)), u"must be a string"_s);
        if (it.key().isEmpty() || it.key().size() > 200 || hasUnsafe(it.key(), false))
            return bad(u"a label name"_s, u"must be 1 to 200 printable characters"_s);
        const QString value = it.value().toString();
        if (value.size() > 2000 || hasUnsafe(value, true))
            return bad(u"label \"%1\""_s.arg(it.key().left(64)), u"must be at most 2000 printable characters"_s);
    }
    return {};
}

QJsonObject IngestResult::toJson() const
{
    return {{u"event_id"_s, eventId},
            {u"incident_id"_s, incidentId > 0 ? QJsonValue(incidentId) : QJsonValue()},
            {u"outcome"_s, outcome}};
}

QString normaliseService(const QString &raw)
{
    QString out;
    out.reserve(std::min<qsizetype>(raw.size(), 100));
    for (const QChar c : raw) {
        if (out.size() >= 100)
            break;
        const bool alnum = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
        if (alnum)
            out.append(c);
        else if (!out.isEmpty() && (c == u'.' || c == u'_' || c == u'-'))
            out.append(c);
        else if (!out.isEmpty() && (c == u' ' || c == u'/' || c == u':'))
            out.append(u'-');
    }
    return out;
}

QString priorityFromSeverity(const QString &severity)
{
    const QString s = severity.trimmed().toLower();
    if (s == "p1"_L1 || s == "critical"_L1 || s == "sev1"_L1 || s == "fatal"_L1 || s == "page"_L1)
        return u"P1"_s;
    if (s == "p2"_L1 || s == "high"_L1 || s == "error"_L1 || s == "major"_L1 || s == "sev2"_L1)
        return u"P2"_s;
    if (s == "p3"_L1 || s == "warning"_L1 || s == "warn"_L1 || s == "medium"_L1 || s == "minor"_L1 || s == "sev3"_L1)
        return u"P3"_s;
    if (s == "p4"_L1 || s == "info"_L1 || s == "low"_L1 || s == "none"_L1 || s == "sev4"_L1)
        return u"P4"_s;
    return {};
}

QString shortHash(const QStringList &parts)
{
    const QByteArray joined = parts.join(QChar(0x1f)).toUtf8();
    return sha256Hex({joined}).left(32);
}

} // namespace warroom
