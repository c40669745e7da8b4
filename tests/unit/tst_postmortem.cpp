// Postmortems, read-ins and status drafts from a resolved incident's
// timeline; the PDF is checked structurally (xref offsets, page tree,
// stream lengths) and with pdftotext where poppler-utils is installed.
#include "pdfwriter.h"
#include "postmortem.h"

#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

const QDateTime t0 = QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);

AuditEvent event(qint64 seq, int minute, const QString &actor, const QString &type, const QJsonObject &payload)
{
    AuditEvent e;
    e.seq = seq;
    e.time = t0.addSecs(minute * 60);
    e.actor = actor;
    e.incidentId = 42;
    e.type = type;
    e.payload = AuditEvent::canonicalPayload(payload);
    return e;
}

PlanStep step(const QString &id, StepKind kind, const QString &title, StepState state, const QString &owner = {})
{
    PlanStep s;
    s.id = id;
    s.kind = kind;
    s.title = title;
    s.state = state;
    s.owner = owner;
    return s;
}

PostmortemInput sampleInput()
{
    PostmortemInput in;
    Incident &inc = in.record.incident;
    inc.id = 42;
    inc.title = u"Checkout API 5xx after connection pool exhaustion"_s;
    inc.description = u"Payments p99 8 s, 12% of checkouts failed."_s;
    inc.service = u"payments-api"_s;
    inc.source = u"alertmanager"_s;
    inc.severity = Severity::Sev1;
    inc.state = IncidentState::Resolved;
    inc.owner = u"alice"_s;
    inc.major = u"declared"_s;
    inc.majorBy = u"mia"_s;
    inc.createdAt = t0;
    in.record.plan.summary = u"Raise the pool and restart"_s;
    in.record.plan.steps
        = {step(u"s1"_s, StepKind::Diagnose, u"Check pool metrics"_s, StepState::Succeeded),
           step(u"s2"_s, StepKind::Remediate, u"Raise pool_size to 20"_s, StepState::Succeeded),
           step(u"s3"_s, StepKind::Manual, u"Tell the card processor"_s, StepState::Pending, u"bob"_s)};
    in.record.plan.steps[2].dueAt = t0.addSecs(90 * 60);
    Approval a;
    a.stepId = u"s2"_s;
    a.user = u"carol"_s;
    a.roles = {u"change-approver"_s};
    a.contentHash = u"ab12cd34ef56ab12cd34ef56"_s;
    a.at = t0.addSecs(14 * 60);
    a.comment = u"pool change is reversible"_s;
    in.record.approvals = {a};
    ExecutionRun run;
    run.id = u"r1"_s;
    run.stepId = u"s2"_s;
    run.mode = u"apply"_s;
    run.environment = u"uat"_s;
    run.startedAt = t0.addSecs(16 * 60);
    ExecutionPhase phase;
    phase.name = u"apply"_s;
    phase.startedAt = run.startedAt;
    phase.outcome = u"changed"_s;
    phase.exitCode = 0;
    run.phases = {phase};
    in.record.runs = {run};

    in.events = {
        event(1, 0, u"alertmanager"_s, u"incident.created"_s, {{u"title"_s, inc.title}}),
        event(3, 5, u"mia"_s, u"incident.promoted"_s, {{u"reason"_s, u"checkout revenue impact"_s}}),
        event(2, 2, u"triage"_s, u"incident.triaged"_s,
              {{u"classification"_s,
                QJsonObject {{u"category"_s, u"capacity"_s}, {u"severity"_s, u"sev1"_s}, {u"confidence"_s, 0.82}}}}),
        event(4, 6, u"mia"_s, u"incident.assigned"_s, {{u"owner"_s, u"alice"_s}}),
        event(5, 10, u"alice"_s, u"plan.submitted"_s, {{u"steps"_s, 3}}),
        event(6, 14, u"carol"_s, u"step.approved"_s, {{u"approval"_s, a.toJson()}}),
        event(7, 16, u"warroom"_s, u"step.started"_s, {{u"step"_s, u"s2"_s}}),
        event(8, 19, u"warroom"_s, u"step.finished"_s,
              {{u"step"_s, u"s2"_s}, {u"succeeded"_s, true}, {u"summary"_s, u"pool_size=20 applied"_s}}),
        event(9, 20, u"warroom"_s, u"evidence.added"_s,
              {{u"evidence"_s, QJsonObject {{u"id"_s, 7}, {u"title"_s, u"apply output for s2"_s}}}}),
        event(10, 41, u"alice"_s, u"incident.resolved"_s, {{u"summary"_s, u"error rate back to 0.1% (baseline)"_s}}),
    };
    Evidence ev;
    ev.id = 7;
    ev.incidentId = 42;
    ev.stepId = u"s2"_s;
    ev.runId = u"r1"_s;
    ev.kind = u"phase-output"_s;
    ev.title = u"apply output for s2"_s;
    ev.sha256 = u"0f1e2d3c4b5a69788796a5b4c3d2e1f0"_s;
    ev.createdBy = u"warroom"_s;
    ev.createdAt = t0.addSecs(20 * 60);
    in.evidence = {ev};
    in.whys = {u"The pool ran out of connections under the Black Friday load."_s,
               u"It was Dave's fault: human error when he sized the pool."_s};
    in.rootCause = u"Pool size is a hand-set constant with no load test gate."_s;
    in.actions = {{u"Add a load-test gate for pool settings"_s, u"bob"_s, QDate(2026, 12, 15), u"open"_s, u"OPS-18"_s},
                  {u"Alert on pool saturation at 80%"_s, QString(), QDate(), u"open"_s, QString()}};
    in.author = u"alice"_s;
    in.generatedAt = t0.addSecs(3 * 3600);
    return in;
}

struct PdfCheck
{
    int pages = 0;
    QByteArray text; ///< all literal strings of all content streams, unescaped
};

/// Walks the PDF like a reader: trailer -> startxref -> xref -> objects.
PdfCheck checkPdf(const QByteArray &pdf)
{
    PdfCheck r;
    [&] {
        QVERIFY(pdf.startsWith("%PDF-1.4\n"));
        QVERIFY(pdf.endsWith("%%EOF\n"));
        const qsizetype sx = pdf.lastIndexOf("startxref\n");
        QVERIFY(sx > 0);
        const qsizetype xref = pdf.mid(sx + 10).split('\n').first().toLongLong();
        QCOMPARE(pdf.mid(xref, 5), QByteArray("xref\n"));
        const QList<QByteArray> lines = pdf.mid(xref).split('\n');
        const QList<QByteArray> header = lines[1].split(' ');
        QCOMPARE(header[0], QByteArray("0"));
        const int count = header[1].toInt();
        QCOMPARE(lines[2], QByteArray("0000000000 65535 f "));
        const QRegularExpression sizeRe(u"/Size (\\d+)"_s);
        QCOMPARE(sizeRe.match(QString::fromLatin1(pdf.mid(sx - 200))).captured(1).toInt(), count);
        int pageObjects = 0;
        for (int i = 1; i < count; ++i) {
            const QByteArray &entry = lines[2 + i];
            QCOMPARE(entry.size(), 19); // 20 bytes with the '\n'
            QVERIFY(entry.endsWith(" 00000 n "));
            const qsizetype offset = entry.left(10).toLongLong();
            const QByteArray head = QByteArray::number(i) + " 0 obj\n";
            QCOMPARE(pdf.mid(offset, head.size()), head);
            const qsizetype end = pdf.indexOf("endobj", offset);
            const QByteArray obj = pdf.mid(offset, end - offset);
            if (obj.contains("/Type /Page "))
                ++pageObjects;
            const qsizetype streamAt = obj.indexOf("stream\n");
            if (streamAt >= 0) {
                const QRegularExpression lenRe(u"/Length (\\d+)"_s);
                const int length = lenRe.match(QString::fromLatin1(obj)).captured(1).toInt();
                QCOMPARE(obj.mid(streamAt + 7 + length, 9), QByteArray("endstream"));
                const QByteArray stream = obj.mid(streamAt + 7, length);
                // Literal strings, with \\, \( and \) unescaped.
                for (qsizetype p = stream.indexOf('('); p >= 0; p = stream.indexOf('(', p)) {
                    QByteArray s;
                    ++p;
                    while (p < stream.size() && stream[p] != ')') {
                        if (stream[p] == '\\')
                            ++p;
                        s += stream[p++];
                    }
                    r.text += s + '\n';
                }
            }
        }
        const QRegularExpression countRe(u"/Type /Pages /Kids \\[[^\\]]*\\] /Count (\\d+)"_s);
        r.pages = countRe.match(QString::fromLatin1(pdf)).captured(1).toInt();
        QCOMPARE(pageObjects, r.pages);
    }();
    return r;
}

} // namespace

class TestPostmortem : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void markdownHasTimelineApprovalsEvidence();
    void everyEventReadsAsASentenceAndRepeatsAreCounted();
    void blamelessWording_data();
    void blamelessWording();
    void fiveWhysScaffold();
    void pdfStructureAndText();
    void pdfPaginatesAndEscapes();
    void pdftotextReadsIt();
    void readInForLateJoiners();
    void statusDrafts();
};

void TestPostmortem::everyEventReadsAsASentenceAndRepeatsAreCounted()
{
    PostmortemInput in = sampleInput();
    in.events = {
        ::event(1, 0, u"warroomd"_s, u"incident.created"_s, {{u"title"_s, u"Checkout API 5xx"_s}}),
        // The source sends the alert again and again: one line, with how often.
        ::event(2, 1, u"alertmanager"_s, u"incident.updated"_s, {{u"status"_s, u"firing"_s}}),
        ::event(3, 2, u"alertmanager"_s, u"incident.updated"_s, {{u"status"_s, u"firing"_s}}),
        ::event(4, 3, u"alertmanager"_s, u"incident.updated"_s, {{u"status"_s, u"firing"_s}}),
        ::event(5, 4, u"dave"_s, u"command.refused"_s,
                {{u"command"_s, u"step.approved"_s},
                 {u"reason"_s, u"approving needs mim or responder; dave has viewer"_s}}),
        ::event(6, 5, u"warroomd"_s, u"plan.refused"_s,
                {{u"source"_s, u"dip:DIP-SERVICE-RESTART"_s}, {u"reason"_s, u"playbook not in the whitelist"_s}}),
        ::event(7, 6, u"carol"_s, u"step.added"_s,
                {{u"step"_s, QJsonObject {{u"id"_s, u"s9"_s}, {u"title"_s, u"Drain the bad node"_s}}}}),
        ::event(8, 7, u"warroomd"_s, u"execution.refused"_s,
                {{u"step"_s, u"s9"_s}, {u"run"_s, u"r1"_s}, {u"reason"_s, u"the pin does not match"_s}}),
        ::event(9, 8, u"alertmanager"_s, u"incident.source_resolved"_s, {}),
        ::event(10, 9, u"warroomd"_s, u"remediation.validated"_s, {{u"draft"_s, u"d1"_s}, {u"passed"_s, true}}),
        ::event(11, 10, u"warroomd"_s, u"llm.analysis"_s,
                {{u"refined"_s, false}, {u"flags"_s, QJsonArray {u"asked to lower the severity"_s}}}),
    };
    const Postmortem pm = Postmortem::build(in);
    QStringList texts;
    for (const TimelineEntry &t : pm.timeline)
        if (t.kind != u"run"_s)
            texts.append(t.text);
    QCOMPARE(
        texts,
        (QStringList {
            u"Incident reported: Checkout API 5xx"_s, u"The source reported it again (3 times, the last at 09:03:00)"_s,
            u"Refused by the coordinator: step.approved (approving needs mim or responder; dave has viewer)"_s,
            u"Plan from dip:DIP-SERVICE-RESTART refused by policy: playbook not in the whitelist"_s,
            u"Step s9 added: Drain the bad node"_s, u"Step s9 not run: the pin does not match"_s,
            u"The source reported it resolved"_s, u"Remediation draft d1 validated: passed"_s,
            u"The language model's advice was not taken; flagged: asked to lower the severity"_s}));
    // No raw event type with its JSON anywhere.
    for (const QString &t : std::as_const(texts))
        QVERIFY2(!t.contains(u'{'), qPrintable(t));
    // Decisions are never folded together: two approvals are two lines.
    in.events = {::event(1, 0, u"mia"_s, u"step.approved"_s, {{u"approval"_s, QJsonObject {{u"step"_s, u"s1"_s}}}}),
                 ::event(2, 1, u"mia"_s, u"step.approved"_s, {{u"approval"_s, QJsonObject {{u"step"_s, u"s1"_s}}}})};
    QCOMPARE(Postmortem::build(in).decisions.size(), 2);
}

void TestPostmortem::markdownHasTimelineApprovalsEvidence()
{
    const Postmortem pm = Postmortem::build(sampleInput());
    const QString md = pm.toMarkdown();
    QVERIFY(md.startsWith(u"# Postmortem: INC-42 Checkout API 5xx"_s));
    // Timeline in time order with sources, whatever order the events came in.
    const qsizetype triaged
        = md.indexOf(u"| 2026-11-22 09:02:00 | event | triage | Triage classified it as capacity, severity sev1"_s);
    const qsizetype promoted = md.indexOf(
        u"| 2026-11-22 09:05:00 | decision | mia | Declared a major incident: checkout revenue impact | audit #3 incident.promoted |"_s);
    QVERIFY(triaged > 0);
    QVERIFY(promoted > triaged);
    QVERIFY(md.contains(
        u"| 2026-11-22 09:14:00 | decision | carol | Approved step s2: pool change is reversible | audit #6 step.approved |"_s));
    QVERIFY(md.contains(
        u"| 2026-11-22 09:16:00 | run | warroom | apply of step s2 (apply mode, uat): changed, exit 0 | run r1 phase apply |"_s));
    QVERIFY(md.contains(u"| evidence | warroom | Evidence kept: apply output for s2 |"_s));
    QVERIFY(md.contains(u"Resolved: error rate back to 0.1% (baseline)"_s));
    QCOMPARE(pm.timeline.size(), 11);
    QCOMPARE(pm.decisions.size(), 5); // promoted, assigned, submitted, approved, resolved
    // Approvals and evidence sections.
    QVERIFY(md.contains(
        u"- 2026-11-22 09:14:00 UTC — carol (change-approver) approved step s2, content ab12cd34ef56: pool change is reversible"_s));
    QVERIFY(md.contains(
        u"- Evidence #7 (phase-output) apply output for s2 — step s2, sha256 0f1e2d3c4b5a6978, by warroom"_s));
    // Summary numbers come from the record.
    QVERIFY(md.contains(u"declared a major incident at 2026-11-22 09:05:00 UTC"_s));
    QVERIFY(md.contains(u"3 steps: 2 succeeded, 0 failed; 1 approvals"_s));
    QVERIFY(md.contains(u"resolved at 2026-11-22 09:41:00 UTC, 41 min after it was reported"_s));
    // Corrective actions with owners and due dates; a missing owner shows.
    QVERIFY(md.contains(u"| Add a load-test gate for pool settings | bob | 2026-12-15 | open | OPS-18 |"_s));
    {
        // A rollback names the step it undoes and the rollback step (the payload's step is the new one).
        PostmortemInput in = sampleInput();
        in.events.append(::event(11, 25, u"alice"_s, u"step.rollback_requested"_s,
                                 {{u"step"_s, QJsonObject {{u"id"_s, u"s2-rollback"_s}, {u"kind"_s, u"rollback"_s}}},
                                  {u"reverses"_s, u"s2"_s}}));
        const QString withRollback = Postmortem::build(in).toMarkdown();
        QVERIFY2(withRollback.contains(u"Rollback s2-rollback requested for step s2"_s), qPrintable(withRollback));
    }
    QVERIFY(md.contains(u"| Alert on pool saturation at 80% | _unassigned_ | _no date_ | open |  |"_s));
    // JSON form for the API.
    const QJsonObject json = pm.toJson();
    QCOMPARE(json.value(u"timeline"_s).toArray().size(), 11);
    QCOMPARE(json.value(u"incident"_s).toString(), u"INC-42"_s);
}

void TestPostmortem::blamelessWording_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("human error") << u"Root cause: human error."_s << u"Root cause: a gap in our tooling or process."_s;
    QTest::newRow("someone's fault") << u"It was Dave's fault."_s << u"a contributing factor."_s;
    QTest::newRow("careless") << u"The deploy was careless"_s << u"The deploy without a safeguard"_s;
    QTest::newRow("should have known") << u"Ops should have known"_s << u"Ops had no signal that showed"_s;
    QTest::newRow("neutral text unchanged")
        << u"The pool ran out of connections."_s << u"The pool ran out of connections."_s;
}

void TestPostmortem::blamelessWording()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QStringList changes;
    QCOMPARE(blameless(in, &changes), out);
    QCOMPARE(changes.isEmpty(), in == out);
}

void TestPostmortem::fiveWhysScaffold()
{
    const Postmortem pm = Postmortem::build(sampleInput());
    QCOMPARE(pm.whys.size(), 5);
    QCOMPARE(pm.whys[0], u"The pool ran out of connections under the Black Friday load."_s);
    QVERIFY(!pm.whys[1].contains(u"fault"_s, Qt::CaseInsensitive));
    QVERIFY(!pm.whys[1].contains(u"human error"_s, Qt::CaseInsensitive));
    QVERIFY(pm.whys[2].startsWith(u"_To answer:_ Why was that condition present?"_s));
    QCOMPARE(pm.reworded.size(), 2);
    const QString md = pm.toMarkdown();
    QVERIFY(!md.contains(u"human error"_s, Qt::CaseInsensitive));
    QVERIFY(md.contains(u"**Root cause:** Pool size is a hand-set constant"_s));
}

void TestPostmortem::pdfStructureAndText()
{
    const QByteArray pdf = Postmortem::build(sampleInput()).toPdf();
    const PdfCheck c = checkPdf(pdf);
    QVERIFY(c.pages >= 1);
    // Wrapped lines are separate strings: read them as one text.
    const QByteArray text = QByteArray(c.text).replace('\n', ' ');
    QVERIFY(text.contains("Postmortem: INC-42 Checkout API 5xx after connection pool exhaustion"));
    QVERIFY(text.contains("carol: Approved step s2: pool change is reversible"));
    QVERIFY(text.contains("Evidence #7 (phase-output) apply output for s2"));
    QVERIFY(text.contains("Add a load-test gate for pool settings"));
    QVERIFY(text.contains("\x95 ")); // the bullet in WinAnsi
    QVERIFY(text.contains("Page 1 of "));
}

void TestPostmortem::pdfPaginatesAndEscapes()
{
    PdfWriter w;
    w.setTitle(u"Escapes (and) \\ back"_s);
    w.addParagraph(u"Störung – €5 (parens) and back\\slash 日本"_s);
    for (int i = 0; i < 150; ++i)
        w.addParagraph(
            u"Line %1 of a long timeline that keeps going and going so that it needs to wrap onto a second "_s
            u"line at the Helvetica widths of this page"_s.arg(i));
    const QByteArray pdf = w.finish();
    const PdfCheck c = checkPdf(pdf);
    QVERIFY2(c.pages >= 5, QByteArray::number(c.pages).constData());
    QVERIFY(c.text.contains("St\xF6rung \x96 \x80"
                            "5 (parens) and back\\slash ??"));
    QVERIFY(c.text.contains("Line 149 of a long"));
    QVERIFY(pdf.contains("(Escapes \\(and\\) \\\\ back)"));
    QVERIFY(c.text.contains(QByteArray("Page " + QByteArray::number(c.pages) + " of " + QByteArray::number(c.pages))));
    QCOMPARE(PdfWriter::toWinAnsi(u"a\u2014b"_s),
             QByteArray("a\x97"
                        "b"));
    QCOMPARE(PdfWriter::textWidth("Hi", false), 722 + 222);
    // No line is wider than the text area (483 pt at 10.5 pt).
    for (const QByteArray &line : c.text.split('\n'))
        QVERIFY(PdfWriter::textWidth(line, false) * 10.5 / 1000 <= 595.28 - 2 * 56 + 0.01);
}

void TestPostmortem::pdftotextReadsIt()
{
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    if (pdftotext.isEmpty())
        QSKIP("pdftotext (poppler-utils) is not installed; structure is checked by pdfStructureAndText");
    QTemporaryDir dir;
    QFile f(dir.filePath(u"pm.pdf"_s));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(Postmortem::build(sampleInput()).toPdf());
    f.close();
    QProcess p;
    p.start(pdftotext, {f.fileName(), u"-"_s});
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 0);
    const QString text = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY(text.contains(u"Approved step s2"_s));
    QVERIFY(text.contains(u"apply output for s2"_s));
}

void TestPostmortem::readInForLateJoiners()
{
    const PostmortemInput in = sampleInput();
    PostmortemInput running = in;
    running.record.incident.state = IncidentState::Executing;
    running.record.plan.steps[1].state = StepState::Running;
    running.record.plan.steps[1].startedAt = t0.addSecs(16 * 60);
    running.events.removeLast(); // not resolved yet
    const ReadIn r = readIn(running.record, running.events, t0.addSecs(20 * 60));
    QVERIFY(r.whatHappened.startsWith(
        u"INC-42: Checkout API 5xx after connection pool exhaustion. Reported 2026-11-22 09:00:00 UTC via alertmanager"_s));
    QCOMPARE(r.decided.size(), 4);
    QCOMPARE(r.decided[0], u"09:05 mia: Declared a major incident: checkout revenue impact"_s);
    QCOMPARE(r.decided[3], u"09:14 carol: Approved step s2: pool change is reversible"_s);
    QCOMPARE(r.running,
             (QStringList {u"step s2 (Raise pool_size to 20) running since 09:16"_s,
                           u"step s3 (Tell the card processor) waiting (manual)"_s}));
    QVERIFY(r.owners.contains(u"incident: alice"_s));
    QVERIFY(r.owners.contains(u"step s3 (Tell the card processor): bob, due 10:30"_s));
    // A declared major incident without a commander says so first.
    QVERIFY(r.toMarkdown().contains(u"## Who owns what\n\n- incident commander: NOT ASSIGNED\n- incident: alice\n"_s));

    // Later: the task is past its due time, then blocked; command is named.
    running.record.incident.commander = u"mia"_s;
    running.record.incident.commsLead = u"carol"_s;
    const ReadIn late = readIn(running.record, running.events, t0.addSecs(100 * 60));
    QVERIFY(late.running.contains(u"task s3 OVERDUE since 10:30"_s));
    QCOMPARE(late.owners.first(), u"incident commander: mia"_s);
    QVERIFY(late.owners.contains(u"comms lead: carol"_s));
    running.record.plan.steps[2].blocked = true;
    running.record.plan.steps[2].blockedReason = u"no phone number for the processor"_s;
    const ReadIn blocked = readIn(running.record, running.events, t0.addSecs(100 * 60));
    QVERIFY(blocked.running.contains(u"task s3 BLOCKED: no phone number for the processor"_s));
    QVERIFY(!blocked.running.contains(u"task s3 OVERDUE since 10:30"_s));

    // What ran and how: a failed change says so first-hand, with its reason.
    QCOMPARE(blocked.done.size(), 1);
    QCOMPARE(blocked.done.first(), u"step s1 (Check pool metrics) succeeded"_s);
    running.record.plan.steps[1].state = StepState::Failed;
    running.record.plan.steps[1].finishedAt = t0.addSecs(21 * 60);
    running.record.plan.steps[1].resultSummary = u"validation: 5xx still at 12% after the change"_s;
    const ReadIn failed = readIn(running.record, running.events, t0.addSecs(22 * 60));
    QVERIFY(failed.done.contains(
        u"step s2 (Raise pool_size to 20) FAILED at 09:21: validation: 5xx still at 12% after the change"_s));
    QVERIFY(!failed.running.join(u'\n').contains(u"step s2"_s));
    QVERIFY(failed.toMarkdown().contains(u"## What was done\n\n- step s1 (Check pool metrics) succeeded"_s));
    QVERIFY(failed.toJson().value(u"done"_s).toArray().size() == 2);
}

void TestPostmortem::statusDrafts()
{
    const PostmortemInput in = sampleInput();
    const QDateTime now = t0.addSecs(45 * 60);
    const QString internal
        = statusUpdateDraft(Audience::Internal, in.record, in.events, in.evidence, now, now.addSecs(1800));
    QVERIFY(internal.startsWith(u"[SEV1] INC-42 status update (2026-11-22 09:45:00 UTC)"_s));
    QVERIFY(internal.contains(u"- 09:14 carol: Approved step s2"_s));
    QVERIFY(internal.contains(u"- step s3 (Tell the card processor): bob, due 10:30"_s));
    QVERIFY(internal.contains(u"Next update by 2026-11-22 10:15:00 UTC."_s));

    const QString exec = statusUpdateDraft(Audience::Executive, in.record, in.events, in.evidence, now);
    QVERIFY(exec.contains(u"Impact: payments-api is affected since 2026-11-22 09:00:00 UTC (41 min so far)."_s));
    QVERIFY(exec.contains(u"Status: resolved at 2026-11-22 09:41:00 UTC."_s));
    QVERIFY(exec.contains(u"Risk: major incident declared; the response is coordinated by alice."_s));
    QVERIFY(exec.contains(u"Recovery: 2 of 3 plan steps done, 1 open."_s));
    QVERIFY(!exec.contains(u"audit #"_s));

    const QString external = statusUpdateDraft(Audience::External, in.record, in.events, in.evidence, now);
    QVERIFY(external.contains(u"- 2026-11-22 09:00:00 UTC Incident reported"_s));
    // The step by its title, not the playbook's output.
    QVERIFY2(external.contains(u"- 2026-11-22 09:19:00 UTC Step s2 (Raise pool_size to 20) succeeded\n"_s),
             qPrintable(external));
    QVERIFY(!external.contains(u"pool_size=20 applied"_s));
    QVERIFY(external.contains(u"Evidence retained: 1 item(s): apply output for s2 (sha256 0f1e2d3c4b5a)."_s));
    QVERIFY(external.contains(u"Service was restored at 2026-11-22 09:41:00 UTC."_s));
    QVERIFY(!external.contains(u"Ownership given"_s)); // staffing stays internal
    QVERIFY(!external.contains(u"carol"_s)); // and the change approvers and their notes
    QVERIFY(!external.contains(u"pool change is reversible"_s));
    QVERIFY(external.indexOf(u"09:00:00"_s) < external.indexOf(u"09:05:00"_s));
    QVERIFY(external.indexOf(u"09:05:00"_s) < external.indexOf(u"09:19:00"_s));
    // The impact in words is a person's: the draft cannot be published as it is.
    QVERIFY(external.contains(u"Customer impact: "_s + StatusUpdate::kFillIn));

    // Mitigated, not yet resolved: each audience says so.
    PostmortemInput mitigated = sampleInput();
    mitigated.events.removeIf([](const AuditEvent &e) { return e.type == u"incident.resolved"_s; });
    mitigated.record.incident.state = IncidentState::AwaitingApproval;
    mitigated.record.incident.resolvedAt = {};
    mitigated.record.incident.mitigatedAt = t0.addSecs(19 * 60);
    const QString execMitigated
        = statusUpdateDraft(Audience::Executive, mitigated.record, mitigated.events, mitigated.evidence, now);
    QVERIFY2(execMitigated.contains(u"Impact: payments-api was affected from 2026-11-22 09:00:00 UTC until it was "
                                    "mitigated at 2026-11-22 09:19:00 UTC (19 min)."_s),
             qPrintable(execMitigated));
    QVERIFY(execMitigated.contains(u"Status: awaiting approval."_s));
    const QString extMitigated
        = statusUpdateDraft(Audience::External, mitigated.record, mitigated.events, mitigated.evidence, now);
    QVERIFY2(extMitigated.contains(u"The impact was mitigated at 2026-11-22 09:19:00 UTC; we are monitoring until "
                                   "recovery is confirmed."_s),
             qPrintable(extMitigated));
    QVERIFY(!extMitigated.contains(u"We are working to restore service"_s));

    QCOMPARE(audienceFromString(u"executive"_s), std::optional(Audience::Executive));
    QVERIFY(!audienceFromString(u"press"_s));
}

QTEST_GUILESS_MAIN(TestPostmortem)
#include "tst_postmortem.moc"
