#include "redisurl.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace warroom {

Expected<RedisAddress> RedisAddress::parse(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    RedisAddress a;
    auto bad = [&text](const QString &why) {
        return Error {ErrorCode::InvalidInput,
                      u"redis URL \"%1\" %2 (redis://HOST:PORT[/DB] or unix:///PATH)"_s.arg(text, why)};
    };
    if (!url.isValid())
        return bad(u"is not a URL"_s);
    if (url.scheme() == "unix"_L1) {
        a.socketPath = url.path();
        if (a.socketPath.isEmpty())
            return bad(u"names no socket path"_s);
        return a;
    }
    if (url.scheme() != "redis"_L1)
        return bad(u"has an unknown scheme"_s);
    a.host = url.host();
    if (a.host.isEmpty())
        return bad(u"names no host"_s);
    a.port = url.port(6379);
    if (a.port <= 0)
        return bad(u"has no usable port"_s);
    a.password = url.password(QUrl::FullyDecoded);
    const QString path = url.path().mid(1);
    if (!path.isEmpty()) {
        bool ok = false;
        a.db = path.toInt(&ok);
        if (!ok || a.db < 0)
            return bad(u"has a database that is not a number"_s);
    }
    return a;
}

QString RedisAddress::display() const
{
    if (!socketPath.isEmpty())
        return u"unix://"_s + socketPath;
    return u"redis://%1:%2/%3"_s.arg(host).arg(port).arg(db);
}

} // namespace warroom
