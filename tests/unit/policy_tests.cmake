# The execution policy: strict loading, var schemas, pins, lint, warroomctl policy.
warroom_add_test(tst_policy SOURCES tst_policy.cpp LIBS warroom_services LABEL unit TIMEOUT 120)
add_dependencies(tst_policy warroomctl)
