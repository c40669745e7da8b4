#include "notificationrouter.h"

#include "coordinator.h"
#include "httpchannels.h"
#include "smtpchannel.h"

#include "jsonreader.h"
#include "workflow.h"

using namespace Qt::StringLiterals;

namespace warroom {

std::unique_ptr<NotificationDispatcher> makeDispatcher(const NotifySettings &s, QNetworkAccessManager *nam,
                                                       QObject *parent)
{
    RetryPolicy policy;
    policy.maxAttempts = s.maxAttempts;
    policy.baseDelayMs = s.baseDelayMs;
    policy.maxDelayMs = s.maxDelayMs;
    policy.timeoutMs = s.timeoutMs;
    policy.breakerThreshold = s.breakerThreshold;
    policy.breakerCooldownMs = s.breakerCooldownMs;
    auto dispatcher = std::make_unique<NotificationDispatcher>(policy, std::function<qint64()> {}, parent);
    if (!s.slack.webhookUrl.isEmpty() || (!s.slack.botToken.isEmpty() && !s.slack.channel.isEmpty())) {
        SlackChannel::Config c;
        c.webhookUrl = QUrl(s.slack.webhookUrl);
        c.apiBase = QUrl(s.slack.apiBase);
        c.botToken = s.slack.botToken;
        c.channel = s.slack.channel;
        dispatcher->addChannel(std::make_unique<SlackChannel>(nam, c));
    }
    if (!s.email.url.isEmpty()) {
        SmtpChannel::Config c;
        c.url = QUrl(s.email.url);
        c.user = s.email.user;
        c.password = s.email.password;
        c.from = s.email.from;
        c.to = s.email.to;
        c.caFile = s.email.caFile;
        dispatcher->addChannel(std::make_unique<SmtpChannel>(dispatcher.get(), c));
    }
    if (!s.jira.baseUrl.isEmpty()) {
        JiraChannel::Config c;
        c.baseUrl = QUrl(s.jira.baseUrl);
        c.user = s.jira.user;
        c.apiToken = s.jira.apiToken;
        c.projectKey = s.jira.projectKey;
        c.issueType = s.jira.issueType;
        dispatcher->addChannel(std::make_unique<JiraChannel>(nam, c));
    }
    for (const NotifySettings::Webhook &w : s.webhooks)
        dispatcher->addChannel(
            std::make_unique<WebhookChannel>(nam, WebhookChannel::Config {w.name, QUrl(w.url), w.secret.toUtf8()}));
    return dispatcher;
}

NotificationRouter::NotificationRouter(Coordinator &coordinator, NotificationDispatcher &dispatcher,
                                       NotifySettings settings, QHash<QString, QString> emails, QString apiBase,
                                       QObject *parent)
    : QObject(parent)
    , m_coordinator(coordinator)
    , m_dispatcher(dispatcher)
    , m_settings(std::move(settings))
    , m_emails(std::move(emails))
    , m_apiBase(std::move(apiBase))
{
    connect(&m_coordinator, &Coordinator::commandApplied, this, &NotificationRouter::handleCommand);
    connect(&m_dispatcher, &NotificationDispatcher::delivered, &m_coordinator, &Coordinator::recordDelivery);
}

Notification NotificationRouter::base(const IncidentRecord &record, const QString &event) const
{
    const Incident &i = record.incident;
    Notification n;
    n.event = event;
    n.incidentId = i.id;
    n.incidentKey = i.key();
    n.title = (i.drill.isEmpty() ? QString() : u"[DRILL] "_s) + i.title;
    Severity severity = i.severity;
    if (severity == Severity::Unknown && record.classification)
        severity = record.classification->severity;
    n.severity = severity == Severity::Unknown ? QString() : toString(severity);
    if (!m_settings.consoleUrl.isEmpty())
        n.url = m_settings.consoleUrl + u"/incidents/"_s + QString::number(i.id);
    else if (!m_apiBase.isEmpty())
        n.url = m_apiBase + u"/api/v1/audit?incident="_s + QString::number(i.id);
    n.externalRef = i.externalRefs.value(u"jira"_s).toString();
    return n;
}

QStringList NotificationRouter::emailsOf(const QStringList &people) const
{
    QStringList out;
    for (const QString &p : people) {
        const QString address = m_emails.value(p);
        if (!address.isEmpty() && !out.contains(address))
            out.append(address);
    }
    return out;
}

bool NotificationRouter::wantsApprovals(const IncidentRecord &record) const
{
    const Incident &i = record.incident;
    return i.major == "declared"_L1 || i.severity == Severity::Sev1 || i.severity == Severity::Sev2;
}

void NotificationRouter::askForApproval(const IncidentRecord &record)
{
    if (!wantsApprovals(record) || isTerminal(record.incident.state) || record.incident.state == IncidentState::Planned)
        return;
    const WorkflowContext ctx = m_coordinator.context();
    // The step the plan waits on: the first pending one whose earlier steps
    // are all done (a rollback waits on nothing but its own approvals).
    const PlanStep *next = nullptr;
    bool earlierOpen = false;
    for (const PlanStep &s : record.plan.steps) {
        if (s.state == StepState::Pending && (!earlierOpen || s.kind == StepKind::Rollback)) {
            next = &s;
            break;
        }
        if (s.kind != StepKind::Rollback && s.state != StepState::Succeeded && s.state != StepState::Skipped)
            earlierOpen = true;
    }
    if (!next)
        return;
    const ApprovalStatus status = approvalStatus(record, *next, ctx);
    if (status.satisfied())
        return;
    const QString key
        = u"%1:%2:%3:%4"_s.arg(record.incident.id).arg(next->id, next->contentHash()).arg(status.approvers.size());
    if (m_asked.contains(key))
        return;
    m_asked.insert(key);
    Notification n = base(record, u"step.approval_needed"_s);
    n.stepId = next->id;
    n.contentHash = next->contentHash();
    const int missing = status.needed - int(status.approvers.size());
    n.text = u"Step %1 waits for approval: %2\n%3 risk, %4%5. %6 more approval(s) needed from %7%8."_s
                 .arg(next->id, next->title, toString(next->risk),
                      next->playbookId.isEmpty() ? u"manual"_s : u"playbook "_s + next->playbookId,
                      next->environment.isEmpty() ? QString() : u" in "_s + next->environment)
                 .arg(missing)
                 .arg(approverRoles(*next).join(u" or "_s),
                      status.approvers.isEmpty() ? QString()
                                                 : u" (approved so far by "_s + status.approvers.join(u", "_s) + u')');
    m_dispatcher.send(n);
}

void NotificationRouter::handleCommand(const QString &type, const IncidentRecord &record, const QJsonObject &payload)
{
    const Incident &i = record.incident;
    if (type == "incident.promoted"_L1) {
        Notification n = base(record, u"incident.major"_s);
        n.text = u"Declared a major incident by %1: %2\nService %3, commander %4.%5"_s.arg(
            i.majorBy, i.majorReason.isEmpty() ? u"(no reason given)"_s : i.majorReason,
            i.service.isEmpty() ? u"unknown"_s : i.service, i.commander.isEmpty() ? u"not assigned"_s : i.commander,
            i.description.isEmpty() ? QString() : u"\n"_s + i.description.left(1000));
        n.recipients = emailsOf({i.commander});
        m_dispatcher.send(n);
        askForApproval(record);
        return;
    }
    if (type == "status.published"_L1) {
        Notification n = base(record, u"status.update"_s);
        const QString audience = payload.value(u"audience"_s).toString();
        n.title = u"Status update (%1): %2"_s.arg(audience, n.title);
        n.text = payload.value(u"text"_s).toString();
        m_dispatcher.send(n, m_settings.audiences.value(audience));
        return;
    }
    if (type == "task.escalated"_L1) {
        const bool overdue = payload.value(u"reason"_s).toString() == "overdue"_L1;
        Notification n = base(record, overdue ? u"task.overdue"_s : u"task.blocked"_s);
        n.text = u"Task %1 (%2), owner %3, is %4. Escalated to %5."_s.arg(
            payload.value(u"step"_s).toString(), payload.value(u"title"_s).toString(),
            payload.value(u"owner"_s).toString().isEmpty() ? u"nobody"_s : payload.value(u"owner"_s).toString(),
            overdue ? QString(u"overdue (due "_s + payload.value(u"due_at"_s).toString() + u')')
                    : QString(u"blocked: "_s + payload.value(u"blocked_reason"_s).toString()),
            i.commander.isEmpty() ? u"the MIM on duty (no commander assigned)"_s : i.commander);
        n.recipients = emailsOf({i.commander});
        m_dispatcher.send(n);
        return;
    }
    if (type == "incident.roles_assigned"_L1) {
        QStringList named;
        QStringList lines;
        for (const QString &role : {u"commander"_s, u"comms_lead"_s, u"scribe"_s}) {
            const QString to = payload.value(role).toObject().value(u"to"_s).toString();
            if (to.isEmpty())
                continue;
            named.append(to);
            lines.append(u"%1: %2"_s.arg(QString(role).replace(u'_', u' '), to));
        }
        if (named.isEmpty())
            return;
        Notification n = base(record, u"command.assigned"_s);
        n.text = u"Incident command for %1: %2"_s.arg(i.key(), lines.join(u"; "_s));
        n.recipients = emailsOf(named);
        m_dispatcher.send(n);
        return;
    }
    if (i.major == "declared"_L1
        && (type == "incident.resolved"_L1 || (type == "step.finished"_L1 && i.state == IncidentState::Resolved))) {
        Notification n = base(record, u"incident.resolved"_s);
        n.text = u"%1 is resolved%2."_s.arg(i.key(),
                                            payload.value(u"summary"_s).toString().isEmpty()
                                                ? QString()
                                                : u": "_s + payload.value(u"summary"_s).toString());
        m_dispatcher.send(n);
        return;
    }
    static const QStringList kPlanMoves {
        u"plan.submitted"_s, u"step.approved"_s,           u"step.finished"_s, u"step.added"_s,
        u"step.edited"_s,    u"step.rollback_requested"_s, u"step.skipped"_s,  u"incident.severity_declared"_s};
    if (kPlanMoves.contains(type))
        askForApproval(record);
}

} // namespace warroom
