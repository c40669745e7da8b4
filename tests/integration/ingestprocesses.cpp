#include "ingestprocesses.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;

namespace warroom::test {

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

RedisProcess::RedisProcess() = default;

RedisProcess::~RedisProcess()
{
    stop();
}

bool RedisProcess::start(int timeoutMs)
{
    return startAt(m_dir.filePath(u"redis.sock"_s), timeoutMs);
}

bool RedisProcess::startAt(const QString &socketPath, int timeoutMs)
{
    const QString exe = QStandardPaths::findExecutable(u"redis-server"_s);
    if (exe.isEmpty()) {
        m_error = u"redis-server is not installed"_s;
        return false;
    }
    m_socket = socketPath;
    m_process.setProgram(exe);
    m_process.setArguments({u"--port"_s, u"0"_s, u"--unixsocket"_s, m_socket, u"--unixsocketperm"_s, u"700"_s,
                            u"--save"_s, u""_s, u"--appendonly"_s, u"no"_s, u"--dir"_s, m_dir.path()});
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start();
    if (!m_process.waitForStarted(timeoutMs)) {
        m_error = m_process.errorString();
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (QFile::exists(m_socket) && cli({u"PING"_s}).trimmed() == "PONG")
            return true;
        if (m_process.state() == QProcess::NotRunning)
            break;
        QThread::msleep(20);
    }
    m_error = u"redis-server did not come up: "_s + QString::fromLocal8Bit(m_process.readAll());
    return false;
}

void RedisProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(3000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

QByteArray RedisProcess::cli(const QStringList &args) const
{
    QProcess p;
    p.start(u"redis-cli"_s, QStringList {u"-s"_s, m_socket} + args);
    if (!p.waitForFinished(5000))
        return {};
    return p.readAllStandardOutput();
}

QByteArray RedisProcess::cliWithInput(const QStringList &args, const QByteArray &lastArgument) const
{
    QProcess p;
    p.start(u"redis-cli"_s, QStringList {u"-s"_s, m_socket, u"-x"_s} + args);
    if (!p.waitForStarted(5000))
        return {};
    p.write(lastArgument);
    p.closeWriteChannel();
    if (!p.waitForFinished(20000))
        return {};
    return p.readAllStandardOutput();
}

QList<QPair<QByteArray, QList<QByteArray>>> RedisProcess::entries(const QString &stream, int fields) const
{
    // redis-cli's raw output of XRANGE is one line per element: the id, then
    // each field and value (values without newlines, as compact JSON is).
    QList<QPair<QByteArray, QList<QByteArray>>> out;
    QProcess p;
    p.start(u"redis-cli"_s, {u"-s"_s, m_socket, u"XRANGE"_s, stream, u"-"_s, u"+"_s});
    if (!p.waitForFinished(30000))
        return out;
    QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    static const QRegularExpression kId(u"^\\d+-\\d+$"_s);
    const qsizetype step = 1 + 2 * qsizetype(fields);
    for (qsizetype k = 0; k + step <= lines.size(); k += step) {
        if (!kId.match(QString::fromLatin1(lines.at(k))).hasMatch())
            return {}; // not the shape the caller said
        out.append({lines.at(k), lines.mid(k + 1, step - 1)});
    }
    return out;
}

AlertmanagerProcess::AlertmanagerProcess() = default;

AlertmanagerProcess::~AlertmanagerProcess()
{
    stop();
}

bool AlertmanagerProcess::start(const QString &webhookUrl, const QString &token, int timeoutMs)
{
    QByteArray receiver;
    if (!webhookUrl.isEmpty())
        receiver = "  webhook_configs:\n  - url: " + webhookUrl.toUtf8() + "\n    send_resolved: true\n"
            + "    http_config:\n      authorization:\n        credentials: " + token.toUtf8() + "\n";
    return startWithReceiver(receiver, timeoutMs);
}

bool AlertmanagerProcess::startWithReceiver(const QByteArray &receiver, int timeoutMs)
{
    const QString exe = QStandardPaths::findExecutable(u"prometheus-alertmanager"_s);
    if (exe.isEmpty()) {
        m_error = u"prometheus-alertmanager is not installed"_s;
        return false;
    }
    const QByteArray yaml = "route:\n  receiver: warroom\n  group_by: ['alertname']\n  group_wait: 100ms\n"
                            "  group_interval: 1s\n  repeat_interval: 1h\nreceivers:\n- name: warroom\n"
        + receiver;
    QFile config(m_dir.filePath(u"alertmanager.yml"_s));
    if (!config.open(QIODevice::WriteOnly) || config.write(yaml) != yaml.size()) {
        m_error = u"cannot write the Alertmanager config"_s;
        return false;
    }
    config.close();
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freeLoopbackPort();
        m_process.setProgram(exe);
        m_process.setArguments({u"--config.file="_s + config.fileName(),
                                u"--storage.path="_s + m_dir.filePath(u"data"_s),
                                u"--web.listen-address=127.0.0.1:%1"_s.arg(m_port), u"--cluster.listen-address="_s,
                                u"--log.level=warn"_s});
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start();
        if (!m_process.waitForStarted(timeoutMs)) {
            m_error = m_process.errorString();
            return false;
        }
        QNetworkAccessManager nam;
        const QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
            QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(baseUrl() + u"/-/ready"_s)));
            const QDeadlineTimer answer(2000);
            while (!reply->isFinished() && !answer.hasExpired())
                QTest::qWait(10);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
            if (status == 200)
                return true;
            QTest::qWait(50);
        }
        m_error = u"Alertmanager did not become ready: "_s + QString::fromLocal8Bit(m_process.readAll());
        stop(); // a port taken meanwhile: try another
    }
    return false;
}

void AlertmanagerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

} // namespace warroom::test
