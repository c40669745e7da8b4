# Optional embeddings: reciprocal rank fusion and the /v1/embeddings client
# against a loopback server speaking the real JSON shape.
warroom_add_test(tst_embeddings SOURCES tst_embeddings.cpp LIBS warroom_services LABEL unit)
# The offline analyst's rules and category signals over the shipped knowledge.
warroom_add_test(tst_analyst SOURCES tst_analyst.cpp LIBS warroom_services LABEL unit)
