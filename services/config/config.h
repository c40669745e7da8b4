#pragma once

#include "embeddings.h"
#include "result.h"
#include "user.h"

#include <QHostAddress>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace warroom {

/// A configured user: roles and the SHA-256 (hex) of their token. The
/// token itself is never stored.
struct ConfiguredUser
{
    ConfiguredUser() = default;
    ConfiguredUser(User u, QString hash, QString mail = {}, QString slack = {})
        : user(std::move(u))
        , tokenSha256(std::move(hash))
        , email(std::move(mail))
        , slackId(std::move(slack))
    { }

    User user;
    QString tokenSha256;
    QString email; ///< where notifications for this person go (commander escalations)
    QString slackId; ///< the Slack user (U...) whose button presses act as this user
};

/// Outbound notifications (`notify.*`): Slack, e-mail, Jira, webhooks, and
/// which channels each status-update audience goes to.
struct NotifySettings
{
    int maxAttempts = 4;
    int baseDelayMs = 500;
    int maxDelayMs = 30000;
    int timeoutMs = 10000;
    int breakerThreshold = 5;
    int breakerCooldownMs = 60000;
    QString consoleUrl; ///< links in messages: CONSOLE_URL/incidents/ID
    struct Slack
    {
        QString webhookUrl;
        QString apiBase = QStringLiteral("https://slack.com/api");
        QString botToken; ///< env WARROOM_SLACK_BOT_TOKEN wins
        QString channel;
        /// Hosts a button press's response_url may point to (no request
        /// forgery through a crafted payload).
        QStringList responseHosts {QStringLiteral("hooks.slack.com")};
    } slack;
    struct Email
    {
        QString url; ///< smtp://host:587 (STARTTLS required) or smtps://host:465
        QString user;
        QString password; ///< env WARROOM_SMTP_PASSWORD wins
        QString from;
        QStringList to;
        QString caFile;
    } email;
    struct Jira
    {
        QString baseUrl;
        QString user;
        QString apiToken; ///< env WARROOM_JIRA_API_TOKEN wins
        QString projectKey;
        QString issueType = QStringLiteral("Incident");
    } jira;
    struct Webhook
    {
        QString name;
        QString url;
        QString secret;
    };
    QList<Webhook> webhooks;
    /// internal / executive / external -> channel names; absent: every channel.
    QHash<QString, QStringList> audiences;
};

/// Remediation drafts (`remediation.*`): where approved drafts are committed
/// and what validates them.
struct RemediationSettings
{
    QString runbookRepo; ///< a local git repository; empty: drafts cannot be approved
    QString branchPrefix = QStringLiteral("remediation/");
    QString validateInventory; ///< empty: the lab's inventory beside the policy
    bool lint = true;
};

/// A PagerDuty Events v2 integration allowed to send without a bearer token
/// (Grafana's PagerDuty contact point cannot set one): the `routing_key` of
/// its events, held as SHA-256 like tokens, acts as this user.
struct PagerDutyIntegration
{
    User user;
    QString routingKeySha256;
};

/// Ingestion: storm control, dedup and correlation windows, the Redis stream
/// (`ingest.*` and `redis.*` in the YAML).
struct IngestSettings
{
    double ratePerSecond = 200; ///< per source and user; 0 turns the limit off
    double burst = 400;
    qint64 throttleSeconds = 60; ///< one timeline entry per alert group within this
    qint64 correlationWindowSeconds = 300; ///< same service within this: one incident; 0 off
    qint64 flapWindowSeconds = 600; ///< re-firing within this after a resolve is a flap
    int flapThreshold = 3; ///< flaps that damp (source resolves stop resolving)
    int batchSize = 1000; ///< stream entries read and committed at once
    int maxTriageBacklog = 20000; ///< stream reading pauses above this (backpressure; ~2 KiB an incident)
    QString redisConsumer; ///< default: host name and a hash of the data directory
    qint64 claimIdleSeconds = 60; ///< pending entries idle this long are claimed from dead consumers
    qint64 maxEntryBytes = 1 << 20; ///< a larger stream entry is a dead letter
    qint64 maxBatchBytes = 16 << 20; ///< a stream read asks for fewer entries while they are large
    int maxCommitAttempts = 5; ///< an entry that fails to commit this often is a dead letter
    /// Webhook commits synced to disk before the answer (synchronous=FULL);
    /// off: WAL with synchronous=NORMAL, a power loss may lose the last ones.
    /// The stream's commits are always synced (its XACK makes Redis forget).
    bool durableWebhooks = false;
    /// `webhook_answer: journaled`: a webhook is answered 202 once its events
    /// are in the webhook journal (synced too with durable_webhooks) and
    /// committed after, in batches; `committed` (the default): answered
    /// after the commit, with the incidents it made. docs/ingest.md.
    bool journalWebhooks = false;
    qint64 journalMaxDelayMs = 2000; ///< a journaled event waits at most this long for its batch
    qint64 journalQuietMs = 20; ///< ... or until the webhooks have paused this long
    int journalMaxBacklog = 50000; ///< journaled events not yet committed; above: 429
    QList<PagerDutyIntegration> pagerDutyIntegrations;
};

/// The coordinator's configuration: the embedded defaults, overridden by
/// a YAML file, overridden by the environment, overridden by flags.
struct Config
{
    QString dataDir;
    QString listenHost = QStringLiteral("127.0.0.1");
    quint16 listenPort = 8765;
    QString tlsCertificate; ///< PEM files; both set turns TLS on
    QString tlsKey;
    QString databaseDriver = QStringLiteral("sqlite");
    QString databasePath; ///< default DATA_DIR/warroom.db
    qint64 approvalTtlSeconds = 30 * 60;
    qint64 maxBodyBytes = 1 << 20;
    QList<ConfiguredUser> users;
    QString redisUrl;
    IngestSettings ingest;
    /// simulate, check or apply; empty: the policy's (`execution.mode` there).
    QString executionMode;
    /// The execution policy (playbooks/policy.yaml) on disk; empty: the
    /// WARROOM_POLICY environment variable, else the installed or source copy.
    QString executionPolicy;
    /// The lab's state directory (playbooks see it as warroom_lab_dir);
    /// empty: DATA_DIR/lab.
    QString labDir;
    QString llmProvider = QStringLiteral("offline");
    QString llmBaseUrl;
    QString llmModel;
    QString llmApiKeyEnv = QStringLiteral("WARROOM_LLM_API_KEY");
    QString llmApiKey; ///< from the environment only, never from the file
    /// Incidents from these sources or for these services are never sent
    /// to an LLM (as if each were marked restricted).
    int llmTimeoutMs = 20000; ///< per attempt (llm.timeout_seconds)
    QStringList llmRestrictedSources;
    QStringList llmRestrictedServices;
    QString slackSigningSecret;
    /// Slack user id -> warroom user (`slack.users`, and each user's `slack_id`).
    QHash<QString, QString> slackUsers;
    NotifySettings notify;
    RemediationSettings remediation;
    QStringList knowledgeDirs;
    /// knowledge.embeddings: optional, off by default (EmbeddingsConfig).
    EmbeddingsConfig embeddings;
    /// Run the analyst on every new incident (triage.on_ingest, default on):
    /// analysed on a pool thread in batches, recorded in chunks of one
    /// transaction each.
    bool triageOnIngest = true;
    /// How often open tasks are checked for being overdue (tasks.check_seconds; 0 off).
    int taskCheckSeconds = 30;
    QString sourcePath; ///< the YAML file it came from, if any

    /// Reads YAML from a file (errors name the file and line).
    static Expected<Config> fromYamlFile(const QString &path);
    static Expected<Config> fromYaml(const QByteArray &yaml, const QString &origin = {});
    /// Applies the WARROOM_* environment overrides.
    void applyEnvironment(const QProcessEnvironment &env);
    /// Parses "HOST:PORT" into listenHost/listenPort.
    Status setListen(const QString &hostPort);
    Status validate() const;
    QString effectiveDatabasePath() const;
    /// executionPolicy, else the installed copy
    /// (/usr/share/warroom/playbooks/policy.yaml), else the source tree's.
    QString effectivePolicyPath() const;
    /// labDir, else DATA_DIR/lab.
    QString effectiveLabDir() const;
};

/// SHA-256 hex of a token, as stored in the config.
QString hashToken(const QString &token);
/// A fresh random token (256 bits, URL-safe base64).
QString generateToken();

} // namespace warroom
