// Submit throughput against the real daemon: keep-alive HTTP/1.1 on 4
// connections, one request in flight per connection (target >= 3,000/s).

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

/// One keep-alive connection that posts incidents back to back.
class Connection : public QObject
{
    Q_OBJECT

public:
    Connection(quint16 port, QByteArray token, int id, int *remaining, int *ok, int *failed)
        : m_token(std::move(token))
        , m_id(id)
        , m_remaining(remaining)
        , m_ok(ok)
        , m_failed(failed)
    {
        connect(&m_socket, &QTcpSocket::connected, this, &Connection::sendNext);
        connect(&m_socket, &QTcpSocket::readyRead, this, &Connection::handleReadyRead);
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_socket.connectToHost(u"127.0.0.1"_s, port);
    }
    bool done() const { return m_done; }

Q_SIGNALS:
    void finished();

private:
    void sendNext()
    {
        if (*m_remaining <= 0) {
            m_done = true;
            Q_EMIT finished();
            return;
        }
        --*m_remaining;
        const QByteArray body
            = QJsonDocument(QJsonObject {{u"title"_s, u"Checkout latency above SLO (%1/%2)"_s.arg(m_id).arg(m_sent)},
                                         {u"description"_s, u"p99 latency 2.4 s on checkout-api for 5 minutes"_s},
                                         {u"service"_s, u"checkout-api"_s},
                                         {u"priority"_s, u"P3"_s},
                                         {u"source"_s, u"bench"_s}})
                  .toJson(QJsonDocument::Compact);
        ++m_sent;
        m_socket.write("POST /api/v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
                       "Content-Type: application/json\r\nAuthorization: Bearer "
                       + m_token + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }

    void handleReadyRead()
    {
        m_buffer += m_socket.readAll();
        for (;;) {
            const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            const QByteArray head = m_buffer.left(headerEnd);
            static const QRegularExpression kLength(u"(?i)content-length:\\s*(\\d+)"_s);
            const auto match = kLength.match(QString::fromLatin1(head));
            const qsizetype length = match.hasMatch() ? match.captured(1).toLongLong() : 0;
            if (m_buffer.size() < headerEnd + 4 + length)
                return;
            if (head.startsWith("HTTP/1.1 201"))
                ++*m_ok;
            else
                ++*m_failed;
            m_buffer.remove(0, headerEnd + 4 + length);
            sendNext();
        }
    }

    QTcpSocket m_socket;
    QByteArray m_token;
    QByteArray m_buffer;
    int m_id;
    int m_sent = 0;
    int *m_remaining;
    int *m_ok;
    int *m_failed;
    bool m_done = false;
};

} // namespace

class BenchSubmit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void submitThroughput_data()
    {
        // The submit path alone (the target), then with the analyst running
        // on every new incident as it does by default.
        QTest::addColumn<bool>("triage");
        QTest::newRow("submit only") << false;
        QTest::newRow("with triage on ingestion") << true;
    }

    void submitThroughput()
    {
        QFETCH(bool, triage);
        const bool smoke = qEnvironmentVariableIsSet("WARROOM_BENCH_SMOKE");
        const int total = smoke ? 2'000 : (triage ? 10'000 : 30'000);
        QTemporaryDir dir;
        QFile config(dir.filePath(u"warroomd.yaml"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(triage ? "triage:\n  on_ingest: true\n" : "triage:\n  on_ingest: false\n");
        config.close();
        QProcess daemon;
        daemon.setProcessChannelMode(QProcess::SeparateChannels);
        daemon.start(qEnvironmentVariable("WARROOMD"),
                     {u"--config"_s, config.fileName(), u"--data-dir"_s, dir.path(), u"--listen"_s, u"127.0.0.1:0"_s,
                      u"--demo"_s, u"--no-lab"_s});
        QVERIFY2(daemon.waitForStarted(), "set WARROOMD to the warroomd binary");
        quint16 port = 0;
        QElapsedTimer wait;
        wait.start();
        QByteArray output;
        static const QRegularExpression kPort(u"listening on https?://[^:]+:(\\d+)"_s);
        while (port == 0 && wait.elapsed() < 10000) {
            daemon.waitForReadyRead(200);
            output += daemon.readAllStandardOutput();
            const auto m = kPort.match(QString::fromUtf8(output));
            if (m.hasMatch())
                port = quint16(m.captured(1).toUInt());
        }
        QVERIFY2(port != 0, output.constData());
        QFile tokens(dir.filePath(u"demo-tokens.json"_s));
        QVERIFY(tokens.open(QIODevice::ReadOnly));
        const QByteArray token
            = QJsonDocument::fromJson(tokens.readAll()).object().value(u"carol"_s).toString().toLatin1();

        int remaining = total;
        int ok = 0;
        int failed = 0;
        std::vector<std::unique_ptr<Connection>> connections;
        QElapsedTimer timer;
        timer.start();
        // A plain event loop: QTRY_* would sleep between polls and measure that.
        QEventLoop loop;
        int finished = 0;
        for (int i = 0; i < 4; ++i) {
            connections.push_back(std::make_unique<Connection>(port, token, i, &remaining, &ok, &failed));
            connect(connections.back().get(), &Connection::finished, &loop, [&] {
                if (++finished == 4)
                    loop.quit();
            });
        }
        QTimer::singleShot(300000, &loop, &QEventLoop::quit);
        loop.exec();
        QCOMPARE(ok + failed, total);
        const double seconds = timer.nsecsElapsed() / 1e9;
        QCOMPARE(failed, 0);
        std::printf("BENCH submit%s requests=%d connections=4 seconds=%.2f requests_per_s=%.0f%s%s\n",
                    triage ? "_with_triage" : "", total, seconds, total / seconds, triage ? "" : " target=3000",
                    smoke ? " (smoke size)" : "");
        daemon.terminate();
        QVERIFY(daemon.waitForFinished(10000));
        QVERIFY2(daemon.exitStatus() == QProcess::NormalExit && daemon.exitCode() == 0,
                 qPrintable(u"warroomd ended with %1 %2: %3"_s
                                .arg(daemon.exitStatus() == QProcess::CrashExit ? u"signal"_s : u"exit code"_s)
                                .arg(daemon.exitCode())
                                .arg(QString::fromUtf8(daemon.readAllStandardError().right(2000)))));
    }
};

QTEST_GUILESS_MAIN(BenchSubmit)
#include "bench_submit.moc"
