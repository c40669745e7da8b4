#include "coordinator.h"

#include "jsonlist.h"
#include "jsonreader.h"
#include "sha256.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaMethod>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

const QString kFreezeKey = u"freeze"_s;

std::optional<Error> requireAnyRole(const User &actor, std::initializer_list<Role> roles, const QString &what)
{
    for (Role role : roles) {
        if (actor.hasRole(role))
            return std::nullopt;
    }
    QStringList names;
    for (Role role : roles)
        names.append(toString(role));
    return Error {ErrorCode::Forbidden, u"%1 needs one of the roles %2"_s.arg(what, names.join(u", "_s))};
}

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
{ }

Coordinator::~Coordinator()
{
    // The batch reads the analyst and the knowledge base: let it finish first.
    m_triageQueue.clear();
    m_triageBatch.waitForFinished();
}

Status Coordinator::start()
{
    Expected<std::optional<QString>> stored = m_store.setting(kFreezeKey);
    if (!stored)
        return stored.error();
    if (stored->has_value())
        m_freeze = FreezeState::fromJson(QJsonDocument::fromJson((*stored)->toUtf8()).object());
    Expected<AuditEvent> e = m_store.appendAudit(
        {User::system().name,
         0,
         u"coordinator.started"_s,
         {{u"config"_s, m_config.sourcePath.isEmpty() ? u"embedded default"_s : m_config.sourcePath},
          {u"execution_mode"_s, m_config.executionMode},
          {u"llm_provider"_s, m_config.llmProvider},
          {u"users"_s, m_config.users.size()},
          {u"freeze"_s, m_freeze.active}}});
    if (!e)
        return e.error();
    return {};
}

std::optional<Error> Coordinator::authorize(const User &actor, std::initializer_list<Role> roles, const QString &what,
                                            const QString &command)
{
    std::optional<Error> refused = requireAnyRole(actor, roles, what);
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
    return submitIncident(actor, std::move(incident).value(), dedupKey, requestHash);
}

Expected<Submission> Coordinator::submitIncident(const User &actor, Incident incident, const QString &dedupKey,
                                                 const QString &requestHash)
{
    if (auto e = authorize(actor, {Role::Responder, Role::Mim, Role::ChangeApprover, Role::Admin, Role::System},
                           u"Submitting an incident"_s, u"incident.created"_s))
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
        if (m_analyst && m_config.triageOnIngest) {
            m_triageQueue.append(result->record.incident);
            scheduleTriage();
        }
    }
    return result;
}

Status Coordinator::commitIngest(const User &actor, QList<IngestChange> &changes, const QList<IngestedEvent> &unheld)
{
    if (auto e = authorize(actor, {Role::Responder, Role::Mim, Role::ChangeApprover, Role::Admin, Role::System},
                           u"Submitting an incident"_s, u"incident.ingested"_s))
        return *e;
    if (Status s = m_store.commitIngest(changes, unheld); !s)
        return s;
    bool queued = false;
    for (const IngestChange &c : std::as_const(changes)) {
        if (c.create) {
            ++m_incidentsCreated;
            publish(u"incident.created"_s, &c.record);
            if (m_analyst && m_config.triageOnIngest) {
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
    // The plan is proposed once; a re-run does not replace what people work on.
    if (!triaged->plan.isEmpty() || result.plan.isEmpty())
        return triaged;
    return execute(id, command::ProposePlan {result.plan}, User::system());
}

void Coordinator::scheduleTriage()
{
    if (m_triageInFlight > 0 || m_triageQueue.isEmpty())
        return;
    // A batch per turn: a burst is analysed in a few large pieces, not one by one.
    QList<Incident> batch = m_triageQueue.mid(0, 256);
    m_triageQueue.remove(0, batch.size());
    m_triageInFlight = batch.size();
    const OfflineAnalyst *analyst = m_analyst.get();
    QFuture<QList<QPair<qint64, TriageResult>>> analysis = QtConcurrent::run([analyst, batch] {
        QList<QPair<qint64, TriageResult>> results;
        results.reserve(batch.size());
        for (const Incident &incident : batch)
            results.append({incident.id, analyst->analyse(incident)});
        return results;
    });
    // Only the analysis is waited for on destruction; the continuation runs
    // on this thread and is dropped if the coordinator is gone.
    m_triageBatch = analysis;
    analysis.then(this, [this](const QList<QPair<qint64, TriageResult>> &results) {
        for (const auto &[id, result] : results)
            applyTriage(id, result);
        m_triageInFlight = 0;
        scheduleTriage();
    });
}

void Coordinator::applyTriage(qint64 id, const TriageResult &result)
{
    const User system = User::system();
    Expected<IncidentRecord> triaged
        = execute(id, command::Triage {result.classification, result.matches + result.similar}, system);
    if (!triaged) {
        // Closed meanwhile, or changed under us: the record says why.
        (void)m_store.appendAudit({system.name, id, u"triage.skipped"_s, {{u"reason"_s, triaged.error().message}}});
        return;
    }
    ++m_incidentsTriaged;
    if (triaged->plan.isEmpty() && !result.plan.isEmpty())
        (void)execute(id, command::ProposePlan {result.plan}, system);
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
    Expected<Transition> t = applyCommand(*current, command, actor, context());
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

Status Coordinator::freeze(const User &actor, const QString &reason)
{
    if (auto e = authorize(actor, {Role::Responder, Role::Mim, Role::ChangeApprover, Role::Admin, Role::System},
                           u"Freezing execution"_s, u"freeze.enabled"_s))
        return *e;
    if (reason.trimmed().isEmpty())
        return Error {ErrorCode::InvalidInput, u"a freeze needs a reason"_s};
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
    if (auto e = authorize(actor, {Role::Mim, Role::Admin}, u"Lifting a freeze"_s, u"freeze.lifted"_s))
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
    QString current;
    for (const PlanStep &s : record.plan.steps) {
        if (s.state == StepState::Pending)
            ++pending;
        if (current.isEmpty() && (s.state == StepState::Running || s.state == StepState::Pending))
            current = s.id;
    }
    json.insert(u"steps"_s, record.plan.steps.size());
    json.insert(u"steps_pending"_s, pending);
    json.insert(u"current_step"_s, current);
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
