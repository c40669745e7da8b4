#pragma once

#include "llmclient.h"
#include "offlineanalyst.h"
#include "result.h"

#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace warroom {

struct Config;

/// The audit record of one pass through the LLM boundary.
struct LlmAudit
{
    qint64 incidentId = 0;
    QString provider; ///< openai, anthropic, offline
    QString model;
    QString promptSha256; ///< of the exact request body; empty when none was built
    qint64 latencyMs = 0;
    int attempts = 0; ///< requests sent
    QString outcome; ///< ok, fallback:REASON, not-sent:restricted, not-sent:offline
    QStringList redactions; ///< the kinds masked before sending
    QDateTime at;

    QJsonObject toJson() const;
};

/// What the LLM boundary concluded for one incident.
struct LlmTriage
{
    TriageResult triage; ///< the refined result, or the offline one on any failure
    bool refined = false; ///< the model's answer was used
    bool escalate = false; ///< people must look: the model failed or misbehaved
    QString escalationReason;
    QStringList candidates; ///< the whitelisted playbooks offered to the model, in order
    QStringList playbooks; ///< the model's choice among them, best first (empty when not refined)
    QStringList knowledge; ///< the retrieved documents the model chose, first in the matches now
    QStringList flags; ///< what was dropped, masked, suspected or not sent, for people
    LlmAudit audit;
};

/// The model's answer, checked against the schema.
struct LlmAnswer
{
    QString category;
    Severity severity = Severity::Unknown;
    bool mimRequired = false;
    double confidence = 0.0;
    QList<Reason> reasons;
    QStringList playbooks; ///< as answered, not yet checked against the candidates
    QStringList knowledge; ///< retrieved document ids as answered, not yet checked

    /// Strict: the six fields and, optionally, knowledge; no others; each of
    /// its type and range.
    static Expected<LlmAnswer> fromJson(const QJsonObject &json);
    /// The JSON Schema the model's answer is asked to follow: the
    /// categories, severities and ranges, playbooks only among `candidates`,
    /// knowledge only among the `knowledge` retrieved.
    static QJsonObject schema(const QStringList &candidates, const QStringList &knowledge);
};

/// The LLM boundary. It asks a model to refine the offline analyst's
/// classification and to choose among the candidate playbooks, and trusts
/// nothing it says:
///
/// - the model sees the incident's text redacted (Redactor) and the titles
///   and ids of the retrieved knowledge, never credentials; restricted
///   incidents are not sent at all;
/// - the answer must match the schema exactly; playbook ids that are not
///   whitelisted or not among the candidates are dropped and flagged;
/// - an answer that echoes instructions (prompt injection) is discarded;
/// - any failure (transport, breaker, schema, injection) yields the offline
///   result with `escalate` set and the reason;
/// - it never adds plan steps and never approves anything: the plan stays
///   the reviewed one of the offline analyst.
///
/// Every call is audited: provider, model, prompt hash, latency, outcome.
class LlmAnalyst final : public QObject
{
    Q_OBJECT

public:
    /// `settings` empty: offline only, nothing is ever sent. `knowledge`
    /// must outlive the analyst.
    LlmAnalyst(const KnowledgeBase &knowledge, const QSet<QString> &whitelist,
               const std::optional<LlmSettings> &settings, QObject *parent = nullptr);
    ~LlmAnalyst() override;

    /// Refines `offline` (the offline analyst's result for `incident`).
    /// The future always gets a result; it is cancelled only when the
    /// analyst is destroyed first.
    QFuture<LlmTriage> analyse(const Incident &incident, const TriageResult &offline);

    /// "openai", "anthropic" or "offline".
    QString provider() const;
    QString model() const;
    /// The client, or null when offline.
    LlmClient *client() const { return m_client; }

    /// The whitelisted playbooks the model may choose from: those of the
    /// offline plan, then those of the retrieved DIPs and validations.
    QStringList candidatePlaybooks(const TriageResult &offline) const;
    /// The request: fixed instructions and the redacted material.
    LlmRequest buildRequest(const Incident &incident, const TriageResult &offline, const QStringList &candidates,
                            QStringList *redactions = nullptr) const;

Q_SIGNALS:
    /// One record per analysis that involved the LLM boundary (not in offline mode).
    void audited(const warroom::LlmAudit &record);

private:
    LlmTriage conclude(const Incident &incident, const TriageResult &offline, const QStringList &candidates,
                       const QStringList &inputFlags, const LlmResult &result) const;

    const KnowledgeBase &m_knowledge;
    QSet<QString> m_whitelist;
    LlmClient *m_client = nullptr;
};

/// The analyst the configuration asks for: offline (no client), openai or
/// anthropic, with `config.llmBaseUrl`, `llmModel` and `llmApiKey`.
/// Refuses a remote provider without a model, Anthropic without a key, and
/// sending a key over plain HTTP to anything but loopback.
Expected<std::unique_ptr<LlmAnalyst>> createLlmAnalyst(const Config &config, const KnowledgeBase &knowledge,
                                                       const QSet<QString> &whitelist, QObject *parent = nullptr);

/// The client settings of a configuration; nullopt for offline.
Expected<std::optional<LlmSettings>> llmSettingsFromConfig(const Config &config);

} // namespace warroom
