#pragma once

#include <QString>
#include <QStringList>

namespace warroom {

/// Who is signed in, as the snapshot (or GET /api/v1/me) says: the console
/// offers an action only to the roles the coordinator allows it for. The
/// coordinator decides in the end; this only keeps people from clicking
/// what would be refused.
struct ConsoleUser
{
    QString name;
    QStringList roles;

    bool isKnown() const { return !name.isEmpty(); }
    bool hasAnyRole(const QStringList &wanted) const
    {
        for (const QString &role : wanted)
            if (roles.contains(role))
                return true;
        return false;
    }
};

} // namespace warroom
