#include "smtpchannel.h"

#include <QDateTime>
#include <QFuture>
#include <QLocale>
#include <QPointer>
#include <QRegularExpression>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

#include <curl/curl.h>

#include <cstring>
#include <mutex>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

bool validAddress(const QString &address)
{
    static const QRegularExpression re(u"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,253}$"_s);
    return re.match(address).hasMatch();
}

QByteArray encodeHeader(const QString &text)
{
    bool ascii = true;
    for (QChar c : text)
        if (c.unicode() > 126 || c.unicode() < 32)
            ascii = false;
    if (ascii)
        return text.toLatin1();
    return "=?UTF-8?B?" + text.toUtf8().toBase64() + "?=";
}

struct Upload
{
    QByteArray data;
    qsizetype offset = 0;
};

size_t readCallback(char *buffer, size_t size, size_t nitems, void *userdata)
{
    auto *upload = static_cast<Upload *>(userdata);
    const size_t room = size * nitems;
    const size_t left = size_t(upload->data.size() - upload->offset);
    const size_t n = std::min(room, left);
    std::memcpy(buffer, upload->data.constData() + upload->offset, n);
    upload->offset += qsizetype(n);
    return n;
}

} // namespace

SmtpChannel::SmtpChannel(QObject *context, const Config &config)
    : m_config(config)
    , m_handOff(context)
{ }

Expected<QByteArray> SmtpChannel::compose(const Notification &n, const QString &from, const QStringList &to,
                                          const QDateTime &date)
{
    if (!validAddress(from))
        return makeError(ErrorCode::InvalidInput, u"email: invalid sender address \"%1\""_s.arg(from.left(80)));
    if (to.isEmpty())
        return makeError(ErrorCode::InvalidInput, u"email: no recipients"_s);
    for (const QString &address : to)
        if (!validAddress(address))
            return makeError(ErrorCode::InvalidInput,
                             u"email: invalid recipient address \"%1\""_s.arg(address.left(80)));
    QString subject = n.incidentKey.isEmpty() ? n.title : u"[%1] %2"_s.arg(n.incidentKey, n.title);
    if (!n.severity.isEmpty())
        subject = u"[%1] "_s.arg(n.severity.toUpper()) + subject;
    // No header injection: a subject is one line.
    subject.replace(u'\r', u' ').replace(u'\n', u' ');

    QByteArray m;
    m += "Date: " + QLocale::c().toString(date.toUTC(), u"ddd, dd MMM yyyy hh:mm:ss"_s).toLatin1() + " +0000\r\n";
    m += "From: <" + from.toLatin1() + ">\r\n";
    m += "To: " + to.join(u", "_s).toLatin1() + "\r\n";
    m += "Subject: " + encodeHeader(subject.left(200)) + "\r\n";
    m += "Message-ID: <" + QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1() + '@'
        + from.section(u'@', 1).toLatin1() + ">\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: text/plain; charset=UTF-8\r\n";
    m += "Content-Transfer-Encoding: 8bit\r\n";
    if (!n.incidentKey.isEmpty())
        m += "X-Warroom-Incident: " + n.incidentKey.toLatin1() + "\r\n";
    m += "\r\n";
    QString body = n.text;
    if (!n.url.isEmpty())
        body += u"\n\nTimeline: "_s + n.url;
    body.replace(u"\r\n"_s, u"\n"_s).replace(u'\r', u'\n');
    m += body.toUtf8().replace('\n', "\r\n");
    m += "\r\n";
    return m;
}

AttemptOutcome SmtpChannel::sendBlocking(const Config &config, const QStringList &to, const QByteArray &message,
                                         int timeoutMs)
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

    AttemptOutcome out;
    CURL *curl = curl_easy_init();
    if (!curl) {
        out.error = u"email: curl_easy_init failed"_s;
        return out;
    }
    Upload upload {message, 0};
    char errorBuffer[CURL_ERROR_SIZE] = {};
    const QByteArray url = config.url.toString(QUrl::FullyEncoded).toUtf8();
    const QByteArray user = config.user.toUtf8();
    const QByteArray password = config.password.toUtf8();
    const QByteArray from = '<' + config.from.toUtf8() + '>';
    const QByteArray caFile = config.caFile.toUtf8();
    curl_slist *recipients = nullptr;
    for (const QString &r : to)
        recipients = curl_slist_append(recipients, QByteArray('<' + r.toUtf8() + '>').constData());

    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, config.verifyPeer ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, config.verifyPeer ? 2L : 0L);
    if (!caFile.isEmpty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.constData());
    if (!user.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readCallback);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(timeoutMs));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(std::min(timeoutMs, 10000)));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);

    const CURLcode rc = curl_easy_perform(curl);
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    out.status = int(reply);
    if (rc == CURLE_OK) {
        out.ok = true;
        out.externalId = QString::number(reply);
    } else {
        const QString detail
            = errorBuffer[0] ? QString::fromUtf8(errorBuffer) : QString::fromUtf8(curl_easy_strerror(rc));
        out.error = u"email: %1 (curl %2, SMTP %3)"_s.arg(detail).arg(int(rc)).arg(reply);
        switch (rc) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING: out.retryable = true; break;
        default:
            // 4xx SMTP replies are transient by definition (RFC 5321 4.2.1).
            out.retryable = reply >= 400 && reply < 500;
        }
    }
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    return out;
}

void SmtpChannel::attempt(const Notification &n, int timeoutMs, Done done)
{
    const QStringList to = n.recipients.isEmpty() ? m_config.to : n.recipients;
    const Expected<QByteArray> message = compose(n, m_config.from, to, QDateTime::currentDateTimeUtc());
    if (!message) {
        done(AttemptOutcome {false, false, 0, message.error().message, {}, -1});
        return;
    }
    const Config config = m_config;
    const QByteArray bytes = *message;
    // Back through the hand-off, not .then(m_context, ...): a channel gone
    // (shutdown) while the transfer runs drops the outcome (models/handoff.h).
    (void)QtConcurrent::run([config, to, bytes, timeoutMs, done = std::move(done), post = m_handOff.poster()] {
        const AttemptOutcome out = sendBlocking(config, to, bytes, timeoutMs);
        post([done, out] { done(out); });
    });
}

} // namespace warroom
