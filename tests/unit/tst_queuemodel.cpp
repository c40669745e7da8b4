// The incident queue model under QAbstractItemModelTester, and its live
// updates: an event for a known incident updates the row in place.

#include "incidentqueuemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

QJsonObject summary(qint64 id, const QString &priority, const QString &state = u"new"_s)
{
    return {{u"id"_s, id},
            {u"key"_s, u"INC-%1"_s.arg(id)},
            {u"priority"_s, priority},
            {u"state"_s, state},
            {u"service"_s, u"svc-%1"_s.arg(id)},
            {u"title"_s, u"Incident %1"_s.arg(id)},
            {u"created_at"_s, u"2026-11-22T05:00:00.000Z"_s}};
}

} // namespace

class TestQueueModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void underTester_data()
    {
        QTest::addColumn<int>("initial");
        QTest::addColumn<int>("updates");
        QTest::addColumn<int>("inserts");
        QTest::newRow("empty") << 0 << 0 << 0;
        QTest::newRow("snapshot only") << 50 << 0 << 0;
        QTest::newRow("updates only") << 20 << 20 << 0;
        QTest::newRow("inserts into empty") << 0 << 0 << 30;
        QTest::newRow("mixed") << 100 << 40 << 25;
    }

    void underTester()
    {
        QFETCH(int, initial);
        QFETCH(int, updates);
        QFETCH(int, inserts);
        IncidentQueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QJsonArray snapshot;
        for (int i = 1; i <= initial; ++i)
            snapshot.append(summary(i, u"P%1"_s.arg(1 + i % 4)));
        model.resetFromSummaries(snapshot);
        QCOMPARE(model.rowCount(), initial);
        QList<QJsonObject> batch;
        for (int i = 1; i <= updates; ++i)
            batch.append(summary(i, u"P1"_s, u"escalated"_s));
        for (int i = 0; i < inserts; ++i)
            batch.append(summary(1000 + i, u"P2"_s));
        model.upsertSummaries(batch);
        QCOMPARE(model.rowCount(), initial + inserts);
        for (int i = 1; i <= updates; ++i)
            QCOMPARE(model.data(model.index(model.rowOf(i), IncidentQueueModel::StateColumn)).toString(),
                     u"escalated"_s);
    }

    void updateInPlaceEmitsDataChangedNotReset()
    {
        IncidentQueueModel model;
        model.resetFromSummaries({summary(1, u"P3"_s), summary(2, u"P2"_s)});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QJsonObject event {{u"type"_s, u"step.approved"_s}, {u"incident"_s, summary(2, u"P1"_s, u"executing"_s)}};
        model.applyEvent(event);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.rowOf(2), 1);
        QCOMPARE(model.data(model.index(1, 0), IncidentQueueModel::PriorityRole).toInt(), 1);
        // An event without an incident (a freeze) changes nothing.
        model.applyEvent({{u"type"_s, u"freeze.enabled"_s}});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.rowCount(), 2);
    }

    void duplicatesInOneBatchBecomeOneRow()
    {
        IncidentQueueModel model;
        model.upsertSummaries({summary(7, u"P3"_s), summary(7, u"P1"_s)});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, IncidentQueueModel::PriorityColumn)).toString(), u"P1"_s);
    }

    void display_data()
    {
        QTest::addColumn<QJsonObject>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("text");
        QJsonObject major = summary(3, u"P1"_s, u"awaiting_approval"_s);
        major.insert(u"mim_required"_s, true);
        major.insert(u"confidence"_s, 0.87);
        QJsonObject standard = summary(4, u"P4"_s);
        standard.insert(u"mim_required"_s, false);
        standard.insert(u"confidence"_s, 0.4);
        QTest::newRow("key") << major << int(IncidentQueueModel::KeyColumn) << u"INC-3"_s;
        QTest::newRow("major") << major << int(IncidentQueueModel::ClassColumn) << u"major?"_s;
        QJsonObject declared = major;
        declared.insert(u"major"_s, u"declared"_s);
        QTest::newRow("declared") << declared << int(IncidentQueueModel::ClassColumn) << u"MAJOR"_s;
        QJsonObject rejected = major;
        rejected.insert(u"major"_s, u"rejected"_s);
        QTest::newRow("rejected") << rejected << int(IncidentQueueModel::ClassColumn) << u"standard"_s;
        QTest::newRow("standard") << standard << int(IncidentQueueModel::ClassColumn) << u"standard"_s;
        QTest::newRow("untriaged") << summary(5, u"P2"_s) << int(IncidentQueueModel::ClassColumn) << u"untriaged"_s;
        QTest::newRow("confidence") << major << int(IncidentQueueModel::ConfidenceColumn) << u"87%"_s;
        QTest::newRow("no confidence") << summary(5, u"P2"_s) << int(IncidentQueueModel::ConfidenceColumn) << QString();
        QTest::newRow("state") << major << int(IncidentQueueModel::StateColumn) << u"awaiting approval"_s;
        QTest::newRow("age") << major << int(IncidentQueueModel::AgeColumn) << u"1 h 30 min"_s;
    }

    void display()
    {
        QFETCH(QJsonObject, row);
        QFETCH(int, column);
        QFETCH(QString, text);
        IncidentQueueModel model;
        model.setNow(QDateTime::fromString(u"2026-11-22T06:30:00.000Z"_s, Qt::ISODateWithMs));
        model.resetFromSummaries({row});
        QCOMPARE(model.data(model.index(0, column)).toString(), text);
    }

    void tasks_data()
    {
        // The clock is 06:30 UTC; the summary says what Coordinator::summaryJson counted.
        QTest::addColumn<int>("blocked");
        QTest::addColumn<int>("overdue");
        QTest::addColumn<QString>("dueAt");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("alert");
        QTest::newRow("nothing open") << 0 << 0 << QString() << QString() << QString();
        QTest::newRow("due later") << 0 << 0 << u"2026-11-22T07:00:00.000Z"_s << QString() << QString();
        QTest::newRow("late by the console's clock")
            << 0 << 0 << u"2026-11-22T06:00:00.000Z"_s << u"1 overdue"_s << u"overdue"_s;
        QTest::newRow("escalated as overdue")
            << 0 << 2 << u"2026-11-22T06:00:00.000Z"_s << u"2 overdue"_s << u"overdue"_s;
        QTest::newRow("blocked") << 1 << 0 << QString() << u"1 blocked"_s << u"blocked"_s;
        QTest::newRow("blocked and overdue")
            << 1 << 1 << u"2026-11-22T06:00:00.000Z"_s << u"1 blocked · 1 overdue"_s << u"blocked"_s;
    }

    void tasks()
    {
        QFETCH(int, blocked);
        QFETCH(int, overdue);
        QFETCH(QString, dueAt);
        QFETCH(QString, text);
        QFETCH(QString, alert);
        IncidentQueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setNow(QDateTime::fromString(u"2026-11-22T06:30:00.000Z"_s, Qt::ISODateWithMs));
        QJsonObject row = summary(9, u"P2"_s, u"awaiting_approval"_s);
        if (blocked)
            row.insert(u"tasks_blocked"_s, blocked);
        if (overdue)
            row.insert(u"tasks_overdue"_s, overdue);
        if (!dueAt.isEmpty())
            row.insert(u"task_due_at"_s, dueAt);
        model.resetFromSummaries({row});
        const QModelIndex cell = model.index(0, IncidentQueueModel::TasksColumn);
        QCOMPARE(cell.data().toString(), text);
        QCOMPARE(cell.data(IncidentQueueModel::TaskAlertRole).toString(), alert);
        QCOMPARE(model.matches(0, u"overdue"_s), text.contains(u"overdue"_s));
        // The summary the model gives back keeps what it was given.
        QCOMPARE(model.summary(0).value(u"tasks_blocked"_s).toInt(), blocked);
        QCOMPARE(model.summary(0).value(u"task_due_at"_s).toString(), dueAt);
        // Unblocked live: the row changes in place.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.upsertSummaries({summary(9, u"P2"_s, u"awaiting_approval"_s)});
        QCOMPARE(model.index(0, IncidentQueueModel::TasksColumn).data().toString(), QString());
        QCOMPARE(changed.size(), 1);
    }

    void sortRoleOrdersPriorityNaturally()
    {
        IncidentQueueModel model;
        model.resetFromSummaries({summary(1, u"P3"_s), summary(2, u""_s), summary(3, u"P1"_s)});
        const auto sortValue = [&](int row) {
            return model.data(model.index(row, IncidentQueueModel::PriorityColumn), IncidentQueueModel::SortRole)
                .toInt();
        };
        QVERIFY(sortValue(model.rowOf(3)) < sortValue(model.rowOf(1)));
        QVERIFY(sortValue(model.rowOf(1)) < sortValue(model.rowOf(2))); // no priority sorts last
    }
};

QTEST_GUILESS_MAIN(TestQueueModel)
#include "tst_queuemodel.moc"
