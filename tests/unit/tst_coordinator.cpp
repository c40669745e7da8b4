// Coordinator use cases on a real SqliteStore, with the clock under test
// control: roles, published events, audited refusals, the freeze and the
// approval time-to-live.

#include "coordinator.h"
#include "jsonreader.h"
#include "sqlitestore.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

User user(const QString &name, const QStringList &roles)
{
    return User {name, name, roles};
}

const User kViewer = user(u"vera"_s, {u"viewer"_s});
const User kResponder = user(u"rita"_s, {u"responder"_s});
const User kResponder2 = user(u"ron"_s, {u"responder"_s});
const User kMim = user(u"mia"_s, {u"mim"_s});
const User kMim2 = user(u"max"_s, {u"mim"_s});
const User kApprover = user(u"carl"_s, {u"change-approver"_s});
const User kAdmin = user(u"ada"_s, {u"admin"_s});
const User kNobody = user(u"nemo"_s, {});

QJsonObject body(const QString &title)
{
    return {{u"title"_s, title},
            {u"service"_s, u"payments"_s},
            {u"priority"_s, u"P2"_s},
            {u"description"_s, u"checkout returns 502"_s}};
}

PlanStep step(const QString &id, StepKind kind, Risk risk = Risk::Low)
{
    PlanStep s;
    s.id = id;
    s.kind = kind;
    s.title = u"step "_s + id;
    s.description = u"does "_s + id;
    s.risk = risk;
    s.environment = u"uat"_s;
    return s;
}

User userForRole(const QString &role)
{
    if (role.isEmpty())
        return kNobody;
    if (role == "system"_L1)
        return User::system();
    return user(u"u-"_s + role, {role});
}

} // namespace

class TestCoordinator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void startRecordsAnEvent();
    void submitRoles_data();
    void submitRoles();
    void submitDedupAndValidation();
    void eventPerAcceptedChange();
    void refusals_data();
    void refusals();
    void freezeRules();
    void whoMayLift_data();
    void whoMayLift();
    void freezeStopsExecution();
    void freezePersistsAcrossCoordinators();
    void approvalTtl_data();
    void approvalTtl();
    void incidentDetail();

private:
    std::unique_ptr<Coordinator> makeCoordinator(const Config &config);
    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }
    /// An incident with the plan `steps` proposed by rita and awaiting approval.
    qint64 awaitingApproval(const QList<PlanStep> &steps);
    qint64 auditCount();
    AuditEvent lastEvent();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteStore> m_store;
    Config m_config;
    QDateTime m_now;
    std::unique_ptr<Coordinator> m_coordinator;
};

std::unique_ptr<Coordinator> TestCoordinator::makeCoordinator(const Config &config)
{
    auto c = std::make_unique<Coordinator>(*m_store, config);
    c->setClock([this] { return m_now; });
    return c;
}

void TestCoordinator::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<SqliteStore>(m_dir->filePath(u"warroom.db"_s));
    const Status opened = m_store->open();
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    m_config = Config();
    m_now = QDateTime(QDate(2031, 3, 14), QTime(9, 26, 53), Qt::UTC);
    m_coordinator = makeCoordinator(m_config);
    QVERIFY(m_coordinator->start());
}

void TestCoordinator::cleanup()
{
    m_coordinator.reset();
    m_store.reset();
    m_dir.reset();
}

qint64 TestCoordinator::auditCount()
{
    const Expected<QList<AuditEvent>> all = m_store->auditEvents(0, 0, 1000000);
    return all ? all->size() : -1;
}

AuditEvent TestCoordinator::lastEvent()
{
    const Expected<QList<AuditEvent>> all = m_store->auditEvents(0, 0, 1000000);
    return all && !all->isEmpty() ? all->last() : AuditEvent();
}

qint64 TestCoordinator::awaitingApproval(const QList<PlanStep> &steps)
{
    const Expected<Submission> sub = m_coordinator->submit(kResponder, body(u"checkout 502"_s), QString());
    if (!sub) {
        qWarning("submit: %s", qPrintable(sub.error().message));
        return 0;
    }
    const qint64 id = sub->record.incident.id;
    advance(1);
    Plan plan;
    plan.source = u"manual"_s;
    plan.summary = u"test plan"_s;
    plan.steps = steps;
    const Expected<IncidentRecord> planned = m_coordinator->execute(id, command::ProposePlan {plan}, kResponder);
    if (!planned) {
        qWarning("plan: %s", qPrintable(planned.error().message));
        return 0;
    }
    advance(1);
    const Expected<IncidentRecord> submitted = m_coordinator->execute(id, command::RequestApproval {}, kResponder);
    if (!submitted) {
        qWarning("request approval: %s", qPrintable(submitted.error().message));
        return 0;
    }
    advance(1);
    return id;
}

void TestCoordinator::startRecordsAnEvent()
{
    const AuditEvent e = lastEvent();
    QCOMPARE(e.type, u"coordinator.started"_s);
    QCOMPARE(e.actor, User::system().name);
    QCOMPARE(e.payloadObject().value(u"freeze"_s).toBool(), false);
    QCOMPARE(e.payloadObject().value(u"execution_mode"_s).toString(), u"check"_s);
    QVERIFY(!m_coordinator->freezeState().active);
    QCOMPARE(m_coordinator->now(), m_now);
    advance(60);
    QCOMPARE(m_coordinator->now(), m_now);
    QCOMPARE(m_coordinator->context().now, m_now);
}

void TestCoordinator::submitRoles_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("viewer") << u"viewer"_s << false;
    QTest::newRow("no role") << QString() << false;
    QTest::newRow("responder") << u"responder"_s << true;
    QTest::newRow("mim") << u"mim"_s << true;
    QTest::newRow("change-approver") << u"change-approver"_s << true;
    QTest::newRow("admin") << u"admin"_s << true;
    QTest::newRow("system") << u"system"_s << true;
}

void TestCoordinator::submitRoles()
{
    QFETCH(QString, role);
    QFETCH(bool, allowed);
    const User actor = userForRole(role);
    QSignalSpy spy(m_coordinator.get(), &Coordinator::eventPublished);
    const qint64 audit = auditCount();

    const Expected<Submission> sub = m_coordinator->submit(actor, body(u"from "_s + role), QString());
    if (!allowed) {
        QVERIFY(!sub);
        QCOMPARE(sub.error().code, ErrorCode::Forbidden);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(*m_store->incidentCount(), qint64(0));
        // The attempt is on the record, and nothing else is.
        QCOMPARE(auditCount(), audit + 1);
        const AuditEvent refused = m_store->auditEvents(0, 0, 1000000)->last();
        QCOMPARE(refused.type, u"command.refused"_s);
        QCOMPARE(refused.actor, actor.name);
        QCOMPARE(refused.payloadObject().value(u"command"_s).toString(), u"incident.created"_s);
        QCOMPARE(m_coordinator->incidentsCreated(), qint64(0));
        return;
    }
    QVERIFY2(sub, qPrintable(sub ? QString() : sub.error().message));
    QVERIFY(sub->created);
    const IncidentRecord &r = sub->record;
    QVERIFY(r.incident.id > 0);
    QCOMPARE(toString(r.incident.state), toString(IncidentState::New));
    QCOMPARE(r.incident.reportedBy, actor.name);
    QCOMPARE(r.incident.source, u"rest"_s);
    QCOMPARE(m_coordinator->incidentsCreated(), qint64(1));

    QCOMPARE(spy.count(), 1);
    const QJsonObject event = spy.at(0).at(0).value<QJsonObject>();
    QCOMPARE(event.value(u"type"_s).toString(), u"incident.created"_s);
    QCOMPARE(event.value(u"incident_id"_s).toInteger(), r.incident.id);
    QCOMPARE(event.value(u"time"_s).toString(), toIsoTime(m_now));
    QCOMPARE(event.value(u"incident"_s).toObject().value(u"title"_s).toString(), u"from "_s + role);

    QCOMPARE(auditCount(), audit + 1);
    const AuditEvent e = lastEvent();
    QCOMPARE(e.type, u"incident.created"_s);
    QCOMPARE(e.incidentId, r.incident.id);
    QCOMPARE(e.actor, actor.name);
    QCOMPARE(e.payloadObject().value(u"incident"_s).toObject().value(u"title"_s).toString(), u"from "_s + role);
}

void TestCoordinator::submitDedupAndValidation()
{
    QSignalSpy spy(m_coordinator.get(), &Coordinator::eventPublished);

    const Expected<Submission> first = m_coordinator->submit(kResponder, body(u"a"_s), u"idem-1"_s);
    QVERIFY(first && first->created);
    const Expected<Submission> again = m_coordinator->submit(kResponder, body(u"a"_s), u"idem-1"_s);
    QVERIFY(again);
    QVERIFY(!again->created);
    QCOMPARE(again->record.incident.id, first->record.incident.id);
    QCOMPARE(spy.count(), 1);

    const Expected<Submission> conflict = m_coordinator->submit(kResponder, body(u"b"_s), u"idem-1"_s);
    QVERIFY(!conflict);
    QCOMPARE(conflict.error().code, ErrorCode::Conflict);
    QCOMPARE(spy.count(), 1);

    // Without a key, the sender's external id deduplicates per source.
    QJsonObject alert = body(u"disk full"_s);
    alert.insert(u"external_id"_s, u"alert-7"_s);
    alert.insert(u"source"_s, u"alertmanager"_s);
    const Expected<Submission> ext1 = m_coordinator->submit(kResponder, alert, QString());
    QVERIFY(ext1 && ext1->created);
    alert.insert(u"description"_s, u"still full"_s);
    const Expected<Submission> ext2 = m_coordinator->submit(kResponder, alert, QString());
    QVERIFY(ext2);
    QVERIFY(!ext2->created);
    QCOMPARE(ext2->record.incident.id, ext1->record.incident.id);
    alert.insert(u"source"_s, u"pagerduty"_s);
    const Expected<Submission> ext3 = m_coordinator->submit(kResponder, alert, QString());
    QVERIFY(ext3 && ext3->created);
    QCOMPARE(spy.count(), 3);
    QCOMPARE(m_coordinator->incidentsCreated(), qint64(3));

    const qint64 audit = auditCount();
    const Expected<Submission> invalid = m_coordinator->submit(kResponder, QJsonObject {{u"service"_s, u"x"_s}}, {});
    QVERIFY(!invalid);
    QCOMPARE(invalid.error().code, ErrorCode::InvalidInput);
    const Expected<Submission> unknownField
        = m_coordinator->submit(kResponder, QJsonObject {{u"title"_s, u"t"_s}, {u"state"_s, u"closed"_s}}, {});
    QVERIFY(!unknownField);
    QCOMPARE(unknownField.error().code, ErrorCode::InvalidInput);
    QCOMPARE(spy.count(), 3);
    QCOMPARE(auditCount(), audit);
}

void TestCoordinator::eventPerAcceptedChange()
{
    QSignalSpy spy(m_coordinator.get(), &Coordinator::eventPublished);
    QStringList expected;
    auto types = [&] {
        QStringList out;
        for (const QList<QVariant> &args : std::as_const(spy))
            out.append(args.at(0).value<QJsonObject>().value(u"type"_s).toString());
        return out;
    };

    const qint64 id = awaitingApproval({step(u"s1"_s, StepKind::Diagnose)});
    QVERIFY(id > 0);
    expected << u"incident.created"_s << u"plan.proposed"_s << u"plan.submitted"_s;
    QCOMPARE(types(), expected);

    // Refusals publish nothing.
    QVERIFY(!m_coordinator->execute(id, command::Approve {u"s1"_s, {}, {}}, kResponder)); // requester
    QVERIFY(!m_coordinator->execute(id, command::Approve {u"s1"_s, {}, {}}, kViewer));
    QVERIFY(!m_coordinator->execute(id, command::StartStep {u"s1"_s, {}}, kResponder)); // not approved
    QVERIFY(!m_coordinator->execute(id, command::Escalate {QString()}, kResponder)); // no reason
    QVERIFY(!m_coordinator->execute(id, command::Approve {u"nope"_s, {}, {}}, kMim)); // unknown step
    QVERIFY(!m_coordinator->execute(4242, command::Assign {u"x"_s}, kMim)); // unknown incident
    QVERIFY(!m_coordinator->freeze(kViewer, u"no"_s));
    QVERIFY(!m_coordinator->unfreeze(kMim, u"not frozen"_s));
    QCOMPARE(types(), expected);

    advance(1);
    QVERIFY(m_coordinator->execute(id, command::Approve {u"s1"_s, u"ok"_s, {}}, kMim));
    expected << u"step.approved"_s;
    QVERIFY(m_coordinator->freeze(kResponder, u"change window"_s));
    expected << u"freeze.enabled"_s;
    QVERIFY(!m_coordinator->freeze(kMim, u"again"_s));
    QVERIFY(!m_coordinator->execute(id, command::StartStep {u"s1"_s, {}}, kResponder)); // frozen
    QVERIFY(m_coordinator->unfreeze(kMim, u"window over"_s));
    expected << u"freeze.lifted"_s;
    Evidence ev;
    ev.incidentId = id;
    ev.kind = u"note"_s;
    ev.title = u"observation"_s;
    ev.content = u"502s since 09:00"_s;
    QVERIFY(m_coordinator->addEvidence(kResponder, ev));
    expected << u"evidence.added"_s;
    QVERIFY(m_coordinator->execute(id, command::StartStep {u"s1"_s, {}}, kResponder));
    expected << u"step.started"_s;
    QVERIFY(m_coordinator->execute(id, command::FinishStep {u"s1"_s, true, u"found it"_s, {}}, kResponder));
    expected << u"step.finished"_s;
    QCOMPARE(types(), expected);

    // Each incident event carries the incident's id and summary.
    for (const QList<QVariant> &args : std::as_const(spy)) {
        const QJsonObject e = args.at(0).value<QJsonObject>();
        const QString type = e.value(u"type"_s).toString();
        if (type.startsWith(u"freeze."_s)) {
            QVERIFY(e.contains(u"freeze"_s));
            QVERIFY(!e.contains(u"incident_id"_s));
        } else {
            QCOMPARE(e.value(u"incident_id"_s).toInteger(), id);
            QCOMPARE(e.value(u"incident"_s).toObject().value(u"id"_s).toInteger(), id);
        }
    }
    const QJsonObject finished = spy.last().at(0).value<QJsonObject>();
    QCOMPARE(finished.value(u"incident"_s).toObject().value(u"state"_s).toString(), u"awaiting_approval"_s);

    const Expected<AuditVerification> v = m_coordinator->verifyAudit();
    QVERIFY(v);
    QVERIFY2(v->intact, qPrintable(v->reason));
}

void TestCoordinator::refusals_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("audited");

    QTest::newRow("viewer proposes a plan") << u"viewer-plan"_s << int(ErrorCode::Forbidden) << true;
    QTest::newRow("requester approves own step") << u"self-approve"_s << int(ErrorCode::Forbidden) << true;
    QTest::newRow("responder approves") << u"responder-approve"_s << int(ErrorCode::Forbidden) << true;
    QTest::newRow("start unapproved step") << u"start-unapproved"_s << int(ErrorCode::Conflict) << true;
    QTest::newRow("request approval twice") << u"request-again"_s << int(ErrorCode::Conflict) << true;
    QTest::newRow("approve twice") << u"approve-twice"_s << int(ErrorCode::Conflict) << true;
    QTest::newRow("escalate without reason") << u"escalate-empty"_s << int(ErrorCode::InvalidInput) << false;
    QTest::newRow("unknown step") << u"unknown-step"_s << int(ErrorCode::NotFound) << false;
}

void TestCoordinator::refusals()
{
    QFETCH(QString, what);
    QFETCH(int, code);
    QFETCH(bool, audited);

    const qint64 id = awaitingApproval({step(u"s1"_s, StepKind::Diagnose)});
    QVERIFY(id > 0);
    if (what == "approve-twice"_L1)
        QVERIFY(m_coordinator->execute(id, command::Approve {u"s1"_s, {}, {}}, kMim));

    Command cmd;
    User actor;
    if (what == "viewer-plan"_L1) {
        Plan plan;
        plan.steps = {step(u"x1"_s, StepKind::Manual)};
        cmd = command::ProposePlan {plan};
        actor = kViewer;
    } else if (what == "self-approve"_L1) {
        cmd = command::Approve {u"s1"_s, {}, {}};
        actor = user(u"rita"_s, {u"responder"_s, u"mim"_s}); // right role, but rita asked for it
    } else if (what == "responder-approve"_L1) {
        cmd = command::Approve {u"s1"_s, {}, {}};
        actor = kResponder2;
    } else if (what == "start-unapproved"_L1) {
        cmd = command::StartStep {u"s1"_s, {}};
        actor = kResponder;
    } else if (what == "request-again"_L1) {
        cmd = command::RequestApproval {};
        actor = kResponder;
    } else if (what == "approve-twice"_L1) {
        cmd = command::Approve {u"s1"_s, {}, {}};
        actor = kMim;
    } else if (what == "escalate-empty"_L1) {
        cmd = command::Escalate {u"  "_s};
        actor = kResponder;
    } else if (what == "unknown-step"_L1) {
        cmd = command::Approve {u"s99"_s, {}, {}};
        actor = kMim;
    } else {
        QFAIL("unknown case");
    }

    QSignalSpy spy(m_coordinator.get(), &Coordinator::eventPublished);
    const IncidentRecord before = *m_coordinator->incident(id);
    const qint64 audit = auditCount();
    const qint64 refused = m_coordinator->commandsRefused();

    const Expected<IncidentRecord> r = m_coordinator->execute(id, cmd, actor);
    QVERIFY(!r);
    QCOMPARE(int(r.error().code), code);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(m_coordinator->commandsRefused(), refused + 1);
    QCOMPARE(*m_coordinator->incident(id), before);
    if (!audited) {
        QCOMPARE(auditCount(), audit);
        return;
    }
    QCOMPARE(auditCount(), audit + 1);
    const AuditEvent e = lastEvent();
    QCOMPARE(e.type, u"command.refused"_s);
    QCOMPARE(e.incidentId, id);
    QCOMPARE(e.actor, actor.name);
    QCOMPARE(e.payloadObject().value(u"command"_s).toString(), eventTypeOf(cmd));
    QCOMPARE(e.payloadObject().value(u"reason"_s).toString(), r.error().message);
    QVERIFY(m_coordinator->verifyAudit()->intact);
}

void TestCoordinator::freezeRules()
{
    QSignalSpy spy(m_coordinator.get(), &Coordinator::eventPublished);

    Status s = m_coordinator->freeze(kViewer, u"viewer wants a freeze"_s);
    QVERIFY(!s);
    QCOMPARE(s.error().code, ErrorCode::Forbidden);
    s = m_coordinator->freeze(kResponder, QString());
    QVERIFY(!s);
    QCOMPARE(s.error().code, ErrorCode::InvalidInput);
    s = m_coordinator->freeze(kResponder, u"  \t "_s);
    QVERIFY(!s);
    QCOMPARE(s.error().code, ErrorCode::InvalidInput);
    QVERIFY(!m_coordinator->freezeState().active);
    QVERIFY(!m_store->setting(u"freeze"_s)->has_value());
    QCOMPARE(spy.count(), 0);

    const qint64 audit = auditCount();
    s = m_coordinator->freeze(kResponder, u"bad deploy in progress"_s);
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
    const FreezeState f = m_coordinator->freezeState();
    QVERIFY(f.active);
    QCOMPARE(f.by, u"rita"_s);
    QCOMPARE(f.reason, u"bad deploy in progress"_s);
    QCOMPARE(f.since, m_now);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(auditCount(), audit + 1);
    QCOMPARE(lastEvent().type, u"freeze.enabled"_s);
    QCOMPARE(lastEvent().actor, u"rita"_s);
    QCOMPARE(lastEvent().payloadObject().value(u"reason"_s).toString(), u"bad deploy in progress"_s);
    QVERIFY(m_store->setting(u"freeze"_s)->has_value());

    advance(10);
    s = m_coordinator->freeze(kMim, u"me too"_s);
    QVERIFY(!s);
    QCOMPARE(s.error().code, ErrorCode::Conflict);
    QVERIFY2(s.error().message.contains(u"rita"_s), qPrintable(s.error().message));
    QCOMPARE(m_coordinator->freezeState().by, u"rita"_s); // the first freeze stands
    QCOMPARE(spy.count(), 1);

    for (const User &u : {kResponder, kResponder2, kApprover, kViewer}) {
        s = m_coordinator->unfreeze(u, u"lifting"_s);
        QVERIFY(!s);
        QCOMPARE(s.error().code, ErrorCode::Forbidden);
    }
    QVERIFY(m_coordinator->freezeState().active);
    QCOMPARE(spy.count(), 1);

    s = m_coordinator->unfreeze(kMim, u"deploy rolled back"_s);
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
    QVERIFY(!m_coordinator->freezeState().active);
    QVERIFY(!m_store->setting(u"freeze"_s)->has_value());
    QCOMPARE(spy.count(), 2);
    const AuditEvent lifted = lastEvent();
    QCOMPARE(lifted.type, u"freeze.lifted"_s);
    QCOMPARE(lifted.actor, u"mia"_s);
    QCOMPARE(lifted.payloadObject().value(u"frozen_by"_s).toString(), u"rita"_s);
    QCOMPARE(lifted.payloadObject().value(u"reason"_s).toString(), u"deploy rolled back"_s);

    s = m_coordinator->unfreeze(kMim, u"again"_s);
    QVERIFY(!s);
    QCOMPARE(s.error().code, ErrorCode::Conflict);
    QCOMPARE(spy.count(), 2);

    // The next freeze is allowed once the first is lifted.
    QVERIFY(m_coordinator->freeze(kApprover, u"second window"_s));
    QCOMPARE(m_coordinator->freezeState().by, u"carl"_s);
}

void TestCoordinator::whoMayLift_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("viewer") << u"viewer"_s << false;
    QTest::newRow("responder") << u"responder"_s << false;
    QTest::newRow("change-approver") << u"change-approver"_s << false;
    QTest::newRow("system") << u"system"_s << false;
    QTest::newRow("mim") << u"mim"_s << true;
    QTest::newRow("admin") << u"admin"_s << true;
}

void TestCoordinator::whoMayLift()
{
    QFETCH(QString, role);
    QFETCH(bool, allowed);
    QVERIFY(m_coordinator->freeze(kResponder, u"hold"_s));
    const Status s = m_coordinator->unfreeze(userForRole(role), u"done"_s);
    QCOMPARE(bool(s), allowed);
    QCOMPARE(m_coordinator->freezeState().active, !allowed);
    if (!allowed)
        QCOMPARE(s.error().code, ErrorCode::Forbidden);
}

void TestCoordinator::freezeStopsExecution()
{
    const qint64 id = awaitingApproval({step(u"s1"_s, StepKind::Diagnose)});
    QVERIFY(id > 0);
    QVERIFY(m_coordinator->execute(id, command::Approve {u"s1"_s, {}, {}}, kMim));
    QVERIFY(m_coordinator->freeze(kResponder, u"stop"_s));
    advance(5);
    const Expected<IncidentRecord> r = m_coordinator->execute(id, command::StartStep {u"s1"_s, {}}, kResponder);
    QVERIFY(!r);
    QCOMPARE(r.error().code, ErrorCode::Conflict);
    QVERIFY2(r.error().message.contains(u"freeze"_s), qPrintable(r.error().message));
    QCOMPARE(lastEvent().type, u"command.refused"_s);
    // Approvals are still taken while frozen; only starting is stopped.
    QVERIFY(m_coordinator->context().frozen);
    QVERIFY(m_coordinator->unfreeze(kAdmin, u"go"_s));
    QVERIFY(m_coordinator->execute(id, command::StartStep {u"s1"_s, {}}, kResponder));
}

void TestCoordinator::freezePersistsAcrossCoordinators()
{
    QVERIFY(m_coordinator->freeze(kResponder, u"persist me"_s));
    const FreezeState frozen = m_coordinator->freezeState();

    // A new coordinator on the same store knows nothing until start() reloads.
    auto second = makeCoordinator(m_config);
    QVERIFY(!second->freezeState().active);
    QVERIFY(second->start());
    QCOMPARE(second->freezeState().active, true);
    QCOMPARE(second->freezeState().by, frozen.by);
    QCOMPARE(second->freezeState().reason, frozen.reason);
    QCOMPARE(second->freezeState().since, frozen.since);
    QCOMPARE(lastEvent().type, u"coordinator.started"_s);
    QCOMPARE(lastEvent().payloadObject().value(u"freeze"_s).toBool(), true);
    QVERIFY(second->context().frozen);
    QCOMPARE(second->freeze(kMim, u"again"_s).error().code, ErrorCode::Conflict);

    // Also across a restart of the process: a new store on the same file.
    m_coordinator.reset();
    second.reset();
    m_store.reset();
    m_store = std::make_unique<SqliteStore>(m_dir->filePath(u"warroom.db"_s));
    QVERIFY(m_store->open());
    auto third = makeCoordinator(m_config);
    QVERIFY(third->start());
    QVERIFY(third->freezeState().active);
    QCOMPARE(third->freezeState().since, frozen.since);

    QVERIFY(third->unfreeze(kMim, u"lifted after restart"_s));
    auto fourth = makeCoordinator(m_config);
    QVERIFY(fourth->start());
    QVERIFY(!fourth->freezeState().active);
    QVERIFY(m_store->verifyAudit()->intact);
}

void TestCoordinator::approvalTtl_data()
{
    QTest::addColumn<int>("ttlMinutes");
    QTest::addColumn<int>("advanceSeconds");
    QTest::addColumn<bool>("startAllowed");

    QTest::newRow("31 minutes later") << 30 << 31 * 60 << false;
    QTest::newRow("29 minutes later") << 30 << 29 * 60 << true;
    QTest::newRow("exactly 30 minutes") << 30 << 30 * 60 << true;
    QTest::newRow("30 minutes and a second") << 30 << 30 * 60 + 1 << false;
    QTest::newRow("short ttl, 6 minutes") << 5 << 6 * 60 << false;
    QTest::newRow("long ttl, 2 hours") << 180 << 120 * 60 << true;
}

void TestCoordinator::approvalTtl()
{
    QFETCH(int, ttlMinutes);
    QFETCH(int, advanceSeconds);
    QFETCH(bool, startAllowed);

    m_config.approvalTtlSeconds = qint64(ttlMinutes) * 60;
    m_coordinator = makeCoordinator(m_config);
    QVERIFY(m_coordinator->start());

    const qint64 id = awaitingApproval({step(u"s1"_s, StepKind::Diagnose)});
    QVERIFY(id > 0);
    QVERIFY(m_coordinator->execute(id, command::Approve {u"s1"_s, u"lgtm"_s, {}}, kMim));
    advance(advanceSeconds);

    const QJsonObject detail = *m_coordinator->incidentDetail(id);
    const QJsonObject status = detail.value(u"approval_status"_s).toArray().at(0).toObject();
    QCOMPARE(status.value(u"step"_s).toString(), u"s1"_s);
    QCOMPARE(status.value(u"satisfied"_s).toBool(), startAllowed);
    QCOMPARE(status.value(u"approvers"_s).toArray().size(), startAllowed ? 1 : 0);
    QCOMPARE(status.value(u"expired"_s).toArray().size(), startAllowed ? 0 : 1);

    const qint64 audit = auditCount();
    const Expected<IncidentRecord> r = m_coordinator->execute(id, command::StartStep {u"s1"_s, {}}, kResponder);
    if (startAllowed) {
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        const PlanStep *s1 = r->plan.step(u"s1"_s);
        QVERIFY(s1);
        QCOMPARE(toString(s1->state), toString(StepState::Running));
        QCOMPARE(s1->startedAt, m_now);
        QCOMPARE(toString(r->incident.state), toString(IncidentState::Executing));
        QCOMPARE(lastEvent().type, u"step.started"_s);
        return;
    }
    QVERIFY(!r);
    QCOMPARE(r.error().code, ErrorCode::Conflict);
    QVERIFY2(r.error().message.contains(u"expired"_s), qPrintable(r.error().message));
    QVERIFY2(r.error().message.contains(u"mia"_s), qPrintable(r.error().message));
    QCOMPARE(auditCount(), audit + 1);
    QCOMPARE(lastEvent().type, u"command.refused"_s);
    QCOMPARE(toString(m_coordinator->incident(id)->plan.step(u"s1"_s)->state), toString(StepState::Pending));

    // A fresh approval from the same person restores it.
    QVERIFY(m_coordinator->execute(id, command::Approve {u"s1"_s, u"still fine"_s, {}}, kMim));
    advance(1);
    QVERIFY(m_coordinator->execute(id, command::StartStep {u"s1"_s, {}}, kResponder));
}

void TestCoordinator::incidentDetail()
{
    PlanStep snapshot = step(u"s1"_s, StepKind::Snapshot);
    snapshot.playbookId = u"metadata-snapshot"_s; // evidence is frozen by a playbook, not by hand
    PlanStep fix = step(u"s2"_s, StepKind::Remediate, Risk::High);
    fix.playbookId = u"metadata-patch"_s;
    PlanStep check = step(u"s3"_s, StepKind::Validate);
    check.requiredRoles = {u"change-approver"_s};
    const qint64 id = awaitingApproval({snapshot, fix, check});
    QVERIFY(id > 0);

    QVERIFY(m_coordinator->execute(id, command::Approve {u"s1"_s, {}, {}}, kMim));
    QVERIFY(m_coordinator->execute(id, command::Approve {u"s2"_s, {}, {}}, kMim));
    QVERIFY(m_coordinator->execute(id, command::Approve {u"s3"_s, {}, {}}, kApprover));
    Evidence ev;
    ev.incidentId = id;
    ev.kind = u"note"_s;
    ev.content = u"evidence text"_s;
    QVERIFY(m_coordinator->addEvidence(kResponder, ev));

    const Expected<QJsonObject> detail = m_coordinator->incidentDetail(id);
    QVERIFY(detail);
    QCOMPARE(detail->value(u"incident"_s).toObject().value(u"id"_s).toInteger(), id);
    const QJsonArray statuses = detail->value(u"approval_status"_s).toArray();
    QCOMPARE(statuses.size(), 3);

    const QJsonObject s1 = statuses.at(0).toObject();
    QCOMPARE(s1.value(u"step"_s).toString(), u"s1"_s);
    QCOMPARE(s1.value(u"needed"_s).toInt(), 1);
    QCOMPARE(s1.value(u"approvers"_s).toArray(), QJsonArray {u"mia"_s});
    QCOMPARE(s1.value(u"satisfied"_s).toBool(), true);
    QCOMPARE(s1.value(u"approver_roles"_s).toArray(), (QJsonArray {u"mim"_s, u"change-approver"_s}));

    const QJsonObject s2 = statuses.at(1).toObject();
    QCOMPARE(s2.value(u"step"_s).toString(), u"s2"_s);
    QCOMPARE(s2.value(u"needed"_s).toInt(), 2); // high risk
    QCOMPARE(s2.value(u"approvers"_s).toArray().size(), 1);
    QCOMPARE(s2.value(u"satisfied"_s).toBool(), false);

    const QJsonObject s3 = statuses.at(2).toObject();
    QCOMPARE(s3.value(u"approver_roles"_s).toArray(), QJsonArray {u"change-approver"_s});
    QCOMPARE(s3.value(u"approvers"_s).toArray(), QJsonArray {u"carl"_s});
    QCOMPARE(s3.value(u"satisfied"_s).toBool(), true);

    QCOMPARE(detail->value(u"evidence"_s).toArray().size(), 1);
    QCOMPARE(detail->value(u"evidence"_s).toArray().at(0).toObject().value(u"content"_s).toString(),
             u"evidence text"_s);
    QCOMPARE(detail->value(u"freeze"_s).toObject().value(u"active"_s).toBool(), false);

    // A second approver satisfies the high-risk step; an edit voids both.
    QVERIFY(m_coordinator->execute(id, command::Approve {u"s2"_s, {}, {}}, kMim2));
    QCOMPARE(m_coordinator->incidentDetail(id)
                 ->value(u"approval_status"_s)
                 .toArray()
                 .at(1)
                 .toObject()
                 .value(u"satisfied"_s)
                 .toBool(),
             true);
    PlanStep edited = fix;
    edited.vars = QJsonObject {{u"replicas"_s, 3}};
    QVERIFY(m_coordinator->execute(id, command::EditStep {edited}, kResponder2));
    const QJsonObject s2After
        = m_coordinator->incidentDetail(id)->value(u"approval_status"_s).toArray().at(1).toObject();
    QCOMPARE(s2After.value(u"satisfied"_s).toBool(), false);
    QCOMPARE(s2After.value(u"approvers"_s).toArray().size(), 0);
    QCOMPARE(s2After.value(u"voided"_s).toArray(), (QJsonArray {u"mia"_s, u"max"_s}));

    // The freeze shows in the detail, and unknown incidents are NotFound.
    QVERIFY(m_coordinator->freeze(kResponder, u"look"_s));
    QCOMPARE(m_coordinator->incidentDetail(id)->value(u"freeze"_s).toObject().value(u"active"_s).toBool(), true);
    const Expected<QJsonObject> missing = m_coordinator->incidentDetail(9999);
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
}

QTEST_GUILESS_MAIN(TestCoordinator)
#include "tst_coordinator.moc"
