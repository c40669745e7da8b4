#include "knowledgebase.h"

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
                    found.append({path, line, u"service \"%1\" is listed twice"_s.arg(s.name)});
                    continue;
                }
                kb.m_services.append(s);
                for (const QString &n : QStringList {s.name} + s.aliases)
                    kb.m_serviceByName.insert(n.toLower(), int(kb.m_services.size() - 1));
                continue;
            }
            KnowledgeDoc doc;
            doc.kind = kind;
            doc.id = item.value(u"id"_s).toString();
            doc.title = item.value(u"title"_s).toString();
            doc.category = item.value(u"category"_s).toString();
            doc.services = stringList(item.value(u"services"_s));
            if (doc.services.isEmpty() && item.value(u"service"_s).isString())
                doc.services = {item.value(u"service"_s).toString()};
            doc.tags = stringList(item.value(u"tags"_s));
            doc.item = item;
            doc.file = path;
            doc.line = line;
            QStringList problems;
            if (doc.id.isEmpty())
                problems.append(u"needs an id"_s);
            if (doc.title.isEmpty())
                problems.append(u"needs a title"_s);
            if (kind != "policy"_L1 && !incidentCategories().contains(doc.category))
                problems.append(u"category \"%1\" is not one of the 16 of the taxonomy"_s.arg(doc.category));
            if (kind == "kba"_L1) {
                for (const char *field : {"symptoms", "cause", "resolution"}) {
                    if (item.value(QLatin1StringView(field)).toString().trimmed().isEmpty())
                        problems.append(u"needs %1"_s.arg(QLatin1StringView(field)));
                }
            }
            if (kind == "dip"_L1) {
                const QJsonArray steps = item.value(u"steps"_s).toArray();
                if (steps.isEmpty())
                    problems.append(u"needs steps"_s);
                for (const QJsonValue &sv : steps) {
                    const QJsonObject s = sv.toObject();
                    const QString sk = s.value(u"kind"_s).toString();
                    if (!kStepKinds.contains(sk))
                        problems.append(u"step %1 has the unknown kind \"%2\""_s.arg(s.value(u"id"_s).toString(), sk));
                    if (s.value(u"playbook"_s).toString().isEmpty() && sk != "manual"_L1 && sk != "communicate"_L1)
                        problems.append(u"step %1 (%2) names no playbook"_s.arg(s.value(u"id"_s).toString(), sk));
                }
            }
            if (kind == "incident"_L1 && item.value(u"description"_s).toString().isEmpty())
                problems.append(u"needs a description"_s);
            if (!doc.id.isEmpty() && kb.m_byId.contains(doc.id))
                problems.append(u"duplicate id (first at %1:%2)"_s.arg(kb.m_docs.at(kb.m_byId.value(doc.id)).file)
                                    .arg(kb.m_docs.at(kb.m_byId.value(doc.id)).line));
            if (!problems.isEmpty()) {
                for (const QString &p : std::as_const(problems))
                    found.append({path, line, u"%1 %2: %3"_s.arg(kind, doc.id.isEmpty() ? u"?"_s : doc.id, p)});
                continue;
            }
            kb.addDocument(std::move(doc));
        }
    }
    kb.rebuildIndex();
    if (issues)
        *issues += found;
    return kb;
}

QList<LintIssue> KnowledgeBase::lint(const QSet<QString> &playbookIds) const
{
    QList<LintIssue> out;
    for (const KnowledgeDoc &doc : m_docs) {
        auto issue = [&](const QString &m) {
            out.append({doc.file, doc.line, u"%1 %2: %3"_s.arg(doc.kind, doc.id, m)});
        };
        auto checkPlaybook = [&](const QString &id, const QString &where) {
            if (!id.isEmpty() && !playbookIds.contains(id))
                issue(u"%1 names the playbook \"%2\", which is not in the whitelist"_s.arg(where, id));
        };
        if (doc.kind == "dip"_L1) {
            bool snapshot = false;
            for (const QJsonValue &sv : doc.item.value(u"steps"_s).toArray()) {
                const QJsonObject s = sv.toObject();
                const QString sk = s.value(u"kind"_s).toString();
                checkPlaybook(s.value(u"playbook"_s).toString(), u"step "_s + s.value(u"id"_s).toString());
                if (sk == "snapshot"_L1)
                    snapshot = true;
                if ((sk == "remediate"_L1 || sk == "rollback"_L1) && !snapshot)
                    issue(u"step %1 changes systems before any snapshot step"_s.arg(s.value(u"id"_s).toString()));
            }
            checkPlaybook(doc.item.value(u"rollback"_s).toString(), u"the rollback"_s);
            for (const QString &kba : stringList(doc.item.value(u"kbas"_s))) {
                const KnowledgeDoc *d = document(kba);
                if (!d || d->kind != "kba"_L1)
                    issue(u"names the KBA \"%1\", which does not exist"_s.arg(kba));
            }
            const QString validation = doc.item.value(u"validation"_s).toString();
            if (!validation.isEmpty() && (!document(validation) || document(validation)->kind != "validation"_L1))
                issue(u"names the validation \"%1\", which does not exist"_s.arg(validation));
        } else if (doc.kind == "validation"_L1) {
            checkPlaybook(doc.item.value(u"playbook"_s).toString(), u"the validation"_s);
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
        for (const char *key : {"id", "title", "category", "service", "mim_required", "severity"}) {
            const QJsonValue v = doc.item.value(QLatin1StringView(key));
            if (!v.isUndefined())
                compact.insert(QLatin1StringView(key), v);
        }
        doc.item = compact;
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
    return searchTerms(Tokenizer::terms(text), limit, kinds);
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
