#pragma once

#include <QMetaObject>
#include <QMutex>
#include <QObject>

#include <memory>
#include <utility>

namespace warroom {

/// Hands work finished on a pool thread back to an object's own thread,
/// while that object lives.
///
/// Qt 6.4's `.then(context, …)` posts the continuation to the context from
/// the thread that finished the future, and it does so after
/// `waitForFinished()` has already returned to whoever waits: a context
/// destroyed in that window is used after it is freed (seen at shutdown with
/// triage batches in flight: "double free or corruption"). A task given a
/// `Poster` posts under a mutex that the owner's destructor takes to close
/// the hand-off, so nothing is ever posted to an object being destroyed;
/// after `close()` the task's result is dropped on the task's thread.
///
/// The owner keeps the HandOff as a member and calls `close()` first thing
/// in its destructor (the member's own destructor closes it too, but only
/// after the owner's destructor body has run).
class HandOff
{
    struct State
    {
        QMutex mutex;
        QObject *receiver = nullptr;
    };

public:
    explicit HandOff(QObject *receiver)
        : m_state(std::make_shared<State>())
    {
        m_state->receiver = receiver;
    }
    ~HandOff() { close(); }
    HandOff(const HandOff &) = delete;
    HandOff &operator=(const HandOff &) = delete;

    /// From now on every post is dropped; waits for a post in progress.
    void close()
    {
        const QMutexLocker lock(&m_state->mutex);
        m_state->receiver = nullptr;
    }

    /// What a pool task holds (copyable, safe on any thread).
    class Poster
    {
    public:
        /// Queues `function` on the receiver's thread; false (and nothing
        /// queued) once the hand-off is closed.
        template<typename Function> bool operator()(Function &&function) const
        {
            const QMutexLocker lock(&m_state->mutex);
            if (!m_state->receiver)
                return false;
            return QMetaObject::invokeMethod(m_state->receiver, std::forward<Function>(function), Qt::QueuedConnection);
        }

    private:
        friend class HandOff;
        explicit Poster(std::shared_ptr<State> state)
            : m_state(std::move(state))
        { }
        std::shared_ptr<State> m_state;
    };

    Poster poster() const { return Poster(m_state); }

private:
    std::shared_ptr<State> m_state;
};

} // namespace warroom
