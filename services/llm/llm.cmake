# The LLM boundary: redaction, the vendor clients behind a circuit breaker,
# and the analyst that checks every answer. Sources added to warroom_services.
target_sources(warroom_services PRIVATE
    llm/redactor.h llm/redactor.cpp
    llm/circuitbreaker.h llm/circuitbreaker.cpp
    llm/llmclient.h llm/llmclient.cpp
    llm/llmanalyst.h llm/llmanalyst.cpp
)
