#pragma once

#include "ingestevent.h"
#include "result.h"

#include <QFile>
#include <QList>
#include <QString>
#include <QStringList>

namespace warroom {

/// The webhook journal (`ingest.webhook_answer: journaled`): what webhook
/// senders were told is accepted, one compact JSON line a request, kept
/// until the ingestor has committed it (docs/ingest.md, the webhook journal).
///
/// A line is written (and with `sync`, synced) before its sender is
/// answered, so a crash of the process after the answer loses nothing; the
/// line a crash cut short was never answered and is cut off at the next
/// open. Replaying a line twice is harmless: the ingestor knows the events
/// it has committed by their ids.
class IngestJournal final
{
public:
    /// One webhook request: who sent it (the name and roles the commit
    /// authorises) and its checked events.
    struct Entry
    {
        QString user;
        QStringList roles;
        QList<IngestEvent> events;

        QByteArray toLine() const;
        static Expected<Entry> fromLine(const QByteArray &line);
    };
    /// What open() read.
    struct Contents
    {
        QList<Entry> entries;
        int rejected = 0; ///< lines that are no entry, moved to rejectedPath()
        bool cutShort = false; ///< a last line without its end was cut off
    };

    explicit IngestJournal(QString path);

    /// Opens the file (creating it) and reads what it holds. Lines that are
    /// no entry (edited by hand, a disk fault) are appended to
    /// rejectedPath() and left out, so the daemon still starts.
    Expected<Contents> open();
    /// Appends the entries with one write (and an fsync with `sync`).
    Status append(const QList<Entry> &entries, bool sync);
    /// Empties the file: everything in it is committed.
    Status clear();

    QString path() const { return m_path; }
    QString rejectedPath() const { return m_path + QStringLiteral(".rejected"); }
    qint64 size() const { return m_size; }

private:
    QString m_path;
    QFile m_file;
    qint64 m_size = 0;
};

} // namespace warroom
