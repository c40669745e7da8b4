#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QProcess>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace warroom {

class ApiClient;

namespace test {

/// One HTTP exchange as the wire saw it: status, headers and body.
struct HttpExchange
{
    int status = 0; ///< 0 when no answer arrived
    QByteArray body;
    QJsonObject json; ///< the body when it is a JSON object
    QList<QPair<QByteArray, QByteArray>> headers;
    QString networkError;

    /// The first header named `name` (case-insensitive), or empty.
    QByteArray header(const QByteArray &name) const;
    /// The {"error"} text of a JSON error body.
    QString error() const { return json.value(QStringLiteral("error")).toString(); }
};

/// Sends one request with any verb, body bytes and headers, and waits (with
/// an event loop) for the answer. `ssl` applies to https URLs.
HttpExchange sendHttp(QNetworkAccessManager &nam, const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
                      const QList<QPair<QByteArray, QByteArray>> &headers = {},
                      const std::optional<QSslConfiguration> &ssl = std::nullopt, int timeoutMs = 15000);

/// The real coordinator as a child process on loopback, for integration tests.
///
/// Runs `warroomd --data-dir DIR --demo --listen 127.0.0.1:0 [--config FILE]`
/// (the executable named by the WARROOMD environment variable), learns the
/// port from the "warroomd: listening on ..." line and the demo users'
/// tokens from DIR/demo-tokens.json. Each instance owns a fresh temporary
/// data directory that outlives stop(), so start() again is a restart on the
/// same data.
class DaemonProcess final : public QObject
{
    Q_OBJECT

public:
    explicit DaemonProcess(QObject *parent = nullptr);
    ~DaemonProcess() override;

    DaemonProcess(const DaemonProcess &) = delete;
    DaemonProcess &operator=(const DaemonProcess &) = delete;

    /// The executable from $WARROOMD, or empty.
    static QString executable();

    /// A YAML file for --config (empty: none).
    void setConfigFile(const QString &path) { m_configFile = path; }
    /// Starts with --demo (default true): demo users and seeded incidents.
    void setDemo(bool demo) { m_demo = demo; }
    /// Whether the daemon triages each new incident (default: off, so the
    /// API suites see incidents as submitted).
    void setTriageOnIngest(bool on) { m_triageOnIngest = on; }
    /// Whether --demo brings the lab up (default off: suites that need the
    /// lab drive it themselves; a leftover labd would outlive a kill -9).
    void setDemoLab(bool on) { m_demoLab = on; }
    /// Whether approved playbook steps run (default off: --no-execution,
    /// so suites see approvals without runs; the execution suites turn it on).
    void setExecution(bool on) { m_execution = on; }
    /// More command-line arguments, appended as given.
    void setExtraArguments(const QStringList &arguments) { m_extraArguments = arguments; }

    /// Starts the daemon and waits until it listens. False (and errorString())
    /// when it exits, prints no listening line in time or the tokens are missing.
    [[nodiscard]] bool start(int timeoutMs = 15000);
    /// Sends SIGTERM and waits for the exit. False when it had to be killed.
    bool stop(int timeoutMs = 5000);
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

    QString errorString() const { return m_error; }
    /// http(s)://127.0.0.1:PORT, as announced by the daemon.
    QUrl baseUrl() const { return m_baseUrl; }
    quint16 port() const { return m_port; }
    bool tls() const { return m_baseUrl.scheme() == QLatin1StringView("https"); }
    /// The whole "warroomd: listening on ..." line.
    QString listeningLine() const { return m_listeningLine; }
    /// A demo user's bearer token (alice, bob, carol, dave, erin), or empty.
    QString token(const QString &user) const { return m_tokens.value(user).toString(); }
    QString dataDir() const { return m_dataDir.path(); }
    QProcess *process() { return &m_process; }
    /// Everything the daemon printed so far.
    QByteArray standardOutput() const { return m_stdout; }
    QByteArray standardError() const { return m_stderr; }

    /// A REST client for `user` (no token when empty) pointed at this daemon.
    std::unique_ptr<ApiClient> client(const QString &user = {}) const;
    /// A URL on this daemon with `path` and an optional query.
    QUrl url(const QString &path, const QString &query = {}) const;

private:
    void handleStandardOutput();
    void handleStandardError();
    bool parseListeningLine();
    bool readTokens();

    QTemporaryDir m_dataDir;
    QProcess m_process;
    QString m_configFile;
    QStringList m_extraArguments;
    bool m_demo = true;
    bool m_triageOnIngest = false;
    bool m_demoLab = false;
    bool m_execution = false;
    QByteArray m_stdout;
    QByteArray m_stderr;
    QString m_error;
    QString m_listeningLine;
    QUrl m_baseUrl;
    quint16 m_port = 0;
    QJsonObject m_tokens;
};

} // namespace test
} // namespace warroom
