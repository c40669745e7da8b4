#include "textindex.h"

#include <QSet>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

const QSet<QString> &stopWords()
{
    static const QSet<QString> words {
        u"a"_s,     u"an"_s,    u"the"_s,   u"and"_s,  u"or"_s,    u"but"_s,   u"of"_s,      u"to"_s,     u"in"_s,
        u"on"_s,    u"at"_s,    u"for"_s,   u"from"_s, u"by"_s,    u"with"_s,  u"without"_s, u"is"_s,     u"are"_s,
        u"was"_s,   u"were"_s,  u"be"_s,    u"been"_s, u"being"_s, u"it"_s,    u"its"_s,     u"this"_s,   u"that"_s,
        u"these"_s, u"those"_s, u"as"_s,    u"has"_s,  u"have"_s,  u"had"_s,   u"not"_s,     u"no"_s,     u"we"_s,
        u"our"_s,   u"they"_s,  u"their"_s, u"he"_s,   u"she"_s,   u"you"_s,   u"your"_s,    u"i"_s,      u"so"_s,
        u"if"_s,    u"then"_s,  u"than"_s,  u"into"_s, u"over"_s,  u"under"_s, u"since"_s,   u"after"_s,  u"before"_s,
        u"all"_s,   u"any"_s,   u"some"_s,  u"can"_s,  u"could"_s, u"will"_s,  u"would"_s,   u"should"_s, u"do"_s,
        u"does"_s,  u"did"_s,   u"just"_s,  u"also"_s, u"only"_s,  u"very"_s,  u"there"_s,   u"here"_s,   u"when"_s,
        u"while"_s, u"which"_s, u"who"_s,   u"what"_s, u"up"_s,    u"out"_s,   u"about"_s,   u"now"_s,    u"still"_s,
        u"per"_s,   u"via"_s,   u"us"_s,    u"them"_s, u"one"_s,   u"my"_s,    u"me"_s,      u"his"_s,    u"her"_s,
    };
    return words;
}

const QHash<QString, QString> &synonyms()
{
    static const QHash<QString, QString> map = [] {
        const QList<QStringList> groups {
            {u"sso"_s, u"saml"_s, u"idp"_s, u"okta"_s, u"adfs"_s, u"sp"_s, u"entra"_s},
            {u"login"_s, u"logon"_s, u"signin"_s, u"logins"_s},
            {u"auth"_s, u"authentication"_s, u"authenticate"_s, u"authenticated"_s, u"authn"_s},
            {u"mfa"_s, u"2fa"_s, u"totp"_s, u"otp"_s},
            {u"oauth"_s, u"oidc"_s, u"openid"_s, u"jwt"_s},
            {u"memory"_s, u"oom"_s, u"oomkilled"_s, u"ram"_s, u"heap"_s},
            {u"5xx"_s, u"500"_s, u"502"_s, u"503"_s, u"504"_s},
            {u"4xx"_s, u"401"_s, u"403"_s, u"429"_s},
            {u"error"_s, u"errors"_s, u"erroring"_s, u"failure"_s, u"failing"_s, u"failed"_s, u"fail"_s, u"fails"_s},
            {u"slow"_s, u"slowness"_s, u"sluggish"_s, u"slower"_s},
            {u"timeout"_s, u"timeouts"_s, u"timed"_s, u"deadline"_s},
            {u"latency"_s, u"p99"_s, u"p95"_s, u"p90"_s},
            {u"disk"_s, u"filesystem"_s, u"volume"_s, u"inode"_s, u"inodes"_s, u"storage"_s},
            {u"cert"_s, u"certificate"_s, u"certificates"_s, u"certs"_s, u"x509"_s},
            {u"tls"_s, u"ssl"_s, u"https"_s, u"handshake"_s},
            {u"expire"_s, u"expired"_s, u"expiring"_s, u"expiry"_s, u"expiration"_s, u"expires"_s},
            {u"deploy"_s, u"deployment"_s, u"deployed"_s, u"release"_s, u"rollout"_s, u"deploys"_s, u"released"_s},
            {u"db"_s, u"database"_s, u"postgres"_s, u"postgresql"_s, u"mysql"_s, u"rds"_s, u"aurora"_s},
            {u"replication"_s, u"replica"_s, u"replicas"_s, u"standby"_s},
            {u"dns"_s, u"nxdomain"_s, u"resolver"_s, u"servfail"_s},
            {u"lb"_s, u"loadbalancer"_s, u"alb"_s, u"elb"_s, u"nlb"_s, u"haproxy"_s},
            {u"exfil"_s, u"exfiltration"_s, u"exfiltrated"_s, u"exfiltrate"_s, u"exfiltrating"_s},
            {u"ransomware"_s, u"ransom"_s, u"lockbit"_s},
            {u"malware"_s, u"trojan"_s, u"virus"_s, u"implant"_s, u"beacon"_s, u"c2"_s, u"cobalt"_s},
            {u"webshell"_s, u"shell"_s},
            {u"injection"_s, u"sqli"_s, u"injected"_s},
            {u"phishing"_s, u"phish"_s, u"phished"_s},
            {u"llm"_s, u"gpt"_s, u"claude"_s, u"chatbot"_s, u"copilot"_s},
            {u"hallucination"_s, u"hallucinate"_s, u"hallucinating"_s, u"hallucinated"_s, u"fabricated"_s,
             u"ungrounded"_s},
            {u"cost"_s, u"spend"_s, u"budget"_s},
            {u"tenant"_s, u"tenants"_s, u"customer's"_s},
            {u"jailbreak"_s, u"jailbreaks"_s, u"jailbroken"_s},
            {u"embedding"_s, u"embeddings"_s, u"vector"_s, u"vectors"_s},
            {u"retrieval"_s, u"rag"_s, u"retriever"_s},
            {u"outage"_s, u"down"_s, u"unavailable"_s, u"unreachable"_s},
            {u"restart"_s, u"restarts"_s, u"restarted"_s, u"restarting"_s, u"crashloop"_s, u"crashloopbackoff"_s},
            {u"cpu"_s, u"throttling"_s, u"throttled"_s},
            {u"quota"_s, u"quotas"_s, u"limit"_s, u"limits"_s},
            {u"k8s"_s, u"kubernetes"_s, u"kubectl"_s, u"pod"_s, u"pods"_s},
            {u"vendor"_s, u"third-party"_s, u"thirdparty"_s, u"provider"_s, u"upstream"_s},
            {u"credential"_s, u"credentials"_s, u"password"_s, u"passwords"_s, u"secret"_s, u"secrets"_s},
            {u"pii"_s, u"gdpr"_s, u"personal"_s},
        };
        QHash<QString, QString> m;
        for (const QStringList &g : groups) {
            for (const QString &w : g)
                m.insert(w, g.first());
        }
        return m;
    }();
    return map;
}

QString foldPlural(const QString &w)
{
    if (w.size() > 4 && w.endsWith(u"ies"_s))
        return w.left(w.size() - 3) + u'y';
    if (w.size() > 4 && (w.endsWith(u"sses"_s) || w.endsWith(u"xes"_s) || w.endsWith(u"ches"_s)))
        return w.left(w.size() - 2);
    if (w.size() > 3 && w.endsWith(u's') && !w.endsWith(u"ss"_s) && !w.endsWith(u"us"_s) && !w.endsWith(u"is"_s))
        return w.left(w.size() - 1);
    return w;
}

} // namespace

QString Tokenizer::canonical(const QString &word)
{
    const auto &syn = synonyms();
    auto it = syn.constFind(word);
    if (it != syn.constEnd())
        return *it;
    const QString folded = foldPlural(word);
    it = syn.constFind(folded);
    return it != syn.constEnd() ? *it : folded;
}

QStringList Tokenizer::terms(QStringView text)
{
    QStringList out;
    QString word;
    auto flush = [&] {
        if (word.isEmpty())
            return;
        // Keep 3-digit status codes (they map to 5xx/4xx), drop other numbers.
        bool digits = std::all_of(word.cbegin(), word.cend(), [](QChar c) { return c.isDigit(); });
        if (!(digits && word.size() != 3) && word.size() >= 2 && !stopWords().contains(word))
            out.append(canonical(word));
        word.clear();
    };
    for (const QChar ch : text) {
        if (ch.isLetterOrNumber() || ch == u'\'') {
            word.append(ch.toLower());
        } else {
            flush();
        }
    }
    flush();
    for (QString &t : out)
        t.remove(u'\'');
    return out;
}

int TextIndex::add(const IndexedFields &fields)
{
    Pending p;
    const QString *texts[4] = {&fields.title, &fields.tags, &fields.symptoms, &fields.body};
    for (int f = 0; f < 4; ++f) {
        const QStringList ts = Tokenizer::terms(*texts[f]);
        p.length[f] = int(ts.size());
        for (const QString &t : ts)
            p.tf[f][t] += 1.0f;
    }
    m_pending.push_back(std::move(p));
    return m_docCount++;
}

void TextIndex::finish()
{
    double total[4] = {0, 0, 0, 0};
    for (const Pending &p : m_pending) {
        for (int f = 0; f < 4; ++f)
            total[f] += p.length[f];
    }
    double avg[4];
    for (int f = 0; f < 4; ++f)
        avg[f] = m_docCount > 0 && total[f] > 0 ? total[f] / m_docCount : 1.0;
    const double boost[4] = {m_params.titleBoost, m_params.tagBoost, m_params.symptomBoost, m_params.bodyBoost};
    for (int d = 0; d < m_docCount; ++d) {
        const Pending &p = m_pending[size_t(d)];
        QHash<QString, double> weights;
        for (int f = 0; f < 4; ++f) {
            const double norm = 1.0 - m_params.b + m_params.b * p.length[f] / avg[f];
            for (auto it = p.tf[f].constBegin(); it != p.tf[f].constEnd(); ++it)
                weights[it.key()] += boost[f] * it.value() / norm;
        }
        for (auto it = weights.constBegin(); it != weights.constEnd(); ++it)
            m_postings[it.key()].push_back(Posting {d, float(it.value())});
    }
    for (auto it = m_postings.constBegin(); it != m_postings.constEnd(); ++it) {
        const double df = double(it->size());
        m_idf.insert(it.key(), std::log(1.0 + (m_docCount - df + 0.5) / (df + 0.5)));
    }
    m_pending.clear();
    m_pending.shrink_to_fit();
}

QList<TextHit> TextIndex::search(const QStringList &queryTerms, int limit) const
{
    // Per thread, so one index serves many threads.
    thread_local std::vector<float> scores;
    thread_local std::vector<int> touched;
    if (scores.size() < size_t(m_docCount))
        scores.assign(size_t(m_docCount), 0.0f);
    touched.clear();
    QStringList unique;
    for (const QString &t : queryTerms) {
        if (!unique.contains(t))
            unique.append(t);
    }
    const double k1 = m_params.k1;
    for (const QString &t : std::as_const(unique)) {
        const auto it = m_postings.constFind(t);
        if (it == m_postings.constEnd())
            continue;
        const float idf = float(m_idf.value(t));
        for (const Posting &p : *it) {
            float &s = scores[size_t(p.doc)];
            if (s == 0.0f)
                touched.push_back(p.doc);
            s += idf * p.weight / float(k1 + p.weight);
        }
    }
    const int n = std::min<int>(limit, int(touched.size()));
    std::partial_sort(touched.begin(), touched.begin() + n, touched.end(), [](int a, int b) {
        return scores[size_t(a)] > scores[size_t(b)] || (scores[size_t(a)] == scores[size_t(b)] && a < b);
    });
    QList<TextHit> hits;
    hits.reserve(n);
    for (int i = 0; i < n; ++i) {
        TextHit h {touched[size_t(i)], double(scores[size_t(touched[size_t(i)])]), {}};
        for (const QString &t : std::as_const(unique)) {
            const auto it = m_postings.constFind(t);
            if (it == m_postings.constEnd())
                continue;
            const auto found = std::lower_bound(it->begin(), it->end(), h.doc,
                                                [](const Posting &p, int doc) { return p.doc < doc; });
            if (found != it->end() && found->doc == h.doc)
                h.matchedTerms.append(t);
        }
        hits.append(std::move(h));
    }
    for (int d : touched)
        scores[size_t(d)] = 0.0f;
    return hits;
}

} // namespace warroom
