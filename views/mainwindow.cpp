#include "mainwindow.h"

#include "apiclient.h"
#include "asyncreply.h"
#include "chartsview.h"
#include "eventstream.h"
#include "incidentdetail.h"
#include "incidentqueuemodel.h"
#include "permissions.h"
#include "queuedelegate.h"
#include "queueproxymodel.h"
#include "remediationview.h"
#include "signin.h"
#include "wallview.h"

#include <QAction>

#ifdef __GLIBC__
#include <malloc.h>
#endif
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
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

/// Keyboard focus to the first control of a page (its table, its first field),
/// not to the page itself, where arrows and Space would do nothing.
void focusFirstIn(QWidget *page)
{
    if (!page)
        return;
    for (QWidget *w = page->nextInFocusChain(); w && w != page; w = w->nextInFocusChain()) {
        if (!page->isAncestorOf(w))
            continue; // the chain may leave the page and come back (setTabOrder)
        if (w->isVisibleTo(page) && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus)) {
            w->setFocus(Qt::ShortcutFocusReason);
            return;
        }
    }
    page->setFocus(Qt::ShortcutFocusReason);
}

} // namespace

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
    connect(&m_stream, &EventStream::refused, this, &MainWindow::handleRefused);
    handleConnectedChanged(m_stream.isConnected());
}

void MainWindow::buildUi()
{
    setWindowTitle(m_wall ? tr("warroom — wall display") : tr("warroom — incident command"));
    m_model = new IncidentQueueModel(this);
    m_proxy = new QueueProxyModel(m_model, this);
    // Live events arrive in bursts (1,000/s during a storm): applied in
    // batches ten times a second, so the queue stays responsive.
    m_flush.setSingleShot(true);
    m_flush.setInterval(100);
    connect(&m_flush, &QTimer::timeout, this, &MainWindow::flushPending);

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
        offerToolbarActions(); // disabled until the coordinator says who is signed in
        toolbar->addSeparator();
        m_signInAction = toolbar->addAction(tr("Sign in…"), this, &MainWindow::signIn);
        m_signInAction->setObjectName(u"signInAction"_s);
        m_signInAction->setToolTip(tr("Sign in to a coordinator with another token or server"));
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
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QueueProxyModel::setFilterText);
    if (m_wall)
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
    // Column widths from the first rows on screen, not from a thousand rows of a big snapshot.
    m_view->horizontalHeader()->setResizeContentsPrecision(100);
    m_view->setWordWrap(false);
    // Every row is one line: the view never measures 100,000 rows.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::handleSelectionChanged);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    if (m_wall) {
        m_wallView = new WallView(m_client, m_model, this);
        splitter->addWidget(m_wallView);
        splitter->addWidget(m_view);
        splitter->setStretchFactor(0, 2);
        splitter->setStretchFactor(1, 3);
        layout->addWidget(splitter, 1);
    } else {
        m_detail = new IncidentDetail(m_client, this);
        splitter->addWidget(m_view);
        splitter->addWidget(m_detail);
        // The queue is a list to pick from; the detail is where the work is.
        splitter->setStretchFactor(0, 2);
        splitter->setStretchFactor(1, 3);
        splitter->setSizes({300, 560});
        auto *queuePage = new QWidget(this);
        auto *queueLayout = new QVBoxLayout(queuePage);
        queueLayout->setContentsMargins(0, 0, 0, 0);
        queueLayout->addWidget(m_filter);
        queueLayout->addWidget(splitter, 1);
        m_charts = new ChartsView(m_model, this);
        m_charts->setClient(&m_client);
        m_remediation = new RemediationView(m_client, this);
        m_tabs = new QTabWidget(this);
        m_tabs->setObjectName(u"mainTabs"_s);
        m_tabs->setAccessibleName(tr("Console pages"));
        m_tabs->addTab(queuePage, tr("&Incidents"));
        m_tabs->addTab(m_charts, tr("C&harts"));
        m_tabs->addTab(m_remediation, tr("Re&mediation"));
        m_tabs->setTabToolTip(RemediationPage, tr("The review queue of automation drafted from resolved incidents"));
        layout->addWidget(m_tabs, 1);
        // Keyboard: Ctrl+F filters, Ctrl+L goes to the queue, Ctrl+1..7 pick the detail's tab.
        auto *findShortcut = new QShortcut(QKeySequence::Find, this);
        connect(findShortcut, &QShortcut::activated, this, [this] {
            m_tabs->setCurrentIndex(0);
            m_filter->setFocus(Qt::ShortcutFocusReason);
            m_filter->selectAll();
        });
        auto *queueShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_L), this);
        connect(queueShortcut, &QShortcut::activated, this, [this] {
            m_tabs->setCurrentIndex(0);
            m_view->setFocus(Qt::ShortcutFocusReason);
        });
        for (int tab = 0; tab < IncidentDetail::TabCount; ++tab) {
            auto *sc = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + tab)), this);
            connect(sc, &QShortcut::activated, this, [this, tab] {
                m_tabs->setCurrentIndex(0);
                m_detail->setCurrentIndex(tab);
                focusFirstIn(m_detail->currentWidget());
            });
        }
        setTabOrder(m_filter, m_view);
        setTabOrder(m_view, m_detail);
    }
    setCentralWidget(central);

    if (m_wall) {
        // High contrast, large type (28 pt and more), nothing to click.
        QFont big = font();
        big.setPointSize(28);
        setFont(big);
        QPalette pal = palette();
        pal.setColor(QPalette::Window, QColor(0x0b, 0x0d, 0x10));
        pal.setColor(QPalette::WindowText, Qt::white);
        setPalette(pal);
        m_view->setSelectionMode(QAbstractItemView::NoSelection);
        m_view->setFocusPolicy(Qt::NoFocus);
        m_view->setSortingEnabled(false);
        m_view->horizontalHeader()->setSectionsClickable(false);
        m_view->setColumnHidden(IncidentQueueModel::OwnerColumn, true);
        m_view->setColumnHidden(IncidentQueueModel::ConfidenceColumn, true);
        // The headline above says which are major incidents; the title gets the room.
        m_view->setColumnHidden(IncidentQueueModel::ClassColumn, true);
        m_view->setColumnHidden(IncidentQueueModel::TasksColumn, true);
        // Titles wrap onto two lines rather than being cut off.
        m_view->setWordWrap(true);
        m_view->setTextElideMode(Qt::ElideNone);
        m_view->verticalHeader()->setDefaultSectionSize(QFontMetrics(big).lineSpacing() * 2 + 14);
        QFont header = big;
        header.setBold(true);
        m_view->horizontalHeader()->setFont(header);
        for (int c = 0; c < IncidentQueueModel::TitleColumn; ++c)
            m_view->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
        m_view->horizontalHeader()->setSectionResizeMode(IncidentQueueModel::AgeColumn, QHeaderView::Fixed);
        m_view->setColumnWidth(IncidentQueueModel::AgeColumn,
                               QFontMetrics(big).horizontalAdvance(u"00 h 00 min"_s) + 16);
        m_view->setStyleSheet(u"QTableView { background: #000000; alternate-background-color: #12161b; color: #ffffff;"
                              " gridline-color: #3a3f46; }"
                              " QHeaderView::section { background: #1c2128; color: #ffffff; padding: 6px; }"_s);
        statusBar()->hide();
        toolbar->setStyleSheet(u"QToolBar { background: #0b0d10; border: none; }"_s);
        m_connection->setFont(header);
        m_staleBanner->setFont(header);
        m_freezeBanner->setFont(header);
    }
    statusBar()->showMessage(tr("Server %1").arg(m_client.server().toDisplayString()));
    resize(1400, 860);
    // Nothing arrives when a task simply runs late, and ages grow by themselves: repaint twice a minute.
    m_repaint.setInterval(30000);
    connect(&m_repaint, &QTimer::timeout, this, [this] { m_view->viewport()->update(); });
    m_repaint.start();
}

void MainWindow::handleConnectedChanged(bool connected)
{
    m_connection->setText(connected ? tr("● Live") : tr("○ Reconnecting…"));
    if (m_wall)
        // Bright on the black wall, readable across the room.
        m_connection->setStyleSheet(connected ? u"color:#69f0ae;font-weight:bold;"_s
                                              : u"color:#ff5252;font-weight:bold;"_s);
    else
        m_connection->setStyleSheet(connected ? u"color:#2e7d32;font-weight:bold;"_s
                                              : u"color:#b71c1c;font-weight:bold;"_s);
    m_staleBanner->setVisible(!connected);
    if (connected && m_signInAction)
        m_signInAction->setText(tr("Sign in…"));
}

void MainWindow::handleRefused(const QString &reason)
{
    m_connection->setText(tr("Not signed in: %1").arg(reason));
    m_connection->setStyleSheet(u"color:#b71c1c;font-weight:bold;"_s);
    m_staleBanner->setText(
        tr("The coordinator refused the token (%1) — the data shown is stale. Sign in again.").arg(reason));
    m_staleBanner->setVisible(true);
    if (m_signInAction)
        m_signInAction->setText(tr("Sign in again…"));
    // Nobody is signed in now: nothing is offered on the old token's roles,
    // neither in the toolbar nor in the incident's panes.
    m_user = {};
    offerToolbarActions();
    if (m_detail)
        m_detail->setUser(m_user);
    if (m_remediation)
        m_remediation->setUser(m_user);
}

void MainWindow::signIn()
{
    SignInDialog dialog(m_client.server(), this);
    dialog.setObjectName(u"signInDialog"_s);
    if (m_stream.isConnected())
        dialog.setMessage({});
    else
        dialog.setMessage(tr("Not connected: sign in with a valid token."));
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.remember() && !dialog.tokenFromKeyring()) {
        const TokenStore::Result written = TokenStore::write(dialog.server(), dialog.token());
        if (!written.ok)
            statusBar()->showMessage(
                tr("The token could not be kept in the system keyring (%1); it is used for this session only.")
                    .arg(written.error));
    }
    m_client.setServer(dialog.server());
    m_client.setToken(dialog.token());
    m_stream.stop();
    m_stream.setEndpoint(m_client.webSocketUrl(), dialog.token());
    m_staleBanner->setText(tr("Disconnected from the coordinator — the data shown is stale. Reconnecting…"));
    m_connection->setText(tr("○ Reconnecting…"));
    m_stream.start();
}

void MainWindow::handleSnapshot(const QJsonObject &snapshot)
{
    // Keep the selection across a reconnect.
    const qint64 selected = m_detailId;
    m_pending.clear(); // the snapshot is newer than anything queued
    m_flush.stop();
    m_model->resetFromSummaries(snapshot.value(u"incidents"_s).toArray());
    showFreeze(snapshot.value(u"freeze"_s).toObject());
#ifdef __GLIBC__
    // A large snapshot's JSON leaves many freed small blocks behind: once it is
    // gone (after this handler), give the pages back.
    QTimer::singleShot(0, this, [] { malloc_trim(0); });
#endif
    const QJsonObject me = snapshot.value(u"user"_s).toObject();
    const QString user = me.value(u"name"_s).toString();
    const ConsoleUser who {user, me.value(u"roles"_s).toVariant().toStringList()};
    m_user = who;
    offerToolbarActions();
    if (m_detail)
        m_detail->setUser(who);
    if (m_remediation)
        m_remediation->setUser(who);
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
    const QJsonObject incident = event.value(u"incident"_s).toObject();
    if (!incident.isEmpty()) {
        m_pending.append(incident);
        if (!m_flush.isActive())
            m_flush.start();
    }
    if (m_detail)
        m_detail->handleEvent(event);
}

void MainWindow::flushPending()
{
    if (m_pending.isEmpty())
        return;
    const QList<QJsonObject> batch = std::exchange(m_pending, {});
    // Keep the scroll position: the incident at the top of the view stays
    // there unless the view is at the very top (then new urgent ones show).
    const bool atTop = m_view->verticalScrollBar()->value() == 0;
    const qint64 topId
        = atTop ? 0 : m_view->indexAt(QPoint(1, 1)).data(IncidentQueueModel::IncidentIdRole).toLongLong();
    m_model->upsertSummaries(batch);
    if (topId > 0) {
        const int row = m_model->rowOf(topId);
        const QModelIndex index = row >= 0 ? m_proxy->mapFromSource(m_model->index(row, 0)) : QModelIndex();
        if (index.isValid())
            m_view->scrollTo(index, QAbstractItemView::PositionAtTop);
    }
}

void MainWindow::handleSelectionChanged()
{
    if (!m_detail)
        return;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    m_detailId = rows.first().data(IncidentQueueModel::IncidentIdRole).toLongLong();
    m_detail->setIncident(m_detailId);
}

bool MainWindow::selectIncident(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_view->selectRow(index.row());
    m_view->scrollTo(index);
    return true;
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
    offerToolbarActions();
}

void MainWindow::offerToolbarActions()
{
    if (!m_freezeAction || !m_newIncidentAction)
        return;
    // By the coordinator's own table: submitting and freezing for the people
    // who work incidents, lifting a freeze for a MIM or an admin.
    const QString roles = m_user.roles.isEmpty() ? tr("none") : m_user.roles.join(u", "_s);
    const auto offer = [&](QAction *action, const QStringList &wanted, const QString &what) {
        const bool allowed = m_user.hasAnyRole(wanted);
        action->setEnabled(allowed);
        action->setToolTip(
            !m_user.isKnown() ? tr("Signing in…")
                : allowed     ? what
                          : tr("Needs the %1 role (you have: %2).").arg(QStringList(wanted).join(tr(" or ")), roles));
    };
    offer(m_newIncidentAction, roleNamesFor(Action::OpenIncident), tr("Open an incident by hand"));
    if (m_frozen)
        offer(m_freezeAction, roleNamesFor(Action::LiftFreeze),
              tr("Lift the freeze: playbooks may run again once approved"));
    else
        offer(m_freezeAction, roleNamesFor(Action::Freeze),
              tr("Stop every playbook from starting, here and everywhere"));
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
    onAnswer(m_frozen ? m_client.unfreeze(reason.trimmed()) : m_client.freeze(reason.trimmed()), this,
             [this](const ApiResponse &r) {
                 if (!r.ok())
                     QMessageBox::warning(this, tr("Freeze"), r.errorMessage());
             });
}

void MainWindow::handleNewIncidentTriggered()
{
    QDialog dialog(this);
    dialog.setObjectName(u"newIncidentDialog"_s);
    dialog.setWindowTitle(tr("New incident"));
    auto *form = new QFormLayout(&dialog);
    auto *title = new QLineEdit(&dialog);
    title->setObjectName(u"newIncidentTitle"_s);
    title->setPlaceholderText(tr("What is broken, in one line (required)"));
    auto *service = new QLineEdit(&dialog);
    service->setObjectName(u"newIncidentService"_s);
    auto *priority = new QComboBox(&dialog);
    priority->addItems({u"P1"_s, u"P2"_s, u"P3"_s, u"P4"_s});
    priority->setCurrentIndex(2);
    auto *description = new QPlainTextEdit(&dialog);
    form->addRow(tr("Title"), title);
    form->addRow(tr("Service"), service);
    form->addRow(tr("Priority"), priority);
    form->addRow(tr("Description"), description);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Submit"));
    form->addRow(buttons);
    // No incident without a title: Submit stays off until there is one.
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(false);
    connect(title, &QLineEdit::textChanged, ok,
            [ok](const QString &text) { ok->setEnabled(!text.trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&dialog, title] {
        if (!title->text().trimmed().isEmpty())
            dialog.accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QJsonObject body {{u"title"_s, title->text().trimmed()},
                            {u"service"_s, service->text()},
                            {u"priority"_s, priority->currentText()},
                            {u"description"_s, description->toPlainText()},
                            {u"source"_s, u"console"_s}};
    onAnswer(m_client.submitIncident(body), this, [this](const ApiResponse &r) {
        if (!r.ok())
            QMessageBox::warning(this, tr("New incident"), r.errorMessage());
        else
            statusBar()->showMessage(
                tr("Submitted %1.").arg(r.json.value(u"incident"_s).toObject().value(u"key"_s).toString()), 10000);
    });
}

} // namespace warroom
