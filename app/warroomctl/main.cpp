// warroomctl: the command line for warroom. Talks to warroomd over HTTP,
// or (for `audit verify --data-dir`) reads the database directly.

#include "apiclient.h"
#include "config.h"
#include "ctlcommands.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace warroom;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"warroomctl"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(WARROOM_VERSION));
    return runCtl(QCoreApplication::arguments());
}
