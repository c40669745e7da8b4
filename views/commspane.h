#pragma once

#include "consoleuser.h"

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace warroom {

class ApiClient;
class StatusUpdatesModel;

/// Communications: a status-update composer (audience, "Draft from
/// timeline" fills the text from GET .../status-draft, the person edits,
/// Publish after a confirmation naming the audience) and the updates
/// published so far with time, audience and author. Only a mim, the
/// commander or the comms lead may publish: the coordinator decides, the
/// pane shows its answer.
class CommsPane final : public QWidget
{
    Q_OBJECT

public:
    explicit CommsPane(ApiClient &client, QWidget *parent = nullptr);

    /// The incident's workflow: its published updates and command roles ({} clears).
    void setWorkflow(const QJsonObject &workflow);
    void setUser(const ConsoleUser &user);

    QComboBox *audienceBox() const { return m_audience; }
    QPlainTextEdit *editor() const { return m_editor; }
    QPushButton *draftButton() const { return m_draft; }
    QPushButton *publishButton() const { return m_publish; }
    QLabel *messageLabel() const { return m_message; }
    StatusUpdatesModel *updatesModel() const { return m_model; }
    QTableView *updatesView() const { return m_view; }
    /// Selects an audience ("internal", "executive", "external").
    void setAudience(const QString &audience);

public Q_SLOTS:
    /// Fills the editor from the coordinator's draft for the chosen audience
    /// (asks first when that would replace what the person wrote).
    void draftFromTimeline();
    /// Publishes the editor's text to the chosen audience after a confirmation.
    void publish();

Q_SIGNALS:
    void drafted(int httpStatus);
    void published(int httpStatus, const QJsonObject &workflow);

private:
    void renderWho();
    void showSelected();
    qint64 incidentId() const;

    ApiClient &m_client;
    QJsonObject m_workflow;
    ConsoleUser m_user;
    QString m_draftText; ///< the last draft as the coordinator wrote it
    QComboBox *m_audience = nullptr;
    QPushButton *m_draft = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_who = nullptr;
    QPushButton *m_publish = nullptr;
    QLabel *m_message = nullptr;
    StatusUpdatesModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_shown = nullptr;
};

} // namespace warroom
