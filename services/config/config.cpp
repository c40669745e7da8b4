#include "config.h"

#include "sha256.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

QString qs(const YAML::Node &node)
{
    return QString::fromStdString(node.as<std::string>());
}

Error yamlError(const QString &origin, const YAML::Mark &mark, const QString &what)
{
    return Error {ErrorCode::InvalidInput,
                  u"%1:%2: %3"_s.arg(origin.isEmpty() ? u"config"_s : origin).arg(mark.line + 1).arg(what)};
}

} // namespace

QString hashToken(const QString &token)
{
    return sha256Hex({token.toUtf8()});
}

QString generateToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / int(sizeof(quint32)));
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Expected<Config> Config::fromYamlFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error {ErrorCode::InvalidInput, u"cannot read config %1: %2"_s.arg(path, file.errorString())};
    Expected<Config> config = fromYaml(file.readAll(), path);
    if (config)
        config->sourcePath = QFileInfo(path).absoluteFilePath();
    return config;
}

Expected<Config> Config::fromYaml(const QByteArray &yaml, const QString &origin)
{
    Config c;
    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception &e) {
        return yamlError(origin, e.mark, QString::fromStdString(e.msg));
    }
    if (root.IsNull())
        return c;
    if (!root.IsMap())
        return yamlError(origin, root.Mark(), u"the config must be a mapping"_s);
    static const QStringList known {
        u"listen"_s,         u"data_dir"_s,  u"tls"_s,    u"database"_s,  u"approval_ttl_minutes"_s,
        u"max_body_bytes"_s, u"users"_s,     u"redis"_s,  u"execution"_s, u"llm"_s,
        u"slack"_s,          u"knowledge"_s, u"triage"_s, u"ingest"_s};
    try {
        for (auto it = root.begin(); it != root.end(); ++it) {
            const QString key = qs(it->first);
            if (!known.contains(key))
                return yamlError(origin, it->first.Mark(), u"unknown key \"%1\""_s.arg(key));
        }
        if (root["listen"]) {
            if (Status s = c.setListen(qs(root["listen"])); !s)
                return yamlError(origin, root["listen"].Mark(), s.error().message);
        }
        if (root["data_dir"])
            c.dataDir = qs(root["data_dir"]);
        if (const YAML::Node tls = root["tls"]) {
            if (tls["certificate"])
                c.tlsCertificate = qs(tls["certificate"]);
            if (tls["key"])
                c.tlsKey = qs(tls["key"]);
        }
        if (const YAML::Node db = root["database"]) {
            if (db["driver"])
                c.databaseDriver = qs(db["driver"]);
            if (db["path"])
                c.databasePath = qs(db["path"]);
        }
        if (root["approval_ttl_minutes"]) {
            const qint64 minutes = root["approval_ttl_minutes"].as<qint64>();
            if (minutes < 1 || minutes > 24 * 60)
                return yamlError(origin, root["approval_ttl_minutes"].Mark(),
                                 u"approval_ttl_minutes must be between 1 and 1440"_s);
            c.approvalTtlSeconds = minutes * 60;
        }
        if (root["max_body_bytes"])
            c.maxBodyBytes = root["max_body_bytes"].as<qint64>();
        if (const YAML::Node users = root["users"]) {
            if (!users.IsSequence())
                return yamlError(origin, users.Mark(), u"users must be a list"_s);
            for (const YAML::Node &u : users) {
                ConfiguredUser cu;
                if (!u["name"])
                    return yamlError(origin, u.Mark(), u"a user needs a name"_s);
                cu.user.name = qs(u["name"]);
                cu.user.displayName = u["display_name"] ? qs(u["display_name"]) : cu.user.name;
                if (u["roles"]) {
                    for (const YAML::Node &r : u["roles"]) {
                        const QString role = qs(r);
                        if (!roleFromString(role))
                            return yamlError(
                                origin, r.Mark(),
                                u"unknown role \"%1\" (known: %2)"_s.arg(role, userRoleNames().join(u", "_s)));
                        cu.user.roles.append(role);
                    }
                }
                if (!u["token_sha256"])
                    return yamlError(origin, u.Mark(),
                                     u"user %1 needs token_sha256 (warroomctl token hash)"_s.arg(cu.user.name));
                cu.tokenSha256 = qs(u["token_sha256"]).toLower();
                static const QRegularExpression kHex(u"^[0-9a-f]{64}$"_s);
                if (!kHex.match(cu.tokenSha256).hasMatch())
                    return yamlError(origin, u["token_sha256"].Mark(), u"token_sha256 must be 64 hex digits"_s);
                c.users.append(cu);
            }
        }
        if (const YAML::Node redis = root["redis"]) {
            if (redis["url"])
                c.redisUrl = qs(redis["url"]);
            if (redis["consumer"])
                c.ingest.redisConsumer = qs(redis["consumer"]);
            if (redis["claim_idle_seconds"])
                c.ingest.claimIdleSeconds = redis["claim_idle_seconds"].as<qint64>();
        }
        if (const YAML::Node ingest = root["ingest"]) {
            if (!ingest.IsMap())
                return yamlError(origin, ingest.Mark(), u"ingest must be a mapping"_s);
            static const QStringList knownIngest {u"rate_per_second"_s,
                                                  u"burst"_s,
                                                  u"throttle_seconds"_s,
                                                  u"correlation_window_seconds"_s,
                                                  u"flap_window_seconds"_s,
                                                  u"flap_threshold"_s,
                                                  u"batch_size"_s,
                                                  u"max_triage_backlog"_s,
                                                  u"max_entry_bytes"_s,
                                                  u"max_batch_bytes"_s,
                                                  u"max_commit_attempts"_s,
                                                  u"durable_webhooks"_s,
                                                  u"pagerduty_integrations"_s};
            for (auto it = ingest.begin(); it != ingest.end(); ++it) {
                if (!knownIngest.contains(qs(it->first)))
                    return yamlError(origin, it->first.Mark(), u"unknown key \"ingest.%1\""_s.arg(qs(it->first)));
            }
            IngestSettings &i = c.ingest;
            if (ingest["rate_per_second"])
                i.ratePerSecond = ingest["rate_per_second"].as<double>();
            if (ingest["burst"])
                i.burst = ingest["burst"].as<double>();
            if (ingest["throttle_seconds"])
                i.throttleSeconds = ingest["throttle_seconds"].as<qint64>();
            if (ingest["correlation_window_seconds"])
                i.correlationWindowSeconds = ingest["correlation_window_seconds"].as<qint64>();
            if (ingest["flap_window_seconds"])
                i.flapWindowSeconds = ingest["flap_window_seconds"].as<qint64>();
            if (ingest["flap_threshold"])
                i.flapThreshold = ingest["flap_threshold"].as<int>();
            if (ingest["batch_size"])
                i.batchSize = ingest["batch_size"].as<int>();
            if (ingest["max_triage_backlog"])
                i.maxTriageBacklog = ingest["max_triage_backlog"].as<int>();
            if (ingest["max_entry_bytes"])
                i.maxEntryBytes = ingest["max_entry_bytes"].as<qint64>();
            if (ingest["max_batch_bytes"])
                i.maxBatchBytes = ingest["max_batch_bytes"].as<qint64>();
            if (ingest["max_commit_attempts"])
                i.maxCommitAttempts = ingest["max_commit_attempts"].as<int>();
            if (ingest["durable_webhooks"])
                i.durableWebhooks = ingest["durable_webhooks"].as<bool>();
            if (const YAML::Node pd = ingest["pagerduty_integrations"]) {
                if (!pd.IsSequence())
                    return yamlError(origin, pd.Mark(), u"ingest.pagerduty_integrations must be a list"_s);
                static const QRegularExpression kHex(u"^[0-9a-f]{64}$"_s);
                for (const YAML::Node &n : pd) {
                    PagerDutyIntegration integration;
                    if (!n.IsMap() || !n["name"])
                        return yamlError(origin, n.Mark(), u"a PagerDuty integration needs a name"_s);
                    integration.user.name = qs(n["name"]);
                    integration.user.displayName = integration.user.name;
                    if (!n["routing_key_sha256"])
                        return yamlError(
                            origin, n.Mark(),
                            u"PagerDuty integration %1 needs routing_key_sha256 (warroomctl token hash KEY)"_s.arg(
                                integration.user.name));
                    integration.routingKeySha256 = qs(n["routing_key_sha256"]).toLower();
                    if (!kHex.match(integration.routingKeySha256).hasMatch())
                        return yamlError(origin, n["routing_key_sha256"].Mark(),
                                         u"routing_key_sha256 must be 64 hex digits"_s);
                    for (const YAML::Node &r : n["roles"]) {
                        const QString role = qs(r);
                        if (!roleFromString(role))
                            return yamlError(
                                origin, r.Mark(),
                                u"unknown role \"%1\" (known: %2)"_s.arg(role, userRoleNames().join(u", "_s)));
                        integration.user.roles.append(role);
                    }
                    if (integration.user.roles.isEmpty())
                        integration.user.roles.append(u"responder"_s);
                    i.pagerDutyIntegrations.append(integration);
                }
            }
        }
        if (const YAML::Node exec = root["execution"]) {
            if (exec["mode"])
                c.executionMode = qs(exec["mode"]);
            if (exec["policy"])
                c.executionPolicy = qs(exec["policy"]);
            if (exec["lab_dir"])
                c.labDir = qs(exec["lab_dir"]);
        }
        if (const YAML::Node llm = root["llm"]) {
            if (llm["provider"])
                c.llmProvider = qs(llm["provider"]);
            if (llm["base_url"])
                c.llmBaseUrl = qs(llm["base_url"]);
            if (llm["model"])
                c.llmModel = qs(llm["model"]);
            if (llm["api_key_env"])
                c.llmApiKeyEnv = qs(llm["api_key_env"]);
            if (llm["timeout_seconds"])
                c.llmTimeoutMs = int(llm["timeout_seconds"].as<double>() * 1000);
            for (const YAML::Node &source : llm["restricted_sources"])
                c.llmRestrictedSources.append(qs(source));
            for (const YAML::Node &service : llm["restricted_services"])
                c.llmRestrictedServices.append(qs(service));
        }
        if (const YAML::Node slack = root["slack"]) {
            if (slack["signing_secret"])
                c.slackSigningSecret = qs(slack["signing_secret"]);
        }
        if (const YAML::Node triage = root["triage"]) {
            if (triage["on_ingest"])
                c.triageOnIngest = triage["on_ingest"].as<bool>();
        }
        if (const YAML::Node knowledge = root["knowledge"]) {
            for (const YAML::Node &dir : knowledge["directories"])
                c.knowledgeDirs.append(qs(dir));
        }
    } catch (const YAML::Exception &e) {
        return yamlError(origin, e.mark, QString::fromStdString(e.msg));
    }
    if (Status s = c.validate(); !s)
        return Error {ErrorCode::InvalidInput, (origin.isEmpty() ? u"config"_s : origin) + u": "_s + s.error().message};
    return c;
}

void Config::applyEnvironment(const QProcessEnvironment &env)
{
    auto take = [&](const QString &name, QString &into) {
        if (env.contains(name) && !env.value(name).isEmpty())
            into = env.value(name);
    };
    take(u"WARROOM_POLICY"_s, executionPolicy);
    take(u"WARROOM_LLM_PROVIDER"_s, llmProvider);
    take(u"WARROOM_LLM_BASE_URL"_s, llmBaseUrl);
    take(u"WARROOM_LLM_MODEL"_s, llmModel);
    take(llmApiKeyEnv, llmApiKey);
    take(u"WARROOM_LLM_API_KEY"_s, llmApiKey);
    take(u"WARROOM_SLACK_SIGNING_SECRET"_s, slackSigningSecret);
}

Status Config::setListen(const QString &hostPort)
{
    const qsizetype colon = hostPort.lastIndexOf(u':');
    if (colon <= 0)
        return Error {ErrorCode::InvalidInput, u"listen address \"%1\" is not HOST:PORT"_s.arg(hostPort)};
    QString host = hostPort.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = hostPort.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return Error {ErrorCode::InvalidInput, u"listen port in \"%1\" is not 0..65535"_s.arg(hostPort)};
    if (host != "localhost"_L1 && QHostAddress(host).isNull())
        return Error {ErrorCode::InvalidInput, u"listen host \"%1\" is not an IP address"_s.arg(host)};
    listenHost = host;
    listenPort = quint16(port);
    return {};
}

Status Config::validate() const
{
    if (databaseDriver != "sqlite"_L1)
        return Error {ErrorCode::InvalidInput,
                      u"database driver \"%1\" is not supported (sqlite)"_s.arg(databaseDriver)};
    if (!executionMode.isEmpty() && !QStringList {u"simulate"_s, u"check"_s, u"apply"_s}.contains(executionMode))
        return Error {ErrorCode::InvalidInput,
                      u"execution mode \"%1\" must be simulate, check or apply"_s.arg(executionMode)};
    if (llmTimeoutMs < 100 || llmTimeoutMs > 600000)
        return Error {ErrorCode::InvalidInput, u"llm timeout_seconds must be between 0.1 and 600"_s};
    if (!QStringList {u"offline"_s, u"openai"_s, u"anthropic"_s}.contains(llmProvider))
        return Error {ErrorCode::InvalidInput,
                      u"llm provider \"%1\" must be offline, openai or anthropic"_s.arg(llmProvider)};
    if (tlsCertificate.isEmpty() != tlsKey.isEmpty())
        return Error {ErrorCode::InvalidInput, u"tls needs both certificate and key"_s};
    if (maxBodyBytes < 1024 || maxBodyBytes > (64 << 20))
        return Error {ErrorCode::InvalidInput, u"max_body_bytes must be between 1 KiB and 64 MiB"_s};
    if (!redisUrl.isEmpty() && !redisUrl.startsWith("redis://"_L1) && !redisUrl.startsWith("unix://"_L1))
        return Error {ErrorCode::InvalidInput,
                      u"redis url \"%1\" must be redis://HOST:PORT or unix:///PATH"_s.arg(redisUrl)};
    if (ingest.ratePerSecond < 0 || ingest.burst < 1 || ingest.throttleSeconds < 0
        || ingest.correlationWindowSeconds < 0 || ingest.flapWindowSeconds < 0 || ingest.flapThreshold < 1
        || ingest.batchSize < 1 || ingest.batchSize > 10000 || ingest.maxTriageBacklog < 1
        || ingest.claimIdleSeconds < 1 || ingest.maxEntryBytes < 1024 || ingest.maxEntryBytes > (512 << 20)
        || ingest.maxBatchBytes < ingest.maxEntryBytes || ingest.maxCommitAttempts < 1)
        return Error {ErrorCode::InvalidInput,
                      u"ingest settings out of range: rate_per_second >= 0, burst >= 1, windows >= 0, "
                      "flap_threshold >= 1, batch_size 1..10000, max_triage_backlog >= 1, "
                      "redis.claim_idle_seconds >= 1, max_entry_bytes 1 KiB..512 MiB, "
                      "max_batch_bytes >= max_entry_bytes, max_commit_attempts >= 1"_s};
    for (const PagerDutyIntegration &p : ingest.pagerDutyIntegrations) {
        for (const ConfiguredUser &u : users) {
            if (u.tokenSha256 == p.routingKeySha256)
                return Error {ErrorCode::InvalidInput,
                              u"PagerDuty integration %1 uses the token of user %2 as its routing key"_s.arg(
                                  p.user.name, u.user.name)};
        }
    }
    QStringList names;
    QStringList hashes;
    for (const ConfiguredUser &u : users) {
        if (names.contains(u.user.name))
            return Error {ErrorCode::InvalidInput, u"user %1 is listed twice"_s.arg(u.user.name)};
        if (hashes.contains(u.tokenSha256))
            return Error {ErrorCode::InvalidInput,
                          u"user %1 has the same token as another user; every user needs a token of their own"_s.arg(
                              u.user.name)};
        names.append(u.user.name);
        hashes.append(u.tokenSha256);
    }
    return {};
}

QString Config::effectiveDatabasePath() const
{
    if (!databasePath.isEmpty())
        return databasePath;
    return QDir(dataDir).filePath(u"warroom.db"_s);
}

QString Config::effectivePolicyPath() const
{
    if (!executionPolicy.isEmpty())
        return executionPolicy;
    const QString installed = u"/usr/share/warroom/playbooks/policy.yaml"_s;
    if (QFileInfo::exists(installed))
        return installed;
    return QStringLiteral(WARROOM_SOURCE_DIR "/playbooks/policy.yaml");
}

QString Config::effectiveLabDir() const
{
    return !labDir.isEmpty() ? labDir : QDir(dataDir).filePath(u"lab"_s);
}

} // namespace warroom
