#include "pdfwriter.h"

#include <QHash>

#include <array>

namespace warroom {

namespace {

constexpr double kPageWidth = 595.28; // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 56.0;

// Helvetica advance widths (Adobe AFM) for 32..126.
constexpr std::array<short, 95> kHelvetica
    = {278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333,  278, 278, 556, 556, 556,
       556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
       611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,  611, 722, 667, 944, 667,
       667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278,  556, 556, 222, 222, 500,
       222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,  500, 334, 260, 334, 584};

double fontSize(PdfWriter::Style style)
{
    switch (style) {
    case PdfWriter::Style::Title: return 18;
    case PdfWriter::Style::Heading: return 13;
    case PdfWriter::Style::Mono: return 9;
    case PdfWriter::Style::Body: return 10.5;
    }
    return 10.5;
}

QByteArray fontName(PdfWriter::Style style)
{
    switch (style) {
    case PdfWriter::Style::Title:
    case PdfWriter::Style::Heading: return "/F2";
    case PdfWriter::Style::Mono: return "/F3";
    case PdfWriter::Style::Body: return "/F1";
    }
    return "/F1";
}

QByteArray number(double v)
{
    return QByteArray::number(v, 'f', 2);
}

} // namespace

QByteArray PdfWriter::toWinAnsi(const QString &text)
{
    // cp1252's 0x80..0x9F block; everything else in Latin-1 maps to itself.
    static const QHash<char16_t, char> extra
        = {{u'\u20AC', char(0x80)}, {u'\u201A', char(0x82)}, {u'\u0192', char(0x83)}, {u'\u201E', char(0x84)},
           {u'\u2026', char(0x85)}, {u'\u2020', char(0x86)}, {u'\u2021', char(0x87)}, {u'\u02C6', char(0x88)},
           {u'\u2030', char(0x89)}, {u'\u0160', char(0x8A)}, {u'\u2039', char(0x8B)}, {u'\u0152', char(0x8C)},
           {u'\u017D', char(0x8E)}, {u'\u2018', char(0x91)}, {u'\u2019', char(0x92)}, {u'\u201C', char(0x93)},
           {u'\u201D', char(0x94)}, {u'\u2022', char(0x95)}, {u'\u2013', char(0x96)}, {u'\u2014', char(0x97)},
           {u'\u02DC', char(0x98)}, {u'\u2122', char(0x99)}, {u'\u0161', char(0x9A)}, {u'\u203A', char(0x9B)},
           {u'\u0153', char(0x9C)}, {u'\u017E', char(0x9E)}, {u'\u0178', char(0x9F)}};
    QByteArray out;
    out.reserve(text.size());
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\t')
            out += "    ";
        else if ((u >= 0x20 && u < 0x7F) || (u >= 0xA0 && u <= 0xFF))
            out += char(u);
        else if (auto it = extra.constFind(u); it != extra.constEnd())
            out += *it;
        else if (c.isLowSurrogate())
            continue; // the high surrogate already became '?'
        else
            out += '?';
    }
    return out;
}

QByteArray PdfWriter::escape(const QByteArray &winAnsi)
{
    QByteArray out;
    out.reserve(winAnsi.size() + 8);
    for (char c : winAnsi) {
        if (c == '\\' || c == '(' || c == ')')
            out += '\\';
        out += c;
    }
    return out;
}

int PdfWriter::textWidth(const QByteArray &winAnsi, bool bold)
{
    int width = 0;
    for (char c : winAnsi) {
        const auto u = static_cast<unsigned char>(c);
        width += (u >= 32 && u <= 126) ? kHelvetica[u - 32] : 556;
    }
    return bold ? width * 108 / 100 : width;
}

void PdfWriter::addParagraph(const QString &text, Style style, int indent)
{
    const bool bold = style == Style::Heading || style == Style::Title;
    const double size = fontSize(style);
    const double available = (kPageWidth - 2 * kMargin - indent) * 1000.0 / size;
    const QStringList sourceLines = text.split(u'\n');
    for (const QString &sourceLine : sourceLines) {
        const QByteArray bytes = toWinAnsi(sourceLine);
        if (style == Style::Mono) {
            // Courier: 600/1000 em per character.
            const int perLine = std::max(1, int(available / 600));
            for (qsizetype i = 0; i < std::max<qsizetype>(1, bytes.size()); i += perLine)
                m_lines.append({bytes.mid(i, perLine), style, indent});
            continue;
        }
        QByteArray line;
        for (const QByteArray &word : bytes.split(' ')) {
            const QByteArray candidate = line.isEmpty() ? word : line + ' ' + word;
            if (textWidth(candidate, bold) <= available || line.isEmpty()) {
                line = candidate;
                // A single word wider than the line is cut.
                while (textWidth(line, bold) > available && line.size() > 1) {
                    qsizetype cut = line.size() - 1;
                    while (cut > 1 && textWidth(line.left(cut), bold) > available)
                        --cut;
                    m_lines.append({line.left(cut), style, indent});
                    line = line.mid(cut);
                }
                continue;
            }
            m_lines.append({line, style, indent});
            line = word;
        }
        m_lines.append({line, style, indent});
    }
}

QByteArray PdfWriter::finish() const
{
    // Lay out pages.
    QList<QByteArray> pages;
    QByteArray content;
    double y = kPageHeight - kMargin;
    auto newPage = [&] {
        pages.append(content);
        content.clear();
        y = kPageHeight - kMargin;
    };
    for (const Line &line : m_lines) {
        const double size = fontSize(line.style);
        const double leading = size * 1.35 + (line.style == Style::Heading ? 6 : 0);
        if (y - leading < kMargin + 20)
            newPage();
        y -= leading;
        if (line.text.isEmpty())
            continue;
        content += "BT " + fontName(line.style) + ' ' + number(size) + " Tf " + number(kMargin + line.indent) + ' '
            + number(y) + " Td (" + escape(line.text) + ") Tj ET\n";
    }
    pages.append(content);

    const int pageCount = int(pages.size());
    // Objects: 1 catalog, 2 pages, 3-5 fonts, 6 info, then page + content per page.
    QByteArray out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    QList<qsizetype> offsets;
    auto object = [&](const QByteArray &body) {
        offsets.append(out.size());
        out += QByteArray::number(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
    };
    QByteArray kids;
    for (int i = 0; i < pageCount; ++i)
        kids += QByteArray::number(7 + 2 * i) + " 0 R ";
    object("<< /Type /Catalog /Pages 2 0 R >>");
    object("<< /Type /Pages /Kids [" + kids.trimmed() + "] /Count " + QByteArray::number(pageCount) + " >>");
    object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
    object("<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>");
    object("<< /Title (" + escape(toWinAnsi(m_title)) + ") /Producer (warroom) >>");
    for (int i = 0; i < pageCount; ++i) {
        QByteArray stream = pages[i];
        const QByteArray footer = "Page " + QByteArray::number(i + 1) + " of " + QByteArray::number(pageCount);
        stream += "BT /F1 8.00 Tf " + number(kPageWidth - kMargin - textWidth(footer, false) * 8.0 / 1000) + ' '
            + number(kMargin - 20) + " Td (" + footer + ") Tj ET\n";
        object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + number(kPageWidth) + ' ' + number(kPageHeight)
               + "] /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> /Contents "
               + QByteArray::number(8 + 2 * i) + " 0 R >>");
        object("<< /Length " + QByteArray::number(stream.size()) + " >>\nstream\n" + stream + "endstream");
    }
    const qsizetype xref = out.size();
    out += "xref\n0 " + QByteArray::number(offsets.size() + 1) + "\n0000000000 65535 f \n";
    for (qsizetype offset : offsets)
        out += QByteArray::number(offset).rightJustified(10, '0') + " 00000 n \n";
    out += "trailer\n<< /Size " + QByteArray::number(offsets.size() + 1) + " /Root 1 0 R /Info 6 0 R >>\nstartxref\n"
        + QByteArray::number(xref) + "\n%%EOF\n";
    return out;
}

} // namespace warroom
