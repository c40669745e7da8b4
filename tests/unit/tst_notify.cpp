// Notifications against loopback servers speaking each vendor's wire
// format: Slack's Web API and incoming webhooks, Jira's REST API, a generic
// webhook and an SMTP server with STARTTLS; Slack's inbound signing scheme
// with Slack's own published example.
#include "httpchannels.h"
#include "notifier.h"
#include "slackinbound.h"
#include "smtpchannel.h"

#include "loopbackservers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;
using warroom::test::HttpServer;
using warroom::test::SmtpServer;

namespace {

// Slack's published example (api.slack.com/authentication/verifying-requests-from-slack).
const QByteArray kSlackSecret = "8f742231b10e8888abcd99yyyzzz85a5";
const QByteArray kSlackTimestamp = "1531420618";
const QByteArray kSlackBody
    = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name="
      "foobar"
      "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack."
      "com"
      "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
      "803a0bc887a14d10d2c447fce8b6703c";
const QByteArray kSlackSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

Notification sampleNotification(const QString &event = u"step.approval_needed"_s)
{
    Notification n;
    n.event = event;
    n.incidentId = 42;
    n.incidentKey = u"INC-42"_s;
    n.title = u"Checkout latency <p99 8s> & errors"_s;
    n.text = u"Payments API p99 is 8 s since 09:12 UTC.\nPlan step s3 (restart pool) needs an approval."_s;
    n.severity = u"sev1"_s;
    n.url = u"https://warroom.example/incidents/42/timeline"_s;
    n.stepId = u"s3"_s;
    return n;
}

QByteArray blockActionsBody(const QString &userId, const QString &actionId, const QString &value)
{
    // The shape of Slack's block_actions payload (api.slack.com/reference/interaction-payloads/block-actions).
    const QJsonObject payload {
        {u"type"_s, u"block_actions"_s},
        {u"team"_s, QJsonObject {{u"id"_s, u"T9TK3CUKW"_s}, {u"domain"_s, u"example"_s}}},
        {u"user"_s, QJsonObject {{u"id"_s, userId}, {u"username"_s, u"alice"_s}, {u"team_id"_s, u"T9TK3CUKW"_s}}},
        {u"api_app_id"_s, u"AABA1ABCD"_s},
        {u"token"_s, u"9s8d9as89d8as9d8as989"_s},
        {u"container"_s, QJsonObject {{u"type"_s, u"message_attachment"_s}, {u"message_ts"_s, u"1548261231.000200"_s}}},
        {u"trigger_id"_s, u"12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3"_s},
        {u"channel"_s, QJsonObject {{u"id"_s, u"CBR2V3XEX"_s}, {u"name"_s, u"incidents"_s}}},
        {u"response_url"_s, u"https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209"_s},
        {u"actions"_s,
         QJsonArray {QJsonObject {{u"action_id"_s, actionId},
                                  {u"block_id"_s, u"warroom:INC-42"_s},
                                  {u"text"_s, QJsonObject {{u"type"_s, u"plain_text"_s}, {u"text"_s, u"Approve"_s}}},
                                  {u"value"_s, value},
                                  {u"type"_s, u"button"_s},
                                  {u"action_ts"_s, u"1548426417.840180"_s}}}}};
    return "payload="
        + QUrl::toPercentEncoding(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
}

} // namespace

class TestNotify : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void slackSignature_data();
    void slackSignature();
    void slackSecretFromEnvironment();
    void slackActions_data();
    void slackActions();
    void slackSignedActionEndToEnd();
    void slackWebhookMessage();
    void slackPostMessageRetriesRateLimit();
    void slackPostMessageErrorNotRetried();
    void jiraCreateThenComment();
    void jiraErrorsAreReadable();
    void webhookSigned();
    void retryBackoffSchedule();
    void breakerOpensAndRecovers();
    void smtpStartTls();
    void smtpRefusesWithoutStartTls();
    void smtpRejectsHeaderInjection();

private:
    QList<DeliveryResult> run(NotificationDispatcher &d, const Notification &n, int expected);
    QNetworkAccessManager m_nam;
    QTemporaryDir m_dir;
    QSslCertificate m_cert;
    QSslKey m_key;
};

void TestNotify::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (!QSslSocket::supportsSsl())
        return; // the SMTP tests skip themselves
    QProcess openssl;
    openssl.start(u"openssl"_s,
                  {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s,
                   u"-nodes"_s, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=localhost"_s, u"-addext"_s,
                   u"subjectAltName=DNS:localhost,IP:127.0.0.1"_s, u"-keyout"_s, m_dir.filePath(u"key.pem"_s),
                   u"-out"_s, m_dir.filePath(u"cert.pem"_s)});
    QVERIFY(openssl.waitForFinished(20000));
    QCOMPARE(openssl.exitCode(), 0);
    QFile certFile(m_dir.filePath(u"cert.pem"_s));
    QFile keyFile(m_dir.filePath(u"key.pem"_s));
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    m_cert = QSslCertificate(certFile.readAll());
    m_key = QSslKey(keyFile.readAll(), QSsl::Ec);
    QVERIFY(!m_cert.isNull());
    QVERIFY(!m_key.isNull());
}

QList<DeliveryResult> TestNotify::run(NotificationDispatcher &d, const Notification &n, int expected)
{
    QSignalSpy spy(&d, &NotificationDispatcher::delivered);
    [&] { QCOMPARE(d.send(n), expected); }();
    [&] { QTRY_COMPARE_WITH_TIMEOUT(spy.size(), expected, 15000); }();
    QList<DeliveryResult> results;
    for (const QList<QVariant> &args : spy)
        results << args.at(0).value<DeliveryResult>();
    return results;
}

void TestNotify::slackSignature_data()
{
    QTest::addColumn<qint64>("now");
    QTest::addColumn<QByteArray>("timestamp");
    QTest::addColumn<QByteArray>("signature");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("reason");
    const qint64 ts = kSlackTimestamp.toLongLong();
    QTest::newRow("slack's example") << ts + 10 << kSlackTimestamp << kSlackSignature << kSlackBody << true
                                     << QString();
    QTest::newRow("edge of the window") << ts + 300 << kSlackTimestamp << kSlackSignature << kSlackBody << true
                                        << QString();
    QTest::newRow("stale: 301 s old") << ts + 301 << kSlackTimestamp << kSlackSignature << kSlackBody << false
                                      << u"replay"_s;
    QTest::newRow("from the future") << ts - 301 << kSlackTimestamp << kSlackSignature << kSlackBody << false
                                     << u"replay"_s;
    QByteArray tampered = kSlackBody;
    tampered.replace("user_name=roadrunner", "user_name=coyote");
    QTest::newRow("tampered body") << ts << kSlackTimestamp << kSlackSignature << tampered << false
                                   << u"does not match"_s;
    QTest::newRow("timestamp changed") << ts << QByteArray("1531420619") << kSlackSignature << kSlackBody << false
                                       << u"does not match"_s;
    QTest::newRow("no timestamp") << ts << QByteArray() << kSlackSignature << kSlackBody << false << u"Timestamp"_s;
    QTest::newRow("other version") << ts << kSlackTimestamp << QByteArray(kSlackSignature).replace("v0=", "v1=")
                                   << kSlackBody << false << u"version"_s;
    QTest::newRow("truncated signature") << ts << kSlackTimestamp << kSlackSignature.chopped(2) << kSlackBody << false
                                         << u"does not match"_s;
}

void TestNotify::slackSignature()
{
    QFETCH(qint64, now);
    QFETCH(QByteArray, timestamp);
    QFETCH(QByteArray, signature);
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(QString, reason);
    QCOMPARE(SlackSignatureVerifier::sign(kSlackSecret, kSlackTimestamp, kSlackBody), kSlackSignature);
    const SlackSignatureVerifier verifier(kSlackSecret, [now] { return now; });
    const Status status = verifier.verify(timestamp, signature, body);
    QCOMPARE(status.ok(), ok);
    if (!ok) {
        QCOMPARE(status.error().code, ErrorCode::Unauthorized);
        QVERIFY2(status.error().message.contains(reason), qPrintable(status.error().message));
    }
}

void TestNotify::slackSecretFromEnvironment()
{
    qunsetenv("WARROOM_SLACK_SIGNING_SECRET");
    QCOMPARE(SlackSignatureVerifier::secretFrom(u"from-config"_s), QByteArray("from-config"));
    qputenv("WARROOM_SLACK_SIGNING_SECRET", kSlackSecret);
    QCOMPARE(SlackSignatureVerifier::secretFrom(u"from-config"_s), kSlackSecret);
    qunsetenv("WARROOM_SLACK_SIGNING_SECRET");
    // Without a secret nothing is accepted, not even a "signed" empty body.
    const SlackSignatureVerifier none({}, [] { return 1531420618; });
    QVERIFY(!none.verify(kSlackTimestamp, SlackSignatureVerifier::sign({}, kSlackTimestamp, {}), {}).ok());
}

void TestNotify::slackActions_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("error"); // -1: none
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("user");
    QTest::addColumn<qint64>("incident");
    QTest::addColumn<QString>("step");
    QTest::newRow("approve") << blockActionsBody(u"U2CERLKJA"_s, u"warroom_approve"_s, u"INC-42:s3"_s) << -1
                             << u"approve"_s << u"alice"_s << qint64(42) << u"s3"_s;
    QTest::newRow("acknowledge") << blockActionsBody(u"U0BOB"_s, u"warroom_ack"_s, u"INC-42"_s) << -1
                                 << u"acknowledge"_s << u"bob"_s << qint64(42) << QString();
    QTest::newRow("timeline") << blockActionsBody(u"U0BOB"_s, u"warroom_timeline"_s, u"7"_s) << -1 << u"view_timeline"_s
                              << u"bob"_s << qint64(7) << QString();
    QTest::newRow("unmapped user") << blockActionsBody(u"U0MALLORY"_s, u"warroom_approve"_s, u"INC-42:s3"_s)
                                   << int(ErrorCode::Forbidden) << QString() << QString() << qint64(0) << QString();
    QTest::newRow("unknown action") << blockActionsBody(u"U2CERLKJA"_s, u"warroom_delete"_s, u"INC-42"_s)
                                    << int(ErrorCode::InvalidInput) << QString() << QString() << qint64(0) << QString();
    QTest::newRow("approve without step")
        << blockActionsBody(u"U2CERLKJA"_s, u"warroom_approve"_s, u"INC-42"_s) << int(ErrorCode::InvalidInput)
        << QString() << QString() << qint64(0) << QString();
    QTest::newRow("bad incident ref") << blockActionsBody(u"U2CERLKJA"_s, u"warroom_ack"_s, u"INC-42/../1"_s)
                                      << int(ErrorCode::InvalidInput) << QString() << QString() << qint64(0)
                                      << QString();
    QTest::newRow("no payload") << kSlackBody << int(ErrorCode::InvalidInput) << QString() << QString() << qint64(0)
                                << QString();
    QTest::newRow("payload not json") << QByteArray("payload=%7Bnope") << int(ErrorCode::InvalidInput) << QString()
                                      << QString() << qint64(0) << QString();
    QTest::newRow("view_submission") << QByteArray("payload=%7B%22type%22%3A%22view_submission%22%7D")
                                     << int(ErrorCode::InvalidInput) << QString() << QString() << qint64(0)
                                     << QString();
}

void TestNotify::slackActions()
{
    QFETCH(QByteArray, body);
    QFETCH(int, error);
    const SlackActionParser parser({{u"U2CERLKJA"_s, u"alice"_s}, {u"U0BOB"_s, u"bob"_s}});
    const Expected<SlackCommand> cmd = parser.parse(body);
    if (error >= 0) {
        QVERIFY(!cmd);
        QCOMPARE(int(cmd.error().code), error);
        QVERIFY(cmd.error().message.startsWith(u"slack: "_s));
        return;
    }
    QVERIFY2(cmd, qPrintable(cmd ? QString() : cmd.error().message));
    QTEST(cmd->command, "command");
    QTEST(cmd->user, "user");
    QTEST(cmd->incidentId, "incident");
    QTEST(cmd->stepId, "step");
    QCOMPARE(cmd->responseUrl, u"https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209"_s);
}

void TestNotify::slackSignedActionEndToEnd()
{
    // What POST /slack/actions does: verify the raw body, then parse it.
    const QByteArray body = blockActionsBody(u"U2CERLKJA"_s, u"warroom_approve"_s, u"INC-42:s3"_s);
    const QByteArray ts = "1700000000";
    const QByteArray sig = SlackSignatureVerifier::sign(kSlackSecret, ts, body);
    const SlackSignatureVerifier verifier(kSlackSecret, [] { return 1700000060; });
    QVERIFY(verifier.verify(ts, sig, body).ok());
    const Expected<SlackCommand> cmd = SlackActionParser({{u"U2CERLKJA"_s, u"alice"_s}}).parse(body);
    QVERIFY(cmd);
    QCOMPARE(cmd->command, u"approve"_s);
    // The same press with the step swapped by someone in the middle fails.
    QByteArray forged = body;
    forged.replace("INC-42%3As3", "INC-42%3As9");
    QVERIFY(forged != body);
    QVERIFY(!verifier.verify(ts, sig, forged).ok());
}

void TestNotify::slackWebhookMessage()
{
    HttpServer server;
    NotificationDispatcher d;
    d.addChannel(std::make_unique<SlackChannel>(
        &m_nam, SlackChannel::Config {server.url(u"/services/T0/B0/XXX"_s), {}, {}, {}}));
    const QList<DeliveryResult> results = run(d, sampleNotification(), 1);
    QVERIFY2(results[0].ok, qPrintable(results[0].error));
    QCOMPARE(results[0].attempts, 1);
    QCOMPARE(results[0].auditType(), u"notification.delivered"_s);
    QCOMPARE(server.requests.size(), 1);
    const auto &req = server.requests[0];
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.path, QByteArray("/services/T0/B0/XXX"));
    QVERIFY(req.headers.value("content-type").startsWith("application/json"));
    const QJsonObject msg = QJsonDocument::fromJson(req.body).object();
    QCOMPARE(msg.value(u"text"_s).toString(), u"[SEV1] INC-42: Checkout latency &lt;p99 8s&gt; &amp; errors"_s);
    const QJsonArray blocks = msg.value(u"blocks"_s).toArray();
    QCOMPARE(blocks.size(), 3);
    QCOMPARE(blocks[0].toObject().value(u"type"_s).toString(), u"header"_s);
    QVERIFY(
        blocks[1].toObject().value(u"text"_s).toObject().value(u"text"_s).toString().contains(u"needs an approval"_s));
    const QJsonArray buttons = blocks[2].toObject().value(u"elements"_s).toArray();
    QCOMPARE(buttons.size(), 3);
    QStringList ids, values;
    for (const QJsonValue &b : buttons) {
        ids << b.toObject().value(u"action_id"_s).toString();
        values << b.toObject().value(u"value"_s).toString();
    }
    QCOMPARE(ids, (QStringList {u"warroom_approve"_s, u"warroom_timeline"_s, u"warroom_ack"_s}));
    QCOMPARE(values[0], u"INC-42:s3"_s);
    QCOMPARE(buttons[1].toObject().value(u"url"_s).toString(), sampleNotification().url);
    // Our own buttons parse back into commands.
    const SlackActionParser parser({{u"U1"_s, u"alice"_s}});
    for (int i = 0; i < 3; ++i)
        QVERIFY(parser.parse(blockActionsBody(u"U1"_s, ids[i], values[i])));
}

void TestNotify::slackPostMessageRetriesRateLimit()
{
    HttpServer server;
    server.script(
        {{429, R"({"ok":false,"error":"ratelimited"})", "application/json", {{"Retry-After", "0"}}},
         {200, R"({"ok":true,"channel":"C024BE91L","ts":"1503435956.000247","message":{}})", "application/json", {}}});
    NotificationDispatcher d(RetryPolicy {4, 5, 50, 5000, 5, 60000});
    d.addChannel(std::make_unique<SlackChannel>(
        &m_nam, SlackChannel::Config {{}, server.url(u"/api"_s), u"xoxb-test-token"_s, u"C024BE91L"_s}));
    const QList<DeliveryResult> results = run(d, sampleNotification(), 1);
    QVERIFY2(results[0].ok, qPrintable(results[0].error));
    QCOMPARE(results[0].attempts, 2);
    QCOMPARE(results[0].externalId, u"1503435956.000247"_s);
    QCOMPARE(server.requests.size(), 2);
    QCOMPARE(server.requests[1].path, QByteArray("/api/chat.postMessage"));
    QCOMPARE(server.requests[1].headers.value("authorization"), QByteArray("Bearer xoxb-test-token"));
    QCOMPARE(QJsonDocument::fromJson(server.requests[1].body).object().value(u"channel"_s).toString(), u"C024BE91L"_s);
}

void TestNotify::slackPostMessageErrorNotRetried()
{
    HttpServer server;
    server.script({{200, R"({"ok":false,"error":"invalid_auth"})", "application/json", {}}});
    NotificationDispatcher d(RetryPolicy {4, 5, 50, 5000, 5, 60000});
    d.addChannel(
        std::make_unique<SlackChannel>(&m_nam, SlackChannel::Config {{}, server.url(), u"xoxb-bad"_s, u"C1"_s}));
    const QList<DeliveryResult> results = run(d, sampleNotification(), 1);
    QVERIFY(!results[0].ok);
    QCOMPARE(results[0].attempts, 1);
    QCOMPARE(results[0].error, u"slack: invalid_auth"_s);
    QCOMPARE(results[0].auditType(), u"notification.failed"_s);
    QCOMPARE(results[0].toJson().value(u"error"_s).toString(), u"slack: invalid_auth"_s);
    QCOMPARE(server.requests.size(), 1);
}

void TestNotify::jiraCreateThenComment()
{
    HttpServer server;
    server.script({{201,
                    R"({"id":"10000","key":"OPS-17","self":"https://jira.example/rest/api/2/issue/10000"})",
                    "application/json",
                    {}},
                   {201, R"({"id":"10100","body":"resolved"})", "application/json", {}}});
    NotificationDispatcher d(RetryPolicy {2, 5, 50, 5000, 5, 60000});
    d.addChannel(std::make_unique<JiraChannel>(
        &m_nam,
        JiraChannel::Config {server.url(u"/jira"_s), u"bot@example.com"_s, u"tok3n"_s, u"OPS"_s, u"Incident"_s}));

    // Jira only hears about major incidents and their resolution.
    QCOMPARE(d.send(sampleNotification(u"status.update"_s)), 0);

    QList<DeliveryResult> results = run(d, sampleNotification(u"incident.major"_s), 1);
    QVERIFY2(results[0].ok, qPrintable(results[0].error));
    QCOMPARE(results[0].externalId, u"OPS-17"_s);
    const auto &create = server.requests[0];
    QCOMPARE(create.path, QByteArray("/jira/rest/api/2/issue"));
    QCOMPARE(create.headers.value("authorization"), "Basic " + QByteArray("bot@example.com:tok3n").toBase64());
    const QJsonObject fields = QJsonDocument::fromJson(create.body).object().value(u"fields"_s).toObject();
    QCOMPARE(fields.value(u"project"_s).toObject().value(u"key"_s).toString(), u"OPS"_s);
    QCOMPARE(fields.value(u"issuetype"_s).toObject().value(u"name"_s).toString(), u"Incident"_s);
    QVERIFY(fields.value(u"summary"_s).toString().startsWith(u"[SEV1] INC-42: Checkout latency"_s));
    QVERIFY(fields.value(u"description"_s).toString().contains(u"/incidents/42/timeline"_s));
    QVERIFY(fields.value(u"labels"_s).toArray().contains(u"INC-42"_s));

    Notification resolved = sampleNotification(u"incident.resolved"_s);
    resolved.externalRef = results[0].externalId;
    resolved.text = u"Resolved at 10:02 UTC after the pool restart."_s;
    results = run(d, resolved, 1);
    QVERIFY2(results[0].ok, qPrintable(results[0].error));
    QCOMPARE(server.requests[1].path, QByteArray("/jira/rest/api/2/issue/OPS-17/comment"));
    QVERIFY(QJsonDocument::fromJson(server.requests[1].body)
                .object()
                .value(u"body"_s)
                .toString()
                .contains(u"Resolved at 10:02"_s));

    // An issue key that would walk the URL path is refused without a request.
    resolved.externalRef = u"OPS-17/../../admin"_s;
    results = run(d, resolved, 1);
    QVERIFY(!results[0].ok);
    QVERIFY(results[0].error.contains(u"not an issue key"_s));
    QCOMPARE(server.requests.size(), 2);
}

void TestNotify::jiraErrorsAreReadable()
{
    HttpServer server;
    server.script(
        {{400, R"({"errorMessages":[],"errors":{"project":"project is required"}})", "application/json", {}}});
    NotificationDispatcher d(RetryPolicy {3, 5, 50, 5000, 5, 60000});
    d.addChannel(std::make_unique<JiraChannel>(
        &m_nam, JiraChannel::Config {server.url(), u"u"_s, u"t"_s, u"NOPE"_s, u"Incident"_s}));
    const QList<DeliveryResult> results = run(d, sampleNotification(u"incident.major"_s), 1);
    QVERIFY(!results[0].ok);
    QCOMPARE(results[0].attempts, 1); // a 400 is not retried
    QCOMPARE(results[0].status, 400);
    QCOMPARE(results[0].error, u"jira: HTTP 400: project: project is required"_s);
}

void TestNotify::webhookSigned()
{
    HttpServer server;
    NotificationDispatcher d;
    d.addChannel(std::make_unique<WebhookChannel>(
        &m_nam, WebhookChannel::Config {u"webhook:ops"_s, server.url(u"/hook"_s), "s3cret"}));
    QCOMPARE(d.channelNames(), QStringList {u"webhook:ops"_s});
    const QList<DeliveryResult> results = run(d, sampleNotification(u"status.update"_s), 1);
    QVERIFY(results[0].ok);
    QCOMPARE(results[0].channel, u"webhook:ops"_s);
    const auto &req = server.requests[0];
    const QByteArray ts = req.headers.value("x-warroom-timestamp");
    QVERIFY(!ts.isEmpty());
    const QByteArray expected = "sha256="
        + QMessageAuthenticationCode::hash(ts + '.' + req.body, "s3cret", QCryptographicHash::Sha256).toHex();
    QCOMPARE(req.headers.value("x-warroom-signature"), expected);
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    QCOMPARE(body.value(u"event"_s).toString(), u"status.update"_s);
    QCOMPARE(body.value(u"incident"_s).toInteger(), 42);
}

void TestNotify::retryBackoffSchedule()
{
    const RetryPolicy p {6, 500, 3000, 1000, 5, 1000};
    QCOMPARE(p.delayAfter(1), 500);
    QCOMPARE(p.delayAfter(2), 1000);
    QCOMPARE(p.delayAfter(3), 2000);
    QCOMPARE(p.delayAfter(4), 3000); // capped
    QCOMPARE(p.delayAfter(1, 1200), 1200); // Retry-After wins
    QCOMPARE(p.delayAfter(1, 60000), 3000); // but is capped too
}

void TestNotify::breakerOpensAndRecovers()
{
    // A port nobody listens on: connection refused, retryable.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    qint64 now = 1000;
    NotificationDispatcher d(RetryPolicy {2, 5, 20, 2000, 2, 30000}, [&now] { return now; });
    d.addChannel(std::make_unique<WebhookChannel>(
        &m_nam, WebhookChannel::Config {u"webhook"_s, QUrl(u"http://127.0.0.1:%1/hook"_s.arg(port)), {}}));
    QList<DeliveryResult> results = run(d, sampleNotification(), 1);
    QVERIFY(!results[0].ok);
    QCOMPARE(results[0].attempts, 2);
    QVERIFY(!results[0].circuitOpen);
    QVERIFY(d.breakerState(u"webhook"_s) == CircuitBreaker::State::Open);

    results = run(d, sampleNotification(), 1);
    QVERIFY(!results[0].ok);
    QVERIFY(results[0].circuitOpen);
    QCOMPARE(results[0].attempts, 0);
    QVERIFY(results[0].error.contains(u"circuit open"_s));
    QCOMPARE(results[0].toJson().value(u"circuit_open"_s).toBool(), true);

    // After the cool-down one trial goes through; its success closes the breaker.
    HttpServer server(port); // the endpoint comes back
    now += 31000;
    QVERIFY(d.breakerState(u"webhook"_s) == CircuitBreaker::State::HalfOpen);
    results = run(d, sampleNotification(), 1);
    QVERIFY2(results[0].ok, qPrintable(results[0].error));
    QVERIFY(d.breakerState(u"webhook"_s) == CircuitBreaker::State::Closed);
}

void TestNotify::smtpStartTls()
{
    if (m_cert.isNull())
        QSKIP("no TLS backend or no openssl to make a certificate");
    SmtpServer server(m_cert, m_key, true);
    QVERIFY(server.isListening());
    SmtpChannel::Config config;
    config.url = QUrl(u"smtp://localhost:%1"_s.arg(server.serverPort()));
    config.user = u"warroom"_s;
    config.password = u"pa55"_s;
    config.from = u"warroom@example.com"_s;
    config.to = {u"oncall@example.com"_s, u"mim@example.com"_s};
    config.caFile = m_dir.filePath(u"cert.pem"_s);
    NotificationDispatcher d(RetryPolicy {2, 5, 50, 10000, 5, 60000});
    d.addChannel(std::make_unique<SmtpChannel>(&d, config));
    Notification n = sampleNotification(u"status.update"_s);
    n.text = u"Line one\n.leading dot stays\nUmlaut: Störung"_s;
    const QList<DeliveryResult> results = run(d, n, 1);
    QVERIFY2(results[0].ok, qPrintable(results[0].error));
    QCOMPARE(results[0].status, 250);
    QTRY_VERIFY(server.done);

    QStringList verbs;
    int firstEncrypted = -1;
    for (int i = 0; i < server.commands.size(); ++i) {
        verbs << QString::fromLatin1(server.commands[i].line.split(' ').first());
        if (firstEncrypted < 0 && server.commands[i].encrypted)
            firstEncrypted = i;
    }
    QCOMPARE(verbs,
             (QStringList {u"EHLO"_s, u"STARTTLS"_s, u"EHLO"_s, u"AUTH"_s, u"<sasl>"_s, u"MAIL"_s, u"RCPT"_s, u"RCPT"_s,
                           u"DATA"_s, u"QUIT"_s}));
    QCOMPARE(firstEncrypted, 2); // everything after STARTTLS is encrypted
    QCOMPARE(server.authPlain, QByteArray("\0warroom\0pa55", 13));
    QCOMPARE(server.commands[5].line, QByteArray("MAIL FROM:<warroom@example.com>"));
    QCOMPARE(server.commands[6].line, QByteArray("RCPT TO:<oncall@example.com>"));
    QVERIFY(server.data.contains("Subject: [SEV1] [INC-42] Checkout latency <p99 8s> & errors\r\n"));
    QVERIFY(server.data.contains("To: oncall@example.com, mim@example.com\r\n"));
    QVERIFY(server.data.contains("X-Warroom-Incident: INC-42\r\n"));
    // curl dot-stuffs; the server sees the stuffed line (it does not unstuff in this test).
    QVERIFY(server.data.contains("\r\n..leading dot stays\r\n"));
    QVERIFY(server.data.contains(QString(u"Umlaut: Störung"_s).toUtf8()));
}

void TestNotify::smtpRefusesWithoutStartTls()
{
    if (m_cert.isNull())
        QSKIP("no TLS backend or no openssl to make a certificate");
    SmtpServer server(m_cert, m_key, false);
    SmtpChannel::Config config;
    config.url = QUrl(u"smtp://localhost:%1"_s.arg(server.serverPort()));
    config.user = u"warroom"_s;
    config.password = u"pa55"_s;
    config.from = u"warroom@example.com"_s;
    config.to = {u"oncall@example.com"_s};
    config.caFile = m_dir.filePath(u"cert.pem"_s);
    NotificationDispatcher d(RetryPolicy {3, 5, 50, 10000, 5, 60000});
    d.addChannel(std::make_unique<SmtpChannel>(&d, config));
    const QList<DeliveryResult> results = run(d, sampleNotification(), 1);
    QVERIFY(!results[0].ok);
    QCOMPARE(results[0].attempts, 1); // not retried: the server cannot do TLS
    QVERIFY2(results[0].error.startsWith(u"email: "_s), qPrintable(results[0].error));
    for (const auto &c : server.commands) {
        QVERIFY(!c.line.startsWith("AUTH")); // the password never went out in clear
        QVERIFY(!c.line.startsWith("MAIL"));
    }
}

void TestNotify::smtpRejectsHeaderInjection()
{
    Notification n = sampleNotification();
    n.title = u"Outage\r\nBcc: everyone@example.com"_s;
    const QDateTime date = QDateTime(QDate(2026, 11, 22), QTime(9, 30), Qt::UTC);
    Expected<QByteArray> m = SmtpChannel::compose(n, u"warroom@example.com"_s, {u"a@example.com"_s}, date);
    QVERIFY(m);
    QVERIFY(!m->contains("\r\nBcc:"));
    QVERIFY(m->startsWith("Date: Sun, 22 Nov 2026 09:30:00 +0000\r\n"));
    m = SmtpChannel::compose(n, u"warroom@example.com"_s, {u"a@example.com>\r\nBcc: x@example.com"_s}, date);
    QVERIFY(!m);
    QCOMPARE(m.error().code, ErrorCode::InvalidInput);
    QVERIFY(!SmtpChannel::compose(n, u"not an address"_s, {u"a@example.com"_s}, date));
    QVERIFY(!SmtpChannel::compose(n, u"warroom@example.com"_s, {}, date));
}

// LeakSanitizer reports OpenSSL-internal allocations (no warroom or Qt
// frame on the stack) after the STARTTLS handshake; they are OpenSSL's
// per-process/per-thread state, not ours. Only libcrypto is suppressed.
extern "C" const char *__lsan_default_suppressions()
{
    return "leak:libcrypto.so\n";
}

QTEST_GUILESS_MAIN(TestNotify)
#include "tst_notify.moc"
