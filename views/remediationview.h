#pragma once

#include "consoleuser.h"

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace warroom {

class ApiClient;
class HoldButton;
class RemediationDraftsModel;

/// The remediation review queue: drafts of automation made from resolved
/// incidents (GET /api/v1/remediation-drafts), each with its state, its
/// validation against a scratch lab (running, passed, failed), how many of
/// its tasks are destructive, and the playbook read-only. Approve goes
/// through the same press-and-hold gate as a plan step, bound to the draft
/// and its sha256 at the press, and only for a passed validation; Reject
/// needs a reason. The coordinator checks roles and four eyes again.
class RemediationView final : public QWidget
{
    Q_OBJECT

public:
    explicit RemediationView(ApiClient &client, QWidget *parent = nullptr);

    void setUser(const ConsoleUser &user);
    /// Loads the queue now (it loads when shown, and every few seconds while
    /// a validation runs).
    void refresh();

    RemediationDraftsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    HoldButton *approveButton() const { return m_approve; }
    QPushButton *rejectButton() const { return m_reject; }
    QPlainTextEdit *yamlView() const { return m_yaml; }
    QLabel *messageLabel() const { return m_message; }
    /// The draft whose detail (with its playbook) is shown.
    QJsonObject shownDraft() const { return m_detail; }
    bool selectDraft(const QString &draftId);

Q_SIGNALS:
    void loaded();
    void detailLoaded(const QString &draftId);
    void decisionAnswered(const QString &draftId, int httpStatus);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void loadDetail();
    void render();
    void approveHeld();
    void rejectSelected();
    QString selectedId() const;

    ApiClient &m_client;
    ConsoleUser m_user;
    QJsonObject m_detail;
    struct Hold
    {
        QString draft;
        QString sha256;
    };
    Hold m_hold;
    QTimer m_poll;
    QComboBox *m_filter = nullptr;
    QPushButton *m_reload = nullptr;
    RemediationDraftsModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QTextBrowser *m_summary = nullptr;
    QPlainTextEdit *m_yaml = nullptr;
    QLabel *m_gateNote = nullptr;
    HoldButton *m_approve = nullptr;
    QPushButton *m_reject = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace warroom
