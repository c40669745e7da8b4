#pragma once

#include <QObject>

class QSocketNotifier;

namespace warroom {

/// Turns SIGTERM and SIGINT into a Qt signal (self-pipe), so shutdown runs
/// on the event loop and not inside a signal handler.
class SignalNotifier final : public QObject
{
    Q_OBJECT

public:
    explicit SignalNotifier(QObject *parent = nullptr);
    ~SignalNotifier() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void handleActivated();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace warroom
