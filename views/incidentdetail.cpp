#include "incidentdetail.h"

#include "apiclient.h"
#include "asyncreply.h"
#include "commandpanel.h"
#include "commspane.h"
#include "detailmodels.h"
#include "holdbutton.h"
#include "incidentqueuemodel.h"
#include "permissions.h"
#include "postmortempane.h"
#include "readinpane.h"
#include "taskalert.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QTableView *makeTable(QWidget *parent, const QString &objectName, const QString &accessibleName)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setTabKeyNavigation(false); // Tab leaves the table; arrows move inside
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    return view;
}

QString renderValue(const QJsonValue &v)
{
    if (v.isString())
        return esc(v.toString());
    if (v.isDouble())
        return QString::number(v.toDouble());
    if (v.isBool())
        return v.toBool() ? QCoreApplication::translate("warroom::IncidentDetail", "yes")
                          : QCoreApplication::translate("warroom::IncidentDetail", "no");
    if (v.isArray()) {
        QString html = u"<ul>"_s;
        for (const QJsonValue &item : v.toArray())
            html += u"<li>"_s + renderValue(item) + u"</li>"_s;
        return html + u"</ul>"_s;
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        QStringList parts;
        for (auto it = o.begin(); it != o.end(); ++it)
            parts.append(u"<i>%1</i>: %2"_s.arg(esc(it.key()), renderValue(it.value())));
        return parts.join(u"; "_s);
    }
    return {};
}

/// The phase's output as people read ansible's: the JSON lines of the jsonl
/// callback turned into PLAY / TASK / ok: [host] / PLAY RECAP lines.
QString readableLog(const QString &tail)
{
    QStringList out;
    for (const QString &line : tail.split(u'\n', Qt::SkipEmptyParts)) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        const QString kind = e.value(u"_event"_s).toString();
        if (kind.isEmpty()) {
            out.append(line);
            continue;
        }
        if (kind == u"v2_playbook_on_play_start"_s) {
            out.append(u"PLAY [%1]"_s.arg(e.value(u"play"_s).toObject().value(u"name"_s).toString()));
        } else if (kind == u"v2_playbook_on_task_start"_s) {
            out.append(u"TASK [%1]"_s.arg(e.value(u"task"_s).toObject().value(u"name"_s).toString()));
        } else if (kind.startsWith(u"v2_runner_on_"_s)) {
            const QJsonObject hosts = e.value(u"hosts"_s).toObject();
            for (auto it = hosts.begin(); it != hosts.end(); ++it) {
                const QJsonObject r = it.value().toObject();
                QString status = kind.mid(13);
                if (status == u"ok"_s && r.value(u"changed"_s).toBool())
                    status = u"changed"_s;
                else if (status == u"skipped"_s)
                    status = u"skipping"_s;
                QString text = u"%1: [%2]"_s.arg(status, it.key());
                const QString msg = r.value(u"msg"_s).toString();
                if (!msg.isEmpty() && status != u"ok"_s && status != u"skipping"_s)
                    text += u" — "_s + msg;
                out.append(text);
            }
        } else if (kind == u"v2_playbook_on_stats"_s) {
            out.append(u"PLAY RECAP"_s);
            const QJsonObject stats = e.value(u"stats"_s).toObject();
            for (auto it = stats.begin(); it != stats.end(); ++it) {
                const QJsonObject h = it.value().toObject();
                out.append(u"%1 : ok=%2 changed=%3 failed=%4 skipped=%5 unreachable=%6"_s.arg(it.key())
                               .arg(h.value(u"ok"_s).toInt())
                               .arg(h.value(u"changed"_s).toInt())
                               .arg(h.value(u"failures"_s).toInt())
                               .arg(h.value(u"skipped"_s).toInt())
                               .arg(h.value(u"unreachable"_s).toInt()));
            }
        }
    }
    return out.join(u'\n');
}

} // namespace

IncidentDetail::IncidentDetail(ApiClient &client, QWidget *parent)
    : QTabWidget(parent)
    , m_client(client)
{
    setObjectName(u"incidentDetail"_s);
    setAccessibleName(tr("Incident detail"));
    addTab(buildOverview(), tr("&Overview"));
    addTab(buildPlan(), tr("&Plan"));
    addTab(buildEvidence(), tr("&Evidence"));
    addTab(buildTimeline(), tr("&Timeline"));
    m_readIn = new ReadInPane(m_client, this);
    addTab(m_readIn, tr("&Read-in"));
    m_comms = new CommsPane(m_client, this);
    addTab(m_comms, tr("&Comms"));
    connect(m_comms, &CommsPane::published, this, [this](int, const QJsonObject &workflow) {
        if (!workflow.isEmpty() && workflow.value(u"incident"_s).toObject().value(u"id"_s).toInteger() == m_id)
            showWorkflow(workflow);
    });
    m_postmortem = new PostmortemPane(m_client, this);
    addTab(m_postmortem, tr("Po&stmortem"));
    connect(this, &QTabWidget::currentChanged, this, [this](int tab) {
        if (tab == TimelineTab)
            loadTimeline();
    });
    // Tasks become overdue while nobody touches the incident: look again every 15 s.
    m_clock.setInterval(15000);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        if (m_workflow.isEmpty())
            return;
        m_planModel->refreshTasks();
        m_command->setWorkflow(m_workflow);
    });
    m_clock.start();
}

void IncidentDetail::setUserName(const QString &name)
{
    if (name == m_user.name)
        return;
    setUser({name, {}});
}

void IncidentDetail::setUser(const ConsoleUser &user)
{
    m_user = user;
    m_command->setUser(user);
    m_comms->setUser(user);
    renderStepDetail();
}

void IncidentDetail::setNow(const QDateTime &now)
{
    m_planModel->setNow(now);
    m_command->setNow(now);
    m_command->setWorkflow(m_workflow);
    renderStepDetail();
}

QWidget *IncidentDetail::buildOverview()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_command = new CommandPanel(m_client, page);
    connect(m_command, &CommandPanel::commandAnswered, this, [this](const QString &, int, const QJsonObject &workflow) {
        if (!workflow.isEmpty() && workflow.value(u"incident"_s).toObject().value(u"id"_s).toInteger() == m_id)
            showWorkflow(workflow);
    });
    layout->addWidget(m_command);
    auto *splitter = new QSplitter(Qt::Horizontal, page);
    layout->addWidget(splitter, 1);
    m_overview = new QTextBrowser(splitter);
    m_overview->setObjectName(u"overview"_s);
    m_overview->setAccessibleName(tr("Analysis"));
    m_overview->setOpenLinks(false);
    m_overview->setPlaceholderText(tr("Select an incident to see its analysis and plan."));
    connect(m_overview, &QTextBrowser::anchorClicked, this, &IncidentDetail::openArticle);
    m_article = new QTextBrowser(splitter);
    m_article->setObjectName(u"article"_s);
    m_article->setAccessibleName(tr("Knowledge article"));
    m_article->setOpenLinks(false);
    m_article->setPlaceholderText(tr("The matched knowledge and similar incidents show here."));
    connect(m_article, &QTextBrowser::anchorClicked, this, &IncidentDetail::openArticle);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({700, 450});
    return page;
}

QWidget *IncidentDetail::buildPlan()
{
    auto *page = new QWidget(this);
    auto *layout = new QHBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *splitter = new QSplitter(Qt::Horizontal, page);
    m_planModel = new PlanStepsModel(this);
    m_planView = makeTable(splitter, u"planView"_s, tr("Plan steps"));
    m_planView->setModel(m_planModel);
    m_planView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_planView->horizontalHeader()->setSectionResizeMode(PlanStepsModel::TitleColumn, QHeaderView::Stretch);
    // A task's line can be long (a reason, the escalation): it wraps in a column of its own width.
    m_planView->horizontalHeader()->setStretchLastSection(false);
    m_planView->horizontalHeader()->setSectionResizeMode(PlanStepsModel::TaskColumn, QHeaderView::Interactive);
    m_planView->setColumnWidth(PlanStepsModel::TaskColumn, m_planView->fontMetrics().horizontalAdvance(u"M"_s) * 18);
    m_planView->setIconSize(QSize(16, 16));
    // A plan has a handful of steps: their titles wrap rather than being cut.
    m_planView->setWordWrap(true);
    m_planView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_planView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &IncidentDetail::renderStepDetail);

    auto *side = new QWidget(splitter);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    m_stepDetail = new QTextBrowser(side);
    m_stepDetail->setObjectName(u"stepDetail"_s);
    m_stepDetail->setAccessibleName(tr("Step detail"));
    sideLayout->addWidget(m_stepDetail, 1);
    m_gateNote = new QLabel(side);
    m_gateNote->setObjectName(u"gateNote"_s);
    m_gateNote->setWordWrap(true);
    m_gateNote->setTextFormat(Qt::RichText);
    sideLayout->addWidget(m_gateNote);
    auto *buttons = new QHBoxLayout;
    m_approve = new HoldButton(tr("Hold to approve (1.5 s)"), side);
    m_approve->setObjectName(u"approveGate"_s);
    m_approve->setAccessibleName(tr("Approve the selected step: press and hold for 1.5 seconds, mouse or Space"));
    m_approve->setToolTip(tr("Press and hold (mouse or Space) for 1.5 s to approve. A short click does nothing."));
    // The hold is bound to the step (and its content hash) under the pointer
    // when it began: anything that changes that cancels it.
    connect(m_approve, &HoldButton::holdStarted, this, &IncidentDetail::bindHold);
    connect(m_approve, &HoldButton::holdCancelled, this, [this] { m_hold = {}; });
    connect(m_approve, &HoldButton::held, this, &IncidentDetail::approveHeld);
    buttons->addWidget(m_approve, 2);
    m_reject = new QPushButton(tr("Reject…"), side);
    m_reject->setObjectName(u"rejectButton"_s);
    m_reject->setAccessibleName(tr("Reject the selected step"));
    connect(m_reject, &QPushButton::clicked, this, &IncidentDetail::rejectSelected);
    buttons->addWidget(m_reject, 1);
    m_rollback = new QPushButton(tr("Roll back…"), side);
    m_rollback->setObjectName(u"rollbackButton"_s);
    m_rollback->setAccessibleName(tr("Roll back the selected executed step"));
    connect(m_rollback, &QPushButton::clicked, this, &IncidentDetail::rollbackSelected);
    buttons->addWidget(m_rollback, 1);
    m_block = new QPushButton(tr("Block task…"), side);
    m_block->setObjectName(u"blockButton"_s);
    m_block->setAccessibleName(tr("Block or unblock the selected task"));
    connect(m_block, &QPushButton::clicked, this, &IncidentDetail::blockSelected);
    buttons->addWidget(m_block, 1);
    sideLayout->addLayout(buttons);
    m_planMessage = new QLabel(side);
    m_planMessage->setObjectName(u"planMessage"_s);
    m_planMessage->setWordWrap(true);
    sideLayout->addWidget(m_planMessage);
    splitter->addWidget(m_planView);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    // Three fifths to the steps from the start (the splitter scales these to its width).
    splitter->setSizes({3000, 2000});
    layout->addWidget(splitter);
    setTabOrder(m_planView, m_approve);
    setTabOrder(m_approve, m_reject);
    setTabOrder(m_reject, m_rollback);
    setTabOrder(m_rollback, m_block);
    renderStepDetail();
    return page;
}

QWidget *IncidentDetail::buildEvidence()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 4);
    m_evidenceSummary = new QLabel(tr("No runs yet."), page);
    m_evidenceSummary->setObjectName(u"evidenceSummary"_s);
    m_evidenceSummary->setTextFormat(Qt::RichText);
    layout->addWidget(m_evidenceSummary);
    auto *splitter = new QSplitter(Qt::Vertical, page);
    m_evidenceModel = new EvidenceModel(this);
    m_evidenceView = makeTable(splitter, u"evidenceView"_s, tr("Tasks of the runs"));
    m_evidenceView->setModel(m_evidenceModel);
    m_evidenceView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_evidenceView->horizontalHeader()->setStretchLastSection(false);
    m_evidenceView->horizontalHeader()->setSectionResizeMode(EvidenceModel::TaskColumn, QHeaderView::Stretch);
    connect(m_evidenceView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &IncidentDetail::renderEvidenceSelection);
    auto *outputs = new QSplitter(Qt::Horizontal, splitter);
    QFont mono(u"monospace"_s);
    mono.setStyleHint(QFont::TypeWriter);
    m_output = new QPlainTextEdit(outputs);
    m_output->setObjectName(u"phaseOutput"_s);
    m_output->setAccessibleName(tr("Output of the phase"));
    m_output->setReadOnly(true);
    m_output->setFont(mono);
    m_output->setPlaceholderText(tr("The command, exit code and output of the selected task's phase."));
    m_diff = new QPlainTextEdit(outputs);
    m_diff->setObjectName(u"taskDiff"_s);
    m_diff->setAccessibleName(tr("Diff of the task"));
    m_diff->setReadOnly(true);
    m_diff->setFont(mono);
    m_diff->setPlaceholderText(tr("The diff of the selected task, when it changed something."));
    splitter->addWidget(m_evidenceView);
    splitter->addWidget(outputs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({3000, 2000}); // three fifths to the left from the start
    layout->addWidget(splitter, 1);
    connect(m_evidenceModel, &QAbstractItemModel::rowsInserted, this, &IncidentDetail::renderEvidenceSummary);
    connect(m_evidenceModel, &QAbstractItemModel::modelReset, this, &IncidentDetail::renderEvidenceSummary);
    return page;
}

QWidget *IncidentDetail::buildTimeline()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 4);
    m_chain = new QLabel(page);
    m_chain->setObjectName(u"chainState"_s);
    m_chain->setAccessibleName(tr("Audit chain verification"));
    layout->addWidget(m_chain);
    m_auditModel = new AuditModel(this);
    m_auditView = makeTable(page, u"timelineView"_s, tr("Audit events of the incident"));
    m_auditView->setModel(m_auditModel);
    m_auditView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_auditView->horizontalHeader()->setSectionResizeMode(AuditModel::DetailColumn, QHeaderView::Stretch);
    layout->addWidget(m_auditView, 1);
    return page;
}

void IncidentDetail::setIncident(qint64 id)
{
    if (id == m_id)
        return;
    m_id = id;
    m_workflow = {};
    m_article->clear();
    m_auditModel->setEvents({});
    m_chain->clear();
    // Nothing of the previous incident stays on screen while the new one loads:
    // its plan would offer a gate for steps of another incident.
    m_planModel->setWorkflow({});
    m_evidenceModel->setRuns({});
    m_planFor = -1;
    m_command->setWorkflow({});
    m_comms->setWorkflow({});
    m_postmortem->setWorkflow({});
    m_readIn->setIncident(id);
    renderStepDetail();
    if (id == 0) {
        showWorkflow({});
        return;
    }
    m_overview->setHtml(u"<p><i>%1</i></p>"_s.arg(tr("Loading INC-%1…").arg(id)));
    reload();
}

void IncidentDetail::reload()
{
    if (m_id == 0)
        return;
    const qint64 id = m_id;
    onAnswer(m_client.incident(id), this, [this, id](const ApiResponse &r) {
        if (m_id != id)
            return; // a newer selection won
        if (r.ok())
            showWorkflow(r.json);
        else
            m_overview->setPlainText(tr("Could not load INC-%1: %2").arg(id).arg(r.errorMessage()));
    });
    if (currentIndex() == TimelineTab)
        loadTimeline();
}

void IncidentDetail::showWorkflow(const QJsonObject &workflow)
{
    m_workflow = workflow;
    const qint64 id = workflow.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
    if (id != 0)
        m_id = id;
    // Keep the selected step while the same incident updates; a new incident starts at its first open decision.
    const QString step = m_planFor == m_id ? selectedStep() : QString();
    m_planFor = m_id;
    m_planModel->setWorkflow(workflow);
    // The task column only for plans with people's tasks: the title gets the room otherwise.
    bool tasks = false;
    for (int r = 0; r < m_planModel->rowCount() && !tasks; ++r) {
        const QString kind = m_planModel->step(r).value(u"kind"_s).toString();
        tasks = kind == u"manual"_s || kind == u"communicate"_s;
    }
    m_planView->setColumnHidden(PlanStepsModel::TaskColumn, !tasks);
    if (!step.isEmpty())
        selectStep(step);
    else if (m_planModel->rowCount() > 0) {
        // The first step that still waits for a decision.
        int first = 0;
        for (int r = 0; r < m_planModel->rowCount(); ++r) {
            if (m_planModel->step(r).value(u"state"_s).toString() == u"pending"_s
                && !m_planModel->approvalStatus(r).value(u"satisfied"_s).toBool()) {
                first = r;
                break;
            }
        }
        selectStep(m_planModel->step(first).value(u"id"_s).toString());
    }
    renderStepDetail();
    m_command->setWorkflow(workflow);
    m_comms->setWorkflow(workflow);
    m_postmortem->setWorkflow(workflow);
    m_evidenceModel->setRuns(workflow.value(u"runs"_s).toArray());
    if (m_evidenceModel->rowCount() > 0) {
        // Show the first failure's output straight away, else the latest change with its diff, else the first task.
        int row = -1;
        for (int r = 0; r < m_evidenceModel->rowCount() && row < 0; ++r) {
            const QModelIndex index = m_evidenceModel->index(r, 0);
            const QString status = index.data(EvidenceModel::StatusRole).toString();
            const QString step = index.siblingAtColumn(EvidenceModel::StepColumn).data().toString();
            // A diagnosis whose probe failed found something: that is its result, not a failure.
            if ((status == u"failed"_s || status == u"unreachable"_s) && !isDiagnosis(step))
                row = r;
        }
        for (int r = m_evidenceModel->rowCount() - 1; r >= 0 && row < 0; --r) {
            const QModelIndex index = m_evidenceModel->index(r, 0);
            if (index.data(EvidenceModel::StatusRole).toString() == u"changed"_s
                && !index.data(EvidenceModel::DiffRole).toString().isEmpty())
                row = r;
        }
        row = std::max(row, 0);
        m_evidenceView->setCurrentIndex(m_evidenceModel->index(row, 0));
        m_evidenceView->scrollTo(m_evidenceModel->index(row, 0), QAbstractItemView::PositionAtCenter);
    }
    renderOverview();
}

void IncidentDetail::handleEvent(const QJsonObject &event)
{
    if (m_id == 0 || event.value(u"incident_id"_s).toInteger() != m_id)
        return;
    const QString type = event.value(u"type"_s).toString();
    if (type == u"run.task"_s) {
        m_evidenceModel->appendTask(event);
        m_evidenceView->scrollToBottom();
        return;
    }
    if (type == u"run.finished"_s)
        m_evidenceModel->finishRun(event);
    m_readIn->handleChange();
    reload();
}

void IncidentDetail::renderOverview()
{
    if (m_workflow.isEmpty()) {
        m_overview->clear();
        m_article->clear();
        m_matchesHtml.clear();
        return;
    }
    const QJsonObject i = m_workflow.value(u"incident"_s).toObject();
    QString html = u"<h2>%1 — %2</h2>"_s.arg(esc(i.value(u"key"_s).toString()), esc(i.value(u"title"_s).toString()));
    html += u"<p><b>%1</b> %2 &nbsp; <b>%3</b> %4 &nbsp; <b>%5</b> %6 &nbsp; <b>%7</b> %8</p>"_s.arg(
        tr("Status"), IncidentQueueModel::stateLabel(i.value(u"state"_s).toString()), tr("Priority"),
        esc(i.value(u"priority"_s).toString()), tr("Service"), esc(i.value(u"service"_s).toString()), tr("Source"),
        esc(i.value(u"source"_s).toString()));
    const QString major = i.value(u"major"_s).toString();
    if (major == u"declared"_s)
        html += u"<p style='color:#b71c1c'><b>%1</b> %2</p>"_s.arg(
            tr("Major incident declared by %1.").arg(esc(i.value(u"major_by"_s).toString())),
            esc(i.value(u"major_reason"_s).toString()));
    if (!i.value(u"description"_s).toString().isEmpty())
        html += u"<p>%1</p>"_s.arg(esc(i.value(u"description"_s).toString()).replace(u'\n', u"<br>"_s)); // its lines
    const QJsonObject cls = m_workflow.value(u"classification"_s).toObject();
    if (cls.isEmpty()) {
        html += u"<p><i>%1</i></p>"_s.arg(tr("Not analysed yet."));
    } else {
        const double conf = cls.value(u"confidence"_s).toDouble();
        html += u"<h3>%1</h3><p><b>%2</b> · %3 <b>%4</b> · %5 %6 · %7 <b>%8%</b></p>"_s.arg(
            tr("Analysis"),
            cls.value(u"mim_required"_s).toBool() ? tr("Major-incident candidate") : tr("Standard incident"),
            tr("category"), esc(cls.value(u"category"_s).toString().replace(u'_', u' ')), tr("severity"),
            esc(cls.value(u"severity"_s).toString()), tr("confidence"), QString::number(conf * 100.0, 'f', 0));
        html += u"<h4>%1</h4><table cellpadding='3'>"_s.arg(tr("Why"));
        html += u"<tr><th align='left'>%1</th><th align='right'>%2</th><th align='left'>%3</th></tr>"_s.arg(
            tr("Signal"), tr("Weight"), tr("Source"));
        const QJsonArray reasons = cls.value(u"reasons"_s).toArray();
        for (qsizetype k = 0; k < reasons.size() && k < 10; ++k) {
            const QJsonObject r = reasons.at(k).toObject();
            const QString detail = r.value(u"detail"_s).toString();
            html += u"<tr><td>%1%2</td><td align='right'>%3</td><td>%4</td></tr>"_s.arg(
                esc(r.value(u"signal"_s).toString()),
                detail.isEmpty() ? QString() : u"<br><small>%1</small>"_s.arg(esc(detail)),
                QString::number(r.value(u"weight"_s).toDouble(), 'f', 2), esc(r.value(u"source"_s).toString()));
        }
        html += u"</table>"_s;
        QStringList runnersUp;
        for (const QJsonValue &v : cls.value(u"runners_up"_s).toArray())
            if (v[u"score"_s].toDouble() >= 0.005) // a 0 % runner-up says nothing
                runnersUp.append(u"%1 %2%"_s.arg(v[u"category"_s].toString().replace(u'_', u' '))
                                     .arg(v[u"score"_s].toDouble() * 100.0, 0, 'f', 0));
        if (!runnersUp.isEmpty())
            html += u"<p><small>%1 %2</small></p>"_s.arg(tr("Also considered:"), esc(runnersUp.join(u", "_s)));
    }
    QString knowledge;
    QString similar;
    for (const QJsonValue &v : m_workflow.value(u"matches"_s).toArray()) {
        const QJsonObject m = v.toObject();
        QStringList terms;
        for (const QJsonValue &t : m.value(u"matched_terms"_s).toArray())
            terms.append(t.toString());
        const QString docId = m.value(u"doc_id"_s).toString();
        const QString line = u"<li><a href='kb:%1'>%2</a> %3 <small>(%4 %5; %6)</small></li>"_s.arg(
            esc(docId), esc(docId), esc(m.value(u"title"_s).toString()), tr("score"),
            QString::number(m.value(u"score"_s).toDouble(), 'f', 1), esc(terms.join(u", "_s)));
        if (m.value(u"kind"_s).toString() == u"incident"_s)
            similar += line;
        else
            knowledge += line;
    }
    // The knowledge goes into the pane beside the analysis, above the fold;
    // an article opens there in place.
    QString side = u"<h3>%1</h3>"_s.arg(tr("Matched knowledge"));
    side += knowledge.isEmpty() ? u"<p><i>%1</i></p>"_s.arg(tr("No matching knowledge."))
                                : u"<ul>"_s + knowledge + u"</ul>"_s;
    side += u"<h3>%1</h3>"_s.arg(tr("Similar past incidents"));
    side += similar.isEmpty() ? u"<p><i>%1</i></p>"_s.arg(tr("None found.")) : u"<ul>"_s + similar + u"</ul>"_s;
    side += u"<p><small>%1</small></p>"_s.arg(tr("Click an entry to read it here."));
    m_matchesHtml = side;
    m_overview->setHtml(html);
    m_article->setHtml(side);
}

void IncidentDetail::openArticle(const QUrl &url)
{
    if (url.scheme() == u"matches"_s) {
        m_article->setHtml(m_matchesHtml);
        return;
    }
    if (url.scheme() != u"kb"_s)
        return;
    const QString docId = url.path();
    m_article->setHtml(u"<p><i>%1</i></p>"_s.arg(tr("Loading %1…").arg(esc(docId))));
    onAnswer(m_client.get(u"/api/v1/knowledge/%1"_s.arg(QString::fromLatin1(QUrl::toPercentEncoding(docId)))), this,
             [this, docId](const ApiResponse &r) {
                 if (!r.ok()) {
                     m_article->setPlainText(tr("Could not open %1: %2").arg(docId, r.errorMessage()));
                     return;
                 }
                 QString html = u"<p><a href='matches:'>%1</a></p>"_s.arg(tr("← All matches"));
                 html += u"<h3>%1</h3><p><small>%2 · %3</small></p>"_s.arg(
                     esc(r.json.value(u"title"_s).toString()), esc(docId), esc(r.json.value(u"kind"_s).toString()));
                 for (auto it = r.json.begin(); it != r.json.end(); ++it) {
                     if (it.key() == u"title"_s || it.key() == u"id"_s || it.key() == u"kind"_s)
                         continue;
                     html
                         += u"<p><b>%1</b><br>%2</p>"_s.arg(esc(it.key().replace(u'_', u' ')), renderValue(it.value()));
                 }
                 m_article->setHtml(html);
             });
}

QString IncidentDetail::selectedStep() const
{
    const QModelIndex current = m_planView->currentIndex();
    return current.isValid() ? current.data(PlanStepsModel::StepIdRole).toString() : QString();
}

bool IncidentDetail::selectStep(const QString &stepId)
{
    const int row = m_planModel->rowOf(stepId);
    if (row < 0)
        return false;
    m_planView->setCurrentIndex(m_planModel->index(row, 0));
    return true;
}

void IncidentDetail::bindHold()
{
    const QJsonObject s = m_planModel->step(m_planView->currentIndex().row());
    m_hold = {m_planFor, s.value(u"id"_s).toString(), s.value(u"content_hash"_s).toString()};
    if (m_hold.step.isEmpty() || m_id == 0 || m_planFor != m_id)
        m_approve->cancelHold();
}

void IncidentDetail::checkHold()
{
    if (!m_approve->isHolding() || m_hold.step.isEmpty())
        return;
    const QJsonObject now = m_planModel->step(m_planModel->rowOf(m_hold.step));
    QString why;
    if (m_id != m_hold.incident || m_planFor != m_id || selectedStep() != m_hold.step)
        why = tr("The selection changed while you held the gate; nothing was sent.");
    else if (now.isEmpty() || now.value(u"content_hash"_s).toString() != m_hold.contentHash)
        why = tr("Step %1 changed while you held the gate; nothing was sent. Review it and hold again.")
                  .arg(m_hold.step);
    if (why.isEmpty())
        return;
    m_approve->cancelHold();
    m_planMessage->setText(why);
}

void IncidentDetail::renderStepDetail()
{
    checkHold();
    const int row = m_planView->currentIndex().row();
    const QJsonObject s = m_planModel->step(row);
    const QJsonObject a = m_planModel->approvalStatus(row);
    if (s.isEmpty()) {
        m_stepDetail->setHtml(
            u"<p><i>%1</i></p>"_s.arg(m_workflow.isEmpty() ? tr("No incident selected.") : tr("No plan yet.")));
        m_gateNote->clear();
        m_approve->setEnabled(false);
        m_reject->setEnabled(false);
        m_rollback->setEnabled(false);
        m_block->setEnabled(false);
        m_block->setText(tr("Block task…"));
        return;
    }
    const QString id = s.value(u"id"_s).toString();
    const QString state = s.value(u"state"_s).toString();
    const QString risk = s.value(u"risk"_s).toString();
    QString html = u"<h3>%1 · %2</h3>"_s.arg(esc(id), esc(s.value(u"title"_s).toString()));
    html += u"<table cellpadding='2'>"_s;
    const auto row2 = [&html](const QString &k, const QString &v) {
        html += u"<tr><td><b>%1</b></td><td>%2</td></tr>"_s.arg(k, v);
    };
    row2(tr("Kind"), esc(PlanStepsModel::kindLabel(s.value(u"kind"_s).toString())));
    // A person's task has neither: no empty rows for them.
    if (!s.value(u"playbook"_s).toString().isEmpty())
        row2(tr("Playbook"), u"<code>%1</code>"_s.arg(esc(s.value(u"playbook"_s).toString())));
    if (!s.value(u"environment"_s).toString().isEmpty())
        row2(tr("Environment"), esc(s.value(u"environment"_s).toString()));
    row2(tr("Risk"), esc(PlanStepsModel::riskLabel(risk)));
    row2(tr("Changes systems"), s.value(u"mutates"_s).toBool() ? tr("yes") : tr("no"));
    if (!s.value(u"rollback_of"_s).toString().isEmpty())
        row2(tr("Rolls back"), esc(s.value(u"rollback_of"_s).toString()));
    // What undoes it, before anyone approves it: its own gated step once this one has run.
    if (!s.value(u"rollback_playbook"_s).toString().isEmpty())
        row2(tr("Rollback"),
             tr("%1 (its own step, with its own approvals, once this one has run)")
                 .arg(u"<code>%1</code>"_s.arg(esc(s.value(u"rollback_playbook"_s).toString()))));
    row2(tr("State"), esc(PlanStepsModel::stateLabel(state)));
    const QString kind = s.value(u"kind"_s).toString();
    const QString alert = TaskAlert::of(s, m_planModel->now());
    if (kind == u"manual"_s || kind == u"communicate"_s) {
        const QString owner = s.value(u"owner"_s).toString();
        row2(tr("Owner"), owner.isEmpty() ? u"<i>%1</i>"_s.arg(tr("nobody named")) : esc(owner));
        const QDateTime due = QDateTime::fromString(s.value(u"due_at"_s).toString(), Qt::ISODateWithMs);
        if (due.isValid())
            row2(tr("Due"), esc(TaskAlert::shortTime(due, m_planModel->now())));
        const QString amber = u"<span style='background:%1;color:%2'><b>%3</b></span>"_s;
        if (alert == u"blocked"_s)
            row2(tr("Blocked"),
                 amber.arg(TaskAlert::background().name(), TaskAlert::foreground().name(),
                           esc(s.value(u"blocked_reason"_s).toString())));
        else if (alert == u"overdue"_s)
            row2(tr("Overdue"),
                 amber.arg(TaskAlert::background().name(), TaskAlert::foreground().name(),
                           esc(tr("since %1").arg(TaskAlert::shortTime(due, m_planModel->now())))));
        const QString escalated = TaskAlert::escalationText(s, m_planModel->commander());
        if (!escalated.isEmpty())
            row2(tr("Escalation"), esc(escalated));
    }
    QStringList roles;
    for (const QJsonValue &v : a.value(u"approver_roles"_s).toArray())
        roles.append(v.toString());
    row2(tr("Approvals"), esc(PlanStepsModel::approvalText(a)));
    row2(tr("Who may approve"), esc(roles.join(u", "_s)));
    QStringList voided;
    for (const QJsonValue &v : a.value(u"voided"_s).toArray())
        voided.append(v.toString());
    for (const QJsonValue &v : a.value(u"expired"_s).toArray())
        voided.append(v.toString());
    if (!voided.isEmpty())
        row2(tr("No longer valid"), esc(voided.join(u", "_s)));
    html += u"</table>"_s;
    const QJsonObject vars = s.value(u"vars"_s).toObject();
    if (!vars.isEmpty()) {
        html += u"<p><b>%1</b></p><table cellpadding='2'>"_s.arg(tr("Variables"));
        for (auto it = vars.begin(); it != vars.end(); ++it)
            html += u"<tr><td><code>%1</code></td><td><code>%2</code></td></tr>"_s.arg(esc(it.key()),
                                                                                       renderValue(it.value()));
        html += u"</table>"_s;
    }
    // The dry run's diff, once there is one.
    QString dry;
    for (const QJsonValue &rv : m_workflow.value(u"runs"_s).toArray()) {
        if (rv[u"step"_s].toString() != id)
            continue;
        const QString mode = rv[u"mode"_s].toString();
        for (const QJsonValue &pv : rv[u"phases"_s].toArray()) {
            // The first phase, `--check --diff`, is the dry run; the re-check after apply proves idempotency.
            const QString phaseName = pv[u"name"_s].toString();
            const bool isDry = mode.contains(u"dry"_s) || mode == u"check"_s || phaseName == u"check"_s
                || phaseName.contains(u"dry"_s);
            if (!isDry)
                continue;
            for (const QJsonValue &tv : pv[u"tasks"_s].toArray()) {
                const QString diff = EvidenceModel::diffText(tv[u"diff"_s]);
                if (diff.trimmed().isEmpty())
                    continue; // the task would change nothing
                dry += u"%1 — %2\n"_s.arg(tv[u"host"_s].toString(), tv[u"task"_s].toString());
                dry += diff;
                if (!dry.endsWith(u'\n'))
                    dry += u'\n';
                dry += u'\n';
            }
        }
    }
    if (!dry.isEmpty())
        html += u"<p><b>%1</b></p><pre>%2</pre>"_s.arg(tr("Dry-run diff"), esc(dry));
    m_stepDetail->setHtml(html);

    QStringList approvers;
    for (const QJsonValue &v : a.value(u"approvers"_s).toArray())
        approvers.append(v.toString());
    const int needed = a.value(u"needed"_s).toInt();
    const bool satisfied = a.value(u"satisfied"_s).toBool();
    const bool pending = state == u"pending"_s;
    const bool mine = !m_user.name.isEmpty() && approvers.contains(m_user.name);
    // Offered only to whom the coordinator takes it from (it decides anyway):
    // a gate's approver roles decide it, a mim or responder asks for a rollback.
    QStringList approverRoles;
    for (const QJsonValue &v : a.value(u"approver_roles"_s).toArray())
        approverRoles.append(v.toString());
    // (Roles not known yet: offered, and the coordinator answers.)
    const bool rolesKnown = !m_user.roles.isEmpty();
    const bool mayDecide = !rolesKnown || approverRoles.isEmpty() || m_user.hasAnyRole(approverRoles);
    const bool mayRollBack = !rolesKnown || m_user.hasAnyRole(roleNamesFor(Action::RequestRollback));
    const QString yours = m_user.roles.isEmpty() ? tr("none") : m_user.roles.join(u", "_s);
    QString note;
    if (pending && !mayDecide) {
        note = tr("Approving or rejecting this step is for %1 (you have: %2).")
                   .arg(esc(approverRoles.join(u", "_s)), esc(yours));
    } else if (pending && (risk == u"high"_s || needed >= 2)) {
        const int missing = std::max(0, needed - int(approvers.size()));
        note = u"<span style='color:#b71c1c'><b>%1</b></span> "_s.arg(tr("High risk."));
        if (missing >= 2)
            note += tr("This step needs %1 approvers: after you, a second approver is needed.").arg(needed);
        else if (missing == 1 && !approvers.isEmpty())
            note += tr("A second approver is needed: %1 approved already.").arg(esc(approvers.join(u", "_s)));
        else
            note += tr("This step needs %1 approvers.").arg(needed);
    }
    if (mine)
        note += (note.isEmpty() ? QString() : u"<br>"_s) + tr("You approved this step already.");
    else if (satisfied && pending)
        note += (note.isEmpty() ? QString() : u"<br>"_s) + tr("Approved; waiting to be started.");
    m_gateNote->setText(note);
    m_approve->setEnabled(pending && !satisfied && !mine && mayDecide);
    m_reject->setEnabled(pending && mayDecide);
    m_rollback->setEnabled(mayRollBack && s.value(u"mutates"_s).toBool()
                           && (state == u"succeeded"_s || state == u"failed"_s));
    m_rollback->setToolTip(
        mayRollBack ? QString() : tr("Requesting a rollback is for a mim or a responder (you have: %1).").arg(yours));
    // A person's open task may be blocked (and unblocked) by its owner, a responder or a mim.
    const bool blocked = s.value(u"blocked"_s).toBool();
    m_block->setText(blocked ? tr("Unblock task…") : tr("Block task…"));
    const bool openTask = TaskAlert::isOpenTask(s);
    const bool mayBlock = m_user.hasAnyRole(roleNamesFor(Action::BlockTask))
        || (!m_user.name.isEmpty() && s.value(u"owner"_s).toString() == m_user.name);
    m_block->setEnabled(openTask && (mayBlock || !m_user.isKnown()));
    if (!openTask)
        m_block->setToolTip(tr("Only a person's open task (a manual or communicate step) can be blocked."));
    else if (!mayBlock && m_user.isKnown())
        m_block->setToolTip(tr("Blocking a task is for its owner, a responder or a mim."));
    else
        m_block->setToolTip(blocked ? tr("The task can go on again: lift the block")
                                    : tr("The task cannot go on: say why; the commander is told at once"));
}

void IncidentDetail::blockSelected()
{
    const QString step = selectedStep();
    if (step.isEmpty() || m_id == 0)
        return;
    const QJsonObject s = m_planModel->step(m_planModel->rowOf(step));
    const bool blocked = s.value(u"blocked"_s).toBool();
    bool ok = false;
    const QString reason
        = QInputDialog::getText(this, blocked ? tr("Unblock task %1").arg(step) : tr("Block task %1").arg(step),
                                blocked ? tr("What changed, so that it can go on? (optional)")
                                        : tr("What is the task waiting for? (required; the commander is told)"),
                                QLineEdit::Normal, {}, &ok);
    if (!ok)
        return;
    if (!blocked && reason.trimmed().isEmpty()) {
        m_planMessage->setText(tr("Blocking a task needs a reason; nothing was sent."));
        return;
    }
    const qint64 id = m_id;
    QJsonObject body;
    if (!reason.trimmed().isEmpty())
        body.insert(u"reason"_s, reason.trimmed());
    onAnswer(m_client.post(u"/api/v1/incidents/%1/tasks/%2/%3"_s.arg(id).arg(step, blocked ? u"unblock"_s : u"block"_s),
                           body),
             this, [this, step, blocked, id](const ApiResponse &r) {
                 if (r.ok())
                     m_planMessage->setText(blocked ? tr("Task %1 can go on again.").arg(step)
                                                    : tr("Task %1 is blocked; the commander is told.").arg(step));
                 else
                     m_planMessage->setText(tr("Refused for task %1: %2").arg(step, r.errorMessage()));
                 if (r.ok() && m_id == id && r.json.contains(u"incident"_s))
                     showWorkflow(r.json);
                 Q_EMIT taskAnswered(step, r.status);
             });
}

void IncidentDetail::approveHeld()
{
    // What the hold was bound to at the press, checked once more: the
    // coordinator refuses the approval as well if the step's content hash moved on.
    const Hold hold = std::exchange(m_hold, {});
    const QJsonObject s = m_planModel->step(m_planModel->rowOf(hold.step));
    if (hold.step.isEmpty() || hold.incident != m_id || m_planFor != m_id || m_id == 0 || selectedStep() != hold.step
        || s.value(u"content_hash"_s).toString() != hold.contentHash) {
        m_planMessage->setText(tr("The step changed while you held the gate; nothing was sent."));
        return;
    }
    const QString step = hold.step;
    m_planMessage->setText(tr("Sending the approval of %1…").arg(step));
    const qint64 id = hold.incident;
    onAnswer(m_client.approve(id, step, {}, hold.contentHash), this, [this, step, id](const ApiResponse &r) {
        if (r.ok()) {
            m_planMessage->setText(tr("You approved %1.").arg(step));
            if (m_id == id)
                showWorkflow(r.json.contains(u"incident"_s) ? r.json : m_workflow);
            reload();
        } else if (r.status == 409 && r.errorMessage().contains(u"content"_s)) {
            m_planMessage->setText(
                tr("Approval of %1 refused: the step changed since you reviewed it (%2).").arg(step, r.errorMessage()));
            reload();
        } else {
            m_planMessage->setText(tr("Approval of %1 refused: %2").arg(step, r.errorMessage()));
        }
        Q_EMIT decisionAnswered(step, r.status);
    });
}

void IncidentDetail::rejectSelected()
{
    const QString step = selectedStep();
    if (step.isEmpty() || m_id == 0)
        return;
    bool ok = false;
    const QString reason
        = QInputDialog::getText(this, tr("Reject step %1").arg(step), tr("Why do you reject this step? (required)"),
                                QLineEdit::Normal, {}, &ok);
    if (!ok)
        return;
    if (reason.trimmed().isEmpty()) {
        m_planMessage->setText(tr("A rejection needs a reason; nothing was sent."));
        return;
    }
    onAnswer(m_client.reject(m_id, step, reason.trimmed()), this, [this, step](const ApiResponse &r) {
        m_planMessage->setText(r.ok() ? tr("You rejected %1.").arg(step)
                                      : tr("Rejection of %1 refused: %2").arg(step, r.errorMessage()));
        reload();
        Q_EMIT decisionAnswered(step, r.status);
    });
}

void IncidentDetail::rollbackSelected()
{
    const QString step = selectedStep();
    if (step.isEmpty() || m_id == 0)
        return;
    bool ok = false;
    const QString reason
        = QInputDialog::getText(this, tr("Roll back step %1").arg(step),
                                tr("Why must this change be rolled back? (required)"), QLineEdit::Normal, {}, &ok);
    if (!ok)
        return;
    if (reason.trimmed().isEmpty()) {
        m_planMessage->setText(tr("A rollback needs a reason; nothing was sent."));
        return;
    }
    onAnswer(m_client.post(u"/api/v1/incidents/%1/steps/%2/rollback"_s.arg(m_id).arg(step),
                           {{u"reason"_s, reason.trimmed()}}),
             this, [this, step](const ApiResponse &r) {
                 if (r.ok())
                     m_planMessage->setText(
                         tr("Rollback of %1 requested: its own step now waits for approval.").arg(step));
                 else
                     m_planMessage->setText(tr("Rollback of %1 refused: %2").arg(step, r.errorMessage()));
                 reload();
                 Q_EMIT decisionAnswered(step, r.status);
             });
}

bool IncidentDetail::isDiagnosis(const QString &stepId) const
{
    return m_planModel->step(m_planModel->rowOf(stepId)).value(u"kind"_s).toString() == u"diagnose"_s;
}

void IncidentDetail::renderEvidenceSummary()
{
    const QJsonArray runs = m_evidenceModel->runs();
    if (runs.isEmpty()) {
        m_evidenceSummary->setText(tr("No runs yet."));
        return;
    }
    const QHash<QString, int> c = m_evidenceModel->statusCounts();
    QStringList runText;
    for (const QJsonValue &r : runs)
        runText.append(u"%1 (%2, %3 %4: <b>%5</b>)"_s.arg(
            esc(r[u"id"_s].toVariant().toString()), esc(r[u"step"_s].toString()), esc(r[u"mode"_s].toString()),
            esc(r[u"environment"_s].toString()),
            r[u"outcome"_s].toString() == u"failed"_s && isDiagnosis(r[u"step"_s].toString())
                ? tr("finding (the probe failed)")
                : esc(EvidenceModel::statusLabel(r[u"outcome"_s].toString()))));
    m_evidenceSummary->setText(
        tr("%n run(s): %1", nullptr, int(runs.size())).arg(runText.join(u"; "_s)) + u"<br>"_s
        + tr("<span style='color:#2e7d32'>%1 ok</span> · <span style='color:#b26a00'>%2 changed</span> · "
             "<span style='color:#b71c1c'>%3 failed</span> · %4 skipped")
              .arg(c.value(u"ok"_s))
              .arg(c.value(u"changed"_s))
              .arg(c.value(u"failed"_s) + c.value(u"unreachable"_s))
              .arg(c.value(u"skipped"_s)));
}

void IncidentDetail::renderEvidenceSelection()
{
    const int row = m_evidenceView->currentIndex().row();
    const QJsonObject phase = m_evidenceModel->phaseOf(row);
    if (phase.isEmpty()) {
        m_output->clear();
        m_diff->clear();
        return;
    }
    QStringList argv;
    for (const QJsonValue &v : phase.value(u"argv"_s).toArray())
        argv.append(v.toString());
    QString text = u"$ %1\n"_s.arg(argv.join(u' '));
    text += tr("phase %1 · exit code %2 · %3 · playbook sha256 %4")
                .arg(EvidenceModel::phaseLabel(phase.value(u"name"_s).toString()))
                .arg(phase.value(u"exit_code"_s).toInt())
                .arg(EvidenceModel::statusLabel(phase.value(u"outcome"_s).toString()),
                     phase.value(u"playbook_sha256"_s).toString().left(16))
        + u"\n\n"_s;
    const QJsonObject task = m_evidenceModel->index(row, 0).data(EvidenceModel::TaskRole).toJsonObject();
    const QString taskOutput = task.value(u"output"_s).toString();
    if (!taskOutput.trimmed().isEmpty())
        text += tr("Output of “%1” on %2:").arg(task.value(u"task"_s).toString(), task.value(u"host"_s).toString())
            + u'\n' + taskOutput.trimmed() + u"\n\n"_s;
    const QString out = readableLog(phase.value(u"stdout_tail"_s).toString());
    const QString err = phase.value(u"stderr_tail"_s).toString();
    if (!out.isEmpty())
        text += out + u'\n';
    if (!err.isEmpty())
        text += u"\n--- stderr ---\n"_s + err;
    m_output->setPlainText(text);
    const QString diff = m_evidenceModel->index(row, 0).data(EvidenceModel::DiffRole).toString();
    m_diff->setPlainText(diff.isEmpty() ? tr("(no diff)") : diff);
}

void IncidentDetail::loadTimeline()
{
    if (m_id == 0)
        return;
    const qint64 id = m_id;
    onAnswer(m_client.audit(id), this, [this, id](const ApiResponse &r) {
        if (m_id != id)
            return;
        if (r.ok())
            m_auditModel->setEvents(r.json.value(u"items"_s).toArray());
        else
            m_chain->setText(tr("Could not load the audit events: %1").arg(r.errorMessage()));
    });
    onAnswer(m_client.auditVerify(), this, [this](const ApiResponse &r) {
        QLabel *const chain = m_chain;
        if (!r.ok()) {
            chain->setText(tr("Could not verify the audit chain: %1").arg(r.errorMessage()));
            chain->setStyleSheet(u"color:#b26a00;font-weight:bold;"_s);
        } else if (r.json.value(u"intact"_s).toBool()) {
            chain->setText(tr("✔ Audit chain verified: %1 records intact, head %2")
                               .arg(r.json.value(u"records"_s).toInteger())
                               .arg(r.json.value(u"head_hash"_s).toString().left(16)));
            chain->setStyleSheet(u"color:#2e7d32;font-weight:bold;"_s);
        } else {
            chain->setText(tr("✘ Audit chain BROKEN at record %1: %2")
                               .arg(r.json.value(u"first_broken_seq"_s).toInteger())
                               .arg(r.json.value(u"reason"_s).toString()));
            chain->setStyleSheet(u"color:#b71c1c;font-weight:bold;"_s);
        }
    });
}

} // namespace warroom
