#include "llmclient.h"

#include "redactor.h"
#include "sha256.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPromise>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>
#include <cmath>

#ifndef WARROOM_VERSION
#define WARROOM_VERSION "dev"
#endif

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

QUrl endpointFor(LlmProvider provider, const QUrl &base)
{
    QUrl url = base;
    if (url.isEmpty())
        url = QUrl(provider == LlmProvider::Anthropic ? u"https://api.anthropic.com"_s : u"https://api.openai.com"_s);
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (!path.endsWith(u"/v1"_s))
        path += u"/v1"_s;
    path += provider == LlmProvider::Anthropic ? u"/messages"_s : u"/chat/completions"_s;
    url.setPath(path);
    return url;
}

/// Milliseconds a 429/503 answer asks us to wait, or -1 when it does not say.
qint64 retryAfterMs(QNetworkReply *reply)
{
    // OpenAI also sends the finer retry-after-ms.
    bool ok = false;
    const double ms = reply->rawHeader("retry-after-ms").trimmed().toDouble(&ok);
    if (ok && ms >= 0)
        return qint64(std::ceil(ms));
    const QByteArray value = reply->rawHeader("Retry-After").trimmed();
    if (value.isEmpty())
        return -1;
    const double seconds = value.toDouble(&ok);
    if (ok)
        return seconds < 0 ? -1 : qint64(std::ceil(seconds * 1000));
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    if (!at.isValid())
        return -1;
    return std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at));
}

bool transientNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::UnknownNetworkError: return true;
    default: return false;
    }
}

/// The text without one surrounding Markdown code fence, which models add
/// even when told not to.
QString withoutFence(const QString &text)
{
    static const QRegularExpression fence(uR"(^\s*```[A-Za-z]*\s*\n([\s\S]*?)\n?\s*```\s*$)"_s);
    const QRegularExpressionMatch m = fence.match(text);
    return m.hasMatch() ? m.captured(1) : text;
}

/// The vendor's error message in a non-2xx body: {"error": {"message"}}
/// for both OpenAI and Anthropic.
QString vendorError(const QByteArray &body)
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const QJsonValue error = json.value(u"error"_s);
    if (error.isObject())
        return error.toObject().value(u"message"_s).toString();
    return error.toString();
}

} // namespace

QString toString(LlmProvider provider)
{
    return provider == LlmProvider::Anthropic ? u"anthropic"_s : u"openai"_s;
}

std::optional<LlmProvider> llmProviderFromString(const QString &text)
{
    if (text == "openai"_L1)
        return LlmProvider::OpenAi;
    if (text == "anthropic"_L1)
        return LlmProvider::Anthropic;
    return std::nullopt;
}

QString toString(LlmFailure failure)
{
    switch (failure) {
    case LlmFailure::None: return u"ok"_s;
    case LlmFailure::CircuitOpen: return u"circuit-open"_s;
    case LlmFailure::Timeout: return u"timeout"_s;
    case LlmFailure::Network: return u"network"_s;
    case LlmFailure::RateLimited: return u"rate-limited"_s;
    case LlmFailure::Http: return u"http"_s;
    case LlmFailure::InvalidResponse: return u"invalid-response"_s;
    case LlmFailure::InvalidJson: return u"invalid-json"_s;
    case LlmFailure::Refused: return u"refused"_s;
    }
    return {};
}

QString LlmResult::reason() const
{
    if (failure == LlmFailure::Http)
        return u"http-%1"_s.arg(httpStatus);
    return toString(failure);
}

Error LlmResult::error() const
{
    ErrorCode code = ErrorCode::Unavailable;
    if (failure == LlmFailure::InvalidResponse || failure == LlmFailure::InvalidJson || failure == LlmFailure::Refused)
        code = ErrorCode::InvalidInput;
    if (failure == LlmFailure::None)
        code = ErrorCode::Internal;
    return makeError(code, message.isEmpty() ? reason() : message);
}

/// One call through its attempts.
struct LlmClient::Call
{
    QPromise<LlmResult> promise;
    QByteArray body;
    QString sha256;
    QElapsedTimer clock;
    int attempts = 0;
    bool timedOut = false;
    bool trial = false; ///< the breaker's half-open trial
};

LlmClient::LlmClient(const LlmSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_endpoint(endpointFor(settings.provider, settings.baseUrl))
    , m_breaker(settings.breakerThreshold, settings.breakerCooldownMs)
{
    // The key must not follow a redirect to somewhere else.
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

LlmClient::~LlmClient()
{
    // Replies die with m_nam, after the breaker: let none report back.
    const QList<QNetworkReply *> replies = m_nam.findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies) {
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
    }
}

QByteArray LlmClient::requestBody(const LlmRequest &request) const
{
    QJsonObject body;
    if (m_settings.provider == LlmProvider::Anthropic) {
        body = {
            {u"model"_s, m_settings.model},
            {u"max_tokens"_s, m_settings.maxTokens},
            {u"temperature"_s, 0},
            {u"system"_s, request.system},
            {u"messages"_s,
             QJsonArray {QJsonObject {
                 {u"role"_s, u"user"_s},
                 {u"content"_s, QJsonArray {QJsonObject {{u"type"_s, u"text"_s}, {u"text"_s, request.user}}}},
             }}},
        };
        if (!request.schema.isEmpty()) {
            // Anthropic's structured output: one tool whose input is the
            // answer, and the model made to call it.
            body.insert(u"tools"_s,
                        QJsonArray {QJsonObject {
                            {u"name"_s, request.schemaName},
                            {u"description"_s, u"Record the answer."_s},
                            {u"input_schema"_s, request.schema},
                        }});
            body.insert(u"tool_choice"_s, QJsonObject {{u"type"_s, u"tool"_s}, {u"name"_s, request.schemaName}});
        }
    } else {
        body = {
            {u"model"_s, m_settings.model},
            {u"max_tokens"_s, m_settings.maxTokens},
            {u"temperature"_s, 0},
            {u"response_format"_s,
             request.schema.isEmpty() ? QJsonObject {{u"type"_s, u"json_object"_s}}
                                      : QJsonObject {{u"type"_s, u"json_schema"_s},
                                                     {u"json_schema"_s,
                                                      QJsonObject {{u"name"_s, request.schemaName},
                                                                   {u"strict"_s, true},
                                                                   {u"schema"_s, request.schema}}}}},
            {u"messages"_s,
             QJsonArray {
                 QJsonObject {{u"role"_s, u"system"_s}, {u"content"_s, request.system}},
                 QJsonObject {{u"role"_s, u"user"_s}, {u"content"_s, request.user}},
             }},
        };
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QFuture<LlmResult> LlmClient::complete(const LlmRequest &request)
{
    auto call = std::make_shared<Call>();
    call->promise.start();
    call->clock.start();
    call->body = requestBody(request);
    call->sha256 = sha256Hex({call->body});
    QFuture<LlmResult> future = call->promise.future();
    const bool halfOpen = m_breaker.state() == CircuitBreaker::State::HalfOpen;
    if (!m_breaker.allow()) {
        LlmResult result;
        result.failure = LlmFailure::CircuitOpen;
        result.message = u"the circuit breaker is open after %1 failed calls; next trial in %2 s"_s
                             .arg(m_breaker.consecutiveFailures())
                             .arg((m_breaker.remainingCooldownMs() + 999) / 1000);
        result.requestSha256 = call->sha256;
        call->promise.addResult(result);
        call->promise.finish();
        return future;
    }
    call->trial = halfOpen;
    send(call);
    return future;
}

void LlmClient::send(const std::shared_ptr<Call> &call)
{
    ++call->attempts;
    call->timedOut = false;
    QNetworkRequest request(m_endpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "warroom/" WARROOM_VERSION);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    if (m_settings.provider == LlmProvider::Anthropic) {
        if (!m_settings.apiKey.isEmpty())
            request.setRawHeader("x-api-key", m_settings.apiKey.toUtf8());
        request.setRawHeader("anthropic-version", "2023-06-01");
    } else if (!m_settings.apiKey.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + m_settings.apiKey.toUtf8());
    }
    QNetworkReply *reply = m_nam.post(request, call->body);
    // Our own deadline for the whole answer (a transfer timeout would only
    // catch silence, not a server that trickles).
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [call, reply] {
        call->timedOut = true;
        reply->abort();
    });
    deadline->start(m_settings.timeoutMs);
    connect(reply, &QNetworkReply::finished, this, [this, call, reply] { handleReply(call, reply); });
}

void LlmClient::handleReply(const std::shared_ptr<Call> &call, QNetworkReply *reply)
{
    reply->deleteLater();
    LlmResult result;
    result.attempts = call->attempts;
    result.requestSha256 = call->sha256;
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    bool retryable = false;
    qint64 waitMs = -1;
    if (call->timedOut) {
        result.failure = LlmFailure::Timeout;
        result.httpStatus = 0;
        result.message = u"no answer from %1 within %2 ms"_s.arg(m_endpoint.host()).arg(m_settings.timeoutMs);
        retryable = true;
    } else if (result.httpStatus == 0) {
        result.failure = LlmFailure::Network;
        result.message = u"%1: %2"_s.arg(m_endpoint.host(), reply->errorString());
        retryable = transientNetworkError(reply->error());
    } else if (result.httpStatus == 429) {
        result.failure = LlmFailure::RateLimited;
        result.message = u"rate limited by %1 (HTTP 429)"_s.arg(m_endpoint.host());
        retryable = true;
        waitMs = retryAfterMs(reply);
    } else if (result.httpStatus < 200 || result.httpStatus > 299) {
        result.failure = LlmFailure::Http;
        const QString detail = vendorError(body);
        result.message = u"HTTP %1 from %2%3"_s.arg(result.httpStatus)
                             .arg(m_endpoint.host(), detail.isEmpty() ? QString() : u": "_s + detail.left(300));
        retryable = result.httpStatus >= 500 || result.httpStatus == 408;
        if (result.httpStatus == 503)
            waitMs = retryAfterMs(reply);
    } else {
        parseResponse(m_settings.provider, body, result);
    }
    result.message = scrub(result.message);

    if (retryable && call->attempts <= m_settings.retries) {
        const qint64 backoff = qint64(m_settings.backoffMs) << (call->attempts - 1);
        const qint64 jitter = backoff > 4 ? QRandomGenerator::global()->bounded(backoff / 4) : 0;
        if (waitMs > m_settings.maxRetryAfterMs) {
            result.message += u"; the server asks to wait %1 s, longer than we will"_s.arg((waitMs + 999) / 1000);
        } else {
            QTimer::singleShot(int(std::max(backoff + jitter, waitMs)), this, [this, call] { send(call); });
            return;
        }
    }
    finish(call, std::move(result));
}

void LlmClient::finish(const std::shared_ptr<Call> &call, LlmResult result)
{
    result.latencyMs = call->clock.elapsed();
    // The breaker watches the service, not the model: an answer that is
    // not valid JSON still proves the service is up.
    switch (result.failure) {
    case LlmFailure::None:
    case LlmFailure::InvalidJson:
    case LlmFailure::Refused: m_breaker.recordSuccess(); break;
    default: m_breaker.recordFailure(); break;
    }
    const CircuitBreaker::State state = m_breaker.state();
    if (state != m_lastState) {
        m_lastState = state;
        Q_EMIT breakerStateChanged(state);
    }
    call->promise.addResult(std::move(result));
    call->promise.finish();
}

QString LlmClient::scrub(const QString &text) const
{
    QString out = text;
    if (!m_settings.apiKey.isEmpty())
        out.replace(m_settings.apiKey, Redactor::placeholder(u"api-key"_s));
    return Redactor::redact(out);
}

void LlmClient::parseResponse(LlmProvider provider, const QByteArray &body, LlmResult &result)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (!doc.isObject()) {
        result.failure = LlmFailure::InvalidResponse;
        result.message = u"the %1 answer is not a JSON object (%2)"_s.arg(toString(provider), error.errorString());
        return;
    }
    const QJsonObject json = doc.object();
    result.model = json.value(u"model"_s).toString();
    QString text;
    if (provider == LlmProvider::Anthropic) {
        // {"type":"message","content":[{"type":"text","text":"..."}],"stop_reason":...}, or with a
        // forced tool {"type":"tool_use","name":...,"input":{...}}: the input is the answer.
        if (json.value(u"type"_s).toString() != "message"_L1 || !json.value(u"content"_s).isArray()) {
            result.failure = LlmFailure::InvalidResponse;
            result.message = u"the anthropic answer is not a message"_s;
            return;
        }
        bool found = false;
        for (const QJsonValue &block : json.value(u"content"_s).toArray()) {
            const QJsonObject b = block.toObject();
            if (b.value(u"type"_s).toString() == "tool_use"_L1 && b.value(u"input"_s).isObject()) {
                text = QString::fromUtf8(QJsonDocument(b.value(u"input"_s).toObject()).toJson(QJsonDocument::Compact));
                found = true;
                break;
            }
            if (!found && b.value(u"type"_s).toString() == "text"_L1 && b.value(u"text"_s).isString()) {
                text = b.value(u"text"_s).toString();
                found = true; // a tool_use block later still wins
            }
        }
        if (!found) {
            result.failure = json.value(u"stop_reason"_s).toString() == "refusal"_L1 ? LlmFailure::Refused
                                                                                     : LlmFailure::InvalidResponse;
            result.message = u"the anthropic answer has no text or tool_use block"_s;
            return;
        }
        const QJsonObject usage = json.value(u"usage"_s).toObject();
        result.inputTokens = usage.value(u"input_tokens"_s).toInteger(-1);
        result.outputTokens = usage.value(u"output_tokens"_s).toInteger(-1);
    } else {
        // {"object":"chat.completion","choices":[{"message":{"role":"assistant","content":"..."}}]}
        const QJsonArray choices = json.value(u"choices"_s).toArray();
        const QJsonObject message
            = choices.isEmpty() ? QJsonObject() : choices.at(0).toObject().value(u"message"_s).toObject();
        if (choices.isEmpty() || message.isEmpty()) {
            result.failure = LlmFailure::InvalidResponse;
            result.message = u"the openai answer has no choices[0].message"_s;
            return;
        }
        if (const QJsonValue refusal = message.value(u"refusal"_s); refusal.isString()) {
            result.failure = LlmFailure::Refused;
            result.message = u"the model refused: %1"_s.arg(Redactor::redact(refusal.toString().left(200)));
            return;
        }
        if (!message.value(u"content"_s).isString()) {
            result.failure = LlmFailure::InvalidResponse;
            result.message = u"the openai answer has no text content"_s;
            return;
        }
        text = message.value(u"content"_s).toString();
        const QJsonObject usage = json.value(u"usage"_s).toObject();
        result.inputTokens = usage.value(u"prompt_tokens"_s).toInteger(-1);
        result.outputTokens = usage.value(u"completion_tokens"_s).toInteger(-1);
    }
    result.text = text;
    const QJsonDocument answer = QJsonDocument::fromJson(withoutFence(text).toUtf8(), &error);
    if (!answer.isObject()) {
        result.failure = LlmFailure::InvalidJson;
        result.message = error.error != QJsonParseError::NoError
            ? u"the model's answer is not JSON (%1 at offset %2)"_s.arg(error.errorString()).arg(error.offset)
            : u"the model's answer is JSON but not an object"_s;
        return;
    }
    result.answer = answer.object();
}

} // namespace warroom
