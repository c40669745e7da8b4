// The coordinator's execution side: the policy applied to every plan change,
// the executor that starts approved playbook steps, the runner's progress
// turned into evidence and live events, rollback and freeze-with-abort.

#include "ansiblerunner.h"
#include "coordinator.h"
#include "playbookpolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QUuid>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

Error forbid(const QString &why)
{
    return Error {ErrorCode::Forbidden, why};
}

Error conflict(const QString &why)
{
    return Error {ErrorCode::Conflict, why};
}

/// The variables a proposal has set: empty strings are "to be filled in".
QJsonObject setVars(const QJsonObject &vars)
{
    QJsonObject out;
    for (auto it = vars.constBegin(); it != vars.constEnd(); ++it) {
        if (!(it.value().isString() && it.value().toString().isEmpty()))
            out.insert(it.key(), it.value());
    }
    return out;
}

QString phaseLine(const ExecutionPhase &phase)
{
    QMap<QString, int> counts;
    for (const TaskResult &t : phase.tasks)
        counts[t.status] += 1;
    QStringList parts;
    for (auto it = counts.constBegin(); it != counts.constEnd(); ++it)
        parts.append(u"%1 %2"_s.arg(it.value()).arg(it.key()));
    return u"%1: %2 (%3)"_s.arg(phase.name, phase.outcome, parts.isEmpty() ? u"no tasks"_s : parts.join(u", "_s));
}

} // namespace

void Coordinator::setExecution(const ExecutionPolicy *policy, AnsibleRunner *runner)
{
    if (m_runner)
        disconnect(m_runner, nullptr, this, nullptr);
    m_policy = policy;
    m_runner = runner;
    if (!m_runner)
        return;
    connect(m_runner, &AnsibleRunner::taskFinished, this, &Coordinator::handleRunTask);
    connect(m_runner, &AnsibleRunner::phaseFinished, this, &Coordinator::handleRunPhase);
    connect(m_runner, &AnsibleRunner::runFinished, this, &Coordinator::handleRunFinished);
}

QString Coordinator::executionMode() const
{
    if (!m_config.executionMode.isEmpty())
        return m_config.executionMode;
    return m_policy ? m_policy->mode() : u"check"_s;
}

std::optional<Error> Coordinator::applyPolicy(const IncidentRecord &record, Command &command) const
{
    if (auto *propose = std::get_if<command::ProposePlan>(&command)) {
        for (PlanStep &step : propose->plan.steps) {
            if (auto e = applyPolicy(record, step))
                return e;
        }
    } else if (auto *edit = std::get_if<command::EditStep>(&command)) {
        return applyPolicy(record, edit->step);
    } else if (auto *rollback = std::get_if<command::AddRollback>(&command)) {
        return applyPolicy(record, rollback->rollback);
    } else if (auto *add = std::get_if<command::AddStep>(&command)) {
        return applyPolicy(record, add->step);
    } else if (const auto *approve = std::get_if<command::Approve>(&command)) {
        // Nothing is approved with variables still to fill in or out of schema.
        const PlanStep *step = record.plan.step(approve->stepId);
        if (!step || step->playbookId.isEmpty() || !m_policy)
            return std::nullopt;
        const PlaybookEntry *entry = m_policy->playbook(step->playbookId);
        if (!entry)
            return forbid(
                u"step %1 names the playbook \"%2\", which is not in the whitelist"_s.arg(step->id, step->playbookId));
        if (Status s = m_policy->validateVars(*entry, setVars(step->vars)); !s)
            return conflict(u"step %1 cannot be approved yet: %2"_s.arg(step->id, s.error().message));
    }
    return std::nullopt;
}

std::optional<Error> Coordinator::applyPolicy(const IncidentRecord &record, PlanStep &step) const
{
    // Without a policy nothing can run either (setExecution gives both):
    // warroomd always loads one and refuses to start without it.
    if (step.playbookId.isEmpty() || !m_policy)
        return std::nullopt;
    const PlaybookEntry *entry = m_policy->playbook(step.playbookId);
    if (!entry)
        return forbid(u"step %1: the playbook \"%2\" is not in the whitelist"_s.arg(step.id, step.playbookId));
    if (step.environment.isEmpty())
        step.environment = u"uat"_s;
    const EnvironmentPolicy *environment = m_policy->environment(step.environment);
    if (!environment)
        return Error {ErrorCode::InvalidInput,
                      u"step %1: there is no environment \"%2\" in the policy"_s.arg(step.id, step.environment)};
    if (!entry->environments.contains(step.environment))
        return forbid(u"step %1: the playbook %2 may run only in %3, not in %4"_s.arg(
            step.id, entry->id, entry->environments.join(u", "_s), step.environment));
    // The policy's risk and approvers are the floor; a plan may ask for more, never less.
    if (int(step.risk) < int(entry->risk))
        step.risk = entry->risk;
    step.mutates = step.mutates || entry->mutates;
    // The link to what undoes it: the policy's rollback of the playbook (a
    // rollback step has none: it is not rolled back in turn).
    step.rollbackPlaybook = step.kind == StepKind::Rollback ? QString() : entry->rollback;
    // Approvers: the policy's roles; a plan may narrow them, never widen them.
    QStringList roles;
    for (const QString &role : std::as_const(step.requiredRoles)) {
        if (entry->approverRoles.contains(role))
            roles.append(role);
    }
    step.requiredRoles = roles.isEmpty() ? entry->approverRoles : roles;
    // Variables that are set must match the schema now; required ones may
    // still be empty in a proposal, but not when the step is approved.
    PlaybookEntry relaxed = *entry;
    for (VarSpec &spec : relaxed.vars)
        spec.required = false;
    if (Status s = m_policy->validateVars(relaxed, setVars(step.vars)); !s)
        return Error {ErrorCode::InvalidInput, u"step %1: %2"_s.arg(step.id, s.error().message)};
    // Staged promotion: a change goes to production only after the same
    // playbook was applied and passed (with its validation: the run's last
    // phase) in UAT for this incident. A dry run there (check or simulate)
    // changed nothing and proves nothing; were it enough, a prod step
    // approved as a dry run would apply untested once the mode is apply.
    // Reading production (diagnosis, validation) needs no rehearsal.
    if (step.environment == "prod"_L1 && step.isMutating() && step.kind != StepKind::Rollback) {
        bool passed = false;
        QString dryRun;
        for (const PlanStep &s : record.plan.steps) {
            if (s.playbookId != step.playbookId || s.environment != "uat"_L1 || s.state != StepState::Succeeded)
                continue;
            for (const ExecutionRun &run : record.runs) {
                if (run.stepId != s.id || run.outcome != "succeeded"_L1)
                    continue;
                if (run.mode == "apply"_L1)
                    passed = true;
                else
                    dryRun = run.mode;
            }
        }
        if (!passed && !dryRun.isEmpty())
            return conflict(u"step %1: %2 ran in uat for %3 only as a dry run (%4): nothing was applied there to "
                            "prove it; it goes to prod once it was applied and validated in uat"_s.arg(
                                step.id, step.playbookId, record.incident.key(), dryRun));
        if (!passed)
            return conflict(u"step %1: %2 must pass (with its validation) in uat for %3 before it is proposed for "
                            "prod"_s.arg(step.id, step.playbookId, record.incident.key()));
    }
    if (step.isMutating() && executionMode() == "apply"_L1 && !environment->allowApply)
        return forbid(
            u"step %1: applying changes in %2 is off by policy (allow_apply: false)"_s.arg(step.id, step.environment));
    return std::nullopt;
}

Plan Coordinator::stagedForUat(Plan plan, const Incident &incident) const
{
    // The coordinator proposes the whole plan for UAT first (diagnosis,
    // snapshot, change and validation rehearsed together); production
    // follows step by step by promotion once it passed there
    // (POST .../steps/{step}/promote), with fresh approvals. An incident in
    // UAT (a drill) is fixed there: nothing to promote.
    const bool inUat = incident.environment() == "uat"_L1;
    for (PlanStep &step : plan.steps) {
        if (step.environment != "prod"_L1 || step.playbookId.isEmpty())
            continue;
        step.environment = u"uat"_s;
        if (!inUat)
            step.description = (step.description.isEmpty() ? QString() : step.description + u"\n"_s)
                + u"Proposed for uat first: promote it to prod once it passed there."_s;
    }
    return plan;
}

void Coordinator::scheduleExecution(qint64 id)
{
    if (!m_runner || !m_policy)
        return;
    // Queued: the command that made a step runnable is answered first.
    QTimer::singleShot(0, this, [this, id] { pumpExecution(id); });
}

void Coordinator::pumpExecution(qint64 id)
{
    if (!m_runner || !m_policy || m_freeze.active)
        return;
    Expected<IncidentRecord> record = m_store.incident(id);
    if (!record)
        return;
    for (const PlanStep &step : std::as_const(record->plan.steps)) {
        if (step.state == StepState::Running)
            return;
    }
    const User system = User::system();
    const WorkflowContext ctx = context();
    for (const PlanStep &step : std::as_const(record->plan.steps)) {
        if (step.state != StepState::Pending || step.playbookId.isEmpty())
            continue;
        // Would the workflow start it (approved, in order, snapshot done)? Ask
        // without recording a refusal: most of the time the answer is "not yet".
        if (!applyCommand(*record, command::StartStep {step.id, {}}, system, ctx))
            continue;
        startRun(*record, step);
        return;
    }
}

void Coordinator::startRun(const IncidentRecord &record, const PlanStep &step)
{
    const User system = User::system();
    const PlaybookEntry *entry = m_policy->playbook(step.playbookId);
    ExecutionRun run;
    run.id = u"run-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces).left(13);
    run.stepId = step.id;
    run.playbookId = step.playbookId;
    run.mode = executionMode();
    run.environment = step.environment;
    run.startedAt = now();
    run.outcome = u"running"_s;
    if (!execute(record.incident.id, command::StartStep {step.id, run}, system))
        return;

    Status started = entry ? Status {} : Status {forbid(u"the playbook %1 left the whitelist"_s.arg(step.playbookId))};
    if (started) {
        RunRequest request;
        request.runId = run.id;
        request.stepId = step.id;
        request.playbook = *entry;
        if (!entry->validation.isEmpty()) {
            if (const PlaybookEntry *validation = m_policy->playbook(entry->validation))
                request.validation = *validation;
        }
        request.environment = step.environment;
        request.vars = setVars(step.vars);
        request.mode = run.mode;
        started = m_runner->start(request, *m_policy);
    }
    if (!started) {
        // Refused before anything ran (pin, schema, host busy, mode): the step fails, with the reason.
        run.outcome = u"refused"_s;
        run.finishedAt = now();
        (void)m_store.appendAudit({system.name,
                                   record.incident.id,
                                   u"execution.refused"_s,
                                   {{u"step"_s, step.id}, {u"run"_s, run.id}, {u"reason"_s, started.error().message}}});
        (void)execute(record.incident.id,
                      command::FinishStep {step.id, false, u"not run: "_s + started.error().message, run}, system);
        return;
    }
    m_runs.insert(run.id, {record.incident.id, step.id});
}

void Coordinator::handleRunTask(const QString &runId, const QString &phase, const TaskResult &task)
{
    const auto it = m_runs.constFind(runId);
    if (it == m_runs.constEnd())
        return;
    publish(u"run.task"_s, nullptr,
            {{u"incident_id"_s, it->incidentId},
             {u"run_id"_s, runId},
             {u"step_id"_s, it->stepId},
             {u"phase"_s, phase},
             {u"task"_s, task.toJson()}});
}

void Coordinator::handleRunPhase(const QString &runId, const ExecutionPhase &phase)
{
    const auto it = m_runs.constFind(runId);
    if (it == m_runs.constEnd())
        return;
    Evidence evidence;
    evidence.incidentId = it->incidentId;
    evidence.stepId = it->stepId;
    evidence.runId = runId;
    evidence.kind = u"phase-output"_s;
    evidence.title = phaseLine(phase);
    evidence.content = QString::fromUtf8(QJsonDocument(phase.toJson()).toJson(QJsonDocument::Indented));
    (void)addEvidence(User::system(), evidence);
    QStringList diffs;
    for (const TaskResult &t : phase.tasks) {
        if (!t.diff.isEmpty())
            diffs.append(u"# %1 on %2\n%3"_s.arg(t.task, t.host, t.diff));
    }
    if (!diffs.isEmpty()) {
        evidence.kind = u"diff"_s;
        evidence.title = u"%1: diff of %2 task(s)"_s.arg(phase.name).arg(diffs.size());
        evidence.content = diffs.join(u"\n"_s);
        (void)addEvidence(User::system(), evidence);
    }
    publish(u"run.phase"_s, nullptr,
            {{u"incident_id"_s, it->incidentId},
             {u"run_id"_s, runId},
             {u"step_id"_s, it->stepId},
             {u"phase"_s, phase.name},
             {u"outcome"_s, phase.outcome}});
}

void Coordinator::handleRunFinished(const ExecutionRun &run)
{
    const RunOwner owner = m_runs.take(run.id);
    if (owner.incidentId == 0)
        return;
    QStringList lines;
    for (const ExecutionPhase &phase : run.phases)
        lines.append(phaseLine(phase));
    bool succeeded = run.outcome == "succeeded"_L1;
    QString summary = u"%1 in %2 (%3): %4"_s.arg(run.outcome, run.environment, run.mode, lines.join(u"; "_s));
    if (!run.message.isEmpty())
        summary += u" - "_s + run.message;
    // A diagnosis whose check failed on a reachable host has found what it
    // looks for: that is its result, not a failure of the step.
    Expected<IncidentRecord> record = m_store.incident(owner.incidentId);
    const PlanStep *step = record ? record->plan.step(owner.stepId) : nullptr;
    if (step && step->kind == StepKind::Diagnose && run.outcome == "failed"_L1 && !run.phases.isEmpty()
        && std::all_of(run.phases.cbegin(), run.phases.cend(),
                       [](const ExecutionPhase &p) { return p.exitCode == 2 && p.outcome == "failed"_L1; })) {
        QStringList findings;
        for (const TaskResult &t : run.phases.last().tasks) {
            if (t.status == "failed"_L1)
                findings.append(t.output.left(300));
        }
        succeeded = true;
        summary = u"finding: %1"_s.arg(findings.isEmpty() ? run.message : findings.join(u"; "_s));
    }
    if (Expected<IncidentRecord> done
        = execute(owner.incidentId, command::FinishStep {owner.stepId, succeeded, summary, run}, User::system());
        !done) {
        // A MIM declared it failed meanwhile: the run is still kept on the record's timeline.
        (void)m_store.appendAudit(
            {User::system().name,
             owner.incidentId,
             u"execution.finished"_s,
             {{u"step"_s, owner.stepId}, {u"run"_s, run.toJson()}, {u"note"_s, done.error().message}}});
    }
    publish(u"run.finished"_s, nullptr,
            {{u"incident_id"_s, owner.incidentId},
             {u"run_id"_s, run.id},
             {u"step_id"_s, owner.stepId},
             {u"outcome"_s, run.outcome}});
    scheduleExecution(owner.incidentId);
}

Expected<IncidentRecord> Coordinator::requestRollback(qint64 id, const QString &stepId, const User &actor)
{
    Expected<IncidentRecord> record = m_store.incident(id);
    if (!record)
        return record;
    const PlanStep *target = record->plan.step(stepId);
    if (!target)
        return Error {ErrorCode::NotFound, u"%1 has no step \"%2\""_s.arg(record->incident.key(), stepId)};
    if (target->playbookId.isEmpty() || !m_policy)
        return conflict(u"step %1 is not a playbook step; a manual rollback is a new manual step"_s.arg(stepId));
    const PlaybookEntry *entry = m_policy->playbook(target->playbookId);
    if (!entry || entry->rollback.isEmpty())
        return conflict(u"the policy names no rollback for %1"_s.arg(target->playbookId));
    const PlaybookEntry *reverse = m_policy->playbook(entry->rollback);
    if (!reverse)
        return conflict(u"the rollback %1 of %2 is not in the whitelist"_s.arg(entry->rollback, entry->id));
    PlanStep rollback;
    rollback.id = stepId + u"-rollback"_s;
    for (int n = 2; record->plan.step(rollback.id); ++n)
        rollback.id = u"%1-rollback-%2"_s.arg(stepId).arg(n);
    rollback.kind = StepKind::Rollback;
    rollback.title = u"Roll back: %1"_s.arg(target->title);
    rollback.description = reverse->description;
    rollback.playbookId = reverse->id;
    rollback.environment = target->environment;
    rollback.risk = reverse->risk;
    rollback.mutates = true;
    // The variables the reverse playbook takes, from the step it reverses.
    for (auto it = target->vars.constBegin(); it != target->vars.constEnd(); ++it) {
        if (reverse->vars.contains(it.key()))
            rollback.vars.insert(it.key(), it.value());
    }
    return execute(id, command::AddRollback {stepId, rollback}, actor);
}

void Coordinator::abortRuns(const User &actor, const QString &reason)
{
    if (!m_runner || m_runs.isEmpty())
        return;
    for (auto it = m_runs.constBegin(); it != m_runs.constEnd(); ++it) {
        (void)m_store.appendAudit({actor.name,
                                   it->incidentId,
                                   u"execution.aborted"_s,
                                   {{u"run"_s, it.key()}, {u"step"_s, it->stepId}, {u"reason"_s, reason}}});
    }
    m_runner->abortAll(u"aborted by %1: %2"_s.arg(actor.name, reason));
}

QJsonObject Coordinator::executionStatus() const
{
    QJsonObject json {{u"mode"_s, executionMode()}, {u"policy"_s, m_policy ? m_policy->file() : QString()}};
    json.insert(u"available"_s, m_runner != nullptr && m_policy != nullptr);
    json.insert(u"sandbox"_s, m_runner && m_runner->sandboxActive());
    json.insert(u"running"_s, m_runs.size());
    return json;
}

} // namespace warroom
