// Fuzz target: the snapshot path, base64 text -> JPEG header check -> scaled decode, as the
// parser and the thumbnailer run it on every event.
//
// The input is used twice:
// - as base64 text, which decodeBase64Strict() must accept only when it follows RFC 4648 to the
//   letter (alphabet, padding, length) and then decode exactly as Qt's strict decoder does, and
//   which its UTF-16 overload must answer the same way, error text included;
// - as JPEG bytes, which are base64-encoded, decoded back (they must come back unchanged), then
//   inspected and decoded to a thumbnail: an image never larger than the bound asked for or the
//   size the header declared, or a null image with a reason.

#include "event/snapshot.h"
#include "fuzzcheck.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QImage>
#include <QSize>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace {
bool inAlphabet(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
        || c == '/';
}

// The rules of RFC 4648 base64 with padding, written out plainly for comparison.
bool followsRfc4648(QByteArrayView text)
{
    if (text.isEmpty() || text.size() % 4 != 0)
        return false;
    qsizetype padding = 0;
    while (padding < text.size() && text[text.size() - 1 - padding] == '=')
        ++padding;
    if (padding > 2)
        return false;
    for (qsizetype i = 0; i < text.size() - padding; ++i) {
        if (!inAlphabet(text[i]))
            return false;
    }
    return true;
}

void checkBase64Text(QByteArrayView text)
{
    QString error;
    const auto decoded = Snapshot::decodeBase64Strict(text, &error);
    const bool dataUrl = text.size() >= 5
        && QByteArrayView(text.first(5)).compare("data:", Qt::CaseInsensitive) == 0;
    if (dataUrl)
        return; // the prefix rules are covered by the unit tests; the payload below by the rest
    FUZZ_CHECK(decoded.has_value() == followsRfc4648(text));
    if (decoded) {
        FUZZ_CHECK(error.isEmpty());
        const auto qt = QByteArray::fromBase64Encoding(
            text.toByteArray(),
            QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
        FUZZ_CHECK(qt.decodingStatus == QByteArray::Base64DecodingStatus::Ok);
        FUZZ_CHECK(qt.decoded == *decoded);
    } else {
        FUZZ_CHECK(!error.isEmpty());
    }

    // Read as a JSON string holds it (one UTF-16 character per byte), the answer is the same.
    QString wideError;
    const auto wide
        = Snapshot::decodeBase64Strict(QStringView(QString::fromLatin1(text)), &wideError);
    FUZZ_CHECK(wide.has_value() == decoded.has_value());
    if (decoded)
        FUZZ_CHECK(*wide == *decoded);
    else
        FUZZ_CHECK(wideError == error);
}

void checkJpeg(const QByteArray &bytes)
{
    const QByteArray text = bytes.toBase64();
    const auto decoded = Snapshot::decodeBase64Strict(text);
    FUZZ_CHECK(decoded.has_value() == !bytes.isEmpty());
    if (!decoded)
        return;
    FUZZ_CHECK(*decoded == bytes);

    const JpegInfo info = Snapshot::inspectJpeg(*decoded);
    const QSize bound(160, 160);
    QString error;
    const QImage thumbnail = Snapshot::decodeScaled(*decoded, bound, {}, &error);
    if (!info.ok) {
        FUZZ_CHECK(!info.error.isEmpty());
        FUZZ_CHECK(thumbnail.isNull());
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    FUZZ_CHECK(info.size.isValid());
    if (thumbnail.isNull()) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    FUZZ_CHECK(thumbnail.width() <= bound.width() && thumbnail.height() <= bound.height());
    FUZZ_CHECK(thumbnail.width() <= info.size.width() && thumbnail.height() <= info.size.height());
}
} // namespace

// libFuzzer's signature; the count is not const for QCoreApplication, which takes it by reference
// (clang-tidy 14 does not see that use).
// NOLINTNEXTLINE(readability-non-const-parameter)
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // The JPEG decoder is a Qt image plugin, found through the application object.
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    checkBase64Text(bytes);
    checkJpeg(bytes);
    return 0;
}
