#pragma once

#include "enums.h"
#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace warroom {

/// One step of a plan. Its content (what would run, where, how risky) is
/// hashed; an approval signs that hash and is void once the content changes.
struct PlanStep
{
    QString id; ///< unique within the incident, e.g. "s3"
    StepKind kind = StepKind::Manual;
    QString title;
    QString description;
    QString playbookId; ///< whitelisted playbook, empty for manual steps
    QJsonObject vars;
    Risk risk = Risk::Low;
    QString environment; ///< uat, prod, or empty for no target
    QStringList requiredRoles; ///< an approver must hold one of these
    bool mutates = false;
    QString rollbackOf; ///< the step this one reverses
    /// The whitelisted playbook that reverses this step: the policy's
    /// rollback of its playbook (set when the plan is checked against the
    /// policy). It runs as a step of its own, with its own approvals, once
    /// this one has run (POST .../steps/ID/rollback). Part of the content
    /// when set: an approver signs a change knowing what undoes it.
    QString rollbackPlaybook;
    QString owner; ///< for manual steps
    QDateTime dueAt;

    // Life of the step, not part of its content.
    StepState state = StepState::Pending;
    QString requestedBy;
    QDateTime startedAt;
    QDateTime finishedAt;
    QString resultSummary;
    /// A person's task that cannot go on (waiting for someone, missing access).
    bool blocked = false;
    QString blockedReason;
    /// The last escalation to the incident commander: when, why ("overdue"
    /// or "blocked") and, for an overdue task, the due time it was for (so a
    /// task is escalated once per due time).
    QDateTime escalatedAt;
    QString escalatedReason;
    QDateTime escalatedDue;
    /// Whom it went to: the commander at that time (empty: none was named).
    QString escalatedTo;

    /// Whether it changes systems (explicitly, or by being a remediate/rollback).
    bool isMutating() const { return mutates || kindMutates(kind); }
    /// A person's task (manual or communicate) that is not done yet.
    bool isOpenTask() const
    {
        return (kind == StepKind::Manual || kind == StepKind::Communicate)
            && (state == StepState::Pending || state == StepState::Running);
    }
    /// An open task past its due time that has not been escalated for it.
    bool isOverdue(const QDateTime &now) const
    {
        return isOpenTask() && dueAt.isValid() && dueAt <= now && escalatedDue != dueAt;
    }
    /// Distinct approvals it needs: two for high risk, else one.
    int approvalsNeeded() const { return risk == Risk::High ? 2 : 1; }
    /// The content fields (what an approval signs) as JSON.
    QJsonObject contentJson() const;
    /// The canonical JSON of the content fields: the compact JSON of
    /// contentJson(), written directly.
    QByteArray canonicalContent() const;
    /// SHA-256 (hex) of canonicalContent().
    QString contentHash() const;

    QJsonObject toJson() const;
    /// QJsonDocument(toJson()).toJson(Compact), written directly.
    QByteArray toCompactJson() const;
    static Expected<PlanStep> fromJson(const QJsonObject &json);
    bool operator==(const PlanStep &) const = default;
};

/// A sequenced plan for an incident.
struct Plan
{
    QString source; ///< dip:ID, escalation, manual
    QString summary;
    QString createdBy;
    QDateTime createdAt;
    QList<PlanStep> steps;

    const PlanStep *step(const QString &id) const;
    /// The earliest due time of an open task not yet escalated for it
    /// (invalid if none): when the coordinator must look again.
    QDateTime nextTaskDeadline() const;
    PlanStep *step(const QString &id);
    bool isEmpty() const { return steps.isEmpty(); }

    QJsonObject toJson() const;
    /// QJsonDocument(toJson()).toJson(Compact), written directly (a triaged
    /// incident's plan is encoded this way, twice, for every new incident).
    QByteArray toCompactJson() const;
    static Expected<Plan> fromJson(const QJsonObject &json);
    bool operator==(const Plan &) const = default;
};

enum class Decision { Approve, Reject };

/// A person's sign-off (or refusal) of one step's content at one time.
struct Approval
{
    QString stepId;
    QString user;
    QStringList roles; ///< the approver's roles when signing
    Decision decision = Decision::Approve;
    QString comment;
    QString contentHash; ///< the step content that was signed
    QDateTime at;

    QJsonObject toJson() const;
    static Expected<Approval> fromJson(const QJsonObject &json);
    bool operator==(const Approval &) const = default;
};

} // namespace warroom
