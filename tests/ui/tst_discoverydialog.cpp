// Find devices…, offscreen. Without an Avahi daemon the dialog says so instead of showing an
// empty list. Terminals the browser reports are listed live, those already at the station are
// marked, and Add puts one in the device list with one click. Then the whole way an operator
// goes on an empty station: find the terminal, add it, check and pin its certificate, enter its
// login, test, save, and it is online — against a real simulated terminal and DeviceManager.
//
// The browser is a real DeviceBrowser. libdbus reads $DBUS_SYSTEM_BUS_ADDRESS once per process,
// and it points at a socket that does not exist, so no daemon is ever reached here (browsing
// through a daemon is tested in tests/integration/discovery); what a daemon would report is
// given to the dialog through the browser's own signals.

#include "../common/devicefixture.h"
#include "../common/loginsimulator.h"
#include "certificatetrustdialog.h"
#include "device/credentialstore.h"
#include "device/devicehub.h"
#include "deviceeditordialog.h"
#include "devicesettingsdialog.h"
#include "discovery/devicebrowser.h"
#include "discoverydialog.h"
#include "session/devicemanager.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
constexpr int Timeout = 20'000;

DiscoveredDevice announced(const DeviceSimulator &simulator, const QString &model)
{
    DiscoveredDevice found;
    found.key = simulator.serialNumber(0);
    found.name = u"sensetime"_s;
    found.hostName = u"terminal-1.local"_s;
    found.address = QHostAddress::LocalHost;
    found.port = simulator.port(0);
    found.model = model;
    found.serialNumber = simulator.serialNumber(0);
    found.interfaceName = u"lo"_s;
    return found;
}

QTreeWidgetItem *itemFor(const DiscoveryDialog &dialog, const QString &serial)
{
    const QList<QTreeWidgetItem *> items
        = dialog.list()->findItems(serial, Qt::MatchExactly, 3); // the serial number column
    return items.size() == 1 ? items.constFirst() : nullptr;
}

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}
} // namespace

class TestDiscoveryDialog final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void withoutAvahiSaysWhy();
    void foundTerminalsAreListedAndAddedWithOneClick();
    void fromAnEmptyStationToAnOnlineTerminal();

private:
    DeviceManager *manager() const { return &m_station->manager; }

    QTemporaryDir m_busDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DeviceFixture::Station> m_station;
};

void TestDiscoveryDialog::initTestCase()
{
    qRegisterMetaType<ConnectionTestResult>();
    QVERIFY(m_busDir.isValid());
    // Before any Avahi client exists: no system bus, so no daemon.
    qputenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + m_busDir.filePath(u"no-bus-here"_s).toUtf8());
}

void TestDiscoveryDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_station = std::make_unique<DeviceFixture::Station>(m_dir->filePath(u"settings.ini"_s));
    QVERIFY(manager()->load().isEmpty());
}

void TestDiscoveryDialog::cleanup()
{
    m_station.reset();
    m_dir.reset();
}

void TestDiscoveryDialog::withoutAvahiSaysWhy()
{
    DiscoveryDialog dialog(manager());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // The reason, not an empty list that would suggest there is nothing to find.
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusLabel()->text().contains(u"Avahi"_s), Timeout);
    QVERIFY2(dialog.statusLabel()->text().contains(u"by their address"_s),
             qPrintable(dialog.statusLabel()->text()));
    QVERIFY(dialog.list()->isHidden());
    QVERIFY(dialog.retryButton()->isVisible());
    QVERIFY(!dialog.addButton()->isEnabled());
    // Trying again tells the same, again.
    QTest::mouseClick(dialog.retryButton(), Qt::LeftButton);
    QVERIFY(dialog.statusLabel()->text().contains(u"Avahi"_s));
    QVERIFY(dialog.list()->isHidden());
}

void TestDiscoveryDialog::foundTerminalsAreListedAndAddedWithOneClick()
{
    const auto fresh = LoginSimulator::start(true);
    const auto known = LoginSimulator::start(true);
    // `known` is already at this station.
    SiteDevice existing;
    existing.name = u"Loading bay"_s;
    existing.host = u"127.0.0.1"_s;
    existing.port = known->port(0);
    existing.enabled = false;
    QString error;
    QVERIFY2(!manager()->add(existing, QString(), &error).isEmpty(), qPrintable(error));

    DeviceBrowser browser;
    DiscoveryDialog dialog(manager(), &browser);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusLabel()->text().contains(u"Avahi"_s), Timeout);

    // The daemon reports two terminals (as after it came back): listed, live.
    const DiscoveredDevice freshFound = announced(*fresh, u"SenseNebula Pass S7"_s);
    DiscoveredDevice knownFound = announced(*known, u"SenseNebula Pass S8"_s);
    // Both simulators have the same serial number (the same seed); real terminals do not.
    knownFound.key = knownFound.serialNumber = u"PS81HD01MC22C00042"_s;
    emit browser.deviceFound(freshFound);
    emit browser.deviceFound(knownFound);
    QVERIFY(dialog.list()->isVisible());
    QCOMPARE(dialog.list()->topLevelItemCount(), 2);
    QTreeWidgetItem *freshItem = itemFor(dialog, fresh->serialNumber(0));
    QTreeWidgetItem *knownItem = itemFor(dialog, knownFound.serialNumber);
    QVERIFY(freshItem && knownItem);
    QCOMPARE(freshItem->text(1), u"127.0.0.1:%1"_s.arg(fresh->port(0)));
    QCOMPARE(freshItem->text(2), u"SenseNebula Pass S7"_s);
    QVERIFY(freshItem->text(4).contains(u"not added"_s));
    // The one already configured says under which name, and cannot be added twice.
    QVERIFY(knownItem->text(4).contains(u"Loading bay"_s));
    QVERIFY(dialog.select(knownFound.key));
    QVERIFY(!dialog.addButton()->isEnabled());

    // One click adds the other: named after model and serial number, TLS on, nothing pinned.
    QSignalSpy added(&dialog, &DiscoveryDialog::deviceAdded);
    QVERIFY(dialog.select(freshFound.key));
    QVERIFY(dialog.addButton()->isEnabled());
    QTest::mouseClick(dialog.addButton(), Qt::LeftButton);
    QCOMPARE(added.size(), 1);
    const QString id = added.at(0).at(0).toString();
    const int row = manager()->rowOf(id);
    QVERIFY(row >= 0);
    const SiteDevice device = manager()->device(row);
    QCOMPARE(device.name, u"SenseNebula Pass S7 %1"_s.arg(fresh->serialNumber(0)));
    QCOMPARE(device.host, u"127.0.0.1"_s);
    QCOMPARE(device.port, int(fresh->port(0)));
    QVERIFY(device.tls);
    QVERIFY(device.pinnedSha256.isEmpty());
    // Now marked as added, and Add is off for it.
    QVERIFY(freshItem->text(4).contains(device.name));
    QVERIFY(!dialog.addButton()->isEnabled());

    // A terminal that withdraws its announcement leaves the list.
    emit browser.deviceLost(knownFound.key);
    QCOMPARE(dialog.list()->topLevelItemCount(), 1);
}

void TestDiscoveryDialog::fromAnEmptyStationToAnOnlineTerminal()
{
    const auto terminal = LoginSimulator::start(true);
    DeviceSettingsDialog settings(manager());
    settings.show();
    QVERIFY(QTest::qWaitForWindowExposed(&settings));
    QCOMPARE(manager()->count(), 0);

    // Find devices… lists the terminal; Add.
    DeviceBrowser browser;
    DiscoveryDialog *discovery = settings.findDevices(&browser);
    QVERIFY(discovery);
    QVERIFY(QTest::qWaitForWindowExposed(discovery));
    const DiscoveredDevice found = announced(*terminal, u"SenseNebula Pass S7"_s);
    emit browser.deviceFound(found);
    QVERIFY(discovery->select(found.key));
    QSignalSpy added(discovery, &DiscoveryDialog::deviceAdded);
    QTest::mouseClick(discovery->addButton(), Qt::LeftButton);
    QCOMPARE(added.size(), 1);
    const QString id = added.at(0).at(0).toString();
    QCOMPARE(manager()->count(), 1);
    QCOMPARE(settings.selectedIds(), QStringList { id });

    // Its editor opens over the discovery dialog and tests the connection straight away: the
    // certificate is not trusted yet.
    auto *editor = discovery->findChild<DeviceEditorDialog *>();
    QVERIFY(editor);
    QCOMPARE(editor->mode(), DeviceEditorDialog::Mode::Edit);
    QSignalSpy tested(editor, &DeviceEditorDialog::testFinished);
    QVERIFY(tested.wait(Timeout));
    QVERIFY(editor->lastTestResult());
    QCOMPARE(editor->lastTestResult()->outcome,
             ConnectionTestResult::Outcome::CertificateUntrusted);

    // The operator compares the fingerprint and pins it; the test runs again and now asks for
    // the login.
    QTest::mouseClick(editor->trustTestedButton(), Qt::LeftButton);
    auto *trust = editor->findChild<CertificateTrustDialog *>();
    QVERIFY(trust);
    QCOMPARE(trust->sha256(), terminal->certificateSha256());
    QTest::mouseClick(trust->trustButton(), Qt::LeftButton);
    QVERIFY(tested.wait(Timeout));
    QVERIFY(editor->lastTestResult());
    QCOMPARE(editor->lastTestResult()->outcome, ConnectionTestResult::Outcome::LoginFailed);

    // The login, tested, saved.
    typeInto(editor->usernameEdit(), LoginSimulator::user());
    typeInto(editor->passwordEdit(), LoginSimulator::password());
    QTest::mouseClick(editor->testButton(), Qt::LeftButton);
    QVERIFY(tested.wait(Timeout));
    QVERIFY(editor->lastTestResult());
    const ConnectionTestResult result = *editor->lastTestResult();
    QVERIFY2(result.ok(), qPrintable(result.summary + u'\n' + result.details));
    QVERIFY(editor->testSummaryLabel()->text().contains(terminal->serialNumber(0)));
    QTest::mouseClick(editor->okButton(), Qt::LeftButton);

    // Monitored: online, pinned, authenticated.
    const SiteDevice saved = manager()->device(manager()->rowOf(id));
    QCOMPARE(saved.pinnedSha256, QList<QByteArray> { terminal->certificateSha256() });
    QCOMPARE(saved.username, LoginSimulator::user());
    QVERIFY(manager()->hasPassword(id));
    QTRY_COMPARE_WITH_TIMEOUT(manager()->status(id).state, ConnectionState::Online, Timeout);
    QCOMPARE(terminal->subscriberCount(0), 1);
}

QTEST_MAIN(TestDiscoveryDialog)
#include "tst_discoverydialog.moc"
