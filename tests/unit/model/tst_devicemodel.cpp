// DeviceModel over a real DeviceHub connected to an in-process DeviceSimulator (plain
// WebSocket on 127.0.0.1), with a QAbstractItemModelTester attached the whole time.

#include "device/devicehub.h"
#include "event/recognitionevent.h"
#include "model/devicemodel.h"
#include "sim/devicesimulator.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
DeviceConfig configFor(const DeviceSimulator &simulator, int index, int backoffMs)
{
    DeviceConfig config;
    config.name = u"Door %1"_s.arg(index + 1);
    config.url = simulator.eventUrl(index);
    config.heartbeatSeconds = 1;
    config.backoff.initialMs = backoffMs;
    config.backoff.maxMs = backoffMs;
    config.backoff.jitter = 0;
    return config;
}

ConnectionState stateOf(const DeviceModel &model, int row)
{
    return ConnectionState(
        model.index(row, DeviceModel::State).data(DeviceModel::StateRole).toInt());
}

// Two simulated terminals that send only when told, a hub and a model over it.
struct TwoTerminals
{
    static SimulatorOptions options()
    {
        SimulatorOptions options;
        options.devices = 2;
        options.rate = 0;
        return options;
    }
    // Adds both terminals to the hub; true once both are online.
    bool connectBoth()
    {
        hub.addDevice(configFor(simulator, 0, 100));
        hub.addDevice(configFor(simulator, 1, 100));
        return QTest::qWaitFor(
            [this] {
                return stateOf(model, 0) == ConnectionState::Online
                    && stateOf(model, 1) == ConnectionState::Online;
            },
            10000);
    }

    DeviceSimulator simulator { options() };
    DeviceHub hub;
    DeviceModel model { &hub };
    QAbstractItemModelTester tester { &model,
                                      QAbstractItemModelTester::FailureReportingMode::QtTest };
};
} // namespace

class TestDeviceModel final : public QObject
{
    Q_OBJECT

private slots:
    void statesCountersAndRetry();
    void devicesAddedBeforeTheModel();
    void todayCountsFromSeedAndEvents();
    void countersNoticedAtMostFourTimesASecond();
    void devicesRemovedEditedAndDisabledLive();
};

void TestDeviceModel::statesCountersAndRetry()
{
    SimulatorOptions options;
    options.devices = 2;
    options.rate = 0; // events only when the test asks
    DeviceSimulator simulator(options);
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));

    DeviceHub hub;
    DeviceModel model(&hub);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRefreshIntervalMs(50);
    QCOMPARE(model.rowCount(), 0);

    // Every state the first row goes through, in order.
    QList<ConnectionState> states;
    connect(&model, &QAbstractItemModel::dataChanged, this,
            [&](const QModelIndex &topLeft, const QModelIndex &, const QList<int> &roles) {
                if (topLeft.row() == 0 && topLeft.column() == DeviceModel::State
                    && roles.contains(DeviceModel::StateRole)) {
                    const ConnectionState state = stateOf(model, 0);
                    if (states.isEmpty() || states.constLast() != state)
                        states.append(state);
                }
            });

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // A long backoff, so that the retry state lasts while the test looks at it.
    hub.addDevice(configFor(simulator, 0, 30'000));
    hub.addDevice(configFor(simulator, 1, 30'000));
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, DeviceModel::Name).data().toString(), u"Door 2"_s);
    QCOMPARE(model.index(0, DeviceModel::Address).data().toString(),
             simulator.eventUrl(0).toDisplayString());

    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, 0), ConnectionState::Online, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, 1), ConnectionState::Online, 10000);
    QVERIFY(states.indexOf(ConnectionState::Connecting) >= 0);
    QVERIFY(states.indexOf(ConnectionState::Connecting) < states.indexOf(ConnectionState::Online));
    QCOMPARE(model.index(0, DeviceModel::State).data().toString(), DeviceModel::tr("online"));
    QVERIFY(!model.index(0, DeviceModel::State).data(Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(model.index(0, DeviceModel::LastEvent).data().toString(), QString());

    // Counters.
    QTRY_COMPARE_WITH_TIMEOUT(simulator.subscriberCount(0), 1, 10000);
    for (int i = 0; i < 3; ++i)
        simulator.emitEvent(0);
    simulator.sendRawFrame(0, "{ not json");
    QTRY_COMPARE_WITH_TIMEOUT(model.index(0, DeviceModel::Received).data().toULongLong(),
                              quint64(3), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(model.index(0, DeviceModel::Rejected).data().toULongLong(),
                              quint64(1), 10000);
    const auto counters = model.index(0, DeviceModel::Name)
                              .data(DeviceModel::CountersRole)
                              .value<ConnectionCounters>();
    QCOMPARE(counters.received, quint64(3));
    QCOMPARE(counters.rejected, quint64(1));
    QVERIFY(!model.index(0, DeviceModel::Rejected).data(Qt::ToolTipRole).toString().isEmpty());
    QVERIFY(!model.index(0, DeviceModel::LastEvent).data().toString().isEmpty());
    QCOMPARE(model.index(1, DeviceModel::Received).data().toULongLong(), quint64(0));

    // The terminals go away: the model shows a retry with a countdown, refreshed by its timer.
    simulator.stop();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, 0), ConnectionState::WaitingToRetry, 10000);
    const QModelIndex state = model.index(0, DeviceModel::State);
    const int seconds = state.data(DeviceModel::RetryInSecondsRole).toInt();
    QVERIFY2(seconds > 0 && seconds <= 30, qPrintable(QString::number(seconds)));
    QVERIFY2(state.data().toString().contains(QString::number(seconds))
                 || state.data().toString().contains(QString::number(seconds - 1)),
             qPrintable(state.data().toString()));
    QVERIFY(!state.data(Qt::ToolTipRole).toString().isEmpty());

    QSignalSpy refreshed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(refreshed.wait(5000));
    const auto topLeft = refreshed.constFirst().at(0).toModelIndex();
    QCOMPARE(topLeft.column(), int(DeviceModel::State));
    QVERIFY(refreshed.constFirst().at(2).value<QList<int>>().contains(Qt::DisplayRole));

    // Stopped on purpose: no countdown any more.
    hub.stopAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, 0), ConnectionState::Disconnected, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, 1), ConnectionState::Disconnected, 10000);
    QCOMPARE(model.index(0, DeviceModel::State).data(DeviceModel::RetryInSecondsRole).toInt(), 0);
    QCOMPARE(model.index(0, DeviceModel::State).data().toString(), DeviceModel::tr("disconnected"));
}

void TestDeviceModel::devicesAddedBeforeTheModel()
{
    SimulatorOptions options;
    options.rate = 0;
    DeviceSimulator simulator(options);
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));

    DeviceHub hub;
    hub.addDevice(configFor(simulator, 0, 100));
    DeviceModel model(&hub);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, 0), ConnectionState::Online, 10000);
    for (int column = 0; column < DeviceModel::ColumnCount; ++column)
        QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
    hub.stopAll();
}

void TestDeviceModel::todayCountsFromSeedAndEvents()
{
    TwoTerminals site;
    QString error;
    QVERIFY2(site.simulator.start(&error), qPrintable(error));
    DeviceModel &model = site.model;
    // What the store held for today at start-up, by serial number: a device's count starts
    // there once its first event tells which serial it has.
    model.setTodaySeed({ { site.simulator.serialNumber(0), 40 }, { u"SOMEONE-ELSE"_s, 7 } });
    QVERIFY(site.connectBoth());
    QCOMPARE(model.todayCount(0), 0); // serial not known yet
    QCOMPARE(model.index(0, DeviceModel::Today).data().toLongLong(), 0);

    for (int i = 0; i < 3; ++i)
        site.simulator.emitEvent(0);
    site.simulator.emitEvent(1);
    QTRY_COMPARE_WITH_TIMEOUT(model.todayCount(0), 43, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(model.todayCount(1), 1, 10000);
    QCOMPARE(model.index(0, DeviceModel::Today).data().toLongLong(), 43);
    QCOMPARE(model.index(1, DeviceModel::Today).data(DeviceModel::TodayRole).toLongLong(), 1);
    site.hub.stopAll();
}

void TestDeviceModel::countersNoticedAtMostFourTimesASecond()
{
    TwoTerminals site;
    QString error;
    QVERIFY2(site.simulator.start(&error), qPrintable(error));
    DeviceModel &model = site.model;
    DeviceSimulator &simulator = site.simulator;
    QVERIFY(site.connectBoth());

    // A burst: 200 recognitions from both terminals.
    QList<int> noticedRows;
    qint64 todayWhenNoticed = -1;
    connect(&model, &QAbstractItemModel::dataChanged, this,
            [&](const QModelIndex &from, const QModelIndex &to, const QList<int> &roles) {
                if (!roles.contains(DeviceModel::TodayRole))
                    return;
                for (int row = from.row(); row <= to.row(); ++row)
                    noticedRows.append(row);
                todayWhenNoticed = model.todayCount(0) + model.todayCount(1);
            });
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 100; ++i) {
        simulator.emitEvent(0);
        simulator.emitEvent(1);
    }
    QTRY_COMPARE_WITH_TIMEOUT(model.todayCount(0) + model.todayCount(1), 200, 10000);
    // The last notice comes after the last count, for both rows.
    QTRY_COMPARE_WITH_TIMEOUT(todayWhenNoticed, 200, 10000);
    QVERIFY(noticedRows.contains(0));
    QVERIFY(noticedRows.contains(1));
    // At most one notice per interval, and one to follow: not one per recognition.
    const qsizetype notices = noticedRows.count(0);
    const qint64 most = clock.elapsed() / DeviceModel::CountersNoticeIntervalMs + 2;
    QVERIFY2(notices <= most,
             qPrintable(u"%1 notices in %2 ms"_s.arg(notices).arg(clock.elapsed())));
    QVERIFY(notices < 100);
    site.hub.stopAll();
}

void TestDeviceModel::devicesRemovedEditedAndDisabledLive()
{
    SimulatorOptions options;
    options.devices = 3;
    options.rate = 0;
    DeviceSimulator simulator(options);
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));

    DeviceHub hub;
    DeviceModel model(&hub);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const DeviceHub::Key first = hub.addDevice(configFor(simulator, 0, 100));
    const DeviceHub::Key second = hub.addDevice(configFor(simulator, 1, 100));
    const DeviceHub::Key third = hub.addDevice(configFor(simulator, 2, 100));
    QVERIFY(first != second && second != third && first != 0);
    for (int row = 0; row < 3; ++row)
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, row), ConnectionState::Online, 10000);
    for (int device = 0; device < 3; ++device)
        QTRY_COMPARE_WITH_TIMEOUT(simulator.subscriberCount(device), 1, 10000);
    // Each learns its serial number (and today's count) from an event; the second two.
    simulator.emitEvent(0);
    simulator.emitEvent(1);
    simulator.emitEvent(1);
    simulator.emitEvent(2);
    QTRY_COMPARE_WITH_TIMEOUT(model.todayCount(2), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(model.todayCount(1), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(model.todayCount(0), 1, 10000);

    // Every state the third device reports from now on: it is never touched.
    QList<ConnectionState> thirdStates;
    connect(&hub, &DeviceHub::deviceStateChanged, this,
            [&](int device, ConnectionState state, const QString &) {
                if (hub.deviceKey(device) == third)
                    thirdStates.append(state);
            });

    // Removing the middle one: the row goes, the rows after it move up with their data.
    QSignalSpy aboutToBeRemoved(&model, &QAbstractItemModel::rowsAboutToBeRemoved);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    hub.removeDevice(second);
    QCOMPARE(aboutToBeRemoved.size(), 1);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.constFirst().at(1).toInt(), 1);
    QCOMPARE(removed.constFirst().at(2).toInt(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(hub.deviceCount(), 2);
    QCOMPARE(hub.indexOf(second), -1);
    QCOMPARE(hub.indexOf(third), 1);
    QCOMPARE(model.index(1, DeviceModel::Name).data().toString(), u"Door 3"_s);
    QCOMPARE(model.todayCount(1), 1);
    QTRY_COMPARE_WITH_TIMEOUT(simulator.subscriberCount(1), 0, 10000);
    // Removing it again, or a key never given, changes nothing.
    hub.removeDevice(second);
    hub.removeDevice(12345);
    QCOMPARE(model.rowCount(), 2);

    // The moved row keeps getting its own events.
    simulator.emitEvent(2);
    QTRY_COMPARE_WITH_TIMEOUT(model.todayCount(1), 2, 10000);
    QCOMPARE(model.index(1, DeviceModel::Received).data().toULongLong(), quint64(2));
    QCOMPARE(model.todayCount(0), 1);

    // Disabled: disconnected and kept; enabled: connected again.
    QSignalSpy changed(&hub, &DeviceHub::deviceChanged);
    hub.setDeviceEnabled(first, false);
    QCOMPARE(changed.size(), 1);
    QVERIFY(!hub.isDeviceEnabled(0));
    QCOMPARE(model.index(0, DeviceModel::State).data().toString(), DeviceModel::tr("disabled"));
    QTRY_COMPARE_WITH_TIMEOUT(simulator.subscriberCount(0), 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(hub.deviceState(0), ConnectionState::Disconnected, 10000);
    QCOMPARE(model.rowCount(), 2);
    hub.setDeviceEnabled(first, true);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, 0), ConnectionState::Online, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(simulator.subscriberCount(0), 1, 10000);

    // Renamed: events from now on carry the new name, without a reconnection.
    QList<RecognitionEvent> events;
    connect(&hub, &DeviceHub::eventReceived, this,
            [&events](int, const RecognitionEvent &event) { events.append(event); });
    DeviceConfig renamed = hub.deviceConfig(1);
    renamed.name = u"Back door"_s;
    hub.updateDevice(third, renamed);
    QCOMPARE(model.index(1, DeviceModel::Name).data().toString(), u"Back door"_s);
    simulator.emitEvent(2);
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 1, 10000);
    QCOMPARE(events.constFirst().deviceName, u"Back door"_s);
    QCOMPARE(model.todayCount(1), 3);

    // Moved to another address: only that device reconnects, there, and its count starts
    // over with the terminal found there.
    DeviceConfig moved = hub.deviceConfig(0);
    moved.url = simulator.eventUrl(1);
    hub.updateDevice(first, moved);
    QCOMPARE(model.index(0, DeviceModel::Address).data().toString(),
             simulator.eventUrl(1).toDisplayString());
    QCOMPARE(model.todayCount(0), 0);
    QTRY_COMPARE_WITH_TIMEOUT(simulator.subscriberCount(1), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(simulator.subscriberCount(0), 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, 0), ConnectionState::Online, 10000);
    simulator.emitEvent(1);
    QTRY_COMPARE_WITH_TIMEOUT(model.todayCount(0), 1, 10000);
    QCOMPARE(simulator.subscriberCount(2), 1);
    QVERIFY2(thirdStates.isEmpty(), "the untouched device reported a state change");
    QCOMPARE(hub.deviceCounters(1).reconnects, quint64(0));

    // The last ones go too.
    hub.removeDevice(first);
    hub.removeDevice(third);
    QCOMPARE(model.rowCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(simulator.subscriberCount(2), 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(simulator.subscriberCount(1), 0, 10000);
    hub.stopAll();
}

QTEST_GUILESS_MAIN(TestDeviceModel)
#include "tst_devicemodel.moc"
