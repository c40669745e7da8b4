// The knowledge base: YAML loading with file:line problems, reference
// lint, and ranked retrieval with field boosts, synonyms and provenance.

#include "knowledgebase.h"
#include "textindex.h"

#include <QFile>
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
)";

const QByteArray kValidations = R"(kind: validation
items:
  - id: VAL-LOGIN
    title: Pilot login works
    category: authentication
    playbook: sso-pilot-login
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
        QVERIFY(has(issues, u"badcat.yaml"_s, 3, u"weather"_s));
        const QList<LintIssue> refs = kb.lint(
            {u"sso-fingerprint-check"_s, u"sso-metadata-snapshot"_s, u"sso-metadata-patch"_s, u"sso-pilot-login"_s});
        QVERIFY(has(refs, u"dip.yaml"_s, 0, u"\"not-whitelisted\", which is not in the whitelist"_s));
        QVERIFY(has(refs, u"dip.yaml"_s, 0, u"before any snapshot"_s));
        QVERIFY(has(refs, u"dip.yaml"_s, 0, u"KBA \"KBA-NOPE\""_s));
        QVERIFY(has(refs, u"dip.yaml"_s, 0, u"validation \"VAL-NOPE\""_s));
        QVERIFY(!has(refs, u"dip.yaml"_s, 0, u"DIP-SSO:"_s)); // the good DIP is clean
        QVERIFY(has(refs, u"val.yaml"_s, 0, QString()) == false);
    }
};

QTEST_GUILESS_MAIN(TestKnowledge)
#include "tst_knowledge.moc"
