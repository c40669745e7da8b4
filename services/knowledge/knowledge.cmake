# Optional embeddings for the knowledge base: an OpenAI-compatible
# /v1/embeddings client, in-memory document vectors and reciprocal rank
# fusion with BM25. Off by default. Sources added to warroom_services.
target_sources(warroom_services PRIVATE
    knowledge/embeddings.h knowledge/embeddings.cpp
)
