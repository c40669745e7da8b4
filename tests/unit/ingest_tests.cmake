# Ingestion without a network: parsers, dedup/throttle/flap/correlation on a real SqliteStore.
warroom_add_test(tst_ingest SOURCES tst_ingest.cpp LIBS warroom_services LABEL unit)
