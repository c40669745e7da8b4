#include "daemonprocess.h"

#include "apiclient.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace warroom::test {

QByteArray HttpExchange::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

HttpExchange sendHttp(QNetworkAccessManager &nam, const QByteArray &verb, const QUrl &url, const QByteArray &body,
                      const QList<QPair<QByteArray, QByteArray>> &headers, const std::optional<QSslConfiguration> &ssl,
                      int timeoutMs)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(timeoutMs);
    bool hasContentType = false;
    for (const auto &h : headers) {
        request.setRawHeader(h.first, h.second);
        hasContentType = hasContentType || h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
    }
    if (!hasContentType && !body.isEmpty())
        request.setRawHeader("Content-Type", "application/json");
    if (ssl)
        request.setSslConfiguration(*ssl);

    QNetworkReply *reply = nam.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, &loop, &QEventLoop::quit);
    guard.start(timeoutMs + 1000);
    if (!reply->isFinished())
        loop.exec();

    HttpExchange out;
    if (!reply->isFinished()) {
        reply->abort();
        out.networkError = u"no answer within %1 ms"_s.arg(timeoutMs);
    }
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.headers = reply->rawHeaderPairs();
    if (out.status == 0 && out.networkError.isEmpty())
        out.networkError = reply->errorString();
    const QJsonDocument doc = QJsonDocument::fromJson(out.body);
    if (doc.isObject())
        out.json = doc.object();
    reply->deleteLater();
    return out;
}

DaemonProcess::DaemonProcess(QObject *parent)
    : QObject(parent)
{
    m_dataDir.setAutoRemove(true);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &DaemonProcess::handleStandardOutput);
    connect(&m_process, &QProcess::readyReadStandardError, this, &DaemonProcess::handleStandardError);
}

DaemonProcess::~DaemonProcess()
{
    if (isRunning() && !stop(5000))
        qWarning("warroomd did not stop on SIGTERM and was killed");
}

QString DaemonProcess::executable()
{
    // ctest sets WARROOMD; run by hand, the build tree's daemon is used.
    return QProcessEnvironment::systemEnvironment().value(u"WARROOMD"_s,
                                                          QStringLiteral(WARROOM_BINARY_DIR "/app/warroomd"));
}

bool DaemonProcess::start(int timeoutMs)
{
    m_error.clear();
    m_listeningLine.clear();
    m_baseUrl.clear();
    m_port = 0;
    m_tokens = {};
    m_stdout.clear();
    m_stderr.clear();
    if (isRunning()) {
        m_error = u"the daemon is already running"_s;
        return false;
    }
    if (!m_dataDir.isValid()) {
        m_error = u"cannot create a temporary data directory: %1"_s.arg(m_dataDir.errorString());
        return false;
    }
    const QString program = executable();
    if (program.isEmpty() || !QFile::exists(program)) {
        m_error = u"set WARROOMD to the warroomd executable (now \"%1\")"_s.arg(program);
        return false;
    }
    QStringList arguments {u"--data-dir"_s, m_dataDir.path(), u"--listen"_s, u"127.0.0.1:0"_s};
    if (m_demo)
        arguments.append(u"--demo"_s);
    if (m_demo && !m_demoLab)
        arguments.append(u"--no-lab"_s);
    if (!m_execution)
        arguments.append(u"--no-execution"_s);
    // Triage on ingestion changes states as soon as an incident arrives; the
    // API suites keep it off to see incidents as submitted, tst_triage on.
    QString config = m_configFile;
    {
        QByteArray yaml;
        if (!m_configFile.isEmpty()) {
            QFile given(m_configFile);
            if (!given.open(QIODevice::ReadOnly)) {
                m_error = u"cannot read %1"_s.arg(m_configFile);
                return false;
            }
            yaml = given.readAll() + '\n';
        }
        yaml += m_triageOnIngest ? "triage:\n  on_ingest: true\n" : "triage:\n  on_ingest: false\n";
        config = m_dataDir.filePath(u"test-config.yaml"_s);
        QFile combined(config);
        if (!combined.open(QIODevice::WriteOnly) || combined.write(yaml) != yaml.size()) {
            m_error = u"cannot write %1"_s.arg(config);
            return false;
        }
    }
    if (!config.isEmpty())
        arguments += {u"--config"_s, config};
    arguments += m_extraArguments;

    // The daemon must not pick up a developer's configuration or LLM keys.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList names = env.keys();
    for (const QString &name : names) {
        if (name.startsWith("WARROOM_"_L1))
            env.remove(name);
    }
    m_process.setProcessEnvironment(env);
    m_process.setProgram(program);
    m_process.setArguments(arguments);
    m_process.start();
    if (!m_process.waitForStarted(timeoutMs)) {
        m_error = u"cannot start %1: %2"_s.arg(program, m_process.errorString());
        return false;
    }

    const QDeadlineTimer deadline(timeoutMs);
    while (!parseListeningLine()) {
        if (m_process.state() == QProcess::NotRunning || deadline.hasExpired()) {
            handleStandardOutput();
            handleStandardError();
            m_error = m_process.state() == QProcess::NotRunning
                ? u"warroomd exited with code %1 before listening; stderr: %2"_s.arg(m_process.exitCode())
                      .arg(QString::fromLocal8Bit(m_stderr))
                : u"warroomd printed no listening line within %1 ms; stdout: %2 stderr: %3"_s.arg(timeoutMs).arg(
                    QString::fromLocal8Bit(m_stdout), QString::fromLocal8Bit(m_stderr));
            if (isRunning())
                stop(2000);
            return false;
        }
        m_process.waitForReadyRead(int(qBound(qint64(1), deadline.remainingTime(), qint64(100))));
    }
    if (m_demo && !readTokens()) {
        stop(2000);
        return false;
    }
    return true;
}

bool DaemonProcess::stop(int timeoutMs)
{
    if (!isRunning())
        return true;
    m_process.terminate();
    const bool exited = m_process.waitForFinished(timeoutMs);
    if (!exited) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
    handleStandardOutput();
    handleStandardError();
    return exited;
}

void DaemonProcess::handleStandardOutput()
{
    m_stdout += m_process.readAllStandardOutput();
}

void DaemonProcess::handleStandardError()
{
    m_stderr += m_process.readAllStandardError();
}

bool DaemonProcess::parseListeningLine()
{
    handleStandardOutput();
    static const QRegularExpression kLine(uR"(warroomd: listening on (https?)://([^\s:/]+):(\d+)[^\n]*)"_s);
    const QRegularExpressionMatch match = kLine.match(QString::fromLocal8Bit(m_stdout));
    if (!match.hasMatch())
        return false;
    bool ok = false;
    const uint port = match.captured(3).toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return false;
    m_listeningLine = match.captured(0).trimmed();
    m_port = quint16(port);
    m_baseUrl.clear();
    m_baseUrl.setScheme(match.captured(1));
    m_baseUrl.setHost(match.captured(2));
    m_baseUrl.setPort(m_port);
    return true;
}

bool DaemonProcess::readTokens()
{
    QFile file(QDir(m_dataDir.path()).filePath(u"demo-tokens.json"_s));
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject()) {
        m_error = u"%1 is not a JSON object: %2"_s.arg(file.fileName(), parseError.errorString());
        return false;
    }
    m_tokens = doc.object();
    for (const QString &user : {u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s, u"erin"_s}) {
        if (token(user).isEmpty()) {
            m_error = u"%1 has no token for %2"_s.arg(file.fileName(), user);
            return false;
        }
    }
    return true;
}

std::unique_ptr<ApiClient> DaemonProcess::client(const QString &user) const
{
    auto api = std::make_unique<ApiClient>();
    api->setServer(m_baseUrl);
    api->setTimeout(10000);
    if (!user.isEmpty())
        api->setToken(token(user));
    return api;
}

QUrl DaemonProcess::url(const QString &path, const QString &query) const
{
    QUrl u = m_baseUrl;
    u.setPath(path);
    if (!query.isEmpty())
        u.setQuery(query);
    return u;
}

} // namespace warroom::test
