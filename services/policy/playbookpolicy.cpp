#include "playbookpolicy.h"

#include "sha256.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <cmath>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

/// Collects "file:line: message" problems while walking the YAML tree.
class Loader
{
public:
    explicit Loader(QString file)
        : m_file(std::move(file))
    { }

    void fail(const YAML::Node &node, const QString &message)
    {
        const int line = node.IsDefined() && node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
        m_errors.append(u"%1:%2: %3"_s.arg(m_file).arg(line).arg(message));
    }
    void fail(int line, const QString &message) { m_errors.append(u"%1:%2: %3"_s.arg(m_file).arg(line).arg(message)); }

    bool isMap(const YAML::Node &node, const QString &what)
    {
        if (node.IsMap())
            return true;
        fail(node, u"%1 must be a mapping"_s.arg(what));
        return false;
    }

    /// Refuses keys outside `known`.
    void onlyKeys(const YAML::Node &map, const QStringList &known, const QString &what)
    {
        for (auto it = map.begin(); it != map.end(); ++it) {
            const QString key = QString::fromStdString(it->first.Scalar());
            if (!known.contains(key))
                fail(it->first, u"unknown key \"%1\" in %2 (known: %3)"_s.arg(key, what, known.join(u", "_s)));
        }
    }

    QString string(const YAML::Node &node, const QString &what, bool required = false)
    {
        if (!node.IsDefined() || node.IsNull()) {
            if (required)
                m_errors.append(u"%1: %2 is required"_s.arg(m_file, what));
            return {};
        }
        if (!node.IsScalar()) {
            fail(node, u"%1 must be a string"_s.arg(what));
            return {};
        }
        return QString::fromStdString(node.Scalar());
    }

    bool boolean(const YAML::Node &node, const QString &what, bool fallback)
    {
        if (!node.IsDefined() || node.IsNull())
            return fallback;
        bool value = fallback;
        if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
            fail(node, u"%1 must be true or false"_s.arg(what));
        return value;
    }

    std::optional<double> number(const YAML::Node &node, const QString &what)
    {
        if (!node.IsDefined() || node.IsNull())
            return std::nullopt;
        bool ok = false;
        const double value = node.IsScalar() ? QString::fromStdString(node.Scalar()).toDouble(&ok) : 0.0;
        if (!ok || !std::isfinite(value)) {
            fail(node, u"%1 must be a number"_s.arg(what));
            return std::nullopt;
        }
        return value;
    }

    int integer(const YAML::Node &node, const QString &what, int fallback, int min, int max)
    {
        if (!node.IsDefined() || node.IsNull())
            return fallback;
        bool ok = false;
        const int value = node.IsScalar() ? QString::fromStdString(node.Scalar()).toInt(&ok) : 0;
        if (!ok || value < min || value > max) {
            fail(node, u"%1 must be an integer from %2 to %3"_s.arg(what).arg(min).arg(max));
            return fallback;
        }
        return value;
    }

    QStringList stringList(const YAML::Node &node, const QString &what)
    {
        QStringList out;
        if (!node.IsDefined() || node.IsNull())
            return out;
        if (!node.IsSequence()) {
            fail(node, u"%1 must be a list"_s.arg(what));
            return out;
        }
        for (const YAML::Node &item : node) {
            if (!item.IsScalar()) {
                fail(item, u"%1 must be a list of strings"_s.arg(what));
                continue;
            }
            out.append(QString::fromStdString(item.Scalar()));
        }
        return out;
    }

    const QStringList &errors() const { return m_errors; }
    void absorb(const Loader &other) { m_errors += other.m_errors; }

private:
    QString m_file;
    QStringList m_errors;
};

const QStringList kModes {u"simulate"_s, u"check"_s, u"apply"_s};
const QStringList kTypes {u"string"_s, u"integer"_s, u"number"_s, u"boolean"_s};

VarSpec loadVar(Loader &l, const QString &id, const QString &name, const YAML::Node &node)
{
    VarSpec spec;
    spec.name = name;
    const QString what = u"variable \"%1\" of %2"_s.arg(name, id);
    if (!QRegularExpression(u"^[A-Za-z_][A-Za-z0-9_]{0,63}$"_s).match(name).hasMatch())
        l.fail(node, u"%1: not a valid Ansible variable name"_s.arg(what));
    if (!l.isMap(node, what))
        return spec;
    l.onlyKeys(node, {u"type"_s, u"pattern"_s, u"enum"_s, u"min"_s, u"max"_s, u"required"_s}, what);
    spec.type = l.string(node["type"], what + u".type"_s);
    if (!kTypes.contains(spec.type))
        l.fail(node["type"].IsDefined() ? node["type"] : node,
               u"%1: type must be one of %2, not \"%3\""_s.arg(what, kTypes.join(u", "_s), spec.type));
    spec.pattern = l.string(node["pattern"], what + u".pattern"_s);
    if (!spec.pattern.isEmpty()) {
        const QRegularExpression re(spec.pattern);
        spec.anchored = QRegularExpression(QRegularExpression::anchoredPattern(spec.pattern));
        if (!re.isValid())
            l.fail(node["pattern"], u"%1: invalid pattern: %2"_s.arg(what, re.errorString()));
        if (spec.type != "string"_L1)
            l.fail(node["pattern"], u"%1: a pattern needs type string"_s.arg(what));
    }
    spec.enumValues = l.stringList(node["enum"], what + u".enum"_s);
    spec.min = l.number(node["min"], what + u".min"_s);
    spec.max = l.number(node["max"], what + u".max"_s);
    if ((spec.min || spec.max) && spec.type != "integer"_L1 && spec.type != "number"_L1)
        l.fail(node, u"%1: min and max need type integer or number"_s.arg(what));
    if (spec.min && spec.max && *spec.min > *spec.max)
        l.fail(node, u"%1: min is above max"_s.arg(what));
    spec.required = l.boolean(node["required"], what + u".required"_s, false);
    return spec;
}

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0) || u == 0x2028 || u == 0x2029)
            return true;
    }
    return false;
}

QString numberText(double v)
{
    return QString::number(v, 'g', 15);
}

} // namespace

Expected<ExecutionPolicy> ExecutionPolicy::load(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return Error {ErrorCode::InvalidInput, u"cannot read %1: %2"_s.arg(file, f.errorString())};
    YAML::Node loaded;
    try {
        loaded = YAML::Load(f.readAll().toStdString());
    } catch (const YAML::Exception &e) {
        return Error {ErrorCode::InvalidInput,
                      u"%1:%2: %3"_s.arg(file).arg(e.mark.line + 1).arg(QString::fromStdString(e.msg))};
    }

    const YAML::Node &root = loaded; // const: lookups never insert
    ExecutionPolicy policy;
    policy.m_file = file;
    policy.m_baseDir = QFileInfo(file).absolutePath();
    Loader l(file);
    if (!root.IsMap())
        return Error {ErrorCode::InvalidInput, u"%1:1: the policy must be a mapping"_s.arg(file)};
    l.onlyKeys(root, {u"execution"_s, u"environments"_s, u"playbooks"_s}, u"the policy"_s);

    try {
        const YAML::Node exec = root["execution"];
        if (exec.IsDefined() && l.isMap(exec, u"execution"_s)) {
            l.onlyKeys(exec, {u"mode"_s, u"approval_ttl_minutes"_s, u"timeout_seconds"_s}, u"execution"_s);
            const QString mode = l.string(exec["mode"], u"execution.mode"_s);
            if (!mode.isEmpty() && !kModes.contains(mode))
                l.fail(exec["mode"], u"execution.mode must be simulate, check or apply, not \"%1\""_s.arg(mode));
            else if (!mode.isEmpty())
                policy.m_mode = mode;
            policy.m_approvalTtlMinutes
                = l.integer(exec["approval_ttl_minutes"], u"execution.approval_ttl_minutes"_s, 30, 1, 7 * 24 * 60);
            policy.m_timeoutSeconds
                = l.integer(exec["timeout_seconds"], u"execution.timeout_seconds"_s, 900, 1, 24 * 3600);
        }

        const YAML::Node envs = root["environments"];
        if (!envs.IsDefined())
            l.fail(1, u"\"environments\" is required"_s);
        else if (l.isMap(envs, u"environments"_s)) {
            for (auto it = envs.begin(); it != envs.end(); ++it) {
                EnvironmentPolicy env;
                env.name = QString::fromStdString(it->first.Scalar());
                const QString what = u"environment \"%1\""_s.arg(env.name);
                const YAML::Node e = it->second;
                if (!l.isMap(e, what))
                    continue;
                l.onlyKeys(e, {u"inventory"_s, u"allowed_hosts"_s, u"allow_apply"_s}, what);
                const QString inventory = l.string(e["inventory"], what + u".inventory"_s);
                if (inventory.isEmpty())
                    l.fail(e, u"%1 needs an inventory"_s.arg(what));
                else
                    env.inventory = QDir::cleanPath(QDir(policy.m_baseDir).absoluteFilePath(inventory));
                env.allowedHosts = l.stringList(e["allowed_hosts"], what + u".allowed_hosts"_s);
                for (const QString &h : std::as_const(env.allowedHosts)) {
                    if (!QRegularExpression(u"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$"_s).match(h).hasMatch())
                        l.fail(e["allowed_hosts"], u"%1: \"%2\" is not a host or group name"_s.arg(what, h));
                }
                env.allowApply = l.boolean(e["allow_apply"], what + u".allow_apply"_s, env.name == "uat"_L1);
                policy.m_environments.append(env);
            }
        }

        const YAML::Node books = root["playbooks"];
        if (!books.IsDefined() || !books.IsSequence())
            l.fail(books.IsDefined() ? books : root, u"\"playbooks\" must be a list"_s);
        else {
            QSet<QString> ids;
            // One entry: from policy.yaml, or from whitelist.d (an approved
            // remediation draft, merged through the runbook review): those may
            // carry their provenance and need no rollback of their own.
            auto loadEntry = [&](Loader &l, const YAML::Node &p, bool approvedDraft) {
                QStringList known {
                    u"id"_s,      u"file"_s,           u"description"_s, u"sha256"_s,     u"risk"_s,
                    u"mutates"_s, u"approver_roles"_s, u"rollback"_s,    u"validation"_s, u"environments"_s,
                    u"vars"_s};
                if (approvedDraft)
                    known += QStringList {u"destructive_tasks"_s, u"source_incident"_s, u"approved_by"_s};
                if (!l.isMap(p, u"a playbook entry"_s))
                    return;
                PlaybookEntry entry;
                entry.line = p.Mark().line + 1;
                entry.id = l.string(p["id"], u"id"_s);
                if (!QRegularExpression(u"^[a-z0-9][a-z0-9._-]{0,79}$"_s).match(entry.id).hasMatch()) {
                    l.fail(p, u"a playbook needs an id of [a-z0-9._-] (got \"%1\")"_s.arg(entry.id));
                    return;
                }
                const QString what = u"playbook %1"_s.arg(entry.id);
                if (ids.contains(entry.id))
                    l.fail(p["id"], u"duplicate playbook id %1"_s.arg(entry.id));
                ids.insert(entry.id);
                l.onlyKeys(p, known, what);
                entry.file = l.string(p["file"], what + u".file"_s);
                if (entry.file.isEmpty())
                    l.fail(p, u"%1 needs a file"_s.arg(what));
                else if (QDir::isAbsolutePath(entry.file))
                    l.fail(p["file"], u"%1: file must be relative to the policy's directory"_s.arg(what));
                entry.description = l.string(p["description"], what + u".description"_s);
                entry.sha256 = l.string(p["sha256"], what + u".sha256"_s).toLower();
                if (!entry.sha256.isEmpty() && !QRegularExpression(u"^[0-9a-f]{64}$"_s).match(entry.sha256).hasMatch())
                    l.fail(p["sha256"], u"%1: sha256 must be 64 hex digits or empty"_s.arg(what));
                const QString risk = l.string(p["risk"], what + u".risk"_s);
                if (const std::optional<Risk> r = riskFromString(risk))
                    entry.risk = *r;
                else
                    l.fail(p["risk"].IsDefined() ? p["risk"] : p,
                           u"%1: risk must be low, medium or high, not \"%2\""_s.arg(what, risk));
                if (!p["mutates"].IsDefined())
                    l.fail(p, u"%1 must say whether it mutates"_s.arg(what));
                entry.mutates = l.boolean(p["mutates"], what + u".mutates"_s, true);
                entry.approverRoles = l.stringList(p["approver_roles"], what + u".approver_roles"_s);
                for (const QString &role : std::as_const(entry.approverRoles)) {
                    if (!userRoleNames().contains(role))
                        l.fail(p["approver_roles"], u"%1: unknown approver role \"%2\""_s.arg(what, role));
                }
                entry.rollback = l.string(p["rollback"], what + u".rollback"_s);
                entry.validation = l.string(p["validation"], what + u".validation"_s);
                if (entry.mutates && entry.rollback.isEmpty() && !approvedDraft)
                    l.fail(p, u"%1 mutates but names no rollback playbook"_s.arg(what));
                entry.environments = l.stringList(p["environments"], what + u".environments"_s);
                const YAML::Node vars = p["vars"];
                if (vars.IsDefined() && !vars.IsNull() && l.isMap(vars, what + u".vars"_s)) {
                    for (auto it = vars.begin(); it != vars.end(); ++it) {
                        const QString name = QString::fromStdString(it->first.Scalar());
                        entry.vars.insert(name, loadVar(l, entry.id, name, it->second));
                    }
                }
                if (approvedDraft && entry.sha256.isEmpty())
                    l.fail(p, u"%1 from whitelist.d must be pinned"_s.arg(what));
                policy.m_playbooks.append(entry);
            };
            for (const YAML::Node &p : books)
                loadEntry(l, p, false);
            // Approved remediation drafts, one file each, once merged beside the policy.
            const QDir drafts(QDir(policy.m_baseDir).filePath(u"whitelist.d"_s));
            for (const QString &name : drafts.entryList({u"*.yaml"_s, u"*.yml"_s}, QDir::Files, QDir::Name)) {
                const QString path = drafts.filePath(name);
                Loader dl(path);
                QFile df(path);
                YAML::Node doc;
                if (!df.open(QIODevice::ReadOnly)) {
                    dl.fail(0, u"cannot read it"_s);
                } else {
                    try {
                        doc = YAML::Load(df.readAll().toStdString());
                        if (!doc.IsMap() || !doc["playbooks"] || !doc["playbooks"].IsSequence())
                            dl.fail(doc, u"a whitelist.d file holds \"playbooks\": a list"_s);
                        else {
                            dl.onlyKeys(doc, {u"playbooks"_s}, u"a whitelist.d file"_s);
                            for (const YAML::Node &p : doc["playbooks"])
                                loadEntry(dl, p, true);
                        }
                    } catch (const YAML::Exception &e) {
                        dl.fail(e.mark.line + 1, QString::fromStdString(e.msg));
                    }
                }
                l.absorb(dl);
            }
            // References need the whole list.
            for (const PlaybookEntry &e : std::as_const(policy.m_playbooks)) {
                if (!e.rollback.isEmpty() && !ids.contains(e.rollback))
                    l.fail(e.line, u"playbook %1: rollback \"%2\" is not a listed playbook"_s.arg(e.id, e.rollback));
                if (!e.validation.isEmpty() && !ids.contains(e.validation))
                    l.fail(e.line,
                           u"playbook %1: validation \"%2\" is not a listed playbook"_s.arg(e.id, e.validation));
                if (e.rollback == e.id && !e.id.isEmpty())
                    l.fail(e.line, u"playbook %1 names itself as its rollback"_s.arg(e.id));
                for (const QString &env : e.environments) {
                    if (!policy.environment(env))
                        l.fail(e.line, u"playbook %1: unknown environment \"%2\""_s.arg(e.id, env));
                }
            }
        }
    } catch (const YAML::Exception &e) {
        l.fail(e.mark.line + 1, QString::fromStdString(e.msg));
    }
    if (!l.errors().isEmpty())
        return Error {ErrorCode::InvalidInput, l.errors().join(u'\n')};
    return policy;
}

const PlaybookEntry *ExecutionPolicy::playbook(const QString &id) const
{
    for (const PlaybookEntry &e : m_playbooks) {
        if (e.id == id)
            return &e;
    }
    return nullptr;
}

const EnvironmentPolicy *ExecutionPolicy::environment(const QString &name) const
{
    for (const EnvironmentPolicy &e : m_environments) {
        if (e.name == name)
            return &e;
    }
    return nullptr;
}

QString ExecutionPolicy::absoluteFile(const PlaybookEntry &entry) const
{
    return QDir::cleanPath(QDir(m_baseDir).absoluteFilePath(entry.file));
}

Status ExecutionPolicy::validateVars(const PlaybookEntry &entry, const QJsonObject &vars) const
{
    auto refuse = [&](const QString &name, const QString &rule) {
        return Error {ErrorCode::InvalidInput, u"playbook %1: variable \"%2\" %3"_s.arg(entry.id, name, rule)};
    };
    for (auto it = vars.begin(); it != vars.end(); ++it) {
        if (!entry.vars.contains(it.key()))
            return refuse(it.key(), u"is not in the playbook's schema"_s);
    }
    for (const VarSpec &spec : entry.vars) {
        const QJsonValue v = vars.value(spec.name);
        if (v.isUndefined() || v.isNull()) {
            if (spec.required)
                return refuse(spec.name, u"is required"_s);
            continue;
        }
        QString text;
        if (spec.type == "string"_L1) {
            if (!v.isString())
                return refuse(spec.name, u"must be a string"_s);
            text = v.toString();
            if (hasControlCharacters(text))
                return refuse(spec.name, u"must not contain control characters"_s);
            if (text.size() > 4096)
                return refuse(spec.name, u"is longer than 4096 characters"_s);
            if (!spec.pattern.isEmpty()
                && !(spec.anchored.pattern().isEmpty()
                         ? QRegularExpression(QRegularExpression::anchoredPattern(spec.pattern))
                         : spec.anchored)
                        .match(text)
                        .hasMatch())
                return refuse(spec.name, u"does not match the pattern %1"_s.arg(spec.pattern));
        } else if (spec.type == "integer"_L1 || spec.type == "number"_L1) {
            if (!v.isDouble())
                return refuse(spec.name, u"must be a %1"_s.arg(spec.type));
            const double d = v.toDouble();
            if (spec.type == "integer"_L1 && (d != std::floor(d) || std::fabs(d) > 9007199254740992.0))
                return refuse(spec.name, u"must be an integer"_s);
            if (spec.min && d < *spec.min)
                return refuse(spec.name, u"must be at least %1"_s.arg(numberText(*spec.min)));
            if (spec.max && d > *spec.max)
                return refuse(spec.name, u"must be at most %1"_s.arg(numberText(*spec.max)));
            text = numberText(d);
        } else if (spec.type == "boolean"_L1) {
            if (!v.isBool())
                return refuse(spec.name, u"must be true or false"_s);
            text = v.toBool() ? u"true"_s : u"false"_s;
        } else {
            return refuse(spec.name, u"has an unknown type \"%1\""_s.arg(spec.type));
        }
        if (!spec.enumValues.isEmpty() && !spec.enumValues.contains(text))
            return refuse(spec.name, u"must be one of %1"_s.arg(spec.enumValues.join(u", "_s)));
    }
    return {};
}

Expected<QString> fileSha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error {ErrorCode::NotFound, u"cannot read %1: %2"_s.arg(path, f.errorString())};
    const QByteArray data = f.readAll();
    return sha256Hex({data});
}

Expected<QString> ExecutionPolicy::verifyPin(const PlaybookEntry &entry) const
{
    if (entry.sha256.isEmpty())
        return Error {ErrorCode::Forbidden, u"playbook %1 is not pinned (empty sha256 in the policy)"_s.arg(entry.id)};
    const QString path = absoluteFile(entry);
    Expected<QString> actual = fileSha256(path);
    if (!actual)
        return Error {ErrorCode::Forbidden, u"playbook %1: %2"_s.arg(entry.id, actual.error().message)};
    if (*actual != entry.sha256)
        return Error {ErrorCode::Forbidden,
                      u"playbook %1: %2 does not match its pin (file %3, pinned %4)"_s.arg(entry.id, path, *actual,
                                                                                           entry.sha256)};
    return actual;
}

Expected<QHash<QString, QString>> whitelistedPlaybooks(const QString &policyFile)
{
    QFile file(policyFile);
    if (!file.open(QIODevice::ReadOnly))
        return Error {ErrorCode::InvalidInput, u"cannot read %1: %2"_s.arg(policyFile, file.errorString())};
    QHash<QString, QString> ids;
    try {
        const YAML::Node root = YAML::Load(file.readAll().toStdString());
        const YAML::Node playbooks = root["playbooks"];
        if (!playbooks || !playbooks.IsSequence())
            return Error {ErrorCode::InvalidInput, u"%1: \"playbooks\" must be a list"_s.arg(policyFile)};
        for (const YAML::Node &p : playbooks) {
            if (!p["id"])
                return Error {ErrorCode::InvalidInput,
                              u"%1:%2: a playbook needs an id"_s.arg(policyFile).arg(p.Mark().line + 1)};
            ids.insert(QString::fromStdString(p["id"].as<std::string>()),
                       p["rollback"] && p["rollback"].IsScalar()
                           ? QString::fromStdString(p["rollback"].as<std::string>())
                           : QString());
        }
    } catch (const YAML::Exception &e) {
        return Error {ErrorCode::InvalidInput,
                      u"%1:%2: %3"_s.arg(policyFile).arg(e.mark.line + 1).arg(QString::fromStdString(e.msg))};
    }
    return ids;
}

} // namespace warroom
