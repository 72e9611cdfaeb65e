// The door log: EventStore writes each request to open a door and then its outcome (under the
// same request id) with the event batches, EventReader reads an event's log back, and the
// schema migration that brought it (version 2 → 3).

#include "../../common/legacydatabase.h"
#include "../../common/storefixture.h"
#include "store/eventreader.h"
#include "store/eventstore.h"
#include "store/schema.h"
#include "store/storethread.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LegacyDatabase;
using namespace StoreFixture;

// Readable QCOMPARE failures.
char *toString(const DoorOpening &entry)
{
    return QTest::toString(u"DoorOpening(%1, event %2, %3 (%4), mode %5, at %6 by %7, outcome %8 "
                           u"%9 %10)"_s
                               .arg(entry.requestId, entry.dedupKey, entry.deviceName,
                                    entry.deviceSn, QString::number(entry.openMode),
                                    entry.requestedAt.toString(Qt::ISODateWithMs),
                                    entry.requestedBy, entry.finishedAt.toString(Qt::ISODateWithMs))
                               .arg(entry.opened)
                               .arg(entry.result));
}

namespace {

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

RecognitionEvent strangerAt(const QString &uuid, qint64 seconds)
{
    RecognitionEvent e;
    e.deviceSn = u"SN-DOOR"_s;
    e.deviceName = u"Main gate"_s;
    e.uuid = uuid;
    e.timestampMs = seconds * 1000;
    e.recognizeStatus = 3;
    e.pass = false;
    return e;
}

DoorOpening requestFor(const RecognitionEvent &event, const QString &requestId, qint64 atMs,
                       const QString &by = u"Alice"_s)
{
    DoorOpening entry;
    entry.requestId = requestId;
    entry.dedupKey = event.deduplicationKey();
    entry.deviceName = event.deviceName;
    entry.deviceSn = event.deviceSn;
    entry.requestedAt = utc(atMs);
    entry.requestedBy = by;
    return entry;
}

DoorOpening withOutcome(DoorOpening entry, qint64 atMs, bool opened, const QString &result)
{
    entry.finishedAt = utc(atMs);
    entry.opened = opened;
    entry.result = result;
    return entry;
}

qsizetype pendingDoors(StoreThread &store)
{
    return countOf(store, &EventStore::pendingDoorOpeningCount);
}

} // namespace

class TestDoorLog final : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void requestThenOutcome();
    void requestAndOutcomeInOneBatch();
    void outcomeWithoutRequestIsWrittenWhole();
    void logOutlivesItsEvent();
    void severalRequestsOldestFirst();
    void invalidEntryRefused_data();
    void invalidEntryRefused();
    void failedCommitKeepsEntryPending();
    void migratesVersion2Database();
    void readerReadsVersion2Database();

private:
    QString dbPath() const { return m_dir->filePath(u"events.sqlite"_s); }
    bool start(StoreThread &store, const StoreOptions &options = manualFlush());
    QList<DoorOpening> logOf(const QString &dedupKey);

    std::unique_ptr<QTemporaryDir> m_dir;
    Feeder m_feeder;
    QList<QList<DoorOpening>> m_logged;
    QStringList m_errors;
    // What writableChanged said: writing stopped, writing resumed.
    QStringList m_stopped;
    QStringList m_resumed;
};

void TestDoorLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_logged.clear();
    m_errors.clear();
    m_stopped.clear();
    m_resumed.clear();
}

bool TestDoorLog::start(StoreThread &store, const StoreOptions &options)
{
    if (!startStore(store, dbPath(), options, m_feeder))
        return false;
    EventStore *const s = store.store();
    connect(s, &EventStore::doorOpeningsLogged, this,
            [this](const QList<DoorOpening> &entries) { m_logged.append(entries); });
    connect(s, &EventStore::storeError, this,
            [this](const QString &message) { m_errors.append(message); });
    connect(s, &EventStore::writableChanged, this, [this](bool writable, const QString &message) {
        (writable ? m_resumed : m_stopped).append(message);
    });
    return true;
}

QList<DoorOpening> TestDoorLog::logOf(const QString &dedupKey)
{
    EventReader reader;
    QString error;
    if (!reader.open(dbPath(), &error)) {
        qWarning() << error;
        return {};
    }
    const auto entries = reader.doorOpeningsFor(dedupKey, &error);
    if (!entries || !error.isEmpty())
        qWarning() << error;
    return entries.value_or(QList<DoorOpening>());
}

void TestDoorLog::requestThenOutcome()
{
    StoreThread store;
    QVERIFY(start(store));
    const RecognitionEvent event = strangerAt(u"e1"_s, 1000);
    emit m_feeder.oneEvent(event);
    const DoorOpening request = requestFor(event, u"r1"_s, 1'700'000'000'100);
    emit m_feeder.doorOpening(request);
    QCOMPARE(pendingDoors(store), 1);
    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_logged.size(), 1, 5000);
    QCOMPARE(m_logged.at(0), QList<DoorOpening> { request });
    QCOMPARE(pendingDoors(store), 0);
    // On record before any answer came.
    QCOMPARE(logOf(event.deduplicationKey()), QList<DoorOpening> { request });
    QVERIFY(!logOf(event.deduplicationKey()).constFirst().hasOutcome());

    // The outcome fills in its columns only: what the request said stays as it was stored.
    DoorOpening outcome = withOutcome(request, 1'700'000'000'900, true, u"door opened"_s);
    outcome.requestedBy = u"Mallory"_s;
    outcome.deviceName = u"Other door"_s;
    outcome.requestedAt = utc(1);
    emit m_feeder.doorOpening(outcome);
    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_logged.size(), 2, 5000);
    const DoorOpening expected = withOutcome(request, 1'700'000'000'900, true, u"door opened"_s);
    QCOMPARE(m_logged.at(1), QList<DoorOpening> { expected });
    const QList<DoorOpening> log = logOf(event.deduplicationKey());
    QCOMPARE(log, QList<DoorOpening> { expected });
    QCOMPARE(log.constFirst().requestedAt.timeSpec(), Qt::UTC);
    QCOMPARE(log.constFirst().finishedAt.toMSecsSinceEpoch(), 1'700'000'000'900);
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM door_openings"_s).toInt(), 1);
    QCOMPARE(m_errors, QStringList());
}

void TestDoorLog::requestAndOutcomeInOneBatch()
{
    StoreThread store;
    QVERIFY(start(store));
    const RecognitionEvent event = strangerAt(u"e2"_s, 2000);
    const DoorOpening request = requestFor(event, u"r2"_s, 1'700'000'001'000);
    const DoorOpening outcome
        = withOutcome(request, 1'700'000'001'500, false, u"login refused: invalid password"_s);
    emit m_feeder.oneEvent(event);
    emit m_feeder.doorOpening(request);
    emit m_feeder.doorOpening(outcome);
    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_logged.size(), 1, 5000);
    // Each entry as the database held it right after it was written.
    QCOMPARE(m_logged.constFirst(), QList<DoorOpening>({ request, outcome }));
    QCOMPARE(logOf(event.deduplicationKey()), QList<DoorOpening> { outcome });
}

void TestDoorLog::outcomeWithoutRequestIsWrittenWhole()
{
    StoreThread store;
    QVERIFY(start(store));
    const RecognitionEvent event = strangerAt(u"e3"_s, 3000);
    const DoorOpening outcome = withOutcome(requestFor(event, u"r3"_s, 1'700'000'002'000),
                                            1'700'000'002'100, false, u"no credentials"_s);
    emit m_feeder.oneEvent(event);
    emit m_feeder.doorOpening(outcome);
    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_logged.size(), 1, 5000);
    QCOMPARE(logOf(event.deduplicationKey()), QList<DoorOpening> { outcome });
}

void TestDoorLog::logOutlivesItsEvent()
{
    StoreThread store;
    QVERIFY(start(store));
    // An event that is not (or not yet) in the database: the door opened all the same, and
    // the log must say so.
    const RecognitionEvent neverStored = strangerAt(u"never-stored"_s, 4000);
    const DoorOpening orphan = withOutcome(requestFor(neverStored, u"r4"_s, 1'700'000'003'000),
                                           1'700'000'003'100, true, u"door opened"_s);
    const RecognitionEvent stored = strangerAt(u"stored"_s, 4001);
    const DoorOpening entry = withOutcome(requestFor(stored, u"r5"_s, 1'700'000'003'200),
                                          1'700'000'003'300, true, u"door opened"_s);
    emit m_feeder.doorOpening(orphan);
    emit m_feeder.oneEvent(stored);
    emit m_feeder.doorOpening(entry);
    emit m_feeder.acknowledgement(
        Acknowledgement { stored.deduplicationKey(), utc(1'700'000'003'400), u"Alice"_s, {} });
    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_logged.size(), 1, 5000);
    QCOMPARE(m_logged.constFirst(), QList<DoorOpening>({ orphan, entry }));
    QCOMPARE(m_errors, QStringList());

    // The event is purged (retention, an operator): its acknowledgement goes with it, the
    // door log stays.
    QVERIFY(DirectConnection(dbPath()).exec(
        { u"PRAGMA foreign_keys=ON"_s,
          u"DELETE FROM events WHERE dedup_key = '%1'"_s.arg(stored.deduplicationKey()) }));
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM acknowledgements"_s).toInt(), 0);
    QCOMPARE(logOf(stored.deduplicationKey()), QList<DoorOpening> { entry });
    QCOMPARE(logOf(neverStored.deduplicationKey()), QList<DoorOpening> { orphan });
}

void TestDoorLog::severalRequestsOldestFirst()
{
    const RecognitionEvent event = strangerAt(u"e6"_s, 6000);
    const RecognitionEvent other = strangerAt(u"e7"_s, 6001);
    const DoorOpening later = withOutcome(requestFor(event, u"a-later"_s, 1'700'000'005'000),
                                          1'700'000'005'100, true, u"door opened"_s);
    const DoorOpening earlier
        = withOutcome(requestFor(event, u"b-earlier"_s, 1'700'000'004'000, u"Bob"_s),
                      1'700'000'004'100, false, u"login refused: invalid password"_s);
    const DoorOpening otherEntry = requestFor(other, u"c-other"_s, 1'700'000'004'500);
    {
        StoreThread store;
        QVERIFY(start(store));
        emit m_feeder.doorOpening(later);
        emit m_feeder.doorOpening(otherEntry);
        emit m_feeder.doorOpening(earlier);
        store.stop();
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_logged.size(), 1, 5000);
    QCOMPARE(logOf(event.deduplicationKey()), QList<DoorOpening>({ earlier, later }));
    QCOMPARE(logOf(other.deduplicationKey()), QList<DoorOpening> { otherEntry });
    QCOMPARE(logOf(u"no such event"_s), QList<DoorOpening>());

    EventReader reader;
    reader.close();
    QString error;
    QCOMPARE(reader.doorOpeningsFor(event.deduplicationKey(), &error), std::nullopt);
    QVERIFY(!error.isEmpty());
}

void TestDoorLog::invalidEntryRefused_data()
{
    QTest::addColumn<DoorOpening>("entry");
    QTest::addColumn<QString>("expectedError");

    const DoorOpening good = requestFor(strangerAt(u"e8"_s, 8000), u"r8"_s, 1'700'000'006'000);
    DoorOpening noId = good;
    noId.requestId.clear();
    DoorOpening noEvent = good;
    noEvent.dedupKey.clear();
    DoorOpening nobody = good;
    nobody.requestedBy = u" \t"_s;
    DoorOpening noTime = good;
    noTime.requestedAt = QDateTime();
    QTest::newRow("no request id") << noId << u"without a request id"_s;
    QTest::newRow("no event") << noEvent << u"does not name its event"_s;
    QTest::newRow("nobody") << nobody << u"does not say who asked"_s;
    QTest::newRow("no time") << noTime << u"has no valid time"_s;
}

void TestDoorLog::invalidEntryRefused()
{
    QFETCH(DoorOpening, entry);
    QFETCH(QString, expectedError);

    StoreThread store;
    QVERIFY(start(store));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QRegularExpression::escape(expectedError)));
    emit m_feeder.doorOpening(entry);
    QTRY_COMPARE_WITH_TIMEOUT(m_errors.size(), 1, 5000);
    QVERIFY2(m_errors.constFirst().contains(expectedError), qPrintable(m_errors.constFirst()));
    QCOMPARE(pendingDoors(store), 0);
    store.stop();
    QCOMPARE(m_logged.size(), 0);
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM door_openings"_s).toInt(), 0);
}

void TestDoorLog::failedCommitKeepsEntryPending()
{
    StoreOptions options = manualFlush();
    options.busyTimeoutMs = 50;
    StoreThread store;
    QVERIFY(start(store, options));
    const RecognitionEvent event = strangerAt(u"locked-out"_s, 9000);
    const DoorOpening entry = withOutcome(requestFor(event, u"r9"_s, 1'700'000'008'000),
                                          1'700'000'008'100, true, u"door opened"_s);
    emit m_feeder.doorOpening(entry);
    {
        // Another writer holds the database: the store's transaction cannot begin. Writing
        // stops, said once, and the entry waits.
        DirectConnection other(dbPath());
        QVERIFY(other.exec({ u"BEGIN IMMEDIATE"_s }));
        flush(store);
        QTRY_COMPARE_WITH_TIMEOUT(m_stopped.size(), 1, 5000);
        QVERIFY2(
            m_stopped.constFirst().contains(u"another program keeps %1 locked"_s.arg(dbPath())),
            qPrintable(m_stopped.constFirst()));
        QCOMPARE(pendingDoors(store), 1);
        QCOMPARE(m_errors, QStringList());
        QVERIFY(other.exec({ u"ROLLBACK"_s }));
    }
    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_logged.size(), 1, 5000);
    QCOMPARE(m_resumed.size(), 1);
    QCOMPARE(m_stopped.size(), 1);
    QCOMPARE(pendingDoors(store), 0);
    QCOMPARE(logOf(event.deduplicationKey()), QList<DoorOpening> { entry });
}

void TestDoorLog::migratesVersion2Database()
{
    const RecognitionEvent old = legacyEvent();
    const Acknowledgement oldAck { old.deduplicationKey(), utc(1'650'000'100'000), u"Guard Kim"_s,
                                   u"from version 2"_s };
    {
        DirectConnection v2(dbPath());
        QVERIFY(v2.exec(version1Statements() + legacyEventRows() + version2Statements()));
        QVERIFY(v2.exec({ u"INSERT INTO acknowledgements VALUES ('%1', 1650000100000, "
                          "'Guard Kim', 'from version 2')"_s.arg(old.deduplicationKey()) }));
    }
    QCOMPARE(queryValue(dbPath(), u"SELECT version FROM schema_version"_s).toInt(), 2);

    StoreThread store;
    QVERIFY(start(store));
    QVERIFY(Schema::hasDoorLog(Schema::currentVersion()));
    QVERIFY(Schema::hasDoorLog(3));
    QVERIFY(!Schema::hasDoorLog(2));
    // Every later version's migration ran as well.
    QCOMPARE(queryValue(dbPath(), u"SELECT version FROM schema_version"_s).toInt(),
             Schema::currentVersion());
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM schema_version"_s).toInt(), 1);

    // The old event can be answered with a door opening.
    const DoorOpening entry = withOutcome(requestFor(old, u"r-old"_s, 1'700'000'009'000),
                                          1'700'000'009'100, true, u"door opened"_s);
    emit m_feeder.doorOpening(entry);
    store.stop();
    QTRY_COMPARE_WITH_TIMEOUT(m_logged.size(), 1, 5000);
    QCOMPARE(m_errors, QStringList());

    // What version 2 held is still there, whole.
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    const auto rows = reader.latest({}, 10, true, &error);
    QVERIFY2(rows.has_value(), qPrintable(error));
    QCOMPARE(rows->size(), 1);
    RecognitionEvent expected = old;
    expected.snapshotJpeg = QByteArray("\xFF\xD8\xFF\xD9", 4);
    expected.snapshotSize = QSize(2, 1);
    QCOMPARE(rows->constFirst().event, expected);
    QCOMPARE(rows->constFirst().acknowledgement, oldAck);
    const auto log = reader.doorOpeningsFor(old.deduplicationKey(), &error);
    QVERIFY2(log.has_value(), qPrintable(error));
    QCOMPARE(*log, QList<DoorOpening> { entry });
}

void TestDoorLog::readerReadsVersion2Database()
{
    {
        DirectConnection v2(dbPath());
        QVERIFY(v2.exec(version1Statements() + legacyEventRows() + version2Statements()));
    }
    // A reader cannot migrate, and an older recorder may still be writing the file: a
    // version 2 database has no door log, which is not an error.
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    error = u"left over"_s;
    const auto log = reader.doorOpeningsFor(legacyEvent().deduplicationKey(), &error);
    QVERIFY(log.has_value());
    QVERIFY(log->isEmpty());
    QCOMPARE(error, QString());
    reader.close();
    QCOMPARE(queryValue(dbPath(), u"SELECT version FROM schema_version"_s).toInt(), 2);
}

QTEST_GUILESS_MAIN(TestDoorLog)
#include "tst_doorlog.moc"
