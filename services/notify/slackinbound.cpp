#include "slackinbound.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

/// Decodes one application/x-www-form-urlencoded value ('+' is a space).
QByteArray formValue(const QByteArray &body, const QByteArray &key)
{
    for (const QByteArray &pair : body.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        if (eq < 0 || pair.left(eq) != key)
            continue;
        QByteArray value = pair.mid(eq + 1);
        value.replace('+', ' ');
        return QByteArray::fromPercentEncoding(value);
    }
    return {};
}

} // namespace

SlackSignatureVerifier::SlackSignatureVerifier(QByteArray signingSecret, std::function<qint64()> clock)
    : m_secret(std::move(signingSecret))
    , m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentSecsSinceEpoch(); };
}

QByteArray SlackSignatureVerifier::secretFrom(const QString &configured)
{
    const QByteArray env = qgetenv("WARROOM_SLACK_SIGNING_SECRET");
    return env.isEmpty() ? configured.toUtf8() : env;
}

QByteArray SlackSignatureVerifier::sign(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body)
{
    return "v0="
        + QMessageAuthenticationCode::hash("v0:" + timestamp + ':' + body, secret, QCryptographicHash::Sha256).toHex();
}

Status SlackSignatureVerifier::verify(const QByteArray &timestampHeader, const QByteArray &signatureHeader,
                                      const QByteArray &body) const
{
    if (m_secret.isEmpty())
        return makeError(ErrorCode::Unauthorized, u"slack: no signing secret is configured"_s);
    bool ok = false;
    const qint64 timestamp = timestampHeader.trimmed().toLongLong(&ok);
    if (!ok || timestamp <= 0)
        return makeError(ErrorCode::Unauthorized, u"slack: missing or malformed X-Slack-Request-Timestamp"_s);
    const qint64 skew = m_clock() - timestamp;
    if (skew > kReplayWindowSeconds || skew < -kReplayWindowSeconds)
        return makeError(
            ErrorCode::Unauthorized,
            u"slack: request timestamp is %1 s away from now (window %2 s): possible replay"_s.arg(skew).arg(
                kReplayWindowSeconds));
    if (!signatureHeader.startsWith("v0="))
        return makeError(ErrorCode::Unauthorized, u"slack: missing or unsupported X-Slack-Signature version"_s);
    if (!constantTimeEquals(sign(m_secret, timestampHeader.trimmed(), body), signatureHeader.trimmed().toLower()))
        return makeError(ErrorCode::Unauthorized, u"slack: signature does not match the body"_s);
    return {};
}

SlackActionParser::SlackActionParser(QHash<QString, QString> users)
    : m_users(std::move(users))
{ }

Expected<SlackCommand> SlackActionParser::parse(const QByteArray &formBody) const
{
    const QByteArray payloadText = formValue(formBody, "payload");
    if (payloadText.isEmpty())
        return makeError(ErrorCode::InvalidInput, u"slack: the body has no payload field"_s);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(payloadText, &parseError);
    if (!doc.isObject())
        return makeError(ErrorCode::InvalidInput,
                         u"slack: payload is not a JSON object: %1"_s.arg(parseError.errorString()));
    const QJsonObject payload = doc.object();
    if (payload.value(u"type"_s).toString() != u"block_actions"_s)
        return makeError(ErrorCode::InvalidInput,
                         u"slack: unsupported payload type \"%1\""_s.arg(payload.value(u"type"_s).toString().left(40)));
    const QJsonArray actions = payload.value(u"actions"_s).toArray();
    if (actions.size() != 1)
        return makeError(ErrorCode::InvalidInput, u"slack: expected one action, got %1"_s.arg(actions.size()));
    const QJsonObject action = actions.first().toObject();

    SlackCommand cmd;
    cmd.slackUserId = payload.value(u"user"_s).toObject().value(u"id"_s).toString();
    if (cmd.slackUserId.isEmpty())
        return makeError(ErrorCode::InvalidInput, u"slack: payload names no user"_s);
    const auto user = m_users.constFind(cmd.slackUserId);
    if (user == m_users.constEnd() || user->isEmpty())
        return makeError(ErrorCode::Forbidden,
                         u"slack: user %1 is not mapped to a warroom user"_s.arg(cmd.slackUserId.left(40)));
    cmd.user = *user;
    cmd.responseUrl = payload.value(u"response_url"_s).toString();
    cmd.triggerId = payload.value(u"trigger_id"_s).toString();
    cmd.actionTs = action.value(u"action_ts"_s).toString();

    const QString actionId = action.value(u"action_id"_s).toString();
    const QString value = action.value(u"value"_s).toString();
    // INC-42, INC-42:s3 or INC-42:s3:<content hash the message showed>
    static const QRegularExpression ref(
        u"^(?:INC-)?([1-9][0-9]{0,17})(?::([A-Za-z0-9_.-]{1,64})(?::([0-9a-f]{64}))?)?$"_s);
    const QRegularExpressionMatch m = ref.match(value);
    if (!m.hasMatch())
        return makeError(ErrorCode::InvalidInput,
                         u"slack: button value \"%1\" names no incident"_s.arg(value.left(80)));
    cmd.incidentId = m.captured(1).toLongLong();
    const QString step = m.captured(2);
    if (actionId == u"warroom_approve"_s) {
        if (step.isEmpty())
            return makeError(ErrorCode::InvalidInput, u"slack: approve names no step"_s);
        cmd.command = u"approve"_s;
        cmd.stepId = step;
        cmd.contentHash = m.captured(3);
    } else if (actionId == u"warroom_ack"_s) {
        cmd.command = u"acknowledge"_s;
    } else if (actionId == u"warroom_timeline"_s) {
        cmd.command = u"view_timeline"_s;
    } else {
        return makeError(ErrorCode::InvalidInput, u"slack: unknown action \"%1\""_s.arg(actionId.left(60)));
    }
    return cmd;
}

} // namespace warroom
