#pragma once

#include "consoleuser.h"

#include <QJsonObject>
#include <QTabWidget>
#include <QTimer>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;

namespace warroom {

class ApiClient;
class AuditModel;
class CommandPanel;
class CommsPane;
class PostmortemPane;
class ReadInPane;
class EvidenceModel;
class HoldButton;
class PlanStepsModel;

/// The selected incident in seven tabs: Overview (the incident command with
/// its actions, analysis, reasons, knowledge opened in place, similar
/// incidents), Plan (steps, the press-and-hold approval gate, people's tasks
/// with owner and due time, blocked and overdue ones highlighted), Evidence
/// (runs, phases, tasks, output, diffs; live), Timeline (audit events and
/// the chain verification), Read-in (live), Comms (status updates) and
/// Postmortem (export, notes).
class IncidentDetail final : public QTabWidget
{
    Q_OBJECT

public:
    enum Tab { OverviewTab, PlanTab, EvidenceTab, TimelineTab, ReadInTab, CommsTab, PostmortemTab, TabCount };

    explicit IncidentDetail(ApiClient &client, QWidget *parent = nullptr);

    /// Loads an incident (0 clears).
    void setIncident(qint64 id);
    qint64 incidentId() const { return m_id; }
    /// Loads the current incident again (after a change event).
    void reload();
    /// Renders a workflow as GET /api/v1/incidents/{id} answers it.
    void showWorkflow(const QJsonObject &workflow);
    /// A live event of the /ws stream for any incident.
    void handleEvent(const QJsonObject &event);
    /// Who is signed in: the gate is off for steps they already approved.
    void setUserName(const QString &name);
    /// Who is signed in with their roles: actions are offered to the roles that may take them.
    void setUser(const ConsoleUser &user);
    /// The clock tasks are judged against (tests; invalid: the current time).
    void setNow(const QDateTime &now);

    PlanStepsModel *planModel() const { return m_planModel; }
    QTableView *planView() const { return m_planView; }
    HoldButton *approveButton() const { return m_approve; }
    QPushButton *rejectButton() const { return m_reject; }
    QPushButton *rollbackButton() const { return m_rollback; }
    QPushButton *blockButton() const { return m_block; }
    CommandPanel *commandPanel() const { return m_command; }
    ReadInPane *readInPane() const { return m_readIn; }
    CommsPane *commsPane() const { return m_comms; }
    PostmortemPane *postmortemPane() const { return m_postmortem; }
    QTextBrowser *stepDetailView() const { return m_stepDetail; }
    EvidenceModel *evidenceModel() const { return m_evidenceModel; }
    QTableView *evidenceView() const { return m_evidenceView; }
    AuditModel *auditModel() const { return m_auditModel; }
    QLabel *chainLabel() const { return m_chain; }
    QLabel *planMessage() const { return m_planMessage; }
    QTextBrowser *articleView() const { return m_article; }
    QTextBrowser *overviewView() const { return m_overview; }
    QString selectedStep() const;
    /// False when the plan shown has no such step.
    bool selectStep(const QString &stepId);

Q_SIGNALS:
    /// A decision was sent and the server answered (ok or not).
    void decisionAnswered(const QString &step, int httpStatus);
    /// A task was blocked or unblocked and the server answered.
    void taskAnswered(const QString &step, int httpStatus);

private:
    QWidget *buildOverview();
    QWidget *buildPlan();
    QWidget *buildEvidence();
    QWidget *buildTimeline();
    void renderOverview();
    void renderStepDetail();
    void renderEvidenceSelection();
    void renderEvidenceSummary();
    /// Whether a step of the shown plan is a diagnosis (its failed probe is a finding).
    bool isDiagnosis(const QString &stepId) const;
    void loadTimeline();
    void openArticle(const QUrl &url);
    void bindHold();
    void checkHold();
    void approveHeld();
    void rejectSelected();
    void rollbackSelected();
    void blockSelected();

    ApiClient &m_client;
    qint64 m_id = 0;
    qint64 m_planFor = -1; ///< the incident whose plan the plan view shows
    ConsoleUser m_user;
    QJsonObject m_workflow;
    QTimer m_clock; ///< re-judges overdue tasks as time passes
    /// What a hold in progress approves, captured at the press.
    struct Hold
    {
        qint64 incident = 0;
        QString step;
        QString contentHash;
    };
    Hold m_hold;

    CommandPanel *m_command = nullptr;
    ReadInPane *m_readIn = nullptr;
    CommsPane *m_comms = nullptr;
    PostmortemPane *m_postmortem = nullptr;
    QTextBrowser *m_overview = nullptr;
    QTextBrowser *m_article = nullptr;
    QString m_matchesHtml; ///< the knowledge list the article pane shows when no article is open

    PlanStepsModel *m_planModel = nullptr;
    QTableView *m_planView = nullptr;
    QTextBrowser *m_stepDetail = nullptr;
    QLabel *m_gateNote = nullptr;
    QLabel *m_planMessage = nullptr;
    HoldButton *m_approve = nullptr;
    QPushButton *m_reject = nullptr;
    QPushButton *m_rollback = nullptr;
    QPushButton *m_block = nullptr;

    EvidenceModel *m_evidenceModel = nullptr;
    QTableView *m_evidenceView = nullptr;
    QLabel *m_evidenceSummary = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QPlainTextEdit *m_diff = nullptr;

    AuditModel *m_auditModel = nullptr;
    QTableView *m_auditView = nullptr;
    QLabel *m_chain = nullptr;
};

} // namespace warroom
