#pragma once

// A loopback HTTP/1.1 server that speaks the LLM vendors' wire formats
// (OpenAI chat completions, Anthropic messages), answers from a script and
// keeps every byte it received, so tests can prove what left the process.

#include "llmclient.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace warroom::test {

using namespace Qt::StringLiterals;

/// One canned answer of the loopback server.
struct Canned
{
    int status = 200;
    QByteArray content; ///< the model's text (2xx) or the vendor's error message
    QByteArray rawBody; ///< sent as it is when set
    QList<QPair<QByteArray, QByteArray>> headers;
    bool hang = false; ///< read the request, never answer
};

inline Canned answer(const QByteArray &content)
{
    return Canned {200, content, {}, {}, false};
}

inline Canned failure(int status, const QByteArray &message = "The server had an error while processing your request.",
                      const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    return Canned {status, message, {}, headers, false};
}

inline Canned hang()
{
    return Canned {200, {}, {}, {}, true};
}

/// A real chat.completion object, as OpenAI sends it.
inline QByteArray openAiEnvelope(const QByteArray &content)
{
    const QJsonObject json {
        {u"id"_s, u"chatcmpl-9xYz0123456789"_s},
        {u"object"_s, u"chat.completion"_s},
        {u"created"_s, 1718000000},
        {u"model"_s, u"gpt-4o-mini-2024-07-18"_s},
        {u"choices"_s,
         QJsonArray {QJsonObject {
             {u"index"_s, 0},
             {u"message"_s,
              QJsonObject {{u"role"_s, u"assistant"_s},
                           {u"content"_s, QString::fromUtf8(content)},
                           {u"refusal"_s, QJsonValue::Null}}},
             {u"logprobs"_s, QJsonValue::Null},
             {u"finish_reason"_s, u"stop"_s},
         }}},
        {u"usage"_s, QJsonObject {{u"prompt_tokens"_s, 812}, {u"completion_tokens"_s, 96}, {u"total_tokens"_s, 908}}},
        {u"system_fingerprint"_s, u"fp_0123456789"_s},
    };
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

/// A real message object, as Anthropic sends it. Asked to call `tool` (a
/// forced tool_choice), the model's JSON object comes as that tool's input.
inline QByteArray anthropicEnvelope(const QByteArray &text, const QString &tool = {})
{
    const QJsonDocument input = QJsonDocument::fromJson(text);
    const bool toolUse = !tool.isEmpty() && input.isObject();
    const QJsonObject block = toolUse ? QJsonObject {{u"type"_s, u"tool_use"_s},
                                                     {u"id"_s, u"toolu_01A09q90qw90lq917835lq9"_s},
                                                     {u"name"_s, tool},
                                                     {u"input"_s, input.object()}}
                                      : QJsonObject {{u"type"_s, u"text"_s}, {u"text"_s, QString::fromUtf8(text)}};
    const QJsonObject json {
        {u"id"_s, u"msg_01XFDUDYJgAACzvnptvVoYEL"_s},
        {u"type"_s, u"message"_s},
        {u"role"_s, u"assistant"_s},
        {u"model"_s, u"claude-3-5-haiku-20241022"_s},
        {u"content"_s, QJsonArray {block}},
        {u"stop_reason"_s, toolUse ? u"tool_use"_s : u"end_turn"_s},
        {u"stop_sequence"_s, QJsonValue::Null},
        {u"usage"_s, QJsonObject {{u"input_tokens"_s, 812}, {u"output_tokens"_s, 96}}},
    };
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

inline QByteArray errorEnvelope(LlmProvider vendor, int status, const QByteArray &message)
{
    const QString text = QString::fromUtf8(message);
    if (vendor == LlmProvider::Anthropic) {
        const QString type = status == 429 ? u"rate_limit_error"_s
            : status == 529                ? u"overloaded_error"_s
            : status >= 500                ? u"api_error"_s
                                           : u"invalid_request_error"_s;
        return QJsonDocument(QJsonObject {{u"type"_s, u"error"_s},
                                          {u"error"_s, QJsonObject {{u"type"_s, type}, {u"message"_s, text}}}})
            .toJson(QJsonDocument::Compact);
    }
    return QJsonDocument(
               QJsonObject {{u"error"_s,
                             QJsonObject {{u"message"_s, text},
                                          {u"type"_s, status >= 500 ? u"server_error"_s : u"invalid_request_error"_s},
                                          {u"param"_s, QJsonValue::Null},
                                          {u"code"_s, QJsonValue::Null}}}})
        .toJson(QJsonDocument::Compact);
}

/// A small HTTP/1.1 server on 127.0.0.1: it keeps every byte it receives,
/// splits requests by Content-Length and answers them from a script.
class VendorServer : public QObject
{
public:
    explicit VendorServer(LlmProvider vendor)
        : m_vendor(vendor)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &VendorServer::handleConnection);
    }
    ~VendorServer() override
    {
        // The sockets die with m_server, after m_buffers: let none report back.
        const QList<QTcpSocket *> sockets = m_server.findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets)
            disconnect(socket, nullptr, this, nullptr);
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl baseUrl() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }
    void script(const QList<Canned> &answers) { m_script = answers; }

    QList<QByteArray> requests; ///< each complete request, raw
    QByteArray received; ///< every byte of every connection
    int connections = 0;

    static QByteArray head(const QByteArray &request) { return request.left(request.indexOf("\r\n\r\n")); }
    static QByteArray body(const QByteArray &request) { return request.mid(request.indexOf("\r\n\r\n") + 4); }

private:
    void handleConnection()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            ++connections;
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { handleData(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    }

    void handleData(QTcpSocket *socket)
    {
        const QByteArray data = socket->readAll();
        received += data;
        QByteArray &buffer = m_buffers[socket];
        buffer += data;
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            qsizetype length = 0;
            for (const QByteArray &line : buffer.left(end).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return;
            requests.append(buffer.left(end + 4 + length));
            buffer.remove(0, end + 4 + length);
            respond(socket);
        }
    }

    void respond(QTcpSocket *socket)
    {
        const Canned c = m_script.isEmpty() ? failure(500) : m_script.takeFirst();
        if (c.hang)
            return;
        QByteArray body = c.rawBody;
        if (body.isEmpty() && c.status >= 200 && c.status < 300) {
            const QJsonObject request = QJsonDocument::fromJson(VendorServer::body(requests.last())).object();
            const QString tool = request.value(u"tool_choice"_s).toObject().value(u"name"_s).toString();
            body = m_vendor == LlmProvider::Anthropic ? anthropicEnvelope(c.content, tool) : openAiEnvelope(c.content);
        } else if (body.isEmpty())
            body = errorEnvelope(m_vendor, c.status, c.content);
        QByteArray out = "HTTP/1.1 " + QByteArray::number(c.status) + (c.status == 200 ? " OK" : " Status")
            + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\nConnection: close\r\n";
        if (m_vendor == LlmProvider::Anthropic)
            out += "request-id: req_011CQ1234567890\r\n";
        else
            out += "x-request-id: req_0123456789abcdef\r\n";
        for (const auto &[name, value] : c.headers)
            out += name + ": " + value + "\r\n";
        socket->write(out + "\r\n" + body);
        socket->disconnectFromHost();
    }

    LlmProvider m_vendor;
    QTcpServer m_server;
    QList<Canned> m_script;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace warroom::test
