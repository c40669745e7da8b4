#pragma once

#include "enums.h"
#include "result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace warroom {

/// One signal that moved the classification, with its weight and origin.
struct Reason
{
    QString signal; ///< e.g. "phrase \"redirect loop\""
    double weight = 0.0;
    QString source; ///< priority, text, kba:ID, incident:ID, service-tier ...

    QJsonObject toJson() const;
    /// QJsonDocument(toJson()).toJson(Compact), written directly.
    QByteArray toCompactJson() const;
    static Expected<Reason> fromJson(const QJsonObject &json);
    bool operator==(const Reason &) const = default;
};

/// A category that was considered and set aside, with its score.
struct RunnerUp
{
    QString category;
    double score = 0.0;

    QJsonObject toJson() const;
    /// QJsonDocument(toJson()).toJson(Compact), written directly.
    QByteArray toCompactJson() const;
    static Expected<RunnerUp> fromJson(const QJsonObject &json);
    bool operator==(const RunnerUp &) const = default;
};

/// What triage concluded about an incident, and why.
struct Classification
{
    QString category;
    Severity severity = Severity::Unknown;
    bool mimRequired = false;
    double confidence = 0.0; ///< in [0, 1]
    QList<Reason> reasons;
    QList<RunnerUp> runnersUp;
    QString analyst; ///< offline, openai:MODEL, anthropic:MODEL
    /// What people should know about how this was reached: playbooks the
    /// model named and were dropped, text masked before sending, suspected
    /// prompt injection, "restricted: not sent".
    QStringList flags;
    /// People must look: no reviewed plan matched well enough (the plan is
    /// an escalation), or the analysis could not be completed as configured
    /// (the LLM failed or misbehaved; the offline result stands).
    bool escalate = false;
    QString escalationReason;

    QJsonObject toJson() const;
    /// QJsonDocument(toJson()).toJson(Compact), written directly.
    QByteArray toCompactJson() const;
    static Expected<Classification> fromJson(const QJsonObject &json);
    bool operator==(const Classification &) const = default;
};

/// A retrieved knowledge document or past incident, with provenance.
struct KnowledgeMatch
{
    QString docId;
    QString kind; ///< kba, dip, validation, policy, incident
    QString title;
    double score = 0.0;
    QStringList matchedTerms;

    QJsonObject toJson() const;
    /// QJsonDocument(toJson()).toJson(Compact), written directly.
    QByteArray toCompactJson() const;
    static Expected<KnowledgeMatch> fromJson(const QJsonObject &json);
    bool operator==(const KnowledgeMatch &) const = default;
};

} // namespace warroom
