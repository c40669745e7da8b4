warroom_add_test(tst_ctl SOURCES tst_ctl.cpp LIBS warroom_testsupport warroom_services LABEL integration TIMEOUT 420)
add_dependencies(tst_ctl warroomd warroomctl)
