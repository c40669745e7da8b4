#pragma once

#include "aftermath.h"
#include "classification.h"
#include "execution.h"
#include "incident.h"
#include "plan.h"

#include <optional>

namespace warroom {

/// The whole workflow of one incident: what came in, what triage found,
/// the plan, the approvals and the runs. The unit the store persists and
/// the state machine transforms.
struct IncidentRecord
{
    Incident incident;
    std::optional<Classification> classification;
    QList<KnowledgeMatch> matches;
    Plan plan;
    QList<Approval> approvals;
    QList<ExecutionRun> runs;
    QList<StatusUpdate> statusUpdates; ///< published, oldest first
    PostmortemNotes postmortem; ///< what people wrote for the after-action

    QJsonObject toJson() const;
    static Expected<IncidentRecord> fromJson(const QJsonObject &json);
    bool operator==(const IncidentRecord &) const = default;
};

} // namespace warroom
