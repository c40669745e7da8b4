<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>QObject</name>
    <message>
        <source>the keyring did not answer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>warroom incident command console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coordinator URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File holding the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only wall display, full screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language (en, de).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the token file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a PNG of the window after a few seconds, then quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window size, e.g. 1600x900.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select this incident at start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this page: overview, plan, evidence, timeline, charts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token could not be kept in the system keyring (%1). It is used for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select this plan step at start (with --incident).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::AuditModel</name>
    <message>
        <source>hash %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::ChartsView</name>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents by category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence of the analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue depth (open incidents)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence distribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue depth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not analysed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>confidence %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to acknowledge, mitigate and resolve (minutes, median per day)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to acknowledge, mitigate and resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents by category: no incidents yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence of the analysis: nothing analysed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mitigate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n incident(s))</source>
        <translation>
            <numerusform>%1 (%n incident)</numerusform>
            <numerusform>%1 (%n incidents)</numerusform>
        </translation>
    </message>
    <message>
        <source>minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to acknowledge, mitigate and resolve: no incident has reached these yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n closed incident(s) without a resolve time from the coordinator are not counted</source>
        <translation>
            <numerusform>%n closed incident without a resolve time from the coordinator is not counted</numerusform>
            <numerusform>%n closed incidents without a resolve time from the coordinator are not counted</numerusform>
        </translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue depth: no incidents yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n closed incident(s) without a resolve time still count as open</source>
        <translation>
            <numerusform>%n closed incident without a resolve time still counts as open</numerusform>
            <numerusform>%n closed incidents without a resolve time still count as open</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warroom::EvidenceModel</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recheck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::IncidentDetail</name>
    <message>
        <source>Incident detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an incident to see its analysis and plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knowledge article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold to approve (1.5 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve the selected step: press and hold for 1.5 seconds, mouse or Space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press and hold (mouse or Space) for 1.5 s to approve. A short click does nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject the selected step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back the selected executed step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks of the runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output of the phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command, exit code and output of the selected task&apos;s phase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diff of the task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The diff of the selected task, when it changed something.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit chain verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit events of the incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load INC-%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Major incident declared by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not analysed yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Major-incident candidate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also considered:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No matching knowledge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Similar past incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No incident selected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No plan yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes systems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolls back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who may approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No longer valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry-run diff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High risk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This step needs %1 approvers: after you, a second approver is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A second approver is needed: %1 approved already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This step needs %1 approvers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You approved this step already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved; waiting to be started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending the approval of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You approved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approval of %1 refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why do you reject this step? (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rejection needs a reason; nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You rejected %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejection of %1 refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollback of %1 refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s): %1</source>
        <translation>
            <numerusform>%n run: %1</numerusform>
            <numerusform>%n runs: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#2e7d32&apos;&gt;%1 ok&lt;/span&gt; · &lt;span style=&apos;color:#b26a00&apos;&gt;%2 changed&lt;/span&gt; · &lt;span style=&apos;color:#b71c1c&apos;&gt;%3 failed&lt;/span&gt; · %4 skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>phase %1 · exit code %2 · %3 · playbook sha256 %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no diff)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the audit events: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not verify the audit chain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Audit chain verified: %1 records intact, head %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ Audit chain BROKEN at record %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The matched knowledge and similar incidents show here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matched knowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click an entry to read it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>← All matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selection changed while you held the gate; nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 changed while you held the gate; nothing was sent. Review it and hold again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The step changed while you held the gate; nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approval of %1 refused: the step changed since you reviewed it (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why must this change be rolled back? (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rollback needs a reason; nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollback of %1 requested: its own step now waits for approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading INC-%1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finding (the probe failed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output of “%1” on %2:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::IncidentQueueModel</name>
    <message>
        <source>%1 s</source>
        <comment>age in seconds</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <comment>age in minutes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <comment>age</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <comment>age</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>untriaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>triaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>awaiting approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>executing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rolled back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAJOR</source>
        <comment>declared major incident</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>major?</source>
        <comment>major-incident candidate awaiting a decision</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::MainWindow</name>
    <message>
        <source>Not signed in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warroom — wall display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warroom — incident command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New incident…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze execution…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected from the coordinator — the data shown is stale. Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the queue: ID, service, status, title…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>○ Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Server %1 — signed in as %2 — %n incident(s)</source>
        <translation>
            <numerusform>Server %1 — signed in as %2 — %n incident</numerusform>
            <numerusform>Server %1 — signed in as %2 — %n incidents</numerusform>
        </translation>
    </message>
    <message>
        <source>EXECUTION FROZEN by %1 since %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lift freeze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lift the freeze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze execution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why may execution resume?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why must all execution stop?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A freeze needs a reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to a coordinator with another token or server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The coordinator refused the token (%1) — the data shown is stale. Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: sign in with a valid token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token could not be kept in the system keyring (%1); it is used for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is broken, in one line (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submitted %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::PlanStepsModel</name>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ %1</source>
        <comment>approved by these people</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>needs %n approver(s)</source>
        <translation>
            <numerusform>needs %n approver</numerusform>
            <numerusform>needs %n approvers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n more needed</source>
        <comment>names of those who approved, then how many more approvals</comment>
        <translation>
            <numerusform>%1 · %n more needed</numerusform>
            <numerusform>%1 · %n more needed</numerusform>
        </translation>
    </message>
    <message>
        <source>diagnose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remediate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rollback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>communicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>manual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who may approve: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::SignInDialog</name>
    <message>
        <source>Sign in to warroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coordinator URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remember the token in the system keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Coordinator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The coordinator URL must be http:// or https:// with a host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A token is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keyring is available (%1). The token is kept in memory for this session only and you will be asked again next time. For kiosks use --token-file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token kept for %1 in the system keyring is filled in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no keyring answered</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::WallView</name>
    <message>
        <source>Active major incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No active major incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SEV ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  (candidate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elapsed %1:%2:%3 · %4 · %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No step running or waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current step: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n step(s) pending</source>
        <translation>
            <numerusform>%n step pending</numerusform>
            <numerusform>%n steps pending</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No approvals pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n approval(s) pending</source>
        <translation>
            <numerusform>%n approval pending</numerusform>
            <numerusform>%n approvals pending</numerusform>
        </translation>
    </message>
    <message>
        <source>SEV %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
