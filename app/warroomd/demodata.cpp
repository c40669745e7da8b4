#include "demodata.h"

using namespace Qt::StringLiterals;

namespace warroom {

Status seedDemoIncidents(Coordinator &coordinator)
{
    Expected<qint64> count = coordinator.store().incidentCount();
    if (!count)
        return count.error();
    if (*count > 0)
        return {};
    const User system = User::system();
    struct Seed
    {
        QString title, description, service, priority, source, externalId;
    };
    const QList<Seed> seeds {
        {u"Salesforce SSO login redirect loop"_s,
         u"Pilot users report an endless redirect between Salesforce and the IdP after the "
         "certificate rotation; all customer-support agents are unable to log in."_s,
         u"salesforce-sso"_s, u"P1"_s, u"pagerduty"_s, u"demo-sso-1"_s},
        {u"Log shipper disk 95% full on log-01"_s,
         u"/var/log on log-01 at 95%; old compressed archives and no journald cap."_s, u"log-shipper"_s, u"P3"_s,
         u"alertmanager"_s, u"demo-disk-1"_s},
        {u"Checkout API 5xx error rate above 20%"_s,
         u"HTTP 5xx rate on checkout-api at 23% for 10 minutes; orders failing for many customers."_s,
         u"checkout-api"_s, u"P1"_s, u"eventbridge"_s, u"demo-5xx-1"_s},
        {u"Support assistant answering with another tenant's data"_s,
         u"An AI support assistant quoted order details belonging to a different customer."_s, u"support-assistant"_s,
         u"P2"_s, u"ai-monitor"_s, u"demo-ai-1"_s},
    };
    for (const Seed &seed : seeds) {
        Incident incident;
        incident.title = seed.title;
        incident.description = seed.description;
        incident.service = seed.service;
        incident.priority = seed.priority;
        incident.source = seed.source;
        incident.externalId = seed.externalId;
        Expected<Submission> sub
            = coordinator.submitIncident(system, incident, u"ext:"_s + seed.source + u':' + seed.externalId, {});
        if (!sub)
            return sub.error();
        // What the offline analyst makes of each: classification, knowledge
        // and a plan from the matching DIP (against the lab for SSO).
        if (!coordinator.knowledge() || coordinator.knowledge()->documents().isEmpty())
            continue;
        Expected<IncidentRecord> r = coordinator.triage(sub->record.incident.id, system);
        if (!r)
            return r.error();
        // The SSO plan goes straight to the approvers: the demo's first gate.
        if (seed.service == "salesforce-sso"_L1 && !r->plan.isEmpty()) {
            if (Expected<IncidentRecord> submitted
                = coordinator.execute(sub->record.incident.id, command::RequestApproval {}, system);
                !submitted)
                return submitted.error();
        }
    }
    return {};
}

} // namespace warroom
