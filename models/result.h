#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace warroom {

/// Machine-readable failure codes. The API maps them to HTTP statuses.
enum class ErrorCode {
    InvalidInput, ///< 400: the input is malformed or fails validation
    Unauthorized, ///< 401: no valid credentials
    Forbidden, ///< 403: authenticated, but the role or rule forbids it
    NotFound, ///< 404
    Conflict, ///< 409: a refused transition or a duplicate
    TooLarge, ///< 413
    Unavailable, ///< 503: a dependency is down
    Internal, ///< 500: a bug or an I/O failure
};

/// A failure with its code and a human-readable reason.
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
};

/// Either a value or the Error that explains why there is none.
template<typename T> class [[nodiscard]] Expected
{
public:
    Expected(const T &value)
        : m_data(value)
    { }
    Expected(T &&value)
        : m_data(std::move(value))
    { }
    Expected(const Error &error)
        : m_data(error)
    { }
    Expected(Error &&error)
        : m_data(std::move(error))
    { }

    bool hasValue() const { return m_data.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// Success or the Error that explains the failure.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(const Error &error)
        : m_error(error)
        , m_ok(false)
    { }

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

inline Error makeError(ErrorCode code, const QString &message)
{
    return Error {code, message};
}

} // namespace warroom
