#include "ingestjournal.h"

#include "compactjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace warroom {

QByteArray IngestJournal::Entry::toLine() const
{
    // Compact JSON escapes every control character: a line holds no newline.
    QByteArray line;
    line.reserve(512 * events.size() + 64);
    line.append("{\"events\":[");
    for (qsizetype k = 0; k < events.size(); ++k) {
        if (k > 0)
            line.append(',');
        events.at(k).appendJson(line);
    }
    line.append("],\"roles\":");
    json::appendStringList(line, roles);
    line.append(",\"user\":");
    json::appendString(line, user);
    line.append("}\n");
    return line;
}

Expected<IngestJournal::Entry> IngestJournal::Entry::fromLine(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error {ErrorCode::InvalidInput, u"not a JSON object"_s};
    const QJsonObject json = doc.object();
    Entry entry;
    entry.user = json.value(u"user"_s).toString();
    if (entry.user.isEmpty())
        return Error {ErrorCode::InvalidInput, u"no user"_s};
    for (const QJsonValue &r : json.value(u"roles"_s).toArray())
        entry.roles.append(r.toString());
    const QJsonValue events = json.value(u"events"_s);
    if (!events.isArray() || events.toArray().isEmpty())
        return Error {ErrorCode::InvalidInput, u"no events"_s};
    for (const QJsonValue &v : events.toArray()) {
        Expected<IngestEvent> e = IngestEvent::fromJson(v.toObject());
        if (!e)
            return Error {ErrorCode::InvalidInput, u"an event: "_s + e.error().message};
        entry.events.append(std::move(e).value());
    }
    return entry;
}

IngestJournal::IngestJournal(QString path)
    : m_path(std::move(path))
    , m_file(m_path)
{ }

Expected<IngestJournal::Contents> IngestJournal::open()
{
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Append))
        return Error {ErrorCode::Internal,
                      u"cannot open the webhook journal %1: %2"_s.arg(m_path, m_file.errorString())};
    m_file.seek(0);
    const QByteArray all = m_file.readAll();
    Contents contents;
    QByteArray rejected;
    qsizetype start = 0;
    qsizetype complete = 0; // bytes up to the end of the last whole line
    while (start < all.size()) {
        const qsizetype end = all.indexOf('\n', start);
        if (end < 0) {
            contents.cutShort = true; // written when the process died: never answered
            break;
        }
        const QByteArray line = all.mid(start, end - start);
        if (!line.trimmed().isEmpty()) {
            if (Expected<Entry> entry = Entry::fromLine(line))
                contents.entries.append(std::move(entry).value());
            else {
                ++contents.rejected;
                rejected += line + '\n';
            }
        }
        start = end + 1;
        complete = start;
    }
    if (!rejected.isEmpty()) {
        QFile aside(rejectedPath());
        if (!aside.open(QIODevice::WriteOnly | QIODevice::Append) || aside.write(rejected) != rejected.size())
            return Error {ErrorCode::Internal,
                          u"the webhook journal %1 holds %2 unreadable lines and %3 cannot take them: %4"_s.arg(
                              m_path, QString::number(contents.rejected), rejectedPath(), aside.errorString())};
    }
    if (contents.cutShort && !m_file.resize(complete))
        return Error {ErrorCode::Internal,
                      u"cannot cut the unfinished last line of %1: %2"_s.arg(m_path, m_file.errorString())};
    m_size = complete;
    return contents;
}

Status IngestJournal::append(const QList<Entry> &entries, bool sync)
{
    QByteArray bytes;
    for (const Entry &e : entries)
        bytes += e.toLine();
    if (!m_file.isOpen())
        return Error {ErrorCode::Unavailable, u"the webhook journal is not open"_s};
    if (m_file.write(bytes) != bytes.size() || !m_file.flush()) {
        const QString why = m_file.errorString();
        // Whatever part reached the file is a line cut short or lines no
        // sender was told are accepted: cut it off again.
        m_file.resize(m_size);
        return Error {ErrorCode::Unavailable, u"cannot write the webhook journal %1: %2"_s.arg(m_path, why)};
    }
    // Written but perhaps not synced: the lines stay (their senders hear
    // 503 and send again, and a replayed event is known by its id).
    m_size += bytes.size();
    if (sync && ::fsync(m_file.handle()) != 0)
        return Error {ErrorCode::Unavailable, u"cannot sync the webhook journal %1"_s.arg(m_path)};
    return {};
}

Status IngestJournal::clear()
{
    if (!m_file.resize(0))
        return Error {ErrorCode::Internal,
                      u"cannot empty the webhook journal %1: %2"_s.arg(m_path, m_file.errorString())};
    m_size = 0;
    return {};
}

} // namespace warroom
