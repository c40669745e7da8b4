// Unit tests of the incident workflow (models/workflow.cpp): every accepted
// transition and every refusal of warroom::applyCommand, the approval
// bookkeeping of approvalStatus(), and whole incidents driven end to end.

#include "permissions.h"
#include "workflow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace warroom;

/// One command as a test-data cell.
struct Cmd
{
    Command command;
};
Q_DECLARE_METATYPE(Cmd)
Q_DECLARE_METATYPE(warroom::IncidentRecord)
Q_DECLARE_METATYPE(warroom::User)
Q_DECLARE_METATYPE(warroom::ErrorCode)
Q_DECLARE_METATYPE(warroom::IncidentState)
Q_DECLARE_METATYPE(warroom::Approval)

namespace {

constexpr qint64 kTtl = 30 * 60;

// --- time, context and names ---------------------------------------------------------

QDateTime now()
{
    return QDateTime(QDate(2024, 3, 1), QTime(12, 0, 0, 500), Qt::UTC);
}

WorkflowContext context(qint64 advanceSecs = 0, bool frozen = false)
{
    return WorkflowContext {now().addSecs(advanceSecs), frozen, kTtl};
}

QString codeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput: return u"InvalidInput"_s;
    case ErrorCode::Unauthorized: return u"Unauthorized"_s;
    case ErrorCode::Forbidden: return u"Forbidden"_s;
    case ErrorCode::NotFound: return u"NotFound"_s;
    case ErrorCode::Conflict: return u"Conflict"_s;
    case ErrorCode::TooLarge: return u"TooLarge"_s;
    case ErrorCode::Unavailable: return u"Unavailable"_s;
    case ErrorCode::Internal: return u"Internal"_s;
    }
    return u"?"_s;
}

QByteArray jsonText(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
}

// --- the cast -----------------------------------------------------------------------------

User makeUser(const QString &name, const QStringList &roles)
{
    User user;
    user.name = name;
    user.displayName = name;
    user.roles = roles;
    return user;
}

User alice()
{
    return makeUser(u"alice"_s, {u"mim"_s});
}
User bob()
{
    return makeUser(u"bob"_s, {u"change-approver"_s});
}
User carol()
{
    return makeUser(u"carol"_s, {u"responder"_s});
}
User dave()
{
    return makeUser(u"dave"_s, {u"viewer"_s});
}
User erin()
{
    return makeUser(u"erin"_s, {u"change-approver"_s});
}
User sys()
{
    return User::system();
}

// --- plans and records ---------------------------------------------------------------------

Classification classification(double confidence = 0.87)
{
    Classification c;
    c.category = u"web-redirect-loop"_s;
    c.severity = Severity::Sev2;
    c.mimRequired = true;
    c.confidence = confidence;
    Reason reason;
    reason.signal = u"phrase \"redirect loop\""_s;
    reason.weight = 0.4;
    reason.source = u"text"_s;
    c.reasons = {reason};
    c.analyst = u"offline"_s;
    return c;
}

QList<KnowledgeMatch> matches()
{
    KnowledgeMatch m;
    m.docId = u"DIP-12"_s;
    m.kind = u"dip"_s;
    m.title = u"Restart the web tier"_s;
    m.score = 0.7;
    m.matchedTerms = {u"redirect"_s};
    return {m};
}

QJsonArray matchesJson()
{
    QJsonArray array;
    for (const KnowledgeMatch &m : matches())
        array.append(m.toJson());
    return array;
}

PlanStep makeStep(const QString &id, StepKind kind, const QString &title, Risk risk, const QString &playbook)
{
    PlanStep s;
    s.id = id;
    s.kind = kind;
    s.title = title;
    s.description = title + u" on checkout-web"_s;
    s.playbookId = playbook;
    s.vars = QJsonObject {{u"service"_s, u"checkout-web"_s}};
    s.risk = risk;
    s.environment = u"prod"_s;
    s.requestedBy = u"carol"_s;
    return s;
}

/// s1 diagnose (low), s2 snapshot (low), s3 remediate (high, mutates,
/// change-approver or mim), s4 validate (low); all requested by `requester`.
Plan samplePlan(const QString &requester = u"carol"_s)
{
    PlanStep s1 = makeStep(u"s1"_s, StepKind::Diagnose, u"Collect diagnostics"_s, Risk::Low, u"diagnose-web"_s);
    PlanStep s2 = makeStep(u"s2"_s, StepKind::Snapshot, u"Snapshot the web config"_s, Risk::Low, u"snapshot-config"_s);
    PlanStep s3 = makeStep(u"s3"_s, StepKind::Remediate, u"Restart checkout-web"_s, Risk::High, u"restart-service"_s);
    s3.mutates = true;
    s3.requiredRoles = {u"change-approver"_s, u"mim"_s};
    s3.vars.insert(u"mode"_s, u"rolling"_s);
    PlanStep s4 = makeStep(u"s4"_s, StepKind::Validate, u"Check checkout health"_s, Risk::Low, u"validate-http"_s);
    Plan plan;
    plan.source = u"dip:DIP-12"_s;
    plan.summary = u"Diagnose, snapshot, restart, validate"_s;
    plan.createdBy = requester;
    plan.createdAt = now().addSecs(-600);
    plan.steps = {s1, s2, s3, s4};
    for (PlanStep &s : plan.steps)
        s.requestedBy = requester;
    return plan;
}

/// The plan as ProposePlan stores it when `actor` proposes it now.
Plan proposedPlan(const QString &actor)
{
    Plan plan = samplePlan(actor);
    plan.createdAt = now();
    return plan;
}

/// A manual step after the plan: nothing to run, no playbook.
PlanStep s5Communicate()
{
    return makeStep(u"s5"_s, StepKind::Communicate, u"Tell customers"_s, Risk::Low, QString());
}

PlanStep rollbackStep(const QString &id = u"r3"_s)
{
    PlanStep s = makeStep(id, StepKind::Rollback, u"Revert the restart"_s, Risk::Medium, u"restart-service"_s);
    s.vars.insert(u"revision"_s, u"previous"_s);
    s.rollbackOf = u"s3"_s;
    s.mutates = true;
    return s;
}

IncidentRecord newRecord()
{
    IncidentRecord r;
    r.incident.id = 42;
    r.incident.title = u"Checkout redirect loop"_s;
    r.incident.service = u"checkout-web"_s;
    r.incident.source = u"alertmanager"_s;
    r.incident.state = IncidentState::New;
    r.incident.createdAt = now().addSecs(-3600);
    r.incident.updatedAt = now().addSecs(-3600);
    return r;
}

IncidentRecord inState(IncidentRecord r, IncidentState state)
{
    r.incident.state = state;
    return r;
}

IncidentRecord withOwner(IncidentRecord r, const QString &owner)
{
    r.incident.owner = owner;
    return r;
}

IncidentRecord triaged()
{
    IncidentRecord r = newRecord();
    r.classification = classification();
    r.matches = matches();
    return inState(r, IncidentState::Triaged);
}

IncidentRecord planned(const QString &requester = u"carol"_s)
{
    IncidentRecord r = triaged();
    r.plan = samplePlan(requester);
    return inState(r, IncidentState::Planned);
}

IncidentRecord awaiting(const QString &requester = u"carol"_s)
{
    return inState(planned(requester), IncidentState::AwaitingApproval);
}

/// `user`'s approval of the step's current content, given `ageSecs` ago.
Approval approvalBy(const IncidentRecord &r, const QString &stepId, const User &user, qint64 ageSecs = 60)
{
    const PlanStep *step = r.plan.step(stepId);
    Q_ASSERT(step);
    Approval a;
    a.stepId = stepId;
    a.user = user.name;
    const QStringList accepted = approverRoles(*step);
    for (const QString &role : user.roles) {
        if (accepted.contains(role))
            a.roles.append(role);
    }
    a.decision = Decision::Approve;
    a.contentHash = step->contentHash();
    a.at = now().addSecs(-ageSecs);
    return a;
}

IncidentRecord approved(IncidentRecord r, const QString &stepId, const QList<User> &users, qint64 ageSecs = 60)
{
    for (const User &user : users)
        r.approvals.append(approvalBy(r, stepId, user, ageSecs));
    return r;
}

IncidentRecord withStep(IncidentRecord r, const QString &stepId, StepState state)
{
    PlanStep *step = r.plan.step(stepId);
    Q_ASSERT(step);
    step->state = state;
    if (state != StepState::Pending && state != StepState::Rejected && state != StepState::Skipped)
        step->startedAt = now().addSecs(-120);
    if (state == StepState::Succeeded || state == StepState::Failed) {
        step->finishedAt = now().addSecs(-90);
        step->resultSummary = u"done"_s;
    }
    return r;
}

IncidentRecord withStepChanged(IncidentRecord r, const QString &stepId)
{
    r.plan.step(stepId)->vars.insert(u"batch"_s, 3);
    return r;
}

IncidentRecord withoutPlaybook(IncidentRecord r, const QString &stepId)
{
    r.plan.step(stepId)->playbookId.clear();
    return r;
}

IncidentRecord withExtraStep(IncidentRecord r, const PlanStep &step)
{
    r.plan.steps.append(step);
    return r;
}

// The incident at each stage of the standard plan.
IncidentRecord s1Approved()
{
    return approved(awaiting(), u"s1"_s, {bob()});
}
IncidentRecord s1Running()
{
    return inState(withStep(s1Approved(), u"s1"_s, StepState::Running), IncidentState::Executing);
}
IncidentRecord s1Done()
{
    return withStep(s1Approved(), u"s1"_s, StepState::Succeeded);
}
IncidentRecord s2Done()
{
    IncidentRecord r = approved(s1Done(), u"s2"_s, {bob()});
    return withStep(r, u"s2"_s, StepState::Succeeded);
}
IncidentRecord s3Ready()
{
    return approved(s2Done(), u"s3"_s, {bob(), erin()});
}
IncidentRecord s3Running()
{
    return inState(withStep(s3Ready(), u"s3"_s, StepState::Running), IncidentState::Executing);
}
IncidentRecord s3Done()
{
    return withStep(s3Ready(), u"s3"_s, StepState::Succeeded);
}
IncidentRecord s3Failed()
{
    return inState(withStep(s3Ready(), u"s3"_s, StepState::Failed), IncidentState::Failed);
}
/// s3 succeeded after runs in these modes.
IncidentRecord s3DoneWithRuns(const QStringList &modes)
{
    IncidentRecord r = s3Done();
    for (const QString &mode : modes) {
        ExecutionRun run;
        run.id = u"run-s3-"_s + mode;
        run.stepId = u"s3"_s;
        run.mode = mode;
        run.outcome = u"succeeded"_s;
        r.runs.append(run);
    }
    return r;
}
IncidentRecord s4Ready()
{
    return approved(s3Done(), u"s4"_s, {erin()});
}
IncidentRecord s4Running()
{
    return inState(withStep(s4Ready(), u"s4"_s, StepState::Running), IncidentState::Validating);
}
IncidentRecord resolvedRecord()
{
    return inState(withStep(s4Ready(), u"s4"_s, StepState::Succeeded), IncidentState::Resolved);
}
IncidentRecord closedRecord()
{
    return inState(resolvedRecord(), IncidentState::Closed);
}
IncidentRecord rollbackPending()
{
    return inState(withExtraStep(s3Failed(), rollbackStep()), IncidentState::AwaitingApproval);
}
IncidentRecord rollbackReady()
{
    return approved(rollbackPending(), u"r3"_s, {bob()});
}
IncidentRecord rollbackRunning()
{
    return inState(withStep(rollbackReady(), u"r3"_s, StepState::Running), IncidentState::Executing);
}
IncidentRecord rolledBack()
{
    return inState(withStep(rollbackReady(), u"r3"_s, StepState::Succeeded), IncidentState::RolledBack);
}
IncidentRecord escalated()
{
    return inState(s1Approved(), IncidentState::Escalated);
}
IncidentRecord escalatedS1Running()
{
    IncidentRecord r = withStep(s1Approved(), u"s1"_s, StepState::Running);
    return inState(approved(r, u"s2"_s, {bob()}), IncidentState::Escalated);
}

QString hashOf(const IncidentRecord &r, const QString &stepId)
{
    return r.plan.step(stepId)->contentHash();
}

PlanStep editedStep(const IncidentRecord &r, const QString &stepId)
{
    PlanStep step = *r.plan.step(stepId);
    step.vars.insert(u"batch"_s, 1);
    step.description = u"Restart one node at a time"_s;
    return step;
}

// --- commands ----------------------------------------------------------------------------

Cmd triage(double confidence = 0.87)
{
    return Cmd {command::Triage {classification(confidence), matches()}};
}
Cmd propose(const Plan &plan)
{
    return Cmd {command::ProposePlan {plan}};
}
Cmd requestApproval()
{
    return Cmd {command::RequestApproval {}};
}
Cmd approve(const QString &stepId, const QString &hash = QString())
{
    return Cmd {command::Approve {stepId, u"lgtm"_s, hash}};
}
Cmd reject(const QString &stepId, const QString &reason)
{
    return Cmd {command::Reject {stepId, reason}};
}
Cmd edit(const PlanStep &step)
{
    return Cmd {command::EditStep {step}};
}
Cmd skip(const QString &stepId, const QString &reason)
{
    return Cmd {command::SkipStep {stepId, reason}};
}
Cmd start(const QString &stepId)
{
    return Cmd {command::StartStep {stepId, {}}};
}
Cmd finish(const QString &stepId, bool succeeded, const QString &summary = u"done"_s)
{
    return Cmd {command::FinishStep {stepId, succeeded, summary, {}}};
}
Cmd addRollback(const QString &stepId, const PlanStep &rollback)
{
    return Cmd {command::AddRollback {stepId, rollback}};
}
Cmd assign(const QString &owner)
{
    return Cmd {command::Assign {owner}};
}
Cmd escalate(const QString &reason)
{
    return Cmd {command::Escalate {reason}};
}
Cmd resolve(const QString &summary)
{
    return Cmd {command::Resolve {summary}};
}
Cmd close(const QString &summary)
{
    return Cmd {command::Close {summary}};
}

QJsonObject approvalJson(const IncidentRecord &r, const QString &stepId, const User &user, Decision decision,
                         const QString &comment)
{
    Approval a = approvalBy(r, stepId, user, 0);
    a.decision = decision;
    a.comment = comment;
    return a.toJson();
}

// --- driving a record ----------------------------------------------------------------------

/// Applies `cmd` and moves `record` on; the refusal text, or empty when accepted.
QString applyTo(IncidentRecord &record, const Cmd &cmd, const User &actor, const WorkflowContext &ctx = context())
{
    Expected<Transition> t = applyCommand(record, cmd.command, actor, ctx);
    if (!t)
        return eventTypeOf(cmd.command) + u" by "_s + actor.name + u" refused: "_s + t.error().message;
    if (t->eventType != eventTypeOf(cmd.command))
        return u"event type %1 for %2"_s.arg(t->eventType, eventTypeOf(cmd.command));
    record = std::move(t).value().record;
    return {};
}

std::optional<Error> refusalOf(const IncidentRecord &record, const Cmd &cmd, const User &actor,
                               const WorkflowContext &ctx = context())
{
    const Expected<Transition> t = applyCommand(record, cmd.command, actor, ctx);
    if (t)
        return std::nullopt;
    return t.error();
}

} // namespace

#define VERIFY_APPLIED(expr)                                                                                           \
    do {                                                                                                               \
        const QString why_ = (expr);                                                                                   \
        QVERIFY2(why_.isEmpty(), qPrintable(why_));                                                                    \
    } while (false)

#define VERIFY_REFUSED(expr, expectedCode, expectedFragment)                                                           \
    do {                                                                                                               \
        const std::optional<Error> error_ = (expr);                                                                    \
        QVERIFY2(error_.has_value(), "the command was accepted");                                                      \
        QCOMPARE(codeName(error_->code), codeName(expectedCode));                                                      \
        QVERIFY2(error_->message.contains(expectedFragment), qPrintable(error_->message));                             \
    } while (false)

#define STATE_IS(record, expected) QCOMPARE(toString((record).incident.state), toString(expected))

class TestWorkflow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stepShapeIsChecked_data();
    void stepShapeIsChecked();
    void submitterOfACoordinatorPlanMayNotApproveIt();
    void mimMayFailAStuckPlaybookStep();
    void majorIncidentDecisions_data();
    void majorIncidentDecisions();
    void triageNominatesButNeverOverrules();
    void triagePayloadLeftToTheCaller();
    void accepted_data();
    void accepted();
    void refused_data();
    void refused();
    void closedRefusesEverything_data();
    void closedRefusesEverything();
    void needsTheTime();
    void eventTypeNames_data();
    void eventTypeNames();

    void approvalStatusCases_data();
    void approvalStatusCases();
    void approverRolesDefault();

    void happyPathToClosed();
    void highRiskNeedsTwoDistinctApprovers();
    void sameApproverTwiceCountsOnce();
    void approvalWithStaleHashRefused();
    void approvalVoidedByEdit();
    void approvalExpiresAndCanBeRenewed();
    void nothingIsApprovedByDefault();
    void rejectionNeedsReasonAndMarksStep();
    void rollbackAfterFailure();
    void approvalRecordsSignedContentAndRoles();
    void proposePlanResetsStepLife();
    void editStepResetsLife();
    void addRollbackFillsTheStep();
    void startAndFinishStampTheStep();
    void runsAreKeptWithTheirSteps();
    void addStepAppendsAPendingStep();
    void resolvedWhenAllDoneAndValidated();
    void uatRehearsalNeitherMitigatesNorResolvesProduction();
    void permissionTableIsWhatTheWorkflowEnforces();
};

// --- every accepted transition ----------------------------------------------------------------

void TestWorkflow::accepted_data()
{
    QTest::addColumn<IncidentRecord>("record");
    QTest::addColumn<Cmd>("command");
    QTest::addColumn<User>("actor");
    QTest::addColumn<IncidentState>("state");
    QTest::addColumn<QString>("eventType");
    QTest::addColumn<QJsonObject>("payload"); // facts the event payload must carry

    using S = IncidentState;
    const QString triaged_ = u"incident.triaged"_s;
    const QString proposed = u"plan.proposed"_s;
    const QString submitted = u"plan.submitted"_s;
    const QString approvedEv = u"step.approved"_s;
    const QString rejected = u"step.rejected"_s;
    const QString edited = u"step.edited"_s;
    const QString skipped = u"step.skipped"_s;
    const QString started = u"step.started"_s;
    const QString finished = u"step.finished"_s;
    const QString rollbackRequested = u"step.rollback_requested"_s;
    const QString assigned = u"incident.assigned"_s;
    const QString escalatedEv = u"incident.escalated"_s;
    const QString resolved = u"incident.resolved"_s;
    const QString closed = u"incident.closed"_s;

    const QJsonObject triagePayload {{u"classification"_s, classification().toJson()}, {u"matches"_s, matchesJson()}};

    // Triage
    QTest::newRow("Triage: new -> triaged by system")
        << newRecord() << triage() << sys() << S::Triaged << triaged_ << triagePayload;
    QTest::newRow("Triage: new -> triaged by responder")
        << newRecord() << triage() << carol() << S::Triaged << triaged_ << triagePayload;
    QTest::newRow("Triage: new -> triaged by mim")
        << newRecord() << triage() << alice() << S::Triaged << triaged_ << triagePayload;
    QTest::newRow("Triage: confidence 0 is allowed")
        << newRecord() << triage(0.0) << sys() << S::Triaged << triaged_ << QJsonObject();
    QTest::newRow("Triage: confidence 1 is allowed")
        << newRecord() << triage(1.0) << sys() << S::Triaged << triaged_ << QJsonObject();
    QTest::newRow("Triage: again keeps planned")
        << planned() << triage() << sys() << S::Planned << triaged_ << triagePayload;
    QTest::newRow("Triage: again keeps executing")
        << s1Running() << triage() << sys() << S::Executing << triaged_ << QJsonObject();

    // ProposePlan
    QTest::newRow("ProposePlan: new -> planned by responder")
        << newRecord() << propose(samplePlan(u"mallory"_s)) << carol() << S::Planned << proposed
        << QJsonObject {{u"plan"_s, proposedPlan(u"carol"_s).toJson()}};
    QTest::newRow("ProposePlan: triaged -> planned by system")
        << triaged() << propose(samplePlan()) << sys() << S::Planned << proposed
        << QJsonObject {{u"plan"_s, proposedPlan(u"warroomd"_s).toJson()}};
    QTest::newRow("ProposePlan: triaged -> planned by mim")
        << triaged() << propose(samplePlan()) << alice() << S::Planned << proposed
        << QJsonObject {{u"plan"_s, proposedPlan(u"alice"_s).toJson()}};
    QTest::newRow("ProposePlan: replan while planned")
        << planned() << propose(samplePlan()) << carol() << S::Planned << proposed << QJsonObject();
    QTest::newRow("ProposePlan: replan while awaiting approval")
        << awaiting() << propose(samplePlan()) << carol() << S::Planned << proposed << QJsonObject();
    QTest::newRow("ProposePlan: replan while escalated") << inState(awaiting(), S::Escalated) << propose(samplePlan())
                                                         << carol() << S::Planned << proposed << QJsonObject();
    QTest::newRow("ProposePlan: replan over rejected and skipped steps")
        << withStep(withStep(awaiting(), u"s1"_s, StepState::Skipped), u"s3"_s, StepState::Rejected)
        << propose(samplePlan()) << carol() << S::Planned << proposed << QJsonObject();

    // RequestApproval
    QTest::newRow("RequestApproval: planned -> awaiting_approval by responder")
        << planned() << requestApproval() << carol() << S::AwaitingApproval << submitted
        << QJsonObject {{u"steps"_s, 4}};
    QTest::newRow("RequestApproval: by system")
        << planned() << requestApproval() << sys() << S::AwaitingApproval << submitted << QJsonObject {{u"steps"_s, 4}};
    QTest::newRow("RequestApproval: by mim") << planned() << requestApproval() << alice() << S::AwaitingApproval
                                             << submitted << QJsonObject {{u"steps"_s, 4}};

    // Approve
    const QJsonObject oneOfOne {{u"approvals"_s, 1}, {u"needed"_s, 1}, {u"satisfied"_s, true}};
    const QJsonObject oneOfTwo {{u"approvals"_s, 1}, {u"needed"_s, 2}, {u"satisfied"_s, false}};
    const QJsonObject twoOfTwo {{u"approvals"_s, 2}, {u"needed"_s, 2}, {u"satisfied"_s, true}};
    QJsonObject bobOnS1 = oneOfOne;
    {
        Approval a = approvalBy(awaiting(), u"s1"_s, bob(), 0);
        a.comment = u"lgtm"_s;
        bobOnS1.insert(u"approval"_s, a.toJson());
    }
    QTest::newRow("Approve: s1 by change-approver with the shown hash")
        << awaiting() << approve(u"s1"_s, hashOf(awaiting(), u"s1"_s)) << bob() << S::AwaitingApproval << approvedEv
        << bobOnS1;
    QTest::newRow("Approve: s1 by mim") << awaiting() << approve(u"s1"_s) << alice() << S::AwaitingApproval
                                        << approvedEv << oneOfOne;
    QTest::newRow("Approve: without a hash signs the current content")
        << awaiting() << approve(u"s1"_s) << erin() << S::AwaitingApproval << approvedEv << oneOfOne;
    QTest::newRow("Approve: high-risk s3, first of two")
        << s2Done() << approve(u"s3"_s) << bob() << S::AwaitingApproval << approvedEv << oneOfTwo;
    QTest::newRow("Approve: high-risk s3, second by another change-approver")
        << approved(s2Done(), u"s3"_s, {bob()}) << approve(u"s3"_s) << erin() << S::AwaitingApproval << approvedEv
        << twoOfTwo;
    QTest::newRow("Approve: high-risk s3, second by mim") << approved(s2Done(), u"s3"_s, {bob()}) << approve(u"s3"_s)
                                                          << alice() << S::AwaitingApproval << approvedEv << twoOfTwo;
    QTest::newRow("Approve: an already satisfied step once more")
        << s1Approved() << approve(u"s1"_s) << erin() << S::AwaitingApproval << approvedEv
        << QJsonObject {{u"approvals"_s, 2}, {u"needed"_s, 1}, {u"satisfied"_s, true}};
    QTest::newRow("Approve: s4 while s3 is executing")
        << s3Running() << approve(u"s4"_s) << erin() << S::Executing << approvedEv << oneOfOne;
    QTest::newRow("Approve: s5 while s4 validates") << withExtraStep(s4Running(), s5Communicate()) << approve(u"s5"_s)
                                                    << erin() << S::Validating << approvedEv << oneOfOne;
    QTest::newRow("Approve: while escalated")
        << escalated() << approve(u"s2"_s) << bob() << S::Escalated << approvedEv << oneOfOne;
    QTest::newRow("Approve: a rollback") << rollbackPending() << approve(u"r3"_s) << bob() << S::AwaitingApproval
                                         << approvedEv << oneOfOne;
    QTest::newRow("Approve: a rollback while failed")
        << inState(rollbackPending(), S::Failed) << approve(u"r3"_s) << bob() << S::Failed << approvedEv << oneOfOne;
    QTest::newRow("Approve: a rollback while resolved")
        << inState(withExtraStep(resolvedRecord(), rollbackStep()), S::Resolved) << approve(u"r3"_s) << alice()
        << S::Resolved << approvedEv << oneOfOne;
    QTest::newRow("Approve: renews an expired approval")
        << approved(awaiting(), u"s1"_s, {bob()}, kTtl + 60) << approve(u"s1"_s) << bob() << S::AwaitingApproval
        << approvedEv << oneOfOne;
    QTest::newRow("Approve: renews a void approval") << withStepChanged(s1Approved(), u"s1"_s) << approve(u"s1"_s)
                                                     << bob() << S::AwaitingApproval << approvedEv << oneOfOne;

    // Reject
    QTest::newRow("Reject: s3 by change-approver")
        << s2Done() << reject(u"s3"_s, u"not during peak"_s) << erin() << S::AwaitingApproval << rejected
        << QJsonObject {
               {u"approval"_s, approvalJson(s2Done(), u"s3"_s, erin(), Decision::Reject, u"not during peak"_s)}};
    QTest::newRow("Reject: s1 by mim") << awaiting() << reject(u"s1"_s, u"not needed"_s) << alice()
                                       << S::AwaitingApproval << rejected << QJsonObject();
    QTest::newRow("Reject: while escalated")
        << escalated() << reject(u"s2"_s, u"vendor takes over"_s) << bob() << S::Escalated << rejected << QJsonObject();

    // EditStep
    QTest::newRow("EditStep: pending step by responder voids approvals")
        << approved(s2Done(), u"s3"_s, {bob()}) << edit(editedStep(s2Done(), u"s3"_s)) << carol() << S::AwaitingApproval
        << edited << QJsonObject {{u"previous_hash"_s, hashOf(s2Done(), u"s3"_s)}, {u"approvals_voided"_s, true}};
    QTest::newRow("EditStep: unchanged content voids nothing")
        << s1Approved() << edit(*s1Approved().plan.step(u"s1"_s)) << carol() << S::AwaitingApproval << edited
        << QJsonObject {{u"previous_hash"_s, hashOf(s1Approved(), u"s1"_s)}, {u"approvals_voided"_s, false}};
    QTest::newRow("EditStep: rejected step by mim")
        << withStep(awaiting(), u"s3"_s, StepState::Rejected) << edit(editedStep(awaiting(), u"s3"_s)) << alice()
        << S::AwaitingApproval << edited << QJsonObject {{u"approvals_voided"_s, true}};
    QTest::newRow("EditStep: while another step executes")
        << s1Running() << edit(editedStep(s1Running(), u"s3"_s)) << carol() << S::Executing << edited << QJsonObject();
    QTest::newRow("EditStep: while planned")
        << planned() << edit(editedStep(planned(), u"s3"_s)) << carol() << S::Planned << edited << QJsonObject();

    // SkipStep
    QTest::newRow("SkipStep: pending step by mim")
        << awaiting() << skip(u"s1"_s, u"cause already known"_s) << alice() << S::AwaitingApproval << skipped
        << QJsonObject {{u"step"_s, u"s1"_s}, {u"reason"_s, u"cause already known"_s}};
    QTest::newRow("SkipStep: rejected step")
        << withStep(awaiting(), u"s3"_s, StepState::Rejected) << skip(u"s3"_s, u"not needed"_s) << alice()
        << S::AwaitingApproval << skipped << QJsonObject {{u"step"_s, u"s3"_s}};

    // StartStep
    const QJsonObject s1Start {{u"step"_s, u"s1"_s},
                               {u"content_hash"_s, hashOf(awaiting(), u"s1"_s)},
                               {u"approvers"_s, QJsonArray {u"bob"_s}}};
    QTest::newRow("StartStep: s1 awaiting_approval -> executing by system")
        << s1Approved() << start(u"s1"_s) << sys() << S::Executing << started << s1Start;
    QTest::newRow("StartStep: s2 after s1 succeeded")
        << approved(s1Done(), u"s2"_s, {erin()}) << start(u"s2"_s) << sys() << S::Executing << started
        << QJsonObject {{u"step"_s, u"s2"_s}, {u"approvers"_s, QJsonArray {u"erin"_s}}};
    QTest::newRow("StartStep: s2 after s1 was skipped")
        << approved(withStep(awaiting(), u"s1"_s, StepState::Skipped), u"s2"_s, {bob()}) << start(u"s2"_s) << sys()
        << S::Executing << started << QJsonObject();
    QTest::newRow("StartStep: high-risk s3 with two approvals after the snapshot")
        << s3Ready() << start(u"s3"_s) << sys() << S::Executing << started
        << QJsonObject {{u"step"_s, u"s3"_s},
                        {u"content_hash"_s, hashOf(s3Ready(), u"s3"_s)},
                        {u"approvers"_s, QJsonArray {u"bob"_s, u"erin"_s}}};
    QTest::newRow("StartStep: validate s4 -> validating")
        << s4Ready() << start(u"s4"_s) << sys() << S::Validating << started << QJsonObject {{u"step"_s, u"s4"_s}};
    QTest::newRow("StartStep: an approval exactly as old as the TTL still counts")
        << approved(awaiting(), u"s1"_s, {bob()}, kTtl) << start(u"s1"_s) << sys() << S::Executing << started
        << s1Start;
    QTest::newRow("StartStep: while escalated stays escalated")
        << escalated() << start(u"s1"_s) << sys() << S::Escalated << started << s1Start;
    QTest::newRow("StartStep: rollback once approved")
        << rollbackReady() << start(u"r3"_s) << sys() << S::Executing << started
        << QJsonObject {{u"step"_s, u"r3"_s}, {u"approvers"_s, QJsonArray {u"bob"_s}}};
    QTest::newRow("StartStep: rollback while failed") << inState(rollbackReady(), S::Failed) << start(u"r3"_s) << sys()
                                                      << S::Executing << started << QJsonObject {{u"step"_s, u"r3"_s}};
    QTest::newRow("StartStep: rollback while resolved")
        << approved(inState(withExtraStep(resolvedRecord(), rollbackStep()), S::Resolved), u"r3"_s, {bob()})
        << start(u"r3"_s) << sys() << S::Executing << started << QJsonObject {{u"step"_s, u"r3"_s}};

    // FinishStep
    QTest::newRow("FinishStep: s1 succeeded -> awaiting_approval")
        << s1Running() << finish(u"s1"_s, true, u"logs collected"_s) << sys() << S::AwaitingApproval << finished
        << QJsonObject {{u"step"_s, u"s1"_s},
                        {u"succeeded"_s, true},
                        {u"summary"_s, u"logs collected"_s},
                        {u"incident_state"_s, u"awaiting_approval"_s}};
    QTest::newRow("FinishStep: s1 failed -> failed")
        << s1Running() << finish(u"s1"_s, false, u"host unreachable"_s) << sys() << S::Failed << finished
        << QJsonObject {{u"succeeded"_s, false}, {u"incident_state"_s, u"failed"_s}};
    QTest::newRow("FinishStep: s3 succeeded -> awaiting_approval")
        << s3Running() << finish(u"s3"_s, true) << sys() << S::AwaitingApproval << finished
        << QJsonObject {{u"incident_state"_s, u"awaiting_approval"_s}};
    QTest::newRow("FinishStep: s3 failed -> failed")
        << s3Running() << finish(u"s3"_s, false) << sys() << S::Failed << finished
        << QJsonObject {{u"step"_s, u"s3"_s}, {u"incident_state"_s, u"failed"_s}};
    QTest::newRow("FinishStep: last validate succeeded -> resolved")
        << s4Running() << finish(u"s4"_s, true, u"healthy"_s) << sys() << S::Resolved << finished
        << QJsonObject {{u"incident_state"_s, u"resolved"_s}};
    QTest::newRow("FinishStep: last validate with a skipped step -> resolved")
        << withStep(s4Running(), u"s2"_s, StepState::Skipped) << finish(u"s4"_s, true) << sys() << S::Resolved
        << finished << QJsonObject {{u"incident_state"_s, u"resolved"_s}};
    QTest::newRow("FinishStep: validate with a step still to do -> awaiting_approval")
        << withExtraStep(s4Running(), s5Communicate()) << finish(u"s4"_s, true) << sys() << S::AwaitingApproval
        << finished << QJsonObject {{u"incident_state"_s, u"awaiting_approval"_s}};
    QTest::newRow("FinishStep: validate with a pending rollback still resolves")
        << withExtraStep(s4Running(), rollbackStep()) << finish(u"s4"_s, true) << sys() << S::Resolved << finished
        << QJsonObject();
    QTest::newRow("FinishStep: validate failed -> failed")
        << s4Running() << finish(u"s4"_s, false) << sys() << S::Failed << finished
        << QJsonObject {{u"incident_state"_s, u"failed"_s}};
    QTest::newRow("FinishStep: rollback succeeded -> rolled_back")
        << rollbackRunning() << finish(u"r3"_s, true, u"previous revision back"_s) << sys() << S::RolledBack << finished
        << QJsonObject {{u"step"_s, u"r3"_s}, {u"incident_state"_s, u"rolled_back"_s}};
    QTest::newRow("FinishStep: rollback failed -> failed")
        << rollbackRunning() << finish(u"r3"_s, false) << sys() << S::Failed << finished
        << QJsonObject {{u"incident_state"_s, u"failed"_s}};
    QTest::newRow("FinishStep: manual step by responder")
        << withoutPlaybook(s1Running(), u"s1"_s) << finish(u"s1"_s, true) << carol() << S::AwaitingApproval << finished
        << QJsonObject();
    QTest::newRow("FinishStep: manual step by mim") << withoutPlaybook(s1Running(), u"s1"_s) << finish(u"s1"_s, false)
                                                    << alice() << S::Failed << finished << QJsonObject();
    QTest::newRow("FinishStep: success while escalated stays escalated")
        << escalatedS1Running() << finish(u"s1"_s, true) << sys() << S::Escalated << finished
        << QJsonObject {{u"incident_state"_s, u"escalated"_s}};
    QTest::newRow("FinishStep: failure while escalated -> failed")
        << escalatedS1Running() << finish(u"s1"_s, false) << sys() << S::Failed << finished
        << QJsonObject {{u"incident_state"_s, u"failed"_s}};

    // AddRollback
    QTest::newRow("AddRollback: after failure -> awaiting_approval")
        << s3Failed() << addRollback(u"s3"_s, rollbackStep()) << carol() << S::AwaitingApproval << rollbackRequested
        << QJsonObject {{u"reverses"_s, u"s3"_s}};
    QTest::newRow("AddRollback: after success")
        << s3Done() << addRollback(u"s3"_s, rollbackStep()) << alice() << S::AwaitingApproval << rollbackRequested
        << QJsonObject {{u"reverses"_s, u"s3"_s}};
    QTest::newRow("AddRollback: after resolve -> awaiting_approval")
        << resolvedRecord() << addRollback(u"s3"_s, rollbackStep()) << alice() << S::AwaitingApproval
        << rollbackRequested << QJsonObject {{u"reverses"_s, u"s3"_s}};
    QTest::newRow("AddRollback: applied once after a check")
        << s3DoneWithRuns({u"check"_s, u"apply"_s}) << addRollback(u"s3"_s, rollbackStep()) << alice()
        << S::AwaitingApproval << rollbackRequested << QJsonObject {{u"reverses"_s, u"s3"_s}};
    QTest::newRow("AddRollback: while escalated stays escalated")
        << inState(s3Done(), S::Escalated) << addRollback(u"s3"_s, rollbackStep()) << carol() << S::Escalated
        << rollbackRequested << QJsonObject();
    QTest::newRow("AddRollback: replaces a failed rollback")
        << inState(withStep(rollbackPending(), u"r3"_s, StepState::Failed), S::Failed)
        << addRollback(u"s3"_s, rollbackStep(u"r3b"_s)) << carol() << S::AwaitingApproval << rollbackRequested
        << QJsonObject();
    QTest::newRow("AddRollback: replaces a rejected rollback")
        << withStep(rollbackPending(), u"r3"_s, StepState::Rejected) << addRollback(u"s3"_s, rollbackStep(u"r3b"_s))
        << carol() << S::AwaitingApproval << rollbackRequested << QJsonObject();

    // Assign
    QTest::newRow("Assign: by mim") << awaiting() << assign(u"erin"_s) << alice() << S::AwaitingApproval << assigned
                                    << QJsonObject {{u"owner"_s, u"erin"_s}, {u"previous"_s, QString()}};
    QTest::newRow("Assign: reassign while executing")
        << withOwner(s1Running(), u"alice"_s) << assign(u"carol"_s) << alice() << S::Executing << assigned
        << QJsonObject {{u"owner"_s, u"carol"_s}, {u"previous"_s, u"alice"_s}};
    QTest::newRow("Assign: while new") << newRecord() << assign(u"alice"_s) << alice() << S::New << assigned
                                       << QJsonObject();

    // Escalate
    QTest::newRow("Escalate: awaiting_approval -> escalated by responder")
        << awaiting() << escalate(u"vendor needed"_s) << carol() << S::Escalated << escalatedEv
        << QJsonObject {{u"reason"_s, u"vendor needed"_s}, {u"previous_state"_s, u"awaiting_approval"_s}};
    QTest::newRow("Escalate: new -> escalated by system")
        << newRecord() << escalate(u"no plan matches"_s) << sys() << S::Escalated << escalatedEv
        << QJsonObject {{u"previous_state"_s, u"new"_s}};
    QTest::newRow("Escalate: failed -> escalated by mim")
        << s3Failed() << escalate(u"restart failed"_s) << alice() << S::Escalated << escalatedEv
        << QJsonObject {{u"previous_state"_s, u"failed"_s}};
    QTest::newRow("Escalate: executing -> escalated")
        << s1Running() << escalate(u"taking too long"_s) << alice() << S::Escalated << escalatedEv
        << QJsonObject {{u"previous_state"_s, u"executing"_s}};

    // Resolve
    QTest::newRow("Resolve: awaiting_approval -> resolved")
        << awaiting() << resolve(u"fixed by hand"_s) << alice() << S::Resolved << resolved
        << QJsonObject {{u"summary"_s, u"fixed by hand"_s}};
    QTest::newRow("Resolve: new -> resolved (false alarm)")
        << newRecord() << resolve(u"false alarm"_s) << alice() << S::Resolved << resolved << QJsonObject();
    QTest::newRow("Resolve: escalated -> resolved")
        << escalated() << resolve(u"vendor fixed it"_s) << alice() << S::Resolved << resolved << QJsonObject();
    QTest::newRow("Resolve: failed -> resolved")
        << s3Failed() << resolve(u"recovered by itself"_s) << alice() << S::Resolved << resolved << QJsonObject();
    QTest::newRow("Resolve: rolled_back -> resolved")
        << rolledBack() << resolve(u"service restored"_s) << alice() << S::Resolved << resolved << QJsonObject();

    // Close
    QTest::newRow("Close: resolved -> closed")
        << resolvedRecord() << close(u"postmortem filed"_s) << alice() << S::Closed << closed
        << QJsonObject {{u"summary"_s, u"postmortem filed"_s}};
    QTest::newRow("Close: rolled_back -> closed")
        << rolledBack() << close(u"rolled back; follow-up in JIRA-1"_s) << alice() << S::Closed << closed
        << QJsonObject {{u"summary"_s, u"rolled back; follow-up in JIRA-1"_s}};
}

void TestWorkflow::accepted()
{
    QFETCH(IncidentRecord, record);
    QFETCH(Cmd, command);
    QFETCH(User, actor);
    QFETCH(IncidentState, state);
    QFETCH(QString, eventType);
    QFETCH(QJsonObject, payload);

    const WorkflowContext ctx = context();
    const Expected<Transition> t = applyCommand(record, command.command, actor, ctx);
    QVERIFY2(t, t ? "" : qPrintable(t.error().message));
    QCOMPARE(toString(t->record.incident.state), toString(state));
    QCOMPARE(t->eventType, eventType);
    QCOMPARE(t->eventType, eventTypeOf(command.command));
    QCOMPARE(t->record.incident.updatedAt, ctx.now);
    for (auto it = payload.constBegin(); it != payload.constEnd(); ++it) {
        QVERIFY2(t->eventPayload.contains(it.key()), qPrintable(it.key()));
        QCOMPARE(jsonText(t->eventPayload.value(it.key())), jsonText(it.value()));
    }
}

// --- every refusal ---------------------------------------------------------------------------

void TestWorkflow::refused_data()
{
    QTest::addColumn<IncidentRecord>("record");
    QTest::addColumn<Cmd>("command");
    QTest::addColumn<User>("actor");
    QTest::addColumn<qint64>("advanceSecs");
    QTest::addColumn<bool>("frozen");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("fragment");

    using E = ErrorCode;
    using S = IncidentState;
    const auto row = [](const char *name, const IncidentRecord &record, const Cmd &command, const User &actor, E code,
                        const QString &fragment) {
        QTest::newRow(name) << record << command << actor << qint64(0) << false << code << fragment;
    };

    // --- roles (Forbidden) ---
    row("Triage by viewer", newRecord(), triage(), dave(), E::Forbidden,
        u"Triage needs one of the roles system, mim, responder; dave has viewer"_s);
    row("Triage by change-approver", newRecord(), triage(), bob(), E::Forbidden, u"Triage needs one of the roles"_s);
    row("Triage by a user without roles", newRecord(), triage(), makeUser(u"zed"_s, {}), E::Forbidden,
        u"zed has none"_s);
    row("ProposePlan by viewer", triaged(), propose(samplePlan()), dave(), E::Forbidden,
        u"Proposing a plan needs one of the roles"_s);
    row("ProposePlan by change-approver", triaged(), propose(samplePlan()), bob(), E::Forbidden,
        u"Proposing a plan needs one of the roles"_s);
    row("RequestApproval by viewer", planned(), requestApproval(), dave(), E::Forbidden,
        u"Submitting a plan for approval needs one of the roles"_s);
    row("RequestApproval by change-approver", planned(), requestApproval(), bob(), E::Forbidden,
        u"Submitting a plan for approval needs one of the roles"_s);
    row("Approve s1 by viewer", awaiting(), approve(u"s1"_s), dave(), E::Forbidden,
        u"step s1 needs an approver with one of the roles mim, change-approver; dave has viewer"_s);
    row("Approve s1 by responder", awaiting(), approve(u"s1"_s), carol(), E::Forbidden,
        u"step s1 needs an approver with one of the roles mim, change-approver"_s);
    row("Approve s1 by system", awaiting(), approve(u"s1"_s), sys(), E::Forbidden, u"needs an approver"_s);
    row("Approve s3 by responder", s2Done(), approve(u"s3"_s), carol(), E::Forbidden,
        u"step s3 needs an approver with one of the roles change-approver, mim"_s);
    row("Approve s3 by admin", s2Done(), approve(u"s3"_s), makeUser(u"adam"_s, {u"admin"_s}), E::Forbidden,
        u"needs an approver"_s);
    row(
        "Approve a step restricted to mim by change-approver",
        [] {
            IncidentRecord r = awaiting();
            r.plan.step(u"s1"_s)->requiredRoles = {u"mim"_s};
            return r;
        }(),
        approve(u"s1"_s), bob(), E::Forbidden, u"roles mim; bob has change-approver"_s);
    row("Reject by viewer", awaiting(), reject(u"s1"_s, u"no"_s), dave(), E::Forbidden, u"needs an approver"_s);
    row("Reject by responder", awaiting(), reject(u"s1"_s, u"no"_s), carol(), E::Forbidden, u"needs an approver"_s);
    row("EditStep by change-approver", awaiting(), edit(editedStep(awaiting(), u"s3"_s)), bob(), E::Forbidden,
        u"Editing a step needs one of the roles mim, responder"_s);
    row("EditStep by viewer", awaiting(), edit(editedStep(awaiting(), u"s3"_s)), dave(), E::Forbidden,
        u"Editing a step needs"_s);
    row("EditStep by system", awaiting(), edit(editedStep(awaiting(), u"s3"_s)), sys(), E::Forbidden,
        u"Editing a step needs"_s);
    row("SkipStep by responder", awaiting(), skip(u"s1"_s, u"x"_s), carol(), E::Forbidden,
        u"Skipping a step needs one of the roles mim; carol has responder"_s);
    row("SkipStep by change-approver", awaiting(), skip(u"s1"_s, u"x"_s), bob(), E::Forbidden,
        u"Skipping a step needs"_s);
    row("SkipStep by system", awaiting(), skip(u"s1"_s, u"x"_s), sys(), E::Forbidden, u"Skipping a step needs"_s);
    row("StartStep by viewer", s1Approved(), start(u"s1"_s), dave(), E::Forbidden,
        u"Starting a step needs one of the roles system, mim, responder"_s);
    row("StartStep by change-approver", s1Approved(), start(u"s1"_s), bob(), E::Forbidden, u"Starting a step needs"_s);
    row("FinishStep by viewer", s1Running(), finish(u"s1"_s, true), dave(), E::Forbidden, u"Finishing a step needs"_s);
    row("FinishStep by change-approver", s1Running(), finish(u"s1"_s, true), bob(), E::Forbidden,
        u"Finishing a step needs"_s);
    row("AddRollback by change-approver", s3Failed(), addRollback(u"s3"_s, rollbackStep()), bob(), E::Forbidden,
        u"Requesting a rollback needs one of the roles mim, responder"_s);
    row("AddRollback by viewer", s3Failed(), addRollback(u"s3"_s, rollbackStep()), dave(), E::Forbidden,
        u"Requesting a rollback needs"_s);
    row("AddRollback by system", s3Failed(), addRollback(u"s3"_s, rollbackStep()), sys(), E::Forbidden,
        u"Requesting a rollback needs"_s);
    row("Assign by responder", awaiting(), assign(u"carol"_s), carol(), E::Forbidden,
        u"Assigning an owner needs one of the roles mim"_s);
    row("Assign by change-approver", awaiting(), assign(u"bob"_s), bob(), E::Forbidden, u"Assigning an owner needs"_s);
    row("Assign by system", awaiting(), assign(u"alice"_s), sys(), E::Forbidden, u"Assigning an owner needs"_s);
    row("Escalate by viewer", awaiting(), escalate(u"x"_s), dave(), E::Forbidden,
        u"Escalating needs one of the roles system, mim, responder"_s);
    row("Escalate by change-approver", awaiting(), escalate(u"x"_s), bob(), E::Forbidden, u"Escalating needs"_s);
    row("Resolve by responder", awaiting(), resolve(u"x"_s), carol(), E::Forbidden,
        u"Resolving an incident needs one of the roles mim"_s);
    row("Resolve by system", awaiting(), resolve(u"x"_s), sys(), E::Forbidden, u"Resolving an incident needs"_s);
    row("Resolve by change-approver", awaiting(), resolve(u"x"_s), bob(), E::Forbidden,
        u"Resolving an incident needs"_s);
    row("Close by responder", resolvedRecord(), close(u"x"_s), carol(), E::Forbidden,
        u"Closing an incident needs one of the roles mim"_s);
    row("Close by system", resolvedRecord(), close(u"x"_s), sys(), E::Forbidden, u"Closing an incident needs"_s);
    row("Close by change-approver", resolvedRecord(), close(u"x"_s), bob(), E::Forbidden,
        u"Closing an incident needs"_s);

    // --- separation of duties (Forbidden) ---
    row("Approve own step (mim requested it)", awaiting(u"alice"_s), approve(u"s1"_s), alice(), E::Forbidden,
        u"alice requested step s1 and may not approve or reject it"_s);
    row("Approve own high-risk step", s2Done(), approve(u"s3"_s),
        makeUser(u"carol"_s, {u"responder"_s, u"change-approver"_s}), E::Forbidden, u"carol requested step s3"_s);
    row("Reject own step", awaiting(u"alice"_s), reject(u"s1"_s, u"changed my mind"_s), alice(), E::Forbidden,
        u"alice requested step s1"_s);
    row("FinishStep of a playbook step by mim", s1Running(), finish(u"s1"_s, true), alice(), E::Forbidden,
        u"step s1 runs a playbook; only the coordinator reports its outcome"_s);
    row("FinishStep of a playbook step by responder", s1Running(), finish(u"s1"_s, false), carol(), E::Forbidden,
        u"only the coordinator reports its outcome"_s);

    // --- unknown steps (NotFound) ---
    const QString noS9 = u"INC-42 has no step \"s9\""_s;
    PlanStep s9 = editedStep(awaiting(), u"s1"_s);
    s9.id = u"s9"_s;
    row("Approve an unknown step", awaiting(), approve(u"s9"_s), bob(), E::NotFound, noS9);
    row("Reject an unknown step", awaiting(), reject(u"s9"_s, u"x"_s), bob(), E::NotFound, noS9);
    row("EditStep an unknown step", awaiting(), edit(s9), carol(), E::NotFound, noS9);
    row("SkipStep an unknown step", awaiting(), skip(u"s9"_s, u"x"_s), alice(), E::NotFound, noS9);
    row("StartStep an unknown step", s1Approved(), start(u"s9"_s), sys(), E::NotFound, noS9);
    row("FinishStep an unknown step", s1Running(), finish(u"s9"_s, true), sys(), E::NotFound, noS9);
    row("AddRollback of an unknown step", s3Failed(), addRollback(u"s9"_s, rollbackStep()), carol(), E::NotFound, noS9);
    row("AddRollback of a step that only ran as dry runs", s3DoneWithRuns({u"check"_s, u"simulate"_s}),
        addRollback(u"s3"_s, rollbackStep()), alice(), E::Conflict,
        u"step s3 ran only as a dry run (check, simulate) and changed nothing"_s);
    row("Approve when there is no plan", inState(triaged(), S::AwaitingApproval), approve(u"s1"_s), bob(), E::NotFound,
        u"has no step \"s1\""_s);

    // --- malformed commands (InvalidInput) ---
    row("Triage with confidence above 1", newRecord(), triage(1.5), sys(), E::InvalidInput,
        u"confidence must be between 0 and 1"_s);
    row("Triage with negative confidence", newRecord(), triage(-0.1), sys(), E::InvalidInput,
        u"confidence must be between 0 and 1"_s);
    row("ProposePlan without steps", triaged(), propose(Plan()), carol(), E::InvalidInput,
        u"a plan needs at least one step"_s);
    {
        Plan plan = samplePlan();
        plan.steps[1].id = u"s1"_s;
        row("ProposePlan with duplicate step ids", triaged(), propose(plan), carol(), E::InvalidInput,
            u"step ids must be unique and not empty (\"s1\")"_s);
    }
    {
        Plan plan = samplePlan();
        plan.steps[2].id.clear();
        row("ProposePlan with an empty step id", triaged(), propose(plan), carol(), E::InvalidInput,
            u"step ids must be unique and not empty"_s);
    }
    {
        Plan plan = samplePlan();
        plan.steps[0].rollbackOf = u"s3"_s;
        row("ProposePlan reversing a later step", triaged(), propose(plan), carol(), E::InvalidInput,
            u"step s1 reverses \"s3\", which is not an earlier step"_s);
    }
    {
        Plan plan = samplePlan();
        plan.steps[3].rollbackOf = u"s7"_s;
        row("ProposePlan reversing an unknown step", triaged(), propose(plan), carol(), E::InvalidInput,
            u"which is not an earlier step"_s);
    }
    row("Reject without a reason", awaiting(), reject(u"s1"_s, QString()), bob(), E::InvalidInput,
        u"a rejection needs a reason"_s);
    row("Reject with a blank reason", awaiting(), reject(u"s1"_s, u"  \n"_s), bob(), E::InvalidInput,
        u"a rejection needs a reason"_s);
    row("SkipStep without a reason", awaiting(), skip(u"s1"_s, u" "_s), alice(), E::InvalidInput,
        u"skipping a step needs a reason"_s);
    row("AddRollback without an id", s3Failed(), addRollback(u"s3"_s, rollbackStep(QString())), carol(),
        E::InvalidInput, u"the rollback step needs a new, unique id"_s);
    row("AddRollback reusing a step id", s3Failed(), addRollback(u"s3"_s, rollbackStep(u"s4"_s)), carol(),
        E::InvalidInput, u"the rollback step needs a new, unique id"_s);
    row("Escalate without a reason", awaiting(), escalate(u"\t"_s), carol(), E::InvalidInput,
        u"an escalation needs a reason"_s);
    row("Resolve without a summary", awaiting(), resolve(QString()), alice(), E::InvalidInput,
        u"resolving needs a summary of what restored service"_s);

    // --- rules (Conflict) ---
    row("ProposePlan while executing", s1Running(), propose(samplePlan()), carol(), E::Conflict,
        u"a plan cannot be proposed while INC-42 is executing"_s);
    row("ProposePlan while failed", s3Failed(), propose(samplePlan()), carol(), E::Conflict,
        u"a plan cannot be proposed while INC-42 is failed"_s);
    row("ProposePlan while resolved", resolvedRecord(), propose(samplePlan()), carol(), E::Conflict,
        u"a plan cannot be proposed while INC-42 is resolved"_s);
    row("ProposePlan after a step has run", s2Done(), propose(samplePlan()), carol(), E::Conflict,
        u"step s1 has already run; edit or add steps instead of replacing the plan"_s);
    row("ProposePlan after a step failed (escalated)",
        inState(withStep(s1Approved(), u"s1"_s, StepState::Failed), S::Escalated), propose(samplePlan()), carol(),
        E::Conflict, u"step s1 has already run"_s);
    row("RequestApproval while awaiting approval", awaiting(), requestApproval(), carol(), E::Conflict,
        u"only a planned incident can be submitted for approval; INC-42 is awaiting_approval"_s);
    row("RequestApproval while new", newRecord(), requestApproval(), carol(), E::Conflict, u"INC-42 is new"_s);
    row("RequestApproval while triaged", triaged(), requestApproval(), carol(), E::Conflict, u"INC-42 is triaged"_s);
    row("Approve while planned", planned(), approve(u"s1"_s), bob(), E::Conflict,
        u"approvals are not taken while INC-42 is planned"_s);
    row("Approve while rolled back", withExtraStep(rolledBack(), s5Communicate()), approve(u"s5"_s), bob(), E::Conflict,
        u"approvals are not taken while INC-42 is rolled_back"_s);
    row("Approve a step that succeeded", s2Done(), approve(u"s1"_s), erin(), E::Conflict,
        u"step s1 is succeeded, not pending"_s);
    row("Approve a running step", s1Running(), approve(u"s1"_s), erin(), E::Conflict,
        u"step s1 is running, not pending"_s);
    row("Approve a rejected step", withStep(awaiting(), u"s3"_s, StepState::Rejected), approve(u"s3"_s), bob(),
        E::Conflict, u"step s3 is rejected, not pending"_s);
    row("Approve a skipped step", withStep(awaiting(), u"s1"_s, StepState::Skipped), approve(u"s1"_s), bob(),
        E::Conflict, u"step s1 is skipped, not pending"_s);
    row("Approve with a stale content hash", awaiting(), approve(u"s1"_s, QString(64, u'0')), bob(), E::Conflict,
        u"step s1 changed since it was shown (signed 000000000000, now "_s);
    row("Approve with the hash of the content before an edit", withStepChanged(awaiting(), u"s1"_s),
        approve(u"s1"_s, hashOf(awaiting(), u"s1"_s)), bob(), E::Conflict, u"review it again"_s);
    row("Approve the same step twice", s1Approved(), approve(u"s1"_s), bob(), E::Conflict,
        u"bob has already approved step s1; a second approval must come from someone else"_s);
    row("Reject a running step", s1Running(), reject(u"s1"_s, u"stop"_s), bob(), E::Conflict,
        u"step s1 is running, not pending"_s);
    row("Reject a rejected step", withStep(awaiting(), u"s3"_s, StepState::Rejected), reject(u"s3"_s, u"again"_s),
        bob(), E::Conflict, u"step s3 is rejected, not pending"_s);
    row("Reject while planned", planned(), reject(u"s1"_s, u"no"_s), bob(), E::Conflict,
        u"approvals are not taken while INC-42 is planned"_s);
    row("EditStep a running step", s1Running(), edit(editedStep(s1Running(), u"s1"_s)), carol(), E::Conflict,
        u"step s1 is running; only pending or rejected steps can be edited"_s);
    row("EditStep a succeeded step", s2Done(), edit(editedStep(s2Done(), u"s1"_s)), carol(), E::Conflict,
        u"step s1 is succeeded; only pending or rejected steps can be edited"_s);
    row("EditStep a skipped step", withStep(awaiting(), u"s1"_s, StepState::Skipped),
        edit(editedStep(awaiting(), u"s1"_s)), carol(), E::Conflict,
        u"step s1 is skipped; only pending or rejected steps can be edited"_s);
    row("SkipStep a running step", s1Running(), skip(u"s1"_s, u"x"_s), alice(), E::Conflict,
        u"step s1 is running; only pending or rejected steps can be skipped"_s);
    row("SkipStep a succeeded step", s2Done(), skip(u"s2"_s, u"x"_s), alice(), E::Conflict,
        u"step s2 is succeeded; only pending or rejected steps can be skipped"_s);
    row("StartStep while new", newRecord(), start(u"s1"_s), sys(), E::Conflict,
        u"no step can start while INC-42 is new"_s);
    row("StartStep while planned (not submitted)", approved(planned(), u"s1"_s, {bob()}), start(u"s1"_s), sys(),
        E::Conflict, u"no step can start while INC-42 is planned"_s);
    row("StartStep while another step runs (executing)", approved(s1Running(), u"s2"_s, {bob()}), start(u"s2"_s), sys(),
        E::Conflict, u"no step can start while INC-42 is executing"_s);
    row("StartStep while validating", s4Running(), start(u"s4"_s), sys(), E::Conflict,
        u"no step can start while INC-42 is validating"_s);
    row("StartStep while rolled back", rolledBack(), start(u"s4"_s), sys(), E::Conflict,
        u"no step can start while INC-42 is rolled_back"_s);
    row("StartStep while one step runs (escalated)", escalatedS1Running(), start(u"s2"_s), sys(), E::Conflict,
        u"step s1 is still running"_s);
    row("StartStep a step that succeeded", s2Done(), start(u"s1"_s), sys(), E::Conflict,
        u"step s1 is succeeded, not pending"_s);
    row("StartStep a rejected step", approved(withStep(awaiting(), u"s1"_s, StepState::Rejected), u"s1"_s, {bob()}),
        start(u"s1"_s), sys(), E::Conflict, u"step s1 is rejected, not pending"_s);
    QTest::newRow("StartStep during a freeze")
        << s1Approved() << start(u"s1"_s) << sys() << qint64(0) << true << E::Conflict
        << u"a freeze is in force: no execution starts until it is lifted"_s;
    QTest::newRow("StartStep of a playbook step by a responder")
        << s1Approved() << start(u"s1"_s) << carol() << qint64(0) << false << E::Forbidden
        << u"step s1 runs the playbook diagnose-web; the coordinator starts it once it is approved"_s;
    QTest::newRow("StartStep of a playbook step by the mim") << s1Approved() << start(u"s1"_s) << alice() << qint64(0)
                                                             << false << E::Forbidden << u"the coordinator starts it"_s;
    QTest::newRow("StartStep of a rollback during a freeze")
        << rollbackReady() << start(u"r3"_s) << sys() << qint64(0) << true << E::Conflict << u"a freeze is in force"_s;
    row("StartStep with no approval at all", awaiting(), start(u"s1"_s), sys(), E::Conflict,
        u"step s1 needs 1 approval(s) from mim or change-approver, has 0"_s);
    row("StartStep of high-risk s3 with one approval", approved(s2Done(), u"s3"_s, {bob()}), start(u"s3"_s), sys(),
        E::Conflict, u"step s3 needs 2 approval(s) from change-approver or mim, has 1"_s);
    row(
        "StartStep with only a rejection",
        [] {
            IncidentRecord r = s1Approved();
            r.approvals.clear();
            Approval no = approvalBy(r, u"s1"_s, erin());
            no.decision = Decision::Reject;
            r.approvals.append(no);
            return r;
        }(),
        start(u"s1"_s), sys(), E::Conflict, u"has 0"_s);
    QTest::newRow("StartStep with an expired approval")
        << s1Approved() << start(u"s1"_s) << sys() << kTtl << false << E::Conflict
        << u"step s1 needs 1 approval(s) from mim or change-approver, has 0; expired: bob"_s;
    row("StartStep with an approval void after the step changed", withStepChanged(s1Approved(), u"s1"_s),
        start(u"s1"_s), sys(), E::Conflict, u"has 0; void because the step changed: bob"_s);
    row("StartStep with approvals from the requester only", approved(awaiting(u"alice"_s), u"s1"_s, {alice()}),
        start(u"s1"_s), sys(), E::Conflict, u"has 0"_s);
    row("StartStep out of sequence", approved(awaiting(), u"s2"_s, {bob()}), start(u"s2"_s), sys(), E::Conflict,
        u"step s2 comes after step s1, which is pending"_s);
    row("StartStep after a rejected step",
        approved(withStep(awaiting(), u"s1"_s, StepState::Rejected), u"s2"_s, {bob()}), start(u"s2"_s), sys(),
        E::Conflict, u"step s2 comes after step s1, which is rejected"_s);
    row("StartStep of s4 skipping s3", approved(s2Done(), u"s4"_s, {bob()}), start(u"s4"_s), sys(), E::Conflict,
        u"step s4 comes after step s3, which is pending"_s);
    row("StartStep of a mutating step without a snapshot",
        approved(withStep(s1Done(), u"s2"_s, StepState::Skipped), u"s3"_s, {bob(), erin()}), start(u"s3"_s), sys(),
        E::Conflict, u"step s3 changes systems and needs a completed snapshot step before it"_s);
    row(
        "StartStep of a step flagged mutating without a snapshot",
        [] {
            IncidentRecord r = awaiting();
            r.plan.step(u"s1"_s)->mutates = true;
            return approved(r, u"s1"_s, {bob()});
        }(),
        start(u"s1"_s), sys(), E::Conflict, u"step s1 changes systems"_s);
    row("StartStep of a non-rollback step after a failure", approved(s3Failed(), u"s4"_s, {bob()}), start(u"s4"_s),
        sys(), E::Conflict, u"INC-42 is failed: only rollback steps may run now"_s);
    row("StartStep of a non-rollback step after resolve", inState(approved(s3Done(), u"s4"_s, {bob()}), S::Resolved),
        start(u"s4"_s), sys(), E::Conflict, u"INC-42 is resolved: only rollback steps may run now"_s);
    row("StartStep of a rollback without its own approvals", rollbackPending(), start(u"r3"_s), sys(), E::Conflict,
        u"step r3 needs 1 approval(s) from mim or change-approver, has 0"_s);
    row("StartStep of a rollback approved only for the step it reverses",
        approved(rollbackPending(), u"s3"_s, {alice()}), start(u"r3"_s), sys(), E::Conflict,
        u"step r3 needs 1 approval(s)"_s);
    row("StartStep of a rollback whose target has not run",
        approved(withExtraStep(awaiting(), rollbackStep()), u"r3"_s, {bob()}), start(u"r3"_s), sys(), E::Conflict,
        u"rollback r3 reverses step \"s3\", which has not run"_s);
    row("FinishStep of a pending step", s1Approved(), finish(u"s1"_s, true), sys(), E::Conflict,
        u"step s1 is pending, not running"_s);
    row("FinishStep of a finished step", s2Done(), finish(u"s2"_s, true), sys(), E::Conflict,
        u"step s2 is succeeded, not running"_s);
    row("AddRollback while planned", planned(), addRollback(u"s3"_s, rollbackStep()), carol(), E::Conflict,
        u"a rollback cannot be requested while INC-42 is planned"_s);
    row("AddRollback while executing", s3Running(), addRollback(u"s3"_s, rollbackStep()), carol(), E::Conflict,
        u"a rollback cannot be requested while INC-42 is executing"_s);
    row("AddRollback while rolled back", rolledBack(), addRollback(u"s3"_s, rollbackStep(u"r4"_s)), carol(),
        E::Conflict, u"a rollback cannot be requested while INC-42 is rolled_back"_s);
    row("AddRollback of a step that changes nothing", s2Done(), addRollback(u"s1"_s, rollbackStep()), carol(),
        E::Conflict, u"step s1 did not change anything; there is nothing to roll back"_s);
    row("AddRollback of a rollback", rollbackPending(), addRollback(u"r3"_s, rollbackStep(u"r4"_s)), carol(),
        E::Conflict, u"step r3 did not change anything"_s);
    row("AddRollback of a step that has not run", s2Done(), addRollback(u"s3"_s, rollbackStep()), carol(), E::Conflict,
        u"step s3 is pending; only executed steps can be rolled back"_s);
    row("AddRollback when one is pending", rollbackPending(), addRollback(u"s3"_s, rollbackStep(u"r3b"_s)), carol(),
        E::Conflict, u"step s3 already has rollback r3"_s);
    row("AddRollback when one succeeded (escalated)",
        inState(withStep(rollbackReady(), u"r3"_s, StepState::Succeeded), S::Escalated),
        addRollback(u"s3"_s, rollbackStep(u"r3b"_s)), carol(), E::Conflict, u"step s3 already has rollback r3"_s);
    row("Escalate when already escalated", escalated(), escalate(u"again"_s), carol(), E::Conflict,
        u"INC-42 is already escalated"_s);
    row("Resolve while executing", s1Running(), resolve(u"x"_s), alice(), E::Conflict,
        u"INC-42 cannot be resolved while it is executing"_s);
    row("Resolve while validating", s4Running(), resolve(u"x"_s), alice(), E::Conflict,
        u"INC-42 cannot be resolved while it is validating"_s);
    row("Resolve when resolved", resolvedRecord(), resolve(u"x"_s), alice(), E::Conflict,
        u"INC-42 cannot be resolved while it is resolved"_s);
    row("Resolve while a step runs (escalated)", escalatedS1Running(), resolve(u"x"_s), alice(), E::Conflict,
        u"step s1 is still running"_s);
    row("Close while new", newRecord(), close(u"x"_s), alice(), E::Conflict,
        u"only resolved or rolled-back incidents can be closed; INC-42 is new"_s);
    row("Close while awaiting approval", awaiting(), close(u"x"_s), alice(), E::Conflict,
        u"only resolved or rolled-back incidents can be closed; INC-42 is awaiting_approval"_s);
    row("Close while executing", s1Running(), close(u"x"_s), alice(), E::Conflict, u"INC-42 is executing"_s);
    row("Close while failed", s3Failed(), close(u"x"_s), alice(), E::Conflict, u"INC-42 is failed"_s);
    row("Close while escalated", escalated(), close(u"x"_s), alice(), E::Conflict, u"INC-42 is escalated"_s);
}

void TestWorkflow::refused()
{
    QFETCH(IncidentRecord, record);
    QFETCH(Cmd, command);
    QFETCH(User, actor);
    QFETCH(qint64, advanceSecs);
    QFETCH(bool, frozen);
    QFETCH(ErrorCode, code);
    QFETCH(QString, fragment);

    VERIFY_REFUSED(refusalOf(record, command, actor, context(advanceSecs, frozen)), code, fragment);
}

void TestWorkflow::closedRefusesEverything_data()
{
    QTest::addColumn<Cmd>("command");
    QTest::addColumn<User>("actor");

    const IncidentRecord r = closedRecord();
    QTest::newRow("Triage") << triage() << sys();
    QTest::newRow("ProposePlan") << propose(samplePlan()) << carol();
    QTest::newRow("RequestApproval") << requestApproval() << carol();
    QTest::newRow("Approve") << approve(u"s1"_s) << bob();
    QTest::newRow("Reject") << reject(u"s1"_s, u"no"_s) << bob();
    QTest::newRow("EditStep") << edit(editedStep(r, u"s3"_s)) << carol();
    QTest::newRow("SkipStep") << skip(u"s3"_s, u"x"_s) << alice();
    QTest::newRow("StartStep") << start(u"s1"_s) << sys();
    QTest::newRow("FinishStep") << finish(u"s1"_s, true) << sys();
    QTest::newRow("AddRollback") << addRollback(u"s3"_s, rollbackStep()) << alice();
    QTest::newRow("Assign") << assign(u"erin"_s) << alice();
    QTest::newRow("Escalate") << escalate(u"reopen"_s) << alice();
    QTest::newRow("Resolve") << resolve(u"again"_s) << alice();
    QTest::newRow("Close") << close(u"again"_s) << alice();
}

void TestWorkflow::closedRefusesEverything()
{
    QFETCH(Cmd, command);
    QFETCH(User, actor);

    VERIFY_REFUSED(refusalOf(closedRecord(), command, actor), ErrorCode::Conflict, u"is closed"_s);
}

void TestWorkflow::needsTheTime()
{
    WorkflowContext ctx = context();
    ctx.now = QDateTime();
    VERIFY_REFUSED(refusalOf(newRecord(), triage(), sys(), ctx), ErrorCode::Internal, u"needs the current time"_s);
    VERIFY_REFUSED(refusalOf(s1Approved(), start(u"s1"_s), sys(), ctx), ErrorCode::Internal,
                   u"needs the current time"_s);
}

void TestWorkflow::eventTypeNames_data()
{
    QTest::addColumn<Cmd>("command");
    QTest::addColumn<QString>("eventType");

    QTest::newRow("Triage") << triage() << u"incident.triaged"_s;
    QTest::newRow("ProposePlan") << propose(samplePlan()) << u"plan.proposed"_s;
    QTest::newRow("RequestApproval") << requestApproval() << u"plan.submitted"_s;
    QTest::newRow("Approve") << approve(u"s1"_s) << u"step.approved"_s;
    QTest::newRow("Reject") << reject(u"s1"_s, u"x"_s) << u"step.rejected"_s;
    QTest::newRow("EditStep") << edit(PlanStep()) << u"step.edited"_s;
    QTest::newRow("SkipStep") << skip(u"s1"_s, u"x"_s) << u"step.skipped"_s;
    QTest::newRow("StartStep") << start(u"s1"_s) << u"step.started"_s;
    QTest::newRow("FinishStep") << finish(u"s1"_s, true) << u"step.finished"_s;
    QTest::newRow("AddRollback") << addRollback(u"s3"_s, PlanStep()) << u"step.rollback_requested"_s;
    QTest::newRow("Assign") << assign(u"a"_s) << u"incident.assigned"_s;
    QTest::newRow("Escalate") << escalate(u"x"_s) << u"incident.escalated"_s;
    QTest::newRow("Resolve") << resolve(u"x"_s) << u"incident.resolved"_s;
    QTest::newRow("Close") << close(u"x"_s) << u"incident.closed"_s;
    QTest::newRow("AddStep") << Cmd {command::AddStep {PlanStep()}} << u"step.added"_s;
}

void TestWorkflow::eventTypeNames()
{
    QFETCH(Cmd, command);
    QFETCH(QString, eventType);

    QCOMPARE(warroom::eventTypeOf(command.command), eventType);
}

// --- approvalStatus ---------------------------------------------------------------------------

void TestWorkflow::approvalStatusCases_data()
{
    QTest::addColumn<QList<Approval>>("approvals");
    QTest::addColumn<QString>("stepId");
    QTest::addColumn<int>("needed");
    QTest::addColumn<QStringList>("approvers");
    QTest::addColumn<QStringList>("expired");
    QTest::addColumn<QStringList>("voided");

    const IncidentRecord r = awaiting();
    const auto by = [&r](const QString &stepId, const User &user, qint64 ageSecs = 60) {
        return approvalBy(r, stepId, user, ageSecs);
    };
    const auto stale = [&](const QString &stepId, const User &user) {
        Approval a = by(stepId, user);
        a.contentHash = QString(64, u'0');
        return a;
    };
    const User frank = makeUser(u"frank"_s, {u"responder"_s, u"change-approver"_s});
    const QString s1 = u"s1"_s;
    const QString s3 = u"s3"_s;
    const QStringList none;

    QTest::newRow("no approvals") << QList<Approval>() << s3 << 2 << none << none << none;
    QTest::newRow("low risk needs one") << QList<Approval> {by(s1, bob())} << s1 << 1 << QStringList {u"bob"_s} << none
                                        << none;
    QTest::newRow("high risk, one of two")
        << QList<Approval> {by(s3, bob())} << s3 << 2 << QStringList {u"bob"_s} << none << none;
    QTest::newRow("high risk, two distinct") << QList<Approval> {by(s3, bob()), by(s3, alice())} << s3 << 2
                                             << QStringList {u"bob"_s, u"alice"_s} << none << none;
    QTest::newRow("same person twice counts once")
        << QList<Approval> {by(s3, bob(), 120), by(s3, bob(), 30)} << s3 << 2 << QStringList {u"bob"_s} << none << none;
    {
        Approval own = by(s3, bob());
        own.user = u"carol"_s; // carol requested every step
        QTest::newRow("the requester's approval is ignored")
            << QList<Approval> {own} << s3 << 2 << none << none << none;
    }
    {
        Approval roleless = by(s3, bob());
        roleless.roles.clear();
        QTest::newRow("an approval without roles is ignored")
            << QList<Approval> {roleless} << s3 << 2 << none << none << none;
    }
    {
        Approval wrongRole = by(s3, frank);
        wrongRole.roles = {u"responder"_s};
        QTest::newRow("an approval under a role the step does not accept is ignored")
            << QList<Approval> {wrongRole} << s3 << 2 << none << none << none;
    }
    QTest::newRow("the accepted role of a user with several counts")
        << QList<Approval> {by(s3, frank)} << s3 << 2 << QStringList {u"frank"_s} << none << none;
    {
        Approval no = by(s3, erin());
        no.decision = Decision::Reject;
        QTest::newRow("a rejection is not an approval")
            << QList<Approval> {no, by(s3, bob())} << s3 << 2 << QStringList {u"bob"_s} << none << none;
    }
    QTest::newRow("another step's approval is ignored")
        << QList<Approval> {by(s1, bob()), by(s1, erin())} << s3 << 2 << none << none << none;
    QTest::newRow("signed other content: void")
        << QList<Approval> {stale(s3, bob())} << s3 << 2 << none << none << QStringList {u"bob"_s};
    QTest::newRow("void twice is listed once")
        << QList<Approval> {stale(s3, bob()), stale(s3, bob())} << s3 << 2 << none << none << QStringList {u"bob"_s};
    QTest::newRow("older than the TTL: expired")
        << QList<Approval> {by(s3, bob(), kTtl + 1)} << s3 << 2 << none << QStringList {u"bob"_s} << none;
    QTest::newRow("exactly the TTL: still valid")
        << QList<Approval> {by(s3, bob(), kTtl)} << s3 << 2 << QStringList {u"bob"_s} << none << none;
    QTest::newRow("dated in the future: not counted")
        << QList<Approval> {by(s3, bob(), -60)} << s3 << 2 << none << QStringList {u"bob"_s} << none;
    QTest::newRow("expired, then renewed") << QList<Approval> {by(s3, bob(), kTtl + 600), by(s3, bob(), 10)} << s3 << 2
                                           << QStringList {u"bob"_s} << none << none;
    QTest::newRow("void, then renewed") << QList<Approval> {stale(s3, bob()), by(s3, bob())} << s3 << 2
                                        << QStringList {u"bob"_s} << none << none;
    QTest::newRow("valid, void and expired side by side")
        << QList<Approval> {by(s3, bob()), stale(s3, erin()), by(s3, alice(), kTtl + 5)} << s3 << 2
        << QStringList {u"bob"_s} << QStringList {u"alice"_s} << QStringList {u"erin"_s};
}

void TestWorkflow::approvalStatusCases()
{
    QFETCH(QList<Approval>, approvals);
    QFETCH(QString, stepId);
    QFETCH(int, needed);
    QFETCH(QStringList, approvers);
    QFETCH(QStringList, expired);
    QFETCH(QStringList, voided);

    IncidentRecord record = awaiting();
    record.approvals = approvals;
    const ApprovalStatus status = warroom::approvalStatus(record, *record.plan.step(stepId), context());
    QCOMPARE(status.needed, needed);
    QCOMPARE(status.approvers, approvers);
    QCOMPARE(status.expired, expired);
    QCOMPARE(status.voided, voided);
    QCOMPARE(status.satisfied(), approvers.size() >= needed);
}

void TestWorkflow::approverRolesDefault()
{
    const IncidentRecord r = awaiting();
    QCOMPARE(approverRoles(*r.plan.step(u"s1"_s)), (QStringList {u"mim"_s, u"change-approver"_s}));
    QCOMPARE(approverRoles(*r.plan.step(u"s3"_s)), (QStringList {u"change-approver"_s, u"mim"_s}));
}

// --- whole incidents -------------------------------------------------------------------------

void TestWorkflow::happyPathToClosed()
{
    IncidentRecord r = newRecord();
    VERIFY_APPLIED(applyTo(r, triage(), sys()));
    STATE_IS(r, IncidentState::Triaged);
    QVERIFY(r.classification.has_value());
    QCOMPARE(r.classification->category, u"web-redirect-loop"_s);
    QCOMPARE(r.matches.size(), qsizetype(1));

    VERIFY_APPLIED(applyTo(r, propose(samplePlan()), sys()));
    STATE_IS(r, IncidentState::Planned);
    VERIFY_APPLIED(applyTo(r, requestApproval(), sys()));
    STATE_IS(r, IncidentState::AwaitingApproval);
    VERIFY_APPLIED(applyTo(r, assign(u"alice"_s), alice()));
    QCOMPARE(r.incident.owner, u"alice"_s);

    // s1 and s2: one approval each, run by the coordinator.
    for (const QString &id : {u"s1"_s, u"s2"_s}) {
        VERIFY_APPLIED(applyTo(r, approve(id, hashOf(r, id)), alice()));
        VERIFY_APPLIED(applyTo(r, start(id), sys()));
        STATE_IS(r, IncidentState::Executing);
        VERIFY_APPLIED(applyTo(r, finish(id, true), sys()));
        STATE_IS(r, IncidentState::AwaitingApproval);
        QCOMPARE(toString(r.plan.step(id)->state), toString(StepState::Succeeded));
    }

    // s3: high risk, two distinct approvers.
    VERIFY_APPLIED(applyTo(r, approve(u"s3"_s, hashOf(r, u"s3"_s)), bob()));
    VERIFY_APPLIED(applyTo(r, approve(u"s3"_s, hashOf(r, u"s3"_s)), alice()));
    VERIFY_APPLIED(applyTo(r, start(u"s3"_s), sys()));
    STATE_IS(r, IncidentState::Executing);
    VERIFY_APPLIED(applyTo(r, finish(u"s3"_s, true, u"restarted"_s), sys()));
    STATE_IS(r, IncidentState::AwaitingApproval);

    // s4: validation resolves the incident.
    VERIFY_APPLIED(applyTo(r, approve(u"s4"_s), erin()));
    VERIFY_APPLIED(applyTo(r, start(u"s4"_s), sys()));
    STATE_IS(r, IncidentState::Validating);
    VERIFY_APPLIED(applyTo(r, finish(u"s4"_s, true, u"healthy"_s), sys()));
    STATE_IS(r, IncidentState::Resolved);

    VERIFY_APPLIED(applyTo(r, close(u"postmortem scheduled"_s), alice()));
    STATE_IS(r, IncidentState::Closed);
    QCOMPARE(r.approvals.size(), qsizetype(5));
    VERIFY_REFUSED(refusalOf(r, assign(u"bob"_s), alice()), ErrorCode::Conflict,
                   u"INC-42 is closed; nothing changes it any more"_s);
}

void TestWorkflow::highRiskNeedsTwoDistinctApprovers()
{
    IncidentRecord r = s2Done();
    QCOMPARE(r.plan.step(u"s3"_s)->approvalsNeeded(), 2);

    VERIFY_APPLIED(applyTo(r, approve(u"s3"_s), bob()));
    VERIFY_REFUSED(refusalOf(r, start(u"s3"_s), sys()), ErrorCode::Conflict,
                   u"step s3 needs 2 approval(s) from change-approver or mim, has 1"_s);

    VERIFY_REFUSED(refusalOf(r, approve(u"s3"_s), bob()), ErrorCode::Conflict, u"bob has already approved step s3"_s);

    VERIFY_APPLIED(applyTo(r, approve(u"s3"_s), erin()));
    const ApprovalStatus status = approvalStatus(r, *r.plan.step(u"s3"_s), context());
    QCOMPARE(status.approvers, (QStringList {u"bob"_s, u"erin"_s}));
    QVERIFY(status.satisfied());

    const Expected<Transition> t = applyCommand(r, start(u"s3"_s).command, sys(), context());
    QVERIFY2(t, t ? "" : qPrintable(t.error().message));
    STATE_IS(t->record, IncidentState::Executing);
    QCOMPARE(t->eventPayload.value(u"approvers"_s).toArray(), (QJsonArray {u"bob"_s, u"erin"_s}));
}

void TestWorkflow::sameApproverTwiceCountsOnce()
{
    // Even if two approvals of one person reach the record, they count once.
    const IncidentRecord r = approved(s2Done(), u"s3"_s, {bob(), bob()});
    QCOMPARE(r.approvals.size(), qsizetype(4)); // s1, s2, and bob twice on s3
    const ApprovalStatus status = approvalStatus(r, *r.plan.step(u"s3"_s), context());
    QCOMPARE(status.approvers, QStringList {u"bob"_s});
    QVERIFY(!status.satisfied());
    VERIFY_REFUSED(refusalOf(r, start(u"s3"_s), sys()), ErrorCode::Conflict, u"has 1"_s);
    VERIFY_REFUSED(refusalOf(r, approve(u"s3"_s), bob()), ErrorCode::Conflict, u"already approved"_s);
}

void TestWorkflow::approvalWithStaleHashRefused()
{
    IncidentRecord r = awaiting();
    const QString shown = hashOf(r, u"s1"_s);
    // Someone edits the step while an approver is looking at it.
    VERIFY_APPLIED(applyTo(r, edit(editedStep(r, u"s1"_s)), carol()));
    QVERIFY(hashOf(r, u"s1"_s) != shown);

    VERIFY_REFUSED(refusalOf(r, approve(u"s1"_s, shown), bob()), ErrorCode::Conflict,
                   u"step s1 changed since it was shown (signed %1, now %2); review it again"_s.arg(
                       shown.left(12), hashOf(r, u"s1"_s).left(12)));
    VERIFY_APPLIED(applyTo(r, approve(u"s1"_s, hashOf(r, u"s1"_s)), bob()));
    QCOMPARE(r.approvals.constLast().contentHash, hashOf(r, u"s1"_s));
}

void TestWorkflow::approvalVoidedByEdit()
{
    IncidentRecord r = s3Ready();
    const QString before = hashOf(r, u"s3"_s);

    const Expected<Transition> t = applyCommand(r, edit(editedStep(r, u"s3"_s)).command, carol(), context());
    QVERIFY2(t, t ? "" : qPrintable(t.error().message));
    QCOMPARE(t->eventPayload.value(u"previous_hash"_s).toString(), before);
    QCOMPARE(t->eventPayload.value(u"approvals_voided"_s).toBool(), true);
    QCOMPARE(t->eventPayload.value(u"step"_s).toObject().value(u"content_hash"_s).toString(),
             hashOf(t->record, u"s3"_s));
    r = t->record;

    const ApprovalStatus status = approvalStatus(r, *r.plan.step(u"s3"_s), context());
    QVERIFY(status.approvers.isEmpty());
    QCOMPARE(status.voided, (QStringList {u"bob"_s, u"erin"_s}));
    VERIFY_REFUSED(refusalOf(r, start(u"s3"_s), sys()), ErrorCode::Conflict,
                   u"has 0; void because the step changed: bob, erin"_s);

    // The same people may sign the new content.
    VERIFY_APPLIED(applyTo(r, approve(u"s3"_s, hashOf(r, u"s3"_s)), bob()));
    VERIFY_APPLIED(applyTo(r, approve(u"s3"_s, hashOf(r, u"s3"_s)), erin()));
    VERIFY_APPLIED(applyTo(r, start(u"s3"_s), sys()));
    STATE_IS(r, IncidentState::Executing);
}

void TestWorkflow::approvalExpiresAndCanBeRenewed()
{
    IncidentRecord r = s3Ready(); // bob and erin signed 60 s before now()
    const WorkflowContext later = context(kTtl); // 60 s past the TTL

    VERIFY_REFUSED(refusalOf(r, start(u"s3"_s), sys(), later), ErrorCode::Conflict, u"has 0; expired: bob, erin"_s);
    const ApprovalStatus status = approvalStatus(r, *r.plan.step(u"s3"_s), later);
    QCOMPARE(status.expired, (QStringList {u"bob"_s, u"erin"_s}));
    QVERIFY(status.voided.isEmpty());

    // One renewal is not enough for a high-risk step.
    VERIFY_APPLIED(applyTo(r, approve(u"s3"_s), bob(), later));
    VERIFY_REFUSED(refusalOf(r, start(u"s3"_s), sys(), later), ErrorCode::Conflict, u"has 1; expired: erin"_s);
    VERIFY_APPLIED(applyTo(r, approve(u"s3"_s), erin(), later));
    VERIFY_APPLIED(applyTo(r, start(u"s3"_s), sys(), later));
    STATE_IS(r, IncidentState::Executing);
    QCOMPARE(r.plan.step(u"s3"_s)->startedAt, later.now);

    // A shorter TTL expires approvals sooner.
    WorkflowContext strict = context();
    strict.approvalTtlSeconds = 30;
    VERIFY_REFUSED(refusalOf(s1Approved(), start(u"s1"_s), sys(), strict), ErrorCode::Conflict, u"expired: bob"_s);
}

void TestWorkflow::nothingIsApprovedByDefault()
{
    const IncidentRecord r = awaiting();
    for (const PlanStep &step : r.plan.steps) {
        const ApprovalStatus status = approvalStatus(r, step, context());
        QVERIFY2(!status.satisfied(), qPrintable(step.id));
        QCOMPARE(status.needed, step.approvalsNeeded());
    }
    VERIFY_REFUSED(refusalOf(r, start(u"s1"_s), sys()), ErrorCode::Conflict,
                   u"step s1 needs 1 approval(s) from mim or change-approver, has 0"_s);
    // Nor may the mim start it by hand: playbook steps are the coordinator's to start.
    VERIFY_REFUSED(refusalOf(r, start(u"s1"_s), alice()), ErrorCode::Forbidden, u"the coordinator starts it"_s);
}

void TestWorkflow::rejectionNeedsReasonAndMarksStep()
{
    IncidentRecord r = approved(s2Done(), u"s3"_s, {bob()});
    VERIFY_REFUSED(refusalOf(r, reject(u"s3"_s, QString()), erin()), ErrorCode::InvalidInput,
                   u"a rejection needs a reason"_s);

    const Expected<Transition> t = applyCommand(r, reject(u"s3"_s, u"not during peak"_s).command, erin(), context());
    QVERIFY2(t, t ? "" : qPrintable(t.error().message));
    r = t->record;
    const PlanStep &step = *r.plan.step(u"s3"_s);
    QCOMPARE(toString(step.state), toString(StepState::Rejected));
    QCOMPARE(step.resultSummary, u"not during peak"_s);
    const Approval &rejection = r.approvals.constLast();
    QCOMPARE(rejection.user, u"erin"_s);
    QVERIFY(rejection.decision == Decision::Reject);
    QCOMPARE(rejection.comment, u"not during peak"_s);
    QCOMPARE(rejection.contentHash, step.contentHash());
    QCOMPARE(rejection.roles, QStringList {u"change-approver"_s});
    QCOMPARE(rejection.at, now());
    QCOMPARE(t->eventPayload.value(u"approval"_s).toObject().value(u"decision"_s).toString(), u"reject"_s);

    // A rejected step neither starts nor takes approvals; the next step waits for it.
    VERIFY_REFUSED(refusalOf(r, start(u"s3"_s), sys()), ErrorCode::Conflict, u"step s3 is rejected, not pending"_s);
    VERIFY_REFUSED(refusalOf(r, approve(u"s3"_s), alice()), ErrorCode::Conflict, u"not pending"_s);
    VERIFY_REFUSED(refusalOf(approved(r, u"s4"_s, {bob()}), start(u"s4"_s), sys()), ErrorCode::Conflict,
                   u"step s4 comes after step s3, which is rejected"_s);

    // Editing brings it back to pending; skipping lets the plan go on.
    IncidentRecord editedRecord = r;
    VERIFY_APPLIED(applyTo(editedRecord, edit(editedStep(r, u"s3"_s)), carol()));
    QCOMPARE(toString(editedRecord.plan.step(u"s3"_s)->state), toString(StepState::Pending));
    VERIFY_APPLIED(applyTo(r, skip(u"s3"_s, u"not needed after all"_s), alice()));
    QCOMPARE(toString(r.plan.step(u"s3"_s)->state), toString(StepState::Skipped));
    VERIFY_APPLIED(applyTo(r, approve(u"s4"_s), bob()));
    VERIFY_APPLIED(applyTo(r, start(u"s4"_s), sys()));
    VERIFY_APPLIED(applyTo(r, finish(u"s4"_s, true), sys()));
    STATE_IS(r, IncidentState::Resolved);
}

void TestWorkflow::rollbackAfterFailure()
{
    IncidentRecord r = s3Running();
    VERIFY_APPLIED(applyTo(r, finish(u"s3"_s, false, u"web-2 did not come back"_s), sys()));
    STATE_IS(r, IncidentState::Failed);
    QCOMPARE(toString(r.plan.step(u"s3"_s)->state), toString(StepState::Failed));

    // Only a rollback may run now, and only a mutating, executed step can be rolled back.
    VERIFY_REFUSED(refusalOf(approved(r, u"s4"_s, {bob()}), start(u"s4"_s), sys()), ErrorCode::Conflict,
                   u"only rollback steps may run now"_s);
    VERIFY_REFUSED(refusalOf(r, addRollback(u"s2"_s, rollbackStep()), carol()), ErrorCode::Conflict,
                   u"nothing to roll back"_s);
    VERIFY_APPLIED(applyTo(r, addRollback(u"s3"_s, rollbackStep()), carol()));
    STATE_IS(r, IncidentState::AwaitingApproval);

    // The rollback needs approvals of its own, not its target's.
    VERIFY_REFUSED(refusalOf(r, start(u"r3"_s), sys()), ErrorCode::Conflict, u"step r3 needs 1 approval(s)"_s);
    VERIFY_REFUSED(refusalOf(r, approve(u"r3"_s), carol()), ErrorCode::Forbidden, u"needs an approver"_s);
    VERIFY_APPLIED(applyTo(r, approve(u"r3"_s), bob()));
    VERIFY_REFUSED(refusalOf(r, start(u"r3"_s), sys(), context(0, true)), ErrorCode::Conflict,
                   u"a freeze is in force"_s);
    VERIFY_APPLIED(applyTo(r, start(u"r3"_s), sys()));
    STATE_IS(r, IncidentState::Executing);
    VERIFY_REFUSED(refusalOf(r, finish(u"r3"_s, true), alice()), ErrorCode::Forbidden,
                   u"only the coordinator reports its outcome"_s);
    VERIFY_APPLIED(applyTo(r, finish(u"r3"_s, true, u"previous revision is back"_s), sys()));
    STATE_IS(r, IncidentState::RolledBack);

    VERIFY_REFUSED(refusalOf(r, addRollback(u"s3"_s, rollbackStep(u"r4"_s)), carol()), ErrorCode::Conflict,
                   u"cannot be requested while INC-42 is rolled_back"_s);
    VERIFY_APPLIED(applyTo(r, close(u"rolled back; fix in the next release"_s), alice()));
    STATE_IS(r, IncidentState::Closed);
}

void TestWorkflow::approvalRecordsSignedContentAndRoles()
{
    const User frank = makeUser(u"frank"_s, {u"responder"_s, u"change-approver"_s, u"viewer"_s});
    IncidentRecord r = s2Done();
    VERIFY_APPLIED(applyTo(r, approve(u"s3"_s), frank));
    const Approval &a = r.approvals.constLast();
    QCOMPARE(a.stepId, u"s3"_s);
    QCOMPARE(a.user, u"frank"_s);
    QCOMPARE(a.roles, QStringList {u"change-approver"_s}); // only the roles that qualify
    QVERIFY(a.decision == Decision::Approve);
    QCOMPARE(a.comment, u"lgtm"_s);
    QCOMPARE(a.contentHash, hashOf(r, u"s3"_s));
    QCOMPARE(a.at, now());
}

void TestWorkflow::proposePlanResetsStepLife()
{
    Plan plan = samplePlan(u"mallory"_s);
    plan.createdBy = u"mallory"_s;
    for (PlanStep &s : plan.steps) {
        s.state = StepState::Succeeded;
        s.startedAt = now().addSecs(-10);
        s.finishedAt = now().addSecs(-5);
        s.resultSummary = u"forged"_s;
    }
    IncidentRecord r = triaged();
    VERIFY_APPLIED(applyTo(r, propose(plan), carol()));
    QCOMPARE(r.plan.createdBy, u"carol"_s);
    QCOMPARE(r.plan.createdAt, now());
    QCOMPARE(r.plan.steps.size(), qsizetype(4));
    for (const PlanStep &s : std::as_const(r.plan.steps)) {
        QCOMPARE(toString(s.state), toString(StepState::Pending));
        QCOMPARE(s.requestedBy, u"carol"_s);
        QVERIFY(!s.startedAt.isValid());
        QVERIFY(!s.finishedAt.isValid());
        QVERIFY(s.resultSummary.isEmpty());
    }
    // Its proposer cannot approve the plan's steps.
    VERIFY_APPLIED(applyTo(r, requestApproval(), carol()));
    IncidentRecord byAlice = triaged();
    VERIFY_APPLIED(applyTo(byAlice, propose(plan), alice()));
    VERIFY_APPLIED(applyTo(byAlice, requestApproval(), alice()));
    VERIFY_REFUSED(refusalOf(byAlice, approve(u"s1"_s), alice()), ErrorCode::Forbidden, u"alice requested step s1"_s);
}

void TestWorkflow::editStepResetsLife()
{
    IncidentRecord r = withStep(awaiting(), u"s3"_s, StepState::Rejected);
    PlanStep step = editedStep(r, u"s3"_s);
    step.state = StepState::Succeeded;
    step.requestedBy = u"mallory"_s;
    step.startedAt = now();
    step.finishedAt = now();
    step.resultSummary = u"forged"_s;
    VERIFY_APPLIED(applyTo(r, edit(step), alice()));
    const PlanStep &s3 = *r.plan.step(u"s3"_s);
    QCOMPARE(toString(s3.state), toString(StepState::Pending));
    QCOMPARE(s3.requestedBy, u"alice"_s); // the editor now stands behind the step
    QVERIFY(!s3.startedAt.isValid());
    QVERIFY(!s3.finishedAt.isValid());
    QVERIFY(s3.resultSummary.isEmpty());
    QCOMPARE(s3.contentHash(), step.contentHash());
    QCOMPARE(r.plan.steps.size(), qsizetype(4));
    QCOMPARE(r.plan.steps.at(2).id, u"s3"_s); // edited in place
    VERIFY_REFUSED(refusalOf(r, approve(u"s3"_s), alice()), ErrorCode::Forbidden, u"alice requested step s3"_s);
}

void TestWorkflow::addRollbackFillsTheStep()
{
    IncidentRecord r = s3Failed();
    PlanStep asked = rollbackStep();
    asked.kind = StepKind::Manual; // forced to rollback
    asked.rollbackOf = u"s1"_s; // forced to the command's target
    asked.mutates = false; // forced to true
    asked.environment.clear(); // inherited from the target
    asked.state = StepState::Succeeded;
    asked.requestedBy = u"mallory"_s;

    const Expected<Transition> t = applyCommand(r, addRollback(u"s3"_s, asked).command, carol(), context());
    QVERIFY2(t, t ? "" : qPrintable(t.error().message));
    const PlanStep *rollback = t->record.plan.step(u"r3"_s);
    QVERIFY(rollback);
    QCOMPARE(t->record.plan.steps.constLast().id, u"r3"_s);
    QCOMPARE(toString(rollback->kind), toString(StepKind::Rollback));
    QCOMPARE(rollback->rollbackOf, u"s3"_s);
    QVERIFY(rollback->mutates);
    QCOMPARE(rollback->environment, u"prod"_s);
    QCOMPARE(toString(rollback->state), toString(StepState::Pending));
    QCOMPARE(rollback->requestedBy, u"carol"_s);
    QCOMPARE(t->eventPayload.value(u"step"_s).toObject().value(u"id"_s).toString(), u"r3"_s);
    QCOMPARE(t->eventPayload.value(u"reverses"_s).toString(), u"s3"_s);

    // An explicit environment is kept.
    asked.environment = u"uat"_s;
    const Expected<Transition> uat = applyCommand(r, addRollback(u"s3"_s, asked).command, carol(), context());
    QVERIFY(uat);
    QCOMPARE(uat->record.plan.step(u"r3"_s)->environment, u"uat"_s);
}

void TestWorkflow::startAndFinishStampTheStep()
{
    IncidentRecord r = s1Approved();
    const WorkflowContext at = context(5);
    VERIFY_APPLIED(applyTo(r, start(u"s1"_s), sys(), at));
    QCOMPARE(toString(r.plan.step(u"s1"_s)->state), toString(StepState::Running));
    QCOMPARE(r.plan.step(u"s1"_s)->startedAt, at.now);
    QCOMPARE(r.incident.updatedAt, at.now);

    const WorkflowContext done = context(40);
    VERIFY_APPLIED(applyTo(r, finish(u"s1"_s, true, u"logs attached"_s), sys(), done));
    const PlanStep &s1 = *r.plan.step(u"s1"_s);
    QCOMPARE(toString(s1.state), toString(StepState::Succeeded));
    QCOMPARE(s1.finishedAt, done.now);
    QCOMPARE(s1.resultSummary, u"logs attached"_s);

    IncidentRecord skipped = awaiting();
    VERIFY_APPLIED(applyTo(skipped, skip(u"s1"_s, u"known cause"_s), alice()));
    QCOMPARE(skipped.plan.step(u"s1"_s)->resultSummary, u"known cause"_s);
}

void TestWorkflow::runsAreKeptWithTheirSteps()
{
    IncidentRecord r = s1Approved();
    ExecutionRun run;
    run.id = u"run-1"_s;
    run.stepId = u"s1"_s;
    run.mode = u"check"_s;
    run.environment = u"uat"_s;
    run.outcome = u"running"_s;
    // A run names the step it executes.
    ExecutionRun other = run;
    other.stepId = u"s2"_s;
    VERIFY_REFUSED(refusalOf(r, Cmd {command::StartStep {u"s1"_s, other}}, sys()), ErrorCode::InvalidInput,
                   u"belongs to the playbook step"_s);
    VERIFY_APPLIED(applyTo(r, Cmd {command::StartStep {u"s1"_s, run}}, sys()));
    QCOMPARE(r.runs.size(), 1);
    QCOMPARE(r.runs.first().outcome, u"running"_s);

    ExecutionPhase phase;
    phase.name = u"run"_s;
    phase.outcome = u"ok"_s;
    phase.exitCode = 0;
    phase.tasks = {TaskResult {u"lab"_s, u"read fingerprint"_s, u"ok"_s, 12, {}, {}}};
    run.phases = {phase};
    run.outcome = u"succeeded"_s;
    Expected<Transition> t = applyCommand(r, command::FinishStep {u"s1"_s, true, u"no drift"_s, run}, sys(), context());
    QVERIFY(t);
    // The finished run replaces the running one; the audit keeps its summary.
    QCOMPARE(t->record.runs.size(), 1);
    QCOMPARE(t->record.runs.first(), run);
    const QJsonObject audited = t->eventPayload.value(u"run"_s).toObject();
    QCOMPARE(audited.value(u"outcome"_s).toString(), u"succeeded"_s);
    QCOMPARE(audited.value(u"phases"_s).toArray().first().toObject().value(u"tasks"_s).toObject().value(u"ok"_s),
             QJsonValue(1));
}

void TestWorkflow::resolvedWhenAllDoneAndValidated()
{
    // A manual step after the validation: finishing it resolves the incident.
    IncidentRecord r = awaiting();
    r.plan.steps = {makeStep(u"v1"_s, StepKind::Validate, u"Check health"_s, Risk::Low, u"validate-http"_s),
                    makeStep(u"m1"_s, StepKind::Manual, u"Tell the business"_s, Risk::Low, QString())};
    r.plan.steps[0].state = StepState::Succeeded;
    r.plan.steps[1].state = StepState::Running;
    r = inState(r, IncidentState::Executing);
    IncidentRecord validated = r;
    VERIFY_APPLIED(applyTo(validated, finish(u"m1"_s, true), alice()));
    STATE_IS(validated, IncidentState::Resolved);
    // Without a successful validation, recovery is not proven: people resolve by hand.
    IncidentRecord unproven = r;
    unproven.plan.steps[0].state = StepState::Skipped;
    VERIFY_APPLIED(applyTo(unproven, finish(u"m1"_s, true), alice()));
    STATE_IS(unproven, IncidentState::AwaitingApproval);
}

/// The plan is proposed for UAT first: a change applied and validated there
/// proves it, but a production incident is neither mitigated nor resolved
/// until the change is done where the incident is. An incident in UAT (the
/// lab's faults say environment=uat) is resolved by its UAT plan.
void TestWorkflow::uatRehearsalNeitherMitigatesNorResolvesProduction()
{
    auto plan = [](const QString &environment, const QString &incidentEnv) {
        IncidentRecord r = awaiting();
        r.plan.steps = {makeStep(u"c1"_s, StepKind::Remediate, u"Patch"_s, Risk::Low, u"patch-web"_s),
                        makeStep(u"v1"_s, StepKind::Validate, u"Check health"_s, Risk::Low, u"validate-http"_s)};
        for (PlanStep &s : r.plan.steps)
            s.environment = environment;
        if (!incidentEnv.isEmpty())
            r.incident.labels.insert(u"environment"_s, incidentEnv);
        r.plan.steps[0].state = StepState::Running;
        return inState(r, IncidentState::Executing);
    };
    auto applied = [](const QString &stepId) {
        ExecutionRun run;
        run.id = u"run-"_s + stepId;
        run.stepId = stepId;
        run.mode = u"apply"_s;
        run.outcome = u"succeeded"_s;
        return Cmd {command::FinishStep {stepId, true, u"done"_s, run}};
    };
    auto runBoth = [&](IncidentRecord r) {
        if (!applyTo(r, applied(u"c1"_s), User::system()).isEmpty())
            return IncidentRecord {};
        r.plan.steps[1].state = StepState::Running;
        r = inState(r, IncidentState::Executing);
        if (!applyTo(r, applied(u"v1"_s), User::system()).isEmpty())
            return IncidentRecord {};
        return r;
    };
    // A production incident (no label), the plan in UAT: proven, not mitigated, not resolved.
    const IncidentRecord rehearsed = runBoth(plan(u"uat"_s, QString()));
    QCOMPARE(rehearsed.plan.steps.size(), 2);
    STATE_IS(rehearsed, IncidentState::AwaitingApproval);
    QVERIFY(!rehearsed.incident.mitigatedAt.isValid());
    QVERIFY(!rehearsed.incident.resolvedAt.isValid());
    // The same done in prod: mitigated by the change, resolved by the validation.
    const IncidentRecord fixed = runBoth(plan(u"prod"_s, u"production"_s));
    STATE_IS(fixed, IncidentState::Resolved);
    QVERIFY(fixed.incident.mitigatedAt.isValid());
    QVERIFY(fixed.incident.resolvedAt.isValid());
    // An incident in UAT, fixed in UAT; a drill is one (the lab is UAT).
    const IncidentRecord lab = runBoth(plan(u"uat"_s, u"UAT"_s));
    STATE_IS(lab, IncidentState::Resolved);
    QVERIFY(lab.incident.mitigatedAt.isValid());
    IncidentRecord drill = plan(u"uat"_s, QString());
    drill.incident.drill = u"sso"_s;
    STATE_IS(runBoth(drill), IncidentState::Resolved);
    // Reopened by a new step: no longer resolved, the time to resolve runs again.
    IncidentRecord reopened = fixed;
    PlanStep more = makeStep(u"c2"_s, StepKind::Remediate, u"Patch the other site"_s, Risk::Medium, u"patch-web"_s);
    more.environment = u"prod"_s;
    VERIFY_APPLIED(applyTo(reopened, Cmd {command::AddStep {more}}, alice()));
    STATE_IS(reopened, IncidentState::AwaitingApproval);
    QVERIFY(!reopened.incident.resolvedAt.isValid());
    QCOMPARE(reopened.incident.mitigatedAt, fixed.incident.mitigatedAt);
}

void TestWorkflow::addStepAppendsAPendingStep()
{
    PlanStep prod
        = makeStep(u"s1-prod"_s, StepKind::Diagnose, u"Collect diagnostics (prod)"_s, Risk::Low, u"diagnose-web"_s);
    prod.environment = u"prod"_s;
    prod.state = StepState::Succeeded; // life fields are not taken from the caller
    IncidentRecord r = s1Done();
    VERIFY_REFUSED(refusalOf(r, Cmd {command::AddStep {prod}}, dave()), ErrorCode::Forbidden, u"Adding a step"_s);
    PlanStep duplicate = prod;
    duplicate.id = u"s1"_s;
    VERIFY_REFUSED(refusalOf(r, Cmd {command::AddStep {duplicate}}, carol()), ErrorCode::InvalidInput, u"unique id"_s);
    PlanStep rollback = prod;
    rollback.kind = StepKind::Rollback;
    VERIFY_REFUSED(refusalOf(r, Cmd {command::AddStep {rollback}}, carol()), ErrorCode::InvalidInput, u"rollback"_s);
    VERIFY_REFUSED(refusalOf(inState(r, IncidentState::Closed), Cmd {command::AddStep {prod}}, carol()),
                   ErrorCode::Conflict, u"closed"_s);

    VERIFY_APPLIED(applyTo(r, Cmd {command::AddStep {prod}}, alice()));
    const PlanStep *added = r.plan.step(u"s1-prod"_s);
    QVERIFY(added);
    QCOMPARE(r.plan.steps.last().id, u"s1-prod"_s);
    QCOMPARE(toString(added->state), toString(StepState::Pending));
    QCOMPARE(added->requestedBy, u"alice"_s);
    // Fresh approvals: the requester may not approve it, another person must.
    VERIFY_REFUSED(refusalOf(r, approve(u"s1-prod"_s), alice()), ErrorCode::Forbidden, u"request"_s);
    QCOMPARE(approvalStatus(r, *added, context()).approvers.size(), 0);

    // A resolved incident goes back to awaiting approval for the new step.
    IncidentRecord resolved = inState(s1Done(), IncidentState::Resolved);
    VERIFY_APPLIED(applyTo(resolved, Cmd {command::AddStep {prod}}, carol()));
    STATE_IS(resolved, IncidentState::AwaitingApproval);
}

void TestWorkflow::majorIncidentDecisions_data()
{
    QTest::addColumn<QString>("before"); // the incident's major status
    QTest::addColumn<bool>("promote");
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("error"); // -1: accepted
    QTest::addColumn<QString>("after");
    const int ok = -1;
    const int forbidden = int(ErrorCode::Forbidden);
    const int conflict = int(ErrorCode::Conflict);
    const int invalid = int(ErrorCode::InvalidInput);
    QTest::newRow("mim declares a candidate")
        << u"candidate"_s << true << u"mim"_s << u"impact"_s << ok << u"declared"_s;
    QTest::newRow("mim declares without triage") << QString() << true << u"mim"_s << QString() << ok << u"declared"_s;
    QTest::newRow("declared twice") << u"declared"_s << true << u"mim"_s << QString() << conflict << u"declared"_s;
    QTest::newRow("responder may not declare")
        << u"candidate"_s << true << u"responder"_s << QString() << forbidden << u"candidate"_s;
    QTest::newRow("the coordinator may not declare")
        << u"candidate"_s << true << u"system"_s << QString() << forbidden << u"candidate"_s;
    QTest::newRow("mim rejects a candidate")
        << u"candidate"_s << false << u"mim"_s << u"one user"_s << ok << u"rejected"_s;
    QTest::newRow("mim downgrades a declared one")
        << u"declared"_s << false << u"mim"_s << u"contained"_s << ok << u"rejected"_s;
    QTest::newRow("rejecting needs a reason")
        << u"candidate"_s << false << u"mim"_s << u" "_s << invalid << u"candidate"_s;
    QTest::newRow("nothing to reject") << QString() << false << u"mim"_s << u"why"_s << conflict << QString();
    QTest::newRow("change-approver may not reject")
        << u"candidate"_s << false << u"change-approver"_s << u"why"_s << forbidden << u"candidate"_s;
}

void TestWorkflow::majorIncidentDecisions()
{
    QFETCH(QString, before);
    QFETCH(bool, promote);
    QFETCH(QString, role);
    QFETCH(QString, reason);
    QFETCH(int, error);
    QFETCH(QString, after);
    IncidentRecord rec;
    rec.incident.id = 9;
    rec.incident.state = IncidentState::Triaged;
    rec.incident.major = before;
    const User actor = role == "system"_L1 ? User::system() : User {u"pat"_s, u"Pat"_s, {role}};
    const WorkflowContext ctx {QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC), false, 1800};
    const Command cmd = promote ? Command(command::Promote {reason}) : Command(command::Demote {reason});
    const Expected<Transition> t = applyCommand(rec, cmd, actor, ctx);
    if (error >= 0) {
        QVERIFY(!t);
        QCOMPARE(int(t.error().code), error);
        return;
    }
    QVERIFY2(t, qPrintable(t ? QString() : t.error().message));
    QCOMPARE(t->record.incident.major, after);
    QCOMPARE(t->record.incident.majorBy, u"pat"_s);
    QCOMPARE(t->eventType, promote ? u"incident.promoted"_s : u"incident.demoted"_s);
    QCOMPARE(t->eventPayload.value(u"previous"_s).toString(), before);
}

void TestWorkflow::triageNominatesButNeverOverrules()
{
    IncidentRecord rec;
    rec.incident.id = 3;
    const WorkflowContext ctx {QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC), false, 1800};
    Classification c;
    c.category = u"availability"_s;
    c.mimRequired = true;
    c.confidence = 0.9;
    Expected<Transition> t = applyCommand(rec, command::Triage {c, {}}, User::system(), ctx);
    QVERIFY(t);
    QCOMPARE(t->record.incident.major, u"candidate"_s);
    // After a person rejected it, a new triage does not bring it back.
    rec.incident.major = u"rejected"_s;
    t = applyCommand(rec, command::Triage {c, {}}, User::system(), ctx);
    QVERIFY(t);
    QCOMPARE(t->record.incident.major, u"rejected"_s);
}

void TestWorkflow::triagePayloadLeftToTheCaller()
{
    // The triage pool encodes the payload itself: the same transition, an
    // empty payload, and triagedPayload() is what it would have been.
    IncidentRecord rec;
    rec.incident.id = 4;
    const WorkflowContext ctx {QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC), false, 1800};
    const Cmd full = triage();
    command::Triage deferred = std::get<command::Triage>(full.command);
    deferred.payloadFromRecord = true;
    const Expected<Transition> a = applyCommand(rec, full.command, User::system(), ctx);
    const Expected<Transition> b = applyCommand(rec, deferred, User::system(), ctx);
    QVERIFY(a && b);
    QCOMPARE(b->record, a->record);
    QCOMPARE(b->eventType, a->eventType);
    QVERIFY(b->eventPayload.isEmpty());
    QVERIFY(!a->eventPayload.isEmpty());
    QCOMPARE(triagedPayload(*a->record.classification, a->record.matches), a->eventPayload);
}

void TestWorkflow::stepShapeIsChecked_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("a viewer as approver") << u"viewer"_s << u"\"viewer\" may not approve steps"_s;
    QTest::newRow("the coordinator as approver") << u"system"_s << u"\"system\" may not approve steps"_s;
    QTest::newRow("a hand-written snapshot") << u"manual-snapshot"_s << u"must name a whitelisted playbook"_s;
    QTest::newRow("a hand-written remediation") << u"manual-remediate"_s << u"must name a whitelisted playbook"_s;
    QTest::newRow("a low-risk change") << u"low-risk-change"_s << u"cannot be low risk"_s;
}

void TestWorkflow::stepShapeIsChecked()
{
    QFETCH(QString, what);
    QFETCH(QString, fragment);
    Plan plan = samplePlan();
    if (what == "viewer"_L1 || what == "system"_L1)
        plan.steps[0].requiredRoles = {what};
    else if (what == "manual-snapshot"_L1)
        plan.steps[1].playbookId.clear();
    else if (what == "manual-remediate"_L1)
        plan.steps[2].playbookId.clear();
    else
        plan.steps[2].risk = Risk::Low;
    // Proposed or edited in, the step is refused the same way.
    VERIFY_REFUSED(refusalOf(triaged(), propose(plan), carol()), ErrorCode::InvalidInput, fragment);
    const PlanStep changed = what == "viewer"_L1 || what == "system"_L1 ? plan.steps[0]
        : what == "manual-snapshot"_L1                                  ? plan.steps[1]
                                                                        : plan.steps[2];
    VERIFY_REFUSED(refusalOf(awaiting(), edit(changed), carol()), ErrorCode::InvalidInput, fragment);
}

void TestWorkflow::submitterOfACoordinatorPlanMayNotApproveIt()
{
    // The coordinator proposed the plan; alice (mim) puts it up for approval.
    const IncidentRecord coordinatorPlan = planned(u"warroomd"_s);
    const Expected<Transition> submitted = applyCommand(coordinatorPlan, requestApproval().command, alice(), context());
    QVERIFY2(submitted, submitted ? "" : qPrintable(submitted.error().message));
    for (const PlanStep &st : submitted->record.plan.steps)
        QCOMPARE(st.requestedBy, u"alice"_s);
    QCOMPARE(submitted->eventPayload.value(u"requested_by"_s).toString(), u"alice"_s);
    VERIFY_REFUSED(refusalOf(submitted->record, approve(u"s1"_s), alice()), ErrorCode::Forbidden,
                   u"alice requested step s1"_s);
    // Someone else may.
    QVERIFY(applyCommand(submitted->record, approve(u"s1"_s).command, bob(), context()));
}

void TestWorkflow::mimMayFailAStuckPlaybookStep()
{
    const IncidentRecord r = s1Running();
    // Succeeded by hand: never.
    VERIFY_REFUSED(refusalOf(r, finish(u"s1"_s, true, u"looks fine"_s), alice()), ErrorCode::Forbidden,
                   u"only the coordinator reports its outcome"_s);
    // Failed without saying why: no.
    VERIFY_REFUSED(refusalOf(r, finish(u"s1"_s, false, u" "_s), alice()), ErrorCode::Forbidden, u"with a summary"_s);
    // A responder: no.
    VERIFY_REFUSED(refusalOf(r, finish(u"s1"_s, false, u"stuck"_s), carol()), ErrorCode::Forbidden,
                   u"only the coordinator"_s);
    const Expected<Transition> t
        = applyCommand(r, finish(u"s1"_s, false, u"executor lost; no output for 20 min"_s).command, alice(), context());
    QVERIFY2(t, t ? "" : qPrintable(t.error().message));
    QCOMPARE(toString(t->record.plan.step(u"s1"_s)->state), toString(StepState::Failed));
    QCOMPARE(toString(t->record.incident.state), toString(IncidentState::Failed));
}

QTEST_GUILESS_MAIN(TestWorkflow)
// The console offers its buttons by rolesFor()/roleNamesFor(); the
// workflow must refuse exactly the roles the table leaves out, for every
// command the console offers by it.
void TestWorkflow::permissionTableIsWhatTheWorkflowEnforces()
{
    struct Case
    {
        Action action;
        Command command;
    };
    const QList<Case> cases {
        {Action::Acknowledge, command::Acknowledge {u"on it"_s}},
        {Action::DeclareSeverity, command::DeclareSeverity {Severity::Sev2, u"checkout is down"_s}},
        {Action::AssignCommandRoles, command::AssignRoles {u"mia"_s, std::nullopt, std::nullopt}},
        {Action::DeclareMitigated, command::Mitigate {u"traffic moved to the other region"_s}},
    };
    const QStringList everyRole {u"viewer"_s, u"responder"_s, u"mim"_s, u"change-approver"_s, u"admin"_s};
    int allowed = 0;
    for (const Case &c : cases) {
        QVERIFY(!roleNamesFor(c.action).isEmpty());
        for (const QString &role : everyRole) {
            const User actor = makeUser(u"pat"_s, {role});
            const Expected<Transition> t = applyCommand(awaiting(), c.command, actor, context());
            const bool refusedForTheRole = !t && t.error().code == ErrorCode::Forbidden;
            const bool tableAllows = roleNamesFor(c.action).contains(role);
            QVERIFY2(refusedForTheRole != tableAllows,
                     qPrintable(u"%1 by %2: the table says %3, the workflow %4"_s.arg(
                         eventTypeOf(c.command), role, tableAllows ? u"yes"_s : u"no"_s,
                         t ? u"accepted"_s : t.error().message)));
            allowed += tableAllows;
        }
    }
    QVERIFY(allowed >= 6);
    // The coordinator acts by itself where the table says so, and is never shown as a role to people.
    QVERIFY(rolesFor(Action::OpenIncident).contains(Role::System));
    QVERIFY(!roleNamesFor(Action::OpenIncident).contains(u"system"_s));
    QCOMPARE(roleNamesFor(Action::LiftFreeze), (QStringList {u"mim"_s, u"admin"_s}));
}

#include "tst_workflow.moc"
