#pragma once

#include "result.h"

#include <QString>

namespace warroom {

/// Where Redis is: redis://[:PASSWORD@]HOST:PORT[/DB] or unix:///PATH.
struct RedisAddress
{
    QString host;
    int port = 6379;
    QString socketPath; ///< set for unix://
    QString password;
    int db = 0;

    static Expected<RedisAddress> parse(const QString &url);
    QString display() const; ///< without the password
};

/// Stream and group names shared by the daemon and warroomctl.
inline constexpr char kIncidentStream[] = "warroom:incidents";
inline constexpr char kDeadLetterStream[] = "warroom:incidents:dead";
inline constexpr char kConsumerGroup[] = "warroomd";

} // namespace warroom
