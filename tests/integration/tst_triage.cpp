// Triage on request and knowledge search through the real daemon, with the
// shipped knowledge base embedded in it; and with optional embeddings from a
// loopback OpenAI-compatible /v1/embeddings server, fused with BM25 in
// knowledge search and triage, and BM25 alone when the endpoint fails.

#include "apiclient.h"
#include "daemonprocess.h"
#include "embeddingsserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;
using warroom::test::DaemonProcess;

class TestTriage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_daemon = std::make_unique<DaemonProcess>();
        m_daemon->setTriageOnIngest(true);
        QVERIFY2(m_daemon->start(), qPrintable(m_daemon->errorString()));
        QVERIFY2(!m_daemon->listeningLine().contains(u" 0 knowledge documents"_s),
                 qPrintable(m_daemon->listeningLine()));
    }

    void cleanupTestCase() { m_daemon.reset(); }

    void triageClassifiesAndProposesAPlan()
    {
        auto carol = m_daemon->client(u"carol"_s);
        const ApiResponse created = waitFor(
            carol->submitIncident({{u"title"_s, u"SAML SSO login redirect loop for all support agents"_s},
                                   {u"description"_s,
                                    u"After the IdP certificate rotation every agent bounces between the service "
                                    "provider and the identity provider; nobody can log in."_s},
                                   {u"service"_s, u"salesforce-sso"_s},
                                   {u"priority"_s, u"P1"_s}}));
        QCOMPARE(created.status, 201);
        const qint64 id = created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
        // Triage runs on ingestion by itself, shortly after the 201.
        QTRY_VERIFY_WITH_TIMEOUT(!waitFor(carol->incident(id)).json.value(u"classification"_s).toObject().isEmpty(),
                                 5000);

        // A viewer may not run triage.
        QCOMPARE(waitFor(m_daemon->client(u"dave"_s)->post(u"/api/v1/incidents/%1/triage"_s.arg(id), {})).status, 403);

        const ApiResponse r = waitFor(carol->post(u"/api/v1/incidents/%1/triage"_s.arg(id), {}));
        QCOMPARE(r.status, 200);
        const QJsonObject cls = r.json.value(u"classification"_s).toObject();
        QCOMPARE(cls.value(u"category"_s).toString(), u"authentication"_s);
        QVERIFY(cls.value(u"mim_required"_s).toBool());
        const double confidence = cls.value(u"confidence"_s).toDouble();
        QVERIFY(confidence > 0.0 && confidence <= 1.0);
        QVERIFY(cls.value(u"reasons"_s).toArray().size() >= 2);
        QCOMPARE(cls.value(u"analyst"_s).toString(), u"offline"_s);
        QVERIFY(!r.json.value(u"matches"_s).toArray().isEmpty());
        // The plan comes from a reviewed DIP, proposed by the coordinator, so people can approve it.
        const QJsonObject plan = r.json.value(u"plan"_s).toObject();
        QVERIFY2(plan.value(u"source"_s).toString().startsWith(u"dip:"_s),
                 qPrintable(plan.value(u"source"_s).toString()));
        const QJsonArray steps = plan.value(u"steps"_s).toArray();
        QVERIFY(steps.size() >= 3);
        for (const QJsonValue &s : steps)
            QCOMPARE(s.toObject().value(u"requested_by"_s).toString(), u"warroomd"_s);
        QCOMPARE(r.json.value(u"incident"_s).toObject().value(u"state"_s).toString(), u"planned"_s);

        // A second run re-classifies but leaves the plan people work on alone.
        const QString firstPlan = plan.value(u"created_at"_s).toString();
        const ApiResponse again = waitFor(carol->post(u"/api/v1/incidents/%1/triage"_s.arg(id), {}));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json.value(u"plan"_s).toObject().value(u"created_at"_s).toString(), firstPlan);

        // Each run is on the record.
        QUrlQuery q;
        q.addQueryItem(u"incident"_s, QString::number(id));
        const ApiResponse audit = waitFor(carol->get(u"/api/v1/audit"_s, q));
        int triaged = 0;
        for (const QJsonValue &e : audit.json.value(u"items"_s).toArray())
            triaged += e.toObject().value(u"type"_s).toString() == "incident.triaged"_L1;
        QCOMPARE(triaged, 3); // on ingestion, then twice on request
    }

    void planGoesToUatFirstAndSaysPromoteOnlyForProduction()
    {
        // The same DIP (its changes aimed at prod) for a production incident and
        // one in UAT: both plans run in uat first, but only production's tells
        // people to promote afterwards.
        auto carol = m_daemon->client(u"carol"_s);
        const auto planOf = [&](const QJsonObject &labels) {
            QJsonObject incident {{u"title"_s, u"checkout-api returns 5xx on every request, pods stuck"_s},
                                  {u"description"_s,
                                   u"The checkout-api error rate is above 40% since 10:00; the pods answer 503 and "
                                   "a restart is what fixed it last time."_s},
                                  {u"service"_s, u"checkout-api"_s},
                                  {u"priority"_s, u"P2"_s}};
            if (!labels.isEmpty())
                incident.insert(u"labels"_s, labels);
            const qint64 id = waitFor(carol->submitIncident(incident))
                                  .json.value(u"incident"_s)
                                  .toObject()
                                  .value(u"id"_s)
                                  .toInteger();
            QJsonArray steps;
            (void)QTest::qWaitFor(
                [&] {
                    steps = waitFor(carol->incident(id)).json.value(u"plan"_s).toObject().value(u"steps"_s).toArray();
                    return !steps.isEmpty();
                },
                5000);
            return steps;
        };
        const auto promoting = [](const QJsonArray &steps) {
            int n = 0;
            for (const QJsonValue &v : steps) {
                if (v.toObject().value(u"environment"_s).toString() == u"prod"_s)
                    return -1; // nothing goes to production unproven
                n += v.toObject().value(u"description"_s).toString().contains(u"promote it to prod"_s);
            }
            return n;
        };
        const QJsonArray production = planOf({});
        const QJsonArray uat = planOf({{u"environment"_s, u"uat"_s}});
        QVERIFY(!production.isEmpty() && production.size() == uat.size());
        QVERIFY2(promoting(production) > 0, qPrintable(QString::fromUtf8(QJsonDocument(production).toJson())));
        QCOMPARE(promoting(uat), 0);
        QCOMPARE(promoting(planOf({{u"env"_s, u"Production"_s}})), promoting(production));
    }

    void triageOnIngestion()
    {
        auto carol = m_daemon->client(u"carol"_s);
        QList<qint64> ids;
        for (int i = 0; i < 20; ++i) {
            const ApiResponse r = waitFor(carol->submitIncident(
                {{u"title"_s, u"Disk usage at 97% on log-shipper node %1, journald growing"_s.arg(i)},
                 {u"service"_s, u"log-shipper"_s},
                 {u"priority"_s, u"P3"_s}}));
            QCOMPARE(r.status, 201);
            ids.append(r.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger());
        }
        for (qint64 id : std::as_const(ids)) {
            QTRY_VERIFY_WITH_TIMEOUT(!waitFor(carol->incident(id)).json.value(u"classification"_s).toObject().isEmpty(),
                                     5000);
            const ApiResponse r = waitFor(carol->incident(id));
            QCOMPARE(r.json.value(u"classification"_s).toObject().value(u"category"_s).toString(), u"capacity"_s);
            QVERIFY(!r.json.value(u"classification"_s).toObject().value(u"mim_required"_s).toBool());
            QVERIFY(!r.json.value(u"plan"_s).toObject().value(u"steps"_s).toArray().isEmpty());
        }
        QUrlQuery q;
        q.addQueryItem(u"incident"_s, QString::number(ids.first()));
        const ApiResponse audit = waitFor(carol->get(u"/api/v1/audit"_s, q));
        QStringList types;
        for (const QJsonValue &e : audit.json.value(u"items"_s).toArray()) {
            const QJsonObject o = e.toObject();
            types.append(o.value(u"type"_s).toString() + u':' + o.value(u"actor"_s).toString());
        }
        QCOMPARE(
            types,
            (QStringList {u"incident.created:carol"_s, u"incident.triaged:warroomd"_s, u"plan.proposed:warroomd"_s}));
    }

    void peopleDecideMajorIncidents()
    {
        auto carol = m_daemon->client(u"carol"_s);
        auto alice = m_daemon->client(u"alice"_s);
        const ApiResponse created
            = waitFor(carol->submitIncident({{u"title"_s, u"Checkout API returning 503 to all customers"_s},
                                             {u"priority"_s, u"P1"_s},
                                             {u"service"_s, u"checkout-api"_s}}));
        const qint64 id = created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
        QTRY_COMPARE_WITH_TIMEOUT(
            waitFor(carol->incident(id)).json.value(u"incident"_s).toObject().value(u"major"_s).toString(),
            u"candidate"_s, 5000);
        const QString path = u"/api/v1/incidents/%1/"_s.arg(id);
        QCOMPARE(waitFor(carol->post(path + u"promote"_s, {{u"reason"_s, u"x"_s}})).status, 403);
        QCOMPARE(waitFor(alice->post(path + u"demote"_s, {})).status, 400); // a rejection needs a reason
        const ApiResponse declared
            = waitFor(alice->post(path + u"promote"_s, {{u"reason"_s, u"all checkouts fail"_s}}));
        QCOMPARE(declared.status, 200);
        const QJsonObject incident = declared.json.value(u"incident"_s).toObject();
        QCOMPARE(incident.value(u"major"_s).toString(), u"declared"_s);
        QCOMPARE(incident.value(u"major_by"_s).toString(), u"alice"_s);
        QCOMPARE(waitFor(alice->post(path + u"promote"_s, {})).status, 409);
        // Triage again: the person's decision stands.
        const ApiResponse again = waitFor(carol->post(path + u"triage"_s, {}));
        QCOMPARE(again.json.value(u"incident"_s).toObject().value(u"major"_s).toString(), u"declared"_s);
    }

    void unmatchedIncidentEscalatesInsteadOfGuessing()
    {
        auto carol = m_daemon->client(u"carol"_s);
        const ApiResponse created = waitFor(carol->submitIncident(
            {{u"title"_s, u"Strange humming noise near the third-floor plotter"_s}, {u"priority"_s, u"P4"_s}}));
        const qint64 id = created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
        const ApiResponse r = waitFor(carol->post(u"/api/v1/incidents/%1/triage"_s.arg(id), {}));
        QCOMPARE(r.status, 200);
        const QJsonObject plan = r.json.value(u"plan"_s).toObject();
        QCOMPARE(plan.value(u"source"_s).toString(), u"escalation"_s);
        for (const QJsonValue &s : plan.value(u"steps"_s).toArray())
            QVERIFY(s.toObject().value(u"playbook"_s).toString().isEmpty()); // people, not playbooks
        QVERIFY(!r.json.value(u"classification"_s).toObject().value(u"mim_required"_s).toBool());
    }

    void knowledgeSearch_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        QTest::newRow("sso") << u"saml redirect loop idp certificate"_s << QString() << 200;
        QTest::newRow("dips only") << u"disk full log archives"_s << u"dip"_s << 200;
        QTest::newRow("no query") << QString() << QString() << 400;
        QTest::newRow("unknown kind") << u"disk"_s << u"recipe"_s << 400;
    }

    void knowledgeSearch()
    {
        QFETCH(QString, query);
        QFETCH(QString, kind);
        QFETCH(int, status);
        QUrlQuery q;
        if (!query.isEmpty())
            q.addQueryItem(u"q"_s, query);
        if (!kind.isEmpty())
            q.addQueryItem(u"kind"_s, kind);
        const ApiResponse r = waitFor(m_daemon->client(u"dave"_s)->get(u"/api/v1/knowledge"_s, q));
        QCOMPARE(r.status, status);
        if (status != 200) {
            QVERIFY(!r.json.value(u"error"_s).toString().isEmpty());
            return;
        }
        const QJsonArray items = r.json.value(u"items"_s).toArray();
        QVERIFY(!items.isEmpty());
        const QJsonObject first = items.first().toObject();
        QVERIFY(!first.value(u"matched_terms"_s).toArray().isEmpty());
        // Each hit with its score, best first.
        double previous = first.value(u"score"_s).toDouble();
        QVERIFY2(previous > 0.0, QJsonDocument(first).toJson().constData());
        for (const QJsonValue &v : items) {
            const double score = v.toObject().value(u"score"_s).toDouble(-1);
            QVERIFY(score > 0.0 && score <= previous);
            previous = score;
        }
        if (!kind.isEmpty()) {
            for (const QJsonValue &v : items)
                QCOMPARE(v.toObject().value(u"kind"_s).toString(), kind);
        }
        // The document itself is one call away.
        const ApiResponse doc
            = waitFor(m_daemon->client(u"dave"_s)->get(u"/api/v1/knowledge/"_s + first.value(u"doc_id"_s).toString()));
        QCOMPARE(doc.status, 200);
        QCOMPARE(doc.json.value(u"id"_s).toString(), first.value(u"doc_id"_s).toString());
        if (query.startsWith(u"saml"_s))
            QCOMPARE(doc.json.value(u"category"_s).toString(), u"authentication"_s);
    }

    /// knowledge.embeddings on: the daemon embeds the knowledge at start-up,
    /// knowledge search and triage find by meaning what words miss, and a
    /// failing endpoint leaves BM25 without an error.
    void embeddingsFusedAndFallingBack()
    {
        // The toy model knows two words no document has.
        warroom::test::EmbeddingsServerThread endpoint(
            {{u"zorblax"_s, u"certificate"_s}, {u"frobnicated"_s, u"expired"_s}});
        QVERIFY(endpoint.listening());
        qputenv("TST_TRIAGE_EMBEDDINGS_KEY", "sk-embeddings-test");
        QTemporaryDir dir;
        QFile config(dir.filePath(u"embeddings.yaml"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("knowledge:\n  embeddings:\n    enabled: true\n    base_url: "
                     + endpoint.baseUrl().toString().toUtf8()
                     + "\n    model: toy-embed-256\n    api_key_env: TST_TRIAGE_EMBEDDINGS_KEY\n"
                       "    batch_size: 32\n    query_timeout_ms: 3000\n    retry_after_ms: 0\n");
        config.close();
        DaemonProcess daemon;
        daemon.setConfigFile(config.fileName());
        QVERIFY2(daemon.start(30000), qPrintable(daemon.errorString()));
        QVERIFY2(daemon.standardOutput().contains("knowledge documents embedded with toy-embed-256"),
                 daemon.standardOutput().constData());
        // The documents went out in batches, with the key from the variable the config names.
        const int startup = endpoint.server().requests();
        QVERIFY2(startup >= 3, qPrintable(QString::number(startup)));
        QVERIFY(endpoint.server().inputs() > 100);
        QCOMPARE(endpoint.server().lastRequestLine(), QByteArray("POST /v1/embeddings HTTP/1.1"));
        QCOMPARE(endpoint.server().lastAuthorization(), QByteArray("Bearer sk-embeddings-test"));
        QCOMPARE(endpoint.server().lastBody().value(u"model"_s).toString(), u"toy-embed-256"_s);

        auto dave = daemon.client(u"dave"_s);
        QUrlQuery q;
        q.addQueryItem(u"q"_s, u"zorblax frobnicated"_s);
        const ApiResponse meaning = waitFor(dave->get(u"/api/v1/knowledge"_s, q));
        QCOMPARE(meaning.status, 200);
        const QJsonArray found = meaning.json.value(u"items"_s).toArray();
        QVERIFY2(!found.isEmpty(), meaning.body.constData());
        const QJsonObject first = found.first().toObject();
        QVERIFY(first.value(u"matched_terms"_s).toArray().isEmpty()); // by meaning, no word in common
        const ApiResponse doc = waitFor(dave->get(u"/api/v1/knowledge/"_s + first.value(u"doc_id"_s).toString()));
        QCOMPARE(doc.json.value(u"category"_s).toString(), u"certificate"_s);
        QCOMPARE(endpoint.server().requests(), startup + 1); // one query embedding

        // Triage: the KBAs found by meaning vote, and say so.
        q.addQueryItem(u"kind"_s, u"kba"_s);
        const QJsonArray kbas = waitFor(dave->get(u"/api/v1/knowledge"_s, q)).json.value(u"items"_s).toArray();
        QVERIFY(!kbas.isEmpty());
        const QString topKba = kbas.first().toObject().value(u"doc_id"_s).toString();
        const QString topCategory
            = waitFor(dave->get(u"/api/v1/knowledge/"_s + topKba)).json.value(u"category"_s).toString();
        auto carol = daemon.client(u"carol"_s);
        const ApiResponse created = waitFor(carol->submitIncident(
            {{u"title"_s, u"zorblax frobnicated"_s}, {u"description"_s, u"frobnicated zorblax"_s}}));
        QCOMPARE(created.status, 201);
        const qint64 id = created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
        const ApiResponse triaged = waitFor(carol->post(u"/api/v1/incidents/%1/triage"_s.arg(id), {}));
        QCOMPARE(triaged.status, 200);
        const QJsonObject cls = triaged.json.value(u"classification"_s).toObject();
        QCOMPARE(cls.value(u"category"_s).toString(), topCategory);
        bool byMeaning = false;
        for (const QJsonValue &r : cls.value(u"reasons"_s).toArray()) {
            const QJsonObject reason = r.toObject();
            byMeaning = byMeaning
                || (reason.value(u"source"_s).toString() == u"kba:"_s + topKba
                    && reason.value(u"signal"_s).toString().contains(u"by meaning"_s));
        }
        QVERIFY2(byMeaning, QJsonDocument(cls).toJson().constData());

        // The endpoint fails: BM25 answers, no error for the caller.
        endpoint.server().setMode(warroom::test::EmbeddingsServer::Mode::Http500);
        const ApiResponse words = waitFor(dave->get(u"/api/v1/knowledge"_s, [] {
            QUrlQuery w;
            w.addQueryItem(u"q"_s, u"saml redirect loop idp certificate"_s);
            return w;
        }()));
        QCOMPARE(words.status, 200);
        const QJsonArray items = words.json.value(u"items"_s).toArray();
        QVERIFY(!items.isEmpty());
        QVERIFY(!items.first().toObject().value(u"matched_terms"_s).toArray().isEmpty());
        const ApiResponse again = waitFor(carol->post(u"/api/v1/incidents/%1/triage"_s.arg(id), {}));
        QCOMPARE(again.status, 200);
        const QJsonArray flags = again.json.value(u"classification"_s).toObject().value(u"flags"_s).toArray();
        QVERIFY2(!flags.isEmpty() && flags.first().toString().contains(u"BM25"_s),
                 QJsonDocument(again.json.value(u"classification"_s).toObject()).toJson().constData());
        QVERIFY(daemon.stop());
    }

    /// An unreachable endpoint at start-up: a warning, and the daemon serves with BM25.
    void embeddingsUnreachableAtStartUp()
    {
        QTemporaryDir dir;
        QFile config(dir.filePath(u"embeddings.yaml"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("knowledge:\n  embeddings:\n    enabled: true\n    base_url: http://127.0.0.1:1\n"
                     "    model: toy-embed-256\n    timeout_ms: 2000\n");
        config.close();
        DaemonProcess daemon;
        daemon.setConfigFile(config.fileName());
        QVERIFY2(daemon.start(30000), qPrintable(daemon.errorString()));
        QVERIFY2(daemon.standardError().contains("embeddings:") && daemon.standardError().contains("BM25 only"),
                 daemon.standardError().constData());
        QUrlQuery q;
        q.addQueryItem(u"q"_s, u"disk full log archives"_s);
        const ApiResponse r = waitFor(daemon.client(u"dave"_s)->get(u"/api/v1/knowledge"_s, q));
        QCOMPARE(r.status, 200);
        QVERIFY(!r.json.value(u"items"_s).toArray().isEmpty());
        QVERIFY(daemon.stop());
    }

    void unknownDocumentIs404()
    {
        QCOMPARE(waitFor(m_daemon->client(u"dave"_s)->get(u"/api/v1/knowledge/KBA-NOPE-999"_s)).status, 404);
        QCOMPARE(waitFor(m_daemon->client()->get(u"/api/v1/knowledge"_s)).status, 401);
    }

private:
    std::unique_ptr<DaemonProcess> m_daemon;
};

QTEST_GUILESS_MAIN(TestTriage)
#include "tst_triage.moc"
