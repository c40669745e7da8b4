#include "detailmodels.h"

#include "taskalert.h"

#include <QBrush>
#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QFont>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

QColor riskColor(const QString &risk)
{
    if (risk == u"high"_s)
        return QColor(0xb7, 0x1c, 0x1c);
    if (risk == u"medium"_s)
        return QColor(0xe6, 0x51, 0x00);
    return QColor(0x2e, 0x7d, 0x32);
}

QColor taskStatusColor(const QString &status)
{
    if (status == u"ok"_s)
        return QColor(0x2e, 0x7d, 0x32);
    if (status == u"changed"_s)
        return QColor(0xb2, 0x6a, 0x00);
    if (status == u"failed"_s || status == u"unreachable"_s)
        return QColor(0xb7, 0x1c, 0x1c);
    return QColor(0x75, 0x75, 0x75);
}

} // namespace

// ---------------------------------------------------------------- plan steps

PlanStepsModel::PlanStepsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int PlanStepsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_steps.size());
}

int PlanStepsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

QString lookUp(const QHash<QString, const char *> &table, const QString &value, const char *context)
{
    const auto it = table.constFind(value);
    return it == table.constEnd() ? value : QCoreApplication::translate(context, *it);
}

} // namespace

int PlanStepsModel::missingApprovals(const QJsonObject &status)
{
    if (status.value(u"satisfied"_s).toBool())
        return 0;
    return std::max(0, status.value(u"needed"_s).toInt() - int(status.value(u"approvers"_s).toArray().size()));
}

QString PlanStepsModel::approvalText(const QJsonObject &status)
{
    QStringList approvers;
    for (const QJsonValue &v : status.value(u"approvers"_s).toArray())
        approvers.append(v.toString());
    const QString names = approvers.join(u", "_s);
    if (status.value(u"satisfied"_s).toBool())
        return approvers.isEmpty() ? tr("✔ approved") : tr("✔ %1", "approved by these people").arg(names);
    const int missing = missingApprovals(status);
    if (approvers.isEmpty())
        return tr("needs %n approver(s)", nullptr, missing);
    return tr("%1 · %n more needed", "names of those who approved, then how many more approvals", missing).arg(names);
}

QString PlanStepsModel::kindLabel(const QString &kind)
{
    static const QHash<QString, const char *> kLabels {
        {u"diagnose"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "diagnose")},
        {u"snapshot"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "snapshot")},
        {u"remediate"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "remediate")},
        {u"validate"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "validate")},
        {u"rollback"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "rollback")},
        {u"communicate"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "communicate")},
        {u"manual"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "manual")},
    };
    return lookUp(kLabels, kind, "warroom::PlanStepsModel");
}

QString PlanStepsModel::riskLabel(const QString &risk)
{
    static const QHash<QString, const char *> kLabels {
        {u"low"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "low")},
        {u"medium"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "medium")},
        {u"high"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "high")},
    };
    return lookUp(kLabels, risk, "warroom::PlanStepsModel");
}

QString PlanStepsModel::stateLabel(const QString &state)
{
    static const QHash<QString, const char *> kLabels {
        {u"pending"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "pending")},
        {u"running"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "running")},
        {u"succeeded"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "succeeded")},
        {u"failed"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "failed")},
        {u"rejected"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "rejected")},
        {u"skipped"_s, QT_TRANSLATE_NOOP("warroom::PlanStepsModel", "skipped")},
    };
    return lookUp(kLabels, state, "warroom::PlanStepsModel");
}

QVariant PlanStepsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &s = m_steps.at(index.row());
    const QJsonObject &a = m_status.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case TaskColumn: return TaskAlert::text(s, m_commander, now());
        case IdColumn: return s.value(u"id"_s).toString();
        case KindColumn: return kindLabel(s.value(u"kind"_s).toString());
        case TitleColumn: return s.value(u"title"_s).toString();
        case EnvironmentColumn: return s.value(u"environment"_s).toString();
        case RiskColumn: return riskLabel(s.value(u"risk"_s).toString());
        case StateColumn: return stateLabel(s.value(u"state"_s).toString());
        case ApprovalColumn: return approvalText(a);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn)
            return u"%1\n%2"_s.arg(s.value(u"title"_s).toString(), s.value(u"playbook"_s).toString());
        if (index.column() == ApprovalColumn) {
            QStringList roles;
            for (const QJsonValue &v : a.value(u"approver_roles"_s).toArray())
                roles.append(v.toString());
            return tr("Who may approve: %1").arg(roles.join(u", "_s));
        }
        if (index.column() == TaskColumn && !TaskAlert::of(s, now()).isEmpty())
            return tr("This task needs the incident commander: it is blocked or past its due time.");
        break;
    case Qt::BackgroundRole:
        // The whole row of a task that is blocked or overdue carries a calm amber wash.
        if (!TaskAlert::of(s, now()).isEmpty())
            return QBrush(TaskAlert::background());
        break;
    case Qt::DecorationRole:
        if (index.column() == TaskColumn) {
            const QString alert = TaskAlert::of(s, now());
            if (!alert.isEmpty())
                return TaskAlert::icon(alert);
        }
        break;
    case TaskAlertRole: return TaskAlert::of(s, now());
    case Qt::ForegroundRole:
        if (index.column() == TaskColumn && !TaskAlert::of(s, now()).isEmpty())
            return QBrush(TaskAlert::foreground());
        if (index.column() == RiskColumn)
            return QBrush(riskColor(s.value(u"risk"_s).toString()));
        if (index.column() == ApprovalColumn && a.value(u"satisfied"_s).toBool())
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        if (index.column() == ApprovalColumn && s.value(u"state"_s).toString() == u"pending"_s)
            return QBrush(QColor(0xb2, 0x6a, 0x00));
        break;
    case Qt::FontRole:
        if ((index.column() == RiskColumn && s.value(u"risk"_s).toString() == u"high"_s)
            || (index.column() == TaskColumn && !TaskAlert::of(s, now()).isEmpty())) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case StepIdRole: return s.value(u"id"_s).toString();
    case StepRole: return s;
    case ApprovalStatusRole: return a;
    case RiskRole: return s.value(u"risk"_s).toString();
    case StateRole: return s.value(u"state"_s).toString();
    }
    return {};
}

QVariant PlanStepsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn: return tr("Step");
    case KindColumn: return tr("Kind");
    case TitleColumn: return tr("What");
    case EnvironmentColumn: return tr("Environment");
    case RiskColumn: return tr("Risk");
    case StateColumn: return tr("State");
    case ApprovalColumn: return tr("Approvals");
    case TaskColumn: return tr("Task");
    }
    return {};
}

void PlanStepsModel::setNow(const QDateTime &now)
{
    m_now = now;
    refreshTasks();
}

QDateTime PlanStepsModel::now() const
{
    return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
}

void PlanStepsModel::refreshTasks()
{
    if (!m_steps.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_steps.size()) - 1, ColumnCount - 1));
}

void PlanStepsModel::setWorkflow(const QJsonObject &workflow)
{
    const QJsonArray steps = workflow.value(u"plan"_s).toObject().value(u"steps"_s).toArray();
    const QJsonArray status = workflow.value(u"approval_status"_s).toArray();
    m_commander = workflow.value(u"incident"_s).toObject().value(u"commander"_s).toString();
    QList<QJsonObject> newSteps;
    QList<QJsonObject> newStatus;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QJsonObject s = steps.at(i).toObject();
        newSteps.append(s);
        // approval_status is per step, in plan order; match by id when it says one.
        QJsonObject a = status.at(i).toObject();
        for (const QJsonValue &v : status) {
            if (v[u"step"_s].toString() == s.value(u"id"_s).toString()) {
                a = v.toObject();
                break;
            }
        }
        newStatus.append(a);
    }
    bool sameIds = newSteps.size() == m_steps.size();
    for (qsizetype i = 0; sameIds && i < newSteps.size(); ++i)
        sameIds = newSteps.at(i).value(u"id"_s) == m_steps.at(i).value(u"id"_s);
    if (sameIds) {
        m_steps = newSteps;
        m_status = newStatus;
        if (!m_steps.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_steps.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_steps = newSteps;
    m_status = newStatus;
    endResetModel();
}

int PlanStepsModel::rowOf(const QString &stepId) const
{
    for (qsizetype i = 0; i < m_steps.size(); ++i)
        if (m_steps.at(i).value(u"id"_s).toString() == stepId)
            return int(i);
    return -1;
}

// ------------------------------------------------------------------ evidence

EvidenceModel::EvidenceModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int EvidenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EvidenceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EvidenceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const QString status = r.task.value(u"status"_s).toString();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case RunColumn: return r.runId;
        case StepColumn: return r.stepId;
        case PhaseColumn: return phaseLabel(r.phase);
        case HostColumn: return r.task.value(u"host"_s).toString();
        case TaskColumn: return r.task.value(u"task"_s).toString();
        case StatusColumn: return statusLabel(status);
        case DurationColumn: {
            const double ms = r.task.value(u"duration_ms"_s).toDouble();
            return ms >= 1000 ? tr("%1 s").arg(ms / 1000.0, 0, 'f', 1) : tr("%1 ms").arg(qint64(ms));
        }
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn)
            return QBrush(taskStatusColor(status));
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case RunIdRole: return r.runId;
    case PhaseRole: return r.phase;
    case StatusRole: return status;
    case DiffRole: return diffText(r.task.value(u"diff"_s));
    case TaskRole: return r.task;
    }
    return {};
}

QVariant EvidenceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RunColumn: return tr("Run");
    case StepColumn: return tr("Step");
    case PhaseColumn: return tr("Phase");
    case HostColumn: return tr("Host");
    case TaskColumn: return tr("Task");
    case StatusColumn: return tr("Result");
    case DurationColumn: return tr("Duration");
    }
    return {};
}

void EvidenceModel::rebuild()
{
    m_rows.clear();
    for (const QJsonValue &rv : m_runs) {
        const QJsonObject run = rv.toObject();
        for (const QJsonValue &pv : run.value(u"phases"_s).toArray()) {
            const QJsonObject phase = pv.toObject();
            for (const QJsonValue &tv : phase.value(u"tasks"_s).toArray())
                m_rows.append({run.value(u"id"_s).toVariant().toString(), run.value(u"step"_s).toString(),
                               phase.value(u"name"_s).toString(), tv.toObject()});
        }
    }
}

void EvidenceModel::setRuns(const QJsonArray &runs)
{
    beginResetModel();
    m_runs = runs;
    rebuild();
    endResetModel();
}

void EvidenceModel::appendTask(const QJsonObject &event)
{
    const QString runId = event.value(u"run_id"_s).toVariant().toString();
    const QString stepId = event.value(u"step_id"_s).toString();
    const QString phaseName = event.value(u"phase"_s).toString();
    const QJsonObject task = event.value(u"task"_s).toObject();
    if (runId.isEmpty() || task.isEmpty())
        return;
    qsizetype runIndex = -1;
    for (qsizetype i = 0; i < m_runs.size(); ++i)
        if (m_runs.at(i)[u"id"_s].toVariant().toString() == runId)
            runIndex = i;
    QJsonObject run = runIndex >= 0 ? m_runs.at(runIndex).toObject()
                                    : QJsonObject {{u"id"_s, runId}, {u"step"_s, stepId}, {u"outcome"_s, u"running"_s}};
    QJsonArray phases = run.value(u"phases"_s).toArray();
    qsizetype phaseIndex = -1;
    for (qsizetype i = 0; i < phases.size(); ++i)
        if (phases.at(i)[u"name"_s].toString() == phaseName)
            phaseIndex = i;
    QJsonObject phase = phaseIndex >= 0 ? phases.at(phaseIndex).toObject() : QJsonObject {{u"name"_s, phaseName}};
    QJsonArray tasks = phase.value(u"tasks"_s).toArray();
    tasks.append(task);
    phase.insert(u"tasks"_s, tasks);
    if (phaseIndex >= 0)
        phases.replace(phaseIndex, phase);
    else
        phases.append(phase);
    run.insert(u"phases"_s, phases);
    if (runIndex >= 0)
        m_runs.replace(runIndex, run);
    else
        m_runs.append(run);
    // Rows are in run/phase order: find where this task goes.
    int insertAt = 0;
    bool seenGroup = false;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const bool same = m_rows.at(i).runId == runId && m_rows.at(i).phase == phaseName;
        if (same) {
            seenGroup = true;
            insertAt = int(i) + 1;
        } else if (seenGroup) {
            break;
        }
    }
    if (!seenGroup) {
        // A new phase of a known run goes after the run's last row; otherwise at the end.
        insertAt = int(m_rows.size());
        for (qsizetype i = m_rows.size() - 1; i >= 0; --i)
            if (m_rows.at(i).runId == runId) {
                insertAt = int(i) + 1;
                break;
            }
    }
    beginInsertRows({}, insertAt, insertAt);
    m_rows.insert(insertAt, {runId, stepId, phaseName, task});
    endInsertRows();
}

void EvidenceModel::finishRun(const QJsonObject &event)
{
    const QJsonObject given = event.value(u"run"_s).toObject();
    const QString runId = event.value(u"run_id"_s).toVariant().toString();
    for (qsizetype i = 0; i < m_runs.size(); ++i) {
        if (m_runs.at(i)[u"id"_s].toVariant().toString() != runId)
            continue;
        if (!given.isEmpty()) {
            QJsonArray runs = m_runs;
            runs.replace(i, given);
            setRuns(runs);
        } else {
            QJsonObject run = m_runs.at(i).toObject();
            run.insert(u"outcome"_s, event.value(u"outcome"_s).toString(u"finished"_s));
            m_runs.replace(i, run);
        }
        return;
    }
    if (!given.isEmpty()) {
        QJsonArray runs = m_runs;
        runs.append(given);
        setRuns(runs);
    }
}

QJsonObject EvidenceModel::phaseOf(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const Row &r = m_rows.at(row);
    for (const QJsonValue &rv : m_runs) {
        if (rv[u"id"_s].toVariant().toString() != r.runId)
            continue;
        for (const QJsonValue &pv : rv[u"phases"_s].toArray())
            if (pv[u"name"_s].toString() == r.phase)
                return pv.toObject();
    }
    return {};
}

QString EvidenceModel::diffText(const QJsonValue &diff)
{
    if (diff.isString())
        return diff.toString();
    if (!diff.isObject() && !diff.isArray())
        return {};
    // ansible's diff: {"before", "after"} or a list of those; shown as text.
    QString text;
    const QJsonArray parts = diff.isArray() ? diff.toArray() : QJsonArray {diff};
    for (const QJsonValue &p : parts) {
        const QJsonObject o = p.toObject();
        if (o.contains(u"prepared"_s)) {
            text += o.value(u"prepared"_s).toString();
            continue;
        }
        const QStringList before = o.value(u"before"_s).toString().split(u'\n', Qt::SkipEmptyParts);
        const QStringList after = o.value(u"after"_s).toString().split(u'\n', Qt::SkipEmptyParts);
        if (before.isEmpty() && after.isEmpty())
            continue;
        const QString header = o.value(u"before_header"_s).toString();
        if (!header.isEmpty())
            text += u"--- "_s + header + u"\n+++ "_s + o.value(u"after_header"_s).toString() + u'\n';
        for (const QString &line : before)
            text += u"- "_s + line + u'\n';
        for (const QString &line : after)
            text += u"+ "_s + line + u'\n';
    }
    return text;
}

QString EvidenceModel::statusLabel(const QString &status)
{
    static const QHash<QString, const char *> kLabels {
        {u"ok"_s, QT_TRANSLATE_NOOP("warroom::EvidenceModel", "ok")},
        {u"changed"_s, QT_TRANSLATE_NOOP("warroom::EvidenceModel", "changed")},
        {u"failed"_s, QT_TRANSLATE_NOOP("warroom::EvidenceModel", "failed")},
        {u"unreachable"_s, QT_TRANSLATE_NOOP("warroom::EvidenceModel", "unreachable")},
        {u"skipped"_s, QT_TRANSLATE_NOOP("warroom::EvidenceModel", "skipped")},
        {u"running"_s, QT_TRANSLATE_NOOP("warroom::EvidenceModel", "running")},
        {u"succeeded"_s, QT_TRANSLATE_NOOP("warroom::EvidenceModel", "succeeded")},
    };
    return lookUp(kLabels, status, "warroom::EvidenceModel");
}

QString EvidenceModel::phaseLabel(const QString &phase)
{
    static const QHash<QString, const char *> kLabels {
        {u"check"_s, QT_TRANSLATE_NOOP("warroom::EvidenceModel", "check")},
        {u"apply"_s, QT_TRANSLATE_NOOP("warroom::EvidenceModel", "apply")},
        {u"recheck"_s, QT_TRANSLATE_NOOP("warroom::EvidenceModel", "recheck")},
        {u"validate"_s, QT_TRANSLATE_NOOP("warroom::EvidenceModel", "validate")},
    };
    return lookUp(kLabels, phase, "warroom::EvidenceModel");
}

QHash<QString, int> EvidenceModel::statusCounts() const
{
    QHash<QString, int> counts;
    for (const Row &r : m_rows)
        ++counts[r.task.value(u"status"_s).toString()];
    return counts;
}

// --------------------------------------------------------------------- audit

AuditModel::AuditModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditModel::detailText(const QJsonObject &event)
{
    const QJsonObject p = event.value(u"payload"_s).toObject();
    QStringList parts;
    for (const QString &key : {u"step"_s, u"reason"_s, u"comment"_s, u"summary"_s, u"state"_s, u"to"_s}) {
        const QJsonValue v = p.value(key);
        if (v.isString() && !v.toString().isEmpty())
            parts.append(key + u": "_s + v.toString());
    }
    const QJsonObject approval = p.value(u"approval"_s).toObject();
    if (!approval.isEmpty()) {
        parts.append(u"step: "_s + approval.value(u"step_id"_s).toString(approval.value(u"step"_s).toString()));
        const QString comment = approval.value(u"comment"_s).toString();
        if (!comment.isEmpty())
            parts.append(u"“"_s + comment + u"”"_s);
    }
    return parts.join(u" · "_s);
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &e = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case SeqColumn: return e.value(u"seq"_s).toInteger();
        case TimeColumn:
            return QDateTime::fromString(e.value(u"time"_s).toString(), Qt::ISODateWithMs)
                .toLocalTime()
                .toString(u"yyyy-MM-dd HH:mm:ss"_s);
        case ActorColumn: return e.value(u"actor"_s).toString();
        case TypeColumn: return e.value(u"type"_s).toString();
        case DetailColumn: return detailText(e);
        }
        break;
    case Qt::ToolTipRole: return tr("hash %1").arg(e.value(u"hash"_s).toString());
    case EventRole: return e;
    }
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeqColumn: return tr("#");
    case TimeColumn: return tr("Time");
    case ActorColumn: return tr("Who");
    case TypeColumn: return tr("Event");
    case DetailColumn: return tr("Detail");
    }
    return {};
}

void AuditModel::setEvents(const QJsonArray &items)
{
    beginResetModel();
    m_events.clear();
    for (const QJsonValue &v : items)
        m_events.append(v.toObject());
    endResetModel();
}

} // namespace warroom
