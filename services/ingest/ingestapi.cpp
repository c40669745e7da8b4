#include "ingestapi.h"

#include "apiserver.h"
#include "ingestparsers.h"
#include "redisconsumer.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

using Method = QHttpServerRequest::Method;
using M = QRegularExpressionMatch;
using R = QHttpServerRequest;

HttpReply tooMany(const QString &source, int retryAfter, double rate)
{
    HttpReply reply = HttpReply::json(
        {{u"error"_s,
          u"too many requests from this sender to %1 (limit %2 a second); retry after %3 s"_s.arg(source).arg(rate).arg(
              retryAfter)},
         {u"retry_after"_s, retryAfter}},
        429);
    reply.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray::number(retryAfter)));
    return reply;
}

QJsonObject single(const IngestResult &r)
{
    QJsonObject json = r.toJson();
    if (r.incidentId > 0)
        json.insert(u"incident"_s, QString(u"INC-"_s + QString::number(r.incidentId)));
    return json;
}

QStringList warningsOf(const QList<IngestEvent> &events)
{
    QStringList out;
    for (const IngestEvent &e : events)
        out += e.warnings;
    return out;
}

/// What was accepted but could not be read, when there is any.
void withWarnings(QJsonObject &json, const QStringList &warnings)
{
    if (!warnings.isEmpty())
        json.insert(u"warnings"_s, QJsonArray::fromStringList(warnings));
}

} // namespace

IngestApi::IngestApi(Ingestor &ingestor, const IngestSettings &settings, QObject *parent)
    : QObject(parent)
    , m_ingestor(ingestor)
    , m_auth(ingestor.coordinator().config().users)
    , m_limiter(settings.ratePerSecond, settings.burst)
{
    for (const PagerDutyIntegration &p : settings.pagerDutyIntegrations)
        m_routingKeys.insert(p.routingKeySha256, p.user);
    m_clock.start();
    m_drainTimer.setSingleShot(true);
    connect(&m_drainTimer, &QTimer::timeout, this, [this] {
        // Webhooks came since the timer was set: the batch waits for them to pause.
        if (m_journal && !m_backlog.isEmpty() && drainDueIn() > 0)
            return scheduleDrain();
        drainJournal();
    });
}

IngestApi::~IngestApi()
{
    flush();
}

void IngestApi::enqueue(const User &user, QList<IngestEvent> events,
                        std::function<HttpReply(const QList<IngestResult> &)> answer, ApiServer::Reply reply)
{
    if (m_journal) {
        // Answered before the commit, so its check comes first: a viewer's
        // webhook is refused now, not found in the journal later.
        if (std::optional<Error> refused = m_ingestor.coordinator().authorizeIngest(user))
            return reply(HttpReply::fromError(*refused));
        const int limit = m_ingestor.settings().journalMaxBacklog;
        if (m_backlogEvents + m_waitingEvents + events.size() > limit) {
            // Storm control for the journal: its backlog is bounded, the sender retries.
            ++m_journalFull;
            HttpReply full = HttpReply::json(
                {{u"error"_s,
                  u"the webhook journal holds %1 events not committed yet (ingest.journal_max_backlog %2); retry "
                  "after 1 s"_s.arg(m_backlogEvents + m_waitingEvents)
                      .arg(limit)},
                 {u"retry_after"_s, 1}},
                429);
            full.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
            return reply(full);
        }
    }
    m_waitingEvents += events.size();
    m_lastRequestAt = m_clock.elapsed();
    m_waiting.append(Waiting {user, std::move(events), std::move(answer), std::move(reply)});
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        // After the other connections' requests read in this turn of the event
        // loop: one transaction for all of them, then each its answer.
        QMetaObject::invokeMethod(this, &IngestApi::flush, Qt::QueuedConnection);
    }
    if (m_afterQueued)
        m_afterQueued();
}

void IngestApi::flush()
{
    m_flushScheduled = false;
    const QList<Waiting> waiting = std::exchange(m_waiting, {});
    m_waitingEvents = 0;
    if (m_journal)
        return journalWaiting(waiting);
    for (qsizetype first = 0; first < waiting.size();) {
        // A run of requests of one sender: the timeline names who sent each event.
        qsizetype end = first + 1;
        while (end < waiting.size() && waiting.at(end).user.name == waiting.at(first).user.name)
            ++end;
        QList<IngestEvent> events;
        for (qsizetype k = first; k < end; ++k)
            events += waiting.at(k).events;
        Expected<QList<IngestResult>> results = m_ingestor.ingest(waiting.at(first).user, events, webhookCommit());
        ++m_commits;
        m_committedRequests += end - first;
        qsizetype offset = 0;
        for (qsizetype k = first; k < end; ++k) {
            const Waiting &w = waiting.at(k);
            if (!results)
                w.reply(HttpReply::fromError(results.error())); // nothing of the run was committed
            else
                w.reply(w.answer(results->mid(offset, w.events.size())));
            offset += w.events.size();
        }
        first = end;
    }
}

Expected<qsizetype> IngestApi::openJournal(const QString &path)
{
    auto journal = std::make_unique<IngestJournal>(path);
    Expected<IngestJournal::Contents> contents = journal->open();
    if (!contents)
        return contents.error();
    if (contents->rejected > 0)
        qWarning("warroomd: the webhook journal %s held %d unreadable lines; they are in %s", qPrintable(path),
                 contents->rejected, qPrintable(journal->rejectedPath()));
    // What was committed before the daemon stopped is known by its ids.
    QStringList ids;
    for (const IngestJournal::Entry &e : std::as_const(contents->entries)) {
        for (const IngestEvent &event : e.events)
            ids.append(event.eventId);
    }
    QSet<QString> committed;
    for (qsizetype k = 0; k < ids.size(); k += 500) {
        Expected<QHash<QString, IngestedEvent>> stored
            = m_ingestor.coordinator().store().ingestedEvents(ids.mid(k, 500));
        if (!stored)
            return stored.error();
        for (auto it = stored->constBegin(); it != stored->constEnd(); ++it)
            committed.insert(it.key());
    }
    m_journal = std::move(journal);
    // Due at once: they waited while the daemon was down.
    const qint64 due = m_clock.elapsed() - m_ingestor.settings().journalMaxDelayMs;
    qsizetype requeued = 0;
    for (IngestJournal::Entry &e : contents->entries) {
        e.events.removeIf([&](const IngestEvent &event) { return committed.contains(event.eventId); });
        if (e.events.isEmpty())
            continue;
        for (const IngestEvent &event : std::as_const(e.events))
            m_queuedEvents.insert(event.eventId, event.source);
        requeued += e.events.size();
        m_backlogEvents += e.events.size();
        m_backlog.append(Journaled {std::move(e), due});
    }
    if (m_backlog.isEmpty()) {
        if (Status s = m_journal->clear(); !s)
            return s.error();
    }
    scheduleDrain();
    return requeued;
}

void IngestApi::journalWaiting(const QList<Waiting> &waiting)
{
    QList<IngestJournal::Entry> entries;
    entries.reserve(waiting.size());
    for (const Waiting &w : waiting)
        entries.append(IngestJournal::Entry {w.user.name, w.user.roles, w.events});
    const Status written = m_journal->append(entries, m_ingestor.settings().durableWebhooks);
    const qint64 now = m_clock.elapsed();
    for (qsizetype k = 0; k < waiting.size(); ++k) {
        const Waiting &w = waiting.at(k);
        if (!written) {
            w.reply(HttpReply::fromError(written.error())); // 503: not accepted, the sender retries
            continue;
        }
        QList<IngestResult> queued;
        queued.reserve(w.events.size());
        for (const IngestEvent &e : w.events) {
            queued.append(IngestResult {e.eventId, 0, u"queued"_s});
            m_queuedEvents.insert(e.eventId, e.source);
        }
        HttpReply reply = w.answer(queued);
        if (reply.status == 200)
            reply.status = 202; // accepted: committed soon, GET /api/v1/events/{id} tells
        w.reply(reply);
        m_journaledEvents += w.events.size();
        m_backlogEvents += w.events.size();
        m_backlog.append(Journaled {entries.at(k), now});
    }
    scheduleDrain();
}

qint64 IngestApi::drainDueIn() const
{
    const IngestSettings &settings = m_ingestor.settings();
    if (m_backlogEvents >= settings.journalMaxBacklog / 2)
        return 0;
    const qint64 due
        = std::min(m_backlog.first().at + settings.journalMaxDelayMs, m_lastRequestAt + settings.journalQuietMs);
    return std::max<qint64>(0, due - m_clock.elapsed());
}

void IngestApi::scheduleDrain(qint64 atLeast)
{
    if (!m_journal || m_backlog.isEmpty())
        return;
    // Senders first, then the commits: a batch is committed once the
    // webhooks have paused for journal_quiet_ms (the burst is over, or an alert
    // came alone), its oldest event has waited journal_max_delay_ms, or the
    // backlog is half its limit, whichever comes first. A transaction costs
    // about as much for one event as for hundreds, and one that runs while
    // senders wait holds them all up.
    const qint64 delay = std::max(atLeast, drainDueIn());
    if (!m_drainTimer.isActive() || m_drainTimer.remainingTime() > delay)
        m_drainTimer.start(int(delay));
}

void IngestApi::drainJournal()
{
    if (!m_journal || m_backlog.isEmpty())
        return;
    const IngestSettings &settings = m_ingestor.settings();
    if (m_drainTimer.isActive())
        m_drainTimer.stop(); // called directly (tests, shutdown)
    // Backpressure, as the stream's: while triage is far behind, wait.
    if (m_ingestor.coordinator().triageBacklog() > settings.maxTriageBacklog) {
        m_drainTimer.start(50);
        return;
    }
    ++m_journalDrains;
    qsizetype taken = 0; // entries of the backlog committed
    qsizetype events = 0;
    while (taken < m_backlog.size() && events < settings.batchSize) {
        // A run of one sender's requests: the timeline names who sent each event.
        qsizetype end = taken + 1;
        qsizetype runEvents = m_backlog.at(taken).entry.events.size();
        while (end < m_backlog.size() && m_backlog.at(end).entry.user == m_backlog.at(taken).entry.user
               && events + runEvents < settings.batchSize) {
            runEvents += m_backlog.at(end).entry.events.size();
            ++end;
        }
        QList<IngestEvent> batch;
        batch.reserve(runEvents);
        for (qsizetype k = taken; k < end; ++k)
            batch += m_backlog.at(k).entry.events;
        const IngestJournal::Entry &first = m_backlog.at(taken).entry;
        const User sender {first.user, QString(), first.roles};
        Expected<QList<IngestResult>> results = m_ingestor.ingest(sender, batch, webhookCommit());
        if (!results
            && (results.error().code == ErrorCode::Forbidden || results.error().code == ErrorCode::InvalidInput)) {
            // Never to be committed (a journal line edited to another sender):
            // left out, said so, and the rest goes on.
            m_journalDropped += batch.size();
            qWarning("warroomd: %lld journaled webhook events of %s left out: %s", qlonglong(batch.size()),
                     qPrintable(first.user), qPrintable(results.error().message));
            for (const IngestEvent &e : std::as_const(batch))
                m_queuedEvents.remove(e.eventId);
            events += runEvents;
            taken = end;
            continue;
        }
        if (!results) {
            // Kept, in order, and tried again in a second (the store may be busy or full).
            ++m_journalFailures;
            qWarning("warroomd: committing %lld journaled webhook events failed (retried in 1 s): %s",
                     qlonglong(batch.size()), qPrintable(results.error().message));
            break;
        }
        for (const IngestEvent &e : std::as_const(batch))
            m_queuedEvents.remove(e.eventId);
        ++m_commits;
        m_committedRequests += end - taken;
        events += runEvents;
        taken = end;
    }
    m_backlog.remove(0, taken);
    m_backlogEvents -= events;
    if (m_backlog.isEmpty()) {
        // All of it is committed: the journal starts again empty.
        if (Status s = m_journal->clear(); !s)
            qWarning("warroomd: %s", qPrintable(s.error().message));
        return;
    }
    if (taken == 0)
        m_drainTimer.start(1000);
    else
        scheduleDrain(2); // a turn for the requests that came meanwhile first
}

Ingestor::Commit IngestApi::webhookCommit() const
{
    return m_ingestor.settings().durableWebhooks ? Ingestor::Commit::Durable : Ingestor::Commit::Normal;
}

Expected<User> IngestApi::pagerDutySender(const QHttpServerRequest &request, const QJsonObject *body) const
{
    const QByteArray authorization = request.value("Authorization");
    if (!authorization.isEmpty())
        return m_auth.authenticateHeader(authorization); // a wrong token is not made good by a routing key
    const Error refused {ErrorCode::Unauthorized,
                         u"authentication required: send Authorization: Bearer TOKEN, or the routing_key of a "
                         "configured PagerDuty integration"_s};
    if (!body || m_routingKeys.isEmpty())
        return refused;
    const QJsonValue key = body->value(u"routing_key"_s);
    if (!key.isString() || key.toString().isEmpty() || key.toString().size() > 64)
        return refused;
    const auto it = m_routingKeys.constFind(hashToken(key.toString()));
    if (it == m_routingKeys.constEnd())
        return Error {ErrorCode::Unauthorized, u"the routing_key is not one of a configured integration"_s};
    return *it;
}

int IngestApi::admit(const QString &source, const User &user)
{
    const int wait = m_limiter.acquire(source + u'|' + user.name, m_clock.elapsed());
    if (wait > 0)
        m_rateLimited[source] += 1;
    return wait;
}

void IngestApi::install(ApiServer &server, const RedisStreamConsumer *stream)
{
    server.addDeferredRoute(
        Method::Post, u"/api/v1/ingest/alertmanager"_s, u"ingest.alertmanager"_s,
        [this](const R &r, const M &, const User &user, const ApiServer::Reply &reply) {
            if (const int wait = admit(u"alertmanager"_s, user))
                return reply(tooMany(u"alertmanager"_s, wait, m_limiter.rate()));
            Expected<QJsonObject> body = ingest::parseObject(r.body());
            if (!body)
                return reply(HttpReply::fromError(body.error()));
            Expected<QList<IngestEvent>> events = ingest::alertmanager(*body);
            if (!events)
                return reply(HttpReply::fromError(events.error()));
            const QStringList warnings = warningsOf(*events);
            enqueue(
                user, std::move(events).value(),
                [warnings](const QList<IngestResult> &results) {
                    QJsonArray items;
                    QJsonArray incidents;
                    QSet<qint64> seen;
                    for (const IngestResult &res : results) {
                        items.append(res.toJson());
                        if (res.incidentId > 0 && !seen.contains(res.incidentId)) {
                            seen.insert(res.incidentId);
                            incidents.append(res.incidentId);
                        }
                    }
                    QJsonObject json {{u"status"_s, u"ok"_s}, {u"incidents"_s, incidents}, {u"events"_s, items}};
                    withWarnings(json, warnings);
                    return HttpReply::json(json);
                },
                reply);
        });
    auto alarm = [this](const QString &source, auto parse) {
        return [this, source, parse](const R &r, const M &, const User &user, const ApiServer::Reply &reply) {
            if (const int wait = admit(source, user))
                return reply(tooMany(source, wait, m_limiter.rate()));
            Expected<QJsonObject> body = ingest::parseObject(r.body());
            if (!body)
                return reply(HttpReply::fromError(body.error()));
            Expected<IngestEvent> event = parse(*body);
            if (!event)
                return reply(HttpReply::fromError(event.error()));
            enqueue(
                user, {*event},
                [warnings = event->warnings](const QList<IngestResult> &results) {
                    QJsonObject json = single(results.first());
                    withWarnings(json, warnings);
                    return HttpReply::json(json);
                },
                reply);
        };
    };
    server.addDeferredRoute(Method::Post, u"/api/v1/ingest/eventbridge"_s, u"ingest.eventbridge"_s,
                            alarm(u"eventbridge"_s, [](const QJsonObject &b) { return ingest::eventBridge(b); }));
    server.addDeferredRoute(Method::Post, u"/alert"_s, u"ingest.alert"_s,
                            alarm(u"alert"_s, [](const QJsonObject &b) { return ingest::alertWrapper(b); }));
    // Authenticated here, not by the server: PagerDuty senders such as
    // Grafana's contact point carry only the routing_key in the body.
    server.addDeferredRoute(
        Method::Post, u"/api/v1/ingest/pagerduty"_s, u"ingest.pagerduty"_s,
        [this](const R &r, const M &, const User &, const ApiServer::Reply &reply) {
            // PagerDuty's own answer shapes, plus our {"error"}.
            auto invalid = [](const Error &e, const QStringList &problems = {}) {
                if (e.code != ErrorCode::InvalidInput)
                    return HttpReply::fromError(e);
                return HttpReply::json(
                    {{u"status"_s, u"invalid event"_s},
                     {u"message"_s, u"Event object is invalid"_s},
                     {u"errors"_s, problems.isEmpty() ? QJsonArray {e.message} : QJsonArray::fromStringList(problems)},
                     {u"error"_s, e.message}},
                    400);
            };
            Expected<QJsonObject> body = ingest::parseObject(r.body());
            Expected<User> sender = pagerDutySender(r, body ? &*body : nullptr);
            if (!sender) {
                HttpReply refused = HttpReply::fromError(sender.error());
                refused.headers.append(
                    qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Bearer realm=\"warroom\"")));
                return reply(refused);
            }
            const User &user = *sender;
            if (const int wait = admit(u"pagerduty"_s, user))
                return reply(tooMany(u"pagerduty"_s, wait, m_limiter.rate()));
            if (!body)
                return reply(invalid(body.error()));
            QString dedupKey;
            QStringList problems;
            Expected<IngestEvent> event = ingest::pagerDuty(*body, &dedupKey, &problems);
            if (!event)
                return reply(invalid(event.error(), problems));
            enqueue(
                user, {*event},
                [dedupKey, warnings = event->warnings](const QList<IngestResult> &results) {
                    QJsonObject json = single(results.first());
                    withWarnings(json, warnings);
                    json.insert(u"status"_s, u"success"_s);
                    json.insert(u"message"_s, u"Event processed"_s);
                    json.insert(u"dedup_key"_s, dedupKey);
                    return HttpReply::json(json, 202);
                },
                reply);
        },
        false);
    server.addRoute(Method::Get, u"/api/v1/events/([A-Za-z0-9._:/@+=-]{1,200})"_s, u"events.get"_s,
                    [this](const R &, const M &m, const User &) {
                        if (auto it = m_queuedEvents.constFind(m.captured(1)); it != m_queuedEvents.constEnd()) {
                            // Journaled and answered, its commit still to come.
                            return HttpReply::json({{u"event_id"_s, it.key()},
                                                    {u"source"_s, it.value()},
                                                    {u"outcome"_s, u"queued"_s},
                                                    {u"incident_id"_s, QJsonValue()},
                                                    {u"incident"_s, QJsonValue()}});
                        }
                        Expected<QJsonObject> json = m_ingestor.event(m.captured(1));
                        return json ? HttpReply::json(*json) : HttpReply::fromError(json.error());
                    });
    server.addMetricsSource([this, stream] {
        QByteArray out = m_ingestor.metricsText();
        out += "# HELP warroom_ingest_rate_limited_total Ingestion requests answered 429, by source.\n"
               "# TYPE warroom_ingest_rate_limited_total counter\n";
        for (const QString &source : {u"alertmanager"_s, u"eventbridge"_s, u"alert"_s, u"pagerduty"_s})
            out += "warroom_ingest_rate_limited_total{source=\"" + source.toUtf8() + "\"} "
                + QByteArray::number(m_rateLimited.value(source)) + '\n';
        qint64 throttled = 0;
        for (auto it = m_ingestor.counters().constBegin(); it != m_ingestor.counters().constEnd(); ++it) {
            if (it.key().endsWith(u"|throttled"_s))
                throttled += it.value();
        }
        out += "# HELP warroom_ingest_throttled_total Events folded into their alert group's incident without a "
               "timeline entry (throttle).\n# TYPE warroom_ingest_throttled_total counter\n"
               "warroom_ingest_throttled_total "
            + QByteArray::number(throttled) + '\n';
        out += "# HELP warroom_ingest_webhook_commits_total Webhook transactions (the requests of one event-loop turn "
               "commit together).\n# TYPE warroom_ingest_webhook_commits_total counter\n"
               "warroom_ingest_webhook_commits_total "
            + QByteArray::number(m_commits)
            + "\n# HELP warroom_ingest_webhook_committed_requests_total Webhook requests those transactions carried.\n"
              "# TYPE warroom_ingest_webhook_committed_requests_total counter\n"
              "warroom_ingest_webhook_committed_requests_total "
            + QByteArray::number(m_committedRequests) + '\n';
        if (m_journal) {
            out += "# HELP warroom_ingest_journal_backlog Journaled webhook events not committed yet.\n"
                   "# TYPE warroom_ingest_journal_backlog gauge\nwarroom_ingest_journal_backlog "
                + QByteArray::number(m_backlogEvents)
                + "\n# HELP warroom_ingest_journal_bytes The webhook journal's size.\n"
                  "# TYPE warroom_ingest_journal_bytes gauge\nwarroom_ingest_journal_bytes "
                + QByteArray::number(m_journal->size())
                + "\n# HELP warroom_ingest_journaled_events_total Webhook events journaled and answered 202.\n"
                  "# TYPE warroom_ingest_journaled_events_total counter\nwarroom_ingest_journaled_events_total "
                + QByteArray::number(m_journaledEvents)
                + "\n# HELP warroom_ingest_journal_full_total Webhook requests answered 429 because the journal's "
                  "backlog was full.\n# TYPE warroom_ingest_journal_full_total counter\n"
                  "warroom_ingest_journal_full_total "
                + QByteArray::number(m_journalFull)
                + "\n# HELP warroom_ingest_journal_drains_total Batches taken from the webhook journal.\n"
                  "# TYPE warroom_ingest_journal_drains_total counter\nwarroom_ingest_journal_drains_total "
                + QByteArray::number(m_journalDrains)
                + "\n# HELP warroom_ingest_journal_failures_total Journaled batches that failed to commit "
                  "(kept and tried again).\n# TYPE warroom_ingest_journal_failures_total counter\n"
                  "warroom_ingest_journal_failures_total "
                + QByteArray::number(m_journalFailures)
                + "\n# HELP warroom_ingest_journal_dropped_total Journaled events that could never be committed (a "
                  "sender without the role), left out.\n# TYPE warroom_ingest_journal_dropped_total counter\n"
                  "warroom_ingest_journal_dropped_total "
                + QByteArray::number(m_journalDropped) + '\n';
        }
        Coordinator &coordinator = m_ingestor.coordinator();
        out += "# HELP warroom_triage_backlog Incidents waiting for (or in) triage on ingestion.\n"
               "# TYPE warroom_triage_backlog gauge\nwarroom_triage_backlog "
            + QByteArray::number(coordinator.triageBacklog()) + '\n';
        out += "# HELP warroom_incidents_triaged_total Incidents triaged on ingestion since start.\n"
               "# TYPE warroom_incidents_triaged_total counter\nwarroom_incidents_triaged_total "
            + QByteArray::number(coordinator.incidentsTriaged()) + '\n';
        if (stream)
            out += stream->metricsText();
        else
            out += "# HELP warroom_redis_up 1 while the incident stream is connected.\n"
                   "# TYPE warroom_redis_up gauge\nwarroom_redis_up 0\n";
        return out;
    });
    server.addHealthSource([this, stream](QJsonObject &json) {
        json.insert(u"redis"_s, stream ? stream->stateText() : u"off"_s);
        if (m_journal)
            json.insert(u"webhook_journal_backlog"_s, m_backlogEvents);
    });
}

} // namespace warroom
