// Gap-free history: a real DeviceSimulator on 127.0.0.1 (login required) whose event stream is
// cut while it goes on recording, a DeviceHub on its network thread and an EventStore on a real
// SQLite file. When the connection comes back, what the device recorded meanwhile is fetched
// from its history (POST /v1/event/records) and every event ends up stored exactly once, the
// missed ones marked as back-filled.

#include "../../common/legacydatabase.h"
#include "device/devicehub.h"
#include "event/eventparser.h"
#include "model/devicemodel.h"
#include "sim/devicesimulator.h"
#include "store/eventreader.h"
#include "store/storethread.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString User = u"admin"_s;
const QString Password = u"s3cret"_s;

QString keyOfFrame(const QByteArray &frame)
{
    const ParseOutcome outcome = EventParser().parse(frame);
    return outcome.ok() ? outcome.event->deduplicationKey() : QString();
}

QStringList keysOf(const QList<QByteArray> &frames)
{
    QStringList keys;
    for (const QByteArray &frame : frames)
        keys.append(keyOfFrame(frame));
    return keys;
}

SimulatorOptions simulatorOptions(bool login)
{
    SimulatorOptions options;
    options.rate = 0; // events only when the test asks, so that it knows what was recorded
    if (login) {
        options.loginUser = User;
        options.loginPassword = Password;
    }
    return options;
}

DeviceConfig configFor(const DeviceSimulator &simulator, bool credentials)
{
    DeviceConfig config;
    config.name = u"Front door"_s;
    config.url = simulator.eventUrl(0);
    if (credentials) {
        config.username = User;
        config.password = Password;
    }
    config.heartbeatSeconds = 1;
    config.backoff.initialMs = 50;
    config.backoff.maxMs = 200;
    config.backoff.jitter = 0;
    config.backfillDelayMs = 0;
    // Long: a test that wants the retry shortens it.
    config.backfillRetryMs = 60'000;
    return config;
}

// What the database holds: per deduplication key, whether it was back-filled.
struct Stored
{
    QHash<QString, bool> backfilledByKey;
    qint64 rows = 0;
};

Stored readStore(const QString &path)
{
    Stored stored;
    EventReader reader;
    QString error;
    if (!reader.open(path, &error)) {
        qWarning() << error;
        return stored;
    }
    reader.forEach(
        {}, false,
        [&stored](const StoredEventRow &row) {
            ++stored.rows;
            stored.backfilledByKey.insert(row.event.deduplicationKey(), row.event.backfilled);
            return true;
        },
        &error);
    return stored;
}

} // namespace

// One station's core: the store on its thread and the hub, torn down and built again on the same
// file to stand for a restart.
class Station final
{
public:
    explicit Station(const QString &path)
    {
        StoreOptions options;
        options.flushIntervalMs = 20;
        QString error;
        started = store.start(path, options, &error);
        if (!started) {
            qWarning() << error;
            return;
        }
        hub = std::make_unique<DeviceHub>();
        hub->setStore(store.store());
        QObject::connect(store.store(), &EventStore::committed, hub.get(),
                         [this](const QList<StoredEvent> &events) {
                             for (const StoredEvent &event : events)
                                 committed.insert(event.dedupKey);
                         });
        QObject::connect(store.store(), &EventStore::duplicatesIgnored, hub.get(),
                         [this](const QStringList &keys) { duplicates += keys.size(); });
        QObject::connect(store.store(), &EventStore::storeError, hub.get(),
                         [](const QString &message) { qWarning() << "store:" << message; });
    }
    ~Station() { stop(); }
    Station(const Station &) = delete;
    Station &operator=(const Station &) = delete;

    void stop()
    {
        if (hub)
            hub->stopAll();
        hub.reset();
        store.stop();
    }

    BackfillProgress backfill() const { return hub->deviceBackfill(0); }
    BackfillProgress::State backfillState() const { return backfill().state; }

    bool started = false;
    StoreThread store;
    std::unique_ptr<DeviceHub> hub;
    QSet<QString> committed;
    qsizetype duplicates = 0;
};

class TestBackfill final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { EventStore::registerMetaTypes(); }
    void init();

    void missedEventsStoredOnceAndMarked();
    void serverErrorMidwayResumesAfterARestart();
    void badAnswerRetriedWhileOnline();
    void dropDuringBackfillResumesOnReconnect();
    void timeoutReportedAndDeviceRemovable();
    void withoutCredentialsNothingIsFetched();

private:
    QString dbPath() const { return m_dir->filePath(u"events.sqlite"_s); }
    // The stream goes down; `count` events are recorded meanwhile; it comes back. Returns the
    // keys of the events recorded while down.
    static QStringList miss(DeviceSimulator &simulator, const Station &station, int count);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestBackfill::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QStringList TestBackfill::miss(DeviceSimulator &simulator, const Station &station, int count)
{
    simulator.setAcceptingSubscribers(0, false);
    if (!QTest::qWaitFor([&] { return station.hub->deviceState(0) != ConnectionState::Online; },
                         10000))
        return {};
    const qsizetype before = simulator.historyFrames(0).size();
    for (int i = 0; i < count; ++i)
        simulator.emitEvent(0);
    simulator.setAcceptingSubscribers(0, true);
    return keysOf(simulator.historyFrames(0).mid(before));
}

void TestBackfill::missedEventsStoredOnceAndMarked()
{
    DeviceSimulator simulator(simulatorOptions(true));
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));
    Station station(dbPath());
    QVERIFY(station.started);

    // Goes before the hub does.
    auto owner = std::make_unique<DeviceModel>(station.hub.get());
    DeviceModel &model = *owner;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // What the device panel said, each time its state cell changed.
    QStringList panel;
    QList<qint64> remaining;
    connect(&model, &QAbstractItemModel::dataChanged, this,
            [&](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (topLeft.column() > DeviceModel::State
                    || bottomRight.column() < DeviceModel::State)
                    return;
                const QModelIndex state = model.index(0, DeviceModel::State);
                panel.append(state.data().toString());
                if (const QVariant left = state.data(DeviceModel::BackfillRemainingRole);
                    !left.isNull())
                    remaining.append(left.toLongLong());
            });

    station.hub->addDevice(configFor(simulator, true));
    QTRY_COMPARE_WITH_TIMEOUT(station.hub->deviceState(0), ConnectionState::Online, 10000);
    // A device never seen before: its history is not this station's to pull.
    QTRY_COMPARE_WITH_TIMEOUT(station.backfillState(), BackfillProgress::State::Done, 10000);
    QVERIFY2(station.backfill().detail.contains(u"nothing stored"_s),
             qPrintable(station.backfill().detail));
    QCOMPARE(simulator.recordsRequestCount(0), 0);

    for (int i = 0; i < 5; ++i)
        simulator.emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(station.committed.size(), 5, 10000);

    const QStringList missed = miss(simulator, station, 60);
    QCOMPARE(missed.size(), 60);
    // Back, and the back-fill goes through the pages: more than two of them.
    QTRY_VERIFY_WITH_TIMEOUT(station.backfillState() == BackfillProgress::State::Done
                                 && station.backfill().total >= 60,
                             10000);
    const BackfillProgress done = station.backfill();
    QCOMPARE(done.fetched, done.total);
    QCOMPARE(simulator.recordsRequestCount(0), int((done.total + 24) / 25));
    QVERIFY(simulator.recordsRequestCount(0) >= 3);

    for (int i = 0; i < 3; ++i)
        simulator.emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(station.committed.size(), 68, 10000);
    // The back-fill's first second overlaps what was stored live: dropped as duplicates.
    QVERIFY(station.duplicates >= 1);
    QTRY_COMPARE_WITH_TIMEOUT(station.hub->deviceCounters(0).backfilled, quint64(done.events),
                              10000);
    QCOMPARE(station.hub->deviceCounters(0).received, quint64(8));
    QTRY_COMPARE_WITH_TIMEOUT(station.hub->deviceCounters(0).stored, quint64(68), 10000);

    // The panel said "back-filling N…" with N counting down while pages came.
    const QRegularExpression backfilling(u"^online, back-filling \\d+…$"_s);
    QVERIFY2(panel.indexOf(backfilling) >= 0, qPrintable(panel.join(u" | "_s)));
    QVERIFY(!remaining.isEmpty());
    QVERIFY(std::is_sorted(remaining.crbegin(), remaining.crend()));
    QCOMPARE(model.index(0, DeviceModel::State).data().toString(), u"online"_s);
    QVERIFY(model.index(0, DeviceModel::State)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"Back-fill: done"_s));
    QVERIFY(model.index(0, DeviceModel::State).data(DeviceModel::BackfillRemainingRole).isNull());
    QCOMPARE(model.index(0, DeviceModel::State)
                 .data(DeviceModel::BackfillRole)
                 .value<BackfillProgress>()
                 .state,
             BackfillProgress::State::Done);
    disconnect(&model, nullptr, this, nullptr);
    owner.reset();
    station.stop();

    const Stored stored = readStore(dbPath());
    const QStringList recorded = keysOf(simulator.historyFrames(0));
    QCOMPARE(recorded.size(), 68);
    QCOMPARE(stored.rows, 68);
    for (const QString &key : recorded) {
        QVERIFY2(stored.backfilledByKey.contains(key), qPrintable(u"not stored: "_s + key));
        QCOMPARE(stored.backfilledByKey.value(key), missed.contains(key));
    }
    // Complete: nothing left to resume.
    QCOMPARE(
        LegacyDatabase::queryValue(dbPath(), u"SELECT COUNT(*) FROM backfill_progress"_s).toInt(),
        0);
}

void TestBackfill::serverErrorMidwayResumesAfterARestart()
{
    DeviceSimulator simulator(simulatorOptions(true));
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));
    // A second apart each, so that where the back-fill starts shows in what it fetches.
    const qint64 base = (QDateTime::currentSecsSinceEpoch() - 3600) * 1000;
    QStringList missed;
    {
        Station station(dbPath());
        QVERIFY(station.started);
        station.hub->addDevice(configFor(simulator, true));
        QTRY_COMPARE_WITH_TIMEOUT(station.backfillState(), BackfillProgress::State::Done, 10000);
        for (int i = 0; i < 3; ++i)
            simulator.emitEventAt(0, base + qint64 { i } * 1000);
        QTRY_COMPARE_WITH_TIMEOUT(station.committed.size(), 3, 10000);

        // The first page comes, the second fails.
        simulator.setRecordsFault(0, DeviceSimulator::RecordsFault::ServerError, 1);
        simulator.setAcceptingSubscribers(0, false);
        QTRY_VERIFY_WITH_TIMEOUT(station.hub->deviceState(0) != ConnectionState::Online, 10000);
        for (int i = 0; i < 60; ++i) {
            simulator.emitEventAt(0, base + qint64 { 10 + i } * 1000);
            missed.append(keyOfFrame(simulator.historyFrames(0).constLast()));
        }
        simulator.setAcceptingSubscribers(0, true);
        QTRY_COMPARE_WITH_TIMEOUT(station.backfillState(), BackfillProgress::State::Failed, 10000);
        const QString detail = station.backfill().detail;
        QVERIFY2(detail.contains(u"HTTP 500"_s) && detail.contains(u"trying again in 60 s"_s),
                 qPrintable(detail));
        QCOMPARE(station.backfill().fetched, 25);
        QCOMPARE(simulator.recordsRequestCount(0), 2);
        // The live stream does not notice. Its event is the newest stored, later than the
        // 36 records of the gap still to fetch.
        QCOMPARE(station.hub->deviceState(0), ConnectionState::Online);
        simulator.emitEventAt(0, base + 200'000);
        const QString live = keyOfFrame(simulator.historyFrames(0).constLast());
        QTRY_VERIFY_WITH_TIMEOUT(station.committed.contains(live), 10000);
        station.stop();
    }
    // Where the back-fill stopped is on record: the first page's newest event. The page began
    // with the newest event stored before the gap (its second is asked for again), then 24 of
    // the gap's.
    QCOMPARE(LegacyDatabase::queryValue(dbPath(), u"SELECT resume_from_ms FROM backfill_progress"_s)
                 .toLongLong(),
             base + 33'000);

    // A restart, the device healthy again: the back-fill picks up where it stopped, although
    // the newest stored event (the live one) is later than the rest of the gap.
    simulator.setRecordsFault(0, DeviceSimulator::RecordsFault::None);
    {
        Station station(dbPath());
        QVERIFY(station.started);
        station.hub->addDevice(configFor(simulator, true));
        QTRY_VERIFY_WITH_TIMEOUT(station.backfillState() == BackfillProgress::State::Done
                                     && station.backfill().total > 0,
                                 10000);
        // From the first page's last second: that one again, the other 36, the live one.
        QCOMPARE(station.backfill().total, 38);
        station.stop();
    }
    const Stored stored = readStore(dbPath());
    const QStringList recorded = keysOf(simulator.historyFrames(0));
    QCOMPARE(recorded.size(), 64);
    QCOMPARE(stored.rows, 64);
    for (const QString &key : recorded) {
        QVERIFY2(stored.backfilledByKey.contains(key), qPrintable(u"not stored: "_s + key));
        QCOMPARE(stored.backfilledByKey.value(key), missed.contains(key));
    }
    QCOMPARE(
        LegacyDatabase::queryValue(dbPath(), u"SELECT COUNT(*) FROM backfill_progress"_s).toInt(),
        0);
}

void TestBackfill::badAnswerRetriedWhileOnline()
{
    DeviceSimulator simulator(simulatorOptions(true));
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));
    Station station(dbPath());
    QVERIFY(station.started);
    DeviceConfig config = configFor(simulator, true);
    config.backfillRetryMs = 100;
    station.hub->addDevice(config);
    QTRY_COMPARE_WITH_TIMEOUT(station.backfillState(), BackfillProgress::State::Done, 10000);
    simulator.emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(station.committed.size(), 1, 10000);

    simulator.setRecordsFault(0, DeviceSimulator::RecordsFault::BadJson);
    const QStringList missed = miss(simulator, station, 30);
    QTRY_COMPARE_WITH_TIMEOUT(station.backfillState(), BackfillProgress::State::Failed, 10000);
    QVERIFY2(station.backfill().detail.contains(u"not its usual JSON"_s),
             qPrintable(station.backfill().detail));
    // Tried again without a reconnection, and again, until the device answers properly.
    QTRY_VERIFY_WITH_TIMEOUT(simulator.recordsRequestCount(0) >= 2, 10000);
    simulator.setRecordsFault(0, DeviceSimulator::RecordsFault::None);
    QTRY_COMPARE_WITH_TIMEOUT(station.backfillState(), BackfillProgress::State::Done, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(station.committed.size(), 31, 10000);
    QCOMPARE(station.hub->deviceCounters(0).reconnects, quint64(1));
    station.stop();

    const Stored stored = readStore(dbPath());
    QCOMPARE(stored.rows, 31);
    for (const QString &key : missed)
        QCOMPARE(stored.backfilledByKey.value(key, false), true);
}

void TestBackfill::dropDuringBackfillResumesOnReconnect()
{
    DeviceSimulator simulator(simulatorOptions(true));
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));
    Station station(dbPath());
    QVERIFY(station.started);
    station.hub->addDevice(configFor(simulator, true));
    QTRY_COMPARE_WITH_TIMEOUT(station.backfillState(), BackfillProgress::State::Done, 10000);
    simulator.emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(station.committed.size(), 1, 10000);

    // The second page never comes: the back-fill is under way when the stream drops again.
    simulator.setRecordsFault(0, DeviceSimulator::RecordsFault::NoAnswer, 1);
    const QStringList missed = miss(simulator, station, 70);
    QTRY_VERIFY_WITH_TIMEOUT(station.backfillState() == BackfillProgress::State::Running
                                 && station.backfill().fetched == 25,
                             10000);
    QTRY_COMPARE_WITH_TIMEOUT(simulator.recordsRequestCount(0), 2, 10000);
    simulator.setAcceptingSubscribers(0, false);
    QTRY_COMPARE_WITH_TIMEOUT(station.backfillState(), BackfillProgress::State::Idle, 10000);
    QVERIFY2(station.backfill().detail.contains(u"interrupted"_s),
             qPrintable(station.backfill().detail));
    const qsizetype before = simulator.historyFrames(0).size();
    for (int i = 0; i < 5; ++i)
        simulator.emitEvent(0);
    const QStringList alsoMissed = keysOf(simulator.historyFrames(0).mid(before));

    simulator.setRecordsFault(0, DeviceSimulator::RecordsFault::None);
    simulator.setAcceptingSubscribers(0, true);
    QTRY_VERIFY_WITH_TIMEOUT(station.backfillState() == BackfillProgress::State::Done, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(station.committed.size(), 76, 10000);
    station.stop();

    const Stored stored = readStore(dbPath());
    QCOMPARE(stored.rows, 76);
    for (const QString &key : missed + alsoMissed)
        QCOMPARE(stored.backfilledByKey.value(key, false), true);
}

void TestBackfill::timeoutReportedAndDeviceRemovable()
{
    DeviceSimulator simulator(simulatorOptions(true));
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));
    Station station(dbPath());
    QVERIFY(station.started);
    DeviceConfig config = configFor(simulator, true);
    config.requestTimeoutMs = 300;
    const DeviceHub::Key key = station.hub->addDevice(config);
    QTRY_COMPARE_WITH_TIMEOUT(station.backfillState(), BackfillProgress::State::Done, 10000);
    simulator.emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(station.committed.size(), 1, 10000);

    simulator.setRecordsFault(0, DeviceSimulator::RecordsFault::NoAnswer);
    miss(simulator, station, 3);
    QTRY_COMPARE_WITH_TIMEOUT(station.backfillState(), BackfillProgress::State::Failed, 10000);
    QVERIFY2(station.backfill().detail.contains(u"no answer"_s),
             qPrintable(station.backfill().detail));
    simulator.emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(station.committed.size(), 2, 10000);

    // Removed with a back-fill waiting to be tried again: the device goes, nothing else.
    QSignalSpy removed(station.hub.get(), &DeviceHub::deviceRemoved);
    station.hub->removeDevice(key);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(station.hub->deviceCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(simulator.subscriberCount(0), 0, 10000);
    station.stop();
    QCOMPARE(readStore(dbPath()).rows, 2);
}

void TestBackfill::withoutCredentialsNothingIsFetched()
{
    DeviceSimulator simulator(simulatorOptions(false));
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));
    Station station(dbPath());
    QVERIFY(station.started);
    auto owner = std::make_unique<DeviceModel>(station.hub.get());
    const DeviceModel &model = *owner;
    station.hub->addDevice(configFor(simulator, false));
    QTRY_COMPARE_WITH_TIMEOUT(station.hub->deviceState(0), ConnectionState::Online, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(station.backfillState(), BackfillProgress::State::Unavailable, 10000);
    for (int i = 0; i < 3; ++i)
        simulator.emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(station.committed.size(), 3, 10000);

    const QStringList missed = miss(simulator, station, 5);
    QTRY_COMPARE_WITH_TIMEOUT(station.hub->deviceState(0), ConnectionState::Online, 10000);
    simulator.emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(station.committed.size(), 4, 10000);

    // Said, in the panel, and not done.
    QCOMPARE(station.backfillState(), BackfillProgress::State::Unavailable);
    QVERIFY2(station.backfill().detail.contains(u"no credentials"_s),
             qPrintable(station.backfill().detail));
    const QString tooltip = model.index(0, DeviceModel::State).data(Qt::ToolTipRole).toString();
    QVERIFY2(tooltip.contains(u"no credentials"_s), qPrintable(tooltip));
    QCOMPARE(model.index(0, DeviceModel::State).data().toString(), u"online"_s);
    QCOMPARE(simulator.recordsRequestCount(0), 0);
    QCOMPARE(station.hub->deviceCounters(0).backfilled, quint64(0));
    owner.reset(); // before the hub
    station.stop();

    const Stored stored = readStore(dbPath());
    QCOMPARE(stored.rows, 4);
    for (const QString &key : missed)
        QVERIFY(!stored.backfilledByKey.contains(key));
}

QTEST_GUILESS_MAIN(TestBackfill)
#include "tst_backfill.moc"
