// The offline analyst over the shipped knowledge: the taxonomy's MIM rules
// (negation-aware), the category from retrieval, phrases and the vendor
// catalog, reasons with their sources, and a confidence that means something.
// Texts written for this test, not taken from the evaluation set.

#include "knowledgebase.h"
#include "offlineanalyst.h"

#include <QTest>

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

private:
    KnowledgeBase m_kb;
};

QTEST_GUILESS_MAIN(TestAnalyst)
#include "tst_analyst.moc"
