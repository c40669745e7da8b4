#pragma once

#include "config.h"
#include "result.h"
#include "user.h"

#include <QHash>

namespace warroom {

/// Maps bearer tokens to users. Only SHA-256 hashes of tokens are held.
class Authenticator
{
public:
    explicit Authenticator(const QList<ConfiguredUser> &users = {});

    void addUser(const ConfiguredUser &user);
    /// Resolves an `Authorization` header value ("Bearer TOKEN").
    Expected<User> authenticateHeader(const QByteArray &authorization) const;
    Expected<User> authenticateToken(const QString &token) const;
    qsizetype userCount() const { return m_byHash.size(); }

private:
    QHash<QString, User> m_byHash;
};

/// Creates the demo users alice (mim), bob (change-approver), carol
/// (responder), dave (viewer) and erin (change-approver). Their tokens are
/// kept in DATA_DIR/demo-tokens.json (mode 0600), reused across restarts.
Expected<QList<ConfiguredUser>> ensureDemoUsers(const QString &dataDir);

} // namespace warroom
