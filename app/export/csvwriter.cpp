#include "csvwriter.h"

#include <QIODevice>
#include <QLocale>

#include <array>
#include <charconv>
#include <cmath>

using namespace Qt::StringLiterals;

CsvWriter::CsvWriter(QIODevice *device)
    : m_device(device)
{ }

bool CsvWriter::writeBom()
{
    return write(QByteArrayLiteral("\xEF\xBB\xBF"));
}

void CsvWriter::appendEncoded(QString &out, QStringView value, FieldKind kind)
{
    bool defend = false;
    if (kind == FieldKind::Text && !value.isEmpty()) {
        const QChar first = value.front();
        defend = first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t'
            || first == u'\r';
    }
    bool quote = false;
    for (const QChar c : value) {
        if (c == u',' || c == u'"' || c == u'\r' || c == u'\n') {
            quote = true;
            break;
        }
    }
    if (quote)
        out.append(u'"');
    if (defend)
        out.append(u'\'');
    if (!quote) {
        out.append(value);
        return;
    }
    for (const QChar c : value) {
        out.append(c);
        if (c == u'"')
            out.append(c);
    }
    out.append(u'"');
}

QString CsvWriter::encodeField(const QString &value, FieldKind kind)
{
    QString field;
    appendEncoded(field, value, kind);
    return field;
}

void CsvWriter::addField(QStringView value, FieldKind kind)
{
    if (m_rowStarted)
        m_row.append(u',');
    m_rowStarted = true;
    appendEncoded(m_row, value, kind);
}

void CsvWriter::addNumberText(QLatin1StringView digits)
{
    // Digits, signs, '.' and 'e' never need quotes.
    if (m_rowStarted)
        m_row.append(u',');
    m_rowStarted = true;
    m_row.append(digits);
}

void CsvWriter::addNumber(std::optional<qint64> value)
{
    if (!value) {
        addField(QStringView(), FieldKind::Literal);
        return;
    }
    std::array<char, 24> digits {};
    const std::to_chars_result end
        = std::to_chars(digits.data(), digits.data() + digits.size(), *value);
    addNumberText(QLatin1StringView(digits.data(), end.ptr - digits.data()));
}

void CsvWriter::addNumber(std::optional<double> value)
{
    if (!value) {
        addField(QStringView(), FieldKind::Literal);
        return;
    }
    // std::to_chars gives the same text as QString::number(…, 'g', shortest) without QLocale's
    // machinery (a tenth of the cost), except for zero's sign and for magnitudes from 1e15 on,
    // where Qt writes zeros for the digits beyond a double's precision: those go through Qt.
    const double number = *value;
    if (number == 0) {
        addField(u"0", FieldKind::Literal);
    } else if (std::isfinite(number) && std::fabs(number) < 1e15) {
        std::array<char, 32> digits {};
        const std::to_chars_result end
            = std::to_chars(digits.data(), digits.data() + digits.size(), number);
        addNumberText(QLatin1StringView(digits.data(), end.ptr - digits.data()));
    } else {
        addField(QString::number(number, 'g', QLocale::FloatingPointShortest), FieldKind::Literal);
    }
}

bool CsvWriter::endRow()
{
    m_row.append(u"\r\n");
    m_bytes.resize(std::size_t(m_encoder.requiredSpace(m_row.size())));
    const char *const end = m_encoder.appendToBuffer(m_bytes.data(), m_row);
    const bool ok = write(QByteArrayView(m_bytes.data(), end - m_bytes.data()));
    // resize(0), not clear(): the capacity stays for the next row.
    m_row.resize(0);
    m_rowStarted = false;
    return ok;
}

bool CsvWriter::writeRow(const QStringList &fields, FieldKind kind)
{
    for (const QString &field : fields)
        addField(field, kind);
    return endRow();
}

bool CsvWriter::write(QByteArrayView bytes)
{
    const qint64 written = m_device->write(bytes.data(), bytes.size());
    if (written > 0)
        m_bytesWritten += written;
    if (written != bytes.size()) {
        m_error = m_device->errorString();
        return false;
    }
    return true;
}
