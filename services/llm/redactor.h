#pragma once

#include <QString>
#include <QStringList>

namespace warroom {

/// Masks what must never leave the house in text sent to a language model:
/// private keys, bearer tokens and Authorization values, cookies, passwords,
/// API keys and other secrets (by vendor format or after a key name),
/// credentials in URLs, email addresses, IPv4 and IPv6 addresses.
///
/// Each masked value becomes a placeholder naming its kind, e.g.
/// `[REDACTED:email]`; the key name before a value is kept
/// (`password=[REDACTED:password]`) so the text still reads. When in doubt
/// it masks: a lost hint costs less than a leaked secret.
class Redactor
{
public:
    /// The kinds of placeholder, in the order the rules run.
    static const QStringList &kinds();

    /// The text with every finding replaced by its placeholder.
    static QString redact(const QString &text);
    /// The kinds that redact() masks in `text`, each once, in rule order.
    static QStringList findings(const QString &text);
    /// Both at once.
    static QString redact(const QString &text, QStringList *findings);

    /// The placeholder of a kind: "[REDACTED:KIND]".
    static QString placeholder(const QString &kind);
};

} // namespace warroom
