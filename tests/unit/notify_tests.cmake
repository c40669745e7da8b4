# Notifications against loopback Slack, Jira, webhook and SMTP (STARTTLS) servers.
warroom_add_test(tst_notify SOURCES tst_notify.cpp LIBS warroom_services LABEL unit TIMEOUT 120)
