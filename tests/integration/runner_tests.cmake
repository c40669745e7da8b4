# The Ansible runner with the real ansible-playbook (and bwrap where it works).
warroom_add_test(tst_runner SOURCES tst_runner.cpp LIBS warroom_services LABEL integration TIMEOUT 300)
