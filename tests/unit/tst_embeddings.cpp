// Optional embeddings: reciprocal rank fusion as a pure function, the
// OpenAI-compatible /v1/embeddings client against a loopback server that
// speaks the real JSON shape (deterministic "concept" vectors), document
// vectors fused with BM25, and failing or silent endpoints that leave
// BM25 alone without an error for the caller.

#include "embeddings.h"
#include "knowledgebase.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

/// Deterministic vectors with a little meaning: words of one concept share
/// a dimension (umbrella/rain/parasol ...), other words fall in hashed ones.
std::vector<float> conceptVector(const QString &text)
{
    static const QList<QStringList> concepts {
        {u"umbrella"_s, u"umbrellas"_s, u"rain"_s, u"parasol"_s, u"drizzle"_s, u"wet"_s},
        {u"disk"_s, u"storage"_s, u"volume"_s, u"filesystem"_s, u"full"_s},
        {u"login"_s, u"sso"_s, u"signin"_s, u"password"_s},
    };
    std::vector<float> v(16, 0.0f);
    static const QRegularExpression split(u"[^a-z]+"_s);
    for (const QString &w : text.toLower().split(split, Qt::SkipEmptyParts)) {
        bool found = false;
        for (qsizetype c = 0; c < concepts.size(); ++c) {
            if (concepts.at(c).contains(w)) {
                v[size_t(c)] += 1.0f;
                found = true;
            }
        }
        if (!found)
            v[3 + qHash(w, 7) % 13] += 0.05f;
    }
    return v;
}

/// A loopback HTTP/1.1 server for POST /v1/embeddings.
class FakeEmbeddingsServer : public QObject
{
public:
    enum class Mode { Ok, Http500, Silent, WrongCount };

    explicit FakeEmbeddingsServer(Mode mode)
        : m_mode(mode)
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    QUrl baseUrl() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }

    int requests = 0;
    QByteArray lastRequestLine;
    QByteArray lastAuthorization;
    QJsonObject lastBody;

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        qsizetype length = 0;
        QByteArray authorization;
        for (const QByteArray &line : lines) {
            const QByteArray l = line.trimmed();
            if (l.toLower().startsWith("content-length:"))
                length = l.mid(15).trimmed().toLongLong();
            if (l.toLower().startsWith("authorization:"))
                authorization = l.mid(14).trimmed();
        }
        if (buffer.size() < headerEnd + 4 + length)
            return;
        ++requests;
        lastRequestLine = lines.first().trimmed();
        lastAuthorization = authorization;
        lastBody = QJsonDocument::fromJson(buffer.mid(headerEnd + 4, length)).object();
        m_buffers.remove(socket);
        if (m_mode == Mode::Silent)
            return; // accept, read, never answer
        QByteArray status = "200 OK";
        QByteArray payload;
        if (m_mode == Mode::Http500) {
            status = "500 Internal Server Error";
            payload = R"({"error":{"message":"model overloaded","type":"server_error"}})";
        } else {
            const QJsonArray input = lastBody.value(u"input"_s).toArray();
            QJsonArray data;
            // Answer in reverse order: the client must place vectors by "index".
            for (qsizetype i = input.size() - 1; i >= 0; --i) {
                QJsonArray embedding;
                for (float x : conceptVector(input.at(i).toString()))
                    embedding.append(double(x));
                data.append(
                    QJsonObject {{u"object"_s, u"embedding"_s}, {u"index"_s, int(i)}, {u"embedding"_s, embedding}});
            }
            if (m_mode == Mode::WrongCount && !data.isEmpty())
                data.removeLast();
            payload = QJsonDocument(QJsonObject {{u"object"_s, u"list"_s},
                                                 {u"data"_s, data},
                                                 {u"model"_s, lastBody.value(u"model"_s)},
                                                 {u"usage"_s,
                                                  QJsonObject {{u"prompt_tokens"_s, int(input.size() * 4)},
                                                               {u"total_tokens"_s, int(input.size() * 4)}}}})
                          .toJson(QJsonDocument::Compact);
        }
        socket->write("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
                      + QByteArray::number(payload.size()) + "\r\nConnection: close\r\n\r\n" + payload);
        socket->disconnectFromHost();
    }

    Mode m_mode;
    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

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

EmbeddingsConfig configFor(const FakeEmbeddingsServer &server, int timeoutMs = 3000)
{
    EmbeddingsConfig c;
    c.enabled = true;
    c.baseUrl = server.baseUrl();
    c.model = u"fake-embed-16"_s;
    c.apiKeyEnv = u"WARROOM_TEST_EMBEDDINGS_KEY"_s;
    c.timeoutMs = timeoutMs;
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

    void clientSpeaksTheWireFormat()
    {
        FakeEmbeddingsServer server(FakeEmbeddingsServer::Mode::Ok);
        const EmbeddingsClient client(configFor(server));
        const Expected<QList<std::vector<float>>> vectors = client.embed({u"rain"_s, u"disk full"_s});
        QVERIFY2(vectors.hasValue(), qPrintable(vectors ? QString() : vectors.error().message));
        QCOMPARE(server.lastRequestLine, QByteArray("POST /v1/embeddings HTTP/1.1"));
        QCOMPARE(server.lastAuthorization, QByteArray("Bearer sk-test-123"));
        QCOMPARE(server.lastBody.value(u"model"_s).toString(), u"fake-embed-16"_s);
        QCOMPARE(server.lastBody.value(u"input"_s).toArray(), (QJsonArray {u"rain"_s, u"disk full"_s}));
        // Answered in reverse order, placed by index.
        QCOMPARE(vectors->size(), 2);
        QCOMPARE(vectors->at(0), conceptVector(u"rain"_s));
        QCOMPARE(vectors->at(1), conceptVector(u"disk full"_s));
        // A base URL that already ends in /v1 is not doubled.
        EmbeddingsConfig v1 = configFor(server);
        v1.baseUrl = QUrl(server.baseUrl().toString() + u"/v1/"_s);
        QCOMPARE(EmbeddingsClient(v1).endpoint().path(), u"/v1/embeddings"_s);
    }

    void fusionFindsWhatWordsMiss()
    {
        FakeEmbeddingsServer server(FakeEmbeddingsServer::Mode::Ok);
        const KnowledgeBase kb = smallKnowledge();
        const EmbeddingsClient client(configFor(server));
        SemanticIndex index;
        const Expected<int> built = index.build(kb, client);
        QVERIFY2(built.hasValue(), qPrintable(built ? QString() : built.error().message));
        QCOMPARE(*built, 3);
        QCOMPARE(server.requests, 2); // batches of two
        // No word in common with any document: BM25 finds nothing ...
        QVERIFY(kb.search(u"umbrella broken"_s, 5).isEmpty());
        // ... the vectors do.
        const HybridRetriever hybrid(kb, &client, &index);
        const QList<KnowledgeMatch> hits = hybrid.search(u"umbrella broken"_s, 2);
        QVERIFY2(hybrid.lastFallback().isEmpty(), qPrintable(hybrid.lastFallback()));
        QCOMPARE(hits.first().docId, u"KBA-RAIN"_s);
        QCOMPARE(hits.first().kind, u"kba"_s);
        QVERIFY(hits.first().matchedTerms.isEmpty()); // found by meaning, not by words
        // Both lists agree on the disk article: it leads, and keeps its matched terms.
        const QList<KnowledgeMatch> both = hybrid.search(u"disk full, umbrella"_s, 3);
        QCOMPARE(both.first().docId, u"KBA-DISK"_s);
        QVERIFY(both.first().matchedTerms.contains(u"disk"_s));
        QVERIFY(ids(both).contains(u"KBA-RAIN"_s));
        QVERIFY(qAbs(both.first().score - 2.0 / 61) < 1e-9);
        // The kind filter holds on the vector side too.
        QVERIFY(hybrid.search(u"umbrella"_s, 3, {u"dip"_s}).isEmpty());
    }

    void failingEndpointLeavesBm25()
    {
        const KnowledgeBase kb = smallKnowledge();
        FakeEmbeddingsServer good(FakeEmbeddingsServer::Mode::Ok);
        SemanticIndex index;
        QVERIFY(index.build(kb, EmbeddingsClient(configFor(good))).hasValue());
        for (const FakeEmbeddingsServer::Mode mode :
             {FakeEmbeddingsServer::Mode::Http500, FakeEmbeddingsServer::Mode::WrongCount}) {
            FakeEmbeddingsServer bad(mode);
            const EmbeddingsClient client(configFor(bad));
            const HybridRetriever hybrid(kb, &client, &index);
            const QList<KnowledgeMatch> hits = hybrid.search(u"disk full on the log host"_s, 3);
            QCOMPARE(hits, kb.search(u"disk full on the log host"_s, 3)); // exactly BM25
            QCOMPARE(bad.requests, 1);
            QVERIFY(!hybrid.lastFallback().isEmpty());
            if (mode == FakeEmbeddingsServer::Mode::Http500)
                QVERIFY2(hybrid.lastFallback().contains(u"500"_s), qPrintable(hybrid.lastFallback()));
            // Building from a failing endpoint fails as a whole and keeps nothing half-built.
            SemanticIndex broken;
            const Expected<int> built = broken.build(kb, client);
            QVERIFY(!built.hasValue());
            QVERIFY(broken.isEmpty());
        }
        // Nothing listens: also BM25.
        EmbeddingsConfig closed = configFor(good);
        closed.baseUrl = QUrl(u"http://127.0.0.1:1"_s);
        const EmbeddingsClient refused(closed);
        QCOMPARE(HybridRetriever(kb, &refused, &index).search(u"login loop"_s, 2), kb.search(u"login loop"_s, 2));
    }

    void silentEndpointTimesOut()
    {
        const KnowledgeBase kb = smallKnowledge();
        FakeEmbeddingsServer good(FakeEmbeddingsServer::Mode::Ok);
        SemanticIndex index;
        QVERIFY(index.build(kb, EmbeddingsClient(configFor(good))).hasValue());
        FakeEmbeddingsServer silent(FakeEmbeddingsServer::Mode::Silent);
        const EmbeddingsClient client(configFor(silent, 300));
        const HybridRetriever hybrid(kb, &client, &index);
        QElapsedTimer timer;
        timer.start();
        const QList<KnowledgeMatch> hits = hybrid.search(u"SSO login loop"_s, 2);
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(hits, kb.search(u"SSO login loop"_s, 2));
        QCOMPARE(silent.requests, 1);
        QVERIFY2(hybrid.lastFallback().contains(u"timed out"_s), qPrintable(hybrid.lastFallback()));
    }

    void disabledMakesNoCall()
    {
        const KnowledgeBase kb = smallKnowledge();
        FakeEmbeddingsServer server(FakeEmbeddingsServer::Mode::Ok);
        EmbeddingsConfig off = configFor(server);
        off.enabled = false;
        const EmbeddingsClient client(off);
        SemanticIndex index;
        index.add(u"KBA-RAIN"_s, conceptVector(u"rain"_s));
        const HybridRetriever hybrid(kb, &client, &index);
        QCOMPARE(hybrid.search(u"disk full"_s, 2), kb.search(u"disk full"_s, 2));
        QCOMPARE(server.requests, 0);
        QCOMPARE(hybrid.lastFallback(), u"embeddings are disabled"_s);
        // Bad configuration is an error, not a crash.
        EmbeddingsConfig noUrl;
        noUrl.enabled = true;
        QVERIFY(!EmbeddingsClient(noUrl).embed({u"x"_s}).hasValue());
    }
};

QTEST_GUILESS_MAIN(TestEmbeddings)
#include "tst_embeddings.moc"
