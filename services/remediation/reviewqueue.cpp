#include "reviewqueue.h"

#include "sha256.h"

using namespace Qt::StringLiterals;

namespace warroom {

RemediationReviewQueue::RemediationReviewQueue(std::optional<RunbookRepository> repository, QObject *parent)
    : QAbstractListModel(parent)
    , m_repository(std::move(repository))
{ }

int RemediationReviewQueue::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_drafts.size());
}

QVariant RemediationReviewQueue::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RemediationDraft &d = m_drafts.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return u"%1 [%2] %3"_s.arg(d.id, toString(d.state), d.title);
    case IdRole: return d.id;
    case IncidentRole: return d.incidentId;
    case TitleRole: return d.title;
    case StateRole: return toString(d.state);
    case DestructiveTasksRole: return d.destructiveCount();
    case ValidationPassedRole: return d.validated && d.validation.passed();
    case ReviewerRole: return d.reviewer;
    case BranchRole: return d.branch;
    case Sha256Role: return d.sha256;
    default: return {};
    }
}

QHash<int, QByteArray> RemediationReviewQueue::roleNames() const
{
    QHash<int, QByteArray> roles = QAbstractListModel::roleNames();
    roles.insert({{IdRole, "draftId"},
                  {IncidentRole, "incident"},
                  {TitleRole, "title"},
                  {StateRole, "state"},
                  {DestructiveTasksRole, "destructiveTasks"},
                  {ValidationPassedRole, "validationPassed"},
                  {ReviewerRole, "reviewer"},
                  {BranchRole, "branch"},
                  {Sha256Role, "sha256"}});
    return roles;
}

int RemediationReviewQueue::rowOf(const QString &id) const
{
    for (int i = 0; i < m_drafts.size(); ++i)
        if (m_drafts[i].id == id)
            return i;
    return -1;
}

std::optional<RemediationDraft> RemediationReviewQueue::draft(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? std::nullopt : std::optional(m_drafts[row]);
}

Status RemediationReviewQueue::submit(const RemediationDraft &draft)
{
    if (draft.id.isEmpty() || draft.yaml.isEmpty())
        return makeError(ErrorCode::InvalidInput, u"remediation: a draft needs an id and a playbook"_s);
    if (rowOf(draft.id) >= 0)
        return makeError(ErrorCode::Conflict, u"remediation: draft %1 is already queued"_s.arg(draft.id));
    if (sha256Hex({draft.yaml.toUtf8()}) != draft.sha256)
        return makeError(ErrorCode::InvalidInput,
                         u"remediation: draft %1's sha256 does not match its playbook"_s.arg(draft.id));
    RemediationDraft d = draft;
    d.state = RemediationDraft::State::Draft;
    d.reviewer.clear();
    d.branch.clear();
    d.commit.clear();
    const int row = int(m_drafts.size());
    beginInsertRows({}, row, row);
    m_drafts.append(d);
    endInsertRows();
    return {};
}

Status RemediationReviewQueue::restore(const RemediationDraft &draft)
{
    if (rowOf(draft.id) >= 0)
        return makeError(ErrorCode::Conflict, u"remediation: draft %1 is already queued"_s.arg(draft.id));
    const int row = int(m_drafts.size());
    beginInsertRows({}, row, row);
    m_drafts.append(draft);
    endInsertRows();
    return {};
}

Status RemediationReviewQueue::setValidation(const QString &id, const ValidationReport &report)
{
    const int row = rowOf(id);
    if (row < 0)
        return makeError(ErrorCode::NotFound, u"remediation: no draft %1"_s.arg(id));
    if (m_drafts[row].state != RemediationDraft::State::Draft)
        return makeError(ErrorCode::Conflict, u"remediation: draft %1 is already decided"_s.arg(id));
    m_drafts[row].validation = report;
    m_drafts[row].validated = true;
    Q_EMIT dataChanged(index(row), index(row), {ValidationPassedRole, Qt::DisplayRole});
    return {};
}

Status RemediationReviewQueue::checkReviewer(const RemediationDraft &d, const QString &reviewer) const
{
    static const QStringList machines {u"system"_s, u"warroom"_s, u"coordinator"_s, u"llm"_s};
    const QString r = reviewer.trimmed();
    if (r.isEmpty() || machines.contains(r.toLower()) || r.startsWith(u"llm:"_s))
        return makeError(ErrorCode::Forbidden, u"remediation: only a person may review a draft"_s);
    if (r == d.createdBy || r == d.requestedBy)
        return makeError(ErrorCode::Forbidden, u"remediation: %1 drafted %2 and cannot review it"_s.arg(r, d.id));
    if (d.state != RemediationDraft::State::Draft)
        return makeError(ErrorCode::Conflict, u"remediation: draft %1 is already %2"_s.arg(d.id, toString(d.state)));
    return {};
}

Status RemediationReviewQueue::approve(const QString &id, const QString &reviewer, const QString &comment,
                                       const QDateTime &now)
{
    const int row = rowOf(id);
    if (row < 0)
        return makeError(ErrorCode::NotFound, u"remediation: no draft %1"_s.arg(id));
    RemediationDraft d = m_drafts[row];
    if (Status s = checkReviewer(d, reviewer); !s)
        return s;
    if (!d.validated || !d.validation.passed())
        return makeError(ErrorCode::Conflict,
                         u"remediation: draft %1 has not passed validation (%2)"_s.arg(
                             id, d.validated ? d.validation.error : u"not validated"_s));
    if (!m_repository)
        return makeError(ErrorCode::Unavailable, u"remediation: no runbook repository is configured"_s);
    d.state = RemediationDraft::State::Approved;
    d.reviewer = reviewer.trimmed();
    d.reviewComment = comment;
    d.decidedAt = now;
    const Expected<RunbookRepository::Commit> commit = m_repository->commitApproved(d);
    if (!commit)
        return commit.error(); // the draft stays waiting; nothing is lost
    d.branch = commit->branch;
    d.commit = commit->commit;
    m_drafts[row] = d;
    Q_EMIT dataChanged(index(row), index(row));
    Q_EMIT draftApproved(id, d.branch, d.commit);
    return {};
}

Status RemediationReviewQueue::reject(const QString &id, const QString &reviewer, const QString &comment,
                                      const QDateTime &now)
{
    const int row = rowOf(id);
    if (row < 0)
        return makeError(ErrorCode::NotFound, u"remediation: no draft %1"_s.arg(id));
    if (Status s = checkReviewer(m_drafts[row], reviewer); !s)
        return s;
    if (comment.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, u"remediation: a rejection needs a reason"_s);
    RemediationDraft &d = m_drafts[row];
    d.state = RemediationDraft::State::Rejected;
    d.reviewer = reviewer.trimmed();
    d.reviewComment = comment;
    d.decidedAt = now;
    Q_EMIT dataChanged(index(row), index(row));
    Q_EMIT draftRejected(id);
    return {};
}

} // namespace warroom
