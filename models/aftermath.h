#pragma once

#include "result.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace warroom {

/// A status update a person published for one audience: timestamped and
/// kept on the incident (and on the audit chain) for good.
struct StatusUpdate
{
    QString audience; ///< internal, executive, external
    QString text;
    QString by;
    QDateTime at;

    QJsonObject toJson() const;
    static Expected<StatusUpdate> fromJson(const QJsonObject &json);
    bool operator==(const StatusUpdate &) const = default;

    /// What a draft marks as only a person can say (the time to recovery):
    /// an update with it still in is not published.
    static constexpr QStringView kFillIn = u"[fill in]";
};

/// The audiences a status update may be written for.
QStringList statusAudiences();

/// A follow-up that makes the same fire harder to start again.
struct CorrectiveAction
{
    QString title;
    QString owner;
    QDate due;
    QString status = QStringLiteral("open"); ///< open, in_progress, done
    QString ticket; ///< e.g. a Jira key

    QJsonObject toJson() const;
    static Expected<CorrectiveAction> fromJson(const QJsonObject &json);
    bool operator==(const CorrectiveAction &) const = default;
};

/// What people write into the postmortem besides what the timeline knows:
/// the impact, the five whys, the root cause and the corrective actions.
struct PostmortemNotes
{
    QString impact;
    QStringList whys; ///< up to five
    QString rootCause;
    QList<CorrectiveAction> actions;
    QString updatedBy;
    QDateTime updatedAt;

    bool isEmpty() const { return impact.isEmpty() && whys.isEmpty() && rootCause.isEmpty() && actions.isEmpty(); }
    QJsonObject toJson() const;
    /// Decodes and validates (lengths, at most five whys, actions with a
    /// title, an owner and a due date).
    static Expected<PostmortemNotes> fromJson(const QJsonObject &json);
    bool operator==(const PostmortemNotes &) const = default;
};

} // namespace warroom
