#pragma once

#include "remediationdraft.h"
#include "runbookrepository.h"

#include <QAbstractListModel>

#include <optional>

namespace warroom {

/// Remediation drafts waiting for a person: draft -> approved | rejected.
/// Only a person (not "system", "warroom" or a model) who did not draft it
/// may decide; only a validated draft can be approved; an approval commits
/// the playbook and its pinned whitelist entry on a new branch of the
/// runbook repository (see RunbookRepository), and is recorded only if that
/// commit succeeds. Nothing is merged or run.
class RemediationReviewQueue final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        IncidentRole,
        TitleRole,
        StateRole, ///< "draft", "approved", "rejected"
        DestructiveTasksRole,
        ValidationPassedRole,
        ReviewerRole,
        BranchRole,
        Sha256Role,
    };

    explicit RemediationReviewQueue(std::optional<RunbookRepository> repository, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(RemediationReviewQueue)

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Adds a draft (state draft). Duplicate ids are a Conflict.
    Status submit(const RemediationDraft &draft);
    /// Puts back a stored draft as it was (any state), when the daemon starts.
    Status restore(const RemediationDraft &draft);
    /// Records a validation report for a draft still waiting.
    Status setValidation(const QString &id, const ValidationReport &report);
    Status approve(const QString &id, const QString &reviewer, const QString &comment, const QDateTime &now);
    Status reject(const QString &id, const QString &reviewer, const QString &comment, const QDateTime &now);

    std::optional<RemediationDraft> draft(const QString &id) const;
    QList<RemediationDraft> drafts() const { return m_drafts; }

Q_SIGNALS:
    void draftApproved(const QString &id, const QString &branch, const QString &commit);
    void draftRejected(const QString &id);

private:
    int rowOf(const QString &id) const;
    Status checkReviewer(const RemediationDraft &d, const QString &reviewer) const;

    std::optional<RunbookRepository> m_repository;
    QList<RemediationDraft> m_drafts;
};

} // namespace warroom
