// Integration tests of the coordinator's HTTP and WebSocket API against the
// real warroomd, started as a child process on loopback (see DaemonProcess).

#include "apiclient.h"
#include "daemonprocess.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <memory>

using namespace Qt::StringLiterals;
using warroom::ApiClient;
using warroom::ApiResponse;
using warroom::waitFor;
using warroom::test::DaemonProcess;
using warroom::test::HttpExchange;

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

constexpr int kMalformedTotal = 1000;
constexpr qint64 kMaxBody = 1 << 20;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
QByteArray compact(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

Headers bearer(const QString &token)
{
    return {{"Authorization", "Bearer " + token.toUtf8()}};
}

/// The approval_status entry of `step` in an incident detail.
QJsonObject approvalOf(const QJsonObject &detail, const QString &step)
{
    const QJsonArray status = detail.value(u"approval_status"_s).toArray();
    for (const QJsonValue &v : status) {
        if (v.toObject().value(u"step"_s).toString() == step)
            return v.toObject();
    }
    return {};
}

/// The plan step `id` in an incident detail.
QJsonObject stepOf(const QJsonObject &detail, const QString &id)
{
    const QJsonArray steps = detail.value(u"plan"_s).toObject().value(u"steps"_s).toArray();
    for (const QJsonValue &v : steps) {
        if (v.toObject().value(u"id"_s).toString() == id)
            return v.toObject();
    }
    return {};
}

QStringList strings(const QJsonValue &array)
{
    QStringList out;
    const QJsonArray a = array.toArray();
    for (const QJsonValue &v : a)
        out.append(v.toString());
    return out;
}

QString preview(const QByteArray &body)
{
    QByteArray head = body.left(80);
    for (char &c : head) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
            c = '?';
    }
    return QString::fromLatin1(head) + (body.size() > 80 ? u"... (%1 bytes)"_s.arg(body.size()) : QString());
}

/// A WebSocket client that records every message with its arrival time.
class LiveFeed final
{
public:
    LiveFeed()
    {
        m_clock.start();
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [this](const QString &text) {
            messages.append({m_clock.elapsed(), parseObject(text)});
        });
        QObject::connect(&socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), &socket,
                         [this](QAbstractSocket::SocketError) { m_errors.append(socket.errorString()); });
        QObject::connect(&socket, &QWebSocket::disconnected, &socket, [this] { m_disconnected = true; });
    }
    LiveFeed(const LiveFeed &) = delete;
    LiveFeed &operator=(const LiveFeed &) = delete;

    void open(const QNetworkRequest &request) { socket.open(request); }
    qint64 now() const { return m_clock.elapsed(); }
    /// Waits until a message arrived or the connection is gone; true when a message did.
    bool awaitFirstMessage(int timeoutMs)
    {
        (void)QTest::qWaitFor([this] { return !messages.isEmpty() || m_disconnected || !m_errors.isEmpty(); },
                              timeoutMs);
        return !messages.isEmpty();
    }
    /// When the first message of `type` (for incident `id`, unless 0) arrived, or -1.
    qint64 arrivalOf(const QString &type, qint64 id = 0) const
    {
        for (const auto &m : messages) {
            if (m.second.value(u"type"_s).toString() == type
                && (id == 0 || m.second.value(u"incident_id"_s).toInteger() == id))
                return m.first;
        }
        return -1;
    }
    QJsonObject first() const { return messages.isEmpty() ? QJsonObject() : messages.constFirst().second; }
    /// Why no message came, for failure messages.
    QString diagnosis() const
    {
        return u"state %1, close code %2 \"%3\", errors: %4"_s.arg(int(socket.state()))
            .arg(int(socket.closeCode()))
            .arg(socket.closeReason(), m_errors.join(u"; "_s));
    }

    QWebSocket socket;
    QList<QPair<qint64, QJsonObject>> messages; ///< arrival time, message

private:
    QElapsedTimer m_clock;
    QStringList m_errors;
    bool m_disconnected = false;
};

QNetworkRequest webSocketRequest(const DaemonProcess &daemon, const QString &token, bool inQuery = false)
{
    QUrl url = daemon.baseUrl();
    url.setScheme(daemon.tls() ? u"wss"_s : u"ws"_s);
    url.setPath(u"/ws"_s);
    if (inQuery && !token.isEmpty())
        url.setQuery(QUrlQuery {{u"token"_s, token}});
    QNetworkRequest request(url);
    if (!inQuery && !token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    return request;
}

// --- the malformed-submission corpus ---------------------------------------

struct MalformedCase
{
    QByteArray body;
    int expected = 400;
};

const QStringList kKnownFields {u"title"_s,  u"description"_s, u"service"_s,    u"priority"_s,
                                u"source"_s, u"external_id"_s, u"restricted"_s, u"labels"_s};

QString word(QRandomGenerator &rng, int minLength, int maxLength)
{
    const int length = minLength + int(rng.bounded(maxLength - minLength + 1));
    QString out;
    for (int i = 0; i < length; ++i)
        out.append(QChar(u'a' + int(rng.bounded(26))));
    return out;
}

/// A valid submission: every malformed case breaks exactly one thing in it.
QJsonObject validBody(QRandomGenerator &rng)
{
    QJsonObject o {{u"title"_s, QString(u"Malformed probe "_s + word(rng, 3, 12))}};
    if (rng.bounded(2))
        o.insert(u"service"_s, QString(u"fuzz-"_s + word(rng, 2, 8)));
    if (rng.bounded(2))
        o.insert(u"priority"_s, u"P%1"_s.arg(1 + rng.bounded(4)));
    if (rng.bounded(2))
        o.insert(u"description"_s, word(rng, 0, 60));
    if (rng.bounded(3) == 0)
        o.insert(u"labels"_s, QJsonObject {{u"team"_s, u"sre"_s}});
    if (rng.bounded(3) == 0)
        o.insert(u"restricted"_s, bool(rng.bounded(2)));
    return o;
}

/// A JSON value that is not a string (and not null, which counts as absent).
QJsonValue nonString(QRandomGenerator &rng)
{
    switch (rng.bounded(5)) {
    case 0: return double(rng.bounded(100000)) - 500.5;
    case 1: return bool(rng.bounded(2));
    case 2: return QJsonArray {word(rng, 1, 5), 1};
    case 3: return QJsonObject {{word(rng, 1, 5), word(rng, 1, 5)}};
    default: return qint64(rng.bounded(1000));
    }
}

QByteArray nested(const QByteArray &open, const QByteArray &close, int depth, const QByteArray &core)
{
    return open.repeated(depth) + core + close.repeated(depth);
}

QList<MalformedCase> generateCases(const QString &category, int count, quint32 seed)
{
    QRandomGenerator rng(seed);
    QList<MalformedCase> out;
    auto add = [&](const QByteArray &body, int expected = 400) { out.append({body, expected}); };

    static const QList<QByteArray> kBadUtf8 {
        "\xff",         "\xfe",     "\xc0\x80",     "\xc1\xbf",         "\x80",
        "\xbf\xbf",     "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80",
        "\xe0\x80\xaf", "\xc3("};
    static const QList<QByteArray> kSyntax {R"({"title":"x",})",
                                            R"({'title':'x'})",
                                            R"({title:"x"})",
                                            R"({"title":"x" /* c */})",
                                            R"({"title":"x","restricted":NaN})",
                                            R"({"title":"x"}{"title":"y"})",
                                            R"({"title" "x"})",
                                            R"({"title":"x" "service":"y"})",
                                            R"({"title":"\u12"})",
                                            R"({"title":"x","restricted":+1})",
                                            R"({"title":"x","restricted":--1})",
                                            R"({"title":"x","restricted":tru})",
                                            R"({"title":"x","restricted":True})",
                                            R"({,"title":"x"})",
                                            R"({"title":"x"])",
                                            R"({"title":"x"}})",
                                            R"({"title":"x","restricted":1e999})",
                                            R"({"title":"x","restricted":01})",
                                            R"({"title":"x","restricted":0x10})",
                                            R"({"title":"x","restricted":.5})",
                                            QByteArray("{\"title\":\"x\"}\x00", 14),
                                            R"({"title":"x"}garbage)",
                                            R"({"title":"x"},)",
                                            R"({"title":"x",,"service":"y"})",
                                            R"({"title"::"x"})",
                                            R"({"title":"x""})",
                                            R"({"title":x})",
                                            R"({"title":undefined})",
                                            R"({"title":"x","restricted":null,})",
                                            R"({"title":"x")",
                                            R"(})",
                                            R"({{}})",
                                            R"({"title":"x"}])",
                                            R"(<xml><title>x</title></xml>)",
                                            R"(title=x&priority=P1)",
                                            R"(---
title: x)"};

    if (category == "truncated"_L1) {
        for (int i = 0; i < count; ++i) {
            const QByteArray full = compact(validBody(rng));
            add(full.left(qsizetype(rng.bounded(int(full.size()))))); // never the closing brace
        }
    } else if (category == "not-an-object"_L1) {
        for (int i = 0; i < count; ++i) {
            switch (i % 8) {
            case 0: add(compact(QJsonArray {validBody(rng)})); break;
            case 1: add(compact(QJsonArray {word(rng, 1, 8), int(rng.bounded(100))})); break;
            case 2: add(QByteArray::number(qint64(rng.bounded(1000000)) - 500000)); break;
            case 3: add(QByteArray::number(double(rng.bounded(1000)) / 7.0)); break;
            case 4: add('"' + word(rng, 0, 20).toUtf8() + '"'); break;
            case 5: add(rng.bounded(2) ? "true" : "false"); break;
            case 6: add("null"); break;
            default: add("[]"); break;
            }
        }
    } else if (category == "wrong-types"_L1) {
        for (int i = 0; i < count; ++i) {
            QJsonObject body = validBody(rng);
            const QString field = kKnownFields.at(i % kKnownFields.size());
            if (field == "restricted"_L1) {
                const QJsonValue values[] = {u"true"_s, 1, 0, QJsonArray {true}, QJsonObject {}};
                body.insert(field, values[rng.bounded(5)]);
            } else if (field == "labels"_L1) {
                const QJsonValue values[] = {QJsonArray {u"a"_s}, u"team=sre"_s, 7, true};
                body.insert(field, values[rng.bounded(4)]);
            } else if (field == "title"_L1 && rng.bounded(4) == 0) {
                body.insert(field, QJsonValue::Null); // null is "missing": still required
            } else {
                body.insert(field, nonString(rng));
            }
            add(compact(body));
        }
    } else if (category == "unknown-fields"_L1) {
        static const QStringList kServerOwned {u"id"_s,         u"key"_s,        u"state"_s,    u"reported_by"_s,
                                               u"created_at"_s, u"updated_at"_s, u"severity"_s, u"plan"_s,
                                               u"approvals"_s,  u"Title"_s,      u"owner"_s,    u"event_count"_s};
        for (int i = 0; i < count; ++i) {
            QJsonObject body = validBody(rng);
            QString key = i < kServerOwned.size() ? kServerOwned.at(i) : word(rng, 1, 14);
            if (kKnownFields.contains(key))
                key += u"_x"_s;
            const QJsonValue values[] = {word(rng, 0, 10), 1, QJsonValue::Null, QJsonObject {}, true};
            body.insert(key, values[rng.bounded(5)]);
            add(compact(body));
        }
    } else if (category == "bad-priority"_L1) {
        static const QRegularExpression kValid(u"^P[1-4]$"_s);
        const QString alphabet = u"Pp0123456789xX- "_s;
        out.append({compact(QJsonObject {{u"title"_s, u"x"_s}, {u"priority"_s, u"P9"_s}}), 400});
        while (out.size() < count) {
            QString priority;
            const int length = 1 + int(rng.bounded(5));
            for (int i = 0; i < length; ++i)
                priority.append(alphabet.at(rng.bounded(int(alphabet.size()))));
            if (kValid.match(priority.toUpper()).hasMatch())
                continue;
            QJsonObject body = validBody(rng);
            body.insert(u"priority"_s, priority);
            add(compact(body));
        }
    } else if (category == "bad-title"_L1) {
        for (int i = 0; i < count; ++i) {
            QJsonObject body = validBody(rng);
            switch (i % 5) {
            case 0: body.remove(u"title"_s); break;
            case 1: body.insert(u"title"_s, QString()); break;
            case 2: {
                QString blank;
                const int length = 1 + int(rng.bounded(20));
                for (int k = 0; k < length; ++k)
                    blank.append(u" \t\n\r"_s.at(rng.bounded(4)));
                body.insert(u"title"_s, blank);
                break;
            }
            case 3: body.insert(u"title"_s, QString(501 + int(rng.bounded(4000)), u'T')); break;
            default: body.insert(u"title"_s, QString(501 + int(rng.bounded(200)), QChar(0x00e9))); break;
            }
            add(compact(body));
        }
    } else if (category == "invalid-utf8"_L1) {
        static const char *const kFields[] = {"title", "description", "service", "source"};
        for (int i = 0; i < count; ++i) {
            const QByteArray bad = kBadUtf8.at(i % kBadUtf8.size());
            const QByteArray text = word(rng, 0, 10).toUtf8() + bad + word(rng, 0, 10).toUtf8();
            switch (rng.bounded(4)) {
            case 0: add(R"({"title":")" + text + R"("})"); break;
            case 1:
                add(R"({"title":"probe",")" + QByteArray(kFields[1 + rng.bounded(3)]) + R"(":")" + text + R"("})");
                break;
            case 2: add(R"({"title":"probe","labels":{"team":")" + text + R"("}})"); break;
            default: add(R"({")" + text + R"(":"x","title":"probe"})"); break;
            }
        }
    } else if (category == "deep-nesting"_L1) {
        for (int i = 0; i < count; ++i) {
            switch (i % 4) {
            case 0: add(nested("[", "]", 1025 + int(rng.bounded(3000)), "")); break;
            case 1: add(nested(R"({"a":)", "}", 1025 + int(rng.bounded(3000)), "1")); break;
            case 2:
                add(R"({"title":"probe","labels":)" + nested(R"({"k":)", "}", 2 + int(rng.bounded(1000)), "\"v\"")
                    + "}");
                break;
            default: add(R"({"title":)" + nested("[", "]", 1 + int(rng.bounded(500)), "\"x\"") + "}"); break;
            }
        }
    } else if (category == "bad-labels"_L1) {
        for (int i = 0; i < count; ++i) {
            QJsonObject body = validBody(rng);
            QJsonObject labels {{u"team"_s, u"sre"_s}};
            switch (i % 8) {
            case 0: labels.insert(word(rng, 1, 8), double(rng.bounded(1000))); break;
            case 1: labels.insert(word(rng, 1, 8), bool(rng.bounded(2))); break;
            case 2: labels.insert(word(rng, 1, 8), QJsonValue::Null); break;
            case 3: labels.insert(word(rng, 1, 8), QJsonArray {u"a"_s}); break;
            case 4: labels.insert(word(rng, 1, 8), QJsonObject {{u"nested"_s, u"x"_s}}); break;
            case 5:
                for (int k = 0; k < 101 + int(rng.bounded(200)); ++k)
                    labels.insert(u"k%1"_s.arg(k), u"v"_s);
                break;
            case 6: labels.insert(QString(201 + int(rng.bounded(100)), u'k'), u"v"_s); break;
            default: labels.insert(u"long"_s, QString(2001 + int(rng.bounded(1000)), u'v')); break;
            }
            body.insert(u"labels"_s, labels);
            add(compact(body));
        }
    } else if (category == "field-limits"_L1) {
        const QString badSourceChars = u" !#$%^&*()=+[]{};,<>?|\\\"'~`"_s;
        for (int i = 0; i < count; ++i) {
            QJsonObject body = validBody(rng);
            switch (i % 6) {
            case 0: body.insert(u"description"_s, QString(64 * 1024 + 1 + int(rng.bounded(5000)), u'd')); break;
            case 1: body.insert(u"service"_s, QString(201 + int(rng.bounded(300)), u's')); break;
            case 2: body.insert(u"source"_s, QString(65 + int(rng.bounded(100)), u'o')); break;
            case 3: body.insert(u"external_id"_s, QString(201 + int(rng.bounded(300)), u'e')); break;
            case 4: {
                QString source = word(rng, 0, 6);
                source.insert(int(rng.bounded(int(source.size()) + 1)),
                              badSourceChars.at(rng.bounded(int(badSourceChars.size()))));
                body.insert(u"source"_s, source);
                break;
            }
            default: body.insert(u"source"_s, QString(word(rng, 1, 5) + QChar(0x00e9))); break;
            }
            add(compact(body));
        }
    } else if (category == "syntax"_L1) {
        for (const QByteArray &body : kSyntax)
            add(body);
        for (const QByteArray &bad : kBadUtf8) // invalid bytes outside strings
            add(R"({"title":"x",)" + bad + "}");
        add("\xef\xbb\xbf"); // a byte-order mark and nothing else
        add("   \r\n\t  "); // whitespace only: an empty object, no title
        add({}); // no body at all
    } else if (category == "garbage"_L1) {
        for (int i = 0; i < count; ++i) {
            QByteArray bytes(1 + qsizetype(rng.bounded(512)), Qt::Uninitialized);
            for (char &c : bytes)
                c = char(rng.bounded(256));
            if (bytes.at(0) == '{' || QByteArrayView(" \t\r\n").contains(bytes.at(0)))
                bytes[0] = '\x01';
            add(bytes);
        }
    } else if (category == "too-large"_L1) {
        add(QByteArray(kMaxBody, 'x'), 400); // exactly the limit: read, then refused as JSON
        add(QByteArray(kMaxBody + 1, 'x'), 413);
        add(compact(QJsonObject {{u"title"_s, u"big"_s}, {u"description"_s, QString(kMaxBody, u'd')}}), 413);
        add("[" + QByteArray(kMaxBody * 3 / 2, '1') + "]", 413);
        add(QByteArray(2 * kMaxBody, '{'), 413);
        add(QByteArray(4 * kMaxBody, ' '), 413);
    }
    return out;
}

struct Category
{
    const char *name;
    int count;
};

/// The categories and how many cases each contributes; "garbage" fills the
/// corpus up to exactly kMalformedTotal.
QList<Category> malformedCategories()
{
    QList<Category> categories {
        {"truncated", 150}, {"not-an-object", 60}, {"wrong-types", 150}, {"unknown-fields", 80}, {"bad-priority", 60},
        {"bad-title", 80},  {"invalid-utf8", 100}, {"deep-nesting", 40}, {"bad-labels", 80},     {"field-limits", 60},
        {"syntax", 0},      {"too-large", 0},      {"garbage", 0}};
    int used = 0;
    for (Category &c : categories) {
        if (c.count == 0 && qstrcmp(c.name, "garbage") != 0)
            c.count = int(generateCases(QString::fromLatin1(c.name), 0, 0).size());
        used += c.count;
    }
    categories.last().count = kMalformedTotal - used;
    return categories;
}

} // namespace

class tst_Api final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idempotencyKeysBelongToTheirUser();
    void incidentKeysInPaths();
    void initTestCase();
    void cleanupTestCase();

    void healthNeedsNoToken();
    void unauthenticated_data();
    void unauthenticated();
    void unauthenticatedWritesChangeNothing();
    void forbidden_data();
    void forbidden();

    void malformedSubmissions_data();
    void malformedSubmissions();
    void malformedSubmissionsLeaveNoTrace();
    void rawGarbageKeepsDaemonAlive_data();
    void rawGarbageKeepsDaemonAlive();

    void idempotentSubmit();
    void idempotencyKeyConflicts();
    void concurrentDuplicatesCreateOne();
    void externalIdDeduplicates();

    void webSocket_data();
    void webSocket();

    void listing_data();
    void listing();
    void listingRejectsBadParameters_data();
    void listingRejectsBadParameters();
    void unknownQueryParametersAreRefused_data();
    void unknownQueryParametersAreRefused();

    void approvalFlow();
    void freeze();
    void freezeIsAnnouncedLive();
    void metrics();
    void gracefulShutdown();
    void shutdownClosesWebSockets();
    void tls();
    void tlsWebSocket();

private:
    /// One request to `daemon`; `authorization` is the whole header value (none when empty).
    HttpExchange call(DaemonProcess &daemon, const QByteArray &verb, const QString &path, const QByteArray &body = {},
                      const QByteArray &authorization = {}, const Headers &extra = {});
    HttpExchange callAs(DaemonProcess &daemon, const QString &user, const QByteArray &verb, const QString &path,
                        const QJsonObject &body = {});
    /// Sends every request at once and waits for all answers.
    QList<HttpExchange> callAll(DaemonProcess &daemon, const QString &path, const QList<QByteArray> &bodies,
                                const Headers &headers);
    qint64 incidentTotal(DaemonProcess &daemon);
    QJsonObject auditVerification(DaemonProcess &daemon);
    /// An incident with a plan that carol proposed and submitted (for self-approval).
    qint64 ownPlanIncident();
    /// A self-signed certificate and a config naming it (once); an error, "skip: why", or empty.
    QString prepareTls();

    QNetworkAccessManager m_nam;
    std::unique_ptr<DaemonProcess> m_daemon; ///< shared by the tests that leave INC-1 alone
    qint64 m_ownPlanIncident = 0;
    std::optional<qint64> m_malformedBaselineTotal;
    std::optional<qint64> m_malformedBaselineRecords;
    int m_malformedSent = 0;
    std::unique_ptr<QTemporaryDir> m_pki;
    QString m_tlsConfig;
    QList<QSslCertificate> m_ca;
};

// --- helpers ---------------------------------------------------------------

HttpExchange tst_Api::call(DaemonProcess &daemon, const QByteArray &verb, const QString &path, const QByteArray &body,
                           const QByteArray &authorization, const Headers &extra)
{
    Headers headers = extra;
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    QUrl url = daemon.baseUrl();
    const qsizetype question = path.indexOf(u'?');
    url.setPath(question < 0 ? path : path.left(question));
    if (question >= 0)
        url.setQuery(path.mid(question + 1));
    return warroom::test::sendHttp(m_nam, verb, url, body, headers);
}

HttpExchange tst_Api::callAs(DaemonProcess &daemon, const QString &user, const QByteArray &verb, const QString &path,
                             const QJsonObject &body)
{
    const bool hasBody = verb == "POST" || verb == "PUT";
    return call(daemon, verb, path, hasBody ? compact(body) : QByteArray(), "Bearer " + daemon.token(user).toUtf8());
}

QList<HttpExchange> tst_Api::callAll(DaemonProcess &daemon, const QString &path, const QList<QByteArray> &bodies,
                                     const Headers &headers)
{
    QList<QNetworkReply *> replies;
    QEventLoop loop;
    int pending = int(bodies.size());
    for (const QByteArray &body : bodies) {
        QNetworkRequest request(daemon.url(path));
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setTransferTimeout(30000);
        request.setRawHeader("Content-Type", "application/json");
        for (const auto &h : headers)
            request.setRawHeader(h.first, h.second);
        QNetworkReply *reply = m_nam.sendCustomRequest(request, "POST", body);
        connect(reply, &QNetworkReply::finished, &loop, [&pending, &loop] {
            if (--pending == 0)
                loop.quit();
        });
        replies.append(reply);
    }
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    if (pending > 0)
        loop.exec();
    QList<HttpExchange> out;
    for (QNetworkReply *reply : std::as_const(replies)) {
        HttpExchange e;
        if (reply->isFinished()) {
            e.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            e.body = reply->readAll();
            e.headers = reply->rawHeaderPairs();
            if (e.status == 0)
                e.networkError = reply->errorString();
            const QJsonDocument doc = QJsonDocument::fromJson(e.body);
            if (doc.isObject())
                e.json = doc.object();
        } else {
            reply->abort();
            e.networkError = u"no answer within 60 s"_s;
        }
        reply->deleteLater();
        out.append(e);
    }
    return out;
}

qint64 tst_Api::incidentTotal(DaemonProcess &daemon)
{
    const HttpExchange e = callAs(daemon, u"dave"_s, "GET", u"/api/v1/incidents?limit=1"_s);
    if (e.status != 200 || !e.json.value(u"total"_s).isDouble())
        return -1;
    return e.json.value(u"total"_s).toInteger();
}

QJsonObject tst_Api::auditVerification(DaemonProcess &daemon)
{
    const HttpExchange e = callAs(daemon, u"dave"_s, "GET", u"/api/v1/audit/verify"_s);
    return e.status == 200 ? e.json : QJsonObject {{u"http_status"_s, e.status}};
}

qint64 tst_Api::ownPlanIncident()
{
    if (m_ownPlanIncident > 0)
        return m_ownPlanIncident;
    DaemonProcess &d = *m_daemon;
    const HttpExchange created = callAs(d, u"carol"_s, "POST", u"/api/v1/incidents"_s,
                                        {{u"title"_s, u"Queue consumer lag on orders"_s},
                                         {u"service"_s, u"orders-consumer"_s},
                                         {u"priority"_s, u"P2"_s}});
    if (created.status != 201)
        return 0;
    const qint64 id = created.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
    const QJsonObject plan {{u"summary"_s, u"Restart the consumer, then check the lag."_s},
                            {u"steps"_s,
                             QJsonArray {QJsonObject {{u"id"_s, u"m1"_s},
                                                      {u"kind"_s, u"manual"_s},
                                                      {u"title"_s, u"Restart the orders consumer"_s},
                                                      {u"required_roles"_s, QJsonArray {u"responder"_s, u"mim"_s}}}}}};
    if (callAs(d, u"carol"_s, "PUT", u"/api/v1/incidents/%1/plan"_s.arg(id), plan).status != 200)
        return 0;
    if (callAs(d, u"carol"_s, "POST", u"/api/v1/incidents/%1/plan/submit"_s.arg(id)).status != 200)
        return 0;
    m_ownPlanIncident = id;
    return id;
}

// --- set-up ----------------------------------------------------------------

void tst_Api::initTestCase()
{
    m_daemon = std::make_unique<DaemonProcess>();
    QVERIFY2(m_daemon->start(), qPrintable(m_daemon->errorString()));
    QVERIFY(m_daemon->listeningLine().startsWith("warroomd: listening on http://127.0.0.1:"_L1));

    // The seeded demo incident every role test relies on.
    const HttpExchange inc1 = callAs(*m_daemon, u"dave"_s, "GET", u"/api/v1/incidents/1"_s);
    QCOMPARE(inc1.status, 200);
    const QJsonObject incident = inc1.json.value(u"incident"_s).toObject();
    QCOMPARE(incident.value(u"title"_s).toString(), u"Salesforce SSO login redirect loop"_s);
    QCOMPARE(incident.value(u"key"_s).toString(), u"INC-1"_s);
    QCOMPARE(incident.value(u"state"_s).toString(), u"awaiting_approval"_s);
    for (const QString &id : {u"s1"_s, u"s2"_s, u"s3"_s, u"s4"_s}) {
        const QJsonObject step = stepOf(inc1.json, id);
        QCOMPARE(step.value(u"state"_s).toString(), u"pending"_s);
        QCOMPARE(step.value(u"requested_by"_s).toString(), u"warroomd"_s);
    }

    // Fixture for the listing tests: 6 on service a (5 from itest-list), 2 on service b.
    auto carol = m_daemon->client(u"carol"_s);
    for (int i = 0; i < 8; ++i) {
        const bool serviceB = i >= 6;
        const QJsonObject body {{u"title"_s, u"Listing fixture %1"_s.arg(i)},
                                {u"service"_s, serviceB ? u"itest-list-b"_s : u"itest-list-a"_s},
                                {u"source"_s, i == 5 ? u"itest-other"_s : u"itest-list"_s},
                                {u"priority"_s, u"P3"_s}};
        const ApiResponse r = waitFor(carol->submitIncident(body));
        QVERIFY2(r.status == 201, qPrintable(r.errorMessage()));
    }
}

void tst_Api::cleanupTestCase()
{
    if (m_daemon) {
        QVERIFY(m_daemon->stop());
        QCOMPARE(m_daemon->process()->exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_daemon->process()->exitCode(), 0);
    }
}

// --- 1. authentication -----------------------------------------------------

void tst_Api::healthNeedsNoToken()
{
    for (const QByteArray &auth : {QByteArray(), QByteArray("Bearer not-a-real-token")}) {
        const HttpExchange e = call(*m_daemon, "GET", u"/healthz"_s, {}, auth);
        QCOMPARE(e.status, 200);
        QCOMPARE(e.json.value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(e.json.value(u"database"_s).toString(), u"ok"_s);
        QVERIFY(e.header("WWW-Authenticate").isEmpty());
    }
}

void tst_Api::unauthenticated_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("authorization");

    const QByteArray step = R"({"comment":"lgtm","reason":"no"})";
    const QList<std::tuple<QByteArray, QString, QByteArray>> routes {
        {"GET", u"/metrics"_s, {}},
        {"GET", u"/api/v1/me"_s, {}},
        {"GET", u"/api/v1/incidents"_s, {}},
        {"GET", u"/api/v1/incidents?status=new&limit=5"_s, {}},
        {"POST", u"/api/v1/incidents"_s, R"({"title":"sneaky"})"},
        {"GET", u"/api/v1/incidents/1"_s, {}},
        {"PUT", u"/api/v1/incidents/1/plan"_s, R"({"steps":[]})"},
        {"POST", u"/api/v1/incidents/1/plan/submit"_s, {}},
        {"POST", u"/api/v1/incidents/1/escalate"_s, R"({"reason":"x"})"},
        {"POST", u"/api/v1/incidents/1/resolve"_s, R"({"summary":"x"})"},
        {"POST", u"/api/v1/incidents/1/close"_s, {}},
        {"POST", u"/api/v1/incidents/1/assign"_s, R"({"owner":"mallory"})"},
        {"POST", u"/api/v1/incidents/1/steps/s1/approve"_s, step},
        {"POST", u"/api/v1/incidents/1/steps/s1/reject"_s, step},
        {"POST", u"/api/v1/incidents/1/steps/s1/start"_s, {}},
        {"POST", u"/api/v1/incidents/1/steps/s1/finish"_s, R"({"succeeded":true})"},
        {"POST", u"/api/v1/incidents/1/steps/s1/skip"_s, R"({"reason":"x"})"},
        {"GET", u"/api/v1/freeze"_s, {}},
        {"POST", u"/api/v1/freeze"_s, R"({"reason":"x"})"},
        {"DELETE", u"/api/v1/freeze"_s, {}},
        {"GET", u"/api/v1/audit"_s, {}},
        {"GET", u"/api/v1/audit/verify"_s, {}},
        {"GET", u"/ws"_s, {}},
    };
    const QList<QPair<const char *, QByteArray>> credentials {
        {"no token", {}},
        {"wrong token", "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
        {"basic auth", "Basic YWxpY2U6c2VjcmV0"},
        {"empty bearer", "Bearer "},
    };
    for (const auto &[verb, path, body] : routes) {
        for (const auto &[label, authorization] : credentials)
            QTest::addRow("%s %s, %s", verb.constData(), qPrintable(path), label)
                << verb << path << body << authorization;
    }
}

void tst_Api::unauthenticated()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, authorization);

    const HttpExchange e = call(*m_daemon, verb, path, body, authorization);
    QCOMPARE(e.status, 401);
    QVERIFY2(e.header("Content-Type").startsWith("application/json"), e.header("Content-Type").constData());
    QVERIFY2(!e.error().isEmpty(), e.body.constData());
    QCOMPARE(e.json.size(), 1); // {"error": ...} and nothing else
    QVERIFY(e.header("WWW-Authenticate").startsWith("Bearer"));
}

void tst_Api::unauthenticatedWritesChangeNothing()
{
    DaemonProcess &d = *m_daemon;
    const qint64 total = incidentTotal(d);
    const QJsonObject audit = auditVerification(d);
    QVERIFY(total > 0);

    const QByteArray wrong = "Bearer " + d.token(u"alice"_s).toUtf8() + "x"; // near miss
    QCOMPARE(call(d, "POST", u"/api/v1/incidents"_s, R"({"title":"ghost"})", wrong).status, 401);
    QCOMPARE(call(d, "POST", u"/api/v1/incidents/1/steps/s1/approve"_s, "{}", wrong).status, 401);
    QCOMPARE(call(d, "POST", u"/api/v1/freeze"_s, R"({"reason":"ghost"})").status, 401);

    QCOMPARE(incidentTotal(d), total);
    QCOMPARE(auditVerification(d).value(u"records"_s), audit.value(u"records"_s));
    const HttpExchange inc1 = callAs(d, u"dave"_s, "GET", u"/api/v1/incidents/1"_s);
    QCOMPARE(inc1.json.value(u"approvals"_s).toArray().size(), 0);
    QCOMPARE(callAs(d, u"dave"_s, "GET", u"/api/v1/freeze"_s).json.value(u"active"_s).toBool(), false);
}

// --- 2. roles --------------------------------------------------------------

void tst_Api::forbidden_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path"); // {own}: carol's own planned incident
    QTest::addColumn<QByteArray>("body");

    const QByteArray plan = R"({"steps":[{"id":"v1","kind":"manual","title":"Look around"}]})";
    QTest::newRow("viewer approves a step")
        << u"dave"_s << QByteArray("POST") << u"/api/v1/incidents/1/steps/s1/approve"_s
        << QByteArray(R"({"comment":"lgtm"})");
    QTest::newRow("viewer rejects a step")
        << u"dave"_s << QByteArray("POST") << u"/api/v1/incidents/1/steps/s1/reject"_s
        << QByteArray(R"({"reason":"no"})");
    QTest::newRow("viewer starts a step")
        << u"dave"_s << QByteArray("POST") << u"/api/v1/incidents/1/steps/s1/start"_s << QByteArray();
    QTest::newRow("viewer submits an incident")
        << u"dave"_s << QByteArray("POST") << u"/api/v1/incidents"_s << QByteArray(R"({"title":"viewer incident"})");
    QTest::newRow("viewer proposes a plan")
        << u"dave"_s << QByteArray("PUT") << u"/api/v1/incidents/{own}/plan"_s << plan;
    QTest::newRow("viewer submits a plan")
        << u"dave"_s << QByteArray("POST") << u"/api/v1/incidents/{own}/plan/submit"_s << QByteArray();
    QTest::newRow("viewer freezes") << u"dave"_s << QByteArray("POST") << u"/api/v1/freeze"_s
                                    << QByteArray(R"({"reason":"I am scared"})");
    QTest::newRow("viewer lifts a freeze") << u"dave"_s << QByteArray("DELETE") << u"/api/v1/freeze"_s << QByteArray();
    QTest::newRow("responder lifts a freeze")
        << u"carol"_s << QByteArray("DELETE") << u"/api/v1/freeze"_s << QByteArray();
    QTest::newRow("requester approves own step")
        << u"carol"_s << QByteArray("POST") << u"/api/v1/incidents/{own}/steps/m1/approve"_s
        << QByteArray(R"({"comment":"trust me"})");
    QTest::newRow("requester rejects own step")
        << u"carol"_s << QByteArray("POST") << u"/api/v1/incidents/{own}/steps/m1/reject"_s
        << QByteArray(R"({"reason":"changed my mind"})");
    QTest::newRow("change-approver approves a responder step")
        << u"bob"_s << QByteArray("POST") << u"/api/v1/incidents/1/steps/s1/approve"_s << QByteArray("{}");
    QTest::newRow("responder approves a high-risk step")
        << u"carol"_s << QByteArray("POST") << u"/api/v1/incidents/1/steps/s3/approve"_s << QByteArray("{}");
    QTest::newRow("responder resolves") << u"carol"_s << QByteArray("POST") << u"/api/v1/incidents/1/resolve"_s
                                        << QByteArray(R"({"summary":"fixed itself"})");
    QTest::newRow("responder assigns") << u"carol"_s << QByteArray("POST") << u"/api/v1/incidents/1/assign"_s
                                       << QByteArray(R"({"owner":"carol"})");
    QTest::newRow("responder skips a step")
        << u"carol"_s << QByteArray("POST") << u"/api/v1/incidents/1/steps/s1/skip"_s
        << QByteArray(R"({"reason":"boring"})");
}

void tst_Api::forbidden()
{
    QFETCH(QString, user);
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);

    DaemonProcess &d = *m_daemon;
    if (path.contains("{own}"_L1)) {
        const qint64 own = ownPlanIncident();
        QVERIFY2(own > 0, "carol could not create, plan and submit her own incident");
        path.replace(u"{own}"_s, QString::number(own));
    }
    static const QRegularExpression kIncident(u"^/api/v1/incidents/(\\d+)/"_s);
    const QRegularExpressionMatch target = kIncident.match(path);
    QByteArray before;
    if (target.hasMatch())
        before = callAs(d, u"dave"_s, "GET", u"/api/v1/incidents/"_s + target.captured(1)).body;
    const qint64 total = incidentTotal(d);

    const HttpExchange e = call(d, verb, path, body, "Bearer " + d.token(user).toUtf8());
    QCOMPARE(e.status, 403);
    QVERIFY2(!e.error().isEmpty(), e.body.constData());
    QVERIFY(e.header("WWW-Authenticate").isEmpty());

    QCOMPARE(incidentTotal(d), total);
    QCOMPARE(callAs(d, u"dave"_s, "GET", u"/api/v1/freeze"_s).json.value(u"active"_s).toBool(), false);
    if (target.hasMatch()) {
        // The incident is untouched, and the refusal is on the record.
        QCOMPARE(callAs(d, u"dave"_s, "GET", u"/api/v1/incidents/"_s + target.captured(1)).body, before);
        const HttpExchange audit
            = callAs(d, u"dave"_s, "GET", u"/api/v1/audit?limit=10000&incident="_s + target.captured(1));
        const QJsonArray items = audit.json.value(u"items"_s).toArray();
        QVERIFY(!items.isEmpty());
        const QJsonObject last = items.last().toObject();
        QCOMPARE(last.value(u"type"_s).toString(), u"command.refused"_s);
        QCOMPARE(last.value(u"actor"_s).toString(), user);
    }
}

// --- 3. malformed input ----------------------------------------------------

void tst_Api::malformedSubmissions_data()
{
    QTest::addColumn<QString>("category");
    QTest::addColumn<int>("count");
    QTest::addColumn<uint>("seed");
    const QList<Category> categories = malformedCategories();
    uint seed = 20240611;
    for (const Category &c : categories)
        QTest::newRow(c.name) << QString::fromLatin1(c.name) << c.count << seed++;
}

void tst_Api::malformedSubmissions()
{
    QFETCH(QString, category);
    QFETCH(int, count);
    QFETCH(uint, seed);

    DaemonProcess &d = *m_daemon;
    const QList<MalformedCase> cases = generateCases(category, count, seed);
    QCOMPARE(cases.size(), count);
    // Two runs from one seed are the same corpus.
    QCOMPARE(generateCases(category, count, seed).constFirst().body, cases.constFirst().body);

    const qint64 total = incidentTotal(d);
    const QJsonObject auditBefore = auditVerification(d);
    QVERIFY(total > 0);
    if (!m_malformedBaselineTotal) {
        m_malformedBaselineTotal = total;
        m_malformedBaselineRecords = auditBefore.value(u"records"_s).toInteger();
    }

    QList<QByteArray> bodies;
    for (const MalformedCase &c : cases)
        bodies.append(c.body);
    const QList<HttpExchange> answers = callAll(d, u"/api/v1/incidents"_s, bodies, bearer(d.token(u"alice"_s)));
    QCOMPARE(answers.size(), cases.size());
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const HttpExchange &e = answers.at(i);
        const QString where = u"%1 #%2 body %3 -> HTTP %4 %5 %6"_s.arg(category)
                                  .arg(i)
                                  .arg(preview(cases.at(i).body))
                                  .arg(e.status)
                                  .arg(QString::fromUtf8(e.body.left(200)), e.networkError);
        QVERIFY2(e.status == cases.at(i).expected, qPrintable(where));
        QVERIFY2(e.header("Content-Type").startsWith("application/json"), qPrintable(where));
        QVERIFY2(!e.error().trimmed().isEmpty(), qPrintable(where));
    }
    m_malformedSent += int(cases.size());

    // Nothing half-stored, the chain intact, the daemon still answering.
    QCOMPARE(call(d, "GET", u"/healthz"_s).status, 200);
    QCOMPARE(incidentTotal(d), total);
    const QJsonObject auditAfter = auditVerification(d);
    QCOMPARE(auditAfter.value(u"intact"_s).toBool(), true);
    QCOMPARE(auditAfter.value(u"records"_s), auditBefore.value(u"records"_s));
    QCOMPARE(auditAfter.value(u"head_hash"_s), auditBefore.value(u"head_hash"_s));
}

void tst_Api::malformedSubmissionsLeaveNoTrace()
{
    if (m_malformedSent == 0)
        QSKIP("runs after malformedSubmissions (select both)");
    QCOMPARE(m_malformedSent, kMalformedTotal);
    QVERIFY(m_malformedBaselineTotal.has_value());
    DaemonProcess &d = *m_daemon;
    QVERIFY(d.isRunning());
    const HttpExchange health = call(d, "GET", u"/healthz"_s);
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json.value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(incidentTotal(d), *m_malformedBaselineTotal);
    const QJsonObject audit = auditVerification(d);
    QCOMPARE(audit.value(u"intact"_s).toBool(), true);
    QCOMPARE(audit.value(u"records"_s).toInteger(), *m_malformedBaselineRecords);
    // A well-formed submission still goes through afterwards.
    const HttpExchange ok = callAs(d, u"alice"_s, "POST", u"/api/v1/incidents"_s,
                                   {{u"title"_s, u"After the storm"_s}, {u"priority"_s, u"p4"_s}});
    QCOMPARE(ok.status, 201);
    QCOMPARE(ok.json.value(u"incident"_s).toObject().value(u"priority"_s).toString(), u"P4"_s);
    QCOMPARE(incidentTotal(d), *m_malformedBaselineTotal + 1);
}

void tst_Api::rawGarbageKeepsDaemonAlive_data()
{
    QTest::addColumn<QByteArray>("bytes");
    static const char kNotHttp[] = "\x00\x01\x02 hello there\r\n\r\n";
    QTest::newRow("not http") << QByteArray(kNotHttp, sizeof(kNotHttp) - 1);
    QTest::newRow("unknown method") << QByteArray("BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::newRow("invalid utf-8 in path") << QByteArray("GET /api/v1/incidents/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::newRow("invalid bytes in a header")
        << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: \xff\xfe\x7f\r\n\r\n");
    QTest::newRow("body shorter than content-length")
        << QByteArray("POST /api/v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"ti");
    QTest::newRow("absurd content-length")
        << QByteArray("POST /api/v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999\r\n\r\n{}");
    QTest::newRow("negative content-length")
        << QByteArray("POST /api/v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}");
    QTest::newRow("header without end") << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ")
            + QByteArray(8192, 'a');
}

void tst_Api::rawGarbageKeepsDaemonAlive()
{
    QFETCH(QByteArray, bytes);
    DaemonProcess &d = *m_daemon;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, d.port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write(bytes);
    QVERIFY(socket.waitForBytesWritten(5000));
    // Whatever it answers (or not), within a moment, it must not be a server error.
    QDeadlineTimer deadline(300);
    while (!deadline.hasExpired() && socket.state() == QAbstractSocket::ConnectedState && !socket.canReadLine())
        socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    const QByteArray answer = socket.readAll();
    if (answer.startsWith("HTTP/1.")) {
        const int status = answer.mid(9, 3).toInt();
        QVERIFY2(status < 500, answer.constData());
    }
    socket.abort();

    QVERIFY(d.isRunning());
    QCOMPARE(call(d, "GET", u"/healthz"_s).status, 200);
}

// --- 4. idempotency --------------------------------------------------------

void tst_Api::idempotentSubmit()
{
    DaemonProcess &d = *m_daemon;
    auto alice = d.client(u"alice"_s);
    const qint64 total = incidentTotal(d);
    const QString key = u"itest-idem-"_s + QString::number(QRandomGenerator::global()->generate64(), 16);
    const QJsonObject body {
        {u"title"_s, u"Payments latency p99 above 2 s"_s}, {u"service"_s, u"payments"_s}, {u"priority"_s, u"P2"_s}};

    const ApiResponse first = waitFor(alice->submitIncident(body, key));
    QCOMPARE(first.status, 201);
    const qint64 id = first.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
    QVERIFY(id > 0);
    const ApiResponse second = waitFor(alice->submitIncident(body, key));
    QCOMPARE(second.status, 200);
    QCOMPARE(second.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger(), id);
    QCOMPARE(incidentTotal(d), total + 1);

    // The Location header names the incident both times.
    const HttpExchange third = call(d, "POST", u"/api/v1/incidents"_s, compact(body),
                                    "Bearer " + d.token(u"alice"_s).toUtf8(), {{"Idempotency-Key", key.toUtf8()}});
    QCOMPARE(third.status, 200);
    QCOMPARE(third.header("Location"), "/api/v1/incidents/" + QByteArray::number(id));
    QCOMPARE(incidentTotal(d), total + 1);
}

void tst_Api::idempotencyKeyConflicts()
{
    DaemonProcess &d = *m_daemon;
    auto carol = d.client(u"carol"_s);
    const QString key = u"itest-conflict-"_s + QString::number(QRandomGenerator::global()->generate64(), 16);
    const QJsonObject body {{u"title"_s, u"DNS resolution failures in eu-west"_s}};
    QCOMPARE(waitFor(carol->submitIncident(body, key)).status, 201);
    const qint64 total = incidentTotal(d);

    QJsonObject other = body;
    other.insert(u"priority"_s, u"P1"_s);
    const ApiResponse conflict = waitFor(carol->submitIncident(other, key));
    QCOMPARE(conflict.status, 409);
    QVERIFY(!conflict.json.value(u"error"_s).toString().isEmpty());
    QCOMPARE(incidentTotal(d), total);

    // A key longer than 200 characters is refused before anything is stored.
    const ApiResponse tooLong = waitFor(carol->submitIncident(body, QString(201, u'k')));
    QCOMPARE(tooLong.status, 400);
    QVERIFY(!tooLong.json.value(u"error"_s).toString().isEmpty());
    QCOMPARE(incidentTotal(d), total);
}

void tst_Api::concurrentDuplicatesCreateOne()
{
    DaemonProcess &d = *m_daemon;
    const qint64 total = incidentTotal(d);
    const QByteArray key = "itest-burst-" + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    const QList<QByteArray> bodies(12, R"({"title":"Burst of identical webhooks"})");
    Headers headers = bearer(d.token(u"carol"_s));
    headers.append({"Idempotency-Key", key});
    const QList<HttpExchange> answers = callAll(d, u"/api/v1/incidents"_s, bodies, headers);
    int created = 0;
    QSet<qint64> ids;
    for (const HttpExchange &e : answers) {
        QVERIFY2(e.status == 201 || e.status == 200, e.body.constData());
        created += e.status == 201 ? 1 : 0;
        ids.insert(e.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger());
    }
    QCOMPARE(created, 1);
    QCOMPARE(ids.size(), 1);
    QCOMPARE(incidentTotal(d), total + 1);
}

void tst_Api::externalIdDeduplicates()
{
    DaemonProcess &d = *m_daemon;
    auto bob = d.client(u"bob"_s);
    const qint64 total = incidentTotal(d);
    const QString externalId = u"ALERT-"_s + QString::number(QRandomGenerator::global()->generate64(), 16);
    const QJsonObject body {
        {u"title"_s, u"Disk pressure on db-03"_s}, {u"source"_s, u"alertmanager"_s}, {u"external_id"_s, externalId}};
    const ApiResponse first = waitFor(bob->submitIncident(body));
    QCOMPARE(first.status, 201);
    const qint64 id = first.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
    // Without a key the external id deduplicates, even with a changed body.
    QJsonObject again = body;
    again.insert(u"description"_s, u"still firing"_s);
    const ApiResponse second = waitFor(bob->submitIncident(again));
    QCOMPARE(second.status, 200);
    QCOMPARE(second.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger(), id);
    QCOMPARE(incidentTotal(d), total + 1);

    // The same external id from another source is another incident.
    QJsonObject elsewhere = body;
    elsewhere.insert(u"source"_s, u"pagerduty"_s);
    const ApiResponse third = waitFor(bob->submitIncident(elsewhere));
    QCOMPARE(third.status, 201);
    QVERIFY(third.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger() != id);
    QCOMPARE(incidentTotal(d), total + 2);
}

// --- 5. WebSocket ----------------------------------------------------------

void tst_Api::webSocket_data()
{
    QTest::addColumn<QString>("headerToken"); // Authorization: Bearer ...
    QTest::addColumn<QString>("queryToken"); // ?token=...
    QTest::addColumn<QString>("user"); // expected in the snapshot; empty: refused
    const QString bad = u"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s;
    QTest::newRow("bearer header") << u"@alice"_s << QString() << u"alice"_s;
    QTest::newRow("token query") << QString() << u"@alice"_s << u"alice"_s;
    QTest::newRow("viewer may watch") << u"@dave"_s << QString() << u"dave"_s;
    QTest::newRow("no token") << QString() << QString() << QString();
    QTest::newRow("wrong bearer header") << bad << QString() << QString();
    QTest::newRow("wrong query token") << QString() << bad << QString();
}

void tst_Api::webSocket()
{
    QFETCH(QString, headerToken);
    QFETCH(QString, queryToken);
    QFETCH(QString, user);
    DaemonProcess &d = *m_daemon;
    auto resolve = [&d](const QString &t) { return t.startsWith(u'@') ? d.token(t.mid(1)) : t; };

    QNetworkRequest request = webSocketRequest(d, resolve(queryToken), true);
    if (!headerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + resolve(headerToken).toUtf8());
    LiveFeed feed;
    QSignalSpy messages(&feed.socket, &QWebSocket::textMessageReceived);
    QSignalSpy disconnected(&feed.socket, &QWebSocket::disconnected);
    feed.open(request);

    if (user.isEmpty()) {
        // Refused: the connection ends, and no snapshot ever arrives.
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 5000);
        QTest::qWait(100); // anything still in flight
        for (const QList<QVariant> &m : std::as_const(messages)) {
            QVERIFY2(parseObject(m.first().toString()).value(u"type"_s).toString() != "snapshot"_L1,
                     "a refused socket got a snapshot");
        }
        QCOMPARE(call(d, "GET", u"/healthz"_s).status, 200);
        return;
    }

    QVERIFY2(feed.awaitFirstMessage(3000), qPrintable(u"no snapshot: "_s + feed.diagnosis()));
    QCOMPARE(disconnected.size(), 0);
    const QJsonObject snapshot = parseObject(messages.first().first().toString());
    QCOMPARE(snapshot.value(u"type"_s).toString(), u"snapshot"_s);
    QCOMPARE(snapshot.value(u"user"_s).toObject().value(u"name"_s).toString(), user);
    QVERIFY(snapshot.value(u"total"_s).toInteger() >= 4);
    QVERIFY(snapshot.value(u"incidents"_s).isArray());
    QVERIFY(snapshot.value(u"freeze"_s).isObject());

    // An incident submitted over REST is announced on the socket within a second.
    const qint64 sentAt = feed.now();
    QElapsedTimer latency;
    latency.start();
    auto alice = d.client(u"alice"_s);
    const QString title = u"Live event probe "_s + QString::fromLatin1(QTest::currentDataTag());
    const ApiResponse submitted = waitFor(alice->submitIncident({{u"title"_s, title}}));
    QCOMPARE(submitted.status, 201);
    const qint64 id = submitted.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger();
    QTRY_VERIFY_WITH_TIMEOUT(feed.arrivalOf(u"incident.created"_s, id) >= 0 || latency.elapsed() > 1000, 1500);
    const qint64 arrivedAfter = feed.arrivalOf(u"incident.created"_s, id) - sentAt;
    QVERIFY2(feed.arrivalOf(u"incident.created"_s, id) >= 0,
             qPrintable(u"no incident.created within %1 ms"_s.arg(latency.elapsed())));
    QVERIFY2(arrivedAfter < 1000, qPrintable(u"incident.created arrived after %1 ms"_s.arg(arrivedAfter)));
    for (const auto &m : std::as_const(feed.messages)) {
        if (m.second.value(u"incident_id"_s).toInteger() == id) {
            QCOMPARE(m.second.value(u"incident"_s).toObject().value(u"title"_s).toString(), title);
            break;
        }
    }
    feed.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 5000);
}

// --- 6. listing ------------------------------------------------------------

void tst_Api::listing_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("items");
    QTest::addRow("service") << u"service=itest-list-a"_s << 6 << 6;
    QTest::addRow("service and source") << u"service=itest-list-a&source=itest-list"_s << 5 << 5;
    QTest::addRow("source") << u"source=itest-list"_s << 7 << 7;
    QTest::addRow("limit") << u"source=itest-list&limit=3"_s << 7 << 3;
    QTest::addRow("limit and offset") << u"source=itest-list&limit=3&offset=3"_s << 7 << 3;
    QTest::addRow("last page") << u"source=itest-list&limit=3&offset=6"_s << 7 << 1;
    QTest::addRow("offset past the end") << u"source=itest-list&offset=50"_s << 7 << 0;
    QTest::addRow("status") << u"status=new&source=itest-list"_s << 7 << 7;
    QTest::addRow("state alias") << u"state=new&service=itest-list-b"_s << 2 << 2;
    QTest::addRow("status with no match") << u"status=closed&source=itest-list"_s << 0 << 0;
    QTest::addRow("seeded awaiting approval") << u"status=awaiting_approval&service=salesforce-sso"_s << 1 << 1;
    QTest::addRow("unknown service") << u"service=no-such-service"_s << 0 << 0;
    QTest::addRow("largest limit") << u"source=itest-list&limit=1000"_s << 7 << 7;
    QTest::addRow("encoded value") << u"service=itest%2Dlist%2Db"_s << 2 << 2;
}

void tst_Api::listing()
{
    QFETCH(QString, query);
    QFETCH(int, total);
    QFETCH(int, items);
    DaemonProcess &d = *m_daemon;
    auto viewer = d.client(u"dave"_s);
    const QUrlQuery q(query);
    const ApiResponse r = waitFor(viewer->incidents(q));
    QCOMPARE(r.status, 200);
    QVERIFY(r.json.value(u"total"_s).isDouble());
    QVERIFY(r.json.value(u"items"_s).isArray());
    QCOMPARE(r.json.value(u"total"_s).toInteger(), total);
    const QJsonArray list = r.json.value(u"items"_s).toArray();
    QCOMPARE(list.size(), items);
    const int limit = q.hasQueryItem(u"limit"_s) ? q.queryItemValue(u"limit"_s).toInt() : 50;
    QCOMPARE(r.json.value(u"limit"_s).toInt(), limit);
    QCOMPARE(r.json.value(u"offset"_s).toInt(), q.queryItemValue(u"offset"_s).toInt());

    const QString service = q.queryItemValue(u"service"_s, QUrl::FullyDecoded);
    const QString source = q.queryItemValue(u"source"_s, QUrl::FullyDecoded);
    QString state = q.queryItemValue(u"status"_s);
    if (state.isEmpty())
        state = q.queryItemValue(u"state"_s);
    qint64 previous = std::numeric_limits<qint64>::max();
    for (const QJsonValue &v : list) {
        const QJsonObject item = v.toObject();
        QVERIFY(service.isEmpty() || item.value(u"service"_s).toString() == service);
        QVERIFY(source.isEmpty() || item.value(u"source"_s).toString() == source);
        QVERIFY(state.isEmpty() || item.value(u"state"_s).toString() == state);
        QVERIFY(!item.contains(u"description"_s)); // a summary, not the record
        const qint64 id = item.value(u"id"_s).toInteger();
        QVERIFY2(id < previous, "items are newest first");
        previous = id;
    }
}

void tst_Api::listingRejectsBadParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addRow("limit=0") << u"limit=0"_s;
    QTest::addRow("limit=5000") << u"limit=5000"_s;
    QTest::addRow("limit=1001") << u"limit=1001"_s;
    QTest::addRow("limit=-1") << u"limit=-1"_s;
    QTest::addRow("limit=ten") << u"limit=ten"_s;
    QTest::addRow("limit empty") << u"limit="_s;
    QTest::addRow("offset=-1") << u"offset=-1"_s;
    QTest::addRow("offset=x") << u"offset=x"_s;
    QTest::addRow("status=bogus") << u"status=bogus"_s;
    QTest::addRow("status=NEW") << u"status=NEW"_s;
    QTest::addRow("state=bogus") << u"state=bogus"_s;
}

void tst_Api::listingRejectsBadParameters()
{
    QFETCH(QString, query);
    const HttpExchange e = callAs(*m_daemon, u"dave"_s, "GET", u"/api/v1/incidents?"_s + query);
    QCOMPARE(e.status, 400);
    QVERIFY2(!e.error().isEmpty(), e.body.constData());
}

void tst_Api::unknownQueryParametersAreRefused_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    // A typo must not quietly become "no filter": stauts=closed would list everything.
    QTest::addRow("misspelt filter")
        << QByteArray("GET") << u"/api/v1/incidents?stauts=closed"_s
        << u"unknown query parameter \"stauts\": GET /api/v1/incidents takes limit, offset, status, state, service, "
           "source"_s;
    QTest::addRow("a known one, then an unknown one")
        << QByteArray("GET") << u"/api/v1/incidents?limit=5&sevrity=SEV1"_s << u"unknown query parameter \"sevrity\""_s;
    QTest::addRow("a route that takes none")
        << QByteArray("GET") << u"/api/v1/incidents/1?verbose=1"_s
        << u"unknown query parameter \"verbose\": GET /api/v1/incidents/1 takes none"_s;
    QTest::addRow("knowledge") << QByteArray("GET") << u"/api/v1/knowledge?q=sso&kinds=kba"_s
                               << u"unknown query parameter \"kinds\": GET /api/v1/knowledge takes q, limit, kind"_s;
    QTest::addRow("audit") << QByteArray("GET") << u"/api/v1/audit?incident_id=1"_s
                           << u"takes incident, after, limit"_s;
    QTest::addRow("a state change") << QByteArray("POST") << u"/api/v1/freeze?abrot=1"_s << u"takes abort"_s;
}

void tst_Api::unknownQueryParametersAreRefused()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QString, reason);
    DaemonProcess &d = *m_daemon;
    const QJsonObject freezeBefore = callAs(d, u"dave"_s, "GET", u"/api/v1/freeze"_s).json;
    const HttpExchange e = verb == "GET" ? callAs(d, u"alice"_s, verb, path)
                                         : callAs(d, u"alice"_s, verb, path, {{u"reason"_s, u"typo test"_s}});
    QCOMPARE(e.status, 400);
    QVERIFY2(e.error().contains(reason), qPrintable(e.error()));
    // Refused before it does anything: no freeze from a misspelt abort.
    QCOMPARE(callAs(d, u"dave"_s, "GET", u"/api/v1/freeze"_s).json, freezeBefore);
    // Unauthenticated, a bad parameter still gets 401 first: nothing about the route leaks.
    QCOMPARE(call(d, verb, path, {}, {}).status, 401);
}

// --- 7. approvals ----------------------------------------------------------

void tst_Api::approvalFlow()
{
    DaemonProcess d;
    QVERIFY2(d.start(), qPrintable(d.errorString()));
    const QString inc = u"/api/v1/incidents/1"_s;
    auto detail = [&] { return callAs(d, u"dave"_s, "GET", inc).json; };

    // A misspelt field is refused, not ignored: "contenthash" would otherwise approve without the pin.
    HttpExchange e = callAs(d, u"carol"_s, "POST", inc + u"/steps/s1/approve"_s,
                            {{u"comment"_s, u"x"_s}, {u"contenthash"_s, QString(64, u'0')}});
    QCOMPARE(e.status, 400);
    QVERIFY2(e.error().contains("field \"contenthash\" is not known here (known: comment, content_hash)"_L1),
             qPrintable(e.error()));
    QCOMPARE(callAs(d, u"carol"_s, "POST", inc + u"/plan/submit"_s, {{u"x"_s, 1}}).status, 400);
    QVERIFY(approvalOf(detail(), u"s1"_s).value(u"approvers"_s).toArray().isEmpty()); // nothing was approved

    // carol (responder) approves s1; a second approval by her is refused.
    e = callAs(d, u"carol"_s, "POST", inc + u"/steps/s1/approve"_s, {{u"comment"_s, u"read-only"_s}});
    QCOMPARE(e.status, 200);
    QCOMPARE(strings(approvalOf(e.json, u"s1"_s).value(u"approvers"_s)), QStringList {u"carol"_s});
    QCOMPARE(approvalOf(e.json, u"s1"_s).value(u"satisfied"_s).toBool(), true);
    e = callAs(d, u"carol"_s, "POST", inc + u"/steps/s1/approve"_s);
    QCOMPARE(e.status, 409);
    QVERIFY2(e.error().contains("already approved"_L1), qPrintable(e.error()));

    // s2 approved by alice (mim); the order of steps is the workflow's (unit-tested).
    QCOMPARE(callAs(d, u"alice"_s, "POST", inc + u"/steps/s2/approve"_s).status, 200);

    // Playbook steps are started, and finished, by the coordinator's executor
    // only: nobody can leave one "running" by hand.
    for (const QString &who : {u"carol"_s, u"alice"_s}) {
        e = callAs(d, who, "POST", inc + u"/steps/s1/start"_s);
        QCOMPARE(e.status, 403);
        QVERIFY2(e.error().contains("coordinator"_L1), qPrintable(e.error()));
        e = callAs(d, who, "POST", inc + u"/steps/s1/finish"_s, {{u"succeeded"_s, true}});
        QCOMPARE(e.status, 409); // not running
    }
    QCOMPARE(stepOf(detail(), u"s1"_s).value(u"state"_s).toString(), u"pending"_s);

    // High-risk s3 needs two distinct approvers from change-approver or mim.
    QCOMPARE(approvalOf(detail(), u"s3"_s).value(u"needed"_s).toInt(), 2);
    e = callAs(d, u"bob"_s, "POST", inc + u"/steps/s3/approve"_s, {{u"comment"_s, u"CAB-1234"_s}});
    QCOMPARE(e.status, 200);
    QCOMPARE(strings(approvalOf(e.json, u"s3"_s).value(u"approvers"_s)), QStringList {u"bob"_s});
    QCOMPARE(approvalOf(e.json, u"s3"_s).value(u"satisfied"_s).toBool(), false);
    e = callAs(d, u"bob"_s, "POST", inc + u"/steps/s3/approve"_s);
    QCOMPARE(e.status, 409);
    QCOMPARE(strings(approvalOf(detail(), u"s3"_s).value(u"approvers"_s)), QStringList {u"bob"_s});
    QCOMPARE(callAs(d, u"carol"_s, "POST", inc + u"/steps/s3/approve"_s).status, 403);
    e = callAs(d, u"erin"_s, "POST", inc + u"/steps/s3/approve"_s);
    QCOMPARE(e.status, 200);
    const QJsonObject s3 = approvalOf(detail(), u"s3"_s);
    QCOMPARE(strings(s3.value(u"approvers"_s)), (QStringList {u"bob"_s, u"erin"_s}));
    QCOMPARE(s3.value(u"satisfied"_s).toBool(), true);
    QCOMPARE(strings(s3.value(u"approver_roles"_s)), (QStringList {u"change-approver"_s, u"mim"_s}));
    // Approved, yet not even the mim starts it by hand.
    e = callAs(d, u"alice"_s, "POST", inc + u"/steps/s3/start"_s);
    QCOMPARE(e.status, 403);

    // Malformed and unknown targets.
    QCOMPARE(callAs(d, u"bob"_s, "POST", inc + u"/steps/s4/reject"_s, {}).status, 400);
    QCOMPARE(callAs(d, u"alice"_s, "POST", inc + u"/steps/s9/approve"_s).status, 404);
    QCOMPARE(callAs(d, u"alice"_s, "POST", u"/api/v1/incidents/999999/steps/s1/approve"_s).status, 404);
    QCOMPARE(call(d, "POST", inc + u"/steps/s4/approve"_s, "[1]", "Bearer " + d.token(u"alice"_s).toUtf8()).status,
             400);

    // Every decision is on an intact record.
    const HttpExchange audit = callAs(d, u"dave"_s, "GET", u"/api/v1/audit?incident=1&limit=10000"_s);
    QCOMPARE(audit.status, 200);
    // Query text as a form sends it ('+' a space, %2B a plus), and as the client library sends a plus.
    HttpExchange search = callAs(d, u"dave"_s, "GET", u"/api/v1/knowledge?q=disk+full"_s);
    QCOMPARE(search.status, 200);
    QCOMPARE(search.json.value(u"query"_s).toString(), u"disk full"_s);
    search = callAs(d, u"dave"_s, "GET", u"/api/v1/knowledge?q=C%2B%2B+heap%20OOM"_s);
    QCOMPARE(search.json.value(u"query"_s).toString(), u"C++ heap OOM"_s);
    const ApiResponse viaClient
        = waitFor(d.client(u"dave"_s)->get(u"/api/v1/knowledge"_s, QUrlQuery {{u"q"_s, u"C++ heap OOM"_s}}));
    QCOMPARE(viaClient.json.value(u"query"_s).toString(), u"C++ heap OOM"_s);
    // The incident by its key, as the paths and warroomctl take it: the same records.
    const HttpExchange byKey = callAs(d, u"dave"_s, "GET", u"/api/v1/audit?incident=INC-1&limit=10000"_s);
    QCOMPARE(byKey.status, 200);
    QCOMPARE(byKey.json.value(u"items"_s).toArray(), audit.json.value(u"items"_s).toArray());
    QCOMPARE(callAs(d, u"dave"_s, "GET", u"/api/v1/audit?incident=INC-x"_s).status, 400);
    QStringList approvals;
    int started = 0;
    int refused = 0;
    const QJsonArray items = audit.json.value(u"items"_s).toArray();
    for (const QJsonValue &v : items) {
        const QJsonObject event = v.toObject();
        const QString type = event.value(u"type"_s).toString();
        if (type == "step.approved"_L1)
            approvals.append(event.value(u"actor"_s).toString());
        started += type == "step.started"_L1 ? 1 : 0;
        refused += type == "command.refused"_L1 ? 1 : 0;
    }
    QCOMPARE(approvals, (QStringList {u"carol"_s, u"alice"_s, u"bob"_s, u"erin"_s}));
    QCOMPARE(started, 0); // nothing was started by hand
    QVERIFY(refused >= 8);
    QCOMPARE(auditVerification(d).value(u"intact"_s).toBool(), true);
}

// --- 8. freeze -------------------------------------------------------------

void tst_Api::freeze()
{
    DaemonProcess d;
    QVERIFY2(d.start(), qPrintable(d.errorString()));
    const QString s1 = u"/api/v1/incidents/1/steps/s1"_s;
    QCOMPARE(callAs(d, u"alice"_s, "POST", s1 + u"/approve"_s).status, 200);

    auto carol = d.client(u"carol"_s);
    ApiResponse r = waitFor(carol->freeze(u"CAB change window"_s));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(u"active"_s).toBool(), true);

    HttpExchange e = callAs(d, u"dave"_s, "GET", u"/api/v1/freeze"_s);
    QCOMPARE(e.status, 200);
    QCOMPARE(e.json.value(u"active"_s).toBool(), true);
    QCOMPARE(e.json.value(u"by"_s).toString(), u"carol"_s);
    QCOMPARE(e.json.value(u"reason"_s).toString(), u"CAB change window"_s);
    QVERIFY(!e.json.value(u"since"_s).toString().isEmpty());
    QCOMPARE(call(d, "GET", u"/healthz"_s).json.value(u"freeze"_s).toBool(), true);

    // A second freeze, and freezes without a reason, are refused.
    QCOMPARE(waitFor(carol->freeze(u"again"_s)).status, 409);
    const QByteArray carolAuth = "Bearer " + d.token(u"carol"_s).toUtf8();
    for (const QByteArray &body : {QByteArray("{}"), QByteArray(R"({"reason":"   "})"), QByteArray(R"({"reason":5})"),
                                   QByteArray(), QByteArray("reason=x")}) {
        e = call(d, "POST", u"/api/v1/freeze"_s, body, carolAuth);
        QVERIFY2(e.status == 400, qPrintable(u"body %1 -> %2"_s.arg(QString::fromUtf8(body)).arg(e.status)));
        QVERIFY(!e.error().isEmpty());
    }

    // While frozen, even an approved step does not start (a manual one here:
    // playbook steps are the coordinator's to start).
    const QJsonObject plan {{u"steps"_s,
                             QJsonArray {QJsonObject {{u"id"_s, u"m1"_s},
                                                      {u"kind"_s, u"manual"_s},
                                                      {u"title"_s, u"Call the vendor"_s},
                                                      {u"owner"_s, u"carol"_s},
                                                      {u"required_roles"_s, QJsonArray {u"mim"_s}}}}}};
    QCOMPARE(callAs(d, u"carol"_s, "PUT", u"/api/v1/incidents/2/plan"_s, plan).status, 200);
    QCOMPARE(callAs(d, u"carol"_s, "POST", u"/api/v1/incidents/2/plan/submit"_s).status, 200);
    QCOMPARE(callAs(d, u"alice"_s, "POST", u"/api/v1/incidents/2/steps/m1/approve"_s).status, 200);
    const QString m1 = u"/api/v1/incidents/2/steps/m1"_s;
    e = callAs(d, u"carol"_s, "POST", m1 + u"/start"_s);
    QCOMPARE(e.status, 409);
    QVERIFY2(e.error().contains("freeze"_L1), qPrintable(e.error()));
    QCOMPARE(stepOf(callAs(d, u"dave"_s, "GET", u"/api/v1/incidents/2"_s).json, u"m1"_s).value(u"state"_s).toString(),
             u"pending"_s);

    // Only mim or admin lift it.
    r = waitFor(carol->unfreeze());
    QCOMPARE(r.status, 403);
    QCOMPARE(callAs(d, u"dave"_s, "GET", u"/api/v1/freeze"_s).json.value(u"active"_s).toBool(), true);
    auto alice = d.client(u"alice"_s);
    r = waitFor(alice->unfreeze(u"window over"_s));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(u"active"_s).toBool(), false);
    QCOMPARE(waitFor(alice->unfreeze()).status, 409);
    QCOMPARE(callAs(d, u"dave"_s, "GET", u"/api/v1/freeze"_s).json.value(u"active"_s).toBool(), false);

    e = callAs(d, u"carol"_s, "POST", m1 + u"/start"_s);
    QCOMPARE(e.status, 200);
    QCOMPARE(stepOf(e.json, u"m1"_s).value(u"state"_s).toString(), u"running"_s);

    // The audit trail names both.
    const HttpExchange audit = callAs(d, u"dave"_s, "GET", u"/api/v1/audit?limit=10000"_s);
    QStringList freezeEvents;
    const QJsonArray items = audit.json.value(u"items"_s).toArray();
    for (const QJsonValue &v : items) {
        const QJsonObject event = v.toObject();
        if (event.value(u"type"_s).toString().startsWith("freeze."_L1))
            freezeEvents.append(event.value(u"type"_s).toString() + u':' + event.value(u"actor"_s).toString());
    }
    QCOMPARE(freezeEvents, (QStringList {u"freeze.enabled:carol"_s, u"freeze.lifted:alice"_s}));
    QCOMPARE(auditVerification(d).value(u"intact"_s).toBool(), true);
}

void tst_Api::freezeIsAnnouncedLive()
{
    DaemonProcess d;
    QVERIFY2(d.start(), qPrintable(d.errorString()));
    LiveFeed feed;
    feed.open(webSocketRequest(d, d.token(u"dave"_s), true));
    QVERIFY2(feed.awaitFirstMessage(3000), qPrintable(u"no snapshot: "_s + feed.diagnosis()));
    QCOMPARE(feed.first().value(u"freeze"_s).toObject().value(u"active"_s).toBool(), false);

    auto alice = d.client(u"alice"_s);
    QCOMPARE(waitFor(alice->freeze(u"incident bridge decision"_s)).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(feed.arrivalOf(u"freeze.enabled"_s) >= 0, 1000);
    QCOMPARE(waitFor(alice->unfreeze()).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(feed.arrivalOf(u"freeze.lifted"_s) >= 0, 1000);
}

// --- 9. metrics ------------------------------------------------------------

void tst_Api::metrics()
{
    DaemonProcess &d = *m_daemon;
    QCOMPARE(call(d, "GET", u"/healthz"_s).status, 200);
    QCOMPARE(call(d, "GET", u"/metrics"_s).status, 401);

    auto scrape = [&]() { return callAs(d, u"dave"_s, "GET", u"/metrics"_s); };
    auto created = [](const QByteArray &text) -> qint64 {
        static const QRegularExpression kLine(u"^warroom_incidents_created_total (\\d+)$"_s,
                                              QRegularExpression::MultilineOption);
        const QRegularExpressionMatch m = kLine.match(QString::fromUtf8(text));
        return m.hasMatch() ? m.captured(1).toLongLong() : -1;
    };
    const HttpExchange first = scrape();
    QCOMPARE(first.status, 200);
    QVERIFY2(first.header("Content-Type").startsWith("text/plain"), first.header("Content-Type").constData());
    QVERIFY(first.body.contains("# TYPE warroom_http_requests_total counter\n"));
    QVERIFY(first.body.contains("# TYPE warroom_incidents_created_total counter\n"));
    QVERIFY(first.body.contains("warroom_http_requests_total{route=\"healthz\",code=\"200\"} "));
    QVERIFY(first.body.contains("warroom_http_requests_total{route=\"metrics\",code=\"401\"} "));
    QVERIFY(first.body.contains("# TYPE warroom_incidents gauge\n"));
    // Every sample line is "name{labels} value" or "name value".
    static const QRegularExpression kSample(uR"(^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?\d+(\.\d+)?$)"_s);
    const QList<QByteArray> lines = first.body.split('\n');
    for (const QByteArray &line : lines) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        QVERIFY2(kSample.match(QString::fromUtf8(line)).hasMatch(), line.constData());
    }

    const qint64 before = created(first.body);
    QVERIFY(before >= 4); // the demo seeds count too
    auto carol = d.client(u"carol"_s);
    QCOMPARE(waitFor(carol->submitIncident({{u"title"_s, u"Metrics probe"_s}})).status, 201);
    QCOMPARE(created(scrape().body), before + 1);
}

// --- 10. graceful shutdown -------------------------------------------------

void tst_Api::gracefulShutdown()
{
    DaemonProcess d;
    QVERIFY2(d.start(), qPrintable(d.errorString()));
    auto carol = d.client(u"carol"_s);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(waitFor(carol->submitIncident({{u"title"_s, u"Before restart %1"_s.arg(i)}})).status, 201);
    QCOMPARE(callAs(d, u"carol"_s, "POST", u"/api/v1/incidents/1/steps/s1/approve"_s).status, 200);
    QCOMPARE(waitFor(carol->freeze(u"survives restarts"_s)).status, 200);

    const QByteArray listBefore = callAs(d, u"dave"_s, "GET", u"/api/v1/incidents?limit=1000"_s).body;
    const QByteArray inc1Before = callAs(d, u"dave"_s, "GET", u"/api/v1/incidents/1"_s).body;
    const QJsonObject auditBefore = auditVerification(d);
    QCOMPARE(auditBefore.value(u"intact"_s).toBool(), true);
    const QString aliceToken = d.token(u"alice"_s);

    QProcess *process = d.process();
    QSignalSpy finished(process, &QProcess::finished);
    QElapsedTimer clock;
    clock.start();
    process->terminate();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QVERIFY2(clock.elapsed() < 5000, qPrintable(u"took %1 ms"_s.arg(clock.elapsed())));
    QCOMPARE(process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(process->exitCode(), 0);
    QCOMPARE(finished.first().at(0).toInt(), 0);
    QTRY_VERIFY(d.standardOutput().contains("shutting down")); // the rest of stdout arrives

    // Same data directory: the same incidents, tokens, freeze, and an intact chain.
    QVERIFY2(d.start(), qPrintable(d.errorString()));
    QCOMPARE(d.token(u"alice"_s), aliceToken);
    QCOMPARE(callAs(d, u"dave"_s, "GET", u"/api/v1/incidents?limit=1000"_s).body, listBefore);
    const QJsonObject inc1 = callAs(d, u"dave"_s, "GET", u"/api/v1/incidents/1"_s).json;
    const QJsonObject inc1Was = QJsonDocument::fromJson(inc1Before).object();
    QCOMPARE(inc1.value(u"incident"_s), inc1Was.value(u"incident"_s));
    QCOMPARE(inc1.value(u"plan"_s), inc1Was.value(u"plan"_s));
    QCOMPARE(inc1.value(u"approvals"_s), inc1Was.value(u"approvals"_s));
    QCOMPARE(strings(approvalOf(inc1, u"s1"_s).value(u"approvers"_s)), QStringList {u"carol"_s});
    const HttpExchange frozen = callAs(d, u"dave"_s, "GET", u"/api/v1/freeze"_s);
    QCOMPARE(frozen.json.value(u"active"_s).toBool(), true);
    QCOMPARE(frozen.json.value(u"by"_s).toString(), u"carol"_s);

    const QJsonObject auditAfter = auditVerification(d);
    QCOMPARE(auditAfter.value(u"intact"_s).toBool(), true);
    // One event for the stop, one for the start; the demo is not seeded twice.
    QCOMPARE(auditAfter.value(u"records"_s).toInteger(), auditBefore.value(u"records"_s).toInteger() + 2);
    const HttpExchange tail = callAs(
        d, u"dave"_s, "GET", u"/api/v1/audit?limit=10&after=%1"_s.arg(auditBefore.value(u"records"_s).toInteger()));
    const QJsonArray events = tail.json.value(u"items"_s).toArray();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).toObject().value(u"type"_s).toString(), u"coordinator.stopped"_s);
    QCOMPARE(events.at(0).toObject().value(u"payload"_s).toObject().value(u"signal"_s).toInt(), 15);
    QCOMPARE(events.at(1).toObject().value(u"type"_s).toString(), u"coordinator.started"_s);

    QVERIFY(d.stop());
    QCOMPARE(process->exitCode(), 0);
}

void tst_Api::shutdownClosesWebSockets()
{
    DaemonProcess d;
    QVERIFY2(d.start(), qPrintable(d.errorString()));
    LiveFeed feed;
    QSignalSpy disconnected(&feed.socket, &QWebSocket::disconnected);
    feed.open(webSocketRequest(d, d.token(u"alice"_s)));
    QVERIFY2(feed.awaitFirstMessage(3000), qPrintable(u"no snapshot: "_s + feed.diagnosis()));

    QVERIFY(d.stop());
    QCOMPARE(d.process()->exitCode(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 5000);
    QCOMPARE(feed.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
}

// --- 11. TLS ---------------------------------------------------------------

QString tst_Api::prepareTls()
{
    if (!m_tlsConfig.isEmpty())
        return {};
    if (!QSslSocket::supportsSsl())
        return u"skip: Qt has no TLS backend here"_s;
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty())
        return u"skip: the openssl binary is not installed"_s;
    m_pki = std::make_unique<QTemporaryDir>();
    if (!m_pki->isValid())
        return u"cannot create a temporary directory"_s;
    const QString cert = m_pki->filePath(u"cert.pem"_s);
    const QString key = m_pki->filePath(u"key.pem"_s);
    QProcess gen;
    gen.setProcessChannelMode(QProcess::MergedChannels);
    gen.start(openssl,
              {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, key, u"-out"_s, cert,
               u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s});
    if (!gen.waitForFinished(30000) || gen.exitStatus() != QProcess::NormalExit || gen.exitCode() != 0)
        return u"openssl failed: "_s + QString::fromLocal8Bit(gen.readAll());
    m_ca = QSslCertificate::fromPath(cert);
    if (m_ca.size() != 1)
        return u"openssl wrote no readable certificate"_s;

    const QString configPath = m_pki->filePath(u"warroomd.yaml"_s);
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly))
        return config.errorString();
    config.write("# written by tst_api\ntls:\n  certificate: \"" + cert.toUtf8() + "\"\n  key: \"" + key.toUtf8()
                 + "\"\n");
    config.close();
    m_tlsConfig = configPath;
    return {};
}

void tst_Api::tls()
{
    const QString problem = prepareTls();
    if (problem.startsWith("skip: "_L1))
        QSKIP(qPrintable(problem.mid(6)));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    DaemonProcess d;
    d.setConfigFile(m_tlsConfig);
    QVERIFY2(d.start(), qPrintable(d.errorString()));
    QVERIFY2(d.listeningLine().startsWith(u"warroomd: listening on https://127.0.0.1:%1"_s.arg(d.port())),
             qPrintable(d.listeningLine()));
    QVERIFY(d.tls());

    auto trusted = d.client(u"alice"_s);
    trusted->setCaCertificates(m_ca);
    ApiResponse r = waitFor(trusted->get(u"/healthz"_s));
    QVERIFY2(r.status == 200, qPrintable(r.errorMessage()));
    QCOMPARE(r.json.value(u"tls"_s).toBool(), true);
    r = waitFor(trusted->get(u"/api/v1/me"_s));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(u"name"_s).toString(), u"alice"_s);
    r = waitFor(trusted->submitIncident({{u"title"_s, u"Submitted over TLS"_s}}));
    QCOMPARE(r.status, 201);

    // Without trusting the certificate, or in plain text, there is no answer.
    auto untrusted = d.client(u"alice"_s);
    untrusted->setTimeout(3000);
    r = waitFor(untrusted->get(u"/healthz"_s));
    QCOMPARE(r.status, 0);
    QVERIFY(!r.networkError.isEmpty());
    QUrl plainUrl = d.baseUrl();
    plainUrl.setScheme(u"http"_s);
    plainUrl.setPath(u"/healthz"_s);
    QVERIFY(warroom::test::sendHttp(m_nam, "GET", plainUrl, {}, {}, std::nullopt, 3000).status != 200);
    // Still serving after both.
    QCOMPARE(waitFor(trusted->get(u"/healthz"_s)).status, 200);

    QVERIFY(d.stop());
    QCOMPARE(d.process()->exitCode(), 0);
}

void tst_Api::tlsWebSocket()
{
    const QString problem = prepareTls();
    if (problem.startsWith("skip: "_L1))
        QSKIP(qPrintable(problem.mid(6)));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    DaemonProcess d;
    d.setConfigFile(m_tlsConfig);
    QVERIFY2(d.start(), qPrintable(d.errorString()));

    LiveFeed feed;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.addCaCertificates(m_ca);
    feed.socket.setSslConfiguration(ssl);
    const QNetworkRequest request = webSocketRequest(d, d.token(u"alice"_s));
    QCOMPARE(request.url().scheme(), u"wss"_s);
    feed.open(request);
    QVERIFY2(feed.awaitFirstMessage(3000), qPrintable(u"no snapshot over wss: "_s + feed.diagnosis()));
    QCOMPARE(feed.first().value(u"type"_s).toString(), u"snapshot"_s);
    feed.socket.close();
}

void tst_Api::idempotencyKeysBelongToTheirUser()
{
    auto carol = m_daemon->client(u"carol"_s);
    auto alice = m_daemon->client(u"alice"_s);
    const QJsonObject body {{u"title"_s, u"Shared key test"_s}};
    const ApiResponse first = waitFor(carol->submitIncident(body, u"team-key-1"_s));
    QCOMPARE(first.status, 201);
    // Someone else's key is not theirs to reuse: a new incident, no leak of the other.
    const ApiResponse other = waitFor(alice->submitIncident(body, u"team-key-1"_s));
    QCOMPARE(other.status, 201);
    QVERIFY(other.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger()
            != first.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger());
    const ApiResponse otherBody = waitFor(alice->submitIncident({{u"title"_s, u"Different"_s}}, u"team-key-1"_s));
    QCOMPARE(otherBody.status, 409); // alice reused her own key with another body
    QVERIFY(!otherBody.json.value(u"error"_s)
                 .toString()
                 .contains(QString::number(first.json.value(u"incident"_s).toObject().value(u"id"_s).toInteger())));
}

void tst_Api::incidentKeysInPaths()
{
    auto dave = m_daemon->client(u"dave"_s);
    QCOMPARE(waitFor(dave->get(u"/api/v1/incidents/INC-1"_s)).status, 200);
    QCOMPARE(waitFor(dave->get(u"/api/v1/incidents/inc-1"_s)).status, 200);
    QCOMPARE(waitFor(dave->get(u"/api/v1/incidents/01"_s)).status, 404);
    QCOMPARE(waitFor(dave->get(u"/api/v1/incidents/INC-"_s)).status, 404);
}

QTEST_GUILESS_MAIN(tst_Api)
#include "tst_api.moc"
