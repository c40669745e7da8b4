#pragma once

#include "handoff.h"
#include "notifier.h"
#include "result.h"

#include <QUrl>

namespace warroom {

/// E-mail over SMTP through libcurl. STARTTLS is required (CURLUSESSL_ALL:
/// the message is never sent in clear text); smtps:// URLs use implicit
/// TLS. The blocking libcurl transfer runs on a pool thread; the outcome
/// comes back on the channel's owner thread.
class SmtpChannel final : public NotificationChannel
{
public:
    struct Config
    {
        QUrl url; ///< smtp://mail.example.com:587 or smtps://...:465
        QString user;
        QString password;
        QString from; ///< warroom@example.com
        QStringList to; ///< default recipients
        QString caFile; ///< PEM bundle to trust instead of the system's
        bool verifyPeer = true;
    };
    SmtpChannel(QObject *context, const Config &config);
    QString name() const override { return QStringLiteral("email"); }
    void attempt(const Notification &n, int timeoutMs, Done done) override;

    /// The RFC 5322 message (CRLF line ends), or an error for unsafe input.
    static Expected<QByteArray> compose(const Notification &n, const QString &from, const QStringList &to,
                                        const QDateTime &date);
    /// The blocking transfer (public for tests and the bench).
    static AttemptOutcome sendBlocking(const Config &config, const QStringList &to, const QByteArray &message,
                                       int timeoutMs);

private:
    Config m_config;
    HandOff m_handOff; ///< how the pool thread's outcome comes back to the context's thread
};

} // namespace warroom
