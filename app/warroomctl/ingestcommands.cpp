#include "ingestcommands.h"

#include "ctlcommands.h"
#include "redisurl.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QThread>

#include <hiredis/hiredis.h>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

int usageError(const QString &message)
{
    std::fprintf(stderr, "warroomctl: %s\n", qPrintable(message));
    return ExitUsage;
}

/// One segment of a publishing pattern: `count` events at `rate` a second
/// (0: as fast as Redis takes them, a burst).
struct Segment
{
    double rate = 0;
    qint64 count = -1; ///< -1: the rest of the file
};

/// "50/s:500,burst:2000,50/s:500" -> segments; a bare rate "50/s" or "50" is
/// one steady segment for the whole file.
std::optional<QList<Segment>> parsePattern(const QString &text, QString *why)
{
    static const QRegularExpression kRate(u"^(\\d+(?:\\.\\d+)?)(?:/s)?$"_s);
    QList<Segment> out;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QStringList bits = part.trimmed().split(u':');
        Segment s;
        if (bits.value(0) == "burst"_L1) {
            s.rate = 0;
        } else {
            const QRegularExpressionMatch m = kRate.match(bits.value(0));
            if (!m.hasMatch() || m.captured(1).toDouble() <= 0) {
                *why = u"\"%1\" is neither RATE/s[:COUNT] nor burst:COUNT"_s.arg(part);
                return std::nullopt;
            }
            s.rate = m.captured(1).toDouble();
        }
        if (bits.size() > 1) {
            bool ok = false;
            s.count = bits.at(1).toLongLong(&ok);
            if (!ok || s.count < 1) {
                *why = u"\"%1\" needs a positive count after the colon"_s.arg(part);
                return std::nullopt;
            }
        } else if (s.rate == 0) {
            *why = u"a burst needs a count (burst:2000)"_s;
            return std::nullopt;
        }
        out.append(s);
    }
    if (out.isEmpty()) {
        *why = u"the pattern is empty"_s;
        return std::nullopt;
    }
    return out;
}

using RedisPtr = std::unique_ptr<redisContext, decltype(&redisFree)>;

int publish(const QCommandLineParser &p, const QString &file, const QString &redisUrl, const QString &rateText,
            const QString &patternText, const QString &stream, bool json)
{
    Expected<RedisAddress> address = RedisAddress::parse(redisUrl);
    if (!address)
        return usageError(address.error().message);
    QList<Segment> segments;
    QString why;
    if (!patternText.isEmpty()) {
        std::optional<QList<Segment>> parsed = parsePattern(patternText, &why);
        if (!parsed)
            return usageError(u"--pattern: "_s + why);
        segments = *parsed;
    }
    if (!rateText.isEmpty()) {
        std::optional<QList<Segment>> parsed = parsePattern(rateText, &why);
        if (!parsed || parsed->size() != 1 || parsed->first().rate <= 0)
            return usageError(u"--rate must be N/s (events a second)"_s);
        segments.append(Segment {parsed->first().rate, -1}); // after the pattern: the rest at this rate
    }
    if (segments.isEmpty() || segments.last().count >= 0)
        segments.append(Segment {0, -1});
    Q_UNUSED(p);

    QFile in;
    const bool ok
        = file == "-"_L1 ? in.open(stdin, QIODevice::ReadOnly) : (in.setFileName(file), in.open(QIODevice::ReadOnly));
    if (!ok)
        return usageError(u"cannot read %1: %2"_s.arg(file, in.errorString()));
    QList<QByteArray> lines;
    while (!in.atEnd()) {
        const QByteArray line = in.readLine().trimmed();
        if (!line.isEmpty())
            lines.append(line);
    }

    const struct timeval timeout
    {
        5, 0
    };
    RedisPtr redis(address->socketPath.isEmpty()
                       ? redisConnectWithTimeout(address->host.toUtf8().constData(), address->port, timeout)
                       : redisConnectUnix(address->socketPath.toUtf8().constData()),
                   &redisFree);
    if (!redis || redis->err) {
        std::fprintf(stderr, "warroomctl: cannot connect to Redis at %s: %s\n", qPrintable(address->display()),
                     redis ? redis->errstr : "out of memory");
        return ExitUnreachable;
    }
    auto simple = [&](const QList<QByteArray> &args) -> bool {
        std::vector<const char *> argv;
        std::vector<size_t> lens;
        for (const QByteArray &a : args) {
            argv.push_back(a.constData());
            lens.push_back(size_t(a.size()));
        }
        auto *r = static_cast<redisReply *>(redisCommandArgv(redis.get(), int(argv.size()), argv.data(), lens.data()));
        const bool good = r && r->type != REDIS_REPLY_ERROR;
        if (r && !good)
            std::fprintf(stderr, "warroomctl: Redis: %s\n", r->str);
        freeReplyObject(r);
        return good;
    };
    if (!address->password.isEmpty() && !simple({"AUTH", address->password.toUtf8()}))
        return ExitRefused;
    if (address->db != 0 && !simple({"SELECT", QByteArray::number(address->db)}))
        return ExitRefused;

    const QByteArray streamName = stream.toUtf8();
    qint64 sent = 0;
    auto sendChunk = [&](qsizetype from, qsizetype n) -> bool {
        for (qsizetype k = from; k < from + n; ++k) {
            const char *argv[] = {"XADD", streamName.constData(), "*", "event", lines.at(k).constData()};
            const size_t lens[] = {4, size_t(streamName.size()), 1, 5, size_t(lines.at(k).size())};
            if (redisAppendCommandArgv(redis.get(), 5, argv, lens) != REDIS_OK)
                return false;
        }
        for (qsizetype k = 0; k < n; ++k) {
            void *reply = nullptr;
            if (redisGetReply(redis.get(), &reply) != REDIS_OK)
                return false;
            auto *r = static_cast<redisReply *>(reply);
            const bool good = r->type != REDIS_REPLY_ERROR;
            if (!good)
                std::fprintf(stderr, "warroomctl: Redis refused an event: %s\n", r->str);
            freeReplyObject(r);
            if (!good)
                return false;
        }
        sent += n;
        return true;
    };
    QElapsedTimer total;
    total.start();
    qsizetype next = 0;
    for (const Segment &s : std::as_const(segments)) {
        const qsizetype end = s.count < 0 ? lines.size() : std::min<qsizetype>(lines.size(), next + s.count);
        QElapsedTimer clock;
        clock.start();
        const qsizetype first = next;
        while (next < end) {
            qsizetype n = std::min<qsizetype>(1000, end - next);
            if (s.rate > 0) {
                // Pace: event k of the segment is due at k / rate seconds.
                n = std::max<qsizetype>(1, std::min<qsizetype>(n, qsizetype(s.rate / 50)));
                const qint64 dueMs = qint64(double(next - first) * 1000.0 / s.rate);
                const qint64 wait = dueMs - clock.elapsed();
                if (wait > 0)
                    QThread::msleep(ulong(wait));
            }
            if (!sendChunk(next, n)) {
                std::fprintf(stderr, "warroomctl: publishing stopped after %lld events: %s\n",
                             static_cast<long long>(sent), redis->err ? redis->errstr : "refused");
                return redis->err ? ExitUnreachable : ExitRefused;
            }
            next += n;
        }
        if (next >= lines.size())
            break;
    }
    const double seconds = double(total.nsecsElapsed()) / 1e9;
    if (json) {
        std::printf("%s\n",
                    QJsonDocument(QJsonObject {{u"published"_s, sent},
                                               {u"seconds"_s, seconds},
                                               {u"stream"_s, stream},
                                               {u"rate"_s, seconds > 0 ? double(sent) / seconds : 0.0}})
                        .toJson(QJsonDocument::Compact)
                        .constData());
    } else {
        std::printf("published %lld events to %s in %.2f s (%.0f/s)\n", static_cast<long long>(sent),
                    streamName.constData(), seconds, seconds > 0 ? double(sent) / seconds : 0.0);
    }
    return ExitOk;
}

struct Technique
{
    const char *id;
    const char *what;
};

/// A deterministic set of realistic normalised cyber events over the four
/// cyber categories. Addresses come from the documentation ranges only
/// (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) and names
/// from example domains.
int datasetCyber(qint64 count, quint32 seed)
{
    static const QList<QPair<QString, QList<Technique>>> kCategories {
        {u"application_exploitation"_s,
         {{"T1190", "exploit of a public-facing application"},
          {"T1505.003", "web shell written to the document root"},
          {"T1059.004", "unix shell spawned by the web server"},
          {"T1210", "exploitation of a remote service"}}},
        {u"endpoint_compromise"_s,
         {{"T1059.001", "encoded PowerShell launched from an Office document"},
          {"T1486", "files encrypted at high rate (ransomware behaviour)"},
          {"T1055", "process injection into lsass"},
          {"T1547.001", "new Run key persistence"},
          {"T1003.001", "LSASS memory dumped"}}},
        {u"data_exfiltration"_s,
         {{"T1041", "large upload over the command-and-control channel"},
          {"T1567.002", "archive uploaded to a cloud storage service"},
          {"T1048.003", "data sent over unencrypted DNS"},
          {"T1020", "automated exfiltration of a database export"}}},
        {u"security_triage"_s,
         {{"T1595.002", "vulnerability scan against the perimeter"},
          {"T1110.001", "password guessing against the VPN"},
          {"T1566.001", "phishing attachment reported by a user"},
          {"T1078", "login from an unusual country"}}},
    };
    static const QStringList kServices {u"checkout-web"_s,    u"payments-api"_s, u"customer-portal"_s,
                                        u"partner-gateway"_s, u"search-api"_s,   u"identity-idp"_s};
    // The tools that see each category (same order as kCategories).
    static const QList<QStringList> kSources {{u"waf"_s, u"ids"_s},
                                              {u"edr"_s, u"edr"_s, u"siem"_s},
                                              {u"dlp"_s, u"proxy"_s, u"siem"_s},
                                              {u"siem"_s, u"mail-gateway"_s, u"ids"_s, u"vpn"_s}};
    static const QStringList kSeverities {u"low"_s, u"medium"_s, u"medium"_s, u"high"_s, u"high"_s, u"critical"_s};
    static const QStringList kFirst {u"alex"_s, u"sam"_s, u"kim"_s, u"jo"_s, u"maria"_s, u"li"_s, u"noor"_s, u"tom"_s};
    static const QStringList kLast {u"berger"_s, u"chen"_s, u"doe"_s, u"garcia"_s, u"khan"_s, u"novak"_s};
    static const QStringList kPrefixes {u"192.0.2."_s, u"198.51.100."_s, u"203.0.113."_s};
    QRandomGenerator rng(seed);
    const QDateTime base(QDate(2026, 1, 5), QTime(8, 0), Qt::UTC);
    qint64 ms = 0;
    QByteArray out;
    out.reserve(512 * 1024);
    for (qint64 k = 1; k <= count; ++k) {
        // Weighted: triage signals are the most frequent, exfiltration the rarest.
        const int roll = int(rng.bounded(100));
        const int c = roll < 40 ? 3 : roll < 65 ? 1 : roll < 88 ? 0 : 2;
        const auto &[category, techniques] = kCategories.at(c);
        const Technique &t = techniques.at(int(rng.bounded(int(techniques.size()))));
        const QString severity = kSeverities.at(int(rng.bounded(int(kSeverities.size()))));
        QStringList hosts;
        const int hostCount = 1 + int(rng.bounded(c == 1 ? 3 : 2));
        for (int h = 0; h < hostCount; ++h)
            hosts.append(c == 0 ? u"app-%1.prod.example.net"_s.arg(rng.bounded(40) + 1, 2, 10, QChar(u'0'))
                                : u"ws-%1.corp.example.com"_s.arg(rng.bounded(5000) + 1, 4, 10, QChar(u'0')));
        const QString user
            = kFirst.at(int(rng.bounded(int(kFirst.size())))) + u'.' + kLast.at(int(rng.bounded(int(kLast.size()))));
        QJsonArray indicators;
        const QString ip = kPrefixes.at(int(rng.bounded(3))) + QString::number(rng.bounded(254) + 1);
        indicators.append(QJsonObject {{u"type"_s, u"ipv4"_s}, {u"value"_s, ip}});
        if (rng.bounded(3) == 0)
            indicators.append(QJsonObject {
                {u"type"_s, u"ipv6"_s},
                {u"value"_s, u"2001:db8:%1::%2"_s.arg(rng.bounded(0xffff), 0, 16).arg(rng.bounded(0xffff), 0, 16)}});
        if (c != 3 || rng.bounded(2) == 0)
            indicators.append(QJsonObject {{u"type"_s, u"domain"_s},
                                           {u"value"_s, u"cdn-%1.example.org"_s.arg(rng.bounded(900) + 100)}});
        if (c == 1) {
            QByteArray digest(32, Qt::Uninitialized);
            for (char &b : digest)
                b = char(rng.bounded(256));
            indicators.append(
                QJsonObject {{u"type"_s, u"sha256"_s}, {u"value"_s, QString::fromLatin1(digest.toHex())}});
        }
        ms += 500 + rng.bounded(3000);
        const QStringList &tools = kSources.at(c);
        const QString source = tools.at(int(rng.bounded(int(tools.size()))));
        QJsonObject event {
            {u"event_id"_s, u"cyber-%1-%2"_s.arg(seed).arg(k, 6, 10, QChar(u'0'))},
            {u"category"_s, category},
            {u"technique"_s, QString::fromLatin1(t.id)},
            {u"title"_s, u"%1 on %2"_s.arg(QString::fromLatin1(t.what), hosts.first())},
            {u"description"_s,
             u"%1 detected %2 (%3) involving %4 from %5."_s.arg(source.toUpper(), QString::fromLatin1(t.what),
                                                                QString::fromLatin1(t.id), user, ip)},
            {u"severity"_s, severity},
            {u"source"_s, source},
            {u"hosts"_s, QJsonArray::fromStringList(hosts)},
            {u"users"_s, QJsonArray {QString(user + u"@example.com"_s)}},
            {u"indicators"_s, indicators},
            {u"occurred_at"_s, base.addMSecs(ms).toString(Qt::ISODateWithMs)},
        };
        if (c == 0)
            event.insert(u"service"_s, kServices.at(int(rng.bounded(int(kServices.size())))));
        out += QJsonDocument(event).toJson(QJsonDocument::Compact);
        out += '\n';
        if (out.size() > 256 * 1024) {
            std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
            out.clear();
        }
    }
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    std::fflush(stdout);
    return ExitOk;
}

} // namespace

std::optional<int> runIngestCommand(const QStringList &arguments)
{
    // The first positional word names the command; options may come first.
    QString command;
    QString sub;
    for (qsizetype k = 1; k < arguments.size(); ++k) {
        if (!arguments.at(k).startsWith(u'-')) {
            command = arguments.at(k);
            sub = arguments.value(k + 1);
            break;
        }
        if (!arguments.at(k).contains(u'='))
            ++k; // skip the option's value (every global option takes one but --json)
        if (k < arguments.size() && arguments.at(k - 1) == "--json"_L1)
            --k;
    }
    if (command != "publish"_L1 && command != "dataset"_L1)
        return std::nullopt;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"warroomctl publish --file EVENTS.jsonl|- [--redis URL] [--rate N/s] [--pattern SPEC]\n"
        "  Publishes one event a line to the incident stream. SPEC: segments RATE/s:COUNT and\n"
        "  burst:COUNT, e.g. 50/s:500,burst:2000,50/s:500; the rest of the file follows at --rate\n"
        "  (or at once).\n"
        "warroomctl dataset cyber [--count N] [--seed S] > events.jsonl\n"
        "  A deterministic set of normalised cyber events (documentation addresses only)."_s);
    parser.addHelpOption();
    const QCommandLineOption redis(u"redis"_s, u"Redis URL (default $WARROOM_REDIS or redis://127.0.0.1:6379)."_s,
                                   u"URL"_s);
    const QCommandLineOption file(u"file"_s, u"Events, one JSON object a line; - for stdin."_s, u"FILE"_s);
    const QCommandLineOption rate(u"rate"_s, u"Events a second (N/s)."_s, u"N/s"_s);
    const QCommandLineOption pattern(u"pattern"_s, u"Rates and bursts, e.g. 50/s:500,burst:2000."_s, u"SPEC"_s);
    const QCommandLineOption stream(u"stream"_s, u"Stream name (default warroom:incidents)."_s, u"NAME"_s);
    const QCommandLineOption count(u"count"_s, u"Events to generate (default 100)."_s, u"N"_s);
    const QCommandLineOption seed(u"seed"_s, u"Random seed (default 7)."_s, u"S"_s);
    const QCommandLineOption json(u"json"_s, u"Print JSON."_s);
    // Accepted and ignored, so the usual global options do not get in the way.
    const QCommandLineOption server(u"server"_s, u"Unused here."_s, u"URL"_s);
    const QCommandLineOption token(u"token"_s, u"Unused here."_s, u"TOKEN"_s);
    const QCommandLineOption tokenFile(u"token-file"_s, u"Unused here."_s, u"FILE"_s);
    parser.addOptions({redis, file, rate, pattern, stream, count, seed, json, server, token, tokenFile});
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(u"help"_s)) {
        std::printf("%s\n", qPrintable(parser.helpText()));
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (command == "dataset"_L1) {
        if (positional.value(1) != "cyber"_L1 || positional.size() != 2)
            return usageError(u"dataset needs a kind: dataset cyber [--count N] [--seed S]"_s);
        bool ok = true;
        const qint64 n = parser.isSet(count) ? parser.value(count).toLongLong(&ok) : 100;
        if (!ok || n < 1 || n > 10'000'000)
            return usageError(u"--count must be 1 to 10000000"_s);
        const quint32 s = parser.isSet(seed) ? parser.value(seed).toUInt(&ok) : 7;
        if (!ok)
            return usageError(u"--seed must be a whole number"_s);
        return datasetCyber(n, s);
    }
    if (positional.size() != 1)
        return usageError(u"publish takes no further words: publish --file EVENTS.jsonl"_s);
    if (!parser.isSet(file))
        return usageError(u"publish needs --file EVENTS.jsonl (or - for stdin)"_s);
    const QString url = parser.isSet(redis)
        ? parser.value(redis)
        : QProcessEnvironment::systemEnvironment().value(u"WARROOM_REDIS"_s, u"redis://127.0.0.1:6379"_s);
    return publish(parser, parser.value(file), url, parser.value(rate), parser.value(pattern),
                   parser.isSet(stream) ? parser.value(stream) : QString::fromLatin1(kIncidentStream),
                   parser.isSet(json));
}

} // namespace warroom
