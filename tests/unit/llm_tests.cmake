# The LLM boundary against loopback servers speaking each vendor's wire format.
warroom_add_test(tst_llm SOURCES tst_llm.cpp LIBS warroom_services LABEL unit)
