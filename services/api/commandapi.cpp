#include "commandapi.h"

#include "apiserver.h"
#include "coordinator.h"
#include "postmortem.h"

#include "jsonlist.h"
#include "jsonreader.h"

#include <QJsonArray>
#include <QUrlQuery>

#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

using Method = QHttpServerRequest::Method;
using M = QRegularExpressionMatch;
using R = QHttpServerRequest;

const QString kIncident = u"/api/v1/incidents/(?:INC-|inc-)?([1-9]\\d{0,14})"_s;

/// Runs a workflow command and answers with the whole incident.
HttpReply run(Coordinator &coordinator, qint64 id, const Command &command, const User &user, int status = 200)
{
    Expected<IncidentRecord> result = coordinator.execute(id, command, user);
    if (!result)
        return HttpReply::fromError(result.error());
    Expected<QJsonObject> detail = coordinator.incidentDetail(id);
    return detail ? HttpReply::json(*detail, status) : HttpReply::fromError(detail.error());
}

/// `format=` of a document route: md (default), json, or pdf where allowed.
Expected<QString> formatParam(const R &r, bool pdf)
{
    const QString format = r.query().queryItemValue(u"format"_s);
    if (format.isEmpty())
        return u"md"_s;
    if (format == "md"_L1 || format == "json"_L1 || (pdf && format == "pdf"_L1))
        return format;
    return Error {ErrorCode::InvalidInput,
                  u"format must be md or json%1, not \"%2\""_s.arg(pdf ? u" or pdf"_s : QString(), format)};
}

HttpReply markdown(const QString &text, const QString &filename)
{
    HttpReply reply {200, text.toUtf8(), "text/markdown; charset=utf-8", {}};
    reply.headers.append(
        qMakePair(QByteArray("Content-Disposition"), "inline; filename=\"" + filename.toUtf8() + "\""));
    return reply;
}

/// Percentile of sorted values (nearest rank).
double percentile(const QList<qint64> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const qsizetype rank
        = std::clamp<qsizetype>(qsizetype(std::ceil(p * double(sorted.size()))) - 1, 0, sorted.size() - 1);
    return double(sorted.at(rank));
}

QJsonObject spread(QList<qint64> seconds)
{
    std::sort(seconds.begin(), seconds.end());
    return {{u"count"_s, seconds.size()},
            {u"p50_seconds"_s, percentile(seconds, 0.5)},
            {u"p90_seconds"_s, percentile(seconds, 0.9)}};
}

} // namespace

void installCommandRoutes(ApiServer &server, Coordinator &coordinator)
{
    Coordinator *c = &coordinator;
    auto id = [](const M &m) { return m.captured(1).toLongLong(); };

    server.addRoute(Method::Post, kIncident + u"/acknowledge"_s, u"incidents.acknowledge"_s,
                    [c, id](const R &r, const M &m, const User &user) {
                        Expected<QJsonObject> body = bodyObject(r);
                        if (!body)
                            return HttpReply::fromError(body.error());
                        JsonReader reader(*body);
                        const QString note = reader.string("note"_L1, false, 2000);
                        if (!reader.ok())
                            return HttpReply::fromError(reader.error());
                        return run(*c, id(m), command::Acknowledge {note}, user);
                    });
    server.addRoute(Method::Post, kIncident + u"/mitigate"_s, u"incidents.mitigate"_s,
                    [c, id](const R &r, const M &m, const User &user) {
                        Expected<QJsonObject> body = bodyObject(r);
                        if (!body)
                            return HttpReply::fromError(body.error());
                        JsonReader reader(*body);
                        const QString summary = reader.string("summary"_L1, true, 4000);
                        if (!reader.ok())
                            return HttpReply::fromError(reader.error());
                        return run(*c, id(m), command::Mitigate {summary}, user);
                    });
    server.addRoute(Method::Post, kIncident + u"/severity"_s, u"incidents.severity"_s,
                    [c, id](const R &r, const M &m, const User &user) {
                        Expected<QJsonObject> body = bodyObject(r);
                        if (!body)
                            return HttpReply::fromError(body.error());
                        JsonReader reader(*body);
                        const QString text = reader.string("severity"_L1, true, 8).toUpper();
                        const QString reason = reader.string("reason"_L1, false, 2000);
                        if (!reader.ok())
                            return HttpReply::fromError(reader.error());
                        const std::optional<Severity> severity = severityFromString(text);
                        if (!severity || *severity == Severity::Unknown)
                            return HttpReply::error(400, u"severity must be SEV1, SEV2, SEV3 or SEV4"_s);
                        return run(*c, id(m), command::DeclareSeverity {*severity, reason}, user);
                    });
    server.addRoute(Method::Post, kIncident + u"/roles"_s, u"incidents.roles"_s,
                    [c, id](const R &r, const M &m, const User &user) {
                        Expected<QJsonObject> body = bodyObject(r);
                        if (!body)
                            return HttpReply::fromError(body.error());
                        JsonReader reader(*body);
                        command::AssignRoles roles;
                        auto take = [&](QLatin1StringView key, std::optional<QString> &into) {
                            if (body->contains(key))
                                into = reader.string(key, false, 200);
                        };
                        take("commander"_L1, roles.commander);
                        take("comms_lead"_L1, roles.commsLead);
                        take("scribe"_L1, roles.scribe);
                        for (const QString &key : body->keys()) {
                            if (!QStringList {u"commander"_s, u"comms_lead"_s, u"scribe"_s}.contains(key))
                                reader.fail(QLatin1StringView(),
                                            u"\"%1\" is not a command role (commander, comms_lead, scribe)"_s.arg(key));
                        }
                        if (!reader.ok())
                            return HttpReply::fromError(reader.error());
                        return run(*c, id(m), roles, user);
                    });
    server.addRoute(Method::Post, kIncident + u"/tasks/([A-Za-z0-9_.-]{1,64})/(block|unblock)"_s, u"incidents.task"_s,
                    [c, id](const R &r, const M &m, const User &user) {
                        Expected<QJsonObject> body = bodyObject(r);
                        if (!body)
                            return HttpReply::fromError(body.error());
                        JsonReader reader(*body);
                        const bool block = m.captured(3) == "block"_L1;
                        const QString reason = reader.string("reason"_L1, block, 2000);
                        if (!reader.ok())
                            return HttpReply::fromError(reader.error());
                        return run(*c, id(m), command::SetTaskBlocked {m.captured(2), block, reason}, user);
                    });
    server
        .addRoute(Method::Get, kIncident + u"/readin"_s, u"incidents.readin"_s,
                  [c, id](const R &r, const M &m, const User &) {
                      Expected<QString> format = formatParam(r, false);
                      if (!format)
                          return HttpReply::fromError(format.error());
                      Expected<ReadIn> in = c->readIn(id(m));
                      if (!in)
                          return HttpReply::fromError(in.error());
                      if (*format == "json"_L1)
                          return HttpReply::json(in->toJson());
                      return markdown(in->toMarkdown(), u"INC-%1-readin.md"_s.arg(id(m)));
                  })
        .query({u"format"_s});
    server
        .addRoute(Method::Get, kIncident + u"/status-draft"_s, u"incidents.status_draft"_s,
                  [c, id](const R &r, const M &m, const User &) {
                      const QString audience = r.query().queryItemValue(u"audience"_s);
                      if (audience.isEmpty())
                          return HttpReply::error(
                              400, u"parameter \"audience\" is required (internal, executive, external)"_s);
                      Expected<QString> draft = c->statusDraft(id(m), audience);
                      if (!draft)
                          return HttpReply::fromError(draft.error());
                      return HttpReply::json({{u"audience"_s, audience}, {u"text"_s, *draft}});
                  })
        .query({u"audience"_s});
    server.addRoute(Method::Get, kIncident + u"/status-updates"_s, u"incidents.status_updates"_s,
                    [c, id](const R &, const M &m, const User &) {
                        Expected<IncidentRecord> record = c->incident(id(m));
                        if (!record)
                            return HttpReply::fromError(record.error());
                        return HttpReply::json({{u"items"_s, listToJson(record->statusUpdates)},
                                                {u"count"_s, record->statusUpdates.size()}});
                    });
    server.addRoute(Method::Post, kIncident + u"/status-updates"_s, u"incidents.status_publish"_s,
                    [c, id](const R &r, const M &m, const User &user) {
                        Expected<QJsonObject> body = bodyObject(r);
                        if (!body)
                            return HttpReply::fromError(body.error());
                        JsonReader reader(*body);
                        const QString audience = reader.string("audience"_L1, true, 32);
                        const QString text = reader.string("text"_L1, true, 20000);
                        if (!reader.ok())
                            return HttpReply::fromError(reader.error());
                        return run(*c, id(m), command::PublishStatus {audience, text}, user, 201);
                    });
    server
        .addRoute(Method::Get, kIncident + u"/postmortem"_s, u"incidents.postmortem"_s,
                  [c, id](const R &r, const M &m, const User &user) {
                      Expected<QString> format = formatParam(r, true);
                      if (!format)
                          return HttpReply::fromError(format.error());
                      Expected<Postmortem> pm = c->postmortem(id(m), user);
                      if (!pm)
                          return HttpReply::fromError(pm.error());
                      if (*format == "json"_L1)
                          return HttpReply::json(pm->toJson());
                      if (*format == "pdf"_L1) {
                          HttpReply reply {200, pm->toPdf(), "application/pdf", {}};
                          reply.headers.append(qMakePair(QByteArray("Content-Disposition"),
                                                         "attachment; filename=\"INC-" + QByteArray::number(id(m))
                                                             + "-postmortem.pdf\""));
                          return reply;
                      }
                      return markdown(pm->toMarkdown(), u"INC-%1-postmortem.md"_s.arg(id(m)));
                  })
        .query({u"format"_s});
    server.addRoute(Method::Put, kIncident + u"/postmortem"_s, u"incidents.postmortem_notes"_s,
                    [c, id](const R &r, const M &m, const User &user) {
                        Expected<QJsonObject> body = bodyObject(r);
                        if (!body)
                            return HttpReply::fromError(body.error());
                        for (const QString &key : body->keys()) {
                            if (!QStringList {u"impact"_s, u"whys"_s, u"root_cause"_s, u"actions"_s}.contains(key))
                                return HttpReply::error(
                                    400,
                                    u"\"%1\" is not part of the postmortem notes (impact, whys, root_cause, "
                                    "actions)"_s.arg(key));
                        }
                        Expected<PostmortemNotes> notes = PostmortemNotes::fromJson(*body);
                        if (!notes)
                            return HttpReply::fromError(notes.error());
                        return run(*c, id(m), command::UpdatePostmortem {*notes}, user);
                    });
    server.addRoute(Method::Get, u"/api/v1/stats/response-times"_s, u"stats.response_times"_s,
                    [c](const R &, const M &, const User &) {
                        Expected<QList<ResponseTimes>> rows = c->store().responseTimes();
                        if (!rows)
                            return HttpReply::fromError(rows.error());
                        struct Bucket
                        {
                            QList<qint64> ack, mit, res;
                        };
                        std::map<std::pair<QString, QString>, Bucket> buckets;
                        int drills = 0;
                        for (const ResponseTimes &t : std::as_const(*rows)) {
                            if (t.drill) {
                                ++drills;
                                continue;
                            }
                            Bucket &b = buckets[{t.severity.isEmpty() ? u"unknown"_s : t.severity,
                                                 t.category.isEmpty() ? u"unclassified"_s : t.category}];
                            if (t.acknowledged.isValid())
                                b.ack.append(t.created.secsTo(t.acknowledged));
                            if (t.mitigated.isValid())
                                b.mit.append(t.created.secsTo(t.mitigated));
                            if (t.resolved.isValid())
                                b.res.append(t.created.secsTo(t.resolved));
                        }
                        QJsonArray items;
                        for (const auto &[key, b] : buckets)
                            items.append(QJsonObject {{u"severity"_s, key.first},
                                                      {u"category"_s, key.second},
                                                      {u"acknowledge"_s, spread(b.ack)},
                                                      {u"mitigate"_s, spread(b.mit)},
                                                      {u"resolve"_s, spread(b.res)}});
                        return HttpReply::json({{u"items"_s, items}, {u"drills_left_out"_s, drills}});
                    });
}

} // namespace warroom
