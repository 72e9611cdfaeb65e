#include "../../common/legacydatabase.h"
#include "../../common/storefixture.h"
#include "store/eventreader.h"
#include "store/eventstore.h"
#include "store/schema.h"
#include "store/snapshotfiles.h"
#include "store/storethread.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;
using StoreFixture::Feeder;

namespace {

// A filter on time, devices and pass, the criteria these tests look at.
EventFilter filterOf(const std::optional<QDateTime> &from, const std::optional<QDateTime> &to,
                     const QStringList &deviceSns, std::optional<bool> pass)
{
    EventFilter filter;
    filter.from = from;
    filter.to = to;
    filter.deviceSns = deviceSns;
    filter.pass = pass;
    return filter;
}

QByteArray fakeJpeg(int seed)
{
    // Every byte value, including NUL, so that a text conversion anywhere would show.
    QByteArray bytes("\xFF\xD8\xFF\xE0", 4);
    for (int i = 0; i < 3000; ++i)
        bytes.append(char((i * 7 + seed) % 256));
    bytes.append("\xFF\xD9", 2);
    return bytes;
}

RecognitionEvent fullEvent()
{
    RecognitionEvent e;
    e.eventType = 0;
    e.deviceSn = u"PS71HD01MC22C00014"_s;
    e.recognizeStatus = 2;
    e.recognitionType = 1;
    e.recognizeScore = 0.9837480783462524;
    e.livenessScore = 0.9073520302772522;
    e.bodyTemperature = 36.7;
    e.mask = 1;
    e.mode = 9;
    e.pass = true;
    e.timestampMs = 1660625866000;
    e.timestampInMillis = false;
    e.uuid = u"3f2a8c0e-uuid-full"_s;
    RecognitionUser user;
    user.name = u"Zoë Ødegård 王小明"_s;
    user.userId = u"E-0042"_s;
    user.type = 1;
    user.icNumber = u"IC123"_s;
    user.jobNumber = u"J-7"_s;
    user.groups = { u"staff"_s, u"night shift"_s };
    user.unknownFields = QJsonObject { { u"avatar_hash"_s, u"abc"_s }, { u"level"_s, 3 } };
    e.user = user;
    e.snapshotJpeg = fakeJpeg(1);
    e.snapshotSize = QSize(640, 480);
    e.unknownFields = QJsonObject {
        { u"futureField"_s, QJsonObject { { u"nested"_s, QJsonArray { 1, u"two"_s, true } } } },
        { u"firmware"_s, u"1.2.3"_s },
    };
    e.rawFrame = R"({"type":0,"data":{"deviceSN":"PS71HD01MC22C00014","rgb_image":"<omitted>"}})";
    e.deviceName = u"Main gate"_s;
    e.receivedAt = QDateTime::fromMSecsSinceEpoch(1660625866123, Qt::UTC);
    e.backfilled = true;
    return e;
}

RecognitionEvent simpleEvent(const QString &sn, qint64 seconds, const QString &uuid = {},
                             std::optional<bool> pass = true)
{
    RecognitionEvent e;
    e.deviceSn = sn;
    e.timestampMs = seconds * 1000;
    e.uuid = uuid;
    e.recognizeStatus = 2;
    e.pass = pass;
    e.receivedAt = QDateTime::fromMSecsSinceEpoch(seconds * 1000 + 5, Qt::UTC);
    return e;
}

StoreOptions options(int flushIntervalMs, int maxBatchSize)
{
    StoreOptions result;
    result.flushIntervalMs = flushIntervalMs;
    result.maxBatchSize = maxBatchSize;
    return result;
}

QList<StoredEventRow> readAll(const QString &path, const EventFilter &filter = {},
                              bool withSnapshots = true)
{
    QList<StoredEventRow> rows;
    EventReader reader;
    QString error;
    if (!reader.open(path, &error)) {
        qWarning() << error;
        return rows;
    }
    if (!reader.forEach(
            filter, withSnapshots,
            [&rows](const StoredEventRow &row) {
                rows.append(row);
                return true;
            },
            &error))
        qWarning() << error;
    return rows;
}

qint64 countAll(const QString &path, const EventFilter &filter = {})
{
    EventReader reader;
    QString error;
    if (!reader.open(path, &error))
        return -2;
    return reader.count(filter, &error);
}

// Runs `statements` through a connection of the test's own.
bool execDirect(const QString &path, const QStringList &statements, QVariant *lastValue = nullptr)
{
    bool ok = true;
    const QString name = u"tst_eventstore.direct"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery query(db);
        for (const QString &statement : statements) {
            if (!ok)
                break;
            ok = query.exec(statement);
            if (!ok)
                qWarning() << statement << query.lastError().text();
            else if (lastValue && query.next())
                *lastValue = query.value(0);
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

class TestEventStore final : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void roundTrip_data();
    void roundTrip();
    void duplicatesStoredOnce();
    void batchesCommitTogether();
    void burstOfSingleEventsCommitsEverything();
    void stopCommitsPendingEvents();
    void stopTwiceIsSafe();
    void createsTheDatabaseForItsOwnerOnly();
    void storeRunsOnItsOwnThread();
    void failingInsertKeepsRestOfBatch();
    void migratesEmptyFileAndReopens();
    void refusesNewerSchema();
    void startFailsForUnwritablePath();
    void readerRefusesMissingOrForeignFiles();
    void readerFilters_data();
    void readerFilters();
    void readerStopsWhenAsked();
    void readerWithoutSnapshots();
    void readerSnapshotForKey();
    void snapshotsBeforeAndAfterTheirFiles();

private:
    QString dbPath() const { return m_dir->filePath(u"events.sqlite"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestEventStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestEventStore::roundTrip_data()
{
    QTest::addColumn<RecognitionEvent>("event");

    QTest::newRow("every field") << fullEvent();

    RecognitionEvent minimal;
    minimal.deviceSn = u"SN-MIN"_s;
    QTest::newRow("nothing optional") << minimal;

    // Zero is a value: it must not come back as "absent", nor absent as zero.
    RecognitionEvent zeros;
    zeros.deviceSn = u"SN-ZERO"_s;
    zeros.recognizeStatus = 0;
    zeros.recognitionType = 0;
    zeros.recognizeScore = 0.0;
    zeros.livenessScore = -0.5;
    zeros.bodyTemperature = 0.0;
    zeros.mask = 0;
    zeros.mode = 0;
    zeros.pass = false;
    zeros.timestampMs = 0;
    zeros.user = RecognitionUser {};
    zeros.user->type = 0;
    QTest::newRow("zeros and false") << zeros;

    RecognitionEvent stranger = fullEvent();
    stranger.uuid = u"stranger"_s;
    stranger.user.reset();
    stranger.recognizeStatus = 3;
    stranger.pass = false;
    QTest::newRow("stranger without user") << stranger;

    RecognitionEvent emptyUser = fullEvent();
    emptyUser.uuid = u"empty-user"_s;
    emptyUser.user = RecognitionUser {};
    QTest::newRow("user object with nothing in it") << emptyUser;

    RecognitionEvent millis = fullEvent();
    millis.uuid = u"millis"_s;
    millis.timestampMs = 1660625866789;
    millis.timestampInMillis = true;
    QTest::newRow("timestamp in milliseconds") << millis;

    RecognitionEvent brokenSnapshot = fullEvent();
    brokenSnapshot.uuid = u"broken-snapshot"_s;
    brokenSnapshot.snapshotJpeg.clear();
    brokenSnapshot.snapshotSize = QSize();
    brokenSnapshot.snapshotError = u"not a JPEG"_s;
    QTest::newRow("snapshot rejected") << brokenSnapshot;

    RecognitionEvent extremes = fullEvent();
    extremes.uuid = u"extremes"_s;
    extremes.recognizeScore = 1e-300;
    extremes.livenessScore = 0.1 + 0.2;
    extremes.bodyTemperature = -273.15;
    extremes.timestampMs = -1000;
    extremes.mode = -1;
    QTest::newRow("extreme numbers") << extremes;
}

void TestEventStore::roundTrip()
{
    QFETCH(RecognitionEvent, event);

    StoreThread store;
    QString error;
    QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
    Feeder feeder;
    connect(&feeder, &Feeder::oneEvent, store.store(), &EventStore::addEvent);
    emit feeder.oneEvent(event);
    store.stop();

    const QList<StoredEventRow> rows = readAll(dbPath());
    QCOMPARE(rows.size(), 1);
    const RecognitionEvent &back = rows.first().event;
    QVERIFY(rows.first().id > 0);
    QCOMPARE(back.deviceSn, event.deviceSn);
    QCOMPARE(back.recognizeStatus, event.recognizeStatus);
    QCOMPARE(back.recognitionType, event.recognitionType);
    QCOMPARE(back.recognizeScore, event.recognizeScore);
    QCOMPARE(back.livenessScore, event.livenessScore);
    QCOMPARE(back.bodyTemperature, event.bodyTemperature);
    QCOMPARE(back.mask, event.mask);
    QCOMPARE(back.mode, event.mode);
    QCOMPARE(back.pass, event.pass);
    QCOMPARE(back.timestampMs, event.timestampMs);
    QCOMPARE(back.timestampInMillis, event.timestampInMillis);
    QCOMPARE(back.uuid, event.uuid);
    QCOMPARE(back.user.has_value(), event.user.has_value());
    if (event.user) {
        QCOMPARE(back.user->name, event.user->name);
        QCOMPARE(back.user->userId, event.user->userId);
        QCOMPARE(back.user->type, event.user->type);
        QCOMPARE(back.user->icNumber, event.user->icNumber);
        QCOMPARE(back.user->jobNumber, event.user->jobNumber);
        QCOMPARE(back.user->groups, event.user->groups);
        QCOMPARE(back.user->unknownFields, event.user->unknownFields);
    }
    QCOMPARE(back.snapshotJpeg, event.snapshotJpeg);
    QCOMPARE(back.snapshotSize, event.snapshotSize);
    QCOMPARE(back.snapshotError, event.snapshotError);
    QCOMPARE(back.unknownFields, event.unknownFields);
    QCOMPARE(back.rawFrame, event.rawFrame);
    QCOMPARE(back.deviceName, event.deviceName);
    QCOMPARE(back.receivedAt, event.receivedAt);
    QCOMPARE(back.backfilled, event.backfilled);
    QVERIFY(back == event);
}

void TestEventStore::duplicatesStoredOnce()
{
    StoreThread store;
    QString error;
    // A long interval: batches end only when the test says so (stop) or by size.
    QVERIFY2(store.start(dbPath(), options(60'000, 1000), &error), qPrintable(error));
    QList<int> committedSizes;
    int duplicates = 0;
    connect(store.store(), &EventStore::committed, this,
            [&](const QList<StoredEvent> &events) { committedSizes.append(int(events.size())); });
    connect(store.store(), &EventStore::duplicatesIgnored, this,
            [&](const QStringList &keys) { duplicates += int(keys.size()); });
    Feeder feeder;
    connect(&feeder, &Feeder::events, store.store(), &EventStore::addEvents);

    RecognitionEvent withUuid = simpleEvent(u"SN1"_s, 1000, u"uuid-1"_s);
    RecognitionEvent sameUuidOtherData = simpleEvent(u"SN1"_s, 2000, u"uuid-1"_s);
    RecognitionEvent noUuid = simpleEvent(u"SN1"_s, 3000);
    noUuid.user = RecognitionUser { u"Q"_s, u"1"_s, 1, {}, {}, {}, {} };
    RecognitionEvent noUuidAgain = noUuid;
    noUuidAgain.receivedAt = noUuidAgain.receivedAt.addSecs(30); // received later, same event
    RecognitionEvent otherStatus = noUuid;
    otherStatus.recognizeStatus = 6;
    RecognitionEvent otherDevice = noUuid;
    otherDevice.deviceSn = u"SN2"_s;

    // Batch 1: duplicates within the batch.
    emit feeder.events({ withUuid, sameUuidOtherData, noUuid, noUuidAgain });
    StoreFixture::flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(committedSizes, QList<int>({ 2 }), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(duplicates, 2, 5000);

    // Batch 2: duplicates of committed events, and events that only look alike.
    emit feeder.events({ withUuid, noUuidAgain, otherStatus, otherDevice });
    store.stop();
    QTRY_COMPARE_WITH_TIMEOUT(committedSizes, QList<int>({ 2, 2 }), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(duplicates, 4, 5000);

    const QList<StoredEventRow> rows = readAll(dbPath());
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.at(0).event, withUuid); // the first one wins
    QCOMPARE(rows.at(1).event, noUuid);
    QCOMPARE(rows.at(2).event, otherStatus);
    QCOMPARE(rows.at(3).event, otherDevice);
}

void TestEventStore::batchesCommitTogether()
{
    StoreThread store;
    QString error;
    QVERIFY2(store.start(dbPath(), options(60'000, 100), &error), qPrintable(error));
    QList<QList<StoredEvent>> commits;
    connect(store.store(), &EventStore::committed, this,
            [&](const QList<StoredEvent> &events) { commits.append(events); });
    Feeder feeder;
    connect(&feeder, &Feeder::oneEvent, store.store(), &EventStore::addEvent);

    for (int i = 0; i < 250; ++i)
        emit feeder.oneEvent(simpleEvent(u"SN-%1"_s.arg(i % 3), 10'000 + i));
    // Two full batches commit by size; the last 50 wait for the timer, which is far away.
    QTRY_COMPARE_WITH_TIMEOUT(commits.size(), 2, 5000);
    QCOMPARE(commits.at(0).size(), 100);
    QCOMPARE(commits.at(1).size(), 100);
    QCOMPARE(countAll(dbPath()), 200);

    store.stop();
    QTRY_COMPARE_WITH_TIMEOUT(commits.size(), 3, 5000);
    QCOMPARE(commits.at(2).size(), 50);
    QCOMPARE(countAll(dbPath()), 250);

    // The commits name the events in the order they were added, with their row ids.
    qint64 previousId = 0;
    int index = 0;
    for (const QList<StoredEvent> &commit : std::as_const(commits)) {
        for (const StoredEvent &stored : commit) {
            QVERIFY(stored.id > previousId);
            previousId = stored.id;
            QCOMPARE(stored.deviceSn, u"SN-%1"_s.arg(index % 3));
            QCOMPARE(stored.dedupKey,
                     simpleEvent(u"SN-%1"_s.arg(index % 3), 10'000 + index).deduplicationKey());
            ++index;
        }
    }
    QCOMPARE(index, 250);
}

void TestEventStore::burstOfSingleEventsCommitsEverything()
{
    StoreThread store;
    QString error;
    QVERIFY2(store.start(dbPath(), options(20, 1000), &error), qPrintable(error));
    int commits = 0;
    int committedEvents = 0;
    connect(store.store(), &EventStore::committed, this, [&](const QList<StoredEvent> &events) {
        ++commits;
        committedEvents += int(events.size());
    });
    Feeder feeder;
    connect(&feeder, &Feeder::oneEvent, store.store(), &EventStore::addEvent);
    connect(&feeder, &Feeder::events, store.store(), &EventStore::addEvents);

    // One call: one transaction, whatever the speed of the machine.
    QList<RecognitionEvent> many;
    for (int i = 0; i < 500; ++i)
        many.append(simpleEvent(u"SN"_s, 20'000 + i));
    emit feeder.events(many);
    QTRY_COMPARE_WITH_TIMEOUT(committedEvents, 500, 30000);
    QCOMPARE(commits, 1);

    // Single events arriving one by one commit through the timer, without a stop.
    for (int i = 0; i < 300; ++i)
        emit feeder.oneEvent(simpleEvent(u"SN"_s, 30'000 + i));
    QTRY_COMPARE_WITH_TIMEOUT(committedEvents, 800, 30000);
    QVERIFY(commits <= 1 + 300);
    QCOMPARE(countAll(dbPath()), 800);
}

void TestEventStore::stopCommitsPendingEvents()
{
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), options(60'000, 1000), &error), qPrintable(error));
        Feeder feeder;
        connect(&feeder, &Feeder::oneEvent, store.store(), &EventStore::addEvent);
        for (int i = 0; i < 37; ++i)
            emit feeder.oneEvent(simpleEvent(u"SN"_s, 40'000 + i));
        store.stop();
    }
    QCOMPARE(countAll(dbPath()), 37);

    // The destructor stops as well.
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), options(60'000, 1000), &error), qPrintable(error));
        Feeder feeder;
        connect(&feeder, &Feeder::oneEvent, store.store(), &EventStore::addEvent);
        emit feeder.oneEvent(simpleEvent(u"SN"_s, 50'000));
    }
    QCOMPARE(countAll(dbPath()), 38);
}

void TestEventStore::createsTheDatabaseForItsOwnerOnly()
{
    constexpr auto OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    const auto othersMay = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther
        | QFileDevice::WriteOther;
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), options(60'000, 1000), &error), qPrintable(error));
        Feeder feeder;
        connect(&feeder, &Feeder::oneEvent, store.store(), &EventStore::addEvent);
        emit feeder.oneEvent(simpleEvent(u"SN"_s, 1));
        QVERIFY(QMetaObject::invokeMethod(store.store(), &EventStore::flush,
                                          Qt::BlockingQueuedConnection));
        // The database and its write-ahead log, as they are while recording.
        for (const QString &path : QStringList { dbPath(), dbPath() + u"-wal"_s }) {
            QVERIFY2(QFileInfo::exists(path), qPrintable(path));
            QCOMPARE(QFile::permissions(path) & othersMay, QFileDevice::Permissions());
            QVERIFY((QFile::permissions(path) & OwnerOnly) == OwnerOnly);
        }
        store.stop();
    }
    QCOMPARE(countAll(dbPath()), 1);

    // An existing file keeps the permissions its owner gave it.
    const QString shared = m_dir->filePath(u"shared.sqlite"_s);
    {
        QFile file(shared);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.setPermissions(OwnerOnly | QFileDevice::ReadGroup));
    }
    StoreThread store;
    QString error;
    QVERIFY2(store.start(shared, {}, &error), qPrintable(error));
    store.stop();
    QCOMPARE(QFile::permissions(shared) & othersMay, QFileDevice::ReadGroup);
}

void TestEventStore::stopTwiceIsSafe()
{
    StoreThread store;
    store.stop(); // never started
    QString error;
    QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
    QVERIFY(store.isRunning());
    QVERIFY(!store.start(dbPath(), {}, &error));
    QVERIFY(!error.isEmpty());
    store.stop();
    QVERIFY(!store.isRunning());
    QCOMPARE(store.store(), nullptr);
    store.stop();
    // And it can run again.
    QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
    store.stop();
}

void TestEventStore::storeRunsOnItsOwnThread()
{
    StoreThread store;
    QString error;
    QVERIFY2(store.start(dbPath(), options(10, 1000), &error), qPrintable(error));
    QThread *const storeThread = store.store()->thread();
    QVERIFY(storeThread != QThread::currentThread());

    std::atomic<QThread *> committedOn { nullptr };
    // Direct: the handler runs where the store emits, which must be its own thread.
    connect(
        store.store(), &EventStore::committed, store.store(),
        [&committedOn] { committedOn = QThread::currentThread(); }, Qt::DirectConnection);
    Feeder feeder;
    connect(&feeder, &Feeder::oneEvent, store.store(), &EventStore::addEvent);
    emit feeder.oneEvent(simpleEvent(u"SN"_s, 60'000));
    QTRY_VERIFY_WITH_TIMEOUT(committedOn.load() != nullptr, 5000);
    QCOMPARE(committedOn.load(), storeThread);
    store.stop();
}

void TestEventStore::failingInsertKeepsRestOfBatch()
{
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
        store.stop();
    }
    // A real SQLite failure for one particular event, from a trigger of the test's own.
    QVERIFY(execDirect(dbPath(),
                       { u"CREATE TRIGGER refuse BEFORE INSERT ON events "
                         "WHEN NEW.user_name = 'refuse me' "
                         "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"_s }));

    StoreThread store;
    QString error;
    QVERIFY2(store.start(dbPath(), options(60'000, 1000), &error), qPrintable(error));
    QStringList errors;
    QList<StoredEvent> stored;
    connect(store.store(), &EventStore::storeError, this,
            [&](const QString &message) { errors.append(message); });
    connect(store.store(), &EventStore::committed, this,
            [&](const QList<StoredEvent> &events) { stored.append(events); });
    Feeder feeder;
    connect(&feeder, &Feeder::events, store.store(), &EventStore::addEvents);

    RecognitionEvent bad = fullEvent();
    bad.user->name = u"refuse me"_s;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"refused by the test"_s));
    emit feeder.events({ simpleEvent(u"SN"_s, 1, u"a"_s), bad, simpleEvent(u"SN"_s, 2, u"b"_s) });
    store.stop();

    QTRY_COMPARE_WITH_TIMEOUT(stored.size(), 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 5000);
    QVERIFY2(errors.first().contains(u"refused by the test"_s), qPrintable(errors.first()));
    QVERIFY2(errors.first().contains(bad.deduplicationKey()), qPrintable(errors.first()));
    QCOMPARE(countAll(dbPath()), 2);
    // The failed event left nothing behind, not even its snapshot.
    QVariant snapshots;
    QVERIFY(execDirect(dbPath(), { u"SELECT COUNT(*) FROM snapshots"_s }, &snapshots));
    QCOMPARE(snapshots.toInt(), 0);
}

void TestEventStore::migratesEmptyFileAndReopens()
{
    // An existing, empty file (as `touch` leaves it) is a new database.
    {
        QFile file(dbPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
        Feeder feeder;
        connect(&feeder, &Feeder::oneEvent, store.store(), &EventStore::addEvent);
        emit feeder.oneEvent(fullEvent());
        store.stop();
    }
    QVariant version;
    QVERIFY(execDirect(dbPath(), { u"SELECT version FROM schema_version"_s }, &version));
    QCOMPARE(version.toInt(), Schema::currentVersion());
    QVariant journal;
    QVERIFY(execDirect(dbPath(), { u"PRAGMA journal_mode"_s }, &journal));
    QCOMPARE(journal.toString(), u"wal"_s);

    // Reopening keeps the data and the version, and adds to it.
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
        Feeder feeder;
        connect(&feeder, &Feeder::oneEvent, store.store(), &EventStore::addEvent);
        emit feeder.oneEvent(simpleEvent(u"SN"_s, 70'000));
        store.stop();
    }
    QVariant versionRows;
    QVERIFY(execDirect(dbPath(), { u"SELECT COUNT(*) FROM schema_version"_s }, &versionRows));
    QCOMPARE(versionRows.toInt(), 1);
    QVERIFY(execDirect(dbPath(), { u"SELECT version FROM schema_version"_s }, &version));
    QCOMPARE(version.toInt(), Schema::currentVersion());
    const QList<StoredEventRow> rows = readAll(dbPath());
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(1).event, fullEvent()); // time order: 70'000 s comes first
}

void TestEventStore::refusesNewerSchema()
{
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
    }
    QVERIFY(execDirect(dbPath(), { u"UPDATE schema_version SET version = 999"_s }));

    StoreThread store;
    QString error;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"schema version 999"_s));
    QVERIFY(!store.start(dbPath(), {}, &error));
    QVERIFY2(error.contains(u"999"_s), qPrintable(error));
    QVERIFY(!store.isRunning());

    EventReader reader;
    QVERIFY(!reader.open(dbPath(), &error));
    QVERIFY2(error.contains(u"999"_s), qPrintable(error));

    // The database was left alone.
    QVariant version;
    QVERIFY(execDirect(dbPath(), { u"SELECT version FROM schema_version"_s }, &version));
    QCOMPARE(version.toInt(), 999);
}

void TestEventStore::startFailsForUnwritablePath()
{
    StoreThread store;
    QString error;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Cannot open the database"_s));
    QVERIFY(!store.start(m_dir->filePath(u"no/such/dir/events.sqlite"_s), {}, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!store.isRunning());
    store.stop();
}

void TestEventStore::readerRefusesMissingOrForeignFiles()
{
    EventReader reader;
    QString error;
    QVERIFY(!reader.open(m_dir->filePath(u"missing.sqlite"_s), &error));
    QVERIFY(error.contains(u"missing.sqlite"_s));
    QVERIFY(!QFile::exists(m_dir->filePath(u"missing.sqlite"_s)));

    const QString foreign = m_dir->filePath(u"foreign.sqlite"_s);
    QVERIFY(execDirect(foreign, { u"CREATE TABLE something (x INTEGER)"_s }));
    error.clear();
    QVERIFY(!reader.open(foreign, &error));
    QVERIFY2(error.contains(u"not a GateWatch database"_s), qPrintable(error));
    QVERIFY(!reader.isOpen());
    QCOMPARE(reader.count({}, &error), -1);
}

void TestEventStore::readerFilters_data()
{
    QTest::addColumn<EventFilter>("filter");
    QTest::addColumn<QStringList>("expected"); // uuids, in time order

    const auto at = [](qint64 seconds) {
        return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    };

    QTest::newRow("everything") << EventFilter {}
                                << QStringList { u"no-time"_s, u"a1"_s, u"b1"_s, u"a2"_s,
                                                 u"b2"_s,      u"a3"_s, u"c1"_s };
    QTest::newRow("from, inclusive")
        << filterOf(at(200), {}, {}, {}) << QStringList { u"a2"_s, u"b2"_s, u"a3"_s, u"c1"_s };
    QTest::newRow("to, inclusive")
        << filterOf({}, at(200), {}, {}) << QStringList { u"a1"_s, u"b1"_s, u"a2"_s };
    QTest::newRow("range, both ends inclusive")
        << filterOf(at(150), at(250), {}, {}) << QStringList { u"b1"_s, u"a2"_s, u"b2"_s };
    QTest::newRow("range between events")
        << filterOf(at(151), at(249), {}, {}) << QStringList { u"a2"_s };
    // Times with an offset from UTC mean the same instants.
    QTest::newRow("range with offset")
        << filterOf(at(150).toOffsetFromUtc(3600), at(250).toOffsetFromUtc(-7200), {}, {})
        << QStringList { u"b1"_s, u"a2"_s, u"b2"_s };
    QTest::newRow("one device") << filterOf({}, {}, { u"SN-A"_s }, {})
                                << QStringList { u"no-time"_s, u"a1"_s, u"a2"_s, u"a3"_s };
    QTest::newRow("two devices") << filterOf({}, {}, { u"SN-B"_s, u"SN-C"_s }, {})
                                 << QStringList { u"b1"_s, u"b2"_s, u"c1"_s };
    QTest::newRow("device that looks like SQL")
        << filterOf({}, {}, { u"x' OR '1'='1"_s }, {}) << QStringList {};
    QTest::newRow("passed") << filterOf({}, {}, {}, true)
                            << QStringList { u"no-time"_s, u"a1"_s, u"a2"_s, u"a3"_s };
    QTest::newRow("denied") << filterOf({}, {}, {}, false) << QStringList { u"b1"_s, u"b2"_s };
    QTest::newRow("all criteria") << filterOf(at(100), at(400), { u"SN-A"_s }, true)
                                  << QStringList { u"a1"_s, u"a2"_s, u"a3"_s };
    QTest::newRow("nothing matches") << filterOf(at(1000), {}, {}, {}) << QStringList {};
}

void TestEventStore::readerFilters()
{
    QFETCH(EventFilter, filter);
    QFETCH(QStringList, expected);

    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
        Feeder feeder;
        connect(&feeder, &Feeder::events, store.store(), &EventStore::addEvents);
        RecognitionEvent noTime = simpleEvent(u"SN-A"_s, 0, u"no-time"_s);
        noTime.timestampMs.reset();
        // Added out of time order: the reader sorts.
        emit feeder.events({
            simpleEvent(u"SN-C"_s, 400, u"c1"_s, std::nullopt),
            simpleEvent(u"SN-A"_s, 300, u"a3"_s, true),
            simpleEvent(u"SN-A"_s, 100, u"a1"_s, true),
            simpleEvent(u"SN-B"_s, 150, u"b1"_s, false),
            simpleEvent(u"SN-A"_s, 200, u"a2"_s, true),
            simpleEvent(u"SN-B"_s, 250, u"b2"_s, false),
            noTime,
        });
        store.stop();
    }

    QStringList uuids;
    for (const StoredEventRow &row : readAll(dbPath(), filter))
        uuids.append(row.event.uuid);
    QCOMPARE(uuids, expected);
    QCOMPARE(countAll(dbPath(), filter), expected.size());

    // The most recent ones, newest first, as a live view starts with them.
    QStringList newestFirst = expected;
    std::reverse(newestFirst.begin(), newestFirst.end());
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    QStringList latestUuids;
    for (const int limit : { 0, 2, 100 }) {
        const auto latest = reader.latest(filter, limit, true, &error);
        QVERIFY2(latest.has_value(), qPrintable(error));
        latestUuids.clear();
        for (const StoredEventRow &row : *latest)
            latestUuids.append(row.event.uuid);
        QCOMPARE(latestUuids, newestFirst.mid(0, limit));
    }
}

void TestEventStore::readerStopsWhenAsked()
{
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
        Feeder feeder;
        connect(&feeder, &Feeder::events, store.store(), &EventStore::addEvents);
        QList<RecognitionEvent> events;
        for (int i = 0; i < 20; ++i)
            events.append(simpleEvent(u"SN"_s, 1000 + i));
        emit feeder.events(events);
        store.stop();
    }
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    int seen = 0;
    QVERIFY(reader.forEach(
        {}, false, [&seen](const StoredEventRow &) { return ++seen < 5; }, &error));
    QCOMPARE(seen, 5);
    // The reader is usable again afterwards.
    QCOMPARE(reader.count({}, &error), 20);
}

void TestEventStore::readerWithoutSnapshots()
{
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
        Feeder feeder;
        connect(&feeder, &Feeder::oneEvent, store.store(), &EventStore::addEvent);
        emit feeder.oneEvent(fullEvent());
        store.stop();
    }
    const QList<StoredEventRow> rows = readAll(dbPath(), {}, false);
    QCOMPARE(rows.size(), 1);
    QVERIFY(rows.first().event.snapshotJpeg.isEmpty());
    RecognitionEvent expected = fullEvent();
    expected.snapshotJpeg.clear();
    expected.snapshotSize = QSize();
    QCOMPARE(rows.first().event, expected);
}

void TestEventStore::readerSnapshotForKey()
{
    const RecognitionEvent withSnapshot = fullEvent();
    RecognitionEvent withoutSnapshot = simpleEvent(u"PS71HD01MC22C00015"_s, 1660625900);
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
        Feeder feeder;
        connect(&feeder, &Feeder::events, store.store(), &EventStore::addEvents);
        emit feeder.events({ withSnapshot, withoutSnapshot });
        store.stop();
    }

    EventReader reader;
    QString error;
    QVERIFY(!reader.snapshotFor(withSnapshot.deduplicationKey(), &error));
    QVERIFY(!error.isEmpty()); // not open yet

    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    const auto bytes = reader.snapshotFor(withSnapshot.deduplicationKey(), &error);
    QVERIFY2(bytes.has_value(), qPrintable(error));
    QCOMPARE(*bytes, withSnapshot.snapshotJpeg);

    const auto none = reader.snapshotFor(withoutSnapshot.deduplicationKey(), &error);
    QVERIFY2(none.has_value(), qPrintable(error));
    QVERIFY(none->isEmpty());

    error.clear();
    QVERIFY(!reader.snapshotFor(u"no such key"_s, &error));
    QVERIFY2(error.contains(u"no such key"_s), qPrintable(error));
}

void TestEventStore::snapshotsBeforeAndAfterTheirFiles()
{
    // A database of an older version, its snapshot in its row; the store updates it and adds
    // an event whose snapshot goes to a segment file.
    {
        LegacyDatabase::DirectConnection v3(dbPath());
        QVERIFY(v3.exec(LegacyDatabase::version3Database() + LegacyDatabase::legacyEventRows()));
    }
    const QString oldKey = LegacyDatabase::legacyEvent().deduplicationKey();
    const QByteArray oldJpeg = QByteArray::fromHex("FFD8FFD9");
    const RecognitionEvent fresh = fullEvent();
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
        Feeder feeder;
        connect(&feeder, &Feeder::oneEvent, store.store(), &EventStore::addEvent);
        emit feeder.oneEvent(fresh);
        store.stop();
    }
    QVariant count;
    QVERIFY(execDirect(dbPath(),
                       { u"SELECT COUNT(*) FROM snapshots WHERE jpeg IS NOT NULL AND segment IS "_s
                         u"NULL"_s },
                       &count));
    QCOMPARE(count.toInt(), 1); // not rewritten
    QVERIFY(execDirect(dbPath(),
                       { u"SELECT COUNT(*) FROM snapshots WHERE jpeg IS NULL AND segment = 1 "_s
                         u"AND segment_offset = 0 AND byte_length = "_s
                         + QString::number(fresh.snapshotJpeg.size()) },
                       &count));
    QCOMPARE(count.toInt(), 1);
    const QString segment = SnapshotFiles::segmentPath(SnapshotFiles::folderFor(dbPath()), 1);
    QCOMPARE(QFileInfo(segment).size(), fresh.snapshotJpeg.size());

    // Each way of reading finds both.
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    QCOMPARE(reader.snapshotFor(oldKey, &error).value_or(QByteArray()), oldJpeg);
    QCOMPARE(reader.snapshotFor(fresh.deduplicationKey(), &error).value_or(QByteArray()),
             fresh.snapshotJpeg);
    for (const EventReader::Detail detail :
         { EventReader::Detail::Full, EventReader::Detail::Listing }) {
        QHash<QString, QByteArray> listed;
        QVERIFY2(reader.forEach(
                     {}, true,
                     [&listed](const StoredEventRow &row) {
                         listed.insert(row.event.deduplicationKey(), row.event.snapshotJpeg);
                         return true;
                     },
                     &error, detail),
                 qPrintable(error));
        QCOMPARE(listed.value(oldKey), oldJpeg);
        QCOMPARE(listed.value(fresh.deduplicationKey()), fresh.snapshotJpeg);
    }
    const std::optional<EventPage> page = reader.page({}, &error);
    QVERIFY2(page, qPrintable(error));
    QCOMPARE(page->rows.size(), 2);
    QList<qint64> ids;
    for (const EventPage::Row &row : page->rows) {
        QVERIFY(row.hasSnapshot);
        ids.append(row.id);
    }
    const auto snapshots = reader.snapshotsFor(ids, &error);
    QVERIFY2(snapshots, qPrintable(error));
    QCOMPARE(snapshots->size(), 2);
    QVERIFY(snapshots->values().contains(oldJpeg));
    QVERIFY(snapshots->values().contains(fresh.snapshotJpeg));

    // Bytes gone from their file are said, not passed off as no snapshot.
    QVERIFY(QFile::resize(segment, 10));
    QVERIFY(!reader.snapshotFor(fresh.deduplicationKey(), &error));
    QVERIFY2(error.contains(u"cannot be read"_s) && error.contains(segment), qPrintable(error));
    QVERIFY2(reader.forEach(
                 {}, true,
                 [&](const StoredEventRow &row) {
                     if (row.event.deduplicationKey() == fresh.deduplicationKey())
                         error = row.event.snapshotError;
                     return true;
                 },
                 nullptr, EventReader::Detail::Listing),
             "");
    QVERIFY2(error.contains(segment), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"
