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
    <name>TaskAlert</name>
    <message>
        <source>escalated at %1 (no commander named)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>escalated to %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · due %2</source>
        <comment>owner, due time</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no owner</source>
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
        <source>The token could not be kept in the system keyring (%1). It is used for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select this plan step at start (with --incident).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this page: overview, plan, evidence, timeline, readin, comms, postmortem, charts, remediation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --tab comms: draft a status update for this audience at start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown page &quot;%1&quot; for --tab (one of: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown audience &quot;%1&quot; for --draft (one of: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--incident takes an incident id (42 or INC-42), not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--size takes WIDTHxHEIGHT of at least 200x200, e.g. 1600x900, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No translation for &quot;%1&quot; (en, de): English is shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INC-%1 is not in the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the incident has no step %1</source>
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
    <message>
        <source>Time to acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to mitigate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response times unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no SEV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>median (p50)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p90</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: nothing measured yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per severity and category (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more severity and category pair(s) not shown.</source>
        <translation>
            <numerusform>%n more severity and category pair not shown.</numerusform>
            <numerusform>%n more severity and category pairs not shown.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n drill(s) left out.</source>
        <translation>
            <numerusform>%n drill left out.</numerusform>
            <numerusform>%n drills left out.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dark bar: the median (p50), half of the incidents were faster; light bar: p90, nine in ten were.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n=%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::CommandPanel</name>
    <message>
        <source>after %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after %1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after %1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident commander</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comms lead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scribe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mitigated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commander</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks that need the commander</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declare severity…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign roles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mitigated…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no commander</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>declared by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>triage proposed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as triage proposed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not declared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) need the commander:</source>
        <translation>
            <numerusform>%n task needs the commander:</numerusform>
            <numerusform>%n tasks need the commander:</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs the %1 role (you have: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged by %1 already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say that you have %1: the time to acknowledge stops now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declare the severity of %1 (triage proposes; a person decides).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the commander, comms lead and scribe of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mitigated already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say that the impact of %1 is mitigated, and how.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You acknowledged %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declare the severity of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Triage proposed %1. A different severity needs a reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Triage has not proposed a severity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>critical: a core service is down for many</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>major: serious degradation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minor: limited impact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low: cosmetic or a single user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why (required when it differs from the proposal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2 already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why %1 and not %2 as triage proposed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You declared %1 %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident command of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User names as the coordinator knows them. The commander must hold the mim role; an empty field clears that role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command roles of %1 changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: impact mitigated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What stopped the impact for users? (required; it goes on the timeline and into the postmortem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark mitigated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is marked mitigated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is over without an acknowledgement; nothing to acknowledge now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> or </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::CommsPane</name>
    <message>
        <source>New status update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Audience:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything technical, for the people working the incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impact, status, risk and time to recovery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chronological facts, decisions and the evidence kept; no internal staffing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Draft from timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill the text from the incident&apos;s timeline for this audience; edit it before you publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text of the status update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft from the timeline, or write the update here. Nothing is sent until you publish and confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ublish…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ublish to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published updates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published status updates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected published update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No update published yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published by a mim, the commander (%1) or the comms lead (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are neither: the coordinator will refuse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · to %2 · by %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace your text?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new draft replaces what you wrote. Replace it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drafting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drafted for %1 from the timeline: check it and fill in what is marked [fill in] before you publish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No draft: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text still has [fill in] in it: fill it in first; nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish the status update?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish this update on %1 to %2 now? It goes out on their channels and is kept on the record; it cannot be taken back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not published: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::CorrectiveActionsModel</name>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due date (YYYY-MM-DD); double-click to pick one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrective action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action %1 needs a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action %1 needs an owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action %1 needs a due date.</source>
        <translation type="unfinished"></translation>
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
    <message>
        <source>&amp;Read-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Comms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Po&amp;stmortem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block task…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block or unblock the selected task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nobody named</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unblock task…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a person&apos;s open task (a manual or communicate step) can be blocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocking a task is for its owner, a responder or a mim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The task can go on again: lift the block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The task cannot go on: say why; the commander is told at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unblock task %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block task %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What changed, so that it can go on? (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is the task waiting for? (required; the commander is told)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocking a task needs a reason; nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task %1 can go on again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task %1 is blocked; the commander is told.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused for task %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (its own step, with its own approvals, once this one has run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approving or rejecting this step is for %1 (you have: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requesting a rollback is for a mim or a responder (you have: %1).</source>
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
    <message numerus="yes">
        <source>%n blocked</source>
        <comment>tasks</comment>
        <translation>
            <numerusform>%n blocked</numerusform>
            <numerusform>%n blocked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <comment>tasks</comment>
        <translation>
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message>
        <source>People&apos;s tasks that are blocked or past their due time: the commander is told. Open the incident&apos;s plan to see them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
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
    <message>
        <source>Re&amp;mediation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The review queue of automation drafted from resolved incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs the %1 role (you have: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> or </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an incident by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lift the freeze: playbooks may run again once approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop every playbook from starting, here and everywhere</source>
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
    <message>
        <source>This task needs the incident commander: it is blocked or past its due time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::PostmortemPane</name>
    <message>
        <source>Postmortem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated from the timeline (events, decisions, approvals, evidence) with the notes below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Mar&amp;kdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export P&amp;DF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who was affected, how, for how long (left empty, the timeline&apos;s summary is used)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why did it happen?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>And why was that?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cause in the system, not a person (blameless wording)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrective actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sa&amp;ve notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved by %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No notes yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 saved notes meanwhile; saving yours replaces them (Discard changes shows theirs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the postmortem as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the postmortem as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting what is saved; your unsaved notes are not in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1 (%2 KB).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::ReadInPane</name>
    <message>
        <source>Copy as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies the read-in as Markdown, to paste into a chat or a ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an incident: what happened, what was decided, what is running and who owns what show here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the read-in of INC-%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-in for INC-%1 as of %2 — it follows the incident live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was decided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing decided yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is running, waiting, blocked or overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is running or waiting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who owns what</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody owns anything yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not copy the read-in of INC-%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The read-in of INC-%1 is on the clipboard as Markdown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has run yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::RemediationDraftsModel</name>
    <message>
        <source>running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) remove, stop, restart or run destructive commands: review them before approving.</source>
        <translation>
            <numerusform>%n task removes, stops, restarts or runs destructive commands: review it before approving.</numerusform>
            <numerusform>%n tasks remove, stop, restart or run destructive commands: review them before approving.</numerusform>
        </translation>
    </message>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destructive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asked for by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drafted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warroom::RemediationView</name>
    <message>
        <source>Remediation review queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automation drafted from resolved incidents. A draft enters the whitelist only when a second person approves it after a passed validation; it then becomes a branch of the runbook repository, never applied or merged by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remediation drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The draft&apos;s validation and tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold to approve (1.5 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve the selected draft into the runbook repository: press and hold for 1.5 seconds, mouse or Space</source>
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
        <source>The drafted playbook (read-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The drafted playbook of the selected draft, as it would be committed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the drafts: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No drafts to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the draft…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From %1, asked for by %2; %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n destructive task(s), marked (DESTRUCTIVE) in the playbook: review them before approving.</source>
        <translation>
            <numerusform>%n destructive task, marked (DESTRUCTIVE) in the playbook: review it before approving.</numerusform>
            <numerusform>%n destructive tasks, marked (DESTRUCTIVE) in the playbook: review them before approving.</numerusform>
        </translation>
    </message>
    <message>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not run</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n changed</source>
        <translation>
            <numerusform>%n changed</numerusform>
            <numerusform>%n changed</numerusform>
        </translation>
    </message>
    <message>
        <source>syntax check (ansible-playbook --syntax-check)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ansible-lint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ansible-lint (not installed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first check run against the scratch lab: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>apply against the scratch lab: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>second check (must change nothing): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syntax check, lint and the double dry run against a scratch lab are running; this updates by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left for a person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 by %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Committed on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decided already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewing a draft needs the change-approver or mim role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You asked for this draft: another person must review it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validation is still running; approval waits for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validation failed: a draft is approved only after it passed. Reject it, or fix the cause and draft again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The draft changed while you held the gate; nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending the approval of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reviewed in the console (sha256 %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You approved %1: committed on %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approval of %1 refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject draft %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why do you reject this draft? (required)</source>
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
    <name>warroom::StatusUpdatesModel</name>
    <message>
        <source>Internal responders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Executives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regulators and customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update</source>
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
    <message>
        <source>No incident commander yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commander: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commander: %1 · Comms: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) blocked</source>
        <translation>
            <numerusform>%n task blocked</numerusform>
            <numerusform>%n tasks blocked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) overdue</source>
        <translation>
            <numerusform>%n task overdue</numerusform>
            <numerusform>%n tasks overdue</numerusform>
        </translation>
    </message>
</context>
</TS>
