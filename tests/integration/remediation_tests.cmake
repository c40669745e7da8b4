# Remediation drafts against real ansible-playbook, ansible-lint and git.
warroom_add_test(tst_remediation SOURCES tst_remediation.cpp LIBS warroom_services LABEL integration TIMEOUT 240)
# Incident command and the after-action end to end: the daemon, the lab,
# loopback Slack/Jira/SMTP/webhook servers, git.
warroom_add_test(tst_comms SOURCES tst_comms.cpp
    LIBS warroom_testsupport warroom_client warroom_services LABEL integration TIMEOUT 600)
add_dependencies(tst_comms warroomd)
