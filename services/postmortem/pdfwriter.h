#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace warroom {

/// A small, dependency-free PDF 1.4 writer for text documents (warroomd is
/// headless and links no Qt::Gui). A4 pages, the standard Helvetica and
/// Helvetica-Bold fonts with WinAnsiEncoding (no embedding), word wrap
/// with the Helvetica metrics, automatic page breaks, page numbers, and a
/// correct cross-reference table. Characters WinAnsi cannot show become '?'.
class PdfWriter
{
public:
    enum class Style { Body, Heading, Title, Mono };

    void setTitle(const QString &title) { m_title = title; }
    /// One paragraph; wrapped to the page width. Empty text adds a gap.
    void addParagraph(const QString &text, Style style = Style::Body, int indent = 0);
    /// The finished file.
    QByteArray finish() const;

    /// WinAnsi (cp1252) bytes for `text`; unmappable characters become '?'.
    static QByteArray toWinAnsi(const QString &text);
    /// Escapes '\\', '(' and ')' for a PDF literal string.
    static QByteArray escape(const QByteArray &winAnsi);
    /// Width of `winAnsi` in 1/1000 em of Helvetica (bold slightly wider).
    static int textWidth(const QByteArray &winAnsi, bool bold);

private:
    struct Line
    {
        QByteArray text;
        Style style;
        int indent;
    };
    QString m_title;
    QList<Line> m_lines;
};

} // namespace warroom
