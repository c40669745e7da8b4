#include "workflow.h"

#include "permissions.h"

#include "jsonlist.h"
#include "jsonreader.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

Error refuse(const QString &why)
{
    return Error {ErrorCode::Conflict, why};
}
Error forbid(const QString &why)
{
    return Error {ErrorCode::Forbidden, why};
}

bool stateIn(IncidentState state, std::initializer_list<IncidentState> allowed)
{
    return std::find(allowed.begin(), allowed.end(), state) != allowed.end();
}

QString stateName(IncidentState state)
{
    return toString(state);
}

/// What the audit keeps of a run: outcome and, per phase, its outcome,
/// exit code, pin and task counts (the output itself is evidence).
QJsonObject runSummaryJson(const ExecutionRun &run)
{
    QJsonArray phases;
    for (const ExecutionPhase &p : run.phases) {
        QJsonObject counts;
        for (const TaskResult &t : p.tasks)
            counts.insert(t.status, counts.value(t.status).toInt() + 1);
        phases.append(QJsonObject {{u"name"_s, p.name},
                                   {u"outcome"_s, p.outcome},
                                   {u"exit_code"_s, p.exitCode},
                                   {u"playbook_sha256"_s, p.playbookSha256},
                                   {u"tasks"_s, counts}});
    }
    return {{u"id"_s, run.id},
            {u"mode"_s, run.mode},
            {u"environment"_s, run.environment},
            {u"outcome"_s, run.outcome},
            {u"phases"_s, phases}};
}

const PlanStep *runningStep(const IncidentRecord &record)
{
    for (const PlanStep &s : record.plan.steps) {
        if (s.state == StepState::Running)
            return &s;
    }
    return nullptr;
}

bool isDone(StepState state)
{
    return state == StepState::Succeeded || state == StepState::Skipped;
}

/// A step aimed at another environment than the incident's (UAT for a
/// production incident): it proves a change before it goes there, and
/// changes nothing the incident's users see.
bool isRehearsal(const PlanStep &step, const Incident &incident)
{
    return !step.environment.isEmpty() && step.environment != incident.environment();
}

Expected<PlanStep *> findStep(IncidentRecord &record, const QString &stepId)
{
    PlanStep *step = record.plan.step(stepId);
    if (!step)
        return Error {ErrorCode::NotFound, u"%1 has no step \"%2\""_s.arg(record.incident.key(), stepId)};
    return step;
}

Transition makeTransition(IncidentRecord record, const QString &type, QJsonObject payload,
                          const WorkflowContext &context)
{
    record.incident.updatedAt = context.now;
    return Transition {std::move(record), type, std::move(payload)};
}

// --- the commands ---------------------------------------------------------

/// What every proposed or edited step must satisfy, whoever wrote it.
std::optional<Error> checkStepShape(const PlanStep &s)
{
    static const QStringList kApprovers {u"responder"_s, u"mim"_s, u"change-approver"_s};
    for (const QString &role : s.requiredRoles) {
        if (!kApprovers.contains(role))
            return Error {
                ErrorCode::InvalidInput,
                u"step %1: \"%2\" may not approve steps (only %3)"_s.arg(s.id, role, kApprovers.join(u", "_s))};
    }
    // Evidence-freezing and changing steps are run, and reported, by the
    // coordinator; a hand-written "snapshot" would let anyone open the gate.
    if (s.playbookId.isEmpty()
        && (s.kind == StepKind::Snapshot || s.kind == StepKind::Remediate || s.kind == StepKind::Rollback))
        return Error {ErrorCode::InvalidInput,
                      u"step %1 is a %2 step and must name a whitelisted playbook"_s.arg(s.id, toString(s.kind))};
    if (s.isMutating() && s.risk == Risk::Low && s.kind != StepKind::Snapshot)
        return Error {ErrorCode::InvalidInput, u"step %1 changes systems and cannot be low risk"_s.arg(s.id)};
    return std::nullopt;
}

} // namespace

QJsonObject triagedPayload(const Classification &classification, const QList<KnowledgeMatch> &matches)
{
    return {{u"classification"_s, classification.toJson()}, {u"matches"_s, listToJson(matches)}};
}

namespace {

Expected<Transition> doTriage(IncidentRecord rec, const command::Triage &cmd, const User &actor,
                              const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::System, Role::Mim, Role::Responder}, u"Triage"_s))
        return *e;
    if (rec.incident.state == IncidentState::Closed)
        return refuse(u"%1 is closed; it cannot be triaged again"_s.arg(rec.incident.key()));
    if (cmd.classification.confidence < 0.0 || cmd.classification.confidence > 1.0)
        return Error {ErrorCode::InvalidInput, u"confidence must be between 0 and 1"_s};
    rec.classification = cmd.classification;
    rec.matches = cmd.matches;
    // Triage can only nominate; a person's decision is never overwritten.
    if (rec.incident.major.isEmpty() && cmd.classification.mimRequired)
        rec.incident.major = u"candidate"_s;
    if (rec.incident.state == IncidentState::New)
        rec.incident.state = IncidentState::Triaged;
    const QJsonObject payload = cmd.payloadFromRecord ? QJsonObject() : triagedPayload(cmd.classification, cmd.matches);
    return makeTransition(std::move(rec), u"incident.triaged"_s, payload, ctx);
}

Expected<Transition> doProposePlan(IncidentRecord rec, const command::ProposePlan &cmd, const User &actor,
                                   const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::System, Role::Mim, Role::Responder}, u"Proposing a plan"_s))
        return *e;
    if (!stateIn(rec.incident.state,
                 {IncidentState::New, IncidentState::Triaged, IncidentState::Planned, IncidentState::AwaitingApproval,
                  IncidentState::Escalated}))
        return refuse(
            u"a plan cannot be proposed while %1 is %2"_s.arg(rec.incident.key(), stateName(rec.incident.state)));
    for (const PlanStep &s : std::as_const(rec.plan.steps)) {
        if (s.state == StepState::Running || s.state == StepState::Succeeded || s.state == StepState::Failed)
            return refuse(u"step %1 has already run; edit or add steps instead of replacing the plan"_s.arg(s.id));
    }
    if (cmd.plan.steps.isEmpty())
        return Error {ErrorCode::InvalidInput, u"a plan needs at least one step"_s};
    Plan plan = cmd.plan;
    QSet<QString> ids;
    for (PlanStep &s : plan.steps) {
        if (s.id.isEmpty() || ids.contains(s.id))
            return Error {ErrorCode::InvalidInput, u"step ids must be unique and not empty (\"%1\")"_s.arg(s.id)};
        if (!s.rollbackOf.isEmpty() && !ids.contains(s.rollbackOf))
            return Error {ErrorCode::InvalidInput,
                          u"step %1 reverses \"%2\", which is not an earlier step"_s.arg(s.id, s.rollbackOf)};
        if (auto e = checkStepShape(s))
            return *e;
        ids.insert(s.id);
        s.state = StepState::Pending;
        s.requestedBy = actor.name;
        s.startedAt = {};
        s.finishedAt = {};
        s.resultSummary.clear();
    }
    plan.createdBy = actor.name;
    plan.createdAt = ctx.now;
    rec.plan = plan;
    rec.incident.state = IncidentState::Planned;
    const QJsonObject payload = cmd.payloadFromRecord ? QJsonObject() : QJsonObject {{u"plan"_s, plan.toJson()}};
    return makeTransition(std::move(rec), u"plan.proposed"_s, payload, ctx);
}

Expected<Transition> doRequestApproval(IncidentRecord rec, const User &actor, const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::System, Role::Mim, Role::Responder}, u"Submitting a plan for approval"_s))
        return *e;
    if (rec.incident.state != IncidentState::Planned)
        return refuse(u"only a planned incident can be submitted for approval; %1 is %2"_s.arg(
            rec.incident.key(), stateName(rec.incident.state)));
    rec.incident.state = IncidentState::AwaitingApproval;
    // A plan the coordinator wrote is requested by whoever puts it up for
    // approval: that person may not also approve it (four eyes).
    QStringList adopted;
    if (!actor.hasRole(Role::System)) {
        for (PlanStep &s : rec.plan.steps) {
            if (s.requestedBy == User::system().name && s.state == StepState::Pending) {
                s.requestedBy = actor.name;
                adopted.append(s.id);
            }
        }
    }
    const QJsonObject payload {{u"steps"_s, rec.plan.steps.size()},
                               {u"requested_by"_s, actor.name},
                               {u"adopted_steps"_s, QJsonArray::fromStringList(adopted)}};
    return makeTransition(std::move(rec), u"plan.submitted"_s, payload, ctx);
}

std::optional<Error> checkCanDecide(const IncidentRecord &rec, const PlanStep &step, const User &actor)
{
    if (!stateIn(rec.incident.state,
                 {IncidentState::AwaitingApproval, IncidentState::Executing, IncidentState::Validating,
                  IncidentState::Escalated, IncidentState::Failed, IncidentState::Resolved}))
        return refuse(
            u"approvals are not taken while %1 is %2"_s.arg(rec.incident.key(), stateName(rec.incident.state)));
    const QStringList roles = approverRoles(step);
    if (!actor.hasAnyRole(roles))
        return forbid(u"step %1 needs an approver with one of the roles %2; %3 has %4"_s.arg(
            step.id, roles.join(u", "_s), actor.name, actor.roles.isEmpty() ? u"none"_s : actor.roles.join(u", "_s)));
    if (actor.name == step.requestedBy)
        return forbid(u"%1 requested step %2 and may not approve or reject it"_s.arg(actor.name, step.id));
    if (step.state != StepState::Pending)
        return refuse(u"step %1 is %2, not pending"_s.arg(step.id, toString(step.state)));
    return std::nullopt;
}

QStringList rolesFor(const User &actor, const QStringList &wanted)
{
    QStringList out;
    for (const QString &role : actor.roles) {
        if (wanted.contains(role))
            out.append(role);
    }
    return out;
}

Expected<Transition> doApprove(IncidentRecord rec, const command::Approve &cmd, const User &actor,
                               const WorkflowContext &ctx)
{
    Expected<PlanStep *> found = findStep(rec, cmd.stepId);
    if (!found)
        return found.error();
    const PlanStep &step = **found;
    if (auto e = checkCanDecide(rec, step, actor))
        return *e;
    const QString hash = step.contentHash();
    if (!cmd.contentHash.isEmpty() && cmd.contentHash != hash)
        return refuse(u"step %1 changed since it was shown (signed %2, now %3); review it again"_s.arg(
            step.id, cmd.contentHash.left(12), hash.left(12)));
    const ApprovalStatus status = approvalStatus(rec, step, ctx);
    if (status.approvers.contains(actor.name))
        return refuse(u"%1 has already approved step %2; a second approval must come from someone else"_s.arg(
            actor.name, step.id));
    Approval approval {step.id, actor.name, rolesFor(actor, approverRoles(step)), Decision::Approve, cmd.comment,
                       hash,    ctx.now};
    rec.approvals.append(approval);
    const ApprovalStatus after = approvalStatus(rec, step, ctx);
    QJsonObject payload {{u"approval"_s, approval.toJson()},
                         {u"approvals"_s, after.approvers.size()},
                         {u"needed"_s, after.needed},
                         {u"satisfied"_s, after.satisfied()}};
    return makeTransition(std::move(rec), u"step.approved"_s, payload, ctx);
}

Expected<Transition> doReject(IncidentRecord rec, const command::Reject &cmd, const User &actor,
                              const WorkflowContext &ctx)
{
    if (cmd.reason.trimmed().isEmpty())
        return Error {ErrorCode::InvalidInput, u"a rejection needs a reason"_s};
    Expected<PlanStep *> found = findStep(rec, cmd.stepId);
    if (!found)
        return found.error();
    PlanStep &step = **found;
    if (auto e = checkCanDecide(rec, step, actor))
        return *e;
    Approval rejection {step.id,          actor.name, rolesFor(actor, approverRoles(step)),
                        Decision::Reject, cmd.reason, step.contentHash(),
                        ctx.now};
    rec.approvals.append(rejection);
    step.state = StepState::Rejected;
    step.resultSummary = cmd.reason;
    return makeTransition(std::move(rec), u"step.rejected"_s, {{u"approval"_s, rejection.toJson()}}, ctx);
}

Expected<Transition> doEditStep(IncidentRecord rec, const command::EditStep &cmd, const User &actor,
                                const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::Mim, Role::Responder}, u"Editing a step"_s))
        return *e;
    if (rec.incident.state == IncidentState::Closed)
        return refuse(u"%1 is closed"_s.arg(rec.incident.key()));
    Expected<PlanStep *> found = findStep(rec, cmd.step.id);
    if (!found)
        return found.error();
    PlanStep &step = **found;
    if (step.state != StepState::Pending && step.state != StepState::Rejected)
        return refuse(
            u"step %1 is %2; only pending or rejected steps can be edited"_s.arg(step.id, toString(step.state)));
    if ((cmd.step.kind == StepKind::Rollback) != (step.kind == StepKind::Rollback)
        || cmd.step.rollbackOf != step.rollbackOf)
        return Error {
            ErrorCode::InvalidInput,
            u"an edit cannot turn step %1 into or out of a rollback, or change what it reverses"_s.arg(step.id)};
    if (auto e = checkStepShape(cmd.step))
        return *e;
    const QString before = step.contentHash();
    PlanStep edited = cmd.step;
    edited.state = StepState::Pending;
    edited.requestedBy = actor.name;
    edited.startedAt = {};
    edited.finishedAt = {};
    edited.resultSummary.clear();
    step = edited;
    QJsonObject payload {{u"step"_s, edited.toJson()},
                         {u"previous_hash"_s, before},
                         {u"approvals_voided"_s, before != edited.contentHash()}};
    return makeTransition(std::move(rec), u"step.edited"_s, payload, ctx);
}

Expected<Transition> doSkipStep(IncidentRecord rec, const command::SkipStep &cmd, const User &actor,
                                const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::Mim}, u"Skipping a step"_s))
        return *e;
    if (cmd.reason.trimmed().isEmpty())
        return Error {ErrorCode::InvalidInput, u"skipping a step needs a reason"_s};
    Expected<PlanStep *> found = findStep(rec, cmd.stepId);
    if (!found)
        return found.error();
    PlanStep &step = **found;
    if (step.state != StepState::Pending && step.state != StepState::Rejected)
        return refuse(
            u"step %1 is %2; only pending or rejected steps can be skipped"_s.arg(step.id, toString(step.state)));
    step.state = StepState::Skipped;
    step.resultSummary = cmd.reason;
    return makeTransition(std::move(rec), u"step.skipped"_s, {{u"step"_s, cmd.stepId}, {u"reason"_s, cmd.reason}}, ctx);
}

Expected<Transition> doStartStep(IncidentRecord rec, const command::StartStep &cmd, const User &actor,
                                 const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::System, Role::Mim, Role::Responder}, u"Starting a step"_s))
        return *e;
    if (!stateIn(rec.incident.state,
                 {IncidentState::AwaitingApproval, IncidentState::Escalated, IncidentState::Failed,
                  IncidentState::Resolved}))
        return refuse(u"no step can start while %1 is %2"_s.arg(rec.incident.key(), stateName(rec.incident.state)));
    Expected<PlanStep *> found = findStep(rec, cmd.stepId);
    if (!found)
        return found.error();
    PlanStep &step = **found;
    if (step.state != StepState::Pending)
        return refuse(u"step %1 is %2, not pending"_s.arg(step.id, toString(step.state)));
    // Playbook steps are started by the coordinator's executor once approved,
    // so nobody can leave one "running" with nothing running it.
    if (!step.playbookId.isEmpty() && !actor.hasRole(Role::System))
        return forbid(u"step %1 runs the playbook %2; the coordinator starts it once it is approved"_s.arg(
            step.id, step.playbookId));
    if (ctx.frozen)
        return refuse(u"a freeze is in force: no execution starts until it is lifted"_s);
    if (const PlanStep *running = runningStep(rec))
        return refuse(u"step %1 is still running"_s.arg(running->id));
    // Only a rollback may start once the incident has failed or resolved.
    if (step.kind != StepKind::Rollback
        && stateIn(rec.incident.state, {IncidentState::Failed, IncidentState::Resolved}))
        return refuse(
            u"%1 is %2: only rollback steps may run now"_s.arg(rec.incident.key(), stateName(rec.incident.state)));
    const ApprovalStatus status = approvalStatus(rec, step, ctx);
    if (!status.satisfied()) {
        QString why = u"step %1 needs %2 approval(s) from %3, has %4"_s.arg(step.id, QString::number(status.needed),
                                                                            approverRoles(step).join(u" or "_s),
                                                                            QString::number(status.approvers.size()));
        if (!status.expired.isEmpty())
            why += u"; expired: %1"_s.arg(status.expired.join(u", "_s));
        if (!status.voided.isEmpty())
            why += u"; void because the step changed: %1"_s.arg(status.voided.join(u", "_s));
        return refuse(why);
    }
    const qsizetype index = rec.plan.steps.indexOf(step);
    if (step.kind == StepKind::Rollback) {
        const PlanStep *target = rec.plan.step(step.rollbackOf);
        if (!target || (target->state != StepState::Succeeded && target->state != StepState::Failed))
            return refuse(u"rollback %1 reverses step \"%2\", which has not run"_s.arg(step.id, step.rollbackOf));
    } else {
        for (qsizetype i = 0; i < index; ++i) {
            const PlanStep &earlier = rec.plan.steps.at(i);
            if (earlier.kind != StepKind::Rollback && !isDone(earlier.state))
                return refuse(
                    u"step %1 comes after step %2, which is %3"_s.arg(step.id, earlier.id, toString(earlier.state)));
        }
    }
    if (step.isMutating()) {
        bool snapshotDone = false;
        for (qsizetype i = 0; i < index && !snapshotDone; ++i) {
            const PlanStep &earlier = rec.plan.steps.at(i);
            snapshotDone = earlier.kind == StepKind::Snapshot && earlier.state == StepState::Succeeded;
        }
        if (!snapshotDone)
            return refuse(u"step %1 changes systems and needs a completed snapshot step before it"_s.arg(step.id));
    }
    if (cmd.run && (step.playbookId.isEmpty() || cmd.run->stepId != step.id))
        return Error {ErrorCode::InvalidInput, u"a run belongs to the playbook step it executes"_s};
    step.state = StepState::Running;
    step.startedAt = ctx.now;
    if (rec.incident.state != IncidentState::Escalated)
        rec.incident.state = step.kind == StepKind::Validate ? IncidentState::Validating : IncidentState::Executing;
    QJsonObject payload {{u"step"_s, step.id},
                         {u"content_hash"_s, step.contentHash()},
                         {u"approvers"_s, QJsonArray::fromStringList(status.approvers)}};
    if (cmd.run) {
        rec.runs.append(*cmd.run);
        payload.insert(u"run"_s, runSummaryJson(*cmd.run));
    }
    return makeTransition(std::move(rec), u"step.started"_s, payload, ctx);
}

Expected<Transition> doFinishStep(IncidentRecord rec, const command::FinishStep &cmd, const User &actor,
                                  const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::System, Role::Mim, Role::Responder}, u"Finishing a step"_s))
        return *e;
    Expected<PlanStep *> found = findStep(rec, cmd.stepId);
    if (!found)
        return found.error();
    PlanStep &step = **found;
    if (step.state != StepState::Running)
        return refuse(u"step %1 is %2, not running"_s.arg(step.id, toString(step.state)));
    // Automated steps are finished by the coordinator that ran them; a MIM may
    // only declare a stuck one failed (never succeeded), and that is audited.
    if (!step.playbookId.isEmpty() && !actor.hasRole(Role::System)
        && !(actor.hasRole(Role::Mim) && !cmd.succeeded && !cmd.summary.trimmed().isEmpty()))
        return forbid(u"step %1 runs a playbook; only the coordinator reports its outcome (a MIM may mark it failed, "
                      "with a summary)"_s.arg(step.id));
    if (cmd.run && cmd.run->stepId != step.id)
        return Error {ErrorCode::InvalidInput, u"a run belongs to the playbook step it executes"_s};
    step.state = cmd.succeeded ? StepState::Succeeded : StepState::Failed;
    step.finishedAt = ctx.now;
    step.resultSummary = cmd.summary;
    const StepKind kind = step.kind;
    std::optional<QJsonObject> runPayload;
    if (cmd.run) {
        auto same = std::find_if(rec.runs.begin(), rec.runs.end(),
                                 [&](const ExecutionRun &r) { return r.id == cmd.run->id; });
        if (same != rec.runs.end())
            *same = *cmd.run;
        else
            rec.runs.append(*cmd.run);
        runPayload = runSummaryJson(*cmd.run);
    }

    IncidentState next = IncidentState::AwaitingApproval;
    if (!cmd.succeeded) {
        next = IncidentState::Failed;
    } else if (kind == StepKind::Rollback) {
        next = IncidentState::RolledBack;
    } else {
        // Every step done and recovery proven by a validation: resolved. A
        // validation in UAT proves the rehearsal, not a production
        // incident's recovery.
        bool allDone = true;
        bool validated = false;
        for (const PlanStep &s : std::as_const(rec.plan.steps)) {
            if (s.kind != StepKind::Rollback && !isDone(s.state))
                allDone = false;
            validated = validated
                || (s.kind == StepKind::Validate && s.state == StepState::Succeeded && !isRehearsal(s, rec.incident));
        }
        if (allDone && validated)
            next = IncidentState::Resolved;
    }
    if (rec.incident.state != IncidentState::Escalated || next == IncidentState::Failed)
        rec.incident.state = next;
    // The first change that worked mitigates; a proven recovery resolves. A
    // dry run (check or simulate) changed nothing, and a change in UAT
    // nothing in production, so neither mitigates.
    const bool applied = !cmd.run || cmd.run->mode == "apply"_L1;
    const bool rehearsal = isRehearsal(step, rec.incident);
    if (cmd.succeeded && applied && !rehearsal && kindMutates(kind) && !rec.incident.mitigatedAt.isValid())
        rec.incident.mitigatedAt = ctx.now;
    if (rec.incident.state == IncidentState::Resolved) {
        rec.incident.resolvedAt = ctx.now;
        if (!rec.incident.mitigatedAt.isValid())
            rec.incident.mitigatedAt = ctx.now;
    }
    QJsonObject payload {{u"step"_s, cmd.stepId},
                         {u"succeeded"_s, cmd.succeeded},
                         {u"summary"_s, cmd.summary},
                         {u"incident_state"_s, toString(rec.incident.state)}};
    if (runPayload)
        payload.insert(u"run"_s, *runPayload);
    return makeTransition(std::move(rec), u"step.finished"_s, payload, ctx);
}

Expected<Transition> doAddRollback(IncidentRecord rec, const command::AddRollback &cmd, const User &actor,
                                   const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, rolesFor(Action::RequestRollback), u"Requesting a rollback"_s))
        return *e;
    if (!stateIn(rec.incident.state,
                 {IncidentState::AwaitingApproval, IncidentState::Failed, IncidentState::Resolved,
                  IncidentState::Escalated}))
        return refuse(
            u"a rollback cannot be requested while %1 is %2"_s.arg(rec.incident.key(), stateName(rec.incident.state)));
    const PlanStep *target = rec.plan.step(cmd.stepId);
    if (!target)
        return Error {ErrorCode::NotFound, u"%1 has no step \"%2\""_s.arg(rec.incident.key(), cmd.stepId)};
    if (!target->isMutating() || target->kind == StepKind::Rollback)
        return refuse(u"step %1 did not change anything; there is nothing to roll back"_s.arg(target->id));
    if (target->state != StepState::Succeeded && target->state != StepState::Failed)
        return refuse(
            u"step %1 is %2; only executed steps can be rolled back"_s.arg(target->id, toString(target->state)));
    // A step whose runs were all dry runs (check, simulate) changed nothing.
    QStringList dryRuns;
    bool applied = false;
    for (const ExecutionRun &run : std::as_const(rec.runs)) {
        if (run.stepId != target->id)
            continue;
        if (run.mode == "apply"_L1)
            applied = true;
        else if (!dryRuns.contains(run.mode))
            dryRuns.append(run.mode);
    }
    if (!applied && !dryRuns.isEmpty())
        return refuse(u"step %1 ran only as a dry run (%2) and changed nothing; there is nothing to roll back"_s.arg(
            target->id, dryRuns.join(u", "_s)));
    for (const PlanStep &s : std::as_const(rec.plan.steps)) {
        if (s.rollbackOf == target->id && s.state != StepState::Rejected && s.state != StepState::Failed)
            return refuse(u"step %1 already has rollback %2"_s.arg(target->id, s.id));
    }
    PlanStep rollback = cmd.rollback;
    if (rollback.id.isEmpty() || rec.plan.step(rollback.id))
        return Error {ErrorCode::InvalidInput, u"the rollback step needs a new, unique id"_s};
    rollback.kind = StepKind::Rollback;
    rollback.rollbackOf = target->id;
    rollback.mutates = true;
    rollback.state = StepState::Pending;
    rollback.requestedBy = actor.name;
    if (rollback.environment.isEmpty())
        rollback.environment = target->environment;
    rec.plan.steps.append(rollback);
    if (rec.incident.state != IncidentState::Escalated)
        rec.incident.state = IncidentState::AwaitingApproval;
    return makeTransition(std::move(rec), u"step.rollback_requested"_s,
                          {{u"step"_s, rollback.toJson()}, {u"reverses"_s, cmd.stepId}}, ctx);
}

Expected<Transition> doAddStep(IncidentRecord rec, const command::AddStep &cmd, const User &actor,
                               const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::Mim, Role::Responder}, u"Adding a step"_s))
        return *e;
    if (!stateIn(rec.incident.state,
                 {IncidentState::Planned, IncidentState::AwaitingApproval, IncidentState::Resolved,
                  IncidentState::Escalated}))
        return refuse(u"no step can be added while %1 is %2"_s.arg(rec.incident.key(), stateName(rec.incident.state)));
    PlanStep step = cmd.step;
    if (step.id.isEmpty() || rec.plan.step(step.id))
        return Error {ErrorCode::InvalidInput, u"the new step needs a new, unique id"_s};
    if (step.kind == StepKind::Rollback)
        return Error {ErrorCode::InvalidInput, u"a rollback is requested for an executed step, not added"_s};
    if (auto e = checkStepShape(step))
        return *e;
    step.state = StepState::Pending;
    step.requestedBy = actor.name;
    step.startedAt = {};
    step.finishedAt = {};
    step.resultSummary.clear();
    rec.plan.steps.append(step);
    if (stateIn(rec.incident.state, {IncidentState::Resolved}))
        rec.incident.state = IncidentState::AwaitingApproval;
    return makeTransition(std::move(rec), u"step.added"_s, {{u"step"_s, step.toJson()}}, ctx);
}

Expected<Transition> doAssign(IncidentRecord rec, const command::Assign &cmd, const User &actor,
                              const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::Mim}, u"Assigning an owner"_s))
        return *e;
    if (rec.incident.state == IncidentState::Closed)
        return refuse(u"%1 is closed"_s.arg(rec.incident.key()));
    const QString previous = rec.incident.owner;
    rec.incident.owner = cmd.owner;
    return makeTransition(std::move(rec), u"incident.assigned"_s, {{u"owner"_s, cmd.owner}, {u"previous"_s, previous}},
                          ctx);
}

Expected<Transition> doEscalate(IncidentRecord rec, const command::Escalate &cmd, const User &actor,
                                const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::System, Role::Mim, Role::Responder}, u"Escalating"_s))
        return *e;
    if (cmd.reason.trimmed().isEmpty())
        return Error {ErrorCode::InvalidInput, u"an escalation needs a reason"_s};
    if (stateIn(rec.incident.state, {IncidentState::Closed, IncidentState::Escalated}))
        return refuse(u"%1 is already %2"_s.arg(rec.incident.key(), stateName(rec.incident.state)));
    const IncidentState previous = rec.incident.state;
    rec.incident.state = IncidentState::Escalated;
    return makeTransition(std::move(rec), u"incident.escalated"_s,
                          {{u"reason"_s, cmd.reason}, {u"previous_state"_s, toString(previous)}}, ctx);
}

Expected<Transition> doResolve(IncidentRecord rec, const command::Resolve &cmd, const User &actor,
                               const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::Mim}, u"Resolving an incident"_s))
        return *e;
    if (cmd.summary.trimmed().isEmpty())
        return Error {ErrorCode::InvalidInput, u"resolving needs a summary of what restored service"_s};
    if (stateIn(rec.incident.state,
                {IncidentState::Resolved, IncidentState::Closed, IncidentState::Executing, IncidentState::Validating}))
        return refuse(u"%1 cannot be resolved while it is %2"_s.arg(rec.incident.key(), stateName(rec.incident.state)));
    if (const PlanStep *running = runningStep(rec))
        return refuse(u"step %1 is still running"_s.arg(running->id));
    rec.incident.state = IncidentState::Resolved;
    rec.incident.resolvedAt = ctx.now;
    if (!rec.incident.mitigatedAt.isValid())
        rec.incident.mitigatedAt = ctx.now;
    return makeTransition(std::move(rec), u"incident.resolved"_s, {{u"summary"_s, cmd.summary}}, ctx);
}

Expected<Transition> doClose(IncidentRecord rec, const command::Close &cmd, const User &actor,
                             const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::Mim}, u"Closing an incident"_s))
        return *e;
    if (!stateIn(rec.incident.state, {IncidentState::Resolved, IncidentState::RolledBack}))
        return refuse(u"only resolved or rolled-back incidents can be closed; %1 is %2"_s.arg(
            rec.incident.key(), stateName(rec.incident.state)));
    rec.incident.state = IncidentState::Closed;
    return makeTransition(std::move(rec), u"incident.closed"_s, {{u"summary"_s, cmd.summary}}, ctx);
}

/// Records a person's major-incident decision and the status it replaced.
Transition decideMajor(IncidentRecord rec, const QString &status, const User &actor, const QString &reason,
                       const QString &eventType, const WorkflowContext &ctx)
{
    const QJsonObject payload {{u"reason"_s, reason}, {u"previous"_s, rec.incident.major}};
    rec.incident.major = status;
    rec.incident.majorBy = actor.name;
    rec.incident.majorReason = reason;
    return makeTransition(std::move(rec), eventType, payload, ctx);
}

Expected<Transition> doPromote(IncidentRecord rec, const command::Promote &cmd, const User &actor,
                               const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::Mim}, u"Declaring a major incident"_s))
        return *e;
    if (rec.incident.major == "declared"_L1)
        return refuse(
            u"%1 is already a declared major incident (by %2)"_s.arg(rec.incident.key(), rec.incident.majorBy));
    // Whoever declares leads until command is handed over.
    const bool takesCommand = rec.incident.commander.isEmpty();
    if (takesCommand)
        rec.incident.commander = actor.name;
    Transition t = decideMajor(std::move(rec), u"declared"_s, actor, cmd.reason, u"incident.promoted"_s, ctx);
    t.eventPayload.insert(u"commander"_s, t.record.incident.commander);
    return t;
}

Expected<Transition> doDemote(IncidentRecord rec, const command::Demote &cmd, const User &actor,
                              const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::Mim}, u"Rejecting a major-incident candidate"_s))
        return *e;
    if (cmd.reason.trimmed().isEmpty())
        return Error {ErrorCode::InvalidInput, u"rejecting or downgrading a major incident needs a reason"_s};
    if (rec.incident.major != "candidate"_L1 && rec.incident.major != "declared"_L1)
        return refuse(u"%1 is neither a major-incident candidate nor a declared one"_s.arg(rec.incident.key()));
    return decideMajor(std::move(rec), u"rejected"_s, actor, cmd.reason, u"incident.demoted"_s, ctx);
}

/// Whether `actor` is named on the incident in one of the given command roles.
bool holdsCommandRole(const User &actor, std::initializer_list<const QString *> roles)
{
    for (const QString *role : roles) {
        if (!role->isEmpty() && *role == actor.name)
            return true;
    }
    return false;
}

Expected<Transition> doAssignRoles(IncidentRecord rec, const command::AssignRoles &cmd, const User &actor,
                                   const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, rolesFor(Action::AssignCommandRoles), u"Assigning incident command roles"_s))
        return *e;
    if (!cmd.commander && !cmd.commsLead && !cmd.scribe)
        return Error {ErrorCode::InvalidInput, u"name at least one of commander, comms_lead, scribe"_s};
    if (cmd.commander && cmd.commander->isEmpty() && rec.incident.major == "declared"_L1)
        return refuse(u"%1 is a declared major incident and keeps a commander; hand command over instead"_s.arg(
            rec.incident.key()));
    Incident &i = rec.incident;
    QJsonObject payload;
    auto apply = [&](const std::optional<QString> &value, QString &field, const QString &key) {
        if (!value || *value == field)
            return;
        payload.insert(key, QJsonObject {{u"from"_s, field}, {u"to"_s, *value}});
        field = *value;
    };
    apply(cmd.commander, i.commander, u"commander"_s);
    apply(cmd.commsLead, i.commsLead, u"comms_lead"_s);
    apply(cmd.scribe, i.scribe, u"scribe"_s);
    if (payload.isEmpty())
        return refuse(u"%1 already has these command roles"_s.arg(i.key()));
    return makeTransition(std::move(rec), u"incident.roles_assigned"_s, payload, ctx);
}

Expected<Transition> doAcknowledge(IncidentRecord rec, const command::Acknowledge &cmd, const User &actor,
                                   const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, rolesFor(Action::Acknowledge), u"Acknowledging"_s))
        return *e;
    if (rec.incident.acknowledgedAt.isValid())
        return refuse(u"%1 was acknowledged by %2 at %3"_s.arg(rec.incident.key(), rec.incident.acknowledgedBy,
                                                               toIsoTime(rec.incident.acknowledgedAt)));
    rec.incident.acknowledgedAt = ctx.now;
    rec.incident.acknowledgedBy = actor.name;
    return makeTransition(std::move(rec), u"incident.acknowledged"_s, {{u"note"_s, cmd.note}}, ctx);
}

Expected<Transition> doDeclareSeverity(IncidentRecord rec, const command::DeclareSeverity &cmd, const User &actor,
                                       const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, rolesFor(Action::DeclareSeverity), u"Declaring a severity"_s))
        return *e;
    if (cmd.severity == Severity::Unknown)
        return Error {ErrorCode::InvalidInput, u"severity must be one of SEV1, SEV2, SEV3, SEV4"_s};
    const Severity proposed = rec.classification ? rec.classification->severity : Severity::Unknown;
    if (proposed != Severity::Unknown && proposed != cmd.severity && cmd.reason.trimmed().isEmpty())
        return Error {ErrorCode::InvalidInput,
                      u"triage proposed %1; declaring %2 instead needs a reason"_s.arg(toString(proposed),
                                                                                       toString(cmd.severity))};
    if (rec.incident.severity == cmd.severity)
        return refuse(u"%1 is already %2 (declared by %3)"_s.arg(rec.incident.key(), toString(cmd.severity),
                                                                 rec.incident.severityBy));
    const QJsonObject payload {{u"severity"_s, toString(cmd.severity)},
                               {u"previous"_s, toString(rec.incident.severity)},
                               {u"proposed"_s, toString(proposed)},
                               {u"reason"_s, cmd.reason}};
    rec.incident.severity = cmd.severity;
    rec.incident.severityBy = actor.name;
    rec.incident.severityReason = cmd.reason;
    return makeTransition(std::move(rec), u"incident.severity_declared"_s, payload, ctx);
}

Expected<Transition> doMitigate(IncidentRecord rec, const command::Mitigate &cmd, const User &actor,
                                const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, rolesFor(Action::DeclareMitigated), u"Declaring the impact mitigated"_s))
        return *e;
    if (cmd.summary.trimmed().isEmpty())
        return Error {ErrorCode::InvalidInput, u"say what mitigated the impact"_s};
    if (rec.incident.mitigatedAt.isValid())
        return refuse(u"%1 was mitigated at %2"_s.arg(rec.incident.key(), toIsoTime(rec.incident.mitigatedAt)));
    rec.incident.mitigatedAt = ctx.now;
    return makeTransition(std::move(rec), u"incident.mitigated"_s, {{u"summary"_s, cmd.summary}}, ctx);
}

Expected<PlanStep *> findOpenTask(IncidentRecord &rec, const QString &stepId)
{
    Expected<PlanStep *> found = findStep(rec, stepId);
    if (!found)
        return found;
    if (!(*found)->isOpenTask())
        return refuse(
            u"step %1 is not an open task for a person (a manual or communicate step, pending or running)"_s.arg(
                stepId));
    return found;
}

Expected<Transition> doSetTaskBlocked(IncidentRecord rec, const command::SetTaskBlocked &cmd, const User &actor,
                                      const WorkflowContext &ctx)
{
    Expected<PlanStep *> found = findOpenTask(rec, cmd.stepId);
    if (!found)
        return found.error();
    PlanStep &step = **found;
    const bool owner = !step.owner.isEmpty() && step.owner == actor.name;
    if (!owner) {
        if (auto e = requireRole(actor, rolesFor(Action::BlockTask), u"Blocking or unblocking a task"_s))
            return *e;
    }
    if (cmd.blocked && cmd.reason.trimmed().isEmpty())
        return Error {ErrorCode::InvalidInput, u"say what the task is waiting for"_s};
    if (step.blocked == cmd.blocked)
        return refuse(u"task %1 is already %2"_s.arg(step.id, cmd.blocked ? u"blocked"_s : u"unblocked"_s));
    step.blocked = cmd.blocked;
    step.blockedReason = cmd.blocked ? cmd.reason : QString();
    return makeTransition(std::move(rec), cmd.blocked ? u"task.blocked"_s : u"task.unblocked"_s,
                          {{u"step"_s, step.id}, {u"reason"_s, cmd.reason}, {u"owner"_s, step.owner}}, ctx);
}

Expected<Transition> doEscalateTask(IncidentRecord rec, const command::EscalateTask &cmd, const User &actor,
                                    const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::System}, u"Escalating a task"_s))
        return *e;
    Expected<PlanStep *> found = findOpenTask(rec, cmd.stepId);
    if (!found)
        return found.error();
    PlanStep &step = **found;
    if (cmd.reason == "overdue"_L1) {
        if (!step.isOverdue(ctx.now))
            return refuse(u"task %1 is not overdue, or was escalated for this due time"_s.arg(step.id));
        step.escalatedDue = step.dueAt;
    } else if (cmd.reason == "blocked"_L1) {
        if (!step.blocked)
            return refuse(u"task %1 is not blocked"_s.arg(step.id));
    } else {
        return Error {ErrorCode::InvalidInput, u"a task is escalated because it is overdue or blocked"_s};
    }
    step.escalatedAt = ctx.now;
    step.escalatedReason = cmd.reason;
    step.escalatedTo = rec.incident.commander;
    const QJsonObject payload {{u"step"_s, step.id},
                               {u"title"_s, step.title},
                               {u"reason"_s, cmd.reason},
                               {u"owner"_s, step.owner},
                               {u"due_at"_s, toIsoTime(step.dueAt)},
                               {u"blocked_reason"_s, step.blockedReason},
                               {u"to"_s, rec.incident.commander}};
    return makeTransition(std::move(rec), u"task.escalated"_s, payload, ctx);
}

Expected<Transition> doPublishStatus(IncidentRecord rec, const command::PublishStatus &cmd, const User &actor,
                                     const WorkflowContext &ctx)
{
    const Incident &i = rec.incident;
    if (!actor.hasRole(Role::Mim) && !holdsCommandRole(actor, {&i.commander, &i.commsLead}))
        return forbid(
            u"status updates for %1 are published by a MIM, its commander or its comms lead; %2 is none"_s.arg(
                i.key(), actor.name));
    if (!statusAudiences().contains(cmd.audience))
        return Error {ErrorCode::InvalidInput, u"audience must be one of %1"_s.arg(statusAudiences().join(u", "_s))};
    if (cmd.text.trimmed().isEmpty())
        return Error {ErrorCode::InvalidInput, u"a status update needs its text"_s};
    if (cmd.text.size() > 20000)
        return Error {ErrorCode::InvalidInput, u"a status update is at most 20000 characters"_s};
    // A drafted update marks what only a person can say (the time to
    // recovery, say): it goes out once someone has said it.
    if (cmd.text.contains(StatusUpdate::kFillIn))
        return Error {ErrorCode::InvalidInput,
                      u"the text still has %1 in it (the draft's marks for what a person must say): fill "
                      "it in first; nothing was published"_s.arg(StatusUpdate::kFillIn)};
    const StatusUpdate update {cmd.audience, cmd.text, actor.name, ctx.now};
    rec.statusUpdates.append(update);
    return makeTransition(std::move(rec), u"status.published"_s, update.toJson(), ctx);
}

Expected<Transition> doUpdatePostmortem(IncidentRecord rec, const command::UpdatePostmortem &cmd, const User &actor,
                                        const WorkflowContext &ctx)
{
    const Incident &i = rec.incident;
    if (!actor.hasRole(Role::Mim) && !holdsCommandRole(actor, {&i.commander, &i.scribe}))
        return forbid(u"the postmortem of %1 is written by a MIM, its commander or its scribe; %2 is none"_s.arg(
            i.key(), actor.name));
    if (cmd.notes.whys.size() > 5)
        return Error {ErrorCode::InvalidInput, u"five whys are enough"_s};
    PostmortemNotes notes = cmd.notes;
    notes.updatedBy = actor.name;
    notes.updatedAt = ctx.now;
    rec.postmortem = notes;
    return makeTransition(std::move(rec), u"postmortem.updated"_s, notes.toJson(), ctx);
}

Expected<Transition> doLinkExternal(IncidentRecord rec, const command::LinkExternal &cmd, const User &actor,
                                    const WorkflowContext &ctx)
{
    if (auto e = requireRole(actor, {Role::System}, u"Linking an external record"_s))
        return *e;
    if (cmd.system.isEmpty() || cmd.ref.isEmpty())
        return Error {ErrorCode::InvalidInput, u"a link needs a system and a reference"_s};
    if (rec.incident.externalRefs.value(cmd.system).toString() == cmd.ref)
        return refuse(u"%1 is already linked to %2 %3"_s.arg(rec.incident.key(), cmd.system, cmd.ref));
    rec.incident.externalRefs.insert(cmd.system, cmd.ref);
    return makeTransition(std::move(rec), u"incident.linked"_s, {{u"system"_s, cmd.system}, {u"ref"_s, cmd.ref}}, ctx);
}

template<class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};
template<class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

} // namespace

QStringList approverRoles(const PlanStep &step)
{
    if (!step.requiredRoles.isEmpty())
        return step.requiredRoles;
    return {toString(Role::Mim), toString(Role::ChangeApprover)};
}

ApprovalStatus approvalStatus(const IncidentRecord &record, const PlanStep &step, const WorkflowContext &context)
{
    ApprovalStatus status;
    status.needed = step.approvalsNeeded();
    const QString hash = step.contentHash();
    const QStringList roles = approverRoles(step);
    for (const Approval &a : record.approvals) {
        if (a.stepId != step.id || a.decision != Decision::Approve)
            continue;
        if (a.user == step.requestedBy || a.roles.isEmpty()
            || !std::any_of(a.roles.cbegin(), a.roles.cend(), [&](const QString &r) { return roles.contains(r); }))
            continue;
        if (a.contentHash != hash) {
            if (!status.voided.contains(a.user))
                status.voided.append(a.user);
            continue;
        }
        if (a.at.secsTo(context.now) > context.approvalTtlSeconds || a.at > context.now) {
            if (!status.expired.contains(a.user))
                status.expired.append(a.user);
            continue;
        }
        if (!status.approvers.contains(a.user))
            status.approvers.append(a.user);
    }
    // Someone who has a valid approval is neither expired nor void.
    for (const QString &user : std::as_const(status.approvers)) {
        status.expired.removeAll(user);
        status.voided.removeAll(user);
    }
    return status;
}

Expected<Transition> applyCommand(const IncidentRecord &record, const Command &command, const User &actor,
                                  const WorkflowContext &context)
{
    if (record.incident.state == IncidentState::Closed && !std::holds_alternative<command::Triage>(command))
        return refuse(u"%1 is closed; nothing changes it any more"_s.arg(record.incident.key()));
    if (!context.now.isValid())
        return Error {ErrorCode::Internal, u"the workflow needs the current time"_s};
    Expected<Transition> result = std::visit(
        Overloaded {
            [&](const command::Triage &c) { return doTriage(record, c, actor, context); },
            [&](const command::ProposePlan &c) { return doProposePlan(record, c, actor, context); },
            [&](const command::RequestApproval &) { return doRequestApproval(record, actor, context); },
            [&](const command::Approve &c) { return doApprove(record, c, actor, context); },
            [&](const command::Reject &c) { return doReject(record, c, actor, context); },
            [&](const command::EditStep &c) { return doEditStep(record, c, actor, context); },
            [&](const command::SkipStep &c) { return doSkipStep(record, c, actor, context); },
            [&](const command::StartStep &c) { return doStartStep(record, c, actor, context); },
            [&](const command::FinishStep &c) { return doFinishStep(record, c, actor, context); },
            [&](const command::AddRollback &c) { return doAddRollback(record, c, actor, context); },
            [&](const command::Assign &c) { return doAssign(record, c, actor, context); },
            [&](const command::Escalate &c) { return doEscalate(record, c, actor, context); },
            [&](const command::Resolve &c) { return doResolve(record, c, actor, context); },
            [&](const command::Close &c) { return doClose(record, c, actor, context); },
            [&](const command::Promote &c) { return doPromote(record, c, actor, context); },
            [&](const command::Demote &c) { return doDemote(record, c, actor, context); },
            [&](const command::AddStep &c) { return doAddStep(record, c, actor, context); },
            [&](const command::AssignRoles &c) { return doAssignRoles(record, c, actor, context); },
            [&](const command::Acknowledge &c) { return doAcknowledge(record, c, actor, context); },
            [&](const command::DeclareSeverity &c) { return doDeclareSeverity(record, c, actor, context); },
            [&](const command::Mitigate &c) { return doMitigate(record, c, actor, context); },
            [&](const command::SetTaskBlocked &c) { return doSetTaskBlocked(record, c, actor, context); },
            [&](const command::EscalateTask &c) { return doEscalateTask(record, c, actor, context); },
            [&](const command::PublishStatus &c) { return doPublishStatus(record, c, actor, context); },
            [&](const command::UpdatePostmortem &c) { return doUpdatePostmortem(record, c, actor, context); },
            [&](const command::LinkExternal &c) { return doLinkExternal(record, c, actor, context); },
        },
        command);
    // Reopened (a step added, an escalation): it is no longer resolved, and
    // the time to resolve runs until it is again.
    if (result && record.incident.state == IncidentState::Resolved
        && result->record.incident.state != IncidentState::Resolved
        && result->record.incident.state != IncidentState::Closed)
        result->record.incident.resolvedAt = {};
    // The first thing a person does about an incident acknowledges it: the
    // clock for time to acknowledge stops there.
    if (result && !actor.hasRole(Role::System) && !result->record.incident.acknowledgedAt.isValid()
        && !std::holds_alternative<command::Triage>(command)) {
        result->record.incident.acknowledgedAt = context.now;
        result->record.incident.acknowledgedBy = actor.name;
    }
    return result;
}

QString eventTypeOf(const Command &command)
{
    static const char *const kNames[] = {
        "incident.triaged",
        "plan.proposed",
        "plan.submitted",
        "step.approved",
        "step.rejected",
        "step.edited",
        "step.skipped",
        "step.started",
        "step.finished",
        "step.rollback_requested",
        "incident.assigned",
        "incident.escalated",
        "incident.resolved",
        "incident.closed",
        "incident.promoted",
        "incident.demoted",
        "step.added",
        "incident.roles_assigned",
        "incident.acknowledged",
        "incident.severity_declared",
        "incident.mitigated",
        "task.blocked",
        "task.escalated",
        "status.published",
        "postmortem.updated",
        "incident.linked",
    };
    static_assert(std::size(kNames) == std::variant_size_v<Command>);
    return QString::fromLatin1(kNames[command.index()]);
}

std::optional<Error> requireRole(const User &actor, const QList<Role> &roles, const QString &what)
{
    for (Role role : roles) {
        if (actor.hasRole(role))
            return std::nullopt;
    }
    QStringList names;
    for (Role role : roles)
        names.append(toString(role));
    return Error {ErrorCode::Forbidden,
                  u"%1 needs one of the roles %2; %3 has %4"_s.arg(what, names.join(u", "_s), actor.name,
                                                                   actor.roles.isEmpty() ? u"none"_s
                                                                                         : actor.roles.join(u", "_s))};
}

} // namespace warroom
