#pragma once

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace warroom {

class ApiClient;

/// The read-in for someone who joins late (GET .../readin?format=json):
/// what happened, what was decided, what is running, blocked or overdue,
/// who owns what. Loaded when shown and again after every change to the
/// incident while it is shown (coalesced), so it is live.
class ReadInPane final : public QWidget
{
    Q_OBJECT

public:
    explicit ReadInPane(ApiClient &client, QWidget *parent = nullptr);

    /// The incident to read in on (0 clears).
    void setIncident(qint64 id);
    /// The incident changed: reload (soon) while shown, else when shown next.
    void handleChange();
    /// Loads now.
    void refresh();

    QTextBrowser *view() const { return m_view; }
    /// The last read-in shown, as the coordinator sent it.
    QJsonObject readIn() const { return m_readIn; }
    /// The read-in as HTML: headings and lists, blocked and overdue tasks and a missing commander marked.
    static QString toHtml(const QJsonObject &readIn);

Q_SIGNALS:
    void loaded(qint64 incident);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void copyMarkdown();

    ApiClient &m_client;
    qint64 m_id = 0;
    bool m_dirty = false;
    QTimer m_coalesce;
    QJsonObject m_readIn;
    QLabel *m_header = nullptr;
    QPushButton *m_copy = nullptr;
    QTextBrowser *m_view = nullptr;
};

} // namespace warroom
