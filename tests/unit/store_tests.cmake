warroom_add_test(tst_store SOURCES tst_store.cpp LIBS warroom_services Qt6::Sql LABEL unit)
warroom_add_test(tst_config SOURCES tst_config.cpp LIBS warroom_services LABEL unit)
warroom_add_test(tst_coordinator SOURCES tst_coordinator.cpp LIBS warroom_services LABEL unit)
