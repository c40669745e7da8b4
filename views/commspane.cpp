#include "commspane.h"

#include "aftermath.h"
#include "apiclient.h"
#include "asyncreply.h"
#include "commandmodels.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace warroom {

CommsPane::CommsPane(ApiClient &client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    setObjectName(u"commsPane"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *splitter = new QSplitter(Qt::Horizontal, this);

    auto *composer = new QWidget(splitter);
    auto *c = new QVBoxLayout(composer);
    c->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(u"<b>%1</b>"_s.arg(tr("New status update")), composer);
    c->addWidget(title);
    auto *row = new QHBoxLayout;
    auto *audienceLabel = new QLabel(tr("&Audience:"), composer);
    m_audience = new QComboBox(composer);
    m_audience->setObjectName(u"statusAudience"_s);
    audienceLabel->setBuddy(m_audience);
    for (const QString &a : StatusUpdatesModel::audiences())
        m_audience->addItem(StatusUpdatesModel::audienceLabel(a), a);
    m_audience->setItemData(0, tr("Everything technical, for the people working the incident"), Qt::ToolTipRole);
    m_audience->setItemData(1, tr("Impact, status, risk and time to recovery"), Qt::ToolTipRole);
    m_audience->setItemData(2, tr("Chronological facts, decisions and the evidence kept; no internal staffing"),
                            Qt::ToolTipRole);
    row->addWidget(audienceLabel);
    row->addWidget(m_audience, 1);
    m_draft = new QPushButton(tr("&Draft from timeline"), composer);
    m_draft->setObjectName(u"statusDraft"_s);
    m_draft->setToolTip(tr("Fill the text from the incident's timeline for this audience; edit it before you publish"));
    m_draft->setAutoDefault(false);
    connect(m_draft, &QPushButton::clicked, this, &CommsPane::draftFromTimeline);
    row->addWidget(m_draft);
    c->addLayout(row);
    m_editor = new QPlainTextEdit(composer);
    m_editor->setObjectName(u"statusEditor"_s);
    m_editor->setAccessibleName(tr("Text of the status update"));
    m_editor->setPlaceholderText(tr("Draft from the timeline, or write the update here. Nothing is sent until you "
                                    "publish and confirm."));
    m_editor->setTabChangesFocus(true);
    c->addWidget(m_editor, 1);
    m_who = new QLabel(composer);
    m_who->setObjectName(u"statusWho"_s);
    m_who->setWordWrap(true);
    c->addWidget(m_who);
    auto *actions = new QHBoxLayout;
    m_message = new QLabel(composer);
    m_message->setObjectName(u"statusMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    actions->addWidget(m_message, 1);
    m_publish = new QPushButton(tr("P&ublish…"), composer);
    m_publish->setObjectName(u"statusPublish"_s);
    m_publish->setAutoDefault(false);
    connect(m_publish, &QPushButton::clicked, this, &CommsPane::publish);
    actions->addWidget(m_publish);
    c->addLayout(actions);
    connect(m_editor, &QPlainTextEdit::textChanged, this,
            [this] { m_publish->setEnabled(incidentId() > 0 && !m_editor->toPlainText().trimmed().isEmpty()); });
    connect(m_audience, &QComboBox::currentIndexChanged, this,
            [this] { m_publish->setText(tr("P&ublish to %1…").arg(m_audience->currentText())); });

    auto *history = new QWidget(splitter);
    auto *h = new QVBoxLayout(history);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(new QLabel(u"<b>%1</b>"_s.arg(tr("Published updates")), history));
    m_model = new StatusUpdatesModel(this);
    m_view = new QTableView(history);
    m_view->setObjectName(u"statusUpdatesView"_s);
    m_view->setAccessibleName(tr("Published status updates"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTabKeyNavigation(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(StatusUpdatesModel::TextColumn, QHeaderView::Stretch);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CommsPane::showSelected);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        m_view->setCurrentIndex(m_model->index(0, 0)); // the newest
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->rowCount() > 0)
            m_view->setCurrentIndex(m_model->index(0, 0));
        else
            m_shown->clear();
    });
    h->addWidget(m_view, 2);
    m_shown = new QPlainTextEdit(history);
    m_shown->setObjectName(u"statusShown"_s);
    m_shown->setAccessibleName(tr("The selected published update"));
    m_shown->setReadOnly(true);
    m_shown->setPlaceholderText(tr("No update published yet."));
    h->addWidget(m_shown, 3);
    splitter->addWidget(composer);
    splitter->addWidget(history);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter);
    m_publish->setText(tr("P&ublish to %1…").arg(m_audience->currentText()));
    m_publish->setEnabled(false);
    m_draft->setEnabled(false);
}

qint64 CommsPane::incidentId() const
{
    return m_workflow.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
}

void CommsPane::setAudience(const QString &audience)
{
    const int index = m_audience->findData(audience);
    if (index >= 0)
        m_audience->setCurrentIndex(index);
}

void CommsPane::setWorkflow(const QJsonObject &workflow)
{
    const qint64 before = incidentId();
    m_workflow = workflow;
    if (incidentId() != before) {
        // A draft belongs to its incident: nothing of it stays for another one.
        m_editor->clear();
        m_draftText.clear();
        m_message->clear();
        m_model->setUpdates({});
    }
    m_model->setUpdates(workflow.value(u"status_updates"_s).toArray());
    m_draft->setEnabled(incidentId() > 0);
    m_publish->setEnabled(incidentId() > 0 && !m_editor->toPlainText().trimmed().isEmpty());
    renderWho();
}

void CommsPane::setUser(const ConsoleUser &user)
{
    m_user = user;
    renderWho();
}

void CommsPane::renderWho()
{
    const QJsonObject i = m_workflow.value(u"incident"_s).toObject();
    if (i.isEmpty()) {
        m_who->clear();
        return;
    }
    const QString commander = i.value(u"commander"_s).toString();
    const QString lead = i.value(u"comms_lead"_s).toString();
    QString text = tr("Published by a mim, the commander (%1) or the comms lead (%2).")
                       .arg(commander.isEmpty() ? tr("none") : commander, lead.isEmpty() ? tr("none") : lead);
    const bool may = m_user.hasAnyRole({u"mim"_s})
        || (!m_user.name.isEmpty() && (m_user.name == commander || m_user.name == lead));
    if (m_user.isKnown() && !may) {
        text += u' ' + tr("You are neither: the coordinator will refuse.");
        m_who->setStyleSheet(u"color:#8a4b00"_s);
    } else {
        m_who->setStyleSheet(u"color:#616161"_s);
    }
    m_who->setText(text);
}

void CommsPane::showSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_shown->clear();
        return;
    }
    const QJsonObject u = m_model->update(current.row());
    m_shown->setPlainText(tr("%1 · to %2 · by %3")
                              .arg(current.siblingAtColumn(StatusUpdatesModel::TimeColumn).data().toString(),
                                   StatusUpdatesModel::audienceLabel(u.value(u"audience"_s).toString()),
                                   u.value(u"by"_s).toString())
                          + u"\n\n"_s + u.value(u"text"_s).toString());
}

void CommsPane::draftFromTimeline()
{
    const qint64 id = incidentId();
    if (id <= 0)
        return;
    const QString now = m_editor->toPlainText().trimmed();
    if (!now.isEmpty() && now != m_draftText.trimmed()) {
        QMessageBox box(QMessageBox::Question, tr("Replace your text?"),
                        tr("A new draft replaces what you wrote. Replace it?"), QMessageBox::Yes | QMessageBox::Cancel,
                        this);
        box.setObjectName(u"replaceDraftConfirm"_s);
        box.button(QMessageBox::Yes)->setText(tr("Replace"));
        box.setDefaultButton(QMessageBox::Cancel);
        if (box.exec() != QMessageBox::Yes)
            return;
    }
    const QString audience = m_audience->currentData().toString();
    QUrlQuery q;
    q.addQueryItem(u"audience"_s, audience);
    m_message->setStyleSheet({});
    m_message->setText(tr("Drafting…"));
    onAnswer(m_client.get(u"/api/v1/incidents/%1/status-draft"_s.arg(id), q), this,
             [this, id, audience](const ApiResponse &r) {
                 if (id != incidentId())
                     return;
                 if (r.ok()) {
                     m_draftText = r.json.value(u"text"_s).toString();
                     m_editor->setPlainText(m_draftText);
                     m_message->setStyleSheet(u"color:#616161"_s);
                     m_message->setText(tr("Drafted for %1 from the timeline: check it and fill in what is "
                                           "marked [fill in] before you publish.")
                                            .arg(StatusUpdatesModel::audienceLabel(audience)));
                 } else {
                     m_message->setStyleSheet(u"color:#b71c1c"_s);
                     m_message->setText(tr("No draft: %1").arg(r.errorMessage()));
                 }
                 Q_EMIT drafted(r.status);
             });
}

void CommsPane::publish()
{
    const qint64 id = incidentId();
    const QString text = m_editor->toPlainText().trimmed();
    if (id <= 0 || text.isEmpty())
        return;
    const QString audience = m_audience->currentData().toString();
    const QString key = m_workflow.value(u"incident"_s).toObject().value(u"key"_s).toString();
    if (text.contains(StatusUpdate::kFillIn)) {
        m_message->setStyleSheet(u"color:#8a4b00"_s);
        m_message->setText(tr("The text still has [fill in] in it: fill it in first; nothing was sent."));
        return;
    }
    QMessageBox box(QMessageBox::Question, tr("Publish the status update?"),
                    tr("Publish this update on %1 to %2 now? It goes out on their channels and is kept on the "
                       "record; it cannot be taken back.")
                        .arg(key, StatusUpdatesModel::audienceLabel(audience)),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setObjectName(u"publishConfirm"_s);
    box.button(QMessageBox::Yes)->setText(tr("Publish"));
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Yes)
        return;
    m_message->setStyleSheet({});
    m_message->setText(tr("Publishing…"));
    onAnswer(
        m_client.post(u"/api/v1/incidents/%1/status-updates"_s.arg(id), {{u"audience"_s, audience}, {u"text"_s, text}}),
        this, [this, id, audience](const ApiResponse &r) {
            if (id == incidentId()) {
                if (r.ok()) {
                    m_message->setStyleSheet(u"color:#2e7d32"_s);
                    m_message->setText(tr("Published to %1.").arg(StatusUpdatesModel::audienceLabel(audience)));
                    m_editor->clear();
                    m_draftText.clear();
                    if (r.json.contains(u"incident"_s))
                        setWorkflow(r.json);
                } else {
                    m_message->setStyleSheet(u"color:#b71c1c"_s);
                    m_message->setText(tr("Not published: %1").arg(r.errorMessage()));
                }
            }
            Q_EMIT published(r.status, r.ok() ? r.json : QJsonObject {});
        });
}

} // namespace warroom
