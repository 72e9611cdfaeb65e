// SiteDevice, the terminal as a site configures it: host and port checked as typed, with a
// specific reason each; the device list file (versioned, without secrets) read back exactly,
// refusing bad input as a whole with the device and field named; and the connection settings
// it gives, which reach a real simulated terminal.

#include "../../common/loginsimulator.h"
#include "device/devicerestclient.h"
#include "device/sitedevice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
SiteDevice frontDoor()
{
    SiteDevice device;
    device.id = u"0b7d5f7e-4a4e-4f43-9a5c-3f1a0c9e2b11"_s;
    device.name = u"Front door"_s;
    device.location = u"Building A, ground floor"_s;
    device.host = u"10.0.0.5"_s;
    device.username = u"admin"_s;
    device.heartbeatSeconds = 5;
    device.pinnedSha256 = { QByteArray(32, '\x5a') };
    return device;
}
} // namespace

class TestSiteDevice final : public QObject
{
    Q_OBJECT

private slots:
    void hostProblems_data();
    void hostProblems();
    void portProblems_data();
    void portProblems();
    void listRoundTripsWithoutSecrets();
    void defaultsWhenFieldsAreMissing();
    void badListsAreRefusedWhole_data();
    void badListsAreRefusedWhole();
    void configReachesTheTerminal();
};

void TestSiteDevice::hostProblems_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("problem"); // empty: fine

    QTest::newRow("name") << u"gate-3.site.example"_s << QString();
    QTest::newRow("ipv4") << u"10.0.0.5"_s << QString();
    QTest::newRow("ipv6") << u"fe80::1"_s << QString();
    QTest::newRow("ipv6 brackets") << u"[2001:db8::5]"_s << QString();
    QTest::newRow("empty") << QString() << u"the host is empty"_s;
    QTest::newRow("blank") << u"   "_s << u"the host is empty"_s;
    QTest::newRow("space") << u"gate 3"_s << u"the host contains spaces"_s;
    QTest::newRow("scheme") << u"wss://10.0.0.5"_s
                            << u"the host is only the name or address, without \"wss://\""_s;
    QTest::newRow("path") << u"10.0.0.5/v1/event"_s
                          << u"the host is only the name or address, without a path"_s;
    QTest::newRow("port") << u"10.0.0.5:8000"_s
                          << u"the port goes in its own field, not after the host"_s;
    QTest::newRow("odd character")
        << u"gate#3"_s << u"the host contains '#', which no host name has"_s;
    QTest::newRow("empty label") << u"gate..example"_s
                                 << u"the host has an empty part between dots"_s;
}

void TestSiteDevice::hostProblems()
{
    QFETCH(QString, host);
    QFETCH(QString, problem);
    QCOMPARE(SiteDevice::hostProblem(host), problem);
}

void TestSiteDevice::portProblems_data()
{
    QTest::addColumn<QString>("port");
    QTest::addColumn<QString>("problem");

    QTest::newRow("default") << u"8000"_s << QString();
    QTest::newRow("spaces around") << u" 443 "_s << QString();
    QTest::newRow("empty") << QString() << u"the port is empty"_s;
    QTest::newRow("word") << u"eighty"_s << u"the port must be a number, not 'eighty'"_s;
    QTest::newRow("zero") << u"0"_s << u"the port must be from 1 to 65535, not 0"_s;
    QTest::newRow("too big") << u"70000"_s << u"the port must be from 1 to 65535, not 70000"_s;
}

void TestSiteDevice::portProblems()
{
    QFETCH(QString, port);
    QFETCH(QString, problem);
    QCOMPARE(SiteDevice::portProblem(port), problem);
}

void TestSiteDevice::listRoundTripsWithoutSecrets()
{
    SiteDevice second;
    second.id = u"second"_s;
    second.name = u"出口 2"_s; // names in any script
    second.host = u"gate-2.site.example"_s;
    second.port = 8443;
    second.tls = false;
    second.enabled = false;
    const QList<SiteDevice> devices { frontDoor(), second };

    const QByteArray json = SiteDeviceList::toJson(devices);
    // The password is never in a SiteDevice; only toConfig() gets it, from the keychain.
    QVERIFY(!frontDoor().toConfig(u"s3cret-pass"_s).password.isEmpty());
    QVERIFY(!json.contains("s3cret-pass"));
    QVERIFY(!json.contains("password"));
    QVERIFY(json.contains("5A:5A:5A")); // pins as operators read them

    QString error;
    const auto read = SiteDeviceList::fromJson(json, &error);
    QVERIFY2(read.has_value(), qPrintable(error));
    QCOMPARE(*read, devices);
}

void TestSiteDevice::defaultsWhenFieldsAreMissing()
{
    const QByteArray json = R"({"format": "gatewatch-devices", "version": 1,
        "devices": [{"name": "Gate", "host": "10.1.1.1", "future": {"x": 1}}]})";
    QString error;
    const auto read = SiteDeviceList::fromJson(json, &error);
    QVERIFY2(read.has_value(), qPrintable(error));
    const SiteDevice &device = read->constFirst();
    QCOMPARE(device.port, 8000);
    QVERIFY(device.tls);
    QCOMPARE(device.path, u"/v1/event/"_s);
    QVERIFY(device.enabled);
    QVERIFY(!device.heartbeatSeconds);
    QVERIFY(!device.id.isEmpty()); // given one, so that it can be told apart from now on
    QCOMPARE(device.toConfig().url, QUrl(u"wss://10.1.1.1:8000/v1/event/"_s));
    QCOMPARE(device.toConfig().heartbeatSeconds, SiteDevice::DefaultHeartbeatSeconds);
}

void TestSiteDevice::badListsAreRefusedWhole_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    QTest::newRow("not json") << QByteArray("{devices") << u"not a device list: "_s;
    QTest::newRow("other file") << QByteArray(R"({"devices": []})")
                                << u"not a GateWatch device list"_s;
    QTest::newRow("newer version")
        << QByteArray(R"({"format": "gatewatch-devices", "version": 2, "devices": []})")
        << u"device list version 2 is not one this GateWatch reads (1 to 1)"_s;
    QTest::newRow("no devices") << QByteArray(R"({"format": "gatewatch-devices", "version": 1})")
                                << u"the device list has no \"devices\" list"_s;
    QTest::newRow("second device bad port")
        << QByteArray(R"({"format": "gatewatch-devices", "version": 1, "devices": [
               {"name": "A", "host": "10.0.0.1"},
               {"name": "B", "host": "10.0.0.2", "port": 0}]})")
        << u"device 2 (B): the port must be from 1 to 65535, not 0"_s;
    QTest::newRow("port as text") << QByteArray(
        R"({"format": "gatewatch-devices", "version": 1, "devices": [
               {"name": "A", "host": "10.0.0.1", "port": "8000"}]})")
                                  << u"device 1 (A): \"port\" must be a whole number"_s;
    QTest::newRow("host with scheme")
        << QByteArray(R"({"format": "gatewatch-devices", "version": 1, "devices": [
               {"name": "A", "host": "ws://10.0.0.1"}]})")
        << u"device 1 (A): the host is only the name or address, without \"ws://\""_s;
    QTest::newRow("short pin") << QByteArray(
        R"({"format": "gatewatch-devices", "version": 1, "devices": [
               {"name": "A", "host": "10.0.0.1", "pins": ["AB:CD"]}]})")
                               << u"device 1 (A): \"pins\": "_s;
    QTest::newRow("no name") << QByteArray(R"({"format": "gatewatch-devices", "version": 1,
                                   "devices": [{"host": "10.0.0.1"}]})")
                             << u"device 1: \"name\" must be text"_s;
    QTest::newRow("not an object")
        << QByteArray(R"({"format": "gatewatch-devices", "version": 1, "devices": [7]})")
        << u"device 1: not an object"_s;
}

void TestSiteDevice::badListsAreRefusedWhole()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString actual;
    QVERIFY(!SiteDeviceList::fromJson(json, &actual).has_value());
    QVERIFY2(actual.startsWith(error), qPrintable(actual));
}

void TestSiteDevice::configReachesTheTerminal()
{
    // A simulated terminal with TLS and a login: the site's entry, its pin and the password
    // from "the keychain" are all it takes.
    const auto simulator = LoginSimulator::start();
    SiteDevice device;
    device.name = u"Simulated"_s;
    device.host = u"127.0.0.1"_s;
    device.port = simulator->eventUrl(0).port();
    device.username = LoginSimulator::user();
    device.pinnedSha256 = { simulator->certificateSha256() };
    const DeviceConfig config = device.toConfig(LoginSimulator::password());
    QCOMPARE(config.url, simulator->eventUrl(0));

    DeviceRestClient client(config);
    bool loggedIn = false;
    QString error = u"no answer"_s;
    client.login(config.username, config.password, 1,
                 [&](const RestResult &result, const QString &) {
                     loggedIn = result.ok();
                     error = result.error;
                 });
    QTRY_VERIFY2_WITH_TIMEOUT(loggedIn, qPrintable(error), 20000);
}

QTEST_GUILESS_MAIN(TestSiteDevice)
#include "tst_sitedevice.moc"
