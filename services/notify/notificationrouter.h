#pragma once

#include "config.h"
#include "notifier.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSet>

namespace warroom {

class Coordinator;
struct IncidentRecord;

/// The channels the config describes (Slack, e-mail, Jira, webhooks), on a
/// dispatcher with the configured retries and breakers.
std::unique_ptr<NotificationDispatcher> makeDispatcher(const NotifySettings &settings, QNetworkAccessManager *nam,
                                                       QObject *parent = nullptr);

/// Decides who hears about what, from the commands the coordinator commits:
/// - a declared major incident (`incident.major`: Slack, e-mail, a Jira issue),
///   and its resolution (`incident.resolved`: a comment on that issue);
/// - the next step waiting for approval of a major or SEV1/SEV2 incident
///   (`step.approval_needed`, with Slack's Approve button), once per content;
/// - every published status update, to its audience's channels (`status.update`);
/// - overdue and blocked tasks, to the incident commander (`task.overdue`,
///   `task.blocked`), and people named to incident command (`command.assigned`).
/// Every delivery or failure is put on the incident's timeline.
class NotificationRouter final : public QObject
{
    Q_OBJECT
public:
    /// `emails`: user name -> address; `apiBase`: the daemon's own URL for links.
    NotificationRouter(Coordinator &coordinator, NotificationDispatcher &dispatcher, NotifySettings settings,
                       QHash<QString, QString> emails, QString apiBase, QObject *parent = nullptr);

    NotificationDispatcher &dispatcher() { return m_dispatcher; }

private:
    void handleCommand(const QString &type, const warroom::IncidentRecord &record, const QJsonObject &payload);
    Notification base(const IncidentRecord &record, const QString &event) const;
    void askForApproval(const IncidentRecord &record);
    bool wantsApprovals(const IncidentRecord &record) const;
    QStringList emailsOf(const QStringList &people) const;

    Coordinator &m_coordinator;
    NotificationDispatcher &m_dispatcher;
    NotifySettings m_settings;
    QHash<QString, QString> m_emails;
    QString m_apiBase;
    QSet<QString> m_asked; ///< "id:step:content-hash" already announced
};

} // namespace warroom
