// Acknowledgements of alerts: stored by EventStore with the event batches, read back by
// EventReader, and the schema migration that brought them (version 1 → 2).

#include "../../common/legacydatabase.h"
#include "../../common/storefixture.h"
#include "store/eventreader.h"
#include "store/eventstore.h"
#include "store/schema.h"
#include "store/storethread.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LegacyDatabase;
using namespace StoreFixture;

// Readable QCOMPARE failures.
char *toString(const Acknowledgement &ack)
{
    return QTest::toString(u"Acknowledgement(%1, %2, %3, %4)"_s.arg(
        ack.dedupKey, ack.at.toString(Qt::ISODateWithMs), ack.by, ack.note));
}

char *toString(const std::optional<Acknowledgement> &ack)
{
    return ack ? toString(*ack) : qstrdup("nullopt");
}

namespace {

RecognitionEvent simpleEvent(const QString &uuid, qint64 seconds)
{
    RecognitionEvent e;
    e.deviceSn = u"SN-ACK"_s;
    e.uuid = uuid;
    e.timestampMs = seconds * 1000;
    e.recognizeStatus = 3; // a stranger: the kind of event a guard acknowledges
    e.pass = false;
    e.receivedAt = QDateTime::fromMSecsSinceEpoch(seconds * 1000 + 5, Qt::UTC);
    return e;
}

Acknowledgement ackOf(const RecognitionEvent &event, const QString &by, qint64 atMs,
                      const QString &note = {})
{
    return Acknowledgement { event.deduplicationKey(),
                             QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC), by, note };
}

qsizetype pendingAcks(StoreThread &store)
{
    return countOf(store, &EventStore::pendingAcknowledgementCount);
}

} // namespace

class TestAcknowledgements final : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void acknowledgeCommittedEvent();
    void acknowledgePendingEvent();
    void firstAcknowledgementWins();
    void firstWinsWithinOneBatch();
    void invalidAcknowledgementRefused_data();
    void invalidAcknowledgementRefused();
    void acknowledgementOfUnknownEventRefused();
    void failedCommitKeepsAcknowledgementPending();
    void readerReturnsAcknowledgements();
    void migratesVersion1Database();
    void readerReadsVersion1Database();

private:
    QString dbPath() const { return m_dir->filePath(u"events.sqlite"_s); }
    // Starts the store and collects what it reports, on this thread.
    bool start(StoreThread &store, const StoreOptions &options = manualFlush());

    std::unique_ptr<QTemporaryDir> m_dir;
    Feeder m_feeder;
    QList<QList<Acknowledgement>> m_acknowledged;
    QList<QList<StoredEvent>> m_committed;
    QStringList m_errors;
    // What writableChanged said: writing stopped, writing resumed.
    QStringList m_stopped;
    QStringList m_resumed;
    // Everything reported, in order: "committed", "acknowledged", "error".
    QStringList m_signals;
};

void TestAcknowledgements::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_acknowledged.clear();
    m_committed.clear();
    m_errors.clear();
    m_stopped.clear();
    m_resumed.clear();
    m_signals.clear();
}

bool TestAcknowledgements::start(StoreThread &store, const StoreOptions &options)
{
    if (!startStore(store, dbPath(), options, m_feeder))
        return false;
    EventStore *const s = store.store();
    connect(s, &EventStore::acknowledged, this, [this](const QList<Acknowledgement> &acks) {
        m_acknowledged.append(acks);
        m_signals.append(u"acknowledged"_s);
    });
    connect(s, &EventStore::committed, this, [this](const QList<StoredEvent> &events) {
        m_committed.append(events);
        m_signals.append(u"committed"_s);
    });
    connect(s, &EventStore::storeError, this, [this](const QString &message) {
        m_errors.append(message);
        m_signals.append(u"error"_s);
    });
    connect(s, &EventStore::writableChanged, this, [this](bool writable, const QString &message) {
        (writable ? m_resumed : m_stopped).append(message);
    });
    return true;
}

void TestAcknowledgements::acknowledgeCommittedEvent()
{
    StoreThread store;
    QVERIFY(start(store));
    const RecognitionEvent event = simpleEvent(u"committed-first"_s, 1000);
    emit m_feeder.oneEvent(event);
    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_committed.size(), 1, 5000);

    const Acknowledgement ack = ackOf(event, u"Guard Ana"_s, 1'700'000'000'123, u"known visitor"_s);
    emit m_feeder.acknowledgement(ack);
    QCOMPARE(pendingAcks(store), 1);
    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_acknowledged.size(), 1, 5000);
    QCOMPARE(m_acknowledged.constFirst(), QList<Acknowledgement> { ack });
    QCOMPARE(m_acknowledged.constFirst().first().at.timeSpec(), Qt::UTC);
    QCOMPARE(pendingAcks(store), 0);
    QCOMPARE(m_errors, QStringList());

    // Committed: a reader sees it while the store is still open.
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    const std::optional<Acknowledgement> back
        = reader.acknowledgementFor(event.deduplicationKey(), &error);
    QVERIFY2(back.has_value(), qPrintable(error));
    QCOMPARE(*back, ack);
    QCOMPARE(back->at.toMSecsSinceEpoch(), 1'700'000'000'123);
    QCOMPARE(back->note, u"known visitor"_s);
}

void TestAcknowledgements::acknowledgePendingEvent()
{
    StoreThread store;
    QVERIFY(start(store));
    const RecognitionEvent event = simpleEvent(u"still-pending"_s, 2000);
    const Acknowledgement ack = ackOf(event, u"Guard Ben"_s, 1'700'000'001'000);
    emit m_feeder.oneEvent(event);
    emit m_feeder.acknowledgement(ack);
    QCOMPARE(pendingAcks(store), 1);
    // Nothing is in the database yet: the acknowledgement names an event not stored so far.
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM events"_s).toInt(), 0);

    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_acknowledged.size(), 1, 5000);
    // One transaction: the event, then its acknowledgement.
    QCOMPARE(m_signals, QStringList({ u"committed"_s, u"acknowledged"_s }));
    QCOMPARE(m_committed.constFirst().size(), 1);
    QCOMPARE(m_committed.constFirst().first().dedupKey, event.deduplicationKey());
    QCOMPARE(m_acknowledged.constFirst(), QList<Acknowledgement> { ack });
    QCOMPARE(pendingAcks(store), 0);

    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    QCOMPARE(reader.acknowledgementFor(event.deduplicationKey(), &error), ack);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestAcknowledgements::firstAcknowledgementWins()
{
    StoreThread store;
    QVERIFY(start(store));
    const RecognitionEvent event = simpleEvent(u"twice"_s, 3000);
    const Acknowledgement first = ackOf(event, u"Guard Cleo"_s, 1'700'000'002'000, u"first"_s);
    const Acknowledgement second = ackOf(event, u"Guard Dan"_s, 1'700'000'003'000, u"second"_s);
    emit m_feeder.oneEvent(event);
    emit m_feeder.acknowledgement(first);
    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_acknowledged.size(), 1, 5000);
    QCOMPARE(m_acknowledged.at(0), QList<Acknowledgement> { first });

    // Acknowledged again in a later batch, after a restart of the store.
    store.stop();
    StoreThread again;
    QVERIFY(start(again));
    emit m_feeder.acknowledgement(second);
    flush(again);
    QTRY_COMPARE_WITH_TIMEOUT(m_acknowledged.size(), 2, 5000);
    // The truth, for the dashboard to show: the first guard answered.
    QCOMPARE(m_acknowledged.at(1), QList<Acknowledgement> { first });
    QCOMPARE(m_errors, QStringList());

    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    QCOMPARE(reader.acknowledgementFor(event.deduplicationKey(), &error), first);
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM acknowledgements"_s).toInt(), 1);
}

void TestAcknowledgements::firstWinsWithinOneBatch()
{
    StoreThread store;
    QVERIFY(start(store));
    const RecognitionEvent event = simpleEvent(u"same-batch"_s, 4000);
    const RecognitionEvent other = simpleEvent(u"other"_s, 4001);
    const Acknowledgement first = ackOf(event, u"Guard Eve"_s, 1'700'000'004'000);
    const Acknowledgement otherAck = ackOf(other, u"Guard Eve"_s, 1'700'000'004'500);
    const Acknowledgement second = ackOf(event, u"Guard Finn"_s, 1'700'000'005'000, u"late"_s);
    emit m_feeder.oneEvent(event);
    emit m_feeder.oneEvent(other);
    emit m_feeder.acknowledgement(first);
    emit m_feeder.acknowledgement(otherAck);
    emit m_feeder.acknowledgement(second);
    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_acknowledged.size(), 1, 5000);
    // One entry per acknowledgement given, in order, each as stored.
    QCOMPARE(m_acknowledged.constFirst(), QList<Acknowledgement>({ first, otherAck, first }));
}

void TestAcknowledgements::invalidAcknowledgementRefused_data()
{
    QTest::addColumn<Acknowledgement>("ack");
    QTest::addColumn<QString>("expectedError");

    const RecognitionEvent event = simpleEvent(u"invalid"_s, 5000);
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(1'700'000'006'000, Qt::UTC);
    const QString key = event.deduplicationKey();
    QTest::newRow("no key") << Acknowledgement { {}, at, u"Guard"_s, {} }
                            << u"does not name its event"_s;
    QTest::newRow("nobody") << Acknowledgement { key, at, {}, u"a note"_s }
                            << u"does not say who gave it"_s;
    QTest::newRow("blank name") << Acknowledgement { key, at, u"  \t"_s, {} }
                                << u"does not say who gave it"_s;
    QTest::newRow("no time") << Acknowledgement { key, {}, u"Guard"_s, {} }
                             << u"has no valid time"_s;
}

void TestAcknowledgements::invalidAcknowledgementRefused()
{
    QFETCH(Acknowledgement, ack);
    QFETCH(QString, expectedError);

    StoreThread store;
    QVERIFY(start(store));
    emit m_feeder.oneEvent(simpleEvent(u"invalid"_s, 5000));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QRegularExpression::escape(expectedError)));
    emit m_feeder.acknowledgement(ack);
    QTRY_COMPARE_WITH_TIMEOUT(m_errors.size(), 1, 5000);
    QVERIFY2(m_errors.constFirst().contains(expectedError), qPrintable(m_errors.constFirst()));
    if (!ack.dedupKey.isEmpty())
        QVERIFY2(m_errors.constFirst().contains(ack.dedupKey), qPrintable(m_errors.constFirst()));
    QCOMPARE(pendingAcks(store), 0);

    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_committed.size(), 1, 5000);
    QCOMPARE(m_acknowledged.size(), 0);
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM acknowledgements"_s).toInt(), 0);
}

void TestAcknowledgements::acknowledgementOfUnknownEventRefused()
{
    StoreThread store;
    QVERIFY(start(store));
    const RecognitionEvent event = simpleEvent(u"known"_s, 6000);
    const RecognitionEvent neverStored = simpleEvent(u"never-stored"_s, 6001);
    const Acknowledgement good = ackOf(event, u"Guard Gus"_s, 1'700'000'007'000);
    const Acknowledgement orphan = ackOf(neverStored, u"Guard Gus"_s, 1'700'000'007'100);
    emit m_feeder.oneEvent(event);
    emit m_feeder.acknowledgement(orphan);
    emit m_feeder.acknowledgement(good);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"no such event"_s));
    flush(store);

    // The orphan is refused; the rest of the batch is stored.
    QTRY_COMPARE_WITH_TIMEOUT(m_acknowledged.size(), 1, 5000);
    QCOMPARE(m_acknowledged.constFirst(), QList<Acknowledgement> { good });
    QCOMPARE(m_errors.size(), 1);
    QVERIFY2(m_errors.constFirst().contains(neverStored.deduplicationKey()),
             qPrintable(m_errors.constFirst()));
    QCOMPARE(pendingAcks(store), 0);
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM acknowledgements"_s).toInt(), 1);
}

void TestAcknowledgements::failedCommitKeepsAcknowledgementPending()
{
    StoreOptions options = manualFlush();
    options.busyTimeoutMs = 50;
    StoreThread store;
    QVERIFY(start(store, options));
    const RecognitionEvent event = simpleEvent(u"locked-out"_s, 7000);
    const Acknowledgement ack = ackOf(event, u"Guard Hal"_s, 1'700'000'008'000);
    emit m_feeder.oneEvent(event);
    emit m_feeder.acknowledgement(ack);

    {
        // Another writer holds the database: the store's transaction cannot begin. Writing
        // stops, said once, and the acknowledgement waits.
        DirectConnection other(dbPath());
        QVERIFY(other.exec({ u"BEGIN IMMEDIATE"_s }));
        flush(store);
        QTRY_COMPARE_WITH_TIMEOUT(m_stopped.size(), 1, 5000);
        QVERIFY2(
            m_stopped.constFirst().contains(u"another program keeps %1 locked"_s.arg(dbPath())),
            qPrintable(m_stopped.constFirst()));
        QCOMPARE(pendingAcks(store), 1);
        QCOMPARE(m_errors, QStringList());
        QVERIFY(other.exec({ u"ROLLBACK"_s }));
    }

    flush(store);
    QTRY_COMPARE_WITH_TIMEOUT(m_acknowledged.size(), 1, 5000);
    QCOMPARE(m_resumed.size(), 1);
    QCOMPARE(m_stopped.size(), 1);
    QCOMPARE(m_acknowledged.constFirst(), QList<Acknowledgement> { ack });
    QCOMPARE(m_committed.size(), 1);
    QCOMPARE(pendingAcks(store), 0);
}

void TestAcknowledgements::readerReturnsAcknowledgements()
{
    const RecognitionEvent a = simpleEvent(u"a"_s, 100);
    const RecognitionEvent b = simpleEvent(u"b"_s, 200);
    const RecognitionEvent c = simpleEvent(u"c"_s, 300);
    const Acknowledgement ackA = ackOf(a, u"Guard Ida"_s, 1'700'000'009'000, u"checked ID"_s);
    const Acknowledgement ackC = ackOf(c, u"Guard Jo"_s, 1'700'000'009'500);
    {
        StoreThread store;
        QVERIFY(start(store));
        emit m_feeder.oneEvent(c);
        emit m_feeder.oneEvent(a);
        emit m_feeder.oneEvent(b);
        emit m_feeder.acknowledgement(ackA);
        emit m_feeder.acknowledgement(ackC);
        store.stop();
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_acknowledged.size(), 1, 5000);

    // A read-only reader of a database at the current version.
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));

    const auto check = [&](const StoredEventRow &row) {
        if (row.event.uuid == u"b"_s)
            return !row.acknowledgement.has_value();
        const Acknowledgement &expected = row.event.uuid == u"a"_s ? ackA : ackC;
        return row.acknowledgement == expected;
    };

    QStringList order;
    for (const bool withSnapshots : { false, true }) {
        order.clear();
        QVERIFY2(reader.forEach(
                     {}, withSnapshots,
                     [&](const StoredEventRow &row) {
                         order.append(row.event.uuid);
                         const bool right = check(row);
                         if (!right)
                             qWarning() << "wrong acknowledgement for" << row.event.uuid;
                         return right; // stops the reading, which the order then shows
                     },
                     &error),
                 qPrintable(error));
        QCOMPARE(order, QStringList({ u"a"_s, u"b"_s, u"c"_s }));

        const auto latest = reader.latest({}, 10, withSnapshots, &error);
        QVERIFY2(latest.has_value(), qPrintable(error));
        QCOMPARE(latest->size(), 3);
        QCOMPARE(latest->at(0).event, c);
        QCOMPARE(latest->at(0).acknowledgement, ackC);
        QCOMPARE(latest->at(1).event, b);
        QCOMPARE(latest->at(1).acknowledgement, std::nullopt);
        QCOMPARE(latest->at(2).event, a);
        QCOMPARE(latest->at(2).acknowledgement, ackA);
    }

    // The join adds no rows, and a filter still applies.
    QCOMPARE(reader.count({}, &error), 3);
    EventFilter onlyC;
    onlyC.from = QDateTime::fromSecsSinceEpoch(250, Qt::UTC);
    const auto filtered = reader.latest(onlyC, 10, false, &error);
    QVERIFY2(filtered.has_value(), qPrintable(error));
    QCOMPARE(filtered->size(), 1);
    QCOMPARE(filtered->first().acknowledgement, ackC);

    error = u"left over"_s;
    QCOMPARE(reader.acknowledgementFor(b.deduplicationKey(), &error), std::nullopt);
    QCOMPARE(error, QString()); // no acknowledgement is not an error
    QCOMPARE(reader.acknowledgementFor(u"no such key"_s, &error), std::nullopt);
    QCOMPARE(error, QString());

    reader.close();
    QCOMPARE(reader.acknowledgementFor(a.deduplicationKey(), &error), std::nullopt);
    QVERIFY(!error.isEmpty());
}

void TestAcknowledgements::migratesVersion1Database()
{
    {
        DirectConnection v1(dbPath());
        QVERIFY(v1.exec(version1Statements() + legacyEventRows()));
    }
    QCOMPARE(queryValue(dbPath(), u"SELECT version FROM schema_version"_s).toInt(), 1);

    StoreThread store;
    QVERIFY(start(store));
    // Every migration since runs too (the door log's, version 3, has its own test).
    QCOMPARE(queryValue(dbPath(), u"SELECT version FROM schema_version"_s).toInt(),
             Schema::currentVersion());
    QVERIFY(Schema::hasAcknowledgements(Schema::currentVersion()));
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM schema_version"_s).toInt(), 1);

    // The old event is still there, whole, and can be acknowledged.
    RecognitionEvent expected = legacyEvent();
    const Acknowledgement ack = ackOf(expected, u"Guard Kim"_s, 1'700'000'010'000);
    emit m_feeder.acknowledgement(ack);
    // A new event beside it, to show the migrated database takes new rows.
    emit m_feeder.oneEvent(simpleEvent(u"new"_s, 1'700'000'000));
    store.stop();
    QTRY_COMPARE_WITH_TIMEOUT(m_acknowledged.size(), 1, 5000);
    QCOMPARE(m_acknowledged.constFirst(), QList<Acknowledgement> { ack });
    QCOMPARE(m_errors, QStringList());

    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    const auto rows = reader.latest({}, 10, true, &error);
    QVERIFY2(rows.has_value(), qPrintable(error));
    QCOMPARE(rows->size(), 2);
    const StoredEventRow &old = rows->at(1);
    QCOMPARE(old.id, qint64(1));
    expected.snapshotJpeg = QByteArray("\xFF\xD8\xFF\xD9", 4);
    expected.snapshotSize = QSize(2, 1);
    QCOMPARE(old.event, expected);
    QCOMPARE(old.acknowledgement, ack);
    QCOMPARE(rows->at(0).event.uuid, u"new"_s);
    QCOMPARE(rows->at(0).acknowledgement, std::nullopt);
}

void TestAcknowledgements::readerReadsVersion1Database()
{
    {
        DirectConnection v1(dbPath());
        QVERIFY(v1.exec(version1Statements() + legacyEventRows()));
    }
    // A reader cannot migrate (read-only), and an older recorder may still be writing the
    // file: it reads version 1 as it is, without acknowledgements.
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    int rows = 0;
    QVERIFY2(reader.forEach(
                 {}, true,
                 [&rows](const StoredEventRow &row) {
                     ++rows;
                     return row.event.deviceSn == u"SN-OLD"_s && !row.acknowledgement;
                 },
                 &error),
             qPrintable(error));
    QCOMPARE(rows, 1);
    error = u"left over"_s;
    QCOMPARE(reader.acknowledgementFor(legacyEvent().deduplicationKey(), &error), std::nullopt);
    QCOMPARE(error, QString());
    reader.close();
    // Reading left the file at version 1.
    QCOMPARE(queryValue(dbPath(), u"SELECT version FROM schema_version"_s).toInt(), 1);

    // A version above this build's is still refused, by the reader and by the store.
    QVERIFY(DirectConnection(dbPath()).exec(
        { u"UPDATE schema_version SET version = %1"_s.arg(Schema::currentVersion() + 1) }));
    QVERIFY(!reader.open(dbPath(), &error));
    QVERIFY2(error.contains(QString::number(Schema::currentVersion() + 1)), qPrintable(error));
    StoreThread store;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"newer than this GateWatch"_s));
    QVERIFY(!store.start(dbPath(), {}, &error));
    QCOMPARE(queryValue(dbPath(), u"SELECT version FROM schema_version"_s).toInt(),
             Schema::currentVersion() + 1);
}

QTEST_GUILESS_MAIN(TestAcknowledgements)
#include "tst_acknowledgements.moc"
