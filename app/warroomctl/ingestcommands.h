#pragma once

#include <QStringList>

#include <optional>

namespace warroom {

/// warroomctl's ingestion commands, which speak to Redis, not to the API:
///   publish --file EVENTS.jsonl|- [--redis URL] [--rate N/s] [--pattern SPEC] [--stream NAME]
///   dataset cyber [--count N] [--seed S]
/// Returns the exit code, or nothing when `arguments` is no ingestion command.
std::optional<int> runIngestCommand(const QStringList &arguments);

} // namespace warroom
