#pragma once

#include "notifier.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace warroom {

/// Slack: an incoming webhook, or chat.postMessage with a bot token. Both
/// carry Block Kit with Approve (when a step is named), View timeline and
/// Acknowledge buttons whose action_ids SlackActionParser understands.
class SlackChannel final : public NotificationChannel
{
public:
    struct Config
    {
        QUrl webhookUrl; ///< set: use the incoming webhook
        QUrl apiBase = QUrl(QStringLiteral("https://slack.com/api")); ///< chat.postMessage lives below it
        QString botToken; ///< xoxb-...
        QString channel; ///< channel id or name for chat.postMessage
    };
    SlackChannel(QNetworkAccessManager *nam, const Config &config);
    QString name() const override { return QStringLiteral("slack"); }
    void attempt(const Notification &n, int timeoutMs, Done done) override;

    /// The Block Kit message for `n` (without "channel").
    static QJsonObject message(const Notification &n);

private:
    QNetworkAccessManager *m_nam;
    Config m_config;
};

/// Jira Cloud/Server REST v2: incident.major creates an issue (the result's
/// externalId is its key), incident.resolved comments on n.externalRef.
class JiraChannel final : public NotificationChannel
{
public:
    struct Config
    {
        QUrl baseUrl; ///< https://example.atlassian.net
        QString user; ///< e-mail or user name for basic auth
        QString apiToken;
        QString projectKey; ///< OPS
        QString issueType = QStringLiteral("Incident");
    };
    JiraChannel(QNetworkAccessManager *nam, const Config &config);
    QString name() const override { return QStringLiteral("jira"); }
    bool accepts(const Notification &n) const override;
    void attempt(const Notification &n, int timeoutMs, Done done) override;

    static QJsonObject issueFields(const Notification &n, const Config &config);

private:
    QNetworkAccessManager *m_nam;
    Config m_config;
};

/// A generic outbound webhook: POSTs {"event","incident","key","title",...}
/// as JSON; with a secret, adds X-Warroom-Timestamp and
/// X-Warroom-Signature: sha256=HMAC-SHA256(secret, timestamp + "." + body).
class WebhookChannel final : public NotificationChannel
{
public:
    struct Config
    {
        QString name = QStringLiteral("webhook");
        QUrl url;
        QByteArray secret;
    };
    WebhookChannel(QNetworkAccessManager *nam, const Config &config);
    QString name() const override { return m_config.name; }
    void attempt(const Notification &n, int timeoutMs, Done done) override;

    static QByteArray signature(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body);

private:
    QNetworkAccessManager *m_nam;
    Config m_config;
};

/// The common HTTP attempt: posts `body`, then maps the reply to an
/// AttemptOutcome (2xx ok; 408, 429, 5xx and network errors retryable;
/// Retry-After honoured). `inspect` may refine a 2xx reply (Slack's
/// {"ok":false}) and fill externalId.
void postJson(QNetworkAccessManager *nam, QNetworkRequest request, const QByteArray &body, int timeoutMs,
              std::function<void(AttemptOutcome &, const QByteArray &body)> inspect, NotificationChannel::Done done);

} // namespace warroom
