#include "../../common/storefixture.h"
#include "store/eventreader.h"
#include "store/eventstore.h"
#include "store/historypurger.h"
#include "store/snapshotfiles.h"
#include "store/storethread.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using StoreFixture::Feeder;

namespace {

constexpr qint64 SecondMs = 1000;
constexpr qint64 DayMs = SecondMs * 60 * 60 * 24;
constexpr int Timeout = 30000;
constexpr qint64 SegmentBytes = qint64 { 64 } * 1024;

QByteArray fakeJpeg(int seed, int size = 3000)
{
    QByteArray bytes("\xFF\xD8\xFF\xE0", 4);
    for (int i = 0; i < size; ++i)
        bytes.append(char((i * 7 + seed) % 256));
    bytes.append("\xFF\xD9", 2);
    return bytes;
}

// An event `ageMs` old, with a snapshot unless `withSnapshot` is false.
RecognitionEvent eventAged(qint64 nowMs, qint64 ageMs, const QString &uuid,
                           bool withSnapshot = true)
{
    RecognitionEvent e;
    e.deviceSn = u"PS71HD01MC22C00014"_s;
    e.timestampMs = nowMs - ageMs;
    e.uuid = uuid;
    e.recognizeStatus = 2;
    e.pass = true;
    e.receivedAt = QDateTime::fromMSecsSinceEpoch(nowMs - ageMs + 5, Qt::UTC);
    if (withSnapshot) {
        e.snapshotJpeg = fakeJpeg(int(uuid.size() + ageMs % 97));
        e.snapshotSize = QSize(64, 64);
    }
    return e;
}

} // namespace

class TestHistoryPurger final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void deletesRecordsOlderThanTheirDays();
    void dropsFacesBeforeRecords();
    void keepsSnapshotsWithinTheirSize();
    void releasesFreedPagesOfANewDatabase();
    void deletesSnapshotFilesOnceUnused();
    void keepsRecordingWhilePurging();
    void withoutALimitDeletesNothing();

private:
    QString dbPath() const { return m_dir->filePath(u"history.sqlite"_s); }
    void store(const QList<RecognitionEvent> &events);
    PurgeReport purge(const RetentionPolicy &policy);
    QVariant scalar(const QString &sql);
    QStringList uuids(const QString &sql);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StoreThread> m_thread;
    Feeder m_feeder;
    QObject m_context;
    QList<PurgeReport> m_reports;
    qint64 m_stored = 0;
    qint64 m_now = QDateTime::currentMSecsSinceEpoch();
};

void TestHistoryPurger::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_thread = std::make_unique<StoreThread>();
    StoreOptions options;
    options.flushIntervalMs = 10;
    // Small segment files, so that a few dozen snapshots fill several.
    options.snapshotSegmentBytes = SegmentBytes;
    QVERIFY(StoreFixture::startStore(*m_thread, dbPath(), options, m_feeder));
    QVERIFY(m_thread->purger());
    connect(m_thread->store(), &EventStore::committed, &m_context,
            [this](const QList<StoredEvent> &events) { m_stored += events.size(); });
    connect(m_thread->purger(), &HistoryPurger::purgeFinished, &m_context,
            [this](const PurgeReport &report) { m_reports.append(report); });
    m_reports.clear();
    m_stored = 0;
}

void TestHistoryPurger::cleanup()
{
    m_thread.reset();
    QSqlDatabase::removeDatabase(u"purger-test"_s);
    m_dir.reset();
}

void TestHistoryPurger::store(const QList<RecognitionEvent> &events)
{
    const qint64 expected = m_stored + events.size();
    emit m_feeder.events(events);
    QTRY_COMPARE_WITH_TIMEOUT(m_stored, expected, Timeout);
}

PurgeReport TestHistoryPurger::purge(const RetentionPolicy &policy)
{
    const qsizetype before = m_reports.size();
    HistoryPurger *purger = m_thread->purger();
    QMetaObject::invokeMethod(purger, [purger, policy] {
        // Exactly one purge: a new policy with a limit starts one by itself.
        const bool starts = policy.isActive() && !(purger->policy() == policy);
        purger->setPolicy(policy);
        if (!starts)
            purger->purgeNow();
    });
    [&] {
        QTRY_COMPARE_WITH_TIMEOUT(m_reports.size(), before + 1, Timeout);
    }();
    return m_reports.size() == before + 1 ? m_reports.constLast() : PurgeReport {};
}

QVariant TestHistoryPurger::scalar(const QString &sql)
{
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"purger-test"_s);
        db.setDatabaseName(dbPath());
        if (!db.open())
            return {};
        QSqlQuery query(db);
        if (query.exec(sql) && query.next())
            value = query.value(0);
        else
            qWarning() << sql << query.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"purger-test"_s);
    return value;
}

QStringList TestHistoryPurger::uuids(const QString &sql)
{
    QStringList values;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"purger-test"_s);
        db.setDatabaseName(dbPath());
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql)) {
                while (query.next())
                    values.append(query.value(0).toString());
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(u"purger-test"_s);
    values.sort();
    return values;
}

void TestHistoryPurger::deletesRecordsOlderThanTheirDays()
{
    // More old events than one transaction deletes, one of them acknowledged and answered by a
    // door opening; one without a recognition time, received long ago; the recent ones stay.
    QList<RecognitionEvent> events;
    for (int i = 0; i < HistoryPurger::ChunkRows * 2 + 17; ++i)
        events.append(eventAged(m_now, 40 * DayMs + i * SecondMs, u"old-%1"_s.arg(i)));
    RecognitionEvent untimed = eventAged(m_now, 45 * DayMs, u"untimed"_s);
    untimed.timestampMs.reset();
    events.append(untimed);
    events.append(eventAged(m_now, 29 * DayMs, u"recent-29d"_s));
    events.append(eventAged(m_now, 60 * SecondMs, u"recent-1min"_s, false));
    store(events);

    const RecognitionEvent &acknowledged = events.first();
    emit m_feeder.acknowledgement(
        { acknowledged.deduplicationKey(), QDateTime::currentDateTimeUtc(), u"alice"_s, {} });
    DoorOpening door;
    door.requestId = u"r1"_s;
    door.dedupKey = acknowledged.deduplicationKey();
    door.deviceSn = acknowledged.deviceSn;
    door.requestedAt = QDateTime::currentDateTimeUtc();
    door.requestedBy = u"alice"_s;
    emit m_feeder.doorOpening(door);
    QTRY_COMPARE_WITH_TIMEOUT(scalar(u"SELECT COUNT(*) FROM door_openings"_s).toInt(), 1, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(scalar(u"SELECT COUNT(*) FROM acknowledgements"_s).toInt(), 1,
                              Timeout);

    RetentionPolicy policy;
    policy.keepEventsDays = 30;
    const PurgeReport report = purge(policy);
    QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
    QCOMPARE(report.eventsDeleted, HistoryPurger::ChunkRows * 2 + 18);
    QCOMPARE(report.snapshotsDeleted, HistoryPurger::ChunkRows * 2 + 18);
    QCOMPARE(report.snapshotBytesDeleted, qint64(HistoryPurger::ChunkRows * 2 + 18) * 3006);

    QCOMPARE(uuids(u"SELECT uuid FROM events"_s),
             QStringList({ u"recent-1min"_s, u"recent-29d"_s }));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM snapshots"_s).toInt(), 1);
    // The acknowledgement went with its event; the door log is an audit trail and stays.
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM acknowledgements"_s).toInt(), 0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM door_openings"_s).toInt(), 1);
}

void TestHistoryPurger::dropsFacesBeforeRecords()
{
    // Faces 30 days, records a year; more snapshots than one window holds, so that the walk
    // goes through several.
    QList<RecognitionEvent> events;
    events.append(eventAged(m_now, 400 * DayMs, u"400d"_s));
    for (int i = 0; i < 2300; ++i)
        events.append(eventAged(m_now, 100 * DayMs + i * SecondMs, u"100d-%1"_s.arg(i)));
    events.append(eventAged(m_now, 5 * DayMs, u"5d"_s));
    // Stored after the recent one, though older: back-filled from a terminal's history.
    events.append(eventAged(m_now, 31 * DayMs, u"31d-backfilled"_s));
    store(events);

    RetentionPolicy policy;
    policy.keepEventsDays = 365;
    policy.keepSnapshotsDays = 30;
    const PurgeReport report = purge(policy);
    QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
    QCOMPARE(report.eventsDeleted, 1);
    QCOMPARE(report.snapshotsDeleted, 2302);

    QCOMPARE(scalar(u"SELECT COUNT(*) FROM events"_s).toInt(), 2302);
    QCOMPARE(uuids(u"SELECT e.uuid FROM events e JOIN snapshots s ON s.event_id = e.id"_s),
             QStringList { u"5d"_s });
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM events WHERE uuid = '400d'"_s).toInt(), 0);
}

void TestHistoryPurger::keepsSnapshotsWithinTheirSize()
{
    QList<RecognitionEvent> events;
    for (int i = 0; i < 10; ++i)
        events.append(eventAged(m_now, SecondMs * 60 * (10 - i), u"e%1"_s.arg(i)));
    store(events);
    const qint64 one = 3006;
    QCOMPARE(scalar(u"SELECT total(byte_length) FROM snapshots"_s).toLongLong(), 10 * one);

    RetentionPolicy policy;
    policy.maxSnapshotBytes = one * 3 + one / 2;
    const PurgeReport report = purge(policy);
    QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
    QCOMPARE(report.eventsDeleted, 0);
    QCOMPARE(report.snapshotsDeleted, 7);
    QCOMPARE(report.snapshotBytesDeleted, 7 * one);
    // The oldest faces went; every record stays.
    QCOMPARE(uuids(u"SELECT e.uuid FROM events e JOIN snapshots s ON s.event_id = e.id"_s),
             QStringList({ u"e7"_s, u"e8"_s, u"e9"_s }));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM events"_s).toInt(), 10);
}

void TestHistoryPurger::releasesFreedPagesOfANewDatabase()
{
    QCOMPARE(scalar(u"PRAGMA auto_vacuum"_s).toInt(), 2); // incremental
    QList<RecognitionEvent> events;
    for (int i = 0; i < 800; ++i) {
        // The snapshot goes to a segment file; the terminal's frame stays in the row.
        RecognitionEvent e = eventAged(m_now, 90 * DayMs + i, u"big-%1"_s.arg(i));
        e.rawFrame = fakeJpeg(i, 20000);
        events.append(e);
    }
    store(events);
    const qint64 pagesBefore = scalar(u"PRAGMA page_count"_s).toLongLong();

    RetentionPolicy policy;
    policy.keepEventsDays = 30;
    const PurgeReport report = purge(policy);
    QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
    QCOMPARE(report.eventsDeleted, 800);
    // 800 rows of 20 kB: about 16 MB, 4 kB pages.
    QVERIFY2(report.pagesReleased > 3000, qPrintable(QString::number(report.pagesReleased)));
    QCOMPARE(scalar(u"PRAGMA freelist_count"_s).toInt(), 0);
    QVERIFY(scalar(u"PRAGMA page_count"_s).toLongLong() < pagesBefore - 3000);
}

void TestHistoryPurger::deletesSnapshotFilesOnceUnused()
{
    // 120 old faces fill several segment files; the 30 recent ones come after them.
    QList<RecognitionEvent> events;
    for (int i = 0; i < 120; ++i)
        events.append(eventAged(m_now, 40 * DayMs - i * SecondMs, u"old-%1"_s.arg(i)));
    for (int i = 0; i < 30; ++i)
        events.append(eventAged(m_now, 60 * SecondMs * (30 - i), u"new-%1"_s.arg(i)));
    store(events);
    const QString folder = SnapshotFiles::folderFor(dbPath());
    const QList<qint64> before = SnapshotFiles::segments(folder);
    // 150 snapshots of about 3 kB in 64 kB segments.
    QVERIFY2(before.size() >= 7, qPrintable(QString::number(before.size())));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM snapshots WHERE jpeg IS NOT NULL"_s).toInt(), 0);

    RetentionPolicy policy;
    policy.keepSnapshotsDays = 30;
    const PurgeReport report = purge(policy);
    QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
    QCOMPARE(report.snapshotsDeleted, 120);

    // Exactly the files a kept snapshot is in remain, and the newest (written to next).
    const QList<qint64> after = SnapshotFiles::segments(folder);
    QStringList referenced = uuids(u"SELECT DISTINCT segment FROM snapshots ORDER BY segment"_s);
    if (referenced.constLast() != QString::number(after.constLast()))
        referenced.append(QString::number(after.constLast()));
    QStringList remaining;
    for (const qint64 segment : after)
        remaining.append(QString::number(segment));
    QCOMPARE(remaining, referenced);
    QCOMPARE(report.segmentFilesDeleted, before.size() - after.size());
    QVERIFY(report.segmentFilesDeleted >= 4);
    QVERIFY(report.segmentBytesFreed >= report.segmentFilesDeleted * (SegmentBytes - 4000));

    // Every kept face reads back as it was stored.
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    for (int i = 0; i < 30; ++i) {
        const RecognitionEvent &original = events.at(120 + i);
        const std::optional<QByteArray> jpeg
            = reader.snapshotFor(original.deduplicationKey(), &error);
        QVERIFY2(jpeg, qPrintable(error));
        QCOMPARE(*jpeg, original.snapshotJpeg);
    }
}

void TestHistoryPurger::keepsRecordingWhilePurging()
{
    QList<RecognitionEvent> old;
    for (int i = 0; i < HistoryPurger::ChunkRows * 4; ++i)
        old.append(eventAged(m_now, 50 * DayMs + i, u"old-%1"_s.arg(i)));
    store(old);

    // The purge starts; events arrive while it runs, and each is stored.
    RetentionPolicy policy;
    policy.keepEventsDays = 30;
    HistoryPurger *purger = m_thread->purger();
    QMetaObject::invokeMethod(purger, [purger, policy] { purger->setPolicy(policy); });
    QList<RecognitionEvent> live;
    for (int i = 0; i < 50; ++i)
        live.append(eventAged(m_now, 1000 - i, u"live-%1"_s.arg(i)));
    const qint64 expected = m_stored + live.size();
    for (const RecognitionEvent &event : std::as_const(live))
        emit m_feeder.events({ event });
    QTRY_COMPARE_WITH_TIMEOUT(m_stored, expected, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_reports.size(), 1, Timeout);
    QVERIFY(m_reports.constFirst().error.isEmpty());
    QCOMPARE(m_reports.constFirst().eventsDeleted, HistoryPurger::ChunkRows * 4);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM events"_s).toInt(), 50);
}

void TestHistoryPurger::withoutALimitDeletesNothing()
{
    store({ eventAged(m_now, 4000 * DayMs, u"ancient"_s) });
    const PurgeReport report = purge(RetentionPolicy {});
    QVERIFY(report.error.isEmpty());
    QCOMPARE(report.eventsDeleted, 0);
    QCOMPARE(report.snapshotsDeleted, 0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM events"_s).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestHistoryPurger)
#include "tst_historypurger.moc"
