# Ingestion without a network: parsers, dedup/throttle/flap/correlation on a real SqliteStore;
# deferred answers and the webhooks' shared commit on loopback (tst_deferred).
warroom_add_test(tst_ingest SOURCES tst_ingest.cpp LIBS warroom_services LABEL unit)
warroom_add_test(tst_deferred SOURCES tst_deferred.cpp LIBS warroom_services LABEL unit)
