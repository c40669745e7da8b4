#include "offlineanalyst.h"

#include "embeddings.h"
#include "literalprefilter.h"
#include "textindex.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

/// A compiled rule pattern with the literals each of its matches contains:
/// a text holding none of them is not searched (most rules match few texts).
struct Pattern
{
    QRegularExpression re;
    LiteralPrefilter need;
};

/// Rules match the lower-cased text (OfflineAnalyst::analyse), so their
/// patterns are lower case and compiled without case folding, which makes
/// them about twice as fast (and lets the prefilter's literals be compared
/// as they are). A pattern whose every match starts at a word boundary says
/// so once up front (hoistWordBoundary): PCRE then gives up inside a word at
/// once instead of trying each alternative there, about three times faster
/// on the rules' texts.
Pattern rx(const QString &p)
{
    const QString hoisted = hoistWordBoundary(p);
    return Pattern {QRegularExpression(hoisted), LiteralPrefilter(hoisted)};
}

/// Alternatives joined into one pattern.
Pattern anyOf(const QStringList &alternatives)
{
    return rx(u"(?:"_s + alternatives.join(u")|(?:"_s) + u')');
}

// --- the trade's vocabulary, as pattern fragments ------------------------------
//
// Rules are written over these families, not over any one report's words:
// who is affected, how many, what they cannot do, and the words reporters
// use for a system being down, slow, full, attacked or misbehaving.

/// People a service has: customers and the like, and staff.
const QString kPeople
    = uR"((?:customers?|users?|shoppers?|clients?|merchants?|partners?|buyers?|sellers?|members?|subscribers?|tenants?|players?|patients?|drivers?|riders?|guests?|visitors?|passengers?|students?|consumers?|(?:account|policy|card) ?holders?|cardholders?|travell?ers?|callers?|employees?|staff|colleagues|agents?|people|persons|workers|developers|engineers|everyone|everybody))"_s;
/// The people of a service outside the company, plural: "customers cannot"
/// speaks of many. Staff count only in numbers ("all staff", "2,000
/// employees"): the taxonomy's rule 2 is about customer-facing impact.
const QString kCustomersPlural
    = uR"((?:customers|users|shoppers|clients|merchants|partners|buyers|sellers|members|subscribers|tenants|players|patients|drivers|riders|guests|visitors|passengers|students|consumers|(?:account|policy|card) ?holders|cardholders|travell?ers|callers))"_s;
/// Anyone, plural.
const QString kPeoplePlural
    = uR"((?:customers|users|shoppers|clients|merchants|partners|buyers|sellers|members|subscribers|tenants|players|patients|drivers|riders|guests|visitors|passengers|students|consumers|(?:account|policy|card) ?holders|cardholders|travell?ers|callers|employees|staff|colleagues|agents|people|workers|developers|engineers))"_s;
/// Places a business serves people from.
const QString kSites
    = uR"((?:stores|shops|branches|offices|sites|restaurants|hospitals|clinics|warehouses|outlets|pharmacies|schools|depots|plants|factories))"_s;
/// What people do with a service.
const QString kJourney
    = uR"((?:log[- ]?in(?:to)?|log[- ]?on|sign[- ]?in(?:to)?|sign[- ]?on|authenticate|pay|check[- ]?out|order|buy|purchase|book|reserve|transfer|withdraw|deposit|access|open|load|use|reach|connect|submit|save|complete|place|confirm|see|view|download|upload|send|receive|register|sign[- ]?up|top[- ]?up|stream|play|watch|call|message|add|edit|update|print|get (?:in|through)|work))"_s;
/// Not being able to.
const QString kCannot
    = uR"((?:can ?not|can'?t|can’t|could not|couldn'?t|couldn’t|(?:are |is |were |was )?unable to|(?:are |is |were |was )?not able to|no longer able to|(?:keep |are |is )?fail(?:s|ed|ing)? to|prevented from|blocked from|locked out of|stuck (?:on|at|in)))"_s;
/// Being able to (for "nobody can ...").
const QString kCan
    = uR"((?:can|could|is able to|are able to|was able to|were able to|has been able to|manages? to|managed to|succeeds? (?:in|to)|gets? (?:in|through)|got (?:in|through)))"_s;
/// A number of at least 100 ("1,200", "2.5k", "hundreds of").
const QString kHundreds
    = uR"((?:\d{1,3}(?:[,.’' ]\d{3})+|[1-9]\d{2,}|\d+(?:\.\d+)? ?k\b|(?:several |many )?(?:hundreds|thousands|tens of thousands|millions) of))"_s;
/// Two or more (after number words became digits).
const QString kSeveral = uR"((?:[2-9]|[1-9]\d+|several|multiple|many|numerous|dozens of|a number of|various|all))"_s;
/// Hosts and devices.
const QString kHosts
    = uR"((?:hosts|servers|machines|workstations|endpoints|laptops|devices|desktops|pcs|nodes|vms|instances|systems|scanners|terminals|tills|kiosks|file servers|domain controllers|jump hosts|shares|drives))"_s;
/// Systems an AI incident is about: AI categories need one to be named.
const Pattern &aiContext()
{
    static const Pattern p = rx(
        uR"(\b(?:ai|llm|llms|gpt[\w.-]*|model|models|bot|chatbot|assistant|agent|agents|copilot|genai|rag|prompt|prompts|embedding|embeddings|inference|openai|anthropic|claude|gemini|mistral|completion|completions|tokens?)\b)"_s);
    return p;
}

/// The number words withNumberDigits() replaces.
const Pattern &numberWords()
{
    static const Pattern p = rx(
        uR"(\b(?:a dozen|a hundred|a thousand|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|dozen|hundred|thousand)\b(?! of))"_s);
    return p;
}

/// Number words reporters write ("twelve workstations", "three websites")
/// as digits, so that counting rules see them.
QString withNumberDigits(const QString &text)
{
    static const QHash<QString, QString> numbers {
        {u"two"_s, u"2"_s},       {u"three"_s, u"3"_s},     {u"four"_s, u"4"_s},          {u"five"_s, u"5"_s},
        {u"six"_s, u"6"_s},       {u"seven"_s, u"7"_s},     {u"eight"_s, u"8"_s},         {u"nine"_s, u"9"_s},
        {u"ten"_s, u"10"_s},      {u"eleven"_s, u"11"_s},   {u"twelve"_s, u"12"_s},       {u"thirteen"_s, u"13"_s},
        {u"fourteen"_s, u"14"_s}, {u"fifteen"_s, u"15"_s},  {u"sixteen"_s, u"16"_s},      {u"seventeen"_s, u"17"_s},
        {u"eighteen"_s, u"18"_s}, {u"nineteen"_s, u"19"_s}, {u"twenty"_s, u"20"_s},       {u"thirty"_s, u"30"_s},
        {u"forty"_s, u"40"_s},    {u"fifty"_s, u"50"_s},    {u"a dozen"_s, u"12"_s},      {u"a hundred"_s, u"100"_s},
        {u"dozen"_s, u"12"_s},    {u"hundred"_s, u"100"_s}, {u"a thousand"_s, u"1000"_s}, {u"thousand"_s, u"1000"_s},
    };
    const Pattern &words = numberWords();
    if (!words.need.mayMatch(text))
        return text;
    QString out;
    qsizetype from = 0;
    for (auto it = words.re.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(from, m.capturedStart() - from);
        out += numbers.value(m.captured(0).toLower(), m.captured(0));
        from = m.capturedEnd();
    }
    out += QStringView(text).mid(from);
    return out;
}

// --- category signals ------------------------------------------------------------

/// How much an affirmed category phrase and a named vendor count, against
/// a retrieval vote whose best document counts 1.
constexpr double kPhraseWeight = 0.6;
constexpr double kVendorWeight = 0.6;
/// At most this many phrase families count per category.
constexpr int kPhrasesPerCategory = 2;

/// Strong cue terms per category (canonical terms, see Tokenizer): words a
/// reporter uses that all but name the category.
const QHash<QString, QList<QPair<QString, double>>> &categoryCues()
{
    static const QHash<QString, QList<QPair<QString, double>>> cues {
        {u"availability"_s, {{u"outage"_s, 1.0}, {u"5xx"_s, 0.8}, {u"unhealthy"_s, 0.6}, {u"healthcheck"_s, 0.4}}},
        {u"latency"_s, {{u"latency"_s, 1.2}, {u"slow"_s, 1.0}, {u"timeout"_s, 0.6}}},
        {u"capacity"_s,
         {{u"disk"_s, 1.0},
          {u"memory"_s, 0.8},
          {u"quota"_s, 0.6},
          {u"exhausted"_s, 0.8},
          {u"full"_s, 0.6},
          {u"spool"_s, 0.6},
          {u"backlog"_s, 0.6}}},
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
          {u"upgrade"_s, 0.5},
          {u"migration"_s, 0.5}}},
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
    Pattern pattern;
    double weight;
    bool aiOnly = false; ///< counts only when the text names an AI system
};

/// Families of phrases that name a category outright, after the meaning
/// column of the taxonomy and the words operators, alert rules and people
/// use for it. Each must be affirmed (not negated just before) and counts
/// once however often it occurs; at most two count per category.
const QList<PhraseCue> &phraseCues()
{
    static const QList<PhraseCue>
        cues {
            {u"availability"_s, u"service down or refusing requests"_s,
             anyOf(
                 {uR"(\b(?:is|are|went|was|were|goes|been|being) (?:hard |completely |totally |fully |entirely |still )?(?:down(?! by| to \d| \d)|offline|unavailable|unreachable|inaccessible)\b)"_s,
                  uR"(\b(?:returns?|returning|answers?|answering|serv(?:es|ing)|throws?|throwing|gives?|giving|responds? with|responding with|fails? with) (?:an? )?(?:http )?(?:5\d\d|5xx)\b)"_s,
                  uR"(\bservice (?:temporarily )?unavailable\b|\bbad gateway\b|\bgateway time-?out\b)"_s,
                  uR"(\bno healthy (?:upstreams?|hosts?|targets?|backends?|instances?)\b|\b0 healthy\b)"_s,
                  uR"(\b0 ?(?:/|of) ?\d+ (?:pods |replicas |tasks |targets |instances |backends |nodes )?(?:are )?(?:ready|healthy|up|running|available|in service)\b)"_s,
                  uR"(\bhealth ?checks? (?:are |is )?fail|\bprobe[_ ]?(?:success (?:== ?)?0|failure|failing|failed|down)|\bendpoint ?down\b)"_s,
                  uR"(\b(?:not|no|isn'?t|aren'?t|won'?t|doesn'?t|don'?t|stopped) (?:load|open|respond|start|work)(?:ing|ed)?\b)"_s,
                  uR"(\bwhite screen\b|\bblank (?:page|screen)\b|\bcrash ?loop|\bconnection refused\b|\bsite can'?t be reached\b)"_s}),
             1.0},
            {u"latency"_s, u"slow responses"_s,
             anyOf(
                 {uR"(\bslow(?:ly|er|ness|down)?\b|\bsluggish\b|\btakes? forever\b|\bkeeps? (?:loading|spinning)\b|\bspinn(?:er|ing)\b)"_s,
                  uR"(\b(?:takes?|taking|took|needs?|wait(?:s|ing)?) (?:up to |about |around |over |more than |maybe |roughly |almost )?\d+(?: or \d+)? ?(?:s|sec|secs|seconds|minutes|mins)\b)"_s,
                  uR"(\b(?:response|load|loading|page|render|rendering|query) times?\b|\bp(?:50|75|9[059]|99\.9)\b|\blatency\b)"_s,
                  uR"(\btim(?:ing|ed|es) ?out\b|\btimeouts?\b)"_s}),
             0.9},
            {u"capacity"_s, u"a resource filling up or at its limit"_s,
             anyOf(
                 {uR"(\b(?:memory|heap|ram|cpu|disk|volume|spool|partition|filesystem|inodes?|quota|storage|pool|swap|/[a-z0-9/_-]+)\b(?: [\w/-]+){0,3}? (?:usage |use |utili[sz]ation )?(?:is |was |at |reached |above |over |hit |hits |of |\()?\d{2,3}(?:\.\d+)? ?%)"_s,
                  uR"(\b\d{2,3}(?:\.\d+)? ?% (?:full|used|usage|utili[sz]ed|of (?:memory|heap|disk|capacity|quota|the budget))\b)"_s,
                  uR"(\b(?:approaching|nearing|close to|near) (?:its |the |their |our )?(?:[\w-]+ ){0,2}(?:limit|quota|threshold|capacity|maximum|watermark)\b|\bwatermark\b)"_s,
                  uR"(\bno space left\b|\bout of (?:memory|disk|space|capacity|ips?|ip addresses|file descriptors|connections)\b|\btoo many (?:connections|clients|open files)\b)"_s,
                  uR"(\b(?:quota|limit|capacity|concurrency) ?(?:exceeded|reached|exhausted|hit)\b|\bexhaust(?:ed|ion)\b|\bsaturat(?:ed|ion)\b|\bmax_?connections\b|\bgc overhead\b)"_s,
                  uR"(\bevict(?:ed|ing|ions?)\b|\bmemory pressure\b|\boom[- ]?kill(?:ed)?\b)"_s,
                  uR"(\b(?:queue|consumer|backlog|spool)s? (?:depth|lag|backlog|growing|full)\b|\b(?:lag|backlog) (?:of |at )?[\d.,]+ ?[km]? (?:messages|events|records|jobs)\b)"_s,
                  uR"(\b(?:is|are|was|got|running|almost|nearly) (?:almost |nearly |completely )?full\b|\bfilling up\b|\b\d+ ?/ ?\d+ (?:concurrent|connections|slots|executions|workers)\b)"_s}),
             1.1},
            {u"certificate"_s, u"a certificate expired, expiring, mismatched or untrusted"_s,
             anyOf(
                 {uR"(\b(?:certificate|cert|x\.?509)s? (?:has |have |is |was )?(?:expired|expir\w+|mismatch\w*|drift\w*|differs?|chain|renewal|rotation|rollover|fingerprint|not (?:yet )?valid|invalid|revoked))"_s,
                  uR"(\b(?:expired|expiring|mismatched|drifted|self-signed|untrusted|wrong|missing|old|new) (?:tls |ssl |signing |server |client |intermediate |ca |root )?(?:certificate|cert)s?\b)"_s,
                  uR"(\btls handshake\b|\bssl (?:error|handshake)\b|\bcertificate (?:verify|verification) failed\b|\bx509\b|\bpkix\b|\btrust anchor\b|\bcertification path\b)"_s,
                  uR"(\b(?:unknown|untrusted) (?:certificate )?authority\b|\bhostname mismatch\b|\berr_cert_\w+|\bcert_\w+_invalid\b|\bintermediate (?:certificate|cert|ca)\b)"_s}),
             1.1},
            {u"authentication"_s, u"people cannot sign in"_s,
             anyOf(
                 {uR"(\b(?:redirect loop|locked out|sign-?in (?:fail\w*|loop|error)|login (?:fail\w*|loop|error|broken)|log ?in (?:fail\w*|loop)|logon fail\w*)\b)"_s,
                  uR"(\b(?:mfa|2fa|otp|one-time codes?|verification codes?|push (?:notifications?|approvals?))(?: \w+){0,2} (?:not arriving|fail\w*|loop|missing|delayed|prompts?)\b|\bmfa (?:prompts?|push|fail\w*)\b)"_s,
                  uR"(\binvalid_(?:grant|client|token)\b|\b(?:invalid|wrong|incorrect) credentials\b|\bsaml (?:response|assertion)\b|\baadsts\d+|\bldap (?:bind|sign-?in|authentication)\b)"_s,
                  uR"(\b(?:can ?not|unable to|can'?t|not able to) (?:log ?in|sign ?in|log ?on|authenticate)\b|\b(?:logged|signed|kicked|thrown) out\b|\bsent back to the (?:sign-?in|login) (?:screen|page)\b|\b(?:session|refresh token)s? (?:expired|rejected|invalid)\b)"_s}),
             0.8},
            {u"deployment"_s, u"a change is named as the cause"_s,
             anyOf(
                 {uR"(\b(?:after|since|following|with|caused by|due to|because of|introduced (?:by|in|with)|broke (?:with|after|in))(?: (?:the|a|an|our|today'?s|yesterday'?s|this morning'?s|last night'?s|tonight'?s|latest|new|recent|we))?(?: [\w.-]+){0,3}? (?:deploy\w*|releases?|released|rollout|roll-?out|rolled out|upgrades?|upgraded|upgrading|migrations?|config(?:uration)? (?:change|push|update)|change (?:request )?[a-z]*-?\d+|feature (?:flag|toggle)|toggle|helm upgrade|terraform apply|argo ?cd sync|auto-sync)\b)"_s,
                  uR"(\b(?:migration|release|deploy(?:ment)?|rollout|upgrade|commit|merge|patch|publish|config(?:uration)? (?:change|reload|push)) (?:dropped|removed|deleted|renamed|broke|disabled|introduced|changed|set|overwrote|reverted)\b)"_s,
                  uR"(\b(?:config(?:uration)? (?:change|push|reload|update)|deploy(?:ment)?|release|rollout|commit|script|publish)\b(?: [\w./:-]+){1,8}? (?:removed|dropped|deleted|broke|disabled|overwrote|reverted|wiped)\b)"_s,
                  uR"(\b(?:after|since|with) (?:the |version |release |build )?v?\d+\.\d+(?:\.\d+)+\b)"_s}),
             1.0},
            {u"deployment"_s, u"a release, flag or configuration change"_s,
             anyOf(
                 {uR"(\b(?:release|version|build|deploy(?:ment)?|rollout|canary|commit|revision) (?:v?\d+(?:\.\d+)+|[0-9a-f]{7,40}|\d{4}\.\d+(?:\.\d+)?)\b|\bv\d+\.\d+(?:\.\d+)?\b|\b(?<![\d.])\d+\.\d+\.\d+(?![.\d])|\bprevious (?:version|release|build)\b|\b(?:content|cms) publish\b)"_s,
                  uR"(\b(?:chg|cr|rfc)-?\d{3,}\b|\bchange (?:request|ticket) \w+)"_s,
                  uR"(\b(?:upgraded|deployed|released|rolled out|migrated|updated|bumped) (?:the |our |a )?(?:[\w-]+ ){0,3}to (?:v(?:ersion)? ?)?\d+(?:\.\d+)+\b)"_s,
                  uR"(\b(?:helm|terraform|ansible|argo ?cd|kustomize|flux|spinnaker) (?:upgrade|apply|sync|release|deploy|rollout|run|change|variable)\b)"_s,
                  uR"(\bfeature (?:flag|toggle)s?\b|\b(?:toggle|flag) (?:was |is )?(?:enabled|turned on|flipped|switched on|rolled out|set to)\b)"_s,
                  uR"(\brolled (?:back|out)\b|\b(?:canary|rollout) (?:promoted|failed|aborted|stuck)\b|\bconfig(?:uration)? (?:change|push|update|mistake)\b)"_s}),
             0.8},
            {u"database"_s, u"a database symptom"_s,
             anyOf(
                 {uR"(\breplication (?:lag|delay|stopped|broken)\b|\breplicas? (?:lag\w*|behind|stopped)\b|\bdeadlocks?\b|\block (?:wait|contention|chain|timeout)s?\b|\brow locks?\b)"_s,
                  uR"(\bslow (?:quer(?:y|ies)|sql)\b|\b(?:database|db) (?:failover|fail-?over|election|corruption)\b|\bno primary\b|\belection (?:fail\w*|keeps?)\b|\bsplit[- ]brain\b)"_s,
                  uR"(\bindex (?:corruption|bloat)\b|\b(?:table|index) bloat\b|\b(?:auto)?vacuum\b|\bchecksum (?:errors?|failure|verification)\b|\binvalid page\b|\bcorrupt(?:ed|ion)? (?:pages?|blocks?|tables?|index|rows?)\b)"_s,
                  uR"(\blong[- ]running (?:quer(?:y|ies)|transactions?)\b|\b(?:query|queries|transaction)(?: \w+){0,3}? (?:monopoli[sz]\w*|hogg\w*|running for \d+|holding|blocking|consuming)\b)"_s,
                  uR"(\bread-?only transaction\b|\bseq(?:uential)? scans?\b|\bexplain (?:analy[sz]e |shows|plan)|\bquery plan\b|\bplanner statistics\b|\bslave_sql_running\b|\bidle in transaction\b|\btoo many clients\b)"_s}),
             0.9},
            {u"network"_s, u"a network path problem"_s,
             anyOf(
                 {uR"(\bpacket loss\b|\bnxdomain\b|\bservfail\b|\bdns(?:sec)? (?:resolution|records?|change|failures?|lookups?|zone|provider|key)\b|\b(?:not|no longer) resolv\w*|\b(?:cannot|could not|can'?t) resolve\b)"_s,
                  uR"(\bbgp\b|\banycast\b|\b(?:route|routing|routes) (?:leak|change|table|withdrawn|flap\w*)|\broutes? (?:were |was )?withdrawn\b|\bpeering\b|\btransit (?:gateway|provider|link)\b)"_s,
                  uR"(\bsecurity group\b|\bfirewall (?:rules?|change|deny|denies|drops?|block\w*|logs?)\b|\bdeny logs?\b|\bnetwork polic(?:y|ies)\b|\bmtu\b)"_s,
                  uR"(\bwi-?fi\b|\baccess points?\b|\bcross-?connect\b|\b(?:switch|router|uplink)(?:es|s)? (?:down|fail\w*|overloaded)\b|\b(?:vpn |site-to-site )?tunnels? (?:down|flap\w*)|\bmpls\b|\blinks? (?:down|flap\w*)|\b(?:crc|interface) errors?\b|\bcoredns\b|\bjitter\b)"_s}),
             0.9},
            {u"dependency"_s, u"a vendor or third party reports trouble"_s,
             anyOf(
                 {uR"(\b(?:their|vendor'?s?|provider'?s?|supplier'?s?|carrier'?s?|partner'?s?) (?:status page|api|side|end|incident|outage|degradation|platform)\b|\bstatus page\b|\bthird[- ]party\b)"_s, uR"(\b(?:vendor|provider|carrier|supplier|saas|processor|acquirer|psp) (?:is |are |reports? |reported )?(?:degraded|down|failing|returning|timing out|outage|incident)\b)"_s, uR"(\b(?:reports?|reported|confirms?|confirmed|acknowledges?) (?:an? )?(?:ongoing |major )?(?:\w+ ){0,2}(?:incident|outage|degraded performance|degradation|delays?|delayed)\b|\bdegraded performance\b|\bpartial outage\b)"_s}),
             1.0},
            {u"application_exploitation"_s, u"an attack on an application"_s,
             anyOf(
                 {uR"(\bsql ?injection\b|\bsqli\b|\bsqlmap\b|\bunion[- ](?:all[- ])?(?:based|select)\b|\bremote code execution\b|\brce\b|\bcve-\d{4}-\d+|\bweb ?shell\b|\bexploit(?:ed|ation|ing)?\b)"_s,
                  uR"(\bdeserializ\w*|\bssrf\b|\bpath traversal\b|\bdirectory traversal\b|\blocal file inclusion\b|\betc/passwd\b|\b\.\./|\bxxe\b|\bxss\b|\bcommand injection\b|\bt1190\b)"_s,
                  uR"(\bidor\b|\binsecure direct object\b|\bbroken (?:access control|authori[sz]ation)\b|\baccount takeover\b|\bjndi\b|\blog4(?:j|shell)\b|\beval\(|\bbase64_decode\b|\bbackdoor\b|\bdefac\w+)"_s}),
             1.2},
            {u"endpoint_compromise"_s, u"a compromised device or host"_s,
             anyOf(
                 {uR"(\bmalware\b|\bransom(?:ware| note)\b|\binfostealer\b|\bstealer\b|\btrojan\b|\bworm\b|\bvirus\b|\bcryptominer\b|\bxmrig\b|\badware\b|\bmimikatz\b)"_s,
                  uR"(\bbeacon(?:ing)?\b|\bcobalt strike\b|\bcommand[- ]and[- ]control\b|\bc2\b|\blateral movement\b|\bencoded powershell\b|\bpowershell (?:-enc|-encodedcommand))"_s,
                  uR"(\bedr (?:alert|detect\w*|quarantin\w*|block\w*|isolat\w*)|\bcompromised (?:host|laptop|workstation|device|endpoint|server|machine|pc)\b|\bmalicious (?:binary|file|macro|process|loader|executable)\b)"_s,
                  uR"(\bfiles? (?:renamed|encrypted)\b|\bencrypt(?:ed|ing) (?:files|shares|drives|the file server)\b|\breadme_?restore\w*)"_s}),
             1.1},
            {u"data_exfiltration"_s, u"data leaving the organisation"_s,
             anyOf(
                 {uR"(\bexfiltrat\w*|\bdns tunnel\w*|\btunnell?ing\b|\bdlp\b|\bcasb\b|\bt1048\b|\bt1567\b|\bt1041\b)"_s,
                  uR"(\b(?:uploaded|copied|synced|sent|transferred|pushed|emailed|forwarded|exported) (?:[\w-]+ ){0,5}(?:to|into|onto) (?:a |an |his |her |their )?(?:personal|external|public|file-sharing|file sharing|private|unknown|own)\b)"_s,
                  uR"(\b\d+(?:\.\d+)? ?(?:gb|tb|mb) (?:of (?:\w+ ){1,2})?(?:uploaded|transferred|sent|copied|egress|outbound|downloaded|synced)|\b(?:large|unusual|bulk|mass) (?:outbound|egress|upload|download|transfer|export)s?\b)"_s,
                  uR"(\b(?:paste ?site|pastebin|dark ?web|leak site|breach forum)\b|\b(?:dump|leak) of (?:our |the )?(?:\w+ ){0,2}(?:customers?|members?|users?|records|database|data)\b)"_s}),
             1.3},
            {u"security_triage"_s, u"a signal for security review"_s,
             anyOf(
                 {uR"(\bphish\w*|\bport ?scan\w*|\bscanning\b|\bvulnerability scan\w*|\bsuspicious\b|\bbrute[- ]?forc\w*|\bpassword spray\w*|\bimpossible travel\b)"_s,
                  uR"(\bfailed (?:login|sign-?in|ssh|rdp|logon) attempts?\b|\b\d+ failed (?:login|sign-?in|ssh|logon|rdp)|\bfail2ban\b|\bno successful (?:login|sign-?in|logon)s?\b)"_s,
                  uR"(\b(?:attempts?|requests|payloads) (?:were |was )?(?:all )?(?:blocked|denied|dropped)\b|\b(?:blocked|denied) (?:\d[\d,]* )?(?:requests|attempts|payloads)\b|\bnone (?:of them )?(?:passed|got through|succeeded|reached)\b)"_s, uR"(\b(?:admin|administrator|owner|privileged) role (?:was )?(?:assigned|granted|added)\b|\b(?:clicked|opened) (?:on )?(?:a |the )?(?:link|attachment)\b|\bend[- ]of[- ]life\b|\bnot (?:yet )?confirmed (?:as )?malicious\b)"_s}),
             0.9},
            {u"ai_quality"_s, u"wrong or stale AI answers"_s,
             anyOf(
                 {uR"(\bhallucinat\w*|\b(?:wrong|incorrect|outdated|stale|made-up|made up|fabricated|ungrounded|inaccurate|misleading|invented|superseded) (?:answers?|citations?|sources|documents?|responses?|information|facts?|dates?|prices?|polic(?:y|ies)|advice|replies|recommendations?|titles?)\b)"_s,
                  uR"(\b(?:answer|response|output) quality\b|\b(?:eval(?:uation)?|judge|grader|golden set|benchmark|faithfulness|groundedness|grounding|accuracy|win rate)(?: \w+){0,2} (?:dropped|fell|falls|regress\w*|declin\w*|drift\w*|collapsed)\b|\bregress(?:es|ed)? on\b)"_s,
                  uR"(\b(?:answers?|repl(?:y|ies|ying)|responds?) (?:everything |only )?in (?:the wrong language|english|another language)\b|\bignores? (?:the )?(?:customer'?s? |user'?s? )?(?:language|instructions?|locale)\b|\bno retrieved context\b|\b(?:discontinued|superseded|outdated|old) (?:products?|prices?|rates?|polic(?:y|ies)|runbooks?|documents?)\b)"_s,
                  uR"(\b(?:summary|summaries|answer|answers|response|reply|transcript|translation)(?: \w+){0,3}? (?:missed|omitted|left out|skipped|dropped|got wrong|mixed up)\b)"_s,
                  uR"(\b(?:cites?|citing|quotes?|quoting|references?)(?: \w+){0,4} (?:that (?:do(?:es)? not|don'?t) exist|with made-up|non-?existent)\b|\bconfidently (?:wrong|from)\b)"_s}),
             1.0, true},
            {u"ai_safety"_s, u"unsafe or unauthorised AI behaviour"_s,
             anyOf(
                 {uR"(\bjailbr\w+|\bguardrails?\b|\bcontent filter\b|\bprompt injection\b|\bhidden instructions?\b|\bcross-tenant\b)"_s, uR"(\b(?:another|other|different|wrong) (?:tenant|customer|user|company|client|clinic|hospital|school|organi[sz]ation|account|firm|shop|store|team|practice|workspace|patient|partner)'?s? (?:[\w-]+ ){0,2}(?:data|documents|records|orders|tickets|conversations?|details|name|address|invoices?|messages|notes|files|history|emails?)\b|\b(?:belonging to|of) (?:a |an )?(?:different|another) (?:tenant|customer|user|company|client)\b)"_s, uR"(\b(?:unsafe|toxic|offensive|abusive|rude|impolite|insulting|inappropriate|disallowed|harmful|hateful|racist|sexist|sarcastic|threatening|off-brand|profane)(?: \w+){0,2}? (?:reply|replies|answers?|output|content|responses?|messages?|remarks?|language|comments?)\b|\b(?:insult\w*|swear\w*|threaten\w*) (?:at )?(?:users?|customers?|people)\b)"_s,
                  uR"(\bunauthori[sz]ed (?:tool|actions?|refunds?|emails?|deletions?|changes?|transactions?)|\bwithout (?:approval|authori[sz]ation|permission|human review)\b|\b(?:should|supposed to) only (?:draft|suggest|read)\b|\breveal\w* (?:its |the )?system prompt\b)"_s}),
             1.2, true},
            {u"ai_cost"_s, u"AI spend or call volume out of bounds"_s,
             anyOf(
                 {uR"(\btokens? (?:spend|usage|cost|consumption|budget|bill|used)\b|\b\d+(?:\.\d+)? ?(?:million|m|k|billion|bn) tokens\b|\b(?:llm|ai|model|openai|anthropic|inference|gpu) (?:spend|budget|bill|cost|usage|credits?|invoice)\b)"_s,
                  uR"(\b(?:spend|cost|bill|usage|credits?)(?: \w+){0,3} (?:doubled|tripled|spiked|exploded|jumped|climbing|rising|burning)\b|\bburn(?:ing|ed)? (?:through )?(?:\w+ ){0,2}(?:credits|budget|tokens)\b|\bre-?embed\w*)"_s,
                  uR"(\b(?:step|iteration|turn|recursion|tool[- ]call)s? (?:limit|cap|guard|budget)\b|\bmax[- ]?(?:iterations?|steps|turns)\b|\b(?:loop(?:ed|ing|s)?|stuck) (?:on|calling|retrying)\b|\b(?:repeated|called|invoked|retried|retries)(?: [\w_.-]+){0,4} \d+ times\b)"_s,
                  uR"(\b\d+(?:\.\d+)? ?x (?:the )?(?:normal|usual|baseline|forecast|budget|expected|average)\b|\bwithout (?:exponential )?backoff\b|\bretry storm\b|\brate[_ ]limit(?:_error|ed|ing)?\b|\bquota (?:exceeded|exhausted)\b|\bover budget\b|\bbudget(?: \d+ ?%)? (?:consumed|used|exceeded|forecast))"_s}),
             1.0, true},
        };
    return cues;
}

// --- MIM review -----------------------------------------------------------------------

struct Rule
{
    QString name;
    Pattern pattern;
    double weight;
    bool aiOnly = false; ///< holds only for incidents of AI systems (ai_* categories)
};

/// Signals for MIM review: the five rules of the taxonomy
/// (../shared/eval/README.md), each a family of general patterns over who
/// is affected, how many and what they cannot do.
const QList<Rule> &reviewRules()
{
    static const QList<Rule>
        rules {
            // Rule 1: the stated severity.
            {u"rule 1: severity stated as critical/high/SEV1/SEV2"_s,
             rx(uR"(\b(?:sev ?[12]|severity[:= ]+(?:critical|high|1|2)|critical severity|priority[:= ]+(?:critical|high|p?[12])|p[12] incident)\b)"_s),
             2.5},
            // Rule 2: customer-facing impact on many users.
            {u"rule 2: many people affected"_s,
             anyOf(
                 {uR"(\b(?:all|every|each|most|many|the majority of|lots of|a lot of|numerous|countless) (?:of )?(?:our |the |its |their )?(?:[\w-]+ ){0,2})"_s
                      + kPeople + uR"(\b)"_s,
                  u"\\b"_s + kHundreds + uR"( (?:[\w-]+ ){0,2})"_s + kPeople + uR"(\b)"_s,
                  uR"(\b(?:[1-9]\d{1,}|several|many|all|hundreds of) (?:of (?:our|the) )?(?:\w+ )?)"_s + kSites
                      + uR"(\b)"_s,
                  uR"(\b(?:the )?(?:entire|whole) (?:company|organi[sz]ation|workforce|business|firm|group|staff|customer base|user base|country|region)\b|\b(?:company|organi[sz]ation|business)[- ]wide\b)"_s,
                  uR"(\b(?:nobody|no ?one|no-one|not a single (?:\w+ )?)"_s + kPeople
                      + uR"(|none of (?:the |our )?(?:\w+ )?)"_s + kPeoplePlural + uR"(|not one (?:\w+ )?)"_s + kPeople
                      + uR"(|no )"_s + kPeople + uR"()(?: [\w-]+){0,6}? )"_s + kCan + uR"( (?:[\w-]+ ){0,2})"_s
                      + kJourney + uR"(\b)"_s,
                  uR"(\b(?:nobody|no ?one|no-one)\b(?: [\w-]+){0,4}? (?:can|could|is able to)\b)"_s,
                  uR"(\bnot (?:a single|one) successful (?:\w+ )?(?:login|sign-?in|payment|order|checkout|transaction|booking|call|request)s?\b)"_s}),
             1.8},
            {u"rule 2: a customer journey is failing"_s,
             anyOf(
                 {uR"(\b(?:our |the |many |some |most |several )?)"_s + kCustomersPlural
                      + uR"((?: (?!but\b|while\b|whereas\b)[\w'’-]+){0,6}? )"_s + kCannot + uR"( (?:[\w-]+ ){0,2})"_s
                      + kJourney + uR"(\b)"_s,
                  uR"(\b(?:orders|payments|sales|bookings|sign-?ups|registrations|checkouts|transactions|deliveries) (?:have |has )?(?:all )?(?:stopped|ceased|dried up|dropped to (?:zero|0))\b)"_s,
                  uR"(\b(?:orders?|payments?|checkouts?|logins?|sign-?ins?|transactions?|bookings?|purchases|transfers|deliveries|confirmations|submissions|registrations|calls to (?:the )?\w+) (?:are |were |keep |have been |is |has been )?(?:all )?(?:failing|fail|failed|rejected|declined|broken|lost|stuck|timing out|not going through|not (?:being )?(?:delivered|processed|sent|received|confirmed|saved|shipping))\b)"_s,
                  uR"(\b(?:failed|rejected|declined|lost|stuck) (?:orders|payments|checkouts|transactions|logins|bookings|transfers)\b)"_s,
                  u"\\b"_s + kCustomersPlural
                      + uR"( (?:get|see|receive|are shown|are seeing|hit|face|are getting|keep getting)(?: \w+){0,2} (?:an? )?(?:error|errors|5\d\d|5xx|blank page|white screen|timeouts?|warning page|error page|'[^']{0,60}')\b)"_s,
                  u"\\b"_s + kCustomersPlural
                      + uR"( (?:are |get |keep (?:getting |being )?)?(?:being )?(?:logged out|signed out|kicked out|thrown (?:out|back)|sent back to the (?:login|sign-?in) (?:screen|page))\b|\blose (?:their |the )?(?:sessions?|carts?|baskets?|work|data|progress)\b)"_s,
                  uR"(\b(?:evict\w*|los(?:e|es|ing|t)|drop(?:s|ped|ping)?|wip(?:e|es|ed|ing)|kill(?:s|ed|ing)?|invalidat\w*) (?:all |the |\w+ )?(?:active |live |user |customer |logged-in )?(?:sessions|carts|baskets)\b)"_s,
                  uR"(\b(?:orders?|order rate|payments|checkouts|sales|bookings|conversions?|revenue|sign-?ups|basket (?:rate|conversion)) (?:are |is |has |have )?(?:down|dropped|fallen|fell|declined) (?:by )?(?:about |around |roughly )?\d+ ?%)"_s,
                  uR"(\b(?:orders|payments|messages|emails|notifications|confirmations|deliveries|shipments|parcels|codes|texts) (?:are |have |were )?(?:not|aren'?t|haven'?t|weren'?t) (?:been )?(?:reaching|reached|being|shipping|shipped|processed|delivered|sent|arriving)\b)"_s,
                  uR"(\b(?:login|sign-?in|checkout|payment|order) (?:success|conversion)(?: rate)? (?:is |has )?(?:down|dropped|fell|fallen|near zero|at 0)\b)"_s}),
             1.8},
            {u"rule 2: people complaining in numbers"_s,
             anyOf(
                 {u"\\b"_s + kCustomersPlural
                      + uR"( (?:are |keep |have been |started )?(?:complaining|calling in|phoning in|calling|phoning|writing in|writing|raising tickets|leaving|abandoning)\b)"_s,
                  uR"(\b(?:\d{2,}|dozens of|hundreds of|many|lots of) (?:support )?(?:tickets|complaints|calls|reports|one-star reviews|1-star reviews)\b|\b(?:tickets|complaints|calls) (?:are )?(?:piling up|flooding in|spiking)\b|\b(?:1|one)-star reviews\b|\bapp store reviews\b)"_s}),
             1.2},
            {u"rule 2: customer-facing outage"_s,
             anyOf(
                 {uR"(\b(?:full|total|complete|major|site-?wide|global|customer-facing|hard) (?:outage|downtime)\b)"_s,
                  uR"(\b(?:site|website|web ?shop|webshop|shop|storefront|portal|app|apps|application|checkout|platform|homepage|home page|booking|api) (?:[\w-]+ ){0,2}(?:is|are|went|was|were) (?:completely |totally |fully |hard |entirely )?(?:down|unavailable|unreachable|offline|not (?:loading|responding|reachable|working|opening))\b)"_s, uR"(\b(?:for|to|from) (?:all|every|100 ?% of(?: the)?) (?:requests|calls|users|customers|visitors|clients|probes|checks|traffic|regions|locations|sessions)\b|\b100 ?% (?:of )?(?:requests|users|customers|traffic|probes|calls|logins|sessions|checkouts|orders)\b)"_s,
                  uR"(\b(?:for|to) (?:every ?one|every ?body|all (?:of )?(?:our |the )?(?:users|customers|visitors|clients))\b)"_s,
                  uR"(\b(\d+) ?(?:/|of) ?\1 (?:probe )?(?:locations|regions|probes|zones|data ?cent(?:er|re)s)\b|\bfrom (?:all|every) (?:probe )?(?:locations|regions|zones)\b)"_s}),
             1.6},
            {u"rule 2: a large share failing"_s,
             anyOf(
                 {uR"(\b(?:[2-9]\d|100)(?:\.\d+)? ?% (?:of )?(?:requests|errors|error rate|5xx|failures?|calls|checkouts|payments|orders|transactions|logins|traffic)\b)"_s,
                  uR"(\b(?:[1-9]\d|100)(?:\.\d+)? ?% of (?:\w+ ){0,2})"_s + kPeople
                      + uR"(\b|\b(?:[1-9]\d|100)(?:\.\d+)? ?% of (?:\w+ ){0,2}(?:logins|payments|orders|checkouts|calls|sessions|chats|conversations|visitors|card payments|transactions)\b)"_s,
                  uR"(\b(?:5xx|error|failure) (?:ratio|rate) (?:of |at |is |above )?(?:[2-9]\d|100)(?:\.\d+)? ?%)"_s,
                  uR"(\b(?:a|one|about a|roughly a) third of|\b(?:two thirds|half|the majority|most) of (?:the |our |all )?(?:requests|orders|payments|calls|logins|users|customers|traffic|transactions|checkouts|sessions|visitors|shoppers|merchants|chats)\b)"_s}),
             1.2},
            {u"rule 2: data lost"_s,
             anyOf(
                 {uR"(\b(?:data loss|lost (?:data|updates|orders|writes|records|changes|transactions|messages|payments))\b)"_s,
                  uR"(\b(?:data|changes|updates|orders|writes|records|transactions|messages|events|invoices|files|documents|rows|backups) (?:were |are |have been |got |is |has been )?(?:lost|dropped|deleted|overwritten|unreadable|unrecoverable|gone|wiped)\b)"_s,
                  uR"(\bcorrupt(?:ed|ion) (?:of |in )?(?:customer|order|payment|invoice|account)\b)"_s}),
             1.8},
            // Rule 4: personal or regulated data exposed.
            {u"rule 4: personal or regulated data exposed"_s,
             anyOf(
                 {uR"(\b(?:pii|personal data|gdpr|hipaa|phi|card (?:numbers|data)|pans?|cardholder|ssns?|social security|passports?|national ids?|customer (?:records|data|emails|addresses|profiles|lists?|contracts)|patient|salar(?:y|ies)|payroll|hr (?:files|data)|employee records|medical|dates? of birth|phone numbers|home address(?:es)?|bank details|iban)\b[^.]{0,80}\b(?:exposed|leak\w*|public\w*|visible|accessible|downloaded|exfiltrat\w*|sent to|shared|readable|dumped|uploaded|stolen|emailed|found on|posted|revealed|shown)\b)"_s, uR"(\b(?:exposed|leak\w*|publicly|visible|accessible|downloaded|exfiltrat\w*|dumped|uploaded|stolen|emailed|posted|revealed|showed|shown)\b[^.]{0,80}\b(?:pii|personal data|card (?:numbers|data)|pans?|cardholder|ssns?|passports?|customer (?:records|data|emails|addresses|profiles|lists?|contracts)|patient|salar(?:y|ies)|payroll|hr (?:files|data)|employee records|medical|(?:names?|emails?|phone numbers|addresses)(?: and \w+)?)\b)"_s}),
             1.6},
            // Rule 5: several services, or AI acting at scale without authorisation.
            {u"rule 5: several services affected at once"_s,
             rx(u"\\b"_s + kSeveral
                + uR"( (?:of (?:our|the) )?(?:\w+ )?(?:services|systems|applications|apps|products|regions|websites|sites|business units|brands|platforms|markets|countries)\b)"_s),
             1.2},
            {u"rule 5: AI spend running away"_s,
             anyOf(
                 {uR"(\$ ?(?:\d{1,3}(?:,\d{3})+|\d{4,}|\d+(?:\.\d+)?k)\b[^.]{0,40}\b(?:so far|and rising|and climbing|still (?:climbing|rising|growing)|(?:an|per|each|every|last|past|in the last|in one|within an?) (?:hour|day|\d+ hours)|today|overnight|since \w+)\b)"_s,
                  uR"(\b(?:burn\w*|spent|spending|used|consumed)(?: \w+){0,3}? (?:\$ ?[\d,.]+k? of (?:the |our |a )?\$ ?[\d,.]+k?|most of|half of|\d{2,3} ?% of) (?:the |our |its )?(?:\w+ ){0,2}budget\b)"_s,
                  uR"(\b(?:runaway|out of control|unattended)\b[^.]{0,60}\b(?:spend|cost|tokens?|key|job|agent)|\b\d+(?:\.\d+)? ?x (?:the )?(?:normal|baseline|usual|forecast|expected)\b)"_s,
                  uR"(\b(?:spend|cost|bill|usage) (?:is |keeps |has )?(?:still )?(?:climbing|rising|doubl\w+|tripl\w+)|\b(?:climbing|rising) by (?:about )?\$)"_s}),
             1.6, true},
            {u"rule 5: AI acting at scale"_s,
             rx(u"\\b(?:\\d{2,}|\\d{1,3}(?:,\\d{3})+|dozens of|hundreds of|thousands of) (?:unauthori[sz]ed |automatic |unapproved |promotional |customer )?(?:tool calls|actions|emails|refunds|tickets|deletions|messages|cancellations|conversations|chats|sessions|answers|replies)\\b"_s),
             1.6, true},
        };
    return rules;
}

/// Signals against MIM review: what the taxonomy names as not needing it.
/// They count as written (their own negations are part of them), except
/// that one negated right before ("not a single customer") does not count.
const QList<Rule> &againstRules()
{
    static const QList<Rule> rules {
        {u"not required: no customer impact stated"_s,
         anyOf(
             {uR"(\bno (?:\w+ )?(?:customer|user|client|production|business)[- ]?(?:facing )?impact\b)"_s,
              uR"(\b(?:customers?|users?|production|prod|customer journeys|checkout|logins?|the shop|the site) (?:is |are |was |were |remain |remains |stays? )?(?:still )?(?:unaffected|not (?:affected|impacted)|work(?:s|ing)?(?: normally| as usual| fine)?)\b)"_s,
              uR"(\bnothing (?:was )?(?:shown|visible|exposed|sent) to (?:customers|users)\b|\b(?:staff|internal|employees?|ops|operators?)[- ]only\b|\binternal(?:[- ]only| (?:users|use|tools?|tooling|systems?|services?|apps?|applications?)(?: \w+)? only)\b|\bonly (?:\w+ ){0,2}(?:staff|developers|the ops team|ops|monitoring|internal users)\b)"_s,
              uR"(\bnot (?:customer|internet|public)[- ]facing\b|\bno (?:real |actual )?(?:customers?|users?) (?:are |were |is |was )?(?:affected|impacted|involved)\b|\bno (?:real )?(?:customers?|users?) (?:have|has) (?:it|access)\b|\bno customer[- ]facing (?:workload|service|system)s?\b|\bnothing customer[- ]facing\b|\bno production (?:data|exposure|impact|access)\b)"_s}),
         -2.0},
        {u"not required: a single user, host or report"_s,
         anyOf(
             {uR"(\b(?:a|one|single|a single|an individual|only one) (?:[\w-]+ )?(?:user|host|laptop|workstation|node|employee|report|customer|session|answer|reply|server|account|device|pc|kiosk|vm|transcript|chat|conversation|person|mailbox|case|complaint|occurrence|developer|contractor)(?![-\w]))"_s,
              uR"(\bone of (?:the |our |\d+ )?(?:\w+ ){0,2}(?:nodes|hosts|servers|replicas|instances|workers|laptops|devices)\b|\b(?:isolated|individual) (?:case|report|complaint|incident)\b)"_s,
              uR"(\b(?:the )?only (?:case|report|instance|occurrence|complaint)\b|\bsingle occurrence\b|\bno other (?:sessions|users|hosts|customers|devices|reports)\b)"_s}),
         -1.0},
        {u"not required: an informational security signal"_s,
         anyOf(
             {uR"(\b(?:port scan|scan(?:ning)? from|failed login attempt|one failed|phishing report|reported a phishing|informational|quarantined|fail2ban)\b)"_s,
              uR"(\bblocked by (?:the )?(?:waf|ips|firewall|edr|gateway|guardrails?|filter)\b|\b(?:attempts?|requests|payloads) (?:were |was )?(?:all )?(?:blocked|denied|dropped|rejected)\b|\b(?:guardrails?|waf|edr|defender|antivirus|filter) (?:blocked|stopped|prevented|quarantined|isolated)\b)"_s,
              uR"(\bnone (?:of them )?(?:passed|got through|succeeded|reached)\b|\bno successful (?:login|sign-?in|logon|attempt)s?\b|\bno (?:sign|evidence|indication) of (?:compromise|exploitation|misuse|spread)\b|\bno known exploitation\b|\bnothing (?:was )?revealed\b|\bdid not (?:open|click)\b)"_s}),
         -1.2},
        {u"not required: recovered by itself"_s, anyOf({uR"(\b(?:recovered|self-?healed|back to normal|returned to normal|resolved (?:itself|by itself|on its own)|auto-?recovered|cleared (?:on its own|by itself)|came back (?:to normal|by itself|on its own)|went back to normal)\b)"_s, uR"(\b(?:normal|stable|healthy|fine) again\b|\b(?:loads?|works?|working|running|answers?) (?:normally|fine|as usual) again\b|\bwithout (?:any )?intervention\b|\bno (?:further )?(?:alerts|errors|impact|activity) since\b)"_s}),
         -1.4},
        {u"not required: within plan or working as designed"_s,
         rx(uR"(\b(?:in line with (?:the )?(?:forecast|plan|expectations?)|as (?:designed|planned|forecast|expected)|within (?:the )?(?:budget|plan|forecast|slo)|no anomaly|expected (?:behaviou?r|growth)|planned (?:growth|maintenance))\b)"_s),
         -0.8},
        {u"not required: mitigated by a fallback, redundancy or workaround"_s,
         anyOf(
             {uR"(\bfalls? back (?:to|on)\b|\bfallback (?:works|worked|kicked in|is working|mode)\b|\b(?:in|into) (?:fallback|degraded) mode\b|\bworkaround\b|\bin the meantime\b)"_s,
              uR"(\b(?:can|could) still (?:\w+ ){0,2}(?:sign in|log in|work|pay|order|browse|write|use|call|reach)\b|\b(?:still|keeps?) (?:serv(?:es|ing)|works?|working) (?:the )?(?:traffic)?\b|\b(?:other|remaining|second|redundant) (?:\w+ )?(?:nodes?|instances?|replicas?|links?|tunnels?|paths?|uplinks?|regions?) (?:picked up|carr(?:y|ies|ied)|took over|serv(?:e|es|ing))\b)"_s,
              uR"(\btraffic (?:moved|failed over|rerouted|shifted) to\b|\bretr(?:y|ies) (?:and )?(?:works?|succeed\w*)\b|\bno orders (?:were )?lost\b)"_s}),
         -0.8},
        {u"not required: a test or non-production environment"_s,
         rx(uR"(\b(?:staging|stage environment|dev(?:elopment)? (?:environment|cluster|namespace|vm|tenant|account)|in (?:our |the )?dev\b|test (?:environment|vlan|instance|cluster|tenant|accounts?|network|server|system)|sandbox|uat|qa|pre-?prod(?:uction)?|lab network|red[- ]team|pen-?test\w*|scheduled assessment|shadow (?:mode|only)|candidate (?:model|version|prompt)|offline evaluation|nightly (?:run|eval\w*)|load test)\b)"_s),
         -0.8},
    };
    return rules;
}

/// Matches of `pattern` in `text`. The text the rules read is made valid
/// UTF-16 once (validText), so the per-call check is skipped: it costs more
/// than most of the patterns themselves.
constexpr auto kChecked = QRegularExpression::DontCheckSubjectStringMatchOption;

using Pairs = LiteralPrefilter::Pairs;

/// The first match of `pattern` in `text` (`pairs`: those of `text`, if known).
QRegularExpressionMatch matchIn(const Pattern &pattern, const QString &text, const Pairs *pairs = nullptr)
{
    if (!pattern.need.mayMatch(text, pairs))
        return {};
    return pattern.re.match(text, 0, QRegularExpression::NormalMatch, kChecked);
}

QRegularExpressionMatchIterator allIn(const Pattern &pattern, const QString &text, const Pairs *pairs = nullptr)
{
    if (!pattern.need.mayMatch(text, pairs))
        return {};
    return pattern.re.globalMatch(text, 0, QRegularExpression::NormalMatch, kChecked);
}

/// `text` with lone surrogates (invalid UTF-16, possible from JSON
/// escapes) replaced, so that it may be matched unchecked.
QString validText(QString text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            text[i] = QChar::ReplacementCharacter;
    }
    return text;
}

/// Negation just before a match in the same clause ("no lateral movement",
/// "not in production", "nothing shown to customers", "isolated from prod").
const Pattern &negationBefore()
{
    static const Pattern p = rx(
        uR"(\b(?:no|not|never|nothing|none|zero|without|nor|neither|isn'?t|aren'?t|wasn'?t|weren'?t|hasn'?t|haven'?t|didn'?t|doesn'?t|don'?t|cannot reach|no access to|no path to|isolated from|separate from|outside|unlike|rather than|instead of|ruled out|no sign of|no evidence of|no indication of)\b[^.;:]{0,40}$)"_s);
    return p;
}

/// The first match of `pattern` in `text` that is not negated just before
/// it in the same clause.
QRegularExpressionMatch affirmedMatch(const Pattern &pattern, const QString &text, const Pairs *pairs = nullptr)
{
    for (auto it = allIn(pattern, text, pairs); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString before
            = text.mid(std::max<qsizetype>(0, m.capturedStart() - 60), std::min<qsizetype>(60, m.capturedStart()));
        if (!matchIn(negationBefore(), before).hasMatch())
            return m;
    }
    return {};
}

/// A denial right before a match ("not", "no", "not even").
const Pattern &deniedJustBefore()
{
    static const Pattern p = rx(uR"(\b(?:not|no|never|nor|not even)\s+$)"_s);
    return p;
}

/// The first match not negated by the word right before it ("not a single
/// customer", "not one user", "no single host").
QRegularExpressionMatch undeniedMatch(const Pattern &pattern, const QString &text, const Pairs *pairs = nullptr)
{
    const Pattern &denied = deniedJustBefore();
    for (auto it = allIn(pattern, text, pairs); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString before
            = text.mid(std::max<qsizetype>(0, m.capturedStart() - 12), std::min<qsizetype>(12, m.capturedStart()));
        if (!matchIn(denied, before).hasMatch())
            return m;
    }
    return {};
}

/// An amount against its normal ("$4,800 ... against a normal $600").
const Pattern &spendAgainstNormal()
{
    static const Pattern p = rx(
        uR"(\$ ?([\d,.]+) ?(k)?\b[^.]{0,80}?\b(?:vs\.?|versus|against|compared (?:to|with)|instead of|while|where|normal(?:ly)?|usual(?:ly)?|typical(?:ly)?)\b[^.$]{0,30}\$ ?([\d,.]+) ?(k)?)"_s);
    return p;
}

/// Spend compared with its normal ("$4,800 ... against a normal $600"): the
/// ratio when the text gives both, else 0.
double spendRatio(const QString &text)
{
    const Pattern &p = spendAgainstNormal();
    const QRegularExpressionMatch m = matchIn(p, text);
    if (!m.hasMatch())
        return 0.0;
    auto amount = [](QString digits, bool thousands) {
        digits.remove(u',');
        return digits.toDouble() * (thousands ? 1000.0 : 1.0);
    };
    const double spent = amount(m.captured(1), !m.captured(2).isEmpty());
    const double normal = amount(m.captured(3), !m.captured(4).isEmpty());
    return normal > 0 ? spent / normal : 0.0;
}

/// A compromise touching production systems or spreading.
const Pattern &productionOrSpread()
{
    static const Pattern p = anyOf(
        {uR"(\b(?<!pre-)(?<!non-)(?:production|prod|live|customer[- ]facing|internet[- ]facing|public[- ]facing|customer (?:data|accounts?|records)|payments?|domain controllers?|dc-?\d+|active directory|jump hosts?|bastion|file servers?|shares|core banking|erp)\b)"_s,
         uR"(\b(?:spread\w*|propagat\w*|lateral(?:ly)? mov\w*|self-propagat\w*|copies itself|account takeover)\b)"_s,
         uR"(\b(?:moving|jumping|spreading|copying itself|replicating) (?:\w+ ){0,2}(?:to|across|over|onto)\b)"_s,
         uR"(\b(?:also |now )?(?:seen|found|detected|observed|present|running) on (?:\d+|several|multiple|many|other|more) (?:other )?)"_s
             + kHosts,
         uR"(\bsame (?:hash|binary|file|process|malware|implant|command|indicator)s?\b)"_s,
         u"\\b"_s + kSeveral + uR"( (?:other )?(?:production |prod |customer |windows |linux )?)"_s + kHosts + u"\\b"_s,
         uR"(\b\d+ (?:so far|and counting|more)\b)"_s});
    return p;
}

/// An AI safety failure that reached someone: another tenant's data,
/// customers, production.
const Pattern &realExposure()
{
    static const Pattern p = anyOf(
        {uR"(\b(?:another|other|different) (?:customer|tenant|user|company|client)s?'?s?\b)"_s,
         uR"(\b(?:leak\w*|exposed|expos\w+|disclos\w+|pii|personal data|to customers|directly to customers|public(?:ly)?)\b)"_s,
         uR"(\b(?:in|on|into) (?:the )?(?:production|prod)\b|\b(?:live|production) (?:users|customers|traffic|sessions|chats?|site|assistant|chatbot)\b|\blive on\b|(?:^|[.;]\s+)production\.)"_s,
         uR"(\b(?:\d{2,}|\d{1,3}(?:,\d{3})+|hundreds of|thousands of) (?:\w+ )?(?:sessions|conversations|chats|users|customers|emails|tickets)\b)"_s});
    return p;
}

/// An attack the text says was blocked, with nothing getting through.
const Pattern &attackBlocked()
{
    static const Pattern p = anyOf(
        {uR"(\b(?:attempts?|requests|payloads|probes) (?:were |was |are )?(?:all )?(?:blocked|denied|dropped|rejected)\b)"_s,
         uR"(\b(?:blocked|denied|dropped) (?:\d[\d,]* )?(?:malicious )?(?:requests|attempts|payloads)\b|\b(?:logged and )?blocked (?:by|at) (?:the )?(?:waf|ips|ids)\b|\b(?:waf|ips) (?:logged and )?blocked\b)"_s,
         uR"(\bnone (?:of them )?(?:passed|got through|succeeded|reached)\b|\bno requests? (?:reached|got through|passed)\b)"_s});
    return p;
}

/// A negated quantifier ("not a single", "not one").
const Pattern &negatedQuantifier()
{
    static const Pattern p = rx(uR"(\b(?:not a single|not one|no single|not even one)\b)"_s);
    return p;
}

bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
}

/// `w` without a "/prefix" (or, with `port`, a ":port") at its end.
QStringView withoutPortOrPrefix(QStringView w, bool port = true)
{
    const qsizetype at = std::max(port ? w.lastIndexOf(u':') : -1, w.lastIndexOf(u'/'));
    if (at <= 0 || at == w.size() - 1)
        return w;
    for (const QChar c : w.mid(at + 1)) {
        if (!c.isDigit())
            return w;
    }
    return w.left(at);
}

bool isIpv4(QStringView w)
{
    w = withoutPortOrPrefix(w);
    int parts = 0;
    int digits = 0;
    for (const QChar c : w) {
        if (c.isDigit() && c.unicode() < 128) {
            if (++digits > 3)
                return false;
        } else if (c == u'.' && digits > 0) {
            ++parts;
            digits = 0;
        } else {
            return false;
        }
    }
    return parts == 3 && digits > 0;
}

/// Hex groups and colons, at least two of them ("2001:db8::7", "fe80::1%eth0").
bool isIpv6(QStringView w)
{
    if (const qsizetype zone = w.indexOf(u'%'); zone > 0)
        w = w.left(zone);
    w = withoutPortOrPrefix(w, false); // a port comes after [brackets]
    qsizetype colons = 0;
    bool hex = false;
    for (const QChar c : w) {
        if (c == u':')
            ++colons;
        else if (isHexDigit(c))
            hex = true;
        else if (c != u'.') // an IPv4 tail ("::ffff:192.0.2.1")
            return false;
    }
    return colons >= 2 && hex;
}

/// A digest as hex (MD5 and longer).
bool isHash(QStringView w)
{
    return w.size() >= 32 && std::all_of(w.begin(), w.end(), isHexDigit);
}

/// A host or domain name: dotted labels ending in a top-level domain that
/// is seldom anything else in a sentence ("node.js" and "nginx.conf" are
/// not names; "app-32.prod.example.net" and "bbc.co.uk" are).
bool isDomainName(QStringView w)
{
    static const QSet<QString> tlds {
        u"com"_s,      u"net"_s,  u"org"_s,  u"edu"_s,      u"gov"_s,  u"mil"_s,     u"int"_s,       u"info"_s,
        u"biz"_s,      u"io"_s,   u"co"_s,   u"example"_s,  u"test"_s, u"invalid"_s, u"localhost"_s, u"local"_s,
        u"internal"_s, u"corp"_s, u"lan"_s,  u"intranet"_s, u"arpa"_s, u"cloud"_s,   u"xyz"_s,       u"top"_s,
        u"online"_s,   u"site"_s, u"shop"_s, u"club"_s,     u"icu"_s};
    if (!w.contains(u'.'))
        return false; // most words: no list to split
    w = withoutPortOrPrefix(w);
    const QList<QStringView> labels = w.split(u'.');
    if (labels.size() < 2)
        return false;
    for (const QStringView label : labels) {
        if (label.isEmpty())
            return false;
        for (const QChar c : label) {
            if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_'))
                return false;
        }
    }
    const QStringView tld = labels.last();
    if (!std::all_of(tld.begin(), tld.end(), [](QChar c) { return c >= u'a' && c <= u'z'; }))
        return false;
    // Two letters: a country, unless a file's extension ("node.js", "setup.py").
    static const QSet<QString> extensions {u"js"_s, u"ts"_s, u"sh"_s, u"py"_s, u"go"_s, u"rs"_s, u"md"_s,
                                           u"rb"_s, u"pl"_s, u"cs"_s, u"db"_s, u"gz"_s, u"xz"_s, u"so"_s,
                                           u"vb"_s, u"ps"_s, u"mk"_s, u"el"_s, u"hs"_s, u"kt"_s, u"pm"_s};
    const QString last = tld.toString();
    return tlds.contains(last) || (tld.size() == 2 && (labels.size() >= 3 || !extensions.contains(last)));
}

bool isEmailAddress(QStringView w)
{
    const qsizetype at = w.indexOf(u'@');
    return at > 0 && isDomainName(w.mid(at + 1));
}

/// A chunk of text that names one thing rather than says something: an
/// address, a host, domain or e-mail name, a digest. The same words in two
/// incidents' host names ("example", "corp", "203", "113") say nothing about
/// what happened, and would match the articles that happen to quote them.
bool isIdentifier(QStringView w)
{
    if (isIpv4(w) || isIpv6(w) || isHash(w) || isEmailAddress(w) || isDomainName(w))
        return true;
    // A UUID (8-4-4-4-12 hex digits).
    if (w.size() == 36 && w.at(8) == u'-' && w.at(13) == u'-' && w.at(18) == u'-' && w.at(23) == u'-') {
        bool hex = true;
        for (qsizetype k = 0; k < w.size() && hex; ++k)
            hex = k == 8 || k == 13 || k == 18 || k == 23 || isHexDigit(w.at(k));
        if (hex)
            return true;
    }
    // A digest with its algorithm ("sha256:9f86...", "nginx@sha256:9f86...").
    const qsizetype colon = w.lastIndexOf(u':');
    return colon > 0 && isHash(w.mid(colon + 1));
}

/// The labels of the lists IngestEvent's cyber mapping appends to the
/// description ("Hosts: ...", "Users: ...", "Indicators: ipv4: ...; ...").
bool isListLabel(QStringView line)
{
    for (const QLatin1StringView label : {"hosts:"_L1, "users:"_L1, "indicators:"_L1}) {
        if (line.startsWith(label))
            return true;
    }
    return false;
}

} // namespace

QString OfflineAnalyst::retrievalText(const QString &text, const KnowledgeBase *catalogue)
{
    const Pattern &scope = negatedQuantifier();
    QString lower = text.toLower();
    if (scope.need.mayMatch(lower))
        lower.replace(scope.re, u" "_s);
    // Defanged indicators ("evil[.]example[.]com", "hxxps://") are names too.
    if (lower.contains(u"[.]"_s))
        lower.replace(u"[.]"_s, u"."_s);
    if (lower.contains(u"hxxp"_s))
        lower.replace(u"hxxp"_s, u"http"_s);
    auto separator = [](QChar c) {
        return c.isSpace() || c == u',' || c == u';' || c == u'(' || c == u')' || c == u'[' || c == u']' || c == u'<'
            || c == u'>' || c == u'"' || c == u'|' || c == u'=';
    };
    QString out;
    out.reserve(lower.size());
    QString listed;
    for (QStringView line : QStringView(lower).split(u'\n')) {
        const QStringView trimmed = line.trimmed();
        if (isListLabel(trimmed)) {
            // Every item of such a list that is one word, or "type: value",
            // is a name (a host, "corp\\jdoe", "ipv4: 198.51.100.7"); what
            // else a person wrote there stays.
            const qsizetype colon = trimmed.indexOf(u':');
            listed = trimmed.mid(colon + 1).toString();
            listed.replace(u';', u',');
            QString items;
            for (const QStringView item : QStringView(listed).split(u',')) {
                const QStringView t = item.trimmed();
                const qsizetype c = t.indexOf(u':');
                const bool typed = c > 0 && !t.left(c).contains(u' ') && !t.mid(c + 1).trimmed().contains(u' ');
                if (!t.isEmpty() && t.contains(u' ') && !typed)
                    items += t + u", "_s;
            }
            if (items.isEmpty())
                continue; // a list of names only: nothing for retrieval
            listed = trimmed.left(colon + 1) + u' ' + items;
            line = listed;
        }
        qsizetype i = 0;
        while (i < line.size()) {
            qsizetype end = i;
            while (end < line.size() && !separator(line.at(end)))
                ++end;
            if (end == i) {
                out += line.at(i++);
                continue;
            }
            QStringView chunk = line.mid(i, end - i);
            // Sentence punctuation around a name is not part of it.
            qsizetype from = 0;
            qsizetype to = chunk.size();
            while (from < to && (chunk.at(from) == u'\'' || chunk.at(from) == u'`'))
                ++from;
            while (to > from && QStringView(u".:!?'`").contains(chunk.at(to - 1)))
                --to;
            QStringView core = chunk.mid(from, to - from);
            // The path may say what (/api/v1/payments, \\fs-01\\finance); the host is a name.
            qsizetype host = -1;
            if (core.startsWith(u"http://"_s) || core.startsWith(u"https://"_s))
                host = core.indexOf(u"//"_s) + 2;
            else if (core.startsWith(u"\\\\"_s))
                host = 2;
            if (host >= 0) {
                qsizetype path = host;
                while (path < core.size() && core.at(path) != u'/' && core.at(path) != u'\\')
                    ++path;
                out += chunk.left(from);
                out += u' ';
                out += core.mid(path);
                out += chunk.mid(to);
            } else if (!core.isEmpty() && isIdentifier(core)) {
                out += u' ';
                // What of a name is a service people know ("api.stripe.com").
                if (catalogue && !core.contains(u'@') && isDomainName(core)) {
                    const QStringView name = withoutPortOrPrefix(core);
                    if (catalogue->service(name.toString())) {
                        out += name;
                        out += u' ';
                    } else {
                        for (const QStringView label : name.split(u'.')) {
                            if (catalogue->service(label.toString())) {
                                out += label;
                                out += u' ';
                            }
                        }
                    }
                }
            } else {
                out += chunk;
            }
            i = end;
        }
        out += u'\n';
    }
    return out;
}

namespace {

/// The lower-case words of `text` that could name a service (letters,
/// digits, dashes and dots).
QStringList serviceWords(const QString &text)
{
    QStringList out;
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const qsizetype start = i;
        while (i < n && (text[i].isLetterOrNumber() || text[i] == u'-' || text[i] == u'.'))
            ++i;
        qsizetype end = i;
        while (end > start && (text[end - 1] == u'.' || text[end - 1] == u'-'))
            --end;
        if (end - start >= 3)
            out.append(QStringView(text).mid(start, end - start).toString().toLower());
        if (i == start)
            ++i; // not a word character
    }
    return out;
}

// --- plans ------------------------------------------------------------------------------

/// What a plan's placeholders are filled with: the incident's service (or
/// the one catalog service its text names), its labels, the step's
/// environment. Never a made-up value: what the incident does not say stays
/// empty, and a step with an empty required variable cannot be approved
/// until a person sets it.
struct PlanContext
{
    QString service;
    QJsonObject labels;
};

/// Whether a DIP has a step of high risk (a containment or a change).
bool hasHighRiskStep(const KnowledgeDoc &dip)
{
    for (const QJsonValue &step : dip.item.value(u"steps"_s).toArray()) {
        if (step[u"risk"_s].toString() == "high"_L1)
            return true;
    }
    return false;
}

/// A plain host name (lower case; letters, digits, dots, dashes) or
/// account name (those, upper case and `_@`), else an empty string: what is
/// put into a playbook's variable from an incident's labels, never more.
QString plainName(const QString &value, bool host)
{
    static const QRegularExpression plainHost(u"^[a-z0-9][a-z0-9.-]{0,252}$"_s);
    static const QRegularExpression plainAccount(u"^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$"_s);
    const QString v = host ? value.trimmed().toLower() : value.trimmed();
    return (host ? plainHost : plainAccount).match(v).hasMatch() ? v : QString();
}

/// The names a cyber event lists for a placeholder: its `hosts` for
/// `host`, its `users` for `account` (labels of comma-separated names, as
/// the cyber mapping writes them); none for any other placeholder. Only
/// plain names (plainName()): a list with anything else is left for a person.
QStringList listedNames(const PlanContext &ctx, const QString &name)
{
    const bool host = name == "host"_L1;
    if (!host && name != "account"_L1)
        return {};
    QStringList out;
    for (const QString &part : ctx.labels.value(host ? u"hosts"_s : u"users"_s).toString().split(u',')) {
        if (part.trimmed().isEmpty())
            continue;
        const QString value = plainName(part, host);
        if (value.isEmpty())
            return {};
        if (!out.contains(value))
            out.append(value);
    }
    return out;
}

QString placeholderValue(const QString &name, const PlanContext &ctx, const QString &environment)
{
    if (name == "service"_L1)
        return ctx.service;
    if (name == "environment"_L1) {
        const QString env = environmentLabel(ctx.labels);
        return env == "uat"_L1 || env == "prod"_L1 ? env : environment;
    }
    if (name == "host"_L1) {
        for (const char *key : {"host", "hostname", "instance", "node"}) {
            QString value = ctx.labels.value(QLatin1StringView(key)).toString();
            // Prometheus' instance is host:port.
            if (const qsizetype colon = value.lastIndexOf(u':'); colon > 0 && !value.contains(u"::"_s))
                value = value.left(colon);
            if (!value.isEmpty())
                return plainName(value, true);
        }
        // A cyber event's hosts: the one it names (of several, people choose).
        const QStringList hosts = listedNames(ctx, name);
        return hosts.size() == 1 ? hosts.first() : QString();
    }
    if (name == "account"_L1) {
        for (const char *key : {"account", "user", "username"}) {
            if (const QString value = ctx.labels.value(QLatin1StringView(key)).toString(); !value.isEmpty())
                return plainName(value, false);
        }
        const QStringList users = listedNames(ctx, name);
        return users.size() == 1 ? users.first() : QString();
    }
    const QJsonValue label = ctx.labels.value(name);
    return label.isString() ? label.toString() : label.isDouble() ? QString::number(label.toDouble()) : QString();
}

/// Replaces {{name}} placeholders; names left empty are added to `blank`.
QString fill(const QString &text, const PlanContext &ctx, const QString &environment, QStringList *blank)
{
    static const QRegularExpression placeholder(u"\\{\\{\\s*([a-z_][a-z0-9_]*)\\s*\\}\\}"_s);
    QString out;
    qsizetype from = 0;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(from, m.capturedStart() - from);
        const QString value = placeholderValue(m.captured(1), ctx, environment);
        if (value.isEmpty() && blank && !blank->contains(m.captured(1)))
            blank->append(m.captured(1));
        out += value;
        from = m.capturedEnd();
    }
    out += QStringView(text).mid(from);
    return out;
}

/// A DIP's step as read once, when the analyst is made: everything but
/// what an incident fills in.
struct StepTemplate
{
    PlanStep step; ///< title, description and vars as the DIP writes them
    bool fillTitle = false; ///< whether the title has a placeholder
    bool fillDescription = false;
    QStringList filledVars; ///< the string variables with a placeholder, in key order
};

bool hasPlaceholder(const QString &text)
{
    return text.contains(u"{{"_s);
}

QList<StepTemplate> stepTemplates(const KnowledgeDoc &dip)
{
    QList<StepTemplate> out;
    int n = 0;
    for (const QJsonValue &v : dip.item.value(u"steps"_s).toArray()) {
        const QJsonObject s = v.toObject();
        StepTemplate t;
        PlanStep &step = t.step;
        step.id = s.value(u"id"_s).toString(u"s%1"_s.arg(++n));
        step.kind = stepKindFromString(s.value(u"kind"_s).toString()).value_or(StepKind::Manual);
        step.playbookId = s.value(u"playbook"_s).toString();
        step.environment = step.playbookId.isEmpty() ? QString() : s.value(u"environment"_s).toString(u"uat"_s);
        step.title = s.value(u"title"_s).toString();
        step.description = s.value(u"description"_s).toString();
        t.fillTitle = hasPlaceholder(step.title);
        t.fillDescription = hasPlaceholder(step.description);
        step.vars = s.value(u"vars"_s).toObject();
        for (auto it = step.vars.constBegin(); it != step.vars.constEnd(); ++it) {
            if (it.value().isString() && hasPlaceholder(it.value().toString()))
                t.filledVars.append(it.key());
        }
        step.risk = riskFromString(s.value(u"risk"_s).toString()).value_or(Risk::Low);
        if (const QString owner = s.value(u"owner_role"_s).toString(); !owner.isEmpty())
            step.owner = owner;
        for (const QJsonValue &r : s.value(u"approver_roles"_s).toArray())
            step.requiredRoles.append(r.toString());
        if (step.requiredRoles.isEmpty())
            step.requiredRoles = step.risk == Risk::High ? QStringList {u"change-approver"_s, u"mim"_s}
                                                         : QStringList {u"responder"_s, u"mim"_s};
        // The rollback a step names; the coordinator sets each playbook
        // step's from the policy (the policy's is what runs, and knowledge
        // lint checks the two agree). A DIP's own `rollback:` is the reverse
        // of its main change only, never every remediate step's.
        step.rollbackPlaybook = s.value(u"rollback"_s).toString();
        out.append(std::move(t));
    }
    return out;
}

Plan planFromDip(const KnowledgeDoc &dip, const QList<StepTemplate> &steps, const PlanContext &ctx)
{
    Plan plan;
    plan.source = u"dip:"_s + dip.id;
    plan.summary = dip.title;
    QStringList blankSteps;
    plan.steps.reserve(steps.size());
    for (const StepTemplate &t : steps) {
        PlanStep step = t.step;
        QStringList blank;
        if (t.fillTitle)
            step.title = fill(step.title, ctx, step.environment, nullptr);
        if (t.fillDescription)
            step.description = fill(step.description, ctx, step.environment, nullptr);
        for (const QString &key : t.filledVars)
            step.vars.insert(key, fill(step.vars.value(key).toString(), ctx, step.environment, &blank));
        if (!blank.isEmpty()) {
            // What a person chooses from, when the event names several.
            QStringList asked;
            for (const QString &name : std::as_const(blank)) {
                const QStringList names = listedNames(ctx, name);
                asked.append(names.size() < 2 ? name
                                              : u"%1 (the event names %2: %3)"_s.arg(name)
                                                    .arg(names.size())
                                                    .arg(names.mid(0, 5).join(u", "_s)
                                                         + (names.size() > 5 ? u", ..."_s : QString())));
            }
            const QString note = u"To be set by a person before approval: %1."_s.arg(asked.join(u", "_s));
            step.description = step.description.isEmpty() ? note : step.description + u' ' + note;
            blankSteps.append(u"%1 (%2)"_s.arg(step.id, blank.join(u", "_s)));
        }
        plan.steps.append(std::move(step));
    }
    if (!blankSteps.isEmpty())
        plan.summary
            += u" - variables the incident does not give, for a person to set: %1"_s.arg(blankSteps.join(u"; "_s));
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

QString matchSignal(const KnowledgeMatch &h)
{
    const QString how = h.matchedTerms.isEmpty() ? u"by meaning"_s : h.matchedTerms.mid(0, 6).join(u", "_s);
    return u"matches %1 \"%2\" (%3)"_s.arg(h.kind, h.title, how);
}

/// Calls `visit(i, depth)` for each parenthesis and bar of `p` that is
/// syntax (escapes and character classes, where they are literal, skipped),
/// with the nesting depth before it; stops when `visit` returns false.
template<typename Visit> void scanSyntax(QStringView p, Visit visit)
{
    int depth = 0;
    bool inClass = false;
    for (qsizetype i = 0; i < p.size(); ++i) {
        const QChar c = p.at(i);
        if (c == u'\\') {
            ++i;
        } else if (inClass) {
            inClass = c != u']';
        } else if (c == u'[') {
            inClass = true;
            if (i + 1 < p.size() && p.at(i + 1) == u'^')
                ++i;
            if (i + 1 < p.size() && p.at(i + 1) == u']')
                ++i; // a leading ] is literal
        } else if (c == u'(' || c == u')' || c == u'|') {
            if (!visit(i, depth))
                return;
            depth += c == u'(' ? 1 : c == u')' ? -1 : 0;
        }
    }
}

/// Whether every match of `p` starts with \b: each top-level alternative
/// starts with it, or with a non-capturing group that is not optional and
/// whose alternatives all do.
bool startsAtWordBoundary(QStringView p)
{
    QList<QStringView> alternatives;
    qsizetype from = 0;
    scanSyntax(p, [&](qsizetype i, int depth) {
        if (depth == 0 && p.at(i) == u'|') {
            alternatives.append(p.mid(from, i - from));
            from = i + 1;
        }
        return true;
    });
    alternatives.append(p.mid(from));
    for (const QStringView a : std::as_const(alternatives)) {
        if (a.startsWith(u"\\b"))
            continue;
        if (!a.startsWith(u"(?:"))
            return false;
        qsizetype close = -1; // where the group closes
        scanSyntax(a, [&](qsizetype i, int depth) {
            if (depth == 1 && a.at(i) == u')')
                close = i;
            return close < 0;
        });
        if (close < 0)
            return false;
        // Optional or repeated from zero, the group need not be there.
        if (close + 1 < a.size() && (a.at(close + 1) == u'?' || a.at(close + 1) == u'*' || a.at(close + 1) == u'{'))
            return false;
        if (!startsAtWordBoundary(a.mid(3, close - 3)))
            return false;
    }
    return true;
}

} // namespace

QString hoistWordBoundary(const QString &pattern)
{
    if (pattern.isEmpty() || !startsAtWordBoundary(pattern))
        return pattern;
    return u"\\b(?:"_s + pattern + u')';
}

namespace {

/// Every rule pattern of the analyst, with a name for messages.
QList<QPair<QString, const Pattern *>> allPatterns()
{
    QList<QPair<QString, const Pattern *>> out;
    for (const PhraseCue &cue : phraseCues())
        out.append({cue.category + u": "_s + cue.name, &cue.pattern});
    for (const Rule &rule : reviewRules())
        out.append({rule.name, &rule.pattern});
    for (const Rule &rule : againstRules())
        out.append({rule.name, &rule.pattern});
    out.append({u"AI context"_s, &aiContext()});
    out.append({u"negation"_s, &negationBefore()});
    out.append({u"denied just before"_s, &deniedJustBefore()});
    out.append({u"blocked attack"_s, &attackBlocked()});
    out.append({u"production or spread"_s, &productionOrSpread()});
    out.append({u"real exposure"_s, &realExposure()});
    out.append({u"number words"_s, &numberWords()});
    out.append({u"negated quantifier"_s, &negatedQuantifier()});
    out.append({u"spend against normal"_s, &spendAgainstNormal()});
    return out;
}

} // namespace

QStringList OfflineAnalyst::patternErrors()
{
    QStringList out;
    for (const auto &[name, p] : allPatterns()) {
        if (!p->re.isValid())
            out.append(u"%1: %2 at offset %3"_s.arg(name, p->re.errorString()).arg(p->re.patternErrorOffset()));
    }
    return out;
}

QStringList OfflineAnalyst::patternSources()
{
    QStringList out;
    for (const auto &[name, p] : allPatterns())
        out.append(p->re.pattern());
    return out;
}

struct OfflineAnalyst::DipSteps
{
    QHash<QString, QList<StepTemplate>> byDip;
};

OfflineAnalyst::OfflineAnalyst(const KnowledgeBase &knowledge)
    : m_knowledge(knowledge)
{
    // The knowledge base is read-only once built: its DIPs' steps are read
    // here once, not again for every plan.
    auto steps = std::make_shared<DipSteps>();
    for (const KnowledgeDoc &doc : knowledge.documents()) {
        if (doc.kind == "dip"_L1)
            steps->byDip.insert(doc.id, stepTemplates(doc));
    }
    m_dipSteps = std::move(steps);
}

TriageResult OfflineAnalyst::analyse(const Incident &incident) const
{
    TriageResult result;
    Classification &c = result.classification;
    c.analyst = u"offline"_s;
    const QString raw = incident.title + u". "_s + incident.description;
    // What the rules read: lower case, number words as digits.
    const QString text = validText(withNumberDigits(raw.toLower()));
    // Retrieval reads what the incident says, not the names in it.
    const QStringList titleTerms = Tokenizer::terms(retrievalText(incident.title, &m_knowledge));
    QStringList terms = titleTerms + titleTerms; // the title counts twice
    terms += Tokenizer::terms(retrievalText(incident.description, &m_knowledge));
    if (!incident.service.isEmpty())
        terms += Tokenizer::terms(incident.service);
    const QSet<QString> termSet(terms.cbegin(), terms.cend());
    const Pairs pairs(text); // what the rules' prefilters look at first
    const bool aiText = matchIn(aiContext(), text, &pairs).hasMatch();

    // --- category: retrieved documents vote, cue terms add -------------------
    QHash<QString, double> score;
    QHash<QString, QList<Reason>> why;
    // One search per kind, each asking only for what is used below: the
    // category vote, the matches, the similar incidents and the plan.
    QList<KnowledgeMatch> kbas = m_knowledge.searchTerms(terms, 20, {u"kba"_s});
    QList<KnowledgeMatch> dips = m_knowledge.searchTerms(terms, 10, {u"dip"_s});
    // With embeddings attached, KBAs and DIPs are fused with the documents
    // most like the text (one query embedding); words alone when they fail.
    if (const SemanticSearch *semantic = m_knowledge.semanticSearch()) {
        QString fallback;
        const QList<RankedHit> similar = semantic->similar(m_knowledge, raw, 30, {u"kba"_s, u"dip"_s}, &fallback);
        if (similar.isEmpty() && !fallback.isEmpty()) {
            c.flags.append(u"retrieval by words only (BM25): %1"_s.arg(fallback));
        } else {
            QList<RankedHit> similarKbas;
            QList<RankedHit> similarDips;
            for (const RankedHit &h : similar) {
                const KnowledgeDoc *doc = m_knowledge.document(h.id);
                (doc && doc->kind == "dip"_L1 ? similarDips : similarKbas).append(h);
            }
            kbas = fuseMatches(m_knowledge, kbas, similarKbas, 20, FusedScore::LexicalScale);
            dips = fuseMatches(m_knowledge, dips, similarDips, 10, FusedScore::LexicalScale);
        }
    }
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
    const double top = hits.isEmpty() || hits.first().score <= 0 ? 1.0 : hits.first().score;
    // Each category is scored by its best few documents (not by how many of
    // them happen to be in the list), the title's own matches counting extra.
    // Votes are relative to the best match, and the best match's own
    // strength scales them all: a text that shares one word with the
    // knowledge is not evidence like one that shares its symptoms.
    const double strength = std::min(1.0, (hits.isEmpty() ? 0.0 : hits.first().score) / kStrongMatchScore);
    const int perCategory = 3;
    QHash<QString, int> seen;
    for (int rank = 0; rank < hits.size(); ++rank) {
        const KnowledgeMatch &h = hits.at(rank);
        const KnowledgeDoc *doc = m_knowledge.document(h.docId);
        if (!doc || seen[doc->category] >= perCategory || h.score <= 0)
            continue;
        const int nth = seen[doc->category]++;
        const double kindWeight = h.kind == "kba"_L1 ? 1.0 : h.kind == "incident"_L1 ? 0.9 : 0.7;
        const double w = strength * kindWeight * (h.score / top) / (1.0 + nth);
        score[doc->category] += w;
        if (nth < 2 && why[doc->category].size() < 4)
            why[doc->category].append(
                Reason {matchSignal(h), w, (h.kind == "incident"_L1 ? u"incident:"_s : h.kind + u':') + h.docId});
    }
    const QList<KnowledgeMatch> titleHits = m_knowledge.searchTerms(titleTerms, 10, {u"kba"_s, u"dip"_s});
    const double titleTop = titleHits.isEmpty() ? 1.0 : titleHits.first().score;
    const double titleWeight = 0.4;
    for (int rank = 0; rank < titleHits.size() && rank < 3; ++rank) {
        const KnowledgeDoc *doc = m_knowledge.document(titleHits.at(rank).docId);
        if (doc)
            score[doc->category] += strength * titleWeight * (titleHits.at(rank).score / titleTop) / (1.0 + rank);
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
    // Phrase families that name a category outright (each affirmed match once,
    // at most two families per category; AI families only about AI systems).
    // An attack stated as blocked, with nothing through, is a signal for
    // review (security_triage), not an exploited application.
    QHash<QString, int> phrases;
    const QRegularExpressionMatch blocked = undeniedMatch(attackBlocked(), text, &pairs);
    if (blocked.hasMatch()) {
        const double w = kPhraseWeight * 1.2;
        score[u"security_triage"_s] += w;
        ++phrases[u"security_triage"_s];
        why[u"security_triage"_s].append(
            Reason {u"an attack stated as blocked, nothing through (\"%1\")"_s.arg(blocked.captured(0).left(60)), w,
                    u"text"_s});
    }
    for (const PhraseCue &cue : phraseCues()) {
        if ((cue.aiOnly && !aiText) || phrases.value(cue.category) >= kPhrasesPerCategory)
            continue;
        if (blocked.hasMatch() && cue.category == "application_exploitation"_L1)
            continue;
        if (const QRegularExpressionMatch m = affirmedMatch(cue.pattern, text, &pairs); m.hasMatch()) {
            const double w = kPhraseWeight * cue.weight;
            score[cue.category] += w;
            ++phrases[cue.category];
            why[cue.category].append(Reason {u"%1 (\"%2\")"_s.arg(cue.name, m.captured(0).left(60)), w, u"text"_s});
        }
    }
    // A third-party service of the catalog named in the text or as the service.
    for (const QString &word : serviceWords(incident.service + u' ' + raw)) {
        const ServiceEntry *svc = m_knowledge.service(word);
        if (svc && svc->thirdParty) {
            score[u"dependency"_s] += kVendorWeight;
            why[u"dependency"_s].append(Reason {u"names the third-party service %1 (\"%2\")"_s.arg(svc->name, word),
                                                kVendorWeight, u"service:"_s + svc->name});
            break;
        }
    }
    // Softmax over the categories and "none of them" (kNoneScore: the
    // evidence a category must beat to be more than a guess).
    QList<QPair<QString, double>> ranked;
    for (const QString &cat : incidentCategories())
        ranked.append({cat, score.value(cat)});
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    const double ceiling = std::max(ranked.first().second, kNoneScore);
    double sum = std::exp((kNoneScore - ceiling) / m_temperature);
    QList<double> probs;
    for (const auto &[cat, s] : ranked) {
        probs.append(std::exp((s - ceiling) / m_temperature));
        sum += probs.last();
    }
    c.category = ranked.first().second > 0 ? ranked.first().first : QString();
    c.confidence = ranked.first().second > 0 ? probs.first() / sum : 0.0;
    for (int i = 1; i < 4 && i < ranked.size(); ++i) {
        if (ranked.at(i).second > 0)
            c.runnersUp.append(RunnerUp {ranked.at(i).first, probs.at(i) / sum});
    }
    c.reasons = why.value(c.category);
    result.scores = ranked;
    result.scores.append({QString(), kNoneScore});

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
    // Signals for review must be affirmed: not negated just before.
    for (const Rule &rule : reviewRules()) {
        if (rule.aiOnly && !aiSystem)
            continue;
        if (const QRegularExpressionMatch m = affirmedMatch(rule.pattern, text, &pairs); m.hasMatch())
            add(u"%1 (\"%2\")"_s.arg(rule.name, m.captured(0).left(60)), rule.weight, u"text"_s);
    }
    if (aiSystem) {
        if (const double ratio = spendRatio(text); ratio >= 3.0)
            add(u"rule 5: AI spend %1 times its normal"_s.arg(ratio, 0, 'f', 1), 1.6, u"text"_s);
    }
    // Signals against count as written, unless denied by the word before.
    for (const Rule &rule : againstRules()) {
        if (const QRegularExpressionMatch m = undeniedMatch(rule.pattern, text, &pairs); m.hasMatch())
            add(u"%1 (\"%2\")"_s.arg(rule.name, m.captured(0).left(60)), rule.weight, u"text"_s);
    }
    // Category-specific rules of the taxonomy, for a category that is more
    // than a guess: one word matching an exfiltration article ("cli") must
    // not make a major-incident candidate. A guess escalates instead (no
    // reviewed plan at that confidence), so a person still looks.
    const bool categoryKnown = c.confidence >= kPlanConfidence;
    const bool exfiltration = categoryKnown && c.category == "data_exfiltration"_L1;
    if (exfiltration)
        add(u"data exfiltration always needs MIM review"_s, 2.5, u"category"_s);
    else if (c.category == "data_exfiltration"_L1)
        c.reasons.append(
            Reason {u"data exfiltration is only a guess here (confidence %1): its rule waits for a person"_s.arg(
                        c.confidence, 0, 'f', 2),
                    0.0, u"category"_s});
    if (categoryKnown && (c.category == "endpoint_compromise"_L1 || c.category == "application_exploitation"_L1)) {
        if (const QRegularExpressionMatch m = affirmedMatch(productionOrSpread(), text, &pairs); m.hasMatch())
            add(u"a compromise touching production or spreading (\"%1\")"_s.arg(m.captured(0)), 2.0, u"category"_s);
    }
    if (categoryKnown && c.category == "ai_safety"_L1) {
        if (const QRegularExpressionMatch m = affirmedMatch(realExposure(), text, &pairs); m.hasMatch())
            add(u"an AI safety failure with real exposure (\"%1\")"_s.arg(m.captured(0)), 2.0, u"category"_s);
    }
    const ServiceEntry *catalogService = m_knowledge.service(incident.service);
    if (catalogService) {
        if (catalogService->customerFacing && catalogService->tier == 1)
            add(u"%1 is a customer-facing tier-1 service"_s.arg(catalogService->name), 0.5, u"service-tier"_s);
        else if (catalogService->tier >= 3)
            add(u"%1 is a tier-%2 service"_s.arg(catalogService->name).arg(catalogService->tier), -0.4,
                u"service-tier"_s);
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
    // Rule 3 holds for exfiltration whatever else is said.
    c.mimRequired = mim > 0.4 || exfiltration;

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
    // A DIP that names the best KBA of the category among the articles it
    // handles (its reviewed `kbas:`) matches on that article's substance,
    // however few of the incident's words its own text has; of several, the
    // one whose own text matched best.
    for (const KnowledgeMatch &k : std::as_const(kbas)) {
        const KnowledgeDoc *article = m_knowledge.document(k.docId);
        if (!article || article->category != c.category)
            continue;
        // A benign article ("one failed sign-in", "quarantined adware") does
        // not pull in a DIP with high-risk steps: the containment plans that
        // list it are for when it turns out to be more, on their own words.
        const bool benign = article->mimHint != 1;
        const KnowledgeDoc *linked = nullptr;
        double linkedOwn = -1.0;
        for (const QString &id : m_knowledge.dipsHandling(k.docId)) {
            const KnowledgeDoc *d = m_knowledge.document(id);
            if (!d || d->category != c.category || (benign && hasHighRiskStep(*d)))
                continue;
            double own = 0.0;
            for (const KnowledgeMatch &m : std::as_const(dips)) {
                if (m.docId == id) {
                    own = m.score;
                    break;
                }
            }
            if (own > linkedOwn) {
                linked = d;
                linkedOwn = own;
            }
        }
        if (linked && k.score > bestScore) {
            best = linked;
            bestScore = k.score;
        }
        break; // the best article of the category only
    }
    // A plan only from a DIP that matched on substance, for a category more
    // likely right than not and not a near tie with the runner-up.
    const double runnerUp = c.runnersUp.isEmpty() ? 0.0 : c.runnersUp.first().score;
    PlanContext ctx {incident.service, incident.labels};
    if (ctx.service.isEmpty()) {
        // The one catalog service the text names, if exactly one.
        QStringList named;
        for (const QString &word : serviceWords(raw)) {
            if (const ServiceEntry *svc = m_knowledge.service(word);
                svc && !svc->thirdParty && !named.contains(svc->name))
                named.append(svc->name);
        }
        if (named.size() == 1)
            ctx.service = named.first();
    }
    QString noPlan;
    if (!best || bestScore < 0.35 * top)
        noPlan = u"no DIP of this category matches on substance"_s;
    else if (c.confidence < kPlanConfidence)
        noPlan = u"low confidence"_s;
    else if (c.confidence - runnerUp < kPlanMargin)
        noPlan = u"%1 and %2 are too close to call"_s.arg(c.category, c.runnersUp.first().category);
    if (noPlan.isEmpty()) {
        // (A DIP added to the knowledge base after the analyst was made is read now.)
        const auto steps = m_dipSteps->byDip.constFind(best->id);
        result.plan = planFromDip(*best, steps != m_dipSteps->byDip.cend() ? *steps : stepTemplates(*best), ctx);
    } else {
        result.plan = escalationPlan(incident, noPlan);
    }
    if (!noPlan.isEmpty()) {
        // The classification says what the plan says: people must look.
        c.escalate = true;
        c.escalationReason = u"no reviewed plan: %1"_s.arg(noPlan);
    }
    return result;
}

} // namespace warroom
