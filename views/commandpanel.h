#pragma once

#include "consoleuser.h"

#include <QDateTime>
#include <QFrame>
#include <QJsonObject>

class QLabel;
class QPushButton;

namespace warroom {

class ApiClient;

/// The incident command at the top of the Overview: commander, comms lead
/// and scribe ("no commander" in red for a declared major incident without
/// one), declared against proposed severity, who acknowledged and when, when
/// the impact was mitigated, the tasks that are blocked or overdue; and the
/// actions: Acknowledge, Declare severity…, Assign roles…, Mitigated…. Each
/// button names the incident it acts on and is offered only to the roles
/// the coordinator allows it for; every dialog asks for what the command
/// needs before it can be sent.
class CommandPanel final : public QFrame
{
    Q_OBJECT

public:
    explicit CommandPanel(ApiClient &client, QWidget *parent = nullptr);

    /// Shows an incident's command as GET /api/v1/incidents/{id} answers it ({} clears).
    void setWorkflow(const QJsonObject &workflow);
    void setUser(const ConsoleUser &user);
    /// The clock tasks are judged against (tests; invalid: the current time).
    void setNow(const QDateTime &now) { m_now = now; }

    QPushButton *acknowledgeButton() const { return m_acknowledge; }
    QPushButton *severityButton() const { return m_severity; }
    QPushButton *rolesButton() const { return m_roles; }
    QPushButton *mitigateButton() const { return m_mitigate; }
    QLabel *messageLabel() const { return m_message; }
    /// The text of the command's fields, for tests: "commander", "comms_lead",
    /// "scribe", "severity", "acknowledged", "mitigated", "tasks".
    QString fieldText(const QString &field) const;

Q_SIGNALS:
    /// A command was sent and answered (`workflow` is the new workflow when it succeeded).
    void commandAnswered(const QString &command, int httpStatus, const QJsonObject &workflow);

private:
    void render();
    void acknowledge();
    void declareSeverity();
    void assignRoles();
    void markMitigated();
    void send(const QString &command, const QString &path, const QJsonObject &body, const QString &done);

    ApiClient &m_client;
    QJsonObject m_workflow;
    ConsoleUser m_user;
    QDateTime m_now;
    QLabel *m_commander = nullptr;
    QLabel *m_commsLead = nullptr;
    QLabel *m_scribe = nullptr;
    QLabel *m_severityText = nullptr;
    QLabel *m_acknowledged = nullptr;
    QLabel *m_mitigated = nullptr;
    QLabel *m_tasks = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QPushButton *m_severity = nullptr;
    QPushButton *m_roles = nullptr;
    QPushButton *m_mitigate = nullptr;
};

} // namespace warroom
