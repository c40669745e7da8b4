// warroomd: the headless coordinator. Parses arguments, wires the store,
// the coordinator and the API, and runs until SIGTERM.

#include "ansiblerunner.h"
#include "apiserver.h"
#include "authenticator.h"
#include "commandapi.h"
#include "config.h"
#include "coordinator.h"
#include "demodata.h"
#include "embeddings.h"
#include "ingestapi.h"
#include "knowledgebase.h"
#include "labcontrol.h"
#include "llmanalyst.h"
#include "notificationrouter.h"
#include "playbookpolicy.h"
#include "redisconsumer.h"
#include "remediationdesk.h"
#include "sha256.h"
#include "signalnotifier.h"
#include "slackactions.h"
#include "sqlitestore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QHostInfo>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace warroom;

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "warroomd: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"warroomd"_s);
    QCoreApplication::setOrganizationName(u"warroom"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(WARROOM_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"warroom coordinator: incidents in, reviewed plans out, "
                                     "nothing runs without approval."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOpt(u"config"_s, u"YAML configuration file."_s, u"FILE"_s);
    const QCommandLineOption dataDirOpt(u"data-dir"_s, u"Directory for the database and state."_s, u"DIR"_s);
    const QCommandLineOption listenOpt(u"listen"_s, u"Address to listen on (default 127.0.0.1:8765)."_s,
                                       u"HOST:PORT"_s);
    const QCommandLineOption redisOpt(
        u"redis"_s, u"Redis URL for the incident stream (redis://HOST:PORT or unix:///PATH)."_s, u"URL"_s);
    const QCommandLineOption demoOpt(
        u"demo"_s,
        u"Demo users (tokens in DATA_DIR/demo-tokens.json), sample incidents and the lab (up, SSO broken)."_s);
    const QCommandLineOption noLabOpt(u"no-lab"_s, u"With --demo: leave the lab alone (tests manage their own)."_s);
    const QCommandLineOption noExecutionOpt(
        u"no-execution"_s, u"Plan and approve only: no playbook runs (approved steps wait; the policy still gates)."_s);
    parser.addOptions({configOpt, dataDirOpt, listenOpt, redisOpt, demoOpt, noLabOpt, noExecutionOpt});
    parser.process(app);

    Config config;
    if (parser.isSet(configOpt)) {
        Expected<Config> loaded = Config::fromYamlFile(parser.value(configOpt));
        if (!loaded)
            return fail(loaded.error().message);
        config = *loaded;
    }
    config.applyEnvironment(QProcessEnvironment::systemEnvironment());
    if (parser.isSet(dataDirOpt))
        config.dataDir = parser.value(dataDirOpt);
    if (config.dataDir.isEmpty())
        config.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (parser.isSet(listenOpt)) {
        if (Status s = config.setListen(parser.value(listenOpt)); !s)
            return fail(s.error().message);
    }
    if (parser.isSet(redisOpt))
        config.redisUrl = parser.value(redisOpt);
    if (Status s = config.validate(); !s)
        return fail(s.error().message);
    if (!QDir().mkpath(config.dataDir))
        return fail(u"cannot create data directory %1"_s.arg(config.dataDir));

    if (parser.isSet(demoOpt)) {
        Expected<QList<ConfiguredUser>> demo = ensureDemoUsers(config.dataDir);
        if (!demo)
            return fail(demo.error().message);
        config.users += *demo;
    }
    if (config.users.isEmpty())
        std::fprintf(stderr, "warroomd: warning: no users are configured; every API call will be refused\n");

    SqliteStore store(config.effectiveDatabasePath());
    if (Status s = store.open(); !s)
        return fail(s.error().message);
    // The shipped knowledge, then the team's own directories from the config.
    QList<LintIssue> knowledgeIssues;
    KnowledgeBase knowledge
        = KnowledgeBase::load(QStringList {u":/knowledge"_s} + config.knowledgeDirs, &knowledgeIssues);
    for (const LintIssue &issue : std::as_const(knowledgeIssues))
        std::fprintf(stderr, "warroomd: knowledge: %s\n", qPrintable(issue.toString()));
    // Optional embeddings (knowledge.embeddings): fused with BM25 in knowledge
    // search and triage; without them, or when they fail, BM25 alone.
    if (config.embeddings.enabled) {
        auto semantic = std::make_shared<SemanticSearch>(config.embeddings);
        if (Expected<int> built = semantic->build(knowledge); !built) {
            std::fprintf(stderr, "warroomd: warning: embeddings: %s; knowledge search and triage use BM25 only\n",
                         qPrintable(built.error().message));
        } else {
            std::fprintf(stdout, "warroomd: embeddings: %d knowledge documents embedded with %s\n", *built,
                         qPrintable(config.embeddings.model));
            knowledge.setSemanticSearch(std::move(semantic));
        }
    }
    Coordinator coordinator(store, config);
    coordinator.setKnowledge(&knowledge);
    // The people command roles may name, and where their notifications go.
    QHash<QString, User> people;
    QHash<QString, QString> emails;
    for (const ConfiguredUser &u : std::as_const(config.users)) {
        people.insert(u.user.name, u.user);
        if (!u.email.isEmpty())
            emails.insert(u.user.name, u.email);
    }
    coordinator.setDirectory(people);
    // The execution policy on disk (the playbooks it pins live beside it)
    // and the runner. Without ansible-playbook the daemon still serves; no
    // playbook step can run and /healthz says so.
    Expected<ExecutionPolicy> policy = ExecutionPolicy::load(config.effectivePolicyPath());
    if (!policy)
        return fail(u"execution policy: "_s + policy.error().message);
    RunnerSettings runnerSettings;
    runnerSettings.workRoot = QDir(config.dataDir).filePath(u"runs"_s);
    runnerSettings.labDir = QDir(config.effectiveLabDir()).absolutePath();
    if (!QDir().mkpath(runnerSettings.labDir))
        return fail(u"cannot create the lab directory %1"_s.arg(runnerSettings.labDir));
    AnsibleRunner runner(runnerSettings);
    if (Status ready = runner.ready(); !ready)
        std::fprintf(stderr, "warroomd: warning: no playbook can run: %s\n", qPrintable(ready.error().message));
    coordinator.setExecution(&*policy, runner.ready() && !parser.isSet(noExecutionOpt) ? &runner : nullptr);
    // The LLM boundary (offline unless the config or WARROOM_LLM_* ask for
    // a provider): the model may only choose among whitelisted playbooks.
    QSet<QString> whitelist;
    for (const PlaybookEntry &entry : policy->playbooks())
        whitelist.insert(entry.id);
    Expected<std::unique_ptr<LlmAnalyst>> llm = createLlmAnalyst(config, knowledge, whitelist);
    if (!llm)
        return fail(llm.error().message);
    const QString llmLine = (*llm)->client() ? u"%1 %2"_s.arg((*llm)->provider(), (*llm)->model()) : u"offline"_s;
    coordinator.setLlmAnalyst(std::move(*llm));
    if (Status s = coordinator.start(); !s)
        return fail(s.error().message);
    // The demo runs against the lab: up, with the SSO certificate rotated
    // so the seeded SSO incident is real. Stopped again on shutdown.
    std::optional<LabControl> demoLab;
    if (parser.isSet(demoOpt) && !parser.isSet(noLabOpt)) {
        demoLab.emplace(policy->file(), runnerSettings.labDir);
        if (Expected<QByteArray> up = demoLab->run({u"up"_s}); !up)
            std::fprintf(stderr, "warroomd: warning: the lab is not up: %s\n", qPrintable(up.error().message));
        else if (Expected<QByteArray> broken = demoLab->run({u"break"_s, u"sso"_s}); !broken)
            std::fprintf(stderr, "warroomd: warning: %s\n", qPrintable(broken.error().message));
    }
    if (parser.isSet(demoOpt)) {
        if (Status s = seedDemoIncidents(coordinator); !s)
            return fail(s.error().message);
    }

    Authenticator auth(config.users);
    ApiServer server(coordinator, auth, config);
    // Ingestion: the webhooks always, the Redis stream when a URL is set.
    Ingestor ingestor(coordinator, config.ingest);
    std::unique_ptr<RedisStreamConsumer> stream;
    if (!config.redisUrl.isEmpty()) {
        Expected<RedisAddress> address = RedisAddress::parse(config.redisUrl);
        if (!address)
            return fail(address.error().message);
        const QString consumer = !config.ingest.redisConsumer.isEmpty()
            ? config.ingest.redisConsumer
            : QHostInfo::localHostName() + u':' + sha256Hex({QDir(config.dataDir).absolutePath().toUtf8()}).left(8);
        stream = std::make_unique<RedisStreamConsumer>(ingestor, *address, consumer);
    }
    IngestApi ingestApi(ingestor, config.ingest);
    if (config.ingest.journalWebhooks) {
        // Answered once journaled; what a crash left in it is committed now.
        Expected<qsizetype> requeued = ingestApi.openJournal(QDir(config.dataDir).filePath(u"webhook-journal.jsonl"_s));
        if (!requeued)
            return fail(u"webhook journal: "_s + requeued.error().message);
        if (*requeued > 0)
            std::fprintf(stderr, "warroomd: webhook journal: %lld events not committed before the stop, queued again\n",
                         qlonglong(*requeued));
    }
    ingestApi.install(server, stream.get());
    // Incident command, communications and the after-action.
    installCommandRoutes(server, coordinator);
    QNetworkAccessManager network;
    SlackActionsApi slackActions(coordinator, config.slackSigningSecret.toUtf8(), config.slackUsers,
                                 config.notify.slack.responseHosts, &network);
    slackActions.install(server);
    RemediationDesk remediation(coordinator, &*policy, config.remediation,
                                QDir(config.dataDir).filePath(u"remediation"_s), runnerSettings.labDir);
    // The model drafts too when one is configured (the same settings as triage's).
    if (Expected<std::optional<LlmSettings>> llmSettings = llmSettingsFromConfig(config); llmSettings && *llmSettings)
        remediation.setLlm(std::make_unique<LlmClient>(**llmSettings));
    if (Status s = remediation.load(); !s)
        return fail(u"remediation drafts: "_s + s.error().message);
    remediation.install(server);
    Expected<quint16> port = server.start();
    if (!port)
        return fail(port.error().message);
    const QString apiBase
        = u"%1://%2:%3"_s.arg(server.tlsEnabled() ? u"https"_s : u"http"_s, config.listenHost).arg(*port);
    std::unique_ptr<NotificationDispatcher> dispatcher = makeDispatcher(config.notify, &network);
    NotificationRouter router(coordinator, *dispatcher, config.notify, emails, apiBase);
    server.addHealthSource([&dispatcher](QJsonObject &json) {
        QJsonObject channels;
        for (const QString &name : dispatcher->channelNames())
            channels.insert(name, toString(dispatcher->breakerState(name)));
        json.insert(u"notify"_s, QJsonObject {{u"channels"_s, channels}, {u"pending"_s, dispatcher->pending()}});
    });
    std::fprintf(stdout, "warroomd: listening on %s://%s:%u (data %s, %lld knowledge documents, analyst %s)\n",
                 server.tlsEnabled() ? "https" : "http", qPrintable(config.listenHost), unsigned(*port),
                 qPrintable(QDir(config.dataDir).absolutePath()), static_cast<long long>(knowledge.documents().size()),
                 qPrintable(llmLine));
    std::fflush(stdout);
    if (stream) {
        stream->start();
        std::fprintf(stdout, "warroomd: reading stream %s at %s as consumer %s\n", kIncidentStream,
                     qPrintable(RedisAddress::parse(config.redisUrl)->display()), qPrintable(stream->consumerName()));
        std::fflush(stdout);
    }

    SignalNotifier unixSignals;
    QObject::connect(&unixSignals, &SignalNotifier::terminationRequested, &app, [&](int number) {
        std::fprintf(stdout, "warroomd: signal %d, shutting down\n", number);
        std::fflush(stdout);
        server.stopListening(); // from here on a request is answered 503 and changes nothing
        stream.reset(); // read entries not yet committed stay pending in Redis
        // Webhooks accepted in this turn wait for the turn's commit: commit
        // and answer them now, so the stop record is the last one.
        ingestApi.flush();
        coordinator.stopTriage(); // before the policy and the knowledge it reads go
        (void)store.appendAudit({User::system().name, 0, u"coordinator.stopped"_s, {{u"signal"_s, number}}});
        // The answers still in the sockets' buffers go out before the exit.
        server.drain(std::chrono::seconds(2));
        if (demoLab)
            (void)demoLab->run({u"down"_s});
        QTimer::singleShot(0, &app, [] { QCoreApplication::exit(0); });
    });
    const int code = QCoreApplication::exec();
    coordinator.stopTriage(); // before the locals it reads (the policy) are destroyed
    return code;
}
