// warroom: the console. Parses arguments, signs in, wires the client, the
// event stream and the main window, and runs.

#include "apiclient.h"
#include "commspane.h"
#include "eventstream.h"
#include "incidentdetail.h"
#include "mainwindow.h"
#include "signin.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QProcessEnvironment>
#include <QTabWidget>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace warroom;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"warroom"_s);
    QApplication::setOrganizationName(u"warroom"_s);
    QApplication::setApplicationVersion(QStringLiteral(WARROOM_VERSION));

    // The language first, so that --help is in it too.
    QString lang;
    const QStringList args = QApplication::arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args.at(i) == u"--lang"_s && i + 1 < args.size())
            lang = args.at(i + 1);
        else if (args.at(i).startsWith(u"--lang="_s))
            lang = args.at(i).mid(7);
    }
    const QLocale locale = lang.isEmpty() ? QLocale::system() : QLocale(lang);
    // Dates and numbers in the chosen language too (not German dates in an English console).
    if (!lang.isEmpty())
        QLocale::setDefault(locale);
    QTranslator qtTranslator;
    if (qtTranslator.load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    // English is the source language, but its plural forms ("%n incidents") live in warroom_en:
    // without a matching locale (C, POSIX, an untranslated language) English is loaded.
    const bool translated = translator.load(locale, u"warroom"_s, u"_"_s, u":/i18n"_s);
    if (translated || translator.load(u"warroom_en"_s, u":/i18n"_s))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "warroom incident command console"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOpt(u"server"_s, QApplication::translate("main", "Coordinator URL."), u"URL"_s,
                                       u"http://127.0.0.1:8765"_s);
    const QCommandLineOption tokenFileOpt(u"token-file"_s, QApplication::translate("main", "File holding the token."),
                                          u"FILE"_s);
    const QCommandLineOption wallOpt(u"wall"_s,
                                     QApplication::translate("main", "Read-only wall display, full screen."));
    const QCommandLineOption langOpt(u"lang"_s, QApplication::translate("main", "Language (en, de)."), u"LANG"_s);
    const QCommandLineOption screenshotOpt(
        u"screenshot"_s, QApplication::translate("main", "Save a PNG of the window after a few seconds, then quit."),
        u"FILE"_s);
    const QCommandLineOption sizeOpt(u"size"_s, QApplication::translate("main", "Window size, e.g. 1600x900."),
                                     u"WxH"_s);
    const QCommandLineOption incidentOpt(u"incident"_s,
                                         QApplication::translate("main", "Select this incident at start."), u"ID"_s);
    const QCommandLineOption tabOpt(
        u"tab"_s,
        QApplication::translate(
            "main",
            "Open this page: overview, plan, evidence, timeline, readin, comms, postmortem, charts, remediation."),
        u"TAB"_s);
    const QCommandLineOption stepOpt(
        u"step"_s, QApplication::translate("main", "Select this plan step at start (with --incident)."), u"STEP"_s);
    const QCommandLineOption draftOpt(
        u"draft"_s,
        QApplication::translate("main", "With --tab comms: draft a status update for this audience at start."),
        u"AUDIENCE"_s);
    parser.addOptions(
        {serverOpt, tokenFileOpt, wallOpt, langOpt, screenshotOpt, sizeOpt, incidentOpt, tabOpt, stepOpt, draftOpt});
    parser.process(app);

    // A kiosk's or a script's mistake is said at once, not left for someone
    // to wonder why the wall shows the wrong page.
    auto refuse = [](const QString &message) {
        std::fprintf(stderr, "warroom: %s\n", qPrintable(message));
        return 2;
    };
    const QStringList tabs {u"overview"_s, u"plan"_s,       u"evidence"_s, u"timeline"_s,   u"readin"_s,
                            u"comms"_s,    u"postmortem"_s, u"charts"_s,   u"remediation"_s};
    if (parser.isSet(tabOpt) && !tabs.contains(parser.value(tabOpt)))
        return refuse(QApplication::translate("main", "Unknown page \"%1\" for --tab (one of: %2).")
                          .arg(parser.value(tabOpt), tabs.join(u", "_s)));
    const QStringList audiences {u"internal"_s, u"executive"_s, u"external"_s};
    if (parser.isSet(draftOpt) && !audiences.contains(parser.value(draftOpt)))
        return refuse(QApplication::translate("main", "Unknown audience \"%1\" for --draft (one of: %2).")
                          .arg(parser.value(draftOpt), audiences.join(u", "_s)));
    if (parser.isSet(incidentOpt)) {
        QString id = parser.value(incidentOpt);
        if (id.startsWith(u"INC-"_s, Qt::CaseInsensitive))
            id = id.mid(4);
        bool ok = false;
        if (id.toLongLong(&ok) <= 0 || !ok)
            return refuse(QApplication::translate("main", "--incident takes an incident id (42 or INC-42), not \"%1\".")
                              .arg(parser.value(incidentOpt)));
    }
    if (parser.isSet(sizeOpt)) {
        const QStringList wh = parser.value(sizeOpt).split(u'x');
        if (wh.size() != 2 || wh.at(0).toInt() < 200 || wh.at(1).toInt() < 200)
            return refuse(QApplication::translate("main",
                                                  "--size takes WIDTHxHEIGHT of at least 200x200, e.g. 1600x900, "
                                                  "not \"%1\".")
                              .arg(parser.value(sizeOpt)));
    }
    if (!lang.isEmpty() && !translated)
        std::fprintf(
            stderr, "warroom: %s\n",
            qPrintable(
                QApplication::translate("main", "No translation for \"%1\" (en, de): English is shown.").arg(lang)));

    ApiClient client;
    client.setServer(QUrl(parser.value(serverOpt)));
    QString token = QProcessEnvironment::systemEnvironment().value(u"WARROOM_TOKEN"_s);
    if (parser.isSet(tokenFileOpt)) {
        QFile file(parser.value(tokenFileOpt));
        if (!file.open(QIODevice::ReadOnly)) {
            const QString message = QApplication::translate("main", "Cannot read the token file %1: %2")
                                        .arg(parser.value(tokenFileOpt), file.errorString());
            std::fprintf(stderr, "warroom: %s\n", qPrintable(message));
            // A dialog only where someone can close it (a kiosk's screen, not
            // a script taking a screenshot offscreen).
            if (!parser.isSet(screenshotOpt) && QGuiApplication::platformName() != "offscreen"_L1)
                QMessageBox::critical(nullptr, QApplication::translate("main", "warroom"), message);
            return 2;
        }
        token = QString::fromUtf8(file.readAll()).trimmed();
    }
    QUrl server(parser.value(serverOpt));
    if (token.isEmpty()) {
        // The OS keyring first; then ask, and keep the answer there when asked to.
        const TokenStore::Result stored = TokenStore::read(server);
        token = stored.token;
        if (token.isEmpty()) {
            SignInDialog dialog(server);
            dialog.applyKeyringState(stored);
            if (dialog.exec() != QDialog::Accepted)
                return 1;
            server = dialog.server();
            token = dialog.token();
            if (dialog.remember() && !dialog.tokenFromKeyring()) {
                const TokenStore::Result written = TokenStore::write(server, token);
                if (!written.ok)
                    QMessageBox::information(
                        nullptr, QApplication::translate("main", "warroom"),
                        QApplication::translate("main",
                                                "The token could not be kept in the system keyring (%1). "
                                                "It is used for this session only.")
                            .arg(written.error));
            }
        }
    }
    client.setServer(server);
    client.setToken(token);

    EventStream stream;
    stream.setEndpoint(client.webSocketUrl(), token);
    MainWindow window(client, stream, parser.isSet(wallOpt));
    if (parser.isSet(sizeOpt)) {
        const QStringList wh = parser.value(sizeOpt).split(u'x');
        if (wh.size() == 2)
            window.resize(wh.at(0).toInt(), wh.at(1).toInt());
    }
    if (parser.isSet(wallOpt) && !parser.isSet(screenshotOpt))
        window.showFullScreen();
    else
        window.show();
    stream.start();
    if (parser.isSet(incidentOpt) || parser.isSet(tabOpt)) {
        const qint64 incident = parser.value(incidentOpt).remove(u"INC-"_s, Qt::CaseInsensitive).toLongLong();
        const QString tab = parser.value(tabOpt);
        const QString step = parser.value(stepOpt);
        const QString draft = parser.value(draftOpt);
        // Once the snapshot is in: select the incident, open the page (and the step).
        QObject::connect(
            &stream, &EventStream::snapshotReceived, &window,
            [&window, incident, tab, step, draft] {
                QTimer::singleShot(300, &window, [&window, incident, tab, step, draft] {
                    // A value that names nothing ends it, as a malformed one does:
                    // the wrong incident or step open at 3 a.m. is worse than none.
                    if (incident > 0 && !window.selectIncident(incident)) {
                        std::fprintf(
                            stderr, "warroom: %s\n",
                            qPrintable(QApplication::translate("main", "INC-%1 is not in the queue").arg(incident)));
                        QApplication::exit(2);
                        return;
                    }
                    if (!window.detail())
                        return;
                    const QStringList tabs {u"overview"_s, u"plan"_s,  u"evidence"_s,  u"timeline"_s,
                                            u"readin"_s,   u"comms"_s, u"postmortem"_s};
                    if (tab == u"charts"_s)
                        window.mainTabs()->setCurrentIndex(MainWindow::ChartsPage);
                    else if (tab == u"remediation"_s)
                        window.mainTabs()->setCurrentIndex(MainWindow::RemediationPage);
                    else if (tabs.contains(tab))
                        window.detail()->setCurrentIndex(int(tabs.indexOf(tab)));
                    if (!step.isEmpty())
                        QTimer::singleShot(900, &window, [&window, step] {
                            if (!window.detail()->selectStep(step)) {
                                std::fprintf(
                                    stderr, "warroom: %s\n",
                                    qPrintable(
                                        QApplication::translate("main", "the incident has no step %1").arg(step)));
                                QApplication::exit(2);
                            }
                        });
                    if (!draft.isEmpty())
                        QTimer::singleShot(900, &window, [&window, draft] {
                            window.detail()->commsPane()->setAudience(draft);
                            window.detail()->commsPane()->draftFromTimeline();
                        });
                });
            },
            Qt::SingleShotConnection);
    }
    if (parser.isSet(screenshotOpt)) {
        // For the documentation's screenshots: wait for the data, grab, quit.
        const QString file = parser.value(screenshotOpt);
        QTimer::singleShot(3000, &window, [&window, file] {
            const bool saved = window.grab().save(file, "PNG");
            QApplication::exit(saved ? 0 : 1);
        });
    }
    return QApplication::exec();
}
