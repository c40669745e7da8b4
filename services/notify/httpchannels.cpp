#include "httpchannels.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

QString slackEscape(const QString &text)
{
    QString out = text;
    out.replace(u'&', u"&amp;"_s).replace(u'<', u"&lt;"_s).replace(u'>', u"&gt;"_s);
    return out;
}

QJsonObject plainText(const QString &text)
{
    return QJsonObject {{u"type"_s, u"plain_text"_s}, {u"text"_s, text}};
}

QJsonObject button(const QString &label, const QString &actionId, const QString &value)
{
    return QJsonObject {
        {u"type"_s, u"button"_s}, {u"text"_s, plainText(label)}, {u"action_id"_s, actionId}, {u"value"_s, value}};
}

QString headline(const Notification &n)
{
    QString line = n.incidentKey.isEmpty() ? n.title : n.incidentKey + u": "_s + n.title;
    if (!n.severity.isEmpty())
        line = u"["_s + n.severity.toUpper() + u"] "_s + line;
    return line;
}

int retryAfterMs(QNetworkReply *reply)
{
    const QByteArray value = reply->rawHeader("Retry-After").trimmed();
    bool ok = false;
    const int seconds = value.toInt(&ok);
    return ok && seconds >= 0 ? seconds * 1000 : -1;
}

} // namespace

void postJson(QNetworkAccessManager *nam, QNetworkRequest request, const QByteArray &body, int timeoutMs,
              std::function<void(AttemptOutcome &, const QByteArray &body)> inspect, NotificationChannel::Done done)
{
    if (!request.url().isValid() || request.url().scheme().isEmpty()) {
        done(AttemptOutcome {false, false, 0, u"no valid URL configured"_s, {}, -1});
        return;
    }
    request.setTransferTimeout(timeoutMs);
    if (request.header(QNetworkRequest::ContentTypeHeader).isNull())
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json; charset=utf-8"_s);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = nam->post(request, body);
    QObject::connect(
        reply, &QNetworkReply::finished, reply, [reply, inspect = std::move(inspect), done = std::move(done)] {
            reply->deleteLater();
            AttemptOutcome out;
            out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray replyBody = reply->readAll();
            if (out.status == 0) {
                out.retryable = true;
                out.error = reply->errorString();
            } else if (out.status >= 200 && out.status < 300) {
                out.ok = true;
            } else {
                out.retryable = out.status == 408 || out.status == 429 || out.status >= 500;
                out.retryAfterMs = retryAfterMs(reply);
                out.error = u"HTTP %1: %2"_s.arg(out.status).arg(QString::fromUtf8(replyBody.left(300)).trimmed());
            }
            if (inspect)
                inspect(out, replyBody);
            done(out);
        });
}

// ---------------------------------------------------------------- Slack

SlackChannel::SlackChannel(QNetworkAccessManager *nam, const Config &config)
    : m_nam(nam)
    , m_config(config)
{ }

QJsonObject SlackChannel::message(const Notification &n)
{
    QJsonArray blocks;
    blocks.append(QJsonObject {{u"type"_s, u"header"_s}, {u"text"_s, plainText(headline(n).left(150))}});
    if (!n.text.isEmpty())
        blocks.append(QJsonObject {
            {u"type"_s, u"section"_s},
            {u"text"_s, QJsonObject {{u"type"_s, u"mrkdwn"_s}, {u"text"_s, slackEscape(n.text).left(3000)}}}});
    QJsonArray elements;
    const QString ref = n.incidentKey.isEmpty() ? QString::number(n.incidentId) : n.incidentKey;
    if (!n.stepId.isEmpty()) {
        QJsonObject approve
            = button(u"Approve"_s, u"warroom_approve"_s,
                     ref + u':' + n.stepId + (n.contentHash.isEmpty() ? QString() : u':' + n.contentHash));
        approve.insert(u"style"_s, u"primary"_s);
        elements.append(approve);
    }
    QJsonObject timeline = button(u"View timeline"_s, u"warroom_timeline"_s, ref);
    if (!n.url.isEmpty())
        timeline.insert(u"url"_s, n.url);
    elements.append(timeline);
    elements.append(button(u"Acknowledge"_s, u"warroom_ack"_s, ref));
    blocks.append(QJsonObject {
        {u"type"_s, u"actions"_s}, {u"block_id"_s, QString(u"warroom:"_s + ref)}, {u"elements"_s, elements}});
    // "text" is the fallback for notifications and screen readers.
    return QJsonObject {{u"text"_s, slackEscape(headline(n))}, {u"blocks"_s, blocks}};
}

void SlackChannel::attempt(const Notification &n, int timeoutMs, Done done)
{
    QJsonObject body = message(n);
    if (m_config.webhookUrl.isValid() && !m_config.webhookUrl.isEmpty()) {
        // Incoming webhooks answer 200 "ok"; errors are 4xx with a text code.
        postJson(m_nam, QNetworkRequest(m_config.webhookUrl), QJsonDocument(body).toJson(QJsonDocument::Compact),
                 timeoutMs, {}, std::move(done));
        return;
    }
    if (m_config.botToken.isEmpty() || m_config.channel.isEmpty()) {
        done(AttemptOutcome {
            false, false, 0, u"slack: neither webhook_url nor bot_token and channel are set"_s, {}, -1});
        return;
    }
    body.insert(u"channel"_s, m_config.channel);
    QUrl url = m_config.apiBase;
    url.setPath(url.path().endsWith(u'/') ? url.path() + u"chat.postMessage"_s : url.path() + u"/chat.postMessage"_s);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_config.botToken.toUtf8());
    // The Web API answers 200 even for errors: {"ok":false,"error":"invalid_auth"}.
    postJson(
        m_nam, request, QJsonDocument(body).toJson(QJsonDocument::Compact), timeoutMs,
        [](AttemptOutcome &out, const QByteArray &replyBody) {
            if (!out.ok)
                return;
            const QJsonObject reply = QJsonDocument::fromJson(replyBody).object();
            if (!reply.value(u"ok"_s).toBool()) {
                out.ok = false;
                const QString code = reply.value(u"error"_s).toString(u"unreadable reply"_s);
                out.error = u"slack: "_s + code;
                out.retryable = code == u"ratelimited"_s || code == u"internal_error"_s || code == u"fatal_error"_s
                    || code == u"service_unavailable"_s;
                return;
            }
            out.externalId = reply.value(u"ts"_s).toString();
        },
        std::move(done));
}

// ---------------------------------------------------------------- Jira

JiraChannel::JiraChannel(QNetworkAccessManager *nam, const Config &config)
    : m_nam(nam)
    , m_config(config)
{ }

bool JiraChannel::accepts(const Notification &n) const
{
    return n.event == u"incident.major"_s || (n.event == u"incident.resolved"_s && !n.externalRef.isEmpty());
}

QJsonObject JiraChannel::issueFields(const Notification &n, const Config &config)
{
    QJsonArray labels {u"warroom"_s};
    if (!n.incidentKey.isEmpty())
        labels.append(n.incidentKey);
    QString description = n.text;
    if (!n.url.isEmpty())
        description += u"\n\nTimeline: "_s + n.url;
    return QJsonObject {{u"project"_s, QJsonObject {{u"key"_s, config.projectKey}}},
                        {u"summary"_s, headline(n).left(255)},
                        {u"description"_s, description},
                        {u"issuetype"_s, QJsonObject {{u"name"_s, config.issueType}}},
                        {u"labels"_s, labels}};
}

void JiraChannel::attempt(const Notification &n, int timeoutMs, Done done)
{
    QUrl url = m_config.baseUrl;
    const QString base = url.path().endsWith(u'/') ? url.path().chopped(1) : url.path();
    QByteArray body;
    const bool comment = n.event == u"incident.resolved"_s;
    if (comment) {
        static const QRegularExpression issueKey(u"^[A-Z][A-Z0-9_]{0,31}-[0-9]{1,12}$"_s);
        if (!issueKey.match(n.externalRef).hasMatch()) {
            done(AttemptOutcome {
                false, false, 0, u"jira: \"%1\" is not an issue key"_s.arg(n.externalRef.left(40)), {}, -1});
            return;
        }
        url.setPath(base + u"/rest/api/2/issue/"_s + n.externalRef + u"/comment"_s);
        body = QJsonDocument(QJsonObject {{u"body"_s, QString(headline(n) + u"\n\n"_s + n.text)}})
                   .toJson(QJsonDocument::Compact);
    } else {
        if (m_config.projectKey.isEmpty()) {
            done(AttemptOutcome {false, false, 0, u"jira: project_key is not set"_s, {}, -1});
            return;
        }
        url.setPath(base + u"/rest/api/2/issue"_s);
        body = QJsonDocument(QJsonObject {{u"fields"_s, issueFields(n, m_config)}}).toJson(QJsonDocument::Compact);
    }
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Authorization", "Basic " + (m_config.user + u':' + m_config.apiToken).toUtf8().toBase64());
    const QString ref = n.externalRef;
    postJson(
        m_nam, request, body, timeoutMs,
        [comment, ref](AttemptOutcome &out, const QByteArray &replyBody) {
            const QJsonObject reply = QJsonDocument::fromJson(replyBody).object();
            if (!out.ok) {
                // {"errorMessages":[...],"errors":{"field":"message"}}
                QStringList messages;
                for (const QJsonValue &m : reply.value(u"errorMessages"_s).toArray())
                    messages << m.toString();
                const QJsonObject errors = reply.value(u"errors"_s).toObject();
                for (auto it = errors.begin(); it != errors.end(); ++it)
                    messages << it.key() + u": "_s + it.value().toString();
                if (!messages.isEmpty())
                    out.error = u"jira: HTTP %1: %2"_s.arg(out.status).arg(messages.join(u"; "_s));
                return;
            }
            out.externalId = comment ? ref : reply.value(u"key"_s).toString();
            if (!comment && out.externalId.isEmpty()) {
                out.ok = false;
                out.error = u"jira: the reply names no issue key"_s;
            }
        },
        std::move(done));
}

// ---------------------------------------------------------------- Webhook

WebhookChannel::WebhookChannel(QNetworkAccessManager *nam, const Config &config)
    : m_nam(nam)
    , m_config(config)
{ }

QByteArray WebhookChannel::signature(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body)
{
    return "sha256="
        + QMessageAuthenticationCode::hash(timestamp + '.' + body, secret, QCryptographicHash::Sha256).toHex();
}

void WebhookChannel::attempt(const Notification &n, int timeoutMs, Done done)
{
    const QByteArray body = QJsonDocument(n.toJson()).toJson(QJsonDocument::Compact);
    QNetworkRequest request(m_config.url);
    if (!m_config.secret.isEmpty()) {
        const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
        request.setRawHeader("X-Warroom-Timestamp", timestamp);
        request.setRawHeader("X-Warroom-Signature", signature(m_config.secret, timestamp, body));
    }
    postJson(m_nam, request, body, timeoutMs, {}, std::move(done));
}

} // namespace warroom
