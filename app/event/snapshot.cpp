#include "snapshot.h"

#include <QBuffer>
#include <QImageReader>
#include <QLoggingCategory>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSnapshot, "gatewatch.snapshot")

namespace {

// The code of one input unit: a byte of UTF-8 text, or a UTF-16 code unit.
uint unitOf(char c)
{
    return static_cast<unsigned char>(c);
}

uint unitOf(QChar c)
{
    return c.unicode();
}

// A printable ASCII character as itself, any other Latin-1 one as its byte value (0xC3), so
// that both overloads word an error alike; a character beyond Latin-1 as its code point.
QString describeUnit(uint unit)
{
    if (unit >= 0x21 && unit < 0x7f)
        return u"'%1'"_s.arg(QChar(char16_t(unit)));
    if (unit > 0xFF)
        return u"U+"_s + QString::number(unit, 16).rightJustified(4, u'0').toUpper();
    return u"0x"_s + QString::number(unit, 16).rightJustified(2, u'0').toUpper();
}

// The value of each base64 character of the standard alphabet; 0xFF for every other byte.
constexpr std::array<quint8, 256> base64Values = [] {
    std::array<quint8, 256> values {};
    values.fill(0xFF);
    constexpr QByteArrayView alphabet
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (quint8 i = 0; i < 64; ++i)
        values.at(static_cast<unsigned char>(alphabet[i])) = i;
    return values;
}();

quint8 base64Value(uint unit)
{
    return unit < 256 ? base64Values[unit] : quint8(0xFF);
}

// Decodes `text` (length a non-zero multiple of 4) in one pass: every character is looked up
// once, invalid ones leave a bit that is checked at the end, so valid input (the normal case)
// costs no branch per character. Returns false on any character outside the alphabet or any
// '=' that is not one or two padding characters at the end; the caller then finds out why.
template<typename Char> bool decodeQuads(const Char *text, qsizetype size, QByteArray &out)
{
    qsizetype padding = 0;
    if (unitOf(text[size - 1]) == '=')
        padding = unitOf(text[size - 2]) == '=' ? 2 : 1;
    out = QByteArray(size / 4 * 3 - padding, Qt::Uninitialized);
    auto *to = reinterpret_cast<quint8 *>(out.data());
    quint8 invalid = 0;
    const qsizetype whole = size - 4; // the last quad may carry padding
    for (qsizetype i = 0; i < whole; i += 4) {
        const quint8 a = base64Value(unitOf(text[i]));
        const quint8 b = base64Value(unitOf(text[i + 1]));
        const quint8 c = base64Value(unitOf(text[i + 2]));
        const quint8 d = base64Value(unitOf(text[i + 3]));
        invalid |= quint8(a | b | c | d);
        const quint32 bits = (quint32(a) << 18) | (quint32(b) << 12) | (quint32(c) << 6) | d;
        to[0] = quint8(bits >> 16);
        to[1] = quint8(bits >> 8);
        to[2] = quint8(bits);
        to += 3;
    }
    const quint8 a = base64Value(unitOf(text[whole]));
    const quint8 b = base64Value(unitOf(text[whole + 1]));
    const quint8 c = padding == 2 ? 0 : base64Value(unitOf(text[whole + 2]));
    const quint8 d = padding >= 1 ? 0 : base64Value(unitOf(text[whole + 3]));
    invalid |= quint8(a | b | c | d);
    if (invalid & 0x80)
        return false;
    const quint32 bits = (quint32(a) << 18) | (quint32(b) << 12) | (quint32(c) << 6) | d;
    to[0] = quint8(bits >> 16);
    if (padding < 2)
        to[1] = quint8(bits >> 8);
    if (padding < 1)
        to[2] = quint8(bits);
    return true;
}

// Why `text` is not strict base64: the first rule it breaks, with its offset. Empty when it
// breaks none (which decodeQuads() then agrees with).
template<typename Char> QString base64Problem(const Char *text, qsizetype size)
{
    qsizetype padding = 0;
    for (qsizetype i = 0; i < size; ++i) {
        const uint c = unitOf(text[i]);
        if (c == '=') {
            ++padding;
            continue;
        }
        if (padding > 0)
            return Snapshot::tr("'=' at offset %1 is followed by more data").arg(i - padding);
        if (base64Value(c) != 0xFF)
            continue;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            return Snapshot::tr("whitespace (%1) at offset %2").arg(describeUnit(c)).arg(i);
        if (c == '-' || c == '_')
            return Snapshot::tr(
                       "%1 at offset %2 belongs to the URL-safe alphabet, not the standard one")
                .arg(describeUnit(c))
                .arg(i);
        return Snapshot::tr("character %1 at offset %2 is not in the base64 alphabet")
            .arg(describeUnit(c))
            .arg(i);
    }
    if (padding > 2)
        return Snapshot::tr("%1 padding characters at the end (at most 2 are allowed)")
            .arg(padding);
    if (size % 4 != 0)
        return Snapshot::tr("length %1 is not a multiple of 4 (missing or extra padding)")
            .arg(size);
    return {};
}

template<typename View> std::optional<QByteArray> decodeStrict(View text, QString *error)
{
    const auto fail = [error](QString why) -> std::optional<QByteArray> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };

    // A data URL prefix ("data:image/jpeg;base64,") is what some firmware sends; only the
    // header up to the first comma is skipped, and only if it really is a base64 data URL.
    constexpr auto dataScheme = "data:"_L1;
    if (text.startsWith(dataScheme, Qt::CaseInsensitive)) {
        const qsizetype comma = text.indexOf(u',');
        if (comma < 0 || comma > 100)
            return fail(Snapshot::tr("a data URL without a ',' after its header"));
        if (!text.first(comma).endsWith(";base64"_L1))
            return fail(Snapshot::tr("a data URL that is not base64-encoded"));
        text = text.sliced(comma + 1);
    }

    if (text.isEmpty())
        return fail(Snapshot::tr("it is empty"));
    QByteArray decoded;
    if (text.size() % 4 == 0 && decodeQuads(text.data(), text.size(), decoded))
        return decoded;
    QString why = base64Problem(text.data(), text.size());
    if (why.isEmpty())
        why = Snapshot::tr("the decoder refused it"); // unreachable: the two agree
    return fail(std::move(why));
}

quint16 readBigEndian16(const QByteArray &bytes, qsizetype at)
{
    return quint16((static_cast<unsigned char>(bytes.at(at)) << 8)
                   | static_cast<unsigned char>(bytes.at(at + 1)));
}

bool isStartOfFrame(unsigned char marker)
{
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

bool isStandalone(unsigned char marker)
{
    // TEM, RSTn, SOI, EOI carry no length field.
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9);
}

JpegInfo failure(JpegInfo::Problem problem, QString error)
{
    JpegInfo info;
    info.problem = problem;
    info.error = std::move(error);
    return info;
}

} // namespace

std::optional<QByteArray> Snapshot::decodeBase64Strict(QByteArrayView text, QString *error)
{
    return decodeStrict(QLatin1StringView(text.data(), text.size()), error);
}

std::optional<QByteArray> Snapshot::decodeBase64Strict(QStringView text, QString *error)
{
    return decodeStrict(text, error);
}

JpegInfo Snapshot::inspectJpeg(const QByteArray &bytes, const SnapshotLimits &limits)
{
    using Problem = JpegInfo::Problem;

    if (bytes.size() > limits.maxBytes)
        return failure(Problem::TooManyBytes,
                       tr("snapshot is %1 bytes, more than the limit of %2 bytes")
                           .arg(bytes.size())
                           .arg(limits.maxBytes));
    if (bytes.size() < 3 || !bytes.startsWith("\xFF\xD8\xFF"))
        return failure(Problem::NotJpeg,
                       tr("snapshot is not a JPEG (it does not start with FF D8 FF)"));

    // Padding some encoders add after EOI is not truncation.
    qsizetype end = bytes.size();
    while (end > 0 && bytes.at(end - 1) == '\0')
        --end;
    if (end < 4 || static_cast<unsigned char>(bytes.at(end - 2)) != 0xFF
        || static_cast<unsigned char>(bytes.at(end - 1)) != 0xD9)
        return failure(Problem::Truncated,
                       tr("snapshot is truncated (it does not end with the FF D9 end marker)"));

    // Walk the marker segments up to the frame header. Entropy-coded data only follows SOS,
    // and SOF must come before it, so everything walked here has explicit lengths.
    qsizetype at = 2;
    while (at < end) {
        if (static_cast<unsigned char>(bytes.at(at)) != 0xFF)
            return failure(Problem::Malformed,
                           tr("snapshot is not a valid JPEG (no marker at offset %1)").arg(at));
        // Any number of 0xFF fill bytes may precede a marker.
        while (at < end && static_cast<unsigned char>(bytes.at(at)) == 0xFF)
            ++at;
        if (at >= end)
            break;
        const auto marker = static_cast<unsigned char>(bytes.at(at));
        ++at;
        if (marker == 0x00)
            return failure(Problem::Malformed,
                           tr("snapshot is not a valid JPEG (stuffed byte outside image data)"));
        if (isStandalone(marker)) {
            if (marker == 0xD9 || marker == 0xD8)
                return failure(Problem::Malformed,
                               tr("snapshot is not a valid JPEG (no frame header)"));
            continue;
        }
        if (at + 2 > end)
            break;
        const quint16 length = readBigEndian16(bytes, at);
        if (length < 2)
            return failure(Problem::Malformed,
                           tr("snapshot is not a valid JPEG (segment length %1 at offset %2)")
                               .arg(length)
                               .arg(at));
        if (at + length > end)
            break;
        if (marker == 0xDA)
            return failure(Problem::Malformed,
                           tr("snapshot is not a valid JPEG (image data before the frame header)"));
        if (isStartOfFrame(marker)) {
            if (length < 8)
                return failure(Problem::Malformed,
                               tr("snapshot is not a valid JPEG (short frame header)"));
            const int height = readBigEndian16(bytes, at + 3);
            const int width = readBigEndian16(bytes, at + 5);
            if (width == 0 || height == 0)
                return failure(
                    Problem::Malformed,
                    tr("snapshot has no size in its frame header (%1×%2)").arg(width).arg(height));
            if (width > limits.maxSide || height > limits.maxSide
                || qint64(width) * height > limits.maxPixels)
                return failure(Problem::TooLarge,
                               tr("snapshot claims %1×%2 pixels (limits: %3 a side, %4 in all)")
                                   .arg(width)
                                   .arg(height)
                                   .arg(limits.maxSide)
                                   .arg(limits.maxPixels));
            JpegInfo info;
            info.ok = true;
            info.size = QSize(width, height);
            return info;
        }
        at += length;
    }
    return failure(Problem::Truncated,
                   tr("snapshot is truncated (its headers end before the frame header)"));
}

QImage Snapshot::decodeScaled(const QByteArray &jpeg, QSize bound, const SnapshotLimits &limits,
                              QString *error)
{
    const JpegInfo info = inspectJpeg(jpeg, limits);
    if (!info.ok) {
        if (error)
            *error = info.error;
        return {};
    }

    QSize target = info.size;
    if (bound.isValid() && !bound.isEmpty()
        && (target.width() > bound.width() || target.height() > bound.height())) {
        target = target.scaled(bound, Qt::KeepAspectRatio);
        target = target.expandedTo(QSize(1, 1));
    }

    QBuffer buffer;
    buffer.setData(jpeg);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "jpeg");
    reader.setAutoTransform(false);
    // The header was checked, but the decoder reads its own copy of it: the allocation limit
    // makes sure it can never allocate more than the default limits allow. Qt keeps this limit
    // process-wide (the setter is static), so it is set once, not by every decode on several
    // pool threads at once.
    static const bool allocationLimitSet = [] {
        const qint64 limitBytes = SnapshotLimits {}.maxPixels * 4;
        QImageReader::setAllocationLimit(
            int(std::clamp<qint64>((limitBytes >> 20) + 1, 1, 1 << 20)));
        return true;
    }();
    Q_UNUSED(allocationLimitSet)
    if (target != info.size)
        reader.setScaledSize(target);
    QImage image = reader.read();
    if (image.isNull()) {
        if (error)
            *error = tr("snapshot could not be decoded: %1").arg(reader.errorString());
        qCDebug(lcSnapshot) << "decode failed:" << reader.errorString();
        return {};
    }
    if (error)
        error->clear();
    return image;
}
