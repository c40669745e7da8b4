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
        <source>Open this page: overview, plan, evidence, timeline, charts.</source>
        <translation>Diese Seite öffnen: overview, plan, evidence, timeline, charts.</translation>
    </message>
    <message>
        <source>The token could not be kept in the system keyring (%1). It is used for this session only.</source>
        <translation>Das Token konnte nicht im Schlüsselbund des Systems gespeichert werden (%1). Es gilt nur für diese Sitzung.</translation>
    </message>
    <message>
        <source>Select this plan step at start (with --incident).</source>
        <translation>Diesen Planschritt beim Start auswählen (mit --incident).</translation>
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
</context>
</TS>
