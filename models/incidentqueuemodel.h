#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace warroom {

/// The incident queue: one row per incident summary, as the coordinator's
/// snapshot and live events describe them. Rows are keyed by incident id;
/// an event for a known id updates its row in place, so views keep their
/// selection and scroll position.
class IncidentQueueModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IncidentQueueModel)

public:
    enum Column {
        KeyColumn,
        PriorityColumn,
        ServiceColumn,
        ClassColumn,
        ConfidenceColumn,
        StateColumn,
        TasksColumn, ///< people's tasks that are blocked or overdue
        OwnerColumn,
        AgeColumn,
        TitleColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    /// Semantic roles: views decide colours, the model decides meaning.
    enum Role {
        IncidentIdRole = Qt::UserRole + 1,
        PriorityRole, ///< 1..4, 0 unknown
        StateRole, ///< state name
        MimRequiredRole, ///< bool, or invalid before triage
        ConfidenceRole, ///< double in [0,1], or invalid before triage
        CreatedAtRole, ///< QDateTime
        SortRole, ///< a value that sorts the column naturally
        SummaryRole, ///< the whole summary object
        TaskAlertRole, ///< "blocked", "overdue" or empty: a person's task needs the commander
    };
    Q_ENUM(Role)

    explicit IncidentQueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Replaces everything with a snapshot's incident summaries.
    void resetFromSummaries(const QJsonArray &summaries);
    /// Inserts or updates incidents from summaries (live events), in one batch.
    void upsertSummaries(const QList<QJsonObject> &summaries);
    /// Applies one event of the /ws stream (ignores events without an incident).
    void applyEvent(const QJsonObject &event);

    int rowOf(qint64 incidentId) const { return m_rowById.value(incidentId, -1); }
    /// The summary of a row (rebuilt from the compact row: the fields the queue keeps,
    /// with acknowledged_at, mitigated_at and resolved_at when the coordinator sent them).
    QJsonObject summary(int row) const;
    /// The lifecycle times of a row in ms since the epoch (0 when absent), for the charts.
    struct Times
    {
        qint64 created = 0, acknowledged = 0, mitigated = 0, resolved = 0, updated = 0;
    };
    Times times(int row) const;
    /// A row's state name ("resolved") and category without building its summary.
    QString state(int row) const { return m_rows.at(row).state; }
    QString category(int row) const { return m_rows.at(row).category; }
    /// The confidence of a row in [0,1], or < 0 before triage.
    double confidence(int row) const { return m_rows.at(row).confidence; }
    /// Fast ordering of two rows by a column (what the sort proxy uses; no QVariant).
    /// `order`: the view's; what is over stays below what burns in both directions.
    bool lessThan(int leftRow, int rightRow, int column, Qt::SortOrder order = Qt::AscendingOrder) const;
    /// Whether a row matches a filter text (ID, priority, service, class, status, owner, title, category).
    bool matches(int row, const QString &text) const;
    /// Open tasks of a row that are blocked, and overdue (escalated, or past
    /// the earliest due time by now()).
    int tasksBlocked(int row) const { return m_rows.at(row).tasksBlocked; }
    int tasksOverdue(int row) const;
    /// A state name for people ("awaiting approval"), translated.
    static QString stateLabel(const QString &state);
    /// Resolved, closed or rolled back: nothing burns any more (the queue, the wall and the charts agree).
    static bool isOver(const QString &state);
    /// The time ages are computed against (tests set it).
    void setNow(const QDateTime &now) { m_now = now; }

private:
    // Compact rows: 100,000 incidents must fit in a few tens of MB. Repeated
    // strings (services, states, owners...) are shared through m_pool.
    struct Row
    {
        qint64 id = 0;
        qint64 createdMs = 0; ///< 0 when unknown
        qint64 updatedMs = 0;
        qint64 acknowledgedMs = 0; ///< acknowledged_at, 0 when absent
        qint64 mitigatedMs = 0; ///< mitigated_at, 0 when absent
        qint64 resolvedMs = 0; ///< resolved_at, 0 when absent
        QString key, title, service, priorityText, owner, state, stateText, major, majorBy, category, severity,
            proposedSeverity, currentStep, source, classText, commander, commsLead;
        double confidence = -1.0; ///< < 0 before triage
        int priority = 0;
        int steps = 0;
        int stepsPending = 0;
        int tasksBlocked = 0; ///< tasks_blocked
        int tasksOverdue = 0; ///< tasks_overdue (escalated for their due time)
        qint64 taskDueMs = 0; ///< task_due_at: the earliest due time of an open task
        bool triaged = false;
        bool mimRequired = false;
    };
    Row makeRow(const QJsonObject &summary);
    QString shared(const QString &s);
    /// stateLabel() through a cache: translating per row costs more than the rest of the row.
    QString stateText(const QString &state);
    QString ageText(const QDateTime &created) const;
    QString tasksText(const Row &row) const;
    int overdueOf(const Row &row) const;
    QDateTime now() const;

    /// What the numeric columns sort by, kept apart from the rows: 24 bytes an
    /// incident in one array, so sorting 100,000 of them stays in the cache.
    struct SortKey
    {
        qint64 id = 0;
        qint64 createdMs = 0;
        float confidence = -1.0f;
        int priority = 9; ///< 1..4, 9 unknown
        bool over = false; ///< resolved, closed or rolled back: below the open ones by priority
    };
    static SortKey sortKeyOf(const Row &row);

    QList<Row> m_rows;
    QList<SortKey> m_keys; ///< parallel to m_rows
    QHash<qint64, int> m_rowById;
    QDateTime m_now;
    QHash<QString, QString> m_pool;
    QHash<QString, QString> m_stateTexts;
    QString m_classMajor, m_classCandidate, m_classStandard, m_classUntriaged;
};

} // namespace warroom
