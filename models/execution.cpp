#include "execution.h"

#include "jsonlist.h"
#include "jsonreader.h"

using namespace Qt::StringLiterals;

namespace warroom {

QJsonObject TaskResult::toJson() const
{
    return {{u"host"_s, host}, {u"task"_s, task},    {u"status"_s, status}, {u"duration_ms"_s, durationMs},
            {u"diff"_s, diff}, {u"output"_s, output}};
}

Expected<TaskResult> TaskResult::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"task"_s);
    TaskResult t;
    t.host = r.string("host"_L1);
    t.task = r.string("task"_L1);
    t.status = r.string("status"_L1, true, 32);
    t.durationMs = r.integer("duration_ms"_L1);
    t.diff = r.string("diff"_L1, false, 1 << 20);
    t.output = r.string("output"_L1, false, 1 << 20);
    if (!r.ok())
        return r.error();
    return t;
}

QJsonObject ExecutionPhase::toJson() const
{
    return {{u"name"_s, name},
            {u"playbook"_s, playbookId},
            {u"argv"_s, QJsonArray::fromStringList(argv)},
            {u"playbook_sha256"_s, playbookSha256},
            {u"started_at"_s, toIsoTime(startedAt)},
            {u"finished_at"_s, toIsoTime(finishedAt)},
            {u"exit_code"_s, exitCode},
            {u"outcome"_s, outcome},
            {u"changed"_s, changed},
            {u"tasks"_s, listToJson(tasks)},
            {u"stdout_tail"_s, stdoutTail},
            {u"stderr_tail"_s, stderrTail}};
}

Expected<ExecutionPhase> ExecutionPhase::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"phase"_s);
    ExecutionPhase p;
    p.name = r.string("name"_L1, true, 32);
    p.playbookId = r.string("playbook"_L1);
    p.argv = r.stringList("argv"_L1);
    p.playbookSha256 = r.string("playbook_sha256"_L1);
    p.startedAt = r.dateTime("started_at"_L1);
    p.finishedAt = r.dateTime("finished_at"_L1);
    p.exitCode = int(r.integer("exit_code"_L1, false, -1));
    p.outcome = r.string("outcome"_L1);
    p.changed = int(r.integer("changed"_L1));
    listFromJson(r, "tasks"_L1, p.tasks);
    p.stdoutTail = r.string("stdout_tail"_L1, false, 1 << 20);
    p.stderrTail = r.string("stderr_tail"_L1, false, 1 << 20);
    if (!r.ok())
        return r.error();
    return p;
}

QJsonObject ExecutionRun::toJson() const
{
    return {{u"id"_s, id},
            {u"step"_s, stepId},
            {u"mode"_s, mode},
            {u"environment"_s, environment},
            {u"started_at"_s, toIsoTime(startedAt)},
            {u"finished_at"_s, toIsoTime(finishedAt)},
            {u"outcome"_s, outcome},
            {u"playbook"_s, playbookId},
            {u"message"_s, message},
            {u"phases"_s, listToJson(phases)}};
}

Expected<ExecutionRun> ExecutionRun::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"run"_s);
    ExecutionRun run;
    run.id = r.string("id"_L1, true, 64);
    run.stepId = r.string("step"_L1, true, 64);
    run.mode = r.string("mode"_L1);
    run.environment = r.string("environment"_L1);
    run.startedAt = r.dateTime("started_at"_L1);
    run.finishedAt = r.dateTime("finished_at"_L1);
    run.outcome = r.string("outcome"_L1);
    run.playbookId = r.string("playbook"_L1);
    run.message = r.string("message"_L1);
    listFromJson(r, "phases"_L1, run.phases);
    if (!r.ok())
        return r.error();
    return run;
}

QJsonObject Evidence::toJson() const
{
    return {{u"id"_s, id},
            {u"incident_id"_s, incidentId},
            {u"step"_s, stepId},
            {u"run"_s, runId},
            {u"kind"_s, kind},
            {u"title"_s, title},
            {u"content"_s, content},
            {u"sha256"_s, sha256},
            {u"created_by"_s, createdBy},
            {u"created_at"_s, toIsoTime(createdAt)}};
}

Expected<Evidence> Evidence::fromJson(const QJsonObject &json)
{
    JsonReader r(json, u"evidence"_s);
    Evidence e;
    e.id = r.integer("id"_L1);
    e.incidentId = r.integer("incident_id"_L1);
    e.stepId = r.string("step"_L1);
    e.runId = r.string("run"_L1);
    e.kind = r.string("kind"_L1, true, 64);
    e.title = r.string("title"_L1);
    e.content = r.string("content"_L1, false, 16 << 20);
    e.sha256 = r.string("sha256"_L1);
    e.createdBy = r.string("created_by"_L1);
    e.createdAt = r.dateTime("created_at"_L1);
    if (!r.ok())
        return r.error();
    return e;
}

} // namespace warroom
