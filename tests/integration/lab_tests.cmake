# The UAT lab and the whitelisted playbooks: real ansible-playbook (jsonl
# callback) against playbooks/lab in a temporary directory.  Needs python3
# and ansible-playbook (skips without them).
warroom_add_test(tst_lab SOURCES tst_lab.cpp LABEL integration TIMEOUT 600)
# ~45 ansible-playbook runs: on a loaded machine a scenario can take minutes
set_property(TEST tst_lab APPEND PROPERTY ENVIRONMENT "QTEST_FUNCTION_TIMEOUT=900000")
# Python playbooks and labd, no code of ours beyond the harness: not run again under ASan.
set_property(TEST tst_lab APPEND PROPERTY LABELS playbooks)
