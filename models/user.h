#pragma once

#include "enums.h"
#include "result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace warroom {

/// A person (or the coordinator itself) acting on the system.
struct User
{
    QString name;
    QString displayName;
    QStringList roles; ///< role names, see userRoleNames()

    bool hasRole(Role role) const { return roles.contains(toString(role)); }
    bool hasAnyRole(const QStringList &wanted) const;

    /// The coordinator acting on its own behalf (triage, executor).
    static User system();

    QJsonObject toJson() const;
    static Expected<User> fromJson(const QJsonObject &json);
    bool operator==(const User &) const = default;
};

} // namespace warroom
