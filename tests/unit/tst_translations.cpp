// Every string the console shows has a German translation: a new tr() that
// nobody translated fails here (run `cmake --build build --target
// update_translations`, then translate translations/warroom_de.ts).

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void complete_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("de") << u"warroom_de.ts"_s;
        QTest::newRow("en") << u"warroom_en.ts"_s;
    }

    void complete()
    {
        QFETCH(QString, file);
        QFile ts(QStringLiteral(WARROOM_SOURCE_DIR "/translations/") + file);
        QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
        const QString text = QString::fromUtf8(ts.readAll());
        const qsizetype messages = text.count(u"<message"_s);
        QVERIFY2(messages >= 60, "the .ts file lost its messages; run update_translations");
        if (file == "warroom_de.ts"_L1) {
            QCOMPARE(text.count(u"type=\"unfinished\""_s), 0);
            QCOMPARE(text.count(u"type=\"vanished\""_s) + text.count(u"type=\"obsolete\""_s), 0);
            // Placeholders survive translation.
            static const QRegularExpression kMessage(u"<source>(.*?)</source>.*?<translation>(.*?)</translation>"_s,
                                                     QRegularExpression::DotMatchesEverythingOption);
            static const QRegularExpression kArg(u"%(\\d|n)"_s);
            for (auto it = kMessage.globalMatch(text); it.hasNext();) {
                const auto m = it.next();
                for (auto a = kArg.globalMatch(m.captured(1)); a.hasNext();) {
                    const QString arg = a.next().captured(0);
                    QVERIFY2(m.captured(2).contains(arg), qPrintable(m.captured(1) + u" lost "_s + arg));
                }
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestTranslations)
#include "tst_translations.moc"
