// RecognitionModel with a QAbstractItemModelTester attached the whole time: batches, the cap,
// pause, roles, thumbnails (real JPEGs decoded on the Thumbnailer's threads) and a proxy.

#include "../event/testjpeg.h"
#include "event/alertrules.h"
#include "event/eventlabels.h"
#include "event/thumbnailer.h"
#include "model/recognitionmodel.h"
#include "store/eventstore.h"
#include "store/storethread.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace RecognitionRoles;

namespace {
// A distinct event per `n`: its user id says which one it is.
RecognitionEvent makeEvent(int n)
{
    RecognitionEvent event;
    event.deviceSn = u"SN-1"_s;
    event.deviceName = u"Front door"_s;
    event.timestampMs = qint64 { 1'700'000'000'000 } + qint64(n) * 1000;
    event.recognizeStatus = 4;
    event.recognizeScore = 90.0 + (n % 10);
    event.pass = true;
    event.user = RecognitionUser { u"Person %1"_s.arg(n), QString::number(n), 1, {}, {}, {}, {} };
    event.receivedAt = QDateTime::fromMSecsSinceEpoch(*event.timestampMs, Qt::UTC);
    return event;
}

QList<RecognitionEvent> makeEvents(int first, int count)
{
    QList<RecognitionEvent> events;
    for (int i = 0; i < count; ++i)
        events.append(makeEvent(first + i));
    return events;
}

QString userIdAt(const QAbstractItemModel &model, int row)
{
    return model.index(row, RecognitionModel::UserId).data().toString();
}

// A model with its tester; flushes only when asked, unless a test sets a short interval.
struct Fixture
{
    Fixture()
        : model(std::make_unique<RecognitionModel>())
        , tester(std::make_unique<QAbstractItemModelTester>(
              model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest))
    {
        model->setFlushIntervalMs(60'000);
    }
    std::unique_ptr<RecognitionModel> model;
    std::unique_ptr<QAbstractItemModelTester> tester;
};
} // namespace

class TestRecognitionModel final : public QObject
{
    Q_OBJECT

private slots:
    void batchesCoalesce_data();
    void batchesCoalesce();
    void timerFlushesOneBatch();
    void newestFirstAcrossBatches();
    void capRemovesOldest();
    void batchLargerThanCap();
    void lowerCapTrims();
    void pauseHoldsAndResumeInserts();
    void pauseRespectsCap();
    void roles_data();
    void roles();
    void displayOnEveryColumn();
    void backfilledRowsAreMarked();
    void thumbnailsArriveThroughDataChanged();
    void thumbnailOfRemovedRowIsDropped();
    void brokenSnapshotIsRequestedOnce();
    void sortAndFilterThroughProxy();
    void setEventsResets();
    void rowForSequence();
    void olderRowsReadTheirSnapshotFromTheStore();
    void withoutStoreEveryRowKeepsItsSnapshot();
};

void TestRecognitionModel::batchesCoalesce_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("asList");
    QTest::newRow("1 one by one") << 1 << false;
    QTest::newRow("25 one by one") << 25 << false;
    QTest::newRow("25 as a list") << 25 << true;
    QTest::newRow("500 one by one") << 500 << false;
}

void TestRecognitionModel::batchesCoalesce()
{
    QFETCH(int, count);
    QFETCH(bool, asList);
    Fixture f;
    QSignalSpy inserted(f.model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy pending(f.model.get(), &RecognitionModel::pendingCountChanged);
    if (asList) {
        f.model->addEvents(makeEvents(0, count));
    } else {
        for (int i = 0; i < count; ++i)
            f.model->addEvent(makeEvent(i));
    }
    QCOMPARE(f.model->rowCount(), 0);
    QCOMPARE(f.model->pendingCount(), count);
    QVERIFY(!pending.isEmpty());
    f.model->flushPending();

    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), count - 1);
    QCOMPARE(f.model->rowCount(), count);
    QCOMPARE(f.model->pendingCount(), 0);
    QCOMPARE(pending.constLast().at(0).toInt(), 0);
    // Newest first.
    QCOMPARE(userIdAt(*f.model, 0), QString::number(count - 1));
    QCOMPARE(userIdAt(*f.model, count - 1), u"0"_s);

    // Nothing left to flush: no empty insertion.
    f.model->flushPending();
    QCOMPARE(inserted.size(), 1);
}

void TestRecognitionModel::timerFlushesOneBatch()
{
    Fixture f;
    f.model->setFlushIntervalMs(10);
    QSignalSpy inserted(f.model.get(), &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 40; ++i)
        f.model->addEvent(makeEvent(i));
    QVERIFY(inserted.wait(5000));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 39);
    QCOMPARE(f.model->rowCount(), 40);
}

void TestRecognitionModel::newestFirstAcrossBatches()
{
    Fixture f;
    f.model->addEvents(makeEvents(0, 3));
    f.model->flushPending();
    const quint64 firstSequence = f.model->sequence(0);
    f.model->addEvents(makeEvents(3, 2));
    f.model->flushPending();
    QCOMPARE(f.model->rowCount(), 5);
    const QStringList expected { u"4"_s, u"3"_s, u"2"_s, u"1"_s, u"0"_s };
    for (int row = 0; row < 5; ++row)
        QCOMPARE(userIdAt(*f.model, row), expected.at(row));
    // Sequences grow with arrival and stay with their row.
    QCOMPARE(f.model->sequence(2), firstSequence);
    QVERIFY(f.model->sequence(0) > f.model->sequence(1));
    QCOMPARE(f.model->index(2, RecognitionModel::Time).data(SequenceRole).toULongLong(),
             firstSequence);
}

void TestRecognitionModel::capRemovesOldest()
{
    Fixture f;
    const int cap = 50;
    const int extra = 7;
    f.model->setMaxRows(cap);
    f.model->addEvents(makeEvents(0, cap));
    f.model->flushPending();
    QCOMPARE(f.model->rowCount(), cap);

    QSignalSpy removed(f.model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(f.model.get(), &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < extra; ++i)
        f.model->addEvent(makeEvent(cap + i));
    f.model->flushPending();

    QCOMPARE(f.model->rowCount(), cap);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), cap - extra);
    QCOMPARE(removed.at(0).at(2).toInt(), cap - 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), extra - 1);
    QCOMPARE(userIdAt(*f.model, 0), QString::number(cap + extra - 1));
    // The oldest `extra` are gone; the oldest left is number `extra`.
    QCOMPARE(userIdAt(*f.model, cap - 1), QString::number(extra));
}

void TestRecognitionModel::batchLargerThanCap()
{
    Fixture f;
    f.model->setMaxRows(10);
    f.model->addEvents(makeEvents(0, 3));
    f.model->flushPending();
    QSignalSpy inserted(f.model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(f.model.get(), &QAbstractItemModel::rowsRemoved);
    f.model->addEvents(makeEvents(3, 25));
    f.model->flushPending();

    QCOMPARE(f.model->rowCount(), 10);
    QCOMPARE(removed.size(), 1); // the three older rows
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 2);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 9);
    // Only the newest 10 of the batch: 27 down to 18.
    QCOMPARE(userIdAt(*f.model, 0), u"27"_s);
    QCOMPARE(userIdAt(*f.model, 9), u"18"_s);
}

void TestRecognitionModel::lowerCapTrims()
{
    Fixture f;
    f.model->addEvents(makeEvents(0, 20));
    f.model->flushPending();
    QSignalSpy removed(f.model.get(), &QAbstractItemModel::rowsRemoved);
    f.model->setMaxRows(5);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(f.model->rowCount(), 5);
    QCOMPARE(userIdAt(*f.model, 4), u"15"_s);
}

void TestRecognitionModel::pauseHoldsAndResumeInserts()
{
    Fixture f;
    f.model->setFlushIntervalMs(0);
    f.model->addEvents(makeEvents(0, 2));
    f.model->flushPending();

    QSignalSpy paused(f.model.get(), &RecognitionModel::pausedChanged);
    QSignalSpy pending(f.model.get(), &RecognitionModel::pendingCountChanged);
    QSignalSpy inserted(f.model.get(), &QAbstractItemModel::rowsInserted);
    f.model->setPaused(true);
    QVERIFY(f.model->isPaused());
    QCOMPARE(paused.size(), 1);
    for (int i = 2; i < 8; ++i)
        f.model->addEvent(makeEvent(i));
    // A zero-interval timer would have fired by now if anything were armed.
    QCoreApplication::processEvents();
    f.model->flushPending(); // held while paused
    QCOMPARE(f.model->rowCount(), 2);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(f.model->pendingCount(), 6);
    QCOMPARE(pending.constLast().at(0).toInt(), 6);

    f.model->setPaused(false);
    QCOMPARE(paused.size(), 2);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 5);
    QCOMPARE(f.model->rowCount(), 8);
    QCOMPARE(f.model->pendingCount(), 0);
    QCOMPARE(userIdAt(*f.model, 0), u"7"_s);
}

void TestRecognitionModel::pauseRespectsCap()
{
    Fixture f;
    f.model->setMaxRows(10);
    f.model->addEvents(makeEvents(0, 10));
    f.model->flushPending();
    f.model->setPaused(true);
    QSignalSpy removed(f.model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(f.model.get(), &QAbstractItemModel::rowsInserted);
    for (int i = 10; i < 40; ++i)
        f.model->addEvent(makeEvent(i));
    QCOMPARE(f.model->pendingCount(), 30); // everything that arrived is counted
    f.model->setPaused(false);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(f.model->rowCount(), 10);
    QCOMPARE(userIdAt(*f.model, 0), u"39"_s);
    QCOMPARE(userIdAt(*f.model, 9), u"30"_s);
}

void TestRecognitionModel::roles_data()
{
    QTest::addColumn<RecognitionEvent>("event");
    QTest::addColumn<QVariant>("pass");
    QTest::addColumn<bool>("alert");
    QTest::addColumn<int>("reasons");
    QTest::addColumn<QString>("name");

    RecognitionEvent stranger;
    stranger.deviceSn = u"SN-7"_s;
    stranger.deviceName = u"Gate"_s;
    stranger.timestampMs = qint64 { 1'700'000'123'000 };
    stranger.recognizeStatus = 3;
    stranger.livenessScore = 0.97;
    stranger.mask = 1;
    stranger.mode = 0;
    stranger.bodyTemperature = 36.6;
    QTest::newRow("stranger, pass absent")
        << stranger << QVariant() << true << int(AlertRules::Reason::Stranger) << QString();

    RecognitionEvent denied = makeEvent(3);
    denied.recognizeStatus = 6;
    denied.pass = false;
    denied.mask = 2;
    denied.mode = 3;
    QTest::newRow("denied") << denied << QVariant(false) << true << int(AlertRules::Reason::Denied)
                            << u"Person 3"_s;

    RecognitionEvent passed = makeEvent(4);
    passed.mode = 1;
    passed.mask = 0;
    QTest::newRow("passed") << passed << QVariant(true) << false << 0 << u"Person 4"_s;

    RecognitionEvent blacklisted = makeEvent(5);
    blacklisted.recognizeStatus.reset();
    blacklisted.recognitionType = 5;
    blacklisted.pass = false;
    QTest::newRow("blacklist, denied")
        << blacklisted << QVariant(false) << true
        << int(AlertRules::Reason::Blacklist | AlertRules::Reason::Denied) << u"Person 5"_s;

    RecognitionEvent nonLive;
    nonLive.deviceSn = u"SN-2"_s;
    nonLive.receivedAt = QDateTime::fromMSecsSinceEpoch(1'700'000'999'000, Qt::UTC);
    nonLive.recognizeStatus = 1;
    QTest::newRow("non-live, no device time")
        << nonLive << QVariant() << true << int(AlertRules::Reason::NonLive) << QString();
}

void TestRecognitionModel::roles()
{
    QFETCH(RecognitionEvent, event);
    QFETCH(QVariant, pass);
    QFETCH(bool, alert);
    QFETCH(int, reasons);
    QFETCH(QString, name);

    Fixture f;
    f.model->addEvent(event);
    f.model->flushPending();
    QCOMPARE(f.model->rowCount(), 1);
    QCOMPARE(f.model->eventAt(0), event);

    const auto optional = [](const auto &value) {
        return value ? QVariant::fromValue(*value) : QVariant();
    };
    // Every role answers the same on every column.
    for (int column = 0; column < RecognitionModel::ColumnCount; ++column) {
        const QModelIndex index = f.model->index(0, column);
        QCOMPARE(index.data(EventRole).value<RecognitionEvent>(), event);
        QCOMPARE(index.data(TimestampRole).toLongLong(),
                 event.timestampMs.value_or(event.receivedAt.toMSecsSinceEpoch()));
        QCOMPARE(index.data(DeviceNameRole).toString(), event.deviceName);
        QCOMPARE(index.data(DeviceSnRole).toString(), event.deviceSn);
        QCOMPARE(index.data(PersonNameRole).toString(), name);
        QCOMPARE(index.data(UserIdRole).toString(), event.user ? event.user->userId : QString());
        QCOMPARE(index.data(StatusCodeRole), optional(event.recognizeStatus));
        QCOMPARE(index.data(RecognitionTypeRole), optional(event.recognitionType));
        QCOMPARE(index.data(StatusLabelRole).toString(), EventLabels::statusLabel(event));
        QCOMPARE(index.data(PassRole), pass);
        QCOMPARE(index.data(PassRole).isNull(), !pass.isValid());
        QCOMPARE(index.data(AlertRole).toBool(), alert);
        QCOMPARE(index.data(AlertReasonsRole).toInt(), reasons);
        QCOMPARE(index.data(HasSnapshotRole).toBool(), false);
        QVERIFY(index.data(ThumbnailRole).value<QImage>().isNull());
        QCOMPARE(index.data(ScoreRole), optional(event.recognizeScore));
        QCOMPARE(index.data(LivenessScoreRole), optional(event.livenessScore));
        QCOMPARE(index.data(TemperatureRole), optional(event.bodyTemperature));
        QCOMPARE(index.data(MaskRole), optional(event.mask));
        QCOMPARE(index.data(ModeRole), optional(event.mode));
        QCOMPARE(index.data(SequenceRole).toULongLong(), f.model->sequence(0));
        QCOMPARE(index.data(BackfilledRole).toBool(), false);
    }
    QCOMPARE(isAlert(event), alert);

    const auto display = [&](int column) {
        return f.model->index(0, column).data().toString();
    };
    QCOMPARE(display(RecognitionModel::Status), EventLabels::statusLabel(event));
    QCOMPARE(display(RecognitionModel::Pass),
             EventLabels::pass(pass.isValid() ? std::optional<bool>(pass.toBool())
                                              : std::optional<bool>()));
    QCOMPARE(display(RecognitionModel::Mask), EventLabels::mask(event.mask));
    QCOMPARE(display(RecognitionModel::Mode), EventLabels::mode(event.mode));
    const qint64 ms = f.model->index(0, 0).data(TimestampRole).toLongLong();
    QCOMPARE(display(RecognitionModel::Time),
             QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s));
    if (reasons & int(AlertRules::Reason::Stranger))
        QCOMPARE(display(RecognitionModel::Name), RecognitionModel::tr("Stranger"));
    else
        QCOMPARE(display(RecognitionModel::Name), name);
    QCOMPARE(display(RecognitionModel::Temperature).isEmpty(), !event.bodyTemperature);
    // The status tooltip names the alert.
    const QString statusTip
        = f.model->index(0, RecognitionModel::Status).data(Qt::ToolTipRole).toString();
    for (const QString &word : AlertRules::describe(AlertRules::Reasons::fromInt(reasons)))
        QVERIFY2(statusTip.contains(word), qPrintable(statusTip));
}

void TestRecognitionModel::displayOnEveryColumn()
{
    Fixture f;
    RecognitionEvent event = makeEvent(1);
    event.livenessScore = 0.5;
    event.bodyTemperature = 37.2;
    event.mask = 2;
    event.mode = 0;
    f.model->addEvent(event);
    f.model->flushPending();
    for (int column = 0; column < RecognitionModel::ColumnCount; ++column) {
        QVERIFY2(!f.model->index(0, column).data().toString().isEmpty(),
                 qPrintable(QString::number(column)));
        QVERIFY(!f.model->headerData(column, Qt::Horizontal).toString().isEmpty());
    }
    QCOMPARE(f.model->index(0, RecognitionModel::Device).data().toString(), u"Front door"_s);
}

// Fetched from the device's history after a disconnection, an event arrives after newer live
// ones and is listed where it arrives: marked, in words, so that nobody takes it for news.
void TestRecognitionModel::backfilledRowsAreMarked()
{
    Fixture f;
    f.model->addEvent(makeEvent(20));
    RecognitionEvent missed = makeEvent(10);
    missed.backfilled = true;
    f.model->addEvent(missed);
    f.model->flushPending();
    QCOMPARE(f.model->rowCount(), 2);
    QCOMPARE(userIdAt(*f.model, 0), u"10"_s);
    for (int column = 0; column < RecognitionModel::ColumnCount; ++column) {
        QCOMPARE(f.model->index(0, column).data(BackfilledRole).toBool(), true);
        QCOMPARE(f.model->index(1, column).data(BackfilledRole).toBool(), false);
    }
    const QString liveTime = f.model->index(1, RecognitionModel::Time).data().toString();
    const QString missedTime = f.model->index(0, RecognitionModel::Time).data().toString();
    QVERIFY2(!liveTime.contains(u"history"_s), qPrintable(liveTime));
    QVERIFY2(missedTime.contains(u"from history"_s), qPrintable(missedTime));
    QVERIFY(missedTime.startsWith(QDateTime::fromMSecsSinceEpoch(*missed.timestampMs)
                                      .toLocalTime()
                                      .toString(u"yyyy-MM-dd HH:mm:ss"_s)));
    QVERIFY(f.model->index(0, RecognitionModel::Time)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"Fetched from the device's history"_s));
    // Sorted by time, it takes its place below the newer live one.
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(f.model.get());
    proxy.setSortRole(SortRole);
    proxy.sort(RecognitionModel::Time, Qt::DescendingOrder);
    QCOMPARE(userIdAt(proxy, 0), u"20"_s);
    QCOMPARE(userIdAt(proxy, 1), u"10"_s);
    QCOMPARE(f.model->roleNames().value(BackfilledRole), QByteArray("backfilled"));
}

void TestRecognitionModel::thumbnailsArriveThroughDataChanged()
{
    Fixture f;
    f.model->setThumbnailSize(QSize(64, 64));
    RecognitionEvent withFace = makeEvent(1);
    withFace.snapshotJpeg = TestJpeg::make(320, 240);
    QVERIFY(!withFace.snapshotJpeg.isEmpty());
    RecognitionEvent other = makeEvent(2);
    other.snapshotJpeg = TestJpeg::make(200, 400);
    f.model->addEvents({ withFace, other, makeEvent(3) });
    f.model->flushPending();
    // Rows: 0 = no snapshot, 1 = other (200×400), 2 = withFace (320×240).

    QSignalSpy changed(f.model.get(), &QAbstractItemModel::dataChanged);
    const QModelIndex faceIndex = f.model->index(2, RecognitionModel::Time);
    QVERIFY(faceIndex.data(HasSnapshotRole).toBool());
    QVERIFY(faceIndex.data(ThumbnailRole).value<QImage>().isNull()); // requests it
    QVERIFY(faceIndex.data(ThumbnailRole).value<QImage>().isNull()); // asked once only
    QVERIFY(f.model->index(1, RecognitionModel::Name).data(Qt::DecorationRole).isNull());
    QVERIFY(f.model->index(0, 0).data(ThumbnailRole).value<QImage>().isNull());
    QVERIFY(!f.model->index(0, 0).data(HasSnapshotRole).toBool());

    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 10000);
    QSet<int> rows;
    for (const QList<QVariant> &args : std::as_const(changed)) {
        const auto topLeft = args.at(0).toModelIndex();
        const auto bottomRight = args.at(1).toModelIndex();
        QCOMPARE(topLeft.row(), bottomRight.row());
        QCOMPARE(topLeft.column(), 0);
        QCOMPARE(bottomRight.column(), RecognitionModel::ColumnCount - 1);
        const auto roles = args.at(2).value<QList<int>>();
        QVERIFY(roles.contains(ThumbnailRole));
        QVERIFY(roles.contains(Qt::DecorationRole));
        rows.insert(topLeft.row());
    }
    QCOMPARE(rows, (QSet<int> { 1, 2 }));

    const auto face = faceIndex.data(ThumbnailRole).value<QImage>();
    QCOMPARE(face.size(), QSize(64, 48));
    const auto tall = f.model->index(1, RecognitionModel::Mask).data(ThumbnailRole).value<QImage>();
    QCOMPARE(tall.size(), QSize(32, 64));
    const QVariant decoration = f.model->index(2, RecognitionModel::Name).data(Qt::DecorationRole);
    QCOMPARE(decoration.value<QImage>().size(), QSize(64, 48));

    // A new size drops the cache and tells the views; the next request decodes anew.
    changed.clear();
    f.model->setThumbnailSize(QSize(32, 32));
    QCOMPARE(changed.size(), 1);
    QVERIFY(faceIndex.data(ThumbnailRole).value<QImage>().isNull());
    QTRY_VERIFY_WITH_TIMEOUT(!faceIndex.data(ThumbnailRole).value<QImage>().isNull(), 10000);
    QCOMPARE(faceIndex.data(ThumbnailRole).value<QImage>().size(), QSize(32, 24));
}

void TestRecognitionModel::thumbnailOfRemovedRowIsDropped()
{
    Fixture f;
    f.model->setMaxRows(2);
    RecognitionEvent withFace = makeEvent(1);
    withFace.snapshotJpeg = TestJpeg::make(320, 240);
    f.model->addEvent(withFace);
    f.model->flushPending();
    const quint64 sequence = f.model->sequence(0);
    QSignalSpy ready(f.model->thumbnailer(), &Thumbnailer::thumbnailReady);
    QSignalSpy changed(f.model.get(), &QAbstractItemModel::dataChanged);
    QVERIFY(f.model->index(0, 0).data(ThumbnailRole).value<QImage>().isNull());
    // Two newer events push it out before its thumbnail is back.
    f.model->addEvents(makeEvents(2, 2));
    f.model->flushPending();
    QCOMPARE(f.model->rowForSequence(sequence), -1);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
    QCOMPARE(changed.size(), 0);
}

void TestRecognitionModel::brokenSnapshotIsRequestedOnce()
{
    Fixture f;
    RecognitionEvent broken = makeEvent(1);
    broken.snapshotJpeg = QByteArray("\xFF\xD8\xFF not really a JPEG");
    f.model->addEvent(broken);
    f.model->flushPending();
    QSignalSpy failed(f.model->thumbnailer(), &Thumbnailer::thumbnailFailed);
    QVERIFY(f.model->index(0, 0).data(ThumbnailRole).value<QImage>().isNull());
    QVERIFY(!f.model->index(0, 0).data(ThumbnailFailedRole).toBool());
    QSignalSpy changed(f.model.get(), &QAbstractItemModel::dataChanged);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QTRY_VERIFY(f.model->index(0, 0).data(ThumbnailFailedRole).toBool());
    QVERIFY(!changed.isEmpty());
    QVERIFY(changed.constLast().at(2).value<QList<int>>().contains(ThumbnailFailedRole));
    QVERIFY(f.model->index(0, 0).data(ThumbnailRole).value<QImage>().isNull());
    QVERIFY(f.model->thumbnailer()->waitForDone(10000));
    QCoreApplication::processEvents();
    QCOMPARE(failed.size(), 1); // not asked again
}

void TestRecognitionModel::sortAndFilterThroughProxy()
{
    Fixture f;
    f.model->setFlushIntervalMs(0);
    QSortFilterProxyModel proxy;
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(f.model.get());
    proxy.setSortRole(SortRole);
    proxy.setDynamicSortFilter(true);
    proxy.sort(RecognitionModel::Score, Qt::DescendingOrder);

    // Scores 90 + n % 10; every third event is denied.
    QList<RecognitionEvent> events = makeEvents(0, 30);
    for (int i = 0; i < events.size(); i += 3)
        events[i].pass = false;
    f.model->setMaxRows(25);
    f.model->addEvents(events.mid(0, 20));
    f.model->flushPending();
    QCOMPARE(proxy.rowCount(), 20);
    for (int row = 1; row < proxy.rowCount(); ++row)
        QVERIFY(proxy.index(row - 1, 0).data(ScoreRole).toDouble()
                >= proxy.index(row, 0).data(ScoreRole).toDouble());

    // Only the denials, through PassRole.
    proxy.setFilterRole(PassRole);
    proxy.setFilterFixedString(u"false"_s);
    QCOMPARE(proxy.rowCount(), 7); // 0, 3, …, 18
    // More batches while filtered and sorted, past the cap.
    f.model->addEvents(events.mid(20, 10));
    QTRY_COMPARE(f.model->rowCount(), 25);
    // Events 5..29 remain; denied among them: 6, 9, …, 27.
    QCOMPARE(proxy.rowCount(), 8);
    for (int row = 0; row < proxy.rowCount(); ++row)
        QCOMPARE(proxy.index(row, 0).data(PassRole), QVariant(false));

    // Sorting by time, newest first, matches the model's own order.
    proxy.setFilterFixedString(QString());
    proxy.sort(RecognitionModel::Time, Qt::DescendingOrder);
    QCOMPARE(proxy.rowCount(), 25);
    for (int row = 0; row < proxy.rowCount(); ++row)
        QCOMPARE(proxy.index(row, RecognitionModel::UserId).data().toString(),
                 userIdAt(*f.model, row));
    f.model->clear();
    QCOMPARE(proxy.rowCount(), 0);
}

void TestRecognitionModel::setEventsResets()
{
    Fixture f;
    f.model->setMaxRows(5);
    f.model->addEvents(makeEvents(100, 2));
    f.model->flushPending();
    const quint64 oldSequence = f.model->sequence(0);

    QSignalSpy aboutToReset(f.model.get(), &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(f.model.get(), &QAbstractItemModel::modelReset);
    // Newest first, as a store query returns them.
    QList<RecognitionEvent> stored;
    for (int i = 9; i >= 0; --i)
        stored.append(makeEvent(i));
    f.model->setEvents(stored);
    QCOMPARE(aboutToReset.size(), 1);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(f.model->rowCount(), 5);
    QCOMPARE(userIdAt(*f.model, 0), u"9"_s);
    QCOMPARE(userIdAt(*f.model, 4), u"5"_s);
    QCOMPARE(f.model->rowForSequence(oldSequence), -1);
    QVERIFY(f.model->sequence(4) > oldSequence);

    // Live events go above them.
    f.model->addEvent(makeEvent(10));
    f.model->flushPending();
    QCOMPARE(userIdAt(*f.model, 0), u"10"_s);
    QCOMPARE(f.model->rowCount(), 5);
}

void TestRecognitionModel::rowForSequence()
{
    Fixture f;
    f.model->setMaxRows(100);
    for (int batch = 0; batch < 5; ++batch) {
        f.model->addEvents(makeEvents(batch * 30, 30));
        f.model->flushPending();
    }
    QCOMPARE(f.model->rowCount(), 100);
    for (int row = 0; row < f.model->rowCount(); ++row)
        QCOMPARE(f.model->rowForSequence(f.model->sequence(row)), row);
    QCOMPARE(f.model->rowForSequence(0), -1);
    QCOMPARE(f.model->rowForSequence(f.model->sequence(0) + 1), -1);
    QCOMPARE(f.model->rowForSequence(f.model->sequence(99) - 1), -1);
}

void TestRecognitionModel::olderRowsReadTheirSnapshotFromTheStore()
{
    // The events are in a real store; the model keeps the bytes of the newest two only.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString database = dir.filePath(u"events.sqlite"_s);
    QList<RecognitionEvent> events;
    for (int i = 0; i < 6; ++i) {
        RecognitionEvent event = makeEvent(i);
        event.snapshotJpeg = TestJpeg::make(200 + i * 10, 300);
        event.snapshotSize = QSize(200 + i * 10, 300);
        events.append(event);
    }
    {
        StoreThread storeThread;
        QString error;
        QVERIFY2(storeThread.start(database, StoreOptions {}, &error), qPrintable(error));
        EventStore *store = storeThread.store();
        QMetaObject::invokeMethod(store, [store, events] { store->addEvents(events); });
        storeThread.stop();
    }

    Fixture f;
    f.model->setDatabasePath(database);
    f.model->setSnapshotRows(2);
    f.model->addEvents(events.mid(0, 4));
    f.model->flushPending();
    f.model->setPaused(true);
    f.model->addEvents(events.mid(4)); // held: the older of them lets go too
    f.model->setPaused(false);
    QCOMPARE(f.model->rowCount(), 6);
    for (int row = 0; row < 6; ++row) {
        QCOMPARE(f.model->eventAt(row).snapshotJpeg.isEmpty(), row >= 2);
        QVERIFY(f.model->index(row, 0).data(HasSnapshotRole).toBool());
    }
    // The oldest row's thumbnail comes from the store, at the right proportions.
    f.model->setThumbnailSize(QSize(100, 100));
    const QModelIndex oldest = f.model->index(5, 0);
    QVERIFY(f.model->index(5, 0).data(ThumbnailRole).value<QImage>().isNull()); // asks
    QTRY_VERIFY_WITH_TIMEOUT(!oldest.data(ThumbnailRole).value<QImage>().isNull(), 10000);
    const auto image = oldest.data(ThumbnailRole).value<QImage>();
    QCOMPARE(image.height(), 100); // 200 × 300 fitted into 100 × 100
    QVERIFY2(qAbs(image.width() - 67) <= 1, qPrintable(QString::number(image.width())));
    QCOMPARE(f.model->eventAt(5).user->userId, u"0"_s);
}

void TestRecognitionModel::withoutStoreEveryRowKeepsItsSnapshot()
{
    Fixture f;
    f.model->setSnapshotRows(1);
    QList<RecognitionEvent> events = makeEvents(0, 3);
    for (RecognitionEvent &event : events)
        event.snapshotJpeg = TestJpeg::make(64, 64);
    f.model->addEvents(events);
    f.model->flushPending();
    for (int row = 0; row < 3; ++row)
        QVERIFY(!f.model->eventAt(row).snapshotJpeg.isEmpty());
}

QTEST_GUILESS_MAIN(TestRecognitionModel)
#include "tst_recognitionmodel.moc"
