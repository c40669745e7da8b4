# Ingestion end to end: real warroomd, redis-server, prometheus-alertmanager, warroomctl.
add_library(warroom_ingest_testsupport STATIC ingestprocesses.h ingestprocesses.cpp)
target_include_directories(warroom_ingest_testsupport PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(warroom_ingest_testsupport PUBLIC Qt6::Core Qt6::Network Qt6::Test PRIVATE warroom_flags)
warroom_add_test(tst_ingest_e2e SOURCES tst_ingest.cpp
    LIBS warroom_testsupport warroom_ingest_testsupport Qt6::Sql LABEL integration TIMEOUT 180)
add_dependencies(tst_ingest_e2e warroomd warroomctl)
