// Discovery on a machine where no Avahi daemon can be reached at all: not even the D-Bus system
// bus it would be on. libdbus reads $DBUS_SYSTEM_BUS_ADDRESS once per process, hence a test
// program of its own, pointing it at a socket that does not exist.

#include "discovery/devicebrowser.h"
#include "discovery/serviceannouncer.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString NoDaemon = u"No Avahi daemon is reachable (is avahi-daemon running?)"_s;
constexpr int Timeout = 20000;
} // namespace

class TestDiscoveryWithoutBus final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void browserSaysNoDaemonIsReachable();
    void announcerGivesUp();
    void simulateRefusesToRunUnannounced();

private:
    QTemporaryDir m_dir;
};

void TestDiscoveryWithoutBus::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Before any Avahi client exists.
    qputenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + m_dir.filePath(u"no-bus-here"_s).toUtf8());
}

void TestDiscoveryWithoutBus::browserSaysNoDaemonIsReachable()
{
    DeviceBrowser browser;
    QSignalSpy failed(&browser, &DeviceBrowser::failed);
    QSignalSpy found(&browser, &DeviceBrowser::deviceFound);
    QString error;
    QVERIFY(!browser.start(&error));
    QCOMPARE(error, NoDaemon);
    QVERIFY(!browser.isAvailable());
    QVERIFY(!browser.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, Timeout);
    QCOMPARE(failed.constFirst().constFirst().toString(), NoDaemon);
    QVERIFY(found.isEmpty());

    // A second try says the same.
    QVERIFY(!browser.start(&error));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, Timeout);
    QCOMPARE(failed.constLast().constFirst().toString(), NoDaemon);
}

void TestDiscoveryWithoutBus::announcerGivesUp()
{
    // Without a bus there is nothing to wait for.
    ServiceAnnouncer announcer(9004, u"SenseNebula Pass S7"_s, u"TESTSN0004"_s);
    QSignalSpy announced(&announcer, &ServiceAnnouncer::announced);
    QSignalSpy failed(&announcer, &ServiceAnnouncer::failed);
    QString error;
    QVERIFY(!announcer.start(&error));
    QCOMPARE(error, NoDaemon);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, Timeout);
    QCOMPARE(failed.constFirst().constFirst().toString(), NoDaemon);
    QVERIFY(!announcer.isAnnounced());
    QVERIFY(announced.isEmpty());
}

void TestDiscoveryWithoutBus::simulateRefusesToRunUnannounced()
{
    QProcess simulate;
    simulate.start(QStringLiteral(GATEWATCH_EXECUTABLE),
                   { u"simulate"_s, u"--announce"_s, u"--port"_s, u"0"_s });
    QVERIFY(simulate.waitForFinished(Timeout));
    QCOMPARE(simulate.exitStatus(), QProcess::NormalExit);
    QCOMPARE(simulate.exitCode(), 1);
    const QString errors = QString::fromUtf8(simulate.readAllStandardError());
    QVERIFY2(errors.contains(u"gatewatch simulate: cannot announce: "_s + NoDaemon),
             qPrintable(errors));
}

QTEST_GUILESS_MAIN(TestDiscoveryWithoutBus)
#include "tst_discoverywithoutbus.moc"
