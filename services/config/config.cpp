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

namespace {

/// Reads `notify:`; unknown keys are errors with file and line.
Status readNotify(const YAML::Node &n, const QString &origin, NotifySettings &out)
{
    auto unknown = [&](const YAML::Node &map, const QStringList &known, const QString &prefix) -> Status {
        if (!map.IsMap())
            return yamlError(origin, map.Mark(), u"%1 must be a mapping"_s.arg(prefix));
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!known.contains(qs(it->first)))
                return yamlError(origin, it->first.Mark(), u"unknown key \"%1.%2\""_s.arg(prefix, qs(it->first)));
        }
        return {};
    };
    if (Status s
        = unknown(n, {u"retry"_s, u"console_url"_s, u"slack"_s, u"email"_s, u"jira"_s, u"webhooks"_s, u"audiences"_s},
                  u"notify"_s);
        !s)
        return s;
    if (n["console_url"])
        out.consoleUrl = qs(n["console_url"]);
    if (const YAML::Node r = n["retry"]) {
        if (Status s = unknown(r,
                               {u"max_attempts"_s, u"base_delay_ms"_s, u"max_delay_ms"_s, u"timeout_ms"_s,
                                u"breaker_threshold"_s, u"breaker_cooldown_ms"_s},
                               u"notify.retry"_s);
            !s)
            return s;
        auto take = [&](const char *key, int &into, int min, int max) -> Status {
            if (!r[key])
                return {};
            into = r[key].as<int>();
            if (into < min || into > max)
                return yamlError(origin, r[key].Mark(),
                                 u"notify.retry.%1 must be %2..%3"_s.arg(QString::fromLatin1(key)).arg(min).arg(max));
            return {};
        };
        for (Status s :
             {take("max_attempts", out.maxAttempts, 1, 20), take("base_delay_ms", out.baseDelayMs, 0, 600000),
              take("max_delay_ms", out.maxDelayMs, 0, 3600000), take("timeout_ms", out.timeoutMs, 100, 600000),
              take("breaker_threshold", out.breakerThreshold, 1, 1000),
              take("breaker_cooldown_ms", out.breakerCooldownMs, 0, 3600000)}) {
            if (!s)
                return s;
        }
    }
    if (const YAML::Node sl = n["slack"]) {
        if (Status s = unknown(sl, {u"webhook_url"_s, u"api_base"_s, u"bot_token"_s, u"channel"_s, u"response_hosts"_s},
                               u"notify.slack"_s);
            !s)
            return s;
        if (sl["webhook_url"])
            out.slack.webhookUrl = qs(sl["webhook_url"]);
        if (sl["api_base"])
            out.slack.apiBase = qs(sl["api_base"]);
        if (sl["bot_token"])
            out.slack.botToken = qs(sl["bot_token"]);
        if (sl["channel"])
            out.slack.channel = qs(sl["channel"]);
        if (sl["response_hosts"]) {
            out.slack.responseHosts.clear();
            for (const YAML::Node &h : sl["response_hosts"])
                out.slack.responseHosts.append(qs(h));
        }
    }
    if (const YAML::Node e = n["email"]) {
        if (Status s
            = unknown(e, {u"url"_s, u"user"_s, u"password"_s, u"from"_s, u"to"_s, u"ca_file"_s}, u"notify.email"_s);
            !s)
            return s;
        if (e["url"])
            out.email.url = qs(e["url"]);
        if (e["user"])
            out.email.user = qs(e["user"]);
        if (e["password"])
            out.email.password = qs(e["password"]);
        if (e["from"])
            out.email.from = qs(e["from"]);
        if (e["ca_file"])
            out.email.caFile = qs(e["ca_file"]);
        for (const YAML::Node &to : e["to"])
            out.email.to.append(qs(to));
    }
    if (const YAML::Node j = n["jira"]) {
        if (Status s = unknown(j, {u"base_url"_s, u"user"_s, u"api_token"_s, u"project_key"_s, u"issue_type"_s},
                               u"notify.jira"_s);
            !s)
            return s;
        if (j["base_url"])
            out.jira.baseUrl = qs(j["base_url"]);
        if (j["user"])
            out.jira.user = qs(j["user"]);
        if (j["api_token"])
            out.jira.apiToken = qs(j["api_token"]);
        if (j["project_key"])
            out.jira.projectKey = qs(j["project_key"]);
        if (j["issue_type"])
            out.jira.issueType = qs(j["issue_type"]);
    }
    for (const YAML::Node &w : n["webhooks"]) {
        if (Status s = unknown(w, {u"name"_s, u"url"_s, u"secret"_s}, u"notify.webhooks[]"_s); !s)
            return s;
        NotifySettings::Webhook hook {w["name"] ? qs(w["name"]) : u"webhook"_s, qs(w["url"]),
                                      w["secret"] ? qs(w["secret"]) : QString()};
        if (!hook.name.startsWith(u"webhook"_s))
            hook.name = u"webhook:"_s + hook.name;
        out.webhooks.append(hook);
    }
    if (const YAML::Node a = n["audiences"]) {
        if (Status s = unknown(a, {u"internal"_s, u"executive"_s, u"external"_s}, u"notify.audiences"_s); !s)
            return s;
        for (auto it = a.begin(); it != a.end(); ++it) {
            QStringList channels;
            // it-> points into a temporary proxy: take the node first.
            const YAML::Node list = it->second;
            for (const YAML::Node &ch : list)
                channels.append(qs(ch));
            out.audiences.insert(qs(it->first), channels);
        }
    }
    return {};
}

} // namespace

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
        u"slack"_s,          u"knowledge"_s, u"triage"_s, u"ingest"_s,    u"notify"_s,
        u"remediation"_s,    u"tasks"_s};
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
                if (u["email"])
                    cu.email = qs(u["email"]);
                if (u["slack_id"]) {
                    cu.slackId = qs(u["slack_id"]);
                    c.slackUsers.insert(cu.slackId, cu.user.name);
                }
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
                                                  u"webhook_answer"_s,
                                                  u"journal_max_delay_ms"_s,
                                                  u"journal_quiet_ms"_s,
                                                  u"journal_max_backlog"_s,
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
            if (const YAML::Node answer = ingest["webhook_answer"]) {
                const QString a = qs(answer);
                if (a != "committed"_L1 && a != "journaled"_L1)
                    return yamlError(origin, answer.Mark(),
                                     u"ingest.webhook_answer must be committed or journaled, not \"%1\""_s.arg(a));
                i.journalWebhooks = a == "journaled"_L1;
            }
            if (ingest["journal_max_delay_ms"])
                i.journalMaxDelayMs = ingest["journal_max_delay_ms"].as<qint64>();
            if (ingest["journal_quiet_ms"])
                i.journalQuietMs = ingest["journal_quiet_ms"].as<qint64>();
            if (ingest["journal_max_backlog"])
                i.journalMaxBacklog = ingest["journal_max_backlog"].as<int>();
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
            if (const YAML::Node users = slack["users"]) {
                if (!users.IsMap())
                    return yamlError(origin, users.Mark(), u"slack.users maps Slack user ids to warroom users"_s);
                for (auto it = users.begin(); it != users.end(); ++it)
                    c.slackUsers.insert(qs(it->first), qs(it->second));
            }
        }
        if (const YAML::Node notify = root["notify"]) {
            if (Status s = readNotify(notify, origin, c.notify); !s)
                return s.error();
        }
        if (const YAML::Node rem = root["remediation"]) {
            if (!rem.IsMap())
                return yamlError(origin, rem.Mark(), u"remediation must be a mapping"_s);
            for (auto it = rem.begin(); it != rem.end(); ++it) {
                if (!QStringList {u"runbook_repo"_s, u"branch_prefix"_s, u"validate_inventory"_s, u"lint"_s}.contains(
                        qs(it->first)))
                    return yamlError(origin, it->first.Mark(), u"unknown key \"remediation.%1\""_s.arg(qs(it->first)));
            }
            if (rem["runbook_repo"])
                c.remediation.runbookRepo = qs(rem["runbook_repo"]);
            if (rem["branch_prefix"])
                c.remediation.branchPrefix = qs(rem["branch_prefix"]);
            if (rem["validate_inventory"])
                c.remediation.validateInventory = qs(rem["validate_inventory"]);
            if (rem["lint"])
                c.remediation.lint = rem["lint"].as<bool>();
        }
        if (const YAML::Node tasks = root["tasks"]) {
            if (tasks["check_seconds"]) {
                c.taskCheckSeconds = tasks["check_seconds"].as<int>();
                if (c.taskCheckSeconds < 0 || c.taskCheckSeconds > 3600)
                    return yamlError(origin, tasks["check_seconds"].Mark(),
                                     u"tasks.check_seconds must be between 0 (off) and 3600"_s);
            }
        }
        if (const YAML::Node triage = root["triage"]) {
            if (triage["on_ingest"])
                c.triageOnIngest = triage["on_ingest"].as<bool>();
        }
        if (const YAML::Node knowledge = root["knowledge"]) {
            for (const YAML::Node &dir : knowledge["directories"])
                c.knowledgeDirs.append(qs(dir));
            if (const YAML::Node embeddings = knowledge["embeddings"]) {
                Expected<EmbeddingsConfig> e = EmbeddingsConfig::fromYaml(embeddings);
                if (!e)
                    return yamlError(origin, embeddings.Mark(), e.error().message);
                c.embeddings = *e;
            }
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
    take(u"WARROOM_SLACK_BOT_TOKEN"_s, notify.slack.botToken);
    take(u"WARROOM_SMTP_PASSWORD"_s, notify.email.password);
    take(u"WARROOM_JIRA_API_TOKEN"_s, notify.jira.apiToken);
    embeddings.applyEnvironment(env);
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
    if (Status s = embeddings.validate(); !s)
        return s;
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
        || ingest.maxBatchBytes < ingest.maxEntryBytes || ingest.maxCommitAttempts < 1 || ingest.journalMaxDelayMs < 0
        || ingest.journalMaxDelayMs > 60000 || ingest.journalQuietMs < 0 || ingest.journalQuietMs > 60000
        || ingest.journalMaxBacklog < 1)
        return Error {ErrorCode::InvalidInput,
                      u"ingest settings out of range: rate_per_second >= 0, burst >= 1, windows >= 0, "
                      "flap_threshold >= 1, batch_size 1..10000, max_triage_backlog >= 1, "
                      "redis.claim_idle_seconds >= 1, max_entry_bytes 1 KiB..512 MiB, "
                      "max_batch_bytes >= max_entry_bytes, max_commit_attempts >= 1, "
                      "journal_max_delay_ms and journal_quiet_ms 0..60000, journal_max_backlog >= 1"_s};
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
