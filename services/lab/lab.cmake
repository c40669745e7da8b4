# The UAT lab's control script, wrapped for warroomctl lab and warroomd --demo.
target_sources(warroom_services PRIVATE lab/labcontrol.h lab/labcontrol.cpp)
target_include_directories(warroom_services PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/lab)
