# The LLM boundary: sources added to warroom_services.
