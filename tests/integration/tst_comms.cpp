// Incident command and the after-action end to end, with the real daemon,
// real ansible-playbook, the lab, git, and loopback servers speaking Slack's,
// Jira's, SMTP's (STARTTLS) and a webhook's wire formats:
//   SSO lab incident -> declared major (Slack, Jira issue, e-mail to the
//   commander) -> command roles -> a step approved from Slack's button
//   (signed with Slack's v0 scheme; forged, stale and unmapped presses
//   refused) -> the rest approved by people, run, validated -> status update
//   for executives by e-mail -> resolved (Jira comment) -> postmortem in
//   Markdown and PDF with timeline, approvals and evidence -> a remediation
//   draft validated against a scratch lab with the fault injected (check,
//   apply, check with changed=0) -> whitelisted on a runbook branch only
//   after a second person approves it.

#include "apiclient.h"
#include "daemonprocess.h"
#include "labcontrol.h"
#include "loopbackservers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace warroom;
using warroom::test::DaemonProcess;
using warroom::test::HttpServer;
using warroom::test::SmtpServer;

namespace {

const QString kPolicy = QStringLiteral(WARROOM_SOURCE_DIR "/playbooks/policy.yaml");
const QByteArray kSigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";
const QString kBobSlack = u"U0BOB0001"_s;
const QString kCarolSlack = u"U0CAROL01"_s;
const QString kAliceSlack = u"U0ALICE01"_s;

const QList<QPair<QString, QString>> kApprovers {{u"alice"_s, u"mim"_s},
                                                 {u"bob"_s, u"change-approver"_s},
                                                 {u"erin"_s, u"change-approver"_s},
                                                 {u"carol"_s, u"responder"_s}};

QString git(const QString &repo, const QStringList &args, int *exitCode = nullptr)
{
    QProcess p;
    p.start(u"git"_s, QStringList {u"-C"_s, repo} + args);
    p.waitForFinished(20000);
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

QByteArray slackBody(const QString &userId, const QString &actionId, const QString &value, const QString &responseUrl)
{
    const QJsonObject payload {
        {u"type"_s, u"block_actions"_s},
        {u"user"_s, QJsonObject {{u"id"_s, userId}, {u"username"_s, u"someone"_s}, {u"team_id"_s, u"T9TK3CUKW"_s}}},
        {u"api_app_id"_s, u"AABA1ABCD"_s},
        {u"trigger_id"_s, u"12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3"_s},
        {u"response_url"_s, responseUrl},
        {u"actions"_s,
         QJsonArray {QJsonObject {{u"action_id"_s, actionId},
                                  {u"block_id"_s, u"warroom:INC-1"_s},
                                  {u"value"_s, value},
                                  {u"type"_s, u"button"_s},
                                  {u"action_ts"_s, u"1548426417.840180"_s}}}}};
    return "payload="
        + QUrl::toPercentEncoding(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
}

QByteArray slackSignature(const QByteArray &secret, const QByteArray &ts, const QByteArray &body)
{
    return "v0="
        + QMessageAuthenticationCode::hash("v0:" + ts + ":" + body, secret, QCryptographicHash::Sha256).toHex();
}

QJsonObject stepOf(const QJsonObject &detail, const QString &id)
{
    for (const QJsonValue &v : detail.value(u"plan"_s).toObject().value(u"steps"_s).toArray()) {
        if (v.toObject().value(u"id"_s).toString() == id)
            return v.toObject();
    }
    return {};
}

QJsonObject approvalOf(const QJsonObject &detail, const QString &id)
{
    for (const QJsonValue &v : detail.value(u"approval_status"_s).toArray()) {
        if (v.toObject().value(u"step"_s).toString() == id)
            return v.toObject();
    }
    return {};
}

} // namespace

class TestComms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void labIncidentFromDeclarationToReviewedAutomation();
    void slackRefusesForgedStaleAndUnmappedPresses();
    void badInputIsRefusedWithAReason();
    void drillThroughWarroomctl();
    void overdueTaskEscalatesBySelfAndEveryDeliveryIsOnTheTimeline();

private:
    /// Runs warroomctl as `user` against the daemon; exit code, stdout in `output`.
    int ctl(const QString &user, const QStringList &args, QByteArray *output = nullptr, QByteArray *error = nullptr);
    QJsonObject detail(qint64 id) { return waitFor(m_daemon->client(u"carol"_s)->incident(id)).json; }
    QList<QJsonObject> events(qint64 id, const QString &type);
    int slackPress(const QString &user, const QString &action, const QString &value, QByteArray *answer = nullptr,
                   qint64 age = 0, bool forge = false);
    QJsonObject drive(qint64 id, int timeoutMs = 180000);
    bool approveOnce(qint64 id, const QJsonObject &step, const QJsonObject &approval);

    QTemporaryDir m_dir;
    QString m_labDir;
    QString m_repo;
    std::unique_ptr<LabControl> m_lab;
    std::unique_ptr<HttpServer> m_slack;
    std::unique_ptr<HttpServer> m_jira;
    std::unique_ptr<HttpServer> m_hook;
    std::unique_ptr<HttpServer> m_responses;
    std::unique_ptr<SmtpServer> m_smtp;
    std::unique_ptr<DaemonProcess> m_daemon;
    QNetworkAccessManager m_nam;
    qint64 m_incident = 0;
    QString m_slackStep; ///< the step the last Slack approval message asked for
};

void TestComms::initTestCase()
{
    if (QStandardPaths::findExecutable(u"ansible-playbook"_s).isEmpty())
        QFAIL("ansible-playbook is not installed (packaging/bootstrap.sh installs it)");
    QVERIFY(m_dir.isValid());
    // The SMTP server's certificate; the daemon trusts it through ca_file.
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
    m_smtp
        = std::make_unique<SmtpServer>(QSslCertificate(certFile.readAll()), QSslKey(keyFile.readAll(), QSsl::Ec), true);
    m_slack = std::make_unique<HttpServer>();
    m_jira = std::make_unique<HttpServer>();
    m_hook = std::make_unique<HttpServer>();
    m_responses = std::make_unique<HttpServer>();
    // Jira answers the create with the issue, then the comment.
    HttpServer::Reply created;
    created.status = 201;
    created.contentType = "application/json";
    created.body = R"({"id":"10042","key":"OPS-42","self":"http://jira/rest/api/2/issue/10042"})";
    HttpServer::Reply commented;
    commented.status = 201;
    commented.contentType = "application/json";
    commented.body = R"({"id":"10100"})";
    m_jira->script({created, commented});

    // The runbook repository approved drafts are committed to.
    m_repo = m_dir.filePath(u"runbooks"_s);
    QVERIFY(QDir().mkpath(m_repo));
    int rc = 0;
    git(m_repo, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s}, &rc);
    QCOMPARE(rc, 0);
    QFile readme(m_repo + u"/README.md"_s);
    QVERIFY(readme.open(QIODevice::WriteOnly));
    readme.write("runbooks\n");
    readme.close();
    git(m_repo, {u"add"_s, u"README.md"_s});
    git(m_repo, {u"-c"_s, u"user.name=t"_s, u"-c"_s, u"user.email=t@t"_s, u"commit"_s, u"-q"_s, u"-m"_s, u"init"_s},
        &rc);
    QCOMPARE(rc, 0);

    m_labDir = m_dir.filePath(u"lab"_s);
    const QString config = m_dir.filePath(u"comms.yaml"_s);
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QString yaml
        = uR"(execution:
  mode: apply
  policy: %1
  lab_dir: %2
slack:
  signing_secret: "%3"
  users: {%4: bob, %5: carol, U0ALICE01: alice}
notify:
  retry: {max_attempts: 2, base_delay_ms: 100, timeout_ms: 5000}
  console_url: https://warroom.example
  slack:
    webhook_url: %6
    response_hosts: [127.0.0.1]
  email:
    url: smtp://localhost:%7
    user: warroom
    password: mail-secret
    from: warroom@example.com
    to: [oncall@example.com]
    ca_file: %8
  jira: {base_url: "%9", user: bot@example.com, api_token: jira-token, project_key: OPS}
  webhooks: [{name: statuspage, url: "%10", secret: hook-secret}]
  audiences:
    executive: [email]
    external: [webhook:statuspage]
remediation:
  runbook_repo: %11
  lint: true
tasks:
  check_seconds: 1
)"_s.arg(kPolicy, m_labDir, QString::fromLatin1(kSigningSecret), kBobSlack, kCarolSlack,
         m_slack->url(u"/services/T000/B000/XXXX"_s).toString())
              .arg(m_smtp->serverPort())
              .arg(m_dir.filePath(u"cert.pem"_s), m_jira->url().toString(), m_hook->url(u"/hook"_s).toString(), m_repo);
    file.write(yaml.toUtf8());
    file.close();
    m_daemon = std::make_unique<DaemonProcess>();
    m_daemon->setConfigFile(config);
    m_daemon->setExecution(true);
    QVERIFY2(m_daemon->start(), qPrintable(m_daemon->errorString()));
    m_lab = std::make_unique<LabControl>(kPolicy, m_labDir);
    QVERIFY2(m_lab->run({u"up"_s}), "lab up");
}

void TestComms::cleanupTestCase()
{
    if (m_lab)
        (void)m_lab->run({u"down"_s});
    m_daemon.reset();
}

QList<QJsonObject> TestComms::events(qint64 id, const QString &type)
{
    QList<QJsonObject> out;
    const ApiResponse r = waitFor(m_daemon->client(u"dave"_s)->audit(id, 0, 10000));
    for (const QJsonValue &v : r.json.value(u"items"_s).toArray()) {
        if (v.toObject().value(u"type"_s).toString() == type)
            out.append(v.toObject());
    }
    return out;
}

int TestComms::slackPress(const QString &user, const QString &action, const QString &value, QByteArray *answer,
                          qint64 age, bool forge)
{
    const QByteArray body = slackBody(user, action, value, m_responses->url(u"/actions/T1/123/abc"_s).toString());
    const QByteArray ts = QByteArray::number(QDateTime::currentSecsSinceEpoch() - age);
    QByteArray signature = slackSignature(kSigningSecret, ts, body);
    if (forge)
        signature = slackSignature("not-the-secret", ts, body);
    const test::HttpExchange r = test::sendHttp(m_nam, "POST", m_daemon->url(u"/slack/actions"_s), body,
                                                {{"Content-Type", "application/x-www-form-urlencoded"},
                                                 {"X-Slack-Request-Timestamp", ts},
                                                 {"X-Slack-Signature", signature}});
    if (answer)
        *answer = r.body;
    return r.status;
}

void TestComms::labIncidentFromDeclarationToReviewedAutomation()
{
    QVERIFY(m_lab->run({u"break"_s, u"sso"_s}));
    auto carol = m_daemon->client(u"carol"_s);
    auto alice = m_daemon->client(u"alice"_s);
    const ApiResponse created = waitFor(
        carol->submitIncident({{u"title"_s, u"SAML SSO login redirect loop after the IdP certificate rotation"_s},
                               {u"description"_s,
                                u"Support agents bounce between Salesforce and the IdP since the signing certificate "
                                "was rotated; pilot login loops."_s},
                               {u"service"_s, u"salesforce-sso"_s},
                               {u"priority"_s, u"P1"_s},
                               // The fault is in the lab, the UAT environment the plan works in.
                               {u"labels"_s, QJsonObject {{u"environment"_s, u"uat"_s}}}}));
    QCOMPARE(created.status, 201);
    const qint64 id = created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
    m_incident = id;
    QCOMPARE(waitFor(carol->post(u"/api/v1/incidents/%1/triage"_s.arg(id), {})).status, 200);

    // A person declares it: the promoter takes command; Slack, Jira and the
    // commander's mailbox hear about it, and the Jira key is kept.
    QCOMPARE(
        waitFor(alice->post(u"/api/v1/incidents/%1/promote"_s.arg(id), {{u"reason"_s, u"all agents locked out"_s}}))
            .status,
        200);
    QTRY_VERIFY_WITH_TIMEOUT(!m_jira->requests.isEmpty(), 10000);
    const HttpServer::Request issue = m_jira->requests.first();
    QCOMPARE(issue.path, QByteArray("/rest/api/2/issue"));
    QCOMPARE(issue.headers.value("authorization"), "Basic " + QByteArray("bot@example.com:jira-token").toBase64());
    const QJsonObject fields = QJsonDocument::fromJson(issue.body).object().value(u"fields"_s).toObject();
    QCOMPARE(fields.value(u"project"_s).toObject().value(u"key"_s).toString(), u"OPS"_s);
    QVERIFY(fields.value(u"summary"_s).toString().contains(u"SAML SSO login redirect loop"_s));
    QTRY_COMPARE_WITH_TIMEOUT(
        detail(id).value(u"incident"_s).toObject().value(u"external_refs"_s).toObject().value(u"jira"_s).toString(),
        u"OPS-42"_s, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_smtp->done, 15000);
    QVERIFY2(m_smtp->data.contains("Declared a major incident by alice"), m_smtp->data.constData());
    QVERIFY(m_smtp->commands.size() > 3);
    for (const auto &c : std::as_const(m_smtp->commands)) {
        if (c.line.startsWith("AUTH") || c.line == "<sasl>" || c.line.startsWith("MAIL"))
            QVERIFY2(c.encrypted, c.line.constData()); // nothing after STARTTLS goes in clear text
    }
    QTRY_VERIFY_WITH_TIMEOUT(!m_slack->requests.isEmpty(), 10000);
    const QJsonObject majorMessage = QJsonDocument::fromJson(m_slack->requests.first().body).object();
    QVERIFY(QJsonDocument(majorMessage).toJson().contains("Declared a major incident"));
    // Every delivery is on the timeline.
    QTRY_VERIFY_WITH_TIMEOUT(events(id, u"notification.delivered"_s).size() >= 3, 10000);
    QCOMPARE(events(id, u"notification.failed"_s).size(), 0);

    // Incident command: a viewer cannot be scribe; the right people can.
    ApiResponse roles = waitFor(alice->post(u"/api/v1/incidents/%1/roles"_s.arg(id), {{u"scribe"_s, u"dave"_s}}));
    QCOMPARE(roles.status, 400);
    QVERIFY2(roles.errorMessage().contains(u"may only view"_s), qPrintable(roles.errorMessage()));
    roles = waitFor(alice->post(u"/api/v1/incidents/%1/roles"_s.arg(id),
                                {{u"comms_lead"_s, u"carol"_s}, {u"scribe"_s, u"erin"_s}}));
    QCOMPARE(roles.status, 200);
    QCOMPARE(roles.json.value(u"incident"_s).toObject().value(u"commander"_s).toString(), u"alice"_s);
    QCOMPARE(roles.json.value(u"incident"_s).toObject().value(u"comms_lead"_s).toString(), u"carol"_s);

    // The plan goes up for approval: Slack asks for the first step with an
    // Approve button that carries the content it showed.
    const int slackBefore = int(m_slack->requests.size());
    QCOMPARE(waitFor(carol->post(u"/api/v1/incidents/%1/plan/submit"_s.arg(id), {})).status, 200);
    auto approveButton = [&] {
        for (qsizetype i = slackBefore; i < m_slack->requests.size(); ++i) {
            const QJsonObject message = QJsonDocument::fromJson(m_slack->requests.at(i).body).object();
            for (const QJsonValue &block : message.value(u"blocks"_s).toArray()) {
                for (const QJsonValue &e : block.toObject().value(u"elements"_s).toArray()) {
                    if (e.toObject().value(u"action_id"_s).toString() == "warroom_approve"_L1)
                        return e.toObject().value(u"value"_s).toString();
                }
            }
        }
        return QString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(!approveButton().isEmpty(), 10000);
    const QString approveValue = approveButton();
    const QJsonObject before = detail(id);
    const QString first
        = before.value(u"plan"_s).toObject().value(u"steps"_s).toArray().first().toObject().value(u"id"_s).toString();
    QCOMPARE(approveValue,
             u"INC-%1:%2:%3"_s.arg(id).arg(first, stepOf(before, first).value(u"content_hash"_s).toString()));
    // carol requested the plan: her press is refused by the same gate as the console.
    QByteArray answer;
    QCOMPARE(slackPress(kCarolSlack, u"warroom_approve"_s, approveValue, &answer), 200);
    QVERIFY2(answer.contains("Not done") && answer.contains("may not approve"), answer.constData());
    QVERIFY(approvalOf(detail(id), first).value(u"approvers"_s).toArray().isEmpty());
    // bob lacks the role this diagnosis asks for: refused, as in the console.
    QCOMPARE(slackPress(kBobSlack, u"warroom_approve"_s, approveValue, &answer), 200);
    QVERIFY2(answer.contains("Not done") && answer.contains("bob has change-approver"), answer.constData());
    // alice's press approves it, as alice, and the outcome goes to response_url.
    QCOMPARE(slackPress(kAliceSlack, u"warroom_approve"_s, approveValue, &answer), 200);
    QVERIFY2(answer.contains("alice approved step"), answer.constData());
    QCOMPARE(approvalOf(detail(id), first).value(u"approvers"_s).toArray(), QJsonArray {u"alice"_s});
    QTRY_VERIFY_WITH_TIMEOUT(m_responses->requests.size() >= 3, 10000);
    QVERIFY(m_responses->requests.last().body.contains("alice approved step"));
    const QJsonObject approvalEvent = events(id, u"step.approved"_s).first();
    QCOMPARE(approvalEvent.value(u"actor"_s).toString(), u"alice"_s);
    QCOMPARE(
        approvalEvent.value(u"payload"_s).toObject().value(u"approval"_s).toObject().value(u"comment"_s).toString(),
        u"approved from Slack"_s);

    // The rest by the people, through check, apply, re-check and validation.
    const QJsonObject done = drive(id);
    QCOMPARE(done.value(u"incident"_s).toObject().value(u"state"_s).toString(), u"resolved"_s);
    QVERIFY(!done.value(u"incident"_s).toObject().value(u"mitigated_at"_s).toString().isEmpty());
    QVERIFY(!done.value(u"incident"_s).toObject().value(u"acknowledged_at"_s).toString().isEmpty());
    // The resolution is a comment on the Jira issue.
    QTRY_VERIFY_WITH_TIMEOUT(m_jira->requests.size() >= 2, 10000);
    QCOMPARE(m_jira->requests.at(1).path, QByteArray("/rest/api/2/issue/OPS-42/comment"));

    // An update for executives: drafted from the timeline, edited, published
    // by the comms lead, sent by e-mail only (the audience's channel).
    const ApiResponse draft
        = waitFor(carol->get(u"/api/v1/incidents/%1/status-draft"_s.arg(id), QUrlQuery(u"audience=executive"_s)));
    QCOMPARE(draft.status, 200);
    // As drafted it still has its marks for what only a person can say: refused, nothing sent.
    const QString draftText = draft.json.value(u"text"_s).toString();
    QVERIFY2(draftText.contains(u"[fill in]"_s), qPrintable(draftText));
    const ApiResponse unfinished = waitFor(carol->post(u"/api/v1/incidents/%1/status-updates"_s.arg(id),
                                                       {{u"audience"_s, u"executive"_s}, {u"text"_s, draftText}}));
    QCOMPARE(unfinished.status, 400);
    QVERIFY2(unfinished.errorMessage().contains(u"[fill in]"_s), qPrintable(unfinished.errorMessage()));
    const QString text
        = QString(draftText).replace(u"[fill in]"_s, u"30 minutes"_s) + u"\nService restored for all agents."_s;
    const int hookBefore = int(m_hook->requests.size());
    const ApiResponse published = waitFor(carol->post(u"/api/v1/incidents/%1/status-updates"_s.arg(id),
                                                      {{u"audience"_s, u"executive"_s}, {u"text"_s, text}}));
    QCOMPARE(published.status, 201);
    QTRY_VERIFY_WITH_TIMEOUT(m_smtp->data.contains("Service restored for all agents."), 15000);
    QCOMPARE(m_hook->requests.size(), hookBefore);
    const ApiResponse updates = waitFor(carol->get(u"/api/v1/incidents/%1/status-updates"_s.arg(id)));
    QCOMPARE(updates.json.value(u"count"_s).toInt(), 1);
    QCOMPARE(updates.json.value(u"items"_s).toArray().first().toObject().value(u"by"_s).toString(), u"carol"_s);

    // What people add to the postmortem, then the document itself.
    const ApiResponse notes
        = waitFor(alice->put(u"/api/v1/incidents/%1/postmortem"_s.arg(id),
                             {{u"impact"_s, u"Support agents could not sign in to Salesforce for 40 minutes."_s},
                              {u"whys"_s,
                               QJsonArray {u"The SP trusted the old signing certificate"_s,
                                           u"The rotation did not update the SP metadata"_s}},
                              {u"root_cause"_s, u"Certificate rotation is not tied to the SP metadata update"_s},
                              {u"actions"_s,
                               QJsonArray {QJsonObject {{u"title"_s, u"Automate the SP metadata update"_s},
                                                        {u"owner"_s, u"erin"_s},
                                                        {u"due"_s, u"2027-01-15"_s}}}}}));
    QCOMPARE(notes.status, 200);
    const ApiResponse md = waitFor(m_daemon->client(u"dave"_s)->get(u"/api/v1/incidents/%1/postmortem"_s.arg(id)));
    QCOMPARE(md.status, 200);
    const QString markdown = QString::fromUtf8(md.body);
    QVERIFY2(markdown.contains(u"## Timeline"_s), qPrintable(markdown.left(2000)));
    QVERIFY(markdown.contains(u"Declared a major incident: all agents locked out"_s));
    QVERIFY(markdown.contains(u"Incident commander: alice; comms lead: carol; scribe: erin"_s));
    QVERIFY(markdown.contains(u"alice (mim) approved step %1, content"_s.arg(first)));
    QVERIFY(markdown.contains(u"Approved step %1: approved from Slack"_s.arg(first)));
    // The high-risk patch: two distinct people signed it.
    QString highRisk;
    for (const QJsonValue &v : done.value(u"plan"_s).toObject().value(u"steps"_s).toArray()) {
        if (v.toObject().value(u"approvals_needed"_s).toInt() == 2)
            highRisk = v.toObject().value(u"id"_s).toString();
    }
    QVERIFY(!highRisk.isEmpty());
    QCOMPARE(markdown.count(u") approved step %1, content"_s.arg(highRisk)), 2);
    QVERIFY(markdown.contains(u"It was resolved at"_s));
    QVERIFY(markdown.contains(u"phase-output"_s));
    QVERIFY(markdown.contains(u"Notification via jira delivered"_s));
    QVERIFY(markdown.contains(u"Automate the SP metadata update"_s));
    QVERIFY(markdown.contains(u"Certificate rotation is not tied to the SP metadata update"_s));
    const ApiResponse pdf = waitFor(
        m_daemon->client(u"dave"_s)->get(u"/api/v1/incidents/%1/postmortem"_s.arg(id), QUrlQuery(u"format=pdf"_s)));
    QCOMPARE(pdf.status, 200);
    QVERIFY(pdf.body.startsWith("%PDF-1."));
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is installed by packaging/bootstrap.sh");
    QFile pdfFile(m_dir.filePath(u"postmortem.pdf"_s));
    QVERIFY(pdfFile.open(QIODevice::WriteOnly));
    pdfFile.write(pdf.body);
    pdfFile.close();
    QProcess toText;
    toText.start(pdftotext, {pdfFile.fileName(), u"-"_s});
    QVERIFY(toText.waitForFinished(20000));
    const QString pdfText = QString::fromUtf8(toText.readAllStandardOutput()).simplified();
    QVERIFY2(pdfText.contains(u"Timeline"_s), qPrintable(pdfText.left(1000)));
    QVERIFY(pdfText.contains(u"Declared a major incident"_s));
    QVERIFY(pdfText.contains(u"alice (mim) approved step %1"_s.arg(first)));
    QVERIFY(pdfText.contains(u"phase-output"_s));

    // The fix as reviewed automation: drafted, validated against a scratch
    // lab with the fault injected, whitelisted only after a second person approves.
    const ApiResponse drafted = waitFor(carol->post(u"/api/v1/incidents/%1/remediation-drafts"_s.arg(id), {}));
    QCOMPARE(drafted.status, 202);
    const QString draftId = drafted.json.value(u"id"_s).toString();
    QVERIFY(drafted.json.value(u"yaml"_s).toString().contains(u"whitelisted playbook sso-metadata-patch"_s));
    QCOMPARE(drafted.json.value(u"requested_by"_s).toString(), u"carol"_s);
    // Not before it is validated.
    const ApiResponse early
        = waitFor(m_daemon->client(u"bob"_s)->post(u"/api/v1/remediation-drafts/%1/approve"_s.arg(draftId), {}));
    QCOMPARE(early.status, 409);
    QJsonObject d;
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 240000) {
        d = waitFor(carol->get(u"/api/v1/remediation-drafts/%1"_s.arg(draftId))).json;
        if (d.value(u"validated"_s).toBool())
            break;
        QTest::qWait(1000);
    }
    const QJsonObject report = d.value(u"validation"_s).toObject();
    QVERIFY2(report.value(u"passed"_s).toBool(), QJsonDocument(report).toJson().constData());
    QVERIFY(report.value(u"syntax_ok"_s).toBool());
    QVERIFY(report.value(u"first_check_changed"_s).toInt() > 0); // the fault was there
    QVERIFY(report.value(u"apply_changed"_s).toInt() > 0); // the draft fixed it
    QCOMPARE(report.value(u"second_check_changed"_s).toInt(), 0); // idempotent
    QVERIFY(!events(id, u"remediation.validated"_s).isEmpty());
    bool validationEvidence = false;
    for (const QJsonValue &e : detail(id).value(u"evidence"_s).toArray())
        validationEvidence
            = validationEvidence || e.toObject().value(u"kind"_s).toString() == "remediation-validation"_L1;
    QVERIFY(validationEvidence);
    // Nothing is in the runbook repository before a person approves.
    QCOMPARE(git(m_repo, {u"branch"_s, u"--list"_s, u"remediation/*"_s}), QString());
    // The person who asked for it may not approve it; a viewer may not either.
    QCOMPARE(waitFor(carol->post(u"/api/v1/remediation-drafts/%1/approve"_s.arg(draftId), {})).status, 403);
    const ApiResponse byViewer
        = waitFor(m_daemon->client(u"dave"_s)->post(u"/api/v1/remediation-drafts/%1/approve"_s.arg(draftId), {}));
    QCOMPARE(byViewer.status, 403);
    QVERIFY2(byViewer.errorMessage().contains(u"needs the change-approver or mim role"_s),
             qPrintable(byViewer.errorMessage())); // the roles named from the permission table
    const ApiResponse approved = waitFor(m_daemon->client(u"bob"_s)->post(
        u"/api/v1/remediation-drafts/%1/approve"_s.arg(draftId), {{u"comment"_s, u"reviewed the inlined tasks"_s}}));
    QCOMPARE(approved.status, 200);
    const QString branch = approved.json.value(u"branch"_s).toString();
    QCOMPARE(branch, u"remediation/"_s + draftId);
    const QString entry = git(m_repo, {u"show"_s, branch + u":playbooks/whitelist.d/"_s + draftId + u".yaml"_s});
    QVERIFY2(entry.contains(d.value(u"sha256"_s).toString()), qPrintable(entry));
    QVERIFY(entry.contains(u"approved_by: \"bob\""_s));
    QCOMPARE(git(m_repo, {u"rev-parse"_s, u"--abbrev-ref"_s, u"HEAD"_s}), u"main"_s); // never merged
    QVERIFY(!QFile::exists(m_repo + u"/playbooks"_s));
    QVERIFY(!events(id, u"remediation.approved"_s).isEmpty());
    // Decided once.
    QCOMPARE(waitFor(m_daemon->client(u"erin"_s)->post(u"/api/v1/remediation-drafts/%1/reject"_s.arg(draftId),
                                                       {{u"comment"_s, u"late"_s}}))
                 .status,
             409);
    QCOMPARE(waitFor(m_daemon->client(u"dave"_s)->auditVerify()).json.value(u"intact"_s).toBool(), true);
}

void TestComms::slackRefusesForgedStaleAndUnmappedPresses()
{
    QVERIFY(m_incident > 0);
    const QString value = u"INC-%1"_s.arg(m_incident);
    QByteArray answer;
    QCOMPARE(slackPress(kBobSlack, u"warroom_ack"_s, value, &answer, 0, true), 401);
    QCOMPARE(slackPress(kBobSlack, u"warroom_ack"_s, value, &answer, 6 * 60), 401);
    QVERIFY2(answer.contains("window") || answer.contains("old") || answer.contains("stale"), answer.constData());
    QCOMPARE(slackPress(u"U0NOBODY0"_s, u"warroom_ack"_s, value, &answer), 403);
    // Without any signature headers.
    const test::HttpExchange bare = test::sendHttp(m_nam, "POST", m_daemon->url(u"/slack/actions"_s),
                                                   slackBody(kBobSlack, u"warroom_ack"_s, value, {}),
                                                   {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(bare.status, 401);
    // A response_url on a host that is not allowed gets nothing.
    const int before = int(m_responses->requests.size());
    const QByteArray body = slackBody(kBobSlack, u"warroom_timeline"_s, value, u"http://169.254.169.254/latest"_s);
    const QByteArray ts = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const test::HttpExchange r = test::sendHttp(
        m_nam, "POST", m_daemon->url(u"/slack/actions"_s), body,
        {{"X-Slack-Request-Timestamp", ts}, {"X-Slack-Signature", slackSignature(kSigningSecret, ts, body)}});
    QCOMPARE(r.status, 200);
    QTest::qWait(500);
    QCOMPARE(m_responses->requests.size(), before);
}

void TestComms::badInputIsRefusedWithAReason()
{
    QVERIFY(m_incident > 0);
    auto alice = m_daemon->client(u"alice"_s);
    const qint64 id = m_incident;
    struct Case
    {
        QString path;
        QJsonObject body;
        int status;
        QString reason;
    };
    const QList<Case> cases {
        {u"/api/v1/incidents/%1/severity"_s, {{u"severity"_s, u"SEV9"_s}}, 400, u"SEV1, SEV2"_s},
        {u"/api/v1/incidents/%1/roles"_s, {{u"captain"_s, u"alice"_s}}, 400, u"not a command role"_s},
        {u"/api/v1/incidents/%1/roles"_s, {{u"commander"_s, u"carol"_s}}, 400, u"must hold the mim role"_s},
        {u"/api/v1/incidents/%1/status-updates"_s,
         {{u"audience"_s, u"press"_s}, {u"text"_s, u"x"_s}},
         400,
         u"audience must be one of"_s},
        {u"/api/v1/incidents/%1/status-updates"_s, {{u"audience"_s, u"internal"_s}}, 400, u"text"_s},
        {u"/api/v1/incidents/%1/tasks/s1/block"_s, {}, 400, u"reason"_s},
        {u"/api/v1/incidents/%1/mitigate"_s, {{u"summary"_s, 5}}, 400, u"summary"_s},
        {u"/api/v1/incidents/%1/acknowledge"_s, {}, 409, u"was acknowledged by"_s},
    };
    for (const Case &c : cases) {
        const ApiResponse r = waitFor(alice->post(c.path.arg(id), c.body));
        QVERIFY2(r.status == c.status,
                 qPrintable(c.path + u" "_s + QString::number(r.status) + u" "_s + r.errorMessage()));
        QVERIFY2(r.errorMessage().contains(c.reason), qPrintable(c.path + u": "_s + r.errorMessage()));
    }
    QCOMPARE(waitFor(alice->put(u"/api/v1/incidents/%1/postmortem"_s.arg(id), {{u"whys"_s, u"not a list"_s}})).status,
             400);
    QCOMPARE(waitFor(alice->put(u"/api/v1/incidents/%1/postmortem"_s.arg(id), {{u"summary"_s, u"x"_s}})).status, 400);
    QCOMPARE(waitFor(alice->get(u"/api/v1/incidents/%1/postmortem"_s.arg(id), QUrlQuery(u"format=docx"_s))).status,
             400);
    QCOMPARE(waitFor(alice->get(u"/api/v1/incidents/%1/status-draft"_s.arg(id))).status, 400);
    QCOMPARE(waitFor(alice->get(u"/api/v1/incidents/999999/readin"_s)).status, 404);
    QCOMPARE(waitFor(alice->get(u"/api/v1/remediation-drafts/nope"_s)).status, 404);
    // Not signed in: 401 everywhere but Slack's own signed route.
    QCOMPARE(waitFor(m_daemon->client()->get(u"/api/v1/incidents/%1/postmortem"_s.arg(id))).status, 401);
    QCOMPARE(waitFor(m_daemon->client()->get(u"/api/v1/remediation-drafts"_s)).status, 401);
    // A viewer reads, never writes.
    auto dave = m_daemon->client(u"dave"_s);
    QCOMPARE(waitFor(dave->get(u"/api/v1/incidents/%1/readin"_s.arg(id), QUrlQuery(u"format=json"_s))).status, 200);
    QCOMPARE(waitFor(dave->post(u"/api/v1/incidents/%1/status-updates"_s.arg(id),
                                {{u"audience"_s, u"internal"_s}, {u"text"_s, u"x"_s}}))
                 .status,
             403);
    const ApiResponse draftByViewer = waitFor(dave->post(u"/api/v1/incidents/%1/remediation-drafts"_s.arg(id), {}));
    QCOMPARE(draftByViewer.status, 403);
    QVERIFY2(draftByViewer.errorMessage().contains(u"needs the mim or responder role"_s),
             qPrintable(draftByViewer.errorMessage()));
    // The daemon still answers.
    QCOMPARE(waitFor(m_daemon->client()->get(u"/healthz"_s)).status, 200);
}

int TestComms::ctl(const QString &user, const QStringList &args, QByteArray *output, QByteArray *error)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"WARROOM_SERVER"_s, m_daemon->baseUrl().toString());
    env.insert(u"WARROOM_TOKEN"_s, m_daemon->token(user));
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("WARROOMCTL"), args);
    if (!p.waitForFinished(60000))
        return -1;
    if (output)
        *output = p.readAllStandardOutput();
    if (error)
        *error = p.readAllStandardError();
    return p.exitCode();
}

void TestComms::drillThroughWarroomctl()
{
    // The fault is injected and the incident marked as a drill.
    QByteArray output;
    QByteArray error;
    QCOMPARE(ctl(u"carol"_s, {u"drill"_s, u"start"_s, u"service"_s, u"--lab-dir"_s, m_labDir, u"--policy"_s, kPolicy},
                 &output, &error),
             0);
    QVERIFY2(output.contains("drill service started"), output.constData());
    const qint64 id = QString::fromUtf8(output).section(u':', 0, 0).mid(4).toLongLong();
    QVERIFY(id > 0);
    Expected<QByteArray> status = m_lab->run({u"status"_s});
    QVERIFY(status);
    QVERIFY(!QJsonDocument::fromJson(*status).object().value(u"service"_s).toObject().value(u"healthy"_s).toBool());
    QJsonObject d = detail(id);
    QCOMPARE(d.value(u"incident"_s).toObject().value(u"drill"_s).toString(), u"service"_s);
    QVERIFY(d.value(u"incident"_s).toObject().value(u"title"_s).toString().startsWith(u"[DRILL]"_s));
    // The team works it: an acknowledgement, a declared severity, the plan.
    QVERIFY2(ctl(u"bob"_s, {u"ack"_s, QString::number(id), u"--comment"_s, u"on it"_s}, &output, &error) == 0,
             error.constData());
    QCOMPARE(ctl(u"carol"_s, {u"ack"_s, QString::number(id)}, &output, &error), 1); // once
    QVERIFY2(error.contains("was acknowledged by bob"), error.constData());
    QCOMPARE(ctl(u"alice"_s, {u"severity"_s, QString::number(id), u"SEV9"_s}, &output, &error), 1);
    QCOMPARE(
        ctl(u"alice"_s, {u"severity"_s, QString::number(id), u"SEV3"_s, u"--reason"_s, u"drill, no users"_s}, &output),
        0);
    QVERIFY2(output.contains("is SEV3 (declared by alice)"), output.constData());
    QCOMPARE(ctl(u"carol"_s, {u"task"_s, u"block"_s, QString::number(id), u"s1"_s}, &output, &error), 2);
    QCOMPARE(waitFor(m_daemon->client(u"carol"_s)->post(u"/api/v1/incidents/%1/plan/submit"_s.arg(id), {})).status,
             200);
    d = drive(id);
    QCOMPARE(d.value(u"incident"_s).toObject().value(u"state"_s).toString(), u"resolved"_s);
    // The team's times.
    QCOMPARE(ctl(u"dave"_s, {u"drill"_s, u"report"_s, QString::number(id), u"--json"_s}, &output), 0);
    const QJsonObject times = QJsonDocument::fromJson(output).object();
    QCOMPARE(times.value(u"drill"_s).toString(), u"service"_s);
    QCOMPARE(times.value(u"acknowledged_by"_s).toString(), u"bob"_s);
    QVERIFY(times.value(u"acknowledge_seconds"_s).toInteger() >= 0);
    QVERIFY(times.value(u"mitigate_seconds"_s).toInteger() >= times.value(u"acknowledge_seconds"_s).toInteger());
    QVERIFY(times.value(u"resolve_seconds"_s).toInteger() >= times.value(u"mitigate_seconds"_s).toInteger());
    QVERIFY(!times.value(u"steps"_s).toArray().isEmpty());
    for (const QJsonValue &v : times.value(u"steps"_s).toArray())
        QVERIFY(!v.toObject().value(u"approvers"_s).toArray().isEmpty());
    QCOMPARE(ctl(u"dave"_s, {u"drill"_s, u"report"_s, QString::number(id)}, &output), 0);
    QVERIFY2(output.contains("time to resolve"), output.constData());
    // A real incident is no drill: refused, not reported with an empty scenario.
    const ApiResponse real = waitFor(
        m_daemon->client(u"carol"_s)
            ->submitIncident({{u"title"_s, u"Checkout latency above SLO"_s}, {u"service"_s, u"checkout-api"_s}}));
    QCOMPARE(real.status, 201);
    const QString realId = QString::number(real.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger());
    QCOMPARE(ctl(u"dave"_s, {u"drill"_s, u"report"_s, realId}, &output, &error), 1);
    QVERIFY2(error.contains("is not a drill"), error.constData());
    QVERIFY(output.isEmpty());
    // A drill stays out of the real response-time histograms.
    const test::HttpExchange metrics
        = test::sendHttp(m_nam, "GET", m_daemon->url(u"/metrics"_s), {},
                         {{"Authorization", "Bearer " + m_daemon->token(u"dave"_s).toUtf8()}});
    QVERIFY(metrics.body.contains("warroom_drills_responded 1"));
    QVERIFY(metrics.body.contains("warroom_time_to_resolve_seconds_count{severity=\""));
    QVERIFY(!metrics.body.contains("severity=\"SEV3\""));
    // The postmortem as a file, a status update from a file, the drafts list.
    const QString pdf = m_dir.filePath(u"drill.pdf"_s);
    QCOMPARE(
        ctl(u"dave"_s, {u"postmortem"_s, QString::number(id), u"--format"_s, u"pdf"_s, u"--output"_s, pdf}, &output),
        0);
    QFile written(pdf);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.read(8).startsWith("%PDF-1."));
    QFile update(m_dir.filePath(u"update.txt"_s));
    QVERIFY(update.open(QIODevice::WriteOnly));
    update.write("Drill over: checkout-api healthy after the restart.\n");
    update.close();
    QCOMPARE(ctl(u"alice"_s,
                 {u"status"_s, u"publish"_s, QString::number(id), u"--audience"_s, u"internal"_s, u"--file"_s,
                  update.fileName()},
                 &output),
             0);
    QCOMPARE(ctl(u"dave"_s, {u"status"_s, u"list"_s, QString::number(id)}, &output), 0);
    QVERIFY(output.contains("Drill over: checkout-api healthy"));
    QCOMPARE(ctl(u"dave"_s, {u"readin"_s, QString::number(id)}, &output), 0);
    QVERIFY2(output.contains("## What was decided"), output.constData());
    QCOMPARE(ctl(u"dave"_s, {u"remediation"_s, u"list"_s}, &output), 0);
    QVERIFY(output.contains("approved")); // the SSO draft from the first test
    QCOMPARE(ctl(u"dave"_s, {u"drill"_s, u"start"_s, u"volcano"_s, u"--lab-dir"_s, m_labDir}, &output, &error), 2);
    QVERIFY(error.contains("unknown scenario"));
}

QJsonObject TestComms::drive(qint64 id, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QJsonObject d;
    while (timer.elapsed() < timeoutMs) {
        d = detail(id);
        const QString state = d.value(u"incident"_s).toObject().value(u"state"_s).toString();
        if (state == "failed"_L1 || state == "resolved"_L1 || state == "rolled_back"_L1)
            return d;
        bool acted = false;
        for (const QJsonValue &v : d.value(u"plan"_s).toObject().value(u"steps"_s).toArray()) {
            const QJsonObject step = v.toObject();
            const QString sid = step.value(u"id"_s).toString();
            const QString stepState = step.value(u"state"_s).toString();
            if (stepState == "running"_L1) {
                if (step.value(u"playbook"_s).toString().isEmpty())
                    acted = waitFor(m_daemon->client(u"alice"_s)
                                        ->post(u"/api/v1/incidents/%1/steps/%2/finish"_s.arg(id).arg(sid),
                                               {{u"succeeded"_s, true}, {u"summary"_s, u"done"_s}}))
                                .ok();
                break;
            }
            if (stepState != "pending"_L1)
                continue;
            const QJsonObject approval = approvalOf(d, sid);
            if (!approval.value(u"satisfied"_s).toBool()) {
                acted = approveOnce(id, step, approval);
                break;
            }
            if (step.value(u"playbook"_s).toString().isEmpty())
                acted = waitFor(m_daemon->client(u"alice"_s)
                                    ->post(u"/api/v1/incidents/%1/steps/%2/start"_s.arg(id).arg(sid), {}))
                            .ok();
            break;
        }
        if (!acted)
            QTest::qWait(250);
    }
    return d;
}

bool TestComms::approveOnce(qint64 id, const QJsonObject &step, const QJsonObject &approval)
{
    QStringList roles;
    for (const QJsonValue &v : approval.value(u"approver_roles"_s).toArray())
        roles.append(v.toString());
    QStringList already;
    for (const QJsonValue &v : approval.value(u"approvers"_s).toArray())
        already.append(v.toString());
    for (const auto &[user, role] : kApprovers) {
        if (!roles.contains(role) || already.contains(user) || user == step.value(u"requested_by"_s).toString())
            continue;
        const ApiResponse r = waitFor(m_daemon->client(user)->approve(id, step.value(u"id"_s).toString(), u"reviewed"_s,
                                                                      step.value(u"content_hash"_s).toString()));
        if (r.status == 200)
            return true;
    }
    return false;
}

void TestComms::overdueTaskEscalatesBySelfAndEveryDeliveryIsOnTheTimeline()
{
    // A declared major incident (alice commands it) with carol's task due in five seconds.
    auto carol = m_daemon->client(u"carol"_s);
    auto alice = m_daemon->client(u"alice"_s);
    const ApiResponse created
        = waitFor(carol->submitIncident({{u"title"_s, u"Card issuer timeouts at checkout"_s},
                                         {u"service"_s, u"payments"_s},
                                         {u"priority"_s, u"P1"_s},
                                         {u"description"_s, u"The processor times out for Visa cards."_s}}));
    QCOMPARE(created.status, 201);
    const qint64 id = created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
    QCOMPARE(waitFor(alice->post(u"/api/v1/incidents/%1/promote"_s.arg(id), {{u"reason"_s, u"card payments fail"_s}}))
                 .status,
             200);
    const QDateTime due = QDateTime::currentDateTimeUtc().addSecs(5);
    const QJsonObject plan {{u"source"_s, u"manual"_s},
                            {u"summary"_s, u"Ask the processor"_s},
                            {u"steps"_s,
                             QJsonArray {QJsonObject {{u"id"_s, u"s1"_s},
                                                      {u"kind"_s, u"manual"_s},
                                                      {u"title"_s, u"Call the processor's duty manager"_s},
                                                      {u"owner"_s, u"carol"_s},
                                                      {u"due_at"_s, due.toString(Qt::ISODateWithMs)}}}}};
    QCOMPARE(waitFor(carol->put(u"/api/v1/incidents/%1/plan"_s.arg(id), plan)).status, 200);
    QVERIFY(events(id, u"task.escalated"_s).isEmpty());
    const qsizetype slackBefore = m_slack->requests.size();

    // Nobody asks: the coordinator's own check (every second here) escalates it once it is due.
    QTRY_COMPARE_WITH_TIMEOUT(events(id, u"task.escalated"_s).size(), 1, 15000);
    const QJsonObject escalated = events(id, u"task.escalated"_s).first();
    QCOMPARE(escalated.value(u"actor"_s).toString(), u"warroomd"_s);
    const QJsonObject payload = escalated.value(u"payload"_s).toObject();
    QCOMPARE(payload.value(u"step"_s).toString(), u"s1"_s);
    QCOMPARE(payload.value(u"reason"_s).toString(), u"overdue"_s);
    QCOMPARE(payload.value(u"to"_s).toString(), u"alice"_s);
    QVERIFY(QDateTime::fromString(escalated.value(u"time"_s).toString(), Qt::ISODateWithMs) >= due);
    // The commander hears about it in Slack, and the delivery is on the timeline.
    const auto slackTexts = [&] {
        QStringList texts;
        for (qsizetype i = slackBefore; i < m_slack->requests.size(); ++i)
            texts.append(QString::fromUtf8(m_slack->requests.at(i).body));
        return texts;
    };
    QTRY_VERIFY_WITH_TIMEOUT(slackTexts().join(u'\n').contains(u"Task s1"_s), 10000);
    const QString message = slackTexts().filter(u"Task s1"_s).first();
    QVERIFY2(message.contains(u"owner carol"_s) && message.contains(u"overdue"_s)
                 && message.contains(u"Escalated to alice"_s),
             qPrintable(message));
    const auto deliveries = [&](const QString &type, const QString &event) {
        QList<QJsonObject> out;
        for (const QJsonObject &e : events(id, type))
            if (e.value(u"payload"_s).toObject().value(u"event"_s).toString() == event)
                out.append(e.value(u"payload"_s).toObject());
        return out;
    };
    QTRY_VERIFY_WITH_TIMEOUT(!deliveries(u"notification.delivered"_s, u"task.overdue"_s).isEmpty(), 10000);
    QCOMPARE(deliveries(u"notification.delivered"_s, u"task.overdue"_s).first().value(u"channel"_s).toString(),
             u"slack"_s);
    // Once only: the next checks leave an escalated task alone.
    QTest::qWait(2500);
    QCOMPARE(events(id, u"task.escalated"_s).size(), 1);

    // A new incident acknowledged from Slack's button by a mapped user: the incident says who.
    const qint64 fresh = waitFor(carol->submitIncident({{u"title"_s, u"Refund API answers 502"_s},
                                                        {u"service"_s, u"payments"_s},
                                                        {u"priority"_s, u"P2"_s}}))
                             .json.value(u"incident"_s)
                             .toObject()
                             .value(u"id"_s)
                             .toInteger();
    QVERIFY(fresh > 0);
    QVERIFY(detail(fresh).value(u"incident"_s).toObject().value(u"acknowledged_at"_s).toString().isEmpty());
    QByteArray answer;
    QCOMPARE(slackPress(kBobSlack, u"warroom_ack"_s, u"INC-%1"_s.arg(fresh), &answer), 200);
    QTRY_VERIFY_WITH_TIMEOUT(
        !detail(fresh).value(u"incident"_s).toObject().value(u"acknowledged_at"_s).toString().isEmpty(), 5000);
    QCOMPARE(detail(fresh).value(u"incident"_s).toObject().value(u"acknowledged_by"_s).toString(), u"bob"_s);
    const QList<QJsonObject> acks = events(fresh, u"incident.acknowledged"_s);
    QCOMPARE(acks.size(), 1);
    QCOMPARE(acks.first().value(u"actor"_s).toString(), u"bob"_s);

    // A channel that fails: the status page's webhook answers 503 to both attempts.
    HttpServer::Reply down;
    down.status = 503;
    down.body = "maintenance";
    m_hook->script({down, down});
    const qsizetype hookBefore = m_hook->requests.size();
    QCOMPARE(waitFor(alice->post(u"/api/v1/incidents/%1/status-updates"_s.arg(id),
                                 {{u"audience"_s, u"external"_s},
                                  {u"text"_s, u"Some card payments fail at checkout. We are working on it."_s}}))
                 .status,
             201);
    QTRY_VERIFY_WITH_TIMEOUT(!deliveries(u"notification.failed"_s, u"status.update"_s).isEmpty(), 15000);
    const QJsonObject failed = deliveries(u"notification.failed"_s, u"status.update"_s).first();
    QCOMPARE(failed.value(u"channel"_s).toString(), u"webhook:statuspage"_s);
    QCOMPARE(failed.value(u"attempts"_s).toInt(), 2);
    QCOMPARE(failed.value(u"status"_s).toInt(), 503);
    QVERIFY2(!failed.value(u"error"_s).toString().isEmpty(), QJsonDocument(failed).toJson().constData());
    QCOMPARE(m_hook->requests.size(), hookBefore + 2);
    // The update itself is kept although its delivery failed.
    const ApiResponse updates = waitFor(carol->get(u"/api/v1/incidents/%1/status-updates"_s.arg(id)));
    QCOMPARE(updates.json.value(u"count"_s).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestComms)
#include "tst_comms.moc"
