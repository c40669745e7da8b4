#include "literalprefilter.h"

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

/// Literals one of which every match contains; nullopt: no such set is known.
using Need = std::optional<QStringList>;

/// What a literal is worth as a filter: its characters other than spaces
/// (a space is in every text).
qsizetype strength(const QString &literal)
{
    return literal.size() - literal.count(u' ');
}

/// The better of two constraints on a sequence that must match both: the
/// one whose weakest literal is strongest, then the one with fewer literals.
bool better(const QStringList &a, const QStringList &b)
{
    auto weakest = [](const QStringList &l) {
        qsizetype n = l.isEmpty() ? 0 : strength(l.first());
        for (const QString &s : l)
            n = std::min(n, strength(s));
        return n;
    };
    const qsizetype wa = weakest(a);
    const qsizetype wb = weakest(b);
    return wa != wb ? wa > wb : a.size() < b.size();
}

/// Without the literals that contain another one (the shorter suffices) and repeats.
QStringList minimal(const QStringList &in)
{
    QStringList out;
    for (qsizetype i = 0; i < in.size(); ++i) {
        const QString &s = in.at(i);
        bool covered = false;
        for (qsizetype j = 0; j < in.size() && !covered; ++j) {
            const QString &t = in.at(j);
            // A shorter literal inside this one, or the same literal earlier.
            covered = j != i && s.contains(t) && (t.size() < s.size() || j < i);
        }
        if (!covered)
            out.append(s);
    }
    return out;
}

/// A recursive-descent reader of as much PCRE2 syntax as the rules use;
/// anything else makes the whole pattern unknown.
class Reader
{
public:
    explicit Reader(const QString &pattern)
        : m_p(pattern)
    { }

    Need whole()
    {
        Need n = alternation();
        if (m_i != m_p.size())
            m_ok = false; // an unbalanced ')'
        return m_ok ? n : Need {};
    }

private:
    enum class Kind { Literal, Group, ZeroWidth, Other };
    struct Atom
    {
        Kind kind = Kind::Other;
        QString literal; ///< Kind::Literal: one code point
        Need need; ///< Kind::Group
    };

    bool atEnd() const { return m_i >= m_p.size(); }
    QChar peek(qsizetype ahead = 0) const { return m_i + ahead < m_p.size() ? m_p.at(m_i + ahead) : QChar(); }

    Need alternation()
    {
        QStringList any;
        bool known = true;
        for (;;) {
            const Need branch = concatenation();
            if (branch)
                any += *branch;
            else
                known = false; // a branch without literals matches without them
            if (m_ok && !atEnd() && peek() == u'|') {
                ++m_i;
                continue;
            }
            break;
        }
        if (!known || any.isEmpty())
            return {};
        return minimal(any);
    }

    Need concatenation()
    {
        Need best;
        QString run;
        auto consider = [&](const QStringList &candidate) {
            if (!best || better(candidate, *best))
                best = candidate;
        };
        auto endRun = [&] {
            if (!run.isEmpty())
                consider({run});
            run.clear();
        };
        while (m_ok && !atEnd() && peek() != u'|' && peek() != u')') {
            const Atom a = atom();
            if (!m_ok)
                break;
            const auto [min, max] = quantifier();
            switch (a.kind) {
            case Kind::ZeroWidth:
                // Consumes nothing: the literals either side are adjacent in the subject.
                break;
            case Kind::Literal:
                if (min == 1 && max == 1) {
                    run += a.literal;
                } else if (min >= 1) {
                    run += a.literal; // at least once: it ends this run and starts the next
                    endRun();
                    run = a.literal;
                } else {
                    endRun();
                }
                break;
            case Kind::Group:
                endRun();
                if (min >= 1 && a.need)
                    consider(*a.need);
                break;
            case Kind::Other: endRun(); break;
            }
        }
        endRun();
        return best;
    }

    /// {min, max} (max -1: unbounded); {1, 1} when none follows.
    std::pair<int, int> quantifier()
    {
        std::pair<int, int> q {1, 1};
        const QChar c = peek();
        if (c == u'?') {
            q = {0, 1};
        } else if (c == u'*') {
            q = {0, -1};
        } else if (c == u'+') {
            q = {1, -1};
        } else if (c == u'{') {
            // {n}, {n,}, {n,m}; anything else is a literal brace (PCRE2 10.42).
            qsizetype j = m_i + 1;
            qsizetype lo = j;
            while (j < m_p.size() && m_p.at(j).isDigit())
                ++j;
            const int min = m_p.mid(lo, j - lo).toInt();
            if (j == lo)
                return q;
            int max = min;
            if (j < m_p.size() && m_p.at(j) == u',') {
                const qsizetype hi = ++j;
                while (j < m_p.size() && m_p.at(j).isDigit())
                    ++j;
                max = j == hi ? -1 : m_p.mid(hi, j - hi).toInt();
            }
            if (j >= m_p.size() || m_p.at(j) != u'}')
                return q; // the next atom reads the brace as a literal
            m_i = j;
            q = {min, max};
        } else {
            return q;
        }
        ++m_i;
        if (peek() == u'?' || peek() == u'+')
            ++m_i; // lazy or possessive: the same strings match
        return q;
    }

    Atom atom()
    {
        Atom a;
        const QChar c = peek();
        if (c == u'(') {
            ++m_i;
            return group();
        }
        if (c == u'[') {
            skipClass();
            return a;
        }
        if (c == u'.') {
            ++m_i;
            return a;
        }
        if (c == u'^' || c == u'$') {
            ++m_i;
            a.kind = Kind::ZeroWidth;
            return a;
        }
        if (c == u'\\')
            return escape();
        if (c == u'*' || c == u'+' || c == u'?') {
            m_ok = false; // a quantifier with nothing before it
            return a;
        }
        a.kind = Kind::Literal;
        const qsizetype n = c.isHighSurrogate() && peek(1).isLowSurrogate() ? 2 : 1;
        a.literal = m_p.mid(m_i, n);
        m_i += n;
        return a;
    }

    Atom group()
    {
        Atom a;
        a.kind = Kind::Group;
        bool zeroWidth = false;
        if (peek() == u'?') {
            const QChar k = peek(1);
            if (k == u':' || k == u'>' || k == u'|') {
                m_i += 2;
            } else if (k == u'=' || k == u'!') {
                m_i += 2;
                zeroWidth = true;
            } else if (k == u'<' && (peek(2) == u'=' || peek(2) == u'!')) {
                m_i += 3;
                zeroWidth = true;
            } else if (k == u'<' || k == u'\'' || (k == u'P' && peek(2) == u'<')) {
                // A named group: (?<name>...), (?'name'...), (?P<name>...).
                const qsizetype close = m_p.indexOf(k == u'\'' ? u'\'' : u'>', m_i + (k == u'P' ? 3 : 2));
                if (close < 0) {
                    m_ok = false;
                    return a;
                }
                m_i = close + 1;
            } else {
                m_ok = false; // inline options, comments, conditionals, recursion: not read
                return a;
            }
        } else if (peek() == u'*') {
            m_ok = false; // verbs such as (*UTF)
            return a;
        }
        const Need inner = alternation();
        if (!m_ok || atEnd() || peek() != u')') {
            m_ok = false;
            return a;
        }
        ++m_i;
        if (zeroWidth)
            a.kind = Kind::ZeroWidth;
        else
            a.need = inner;
        return a;
    }

    Atom escape()
    {
        Atom a;
        ++m_i; // the backslash
        if (atEnd()) {
            m_ok = false;
            return a;
        }
        const QChar c = peek();
        ++m_i;
        switch (c.unicode()) {
        case 'b':
        case 'B':
        case 'A':
        case 'z':
        case 'Z':
        case 'G': a.kind = Kind::ZeroWidth; return a;
        case 'd':
        case 'D':
        case 'w':
        case 'W':
        case 's':
        case 'S':
        case 'h':
        case 'H':
        case 'v':
        case 'V':
        case 'R':
        case 'N':
        case 'X': return a; // one of a class
        case 'p':
        case 'P':
            if (peek() == u'{') {
                const qsizetype close = m_p.indexOf(u'}', m_i);
                if (close < 0) {
                    m_ok = false;
                    return a;
                }
                m_i = close + 1;
            } else {
                ++m_i;
            }
            return a;
        case 'n':
        case 't':
        case 'r':
            a.kind = Kind::Literal;
            a.literal = c == u'n' ? u"\n"_s : c == u't' ? u"\t"_s : u"\r"_s;
            return a;
        default: break;
        }
        if (c.isDigit()) {
            // A back reference or an octal escape: some text, not known here.
            while (!atEnd() && peek().isDigit())
                ++m_i;
            return a;
        }
        if (c.isLetterOrNumber() || c.isSurrogate()) {
            m_ok = false; // \x, \Q, \E, \g, \k, \c ...: not read
            return a;
        }
        a.kind = Kind::Literal; // escaped punctuation stands for itself
        a.literal = c;
        return a;
    }

    void skipClass()
    {
        ++m_i; // [
        if (peek() == u'^')
            ++m_i;
        if (peek() == u']')
            ++m_i; // a leading ] is a member
        while (!atEnd() && peek() != u']') {
            if (peek() == u'\\') {
                const QChar e = peek(1);
                m_i += 2;
                if ((e == u'p' || e == u'P') && peek() == u'{') {
                    const qsizetype close = m_p.indexOf(u'}', m_i);
                    if (close < 0) {
                        m_ok = false;
                        return;
                    }
                    m_i = close + 1;
                }
            } else if (peek() == u'[' && peek(1) == u':') {
                const qsizetype close = m_p.indexOf(u":]"_s, m_i + 2);
                if (close < 0) {
                    m_ok = false;
                    return;
                }
                m_i = close + 2;
            } else {
                ++m_i;
            }
        }
        if (atEnd()) {
            m_ok = false;
            return;
        }
        ++m_i; // ]
    }

    const QString &m_p;
    qsizetype m_i = 0;
    bool m_ok = true;
};

} // namespace

LiteralPrefilter::Pairs::Pairs(QStringView text)
{
    for (qsizetype i = 1; i < text.size(); ++i) {
        const quint16 p = pair(text[i - 1], text[i]);
        m_bits[p >> 6] |= quint64(1) << (p & 63);
    }
}

LiteralPrefilter::LiteralPrefilter(const QString &pattern)
{
    const Need need = Reader(pattern).whole();
    if (!need || need->isEmpty())
        return;
    m_constrains = true;
    for (const QString &text : *need) {
        Literal l {text, {}};
        for (qsizetype i = 1; i < text.size(); ++i) {
            const quint16 p = pair(text[i - 1], text[i]);
            if (std::find(l.pairs.cbegin(), l.pairs.cend(), p) == l.pairs.cend())
                l.pairs.push_back(p);
        }
        m_literals.push_back(std::move(l));
    }
}

QStringList LiteralPrefilter::literals() const
{
    QStringList out;
    for (const Literal &l : m_literals)
        out.append(l.text);
    return out;
}

bool LiteralPrefilter::mayMatch(QStringView subject, const Pairs *pairs) const
{
    if (!m_constrains)
        return true;
    for (const Literal &l : m_literals) {
        // Every pair of the literal is in the subject, or the literal is not.
        if (pairs && !std::all_of(l.pairs.cbegin(), l.pairs.cend(), [pairs](quint16 p) { return pairs->has(p); }))
            continue;
        if (subject.contains(l.text))
            return true;
    }
    return false;
}

} // namespace warroom
