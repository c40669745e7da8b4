#include "knowledgebase.h"

#include "embeddings.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

QJsonValue toJson(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Sequence: {
        QJsonArray a;
        for (const YAML::Node &n : node)
            a.append(toJson(n));
        return a;
    }
    case YAML::NodeType::Map: {
        QJsonObject o;
        for (auto it = node.begin(); it != node.end(); ++it)
            o.insert(QString::fromStdString(it->first.as<std::string>()), toJson(it->second));
        return o;
    }
    case YAML::NodeType::Scalar: {
        const std::string text = node.Scalar();
        if (node.Tag() == "!") // quoted: always a string
            return QString::fromStdString(text);
        if (text == "true" || text == "false")
            return text == "true";
        bool ok = false;
        const double d = QString::fromStdString(text).toDouble(&ok);
        if (ok && !text.empty() && text.find_first_not_of("0123456789.-+eE") == std::string::npos)
            return d;
        return QString::fromStdString(text);
    }
    default: return QJsonValue();
    }
}

/// A scalar as text: an unquoted YAML number ("title: 2024") is what was written.
QString text(const QJsonValue &v)
{
    return v.isDouble() ? QString::number(v.toDouble()) : v.toString();
}

QStringList stringList(const QJsonValue &v)
{
    // Unquoted YAML numbers (a tag 503) arrive as numbers: keep them as text.
    QStringList out;
    for (const QJsonValue &x : v.toArray())
        out.append(x.isDouble() ? QString::number(x.toDouble()) : x.toString());
    return out;
}

const QStringList kKinds {u"kba"_s, u"dip"_s, u"validation"_s, u"policy"_s, u"incident"_s, u"service"_s};
const QStringList kStepKinds {u"diagnose"_s, u"snapshot"_s,    u"remediate"_s, u"validate"_s,
                              u"rollback"_s, u"communicate"_s, u"manual"_s};
const QStringList kRisks {u"low"_s, u"medium"_s, u"high"_s};
const QStringList kEnvironments {u"uat"_s, u"prod"_s};
/// Who may own a human step or approve one (never viewer or the coordinator).
const QStringList kPeopleRoles {u"mim"_s, u"responder"_s, u"change-approver"_s};
const QStringList kSeverities {u"SEV1"_s, u"SEV2"_s, u"SEV3"_s, u"SEV4"_s};
const QStringList kPriorities {u"P1"_s, u"P2"_s, u"P3"_s, u"P4"_s};

/// The keys an item of each kind may have.
const QHash<QString, QStringList> &knownKeys()
{
    static const QHash<QString, QStringList> keys {
        {u"kba"_s,
         {u"id"_s, u"title"_s, u"category"_s, u"services"_s, u"tags"_s, u"symptoms"_s, u"cause"_s, u"resolution"_s,
          u"severity_hint"_s, u"mim_hint"_s, u"customer_facing"_s, u"notes"_s}},
        {u"dip"_s,
         {u"id"_s, u"title"_s, u"category"_s, u"services"_s, u"tags"_s, u"kbas"_s, u"preconditions"_s, u"steps"_s,
          u"validation"_s, u"rollback"_s, u"notes"_s}},
        {u"validation"_s,
         {u"id"_s, u"title"_s, u"category"_s, u"services"_s, u"tags"_s, u"playbook"_s, u"vars"_s, u"checks"_s,
          u"notes"_s}},
        {u"policy"_s,
         {u"id"_s, u"title"_s, u"text"_s, u"applies_to"_s, u"approver_roles"_s, u"two_person"_s, u"tags"_s,
          u"notes"_s}},
        {u"incident"_s,
         {u"id"_s, u"title"_s, u"description"_s, u"service"_s, u"services"_s, u"tags"_s, u"category"_s, u"severity"_s,
          u"mim_required"_s, u"priority"_s, u"source"_s, u"resolution"_s, u"kbas"_s, u"dip"_s}},
        {u"service"_s,
         {u"name"_s, u"tier"_s, u"owner"_s, u"customer_facing"_s, u"third_party"_s, u"aliases"_s, u"description"_s}},
    };
    return keys;
}

const QStringList kStepKeys {u"id"_s,         u"kind"_s,           u"title"_s,       u"description"_s,
                             u"playbook"_s,   u"risk"_s,           u"environment"_s, u"vars"_s,
                             u"owner_role"_s, u"approver_roles"_s, u"mutates"_s,     u"rollback"_s};

int lineOf(const YAML::Node &node)
{
    return node.Mark().line + 1; // a null mark is -1: line 0, "the file"
}

/// The line of every key below `node` ("steps[2].playbook" -> its line).
void collectLines(const YAML::Node &node, const QString &prefix, QHash<QString, int> &out)
{
    if (node.IsMap()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString key = prefix + QString::fromStdString(it->first.Scalar());
            out.insert(key, lineOf(it->first));
            collectLines(it->second, key + u'.', out);
        }
    } else if (node.IsSequence()) {
        QString base = prefix;
        base.chop(1); // "kbas." -> "kbas"
        int i = 0;
        for (const YAML::Node &child : node) {
            const QString key = u"%1[%2]"_s.arg(base).arg(i++);
            out.insert(key, lineOf(child));
            collectLines(child, key + u'.', out);
        }
    }
}

/// A problem of one item, at a line.
struct Problem
{
    int line = 0;
    QString message;
    bool fatal = true; ///< the document cannot be used
};

/// Checks one item against its kind's schema; `lines` holds the line of
/// every field (collectLines), `itemLine` the item's own.
QList<Problem> checkItem(const QString &kind, const QJsonObject &item, const QHash<QString, int> &lines, int itemLine)
{
    QList<Problem> out;
    auto at = [&](const QString &field) { return lines.value(field, itemLine); };
    auto problem = [&](const QString &field, const QString &message, bool fatal = true) {
        out.append({at(field), message, fatal});
    };
    const QStringList &known = knownKeys().value(kind);
    for (auto it = item.constBegin(); it != item.constEnd(); ++it) {
        if (!known.contains(it.key()))
            problem(it.key(), u"unknown key \"%1\" (known: %2)"_s.arg(it.key(), known.join(u", "_s)), false);
    }
    auto oneOf = [&](const QString &field, const QStringList &allowed, bool fatal = true) {
        const QJsonValue v = item.value(field);
        if (v.isUndefined())
            return;
        if (!v.isString() || !allowed.contains(v.toString()))
            problem(field,
                    u"%1 \"%2\" is not one of %3"_s.arg(field, v.isString() ? v.toString() : v.toVariant().toString(),
                                                        allowed.join(u", "_s)),
                    fatal);
    };
    auto boolean = [&](const QString &field) {
        const QJsonValue v = item.value(field);
        if (!v.isUndefined() && !v.isBool())
            problem(field, u"%1 must be true or false"_s.arg(field));
    };
    auto list = [&](const QString &field) {
        const QJsonValue v = item.value(field);
        if (!v.isUndefined() && !v.isArray())
            problem(field, u"%1 must be a list"_s.arg(field));
    };
    for (const QString &field : {u"services"_s, u"tags"_s, u"kbas"_s, u"aliases"_s, u"preconditions"_s})
        list(field);
    // Text is text: a title written as a list is that, not "missing".
    for (const QString &field :
         {u"id"_s, u"name"_s, u"title"_s, u"category"_s, u"symptoms"_s, u"cause"_s, u"resolution"_s, u"description"_s,
          u"text"_s, u"playbook"_s, u"dip"_s, u"validation"_s, u"rollback"_s, u"service"_s, u"owner"_s, u"source"_s}) {
        const QJsonValue v = item.value(field);
        if (!v.isUndefined() && !v.isString() && !v.isDouble() && !v.isNull())
            problem(field,
                    u"%1 must be text, not %2"_s.arg(field,
                                                     v.isArray()        ? u"a list"_s
                                                         : v.isObject() ? u"a mapping"_s
                                                                        : u"true or false"_s));
    }
    if (kind == "kba"_L1) {
        oneOf(u"severity_hint"_s, kSeverities);
        boolean(u"mim_hint"_s);
        boolean(u"customer_facing"_s);
    } else if (kind == "incident"_L1) {
        oneOf(u"severity"_s, kSeverities);
        boolean(u"mim_required"_s);
        if (!item.value(u"priority"_s).toString().isEmpty())
            oneOf(u"priority"_s, kPriorities);
    } else if (kind == "policy"_L1) {
        if (item.value(u"text"_s).toString().trimmed().isEmpty())
            problem(u"text"_s, u"needs the text of the policy"_s);
        boolean(u"two_person"_s);
        const QJsonValue applies = item.value(u"applies_to"_s);
        if (!applies.isUndefined() && !applies.isObject()) {
            problem(u"applies_to"_s, u"applies_to must be a mapping of environments, risk and categories"_s);
        } else {
            const QHash<QString, QStringList> allowed {
                {u"environments"_s, kEnvironments}, {u"risk"_s, kRisks}, {u"categories"_s, incidentCategories()}};
            const QJsonObject a = applies.toObject();
            for (auto it = a.constBegin(); it != a.constEnd(); ++it) {
                const QString field = u"applies_to."_s + it.key();
                if (!allowed.contains(it.key())) {
                    problem(field,
                            u"applies_to has the unknown key \"%1\" (known: environments, risk, categories)"_s.arg(
                                it.key()));
                    continue;
                }
                if (!it.value().isArray()) {
                    problem(field, u"applies_to.%1 must be a list (empty: all)"_s.arg(it.key()));
                    continue;
                }
                const QStringList &values = allowed.value(it.key());
                for (const QJsonValue &v : it.value().toArray()) {
                    if (!values.contains(v.toString()))
                        problem(field,
                                u"applies_to.%1 names \"%2\", which is not one of %3"_s.arg(
                                    it.key(), v.toVariant().toString(),
                                    it.key() == "categories"_L1 ? u"the 16 of the taxonomy"_s : values.join(u", "_s)));
                }
            }
        }
        const QJsonValue roles = item.value(u"approver_roles"_s);
        if (roles.isUndefined() || (roles.isArray() && roles.toArray().isEmpty()))
            problem(u"approver_roles"_s, u"needs approver_roles (some of %1)"_s.arg(kPeopleRoles.join(u", "_s)));
        else if (!roles.isArray())
            problem(u"approver_roles"_s, u"approver_roles must be a list"_s);
        for (const QJsonValue &r : roles.toArray()) {
            if (!kPeopleRoles.contains(r.toString()))
                problem(u"approver_roles"_s,
                        u"approver role \"%1\" is not one of %2"_s.arg(r.toVariant().toString(),
                                                                       kPeopleRoles.join(u", "_s)));
        }
    } else if (kind == "validation"_L1) {
        if (item.value(u"playbook"_s).toString().isEmpty())
            problem(u"playbook"_s, u"needs the playbook that runs the checks"_s);
        const QJsonValue checks = item.value(u"checks"_s);
        if (checks.isUndefined() || (checks.isArray() && checks.toArray().isEmpty()))
            problem(u"checks"_s, u"needs checks (what the playbook proves, one per line)"_s);
        else if (!checks.isArray())
            problem(u"checks"_s, u"checks must be a list"_s);
        const QJsonValue vars = item.value(u"vars"_s);
        if (!vars.isUndefined() && !vars.isObject())
            problem(u"vars"_s, u"vars must be a mapping"_s);
    } else if (kind == "service"_L1) {
        boolean(u"customer_facing"_s);
        boolean(u"third_party"_s);
        const QJsonValue tier = item.value(u"tier"_s);
        if (!tier.isUndefined() && (!tier.isDouble() || tier.toDouble() < 1 || tier.toDouble() > 4))
            problem(u"tier"_s, u"tier must be 1, 2, 3 or 4"_s);
    } else if (kind == "dip"_L1) {
        const QJsonValue stepsValue = item.value(u"steps"_s);
        if (!stepsValue.isUndefined() && !stepsValue.isArray())
            problem(u"steps"_s, u"steps must be a list"_s);
        const QJsonArray steps = stepsValue.toArray();
        if (steps.isEmpty())
            problem(u"steps"_s, u"needs steps"_s);
        QStringList ids;
        for (qsizetype i = 0; i < steps.size(); ++i) {
            const QString path = u"steps[%1]"_s.arg(i);
            const QJsonObject s = steps.at(i).toObject();
            const QString id = s.value(u"id"_s).toString();
            const QString name = id.isEmpty() ? u"%1 (number %2)"_s.arg(path).arg(i + 1) : id;
            auto stepProblem = [&](const QString &field, const QString &message, bool fatal = true) {
                out.append({lines.value(path + u'.' + field, lines.value(path, itemLine)),
                            u"step %1 %2"_s.arg(name, message), fatal});
            };
            if (!steps.at(i).isObject()) {
                stepProblem(QString(), u"must be a mapping"_s);
                continue;
            }
            for (auto it = s.constBegin(); it != s.constEnd(); ++it) {
                if (!kStepKeys.contains(it.key()))
                    stepProblem(it.key(),
                                u"has the unknown key \"%1\" (known: %2)"_s.arg(it.key(), kStepKeys.join(u", "_s)),
                                false);
            }
            if (id.isEmpty())
                stepProblem(QString(), u"needs an id"_s);
            else if (ids.contains(id))
                stepProblem(u"id"_s, u"repeats the id of an earlier step"_s);
            ids.append(id);
            const QString sk = s.value(u"kind"_s).toString();
            if (!kStepKinds.contains(sk))
                stepProblem(u"kind"_s, u"has the unknown kind \"%1\" (one of %2)"_s.arg(sk, kStepKinds.join(u", "_s)));
            const bool human = sk == "manual"_L1 || sk == "communicate"_L1;
            if (s.value(u"playbook"_s).toString().isEmpty() && !human && kStepKinds.contains(sk))
                stepProblem(u"kind"_s, u"(%1) names no playbook"_s.arg(sk));
            if (human && s.value(u"owner_role"_s).toString().isEmpty())
                stepProblem(u"kind"_s,
                            u"(%1) is a task for a person and needs an owner_role (one of %2)"_s.arg(
                                sk, kPeopleRoles.join(u", "_s)));
            auto stepOneOf = [&](const QString &field, const QStringList &allowed) {
                const QJsonValue v = s.value(field);
                if (!v.isUndefined() && (!v.isString() || !allowed.contains(v.toString())))
                    stepProblem(field,
                                u"has %1 \"%2\", which is not one of %3"_s.arg(field, v.toVariant().toString(),
                                                                               allowed.join(u", "_s)));
            };
            stepOneOf(u"risk"_s, kRisks);
            stepOneOf(u"environment"_s, kEnvironments);
            stepOneOf(u"owner_role"_s, kPeopleRoles);
            const QJsonValue roles = s.value(u"approver_roles"_s);
            if (!roles.isUndefined() && !roles.isArray())
                stepProblem(u"approver_roles"_s, u"has approver_roles that are not a list"_s);
            for (const QJsonValue &r : roles.toArray()) {
                if (!kPeopleRoles.contains(r.toString()))
                    stepProblem(u"approver_roles"_s,
                                u"names the approver role \"%1\", which is not one of %2"_s.arg(
                                    r.toVariant().toString(), kPeopleRoles.join(u", "_s)));
            }
            const QJsonValue vars = s.value(u"vars"_s);
            if (!vars.isUndefined() && !vars.isObject())
                stepProblem(u"vars"_s, u"has vars that are not a mapping"_s);
        }
    }
    return out;
}

} // namespace

const QStringList &incidentCategories()
{
    static const QStringList categories {u"availability"_s,
                                         u"latency"_s,
                                         u"capacity"_s,
                                         u"certificate"_s,
                                         u"authentication"_s,
                                         u"deployment"_s,
                                         u"database"_s,
                                         u"network"_s,
                                         u"dependency"_s,
                                         u"application_exploitation"_s,
                                         u"endpoint_compromise"_s,
                                         u"data_exfiltration"_s,
                                         u"security_triage"_s,
                                         u"ai_quality"_s,
                                         u"ai_safety"_s,
                                         u"ai_cost"_s};
    return categories;
}

QString LintIssue::toString() const
{
    return u"%1:%2: %3"_s.arg(file).arg(line).arg(message);
}

IndexedFields indexedFieldsOf(const KnowledgeDoc &doc)
{
    const QJsonObject &i = doc.item;
    IndexedFields f;
    f.title = doc.title;
    f.tags = (doc.tags + doc.services).join(u' ');
    f.symptoms = i.value(u"symptoms"_s).toString() + u' ' + i.value(u"description"_s).toString();
    QStringList body {i.value(u"cause"_s).toString(), i.value(u"resolution"_s).toString(),
                      i.value(u"text"_s).toString(), i.value(u"notes"_s).toString()};
    for (const QJsonValue &s : i.value(u"steps"_s).toArray())
        body.append(s.toObject().value(u"title"_s).toString());
    for (const QJsonValue &c : i.value(u"checks"_s).toArray())
        body.append(c.toString());
    f.body = body.join(u' ');
    return f;
}

KnowledgeBase KnowledgeBase::load(const QStringList &dirs, QList<LintIssue> *issues)
{
    return loadWith(dirs, issues, false);
}

QList<KnowledgeDoc> KnowledgeBase::readDocuments(const QStringList &dirs, QList<LintIssue> *issues)
{
    return loadWith(dirs, issues, true).m_docs;
}

KnowledgeBase KnowledgeBase::loadWith(const QStringList &dirs, QList<LintIssue> *issues, bool wholeItems)
{
    KnowledgeBase kb;
    kb.m_wholeItems = wholeItems;
    QList<LintIssue> found;
    QStringList files;
    for (const QString &dir : dirs) {
        QDirIterator it(dir, {u"*.yaml"_s, u"*.yml"_s}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files.append(it.next());
    }
    files.sort();
    for (const QString &path : std::as_const(files)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            found.append({path, 0, u"cannot read: "_s + file.errorString()});
            continue;
        }
        YAML::Node root;
        try {
            root = YAML::Load(file.readAll().toStdString());
        } catch (const YAML::Exception &e) {
            found.append({path, e.mark.line + 1, QString::fromStdString(e.msg)});
            continue;
        }
        if (!root.IsMap() || !root["kind"] || !root["items"] || !root["items"].IsSequence()) {
            found.append({path, 1, u"a knowledge file is a mapping with \"kind\" and a list \"items\""_s});
            continue;
        }
        const QString kind = QString::fromStdString(root["kind"].as<std::string>());
        if (!kKinds.contains(kind)) {
            found.append({path, root["kind"].Mark().line + 1,
                          u"unknown kind \"%1\" (one of %2)"_s.arg(kind, kKinds.join(u", "_s))});
            continue;
        }
        for (const YAML::Node &node : root["items"]) {
            const int line = node.Mark().line + 1;
            if (!node.IsMap()) {
                found.append({path, line, u"an item must be a mapping"_s});
                continue;
            }
            const QJsonObject item = toJson(node).toObject();
            QHash<QString, int> lines;
            collectLines(node, QString(), lines);
            bool fatal = false;
            QList<Problem> checked = checkItem(kind, item, lines, line);
            const QString name
                = kind == "service"_L1 ? item.value(u"name"_s).toString() : item.value(u"id"_s).toString();
            for (const Problem &p : std::as_const(checked)) {
                found.append({path, p.line, u"%1 %2: %3"_s.arg(kind, name.isEmpty() ? u"?"_s : name, p.message)});
                fatal = fatal || p.fatal;
            }
            if (kind == "service"_L1) {
                ServiceEntry s;
                s.name = item.value(u"name"_s).toString();
                s.tier = item.value(u"tier"_s).toInt(3);
                s.owner = item.value(u"owner"_s).toString();
                s.customerFacing = item.value(u"customer_facing"_s).toBool();
                s.thirdParty = item.value(u"third_party"_s).toBool();
                s.aliases = stringList(item.value(u"aliases"_s));
                if (s.name.isEmpty()) {
                    found.append({path, line, u"a service needs a name"_s});
                    continue;
                }
                if (kb.m_serviceByName.contains(s.name)) {
                    found.append({path, lines.value(u"name"_s, line), u"service \"%1\" is listed twice"_s.arg(s.name)});
                    continue;
                }
                if (fatal)
                    continue;
                kb.m_services.append(s);
                for (const QString &n : QStringList {s.name} + s.aliases)
                    kb.m_serviceByName.insert(n.toLower(), int(kb.m_services.size() - 1));
                continue;
            }
            KnowledgeDoc doc;
            doc.kind = kind;
            doc.id = text(item.value(u"id"_s));
            doc.title = text(item.value(u"title"_s));
            doc.category = item.value(u"category"_s).toString();
            doc.services = stringList(item.value(u"services"_s));
            if (doc.services.isEmpty() && item.value(u"service"_s).isString())
                doc.services = {item.value(u"service"_s).toString()};
            doc.tags = stringList(item.value(u"tags"_s));
            doc.item = item;
            doc.file = path;
            doc.line = line;
            if (kind == "dip"_L1 || kind == "validation"_L1) {
                doc.fieldLines = lines;
            } else if (kind == "incident"_L1) {
                // Past incidents are many: only the lines of their references, for lint.
                for (auto it = lines.constBegin(); it != lines.constEnd(); ++it)
                    if (it.key().startsWith(u"kbas"_s) || it.key() == "dip"_L1)
                        doc.fieldLines.insert(it.key(), it.value());
            }
            QList<QPair<int, QString>> problems;
            auto problem = [&](const QString &field, const QString &message) {
                problems.append({lines.value(field, line), message});
            };
            if (doc.id.isEmpty())
                problem(u"id"_s, u"needs an id"_s);
            if (doc.title.isEmpty() && !item.value(u"title"_s).isArray() && !item.value(u"title"_s).isObject())
                problem(u"title"_s, u"needs a title"_s);
            if (kind != "policy"_L1 && doc.category.isEmpty() && !item.contains(u"category"_s))
                problem(u"category"_s, u"needs a category (one of %1)"_s.arg(incidentCategories().join(u", "_s)));
            else if (kind != "policy"_L1 && !incidentCategories().contains(doc.category))
                problem(u"category"_s, u"category \"%1\" is not one of the 16 of the taxonomy"_s.arg(doc.category));
            if (kind == "kba"_L1) {
                for (const char *field : {"symptoms", "cause", "resolution"}) {
                    if (item.value(QLatin1StringView(field)).toString().trimmed().isEmpty())
                        problem(QLatin1StringView(field), u"needs %1"_s.arg(QLatin1StringView(field)));
                }
            }
            if (kind == "incident"_L1 && item.value(u"description"_s).toString().isEmpty())
                problem(u"description"_s, u"needs a description"_s);
            if (!doc.id.isEmpty() && kb.m_byId.contains(doc.id))
                problem(u"id"_s,
                        u"duplicate id (first at %1:%2)"_s.arg(kb.m_docs.at(kb.m_byId.value(doc.id)).file)
                            .arg(kb.m_docs.at(kb.m_byId.value(doc.id)).line));
            for (const auto &[at, p] : std::as_const(problems))
                found.append({path, at, u"%1 %2: %3"_s.arg(kind, doc.id.isEmpty() ? u"?"_s : doc.id, p)});
            if (!problems.isEmpty() || fatal)
                continue;
            kb.addDocument(std::move(doc));
        }
    }
    kb.rebuildIndex();
    if (issues)
        *issues += found;
    return kb;
}

QList<LintIssue> KnowledgeBase::lint(const QHash<QString, QString> &whitelist) const
{
    QList<LintIssue> out;
    for (const KnowledgeDoc &doc : m_docs) {
        auto issue = [&](const QString &field, const QString &m) {
            out.append({doc.file, doc.lineOf(field), u"%1 %2: %3"_s.arg(doc.kind, doc.id, m)});
        };
        auto checkPlaybook = [&](const QString &field, const QString &id, const QString &where) {
            if (!id.isEmpty() && !whitelist.contains(id))
                issue(field, u"%1 names the playbook \"%2\", which is not in the whitelist"_s.arg(where, id));
        };
        // A reference to another document of a kind: it must exist and be of that kind.
        auto checkReference = [&](const QString &field, const QString &id, const QString &kind, const QString &what) {
            const KnowledgeDoc *d = id.isEmpty() ? nullptr : document(id);
            if (!id.isEmpty() && (!d || d->kind != kind))
                issue(field, u"names the %1 \"%2\", which does not exist"_s.arg(what, id));
        };
        auto checkKbas = [&] {
            const QStringList kbas = stringList(doc.item.value(u"kbas"_s));
            for (qsizetype i = 0; i < kbas.size(); ++i)
                checkReference(u"kbas[%1]"_s.arg(i), kbas.at(i), u"kba"_s, u"KBA"_s);
        };
        if (doc.kind == "dip"_L1) {
            bool snapshot = false;
            const QJsonArray steps = doc.item.value(u"steps"_s).toArray();
            for (qsizetype i = 0; i < steps.size(); ++i) {
                const QJsonObject s = steps.at(i).toObject();
                const QString path = u"steps[%1]"_s.arg(i);
                const QString sk = s.value(u"kind"_s).toString();
                checkPlaybook(path + u".playbook"_s, s.value(u"playbook"_s).toString(),
                              u"step "_s + s.value(u"id"_s).toString());
                const QString playbook = s.value(u"playbook"_s).toString();
                const QString rollback = s.value(u"rollback"_s).toString();
                checkPlaybook(path + u".rollback"_s, rollback,
                              u"the rollback of step "_s + s.value(u"id"_s).toString());
                if (!rollback.isEmpty() && whitelist.contains(rollback) && whitelist.contains(playbook)
                    && whitelist.value(playbook) != rollback)
                    issue(path + u".rollback"_s,
                          u"step %1 names the rollback \"%2\", but the policy's rollback of %3 is %4 (the "
                          "policy's is what runs)"_s.arg(s.value(u"id"_s).toString(), rollback, playbook,
                                                         whitelist.value(playbook).isEmpty()
                                                             ? u"none"_s
                                                             : u"\"%1\""_s.arg(whitelist.value(playbook))));
                if (sk == "snapshot"_L1)
                    snapshot = true;
                if ((sk == "remediate"_L1 || sk == "rollback"_L1) && !snapshot)
                    issue(path + u".kind"_s,
                          u"step %1 changes systems before any snapshot step"_s.arg(s.value(u"id"_s).toString()));
            }
            checkPlaybook(u"rollback"_s, doc.item.value(u"rollback"_s).toString(), u"the rollback"_s);
            checkKbas();
            checkReference(u"validation"_s, doc.item.value(u"validation"_s).toString(), u"validation"_s,
                           u"validation"_s);
        } else if (doc.kind == "validation"_L1) {
            checkPlaybook(u"playbook"_s, doc.item.value(u"playbook"_s).toString(), u"the validation"_s);
        } else if (doc.kind == "incident"_L1) {
            // What fixed it: the KBAs and the DIP a past incident names exist.
            checkKbas();
            checkReference(u"dip"_s, doc.item.value(u"dip"_s).toString(), u"dip"_s, u"DIP"_s);
        }
    }
    return out;
}

const KnowledgeDoc *KnowledgeBase::document(const QString &id) const
{
    const auto it = m_byId.constFind(id);
    return it == m_byId.constEnd() ? nullptr : &m_docs.at(*it);
}

const ServiceEntry *KnowledgeBase::service(const QString &nameOrAlias) const
{
    const auto it = m_serviceByName.constFind(nameOrAlias.toLower());
    return it == m_serviceByName.constEnd() ? nullptr : &m_services.at(*it);
}

int KnowledgeBase::partitionOf(const QString &kind)
{
    const qsizetype i = kKinds.indexOf(kind);
    return i < 0 ? int(kKinds.size()) : int(i);
}

void KnowledgeBase::addDocument(KnowledgeDoc doc)
{
    const int number = m_index.add(indexedFieldsOf(doc), partitionOf(doc.kind));
    Q_ASSERT(number == m_docs.size());
    Q_UNUSED(number);
    const QJsonValue hint
        = doc.item.value(doc.kind == "incident"_L1 ? QLatin1StringView("mim_required") : QLatin1StringView("mim_hint"));
    if (hint.isBool())
        doc.mimHint = hint.toBool() ? 1 : 0;
    if (doc.kind == "incident"_L1 && !m_wholeItems) {
        // Past incidents are many: keep what triage shows, not their text.
        QJsonObject compact;
        for (const char *key : {"id", "title", "category", "service", "mim_required", "severity", "kbas", "dip"}) {
            const QJsonValue v = doc.item.value(QLatin1StringView(key));
            if (!v.isUndefined())
                compact.insert(QLatin1StringView(key), v);
        }
        doc.item = compact;
    }
    if (doc.kind == "dip"_L1) {
        for (const QString &kba : stringList(doc.item.value(u"kbas"_s))) {
            QStringList &dips = m_dipsByKba[kba];
            if (!dips.contains(doc.id))
                dips.append(doc.id);
        }
    }
    m_byId.insert(doc.id, int(m_docs.size()));
    m_docs.append(std::move(doc));
}

void KnowledgeBase::reserve(qsizetype n)
{
    m_docs.reserve(n);
    m_byId.reserve(n);
    m_index.reserve(n);
}

void KnowledgeBase::rebuildIndex()
{
    m_index.finish();
}

QList<KnowledgeMatch> KnowledgeBase::search(const QString &text, int limit, const QStringList &kinds) const
{
    if (!m_semantic)
        return searchTerms(Tokenizer::terms(text), limit, kinds);
    // Deeper than asked on both sides, so that fusion has something to fuse.
    const int depth = std::max(limit * 2, 20);
    const QList<KnowledgeMatch> lexical = searchTerms(Tokenizer::terms(text), depth, kinds);
    const QList<RankedHit> semantic = m_semantic->similar(*this, text, depth, kinds);
    return fuseMatches(*this, lexical, semantic, limit, FusedScore::Rrf);
}

QList<KnowledgeMatch> KnowledgeBase::searchTerms(const QStringList &terms, int limit, const QStringList &kinds) const
{
    quint32 mask = kinds.isEmpty() ? TextIndex::kAllPartitions : 0u;
    for (const QString &k : kinds)
        mask |= 1u << partitionOf(k);
    QList<KnowledgeMatch> out;
    const QList<TextHit> hits = m_index.search(terms, limit, mask);
    out.reserve(hits.size());
    for (const TextHit &h : hits) {
        const KnowledgeDoc &d = m_docs.at(h.doc);
        out.append(KnowledgeMatch {d.id, d.kind, d.title, h.score, h.matchedTerms});
    }
    return out;
}

} // namespace warroom
