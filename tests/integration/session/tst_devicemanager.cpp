// DeviceManager with real components: in-process simulated terminals on 127.0.0.1, a real
// DeviceHub with its network thread, the store on its thread with a SQLite file, the device
// list in a QSettings ini file, and the models of the settings dialog and of the dashboard
// under QAbstractItemModelTester the whole time.

#include "../../common/devicefixture.h"
#include "../../common/loginsimulator.h"
#include "device/credentialstore.h"
#include "device/devicehub.h"
#include "device/devicesettings.h"
#include "device/filecredentialstore.h"
#include "model/devicemodel.h"
#include "model/sitedevicemodel.h"
#include "session/devicemanager.h"
#include "session/monitorsession.h"
#include "sim/devicesimulator.h"
#include "store/eventstore.h"
#include "store/storethread.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using DeviceFixture::startSimulator;

namespace {
constexpr int Timeout = 10000;

QString tlsFile(const QString &name)
{
    return QStringLiteral(GATEWATCH_TEST_DATA) + u"/tls/"_s + name;
}

SiteDevice siteDevice(const QString &name, const DeviceSimulator &simulator, int index)
{
    SiteDevice device;
    device.name = name;
    device.host = u"127.0.0.1"_s;
    device.port = simulator.port(index);
    device.tls = simulator.options().tls;
    device.heartbeatSeconds = 5;
    if (!simulator.options().loginUser.isEmpty())
        device.username = simulator.options().loginUser;
    return device;
}

std::optional<QString> storedPassword(CredentialStore &store, const QString &id)
{
    std::optional<std::optional<QString>> answer;
    QObject context;
    store.readPassword(
        id, &context,
        [&answer](const std::optional<QString> &password, const QString &) { answer = password; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, Timeout))
        return u"(no answer)"_s;
    return *answer;
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// One station with both models under test the whole time, torn down in order.
struct Station final : DeviceFixture::Station
{
    explicit Station(const QString &settingsPath, CredentialStore *sharedCredentials = nullptr)
        : DeviceFixture::Station(settingsPath, sharedCredentials)
        , siteModel(&manager)
        , deviceModel(&hub)
        , siteTester(&siteModel, QAbstractItemModelTester::FailureReportingMode::QtTest)
        , deviceTester(&deviceModel, QAbstractItemModelTester::FailureReportingMode::QtTest)
    { }

    DeviceManager::Status status(const QString &id) const { return manager.status(id); }
    ConnectionState state(const QString &id) const { return manager.status(id).state; }
    QModelIndex siteIndex(const QString &id, int column) const
    {
        return siteModel.index(manager.rowOf(id), column);
    }

    SiteDeviceModel siteModel;
    DeviceModel deviceModel;
    QAbstractItemModelTester siteTester;
    QAbstractItemModelTester deviceTester;
};
} // namespace

class TestDeviceManager final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { EventStore::registerMetaTypes(); }
    void init();
    void addDisableEnableEditRemove();
    void listSurvivesARestart();
    void refusesInvalidDevices();
    void importAddsInOneSave();
    void severalAtOnce();
    void passwordsFollowToAChosenFile();
    void unreadableEntriesAreKept();
    void newerListIsNeverOverwritten();
    void heldUntilReleased();
    void trustOnFirstUseAndChangedCertificate();
    void checkStateTogglesEnabled();
    void sessionConnectsManagedDevicesWithItsOwn();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_ini;
};

void TestDeviceManager::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_ini = m_dir->filePath(u"gatewatch.ini"_s);
}

void TestDeviceManager::addDisableEnableEditRemove()
{
    SimulatorOptions options = LoginSimulator::options(false);
    options.devices = 3;
    auto simulator = startSimulator(options);
    QVERIFY(simulator->isRunning());

    StoreThread storeThread;
    QString error;
    StoreOptions storeOptions;
    storeOptions.flushIntervalMs = 20;
    QVERIFY2(storeThread.start(m_dir->filePath(u"events.sqlite"_s), storeOptions, &error),
             qPrintable(error));
    qsizetype committed = 0;
    connect(storeThread.store(), &EventStore::committed, this,
            [&committed](const QList<StoredEvent> &events) { committed += events.size(); });

    {
        Station station(m_ini);
        station.hub.setStore(storeThread.store());
        QVERIFY(station.manager.load().isEmpty());
        DeviceManager &manager = station.manager;

        // Added: connected at once (logging in with its password), events reach the store.
        QSignalSpy added(&manager, &DeviceManager::deviceAdded);
        const QString front = manager.add(siteDevice(u"Front door"_s, *simulator, 0),
                                          LoginSimulator::password(), &error);
        QVERIFY2(!front.isEmpty(), qPrintable(error));
        const QString back = manager.add(siteDevice(u"Back door"_s, *simulator, 1),
                                         LoginSimulator::password(), &error);
        QVERIFY2(!back.isEmpty(), qPrintable(error));
        QCOMPARE(added.size(), 2);
        QCOMPARE(manager.count(), 2);
        QCOMPARE(station.siteModel.rowCount(), 2);
        QCOMPARE(station.deviceModel.rowCount(), 2);
        QCOMPARE(manager.rowOf(back), 1);
        QVERIFY(manager.hasPassword(front));
        QVERIFY(storedPassword(*station.credentials, front)
                == std::optional<QString>(LoginSimulator::password()));
        QTRY_COMPARE_WITH_TIMEOUT(station.state(front), ConnectionState::Online, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(station.state(back), ConnectionState::Online, Timeout);
        QCOMPARE(station.status(front).text, DeviceConnection::tr("online"));
        QCOMPARE(station.siteIndex(front, SiteDeviceModel::State).data().toString(),
                 DeviceConnection::tr("online"));
        QCOMPARE(station.siteIndex(front, SiteDeviceModel::State)
                     .data(SiteDeviceModel::StateRole)
                     .toInt(),
                 int(ConnectionState::Online));
        QVERIFY(
            !station.siteIndex(front, SiteDeviceModel::State).data(Qt::DecorationRole).isValid());
        for (int i = 0; i < 3; ++i)
            simulator->emitEvent(0);
        QTRY_COMPARE_WITH_TIMEOUT(committed, 3, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(station.status(front).counters.stored, quint64(3), Timeout);

        // Every state the back door reports from now on: it is never touched.
        const auto backStates = std::make_shared<QList<ConnectionState>>();
        connect(&manager, &DeviceManager::statusChanged, this,
                [&manager, back, backStates](int row) {
                    if (row == manager.rowOf(back)
                        && manager.status(back).state != ConnectionState::Online)
                        backStates->append(manager.status(back).state);
                });

        // Disabled: disconnected (the terminal sees it go), kept, and saved so.
        QSignalSpy gone(simulator.get(), &DeviceSimulator::subscriberDisconnected);
        manager.setEnabled(front, false);
        QVERIFY(!manager.device(0).enabled);
        QCOMPARE(station.status(front).text, DeviceManager::tr("disabled"));
        QCOMPARE(station.siteIndex(front, SiteDeviceModel::Name).data(Qt::CheckStateRole).toInt(),
                 int(Qt::Unchecked));
        QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 0, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!gone.isEmpty(), Timeout);
        QCOMPARE(gone.constFirst().at(0).toInt(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(station.hub.deviceState(0), ConnectionState::Disconnected,
                                  Timeout);
        QCOMPARE(station.state(front), ConnectionState::Disconnected);
        QCOMPARE(station.deviceModel.index(0, DeviceModel::State).data().toString(),
                 DeviceModel::tr("disabled"));
        {
            QSettings reread(m_ini, QSettings::IniFormat);
            const auto saved = DeviceSettings::load(reread);
            QCOMPARE(saved.devices.size(), 2);
            QVERIFY(!saved.devices.at(0).enabled);
        }

        // Enabled again: connected again.
        manager.setEnabled(front, true);
        QTRY_COMPARE_WITH_TIMEOUT(station.state(front), ConnectionState::Online, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 1, Timeout);

        // Edited: moved to another terminal, only that device reconnects.
        SiteDevice moved = manager.device(manager.rowOf(front));
        moved.port = simulator->port(2);
        moved.location = u"Lobby"_s;
        QSignalSpy changed(&manager, &DeviceManager::deviceChanged);
        QVERIFY2(manager.update(moved, std::nullopt, &error), qPrintable(error));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(manager.device(0).port, int(simulator->port(2)));
        QCOMPARE(station.siteIndex(front, SiteDeviceModel::Location).data().toString(), u"Lobby"_s);
        QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(2), 1, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 0, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(station.state(front), ConnectionState::Online, Timeout);
        simulator->emitEvent(2);
        QTRY_COMPARE_WITH_TIMEOUT(committed, 4, Timeout);
        // The password was kept.
        QVERIFY(manager.hasPassword(front));
        QCOMPARE(station.status(back).state, ConnectionState::Online);
        QCOMPARE(station.status(back).counters.reconnects, quint64(0));
        QCOMPARE(simulator->subscriberCount(1), 1);

        // Renamed: events received from now on carry the new name, without a reconnection.
        SiteDevice renamed = manager.device(manager.rowOf(back));
        renamed.name = u"Rear door"_s;
        QVERIFY2(manager.update(renamed, std::nullopt, &error), qPrintable(error));
        QCOMPARE(manager.configForName(u"Rear door"_s)->url.port(), int(simulator->port(1)));
        QVERIFY(!manager.configForName(u"Back door"_s));
        QList<RecognitionEvent> events;
        connect(&station.hub, &DeviceHub::eventReceived, this,
                [&events](int, const RecognitionEvent &event) { events.append(event); });
        simulator->emitEvent(1);
        QTRY_COMPARE_WITH_TIMEOUT(events.size(), 1, Timeout);
        QCOMPARE(events.constFirst().deviceName, u"Rear door"_s);
        QVERIFY2(backStates->isEmpty(), "the untouched device left Online");
        QCOMPARE(station.status(back).counters.reconnects, quint64(0));

        // The password for the detail view and door control comes with the configuration.
        const auto config = manager.configForName(u"Front door"_s);
        QVERIFY(config);
        QCOMPARE(config->password, LoginSimulator::password());
        QCOMPARE(config->username, LoginSimulator::user());

        // Removed: gone from the manager, the hub and both models, with its password.
        QSignalSpy removed(&manager, &DeviceManager::deviceRemoved);
        manager.remove(front);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.constFirst().at(0).toInt(), 0);
        QCOMPARE(manager.count(), 1);
        QCOMPARE(manager.rowOf(front), -1);
        QCOMPARE(manager.rowOf(back), 0);
        QCOMPARE(station.siteModel.rowCount(), 1);
        QCOMPARE(station.hub.deviceCount(), 1);
        QCOMPARE(station.deviceModel.rowCount(), 1);
        QCOMPARE(station.deviceModel.index(0, DeviceModel::Name).data().toString(), u"Rear door"_s);
        QVERIFY(!manager.configForName(u"Front door"_s));
        QVERIFY(storedPassword(*station.credentials, front) == std::nullopt);
        QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(2), 0, Timeout);
        // The remaining device still gets its events, its row moved up.
        simulator->emitEvent(1);
        QTRY_COMPARE_WITH_TIMEOUT(committed, 6, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(station.status(back).counters.stored, quint64(2), Timeout);

        QSettings reread(m_ini, QSettings::IniFormat);
        const auto saved = DeviceSettings::load(reread);
        QCOMPARE(saved.devices.size(), 1);
        QCOMPARE(saved.devices.constFirst(), manager.device(0));
        // No secret in the settings file.
        QVERIFY(!contents(m_ini).contains(LoginSimulator::password().toUtf8()));
    }
    storeThread.stop();
}

void TestDeviceManager::listSurvivesARestart()
{
    SimulatorOptions options = LoginSimulator::options(false);
    options.devices = 2;
    auto simulator = startSimulator(options);
    QVERIFY(simulator->isRunning());

    // The keychain outlives the station; the settings file is all the rest.
    SessionCredentialStore keychain;
    QList<SiteDevice> before;
    QString withPassword;
    QString withoutPassword;
    QString error;
    {
        Station station(m_ini, &keychain);
        station.manager.load();
        SiteDevice pinned = siteDevice(u"Front door"_s, *simulator, 0);
        pinned.location = u"Hall"_s;
        pinned.pinnedSha256 = { QByteArray(32, '\x42') }; // unused without TLS, but kept
        withPassword = station.manager.add(pinned, LoginSimulator::password(), &error);
        QVERIFY2(!withPassword.isEmpty(), qPrintable(error));
        SiteDevice disabled = siteDevice(u"Garage"_s, *simulator, 1);
        disabled.enabled = false;
        QVERIFY(!station.manager.add(disabled, QString(), &error).isEmpty());
        // A login but no password: it connects all the same, and the login failure shows.
        withoutPassword
            = station.manager.add(siteDevice(u"Side door"_s, *simulator, 1), QString(), &error);
        QVERIFY(!withoutPassword.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(station.state(withPassword), ConnectionState::Online, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(station.state(withoutPassword), ConnectionState::Failed, Timeout);
        QVERIFY2(station.status(withoutPassword).text.contains(u"login failed"_s),
                 qPrintable(station.status(withoutPassword).text));
        before = station.manager.devices();
    }

    Station station(m_ini, &keychain);
    QSignalSpy added(&station.manager, &DeviceManager::deviceAdded);
    const QStringList problems = station.manager.load();
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QCOMPARE(added.size(), 3);
    QCOMPARE(station.manager.devices(), before);
    QCOMPARE(station.siteModel.rowCount(), 3);
    QCOMPARE(station.siteModel.index(1, SiteDeviceModel::Name).data(Qt::CheckStateRole).toInt(),
             int(Qt::Unchecked));
    // Each connects once its password is read from the keychain.
    QTRY_COMPARE_WITH_TIMEOUT(station.state(withPassword), ConnectionState::Online, Timeout);
    QVERIFY(station.manager.hasPassword(withPassword));
    QCOMPARE(station.manager.configForName(u"Front door"_s)->password, LoginSimulator::password());
    QTRY_COMPARE_WITH_TIMEOUT(station.state(withoutPassword), ConnectionState::Failed, Timeout);
    QCOMPARE(station.status(before.at(1).id).text, DeviceManager::tr("disabled"));
    // The disabled one too, as the dashboard lists it.
    QTRY_COMPARE_WITH_TIMEOUT(station.hub.deviceCount(), 3, Timeout);
}

void TestDeviceManager::refusesInvalidDevices()
{
    Station station(m_ini);
    station.manager.load();
    SiteDevice device;
    device.name = u"  "_s;
    device.host = u"https://gate"_s;
    QString error;
    QCOMPARE(station.manager.add(device, QString(), &error), QString());
    QVERIFY2(error.contains(u"name"_s) && error.contains(u"https://"_s), qPrintable(error));
    QCOMPARE(station.manager.count(), 0);
    QCOMPARE(station.hub.deviceCount(), 0);

    device.name = u"Gate"_s;
    device.host = u"gate.invalid"_s;
    device.enabled = false;
    const QString id = station.manager.add(device, QString(), &error);
    QVERIFY(!id.isEmpty());
    SiteDevice broken = station.manager.device(0);
    broken.port = 0;
    error.clear();
    QVERIFY(!station.manager.update(broken, std::nullopt, &error));
    QVERIFY2(error.contains(u"port"_s), qPrintable(error));
    QCOMPARE(station.manager.device(0).port, SiteDevice::DefaultPort);
    SiteDevice unknown = station.manager.device(0);
    unknown.id = u"no-such-id"_s;
    QVERIFY(!station.manager.update(unknown, std::nullopt, &error));

    // The same id again gets a fresh one.
    const QString second = station.manager.add(station.manager.device(0), QString(), &error);
    QVERIFY(!second.isEmpty());
    QVERIFY(second != id);
    QCOMPARE(station.manager.rowOf(second), 1);
}

void TestDeviceManager::importAddsInOneSave()
{
    Station station(m_ini);
    station.manager.load();
    QList<SiteDevice> list;
    for (int i = 0; i < 300; ++i) {
        SiteDevice device;
        device.id = u"imported-%1"_s.arg(i);
        device.name = u"Gate %1"_s.arg(i);
        device.host = u"gate%1.invalid"_s.arg(i);
        device.enabled = false; // nothing to reach
        list.append(device);
    }
    SiteDevice nameless = list.constFirst();
    nameless.name.clear();
    list.insert(10, nameless);
    QStringList problems;
    QSignalSpy saveProblems(&station.manager, &DeviceManager::problem);
    QCOMPARE(station.manager.importDevices(list, &problems), 300);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.constFirst().contains(u"name"_s), qPrintable(problems.constFirst()));
    QCOMPARE(saveProblems.size(), 0);
    QCOMPARE(station.manager.count(), 300);
    QCOMPARE(station.siteModel.rowCount(), 300);
    QCOMPARE(station.hub.deviceCount(), 300);
    // Importing the same list again: the ids are taken, so the copies get fresh ones.
    list.removeAt(10);
    QCOMPARE(station.manager.importDevices(list.mid(0, 2), &problems), 2);
    QCOMPARE(station.manager.count(), 302);
    QVERIFY(station.manager.device(300).id != u"imported-0"_s);
    QCOMPARE(station.manager.device(300).name, u"Gate 0"_s);

    QSettings reread(m_ini, QSettings::IniFormat);
    QCOMPARE(DeviceSettings::load(reread).devices, station.manager.devices());

    // The search text of the dialog's filter holds name and address.
    const QString search = station.siteModel.index(299, SiteDeviceModel::State)
                               .data(SiteDeviceModel::SearchTextRole)
                               .toString();
    QVERIFY2(search.contains(u"Gate 299"_s) && search.contains(u"gate299.invalid:8000"_s),
             qPrintable(search));
}

void TestDeviceManager::severalAtOnce()
{
    SimulatorOptions options;
    options.devices = 3;
    options.rate = 0;
    auto simulator = startSimulator(options);
    QVERIFY(simulator->isRunning());
    Station station(m_ini);
    station.manager.load();
    QStringList ids;
    QString error;
    for (int i = 0; i < 3; ++i) {
        ids << station.manager.add(siteDevice(u"Gate %1"_s.arg(i), *simulator, i), QString(),
                                   &error);
        QVERIFY2(!ids.constLast().isEmpty(), qPrintable(error));
    }
    for (int i = 0; i < 3; ++i)
        QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(i), 1, Timeout);

    // The first two disabled in one call: disconnected, saved; the third untouched.
    QSignalSpy changed(&station.manager, &DeviceManager::deviceChanged);
    station.manager.setEnabled(ids.mid(0, 2), false);
    QCOMPARE(changed.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 0, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(1), 0, Timeout);
    QCOMPARE(simulator->subscriberCount(2), 1);
    {
        QSettings reread(m_ini, QSettings::IniFormat);
        const QList<SiteDevice> saved = DeviceSettings::load(reread).devices;
        QCOMPARE(saved.size(), 3);
        QVERIFY(!saved.at(0).enabled && !saved.at(1).enabled && saved.at(2).enabled);
    }
    // Enabling all: only the two that were disabled change.
    changed.clear();
    station.manager.setEnabled(ids, true);
    QCOMPARE(changed.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 1, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(1), 1, Timeout);

    // Removed together (an unknown id is ignored): gone from the hub and the saved list.
    station.manager.remove(QStringList { ids.at(0), u"no-such-device"_s, ids.at(2) });
    QCOMPARE(station.manager.count(), 1);
    QCOMPARE(station.manager.device(0).id, ids.at(1));
    QCOMPARE(station.hub.deviceCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 0, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(2), 0, Timeout);
    QSettings reread(m_ini, QSettings::IniFormat);
    QCOMPARE(DeviceSettings::load(reread).devices, station.manager.devices());
}

void TestDeviceManager::passwordsFollowToAChosenFile()
{
    auto simulator = startSimulator(LoginSimulator::options(false));
    QVERIFY(simulator->isRunning());
    Station station(m_ini);
    station.manager.load();
    QString error;
    const QString id = station.manager.add(siteDevice(u"Front door"_s, *simulator, 0),
                                           LoginSimulator::password(), &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(station.state(id), ConnectionState::Online, Timeout);

    // No keychain: the operator chooses a file. What was typed this session goes into it.
    FileCredentialStore file(m_dir->filePath(u"passwords.json"_s));
    QSignalSpy changed(&station.manager, &DeviceManager::credentialsChanged);
    station.manager.setCredentials(&file);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(station.manager.credentials(), &file);
    QVERIFY(storedPassword(file, id) == std::optional<QString>(LoginSimulator::password()));
    // The device kept its connection: nothing about it changed.
    QCOMPARE(station.state(id), ConnectionState::Online);

    // The next start reads it from there, and logs in with it.
    {
        Station next(m_ini, &file);
        QVERIFY(next.manager.load().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(next.manager.hasPassword(id), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(next.state(id), ConnectionState::Online, Timeout);
    }

    // Removing the device removes its password from the file.
    station.manager.remove(id);
    QTRY_VERIFY_WITH_TIMEOUT(storedPassword(file, id) == std::optional<QString>(), Timeout);
}

void TestDeviceManager::unreadableEntriesAreKept()
{
    const QString broken = u"{\"name\": \"half"_s;
    {
        QSettings settings(m_ini, QSettings::IniFormat);
        settings.beginGroup(u"devices"_s);
        settings.setValue(u"version"_s, 1);
        settings.beginWriteArray(u"list"_s, 2);
        settings.setArrayIndex(0);
        settings.setValue(u"json"_s, broken);
        settings.setArrayIndex(1);
        settings.setValue(u"json"_s,
                          uR"({"id":"k1","name":"Kept","host":"kept.invalid","enabled":false})"_s);
        settings.endArray();
        settings.endGroup();
    }
    Station station(m_ini);
    const QStringList problems = station.manager.load();
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.constFirst().contains(u"device 1"_s), qPrintable(problems.constFirst()));
    QCOMPARE(station.manager.count(), 1);
    QCOMPARE(station.manager.device(0).id, u"k1"_s);

    SiteDevice device;
    device.name = u"New"_s;
    device.host = u"new.invalid"_s;
    device.enabled = false;
    QString error;
    QVERIFY(!station.manager.add(device, QString(), &error).isEmpty());
    QSettings reread(m_ini, QSettings::IniFormat);
    const auto saved = DeviceSettings::load(reread);
    QCOMPARE(saved.devices.size(), 2);
    QCOMPARE(saved.unreadable, QStringList { broken });
}

void TestDeviceManager::newerListIsNeverOverwritten()
{
    {
        QSettings settings(m_ini, QSettings::IniFormat);
        settings.setValue(u"devices/version"_s, DeviceSettings::Version + 1);
        settings.setValue(u"devices/zones"_s, u"something this version does not know"_s);
    }
    const QByteArray before = contents(m_ini);
    Station station(m_ini);
    const QStringList problems = station.manager.load();
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.constFirst().contains(u"newer"_s), qPrintable(problems.constFirst()));

    // Edits still apply, for this session, and each one says it is not saved.
    QSignalSpy problem(&station.manager, &DeviceManager::problem);
    SiteDevice device;
    device.name = u"Gate"_s;
    device.host = u"gate.invalid"_s;
    device.enabled = false;
    QString error;
    const QString id = station.manager.add(device, QString(), &error);
    QVERIFY(!id.isEmpty());
    QCOMPARE(station.manager.count(), 1);
    QCOMPARE(problem.size(), 1);
    QVERIFY2(problem.constFirst().at(0).toString().contains(u"not saved"_s),
             qPrintable(problem.constFirst().at(0).toString()));
    station.manager.remove(id);
    QCOMPARE(problem.size(), 2);
    station.settings.sync();
    QCOMPARE(contents(m_ini), before);
}

void TestDeviceManager::heldUntilReleased()
{
    SimulatorOptions options;
    options.rate = 0;
    auto simulator = startSimulator(options);
    QVERIFY(simulator->isRunning());
    {
        QSettings settings(m_ini, QSettings::IniFormat);
        DeviceSettings::save(settings, { siteDevice(u"Front door"_s, *simulator, 0) });
    }
    Station station(m_ini);
    station.manager.setConnectionsHeld(true);
    QVERIFY(station.manager.connectionsHeld());
    station.manager.load();
    QCOMPARE(station.manager.count(), 1);
    QCOMPARE(station.hub.deviceCount(), 0);
    const QString id = station.manager.device(0).id;
    QCOMPARE(station.status(id).text, DeviceManager::tr("waiting to connect"));
    // Added while held: listed, not connected either.
    SiteDevice second = siteDevice(u"Back door"_s, *simulator, 0);
    QString error;
    const QString secondId = station.manager.add(second, QString(), &error);
    QCOMPARE(station.hub.deviceCount(), 0);

    station.manager.setConnectionsHeld(false);
    QCOMPARE(station.hub.deviceCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(station.state(id), ConnectionState::Online, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(station.state(secondId), ConnectionState::Online, Timeout);
}

void TestDeviceManager::trustOnFirstUseAndChangedCertificate()
{
    SimulatorOptions options;
    options.rate = 0;
    options.tls = true;
    auto simulator = startSimulator(options);
    QVERIFY(simulator->isRunning());
    const QByteArray original = simulator->certificateSha256();
    QCOMPARE(original.size(), 32);

    Station station(m_ini);
    station.manager.load();
    QString error;
    // A TLS device without a pin: its self-signed certificate is refused as untrusted, and the
    // status says which certificate it is, for the operator to pin.
    const QString id
        = station.manager.add(siteDevice(u"Front door"_s, *simulator, 0), QString(), &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(station.status(id).certificateUntrusted, Timeout);
    DeviceManager::Status status = station.status(id);
    QCOMPARE(status.state, ConnectionState::Failed);
    QVERIFY(!status.certificateChanged);
    QCOMPARE(TlsTrust::sha256(status.presentedCertificate), original);
    QVERIFY2(status.text.contains(DeviceConfig::formatFingerprint(original)),
             qPrintable(status.text));
    QVERIFY(station.siteIndex(id, SiteDeviceModel::State)
                .data(SiteDeviceModel::CertificateUntrustedRole)
                .toBool());
    QVERIFY(!station.siteIndex(id, SiteDeviceModel::Name)
                 .data(SiteDeviceModel::CertificateChangedRole)
                 .toBool());

    // Pinned: it connects, and the flag goes.
    station.manager.pinCertificate(id, TlsTrust::sha256(status.presentedCertificate));
    QCOMPARE(station.manager.device(0).pinnedSha256, QList<QByteArray> { original });
    QTRY_COMPARE_WITH_TIMEOUT(station.state(id), ConnectionState::Online, Timeout);
    QVERIFY(!station.status(id).certificateUntrusted);
    QVERIFY(station.status(id).presentedCertificate.isNull());
    QVERIFY(!station.siteIndex(id, SiteDeviceModel::State)
                 .data(SiteDeviceModel::CertificateUntrustedRole)
                 .toBool());

    // The terminal comes back with another certificate: refused as changed, and not retried.
    QVERIFY2(simulator->setCertificate(tlsFile(u"other-self-signed.pem"_s),
                                       tlsFile(u"other-self-signed.key"_s), &error),
             qPrintable(error));
    const QByteArray replaced = simulator->certificateSha256();
    QVERIFY(replaced != original);
    QVERIFY2(simulator->restartDevice(0, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(station.status(id).certificateChanged, Timeout);
    status = station.status(id);
    QCOMPARE(status.state, ConnectionState::Failed);
    QVERIFY(!status.certificateUntrusted);
    QCOMPARE(TlsTrust::sha256(status.presentedCertificate), replaced);
    QCOMPARE(status.text,
             u"failed: certificate changed (SHA-256 %1); refused until re-pinned"_s.arg(
                 DeviceConfig::formatFingerprint(replaced)));
    QVERIFY2(status.detail.contains(u"subject"_s), qPrintable(status.detail));
    // No attempt is scheduled: it waits for an operator.
    const int hubIndex = 0;
    QCOMPARE(station.hub.deviceRetryInSeconds(hubIndex), 0);
    QCOMPARE(station.hub.deviceCertificateRefusal(hubIndex), TlsTrust::Refusal::Changed);
    QVERIFY(station.siteIndex(id, SiteDeviceModel::State)
                .data(SiteDeviceModel::CertificateChangedRole)
                .toBool());
    QCOMPARE(station.siteIndex(id, SiteDeviceModel::State).data().toString(), status.text);
    QCOMPARE(simulator->subscriberCount(0), 0);
    // The old pin is still what is saved.
    {
        QSettings reread(m_ini, QSettings::IniFormat);
        QCOMPARE(DeviceSettings::load(reread).devices.constFirst().pinnedSha256,
                 QList<QByteArray> { original });
    }

    // Re-pinned explicitly: online with the new certificate, and that is saved.
    station.manager.pinCertificate(id, replaced);
    QTRY_COMPARE_WITH_TIMEOUT(station.state(id), ConnectionState::Online, Timeout);
    QVERIFY(!station.status(id).certificateChanged);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 1, Timeout);
    {
        QSettings reread(m_ini, QSettings::IniFormat);
        QCOMPARE(DeviceSettings::load(reread).devices.constFirst().pinnedSha256,
                 QList<QByteArray> { replaced });
    }

    // The pin removed: untrusted again, offered for pinning.
    station.manager.removePin(id, replaced);
    QVERIFY(station.manager.device(0).pinnedSha256.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(station.status(id).certificateUntrusted, Timeout);
    QCOMPARE(TlsTrust::sha256(station.status(id).presentedCertificate), replaced);
}

void TestDeviceManager::checkStateTogglesEnabled()
{
    Station station(m_ini);
    station.manager.load();
    SiteDevice device;
    device.name = u"Gate"_s;
    device.host = u"127.0.0.1"_s; // nothing listens: connection refused, retried
    device.port = 9;
    device.tls = false;
    device.enabled = false;
    QString error;
    const QString id = station.manager.add(device, QString(), &error);
    const QModelIndex name = station.siteIndex(id, SiteDeviceModel::Name);
    QVERIFY(name.flags() & Qt::ItemIsUserCheckable);
    QVERIFY(!(station.siteIndex(id, SiteDeviceModel::State).flags() & Qt::ItemIsUserCheckable));
    QCOMPARE(name.data(SiteDeviceModel::IdRole).toString(), id);

    QSignalSpy changed(&station.siteModel, &QAbstractItemModel::dataChanged);
    QVERIFY(station.siteModel.setData(name, Qt::Checked, Qt::CheckStateRole));
    QVERIFY(station.manager.device(0).enabled);
    QCOMPARE(name.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QVERIFY(name.data(SiteDeviceModel::EnabledRole).toBool());
    QVERIFY(!changed.isEmpty());
    QVERIFY(station.siteModel.setData(name, false, SiteDeviceModel::EnabledRole));
    QVERIFY(!station.manager.device(0).enabled);
    QVERIFY(!station.siteModel.setData(name, u"x"_s, Qt::DisplayRole));
    for (int column = 0; column < SiteDeviceModel::ColumnCount; ++column)
        QVERIFY(!station.siteModel.headerData(column, Qt::Horizontal).toString().isEmpty());
}

// The dashboard's session: the saved devices are read at start, connect together with the
// command line's once recent history is loaded, and only they are saved.
void TestDeviceManager::sessionConnectsManagedDevicesWithItsOwn()
{
    SimulatorOptions options = LoginSimulator::options(false);
    options.devices = 2;
    auto simulator = startSimulator(options);
    QVERIFY(simulator->isRunning());

    SiteDevice front = siteDevice(u"Front door"_s, *simulator, 0);
    front.id = u"front-id"_s;
    QSettings settings(m_ini, QSettings::IniFormat);
    DeviceSettings::save(settings, { front });
    SessionCredentialStore keychain;
    keychain.writePassword(front.id, LoginSimulator::password(), this, [](const QString &) {});

    DeviceConfig commandLine;
    commandLine.name = u"Back door"_s;
    commandLine.url = simulator->eventUrl(1);
    commandLine.username = LoginSimulator::user();
    commandLine.password = LoginSimulator::password();

    SessionOptions sessionOptions;
    sessionOptions.databasePath = m_dir->filePath(u"events.sqlite"_s);
    sessionOptions.devices = { commandLine };
    sessionOptions.deviceSettings = &settings;
    sessionOptions.credentials = &keychain;
    MonitorSession session(sessionOptions);
    DeviceManager *manager = session.deviceManager();
    QVERIFY(manager);
    QCOMPARE(manager->credentials(), &keychain);
    QSignalSpy loaded(&session, &MonitorSession::loaded);
    QString error;
    QVERIFY2(session.start(&error), qPrintable(error));
    QVERIFY(session.deviceListProblems().isEmpty());
    // The list is there at once; nothing connects before the history is in the models.
    QCOMPARE(manager->count(), 1);
    QCOMPARE(session.hub()->deviceCount(), 0);
    QVERIFY(loaded.wait(Timeout));
    QTRY_COMPARE_WITH_TIMEOUT(session.hub()->deviceCount(), 2, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(manager->status(front.id).state, ConnectionState::Online, Timeout);
    for (int i = 0; i < 2; ++i)
        QTRY_COMPARE_WITH_TIMEOUT(session.hub()->deviceState(i), ConnectionState::Online, Timeout);
    QCOMPARE(session.devices()->rowCount(), 2);

    // Events of the managed device are stored; its settings (with the password from the
    // keychain) are found for the detail view.
    simulator->emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(manager->status(front.id).counters.stored, quint64(1), Timeout);
    RecognitionEvent event;
    event.deviceName = u"Front door"_s;
    const auto managed = session.deviceFor(event);
    QVERIFY(managed);
    QCOMPARE(managed->password, LoginSimulator::password());
    QCOMPARE(managed->url.port(), int(simulator->port(0)));
    event.deviceName = u"Back door"_s;
    const auto unmanaged = session.deviceFor(event);
    QVERIFY(unmanaged);
    QCOMPARE(unmanaged->url, commandLine.url);

    // An edit saves the managed list only: the command line's device is not in it.
    manager->setEnabled(front.id, false);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 0, Timeout);
    QCOMPARE(simulator->subscriberCount(1), 1);
    QSettings reread(m_ini, QSettings::IniFormat);
    const auto saved = DeviceSettings::load(reread);
    QCOMPARE(saved.devices.size(), 1);
    QCOMPARE(saved.devices.constFirst().id, front.id);
    QVERIFY(!saved.devices.constFirst().enabled);
    session.stop();

    // Without settings there is no manager; with settings but no store of passwords, the
    // session keeps them itself.
    SessionOptions bare;
    bare.databasePath = m_dir->filePath(u"bare.sqlite"_s);
    QVERIFY(!MonitorSession(bare).deviceManager());
    bare.deviceSettings = &settings;
    MonitorSession own(bare);
    QVERIFY(own.deviceManager());
    QCOMPARE(own.deviceManager()->credentials()->kind(), CredentialStore::Kind::Session);
}

QTEST_GUILESS_MAIN(TestDeviceManager)
#include "tst_devicemanager.moc"
