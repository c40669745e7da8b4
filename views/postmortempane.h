#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace warroom {

class ApiClient;
class CorrectiveActionsModel;

/// The after-action of an incident: the blameless postmortem exported as
/// Markdown or PDF (GET .../postmortem?format=md|pdf, written to a file with
/// QSaveFile), and the notes people add to it (impact, five whys, root
/// cause, corrective actions with owner and due date), saved with PUT
/// .../postmortem. Live updates of the incident never overwrite notes being
/// edited; the pane says when someone else saved meanwhile.
class PostmortemPane final : public QWidget
{
    Q_OBJECT

public:
    explicit PostmortemPane(ApiClient &client, QWidget *parent = nullptr);

    void setWorkflow(const QJsonObject &workflow);

    /// Writes the postmortem in `format` ("md" or "pdf") to `path`; exported() says how it went.
    void exportTo(const QString &format, const QString &path);
    /// Sends the notes as they are in the editor; saved() says how it went.
    void saveNotes();
    /// Whether the editor holds changes not saved yet.
    bool isDirty() const { return m_dirty; }

    QPlainTextEdit *impactEdit() const { return m_impact; }
    QLineEdit *whyEdit(int index) const { return m_whys.value(index); }
    QPlainTextEdit *rootCauseEdit() const { return m_rootCause; }
    CorrectiveActionsModel *actionsModel() const { return m_actions; }
    QTableView *actionsView() const { return m_actionsView; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *exportMarkdownButton() const { return m_exportMd; }
    QPushButton *exportPdfButton() const { return m_exportPdf; }
    QLabel *messageLabel() const { return m_message; }

Q_SIGNALS:
    void exported(const QString &path, bool ok);
    void saved(int httpStatus);

private:
    void chooseAndExport(const QString &format);
    void loadNotes(const QJsonObject &notes);
    void markDirty();
    void say(const QString &text, const QString &colour = {});
    qint64 incidentId() const;

    ApiClient &m_client;
    QJsonObject m_workflow;
    QString m_loadedAt; ///< updated_at of the notes in the editor
    bool m_dirty = false;
    bool m_loading = false;
    QPushButton *m_exportMd = nullptr;
    QPushButton *m_exportPdf = nullptr;
    QPlainTextEdit *m_impact = nullptr;
    QList<QLineEdit *> m_whys;
    QPlainTextEdit *m_rootCause = nullptr;
    CorrectiveActionsModel *m_actions = nullptr;
    QTableView *m_actionsView = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_discard = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace warroom
