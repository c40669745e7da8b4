# The sandboxed Ansible runner. Sources added to warroom_services.
target_sources(warroom_services PRIVATE
    execution/ansiblerunner.h execution/ansiblerunner.cpp
)
