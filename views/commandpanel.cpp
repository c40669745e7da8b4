#include "commandpanel.h"

#include "apiclient.h"
#include "asyncreply.h"
#include "incidentqueuemodel.h"
#include "permissions.h"
#include "taskalert.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace warroom {

namespace {

QDateTime parseTime(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QLabel *valueLabel(QWidget *parent, const QString &objectName, const QString &accessibleName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setAccessibleName(accessibleName);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

QLabel *keyLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setStyleSheet(u"color: palette(mid); font-weight: bold;"_s);
    label->setAlignment(Qt::AlignRight | Qt::AlignTop);
    return label;
}

/// "after 12 min", "after 1 h 05 min".
QString after(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds < 60)
        return CommandPanel::tr("after %1 s").arg(seconds);
    if (seconds < 3600)
        return CommandPanel::tr("after %1 min").arg(seconds / 60);
    return CommandPanel::tr("after %1 h %2 min").arg(seconds / 3600).arg(seconds / 60 % 60, 2, 10, QChar(u'0'));
}

const QString kMuted = u"color:#616161"_s;
const QString kMissing = u"color:#b71c1c;font-weight:bold"_s;

} // namespace

CommandPanel::CommandPanel(ApiClient &client, QWidget *parent)
    : QFrame(parent)
    , m_client(client)
{
    setObjectName(u"commandPanel"_s);
    setAccessibleName(tr("Incident command"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(2);
    m_commander = valueLabel(this, u"commandCommander"_s, tr("Incident commander"));
    m_commsLead = valueLabel(this, u"commandCommsLead"_s, tr("Comms lead"));
    m_scribe = valueLabel(this, u"commandScribe"_s, tr("Scribe"));
    m_severityText = valueLabel(this, u"commandSeverity"_s, tr("Severity"));
    m_acknowledged = valueLabel(this, u"commandAcknowledged"_s, tr("Acknowledged"));
    m_mitigated = valueLabel(this, u"commandMitigated"_s, tr("Mitigated"));
    grid->addWidget(keyLabel(tr("Commander"), this), 0, 0);
    grid->addWidget(m_commander, 0, 1);
    grid->addWidget(keyLabel(tr("Comms lead"), this), 0, 2);
    grid->addWidget(m_commsLead, 0, 3);
    grid->addWidget(keyLabel(tr("Scribe"), this), 0, 4);
    grid->addWidget(m_scribe, 0, 5);
    grid->addWidget(keyLabel(tr("Severity"), this), 1, 0);
    grid->addWidget(m_severityText, 1, 1);
    grid->addWidget(keyLabel(tr("Acknowledged"), this), 1, 2);
    grid->addWidget(m_acknowledged, 1, 3);
    grid->addWidget(keyLabel(tr("Mitigated"), this), 1, 4);
    grid->addWidget(m_mitigated, 1, 5);
    // Each name close to its label; what is left goes to the right.
    grid->setColumnStretch(1, 2);
    grid->setColumnStretch(3, 2);
    grid->setColumnStretch(5, 1);
    grid->setColumnStretch(6, 3);
    layout->addLayout(grid);

    m_tasks = valueLabel(this, u"commandTasks"_s, tr("Tasks that need the commander"));
    m_tasks->setStyleSheet(u"QLabel { background: %1; color: %2; border: 1px solid %3; border-radius: 3px;"
                           " padding: 3px 6px; }"_s.arg(TaskAlert::background().name(), TaskAlert::foreground().name(),
                                                        TaskAlert::border().name()));
    m_tasks->hide();
    layout->addWidget(m_tasks);

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(6);
    m_acknowledge = new QPushButton(tr("Acknowledge"), this);
    m_acknowledge->setObjectName(u"acknowledgeButton"_s);
    connect(m_acknowledge, &QPushButton::clicked, this, &CommandPanel::acknowledge);
    m_severity = new QPushButton(tr("Declare severity…"), this);
    m_severity->setObjectName(u"severityButton"_s);
    connect(m_severity, &QPushButton::clicked, this, &CommandPanel::declareSeverity);
    m_roles = new QPushButton(tr("Assign roles…"), this);
    m_roles->setObjectName(u"rolesButton"_s);
    connect(m_roles, &QPushButton::clicked, this, &CommandPanel::assignRoles);
    m_mitigate = new QPushButton(tr("Mitigated…"), this);
    m_mitigate->setObjectName(u"mitigateButton"_s);
    connect(m_mitigate, &QPushButton::clicked, this, &CommandPanel::markMitigated);
    for (QPushButton *b : {m_acknowledge, m_severity, m_roles, m_mitigate}) {
        b->setAutoDefault(false);
        buttons->addWidget(b);
    }
    m_message = new QLabel(this);
    m_message->setObjectName(u"commandMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    buttons->addWidget(m_message, 1);
    layout->addLayout(buttons);
    render();
}

void CommandPanel::setWorkflow(const QJsonObject &workflow)
{
    const qint64 before = m_workflow.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
    m_workflow = workflow;
    if (workflow.value(u"incident"_s).toObject().value(u"id"_s).toInteger() != before)
        m_message->clear(); // what was said was about another incident
    render();
}

void CommandPanel::setUser(const ConsoleUser &user)
{
    m_user = user;
    render();
}

QString CommandPanel::fieldText(const QString &field) const
{
    const QHash<QString, QLabel *> labels {{u"commander"_s, m_commander},
                                           {u"comms_lead"_s, m_commsLead},
                                           {u"scribe"_s, m_scribe},
                                           {u"severity"_s, m_severityText},
                                           {u"acknowledged"_s, m_acknowledged},
                                           {u"mitigated"_s, m_mitigated},
                                           {u"tasks"_s, m_tasks}};
    QLabel *label = labels.value(field);
    if (!label)
        return {};
    // The label's text without its markup.
    return QTextDocumentFragment::fromHtml(label->text()).toPlainText();
}

void CommandPanel::render()
{
    const QJsonObject i = m_workflow.value(u"incident"_s).toObject();
    const bool shown = !i.isEmpty();
    setEnabled(shown);
    const QString key = i.value(u"key"_s).toString();
    const bool major = i.value(u"major"_s).toString() == u"declared"_s;
    const QString state = i.value(u"state"_s).toString();
    const bool closed = state == u"closed"_s;
    const QDateTime created = parseTime(i.value(u"created_at"_s));
    const QDateTime now = m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
    const auto person = [](const QString &name) {
        return name.isEmpty() ? u"<span style='%1'>—</span>"_s.arg(kMuted) : u"<b>%1</b>"_s.arg(esc(name));
    };

    const QString commander = i.value(u"commander"_s).toString();
    if (commander.isEmpty() && major)
        m_commander->setText(u"<span style='%1'>%2</span>"_s.arg(kMissing, tr("no commander")));
    else
        m_commander->setText(shown ? person(commander) : QString());
    m_commsLead->setText(shown ? person(i.value(u"comms_lead"_s).toString()) : QString());
    m_scribe->setText(shown ? person(i.value(u"scribe"_s).toString()) : QString());

    const QString declared = i.value(u"severity"_s).toString();
    const bool isDeclared = declared.startsWith(u"SEV"_s);
    const QString proposed = m_workflow.value(u"classification"_s).toObject().value(u"severity"_s).toString();
    const bool hasProposal = proposed.startsWith(u"SEV"_s);
    QString severity;
    if (isDeclared) {
        severity = u"<b>%1</b> <span style='%2'>%3</span>"_s.arg(
            esc(declared), kMuted, esc(tr("declared by %1").arg(i.value(u"severity_by"_s).toString())));
        if (hasProposal && proposed != declared)
            severity += u" · <span style='color:#8a4b00'>%1</span>"_s.arg(esc(tr("triage proposed %1").arg(proposed)));
        else if (hasProposal)
            severity += u" · <span style='%1'>%2</span>"_s.arg(kMuted, esc(tr("as triage proposed")));
        const QString reason = i.value(u"severity_reason"_s).toString();
        if (!reason.isEmpty())
            severity += u"<br><small>%1</small>"_s.arg(esc(reason));
    } else if (shown) {
        severity = u"<span style='color:#8a4b00'>%1</span>"_s.arg(tr("not declared"));
        if (hasProposal)
            severity += u" · "_s + esc(tr("triage proposed %1").arg(proposed));
    }
    m_severityText->setText(severity);

    const QDateTime ackAt = parseTime(i.value(u"acknowledged_at"_s));
    if (ackAt.isValid())
        m_acknowledged->setText(u"<b>%1</b> %2 <span style='%3'>(%4)</span>"_s.arg(
            esc(i.value(u"acknowledged_by"_s).toString()), esc(tr("at %1").arg(TaskAlert::shortTime(ackAt, now))),
            kMuted, esc(created.isValid() ? after(created.secsTo(ackAt)) : QString())));
    else
        m_acknowledged->setText(shown ? u"<span style='color:#8a4b00'>%1</span>"_s.arg(tr("not yet")) : QString());
    const QDateTime mitigatedAt = parseTime(i.value(u"mitigated_at"_s));
    if (mitigatedAt.isValid())
        m_mitigated->setText(u"<b>%1</b> <span style='%2'>(%3)</span>"_s.arg(
            esc(TaskAlert::shortTime(mitigatedAt, now)), kMuted,
            esc(created.isValid() ? after(created.secsTo(mitigatedAt)) : QString())));
    else
        m_mitigated->setText(shown ? u"<span style='%1'>%2</span>"_s.arg(kMuted, tr("not yet")) : QString());

    // The tasks that need the commander, one line each.
    QStringList alerts;
    for (const QJsonValue &v : m_workflow.value(u"plan"_s).toObject().value(u"steps"_s).toArray()) {
        const QJsonObject step = v.toObject();
        if (TaskAlert::of(step, now).isEmpty())
            continue;
        QString line = TaskAlert::text(step, commander, now).replace(u'\n', u" · "_s);
        alerts.append(u"<b>%1</b> %2 — %3"_s.arg(esc(step.value(u"id"_s).toString()),
                                                 esc(step.value(u"title"_s).toString()), esc(line)));
    }
    m_tasks->setVisible(!alerts.isEmpty());
    m_tasks->setText(alerts.isEmpty() ? QString()
                                      : u"<b>%1</b><br>%2"_s.arg(
                                          esc(tr("%n task(s) need the commander:", nullptr, int(alerts.size()))),
                                          alerts.join(u"<br>"_s)));

    // The actions, for the roles the coordinator allows them for.
    const QString roles = m_user.roles.isEmpty() ? tr("none") : m_user.roles.join(u", "_s);
    const auto offer = [&](QPushButton *button, bool allowed, bool possible, const QString &needs, const QString &why,
                           const QString &what) {
        button->setEnabled(shown && allowed && possible && !closed);
        if (!shown)
            button->setToolTip({});
        else if (!allowed)
            button->setToolTip(tr("Needs the %1 role (you have: %2).").arg(needs, roles));
        else if (!possible || closed)
            button->setToolTip(closed ? tr("%1 is closed.").arg(key) : why);
        else
            button->setToolTip(what);
    };
    // The roles an action takes, by the coordinator's table.
    const auto rolesText = [this](Action action) { return roleNamesFor(action).join(tr(" or ")); };
    m_acknowledge->setText(shown ? tr("Acknowledge %1").arg(key) : tr("Acknowledge"));
    // Nothing to acknowledge once it is over (resolved, rolled back, closed).
    const bool over = IncidentQueueModel::isOver(state);
    offer(m_acknowledge, m_user.hasAnyRole(roleNamesFor(Action::Acknowledge)), !ackAt.isValid() && !over,
          rolesText(Action::Acknowledge),
          over && !ackAt.isValid() ? tr("%1 is over without an acknowledgement; nothing to acknowledge now.").arg(key)
                                   : tr("Acknowledged by %1 already.").arg(i.value(u"acknowledged_by"_s).toString()),
          tr("Say that you have %1: the time to acknowledge stops now.").arg(key));
    offer(m_severity, m_user.hasAnyRole(roleNamesFor(Action::DeclareSeverity)), true,
          rolesText(Action::DeclareSeverity), {},
          tr("Declare the severity of %1 (triage proposes; a person decides).").arg(key));
    offer(m_roles, m_user.hasAnyRole(roleNamesFor(Action::AssignCommandRoles)), true,
          rolesText(Action::AssignCommandRoles), {}, tr("Name the commander, comms lead and scribe of %1.").arg(key));
    offer(m_mitigate, m_user.hasAnyRole(roleNamesFor(Action::DeclareMitigated)), !mitigatedAt.isValid(),
          rolesText(Action::DeclareMitigated), tr("Mitigated already."),
          tr("Say that the impact of %1 is mitigated, and how.").arg(key));
}

void CommandPanel::send(const QString &command, const QString &path, const QJsonObject &body, const QString &done)
{
    const qint64 id = m_workflow.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
    if (id <= 0)
        return;
    m_message->setStyleSheet({});
    m_message->setText(tr("Sending…"));
    onAnswer(m_client.post(u"/api/v1/incidents/%1/%2"_s.arg(id).arg(path), body), this,
             [this, command, id, done](const ApiResponse &r) {
                 const bool same = m_workflow.value(u"incident"_s).toObject().value(u"id"_s).toInteger() == id;
                 if (same) {
                     m_message->setStyleSheet(r.ok() ? u"color:#2e7d32"_s : u"color:#b71c1c"_s);
                     m_message->setText(r.ok() ? done : tr("Refused: %1").arg(r.errorMessage()));
                     if (r.ok() && r.json.contains(u"incident"_s))
                         setWorkflow(r.json);
                 }
                 Q_EMIT commandAnswered(command, r.status, r.ok() ? r.json : QJsonObject {});
             });
}

void CommandPanel::acknowledge()
{
    const QString key = m_workflow.value(u"incident"_s).toObject().value(u"key"_s).toString();
    send(u"acknowledge"_s, u"acknowledge"_s, {}, tr("You acknowledged %1.").arg(key));
}

void CommandPanel::declareSeverity()
{
    const QJsonObject i = m_workflow.value(u"incident"_s).toObject();
    const QString key = i.value(u"key"_s).toString();
    const QString current = i.value(u"severity"_s).toString();
    const QString proposed = m_workflow.value(u"classification"_s).toObject().value(u"severity"_s).toString();
    QDialog dialog(this);
    dialog.setObjectName(u"severityDialog"_s);
    dialog.setWindowTitle(tr("Declare the severity of %1").arg(key));
    auto *form = new QFormLayout(&dialog);
    auto *note = new QLabel(&dialog);
    note->setWordWrap(true);
    note->setText(proposed.startsWith(u"SEV"_s)
                      ? tr("Triage proposed %1. A different severity needs a reason.").arg(proposed)
                      : tr("Triage has not proposed a severity."));
    form->addRow(note);
    auto *choice = new QComboBox(&dialog);
    choice->setObjectName(u"severityChoice"_s);
    const QStringList levels {u"SEV1"_s, u"SEV2"_s, u"SEV3"_s, u"SEV4"_s};
    const QStringList meaning {tr("critical: a core service is down for many"), tr("major: serious degradation"),
                               tr("minor: limited impact"), tr("low: cosmetic or a single user")};
    for (qsizetype k = 0; k < levels.size(); ++k)
        choice->addItem(u"%1 — %2"_s.arg(levels.at(k), meaning.at(k)), levels.at(k));
    const QString start = current.startsWith(u"SEV"_s) ? current : proposed;
    choice->setCurrentIndex(std::max(0, int(levels.indexOf(start))));
    form->addRow(tr("Severity"), choice);
    auto *reason = new QLineEdit(&dialog);
    reason->setObjectName(u"severityReason"_s);
    reason->setPlaceholderText(tr("Why (required when it differs from the proposal)"));
    form->addRow(tr("Reason"), reason);
    auto *why = new QLabel(&dialog);
    why->setWordWrap(true);
    why->setStyleSheet(u"color:#8a4b00"_s);
    form->addRow(why);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Declare"));
    form->addRow(buttons);
    const auto check = [=] {
        const QString chosen = choice->currentData().toString();
        QString problem;
        if (chosen == current)
            problem = tr("%1 is %2 already.").arg(key, chosen);
        else if (proposed.startsWith(u"SEV"_s) && chosen != proposed && reason->text().trimmed().isEmpty())
            problem = tr("Say why %1 and not %2 as triage proposed.").arg(chosen, proposed);
        why->setText(problem);
        ok->setEnabled(problem.isEmpty());
    };
    connect(choice, &QComboBox::currentIndexChanged, &dialog, check);
    connect(reason, &QLineEdit::textChanged, &dialog, check);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&dialog, ok] {
        if (ok->isEnabled())
            dialog.accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    check();
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString chosen = choice->currentData().toString();
    QJsonObject body {{u"severity"_s, chosen}};
    if (!reason->text().trimmed().isEmpty())
        body.insert(u"reason"_s, reason->text().trimmed());
    send(u"severity"_s, u"severity"_s, body, tr("You declared %1 %2.").arg(key, chosen));
}

void CommandPanel::assignRoles()
{
    const QJsonObject i = m_workflow.value(u"incident"_s).toObject();
    const QString key = i.value(u"key"_s).toString();
    QDialog dialog(this);
    dialog.setObjectName(u"rolesDialog"_s);
    dialog.setWindowTitle(tr("Incident command of %1").arg(key));
    auto *form = new QFormLayout(&dialog);
    auto *note = new QLabel(tr("User names as the coordinator knows them. The commander must hold the mim role; "
                               "an empty field clears that role."),
                            &dialog);
    note->setWordWrap(true);
    form->addRow(note);
    struct Field
    {
        QString key;
        QString objectName;
        QString label;
        QLineEdit *edit = nullptr;
    };
    QList<Field> fields {{u"commander"_s, u"rolesCommander"_s, tr("Commander")},
                         {u"comms_lead"_s, u"rolesCommsLead"_s, tr("Comms lead")},
                         {u"scribe"_s, u"rolesScribe"_s, tr("Scribe")}};
    for (Field &f : fields) {
        f.edit = new QLineEdit(i.value(f.key).toString(), &dialog);
        f.edit->setObjectName(f.objectName);
        f.edit->setClearButtonEnabled(true);
        form->addRow(f.label, f.edit);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Assign"));
    form->addRow(buttons);
    const auto changed = [fields, i] {
        QJsonObject body;
        for (const Field &f : fields)
            if (f.edit->text().trimmed() != i.value(f.key).toString())
                body.insert(f.key, f.edit->text().trimmed());
        return body;
    };
    const auto check = [ok, changed] { ok->setEnabled(!changed().isEmpty()); };
    for (const Field &f : std::as_const(fields))
        connect(f.edit, &QLineEdit::textChanged, &dialog, check);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&dialog, ok] {
        if (ok->isEnabled())
            dialog.accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    check();
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QJsonObject body = changed();
    if (body.isEmpty())
        return;
    send(u"roles"_s, u"roles"_s, body, tr("Command roles of %1 changed.").arg(key));
}

void CommandPanel::markMitigated()
{
    const QString key = m_workflow.value(u"incident"_s).toObject().value(u"key"_s).toString();
    QDialog dialog(this);
    dialog.setObjectName(u"mitigateDialog"_s);
    dialog.setWindowTitle(tr("%1: impact mitigated").arg(key));
    auto *layout = new QVBoxLayout(&dialog);
    auto *note = new QLabel(tr("What stopped the impact for users? (required; it goes on the timeline and into "
                               "the postmortem)"),
                            &dialog);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto *summary = new QPlainTextEdit(&dialog);
    summary->setObjectName(u"mitigateSummary"_s);
    summary->setTabChangesFocus(true);
    layout->addWidget(summary);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Mark mitigated"));
    ok->setEnabled(false);
    layout->addWidget(buttons);
    connect(summary, &QPlainTextEdit::textChanged, &dialog,
            [ok, summary] { ok->setEnabled(!summary->toPlainText().trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&dialog, ok] {
        if (ok->isEnabled())
            dialog.accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    send(u"mitigate"_s, u"mitigate"_s, {{u"summary"_s, summary->toPlainText().trimmed()}},
         tr("%1 is marked mitigated.").arg(key));
}

} // namespace warroom
