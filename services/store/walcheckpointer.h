#pragma once

#include <QDateTime>
#include <QFuture>
#include <QObject>
#include <QTimer>

namespace warroom {

/// Moves a SQLite database's write-ahead log into the main file on a pool
/// thread, every `intervalMs`, with its own connection, whenever the log
/// changed since the last one (an idle database costs a stat per tick).
///
/// A checkpoint ends in an fsync; left to SQLite's auto-checkpoint it would
/// run inside a committing request every few hundred commits and stall it.
/// Here it runs beside the writer (PASSIVE never blocks it). The writer's
/// auto-checkpoint stays on with a high limit as a safety net.
class WalCheckpointer final : public QObject
{
    Q_OBJECT

public:
    explicit WalCheckpointer(QString databasePath, int intervalMs = 1000, QObject *parent = nullptr);
    ~WalCheckpointer() override;

    /// Runs one checkpoint now and waits for it (tests, shutdown).
    void checkpointNow();
    qint64 checkpoints() const { return m_count; }
    /// Ticks that found the log as the last checkpoint left it.
    qint64 skipped() const { return m_skipped; }

private:
    void handleTimeout();

    QString m_path;
    QTimer m_timer;
    QFuture<void> m_running;
    qint64 m_count = 0;
    qint64 m_skipped = 0;
    /// The log's size and time when the last checkpoint started.
    qint64 m_walSize = -1;
    QDateTime m_walModified;
};

} // namespace warroom
