#include "demodata.h"

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

PlanStep step(const QString &id, StepKind kind, const QString &title, const QString &playbook, Risk risk,
              const QString &env, const QStringList &roles = {})
{
    PlanStep s;
    s.id = id;
    s.kind = kind;
    s.title = title;
    s.playbookId = playbook;
    s.risk = risk;
    s.environment = env;
    s.requiredRoles = roles;
    return s;
}

} // namespace

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
        if (seed.service != "salesforce-sso"_L1) {
            // The others get what the offline analyst makes of them.
            if (coordinator.knowledge() && !coordinator.knowledge()->documents().isEmpty()) {
                if (Expected<IncidentRecord> r = coordinator.triage(sub->record.incident.id, system); !r)
                    return r.error();
            }
            continue;
        }
        Plan plan;
        plan.source = u"dip:sso-certificate-rotation"_s;
        plan.summary = u"Restore the approved IdP certificate in UAT, prove it, then promote."_s;
        // The lab's SSO scenario (docs/lab.md): the patch takes effect at
        // the rolling restart; the pilot login proves recovery.
        plan.steps = {
            step(u"s1"_s, StepKind::Diagnose, u"Check certificate fingerprint drift"_s, u"sso-fingerprint-check"_s,
                 Risk::Low, u"uat"_s, {u"responder"_s, u"mim"_s}),
            step(u"s2"_s, StepKind::Snapshot, u"Snapshot current IdP metadata"_s, u"sso-metadata-snapshot"_s, Risk::Low,
                 u"uat"_s, {u"responder"_s, u"mim"_s}),
            step(u"s3"_s, StepKind::Remediate, u"Patch UAT IdP metadata with the approved certificate"_s,
                 u"sso-metadata-patch"_s, Risk::High, u"uat"_s, {u"change-approver"_s, u"mim"_s}),
            step(u"s4"_s, StepKind::Remediate, u"Rolling restart of the auth deployment to load the metadata"_s,
                 u"service-rolling-restart"_s, Risk::Medium, u"uat"_s, {u"change-approver"_s, u"mim"_s}),
            step(u"s5"_s, StepKind::Validate, u"Pilot login check"_s, u"sso-pilot-login"_s, Risk::Low, u"uat"_s,
                 {u"responder"_s, u"mim"_s}),
        };
        const QJsonObject sso {{u"service"_s, u"salesforce-sso"_s}};
        for (PlanStep &s : plan.steps)
            s.vars = sso;
        plan.steps[2].vars.insert(u"metadata_source"_s, u"approved-store"_s);
        plan.steps[3].vars.insert(u"namespace"_s, u"identity"_s);
        if (Expected<IncidentRecord> r
            = coordinator.execute(sub->record.incident.id, command::ProposePlan {plan}, system);
            !r)
            return r.error();
        if (Expected<IncidentRecord> r
            = coordinator.execute(sub->record.incident.id, command::RequestApproval {}, system);
            !r)
            return r.error();
        // Its analysis too; the reviewed plan above stays (triage proposes a plan only once).
        if (coordinator.knowledge() && !coordinator.knowledge()->documents().isEmpty()) {
            if (Expected<IncidentRecord> r = coordinator.triage(sub->record.incident.id, system); !r)
                return r.error();
        }
    }
    return {};
}

} // namespace warroom
