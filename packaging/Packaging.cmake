# Install layout, the systemd unit, desktop integration and CPack's DEB
# generator: one package per component (coordinator, console).
configure_file(${CMAKE_CURRENT_LIST_DIR}/warroomd.service.in ${CMAKE_BINARY_DIR}/warroomd.service @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/warroomd.service DESTINATION lib/systemd/system COMPONENT coordinator)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/warroomd.yaml DESTINATION ${CMAKE_INSTALL_SYSCONFDIR}/warroom COMPONENT coordinator)
if(WARROOM_BUILD_GUI)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/org.warroom.Console.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT console)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/org.warroom.Console.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo COMPONENT console)
endif()

set(CPACK_PACKAGE_NAME "warroom")
set(CPACK_PACKAGE_VENDOR "warroom developers")
set(CPACK_PACKAGE_CONTACT "warroom developers <dev@warroom.local>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_GENERATOR "DEB")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_COORDINATOR_PACKAGE_NAME "warroomd")
set(CPACK_DEBIAN_COORDINATOR_PACKAGE_DEPENDS "ansible, bubblewrap")
set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME "warroom-console")
set(CPACK_COMPONENTS_ALL coordinator console)
include(CPack)
