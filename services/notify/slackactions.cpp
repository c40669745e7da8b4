#include "slackactions.h"

#include "apiserver.h"
#include "coordinator.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace warroom {

SlackActionsApi::SlackActionsApi(Coordinator &coordinator, QByteArray signingSecret, QHash<QString, QString> slackUsers,
                                 QStringList responseHosts, QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_coordinator(coordinator)
    , m_secret(std::move(signingSecret))
    , m_verifier(m_secret)
    , m_parser(std::move(slackUsers))
    , m_responseHosts(std::move(responseHosts))
    , m_nam(nam)
{ }

void SlackActionsApi::setClock(std::function<qint64()> clock)
{
    m_verifier = SlackSignatureVerifier(m_secret, std::move(clock));
}

bool SlackActionsApi::allowedResponseUrl(const QString &text) const
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty())
        return false;
    if (url.scheme() != "https"_L1 && url.scheme() != "http"_L1)
        return false;
    return m_responseHosts.contains(url.host(), Qt::CaseInsensitive);
}

void SlackActionsApi::respond(const QString &responseUrl, const QString &text)
{
    if (!m_nam || responseUrl.isEmpty() || !allowedResponseUrl(responseUrl))
        return;
    QNetworkRequest request {QUrl(responseUrl)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setTransferTimeout(10000);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    const QJsonObject body {{u"response_type"_s, u"ephemeral"_s}, {u"replace_original"_s, false}, {u"text"_s, text}};
    QNetworkReply *reply = m_nam->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

void SlackActionsApi::install(ApiServer &server)
{
    using M = QRegularExpressionMatch;
    using R = QHttpServerRequest;
    server.addRoute(
        QHttpServerRequest::Method::Post, u"/slack/actions"_s, u"slack.actions"_s,
        [this](const R &r, const M &, const User &) {
            // The signature covers the raw body: verify before decoding anything.
            if (Status s
                = m_verifier.verify(r.value("X-Slack-Request-Timestamp"), r.value("X-Slack-Signature"), r.body());
                !s)
                return HttpReply::fromError(s.error());
            Expected<SlackCommand> cmd = m_parser.parse(r.body());
            if (!cmd)
                return HttpReply::fromError(cmd.error());
            const auto person = m_coordinator.directory().constFind(cmd->user);
            if (person == m_coordinator.directory().constEnd())
                return HttpReply::error(
                    403, u"slack: %1 maps to \"%2\", who is not a warroom user"_s.arg(cmd->slackUserId, cmd->user));
            const User &user = *person;
            const QString key = u"INC-"_s + QString::number(cmd->incidentId);
            QString text;
            if (cmd->command == "view_timeline"_L1) {
                Expected<QList<AuditEvent>> events = m_coordinator.audit(cmd->incidentId, 0, 10000);
                text = events
                    ? u"%1 has %2 timeline entries; open it in the warroom console."_s.arg(key).arg(events->size())
                    : events.error().message;
            } else {
                const Command command = cmd->command == "approve"_L1
                    ? Command(command::Approve {cmd->stepId, u"approved from Slack"_s, cmd->contentHash})
                    : Command(command::Acknowledge {u"from Slack"_s});
                Expected<IncidentRecord> done = m_coordinator.execute(cmd->incidentId, command, user);
                if (done)
                    text = cmd->command == "approve"_L1
                        ? u"%1 approved step %2 of %3."_s.arg(user.name, cmd->stepId, key)
                        : u"%1 acknowledged %2."_s.arg(user.name, key);
                else
                    text = u"Not done: %1"_s.arg(done.error().message);
            }
            respond(cmd->responseUrl, text);
            // Slack shows a 200 answer's text to the person who pressed.
            return HttpReply::json(
                {{u"response_type"_s, u"ephemeral"_s}, {u"replace_original"_s, false}, {u"text"_s, text}});
        },
        false);
}

} // namespace warroom
