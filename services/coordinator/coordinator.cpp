#include "coordinator.h"

#include "compactjson.h"

#include "llmanalyst.h"
#include "permissions.h"

#include "jsonlist.h"
#include "jsonreader.h"
#include "sha256.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaMethod>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

const QString kFreezeKey = u"freeze"_s;

} // namespace

QJsonObject FreezeState::toJson() const
{
    return {{u"active"_s, active}, {u"by"_s, by}, {u"reason"_s, reason}, {u"since"_s, toIsoTime(since)}};
}

FreezeState FreezeState::fromJson(const QJsonObject &json)
{
    FreezeState f;
    f.active = json.value(u"active"_s).toBool();
    f.by = json.value(u"by"_s).toString();
    f.reason = json.value(u"reason"_s).toString();
    f.since = QDateTime::fromString(json.value(u"since"_s).toString(), Qt::ISODateWithMs);
    return f;
}

Coordinator::Coordinator(Store &store, const Config &config, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_config(config)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_triageHandOff(this)
{ }

Coordinator::~Coordinator()
{
    stopTriage();
}

void Coordinator::stopTriage()
{
    // A batch reads the analyst, the knowledge base and the execution
    // policy: let it finish before any of them goes, and post nothing back
    // to what is being destroyed. What is still queued stays untriaged in
    // the store and is queued again at the next start.
    m_triageStopped = true;
    m_triageHandOff.close();
    m_triageQueue.clear();
    m_triageResults.clear();
    m_triageBatch.waitForFinished();
    m_triageBatch.clearFutures();
    m_triageInFlight = 0;
}

Status Coordinator::start()
{
    Expected<std::optional<QString>> stored = m_store.setting(kFreezeKey);
    if (!stored)
        return stored.error();
    if (stored->has_value())
        m_freeze = FreezeState::fromJson(QJsonDocument::fromJson((*stored)->toUtf8()).object());
    // Incidents committed but never triaged (the daemon died with them still
    // queued, or triage on ingestion was off then): queued again, oldest first.
    QList<Incident> untriaged;
    if (m_analyst && m_config.triageOnIngest && !m_triageStopped) {
        IncidentFilter filter;
        filter.state = toString(IncidentState::New);
        filter.limit = 1000;
        for (;;) {
            Expected<IncidentPage> page = m_store.incidents(filter);
            if (!page)
                return page.error();
            for (const IncidentRecord &r : std::as_const(page->items)) {
                if (!r.classification && r.plan.isEmpty())
                    untriaged.append(r.incident);
            }
            if (page->items.size() < filter.limit)
                break;
            filter.offset += filter.limit;
        }
        std::reverse(untriaged.begin(), untriaged.end());
    }
    Expected<AuditEvent> e = m_store.appendAudit(
        {User::system().name,
         0,
         u"coordinator.started"_s,
         {{u"config"_s, m_config.sourcePath.isEmpty() ? u"embedded default"_s : m_config.sourcePath},
          {u"execution_mode"_s, executionMode()},
          {u"llm_provider"_s, m_config.llmProvider},
          {u"users"_s, m_config.users.size()},
          {u"freeze"_s, m_freeze.active},
          {u"untriaged_requeued"_s, untriaged.size()}}});
    if (!e)
        return e.error();
    if (!untriaged.isEmpty()) {
        m_triageQueue += untriaged;
        scheduleTriage();
    }
    // Tasks coming due are looked for every so often (and at once).
    m_taskTimer.setInterval(std::chrono::seconds(m_config.taskCheckSeconds));
    connect(&m_taskTimer, &QTimer::timeout, this, &Coordinator::escalateOverdueTasks, Qt::UniqueConnection);
    if (m_config.taskCheckSeconds > 0)
        m_taskTimer.start();
    return {};
}

std::optional<Error> Coordinator::authorize(const User &actor, const QList<Role> &roles, const QString &what,
                                            const QString &command)
{
    std::optional<Error> refused = requireRole(actor, roles, what);
    if (refused) {
        // Someone tried what their role does not allow: that is on the record.
        ++m_commandsRefused;
        (void)m_store.appendAudit(
            {actor.name, 0, u"command.refused"_s, {{u"command"_s, command}, {u"reason"_s, refused->message}}});
    }
    return refused;
}

WorkflowContext Coordinator::context() const
{
    return WorkflowContext {now(), m_freeze.active, m_config.approvalTtlSeconds};
}

Expected<Submission> Coordinator::submit(const User &actor, const QJsonObject &body, const QString &idempotencyKey)
{
    Expected<Incident> incident = Incident::fromSubmission(body);
    if (!incident)
        return incident.error();
    QString dedupKey;
    if (!idempotencyKey.isEmpty())
        dedupKey = u"key:"_s + actor.name + u':' + idempotencyKey; // one user's key is not another's
    else if (!incident->externalId.isEmpty())
        dedupKey = u"ext:"_s + incident->source + u':' + incident->externalId;
    // The hash of what was asked, so a reused key with another body is caught.
    const QString requestHash
        = idempotencyKey.isEmpty() ? QString() : sha256Hex({QJsonDocument(body).toJson(QJsonDocument::Compact)});
    Expected<Submission> submitted = submitIncident(actor, std::move(incident).value(), dedupKey, requestHash);
    if (!submitted && submitted.error().code == ErrorCode::Conflict && !idempotencyKey.isEmpty()) {
        // The sender's key as they sent it, not how it is kept.
        Error e = submitted.error();
        e.message.replace(u'"' + dedupKey + u'"', u'"' + idempotencyKey + u'"');
        return e;
    }
    return submitted;
}

Expected<Submission> Coordinator::submitIncident(const User &actor, Incident incident, const QString &dedupKey,
                                                 const QString &requestHash)
{
    if (auto e = authorize(actor, rolesFor(Action::OpenIncident), u"Submitting an incident"_s, u"incident.created"_s))
        return *e;
    incident.state = IncidentState::New;
    incident.reportedBy = actor.name;
    IncidentRecord record;
    record.incident = std::move(incident);
    // The id and times are assigned inside the transaction; the payload carries the content.
    QJsonObject content = record.incident.toJson();
    for (const QString &key : {u"id"_s, u"key"_s, u"created_at"_s, u"updated_at"_s})
        content.remove(key);
    AuditDraft event {actor.name, 0, u"incident.created"_s, {{u"incident"_s, content}, {u"dedup_key"_s, dedupKey}}};
    Expected<Submission> result = m_store.submitIncident(std::move(record), dedupKey, requestHash, event);
    if (!result)
        return result;
    if (result->created) {
        ++m_incidentsCreated;
        publish(u"incident.created"_s, &result->record);
        if (m_analyst && m_config.triageOnIngest && !m_triageStopped) {
            m_triageQueue.append(result->record.incident);
            scheduleTriage();
        }
    }
    return result;
}

std::optional<Error> Coordinator::authorizeIngest(const User &actor)
{
    return authorize(actor, rolesFor(Action::OpenIncident), u"Submitting an incident"_s, u"incident.ingested"_s);
}

Status Coordinator::commitIngest(const User &actor, QList<IngestChange> &changes, const QList<IngestedEvent> &unheld,
                                 bool durable)
{
    if (auto e = authorizeIngest(actor))
        return *e;
    if (Status s = m_store.commitIngest(changes, unheld, durable); !s)
        return s;
    bool queued = false;
    for (const IngestChange &c : std::as_const(changes)) {
        if (c.create) {
            ++m_incidentsCreated;
            publish(u"incident.created"_s, &c.record);
            if (m_analyst && m_config.triageOnIngest && !m_triageStopped) {
                m_triageQueue.append(c.record.incident);
                queued = true;
            }
        } else if (!c.audit.isEmpty()) {
            publish(u"incident.updated"_s, &c.record);
        }
    }
    if (queued)
        scheduleTriage();
    return {};
}

Expected<IncidentRecord> Coordinator::incident(qint64 id)
{
    return m_store.incident(id);
}

Expected<QJsonObject> Coordinator::incidentDetail(qint64 id)
{
    Expected<IncidentRecord> record = m_store.incident(id);
    if (!record)
        return record.error();
    Expected<QList<Evidence>> evidence = m_store.evidence(id);
    if (!evidence)
        return evidence.error();
    QJsonObject json = record->toJson();
    const WorkflowContext ctx = context();
    QJsonArray status;
    for (const PlanStep &step : std::as_const(record->plan.steps)) {
        const ApprovalStatus s = approvalStatus(*record, step, ctx);
        status.append(QJsonObject {{u"step"_s, step.id},
                                   {u"needed"_s, s.needed},
                                   {u"approvers"_s, QJsonArray::fromStringList(s.approvers)},
                                   {u"expired"_s, QJsonArray::fromStringList(s.expired)},
                                   {u"voided"_s, QJsonArray::fromStringList(s.voided)},
                                   {u"approver_roles"_s, QJsonArray::fromStringList(approverRoles(step))},
                                   {u"satisfied"_s, s.satisfied()}});
    }
    json.insert(u"approval_status"_s, status);
    json.insert(u"evidence"_s, listToJson(*evidence));
    json.insert(u"freeze"_s, m_freeze.toJson());
    return json;
}

Expected<IncidentPage> Coordinator::incidents(const IncidentFilter &filter)
{
    return m_store.incidents(filter);
}

void Coordinator::setKnowledge(const KnowledgeBase *knowledge)
{
    m_knowledge = knowledge;
    m_analyst = knowledge ? std::make_unique<OfflineAnalyst>(*knowledge) : nullptr;
}

Expected<IncidentRecord> Coordinator::triage(qint64 id, const User &actor)
{
    if (auto e
        = authorize(actor, {Role::Mim, Role::Responder, Role::System}, u"Running triage"_s, u"incident.triaged"_s))
        return *e;
    if (!m_analyst)
        return Error {ErrorCode::Unavailable, u"no knowledge base is loaded, so there is nothing to triage with"_s};
    Expected<IncidentRecord> current = m_store.incident(id);
    if (!current)
        return current;
    const TriageResult result = m_analyst->analyse(current->incident);
    QList<KnowledgeMatch> matches = result.matches + result.similar;
    Expected<IncidentRecord> triaged = execute(id, command::Triage {result.classification, matches}, actor);
    if (!triaged)
        return triaged;
    refine(triaged->incident, result);
    // The plan is proposed once; a re-run does not replace what people work on.
    if (!triaged->plan.isEmpty() || result.plan.isEmpty())
        return triaged;
    Expected<IncidentRecord> planned
        = execute(id, command::ProposePlan {stagedForUat(result.plan, triaged->incident)}, User::system());
    if (planned)
        return planned;
    // The analysis stands; the plan did not pass the policy: people plan.
    (void)m_store.appendAudit({User::system().name,
                               id,
                               u"plan.refused"_s,
                               {{u"source"_s, result.plan.source}, {u"reason"_s, planned.error().message}}});
    return m_store.incident(id);
}

void Coordinator::setLlmAnalyst(std::unique_ptr<LlmAnalyst> llm)
{
    m_llm = std::move(llm);
}

bool Coordinator::isRestricted(const Incident &incident) const
{
    return incident.restricted || m_config.llmRestrictedSources.contains(incident.source)
        || (!incident.service.isEmpty() && m_config.llmRestrictedServices.contains(incident.service));
}

void Coordinator::refine(const Incident &incident, const TriageResult &offline)
{
    if (!m_llm || !m_llm->client())
        return;
    Incident sent = incident;
    sent.restricted = isRestricted(incident);
    const QList<KnowledgeMatch> matches = offline.matches + offline.similar;
    ++m_llmPending;
    m_llm->analyse(sent, offline).then(this, [this, id = incident.id, matches](const LlmTriage &refined) {
        --m_llmPending;
        recordRefinement(id, refined, matches);
    });
}

void Coordinator::recordRefinement(qint64 id, const LlmTriage &refined, const QList<KnowledgeMatch> &matches)
{
    const User system = User::system();
    QJsonObject payload = refined.audit.toJson();
    payload.insert(u"refined"_s, refined.refined);
    payload.insert(u"escalate"_s, refined.escalate);
    payload.insert(u"flags"_s, QJsonArray::fromStringList(refined.flags));
    payload.insert(u"candidates"_s, QJsonArray::fromStringList(refined.candidates));
    payload.insert(u"playbooks"_s, QJsonArray::fromStringList(refined.playbooks));
    (void)m_store.appendAudit({system.name, id, u"llm.analysis"_s, payload});
    if (!refined.refined && !refined.escalate && refined.flags.isEmpty())
        return;
    Classification classification = refined.triage.classification;
    classification.flags = refined.flags;
    // The model's escalation (it failed or misbehaved) adds to the offline
    // one (no reviewed plan: the plan stays the escalation), never clears it.
    if (refined.escalate) {
        classification.escalate = true;
        classification.escalationReason = refined.escalationReason;
    }
    // Recorded as the system's second opinion: it can nominate, never decide.
    Expected<IncidentRecord> recorded = execute(id, command::Triage {classification, matches}, system);
    if (!recorded)
        (void)m_store.appendAudit({system.name, id, u"triage.skipped"_s, {{u"reason"_s, recorded.error().message}}});
}

namespace {

/// Triage's own threads, one per core: batches queued there do not hold up
/// the global pool's other work (the WAL checkpoints).
QThreadPool *triagePool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool; // lives as long as the process, like the global pool
        p->setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
        return p;
    }();
    return pool;
}

} // namespace

void Coordinator::scheduleTriage()
{
    if (m_triageStopped)
        return; // shutting down: what is queued stays untriaged in the store
    // Backpressure: while many results wait to be recorded, analyse no more.
    // Batches go out as long as fewer than kTriageBatchesInFlight are being
    // analysed, so a pool thread finds the next one waiting when it is done.
    while (!m_triageQueue.isEmpty() && m_triageResults.size() < kMaxTriageResultsWaiting
           && m_triageInFlight < kTriageBatch * kTriageBatchesInFlight) {
        QList<Incident> batch = m_triageQueue.mid(0, kTriageBatch);
        m_triageQueue.remove(0, batch.size());
        m_triageInFlight += batch.size();
        const OfflineAnalyst *analyst = m_analyst.get();
        const WorkflowContext ctx = context();
        // The analysis, the workflow's pure transitions and their JSON all
        // run off this thread; only the writes are left for it.
        const qsizetype size = batch.size();
        // The results come back through the hand-off, never through
        // .then(this, ...): see models/handoff.h.
        QFuture<void> analysis
            = QtConcurrent::run(triagePool(), [this, analyst, ctx, batch, size, post = m_triageHandOff.poster()] {
                  QList<PreparedTriage> out;
                  QList<PlanMemo> memo;
                  out.reserve(batch.size());
                  for (const Incident &incident : batch) {
                      PreparedTriage p;
                      p.id = incident.id;
                      p.result = analyst->analyse(incident);
                      IncidentRecord queued;
                      queued.incident = incident; // new incidents hold nothing else yet
                      if (Expected<IncidentSave> save = prepareTriage(queued, p.result, ctx, &memo)) {
                          p.save = std::move(save).value();
                          p.encoded = encodeTriage(p.save, &memo);
                      }
                      out.append(std::move(p));
                  }
                  post([this, size, out = std::move(out)]() mutable { receiveTriage(std::move(out), size); });
              });
        // Waited for on destruction (after the hand-off is closed).
        m_triageBatch.addFuture(analysis);
    }
}

void Coordinator::receiveTriage(QList<PreparedTriage> results, qsizetype size)
{
    m_triageResults += std::move(results);
    m_triageInFlight -= size;
    const QList<QFuture<void>> all = m_triageBatch.futures();
    m_triageBatch.clearFutures();
    for (const QFuture<void> &f : all) {
        if (!f.isFinished())
            m_triageBatch.addFuture(f);
    }
    scheduleTriage();
    scheduleTriageRecording();
}

Expected<IncidentSave> Coordinator::prepareTriage(const IncidentRecord &record, const TriageResult &result,
                                                  const WorkflowContext &ctx, QList<PlanMemo> *memo) const
{
    const User system = User::system();
    const qint64 id = record.incident.id;
    // On the pool (with a memo) encodeTriage writes the triage payload
    // straight from the record: the transition need not build it.
    Expected<Transition> triaged = applyCommand(
        record, command::Triage {result.classification, result.matches + result.similar, memo != nullptr}, system, ctx);
    if (!triaged)
        return triaged.error();
    IncidentSave save {triaged->record,
                       record.incident.updatedAt,
                       {AuditDraft {system.name, id, triaged->eventType, triaged->eventPayload}},
                       {}};
    const IncidentState state = save.record.incident.state;
    // The first plan, unless its source resolved it before the analysis
    // was done (a plan for what is over helps nobody).
    const bool open
        = state != IncidentState::Resolved && state != IncidentState::Closed && state != IncidentState::RolledBack;
    if (open && save.record.plan.isEmpty() && !result.plan.isEmpty()) {
        const Plan staged = stagedForUat(result.plan, save.record.incident);
        // A record that holds nothing but the incident gets the same
        // transition for the same plan: computed once per pool task.
        const bool fresh = memo && save.record.runs.isEmpty() && save.record.approvals.isEmpty();
        const PlanMemo *known = nullptr;
        if (fresh) {
            for (const PlanMemo &m : std::as_const(*memo)) {
                if (m.from == save.record.incident.state && m.proposed == staged) {
                    known = &m;
                    break;
                }
            }
        }
        if (known && known->refused) {
            save.events.append({system.name,
                                id,
                                u"plan.refused"_s,
                                {{u"source"_s, result.plan.source}, {u"reason"_s, known->refused->message}}});
            return save;
        }
        if (known) {
            save.record.plan = known->planned;
            save.record.incident.state = known->to;
            save.record.incident.updatedAt = known->updatedAt;
            save.events.append({system.name, id, known->eventType, known->payload});
            return save;
        }
        // The same policy gates as every other plan.
        // On the pool encodeTriage writes the payload from the record, too.
        Command propose = command::ProposePlan {staged, memo != nullptr};
        std::optional<Error> refused = applyPolicy(save.record, propose);
        Expected<Transition> planned
            = refused ? Expected<Transition>(*refused) : applyCommand(save.record, propose, system, ctx);
        if (fresh && memo->size() < 64) {
            // Remembered only if the transition changed nothing but the
            // plan, the state and the time (so a hit can apply just those).
            PlanMemo m;
            m.proposed = staged;
            m.from = save.record.incident.state;
            bool reusable = true;
            if (planned) {
                IncidentRecord rest = planned->record;
                rest.plan = save.record.plan;
                rest.incident.state = save.record.incident.state;
                rest.incident.updatedAt = save.record.incident.updatedAt;
                reusable = rest == save.record;
                m.planned = planned->record.plan;
                m.to = planned->record.incident.state;
                m.updatedAt = planned->record.incident.updatedAt;
                m.eventType = planned->eventType;
                m.payload = planned->eventPayload;
            } else {
                m.refused = planned.error();
            }
            if (reusable)
                memo->append(std::move(m));
        }
        if (planned) {
            save.record = planned->record;
            save.events.append({system.name, id, planned->eventType, planned->eventPayload});
        } else {
            save.events.append({system.name,
                                id,
                                u"plan.refused"_s,
                                {{u"source"_s, result.plan.source}, {u"reason"_s, planned.error().message}}});
        }
    }
    return save;
}

EncodedSave Coordinator::encodeTriage(IncidentSave &save, QList<PlanMemo> *memo)
{
    EncodedSave out;
    // The lock is on updated_at: the store's rule (always forward), applied
    // before the record is encoded.
    Incident &incident = save.record.incident;
    if (!(incident.updatedAt > save.expectedUpdatedAt))
        incident.updatedAt = save.expectedUpdatedAt.addMSecs(1);
    // Compact JSON of an object or array is the same nested or alone, and
    // objects keep their keys sorted: the record and the two payloads are
    // spliced from pieces encoded once (the plan with its step hashes, the
    // matches, the classification are the bulk of all three).
    AuditDraft &triaged = save.events.first();
    if (triaged.type != "incident.triaged"_L1 || !save.record.classification) {
        // Not the shape this knows: the store encodes it as usual (with a
        // payload, should prepareTriage have left it to this).
        if (triaged.payload.isEmpty() && save.record.classification)
            triaged.payload = triagedPayload(*save.record.classification, save.record.matches);
        for (AuditDraft &e : save.events) {
            if (e.type == "plan.proposed"_L1 && e.payload.isEmpty())
                e.payload = {{u"plan"_s, save.record.plan.toJson()}};
        }
        return out;
    }
    // The payload is the record's classification and matches (triagedPayload).
    const QByteArray classification = save.record.classification->toCompactJson();
    QByteArray matches;
    json::appendList(matches, save.record.matches);
    out.payloads.append("{\"classification\":" + classification + ",\"matches\":" + matches + '}');
    QByteArray plan;
    for (qsizetype k = 1; k < save.events.size(); ++k) {
        const AuditDraft &e = save.events.at(k);
        // The payload is {"plan": ...} of the record's plan: left empty by
        // the transition on the pool, or made by it.
        if (e.type == "plan.proposed"_L1
            && (e.payload.isEmpty() || (e.payload.size() == 1 && e.payload.contains(u"plan"_s)))) {
            PlanMemo *known = nullptr;
            if (memo) {
                for (PlanMemo &m : *memo) {
                    // The payload was made from `planned`: the same plan, the same bytes.
                    if (!m.refused && m.eventType == e.type && m.planned == save.record.plan) {
                        known = &m;
                        break;
                    }
                }
            }
            if (known && !known->planJson.isEmpty()) {
                plan = known->planJson;
            } else {
                plan = e.payload.isEmpty() ? save.record.plan.toCompactJson()
                                           : json::compact(e.payload.value(u"plan"_s));
                if (known)
                    known->planJson = plan;
            }
            out.payloads.append("{\"plan\":" + plan + '}');
        } else {
            out.payloads.append(AuditEvent::canonicalPayload(e.payload));
        }
    }
    if (plan.isEmpty())
        plan = save.record.plan.toCompactJson();
    out.doc = "{\"approvals\":" + json::compact(listToJson(save.record.approvals)) + ",\"classification\":"
        + classification + ",\"incident\":" + incident.toCompactJson() + ",\"matches\":" + matches + ",\"plan\":" + plan
        + (save.record.postmortem.isEmpty() ? QByteArray()
                                            : ",\"postmortem\":" + json::compact(save.record.postmortem.toJson()))
        + ",\"runs\":" + json::compact(listToJson(save.record.runs))
        + (save.record.statusUpdates.isEmpty()
               ? QByteArray()
               : ",\"status_updates\":" + json::compact(listToJson(save.record.statusUpdates)))
        + '}';
    return out;
}

void Coordinator::scheduleTriageRecording()
{
    if (m_triageRecordingScheduled || m_triageResults.isEmpty())
        return;
    m_triageRecordingScheduled = true;
    // Chunks of one transaction, one per event-loop turn: requests keep
    // being answered while a burst is recorded.
    QTimer::singleShot(0, this, [this] {
        m_triageRecordingScheduled = false;
        QList<PreparedTriage> chunk = m_triageResults.mid(0, kTriageRecordChunk);
        m_triageResults.remove(0, chunk.size());
        applyTriage(chunk);
        scheduleTriage();
        scheduleTriageRecording();
    });
}

void Coordinator::applyTriage(QList<PreparedTriage> &results)
{
    // One transaction for the chunk: each incident's classification and,
    // the first time, its plan, with both events, as prepared on the pool
    // thread. An incident changed since it was queued (another event,
    // someone's command) is prepared again here against what is stored.
    const User system = User::system();
    auto skip = [&](qint64 id, const QString &reason) {
        // Closed meanwhile, or changed under us: the record says why.
        (void)m_store.appendAudit({system.name, id, u"triage.skipped"_s, {{u"reason"_s, reason}}});
    };
    auto record = [&](QList<IncidentSave> &saves, const QList<EncodedSave> &encoded,
                      QList<const PreparedTriage *> &from, QList<const PreparedTriage *> *conflicts) {
        if (saves.isEmpty())
            return;
        if (Status s = m_store.saveIncidents(saves, encoded); !s) {
            for (const IncidentSave &save : std::as_const(saves))
                skip(save.record.incident.id, s.error().message);
            return;
        }
        for (qsizetype i = 0; i < saves.size(); ++i) {
            const IncidentSave &save = saves.at(i);
            if (save.error) {
                if (conflicts && save.error->code == ErrorCode::Conflict)
                    conflicts->append(from.at(i));
                else
                    skip(save.record.incident.id, save.error->message);
                continue;
            }
            ++m_incidentsTriaged;
            for (const AuditDraft &event : save.events)
                publish(event.type, &save.record);
            refine(save.record.incident, from.at(i)->result);
        }
    };
    QList<IncidentSave> saves;
    QList<EncodedSave> encoded;
    QList<const PreparedTriage *> from;
    QList<const PreparedTriage *> again;
    saves.reserve(results.size());
    encoded.reserve(results.size());
    from.reserve(results.size());
    for (PreparedTriage &p : results) {
        if (p.save.events.isEmpty()) {
            again.append(&p);
            continue;
        }
        saves.append(std::move(p.save));
        encoded.append(std::move(p.encoded));
        from.append(&p);
    }
    QList<const PreparedTriage *> conflicts;
    record(saves, encoded, from, &conflicts);
    again += conflicts;
    // The slow path: read what is stored and prepare it again.
    saves.clear();
    from.clear();
    const WorkflowContext ctx = context();
    for (const PreparedTriage *p : std::as_const(again)) {
        Expected<IncidentRecord> current = m_store.incident(p->id);
        if (!current)
            continue;
        Expected<IncidentSave> save = prepareTriage(*current, p->result, ctx);
        if (!save) {
            skip(p->id, save.error().message);
            continue;
        }
        saves.append(std::move(save).value());
        from.append(p);
    }
    record(saves, {}, from, nullptr);
}

Expected<QList<KnowledgeMatch>> Coordinator::searchKnowledge(const QString &query, int limit,
                                                             const QStringList &kinds) const
{
    if (!m_knowledge)
        return Error {ErrorCode::Unavailable, u"no knowledge base is loaded"_s};
    return m_knowledge->search(query, limit, kinds);
}

Expected<IncidentRecord> Coordinator::execute(qint64 id, const Command &command, const User &actor)
{
    Expected<IncidentRecord> current = m_store.incident(id);
    if (!current)
        return current.error();
    // The execution policy first (it may fill in a step's floors), then the
    // workflow (who may do it), then the people it names: someone not
    // allowed to assign learns nothing of who exists.
    Command checked = command;
    std::optional<Error> refused = applyPolicy(*current, checked);
    Expected<Transition> t
        = refused ? Expected<Transition>(*refused) : applyCommand(*current, checked, actor, context());
    if (t) {
        if (std::optional<Error> unknown = checkPeople(command))
            t = *unknown;
    }
    if (!t) {
        ++m_commandsRefused;
        // Refusals of approvals and executions are part of the record too.
        if (t.error().code == ErrorCode::Forbidden || t.error().code == ErrorCode::Conflict) {
            (void)m_store.appendAudit({actor.name,
                                       id,
                                       u"command.refused"_s,
                                       {{u"command"_s, eventTypeOf(command)}, {u"reason"_s, t.error().message}}});
        }
        return t.error();
    }
    AuditDraft event {actor.name, id, t->eventType, t->eventPayload};
    if (Status s = m_store.saveIncident(t->record, current->incident.updatedAt, event); !s)
        return s.error();
    publish(t->eventType, &t->record);
    Q_EMIT commandApplied(t->eventType, t->record, t->eventPayload);
    afterCommand(id, command, *current, t->record);
    if (!std::holds_alternative<command::Triage>(command))
        scheduleExecution(id);
    return t->record;
}

Expected<Evidence> Coordinator::addEvidence(const User &actor, Evidence evidence)
{
    Expected<IncidentRecord> record = m_store.incident(evidence.incidentId);
    if (!record)
        return record.error();
    evidence.createdBy = actor.name;
    Expected<Evidence> stored = m_store.addEvidence(evidence,
                                                    {actor.name,
                                                     evidence.incidentId,
                                                     u"evidence.added"_s,
                                                     {{u"kind"_s, evidence.kind},
                                                      {u"title"_s, evidence.title},
                                                      {u"step"_s, evidence.stepId},
                                                      {u"run"_s, evidence.runId}}});
    if (stored)
        publish(u"evidence.added"_s, &*record, {{u"evidence"_s, stored->toJson()}});
    return stored;
}

Status Coordinator::freeze(const User &actor, const QString &reason, bool abortRunning)
{
    if (auto e = authorize(actor, rolesFor(Action::Freeze), u"Freezing execution"_s, u"freeze.enabled"_s))
        return *e;
    if (reason.trimmed().isEmpty())
        return Error {ErrorCode::InvalidInput, u"a freeze needs a reason"_s};
    if (abortRunning)
        abortRuns(actor, reason);
    if (m_freeze.active && abortRunning)
        return {};
    if (m_freeze.active)
        return Error {ErrorCode::Conflict,
                      u"execution is already frozen by %1 since %2"_s.arg(m_freeze.by, toIsoTime(m_freeze.since))};
    FreezeState next {true, actor.name, reason, now()};
    if (Status s
        = m_store.setSetting(kFreezeKey, QString::fromUtf8(QJsonDocument(next.toJson()).toJson(QJsonDocument::Compact)),
                             {actor.name, 0, u"freeze.enabled"_s, {{u"reason"_s, reason}}});
        !s)
        return s;
    m_freeze = next;
    publish(u"freeze.enabled"_s, nullptr, {{u"freeze"_s, m_freeze.toJson()}});
    return {};
}

Status Coordinator::unfreeze(const User &actor, const QString &reason)
{
    if (auto e = authorize(actor, rolesFor(Action::LiftFreeze), u"Lifting a freeze"_s, u"freeze.lifted"_s))
        return *e;
    if (!m_freeze.active)
        return Error {ErrorCode::Conflict, u"execution is not frozen"_s};
    const FreezeState previous = m_freeze;
    if (Status s = m_store.setSetting(
            kFreezeKey, std::nullopt,
            {actor.name,
             0,
             u"freeze.lifted"_s,
             {{u"reason"_s, reason}, {u"frozen_by"_s, previous.by}, {u"frozen_since"_s, toIsoTime(previous.since)}}});
        !s)
        return s;
    m_freeze = FreezeState {};
    publish(u"freeze.lifted"_s, nullptr, {{u"freeze"_s, m_freeze.toJson()}, {u"by"_s, actor.name}});
    // Approved steps held by the freeze may run now.
    if (Expected<IncidentPage> waiting = m_store.incidents({u"awaiting_approval"_s, {}, {}, 1000, 0})) {
        for (const IncidentRecord &r : std::as_const(waiting->items))
            scheduleExecution(r.incident.id);
    }
    return {};
}

Expected<QList<AuditEvent>> Coordinator::audit(qint64 incidentId, qint64 afterSeq, int limit)
{
    return m_store.auditEvents(incidentId, afterSeq, limit);
}

Expected<AuditVerification> Coordinator::verifyAudit()
{
    return m_store.verifyAudit();
}

QJsonObject Coordinator::summaryJson(const IncidentRecord &record)
{
    QJsonObject json = record.incident.toJson();
    json.remove(u"description"_s);
    if (record.classification) {
        json.insert(u"category"_s, record.classification->category);
        json.insert(u"mim_required"_s, record.classification->mimRequired);
        json.insert(u"confidence"_s, record.classification->confidence);
        json.insert(u"proposed_severity"_s, toString(record.classification->severity));
    }
    int pending = 0;
    int blocked = 0;
    int overdue = 0;
    QDateTime nextDue;
    QString current;
    for (const PlanStep &s : record.plan.steps) {
        if (s.state == StepState::Pending)
            ++pending;
        if (current.isEmpty() && (s.state == StepState::Running || s.state == StepState::Pending))
            current = s.id;
        if (!s.isOpenTask())
            continue;
        if (s.blocked) {
            ++blocked; // blocked says more than late: counted once, as blocked
            continue;
        }
        if (s.dueAt.isValid()) {
            // Escalated as overdue for its current due time; the earliest due
            // time lets the console mark a task late before the escalation runs.
            overdue += s.escalatedDue == s.dueAt;
            if (!nextDue.isValid() || s.dueAt < nextDue)
                nextDue = s.dueAt;
        }
    }
    json.insert(u"steps"_s, record.plan.steps.size());
    json.insert(u"steps_pending"_s, pending);
    json.insert(u"current_step"_s, current);
    // Only when there is something to say: the queue's summaries stay small.
    if (blocked > 0)
        json.insert(u"tasks_blocked"_s, blocked);
    if (overdue > 0)
        json.insert(u"tasks_overdue"_s, overdue);
    if (nextDue.isValid())
        json.insert(u"task_due_at"_s, toIsoTime(nextDue));
    return json;
}

void Coordinator::publish(const QString &type, const IncidentRecord *record, const QJsonObject &extra)
{
    // Nobody listening (no live clients): do not build the event at all.
    if (!isSignalConnected(QMetaMethod::fromSignal(&Coordinator::eventPublished)))
        return;
    QJsonObject event = extra;
    event.insert(u"type"_s, type);
    event.insert(u"time"_s, toIsoTime(now()));
    if (record) {
        event.insert(u"incident_id"_s, record->incident.id);
        event.insert(u"incident"_s, summaryJson(*record));
    }
    Q_EMIT eventPublished(event);
}

} // namespace warroom
