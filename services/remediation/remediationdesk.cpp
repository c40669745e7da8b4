#include "remediationdesk.h"

#include "apiserver.h"
#include "coordinator.h"
#include "labcontrol.h"
#include "llmdrafter.h"
#include "permissions.h"
#include "playbookpolicy.h"

#include "jsonlist.h"
#include "jsonreader.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

const QString kPrefix = u"remediation.draft:"_s;

/// The list form: everything but the playbook text.
QJsonObject summary(const RemediationDraft &d)
{
    QJsonObject json = d.toJson();
    json.remove(u"yaml"_s);
    QJsonObject validation = json.value(u"validation"_s).toObject();
    validation.remove(u"syntax_output"_s);
    validation.remove(u"lint_output"_s);
    json.insert(u"validation"_s, validation);
    return json;
}

} // namespace

RemediationDesk::RemediationDesk(Coordinator &coordinator, const ExecutionPolicy *policy, RemediationSettings settings,
                                 QString workRoot, QString labDir, QObject *parent)
    : QObject(parent)
    , m_coordinator(coordinator)
    , m_policy(policy)
    , m_settings(std::move(settings))
    , m_workRoot(std::move(workRoot))
    , m_labDir(std::move(labDir))
    , m_queue(m_settings.runbookRepo.isEmpty()
                  ? std::nullopt
                  : std::optional(RunbookRepository({m_settings.runbookRepo, u"git"_s, m_settings.branchPrefix})))
{ }

RemediationDesk::~RemediationDesk()
{
    // A validation still running writes only into its own work directory.
    for (auto *watcher : std::as_const(m_running)) {
        watcher->disconnect(this);
        watcher->waitForFinished();
        delete watcher;
    }
}

Status RemediationDesk::load()
{
    Expected<QList<QPair<QString, QString>>> stored = m_coordinator.store().settings(kPrefix);
    if (!stored)
        return stored.error();
    for (const auto &[key, value] : std::as_const(*stored)) {
        Expected<RemediationDraft> d = RemediationDraft::fromJson(QJsonDocument::fromJson(value.toUtf8()).object());
        if (!d)
            return Error {ErrorCode::Internal, u"%1: %2"_s.arg(key, d.error().message)};
        // A validation cut short by a restart is reported as such, not lost.
        if (d->state == RemediationDraft::State::Draft && !d->validated) {
            d->validated = true;
            d->validation.error = u"validation was interrupted by a restart; request a new draft"_s;
        }
        if (Status s = m_queue.restore(*d); !s)
            return s;
    }
    return {};
}

Status RemediationDesk::persist(const RemediationDraft &draft, const QString &eventType, const QJsonObject &payload,
                                const QString &actor)
{
    QJsonObject event = payload;
    event.insert(u"draft"_s, draft.id);
    event.insert(u"sha256"_s, draft.sha256);
    return m_coordinator.store().setSetting(
        kPrefix + draft.id, QString::fromUtf8(QJsonDocument(draft.toJson()).toJson(QJsonDocument::Compact)),
        {actor, draft.incidentId, eventType, event});
}

QString RemediationDesk::scenarioFor(const IncidentRecord &record) const
{
    const QStringList &scenarios = LabControl::scenarios();
    if (scenarios.contains(record.incident.drill))
        return record.incident.drill;
    // The lab scenario a fix belongs to is the group of its playbooks (sso/...).
    if (m_policy) {
        for (const PlanStep &s : record.plan.steps) {
            if (s.kind != StepKind::Remediate || s.playbookId.isEmpty())
                continue;
            if (const PlaybookEntry *e = m_policy->playbook(s.playbookId)) {
                const QString group = e->file.section(u'/', 0, 0);
                if (scenarios.contains(group))
                    return group;
            }
        }
    }
    return {};
}

int RemediationDesk::nextSequence(qint64 incidentId) const
{
    int sequence = 1;
    for (const RemediationDraft &d : m_queue.drafts())
        sequence += d.incidentId == incidentId;
    return sequence;
}

void RemediationDesk::askModel(const IncidentRecord &record, const QList<AuditEvent> &events, const User &actor)
{
    const LlmRequest request = LlmRemediationDrafter::request(record);
    ++m_llmPending;
    m_llm->complete(request).then(this, [this, record, events, actor](const LlmResult &result) {
        --m_llmPending;
        QJsonObject audit {{u"provider"_s, toString(m_llm->provider())},
                           {u"model"_s, result.model.isEmpty() ? m_llm->model() : result.model},
                           {u"prompt_sha256"_s, result.requestSha256},
                           {u"latency_ms"_s, result.latencyMs},
                           {u"attempts"_s, result.attempts},
                           {u"outcome"_s, result.ok() ? u"answered"_s : result.reason()}};
        auto failed = [&](const QString &why) {
            audit.insert(u"error"_s, why);
            (void)m_coordinator.store().appendAudit(
                {User::system().name, record.incident.id, u"remediation.llm_failed"_s, audit});
            Q_EMIT llmDraftFinished(QString(), why);
        };
        if (!result.ok())
            return failed(result.message);
        Expected<RemediationDraft> draft = LlmRemediationDrafter::fromAnswer(
            record, events, result.answer, nextSequence(record.incident.id), m_coordinator.now(),
            result.model.isEmpty() ? m_llm->model() : result.model);
        if (!draft)
            return failed(draft.error().message);
        draft->requestedBy = actor.name;
        if (Status s = m_queue.submit(*draft); !s)
            return failed(s.error().message);
        audit.insert(u"tasks"_s, draft->tasks.size());
        audit.insert(u"destructive_tasks"_s, draft->destructiveCount());
        audit.insert(u"notes"_s, QJsonArray::fromStringList(draft->notes));
        if (Status s = persist(*draft, u"remediation.drafted"_s, audit, draft->createdBy); !s)
            return failed(s.error().message);
        validate(*draft, scenarioFor(record));
        Q_EMIT llmDraftFinished(draft->id, u"queued"_s);
    });
}

Expected<std::optional<RemediationDraft>> RemediationDesk::requestDraft(qint64 incidentId, const User &actor)
{
    if (!actor.hasAnyRole(roleNamesFor(Action::DraftRemediation)))
        return Error {
            ErrorCode::Forbidden,
            u"drafting remediation needs the %1 role"_s.arg(roleNamesFor(Action::DraftRemediation).join(u" or "_s))};
    Expected<IncidentRecord> record = m_coordinator.incident(incidentId);
    if (!record)
        return record.error();
    if (!QList<IncidentState> {IncidentState::Resolved, IncidentState::Closed, IncidentState::RolledBack}.contains(
            record->incident.state))
        return Error {ErrorCode::Conflict,
                      u"%1 is %2: a fix is drafted once the incident is resolved"_s.arg(
                          record->incident.key(), toString(record->incident.state))};
    Expected<QList<AuditEvent>> events = m_coordinator.audit(incidentId, 0, 100000);
    if (!events)
        return events.error();
    const int sequence = nextSequence(incidentId);
    const ExecutionPolicy *policy = m_policy;
    RemediationDrafter::PlaybookResolver resolver = [policy](const QString &id) -> Expected<PinnedPlaybook> {
        const PlaybookEntry *entry = policy ? policy->playbook(id) : nullptr;
        if (!entry)
            return Error {ErrorCode::NotFound, u"%1 is not in the whitelist"_s.arg(id)};
        Expected<QString> pin = policy->verifyPin(*entry);
        if (!pin)
            return pin.error();
        QFile f(policy->absoluteFile(*entry));
        if (!f.open(QIODevice::ReadOnly))
            return Error {ErrorCode::Internal, u"cannot read %1"_s.arg(f.fileName())};
        return PinnedPlaybook {entry->id, entry->file, *pin, f.readAll(), entry->risk == Risk::High};
    };
    Expected<RemediationDraft> draft
        = RemediationDrafter::draft(*record, *events, sequence, m_coordinator.now(), resolver);
    if (!draft) {
        if (!m_llm || draft.error().code != ErrorCode::InvalidInput)
            return draft.error();
        // Nothing for the templates: the model may still read the fix.
        askModel(*record, *events, actor);
        return std::optional<RemediationDraft>();
    }
    draft->requestedBy = actor.name;
    if (Status s = m_queue.submit(*draft); !s)
        return s.error();
    if (Status s = persist(*draft, u"remediation.drafted"_s,
                           {{u"tasks"_s, draft->tasks.size()},
                            {u"destructive_tasks"_s, draft->destructiveCount()},
                            {u"notes"_s, QJsonArray::fromStringList(draft->notes)}},
                           actor.name);
        !s)
        return s.error();
    validate(*draft, scenarioFor(*record));
    if (m_llm)
        askModel(*record, *events, actor);
    return std::optional<RemediationDraft>(*draft);
}

void RemediationDesk::validate(const RemediationDraft &draft, const QString &scenario)
{
    const QString work = QDir(m_workRoot).filePath(draft.id);
    QDir(work).removeRecursively();
    QDir().mkpath(work);
    const QString file = QDir(work).filePath(draft.id + u".yml"_s);
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(draft.yaml.toUtf8()) < 0) {
        ValidationReport failed;
        failed.error = u"cannot write %1"_s.arg(file);
        finishValidation(draft.id, failed, {});
        return;
    }
    out.close();
    const QString policyFile = m_policy ? m_policy->file() : QString();
    const QString inventory = !m_settings.validateInventory.isEmpty()
        ? m_settings.validateInventory
        : (m_policy ? QDir(m_policy->baseDir()).filePath(u"lab/inventory.ini"_s) : QString());
    const bool lint = m_settings.lint;
    auto *watcher = new QFutureWatcher<QPair<ValidationReport, QString>>(this);
    m_running.insert(draft.id, watcher);
    connect(watcher, &QFutureWatcher<QPair<ValidationReport, QString>>::finished, this, [this, watcher, id = draft.id] {
        m_running.remove(id);
        const QPair<ValidationReport, QString> result = watcher->result();
        watcher->deleteLater();
        finishValidation(id, result.first, result.second);
    });
    watcher->setFuture(QtConcurrent::run([=] {
        QString log;
        // A scratch lab of its own, with the incident's fault injected: the
        // draft must fix it, and a second check must find nothing to change.
        const QString lab = QDir(work).filePath(u"lab"_s);
        LabControl control(policyFile, lab);
        ValidationReport report;
        Expected<QByteArray> up = control.run({u"up"_s, u"--reset"_s}, 60000);
        if (!up) {
            report.error = u"the scratch lab did not come up: "_s + up.error().message;
            return qMakePair(report, log);
        }
        log += u"scratch lab %1 up\n"_s.arg(lab);
        if (!scenario.isEmpty()) {
            Expected<QByteArray> broken = control.run({u"break"_s, scenario}, 60000);
            if (!broken) {
                report.error = u"cannot inject the %1 fault: %2"_s.arg(scenario, broken.error().message);
                (void)control.run({u"down"_s});
                return qMakePair(report, log);
            }
            log += u"fault %1 injected\n"_s.arg(scenario);
        }
        AnsibleValidator::Options o;
        o.inventory = inventory;
        o.extraVars
            = {{u"warroom_lab_dir"_s, lab}, {u"remediation_state_dir"_s, QDir(lab).filePath(u"remediation-state"_s)}};
        o.workDir = work;
        o.runLint = lint;
        o.disposableTarget = true;
        report = AnsibleValidator::validate(file, o);
        (void)control.run({u"down"_s});
        log += u"syntax: %1\nlint: %2\nfirst check changed=%3, apply changed=%4, second check changed=%5\n%6"_s
                   .arg(report.syntaxOk ? u"ok"_s : u"failed"_s,
                        report.lintRan ? (report.lintOk ? u"ok"_s : u"failed"_s) : u"not installed"_s)
                   .arg(report.firstCheckChanged)
                   .arg(report.applyChanged)
                   .arg(report.secondCheckChanged)
                   .arg(report.error);
        return qMakePair(report, log);
    }));
}

void RemediationDesk::finishValidation(const QString &id, const ValidationReport &report, const QString &log)
{
    if (!m_queue.setValidation(id, report))
        return;
    const RemediationDraft d = *m_queue.draft(id);
    (void)persist(d, u"remediation.validated"_s, {{u"passed"_s, report.passed()}, {u"report"_s, report.toJson()}},
                  User::system().name);
    Evidence evidence;
    evidence.incidentId = d.incidentId;
    evidence.kind = u"remediation-validation"_s;
    evidence.title = u"Validation of remediation draft %1: %2"_s.arg(id, report.passed() ? u"passed"_s : u"failed"_s);
    evidence.content
        = log + u"\n--- syntax check ---\n"_s + report.syntaxOutput + u"\n--- ansible-lint ---\n"_s + report.lintOutput;
    (void)m_coordinator.addEvidence(User::system(), evidence);
    Q_EMIT draftValidated(id, report.passed());
}

Expected<RemediationDraft> RemediationDesk::approve(const QString &id, const User &actor, const QString &comment)
{
    if (!actor.hasAnyRole(roleNamesFor(Action::ReviewRemediation)))
        return Error {ErrorCode::Forbidden,
                      u"approving a remediation needs the %1 role"_s.arg(
                          roleNamesFor(Action::ReviewRemediation).join(u" or "_s))};
    if (Status s = m_queue.approve(id, actor.name, comment, m_coordinator.now()); !s)
        return s.error();
    const RemediationDraft d = *m_queue.draft(id);
    if (Status s = persist(d, u"remediation.approved"_s,
                           {{u"branch"_s, d.branch}, {u"commit"_s, d.commit}, {u"comment"_s, comment}}, actor.name);
        !s)
        return s.error();
    return d;
}

Expected<RemediationDraft> RemediationDesk::reject(const QString &id, const User &actor, const QString &comment)
{
    if (!actor.hasAnyRole(roleNamesFor(Action::ReviewRemediation)))
        return Error {ErrorCode::Forbidden,
                      u"rejecting a remediation needs the %1 role"_s.arg(
                          roleNamesFor(Action::ReviewRemediation).join(u" or "_s))};
    if (Status s = m_queue.reject(id, actor.name, comment, m_coordinator.now()); !s)
        return s.error();
    const RemediationDraft d = *m_queue.draft(id);
    if (Status s = persist(d, u"remediation.rejected"_s, {{u"reason"_s, comment}}, actor.name); !s)
        return s.error();
    return d;
}

void RemediationDesk::install(ApiServer &server)
{
    using Method = QHttpServerRequest::Method;
    using M = QRegularExpressionMatch;
    using R = QHttpServerRequest;
    server.addRoute(Method::Post, u"/api/v1/incidents/(?:INC-|inc-)?([1-9]\\d{0,14})/remediation-drafts"_s,
                    u"remediation.draft"_s, [this](const R &, const M &m, const User &user) {
                        Expected<std::optional<RemediationDraft>> d = requestDraft(m.captured(1).toLongLong(), user);
                        if (!d)
                            return HttpReply::fromError(d.error());
                        QJsonObject json = *d ? (*d)->toJson() : QJsonObject {};
                        json.insert(u"llm_requested"_s, m_llm != nullptr);
                        return HttpReply::json(json, 202);
                    });
    server
        .addRoute(Method::Get, u"/api/v1/remediation-drafts"_s, u"remediation.list"_s,
                  [this](const R &r, const M &, const User &) {
                      const QString state = r.query().queryItemValue(u"state"_s);
                      if (!state.isEmpty() && !QStringList {u"draft"_s, u"approved"_s, u"rejected"_s}.contains(state))
                          return HttpReply::error(400, u"state must be draft, approved or rejected"_s);
                      QJsonArray items;
                      for (const RemediationDraft &d : m_queue.drafts()) {
                          if (state.isEmpty() || toString(d.state) == state)
                              items.append(summary(d));
                      }
                      return HttpReply::json({{u"items"_s, items}, {u"total"_s, items.size()}});
                  })
        .query({u"state"_s});
    server.addRoute(Method::Get, u"/api/v1/remediation-drafts/([a-z0-9-]{1,80})"_s, u"remediation.get"_s,
                    [this](const R &, const M &m, const User &) {
                        const std::optional<RemediationDraft> d = m_queue.draft(m.captured(1));
                        if (!d)
                            return HttpReply::error(404, u"no remediation draft \"%1\""_s.arg(m.captured(1)));
                        QJsonObject json = d->toJson();
                        json.insert(u"validating"_s, m_running.contains(d->id));
                        return HttpReply::json(json);
                    });
    server.addRoute(Method::Post, u"/api/v1/remediation-drafts/([a-z0-9-]{1,80})/(approve|reject)"_s,
                    u"remediation.decide"_s, [this](const R &r, const M &m, const User &user) {
                        Expected<QJsonObject> body = bodyObject(r);
                        if (!body)
                            return HttpReply::fromError(body.error());
                        JsonReader reader(*body);
                        const QString comment = reader.string("comment"_L1, false, 4000);
                        if (!reader.ok())
                            return HttpReply::fromError(reader.error());
                        Expected<RemediationDraft> d = m.captured(2) == "approve"_L1
                            ? approve(m.captured(1), user, comment)
                            : reject(m.captured(1), user, comment);
                        return d ? HttpReply::json(d->toJson()) : HttpReply::fromError(d.error());
                    });
    server.addHealthSource([this](QJsonObject &json) {
        json.insert(u"remediation"_s,
                    QJsonObject {{u"drafts"_s, m_queue.rowCount()},
                                 {u"validating"_s, validating()},
                                 {u"llm"_s, m_llm ? m_llm->model() : u"off"_s},
                                 {u"llm_pending"_s, m_llmPending},
                                 {u"runbook_repository"_s, !m_settings.runbookRepo.isEmpty()}});
    });
}

} // namespace warroom
