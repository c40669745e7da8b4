# The runner's wall time against plain ansible-playbook (target ratio <= 1.10).
warroom_add_test(bench_runner SOURCES bench_runner.cpp LIBS warroom_services LABEL bench TIMEOUT 600)
