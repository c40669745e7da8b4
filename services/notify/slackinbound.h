#pragma once

#include "result.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <functional>

namespace warroom {

/// Verifies requests from Slack with the v0 signing scheme:
/// X-Slack-Signature = "v0=" + hex(HMAC-SHA256(secret, "v0:" + X-Slack-Request-Timestamp + ":" + body)),
/// and a replay window of five minutes around now.
class SlackSignatureVerifier
{
public:
    static constexpr qint64 kReplayWindowSeconds = 300;

    /// `clock` returns seconds since the epoch (tests pass their own).
    explicit SlackSignatureVerifier(QByteArray signingSecret, std::function<qint64()> clock = {});

    /// The secret from WARROOM_SLACK_SIGNING_SECRET if set, else `configured`.
    static QByteArray secretFrom(const QString &configured);

    /// Unauthorized with a reason unless the headers sign exactly `body`
    /// within the window. An empty secret refuses everything.
    Status verify(const QByteArray &timestampHeader, const QByteArray &signatureHeader, const QByteArray &body) const;

    /// "v0=<hex>" for the given request (what Slack would send).
    static QByteArray sign(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body);

private:
    QByteArray m_secret;
    std::function<qint64()> m_clock;
};

/// A button press from Slack, translated into a warroom command.
struct SlackCommand
{
    QString command; ///< approve, acknowledge, view_timeline
    QString user; ///< the warroom user the Slack user maps to
    QString slackUserId;
    qint64 incidentId = 0;
    QString stepId; ///< for approve
    QString contentHash; ///< the step content the message showed (approve); empty: not given
    QString responseUrl; ///< where Slack takes a follow-up message
    QString triggerId;
    QString actionTs;
};

/// Parses Slack's interactive request (application/x-www-form-urlencoded,
/// one field `payload` holding JSON of type block_actions) and maps the
/// Slack user to a warroom user. Unknown users are Forbidden; anything
/// malformed or not ours is InvalidInput. The caller still applies the
/// same gates as for the console (roles, four eyes, freezes).
class SlackActionParser
{
public:
    /// `users`: Slack user id (U...) -> warroom user name.
    explicit SlackActionParser(QHash<QString, QString> users = {});
    void setUsers(QHash<QString, QString> users) { m_users = std::move(users); }

    Expected<SlackCommand> parse(const QByteArray &formBody) const;

private:
    QHash<QString, QString> m_users;
};

} // namespace warroom
