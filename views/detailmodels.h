#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace warroom {

/// The steps of an incident's plan with their approval status, as
/// GET /api/v1/incidents/{id} gives them (plan.steps, approval_status).
class PlanStepsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        KindColumn,
        TitleColumn,
        EnvironmentColumn,
        RiskColumn,
        StateColumn,
        ApprovalColumn,
        TaskColumn, ///< a person's task: owner, due time, blocked or overdue, the escalation
        ColumnCount
    };
    enum Role {
        StepIdRole = Qt::UserRole + 1,
        StepRole,
        ApprovalStatusRole,
        RiskRole,
        StateRole,
        TaskAlertRole, ///< "blocked", "overdue" or empty
    };

    explicit PlanStepsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Replaces the steps; rows keep their place when the step ids did not change.
    void setWorkflow(const QJsonObject &workflow);
    QJsonObject step(int row) const { return m_steps.value(row); }
    QJsonObject approvalStatus(int row) const { return m_status.value(row); }
    int rowOf(const QString &stepId) const;
    /// The clock tasks are judged against (tests set it; invalid: the current time).
    void setNow(const QDateTime &now);
    QDateTime now() const;
    /// Says that overdue marks may have changed (the clock moved on).
    void refreshTasks();
    /// The incident commander, whom escalations go to.
    QString commander() const { return m_commander; }
    /// Who approved by name and how many more are needed: "bob · 1 more
    /// needed", "needs 2 approvers", "✔ bob, erin".
    static QString approvalText(const QJsonObject &status);
    /// How many more approvals a step needs (0 once satisfied).
    static int missingApprovals(const QJsonObject &status);
    /// Translated names for the coordinator's enum values (the raw value when unknown).
    static QString kindLabel(const QString &kind);
    static QString riskLabel(const QString &risk);
    static QString stateLabel(const QString &state);

private:
    QList<QJsonObject> m_steps;
    QList<QJsonObject> m_status;
    QString m_commander;
    QDateTime m_now;
};

/// The tasks of an incident's runs, one row per task of a phase, from the
/// workflow's `runs` and, while a run goes, from `run.task` events.
class EvidenceModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        RunColumn,
        StepColumn,
        PhaseColumn,
        HostColumn,
        TaskColumn,
        StatusColumn,
        DurationColumn,
        ColumnCount
    };
    enum Role { RunIdRole = Qt::UserRole + 1, PhaseRole, StatusRole, DiffRole, TaskRole };

    explicit EvidenceModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRuns(const QJsonArray &runs);
    /// A `run.task` event: appends the task (live), creating run and phase as needed.
    void appendTask(const QJsonObject &event);
    /// A `run.finished` event: records the run's outcome (and phases when given).
    void finishRun(const QJsonObject &event);
    const QJsonArray &runs() const { return m_runs; }
    /// The phase object a row belongs to (its output), or {}.
    QJsonObject phaseOf(int row) const;
    /// Counts of ok / changed / failed / skipped tasks.
    QHash<QString, int> statusCounts() const;
    /// Translated names of a task's status and of a phase (the raw value when unknown).
    static QString statusLabel(const QString &status);
    /// A task's diff as text ("--- file", "- old", "+ new"), empty when it changed nothing.
    static QString diffText(const QJsonValue &diff);
    static QString phaseLabel(const QString &phase);

private:
    struct Row
    {
        QString runId;
        QString stepId;
        QString phase;
        QJsonObject task;
    };
    void rebuild();

    QJsonArray m_runs;
    QList<Row> m_rows;
};

/// The audit events of one incident (GET /api/v1/audit?incident=ID).
class AuditModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SeqColumn, TimeColumn, ActorColumn, TypeColumn, DetailColumn, ColumnCount };
    enum Role { EventRole = Qt::UserRole + 1 };

    explicit AuditModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEvents(const QJsonArray &items);
    /// One line saying what the payload holds, for people.
    static QString detailText(const QJsonObject &event);

private:
    QList<QJsonObject> m_events;
};

} // namespace warroom
