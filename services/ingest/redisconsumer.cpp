#include "redisconsumer.h"

#include "ingestparsers.h"

#include <QJsonDocument>
#include <QSet>
#include <QSocketNotifier>
#include <QThread>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

/// hiredis's event hooks on QSocketNotifier (the adapter hiredis ships uses
/// Qt 4 string connections that no longer match Qt 6's signals).
class QtRedisBridge final : public QObject
{
public:
    explicit QtRedisBridge(redisAsyncContext *ctx, QObject *parent)
        : QObject(parent)
        , m_ctx(ctx)
    {
        ctx->ev.data = this;
        ctx->ev.addRead = [](void *p) { static_cast<QtRedisBridge *>(p)->enable(m_readOf, QSocketNotifier::Read); };
        ctx->ev.delRead = [](void *p) { static_cast<QtRedisBridge *>(p)->disable(m_readOf); };
        ctx->ev.addWrite = [](void *p) { static_cast<QtRedisBridge *>(p)->enable(m_writeOf, QSocketNotifier::Write); };
        ctx->ev.delWrite = [](void *p) { static_cast<QtRedisBridge *>(p)->disable(m_writeOf); };
        ctx->ev.cleanup = [](void *p) {
            auto *b = static_cast<QtRedisBridge *>(p);
            b->disable(m_readOf);
            b->disable(m_writeOf);
            b->m_ctx = nullptr;
            b->deleteLater(); // may be inside one of its notifiers' signals
        };
    }

private:
    static constexpr int m_readOf = 0;
    static constexpr int m_writeOf = 1;

    void enable(int which, QSocketNotifier::Type type)
    {
        QSocketNotifier *&n = m_notifiers[which];
        if (!n) {
            n = new QSocketNotifier(m_ctx->c.fd, type, this);
            connect(n, &QSocketNotifier::activated, this, [this, which] {
                if (!m_ctx)
                    return;
                if (which == m_readOf)
                    redisAsyncHandleRead(m_ctx);
                else
                    redisAsyncHandleWrite(m_ctx);
            });
        }
        n->setEnabled(true);
    }
    void disable(int which)
    {
        if (m_notifiers[which])
            m_notifiers[which]->setEnabled(false);
    }

    redisAsyncContext *m_ctx;
    QSocketNotifier *m_notifiers[2] = {nullptr, nullptr};
};

struct PendingCommand
{
    RedisStreamConsumer *self;
    std::function<void(redisReply *)> handler;
};

/// One read of at most ARGV[4] entries and about ARGV[5] bytes (the entry
/// that crosses the budget is the last), for the group ARGV[1] as consumer
/// ARGV[2] from ARGV[3] ('>' for new entries, an id for one's own pending).
/// XREADGROUP without BLOCK may run in a script; one entry at a time lets it
/// stop at the budget, so a batch of huge entries never sits in memory at once.
constexpr char kReadScript[] = R"lua(
local out = {}
local bytes = 0
local id = ARGV[3]
local maxCount = tonumber(ARGV[4])
local maxBytes = tonumber(ARGV[5])
while #out < maxCount do
  local r = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', 1, 'STREAMS', KEYS[1], id)
  if not r then break end
  local e = r[1][2][1]
  if not e then break end
  if id ~= '>' then id = e[1] end
  out[#out + 1] = e
  local f = e[2]
  if f then
    for i = 1, #f do bytes = bytes + #f[i] end
  end
  if bytes >= maxBytes then break end
end
return out
)lua";

QByteArray text(const redisReply *r)
{
    if (!r || !r->str)
        return {};
    return QByteArray(r->str, qsizetype(r->len));
}

} // namespace

RedisStreamConsumer::RedisStreamConsumer(Ingestor &ingestor, RedisAddress address, QString consumerName,
                                         QObject *parent)
    : QObject(parent)
    , m_ingestor(ingestor)
    , m_address(std::move(address))
    , m_consumer(std::move(consumerName))
{
    const IngestSettings &s = ingestor.settings();
    m_readCount = int(std::clamp<qint64>(s.maxBatchBytes / s.maxEntryBytes, 1, std::min(16, s.batchSize)));
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &RedisStreamConsumer::readNext);
    m_claimTimer.setInterval(int(std::clamp<qint64>(ingestor.settings().claimIdleSeconds * 500, 1000, 60000)));
    connect(&m_claimTimer, &QTimer::timeout, this, [this] {
        m_claimDue = true;
        m_claimCursor = u"0-0"_s;
    });
    // Test-only fault injection (tests/integration/tst_ingest.cpp): the
    // dangerous window between a commit and its XACK, made deterministic.
    const QString fault = qEnvironmentVariable("WARROOMD_TEST_FAULT");
    if (fault.startsWith(u"stall-after-events:"_s))
        m_faultAfterEvents = fault.mid(19).toLongLong();
}

RedisStreamConsumer::~RedisStreamConsumer()
{
    m_stopping = true;
    if (m_ctx) {
        redisAsyncContext *ctx = m_ctx;
        m_ctx = nullptr;
        redisAsyncFree(ctx);
    }
}

void RedisStreamConsumer::start()
{
    m_claimTimer.start();
    connectNow();
}

void RedisStreamConsumer::setBackoff(int initialMs, int maxMs)
{
    m_initialBackoffMs = std::max(1, initialMs);
    m_maxBackoffMs = std::max(m_initialBackoffMs, maxMs);
    m_backoffMs = m_initialBackoffMs;
    m_retryMs = m_initialBackoffMs;
}

QString RedisStreamConsumer::stateText() const
{
    if (m_connected)
        return u"connected"_s;
    if (m_lastError.isEmpty())
        return u"connecting"_s;
    return u"down: "_s + m_lastError;
}

QByteArray RedisStreamConsumer::metricsText() const
{
    auto line = [](const char *name, const char *type, const char *help, double value) -> QByteArray {
        return QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n' + name + ' '
            + QByteArray::number(value, 'g', 12) + '\n';
    };
    QByteArray out;
    out += line("warroom_redis_up", "gauge", "1 while the incident stream is connected.", m_connected ? 1 : 0);
    out += line("warroom_ingest_stream_entries_total", "counter", "Stream entries read and committed.",
                double(m_entries));
    out += line("warroom_ingest_stream_acked_total", "counter", "Stream entries acknowledged (XACK).", double(m_acked));
    out += line("warroom_ingest_dead_letters_total", "counter", "Stream entries sent to warroom:incidents:dead.",
                double(m_deadLetters));
    out += line("warroom_ingest_dead_letter_failures_total", "counter",
                "Dead letters Redis did not take; their entries stay pending and are read again.",
                double(m_deadLetterFailures));
    out += line("warroom_ingest_uncommittable_total", "counter",
                "Entries dead-lettered because they failed to commit ingest.max_commit_attempts times.",
                double(m_uncommittable));
    out += line("warroom_ingest_stream_claimed_total", "counter", "Entries claimed from dead consumers.",
                double(m_claimed));
    out += line("warroom_redis_reconnects_total", "counter", "Connection attempts after a failure.",
                double(m_reconnects));
    out += line("warroom_redis_reconnect_backoff_seconds", "gauge",
                "The delay before the next reconnect attempt (doubles up to its cap, reset on success).",
                m_backoffMs / 1000.0);
    out += line("warroom_ingest_backpressure_pauses_total", "counter",
                "Times reading paused because the triage backlog was full.", double(m_pauses));
    out += line("warroom_ingest_backpressure_paused", "gauge", "1 while reading is paused for the triage backlog.",
                m_paused ? 1 : 0);
    out += line("warroom_ingest_stream_failures_total", "counter", "Batches that failed to commit and were retried.",
                double(m_failures));
    out += line("warroom_ingest_stream_read_count", "gauge",
                "Entries the next read asks for (ingest.batch_size, less while entries are large).",
                double(m_readCount));
    out += line("warroom_ingest_stream_batch_bytes_max", "gauge", "The largest batch read so far, in bytes.",
                double(m_largestBatchBytes));
    return out;
}

void RedisStreamConsumer::connectNow()
{
    if (m_stopping || m_ctx)
        return;
    redisAsyncContext *ctx = m_address.socketPath.isEmpty()
        ? redisAsyncConnect(m_address.host.toUtf8().constData(), m_address.port)
        : redisAsyncConnectUnix(m_address.socketPath.toUtf8().constData());
    if (!ctx) {
        scheduleReconnect(u"out of memory"_s);
        return;
    }
    if (ctx->err) {
        const QString why = QString::fromUtf8(ctx->errstr);
        redisAsyncFree(ctx);
        scheduleReconnect(why);
        return;
    }
    m_ctx = ctx;
    ctx->data = this;
    new QtRedisBridge(ctx, this);
    redisAsyncSetConnectCallback(ctx, &RedisStreamConsumer::onConnect);
    redisAsyncSetDisconnectCallback(ctx, &RedisStreamConsumer::onDisconnect);
    // hiredis connects without telling until the socket is writable.
    ctx->ev.addWrite(ctx->ev.data);
}

void RedisStreamConsumer::onConnect(const redisAsyncContext *ctx, int status)
{
    auto *self = static_cast<RedisStreamConsumer *>(ctx->data);
    if (self && !self->m_stopping)
        self->handleConnected(status == REDIS_OK ? 0 : 1);
    if (self && status != REDIS_OK) {
        self->m_lastError = QString::fromUtf8(ctx->errstr);
        self->m_ctx = nullptr; // hiredis frees it after this callback
        self->scheduleReconnect(self->m_lastError);
    }
}

void RedisStreamConsumer::onDisconnect(const redisAsyncContext *ctx, int status)
{
    auto *self = static_cast<RedisStreamConsumer *>(ctx->data);
    if (!self || self->m_stopping)
        return;
    if (status != REDIS_OK)
        self->m_lastError = QString::fromUtf8(ctx->errstr);
    self->handleDisconnected(status);
}

void RedisStreamConsumer::handleConnected(int status)
{
    if (status != 0)
        return;
    ++m_generation;
    m_connected = true;
    m_lastError.clear();
    m_backoffMs = m_initialBackoffMs;
    setUp();
}

void RedisStreamConsumer::handleDisconnected(int)
{
    m_ctx = nullptr; // freed by hiredis
    ++m_generation; // what is still pending on the old connection is answered by no one
    m_connected = false;
    m_inFlight = false;
    scheduleReconnect(m_lastError.isEmpty() ? u"connection lost"_s : m_lastError);
}

void RedisStreamConsumer::scheduleReconnect(const QString &why)
{
    if (m_stopping)
        return;
    m_connected = false;
    m_inFlight = false;
    m_lastError = why.isEmpty() ? u"connection lost"_s : why;
    ++m_reconnects;
    const int delay = m_backoffMs;
    QTimer::singleShot(delay, this, &RedisStreamConsumer::connectNow);
    m_backoffMs = std::min(m_maxBackoffMs, m_backoffMs * 2);
    Q_EMIT reconnectScheduled(delay, m_lastError);
}

bool RedisStreamConsumer::command(const QList<QByteArray> &args, ReplyHandler handler)
{
    if (!m_ctx)
        return false;
    std::vector<const char *> argv;
    std::vector<size_t> lens;
    argv.reserve(size_t(args.size()));
    lens.reserve(size_t(args.size()));
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lens.push_back(size_t(a.size()));
    }
    auto *pending = new PendingCommand {this, std::move(handler)};
    if (redisAsyncCommandArgv(m_ctx, &RedisStreamConsumer::onReply, pending, int(argv.size()), argv.data(), lens.data())
        != REDIS_OK) {
        delete pending;
        return false;
    }
    return true;
}

void RedisStreamConsumer::onReply(redisAsyncContext *, void *reply, void *privdata)
{
    std::unique_ptr<PendingCommand> pending(static_cast<PendingCommand *>(privdata));
    if (pending->self->m_stopping)
        return;
    pending->handler(static_cast<redisReply *>(reply));
}

void RedisStreamConsumer::setUp()
{
    m_phase = Phase::Setup;
    m_inFlight = true;
    if (!m_address.password.isEmpty())
        command({"AUTH", m_address.password.toUtf8()}, [this](redisReply *r) {
            if (r && r->type == REDIS_REPLY_ERROR)
                m_lastError = u"AUTH: "_s + QString::fromUtf8(text(r));
        });
    if (m_address.db != 0)
        command({"SELECT", QByteArray::number(m_address.db)}, [](redisReply *) {});
    // The size-bounded read; a Redis without scripting is read by count only.
    command({"SCRIPT", "LOAD", kReadScript},
            [this](redisReply *r) { m_scriptSha = r && r->type == REDIS_REPLY_STRING ? text(r) : QByteArray(); });
    // The group starts at the beginning of the stream: what was published
    // before the first daemon started is still read.
    command({"XGROUP", "CREATE", kIncidentStream, kConsumerGroup, "0", "MKSTREAM"}, [this](redisReply *r) {
        m_inFlight = false;
        if (!r)
            return;
        if (r->type == REDIS_REPLY_ERROR && !text(r).startsWith("BUSYGROUP")) {
            m_lastError = u"XGROUP CREATE: "_s + QString::fromUtf8(text(r));
            redisAsyncDisconnect(m_ctx);
            return;
        }
        // First the entries this consumer read but never acknowledged.
        readOwnPending();
        readNext();
    });
}

void RedisStreamConsumer::readOwnPending()
{
    m_phase = Phase::OwnPending;
    m_pendingCursor = "0";
}

void RedisStreamConsumer::retryLater(const QString &why)
{
    ++m_failures;
    m_lastError = why;
    readOwnPending(); // the batch is still pending for us: read it again
    m_retryTimer.start(m_retryMs);
    m_retryMs = std::min(m_maxBackoffMs, m_retryMs * 2);
}

void RedisStreamConsumer::readNext()
{
    if (!m_connected || m_inFlight || m_stopping || m_phase == Phase::Setup)
        return;
    Coordinator &coordinator = m_ingestor.coordinator();
    if (coordinator.triageBacklog() > m_ingestor.settings().maxTriageBacklog) {
        // Backpressure: entries wait in Redis, not in our memory.
        if (!m_paused)
            ++m_pauses;
        m_paused = true;
        m_retryTimer.start(20);
        return;
    }
    m_paused = false;
    const IngestSettings &settings = m_ingestor.settings();
    const QByteArray consumer = m_consumer.toUtf8();
    const quint64 generation = m_generation;
    m_inFlight = true;
    if (m_claimDue) {
        // Claimed entries come by count: as many as fit the byte budget at
        // the largest entry size allowed.
        const QByteArray count = QByteArray::number(std::clamp<qint64>(settings.maxBatchBytes / settings.maxEntryBytes,
                                                                       1, std::min(m_readCount, settings.batchSize)));
        const QByteArray idle = QByteArray::number(settings.claimIdleSeconds * 1000);
        const bool sent = command(
            {"XAUTOCLAIM", kIncidentStream, kConsumerGroup, consumer, idle, m_claimCursor.toUtf8(), "COUNT", count},
            [this, generation](redisReply *r) {
                if (generation != m_generation)
                    return;
                m_inFlight = false;
                if (!r)
                    return;
                if (r->type != REDIS_REPLY_ARRAY || r->elements < 2 || r->element[1]->type != REDIS_REPLY_ARRAY) {
                    m_claimDue = false; // an old Redis without XAUTOCLAIM: only our own pending then
                    readNext();
                    return;
                }
                m_claimCursor = QString::fromUtf8(text(r->element[0]));
                if (m_claimCursor == "0-0"_L1)
                    m_claimDue = false;
                m_claimed += qint64(r->element[1]->elements);
                handleEntries(r->element[1]);
            });
        if (!sent)
            m_inFlight = false;
        return;
    }
    const bool own = m_phase == Phase::OwnPending;
    const QByteArray from = own ? m_pendingCursor : QByteArray(">");
    // The bounded read first (no BLOCK in a script); when it finds nothing
    // new, one blocking read of a single entry waits for the next.
    auto handle = [this, own](redisReply *entries, bool blocked) {
        if (!entries || entries->type != REDIS_REPLY_ARRAY || entries->elements == 0) {
            if (own)
                m_phase = Phase::Live;
            m_blockNext = !own && !blocked;
            readNext();
            return;
        }
        m_blockNext = false;
        if (own) {
            redisReply *last = entries->element[entries->elements - 1];
            if (last->type == REDIS_REPLY_ARRAY && last->elements >= 1)
                m_pendingCursor = text(last->element[0]);
        }
        handleEntries(entries);
    };
    auto failed = [this](redisReply *r) {
        const QByteArray error = text(r);
        m_lastError = QString::fromUtf8(error);
        if (error.startsWith("NOGROUP")) {
            setUp(); // the stream or group was deleted: create them again
            return;
        }
        if (error.startsWith("NOSCRIPT")) {
            setUp(); // Redis restarted or flushed its scripts: load it again
            return;
        }
        retryLater(m_lastError);
    };
    if (!m_scriptSha.isEmpty() && !(m_blockNext && !own)) {
        const bool sent = command({"EVALSHA", m_scriptSha, "1", kIncidentStream, kConsumerGroup, consumer, from,
                                   QByteArray::number(m_readCount), QByteArray::number(settings.maxBatchBytes)},
                                  [this, generation, handle, failed](redisReply *r) {
                                      if (generation != m_generation)
                                          return;
                                      m_inFlight = false;
                                      if (!r)
                                          return;
                                      if (r->type == REDIS_REPLY_ERROR)
                                          return failed(r);
                                      handle(r, false);
                                  });
        if (!sent)
            m_inFlight = false;
        return;
    }
    // Without the script (or to wait for new entries): XREADGROUP by count.
    const bool block = !own && (m_blockNext || m_scriptSha.isEmpty());
    const QByteArray count = m_scriptSha.isEmpty() ? QByteArray::number(m_readCount) : QByteArray("1");
    QList<QByteArray> args {"XREADGROUP", "GROUP", kConsumerGroup, consumer, "COUNT", count};
    if (block)
        args += {"BLOCK", "1000"};
    args += {"STREAMS", kIncidentStream, from};
    const bool sent = command(args, [this, generation, handle, failed](redisReply *r) {
        if (generation != m_generation)
            return;
        m_inFlight = false;
        if (!r)
            return;
        if (r->type == REDIS_REPLY_ERROR)
            return failed(r);
        redisReply *stream = r->type == REDIS_REPLY_ARRAY && r->elements > 0 ? r->element[0] : nullptr;
        redisReply *entries
            = stream && stream->type == REDIS_REPLY_ARRAY && stream->elements >= 2 ? stream->element[1] : nullptr;
        handle(entries, true);
    });
    if (!sent)
        m_inFlight = false;
}

void RedisStreamConsumer::adaptReadCount(qsizetype entries, qint64 bytes, qint64 largest)
{
    // Without the script a read is bounded by count only: ask for as many
    // entries of the largest size just seen as fit the byte budget, growing
    // by doubling. With it, Redis stops at the budget itself.
    m_largestBatchBytes = std::max(m_largestBatchBytes, bytes);
    const IngestSettings &s = m_ingestor.settings();
    if (!m_scriptSha.isEmpty()) {
        m_readCount = s.batchSize;
        return;
    }
    const qint64 fit = std::max<qint64>(1, s.maxBatchBytes / std::max<qint64>(1, largest));
    const qint64 grown = entries >= m_readCount ? qint64(m_readCount) * 2 : qint64(m_readCount);
    m_readCount = int(std::clamp<qint64>(std::min(fit, grown), 1, s.batchSize));
}

void RedisStreamConsumer::handleEntries(redisReply *entries)
{
    const IngestSettings &settings = m_ingestor.settings();
    QList<IngestEvent> events;
    QList<QByteArray> eventIds; // the entry of each event
    QList<QByteArray> ids;
    QList<DeadLetter> dead;
    events.reserve(qsizetype(entries->elements));
    eventIds.reserve(qsizetype(entries->elements));
    ids.reserve(qsizetype(entries->elements));
    qint64 batchBytes = 0;
    qint64 largest = 0;
    for (size_t k = 0; k < entries->elements; ++k) {
        redisReply *entry = entries->element[k];
        if (entry->type != REDIS_REPLY_ARRAY || entry->elements < 1)
            continue;
        const QByteArray id = text(entry->element[0]);
        ids.append(id);
        redisReply *fields = entry->elements >= 2 ? entry->element[1] : nullptr;
        if (!fields || fields->type != REDIS_REPLY_ARRAY) {
            dead.append({id, u"the entry was deleted from the stream before it was read"_s, {}});
            continue;
        }
        qint64 size = 0;
        for (size_t f = 0; f < fields->elements; ++f)
            size += qint64(fields->element[f]->len);
        batchBytes += size;
        largest = std::max(largest, size);
        if (size > settings.maxEntryBytes) {
            QByteArray start;
            for (size_t f = 0; f < fields->elements && start.size() < 64 * 1024; ++f)
                start += text(fields->element[f]).left(64 * 1024 - start.size()) + ' ';
            dead.append({id,
                         u"the entry is %1 bytes; the limit is %2 (ingest.max_entry_bytes)"_s.arg(size).arg(
                             settings.maxEntryBytes),
                         start});
            continue;
        }
        QByteArray raw;
        QJsonObject flat;
        QString invalid;
        for (size_t f = 0; f + 1 < fields->elements; f += 2) {
            const QByteArray name = text(fields->element[f]);
            const QByteArray value = text(fields->element[f + 1]);
            if (name == "event" || name == "payload" || name == "json") {
                raw = value;
                continue;
            }
            // Flat fields are text: bytes that are no UTF-8 are refused, not
            // replaced (a U+FFFD in a title would hide what was sent).
            if (!QByteArrayView(name).isValidUtf8())
                invalid = u"a field name is not valid UTF-8"_s;
            else if (!QByteArrayView(value).isValidUtf8())
                invalid = u"field \"%1\" is not valid UTF-8"_s.arg(QString::fromUtf8(name.left(64)));
            if (!invalid.isEmpty())
                break;
            flat.insert(QString::fromUtf8(name), QString::fromUtf8(value));
        }
        if (!invalid.isEmpty()) {
            QByteArray all;
            for (size_t f = 0; f < fields->elements; ++f)
                all += text(fields->element[f]) + ' ';
            dead.append({id, invalid, all.left(64 * 1024)});
            continue;
        }
        Expected<QJsonObject> object = raw.isEmpty() ? Expected<QJsonObject>(flat) : ingest::parseObject(raw);
        if (raw.isEmpty())
            raw = QJsonDocument(flat).toJson(QJsonDocument::Compact);
        if (!object) {
            dead.append({id, object.error().message, raw});
            continue;
        }
        Expected<IngestEvent> event = ingest::streamEvent(*object, QString::fromLatin1(id));
        if (!event) {
            dead.append({id, event.error().message, raw});
            continue;
        }
        events.append(std::move(event).value());
        eventIds.append(id);
    }
    adaptReadCount(qsizetype(entries->elements), batchBytes, largest);
    if (!commit(events, eventIds, dead))
        return;
    // Committed and on disk: now it may be acknowledged.
    faultAfterCommit(events.size());
    QSet<QByteArray> deadIds;
    for (const DeadLetter &d : std::as_const(dead))
        deadIds.insert(d.id);
    QList<QByteArray> committed;
    committed.reserve(ids.size());
    for (const QByteArray &id : std::as_const(ids)) {
        if (!deadIds.contains(id))
            committed.append(id);
    }
    acknowledge(committed, dead, ids.size());
}

bool RedisStreamConsumer::commit(const QList<IngestEvent> &events, const QList<QByteArray> &eventIds,
                                 QList<DeadLetter> &dead)
{
    const IngestSettings &settings = m_ingestor.settings();
    if (events.isEmpty())
        return true;
    int attempts = 0;
    for (const QByteArray &id : eventIds)
        attempts = std::max(attempts, m_commitAttempts.value(id));
    if (attempts < settings.maxCommitAttempts) {
        Expected<QList<IngestResult>> results = m_ingestor.ingest(User::system(), events, Ingestor::Commit::Durable);
        if (results) {
            for (const QByteArray &id : eventIds)
                m_commitAttempts.remove(id);
            m_retryMs = m_initialBackoffMs;
            return true;
        }
        // A busy or unreachable database is no fault of the entries: they
        // wait, however long it takes. Anything else counts against them.
        if (results.error().code != ErrorCode::Unavailable) {
            if (m_commitAttempts.size() > 100000)
                m_commitAttempts.clear();
            for (const QByteArray &id : eventIds)
                m_commitAttempts[id] += 1;
        }
        retryLater(results.error().message);
        return false;
    }
    // Failed too often together: halve until the entries that cannot be
    // committed are alone, and dead-letter those with the reason. If nothing
    // of the batch commits at all, the store is at fault, not the entries.
    QList<DeadLetter> refused;
    qsizetype committed = 0;
    QString lastError;
    std::function<void(qsizetype, qsizetype)> part = [&](qsizetype from, qsizetype n) {
        Expected<QList<IngestResult>> r
            = m_ingestor.ingest(User::system(), events.mid(from, n), Ingestor::Commit::Durable);
        if (r) {
            committed += n;
            return;
        }
        lastError = r.error().message;
        if (n == 1) {
            const IngestEvent &e = events.at(from);
            refused.append({eventIds.at(from),
                            u"not committed after %1 attempts: %2"_s.arg(settings.maxCommitAttempts).arg(lastError),
                            QJsonDocument(QJsonObject {{u"event_id"_s, e.eventId},
                                                       {u"source"_s, e.source},
                                                       {u"title"_s, e.title},
                                                       {u"dedup_key"_s, e.dedupKey}})
                                .toJson(QJsonDocument::Compact)});
            return;
        }
        part(from, n / 2);
        part(from + n / 2, n - n / 2);
    };
    part(0, events.size());
    if (committed == 0 && events.size() > 1) {
        // Whole attempts again before the next split: halving costs two
        // transactions per entry.
        for (const QByteArray &id : eventIds)
            m_commitAttempts.remove(id);
        retryLater(lastError);
        return false;
    }
    for (const QByteArray &id : eventIds)
        m_commitAttempts.remove(id);
    m_uncommittable += refused.size();
    dead += refused;
    m_retryMs = m_initialBackoffMs;
    return true;
}

void RedisStreamConsumer::sendAck(const QList<QByteArray> &ids)
{
    for (qsizetype from = 0; from < ids.size(); from += 1000) {
        QList<QByteArray> ack {"XACK", kIncidentStream, kConsumerGroup};
        ack += ids.mid(from, 1000);
        command(ack, [this](redisReply *r) {
            if (r && r->type == REDIS_REPLY_INTEGER)
                m_acked += r->integer;
        });
    }
}

void RedisStreamConsumer::acknowledge(const QList<QByteArray> &ids, const QList<DeadLetter> &dead, qsizetype entries)
{
    // Committed entries are acknowledged at once; the next read is queued
    // behind the XACK on the same connection.
    sendAck(ids);
    m_entries += ids.size();
    if (dead.isEmpty()) {
        Q_EMIT batchCommitted(int(entries), 0);
        readNext();
        return;
    }
    // A dead letter is acknowledged only once Redis has stored it: until
    // then the dead-letter stream is its only other copy.
    struct Pending
    {
        qsizetype waiting = 0;
        QList<QByteArray> stored;
        qsizetype failed = 0;
    };
    auto pending = std::make_shared<Pending>();
    pending->waiting = dead.size();
    const quint64 generation = m_generation;
    m_inFlight = true; // no read until every dead letter is answered
    auto answered = [this, pending, generation, entries] {
        if (--pending->waiting > 0)
            return;
        if (generation != m_generation)
            return; // the connection went away: the entries are still pending and read again
        m_inFlight = false;
        sendAck(pending->stored);
        m_entries += pending->stored.size();
        m_deadLetters += pending->stored.size();
        if (pending->failed > 0) {
            m_deadLetterFailures += pending->failed;
            // Left pending: read our own pending entries again later, go on meanwhile.
            QTimer::singleShot(m_retryMs, this, [this, generation] {
                if (generation == m_generation && m_phase == Phase::Live)
                    readOwnPending();
            });
            m_retryMs = std::min(m_maxBackoffMs, m_retryMs * 2);
        }
        Q_EMIT batchCommitted(int(entries), int(pending->stored.size()));
        readNext();
    };
    for (const DeadLetter &d : dead) {
        const bool sent
            = command({"XADD", kDeadLetterStream, "MAXLEN", "~", "100000", "*", "id", d.id, "reason", d.reason.toUtf8(),
                       "event", d.raw.left(64 * 1024), "consumer", m_consumer.toUtf8()},
                      [this, pending, answered, id = d.id, why = d.reason](redisReply *r) {
                          if (r && r->type == REDIS_REPLY_STRING) {
                              pending->stored.append(id);
                          } else {
                              ++pending->failed;
                              m_lastError = u"dead letter for %1 (%2) not stored: %3"_s.arg(
                                  QString::fromLatin1(id), why, r ? QString::fromUtf8(text(r)) : u"connection lost"_s);
                          }
                          answered();
                      });
        if (!sent) {
            ++pending->failed;
            answered();
        }
    }
}

void RedisStreamConsumer::faultAfterCommit(qsizetype entries)
{
    if (entries == 0 || m_faultAfterEvents <= 0)
        return;
    const qint64 before = m_eventsCommitted;
    m_eventsCommitted += entries;
    if (before >= m_faultAfterEvents || m_eventsCommitted < m_faultAfterEvents)
        return;
    std::fprintf(stderr,
                 "warroomd: test fault: a stream batch of %lld events committed (%lld in all), not acknowledged; "
                 "stalled\n",
                 static_cast<long long>(entries), static_cast<long long>(m_eventsCommitted));
    std::fflush(stderr);
    for (;;)
        QThread::sleep(1); // until the test kills the process
}

} // namespace warroom
