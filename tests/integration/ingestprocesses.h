#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace warroom::test {

/// A real redis-server for one test, on a Unix socket in a temporary
/// directory (no TCP port, no persistence), stopped on destruction.
class RedisProcess final
{
public:
    RedisProcess();
    ~RedisProcess();
    [[nodiscard]] bool start(int timeoutMs = 5000);
    /// Starts on a given socket path (for "Redis comes up later").
    [[nodiscard]] bool startAt(const QString &socketPath, int timeoutMs = 5000);
    void stop();
    QString socketPath() const { return m_socket; }
    QString url() const { return QStringLiteral("unix://") + m_socket; }
    QString errorString() const { return m_error; }
    /// Runs one command through redis-cli and returns its raw output.
    QByteArray cli(const QStringList &args) const;
    /// The same with `lastArgument` (any bytes, also no UTF-8) read from
    /// standard input as the command's last argument (redis-cli -x).
    QByteArray cliWithInput(const QStringList &args, const QByteArray &lastArgument) const;
    /// A stream's entries (XRANGE - +) of `fields` fields each: entry id and
    /// its field names and values in order.
    QList<QPair<QByteArray, QList<QByteArray>>> entries(const QString &stream, int fields = 1) const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_socket;
    QString m_error;
};

/// A real prometheus-alertmanager on a free loopback port with a route to
/// `webhookUrl` (Bearer `token`), grouping by alertname with short waits.
class AlertmanagerProcess final
{
public:
    AlertmanagerProcess();
    ~AlertmanagerProcess();
    /// Empty webhookUrl: a receiver without configurations (a blackhole).
    [[nodiscard]] bool start(const QString &webhookUrl, const QString &token, int timeoutMs = 15000);
    /// Starts with `receiver` as the body of the receiver "warroom" (YAML
    /// lines indented by two spaces, e.g. "  pagerduty_configs:\n  - ...").
    [[nodiscard]] bool startWithReceiver(const QByteArray &receiver, int timeoutMs = 15000);
    void stop();
    quint16 port() const { return m_port; }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QString errorString() const { return m_error; }
    /// What it logged so far.
    QByteArray output() { return m_process.readAll(); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

/// A free TCP port on loopback (bound and released).
quint16 freeLoopbackPort();

} // namespace warroom::test
