#include "postmortempane.h"

#include "apiclient.h"
#include "asyncreply.h"
#include "commandmodels.h"
#include "timeformat.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

/// Edits a corrective action's due date with a calendar and its status from a list.
class ActionDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        if (index.column() == CorrectiveActionsModel::DueColumn) {
            auto *edit = new QDateEdit(parent);
            edit->setCalendarPopup(true);
            edit->setDisplayFormat(u"yyyy-MM-dd"_s);
            return edit;
        }
        if (index.column() == CorrectiveActionsModel::StatusColumn) {
            auto *box = new QComboBox(parent);
            for (const QString &s : CorrectiveActionsModel::statuses())
                box->addItem(CorrectiveActionsModel::statusLabel(s), s);
            return box;
        }
        return QStyledItemDelegate::createEditor(parent, option, index);
    }

    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        if (auto *edit = qobject_cast<QDateEdit *>(editor))
            edit->setDate(index.data(Qt::EditRole).toDate());
        else if (auto *box = qobject_cast<QComboBox *>(editor))
            box->setCurrentIndex(std::max(0, box->findData(index.data(Qt::EditRole))));
        else
            QStyledItemDelegate::setEditorData(editor, index);
    }

    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        if (auto *edit = qobject_cast<QDateEdit *>(editor))
            model->setData(index, edit->date());
        else if (auto *box = qobject_cast<QComboBox *>(editor))
            model->setData(index, box->currentData());
        else
            QStyledItemDelegate::setModelData(editor, model, index);
    }
};

} // namespace

PostmortemPane::PostmortemPane(ApiClient &client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    setObjectName(u"postmortemPane"_s);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);

    auto *exportRow = new QHBoxLayout;
    exportRow->addWidget(new QLabel(u"<b>%1</b>"_s.arg(tr("Postmortem")), this));
    auto *exportNote = new QLabel(
        tr("Generated from the timeline (events, decisions, approvals, evidence) with the notes below."), this);
    exportNote->setStyleSheet(u"color:#616161"_s);
    exportRow->addWidget(exportNote, 1);
    m_exportMd = new QPushButton(tr("Export Mar&kdown…"), this);
    m_exportMd->setObjectName(u"postmortemExportMd"_s);
    m_exportPdf = new QPushButton(tr("Export P&DF…"), this);
    m_exportPdf->setObjectName(u"postmortemExportPdf"_s);
    for (QPushButton *b : {m_exportMd, m_exportPdf}) {
        b->setAutoDefault(false);
        exportRow->addWidget(b);
    }
    connect(m_exportMd, &QPushButton::clicked, this, [this] { chooseAndExport(u"md"_s); });
    connect(m_exportPdf, &QPushButton::clicked, this, [this] { chooseAndExport(u"pdf"_s); });
    outer->addLayout(exportRow);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *body = new QWidget(scroll);
    auto *form = new QFormLayout(body);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_impact = new QPlainTextEdit(body);
    m_impact->setObjectName(u"postmortemImpact"_s);
    m_impact->setPlaceholderText(
        tr("Who was affected, how, for how long (left empty, the timeline's summary is used)"));
    m_impact->setTabChangesFocus(true);
    m_impact->setFixedHeight(m_impact->fontMetrics().lineSpacing() * 4 + 12);
    form->addRow(tr("Impact"), m_impact);
    for (int k = 0; k < 5; ++k) {
        auto *why = new QLineEdit(body);
        why->setObjectName(u"postmortemWhy%1"_s.arg(k + 1));
        why->setPlaceholderText(k == 0 ? tr("Why did it happen?") : tr("And why was that?"));
        form->addRow(tr("Why %1").arg(k + 1), why);
        m_whys.append(why);
        connect(why, &QLineEdit::textEdited, this, &PostmortemPane::markDirty);
    }
    m_rootCause = new QPlainTextEdit(body);
    m_rootCause->setObjectName(u"postmortemRootCause"_s);
    m_rootCause->setPlaceholderText(tr("The cause in the system, not a person (blameless wording)"));
    m_rootCause->setTabChangesFocus(true);
    m_rootCause->setFixedHeight(m_rootCause->fontMetrics().lineSpacing() * 3 + 12);
    form->addRow(tr("Root cause"), m_rootCause);
    m_actions = new CorrectiveActionsModel(this);
    m_actionsView = new QTableView(body);
    m_actionsView->setObjectName(u"postmortemActions"_s);
    m_actionsView->setAccessibleName(tr("Corrective actions"));
    m_actionsView->setModel(m_actions);
    m_actionsView->setItemDelegate(new ActionDelegate(m_actionsView));
    m_actionsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_actionsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_actionsView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                   | QAbstractItemView::AnyKeyPressed);
    m_actionsView->verticalHeader()->hide();
    m_actionsView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_actionsView->horizontalHeader()->setStretchLastSection(false);
    m_actionsView->horizontalHeader()->setSectionResizeMode(CorrectiveActionsModel::TitleColumn, QHeaderView::Stretch);
    const int em = m_actionsView->fontMetrics().horizontalAdvance(u"M"_s);
    m_actionsView->setColumnWidth(CorrectiveActionsModel::OwnerColumn, em * 9);
    m_actionsView->setColumnWidth(CorrectiveActionsModel::DueColumn, em * 8);
    m_actionsView->setColumnWidth(CorrectiveActionsModel::StatusColumn, em * 8);
    m_actionsView->setColumnWidth(CorrectiveActionsModel::TicketColumn, em * 7);
    m_actionsView->setMinimumHeight(m_actionsView->fontMetrics().height() * 7);
    auto *actionsBox = new QWidget(body);
    auto *actionsLayout = new QVBoxLayout(actionsBox);
    actionsLayout->setContentsMargins(0, 0, 0, 0);
    actionsLayout->addWidget(m_actionsView);
    auto *actionButtons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add action"), actionsBox);
    m_add->setObjectName(u"postmortemAddAction"_s);
    m_remove = new QPushButton(tr("Remove action"), actionsBox);
    m_remove->setObjectName(u"postmortemRemoveAction"_s);
    for (QPushButton *b : {m_add, m_remove}) {
        b->setAutoDefault(false);
        actionButtons->addWidget(b);
    }
    actionButtons->addStretch(1);
    actionsLayout->addLayout(actionButtons);
    form->addRow(tr("Corrective actions"), actionsBox);
    connect(m_add, &QPushButton::clicked, this, [this] {
        const int row = m_actions->rowCount();
        m_actions->insertRows(row, 1);
        m_actionsView->setCurrentIndex(m_actions->index(row, CorrectiveActionsModel::TitleColumn));
        m_actionsView->edit(m_actionsView->currentIndex());
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_actionsView->currentIndex();
        if (current.isValid())
            m_actions->removeRows(current.row(), 1);
    });
    connect(m_actions, &CorrectiveActionsModel::edited, this, &PostmortemPane::markDirty);
    connect(m_impact, &QPlainTextEdit::textChanged, this, &PostmortemPane::markDirty);
    connect(m_rootCause, &QPlainTextEdit::textChanged, this, &PostmortemPane::markDirty);
    scroll->setWidget(body);
    outer->addWidget(scroll, 1);

    auto *saveRow = new QHBoxLayout;
    m_state = new QLabel(this);
    m_state->setObjectName(u"postmortemState"_s);
    m_state->setStyleSheet(u"color:#616161"_s);
    saveRow->addWidget(m_state);
    m_message = new QLabel(this);
    m_message->setObjectName(u"postmortemMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    saveRow->addWidget(m_message, 1);
    m_discard = new QPushButton(tr("Discard changes"), this);
    m_discard->setObjectName(u"postmortemDiscard"_s);
    m_discard->setAutoDefault(false);
    connect(m_discard, &QPushButton::clicked, this, [this] {
        m_dirty = false;
        loadNotes(m_workflow.value(u"postmortem"_s).toObject());
        say({});
    });
    saveRow->addWidget(m_discard);
    m_save = new QPushButton(tr("Sa&ve notes"), this);
    m_save->setObjectName(u"postmortemSave"_s);
    m_save->setAutoDefault(false);
    connect(m_save, &QPushButton::clicked, this, &PostmortemPane::saveNotes);
    saveRow->addWidget(m_save);
    outer->addLayout(saveRow);
    setWorkflow({});
}

qint64 PostmortemPane::incidentId() const
{
    return m_workflow.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
}

void PostmortemPane::say(const QString &text, const QString &colour)
{
    m_message->setStyleSheet(colour.isEmpty() ? QString() : u"color:%1"_s.arg(colour));
    m_message->setText(text);
}

void PostmortemPane::markDirty()
{
    if (m_loading)
        return;
    m_dirty = true;
    m_state->setText(tr("Unsaved changes"));
    m_save->setEnabled(incidentId() > 0);
    m_discard->setEnabled(true);
}

void PostmortemPane::loadNotes(const QJsonObject &notes)
{
    m_loading = true;
    m_impact->setPlainText(notes.value(u"impact"_s).toString());
    const QJsonArray whys = notes.value(u"whys"_s).toArray();
    for (int k = 0; k < m_whys.size(); ++k)
        m_whys.at(k)->setText(whys.at(k).toString());
    m_rootCause->setPlainText(notes.value(u"root_cause"_s).toString());
    m_actions->setActions(notes.value(u"actions"_s).toArray());
    m_loading = false;
    m_loadedAt = notes.value(u"updated_at"_s).toString();
    const QDateTime at = QDateTime::fromString(m_loadedAt, Qt::ISODateWithMs);
    m_state->setText(at.isValid()
                         ? tr("Saved by %1 at %2").arg(notes.value(u"updated_by"_s).toString(), dayMonthTime(at))
                         : tr("No notes yet"));
    m_save->setEnabled(false);
    m_discard->setEnabled(false);
}

void PostmortemPane::setWorkflow(const QJsonObject &workflow)
{
    const qint64 before = incidentId();
    m_workflow = workflow;
    const bool shown = incidentId() > 0;
    for (QWidget *w : {static_cast<QWidget *>(m_exportMd), static_cast<QWidget *>(m_exportPdf),
                       static_cast<QWidget *>(m_add), static_cast<QWidget *>(m_remove)})
        w->setEnabled(shown);
    const QJsonObject notes = workflow.value(u"postmortem"_s).toObject();
    if (incidentId() != before) {
        m_dirty = false;
        say({});
        loadNotes(notes);
        return;
    }
    if (!m_dirty) {
        if (notes.value(u"updated_at"_s).toString() != m_loadedAt)
            loadNotes(notes);
        return;
    }
    // Being edited: what someone else saved meanwhile is not thrown at the editor.
    if (notes.value(u"updated_at"_s).toString() != m_loadedAt)
        say(tr("%1 saved notes meanwhile; saving yours replaces them (Discard changes shows theirs).")
                .arg(notes.value(u"updated_by"_s).toString()),
            u"#8a4b00"_s);
}

void PostmortemPane::saveNotes()
{
    const qint64 id = incidentId();
    if (id <= 0)
        return;
    if (const QString problem = m_actions->problem(); !problem.isEmpty()) {
        say(tr("Not saved: %1").arg(problem), u"#b71c1c"_s);
        return;
    }
    QJsonArray whys;
    int last = -1;
    for (int k = 0; k < m_whys.size(); ++k)
        if (!m_whys.at(k)->text().trimmed().isEmpty())
            last = k;
    for (int k = 0; k <= last; ++k)
        whys.append(m_whys.at(k)->text().trimmed());
    const QJsonObject body {{u"impact"_s, m_impact->toPlainText().trimmed()},
                            {u"whys"_s, whys},
                            {u"root_cause"_s, m_rootCause->toPlainText().trimmed()},
                            {u"actions"_s, m_actions->actions()}};
    say(tr("Saving…"));
    onAnswer(m_client.put(u"/api/v1/incidents/%1/postmortem"_s.arg(id), body), this, [this, id](const ApiResponse &r) {
        if (id == incidentId()) {
            if (r.ok()) {
                m_dirty = false;
                say(tr("Notes saved."), u"#2e7d32"_s);
                if (r.json.contains(u"incident"_s)) {
                    m_workflow = r.json;
                    loadNotes(r.json.value(u"postmortem"_s).toObject());
                }
            } else {
                say(tr("Not saved: %1").arg(r.errorMessage()), u"#b71c1c"_s);
            }
        }
        Q_EMIT saved(r.status);
    });
}

void PostmortemPane::chooseAndExport(const QString &format)
{
    const qint64 id = incidentId();
    if (id <= 0)
        return;
    const bool pdf = format == u"pdf"_s;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested = QDir(dir).filePath(u"INC-%1-postmortem.%2"_s.arg(id).arg(format));
    const QString path = QFileDialog::getSaveFileName(
        this, pdf ? tr("Export the postmortem as PDF") : tr("Export the postmortem as Markdown"), suggested,
        pdf ? tr("PDF (*.pdf)") : tr("Markdown (*.md)"));
    if (!path.isEmpty())
        exportTo(format, path);
}

void PostmortemPane::exportTo(const QString &format, const QString &path)
{
    const qint64 id = incidentId();
    if (id <= 0 || path.isEmpty())
        return;
    if (m_dirty)
        say(tr("Exporting what is saved; your unsaved notes are not in it."), u"#8a4b00"_s);
    else
        say(tr("Exporting…"));
    QUrlQuery q;
    q.addQueryItem(u"format"_s, format);
    onAnswer(m_client.get(u"/api/v1/incidents/%1/postmortem"_s.arg(id), q), this, [this, path](const ApiResponse &r) {
        if (!r.ok()) {
            say(tr("Export failed: %1").arg(r.errorMessage()), u"#b71c1c"_s);
            Q_EMIT exported(path, false);
            return;
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(r.body) != r.body.size() || !file.commit()) {
            say(tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()), u"#b71c1c"_s);
            Q_EMIT exported(path, false);
            return;
        }
        say(tr("Saved %1 (%2 KB).").arg(QDir::toNativeSeparators(path)).arg(double(r.body.size()) / 1024.0, 0, 'f', 1),
            u"#2e7d32"_s);
        Q_EMIT exported(path, true);
    });
}

} // namespace warroom
