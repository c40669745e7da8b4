# Remediation drafting: playbooks from an incident's timeline (templates,
# offline), validation with ansible, a review queue, pinned whitelist
# entries on a runbook repository branch. Sources added to warroom_services.
target_sources(warroom_services PRIVATE
    remediation/remediationdraft.h remediation/remediationdraft.cpp
    remediation/runbookrepository.h remediation/runbookrepository.cpp
    remediation/reviewqueue.h remediation/reviewqueue.cpp
    remediation/remediationdesk.h remediation/remediationdesk.cpp
    remediation/llmdrafter.h remediation/llmdrafter.cpp
)
