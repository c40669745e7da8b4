#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <vector>

namespace warroom {

/// The literal strings of which every match of a regular expression
/// contains at least one, read from the pattern's text: a subject holding
/// none of them cannot match and need not be searched at all. The triage
/// rules are large alternations that match few texts, and PCRE tries each
/// alternative at every word of every text.
///
/// Conservative: whatever the reader does not know (inline options,
/// \Q...\E, \x, subroutine calls ...) makes the prefilter pass every
/// subject. The literals are case-sensitive, as the rules are compiled.
class LiteralPrefilter
{
public:
    /// The pairs of adjacent characters a subject holds, hashed into 4,096
    /// bits: computed once per text, they rule most literals out with a few
    /// bit tests before any is looked for.
    class Pairs
    {
    public:
        explicit Pairs(QStringView text);
        bool has(quint16 pair) const { return m_bits[pair >> 6] >> (pair & 63) & 1u; }

    private:
        std::array<quint64, 64> m_bits {};
    };
    static quint16 pair(QChar a, QChar b) { return quint16((a.unicode() * 31u + b.unicode()) & 4095u); }

    /// Passes everything.
    LiteralPrefilter() = default;
    explicit LiteralPrefilter(const QString &pattern);

    /// Whether the pattern's matches must contain one of literals().
    bool constrains() const { return m_constrains; }
    /// A sufficient set (none contains another), in pattern order.
    QStringList literals() const;

    /// False only when no match of the pattern can be in `subject`; `pairs`,
    /// when given, must be those of `subject`.
    bool mayMatch(QStringView subject, const Pairs *pairs = nullptr) const;

private:
    struct Literal
    {
        QString text;
        std::vector<quint16> pairs; ///< of `text`, each once
    };
    bool m_constrains = false;
    std::vector<Literal> m_literals;
};

} // namespace warroom
