// Where a back-fill starts: EventStore::findBackfillStart (the newest event of a device received
// before its connection came online, or an unfinished back-fill's resume point), the resume
// points themselves (setBackfillResumePoint, kept across restarts) and the schema migration
// that brought them (version 3 → 4).

#include "../../common/legacydatabase.h"
#include "store/eventreader.h"
#include "store/eventstore.h"
#include "store/schema.h"
#include "store/storethread.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LegacyDatabase;

// Stands in for DeviceHub and the connections' back-fills: everything reaches the store through
// queued signal connections, from one thread, as in the application.
class Feeder final : public QObject
{
    Q_OBJECT

signals:
    void oneEvent(const RecognitionEvent &event);
    void findStart(quint64 requestId, const QString &deviceSn, qint64 receivedBeforeMs);
    void resumePoint(const QString &deviceSn, qint64 fromMs);
};

namespace {

RecognitionEvent eventOf(const QString &serial, qint64 timestampMs, qint64 receivedAtMs)
{
    RecognitionEvent e;
    e.deviceSn = serial;
    e.deviceName = u"Door "_s + serial;
    e.timestampMs = timestampMs;
    e.receivedAt = QDateTime::fromMSecsSinceEpoch(receivedAtMs, Qt::UTC);
    e.recognizeStatus = 4;
    RecognitionUser user;
    user.userId = QString::number(timestampMs);
    e.user = user;
    return e;
}

StoreOptions manualFlush()
{
    // A long interval: batches commit when the test (or findBackfillStart) flushes.
    StoreOptions options;
    options.flushIntervalMs = 60'000;
    return options;
}

} // namespace

class TestBackfillStart final : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void nothingStoredMeansNoStart();
    void newestEventReceivedBeforeTheConnection();
    void resumePointWinsUntilForgotten();
    void resumePointWrittenAfterItsEvents();
    void migratesVersion3Database();

private:
    QString dbPath() const { return m_dir->filePath(u"events.sqlite"_s); }
    bool start(StoreThread &store, const StoreOptions &options = manualFlush());
    // The store's answer for `serial`; -2 when none came, -3 when it came with an error.
    qint64 startFor(const QString &serial, qint64 receivedBeforeMs);

    std::unique_ptr<QTemporaryDir> m_dir;
    Feeder m_feeder;
    quint64 m_lastRequest = 0;
    QHash<quint64, qint64> m_answers;
    QStringList m_errors;
};

void TestBackfillStart::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_answers.clear();
    m_errors.clear();
}

bool TestBackfillStart::start(StoreThread &store, const StoreOptions &options)
{
    QString error;
    if (!store.start(dbPath(), options, &error)) {
        qWarning() << error;
        return false;
    }
    EventStore *const s = store.store();
    connect(&m_feeder, &Feeder::oneEvent, s, &EventStore::addEvent);
    connect(&m_feeder, &Feeder::findStart, s, &EventStore::findBackfillStart);
    connect(&m_feeder, &Feeder::resumePoint, s, &EventStore::setBackfillResumePoint);
    connect(s, &EventStore::backfillStartFound, this,
            [this](quint64 requestId, qint64 fromMs, const QString &why) {
                if (!why.isEmpty())
                    m_errors.append(why);
                m_answers.insert(requestId, why.isEmpty() ? fromMs : -3);
            });
    connect(s, &EventStore::storeError, this,
            [this](const QString &message) { m_errors.append(message); });
    return true;
}

qint64 TestBackfillStart::startFor(const QString &serial, qint64 receivedBeforeMs)
{
    const quint64 request = ++m_lastRequest;
    emit m_feeder.findStart(request, serial, receivedBeforeMs);
    if (!QTest::qWaitFor([&] { return m_answers.contains(request); }, 5000))
        return -2;
    return m_answers.value(request);
}

void TestBackfillStart::nothingStoredMeansNoStart()
{
    StoreThread store;
    QVERIFY(start(store));
    QCOMPARE(startFor(u"SN-NEW"_s, QDateTime::currentMSecsSinceEpoch()), -1);
    // Another device's events say nothing about this one.
    emit m_feeder.oneEvent(eventOf(u"SN-OTHER"_s, 1'000'000, 1'000'100));
    QCOMPARE(startFor(u"SN-NEW"_s, QDateTime::currentMSecsSinceEpoch()), -1);
    QCOMPARE(startFor(u"SN-OTHER"_s, QDateTime::currentMSecsSinceEpoch()), 1'000'000);
    QCOMPARE(m_errors, QStringList());
}

void TestBackfillStart::newestEventReceivedBeforeTheConnection()
{
    StoreThread store;
    QVERIFY(start(store));
    // Received before a connection that came online at 4,000,000: the newest is the gap's start.
    emit m_feeder.oneEvent(eventOf(u"SN-A"_s, 1'000'000, 1'000'300));
    emit m_feeder.oneEvent(eventOf(u"SN-A"_s, 2'000'000, 2'000'300));
    // Received by that connection (a live event after the gap) and back-filled into it.
    emit m_feeder.oneEvent(eventOf(u"SN-A"_s, 3'900'000, 4'000'000));
    RecognitionEvent backfilled = eventOf(u"SN-A"_s, 3'000'000, 4'100'000);
    backfilled.backfilled = true;
    emit m_feeder.oneEvent(backfilled);
    // A device clock that is far off does not matter: only the receive time decides.
    emit m_feeder.oneEvent(eventOf(u"SN-A"_s, 500, 1'500'000));
    RecognitionEvent timeless = eventOf(u"SN-A"_s, 0, 3'000'000);
    timeless.timestampMs.reset();
    emit m_feeder.oneEvent(timeless);

    // All still pending: the lookup commits them first.
    QCOMPARE(startFor(u"SN-A"_s, 4'000'000), 2'000'000);
    QCOMPARE(startFor(u"SN-A"_s, 4'000'001), 3'900'000);
    QCOMPARE(startFor(u"SN-A"_s, 1'000'300), -1);
    QCOMPARE(startFor(u"SN-A"_s, 1'000'301), 1'000'000);
    QCOMPARE(m_errors, QStringList());
}

void TestBackfillStart::resumePointWinsUntilForgotten()
{
    {
        StoreThread store;
        QVERIFY(start(store));
        emit m_feeder.oneEvent(eventOf(u"SN-A"_s, 2'000'000, 2'000'300));
        emit m_feeder.oneEvent(eventOf(u"SN-B"_s, 2'000'000, 2'000'300));
        // A back-fill of SN-A started from 1,500,000 and did not finish.
        emit m_feeder.resumePoint(u"SN-A"_s, 1'500'000);
        QCOMPARE(startFor(u"SN-A"_s, 9'000'000), 1'500'000);
        QCOMPARE(startFor(u"SN-B"_s, 9'000'000), 2'000'000);
        // It moved on with its pages.
        emit m_feeder.resumePoint(u"SN-A"_s, 1'700'000);
        QCOMPARE(startFor(u"SN-A"_s, 9'000'000), 1'700'000);
        store.stop();
    }
    {
        // A restart does not forget it.
        StoreThread store;
        QVERIFY(start(store));
        QCOMPARE(startFor(u"SN-A"_s, 9'000'000), 1'700'000);
        // Done: the newest event counts again.
        emit m_feeder.resumePoint(u"SN-A"_s, -1);
        QCOMPARE(startFor(u"SN-A"_s, 9'000'000), 2'000'000);
        store.stop();
    }
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM backfill_progress"_s).toInt(), 0);
    QCOMPARE(m_errors, QStringList());
}

void TestBackfillStart::resumePointWrittenAfterItsEvents()
{
    StoreThread store;
    QVERIFY(start(store));
    QList<QList<StoredEvent>> commits;
    connect(store.store(), &EventStore::committed, this,
            [&commits](const QList<StoredEvent> &events) { commits.append(events); });
    // A page of events, then the point it moves the back-fill to: one transaction.
    for (int i = 1; i <= 3; ++i)
        emit m_feeder.oneEvent(eventOf(u"SN-A"_s, qint64 { i } * 1000, 5'000'000));
    emit m_feeder.resumePoint(u"SN-A"_s, 3000);
    QVERIFY(
        QMetaObject::invokeMethod(store.store(), &EventStore::flush, Qt::BlockingQueuedConnection));
    QTRY_COMPARE(commits.size(), 1);
    QCOMPARE(commits.at(0).size(), 3);
    QCOMPARE(queryValue(dbPath(),
                        u"SELECT resume_from_ms FROM backfill_progress "
                        u"WHERE device_sn = 'SN-A'"_s)
                 .toLongLong(),
             3000);
    // Ignored without a serial number: it could not be found again.
    emit m_feeder.resumePoint(QString(), 1);
    QVERIFY(
        QMetaObject::invokeMethod(store.store(), &EventStore::flush, Qt::BlockingQueuedConnection));
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM backfill_progress"_s).toInt(), 1);
    QCOMPARE(m_errors, QStringList());
}

void TestBackfillStart::migratesVersion3Database()
{
    {
        DirectConnection v3(dbPath());
        QVERIFY(v3.exec(version1Statements() + legacyEventRows() + version2Statements()
                        + version3Statements()));
    }
    QCOMPARE(queryValue(dbPath(), u"SELECT version FROM schema_version"_s).toInt(), 3);

    StoreThread store;
    QVERIFY(start(store));
    QVERIFY(Schema::hasBackfillProgress(Schema::currentVersion()));
    QVERIFY(Schema::hasBackfillProgress(5));
    QVERIFY(!Schema::hasBackfillProgress(4));
    QCOMPARE(queryValue(dbPath(), u"SELECT version FROM schema_version"_s).toInt(),
             Schema::currentVersion());
    // The old recorder's event is where a back-fill of its device starts.
    const RecognitionEvent old = legacyEvent();
    QCOMPARE(startFor(old.deviceSn, QDateTime::currentMSecsSinceEpoch()), *old.timestampMs);
    emit m_feeder.resumePoint(old.deviceSn, 1);
    QCOMPARE(startFor(old.deviceSn, QDateTime::currentMSecsSinceEpoch()), 1);
    store.stop();

    // A reader still reads it.
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    QCOMPARE(reader.count({}, &error), 1);
    QCOMPARE(m_errors, QStringList());
}

QTEST_GUILESS_MAIN(TestBackfillStart)
#include "tst_backfillstart.moc"
