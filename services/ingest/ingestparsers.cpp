#include "ingestparsers.h"

#include "incident.h"
#include "jsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace warroom::ingest {
namespace {

Error invalid(const QString &message)
{
    return Error {ErrorCode::InvalidInput, message};
}

/// String labels only, long values cut, at most 100: what a source sends
/// beyond that is kept out of the incident rather than refused.
QJsonObject stringLabels(const QJsonObject &in, QJsonObject out = {})
{
    for (auto it = in.constBegin(); it != in.constEnd() && out.size() < 100; ++it) {
        if (it.value().isString() && !it.key().isEmpty() && it.key().size() <= 200)
            out.insert(it.key(), it.value().toString().left(2000));
    }
    return out;
}

/// Checks that every value of a label map is a string (Alertmanager's own
/// invariant: a number there means a forged or broken payload).
std::optional<Error> requireStringMap(const QJsonObject &map, const QString &where)
{
    if (map.size() > 1000)
        return invalid(u"%1 has more than 1000 entries"_s.arg(where));
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (!it.value().isString())
            return invalid(u"%1.%2 must be a string"_s.arg(where, it.key().left(64)));
    }
    return std::nullopt;
}

QString firstOf(const QJsonObject &a, const QJsonObject &b, std::initializer_list<const char16_t *> keys)
{
    for (const char16_t *k : keys) {
        const QString key = QString::fromUtf16(k);
        if (!a.value(key).toString().isEmpty())
            return a.value(key).toString();
        if (!b.value(key).toString().isEmpty())
            return b.value(key).toString();
    }
    return {};
}

/// A sender's time ("2026-11-22T02:14:00.000Z", fractions cut to ms, UTC):
/// the common shape read by hand, anything else by QDateTime (slow).
QDateTime senderTime(const QString &text)
{
    const QString t = text.left(23);
    auto digits = [&](qsizetype from, qsizetype n, int &out) {
        out = 0;
        for (qsizetype k = from; k < from + n; ++k) {
            if (k >= t.size() || !t.at(k).isDigit() || t.at(k).unicode() > 0x7f)
                return false;
            out = out * 10 + (t.at(k).unicode() - u'0');
        }
        return true;
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
    if (t.size() >= 19 && t.at(4) == u'-' && t.at(7) == u'-' && t.at(10) == u'T' && t.at(13) == u':' && t.at(16) == u':'
        && digits(0, 4, y) && digits(5, 2, mo) && digits(8, 2, d) && digits(11, 2, h) && digits(14, 2, mi)
        && digits(17, 2, sec)) {
        bool ok = t.size() == 19 || (t.size() == 20 && text.at(19) == u'Z');
        if (!ok && t.at(19) == u'.') {
            int n = 0;
            qsizetype k = 20;
            for (; k < t.size() && t.at(k).isDigit() && t.at(k).unicode() < 0x80; ++k)
                n = n * 10 + (t.at(k).unicode() - u'0');
            const qsizetype places = k - 20;
            ok = places >= 1 && k == t.size()
                && (text.size() == t.size() || text.at(t.size()) == u'Z' || text.at(t.size()).isDigit());
            ms = places == 1 ? n * 100 : places == 2 ? n * 10 : n;
        }
        const QDate date(y, mo, d);
        const QTime time(h, mi, sec, ms);
        if (ok && date.isValid() && time.isValid())
            return QDateTime(date, time, Qt::UTC);
    }
    QDateTime parsed = QDateTime::fromString(t, Qt::ISODateWithMs);
    parsed.setTimeSpec(Qt::UTC);
    return parsed;
}

/// The sender's time of `e` from `text` at `where`; unreadable, the time of
/// receipt stands in and the event says so (an alert is not refused for it).
void readSenderTime(IngestEvent &e, const QString &where, const QString &text)
{
    e.occurredAt = senderTime(text);
    if (!text.isEmpty() && !e.occurredAt.isValid())
        e.warnings.append(u"%1 \"%2\" is not an RFC 3339 time (such as 2026-11-22T02:14:00Z); the time it was "
                          "received is used"_s.arg(where, text.left(64)));
}

QString cut(const QString &text, qsizetype n)
{
    return text.size() <= n ? text : text.left(n - 1) + u'…';
}

/// The alarm detail of a CloudWatch state change, shared by EventBridge and /alert.
Expected<IngestEvent> alarmDetail(const QJsonObject &detail, const QJsonArray &resources, const QString &region,
                                  const QString &account)
{
    JsonReader r(detail, u"detail"_s);
    const QString alarmName = r.string("alarmName"_L1, true, 255);
    const QJsonObject state = r.object("state"_L1, true);
    const QJsonObject configuration = r.object("configuration"_L1);
    if (!r.ok())
        return r.error();
    JsonReader s(state, u"detail.state"_s);
    const QString value = s.string("value"_L1, true, 32);
    const QString reason = s.string("reason"_L1, false, 8192);
    const QString timestamp = s.string("timestamp"_L1, false, 64);
    if (!s.ok())
        return s.error();
    IngestEvent e;
    if (value == "ALARM"_L1)
        e.action = IngestAction::Trigger;
    else if (value == "OK"_L1)
        e.action = IngestAction::Resolve;
    else if (value == "INSUFFICIENT_DATA"_L1)
        e.action = IngestAction::Update;
    else
        return invalid(u"detail.state.value must be ALARM, OK or INSUFFICIENT_DATA"_s);
    JsonReader c(configuration, u"detail.configuration"_s);
    const QString description = c.string("description"_L1, false, 8192);
    const QJsonArray metrics = c.array("metrics"_L1, 100);
    if (!c.ok())
        return c.error();
    // Service and cluster: the alarm's dimensions (ECS ServiceName and
    // ClusterName), else an ECS service ARN among the resources.
    QString service;
    QString cluster;
    QString metricName;
    QString ns;
    for (const QJsonValue &m : metrics) {
        const QJsonObject metric = m.toObject().value(u"metricStat"_s).toObject().value(u"metric"_s).toObject();
        const QJsonObject dims = metric.value(u"dimensions"_s).toObject();
        if (service.isEmpty())
            service = dims.value(u"ServiceName"_s).toString();
        if (cluster.isEmpty())
            cluster = dims.value(u"ClusterName"_s).toString();
        if (metricName.isEmpty())
            metricName = metric.value(u"name"_s).toString();
        if (ns.isEmpty())
            ns = metric.value(u"namespace"_s).toString();
    }
    static const QRegularExpression kEcsService(u"^arn:aws[a-z-]*:ecs:[^:]*:[^:]*:service/([^/]+)/([^/]+)$"_s);
    static const QRegularExpression kEcsOld(u"^arn:aws[a-z-]*:ecs:[^:]*:[^:]*:service/([^/]+)$"_s);
    static const QRegularExpression kEcsCluster(u"^arn:aws[a-z-]*:ecs:[^:]*:[^:]*:cluster/([^/]+)$"_s);
    for (const QJsonValue &v : resources) {
        const QString arn = v.toString();
        if (const QRegularExpressionMatch m = kEcsService.match(arn); m.hasMatch()) {
            if (cluster.isEmpty())
                cluster = m.captured(1);
            if (service.isEmpty())
                service = m.captured(2);
        } else if (const QRegularExpressionMatch m2 = kEcsOld.match(arn); m2.hasMatch()) {
            if (service.isEmpty())
                service = m2.captured(1);
        } else if (const QRegularExpressionMatch m3 = kEcsCluster.match(arn); m3.hasMatch()) {
            if (cluster.isEmpty())
                cluster = m3.captured(1);
        }
    }
    e.service = normaliseService(service);
    // One incident per alarm, whichever of the two shapes reported it.
    e.dedupKey = u"cloudwatch:"_s + alarmName;
    e.title = cut(u"CloudWatch alarm %1 is %2"_s.arg(alarmName, value), 500);
    QStringList lines;
    if (!description.isEmpty())
        lines.append(description);
    if (!reason.isEmpty())
        lines.append(reason);
    e.description = lines.join(u"\n\n"_s).left(64 * 1024);
    e.labels = QJsonObject {{u"alarm_name"_s, alarmName.left(2000)}, {u"alarm_state"_s, value}};
    if (!cluster.isEmpty())
        e.labels.insert(u"cluster"_s, cluster.left(2000));
    if (!region.isEmpty())
        e.labels.insert(u"region"_s, region.left(2000));
    if (!account.isEmpty())
        e.labels.insert(u"account"_s, account.left(2000));
    if (!metricName.isEmpty())
        e.labels.insert(u"metric"_s, metricName.left(2000));
    if (!ns.isEmpty())
        e.labels.insert(u"namespace"_s, ns.left(2000));
    readSenderTime(e, u"detail.state.timestamp"_s, timestamp);
    e.externalId = alarmName.left(200);
    return e;
}

} // namespace

const QStringList &cyberCategories()
{
    static const QStringList kCategories {u"application_exploitation"_s, u"endpoint_compromise"_s,
                                          u"data_exfiltration"_s, u"security_triage"_s};
    return kCategories;
}

Expected<QJsonObject> parseObject(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return invalid(u"the body is empty; a JSON object is expected"_s);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(u"the body is not valid JSON: %1 at offset %2"_s.arg(error.errorString()).arg(error.offset));
    if (!doc.isObject())
        return invalid(u"the body must be a JSON object"_s);
    return doc.object();
}

Expected<QList<IngestEvent>> alertmanager(const QJsonObject &body)
{
    JsonReader r(body);
    const QString version = r.string("version"_L1, true, 8);
    const QString groupKey = r.string("groupKey"_L1, true, 4096);
    const QString status = r.string("status"_L1, true, 16);
    const QString receiver = r.string("receiver"_L1, false, 1024);
    const QString externalUrl = r.string("externalURL"_L1, false, 2048);
    const QJsonObject groupLabels = r.object("groupLabels"_L1);
    const QJsonObject commonLabels = r.object("commonLabels"_L1);
    const QJsonObject commonAnnotations = r.object("commonAnnotations"_L1);
    const QJsonArray alerts = r.array("alerts"_L1, 1000);
    if (r.ok() && !body.value(u"alerts"_s).isArray())
        r.fail("alerts"_L1, u"is required (a list of alerts)"_s);
    if (!r.ok())
        return r.error();
    if (version != "4"_L1)
        return invalid(u"version must be \"4\" (the Alertmanager webhook payload version)"_s);
    if (status != "firing"_L1 && status != "resolved"_L1)
        return invalid(u"status must be firing or resolved"_s);
    if (alerts.isEmpty())
        return invalid(u"alerts is empty"_s);
    for (const auto &[map, where] :
         {std::pair {&groupLabels, u"groupLabels"_s}, std::pair {&commonLabels, u"commonLabels"_s},
          std::pair {&commonAnnotations, u"commonAnnotations"_s}}) {
        if (auto e = requireStringMap(*map, where))
            return *e;
    }
    const QString dedupKey = u"alertmanager:"_s + shortHash({receiver, groupKey});
    const QString groupName = firstOf(groupLabels, commonLabels, {u"alertname"});
    QList<IngestEvent> events;
    events.reserve(alerts.size());
    for (qsizetype i = 0; i < alerts.size(); ++i) {
        if (!alerts.at(i).isObject())
            return invalid(u"alerts[%1] must be an object"_s.arg(i));
        const QString where = u"alerts[%1]"_s.arg(i);
        JsonReader a(alerts.at(i).toObject(), where);
        const QString alertStatus = a.string("status"_L1, true, 16);
        const QJsonObject labels = a.object("labels"_L1, true);
        const QJsonObject annotations = a.object("annotations"_L1);
        const QString startsAt = a.string("startsAt"_L1, false, 64);
        const QString endsAt = a.string("endsAt"_L1, false, 64);
        const QString fingerprint = a.string("fingerprint"_L1, false, 128);
        const QString generatorUrl = a.string("generatorURL"_L1, false, 2048);
        if (!a.ok())
            return a.error();
        if (alertStatus != "firing"_L1 && alertStatus != "resolved"_L1)
            return invalid(where + u".status must be firing or resolved"_s);
        if (auto e = requireStringMap(labels, where + u".labels"_s))
            return *e;
        if (auto e = requireStringMap(annotations, where + u".annotations"_s))
            return *e;
        IngestEvent e;
        e.source = u"alertmanager"_s;
        e.eventId = u"alertmanager:"_s
            + shortHash({receiver, groupKey, fingerprint, alertStatus, startsAt, endsAt,
                         QString::fromUtf8(QJsonDocument(labels).toJson(QJsonDocument::Compact))});
        e.dedupKey = dedupKey;
        if (alertStatus == "firing"_L1)
            e.action = IngestAction::Trigger;
        else
            e.action = status == "resolved"_L1 ? IngestAction::Resolve : IngestAction::Update;
        const QString summary = firstOf(commonAnnotations, annotations, {u"summary", u"title"});
        if (summary.size() > 1024)
            return invalid(where + u": the summary is longer than 1024 characters"_s);
        const QString alertName = groupName.isEmpty() ? labels.value(u"alertname"_s).toString() : groupName;
        const QString service
            = normaliseService(firstOf(commonLabels, labels, {u"service", u"app", u"application", u"job"}));
        e.title = cut(!summary.isEmpty() ? summary
                                         : (alertName.isEmpty() ? u"Alertmanager alert group"_s : alertName)
                              + (service.isEmpty() ? QString() : u" on "_s + service),
                      500);
        QStringList lines;
        const QString text = firstOf(annotations, commonAnnotations, {u"description", u"message"});
        if (text.size() > 60 * 1024)
            return invalid(where + u": the description is longer than 60 KiB"_s);
        if (!text.isEmpty())
            lines.append(text);
        QStringList labelText;
        for (auto it = labels.constBegin(); it != labels.constEnd(); ++it)
            labelText.append(it.key() + u'=' + it.value().toString());
        lines.append(u"Labels: "_s + labelText.join(u", "_s));
        if (!generatorUrl.isEmpty())
            lines.append(u"Source: "_s + generatorUrl);
        e.description = lines.join(u"\n"_s).left(64 * 1024);
        e.service = service;
        e.priority = priorityFromSeverity(firstOf(commonLabels, labels, {u"priority", u"severity"}));
        QJsonObject extra {{u"alertname"_s, alertName.left(2000)},
                           {u"alertmanager_receiver"_s, receiver.left(2000)},
                           {u"alertmanager_group_key"_s, groupKey.left(2000)}};
        if (!externalUrl.isEmpty())
            extra.insert(u"alertmanager_url"_s, externalUrl);
        e.labels = stringLabels(commonLabels.isEmpty() ? labels : commonLabels, extra);
        e.externalId = fingerprint;
        readSenderTime(e, where + u".startsAt"_s, startsAt);
        if (Status s = e.validate(); !s)
            return Error {ErrorCode::InvalidInput, where + u": "_s + s.error().message};
        events.append(std::move(e));
    }
    return events;
}

Expected<IngestEvent> eventBridge(const QJsonObject &body)
{
    JsonReader r(body);
    const QString id = r.string("id"_L1, true, 128);
    const QString detailType = r.string("detail-type"_L1, true, 128);
    const QString source = r.string("source"_L1, true, 128);
    const QString region = r.string("region"_L1, false, 64);
    const QString account = r.string("account"_L1, false, 64);
    const QJsonArray resources = r.array("resources"_L1, 100);
    const QJsonObject detail = r.object("detail"_L1, true);
    if (!r.ok())
        return r.error();
    if (detailType != "CloudWatch Alarm State Change"_L1 || source != "aws.cloudwatch"_L1)
        return invalid(u"only CloudWatch alarm state changes are accepted (source \"aws.cloudwatch\", "
                       "detail-type \"CloudWatch Alarm State Change\"), not \"%1\" from \"%2\""_s.arg(
                           detailType.left(64), source.left(64)));
    for (const QJsonValue &v : resources) {
        if (!v.isString() || v.toString().size() > 2048)
            return invalid(u"resources must be a list of ARNs"_s);
    }
    Expected<IngestEvent> e = alarmDetail(detail, resources, region, account);
    if (!e)
        return e;
    e->source = u"eventbridge"_s;
    e->eventId = u"eventbridge:"_s + id;
    if (Status s = e->validate(); !s)
        return s.error();
    return e;
}

Expected<IngestEvent> alertWrapper(const QJsonObject &body)
{
    JsonReader r(body);
    const QString incidentId = r.string("incident_id"_L1, true, 200);
    const QJsonObject detail = r.object("detail"_L1, true);
    const QJsonArray resources = r.array("resources"_L1, 100);
    const QString region = r.string("region"_L1, false, 64);
    const QString account = r.string("account"_L1, false, 64);
    if (!r.ok())
        return r.error();
    for (const QJsonValue &v : resources) {
        if (!v.isString() || v.toString().size() > 2048)
            return invalid(u"resources must be a list of ARNs"_s);
    }
    // The wrapped detail may itself be a whole EventBridge event.
    const bool envelope = detail.contains(u"detail-type"_s) && detail.value(u"detail"_s).isObject();
    Expected<IngestEvent> e = envelope
        ? alarmDetail(detail.value(u"detail"_s).toObject(), detail.value(u"resources"_s).toArray(),
                      detail.value(u"region"_s).toString(), detail.value(u"account"_s).toString())
        : alarmDetail(detail, resources, region, account);
    if (!e)
        return e;
    const QJsonObject state = (envelope ? detail.value(u"detail"_s).toObject() : detail).value(u"state"_s).toObject();
    e->source = u"alert"_s;
    e->eventId = u"alert:"_s
        + shortHash({incidentId, state.value(u"value"_s).toString(), state.value(u"timestamp"_s).toString(),
                     QString::fromUtf8(QJsonDocument(detail).toJson(QJsonDocument::Compact))});
    e->externalId = incidentId;
    if (Status s = e->validate(); !s)
        return s.error();
    return e;
}

Expected<IngestEvent> pagerDuty(const QJsonObject &body, QString *dedupKeyOut, QStringList *problemsOut)
{
    // PagerDuty answers an invalid event with every problem it found: a
    // sender fixes its integration in one round, not one field at a time.
    QStringList problems;
    JsonReader r(body);
    const QString routingKey = r.string("routing_key"_L1, true, 64);
    const QString action = r.string("event_action"_L1, true, 16);
    QString dedupKey = r.string("dedup_key"_L1, false, 255);
    const QJsonObject payload = r.object("payload"_L1);
    problems += r.problems();
    IngestEvent e;
    e.source = u"pagerduty"_s;
    if (action == "trigger"_L1)
        e.action = IngestAction::Trigger;
    else if (action == "acknowledge"_L1)
        e.action = IngestAction::Acknowledge;
    else if (action == "resolve"_L1)
        e.action = IngestAction::Resolve;
    else if (!action.isEmpty())
        problems.append(u"event_action must be trigger, acknowledge or resolve (not \"%1\")"_s.arg(action));
    if ((action == "acknowledge"_L1 || action == "resolve"_L1) && dedupKey.isEmpty())
        problems.append(u"dedup_key is required to %1 an alert"_s.arg(action));
    QString summary, source, severity, component, group, klass, timestamp;
    QJsonObject details;
    if (action == "trigger"_L1) {
        if (!body.value(u"payload"_s).isObject() && !body.contains(u"payload"_s))
            problems.append(u"payload is required for a trigger"_s);
        JsonReader p(payload, u"payload"_s);
        summary = p.string("summary"_L1, true, 1024);
        source = p.string("source"_L1, true, 255);
        severity = p.string("severity"_L1, true, 16);
        component = p.string("component"_L1, false, 255);
        group = p.string("group"_L1, false, 255);
        klass = p.string("class"_L1, false, 255);
        timestamp = p.string("timestamp"_L1, false, 64);
        details = p.object("custom_details"_L1);
        if (body.value(u"payload"_s).isObject())
            problems += p.problems();
        if (!severity.isEmpty() && !QStringList {u"critical"_s, u"error"_s, u"warning"_s, u"info"_s}.contains(severity))
            problems.append(u"payload.severity must be critical, error, warning or info (not \"%1\")"_s.arg(severity));
    }
    if (!problems.isEmpty()) {
        if (problemsOut)
            *problemsOut = problems;
        return invalid(problems.join(u"; "_s));
    }
    if (e.action == IngestAction::Trigger) {
        e.title = cut(summary, 500);
        e.priority = priorityFromSeverity(severity);
        const QString service = details.value(u"service"_s).toString();
        e.service = normaliseService(service.isEmpty() ? component : service);
        QStringList lines;
        if (summary.size() > 500)
            lines.append(summary);
        lines.append(u"Source: "_s + source);
        for (auto it = details.constBegin(); it != details.constEnd() && lines.size() < 200; ++it) {
            const QString value = it.value().isString()
                ? it.value().toString()
                : QString::fromUtf8(QJsonDocument(QJsonArray {it.value()}).toJson(QJsonDocument::Compact))
                      .mid(1)
                      .chopped(1);
            lines.append(it.key().left(200) + u": "_s + value.left(2000));
        }
        e.description = lines.join(u"\n"_s).left(64 * 1024);
        QJsonObject labels {{u"pd_source"_s, source}, {u"pd_severity"_s, severity}};
        if (!component.isEmpty())
            labels.insert(u"component"_s, component);
        if (!group.isEmpty())
            labels.insert(u"group"_s, group);
        if (!klass.isEmpty())
            labels.insert(u"class"_s, klass);
        e.labels = labels;
        readSenderTime(e, u"payload.timestamp"_s, timestamp);
    } else {
        e.title = u"PagerDuty %1 for %2"_s.arg(action, cut(dedupKey, 200));
    }
    if (dedupKey.isEmpty())
        dedupKey = QUuid::createUuid().toString(QUuid::WithoutBraces).remove(u'-');
    e.dedupKey = u"pagerduty:"_s + shortHash({routingKey}).left(8) + u':' + dedupKey;
    e.externalId = dedupKey.left(200);
    e.eventId = u"pagerduty:"_s
        + shortHash({QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact)),
                     body.contains(u"dedup_key"_s) ? QString() : dedupKey});
    if (Status s = e.validate(); !s)
        return s.error();
    if (dedupKeyOut)
        *dedupKeyOut = dedupKey;
    return e;
}

Expected<IngestEvent> streamEvent(const QJsonObject &body, const QString &fallbackId)
{
    JsonReader r(body);
    const QString eventId = r.string("event_id"_L1, false, 200);
    const QString dedupKey = r.string("dedup_key"_L1, false, 500);
    const QString category = r.string("category"_L1, false, 64);
    if (!r.ok())
        return r.error();
    IngestEvent e;
    e.eventId = eventId.isEmpty() ? u"stream:"_s + fallbackId : eventId;
    if (!category.isEmpty() || body.contains(u"technique"_s) || body.contains(u"indicators"_s)) {
        // A normalised cyber event.
        if (!cyberCategories().contains(category))
            return invalid(u"category must be one of %1"_s.arg(cyberCategories().join(u", "_s)));
        static const QRegularExpression kTechnique(u"^(T\\d{4}(\\.\\d{3})?)?$"_s);
        const QString technique = r.string("technique"_L1, false, 16);
        QString title = r.string("title"_L1, false, 500);
        const QString description = r.string("description"_L1, false, 64 * 1024);
        const QString severity = r.string("severity"_L1, false, 16);
        const QString priority = r.string("priority"_L1, false, 2);
        const QString source = r.string("source"_L1, false, 64);
        const QString service = r.string("service"_L1, false, 100);
        const QStringList hosts = r.stringList("hosts"_L1, 100);
        const QStringList users = r.stringList("users"_L1, 100);
        const QJsonArray indicators = r.array("indicators"_L1, 200);
        const QDateTime occurredAt = r.dateTime("occurred_at"_L1);
        if (!r.ok())
            return r.error();
        if (!kTechnique.match(technique).hasMatch())
            return invalid(u"technique must be a MITRE ATT&CK id like T1059 or T1059.001"_s);
        for (const QString &h : hosts) {
            if (h.isEmpty() || h.size() > 255)
                return invalid(u"hosts must be names of 1 to 255 characters"_s);
        }
        for (const QString &u : users) {
            if (u.isEmpty() || u.size() > 255)
                return invalid(u"users must be names of 1 to 255 characters"_s);
        }
        QStringList indicatorText;
        for (qsizetype i = 0; i < indicators.size(); ++i) {
            const QJsonObject ind = indicators.at(i).toObject();
            if (!indicators.at(i).isObject() || !ind.value(u"type"_s).isString() || !ind.value(u"value"_s).isString()
                || ind.value(u"type"_s).toString().size() > 32 || ind.value(u"value"_s).toString().size() > 2048)
                return invalid(u"indicators[%1] must be {\"type\": string, \"value\": string}"_s.arg(i));
            indicatorText.append(ind.value(u"type"_s).toString() + u": "_s + ind.value(u"value"_s).toString());
        }
        e.source = source.isEmpty() ? u"cyber"_s : source;
        e.action = IngestAction::Trigger;
        if (title.isEmpty())
            title = u"%1%2%3"_s.arg(category, technique.isEmpty() ? QString() : u" ("_s + technique + u')',
                                    hosts.isEmpty() ? QString() : u" on "_s + hosts.first());
        e.title = title;
        QStringList lines;
        if (!description.isEmpty())
            lines.append(description);
        if (!hosts.isEmpty())
            lines.append(u"Hosts: "_s + hosts.join(u", "_s));
        if (!users.isEmpty())
            lines.append(u"Users: "_s + users.join(u", "_s));
        if (!indicatorText.isEmpty())
            lines.append(u"Indicators: "_s + indicatorText.join(u"; "_s));
        e.description = lines.join(u"\n"_s).left(64 * 1024);
        e.service = service;
        e.priority = priority.isEmpty() ? priorityFromSeverity(severity) : priority.toUpper();
        e.labels = QJsonObject {{u"category"_s, category}};
        if (!technique.isEmpty())
            e.labels.insert(u"technique"_s, technique);
        if (!hosts.isEmpty())
            e.labels.insert(u"hosts"_s, hosts.join(u',').left(2000));
        if (!users.isEmpty())
            e.labels.insert(u"users"_s, users.join(u',').left(2000));
        if (!indicators.isEmpty())
            e.labels.insert(u"indicators"_s, QString::number(indicators.size()));
        e.occurredAt = occurredAt;
        e.externalId = eventId.left(200);
    } else {
        // A generic incident, as POST /api/v1/incidents takes it.
        QJsonObject incident = body;
        incident.remove(u"event_id"_s);
        incident.remove(u"dedup_key"_s);
        Expected<Incident> i = Incident::fromSubmission(incident);
        if (!i)
            return i.error();
        e.source = i->source == "rest"_L1 ? u"stream"_s : i->source;
        e.title = i->title;
        e.description = i->description;
        e.service = i->service;
        e.priority = i->priority;
        e.labels = i->labels;
        e.externalId = i->externalId;
        if (dedupKey.isEmpty() && !i->externalId.isEmpty())
            e.dedupKey = u"ext:"_s + e.source + u':' + i->externalId;
    }
    if (!dedupKey.isEmpty())
        e.dedupKey = u"stream:"_s + dedupKey;
    if (Status s = e.validate(); !s)
        return s.error();
    return e;
}

} // namespace warroom::ingest
