// The console's detail models under QAbstractItemModelTester, with the
// JSON shapes of docs/api.md, and the press-and-hold gate on its own.

#include "apiclient.h"
#include "chartsview.h"
#include "commandmodels.h"
#include "detailmodels.h"
#include "holdbutton.h"
#include "incidentdetail.h"
#include "incidentqueuemodel.h"
#include "queueproxymodel.h"
#include "signin.h"
#include "taskalert.h"
#include "timeformat.h"
#include "wallview.h"

#include <QAbstractBarSeries>
#include <QAbstractItemModelTester>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QBrush>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontMetrics>
#include <QIcon>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

QJsonObject step(const QString &id, const QString &risk, const QString &state, bool mutates = false)
{
    return {{u"id"_s, id},
            {u"kind"_s, mutates ? u"remediate"_s : u"diagnose"_s},
            {u"title"_s, QString(u"Step "_s + id)},
            {u"playbook"_s, QString(u"pb-"_s + id)},
            {u"risk"_s, risk},
            {u"environment"_s, u"uat"_s},
            {u"state"_s, state},
            {u"mutates"_s, mutates},
            {u"content_hash"_s, QString(u"h"_s + id)}};
}

QJsonObject workflow(const QList<QJsonObject> &steps, const QList<QStringList> &approvers)
{
    QJsonArray s;
    QJsonArray status;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        s.append(steps.at(i));
        const QStringList a = approvers.value(i);
        const int needed = steps.at(i).value(u"risk"_s).toString() == u"high"_s ? 2 : 1;
        status.append(QJsonObject {{u"step"_s, steps.at(i).value(u"id"_s)},
                                   {u"needed"_s, needed},
                                   {u"approvers"_s, QJsonArray::fromStringList(a)},
                                   {u"satisfied"_s, a.size() >= needed}});
    }
    return {{u"plan"_s, QJsonObject {{u"steps"_s, s}}}, {u"approval_status"_s, status}};
}

QJsonObject task(const QString &host, const QString &name, const QString &status, int ms, const QJsonValue &diff = {})
{
    QJsonObject t {{u"host"_s, host}, {u"task"_s, name}, {u"status"_s, status}, {u"duration_ms"_s, ms}};
    if (!diff.isUndefined() && !diff.isNull())
        t.insert(u"diff"_s, diff);
    return t;
}

QJsonArray runs(int runCount, int phasesPerRun, int tasksPerPhase)
{
    QJsonArray out;
    for (int r = 0; r < runCount; ++r) {
        QJsonArray phases;
        for (int p = 0; p < phasesPerRun; ++p) {
            QJsonArray tasks;
            for (int t = 0; t < tasksPerPhase; ++t)
                tasks.append(task(u"host%1"_s.arg(t), u"task %1"_s.arg(t), t % 2 ? u"changed"_s : u"ok"_s, 100 * t));
            phases.append(QJsonObject {{u"name"_s, p == 0 ? u"check"_s : u"apply"_s},
                                       {u"argv"_s, QJsonArray {u"ansible-playbook"_s, u"x.yml"_s}},
                                       {u"exit_code"_s, 0},
                                       {u"outcome"_s, u"succeeded"_s},
                                       {u"tasks"_s, tasks},
                                       {u"stdout_tail"_s, u"PLAY RECAP"_s}});
        }
        out.append(QJsonObject {{u"id"_s, u"run-%1"_s.arg(r)},
                                {u"step"_s, u"s%1"_s.arg(r + 1)},
                                {u"mode"_s, u"apply"_s},
                                {u"outcome"_s, u"succeeded"_s},
                                {u"phases"_s, phases}});
    }
    return out;
}

QJsonObject incident(qint64 id, const QString &priority, const QString &state = u"new"_s, const QString &title = {})
{
    return {{u"id"_s, id},
            {u"key"_s, u"INC-%1"_s.arg(id)},
            {u"priority"_s, priority},
            {u"state"_s, state},
            {u"service"_s, u"svc-%1"_s.arg(id % 7)},
            {u"title"_s, title.isEmpty() ? u"Incident %1"_s.arg(id) : title},
            {u"owner"_s, id % 3 ? u"carol"_s : QString()},
            {u"created_at"_s,
             QDateTime::fromMSecsSinceEpoch(1'790'000'000'000LL + id * 60'000, Qt::UTC).toString(Qt::ISODateWithMs)}};
}

/// Source rows in the proxy's order, as incident ids.
QList<qint64> proxyOrder(const QSortFilterProxyModel &proxy)
{
    QList<qint64> ids;
    for (int r = 0; r < proxy.rowCount(); ++r)
        ids.append(proxy.index(r, 0).data(IncidentQueueModel::IncidentIdRole).toLongLong());
    return ids;
}

} // namespace

class TestViewModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void planUnderTester_data()
    {
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("stepsAfter");
        QTest::newRow("empty") << 0 << 0;
        QTest::newRow("one, then same ids") << 1 << 1;
        QTest::newRow("four, then two") << 4 << 2;
        QTest::newRow("two, then five") << 2 << 5;
    }
    void planUnderTester()
    {
        QFETCH(int, steps);
        QFETCH(int, stepsAfter);
        PlanStepsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<QJsonObject> list;
        for (int i = 0; i < steps; ++i)
            list.append(step(u"s%1"_s.arg(i + 1), i == 2 ? u"high"_s : u"low"_s, u"pending"_s));
        model.setWorkflow(workflow(list, {}));
        QCOMPARE(model.rowCount(), steps);
        list.clear();
        for (int i = 0; i < stepsAfter; ++i)
            list.append(step(u"s%1"_s.arg(i + 1), u"low"_s, u"succeeded"_s));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setWorkflow(workflow(list, {{u"carol"_s}}));
        QCOMPARE(model.rowCount(), stepsAfter);
        // Same ids: updated in place, so the selection in the view survives.
        QCOMPARE(resets.size(), steps == stepsAfter ? 0 : 1);
    }

    void planDisplay_data()
    {
        QTest::addColumn<QString>("risk");
        QTest::addColumn<QStringList>("approvers");
        QTest::addColumn<QString>("approvalText");
        // Who approved by name, and how many more are needed (without a translator
        // loaded the plural forms read "(s)"; warroom_en.ts has the English ones).
        QTest::newRow("low, none") << u"low"_s << QStringList {} << u"needs 1 approver(s)"_s;
        QTest::newRow("low, approved") << u"low"_s << QStringList {u"carol"_s} << u"✔ carol"_s;
        QTest::newRow("high, none") << u"high"_s << QStringList {} << u"needs 2 approver(s)"_s;
        QTest::newRow("high, one of two") << u"high"_s << QStringList {u"bob"_s} << u"bob · 1 more needed"_s;
        QTest::newRow("high, both") << u"high"_s << QStringList {u"bob"_s, u"alice"_s} << u"✔ bob, alice"_s;
    }
    void planDisplay()
    {
        QFETCH(QString, risk);
        QFETCH(QStringList, approvers);
        QFETCH(QString, approvalText);
        PlanStepsModel model;
        model.setWorkflow(workflow({step(u"s1"_s, risk, u"pending"_s)}, {approvers}));
        QCOMPARE(model.index(0, PlanStepsModel::ApprovalColumn).data().toString(), approvalText);
        QCOMPARE(model.index(0, PlanStepsModel::RiskColumn).data().toString(), risk);
        QCOMPARE(model.index(0, 0).data(PlanStepsModel::StepIdRole).toString(), u"s1"_s);
        QCOMPARE(model.rowOf(u"s1"_s), 0);
        QCOMPARE(model.rowOf(u"nope"_s), -1);
    }

    void planTasks_data()
    {
        QTest::addColumn<QJsonObject>("task");
        QTest::addColumn<QString>("alert");
        QTest::addColumn<QStringList>("texts");
        const QString due = u"2026-11-22T10:30:00.000Z"_s;
        const QString later = u"2026-11-22T11:30:00.000Z"_s;
        const auto manual = [](const QString &state, const QString &dueAt) {
            return QJsonObject {{u"id"_s, u"s7"_s},  {u"kind"_s, u"manual"_s}, {u"title"_s, u"Call the vendor"_s},
                                {u"state"_s, state}, {u"owner"_s, u"carol"_s}, {u"due_at"_s, dueAt}};
        };
        QJsonObject blocked = manual(u"pending"_s, later);
        blocked.insert(u"blocked"_s, true);
        blocked.insert(u"blocked_reason"_s, u"waiting for vendor access"_s);
        blocked.insert(u"escalated_at"_s, u"2026-11-22T10:31:00.000Z"_s);
        blocked.insert(u"escalated_reason"_s, u"blocked"_s);
        QJsonObject escalated = manual(u"running"_s, due);
        escalated.insert(u"escalated_at"_s, u"2026-11-22T10:31:00.000Z"_s);
        escalated.insert(u"escalated_reason"_s, u"overdue"_s);
        escalated.insert(u"escalated_due"_s, due);
        QJsonObject playbook = step(u"s1"_s, u"low"_s, u"pending"_s);
        // "now" is 11:00 UTC in every row.
        QTest::newRow("due later") << manual(u"pending"_s, later) << QString() << QStringList {u"carol · due "_s};
        QTest::newRow("past its due time")
            << manual(u"pending"_s, due) << u"overdue"_s << QStringList {u"Overdue since "_s, u"carol"_s};
        QTest::newRow("overdue and escalated")
            << escalated << u"overdue"_s << QStringList {u"Overdue since "_s, u"escalated to alice at "_s};
        QTest::newRow("blocked and escalated")
            << blocked << u"blocked"_s
            << QStringList {u"Blocked: waiting for vendor access"_s, u"escalated to alice at "_s};
        // Whom it went to then, not the commander now (alice in every row).
        QJsonObject handedOver = escalated;
        handedOver.insert(u"escalated_to"_s, u"bob"_s);
        QTest::newRow("escalated to the commander of that time")
            << handedOver << u"overdue"_s << QStringList {u"Overdue since "_s, u"escalated to bob at "_s};
        QJsonObject nobody = escalated;
        nobody.insert(u"escalated_to"_s, QString());
        QTest::newRow("escalated when no commander was named")
            << nobody << u"overdue"_s << QStringList {u"escalated at "_s, u"(no commander named)"_s};
        QTest::newRow("done, late is history") << manual(u"succeeded"_s, due) << QString() << QStringList {u"carol"_s};
        QTest::newRow("a playbook step is no task") << playbook << QString() << QStringList {};
    }
    void planTasks()
    {
        QFETCH(QJsonObject, task);
        QFETCH(QString, alert);
        QFETCH(QStringList, texts);
        PlanStepsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setNow(QDateTime(QDate(2026, 11, 22), QTime(11, 0), Qt::UTC));
        QJsonObject wf = workflow({task}, {});
        wf.insert(u"incident"_s, QJsonObject {{u"id"_s, 7}, {u"commander"_s, u"alice"_s}});
        model.setWorkflow(wf);
        const QModelIndex cell = model.index(0, PlanStepsModel::TaskColumn);
        QCOMPARE(cell.data(PlanStepsModel::TaskAlertRole).toString(), alert);
        const QString text = cell.data().toString();
        for (const QString &t : std::as_const(texts))
            QVERIFY2(text.contains(t), qPrintable(text));
        if (texts.isEmpty())
            QVERIFY2(text.isEmpty(), qPrintable(text));
        // A task that needs the commander: the whole row in amber, the cell with its icon.
        const QVariant wash = model.index(0, PlanStepsModel::TitleColumn).data(Qt::BackgroundRole);
        QCOMPARE(wash.isValid(), !alert.isEmpty());
        if (!alert.isEmpty()) {
            QCOMPARE(wash.value<QBrush>().color(), TaskAlert::background());
            QVERIFY(!cell.data(Qt::DecorationRole).value<QIcon>().isNull());
        }
        // The clock moving on makes a task late without a new workflow.
        model.setNow(QDateTime(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC));
        if (TaskAlert::isOpenTask(task))
            QVERIFY(!cell.data(PlanStepsModel::TaskAlertRole).toString().isEmpty());
    }

    void datesFollowTheLocale_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("day"); // 22 November, as the locale writes it without the year
        QTest::newRow("American English") << u"en_US"_s << u"M/d"_s << u"11/22"_s;
        QTest::newRow("British English") << u"en_GB"_s << u"dd/MM"_s << u"22/11"_s;
        QTest::newRow("German") << u"de_DE"_s << u"dd.MM."_s << u"22.11."_s;
        QTest::newRow("Swedish (ISO order)") << u"sv_SE"_s << u"MM-dd"_s << u"11-22"_s;
        QTest::newRow("Japanese (year first)") << u"ja_JP"_s << u"MM/dd"_s << u"11/22"_s;
        QTest::newRow("Bulgarian (quoted text after the year)") << u"bg_BG"_s << u"d.MM."_s << u"22.11."_s;
    }

    void datesFollowTheLocale()
    {
        QFETCH(QString, locale);
        QFETCH(QString, format);
        QFETCH(QString, day);
        const QLocale previous;
        QLocale::setDefault(QLocale(locale));
        const auto restore = qScopeGuard([&] { QLocale::setDefault(previous); });
        QCOMPARE(dayMonthFormat(), format);
        // 22 November 12:05:09 in the console's own time zone, whichever it is.
        const QDateTime at(QDate(2026, 11, 22), QTime(12, 5, 9), Qt::LocalTime);
        const QString time = u"12:05:09"_s;
        QCOMPARE(dayMonthTime(at, true), u"%1 %2"_s.arg(day, time));
        // The tables and the task alerts write it so.
        StatusUpdatesModel updates;
        updates.setUpdates(QJsonArray {QJsonObject {{u"audience"_s, u"internal"_s},
                                                    {u"text"_s, u"update"_s},
                                                    {u"by"_s, u"alice"_s},
                                                    {u"at"_s, at.toString(Qt::ISODateWithMs)}}});
        QCOMPARE(updates.index(0, StatusUpdatesModel::TimeColumn).data().toString(), u"%1 %2"_s.arg(day, time));
        QCOMPARE(TaskAlert::shortTime(at, at.addDays(2)), u"%1 %2"_s.arg(day, time.left(5)));
        QCOMPARE(TaskAlert::shortTime(at, at.addSecs(60)), time.left(5)); // today: the time alone
    }

    void statusUpdatesUnderTester_data()
    {
        QTest::addColumn<int>("before");
        QTest::addColumn<int>("after");
        QTest::addColumn<bool>("insertedAtTop");
        QTest::newRow("none") << 0 << 0 << false;
        QTest::newRow("first ones") << 0 << 3 << true;
        QTest::newRow("one more") << 2 << 3 << true;
        QTest::newRow("unchanged") << 3 << 3 << false;
        QTest::newRow("another incident") << 4 << 1 << false;
    }
    void statusUpdatesUnderTester()
    {
        QFETCH(int, before);
        QFETCH(int, after);
        QFETCH(bool, insertedAtTop);
        StatusUpdatesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto updates = [](int n, const QString &prefix) {
            QJsonArray a;
            for (int i = 0; i < n; ++i)
                a.append(QJsonObject {
                    {u"audience"_s, StatusUpdatesModel::audiences().at(i % 3)},
                    {u"text"_s, u"%1 %2\nsecond line"_s.arg(prefix).arg(i)},
                    {u"by"_s, u"alice"_s},
                    {u"at"_s, QDateTime(QDate(2026, 11, 22), QTime(10, i), Qt::UTC).toString(Qt::ISODateWithMs)}});
            return a;
        };
        model.setUpdates(updates(before, u"update"_s));
        QCOMPARE(model.rowCount(), before);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setUpdates(updates(after, after < before ? u"other"_s : u"update"_s));
        QCOMPARE(model.rowCount(), after);
        QCOMPARE(inserted.size(), insertedAtTop ? 1 : 0);
        if (insertedAtTop)
            QCOMPARE(inserted.first().at(1).toInt(), 0); // the newest at the top
        QCOMPARE(resets.size(), after < before ? 1 : 0);
        if (after > 0) {
            // Newest first, the first line in the table, the whole text in its role.
            QCOMPARE(model.index(0, StatusUpdatesModel::TextColumn).data().toString(),
                     u"%1 %2 …"_s.arg(after < before ? u"other"_s : u"update"_s).arg(after - 1));
            QVERIFY(model.index(0, 0).data(StatusUpdatesModel::TextRole).toString().contains(u"second line"_s));
            QCOMPARE(model.index(0, StatusUpdatesModel::AuthorColumn).data().toString(), u"alice"_s);
        }
    }

    void correctiveActionsUnderTester_data()
    {
        QTest::addColumn<QJsonArray>("actions");
        QTest::addColumn<QString>("problem");
        const QJsonObject full {{u"title"_s, u"Alert on certificate drift"_s},
                                {u"owner"_s, u"bob"_s},
                                {u"due"_s, u"2026-12-15"_s},
                                {u"status"_s, u"in_progress"_s},
                                {u"ticket"_s, u"OPS-7"_s}};
        QJsonObject noOwner = full;
        noOwner.remove(u"owner"_s);
        QJsonObject noDue = full;
        noDue.remove(u"due"_s);
        QTest::newRow("none") << QJsonArray {} << QString();
        QTest::newRow("complete") << QJsonArray {full, full} << QString();
        QTest::newRow("second without owner") << QJsonArray {full, noOwner} << u"Action 2 needs an owner."_s;
        QTest::newRow("without due date") << QJsonArray {noDue} << u"Action 1 needs a due date."_s;
    }
    void correctiveActionsUnderTester()
    {
        QFETCH(QJsonArray, actions);
        QFETCH(QString, problem);
        CorrectiveActionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setActions(actions);
        QCOMPARE(model.rowCount(), actions.size());
        QCOMPARE(model.problem(), problem);
        if (problem.isEmpty())
            QCOMPARE(model.actions(), actions); // what goes to PUT .../postmortem is what came
        // Edited in place: a row added, filled in, a bad date refused, removed again.
        QSignalSpy edited(&model, &CorrectiveActionsModel::edited);
        const int row = model.rowCount();
        QVERIFY(model.insertRows(row, 1));
        QCOMPARE(model.problem().isEmpty(), false);
        QVERIFY(model.setData(model.index(row, CorrectiveActionsModel::TitleColumn), u" Rotate the key "_s));
        QVERIFY(model.setData(model.index(row, CorrectiveActionsModel::OwnerColumn), u"erin"_s));
        QVERIFY(!model.setData(model.index(row, CorrectiveActionsModel::DueColumn), u"next week"_s));
        QVERIFY(model.setData(model.index(row, CorrectiveActionsModel::DueColumn), QDate(2026, 12, 1)));
        QVERIFY(!model.setData(model.index(row, CorrectiveActionsModel::StatusColumn), u"maybe"_s));
        QVERIFY(model.setData(model.index(row, CorrectiveActionsModel::StatusColumn), u"done"_s));
        QCOMPARE(model.index(row, CorrectiveActionsModel::StatusColumn).data().toString(), u"done"_s);
        const QJsonObject added = model.actions().last().toObject();
        QCOMPARE(added.value(u"title"_s).toString(), u"Rotate the key"_s);
        QCOMPARE(added.value(u"due"_s).toString(), u"2026-12-01"_s);
        QCOMPARE(model.problem(), problem);
        QVERIFY(model.removeRows(row, 1));
        QCOMPARE(model.rowCount(), actions.size());
        QCOMPARE(edited.size(), 6);
        QVERIFY(!model.removeRows(row, 1));
    }

    void remediationDraftsUnderTester_data()
    {
        QTest::addColumn<bool>("validated");
        QTest::addColumn<bool>("passed");
        QTest::addColumn<int>("destructive");
        QTest::addColumn<QString>("validation");
        QTest::newRow("running") << false << false << 0 << u"running"_s;
        QTest::newRow("failed") << true << false << 1 << u"failed"_s;
        QTest::newRow("passed, destructive") << true << true << 2 << u"passed"_s;
    }
    void remediationDraftsUnderTester()
    {
        QFETCH(bool, validated);
        QFETCH(bool, passed);
        QFETCH(int, destructive);
        QFETCH(QString, validation);
        RemediationDraftsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto draft = [&](const QString &id) {
            return QJsonObject {{u"id"_s, id},
                                {u"key"_s, u"INC-5"_s},
                                {u"title"_s, u"Remediation for INC-5"_s},
                                {u"state"_s, u"draft"_s},
                                {u"requested_by"_s, u"carol"_s},
                                {u"tasks"_s, QJsonArray {QJsonObject {}, QJsonObject {}, QJsonObject {}}},
                                {u"destructive_tasks"_s, destructive},
                                {u"validated"_s, validated},
                                {u"validation"_s, QJsonObject {{u"passed"_s, passed}}}};
        };
        model.setDrafts({draft(u"inc-5-d1"_s), draft(u"inc-5-d2"_s)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, 0).data(RemediationDraftsModel::ValidationRole).toString(), validation);
        QCOMPARE(model.index(0, RemediationDraftsModel::DestructiveColumn).data().toInt(), destructive);
        QCOMPARE(model.index(0, RemediationDraftsModel::TasksColumn).data().toInt(), 3);
        QCOMPARE(model.anyValidating(), validation == u"running"_s);
        QCOMPARE(model.rowOf(u"inc-5-d2"_s), 1);
        // The same drafts, one decided: updated in place, the selection stays.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QJsonObject rejected = draft(u"inc-5-d2"_s);
        rejected.insert(u"state"_s, u"rejected"_s);
        model.setDrafts({draft(u"inc-5-d1"_s), rejected});
        QCOMPARE(resets.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(1, RemediationDraftsModel::StateColumn).data().toString(), u"rejected"_s);
        model.setDrafts({});
        QCOMPARE(model.rowCount(), 0);
    }

    void evidenceUnderTester_data()
    {
        QTest::addColumn<int>("runCount");
        QTest::addColumn<int>("phases");
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("liveTasks");
        QTest::newRow("nothing") << 0 << 0 << 0 << 0;
        QTest::newRow("one run, live only") << 0 << 0 << 0 << 5;
        QTest::newRow("recorded runs") << 2 << 2 << 3 << 0;
        QTest::newRow("recorded and live") << 1 << 2 << 2 << 4;
    }
    void evidenceUnderTester()
    {
        QFETCH(int, runCount);
        QFETCH(int, phases);
        QFETCH(int, tasks);
        QFETCH(int, liveTasks);
        EvidenceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRuns(runs(runCount, phases, tasks));
        QCOMPARE(model.rowCount(), runCount * phases * tasks);
        for (int i = 0; i < liveTasks; ++i) {
            // Alternate the phase of a run that is in the record (run-0) and a new one.
            const QString run = i % 2 ? u"run-0"_s : u"run-live"_s;
            model.appendTask({{u"type"_s, u"run.task"_s},
                              {u"incident_id"_s, 1},
                              {u"run_id"_s, run},
                              {u"step_id"_s, u"s9"_s},
                              {u"phase"_s, i < 2 ? u"check"_s : u"apply"_s},
                              {u"task"_s, task(u"web1"_s, u"live %1"_s.arg(i), u"ok"_s, 5)}});
        }
        QCOMPARE(model.rowCount(), runCount * phases * tasks + liveTasks);
        // Rows stay grouped by run and phase.
        QStringList seen;
        QString last;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QString group = model.index(r, EvidenceModel::RunColumn).data().toString() + u'/'
                + model.index(r, EvidenceModel::PhaseColumn).data().toString();
            if (group != last) {
                QVERIFY2(!seen.contains(group), qPrintable(group));
                seen.append(group);
                last = group;
            }
        }
        model.finishRun({{u"type"_s, u"run.finished"_s}, {u"run_id"_s, u"run-live"_s}, {u"outcome"_s, u"failed"_s}});
        if (liveTasks > 0) {
            bool found = false;
            for (const QJsonValue &r : model.runs())
                if (r[u"id"_s].toString() == u"run-live"_s)
                    found = r[u"outcome"_s].toString() == u"failed"_s;
            QVERIFY(found);
        }
    }

    void evidenceDisplay_data()
    {
        QTest::addColumn<QJsonObject>("task");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("duration");
        QTest::addColumn<QString>("diffContains");
        QTest::newRow("ok, fast") << task(u"h"_s, u"t"_s, u"ok"_s, 42) << u"ok"_s << u"42 ms"_s << QString();
        QTest::newRow("changed, text diff")
            << task(u"h"_s, u"t"_s, u"changed"_s, 2500, u"-a\n+b"_s) << u"changed"_s << u"2.5 s"_s << u"+b"_s;
        QTest::newRow("changed, ansible diff") << task(u"h"_s, u"t"_s, u"changed"_s, 10,
                                                       QJsonObject {{u"before_header"_s, u"/etc/x"_s},
                                                                    {u"after_header"_s, u"/etc/x"_s},
                                                                    {u"before"_s, u"old\n"_s},
                                                                    {u"after"_s, u"new\n"_s}})
                                               << u"changed"_s << u"10 ms"_s << u"+ new"_s;
        QTest::newRow("failed") << task(u"h"_s, u"t"_s, u"failed"_s, 0) << u"failed"_s << u"0 ms"_s << QString();
    }
    void evidenceDisplay()
    {
        QFETCH(QJsonObject, task);
        QFETCH(QString, status);
        QFETCH(QString, duration);
        QFETCH(QString, diffContains);
        EvidenceModel model;
        model.setRuns({QJsonObject {
            {u"id"_s, 7},
            {u"step"_s, u"s3"_s},
            {u"phases"_s, QJsonArray {QJsonObject {{u"name"_s, u"apply"_s}, {u"tasks"_s, QJsonArray {task}}}}}}});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, EvidenceModel::RunColumn).data().toString(), u"7"_s); // numeric ids too
        QCOMPARE(model.index(0, EvidenceModel::StatusColumn).data().toString(), status);
        QCOMPARE(model.index(0, EvidenceModel::DurationColumn).data().toString(), duration);
        const QString diff = model.index(0, 0).data(EvidenceModel::DiffRole).toString();
        if (diffContains.isEmpty())
            QVERIFY(diff.isEmpty());
        else
            QVERIFY2(diff.contains(diffContains), qPrintable(diff));
        QCOMPARE(model.phaseOf(0).value(u"name"_s).toString(), u"apply"_s);
        QVERIFY(model.phaseOf(1).isEmpty());
    }

    void auditUnderTester_data()
    {
        QTest::addColumn<int>("events");
        QTest::newRow("none") << 0;
        QTest::newRow("one") << 1;
        QTest::newRow("many") << 50;
    }
    void auditUnderTester()
    {
        QFETCH(int, events);
        AuditModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QJsonArray items;
        for (int i = 0; i < events; ++i)
            items.append(QJsonObject {{u"seq"_s, i + 1},
                                      {u"time"_s, u"2026-11-22T08:00:00.000Z"_s},
                                      {u"actor"_s, u"carol"_s},
                                      {u"type"_s, u"step.approved"_s},
                                      {u"payload"_s, QJsonObject {{u"step"_s, u"s1"_s}, {u"reason"_s, u"ok"_s}}},
                                      {u"hash"_s, u"abc"_s}});
        model.setEvents(items);
        QCOMPARE(model.rowCount(), events);
        if (events > 0) {
            QCOMPARE(model.index(0, AuditModel::SeqColumn).data().toInt(), 1);
            QCOMPARE(model.index(0, AuditModel::DetailColumn).data().toString(), u"step: s1 · reason: ok"_s);
        }
    }

    void holdGate_data()
    {
        QTest::addColumn<bool>("useKeyboard");
        QTest::addColumn<int>("holdMs");
        QTest::addColumn<bool>("fires");
        QTest::newRow("mouse, short click") << false << 0 << false;
        QTest::newRow("mouse, half the time") << false << 200 << false;
        QTest::newRow("mouse, held") << false << 600 << true;
        QTest::newRow("space, tapped") << true << 0 << false;
        QTest::newRow("space, held") << true << 600 << true;
    }
    void holdGate()
    {
        QFETCH(bool, useKeyboard);
        QFETCH(int, holdMs);
        QFETCH(bool, fires);
        HoldButton button(u"Hold"_s);
        button.setHoldTime(400); // shortened for the test; the console uses 1.5 s
        button.show();
        QVERIFY(QTest::qWaitForWindowExposed(&button));
        button.setFocus();
        QSignalSpy held(&button, &HoldButton::held);
        QSignalSpy clicked(&button, &QAbstractButton::clicked);
        if (useKeyboard)
            QTest::keyPress(&button, Qt::Key_Space);
        else
            QTest::mousePress(&button, Qt::LeftButton);
        if (holdMs > 0) {
            QTest::qWait(holdMs / 2);
            QVERIFY(button.isHolding() || button.progress() >= 1.0);
            QVERIFY(button.progress() > 0.0);
            QTest::qWait(holdMs - holdMs / 2);
        }
        if (useKeyboard)
            QTest::keyRelease(&button, Qt::Key_Space);
        else
            QTest::mouseRelease(&button, Qt::LeftButton);
        QTest::qWait(500); // long enough for a wrongly armed gate to fire
        QCOMPARE(held.size(), fires ? 1 : 0);
        QCOMPARE(clicked.size(), 0); // the gate never "clicks"
        QVERIFY(!button.isHolding());
    }

    void queueProxyUnderTester_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QString>("filter");
        QTest::addColumn<int>("inserts");
        QTest::addColumn<int>("updates");
        QTest::addColumn<bool>("priorityChanges");
        QTest::newRow("priority ascending, nothing else")
            << int(IncidentQueueModel::PriorityColumn) << int(Qt::AscendingOrder) << QString() << 0 << 0 << false;
        QTest::newRow("ID descending, live inserts")
            << int(IncidentQueueModel::KeyColumn) << int(Qt::DescendingOrder) << QString() << 25 << 0 << false;
        QTest::newRow("priority, updates move rows")
            << int(IncidentQueueModel::PriorityColumn) << int(Qt::AscendingOrder) << QString() << 0 << 30 << true;
        QTest::newRow("status, state changes")
            << int(IncidentQueueModel::StateColumn) << int(Qt::AscendingOrder) << QString() << 5 << 30 << false;
        QTest::newRow("title, filtered, inserts and updates")
            << int(IncidentQueueModel::TitleColumn) << int(Qt::DescendingOrder) << u"svc-3"_s << 20 << 20 << true;
        QTest::newRow("age, filter matching nothing")
            << int(IncidentQueueModel::AgeColumn) << int(Qt::AscendingOrder) << u"no such thing"_s << 10 << 10 << true;
        QTest::newRow("confidence, filter by owner")
            << int(IncidentQueueModel::ConfidenceColumn) << int(Qt::AscendingOrder) << u"CAROL"_s << 10 << 10 << false;
    }
    void queueProxyUnderTester()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QString, filter);
        QFETCH(int, inserts);
        QFETCH(int, updates);
        QFETCH(bool, priorityChanges);
        IncidentQueueModel model;
        QueueProxyModel proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QJsonArray snapshot;
        for (int i = 1; i <= 60; ++i)
            snapshot.append(incident(i, u"P%1"_s.arg(1 + i % 4), i % 2 ? u"new"_s : u"executing"_s));
        model.resetFromSummaries(snapshot);
        proxy.sort(column, Qt::SortOrder(order));
        proxy.setFilterText(filter);
        const auto checkOrder = [&] {
            // The proxy's rows are the filtered source rows, in the column's order.
            QList<int> expected;
            for (int r = 0; r < model.rowCount(); ++r)
                if (model.matches(r, filter.trimmed()))
                    expected.append(r);
            std::stable_sort(expected.begin(), expected.end(), [&](int a, int b) {
                return order == Qt::AscendingOrder ? model.lessThan(a, b, column)
                                                   : model.lessThan(b, a, column, Qt::DescendingOrder);
            });
            QCOMPARE(proxy.rowCount(), int(expected.size()));
            for (qsizetype i = 0; i + 1 < expected.size(); ++i) {
                const int a = proxy.mapToSource(proxy.index(int(i), 0)).row();
                const int b = proxy.mapToSource(proxy.index(int(i) + 1, 0)).row();
                // Neighbours are in order (ties in any order).
                QVERIFY2(order == Qt::AscendingOrder ? !model.lessThan(b, a, column)
                                                     : !model.lessThan(a, b, column, Qt::DescendingOrder),
                         qPrintable(u"rows %1 and %2"_s.arg(a).arg(b)));
            }
        };
        checkOrder();
        // Live: one batch of updates (priority or state changes that move rows) and inserts.
        QList<QJsonObject> batch;
        for (int i = 1; i <= updates; ++i) {
            QJsonObject s
                = incident(i * 2, priorityChanges ? u"P%1"_s.arg(1 + (i * 3) % 4) : u"P%1"_s.arg(1 + (i * 2) % 4),
                           i % 3 ? u"escalated"_s : u"resolved"_s, u"Updated %1"_s.arg(i));
            batch.append(s);
        }
        for (int i = 0; i < inserts; ++i)
            batch.append(incident(1000 + i, u"P%1"_s.arg(1 + i % 4), u"triaged"_s));
        model.upsertSummaries(batch);
        QCOMPARE(model.rowCount(), 60 + inserts);
        checkOrder();
        // The filter follows the data as it changes; clearing it shows everything again.
        proxy.setFilterText(u"updated"_s);
        QCOMPARE(proxy.rowCount(), updates);
        proxy.setFilterText({});
        QCOMPARE(proxy.rowCount(), model.rowCount());
    }

    void queueProxyKeepsSortWhenTheSortKeyChanges()
    {
        IncidentQueueModel model;
        QueueProxyModel proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.resetFromSummaries({incident(1, u"P3"_s), incident(2, u"P2"_s), incident(3, u"P4"_s)});
        proxy.sort(IncidentQueueModel::PriorityColumn, Qt::AscendingOrder);
        QCOMPARE(proxyOrder(proxy), (QList<qint64> {2, 1, 3}));
        const QPersistentModelIndex three = proxy.index(2, 0);
        model.upsertSummaries({incident(3, u"P1"_s)}); // escalated to P1: to the top
        QCOMPARE(proxyOrder(proxy), (QList<qint64> {3, 2, 1}));
        QCOMPARE(three.row(), 0); // a persistent index (the view's selection) follows the row
        model.upsertSummaries({incident(4, u"P2"_s)}); // a new one sorts in, not at the end
        QCOMPARE(proxyOrder(proxy), (QList<qint64> {3, 4, 2, 1}));
    }

    void queueByPriorityPutsWhatIsOverBelowWhatBurns()
    {
        IncidentQueueModel model;
        QueueProxyModel proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.resetFromSummaries({incident(1, u"P1"_s, u"resolved"_s), incident(2, u"P4"_s),
                                  incident(3, u"P1"_s, u"executing"_s), incident(4, u"P2"_s, u"closed"_s),
                                  incident(5, u"P3"_s, u"rolled_back"_s)});
        proxy.sort(IncidentQueueModel::PriorityColumn, Qt::AscendingOrder);
        // The open ones by priority, then the ones that are over, by priority.
        QCOMPARE(proxyOrder(proxy), (QList<qint64> {3, 2, 1, 4, 5}));
        // Resolved live: the P1 goes down below the open P4; reopened, it comes back up.
        const QPersistentModelIndex three = proxy.index(0, 0);
        model.upsertSummaries({incident(3, u"P1"_s, u"resolved"_s)});
        QCOMPARE(proxyOrder(proxy), (QList<qint64> {2, 3, 1, 4, 5}));
        QCOMPARE(three.row(), 1);
        model.upsertSummaries({incident(3, u"P1"_s, u"awaiting_approval"_s)});
        QCOMPARE(proxyOrder(proxy), (QList<qint64> {3, 2, 1, 4, 5}));
        // The other way round (P4 first): still the open ones above.
        proxy.sort(IncidentQueueModel::PriorityColumn, Qt::DescendingOrder);
        QCOMPARE(proxyOrder(proxy), (QList<qint64> {2, 3, 5, 4, 1}));
    }

    void chartsDrawWhatTheQueueHolds()
    {
        // Five incidents: three auth_sso (two resolved), one database, one not analysed.
        const QDateTime day(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);
        const auto at = [&](int minutes) { return day.addSecs(minutes * 60).toString(Qt::ISODateWithMs); };
        const auto analysed = [&](qint64 id, const QString &category, double confidence, const QString &state) {
            QJsonObject s = incident(id, u"P2"_s, state);
            s.insert(u"created_at"_s, at(int(id)));
            s.insert(u"mim_required"_s, confidence > 0.5);
            s.insert(u"category"_s, category);
            s.insert(u"confidence"_s, confidence);
            return s;
        };
        QJsonObject one = analysed(1, u"auth_sso"_s, 0.95, u"resolved"_s);
        one.insert(u"acknowledged_at"_s, at(1 + 4));
        one.insert(u"mitigated_at"_s, at(1 + 20));
        one.insert(u"resolved_at"_s, at(1 + 60));
        QJsonObject two = analysed(2, u"auth_sso"_s, 0.92, u"resolved"_s);
        two.insert(u"acknowledged_at"_s, at(2 + 6));
        two.insert(u"resolved_at"_s, at(2 + 100));
        IncidentQueueModel model;
        model.resetFromSummaries({one, two, analysed(3, u"auth_sso"_s, 0.55, u"executing"_s),
                                  analysed(4, u"database"_s, 0.15, u"triaged"_s), incident(5, u"P3"_s)});
        ChartsView charts(&model);
        charts.refresh();
        const auto chartOf = [&](const QString &name) -> QChart * {
            for (QChartView *v : charts.findChildren<QChartView *>())
                if (v->accessibleName() == name)
                    return v->chart();
            return nullptr;
        };
        // By category: one bar per category with its count, "not analysed" for the one without.
        QChart *category = chartOf(u"Incidents by category"_s);
        QVERIFY(category);
        QCOMPARE(category->series().size(), 1);
        auto *bars = qobject_cast<QAbstractBarSeries *>(category->series().first());
        QVERIFY(bars && bars->barSets().size() == 1);
        auto *labels = qobject_cast<QBarCategoryAxis *>(category->axes(Qt::Vertical).value(0));
        QVERIFY(labels);
        QMap<QString, int> byCategory;
        for (int i = 0; i < labels->count(); ++i)
            byCategory.insert(labels->at(i), int(bars->barSets().first()->at(i)));
        QCOMPARE(byCategory, (QMap<QString, int> {{u"auth sso"_s, 3}, {u"database"_s, 1}, {u"not analysed"_s, 1}}));
        QCOMPARE(labels->at(labels->count() - 1), u"auth sso"_s); // the largest at the top
        // Confidence: ten buckets of ten points; the one not analysed is in none.
        QChart *confidence = chartOf(u"Confidence distribution"_s);
        auto *buckets = qobject_cast<QAbstractBarSeries *>(confidence->series().value(0));
        QVERIFY(buckets);
        QList<int> counts;
        for (int b = 0; b < buckets->barSets().first()->count(); ++b)
            counts.append(int(buckets->barSets().first()->at(b)));
        QCOMPARE(counts, (QList<int> {0, 1, 0, 0, 0, 1, 0, 0, 0, 2}));
        // Time to acknowledge, mitigate and resolve: the median of the day, in minutes.
        QChart *timeTo = chartOf(u"Time to acknowledge, mitigate and resolve"_s);
        QCOMPARE(timeTo->series().size(), 3);
        QList<QList<double>> medians;
        for (QAbstractSeries *series : timeTo->series()) {
            auto *line = qobject_cast<QLineSeries *>(series);
            QVERIFY(line);
            QList<double> ys;
            for (const QPointF &p : line->points())
                ys.append(p.y());
            medians.append(ys);
        }
        QCOMPARE(medians, (QList<QList<double>> {{5.0}, {20.0}, {80.0}})); // (4+6)/2, 20, (60+100)/2
        // Queue depth: up to five open, three left once two are resolved.
        auto *depth = qobject_cast<QLineSeries *>(chartOf(u"Queue depth"_s)->series().value(0));
        QVERIFY(depth);
        double most = 0;
        for (const QPointF &p : depth->points())
            most = std::max(most, p.y());
        QCOMPARE(most, 5.0);
        QCOMPARE(depth->points().last().y(), 3.0);
        // Live: one more database incident shows after the next refresh.
        model.upsertSummaries({analysed(6, u"database"_s, 0.35, u"new"_s)});
        charts.refresh();
        bars = qobject_cast<QAbstractBarSeries *>(category->series().first());
        labels = qobject_cast<QBarCategoryAxis *>(category->axes(Qt::Vertical).value(0));
        QCOMPARE(int(bars->barSets().first()->at(labels->categories().indexOf(u"database"_s))), 2);
        QCOMPARE(qobject_cast<QLineSeries *>(chartOf(u"Queue depth"_s)->series().value(0))->points().last().y(), 4.0);
    }

    void wallOrdersDeclaredFirstAndColoursSev1_data()
    {
        QTest::addColumn<QString>("sev1Spelling");
        QTest::newRow("the coordinator's SEV1") << u"SEV1"_s;
        QTest::newRow("lower case") << u"sev1"_s;
    }
    void wallOrdersDeclaredFirstAndColoursSev1()
    {
        QFETCH(QString, sev1Spelling);
        // English plurals ("1 task blocked") come from the catalogue the console loads.
        QTranslator english;
        QVERIFY(english.load(u"warroom_en"_s, QStringLiteral(WARROOM_BINARY_DIR "/app")));
        QCoreApplication::installTranslator(&english);
        const auto major = [](qint64 id, const QString &declared, const QString &severity, const QString &state,
                              const QString &title) {
            QJsonObject s = incident(id, u"P2"_s, state, title);
            s.insert(u"major"_s, declared);
            s.insert(u"severity"_s, severity);
            return s;
        };
        IncidentQueueModel model;
        const QString longTitle = u"Checkout payments declined for every card issuer in the EU region after the "
                                  "gateway certificate rotation"_s;
        QJsonObject three = major(3, u"declared"_s, sev1Spelling, u"awaiting_approval"_s, longTitle);
        three.insert(u"commander"_s, u"mia"_s);
        three.insert(u"comms_lead"_s, u"carol"_s);
        three.insert(u"tasks_blocked"_s, 1);
        three.insert(u"tasks_overdue"_s, 2);
        model.resetFromSummaries({major(1, u"candidate"_s, sev1Spelling, u"triaged"_s, u"Candidate one"_s),
                                  major(2, u"declared"_s, u"SEV2"_s, u"executing"_s, u"Declared two"_s), three,
                                  major(4, u"candidate"_s, u"SEV3"_s, u"new"_s, u"Candidate three"_s),
                                  major(5, u"declared"_s, u"SEV1"_s, u"resolved"_s, u"Over"_s), incident(6, u"P1"_s)});
        ApiClient client;
        client.setServer(QUrl(u"http://127.0.0.1:9"_s)); // nothing listens: the detail read fails fast
        WallView wall(client, &model);
        wall.resize(1920, 500);
        wall.show();
        // Declared major incidents first (by SEV), then the candidates; nothing resolved.
        QCOMPARE(wall.activeMajorIncidents(), (QList<qint64> {3, 2, 1, 4}));
        QCOMPARE(wall.shownIncident(), 3);
        auto *sev = wall.findChild<QLabel *>(u"wallSeverity"_s);
        QCOMPARE(sev->text(), u"SEV 1"_s);
        QVERIFY2(sev->styleSheet().contains(u"#d50000"_s), qPrintable(sev->styleSheet())); // red
        auto *title = wall.findChild<QLabel *>(u"wallTitle"_s);
        QVERIFY(title->text().contains(longTitle)); // whole, not cut
        QVERIFY(title->wordWrap());
        QVERIFY(title->minimumHeight() >= 2 * QFontMetrics(title->font()).lineSpacing());
        QVERIFY(title->heightForWidth(title->width()) > QFontMetrics(title->font()).lineSpacing()); // two lines
        // Who leads it, and the tasks escalated to them, in red.
        auto *command = wall.findChild<QLabel *>(u"wallCommand"_s);
        auto *tasks = wall.findChild<QLabel *>(u"wallTasks"_s);
        QCOMPARE(command->text(), u"Commander: mia · Comms: carol"_s);
        QVERIFY(tasks->isVisible());
        QCOMPARE(tasks->text(), u"⚠ 1 task blocked · 2 tasks overdue"_s);
        QVERIFY(tasks->styleSheet().contains(u"#ff5252"_s));
        QVERIFY(tasks->font().pointSize() >= 28);
        wall.rotate();
        QCOMPARE(wall.shownIncident(), 2);
        QCOMPARE(sev->text(), u"SEV 2"_s);
        QVERIFY(!sev->styleSheet().contains(u"#d50000"_s));
        // A declared major incident without a commander says so; no tasks line.
        QCOMPARE(command->text(), u"No incident commander yet"_s);
        QVERIFY(!tasks->isVisible());
        wall.rotate();
        QCOMPARE(wall.shownIncident(), 1);
        QVERIFY(command->text().isEmpty()); // a candidate has none to name yet
        QVERIFY(sev->styleSheet().contains(u"#d50000"_s)); // a SEV1 candidate is red as well
        QVERIFY(title->text().contains(u"candidate"_s));
    }

    void signInDetectsAMissingKeyring()
    {
        // No session bus: QtKeychain finds no backend, and the dialog is told so by
        // what the keyring answered, not by a test forcing it.
        const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        const TokenStore::Result r = TokenStore::read(QUrl(u"http://127.0.0.1:8765"_s));
        QVERIFY2(r.noKeyring, qPrintable(r.error));
        QVERIFY(r.token.isEmpty());
        SignInDialog dialog(QUrl(u"http://127.0.0.1:8765"_s));
        QVERIFY(dialog.remember());
        dialog.applyKeyringState(r);
        QVERIFY(!dialog.remember());
        auto *note = dialog.findChild<QLabel *>(u"signInKeyringNote"_s);
        QVERIFY(note && !note->isHidden() && note->text().contains(u"--token-file"_s));
        // A keyring that answered is not reported missing.
        SignInDialog fine(QUrl(u"http://127.0.0.1:8765"_s));
        fine.applyKeyringState({true, false, {}, {}});
        QVERIFY(fine.remember());
        if (!bus.isEmpty())
            qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
    }

    void signInLooksUpTheTypedServer()
    {
        // The keyring is asked for the server typed into the dialog, not only for --server's.
        SignInDialog dialog(QUrl(u"http://127.0.0.1:8765"_s));
        dialog.show();
        QSignalSpy looked(&dialog, &SignInDialog::keyringLookedUp);
        auto *server = dialog.findChild<QLineEdit *>(u"signInServer"_s);
        server->setFocus();
        server->selectAll();
        QTest::keyClicks(server, u"https://warroom.example:9443"_s);
        QTest::keyClick(server, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(looked.size(), 1, 12000);
        QCOMPARE(looked.first().at(0).toUrl(), QUrl(u"https://warroom.example:9443"_s));
        QVERIFY(!looked.first().at(1).toBool()); // nothing kept for it here
        QVERIFY(!dialog.tokenFromKeyring());
    }

    void signInRefusesBadInput()
    {
        SignInDialog second(QUrl(u"ftp://x"_s));
        second.findChild<QLineEdit *>(u"signInToken"_s)->setText(u"t"_s);
        second.show();
        auto *buttons = second.findChild<QDialogButtonBox *>();
        buttons->button(QDialogButtonBox::Ok)->click();
        QVERIFY(second.isVisible()); // refused: wrong scheme
        second.findChild<QLineEdit *>(u"signInServer"_s)->setText(u"https://warroom.example"_s);
        buttons->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(second.result(), int(QDialog::Accepted));
        QCOMPARE(second.server(), QUrl(u"https://warroom.example"_s));
        QCOMPARE(second.token(), u"t"_s);
    }

    void answersAfterTheDetailIsGoneAreDropped()
    {
        // A coordinator that accepts and answers only when told: the detail pane is
        // destroyed while its requests are in flight, then the answers arrive. Qt 6.4's
        // .then(context, ...) asserted "context" here in a Debug build.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QList<QTcpSocket *> sockets;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *socket = server.nextPendingConnection())
                sockets.append(socket);
        });
        ApiClient client;
        client.setServer(QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort())));
        client.setToken(u"t"_s);
        auto detail = std::make_unique<IncidentDetail>(client);
        detail->show();
        detail->setCurrentIndex(IncidentDetail::TimelineTab);
        detail->setIncident(7); // the incident, its audit events and the chain: three requests
        QTRY_VERIFY(sockets.size() >= 2);
        detail.reset();
        const QByteArray answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                                  "Connection: close\r\n\r\n{}";
        for (QTcpSocket *socket : std::as_const(sockets)) {
            socket->readAll();
            socket->write(answer);
            socket->flush();
        }
        QTest::qWait(500); // the answers arrive and the continuations run
        for (QTcpSocket *socket : std::as_const(sockets))
            socket->close();
        QVERIFY(true); // reaching this line is the test: no crash, no assertion
    }

    void disabledGateDoesNothing()
    {
        HoldButton button(u"Hold"_s);
        button.setHoldTime(100);
        button.setEnabled(false);
        button.show();
        QSignalSpy held(&button, &HoldButton::held);
        QTest::mousePress(&button, Qt::LeftButton);
        QTest::qWait(250);
        QTest::mouseRelease(&button, Qt::LeftButton);
        QCOMPARE(held.size(), 0);
    }
};

QTEST_MAIN(TestViewModels)
#include "tst_viewmodels.moc"
