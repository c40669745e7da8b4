// Deferred answers in the API server, in process and on loopback, with the
// event loop under the test's control: answers on one connection leave in
// the order of its requests, an answer for a connection that has gone is
// dropped, and the webhooks of one event-loop turn commit in one
// transaction with each request answered with its own results.

#include "apiserver.h"
#include "coordinator.h"
#include "ingestapi.h"
#include "ingestor.h"
#include "sqlitestore.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

const QString kToken = u"deferred-test-token"_s;

/// Responses read off one keep-alive connection, in order.
class Client
{
public:
    explicit Client(quint16 port) { m_socket.connectToHost(u"127.0.0.1"_s, port); }
    bool connected() { return m_socket.waitForConnected(3000); }
    static QByteArray request(const QByteArray &method, const QByteArray &path, const QByteArray &body = {})
    {
        return method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + kToken.toUtf8()
            + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n"
            + body;
    }
    void send(const QByteArray &method, const QByteArray &path, const QByteArray &body = {})
    {
        sendRaw(request(method, path, body));
    }
    /// One write: requests pipelined in it reach the server in one read.
    void sendRaw(const QByteArray &requests)
    {
        m_socket.write(requests);
        m_socket.flush();
    }
    /// Whatever complete responses have arrived (status, body).
    QList<QPair<int, QJsonObject>> responses()
    {
        m_buffer += m_socket.readAll();
        static const QRegularExpression kLength(u"(?i)content-length:\\s*(\\d+)"_s);
        for (;;) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                break;
            const QString head = QString::fromLatin1(m_buffer.left(end));
            const qsizetype length = kLength.match(head).captured(1).toLongLong();
            if (m_buffer.size() < end + 4 + length)
                break;
            m_done.append({head.mid(9, 3).toInt(), QJsonDocument::fromJson(m_buffer.mid(end + 4, length)).object()});
            m_buffer.remove(0, end + 4 + length);
        }
        return m_done;
    }
    void close() { m_socket.abort(); }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    QList<QPair<int, QJsonObject>> m_done;
};

QByteArray alertmanagerWebhook(const QString &group, int alerts)
{
    QJsonArray list;
    for (int k = 0; k < alerts; ++k) {
        list.append(QJsonObject {
            {u"status"_s, u"firing"_s},
            {u"labels"_s,
             QJsonObject {{u"alertname"_s, group}, {u"service"_s, group.toLower()}, {u"instance"_s, u"h%1"_s.arg(k)}}},
            {u"annotations"_s, QJsonObject {{u"summary"_s, u"disk usage above 90% on %1"_s.arg(group)}}},
            {u"startsAt"_s, u"2026-12-02T00:00:00Z"_s},
            {u"fingerprint"_s, u"%1-%2"_s.arg(group).arg(k)}});
    }
    return QJsonDocument(QJsonObject {{u"version"_s, u"4"_s},
                                      {u"groupKey"_s, u"{}:{alertname=\"%1\"}"_s.arg(group)},
                                      {u"status"_s, u"firing"_s},
                                      {u"receiver"_s, u"warroom"_s},
                                      {u"groupLabels"_s, QJsonObject {{u"alertname"_s, group}}},
                                      {u"commonLabels"_s, QJsonObject {{u"alertname"_s, group}}},
                                      {u"commonAnnotations"_s, QJsonObject {}},
                                      {u"externalURL"_s, u"http://alertmanager.example:9093"_s},
                                      {u"alerts"_s, list}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestDeferred final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<SqliteStore> m_store;
    Config m_config;
    std::unique_ptr<Coordinator> m_coordinator;
    std::unique_ptr<Authenticator> m_auth;
    std::unique_ptr<ApiServer> m_server;
    std::unique_ptr<Ingestor> m_ingestor;
    std::unique_ptr<IngestApi> m_ingestApi;
    quint16 m_port = 0;
    QList<ApiServer::Reply> m_held; ///< answers the test route keeps until told

private Q_SLOTS:
    void initTestCase()
    {
        m_store = std::make_unique<SqliteStore>(m_dir.filePath(u"deferred.db"_s));
        QVERIFY(m_store->open());
        m_config.listenPort = 0;
        m_config.triageOnIngest = false;
        m_config.ingest.ratePerSecond = 0;
        m_config.ingest.correlationWindowSeconds = 0;
        m_config.users = {ConfiguredUser {User {u"carol"_s, u"Carol"_s, {u"responder"_s}}, hashToken(kToken)}};
        m_coordinator = std::make_unique<Coordinator>(*m_store, m_config);
        QVERIFY(m_coordinator->start());
        m_auth = std::make_unique<Authenticator>(m_config.users);
        m_server = std::make_unique<ApiServer>(*m_coordinator, *m_auth, m_config);
        m_ingestor = std::make_unique<Ingestor>(*m_coordinator, m_config.ingest);
        m_ingestApi = std::make_unique<IngestApi>(*m_ingestor, m_config.ingest);
        m_ingestApi->install(*m_server, nullptr);
        // A route that answers when the test says so.
        m_server->addDeferredRoute(QHttpServerRequest::Method::Post, u"/test/later"_s, u"test.later"_s,
                                   [this](const QHttpServerRequest &, const QRegularExpressionMatch &, const User &,
                                          const ApiServer::Reply &reply) { m_held.append(reply); });
        m_server->addDeferredRoute(QHttpServerRequest::Method::Post, u"/test/now"_s, u"test.now"_s,
                                   [](const QHttpServerRequest &, const QRegularExpressionMatch &, const User &user,
                                      const ApiServer::Reply &reply) {
                                       reply(HttpReply::json({{u"who"_s, user.name}}, 201));
                                   });
        Expected<quint16> port = m_server->start();
        QVERIFY2(port, port ? "" : qPrintable(port.error().message));
        m_port = *port;
    }

    void cleanupTestCase()
    {
        m_ingestApi.reset();
        m_server.reset();
    }

    void answersLeaveInRequestOrder()
    {
        Client c(m_port);
        QVERIFY(c.connected());
        c.send("POST", "/test/later", "{}");
        QTRY_COMPARE(m_held.size(), 1);
        // The next request on the connection is answered at once by its
        // route, but its answer waits behind the one still held.
        c.send("GET", "/api/v1/me");
        QTRY_COMPARE(m_server->pendingReplies(), 1);
        QTest::qWait(100);
        QCOMPARE(c.responses().size(), 0);
        m_held.takeFirst()(HttpReply::json({{u"held"_s, true}}, 202));
        QTRY_COMPARE(c.responses().size(), 2);
        QCOMPARE(c.responses().at(0).first, 202);
        QCOMPARE(c.responses().at(0).second.value(u"held"_s).toBool(), true);
        QCOMPARE(c.responses().at(1).first, 200);
        QCOMPARE(c.responses().at(1).second.value(u"name"_s).toString(), u"carol"_s);
        QCOMPARE(m_server->pendingReplies(), 0);
        // A deferred route that answers from inside its handler, and a
        // second answer for the same request (ignored).
        c.send("POST", "/test/now", "{}");
        QTRY_COMPARE(c.responses().size(), 3);
        QCOMPARE(c.responses().at(2).first, 201);
        QCOMPARE(c.responses().at(2).second.value(u"who"_s).toString(), u"carol"_s);
        // Authentication still comes first: no token, no handler.
        QTcpSocket anonymous;
        anonymous.connectToHost(u"127.0.0.1"_s, m_port);
        QVERIFY(anonymous.waitForConnected(3000));
        anonymous.write("POST /test/later HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
        QTRY_VERIFY(anonymous.bytesAvailable() > 0 || anonymous.waitForReadyRead(100));
        QVERIFY(anonymous.readAll().startsWith("HTTP/1.1 401"));
        QCOMPARE(m_held.size(), 0);
    }

    void answerForAGoneConnectionIsDropped()
    {
        {
            Client c(m_port);
            QVERIFY(c.connected());
            c.send("POST", "/test/later", "{}");
            QTRY_COMPARE(m_held.size(), 1);
            c.close();
        }
        QTRY_COMPARE(m_server->pendingReplies(), 0); // the slot went with the socket
        m_held.takeFirst()(HttpReply::json({{u"late"_s, true}}));
        // The server goes on serving.
        Client next(m_port);
        QVERIFY(next.connected());
        next.send("GET", "/api/v1/me");
        QTRY_COMPARE(next.responses().size(), 1);
        QCOMPARE(next.responses().first().first, 200);
    }

    void webhooksOfOneTurnCommitTogether()
    {
        // Eight senders, each a request of its own (one with three alerts),
        // all in the kernel before the server's loop runs again: one
        // transaction, and each sender gets its own events and incidents.
        const qint64 commitsBefore = m_ingestApi->commits();
        std::vector<std::unique_ptr<Client>> clients;
        for (int k = 0; k < 8; ++k) {
            clients.push_back(std::make_unique<Client>(m_port));
            QVERIFY(clients.back()->connected());
        }
        for (int k = 0; k < 8; ++k)
            clients.at(size_t(k))->send("POST", "/api/v1/ingest/alertmanager",
                                        alertmanagerWebhook(u"Batch%1"_s.arg(k), k == 3 ? 3 : 1));
        // A bad one among them is refused on its own and costs the others nothing.
        Client bad(m_port);
        QVERIFY(bad.connected());
        bad.send("POST", "/api/v1/ingest/alertmanager", R"({"version": "4", "alerts": "not a list"})");
        for (auto &c : clients)
            QTRY_COMPARE(c->responses().size(), 1);
        QTRY_COMPARE(bad.responses().size(), 1);
        QCOMPARE(bad.responses().first().first, 400);
        QVERIFY(!bad.responses().first().second.value(u"error"_s).toString().isEmpty());
        QSet<qint64> incidents;
        for (int k = 0; k < 8; ++k) {
            const auto [status, json] = clients.at(size_t(k))->responses().first();
            QCOMPARE(status, 200);
            const QJsonArray events = json.value(u"events"_s).toArray();
            QCOMPARE(events.size(), k == 3 ? 3 : 1);
            QCOMPARE(events.first().toObject().value(u"outcome"_s).toString(), u"created"_s);
            for (qsizetype e = 1; e < events.size(); ++e) // the same alert group: folded into its incident
                QVERIFY(QStringList({u"deduplicated"_s, u"throttled"_s})
                            .contains(events.at(e).toObject().value(u"outcome"_s).toString()));
            const QJsonArray ids = json.value(u"incidents"_s).toArray();
            QCOMPARE(ids.size(), 1);
            incidents.insert(ids.first().toInteger());
            // The incident is the sender's own alert group.
            QCOMPARE(m_coordinator->incident(ids.first().toInteger())->incident.service, u"batch%1"_s.arg(k));
        }
        QCOMPARE(incidents.size(), 8);
        const qint64 commits = m_ingestApi->commits() - commitsBefore;
        QVERIFY2(commits >= 1 && commits < 8, qPrintable(QString::number(commits)));
        QVERIFY(m_store->verifyAudit()->intact);
    }
    void journalLinesReadBackAsWritten()
    {
        IngestEvent e;
        e.eventId = u"alertmanager:0123abcd"_s;
        e.source = u"alertmanager"_s;
        e.action = IngestAction::Resolve;
        e.dedupKey = u"alertmanager:warroom:{}:{alertname=\"Disk\"}"_s;
        e.title = u"Disk full on db-1 \u00e9\u4e2d \"quoted\""_s;
        e.description = u"line one\nline two\ttabbed"_s;
        e.service = u"orders-db"_s;
        e.priority = u"P2"_s;
        e.externalId = u"ext-9"_s;
        e.labels = QJsonObject {{u"instance"_s, u"10.0.0.1:9100"_s}, {u"team"_s, u"dba"_s}};
        e.occurredAt = QDateTime(QDate(2026, 12, 4), QTime(3, 4, 5, 678), Qt::UTC);
        e.warnings = {u"alerts[0].startsAt \"soon\" is no time"_s};
        const IngestJournal::Entry entry {u"carol"_s, {u"responder"_s}, {e, e}};
        const QByteArray line = entry.toLine();
        QVERIFY(line.endsWith('\n'));
        QCOMPARE(line.count('\n'), 1); // one line, whatever the text holds
        Expected<IngestJournal::Entry> back = IngestJournal::Entry::fromLine(line.chopped(1));
        QVERIFY2(back, back ? "" : qPrintable(back.error().message));
        QCOMPARE(back->user, u"carol"_s);
        QCOMPARE(back->roles, QStringList {u"responder"_s});
        QCOMPARE(back->events.size(), 2);
        const IngestEvent &r = back->events.at(1);
        QCOMPARE(r.toJson(), e.toJson());
        QCOMPARE(r.occurredAt, e.occurredAt);
        QVERIFY(r.action == IngestAction::Resolve);
        QCOMPARE(r.warnings, e.warnings);
        // Compact JSON written by hand, read by Qt: the same object.
        QByteArray mine;
        e.appendJson(mine);
        QCOMPARE(QJsonDocument::fromJson(mine).object(), e.toJson());
        // A line that is no entry says why.
        for (const QByteArray &bad :
             {QByteArray("not json"), QByteArray(R"({"user":"carol","events":[]})"),
              QByteArray(
                  R"({"user":"carol","events":[{"event_id":"x:1","source":"s","action":"explode","title":"t"}]})"),
              QByteArray(R"({"user":"carol","events":[{"event_id":"x:1","source":"s","action":"trigger"}]})"),
              QByteArray(R"({"events":[{"event_id":"x:1","source":"s","action":"trigger","title":"t"}]})")}) {
            QVERIFY2(!IngestJournal::Entry::fromLine(bad), bad.constData());
        }
    }

    void journalReplaysOnlyWhatIsNotCommitted()
    {
        const User carol {u"carol"_s, u"Carol"_s, {u"responder"_s}};
        auto event = [](const QString &id) {
            IngestEvent e;
            e.eventId = u"alertmanager:"_s + id;
            e.source = u"alertmanager"_s;
            e.dedupKey = u"journal-test:"_s + id;
            e.title = u"Replayed "_s + id;
            e.service = u"replay-"_s + id;
            e.occurredAt = QDateTime::currentDateTimeUtc();
            return e;
        };
        // One event committed before the stop, its neighbour on the same line not.
        QVERIFY(m_ingestor->ingest(carol, {event(u"done"_s)}, Ingestor::Commit::Normal));
        const QString path = m_dir.filePath(u"replay-journal.jsonl"_s);
        const QByteArray line
            = IngestJournal::Entry {carol.name, carol.roles, {event(u"done"_s), event(u"open"_s)}}.toLine();
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(line);
            f.write("{\"events\":[{\"action\":\"trig"); // the write the crash cut short
        }
        IngestSettings settings = m_config.ingest;
        settings.journalWebhooks = true;
        settings.journalQuietMs = 60000;
        settings.journalMaxDelayMs = 60000;
        Ingestor ingestor(*m_coordinator, settings);
        IngestApi api(ingestor, settings);
        Expected<qsizetype> requeued = api.openJournal(path);
        QVERIFY2(requeued, requeued ? "" : qPrintable(requeued.error().message));
        QCOMPARE(*requeued, 1);
        QCOMPARE(api.journalBacklog(), 1);
        QCOMPARE(QFileInfo(path).size(), line.size()); // the cut-short line is gone
        api.drainJournal();
        QCOMPARE(api.journalBacklog(), 0);
        QCOMPARE(QFileInfo(path).size(), 0);
        Expected<QHash<QString, IngestedEvent>> stored
            = m_store->ingestedEvents({u"alertmanager:done"_s, u"alertmanager:open"_s});
        QVERIFY(stored);
        QCOMPARE(stored->size(), 2);
        QCOMPARE(stored->value(u"alertmanager:open"_s).outcome, u"created"_s);
        QVERIFY(stored->value(u"alertmanager:open"_s).incidentId > 0);
        QCOMPARE(stored->value(u"alertmanager:done"_s).outcome, u"created"_s); // not replayed as a duplicate
        QCOMPARE(ingestor.counters().value(u"alertmanager|duplicate"_s), 0);
    }

    void shutdownCommitsWhatWaitsAndRefusesTheRest()
    {
        // Last: it stops the server. A shutdown as warroomd's SIGTERM handler
        // does it, landing after a webhook was read and before its turn's
        // commit: the webhook is committed and answered before the stop record.
        qsizetype waitingAtShutdown = -1;
        qint64 stopSeq = 0;
        bool shutDown = false;
        m_ingestApi->setAfterQueued([&] {
            if (std::exchange(shutDown, true))
                return;
            waitingAtShutdown = m_ingestApi->waiting();
            m_server->stopListening();
            m_ingestApi->flush();
            stopSeq = m_store->appendAudit({u"system"_s, 0, u"coordinator.stopped"_s, {}})->seq;
            m_server->drain(std::chrono::seconds(2));
        });
        Client c(m_port);
        QVERIFY(c.connected());
        c.send("POST", "/api/v1/ingest/alertmanager", alertmanagerWebhook(u"AtShutdown"_s, 1));
        QTRY_COMPARE(c.responses().size(), 1);
        QCOMPARE(waitingAtShutdown, 1);
        QCOMPARE(c.responses().at(0).first, 200);
        const qint64 id = c.responses().at(0).second.value(u"incidents"_s).toArray().first().toInteger();
        QCOMPARE(m_coordinator->incident(id)->incident.service, u"atshutdown"_s);
        // Its records come before the stop record, and nothing after it.
        Expected<QList<AuditEvent>> trail = m_store->auditEvents(id, 0, 1000);
        QVERIFY(trail && !trail->isEmpty());
        QVERIFY(trail->last().seq < stopSeq);
        // A request on the open connection afterwards is refused and changes nothing.
        c.send("POST", "/api/v1/ingest/alertmanager", alertmanagerWebhook(u"AfterShutdown"_s, 1));
        QTRY_COMPARE(c.responses().size(), 2);
        QCOMPARE(c.responses().at(1).first, 503);
        QVERIFY2(c.responses().at(1).second.value(u"error"_s).toString().contains(u"shutting down"_s),
                 qPrintable(c.responses().at(1).second.value(u"error"_s).toString()));
        QCOMPARE(m_ingestApi->waiting(), 0);
        IncidentFilter filter;
        filter.service = u"aftershutdown"_s;
        QCOMPARE(m_store->incidents(filter)->items.size(), 0);
        Expected<QList<AuditEvent>> after = m_store->auditEvents(0, stopSeq, 10);
        QVERIFY(after && after->isEmpty());
        m_ingestApi->setAfterQueued({});
        // And no new connection is taken.
        QTcpSocket late;
        late.connectToHost(u"127.0.0.1"_s, m_port);
        QVERIFY(!late.waitForConnected(500) || !late.waitForReadyRead(500));
    }
};

QTEST_GUILESS_MAIN(TestDeferred)
#include "tst_deferred.moc"
