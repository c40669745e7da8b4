// Ingestion without a network: the payload parsers against each vendor's
// wire shape (and hostile variants), dedup, throttle, flap damping and
// correlation on a real SqliteStore with the clock under test, the rate
// limiter and Redis URLs.

#include "coordinator.h"
#include "ingestor.h"
#include "ingestparsers.h"
#include "jsonlist.h"
#include "knowledgebase.h"
#include "playbookpolicy.h"
#include "ratelimiter.h"
#include "redisconsumer.h"
#include "redisurl.h"
#include "sqlitestore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

const User kBridge {u"bridge"_s, u"bridge"_s, {u"responder"_s}};
const User kViewer {u"vera"_s, u"vera"_s, {u"viewer"_s}};
const User kMim {u"mia"_s, u"mia"_s, {u"mim"_s}};

/// The plan triage proposes (by the system): one manual step.
Plan manualPlan()
{
    PlanStep step;
    step.id = u"check"_s;
    step.title = u"check the disk"_s;
    step.kind = StepKind::Manual;
    Plan plan;
    plan.source = u"manual"_s;
    plan.steps.append(step);
    return plan;
}

QJsonObject sample(const QString &name)
{
    QFile f(QStringLiteral(WARROOM_SOURCE_DIR) + u"/tests/data/ingest/"_s + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing sample %s", qPrintable(name));
    return QJsonDocument::fromJson(f.readAll()).object();
}

/// `object` with the value at a dotted path replaced ("detail.state.value").
QJsonObject with(QJsonObject object, const QString &path, const QJsonValue &value)
{
    const qsizetype dot = path.indexOf(u'.');
    if (dot < 0) {
        if (value.isUndefined())
            object.remove(path);
        else
            object.insert(path, value);
        return object;
    }
    const QString head = path.left(dot);
    object.insert(head, with(object.value(head).toObject(), path.mid(dot + 1), value));
    return object;
}

/// 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737).
bool isDocumentationIpv4(const QString &ip)
{
    return ip.startsWith(u"192.0.2."_s) || ip.startsWith(u"198.51.100."_s) || ip.startsWith(u"203.0.113."_s);
}

/// A name under example.com, example.net or example.org (RFC 2606).
bool isExampleName(const QString &name)
{
    for (const QString &domain : {u"example.com"_s, u"example.net"_s, u"example.org"_s}) {
        if (name == domain || name.endsWith(u'.' + domain) || name.endsWith(u'@' + domain))
            return true;
    }
    return false;
}

/// What warroomctl dataset cyber writes (docs/ingest.md shows one such line).
const QSet<QString> kGeneratorFields {u"event_id"_s,    u"category"_s,   u"technique"_s,   u"title"_s,
                                      u"description"_s, u"severity"_s,   u"source"_s,      u"hosts"_s,
                                      u"users"_s,       u"indicators"_s, u"occurred_at"_s, u"service"_s};

/// The error of a failed result, for QVERIFY2 (which evaluates its message even on success).
template<typename T> QByteArray why(const Expected<T> &e)
{
    return e ? QByteArray() : e.error().message.toUtf8();
}

IngestEvent ev(const QString &id, const QString &key, IngestAction action = IngestAction::Trigger,
               const QString &service = {})
{
    IngestEvent e;
    e.eventId = id;
    e.source = u"test"_s;
    e.dedupKey = key;
    e.action = action;
    e.title = u"disk full on "_s + id;
    e.service = service;
    return e;
}

/// The checked-in cyber sample (50 events), one incident each (no service to correlate on).
QList<IngestEvent> cyberSample()
{
    QList<IngestEvent> events;
    QFile f(QStringLiteral(WARROOM_SOURCE_DIR) + u"/tests/data/ingest/cyber-sample.jsonl"_s);
    if (!f.open(QIODevice::ReadOnly))
        return events;
    while (!f.atEnd()) {
        Expected<IngestEvent> e = ingest::streamEvent(*ingest::parseObject(f.readLine()), u"1-0"_s);
        if (!e)
            return {};
        e->service.clear();
        events.append(*e);
    }
    return events;
}

} // namespace

class TestIngest final : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        SqliteStore store {u":memory:"_s};
        Config config;
        std::unique_ptr<Coordinator> coordinator;
        std::unique_ptr<Ingestor> ingestor;
        QDateTime now = QDateTime(QDate(2026, 11, 22), QTime(2, 0), Qt::UTC);

        explicit Fixture(IngestSettings settings = {})
        {
            if (!store.open())
                qFatal("store");
            config.ingest = settings;
            coordinator = std::make_unique<Coordinator>(store, config);
            coordinator->setClock([this] { return now; });
            if (!coordinator->start())
                qFatal("start");
            ingestor = std::make_unique<Ingestor>(*coordinator, config.ingest);
        }
        IngestResult one(const IngestEvent &e)
        {
            Expected<QList<IngestResult>> r = ingestor->ingest(kBridge, {e});
            if (!r)
                qFatal("ingest: %s", qPrintable(r.error().message));
            return r->first();
        }
        Incident incident(qint64 id) { return coordinator->incident(id)->incident; }
    };

private Q_SLOTS:
    void alertmanagerPayload()
    {
        Expected<QList<IngestEvent>> events = ingest::alertmanager(sample(u"alertmanager-firing.json"_s));
        QVERIFY2(events, why(events).constData());
        QCOMPARE(events->size(), 2);
        const IngestEvent &e = events->first();
        QCOMPARE(e.source, u"alertmanager"_s);
        QCOMPARE(warroom::toString(e.action), warroom::toString(IngestAction::Trigger));
        QCOMPARE(e.title, u"checkout-api 5xx ratio above 40%"_s);
        QCOMPARE(e.service, u"checkout-api"_s);
        QCOMPARE(e.priority, u"P1"_s);
        QCOMPARE(e.labels.value(u"team"_s).toString(), u"payments"_s);
        QVERIFY(e.description.contains(u"41.2%"_s));
        // One group, one dedup key; two alerts, two events.
        QCOMPARE(events->at(1).dedupKey, e.dedupKey);
        QVERIFY(events->at(1).eventId != e.eventId);
        // The same alert in another delivery is the same event (a retry).
        Expected<QList<IngestEvent>> retry = ingest::alertmanager(sample(u"alertmanager-firing.json"_s));
        QVERIFY(retry);
        QCOMPARE(retry->first().eventId, e.eventId);

        Expected<QList<IngestEvent>> resolved = ingest::alertmanager(sample(u"alertmanager-resolved.json"_s));
        QVERIFY2(resolved, why(resolved).constData());
        QCOMPARE(warroom::toString(resolved->first().action), warroom::toString(IngestAction::Resolve));
        QCOMPARE(resolved->first().dedupKey, e.dedupKey);
        QVERIFY(resolved->first().eventId != e.eventId);
        // An alert that resolves while its group still fires only updates.
        QJsonObject mixed = sample(u"alertmanager-firing.json"_s);
        QJsonArray alerts = mixed.value(u"alerts"_s).toArray();
        alerts[0] = with(alerts[0].toObject(), u"status"_s, u"resolved"_s);
        mixed.insert(u"alerts"_s, alerts);
        Expected<QList<IngestEvent>> mixedEvents = ingest::alertmanager(mixed);
        QVERIFY2(mixedEvents, why(mixedEvents).constData());
        QCOMPARE(warroom::toString(mixedEvents->first().action), warroom::toString(IngestAction::Update));
    }

    void alertmanagerRejects_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("reason");
        const QJsonObject ok = sample(u"alertmanager-firing.json"_s);
        QTest::newRow("version 3") << with(ok, u"version"_s, u"3"_s) << u"version must be \"4\""_s;
        QTest::newRow("version a number") << with(ok, u"version"_s, 4) << u"\"version\" must be a string"_s;
        QTest::newRow("no groupKey") << with(ok, u"groupKey"_s, QJsonValue::Undefined) << u"\"groupKey\" is required"_s;
        QTest::newRow("status unknown") << with(ok, u"status"_s, u"burning"_s) << u"status must be firing"_s;
        QTest::newRow("alerts an object") << with(ok, u"alerts"_s, QJsonObject {}) << u"\"alerts\" must be an array"_s;
        QTest::newRow("alerts empty") << with(ok, u"alerts"_s, QJsonArray {}) << u"alerts is empty"_s;
        QTest::newRow("alert a string") << with(ok, u"alerts"_s, QJsonArray {u"x"_s})
                                        << u"alerts[0] must be an object"_s;
        QJsonArray alerts = ok.value(u"alerts"_s).toArray();
        alerts[1] = with(alerts[1].toObject(), u"labels"_s, QJsonObject {{u"severity"_s, 3}});
        QTest::newRow("label a number") << with(ok, u"alerts"_s, alerts)
                                        << u"alerts[1].labels.severity must be a string"_s;
        QTest::newRow("commonLabels with an array")
            << with(ok, u"commonLabels"_s, QJsonObject {{u"a"_s, QJsonArray {}}}) << u"commonLabels.a must be"_s;
        QTest::newRow("huge summary") << with(ok, u"commonAnnotations"_s,
                                              QJsonObject {{u"summary"_s, QString(1500, u'x')}})
                                      << u"summary is longer than 1024"_s;
        QTest::newRow("control characters in the summary")
            << with(ok, u"commonAnnotations"_s, QJsonObject {{u"summary"_s, u"a\u001b[2Jb"_s}})
            << u"control or text-direction"_s;
        QTest::newRow("huge groupKey") << with(ok, u"groupKey"_s, QString(5000, u'k')) << u"groupKey"_s;
    }
    void alertmanagerRejects()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QString, reason);
        Expected<QList<IngestEvent>> events = ingest::alertmanager(body);
        QVERIFY(!events);
        QCOMPARE(events.error().code, ErrorCode::InvalidInput);
        QVERIFY2(events.error().message.contains(reason), qPrintable(events.error().message));
    }

    void cloudWatchShapes()
    {
        Expected<IngestEvent> alarm = ingest::eventBridge(sample(u"eventbridge-alarm.json"_s));
        QVERIFY2(alarm, why(alarm).constData());
        QCOMPARE(warroom::toString(alarm->action), warroom::toString(IngestAction::Trigger));
        QCOMPARE(alarm->eventId, u"eventbridge:c4c1c1c9-6542-e61b-6ef0-8c4d36933a92"_s);
        QCOMPARE(alarm->service, u"checkout-api-svc"_s); // from the ECS dimensions
        QCOMPARE(alarm->labels.value(u"cluster"_s).toString(), u"prod-eu-west-1"_s);
        QCOMPARE(alarm->labels.value(u"region"_s).toString(), u"eu-west-1"_s);
        QCOMPARE(alarm->title, u"CloudWatch alarm checkout-api-5xx is ALARM"_s);

        Expected<IngestEvent> ok = ingest::alertWrapper(sample(u"alert-wrapper-ok.json"_s));
        QVERIFY2(ok, why(ok).constData());
        QCOMPARE(warroom::toString(ok->action), warroom::toString(IngestAction::Resolve));
        QCOMPARE(ok->source, u"alert"_s);
        QCOMPARE(ok->externalId, u"ops-4711"_s);
        QCOMPARE(ok->dedupKey, alarm->dedupKey); // both shapes name one incident per alarm
        QCOMPARE(ok->service, u"checkout-api-svc"_s); // from the ECS service ARN
        QCOMPARE(ok->labels.value(u"cluster"_s).toString(), u"prod-eu-west-1"_s);

        // The wrapper around a whole EventBridge event works too.
        Expected<IngestEvent> wrapped = ingest::alertWrapper(
            QJsonObject {{u"incident_id"_s, u"ops-1"_s}, {u"detail"_s, sample(u"eventbridge-alarm.json"_s)}});
        QVERIFY2(wrapped, why(wrapped).constData());
        QCOMPARE(wrapped->service, u"checkout-api-svc"_s);

        const QJsonObject eb = sample(u"eventbridge-alarm.json"_s);
        QVERIFY(!ingest::eventBridge(with(eb, u"detail-type"_s, u"EC2 Instance State-change Notification"_s)));
        QVERIFY(!ingest::eventBridge(with(eb, u"detail.state.value"_s, u"ON_FIRE"_s)));
        QVERIFY(!ingest::eventBridge(with(eb, u"detail.state"_s, u"ALARM"_s)));
        QVERIFY(!ingest::eventBridge(with(eb, u"id"_s, QJsonValue::Undefined)));
        QVERIFY(!ingest::eventBridge(with(eb, u"resources"_s, QJsonArray {7})));
        QVERIFY(!ingest::alertWrapper(with(sample(u"alert-wrapper-ok.json"_s), u"incident_id"_s, 5)));
        QVERIFY(!ingest::alertWrapper(with(sample(u"alert-wrapper-ok.json"_s), u"detail"_s, QJsonValue::Undefined)));
    }

    void pagerDuty()
    {
        QString key;
        Expected<IngestEvent> t = ingest::pagerDuty(sample(u"pagerduty-trigger.json"_s), &key);
        QVERIFY2(t, why(t).constData());
        QCOMPARE(key, u"orders-db-replication"_s);
        QCOMPARE(warroom::toString(t->action), warroom::toString(IngestAction::Trigger));
        QCOMPARE(t->priority, u"P1"_s);
        QCOMPARE(t->service, u"orders-db"_s);
        QVERIFY(t->description.contains(u"lag_seconds: 900"_s));
        const QJsonObject ack {{u"routing_key"_s, u"R0UT1NGK3Y0000000000000000000001"_s},
                               {u"event_action"_s, u"acknowledge"_s},
                               {u"dedup_key"_s, u"orders-db-replication"_s}};
        Expected<IngestEvent> a = ingest::pagerDuty(ack);
        QVERIFY(a);
        QCOMPARE(warroom::toString(a->action), warroom::toString(IngestAction::Acknowledge));
        QCOMPARE(a->dedupKey, t->dedupKey);
        // Without a dedup key a trigger gets one; acknowledge and resolve need one.
        QString generated;
        QVERIFY(ingest::pagerDuty(with(sample(u"pagerduty-trigger.json"_s), u"dedup_key"_s, QJsonValue::Undefined),
                                  &generated));
        QCOMPARE(generated.size(), 32);
        QVERIFY(!ingest::pagerDuty(with(ack, u"dedup_key"_s, QJsonValue::Undefined)));
        QVERIFY(!ingest::pagerDuty(with(ack, u"event_action"_s, u"snooze"_s)));
        QVERIFY(!ingest::pagerDuty(with(sample(u"pagerduty-trigger.json"_s), u"payload.severity"_s, u"urgent"_s)));
        QVERIFY(!ingest::pagerDuty(with(sample(u"pagerduty-trigger.json"_s), u"payload.summary"_s, 42)));
        QVERIFY(!ingest::pagerDuty(with(sample(u"pagerduty-trigger.json"_s), u"routing_key"_s, QJsonValue::Undefined)));
        // Every problem of an event, in the order of its fields.
        QStringList problems;
        const QJsonObject wrong {{u"event_action"_s, u"resolve"_s}, {u"dedup_key"_s, 7}};
        Expected<IngestEvent> w = ingest::pagerDuty(wrong, nullptr, &problems);
        QVERIFY(!w);
        QCOMPARE(problems,
                 QStringList({u"field \"routing_key\" is required"_s, u"field \"dedup_key\" must be a string"_s,
                              u"dedup_key is required to resolve an alert"_s}));
        QCOMPARE(w.error().message, problems.join(u"; "_s));
        problems.clear();
        QVERIFY(!ingest::pagerDuty(with(ack, u"event_action"_s, u"snooze"_s), nullptr, &problems));
        QCOMPARE(problems, QStringList({u"event_action must be trigger, acknowledge or resolve (not \"snooze\")"_s}));
    }

    void cyberEvents()
    {
        QFile f(QStringLiteral(WARROOM_SOURCE_DIR) + u"/tests/data/ingest/cyber-sample.jsonl"_s);
        QVERIFY(f.open(QIODevice::ReadOnly));
        int n = 0;
        QSet<QString> categories;
        while (!f.atEnd()) {
            const QByteArray line = f.readLine().trimmed();
            Expected<QJsonObject> o = ingest::parseObject(line);
            QVERIFY(o);
            // Documentation ranges only.
            for (const QJsonValue &ind : o->value(u"indicators"_s).toArray()) {
                const QString v = ind.toObject().value(u"value"_s).toString();
                const QString type = ind.toObject().value(u"type"_s).toString();
                if (type == "ipv4"_L1)
                    QVERIFY2(v.startsWith(u"192.0.2."_s) || v.startsWith(u"198.51.100."_s)
                                 || v.startsWith(u"203.0.113."_s),
                             qPrintable(v));
                if (type == "ipv6"_L1)
                    QVERIFY2(v.startsWith(u"2001:db8:"_s), qPrintable(v));
                if (type == "domain"_L1)
                    QVERIFY2(v.endsWith(u".example.org"_s), qPrintable(v));
            }
            // Hosts and users are fake names under the example domains.
            for (const QJsonValue &h : o->value(u"hosts"_s).toArray())
                QVERIFY2(isExampleName(h.toString()), qPrintable(h.toString()));
            QVERIFY(!o->value(u"users"_s).toArray().isEmpty());
            for (const QJsonValue &u : o->value(u"users"_s).toArray())
                QVERIFY2(u.toString().endsWith(u"@example.com"_s), qPrintable(u.toString()));
            // Whatever the texts name (addresses, hosts, mail) is documentation too.
            for (const QString &field : {u"title"_s, u"description"_s}) {
                const QString text = o->value(field).toString();
                QVERIFY(!text.isEmpty());
                static const QRegularExpression kIpv4(u"\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b"_s);
                for (QRegularExpressionMatchIterator it = kIpv4.globalMatch(text); it.hasNext();) {
                    const QString ip = it.next().captured(0);
                    QVERIFY2(isDocumentationIpv4(ip), qPrintable(text));
                }
                static const QRegularExpression kName(
                    u"\\b[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:com|net|org|io|info|biz|dev|app|co|uk|de|ru|cn)\\b"_s);
                for (QRegularExpressionMatchIterator it = kName.globalMatch(text); it.hasNext();) {
                    const QString name = it.next().captured(0);
                    QVERIFY2(isExampleName(name), qPrintable(name + u" in: "_s + text));
                }
            }
            // The user a description names is one of the event's (fake) users.
            static const QRegularExpression kInvolving(u"involving ([a-z.]+) from"_s);
            const QString involved = kInvolving.match(o->value(u"description"_s).toString()).captured(1);
            QVERIFY2(!involved.isEmpty()
                         && o->value(u"users"_s).toArray().contains(QJsonValue(involved + u"@example.com"_s)),
                     line.constData());
            const QStringList keys = o->keys();
            QVERIFY2(QSet<QString>(keys.begin(), keys.end()).subtract(kGeneratorFields).isEmpty(), line.constData());
            Expected<IngestEvent> e = ingest::streamEvent(*o, u"1-0"_s);
            QVERIFY2(e, why(e).constData());
            QVERIFY(e->eventId.startsWith(u"cyber-7-"_s));
            QVERIFY(!e->labels.value(u"technique"_s).toString().isEmpty());
            categories.insert(e->labels.value(u"category"_s).toString());
            ++n;
        }
        QCOMPARE(n, 50);
        QCOMPARE(categories.size(), 4);

        const QJsonObject ok {{u"event_id"_s, u"c-1"_s},
                              {u"category"_s, u"data_exfiltration"_s},
                              {u"technique"_s, u"T1041"_s},
                              {u"hosts"_s, QJsonArray {u"db-1.example.net"_s}}};
        QVERIFY(ingest::streamEvent(ok, u"1-0"_s));
        QVERIFY(!ingest::streamEvent(with(ok, u"category"_s, u"sabotage"_s), u"1-0"_s));
        QVERIFY(!ingest::streamEvent(with(ok, u"technique"_s, u"rm -rf"_s), u"1-0"_s));
        QVERIFY(!ingest::streamEvent(with(ok, u"hosts"_s, u"db-1"_s), u"1-0"_s));
        QVERIFY(!ingest::streamEvent(with(ok, u"indicators"_s, QJsonArray {5}), u"1-0"_s));
        QVERIFY(!ingest::streamEvent(with(ok, u"event_id"_s, u"has space"_s), u"1-0"_s));
        // A generic incident through the stream, named by the entry id.
        Expected<IngestEvent> generic = ingest::streamEvent({{u"title"_s, u"VPN down"_s}}, u"17-3"_s);
        QVERIFY(generic);
        QCOMPARE(generic->eventId, u"stream:17-3"_s);
        QVERIFY(!ingest::streamEvent({{u"title"_s, u"x"_s}, {u"colour"_s, u"red"_s}}, u"17-4"_s));
        QVERIFY(!ingest::streamEvent({}, u"17-5"_s));
    }

    void hostileBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("malformed") << QByteArray("{\"version\": \"4\",");
        QTest::newRow("array") << QByteArray("[1,2]");
        QTest::newRow("invalid UTF-8") << QByteArray("{\"version\": \"\xff\xfe\"}");
        QTest::newRow("deep nesting") << (QByteArray(5000, '[') + QByteArray(5000, ']'));
    }
    void hostileBodies()
    {
        QFETCH(QByteArray, body);
        Expected<QJsonObject> o = ingest::parseObject(body);
        QVERIFY(!o);
        QCOMPARE(o.error().code, ErrorCode::InvalidInput);
        QVERIFY(!o.error().message.isEmpty());
    }

    void dedupCountsAndThrottles()
    {
        IngestSettings s;
        s.throttleSeconds = 60;
        Fixture f(s);
        const IngestResult first = f.one(ev(u"e1"_s, u"k"_s));
        QCOMPARE(first.outcome, u"created"_s);
        QVERIFY(first.incidentId > 0);
        f.now = f.now.addSecs(10);
        const IngestResult second = f.one(ev(u"e2"_s, u"k"_s));
        QCOMPARE(second.incidentId, first.incidentId);
        QCOMPARE(second.outcome, u"throttled"_s); // inside the throttle window: counted, no timeline entry
        f.now = f.now.addSecs(61);
        QCOMPARE(f.one(ev(u"e3"_s, u"k"_s)).outcome, u"deduplicated"_s);
        QCOMPARE(f.incident(first.incidentId).eventCount, 3);
        // The same event again changes nothing.
        const IngestResult again = f.one(ev(u"e2"_s, u"k"_s));
        QCOMPARE(again.outcome, u"duplicate"_s);
        QCOMPARE(again.incidentId, first.incidentId);
        QCOMPARE(f.incident(first.incidentId).eventCount, 3);
        // Timeline: created, one event entry (the throttled one left none).
        Expected<QList<AuditEvent>> audit = f.coordinator->audit(first.incidentId, 0, 100);
        QStringList types;
        for (const AuditEvent &a : *audit)
            types.append(a.type);
        QCOMPARE(types, (QStringList {u"incident.created"_s, u"incident.event"_s}));
        QCOMPARE(f.ingestor->counters().value(u"test|throttled"_s), 1);
        QVERIFY(f.store.verifyAudit()->intact);
    }

    void batchInOneTransaction()
    {
        Fixture f;
        QList<IngestEvent> batch;
        for (int i = 0; i < 300; ++i)
            batch.append(ev(u"b%1"_s.arg(i), i % 3 == 0 ? u"shared"_s : QString()));
        batch.append(ev(u"b5"_s, {})); // repeated inside the batch
        Expected<QList<IngestResult>> r = f.ingestor->ingest(kBridge, batch);
        QVERIFY(r);
        QCOMPARE(r->size(), 301);
        QCOMPARE(r->last().outcome, u"duplicate"_s);
        QCOMPARE(r->last().incidentId, r->at(5).incidentId);
        QCOMPARE(*f.store.incidentCount(), 201); // 200 own + one for the shared key
        QCOMPARE(f.incident(r->first().incidentId).eventCount, 100);
        // Every event is traceable to the incident that holds it.
        Expected<QJsonObject> e = f.ingestor->event(u"b3"_s);
        QVERIFY(e);
        QCOMPARE(e->value(u"incident_id"_s).toInteger(), r->first().incidentId);
        QCOMPARE(f.ingestor->event(u"nope"_s).error().code, ErrorCode::NotFound);
        QVERIFY(f.store.verifyAudit()->intact);
    }

    void resolveAcknowledgeAndFlapDamping()
    {
        IngestSettings s;
        s.flapWindowSeconds = 600;
        s.flapThreshold = 2;
        Fixture f(s);
        const qint64 id = f.one(ev(u"t1"_s, u"pd"_s)).incidentId;
        QCOMPARE(f.one(ev(u"a1"_s, u"pd"_s, IngestAction::Acknowledge)).outcome, u"acknowledged"_s);
        QCOMPARE(f.incident(id).sourceStatus, u"acknowledged"_s);
        QCOMPARE(f.one(ev(u"r1"_s, u"pd"_s, IngestAction::Resolve)).outcome, u"resolved"_s);
        QCOMPARE(warroom::toString(f.incident(id).state), warroom::toString(IncidentState::Resolved));
        // Re-fires inside the window reopen the same incident; the second flap damps.
        f.now = f.now.addSecs(30);
        IngestResult re = f.one(ev(u"t2"_s, u"pd"_s));
        QCOMPARE(re.outcome, u"reopened"_s);
        QCOMPARE(re.incidentId, id);
        QCOMPARE(warroom::toString(f.incident(id).state), warroom::toString(IncidentState::New));
        QCOMPARE(f.one(ev(u"r2"_s, u"pd"_s, IngestAction::Resolve)).outcome, u"resolved"_s);
        f.now = f.now.addSecs(30);
        QCOMPARE(f.one(ev(u"t3"_s, u"pd"_s)).outcome, u"reopened"_s);
        QVERIFY(f.incident(id).flapping);
        QCOMPARE(f.incident(id).flapCount, 2);
        // Flapping: the source's resolve is recorded but people decide.
        QCOMPARE(f.one(ev(u"r3"_s, u"pd"_s, IngestAction::Resolve)).outcome, u"source_resolved"_s);
        QCOMPARE(warroom::toString(f.incident(id).state), warroom::toString(IncidentState::New));
        QCOMPARE(f.incident(id).sourceStatus, u"resolved"_s);

        // A resolve for nothing open is kept but held by no incident.
        const IngestResult lone = f.one(ev(u"r9"_s, u"unknown"_s, IngestAction::Resolve));
        QCOMPARE(lone.outcome, u"ignored"_s);
        QCOMPARE(lone.incidentId, 0);
        QVERIFY(f.ingestor->event(u"r9"_s)->value(u"incident"_s).isNull());

        // After the flap window a re-fire is a new incident.
        const qint64 other = f.one(ev(u"x1"_s, u"quiet"_s)).incidentId;
        QCOMPARE(f.one(ev(u"x2"_s, u"quiet"_s, IngestAction::Resolve)).outcome, u"resolved"_s);
        f.now = f.now.addSecs(601);
        const IngestResult later = f.one(ev(u"x3"_s, u"quiet"_s));
        QCOMPARE(later.outcome, u"created"_s);
        QVERIFY(later.incidentId != other);
        // The key now names the new one.
        QCOMPARE(f.one(ev(u"x4"_s, u"quiet"_s)).incidentId, later.incidentId);
    }

    void peopleDecideOnceEngaged()
    {
        Fixture f;
        const qint64 id = f.one(ev(u"t1"_s, u"k"_s)).incidentId;
        Expected<IncidentRecord> escalated
            = f.coordinator->execute(id, command::Escalate {u"needs the DBA"_s}, User {u"mia"_s, u"mia"_s, {u"mim"_s}});
        QVERIFY2(escalated, why(escalated).constData());
        QCOMPARE(f.one(ev(u"r1"_s, u"k"_s, IngestAction::Resolve)).outcome, u"source_resolved"_s);
        QCOMPARE(warroom::toString(f.incident(id).state), warroom::toString(IncidentState::Escalated));
    }

    void eventValidation_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("reason"); // empty: valid
        QTest::newRow("id ok") << u"id"_s << u"cyber-7-000001:a/b@c+d=e.f_g"_s << QString();
        QTest::newRow("id with a space") << u"id"_s << u"a b"_s << u"the event id must be"_s;
        QTest::newRow("id of 201") << u"id"_s << QString(201, u'a') << u"the event id must be"_s;
        QTest::newRow("id not ASCII") << u"id"_s << u"caf\u00e9"_s << u"the event id must be"_s;
        QTest::newRow("source with +") << u"source"_s << u"a+b"_s << u"the source must be"_s;
        QTest::newRow("title with a newline") << u"title"_s << u"a\nb"_s << u"the title contains control"_s;
        QTest::newRow("title with a bidi override")
            << u"title"_s << u"invoice\u202egpj.exe"_s << u"the title contains control or text-direction"_s;
        QTest::newRow("title with an isolate") << u"title"_s << u"a\u2066b"_s << u"text-direction"_s;
        QTest::newRow("title with DEL") << u"title"_s << u"a\u007fb"_s << u"control"_s;
        QTest::newRow("title ok, non-ASCII")
            << u"title"_s << u"St\u00f6rung im Rechenzentrum \u2013 Nord"_s << QString();
        QTest::newRow("description with lines and tabs") << u"description"_s << u"a\n\tb\r\nc"_s << QString();
        QTest::newRow("description with ESC") << u"description"_s << u"a\u001b[2Jb"_s << u"the description contains"_s;
        QTest::newRow("service ok") << u"service"_s << u"checkout-api.v2_eu"_s << QString();
        QTest::newRow("service from a dot") << u"service"_s << u".hidden"_s << u"the service must be"_s;
        QTest::newRow("service of 101") << u"service"_s << QString(101, u's') << u"the service must be"_s;
        QTest::newRow("service with a slash") << u"service"_s << u"a/b"_s << u"the service must be"_s;
        QTest::newRow("priority P4") << u"priority"_s << u"P4"_s << QString();
        QTest::newRow("priority P5") << u"priority"_s << u"P5"_s << u"the priority must be"_s;
        QTest::newRow("priority p1") << u"priority"_s << u"p1"_s << u"the priority must be"_s;
        QTest::newRow("dedup key with a tab") << u"dedup"_s << u"a\tb"_s << u"the dedup key contains"_s;
        QTest::newRow("label with a newline") << u"label"_s << u"x\ny"_s << QString(); // values may have lines
        QTest::newRow("label with a NUL") << u"label"_s << QString(QChar(0)) << u"must be at most 2000 printable"_s;
    }
    void eventValidation()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, reason);
        IngestEvent e = ev(u"v-1"_s, u"k"_s);
        if (field == "id"_L1)
            e.eventId = value;
        else if (field == "source"_L1)
            e.source = value;
        else if (field == "title"_L1)
            e.title = value;
        else if (field == "description"_L1)
            e.description = value;
        else if (field == "service"_L1)
            e.service = value;
        else if (field == "priority"_L1)
            e.priority = value;
        else if (field == "dedup"_L1)
            e.dedupKey = value;
        else if (field == "label"_L1)
            e.labels.insert(u"note"_s, value);
        const Status s = e.validate();
        if (reason.isEmpty()) {
            QVERIFY2(s, s ? "" : qPrintable(s.error().message));
        } else {
            QVERIFY(!s);
            QVERIFY2(s.error().message.contains(reason), qPrintable(s.error().message));
        }
    }

    void senderTimes()
    {
        // Alertmanager's startsAt (Z), EventBridge's +0000, and more digits than milliseconds.
        Expected<QList<IngestEvent>> am = ingest::alertmanager(sample(u"alertmanager-firing.json"_s));
        QVERIFY(am);
        QCOMPARE(am->first().occurredAt, QDateTime(QDate(2026, 11, 22), QTime(2, 14), Qt::UTC));
        Expected<IngestEvent> eb = ingest::eventBridge(sample(u"eventbridge-alarm.json"_s));
        QVERIFY(eb);
        QCOMPARE(eb->occurredAt, QDateTime(QDate(2026, 11, 22), QTime(2, 15, 40, 985), Qt::UTC));
        QJsonObject body = sample(u"alertmanager-firing.json"_s);
        QJsonArray alerts = body.value(u"alerts"_s).toArray();
        alerts[0] = with(alerts[0].toObject(), u"startsAt"_s, u"2026-11-22T02:14:00.123456789Z"_s);
        alerts[1] = with(alerts[1].toObject(), u"startsAt"_s, u"not a time"_s);
        body.insert(u"alerts"_s, alerts);
        Expected<QList<IngestEvent>> fine = ingest::alertmanager(body);
        QVERIFY(fine);
        QCOMPARE(fine->first().occurredAt, QDateTime(QDate(2026, 11, 22), QTime(2, 14, 0, 123), Qt::UTC));
        QVERIFY(fine->first().warnings.isEmpty());
        // Not a time: the alert is kept (its receipt time stands in), and says so.
        QVERIFY(!fine->at(1).occurredAt.isValid());
        QCOMPARE(fine->at(1).warnings.size(), 1);
        QVERIFY2(
            fine->at(1).warnings.first().startsWith(u"alerts[1].startsAt \"not a time\" is not an RFC 3339 time"_s),
            qPrintable(fine->at(1).warnings.first()));
    }

    /// "incident.created" is written straight to bytes: they are the
    /// canonical form of the payload it always had (the incident without the
    /// identity the store gives it, the dedup key, the event, the source and
    /// any warnings), and the chain verifies.
    void createdEventIsTheCanonicalPayload()
    {
        Fixture f;
        IngestEvent e = ev(u"c1"_s, u"k1"_s, IngestAction::Trigger, u"checkout"_s);
        e.description = u"quotes \" and \\ and \u2028 and ünïcode"_s;
        e.labels = QJsonObject {{u"alertname"_s, u"DiskFull"_s}, {u"team"_s, u"web"_s}};
        e.warnings = {u"alerts[0].startsAt \"soon\" is not an RFC 3339 time"_s};
        const qint64 id = f.one(e).incidentId;
        QVERIFY(id > 0);
        const qint64 plain = f.one(ev(u"c2"_s, u"k2"_s)).incidentId; // no warnings at all
        for (const qint64 incident : {id, plain}) {
            Expected<QList<AuditEvent>> log = f.store.auditEvents(incident, 0, 100);
            QVERIFY(log);
            const auto created = std::find_if(log->cbegin(), log->cend(),
                                              [](const AuditEvent &a) { return a.type == "incident.created"_L1; });
            QVERIFY(created != log->cend());
            const QJsonObject payload = QJsonDocument::fromJson(created->payload).object();
            QCOMPARE(created->payload, AuditEvent::canonicalPayload(payload));
            Incident expected = f.incident(incident);
            expected.eventCount = 1;
            QJsonObject content = expected.toJson();
            for (const QString &k : {u"id"_s, u"key"_s, u"created_at"_s, u"updated_at"_s})
                content.remove(k);
            QCOMPARE(payload.value(u"incident"_s).toObject(), content);
            QCOMPARE(payload.value(u"event_id"_s).toString(), incident == id ? u"c1"_s : u"c2"_s);
            QCOMPARE(payload.value(u"dedup_key"_s).toString(), incident == id ? u"k1"_s : u"k2"_s);
            QCOMPARE(payload.value(u"source"_s).toString(), u"test"_s);
            QCOMPARE(payload.contains(u"warnings"_s), incident == id);
        }
        QCOMPARE(QJsonDocument::fromJson(f.store.auditEvents(id, 0, 100)->first().payload)
                     .object()
                     .value(u"warnings"_s)
                     .toArray()
                     .at(0)
                     .toString(),
                 e.warnings.first());
        QVERIFY(f.store.verifyAudit()->intact);
    }

    void cachedRecordsNeverOverwrite()
    {
        // The ingestor reuses what it committed last; when someone else saved
        // the incident since, the commit is refused and built again from the
        // store: the other change survives.
        Fixture f;
        const qint64 id = f.one(ev(u"c1"_s, u"k"_s)).incidentId;
        QVERIFY(f.coordinator->execute(id, command::Assign {u"mia"_s}, kMim));
        f.now = f.now.addSecs(120);
        const IngestResult repeat = f.one(ev(u"c2"_s, u"k"_s));
        QCOMPARE(repeat.incidentId, id);
        QCOMPARE(repeat.outcome, u"deduplicated"_s);
        QCOMPARE(f.incident(id).owner, u"mia"_s);
        QCOMPARE(f.incident(id).eventCount, 2);
        f.now = f.now.addSecs(120);
        QCOMPARE(f.one(ev(u"c3"_s, u"k"_s)).outcome, u"deduplicated"_s); // from the cache this time
        QCOMPARE(f.incident(id).eventCount, 3);
        QCOMPARE(f.incident(id).owner, u"mia"_s);
        QVERIFY(f.store.verifyAudit()->intact);
    }

    void stopTriageWaitsAndTheNextStartRequeues()
    {
        // Shutdown with triage in flight: stopTriage() waits for the batches
        // being analysed (they read the knowledge base and the execution
        // policy, which warroomd destroys next: under ASan a batch still
        // running here is a use after free) and records nothing more. What
        // stayed untriaged is queued again by the next start, and says so.
        QTemporaryDir dir;
        SqliteStore store(dir.filePath(u"stop.db"_s));
        QVERIFY(store.open());
        Config config;
        QList<LintIssue> issues;
        const KnowledgeBase kb
            = KnowledgeBase::load({QStringLiteral(WARROOM_SOURCE_DIR "/resources/knowledge")}, &issues);
        const QList<IngestEvent> events = cyberSample();
        QCOMPARE(events.size(), 50);
        auto policy = std::make_unique<ExecutionPolicy>(
            *ExecutionPolicy::load(QStringLiteral(WARROOM_SOURCE_DIR "/playbooks/policy.yaml")));
        {
            Coordinator coordinator(store, config);
            coordinator.setKnowledge(&kb);
            coordinator.setExecution(policy.get(), nullptr);
            QVERIFY(coordinator.start());
            Ingestor ingestor(coordinator, config.ingest);
            QCOMPARE(ingestor.ingest(User::system(), events)->size(), 50);
            QVERIFY(coordinator.triageBacklog() > 0); // queued, some batches on the pool already
            coordinator.stopTriage();
            policy.reset(); // as warroomd's locals go after the signal
            QCOMPARE(coordinator.triageBacklog(), 0);
            QTest::qWait(300); // nothing comes back from the pool any more
            QCOMPARE(coordinator.incidentsTriaged(), 0);
            // Submitted after the stop: kept, not triaged.
            QVERIFY(coordinator.submit(User::system(),
                                       QJsonObject {{u"title"_s, u"late arrival"_s}, {u"service"_s, u"sso"_s}}, {}));
            QTest::qWait(100);
            QCOMPARE(coordinator.triageBacklog(), 0);
        }
        IncidentFilter untriaged;
        untriaged.state = u"new"_s;
        QCOMPARE(store.incidents(untriaged)->total, 51);

        policy = std::make_unique<ExecutionPolicy>(
            *ExecutionPolicy::load(QStringLiteral(WARROOM_SOURCE_DIR "/playbooks/policy.yaml")));
        Coordinator restarted(store, config);
        restarted.setKnowledge(&kb);
        restarted.setExecution(policy.get(), nullptr);
        QVERIFY(restarted.start());
        QTRY_COMPARE_WITH_TIMEOUT(restarted.incidentsTriaged(), 51, 30000);
        QTRY_COMPARE(restarted.triageBacklog(), 0);
        QCOMPARE(store.incidents(untriaged)->total, 0);
        Expected<QList<AuditEvent>> log = store.auditEvents(0, 0, 100000);
        QVERIFY(log);
        QList<qint64> requeued;
        for (const AuditEvent &e : std::as_const(*log)) {
            if (e.type == "coordinator.started"_L1)
                requeued.append(e.payloadObject().value(u"untriaged_requeued"_s).toInteger(-1));
        }
        QCOMPARE(requeued, (QList<qint64> {0, 51}));
        // Triaged once each: a third start finds nothing to do.
        {
            Coordinator again(store, config);
            again.setKnowledge(&kb);
            QVERIFY(again.start());
            QCOMPARE(again.triageBacklog(), 0);
        }
        QVERIFY(store.verifyAudit()->intact);
    }

    void triageRecordsWhatTheStoreWouldEncode()
    {
        // Triage on ingestion prepares and encodes records and payloads on
        // pool threads; what lands in the database is byte for byte what the
        // store's own encoding gives, and an incident changed meanwhile is
        // triaged against what is stored (nothing of the change is lost).
        QTemporaryDir dir;
        SqliteStore store(dir.filePath(u"triage.db"_s));
        QVERIFY(store.open());
        Config config;
        QVERIFY(config.triageOnIngest);
        QList<LintIssue> issues;
        const KnowledgeBase kb
            = KnowledgeBase::load({QStringLiteral(WARROOM_SOURCE_DIR "/resources/knowledge")}, &issues);
        Coordinator coordinator(store, config);
        coordinator.setKnowledge(&kb);
        QVERIFY(coordinator.start());
        Ingestor ingestor(coordinator, config.ingest);
        const QList<IngestEvent> events = cyberSample();
        QCOMPARE(events.size(), 50);
        Expected<QList<IngestResult>> results = ingestor.ingest(User::system(), events);
        QVERIFY(results);
        QCOMPARE(results->size(), 50);
        // Someone takes the first one before its triage is recorded (that
        // happens on a later turn of the event loop).
        const qint64 taken = results->first().incidentId;
        QVERIFY(coordinator.execute(taken, command::Assign {u"mia"_s}, kMim));
        QTRY_COMPARE_WITH_TIMEOUT(coordinator.incidentsTriaged(), 50, 30000);
        QTRY_COMPARE(coordinator.triageBacklog(), 0);
        const Incident first = coordinator.incident(taken)->incident;
        QCOMPARE(first.owner, u"mia"_s);
        QVERIFY(coordinator.incident(taken)->classification.has_value());

        // Repeats after triage: the store reuses the triaged record's pieces
        // (the second repeat) and must still write what toJson() gives.
        for (int round = 0; round < 2; ++round) {
            QList<IngestEvent> repeats;
            for (const IngestEvent &e : std::as_const(events)) {
                IngestEvent r = e;
                r.dedupKey = u"event:"_s + e.eventId;
                r.eventId = e.eventId + u"-again-"_s + QString::number(round);
                r.priority = round == 0 ? u"P1"_s : QString();
                repeats.append(r);
            }
            Expected<QList<IngestResult>> again = ingestor.ingest(User::system(), repeats);
            QVERIFY2(again, again ? "" : qPrintable(again.error().message));
            QCOMPARE(again->first().incidentId, taken);
        }
        QCOMPARE(coordinator.incident(taken)->incident.eventCount, 3);
        QCOMPARE(coordinator.incident(taken)->incident.priority, u"P1"_s);
        QVERIFY(!coordinator.incident(taken)->plan.isEmpty() || coordinator.incident(taken)->classification);
        const QString name = u"check-encoding"_s;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(dir.filePath(u"triage.db"_s));
            QVERIFY(db.open());
            QSqlQuery docs(db);
            QVERIFY(docs.exec(u"SELECT id, doc FROM incidents"_s));
            int checked = 0;
            while (docs.next()) {
                const QByteArray doc = docs.value(1).toString().toUtf8();
                Expected<IncidentRecord> r = IncidentRecord::fromJson(QJsonDocument::fromJson(doc).object());
                QVERIFY(r);
                r->incident.id = docs.value(0).toLongLong();
                QVERIFY(r->classification.has_value());
                QCOMPARE(QJsonDocument(r->toJson()).toJson(QJsonDocument::Compact), doc);
                ++checked;
            }
            QCOMPARE(checked, 50);
            QSqlQuery audit(db);
            QVERIFY(
                audit.exec(u"SELECT type, payload FROM audit WHERE type IN ('incident.triaged', 'plan.proposed')"_s));
            int payloads = 0;
            while (audit.next()) {
                const QByteArray payload = audit.value(1).toString().toUtf8();
                QCOMPARE(AuditEvent::canonicalPayload(QJsonDocument::fromJson(payload).object()), payload);
                ++payloads;
            }
            QVERIFY(payloads >= 50);
            // Each triage payload holds what the record holds (the pool
            // writes both from the same classification and matches).
            QSqlQuery triaged(db);
            QVERIFY(triaged.exec(u"SELECT incident_id, payload FROM audit WHERE type = 'incident.triaged'"_s));
            int compared = 0;
            while (triaged.next()) {
                const IncidentRecord r = coordinator.incident(triaged.value(0).toLongLong()).value();
                QVERIFY(r.classification.has_value());
                const QJsonObject expected {{u"classification"_s, r.classification->toJson()},
                                            {u"matches"_s, listToJson(r.matches)}};
                QCOMPARE(triaged.value(1).toString().toUtf8(), AuditEvent::canonicalPayload(expected));
                ++compared;
            }
            QCOMPARE(compared, 50);
            // Each plan.proposed payload is the record's plan (written by
            // Plan::toCompactJson on the pool, not through a QJsonObject).
            QSqlQuery proposed(db);
            QVERIFY(proposed.exec(u"SELECT incident_id, payload FROM audit WHERE type = 'plan.proposed'"_s));
            int plans = 0;
            while (proposed.next()) {
                const IncidentRecord r = coordinator.incident(proposed.value(0).toLongLong()).value();
                QVERIFY(!r.plan.isEmpty());
                QCOMPARE(proposed.value(1).toString().toUtf8(),
                         AuditEvent::canonicalPayload({{u"plan"_s, r.plan.toJson()}}));
                ++plans;
            }
            QVERIFY2(plans >= 45, qPrintable(QString::number(plans)));
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        QVERIFY(store.verifyAudit()->intact);
    }

    void sourceResolvesUntilPeopleAct()
    {
        Fixture f;
        // Triage's plan waits, nobody has touched it: the source resolves it.
        const qint64 id = f.one(ev(u"t1"_s, u"k1"_s)).incidentId;
        QVERIFY(f.coordinator->execute(id, command::ProposePlan {manualPlan()}, User::system()));
        QCOMPARE(warroom::toString(f.incident(id).state), warroom::toString(IncidentState::Planned));
        f.now = f.now.addSecs(5);
        QCOMPARE(f.one(ev(u"r1"_s, u"k1"_s, IngestAction::Resolve)).outcome, u"resolved"_s);
        QCOMPARE(warroom::toString(f.incident(id).state), warroom::toString(IncidentState::Resolved));
        // The response times count it: resolved (and so mitigated) when the source said so.
        QCOMPARE(f.incident(id).resolvedAt, f.now);
        QCOMPARE(f.incident(id).mitigatedAt, f.now);
        Expected<QList<AuditEvent>> audit = f.coordinator->audit(id, 0, 100);
        QVERIFY(audit);
        const AuditEvent &last = audit->last();
        QCOMPARE(last.type, u"incident.resolved"_s);
        const QJsonObject payload = QJsonDocument::fromJson(last.payload).object();
        QCOMPARE(payload.value(u"summary"_s).toString(), u"resolved by the source (test)"_s);
        QVERIFY2(payload.value(u"reason"_s).toString().contains(u"before anyone acted"_s), last.payload.constData());
        // A re-fire inside the flap window: the plan waits again.
        f.now = f.now.addSecs(5);
        QCOMPARE(f.one(ev(u"t2"_s, u"k1"_s)).outcome, u"reopened"_s);
        QCOMPARE(warroom::toString(f.incident(id).state), warroom::toString(IncidentState::Planned));
        QVERIFY(!f.incident(id).resolvedAt.isValid()); // the impact is back
        QVERIFY(!f.incident(id).mitigatedAt.isValid());

        // Someone approved a step: the source's resolve is recorded, people decide.
        const qint64 other = f.one(ev(u"t3"_s, u"k2"_s)).incidentId;
        QVERIFY(f.coordinator->execute(other, command::ProposePlan {manualPlan()}, User::system()));
        QVERIFY(f.coordinator->execute(other, command::RequestApproval {}, User::system()));
        Expected<IncidentRecord> approved = f.coordinator->execute(other, command::Approve {u"check"_s, {}, {}}, kMim);
        QVERIFY2(approved, why(approved).constData());
        f.now = f.now.addSecs(5);
        QCOMPARE(f.one(ev(u"r3"_s, u"k2"_s, IngestAction::Resolve)).outcome, u"source_resolved"_s);
        const Incident open = f.incident(other);
        QCOMPARE(warroom::toString(open.state), warroom::toString(IncidentState::AwaitingApproval));
        QCOMPARE(open.sourceStatus, u"resolved"_s);
        audit = f.coordinator->audit(other, 0, 100);
        QCOMPARE(audit->last().type, u"incident.source_resolved"_s);
        const QString reason = QJsonDocument::fromJson(audit->last().payload).object().value(u"reason"_s).toString();
        QVERIFY2(reason.contains(u"stays open"_s) && reason.contains(u"mia has approved step check"_s),
                 qPrintable(reason));

        // An owner, a person's own plan, a decided major status: people are on it.
        const qint64 owned = f.one(ev(u"t4"_s, u"k3"_s)).incidentId;
        QVERIFY(f.coordinator->execute(owned, command::Assign {u"mia"_s}, kMim));
        QCOMPARE(f.one(ev(u"r4"_s, u"k3"_s, IngestAction::Resolve)).outcome, u"source_resolved"_s);
        const qint64 planned = f.one(ev(u"t5"_s, u"k4"_s)).incidentId;
        QVERIFY(f.coordinator->execute(planned, command::ProposePlan {manualPlan()}, kMim));
        QCOMPARE(f.one(ev(u"r5"_s, u"k4"_s, IngestAction::Resolve)).outcome, u"source_resolved"_s);
        QVERIFY(f.store.verifyAudit()->intact);
    }

    void throttlePerAlertGroup()
    {
        IngestSettings s;
        s.throttleSeconds = 60;
        s.correlationWindowSeconds = 300;
        Fixture f(s);
        const qint64 id = f.one(ev(u"a1"_s, u"group-a"_s, IngestAction::Trigger, u"checkout"_s)).incidentId;
        f.now = f.now.addSecs(50);
        QCOMPARE(f.one(ev(u"b1"_s, u"group-b"_s, IngestAction::Trigger, u"checkout"_s)).outcome, u"correlated"_s);
        // Group a's last timeline entry was 65 s ago: not throttled, although
        // the incident had an entry (group b's) 15 s ago.
        f.now = f.now.addSecs(15);
        const IngestResult a2 = f.one(ev(u"a2"_s, u"group-a"_s, IngestAction::Trigger, u"checkout"_s));
        QCOMPARE(a2.incidentId, id);
        QCOMPARE(a2.outcome, u"deduplicated"_s);
        // Group b's was 20 s ago: throttled, and counted for group b.
        f.now = f.now.addSecs(5);
        QCOMPARE(f.one(ev(u"b2"_s, u"group-b"_s, IngestAction::Trigger, u"checkout"_s)).outcome, u"throttled"_s);
        QCOMPARE(f.one(ev(u"b3"_s, u"group-b"_s, IngestAction::Trigger, u"checkout"_s)).outcome, u"throttled"_s);
        const QByteArray metrics = f.ingestor->metricsText();
        const QByteArray expected = "warroom_ingest_throttled_group_events_total{source=\"test\",group=\"group-b\","
                                    "incident=\"INC-"
            + QByteArray::number(id) + "\"} 2\n";
        QVERIFY2(metrics.contains(expected), metrics.constData());
        QVERIFY(!metrics.contains("group=\"group-a\""));

        // Many throttled groups: only the busiest few get a label.
        for (int g = 0; g < 30; ++g) {
            const QString key = u"storm-%1"_s.arg(g);
            QVERIFY(f.ingestor->ingest(kBridge, {ev(key + u"-0"_s, key)}));
            for (int n = 1; n <= g % 5 + 1; ++n)
                QCOMPARE(f.one(ev(key + u'-' + QString::number(n), key)).outcome, u"throttled"_s);
        }
        const QByteArray many = f.ingestor->metricsText();
        QCOMPARE(many.count("warroom_ingest_throttled_group_events_total{"), Ingestor::kTopThrottledGroups);
        QVERIFY(many.contains("warroom_ingest_throttled_groups 31\n"));
        const QList<QPair<QString, Ingestor::GroupThrottle>> top = f.ingestor->topThrottledGroups(3);
        QCOMPARE(top.size(), 3);
        QCOMPARE(top.first().second.events, 5);
        QVERIFY(top.first().first.startsWith(u"storm-"_s));
        // A hostile key cannot break the exposition format.
        const QString hostile = u"x\"}\nwarroom_fake 1"_s;
        QVERIFY(f.ingestor->ingest(kBridge, {ev(u"h0"_s, hostile)}));
        for (int n = 1; n <= 9; ++n)
            QCOMPARE(f.one(ev(u"h%1"_s.arg(n), hostile)).outcome, u"throttled"_s);
        const QByteArray escaped = f.ingestor->metricsText();
        QVERIFY2(escaped.contains("group=\"x\\\"}\\nwarroom_fake 1\""), escaped.constData());
        QVERIFY(!escaped.contains("\nwarroom_fake 1"));
    }

    void streamReconnectBackoff()
    {
        // A consumer whose Redis is not there: the delay doubles up to its cap.
        Fixture f;
        QTemporaryDir dir;
        Expected<RedisAddress> address = RedisAddress::parse(u"unix://"_s + dir.filePath(u"absent.sock"_s));
        QVERIFY(address);
        RedisStreamConsumer consumer(*f.ingestor, *address, u"unit"_s);
        consumer.setBackoff(10, 80);
        QSignalSpy scheduled(&consumer, &RedisStreamConsumer::reconnectScheduled);
        consumer.start();
        QTRY_VERIFY(scheduled.size() >= 7);
        QList<int> delays;
        for (const QList<QVariant> &args : std::as_const(scheduled))
            delays.append(args.at(0).toInt());
        QCOMPARE(delays.mid(0, 7), (QList<int> {10, 20, 40, 80, 80, 80, 80}));
        QVERIFY(!scheduled.first().at(1).toString().isEmpty()); // why it is down
        QVERIFY(consumer.stateText().startsWith(u"down: "_s));
        const QByteArray metrics = consumer.metricsText();
        QVERIFY(metrics.contains("warroom_redis_up 0\n"));
        QVERIFY(metrics.contains("warroom_redis_reconnect_backoff_seconds 0.08\n"));
        static const QRegularExpression kReconnects(u"warroom_redis_reconnects_total (\\d+)"_s);
        QVERIFY(kReconnects.match(QString::fromUtf8(metrics)).captured(1).toInt() >= 7);
    }

    void correlationWindow()
    {
        IngestSettings s;
        s.correlationWindowSeconds = 120;
        Fixture f(s);
        const qint64 id = f.one(ev(u"c1"_s, u"alarm-a"_s, IngestAction::Trigger, u"checkout"_s)).incidentId;
        f.now = f.now.addSecs(60);
        const IngestResult c2 = f.one(ev(u"c2"_s, u"alarm-b"_s, IngestAction::Trigger, u"checkout"_s));
        QCOMPARE(c2.outcome, u"correlated"_s);
        QCOMPARE(c2.incidentId, id);
        // alarm-b's later events follow it to that incident.
        f.now = f.now.addSecs(100);
        QCOMPARE(f.one(ev(u"c3"_s, u"alarm-b"_s)).incidentId, id);
        // Another service, or the same one after the window: its own incident.
        QVERIFY(f.one(ev(u"c4"_s, u"alarm-c"_s, IngestAction::Trigger, u"search"_s)).incidentId != id);
        f.now = f.now.addSecs(121);
        const IngestResult late = f.one(ev(u"c5"_s, u"alarm-d"_s, IngestAction::Trigger, u"checkout"_s));
        QCOMPARE(late.outcome, u"created"_s);

        // A fresh ingestor (a restart) still finds the open incident in its window.
        Ingestor restarted(*f.coordinator, f.config.ingest);
        f.now = f.now.addSecs(10);
        Expected<QList<IngestResult>> r
            = restarted.ingest(kBridge, {ev(u"c6"_s, u"alarm-e"_s, IngestAction::Trigger, u"checkout"_s)});
        QVERIFY(r);
        QCOMPARE(r->first().outcome, u"correlated"_s);
        QCOMPARE(r->first().incidentId, late.incidentId);
    }

    void viewersCannotIngest()
    {
        Fixture f;
        Expected<QList<IngestResult>> r = f.ingestor->ingest(kViewer, {ev(u"v1"_s, {})});
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Forbidden);
        QCOMPARE(*f.store.incidentCount(), 0);
        // Not even a duplicate answers a viewer.
        QVERIFY(f.ingestor->ingest(kBridge, {ev(u"v2"_s, {})}));
        QCOMPARE(f.ingestor->ingest(kViewer, {ev(u"v2"_s, {})}).error().code, ErrorCode::Forbidden);
    }

    void rateLimiter()
    {
        RateLimiter limiter(10, 3);
        QCOMPARE(limiter.acquire(u"a"_s, 0), 0);
        QCOMPARE(limiter.acquire(u"a"_s, 0), 0);
        QCOMPARE(limiter.acquire(u"a"_s, 0), 0);
        QCOMPARE(limiter.acquire(u"a"_s, 0), 1); // burst spent: retry after a second (rounded up)
        QCOMPARE(limiter.acquire(u"b"_s, 0), 0); // another sender has its own bucket
        QCOMPARE(limiter.acquire(u"a"_s, 100), 0); // 100 ms at 10/s refills one
        QVERIFY(limiter.acquire(u"a"_s, 100) > 0);
        RateLimiter slow(0.1, 1);
        QCOMPARE(slow.acquire(u"a"_s, 0), 0);
        QCOMPARE(slow.acquire(u"a"_s, 0), 10);
        RateLimiter off(0, 1);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(off.acquire(u"a"_s, 0), 0);
    }

    void redisUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("display");
        QTest::newRow("host and port") << u"redis://10.1.2.3:6380"_s << true << u"redis://10.1.2.3:6380/0"_s;
        QTest::newRow("default port") << u"redis://localhost"_s << true << u"redis://localhost:6379/0"_s;
        QTest::newRow("password and db") << u"redis://:s3cret@h:1/2"_s << true << u"redis://h:1/2"_s;
        QTest::newRow("unix socket") << u"unix:///run/redis.sock"_s << true << u"unix:///run/redis.sock"_s;
        QTest::newRow("http") << u"http://h:1"_s << false << QString();
        QTest::newRow("no host") << u"redis://:1"_s << false << QString();
        QTest::newRow("bad db") << u"redis://h:1/x"_s << false << QString();
    }
    void redisUrls()
    {
        QFETCH(QString, url);
        QFETCH(bool, valid);
        QFETCH(QString, display);
        Expected<RedisAddress> a = RedisAddress::parse(url);
        QCOMPARE(bool(a), valid);
        if (valid)
            QCOMPARE(a->display(), display);
    }

    void configKeys()
    {
        Expected<Config> c = Config::fromYaml("redis:\n  url: unix:///tmp/r.sock\n  consumer: east-1\n"
                                              "ingest:\n  rate_per_second: 50\n  burst: 80\n  throttle_seconds: 30\n"
                                              "  correlation_window_seconds: 0\n  flap_threshold: 4\n");
        QVERIFY2(c, why(c).constData());
        QCOMPARE(c->redisUrl, u"unix:///tmp/r.sock"_s);
        QCOMPARE(c->ingest.redisConsumer, u"east-1"_s);
        QCOMPARE(c->ingest.ratePerSecond, 50.0);
        QCOMPARE(c->ingest.burst, 80.0);
        QCOMPARE(c->ingest.throttleSeconds, 30);
        QCOMPARE(c->ingest.correlationWindowSeconds, 0);
        QCOMPARE(c->ingest.flapThreshold, 4);
        Expected<Config> more = Config::fromYaml(
            "ingest:\n  max_entry_bytes: 65536\n  max_batch_bytes: 1048576\n  max_commit_attempts: 3\n"
            "  durable_webhooks: true\n  pagerduty_integrations:\n  - name: grafana-prod\n"
            "    routing_key_sha256: "
            + hashToken(u"R0UT1NG"_s).toUtf8() + "\n    roles: [responder]\n");
        QVERIFY2(more, why(more).constData());
        QCOMPARE(more->ingest.maxEntryBytes, 65536);
        QCOMPARE(more->ingest.maxBatchBytes, 1048576);
        QCOMPARE(more->ingest.maxCommitAttempts, 3);
        QVERIFY(more->ingest.durableWebhooks);
        QCOMPARE(more->ingest.pagerDutyIntegrations.size(), 1);
        QCOMPARE(more->ingest.pagerDutyIntegrations.first().user.name, u"grafana-prod"_s);
        QCOMPARE(more->ingest.pagerDutyIntegrations.first().user.roles, QStringList {u"responder"_s});
        QCOMPARE(more->ingest.pagerDutyIntegrations.first().routingKeySha256, hashToken(u"R0UT1NG"_s));
        QVERIFY(more->validate());
        QVERIFY(!Config::fromYaml("ingest:\n  pagerduty_integrations:\n  - name: x\n    routing_key_sha256: abc\n"));
        QVERIFY(!Config::fromYaml("ingest:\n  pagerduty_integrations:\n  - name: x\n    routing_key_sha256: "
                                  + hashToken(u"k"_s).toUtf8() + "\n    roles: [overlord]\n"));
        QVERIFY(!Config::fromYaml("ingest:\n  max_entry_bytes: 2000000\n  max_batch_bytes: 1000000\n"));
        QVERIFY(!Config::fromYaml("ingest:\n  rate: 5\n"));
        QVERIFY(!Config::fromYaml("ingest:\n  batch_size: 0\n"));
        QVERIFY(!Config::fromYaml("redis:\n  url: http://x\n"));
        // The webhook journal.
        Expected<Config> journaled
            = Config::fromYaml("ingest:\n  webhook_answer: journaled\n  journal_max_delay_ms: 500\n"
                               "  journal_quiet_ms: 5\n  journal_max_backlog: 1000\n");
        QVERIFY2(journaled, why(journaled).constData());
        QVERIFY(journaled->ingest.journalWebhooks);
        QCOMPARE(journaled->ingest.journalMaxDelayMs, 500);
        QCOMPARE(journaled->ingest.journalQuietMs, 5);
        QCOMPARE(journaled->ingest.journalMaxBacklog, 1000);
        QVERIFY(!Config::fromYaml("ingest:\n  webhook_answer: committed\n")->ingest.journalWebhooks);
        QVERIFY(!Config::fromYaml("").value().ingest.journalWebhooks); // committed unless asked
        const Expected<Config> unknownAnswer = Config::fromYaml("ingest:\n  webhook_answer: later\n");
        QVERIFY(!unknownAnswer);
        QVERIFY2(unknownAnswer.error().message.contains(u"committed or journaled, not \"later\""_s),
                 qPrintable(unknownAnswer.error().message));
        QVERIFY(!Config::fromYaml("ingest:\n  journal_max_delay_ms: 600000\n"));
        QVERIFY(!Config::fromYaml("ingest:\n  journal_quiet_ms: -1\n"));
        QVERIFY(!Config::fromYaml("ingest:\n  journal_max_backlog: 0\n"));
    }
};

QTEST_GUILESS_MAIN(TestIngest)
#include "tst_ingest.moc"
