// Config: YAML parsing with line-numbered errors, listen addresses, the
// environment overrides and the token helpers.

#include "config.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

const QString kAbcSha256 = u"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"_s;

/// A syntactically valid token hash (the SHA-256 of "abc").
QByteArray validHash()
{
    return kAbcSha256.toLatin1();
}

} // namespace

class TestConfig final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void triageOnIngest();
    void defaults();
    void fullFile();
    void fromYamlFile();
    void emptyDocumentIsDefaults();
    void errors_data();
    void errors();
    void duplicateUsers();
    void setListen_data();
    void setListen();
    void applyEnvironment();
    void applyEnvironmentIgnoresEmptyValues();
    void applyEnvironmentCustomKeyVariable();
    void hashTokenKnownVector();
    void generateToken();
    void effectiveDatabasePath();
};

void TestConfig::defaults()
{
    const Config c;
    QCOMPARE(c.listenHost, u"127.0.0.1"_s);
    QCOMPARE(c.listenPort, quint16(8765));
    QCOMPARE(c.approvalTtlSeconds, qint64(30 * 60));
    QCOMPARE(c.databaseDriver, u"sqlite"_s);
    QVERIFY(c.executionMode.isEmpty()); // the policy's mode
    QCOMPARE(c.llmProvider, u"offline"_s);
    QCOMPARE(c.llmTimeoutMs, 20000);
    QVERIFY(c.llmRestrictedSources.isEmpty());
    QVERIFY(c.validate());
}

void TestConfig::fullFile()
{
    const QByteArray yaml = "listen: \"0.0.0.0:9443\"\n"
                            "data_dir: /var/lib/warroom\n"
                            "tls:\n"
                            "  certificate: /etc/warroom/cert.pem\n"
                            "  key: /etc/warroom/key.pem\n"
                            "database:\n"
                            "  driver: sqlite\n"
                            "  path: /srv/warroom.db\n"
                            "approval_ttl_minutes: 45\n"
                            "max_body_bytes: 2048\n"
                            "users:\n"
                            "  - name: alice\n"
                            "    display_name: Alice Example\n"
                            "    roles: [mim, admin]\n"
                            "    token_sha256: "
        + validHash().toUpper()
        + "\n"
          "  - name: bob\n"
          "    roles:\n"
          "      - responder\n"
          "      - change-approver\n"
          "    token_sha256: "
        + hashToken(u"bob's own token"_s).toLatin1()
        + "\n"
          "redis:\n"
          "  url: redis://127.0.0.1:6379/0\n"
          "execution:\n"
          "  mode: apply\n"
          "  policy: /etc/warroom/playbooks/policy.yaml\n"
          "  lab_dir: /var/lib/warroom/lab\n"
          "llm:\n"
          "  provider: openai\n"
          "  base_url: https://llm.example/v1\n"
          "  model: gpt-test\n"
          "  api_key_env: MY_LLM_KEY\n"
          "  timeout_seconds: 7.5\n"
          "  restricted_sources: [siem, hr-portal]\n"
          "  restricted_services: [payroll]\n"
          "slack:\n"
          "  signing_secret: s3cret\n"
          "knowledge:\n"
          "  directories: [/kb/one, /kb/two]\n";
    const Expected<Config> parsed = Config::fromYaml(yaml, u"full.yaml"_s);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
    const Config &c = *parsed;
    QCOMPARE(c.listenHost, u"0.0.0.0"_s);
    QCOMPARE(c.listenPort, quint16(9443));
    QCOMPARE(c.dataDir, u"/var/lib/warroom"_s);
    QCOMPARE(c.tlsCertificate, u"/etc/warroom/cert.pem"_s);
    QCOMPARE(c.tlsKey, u"/etc/warroom/key.pem"_s);
    QCOMPARE(c.databaseDriver, u"sqlite"_s);
    QCOMPARE(c.databasePath, u"/srv/warroom.db"_s);
    QCOMPARE(c.effectiveDatabasePath(), u"/srv/warroom.db"_s);
    QCOMPARE(c.approvalTtlSeconds, qint64(45 * 60));
    QCOMPARE(c.maxBodyBytes, qint64(2048));
    QCOMPARE(c.users.size(), 2);
    QCOMPARE(c.users.at(0).user.name, u"alice"_s);
    QCOMPARE(c.users.at(0).user.displayName, u"Alice Example"_s);
    QCOMPARE(c.users.at(0).user.roles, (QStringList {u"mim"_s, u"admin"_s}));
    QCOMPARE(c.users.at(0).tokenSha256, kAbcSha256); // lower-cased
    QVERIFY(c.users.at(0).user.hasRole(Role::Mim));
    QCOMPARE(c.users.at(1).user.name, u"bob"_s);
    QCOMPARE(c.users.at(1).user.displayName, u"bob"_s); // defaults to the name
    QCOMPARE(c.users.at(1).user.roles, (QStringList {u"responder"_s, u"change-approver"_s}));
    QCOMPARE(c.redisUrl, u"redis://127.0.0.1:6379/0"_s);
    QCOMPARE(c.executionMode, u"apply"_s);
    QCOMPARE(c.executionPolicy, u"/etc/warroom/playbooks/policy.yaml"_s);
    QCOMPARE(c.labDir, u"/var/lib/warroom/lab"_s);
    QCOMPARE(c.llmProvider, u"openai"_s);
    QCOMPARE(c.llmBaseUrl, u"https://llm.example/v1"_s);
    QCOMPARE(c.llmModel, u"gpt-test"_s);
    QCOMPARE(c.llmApiKeyEnv, u"MY_LLM_KEY"_s);
    QVERIFY(c.llmApiKey.isEmpty()); // never from the file
    QCOMPARE(c.llmTimeoutMs, 7500);
    QCOMPARE(c.llmRestrictedSources, (QStringList {u"siem"_s, u"hr-portal"_s}));
    QCOMPARE(c.llmRestrictedServices, QStringList {u"payroll"_s});
    QCOMPARE(c.slackSigningSecret, u"s3cret"_s);
    QCOMPARE(c.knowledgeDirs, (QStringList {u"/kb/one"_s, u"/kb/two"_s}));
    QVERIFY(c.validate());
}

void TestConfig::fromYamlFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"warroom.yaml"_s);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("listen: 127.0.0.1:1234\nbogus: 1\n");
    }
    const Expected<Config> bad = Config::fromYamlFile(path);
    QVERIFY(!bad);
    QCOMPARE(bad.error().code, ErrorCode::InvalidInput);
    QVERIFY2(bad.error().message.startsWith(path + u":2:"_s), qPrintable(bad.error().message));

    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("listen: 127.0.0.1:1234\n");
    }
    const Expected<Config> good = Config::fromYamlFile(path);
    QVERIFY2(good, qPrintable(good ? QString() : good.error().message));
    QCOMPARE(good->listenPort, quint16(1234));
    QCOMPARE(good->sourcePath, QFileInfo(path).absoluteFilePath());

    const Expected<Config> missing = Config::fromYamlFile(dir.filePath(u"absent.yaml"_s));
    QVERIFY(!missing);
    QVERIFY(missing.error().message.contains(u"absent.yaml"_s));
}

void TestConfig::emptyDocumentIsDefaults()
{
    const Expected<Config> c = Config::fromYaml(QByteArray());
    QVERIFY(c);
    QCOMPARE(c->listenPort, quint16(8765));
    QVERIFY(c->users.isEmpty());
}

void TestConfig::errors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("mentions");

    const QByteArray hash = validHash();
    QTest::newRow("unknown top-level key")
        << QByteArray("listen: 127.0.0.1:80\ndata_dir: /tmp\nlisten_port: 99\n") << 3 << u"listen_port"_s;
    QTest::newRow("bad role") << QByteArray("users:\n"
                                            "  - name: carol\n"
                                            "    roles:\n"
                                            "      - mim\n"
                                            "      - superuser\n"
                                            "    token_sha256: "
                                            + hash + "\n")
                              << 5 << u"superuser"_s;
    QTest::newRow("system role is not assignable")
        << QByteArray("users:\n  - name: carol\n    roles: [system]\n    token_sha256: " + hash + "\n") << 3
        << u"system"_s;
    QTest::newRow("listen without port") << QByteArray("data_dir: /tmp\nlisten: 127.0.0.1\n") << 2 << u"HOST:PORT"_s;
    QTest::newRow("listen with a host name") << QByteArray("\n\nlisten: example.com:80\n") << 3 << u"example.com"_s;
    QTest::newRow("listen port out of range") << QByteArray("listen: 127.0.0.1:70000\n") << 1 << u"70000"_s;
    QTest::newRow("missing token_sha256") << QByteArray("users:\n"
                                                        "  - name: alice\n"
                                                        "    token_sha256: "
                                                        + hash
                                                        + "\n"
                                                          "  - name: dave\n"
                                                          "    roles: [viewer]\n")
                                          << 4 << u"token_sha256"_s;
    QTest::newRow("short token_sha256") << QByteArray("users:\n  - name: eve\n    token_sha256: abc123\n") << 3
                                        << u"64 hex"_s;
    QTest::newRow("token_sha256 not hex")
        << QByteArray("users:\n  - name: eve\n    token_sha256: " + QByteArray(64, 'z') + "\n") << 3 << u"hex"_s;
    QTest::newRow("user without name") << QByteArray("users:\n  - roles: [mim]\n") << 2 << u"name"_s;
    QTest::newRow("ttl zero") << QByteArray("data_dir: /tmp\napproval_ttl_minutes: 0\n") << 2
                              << u"approval_ttl_minutes"_s;
    QTest::newRow("ttl too long") << QByteArray("approval_ttl_minutes: 1441\n") << 1 << u"approval_ttl_minutes"_s;
    QTest::newRow("ttl not a number") << QByteArray("data_dir: /tmp\n\napproval_ttl_minutes: soon\n") << 3 << QString();
    QTest::newRow("malformed yaml") << QByteArray("listen: [unclosed\ndata_dir: /tmp\n") << -1 << QString();
}

void TestConfig::errors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(QString, mentions);

    const Expected<Config> c = Config::fromYaml(yaml, u"test.yaml"_s);
    QVERIFY(!c);
    QCOMPARE(c.error().code, ErrorCode::InvalidInput);
    const QString message = c.error().message;
    if (line > 0) {
        QVERIFY2(message.startsWith(u"test.yaml:%1: "_s.arg(line)), qPrintable(message));
    } else {
        static const QRegularExpression kAnyLine(u"^test\\.yaml:\\d+: "_s);
        QVERIFY2(kAnyLine.match(message).hasMatch(), qPrintable(message));
    }
    if (!mentions.isEmpty())
        QVERIFY2(message.contains(mentions), qPrintable(message));
}

void TestConfig::duplicateUsers()
{
    const QByteArray other = hashToken(u"another token"_s).toLatin1();
    const Expected<Config> sameName = Config::fromYaml("users:\n"
                                                       "  - name: alice\n    token_sha256: "
                                                           + validHash()
                                                           + "\n"
                                                             "  - name: alice\n    token_sha256: "
                                                           + other + "\n",
                                                       u"dup.yaml"_s);
    QVERIFY(!sameName);
    QCOMPARE(sameName.error().code, ErrorCode::InvalidInput);
    QVERIFY2(sameName.error().message.startsWith(u"dup.yaml"_s), qPrintable(sameName.error().message));
    QVERIFY2(sameName.error().message.contains(u"alice"_s), qPrintable(sameName.error().message));

    // Two users with one token: the authenticator keys users by token hash, so one
    // would silently sign in as the other, with the other's roles.
    const Expected<Config> sameToken = Config::fromYaml("users:\n"
                                                        "  - name: alice\n    roles: [viewer]\n    token_sha256: "
                                                            + validHash()
                                                            + "\n"
                                                              "  - name: bob\n    roles: [admin]\n    token_sha256: "
                                                            + validHash().toUpper() + "\n",
                                                        u"dup.yaml"_s);
    QVERIFY(!sameToken);
}

void TestConfig::setListen_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");

    QTest::newRow("ipv4") << u"127.0.0.1:8080"_s << true << u"127.0.0.1"_s << 8080;
    QTest::newRow("any ipv4") << u"0.0.0.0:443"_s << true << u"0.0.0.0"_s << 443;
    QTest::newRow("localhost") << u"localhost:9000"_s << true << u"localhost"_s << 9000;
    QTest::newRow("port zero") << u"127.0.0.1:0"_s << true << u"127.0.0.1"_s << 0;
    QTest::newRow("highest port") << u"127.0.0.1:65535"_s << true << u"127.0.0.1"_s << 65535;
    QTest::newRow("bracketed ipv6") << u"[::1]:8443"_s << true << u"::1"_s << 8443;
    QTest::newRow("bare ipv6") << u"::1:8443"_s << true << u"::1"_s << 8443;
    QTest::newRow("no port") << u"127.0.0.1"_s << false << QString() << 0;
    QTest::newRow("empty port") << u"127.0.0.1:"_s << false << QString() << 0;
    QTest::newRow("no host") << u":8080"_s << false << QString() << 0;
    QTest::newRow("empty") << QString() << false << QString() << 0;
    QTest::newRow("port too large") << u"127.0.0.1:65536"_s << false << QString() << 0;
    QTest::newRow("negative port") << u"127.0.0.1:-1"_s << false << QString() << 0;
    QTest::newRow("port not a number") << u"127.0.0.1:http"_s << false << QString() << 0;
    QTest::newRow("host name") << u"example.com:80"_s << false << QString() << 0;
    QTest::newRow("bad ipv4") << u"300.1.1.1:80"_s << false << QString() << 0;
}

void TestConfig::setListen()
{
    QFETCH(QString, input);
    QFETCH(bool, ok);
    QFETCH(QString, host);
    QFETCH(int, port);

    Config c;
    const Status s = c.setListen(input);
    QCOMPARE(bool(s), ok);
    if (ok) {
        QCOMPARE(c.listenHost, host);
        QCOMPARE(int(c.listenPort), port);
    } else {
        QCOMPARE(s.error().code, ErrorCode::InvalidInput);
        QVERIFY(!s.error().message.isEmpty());
        // A refused address leaves the previous one in place.
        QCOMPARE(c.listenHost, u"127.0.0.1"_s);
        QCOMPARE(c.listenPort, quint16(8765));
    }
}

void TestConfig::applyEnvironment()
{
    Config c;
    QProcessEnvironment env;
    env.insert(u"WARROOM_LLM_PROVIDER"_s, u"anthropic"_s);
    env.insert(u"WARROOM_LLM_BASE_URL"_s, u"https://api.example"_s);
    env.insert(u"WARROOM_LLM_MODEL"_s, u"claude-test"_s);
    env.insert(u"WARROOM_LLM_API_KEY"_s, u"sk-123"_s);
    env.insert(u"WARROOM_SLACK_SIGNING_SECRET"_s, u"slack-secret"_s);
    env.insert(u"UNRELATED"_s, u"x"_s);
    c.applyEnvironment(env);
    QCOMPARE(c.llmProvider, u"anthropic"_s);
    QCOMPARE(c.llmBaseUrl, u"https://api.example"_s);
    QCOMPARE(c.llmModel, u"claude-test"_s);
    QCOMPARE(c.llmApiKey, u"sk-123"_s);
    QCOMPARE(c.slackSigningSecret, u"slack-secret"_s);
    QVERIFY(c.validate());

    // The environment overrides what the file said.
    Expected<Config> fromFile = Config::fromYaml("llm:\n  provider: openai\n  model: from-file\n"
                                                 "slack:\n  signing_secret: file-secret\n");
    QVERIFY(fromFile);
    fromFile->applyEnvironment(env);
    QCOMPARE(fromFile->llmProvider, u"anthropic"_s);
    QCOMPARE(fromFile->llmModel, u"claude-test"_s);
    QCOMPARE(fromFile->slackSigningSecret, u"slack-secret"_s);

    // An override is not validated until validate() is called.
    QProcessEnvironment bogus;
    bogus.insert(u"WARROOM_LLM_PROVIDER"_s, u"bogus"_s);
    Config d;
    d.applyEnvironment(bogus);
    QCOMPARE(d.llmProvider, u"bogus"_s);
    QVERIFY(!d.validate());

    // A time-out the LLM boundary cannot honour is refused by name.
    for (const QByteArray &seconds : {QByteArray("0"), QByteArray("0.05"), QByteArray("601")}) {
        Expected<Config> t = Config::fromYaml("llm:\n  timeout_seconds: " + seconds + "\n");
        QVERIFY2(!t && t.error().message.contains(u"timeout_seconds"_s), seconds.constData());
    }
}

void TestConfig::applyEnvironmentIgnoresEmptyValues()
{
    Expected<Config> c = Config::fromYaml("llm:\n  provider: openai\n  model: m1\n"
                                          "slack:\n  signing_secret: keep\n");
    QVERIFY(c);
    QProcessEnvironment env;
    env.insert(u"WARROOM_LLM_PROVIDER"_s, QString());
    env.insert(u"WARROOM_LLM_MODEL"_s, QString());
    env.insert(u"WARROOM_SLACK_SIGNING_SECRET"_s, QString());
    c->applyEnvironment(env);
    QCOMPARE(c->llmProvider, u"openai"_s);
    QCOMPARE(c->llmModel, u"m1"_s);
    QCOMPARE(c->slackSigningSecret, u"keep"_s);

    Config empty;
    empty.applyEnvironment(QProcessEnvironment());
    QCOMPARE(empty.llmProvider, u"offline"_s);
    QVERIFY(empty.llmApiKey.isEmpty());
}

void TestConfig::applyEnvironmentCustomKeyVariable()
{
    Expected<Config> c = Config::fromYaml("llm:\n  api_key_env: MY_LLM_KEY\n");
    QVERIFY(c);
    QProcessEnvironment env;
    env.insert(u"MY_LLM_KEY"_s, u"from-custom"_s);
    c->applyEnvironment(env);
    QCOMPARE(c->llmApiKey, u"from-custom"_s);

    // WARROOM_LLM_API_KEY, when set, takes precedence.
    env.insert(u"WARROOM_LLM_API_KEY"_s, u"from-warroom"_s);
    Config d = *c;
    d.llmApiKey.clear();
    d.applyEnvironment(env);
    QCOMPARE(d.llmApiKey, u"from-warroom"_s);
}

void TestConfig::hashTokenKnownVector()
{
    QCOMPARE(hashToken(u"abc"_s), kAbcSha256);
    QCOMPARE(hashToken(QString()), u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s);
    QCOMPARE(hashToken(u"abc"_s).size(), 64);
}

void TestConfig::generateToken()
{
    static const QRegularExpression kUrlSafe(u"^[A-Za-z0-9_-]{43}$"_s);
    QSet<QString> seen;
    for (int i = 0; i < 1000; ++i) {
        const QString token = warroom::generateToken();
        // 256 bits in unpadded URL-safe base64: 43 characters.
        QCOMPARE(token.size(), 43);
        QVERIFY2(kUrlSafe.match(token).hasMatch(), qPrintable(token));
        seen.insert(token);
    }
    QCOMPARE(seen.size(), 1000);
    const QString token = warroom::generateToken();
    QCOMPARE(QByteArray::fromBase64(token.toLatin1(), QByteArray::Base64UrlEncoding).size(), 32);
    QCOMPARE(hashToken(token).size(), 64);
}

void TestConfig::effectiveDatabasePath()
{
    Config c;
    c.dataDir = u"/var/lib/warroom"_s;
    QCOMPARE(c.effectiveDatabasePath(), u"/var/lib/warroom/warroom.db"_s);
    c.databasePath = u"/elsewhere/w.db"_s;
    QCOMPARE(c.effectiveDatabasePath(), u"/elsewhere/w.db"_s);
}

void TestConfig::triageOnIngest()
{
    QVERIFY(Config().triageOnIngest); // on unless turned off
    const Expected<Config> off = Config::fromYaml("triage:\n  on_ingest: false\n");
    QVERIFY(off);
    QVERIFY(!off->triageOnIngest);
    QVERIFY(!Config::fromYaml("triage:\n  on_ingest: maybe\n"));
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
