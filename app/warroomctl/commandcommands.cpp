#include "commandcommands.h"

#include "apiclient.h"
#include "config.h"
#include "ctlcommands.h"
#include "labcontrol.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QThread>
#include <QUrlQuery>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

/// Prints the JSON answer with --json, else `line`; the exit code.
int finish(const CommandArgs &a, const ApiResponse &r, const std::function<QString(const QJsonObject &)> &line)
{
    if (!r.ok())
        return failWith(r);
    out(a.json ? jsonText(r.json) : line(r.json));
    return ExitOk;
}

Expected<QByteArray> readInput(const QString &file)
{
    QFile f;
    if (file == "-"_L1) {
        if (!f.open(stdin, QIODevice::ReadOnly))
            return Error {ErrorCode::InvalidInput, u"cannot read standard input"_s};
    } else {
        f.setFileName(file);
        if (!f.open(QIODevice::ReadOnly))
            return Error {ErrorCode::InvalidInput, u"cannot read %1: %2"_s.arg(file, f.errorString())};
    }
    return f.readAll();
}

QString minutes(qint64 seconds)
{
    if (seconds < 0)
        return u"-"_s;
    return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
}

/// The incident's drill times from its detail: what `drill report` prints.
QJsonObject drillTimes(const QJsonObject &detail)
{
    const QJsonObject inc = detail.value(u"incident"_s).toObject();
    const QDateTime created = QDateTime::fromString(inc.value(u"created_at"_s).toString(), Qt::ISODateWithMs);
    auto since = [&](const QString &key) -> qint64 {
        const QDateTime t = QDateTime::fromString(inc.value(key).toString(), Qt::ISODateWithMs);
        return t.isValid() && created.isValid() ? created.secsTo(t) : -1;
    };
    QJsonArray steps;
    for (const QJsonValue &v : detail.value(u"plan"_s).toObject().value(u"steps"_s).toArray()) {
        const QJsonObject s = v.toObject();
        const QString id = s.value(u"id"_s).toString();
        QDateTime firstApproval;
        QStringList approvers;
        for (const QJsonValue &av : detail.value(u"approvals"_s).toArray()) {
            const QJsonObject ap = av.toObject();
            if (ap.value(u"step"_s).toString() != id || ap.value(u"decision"_s).toString() != "approve"_L1)
                continue;
            const QDateTime at = QDateTime::fromString(ap.value(u"at"_s).toString(), Qt::ISODateWithMs);
            if (!firstApproval.isValid() || at < firstApproval)
                firstApproval = at;
            approvers.append(ap.value(u"user"_s).toString());
        }
        const QDateTime started = QDateTime::fromString(s.value(u"started_at"_s).toString(), Qt::ISODateWithMs);
        const QDateTime finished = QDateTime::fromString(s.value(u"finished_at"_s).toString(), Qt::ISODateWithMs);
        steps.append(
            QJsonObject {{u"step"_s, id},
                         {u"kind"_s, s.value(u"kind"_s)},
                         {u"state"_s, s.value(u"state"_s)},
                         {u"approvers"_s, QJsonArray::fromStringList(approvers)},
                         {u"first_approval_seconds"_s,
                          firstApproval.isValid() && created.isValid() ? created.secsTo(firstApproval) : -1},
                         {u"run_seconds"_s, started.isValid() && finished.isValid() ? started.secsTo(finished) : -1}});
    }
    return {{u"incident"_s, inc.value(u"key"_s)},
            {u"drill"_s, inc.value(u"drill"_s)},
            {u"state"_s, inc.value(u"state"_s)},
            {u"acknowledge_seconds"_s, since(u"acknowledged_at"_s)},
            {u"acknowledged_by"_s, inc.value(u"acknowledged_by"_s)},
            {u"mitigate_seconds"_s, since(u"mitigated_at"_s)},
            {u"resolve_seconds"_s, since(u"resolved_at"_s)},
            {u"steps"_s, steps}};
}

void printDrillTimes(const QJsonObject &t)
{
    out(u"%1 drill %2: %3"_s.arg(t.value(u"incident"_s).toString(), t.value(u"drill"_s).toString(),
                                 t.value(u"state"_s).toString()));
    out(u"  time to acknowledge  %1%2"_s.arg(minutes(t.value(u"acknowledge_seconds"_s).toInteger()),
                                             t.value(u"acknowledged_by"_s).toString().isEmpty()
                                                 ? QString()
                                                 : u" ("_s + t.value(u"acknowledged_by"_s).toString() + u')'));
    out(u"  time to mitigate     %1"_s.arg(minutes(t.value(u"mitigate_seconds"_s).toInteger())));
    out(u"  time to resolve      %1"_s.arg(minutes(t.value(u"resolve_seconds"_s).toInteger())));
    out(u"  step        state       first approval  run      approvers"_s);
    for (const QJsonValue &v : t.value(u"steps"_s).toArray()) {
        const QJsonObject s = v.toObject();
        QStringList approvers;
        for (const QJsonValue &a : s.value(u"approvers"_s).toArray())
            approvers.append(a.toString());
        out(u"  %1  %2  %3  %4  %5"_s.arg(
            s.value(u"step"_s).toString().leftJustified(10), s.value(u"state"_s).toString().leftJustified(10),
            minutes(s.value(u"first_approval_seconds"_s).toInteger()).leftJustified(14),
            minutes(s.value(u"run_seconds"_s).toInteger()).leftJustified(7), approvers.join(u", "_s)));
    }
}

/// What a drill's incident says, per lab scenario (as monitoring would report it).
QJsonObject drillIncident(const QString &scenario)
{
    if (scenario == "sso"_L1)
        return {{u"title"_s, u"[DRILL] SAML SSO login redirect loop after the IdP certificate rotation"_s},
                {u"description"_s,
                 u"Drill: support agents bounce between Salesforce and the IdP since the signing "
                 "certificate was rotated; pilot login loops."_s},
                {u"service"_s, u"salesforce-sso"_s},
                {u"priority"_s, u"P2"_s}};
    if (scenario == "disk"_L1)
        return {{u"title"_s, u"[DRILL] Log shipper disk 95% full on the log host"_s},
                {u"description"_s,
                 u"Drill: /var/log at 95% on the log shipper host: old compressed archives and no journald cap."_s},
                {u"service"_s, u"log-shipper"_s},
                {u"priority"_s, u"P3"_s},
                {u"labels"_s, QJsonObject {{u"host"_s, u"lab"_s}}}};
    return {{u"title"_s, u"[DRILL] checkout-api 5xx error rate above 20% - unhealthy service"_s},
            {u"description"_s, u"Drill: HTTP 5xx on checkout-api at 60% since the last generation started."_s},
            {u"service"_s, u"checkout-api"_s},
            {u"priority"_s, u"P2"_s}};
}

int cmdDrill(const CommandArgs &a, ApiClient &client)
{
    const QString action = a.args.value(0);
    if (action == "report"_L1) {
        const qint64 id = incidentId(a.args.value(1));
        if (a.args.size() != 2 || id == 0)
            return usage(u"drill report needs an incident id"_s);
        const ApiResponse r = waitFor(client.incident(id));
        if (!r.ok())
            return failWith(r);
        if (r.json.value(u"incident"_s).toObject().value(u"drill"_s).toString().isEmpty()) {
            std::fprintf(stderr, "warroomctl: INC-%lld is not a drill (drill start SCENARIO makes one)\n",
                         static_cast<long long>(id));
            return ExitRefused;
        }
        const QJsonObject times = drillTimes(r.json);
        if (a.json)
            out(jsonText(times));
        else
            printDrillTimes(times);
        return ExitOk;
    }
    if (action != "start"_L1 || a.args.size() != 2)
        return usage(u"drill needs start SCENARIO or report ID"_s);
    const QString scenario = a.args.at(1);
    if (!LabControl::scenarios().contains(scenario))
        return usage(u"unknown scenario \"%1\" (%2)"_s.arg(scenario, LabControl::scenarios().join(u", "_s)));
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    Config defaults;
    defaults.applyEnvironment(env);
    const QString policy = a.policy.isEmpty() ? defaults.effectivePolicyPath() : a.policy;
    const QString labDir = a.labDir.isEmpty() ? env.value(u"WARROOM_LAB_DIR"_s) : a.labDir;
    if (labDir.isEmpty())
        return usage(u"drill start needs --lab-dir DIR (the daemon's execution.lab_dir) or WARROOM_LAB_DIR"_s);
    // The fault first: the team responds to a real one.
    const LabControl lab(policy, labDir);
    if (Expected<QByteArray> broken = lab.run({u"break"_s, scenario}); !broken) {
        std::fprintf(stderr, "warroomctl: the lab: %s\n", qPrintable(broken.error().message));
        return ExitRefused;
    }
    QJsonObject body = drillIncident(scenario);
    body.insert(u"drill"_s, scenario);
    body.insert(u"source"_s, u"drill"_s);
    const ApiResponse created = waitFor(client.submitIncident(body));
    if (!created.ok())
        return failWith(created);
    const qint64 id = created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
    const ApiResponse triaged = waitFor(client.post(u"/api/v1/incidents/%1/triage"_s.arg(id), {}));
    if (!triaged.ok())
        return failWith(triaged);
    if (!a.json)
        out(u"INC-%1: drill %2 started; the lab's %2 fault is live, plan %3 with %4 step(s) waits for the team"_s
                .arg(id)
                .arg(scenario, triaged.json.value(u"plan"_s).toObject().value(u"source"_s).toString())
                .arg(triaged.json.value(u"plan"_s).toObject().value(u"steps"_s).toArray().size()));
    if (!a.wait) {
        if (a.json)
            out(jsonText(drillTimes(triaged.json)));
        return ExitOk;
    }
    QElapsedTimer timer;
    timer.start();
    QJsonObject detail = triaged.json;
    static const QStringList done {u"resolved"_s, u"rolled_back"_s, u"failed"_s, u"closed"_s};
    while (!done.contains(detail.value(u"incident"_s).toObject().value(u"state"_s).toString())) {
        if (timer.elapsed() > qint64(a.timeoutSeconds) * 1000) {
            std::fprintf(stderr, "warroomctl: INC-%lld is not resolved after %d s\n", static_cast<long long>(id),
                         a.timeoutSeconds);
            printDrillTimes(drillTimes(detail));
            return ExitRefused;
        }
        QThread::msleep(1000);
        const ApiResponse r = waitFor(client.incident(id));
        if (!r.ok())
            return failWith(r);
        detail = r.json;
    }
    const QJsonObject times = drillTimes(detail);
    if (a.json)
        out(jsonText(times));
    else
        printDrillTimes(times);
    return detail.value(u"incident"_s).toObject().value(u"state"_s).toString() == "failed"_L1 ? ExitRefused : ExitOk;
}

int cmdRemediation(const CommandArgs &a, ApiClient &client)
{
    const QString action = a.args.value(0);
    if (action == "list"_L1) {
        QUrlQuery q;
        if (!a.state.isEmpty())
            q.addQueryItem(u"state"_s, a.state);
        return finish(a, waitFor(client.get(u"/api/v1/remediation-drafts"_s, q)), [](const QJsonObject &j) -> QString {
            QStringList lines {u"DRAFT              INCIDENT  STATE     VALIDATION  DESTRUCTIVE  REVIEWER"_s};
            for (const QJsonValue &v : j.value(u"items"_s).toArray()) {
                const QJsonObject d = v.toObject();
                const QJsonObject val = d.value(u"validation"_s).toObject();
                lines.append(u"%1 %2 %3 %4 %5 %6"_s.arg(
                    d.value(u"id"_s).toString().leftJustified(18), d.value(u"key"_s).toString().leftJustified(9),
                    d.value(u"state"_s).toString().leftJustified(9),
                    (!d.value(u"validated"_s).toBool()     ? u"running"_s
                         : val.value(u"passed"_s).toBool() ? u"passed"_s
                                                           : u"failed"_s)
                        .leftJustified(11),
                    QString::number(d.value(u"destructive_tasks"_s).toInt()).leftJustified(12),
                    d.value(u"reviewer"_s).toString()));
            }
            return lines.join(u'\n');
        });
    }
    if (a.args.size() != 2)
        return usage(u"remediation needs draft ID, list, show DRAFT, approve DRAFT or reject DRAFT"_s);
    if (action == "draft"_L1) {
        const qint64 id = incidentId(a.args.at(1));
        if (id == 0)
            return usage(u"\"%1\" is not an incident id"_s.arg(a.args.at(1)));
        return finish(a, waitFor(client.post(u"/api/v1/incidents/%1/remediation-drafts"_s.arg(id), {})),
                      [](const QJsonObject &d) -> QString {
                          return u"%1: %2 task(s), %3 destructive; validating against the lab (warroomctl "
                                 "remediation show %1)"_s.arg(d.value(u"id"_s).toString())
                                     .arg(d.value(u"tasks"_s).toArray().size())
                                     .arg(d.value(u"destructive_tasks"_s).toInt());
                      });
    }
    const QString draft = a.args.at(1);
    if (action == "show"_L1)
        return finish(
            a, waitFor(client.get(u"/api/v1/remediation-drafts/%1"_s.arg(draft))), [](const QJsonObject &d) -> QString {
                const QJsonObject v = d.value(u"validation"_s).toObject();
                return u"%1 (%2) %3, sha256 %4\nvalidation: %5 (check changed=%6, apply changed=%7, second check "
                       "changed=%8)%9\n\n%10"_s
                           .arg(d.value(u"id"_s).toString(), d.value(u"key"_s).toString(),
                                d.value(u"state"_s).toString(), d.value(u"sha256"_s).toString())
                           .arg(!d.value(u"validated"_s).toBool()   ? u"running"_s
                                    : v.value(u"passed"_s).toBool() ? u"passed"_s
                                                                    : u"failed"_s)
                           .arg(v.value(u"first_check_changed"_s).toInt())
                           .arg(v.value(u"apply_changed"_s).toInt())
                           .arg(v.value(u"second_check_changed"_s).toInt())
                           .arg(v.value(u"error"_s).toString().isEmpty() ? QString()
                                                                         : u"\n"_s + v.value(u"error"_s).toString(),
                                d.value(u"yaml"_s).toString());
            });
    if (action == "approve"_L1 || action == "reject"_L1) {
        const bool approve = action == "approve"_L1;
        if (!approve && a.reason.trimmed().isEmpty())
            return usage(u"remediation reject needs --reason"_s);
        return finish(a,
                      waitFor(client.post(u"/api/v1/remediation-drafts/%1/%2"_s.arg(draft, action),
                                          {{u"comment"_s, approve ? a.comment : a.reason}})),
                      [approve](const QJsonObject &d) -> QString {
                          return approve ? u"%1 approved: committed %2 on branch %3 (not merged)"_s.arg(
                                     d.value(u"id"_s).toString(), d.value(u"commit"_s).toString().left(12),
                                     d.value(u"branch"_s).toString())
                                         : u"%1 rejected"_s.arg(d.value(u"id"_s).toString());
                      });
    }
    return usage(u"remediation needs draft ID, list, show DRAFT, approve DRAFT or reject DRAFT"_s);
}

} // namespace

std::optional<int> runCommandCommand(const CommandArgs &a, ApiClient &client)
{
    static const QStringList kCommands {u"ack"_s,         u"severity"_s, u"roles"_s,  u"mitigate"_s, u"task"_s,
                                        u"step"_s,        u"promote"_s,  u"demote"_s, u"escalate"_s, u"resolve"_s,
                                        u"close"_s,       u"assign"_s,   u"status"_s, u"readin"_s,   u"postmortem"_s,
                                        u"remediation"_s, u"drill"_s};
    if (!kCommands.contains(a.command))
        return std::nullopt;
    if (a.command == "drill"_L1)
        return cmdDrill(a, client);
    if (a.command == "remediation"_L1)
        return cmdRemediation(a, client);
    // The rest name an incident first (task and status after their verb).
    const bool verbFirst = a.command == "task"_L1 || a.command == "step"_L1 || a.command == "status"_L1
        || (a.command == "postmortem"_L1 && a.args.value(0) == "notes"_L1);
    const QString verb = verbFirst ? a.args.value(0) : QString();
    const QStringList rest = verbFirst ? a.args.mid(1) : a.args;
    const qint64 id = incidentId(rest.value(0));
    if (id == 0)
        return usage(u"%1 needs an incident id"_s.arg(a.command));
    const QString base = u"/api/v1/incidents/%1"_s.arg(id);
    const QString key = u"INC-%1"_s.arg(id);

    if (a.command == "ack"_L1)
        return finish(a, waitFor(client.post(base + u"/acknowledge"_s, {{u"note"_s, a.comment}})),
                      [&](const QJsonObject &) -> QString { return key + u" acknowledged"_s; });
    if (a.command == "severity"_L1) {
        if (rest.size() != 2)
            return usage(u"severity needs an incident id and SEV1..SEV4"_s);
        return finish(
            a, waitFor(client.post(base + u"/severity"_s, {{u"severity"_s, rest.at(1)}, {u"reason"_s, a.reason}})),
            [&](const QJsonObject &j) -> QString {
                return u"%1 is %2 (declared by %3)"_s.arg(
                    key, j.value(u"incident"_s).toObject().value(u"severity"_s).toString(),
                    j.value(u"incident"_s).toObject().value(u"severity_by"_s).toString());
            });
    }
    if (a.command == "roles"_L1) {
        QJsonObject body;
        if (a.commander)
            body.insert(u"commander"_s, *a.commander);
        if (a.commsLead)
            body.insert(u"comms_lead"_s, *a.commsLead);
        if (a.scribe)
            body.insert(u"scribe"_s, *a.scribe);
        if (body.isEmpty())
            return usage(u"roles needs --commander, --comms-lead or --scribe"_s);
        return finish(a, waitFor(client.post(base + u"/roles"_s, body)), [&](const QJsonObject &j) -> QString {
            const QJsonObject i = j.value(u"incident"_s).toObject();
            auto name
                = [&](const QString &k) { return i.value(k).toString().isEmpty() ? u"-"_s : i.value(k).toString(); };
            return u"%1: commander %2, comms lead %3, scribe %4"_s.arg(key, name(u"commander"_s), name(u"comms_lead"_s),
                                                                       name(u"scribe"_s));
        });
    }
    if (a.command == "mitigate"_L1) {
        if (a.summary.trimmed().isEmpty())
            return usage(u"mitigate needs --summary (what restored service for users)"_s);
        return finish(a, waitFor(client.post(base + u"/mitigate"_s, {{u"summary"_s, a.summary}})),
                      [&](const QJsonObject &) -> QString { return key + u" mitigated"_s; });
    }
    if (a.command == "task"_L1) {
        if ((verb != "block"_L1 && verb != "unblock"_L1) || rest.size() != 2)
            return usage(u"task needs block|unblock ID STEP"_s);
        if (verb == "block"_L1 && a.reason.trimmed().isEmpty())
            return usage(u"task block needs --reason (what the task waits for)"_s);
        return finish(
            a, waitFor(client.post(base + u"/tasks/%1/%2"_s.arg(rest.at(1), verb), {{u"reason"_s, a.reason}})),
            [&](const QJsonObject &) -> QString {
                return u"%1 task %2 %3"_s.arg(
                    key, rest.at(1), verb == "block"_L1 ? u"blocked; the commander is told"_s : u"unblocked"_s);
            });
    }
    if (a.command == "step"_L1) {
        static const QStringList kVerbs {u"start"_s, u"finish"_s, u"skip"_s, u"promote"_s};
        if (!kVerbs.contains(verb) || rest.size() != 2)
            return usage(u"step needs start|finish|skip|promote ID STEP"_s);
        const QString step = rest.at(1);
        QJsonObject body;
        if (verb == "finish"_L1) {
            body = {{u"succeeded"_s, !a.failed}, {u"summary"_s, a.summary}};
        } else if (verb == "skip"_L1) {
            if (a.reason.trimmed().isEmpty())
                return usage(u"step skip needs --reason (why the step is not needed)"_s);
            body = {{u"reason"_s, a.reason}};
        } else if (verb == "promote"_L1) {
            body = {{u"environment"_s, a.environment.isEmpty() ? u"prod"_s : a.environment}};
        }
        return finish(
            a, waitFor(client.post(base + u"/steps/%1/%2"_s.arg(step, verb), body)),
            [&](const QJsonObject &j) -> QString {
                if (verb == "promote"_L1) {
                    // The promoted copy is {step}-{environment}.
                    const QString copy = step + u'-' + (a.environment.isEmpty() ? u"prod"_s : a.environment);
                    QJsonObject added {{u"id"_s, copy},
                                       {u"environment"_s, a.environment.isEmpty() ? u"prod"_s : a.environment}};
                    for (const QJsonValue &v : j.value(u"plan"_s).toObject().value(u"steps"_s).toArray())
                        if (v.toObject().value(u"id"_s).toString() == copy)
                            added = v.toObject();
                    return u"%1 step %2 promoted to %3 as step %4, waiting for approval"_s.arg(
                        key, step, added.value(u"environment"_s).toString(), added.value(u"id"_s).toString());
                }
                for (const QJsonValue &v : j.value(u"plan"_s).toObject().value(u"steps"_s).toArray()) {
                    if (v.toObject().value(u"id"_s).toString() == step)
                        return u"%1 step %2 is %3"_s.arg(key, step, v.toObject().value(u"state"_s).toString());
                }
                return u"%1 step %2 %3"_s.arg(key, step, verb);
            });
    }
    if (a.command == "promote"_L1 || a.command == "demote"_L1 || a.command == "escalate"_L1) {
        if (a.command != "promote"_L1 && a.reason.trimmed().isEmpty())
            return usage(u"%1 needs --reason"_s.arg(a.command));
        return finish(a, waitFor(client.post(base + u'/' + a.command, {{u"reason"_s, a.reason}})),
                      [&](const QJsonObject &j) -> QString {
                          const QJsonObject i = j.value(u"incident"_s).toObject();
                          const QString major = i.value(u"major"_s).toString();
                          return u"%1 is %2 (%3)"_s.arg(key, i.value(u"state"_s).toString(),
                                                        major.isEmpty() ? u"not a major incident"_s
                                                            : major == "declared"_L1
                                                            ? u"a declared major incident, commander "_s
                                                                + (i.value(u"commander"_s).toString().isEmpty()
                                                                       ? u"not assigned"_s
                                                                       : i.value(u"commander"_s).toString())
                                                            : u"major: "_s + major);
                      });
    }
    if (a.command == "resolve"_L1 || a.command == "close"_L1) {
        if (a.command == "resolve"_L1 && a.summary.trimmed().isEmpty())
            return usage(u"resolve needs --summary (what fixed it)"_s);
        return finish(a, waitFor(client.post(base + u'/' + a.command, {{u"summary"_s, a.summary}})),
                      [&](const QJsonObject &j) -> QString {
                          return u"%1 is %2"_s.arg(key, j.value(u"incident"_s).toObject().value(u"state"_s).toString());
                      });
    }
    if (a.command == "assign"_L1) {
        if (rest.size() != 2)
            return usage(u"assign needs an incident id and a user"_s);
        return finish(a, waitFor(client.post(base + u"/assign"_s, {{u"owner"_s, rest.at(1)}})),
                      [&](const QJsonObject &j) -> QString {
                          return u"%1 is owned by %2"_s.arg(
                              key, j.value(u"incident"_s).toObject().value(u"owner"_s).toString());
                      });
    }
    if (a.command == "status"_L1) {
        if (verb == "list"_L1)
            return finish(a, waitFor(client.get(base + u"/status-updates"_s)), [](const QJsonObject &j) -> QString {
                QStringList lines;
                for (const QJsonValue &v : j.value(u"items"_s).toArray()) {
                    const QJsonObject u = v.toObject();
                    lines.append(
                        u"--- %1 %2 by %3\n%4"_s.arg(u.value(u"at"_s).toString(), u.value(u"audience"_s).toString(),
                                                     u.value(u"by"_s).toString(), u.value(u"text"_s).toString()));
                }
                return lines.isEmpty() ? u"no status updates yet"_s : lines.join(u'\n');
            });
        if (a.audience.isEmpty())
            return usage(u"status %1 needs --audience internal|executive|external"_s.arg(verb));
        if (verb == "draft"_L1)
            return finish(a, waitFor(client.get(base + u"/status-draft"_s, QUrlQuery {{u"audience"_s, a.audience}})),
                          [](const QJsonObject &j) -> QString { return j.value(u"text"_s).toString(); });
        if (verb == "publish"_L1) {
            QString text = a.text;
            if (!a.file.isEmpty()) {
                Expected<QByteArray> input = readInput(a.file);
                if (!input)
                    return usage(input.error().message);
                text = QString::fromUtf8(*input);
            }
            if (text.trimmed().isEmpty())
                return usage(u"status publish needs --text or --file"_s);
            return finish(
                a, waitFor(client.post(base + u"/status-updates"_s, {{u"audience"_s, a.audience}, {u"text"_s, text}})),
                [&](const QJsonObject &) -> QString {
                    return u"%1: status update for %2 published"_s.arg(key, a.audience);
                });
        }
        return usage(u"status needs draft, publish or list"_s);
    }
    if (a.command == "readin"_L1) {
        const ApiResponse r
            = waitFor(client.get(base + u"/readin"_s, QUrlQuery {{u"format"_s, a.json ? u"json"_s : u"md"_s}}));
        if (!r.ok())
            return failWith(r);
        out(a.json ? jsonText(r.json) : QString::fromUtf8(r.body).trimmed());
        return ExitOk;
    }
    if (a.command == "postmortem"_L1) {
        if (verb == "notes"_L1) {
            if (a.file.isEmpty())
                return usage(u"postmortem notes needs --file NOTES.json (impact, whys, root_cause, actions)"_s);
            Expected<QByteArray> input = readInput(a.file);
            if (!input)
                return usage(input.error().message);
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(*input, &error);
            if (!doc.isObject())
                return usage(u"%1 is not a JSON object: %2"_s.arg(a.file, error.errorString()));
            return finish(a, waitFor(client.put(base + u"/postmortem"_s, doc.object())),
                          [&](const QJsonObject &) -> QString { return key + u": postmortem notes saved"_s; });
        }
        const QString format = a.format.isEmpty() ? u"md"_s : a.format;
        if (!QStringList {u"md"_s, u"pdf"_s, u"json"_s}.contains(format))
            return usage(u"--format must be md, pdf or json"_s);
        const ApiResponse r = waitFor(client.get(base + u"/postmortem"_s, QUrlQuery {{u"format"_s, format}}));
        if (!r.ok())
            return failWith(r);
        if (a.output.isEmpty() || a.output == "-"_L1) {
            std::fwrite(r.body.constData(), 1, size_t(r.body.size()), stdout);
            return ExitOk;
        }
        QFile f(a.output);
        if (!f.open(QIODevice::WriteOnly) || f.write(r.body) != r.body.size()) {
            std::fprintf(stderr, "warroomctl: cannot write %s: %s\n", qPrintable(a.output),
                         qPrintable(f.errorString()));
            return ExitRefused;
        }
        out(u"%1: postmortem written to %2"_s.arg(key, a.output));
        return ExitOk;
    }
    return usage(u"unknown command \"%1\""_s.arg(a.command));
}

} // namespace warroom
