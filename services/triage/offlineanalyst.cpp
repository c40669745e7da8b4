#include "offlineanalyst.h"

#include "textindex.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

/// Strong cue terms per category (canonical terms, see Tokenizer): words a
/// reporter uses that all but name the category.
const QHash<QString, QList<QPair<QString, double>>> &categoryCues()
{
    static const QHash<QString, QList<QPair<QString, double>>> cues {
        {u"availability"_s, {{u"outage"_s, 1.0}, {u"5xx"_s, 0.8}, {u"unhealthy"_s, 0.6}, {u"healthcheck"_s, 0.4}}},
        {u"latency"_s, {{u"latency"_s, 1.2}, {u"slow"_s, 1.0}, {u"timeout"_s, 0.6}}},
        {u"capacity"_s,
         {{u"disk"_s, 1.0}, {u"memory"_s, 0.8}, {u"quota"_s, 0.6}, {u"exhausted"_s, 0.8}, {u"full"_s, 0.6}}},
        {u"certificate"_s, {{u"cert"_s, 1.4}, {u"expire"_s, 0.6}, {u"tls"_s, 0.5}, {u"fingerprint"_s, 0.6}}},
        {u"authentication"_s,
         {{u"sso"_s, 1.2}, {u"login"_s, 1.0}, {u"mfa"_s, 1.0}, {u"auth"_s, 0.6}, {u"oauth"_s, 0.8}}},
        {u"deployment"_s,
         {{u"deploy"_s, 1.2},
          {u"rollback"_s, 0.5},
          {u"flag"_s, 0.6},
          {u"canary"_s, 0.8},
          {u"config"_s, 0.5},
          {u"helm"_s, 0.8},
          {u"upgrade"_s, 0.5}}},
        {u"database"_s,
         {{u"db"_s, 1.0}, {u"replication"_s, 1.0}, {u"deadlock"_s, 1.0}, {u"query"_s, 0.5}, {u"lock"_s, 0.5}}},
        {u"network"_s, {{u"dns"_s, 1.2}, {u"lb"_s, 0.8}, {u"packet"_s, 1.0}, {u"bgp"_s, 1.2}, {u"firewall"_s, 0.6}}},
        {u"dependency"_s, {{u"vendor"_s, 1.2}, {u"status"_s, 0.3}, {u"api"_s, 0.2}}},
        {u"application_exploitation"_s,
         {{u"exploit"_s, 1.2}, {u"cve"_s, 1.2}, {u"injection"_s, 1.2}, {u"webshell"_s, 1.4}, {u"rce"_s, 1.2}}},
        {u"endpoint_compromise"_s,
         {{u"malware"_s, 1.2}, {u"ransomware"_s, 1.4}, {u"edr"_s, 1.0}, {u"laptop"_s, 0.8}, {u"workstation"_s, 0.8}}},
        {u"data_exfiltration"_s, {{u"exfil"_s, 1.6}, {u"upload"_s, 0.5}, {u"dlp"_s, 1.0}, {u"transfer"_s, 0.4}}},
        {u"security_triage"_s, {{u"phishing"_s, 1.0}, {u"scan"_s, 1.0}, {u"suspicious"_s, 0.6}, {u"brute"_s, 0.6}}},
        {u"ai_quality"_s,
         {{u"hallucination"_s, 1.4}, {u"answer"_s, 0.5}, {u"retrieval"_s, 0.6}, {u"prompt"_s, 0.4}, {u"stale"_s, 0.4}}},
        {u"ai_safety"_s, {{u"jailbreak"_s, 1.4}, {u"guardrail"_s, 1.2}, {u"tenant"_s, 0.8}, {u"unsafe"_s, 0.8}}},
        {u"ai_cost"_s, {{u"token"_s, 1.0}, {u"cost"_s, 1.2}, {u"loop"_s, 0.6}, {u"runaway"_s, 1.0}}},
    };
    return cues;
}

struct Rule
{
    QString name;
    QRegularExpression pattern;
    double weight;
};

QRegularExpression rx(const QString &p)
{
    return QRegularExpression(p, QRegularExpression::CaseInsensitiveOption);
}

/// Signals for and against MIM review, as the taxonomy states them.
const QList<Rule> &impactRules()
{
    static const QList<Rule> rules {
        {u"severity stated as critical/high/SEV1/SEV2"_s,
         rx(u"\\b(sev ?[12]|severity[: ]+(critical|high)|critical severity|priority[: ]+(critical|high))\\b"_s), 2.5},
        {u"customer-facing outage or widespread failure"_s,
         rx(u"\\b(all|most|many|every) (of )?(our )?(users|customers|clients|merchants|tenants|regions|requests)\\b|\\b(outage|site down|service down|completely down|hard down)\\b|\\b100 ?% (of )?(requests|users|customers|traffic|probes|calls|logins|sessions|checkouts|orders)\\b"_s),
         1.8},
        {u"customers cannot complete key journeys"_s,
         rx(u"\\b(customers?|users?|agents|shoppers|clients) (can ?not|cannot|can't|are unable to|unable to|are not able to)\\b|\\b(orders?|payments?|checkout|logins?|sign-?ins?) (are )?(failing|fail|failed|down|broken)\\b|\\b(orders|payments|messages|emails|deliveries|shipments|notifications) (are )?(not|aren't) (reaching|being|shipping|processed|delivered|sent|arriving)\\b|\\b(pages|storefront|checkout|site|website|app|home ?screen) (is |are )?(timing out|unavailable|failing|not loading|down)\\b"_s),
         1.6},
        {u"data lost or corrupted"_s,
         rx(u"\\b(data loss|lost (data|updates|orders|writes|records)|(updates|orders|writes|records|data) (were |are )?lost|corrupt(ed|ion))\\b"_s),
         1.6},
        {u"large share of requests failing"_s,
         rx(u"\\b([2-9]\\d|1\\d\\d)(\\.\\d+)? ?% (of )?(requests|errors|error rate|5xx|failure|of (users|customers|logins|payments|orders))"_s),
         1.2},
        {u"personal or regulated data exposed"_s,
         rx(u"\\b(pii|personal data|gdpr|hipaa|phi|card (numbers|data)|cardholder|ssn|social security|passport|customer records|patient)\\b"_s),
         1.8},
        {u"data leaving the organisation"_s,
         rx(u"\\b(exfiltrat\\w*|leak(ed|ing)?|exposed publicly|public bucket|uploaded to|sent to (an )?external)\\b"_s),
         1.2},
        {u"several services affected"_s,
         rx(u"\\b(multiple|several|many|all) (services|systems|applications|teams|regions)\\b"_s), 1.2},
        {u"AI acting at scale without authorisation"_s,
         rx(u"\\b(runaway|spend|spent|cost)\\b.*\\$ ?\\d|\\$ ?\\d[\\d,.]*k?\\b.*\\b(hour|day|spend|tokens)|\\b(thousands of|\\d{3,}) (tool calls|actions|emails|refunds|tickets)\\b|\\bother (customers?|tenants?)'? (data|records|orders)\\b|\\banother (customer|tenant)'?s?\\b"_s),
         1.6},
        // Against: what the taxonomy names as not needing review.
        {u"a single user, host or report"_s,
         rx(u"\\b(single|one|a) (user|host|laptop|workstation|node|employee|report|customer)\\b|\\b(isolated|individual) (case|report|complaint)\\b|\\bonly (one|a single)\\b"_s),
         -1.2},
        {u"informational security signal"_s,
         rx(u"\\b(port scan|scan(ning)? from|failed login attempt|one failed|phishing report|reported a phishing|informational)\\b"_s),
         -1.2},
        {u"recovered by itself"_s,
         rx(u"\\b(recovered|self-?healed|back to normal|resolved itself|auto-?recovered|cleared on its own)\\b"_s),
         -1.4},
        {u"no customer impact"_s,
         rx(u"\\b(no (customer|user) impact|not customer-facing|internal only|no impact)\\b"_s), -1.4},
        {u"test or non-production environment"_s, rx(u"\\b(staging|dev environment|test environment|sandbox|uat)\\b"_s),
         -0.6},
    };
    return rules;
}

/// The first match of `pattern` in `text` that is not negated just before
/// it ("no lateral movement", "not in production", "isolated from prod").
QRegularExpressionMatch affirmedMatch(const QRegularExpression &pattern, const QString &text)
{
    static const QRegularExpression kNegation = rx(
        u"\\b(no|not|never|without|nor|isn't|aren't|wasn't|weren't|hasn't|haven't|cannot reach|no access to|no path to|isolated from|separate from|outside)\\b[^.;:]{0,40}$"_s);
    for (auto it = pattern.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString before
            = text.mid(std::max<qsizetype>(0, m.capturedStart() - 60), std::min<qsizetype>(60, m.capturedStart()));
        if (!kNegation.match(before).hasMatch())
            return m;
    }
    return {};
}

QString fill(QString text, const Incident &incident)
{
    text.replace(u"{{service}}"_s, incident.service.isEmpty() ? u"unknown"_s : incident.service);
    text.replace(u"{{environment}}"_s, u"uat"_s);
    // Never a made-up target: without a host label the variable stays empty
    // and the step cannot pass the playbook's variable schema until a person sets it.
    text.replace(u"{{host}}"_s, incident.labels.value(u"host"_s).toString());
    return text;
}

QJsonObject fillVars(const QJsonObject &vars, const Incident &incident)
{
    QJsonObject out;
    for (auto it = vars.constBegin(); it != vars.constEnd(); ++it)
        out.insert(it.key(), it.value().isString() ? QJsonValue(fill(it.value().toString(), incident)) : it.value());
    return out;
}

Plan planFromDip(const KnowledgeDoc &dip, const Incident &incident)
{
    Plan plan;
    plan.source = u"dip:"_s + dip.id;
    plan.summary = dip.title;
    int n = 0;
    for (const QJsonValue &v : dip.item.value(u"steps"_s).toArray()) {
        const QJsonObject s = v.toObject();
        PlanStep step;
        step.id = s.value(u"id"_s).toString(u"s%1"_s.arg(++n));
        step.kind = stepKindFromString(s.value(u"kind"_s).toString()).value_or(StepKind::Manual);
        step.title = fill(s.value(u"title"_s).toString(), incident);
        step.description = s.value(u"description"_s).toString();
        step.playbookId = s.value(u"playbook"_s).toString();
        step.vars = fillVars(s.value(u"vars"_s).toObject(), incident);
        step.risk = riskFromString(s.value(u"risk"_s).toString()).value_or(Risk::Low);
        step.environment = step.playbookId.isEmpty() ? QString() : s.value(u"environment"_s).toString(u"uat"_s);
        if (const QString owner = s.value(u"owner_role"_s).toString(); !owner.isEmpty())
            step.owner = owner;
        for (const QJsonValue &r : s.value(u"approver_roles"_s).toArray())
            step.requiredRoles.append(r.toString());
        if (step.requiredRoles.isEmpty())
            step.requiredRoles = step.risk == Risk::High ? QStringList {u"change-approver"_s, u"mim"_s}
                                                         : QStringList {u"responder"_s, u"mim"_s};
        plan.steps.append(step);
    }
    return plan;
}

Plan escalationPlan(const Incident &incident, const QString &why)
{
    Plan plan;
    plan.source = u"escalation"_s;
    plan.summary = u"No reviewed plan matches well enough (%1): escalate to people instead of guessing."_s.arg(why);
    const QList<std::tuple<QString, StepKind, QString, QString>> steps {
        {u"s1"_s, StepKind::Manual,
         u"Page the owning team of %1 and confirm the impact"_s.arg(incident.service.isEmpty() ? u"the service"_s
                                                                                               : incident.service),
         u"mim"_s},
        {u"s2"_s, StepKind::Manual, u"Diagnose by hand and record findings as evidence"_s, u"responder"_s},
        {u"s3"_s, StepKind::Communicate, u"Post a first status update to responders"_s, u"mim"_s},
    };
    for (const auto &[id, kind, title, owner] : steps) {
        PlanStep s;
        s.id = id;
        s.kind = kind;
        s.title = title;
        s.owner = owner;
        s.requiredRoles = {u"mim"_s, u"responder"_s};
        plan.steps.append(s);
    }
    return plan;
}

} // namespace

OfflineAnalyst::OfflineAnalyst(const KnowledgeBase &knowledge)
    : m_knowledge(knowledge)
{ }

TriageResult OfflineAnalyst::analyse(const Incident &incident) const
{
    TriageResult result;
    Classification &c = result.classification;
    c.analyst = u"offline"_s;
    const QString text = incident.title + u". "_s + incident.description;
    QStringList terms = Tokenizer::terms(incident.title);
    terms += terms; // the title counts twice
    terms += Tokenizer::terms(incident.description);
    if (!incident.service.isEmpty())
        terms += Tokenizer::terms(incident.service);
    const QSet<QString> termSet(terms.cbegin(), terms.cend());

    // --- category: retrieved documents vote, cue terms add -------------------
    QHash<QString, double> score;
    QHash<QString, QList<Reason>> why;
    // One search serves everything below: the category vote, the matches,
    // the similar incidents and the plan (each search walks the postings).
    const QList<KnowledgeMatch> all = m_knowledge.searchTerms(terms, 200);
    auto ofKinds = [&all](const QStringList &kinds, int limit) {
        QList<KnowledgeMatch> out;
        for (const KnowledgeMatch &m : all) {
            if (kinds.contains(m.kind))
                out.append(m);
            if (out.size() >= limit)
                break;
        }
        return out;
    };
    const QList<KnowledgeMatch> hits = ofKinds({u"kba"_s, u"dip"_s, u"incident"_s}, 40);
    const double top = hits.isEmpty() ? 1.0 : hits.first().score;
    // Each category is scored by its best few documents (not by how many of
    // them happen to be in the list), the title's own matches counting extra.
    const int perCategory = 3;
    QHash<QString, int> seen;
    for (int rank = 0; rank < hits.size(); ++rank) {
        const KnowledgeMatch &h = hits.at(rank);
        const KnowledgeDoc *doc = m_knowledge.document(h.docId);
        if (!doc || seen[doc->category] >= perCategory)
            continue;
        const int nth = seen[doc->category]++;
        const double kindWeight = h.kind == "kba"_L1 ? 1.0 : h.kind == "incident"_L1 ? 0.9 : 0.7;
        const double w = kindWeight * (h.score / top) / (1.0 + nth);
        score[doc->category] += w;
        if (nth < 2 && why[doc->category].size() < 4)
            why[doc->category].append(
                Reason {u"matches %1 \"%2\" (%3)"_s.arg(h.kind, h.title, h.matchedTerms.mid(0, 6).join(u", "_s)), w,
                        (h.kind == "incident"_L1 ? u"incident:"_s : h.kind + u':') + h.docId});
    }
    const QStringList titleTerms = Tokenizer::terms(incident.title);
    const QList<KnowledgeMatch> titleHits
        = m_knowledge.searchTerms(titleTerms, 10, {u"kba"_s, u"dip"_s, u"incident"_s});
    const double titleTop = titleHits.isEmpty() ? 1.0 : titleHits.first().score;
    const double titleWeight = 0.4;
    for (int rank = 0; rank < titleHits.size() && rank < 3; ++rank) {
        const KnowledgeDoc *doc = m_knowledge.document(titleHits.at(rank).docId);
        if (doc)
            score[doc->category] += titleWeight * (titleHits.at(rank).score / titleTop) / (1.0 + rank);
    }
    const auto &cues = categoryCues();
    for (auto it = cues.constBegin(); it != cues.constEnd(); ++it) {
        for (const auto &[term, weight] : it.value()) {
            if (termSet.contains(term)) {
                score[it.key()] += 0.35 * weight;
                why[it.key()].append(Reason {u"the text says \"%1\""_s.arg(term), 0.35 * weight, u"text"_s});
            }
        }
    }
    // Softmax over the categories that scored.
    QList<QPair<QString, double>> ranked;
    for (const QString &cat : incidentCategories())
        ranked.append({cat, score.value(cat)});
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    double sum = 0.0;
    QList<double> probs;
    for (const auto &[cat, s] : ranked) {
        probs.append(std::exp((s - ranked.first().second) / m_temperature));
        sum += probs.last();
    }
    c.category = ranked.first().second > 0 ? ranked.first().first : QString();
    c.confidence = ranked.first().second > 0 ? probs.first() / sum : 0.0;
    for (int i = 1; i < 4 && i < ranked.size(); ++i) {
        if (ranked.at(i).second > 0)
            c.runnersUp.append(RunnerUp {ranked.at(i).first, probs.at(i) / sum});
    }
    c.reasons = why.value(c.category);

    // --- MIM review: the taxonomy's rules ------------------------------------
    double mim = 0.0;
    auto add = [&](const QString &signal, double weight, const QString &source) {
        mim += weight;
        c.reasons.append(Reason {signal, weight, source});
    };
    if (incident.priority == "P1"_L1 || incident.priority == "P2"_L1)
        add(u"the source sent priority %1"_s.arg(incident.priority), 3.0, u"priority"_s);
    else if (incident.priority == "P3"_L1 || incident.priority == "P4"_L1)
        add(u"the source sent priority %1"_s.arg(incident.priority), -0.8, u"priority"_s);
    for (const Rule &rule : impactRules()) {
        // Signals for review must be affirmed; signals against count as written.
        const QRegularExpressionMatch m
            = rule.weight > 0 ? affirmedMatch(rule.pattern, text) : rule.pattern.match(text);
        if (m.hasMatch())
            add(u"%1 (\"%2\")"_s.arg(rule.name, m.captured(0).left(60)), rule.weight, u"text"_s);
    }
    // Category-specific rules of the taxonomy.
    static const QRegularExpression kProduction = rx(
        u"\\b(production|prod|live|customer[- ]facing|customer data|payment)\\b|\\b(spread\\w*|lateral movement|multiple hosts|\\d+ (production |prod )?(hosts|servers|endpoints|machines|workstations|laptops|jump hosts))\\b"_s);
    static const QRegularExpression kExposure = rx(
        u"\\b(another|other|different) (customer|tenant|user)s?'?s?\\b|\\b(leak\\w*|exposed|expos\\w+|disclos\\w+|pii|personal data|in production|to customers|public(ly)?)\\b"_s);
    if (c.category == "data_exfiltration"_L1)
        add(u"data exfiltration always needs MIM review"_s, 2.5, u"category"_s);
    if (c.category == "endpoint_compromise"_L1 || c.category == "application_exploitation"_L1) {
        if (const QRegularExpressionMatch m = affirmedMatch(kProduction, text); m.hasMatch())
            add(u"a compromise touching production or spreading (\"%1\")"_s.arg(m.captured(0)), 2.0, u"category"_s);
    }
    if (c.category == "ai_safety"_L1) {
        if (const QRegularExpressionMatch m = affirmedMatch(kExposure, text); m.hasMatch())
            add(u"an AI safety failure with real exposure (\"%1\")"_s.arg(m.captured(0)), 2.0, u"category"_s);
    }
    if (const ServiceEntry *svc = m_knowledge.service(incident.service)) {
        if (svc->customerFacing && svc->tier == 1)
            add(u"%1 is a customer-facing tier-1 service"_s.arg(svc->name), 0.5, u"service-tier"_s);
        else if (svc->tier >= 3)
            add(u"%1 is a tier-%2 service"_s.arg(svc->name).arg(svc->tier), -0.4, u"service-tier"_s);
    }
    // What similar, reviewed knowledge says: a score-weighted vote of the
    // closest documents of the same category, not a sum that grows with hits.
    double hintSum = 0.0;
    double hintWeight = 0.0;
    QStringList hintSources;
    for (const KnowledgeMatch &h : hits.mid(0, 5)) {
        const KnowledgeDoc *doc = m_knowledge.document(h.docId);
        if (!doc || doc->category != c.category || h.score < 0.5 * top)
            continue;
        const QJsonValue hint
            = doc->kind == "incident"_L1 ? doc->item.value(u"mim_required"_s) : doc->item.value(u"mim_hint"_s);
        if (!hint.isBool())
            continue;
        const double w = h.score / top;
        hintSum += hint.toBool() ? w : -w;
        hintWeight += w;
        hintSources.append(doc->id);
    }
    if (hintWeight > 0)
        add(u"similar reviewed knowledge (%1) leans %2"_s.arg(hintSources.join(u", "_s),
                                                              hintSum > 0 ? u"towards review"_s : u"against review"_s),
            0.8 * hintSum / hintWeight, u"knowledge"_s);
    c.mimRequired = mim > 0.4;

    // --- severity (proposed; a person declares it) -----------------------------
    if (incident.priority.size() == 2 && incident.priority.at(0) == u'P')
        c.severity = severityFromString(u"SEV"_s + incident.priority.mid(1)).value_or(Severity::Unknown);
    else if (c.mimRequired)
        c.severity = mim > 3.0 ? Severity::Sev1 : Severity::Sev2;
    else
        c.severity = mim < -1.0 ? Severity::Sev4 : Severity::Sev3;

    // --- knowledge and plan ------------------------------------------------------
    result.matches = ofKinds({u"kba"_s, u"dip"_s, u"validation"_s, u"policy"_s}, 8);
    result.similar = ofKinds({u"incident"_s}, 5);
    const KnowledgeDoc *best = nullptr;
    double bestScore = 0.0;
    for (const KnowledgeMatch &m : ofKinds({u"dip"_s}, 5)) {
        const KnowledgeDoc *d = m_knowledge.document(m.docId);
        if (d && d->category == c.category && m.score > bestScore) {
            best = d;
            bestScore = m.score;
        }
    }
    // A plan only from a DIP that matched on substance, for the category we believe.
    if (best && bestScore >= 0.35 * top && c.confidence >= 0.35)
        result.plan = planFromDip(*best, incident);
    else
        result.plan = escalationPlan(incident, best ? u"low confidence"_s : u"no DIP for this category"_s);
    return result;
}

} // namespace warroom
