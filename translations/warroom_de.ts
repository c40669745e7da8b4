<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>the keyring did not answer</source>
        <translation>der Schlüsselbund hat nicht geantwortet</translation>
    </message>
</context>
<context>
    <name>TaskAlert</name>
    <message>
        <source>escalated at %1 (no commander named)</source>
        <translation>um %1 eskaliert (kein Incident Commander benannt)</translation>
    </message>
    <message>
        <source>escalated to %1 at %2</source>
        <translation>an %1 eskaliert um %2</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Blockiert</translation>
    </message>
    <message>
        <source>Blocked: %1</source>
        <translation>Blockiert: %1</translation>
    </message>
    <message>
        <source>Overdue since %1</source>
        <translation>Überfällig seit %1</translation>
    </message>
    <message>
        <source>%1 · due %2</source>
        <comment>owner, due time</comment>
        <translation>%1 · fällig %2</translation>
    </message>
    <message>
        <source>no owner</source>
        <translation>niemand zuständig</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>warroom incident command console</source>
        <translation>warroom – Incident-Command-Konsole</translation>
    </message>
    <message>
        <source>Coordinator URL.</source>
        <translation>URL des Koordinators.</translation>
    </message>
    <message>
        <source>File holding the token.</source>
        <translation>Datei mit dem Token.</translation>
    </message>
    <message>
        <source>Read-only wall display, full screen.</source>
        <translation>Schreibgeschützte Wandanzeige im Vollbild.</translation>
    </message>
    <message>
        <source>Language (en, de).</source>
        <translation>Sprache (en, de).</translation>
    </message>
    <message>
        <source>warroom</source>
        <translation>warroom</translation>
    </message>
    <message>
        <source>Cannot read the token file %1: %2</source>
        <translation>Token-Datei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Save a PNG of the window after a few seconds, then quit.</source>
        <translation>Nach einigen Sekunden ein PNG des Fensters speichern und beenden.</translation>
    </message>
    <message>
        <source>Window size, e.g. 1600x900.</source>
        <translation>Fenstergröße, z. B. 1600x900.</translation>
    </message>
    <message>
        <source>Select this incident at start.</source>
        <translation>Diesen Incident beim Start auswählen.</translation>
    </message>
    <message>
        <source>The token could not be kept in the system keyring (%1). It is used for this session only.</source>
        <translation>Das Token konnte nicht im Schlüsselbund des Systems gespeichert werden (%1). Es gilt nur für diese Sitzung.</translation>
    </message>
    <message>
        <source>Select this plan step at start (with --incident).</source>
        <translation>Diesen Planschritt beim Start auswählen (mit --incident).</translation>
    </message>
    <message>
        <source>Open this page: overview, plan, evidence, timeline, readin, comms, postmortem, charts, remediation.</source>
        <translation>Diese Seite öffnen: overview, plan, evidence, timeline, readin, comms, postmortem, charts, remediation.</translation>
    </message>
    <message>
        <source>With --tab comms: draft a status update for this audience at start.</source>
        <translation>Mit --tab comms: beim Start eine Statusmeldung für diese Zielgruppe entwerfen.</translation>
    </message>
    <message>
        <source>Unknown page &quot;%1&quot; for --tab (one of: %2).</source>
        <translation>Unbekannte Seite &quot;%1&quot; für --tab (eine von: %2).</translation>
    </message>
    <message>
        <source>Unknown audience &quot;%1&quot; for --draft (one of: %2).</source>
        <translation>Unbekannte Zielgruppe &quot;%1&quot; für --draft (eine von: %2).</translation>
    </message>
    <message>
        <source>--incident takes an incident id (42 or INC-42), not &quot;%1&quot;.</source>
        <translation>--incident erwartet eine Incident-ID (42 oder INC-42), nicht &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>--size takes WIDTHxHEIGHT of at least 200x200, e.g. 1600x900, not &quot;%1&quot;.</source>
        <translation>--size erwartet BREITExHÖHE von mindestens 200x200, z. B. 1600x900, nicht &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>No translation for &quot;%1&quot; (en, de): English is shown.</source>
        <translation>Keine Übersetzung für &quot;%1&quot; (en, de): Englisch wird angezeigt.</translation>
    </message>
    <message>
        <source>INC-%1 is not in the queue</source>
        <translation>INC-%1 ist nicht in der Warteschlange</translation>
    </message>
    <message>
        <source>the incident has no step %1</source>
        <translation>der Vorfall hat keinen Schritt %1</translation>
    </message>
</context>
<context>
    <name>warroom::AuditModel</name>
    <message>
        <source>hash %1</source>
        <translation>Hash %1</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
</context>
<context>
    <name>warroom::ChartsView</name>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Incidents by category</source>
        <translation>Incidents nach Kategorie</translation>
    </message>
    <message>
        <source>Confidence of the analysis</source>
        <translation>Konfidenz der Analyse</translation>
    </message>
    <message>
        <source>Queue depth (open incidents)</source>
        <translation>Warteschlangentiefe (offene Incidents)</translation>
    </message>
    <message>
        <source>Confidence distribution</source>
        <translation>Verteilung der Konfidenz</translation>
    </message>
    <message>
        <source>Queue depth</source>
        <translation>Warteschlangentiefe</translation>
    </message>
    <message>
        <source>not analysed</source>
        <translation>nicht analysiert</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>confidence %</source>
        <translation>Konfidenz %</translation>
    </message>
    <message>
        <source>open incidents</source>
        <translation>offene Incidents</translation>
    </message>
    <message>
        <source>Time to acknowledge, mitigate and resolve (minutes, median per day)</source>
        <translation>Zeit bis Bestätigung, Eindämmung und Lösung (Minuten, Median pro Tag)</translation>
    </message>
    <message>
        <source>Time to acknowledge, mitigate and resolve</source>
        <translation>Zeit bis Bestätigung, Eindämmung und Lösung</translation>
    </message>
    <message>
        <source>Incidents by category: no incidents yet</source>
        <translation>Incidents nach Kategorie: noch keine Incidents</translation>
    </message>
    <message>
        <source>incidents</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>Confidence of the analysis: nothing analysed yet</source>
        <translation>Konfidenz der Analyse: noch nichts analysiert</translation>
    </message>
    <message>
        <source>acknowledge</source>
        <translation>Bestätigung</translation>
    </message>
    <message>
        <source>mitigate</source>
        <translation>Eindämmung</translation>
    </message>
    <message>
        <source>resolve</source>
        <translation>Lösung</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n incident(s))</source>
        <translation>
            <numerusform>%1 (%n Incident)</numerusform>
            <numerusform>%1 (%n Incidents)</numerusform>
        </translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>Time to acknowledge, mitigate and resolve: no incident has reached these yet</source>
        <translation>Zeit bis Bestätigung, Eindämmung und Lösung: noch kein Incident hat diese Punkte erreicht</translation>
    </message>
    <message numerus="yes">
        <source>%n closed incident(s) without a resolve time from the coordinator are not counted</source>
        <translation>
            <numerusform>%n abgeschlossener Incident ohne Lösungszeit vom Koordinator wird nicht gezählt</numerusform>
            <numerusform>%n abgeschlossene Incidents ohne Lösungszeit vom Koordinator werden nicht gezählt</numerusform>
        </translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>Queue depth: no incidents yet</source>
        <translation>Warteschlangentiefe: noch keine Incidents</translation>
    </message>
    <message numerus="yes">
        <source>%n closed incident(s) without a resolve time still count as open</source>
        <translation>
            <numerusform>%n abgeschlossener Incident ohne Lösungszeit zählt weiter als offen</numerusform>
            <numerusform>%n abgeschlossene Incidents ohne Lösungszeit zählen weiter als offen</numerusform>
        </translation>
    </message>
    <message>
        <source>Time to acknowledge</source>
        <translation>Zeit bis zur Bestätigung</translation>
    </message>
    <message>
        <source>Time to mitigate</source>
        <translation>Zeit bis zur Eindämmung</translation>
    </message>
    <message>
        <source>Time to resolve</source>
        <translation>Zeit bis zur Lösung</translation>
    </message>
    <message>
        <source>Response times unavailable: %1</source>
        <translation>Reaktionszeiten nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>no SEV</source>
        <translation>ohne SEV</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <source>median (p50)</source>
        <translation>Median (p50)</translation>
    </message>
    <message>
        <source>p90</source>
        <translation>p90</translation>
    </message>
    <message>
        <source>%1: nothing measured yet</source>
        <translation>%1: noch nichts gemessen</translation>
    </message>
    <message>
        <source>%1 per severity and category (%2)</source>
        <translation>%1 nach Schweregrad und Kategorie (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n more severity and category pair(s) not shown.</source>
        <translation>
            <numerusform>%n weiteres Paar aus Schweregrad und Kategorie nicht gezeigt.</numerusform>
            <numerusform>%n weitere Paare aus Schweregrad und Kategorie nicht gezeigt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n drill(s) left out.</source>
        <translation>
            <numerusform>%n Übung nicht mitgezählt.</numerusform>
            <numerusform>%n Übungen nicht mitgezählt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dark bar: the median (p50), half of the incidents were faster; light bar: p90, nine in ten were.</source>
        <translation>Dunkler Balken: der Median (p50), die Hälfte der Incidents war schneller; heller Balken: p90, neun von zehn waren es.</translation>
    </message>
    <message>
        <source>n=%1</source>
        <translation>n=%1</translation>
    </message>
</context>
<context>
    <name>warroom::CommandPanel</name>
    <message>
        <source>after %1 s</source>
        <translation>nach %1 s</translation>
    </message>
    <message>
        <source>after %1 min</source>
        <translation>nach %1 min</translation>
    </message>
    <message>
        <source>after %1 h %2 min</source>
        <translation>nach %1 h %2 min</translation>
    </message>
    <message>
        <source>Incident command</source>
        <translation>Incident Command</translation>
    </message>
    <message>
        <source>Incident commander</source>
        <translation>Incident Commander</translation>
    </message>
    <message>
        <source>Comms lead</source>
        <translation>Kommunikation</translation>
    </message>
    <message>
        <source>Scribe</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Mitigated</source>
        <translation>Eingedämmt</translation>
    </message>
    <message>
        <source>Commander</source>
        <translation>Commander</translation>
    </message>
    <message>
        <source>Tasks that need the commander</source>
        <translation>Aufgaben, die den Commander brauchen</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Declare severity…</source>
        <translation>Schweregrad festlegen…</translation>
    </message>
    <message>
        <source>Assign roles…</source>
        <translation>Rollen vergeben…</translation>
    </message>
    <message>
        <source>Mitigated…</source>
        <translation>Eingedämmt…</translation>
    </message>
    <message>
        <source>no commander</source>
        <translation>kein Commander</translation>
    </message>
    <message>
        <source>declared by %1</source>
        <translation>festgelegt von %1</translation>
    </message>
    <message>
        <source>triage proposed %1</source>
        <translation>Triage schlug %1 vor</translation>
    </message>
    <message>
        <source>as triage proposed</source>
        <translation>wie von der Triage vorgeschlagen</translation>
    </message>
    <message>
        <source>not declared</source>
        <translation>nicht festgelegt</translation>
    </message>
    <message>
        <source>at %1</source>
        <translation>um %1</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>noch nicht</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) need the commander:</source>
        <translation>
            <numerusform>%n Aufgabe braucht den Commander:</numerusform>
            <numerusform>%n Aufgaben brauchen den Commander:</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Needs the %1 role (you have: %2).</source>
        <translation>Braucht die Rolle %1 (Ihre Rollen: %2).</translation>
    </message>
    <message>
        <source>%1 is closed.</source>
        <translation>%1 ist geschlossen.</translation>
    </message>
    <message>
        <source>Acknowledge %1</source>
        <translation>%1 bestätigen</translation>
    </message>
    <message>
        <source>Acknowledged by %1 already.</source>
        <translation>Bereits von %1 bestätigt.</translation>
    </message>
    <message>
        <source>Say that you have %1: the time to acknowledge stops now.</source>
        <translation>Sagen, dass Sie %1 übernommen haben: die Zeit bis zur Bestätigung endet jetzt.</translation>
    </message>
    <message>
        <source>Declare the severity of %1 (triage proposes; a person decides).</source>
        <translation>Den Schweregrad von %1 festlegen (die Triage schlägt vor, ein Mensch entscheidet).</translation>
    </message>
    <message>
        <source>Name the commander, comms lead and scribe of %1.</source>
        <translation>Commander, Kommunikation und Protokoll von %1 benennen.</translation>
    </message>
    <message>
        <source>Mitigated already.</source>
        <translation>Bereits eingedämmt.</translation>
    </message>
    <message>
        <source>Say that the impact of %1 is mitigated, and how.</source>
        <translation>Sagen, dass die Auswirkung von %1 eingedämmt ist, und wie.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Abgelehnt: %1</translation>
    </message>
    <message>
        <source>You acknowledged %1.</source>
        <translation>Sie haben %1 bestätigt.</translation>
    </message>
    <message>
        <source>Declare the severity of %1</source>
        <translation>Schweregrad von %1 festlegen</translation>
    </message>
    <message>
        <source>Triage proposed %1. A different severity needs a reason.</source>
        <translation>Die Triage schlug %1 vor. Ein anderer Schweregrad braucht eine Begründung.</translation>
    </message>
    <message>
        <source>Triage has not proposed a severity.</source>
        <translation>Die Triage hat keinen Schweregrad vorgeschlagen.</translation>
    </message>
    <message>
        <source>critical: a core service is down for many</source>
        <translation>kritisch: ein Kerndienst ist für viele ausgefallen</translation>
    </message>
    <message>
        <source>major: serious degradation</source>
        <translation>schwer: deutliche Beeinträchtigung</translation>
    </message>
    <message>
        <source>minor: limited impact</source>
        <translation>gering: begrenzte Auswirkung</translation>
    </message>
    <message>
        <source>low: cosmetic or a single user</source>
        <translation>niedrig: kosmetisch oder ein einzelner Nutzer</translation>
    </message>
    <message>
        <source>Why (required when it differs from the proposal)</source>
        <translation>Warum (nötig, wenn er vom Vorschlag abweicht)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Declare</source>
        <translation>Festlegen</translation>
    </message>
    <message>
        <source>%1 is %2 already.</source>
        <translation>%1 ist bereits %2.</translation>
    </message>
    <message>
        <source>Say why %1 and not %2 as triage proposed.</source>
        <translation>Begründen Sie, warum %1 und nicht %2 wie von der Triage vorgeschlagen.</translation>
    </message>
    <message>
        <source>You declared %1 %2.</source>
        <translation>Sie haben für %1 %2 festgelegt.</translation>
    </message>
    <message>
        <source>Incident command of %1</source>
        <translation>Incident Command von %1</translation>
    </message>
    <message>
        <source>User names as the coordinator knows them. The commander must hold the mim role; an empty field clears that role.</source>
        <translation>Benutzernamen, wie der Koordinator sie kennt. Der Commander braucht die Rolle mim; ein leeres Feld hebt die Rolle auf.</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Vergeben</translation>
    </message>
    <message>
        <source>Command roles of %1 changed.</source>
        <translation>Rollen von %1 geändert.</translation>
    </message>
    <message>
        <source>%1: impact mitigated</source>
        <translation>%1: Auswirkung eingedämmt</translation>
    </message>
    <message>
        <source>What stopped the impact for users? (required; it goes on the timeline and into the postmortem)</source>
        <translation>Was hat die Auswirkung für die Nutzer beendet? (Pflicht; es kommt in die Zeitleiste und ins Postmortem)</translation>
    </message>
    <message>
        <source>Mark mitigated</source>
        <translation>Als eingedämmt markieren</translation>
    </message>
    <message>
        <source>%1 is marked mitigated.</source>
        <translation>%1 ist als eingedämmt markiert.</translation>
    </message>
    <message>
        <source>%1 is over without an acknowledgement; nothing to acknowledge now.</source>
        <translation>%1 ist ohne Bestätigung vorbei; es gibt nichts mehr zu bestätigen.</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
</context>
<context>
    <name>warroom::CommsPane</name>
    <message>
        <source>New status update</source>
        <translation>Neue Statusmeldung</translation>
    </message>
    <message>
        <source>&amp;Audience:</source>
        <translation>Ziel&amp;gruppe:</translation>
    </message>
    <message>
        <source>Everything technical, for the people working the incident</source>
        <translation>Alles Technische, für die Leute, die am Incident arbeiten</translation>
    </message>
    <message>
        <source>Impact, status, risk and time to recovery</source>
        <translation>Auswirkung, Status, Risiko und Zeit bis zur Wiederherstellung</translation>
    </message>
    <message>
        <source>Chronological facts, decisions and the evidence kept; no internal staffing</source>
        <translation>Fakten der Reihe nach, Entscheidungen und die gesicherten Nachweise; keine interne Besetzung</translation>
    </message>
    <message>
        <source>&amp;Draft from timeline</source>
        <translation>&amp;Entwurf aus der Zeitleiste</translation>
    </message>
    <message>
        <source>Fill the text from the incident&apos;s timeline for this audience; edit it before you publish</source>
        <translation>Den Text aus der Zeitleiste des Incidents für diese Zielgruppe füllen; vor dem Veröffentlichen bearbeiten</translation>
    </message>
    <message>
        <source>Text of the status update</source>
        <translation>Text der Statusmeldung</translation>
    </message>
    <message>
        <source>Draft from the timeline, or write the update here. Nothing is sent until you publish and confirm.</source>
        <translation>Aus der Zeitleiste entwerfen oder die Meldung hier schreiben. Nichts wird gesendet, bevor Sie veröffentlichen und bestätigen.</translation>
    </message>
    <message>
        <source>P&amp;ublish…</source>
        <translation>&amp;Veröffentlichen…</translation>
    </message>
    <message>
        <source>P&amp;ublish to %1…</source>
        <translation>An %1 &amp;veröffentlichen…</translation>
    </message>
    <message>
        <source>Published updates</source>
        <translation>Veröffentlichte Meldungen</translation>
    </message>
    <message>
        <source>Published status updates</source>
        <translation>Veröffentlichte Statusmeldungen</translation>
    </message>
    <message>
        <source>The selected published update</source>
        <translation>Die ausgewählte veröffentlichte Meldung</translation>
    </message>
    <message>
        <source>No update published yet.</source>
        <translation>Noch keine Meldung veröffentlicht.</translation>
    </message>
    <message>
        <source>Published by a mim, the commander (%1) or the comms lead (%2).</source>
        <translation>Veröffentlicht von einem mim, dem Commander (%1) oder der Kommunikation (%2).</translation>
    </message>
    <message>
        <source>none</source>
        <translation>niemand</translation>
    </message>
    <message>
        <source>You are neither: the coordinator will refuse.</source>
        <translation>Sie sind nichts davon: der Koordinator wird ablehnen.</translation>
    </message>
    <message>
        <source>%1 · to %2 · by %3</source>
        <translation>%1 · an %2 · von %3</translation>
    </message>
    <message>
        <source>Replace your text?</source>
        <translation>Ihren Text ersetzen?</translation>
    </message>
    <message>
        <source>A new draft replaces what you wrote. Replace it?</source>
        <translation>Ein neuer Entwurf ersetzt, was Sie geschrieben haben. Ersetzen?</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>Drafting…</source>
        <translation>Wird entworfen…</translation>
    </message>
    <message>
        <source>Drafted for %1 from the timeline: check it and fill in what is marked [fill in] before you publish.</source>
        <translation>Für %1 aus der Zeitleiste entworfen: prüfen Sie ihn und füllen Sie aus, was mit [fill in] markiert ist, bevor Sie veröffentlichen.</translation>
    </message>
    <message>
        <source>No draft: %1</source>
        <translation>Kein Entwurf: %1</translation>
    </message>
    <message>
        <source>The text still has [fill in] in it: fill it in first; nothing was sent.</source>
        <translation>Der Text enthält noch [fill in]: erst ausfüllen; nichts wurde gesendet.</translation>
    </message>
    <message>
        <source>Publish the status update?</source>
        <translation>Statusmeldung veröffentlichen?</translation>
    </message>
    <message>
        <source>Publish this update on %1 to %2 now? It goes out on their channels and is kept on the record; it cannot be taken back.</source>
        <translation>Diese Meldung zu %1 jetzt an %2 veröffentlichen? Sie geht über deren Kanäle hinaus und bleibt in der Akte; sie lässt sich nicht zurücknehmen.</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Veröffentlichen</translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation>Wird veröffentlicht…</translation>
    </message>
    <message>
        <source>Published to %1.</source>
        <translation>An %1 veröffentlicht.</translation>
    </message>
    <message>
        <source>Not published: %1</source>
        <translation>Nicht veröffentlicht: %1</translation>
    </message>
</context>
<context>
    <name>warroom::CorrectiveActionsModel</name>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>Due date (YYYY-MM-DD); double-click to pick one</source>
        <translation>Fälligkeitsdatum (JJJJ-MM-TT); Doppelklick zum Auswählen</translation>
    </message>
    <message>
        <source>Corrective action</source>
        <translation>Korrekturmaßnahme</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Action %1 needs a title.</source>
        <translation>Maßnahme %1 braucht einen Titel.</translation>
    </message>
    <message>
        <source>Action %1 needs an owner.</source>
        <translation>Maßnahme %1 braucht eine zuständige Person.</translation>
    </message>
    <message>
        <source>Action %1 needs a due date.</source>
        <translation>Maßnahme %1 braucht ein Fälligkeitsdatum.</translation>
    </message>
</context>
<context>
    <name>warroom::EvidenceModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>check</source>
        <translation>Prüflauf</translation>
    </message>
    <message>
        <source>apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>recheck</source>
        <translation>Nachprüfung</translation>
    </message>
    <message>
        <source>validate</source>
        <translation>Validierung</translation>
    </message>
</context>
<context>
    <name>warroom::IncidentDetail</name>
    <message>
        <source>Incident detail</source>
        <translation>Incident-Details</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>&amp;Übersicht</translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation>&amp;Plan</translation>
    </message>
    <message>
        <source>&amp;Evidence</source>
        <translation>&amp;Nachweise</translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation>&amp;Zeitleiste</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Select an incident to see its analysis and plan.</source>
        <translation>Wählen Sie einen Incident, um Analyse und Plan zu sehen.</translation>
    </message>
    <message>
        <source>Knowledge article</source>
        <translation>Wissensartikel</translation>
    </message>
    <message>
        <source>Plan steps</source>
        <translation>Planschritte</translation>
    </message>
    <message>
        <source>Step detail</source>
        <translation>Schrittdetails</translation>
    </message>
    <message>
        <source>Hold to approve (1.5 s)</source>
        <translation>Zum Freigeben halten (1,5 s)</translation>
    </message>
    <message>
        <source>Approve the selected step: press and hold for 1.5 seconds, mouse or Space</source>
        <translation>Den gewählten Schritt freigeben: 1,5 Sekunden gedrückt halten, Maus oder Leertaste</translation>
    </message>
    <message>
        <source>Press and hold (mouse or Space) for 1.5 s to approve. A short click does nothing.</source>
        <translation>Zum Freigeben 1,5 s gedrückt halten (Maus oder Leertaste). Ein kurzer Klick bewirkt nichts.</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>Ablehnen…</translation>
    </message>
    <message>
        <source>Reject the selected step</source>
        <translation>Den gewählten Schritt ablehnen</translation>
    </message>
    <message>
        <source>Roll back…</source>
        <translation>Zurücknehmen…</translation>
    </message>
    <message>
        <source>Roll back the selected executed step</source>
        <translation>Den gewählten ausgeführten Schritt zurücknehmen</translation>
    </message>
    <message>
        <source>No runs yet.</source>
        <translation>Noch keine Läufe.</translation>
    </message>
    <message>
        <source>Tasks of the runs</source>
        <translation>Tasks der Läufe</translation>
    </message>
    <message>
        <source>Output of the phase</source>
        <translation>Ausgabe der Phase</translation>
    </message>
    <message>
        <source>The command, exit code and output of the selected task&apos;s phase.</source>
        <translation>Befehl, Exit-Code und Ausgabe der Phase des gewählten Tasks.</translation>
    </message>
    <message>
        <source>Diff of the task</source>
        <translation>Diff des Tasks</translation>
    </message>
    <message>
        <source>The diff of the selected task, when it changed something.</source>
        <translation>Der Diff des gewählten Tasks, wenn er etwas geändert hat.</translation>
    </message>
    <message>
        <source>Audit chain verification</source>
        <translation>Prüfung der Audit-Kette</translation>
    </message>
    <message>
        <source>Audit events of the incident</source>
        <translation>Audit-Ereignisse des Incidents</translation>
    </message>
    <message>
        <source>Could not load INC-%1: %2</source>
        <translation>INC-%1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Major incident declared by %1.</source>
        <translation>Major Incident ausgerufen von %1.</translation>
    </message>
    <message>
        <source>Not analysed yet.</source>
        <translation>Noch nicht analysiert.</translation>
    </message>
    <message>
        <source>Major-incident candidate</source>
        <translation>Major-Incident-Kandidat</translation>
    </message>
    <message>
        <source>Standard incident</source>
        <translation>Standard-Incident</translation>
    </message>
    <message>
        <source>category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>Also considered:</source>
        <translation>Ebenfalls erwogen:</translation>
    </message>
    <message>
        <source>score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>No matching knowledge.</source>
        <translation>Kein passendes Wissen.</translation>
    </message>
    <message>
        <source>Similar past incidents</source>
        <translation>Ähnliche frühere Incidents</translation>
    </message>
    <message>
        <source>None found.</source>
        <translation>Keine gefunden.</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Lade %1…</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>%1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>No incident selected.</source>
        <translation>Kein Incident ausgewählt.</translation>
    </message>
    <message>
        <source>No plan yet.</source>
        <translation>Noch kein Plan.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Playbook</source>
        <translation>Playbook</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <source>Changes systems</source>
        <translation>Ändert Systeme</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Rolls back</source>
        <translation>Nimmt zurück</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Freigaben</translation>
    </message>
    <message>
        <source>Who may approve</source>
        <translation>Wer freigeben darf</translation>
    </message>
    <message>
        <source>No longer valid</source>
        <translation>Nicht mehr gültig</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>Variablen</translation>
    </message>
    <message>
        <source>Dry-run diff</source>
        <translation>Diff des Probelaufs</translation>
    </message>
    <message>
        <source>High risk.</source>
        <translation>Hohes Risiko.</translation>
    </message>
    <message>
        <source>This step needs %1 approvers: after you, a second approver is needed.</source>
        <translation>Dieser Schritt braucht %1 Freigebende: nach Ihnen ist eine zweite Freigabe nötig.</translation>
    </message>
    <message>
        <source>A second approver is needed: %1 approved already.</source>
        <translation>Eine zweite Freigabe ist nötig: %1 hat bereits freigegeben.</translation>
    </message>
    <message>
        <source>This step needs %1 approvers.</source>
        <translation>Dieser Schritt braucht %1 Freigebende.</translation>
    </message>
    <message>
        <source>You approved this step already.</source>
        <translation>Sie haben diesen Schritt bereits freigegeben.</translation>
    </message>
    <message>
        <source>Approved; waiting to be started.</source>
        <translation>Freigegeben; wartet auf den Start.</translation>
    </message>
    <message>
        <source>Sending the approval of %1…</source>
        <translation>Sende die Freigabe von %1…</translation>
    </message>
    <message>
        <source>You approved %1.</source>
        <translation>Sie haben %1 freigegeben.</translation>
    </message>
    <message>
        <source>Approval of %1 refused: %2</source>
        <translation>Freigabe von %1 abgewiesen: %2</translation>
    </message>
    <message>
        <source>Reject step %1</source>
        <translation>Schritt %1 ablehnen</translation>
    </message>
    <message>
        <source>Why do you reject this step? (required)</source>
        <translation>Warum lehnen Sie diesen Schritt ab? (Pflicht)</translation>
    </message>
    <message>
        <source>A rejection needs a reason; nothing was sent.</source>
        <translation>Eine Ablehnung braucht eine Begründung; nichts wurde gesendet.</translation>
    </message>
    <message>
        <source>You rejected %1.</source>
        <translation>Sie haben %1 abgelehnt.</translation>
    </message>
    <message>
        <source>Rejection of %1 refused: %2</source>
        <translation>Ablehnung von %1 abgewiesen: %2</translation>
    </message>
    <message>
        <source>Roll back step %1</source>
        <translation>Schritt %1 zurücknehmen</translation>
    </message>
    <message>
        <source>Rollback of %1 refused: %2</source>
        <translation>Rücknahme von %1 abgewiesen: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s): %1</source>
        <translation>
            <numerusform>%n Lauf: %1</numerusform>
            <numerusform>%n Läufe: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#2e7d32&apos;&gt;%1 ok&lt;/span&gt; · &lt;span style=&apos;color:#b26a00&apos;&gt;%2 changed&lt;/span&gt; · &lt;span style=&apos;color:#b71c1c&apos;&gt;%3 failed&lt;/span&gt; · %4 skipped</source>
        <translation>&lt;span style=&apos;color:#2e7d32&apos;&gt;%1 ok&lt;/span&gt; · &lt;span style=&apos;color:#b26a00&apos;&gt;%2 geändert&lt;/span&gt; · &lt;span style=&apos;color:#b71c1c&apos;&gt;%3 fehlgeschlagen&lt;/span&gt; · %4 übersprungen</translation>
    </message>
    <message>
        <source>phase %1 · exit code %2 · %3 · playbook sha256 %4</source>
        <translation>Phase %1 · Exit-Code %2 · %3 · Playbook-SHA256 %4</translation>
    </message>
    <message>
        <source>(no diff)</source>
        <translation>(kein Diff)</translation>
    </message>
    <message>
        <source>Could not load the audit events: %1</source>
        <translation>Die Audit-Ereignisse konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not verify the audit chain: %1</source>
        <translation>Die Audit-Kette konnte nicht geprüft werden: %1</translation>
    </message>
    <message>
        <source>✔ Audit chain verified: %1 records intact, head %2</source>
        <translation>✔ Audit-Kette geprüft: %1 Einträge intakt, Kopf %2</translation>
    </message>
    <message>
        <source>✘ Audit chain BROKEN at record %1: %2</source>
        <translation>✘ Audit-Kette GEBROCHEN bei Eintrag %1: %2</translation>
    </message>
    <message>
        <source>The matched knowledge and similar incidents show here.</source>
        <translation>Hier erscheinen das passende Wissen und ähnliche Incidents.</translation>
    </message>
    <message>
        <source>Matched knowledge</source>
        <translation>Passendes Wissen</translation>
    </message>
    <message>
        <source>Click an entry to read it here.</source>
        <translation>Einen Eintrag anklicken, um ihn hier zu lesen.</translation>
    </message>
    <message>
        <source>← All matches</source>
        <translation>← Alle Treffer</translation>
    </message>
    <message>
        <source>The selection changed while you held the gate; nothing was sent.</source>
        <translation>Die Auswahl hat sich geändert, während Sie die Freigabe gehalten haben; es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>Step %1 changed while you held the gate; nothing was sent. Review it and hold again.</source>
        <translation>Schritt %1 hat sich geändert, während Sie die Freigabe gehalten haben; es wurde nichts gesendet. Prüfen Sie ihn und halten Sie erneut.</translation>
    </message>
    <message>
        <source>The step changed while you held the gate; nothing was sent.</source>
        <translation>Der Schritt hat sich geändert, während Sie die Freigabe gehalten haben; es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>Approval of %1 refused: the step changed since you reviewed it (%2).</source>
        <translation>Freigabe von %1 abgelehnt: Der Schritt hat sich geändert, seit Sie ihn geprüft haben (%2).</translation>
    </message>
    <message>
        <source>Why must this change be rolled back? (required)</source>
        <translation>Warum muss diese Änderung zurückgenommen werden? (Pflichtangabe)</translation>
    </message>
    <message>
        <source>A rollback needs a reason; nothing was sent.</source>
        <translation>Eine Rücknahme braucht eine Begründung; es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>Rollback of %1 requested: its own step now waits for approval.</source>
        <translation>Rücknahme von %1 angefordert: Ihr eigener Schritt wartet jetzt auf Freigabe.</translation>
    </message>
    <message>
        <source>Loading INC-%1…</source>
        <translation>INC-%1 wird geladen…</translation>
    </message>
    <message>
        <source>finding (the probe failed)</source>
        <translation>Befund (die Prüfung schlug an)</translation>
    </message>
    <message>
        <source>Output of “%1” on %2:</source>
        <translation>Ausgabe von „%1“ auf %2:</translation>
    </message>
    <message>
        <source>&amp;Read-in</source>
        <translation>&amp;Lagebild</translation>
    </message>
    <message>
        <source>&amp;Comms</source>
        <translation>&amp;Kommunikation</translation>
    </message>
    <message>
        <source>Po&amp;stmortem</source>
        <translation>Post&amp;mortem</translation>
    </message>
    <message>
        <source>Block task…</source>
        <translation>Aufgabe blockieren…</translation>
    </message>
    <message>
        <source>Block or unblock the selected task</source>
        <translation>Die ausgewählte Aufgabe blockieren oder freigeben</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>nobody named</source>
        <translation>niemand benannt</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Blockiert</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>seit %1</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>Eskalation</translation>
    </message>
    <message>
        <source>Unblock task…</source>
        <translation>Blockade aufheben…</translation>
    </message>
    <message>
        <source>Only a person&apos;s open task (a manual or communicate step) can be blocked.</source>
        <translation>Nur die offene Aufgabe einer Person (ein manueller oder Kommunikationsschritt) kann blockiert werden.</translation>
    </message>
    <message>
        <source>Blocking a task is for its owner, a responder or a mim.</source>
        <translation>Eine Aufgabe blockieren darf die zuständige Person, ein responder oder ein mim.</translation>
    </message>
    <message>
        <source>The task can go on again: lift the block</source>
        <translation>Die Aufgabe kann weitergehen: Blockade aufheben</translation>
    </message>
    <message>
        <source>The task cannot go on: say why; the commander is told at once</source>
        <translation>Die Aufgabe kommt nicht weiter: sagen Sie, warum; der Commander erfährt es sofort</translation>
    </message>
    <message>
        <source>Unblock task %1</source>
        <translation>Blockade von Aufgabe %1 aufheben</translation>
    </message>
    <message>
        <source>Block task %1</source>
        <translation>Aufgabe %1 blockieren</translation>
    </message>
    <message>
        <source>What changed, so that it can go on? (optional)</source>
        <translation>Was hat sich geändert, sodass es weitergeht? (optional)</translation>
    </message>
    <message>
        <source>What is the task waiting for? (required; the commander is told)</source>
        <translation>Worauf wartet die Aufgabe? (Pflicht; der Commander erfährt es)</translation>
    </message>
    <message>
        <source>Blocking a task needs a reason; nothing was sent.</source>
        <translation>Eine Blockade braucht eine Begründung; nichts wurde gesendet.</translation>
    </message>
    <message>
        <source>Task %1 can go on again.</source>
        <translation>Aufgabe %1 kann wieder weitergehen.</translation>
    </message>
    <message>
        <source>Task %1 is blocked; the commander is told.</source>
        <translation>Aufgabe %1 ist blockiert; der Commander ist informiert.</translation>
    </message>
    <message>
        <source>Refused for task %1: %2</source>
        <translation>Für Aufgabe %1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>Zurücknahme</translation>
    </message>
    <message>
        <source>%1 (its own step, with its own approvals, once this one has run)</source>
        <translation>%1 (ein eigener Schritt mit eigenen Freigaben, sobald dieser gelaufen ist)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Approving or rejecting this step is for %1 (you have: %2).</source>
        <translation>Diesen Schritt genehmigen oder ablehnen darf %1 (Ihre Rollen: %2).</translation>
    </message>
    <message>
        <source>Requesting a rollback is for a mim or a responder (you have: %1).</source>
        <translation>Ein Rollback beantragen darf ein MIM oder Responder (Ihre Rollen: %1).</translation>
    </message>
</context>
<context>
    <name>warroom::IncidentQueueModel</name>
    <message>
        <source>%1 s</source>
        <comment>age in seconds</comment>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <comment>age in minutes</comment>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <comment>age</comment>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <comment>age</comment>
        <translation>%1 T. %2 h</translation>
    </message>
    <message>
        <source>untriaged</source>
        <translation>nicht triagiert</translation>
    </message>
    <message>
        <source>standard</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>Klassifizierung</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>new</source>
        <translation>neu</translation>
    </message>
    <message>
        <source>triaged</source>
        <translation>triagiert</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>geplant</translation>
    </message>
    <message>
        <source>awaiting approval</source>
        <translation>wartet auf Freigabe</translation>
    </message>
    <message>
        <source>executing</source>
        <translation>in Ausführung</translation>
    </message>
    <message>
        <source>validating</source>
        <translation>in Validierung</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>behoben</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>escalated</source>
        <translation>eskaliert</translation>
    </message>
    <message>
        <source>rolled back</source>
        <translation>zurückgerollt</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>MAJOR</source>
        <comment>declared major incident</comment>
        <translation>MAJOR</translation>
    </message>
    <message>
        <source>major?</source>
        <comment>major-incident candidate awaiting a decision</comment>
        <translation>Major?</translation>
    </message>
    <message numerus="yes">
        <source>%n blocked</source>
        <comment>tasks</comment>
        <translation>
            <numerusform>%n blockiert</numerusform>
            <numerusform>%n blockiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <comment>tasks</comment>
        <translation>
            <numerusform>%n überfällig</numerusform>
            <numerusform>%n überfällig</numerusform>
        </translation>
    </message>
    <message>
        <source>People&apos;s tasks that are blocked or past their due time: the commander is told. Open the incident&apos;s plan to see them.</source>
        <translation>Aufgaben von Personen, die blockiert oder überfällig sind: der Commander ist informiert. Im Plan des Incidents stehen sie.</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
</context>
<context>
    <name>warroom::MainWindow</name>
    <message>
        <source>Not signed in: %1</source>
        <translation>Nicht angemeldet: %1</translation>
    </message>
    <message>
        <source>warroom — wall display</source>
        <translation>warroom — Wandanzeige</translation>
    </message>
    <message>
        <source>warroom — incident command</source>
        <translation>warroom — Incident Command</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptsymbolleiste</translation>
    </message>
    <message>
        <source>Connection state</source>
        <translation>Verbindungsstatus</translation>
    </message>
    <message>
        <source>New incident…</source>
        <translation>Neuer Incident…</translation>
    </message>
    <message>
        <source>Freeze execution…</source>
        <translation>Ausführung einfrieren…</translation>
    </message>
    <message>
        <source>Disconnected from the coordinator — the data shown is stale. Reconnecting…</source>
        <translation>Verbindung zum Koordinator getrennt — die angezeigten Daten sind veraltet. Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>Filter the queue: ID, service, status, title…</source>
        <translation>Warteschlange filtern: ID, Service, Status, Titel…</translation>
    </message>
    <message>
        <source>Queue filter</source>
        <translation>Warteschlangenfilter</translation>
    </message>
    <message>
        <source>Incident queue</source>
        <translation>Incident-Warteschlange</translation>
    </message>
    <message>
        <source>Server %1</source>
        <translation>Server %1</translation>
    </message>
    <message>
        <source>● Live</source>
        <translation>● Live</translation>
    </message>
    <message>
        <source>○ Reconnecting…</source>
        <translation>○ Verbindung wird wiederhergestellt…</translation>
    </message>
    <message numerus="yes">
        <source>Server %1 — signed in as %2 — %n incident(s)</source>
        <translation>
            <numerusform>Server %1 — angemeldet als %2 — %n Incident</numerusform>
            <numerusform>Server %1 — angemeldet als %2 — %n Incidents</numerusform>
        </translation>
    </message>
    <message>
        <source>EXECUTION FROZEN by %1 since %2: %3</source>
        <translation>AUSFÜHRUNG EINGEFROREN durch %1 seit %2: %3</translation>
    </message>
    <message>
        <source>Lift freeze…</source>
        <translation>Ausführungsstopp aufheben…</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Lift the freeze</source>
        <translation>Ausführungsstopp aufheben</translation>
    </message>
    <message>
        <source>Freeze execution</source>
        <translation>Ausführung einfrieren</translation>
    </message>
    <message>
        <source>Why may execution resume?</source>
        <translation>Warum darf die Ausführung fortgesetzt werden?</translation>
    </message>
    <message>
        <source>Why must all execution stop?</source>
        <translation>Warum muss jede Ausführung gestoppt werden?</translation>
    </message>
    <message>
        <source>A freeze needs a reason.</source>
        <translation>Ein Ausführungsstopp erfordert eine Begründung.</translation>
    </message>
    <message>
        <source>Freeze</source>
        <translation>Ausführungsstopp</translation>
    </message>
    <message>
        <source>New incident</source>
        <translation>Neuer Incident</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Console pages</source>
        <translation>Seiten der Konsole</translation>
    </message>
    <message>
        <source>&amp;Incidents</source>
        <translation>&amp;Incidents</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>&amp;Diagramme</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Anmelden…</translation>
    </message>
    <message>
        <source>Sign in to a coordinator with another token or server</source>
        <translation>Mit einem anderen Token oder bei einem anderen Koordinator anmelden</translation>
    </message>
    <message>
        <source>The coordinator refused the token (%1) — the data shown is stale. Sign in again.</source>
        <translation>Der Koordinator hat das Token abgelehnt (%1) — die angezeigten Daten sind veraltet. Bitte erneut anmelden.</translation>
    </message>
    <message>
        <source>Sign in again…</source>
        <translation>Erneut anmelden…</translation>
    </message>
    <message>
        <source>Not connected: sign in with a valid token.</source>
        <translation>Nicht verbunden: Mit einem gültigen Token anmelden.</translation>
    </message>
    <message>
        <source>The token could not be kept in the system keyring (%1); it is used for this session only.</source>
        <translation>Das Token konnte nicht im Schlüsselbund des Systems gespeichert werden (%1); es gilt nur für diese Sitzung.</translation>
    </message>
    <message>
        <source>What is broken, in one line (required)</source>
        <translation>Was ist kaputt, in einer Zeile (Pflichtangabe)</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>Melden</translation>
    </message>
    <message>
        <source>Submitted %1.</source>
        <translation>%1 gemeldet.</translation>
    </message>
    <message>
        <source>Re&amp;mediation</source>
        <translation>&amp;Runbook-Entwürfe</translation>
    </message>
    <message>
        <source>The review queue of automation drafted from resolved incidents</source>
        <translation>Die Prüfwarteschlange der Automatisierung, entworfen aus gelösten Incidents</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
    <message>
        <source>Needs the %1 role (you have: %2).</source>
        <translation>Braucht die Rolle %1 (Ihre Rollen: %2).</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>Open an incident by hand</source>
        <translation>Einen Incident von Hand anlegen</translation>
    </message>
    <message>
        <source>Lift the freeze: playbooks may run again once approved</source>
        <translation>Einfrieren aufheben: freigegebene Playbooks dürfen wieder laufen</translation>
    </message>
    <message>
        <source>Stop every playbook from starting, here and everywhere</source>
        <translation>Jeden Start eines Playbooks verhindern, hier und überall</translation>
    </message>
</context>
<context>
    <name>warroom::PlanStepsModel</name>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Freigaben</translation>
    </message>
    <message>
        <source>✔ approved</source>
        <translation>✔ freigegeben</translation>
    </message>
    <message>
        <source>✔ %1</source>
        <comment>approved by these people</comment>
        <translation>✔ %1</translation>
    </message>
    <message numerus="yes">
        <source>needs %n approver(s)</source>
        <translation>
            <numerusform>braucht %n Freigabe</numerusform>
            <numerusform>braucht %n Freigaben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n more needed</source>
        <comment>names of those who approved, then how many more approvals</comment>
        <translation>
            <numerusform>%1 · %n weitere nötig</numerusform>
            <numerusform>%1 · %n weitere nötig</numerusform>
        </translation>
    </message>
    <message>
        <source>diagnose</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <source>snapshot</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <source>remediate</source>
        <translation>Behebung</translation>
    </message>
    <message>
        <source>validate</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>rollback</source>
        <translation>Rücknahme</translation>
    </message>
    <message>
        <source>communicate</source>
        <translation>Kommunikation</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manuell</translation>
    </message>
    <message>
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>mittel</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoch</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>Who may approve: %1</source>
        <translation>Wer freigeben darf: %1</translation>
    </message>
    <message>
        <source>This task needs the incident commander: it is blocked or past its due time.</source>
        <translation>Diese Aufgabe braucht den Incident Commander: sie ist blockiert oder überfällig.</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
</context>
<context>
    <name>warroom::PostmortemPane</name>
    <message>
        <source>Postmortem</source>
        <translation>Postmortem</translation>
    </message>
    <message>
        <source>Generated from the timeline (events, decisions, approvals, evidence) with the notes below.</source>
        <translation>Erzeugt aus der Zeitleiste (Ereignisse, Entscheidungen, Freigaben, Nachweise) mit den Notizen unten.</translation>
    </message>
    <message>
        <source>Export Mar&amp;kdown…</source>
        <translation>Als Markdown e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Export P&amp;DF…</source>
        <translation>Als PD&amp;F exportieren…</translation>
    </message>
    <message>
        <source>Who was affected, how, for how long (left empty, the timeline&apos;s summary is used)</source>
        <translation>Wer war betroffen, wie, wie lange (leer: die Zusammenfassung der Zeitleiste)</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Auswirkung</translation>
    </message>
    <message>
        <source>Why did it happen?</source>
        <translation>Warum ist es passiert?</translation>
    </message>
    <message>
        <source>And why was that?</source>
        <translation>Und warum war das so?</translation>
    </message>
    <message>
        <source>Why %1</source>
        <translation>Warum %1</translation>
    </message>
    <message>
        <source>The cause in the system, not a person (blameless wording)</source>
        <translation>Die Ursache im System, nicht bei einer Person (ohne Schuldzuweisung)</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>Grundursache</translation>
    </message>
    <message>
        <source>Corrective actions</source>
        <translation>Korrekturmaßnahmen</translation>
    </message>
    <message>
        <source>Add action</source>
        <translation>Maßnahme hinzufügen</translation>
    </message>
    <message>
        <source>Remove action</source>
        <translation>Maßnahme entfernen</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Sa&amp;ve notes</source>
        <translation>Notizen &amp;speichern</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Saved by %1 at %2</source>
        <translation>Gespeichert von %1 um %2</translation>
    </message>
    <message>
        <source>No notes yet</source>
        <translation>Noch keine Notizen</translation>
    </message>
    <message>
        <source>%1 saved notes meanwhile; saving yours replaces them (Discard changes shows theirs).</source>
        <translation>%1 hat inzwischen Notizen gespeichert; Ihre zu speichern ersetzt sie (Änderungen verwerfen zeigt die anderen).</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Notes saved.</source>
        <translation>Notizen gespeichert.</translation>
    </message>
    <message>
        <source>Export the postmortem as PDF</source>
        <translation>Das Postmortem als PDF exportieren</translation>
    </message>
    <message>
        <source>Export the postmortem as Markdown</source>
        <translation>Das Postmortem als Markdown exportieren</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Exporting what is saved; your unsaved notes are not in it.</source>
        <translation>Exportiert wird das Gespeicherte; Ihre ungespeicherten Notizen sind nicht dabei.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert…</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Saved %1 (%2 KB).</source>
        <translation>%1 gespeichert (%2 KB).</translation>
    </message>
</context>
<context>
    <name>warroom::ReadInPane</name>
    <message>
        <source>Copy as Markdown</source>
        <translation>Als Markdown kopieren</translation>
    </message>
    <message>
        <source>Copies the read-in as Markdown, to paste into a chat or a ticket</source>
        <translation>Kopiert das Lagebild als Markdown, zum Einfügen in einen Chat oder ein Ticket</translation>
    </message>
    <message>
        <source>Read-in</source>
        <translation>Lagebild</translation>
    </message>
    <message>
        <source>Select an incident: what happened, what was decided, what is running and who owns what show here.</source>
        <translation>Wählen Sie einen Incident: was passiert ist, was entschieden wurde, was läuft und wer wofür zuständig ist, steht hier.</translation>
    </message>
    <message>
        <source>Could not load the read-in of INC-%1: %2</source>
        <translation>Das Lagebild von INC-%1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>Read-in for INC-%1 as of %2 — it follows the incident live.</source>
        <translation>Lagebild für INC-%1, Stand %2 — es folgt dem Incident live.</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was passiert ist</translation>
    </message>
    <message>
        <source>What was decided</source>
        <translation>Was entschieden wurde</translation>
    </message>
    <message>
        <source>Nothing decided yet.</source>
        <translation>Noch nichts entschieden.</translation>
    </message>
    <message>
        <source>What is running, waiting, blocked or overdue</source>
        <translation>Was läuft, wartet, blockiert oder überfällig ist</translation>
    </message>
    <message>
        <source>Nothing is running or waiting.</source>
        <translation>Nichts läuft oder wartet.</translation>
    </message>
    <message>
        <source>Who owns what</source>
        <translation>Wer wofür zuständig ist</translation>
    </message>
    <message>
        <source>Nobody owns anything yet.</source>
        <translation>Noch ist niemand für etwas zuständig.</translation>
    </message>
    <message>
        <source>Could not copy the read-in of INC-%1: %2</source>
        <translation>Das Lagebild von INC-%1 konnte nicht kopiert werden: %2</translation>
    </message>
    <message>
        <source>The read-in of INC-%1 is on the clipboard as Markdown.</source>
        <translation>Das Lagebild von INC-%1 liegt als Markdown in der Zwischenablage.</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>Was getan wurde</translation>
    </message>
    <message>
        <source>Nothing has run yet.</source>
        <translation>Noch ist nichts gelaufen.</translation>
    </message>
</context>
<context>
    <name>warroom::RemediationDraftsModel</name>
    <message>
        <source>running…</source>
        <translation>läuft…</translation>
    </message>
    <message>
        <source>✔ passed</source>
        <translation>✔ bestanden</translation>
    </message>
    <message>
        <source>✘ failed</source>
        <translation>✘ nicht bestanden</translation>
    </message>
    <message>
        <source>waiting for review</source>
        <translation>wartet auf Prüfung</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) remove, stop, restart or run destructive commands: review them before approving.</source>
        <translation>
            <numerusform>%n Task entfernt, stoppt, startet neu oder führt zerstörerische Befehle aus: vor der Freigabe prüfen.</numerusform>
            <numerusform>%n Tasks entfernen, stoppen, starten neu oder führen zerstörerische Befehle aus: vor der Freigabe prüfen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Incident</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Destructive</source>
        <translation>Zerstörerisch</translation>
    </message>
    <message>
        <source>Asked for by</source>
        <translation>Angefordert von</translation>
    </message>
    <message>
        <source>Drafted</source>
        <translation>Entworfen</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
</context>
<context>
    <name>warroom::RemediationView</name>
    <message>
        <source>Remediation review queue</source>
        <translation>Prüfwarteschlange der Runbook-Entwürfe</translation>
    </message>
    <message>
        <source>Automation drafted from resolved incidents. A draft enters the whitelist only when a second person approves it after a passed validation; it then becomes a branch of the runbook repository, never applied or merged by itself.</source>
        <translation>Automatisierung, entworfen aus gelösten Incidents. Ein Entwurf kommt nur auf die Whitelist, wenn eine zweite Person ihn nach bestandener Validierung freigibt; er wird dann ein Branch im Runbook-Repository, nie von selbst angewendet oder gemergt.</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Zeigen:</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>Warten auf Prüfung</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>All drafts</source>
        <translation>Alle Entwürfe</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Remediation drafts</source>
        <translation>Runbook-Entwürfe</translation>
    </message>
    <message>
        <source>The draft&apos;s validation and tasks</source>
        <translation>Validierung und Tasks des Entwurfs</translation>
    </message>
    <message>
        <source>Hold to approve (1.5 s)</source>
        <translation>Zum Freigeben halten (1,5 s)</translation>
    </message>
    <message>
        <source>Approve the selected draft into the runbook repository: press and hold for 1.5 seconds, mouse or Space</source>
        <translation>Den ausgewählten Entwurf ins Runbook-Repository freigeben: 1,5 Sekunden gedrückt halten, Maus oder Leertaste</translation>
    </message>
    <message>
        <source>Press and hold (mouse or Space) for 1.5 s to approve. A short click does nothing.</source>
        <translation>Zum Freigeben 1,5 s gedrückt halten (Maus oder Leertaste). Ein kurzer Klick bewirkt nichts.</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>Ablehnen…</translation>
    </message>
    <message>
        <source>The drafted playbook (read-only)</source>
        <translation>Das entworfene Playbook (schreibgeschützt)</translation>
    </message>
    <message>
        <source>The drafted playbook of the selected draft, as it would be committed.</source>
        <translation>Das entworfene Playbook des ausgewählten Entwurfs, so wie es committet würde.</translation>
    </message>
    <message>
        <source>Could not load the drafts: %1</source>
        <translation>Die Entwürfe konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation>%1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>No drafts to show.</source>
        <translation>Keine Entwürfe.</translation>
    </message>
    <message>
        <source>Loading the draft…</source>
        <translation>Entwurf wird geladen…</translation>
    </message>
    <message>
        <source>From %1, asked for by %2; %3.</source>
        <translation>Aus %1, angefordert von %2; %3.</translation>
    </message>
    <message numerus="yes">
        <source>%n destructive task(s), marked (DESTRUCTIVE) in the playbook: review them before approving.</source>
        <translation>
            <numerusform>%n zerstörerischer Task, im Playbook mit (DESTRUCTIVE) markiert: vor der Freigabe prüfen.</numerusform>
            <numerusform>%n zerstörerische Tasks, im Playbook mit (DESTRUCTIVE) markiert: vor der Freigabe prüfen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>nicht gelaufen</translation>
    </message>
    <message numerus="yes">
        <source>%n changed</source>
        <translation>
            <numerusform>%n geändert</numerusform>
            <numerusform>%n geändert</numerusform>
        </translation>
    </message>
    <message>
        <source>syntax check (ansible-playbook --syntax-check)</source>
        <translation>Syntaxprüfung (ansible-playbook --syntax-check)</translation>
    </message>
    <message>
        <source>ansible-lint</source>
        <translation>ansible-lint</translation>
    </message>
    <message>
        <source>ansible-lint (not installed)</source>
        <translation>ansible-lint (nicht installiert)</translation>
    </message>
    <message>
        <source>first check run against the scratch lab: %1</source>
        <translation>erster Check-Lauf gegen das Wegwerf-Lab: %1</translation>
    </message>
    <message>
        <source>apply against the scratch lab: %1</source>
        <translation>Anwenden auf das Wegwerf-Lab: %1</translation>
    </message>
    <message>
        <source>second check (must change nothing): %1</source>
        <translation>zweiter Check (darf nichts ändern): %1</translation>
    </message>
    <message>
        <source>Syntax check, lint and the double dry run against a scratch lab are running; this updates by itself.</source>
        <translation>Syntaxprüfung, Lint und der doppelte Probelauf gegen ein Wegwerf-Lab laufen; das hier aktualisiert sich von selbst.</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Left for a person</source>
        <translation>Bleibt für einen Menschen</translation>
    </message>
    <message>
        <source>%1 by %2: %3</source>
        <translation>%1 von %2: %3</translation>
    </message>
    <message>
        <source>Committed on</source>
        <translation>Committet auf</translation>
    </message>
    <message>
        <source>Decided already.</source>
        <translation>Bereits entschieden.</translation>
    </message>
    <message>
        <source>Reviewing a draft needs the change-approver or mim role.</source>
        <translation>Einen Entwurf zu prüfen braucht die Rolle change-approver oder mim.</translation>
    </message>
    <message>
        <source>You asked for this draft: another person must review it.</source>
        <translation>Sie haben diesen Entwurf angefordert: eine andere Person muss ihn prüfen.</translation>
    </message>
    <message>
        <source>The validation is still running; approval waits for it.</source>
        <translation>Die Validierung läuft noch; die Freigabe wartet darauf.</translation>
    </message>
    <message>
        <source>The validation failed: a draft is approved only after it passed. Reject it, or fix the cause and draft again.</source>
        <translation>Die Validierung ist nicht bestanden: freigegeben wird ein Entwurf erst danach. Lehnen Sie ihn ab oder beheben Sie die Ursache und entwerfen Sie neu.</translation>
    </message>
    <message>
        <source>The draft changed while you held the gate; nothing was sent.</source>
        <translation>Der Entwurf hat sich geändert, während Sie gehalten haben; nichts wurde gesendet.</translation>
    </message>
    <message>
        <source>Sending the approval of %1…</source>
        <translation>Freigabe von %1 wird gesendet…</translation>
    </message>
    <message>
        <source>reviewed in the console (sha256 %1)</source>
        <translation>in der Konsole geprüft (sha256 %1)</translation>
    </message>
    <message>
        <source>You approved %1: committed on %2.</source>
        <translation>Sie haben %1 freigegeben: committet auf %2.</translation>
    </message>
    <message>
        <source>Approval of %1 refused: %2</source>
        <translation>Freigabe von %1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>Reject draft %1</source>
        <translation>Entwurf %1 ablehnen</translation>
    </message>
    <message>
        <source>Why do you reject this draft? (required)</source>
        <translation>Warum lehnen Sie diesen Entwurf ab? (Pflicht)</translation>
    </message>
    <message>
        <source>A rejection needs a reason; nothing was sent.</source>
        <translation>Eine Ablehnung braucht eine Begründung; nichts wurde gesendet.</translation>
    </message>
    <message>
        <source>You rejected %1.</source>
        <translation>Sie haben %1 abgelehnt.</translation>
    </message>
    <message>
        <source>Rejection of %1 refused: %2</source>
        <translation>Ablehnung von %1 abgelehnt: %2</translation>
    </message>
</context>
<context>
    <name>warroom::SignInDialog</name>
    <message>
        <source>Sign in to warroom</source>
        <translation>Bei warroom anmelden</translation>
    </message>
    <message>
        <source>Coordinator URL</source>
        <translation>Koordinator-URL</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>&amp;Remember the token in the system keyring</source>
        <translation>Token im Schlüsselbund des Systems &amp;merken</translation>
    </message>
    <message>
        <source>&amp;Coordinator</source>
        <translation>&amp;Koordinator</translation>
    </message>
    <message>
        <source>&amp;Token</source>
        <translation>&amp;Token</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>The coordinator URL must be http:// or https:// with a host.</source>
        <translation>Die Koordinator-URL muss http:// oder https:// mit einem Host sein.</translation>
    </message>
    <message>
        <source>A token is needed.</source>
        <translation>Ein Token ist nötig.</translation>
    </message>
    <message>
        <source>No system keyring is available (%1). The token is kept in memory for this session only and you will be asked again next time. For kiosks use --token-file.</source>
        <translation>Kein Schlüsselbund des Systems verfügbar (%1). Das Token bleibt nur für diese Sitzung im Speicher, beim nächsten Mal werden Sie erneut gefragt. Für Kiosk-Rechner: --token-file.</translation>
    </message>
    <message>
        <source>The token kept for %1 in the system keyring is filled in.</source>
        <translation>Das für %1 im Schlüsselbund gespeicherte Token ist eingetragen.</translation>
    </message>
    <message>
        <source>no keyring answered</source>
        <translation>kein Schlüsselbund hat geantwortet</translation>
    </message>
</context>
<context>
    <name>warroom::StatusUpdatesModel</name>
    <message>
        <source>Internal responders</source>
        <translation>Interne Einsatzkräfte</translation>
    </message>
    <message>
        <source>Executives</source>
        <translation>Geschäftsleitung</translation>
    </message>
    <message>
        <source>Regulators and customers</source>
        <translation>Aufsicht und Kunden</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Veröffentlicht</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Zielgruppe</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>warroom::WallView</name>
    <message>
        <source>Active major incident</source>
        <translation>Aktiver Major Incident</translation>
    </message>
    <message>
        <source>No active major incident</source>
        <translation>Kein aktiver Major Incident</translation>
    </message>
    <message>
        <source>SEV ?</source>
        <translation>SEV ?</translation>
    </message>
    <message>
        <source>  (candidate)</source>
        <translation>  (Kandidat)</translation>
    </message>
    <message>
        <source>Elapsed %1:%2:%3 · %4 · %5</source>
        <translation>Dauer %1:%2:%3 · %4 · %5</translation>
    </message>
    <message>
        <source>No step running or waiting</source>
        <translation>Kein Schritt läuft oder wartet</translation>
    </message>
    <message>
        <source>Current step: %1</source>
        <translation>Aktueller Schritt: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s) pending</source>
        <translation>
            <numerusform>%n Schritt offen</numerusform>
            <numerusform>%n Schritte offen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>No approvals pending</source>
        <translation>Keine Freigaben offen</translation>
    </message>
    <message numerus="yes">
        <source>%n approval(s) pending</source>
        <translation>
            <numerusform>%n Freigabe offen</numerusform>
            <numerusform>%n Freigaben offen</numerusform>
        </translation>
    </message>
    <message>
        <source>SEV %1</source>
        <translation>SEV %1</translation>
    </message>
    <message>
        <source>No incident commander yet</source>
        <translation>Noch kein Incident Commander</translation>
    </message>
    <message>
        <source>Commander: %1</source>
        <translation>Commander: %1</translation>
    </message>
    <message>
        <source>Commander: %1 · Comms: %2</source>
        <translation>Commander: %1 · Kommunikation: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) blocked</source>
        <translation>
            <numerusform>%n Aufgabe blockiert</numerusform>
            <numerusform>%n Aufgaben blockiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) overdue</source>
        <translation>
            <numerusform>%n Aufgabe überfällig</numerusform>
            <numerusform>%n Aufgaben überfällig</numerusform>
        </translation>
    </message>
</context>
</TS>
