#include "redactor.h"

#include <QList>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace warroom {
namespace {

/// One masking rule: a pattern and the kind of what it finds. When the
/// pattern has a group named "v", only that group is masked (the key name
/// before it stays); otherwise the whole match is.
struct Rule
{
    QString kind;
    QRegularExpression pattern;
};

QRegularExpression ci(const QString &pattern)
{
    return QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption);
}

QRegularExpression cs(const QString &pattern)
{
    return QRegularExpression(pattern);
}

/// A value after a key name: quoted (also JSON-escaped quotes inside a JSON
/// string), or bare up to a separator, at least `min` characters.
QString value(int min)
{
    return uR"((?!\\?["']?\[REDACTED)(?<v>\\?"[^"\r\n]{%1,}?\\?"|'[^'\r\n]{%1,}'|[^\s"',;&<>\\]{%1,}))"_s.arg(min);
}

const QList<Rule> &rules()
{
    // Order matters: whole blocks first, then key/value forms (which keep the
    // key and so the sense), then token formats anywhere, then addresses.
    static const QString kKey = uR"(\\?["']?\s*[:=]\s*+)"_s;
    static const QString kSchemes = uR"((?:basic|digest|token|negotiate|ntlm|apikey|bearer|hmac|aws4-hmac-sha256))"_s;
    static const QString kOctet = uR"((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))"_s;
    static const QString kIpv4 = u"(?:%1\\.){3}%1"_s.arg(kOctet);
    static const QString kH = u"[0-9a-f]{1,4}"_s;
    static const QString kIpv6 = uR"((?:)"_s
        // with an embedded IPv4 address (mapped, compatible) first
        + u"(?:%1:){6}%2|::(?:ffff(?::0{1,4})?:)?%2|(?:%1:){1,5}:%2|"_s.arg(kH, kIpv4)
        // with a zone index
        + u"fe80:(?::[0-9a-f]{0,4}){0,4}%[0-9a-z]+|"_s + u"(?:%1:){7}%1|"_s.arg(kH) //
        + u"(?:%1:){1,6}(?::%1){1,6}|"_s.arg(kH) //
        + u"(?:%1:){1,7}:|"_s.arg(kH) //
        + u":(?::%1){1,7}"_s.arg(kH) //
        + u")"_s;

    static const QList<Rule> list {
        {u"private-key"_s,
         ci(uR"(-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[\s\S]*))"_s)},
        {u"bearer-token"_s, ci(uR"(\bbearer\s++(?!\[REDACTED)(?<v>[A-Za-z0-9._~+/=\-]{8,}))"_s)},
        // with a known scheme, the credential after it; otherwise the whole value
        {u"authorization"_s,
         ci(uR"(\b(?:proxy-)?authorization)"_s + kKey + uR"(\\?["']?)"_s + kSchemes
            + uR"(\s++(?!\[REDACTED)(?<v>[^\s"',;\\]+))"_s)},
        {u"authorization"_s,
         ci(uR"(\b(?:proxy-)?authorization)"_s + kKey + uR"(\\?["']?(?!)"_s + kSchemes
            + uR"(\s)(?!\[REDACTED)(?<v>[^\r\n"'\\]{8,}))"_s)},
        {u"cookie"_s,
         ci(uR"(\b(?:set-)?cookie\\?["']?\s*:\s*+(?!\\?"?\[REDACTED)(?<v>\\?"[^"\r\n]+?\\?"|[^\r\n"]+))"_s)},
        // scheme://user:password@host
        {u"password"_s, ci(uR"(\b[a-z][a-z0-9+.\-]*://[^\s:/@"']*:(?!\[REDACTED)(?<v>[^\s/@"']+)@)"_s)},
        {u"password"_s, ci(uR"((?<![\w\-.])(?:[\w.\-]*?(?:password|passwd|passphrase|pwd)|pass))"_s + kKey + value(1))},
        {u"password"_s, ci(uR"((?<![\w\-])--(?:password|passwd|pass)\s++(?!\[REDACTED)(?!-)(?<v>[^\s"']+))"_s)},
        {u"secret"_s,
         ci(uR"((?<![\w\-.])[\w.\-]*?(?:api[_\-]?key|apikey|key|secret|token|signature|credentials?|session[_\-]?id|sessionid)(?:[_\-]?id)?)"_s
            + kKey + value(8))},
        {u"api-key"_s,
         cs(uR"(\b(?:sk-(?:proj-|svcacct-|admin-|ant-(?:api|admin|sid)\d\d-)?[A-Za-z0-9_\-]{16,})"_s
            uR"(|(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|A3T[A-Z0-9])[A-Z0-9]{16}\b)"_s
            uR"(|(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_\-]{20,})"_s
            uR"(|xox[abposre]-[A-Za-z0-9\-]{10,}|AIza[0-9A-Za-z_\-]{35}|[rsp]k_(?:live|test)_[A-Za-z0-9]{16,})"_s
            uR"(|npm_[A-Za-z0-9]{36}))"_s)},
        {u"jwt"_s, cs(uR"(\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,})"_s)},
        {u"webhook"_s, ci(uR"(\bhttps://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_\-]+)"_s)},
        {u"email"_s,
         ci(uR"(\b[a-z0-9._%+\-]+@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,}\b)"_s)},
        {u"ipv6"_s, ci(uR"((?<![\w:.])(?:)"_s + kIpv6 + uR"()(?!\w|\.\d|:[0-9a-f]))"_s)},
        {u"ipv4"_s, ci(uR"((?<![\w.])(?:)"_s + kIpv4 + uR"()(?!\w|\.\d))"_s)},
    };
    return list;
}

/// The placeholder for a masked value, keeping the quotes around it.
QString masked(QStringView found, const QString &kind)
{
    for (const QStringView quote : {u"\\\"", u"\"", u"'"}) {
        if (found.size() >= 2 * quote.size() + 1 && found.startsWith(quote) && found.endsWith(quote))
            return quote.toString() + Redactor::placeholder(kind) + quote.toString();
    }
    return Redactor::placeholder(kind);
}

QString apply(const Rule &rule, const QString &text, bool *hit)
{
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = rule.pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        qsizetype start = m.capturedStart(u"v"_s);
        qsizetype end = m.capturedEnd(u"v"_s);
        if (start < 0) {
            start = m.capturedStart();
            end = m.capturedEnd();
        }
        out += QStringView(text).mid(last, start - last);
        out += masked(QStringView(text).mid(start, end - start), rule.kind);
        last = end;
        *hit = true;
    }
    if (last == 0)
        return text;
    out += QStringView(text).mid(last);
    return out;
}

} // namespace

const QStringList &Redactor::kinds()
{
    static const QStringList list = [] {
        QStringList out;
        for (const Rule &rule : rules()) {
            if (!out.contains(rule.kind))
                out.append(rule.kind);
        }
        return out;
    }();
    return list;
}

QString Redactor::placeholder(const QString &kind)
{
    return u"[REDACTED:"_s + kind + u']';
}

QString Redactor::redact(const QString &text, QStringList *findings)
{
    QString out = text;
    for (const Rule &rule : rules()) {
        bool hit = false;
        out = apply(rule, out, &hit);
        if (hit && findings && !findings->contains(rule.kind))
            findings->append(rule.kind);
    }
    return out;
}

QString Redactor::redact(const QString &text)
{
    return redact(text, nullptr);
}

QStringList Redactor::findings(const QString &text)
{
    QStringList found;
    (void)redact(text, &found);
    return found;
}

} // namespace warroom
