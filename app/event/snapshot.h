#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QImage>
#include <QSize>
#include <QString>

#include <optional>

// What a snapshot may cost before it is even looked at. The defaults allow any real terminal
// picture (they are a few hundred KiB, well under 2000 px a side) with a wide margin.
struct SnapshotLimits final
{
    int maxSide = 8192;
    qint64 maxPixels = 40'000'000;
    qsizetype maxBytes = qsizetype { 8 } * 1024 * 1024; // of decoded JPEG data
};

// What the JPEG header says, learnt without decoding any pixels.
struct JpegInfo final
{
    enum class Problem { None, TooManyBytes, NotJpeg, Truncated, Malformed, TooLarge };

    bool ok = false;
    QSize size;
    Problem problem = Problem::None;
    QString error; // a full sentence about the snapshot, translated
};

// Strict handling of the base64 JPEG snapshots terminals send. Nothing here decodes pixels
// before the header has been checked against SnapshotLimits, so a hostile header cannot make
// the process allocate gigabytes.
class Snapshot final
{
    Q_DECLARE_TR_FUNCTIONS(Snapshot)

public:
    // RFC 4648 base64, standard alphabet, with the padding the RFC requires (the length must be
    // a multiple of 4). Whitespace, line breaks, the URL-safe alphabet and stray '=' are
    // rejected; `error` then names the first problem and its offset. Some firmware prefixes a
    // data URL header ("data:image/jpeg;base64,"); that prefix is accepted and stripped. An
    // empty input is an error.
    //
    // The decoder is this project's own (one table look-up per character, about 20 times
    // faster than QByteArray::fromBase64Encoding on a 60 KB snapshot); on every input it
    // accepts it gives what Qt's strict mode gives, which tst_snapshot and the fuzz target
    // check. The QStringView overload reads JSON strings as they are, without converting them
    // to UTF-8 first; a character beyond Latin-1 is reported as U+XXXX.
    static std::optional<QByteArray> decodeBase64Strict(QByteArrayView text,
                                                        QString *error = nullptr);
    static std::optional<QByteArray> decodeBase64Strict(QStringView text, QString *error = nullptr);

    // Checks the JPEG structure up to its frame header (SOFn) and reads the dimensions from it:
    // must start with SOI (FF D8 FF), must end with EOI (FF D9, trailing zero bytes ignored),
    // must stay within `limits`.
    static JpegInfo inspectJpeg(const QByteArray &bytes, const SnapshotLimits &limits = {});

    // Decodes at most `bound` (aspect ratio kept, never enlarged) using the JPEG decoder's
    // scaled decoding. An invalid or empty `bound` decodes full size. Returns a null image and
    // sets `error` when inspectJpeg() refuses the data or decoding fails.
    static QImage decodeScaled(const QByteArray &jpeg, QSize bound,
                               const SnapshotLimits &limits = {}, QString *error = nullptr);
};
