#pragma once

// Real JPEGs for the event tests, made on the spot so that the fixtures are exact and small.

#include <QBuffer>
#include <QByteArray>
#include <QColor>
#include <QImage>
#include <QImageWriter>
#include <QPainter>

namespace TestJpeg {

inline QByteArray make(int width, int height, bool progressive = false)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor(40, 90, 160));
    {
        // Some structure, so that the encoder produces a realistic file.
        QPainter painter(&image);
        painter.setBrush(QColor(230, 190, 150));
        painter.drawEllipse(QRect(width / 4, height / 6, width / 2, height * 2 / 3));
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(80);
    writer.setProgressiveScanWrite(progressive);
    if (!writer.write(image))
        return {};
    return bytes;
}

// Offset of the first SOFn marker (FF Cn), or -1.
inline qsizetype frameHeaderOffset(const QByteArray &jpeg)
{
    for (qsizetype i = 2; i + 1 < jpeg.size(); ++i) {
        const auto marker = static_cast<unsigned char>(jpeg.at(i + 1));
        if (static_cast<unsigned char>(jpeg.at(i)) == 0xFF && marker >= 0xC0 && marker <= 0xCF
            && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
            return i;
    }
    return -1;
}

// The same file with a frame header that claims other dimensions.
inline QByteArray withClaimedSize(QByteArray jpeg, int width, int height)
{
    const qsizetype sof = frameHeaderOffset(jpeg);
    if (sof < 0)
        return {};
    // FF Cn, length (2), precision (1), height (2), width (2).
    jpeg[sof + 5] = char(height >> 8);
    jpeg[sof + 6] = char(height & 0xFF);
    jpeg[sof + 7] = char(width >> 8);
    jpeg[sof + 8] = char(width & 0xFF);
    return jpeg;
}

} // namespace TestJpeg
