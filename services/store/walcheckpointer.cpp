#include "walcheckpointer.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

void runCheckpoint(const QString &path)
{
    const QString name = u"warroom-checkpoint-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=1000"_s);
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s);
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace

WalCheckpointer::WalCheckpointer(QString databasePath, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_path(std::move(databasePath))
{
    connect(&m_timer, &QTimer::timeout, this, &WalCheckpointer::handleTimeout);
    m_timer.start(intervalMs);
}

WalCheckpointer::~WalCheckpointer()
{
    m_timer.stop();
    m_running.waitForFinished();
}

void WalCheckpointer::handleTimeout()
{
    if (m_running.isRunning())
        return;
    // A checkpoint opens a connection and reads the log's index: only when
    // something was written since the last (a restarted log keeps its size
    // but not its time).
    const QFileInfo wal(m_path + u"-wal"_s);
    const qint64 size = wal.exists() ? wal.size() : -1;
    const QDateTime modified = wal.exists() ? wal.lastModified() : QDateTime();
    if (size == m_walSize && modified == m_walModified) {
        ++m_skipped;
        return;
    }
    m_walSize = size;
    m_walModified = modified;
    ++m_count;
    m_running = QtConcurrent::run(runCheckpoint, m_path);
}

void WalCheckpointer::checkpointNow()
{
    m_running.waitForFinished();
    ++m_count;
    m_running = QtConcurrent::run(runCheckpoint, m_path);
    m_running.waitForFinished();
}

} // namespace warroom
