#include "textindex.h"

#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

/// Words that say nothing about the problem: function words, and what
/// tickets say around it (greetings, filler, time of day).
const QSet<QString> &stopWords()
{
    static const QSet<QString> words {
        u"a"_s,         u"an"_s,      u"the"_s,     u"and"_s,       u"or"_s,      u"but"_s,     u"of"_s,
        u"to"_s,        u"in"_s,      u"on"_s,      u"at"_s,        u"for"_s,     u"from"_s,    u"by"_s,
        u"with"_s,      u"without"_s, u"is"_s,      u"are"_s,       u"was"_s,     u"were"_s,    u"be"_s,
        u"been"_s,      u"being"_s,   u"it"_s,      u"its"_s,       u"this"_s,    u"that"_s,    u"these"_s,
        u"those"_s,     u"as"_s,      u"has"_s,     u"have"_s,      u"had"_s,     u"not"_s,     u"no"_s,
        u"we"_s,        u"our"_s,     u"they"_s,    u"their"_s,     u"he"_s,      u"she"_s,     u"you"_s,
        u"your"_s,      u"i"_s,       u"so"_s,      u"if"_s,        u"then"_s,    u"than"_s,    u"into"_s,
        u"over"_s,      u"under"_s,   u"since"_s,   u"after"_s,     u"before"_s,  u"all"_s,     u"any"_s,
        u"some"_s,      u"can"_s,     u"could"_s,   u"will"_s,      u"would"_s,   u"should"_s,  u"do"_s,
        u"does"_s,      u"did"_s,     u"just"_s,    u"also"_s,      u"only"_s,    u"very"_s,    u"there"_s,
        u"here"_s,      u"when"_s,    u"while"_s,   u"which"_s,     u"who"_s,     u"what"_s,    u"up"_s,
        u"out"_s,       u"about"_s,   u"now"_s,     u"still"_s,     u"per"_s,     u"via"_s,     u"us"_s,
        u"them"_s,      u"one"_s,     u"my"_s,      u"me"_s,        u"his"_s,     u"her"_s,     u"hello"_s,
        u"hi"_s,        u"dear"_s,    u"please"_s,  u"thanks"_s,    u"thank"_s,   u"regards"_s, u"kindly"_s,
        u"urgent"_s,    u"asap"_s,    u"help"_s,    u"maybe"_s,     u"approx"_s,  u"around"_s,  u"today"_s,
        u"yesterday"_s, u"tonight"_s, u"morning"_s, u"afternoon"_s, u"evening"_s, u"working"_s, u"seeing"_s,
        u"getting"_s,
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
            {u"slow"_s, u"slowness"_s, u"sluggish"_s, u"slower"_s, u"slowly"_s, u"slowdown"_s},
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

QString Tokenizer::termOf(const QString &word)
{
    // Keep 3-digit status codes (they map to 5xx/4xx), drop other numbers.
    const bool digits = std::all_of(word.cbegin(), word.cend(), [](QChar c) { return c.isDigit(); });
    if ((digits && word.size() != 3) || word.size() < 2 || stopWords().contains(word))
        return {};
    QString t = canonical(word);
    t.remove(u'\'');
    return t;
}

namespace {

/// Calls `f` with each lower-case word of `text` (a reused buffer).
template<typename F> void forEachWord(QStringView text, QString &word, F &&f)
{
    word.resize(0); // keeps the buffer (clear() would free it)
    for (const QChar ch : text) {
        const char16_t u = ch.unicode();
        bool inWord;
        QChar lower = ch;
        if (u < 128) { // ASCII without the Unicode tables
            inWord = (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'\'';
            if (u >= u'A' && u <= u'Z') {
                inWord = true;
                lower = QChar(char16_t(u + 32));
            }
        } else {
            inWord = ch.isLetterOrNumber();
            lower = ch.toLower();
        }
        if (inWord) {
            word.append(lower);
        } else if (!word.isEmpty()) {
            f(word);
            word.resize(0);
        }
    }
    if (!word.isEmpty())
        f(word);
}

} // namespace

QStringList Tokenizer::terms(QStringView text)
{
    QStringList out;
    QString word;
    forEachWord(text, word, [&out](const QString &w) {
        QString t = termOf(w);
        if (!t.isEmpty())
            out.append(std::move(t));
    });
    return out;
}

namespace {

/// The first position in [it, end) whose document is >= doc, probing 1, 2,
/// 4 ... ahead before a binary search (candidates are usually close).
const qint32 *gallop(const qint32 *it, const qint32 *end, qint32 doc)
{
    if (it == end || *it >= doc)
        return it;
    size_t step = 1;
    const qint32 *lo = it; // *lo < doc
    while (size_t(end - lo) > step && lo[step] < doc) {
        lo += step;
        step <<= 1;
    }
    const qint32 *hi = size_t(end - lo) > step ? lo + step : end;
    return std::lower_bound(lo + 1, hi, doc);
}

} // namespace

int TextIndex::termId(const QString &word)
{
    const auto cached = m_wordCache.constFind(word);
    if (cached != m_wordCache.constEnd())
        return *cached;
    const QString term = Tokenizer::termOf(word);
    int id = -1;
    if (!term.isEmpty()) {
        const auto it = m_termIds.constFind(term);
        if (it != m_termIds.constEnd()) {
            id = *it;
        } else {
            id = int(m_termIds.size());
            m_termIds.insert(term, id);
        }
    }
    m_wordCache.insert(word, id);
    return id;
}

int TextIndex::add(const IndexedFields &fields, int partition)
{
    Q_ASSERT(partition >= 0 && partition < kMaxPartitions);
    m_finished = false;
    const int doc = int(m_docPartition.size());
    if (size_t(partition) >= m_partitions.size())
        m_partitions.resize(size_t(partition) + 1);
    Partition &part = m_partitions[size_t(partition)];
    std::array<quint16, 4> length {0, 0, 0, 0};
    const QString *texts[4] = {&fields.title, &fields.tags, &fields.symptoms, &fields.body};
    QString word;
    word.reserve(64);
    for (int f = 0; f < 4; ++f) {
        int n = 0;
        forEachWord(*texts[f], word, [&](const QString &w) {
            const int id = termId(w);
            if (id < 0)
                return;
            ++n;
            if (size_t(id) >= part.terms.size())
                part.terms.resize(std::max(size_t(id) + 1, part.terms.size() * 3 / 2 + 64));
            TermLists &list = part.terms[size_t(id)];
            if (list.docs.empty() || list.docs.back() != doc) {
                list.docs.push_back(doc);
                list.tf.push_back({0, 0, 0, 0});
            }
            quint8 &tf = list.tf.back()[size_t(f)];
            if (tf < 255)
                ++tf;
        });
        length[size_t(f)] = quint16(std::min(n, 65535));
    }
    m_docPartition.push_back(quint8(partition));
    m_docLength.push_back(length);
    return doc;
}

void TextIndex::finish()
{
    const size_t docs = m_docPartition.size();
    double total[4] = {0, 0, 0, 0};
    for (const auto &l : m_docLength) {
        for (int f = 0; f < 4; ++f)
            total[f] += l[size_t(f)];
    }
    double avg[4];
    for (int f = 0; f < 4; ++f)
        avg[f] = docs > 0 && total[f] > 0 ? total[f] / double(docs) : 1.0;
    const double boost[4] = {m_params.titleBoost, m_params.tagBoost, m_params.symptomBoost, m_params.bodyBoost};
    m_docNorm.resize(docs);
    for (size_t d = 0; d < docs; ++d) {
        for (int f = 0; f < 4; ++f) {
            const double norm = 1.0 - m_params.b + m_params.b * m_docLength[d][size_t(f)] / avg[f];
            m_docNorm[d][size_t(f)] = float(boost[f] / norm);
        }
    }
    const size_t terms = size_t(m_termIds.size());
    std::vector<qint64> df(terms, 0);
    for (Partition &part : m_partitions) {
        part.terms.resize(terms);
        for (size_t t = 0; t < terms; ++t)
            df[t] += qint64(part.terms[t].docs.size());
    }
    m_idf.assign(terms, 0.0f);
    for (size_t t = 0; t < terms; ++t)
        m_idf[t] = float(std::log(1.0 + (double(docs) - double(df[t]) + 0.5) / (double(df[t]) + 0.5)));
    for (Partition &part : m_partitions) {
        for (size_t t = 0; t < terms; ++t) {
            TermLists &tl = part.terms[t];
            tl.docs.shrink_to_fit();
            tl.tf.shrink_to_fit();
            tl.impacts.resize(tl.docs.size());
            float best = 0.0f;
            for (size_t i = 0; i < tl.docs.size(); ++i) {
                tl.impacts[i] = impact(tl.docs[i], tl.tf[i], m_idf[t]);
                best = std::max(best, tl.impacts[i]);
            }
            tl.maxImpact = best;
        }
    }
    m_finished = true;
}

qsizetype TextIndex::postingCount() const
{
    qsizetype n = 0;
    for (const Partition &part : m_partitions) {
        for (const TermLists &tl : part.terms)
            n += qsizetype(tl.docs.size());
    }
    return n;
}

float TextIndex::impact(int doc, const std::array<quint8, 4> &tf, float idf) const
{
    const std::array<float, 4> &norm = m_docNorm[size_t(doc)];
    const float w = tf[0] * norm[0] + tf[1] * norm[1] + tf[2] * norm[2] + tf[3] * norm[3];
    return idf * w / (float(m_params.k1) + w);
}

void TextIndex::searchPartition(const Partition &part, const std::vector<std::pair<int, float>> &query, int limit,
                                std::vector<std::pair<float, int>> &heap) const
{
    // The heap keeps the best `limit` (score, doc), the worst on top: a
    // higher score wins, an equal score goes to the lower document number.
    auto better = [](const std::pair<float, int> &a, const std::pair<float, int> &b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    };
    struct Cursor
    {
        const qint32 *it;
        const qint32 *end;
        const float *impacts; ///< aligned with the documents: impacts[it - begin]
        const qint32 *begin;
        float bound;
        float at() const { return impacts[it - begin]; }
    };
    std::vector<Cursor> cursors;
    cursors.reserve(query.size());
    for (const auto &[id, idf] : query) {
        Q_UNUSED(idf);
        if (size_t(id) >= part.terms.size())
            continue;
        const TermLists &tl = part.terms[size_t(id)];
        if (!tl.docs.empty())
            cursors.push_back(Cursor {tl.docs.data(), tl.docs.data() + tl.docs.size(), tl.impacts.data(),
                                      tl.docs.data(), tl.maxImpact});
    }
    if (cursors.empty())
        return;
    std::sort(cursors.begin(), cursors.end(), [](const Cursor &a, const Cursor &b) { return a.bound < b.bound; });
    std::vector<float> prefix(cursors.size());
    float sum = 0.0f;
    for (size_t i = 0; i < cursors.size(); ++i)
        prefix[i] = sum += cursors[i].bound;
    // The threshold is the heap's worst only once it holds `limit`; bounds
    // are compared with a little slack so float rounding never prunes a
    // document that would have tied in.
    auto threshold = [&] { return int(heap.size()) < limit ? -1.0f : heap.front().first * (1.0f - 1e-6f); };
    float theta = threshold();
    size_t essential = 0;
    while (essential < cursors.size() && prefix[essential] < theta)
        ++essential;
    while (essential < cursors.size()) {
        qint32 doc = std::numeric_limits<qint32>::max();
        for (size_t i = essential; i < cursors.size(); ++i) {
            if (cursors[i].it != cursors[i].end)
                doc = std::min(doc, *cursors[i].it);
        }
        if (doc == std::numeric_limits<qint32>::max())
            break;
        float score = 0.0f;
        for (size_t i = essential; i < cursors.size(); ++i) {
            Cursor &c = cursors[i];
            if (c.it != c.end && *c.it == doc) {
                score += c.at();
                ++c.it;
            }
        }
        bool pruned = false;
        for (size_t i = essential; i-- > 0;) {
            if (score + prefix[i] < theta) {
                pruned = true;
                break;
            }
            Cursor &c = cursors[i];
            c.it = gallop(c.it, c.end, doc);
            if (c.it != c.end && *c.it == doc)
                score += c.at();
        }
        if (pruned || score <= 0.0f)
            continue;
        const std::pair<float, int> entry {score, int(doc)};
        if (int(heap.size()) < limit) {
            heap.push_back(entry);
            std::push_heap(heap.begin(), heap.end(), better);
        } else if (better(entry, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), better);
            heap.back() = entry;
            std::push_heap(heap.begin(), heap.end(), better);
        } else {
            continue;
        }
        theta = threshold();
        while (essential < cursors.size() && prefix[essential] < theta)
            ++essential;
    }
}

QStringList TextIndex::salientTerms(const QStringList &queryTerms, int n) const
{
    QStringList unique;
    QList<double> weight;
    std::vector<int> ids; // of `unique`: a repeat is found by its id
    for (const QString &t : queryTerms) {
        const auto id = m_termIds.constFind(t);
        if (id == m_termIds.constEnd() || size_t(*id) >= m_idf.size())
            continue;
        const auto at = std::find(ids.cbegin(), ids.cend(), *id);
        if (at != ids.cend()) {
            weight[at - ids.cbegin()] += m_idf[size_t(*id)];
        } else {
            ids.push_back(*id);
            unique.append(t);
            weight.append(m_idf[size_t(*id)]);
        }
    }
    if (unique.size() <= n)
        return unique;
    QList<qsizetype> order(unique.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) { return weight[a] > weight[b]; });
    order.resize(n);
    std::sort(order.begin(), order.end());
    QStringList out;
    for (qsizetype i : std::as_const(order))
        out.append(unique[i]);
    return out;
}

QList<TextHit> TextIndex::search(const QStringList &queryTerms, int limit, quint32 partitions) const
{
    Q_ASSERT(m_finished || m_docPartition.empty());
    QList<TextHit> hits;
    if (limit <= 0 || !m_finished)
        return hits;
    // The known terms once each, in their first order (the order matched
    // terms are named in); a repeat is found by its id, not by comparing text.
    std::vector<std::pair<int, float>> query;
    QStringList known;
    for (const QString &t : queryTerms) {
        const auto it = m_termIds.constFind(t);
        if (it == m_termIds.constEnd())
            continue;
        const int id = *it;
        if (std::any_of(query.cbegin(), query.cend(), [id](const auto &q) { return q.first == id; }))
            continue;
        query.emplace_back(id, m_idf[size_t(id)]);
        known.append(t);
    }
    if (query.empty())
        return hits;
    // One heap over the chosen partitions: the best of all is the best of
    // each partition's best, and the threshold carries over.
    std::vector<std::pair<float, int>> heap;
    heap.reserve(size_t(limit) + 1);
    for (size_t p = 0; p < m_partitions.size(); ++p) {
        if (p < 32 && (partitions & (1u << p)))
            searchPartition(m_partitions[p], query, limit, heap);
    }
    std::sort(heap.begin(), heap.end(), [](const auto &a, const auto &b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    hits.reserve(qsizetype(heap.size()));
    for (const auto &[score, doc] : heap) {
        TextHit h {doc, double(score), {}};
        const Partition &part = m_partitions[m_docPartition[size_t(doc)]];
        for (size_t k = 0; k < query.size(); ++k) {
            const size_t id = size_t(query[k].first);
            if (id >= part.terms.size())
                continue;
            const std::vector<qint32> &list = part.terms[id].docs;
            const auto found = std::lower_bound(list.begin(), list.end(), doc);
            if (found != list.end() && *found == doc)
                h.matchedTerms.append(known.at(qsizetype(k)));
        }
        hits.append(std::move(h));
    }
    return hits;
}

} // namespace warroom
