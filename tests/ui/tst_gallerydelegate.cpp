// The gallery tile as painted: the verdict band and frame in the verdict's colour (with its
// word and icon beside it, so colour is never the only sign), the amber reason band for alerts
// only, and tiles that follow the chosen size. The benchmarks' probe hears of each tile once,
// when it is painted as it stays.

#include "../unit/event/testjpeg.h"
#include "gallerydelegate.h"
#include "model/recognitionmodel.h"
#include "session/performanceprobe.h"

#include <QApplication>
#include <QListView>
#include <QPainter>
#include <QTest>
#include <QTextLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr int Margin = 4; // the delegate's layout: margin around the tile, padding inside
constexpr int Padding = 6;

RecognitionEvent makeEvent(int n, std::optional<bool> pass, int status)
{
    RecognitionEvent event;
    event.deviceSn = u"SN-1"_s;
    event.deviceName = u"Front door"_s;
    event.uuid = u"uuid-%1"_s.arg(n);
    event.timestampMs = QDateTime::currentMSecsSinceEpoch() - qint64(n) * 1000;
    event.receivedAt = QDateTime::currentDateTimeUtc();
    event.recognizeStatus = status;
    event.pass = pass;
    if (status != 3)
        event.user
            = RecognitionUser { u"Person %1"_s.arg(n), QString::number(n), 1, {}, {}, {}, {} };
    event.snapshotJpeg = TestJpeg::make(120, 160);
    event.snapshotSize = QSize(120, 160);
    return event;
}

bool near(QColor a, QColor b)
{
    return qAbs(a.red() - b.red()) < 24 && qAbs(a.green() - b.green()) < 24
        && qAbs(a.blue() - b.blue()) < 24;
}
} // namespace

class TestGalleryDelegate final : public QObject
{
    Q_OBJECT

private slots:
    void verdictColours_data();
    void verdictColours();
    void sizeFollowsTileSize();
    void followsThePalette();
    void probeHearsOfEachTileOnceAsItStays();
    void namesInEveryScriptHaveGlyphs_data();
    void namesInEveryScriptHaveGlyphs();

private:
    QImage paintTile(const QModelIndex &index, GalleryDelegate &delegate,
                     const QPalette &palette = QApplication::palette());
};

QImage TestGalleryDelegate::paintTile(const QModelIndex &index, GalleryDelegate &delegate,
                                      const QPalette &palette)
{
    QStyleOptionViewItem option;
    option.palette = palette;
    option.font = QApplication::font();
    option.rect = QRect(QPoint(0, 0), delegate.sizeHint(option, index));
    QImage image(option.rect.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    delegate.paint(&painter, option, index);
    return image;
}

void TestGalleryDelegate::verdictColours_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QVariant>("pass");
    QTest::addColumn<QColor>("verdict");
    QTest::addColumn<bool>("alert");

    QTest::newRow("pass") << 2 << QVariant(true) << GalleryDelegate::passColor() << false;
    QTest::newRow("denied") << 6 << QVariant(false) << GalleryDelegate::denyColor() << true;
    QTest::newRow("stranger let through")
        << 3 << QVariant(true) << GalleryDelegate::passColor() << true;
    QTest::newRow("non-live") << 1 << QVariant(false) << GalleryDelegate::denyColor() << true;
}

void TestGalleryDelegate::verdictColours()
{
    QFETCH(int, status);
    QFETCH(QVariant, pass);
    QFETCH(QColor, verdict);
    QFETCH(bool, alert);

    RecognitionModel model;
    model.setEvents({ makeEvent(1, pass.toBool(), status) });
    GalleryDelegate delegate;
    delegate.setTileSize(160);
    const QModelIndex index = model.index(0, RecognitionModel::Name);
    const QImage tile = paintTile(index, delegate);

    const int faceLeft = Margin + Padding;
    const int faceTop = Margin + Padding;
    const int faceBottom = faceTop + 160;
    // The verdict band along the bottom of the face, at its left edge (clear of the word).
    const QColor band = tile.pixelColor(faceLeft + 2, faceBottom - 2);
    QVERIFY2(near(band, verdict), qPrintable(band.name()));
    // The frame, half-way down the left side.
    const QColor frame = tile.pixelColor(Margin + 2, faceTop + 80);
    QVERIFY2(near(frame, verdict), qPrintable(frame.name()));
    // The reason band across the top of the face: amber for alerts only.
    const QColor top = tile.pixelColor(faceLeft + 160 - 2, faceTop + 2);
    QCOMPARE(near(top, GalleryDelegate::alertColor()), alert);
    QCOMPARE(index.data(RecognitionRoles::AlertRole).toBool(), alert);
}

void TestGalleryDelegate::sizeFollowsTileSize()
{
    RecognitionModel model;
    model.setEvents({ makeEvent(1, true, 2) });
    GalleryDelegate delegate;
    QStyleOptionViewItem option;
    option.font = QApplication::font();
    const QModelIndex index = model.index(0, RecognitionModel::Name);
    delegate.setTileSize(120);
    const QSize small = delegate.sizeHint(option, index);
    delegate.setTileSize(300);
    const QSize large = delegate.sizeHint(option, index);
    QCOMPARE(large.width() - small.width(), 180);
    QCOMPARE(large.height() - small.height(), 180);
    delegate.setTileSize(10'000);
    QCOMPARE(delegate.tileSize(), GalleryDelegate::MaximumTileSize);
    delegate.setTileSize(1);
    QCOMPARE(delegate.tileSize(), GalleryDelegate::MinimumTileSize);
}

void TestGalleryDelegate::followsThePalette()
{
    // The card takes the palette's base colour: light on a light desktop, dark on a dark one;
    // the verdict's colours stay.
    RecognitionModel model;
    model.setEvents({ makeEvent(1, true, 2) });
    GalleryDelegate delegate;
    delegate.setTileSize(160);
    const QModelIndex index = model.index(0, RecognitionModel::Name);
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x24));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::AlternateBase, QColor(0x30, 0x30, 0x34));
    QPalette light = dark;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    const int x = Margin + Padding + 80;
    const int y = Margin + Padding + 160 + 2; // between the face and the name
    const QImage onDark = paintTile(index, delegate, dark);
    const QImage onLight = paintTile(index, delegate, light);
    QVERIFY2(onDark.pixelColor(x, y).lightness() < 60, qPrintable(onDark.pixelColor(x, y).name()));
    QVERIFY2(onLight.pixelColor(x, y).lightness() > 200,
             qPrintable(onLight.pixelColor(x, y).name()));
    QVERIFY(near(onDark.pixelColor(Margin + Padding + 2, Margin + Padding + 158),
                 GalleryDelegate::passColor()));
}

void TestGalleryDelegate::probeHearsOfEachTileOnceAsItStays()
{
    RecognitionModel model;
    RecognitionEvent withoutSnapshot = makeEvent(2, true, 2);
    withoutSnapshot.snapshotJpeg.clear();
    withoutSnapshot.snapshotSize = QSize();
    model.setEvents({ makeEvent(1, true, 2), withoutSnapshot });
    GalleryDelegate delegate;
    PerformanceProbe probe;
    delegate.setProbe(&probe);
    const QModelIndex face = model.index(0, RecognitionModel::Name);
    const QModelIndex noFace = model.index(1, RecognitionModel::Name);
    const qint64 start = QDateTime::currentMSecsSinceEpoch();

    // While the face is being decoded, the tile says "Loading…": not the tile as it stays.
    paintTile(face, delegate);
    QCOMPARE(probe.takeInterval(start).tiles, 0);
    QTRY_VERIFY(!face.data(RecognitionRoles::ThumbnailRole).value<QImage>().isNull());
    paintTile(face, delegate);
    paintTile(face, delegate); // a repaint is not a new tile
    // A tile without a snapshot stays as it is first painted.
    paintTile(noFace, delegate);
    const PerformanceProbe::Interval interval
        = probe.takeInterval(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(interval.tiles, 2);
    // From the events' arrival (just before the test started) to now.
    const qint64 most = QDateTime::currentMSecsSinceEpoch() - start + 1000;
    QVERIFY2(interval.maxMs >= 0 && interval.maxMs <= most,
             qPrintable(QString::number(interval.maxMs)));
    QCOMPARE(face.data(RecognitionRoles::ReceivedAtRole).toLongLong(),
             model.index(0, 0)
                 .data(RecognitionRoles::EventRole)
                 .value<RecognitionEvent>()
                 .receivedAt.toMSecsSinceEpoch());
}

void TestGalleryDelegate::namesInEveryScriptHaveGlyphs_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("Chinese") << u"王小明"_s;
    QTest::newRow("Japanese") << u"山田 花子"_s;
    QTest::newRow("Korean") << u"김민준"_s;
    QTest::newRow("Thai") << u"สมชาย ใจดี"_s;
    QTest::newRow("Arabic") << u"محمد عبد الله"_s;
    QTest::newRow("Hebrew") << u"דוד כהן"_s;
    QTest::newRow("Devanagari") << u"प्रिया शर्मा"_s;
    QTest::newRow("Greek") << u"Γιώργος Παπαδόπουλος"_s;
    QTest::newRow("Cyrillic") << u"Анна Каренина"_s;
}

// A name is drawn with real glyphs, never the empty boxes of a missing font: laid out in the
// tile's name font (bold, a little larger), with Qt's font fallback, no glyph is the font's
// "not defined" glyph (index 0). The fonts come from fonts-noto-cjk and fonts-noto-core, which
// scripts/install-deps installs and the package recommends.
void TestGalleryDelegate::namesInEveryScriptHaveGlyphs()
{
    QFETCH(QString, name);
    QFont font = QApplication::font();
    font.setPointSizeF(font.pointSizeF() * 1.15);
    font.setBold(true);
    QTextLayout layout(name, font);
    layout.beginLayout();
    layout.createLine();
    layout.endLayout();
    const QList<QGlyphRun> runs = layout.glyphRuns();
    QVERIFY(!runs.isEmpty());
    for (const QGlyphRun &run : runs) {
        for (const quint32 glyph : run.glyphIndexes())
            QVERIFY2(glyph != 0,
                     qPrintable(u"no glyph for part of '%1' in %2"_s.arg(
                         name, run.rawFont().familyName())));
    }
}

QTEST_MAIN(TestGalleryDelegate)
#include "tst_gallerydelegate.moc"
