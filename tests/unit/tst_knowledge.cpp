// The knowledge base: YAML loading with file:line problems, reference
// lint, and ranked retrieval with field boosts, synonyms and provenance.

#include "knowledgebase.h"
#include "textindex.h"

#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

void write(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    QFile f(dir.filePath(name));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

const QByteArray kKbas = R"(kind: kba
items:
  - id: KBA-SSO-1
    title: SAML login redirect loop after IdP certificate rotation
    category: authentication
    services: [salesforce-sso]
    tags: [sso, saml, certificate]
    symptoms: Users bounce between the service provider and the identity provider.
    cause: The service provider still trusts the old signing certificate fingerprint.
    resolution: Update the IdP metadata with the new certificate and restart the auth pods.
  - id: KBA-DISK-1
    title: Log shipper disk full
    category: capacity
    services: [log-shipper]
    tags: [disk, logs]
    symptoms: The /var/log filesystem is at 95% and journald keeps growing.
    cause: Old compressed archives are never removed.
    resolution: Cap journald and add logrotate maxage.
  - id: KBA-DNS-1
    title: Internal DNS resolution failures
    category: network
    tags: [dns]
    symptoms: NXDOMAIN for internal names; SERVFAIL from the resolvers.
    cause: A broken zone transfer.
    resolution: Restore the zone from the last good serial.
)";

const QByteArray kDips = R"(kind: dip
items:
  - id: DIP-SSO
    title: Restore the approved IdP certificate
    category: authentication
    kbas: [KBA-SSO-1]
    validation: VAL-LOGIN
    steps:
      - {id: s1, kind: diagnose, title: Check fingerprint, playbook: sso-fingerprint-check}
      - {id: s2, kind: snapshot, title: Snapshot metadata, playbook: sso-metadata-snapshot}
      - {id: s3, kind: remediate, title: Patch metadata, playbook: sso-metadata-patch, risk: high}
  - id: DIP-BAD
    title: Remediates before any snapshot
    category: capacity
    kbas: [KBA-NOPE]
    validation: VAL-NOPE
    steps:
      - {id: s1, kind: remediate, title: Delete archives, playbook: not-whitelisted}
      - {id: s2, kind: remediate, title: Prune, playbook: sso-metadata-patch, rollback: no-such-rollback}
      - {id: s3, kind: remediate, title: Patch again, playbook: sso-metadata-patch, rollback: sso-pilot-login}
)";

const QByteArray kValidations = R"(kind: validation
items:
  - id: VAL-LOGIN
    title: Pilot login works
    category: authentication
    playbook: sso-pilot-login
    checks: [a pilot user signs in through the IdP]
)";

} // namespace

class TestKnowledge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokenizer_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("terms");
        QTest::newRow("synonyms") << u"SAML IdP login"_s << QStringList {u"sso"_s, u"sso"_s, u"login"_s};
        QTest::newRow("status codes") << u"HTTP 503 and 502 errors"_s
                                      << QStringList {u"http"_s, u"5xx"_s, u"5xx"_s, u"error"_s};
        QTest::newRow("plurals") << u"certificates expired on hosts"_s
                                 << QStringList {u"cert"_s, u"expire"_s, u"host"_s};
        QTest::newRow("stop words and numbers")
            << u"the disk is at 95 percent"_s << QStringList {u"disk"_s, u"percent"_s};
        QTest::newRow("memory") << u"pods OOMKilled"_s << QStringList {u"k8s"_s, u"memory"_s};
    }

    void tokenizer()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, terms);
        QCOMPARE(Tokenizer::terms(text), terms);
    }

    void loadAndSearch()
    {
        QTemporaryDir dir;
        write(dir, u"kba.yaml"_s, kKbas);
        QList<LintIssue> issues;
        const KnowledgeBase kb = KnowledgeBase::load({dir.path()}, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
        QCOMPARE(kb.documents().size(), 3);
        // A synonym of the title's words finds it, with the matched terms as provenance.
        const QList<KnowledgeMatch> hits = kb.search(u"Okta single sign-on loop, users keep bouncing"_s, 3);
        QVERIFY(!hits.isEmpty());
        QCOMPARE(hits.first().docId, u"KBA-SSO-1"_s);
        QVERIFY(hits.first().matchedTerms.contains(u"sso"_s));
        QCOMPARE(kb.search(u"NXDOMAIN from the resolver"_s, 1).first().docId, u"KBA-DNS-1"_s);
        QCOMPARE(kb.search(u"journald filling /var/log"_s, 1).first().docId, u"KBA-DISK-1"_s);
        QVERIFY(kb.search(u"quantum entanglement"_s, 3).isEmpty());
        // Kind filter.
        QVERIFY(kb.search(u"disk full"_s, 3, {u"dip"_s}).isEmpty());
    }

    /// An unquoted number is what the author wrote, not a missing field.
    void numbersAreText()
    {
        QTemporaryDir dir;
        write(dir, u"kba.yaml"_s,
              "kind: kba\nitems:\n  - id: 2024\n    title: 2024\n    category: capacity\n"
              "    symptoms: disk full at 95%\n    cause: logs\n    resolution: rotate them\n");
        QList<LintIssue> issues;
        const KnowledgeBase kb = KnowledgeBase::load({dir.path()}, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
        const KnowledgeDoc *doc = kb.document(u"2024"_s);
        QVERIFY(doc);
        QCOMPARE(doc->title, u"2024"_s);
    }

    void titleOutweighsBody()
    {
        KnowledgeBase kb;
        kb.addDocument({u"A"_s,
                        u"kba"_s,
                        u"replication lag"_s,
                        u"database"_s,
                        {},
                        {},
                        {{u"symptoms"_s, u"unrelated words here"_s}},
                        {},
                        1});
        kb.addDocument({u"B"_s,
                        u"kba"_s,
                        u"unrelated title"_s,
                        u"database"_s,
                        {},
                        {},
                        {{u"symptoms"_s, u"replication lag seen"_s}},
                        {},
                        2});
        kb.rebuildIndex();
        const QList<KnowledgeMatch> hits = kb.search(u"replication lag"_s, 2);
        QCOMPARE(hits.size(), 2);
        QCOMPARE(hits.first().docId, u"A"_s);
        QVERIFY(hits.first().score > hits.last().score);
    }

    void fieldsWeighTitleTagsServiceSymptomsBody_data()
    {
        // Where the searched term is in document A, and where in B; A must rank first.
        QTest::addColumn<QString>("inA");
        QTest::addColumn<QString>("inB");
        QTest::newRow("title over tags") << u"title"_s << u"tags"_s;
        QTest::newRow("tags over symptoms") << u"tags"_s << u"symptoms"_s;
        QTest::newRow("service over symptoms") << u"services"_s << u"symptoms"_s;
        QTest::newRow("symptoms over the body") << u"symptoms"_s << u"cause"_s;
        QTest::newRow("tags over the body") << u"tags"_s << u"resolution"_s;
        QTest::newRow("service over the body") << u"services"_s << u"cause"_s;
    }

    void fieldsWeighTitleTagsServiceSymptomsBody()
    {
        QFETCH(QString, inA);
        QFETCH(QString, inB);
        // Two documents alike but for the field that holds "kafka" (the same
        // length everywhere, so only the field's weight differs).
        const auto doc = [](const QString &id, const QString &field, qint64 line) {
            KnowledgeDoc d;
            d.id = id;
            d.kind = u"kba"_s;
            d.category = u"dependency"_s;
            d.title = field == u"title"_s ? u"kafka broker stalls"_s : u"broker stalls"_s;
            if (field == u"tags"_s)
                d.tags = {u"kafka"_s};
            if (field == u"services"_s)
                d.services = {u"kafka"_s};
            QJsonObject item {{u"symptoms"_s, u"consumers stop"_s},
                              {u"cause"_s, u"a slow disk"_s},
                              {u"resolution"_s, u"restart it"_s}};
            if (item.contains(field))
                item.insert(field, QString(item.value(field).toString() + u" kafka"_s));
            d.item = item;
            d.line = int(line);
            return d;
        };
        KnowledgeBase kb;
        kb.addDocument(doc(u"B"_s, inB, 1)); // B first: the order of adding decides nothing
        kb.addDocument(doc(u"A"_s, inA, 2));
        kb.rebuildIndex();
        const QList<KnowledgeMatch> hits = kb.search(u"kafka"_s, 2);
        QCOMPARE(hits.size(), 2);
        QCOMPARE(hits.first().docId, u"A"_s);
        QVERIFY2(hits.first().score > hits.last().score,
                 qPrintable(u"%1 vs %2"_s.arg(hits.first().score).arg(hits.last().score)));
        QVERIFY(hits.first().matchedTerms.contains(u"kafka"_s));
    }

    void topKEqualsExhaustive()
    {
        // Random documents over a small vocabulary in three partitions: the
        // pruned top 10 must be the exhaustive ranking's first 10.
        const QStringList words {u"disk"_s,     u"memory"_s, u"login"_s,   u"checkout"_s, u"latency"_s, u"replica"_s,
                                 u"dns"_s,      u"tls"_s,    u"queue"_s,   u"kafka"_s,    u"payment"_s, u"vendor"_s,
                                 u"token"_s,    u"prompt"_s, u"malware"_s, u"phishing"_s, u"bucket"_s,  u"deploy"_s,
                                 u"rollback"_s, u"flag"_s,   u"pool"_s,    u"thread"_s,   u"heap"_s,    u"region"_s};
        QRandomGenerator rng(11);
        auto text = [&](int n) {
            QStringList out;
            for (int i = 0; i < n; ++i)
                out.append(words.at(rng.bounded(int(words.size()))));
            return out.join(u' ');
        };
        TextIndex index;
        for (int d = 0; d < 3000; ++d)
            index.add({text(3), text(2), text(12), text(30)}, d % 3);
        index.finish();
        QCOMPARE(index.size(), 3000);
        for (int q = 0; q < 40; ++q) {
            const QStringList query = Tokenizer::terms(text(2 + q % 9));
            const quint32 mask = q % 4 == 3 ? TextIndex::kAllPartitions : 1u << (q % 3);
            const QList<TextHit> top = index.search(query, 10, mask);
            const QList<TextHit> all = index.search(query, 100000, mask);
            QCOMPARE(top.size(), std::min<qsizetype>(10, all.size()));
            for (qsizetype i = 0; i < top.size(); ++i) {
                QVERIFY2(qAbs(top.at(i).score - all.at(i).score) < 1e-4,
                         qPrintable(
                             u"query %1 rank %2: %3 vs %4"_s.arg(q).arg(i).arg(top.at(i).score).arg(all.at(i).score)));
                if (mask != TextIndex::kAllPartitions)
                    QCOMPARE(top.at(i).doc % 3, q % 3); // only the asked partition
            }
        }
    }

    void partitionsCompactIncidentsAndLaterAdds()
    {
        QTemporaryDir dir;
        write(dir, u"kba.yaml"_s, kKbas);
        write(dir, u"pir.yaml"_s,
              "kind: incident\nitems:\n  - id: PIR-1\n    title: Disk full on the log shipper\n"
              "    category: capacity\n    service: log-shipper\n    mim_required: false\n"
              "    description: journald filled /var/log on three hosts\n    resolution: capped journald\n");
        QList<LintIssue> issues;
        KnowledgeBase kb = KnowledgeBase::load({dir.path()}, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
        // A past incident keeps what triage uses, not its text; its text is still found.
        const KnowledgeDoc *pir = kb.document(u"PIR-1"_s);
        QVERIFY(pir);
        QCOMPARE(pir->mimHint, 0);
        QVERIFY(!pir->item.contains(u"description"_s));
        QCOMPARE(pir->item.value(u"service"_s).toString(), u"log-shipper"_s);
        QCOMPARE(kb.search(u"journald hosts"_s, 3, {u"incident"_s}).first().docId, u"PIR-1"_s);
        QCOMPARE(KnowledgeBase::readDocuments({dir.path()}).last().item.value(u"resolution"_s).toString(),
                 u"capped journald"_s);
        // A kind filter never returns another kind.
        for (const KnowledgeMatch &m : kb.search(u"disk full journald"_s, 10, {u"kba"_s}))
            QCOMPARE(m.kind, u"kba"_s);
        // Documents added after loading are found once the index is completed.
        KnowledgeDoc more {u"KBA-NEW"_s, u"kba"_s, u"Quantum flux capacitor overload"_s, u"capacity"_s, {}, {}, {},
                           {},           0};
        kb.addDocument(more);
        kb.rebuildIndex();
        QCOMPARE(kb.search(u"flux capacitor"_s, 1).first().docId, u"KBA-NEW"_s);
        QCOMPARE(kb.search(u"NXDOMAIN from the resolver"_s, 1).first().docId, u"KBA-DNS-1"_s);
    }

    /// A query counts each known term once: repeats (the analyst doubles the
    /// title) and words the index has never seen change neither the hits nor
    /// their scores, and a hit names its matched terms once each, in the
    /// query's first order.
    void repeatsAndUnknownTermsChangeNothing()
    {
        TextIndex index;
        index.add({u"kafka consumer lag"_s, u"kafka"_s, u"lag grows on the consumer group"_s, {}});
        index.add({u"disk full"_s, u"storage"_s, u"volume at 95 percent"_s, u"kafka logs fill the disk"_s});
        index.add({u"consumer group rebalance"_s, {}, u"rebalance storm"_s, u"kafka consumer restarts"_s});
        index.finish();
        const QStringList clean {u"lag"_s, u"kafka"_s, u"consumer"_s, u"disk"_s};
        const QStringList noisy {u"zorblax"_s,  u"lag"_s,   u"kafka"_s, u"lag"_s, u"quuxly"_s,
                                 u"consumer"_s, u"kafka"_s, u"disk"_s,  u"lag"_s, u"zorblax"_s};
        const QList<TextHit> expected = index.search(clean, 10);
        const QList<TextHit> got = index.search(noisy, 10);
        QCOMPARE(got.size(), 3);
        QCOMPARE(got.size(), expected.size());
        for (qsizetype i = 0; i < got.size(); ++i) {
            QCOMPARE(got.at(i).doc, expected.at(i).doc);
            QCOMPARE(got.at(i).score, expected.at(i).score);
            QCOMPARE(got.at(i).matchedTerms, expected.at(i).matchedTerms);
        }
        QCOMPARE(got.first().doc, 0);
        QCOMPARE(got.first().matchedTerms, (QStringList {u"lag"_s, u"kafka"_s, u"consumer"_s}));
        QCOMPARE(got.at(1).matchedTerms, (QStringList {u"kafka"_s, u"disk"_s})); // the disk document
        QVERIFY(index.search({u"zorblax"_s, u"quuxly"_s}, 10).isEmpty());
    }

    void salientTermsKeepTheRareOnes()
    {
        TextIndex index;
        for (int d = 0; d < 50; ++d)
            index.add({u"service error"_s, {}, d == 7 ? u"kafka rebalance storm"_s : u"service error again"_s, {}});
        index.finish();
        const QStringList query = Tokenizer::terms(u"service error error kafka rebalance"_s);
        QCOMPARE(index.salientTerms(query, 2), (QStringList {u"kafka"_s, u"rebalance"_s}));
        QCOMPARE(index.salientTerms(query, 10).size(), 4); // unique, known terms only
    }

    void lintNamesFileAndLine()
    {
        QTemporaryDir dir;
        write(dir, u"kba.yaml"_s, kKbas);
        write(dir, u"dip.yaml"_s, kDips);
        write(dir, u"val.yaml"_s, kValidations);
        write(dir, u"dup.yaml"_s,
              "kind: kba\nitems:\n  - id: KBA-DNS-1\n    title: again\n    category: network\n"
              "    symptoms: x\n    cause: y\n    resolution: z\n");
        write(dir, u"broken.yaml"_s, "kind: kba\nitems:\n  - id: [unclosed\n");
        write(dir, u"past.yaml"_s,
              "kind: incident\n" // 1
              "items:\n" // 2
              "  - id: PIR-T\n" // 3
              "    title: Names went missing\n" // 4
              "    description: Internal names stopped resolving.\n" // 5
              "    category: network\n" // 6
              "    kbas: [KBA-DNS-1, KBA-NOPE]\n" // 7
              "    dip: DIP-NOPE\n" // 8
              "  - id: PIR-GOOD\n" // 9
              "    title: Names went missing again\n" // 10
              "    description: Internal names stopped resolving.\n" // 11
              "    category: network\n" // 12
              "    kbas: [KBA-DNS-1]\n" // 13
              "    dip: DIP-SSO\n"); // 14
        write(dir, u"badcat.yaml"_s,
              "kind: kba\nitems:\n  - id: KBA-X\n    title: t\n    category: weather\n"
              "    symptoms: x\n    cause: y\n    resolution: z\n");
        QList<LintIssue> issues;
        const KnowledgeBase kb = KnowledgeBase::load({dir.path()}, &issues);
        auto has = [&](const QList<LintIssue> &list, const QString &file, int line, const QString &text) {
            for (const LintIssue &i : list) {
                if (i.file.endsWith(file) && (line == 0 || i.line == line) && i.message.contains(text))
                    return true;
            }
            return false;
        };
        QVERIFY(has(issues, u".yaml"_s, 0, u"kba KBA-DNS-1: duplicate id (first at "_s));
        QVERIFY(has(issues, u"broken.yaml"_s, 0, QString()));
        QVERIFY(has(issues, u"badcat.yaml"_s, 5, u"weather"_s)); // the field's line, not the item's
        // The whitelist: its playbooks, each with its rollback.
        const QList<LintIssue> refs
            = kb.lint(QHash<QString, QString> {{u"sso-fingerprint-check"_s, QString()},
                                               {u"sso-metadata-snapshot"_s, QString()},
                                               {u"sso-metadata-patch"_s, u"sso-metadata-restore"_s},
                                               {u"sso-pilot-login"_s, QString()}});
        // Each reference at the line of its field (kDips: DIP-BAD's kbas on 15, validation on 16, step on 18).
        QVERIFY(has(refs, u"dip.yaml"_s, 18, u"\"not-whitelisted\", which is not in the whitelist"_s));
        QVERIFY(has(refs, u"dip.yaml"_s, 18, u"before any snapshot"_s));
        QVERIFY(has(refs, u"dip.yaml"_s, 15, u"KBA \"KBA-NOPE\""_s));
        QVERIFY(has(refs, u"dip.yaml"_s, 16, u"validation \"VAL-NOPE\""_s));
        QVERIFY(has(refs, u"dip.yaml"_s, 19, u"the rollback of step s2 names the playbook \"no-such-rollback\""_s));
        // A step's rollback must be the policy's.
        QVERIFY(has(refs, u"dip.yaml"_s, 20,
                    u"step s3 names the rollback \"sso-pilot-login\", but the policy's rollback of "
                    "sso-metadata-patch is \"sso-metadata-restore\""_s));
        QVERIFY(!has(refs, u"dip.yaml"_s, 0, u"DIP-SSO:"_s)); // the good DIP is clean
        // A past incident's references: what fixed it must exist.
        QVERIFY(has(refs, u"past.yaml"_s, 7, u"incident PIR-T: names the KBA \"KBA-NOPE\", which does not exist"_s));
        QVERIFY(has(refs, u"past.yaml"_s, 8, u"incident PIR-T: names the DIP \"DIP-NOPE\", which does not exist"_s));
        QVERIFY(!has(refs, u"past.yaml"_s, 0, u"KBA-DNS-1"_s));
        QVERIFY(!has(refs, u"past.yaml"_s, 0, u"PIR-GOOD"_s));
        QVERIFY(has(refs, u"val.yaml"_s, 0, QString()) == false);
    }

    void schemaProblemsAtTheirLine_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("loaded"); // whether the document is still usable
        const QByteArray dip = "kind: dip\n" // 1
                               "items:\n" // 2
                               "  - id: DIP-T\n" // 3
                               "    title: t\n" // 4
                               "    category: network\n" // 5
                               "    steps:\n" // 6
                               "      - id: s1\n" // 7
                               "        kind: diagnose\n" // 8
                               "        title: look\n" // 9
                               "        playbook: dns-record-check\n" // 10
                               "        RISK_LINE\n" // 11
                               "      - id: s2\n" // 12
                               "        kind: manual\n" // 13
                               "        title: call the registrar\n" // 14
                               "        OWNER_LINE\n"; // 15
        auto with = [&](const QByteArray &risk, const QByteArray &owner) {
            return QByteArray(dip).replace("RISK_LINE", risk).replace("OWNER_LINE", owner);
        };
        QTest::newRow("invalid risk") << with(
            "risk: hgih",
            "owner_role: mim") << 11 << u"dip DIP-T: step s1 has risk \"hgih\", which is not one of low, medium, high"_s
                                      << false;
        QTest::newRow("invalid environment")
            << with("environment: production", "owner_role: mim") << 11
            << u"step s1 has environment \"production\", which is not one of uat, prod"_s << false;
        QTest::newRow("manual step without owner_role")
            << with("risk: low", "description: nobody owns this") << 13
            << u"dip DIP-T: step s2 (manual) is a task for a person and needs an owner_role"_s << false;
        QTest::newRow("owner role outside the people roles")
            << with("risk: low", "owner_role: viewer") << 15
            << u"step s2 has owner_role \"viewer\", which is not one of mim, responder, change-approver"_s << false;
        QTest::newRow("unknown step key")
            << with("rsik: low", "owner_role: mim") << 11 << u"step s1 has the unknown key \"rsik\""_s << true;
        const QByteArray kba = "kind: kba\n" // 1
                               "items:\n" // 2
                               "  - id: KBA-T\n" // 3
                               "    title: t\n" // 4
                               "    category: capacity\n" // 5
                               "    symptoms: disk full\n" // 6
                               "    cause: c\n" // 7
                               "    resolution: r\n" // 8
                               "    EXTRA\n"; // 9
        QTest::newRow("unknown key") << QByteArray(kba).replace("EXTRA", "tgas: [disk]") << 9
                                     << u"kba KBA-T: unknown key \"tgas\""_s << true;
        QTest::newRow("invalid severity hint")
            << QByteArray(kba).replace("EXTRA", "severity_hint: SEV5") << 9
            << u"severity_hint \"SEV5\" is not one of SEV1, SEV2, SEV3, SEV4"_s << false;
        QTest::newRow("mim_hint not a boolean")
            << QByteArray(kba).replace("EXTRA", "mim_hint: often") << 9 << u"mim_hint must be true or false"_s << false;
        QTest::newRow("kba without a category")
            << QByteArray(kba).replace("    category: capacity\n", "").replace("EXTRA", "tags: [disk]") << 3
            << u"kba KBA-T: needs a category (one of availability, latency"_s << false;
        QTest::newRow("title written as a list")
            << QByteArray(kba).replace("title: t", "title: [disk, full]").replace("EXTRA", "tags: [disk]") << 4
            << u"kba KBA-T: title must be text, not a list"_s << false;
        const QByteArray policy = "kind: policy\n" // 1
                                  "items:\n" // 2
                                  "  - id: POL-T\n" // 3
                                  "    title: Two people for production\n" // 4
                                  "    text: A second approver for every change in production.\n" // 5
                                  "    applies_to: {environments: [prod], risk: [high], categories: []}\n" // 6
                                  "    approver_roles: [mim, change-approver]\n" // 7
                                  "    two_person: true\n"; // 8
        QTest::newRow("policy environment outside uat and prod")
            << QByteArray(policy).replace("environments: [prod]", "environments: [production]") << 6
            << u"policy POL-T: applies_to.environments names \"production\", which is not one of uat, prod"_s << false;
        QTest::newRow("policy risk misspelt")
            << QByteArray(policy).replace("risk: [high]", "risk: [hgih]") << 6
            << u"applies_to.risk names \"hgih\", which is not one of low, medium, high"_s << false;
        QTest::newRow("policy category outside the taxonomy")
            << QByteArray(policy).replace("categories: []", "categories: [weather]") << 6
            << u"applies_to.categories names \"weather\", which is not one of the 16 of the taxonomy"_s << false;
        QTest::newRow("policy applies_to key misspelt") << QByteArray(policy).replace("risk: [high]", "risks: [high]")
                                                        << 6 << u"applies_to has the unknown key \"risks\""_s << false;
        QTest::newRow("policy approver role viewer")
            << QByteArray(policy).replace("[mim, change-approver]", "[viewer]") << 7
            << u"policy POL-T: approver role \"viewer\" is not one of mim, responder, change-approver"_s << false;
        QTest::newRow("policy without approvers")
            << QByteArray(policy).replace("    approver_roles: [mim, change-approver]\n", "") << 3
            << u"policy POL-T: needs approver_roles"_s << false;
        QTest::newRow("policy two_person not a boolean")
            << QByteArray(policy).replace("two_person: true", "two_person: sometimes") << 8
            << u"two_person must be true or false"_s << false;
        QTest::newRow("policy without text")
            << QByteArray(policy).replace("    text: A second approver for every change in production.\n", "") << 3
            << u"policy POL-T: needs the text of the policy"_s << false;
        const QByteArray validation = "kind: validation\n" // 1
                                      "items:\n" // 2
                                      "  - id: VAL-T\n" // 3
                                      "    title: Error rate back under the SLO\n" // 4
                                      "    category: availability\n" // 5
                                      "    playbook: service-error-rate-check\n" // 6
                                      "    vars: {window_minutes: 15}\n" // 7
                                      "    checks: [5xx below 1% for 15 minutes]\n"; // 8
        QTest::newRow("validation checks misspelt") << QByteArray(validation).replace("checks:", "chekcs:") << 8
                                                    << u"validation VAL-T: unknown key \"chekcs\""_s << false;
        QTest::newRow("validation without checks")
            << QByteArray(validation).replace("[5xx below 1% for 15 minutes]", "[]") << 8
            << u"validation VAL-T: needs checks"_s << false;
        QTest::newRow("validation without a playbook")
            << QByteArray(validation).replace("    playbook: service-error-rate-check\n", "") << 3
            << u"validation VAL-T: needs the playbook that runs the checks"_s << false;
        QTest::newRow("validation vars not a mapping") << QByteArray(validation).replace("{window_minutes: 15}", "[15]")
                                                       << 7 << u"vars must be a mapping"_s << false;
        QTest::newRow("validation category misspelt")
            << QByteArray(validation).replace("category: availability", "category: availabilty") << 5
            << u"category \"availabilty\" is not one of the 16 of the taxonomy"_s << false;
        const QByteArray past = "kind: incident\n" // 1
                                "items:\n" // 2
                                "  - id: PIR-T\n" // 3
                                "    title: Checkout 502s after the gateway deploy\n" // 4
                                "    description: Checkout answered 502 for a third of requests.\n" // 5
                                "    service: checkout-api\n" // 6
                                "    category: deployment\n" // 7
                                "    severity: SEV2\n" // 8
                                "    mim_required: true\n" // 9
                                "    priority: P2\n"; // 10
        QTest::newRow("past incident severity")
            << QByteArray(past).replace("SEV2", "SEV7") << 8
            << u"incident PIR-T: severity \"SEV7\" is not one of SEV1, SEV2, SEV3, SEV4"_s << false;
        QTest::newRow("past incident mim_required not a boolean")
            << QByteArray(past).replace("mim_required: true", "mim_required: sometimes") << 9
            << u"mim_required must be true or false"_s << false;
        QTest::newRow("past incident priority")
            << QByteArray(past).replace("P2", "P9") << 10 << u"priority \"P9\" is not one of P1, P2, P3, P4"_s << false;
        QTest::newRow("past incident without a description")
            << QByteArray(past).replace("    description: Checkout answered 502 for a third of requests.\n", "") << 3
            << u"incident PIR-T: needs a description"_s << false;
        QTest::newRow("past incident kbas not a list") << QByteArray(past) + "    kbas: KBA-DEPLOY-1\n"
                                                       << 11 << u"kbas must be a list"_s << false;
        const QByteArray service = "kind: service\n" // 1
                                   "items:\n" // 2
                                   "  - name: team-api\n" // 3
                                   "    tier: 2\n" // 4
                                   "    customer_facing: false\n" // 5
                                   "    aliases: [team]\n"; // 6
        QTest::newRow("service tier out of range") << QByteArray(service).replace("tier: 2", "tier: 5") << 4
                                                   << u"service team-api: tier must be 1, 2, 3 or 4"_s << false;
        QTest::newRow("service customer_facing not a boolean")
            << QByteArray(service).replace("customer_facing: false", "customer_facing: kinda") << 5
            << u"customer_facing must be true or false"_s << false;
        QTest::newRow("service aliases misspelt") << QByteArray(service).replace("aliases:", "alias:") << 6
                                                  << u"service team-api: unknown key \"alias\""_s << true;
        QTest::newRow("service without a name")
            << QByteArray(service).replace("  - name: team-api\n    tier", "  - tier") << 3
            << u"a service needs a name"_s << false;
        QTest::newRow("missing cause at the item")
            << QByteArray(kba).replace("    cause: c\n", "").replace("EXTRA", "tags: [disk]") << 3
            << u"kba KBA-T: needs cause"_s << false;
    }

    void schemaProblemsAtTheirLine()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, message);
        QFETCH(bool, loaded);
        QTemporaryDir dir;
        write(dir, u"team.yaml"_s, yaml);
        QList<LintIssue> issues;
        const KnowledgeBase kb = KnowledgeBase::load({dir.path()}, &issues);
        QStringList all;
        for (const LintIssue &i : std::as_const(issues))
            all.append(i.toString());
        const QString expected = u"%1:%2: "_s.arg(dir.filePath(u"team.yaml"_s)).arg(line);
        bool found = false;
        for (const QString &i : std::as_const(all))
            found = found || (i.startsWith(expected) && i.contains(message));
        QVERIFY2(found, qPrintable(u"expected %1...%2 in:\n"_s.arg(expected, message) + all.join(u'\n')));
        if (yaml.startsWith("kind: service"))
            QCOMPARE(kb.serviceCount(), loaded ? 1 : 0);
        else
            QCOMPARE(kb.documents().size(), loaded ? 1 : 0);
    }

    void shippedKnowledgeCoversTheTaxonomy()
    {
        QList<LintIssue> issues;
        const KnowledgeBase kb
            = KnowledgeBase::load({QStringLiteral(WARROOM_SOURCE_DIR "/resources/knowledge")}, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
        QHash<QString, QSet<QString>> categoriesByKind;
        QHash<QString, int> count;
        for (const KnowledgeDoc &d : kb.documents()) {
            categoriesByKind[d.kind].insert(d.category);
            ++count[d.kind];
        }
        QVERIFY2(count.value(u"kba"_s) >= 40, qPrintable(QString::number(count.value(u"kba"_s))));
        QVERIFY2(count.value(u"dip"_s) >= 20, qPrintable(QString::number(count.value(u"dip"_s))));
        for (const QString &category : incidentCategories()) {
            QVERIFY2(categoriesByKind.value(u"kba"_s).contains(category), qPrintable(u"no KBA for "_s + category));
            QVERIFY2(categoriesByKind.value(u"dip"_s).contains(category), qPrintable(u"no DIP for "_s + category));
        }
        // Every DIP step that is a person's task names who owns it.
        QSet<QString> stepPlaybooks;
        for (const KnowledgeDoc &d : kb.documents()) {
            if (d.kind != "dip"_L1)
                continue;
            for (const QJsonValue &v : d.item.value(u"steps"_s).toArray()) {
                const QJsonObject step = v.toObject();
                if (step.value(u"playbook"_s).toString().isEmpty())
                    QVERIFY2(!step.value(u"owner_role"_s).toString().isEmpty(),
                             qPrintable(d.id + u' ' + step.value(u"id"_s).toString()));
                stepPlaybooks.insert(step.value(u"playbook"_s).toString());
            }
        }
        // The AI systems' firebreaks are steps of some DIP: kill switch,
        // prompt or model rollback, tool disable, rate limit, degraded mode.
        for (const char *firebreak :
             {"ai-kill-switch", "ai-prompt-rollback", "agent-tool-disable", "ai-rate-limit-apply", "ai-degraded-mode"})
            QVERIFY2(stepPlaybooks.contains(QLatin1StringView(firebreak)), firebreak);
    }
};

QTEST_GUILESS_MAIN(TestKnowledge)
#include "tst_knowledge.moc"
