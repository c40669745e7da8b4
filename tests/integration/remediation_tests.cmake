# Remediation drafts against real ansible-playbook, ansible-lint and git.
warroom_add_test(tst_remediation SOURCES tst_remediation.cpp LIBS warroom_services LABEL integration TIMEOUT 240)
