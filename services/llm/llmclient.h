#pragma once

#include "circuitbreaker.h"
#include "result.h"

#include <QByteArray>
#include <QFuture>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkReply;

namespace warroom {

/// The wire formats the client speaks.
enum class LlmProvider {
    OpenAi, ///< chat completions: OpenAI, Azure, Ollama, vLLM, llama.cpp server
    Anthropic, ///< messages
};

QString toString(LlmProvider provider);
std::optional<LlmProvider> llmProviderFromString(const QString &text);

/// How to reach a model, and how patiently.
struct LlmSettings
{
    LlmProvider provider = LlmProvider::OpenAi;
    QUrl baseUrl; ///< empty for the vendor's public endpoint; a trailing /v1 is allowed
    QString model;
    QString apiKey; ///< goes into the auth header only: never into a body, a log or a result
    int timeoutMs = 20000; ///< per attempt
    int retries = 2; ///< after timeouts, 5xx, 429 and dropped connections
    int backoffMs = 500; ///< first retry delay, doubled for each further one
    int maxRetryAfterMs = 30000; ///< a server asking to wait longer ends the call instead
    int breakerThreshold = 5; ///< failed calls in a row that open the breaker
    int breakerCooldownMs = 60000;
    int maxTokens = 1024;
};

/// What to ask: instructions and the (already redacted) material.
struct LlmRequest
{
    QString system;
    QString user;
    /// The JSON Schema of the answer (structured output), and its name;
    /// without one, any JSON object.
    QJsonObject schema = {};
    QString schemaName = {};
};

/// Why a call produced no answer.
enum class LlmFailure {
    None,
    CircuitOpen, ///< refused without a request: the breaker is open
    Timeout, ///< no complete answer within the timeout, after the retries
    Network, ///< connection refused, dropped, TLS ...
    RateLimited, ///< 429 after the retries, or a Retry-After beyond patience
    Http, ///< any other non-2xx status
    InvalidResponse, ///< a 2xx body that is not the vendor's format
    InvalidJson, ///< the model's text is not one JSON object
    Refused, ///< the model declined to answer
};

/// "timeout", "circuit-open", "http" ...
QString toString(LlmFailure failure);

/// The outcome of one call: the model's JSON answer or the reason there is
/// none, with what it cost.
struct LlmResult
{
    QJsonObject answer; ///< the model's answer, parsed (when ok())
    QString text; ///< the model's text as it came
    LlmFailure failure = LlmFailure::None;
    QString message; ///< why it failed, for people (redacted; never the key)
    int httpStatus = 0; ///< of the last attempt, 0 without an answer
    int attempts = 0; ///< requests sent (0 when the breaker refused)
    qint64 latencyMs = 0; ///< from the call to its end, retries and waits included
    QString model; ///< as the vendor named it in the answer
    QString requestSha256; ///< SHA-256 (hex) of the exact request body
    qint64 inputTokens = -1;
    qint64 outputTokens = -1;

    bool ok() const { return failure == LlmFailure::None; }
    explicit operator bool() const { return ok(); }
    /// A short machine-readable reason: "timeout", "http-503", "circuit-open" ...
    QString reason() const;
    Error error() const;
};

/// A client for hosted or local language models, behind timeouts, retries
/// with exponential backoff (honouring Retry-After) and a circuit breaker.
/// Every call returns a future fulfilled on this object's thread.
///
/// The API key is held in memory for the auth header and nowhere else: it
/// is not logged, not put in results, and is scrubbed from error messages
/// a vendor might echo it into. Redirects are not followed, so the header
/// cannot travel to another host.
class LlmClient final : public QObject
{
    Q_OBJECT

public:
    explicit LlmClient(const LlmSettings &settings, QObject *parent = nullptr);
    ~LlmClient() override;

    /// Asks for one JSON object. The future always gets a result (a failure
    /// is a result); it is cancelled only when the client is destroyed first.
    QFuture<LlmResult> complete(const LlmRequest &request);

    /// The exact body complete() sends for `request` (never holds the key).
    QByteArray requestBody(const LlmRequest &request) const;
    /// Where complete() posts: {base}/v1/chat/completions or {base}/v1/messages.
    QUrl endpoint() const { return m_endpoint; }
    LlmProvider provider() const { return m_settings.provider; }
    QString model() const { return m_settings.model; }
    int timeoutMs() const { return m_settings.timeoutMs; }

    const CircuitBreaker &breaker() const { return m_breaker; }

    /// Parses a vendor's 2xx body into `result` (answer, text, model, tokens
    /// or the failure). Public for tests of odd bodies.
    static void parseResponse(LlmProvider provider, const QByteArray &body, LlmResult &result);

Q_SIGNALS:
    /// The breaker opened or closed (not emitted on every call).
    void breakerStateChanged(warroom::CircuitBreaker::State state);

private:
    struct Call;
    void send(const std::shared_ptr<Call> &call);
    void handleReply(const std::shared_ptr<Call> &call, QNetworkReply *reply);
    void finish(const std::shared_ptr<Call> &call, LlmResult result);
    QString scrub(const QString &text) const;

    LlmSettings m_settings;
    QUrl m_endpoint;
    QNetworkAccessManager m_nam;
    CircuitBreaker m_breaker;
    CircuitBreaker::State m_lastState = CircuitBreaker::State::Closed;
};

} // namespace warroom
