// The whole core in one process: simulated terminals → DeviceHub (network thread) →
// EventStore (store thread) → a real SQLite file, read back with EventReader.

#include "device/devicehub.h"
#include "event/eventparser.h"
#include "sim/devicesimulator.h"
#include "sim/hostileterminal.h"
#include "store/eventreader.h"
#include "store/storethread.h"

#include <QSemaphore>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
// The identity the store de-duplicates on (uuid, else serial, time, user and status).
QString keyOfFrame(const QByteArray &frame)
{
    const ParseOutcome outcome = EventParser().parse(frame);
    return outcome.ok() ? outcome.event->deduplicationKey() : QString();
}

DeviceConfig configFor(const DeviceSimulator &simulator, int index)
{
    DeviceConfig config;
    config.name = u"Door %1"_s.arg(index + 1);
    config.url = simulator.eventUrl(index);
    config.pinnedSha256 = { simulator.certificateSha256() };
    config.heartbeatSeconds = 1;
    config.backoff.initialMs = 50;
    config.backoff.maxMs = 200;
    return config;
}

// One simulated terminal that sends only when the test says (rate 0), a store that commits
// every 20 ms into a file of its own, and a hub between them whose commits are counted: the
// set-up of the tests of one misbehaving terminal.
class OneTerminal final
{
public:
    explicit OneTerminal(int historyLimit = SimulatorOptions().historyLimit)
        : simulator(optionsWith(historyLimit))
    { }
    ~OneTerminal() { stop(); }
    OneTerminal(const OneTerminal &) = delete;
    OneTerminal &operator=(const OneTerminal &) = delete;

    // Starts the terminal, the store and the hub, and connects the hub to the terminal with
    // `config` (its name and URL filled in); false with the reason in *error.
    bool start(DeviceConfig config, QString *error)
    {
        if (!dir.isValid() || !simulator.start(error))
            return false;
        StoreOptions storeOptions;
        storeOptions.flushIntervalMs = 20;
        if (!storeThread.start(path(), storeOptions, error))
            return false;
        hub = std::make_unique<DeviceHub>(nullptr, ingestLimits);
        hub->setStore(storeThread.store());
        QObject::connect(storeThread.store(), &EventStore::committed, hub.get(),
                         [this](const QList<StoredEvent> &events) { committed += events.size(); });
        config.name = u"Terminal"_s;
        config.url = simulator.eventUrl(0);
        hub->addDevice(config);
        return true;
    }
    // Keeps the store thread busy (it runs nothing else) until releaseStore(): a store that
    // falls behind. False when the thread did not take the hold.
    bool holdStore()
    {
        QMetaObject::invokeMethod(
            storeThread.store(),
            [this] {
                m_storeHeld.release();
                m_storeLetGo.acquire();
            },
            Qt::QueuedConnection);
        ++m_storeHolds;
        return m_storeHeld.tryAcquire(1, 10000);
    }
    void releaseStore()
    {
        if (m_storeHolds > 0) {
            --m_storeHolds;
            m_storeLetGo.release();
        }
    }
    // Ends the connection and commits what the store holds.
    void stop()
    {
        // A test that failed while holding the store must not leave it waiting.
        while (m_storeHolds > 0)
            releaseStore();
        if (hub)
            hub->stopAll();
        hub.reset();
        storeThread.stop();
    }
    QString path() const { return dir.filePath(u"terminal.sqlite"_s); }
    // The keys of what the terminal delivered, each once.
    QSet<QString> sentKeys() const
    {
        QSet<QString> keys;
        for (const QByteArray &frame : simulator.sentFrames(0))
            keys.insert(keyOfFrame(frame));
        return keys;
    }
    // The keys of what is stored; a key stored twice is reported and counted once.
    QSet<QString> storedKeys(qint64 *rows) const
    {
        QSet<QString> keys;
        EventReader reader;
        QString error;
        if (!reader.open(path(), &error)) {
            qWarning() << error;
            return keys;
        }
        *rows = reader.count({}, &error);
        reader.forEach(
            {}, false,
            [&keys](const StoredEventRow &row) {
                keys.insert(row.event.deduplicationKey());
                return true;
            },
            &error);
        return keys;
    }

    QTemporaryDir dir;
    DeviceSimulator simulator;
    StoreThread storeThread;
    std::unique_ptr<DeviceHub> hub;
    qsizetype committed = 0;
    // The hub's back-pressure bounds; set before start().
    IngestBudget::Limits ingestLimits;

private:
    QSemaphore m_storeHeld;
    QSemaphore m_storeLetGo;
    int m_storeHolds = 0;

    static SimulatorOptions optionsWith(int historyLimit)
    {
        SimulatorOptions options;
        options.devices = 1;
        options.rate = 0;
        options.historyLimit = historyLimit;
        return options;
    }
};
// The terminal delivered `count` events, and each is stored, once.
void compareStoredWithSent(const OneTerminal &rig, qsizetype count)
{
    const QSet<QString> sent = rig.sentKeys();
    QCOMPARE(sent.size(), count);
    qint64 rows = -1;
    QCOMPARE(rig.storedKeys(&rows), sent);
    QCOMPARE(rows, qint64(count));
}

} // namespace

class TestPipeline final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { EventStore::registerMetaTypes(); }
    void everyEventStoredOnceAcrossARestart();
    void removedDeviceEventsStoredAndCommitsCredited();
    void aBurstOfTenThousandIsStoredOnce();
    void aStoreThatFallsBehindHoldsTheTerminalBack();
    void timeHeldBackIsNotTheTerminalsSilence();
    void aLongHoldDoesNotCutAnotherTerminalsFrame();
    void aTerminalThatDropsEverySecond();
    void aFloodOfPings();
};

void TestPipeline::everyEventStoredOnceAcrossARestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"pipeline.sqlite"_s);

    SimulatorOptions options;
    options.devices = 2;
    options.rate = 0; // events only when the test asks, so that it knows what was sent
    options.tls = true;
    DeviceSimulator simulator(options);
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));

    StoreThread storeThread;
    StoreOptions storeOptions;
    storeOptions.flushIntervalMs = 20;
    QVERIFY2(storeThread.start(path, storeOptions, &error), qPrintable(error));

    qsizetype committed = 0;
    {
        DeviceHub hub;
        hub.setStore(storeThread.store());
        connect(storeThread.store(), &EventStore::committed, this,
                [&committed](const QList<StoredEvent> &events) { committed += events.size(); });
        hub.addDevice(configFor(simulator, 0));
        hub.addDevice(configFor(simulator, 1));
        QTRY_VERIFY_WITH_TIMEOUT(
            simulator.subscriberCount(0) == 1 && simulator.subscriberCount(1) == 1, 10000);
        QTRY_COMPARE(hub.deviceState(0), ConnectionState::Online);

        for (int i = 0; i < 20; ++i) {
            simulator.emitEvent(0);
            simulator.emitEvent(1);
        }
        QTRY_COMPARE_WITH_TIMEOUT(committed, 40, 10000);

        // The first device reboots mid-stream; the connection comes back by itself.
        QVERIFY2(simulator.restartDevice(0, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(simulator.subscriberCount(0) == 1, 10000);
        for (int i = 0; i < 15; ++i) {
            simulator.emitEvent(0);
            simulator.emitEvent(1);
        }
        // A frame the device sends twice (a retransmission) is still one event.
        simulator.sendRawFrame(1, simulator.sentFrames(1).constLast());
        QTRY_COMPARE_WITH_TIMEOUT(committed, 70, 10000);
        QTRY_COMPARE(hub.deviceCounters(0).stored, quint64(35));
        QTRY_COMPARE(hub.deviceCounters(1).stored, quint64(35));
        QCOMPARE(hub.deviceCounters(1).received, quint64(36));
        QVERIFY(hub.deviceCounters(0).reconnects >= 1);
        hub.stopAll();
    }
    storeThread.stop();

    QMultiHash<QString, int> sent;
    for (int device = 0; device < 2; ++device) {
        for (const QByteArray &frame : simulator.sentFrames(device))
            sent.insert(keyOfFrame(frame), device);
    }
    EventReader reader;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QSet<QString> stored;
    QVERIFY(reader.forEach(
        {}, true,
        [&](const StoredEventRow &row) {
            const QString key = row.event.deduplicationKey();
            if (stored.contains(key))
                qWarning() << "stored twice:" << key;
            stored.insert(key);
            return true;
        },
        &error));
    QCOMPARE(reader.count({}, &error), qint64(70));
    QCOMPARE(stored.size(), 70);
    for (auto it = sent.cbegin(); it != sent.cend(); ++it)
        QVERIFY2(stored.contains(it.key()), qPrintable(u"sent but not stored: "_s + it.key()));
}

// A device removed live: what it had delivered is still stored, and the devices after it, whose
// rows moved up, are still credited with their own commits.
void TestPipeline::removedDeviceEventsStoredAndCommitsCredited()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SimulatorOptions options;
    options.devices = 3;
    options.rate = 0;
    DeviceSimulator simulator(options);
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));

    StoreThread storeThread;
    StoreOptions storeOptions;
    storeOptions.flushIntervalMs = 20;
    QVERIFY2(storeThread.start(dir.filePath(u"removal.sqlite"_s), storeOptions, &error),
             qPrintable(error));
    qsizetype committed = 0;
    connect(storeThread.store(), &EventStore::committed, this,
            [&committed](const QList<StoredEvent> &events) { committed += events.size(); });

    DeviceHub hub;
    hub.setStore(storeThread.store());
    QList<DeviceHub::Key> keys;
    for (int i = 0; i < 3; ++i)
        keys.append(hub.addDevice(configFor(simulator, i)));
    QTRY_VERIFY_WITH_TIMEOUT(simulator.subscriberCount(0) == 1 && simulator.subscriberCount(1) == 1
                                 && simulator.subscriberCount(2) == 1,
                             10000);
    // Each device's serial number is learnt from a first event, committed and credited.
    for (int i = 0; i < 3; ++i)
        simulator.emitEvent(i);
    QTRY_COMPARE_WITH_TIMEOUT(committed, 3, 10000);
    for (int i = 0; i < 3; ++i)
        QTRY_COMPARE_WITH_TIMEOUT(hub.deviceCounters(i).stored, quint64(1), 10000);

    // The first device delivers five more and is removed at once, before they are committed.
    for (int i = 0; i < 5; ++i)
        simulator.emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(hub.deviceCounters(0).received, quint64(6), 10000);
    hub.removeDevice(keys.at(0));
    QCOMPARE(hub.deviceCount(), 2);

    for (int i = 0; i < 4; ++i)
        simulator.emitEvent(2);
    simulator.emitEvent(1);
    QTRY_COMPARE_WITH_TIMEOUT(committed, 3 + 5 + 5, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(hub.deviceCounters(1).stored, quint64(5), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(hub.deviceCounters(0).stored, quint64(2), 10000);
    QCOMPARE(hub.indexOf(keys.at(2)), 1);
    hub.stopAll();
    storeThread.stop();
}

// A terminal that sends 10,000 events at once (its buffer after an outage, a shift change):
// every one is stored, once, and the device's counters say so.
void TestPipeline::aBurstOfTenThousandIsStoredOnce()
{
    constexpr int Burst = 10'000;
    OneTerminal rig(Burst); // sentFrames() keeps every one of them
    QString error;
    QVERIFY2(rig.start({}, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(rig.hub->deviceState(0), ConnectionState::Online, 10000);
    for (int i = 0; i < Burst; ++i)
        rig.simulator.emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(rig.committed, Burst, 120000);
    QTRY_COMPARE(rig.hub->deviceCounters(0).stored, quint64(Burst));
    QCOMPARE(rig.hub->deviceCounters(0).received, quint64(Burst));
    QCOMPARE(rig.hub->deviceCounters(0).rejected, quint64(0));
    QCOMPARE(rig.hub->deviceState(0), ConnectionState::Online);
    rig.stop();

    compareStoredWithSent(rig, Burst);
}

// Back-pressure: while the store thread is busy, the hub stops reading once the budget of
// events on their way to the store is spent, and TCP holds the terminal back. The terminal's
// heartbeat is 1 s, so the 3 s held back would be a dead link if that time were counted as its
// silence. Once the store goes on, everything arrives, once, on the same connection.
void TestPipeline::aStoreThatFallsBehindHoldsTheTerminalBack()
{
    constexpr int Burst = 3'000;
    constexpr qint64 Budget = 50;
    OneTerminal rig(Burst);
    rig.ingestLimits.events = Budget;
    DeviceConfig config;
    config.heartbeatSeconds = 1;
    QString error;
    QVERIFY2(rig.start(config, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(rig.hub->deviceState(0), ConnectionState::Online, 10000);

    QVERIFY(rig.holdStore());
    for (int i = 0; i < Burst; ++i)
        rig.simulator.emitEvent(0);

    QTRY_VERIFY_WITH_TIMEOUT(rig.hub->storeIngest().waits > 0, 30000);
    QTest::qWait(3000);
    const IngestBudget::Figures held = rig.hub->storeIngest();
    QCOMPARE(held.inFlightEvents, Budget);
    QCOMPARE(held.peakEvents, Budget);
    // What was read: the budget, and the one event waiting for its share.
    QVERIFY2(rig.hub->deviceCounters(0).received <= quint64(Budget + 1),
             qPrintable(QString::number(rig.hub->deviceCounters(0).received)));
    QCOMPARE(rig.committed, 0);
    QCOMPARE(rig.hub->deviceState(0), ConnectionState::Online);

    rig.releaseStore();
    QTRY_COMPARE_WITH_TIMEOUT(rig.committed, Burst, 120000);
    QTRY_COMPARE(rig.hub->deviceCounters(0).stored, quint64(Burst));
    QCOMPARE(rig.hub->deviceCounters(0).received, quint64(Burst));
    QCOMPARE(rig.hub->deviceCounters(0).reconnects, quint64(0));
    QCOMPARE(rig.hub->deviceState(0), ConnectionState::Online);
    QVERIFY(rig.hub->storeIngest().peakEvents <= Budget);
    QVERIFY(rig.hub->hubIngest().peakEvents <= Budget);
    QVERIFY(rig.hub->storeIngest().waitedMs >= 3000);
    rig.stop();

    compareStoredWithSent(rig, Burst);
}

// The event that finds the budget spent is the last one the terminal sent: once the store
// goes on, nothing else is left to read, and the silence timer (2 s, overdue after 3 s held
// back) runs before any pong can arrive. The time held back is added to it, so the link
// stays up.
void TestPipeline::timeHeldBackIsNotTheTerminalsSilence()
{
    constexpr qint64 Budget = 20;
    OneTerminal rig;
    rig.ingestLimits.events = Budget;
    DeviceConfig config;
    config.heartbeatSeconds = 1;
    QString error;
    QVERIFY2(rig.start(config, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(rig.hub->deviceState(0), ConnectionState::Online, 10000);

    QVERIFY(rig.holdStore());
    for (int i = 0; i <= Budget; ++i)
        rig.simulator.emitEvent(0);
    QTRY_VERIFY_WITH_TIMEOUT(rig.hub->storeIngest().waits > 0, 30000);
    QTest::qWait(3000);
    rig.releaseStore();

    QTRY_COMPARE_WITH_TIMEOUT(rig.committed, Budget + 1, 30000);
    // Three more heartbeats, answered.
    QTest::qWait(3000);
    QCOMPARE(rig.hub->deviceCounters(0).reconnects, quint64(0));
    QCOMPARE(rig.hub->deviceState(0), ConnectionState::Online);
    QCOMPARE(rig.hub->deviceLastError(0), QString());
}

// Qt's WebSocket reader gives up on a frame that stays incomplete for 5 s. Its clock runs on
// while the network thread waits for the store, so a wait longer than that must not end
// another terminal's connection whose frame was half-way in when the wait began: the rest of
// it is there by then, only not read yet. Here the slow terminal sends half a frame, the other
// terminal's next event finds the budget spent, the rest follows 1 s later, and the store
// stays held for 6 s more.
void TestPipeline::aLongHoldDoesNotCutAnotherTerminalsFrame()
{
    constexpr qint64 Budget = 20;
    OneTerminal rig;
    rig.ingestLimits.events = Budget;
    DeviceConfig config;
    config.heartbeatSeconds = 10;
    QString error;
    QVERIFY2(rig.start(config, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(rig.hub->deviceState(0), ConnectionState::Online, 10000);

    HostileTerminal slow(HostileTerminal::Mode::StallMidFrame);
    slow.setCompleteFrames(0);
    slow.setResumeAfterMs(1000);
    QVERIFY(slow.listen());
    QSignalSpy stalled(&slow, &HostileTerminal::stalled);
    QSignalSpy resumed(&slow, &HostileTerminal::resumed);

    QVERIFY(rig.holdStore());
    for (int i = 0; i < Budget; ++i)
        rig.simulator.emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(rig.hub->storeIngest().inFlightEvents, Budget, 10000);

    DeviceConfig slowConfig;
    slowConfig.name = u"Slow link"_s;
    slowConfig.url = slow.eventUrl();
    slowConfig.heartbeatSeconds = 10;
    rig.hub->addDevice(slowConfig);
    QTRY_COMPARE_WITH_TIMEOUT(rig.hub->deviceState(1), ConnectionState::Online, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stalled.size(), 1, 10000);

    rig.simulator.emitEvent(0);
    QTRY_VERIFY_WITH_TIMEOUT(rig.hub->storeIngest().waits > 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(resumed.size(), 1, 5000);
    // Time itself is what is tested: Qt's 5 s limit for the half frame passes while the store
    // is held, so no condition could end this wait sooner.
    QTest::qWait(6000);
    rig.releaseStore();

    QTRY_COMPARE_WITH_TIMEOUT(rig.committed, Budget + 2, 30000);
    const ConnectionCounters counters = rig.hub->deviceCounters(1);
    QCOMPARE(counters.received, quint64(1));
    QCOMPARE(counters.rejected, quint64(0));
    QCOMPARE(counters.reconnects, quint64(0));
    QCOMPARE(rig.hub->deviceState(1), ConnectionState::Online);
    QCOMPARE(rig.hub->deviceLastError(1), QString());
    QCOMPARE(slow.connectionCount(), 1);
    QCOMPARE(rig.hub->deviceCounters(0).reconnects, quint64(0));
    rig.stop();

    qint64 rows = -1;
    QSet<QString> expected = rig.sentKeys();
    QCOMPARE(slow.sentFrames().size(), 1);
    expected.insert(keyOfFrame(slow.sentFrames().constFirst()));
    QCOMPARE(rig.storedKeys(&rows), expected);
    QCOMPARE(rows, Budget + 2);
}

// A terminal that restarts every second (a failing power supply, a flapping link). A connection
// counts as healthy only after resetAfterOnlineMs online, so the retries of a flapping terminal
// back off further each time, up to the maximum: each time it comes back within that bound, it
// is counted as a reconnect, and every event it delivered is stored once.
void TestPipeline::aTerminalThatDropsEverySecond()
{
    constexpr int Drops = 8;
    constexpr int PerCycle = 10;
    OneTerminal rig;
    DeviceConfig config;
    // Short steps so that the test does not wait for minutes; the escalation is the same.
    config.backoff.initialMs = 200;
    config.backoff.maxMs = 1500;
    QString error;
    QVERIFY2(rig.start(config, &error), qPrintable(error));
    // The longest retry delay (with its jitter), and time to connect on a busy machine.
    const int bound = int(config.backoff.maxMs * (1 + config.backoff.jitter)) + 3000;
    for (int cycle = 0; cycle <= Drops; ++cycle) {
        QTRY_COMPARE_WITH_TIMEOUT(rig.simulator.subscriberCount(0), 1, bound);
        QTRY_COMPARE_WITH_TIMEOUT(rig.hub->deviceState(0), ConnectionState::Online, bound);
        for (int i = 0; i < PerCycle; ++i)
            rig.simulator.emitEvent(0);
        QTRY_COMPARE_WITH_TIMEOUT(rig.committed, qsizetype(PerCycle) * (cycle + 1), 10000);
        if (cycle < Drops) {
            QTest::qWait(1000 - 100);
            QVERIFY2(rig.simulator.restartDevice(0, &error), qPrintable(error));
        }
    }
    // The hub's counters follow the commits through its own thread's queue.
    QTRY_COMPARE(rig.hub->deviceCounters(0).stored, quint64(PerCycle * (Drops + 1)));
    QCOMPARE(rig.hub->deviceCounters(0).reconnects, quint64(Drops));
    rig.stop();

    compareStoredWithSent(rig, qsizetype { PerCycle } * (Drops + 1));
}

// A terminal that floods the connection with pings between its events: they are answered and
// cost nothing else; the connection stays online and every event is stored once.
void TestPipeline::aFloodOfPings()
{
    constexpr int Rounds = 10;
    constexpr int PingsPerRound = 2000;
    OneTerminal rig;
    QString error;
    QVERIFY2(rig.start({}, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(rig.hub->deviceState(0), ConnectionState::Online, 10000);
    for (int round = 0; round < Rounds; ++round) {
        rig.simulator.sendPings(0, PingsPerRound);
        rig.simulator.emitEvent(0);
        rig.simulator.sendPings(0, PingsPerRound);
        rig.simulator.emitEvent(0);
    }
    QTRY_COMPARE_WITH_TIMEOUT(rig.committed, qsizetype { 2 } * Rounds, 30000);
    // Every ping was answered.
    QTRY_COMPARE_WITH_TIMEOUT(rig.simulator.pongCount(0), qint64(2 * Rounds * PingsPerRound),
                              30000);
    QCOMPARE(rig.hub->deviceState(0), ConnectionState::Online);
    QCOMPARE(rig.hub->deviceCounters(0).reconnects, quint64(0));
    QCOMPARE(rig.hub->deviceCounters(0).rejected, quint64(0));
    rig.stop();

    qint64 rows = -1;
    QCOMPARE(rig.storedKeys(&rows), rig.sentKeys());
    QCOMPARE(rows, qint64(2 * Rounds));
}

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
