#include "classification.h"

#include "compactjson.h"

#include "jsonlist.h"
#include "jsonreader.h"

using namespace Qt::StringLiterals;

namespace warroom {

QJsonObject Reason::toJson() const
{
    return {{u"signal"_s, signal}, {u"weight"_s, weight}, {u"source"_s, source}};
}

QByteArray Reason::toCompactJson() const
{
    // toJson()'s keys in QJsonObject's (sorted) order.
    using namespace json;
    QByteArray out;
    out.append('{');
    appendKey(out, "signal");
    appendString(out, signal);
    out.append(',');
    appendKey(out, "source");
    appendString(out, source);
    out.append(',');
    appendKey(out, "weight");
    appendDouble(out, weight);
    out.append('}');
    return out;
}

Expected<Reason> Reason::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"reason"_s);
    Reason x;
    x.signal = r.string("signal"_L1, true);
    x.weight = r.number("weight"_L1);
    x.source = r.string("source"_L1);
    if (!r.ok())
        return r.error();
    return x;
}

QJsonObject RunnerUp::toJson() const
{
    return {{u"category"_s, category}, {u"score"_s, score}};
}

QByteArray RunnerUp::toCompactJson() const
{
    // toJson()'s keys in QJsonObject's (sorted) order.
    using namespace json;
    QByteArray out;
    out.append('{');
    appendKey(out, "category");
    appendString(out, category);
    out.append(',');
    appendKey(out, "score");
    appendDouble(out, score);
    out.append('}');
    return out;
}

Expected<RunnerUp> RunnerUp::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"runner_up"_s);
    RunnerUp x;
    x.category = r.string("category"_L1, true);
    x.score = r.number("score"_L1);
    if (!r.ok())
        return r.error();
    return x;
}

QJsonObject Classification::toJson() const
{
    return {
        {u"category"_s, category},
        {u"severity"_s, toString(severity)},
        {u"mim_required"_s, mimRequired},
        {u"confidence"_s, confidence},
        {u"reasons"_s, listToJson(reasons)},
        {u"runners_up"_s, listToJson(runnersUp)},
        {u"analyst"_s, analyst},
        {u"flags"_s, QJsonArray::fromStringList(flags)},
        {u"escalate"_s, escalate},
        {u"escalation_reason"_s, escalationReason},
    };
}

QByteArray Classification::toCompactJson() const
{
    // toJson()'s keys in QJsonObject's (sorted) order.
    using namespace json;
    QByteArray out;
    out.append('{');
    appendKey(out, "analyst");
    appendString(out, analyst);
    out.append(',');
    appendKey(out, "category");
    appendString(out, category);
    out.append(',');
    appendKey(out, "confidence");
    appendDouble(out, confidence);
    out.append(',');
    appendKey(out, "escalate");
    appendBool(out, escalate);
    out.append(',');
    appendKey(out, "escalation_reason");
    appendString(out, escalationReason);
    out.append(',');
    appendKey(out, "flags");
    appendStringList(out, flags);
    out.append(',');
    appendKey(out, "mim_required");
    appendBool(out, mimRequired);
    out.append(',');
    appendKey(out, "reasons");
    appendList(out, reasons);
    out.append(',');
    appendKey(out, "runners_up");
    appendList(out, runnersUp);
    out.append(',');
    appendKey(out, "severity");
    appendString(out, toString(severity));
    out.append('}');
    return out;
}

Expected<Classification> Classification::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"classification"_s);
    Classification c;
    c.category = r.string("category"_L1);
    c.severity = r.enumeration("severity"_L1, severityFromString, Severity::Unknown);
    c.mimRequired = r.boolean("mim_required"_L1);
    c.confidence = r.number("confidence"_L1);
    c.analyst = r.string("analyst"_L1);
    c.flags = r.stringList("flags"_L1);
    c.escalate = r.boolean("escalate"_L1);
    c.escalationReason = r.string("escalation_reason"_L1);
    if (r.ok() && (c.confidence < 0.0 || c.confidence > 1.0))
        r.fail("confidence"_L1, u"must be between 0 and 1"_s);
    listFromJson(r, "reasons"_L1, c.reasons);
    listFromJson(r, "runners_up"_L1, c.runnersUp);
    if (!r.ok())
        return r.error();
    return c;
}

QJsonObject KnowledgeMatch::toJson() const
{
    return {
        {u"doc_id"_s, docId},
        {u"kind"_s, kind},
        {u"title"_s, title},
        {u"score"_s, score},
        {u"matched_terms"_s, QJsonArray::fromStringList(matchedTerms)},
    };
}

QByteArray KnowledgeMatch::toCompactJson() const
{
    // toJson()'s keys in QJsonObject's (sorted) order.
    using namespace json;
    QByteArray out;
    out.append('{');
    appendKey(out, "doc_id");
    appendString(out, docId);
    out.append(',');
    appendKey(out, "kind");
    appendString(out, kind);
    out.append(',');
    appendKey(out, "matched_terms");
    appendStringList(out, matchedTerms);
    out.append(',');
    appendKey(out, "score");
    appendDouble(out, score);
    out.append(',');
    appendKey(out, "title");
    appendString(out, title);
    out.append('}');
    return out;
}

Expected<KnowledgeMatch> KnowledgeMatch::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"match"_s);
    KnowledgeMatch m;
    m.docId = r.string("doc_id"_L1, true);
    m.kind = r.string("kind"_L1);
    m.title = r.string("title"_L1);
    m.score = r.number("score"_L1);
    m.matchedTerms = r.stringList("matched_terms"_L1);
    if (!r.ok())
        return r.error();
    return m;
}

} // namespace warroom
