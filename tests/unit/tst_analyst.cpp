// The offline analyst over the shipped knowledge: the taxonomy's MIM rules
// (negation- and quantifier-aware), the category from retrieval, phrases and
// the vendor catalog, reasons with their sources, the proposed severity,
// plans with their variables, and a confidence that means something: floors
// and calibration on warroom's own development set (tests/data/triage), and
// the shipped temperature is the one fitted there.
// Texts written for this test, not taken from the evaluation set.

#include "ingestparsers.h"
#include "knowledgebase.h"
#include "literalprefilter.h"
#include "offlineanalyst.h"
#include "textindex.h"
#include "triageevaluation.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

Incident incident(const QString &title, const QString &description, const QString &priority = {},
                  const QString &service = {})
{
    Incident i;
    i.title = title;
    i.description = description;
    i.priority = priority;
    i.service = service;
    return i;
}

bool hasReason(const Classification &c, const QString &text)
{
    for (const Reason &r : c.reasons) {
        if (r.signal.contains(text))
            return true;
    }
    return false;
}

/// A reason whose source starts with `prefix` (kba:, incident:, service-tier ...).
const Reason *reasonFrom(const Classification &c, const QString &prefix)
{
    for (const Reason &r : c.reasons) {
        if (r.source.startsWith(prefix))
            return &r;
    }
    return nullptr;
}

const QString kDevSet = QStringLiteral(WARROOM_SOURCE_DIR "/tests/data/triage/incidents-dev.jsonl");

QString explain(const Classification &c)
{
    QStringList lines {u"%1 %2 mim=%3"_s.arg(c.category).arg(c.confidence).arg(c.mimRequired)};
    for (const Reason &r : c.reasons)
        lines.append(u"  %1 %2 [%3]"_s.arg(r.weight).arg(r.signal, r.source));
    return lines.join(u'\n');
}

} // namespace

class TestAnalyst : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QList<LintIssue> issues;
        m_kb = KnowledgeBase::load({QStringLiteral(WARROOM_SOURCE_DIR "/resources/knowledge")}, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
        // A pattern that does not compile would silently never match.
        const QStringList broken = OfflineAnalyst::patternErrors();
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join(u'\n')));
    }

    void wordBoundaryHoisting_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("hoisted");
        QTest::newRow("one word") << uR"(\bdisk full\b)"_s << true;
        QTest::newRow("every alternative") << uR"(\bdisk\b|\bvolume (?:full|at \d+ ?%))"_s << true;
        QTest::newRow("groups of groups") << uR"((?:\bno space\b)|(?:(?:\bout of\b|\bfull\b)))"_s << true;
        QTest::newRow("a bar in a class is literal") << uR"(\b[a|b]+x|\by)"_s << true;
        QTest::newRow("an escaped bar is literal") << uR"(\ba\|b)"_s << true;
        QTest::newRow("a group repeated once or more") << uR"((?:\bab)+c)"_s << true;
        QTest::newRow("one alternative without") << uR"(\bdisk\b|volume)"_s << false;
        QTest::newRow("an optional group") << uR"((?:\bthe )?disk)"_s << false;
        QTest::newRow("a group from zero") << uR"((?:\bthe ){0,2}disk)"_s << false;
        QTest::newRow("a group starred") << uR"((?:\bthe )*disk)"_s << false;
        QTest::newRow("an empty alternative") << uR"(\bdisk|)"_s << false;
        QTest::newRow("a lookbehind first") << uR"((?<![\d.])\d+\.\d+)"_s << false;
        QTest::newRow("a literal backslash then b") << uR"(\\b)"_s << false;
        QTest::newRow("a capturing group") << uR"((\bdisk))"_s << false;
        QTest::newRow("nothing") << QString() << false;
    }

    void wordBoundaryHoisting()
    {
        QFETCH(QString, pattern);
        QFETCH(bool, hoisted);
        const QString out = hoistWordBoundary(pattern);
        QCOMPARE(out != pattern, hoisted);
        if (!hoisted)
            return;
        QCOMPARE(out, u"\\b(?:"_s + pattern + u')');
        // The same matches, at the same places, on text made to tempt both.
        const QRegularExpression before(pattern);
        const QRegularExpression after(out);
        QVERIFY2(after.isValid(), qPrintable(after.errorString()));
        const QString text = u"undisk disk full; subvolume volume at 93 % no space out of full|x a|b y ab abc thec"_s;
        auto matches = [&text](const QRegularExpression &rx) {
            QStringList out;
            for (auto it = rx.globalMatch(text); it.hasNext();) {
                const QRegularExpressionMatch m = it.next();
                out.append(u"%1:%2"_s.arg(m.capturedStart()).arg(m.captured(0)));
            }
            return out;
        };
        const QStringList expected = matches(before);
        QVERIFY(!expected.isEmpty()); // the text must tempt the pattern
        QCOMPARE(matches(after), expected);
    }

    void literalPrefilterReadsPatterns_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QStringList>("literals"); // empty: it passes every text
        QTest::newRow("a word") << uR"(\bdisk full\b)"_s << QStringList {u"disk full"_s};
        QTest::newRow("alternatives") << uR"(\b(?:disk|volume) full\b)"_s << QStringList {u" full"_s};
        QTest::newRow("the strongest part")
            << uR"(\b(?:a|b) (?:out of memory|oom)\b)"_s << QStringList {u"out of memory"_s, u"oom"_s};
        QTest::newRow("an optional letter") << uR"(\bcustomers?\b)"_s << QStringList {u"customer"_s};
        QTest::newRow("at least once") << uR"(xa+b)"_s << QStringList {u"xa"_s};
        QTest::newRow("a shorter one covers") << uR"(\b(?:users|user|endusers)\b)"_s << QStringList {u"user"_s};
        QTest::newRow("escaped punctuation") << uR"(\$ ?\d+ vs\. \$)"_s << QStringList {u" vs. $"_s};
        QTest::newRow("a lookbehind is not text") << uR"((?<!pre-)production)"_s << QStringList {u"production"_s};
        QTest::newRow("a lookahead is not text") << uR"(down(?! by| to))"_s << QStringList {u"down"_s};
        QTest::newRow("a brace that is no quantifier") << uR"(a{b})"_s << QStringList {u"a{b}"_s};
        QTest::newRow("counted") << uR"(ab{2,3}c)"_s << QStringList {u"ab"_s};
        QTest::newRow("a class between") << uR"(sign[- ]?in)"_s << QStringList {u"sign"_s};
        QTest::newRow("a named group") << uR"((?<what>disk|heap) full)"_s << QStringList {u" full"_s};
        QTest::newRow("an optional branch") << uR"(\b(?:disk|) full)"_s << QStringList {u" full"_s};
        QTest::newRow("spaces are weak") << uR"((?:x|y) \d)"_s << QStringList {u"x"_s, u"y"_s};
        QTest::newRow("a percent and its space") << uR"(\d+ ?% (?:a|b))"_s << QStringList {u"% "_s};
        QTest::newRow("a branch of classes only") << uR"(\bdisk\b|\d{3}%?)"_s << QStringList {};
        QTest::newRow("an optional group only") << uR"((?:disk)?)"_s << QStringList {};
        QTest::newRow("inline options are not read") << uR"((?i)disk)"_s << QStringList {};
        QTest::newRow("a hex escape is not read") << uR"(\x41bc)"_s << QStringList {};
        QTest::newRow("a back reference") << uR"((ab)\1)"_s << QStringList {u"ab"_s};
        QTest::newRow("unbalanced") << uR"(disk))"_s << QStringList {};
        QTest::newRow("nothing") << QString() << QStringList {};
    }

    void literalPrefilterReadsPatterns()
    {
        QFETCH(QString, pattern);
        QFETCH(QStringList, literals);
        const LiteralPrefilter need(pattern);
        QCOMPARE(need.literals(), literals);
        QCOMPARE(need.constrains(), !literals.isEmpty());
        if (literals.isEmpty()) {
            QVERIFY(need.mayMatch(u"nothing of it"_s));
            return;
        }
        for (const QString &l : literals) {
            const QString text = u"xx "_s + l + u" yy"_s;
            const LiteralPrefilter::Pairs pairs(text);
            QVERIFY(need.mayMatch(text));
            QVERIFY(need.mayMatch(text, &pairs));
        }
        const QString none = u"zzz qqq"_s;
        const LiteralPrefilter::Pairs pairs(none);
        QVERIFY(!need.mayMatch(none));
        QVERIFY(!need.mayMatch(none, &pairs));
    }

    /// Random patterns over the syntax the reader knows (and some it does
    /// not), random subjects: whatever a pattern matches holds one of its
    /// literals, and a subject it matches in is never ruled out.
    void literalPrefilterNeverRulesOutAMatch()
    {
        QRandomGenerator rng(5);
        const QStringList pieces {u"a"_s,    u"b"_s,     u"c"_s,      u"ab"_s,   u" "_s,    u"("_s,   u"(?:"_s,
                                  u")"_s,    u"|"_s,     u"?"_s,      u"*"_s,    u"+"_s,    u"{2}"_s, u"{1,2}"_s,
                                  u"{0,}"_s, u"{"_s,     u"}"_s,      u"[ab]"_s, u"[^a]"_s, u"\\b"_s, u"\\d"_s,
                                  u"\\w"_s,  u"\\s"_s,   u"."_s,      u"^"_s,    u"$"_s,    u"-"_s,   u"\\-"_s,
                                  u"\\."_s,  u"(?!a)"_s, u"(?<=b)"_s, u"(?i)"_s, u"\\1"_s,  u"1"_s,   u"%"_s,
                                  u"??"_s,   u"+?"_s};
        const QString alphabet = u"abc 1-.%"_s;
        int valid = 0;
        int constraining = 0;
        int matched = 0;
        for (int n = 0; n < 20000; ++n) {
            QString pattern;
            for (int k = 0, len = 1 + rng.bounded(8); k < len; ++k)
                pattern += pieces.at(rng.bounded(int(pieces.size())));
            const QRegularExpression re(pattern);
            const LiteralPrefilter need(pattern); // must not crash or hang on anything
            if (!re.isValid())
                continue;
            ++valid;
            constraining += need.constrains();
            for (int t = 0; t < 8; ++t) {
                QString subject;
                for (int k = 0, len = rng.bounded(16); k < len; ++k)
                    subject += alphabet.at(rng.bounded(int(alphabet.size())));
                const LiteralPrefilter::Pairs pairs(subject);
                const QRegularExpressionMatch m = re.match(subject);
                if (!m.hasMatch())
                    continue;
                ++matched;
                QVERIFY2(need.mayMatch(subject, &pairs) && need.mayMatch(subject),
                         qPrintable(u"/%1/ matches \"%2\" but would skip it (literals %3)"_s.arg(
                             pattern, subject, need.literals().join(u'|'))));
                QVERIFY2(need.mayMatch(m.captured(0)),
                         qPrintable(u"/%1/ matched \"%2\", which holds none of %3"_s.arg(pattern, m.captured(0),
                                                                                         need.literals().join(u'|'))));
            }
        }
        QVERIFY2(valid > 5000 && constraining > 2000 && matched > 5000,
                 qPrintable(u"%1 valid, %2 constraining, %3 matched"_s.arg(valid).arg(constraining).arg(matched)));
    }

    /// The rules are only searched in texts holding one of their literals:
    /// every match of every rule, in every labelled text and the cyber
    /// sample, holds one, so skipping the others changes no result.
    void everyRuleMatchHoldsItsLiterals()
    {
        QStringList texts;
        for (const QString &file : {u"incidents-dev.jsonl"_s, u"incidents-holdout.jsonl"_s,
                                    u"incidents-holdout2.jsonl"_s, u"incidents-holdout3.jsonl"_s}) {
            QFile f(QStringLiteral(WARROOM_SOURCE_DIR "/tests/data/triage/") + file);
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(file));
            for (const QByteArray &line : f.readAll().split('\n')) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                if (!o.isEmpty())
                    texts.append((o.value(u"title"_s).toString() + u". "_s + o.value(u"description"_s).toString()));
            }
        }
        QFile cyber(QStringLiteral(WARROOM_SOURCE_DIR "/tests/data/ingest/cyber-sample.jsonl"));
        QVERIFY(cyber.open(QIODevice::ReadOnly));
        for (const QByteArray &line : cyber.readAll().split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (!o.isEmpty())
                texts.append(o.value(u"title"_s).toString() + u". "_s + o.value(u"description"_s).toString());
        }
        QVERIFY(texts.size() > 250);
        const QStringList patterns = OfflineAnalyst::patternSources();
        QVERIFY(patterns.size() > 40);
        int constraining = 0;
        int matches = 0;
        int skipped = 0;
        QSet<int> matchedPatterns;
        for (int k = 0; k < patterns.size(); ++k) {
            const QRegularExpression re(patterns.at(k));
            QVERIFY2(re.isValid(), qPrintable(patterns.at(k)));
            const LiteralPrefilter need(patterns.at(k));
            constraining += need.constrains();
            for (const QString &raw : std::as_const(texts)) {
                for (const QString &text : {raw.toLower(), raw}) {
                    const LiteralPrefilter::Pairs pairs(text);
                    const bool passes = need.mayMatch(text, &pairs);
                    QCOMPARE(passes, need.mayMatch(text)); // the pairs only rule out sooner
                    skipped += !passes;
                    for (auto it = re.globalMatch(text); it.hasNext();) {
                        const QRegularExpressionMatch m = it.next();
                        ++matches;
                        matchedPatterns.insert(k);
                        QVERIFY2(passes,
                                 qPrintable(u"%1 matches \"%2\" in a text it would skip"_s.arg(patterns.at(k).left(80),
                                                                                               m.captured(0))));
                        QVERIFY2(need.mayMatch(m.captured(0)),
                                 qPrintable(u"\"%1\" holds none of %2"_s.arg(m.captured(0),
                                                                             need.literals().join(u'|').left(200))));
                    }
                }
            }
        }
        // Not vacuous: most rules constrain and matched somewhere, and most texts are skipped by most rules.
        QVERIFY2(constraining >= patterns.size() - 2, qPrintable(QString::number(constraining)));
        QVERIFY2(matchedPatterns.size() >= patterns.size() * 3 / 4,
                 qPrintable(QString::number(matchedPatterns.size())));
        QVERIFY(matches > 500);
        QVERIFY2(skipped > patterns.size() * texts.size(), qPrintable(QString::number(skipped)));
    }

    /// The people of rule 2 are whole words: "users" inside "endusers" is
    /// not them (and the analysis is no different for that).
    void peopleAreWholeWords_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("journey");
        QTest::newRow("users get errors") << u"Users keep getting errors on the portal."_s << true;
        QTest::newRow("inside a word") << u"Endusers keep getting errors on the portal."_s << false;
        QTest::newRow("customers logged out") << u"Customers are being logged out after a minute."_s << true;
        QTest::newRow("logged out inside a word") << u"Subcustomers are being logged out after a minute."_s << false;
        QTest::newRow("customers complaining") << u"Customers are complaining on the phone."_s << true;
        QTest::newRow("complaining inside a word") << u"Testcustomers are complaining on the phone."_s << false;
    }

    void peopleAreWholeWords()
    {
        QFETCH(QString, text);
        QFETCH(bool, journey);
        const TriageResult r = OfflineAnalyst(m_kb).analyse(incident(u"Portal trouble"_s, text, u"P4"_s));
        bool found = false;
        for (const Reason &why : r.classification.reasons)
            found = found || why.signal.startsWith(u"rule 2: a customer journey is failing"_s)
                || why.signal.startsWith(u"rule 2: people complaining in numbers"_s);
        QVERIFY2(found == journey, qPrintable(explain(r.classification)));
    }

    void cases_data()
    {
        QTest::addColumn<Incident>("in");
        QTest::addColumn<QString>("category");
        QTest::addColumn<bool>("mim");
        QTest::addColumn<QString>("reason"); // a reason that must be given, if any
        QTest::newRow("P2 is enough") << incident(u"Replica lag on the reporting database"_s,
                                                  u"Read replica is 40 minutes behind the primary, dashboards stale."_s,
                                                  u"P2"_s)
                                      << u"database"_s << true << u"priority P2"_s;
        QTest::newRow("P3 but many customers cannot pay")
            << incident(u"Card payments declined at checkout"_s,
                        u"Since 14:10 about 2,300 shoppers cannot pay; payments are failing with a generic decline."_s,
                        u"P3"_s)
            << QString() << true << u"rule 2"_s;
        QTest::newRow("one host warning, no customer impact") << incident(
            u"Build agent volume at 91%"_s,
            u"The /var/lib/docker volume on one build agent is at 91%. No customer impact; cleanup job queued."_s,
            u"P4"_s) << u"capacity"_s << false << u"no customer impact"_s;
        QTest::newRow("negated exposure does not count")
            << incident(u"Bucket policy review"_s,
                        u"Audit found a bucket policy broader than needed. No PII was exposed and no customer records "
                        u"are in it; access logs show only our CI role."_s,
                        u"P4"_s)
            << QString() << false << QString();
        QTest::newRow("informational port scan")
            << incident(u"Port scan against the public range"_s,
                        u"Perimeter firewall logged a port scan from 203.0.113.9 across our public IPs; all blocked. "
                        u"Informational."_s)
            << u"security_triage"_s << false << QString();
        QTest::newRow("exfiltration always") << incident(
            u"Large upload from a finance laptop"_s,
            u"DLP flagged 12 GB uploaded to a personal file-sharing account from a finance laptop overnight."_s,
            u"P4"_s) << u"data_exfiltration"_s
                                             << true << u"data exfiltration always"_s;
        QTest::newRow("a vendor's outage")
            << incident(u"SendGrid bouncing transactional mail"_s,
                        u"SendGrid's status page reports delayed delivery; our password reset mails queue up."_s)
            << u"dependency"_s << false << QString();
    }

    void cases()
    {
        QFETCH(Incident, in);
        QFETCH(QString, category);
        QFETCH(bool, mim);
        QFETCH(QString, reason);
        const OfflineAnalyst analyst(m_kb);
        const Classification c = analyst.analyse(in).classification;
        if (!category.isEmpty())
            QVERIFY2(c.category == category, qPrintable(explain(c)));
        QVERIFY2(c.mimRequired == mim, qPrintable(explain(c)));
        if (!reason.isEmpty())
            QVERIFY2(hasReason(c, reason), qPrintable(explain(c)));
        if (QByteArray(QTest::currentDataTag()) == "negated exposure does not count")
            QVERIFY2(!hasReason(c, u"rule 4"_s), qPrintable(explain(c)));
        QVERIFY(c.confidence >= 0.0 && c.confidence <= 1.0);
        for (const RunnerUp &r : c.runnersUp)
            QVERIFY(r.score <= c.confidence);
    }

    /// What was considered and set aside: an incident between two categories
    /// names the other as a runner-up, with a score below the winner's.
    void runnersUpAreWhatWasSetAside()
    {
        const OfflineAnalyst analyst(m_kb);
        const Classification c
            = analyst
                  .analyse(incident(u"SSO login fails: the IdP signing certificate expired"_s,
                                    u"Since the certificate expired this morning every SAML login to the portal fails "
                                    "with an invalid signature; the TLS certificate of the IdP host expired too."_s,
                                    u"P2"_s))
                  .classification;
        QVERIFY2(!c.runnersUp.isEmpty(), qPrintable(explain(c)));
        QStringList considered {c.category};
        double previous = c.confidence;
        for (const RunnerUp &r : c.runnersUp) {
            QVERIFY(r.category != c.category);
            QVERIFY2(r.score > 0.0 && r.score <= previous, qPrintable(explain(c)));
            previous = r.score;
            considered.append(r.category);
        }
        QVERIFY2(considered.contains(u"authentication"_s) && considered.contains(u"certificate"_s),
                 qPrintable(explain(c)));
        const QJsonArray json = c.toJson().value(u"runners_up"_s).toArray();
        QCOMPARE(json.size(), c.runnersUp.size());
        QCOMPARE(json.first().toObject().value(u"category"_s).toString(), c.runnersUp.first().category);
    }

    /// A plan from a DIP goes diagnose, snapshot, change, validate, whatever
    /// order its steps are listed in.
    void planGoesDiagnoseSnapshotChangeValidate()
    {
        const OfflineAnalyst analyst(m_kb);
        const Plan plan = analyst
                              .analyse(incident(u"SAML SSO login redirect loop after the IdP certificate rotation"_s,
                                                u"Agents bounce between Salesforce and the IdP since the signing "
                                                "certificate was rotated."_s,
                                                u"P1"_s, u"salesforce-sso"_s))
                              .plan;
        QVERIFY2(plan.source.startsWith(u"dip:"_s), qPrintable(plan.source));
        auto firstOf = [&plan](StepKind kind) {
            for (qsizetype i = 0; i < plan.steps.size(); ++i)
                if (plan.steps.at(i).kind == kind)
                    return i;
            return qsizetype(-1);
        };
        const qsizetype diagnose = firstOf(StepKind::Diagnose), snapshot = firstOf(StepKind::Snapshot),
                        change = firstOf(StepKind::Remediate), validate = firstOf(StepKind::Validate);
        QVERIFY(diagnose >= 0 && snapshot >= 0 && change >= 0 && validate >= 0);
        QVERIFY(diagnose < snapshot);
        QVERIFY(snapshot < change);
        QVERIFY(change < validate);
        // No change before the snapshot, none after the last validation.
        for (qsizetype i = 0; i < plan.steps.size(); ++i) {
            if (plan.steps.at(i).kind == StepKind::Remediate)
                QVERIFY2(i > snapshot, qPrintable(plan.steps.at(i).id));
        }
    }

    /// Negation and scope: who is affected and how many, however it is said.
    void scopeAndNegation_data()
    {
        QTest::addColumn<Incident>("in");
        QTest::addColumn<bool>("mim");
        QTest::addColumn<QString>("reason"); // a reason that must be given, if any
        QTest::addColumn<QString>("absent"); // a reason that must not be given, if any
        QTest::newRow("not a single merchant can") << incident(
            u"Merchant dashboard login broken"_s,
            u"Since the morning not a single merchant can sign in to the dashboard; the page just reloads."_s, u"P3"_s)
                                                   << true << u"rule 2: many people affected"_s << u"a single user"_s;
        QTest::newRow("nobody is able to pay") << incident(
            u"Card form does nothing"_s, u"Since 09:40 nobody is able to pay for an order on the web shop."_s)
                                               << true << u"rule 2: many people affected"_s << QString();
        QTest::newRow("none of the customers we asked") << incident(
            u"App broken?"_s, u"None of the customers we asked today could open the app after the update screen."_s)
                                                        << true << u"rule 2"_s << QString();
        QTest::newRow("all N employees") << incident(
            u"Mail down"_s, u"Exchange answers errors; all 3,200 employees are without mail."_s)
                                         << true << u"rule 2: many people affected"_s << QString();
        QTest::newRow("entire company") << incident(u"Teams sign-in loop"_s,
                                                    u"The whole company is stuck in a sign-in loop since 08:00."_s)
                                        << true << u"rule 2: many people affected"_s << QString();
        QTest::newRow("spreading in words")
            << incident(u"Trojan on a sales laptop"_s,
                        u"EDR reports the trojan copying itself from a sales laptop to nine other laptops over SMB."_s)
            << true << u"compromise touching production or spreading"_s << QString();
        QTest::newRow("one customer cannot")
            << incident(u"Login problem"_s, u"One customer cannot log in since he changed his email."_s, u"P4"_s)
            << false << u"a single user"_s << u"rule 2"_s;
        QTest::newRow("no customer is affected")
            << incident(u"Batch export slow"_s,
                        u"The nightly export takes longer. No customer is affected, the file is only for finance."_s,
                        u"P4"_s)
            << false << u"no customer impact"_s << u"rule 2"_s;
        QTest::newRow("negated spread") << incident(
            u"Malware on one kiosk"_s,
            u"Antivirus quarantined malware on the lobby kiosk; there is no sign of spread and no other device is "
            u"affected."_s,
            u"P4"_s) << false << QString()
                                        << u"spreading"_s;
        QTest::newRow("a workaround carries it")
            << incident(u"Ticketing tool slow for support"_s,
                        u"The ticketing SaaS is degraded; support staff use the shared mailbox in the meantime and "
                        u"customers can still reach us."_s,
                        u"P3"_s)
            << false << u"mitigated"_s << QString();
    }

    void scopeAndNegation()
    {
        QFETCH(Incident, in);
        QFETCH(bool, mim);
        QFETCH(QString, reason);
        QFETCH(QString, absent);
        const OfflineAnalyst analyst(m_kb);
        const Classification c = analyst.analyse(in).classification;
        QVERIFY2(c.mimRequired == mim, qPrintable(explain(c)));
        if (!reason.isEmpty())
            QVERIFY2(hasReason(c, reason), qPrintable(explain(c)));
        if (!absent.isEmpty())
            QVERIFY2(!hasReason(c, absent), qPrintable(explain(c)));
    }

    void proposedSeverity_data()
    {
        QTest::addColumn<Incident>("in");
        QTest::addColumn<Severity>("severity");
        QTest::newRow("P1 is SEV1") << incident(u"Disk at 91% on a build agent"_s, QString(), u"P1"_s)
                                    << Severity::Sev1;
        QTest::newRow("P3 is SEV3 whatever the text")
            << incident(u"Checkout down for all customers"_s, u"Every shopper gets HTTP 503."_s, u"P3"_s)
            << Severity::Sev3;
        QTest::newRow("strong signals without a priority: SEV1")
            << incident(u"Checkout down for all customers"_s,
                        u"Every shopper gets HTTP 503 and payments are failing for all 12,000 active sessions."_s)
            << Severity::Sev1;
        QTest::newRow("review without strong signals: SEV2")
            << incident(u"Some customers cannot log in"_s, u"Support has a handful of tickets about it."_s)
            << Severity::Sev2;
        QTest::newRow("nothing either way: SEV3")
            << incident(u"Grafana panel shows no data"_s, QString()) << Severity::Sev3;
        QTest::newRow("against review: SEV4")
            << incident(u"Staging API returns 503"_s,
                        u"The staging API is down for the QA team; no customer impact, it recovered after a restart."_s)
            << Severity::Sev4;
    }

    void proposedSeverity()
    {
        QFETCH(Incident, in);
        QFETCH(Severity, severity);
        const OfflineAnalyst analyst(m_kb);
        const Classification c = analyst.analyse(in).classification;
        QVERIFY2(c.severity == severity, qPrintable(toString(c.severity) + u'\n' + explain(c)));
    }

    /// Every kind of reason names where it came from.
    void reasonSources()
    {
        const OfflineAnalyst analyst(m_kb);
        const Classification c
            = analyst
                  .analyse(incident(u"Checkout API answers 503 to every request"_s,
                                    u"All checkout-api pods fail their readiness probe; customers cannot pay."_s,
                                    u"P2"_s, u"checkout-api"_s))
                  .classification;
        const Reason *kba = reasonFrom(c, u"kba:"_s);
        QVERIFY2(kba, qPrintable(explain(c)));
        QVERIFY(m_kb.document(kba->source.mid(4)));
        QCOMPARE(m_kb.document(kba->source.mid(4))->category, c.category);
        QVERIFY(kba->weight > 0);
        const Reason *tier = reasonFrom(c, u"service-tier"_s);
        QVERIFY2(tier, qPrintable(explain(c)));
        QVERIFY(tier->signal.contains(u"checkout-api"_s));
        QCOMPARE(tier->weight, 0.5);
        const Reason *priority = reasonFrom(c, u"priority"_s);
        QVERIFY(priority && priority->weight == 3.0);
        QVERIFY(reasonFrom(c, u"text"_s));
        // Past incidents vote with their id.
        const Classification past
            = analyst
                  .analyse(incident(u"Support agents bounce between Okta and Salesforce"_s,
                                    u"Agents are stuck in a login loop between the IdP and Salesforce since the "
                                    u"certificate rotation."_s))
                  .classification;
        const Reason *pir = reasonFrom(past, u"incident:"_s);
        QVERIFY2(pir, qPrintable(explain(past)));
        QVERIFY(m_kb.document(pir->source.mid(9)));
        QCOMPARE(m_kb.document(pir->source.mid(9))->kind, u"incident"_s);
        // A vendor of the catalog.
        const Classification vendor = analyst
                                          .analyse(incident(u"SendGrid bouncing transactional mail"_s,
                                                            u"SendGrid's status page reports delayed delivery."_s))
                                          .classification;
        QVERIFY2(reasonFrom(vendor, u"service:"_s), qPrintable(explain(vendor)));
    }

    /// A change named as the cause wins over the symptom it shows in, or the
    /// analyst asks people instead of planning the symptom's fix.
    void changeAsCause()
    {
        const OfflineAnalyst analyst(m_kb);
        const TriageResult r = analyst.analyse(
            incident(u"Order search slow after an index was dropped by a migration"_s,
                     u"The migration shipped with release 7.4 dropped the index on orders.customer_id; order search "
                     u"now does full scans and times out for customers."_s));
        const Classification &c = r.classification;
        QVERIFY2(c.category == "deployment"_L1, qPrintable(explain(c)));
        if (r.plan.source.startsWith(u"dip:"_s)) {
            const KnowledgeDoc *dip = m_kb.document(r.plan.source.mid(4));
            QVERIFY(dip);
            QCOMPARE(dip->category, u"deployment"_s);
        }
    }

    /// The analyst reads the DIPs' steps once, when it is made; a DIP the
    /// knowledge base got later is read when it is chosen, not left without steps.
    void planFromADipAddedLater()
    {
        const Incident in = incident(u"Ransomware encrypting files on a finance file server"_s,
                                     u"Files renamed with a new extension and a ransom note in every folder of the "
                                     u"finance share; EDR sees encryption on two servers."_s,
                                     u"P1"_s);
        const TriageResult expected = OfflineAnalyst(m_kb).analyse(in);
        QVERIFY2(expected.plan.source.startsWith(u"dip:"_s) && expected.plan.steps.size() >= 3,
                 qPrintable(expected.plan.summary));
        KnowledgeBase later;
        const OfflineAnalyst analyst(later); // made while the knowledge base holds no DIP
        later = m_kb;
        const TriageResult r = analyst.analyse(in);
        QCOMPARE(r.plan.source, expected.plan.source);
        QCOMPARE(r.plan.summary, expected.plan.summary);
        QCOMPARE(r.plan.steps, expected.plan.steps);
    }

    /// Plans take their variables from the incident; what it does not give
    /// stays empty for a person and is listed; rollbacks the DIP names are noted.
    void planVariables()
    {
        const OfflineAnalyst analyst(m_kb);
        Incident in = incident(u"Ransomware encrypting files on a finance file server"_s,
                               u"Files renamed with a new extension and a ransom note in every folder of the finance "
                               u"share; EDR sees encryption on two servers."_s,
                               u"P1"_s);
        const TriageResult without = analyst.analyse(in);
        QVERIFY2(without.plan.source.startsWith(u"dip:"_s), qPrintable(without.plan.summary));
        bool blankHost = false;
        for (const PlanStep &s : without.plan.steps) {
            if (s.vars.contains(u"host"_s)) {
                QCOMPARE(s.vars.value(u"host"_s).toString(), QString()); // never made up
                blankHost = true;
                QVERIFY2(s.description.contains(u"To be set by a person before approval: host"_s),
                         qPrintable(s.description));
            }
        }
        QVERIFY(blankHost);
        QVERIFY2(without.plan.summary.contains(u"for a person to set"_s), qPrintable(without.plan.summary));
        in.labels = QJsonObject {{u"instance"_s, u"fs-fin-02:9100"_s}};
        const TriageResult with = analyst.analyse(in);
        bool filled = false;
        for (const PlanStep &s : with.plan.steps) {
            if (s.vars.contains(u"host"_s)) {
                QCOMPARE(s.vars.value(u"host"_s).toString(), u"fs-fin-02"_s); // the label, without its port
                filled = true;
            }
        }
        QVERIFY(filled);
        // The account to contain is not in these labels: it is asked for.
        QVERIFY2(with.plan.summary.contains(u"for a person to set"_s) && with.plan.summary.contains(u"(account)"_s)
                     && !with.plan.summary.contains(QRegularExpression(u"\\(([^)]*, )?host[,)]"_s)),
                 qPrintable(with.plan.summary));
        // A cyber event lists its hosts and users: the one it names fills
        // the step (a host name in lower case) ...
        in.labels = QJsonObject {{u"hosts"_s, u"FS-FIN-02.corp.example.com"_s}, {u"users"_s, u"jo.doe@example.com"_s}};
        const TriageResult listed = analyst.analyse(in);
        int hosts = 0;
        int accounts = 0;
        for (const PlanStep &s : listed.plan.steps) {
            if (s.vars.contains(u"host"_s)) {
                QCOMPARE(s.vars.value(u"host"_s).toString(), u"fs-fin-02.corp.example.com"_s);
                ++hosts;
            }
            if (s.vars.contains(u"account"_s)) {
                QCOMPARE(s.vars.value(u"account"_s).toString(), u"jo.doe@example.com"_s);
                ++accounts;
            }
        }
        QVERIFY(hosts > 0 && accounts > 0);
        QVERIFY2(!listed.plan.summary.contains(u"for a person to set"_s), qPrintable(listed.plan.summary));
        // ... of several, a person chooses (and is told which ones); what is
        // not a plain name is never put into a playbook.
        in.labels = QJsonObject {{u"hosts"_s, u"fs-fin-02,fs-fin-03"_s}, {u"users"_s, u"jo.doe; rm -rf /"_s}};
        const TriageResult several = analyst.analyse(in);
        bool asked = false;
        for (const PlanStep &s : several.plan.steps) {
            if (s.vars.contains(u"host"_s)) {
                QCOMPARE(s.vars.value(u"host"_s).toString(), QString());
                QVERIFY2(s.description.contains(u"host (the event names 2: fs-fin-02, fs-fin-03)"_s),
                         qPrintable(s.description));
                asked = true;
            }
            if (s.vars.contains(u"account"_s))
                QCOMPARE(s.vars.value(u"account"_s).toString(), QString());
        }
        QVERIFY(asked);
        // A label's value too is only taken when it is a plain name (a host
        // in lower case); no other placeholder is said to be one of the users.
        in.labels = QJsonObject {{u"host"_s, u"FS-FIN-02"_s},
                                 {u"user"_s, u"jo; rm -rf / {{ lookup('pipe','id') }}"_s},
                                 {u"users"_s, u"jo.doe@example.com,li.chen@example.com"_s}};
        const TriageResult labelled = analyst.analyse(in);
        bool account = false;
        for (const PlanStep &s : labelled.plan.steps) {
            if (s.vars.contains(u"host"_s))
                QCOMPARE(s.vars.value(u"host"_s).toString(), u"fs-fin-02"_s);
            if (s.vars.contains(u"account"_s)) {
                QCOMPARE(s.vars.value(u"account"_s).toString(), QString());
                QVERIFY2(
                    s.description.contains(u"account (the event names 2: jo.doe@example.com, li.chen@example.com)"_s),
                    qPrintable(s.description));
                account = true;
            }
        }
        QVERIFY(account);
        Incident unnamed = incident(u"Web shell found on the customer portal"_s,
                                    u"The WAF saw a POST to /uploads/cmd.php and the web server spawning /bin/sh."_s);
        unnamed.labels = QJsonObject {{u"users"_s, u"jo.doe@example.com,li.chen@example.com"_s}};
        const TriageResult webshell = analyst.analyse(unnamed);
        QVERIFY2(webshell.plan.source.startsWith(u"dip:"_s), qPrintable(webshell.plan.summary));
        for (const PlanStep &s : webshell.plan.steps)
            QVERIFY2(!s.description.contains(u"the event names"_s) || s.vars.contains(u"account"_s),
                     qPrintable(s.description));
        // The service: the incident's, else the one catalog service its text names.
        const TriageResult named = analyst.analyse(incident(
            u"checkout-api pods restarting, 5xx at 30%"_s,
            u"Readiness probes fail on checkout-api after a long GC pause; customers get errors at the payment step."_s,
            u"P2"_s));
        QVERIFY2(named.plan.source.startsWith(u"dip:"_s), qPrintable(named.plan.summary));
        bool service = false;
        for (const PlanStep &s : named.plan.steps) {
            if (s.vars.contains(u"service"_s)) {
                QCOMPARE(s.vars.value(u"service"_s).toString(), u"checkout-api"_s);
                service = true;
            }
            // The DIP's own rollback is not pinned on every remediate step
            // (it reverses the main change only): the coordinator links each
            // step to its playbook's rollback from the policy.
            QVERIFY2(!s.description.contains(u"Rollback: "_s), qPrintable(s.description));
            QVERIFY2(s.rollbackPlaybook.isEmpty(), qPrintable(s.id));
        }
        QVERIFY(service);
    }

    /// Floors on warroom's own labelled set: a change to rules or knowledge
    /// that loses ground there fails here.
    void developmentSetFloors()
    {
        const Expected<QList<LabelledIncident>> rows = loadLabelledIncidents(kDevSet);
        QVERIFY2(rows, qPrintable(rows ? QString() : rows.error().message));
        QVERIFY(rows->size() >= 80);
        const OfflineAnalyst analyst(m_kb);
        const TriageFigures f = evaluateTriage(analyst, *rows);
        const QString figures = u"mim %1 category %2 ece %3\n"_s.arg(f.mimAccuracy).arg(f.categoryAccuracy).arg(f.ece)
            + f.misses.join(u'\n');
        QVERIFY2(f.mimAccuracy >= kDevMimFloor, qPrintable(figures));
        QVERIFY2(f.categoryAccuracy >= kDevCategoryFloor, qPrintable(figures));
        QVERIFY2(f.ece <= kDevEceCeiling, qPrintable(figures));
    }

    /// Confidence means something: over all of warroom's labelled incidents
    /// (development and held-out sets), answers given with high confidence
    /// are right more often than those given with low confidence.
    void calibrationOverTheLabelledSets()
    {
        QList<LabelledIncident> rows;
        for (const QString &name : {u"incidents-dev.jsonl"_s, u"incidents-holdout.jsonl"_s}) {
            const Expected<QList<LabelledIncident>> set
                = loadLabelledIncidents(QStringLiteral(WARROOM_SOURCE_DIR "/tests/data/triage/") + name);
            QVERIFY2(set, qPrintable(set ? QString() : set.error().message));
            rows += *set;
        }
        const OfflineAnalyst analyst(m_kb);
        const TriageFigures f = evaluateTriage(analyst, rows);
        const auto [high, highCount] = f.accuracyAbove(0.8);
        const auto [low, lowCount] = f.accuracyBelow(0.6);
        const QString figures = u"high %1 (n=%2) low %3 (n=%4)"_s.arg(high).arg(highCount).arg(low).arg(lowCount);
        QVERIFY2(highCount >= 20 && lowCount >= 3, qPrintable(figures));
        QVERIFY2(high > low + 0.2, qPrintable(figures));
        QVERIFY2(high >= 0.85, qPrintable(figures));
    }

    /// The temperature shipped is the one fitted on the held-out set (the
    /// one the rules were not written against; see triage_eval).
    void shippedTemperatureIsTheFittedOne()
    {
        const Expected<QList<LabelledIncident>> rows
            = loadLabelledIncidents(QStringLiteral(WARROOM_SOURCE_DIR "/tests/data/triage/incidents-holdout.jsonl"));
        QVERIFY(rows);
        const OfflineAnalyst analyst(m_kb);
        const double fitted = fitTemperature(analyst, *rows);
        QVERIFY2(std::abs(fitted - analyst.temperature()) <= 0.02 + 1e-9,
                 qPrintable(u"fitted %1, shipped %2"_s.arg(fitted).arg(analyst.temperature())));
    }

    void badSetsAreClearErrors()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(u"bad.jsonl"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"title\": \"ok\", \"labels\": {\"category\": \"network\", \"mim_required\": false}}\n\n"
                "{\"title\": \"x\", \"labels\": {\"category\": \"weather\", \"mim_required\": false}}\n");
        f.close();
        const Expected<QList<LabelledIncident>> rows = loadLabelledIncidents(f.fileName());
        QVERIFY(!rows);
        QVERIFY2(rows.error().message.contains(u"bad.jsonl:3: "_s) && rows.error().message.contains(u"weather"_s),
                 qPrintable(rows.error().message));
        QVERIFY(!loadLabelledIncidents(dir.filePath(u"missing.jsonl"_s)));
    }

    void confidenceFollowsEvidence()
    {
        const OfflineAnalyst analyst(m_kb);
        const double clear = analyst
                                 .analyse(incident(u"Public TLS certificate expired on www"_s,
                                                   u"Browsers show NET::ERR_CERT_DATE_INVALID; the certificate on the "
                                                   u"storefront expired at midnight."_s))
                                 .classification.confidence;
        const double vague = analyst.analyse(incident(u"Something odd"_s, u"Colleague says things feel off today."_s))
                                 .classification.confidence;
        QVERIFY2(clear > 0.8, qPrintable(QString::number(clear)));
        QVERIFY2(vague < clear, qPrintable(QString::number(vague)));
    }

    void escalationPlanEscalates()
    {
        // No plan for a vague report: the classification says so too, with the plan's reason.
        const OfflineAnalyst analyst(m_kb);
        const TriageResult vague = analyst.analyse(incident(u"cli idem"_s, u"Colleague says things feel off."_s));
        QCOMPARE(vague.plan.source, u"escalation"_s);
        QVERIFY(vague.classification.escalate);
        QVERIFY2(vague.classification.escalationReason.startsWith(u"no reviewed plan: "_s),
                 qPrintable(vague.classification.escalationReason));
        QVERIFY2(vague.plan.summary.contains(vague.classification.escalationReason.mid(18)),
                 qPrintable(vague.plan.summary));
        // A clear one with a reviewed plan does not escalate.
        const TriageResult clear = analyst.analyse(incident(
            u"Public TLS certificate expired on www"_s,
            u"Browsers show NET::ERR_CERT_DATE_INVALID; the certificate on the storefront expired at midnight."_s));
        QVERIFY2(clear.plan.source.startsWith(u"dip:"_s), qPrintable(clear.plan.summary));
        QVERIFY(!clear.classification.escalate);
        QVERIFY(clear.classification.escalationReason.isEmpty());
    }

    void aGuessedCategoryIsNoMajorIncident()
    {
        // "cli" matches an exfiltration article and nothing else: a guess at the
        // category, so its always-review rule does not fire; the guess escalates.
        const OfflineAnalyst analyst(m_kb);
        const TriageResult guess = analyst.analyse(incident(u"cli idem"_s, QString()));
        QCOMPARE(guess.classification.category, u"data_exfiltration"_s);
        QVERIFY2(guess.classification.confidence < OfflineAnalyst::kPlanConfidence,
                 qPrintable(QString::number(guess.classification.confidence)));
        QVERIFY(!guess.classification.mimRequired);
        QVERIFY(guess.classification.escalate);
        bool said = false;
        for (const Reason &r : guess.classification.reasons) {
            QVERIFY2(!r.signal.contains(u"always needs MIM review"_s), qPrintable(r.signal));
            said = said || r.signal.startsWith(u"data exfiltration is only a guess here"_s);
        }
        QVERIFY(said);
        // A real one, priority and all left out, still is.
        const TriageResult real = analyst.analyse(
            incident(u"Customer records uploaded to an unknown external host"_s,
                     u"DLP shows 40 GB of the customers table sent to a paste site from a build server overnight."_s));
        QCOMPARE(real.classification.category, u"data_exfiltration"_s);
        QVERIFY(real.classification.confidence >= OfflineAnalyst::kPlanConfidence);
        QVERIFY(real.classification.mimRequired);
    }

    void retrievalTextDropsNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("asIf"); // the same terms as this
        QTest::newRow("host") << u"unix shell spawned by the web server on app-32.prod.example.net."_s
                              << u"unix shell spawned by the web server on ."_s;
        QTest::newRow("ipv4, port, prefix")
            << u"scan from 203.0.113.135, 198.51.100.7:443 and 10.0.0.0/8"_s << u"scan from , and"_s;
        QTest::newRow("status codes stay") << u"503 errors and 404s"_s << u"503 errors and 404s"_s;
        QTest::newRow("ipv6") << u"beacon to 2001:db8:cae6::e798 and fe80::1%eth0"_s << u"beacon to and"_s;
        QTest::newRow("not ipv6") << u"NET::ERR_CERT_DATE_INVALID in Chrome"_s
                                  << u"net err cert date invalid in chrome"_s;
        QTest::newRow("digest") << u"sha256 b4808417a38e228cf2c637f8b6c7eca55f72e5c4b10bc0e900f95957959beb89 seen"_s
                                << u"sha256 seen"_s;
        QTest::newRow("short hex stays") << u"error deadbeef in cafe module"_s << u"error deadbeef in cafe module"_s;
        QTest::newRow("e-mail") << u"mail from tom.novak@example.com (spoofed)"_s << u"mail from ( spoofed )"_s;
        QTest::newRow("dotted person and files stay")
            << u"tom.novak ran node.js with nginx.conf"_s << u"tom novak ran node js with nginx conf"_s;
        QTest::newRow("country domain") << u"phishing page on login.bbc.co.uk today"_s << u"phishing page on today"_s;
        QTest::newRow("host and port") << u"db-01.internal:5432 refuses connections"_s << u"refuses connections"_s;
        QTest::newRow("quoted") << u"queries for 'cdn-588.example.org'."_s << u"queries for"_s;
        QTest::newRow("url keeps its path")
            << u"see https://status.example.com/api/v1/payments now"_s << u"see /api/v1/payments now"_s;
        QTest::newRow("lists of names")
            << u"EDR saw it.\nHosts: ws-1.corp.example.com, ws-2.corp.example.com\n"
               u"Users: jo.doe@example.com\nIndicators: ipv4: 198.51.100.74; domain: "
               u"cdn-889.example.org; sha256: b4808417a38e228cf2c637f8b6c7eca55f72e5c4b10bc0e900f95957959beb89"_s
            << u"EDR saw it."_s;
        QTest::newRow("a list that says something")
            << u"Users: all EU customers on mobile"_s << u"users all eu customers on mobile"_s;
        QTest::newRow("negated quantifier") << u"not a single customer affected"_s << u"customer affected"_s;
        QTest::newRow("lists of short names")
            << u"EDR alert.\nHosts: WS-FIN-02, SRV-DC-01\nUsers: CORP\\jdoe, "
               u"svc_backup\nIndicators: ipv4: 198.51.100.7; domain: update-check.xyz"_s
            << u"EDR alert."_s;
        QTest::newRow("key=value") << u"src_ip=203.0.113.45 dst_port=443"_s << u"src ip dst port 443"_s;
        QTest::newRow("defanged")
            << u"beacon to evil[.]example[.]com and 198.51.100[.]7, see hxxps://evil.example.com/login"_s
            << u"beacon to and , see /login"_s;
        QTest::newRow("uuid") << u"request 550e8400-e29b-41d4-a716-446655440000 failed"_s << u"request failed"_s;
        QTest::newRow("image digest")
            << u"pulled nginx@sha256:b4808417a38e228cf2c637f8b6c7eca55f72e5c4b10bc0e900f95957959beb89"_s << u"pulled"_s;
        QTest::newRow("unc path") << u"copied to \\\\fs-fin-02.corp.example.com\\share\\finance"_s
                                  << u"copied to share finance"_s;
        QTest::newRow("country and other domains")
            << u"phishing kit on secure-login.ru and paypal-verify.top"_s << u"phishing kit on and"_s;
        QTest::newRow("files stay") << u"node.js and setup.py stay"_s << u"node js and setup py stay"_s;
    }

    /// Names of things (addresses, hosts, e-mails, digests) are not what an
    /// incident is about: retrieval does not search with their words.
    void retrievalTextDropsNames()
    {
        QFETCH(QString, text);
        QFETCH(QString, asIf);
        QCOMPARE(Tokenizer::terms(OfflineAnalyst::retrievalText(text)), Tokenizer::terms(asIf));
    }

    /// Of a name, what names a service of the catalogue stays (a vendor's
    /// domain says which dependency): the rest of it goes.
    void retrievalKeepsTheCataloguesServicesOfNames()
    {
        const QString text = u"Card payments fail at api.stripe.com and checkout.com; www.example.com is slow"_s;
        QCOMPARE(Tokenizer::terms(OfflineAnalyst::retrievalText(text, &m_kb)),
                 Tokenizer::terms(u"card payments fail at stripe and checkout.com ; www is slow"_s));
        QCOMPARE(Tokenizer::terms(OfflineAnalyst::retrievalText(text)),
                 Tokenizer::terms(u"card payments fail at and ; is slow"_s));
        // Not of an e-mail address (jo.doe@stripe.com is a person).
        QCOMPARE(Tokenizer::terms(OfflineAnalyst::retrievalText(u"mail from jo.doe@stripe.com"_s, &m_kb)),
                 Tokenizer::terms(u"mail from"_s));
    }

    /// The checked-in cyber events, as the ingestor describes them: the best
    /// KBA or DIP is one of the event's own category, no match is there for
    /// the words of a host name, an address or an e-mail, and the category
    /// is the one the sender gave (which the analyst does not look at).
    void cyberEventsRetrieveTheirOwnKnowledge()
    {
        QFile file(QStringLiteral(WARROOM_SOURCE_DIR "/tests/data/ingest/cyber-sample.jsonl"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const OfflineAnalyst analyst(m_kb);
        const QSet<QString> nameWords {u"example"_s, u"com"_s, u"net"_s, u"org"_s, u"corp"_s};
        int events = 0;
        int ownFirst = 0;
        int ownInThree = 0;
        int sameCategory = 0; // as the sender's (the analyst does not read it)
        int ownPlan = 0; // from a DIP of the event's category (not an escalation)
        while (!file.atEnd()) {
            const Expected<QJsonObject> body = ingest::parseObject(file.readLine());
            QVERIFY(body);
            const Expected<IngestEvent> e = ingest::streamEvent(*body, u"1-0"_s);
            QVERIFY2(e, e ? "" : qPrintable(e.error().message));
            const QString category = body->value(u"category"_s).toString();
            QSet<QString> octets;
            for (const QJsonValue &ind : body->value(u"indicators"_s).toArray()) {
                if (ind[u"type"_s] == u"ipv4"_s)
                    for (const QString &part : ind[u"value"_s].toString().split(u'.'))
                        octets.insert(part);
            }
            const TriageResult r = analyst.analyse(e->described());
            ++events;
            sameCategory += r.classification.category == category;
            if (r.plan.source.startsWith(u"dip:"_s)) {
                const KnowledgeDoc *dip = m_kb.document(r.plan.source.mid(4));
                QVERIFY(dip);
                ownPlan += dip->category == category;
            }
            int rank = 0;
            for (const KnowledgeMatch &m : r.matches) {
                for (const QString &term : m.matchedTerms) {
                    QVERIFY2(!nameWords.contains(term) && !octets.contains(term),
                             qPrintable(u"%1 matches %2 for \"%3\""_s.arg(e->title, m.docId, term)));
                }
                if (m.kind != "kba"_L1 && m.kind != "dip"_L1)
                    continue;
                const KnowledgeDoc *doc = m_kb.document(m.docId);
                QVERIFY(doc);
                if (doc->category == category) {
                    ownFirst += rank == 0;
                    ownInThree += rank < 3;
                    break;
                }
                ++rank;
            }
        }
        QVERIFY(events >= 50);
        qInfo("own category first for %d of %d events, in the first three for %d; classified as sent %d; "
              "a plan of its category for %d",
              ownFirst, events, ownInThree, sameCategory, ownPlan);
        QVERIFY2(ownPlan >= events * 9 / 10, qPrintable(QString::number(ownPlan)));
        QVERIFY2(sameCategory >= events * 95 / 100, qPrintable(QString::number(sameCategory)));
        QVERIFY2(ownFirst >= events * 9 / 10, qPrintable(QString::number(ownFirst)));
        QCOMPARE(ownInThree, events);
    }

    /// A DIP that lists a benign article among those it handles (for when
    /// it turns out to be more) is not made the plan by that article: one
    /// failed sign-in does not block legacy authentication for everyone.
    void benignArticlesDoNotPullContainmentPlans_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("description");
        QTest::addColumn<QString>("notThisPlan");
        QTest::newRow("one failed sign-in")
            << u"One failed sign-in for an account from an unusual location"_s
            << u"AADSTS50126 invalid username or password, once, from a country the user never signed in from; no "
               "successful sign-in followed."_s
            << u"dip:DIP-PASSWORD-SPRAY-RESPONSE"_s;
        QTest::newRow("quarantined adware")
            << u"EDR quarantined adware on one laptop"_s
            << u"EDR blocked and quarantined a bundled adware installer on one laptop before it ran; no other host "
               "has the hash."_s
            << u"dip:DIP-EDR-HOST-ISOLATION"_s;
    }

    void benignArticlesDoNotPullContainmentPlans()
    {
        QFETCH(QString, title);
        QFETCH(QString, description);
        QFETCH(QString, notThisPlan);
        const OfflineAnalyst analyst(m_kb);
        const TriageResult r = analyst.analyse(incident(title, description));
        QVERIFY2(r.plan.source != notThisPlan, qPrintable(r.plan.source + u": "_s + r.plan.summary));
        QVERIFY(!r.classification.mimRequired);
    }

private:
    // Floors a little under the figures of docs/triage.md, so that noise in
    // a rule does not fail the suite but a lost family of cases does.
    static constexpr double kDevMimFloor = 0.90;
    static constexpr double kDevCategoryFloor = 0.88;
    static constexpr double kDevEceCeiling = 0.12;

    KnowledgeBase m_kb;
};

QTEST_GUILESS_MAIN(TestAnalyst)
#include "tst_analyst.moc"
