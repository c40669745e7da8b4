#pragma once

#include "result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace warroom {

/// One task on one host in one phase of a run.
struct TaskResult
{
    QString host;
    QString task;
    QString status; ///< ok, changed, failed, skipped, unreachable
    qint64 durationMs = 0;
    QString diff;
    QString output; ///< the task's message, stdout and stderr (tail), mostly for failures

    QJsonObject toJson() const;
    static Expected<TaskResult> fromJson(const QJsonObject &json);
    bool operator==(const TaskResult &) const = default;
};

/// One phase of a run: check, apply, recheck, validate or run.
struct ExecutionPhase
{
    QString name;
    QString playbookId; ///< the whitelisted playbook this phase ran (the validation's for `validate`)
    QStringList argv; ///< the exact argument vector
    QString playbookSha256;
    QDateTime startedAt;
    QDateTime finishedAt;
    int exitCode = -1;
    QString outcome; ///< ok, changed, failed, timeout, aborted
    int changed = 0; ///< tasks x hosts that reported a change (the idempotency proof needs 0)
    QList<TaskResult> tasks;
    QString stdoutTail;
    QString stderrTail;

    QJsonObject toJson() const;
    static Expected<ExecutionPhase> fromJson(const QJsonObject &json);
    bool operator==(const ExecutionPhase &) const = default;
};

/// An execution of one plan step.
struct ExecutionRun
{
    QString id;
    QString stepId;
    QString mode; ///< simulate, check, apply
    QString environment;
    QDateTime startedAt;
    QDateTime finishedAt;
    QString outcome; ///< running, succeeded, failed, aborted, timeout
    QString playbookId;
    QString message; ///< why it failed, timed out or was aborted
    QList<ExecutionPhase> phases;

    QJsonObject toJson() const;
    static Expected<ExecutionRun> fromJson(const QJsonObject &json);
    bool operator==(const ExecutionRun &) const = default;
};

/// A piece of evidence kept with an incident: output, a diff, a snapshot, a note.
struct Evidence
{
    qint64 id = 0;
    qint64 incidentId = 0;
    QString stepId;
    QString runId;
    QString kind; ///< phase-output, diff, snapshot, note, validation
    QString title;
    QString content;
    QString sha256; ///< of content
    QString createdBy;
    QDateTime createdAt;

    QJsonObject toJson() const;
    static Expected<Evidence> fromJson(const QJsonObject &json);
    bool operator==(const Evidence &) const = default;
};

} // namespace warroom
