#include "plan.h"

#include "compactjson.h"
#include "jsonlist.h"
#include "jsonreader.h"

#include "sha256.h"

using namespace Qt::StringLiterals;

namespace warroom {

QJsonObject PlanStep::contentJson() const
{
    QJsonObject json {
        {u"id"_s, id},
        {u"kind"_s, toString(kind)},
        {u"title"_s, title},
        {u"description"_s, description},
        {u"playbook"_s, playbookId},
        {u"vars"_s, vars},
        {u"risk"_s, toString(risk)},
        {u"environment"_s, environment},
        {u"required_roles"_s, QJsonArray::fromStringList(requiredRoles)},
        {u"mutates"_s, isMutating()},
        {u"rollback_of"_s, rollbackOf},
        {u"owner"_s, owner},
        {u"due_at"_s, toIsoTime(dueAt)},
    };
    // Only when set, so the hashes (and approvals) of steps stored before
    // there was a rollback link stay what they were.
    if (!rollbackPlaybook.isEmpty())
        json.insert(u"rollback_playbook"_s, rollbackPlaybook);
    return json;
}

namespace {

/// `{"key":value,...}` appended field by field (the caller lists the keys
/// in QJsonObject's sorted order).
class ObjectWriter
{
public:
    explicit ObjectWriter(QByteArray &out)
        : m_out(out)
    { }
    void key(const char *k)
    {
        m_out.append(m_first ? '{' : ',');
        m_first = false;
        json::appendKey(m_out, k);
    }
    void string(const char *k, QStringView v)
    {
        key(k);
        json::appendString(m_out, v);
    }
    void boolean(const char *k, bool v)
    {
        key(k);
        json::appendBool(m_out, v);
    }
    void integer(const char *k, qint64 v)
    {
        key(k);
        json::appendInteger(m_out, v);
    }
    void strings(const char *k, const QStringList &v)
    {
        key(k);
        json::appendStringList(m_out, v);
    }
    void object(const char *k, const QJsonObject &v)
    {
        key(k);
        json::appendObject(m_out, v);
    }
    void close() { m_out.append(m_first ? "{}" : "}"); }

private:
    QByteArray &m_out;
    bool m_first = true;
};

} // namespace

QByteArray PlanStep::canonicalContent() const
{
    // contentJson()'s keys in QJsonObject's (sorted) order: the compact form
    // is canonical (tst_models_json compares it with Qt's).
    QByteArray out;
    out.reserve(256 + title.size() + description.size());
    ObjectWriter w(out);
    w.string("description", description);
    w.string("due_at", toIsoTime(dueAt));
    w.string("environment", environment);
    w.string("id", id);
    w.string("kind", toString(kind));
    w.boolean("mutates", isMutating());
    w.string("owner", owner);
    w.string("playbook", playbookId);
    w.strings("required_roles", requiredRoles);
    w.string("risk", toString(risk));
    w.string("rollback_of", rollbackOf);
    if (!rollbackPlaybook.isEmpty())
        w.string("rollback_playbook", rollbackPlaybook);
    w.string("title", title);
    w.object("vars", vars);
    w.close();
    return out;
}

QByteArray PlanStep::toCompactJson() const
{
    // toJson()'s keys, sorted: the content fields with the life fields.
    QByteArray out;
    out.reserve(640 + title.size() + description.size() + resultSummary.size());
    ObjectWriter w(out);
    w.integer("approvals_needed", approvalsNeeded());
    w.boolean("blocked", blocked);
    w.string("blocked_reason", blockedReason);
    w.string("content_hash", contentHash());
    w.string("description", description);
    w.string("due_at", toIsoTime(dueAt));
    w.string("environment", environment);
    w.string("escalated_at", toIsoTime(escalatedAt));
    w.string("escalated_due", toIsoTime(escalatedDue));
    w.string("escalated_reason", escalatedReason);
    w.string("escalated_to", escalatedTo);
    w.string("finished_at", toIsoTime(finishedAt));
    w.string("id", id);
    w.string("kind", toString(kind));
    w.boolean("mutates", mutates); // as declared (the content has the effective value)
    w.boolean("mutating", isMutating());
    w.string("owner", owner);
    w.string("playbook", playbookId);
    w.string("requested_by", requestedBy);
    w.strings("required_roles", requiredRoles);
    w.string("result_summary", resultSummary);
    w.string("risk", toString(risk));
    w.string("rollback_of", rollbackOf);
    if (!rollbackPlaybook.isEmpty())
        w.string("rollback_playbook", rollbackPlaybook);
    w.string("started_at", toIsoTime(startedAt));
    w.string("state", toString(state));
    w.string("title", title);
    w.object("vars", vars);
    w.close();
    return out;
}

QString PlanStep::contentHash() const
{
    return sha256Hex({canonicalContent()});
}

QJsonObject PlanStep::toJson() const
{
    QJsonObject json = contentJson();
    // The hash of exactly this content, before the life fields are added.
    json.insert(u"content_hash"_s, contentHash());
    // "mutates" as declared; the content (and the hash) carries the effective value.
    json.insert(u"mutates"_s, mutates);
    json.insert(u"mutating"_s, isMutating());
    json.insert(u"state"_s, toString(state));
    json.insert(u"requested_by"_s, requestedBy);
    json.insert(u"started_at"_s, toIsoTime(startedAt));
    json.insert(u"finished_at"_s, toIsoTime(finishedAt));
    json.insert(u"result_summary"_s, resultSummary);
    json.insert(u"approvals_needed"_s, approvalsNeeded());
    json.insert(u"blocked"_s, blocked);
    json.insert(u"blocked_reason"_s, blockedReason);
    json.insert(u"escalated_at"_s, toIsoTime(escalatedAt));
    json.insert(u"escalated_reason"_s, escalatedReason);
    json.insert(u"escalated_due"_s, toIsoTime(escalatedDue));
    json.insert(u"escalated_to"_s, escalatedTo);
    return json;
}

Expected<PlanStep> PlanStep::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"step"_s);
    PlanStep s;
    s.id = r.string("id"_L1, true, 64);
    s.kind = r.enumeration("kind"_L1, stepKindFromString, StepKind::Manual, true);
    s.title = r.string("title"_L1, true, 500);
    s.description = r.string("description"_L1, false, 16 * 1024);
    s.playbookId = r.string("playbook"_L1, false, 200);
    s.vars = r.object("vars"_L1);
    s.risk = r.enumeration("risk"_L1, riskFromString, Risk::Low);
    s.environment = r.string("environment"_L1, false, 64);
    s.requiredRoles = r.stringList("required_roles"_L1, 10);
    s.mutates = r.boolean("mutates"_L1);
    s.rollbackOf = r.string("rollback_of"_L1, false, 64);
    s.rollbackPlaybook = r.string("rollback_playbook"_L1, false, 200);
    s.owner = r.string("owner"_L1, false, 200);
    s.dueAt = r.dateTime("due_at"_L1);
    s.state = r.enumeration("state"_L1, stepStateFromString, StepState::Pending);
    s.requestedBy = r.string("requested_by"_L1, false, 200);
    s.startedAt = r.dateTime("started_at"_L1);
    s.finishedAt = r.dateTime("finished_at"_L1);
    s.resultSummary = r.string("result_summary"_L1, false, 16 * 1024);
    s.blocked = r.boolean("blocked"_L1);
    s.blockedReason = r.string("blocked_reason"_L1, false, 4000);
    s.escalatedAt = r.dateTime("escalated_at"_L1);
    s.escalatedReason = r.string("escalated_reason"_L1, false, 32);
    s.escalatedDue = r.dateTime("escalated_due"_L1);
    s.escalatedTo = r.string("escalated_to"_L1, false, 200);
    for (const QString &role : std::as_const(s.requiredRoles)) {
        if (!roleFromString(role)) {
            r.fail("required_roles"_L1, u"has an unknown role \"%1\""_s.arg(role));
            break;
        }
    }
    if (!r.ok())
        return r.error();
    return s;
}

const PlanStep *Plan::step(const QString &id) const
{
    for (const PlanStep &s : steps) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

QDateTime Plan::nextTaskDeadline() const
{
    QDateTime next;
    for (const PlanStep &s : steps) {
        if (s.isOpenTask() && s.dueAt.isValid() && s.escalatedDue != s.dueAt && (!next.isValid() || s.dueAt < next))
            next = s.dueAt;
    }
    return next;
}

PlanStep *Plan::step(const QString &id)
{
    for (PlanStep &s : steps) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

QJsonObject Plan::toJson() const
{
    return {
        {u"source"_s, source},           {u"summary"_s, summary},
        {u"created_by"_s, createdBy},    {u"created_at"_s, toIsoTime(createdAt)},
        {u"steps"_s, listToJson(steps)},
    };
}

QByteArray Plan::toCompactJson() const
{
    QByteArray out;
    out.reserve(256 + summary.size() + steps.size() * 1024);
    ObjectWriter w(out);
    w.string("created_at", toIsoTime(createdAt));
    w.string("created_by", createdBy);
    w.string("source", source);
    w.key("steps");
    json::appendList(out, steps);
    w.string("summary", summary);
    w.close();
    return out;
}

Expected<Plan> Plan::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"plan"_s);
    Plan p;
    p.source = r.string("source"_L1, false, 200);
    p.summary = r.string("summary"_L1, false, 16 * 1024);
    p.createdBy = r.string("created_by"_L1, false, 200);
    p.createdAt = r.dateTime("created_at"_L1);
    listFromJson(r, "steps"_L1, p.steps);
    if (r.ok()) {
        QStringList ids;
        for (const PlanStep &s : std::as_const(p.steps)) {
            if (ids.contains(s.id)) {
                r.fail("steps"_L1, u"has the step id \"%1\" twice"_s.arg(s.id));
                break;
            }
            ids.append(s.id);
        }
    }
    if (!r.ok())
        return r.error();
    return p;
}

QJsonObject Approval::toJson() const
{
    return {
        {u"step"_s, stepId},
        {u"user"_s, user},
        {u"roles"_s, QJsonArray::fromStringList(roles)},
        {u"decision"_s, decision == Decision::Approve ? u"approve"_s : u"reject"_s},
        {u"comment"_s, comment},
        {u"content_hash"_s, contentHash},
        {u"at"_s, toIsoTime(at)},
    };
}

Expected<Approval> Approval::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"approval"_s);
    Approval a;
    a.stepId = r.string("step"_L1, true, 64);
    a.user = r.string("user"_L1, true, 200);
    a.roles = r.stringList("roles"_L1, 10);
    a.decision = r.enumeration(
        "decision"_L1,
        [](const QString &t) -> std::optional<Decision> {
            if (t == "approve"_L1)
                return Decision::Approve;
            if (t == "reject"_L1)
                return Decision::Reject;
            return std::nullopt;
        },
        Decision::Approve, true);
    a.comment = r.string("comment"_L1, false, 4096);
    a.contentHash = r.string("content_hash"_L1, true, 64);
    a.at = r.dateTime("at"_L1, true);
    if (!r.ok())
        return r.error();
    return a;
}

} // namespace warroom
