#pragma once
// Loopback peers for notification tests, speaking the real protocols: a
// scripted HTTP/1.1 server (Slack's Web API and webhooks, Jira's REST API,
// generic webhooks) and an SMTP server with STARTTLS (RFC 3207) and AUTH PLAIN.

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

namespace warroom::test {

using namespace Qt::StringLiterals;

/// A small HTTP/1.1 server: records each request, answers from a script.
class HttpServer final : public QObject
{
public:
    struct Request
    {
        QByteArray method, path;
        QHash<QByteArray, QByteArray> headers; ///< lower-case names
        QByteArray body;
    };
    struct Reply
    {
        int status = 200;
        QByteArray body = "ok";
        QByteArray contentType = "text/plain";
        QList<QPair<QByteArray, QByteArray>> headers;
    };

    explicit HttpServer(quint16 port = 0, QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { handle(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        QVERIFY(m_server.listen(QHostAddress::LocalHost, port));
    }
    QUrl url(const QString &path = {}) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_server.serverPort()).arg(path));
    }
    void script(QList<Reply> replies) { m_script = std::move(replies); }
    QList<Request> requests;

private:
    void handle(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request r;
        const QList<QByteArray> lines = buf.left(end).split('\n');
        const QList<QByteArray> first = lines.first().trimmed().split(' ');
        r.method = first.value(0);
        r.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                r.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length", "0").toLongLong();
        if (buf.size() < end + 4 + length)
            return;
        r.body = buf.mid(end + 4, length);
        buf.remove(0, end + 4 + length);
        requests.append(r);
        const Reply reply = m_script.isEmpty() ? Reply {} : m_script.takeFirst();
        QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + " X\r\nContent-Type: " + reply.contentType
            + "\r\nContent-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
        for (const auto &[name, value] : reply.headers)
            out += name + ": " + value + "\r\n";
        s->write(out + "\r\n" + reply.body);
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Reply> m_script;
};

/// An SMTP server (RFC 5321) offering STARTTLS (RFC 3207) and AUTH PLAIN
/// after it; records the dialogue and whether TLS was on for each command.
class SmtpServer final : public QTcpServer
{
public:
    SmtpServer(QSslCertificate cert, QSslKey key, bool offerStartTls)
        : m_cert(std::move(cert))
        , m_key(std::move(key))
        , m_offerStartTls(offerStartTls)
    {
        listen(QHostAddress::LocalHost);
    }
    struct Command
    {
        QByteArray line;
        bool encrypted = false;
    };
    QList<Command> commands;
    QByteArray data;
    QByteArray authPlain;
    bool done = false;

protected:
    void incomingConnection(qintptr fd) override
    {
        auto *s = new QSslSocket(this);
        s->setSocketDescriptor(fd);
        s->setLocalCertificate(m_cert);
        s->setPrivateKey(m_key);
        connect(s, &QSslSocket::readyRead, this, [this, s] { handle(s); });
        connect(s, &QSslSocket::disconnected, s, &QObject::deleteLater);
        s->write("220 mx.test ESMTP ready\r\n");
    }

private:
    /// One SMTP session's state: several may run at once.
    struct Session
    {
        QByteArray buf;
        bool inData = false;
        bool awaitAuth = false;
    };
    void handle(QSslSocket *s)
    {
        Session &session = m_sessions[s];
        QByteArray &m_buf = session.buf;
        bool &m_inData = session.inData;
        bool &m_awaitAuth = session.awaitAuth;
        m_buf += s->readAll();
        qsizetype eol;
        while ((eol = m_buf.indexOf("\r\n")) >= 0) {
            const QByteArray line = m_buf.left(eol);
            m_buf.remove(0, eol + 2);
            if (m_awaitAuth) {
                // The SASL PLAIN response after our empty 334 challenge.
                m_awaitAuth = false;
                commands.append({"<sasl>", s->isEncrypted()});
                authPlain = QByteArray::fromBase64(line);
                s->write("235 2.7.0 Authentication successful\r\n");
                continue;
            }
            if (m_inData) {
                if (line == ".") {
                    m_inData = false;
                    s->write("250 2.0.0 Ok: queued as 4XJ2K\r\n");
                } else {
                    data += line + "\r\n";
                }
                continue;
            }
            commands.append({line, s->isEncrypted()});
            const QByteArray verb = line.left(line.indexOf(' ') < 0 ? line.size() : line.indexOf(' ')).toUpper();
            if (verb == "EHLO") {
                if (s->isEncrypted())
                    s->write("250-mx.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n");
                else if (m_offerStartTls)
                    s->write("250-mx.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n");
                else
                    s->write("250-mx.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n");
            } else if (verb == "STARTTLS") {
                s->write("220 2.0.0 Ready to start TLS\r\n");
                s->startServerEncryption();
            } else if (verb == "AUTH") {
                if (line.split(' ').size() > 2) { // initial response (SASL-IR)
                    authPlain = QByteArray::fromBase64(line.split(' ').value(2));
                    s->write("235 2.7.0 Authentication successful\r\n");
                } else {
                    m_awaitAuth = true;
                    s->write("334 \r\n");
                }
            } else if (verb == "MAIL" || verb == "RCPT" || verb == "RSET" || verb == "NOOP") {
                s->write("250 2.1.0 Ok\r\n");
            } else if (verb == "DATA") {
                m_inData = true;
                s->write("354 End data with <CR><LF>.<CR><LF>\r\n");
            } else if (verb == "QUIT") {
                done = true;
                s->write("221 2.0.0 Bye\r\n");
                s->disconnectFromHost();
            } else {
                s->write("502 5.5.2 Error: command not recognized\r\n");
            }
        }
    }

    QSslCertificate m_cert;
    QSslKey m_key;
    bool m_offerStartTls;
    QHash<QSslSocket *, Session> m_sessions;
};

} // namespace warroom::test
