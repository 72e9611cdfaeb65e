// The store on a real file system that fills up or turns read-only: a small tmpfs in a mount
// namespace of the test's own. Writing stops with one clear message that names the file and
// the reason; attempts to write again come further and further apart, without a word each; what
// arrives meanwhile is held, within bounds, and what is let go is counted and said; writing
// resumes by itself when space or write access returns, and the held events are stored once.
// What was committed before stays intact and readable throughout. A database that cannot be
// written is refused at start, with the reason.

#include "../../common/smallfilesystem.h"
#include "../../common/storefixture.h"
#include "store/eventreader.h"
#include "store/eventstore.h"
#include "store/snapshotfiles.h"
#include "store/storethread.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <memory>
#include <mutex>
#include <optional>

using namespace Qt::StringLiterals;
using PrivateMounts::SmallFileSystem;
using StoreFixture::Feeder;

namespace {

constexpr int Timeout = 30'000;
constexpr qsizetype KiB = 1024;
constexpr qint64 FileSystemBytes = 8 * KiB * KiB;

// An event with a snapshot of `snapshotBytes` bytes that differ from event to event. The store
// keeps snapshots byte for byte without decoding them.
RecognitionEvent eventWithSnapshot(int n, qsizetype snapshotBytes)
{
    RecognitionEvent e;
    e.deviceSn = u"PS71HD01MC22C00014"_s;
    e.uuid = u"event-%1"_s.arg(n);
    e.timestampMs = 1'700'000'000'000 + n * 1000LL;
    e.recognizeStatus = 1;
    e.pass = true;
    e.deviceName = u"Main gate"_s;
    e.receivedAt = QDateTime::fromMSecsSinceEpoch(*e.timestampMs + 5, Qt::UTC);
    e.rawFrame = R"({"type":0,"data":{"rgb_image":"<omitted>"}})";
    QByteArray jpeg(snapshotBytes, Qt::Uninitialized);
    for (qsizetype i = 0; i < jpeg.size(); ++i)
        jpeg[i] = char((i * 31 + qsizetype { n } * 7) % 251);
    e.snapshotJpeg = jpeg;
    e.snapshotSize = QSize(640, 480);
    return e;
}

QList<RecognitionEvent> eventsWithSnapshots(int first, int count, qsizetype snapshotBytes)
{
    QList<RecognitionEvent> events;
    for (int n = first; n < first + count; ++n)
        events.append(eventWithSnapshot(n, snapshotBytes));
    return events;
}

StoreOptions fastRetries()
{
    StoreOptions options = StoreFixture::manualFlush(); // commits when the test flushes
    options.retryIntervalMs = 250;
    options.maxRetryIntervalMs = 1000;
    return options;
}

// What the store says, collected on this thread; and when each report of what it holds was
// emitted, taken on the store's thread (this thread may see them later, in a bunch).
class StoreWatch final : public QObject
{
    Q_OBJECT

public:
    void attach(EventStore *store)
    {
        m_clock.start();
        connect(store, &EventStore::writableChanged, this,
                [this](bool writable, const QString &message) {
                    changes.append({ writable, message });
                });
        connect(store, &EventStore::storeError, this,
                [this](const QString &message) { errors.append(message); });
        connect(store, &EventStore::committed, this, [this](const QList<StoredEvent> &events) {
            for (const StoredEvent &event : events)
                stored.append(event.dedupKey);
        });
        connect(store, &EventStore::heldChanged, this,
                [this](const HeldEvents &report) { held = report; });
        connect(
            store, &EventStore::heldChanged, this,
            [this](const HeldEvents &) {
                const std::lock_guard lock(m_mutex);
                m_reportTimes.append(m_clock.elapsed());
            },
            Qt::DirectConnection);
    }

    QList<qint64> reportTimes() const
    {
        const std::lock_guard lock(m_mutex);
        return m_reportTimes;
    }

    QList<std::pair<bool, QString>> changes;
    QStringList errors;
    QStringList stored;
    HeldEvents held;

private:
    QElapsedTimer m_clock;
    mutable std::mutex m_mutex;
    QList<qint64> m_reportTimes;
};

QString integrityOf(const QString &path)
{
    QString result;
    const QString name = u"tst_unwritabledatabase.check"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open()) {
            result = db.lastError().text();
        } else {
            QSqlQuery query(db);
            if (query.exec(u"PRAGMA integrity_check"_s) && query.next())
                result = query.value(0).toString();
            else
                result = query.lastError().text();
            query.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

// Whether the snapshot segment files hold exactly the bytes rows point at: each file from its
// start to its end, snapshot after snapshot, nothing left over from a batch that failed. Empty
// when they do, else what is wrong.
QString snapshotFilesProblem(const QString &path)
{
    QString problem;
    const QString folder = SnapshotFiles::folderFor(path);
    const QString name = u"tst_unwritabledatabase.files"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        QSqlQuery query(db);
        if (!db.open()
            || !query.exec(u"SELECT segment, segment_offset, byte_length FROM snapshots "_s
                           u"WHERE segment IS NOT NULL ORDER BY segment, segment_offset"_s)) {
            problem = db.lastError().text() + query.lastError().text();
        } else {
            QHash<qint64, qint64> ends;
            while (problem.isEmpty() && query.next()) {
                const qint64 segment = query.value(0).toLongLong();
                const qint64 offset = query.value(1).toLongLong();
                if (offset != ends.value(segment))
                    problem
                        = u"segment %1: a snapshot at %2, the one before ends at %3"_s.arg(segment)
                              .arg(offset)
                              .arg(ends.value(segment));
                ends[segment] = offset + query.value(2).toLongLong();
            }
            for (const qint64 segment : SnapshotFiles::segments(folder)) {
                const qint64 size = QFileInfo(SnapshotFiles::segmentPath(folder, segment)).size();
                if (problem.isEmpty() && size != ends.value(segment))
                    problem = u"segment %1 holds %2 bytes, its snapshots %3"_s.arg(segment)
                                  .arg(size)
                                  .arg(ends.value(segment));
            }
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return problem;
}

// Every event in the database by key; a key stored twice makes it fail.
QHash<QString, RecognitionEvent> storedEvents(const QString &path, QString *error)
{
    QHash<QString, RecognitionEvent> events;
    EventReader reader;
    if (!reader.open(path, error))
        return events;
    const bool ok = reader.forEach(
        EventFilter {}, true,
        [&events, error](const StoredEventRow &row) {
            const QString key = row.event.deduplicationKey();
            if (events.contains(key)) {
                *error = u"stored twice: %1"_s.arg(key);
                return false;
            }
            events.insert(key, row.event);
            return true;
        },
        error);
    if (!ok && error->isEmpty())
        *error = u"could not read the events"_s;
    return events;
}

} // namespace

class TestUnwritableDatabase final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void diskFullStopsOnceAndResumesWhenSpaceReturns();
    void readOnlyFileSystemWhileStoppedThenWritable();
    void heldEventsAreBoundedAndWhatIsLetGoIsSaid();
    void readOnlyDatabaseIsRefusedAtStart();

private:
    QString dbPath() const { return m_fs->filePath(u"events.sqlite"_s); }
    // Every event of `expected` is in the database, once, exactly as given; nothing else is.
    void verifyDatabaseHolds(const QList<RecognitionEvent> &expected);
    // Read-only as soon as no file there is open for writing (the store lets go of its files
    // between attempts).
    void remountReadOnly();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SmallFileSystem> m_fs;
};

void TestUnwritableDatabase::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fs = std::make_unique<SmallFileSystem>();
    QString error;
    QVERIFY2(m_fs->mount(m_dir->filePath(u"small"_s), FileSystemBytes, &error), qPrintable(error));
}

void TestUnwritableDatabase::cleanup()
{
    m_fs.reset(); // unmounted before the folder goes
    m_dir.reset();
}

void TestUnwritableDatabase::verifyDatabaseHolds(const QList<RecognitionEvent> &expected)
{
    QCOMPARE(integrityOf(dbPath()), u"ok"_s);
    QCOMPARE(snapshotFilesProblem(dbPath()), QString());
    QString error;
    const QHash<QString, RecognitionEvent> stored = storedEvents(dbPath(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(stored.size(), expected.size());
    for (const RecognitionEvent &event : expected) {
        const QString key = event.deduplicationKey();
        QVERIFY2(stored.contains(key), qPrintable(u"missing: "_s + key));
        QVERIFY2(stored.value(key) == event, qPrintable(u"stored differently: "_s + key));
    }
}

void TestUnwritableDatabase::remountReadOnly()
{
    QString error;
    QTRY_VERIFY2_WITH_TIMEOUT(m_fs->remount(true, 0, &error), qPrintable(error), Timeout);
}

void TestUnwritableDatabase::diskFullStopsOnceAndResumesWhenSpaceReturns()
{
    StoreWatch watch;
    StoreThread store;
    Feeder feeder;
    QVERIFY(StoreFixture::startStore(store, dbPath(), fastRetries(), feeder));
    watch.attach(store.store());

    const QList<RecognitionEvent> before = eventsWithSnapshots(0, 20, 4 * KiB);
    emit feeder.events(before);
    StoreFixture::flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(watch.stored.size(), 20, Timeout);

    QString error;
    QVERIFY2(m_fs->fill(&error), qPrintable(error));
    QCOMPARE(m_fs->freeBytes(), 0);
    // 3 MiB of snapshots: more than the free space of the WAL file, which SQLite reuses.
    const QList<RecognitionEvent> failed = eventsWithSnapshots(100, 6, 512 * KiB);
    emit feeder.events(failed);
    StoreFixture::flush(store);

    QTRY_COMPARE_WITH_TIMEOUT(watch.changes.size(), 1, Timeout);
    QCOMPARE(watch.changes.at(0).first, false);
    const QString stopped = watch.changes.at(0).second;
    QVERIFY2(stopped.startsWith(u"Recording stopped: the disk holding %1 is full"_s.arg(dbPath())),
             qPrintable(stopped));
    QVERIFY2(stopped.contains(u"free space on that disk"_s), qPrintable(stopped));
    QCOMPARE(StoreFixture::countOf(store, &EventStore::pendingCount), 6);

    // What was committed is there and can be read while the disk is full.
    {
        EventReader reader;
        QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
        QCOMPARE(reader.count(EventFilter {}, &error), 20);
    }

    // The first report comes with the stop, one more with each attempt: 250, 500, 1000, 1000 ms
    // apart at least (timers may fire a little early), and not one more message.
    QTRY_VERIFY_WITH_TIMEOUT(watch.reportTimes().size() >= 5, Timeout);
    const QList<qint64> times = watch.reportTimes();
    for (int i = 1; i < 5; ++i) {
        const qint64 expected = std::min<qint64>(250LL << (i - 1), 1000);
        const qint64 gap = times.at(i) - times.at(i - 1);
        QVERIFY2(
            gap >= expected * 9 / 10,
            qPrintable(u"attempt %1 came %2 ms after the one before, not %3"_s.arg(i).arg(gap).arg(
                expected)));
    }
    QCOMPARE(watch.changes.size(), 1);
    QCOMPARE(watch.errors, QStringList());

    // A terminal that comes back asks where its back-fill starts: read from the database (the
    // request makes one more attempt to write first, which fails quietly).
    std::optional<std::pair<qint64, QString>> backfillStart;
    connect(store.store(), &EventStore::backfillStartFound, &watch,
            [&backfillStart](quint64 requestId, qint64 fromMs, const QString &failure) {
                if (requestId == 7)
                    backfillStart.emplace(fromMs, failure);
            });
    EventStore *const s = store.store();
    QMetaObject::invokeMethod(s, [s, sn = before.constLast().deviceSn] {
        s->findBackfillStart(7, sn, std::numeric_limits<qint64>::max());
    });
    QTRY_VERIFY_WITH_TIMEOUT(backfillStart.has_value(), Timeout);
    QCOMPARE(backfillStart->second, QString());
    QCOMPARE(backfillStart->first, *before.constLast().timestampMs);
    QCOMPARE(watch.changes.size(), 1);

    // Held while it cannot write, and counted.
    const QList<RecognitionEvent> during = eventsWithSnapshots(200, 30, 2 * KiB);
    emit feeder.events(during);
    QTRY_COMPARE_WITH_TIMEOUT(watch.held.waiting, 36, Timeout);
    QCOMPARE(watch.held.droppedEvents, 0);
    QCOMPARE(watch.held.droppedSnapshots, 0);
    QCOMPARE(watch.stored.size(), 20);

    QVERIFY(m_fs->removeFiller());
    QTRY_COMPARE_WITH_TIMEOUT(watch.changes.size(), 2, Timeout);
    QCOMPARE(watch.changes.at(1).first, true);
    const QString resumed = watch.changes.at(1).second;
    QVERIFY2(resumed.startsWith(u"Recording resumed: %1 can be written again."_s.arg(dbPath())),
             qPrintable(resumed));
    QVERIFY2(resumed.contains(u"36 event(s) received while it could not be written were stored"_s),
             qPrintable(resumed));
    QVERIFY2(!resumed.contains(u"could not be kept"_s), qPrintable(resumed));
    QTRY_COMPARE_WITH_TIMEOUT(watch.held, HeldEvents {}, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(watch.stored.size(), 56, Timeout);
    QCOMPARE(watch.errors, QStringList());

    // Writing again as usual: the next event commits with the next flush.
    emit feeder.oneEvent(eventWithSnapshot(300, 1024));
    StoreFixture::flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(watch.stored.size(), 57, Timeout);
    store.stop();
    QCOMPARE(watch.changes.size(), 2);

    verifyDatabaseHolds(before + failed + during + QList { eventWithSnapshot(300, 1024) });
}

void TestUnwritableDatabase::readOnlyFileSystemWhileStoppedThenWritable()
{
    StoreWatch watch;
    StoreThread store;
    Feeder feeder;
    QVERIFY(StoreFixture::startStore(store, dbPath(), fastRetries(), feeder));
    watch.attach(store.store());
    const QList<RecognitionEvent> before = eventsWithSnapshots(0, 10, 4 * KiB);
    emit feeder.events(before);
    StoreFixture::flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(watch.stored.size(), 10, Timeout);

    // A file system cannot be made read-only while a program has a file open on it for
    // writing (the kernel refuses: EBUSY). The store lets go of its files once it cannot write:
    // a full disk first, then the administrator remounts it read-only.
    QString error;
    QVERIFY2(m_fs->fill(&error), qPrintable(error));
    const QList<RecognitionEvent> failed = eventsWithSnapshots(100, 6, 512 * KiB);
    emit feeder.events(failed);
    StoreFixture::flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(watch.changes.size(), 1, Timeout);
    QVERIFY2(watch.changes.at(0).second.contains(u"is full"_s),
             qPrintable(watch.changes.at(0).second));

    remountReadOnly();
    // The reason changed: said once more, naming it.
    QTRY_COMPARE_WITH_TIMEOUT(watch.changes.size(), 2, Timeout);
    QCOMPARE(watch.changes.at(1).first, false);
    const QString readOnly = watch.changes.at(1).second;
    QVERIFY2(readOnly.startsWith(
                 u"Recording stopped: the file system holding %1 is read-only"_s.arg(dbPath())),
             qPrintable(readOnly));
    QVERIFY2(readOnly.contains(u"remount it read-write"_s), qPrintable(readOnly));

    const QList<RecognitionEvent> during = eventsWithSnapshots(200, 5, 2 * KiB);
    emit feeder.events(during);
    QTRY_COMPARE_WITH_TIMEOUT(watch.held.waiting, 11, Timeout);
    // Further attempts on the read-only file system add no message.
    const qsizetype reports = watch.reportTimes().size();
    QTRY_VERIFY_WITH_TIMEOUT(watch.reportTimes().size() >= reports + 2, Timeout);
    QCOMPARE(watch.changes.size(), 2);

    // Writable again, and with room to spare.
    QVERIFY2(m_fs->remount(false, 2 * FileSystemBytes, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(watch.changes.size(), 3, Timeout);
    QCOMPARE(watch.changes.at(2).first, true);
    QVERIFY2(watch.changes.at(2).second.contains(
                 u"11 event(s) received while it could not be written were stored"_s),
             qPrintable(watch.changes.at(2).second));
    QTRY_COMPARE_WITH_TIMEOUT(watch.stored.size(), 21, Timeout);
    store.stop();
    QCOMPARE(watch.errors, QStringList());
    verifyDatabaseHolds(before + failed + during);
}

void TestUnwritableDatabase::heldEventsAreBoundedAndWhatIsLetGoIsSaid()
{
    StoreOptions options = fastRetries();
    options.maxHeldEvents = 50;
    options.maxHeldSnapshotBytes = 64 * KiB;
    StoreWatch watch;
    StoreThread store;
    Feeder feeder;
    QVERIFY(StoreFixture::startStore(store, dbPath(), options, feeder));
    watch.attach(store.store());
    const QList<RecognitionEvent> before = eventsWithSnapshots(0, 5, 4096);
    emit feeder.events(before);
    StoreFixture::flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(watch.stored.size(), 5, Timeout);

    QString error;
    QVERIFY2(m_fs->fill(&error), qPrintable(error));
    const QList<RecognitionEvent> failed = eventsWithSnapshots(100, 6, 512 * KiB);
    emit feeder.events(failed);
    StoreFixture::flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(watch.changes.size(), 1, Timeout);

    // The failed batch alone holds more snapshot bytes than the bound: what arrives now is
    // kept without its snapshot, up to 50 events waiting; after that, not kept at all.
    const QList<RecognitionEvent> during = eventsWithSnapshots(200, 70, 4096);
    emit feeder.events(during);
    QTRY_COMPARE_WITH_TIMEOUT(watch.held, (HeldEvents { 50, 26, 44 }), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(watch.errors.size(), 2, Timeout);
    QVERIFY2(watch.errors.at(0).contains(u"kept without their snapshot"_s),
             qPrintable(watch.errors.at(0)));
    QVERIFY2(watch.errors.at(1).contains(u"50 event(s) wait to be stored"_s)
                 && watch.errors.at(1).contains(u"not stored"_s),
             qPrintable(watch.errors.at(1)));
    // Said once each, not for every event let go.
    emit feeder.events(eventsWithSnapshots(300, 10, 4096));
    QTRY_COMPARE_WITH_TIMEOUT(watch.held.droppedEvents, 36, Timeout);
    QCOMPARE(watch.errors.size(), 2);

    QVERIFY(m_fs->removeFiller());
    QTRY_COMPARE_WITH_TIMEOUT(watch.changes.size(), 2, Timeout);
    const QString resumed = watch.changes.at(1).second;
    QVERIFY2(resumed.contains(u"50 event(s) received while it could not be written were stored"_s),
             qPrintable(resumed));
    QVERIFY2(resumed.contains(u"36 event(s) received from "_s)
                 && resumed.contains(u"could not be kept and are not in the database"_s),
             qPrintable(resumed));
    QVERIFY2(resumed.contains(u"44 event(s) were stored without their snapshot"_s),
             qPrintable(resumed));
    QTRY_COMPARE_WITH_TIMEOUT(watch.stored.size(), 55, Timeout);
    store.stop();

    // The first 44 of those that arrived while stopped, without their snapshot and saying so.
    QList<RecognitionEvent> expected = before + failed;
    for (int i = 0; i < 44; ++i) {
        RecognitionEvent event = during.at(i);
        event.snapshotJpeg.clear();
        event.snapshotSize = QSize();
        event.snapshotError = u"not kept: it arrived while the database could not be written, "
                              "with the memory for snapshots waiting to be stored full"_s;
        expected.append(event);
    }
    verifyDatabaseHolds(expected);
}

void TestUnwritableDatabase::readOnlyDatabaseIsRefusedAtStart()
{
    const QList<RecognitionEvent> before = eventsWithSnapshots(0, 3, 4096);
    StoreFixture::writeHistory(dbPath(), before);
    remountReadOnly();

    {
        StoreThread store;
        QString error;
        QVERIFY(!store.start(dbPath(), {}, &error));
        QVERIFY(!store.isRunning());
        QVERIFY2(error.startsWith(u"Cannot open the database %1 for writing: the file system "
                                  "holding %1 is read-only"_s.arg(dbPath())),
                 qPrintable(error));
        QVERIFY2(error.contains(u"remount it read-write"_s), qPrintable(error));
    }

    QString error;
    QVERIFY2(m_fs->remount(false, 0, &error), qPrintable(error));
    {
        StoreThread store;
        QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
    }
    verifyDatabaseHolds(before);
}

GW_TEST_MAIN_WITH_PRIVATE_MOUNTS(TestUnwritableDatabase, QCoreApplication)
#include "tst_unwritabledatabase.moc"
