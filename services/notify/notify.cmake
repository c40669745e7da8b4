# Notifications: Slack, e-mail (SMTP + STARTTLS through libcurl), Jira, a
# generic webhook; retries, back-off and a breaker; Slack inbound
# verification and button parsing. Sources added to warroom_services.
find_package(CURL REQUIRED)
target_sources(warroom_services PRIVATE
    notify/notification.h notify/notification.cpp
    notify/notifier.h notify/notifier.cpp
    notify/httpchannels.h notify/httpchannels.cpp
    notify/smtpchannel.h notify/smtpchannel.cpp
    notify/slackinbound.h notify/slackinbound.cpp
    notify/notificationrouter.h notify/notificationrouter.cpp
    notify/slackactions.h notify/slackactions.cpp
)
target_link_libraries(warroom_services PRIVATE CURL::libcurl)
