// Incident command: roles, acknowledgement, declared severity, mitigation,
// tasks that block or run late and go to the commander, status updates,
// postmortem notes and the response-time metrics. The workflow rules as
// pure functions, then the coordinator on a real SqliteStore with a clock
// the test moves.

#include "coordinator.h"
#include "postmortem.h"
#include "sqlitestore.h"
#include "workflow.h"

#include "jsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

User person(const QString &name, const QStringList &roles)
{
    return User {name, name, roles};
}

const User kMim = person(u"mia"_s, {u"mim"_s});
const User kMim2 = person(u"max"_s, {u"mim"_s});
const User kResponder = person(u"rita"_s, {u"responder"_s});
const User kApprover = person(u"carl"_s, {u"change-approver"_s});
const User kViewer = person(u"vera"_s, {u"viewer"_s});

User byName(const QString &name)
{
    if (name == "system"_L1)
        return User::system();
    for (const User &u : {kMim, kMim2, kResponder, kApprover, kViewer, User::system()}) {
        if (u.name == name)
            return u;
    }
    return person(name, {});
}

const QDateTime kT0 = QDateTime(QDate(2031, 3, 14), QTime(9, 0, 0), Qt::UTC);

WorkflowContext at(qint64 seconds)
{
    return WorkflowContext {kT0.addSecs(seconds), false, 1800};
}

PlanStep task(const QString &id, const QString &owner, qint64 dueInSeconds)
{
    PlanStep s;
    s.id = id;
    s.kind = StepKind::Manual;
    s.title = u"Call the card processor"_s;
    s.owner = owner;
    if (dueInSeconds >= 0)
        s.dueAt = kT0.addSecs(dueInSeconds);
    s.requestedBy = u"rita"_s;
    return s;
}

/// INC-7, declared major with mia in command, a manual task for rita due at +30 min.
IncidentRecord commanded()
{
    IncidentRecord r;
    r.incident.id = 7;
    r.incident.title = u"Payments declined"_s;
    r.incident.state = IncidentState::AwaitingApproval;
    r.incident.major = u"declared"_s;
    r.incident.commander = u"mia"_s;
    r.incident.commsLead = u"rita"_s;
    r.incident.scribe = u"carl"_s;
    r.incident.createdAt = kT0;
    r.incident.updatedAt = kT0;
    r.incident.acknowledgedAt = kT0.addSecs(60);
    r.incident.acknowledgedBy = u"mia"_s;
    Classification c;
    c.category = u"availability"_s;
    c.severity = Severity::Sev2;
    c.confidence = 0.8;
    r.classification = c;
    r.plan.steps = {task(u"t1"_s, u"rita"_s, 30 * 60)};
    return r;
}

Expected<Transition> apply(const IncidentRecord &r, const Command &c, const QString &actor, qint64 at_ = 600)
{
    return applyCommand(r, c, byName(actor), at(at_));
}

PostmortemNotes notes()
{
    PostmortemNotes n;
    n.impact = u"Card payments failed for 18 minutes"_s;
    n.whys = {u"The pool was too small"_s, u"Traffic doubled"_s};
    n.rootCause = u"Pool size not tied to traffic forecasts"_s;
    n.actions = {CorrectiveAction {u"Autoscale the pool"_s, u"rita"_s, QDate(2031, 4, 1), u"open"_s, u"OPS-9"_s}};
    return n;
}

} // namespace

Q_DECLARE_METATYPE(warroom::Command)

class TestCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rules_data();
    void rules();
    void firstHumanActionAcknowledges();
    void responseTimesFollowTheWork();
    void promoterTakesCommand();
    void notesValidate_data();
    void notesValidate();

    void init();
    void cleanup();
    void overdueTaskGoesToTheCommanderOnce();
    void blockedTaskEscalatesAtOnce();
    void commandRolesNameKnownPeople();
    void statusUpdatesAreKept();
    void postmortemUsesWhatPeopleWrote();
    void responseMetricsPerSeverityAndCategory();
    void ingestKeepsWhatPeopleWrote();

private:
    qint64 incidentWithTask(qint64 dueInSeconds);
    QList<AuditEvent> events(qint64 id, const QString &type);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteStore> m_store;
    QDateTime m_now;
    std::unique_ptr<Coordinator> m_coordinator;
};

void TestCommand::rules_data()
{
    QTest::addColumn<Command>("command");
    QTest::addColumn<QString>("actor");
    QTest::addColumn<QString>("refusal"); // empty: accepted
    QTest::addColumn<QString>("eventType");

    using namespace command;
    QTest::newRow("mim names the command") << Command(AssignRoles {u"max"_s, u"carl"_s, std::nullopt}) << u"mia"_s
                                           << QString() << u"incident.roles_assigned"_s;
    QTest::newRow("responder may not name the command")
        << Command(AssignRoles {u"rita"_s, {}, {}}) << u"rita"_s << u"needs one of the roles mim"_s << QString();
    QTest::newRow("nothing to assign") << Command(AssignRoles {}) << u"mia"_s << u"name at least one"_s << QString();
    QTest::newRow("same roles again") << Command(AssignRoles {u"mia"_s, u"rita"_s, u"carl"_s}) << u"mia"_s
                                      << u"already has these command roles"_s << QString();
    QTest::newRow("a declared major incident keeps a commander")
        << Command(AssignRoles {QString(), {}, {}}) << u"mia"_s << u"keeps a commander"_s << QString();
    QTest::newRow("acknowledged twice") << Command(Acknowledge {}) << u"carl"_s << u"was acknowledged by mia"_s
                                        << QString();
    QTest::newRow("viewer may not acknowledge")
        << Command(Acknowledge {}) << u"vera"_s << u"needs one of the roles"_s << QString();
    QTest::newRow("severity as proposed needs no reason")
        << Command(DeclareSeverity {Severity::Sev2, {}}) << u"mia"_s << QString() << u"incident.severity_declared"_s;
    QTest::newRow("another severity needs a reason")
        << Command(DeclareSeverity {Severity::Sev1, {}}) << u"mia"_s << u"needs a reason"_s << QString();
    QTest::newRow("another severity with a reason")
        << Command(DeclareSeverity {Severity::Sev1, u"all card payments fail"_s}) << u"mia"_s << QString()
        << u"incident.severity_declared"_s;
    QTest::newRow("responder may not declare a severity") << Command(DeclareSeverity {Severity::Sev1, u"x"_s})
                                                          << u"rita"_s << u"needs one of the roles mim"_s << QString();
    QTest::newRow("unknown severity") << Command(DeclareSeverity {Severity::Unknown, u"x"_s}) << u"mia"_s
                                      << u"must be one of SEV1"_s << QString();
    QTest::newRow("mitigated by a responder")
        << Command(Mitigate {u"traffic moved to eu-west"_s}) << u"rita"_s << QString() << u"incident.mitigated"_s;
    QTest::newRow("mitigated without saying how")
        << Command(Mitigate {u" "_s}) << u"rita"_s << u"say what mitigated"_s << QString();
    QTest::newRow("the task's owner blocks it")
        << Command(SetTaskBlocked {u"t1"_s, true, u"no phone number"_s}) << u"rita"_s << QString() << u"task.blocked"_s;
    QTest::newRow("blocked without a reason")
        << Command(SetTaskBlocked {u"t1"_s, true, {}}) << u"rita"_s << u"what the task is waiting for"_s << QString();
    QTest::newRow("a viewer may not block a task")
        << Command(SetTaskBlocked {u"t1"_s, true, u"x"_s}) << u"vera"_s << u"needs one of the roles"_s << QString();
    QTest::newRow("unblocking a task that is not blocked")
        << Command(SetTaskBlocked {u"t1"_s, false, {}}) << u"rita"_s << u"already unblocked"_s << QString();
    QTest::newRow("no such task") << Command(SetTaskBlocked {u"t9"_s, true, u"x"_s}) << u"rita"_s << u"no step"_s
                                  << QString();
    QTest::newRow("a person may not escalate a task")
        << Command(EscalateTask {u"t1"_s, u"overdue"_s}) << u"mia"_s << u"needs one of the roles system"_s << QString();
    QTest::newRow("a task not due yet is not overdue")
        << Command(EscalateTask {u"t1"_s, u"overdue"_s}) << u"system"_s << u"not overdue"_s << QString();
    QTest::newRow("a task not blocked is not escalated as blocked")
        << Command(EscalateTask {u"t1"_s, u"blocked"_s}) << u"system"_s << u"not blocked"_s << QString();
    QTest::newRow("the comms lead publishes") << Command(PublishStatus {u"executive"_s, u"Payments recovering"_s})
                                              << u"rita"_s << QString() << u"status.published"_s;
    QTest::newRow("any mim publishes") << Command(PublishStatus {u"internal"_s, u"x"_s}) << u"max"_s << QString()
                                       << u"status.published"_s;
    QTest::newRow("the scribe may not publish") << Command(PublishStatus {u"internal"_s, u"x"_s}) << u"carl"_s
                                                << u"its commander or its comms lead"_s << QString();
    QTest::newRow("unknown audience") << Command(PublishStatus {u"press"_s, u"x"_s}) << u"mia"_s
                                      << u"audience must be one of"_s << QString();
    QTest::newRow("empty update") << Command(PublishStatus {u"internal"_s, u"  "_s}) << u"mia"_s << u"needs its text"_s
                                  << QString();
    QTest::newRow("a draft with its marks left in")
        << Command(PublishStatus {u"executive"_s, u"Estimated time to recovery: [fill in]."_s}) << u"mia"_s
        << u"still has [fill in] in it"_s << QString();
    QTest::newRow("the scribe writes the postmortem")
        << Command(UpdatePostmortem {notes()}) << u"carl"_s << QString() << u"postmortem.updated"_s;
    QTest::newRow("a responder outside command may not")
        << Command(UpdatePostmortem {notes()}) << u"vera"_s << u"its commander or its scribe"_s << QString();
    QTest::newRow("only the coordinator links a Jira issue")
        << Command(LinkExternal {u"jira"_s, u"OPS-12"_s}) << u"mia"_s << u"needs one of the roles system"_s
        << QString();
    QTest::newRow("the coordinator links a Jira issue")
        << Command(LinkExternal {u"jira"_s, u"OPS-12"_s}) << u"system"_s << QString() << u"incident.linked"_s;
}

void TestCommand::rules()
{
    QFETCH(Command, command);
    QFETCH(QString, actor);
    QFETCH(QString, refusal);
    QFETCH(QString, eventType);
    const Expected<Transition> t = apply(commanded(), command, actor);
    if (refusal.isEmpty()) {
        QVERIFY2(t, qPrintable(t ? QString() : t.error().message));
        QCOMPARE(t->eventType, eventType);
    } else {
        QVERIFY2(!t, "accepted");
        QVERIFY2(t.error().message.contains(refusal), qPrintable(t.error().message));
    }
}

void TestCommand::firstHumanActionAcknowledges()
{
    IncidentRecord r = commanded();
    r.incident.acknowledgedAt = {};
    r.incident.acknowledgedBy.clear();
    // The coordinator's own work does not stop the clock.
    Expected<Transition> linked = apply(r, command::LinkExternal {u"jira"_s, u"OPS-1"_s}, u"system"_s, 120);
    QVERIFY(linked);
    QVERIFY(!linked->record.incident.acknowledgedAt.isValid());
    // A refused command does not either.
    QVERIFY(!apply(linked->record, command::Acknowledge {}, u"vera"_s, 180));
    // The first thing a person does does.
    Expected<Transition> blocked
        = apply(linked->record, command::SetTaskBlocked {u"t1"_s, true, u"waiting for the vendor"_s}, u"rita"_s, 240);
    QVERIFY(blocked);
    QCOMPARE(blocked->record.incident.acknowledgedAt, kT0.addSecs(240));
    QCOMPARE(blocked->record.incident.acknowledgedBy, u"rita"_s);
    // And an explicit acknowledgement after that is refused with who and when.
    const Expected<Transition> again = apply(blocked->record, command::Acknowledge {}, u"mia"_s, 300);
    QVERIFY(!again);
    QVERIFY(again.error().message.contains(u"rita"_s));
}

void TestCommand::responseTimesFollowTheWork()
{
    IncidentRecord r = commanded();
    PlanStep snap;
    snap.id = u"s1"_s;
    snap.kind = StepKind::Snapshot;
    snap.playbookId = u"snap"_s;
    snap.state = StepState::Succeeded;
    PlanStep fix = snap;
    fix.id = u"s2"_s;
    fix.kind = StepKind::Remediate;
    fix.risk = Risk::Medium;
    fix.state = StepState::Running;
    PlanStep check = snap;
    check.id = u"s3"_s;
    check.kind = StepKind::Validate;
    check.state = StepState::Pending;
    r.plan.steps = {snap, fix, check};
    r.incident.state = IncidentState::Executing;
    // A dry run of the change (check mode, or simulated) changed nothing: not mitigated.
    for (const QString &mode : {u"check"_s, u"simulate"_s}) {
        ExecutionRun dry;
        dry.id = u"r-"_s + mode;
        dry.stepId = u"s2"_s;
        dry.mode = mode;
        dry.outcome = u"succeeded"_s;
        Expected<Transition> checked
            = apply(r, command::FinishStep {u"s2"_s, true, u"would change 2"_s, dry}, u"system"_s, 600);
        QVERIFY(checked);
        QVERIFY2(!checked->record.incident.mitigatedAt.isValid(), qPrintable(mode));
    }
    // The change worked: mitigated, not yet resolved.
    Expected<Transition> fixed = apply(r, command::FinishStep {u"s2"_s, true, u"pool raised"_s, {}}, u"system"_s, 900);
    QVERIFY(fixed);
    QCOMPARE(fixed->record.incident.mitigatedAt, kT0.addSecs(900));
    QVERIFY(!fixed->record.incident.resolvedAt.isValid());
    ExecutionRun applied;
    applied.id = u"r-apply"_s;
    applied.stepId = u"s2"_s;
    applied.mode = u"apply"_s;
    applied.outcome = u"succeeded"_s;
    Expected<Transition> appliedRun
        = apply(r, command::FinishStep {u"s2"_s, true, u"pool raised"_s, applied}, u"system"_s, 900);
    QVERIFY(appliedRun);
    QCOMPARE(appliedRun->record.incident.mitigatedAt, kT0.addSecs(900));
    // The validation passes: resolved; the mitigation time stays.
    IncidentRecord validating = fixed->record;
    validating.plan.steps[2].state = StepState::Running;
    validating.incident.state = IncidentState::Validating;
    Expected<Transition> done
        = apply(validating, command::FinishStep {u"s3"_s, true, u"healthy"_s, {}}, u"system"_s, 1200);
    QVERIFY(done);
    QCOMPARE(toString(done->record.incident.state), u"resolved"_s);
    QCOMPARE(done->record.incident.resolvedAt, kT0.addSecs(1200));
    QCOMPARE(done->record.incident.mitigatedAt, kT0.addSecs(900));
    // A person resolving without a change mitigates at the same moment.
    IncidentRecord manual = commanded();
    Expected<Transition> resolved = apply(manual, command::Resolve {u"vendor fixed it"_s}, u"mia"_s, 1500);
    QVERIFY(resolved);
    QCOMPARE(resolved->record.incident.mitigatedAt, kT0.addSecs(1500));
    QCOMPARE(resolved->record.incident.resolvedAt, kT0.addSecs(1500));
}

void TestCommand::promoterTakesCommand()
{
    IncidentRecord r = commanded();
    r.incident.major = u"candidate"_s;
    r.incident.commander.clear();
    Expected<Transition> t = apply(r, command::Promote {u"card payments down"_s}, u"max"_s);
    QVERIFY(t);
    QCOMPARE(t->record.incident.commander, u"max"_s);
    QCOMPARE(t->eventPayload.value(u"commander"_s).toString(), u"max"_s);
    // Someone already in command stays in command.
    r.incident.commander = u"mia"_s;
    t = apply(r, command::Promote {u"card payments down"_s}, u"max"_s);
    QVERIFY(t);
    QCOMPARE(t->record.incident.commander, u"mia"_s);
}

void TestCommand::notesValidate_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("refusal");
    QTest::newRow("complete") << QByteArray(R"({"impact":"x","whys":["a","b"],"root_cause":"c",
        "actions":[{"title":"t","owner":"rita","due":"2031-04-01"}]})")
                              << QString();
    QTest::newRow("six whys") << QByteArray(R"({"whys":["1","2","3","4","5","6"]})") << u"more than 5"_s;
    QTest::newRow("action without owner")
        << QByteArray(R"({"actions":[{"title":"t","due":"2031-04-01"}]})") << u"owner"_s;
    QTest::newRow("action with a bad date")
        << QByteArray(R"({"actions":[{"title":"t","owner":"o","due":"soon"}]})") << u"YYYY-MM-DD"_s;
    QTest::newRow("unknown status") << QByteArray(
        R"({"actions":[{"title":"t","owner":"o","due":"2031-04-01","status":"later"}]})")
                                    << u"open, in_progress or done"_s;
    QTest::newRow("whys not strings") << QByteArray(R"({"whys":[1]})") << u"array of strings"_s;
}

void TestCommand::notesValidate()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, refusal);
    const Expected<PostmortemNotes> n = PostmortemNotes::fromJson(QJsonDocument::fromJson(json).object());
    if (refusal.isEmpty()) {
        QVERIFY2(n, qPrintable(n ? QString() : n.error().message));
        QCOMPARE(n->actions.first().status, u"open"_s);
        QCOMPARE(PostmortemNotes::fromJson(n->toJson()).value(), *n);
    } else {
        QVERIFY(!n);
        QVERIFY2(n.error().message.contains(refusal), qPrintable(n.error().message));
    }
}

// --- the coordinator ------------------------------------------------------------

void TestCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<SqliteStore>(m_dir->filePath(u"warroom.db"_s));
    QVERIFY(m_store->open());
    m_now = kT0;
    Config config;
    config.taskCheckSeconds = 0; // the test calls the check itself
    m_coordinator = std::make_unique<Coordinator>(*m_store, config);
    m_coordinator->setClock([this] { return m_now; });
    QHash<QString, User> people;
    for (const User &u : {kMim, kMim2, kResponder, kApprover, kViewer})
        people.insert(u.name, u);
    m_coordinator->setDirectory(people);
    QVERIFY(m_coordinator->start());
}

void TestCommand::cleanup()
{
    m_coordinator.reset();
    m_store.reset();
    m_dir.reset();
}

qint64 TestCommand::incidentWithTask(qint64 dueInSeconds)
{
    Expected<Submission> s = m_coordinator->submit(
        kResponder, {{u"title"_s, u"Payments declined"_s}, {u"service"_s, u"payments"_s}, {u"priority"_s, u"P1"_s}},
        {});
    if (!s)
        return 0;
    const qint64 id = s->record.incident.id;
    Plan plan;
    plan.source = u"manual"_s;
    plan.steps = {task(u"t1"_s, u"rita"_s, dueInSeconds)};
    if (!m_coordinator->execute(id, command::ProposePlan {plan}, kResponder)
        || !m_coordinator->execute(id, command::RequestApproval {}, kResponder)
        || !m_coordinator->execute(id, command::Promote {u"payments down"_s}, kMim))
        return 0;
    return id;
}

QList<AuditEvent> TestCommand::events(qint64 id, const QString &type)
{
    QList<AuditEvent> out;
    const Expected<QList<AuditEvent>> all = m_store->auditEvents(id, 0, 100000);
    for (const AuditEvent &e : all.value())
        if (e.type == type)
            out.append(e);
    return out;
}

void TestCommand::overdueTaskGoesToTheCommanderOnce()
{
    const qint64 id = incidentWithTask(30 * 60);
    QVERIFY(id > 0);
    QSignalSpy applied(m_coordinator.get(), &Coordinator::commandApplied);
    m_now = kT0.addSecs(29 * 60);
    QCOMPARE(m_coordinator->escalateOverdueTasks(), 0);
    m_now = kT0.addSecs(31 * 60);
    QCOMPARE(m_coordinator->escalateOverdueTasks(), 1);
    const QList<AuditEvent> escalated = events(id, u"task.escalated"_s);
    QCOMPARE(escalated.size(), 1);
    const QJsonObject p = escalated.first().payloadObject();
    QCOMPARE(p.value(u"to"_s).toString(), u"mia"_s); // the promoter took command
    QCOMPARE(p.value(u"reason"_s).toString(), u"overdue"_s);
    QCOMPARE(p.value(u"owner"_s).toString(), u"rita"_s);
    QCOMPARE(escalated.first().actor, User::system().name);
    // Notifications hear about it.
    QCOMPARE(applied.size(), 1);
    QCOMPARE(applied.first().at(0).toString(), u"task.escalated"_s);
    // The console shows it on the step.
    const PlanStep step = m_coordinator->incident(id)->plan.steps.first();
    QCOMPARE(step.escalatedReason, u"overdue"_s);
    QCOMPARE(step.escalatedAt, kT0.addSecs(31 * 60));
    QCOMPARE(step.escalatedTo, u"mia"_s);
    // Command changes hands: the step still says whom it went to.
    QVERIFY(m_coordinator->execute(id, command::AssignRoles {u"max"_s, std::nullopt, std::nullopt}, kMim));
    QCOMPARE(m_coordinator->incident(id)->incident.commander, u"max"_s);
    QCOMPARE(m_coordinator->incident(id)->plan.steps.first().escalatedTo, u"mia"_s);
    // Once per due time: a later check is quiet...
    m_now = kT0.addSecs(45 * 60);
    QCOMPARE(m_coordinator->escalateOverdueTasks(), 0);
    QCOMPARE(m_coordinator->tasksEscalated(), 1);
    // ...until someone gives it a new due time and that passes too.
    PlanStep later = step;
    later.dueAt = kT0.addSecs(60 * 60);
    QVERIFY(m_coordinator->execute(id, command::EditStep {later}, kResponder));
    QCOMPARE(m_coordinator->escalateOverdueTasks(), 0);
    m_now = kT0.addSecs(61 * 60);
    QCOMPARE(m_coordinator->escalateOverdueTasks(), 1);
    QCOMPARE(events(id, u"task.escalated"_s).size(), 2);
    // A finished task is never overdue.
    PlanStep again = *m_coordinator->incident(id)->plan.step(u"t1"_s);
    again.dueAt = kT0.addSecs(70 * 60);
    QVERIFY(m_coordinator->execute(id, command::EditStep {again}, kResponder));
    QVERIFY(m_coordinator->execute(id, command::Approve {u"t1"_s, u"ok"_s, {}}, kApprover));
    QVERIFY(m_coordinator->execute(id, command::StartStep {u"t1"_s, {}}, kResponder));
    QVERIFY(m_coordinator->execute(id, command::FinishStep {u"t1"_s, true, u"called"_s, {}}, kResponder));
    m_now = kT0.addSecs(80 * 60);
    QCOMPARE(m_coordinator->escalateOverdueTasks(), 0);
    QCOMPARE(m_store->incidentsWithTasksDue(m_now).value().size(), 0);
}

void TestCommand::blockedTaskEscalatesAtOnce()
{
    const qint64 id = incidentWithTask(-1); // no due time
    QVERIFY(id > 0);
    QVERIFY(m_coordinator->execute(id, command::SetTaskBlocked {u"t1"_s, true, u"no phone number for the processor"_s},
                                   kResponder));
    const QList<AuditEvent> escalated = events(id, u"task.escalated"_s);
    QCOMPARE(escalated.size(), 1);
    QCOMPARE(escalated.first().payloadObject().value(u"reason"_s).toString(), u"blocked"_s);
    QCOMPARE(escalated.first().payloadObject().value(u"blocked_reason"_s).toString(),
             u"no phone number for the processor"_s);
    const PlanStep step = m_coordinator->incident(id)->plan.steps.first();
    QVERIFY(step.blocked);
    QCOMPARE(step.escalatedReason, u"blocked"_s);
    // The read-in says so.
    const Expected<ReadIn> in = m_coordinator->readIn(id);
    QVERIFY(in);
    QVERIFY(in->running.contains(u"task t1 BLOCKED: no phone number for the processor"_s));
    QVERIFY(in->owners.contains(u"incident commander: mia"_s));
    // Unblocking does not escalate.
    QVERIFY(m_coordinator->execute(id, command::SetTaskBlocked {u"t1"_s, false, {}}, kResponder));
    QCOMPARE(events(id, u"task.escalated"_s).size(), 1);
}

void TestCommand::commandRolesNameKnownPeople()
{
    const qint64 id = incidentWithTask(-1);
    QVERIFY(id > 0);
    // Who may not assign is told so, not whether the names exist.
    for (const Command &c :
         {Command(command::AssignRoles {u"nobody"_s, {}, {}}), Command(command::Assign {u"nobody"_s})}) {
        Expected<IncidentRecord> refused = m_coordinator->execute(id, c, kViewer);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Forbidden);
        QVERIFY2(!refused.error().message.contains(u"nobody"_s), qPrintable(refused.error().message));
    }
    Expected<IncidentRecord> r = m_coordinator->execute(id, command::AssignRoles {u"nobody"_s, {}, {}}, kMim);
    QVERIFY(!r);
    QVERIFY2(r.error().message.contains(u"nobody called \"nobody\""_s), qPrintable(r.error().message));
    // An owner too: a known person, not a typo.
    r = m_coordinator->execute(id, command::Assign {u"nobody-such"_s}, kMim);
    QVERIFY(!r);
    QCOMPARE(r.error().code, ErrorCode::InvalidInput);
    QVERIFY2(r.error().message.contains(u"owner: nobody called \"nobody-such\""_s), qPrintable(r.error().message));
    QVERIFY(m_coordinator->incident(id)->incident.owner != u"nobody-such"_s);
    QVERIFY(m_coordinator->execute(id, command::Assign {u"rita"_s}, kMim));
    QCOMPARE(m_coordinator->incident(id)->incident.owner, u"rita"_s);
    r = m_coordinator->execute(id, command::AssignRoles {u"rita"_s, {}, {}}, kMim);
    QVERIFY(!r);
    QVERIFY2(r.error().message.contains(u"must hold the mim role"_s), qPrintable(r.error().message));
    r = m_coordinator->execute(id, command::AssignRoles {{}, u"vera"_s, {}}, kMim);
    QVERIFY(!r);
    QVERIFY2(r.error().message.contains(u"may only view"_s), qPrintable(r.error().message));
    r = m_coordinator->execute(id, command::AssignRoles {u"max"_s, u"rita"_s, u"carl"_s}, kMim);
    QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
    QCOMPARE(r->incident.commander, u"max"_s);
    const QJsonObject p = events(id, u"incident.roles_assigned"_s).first().payloadObject();
    QCOMPARE(p.value(u"commander"_s).toObject().value(u"from"_s).toString(), u"mia"_s);
    QCOMPARE(p.value(u"commander"_s).toObject().value(u"to"_s).toString(), u"max"_s);
    QCOMPARE(p.value(u"scribe"_s).toObject().value(u"to"_s).toString(), u"carl"_s);
}

void TestCommand::statusUpdatesAreKept()
{
    const qint64 id = incidentWithTask(-1);
    QVERIFY(id > 0);
    const Expected<QString> draft = m_coordinator->statusDraft(id, u"executive"_s);
    QVERIFY(draft);
    QVERIFY2(draft->contains(u"Payments declined"_s), qPrintable(*draft));
    QVERIFY(!m_coordinator->statusDraft(id, u"press"_s));
    m_now = kT0.addSecs(300);
    // As drafted it is refused (its [fill in] marks); filled in, it goes out.
    QVERIFY(draft->contains(u"[fill in]"_s));
    QCOMPARE(m_coordinator->execute(id, command::PublishStatus {u"executive"_s, *draft}, kMim).error().code,
             ErrorCode::InvalidInput);
    const QString filled = QString(*draft).replace(u"[fill in]"_s, u"about an hour"_s);
    QVERIFY(
        m_coordinator->execute(id, command::PublishStatus {u"executive"_s, filled + u"\nNext update 09:30."_s}, kMim));
    m_now = kT0.addSecs(900);
    QVERIFY(m_coordinator->execute(id, command::PublishStatus {u"internal"_s, u"Pool raised in UAT"_s}, kMim));
    const IncidentRecord r = m_coordinator->incident(id).value();
    QCOMPARE(r.statusUpdates.size(), 2);
    QCOMPARE(r.statusUpdates.first().audience, u"executive"_s);
    QCOMPARE(r.statusUpdates.first().at, kT0.addSecs(300));
    QCOMPARE(r.statusUpdates.first().by, u"mia"_s);
    QVERIFY(r.statusUpdates.first().text.endsWith(u"Next update 09:30."_s));
    const QList<AuditEvent> published = events(id, u"status.published"_s);
    QCOMPARE(published.size(), 2);
    QCOMPARE(published.last().payloadObject().value(u"text"_s).toString(), u"Pool raised in UAT"_s);
}

void TestCommand::postmortemUsesWhatPeopleWrote()
{
    const qint64 id = incidentWithTask(-1);
    QVERIFY(id > 0);
    PostmortemNotes n = notes();
    n.whys.append(u"Because of human error"_s);
    QVERIFY(m_coordinator->execute(id, command::UpdatePostmortem {n}, kMim));
    m_now = kT0.addSecs(1800);
    QVERIFY(m_coordinator->execute(id, command::Resolve {u"pool raised"_s}, kMim));
    const Expected<Postmortem> pm = m_coordinator->postmortem(id, kViewer);
    QVERIFY(pm);
    const QString md = pm->toMarkdown();
    QVERIFY2(md.contains(u"Card payments failed for 18 minutes"_s), qPrintable(md));
    QVERIFY(md.contains(u"Pool size not tied to traffic forecasts"_s));
    QVERIFY(md.contains(u"Autoscale the pool"_s));
    QVERIFY(md.contains(u"Incident commander: mia"_s));
    QVERIFY(md.contains(u"Declared a major incident: payments down"_s));
    QVERIFY(md.contains(u"acknowledged"_s));
    QVERIFY(!md.contains(u"human error"_s)); // blameless
    QCOMPARE(pm->author, u"mia"_s);
}

void TestCommand::responseMetricsPerSeverityAndCategory()
{
    // The store stamps the report time itself; the test's clock follows it.
    Expected<Submission> s = m_coordinator->submit(kResponder, {{u"title"_s, u"Payments declined"_s}}, {});
    QVERIFY(s);
    const qint64 id = s->record.incident.id;
    const QDateTime reported = s->record.incident.createdAt;
    m_now = reported.addSecs(90);
    QVERIFY(m_coordinator->execute(id, command::DeclareSeverity {Severity::Sev1, {}}, kMim));
    m_now = reported.addSecs(20 * 60);
    QVERIFY(m_coordinator->execute(id, command::Mitigate {u"failover"_s}, kResponder));
    m_now = reported.addSecs(50 * 60);
    QVERIFY(m_coordinator->execute(id, command::Resolve {u"fixed"_s}, kMim));
    // A drill is left out of the histograms.
    Expected<Submission> drill
        = m_coordinator->submit(kResponder, {{u"title"_s, u"[DRILL] SSO"_s}, {u"drill"_s, u"sso"_s}}, {});
    QVERIFY(drill);
    QVERIFY(m_coordinator->execute(drill->record.incident.id, command::Resolve {u"drill over"_s}, kMim));

    const QByteArray text = m_coordinator->responseMetrics();
    const QByteArray labels = "severity=\"SEV1\",category=\"unclassified\"";
    QVERIFY2(text.contains(QByteArray("warroom_time_to_acknowledge_seconds_count{" + labels + "} 1")),
             text.constData());
    QVERIFY(text.contains(QByteArray("warroom_time_to_acknowledge_seconds_bucket{" + labels + ",le=\"60\"} 0")));
    QVERIFY(text.contains(QByteArray("warroom_time_to_acknowledge_seconds_bucket{" + labels + ",le=\"300\"} 1")));
    QVERIFY(text.contains(QByteArray("warroom_time_to_mitigate_seconds_sum{" + labels + "} 1200")));
    QVERIFY(text.contains(QByteArray("warroom_time_to_resolve_seconds_bucket{" + labels + ",le=\"1800\"} 0")));
    QVERIFY(text.contains(QByteArray("warroom_time_to_resolve_seconds_bucket{" + labels + ",le=\"3600\"} 1")));
    QVERIFY(text.contains("warroom_drills_responded 1"));
    QVERIFY(!text.contains("unknown\",category"));
}

void TestCommand::ingestKeepsWhatPeopleWrote()
{
    // A monitoring source re-fires an incident people are working on: the
    // ingestion path writes the record in pieces and must keep every part.
    const qint64 id = incidentWithTask(-1);
    QVERIFY(id > 0);
    QVERIFY(m_coordinator->execute(id, command::PublishStatus {u"internal"_s, u"pool raised in UAT"_s}, kMim));
    QVERIFY(m_coordinator->execute(id, command::UpdatePostmortem {notes()}, kMim));
    for (int round = 0; round < 2; ++round) { // the second round reuses the cached pieces
        IncidentRecord current = m_coordinator->incident(id).value();
        QList<IngestChange> changes {IngestChange {current, false, current.incident.updatedAt, {}, {}, {}}};
        changes.first().record.incident.eventCount += 1;
        QVERIFY(m_store->commitIngest(changes, {}, false));
        const IncidentRecord after = m_coordinator->incident(id).value();
        QCOMPARE(after.incident.eventCount, current.incident.eventCount + 1);
        QCOMPARE(after.statusUpdates.size(), 1);
        QCOMPARE(after.statusUpdates.first().text, u"pool raised in UAT"_s);
        QCOMPARE(after.postmortem.rootCause, notes().rootCause);
        QCOMPARE(after.postmortem.actions.size(), 1);
    }
}

QTEST_GUILESS_MAIN(TestCommand)
#include "tst_command.moc"
