#include "incidentrecord.h"

#include "jsonlist.h"

using namespace Qt::StringLiterals;

namespace warroom {

QJsonObject IncidentRecord::toJson() const
{
    QJsonObject json {
        {u"incident"_s, incident.toJson()},      {u"matches"_s, listToJson(matches)}, {u"plan"_s, plan.toJson()},
        {u"approvals"_s, listToJson(approvals)}, {u"runs"_s, listToJson(runs)},
    };
    if (!statusUpdates.isEmpty())
        json.insert(u"status_updates"_s, listToJson(statusUpdates));
    if (!postmortem.isEmpty())
        json.insert(u"postmortem"_s, postmortem.toJson());
    json.insert(u"classification"_s, classification ? QJsonValue(classification->toJson()) : QJsonValue());
    return json;
}

Expected<IncidentRecord> IncidentRecord::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    IncidentRecord rec;
    Expected<Incident> incident = Incident::fromJson(r.object("incident"_L1, true));
    if (!r.ok())
        return r.error();
    if (!incident)
        return incident.error();
    rec.incident = std::move(incident).value();
    const QJsonObject classification = r.object("classification"_L1);
    if (!classification.isEmpty()) {
        Expected<Classification> c = Classification::fromJson(classification);
        if (!c)
            return c.error();
        rec.classification = std::move(c).value();
    }
    listFromJson(r, "matches"_L1, rec.matches);
    const QJsonObject plan = r.object("plan"_L1);
    if (!plan.isEmpty()) {
        Expected<Plan> p = Plan::fromJson(plan);
        if (!p)
            return p.error();
        rec.plan = std::move(p).value();
    }
    listFromJson(r, "approvals"_L1, rec.approvals);
    listFromJson(r, "runs"_L1, rec.runs);
    listFromJson(r, "status_updates"_L1, rec.statusUpdates);
    const QJsonObject notes = r.object("postmortem"_L1);
    if (!notes.isEmpty()) {
        Expected<PostmortemNotes> n = PostmortemNotes::fromJson(notes);
        if (!n)
            return n.error();
        rec.postmortem = std::move(n).value();
    }
    if (!r.ok())
        return r.error();
    return rec;
}

} // namespace warroom
