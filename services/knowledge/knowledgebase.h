#pragma once

#include "classification.h"
#include "textindex.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>

namespace warroom {

class SemanticSearch;

/// The 16 incident categories of the taxonomy.
const QStringList &incidentCategories();

/// One knowledge document: a KBA, DIP, validation playbook, execution
/// policy or past incident, with where it was written.
struct KnowledgeDoc
{
    QString id;
    QString kind; ///< kba, dip, validation, policy, incident
    QString title;
    QString category;
    QStringList services;
    QStringList tags;
    /// The YAML item as JSON: whole for KBAs, DIPs, validations and
    /// policies; for past incidents only what triage and lint use (id, title,
    /// category, service, mim_required, severity, kbas, dip), since there can be
    /// hundreds of thousands of them (their text is in the index).
    QJsonObject item;
    QString file;
    int line = 0;
    /// Whether such incidents needed MIM review: mim_required of a past
    /// incident, mim_hint of a KBA; -1 when it does not say.
    int mimHint = -1;
    /// For DIPs and validations, the line of each field lint may name
    /// ("validation", "kbas[0]", "steps[2].playbook" ...).
    QHash<QString, int> fieldLines {};
    /// The line of `field`, else the item's.
    int lineOf(const QString &field) const { return fieldLines.value(field, line); }
};

/// A service of the catalog.
struct ServiceEntry
{
    QString name;
    int tier = 3;
    QString owner;
    bool customerFacing = false;
    bool thirdParty = false; ///< a vendor's service we depend on (third_party: true)
    QStringList aliases;
};

/// A problem in the knowledge files, with its place.
struct LintIssue
{
    QString file;
    int line = 0;
    QString message;
    QString toString() const;
};

/// The knowledge base: YAML files of KBAs, DIPs, validations, policies,
/// past incidents and the service catalog, loaded from directories and
/// indexed for ranked retrieval (BM25F with the trade's synonyms).
class KnowledgeBase
{
public:
    /// Loads every *.yaml below `dirs`. Problems are reported in `issues`
    /// with the line of the field at fault: YAML errors, unknown keys,
    /// missing fields, values outside their set (category, step kind,
    /// risk, environment, roles, severity), manual steps without an
    /// owner_role, duplicate ids. Documents with a problem that prevents
    /// their use are skipped; an unknown key alone does not skip one.
    static KnowledgeBase load(const QStringList &dirs, QList<LintIssue> *issues = nullptr);
    /// The documents of `dirs` with their whole YAML items, past incidents
    /// included (tools and benchmarks that derive documents).
    static QList<KnowledgeDoc> readDocuments(const QStringList &dirs, QList<LintIssue> *issues = nullptr);

    /// Checks references: DIP steps and validations must name playbooks of
    /// the whitelist (its ids, each with the id of its rollback), a step's
    /// `rollback:` must be the one the policy names for its playbook (the
    /// policy's is what runs), DIPs must name existing KBAs and validations.
    QList<LintIssue> lint(const QHash<QString, QString> &whitelist) const;

    const QList<KnowledgeDoc> &documents() const { return m_docs; }
    const KnowledgeDoc *document(const QString &id) const;
    const ServiceEntry *service(const QString &nameOrAlias) const;
    /// The DIPs that name the KBA `kbaId` among the articles they handle
    /// (their `kbas:`), in the order they were added.
    QStringList dipsHandling(const QString &kbaId) const { return m_dipsByKba.value(kbaId); }
    qsizetype serviceCount() const { return m_services.size(); }

    /// Ranked matches for free text; `kinds` empty for all kinds. With a
    /// semantic search attached, BM25 fused with it by reciprocal rank (the
    /// scores are then the fused ones); BM25 alone whenever it fails.
    QList<KnowledgeMatch> search(const QString &text, int limit, const QStringList &kinds = {}) const;
    /// Attaches the optional embeddings (or detaches them with null).
    void setSemanticSearch(std::shared_ptr<const SemanticSearch> semantic) { m_semantic = std::move(semantic); }
    const SemanticSearch *semanticSearch() const { return m_semantic.get(); }
    /// The same for already tokenised terms.
    QList<KnowledgeMatch> searchTerms(const QStringList &terms, int limit, const QStringList &kinds = {}) const;

    /// Adds a document (tests, benchmarks, more past incidents) and indexes
    /// its text; call rebuildIndex() after the last one, before searching.
    void addDocument(KnowledgeDoc doc);
    /// Makes room for `n` documents in all (bulk loads).
    void reserve(qsizetype n);
    /// Completes the index after addDocument() (norms, IDF, bounds).
    void rebuildIndex();
    /// The index partition of a kind (one per kind; searches by kind only
    /// walk their own postings).
    static int partitionOf(const QString &kind);
    const TextIndex &index() const { return m_index; }

private:
    static KnowledgeBase loadWith(const QStringList &dirs, QList<LintIssue> *issues, bool wholeItems);

    QList<KnowledgeDoc> m_docs;
    QHash<QString, int> m_byId;
    QHash<QString, QStringList> m_dipsByKba;
    QList<ServiceEntry> m_services;
    QHash<QString, int> m_serviceByName;
    TextIndex m_index;
    std::shared_ptr<const SemanticSearch> m_semantic;
    bool m_wholeItems = false;
};

/// The text of a document the index sees, by field.
IndexedFields indexedFieldsOf(const KnowledgeDoc &doc);

} // namespace warroom
