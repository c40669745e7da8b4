#pragma once

#include "llmclient.h"
#include "remediationdraft.h"

namespace warroom {

/// Remediation drafting through a language model, when one is configured.
///
/// The model sees the incident and the steps that fixed it, redacted
/// (keys, tokens, passwords, e-mail and IP addresses masked), never a
/// credential or the configuration. It does not write YAML: it answers
/// `{"tasks": [{"step", "template", "args"}], "notes": [...]}` choosing among
/// the offline drafter's templates (lineinfile, directory, copy, absent,
/// cleanup, service, command) with string arguments, and the playbook is
/// built by the same templates, so every value it gives is quoted (and
/// `!unsafe` where it could be templated) and destructive tasks are marked.
/// Unknown templates, unknown arguments and steps that did not succeed are
/// dropped and listed in the draft's notes. The draft then goes through the
/// same validation and review as any other.
class LlmRemediationDrafter
{
public:
    static const QStringList &templates();

    /// The request for `record` (already redacted).
    static LlmRequest request(const IncidentRecord &record);

    /// Builds the draft from the model's `answer`; `model` names the drafter
    /// ("llm:MODEL"). InvalidInput when nothing usable is left.
    static Expected<RemediationDraft> fromAnswer(const IncidentRecord &record, const QList<AuditEvent> &events,
                                                 const QJsonObject &answer, int sequence, const QDateTime &now,
                                                 const QString &model);
};

} // namespace warroom
