#include "offlineanalyst.h"

#include "textindex.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

QRegularExpression rx(const QString &p)
{
    return QRegularExpression(p, QRegularExpression::CaseInsensitiveOption);
}

/// How much an affirmed category phrase and a named vendor count, against
/// a retrieval vote whose best document counts 1.
constexpr double kPhraseWeight = 0.6;
constexpr double kVendorWeight = 0.6;

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

struct PhraseCue
{
    QString category;
    QString name;
    QRegularExpression pattern;
    double weight;
};

/// Phrases that name a category outright, after the meaning column of the
/// taxonomy and the words operators and alert rules use for it. Each must
/// be affirmed (not negated just before), and counts once however often it
/// occurs, so a long text does not win by repetition.
const QList<PhraseCue> &phraseCues()
{
    static const QList<PhraseCue> cues {
        {u"availability"_s, u"service down or refusing requests"_s,
         rx(u"\\b(is|are|went|was|were) (hard |completely )?down\\b|\\b(returns?|returning|serving|answers?|answering) (http )?(5\\d\\d|5xx)\\b|\\b\\d+ ?/ ?\\d+ (pods )?ready\\b|\\bnot ready\\b|\\bhealth ?checks? (are |is )?fail|\\bno healthy (upstream|hosts?|targets?)\\b"_s),
         1.0},
        {u"latency"_s, u"slow responses"_s,
         rx(u"\\btakes? (up to |about |over )?\\d+ ?(s|sec|secs|seconds|minutes) to (load|respond|render|open)|\\bresponse times?\\b|\\bp(9[059]|99\\.9) (latency )?(is |at |of |up |rose )|\\bslow(er|ness)?\\b|\\blatency\\b"_s),
         0.9},
        {u"capacity"_s, u"a resource filling up or at its limit"_s,
         rx(u"(\\b(disk|volume|filesystem|partition|inodes?)|(^|\\s)/[a-z0-9/_-]*) (usage |use )?(is |was )?(at |reached |above |over )?\\d{2,3} ?%|\\bno space left\\b|\\bmaxmemory\\b|\\bevict(ed|ing|ions?)\\b|\\bmemory pressure\\b|\\bconcurrency (limit|at|of)\\b|\\b\\d+ ?/ ?\\d+ (concurrent|connections|slots|executions|workers)\\b|\\bat \\d+ ?/ ?\\d+\\b|\\b(quota|limit) (exceeded|reached|exhausted)|\\bexhaust(ed|ion)\\b|\\btoo many (connections|clients|open files)\\b|\\b(queue|consumer) (depth|backlog|lag)\\b|\\bout of (memory|disk|capacity)\\b|\\bdisk (full|space)\\b"_s),
         1.1},
        {u"certificate"_s, u"a certificate expired, expiring, mismatched or drifted"_s,
         rx(u"\\b(certificate|cert|x\\.?509)s? (has |have )?(expired|expir\\w+|mismatch\\w*|drift\\w*|differs?|chain|renewal|rotation|fingerprint)|\\b(expired|expiring|mismatched|drifted|self-signed|untrusted|wrong) (tls |ssl |signing |server |client )?(certificate|cert)s?\\b|\\btls handshake\\b|\\bcertificate (verify|verification) failed\\b"_s),
         1.1},
        {u"authentication"_s, u"people cannot sign in"_s,
         rx(u"\\b(redirect loop|locked out|sign-?in fail\\w*|login fail\\w*|log ?in fail\\w*|mfa (prompts?|push|fail\\w*)|invalid_grant|saml (response|assertion)|can ?not (log ?in|sign ?in)|unable to (log ?in|sign ?in))\\b"_s),
         0.8},
        {u"deployment"_s, u"a change went out just before"_s,
         rx(u"\\b(after|since|following|with) (the |a |today's |this morning's |last night's )?(deploy\\w*|release|rollout|upgrade|helm upgrade|config(uration)? change|change [A-Z]*-?\\d+|migration|feature flag)|\\bchange (request |ticket )?(chg|cr)-?\\d+|\\bchg-?\\d+\\b|\\b(helm|terraform|ansible|argocd|kustomize) (upgrade|apply|sync|release|variable|change)|\\bfeature flag\\b|\\brolled out\\b|\\bconfig(uration)? (change|push|update)\\b|\\b(log(ging)?|log level) (at|to|set to) (debug|trace)\\b|\\bdebug logging\\b"_s),
         1.0},
        {u"database"_s, u"a database symptom"_s,
         rx(u"\\breplication lag\\b|\\bdeadlocks?\\b|\\block (wait|contention|chain)|\\bslow quer(y|ies)\\b|\\b(database|db) failover\\b|\\bindex corruption\\b|\\bvacuum\\b|\\b(read )?replicas? (lag|behind)\\b|\\bsplit[- ]brain\\b"_s),
         0.9},
        {u"network"_s, u"a network path problem"_s,
         rx(u"\\bpacket loss\\b|\\bnxdomain\\b|\\bservfail\\b|\\bdns (resolution|record|change|failures?)\\b|\\bbgp\\b|\\b(route|routing) (leak|change|table)|\\bsecurity group\\b|\\bfirewall (rule|change)|\\bmtu\\b|\\bpeering\\b"_s),
         0.9},
        {u"dependency"_s, u"a vendor or third party reports trouble"_s,
         rx(u"\\b(their|vendor|provider|supplier|carrier)'?s? (status page|api|side|incident|outage|degradation)|\\bstatus page\\b|\\bthird[- ]party\\b|\\b(vendor|provider|carrier|supplier) (is |are )?(degraded|down|failing|returning|timing out)"_s),
         1.0},
        {u"application_exploitation"_s, u"an attack on an application"_s,
         rx(u"\\bsql ?injection\\b|\\bsqli\\b|\\bsqlmap\\b|\\bunion[- ]based\\b|\\bremote code execution\\b|\\brce\\b|\\bcve-\\d{4}-\\d+|\\bweb ?shell\\b|\\bexploit(ed|ation|ing)?\\b|\\bdeserialization\\b|\\bssrf\\b|\\bpath traversal\\b|\\bt1190\\b"_s),
         1.2},
        {u"endpoint_compromise"_s, u"a compromised device or host"_s,
         rx(u"\\bmalware\\b|\\bransomware\\b|\\binfostealer\\b|\\btrojan\\b|\\bcryptominer\\b|\\bbeacon(ing)?\\b|\\bcommand[- ]and[- ]control\\b|\\bedr (alert|detect\\w*|quarantin\\w*)|\\bcompromised (host|laptop|workstation|device|endpoint|server)\\b"_s),
         1.1},
        {u"data_exfiltration"_s, u"data leaving the organisation"_s,
         rx(u"\\bexfiltrat\\w*|\\bdns tunnel\\w*|\\btunnell?ing\\b|\\b(uploaded|copied|synced|sent|transferred) (\\w+ ){0,3}to (a |an |his |her |their )?(personal|external|public|file-sharing|file sharing|private|unknown)|\\b\\d+(\\.\\d+)? ?(gb|tb|mb) (of \\w+( \\w+)? )?(uploaded|transferred|sent|copied|egress)|\\bdlp\\b|\\bt1048\\b|\\bt1567\\b|\\bt1041\\b|\\blarge (outbound|egress) transfer"_s),
         1.3},
        {u"security_triage"_s, u"a signal for security review"_s,
         rx(u"\\bphish\\w*|\\bport ?scan\\w*|\\bscanning\\b|\\bsuspicious\\b|\\bbrute[- ]force\\b|\\bpassword spray\\w*|\\bimpossible travel\\b|\\bfailed (login|sign-?in) attempts?\\b"_s),
         0.9},
        {u"ai_quality"_s, u"wrong or stale AI answers"_s,
         rx(u"\\bhallucinat\\w*|\\b(wrong|incorrect|outdated|stale|made-up|fabricated|ungrounded) (answers?|citations?|documents?|responses?|index)\\b|\\b(answer|response) quality\\b|\\bjudge (drift|scores?)\\b|\\beval(uation)? (scores?|set) (dropped|fell|regress\\w*)"_s),
         1.0},
        {u"ai_safety"_s,
         u"unsafe or unauthorised AI behaviour"_s, rx(u"\\bjailbr\\w+|\\bguardrails?\\b|\\bprompt injection\\b|\\bcross-tenant\\b|\\b(another|other|different) (tenant|customer)'?s? (data|documents|records|orders|tickets)|\\b(unsafe|toxic|offensive|abusive|rude|sarcastic|insulting|inappropriate|disallowed|harmful) (reply|replies|answer|answers|output|content|response|message|remark)s?\\b|\\bunauthori[sz]ed (tool|action|refund)"_s),
         1.2},
        {u"ai_cost"_s, u"AI spend or call volume out of bounds"_s,
         rx(u"\\btoken (spend|usage|cost|consumption)\\b|\\b(llm|ai|model|openai|inference) (spend|budget|bill|cost)\\b|\\bre-?embed\\w*|\\bstep limit\\b|\\b(looped|looping|loops) (on|calling)\\b|\\bcalled \\w+ \\d+ times\\b|\\b\\d+x (normal|usual|baseline|forecast)\\b"_s),
         1.0},
    };
    return cues;
}

struct Rule
{
    QString name;
    QRegularExpression pattern;
    double weight;
    bool aiOnly = false; ///< holds only for incidents of AI systems (ai_* categories)
};

/// Signals for and against MIM review: the five rules of the taxonomy
/// (../shared/eval/README.md) and the cases it names as not requiring it.
const QList<Rule> &impactRules()
{
    static const QList<Rule> rules {
        // Rule 1: the stated severity.
        {u"rule 1: severity stated as critical/high/SEV1/SEV2"_s,
         rx(u"\\b(sev ?[12]|severity[: ]+(critical|high|1|2)|critical severity|priority[: ]+(critical|high))\\b"_s),
         2.5},
        // Rule 2: customer-facing impact on many users.
        {u"rule 2: many users or customers affected"_s,
         rx(u"\\b(all|most|many|every|thousands of|hundreds of|tens of thousands of) (of )?(our |the |its )?([\\w-]+ ){0,2}(users|customers|clients|merchants|partners|shoppers|tenants|members|buyers|sellers|subscribers|players|patients|drivers|riders)\\b|\\b(\\d{3,}|\\d{1,3}(,\\d{3})+|\\d+(\\.\\d+)?k) (\\w+ ){0,2}(users|customers|clients|merchants|partners|shoppers|tenants|members|accounts|subscribers|orders|payments|transactions|shipments|parcels|bookings)\\b|\\bevery (\\w+ )?(user|customer|merchant|partner|shopper|tenant)\\b"_s),
         1.8},
        {u"rule 2: a customer journey is failing (login, payment, order)"_s,
         rx(u"\\b(customers?|users?|shoppers?|clients?|merchants?|partners?|buyers?|members?|agents) (who [\\w -]+ )?(can ?not|cannot|can't|are unable to|unable to|are not able to|could not|couldn't) (log ?in|sign ?in|pay|check ?out|order|buy|open|load|access|complete|confirm|place|reach|see|use)\\b|\\b(orders?|payments?|checkouts?|logins?|sign-?ins?|transactions|submissions|bookings|purchases) (are |were |keep )?(failing|fail|failed|rejected|declined|broken|lost|not going through)\\b|\\b(failed|rejected|declined|lost) (orders|payments|checkouts|transactions|logins)\\b|\\b(logged out|baskets? (emptied|disappeared|lost)|carts? (emptied|lost))\\b|\\b(login|sign-?in|checkout|payment|order) (success|conversion)( rate)? (is |has )?(down|dropped|fell|fallen)\\b|\\b(orders?|order rate|payments|checkouts|sales|bookings|conversions?|revenue) (are |is |has |have )?(down|dropped|fallen|fell) (by )?\\d+ ?%|\\b(orders|payments|messages|emails|deliveries|shipments|notifications|parcels) (are |have )?(not|aren't|haven't) (been )?(reaching|reached|being|shipping|shipped|processed|delivered|sent|arriving)\\b|\\b(received|receive|got|get) no (order|orders|payment|payments|refund|updates)\\b"_s),
         1.8},
        {u"rule 2: customer-facing outage"_s,
         rx(u"\\b(full|total|complete|major|site-?wide|customer-facing) outage\\b|\\b(site|website|storefront|app|checkout|service) (is |was )?(down|unavailable|unreachable)\\b|\\bcannot (open|load) the (app|site|home ?screen)|\\b100 ?% (of )?(requests|users|customers|traffic|probes|calls|logins|sessions|checkouts|orders)\\b"_s),
         1.6},
        {u"rule 2: a large share of requests failing"_s,
         rx(u"\\b([2-9]\\d|100)(\\.\\d+)? ?% (of )?(requests|errors|error rate|5xx|failures?)|\\b([1-9]\\d|100)(\\.\\d+)? ?% of (\\w+ ){0,2}(users|customers|logins|payments|orders|checkouts|calls|sessions|shoppers|merchants)|\\b(5xx|error|failure) (ratio|rate) (of |at |is |above )?([2-9]\\d|100)(\\.\\d+)? ?%"_s),
         1.2},
        {u"rule 2: data lost"_s,
         rx(u"\\b(data loss|lost (data|updates|orders|writes|records|changes|transactions|messages|payments)|(data|changes|updates|orders|writes|records|transactions|messages|events) (were |are |have been |got )?(lost|dropped|deleted|overwritten)|corrupt(ed|ion) (of |in )?(customer|order|payment))\\b"_s),
         1.8},
        // Rule 4: personal or regulated data exposed.
        {u"rule 4: personal or regulated data exposed"_s,
         rx(u"\\b(pii|personal data|gdpr|hipaa|phi|card (numbers|data)|cardholder|ssn|social security|passports?|customer (records|data|emails|addresses|profiles)|patient|salar(y|ies)|payroll|hr files|employee records|medical)\\b[^.]{0,80}\\b(exposed|leak\\w*|public\\w*|visible|accessible|downloaded|exfiltrat\\w*|sent to|shared|readable|dumped|uploaded|stolen)\\b|\\b(exposed|leak\\w*|publicly|visible|accessible|downloaded|exfiltrat\\w*|dumped|uploaded|stolen)\\b[^.]{0,80}\\b(pii|personal data|card (numbers|data)|cardholder|ssn|passports?|customer (records|data|emails|addresses|profiles)|patient|salar(y|ies)|payroll|hr files|employee records|medical)\\b"_s),
         1.6},
        // Rule 5: several services, or AI acting at scale without authorisation.
        {u"rule 5: several services affected at once"_s,
         rx(u"\\b(multiple|several|many|all|\\d+) (of (our|the) )?(services|systems|applications|products|regions|business units)\\b"_s),
         1.2},
        {u"rule 5: AI spend running away"_s, rx(u"\\$ ?(\\d{1,3}(,\\d{3})+|\\d{4,}|\\d+(\\.\\d+)?k)\\b[^.]{0,40}\\b(so far|and rising|and climbing|still (climbing|rising|growing)|(an|per|each|every|last|past) (hour|day)|today|overnight)\\b|\\b(runaway|out of control|unattended)\\b[^.]{0,60}\\b(spend|cost|tokens?|key|job|agent)|\\b\\d+(\\.\\d+)?x (normal|baseline|the baseline|usual)\\b|\\b(spend|cost|usage) (is |keeps )?(still )?(climbing|rising|doubl\\w+|tripl\\w+)"_s),
         1.6, true},
        {u"rule 5: AI actions at scale"_s,
         rx(u"\\b(\\d{2,}|dozens of|hundreds of|thousands of) (unauthori[sz]ed |automatic |unapproved )?(tool calls|actions|emails|refunds|tickets|deletions|messages|cancellations)\\b"_s),
         1.6, true},
        // Against: what the taxonomy names as not needing review.
        {u"not required: no customer impact stated"_s,
         rx(u"\\bno (\\w+ )?(customer|user|client|production)[- ]?(facing )?impact\\b|\\b(customers?|users?|production|prod|customer journeys|checkout|logins?) (is |are |was |were |remain |remains |stays? )?(unaffected|not affected|not impacted|work(s|ing)? (normally|as usual|fine)?)\\b|\\bnothing (was )?(shown|visible|exposed|sent) to (customers|users)\\b|\\b(staff|internal|employees?)[- ]only\\b|\\bnot customer[- ]facing\\b|\\bno customers? (are |were )?affected\\b"_s),
         -2.0},
        {u"not required: a single user, host or report"_s,
         rx(u"\\b(single|one|a) (user|host|laptop|workstation|node|employee|report|customer|session|answer|reply|server|account)\\b|\\b(isolated|individual) (case|report|complaint)\\b|\\bonly (one|a single)\\b|\\bno other (sessions|users|hosts|customers)\\b"_s),
         -1.0},
        {u"not required: an informational security signal"_s,
         rx(u"\\b(port scan|scan(ning)? from|failed login attempt|one failed|phishing report|reported a phishing|informational|blocked by|quarantined)\\b"_s),
         -1.2},
        {u"not required: recovered by itself"_s,
         rx(u"\\b(recovered|self-?healed|back to normal|resolved itself|auto-?recovered|cleared on its own|load normally again)\\b"_s),
         -1.4},
        {u"not required: within plan or working as designed"_s,
         rx(u"\\b(in line with (the )?forecast|as designed|as planned|within (the )?budget|no anomaly|expected behaviou?r|falls back)\\b"_s),
         -0.8},
        {u"not required: a test or non-production environment"_s,
         rx(u"\\b(staging|dev environment|test environment|sandbox|uat|test accounts?|red[- ]team exercise|qa)\\b"_s),
         -0.8},
    };
    return rules;
}

/// The first match of `pattern` in `text` that is not negated just before
/// it in the same clause ("no lateral movement", "not in production",
/// "nothing shown to customers", "isolated from prod").
QRegularExpressionMatch affirmedMatch(const QRegularExpression &pattern, const QString &text)
{
    static const QRegularExpression kNegation = rx(
        u"\\b(no|not|never|nothing|none|zero|without|nor|isn't|aren't|wasn't|weren't|hasn't|haven't|didn't|doesn't|cannot reach|no access to|no path to|isolated from|separate from|outside|unlike)\\b[^.;:]{0,40}$"_s);
    for (auto it = pattern.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString before
            = text.mid(std::max<qsizetype>(0, m.capturedStart() - 60), std::min<qsizetype>(60, m.capturedStart()));
        if (!kNegation.match(before).hasMatch())
            return m;
    }
    return {};
}

/// The lower-case words of `text` that could name a service (letters,
/// digits, dashes and dots).
QStringList serviceWords(const QString &text)
{
    QStringList out;
    QString word;
    auto flush = [&] {
        while (word.endsWith(u'.') || word.endsWith(u'-'))
            word.chop(1);
        if (word.size() >= 3)
            out.append(word);
        word.clear();
    };
    for (const QChar ch : text) {
        if (ch.isLetterOrNumber() || ch == u'-' || ch == u'.')
            word.append(ch.toLower());
        else
            flush();
    }
    flush();
    return out;
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
    // One search per kind, each asking only for what is used below: the
    // category vote, the matches, the similar incidents and the plan.
    const QList<KnowledgeMatch> kbas = m_knowledge.searchTerms(terms, 20, {u"kba"_s});
    const QList<KnowledgeMatch> dips = m_knowledge.searchTerms(terms, 10, {u"dip"_s});
    // Past incidents can be hundreds of thousands: they are searched with
    // the text's most telling terms only ("more like this").
    const QList<KnowledgeMatch> incidents
        = m_knowledge.searchTerms(m_knowledge.index().salientTerms(terms, 12), 10, {u"incident"_s});
    const QList<KnowledgeMatch> others = m_knowledge.searchTerms(terms, 8, {u"validation"_s, u"policy"_s});
    auto merged = [](QList<KnowledgeMatch> a, int limit) {
        std::stable_sort(a.begin(), a.end(),
                         [](const KnowledgeMatch &x, const KnowledgeMatch &y) { return x.score > y.score; });
        return a.mid(0, limit);
    };
    const QList<KnowledgeMatch> hits = merged(kbas + dips + incidents, 40);
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
    const QList<KnowledgeMatch> titleHits = m_knowledge.searchTerms(titleTerms, 10, {u"kba"_s, u"dip"_s});
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
    // Phrases that name a category outright (one affirmed match each).
    for (const PhraseCue &cue : phraseCues()) {
        if (const QRegularExpressionMatch m = affirmedMatch(cue.pattern, text); m.hasMatch()) {
            const double w = kPhraseWeight * cue.weight;
            score[cue.category] += w;
            why[cue.category].append(Reason {u"%1 (\"%2\")"_s.arg(cue.name, m.captured(0).left(60)), w, u"text"_s});
        }
    }
    // A third-party service of the catalog named in the text or as the service.
    for (const QString &word : serviceWords(incident.service + u' ' + text)) {
        const ServiceEntry *svc = m_knowledge.service(word);
        if (svc && svc->thirdParty) {
            score[u"dependency"_s] += kVendorWeight;
            why[u"dependency"_s].append(Reason {u"names the third-party service %1 (\"%2\")"_s.arg(svc->name, word),
                                                kVendorWeight, u"service:"_s + svc->name});
            break;
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
        add(u"the source sent priority %1"_s.arg(incident.priority), -0.6, u"priority"_s);
    const bool aiSystem = c.category.startsWith(u"ai_"_s);
    for (const Rule &rule : impactRules()) {
        if (rule.aiOnly && !aiSystem)
            continue;
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
        if (doc->mimHint < 0)
            continue;
        const double w = h.score / top;
        hintSum += doc->mimHint > 0 ? w : -w;
        hintWeight += w;
        hintSources.append(doc->id);
    }
    if (hintWeight > 0)
        add(u"similar reviewed knowledge (%1) leans %2"_s.arg(hintSources.join(u", "_s),
                                                              hintSum > 0 ? u"towards review"_s : u"against review"_s),
            0.3 * hintSum / hintWeight, u"knowledge"_s);
    c.mimRequired = mim > 0.4;

    // --- severity (proposed; a person declares it) -----------------------------
    if (incident.priority.size() == 2 && incident.priority.at(0) == u'P')
        c.severity = severityFromString(u"SEV"_s + incident.priority.mid(1)).value_or(Severity::Unknown);
    else if (c.mimRequired)
        c.severity = mim > 3.0 ? Severity::Sev1 : Severity::Sev2;
    else
        c.severity = mim < -1.0 ? Severity::Sev4 : Severity::Sev3;

    // --- knowledge and plan ------------------------------------------------------
    result.matches = merged(kbas + dips + others, 8);
    result.similar = incidents.mid(0, 5);
    const KnowledgeDoc *best = nullptr;
    double bestScore = 0.0;
    for (const KnowledgeMatch &m : dips.mid(0, 5)) {
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
