// Audit verify time for 1,000,000 events (target <= 5 s on 2 cores).

#include "sqlitestore.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

class BenchAuditVerify : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verifyMillionEvents()
    {
        const bool smoke = qEnvironmentVariableIsSet("WARROOM_BENCH_SMOKE");
        const int total = smoke ? 50'000 : 1'000'000;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SqliteStore store(dir.filePath(u"bench.db"_s));
        QVERIFY(store.open().ok());

        QElapsedTimer fill;
        fill.start();
        const int batch = 20'000;
        for (int done = 0; done < total; done += batch) {
            QList<AuditDraft> events;
            const int count = std::min(batch, total - done);
            events.reserve(count);
            for (int i = 0; i < count; ++i) {
                const int n = done + i;
                events.append(AuditDraft {u"bench"_s,
                                          1 + n % 5000,
                                          u"step.approved"_s,
                                          {{u"step"_s, u"s%1"_s.arg(n % 7)},
                                           {u"comment"_s, u"approved after review of the dry-run diff"_s},
                                           {u"n"_s, n}}});
            }
            QVERIFY(store.appendAuditBatch(events).ok());
        }
        const double fillSeconds = fill.elapsed() / 1000.0;

        QElapsedTimer timer;
        timer.start();
        Expected<AuditVerification> v = store.verifyAudit();
        const double seconds = timer.nsecsElapsed() / 1e9;
        QVERIFY(v.hasValue());
        QVERIFY(v->intact);
        QCOMPARE(v->records, qint64(total));
        std::printf("BENCH audit_verify events=%d fill_s=%.2f verify_s=%.3f events_per_s=%.0f target_s=5.0%s\n", total,
                    fillSeconds, seconds, total / seconds, smoke ? " (smoke size)" : "");
    }
};

QTEST_GUILESS_MAIN(BenchAuditVerify)
#include "bench_audit_verify.moc"
