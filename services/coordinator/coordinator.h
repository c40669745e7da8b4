#pragma once

#include "config.h"
#include "handoff.h"
#include "knowledgebase.h"
#include "offlineanalyst.h"
#include "store.h"
#include "workflow.h"

#include <QDateTime>
#include <QFuture>
#include <QFutureSynchronizer>
#include <QJsonObject>
#include <QObject>

#include <QElapsedTimer>
#include <QTimer>

#include <functional>

namespace warroom {

class LlmAnalyst;
struct DeliveryResult;
struct Postmortem;
struct ReadIn;
struct LlmTriage;
class ExecutionPolicy;
class AnsibleRunner;
struct TaskResult;
struct ExecutionPhase;
struct ExecutionRun;

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
    /// Forbidden (and audited) unless `actor` may submit incidents: what
    /// commitIngest checks, for a webhook answered before its commit.
    std::optional<Error> authorizeIngest(const User &actor);
    /// `durable`: synced to disk before it returns (see Store::commitIngest).
    Status commitIngest(const User &actor, QList<IngestChange> &changes, const QList<IngestedEvent> &unheld,
                        bool durable = false);

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
    /// Gives the coordinator the LLM boundary (optional). After each offline
    /// triage the incident goes to it; its answer is recorded as a second
    /// Triage by the system with the flags, or the offline result stays and
    /// the incident is flagged for escalation. Every pass is audited
    /// (`llm.analysis`). Restricted incidents (by flag, source or service
    /// from the config) never leave the process.
    void setLlmAnalyst(std::unique_ptr<LlmAnalyst> llm);
    LlmAnalyst *llmAnalyst() const { return m_llm.get(); }
    /// LLM analyses sent and not answered yet.
    int llmPending() const { return m_llmPending; }
    /// Whether an incident may never be sent to an LLM.
    bool isRestricted(const Incident &incident) const;
    /// Incidents waiting for (or in) triage on ingestion.
    /// Ends triage on ingestion for good: waits for the batches being
    /// analysed (they read the knowledge base and the execution policy, so
    /// this comes before either is destroyed) and drops what is queued; the
    /// next start queues what stayed untriaged again.
    void stopTriage();
    qsizetype triageBacklog() const { return m_triageQueue.size() + m_triageInFlight + m_triageResults.size(); }
    qint64 incidentsTriaged() const { return m_incidentsTriaged; }
    /// Ranked knowledge for free text.
    Expected<QList<KnowledgeMatch>> searchKnowledge(const QString &query, int limit, const QStringList &kinds) const;

    /// Applies a workflow command to an incident. Plan changes are held to
    /// the execution policy first (whitelist, environments, risk and
    /// approver floors, variable schemas, staged promotion), and an accepted
    /// change may make a playbook step runnable: the executor then starts it.
    Expected<IncidentRecord> execute(qint64 id, const Command &command, const User &actor);

    /// Gives the coordinator the execution policy and the runner (both must
    /// outlive it; either may be null: then no playbook step can be planned
    /// or run). Approved playbook steps start by themselves, in order.
    void setExecution(const ExecutionPolicy *policy, AnsibleRunner *runner);
    const ExecutionPolicy *executionPolicy() const { return m_policy; }
    /// simulate, check or apply: the config's, else the policy's.
    QString executionMode() const;
    /// {"mode", "policy", "available", "sandbox", "running"} for /healthz.
    QJsonObject executionStatus() const;
    /// Adds the rollback step for an executed playbook step, from the policy
    /// (`rollback:` of its playbook); it needs its own approvals.
    Expected<IncidentRecord> requestRollback(qint64 id, const QString &stepId, const User &actor);
    Expected<Evidence> addEvidence(const User &actor, Evidence evidence);

    /// Stops new runs at once; with `abortRunning` also terminates the running
    /// ones (each recorded as aborted).
    Status freeze(const User &actor, const QString &reason, bool abortRunning = false);
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

    // --- incident command, tasks and communications (command.cpp) -------

    /// The people the config knows, by name: command roles may only name
    /// them (a commander must hold the mim role). Empty: names are not checked.
    void setDirectory(QHash<QString, User> people) { m_directory = std::move(people); }
    const QHash<QString, User> &directory() const { return m_directory; }
    /// Escalates every open task past its due time, once per due time, to
    /// the incident's commander (`task.escalated`). Runs on a timer from
    /// start(); returns how many were escalated.
    int escalateOverdueTasks();
    /// What someone joining late needs, from the record and its timeline.
    Expected<ReadIn> readIn(qint64 id);
    /// A status update drafted for `audience` (internal, executive,
    /// external) from the timeline, for a person to edit and publish.
    Expected<QString> statusDraft(qint64 id, const QString &audience);
    /// The postmortem from the timeline and what people wrote (PUT .../postmortem).
    Expected<Postmortem> postmortem(qint64 id, const User &reader);
    /// Puts a notification's delivery (or failure) on the incident's
    /// timeline; a Jira issue created for it is linked to the incident.
    void recordDelivery(const DeliveryResult &result);
    /// Prometheus text: time to acknowledge, mitigate and resolve per
    /// severity and category (drills left out), and the tasks escalated.
    QByteArray responseMetrics();
    qint64 tasksEscalated() const { return m_tasksEscalated; }

Q_SIGNALS:
    /// One JSON event per accepted change: {"type", "incident"?, "seq"?...}.
    void eventPublished(const QJsonObject &event);
    /// After a command was committed: its audit event type and payload and
    /// the new record (notifications listen here).
    void commandApplied(const QString &eventType, const warroom::IncidentRecord &record, const QJsonObject &payload);

private:
    /// One incident analysed on a pool thread, its triage (and first plan)
    /// prepared and encoded there against the incident as it was queued.
    struct PreparedTriage
    {
        qint64 id = 0;
        TriageResult result;
        IncidentSave save; ///< empty events: not prepared (refused against the queued incident)
        EncodedSave encoded;
    };
    /// The first-plan transitions one pool task has computed: a burst brings
    /// the same few plans again and again (one per DIP and category).
    struct PlanMemo
    {
        Plan proposed; ///< as triage proposed it (staged for UAT)
        IncidentState from = IncidentState::New;
        std::optional<Error> refused; ///< by the policy or the workflow
        Plan planned;
        IncidentState to = IncidentState::New;
        QDateTime updatedAt;
        QString eventType;
        QJsonObject payload;
        QByteArray planJson; ///< `planned` encoded, once
    };
    /// Triage on ingestion: the analysis and the transitions run on pool
    /// threads in batches, only the writes here, on the coordinator's thread.
    void scheduleTriage();
    /// The Triage (and, the first time, ProposePlan) transitions of `record`
    /// with their events; pure, so it may run on a pool thread. With a memo
    /// (the pool's) the triage event's payload is left to encodeTriage.
    Expected<IncidentSave> prepareTriage(const IncidentRecord &record, const TriageResult &result,
                                         const WorkflowContext &ctx, QList<PlanMemo> *memo = nullptr) const;
    /// Encodes a prepared save once (record and payloads share their pieces).
    static EncodedSave encodeTriage(IncidentSave &save, QList<PlanMemo> *memo = nullptr);
    void applyTriage(QList<PreparedTriage> &results);
    /// Records waiting results a chunk per event-loop turn.
    void scheduleTriageRecording();
    void receiveTriage(QList<PreparedTriage> results, qsizetype size);
    static constexpr qsizetype kTriageBatch = 96;
    static constexpr int kTriageBatchesInFlight = 3; ///< one queued behind the two running
    static constexpr qsizetype kTriageRecordChunk = 256;
    static constexpr qsizetype kMaxTriageResultsWaiting = 2048;
    /// Sends an offline result to the LLM boundary, if there is one.
    void refine(const Incident &incident, const TriageResult &offline);
    void recordRefinement(qint64 id, const LlmTriage &refined, const QList<KnowledgeMatch> &matches);
    /// Forbidden unless `actor` holds one of `roles`; a refusal is audited.
    std::optional<Error> authorize(const User &actor, const QList<Role> &roles, const QString &what,
                                   const QString &command);
    void publish(const QString &type, const IncidentRecord *record, const QJsonObject &extra = {});
    /// Holds a command to the execution policy; may fill in a step's policy floors.
    std::optional<Error> applyPolicy(const IncidentRecord &record, Command &command) const;
    std::optional<Error> applyPolicy(const IncidentRecord &record, PlanStep &step) const;
    /// A triage plan with its production steps moved to UAT (promotion follows).
    Plan stagedForUat(Plan plan, const Incident &incident) const;
    void scheduleExecution(qint64 id);
    void pumpExecution(qint64 id);
    void startRun(const IncidentRecord &record, const PlanStep &step);
    void handleRunTask(const QString &runId, const QString &phase, const warroom::TaskResult &task);
    void handleRunPhase(const QString &runId, const warroom::ExecutionPhase &phase);
    void handleRunFinished(const warroom::ExecutionRun &run);
    /// Terminates every running run (recorded per run); each then finishes as aborted.
    void abortRuns(const User &actor, const QString &reason);

    /// Checks the people a command names against the directory.
    std::optional<Error> checkPeople(const Command &command) const;
    /// What follows a committed command: an escalation of a task just
    /// blocked, the response-time cache.
    void afterCommand(qint64 id, const Command &command, const IncidentRecord &before, const IncidentRecord &after);

    Store &m_store;
    Config m_config;
    QHash<QString, User> m_directory;
    QTimer m_taskTimer;
    qint64 m_tasksEscalated = 0;
    QByteArray m_responseMetrics;
    QElapsedTimer m_responseMetricsAge;
    const KnowledgeBase *m_knowledge = nullptr;
    std::unique_ptr<OfflineAnalyst> m_analyst;
    std::unique_ptr<LlmAnalyst> m_llm;
    const ExecutionPolicy *m_policy = nullptr;
    AnsibleRunner *m_runner = nullptr;
    struct RunOwner
    {
        qint64 incidentId = 0;
        QString stepId;
    };
    QHash<QString, RunOwner> m_runs; ///< running, by run id
    int m_llmPending = 0;
    QList<Incident> m_triageQueue;
    QFutureSynchronizer<void> m_triageBatch; ///< the batches being analysed (waited for on destruction)
    qsizetype m_triageInFlight = 0;
    QList<PreparedTriage> m_triageResults; ///< analysed, not recorded yet
    bool m_triageRecordingScheduled = false;
    bool m_triageStopped = false;
    qint64 m_incidentsTriaged = 0;
    Clock m_clock;
    HandOff m_triageHandOff; ///< how analysed batches come back to this thread
    FreezeState m_freeze;
    qint64 m_incidentsCreated = 0;
    qint64 m_commandsRefused = 0;
};

} // namespace warroom
