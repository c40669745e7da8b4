#include "ctlcommands.h"

#include "apiclient.h"
#include "commandcommands.h"
#include "config.h"
#include "ingestcommands.h"
#include "knowledgebase.h"
#include "labcontrol.h"
#include "playbookpolicy.h"
#include "policycommands.h"
#include "sqlitestore.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace warroom {

void out(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
}

int usage(const QString &message)
{
    std::fprintf(stderr, "warroomctl: %s\nRun warroomctl --help for the commands.\n", qPrintable(message));
    return ExitUsage;
}

int failWith(const ApiResponse &r)
{
    std::fprintf(stderr, "warroomctl: %s\n", qPrintable(r.errorMessage()));
    return r.status == 0 ? ExitUnreachable : ExitRefused;
}

QString jsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)).trimmed();
}

qint64 incidentId(const QString &text)
{
    static const QRegularExpression kId(u"^(?:INC-)?([1-9][0-9]{0,14})$"_s, QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = kId.match(text.trimmed());
    return m.hasMatch() ? m.captured(1).toLongLong() : 0;
}

namespace {

QString pad(const QString &text, int width)
{
    QString t = text;
    if (t.size() > width)
        t = t.left(width - 1) + u'…';
    return t.leftJustified(width);
}

/// Prints a table with a header row, columns sized to their content.
void printTable(const QStringList &header, const QList<QStringList> &rows, const QList<int> &maxWidths)
{
    QList<int> widths;
    for (int c = 0; c < header.size(); ++c) {
        int w = int(header.at(c).size());
        for (const QStringList &row : rows)
            w = std::max(w, int(row.value(c).size()));
        widths.append(std::min(w, maxWidths.value(c, 60)));
    }
    auto line = [&](const QStringList &cells) {
        QStringList parts;
        for (int c = 0; c < header.size(); ++c)
            parts.append(pad(cells.value(c), widths.at(c)));
        out(parts.join(u"  "_s).trimmed());
    };
    line(header);
    for (const QStringList &row : rows)
        line(row);
}

QString age(const QString &iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!t.isValid())
        return {};
    const qint64 s = t.secsTo(QDateTime::currentDateTimeUtc());
    if (s < 120)
        return u"%1s"_s.arg(s);
    if (s < 7200)
        return u"%1m"_s.arg(s / 60);
    if (s < 172800)
        return u"%1h"_s.arg(s / 3600);
    return u"%1d"_s.arg(s / 86400);
}

struct Ctx;
std::optional<int> settled(const Ctx &c, const ApiResponse &r);

struct Ctx
{
    QCommandLineParser &parser;
    QStringList args; ///< positional arguments after the command
    ApiClient &client;
    bool json = false;
};

/// Ends a command early: its exit code when the server refused (after the
/// message), or after printing the JSON answer in --json mode.
std::optional<int> settled(const Ctx &c, const ApiResponse &r)
{
    if (!r.ok())
        return failWith(r);
    if (c.json) {
        out(jsonText(r.json));
        return ExitOk;
    }
    return std::nullopt;
}

int cmdSubmit(Ctx &c, const QCommandLineOption &title, const QCommandLineOption &description,
              const QCommandLineOption &service, const QCommandLineOption &priority, const QCommandLineOption &source,
              const QCommandLineOption &externalId, const QCommandLineOption &file, const QCommandLineOption &key)
{
    QJsonObject body;
    if (c.parser.isSet(file)) {
        QFile f(c.parser.value(file));
        const bool opened
            = c.parser.value(file) == "-"_L1 ? f.open(stdin, QIODevice::ReadOnly) : f.open(QIODevice::ReadOnly);
        if (!opened)
            return usage(u"cannot read %1: %2"_s.arg(c.parser.value(file), f.errorString()));
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
        if (err.error != QJsonParseError::NoError)
            return usage(u"%1 is not valid JSON: %2"_s.arg(c.parser.value(file), err.errorString()));
        if (!doc.isObject())
            return usage(
                u"%1 must hold one JSON object (an incident), not an array or a value"_s.arg(c.parser.value(file)));
        body = doc.object();
    }
    auto set = [&](const QCommandLineOption &o, const QString &field) {
        if (c.parser.isSet(o))
            body.insert(field, c.parser.value(o));
    };
    set(title, u"title"_s);
    set(description, u"description"_s);
    set(service, u"service"_s);
    set(priority, u"priority"_s);
    set(source, u"source"_s);
    set(externalId, u"external_id"_s);
    if (!body.contains(u"title"_s))
        return usage(u"submit needs --title (or a --file with a title)"_s);
    const ApiResponse r = waitFor(c.client.submitIncident(body, c.parser.value(key)));
    if (!r.ok())
        return failWith(r);
    const QJsonObject incident = r.json.value(u"incident"_s).toObject();
    if (c.json)
        out(jsonText(r.json));
    else
        out(u"%1 %2: %3"_s.arg(incident.value(u"key"_s).toString(),
                               r.status == 201 ? u"created"_s : u"already exists"_s,
                               incident.value(u"title"_s).toString()));
    return ExitOk;
}

int cmdList(Ctx &c, const QCommandLineOption &status, const QCommandLineOption &service,
            const QCommandLineOption &source, const QCommandLineOption &limit, const QCommandLineOption &offset)
{
    QUrlQuery q;
    for (const auto &[opt, name] :
         {std::pair {&status, u"status"_s}, std::pair {&service, u"service"_s}, std::pair {&source, u"source"_s},
          std::pair {&limit, u"limit"_s}, std::pair {&offset, u"offset"_s}}) {
        if (c.parser.isSet(*opt))
            q.addQueryItem(name, c.parser.value(*opt));
    }
    const ApiResponse r = waitFor(c.client.incidents(q));
    if (const std::optional<int> done = settled(c, r))
        return *done;
    QList<QStringList> rows;
    const QJsonArray items = r.json.value(u"items"_s).toArray();
    for (const QJsonValue &v : items) {
        const QJsonObject o = v.toObject();
        const QString confidence
            = o.contains(u"confidence"_s) ? QString::number(o.value(u"confidence"_s).toDouble(), 'f', 2) : u"-"_s;
        const QString major = !o.contains(u"mim_required"_s) ? u"-"_s
            : o.value(u"mim_required"_s).toBool()            ? u"major"_s
                                                             : u"standard"_s;
        rows.append({o.value(u"key"_s).toString(), o.value(u"priority"_s).toString(), o.value(u"state"_s).toString(),
                     major, confidence, o.value(u"service"_s).toString(), o.value(u"owner"_s).toString(),
                     age(o.value(u"created_at"_s).toString()), o.value(u"title"_s).toString()});
    }
    printTable({u"ID"_s, u"PRI"_s, u"STATE"_s, u"CLASS"_s, u"CONF"_s, u"SERVICE"_s, u"OWNER"_s, u"AGE"_s, u"TITLE"_s},
               rows, {10, 3, 17, 8, 4, 20, 12, 5, 60});
    out(u"%1 of %2 incidents"_s.arg(items.size()).arg(r.json.value(u"total"_s).toInteger()));
    return ExitOk;
}

int cmdShow(Ctx &c)
{
    if (c.args.size() != 1)
        return usage(u"show needs an incident id (e.g. 42 or INC-42)"_s);
    const qint64 n = incidentId(c.args.first());
    if (n == 0)
        return usage(u"\"%1\" is not an incident id"_s.arg(c.args.first()));
    const ApiResponse r = waitFor(c.client.incident(n));
    if (const std::optional<int> done = settled(c, r))
        return *done;
    const QJsonObject i = r.json.value(u"incident"_s).toObject();
    out(u"%1  %2"_s.arg(i.value(u"key"_s).toString(), i.value(u"title"_s).toString()));
    out(u"  state %1   priority %2   service %3   source %4   owner %5"_s.arg(
        i.value(u"state"_s).toString(), i.value(u"priority"_s).toString(), i.value(u"service"_s).toString(),
        i.value(u"source"_s).toString(),
        i.value(u"owner"_s).toString().isEmpty() ? u"-"_s : i.value(u"owner"_s).toString()));
    if (!i.value(u"description"_s).toString().isEmpty())
        out(u"  "_s + i.value(u"description"_s).toString());
    const QJsonObject cls = r.json.value(u"classification"_s).toObject();
    if (!cls.isEmpty()) {
        out(u"Classification: %1, %2, confidence %3, %4"_s.arg(
            cls.value(u"category"_s).toString(), cls.value(u"severity"_s).toString(),
            QString::number(cls.value(u"confidence"_s).toDouble(), 'f', 2),
            cls.value(u"mim_required"_s).toBool() ? u"major-incident candidate"_s : u"standard"_s));
        const QJsonArray reasons = cls.value(u"reasons"_s).toArray();
        for (const QJsonValue &v : reasons)
            out(u"  %1 (%2, %3)"_s.arg(v[u"signal"_s].toString(), QString::number(v[u"weight"_s].toDouble(), 'f', 2),
                                       v[u"source"_s].toString()));
    }
    const QJsonArray steps = r.json.value(u"plan"_s).toObject().value(u"steps"_s).toArray();
    const QJsonArray status = r.json.value(u"approval_status"_s).toArray();
    if (!steps.isEmpty()) {
        out(u"Plan:"_s);
        QList<QStringList> rows;
        for (qsizetype k = 0; k < steps.size(); ++k) {
            const QJsonObject s = steps.at(k).toObject();
            const QJsonObject a = status.at(k).toObject();
            QStringList approvers;
            for (const QJsonValue &v : a.value(u"approvers"_s).toArray())
                approvers.append(v.toString());
            rows.append(
                {s.value(u"id"_s).toString(), s.value(u"kind"_s).toString(), s.value(u"state"_s).toString(),
                 s.value(u"risk"_s).toString(), s.value(u"environment"_s).toString(),
                 u"%1/%2 %3"_s.arg(approvers.size()).arg(a.value(u"needed"_s).toInt()).arg(approvers.join(u","_s)),
                 s.value(u"playbook"_s).toString(), s.value(u"title"_s).toString()});
        }
        printTable({u"STEP"_s, u"KIND"_s, u"STATE"_s, u"RISK"_s, u"ENV"_s, u"APPROVALS"_s, u"PLAYBOOK"_s, u"TITLE"_s},
                   rows, {80, 11, 9, 6, 4, 24, 28, 60}); // step ids whole (up to 64 and "-prod")
        // What came of the steps that ran, why a task is blocked, what was escalated.
        QStringList notes;
        for (const QJsonValue &v : steps) {
            const QJsonObject s = v.toObject();
            const QString id = s.value(u"id"_s).toString();
            if (const QString result = s.value(u"result_summary"_s).toString().trimmed(); !result.isEmpty())
                notes.append(u"  %1 %2: %3"_s.arg(id, s.value(u"state"_s).toString(), result));
            if (s.value(u"blocked"_s).toBool())
                notes.append(u"  %1 blocked: %2"_s.arg(id, s.value(u"blocked_reason"_s).toString()));
            if (!s.value(u"escalated_at"_s).toString().isEmpty())
                notes.append(u"  %1 escalated to %2 (%3)"_s.arg(id, s.value(u"escalated_to"_s).toString(),
                                                                s.value(u"escalated_reason"_s).toString()));
        }
        if (!notes.isEmpty()) {
            out(u"Step results:"_s);
            for (const QString &n : std::as_const(notes))
                out(n);
        }
    }
    const QJsonObject freeze = r.json.value(u"freeze"_s).toObject();
    if (freeze.value(u"active"_s).toBool())
        out(u"FROZEN by %1: %2"_s.arg(freeze.value(u"by"_s).toString(), freeze.value(u"reason"_s).toString()));
    return ExitOk;
}

int cmdDecide(Ctx &c, bool approve, const QCommandLineOption &comment, const QCommandLineOption &reason)
{
    if (c.args.size() != 2)
        return usage(u"%1 needs an incident id and a step id"_s.arg(approve ? u"approve"_s : u"reject"_s));
    const qint64 id = incidentId(c.args.at(0));
    if (id == 0)
        return usage(u"\"%1\" is not an incident id"_s.arg(c.args.at(0)));
    if (!approve && c.parser.value(reason).trimmed().isEmpty())
        return usage(u"reject needs --reason"_s);
    const ApiResponse r = waitFor(approve ? c.client.approve(id, c.args.at(1), c.parser.value(comment))
                                          : c.client.reject(id, c.args.at(1), c.parser.value(reason)));
    if (const std::optional<int> done = settled(c, r))
        return *done;
    if (approve) {
        for (const QJsonValue &v : r.json.value(u"approval_status"_s).toArray()) {
            const QJsonObject a = v.toObject();
            if (a.value(u"step"_s).toString() == c.args.at(1))
                out(u"INC-%1 step %2 approved: %3 of %4 approvals%5"_s.arg(id)
                        .arg(c.args.at(1))
                        .arg(a.value(u"approvers"_s).toArray().size())
                        .arg(a.value(u"needed"_s).toInt())
                        .arg(a.value(u"satisfied"_s).toBool()
                                 ? u", fully approved (it runs in plan order, never in a freeze)"_s
                                 : u", waiting for more"_s));
        }
    } else {
        out(u"INC-%1 step %2 rejected"_s.arg(id).arg(c.args.at(1)));
    }
    return ExitOk;
}

int cmdRollback(Ctx &c)
{
    if (c.args.size() != 2)
        return usage(u"rollback needs an incident id and the step to roll back"_s);
    const qint64 id = incidentId(c.args.at(0));
    if (id == 0)
        return usage(u"\"%1\" is not an incident id"_s.arg(c.args.at(0)));
    const ApiResponse r
        = waitFor(c.client.post(u"/api/v1/incidents/%1/steps/%2/rollback"_s.arg(id).arg(c.args.at(1)), {}));
    if (const std::optional<int> done = settled(c, r))
        return *done;
    const QJsonArray steps = r.json.value(u"plan"_s).toObject().value(u"steps"_s).toArray();
    const QJsonObject added = steps.isEmpty() ? QJsonObject {} : steps.last().toObject();
    out(u"INC-%1: rollback step %2 (%3) added; it needs %4 approval(s) of its own"_s.arg(id)
            .arg(added.value(u"id"_s).toString(), added.value(u"playbook"_s).toString())
            .arg(added.value(u"approvals_needed"_s).toInt()));
    return ExitOk;
}

/// The lab, offline: the script beside the policy, the lab directory of the daemon.
int cmdLab(Ctx &c, const QCommandLineOption &policy, const QCommandLineOption &labDir)
{
    const QString action = c.args.value(0);
    const bool breaks = action == "break"_L1;
    if (!QStringList {u"up"_s, u"down"_s, u"status"_s, u"break"_s}.contains(action)
        || c.args.size() != (breaks ? 2 : 1))
        return usage(u"lab needs up, down, status or break SCENARIO"_s);
    if (breaks && !LabControl::scenarios().contains(c.args.at(1)))
        return usage(u"unknown scenario \"%1\" (%2)"_s.arg(c.args.at(1), LabControl::scenarios().join(u", "_s)));
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    Config defaults;
    defaults.applyEnvironment(env);
    const QString policyFile = c.parser.isSet(policy) ? c.parser.value(policy) : defaults.effectivePolicyPath();
    QString dir = c.parser.isSet(labDir) ? c.parser.value(labDir) : env.value(u"WARROOM_LAB_DIR"_s);
    if (dir.isEmpty())
        return usage(u"lab needs --lab-dir DIR (the daemon's execution.lab_dir, by default DATA_DIR/lab) or "
                     "WARROOM_LAB_DIR"_s);
    const LabControl lab(policyFile, dir);
    const Expected<QByteArray> printed = lab.run(c.args);
    if (!printed) {
        std::fprintf(stderr, "warroomctl: %s\n", qPrintable(printed.error().message));
        return printed.error().code == ErrorCode::InvalidInput ? ExitUsage : ExitRefused;
    }
    const QJsonObject state = QJsonDocument::fromJson(*printed).object();
    if (action != "status"_L1 || c.json || state.isEmpty()) {
        std::fwrite(printed->constData(), 1, size_t(printed->size()), stdout);
        return ExitOk;
    }
    // For a person: one line a part, what is wrong first in each.
    const QJsonObject labd = state.value(u"labd"_s).toObject();
    out(labd.value(u"running"_s).toBool()
            ? u"labd      running (pid %1, port %2)"_s.arg(labd.value(u"pid"_s).toInteger())
                  .arg(labd.value(u"port"_s).toInteger())
            : u"labd      not running (log %1)"_s.arg(labd.value(u"log"_s).toString()));
    for (const QString &part : {u"sso"_s, u"disk"_s, u"service"_s}) {
        const QJsonObject p = state.value(part).toObject();
        const QJsonValue detail = p.value(u"detail"_s);
        QStringList facts;
        if (detail.isObject()) {
            const QJsonObject d = detail.toObject();
            for (auto it = d.constBegin(); it != d.constEnd(); ++it) {
                const QJsonValue v = it.value();
                QString text = v.toString();
                if (v.isBool())
                    text = v.toBool() ? u"yes"_s : u"no"_s;
                else if (v.isDouble())
                    text = QString::number(v.toDouble());
                else if (v.isNull())
                    text = u"-"_s;
                else if (v.isObject() || v.isArray())
                    text = QString::fromUtf8(v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                                                          : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
                facts.append(it.key() + u'=' + text);
            }
        } else {
            facts.append(detail.toString());
        }
        out(u"%1 %2 %3"_s.arg(part.leftJustified(9),
                              (p.value(u"healthy"_s).toBool() ? u"healthy"_s : u"BROKEN"_s).leftJustified(8),
                              facts.join(u", "_s)));
    }
    return ExitOk;
}

int cmdFreeze(Ctx &c, bool enable, const QCommandLineOption &reason)
{
    if (enable && c.parser.value(reason).trimmed().isEmpty())
        return usage(u"freeze needs --reason"_s);
    const ApiResponse r
        = waitFor(enable ? c.client.freeze(c.parser.value(reason)) : c.client.unfreeze(c.parser.value(reason)));
    if (!r.ok())
        return failWith(r);
    if (c.json)
        out(jsonText(r.json));
    else if (enable)
        out(u"Execution frozen by %1: %2"_s.arg(r.json.value(u"by"_s).toString(),
                                                r.json.value(u"reason"_s).toString()));
    else
        out(u"Execution freeze lifted"_s);
    return ExitOk;
}

int cmdAudit(Ctx &c, const QCommandLineOption &dataDir, const QCommandLineOption &incident)
{
    const QString sub = c.args.value(0);
    if (sub == "verify"_L1) {
        AuditVerification v;
        if (c.parser.isSet(dataDir)) {
            const QString path = QDir(c.parser.value(dataDir)).filePath(u"warroom.db"_s);
            if (!QFile::exists(path))
                return usage(u"no warroom database at %1"_s.arg(path));
            Expected<AuditVerification> result = SqliteStore::verifyAuditFile(path);
            if (!result) {
                std::fprintf(stderr, "warroomctl: %s\n", qPrintable(result.error().message));
                return ExitRefused;
            }
            v = *result;
        } else {
            const ApiResponse r = waitFor(c.client.auditVerify());
            if (!r.ok())
                return failWith(r);
            v.intact = r.json.value(u"intact"_s).toBool();
            v.records = r.json.value(u"records"_s).toInteger();
            v.firstBrokenSeq = r.json.value(u"first_broken_seq"_s).toInteger();
            v.reason = r.json.value(u"reason"_s).toString();
            v.headHash = r.json.value(u"head_hash"_s).toString();
        }
        if (c.json)
            out(jsonText(v.toJson()));
        if (v.intact) {
            if (!c.json)
                out(u"audit chain intact: %1 records, head %2"_s.arg(v.records).arg(v.headHash));
            return ExitOk;
        }
        std::fprintf(stderr, "warroomctl: audit chain BROKEN at record %lld: %s\n",
                     static_cast<long long>(v.firstBrokenSeq), qPrintable(v.reason));
        return ExitRefused;
    }
    if (sub == "list"_L1) {
        const qint64 id = c.parser.isSet(incident) ? incidentId(c.parser.value(incident)) : 0;
        if (c.parser.isSet(incident) && id == 0)
            return usage(u"\"%1\" is not an incident id"_s.arg(c.parser.value(incident)));
        const ApiResponse r = waitFor(c.client.audit(id, 0, 10000));
        if (const std::optional<int> done = settled(c, r))
            return *done;
        QList<QStringList> rows;
        for (const QJsonValue &v : r.json.value(u"items"_s).toArray()) {
            const QJsonObject e = v.toObject();
            rows.append(
                {QString::number(e.value(u"seq"_s).toInteger()), e.value(u"time"_s).toString(),
                 e.value(u"actor"_s).toString(),
                 e.value(u"incident"_s).toInteger() ? u"INC-%1"_s.arg(e.value(u"incident"_s).toInteger()) : u"-"_s,
                 e.value(u"type"_s).toString(), e.value(u"hash"_s).toString().left(12)});
        }
        printTable({u"SEQ"_s, u"TIME"_s, u"ACTOR"_s, u"INCIDENT"_s, u"TYPE"_s, u"HASH"_s}, rows,
                   {8, 24, 12, 10, 26, 12});
        return ExitOk;
    }
    return usage(u"audit takes \"verify\" or \"list\""_s);
}

int cmdKnowledge(Ctx &c, const QCommandLineOption &dir, const QCommandLineOption &policy,
                 const QCommandLineOption &limit)
{
    const QString sub = c.args.value(0);
    if (sub == "lint"_L1) {
        QStringList dirs {u":/knowledge"_s};
        for (const QString &d : c.parser.values(dir)) {
            if (!QFileInfo(d).isDir())
                return usage(u"--dir %1 is not a directory"_s.arg(d));
            dirs.append(d);
        }
        QList<LintIssue> issues;
        const KnowledgeBase kb = KnowledgeBase::load(dirs, &issues);
        const QString policyFile = c.parser.isSet(policy) ? c.parser.value(policy) : u":/playbooks/policy.yaml"_s;
        Expected<QHash<QString, QString>> playbooks = whitelistedPlaybooks(policyFile);
        if (!playbooks) {
            std::fprintf(stderr, "warroomctl: %s\n", qPrintable(playbooks.error().message));
            return ExitRefused;
        }
        issues += kb.lint(*playbooks);
        for (const LintIssue &i : std::as_const(issues))
            std::fprintf(stderr, "%s\n", qPrintable(i.toString()));
        QHash<QString, int> counts;
        for (const KnowledgeDoc &d : kb.documents())
            counts[d.kind] += 1;
        out(u"%1 KBAs, %2 DIPs, %3 validations, %4 policies, %5 past incidents, %6 services; %7 problem(s)"_s
                .arg(counts.value(u"kba"_s))
                .arg(counts.value(u"dip"_s))
                .arg(counts.value(u"validation"_s))
                .arg(counts.value(u"policy"_s))
                .arg(counts.value(u"incident"_s))
                .arg(kb.serviceCount())
                .arg(issues.size()));
        return issues.isEmpty() ? ExitOk : ExitRefused;
    }
    if (sub == "search"_L1 && c.args.size() >= 2) {
        QUrlQuery q;
        q.addQueryItem(u"q"_s, c.args.mid(1).join(u' '));
        if (c.parser.isSet(limit))
            q.addQueryItem(u"limit"_s, c.parser.value(limit));
        const ApiResponse r = waitFor(c.client.get(u"/api/v1/knowledge"_s, q));
        if (const std::optional<int> done = settled(c, r))
            return *done;
        QList<QStringList> rows;
        for (const QJsonValue &v : r.json.value(u"items"_s).toArray()) {
            const QJsonObject m = v.toObject();
            QStringList terms;
            for (const QJsonValue &t : m.value(u"matched_terms"_s).toArray())
                terms.append(t.toString());
            rows.append({m.value(u"doc_id"_s).toString(), m.value(u"kind"_s).toString(),
                         QString::number(m.value(u"score"_s).toDouble(), 'f', 2), terms.join(u","_s),
                         m.value(u"title"_s).toString()});
        }
        printTable({u"ID"_s, u"KIND"_s, u"SCORE"_s, u"MATCHED"_s, u"TITLE"_s}, rows, {28, 10, 6, 30, 70});
        return ExitOk;
    }
    return usage(u"knowledge takes \"lint [--dir DIR]... [--policy FILE]\" or \"search TEXT\""_s);
}

int cmdToken(Ctx &c)
{
    const QString sub = c.args.value(0);
    if (sub == "new"_L1) {
        const QString token = generateToken();
        out(u"token:        %1\ntoken_sha256: %2"_s.arg(token, hashToken(token)));
        return ExitOk;
    }
    if (sub == "hash"_L1 && c.args.size() == 2) {
        out(hashToken(c.args.at(1)));
        return ExitOk;
    }
    return usage(u"token takes \"new\" or \"hash TOKEN\""_s);
}

} // namespace

int runCtl(const QStringList &arguments)
{
    if (const std::optional<int> ingest = runIngestCommand(arguments)) // publish, dataset: Redis, not the API
        return *ingest;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"warroom command line.\n\nCommands:\n"
        "  submit --title T [--description D] [--service S] [--priority P1..P4] [--source S]\n"
        "         [--external-id ID] [--idempotency-key K] [--file INCIDENT.json|-]\n"
        "  list [--status S] [--service S] [--source S] [--limit N] [--offset N]\n"
        "  show ID\n"
        "  plan submit ID                     (a proposed plan goes up for approval)\n"
        "  approve ID STEP [--comment C]\n"
        "  reject ID STEP --reason R\n"
        "  freeze --reason R\n"
        "  unfreeze [--reason R]\n"
        "  audit verify [--data-dir DIR]     (offline with --data-dir, else online)\n"
        "  audit list [--incident ID]\n"
        "  token new | token hash TOKEN       (for users in the config)\n"
        "  knowledge lint [--dir DIR]... [--policy FILE]   (offline)\n"
        "  knowledge search TEXT [--limit N]\n"
        "  policy lint | policy pin ID [--policy FILE]   (offline; default $WARROOM_POLICY, else the daemon's)\n"
        "  triage ID                          (run the offline analyst on an incident)\n"
        "  rollback ID STEP                   (add the policy's rollback of an executed step)\n"
        "  lab up|down|status|break SCENARIO [--lab-dir DIR] [--policy FILE]   (offline)\n"
        "Ingestion (to the Redis stream, not the API):\n"
        "  publish --file EVENTS.jsonl|- [--redis URL] [--rate N/s] [--pattern SPEC]   (e.g. 50/s:500,burst:2000)\n"
        "  dataset cyber [--count N] [--seed S]   (normalized cyber events, JSON lines on stdout)\n"
        "Incident command and the after-action:\n"
        "  ack ID [--comment NOTE]\n"
        "  severity ID SEV1..SEV4 [--reason R]   (a person declares; triage only proposes)\n"
        "  roles ID [--commander U] [--comms-lead U] [--scribe U]\n"
        "  mitigate ID --summary S\n"
        "  task block|unblock ID STEP [--reason R]\n"
        "  step start|finish ID STEP [--summary S] [--failed]   (manual steps)\n"
        "  step skip ID STEP --reason R | step promote ID STEP [--environment prod]\n"
        "  promote ID [--reason R]            (declare a major incident) | demote ID --reason R\n"
        "  escalate ID --reason R | resolve ID --summary S | close ID [--summary S] | assign ID USER\n"
        "  status draft|publish|list ID [--audience internal|executive|external] [--text T | --file F]\n"
        "  readin ID                          (what someone joining late needs)\n"
        "  postmortem ID [--format md|pdf|json] [--output FILE] | postmortem notes ID --file NOTES.json\n"
        "  remediation draft ID | list [--status S] | show DRAFT | approve DRAFT [--comment C]\n"
        "              | reject DRAFT --reason R\n"
        "  drill start SCENARIO [--lab-dir DIR] [--policy FILE] [--wait] [--timeout S] | drill report ID\n\n"
        "Exit codes: 0 ok, 1 refused or check failed, 2 usage, 3 server unreachable."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(u"server"_s,
                                    u"Coordinator URL (default $WARROOM_SERVER or http://127.0.0.1:8765)."_s, u"URL"_s);
    const QCommandLineOption token(u"token"_s, u"Bearer token (default $WARROOM_TOKEN)."_s, u"TOKEN"_s);
    const QCommandLineOption tokenFile(u"token-file"_s, u"File holding the token."_s, u"FILE"_s);
    const QCommandLineOption caCert(u"ca-cert"_s, u"Trust this PEM CA certificate for https."_s, u"FILE"_s);
    const QCommandLineOption json(u"json"_s, u"Print JSON for scripts."_s);
    const QCommandLineOption title(u"title"_s, u"Incident title."_s, u"TEXT"_s);
    const QCommandLineOption description(u"description"_s, u"Incident description."_s, u"TEXT"_s);
    const QCommandLineOption service(u"service"_s, u"Service name."_s, u"NAME"_s);
    const QCommandLineOption priority(u"priority"_s, u"P1..P4."_s, u"P"_s);
    const QCommandLineOption source(u"source"_s, u"Source of the incident."_s, u"NAME"_s);
    const QCommandLineOption externalId(u"external-id"_s, u"The sender's id (dedup)."_s, u"ID"_s);
    const QCommandLineOption key(u"idempotency-key"_s, u"Idempotency-Key header."_s, u"KEY"_s);
    const QCommandLineOption file(u"file"_s, u"Read the incident (JSON) from a file, - for stdin."_s, u"FILE"_s);
    const QCommandLineOption status(u"status"_s, u"Filter by state."_s, u"STATE"_s);
    const QCommandLineOption limit(u"limit"_s, u"At most N rows."_s, u"N"_s);
    const QCommandLineOption offset(u"offset"_s, u"Skip N rows."_s, u"N"_s);
    const QCommandLineOption comment(u"comment"_s, u"Approval comment."_s, u"TEXT"_s);
    const QCommandLineOption reason(u"reason"_s, u"Reason (reject, freeze)."_s, u"TEXT"_s);
    const QCommandLineOption dataDir(u"data-dir"_s, u"Data directory of warroomd (offline audit verify)."_s, u"DIR"_s);
    const QCommandLineOption incident(u"incident"_s, u"Incident id."_s, u"ID"_s);
    const QCommandLineOption dir(u"dir"_s, u"A further knowledge directory (repeatable)."_s, u"DIR"_s);
    const QCommandLineOption policy(u"policy"_s, u"The whitelist to check playbook ids against."_s, u"FILE"_s);
    const QCommandLineOption labDir(u"lab-dir"_s, u"The lab's state directory (default $WARROOM_LAB_DIR)."_s, u"DIR"_s);
    parser.addOptions({server,   token,  tokenFile,  caCert,   json, title,  description, service,
                       priority, source, externalId, key,      file, status, limit,       offset,
                       comment,  reason, dataDir,    incident, dir,  policy});
    parser.addOption(labDir);
    const QCommandLineOption summary(u"summary"_s, u"What restored service (mitigate)."_s, u"TEXT"_s);
    const QCommandLineOption audience(u"audience"_s, u"Status update audience: internal, executive, external."_s,
                                      u"A"_s);
    const QCommandLineOption text(u"text"_s, u"Status update text."_s, u"TEXT"_s);
    const QCommandLineOption format(u"format"_s, u"Postmortem format: md, pdf or json."_s, u"F"_s);
    const QCommandLineOption output(u"output"_s, u"Write to this file instead of standard output."_s, u"FILE"_s);
    const QCommandLineOption commander(u"commander"_s, u"Incident commander (a MIM)."_s, u"USER"_s);
    const QCommandLineOption commsLead(u"comms-lead"_s, u"Who publishes the status updates."_s, u"USER"_s);
    const QCommandLineOption scribe(u"scribe"_s, u"Who keeps the record."_s, u"USER"_s);
    const QCommandLineOption wait(u"wait"_s, u"drill start: follow the drill until it is resolved."_s);
    const QCommandLineOption timeout(u"timeout"_s, u"drill start --wait: give up after S seconds."_s, u"S"_s);
    const QCommandLineOption failed(u"failed"_s, u"step finish: the manual step did not succeed."_s);
    const QCommandLineOption environment(u"environment"_s, u"step promote: the environment (default prod)."_s,
                                         u"ENV"_s);
    parser.addOptions(
        {summary, audience, text, format, output, commander, commsLead, scribe, wait, timeout, failed, environment});
    parser.addPositionalArgument(u"command"_s, u"What to do (see above)."_s);
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(u"help"_s)) {
        out(parser.helpText());
        return ExitOk;
    }
    if (parser.isSet(u"version"_s)) {
        out(u"warroomctl "_s + QStringLiteral(WARROOM_VERSION));
        return ExitOk;
    }
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usage(u"no command given"_s);
    const QString command = positional.takeFirst();
    if (command == "policy"_L1)
        return runPolicyCommand(positional, parser.value(policy));

    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    ApiClient client;
    const QString serverUrl
        = parser.isSet(server) ? parser.value(server) : env.value(u"WARROOM_SERVER"_s, u"http://127.0.0.1:8765"_s);
    const QUrl url(serverUrl, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1) || url.host().isEmpty())
        return usage(u"%1 \"%2\" is not an http(s) URL with a host"_s.arg(
            parser.isSet(server) ? u"--server"_s : u"WARROOM_SERVER"_s, serverUrl));
    client.setServer(url);
    QString tokenValue = parser.isSet(token) ? parser.value(token) : env.value(u"WARROOM_TOKEN"_s);
    if (parser.isSet(tokenFile)) {
        QFile f(parser.value(tokenFile));
        if (!f.open(QIODevice::ReadOnly))
            return usage(u"cannot read token file %1: %2"_s.arg(parser.value(tokenFile), f.errorString()));
        tokenValue = QString::fromUtf8(f.readAll()).trimmed();
    }
    client.setToken(tokenValue);
    if (parser.isSet(caCert)) {
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(parser.value(caCert));
        if (certs.isEmpty())
            return usage(u"no PEM certificate in %1"_s.arg(parser.value(caCert)));
        client.setCaCertificates(certs);
    }
    Ctx c {parser, positional, client, parser.isSet(json)};
    CommandArgs commandArgs;
    commandArgs.command = command;
    commandArgs.args = positional;
    commandArgs.json = parser.isSet(json);
    commandArgs.comment = parser.value(comment);
    commandArgs.reason = parser.value(reason);
    commandArgs.summary = parser.value(summary);
    commandArgs.audience = parser.value(audience);
    commandArgs.text = parser.value(text);
    commandArgs.file = parser.value(file);
    commandArgs.format = parser.value(format);
    commandArgs.output = parser.value(output);
    if (parser.isSet(commander))
        commandArgs.commander = parser.value(commander);
    if (parser.isSet(commsLead))
        commandArgs.commsLead = parser.value(commsLead);
    if (parser.isSet(scribe))
        commandArgs.scribe = parser.value(scribe);
    commandArgs.state = parser.value(status);
    commandArgs.policy = parser.value(policy);
    commandArgs.labDir = parser.value(labDir);
    commandArgs.wait = parser.isSet(wait);
    commandArgs.failed = parser.isSet(failed);
    commandArgs.environment = parser.value(environment);
    if (parser.isSet(timeout)) {
        bool ok = false;
        commandArgs.timeoutSeconds = parser.value(timeout).toInt(&ok);
        if (!ok || commandArgs.timeoutSeconds < 1)
            return usage(u"--timeout needs a number of seconds"_s);
    }
    const bool offline = (command == "audit"_L1 && parser.isSet(dataDir)) || command == "token"_L1
        || (command == "knowledge"_L1 && positional.value(0) == "lint"_L1) || command == "lab"_L1;
    if (!offline && tokenValue.isEmpty())
        return usage(u"no token: pass --token, --token-file or set WARROOM_TOKEN"_s);

    if (const std::optional<int> handled = runCommandCommand(commandArgs, client))
        return *handled;
    if (command == "submit"_L1)
        return cmdSubmit(c, title, description, service, priority, source, externalId, file, key);
    if (command == "list"_L1)
        return cmdList(c, status, service, source, limit, offset);
    if (command == "show"_L1)
        return cmdShow(c);
    if (command == "approve"_L1)
        return cmdDecide(c, true, comment, reason);
    if (command == "reject"_L1)
        return cmdDecide(c, false, comment, reason);
    if (command == "freeze"_L1)
        return cmdFreeze(c, true, reason);
    if (command == "unfreeze"_L1)
        return cmdFreeze(c, false, reason);
    if (command == "audit"_L1)
        return cmdAudit(c, dataDir, incident);
    if (command == "token"_L1)
        return cmdToken(c);
    if (command == "knowledge"_L1)
        return cmdKnowledge(c, dir, policy, limit);
    if (command == "rollback"_L1)
        return cmdRollback(c);
    if (command == "lab"_L1)
        return cmdLab(c, policy, labDir);
    if (command == "plan"_L1) {
        // A proposed plan goes up for approval (POST .../plan/submit): then its steps take approvals.
        const qint64 id = incidentId(positional.value(1));
        if (positional.value(0) != "submit"_L1 || positional.size() != 2 || id == 0)
            return usage(u"plan needs submit ID"_s);
        const ApiResponse r = waitFor(client.post(u"/api/v1/incidents/%1/plan/submit"_s.arg(id), {}));
        if (const std::optional<int> done = settled(c, r))
            return *done;
        out(u"INC-%1: the plan is up for approval (%2 step(s)); approve each with approve ID STEP"_s.arg(id).arg(
            r.json.value(u"plan"_s).toObject().value(u"steps"_s).toArray().size()));
        return ExitOk;
    }
    if (command == "triage"_L1) {
        const qint64 id = incidentId(positional.value(0));
        if (positional.size() != 1 || id == 0)
            return usage(u"triage needs one incident id"_s);
        const ApiResponse r = waitFor(client.post(u"/api/v1/incidents/%1/triage"_s.arg(id), {}));
        if (const std::optional<int> done = settled(c, r))
            return *done;
        const QJsonObject cls = r.json.value(u"classification"_s).toObject();
        out(u"INC-%1: %2, %3, confidence %4, %5; plan %6 with %7 step(s)"_s.arg(id)
                .arg(cls.value(u"category"_s).toString(), cls.value(u"severity"_s).toString())
                .arg(cls.value(u"confidence"_s).toDouble(), 0, 'f', 2)
                .arg(cls.value(u"mim_required"_s).toBool() ? u"major-incident candidate"_s : u"standard"_s,
                     r.json.value(u"plan"_s).toObject().value(u"source"_s).toString())
                .arg(r.json.value(u"plan"_s).toObject().value(u"steps"_s).toArray().size()));
        return ExitOk;
    }
    return usage(u"unknown command \"%1\""_s.arg(command));
}

} // namespace warroom
