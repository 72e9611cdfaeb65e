#include "event/snapshot.h"
#include "event/thumbnailer.h"
#include "testjpeg.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;

class TestSnapshot final : public QObject
{
    Q_OBJECT

private slots:
    void decodeBase64Strict_data();
    void decodeBase64Strict();
    void decodeBase64StrictAgreesWithQt();
    void decodeBase64StrictRefusesWideCharacters();
    void inspectJpeg_data();
    void inspectJpeg();
    void decodeScaled_data();
    void decodeScaled();
    void decodeScaledRefusesWhatInspectRefuses();
    void thumbnailerDecodesOffTheCallingThread();
    void thumbnailerReportsFailures();
    void thumbnailerDestroyedWithWorkPending();
    void thumbnailerCancelPending();
};

void TestSnapshot::decodeBase64Strict_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("decoded");
    QTest::addColumn<QString>("errorContains");

    QTest::newRow("no padding needed") << "TWFu"_ba << true << "Man"_ba << QString();
    QTest::newRow("one padding") << "TWE="_ba << true << "Ma"_ba << QString();
    QTest::newRow("two padding") << "TQ=="_ba << true << "M"_ba << QString();
    // Qt ignores the bits that fall beyond the last byte, and so does this decoder.
    QTest::newRow("one padding, spare bits set") << "TWF="_ba << true << "Ma"_ba << QString();
    QTest::newRow("two padding, spare bits set") << "TR=="_ba << true << "M"_ba << QString();
    QTest::newRow("binary") << "/9j/4A=="_ba << true << "\xFF\xD8\xFF\xE0"_ba << QString();
    QTest::newRow("data URL") << "data:image/jpeg;base64,TWFu"_ba << true << "Man"_ba << QString();
    QTest::newRow("data URL upper case scheme")
        << "DATA:image/jpeg;base64,TWE="_ba << true << "Ma"_ba << QString();
    QTest::newRow("empty") << ""_ba << false << QByteArray() << u"empty"_s;
    QTest::newRow("data URL, empty payload")
        << "data:image/jpeg;base64,"_ba << false << QByteArray() << u"empty"_s;
    QTest::newRow("data URL not base64")
        << "data:image/jpeg,TWFu"_ba << false << QByteArray() << u"not base64"_s;
    QTest::newRow("data URL without comma")
        << "data:image/jpeg;base64"_ba << false << QByteArray() << u"','"_s;
    QTest::newRow("missing padding") << "TWE"_ba << false << QByteArray() << u"multiple of 4"_s;
    QTest::newRow("seed placeholder")
        << "xxxxxxxxxxxxxx="_ba << false << QByteArray() << u"length 15"_s;
    QTest::newRow("space") << "TW E="_ba << false << QByteArray() << u"whitespace"_s;
    QTest::newRow("line break (MIME style)")
        << "TWFu\nTWFu"_ba << false << QByteArray() << u"offset 4"_s;
    QTest::newRow("trailing newline") << "TWFu\n"_ba << false << QByteArray() << u"whitespace"_s;
    QTest::newRow("URL-safe alphabet") << "TW-u"_ba << false << QByteArray() << u"URL-safe"_s;
    QTest::newRow("invalid character") << "TWF*"_ba << false << QByteArray() << u"'*'"_s;
    QTest::newRow("NUL byte") << "TW\0u"_ba << false << QByteArray() << u"0x00"_s;
    QTest::newRow("non-ASCII") << "TW\xC3\xA9u"_ba << false << QByteArray() << u"0xC3"_s;
    QTest::newRow("data after padding")
        << "TQ==TQ=="_ba << false << QByteArray() << u"followed by more data"_s;
    QTest::newRow("three padding") << "T==="_ba << false << QByteArray() << u"3 padding"_s;
    QTest::newRow("only padding") << "===="_ba << false << QByteArray() << u"4 padding"_s;
    QTest::newRow("padding inside a later quad")
        << "TWFuTQ==TWFu"_ba << false << QByteArray() << u"offset 6"_s;
    QTest::newRow("padding in the first two places")
        << "=TWF"_ba << false << QByteArray() << u"offset 0"_s;
    QTest::newRow("invalid character in the last quad")
        << "TWFuTW*="_ba << false << QByteArray() << u"'*' at offset 6"_s;
    QTest::newRow("invalid character in the first quad of many")
        << "TW!uTWFuTWFu"_ba << false << QByteArray() << u"'!' at offset 2"_s;
}

void TestSnapshot::decodeBase64Strict()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, ok);
    QFETCH(QByteArray, decoded);
    QFETCH(QString, errorContains);

    QString error;
    const auto result = Snapshot::decodeBase64Strict(input, &error);
    QCOMPARE(result.has_value(), ok);
    if (ok) {
        QCOMPARE(*result, decoded);
    } else {
        QVERIFY2(error.contains(errorContains), qPrintable(error));
    }

    // The same text as a JSON string holds it (UTF-16, one character per byte): same answer.
    QString wideError;
    const auto wide
        = Snapshot::decodeBase64Strict(QStringView(QString::fromLatin1(input)), &wideError);
    QCOMPARE(wide.has_value(), ok);
    if (ok)
        QCOMPARE(*wide, decoded);
    else
        QCOMPARE(wideError, error);
}

// On valid input the decoder gives exactly Qt's bytes; every text Qt's strict mode refuses, it
// refuses too. Random payloads of every length up to 300 bytes, and each of their encodings
// with one character replaced by every byte value, or one character removed or added.
void TestSnapshot::decodeBase64StrictAgreesWithQt()
{
    QRandomGenerator random(20261129);
    const auto qtStrict = [](const QByteArray &text) {
        return QByteArray::fromBase64Encoding(
            text, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    };
    const auto check = [&qtStrict](const QByteArray &text) {
        const auto ours = Snapshot::decodeBase64Strict(text);
        const auto qt = qtStrict(text);
        if (qt.decodingStatus != QByteArray::Base64DecodingStatus::Ok)
            QVERIFY2(!ours,
                     qPrintable(u"accepted what Qt refuses: \"%1\""_s.arg(
                         QString::fromLatin1(text.toPercentEncoding()))));
        if (ours)
            QVERIFY2(*ours == qt.decoded,
                     qPrintable(u"decoded differently from Qt: \"%1\""_s.arg(
                         QString::fromLatin1(text.toPercentEncoding()))));
    };

    qint64 accepted = 0;
    qint64 checked = 0;
    for (int length = 1; length <= 300; ++length) {
        QByteArray payload(length, Qt::Uninitialized);
        for (char &byte : payload)
            byte = char(random.bounded(256));
        const QByteArray text = payload.toBase64();
        const auto decoded = Snapshot::decodeBase64Strict(text);
        QVERIFY(decoded);
        QCOMPARE(*decoded, payload);
        ++accepted;

        // Every byte value at a few positions: the first, the last two (padding), one inside.
        for (const qsizetype at :
             { qsizetype(0), text.size() / 2, text.size() - 2, text.size() - 1 }) {
            for (int value = 0; value < 256; ++value) {
                QByteArray changed = text;
                changed[at] = char(value);
                check(changed);
                ++checked;
                if (QTest::currentTestFailed())
                    return;
            }
        }
        QByteArray shorter = text;
        shorter.remove(random.bounded(text.size()), 1);
        check(shorter);
        QByteArray longer = text;
        longer.insert(random.bounded(text.size() + 1), "A");
        check(longer);
        checked += 2;
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(accepted, 300);
    QVERIFY(checked > qint64 { 300 } * 1024);
}

// A JSON string may hold any character; one beyond Latin-1 is never base64, and is named by
// its code point, not by a byte of its UTF-8 form.
void TestSnapshot::decodeBase64StrictRefusesWideCharacters()
{
    for (const char16_t wide : { u'\u0141', u'\u4E2D', u'\uFF21', u'\u0100' }) {
        QString text = u"TWFuTWFu"_s;
        text[5] = QChar(wide);
        QString error;
        QVERIFY(!Snapshot::decodeBase64Strict(QStringView(text), &error));
        QVERIFY2(error.contains(u"U+%1 at offset 5"_s.arg(
                     QString::number(uint(wide), 16).rightJustified(4, u'0').toUpper())),
                 qPrintable(error));
    }
    // A character whose low byte is a base64 letter ('A' + 0x100) must not pass as that letter.
    QString disguised = u"TWFu"_s;
    disguised[0] = QChar(char16_t(0x100 + 'T'));
    QVERIFY(!Snapshot::decodeBase64Strict(QStringView(disguised)));
}

void TestSnapshot::inspectJpeg_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qsizetype>("maxBytes");
    QTest::addColumn<JpegInfo::Problem>("problem");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QString>("errorContains");

    using P = JpegInfo::Problem;
    const QByteArray jpeg = TestJpeg::make(64, 48);
    const qsizetype noLimit = SnapshotLimits {}.maxBytes;
    QVERIFY(!jpeg.isEmpty());

    QTest::newRow("baseline") << jpeg << noLimit << P::None << QSize(64, 48) << QString();
    QTest::newRow("progressive") << TestJpeg::make(33, 17, true) << noLimit << P::None
                                 << QSize(33, 17) << QString();
    QTest::newRow("trailing zero padding")
        << jpeg + QByteArray(7, '\0') << noLimit << P::None << QSize(64, 48) << QString();
    QTest::newRow("empty") << QByteArray() << noLimit << P::NotJpeg << QSize() << u"not a JPEG"_s;
    QTest::newRow("text") << "hello world"_ba << noLimit << P::NotJpeg << QSize()
                          << u"not a JPEG"_s;
    QTest::newRow("PNG") << "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"_ba << noLimit << P::NotJpeg << QSize()
                         << u"not a JPEG"_s;
    QTest::newRow("truncated in the image data")
        << jpeg.first(jpeg.size() * 2 / 3) << noLimit << P::Truncated << QSize() << u"truncated"_s;
    QTest::newRow("truncated in the headers")
        << jpeg.first(TestJpeg::frameHeaderOffset(jpeg) + 4) + "\xFF\xD9"_ba << noLimit
        << P::Truncated << QSize() << u"truncated"_s;
    QTest::newRow("SOI then EOI") << "\xFF\xD8\xFF\xD9"_ba << noLimit << P::Malformed << QSize()
                                  << u"no frame header"_s;
    QTest::newRow("claims 65000x65000") << TestJpeg::withClaimedSize(jpeg, 65000, 65000) << noLimit
                                        << P::TooLarge << QSize() << u"65000×65000"_s;
    QTest::newRow("claims 9000x10 (one side too long)")
        << TestJpeg::withClaimedSize(jpeg, 9000, 10) << noLimit << P::TooLarge << QSize()
        << u"9000×10"_s;
    QTest::newRow("claims 7000x7000 (too many pixels)")
        << TestJpeg::withClaimedSize(jpeg, 7000, 7000) << noLimit << P::TooLarge << QSize()
        << u"7000×7000"_s;
    QTest::newRow("claims zero width") << TestJpeg::withClaimedSize(jpeg, 0, 48) << noLimit
                                       << P::Malformed << QSize() << u"no size"_s;
    QTest::newRow("more bytes than allowed")
        << jpeg << qsizetype(100) << P::TooManyBytes << QSize() << u"limit of 100 bytes"_s;
}

void TestSnapshot::inspectJpeg()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qsizetype, maxBytes);
    QFETCH(JpegInfo::Problem, problem);
    QFETCH(QSize, size);
    QFETCH(QString, errorContains);

    SnapshotLimits limits;
    limits.maxBytes = maxBytes;
    const JpegInfo info = Snapshot::inspectJpeg(bytes, limits);
    QCOMPARE(info.problem, problem);
    QCOMPARE(info.ok, problem == JpegInfo::Problem::None);
    QCOMPARE(info.size, size);
    if (info.ok)
        QVERIFY(info.error.isEmpty());
    else
        QVERIFY2(info.error.contains(errorContains), qPrintable(info.error));
}

void TestSnapshot::decodeScaled_data()
{
    QTest::addColumn<QSize>("source");
    QTest::addColumn<QSize>("bound");
    QTest::addColumn<QSize>("expected");

    QTest::newRow("landscape into square") << QSize(640, 480) << QSize(160, 160) << QSize(160, 120);
    QTest::newRow("portrait into square") << QSize(480, 640) << QSize(160, 160) << QSize(120, 160);
    QTest::newRow("exact fit") << QSize(320, 240) << QSize(320, 240) << QSize(320, 240);
    QTest::newRow("smaller is not enlarged") << QSize(100, 50) << QSize(160, 160) << QSize(100, 50);
    QTest::newRow("one side too long") << QSize(400, 100) << QSize(200, 200) << QSize(200, 50);
    QTest::newRow("extreme aspect keeps one pixel")
        << QSize(2000, 8) << QSize(100, 100) << QSize(100, 1);
    QTest::newRow("invalid bound decodes full size") << QSize(64, 48) << QSize() << QSize(64, 48);
}

void TestSnapshot::decodeScaled()
{
    QFETCH(QSize, source);
    QFETCH(QSize, bound);
    QFETCH(QSize, expected);

    const QByteArray jpeg = TestJpeg::make(source.width(), source.height());
    QString error;
    const QImage image = Snapshot::decodeScaled(jpeg, bound, {}, &error);
    QVERIFY2(!image.isNull(), qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(image.size(), expected);
    // The picture survives scaling: the face-coloured centre stays face-coloured (where there
    // are enough pixels for the colour not to be averaged with the background).
    if (expected.width() >= 16 && expected.height() >= 16) {
        const QColor centre = image.pixelColor(image.width() / 2, image.height() / 2);
        QVERIFY2(centre.red() > 150 && centre.blue() < 200, qPrintable(centre.name()));
    }
}

void TestSnapshot::decodeScaledRefusesWhatInspectRefuses()
{
    const QByteArray jpeg = TestJpeg::make(64, 48);
    QString error;
    QVERIFY(Snapshot::decodeScaled(TestJpeg::withClaimedSize(jpeg, 65000, 65000), QSize(100, 100),
                                   {}, &error)
                .isNull());
    QVERIFY2(error.contains(u"65000×65000"_s), qPrintable(error));

    error.clear();
    QVERIFY(
        Snapshot::decodeScaled(jpeg.first(jpeg.size() / 2), QSize(100, 100), {}, &error).isNull());
    QVERIFY2(error.contains(u"truncated"_s), qPrintable(error));

    // Tighter limits than the defaults are honoured as well.
    SnapshotLimits tight;
    tight.maxSide = 32;
    error.clear();
    QVERIFY(Snapshot::decodeScaled(jpeg, QSize(16, 16), tight, &error).isNull());
    QVERIFY2(error.contains(u"64×48"_s), qPrintable(error));
}

void TestSnapshot::thumbnailerDecodesOffTheCallingThread()
{
    Thumbnailer thumbnailer;
    QSignalSpy ready(&thumbnailer, &Thumbnailer::thumbnailReady);
    QSignalSpy failed(&thumbnailer, &Thumbnailer::thumbnailFailed);
    QThread *deliveredIn = nullptr;
    connect(&thumbnailer, &Thumbnailer::thumbnailReady, this,
            [&deliveredIn] { deliveredIn = QThread::currentThread(); });

    thumbnailer.request(42, TestJpeg::make(640, 480), QSize(96, 96));
    // This thread runs no event loop until the worker is done, so the decode can only have
    // happened on another thread; its result waits in this thread's queue.
    QVERIFY(thumbnailer.waitForDone(30'000));
    QCOMPARE(ready.count(), 0);
    QVERIFY(ready.wait(30'000));
    QCOMPARE(ready.count(), 1);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(ready.at(0).at(0).toULongLong(), quint64(42));
    QCOMPARE(ready.at(0).at(1).value<QImage>().size(), QSize(96, 72));
    QCOMPARE(deliveredIn, QThread::currentThread());
}

void TestSnapshot::thumbnailerReportsFailures()
{
    Thumbnailer thumbnailer;
    QSignalSpy ready(&thumbnailer, &Thumbnailer::thumbnailReady);
    QSignalSpy failed(&thumbnailer, &Thumbnailer::thumbnailFailed);

    thumbnailer.request(1, "not a jpeg"_ba, QSize(96, 96));
    thumbnailer.request(2, TestJpeg::withClaimedSize(TestJpeg::make(64, 48), 65000, 65000),
                        QSize(96, 96));
    thumbnailer.request(3, TestJpeg::make(64, 48), QSize(32, 32));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count() + ready.count(), 3, 30'000);
    QCOMPARE(ready.count(), 1);
    QCOMPARE(ready.at(0).at(0).toULongLong(), quint64(3));

    QHash<quint64, QString> reasons;
    for (const auto &arguments : failed)
        reasons.insert(arguments.at(0).toULongLong(), arguments.at(1).toString());
    QVERIFY2(reasons.value(1).contains(u"not a JPEG"_s), qPrintable(reasons.value(1)));
    QVERIFY2(reasons.value(2).contains(u"65000×65000"_s), qPrintable(reasons.value(2)));
}

void TestSnapshot::thumbnailerDestroyedWithWorkPending()
{
    const QByteArray jpeg = TestJpeg::make(1600, 1200);
    auto thumbnailer = std::make_unique<Thumbnailer>();
    int delivered = 0;
    connect(thumbnailer.get(), &Thumbnailer::thumbnailReady, this, [&delivered] { ++delivered; });
    for (quint64 key = 0; key < 40; ++key)
        thumbnailer->request(key, jpeg, QSize(200, 200));
    thumbnailer.reset();

    // Whatever the workers had finished was queued to an object that no longer exists: it
    // must be dropped, not delivered to freed memory. A fresh thumbnailer proves the event
    // loop has turned over after the destruction.
    Thumbnailer next;
    QSignalSpy nextReady(&next, &Thumbnailer::thumbnailReady);
    next.request(7, TestJpeg::make(32, 32), QSize(16, 16));
    QVERIFY(nextReady.wait(30'000));
    QCOMPARE(delivered, 0);
}

void TestSnapshot::thumbnailerCancelPending()
{
    Thumbnailer thumbnailer;
    thumbnailer.setMaxThreadCount(1);
    QCOMPARE(thumbnailer.maxThreadCount(), 1);
    QSignalSpy ready(&thumbnailer, &Thumbnailer::thumbnailReady);
    const QByteArray jpeg = TestJpeg::make(800, 600);
    for (quint64 key = 0; key < 50; ++key)
        thumbnailer.request(key, jpeg, QSize(64, 64));
    thumbnailer.cancelPending();
    QVERIFY(thumbnailer.waitForDone(30'000));
    QCoreApplication::processEvents();
    // One worker takes requests in order, so what was delivered before the cancellation took
    // effect is a prefix of the keys, and nothing after it ever arrives.
    const qsizetype deliveredBeforeCancel = ready.count();
    for (qsizetype i = 0; i < deliveredBeforeCancel; ++i)
        QCOMPARE(ready.at(i).at(0).toULongLong(), quint64(i));

    thumbnailer.request(99, jpeg, QSize(64, 64));
    QVERIFY(ready.wait(30'000));
    QCOMPARE(ready.count(), deliveredBeforeCancel + 1);
    QCOMPARE(ready.last().at(0).toULongLong(), quint64(99));
}

QTEST_GUILESS_MAIN(TestSnapshot)
#include "tst_snapshot.moc"
