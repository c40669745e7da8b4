#include "authenticator.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace warroom {

Authenticator::Authenticator(const QList<ConfiguredUser> &users)
{
    for (const ConfiguredUser &u : users)
        addUser(u);
}

void Authenticator::addUser(const ConfiguredUser &user)
{
    m_byHash.insert(user.tokenSha256, user.user);
}

Expected<User> Authenticator::authenticateHeader(const QByteArray &authorization) const
{
    if (authorization.isEmpty())
        return Error {ErrorCode::Unauthorized, u"authentication required: send Authorization: Bearer TOKEN"_s};
    const QByteArray prefix = "bearer ";
    if (authorization.size() <= prefix.size() || authorization.left(prefix.size()).toLower() != prefix)
        return Error {ErrorCode::Unauthorized, u"the Authorization header must be \"Bearer TOKEN\""_s};
    return authenticateToken(QString::fromLatin1(authorization.mid(prefix.size()).trimmed()));
}

Expected<User> Authenticator::authenticateToken(const QString &token) const
{
    if (token.isEmpty())
        return Error {ErrorCode::Unauthorized, u"authentication required"_s};
    const auto it = m_byHash.constFind(hashToken(token));
    if (it == m_byHash.constEnd())
        return Error {ErrorCode::Unauthorized, u"the token is not valid"_s};
    return *it;
}

Expected<QList<ConfiguredUser>> ensureDemoUsers(const QString &dataDir)
{
    struct Demo
    {
        QString name;
        QString display;
        QString role;
    };
    const QList<Demo> demo {{u"alice"_s, u"Alice (Major Incident Manager)"_s, u"mim"_s},
                            {u"bob"_s, u"Bob (Change Approver)"_s, u"change-approver"_s},
                            {u"carol"_s, u"Carol (Responder)"_s, u"responder"_s},
                            {u"dave"_s, u"Dave (Viewer)"_s, u"viewer"_s},
                            {u"erin"_s, u"Erin (Change Approver)"_s, u"change-approver"_s}};
    const QString path = QDir(dataDir).filePath(u"demo-tokens.json"_s);
    QJsonObject tokens;
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly))
        tokens = QJsonDocument::fromJson(existing.readAll()).object();
    existing.close();
    bool changed = false;
    for (const Demo &d : demo) {
        if (!tokens.value(d.name).isString() || tokens.value(d.name).toString().size() < 32) {
            tokens.insert(d.name, generateToken());
            changed = true;
        }
    }
    if (changed || !QFile::exists(path)) {
        QSaveFile out(path);
        if (!out.open(QIODevice::WriteOnly))
            return Error {ErrorCode::Internal, u"cannot write %1: %2"_s.arg(path, out.errorString())};
        out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        out.write(QJsonDocument(tokens).toJson(QJsonDocument::Indented));
        if (!out.commit())
            return Error {ErrorCode::Internal, u"cannot write %1: %2"_s.arg(path, out.errorString())};
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QList<ConfiguredUser> users;
    for (const Demo &d : demo)
        users.append({User {d.name, d.display, {d.role}}, hashToken(tokens.value(d.name).toString()),
                      d.name + u"@example.com"_s, QString()});
    return users;
}

} // namespace warroom
