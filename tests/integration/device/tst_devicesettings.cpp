// DeviceSettings: the station's device list in a real QSettings ini file.

#include "device/devicesettings.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
SiteDevice device(const QString &id, const QString &name)
{
    SiteDevice device;
    device.id = id;
    device.name = name;
    device.host = u"gate.example"_s;
    return device;
}

// Writes the group as some GateWatch (or a person with an editor) left it.
void writeRaw(QSettings &settings, int version, const QStringList &entries)
{
    settings.beginGroup(u"devices"_s);
    settings.setValue(u"version"_s, version);
    settings.beginWriteArray(u"list"_s, int(entries.size()));
    for (int i = 0; i < entries.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(u"json"_s, entries.at(i));
    }
    settings.endArray();
    settings.endGroup();
    settings.sync();
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestDeviceSettings final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void emptySettingsHoldNoDevices();
    void roundTrip();
    void newerVersionIsLeftUntouched();
    void brokenEntriesAreKeptVerbatimAndReported();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestDeviceSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(u"gatewatch.ini"_s);
}

void TestDeviceSettings::emptySettingsHoldNoDevices()
{
    QSettings settings(m_path, QSettings::IniFormat);
    const DeviceSettings::Loaded loaded = DeviceSettings::load(settings);
    QVERIFY(loaded.devices.isEmpty());
    QVERIFY(loaded.unreadable.isEmpty());
    QVERIFY(loaded.problems.isEmpty());
    QVERIFY(!loaded.tooNew);
}

void TestDeviceSettings::roundTrip()
{
    SiteDevice front = device(u"6f1c2a7e-0000-4000-8000-000000000001"_s, u"Front door"_s);
    front.location = u"Hall, ground floor"_s;
    front.port = 8443;
    front.username = u"admin"_s;
    front.heartbeatSeconds = 5;
    front.pinnedSha256 = { QByteArray(32, '\x11'), QByteArray(32, '\xee') };
    SiteDevice garage = device(u"6f1c2a7e-0000-4000-8000-000000000002"_s, u"Garage — Süd"_s);
    garage.host = u"fe80::1"_s;
    garage.tls = false;
    garage.path = u"/custom/"_s;
    garage.enabled = false;
    {
        QSettings settings(m_path, QSettings::IniFormat);
        // Other groups of the application's settings are not the list's business.
        settings.setValue(u"window/tileSize"_s, 160);
        DeviceSettings::save(settings, { front, garage });
        settings.sync();
        QCOMPARE(settings.status(), QSettings::NoError);
    }
    QSettings settings(m_path, QSettings::IniFormat);
    const DeviceSettings::Loaded loaded = DeviceSettings::load(settings);
    QVERIFY2(loaded.problems.isEmpty(), qPrintable(loaded.problems.join(u'\n')));
    QCOMPARE(loaded.devices.size(), 2);
    QCOMPARE(loaded.devices.at(0), front);
    QCOMPARE(loaded.devices.at(1), garage);
    QVERIFY(loaded.unreadable.isEmpty());
    QCOMPARE(settings.value(u"window/tileSize"_s).toInt(), 160);
    QCOMPARE(settings.value(u"devices/version"_s).toInt(), DeviceSettings::Version);

    // A shorter list replaces the longer one entirely.
    DeviceSettings::save(settings, { garage });
    settings.sync();
    QSettings again(m_path, QSettings::IniFormat);
    const DeviceSettings::Loaded shorter = DeviceSettings::load(again);
    QCOMPARE(shorter.devices.size(), 1);
    QCOMPARE(shorter.devices.at(0), garage);
}

void TestDeviceSettings::newerVersionIsLeftUntouched()
{
    {
        QSettings settings(m_path, QSettings::IniFormat);
        writeRaw(settings, DeviceSettings::Version + 1,
                 { uR"({"id":"x","name":"Gate","host":"gate","future":{"zones":[1,2]}})"_s });
    }
    const QByteArray before = contents(m_path);
    QVERIFY(!before.isEmpty());

    QSettings settings(m_path, QSettings::IniFormat);
    const DeviceSettings::Loaded loaded = DeviceSettings::load(settings);
    QVERIFY(loaded.tooNew);
    QVERIFY(loaded.devices.isEmpty());
    QCOMPARE(loaded.problems.size(), 1);
    QVERIFY2(loaded.problems.constFirst().contains(u"newer"_s),
             qPrintable(loaded.problems.constFirst()));
    settings.sync();
    QCOMPARE(contents(m_path), before);
}

void TestDeviceSettings::brokenEntriesAreKeptVerbatimAndReported()
{
    const QString good1 = uR"({"id":"a1","name":"Front door","host":"10.0.0.5","port":8000})"_s;
    const QString notJson = u"{\"id\": \"b2\", \"name\": "_s;
    const QString badPort = uR"({"id":"c3","name":"Garage","host":"10.0.0.6","port":0})"_s;
    const QString notObject = u"[1, 2, 3]"_s;
    const QString good2 = uR"({"id":"d4","name":"Back door","host":"back.example","tls":false})"_s;
    {
        QSettings settings(m_path, QSettings::IniFormat);
        writeRaw(settings, DeviceSettings::Version, { good1, notJson, badPort, notObject, good2 });
    }
    QSettings settings(m_path, QSettings::IniFormat);
    const DeviceSettings::Loaded loaded = DeviceSettings::load(settings);
    QVERIFY(!loaded.tooNew);
    // The good entries are read regardless.
    QCOMPARE(loaded.devices.size(), 2);
    QCOMPARE(loaded.devices.at(0).id, u"a1"_s);
    QCOMPARE(loaded.devices.at(0).name, u"Front door"_s);
    QCOMPARE(loaded.devices.at(1).id, u"d4"_s);
    QVERIFY(!loaded.devices.at(1).tls);
    // The others are kept as they were, and named by position.
    QCOMPARE(loaded.unreadable, (QStringList { notJson, badPort, notObject }));
    QCOMPARE(loaded.problems.size(), 3);
    QVERIFY2(loaded.problems.at(0).contains(u"device 2"_s), qPrintable(loaded.problems.at(0)));
    QVERIFY2(loaded.problems.at(1).contains(u"device 3"_s), qPrintable(loaded.problems.at(1)));
    QVERIFY2(loaded.problems.at(1).contains(u"port"_s), qPrintable(loaded.problems.at(1)));
    QVERIFY2(loaded.problems.at(2).contains(u"device 4"_s), qPrintable(loaded.problems.at(2)));

    // Saving with them writes them back verbatim after the devices, so nothing is lost.
    SiteDevice added = device(u"e5"_s, u"Side door"_s);
    DeviceSettings::save(settings, loaded.devices + QList<SiteDevice> { added }, loaded.unreadable);
    settings.sync();
    QSettings again(m_path, QSettings::IniFormat);
    const DeviceSettings::Loaded reloaded = DeviceSettings::load(again);
    QCOMPARE(reloaded.devices.size(), 3);
    QCOMPARE(reloaded.devices.at(2), added);
    QCOMPARE(reloaded.unreadable, loaded.unreadable);
}

QTEST_GUILESS_MAIN(TestDeviceSettings)
#include "tst_devicesettings.moc"
