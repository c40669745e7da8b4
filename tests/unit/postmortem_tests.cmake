# Postmortem, read-in and status drafts; the PDF writer.
warroom_add_test(tst_postmortem SOURCES tst_postmortem.cpp LIBS warroom_services LABEL unit TIMEOUT 60)
