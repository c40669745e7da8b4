#include "mainwindow.h"

#include "apiclient.h"
#include "eventstream.h"
#include "incidentqueuemodel.h"
#include "queuedelegate.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontMetrics>
#include <QFormLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace warroom {

MainWindow::MainWindow(ApiClient &client, EventStream &stream, bool wallMode, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_stream(stream)
    , m_wall(wallMode)
{
    buildUi();
    connect(&m_stream, &EventStream::connectedChanged, this, &MainWindow::handleConnectedChanged);
    connect(&m_stream, &EventStream::snapshotReceived, this, &MainWindow::handleSnapshot);
    connect(&m_stream, &EventStream::eventReceived, this, &MainWindow::handleEvent);
    connect(&m_stream, &EventStream::refused, this,
            [this](const QString &reason) { m_connection->setText(tr("Not signed in: %1").arg(reason)); });
    handleConnectedChanged(m_stream.isConnected());
}

void MainWindow::buildUi()
{
    setWindowTitle(m_wall ? tr("warroom — wall display") : tr("warroom — incident command"));
    m_model = new IncidentQueueModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(IncidentQueueModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setDynamicSortFilter(true);

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolbar"_s);
    toolbar->setMovable(false);
    m_connection = new QLabel(this);
    m_connection->setObjectName(u"connectionState"_s);
    m_connection->setAccessibleName(tr("Connection state"));
    m_connection->setContentsMargins(8, 0, 8, 0);
    toolbar->addWidget(m_connection);
    if (!m_wall) {
        toolbar->addSeparator();
        m_newIncidentAction = toolbar->addAction(tr("New incident…"), this, &MainWindow::handleNewIncidentTriggered);
        m_newIncidentAction->setObjectName(u"newIncidentAction"_s);
        m_freezeAction = toolbar->addAction(tr("Freeze execution…"), this, &MainWindow::handleFreezeTriggered);
        m_freezeAction->setObjectName(u"freezeAction"_s);
    }

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 6);
    m_staleBanner = new QLabel(tr("Disconnected from the coordinator — the data shown is stale. Reconnecting…"), this);
    m_staleBanner->setObjectName(u"staleBanner"_s);
    m_staleBanner->setStyleSheet(u"background:#b71c1c;color:white;padding:6px;font-weight:bold;"_s);
    m_staleBanner->setVisible(false);
    layout->addWidget(m_staleBanner);
    m_freezeBanner = new QLabel(this);
    m_freezeBanner->setObjectName(u"freezeBanner"_s);
    m_freezeBanner->setStyleSheet(u"background:#0d47a1;color:white;padding:6px;font-weight:bold;"_s);
    m_freezeBanner->setVisible(false);
    layout->addWidget(m_freezeBanner);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(u"queueFilter"_s);
    m_filter->setPlaceholderText(tr("Filter the queue: ID, service, status, title…"));
    m_filter->setAccessibleName(tr("Queue filter"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    if (!m_wall)
        layout->addWidget(m_filter);
    else
        m_filter->hide();

    m_view = new QTableView(this);
    m_view->setObjectName(u"queueView"_s);
    m_view->setAccessibleName(tr("Incident queue"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new QueueDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(IncidentQueueModel::PriorityColumn, Qt::AscendingOrder);
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setWordWrap(false);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::handleSelectionChanged);

    m_detail = new QTextBrowser(this);
    m_detail->setObjectName(u"incidentDetail"_s);
    m_detail->setAccessibleName(tr("Incident detail"));
    m_detail->setPlaceholderText(tr("Select an incident to see its analysis and plan."));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    if (m_wall) {
        QFont big = font();
        big.setPointSize(28);
        setFont(big);
        m_detail->hide();
        m_view->setSelectionMode(QAbstractItemView::NoSelection);
        m_view->setFocusPolicy(Qt::NoFocus);
        m_view->setColumnHidden(IncidentQueueModel::OwnerColumn, true);
        // Readable across a room: rows and header sized to the large type,
        // columns always fitting their content.
        m_view->verticalHeader()->setDefaultSectionSize(QFontMetrics(big).height() + 18);
        QFont header = big;
        header.setPointSize(20);
        header.setBold(true);
        m_view->horizontalHeader()->setFont(header);
        for (int c = 0; c < IncidentQueueModel::TitleColumn; ++c)
            m_view->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
        m_view->setStyleSheet(u"QTableView { background: #101418; alternate-background-color: #161b21; color: #f5f5f5;"
                              " gridline-color: #2a2f36; }"_s);
    }
    statusBar()->showMessage(tr("Server %1").arg(m_client.server().toDisplayString()));
    resize(1400, 860);
}

void MainWindow::handleConnectedChanged(bool connected)
{
    m_connection->setText(connected ? tr("● Live") : tr("○ Reconnecting…"));
    m_connection->setStyleSheet(connected ? u"color:#2e7d32;font-weight:bold;"_s
                                          : u"color:#b71c1c;font-weight:bold;"_s);
    m_staleBanner->setVisible(!connected);
}

void MainWindow::handleSnapshot(const QJsonObject &snapshot)
{
    // Keep the selection across a reconnect.
    const qint64 selected = m_detailId;
    m_model->resetFromSummaries(snapshot.value(u"incidents"_s).toArray());
    showFreeze(snapshot.value(u"freeze"_s).toObject());
    const QString user = snapshot.value(u"user"_s).toObject().value(u"name"_s).toString();
    statusBar()->showMessage(
        tr("Server %1 — signed in as %2 — %n incident(s)", nullptr, int(snapshot.value(u"total"_s).toInteger()))
            .arg(m_client.server().toDisplayString(), user));
    if (m_wall)
        return;
    for (int c = 0; c < IncidentQueueModel::TitleColumn; ++c)
        m_view->resizeColumnToContents(c);
    m_view->setColumnWidth(IncidentQueueModel::KeyColumn, m_view->columnWidth(IncidentQueueModel::KeyColumn) + 12);
    m_view->setColumnWidth(IncidentQueueModel::AgeColumn,
                           std::max(m_view->columnWidth(IncidentQueueModel::AgeColumn),
                                    m_view->fontMetrics().horizontalAdvance(u"00 h 00 min"_s) + 12));
    if (selected > 0 && m_model->rowOf(selected) >= 0)
        m_view->selectRow(m_proxy->mapFromSource(m_model->index(m_model->rowOf(selected), 0)).row());
    else if (m_proxy->rowCount() > 0)
        m_view->selectRow(0); // the most urgent incident, so the detail is never empty
}

void MainWindow::handleEvent(const QJsonObject &event)
{
    const QString type = event.value(u"type"_s).toString();
    if (type.startsWith(u"freeze."_s)) {
        showFreeze(event.value(u"freeze"_s).toObject());
        return;
    }
    m_model->applyEvent(event);
    if (m_detailId != 0 && event.value(u"incident_id"_s).toInteger() == m_detailId)
        handleSelectionChanged();
}

void MainWindow::handleSelectionChanged()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const qint64 id = rows.first().data(IncidentQueueModel::IncidentIdRole).toLongLong();
    m_detailId = id;
    QPointer<MainWindow> self(this);
    m_client.incident(id).then(this, [self, id](const ApiResponse &r) {
        if (!self || self->m_detailId != id)
            return; // a newer selection won
        if (r.ok())
            self->showDetail(r.json);
        else
            self->m_detail->setPlainText(tr("Could not load INC-%1: %2").arg(id).arg(r.errorMessage()));
    });
}

void MainWindow::showFreeze(const QJsonObject &freeze)
{
    m_frozen = freeze.value(u"active"_s).toBool();
    m_freezeBanner->setVisible(m_frozen);
    if (m_frozen)
        m_freezeBanner->setText(tr("EXECUTION FROZEN by %1 since %2: %3")
                                    .arg(freeze.value(u"by"_s).toString(),
                                         QDateTime::fromString(freeze.value(u"since"_s).toString(), Qt::ISODateWithMs)
                                             .toLocalTime()
                                             .toString(u"HH:mm"_s),
                                         freeze.value(u"reason"_s).toString()));
    if (m_freezeAction)
        m_freezeAction->setText(m_frozen ? tr("Lift freeze…") : tr("Freeze execution…"));
}

void MainWindow::showDetail(const QJsonObject &detail)
{
    const QJsonObject i = detail.value(u"incident"_s).toObject();
    QString html = u"<h2>%1 — %2</h2>"_s.arg(i.value(u"key"_s).toString().toHtmlEscaped(),
                                             i.value(u"title"_s).toString().toHtmlEscaped());
    html += u"<p><b>%1</b> %2 &nbsp; <b>%3</b> %4 &nbsp; <b>%5</b> %6 &nbsp; <b>%7</b> %8</p>"_s.arg(
        tr("Status"), IncidentQueueModel::stateLabel(i.value(u"state"_s).toString()), tr("Priority"),
        i.value(u"priority"_s).toString(), tr("Service"), i.value(u"service"_s).toString().toHtmlEscaped(),
        tr("Source"), i.value(u"source"_s).toString().toHtmlEscaped());
    if (!i.value(u"description"_s).toString().isEmpty())
        html += u"<p>%1</p>"_s.arg(i.value(u"description"_s).toString().toHtmlEscaped());
    const QJsonObject cls = detail.value(u"classification"_s).toObject();
    if (!cls.isEmpty()) {
        html += u"<h3>%1</h3><p><b>%2</b> · %3 %4 · %5 %6%</p>"_s.arg(
            tr("Analysis"),
            cls.value(u"mim_required"_s).toBool() ? tr("Major-incident candidate") : tr("Standard incident"),
            tr("category"), cls.value(u"category"_s).toString().replace(u'_', u' '), tr("confidence"),
            QString::number(cls.value(u"confidence"_s).toDouble() * 100.0, 'f', 0));
        html += u"<ul>"_s;
        const QJsonArray reasons = cls.value(u"reasons"_s).toArray();
        for (qsizetype k = 0; k < reasons.size() && k < 8; ++k) {
            const QJsonObject r = reasons.at(k).toObject();
            html += u"<li>%1 <small>(%2, %3)</small></li>"_s.arg(
                r.value(u"signal"_s).toString().toHtmlEscaped(),
                QString::number(r.value(u"weight"_s).toDouble(), 'f', 2),
                r.value(u"source"_s).toString().toHtmlEscaped());
        }
        html += u"</ul>"_s;
        QStringList runnersUp;
        for (const QJsonValue &v : cls.value(u"runners_up"_s).toArray())
            runnersUp.append(u"%1 %2%"_s.arg(v[u"category"_s].toString().replace(u'_', u' '))
                                 .arg(v[u"score"_s].toDouble() * 100.0, 0, 'f', 0));
        if (!runnersUp.isEmpty())
            html += u"<p><small>%1 %2</small></p>"_s.arg(tr("Also considered:"),
                                                         runnersUp.join(u", "_s).toHtmlEscaped());
    }
    const QJsonArray matches = detail.value(u"matches"_s).toArray();
    if (!matches.isEmpty()) {
        html += u"<h3>%1</h3><ul>"_s.arg(tr("Knowledge"));
        for (qsizetype k = 0; k < matches.size() && k < 8; ++k) {
            const QJsonObject m = matches.at(k).toObject();
            QStringList terms;
            for (const QJsonValue &t : m.value(u"matched_terms"_s).toArray())
                terms.append(t.toString());
            html += u"<li><b>%1</b> %2 <small>(%3, %4 %5; %6)</small></li>"_s.arg(
                m.value(u"doc_id"_s).toString().toHtmlEscaped(), m.value(u"title"_s).toString().toHtmlEscaped(),
                m.value(u"kind"_s).toString(), tr("score"), QString::number(m.value(u"score"_s).toDouble(), 'f', 1),
                terms.join(u", "_s).toHtmlEscaped());
        }
        html += u"</ul>"_s;
    }
    const QJsonArray steps = detail.value(u"plan"_s).toObject().value(u"steps"_s).toArray();
    const QJsonArray status = detail.value(u"approval_status"_s).toArray();
    if (steps.isEmpty()) {
        html += u"<p><i>%1</i></p>"_s.arg(tr("No plan yet."));
    } else {
        html += u"<h3>%1</h3><table cellpadding='4' border='1' style='border-collapse:collapse'>"_s.arg(tr("Plan"));
        html += u"<tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th><th>%6</th></tr>"_s.arg(
            tr("Step"), tr("Kind"), tr("What"), tr("Risk"), tr("State"), tr("Approvals"));
        for (qsizetype k = 0; k < steps.size(); ++k) {
            const QJsonObject s = steps.at(k).toObject();
            const QJsonObject a = status.at(k).toObject();
            QStringList approvers;
            for (const QJsonValue &v : a.value(u"approvers"_s).toArray())
                approvers.append(v.toString());
            html
                += u"<tr><td>%1</td><td>%2</td><td>%3<br><small>%4 %5</small></td><td>%6</td><td>%7</td><td>%8</td></tr>"_s
                       .arg(s.value(u"id"_s).toString(), s.value(u"kind"_s).toString(),
                            s.value(u"title"_s).toString().toHtmlEscaped(),
                            s.value(u"playbook"_s).toString().toHtmlEscaped(), s.value(u"environment"_s).toString(),
                            s.value(u"risk"_s).toString(), s.value(u"state"_s).toString(),
                            tr("%1 of %2 %3")
                                .arg(approvers.size())
                                .arg(a.value(u"needed"_s).toInt())
                                .arg(approvers.join(u", "_s)));
        }
        html += u"</table>"_s;
    }
    m_detail->setHtml(html);
}

void MainWindow::handleFreezeTriggered()
{
    bool ok = false;
    const QString reason = QInputDialog::getText(
        this, m_frozen ? tr("Lift the freeze") : tr("Freeze execution"),
        m_frozen ? tr("Why may execution resume?") : tr("Why must all execution stop?"), QLineEdit::Normal, {}, &ok);
    if (!ok)
        return;
    if (!m_frozen && reason.trimmed().isEmpty()) {
        QMessageBox::warning(this, tr("Freeze execution"), tr("A freeze needs a reason."));
        return;
    }
    QPointer<MainWindow> self(this);
    (m_frozen ? m_client.unfreeze(reason) : m_client.freeze(reason)).then(this, [self](const ApiResponse &r) {
        if (self && !r.ok())
            QMessageBox::warning(self, tr("Freeze"), r.errorMessage());
    });
}

void MainWindow::handleNewIncidentTriggered()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("New incident"));
    auto *form = new QFormLayout(&dialog);
    auto *title = new QLineEdit(&dialog);
    auto *service = new QLineEdit(&dialog);
    auto *priority = new QComboBox(&dialog);
    priority->addItems({u"P1"_s, u"P2"_s, u"P3"_s, u"P4"_s});
    priority->setCurrentIndex(2);
    auto *description = new QPlainTextEdit(&dialog);
    form->addRow(tr("Title"), title);
    form->addRow(tr("Service"), service);
    form->addRow(tr("Priority"), priority);
    form->addRow(tr("Description"), description);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QJsonObject body {{u"title"_s, title->text()},
                            {u"service"_s, service->text()},
                            {u"priority"_s, priority->currentText()},
                            {u"description"_s, description->toPlainText()},
                            {u"source"_s, u"console"_s}};
    QPointer<MainWindow> self(this);
    m_client.submitIncident(body).then(this, [self](const ApiResponse &r) {
        if (self && !r.ok())
            QMessageBox::warning(self, tr("New incident"), r.errorMessage());
    });
}

} // namespace warroom
