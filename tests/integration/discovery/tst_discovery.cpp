// Discovery as it happens on a desktop: real `gatewatch simulate --announce` processes and
// in-process announcers publish through an Avahi daemon, and DeviceBrowser finds them through
// it. The daemon and its D-Bus system bus are private to the test (AvahiFixture), so the test
// needs neither the machine's daemon nor its network.
//
// libdbus reads $DBUS_SYSTEM_BUS_ADDRESS once per process, at the first connection: every test
// here uses the fixture's bus (a daemon missing from it is had by stopping the daemon), and
// the case without any bus is tst_discoverywithoutbus.

#include "discovery/devicebrowser.h"
#include "discovery/serviceannouncer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <optional>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
const QString NoDaemon = u"No Avahi daemon is reachable (is avahi-daemon running?)"_s;
// The private daemon's host name and its one address. TEST-NET-2: the address exists only in
// the daemon's own network namespace.
const QString HostName = u"gatewatch-test.local"_s;
const QString NamespaceAddress = u"198.51.100.1"_s;
constexpr int Timeout = 20000;

QString executable()
{
    return QStringLiteral(GATEWATCH_EXECUTABLE);
}

QString findTool(const QString &name)
{
    QString path = QStandardPaths::findExecutable(name);
    // Daemons live in sbin, which a user's PATH may lack.
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(name, { u"/usr/sbin"_s, u"/sbin"_s });
    return path;
}

bool writeFile(const QString &path, const QByteArray &contents, QString *error)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size())
        return true;
    *error = u"cannot write %1: %2"_s.arg(path, file.errorString());
    return false;
}

// Reads the process's output until it contains `text`; false when the process ends or the
// time is up first.
bool waitForOutput(QProcess &process, QByteArray &output, const QByteArray &text, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        output += process.readAll();
        if (output.contains(text))
            return true;
        if (process.state() == QProcess::NotRunning || deadline.hasExpired())
            return false;
        process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    }
}

// A child process that is always ended (SIGTERM, then SIGKILL), even when a check fails
// half-way; its output (stdout and stderr together) is kept for error messages.
class Child final
{
public:
    Child()
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        // Should the test itself crash or be killed on a timeout, the daemons go with it: the
        // signal survives the exec() calls from unshare to avahi-daemon.
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    }
    ~Child() { stop(); }
    Child(const Child &) = delete;
    Child &operator=(const Child &) = delete;

    QProcess &process() { return m_process; }
    QByteArray &output()
    {
        m_output += m_process.readAll();
        return m_output;
    }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
        m_output += m_process.readAll();
    }
    void clearOutput() { m_output.clear(); }

private:
    QProcess m_process;
    QByteArray m_output;
};

// A D-Bus system bus and an Avahi daemon of the test's own, ended with the fixture.
//
// dbus-daemon runs with a configuration written into a temporary folder: it listens on a Unix
// socket there, accepts EXTERNAL and ANONYMOUS authentication and allows everything. Both
// avahi-daemon and libavahi-client take the bus from $DBUS_SYSTEM_BUS_ADDRESS.
//
// avahi-daemon cannot simply run beside the machine's: it always writes
// /run/avahi-daemon/pid (and its socket there) and refuses to start while that pid is alive;
// it uses only non-loopback multicast interfaces, and on a real one it would talk to the
// machine's network. So `unshare` gives it network and mount namespaces of its own (plus a
// user namespace mapping the caller to root when the test does not run as root): a veth pair
// whose one end, gw0, carries 198.51.100.1/24 and is the only interface Avahi may use (its
// multicast loops back to itself, so what it publishes it also browses), a tmpfs on /run, an
// empty /etc/avahi/services, and /etc/passwd and /etc/group in which the user "avahi" is root
// (the daemon insists that its runtime folder belongs to that user, even with
// --no-drop-root). Two test runs therefore never see each other.
class AvahiFixture final
{
public:
    ~AvahiFixture() { stop(); }

    QString busAddress() const { return u"unix:path="_s + m_dir.filePath(u"bus"_s); }

    bool startBus(QString *error)
    {
        if (!m_dir.isValid()) {
            *error = u"no temporary folder"_s;
            return false;
        }
        const QString dbusDaemon = findTool(u"dbus-daemon"_s);
        if (dbusDaemon.isEmpty()) {
            *error = u"dbus-daemon is not installed (package dbus-daemon; scripts/install-deps "
                     "installs it)"_s;
            return false;
        }
        const QString config = m_dir.filePath(u"bus.conf"_s);
        const QByteArray busConfig = R"(<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <listen>unix:path=)"
            + m_dir.filePath(u"bus"_s).toUtf8() + R"(</listen>
  <auth>EXTERNAL</auth>
  <auth>ANONYMOUS</auth>
  <allow_anonymous/>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="method_return"/>
    <allow send_type="signal"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="signal"/>
    <allow receive_type="error"/>
  </policy>
</busconfig>
)";
        if (!writeFile(config, busConfig, error))
            return false;
        m_bus.process().start(
            dbusDaemon, { u"--config-file="_s + config, u"--nofork"_s, u"--print-address"_s });
        // The address is printed once the socket listens.
        if (!waitForOutput(m_bus.process(), m_bus.output(), "unix:path=", Timeout)) {
            *error = u"dbus-daemon did not start: "_s + QString::fromLocal8Bit(m_bus.output());
            return false;
        }
        return true;
    }

    bool startAvahi(QString *error)
    {
        const QString avahiDaemon = findTool(u"avahi-daemon"_s);
        const QString unshare = findTool(u"unshare"_s);
        const QString ip = findTool(u"ip"_s);
        if (avahiDaemon.isEmpty() || unshare.isEmpty() || ip.isEmpty()) {
            *error = u"avahi-daemon, unshare or ip is not installed (packages avahi-daemon, "
                     "util-linux, iproute2; scripts/install-deps installs them)"_s;
            return false;
        }
        const QByteArray avahiConfig = R"([server]
host-name=gatewatch-test
domain-name=local
use-ipv4=yes
use-ipv6=no
allow-interfaces=gw0,lo
enable-dbus=yes
ratelimit-interval-usec=1000000
ratelimit-burst=1000

[wide-area]
enable-wide-area=no

[publish]
publish-addresses=yes
publish-hinfo=no
publish-workstation=no
publish-domain=no
publish-aaaa-on-ipv4=no

[reflector]
enable-reflector=no

[rlimits]
)";
        if (!writeFile(m_dir.filePath(u"avahi-daemon.conf"_s), avahiConfig, error)
            || !writeFile(m_dir.filePath(u"passwd"_s),
                          "root:x:0:0:root:/root:/bin/sh\navahi:x:0:0:avahi:/:/bin/false\n", error)
            || !writeFile(m_dir.filePath(u"group"_s), "root:x:0:\navahi:x:0:\n", error))
            return false;
        if (!QDir(m_dir.path()).mkpath(u"services"_s)) {
            *error = u"cannot create the services folder"_s;
            return false;
        }

        // Runs inside the new namespaces: $1 the fixture's folder, $2 ip, $3 avahi-daemon.
        const QString script = uR"(set -e
"$2" link set lo up
"$2" link add gw0 type veth peer name gw1
"$2" link set gw1 up
"$2" link set gw0 up
"$2" address add 198.51.100.1/24 dev gw0
if mount --make-rprivate / 2>/dev/null; then
    mount -t tmpfs tmpfs /run
    mount --bind "$1/passwd" /etc/passwd
    mount --bind "$1/group" /etc/group
    if [ -d /etc/avahi/services ]; then mount --bind "$1/services" /etc/avahi/services; fi
elif [ $(id -u) -eq 0 ] && [ ! -e /run/avahi-daemon/pid ]; then
    # In a chroot "/" is no mount point, so nothing can be mounted privately: the daemon
    # uses the real runtime folder, free since no other avahi-daemon runs here.
    mkdir -p /run/avahi-daemon
    chown avahi:avahi /run/avahi-daemon
else
    echo "cannot give avahi-daemon a private /run here: not a mount point, or in use" >&2
    exit 1
fi
exec "$3" --no-drop-root --no-chroot --no-rlimits --no-proc-title -f "$1/avahi-daemon.conf"
)"_s;
        QStringList arguments;
        if (::geteuid() != 0)
            arguments << u"--user"_s << u"--map-root-user"_s;
        arguments << u"--net"_s << u"--mount"_s << u"--propagation"_s << u"unchanged"_s << u"sh"_s
                  << u"-c"_s << script << u"sh"_s << m_dir.path() << ip << avahiDaemon;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"DBUS_SYSTEM_BUS_ADDRESS"_s, busAddress());
        m_avahi.clearOutput();
        m_avahi.process().setProcessEnvironment(environment);
        m_avahi.process().start(unshare, arguments);
        if (!waitForOutput(m_avahi.process(), m_avahi.output(), "Server startup complete",
                           Timeout)) {
            *error = u"avahi-daemon did not start: "_s + QString::fromLocal8Bit(m_avahi.output());
            m_avahi.stop();
            return false;
        }
        return true;
    }

    bool start(QString *error) { return startBus(error) && startAvahi(error); }
    void stopAvahi() { m_avahi.stop(); }
    void stop()
    {
        m_avahi.stop();
        m_bus.stop();
    }
    QString avahiLog() { return QString::fromLocal8Bit(m_avahi.output()); }

private:
    QTemporaryDir m_dir;
    Child m_bus;
    Child m_avahi;
};

// Sets an environment variable for the lifetime of the object.
class EnvironmentOverride final
{
public:
    EnvironmentOverride(const char *name, const QByteArray &value)
        : m_name(name)
    {
        if (qEnvironmentVariableIsSet(name))
            m_previous = qgetenv(name);
        qputenv(name, value);
    }
    ~EnvironmentOverride()
    {
        if (m_previous)
            qputenv(m_name, *m_previous);
        else
            qunsetenv(m_name);
    }
    EnvironmentOverride(const EnvironmentOverride &) = delete;
    EnvironmentOverride &operator=(const EnvironmentOverride &) = delete;

private:
    const char *m_name;
    std::optional<QByteArray> m_previous;
};

// What a browser reported, by key: the latest deviceFound() of each device still there.
struct BrowserLog
{
    QHash<QString, DiscoveredDevice> devices;
    QStringList lost;
    QStringList failures;

    explicit BrowserLog(DeviceBrowser &browser, QObject *context)
    {
        QObject::connect(
            &browser, &DeviceBrowser::deviceFound, context,
            [this](const DiscoveredDevice &device) { devices.insert(device.key, device); });
        QObject::connect(&browser, &DeviceBrowser::deviceLost, context, [this](const QString &key) {
            devices.remove(key);
            lost.append(key);
        });
        QObject::connect(&browser, &DeviceBrowser::failed, context,
                         [this](const QString &reason) { failures.append(reason); });
    }
};

// One `gatewatch simulate --announce` device, as its output line describes it.
struct AnnouncedSimulator
{
    Child child;
    QString serial;
    quint16 port = 0;
    QUrl rest;

    bool start(quint32 seed, QString *error)
    {
        child.process().start(executable(),
                              { u"simulate"_s, u"--announce"_s, u"--port"_s, u"0"_s, u"--rate"_s,
                                u"0"_s, u"--seed"_s, QString::number(seed) });
        if (!waitForOutput(child.process(), child.output(), "announced as", Timeout)) {
            *error = u"simulate --announce: "_s + QString::fromUtf8(child.output());
            return false;
        }
        static const QRegularExpression line(
            uR"(serial=(\S+) url=ws://127\.0\.0\.1:(\d+)/v1/event/ rest=(\S+))"_s);
        const auto match = line.match(QString::fromUtf8(child.output()));
        if (!match.hasMatch()) {
            *error = u"no device line: "_s + QString::fromUtf8(child.output());
            return false;
        }
        serial = match.captured(1);
        port = quint16(match.captured(2).toUInt());
        rest = QUrl(match.captured(3));
        return true;
    }
};
} // namespace

class TestDiscovery final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void findsSimulatedTerminalsAndTheirDeparture();
    void announcerTakesTheNextNameAndSurvivesADaemonRestart();
    void announcerWaitsForADaemon();
    void cleanupTestCase();

private:
    std::unique_ptr<AvahiFixture> m_avahi;
    std::unique_ptr<EnvironmentOverride> m_bus;
};

void TestDiscovery::initTestCase()
{
    m_avahi = std::make_unique<AvahiFixture>();
    QString error;
    QVERIFY2(m_avahi->start(&error), qPrintable(error));
    // Before any Avahi client exists: libavahi-client reads it on every connection.
    m_bus = std::make_unique<EnvironmentOverride>("DBUS_SYSTEM_BUS_ADDRESS",
                                                  m_avahi->busAddress().toUtf8());
}

void TestDiscovery::cleanupTestCase()
{
    m_bus.reset();
    m_avahi.reset();
}

void TestDiscovery::findsSimulatedTerminalsAndTheirDeparture()
{
    // Two processes, each one device: both want the name "sensetime", the second to register
    // gets "sensetime #2".
    AnnouncedSimulator first;
    AnnouncedSimulator second;
    QString error;
    QVERIFY2(first.start(101, &error), qPrintable(error));
    QVERIFY2(second.start(102, &error), qPrintable(error));
    QVERIFY(first.serial != second.serial);

    QObject context;
    DeviceBrowser browser;
    BrowserLog log(browser, &context);
    QVERIFY2(browser.start(&error), qPrintable(error));
    QVERIFY(browser.isAvailable());
    QTRY_VERIFY2_WITH_TIMEOUT(log.devices.contains(first.serial)
                                  && log.devices.contains(second.serial),
                              qPrintable(m_avahi->avahiLog()), Timeout);
    QVERIFY(log.failures.isEmpty());

    QNetworkAccessManager network;
    QStringList names;
    for (const AnnouncedSimulator *simulator : { &first, &second }) {
        const DiscoveredDevice found = log.devices.value(simulator->serial);
        QCOMPARE(found.key, simulator->serial);
        QCOMPARE(found.serialNumber, simulator->serial);
        QCOMPARE(found.port, simulator->port);
        QCOMPARE(found.hostName, HostName);
        // The simulator listens on 127.0.0.1, so it is announced over the loopback interface
        // only: the address found is the one it answers on.
        QCOMPARE(found.address, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(found.interfaceName, u"lo"_s);
        names.append(found.name);

        // The TXT records say what the device itself says about itself, asked at the address
        // and port the announcement gave.
        QUrl infoUrl = simulator->rest;
        infoUrl.setHost(found.address.toString());
        infoUrl.setPort(found.port);
        infoUrl.setPath(u"/v1/device/info"_s);
        std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(infoUrl)));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), Timeout);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        const QJsonObject info
            = QJsonDocument::fromJson(reply->readAll()).object().value(u"data"_s).toObject();
        QCOMPARE(found.model, info.value(u"model"_s).toString());
        QCOMPARE(found.serialNumber, info.value(u"sn"_s).toString());
        QVERIFY(!found.model.isEmpty());
    }
    names.sort();
    QCOMPARE(names, QStringList({ u"sensetime"_s, u"sensetime #2"_s }));
    QCOMPARE(browser.devices().size(), 2);

    // SIGTERM: the simulator withdraws its announcement on the way out.
    first.child.stop();
    QTRY_VERIFY_WITH_TIMEOUT(log.lost.contains(first.serial), Timeout);
    QCOMPARE(log.lost, QStringList { first.serial });
    QVERIFY(log.devices.contains(second.serial));
    QCOMPARE(browser.devices().size(), 1);
    QCOMPARE(browser.devices().constFirst().serialNumber, second.serial);

    browser.stop();
    QVERIFY(!browser.isRunning());
    QVERIFY(browser.devices().isEmpty());
}

void TestDiscovery::announcerTakesTheNextNameAndSurvivesADaemonRestart()
{
    QObject context;
    ServiceAnnouncer front(9001, u"SenseNebula Pass S7"_s, u"TESTSN0001"_s);
    ServiceAnnouncer back(9002, u"SenseNebula Pass S7"_s, u"TESTSN0002"_s);
    QSignalSpy frontAnnounced(&front, &ServiceAnnouncer::announced);
    QSignalSpy backAnnounced(&back, &ServiceAnnouncer::announced);
    QSignalSpy frontFailed(&front, &ServiceAnnouncer::failed);
    QString error;
    QVERIFY2(front.start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(frontAnnounced.size(), 1, Timeout);
    QCOMPARE(front.serviceName(), u"sensetime"_s);
    QVERIFY(front.isAnnounced());
    QVERIFY2(back.start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(backAnnounced.size(), 1, Timeout);
    QCOMPARE(back.serviceName(), u"sensetime #2"_s);

    // The daemon goes away and comes back: both announce themselves again, under the names
    // they had.
    m_avahi->stopAvahi();
    QTRY_VERIFY_WITH_TIMEOUT(!front.isAnnounced() && !back.isAnnounced(), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!frontFailed.isEmpty(), Timeout);
    QVERIFY2(m_avahi->startAvahi(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(frontAnnounced.size(), 2, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(backAnnounced.size(), 2, Timeout);
    QCOMPARE(front.serviceName(), u"sensetime"_s);
    QCOMPARE(back.serviceName(), u"sensetime #2"_s);

    DeviceBrowser browser;
    BrowserLog log(browser, &context);
    QVERIFY2(browser.start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(
        log.devices.contains(u"TESTSN0001"_s) && log.devices.contains(u"TESTSN0002"_s), Timeout);
    QCOMPARE(log.devices.value(u"TESTSN0001"_s).port, quint16(9001));
    // Announced for any address: seen on the loopback interface and on the network one, and
    // offered with the network address, the one other machines reach.
    QCOMPARE(log.devices.value(u"TESTSN0001"_s).address, QHostAddress(NamespaceAddress));
    QCOMPARE(log.devices.value(u"TESTSN0002"_s).port, quint16(9002));
    QCOMPARE(log.devices.value(u"TESTSN0002"_s).name, u"sensetime #2"_s);
    QCOMPARE(log.devices.value(u"TESTSN0002"_s).model, u"SenseNebula Pass S7"_s);

    back.stop();
    QVERIFY(!back.isAnnounced());
    QTRY_COMPARE_WITH_TIMEOUT(log.lost, QStringList { u"TESTSN0002"_s }, Timeout);
    QVERIFY(log.devices.contains(u"TESTSN0001"_s));

    // A browser whose daemon goes away says so.
    m_avahi->stopAvahi();
    QTRY_COMPARE_WITH_TIMEOUT(log.failures.size(), 1, Timeout);
    QVERIFY(!browser.isAvailable());
    QVERIFY2(m_avahi->startAvahi(&error), qPrintable(error));
}

void TestDiscovery::announcerWaitsForADaemon()
{
    // The bus without Avahi on it: the browser gives up, the announcer waits.
    m_avahi->stopAvahi();
    DeviceBrowser browser;
    QSignalSpy browserFailed(&browser, &DeviceBrowser::failed);
    QString error;
    QVERIFY(!browser.start(&error));
    QCOMPARE(error, NoDaemon);
    QVERIFY(!browser.isAvailable());
    QTRY_COMPARE_WITH_TIMEOUT(browserFailed.size(), 1, Timeout);
    QCOMPARE(browserFailed.constFirst().constFirst().toString(), NoDaemon);

    ServiceAnnouncer announcer(9003, u"SenseNebula Pass S7"_s, u"TESTSN0003"_s);
    QSignalSpy announced(&announcer, &ServiceAnnouncer::announced);
    QSignalSpy failed(&announcer, &ServiceAnnouncer::failed);
    QVERIFY2(announcer.start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, Timeout);
    QCOMPARE(failed.constFirst().constFirst().toString(),
             u"No Avahi daemon is running; announcing as soon as one starts"_s);
    QVERIFY(announced.isEmpty());
    QVERIFY(!announcer.isAnnounced());

    QVERIFY2(m_avahi->startAvahi(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(announced.size(), 1, Timeout);
    QCOMPARE(announcer.serviceName(), u"sensetime"_s);

    QObject context;
    BrowserLog log(browser, &context);
    QVERIFY2(browser.start(&error), qPrintable(error));
    QVERIFY(browser.isAvailable());
    QTRY_VERIFY_WITH_TIMEOUT(log.devices.contains(u"TESTSN0003"_s), Timeout);
    QCOMPARE(log.devices.size(), 1);
    QCOMPARE(log.devices.value(u"TESTSN0003"_s).port, quint16(9003));
}

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
