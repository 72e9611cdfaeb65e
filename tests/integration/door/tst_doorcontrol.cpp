// Opening a door in answer to an event, against the project's simulated terminal over TLS
// (its certificate pinned) and a real SQLite store: with the right credentials the door opens
// once and the door log holds the request and its outcome; a wrong password, a device that
// says no, an unreachable or untrusted device and a device without credentials leave the door
// shut and say why; no credentials means no network traffic at all.

#include "../../common/loginsimulator.h"
#include "device/dooropener.h"
#include "session/doorcontrol.h"
#include "sim/devicesimulator.h"
#include "store/eventreader.h"
#include "store/storethread.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
constexpr int Timeout = 15'000;

DeviceConfig configFor(const DeviceSimulator &simulator, const QString &password)
{
    DeviceConfig config;
    config.name = u"Main gate"_s;
    config.url = simulator.eventUrl(0);
    if (simulator.options().tls)
        config.pinnedSha256 = { simulator.certificateSha256() };
    config.username = LoginSimulator::user();
    config.password = password;
    config.requestTimeoutMs = Timeout;
    return config;
}

RecognitionEvent eventFrom(const DeviceSimulator &simulator, const QString &uuid)
{
    RecognitionEvent event;
    event.deviceSn = simulator.serialNumber(0);
    event.deviceName = u"Main gate"_s;
    event.uuid = uuid;
    event.timestampMs = 1'700'000'000'000;
    event.recognizeStatus = 3; // a stranger at the door: what a guard might let in
    event.pass = false;
    return event;
}
} // namespace

class TestDoorControl final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void opensWithCredentials();
    void wrongPasswordIsRefused();
    void withoutCredentialsNothingIsSent();
    void deviceRefusesWithItsWords();
    void unreachableDevice();
    void untrustedCertificate();
    void oneRequestPerEventAtATime();
    void abandonedRequestStaysInTheLog();

private:
    // Waits until the store has committed the outcome of the request with this id.
    void waitForOutcome(const QString &requestId);
    QList<DoorOpening> logOf(const QString &dedupKey);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StoreThread> m_store;
    std::unique_ptr<DoorControl> m_doors;
    QList<DoorOpening> m_logged;
    QStringList m_storeErrors;
};

void TestDoorControl::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<StoreThread>();
    StoreOptions options;
    options.flushIntervalMs = 20;
    QString error;
    QVERIFY2(m_store->start(m_dir->filePath(u"events.sqlite"_s), options, &error),
             qPrintable(error));
    m_logged.clear();
    m_storeErrors.clear();
    connect(m_store->store(), &EventStore::doorOpeningsLogged, this,
            [this](const QList<DoorOpening> &entries) { m_logged.append(entries); });
    connect(m_store->store(), &EventStore::storeError, this,
            [this](const QString &message) { m_storeErrors.append(message); });
    m_doors = std::make_unique<DoorControl>([] { return u"Alice"_s; });
    m_doors->setStore(m_store->store());
}

void TestDoorControl::cleanup()
{
    m_doors.reset();
    m_store.reset();
    m_dir.reset();
}

void TestDoorControl::waitForOutcome(const QString &requestId)
{
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(m_logged.cbegin(), m_logged.cend(),
                                         [&requestId](const DoorOpening &entry) {
                                             return entry.requestId == requestId
                                                 && entry.hasOutcome();
                                         }),
                             Timeout);
}

QList<DoorOpening> TestDoorControl::logOf(const QString &dedupKey)
{
    EventReader reader;
    QString error;
    if (!reader.open(m_dir->filePath(u"events.sqlite"_s), &error)) {
        qWarning() << error;
        return {};
    }
    const auto entries = reader.doorOpeningsFor(dedupKey, &error);
    if (!entries)
        qWarning() << error;
    return entries.value_or(QList<DoorOpening>());
}

void TestDoorControl::opensWithCredentials()
{
    auto simulator = LoginSimulator::start(); // TLS, login required
    const RecognitionEvent event = eventFrom(*simulator, u"let-in"_s);
    const DeviceConfig device = configFor(*simulator, LoginSimulator::password());
    QCOMPARE(m_doors->unavailableReason(event, device), QString());

    QSignalSpy opened(simulator.get(), &DeviceSimulator::doorOpened);
    QSignalSpy started(m_doors.get(), &DoorControl::started);
    QSignalSpy finished(m_doors.get(), &DoorControl::finished);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    QTest::ignoreMessage(QtInfoMsg,
                         QRegularExpression(u"Alice asks Main gate \\(%1\\) to open"_s.arg(
                             simulator->serialNumber(0))));
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u"Main gate .* opened"_s));
    QVERIFY(m_doors->open(event, device));
    QCOMPARE(started.count(), 1);
    QCOMPARE(finished.count(), 0); // never from inside open()
    QVERIFY(m_doors->isOpening(event.deduplicationKey()));
    QVERIFY(!m_doors->unavailableReason(event, device).isEmpty());

    const auto request = started.at(0).at(0).value<DoorOpening>();
    QVERIFY(!request.hasOutcome());
    QCOMPARE(request.dedupKey, event.deduplicationKey());
    QCOMPARE(request.requestedBy, u"Alice"_s);

    QVERIFY(finished.wait(Timeout));
    const auto outcome = finished.at(0).at(0).value<DoorOpening>();
    const auto result = finished.at(0).at(1).value<DoorOpenResult>();
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(result.message, u"door opened"_s);
    QCOMPARE(simulator->doorOpenings(0), 1);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.at(0).at(1).toInt(), 0); // open_mode 0: the usual timed opening
    QVERIFY(!m_doors->isOpening(event.deduplicationKey()));
    QCOMPARE(m_doors->requestsUnderWay(), 0);
    QVERIFY(outcome.opened);
    QCOMPARE(outcome.requestId, request.requestId);

    // The door log: who, when, which device, which event, what came of it.
    waitForOutcome(request.requestId);
    const QList<DoorOpening> log = logOf(event.deduplicationKey());
    QCOMPARE(log.size(), 1);
    const DoorOpening &entry = log.constFirst();
    QCOMPARE(entry, outcome);
    QCOMPARE(entry.dedupKey, event.deduplicationKey());
    QCOMPARE(entry.requestedBy, u"Alice"_s);
    QCOMPARE(entry.deviceName, u"Main gate"_s);
    QCOMPARE(entry.deviceSn, simulator->serialNumber(0));
    QCOMPARE(entry.openMode, 0);
    QVERIFY(entry.opened);
    QCOMPARE(entry.result, u"door opened"_s);
    QCOMPARE(entry.requestedAt.timeSpec(), Qt::UTC);
    QVERIFY(entry.requestedAt >= before.addMSecs(-1));
    QVERIFY(entry.finishedAt >= entry.requestedAt);
    QCOMPARE(m_storeErrors, QStringList());
}

void TestDoorControl::wrongPasswordIsRefused()
{
    auto simulator = LoginSimulator::start();
    const RecognitionEvent event = eventFrom(*simulator, u"wrong-password"_s);
    QSignalSpy finished(m_doors.get(), &DoorControl::finished);
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u"asks Main gate"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"did not open: login refused"_s));
    QVERIFY(m_doors->open(event, configFor(*simulator, u"not-the-password"_s)));
    QVERIFY(finished.wait(Timeout));

    const auto result = finished.at(0).at(1).value<DoorOpenResult>();
    QCOMPARE(result.failure, DoorOpenResult::Failure::LoginRefused);
    QCOMPARE(result.message, u"login refused: invalid username or password"_s);
    QCOMPARE(simulator->doorOpenings(0), 0);

    const auto outcome = finished.at(0).at(0).value<DoorOpening>();
    waitForOutcome(outcome.requestId);
    const QList<DoorOpening> log = logOf(event.deduplicationKey());
    QCOMPARE(log.size(), 1);
    QVERIFY(log.constFirst().hasOutcome());
    QVERIFY(!log.constFirst().opened);
    QCOMPARE(log.constFirst().result, result.message);
    QCOMPARE(log.constFirst().requestedBy, u"Alice"_s);
}

void TestDoorControl::withoutCredentialsNothingIsSent()
{
    // A terminal that wants no login: any door request that reached it would open the door.
    SimulatorOptions options;
    options.rate = 0;
    options.tls = true;
    DeviceSimulator simulator(options);
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));
    DeviceConfig device = configFor(simulator, QString());
    device.username.clear();
    const RecognitionEvent event = eventFrom(simulator, u"no-credentials"_s);
    const QString expected
        = u"no credentials are configured for Main gate; add them in the device settings"_s;
    QCOMPARE(m_doors->unavailableReason(event, device), expected);
    QVERIFY(!m_doors->unavailableReason(event, std::nullopt).isEmpty());

    QSignalSpy finished(m_doors.get(), &DoorControl::finished);
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u"asks Main gate"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"did not open: no credentials"_s));
    QVERIFY(m_doors->open(event, device));
    QVERIFY(finished.wait(Timeout));
    const auto result = finished.at(0).at(1).value<DoorOpenResult>();
    QCOMPARE(result.failure, DoorOpenResult::Failure::NoCredentials);
    QCOMPARE(result.message, expected);
    QCOMPARE(simulator.doorOpenings(0), 0);

    // The request is still on record, refused.
    const auto outcome = finished.at(0).at(0).value<DoorOpening>();
    waitForOutcome(outcome.requestId);
    const QList<DoorOpening> log = logOf(event.deduplicationKey());
    QCOMPARE(log.size(), 1);
    QVERIFY(!log.constFirst().opened);
    QCOMPARE(log.constFirst().result, expected);

    // Not even a connection: the opener alone, aimed at a port that counts connections.
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    QSignalSpy connections(&listener, &QTcpServer::newConnection);
    DeviceConfig silent;
    silent.name = u"Side door"_s;
    silent.url = QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(listener.serverPort()));
    DoorOpener opener(silent);
    QSignalSpy openerFinished(&opener, &DoorOpener::finished);
    opener.open();
    QVERIFY(opener.isRunning());
    QVERIFY(openerFinished.wait(Timeout));
    QCOMPARE(openerFinished.at(0).at(0).value<DoorOpenResult>().message,
             u"no credentials are configured for Side door; add them in the device settings"_s);
    QVERIFY(!opener.isRunning());
    QCOMPARE(connections.count(), 0);
    QVERIFY(!listener.hasPendingConnections());
}

void TestDoorControl::deviceRefusesWithItsWords()
{
    auto simulator = LoginSimulator::start();
    QSignalSpy finished(m_doors.get(), &DoorControl::finished);
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u"asks Main gate"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"did not open"_s));
    // The device knows modes 0 to 2 only.
    QVERIFY(m_doors->open(eventFrom(*simulator, u"bad-mode"_s),
                          configFor(*simulator, LoginSimulator::password()), 7));
    QVERIFY(finished.wait(Timeout));
    const auto result = finished.at(0).at(1).value<DoorOpenResult>();
    QCOMPARE(result.failure, DoorOpenResult::Failure::Refused);
    QVERIFY2(result.message.startsWith(u"the device refused to open the door: "_s),
             qPrintable(result.message));
    QVERIFY2(result.message.contains(u"open_mode must be 0, 1 or 2"_s), qPrintable(result.message));
    QCOMPARE(finished.at(0).at(0).value<DoorOpening>().openMode, 7);
    QCOMPARE(simulator->doorOpenings(0), 0);
}

void TestDoorControl::unreachableDevice()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    DeviceConfig device;
    device.name = u"Gone"_s;
    device.url = QUrl(u"wss://127.0.0.1:%1/v1/event/"_s.arg(port));
    device.username = u"admin"_s;
    device.password = u"s3cret"_s;
    DoorOpener opener(device);
    QSignalSpy finished(&opener, &DoorOpener::finished);
    opener.open();
    QVERIFY(finished.wait(Timeout));
    const auto result = finished.at(0).at(0).value<DoorOpenResult>();
    QCOMPARE(result.failure, DoorOpenResult::Failure::Unreachable);
    QCOMPARE(result.message, u"login failed: connection refused by 127.0.0.1:%1"_s.arg(port));
}

void TestDoorControl::untrustedCertificate()
{
    auto simulator = LoginSimulator::start();
    DeviceConfig device = configFor(*simulator, LoginSimulator::password());
    device.pinnedSha256.clear(); // self-signed and not pinned: refused
    DoorOpener opener(device);
    QSignalSpy finished(&opener, &DoorOpener::finished);
    opener.open();
    QVERIFY(finished.wait(Timeout));
    const auto result = finished.at(0).at(0).value<DoorOpenResult>();
    QCOMPARE(result.failure, DoorOpenResult::Failure::Tls);
    QVERIFY2(result.message.contains(simulator->certificateSha256Hex()),
             qPrintable(result.message));
    QCOMPARE(simulator->doorOpenings(0), 0);
}

void TestDoorControl::oneRequestPerEventAtATime()
{
    auto simulator = LoginSimulator::start();
    const DeviceConfig device = configFor(*simulator, LoginSimulator::password());
    const RecognitionEvent first = eventFrom(*simulator, u"first"_s);
    const RecognitionEvent second = eventFrom(*simulator, u"second"_s);
    QSignalSpy finished(m_doors.get(), &DoorControl::finished);
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u"asks Main gate"_s));
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u"asks Main gate"_s));
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u" opened$"_s));
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u" opened$"_s));
    QVERIFY(m_doors->open(first, device));
    // The same event again while its request is under way: refused, nothing sent.
    QVERIFY(!m_doors->open(first, device));
    // Another event of the same device: its own request.
    QVERIFY(m_doors->open(second, device));
    QCOMPARE(m_doors->requestsUnderWay(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, Timeout);
    QCOMPARE(simulator->doorOpenings(0), 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_logged.size(), 4, Timeout); // two requests, two outcomes
    QCOMPARE(logOf(first.deduplicationKey()).size(), 1);
    QCOMPARE(logOf(second.deduplicationKey()).size(), 1);
}

void TestDoorControl::abandonedRequestStaysInTheLog()
{
    // Accepts the connection and never answers: the request stays under way.
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost, 0));
    DeviceConfig device;
    device.name = u"Mute door"_s;
    device.url = QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(mute.serverPort()));
    device.username = u"admin"_s;
    device.password = u"s3cret"_s;
    RecognitionEvent event;
    event.uuid = u"abandoned"_s;
    event.deviceName = device.name;

    QSignalSpy connected(&mute, &QTcpServer::newConnection);
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u"asks Mute door"_s));
    QVERIFY(m_doors->open(event, device));
    QVERIFY(connected.wait(Timeout));
    QTRY_COMPARE_WITH_TIMEOUT(m_logged.size(), 1, Timeout); // the request, committed
    QVERIFY(!m_logged.constFirst().hasOutcome());

    // GateWatch closes while the device has not answered.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"abandoned before its outcome"_s));
    m_doors.reset();
    m_store->stop();
    const QList<DoorOpening> log = logOf(event.deduplicationKey());
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.constFirst().requestedBy, u"Alice"_s);
    QVERIFY(!log.constFirst().hasOutcome());
    QVERIFY(!log.constFirst().opened);
    QCOMPARE(log.constFirst().result, QString());
}

QTEST_GUILESS_MAIN(TestDoorControl)
#include "tst_doorcontrol.moc"
