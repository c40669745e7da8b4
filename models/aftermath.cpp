#include "aftermath.h"

#include "jsonlist.h"
#include "jsonreader.h"

using namespace Qt::StringLiterals;

namespace warroom {

QStringList statusAudiences()
{
    return {u"internal"_s, u"executive"_s, u"external"_s};
}

QJsonObject StatusUpdate::toJson() const
{
    return {{u"audience"_s, audience}, {u"text"_s, text}, {u"by"_s, by}, {u"at"_s, toIsoTime(at)}};
}

Expected<StatusUpdate> StatusUpdate::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"status update"_s);
    StatusUpdate u;
    u.audience = r.string("audience"_L1, true, 32);
    u.text = r.string("text"_L1, true, 20000);
    u.by = r.string("by"_L1, false, 200);
    u.at = r.dateTime("at"_L1);
    if (r.ok() && !statusAudiences().contains(u.audience))
        r.fail("audience"_L1, u"must be one of %1"_s.arg(statusAudiences().join(u", "_s)));
    if (!r.ok())
        return r.error();
    return u;
}

QJsonObject CorrectiveAction::toJson() const
{
    return {{u"title"_s, title},
            {u"owner"_s, owner},
            {u"due"_s, due.toString(Qt::ISODate)},
            {u"status"_s, status},
            {u"ticket"_s, ticket}};
}

Expected<CorrectiveAction> CorrectiveAction::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"corrective action"_s);
    CorrectiveAction a;
    a.title = r.string("title"_L1, true, 500);
    a.owner = r.string("owner"_L1, true, 200);
    const QString due = r.string("due"_L1, true, 10);
    a.status = r.string("status"_L1, false, 16);
    a.ticket = r.string("ticket"_L1, false, 100);
    if (a.status.isEmpty())
        a.status = u"open"_s;
    if (r.ok()) {
        a.due = QDate::fromString(due, Qt::ISODate);
        if (!a.due.isValid())
            r.fail("due"_L1, u"must be a date (YYYY-MM-DD)"_s);
    }
    if (r.ok() && !QStringList {u"open"_s, u"in_progress"_s, u"done"_s}.contains(a.status))
        r.fail("status"_L1, u"must be open, in_progress or done"_s);
    if (r.ok() && (a.title.trimmed().isEmpty() || a.owner.trimmed().isEmpty()))
        r.fail("title"_L1, u"and owner must not be blank"_s);
    if (!r.ok())
        return r.error();
    return a;
}

QJsonObject PostmortemNotes::toJson() const
{
    return {{u"impact"_s, impact},        {u"whys"_s, QJsonArray::fromStringList(whys)},
            {u"root_cause"_s, rootCause}, {u"actions"_s, listToJson(actions)},
            {u"updated_by"_s, updatedBy}, {u"updated_at"_s, toIsoTime(updatedAt)}};
}

Expected<PostmortemNotes> PostmortemNotes::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"postmortem"_s);
    PostmortemNotes n;
    n.impact = r.string("impact"_L1, false, 20000);
    n.whys = r.stringList("whys"_L1, 5);
    n.rootCause = r.string("root_cause"_L1, false, 20000);
    listFromJson(r, "actions"_L1, n.actions);
    n.updatedBy = r.string("updated_by"_L1, false, 200);
    n.updatedAt = r.dateTime("updated_at"_L1);
    if (r.ok() && n.actions.size() > 100)
        r.fail("actions"_L1, u"has more than 100 entries"_s);
    for (const QString &why : std::as_const(n.whys)) {
        if (r.ok() && why.size() > 4000)
            r.fail("whys"_L1, u"has an answer longer than 4000 characters"_s);
    }
    if (!r.ok())
        return r.error();
    return n;
}

} // namespace warroom
