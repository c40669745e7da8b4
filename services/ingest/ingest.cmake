# Ingestion: webhook payload parsers, dedup/correlation/flap damping/throttle,
# the per-source rate limit, and the Redis stream consumer (hiredis).
find_package(PkgConfig REQUIRED)
pkg_check_modules(hiredis REQUIRED IMPORTED_TARGET hiredis)
target_sources(warroom_services PRIVATE
    ingest/ingestevent.h ingest/ingestevent.cpp
    ingest/ingestparsers.h ingest/ingestparsers.cpp
    ingest/ingestor.h ingest/ingestor.cpp
    ingest/ingestjournal.h ingest/ingestjournal.cpp
    ingest/ratelimiter.h ingest/ratelimiter.cpp
    ingest/ingestapi.h ingest/ingestapi.cpp
    ingest/redisurl.h ingest/redisurl.cpp
    ingest/redisconsumer.h ingest/redisconsumer.cpp
)
target_link_libraries(warroom_services PUBLIC PkgConfig::hiredis)
