#pragma once

#include "apiclient.h"

#include <QFuture>
#include <QPointer>

#include <utility>

namespace warroom {

/// Calls `handler` with the coordinator's answer while `receiver` lives.
///
/// Qt 6.4's `.then(context, …)` asserts (qfuture_impl.h: "context") when the
/// context is destroyed before the future finishes: a detail pane closed
/// while its request is in flight aborts a Debug build. The continuation
/// here has no context; it runs on the thread that finishes the future (the
/// ApiClient's, the GUI thread) and does nothing once the receiver is gone.
/// A future cancelled because the client went away calls nothing.
template<typename Handler> void onAnswer(QFuture<ApiResponse> future, QObject *receiver, Handler &&handler)
{
    future.then([guard = QPointer<QObject>(receiver),
                 handler = std::forward<Handler>(handler)](const ApiResponse &response) mutable {
        if (guard)
            handler(response);
    });
}

} // namespace warroom
