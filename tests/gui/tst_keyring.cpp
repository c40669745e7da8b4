// The token in a real OS keyring: QtKeychain through libsecret to a GNOME
// keyring in a private D-Bus session (with_keyring.sh starts both). Kept per
// server, read back, replaced, removed; the sign-in dialog fills the token
// for the server typed into it.

#include "signin.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

class TestKeyring : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
                 "run through with_keyring.sh under dbus-run-session");
        // Nothing kept yet, and the keyring answers (it is not "no keyring").
        const TokenStore::Result r = TokenStore::read(m_a);
        QVERIFY2(!r.noKeyring, qPrintable(r.error));
        QVERIFY(r.token.isEmpty());
    }

    void keptPerServerReadBackReplacedRemoved()
    {
        TokenStore::Result r = TokenStore::write(m_a, u"token-for-a"_s);
        QVERIFY2(r.ok, qPrintable(r.error));
        r = TokenStore::write(m_b, u"token-for-b"_s);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(TokenStore::read(m_a).token, u"token-for-a"_s);
        QCOMPARE(TokenStore::read(m_b).token, u"token-for-b"_s);
        // Another port is another coordinator.
        QVERIFY(TokenStore::read(QUrl(u"https://warroom.example:9443"_s)).token.isEmpty());
        // A new token replaces the old one.
        QVERIFY(TokenStore::write(m_a, u"rotated"_s).ok);
        QCOMPARE(TokenStore::read(m_a).token, u"rotated"_s);
        // Removed: gone for that server only.
        r = TokenStore::remove(m_a);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(TokenStore::read(m_a).token.isEmpty());
        QCOMPARE(TokenStore::read(m_b).token, u"token-for-b"_s);
    }

    void signInFillsTheTokenOfTheTypedServer()
    {
        QVERIFY(TokenStore::write(m_b, u"token-for-b"_s).ok);
        SignInDialog dialog(m_a);
        dialog.show();
        QSignalSpy looked(&dialog, &SignInDialog::keyringLookedUp);
        auto *server = dialog.findChild<QLineEdit *>(u"signInServer"_s);
        auto *token = dialog.findChild<QLineEdit *>(u"signInToken"_s);
        server->setFocus();
        server->selectAll();
        QTest::keyClicks(server, m_b.toString());
        QTest::keyClick(server, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(looked.size(), 1, 10000);
        QCOMPARE(looked.first().at(0).toUrl(), m_b);
        QVERIFY(looked.first().at(1).toBool());
        QVERIFY(dialog.tokenFromKeyring());
        QCOMPARE(token->text(), u"token-for-b"_s);
        QVERIFY(dialog.remember());
    }

private:
    const QUrl m_a {u"https://warroom.example"_s};
    const QUrl m_b {u"https://warroom-dr.example:8765"_s};
};

QTEST_MAIN(TestKeyring)
#include "tst_keyring.moc"
