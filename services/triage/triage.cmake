# Triage evaluation over labelled sets (accuracy, calibration, the fitted
# temperature), shared by triage_eval and the unit tests, and the rules'
# literal prefilter. Sources added to warroom_services.
target_sources(warroom_services PRIVATE
    triage/triageevaluation.h triage/triageevaluation.cpp
    triage/literalprefilter.h triage/literalprefilter.cpp
)
