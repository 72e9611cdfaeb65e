#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringEncoder>
#include <QStringList>
#include <QStringView>

#include <optional>
#include <vector>

class QIODevice;

// Writes RFC 4180 CSV in UTF-8 to a device, one row at a time: fields separated by commas,
// rows ended by CRLF, a field quoted when it contains a comma, a quote, CR or LF, and quotes
// inside doubled.
//
// Spreadsheet-injection defence: a Text field that begins with `=`, `+`, `-`, `@`, tab or CR
// gets a leading `'`, so that a spreadsheet shows it instead of evaluating it. Literal fields
// are values GateWatch itself formats (numbers, booleans, ISO times): they are written as they
// are, because a number such as `-0.5` is data a spreadsheet must read as a number, and no
// formula can be spelled as a valid number. Anything that came from a device or a user as text
// must be written as Text.
class CsvWriter final
{
public:
    enum class FieldKind { Text, Literal };

    explicit CsvWriter(QIODevice *device);

    // The UTF-8 byte order mark, for spreadsheets that otherwise guess a legacy encoding.
    // Write it first, if at all.
    bool writeBom();

    void addField(QStringView value, FieldKind kind = FieldKind::Text);
    void addText(QStringView value) { addField(value, FieldKind::Text); }
    void addLiteral(QStringView value) { addField(value, FieldKind::Literal); }
    // A number as a Literal field, or an empty field for nullopt. A double is written as the
    // shortest text that reads back as exactly the same value, with '.' whatever the locale
    // (QString::number(value, 'g', QLocale::FloatingPointShortest)).
    void addNumber(std::optional<qint64> value);
    void addNumber(std::optional<double> value);
    // Ends the row and writes it to the device; false when the device refused it.
    bool endRow();
    // addField() for each field, then endRow().
    bool writeRow(const QStringList &fields, FieldKind kind = FieldKind::Text);

    // Bytes written to the device so far.
    qint64 bytesWritten() const { return m_bytesWritten; }
    // Why the last write failed.
    QString errorString() const { return m_error; }

    // One field as it appears in the file: defended (Text only) and quoted when needed.
    static QString encodeField(const QString &value, FieldKind kind = FieldKind::Text);

private:
    bool write(QByteArrayView bytes);
    static void appendEncoded(QString &out, QStringView value, FieldKind kind);
    void addNumberText(QLatin1StringView digits);

    QIODevice *m_device;
    // The row being built, and its UTF-8 bytes: kept between rows so that writing a million
    // rows allocates nothing after the first.
    QString m_row;
    std::vector<char> m_bytes;
    QStringEncoder m_encoder { QStringEncoder::Utf8 };
    bool m_rowStarted = false;
    qint64 m_bytesWritten = 0;
    QString m_error;
};
