#pragma once

#include "slackinbound.h"

#include <QObject>
#include <QStringList>

class QNetworkAccessManager;

namespace warroom {

class ApiServer;
class Coordinator;

/// `POST /slack/actions`: Slack's button presses (Approve, Acknowledge, View
/// timeline). Authenticated by Slack's v0 signature over the raw body within
/// five minutes (401 otherwise), not by a bearer token; the Slack user must
/// map to a warroom user (403 otherwise), and the command then goes through
/// the same coordinator gates as the console (roles, four eyes, the content
/// the message showed, freezes). The outcome is answered to Slack and, when
/// the payload's response_url is on an allowed host, posted there too.
class SlackActionsApi final : public QObject
{
    Q_OBJECT
public:
    SlackActionsApi(Coordinator &coordinator, QByteArray signingSecret, QHash<QString, QString> slackUsers,
                    QStringList responseHosts, QNetworkAccessManager *nam, QObject *parent = nullptr);

    void install(ApiServer &server);
    /// Replaces the verifier's clock (tests): seconds since the epoch.
    void setClock(std::function<qint64()> clock);

    /// Whether a response_url may be posted to.
    bool allowedResponseUrl(const QString &url) const;

private:
    void respond(const QString &responseUrl, const QString &text);

    Coordinator &m_coordinator;
    QByteArray m_secret;
    SlackSignatureVerifier m_verifier;
    SlackActionParser m_parser;
    QStringList m_responseHosts;
    QNetworkAccessManager *m_nam;
};

} // namespace warroom
