#pragma once

// A loopback HTTP/1.1 server for OpenAI-compatible `POST /v1/embeddings`,
// speaking the real wire format ({"object": "list", "data": [{"object":
// "embedding", "index", "embedding"}], "model", "usage"}), with scripted
// failures. EmbeddingsServerThread runs one on its own thread, for callers
// that block their own (the daemon's start-up wait, SemanticSearch).

#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUrl>

#include <atomic>
#include <vector>

namespace warroom::test {

using namespace Qt::StringLiterals;

/// A toy embedding model: each word (but a few stop words) counts on a
/// dimension of its own (hashed), and words of one meaning share one, as a real model would
/// place them close. `meanings` maps a word to the word whose dimension it
/// shares ("umbrella" -> "rain"): what words alone cannot find.
inline std::vector<float> toyEmbedding(const QString &text, const QHash<QString, QString> &meanings, int dims = 256)
{
    static const QStringList stopWords {u"the"_s, u"and"_s, u"for"_s, u"with"_s, u"from"_s, u"are"_s, u"was"_s};
    std::vector<float> v(size_t(dims), 0.0f);
    QString word;
    auto flush = [&] {
        if (word.size() >= 3 && !stopWords.contains(word)) {
            const QString base = meanings.value(word, word);
            // FNV-1a over UTF-8, not qHash: qHash differs between CPUs (AES-NI or not), and
            // the tests must place the same word in the same dimension on every machine.
            quint32 h = 2166136261u;
            for (const char byte : base.toUtf8())
                h = (h ^ quint8(byte)) * 16777619u;
            v[size_t(h % uint(dims))] += 1.0f;
        }
        word.clear();
    };
    for (const QChar c : text) {
        if (c.isLetterOrNumber())
            word.append(c.toLower());
        else
            flush();
    }
    flush();
    return v;
}

/// The server. Lives on the thread that creates it.
class EmbeddingsServer : public QObject
{
public:
    enum class Mode { Ok, Http500, Silent, WrongCount };

    explicit EmbeddingsServer(QHash<QString, QString> meanings = {})
        : m_meanings(std::move(meanings))
    {
        m_server.setParent(this); // moves with it; a member removes itself from its parent on destruction
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { handleData(socket); });
                connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                    m_buffers.remove(socket);
                    socket->deleteLater();
                });
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl baseUrl() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }
    void setMode(Mode mode) { m_mode = mode; }

    /// Requests answered or refused so far (thread-safe).
    int requests() const { return m_requests.load(); }
    /// Inputs embedded so far, over all requests (thread-safe).
    int inputs() const { return m_inputs.load(); }
    QByteArray lastRequestLine() const
    {
        QMutexLocker lock(&m_mutex);
        return m_lastRequestLine;
    }
    QByteArray lastAuthorization() const
    {
        QMutexLocker lock(&m_mutex);
        return m_lastAuthorization;
    }
    QJsonObject lastBody() const
    {
        QMutexLocker lock(&m_mutex);
        return m_lastBody;
    }

private:
    void handleData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        qsizetype length = 0;
        QByteArray authorization;
        for (const QByteArray &line : lines) {
            const QByteArray l = line.trimmed();
            if (l.toLower().startsWith("content-length:"))
                length = l.mid(15).trimmed().toLongLong();
            if (l.toLower().startsWith("authorization:"))
                authorization = l.mid(14).trimmed();
        }
        if (buffer.size() < headerEnd + 4 + length)
            return;
        const QJsonObject body = QJsonDocument::fromJson(buffer.mid(headerEnd + 4, length)).object();
        {
            QMutexLocker lock(&m_mutex);
            m_lastRequestLine = lines.first().trimmed();
            m_lastAuthorization = authorization;
            m_lastBody = body;
        }
        m_buffers.remove(socket);
        const QJsonArray input = body.value(u"input"_s).toArray();
        m_inputs += int(input.size());
        ++m_requests;
        if (m_mode == Mode::Silent)
            return; // read it, never answer
        QByteArray status = "200 OK";
        QByteArray payload;
        if (m_mode == Mode::Http500) {
            status = "500 Internal Server Error";
            payload = R"({"error":{"message":"The server had an error while processing your request.",)"
                      R"("type":"server_error","param":null,"code":null}})";
        } else {
            QJsonArray data;
            // In reverse order: a client must place vectors by "index".
            for (qsizetype i = input.size() - 1; i >= 0; --i) {
                QJsonArray embedding;
                for (float x : toyEmbedding(input.at(i).toString(), m_meanings))
                    embedding.append(double(x));
                data.append(
                    QJsonObject {{u"object"_s, u"embedding"_s}, {u"index"_s, int(i)}, {u"embedding"_s, embedding}});
            }
            if (m_mode == Mode::WrongCount && !data.isEmpty())
                data.removeLast();
            payload = QJsonDocument(QJsonObject {{u"object"_s, u"list"_s},
                                                 {u"data"_s, data},
                                                 {u"model"_s, body.value(u"model"_s)},
                                                 {u"usage"_s,
                                                  QJsonObject {{u"prompt_tokens"_s, int(input.size() * 8)},
                                                               {u"total_tokens"_s, int(input.size() * 8)}}}})
                          .toJson(QJsonDocument::Compact);
        }
        socket->write("HTTP/1.1 " + status
                      + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(payload.size())
                      + "\r\nx-request-id: req_0123456789abcdef\r\nConnection: close\r\n\r\n" + payload);
        socket->disconnectFromHost();
    }

    QHash<QString, QString> m_meanings;
    std::atomic<Mode> m_mode {Mode::Ok};
    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    std::atomic<int> m_requests {0};
    std::atomic<int> m_inputs {0};
    mutable QMutex m_mutex;
    QByteArray m_lastRequestLine;
    QByteArray m_lastAuthorization;
    QJsonObject m_lastBody;
};

/// An EmbeddingsServer on a thread of its own: it answers while the test's
/// thread is blocked (a daemon starting, a SemanticSearch waiting).
class EmbeddingsServerThread
{
public:
    explicit EmbeddingsServerThread(const QHash<QString, QString> &meanings = {})
    {
        m_thread.start();
        m_anchor.moveToThread(&m_thread);
        QMetaObject::invokeMethod(
            &m_anchor,
            [this, meanings] {
                m_server = new EmbeddingsServer(meanings);
                m_listening = m_server->listen();
            },
            Qt::BlockingQueuedConnection);
    }
    ~EmbeddingsServerThread()
    {
        QMetaObject::invokeMethod(
            &m_anchor, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    EmbeddingsServerThread(const EmbeddingsServerThread &) = delete;
    EmbeddingsServerThread &operator=(const EmbeddingsServerThread &) = delete;

    bool listening() const { return m_listening; }
    EmbeddingsServer &server() { return *m_server; }
    QUrl baseUrl() const { return m_server->baseUrl(); }

private:
    QThread m_thread;
    QObject m_anchor;
    EmbeddingsServer *m_server = nullptr;
    bool m_listening = false;
};

} // namespace warroom::test
