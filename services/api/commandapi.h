#pragma once

namespace warroom {

class ApiServer;
class Coordinator;

/// The incident-command routes on the API server:
/// - `POST .../acknowledge`, `.../mitigate`, `.../severity`, `.../roles`
///   (commander, comms lead, scribe);
/// - `POST .../tasks/{step}/block` and `.../unblock`;
/// - `GET .../readin`, `GET .../status-draft?audience=`, `GET|POST .../status-updates`;
/// - `GET .../postmortem?format=md|pdf|json` and `PUT .../postmortem` (what people write);
/// - `GET /api/v1/stats/response-times` (time to acknowledge, mitigate and
///   resolve per severity and category, for the console's charts).
/// Every change goes through Coordinator::execute and its gates.
void installCommandRoutes(ApiServer &server, Coordinator &coordinator);

} // namespace warroom
