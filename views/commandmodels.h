#pragma once

#include <QAbstractTableModel>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace warroom {

/// The status updates published for an incident (the workflow's
/// `status_updates`, or GET .../status-updates), newest first.
class StatusUpdatesModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusUpdatesModel)

public:
    enum Column { TimeColumn, AudienceColumn, AuthorColumn, TextColumn, ColumnCount };
    enum Role { TextRole = Qt::UserRole + 1, AudienceRole, AtRole };

    explicit StatusUpdatesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Replaces the updates (oldest first, as the coordinator keeps them).
    /// Updates published since the last call are inserted at the top; the
    /// rows already shown keep their place.
    void setUpdates(const QJsonArray &oldestFirst);
    QJsonObject update(int row) const { return m_updates.value(row); }

    /// The audiences the coordinator drafts for, in order, and their names for people.
    static QStringList audiences();
    static QString audienceLabel(const QString &audience);

private:
    QList<QJsonObject> m_updates; ///< newest first
};

/// The corrective actions of a postmortem, edited in place: title, owner,
/// due date, status (open, in_progress, done) and a ticket.
class CorrectiveActionsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CorrectiveActionsModel)

public:
    enum Column { TitleColumn, OwnerColumn, DueColumn, StatusColumn, TicketColumn, ColumnCount };
    enum Role { StatusValueRole = Qt::UserRole + 1 };

    explicit CorrectiveActionsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool insertRows(int row, int count, const QModelIndex &parent = {}) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

    /// The `actions` of the postmortem notes.
    void setActions(const QJsonArray &actions);
    QJsonArray actions() const;
    /// Why the actions cannot be saved yet ("action 2 needs an owner"), or empty.
    QString problem() const;

    static QStringList statuses();
    static QString statusLabel(const QString &status);

Q_SIGNALS:
    /// A person changed, added or removed an action.
    void edited();

private:
    struct Action
    {
        QString title;
        QString owner;
        QDate due;
        QString status = QStringLiteral("open");
        QString ticket;
    };
    QList<Action> m_actions;
};

/// The remediation review queue (GET /api/v1/remediation-drafts): state,
/// validation (running, passed, failed), tasks and destructive tasks, who
/// asked for it. Rows keep their place when the drafts did not change order.
class RemediationDraftsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemediationDraftsModel)

public:
    enum Column {
        DraftColumn,
        IncidentColumn,
        StateColumn,
        ValidationColumn,
        TasksColumn,
        DestructiveColumn,
        RequestedByColumn,
        CreatedColumn,
        TitleColumn,
        ColumnCount
    };
    enum Role {
        DraftIdRole = Qt::UserRole + 1,
        DraftRole, ///< the draft's JSON (without the playbook text)
        StateRole, ///< draft, approved, rejected
        ValidationRole, ///< running, passed, failed
        DestructiveRole, ///< number of destructive tasks
    };

    explicit RemediationDraftsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setDrafts(const QJsonArray &items);
    QJsonObject draft(int row) const { return m_drafts.value(row); }
    int rowOf(const QString &draftId) const;
    /// Whether a validation is still running for any draft.
    bool anyValidating() const;

    /// "running", "passed" or "failed" for a draft's JSON.
    static QString validationOf(const QJsonObject &draft);
    static QString validationLabel(const QString &validation);
    static QString stateLabel(const QString &state);

private:
    QList<QJsonObject> m_drafts;
};

} // namespace warroom
