#pragma once

#include "aftermath.h"
#include "auditevent.h"
#include "execution.h"
#include "incidentrecord.h"

#include <QDate>
#include <QList>
#include <QString>

namespace warroom {

/// One line of a postmortem timeline, with where it came from.
struct TimelineEntry
{
    QDateTime at;
    QString kind; ///< event, decision, evidence, run
    QString source; ///< "audit #12 step.approved", "evidence #3", "run r1"
    QString actor;
    QString text;

    QJsonObject toJson() const;
};

/// What a person adds to what the timeline already knows.
struct PostmortemInput
{
    IncidentRecord record;
    QList<AuditEvent> events; ///< the incident's audit records, any order
    QList<Evidence> evidence;
    QString impact; ///< people-written; derived from the incident if empty
    QStringList whys; ///< up to five answers; missing ones stay as prompts
    QString rootCause;
    QList<CorrectiveAction> actions;
    QString author;
    QDateTime generatedAt; ///< defaults to now
};

/// A blameless postmortem document, generated from the timeline.
struct Postmortem
{
    QString incidentKey;
    QString title;
    QString summary;
    QString impact;
    QList<TimelineEntry> timeline; ///< chronological, everything
    QList<TimelineEntry> decisions; ///< the decisions among them
    QList<Approval> approvals;
    QList<Evidence> evidence;
    QStringList whys; ///< always five: answers or prompts
    QString rootCause;
    QList<CorrectiveAction> actions;
    QStringList reworded; ///< phrases the blameless filter changed
    QString author;
    QDateTime generatedAt;

    /// Builds it; text that blames people is reworded (see blameless()).
    static Postmortem build(const PostmortemInput &input);
    QString toMarkdown() const;
    QByteArray toPdf() const;
    QJsonObject toJson() const;
};

/// Rewrites phrasing that blames people ("human error", "X's fault",
/// "careless", "should have known") into system-focused wording; appends
/// what it changed to `changes` when given.
QString blameless(const QString &text, QStringList *changes = nullptr);

/// One audit event as a sentence (for timelines, read-ins and drafts).
TimelineEntry describe(const AuditEvent &event);
/// Whether an audit event type records a person's decision.
bool isDecision(const QString &eventType);

/// What someone joining late needs: what happened, what was decided, what
/// is running, who owns what. Generated from the record and its timeline.
struct ReadIn
{
    QString whatHappened;
    QStringList decided; ///< "09:14 alice: approved step s3 (...)"
    QStringList done; ///< steps that ran: "step s3 (...) FAILED at 09:20: ...", "step s1 (...) succeeded at 09:12"
    QStringList running; ///< steps running or waiting
    QStringList owners; ///< "incident commander: alice", "step s4 (manual): bob, due 10:30"
    QDateTime generatedAt;
    QString toMarkdown() const;
    QJsonObject toJson() const;
};
ReadIn readIn(const IncidentRecord &record, const QList<AuditEvent> &events, const QDateTime &now = {});

/// Who a status update is written for.
enum class Audience {
    Internal, ///< responders: everything, technical
    Executive, ///< impact, risk, time to recovery
    External, ///< regulators and customers: chronological facts, decisions, evidence
};
QString toString(Audience audience);
std::optional<Audience> audienceFromString(const QString &name);

/// A status-update draft for `audience`, filled from the timeline; a person
/// edits and publishes it. `nextUpdate` is when the next update is due.
QString statusUpdateDraft(Audience audience, const IncidentRecord &record, const QList<AuditEvent> &events,
                          const QList<Evidence> &evidence, const QDateTime &now, const QDateTime &nextUpdate = {});

} // namespace warroom
