// The station's settings file is its owner's alone: created so, tightened when found open, and
// still so after QSettings has written it again (it replaces the file on every write).

#include "session/settingsfile.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr auto OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
const QFileDevice::Permissions OthersMay = QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
    | QFileDevice::ExeOther;
} // namespace

class TestSettingsFile final : public QObject
{
    Q_OBJECT

private slots:
    void createsTheFileForItsOwnerOnly();
    void tightensAnOpenFileAndKeepsItSoAcrossWrites();
};

void TestSettingsFile::createsTheFileForItsOwnerOnly()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"config/GateWatch/gatewatch.conf"_s);
    QSettings settings(path, QSettings::IniFormat);
    QString error;
    QVERIFY2(SettingsFile::makePrivate(settings, &error), qPrintable(error));
    QVERIFY(QFile::exists(path));
    QCOMPARE(QFile::permissions(path) & OthersMay, QFileDevice::Permissions());

    settings.setValue(u"devices/1/host"_s, u"10.0.0.5"_s);
    settings.sync();
    QCOMPARE(settings.status(), QSettings::NoError);
    QCOMPARE(QFile::permissions(path) & OthersMay, QFileDevice::Permissions());
    QVERIFY((QFile::permissions(path) & OwnerOnly) == OwnerOnly);
    QSettings again(path, QSettings::IniFormat);
    QCOMPARE(again.value(u"devices/1/host"_s).toString(), u"10.0.0.5"_s);
}

void TestSettingsFile::tightensAnOpenFileAndKeepsItSoAcrossWrites()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"gatewatch.conf"_s);
    {
        QSettings before(path, QSettings::IniFormat);
        before.setValue(u"operator/name"_s, u"Alex"_s);
    }
    QVERIFY(
        QFile::setPermissions(path, OwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    QSettings settings(path, QSettings::IniFormat);
    QVERIFY(SettingsFile::makePrivate(settings));
    QCOMPARE(QFile::permissions(path) & OthersMay, QFileDevice::Permissions());
    QCOMPARE(settings.value(u"operator/name"_s).toString(), u"Alex"_s);
    for (int i = 0; i < 3; ++i) {
        settings.setValue(u"window/round"_s, i);
        settings.sync();
        QCOMPARE(QFile::permissions(path) & OthersMay, QFileDevice::Permissions());
    }

    // A folder that cannot be created: the reason.
    QFile blocker(dir.filePath(u"blocker"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QSettings nowhere(dir.filePath(u"blocker/sub/gatewatch.conf"_s), QSettings::IniFormat);
    QString error;
    QVERIFY(!SettingsFile::makePrivate(nowhere, &error));
    QVERIFY2(error.contains(u"blocker"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestSettingsFile)
#include "tst_settingsfile.moc"
