// Fuzz target: CsvWriter. Arbitrary field text must come back from the written CSV as the same
// fields, read by an independent RFC 4180 reader (tests/common/csvreader.h).
//
// The input is split into rows at 0xFE bytes and into fields at 0xFF bytes (neither occurs in
// UTF-8). A field's first byte chooses its kind (odd: Literal, even: Text); the rest is its
// UTF-8 text. A Text field beginning with a formula trigger must come back behind a quote.

#include "csvreader.h"
#include "export/csvwriter.h"
#include "fuzzcheck.h"

#include <QBuffer>
#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>

namespace {
QString expectedText(const QString &value)
{
    static const QString triggers = QStringLiteral("=+-@\t\r");
    if (!value.isEmpty() && triggers.contains(value.front()))
        return u'\'' + value;
    return value;
}
} // namespace

// libFuzzer's signature; the count is not const for QCoreApplication, which takes it by reference
// (clang-tidy 14 does not see that use).
// NOLINTNEXTLINE(readability-non-const-parameter)
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer);
    QList<QStringList> expected;
    QStringList row;
    for (const QByteArray &rowBytes : input.split('\xFE')) {
        row.clear();
        for (const QByteArray &fieldBytes : rowBytes.split('\xFF')) {
            const bool literal = !fieldBytes.isEmpty() && (fieldBytes.front() & 1) != 0;
            const QString value
                = QString::fromUtf8(fieldBytes.isEmpty() ? fieldBytes : fieldBytes.sliced(1));
            writer.addField(value,
                            literal ? CsvWriter::FieldKind::Literal : CsvWriter::FieldKind::Text);
            row.append(literal ? value : expectedText(value));
        }
        FUZZ_CHECK(writer.endRow());
        expected.append(row);
    }
    FUZZ_CHECK(writer.bytesWritten() == buffer.data().size());

    const auto parsed = TestCsv::parse(buffer.data());
    FUZZ_CHECK(parsed.has_value());
    FUZZ_CHECK(*parsed == expected);
    return 0;
}
