// The device settings dialog as an operator uses it, offscreen, against real simulated
// terminals on 127.0.0.1 and a real DeviceManager (hub, settings file, session credential
// store): adding connects, editing reconnects that device only, disabling disconnects,
// removing asks first (naming the devices) and disconnects; a TLS terminal added without a pin
// is flagged untrusted until its certificate is pinned through the trust dialog, and a pinned
// terminal whose certificate changes is refused and flagged until it is pinned again; the list
// goes to a file and back without passwords; search, keyboard and the credential store line.

#include "../common/devicefixture.h"
#include "../common/loginsimulator.h"
#include "certificatetrustdialog.h"
#include "device/credentialstore.h"
#include "device/devicehub.h"
#include "device/devicesettings.h"
#include "device/tlstrust.h"
#include "deviceeditordialog.h"
#include "devicesettingsdialog.h"
#include "model/sitedevicemodel.h"
#include "session/devicemanager.h"
#include "sim/devicesimulator.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
constexpr int Timeout = 20'000;

QString tlsFile(const QString &name)
{
    return QStringLiteral(GATEWATCH_TEST_DATA) + u"/tls/"_s + name;
}

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

// A simulated terminal that wants a login, with or without TLS; events only on demand.
std::unique_ptr<DeviceSimulator> startTerminal(bool tls)
{
    return LoginSimulator::start(tls);
}

SiteDevice deviceFor(const DeviceSimulator &simulator, const QString &name)
{
    SiteDevice device;
    device.name = name;
    device.host = u"127.0.0.1"_s;
    device.port = simulator.port(0);
    device.tls = simulator.options().tls;
    device.username = LoginSimulator::user();
    if (device.tls)
        device.pinnedSha256 = { simulator.certificateSha256() };
    return device;
}
} // namespace

class TestDeviceSettingsDialog final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void addConnectsAtOnce();
    void editReconnectsOnlyThatDevice();
    void disableDisconnectsAndEnableReconnects();
    void checkboxTogglesEnabled();
    void removeAsksNamingTheDevices();
    void untrustedCertificateIsPinnedOnRequest();
    void changedCertificateIsRefusedUntilPinnedAgain();
    void duplicateOpensAPrefilledEditor();
    void exportImportRoundTrip();
    void badImportAddsNothing();
    void searchFiltersTheList();
    void credentialStoreIsNamed();

private:
    DeviceManager *manager() const { return &m_station->manager; }

    void openDialog();
    QString addThroughDialog(const SiteDevice &device, const QString &password);
    int proxyRowOf(const QString &id) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DeviceFixture::Station> m_station;
    std::unique_ptr<DeviceSettingsDialog> m_dialog;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestDeviceSettingsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_station = std::make_unique<DeviceFixture::Station>(m_dir->filePath(u"settings.ini"_s));
    QVERIFY(manager()->load().isEmpty());
    openDialog();
}

void TestDeviceSettingsDialog::openDialog()
{
    m_dialog = std::make_unique<DeviceSettingsDialog>(manager());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_dialog->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
    // Keyboard shortcuts go to the active window only.
    m_dialog->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_dialog.get()));
}

void TestDeviceSettingsDialog::cleanup()
{
    m_tester.reset();
    m_dialog.reset();
    m_station.reset();
    m_dir.reset();
}

int TestDeviceSettingsDialog::proxyRowOf(const QString &id) const
{
    const QAbstractItemModel *proxy = m_dialog->proxy();
    for (int row = 0; row < proxy->rowCount(); ++row) {
        if (proxy->index(row, 0).data(SiteDeviceModel::IdRole).toString() == id)
            return row;
    }
    return -1;
}

// Fills the Add editor as an operator would and clicks Add; returns the new device's id.
QString TestDeviceSettingsDialog::addThroughDialog(const SiteDevice &device,
                                                   const QString &password)
{
    const int before = manager()->count();
    m_dialog->addDeviceAction()->trigger();
    auto *editor = m_dialog->findChild<DeviceEditorDialog *>();
    if (!editor)
        return {};
    typeInto(editor->nameEdit(), device.name);
    typeInto(editor->hostEdit(), device.host);
    typeInto(editor->portEdit(), QString::number(device.port));
    editor->tlsBox()->setChecked(device.tls);
    typeInto(editor->usernameEdit(), device.username);
    typeInto(editor->passwordEdit(), password);
    for (const QByteArray &pin : device.pinnedSha256)
        editor->pinCertificate(pin);
    if (!editor->okButton()->isEnabled())
        return {};
    QTest::mouseClick(editor->okButton(), Qt::LeftButton);
    if (manager()->count() != before + 1)
        return {};
    // The editor closes (and deletes itself) once the device is added.
    if (!QTest::qWaitFor([this] { return !m_dialog->findChild<DeviceEditorDialog *>(); }, Timeout))
        return {};
    return manager()->device(manager()->count() - 1).id;
}

void TestDeviceSettingsDialog::addConnectsAtOnce()
{
    const auto terminal = startTerminal(true);
    QSignalSpy subscribed(terminal.get(), &DeviceSimulator::subscriberConnected);
    const QString id
        = addThroughDialog(deviceFor(*terminal, u"Front door"_s), LoginSimulator::password());
    QVERIFY(!id.isEmpty());

    // Connected with the login the editor took, without any restart.
    QVERIFY(subscribed.wait(Timeout));
    QTRY_COMPARE_WITH_TIMEOUT(manager()->status(id).state, ConnectionState::Online, Timeout);
    QVERIFY(manager()->hasPassword(id));
    // The table shows it, selected, online in words.
    const int row = proxyRowOf(id);
    QVERIFY(row >= 0);
    QCOMPARE(m_dialog->selectedIds(), QStringList { id });
    const QModelIndex state = m_dialog->proxy()->index(row, SiteDeviceModel::State);
    QTRY_COMPARE_WITH_TIMEOUT(state.data(SiteDeviceModel::StateRole).toInt(),
                              int(ConnectionState::Online), Timeout);
    QVERIFY(!state.data().toString().isEmpty());
    QVERIFY(!state.data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(m_dialog->messageLabel()->text().contains(u"Front door"_s));

    // Saved: another manager on the same settings has it.
    m_station->settings.sync();
    QSettings other(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    const DeviceSettings::Loaded saved = DeviceSettings::load(other);
    QCOMPARE(saved.devices.size(), 1);
    QCOMPARE(saved.devices.constFirst().name, u"Front door"_s);
}

void TestDeviceSettingsDialog::editReconnectsOnlyThatDevice()
{
    const auto first = startTerminal(false);
    const auto second = startTerminal(false);
    const auto moved = startTerminal(false);
    const QString a = addThroughDialog(deviceFor(*first, u"Gate A"_s), LoginSimulator::password());
    const QString b = addThroughDialog(deviceFor(*second, u"Gate B"_s), LoginSimulator::password());
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(first->subscriberCount(0), 1, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(second->subscriberCount(0), 1, Timeout);
    QSignalSpy firstDropped(first.get(), &DeviceSimulator::subscriberDisconnected);
    QSignalSpy secondDropped(second.get(), &DeviceSimulator::subscriberDisconnected);
    QSignalSpy secondJoined(second.get(), &DeviceSimulator::subscriberConnected);

    // Gate A moved to another terminal's port: Enter on its row opens the editor.
    m_dialog->selectIds({ a });
    m_dialog->table()->setFocus();
    QTest::keyClick(m_dialog->table(), Qt::Key_Return);
    auto *editor = m_dialog->findChild<DeviceEditorDialog *>();
    QVERIFY(editor);
    QCOMPARE(editor->mode(), DeviceEditorDialog::Mode::Edit);
    QCOMPARE(editor->nameEdit()->text(), u"Gate A"_s);
    QCOMPARE(editor->password(), std::optional<QString>()); // the stored one is kept
    typeInto(editor->portEdit(), QString::number(moved->port(0)));
    QTest::mouseClick(editor->okButton(), Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(moved->subscriberCount(0), 1, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(first->subscriberCount(0), 0, Timeout);
    QVERIFY(!firstDropped.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(manager()->status(a).state, ConnectionState::Online, Timeout);
    // Gate B kept its one connection throughout.
    QCOMPARE(secondDropped.size(), 0);
    QCOMPARE(secondJoined.size(), 0);
    QCOMPARE(second->subscriberCount(0), 1);
    QCOMPARE(manager()->device(manager()->rowOf(a)).port, int(moved->port(0)));

    // Renaming only (no connection setting changed) reconnects nothing: an event sent after
    // the rename arrives over the same connection.
    QSignalSpy movedDropped(moved.get(), &DeviceSimulator::subscriberDisconnected);
    const DeviceManager::Status before = manager()->status(a);
    editor = m_dialog->editDevice(a);
    QVERIFY(editor);
    typeInto(editor->nameEdit(), u"Gate A (north)"_s);
    QTest::mouseClick(editor->okButton(), Qt::LeftButton);
    QCOMPARE(manager()->device(manager()->rowOf(a)).name, u"Gate A (north)"_s);
    moved->emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(manager()->status(a).counters.received, before.counters.received + 1,
                              Timeout);
    QCOMPARE(manager()->status(a).counters.reconnects, before.counters.reconnects);
    QCOMPARE(movedDropped.size(), 0);
    QCOMPARE(moved->subscriberCount(0), 1);
}

void TestDeviceSettingsDialog::disableDisconnectsAndEnableReconnects()
{
    const auto first = startTerminal(false);
    const auto second = startTerminal(false);
    const QString a = addThroughDialog(deviceFor(*first, u"Gate A"_s), LoginSimulator::password());
    const QString b = addThroughDialog(deviceFor(*second, u"Gate B"_s), LoginSimulator::password());
    QTRY_COMPARE_WITH_TIMEOUT(first->subscriberCount(0), 1, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(second->subscriberCount(0), 1, Timeout);

    // Both selected, Disable: both disconnect, both are shown disabled.
    m_dialog->selectIds({ a, b });
    QCOMPARE(m_dialog->selectedIds().size(), 2);
    QVERIFY(m_dialog->disableAction()->isEnabled());
    QVERIFY(!m_dialog->enableAction()->isEnabled());
    m_dialog->disableAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(first->subscriberCount(0), 0, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(second->subscriberCount(0), 0, Timeout);
    QVERIFY(!manager()->device(manager()->rowOf(a)).enabled);
    QVERIFY(!manager()->status(b).enabled);
    QVERIFY(m_dialog->enableAction()->isEnabled());
    QVERIFY(!m_dialog->disableAction()->isEnabled());
    const QModelIndex name = m_dialog->proxy()->index(proxyRowOf(a), SiteDeviceModel::Name);
    QCOMPARE(name.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);

    // Gate A alone enabled again: only it reconnects.
    m_dialog->selectIds({ a });
    m_dialog->enableAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(first->subscriberCount(0), 1, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(manager()->status(a).state, ConnectionState::Online, Timeout);
    QCOMPARE(second->subscriberCount(0), 0);
}

void TestDeviceSettingsDialog::checkboxTogglesEnabled()
{
    const auto terminal = startTerminal(false);
    const QString id
        = addThroughDialog(deviceFor(*terminal, u"Gate"_s), LoginSimulator::password());
    QTRY_COMPARE_WITH_TIMEOUT(terminal->subscriberCount(0), 1, Timeout);

    // A click on the row's checkbox disables it, a second one enables it again.
    QTableView *table = m_dialog->table();
    const QModelIndex name = m_dialog->proxy()->index(proxyRowOf(id), SiteDeviceModel::Name);
    QVERIFY(name.flags().testFlag(Qt::ItemIsUserCheckable));
    const QRect cell = table->visualRect(name);
    // The check indicator sits at the cell's left edge.
    const QPoint box(cell.left() + table->style()->pixelMetric(QStyle::PM_IndicatorWidth) / 2 + 3,
                     cell.center().y());
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, box);
    QTRY_COMPARE_WITH_TIMEOUT(terminal->subscriberCount(0), 0, Timeout);
    QVERIFY(!manager()->device(manager()->rowOf(id)).enabled);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, box);
    QTRY_COMPARE_WITH_TIMEOUT(terminal->subscriberCount(0), 1, Timeout);
    QVERIFY(manager()->device(manager()->rowOf(id)).enabled);
}

void TestDeviceSettingsDialog::removeAsksNamingTheDevices()
{
    const auto first = startTerminal(false);
    const auto second = startTerminal(false);
    const QString a
        = addThroughDialog(deviceFor(*first, u"Loading bay"_s), LoginSimulator::password());
    const QString b
        = addThroughDialog(deviceFor(*second, u"Server room"_s), LoginSimulator::password());
    QTRY_COMPARE_WITH_TIMEOUT(first->subscriberCount(0), 1, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(second->subscriberCount(0), 1, Timeout);

    // Delete in the table asks first, naming both; Cancel keeps them.
    m_dialog->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_dialog.get()));
    m_dialog->selectIds({ a, b });
    m_dialog->table()->setFocus();
    QTest::keyClick(m_dialog->table(), Qt::Key_Delete);
    auto *box = m_dialog->findChild<QMessageBox *>(u"confirmRemove"_s);
    QVERIFY(box);
    QVERIFY(box->text().contains(u"\"Loading bay\""_s));
    QVERIFY(box->text().contains(u"\"Server room\""_s));
    QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QCOMPARE(manager()->count(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog->findChild<QMessageBox *>(u"confirmRemove"_s), Timeout);

    // Only Loading bay, confirmed: it disconnects and is gone with its password.
    m_dialog->selectIds({ a });
    box = m_dialog->confirmRemove(m_dialog->selectedIds());
    QVERIFY(box);
    QVERIFY(box->text().contains(u"\"Loading bay\""_s));
    QVERIFY(!box->text().contains(u"Server room"_s));
    QTest::mouseClick(box->findChild<QPushButton *>(u"confirmRemoveButton"_s), Qt::LeftButton);
    QCOMPARE(manager()->count(), 1);
    QCOMPARE(manager()->rowOf(a), -1);
    QVERIFY(!manager()->hasPassword(a));
    QTRY_COMPARE_WITH_TIMEOUT(first->subscriberCount(0), 0, Timeout);
    QCOMPARE(second->subscriberCount(0), 1);
    QCOMPARE(m_dialog->proxy()->rowCount(), 1);
    QVERIFY(m_dialog->messageLabel()->text().contains(u"Loading bay"_s));
}

void TestDeviceSettingsDialog::untrustedCertificateIsPinnedOnRequest()
{
    const auto terminal = startTerminal(true);
    SiteDevice device = deviceFor(*terminal, u"Front door"_s);
    device.pinnedSha256.clear(); // trust on first use: nothing pinned yet
    const QString id = addThroughDialog(device, LoginSimulator::password());
    QVERIFY(!id.isEmpty());

    // Refused and flagged: the certificate is neither trusted nor pinned.
    QTRY_VERIFY_WITH_TIMEOUT(manager()->status(id).certificateUntrusted, Timeout);
    QCOMPARE(terminal->subscriberCount(0), 0);
    QVERIFY(manager()->status(id).state != ConnectionState::Online);
    const QModelIndex state = m_dialog->proxy()->index(proxyRowOf(id), SiteDeviceModel::State);
    QTRY_VERIFY_WITH_TIMEOUT(state.data(SiteDeviceModel::CertificateUntrustedRole).toBool(),
                             Timeout);
    QVERIFY(manager()->device(manager()->rowOf(id)).pinnedSha256.isEmpty()); // never automatic

    m_dialog->selectIds({ id });
    QTRY_VERIFY(m_dialog->reviewCertificateAction()->isEnabled());
    m_dialog->reviewCertificateAction()->trigger();
    auto *trust = m_dialog->findChild<CertificateTrustDialog *>();
    QVERIFY(trust);
    QVERIFY(!trust->isChange());
    QCOMPARE(trust->sha256(), terminal->certificateSha256());
    QTest::mouseClick(trust->trustButton(), Qt::LeftButton);

    QCOMPARE(manager()->device(manager()->rowOf(id)).pinnedSha256,
             QList<QByteArray> { terminal->certificateSha256() });
    QTRY_COMPARE_WITH_TIMEOUT(manager()->status(id).state, ConnectionState::Online, Timeout);
    QVERIFY(!manager()->status(id).certificateUntrusted);
    QCOMPARE(terminal->subscriberCount(0), 1);
}

void TestDeviceSettingsDialog::changedCertificateIsRefusedUntilPinnedAgain()
{
    const auto terminal = startTerminal(true);
    const QByteArray original = terminal->certificateSha256();
    const QString id
        = addThroughDialog(deviceFor(*terminal, u"Front door"_s), LoginSimulator::password());
    QTRY_COMPARE_WITH_TIMEOUT(manager()->status(id).state, ConnectionState::Online, Timeout);

    // The terminal restarts with another certificate (reset, replaced, or something pretending
    // to be it).
    QString error;
    QVERIFY2(terminal->setCertificate(tlsFile(u"other-self-signed.pem"_s),
                                      tlsFile(u"other-self-signed.key"_s), &error),
             qPrintable(error));
    QVERIFY2(terminal->restartDevice(0, &error), qPrintable(error));
    const QByteArray replaced = terminal->certificateSha256();
    QVERIFY(replaced != original);

    QTRY_VERIFY_WITH_TIMEOUT(manager()->status(id).certificateChanged, Timeout);
    QVERIFY(manager()->status(id).state != ConnectionState::Online);
    QCOMPARE(terminal->subscriberCount(0), 0);
    // Flagged in red, with the warning icon.
    const QModelIndex state = m_dialog->proxy()->index(proxyRowOf(id), SiteDeviceModel::State);
    QTRY_VERIFY_WITH_TIMEOUT(state.data(SiteDeviceModel::CertificateChangedRole).toBool(), Timeout);
    QVERIFY(state.data(Qt::ForegroundRole).value<QBrush>().color() != QColor());
    QVERIFY(!state.data(Qt::DecorationRole).value<QIcon>().isNull());
    // Still refused on later attempts: nothing re-pins by itself.
    QCOMPARE(manager()->device(manager()->rowOf(id)).pinnedSha256, QList<QByteArray> { original });

    // Reviewing it shows both fingerprints; Cancel changes nothing.
    CertificateTrustDialog *trust = m_dialog->reviewCertificate(id);
    QVERIFY(trust);
    QVERIFY(trust->isChange());
    QCOMPARE(trust->sha256(), replaced);
    QTest::mouseClick(trust->cancelButton(), Qt::LeftButton);
    QCOMPARE(manager()->device(manager()->rowOf(id)).pinnedSha256, QList<QByteArray> { original });
    QVERIFY(manager()->status(id).certificateChanged);

    // Pinned again explicitly: the old pin is replaced and the device comes online.
    trust = m_dialog->reviewCertificate(id);
    QVERIFY(trust);
    QTest::mouseClick(trust->trustButton(), Qt::LeftButton);
    QCOMPARE(manager()->device(manager()->rowOf(id)).pinnedSha256, QList<QByteArray> { replaced });
    QTRY_COMPARE_WITH_TIMEOUT(manager()->status(id).state, ConnectionState::Online, Timeout);
    QVERIFY(!manager()->status(id).certificateChanged);
}

void TestDeviceSettingsDialog::duplicateOpensAPrefilledEditor()
{
    const auto terminal = startTerminal(true);
    const QString id
        = addThroughDialog(deviceFor(*terminal, u"Gate 1"_s), LoginSimulator::password());
    m_dialog->selectIds({ id });
    m_dialog->duplicateAction()->trigger();
    auto *editor = m_dialog->findChild<DeviceEditorDialog *>();
    QVERIFY(editor);
    QCOMPARE(editor->mode(), DeviceEditorDialog::Mode::Add);
    const SiteDevice copy = editor->device();
    QVERIFY(copy.id.isEmpty());
    QVERIFY(copy.name.contains(u"Gate 1"_s));
    QCOMPARE(copy.username, LoginSimulator::user());
    QVERIFY(copy.pinnedSha256.isEmpty()); // another terminal has another certificate
    QCOMPARE(manager()->count(), 1); // nothing added until the operator says so
    editor->reject();
}

void TestDeviceSettingsDialog::exportImportRoundTrip()
{
    SiteDevice gate;
    gate.name = u"Gate 1"_s;
    gate.location = u"North"_s;
    gate.host = u"10.0.0.5"_s;
    gate.username = u"admin"_s;
    gate.heartbeatSeconds = 7;
    gate.pinnedSha256 = { QByteArray(32, 'p') };
    gate.enabled = false; // no connection attempts to an address that is not there
    SiteDevice bay = gate;
    bay.name = u"Loading bay"_s;
    bay.location.clear();
    bay.host = u"bay.site.local"_s;
    bay.port = 8443;
    bay.tls = false;
    bay.username.clear();
    bay.heartbeatSeconds.reset();
    bay.pinnedSha256.clear();
    QString error;
    QVERIFY2(!manager()->add(gate, u"s3cret"_s, &error).isEmpty(), qPrintable(error));
    QVERIFY2(!manager()->add(bay, QString(), &error).isEmpty(), qPrintable(error));
    const QList<SiteDevice> original = manager()->devices();

    const QString path = m_dir->filePath(u"devices.json"_s);
    QVERIFY(m_dialog->exportDevices(path));
    QVERIFY(m_dialog->messageLabel()->text().contains(u"Passwords are not"_s));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray json = file.readAll();
    QVERIFY(!json.contains("s3cret"));
    file.close();

    // Another station: an empty manager of its own.
    QSettings otherSettings(m_dir->filePath(u"other.ini"_s), QSettings::IniFormat);
    SessionCredentialStore otherCredentials;
    DeviceHub otherHub;
    DeviceManager other(&otherHub, &otherCredentials, &otherSettings);
    other.load();
    DeviceSettingsDialog otherDialog(&other);
    otherDialog.show();
    QCOMPARE(otherDialog.importDevices(path), 2);
    QVERIFY(otherDialog.messageLabel()->text().contains(u"2"_s));
    QCOMPARE(other.devices(), original);
    QVERIFY(!other.hasPassword(original.constFirst().id));
    QCOMPARE(otherDialog.proxy()->rowCount(), 2);
    otherHub.stopAll();
}

void TestDeviceSettingsDialog::badImportAddsNothing()
{
    // The second device has a bad port: the whole file is refused, naming it.
    const QString path = m_dir->filePath(u"bad.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "gatewatch-devices", "version": 1, "devices": [
        {"name": "Gate 1", "host": "10.0.0.5", "enabled": false},
        {"name": "Gate 2", "host": "10.0.0.6", "port": 70000}]})");
    file.close();
    QCOMPARE(m_dialog->importDevices(path), -1);
    QCOMPARE(manager()->count(), 0);
    const QString message = m_dialog->messageLabel()->text();
    QVERIFY2(message.contains(u"Nothing was imported"_s), qPrintable(message));
    QVERIFY2(message.contains(u"Gate 2"_s), qPrintable(message));
    QVERIFY2(message.contains(u"65535"_s), qPrintable(message));

    QCOMPARE(m_dialog->importDevices(m_dir->filePath(u"missing.json"_s)), -1);
    QVERIFY(m_dialog->messageLabel()->text().contains(u"Nothing was imported"_s));
    QCOMPARE(manager()->count(), 0);
}

void TestDeviceSettingsDialog::searchFiltersTheList()
{
    QString error;
    for (const QString &name : { u"Main entrance"_s, u"Loading bay"_s, u"Server room"_s }) {
        SiteDevice device;
        device.name = name;
        device.host = u"10.0.0.9"_s;
        device.enabled = false;
        QVERIFY2(!manager()->add(device, QString(), &error).isEmpty(), qPrintable(error));
    }
    QCOMPARE(m_dialog->proxy()->rowCount(), 3);
    // Ctrl+F goes to the search box.
    m_dialog->table()->setFocus();
    QTest::keyClick(m_dialog->table(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(m_dialog->searchEdit()->hasFocus());
    QTest::keyClicks(m_dialog->searchEdit(), u"ROOM"_s);
    QCOMPARE(m_dialog->proxy()->rowCount(), 1);
    QCOMPARE(m_dialog->proxy()->index(0, SiteDeviceModel::Name).data().toString(),
             u"Server room"_s);
    // Escape clears the search first, and keeps the dialog open.
    QTest::keyClick(m_dialog->searchEdit(), Qt::Key_Escape);
    QVERIFY(m_dialog->isVisible());
    QCOMPARE(m_dialog->proxy()->rowCount(), 3);
}

void TestDeviceSettingsDialog::credentialStoreIsNamed()
{
    // Without a keychain: said so, with the way out.
    QVERIFY(m_dialog->credentialsLabel()->text().contains(u"session only"_s));
    QVERIFY(m_dialog->useFileButton()->isVisible());
    const auto terminal = startTerminal(false);
    const QString id
        = addThroughDialog(deviceFor(*terminal, u"Gate"_s), LoginSimulator::password());
    QVERIFY(!id.isEmpty());

    // A file others can read is refused, with the reason, and nothing changes.
    const QString open = m_dir->filePath(u"open.json"_s);
    {
        QFile file(open);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "gatewatch-credentials", "version": 1, "passwords": {}})");
    }
    QVERIFY(QFile::setPermissions(open, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
    QVERIFY(!m_dialog->useCredentialFile(open));
    QCOMPARE(manager()->credentials(), &m_station->ownCredentials);
    QVERIFY(m_dialog->messageLabel()->text().contains(u"open.json"_s));

    // A new file: passwords are kept there from now on, the one typed before included.
    QSignalSpy chosen(m_dialog.get(), &DeviceSettingsDialog::credentialFileChosen);
    const QString path = m_dir->filePath(u"passwords.json"_s);
    QVERIFY(m_dialog->useCredentialFile(path));
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.at(0).at(0).toString(), path);
    QCOMPARE(manager()->credentials()->kind(), CredentialStore::Kind::OwnerOnlyFile);
    QVERIFY2(m_dialog->credentialsLabel()->text().contains(u"passwords.json"_s),
             qPrintable(m_dialog->credentialsLabel()->text()));
    QVERIFY(m_dialog->useFileButton()->isHidden());
    QTRY_VERIFY_WITH_TIMEOUT(QFile(path).exists(), Timeout);
    QCOMPARE(QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther),
             QFile::Permissions());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains(LoginSimulator::password().toUtf8()));
}

QTEST_MAIN(TestDeviceSettingsDialog)
#include "tst_devicesettingsdialog.moc"
