#include "redisconsumer.h"

#include "ingestparsers.h"

#include <QJsonDocument>
#include <QSocketNotifier>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

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
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &RedisStreamConsumer::readNext);
    m_claimTimer.setInterval(int(std::clamp<qint64>(ingestor.settings().claimIdleSeconds * 500, 1000, 60000)));
    connect(&m_claimTimer, &QTimer::timeout, this, [this] {
        m_claimDue = true;
        m_claimCursor = u"0-0"_s;
    });
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
    auto line = [](const char *name, const char *type, const char *help, qint64 value) -> QByteArray {
        return QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n' + name + ' '
            + QByteArray::number(value) + '\n';
    };
    QByteArray out;
    out += line("warroom_redis_up", "gauge", "1 while the incident stream is connected.", m_connected ? 1 : 0);
    out += line("warroom_ingest_stream_entries_total", "counter", "Stream entries read and committed.", m_entries);
    out += line("warroom_ingest_stream_acked_total", "counter", "Stream entries acknowledged (XACK).", m_acked);
    out += line("warroom_ingest_dead_letters_total", "counter", "Stream entries sent to warroom:incidents:dead.",
                m_deadLetters);
    out += line("warroom_ingest_stream_claimed_total", "counter", "Entries claimed from dead consumers.", m_claimed);
    out += line("warroom_redis_reconnects_total", "counter", "Connection attempts after a failure.", m_reconnects);
    out += line("warroom_ingest_backpressure_pauses_total", "counter",
                "Reads paused because the triage backlog was full.", m_pauses);
    out += line("warroom_ingest_stream_failures_total", "counter", "Batches that failed to commit and were retried.",
                m_failures);
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
    self->handleDisconnected(status);
    if (status != REDIS_OK)
        self->m_lastError = QString::fromUtf8(ctx->errstr);
}

void RedisStreamConsumer::handleConnected(int status)
{
    if (status != 0)
        return;
    m_connected = true;
    m_lastError.clear();
    m_backoffMs = 100;
    setUp();
}

void RedisStreamConsumer::handleDisconnected(int)
{
    m_ctx = nullptr; // freed by hiredis
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
    QTimer::singleShot(m_backoffMs, this, &RedisStreamConsumer::connectNow);
    m_backoffMs = std::min(5000, m_backoffMs * 2);
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
        m_phase = Phase::OwnPending;
        readNext();
    });
}

void RedisStreamConsumer::retryLater(const QString &why)
{
    ++m_failures;
    m_lastError = why;
    m_phase = Phase::OwnPending; // the batch is still pending for us: read it again
    m_retryTimer.start(m_backoffMs);
    m_backoffMs = std::min(5000, m_backoffMs * 2);
}

void RedisStreamConsumer::readNext()
{
    if (!m_connected || m_inFlight || m_stopping || m_phase == Phase::Setup)
        return;
    Coordinator &coordinator = m_ingestor.coordinator();
    if (coordinator.triageBacklog() > m_ingestor.settings().maxTriageBacklog) {
        // Backpressure: entries wait in Redis, not in our memory.
        ++m_pauses;
        m_retryTimer.start(50);
        return;
    }
    const QByteArray count = QByteArray::number(m_ingestor.settings().batchSize);
    const QByteArray consumer = m_consumer.toUtf8();
    m_inFlight = true;
    if (m_claimDue) {
        const QByteArray idle = QByteArray::number(m_ingestor.settings().claimIdleSeconds * 1000);
        const bool sent = command(
            {"XAUTOCLAIM", kIncidentStream, kConsumerGroup, consumer, idle, m_claimCursor.toUtf8(), "COUNT", count},
            [this](redisReply *r) {
                m_inFlight = false;
                if (!r)
                    return;
                if (r->type != REDIS_REPLY_ARRAY || r->elements < 2) {
                    m_claimDue = false; // an old Redis without XAUTOCLAIM: only our own pending then
                    readNext();
                    return;
                }
                m_claimCursor = QString::fromUtf8(text(r->element[0]));
                if (m_claimCursor == "0-0"_L1)
                    m_claimDue = false;
                m_claimed += qint64(r->element[1]->elements);
                handleEntries(r->element[1], true);
            });
        if (!sent)
            m_inFlight = false;
        return;
    }
    const bool own = m_phase == Phase::OwnPending;
    QList<QByteArray> args {"XREADGROUP", "GROUP", kConsumerGroup, consumer, "COUNT", count};
    if (!own)
        args += {"BLOCK", "1000"};
    args += {"STREAMS", kIncidentStream, own ? "0" : ">"};
    const bool sent = command(args, [this, own](redisReply *r) {
        m_inFlight = false;
        if (!r)
            return;
        if (r->type == REDIS_REPLY_ERROR) {
            const QByteArray error = text(r);
            m_lastError = QString::fromUtf8(error);
            if (error.startsWith("NOGROUP")) {
                setUp(); // the stream or group was deleted: create them again
                return;
            }
            retryLater(m_lastError);
            return;
        }
        if (r->type != REDIS_REPLY_ARRAY || r->elements == 0) {
            readNext(); // BLOCK timed out
            return;
        }
        redisReply *stream = r->element[0];
        redisReply *entries = stream->type == REDIS_REPLY_ARRAY && stream->elements >= 2 ? stream->element[1] : nullptr;
        if (!entries || entries->type != REDIS_REPLY_ARRAY || entries->elements == 0) {
            if (own)
                m_phase = Phase::Live;
            readNext();
            return;
        }
        handleEntries(entries, own);
    });
    if (!sent)
        m_inFlight = false;
}

void RedisStreamConsumer::handleEntries(redisReply *entries, bool)
{
    struct Dead
    {
        QByteArray id;
        QString reason;
        QByteArray raw;
    };
    QList<IngestEvent> events;
    QList<QByteArray> ids;
    QList<Dead> dead;
    events.reserve(qsizetype(entries->elements));
    ids.reserve(qsizetype(entries->elements));
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
        QByteArray raw;
        QJsonObject flat;
        for (size_t f = 0; f + 1 < fields->elements; f += 2) {
            const QByteArray name = text(fields->element[f]);
            const QByteArray value = text(fields->element[f + 1]);
            if (name == "event" || name == "payload" || name == "json")
                raw = value;
            else
                flat.insert(QString::fromUtf8(name), QString::fromUtf8(value));
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
    }
    Expected<QList<IngestResult>> results = m_ingestor.ingest(User::system(), events);
    if (!results) {
        retryLater(results.error().message);
        return;
    }
    // Committed: now the dead letters, then the acknowledgement.
    for (const Dead &d : std::as_const(dead))
        command({"XADD", kDeadLetterStream, "MAXLEN", "~", "100000", "*", "id", d.id, "reason", d.reason.toUtf8(),
                 "event", d.raw.left(64 * 1024), "consumer", m_consumer.toUtf8()},
                [](redisReply *) {});
    for (qsizetype from = 0; from < ids.size(); from += 1000) {
        QList<QByteArray> ack {"XACK", kIncidentStream, kConsumerGroup};
        ack += ids.mid(from, 1000);
        command(ack, [this](redisReply *r) {
            if (r && r->type == REDIS_REPLY_INTEGER)
                m_acked += r->integer;
        });
    }
    m_entries += ids.size();
    m_deadLetters += dead.size();
    m_backoffMs = 100;
    Q_EMIT batchCommitted(int(ids.size()), int(dead.size()));
    readNext();
}

} // namespace warroom
