#include "../../common/storefixture.h"
#include "../event/testjpeg.h"
#include "model/historymodel.h"
#include "model/recognitionmodel.h"
#include "model/recognitionroles.h"
#include "store/storethread.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr int Timeout = 20000;
constexpr qint64 BaseSeconds = 1'760'000'000; // 2025-10-09

// Event i: one a minute; every fifth is a denied stranger, the others passes of "Person i".
RecognitionEvent numbered(int i, const QByteArray &jpeg)
{
    RecognitionEvent e;
    e.deviceSn = i % 2 ? u"SN-ODD"_s : u"SN-EVEN"_s;
    e.deviceName = i % 2 ? u"Back door"_s : u"Front door"_s;
    e.timestampMs = (BaseSeconds + qint64 { i } * 60) * 1000;
    e.receivedAt = QDateTime::fromMSecsSinceEpoch(*e.timestampMs + 5, Qt::UTC);
    e.uuid = u"uuid-%1"_s.arg(i, 4, 10, QChar(u'0'));
    e.recognizeScore = 0.5 + (i % 50) / 100.0;
    if (i % 5 == 0) {
        e.recognizeStatus = 3; // stranger
        e.pass = false;
    } else {
        e.recognizeStatus = 2;
        e.pass = true;
        RecognitionUser user;
        user.name = u"Person %1"_s.arg(i, 4, 10, QChar(u'0'));
        user.userId = QString::number(i);
        e.user = user;
    }
    if (i % 3 != 0) {
        e.snapshotJpeg = jpeg;
        e.snapshotSize = QSize(320, 240);
    }
    return e;
}

QStringList column(const HistoryModel &model, int column)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values.append(model.index(row, column).data().toString());
    return values;
}

} // namespace

class TestHistoryModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pagesThroughTheWholeHistory();
    void refiltersAndSorts();
    void holdsNoMoreThanItsMaximum();
    void loadsThumbnailsOfTheRowsAsked();
    void saysWhenTheDatabaseCannotBeRead();

private:
    QString dbPath() const { return m_dir.filePath(u"history.sqlite"_s); }
    void fetchAll(HistoryModel &model);

    QTemporaryDir m_dir;
    static constexpr int Events = 530;
};

void TestHistoryModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QByteArray jpeg = TestJpeg::make(320, 240);
    QList<RecognitionEvent> events;
    for (int i = 0; i < Events; ++i)
        events.append(numbered(i, jpeg));
    StoreFixture::writeHistory(dbPath(), events);
}

void TestHistoryModel::fetchAll(HistoryModel &model)
{
    QSignalSpy loaded(&model, &HistoryModel::pageLoaded);
    while (model.canFetchMore({})) {
        const qsizetype before = loaded.size();
        model.fetchMore({});
        QTRY_VERIFY_WITH_TIMEOUT(loaded.size() > before, Timeout);
    }
}

void TestHistoryModel::pagesThroughTheWholeHistory()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(100);
    QSignalSpy loaded(&model, &HistoryModel::pageLoaded);
    QSignalSpy counted(&model, &HistoryModel::totalCountChanged);
    model.setDatabasePath(dbPath());
    QCOMPARE(model.rowCount(), 0); // nothing read on this thread
    QVERIFY(model.isLoading());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, Timeout);
    QCOMPARE(model.rowCount(), 100);
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), qint64(Events), Timeout);
    QVERIFY(model.canFetchMore({}));

    // Newest first by default; the live table's columns and texts.
    QCOMPARE(model.columnCount(), int(RecognitionModel::ColumnCount));
    QCOMPARE(model.headerData(RecognitionModel::Name, Qt::Horizontal).toString(), u"Name"_s);
    QCOMPARE(model.eventAt(0).uuid, u"uuid-0529"_s);
    QCOMPARE(model.index(0, RecognitionModel::Name).data().toString(), u"Person 0529"_s);
    QCOMPARE(model.index(0, RecognitionModel::Device).data().toString(), u"Back door"_s);
    QCOMPARE(model.index(4, RecognitionModel::Name).data().toString(), u"Stranger"_s);
    QCOMPARE(model.index(4, 0).data(RecognitionRoles::PassRole).toBool(), false);
    QCOMPARE(model.index(4, 0).data(RecognitionRoles::AlertRole).toBool(), true);
    // Rows come without their snapshot bytes.
    QVERIFY(model.eventAt(0).snapshotJpeg.isEmpty());
    QCOMPARE(model.index(0, 0).data(RecognitionRoles::HasSnapshotRole).toBool(), true);
    QCOMPARE(model.index(1, 0).data(RecognitionRoles::HasSnapshotRole).toBool(), false);

    fetchAll(model);
    QCOMPARE(model.rowCount(), Events);
    QVERIFY(!model.canFetchMore({}));
    // Every event once, in order.
    QStringList uuids;
    for (int row = 0; row < model.rowCount(); ++row)
        uuids.append(model.eventAt(row).uuid);
    QStringList expected;
    for (int i = Events - 1; i >= 0; --i)
        expected.append(u"uuid-%1"_s.arg(i, 4, 10, QChar(u'0')));
    QCOMPARE(uuids, expected);
    QVERIFY(!model.isLoading());
}

void TestHistoryModel::holdsNoMoreThanItsMaximum()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(100);
    model.setMaxRows(250);
    QSignalSpy loaded(&model, &HistoryModel::pageLoaded);
    model.setDatabasePath(dbPath());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, Timeout);
    QVERIFY(!model.isCapped());
    fetchAll(model);
    // Two pages of 100, then the 50 rows up to the maximum, and no more.
    QCOMPARE(model.rowCount(), 250);
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(model.isCapped());
    QCOMPARE(model.eventAt(249).uuid, u"uuid-0280"_s);
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), qint64(Events), Timeout);

    // The other end of the result is one sort away.
    loaded.clear();
    model.sort(RecognitionModel::Time, Qt::AscendingOrder);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, Timeout);
    QCOMPARE(model.eventAt(0).uuid, u"uuid-0000"_s);

    // A result smaller than the maximum ends where it ends.
    EventFilter denials;
    denials.pass = false;
    loaded.clear();
    model.setFilter(denials);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, Timeout);
    fetchAll(model);
    QCOMPARE(model.rowCount(), Events / 5);
    QVERIFY(!model.isCapped());
}

void TestHistoryModel::refiltersAndSorts()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &HistoryModel::pageLoaded);
    model.setDatabasePath(dbPath());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, Timeout);

    // Denials only: every fifth.
    EventFilter denials;
    denials.pass = false;
    model.setFilter(denials);
    QCOMPARE(model.rowCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), qint64(Events / 5), Timeout);
    fetchAll(model);
    QCOMPARE(model.rowCount(), Events / 5);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.eventAt(row).pass, std::optional<bool>(false));

    // Re-filtered while a page is on its way: only the last filter's rows arrive.
    EventFilter front;
    front.deviceSns = { u"SN-EVEN"_s };
    EventFilter back;
    back.deviceSns = { u"SN-ODD"_s };
    model.setFilter(front);
    model.setFilter(back);
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), qint64(Events / 2), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0 && !model.isLoading(), Timeout);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.eventAt(row).deviceSn, u"SN-ODD"_s);

    // The passes sorted by name, ascending.
    EventFilter people;
    people.pass = true;
    model.setFilter(people);
    model.sort(RecognitionModel::Name, Qt::AscendingOrder);
    QCOMPARE(model.eventSort().column, EventSort::Column::Name);
    QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0 && !model.isLoading(), Timeout);
    fetchAll(model);
    const QStringList names = column(model, RecognitionModel::Name);
    QCOMPARE(names.size(), Events - Events / 5);
    QStringList sorted = names;
    sorted.sort();
    QCOMPARE(names, sorted);
    QCOMPARE(names.constFirst(), u"Person 0001"_s);

    // By score, descending.
    model.sort(RecognitionModel::Score, Qt::DescendingOrder);
    QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0 && !model.isLoading(), Timeout);
    fetchAll(model);
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(*model.eventAt(row - 1).recognizeScore >= *model.eventAt(row).recognizeScore);
}

void TestHistoryModel::loadsThumbnailsOfTheRowsAsked()
{
    HistoryModel model;
    model.setThumbnailSize(QSize(40, 40));
    QSignalSpy loaded(&model, &HistoryModel::pageLoaded);
    model.setDatabasePath(dbPath());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, Timeout);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // Row 0 has a snapshot (uuid-0529), row 1 none (uuid-0528, a multiple of 3).
    const QModelIndex withFace = model.index(0, RecognitionModel::Name);
    QVERIFY(withFace.data(Qt::DecorationRole).isNull()); // asked for: on its way
    QVERIFY(model.index(1, RecognitionModel::Name).data(Qt::DecorationRole).isNull());
    QTRY_VERIFY_WITH_TIMEOUT(!withFace.data(Qt::DecorationRole).isNull(), Timeout);
    const auto image = withFace.data(Qt::DecorationRole).value<QImage>();
    QCOMPARE(image.size(), QSize(40, 30)); // 320×240 fitted into 40×40
    // Only the row asked for was loaded and changed.
    QVERIFY(!changed.isEmpty());
    for (const QList<QVariant> &signal : std::as_const(changed)) {
        QCOMPARE(signal.at(0).toModelIndex().row(), 0);
        QCOMPARE(signal.at(1).toModelIndex().row(), 0);
    }
    QCOMPARE(model.index(0, 0).data(RecognitionRoles::ThumbnailFailedRole).toBool(), false);
}

void TestHistoryModel::saysWhenTheDatabaseCannotBeRead()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy errors(&model, &HistoryModel::errorOccurred);
    model.setDatabasePath(m_dir.filePath(u"missing.sqlite"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), Timeout);
    QVERIFY(!model.lastError().isEmpty());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), Timeout);
}

QTEST_GUILESS_MAIN(TestHistoryModel)
#include "tst_historymodel.moc"
