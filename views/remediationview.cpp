#include "remediationview.h"

#include "apiclient.h"
#include "asyncreply.h"
#include "commandmodels.h"
#include "holdbutton.h"
#include "permissions.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString mark(bool ok)
{
    return ok ? u"<span style='color:#2e7d32'>✔</span>"_s : u"<span style='color:#b71c1c'>✘</span>"_s;
}

} // namespace

RemediationView::RemediationView(ApiClient &client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    setObjectName(u"remediationView"_s);
    setAccessibleName(tr("Remediation review queue"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *top = new QHBoxLayout;
    auto *intro = new QLabel(tr("Automation drafted from resolved incidents. A draft enters the whitelist only when "
                                "a second person approves it after a passed validation; it then becomes a branch of "
                                "the runbook repository, never applied or merged by itself."),
                             this);
    intro->setWordWrap(true);
    intro->setStyleSheet(u"color:#616161"_s);
    top->addWidget(intro, 1);
    auto *filterLabel = new QLabel(tr("Show:"), this);
    m_filter = new QComboBox(this);
    m_filter->setObjectName(u"remediationFilter"_s);
    m_filter->addItem(tr("Waiting for review"), u"draft"_s);
    m_filter->addItem(tr("Approved"), u"approved"_s);
    m_filter->addItem(tr("Rejected"), u"rejected"_s);
    m_filter->addItem(tr("All drafts"), QString());
    filterLabel->setBuddy(m_filter);
    connect(m_filter, &QComboBox::currentIndexChanged, this, &RemediationView::refresh);
    top->addWidget(filterLabel);
    top->addWidget(m_filter);
    m_reload = new QPushButton(tr("Reload"), this);
    m_reload->setObjectName(u"remediationReload"_s);
    m_reload->setAutoDefault(false);
    connect(m_reload, &QPushButton::clicked, this, &RemediationView::refresh);
    top->addWidget(m_reload);
    layout->addLayout(top);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_model = new RemediationDraftsModel(this);
    m_view = new QTableView(splitter);
    m_view->setObjectName(u"remediationDrafts"_s);
    m_view->setAccessibleName(tr("Remediation drafts"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTabKeyNavigation(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(RemediationDraftsModel::TitleColumn, QHeaderView::Stretch);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        // Another draft: a hold in progress was for the one before.
        m_approve->cancelHold();
        m_detail = {};
        render();
        loadDetail();
    });

    auto *bottom = new QSplitter(Qt::Horizontal, splitter);
    auto *left = new QWidget(bottom);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QTextBrowser(left);
    m_summary->setObjectName(u"remediationSummary"_s);
    m_summary->setAccessibleName(tr("The draft's validation and tasks"));
    m_summary->setOpenLinks(false);
    leftLayout->addWidget(m_summary, 1);
    m_gateNote = new QLabel(left);
    m_gateNote->setObjectName(u"remediationGateNote"_s);
    m_gateNote->setWordWrap(true);
    m_gateNote->setTextFormat(Qt::RichText);
    leftLayout->addWidget(m_gateNote);
    auto *buttons = new QHBoxLayout;
    m_approve = new HoldButton(tr("Hold to approve (1.5 s)"), left);
    m_approve->setObjectName(u"remediationApprove"_s);
    m_approve->setAccessibleName(
        tr("Approve the selected draft into the runbook repository: press and hold for 1.5 seconds, mouse or Space"));
    m_approve->setToolTip(tr("Press and hold (mouse or Space) for 1.5 s to approve. A short click does nothing."));
    connect(m_approve, &HoldButton::holdStarted, this, [this] {
        m_hold = {m_detail.value(u"id"_s).toString(), m_detail.value(u"sha256"_s).toString()};
        if (m_hold.draft.isEmpty() || m_hold.draft != selectedId())
            m_approve->cancelHold();
    });
    connect(m_approve, &HoldButton::holdCancelled, this, [this] { m_hold = {}; });
    connect(m_approve, &HoldButton::held, this, &RemediationView::approveHeld);
    buttons->addWidget(m_approve, 2);
    m_reject = new QPushButton(tr("Reject…"), left);
    m_reject->setObjectName(u"remediationReject"_s);
    m_reject->setAutoDefault(false);
    connect(m_reject, &QPushButton::clicked, this, &RemediationView::rejectSelected);
    buttons->addWidget(m_reject, 1);
    leftLayout->addLayout(buttons);
    m_message = new QLabel(left);
    m_message->setObjectName(u"remediationMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    leftLayout->addWidget(m_message);
    m_yaml = new QPlainTextEdit(bottom);
    m_yaml->setObjectName(u"remediationYaml"_s);
    m_yaml->setAccessibleName(tr("The drafted playbook (read-only)"));
    m_yaml->setReadOnly(true);
    m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(u"monospace"_s);
    mono.setStyleHint(QFont::TypeWriter);
    m_yaml->setFont(mono);
    m_yaml->setPlaceholderText(tr("The drafted playbook of the selected draft, as it would be committed."));
    bottom->addWidget(left);
    bottom->addWidget(m_yaml);
    bottom->setStretchFactor(0, 2);
    bottom->setStretchFactor(1, 3);
    splitter->addWidget(m_view);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);
    setTabOrder(m_view, m_approve);
    setTabOrder(m_approve, m_reject);
    setTabOrder(m_reject, m_yaml);

    // While a validation runs (a scratch lab, a few minutes), the queue looks again every five seconds.
    m_poll.setInterval(5000);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    render();
}

void RemediationView::setUser(const ConsoleUser &user)
{
    m_user = user;
    render();
}

void RemediationView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void RemediationView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_poll.stop();
}

QString RemediationView::selectedId() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(RemediationDraftsModel::DraftIdRole).toString() : QString();
}

bool RemediationView::selectDraft(const QString &draftId)
{
    const int row = m_model->rowOf(draftId);
    if (row < 0)
        return false;
    m_view->setCurrentIndex(m_model->index(row, 0));
    return true;
}

void RemediationView::refresh()
{
    QUrlQuery q;
    const QString state = m_filter->currentData().toString();
    if (!state.isEmpty())
        q.addQueryItem(u"state"_s, state);
    onAnswer(m_client.get(u"/api/v1/remediation-drafts"_s, q), this, [this, state](const ApiResponse &r) {
        if (state != m_filter->currentData().toString())
            return; // the filter changed meanwhile
        if (!r.ok()) {
            m_message->setStyleSheet(u"color:#b71c1c"_s);
            m_message->setText(tr("Could not load the drafts: %1").arg(r.errorMessage()));
            return;
        }
        const QString selected = selectedId();
        const QJsonObject before = m_model->draft(m_model->rowOf(selected));
        m_model->setDrafts(r.json.value(u"items"_s).toArray());
        if (!selected.isEmpty() && m_model->rowOf(selected) >= 0) {
            if (m_view->currentIndex().row() != m_model->rowOf(selected))
                selectDraft(selected);
            else if (m_model->draft(m_model->rowOf(selected)) != before)
                loadDetail(); // its validation finished, or someone decided it
        } else if (m_model->rowCount() > 0) {
            m_view->setCurrentIndex(m_model->index(0, 0));
        } else {
            m_detail = {};
            render();
        }
        if (m_model->anyValidating() && isVisible())
            m_poll.start();
        else
            m_poll.stop();
        Q_EMIT loaded();
    });
}

void RemediationView::loadDetail()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    onAnswer(m_client.get(u"/api/v1/remediation-drafts/%1"_s.arg(id)), this, [this, id](const ApiResponse &r) {
        if (id != selectedId())
            return;
        if (!r.ok()) {
            m_message->setStyleSheet(u"color:#b71c1c"_s);
            m_message->setText(tr("Could not load %1: %2").arg(id, r.errorMessage()));
            return;
        }
        // A different playbook under the pointer cancels a hold that began on the old one.
        if (m_approve->isHolding() && r.json.value(u"sha256"_s).toString() != m_hold.sha256)
            m_approve->cancelHold();
        m_detail = r.json;
        render();
        Q_EMIT detailLoaded(id);
    });
}

void RemediationView::render()
{
    const QJsonObject &d = m_detail;
    if (d.isEmpty()) {
        m_summary->setHtml(
            u"<p><i>%1</i></p>"_s.arg(m_model->rowCount() == 0 ? tr("No drafts to show.") : tr("Loading the draft…")));
        m_yaml->clear();
        m_gateNote->clear();
        m_approve->setEnabled(false);
        m_reject->setEnabled(false);
        return;
    }
    const QString state = d.value(u"state"_s).toString();
    const QString validation = RemediationDraftsModel::validationOf(d);
    const QJsonObject v = d.value(u"validation"_s).toObject();
    const int destructive = d.value(u"destructive_tasks"_s).toInt();
    QString html = u"<h3>%1 · %2</h3>"_s.arg(esc(d.value(u"id"_s).toString()), esc(d.value(u"title"_s).toString()));
    html += u"<p>%1</p>"_s.arg(esc(tr("From %1, asked for by %2; %3.")
                                       .arg(d.value(u"key"_s).toString(), d.value(u"requested_by"_s).toString(),
                                            RemediationDraftsModel::stateLabel(state))));
    if (destructive > 0)
        html += u"<p style='color:#b71c1c'><b>%1</b></p>"_s.arg(
            esc(tr("%n destructive task(s), marked (DESTRUCTIVE) in the playbook: review them before approving.",
                   nullptr, destructive)));
    html += u"<h4>%1: %2</h4>"_s.arg(tr("Validation"), esc(RemediationDraftsModel::validationLabel(validation)));
    if (validation != u"running"_s) {
        const auto changed = [](const QJsonValue &n) {
            return n.toInt(-1) < 0 ? tr("not run") : tr("%n changed", nullptr, n.toInt());
        };
        html += u"<table cellpadding='2'>"_s;
        html += u"<tr><td>%1</td><td>%2</td></tr>"_s.arg(mark(v.value(u"syntax_ok"_s).toBool()),
                                                         tr("syntax check (ansible-playbook --syntax-check)"));
        html += u"<tr><td>%1</td><td>%2</td></tr>"_s.arg(
            v.value(u"lint_ran"_s).toBool() ? mark(v.value(u"lint_ok"_s).toBool()) : u"–"_s,
            v.value(u"lint_ran"_s).toBool() ? tr("ansible-lint") : tr("ansible-lint (not installed)"));
        html += u"<tr><td>%1</td><td>%2</td></tr>"_s.arg(
            mark(v.value(u"check_ok"_s).toBool()),
            esc(tr("first check run against the scratch lab: %1").arg(changed(v.value(u"first_check_changed"_s)))));
        html += u"<tr><td>%1</td><td>%2</td></tr>"_s.arg(
            mark(v.value(u"apply_ok"_s).toBool()),
            esc(tr("apply against the scratch lab: %1").arg(changed(v.value(u"apply_changed"_s)))));
        html += u"<tr><td>%1</td><td>%2</td></tr>"_s.arg(
            mark(v.value(u"second_check_changed"_s).toInt(-1) == 0),
            esc(tr("second check (must change nothing): %1").arg(changed(v.value(u"second_check_changed"_s)))));
        html += u"</table>"_s;
        const QString error = v.value(u"error"_s).toString();
        if (!error.isEmpty())
            html += u"<p style='color:#b71c1c'>%1</p>"_s.arg(esc(error));
        const QString syntax = v.value(u"syntax_output"_s).toString().trimmed();
        if (!syntax.isEmpty() && !v.value(u"syntax_ok"_s).toBool())
            html += u"<pre>%1</pre>"_s.arg(esc(syntax.right(1200)));
    } else {
        html += u"<p><i>%1</i></p>"_s.arg(tr("Syntax check, lint and the double dry run against a scratch lab are "
                                             "running; this updates by itself."));
    }
    html += u"<h4>%1</h4><ul>"_s.arg(tr("Tasks"));
    for (const QJsonValue &t : d.value(u"tasks"_s).toArray()) {
        const bool bad = t[u"destructive"_s].toBool();
        html += u"<li%1><code>%2</code> %3</li>"_s.arg(bad ? u" style='color:#b71c1c'"_s : QString(),
                                                       esc(t[u"module"_s].toString()), esc(t[u"name"_s].toString()));
    }
    html += u"</ul>"_s;
    const QJsonArray notes = d.value(u"notes"_s).toArray();
    if (!notes.isEmpty()) {
        html += u"<h4>%1</h4><ul>"_s.arg(tr("Left for a person"));
        for (const QJsonValue &n : notes)
            html += u"<li>%1</li>"_s.arg(esc(n.toString()));
        html += u"</ul>"_s;
    }
    if (state != u"draft"_s) {
        html += u"<p><b>%1</b></p>"_s.arg(
            esc(tr("%1 by %2: %3")
                    .arg(RemediationDraftsModel::stateLabel(state), d.value(u"reviewer"_s).toString(),
                         d.value(u"review_comment"_s).toString())));
        if (!d.value(u"branch"_s).toString().isEmpty())
            html += u"<p>%1 <code>%2</code> @ <code>%3</code></p>"_s.arg(esc(tr("Committed on")),
                                                                         esc(d.value(u"branch"_s).toString()),
                                                                         esc(d.value(u"commit"_s).toString().left(12)));
    }
    m_summary->setHtml(html);
    const QString yaml = d.value(u"yaml"_s).toString();
    if (m_yaml->toPlainText() != yaml)
        m_yaml->setPlainText(yaml);

    // The gate: a passed validation, a reviewer's role, and not the one who asked for it.
    const bool mayReview = m_user.hasAnyRole(roleNamesFor(Action::ReviewRemediation));
    const bool ownDraft = !m_user.name.isEmpty()
        && (m_user.name == d.value(u"requested_by"_s).toString() || m_user.name == d.value(u"created_by"_s).toString());
    QString why;
    if (state != u"draft"_s)
        why = tr("Decided already.");
    else if (!mayReview)
        why = tr("Reviewing a draft needs the change-approver or mim role.");
    else if (ownDraft)
        why = tr("You asked for this draft: another person must review it.");
    else if (validation == u"running"_s)
        why = tr("The validation is still running; approval waits for it.");
    else if (validation == u"failed"_s)
        why = tr("The validation failed: a draft is approved only after it passed. Reject it, or fix the cause and "
                 "draft again.");
    m_gateNote->setText(why.isEmpty() ? QString() : u"<span style='color:#8a4b00'>%1</span>"_s.arg(esc(why)));
    const bool open = state == u"draft"_s && mayReview && !ownDraft;
    m_approve->setEnabled(open && validation == u"passed"_s && !yaml.isEmpty());
    m_reject->setEnabled(open);
}

void RemediationView::approveHeld()
{
    const Hold hold = std::exchange(m_hold, {});
    if (hold.draft.isEmpty() || hold.draft != selectedId() || m_detail.value(u"id"_s).toString() != hold.draft
        || m_detail.value(u"sha256"_s).toString() != hold.sha256) {
        m_message->setText(tr("The draft changed while you held the gate; nothing was sent."));
        return;
    }
    m_message->setStyleSheet({});
    m_message->setText(tr("Sending the approval of %1…").arg(hold.draft));
    const QString id = hold.draft;
    onAnswer(m_client.post(u"/api/v1/remediation-drafts/%1/approve"_s.arg(id),
                           {{u"comment"_s, tr("reviewed in the console (sha256 %1)").arg(hold.sha256.left(16))}}),
             this, [this, id](const ApiResponse &r) {
                 m_message->setStyleSheet(r.ok() ? u"color:#2e7d32"_s : u"color:#b71c1c"_s);
                 m_message->setText(
                     r.ok() ? tr("You approved %1: committed on %2.").arg(id, r.json.value(u"branch"_s).toString())
                            : tr("Approval of %1 refused: %2").arg(id, r.errorMessage()));
                 refresh();
                 Q_EMIT decisionAnswered(id, r.status);
             });
}

void RemediationView::rejectSelected()
{
    const QString id = selectedId();
    if (id.isEmpty() || m_detail.value(u"id"_s).toString() != id)
        return;
    bool ok = false;
    const QString reason
        = QInputDialog::getText(this, tr("Reject draft %1").arg(id), tr("Why do you reject this draft? (required)"),
                                QLineEdit::Normal, {}, &ok);
    if (!ok)
        return;
    if (reason.trimmed().isEmpty()) {
        m_message->setStyleSheet(u"color:#8a4b00"_s);
        m_message->setText(tr("A rejection needs a reason; nothing was sent."));
        return;
    }
    onAnswer(m_client.post(u"/api/v1/remediation-drafts/%1/reject"_s.arg(id), {{u"comment"_s, reason.trimmed()}}), this,
             [this, id](const ApiResponse &r) {
                 m_message->setStyleSheet(r.ok() ? u"color:#2e7d32"_s : u"color:#b71c1c"_s);
                 m_message->setText(r.ok() ? tr("You rejected %1.").arg(id)
                                           : tr("Rejection of %1 refused: %2").arg(id, r.errorMessage()));
                 refresh();
                 Q_EMIT decisionAnswered(id, r.status);
             });
}

} // namespace warroom
