// Bearer authentication and the demo users: tokens are held only as
// hashes, the demo token file is private and stable across restarts.

#include "authenticator.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

class TestAuth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void header_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("bearer") << QByteArray("Bearer s3cret-token") << true;
        QTest::newRow("lower-case scheme") << QByteArray("bearer s3cret-token") << true;
        QTest::newRow("extra spaces") << QByteArray("Bearer   s3cret-token  ") << true;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("no token") << QByteArray("Bearer ") << false;
        QTest::newRow("basic") << QByteArray("Basic czNjcmV0LXRva2Vu") << false;
        QTest::newRow("wrong token") << QByteArray("Bearer s3cret-tokem") << false;
        QTest::newRow("the hash itself") << ("Bearer " + hashToken(u"s3cret-token"_s).toLatin1()) << false;
        QTest::newRow("token only") << QByteArray("s3cret-token") << false;
    }

    void header()
    {
        QFETCH(QByteArray, header);
        QFETCH(bool, accepted);
        Authenticator auth({{User {u"alice"_s, u"Alice"_s, {u"mim"_s}}, hashToken(u"s3cret-token"_s)}});
        const Expected<User> user = auth.authenticateHeader(header);
        QCOMPARE(user.hasValue(), accepted);
        if (accepted)
            QCOMPARE(user->name, u"alice"_s);
        else
            QCOMPARE(user.error().code, ErrorCode::Unauthorized);
    }

    void demoUsersArePrivateAndStable()
    {
        QTemporaryDir dir;
        const Expected<QList<ConfiguredUser>> first = ensureDemoUsers(dir.path());
        QVERIFY(first);
        QStringList names;
        for (const ConfiguredUser &u : *first)
            names.append(u.user.name + u':' + u.user.roles.join(u','));
        QCOMPARE(names,
                 (QStringList {u"alice:mim"_s, u"bob:change-approver"_s, u"carol:responder"_s, u"dave:viewer"_s,
                               u"erin:change-approver"_s}));
        QFile file(dir.filePath(u"demo-tokens.json"_s));
        QCOMPARE(
            file.permissions()
                & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
            QFileDevice::Permissions());
        QVERIFY(file.permissions() & QFileDevice::ReadOwner);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject tokens = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        // The file holds tokens; the users hold only their hashes.
        Authenticator auth(*first);
        for (const ConfiguredUser &u : *first) {
            const QString token = tokens.value(u.user.name).toString();
            QVERIFY(token.size() >= 40);
            QCOMPARE(u.tokenSha256, hashToken(token));
            QVERIFY(u.tokenSha256 != token);
            QCOMPARE(auth.authenticateToken(token)->name, u.user.name);
        }
        // A restart keeps the tokens (a console signed in stays signed in).
        const Expected<QList<ConfiguredUser>> second = ensureDemoUsers(dir.path());
        QVERIFY(second);
        for (qsizetype i = 0; i < first->size(); ++i)
            QCOMPARE(second->at(i).tokenSha256, first->at(i).tokenSha256);
    }

    void damagedTokenFileIsRepaired()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(u"demo-tokens.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"alice": "short", "bob": 42})");
        file.close();
        QFile::setPermissions(file.fileName(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        const Expected<QList<ConfiguredUser>> users = ensureDemoUsers(dir.path());
        QVERIFY(users);
        QVERIFY(users->first().tokenSha256 != hashToken(u"short"_s)); // a weak token is replaced
        QVERIFY(!(QFile(file.fileName()).permissions() & QFileDevice::ReadOther));
    }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
