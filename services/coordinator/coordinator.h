#pragma once

#include "config.h"
#include "knowledgebase.h"
#include "offlineanalyst.h"
#include "store.h"
#include "workflow.h"

#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QObject>

#include <functional>

namespace warroom {

/// Who froze execution, when and why. A freeze stops new executions.
struct FreezeState
{
    bool active = false;
    QString by;
    QString reason;
    QDateTime since;

    QJsonObject toJson() const;
    static FreezeState fromJson(const QJsonObject &json);
};

/// The coordinator's use cases: every command goes through here, is checked
/// by the workflow state machine, stored with its audit event in one
/// transaction, and announced through eventPublished().
class Coordinator final : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;

    Coordinator(Store &store, const Config &config, QObject *parent = nullptr);
    /// Waits for a triage batch still being analysed on a pool thread.
    ~Coordinator() override;

    /// Loads persisted state (the freeze) and records the start.
    Status start();
    /// Replaces the clock (tests).
    void setClock(Clock clock) { m_clock = std::move(clock); }
    QDateTime now() const { return m_clock(); }

    /// Submits a generic incident. `dedupKey` is the Idempotency-Key (or
    /// empty: then `external_id` from the body is used).
    Expected<Submission> submit(const User &actor, const QJsonObject &body, const QString &idempotencyKey);
    /// Submits an already normalised incident (ingest adapters, tests).
    Expected<Submission> submitIncident(const User &actor, Incident incident, const QString &dedupKey,
                                        const QString &requestHash);

    /// Commits a batch of ingested events (services/ingest builds it: new
    /// incidents, dedup and correlation updates, source resolves) in one
    /// transaction, then announces it: counters, live events, triage on
    /// ingestion for the new incidents. Nothing is stored on an error.
    Status commitIngest(const User &actor, QList<IngestChange> &changes, const QList<IngestedEvent> &unheld);

    Expected<IncidentRecord> incident(qint64 id);
    /// The whole workflow as the API shows it: record, evidence and each
    /// step's approval status.
    Expected<QJsonObject> incidentDetail(qint64 id);
    Expected<IncidentPage> incidents(const IncidentFilter &filter);

    /// Gives the coordinator its knowledge base (it must outlive it): triage
    /// and knowledge search need one.
    void setKnowledge(const KnowledgeBase *knowledge);
    const KnowledgeBase *knowledge() const { return m_knowledge; }
    /// Runs the offline analyst on an incident: records the classification
    /// and matches (Triage), and proposes the plan when none has been
    /// proposed yet. Each run is audited.
    Expected<IncidentRecord> triage(qint64 id, const User &actor);
    /// Incidents waiting for (or in) triage on ingestion.
    qsizetype triageBacklog() const { return m_triageQueue.size() + m_triageInFlight; }
    qint64 incidentsTriaged() const { return m_incidentsTriaged; }
    /// Ranked knowledge for free text.
    Expected<QList<KnowledgeMatch>> searchKnowledge(const QString &query, int limit, const QStringList &kinds) const;

    /// Applies a workflow command to an incident.
    Expected<IncidentRecord> execute(qint64 id, const Command &command, const User &actor);
    Expected<Evidence> addEvidence(const User &actor, Evidence evidence);

    Status freeze(const User &actor, const QString &reason);
    Status unfreeze(const User &actor, const QString &reason);
    FreezeState freezeState() const { return m_freeze; }
    WorkflowContext context() const;

    Expected<QList<AuditEvent>> audit(qint64 incidentId, qint64 afterSeq, int limit);
    Expected<AuditVerification> verifyAudit();

    Store &store() { return m_store; }
    const Config &config() const { return m_config; }
    qint64 incidentsCreated() const { return m_incidentsCreated; }
    qint64 commandsRefused() const { return m_commandsRefused; }

    /// A compact incident row for lists and live events.
    static QJsonObject summaryJson(const IncidentRecord &record);

Q_SIGNALS:
    /// One JSON event per accepted change: {"type", "incident"?, "seq"?...}.
    void eventPublished(const QJsonObject &event);

private:
    /// Triage on ingestion: the analysis runs on a pool thread in batches,
    /// its results are recorded here, on the coordinator's thread.
    void scheduleTriage();
    void applyTriage(qint64 id, const TriageResult &result);
    /// Forbidden unless `actor` holds one of `roles`; a refusal is audited.
    std::optional<Error> authorize(const User &actor, std::initializer_list<Role> roles, const QString &what,
                                   const QString &command);
    void publish(const QString &type, const IncidentRecord *record, const QJsonObject &extra = {});

    Store &m_store;
    Config m_config;
    const KnowledgeBase *m_knowledge = nullptr;
    std::unique_ptr<OfflineAnalyst> m_analyst;
    QList<Incident> m_triageQueue;
    QFuture<void> m_triageBatch;
    qsizetype m_triageInFlight = 0;
    qint64 m_incidentsTriaged = 0;
    Clock m_clock;
    FreezeState m_freeze;
    qint64 m_incidentsCreated = 0;
    qint64 m_commandsRefused = 0;
};

} // namespace warroom
