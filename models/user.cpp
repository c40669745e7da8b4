#include "user.h"

#include "jsonreader.h"

using namespace Qt::StringLiterals;

namespace warroom {

bool User::hasAnyRole(const QStringList &wanted) const
{
    for (const QString &role : wanted) {
        if (roles.contains(role))
            return true;
    }
    return false;
}

User User::system()
{
    return User {u"warroomd"_s, u"warroom coordinator"_s, {toString(Role::System)}};
}

QJsonObject User::toJson() const
{
    return {{u"name"_s, name}, {u"display_name"_s, displayName}, {u"roles"_s, QJsonArray::fromStringList(roles)}};
}

Expected<User> User::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"user"_s);
    User u;
    u.name = r.string("name"_L1, true, 200);
    u.displayName = r.string("display_name"_L1, false, 200);
    u.roles = r.stringList("roles"_L1, 10);
    for (const QString &role : std::as_const(u.roles)) {
        if (r.ok() && !roleFromString(role))
            r.fail("roles"_L1, u"has an unknown role \"%1\""_s.arg(role));
    }
    if (!r.ok())
        return r.error();
    return u;
}

} // namespace warroom
