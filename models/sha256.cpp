#include "sha256.h"

#include <openssl/evp.h>

#include <memory>

namespace warroom {

QByteArray sha256(std::initializer_list<QByteArrayView> parts)
{
    // One context per thread, reused: creating it costs more than hashing a record.
    thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    for (const QByteArrayView part : parts)
        EVP_DigestUpdate(ctx.get(), part.data(), size_t(part.size()));
    EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char *>(digest.data()), &length);
    return digest;
}

QString sha256Hex(std::initializer_list<QByteArrayView> parts)
{
    return QString::fromLatin1(sha256(parts).toHex());
}

} // namespace warroom
