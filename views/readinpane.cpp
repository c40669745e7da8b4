#include "readinpane.h"

#include "apiclient.h"
#include "asyncreply.h"
#include "taskalert.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QUrlQuery>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace warroom {

ReadInPane::ReadInPane(ApiClient &client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    setObjectName(u"readInPane"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *top = new QHBoxLayout;
    m_header = new QLabel(this);
    m_header->setObjectName(u"readInHeader"_s);
    top->addWidget(m_header, 1);
    m_copy = new QPushButton(tr("Copy as Markdown"), this);
    m_copy->setObjectName(u"readInCopy"_s);
    m_copy->setToolTip(tr("Copies the read-in as Markdown, to paste into a chat or a ticket"));
    m_copy->setAutoDefault(false);
    connect(m_copy, &QPushButton::clicked, this, &ReadInPane::copyMarkdown);
    top->addWidget(m_copy);
    layout->addLayout(top);
    m_view = new QTextBrowser(this);
    m_view->setObjectName(u"readInView"_s);
    m_view->setAccessibleName(tr("Read-in"));
    m_view->setOpenLinks(false);
    m_view->setPlaceholderText(tr("Select an incident: what happened, what was decided, what is running and who "
                                  "owns what show here."));
    layout->addWidget(m_view, 1);
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(300);
    connect(&m_coalesce, &QTimer::timeout, this, &ReadInPane::refresh);
    m_copy->setEnabled(false);
}

void ReadInPane::setIncident(qint64 id)
{
    if (id == m_id)
        return;
    m_id = id;
    m_readIn = {};
    m_view->clear();
    m_header->clear();
    m_copy->setEnabled(id > 0);
    m_dirty = true;
    if (id > 0 && isVisible())
        refresh();
}

void ReadInPane::handleChange()
{
    m_dirty = true;
    if (isVisible() && m_id > 0 && !m_coalesce.isActive())
        m_coalesce.start();
}

void ReadInPane::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty && m_id > 0)
        refresh();
}

void ReadInPane::refresh()
{
    if (m_id <= 0)
        return;
    m_dirty = false;
    const qint64 id = m_id;
    QUrlQuery q;
    q.addQueryItem(u"format"_s, u"json"_s);
    onAnswer(m_client.get(u"/api/v1/incidents/%1/readin"_s.arg(id), q), this, [this, id](const ApiResponse &r) {
        if (id != m_id)
            return; // another incident is selected now
        if (!r.ok()) {
            m_header->setText(tr("Could not load the read-in of INC-%1: %2").arg(id).arg(r.errorMessage()));
            return;
        }
        m_readIn = r.json;
        const QDateTime at = QDateTime::fromString(r.json.value(u"generated_at"_s).toString(), Qt::ISODateWithMs);
        m_header->setText(tr("Read-in for INC-%1 as of %2 — it follows the incident live.")
                              .arg(id)
                              .arg(at.isValid() ? at.toLocalTime().toString(u"HH:mm:ss"_s) : QString()));
        // Keep the reader's place while it updates.
        const int scroll = m_view->verticalScrollBar()->value();
        m_view->setHtml(toHtml(r.json));
        m_view->verticalScrollBar()->setValue(scroll);
        Q_EMIT loaded(id);
    });
}

QString ReadInPane::toHtml(const QJsonObject &readIn)
{
    const auto esc = [](const QString &s) -> QString { return s.toHtmlEscaped(); };
    const auto list = [&esc](const QJsonArray &items, const QString &none, auto mark) -> QString {
        if (items.isEmpty())
            return u"<p><i>%1</i></p>"_s.arg(esc(none));
        QString html = u"<ul>"_s;
        for (const QJsonValue &v : items)
            html += u"<li>%1</li>"_s.arg(mark(v.toString()));
        return html + u"</ul>"_s;
    };
    const QString amber = TaskAlert::foreground().name();
    const QString wash = TaskAlert::background().name();
    QString html = u"<h3>%1</h3><p>%2</p>"_s.arg(tr("What happened"), esc(readIn.value(u"what_happened"_s).toString()));
    html += u"<h3>%1</h3>"_s.arg(tr("What was decided"));
    html += list(readIn.value(u"decided"_s).toArray(), tr("Nothing decided yet."), esc);
    html += u"<h3>%1</h3>"_s.arg(tr("What was done"));
    html += list(readIn.value(u"done"_s).toArray(), tr("Nothing has run yet."), [&](const QString &line) -> QString {
        if (line.contains(u" FAILED"_s))
            return u"<span style='color:#b71c1c'><b>%1</b></span>"_s.arg(esc(line));
        return esc(line);
    });
    html += u"<h3>%1</h3>"_s.arg(tr("What is running, waiting, blocked or overdue"));
    html += list(readIn.value(u"running"_s).toArray(), tr("Nothing is running or waiting."),
                 [&](const QString &line) -> QString {
                     if (line.contains(u" BLOCKED"_s) || line.contains(u" OVERDUE"_s))
                         return u"<span style='background:%1;color:%2'><b>%3</b></span>"_s.arg(wash, amber, esc(line));
                     return esc(line);
                 });
    html += u"<h3>%1</h3>"_s.arg(tr("Who owns what"));
    html += list(readIn.value(u"owners"_s).toArray(), tr("Nobody owns anything yet."),
                 [&](const QString &line) -> QString {
                     if (line.contains(u"NOT ASSIGNED"_s))
                         return u"<span style='color:#b71c1c'><b>%1</b></span>"_s.arg(esc(line));
                     return esc(line);
                 });
    return html;
}

void ReadInPane::copyMarkdown()
{
    if (m_id <= 0)
        return;
    const qint64 id = m_id;
    QUrlQuery q;
    q.addQueryItem(u"format"_s, u"md"_s);
    onAnswer(m_client.get(u"/api/v1/incidents/%1/readin"_s.arg(id), q), this, [this, id](const ApiResponse &r) {
        if (!r.ok()) {
            m_header->setText(tr("Could not copy the read-in of INC-%1: %2").arg(id).arg(r.errorMessage()));
            return;
        }
        QApplication::clipboard()->setText(QString::fromUtf8(r.body));
        m_header->setText(tr("The read-in of INC-%1 is on the clipboard as Markdown.").arg(id));
    });
}

} // namespace warroom
