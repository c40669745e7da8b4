#pragma once

#include "config.h"
#include "llmclient.h"
#include "reviewqueue.h"

#include <QFutureWatcher>
#include <QObject>

namespace warroom {

class ApiServer;
class Coordinator;
class ExecutionPolicy;
struct User;

/// Where an incident's fix becomes reviewed automation, in the daemon:
/// - a person (mim, responder) asks for a draft from a resolved incident's
///   timeline: the steps that fixed it (whitelisted playbooks inlined from
///   their pinned text, manual steps through the templates);
/// - the draft is validated on a pool thread against a scratch copy of the
///   lab with the incident's fault injected: syntax check, ansible-lint,
///   then check, apply (which must fix it), and a second check that must
///   report changed=0;
/// - a change-approver or mim who did not ask for it approves (only a
///   validated draft) or rejects (with a reason); approval commits the
///   playbook and its pinned whitelist entry on a new branch of the runbook
///   repository, never merged or run.
/// Drafts are kept in the store (settings `remediation.draft:ID`), every
/// step is on the incident's timeline, and the validation output is evidence.
class RemediationDesk final : public QObject
{
    Q_OBJECT
public:
    RemediationDesk(Coordinator &coordinator, const ExecutionPolicy *policy, RemediationSettings settings,
                    QString workRoot, QString labDir, QObject *parent = nullptr);
    ~RemediationDesk() override;

    /// Loads the stored drafts (call once, before serving).
    Status load();
    void install(ApiServer &server);

    /// Gives the desk a language model (optional): each request then also
    /// asks it for a draft, which enters the same queue and validation.
    void setLlm(std::unique_ptr<LlmClient> llm) { m_llm = std::move(llm); }
    LlmClient *llm() const { return m_llm.get(); }

    /// Drafts from the templates (and asks the model, when there is one).
    /// With a model and nothing for the templates, only the model is asked:
    /// the answer is then empty (the model's draft arrives later).
    Expected<std::optional<RemediationDraft>> requestDraft(qint64 incidentId, const User &actor);
    Expected<RemediationDraft> approve(const QString &id, const User &actor, const QString &comment);
    Expected<RemediationDraft> reject(const QString &id, const User &actor, const QString &comment);

    RemediationReviewQueue &queue() { return m_queue; }
    /// Validations running on the pool.
    int validating() const { return int(m_running.size()); }

Q_SIGNALS:
    void draftValidated(const QString &id, bool passed);
    /// The model's draft was queued (or, with an empty id, it failed).
    void llmDraftFinished(const QString &id, const QString &outcome);

private:
    Status persist(const RemediationDraft &draft, const QString &eventType, const QJsonObject &payload,
                   const QString &actor);
    void validate(const RemediationDraft &draft, const QString &scenario);
    void finishValidation(const QString &id, const ValidationReport &report, const QString &log);
    QString scenarioFor(const IncidentRecord &record) const;
    int nextSequence(qint64 incidentId) const;
    void askModel(const IncidentRecord &record, const QList<AuditEvent> &events, const User &actor);

    Coordinator &m_coordinator;
    const ExecutionPolicy *m_policy;
    RemediationSettings m_settings;
    QString m_workRoot;
    QString m_labDir;
    RemediationReviewQueue m_queue;
    QHash<QString, QFutureWatcher<QPair<ValidationReport, QString>> *> m_running;
    std::unique_ptr<LlmClient> m_llm;
    int m_llmPending = 0;
};

} // namespace warroom
