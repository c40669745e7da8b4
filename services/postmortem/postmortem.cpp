#include "postmortem.h"

#include "pdfwriter.h"

#include "jsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

QString hhmm(const QDateTime &t)
{
    return t.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u" UTC"_s;
}

QString shortTime(const QDateTime &t)
{
    return t.toUTC().toString(u"HH:mm"_s);
}

QString durationText(qint64 seconds)
{
    if (seconds < 0)
        return u"unknown"_s;
    const qint64 h = seconds / 3600, m = (seconds % 3600) / 60;
    return h > 0 ? u"%1 h %2 min"_s.arg(h).arg(m) : u"%1 min"_s.arg(m);
}

/// Markdown table cells: no pipes or line breaks.
QString cell(QString text)
{
    return text.replace(u'|', u"\\|"_s).replace(u'\n', u' ');
}

QDateTime firstEvent(const QList<AuditEvent> &events, const QString &type)
{
    for (const AuditEvent &e : events)
        if (e.type == type)
            return e.time;
    return {};
}

QList<AuditEvent> sorted(QList<AuditEvent> events)
{
    std::stable_sort(events.begin(), events.end(), [](const AuditEvent &a, const AuditEvent &b) {
        return a.time == b.time ? a.seq < b.seq : a.time < b.time;
    });
    return events;
}

} // namespace

QJsonObject TimelineEntry::toJson() const
{
    return {{u"at"_s, at.toUTC().toString(Qt::ISODateWithMs)},
            {u"kind"_s, kind},
            {u"source"_s, source},
            {u"actor"_s, actor},
            {u"text"_s, text}};
}

QString blameless(const QString &text, QStringList *changes)
{
    struct Rule
    {
        QRegularExpression pattern;
        QString replacement;
    };
    static const QList<Rule> rules = {
        {QRegularExpression(u"\\bhuman errors?\\b"_s, QRegularExpression::CaseInsensitiveOption),
         u"a gap in our tooling or process"_s},
        {QRegularExpression(u"\\boperator errors?\\b"_s, QRegularExpression::CaseInsensitiveOption),
         u"a gap in our tooling or process"_s},
        {QRegularExpression(u"\\b(?:it was )?(\\w+)'s fault\\b"_s, QRegularExpression::CaseInsensitiveOption),
         u"a contributing factor"_s},
        {QRegularExpression(u"\\b(?:was |were )?careless(?:ly|ness)?\\b"_s, QRegularExpression::CaseInsensitiveOption),
         u"without a safeguard"_s},
        {QRegularExpression(u"\\bshould have known\\b"_s, QRegularExpression::CaseInsensitiveOption),
         u"had no signal that showed"_s},
        {QRegularExpression(u"\\b(?:to )?blame[sd]?\\b"_s, QRegularExpression::CaseInsensitiveOption),
         u"contributing"_s},
        {QRegularExpression(u"\\bnegligen(?:t|ce)\\b"_s, QRegularExpression::CaseInsensitiveOption), u"unguarded"_s},
    };
    QString out = text;
    for (const Rule &rule : rules) {
        QRegularExpressionMatchIterator it = rule.pattern.globalMatch(out);
        bool matched = false;
        while (it.hasNext()) {
            const QString found = it.next().captured(0);
            if (changes)
                changes->append(u"\"%1\" -> \"%2\""_s.arg(found, rule.replacement));
            matched = true;
        }
        if (matched)
            out.replace(rule.pattern, rule.replacement);
    }
    return out;
}

bool isDecision(const QString &type)
{
    static const QStringList decisions = {u"incident.promoted"_s,       u"incident.demoted"_s,
                                          u"plan.submitted"_s,          u"step.approved"_s,
                                          u"step.rejected"_s,           u"step.skipped"_s,
                                          u"step.rollback_requested"_s, u"incident.escalated"_s,
                                          u"incident.resolved"_s,       u"incident.closed"_s,
                                          u"incident.assigned"_s,       u"freeze.enabled"_s,
                                          u"freeze.lifted"_s,           u"status.published"_s,
                                          u"incident.roles_assigned"_s, u"incident.severity_declared"_s,
                                          u"incident.mitigated"_s,      u"incident.acknowledged"_s};
    return decisions.contains(type);
}

TimelineEntry describe(const AuditEvent &e)
{
    const QJsonObject p = e.payloadObject();
    TimelineEntry t;
    t.at = e.time;
    t.actor = e.actor;
    t.source = u"audit #%1 %2"_s.arg(e.seq).arg(e.type);
    t.kind = isDecision(e.type) ? u"decision"_s : u"event"_s;
    const auto str = [&p](const QString &key) { return p.value(key).toString(); };
    const QJsonObject approval = p.value(u"approval"_s).toObject();
    if (e.type == u"incident.created"_s) {
        t.text = u"Incident reported: %1"_s.arg(str(u"title"_s).isEmpty()
                                                    ? p.value(u"incident"_s).toObject().value(u"title"_s).toString()
                                                    : str(u"title"_s));
    } else if (e.type == u"incident.triaged"_s) {
        const QJsonObject c = p.value(u"classification"_s).toObject();
        t.text = u"Triage classified it as %1, severity %2 (confidence %3)"_s
                     .arg(c.value(u"category"_s).toString(), c.value(u"severity"_s).toString())
                     .arg(c.value(u"confidence"_s).toDouble(), 0, 'f', 2);
    } else if (e.type == u"incident.promoted"_s) {
        t.text = u"Declared a major incident: %1"_s.arg(str(u"reason"_s));
    } else if (e.type == u"incident.demoted"_s) {
        t.text = u"Major-incident status rejected: %1"_s.arg(str(u"reason"_s));
    } else if (e.type == u"incident.assigned"_s) {
        t.text = u"Ownership given to %1"_s.arg(str(u"owner"_s));
    } else if (e.type == u"plan.proposed"_s) {
        t.text = u"Plan proposed: %1"_s.arg(p.value(u"plan"_s).toObject().value(u"summary"_s).toString());
    } else if (e.type == u"plan.submitted"_s) {
        t.text = u"Plan submitted for approval (%1 steps)"_s.arg(p.value(u"steps"_s).toInt());
    } else if (e.type == u"step.approved"_s) {
        t.text = u"Approved step %1%2"_s.arg(approval.value(u"step"_s).toString(),
                                             approval.value(u"comment"_s).toString().isEmpty()
                                                 ? QString()
                                                 : u": "_s + approval.value(u"comment"_s).toString());
    } else if (e.type == u"step.rejected"_s) {
        t.text = u"Rejected step %1: %2"_s.arg(approval.value(u"step"_s).toString(),
                                               approval.value(u"comment"_s).toString());
    } else if (e.type == u"step.started"_s) {
        t.text = u"Started step %1"_s.arg(str(u"step"_s));
    } else if (e.type == u"step.finished"_s) {
        t.text = u"Step %1 %2: %3"_s.arg(
            str(u"step"_s), p.value(u"succeeded"_s).toBool() ? u"succeeded"_s : u"failed"_s, str(u"summary"_s));
    } else if (e.type == u"step.skipped"_s) {
        t.text = u"Skipped step %1: %2"_s.arg(str(u"step"_s), str(u"reason"_s));
    } else if (e.type == u"step.rollback_requested"_s) {
        // The payload's step is the new rollback step; `reverses` the one it undoes.
        t.text = u"Rollback %1 requested for step %2"_s.arg(p.value(u"step"_s).toObject().value(u"id"_s).toString(),
                                                            str(u"reverses"_s));
    } else if (e.type == u"evidence.added"_s) {
        const QJsonObject ev = p.value(u"evidence"_s).toObject();
        t.kind = u"evidence"_s;
        t.text = u"Evidence kept: %1"_s.arg(ev.isEmpty() ? str(u"title"_s) : ev.value(u"title"_s).toString());
    } else if (e.type == u"incident.escalated"_s) {
        t.text = u"Escalated: %1"_s.arg(str(u"reason"_s));
    } else if (e.type == u"incident.resolved"_s) {
        t.text = u"Resolved: %1"_s.arg(str(u"summary"_s));
    } else if (e.type == u"incident.closed"_s) {
        t.text = u"Closed: %1"_s.arg(str(u"summary"_s));
    } else if (e.type == u"notification.delivered"_s || e.type == u"notification.failed"_s) {
        t.text = u"Notification via %1 %2"_s.arg(
            str(u"channel"_s), e.type.endsWith(u"delivered"_s) ? u"delivered"_s : u"failed: "_s + str(u"error"_s));
    } else if (e.type == u"status.published"_s) {
        t.text = u"Status update published for %1"_s.arg(str(u"audience"_s));
    } else if (e.type == u"incident.roles_assigned"_s) {
        QStringList parts;
        for (const QString &role : {u"commander"_s, u"comms_lead"_s, u"scribe"_s}) {
            const QJsonObject change = p.value(role).toObject();
            if (!change.isEmpty()) {
                const QString to = change.value(u"to"_s).toString();
                parts.append(u"%1 %2"_s.arg(QString(role).replace(u'_', u' '), to.isEmpty() ? u"unassigned"_s : to));
            }
        }
        t.text = u"Incident command: "_s + parts.join(u", "_s);
    } else if (e.type == u"incident.acknowledged"_s) {
        t.text = u"Acknowledged"_s + (str(u"note"_s).isEmpty() ? QString() : u": "_s + str(u"note"_s));
    } else if (e.type == u"incident.severity_declared"_s) {
        t.text = u"Severity declared %1 (triage proposed %2)%3"_s.arg(
            str(u"severity"_s), str(u"proposed"_s),
            str(u"reason"_s).isEmpty() ? QString() : u": "_s + str(u"reason"_s));
    } else if (e.type == u"incident.mitigated"_s) {
        t.text = u"Impact mitigated: %1"_s.arg(str(u"summary"_s));
    } else if (e.type == u"task.blocked"_s) {
        t.text = u"Task %1 blocked: %2"_s.arg(str(u"step"_s), str(u"reason"_s));
    } else if (e.type == u"task.unblocked"_s) {
        t.text = u"Task %1 unblocked"_s.arg(str(u"step"_s));
    } else if (e.type == u"task.escalated"_s) {
        t.text = u"Task %1 (%2) %3, escalated to %4"_s.arg(
            str(u"step"_s), str(u"title"_s),
            str(u"reason"_s) == "overdue"_L1 ? u"overdue since "_s + str(u"due_at"_s) : u"blocked"_s,
            str(u"to"_s).isEmpty() ? u"the MIM on duty"_s : str(u"to"_s));
    } else if (e.type == u"postmortem.updated"_s) {
        t.text = u"Postmortem notes updated"_s;
    } else if (e.type == u"incident.linked"_s) {
        t.text = u"Linked to %1 %2"_s.arg(str(u"system"_s), str(u"ref"_s));
    } else if (e.type == u"command.refused"_s) {
        // What the coordinator would not do, and why (the gate held): not who tried.
        t.text = u"Refused by the coordinator: %1 (%2)"_s.arg(str(u"command"_s), str(u"reason"_s));
    } else if (e.type == u"plan.refused"_s) {
        t.text = u"Plan from %1 refused by policy: %2"_s.arg(str(u"source"_s), str(u"reason"_s));
    } else if (e.type == u"step.added"_s) {
        const QJsonObject s = p.value(u"step"_s).toObject();
        t.text = u"Step %1 added: %2"_s.arg(s.value(u"id"_s).toString(), s.value(u"title"_s).toString());
    } else if (e.type == u"step.edited"_s) {
        t.text = u"Step %1 changed (its approvals start again)"_s.arg(
            str(u"step"_s).isEmpty() ? p.value(u"step"_s).toObject().value(u"id"_s).toString() : str(u"step"_s));
    } else if (e.type == u"execution.refused"_s) {
        t.text = u"Step %1 not run: %2"_s.arg(str(u"step"_s), str(u"reason"_s));
    } else if (e.type == u"execution.aborted"_s) {
        t.text = u"Run %1 of step %2 aborted: %3"_s.arg(str(u"run"_s), str(u"step"_s), str(u"reason"_s));
    } else if (e.type == u"execution.finished"_s) {
        t.text = u"Run of step %1 finished: %2"_s.arg(str(u"step"_s),
                                                      p.value(u"run"_s).toObject().value(u"outcome"_s).toString());
    } else if (e.type == u"incident.source_resolved"_s) {
        t.text = u"The source reported it resolved"_s;
    } else if (e.type == u"incident.source_acknowledged"_s) {
        t.text = u"The source reported it acknowledged"_s;
    } else if (e.type == u"incident.reopened"_s) {
        t.text = u"The source reported it again: reopened"_s;
    } else if (e.type == u"incident.correlated"_s || e.type == u"incident.updated"_s) {
        t.text = u"The source reported it again"_s;
    } else if (e.type == u"triage.skipped"_s) {
        t.text = u"Triage skipped: %1"_s.arg(str(u"reason"_s));
    } else if (e.type == u"llm.analysis"_s) {
        t.text = p.value(u"refined"_s).toBool() ? u"The language model's advice refined the analysis (advisory)"_s
                                                : u"The language model's advice was not taken"_s;
        if (const QJsonArray flags = p.value(u"flags"_s).toArray(); !flags.isEmpty())
            t.text += u"; flagged: %1"_s.arg(flags.first().toString());
    } else if (e.type == u"remediation.llm_failed"_s) {
        t.text = u"The language model drafted no remediation: %1"_s.arg(str(u"error"_s));
    } else if (e.type.startsWith(u"remediation."_s)) {
        const QString what = e.type.mid(12);
        t.text = u"Remediation draft %1 %2"_s.arg(str(u"draft"_s), what);
        if (what == u"validated"_s)
            t.text += p.value(u"passed"_s).toBool() ? u": passed"_s : u": failed"_s;
    } else {
        t.text = e.type + (p.isEmpty() ? QString() : u" "_s + QString::fromUtf8(e.payload.left(160)));
    }
    t.text = t.text.trimmed();
    if (t.text.endsWith(u':'))
        t.text.chop(1);
    return t;
}

Postmortem Postmortem::build(const PostmortemInput &in)
{
    Postmortem pm;
    const Incident &inc = in.record.incident;
    pm.incidentKey = inc.key();
    pm.title = u"Postmortem: %1 %2"_s.arg(inc.key(), inc.title);
    pm.author = in.author;
    pm.generatedAt = in.generatedAt.isValid() ? in.generatedAt : QDateTime::currentDateTimeUtc();
    pm.approvals = in.record.approvals;
    pm.evidence = in.evidence;
    pm.actions = in.actions;

    const QList<AuditEvent> events = sorted(in.events);
    int repeats = 0;
    QDateTime lastRepeat;
    const auto sayRepeats = [&] {
        if (repeats > 0)
            pm.timeline.last().text
                += u" (%1 times, the last at %2)"_s.arg(repeats + 1).arg(lastRepeat.toUTC().toString(u"HH:mm:ss"_s));
        repeats = 0;
    };
    for (const AuditEvent &e : events) {
        TimelineEntry t = describe(e);
        t.text = blameless(t.text, &pm.reworded);
        // The same thing said again right after (a source re-sending an alert,
        // triage re-run, a refused click repeated): one line with the count.
        if (!pm.timeline.isEmpty() && t.kind != u"decision"_s && pm.timeline.last().text == t.text
            && pm.timeline.last().actor == t.actor && pm.timeline.last().kind == t.kind) {
            ++repeats;
            lastRepeat = t.at;
            continue;
        }
        sayRepeats();
        pm.timeline.append(t);
        if (t.kind == u"decision"_s)
            pm.decisions.append(t);
    }
    sayRepeats();
    for (const ExecutionRun &run : in.record.runs) {
        for (const ExecutionPhase &phase : run.phases) {
            TimelineEntry t;
            t.at = phase.startedAt.isValid() ? phase.startedAt : run.startedAt;
            t.kind = u"run"_s;
            t.source = u"run %1 phase %2"_s.arg(run.id, phase.name);
            t.actor = u"warroom"_s;
            t.text = u"%1 of step %2 (%3 mode, %4): %5, exit %6"_s
                         .arg(phase.name, run.stepId, run.mode, run.environment, phase.outcome)
                         .arg(phase.exitCode);
            pm.timeline.append(t);
        }
    }
    std::stable_sort(pm.timeline.begin(), pm.timeline.end(),
                     [](const TimelineEntry &a, const TimelineEntry &b) { return a.at < b.at; });

    const QDateTime start = inc.createdAt;
    // Resolved by a person, or by the plan's last validation.
    QDateTime resolved = inc.resolvedAt.isValid() ? inc.resolvedAt : firstEvent(events, u"incident.resolved"_s);
    const QDateTime declared = firstEvent(events, u"incident.promoted"_s);
    int succeeded = 0, failed = 0;
    for (const PlanStep &s : in.record.plan.steps) {
        succeeded += s.state == StepState::Succeeded;
        failed += s.state == StepState::Failed;
    }
    QString severity = toString(inc.severity);
    if (inc.severity == Severity::Unknown)
        severity = in.record.classification && in.record.classification->severity != Severity::Unknown
            ? u"severity not declared, triage proposed %1"_s.arg(toString(in.record.classification->severity))
            : u"severity not declared"_s;
    QString summary = u"%1 (%2, service %3) was reported at %4 via %5."_s.arg(
        inc.key(), severity, inc.service.isEmpty() ? u"unknown"_s : inc.service, hhmm(start), inc.source);
    if (declared.isValid())
        summary += u" It was declared a major incident at %1."_s.arg(hhmm(declared));
    if (!in.record.plan.isEmpty())
        summary += u" The response plan had %1 steps: %2 succeeded, %3 failed; %4 approvals were given."_s
                       .arg(in.record.plan.steps.size())
                       .arg(succeeded)
                       .arg(failed)
                       .arg(std::count_if(in.record.approvals.begin(), in.record.approvals.end(),
                                          [](const Approval &a) { return a.decision == Decision::Approve; }));
    if (!inc.commander.isEmpty())
        summary += u" Incident commander: %1%2%3."_s.arg(
            inc.commander, inc.commsLead.isEmpty() ? QString() : u"; comms lead: "_s + inc.commsLead,
            inc.scribe.isEmpty() ? QString() : u"; scribe: "_s + inc.scribe);
    if (inc.acknowledgedAt.isValid())
        summary
            += u" It was acknowledged %1 after it was reported"_s.arg(durationText(start.secsTo(inc.acknowledgedAt)));
    if (inc.mitigatedAt.isValid())
        summary += u"%1the impact was mitigated %2 after it was reported"_s.arg(
            inc.acknowledgedAt.isValid() ? u"; "_s : u" "_s, durationText(start.secsTo(inc.mitigatedAt)));
    if (inc.acknowledgedAt.isValid() || inc.mitigatedAt.isValid())
        summary += u"."_s;
    if (resolved.isValid())
        summary += u" It was resolved at %1, %2 after it was reported."_s.arg(hhmm(resolved),
                                                                              durationText(start.secsTo(resolved)));
    else
        summary += u" It is not resolved yet."_s;
    pm.summary = blameless(summary, &pm.reworded);

    pm.impact = in.impact.isEmpty()
        ? u"%1 was affected (%2). %3"_s.arg(inc.service.isEmpty() ? u"An unnamed service"_s : inc.service,
                                            toString(inc.severity), inc.description)
        : in.impact;
    pm.impact = blameless(pm.impact.trimmed(), &pm.reworded);

    static const QStringList prompts = {u"Why did the service fail? (the direct technical cause)"_s,
                                        u"Why did that happen? (the condition that allowed it)"_s,
                                        u"Why was that condition present? (process or design)"_s,
                                        u"Why did no safeguard catch it earlier? (detection, tests, reviews)"_s,
                                        u"Why was the safeguard missing? (the systemic root)"_s};
    for (int i = 0; i < 5; ++i) {
        const QString answer = in.whys.value(i).trimmed();
        pm.whys.append(answer.isEmpty() ? u"_To answer:_ "_s + prompts[i] : blameless(answer, &pm.reworded));
    }
    pm.rootCause = in.rootCause.trimmed().isEmpty() ? u"_To be agreed in the review (see the five whys)._"_s
                                                    : blameless(in.rootCause.trimmed(), &pm.reworded);
    return pm;
}

QString Postmortem::toMarkdown() const
{
    QString md;
    md += u"# "_s + title + u"\n\n"_s;
    md += u"_Generated %1%2 from the warroom timeline. Blameless: this document describes systems and "_s
          u"decisions, not faults of people._\n\n"_s.arg(hhmm(generatedAt),
                                                         author.isEmpty() ? QString() : u" by "_s + author);
    md += u"## Summary\n\n"_s + summary + u"\n\n"_s;
    md += u"## Impact\n\n"_s + impact + u"\n\n"_s;
    md += u"## Timeline\n\n| Time (UTC) | Kind | Who | What | Source |\n|---|---|---|---|---|\n"_s;
    for (const TimelineEntry &t : timeline)
        md += u"| %1 | %2 | %3 | %4 | %5 |\n"_s.arg(t.at.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s), t.kind,
                                                    cell(t.actor), cell(t.text), cell(t.source));
    md += u"\n## Decisions\n\n"_s;
    if (decisions.isEmpty())
        md += u"No decisions were recorded.\n"_s;
    for (const TimelineEntry &t : decisions)
        md += u"- %1 — %2: %3 (%4)\n"_s.arg(hhmm(t.at), t.actor, t.text, t.source);
    md += u"\n## Approvals\n\n"_s;
    if (approvals.isEmpty())
        md += u"No approvals were given.\n"_s;
    for (const Approval &a : approvals)
        md += u"- %1 — %2 (%3) %4 step %5, content %6%7\n"_s.arg(
            hhmm(a.at), a.user, a.roles.join(u", "_s), a.decision == Decision::Approve ? u"approved"_s : u"rejected"_s,
            a.stepId, a.contentHash.left(12), a.comment.isEmpty() ? QString() : u": "_s + a.comment);
    md += u"\n## Evidence\n\n"_s;
    if (evidence.isEmpty())
        md += u"No evidence was kept.\n"_s;
    for (const Evidence &e : evidence)
        md += u"- Evidence #%1 (%2) %3 — step %4, sha256 %5, by %6 at %7\n"_s.arg(
            QString::number(e.id), e.kind, e.title, e.stepId.isEmpty() ? u"-"_s : e.stepId, e.sha256.left(16),
            e.createdBy, hhmm(e.createdAt));
    md += u"\n## Root cause analysis (five whys)\n\n"_s;
    for (int i = 0; i < whys.size(); ++i)
        md += u"%1. %2\n"_s.arg(i + 1).arg(whys[i]);
    md += u"\n**Root cause:** "_s + rootCause + u"\n\n"_s;
    md += u"## Corrective actions\n\n| Action | Owner | Due | Status | Ticket |\n|---|---|---|---|---|\n"_s;
    for (const CorrectiveAction &a : actions)
        md += u"| %1 | %2 | %3 | %4 | %5 |\n"_s.arg(
            cell(a.title), cell(a.owner.isEmpty() ? u"_unassigned_"_s : a.owner),
            a.due.isValid() ? a.due.toString(Qt::ISODate) : u"_no date_"_s, a.status, cell(a.ticket));
    if (actions.isEmpty())
        md += u"| _none yet_ | | | | |\n"_s;
    return md;
}

QByteArray Postmortem::toPdf() const
{
    PdfWriter pdf;
    pdf.setTitle(title);
    using S = PdfWriter::Style;
    pdf.addParagraph(title, S::Title);
    pdf.addParagraph(
        u"Generated %1 from the warroom timeline. Blameless: this document describes systems and decisions, "_s
        u"not faults of people."_s.arg(hhmm(generatedAt)));
    pdf.addParagraph({});
    pdf.addParagraph(u"Summary"_s, S::Heading);
    pdf.addParagraph(summary);
    pdf.addParagraph(u"Impact"_s, S::Heading);
    pdf.addParagraph(impact);
    pdf.addParagraph(u"Timeline"_s, S::Heading);
    for (const TimelineEntry &t : timeline)
        pdf.addParagraph(u"%1  [%2] %3: %4  (%5)"_s.arg(t.at.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s), t.kind,
                                                        t.actor, t.text, t.source));
    pdf.addParagraph(u"Decisions"_s, S::Heading);
    for (const TimelineEntry &t : decisions)
        pdf.addParagraph(u"\u2022 %1 \u2014 %2: %3"_s.arg(hhmm(t.at), t.actor, t.text), S::Body, 10);
    pdf.addParagraph(u"Approvals"_s, S::Heading);
    for (const Approval &a : approvals)
        pdf.addParagraph(u"\u2022 %1 \u2014 %2 (%3) %4 step %5 (content %6)%7"_s.arg(
                             hhmm(a.at), a.user, a.roles.join(u", "_s),
                             a.decision == Decision::Approve ? u"approved"_s : u"rejected"_s, a.stepId,
                             a.contentHash.left(12), a.comment.isEmpty() ? QString() : u": "_s + a.comment),
                         S::Body, 10);
    pdf.addParagraph(u"Evidence"_s, S::Heading);
    for (const Evidence &e : evidence)
        pdf.addParagraph(
            u"\u2022 Evidence #%1 (%2) %3, sha256 %4"_s.arg(QString::number(e.id), e.kind, e.title, e.sha256.left(16)),
            S::Body, 10);
    pdf.addParagraph(u"Root cause analysis (five whys)"_s, S::Heading);
    for (int i = 0; i < whys.size(); ++i)
        pdf.addParagraph(u"%1. %2"_s.arg(i + 1).arg(QString(whys[i]).remove(u'_')), S::Body, 10);
    pdf.addParagraph(u"Root cause: "_s + QString(rootCause).remove(u'_'));
    pdf.addParagraph(u"Corrective actions"_s, S::Heading);
    for (const CorrectiveAction &a : actions)
        pdf.addParagraph(u"\u2022 %1 \u2014 owner %2, due %3, %4"_s.arg(a.title,
                                                                        a.owner.isEmpty() ? u"unassigned"_s : a.owner,
                                                                        a.due.toString(Qt::ISODate), a.status),
                         S::Body, 10);
    return pdf.finish();
}

QJsonObject Postmortem::toJson() const
{
    QJsonArray tl, dec, ev, act, ap;
    for (const TimelineEntry &t : timeline)
        tl.append(t.toJson());
    for (const TimelineEntry &t : decisions)
        dec.append(t.toJson());
    for (const Evidence &e : evidence)
        ev.append(e.toJson());
    for (const CorrectiveAction &a : actions)
        act.append(a.toJson());
    for (const Approval &a : approvals)
        ap.append(a.toJson());
    return {{u"incident"_s, incidentKey},
            {u"title"_s, title},
            {u"summary"_s, summary},
            {u"impact"_s, impact},
            {u"timeline"_s, tl},
            {u"decisions"_s, dec},
            {u"approvals"_s, ap},
            {u"evidence"_s, ev},
            {u"whys"_s, QJsonArray::fromStringList(whys)},
            {u"root_cause"_s, rootCause},
            {u"actions"_s, act},
            {u"reworded"_s, QJsonArray::fromStringList(reworded)},
            {u"author"_s, author},
            {u"generated_at"_s, generatedAt.toUTC().toString(Qt::ISODateWithMs)}};
}

// ---------------------------------------------------------------- read-in

ReadIn readIn(const IncidentRecord &record, const QList<AuditEvent> &events, const QDateTime &now)
{
    ReadIn r;
    r.generatedAt = now.isValid() ? now : QDateTime::currentDateTimeUtc();
    const Incident &inc = record.incident;
    const QList<AuditEvent> ordered = sorted(events);
    r.whatHappened = u"%1: %2. Reported %3 via %4; service %5; severity %6; state %7."_s.arg(
        inc.key(), inc.title, hhmm(inc.createdAt), inc.source, inc.service.isEmpty() ? u"unknown"_s : inc.service,
        toString(inc.severity), toString(inc.state));
    if (record.classification)
        r.whatHappened += u" Triage: %1."_s.arg(record.classification->category);
    if (!inc.description.isEmpty())
        r.whatHappened += u" "_s + inc.description;
    for (const AuditEvent &e : ordered) {
        if (!isDecision(e.type))
            continue;
        const TimelineEntry t = describe(e);
        r.decided.append(u"%1 %2: %3"_s.arg(shortTime(t.at), t.actor, t.text));
    }
    // What ran and how it went, in plan order: a late joiner must see a failed change or validation.
    for (const PlanStep &s : record.plan.steps) {
        const QString result = s.resultSummary.trimmed().isEmpty() ? QString() : u": "_s + s.resultSummary.trimmed();
        const QString at = s.finishedAt.isValid() ? u" at "_s + shortTime(s.finishedAt) : QString();
        if (s.state == StepState::Failed)
            r.done.append(u"step %1 (%2) FAILED%3%4"_s.arg(s.id, s.title, at, result));
        else if (s.state == StepState::Succeeded)
            r.done.append(u"step %1 (%2) succeeded%3%4"_s.arg(s.id, s.title, at, result));
        else if (s.state == StepState::Skipped)
            r.done.append(u"step %1 (%2) skipped%3"_s.arg(s.id, s.title, result));
    }
    for (const PlanStep &s : record.plan.steps) {
        if (s.state == StepState::Running)
            r.running.append(u"step %1 (%2) running since %3"_s.arg(s.id, s.title, shortTime(s.startedAt)));
        else if (s.state == StepState::Pending)
            r.running.append(u"step %1 (%2) waiting%3"_s.arg(s.id, s.title,
                                                             s.kind == StepKind::Manual ? u" (manual)"_s : QString()));
        if (s.blocked)
            r.running.append(u"task %1 BLOCKED: %2"_s.arg(s.id, s.blockedReason));
        else if (s.isOpenTask() && s.dueAt.isValid() && s.dueAt <= r.generatedAt)
            r.running.append(u"task %1 OVERDUE since %2"_s.arg(s.id, shortTime(s.dueAt)));
    }
    if (inc.major == "declared"_L1 || !inc.commander.isEmpty())
        r.owners.append(u"incident commander: %1"_s.arg(inc.commander.isEmpty() ? u"NOT ASSIGNED"_s : inc.commander));
    if (!inc.commsLead.isEmpty())
        r.owners.append(u"comms lead: %1"_s.arg(inc.commsLead));
    if (!inc.scribe.isEmpty())
        r.owners.append(u"scribe: %1"_s.arg(inc.scribe));
    r.owners.append(u"incident: %1"_s.arg(inc.owner.isEmpty() ? u"nobody yet"_s : inc.owner));
    if (!inc.majorBy.isEmpty())
        r.owners.append(u"major-incident decision: %1"_s.arg(inc.majorBy));
    for (const PlanStep &s : record.plan.steps)
        if (!s.owner.isEmpty())
            r.owners.append(u"step %1 (%2): %3%4"_s.arg(
                s.id, s.title, s.owner, s.dueAt.isValid() ? u", due "_s + shortTime(s.dueAt) : QString()));
    return r;
}

QString ReadIn::toMarkdown() const
{
    QString md = u"## What happened\n\n"_s + whatHappened + u"\n\n## What was decided\n\n"_s;
    for (const QString &d : decided)
        md += u"- "_s + d + u'\n';
    if (decided.isEmpty())
        md += u"- nothing yet\n"_s;
    md += u"\n## What was done\n\n"_s;
    for (const QString &d : done)
        md += u"- "_s + d + u'\n';
    if (done.isEmpty())
        md += u"- nothing has run yet\n"_s;
    md += u"\n## What is running\n\n"_s;
    for (const QString &d : running)
        md += u"- "_s + d + u'\n';
    if (running.isEmpty())
        md += u"- nothing\n"_s;
    md += u"\n## Who owns what\n\n"_s;
    for (const QString &d : owners)
        md += u"- "_s + d + u'\n';
    return md;
}

QJsonObject ReadIn::toJson() const
{
    return {{u"generated_at"_s, toIsoTime(generatedAt)},         {u"what_happened"_s, whatHappened},
            {u"decided"_s, QJsonArray::fromStringList(decided)}, {u"done"_s, QJsonArray::fromStringList(done)},
            {u"running"_s, QJsonArray::fromStringList(running)}, {u"owners"_s, QJsonArray::fromStringList(owners)}};
}

// ---------------------------------------------------------------- status updates

QString toString(Audience audience)
{
    switch (audience) {
    case Audience::Internal: return u"internal"_s;
    case Audience::Executive: return u"executive"_s;
    case Audience::External: return u"external"_s;
    }
    return u"internal"_s;
}

std::optional<Audience> audienceFromString(const QString &name)
{
    for (Audience a : {Audience::Internal, Audience::Executive, Audience::External})
        if (toString(a) == name)
            return a;
    return std::nullopt;
}

QString statusUpdateDraft(Audience audience, const IncidentRecord &record, const QList<AuditEvent> &events,
                          const QList<Evidence> &evidence, const QDateTime &now, const QDateTime &nextUpdate)
{
    const Incident &inc = record.incident;
    const QList<AuditEvent> ordered = sorted(events);
    const QDateTime resolved = firstEvent(ordered, u"incident.resolved"_s);
    const bool isResolved = resolved.isValid();
    const QString service = inc.service.isEmpty() ? u"the affected service"_s : inc.service;
    const QString next = nextUpdate.isValid() ? u"Next update by %1."_s.arg(hhmm(nextUpdate)) : QString();
    QString t;
    switch (audience) {
    case Audience::Internal: {
        const ReadIn r = readIn(record, ordered);
        t += u"[%1] %2 status update (%3) — %4\n\n"_s.arg(toString(inc.severity).toUpper(), inc.key(), hhmm(now),
                                                          toString(inc.state));
        t += r.whatHappened + u"\n\nDecisions:\n"_s;
        for (const QString &d : r.decided)
            t += u"- "_s + d + u'\n';
        t += u"\nRunning / waiting:\n"_s;
        for (const QString &d : r.running)
            t += u"- "_s + d + u'\n';
        if (r.running.isEmpty())
            t += u"- nothing\n"_s;
        t += u"\nOwners:\n"_s;
        for (const QString &d : r.owners)
            t += u"- "_s + d + u'\n';
        t += u"\n"_s + next;
        break;
    }
    case Audience::Executive: {
        int done = 0, open = 0;
        for (const PlanStep &s : record.plan.steps) {
            if (s.state == StepState::Succeeded || s.state == StepState::Skipped)
                ++done;
            else if (s.state == StepState::Pending || s.state == StepState::Running)
                ++open;
        }
        t += u"%1 — %2 (%3)\n\n"_s.arg(inc.key(), inc.title, toString(inc.severity).toUpper());
        if (!isResolved && inc.mitigatedAt.isValid())
            t += u"Impact: %1 was affected from %2 until it was mitigated at %3 (%4).\n"_s.arg(
                service, hhmm(inc.createdAt), hhmm(inc.mitigatedAt),
                durationText(inc.createdAt.secsTo(inc.mitigatedAt)));
        else
            t += u"Impact: %1 is affected since %2 (%3 so far).\n"_s.arg(
                service, hhmm(inc.createdAt), durationText(inc.createdAt.secsTo(isResolved ? resolved : now)));
        t += u"Status: %1.\n"_s.arg(isResolved ? u"resolved at "_s + hhmm(resolved)
                                               : toString(inc.state).replace(u'_', u' '));
        t += u"Risk: %1.\n"_s.arg(inc.major == u"declared"_s
                                      ? u"major incident declared; the response is coordinated by "_s
                                          + (inc.owner.isEmpty() ? u"the duty MIM"_s : inc.owner)
                                      : u"handled by the on-call team"_s);
        t += u"Recovery: %1 of %2 plan steps done, %3 open. Estimated time to recovery: %4.\n"_s.arg(done)
                 .arg(record.plan.steps.size())
                 .arg(open)
                 .arg(StatusUpdate::kFillIn);
        t += next;
        break;
    }
    case Audience::External: {
        // For customers and regulators: the facts, the decisions that shaped
        // the response and the evidence kept; not who staffed it, the
        // approvers' notes or the playbooks' output. The impact in words is a
        // person's to write: the draft cannot be published until they do.
        t += u"Incident report %1 — %2\n\n"_s.arg(inc.key(), service);
        t += u"Customer impact: %1\n\n"_s.arg(StatusUpdate::kFillIn);
        t += u"Chronology (UTC):\n"_s;
        for (const AuditEvent &e : ordered) {
            if (e.type != u"incident.created"_s && !isDecision(e.type) && e.type != u"step.finished"_s
                && e.type != u"evidence.added"_s)
                continue;
            if (e.type == u"incident.assigned"_s || e.type == u"step.approved"_s || e.type == u"step.rejected"_s
                || e.type == u"incident.roles_assigned"_s)
                continue; // internal staffing and change approval are not for customers
            TimelineEntry entry = describe(e);
            if (e.type == u"step.finished"_s) {
                const QJsonObject p = e.payloadObject();
                const QString stepId = p.value(u"step"_s).toString();
                const PlanStep *step = record.plan.step(stepId);
                entry.text = u"Step %1%2 %3"_s.arg(stepId, step ? u" (%1)"_s.arg(step->title) : QString(),
                                                   p.value(u"succeeded"_s).toBool() ? u"succeeded"_s : u"failed"_s);
            }
            t += u"- %1 %2\n"_s.arg(hhmm(entry.at), blameless(entry.text));
        }
        t += u"\nEvidence retained: %1 item(s)"_s.arg(evidence.size());
        if (!evidence.isEmpty()) {
            QStringList kinds;
            for (const Evidence &e : evidence)
                kinds << u"%1 (sha256 %2)"_s.arg(e.title, e.sha256.left(12));
            t += u": "_s + kinds.join(u"; "_s);
        }
        t += u".\n"_s;
        if (isResolved)
            t += u"Service was restored at %1.\n"_s.arg(hhmm(resolved));
        else if (inc.mitigatedAt.isValid())
            t += u"The impact was mitigated at %1; we are monitoring until recovery is confirmed.\n"_s.arg(
                hhmm(inc.mitigatedAt));
        else
            t += u"We are working to restore service.\n"_s;
        t += next;
        break;
    }
    }
    return t.trimmed() + u'\n';
}

} // namespace warroom
