// warroom: the console. Parses arguments, signs in, wires the client, the
// event stream and the main window, and runs.

#include "apiclient.h"
#include "eventstream.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QInputDialog>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QProcessEnvironment>
#include <QTranslator>

using namespace Qt::StringLiterals;
using namespace warroom;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"warroom"_s);
    QApplication::setOrganizationName(u"warroom"_s);
    QApplication::setApplicationVersion(QStringLiteral(WARROOM_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "warroom incident command console"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOpt(u"server"_s, QApplication::translate("main", "Coordinator URL."), u"URL"_s,
                                       u"http://127.0.0.1:8765"_s);
    const QCommandLineOption tokenFileOpt(u"token-file"_s, QApplication::translate("main", "File holding the token."),
                                          u"FILE"_s);
    const QCommandLineOption wallOpt(u"wall"_s, QApplication::translate("main", "Read-only wall display, full screen."));
    const QCommandLineOption langOpt(u"lang"_s, QApplication::translate("main", "Language (en, de)."), u"LANG"_s);
    parser.addOptions({serverOpt, tokenFileOpt, wallOpt, langOpt});
    parser.process(app);

    const QLocale locale = parser.isSet(langOpt) ? QLocale(parser.value(langOpt)) : QLocale::system();
    QTranslator qtTranslator;
    if (qtTranslator.load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(locale, u"warroom"_s, u"_"_s, u":/i18n"_s))
        QApplication::installTranslator(&translator);

    ApiClient client;
    client.setServer(QUrl(parser.value(serverOpt)));
    QString token = QProcessEnvironment::systemEnvironment().value(u"WARROOM_TOKEN"_s);
    if (parser.isSet(tokenFileOpt)) {
        QFile file(parser.value(tokenFileOpt));
        if (!file.open(QIODevice::ReadOnly)) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "warroom"),
                                  QApplication::translate("main", "Cannot read the token file %1: %2")
                                      .arg(parser.value(tokenFileOpt), file.errorString()));
            return 2;
        }
        token = QString::fromUtf8(file.readAll()).trimmed();
    }
    if (token.isEmpty()) {
        bool ok = false;
        token = QInputDialog::getText(nullptr, QApplication::translate("main", "Sign in to warroom"),
                                      QApplication::translate("main", "Token for %1:").arg(parser.value(serverOpt)),
                                      QLineEdit::Password, {}, &ok);
        if (!ok || token.isEmpty())
            return 1;
    }
    client.setToken(token);

    EventStream stream;
    stream.setEndpoint(client.webSocketUrl(), token);
    MainWindow window(client, stream, parser.isSet(wallOpt));
    if (parser.isSet(wallOpt))
        window.showFullScreen();
    else
        window.show();
    stream.start();
    return QApplication::exec();
}
