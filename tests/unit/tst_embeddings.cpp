// Optional embeddings: reciprocal rank fusion as a pure function, the
// OpenAI-compatible /v1/embeddings client against a loopback server that
// speaks the real wire format, SemanticSearch attached to the knowledge base
// (knowledge search and the offline analyst fuse BM25 with it), the
// fallback to BM25 when the endpoint fails, times out or answers badly, and
// the knowledge.embeddings configuration.

#include "config.h"
#include "embeddings.h"
#include "embeddingsserver.h"
#include "knowledgebase.h"
#include "offlineanalyst.h"
#include "textindex.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;
using warroom::test::EmbeddingsServer;
using warroom::test::EmbeddingsServerThread;

namespace {

/// What the toy model knows that words do not: these mean rain.
const QHash<QString, QString> kMeanings {
    {u"umbrella"_s, u"rain"_s}, {u"drenched"_s, u"rain"_s}, {u"soaked"_s, u"rain"_s}};

KnowledgeDoc kba(const QString &id, const QString &title, const QString &category, const QString &symptoms)
{
    KnowledgeDoc d;
    d.id = id;
    d.kind = u"kba"_s;
    d.title = title;
    d.category = category;
    d.item = QJsonObject {{u"id"_s, id}, {u"title"_s, title}, {u"symptoms"_s, symptoms}};
    return d;
}

KnowledgeBase smallKnowledge()
{
    KnowledgeBase kb;
    kb.addDocument(kba(u"KBA-RAIN"_s, u"Rain protection gear failure"_s, u"availability"_s,
                       u"Staff get wet walking between buildings."_s));
    kb.addDocument(
        kba(u"KBA-DISK"_s, u"Log host disk full"_s, u"capacity"_s, u"The /var/log filesystem is at 95 percent."_s));
    kb.addDocument(
        kba(u"KBA-SSO"_s, u"SSO login loop"_s, u"authentication"_s, u"Users bounce between the IdP and the app."_s));
    kb.rebuildIndex();
    return kb;
}

EmbeddingsConfig configFor(const QUrl &baseUrl, int queryTimeoutMs = 3000)
{
    EmbeddingsConfig c;
    c.enabled = true;
    c.baseUrl = baseUrl;
    c.model = u"toy-embed-256"_s;
    c.apiKeyEnv = u"WARROOM_TEST_EMBEDDINGS_KEY"_s;
    c.timeoutMs = 3000;
    c.queryTimeoutMs = queryTimeoutMs;
    c.batchSize = 2;
    return c;
}

QStringList ids(const QList<KnowledgeMatch> &matches)
{
    QStringList out;
    for (const KnowledgeMatch &m : matches)
        out.append(m.docId);
    return out;
}

/// BM25 alone, as the knowledge base ranks without embeddings.
QList<KnowledgeMatch> bm25(const KnowledgeBase &kb, const QString &text, int limit)
{
    return kb.searchTerms(Tokenizer::terms(text), limit);
}

} // namespace

class TestEmbeddings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qputenv("WARROOM_TEST_EMBEDDINGS_KEY", "sk-test-123"); }

    void fusion_data()
    {
        QTest::addColumn<QList<QStringList>>("lists");
        QTest::addColumn<int>("k");
        QTest::addColumn<QStringList>("order");
        QTest::addColumn<double>("topScore");
        QTest::newRow("agreement wins") << QList<QStringList> {{u"a"_s, u"b"_s, u"c"_s}, {u"c"_s, u"a"_s}} << 60
                                        << QStringList {u"a"_s, u"c"_s, u"b"_s} << (1.0 / 61 + 1.0 / 62);
        QTest::newRow("best rank of a repeated id")
            << QList<QStringList> {{u"a"_s, u"a"_s, u"b"_s}} << 60 << QStringList {u"a"_s, u"b"_s} << 1.0 / 61;
        QTest::newRow("ties keep first appearance")
            << QList<QStringList> {{u"x"_s}, {u"y"_s}} << 60 << QStringList {u"x"_s, u"y"_s} << 1.0 / 61;
        QTest::newRow("small k") << QList<QStringList> {{u"a"_s}, {u"b"_s, u"a"_s}} << 0 << QStringList {u"a"_s, u"b"_s}
                                 << 1.5;
        QTest::newRow("empty") << QList<QStringList> {{}, {}} << 60 << QStringList {} << 0.0;
    }

    void fusion()
    {
        QFETCH(QList<QStringList>, lists);
        QFETCH(int, k);
        QFETCH(QStringList, order);
        QFETCH(double, topScore);
        QList<QList<RankedHit>> in;
        for (const QStringList &l : std::as_const(lists)) {
            QList<RankedHit> hits;
            for (const QString &id : l)
                hits.append(RankedHit {id, 42.0}); // input scores do not matter, ranks do
            in.append(hits);
        }
        const QList<RankedHit> fused = reciprocalRankFusion(in, k);
        QStringList got;
        for (const RankedHit &h : fused)
            got.append(h.id);
        QCOMPARE(got, order);
        if (!fused.isEmpty())
            QVERIFY(qAbs(fused.first().score - topScore) < 1e-12);
    }

    void fusedScoresKeepTheLexicalScale()
    {
        const KnowledgeBase kb = smallKnowledge();
        const QList<KnowledgeMatch> lexical {{u"KBA-DISK"_s, u"kba"_s, u"Log host disk full"_s, 7.0, {u"disk"_s}},
                                             {u"KBA-SSO"_s, u"kba"_s, u"SSO login loop"_s, 3.0, {u"login"_s}}};
        const QList<RankedHit> semantic {{u"KBA-RAIN"_s, 0.9}, {u"KBA-DISK"_s, 0.8}};
        const QList<KnowledgeMatch> fused = fuseMatches(kb, lexical, semantic, 5, FusedScore::LexicalScale);
        QCOMPARE(ids(fused), (QStringList {u"KBA-DISK"_s, u"KBA-RAIN"_s, u"KBA-SSO"_s}));
        QCOMPARE(fused.at(0).score, 7.0); // the n-th gets the n-th BM25 score
        QCOMPARE(fused.at(1).score, 3.0);
        QCOMPARE(fused.at(2).score, 3.0); // past the BM25 list: its last score
        QVERIFY(fused.at(1).matchedTerms.isEmpty()); // found by meaning
        QCOMPARE(fused.at(0).matchedTerms, QStringList {u"disk"_s});
        // No lexical match at all: the similarity is the score.
        const QList<KnowledgeMatch> meaningOnly = fuseMatches(kb, {}, semantic, 5, FusedScore::LexicalScale);
        QCOMPARE(meaningOnly.first().score, 0.9);
        // No semantic list: BM25 unchanged.
        QCOMPARE(fuseMatches(kb, lexical, {}, 5, FusedScore::Rrf), lexical);
    }

    void clientSpeaksTheWireFormat()
    {
        EmbeddingsServer server(kMeanings);
        QVERIFY(server.listen());
        const EmbeddingsClient client(configFor(server.baseUrl()));
        const Expected<QList<std::vector<float>>> vectors = client.embed({u"rain"_s, u"disk full"_s});
        QVERIFY2(vectors.hasValue(), qPrintable(vectors ? QString() : vectors.error().message));
        QCOMPARE(server.lastRequestLine(), QByteArray("POST /v1/embeddings HTTP/1.1"));
        QCOMPARE(server.lastAuthorization(), QByteArray("Bearer sk-test-123"));
        QCOMPARE(server.lastBody().value(u"model"_s).toString(), u"toy-embed-256"_s);
        QCOMPARE(server.lastBody().value(u"input"_s).toArray(), (QJsonArray {u"rain"_s, u"disk full"_s}));
        // Answered in reverse order, placed by index.
        QCOMPARE(vectors->size(), 2);
        QCOMPARE(vectors->at(0), test::toyEmbedding(u"rain"_s, kMeanings));
        QCOMPARE(vectors->at(1), test::toyEmbedding(u"disk full"_s, kMeanings));
        // A base URL that already ends in /v1 is not doubled.
        EmbeddingsConfig v1 = configFor(server.baseUrl());
        v1.baseUrl = QUrl(server.baseUrl().toString() + u"/v1/"_s);
        QCOMPARE(EmbeddingsClient(v1).endpoint().path(), u"/v1/embeddings"_s);
    }

    void knowledgeSearchFusesWhatWordsMiss()
    {
        EmbeddingsServerThread endpoint(kMeanings);
        QVERIFY(endpoint.listening());
        KnowledgeBase kb = smallKnowledge();
        auto semantic = std::make_shared<SemanticSearch>(configFor(endpoint.baseUrl()));
        const Expected<int> built = semantic->build(kb);
        QVERIFY2(built.hasValue(), qPrintable(built ? QString() : built.error().message));
        QCOMPARE(*built, 3);
        QCOMPARE(endpoint.server().requests(), 2); // batches of two
        // No word in common with any document: BM25 finds nothing ...
        QVERIFY(kb.search(u"umbrella broken"_s, 5).isEmpty());
        kb.setSemanticSearch(semantic);
        // ... the vectors do.
        const QList<KnowledgeMatch> hits = kb.search(u"umbrella broken"_s, 2);
        QVERIFY(!hits.isEmpty());
        QCOMPARE(hits.first().docId, u"KBA-RAIN"_s);
        QCOMPARE(hits.first().kind, u"kba"_s);
        QVERIFY(hits.first().matchedTerms.isEmpty()); // found by meaning, not by words
        QCOMPARE(endpoint.server().requests(), 3); // one query embedding
        // Both lists agree on the disk article: it leads, keeps its matched terms, scores the fused sum.
        const QList<KnowledgeMatch> both = kb.search(u"disk full, umbrella"_s, 3);
        QCOMPARE(both.first().docId, u"KBA-DISK"_s);
        QVERIFY(both.first().matchedTerms.contains(u"disk"_s));
        QVERIFY(ids(both).contains(u"KBA-RAIN"_s));
        QVERIFY(qAbs(both.first().score - 2.0 / 61) < 1e-9);
        // The kind filter holds on the vector side too.
        QVERIFY(kb.search(u"umbrella"_s, 3, {u"dip"_s}).isEmpty());
        QCOMPARE(semantic->failures(), 0);
    }

    void failingEndpointLeavesBm25_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("why");
        QTest::newRow("HTTP 500") << int(EmbeddingsServer::Mode::Http500) << u"HTTP 500"_s;
        QTest::newRow("wrong number of vectors") << int(EmbeddingsServer::Mode::WrongCount) << u"not a list of 1"_s;
        QTest::newRow("silent") << int(EmbeddingsServer::Mode::Silent) << u"timed out"_s;
    }

    void failingEndpointLeavesBm25()
    {
        QFETCH(int, mode);
        QFETCH(QString, why);
        EmbeddingsServerThread endpoint(kMeanings);
        QVERIFY(endpoint.listening());
        KnowledgeBase kb = smallKnowledge();
        EmbeddingsConfig config = configFor(endpoint.baseUrl(), 400);
        config.retryAfterMs = 60000;
        auto semantic = std::make_shared<SemanticSearch>(config);
        QVERIFY(semantic->build(kb).hasValue());
        kb.setSemanticSearch(semantic);
        endpoint.server().setMode(EmbeddingsServer::Mode(mode));
        const int before = endpoint.server().requests();
        const QString text = u"disk full on the log host"_s;
        QElapsedTimer timer;
        timer.start();
        QString reason;
        QVERIFY(semantic->similar(kb, text, 5, {}, &reason).isEmpty());
        QVERIFY2(reason.contains(why), qPrintable(reason));
        QVERIFY(timer.elapsed() < 3000); // the query timeout, not the build timeout
        QCOMPARE(kb.search(text, 3), bm25(kb, text, 3)); // exactly BM25
        // Within retry_after the endpoint is left alone: no further request, the reason says so.
        QCOMPARE(endpoint.server().requests(), before + 1);
        QVERIFY(semantic->similar(kb, text, 5, {}, &reason).isEmpty());
        QVERIFY2(reason.contains(u"failed"_s) && reason.contains(u"BM25 only"_s), qPrintable(reason));
        QCOMPARE(semantic->failures(), 1);
        // Building from a failing endpoint fails as a whole and keeps nothing half-built.
        if (mode != int(EmbeddingsServer::Mode::Silent)) {
            SemanticSearch broken(config);
            QVERIFY(!broken.build(kb).hasValue());
            QCOMPARE(broken.size(), 0);
            QVERIFY(!broken.similar(kb, text, 5, {}, &reason).size());
            QVERIFY2(reason.contains(u"no document vectors"_s), qPrintable(reason));
        }
    }

    void nothingListening()
    {
        KnowledgeBase kb = smallKnowledge();
        EmbeddingsServerThread endpoint(kMeanings);
        auto semantic = std::make_shared<SemanticSearch>(configFor(QUrl(u"http://127.0.0.1:1"_s)));
        SemanticIndex index;
        QVERIFY(index.build(kb, EmbeddingsClient(configFor(endpoint.baseUrl()))).hasValue());
        semantic->setIndex(index);
        kb.setSemanticSearch(semantic);
        QCOMPARE(kb.search(u"login loop"_s, 2), bm25(kb, u"login loop"_s, 2));
        QCOMPARE(semantic->failures(), 1);
    }

    void disabledMakesNoCall()
    {
        EmbeddingsServerThread endpoint(kMeanings);
        KnowledgeBase kb = smallKnowledge();
        EmbeddingsConfig off = configFor(endpoint.baseUrl());
        off.enabled = false;
        auto semantic = std::make_shared<SemanticSearch>(off);
        SemanticIndex index;
        index.add(u"KBA-RAIN"_s, test::toyEmbedding(u"rain"_s, kMeanings));
        semantic->setIndex(index);
        kb.setSemanticSearch(semantic);
        QString reason;
        QVERIFY(semantic->similar(kb, u"disk full"_s, 2, {}, &reason).isEmpty());
        QCOMPARE(reason, u"embeddings are disabled"_s);
        QCOMPARE(kb.search(u"disk full"_s, 2), bm25(kb, u"disk full"_s, 2));
        QCOMPARE(endpoint.server().requests(), 0);
        QVERIFY(!semantic->build(kb).hasValue());
        // Bad configuration is an error, not a crash.
        EmbeddingsConfig noUrl;
        noUrl.enabled = true;
        QVERIFY(!EmbeddingsClient(noUrl).embed({u"x"_s}).hasValue());
    }

    void analystFusesEmbeddings()
    {
        EmbeddingsServerThread endpoint(kMeanings);
        QVERIFY(endpoint.listening());
        KnowledgeBase kb = smallKnowledge();
        Incident soaked;
        soaked.title = u"Everyone drenched at the entrance, umbrella stand broken"_s;
        const OfflineAnalyst analyst(kb);
        // Words alone: nothing in the knowledge says so.
        QVERIFY(analyst.analyse(soaked).classification.category != "availability"_L1);
        auto semantic = std::make_shared<SemanticSearch>(configFor(endpoint.baseUrl()));
        QVERIFY(semantic->build(kb).hasValue());
        kb.setSemanticSearch(semantic);
        const TriageResult fused = analyst.analyse(soaked);
        QCOMPARE(fused.classification.category, u"availability"_s);
        bool byMeaning = false;
        for (const Reason &r : fused.classification.reasons)
            byMeaning = byMeaning || (r.source == "kba:KBA-RAIN"_L1 && r.signal.contains(u"by meaning"_s));
        QVERIFY2(byMeaning, qPrintable(fused.classification.reasons.value(0).signal));
        QVERIFY(fused.classification.flags.isEmpty());
        // The endpoint fails: words only, and the classification says so.
        endpoint.server().setMode(EmbeddingsServer::Mode::Http500);
        const TriageResult fallback = analyst.analyse(soaked);
        QVERIFY(fallback.classification.category != "availability"_L1);
        QVERIFY(!fallback.classification.flags.isEmpty());
        QVERIFY2(fallback.classification.flags.first().contains(u"BM25"_s),
                 qPrintable(fallback.classification.flags.first()));
        // A retrieval aid failed, not the analysis: it escalates only as far as its plan does (none matched).
        QCOMPARE(fallback.classification.escalate, fallback.plan.source == "escalation"_L1);
        QVERIFY2(!fallback.classification.escalationReason.contains(u"embedding"_s, Qt::CaseInsensitive),
                 qPrintable(fallback.classification.escalationReason));
    }

    void configuration()
    {
        const QByteArray yaml = "knowledge:\n"
                                "  embeddings:\n"
                                "    enabled: true\n"
                                "    base_url: http://127.0.0.1:8080\n"
                                "    model: text-embedding-3-small\n"
                                "    api_key_env: MY_EMBEDDINGS_KEY\n"
                                "    query_timeout_ms: 800\n";
        const Expected<Config> c = Config::fromYaml(yaml, u"test.yaml"_s);
        QVERIFY2(c.hasValue(), qPrintable(c ? QString() : c.error().message));
        QVERIFY(c->embeddings.enabled);
        QCOMPARE(c->embeddings.baseUrl, QUrl(u"http://127.0.0.1:8080"_s));
        QCOMPARE(c->embeddings.model, u"text-embedding-3-small"_s);
        QCOMPARE(c->embeddings.apiKeyEnv, u"MY_EMBEDDINGS_KEY"_s);
        QCOMPARE(c->embeddings.queryTimeoutMs, 800);
        QCOMPARE(c->embeddings.timeoutMs, 5000);
        // Off by default.
        QVERIFY(!Config().embeddings.enabled);
        QVERIFY(!Config::fromYaml("knowledge:\n  directories: []\n")->embeddings.enabled);
        // Bad input is a clear error with the file and line.
        const Expected<Config> unknown = Config::fromYaml("knowledge:\n  embeddings:\n    modle: x\n", u"t.yaml"_s);
        QVERIFY(!unknown.hasValue());
        QVERIFY2(unknown.error().message.startsWith(u"t.yaml:3: "_s)
                     && unknown.error().message.contains(u"unknown key \"modle\""_s),
                 qPrintable(unknown.error().message));
        const Expected<Config> noModel
            = Config::fromYaml("knowledge:\n  embeddings:\n    enabled: true\n    base_url: http://127.0.0.1:1\n");
        QVERIFY(!noModel.hasValue());
        QVERIFY2(noModel.error().message.contains(u"need a model"_s), qPrintable(noModel.error().message));
        const Expected<Config> badUrl
            = Config::fromYaml("knowledge:\n  embeddings:\n    enabled: true\n    base_url: ftp://x\n    model: m\n");
        QVERIFY(!badUrl.hasValue());
        QVERIFY2(badUrl.error().message.contains(u"base_url"_s), qPrintable(badUrl.error().message));
        // The environment turns them on and names the endpoint.
        Config fromEnv;
        fromEnv.embeddings.model = u"m"_s;
        QProcessEnvironment env;
        env.insert(u"WARROOM_EMBEDDINGS_BASE_URL"_s, u"http://127.0.0.1:9999"_s);
        env.insert(u"WARROOM_EMBEDDINGS_MODEL"_s, u"nomic-embed-text"_s);
        fromEnv.applyEnvironment(env);
        QVERIFY(fromEnv.embeddings.enabled);
        QCOMPARE(fromEnv.embeddings.baseUrl.port(), 9999);
        QCOMPARE(fromEnv.embeddings.model, u"nomic-embed-text"_s);
        QVERIFY2(fromEnv.validate().ok(), qPrintable(fromEnv.validate().error().message));
        // A key is never sent over plain HTTP off the machine.
        qputenv("WARROOM_TEST_REMOTE_KEY", "sk-remote");
        Config remote = fromEnv;
        remote.embeddings.baseUrl = QUrl(u"http://embeddings.example.com"_s);
        remote.embeddings.apiKeyEnv = u"WARROOM_TEST_REMOTE_KEY"_s;
        QVERIFY(!remote.validate().ok());
        QVERIFY2(remote.validate().error().message.contains(u"plain HTTP"_s),
                 qPrintable(remote.validate().error().message));
    }
};

QTEST_GUILESS_MAIN(TestEmbeddings)
#include "tst_embeddings.moc"
