<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <source>Sign in to warroom</source>
        <translation>Bei warroom anmelden</translation>
    </message>
    <message>
        <source>Token for %1:</source>
        <translation>Token für %1:</translation>
    </message>
    <message>
        <source>Save a PNG of the window after a few seconds, then quit.</source>
        <translation>Nach einigen Sekunden ein PNG des Fensters speichern und beenden.</translation>
    </message>
    <message>
        <source>Window size, e.g. 1600x900.</source>
        <translation>Fenstergröße, z. B. 1600x900.</translation>
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
        <source>Incident detail</source>
        <translation>Incident-Details</translation>
    </message>
    <message>
        <source>Select an incident to see its analysis and plan.</source>
        <translation>Wählen Sie einen Incident aus, um Analyse und Plan anzuzeigen.</translation>
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
        <source>Could not load INC-%1: %2</source>
        <translation>INC-%1 konnte nicht geladen werden: %2</translation>
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
        <source>No plan yet.</source>
        <translation>Noch kein Plan.</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
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
        <translation>Maßnahme</translation>
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
        <source>%1 of %2 %3</source>
        <translation>%1 von %2 %3</translation>
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
        <source>Analysis</source>
        <translation>Analyse</translation>
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
        <source>confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <source>Also considered:</source>
        <translation>Ebenfalls erwogen:</translation>
    </message>
    <message>
        <source>Knowledge</source>
        <translation>Wissen</translation>
    </message>
    <message>
        <source>score</source>
        <translation>Score</translation>
    </message>
</context>
</TS>
