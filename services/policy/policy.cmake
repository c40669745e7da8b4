# The execution policy: strict loading, variable schemas, pins, and the lint
# behind `warroomctl policy lint`. Sources added to warroom_services.
target_sources(warroom_services PRIVATE
    policy/policylint.h policy/policylint.cpp
)
