# Postmortems, read-ins and status-update drafts from an incident's
# timeline; Markdown and a small PDF 1.4 writer. Sources added to warroom_services.
target_sources(warroom_services PRIVATE
    postmortem/pdfwriter.h postmortem/pdfwriter.cpp
    postmortem/postmortem.h postmortem/postmortem.cpp
)
