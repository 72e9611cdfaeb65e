#include "devicesettings.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace {
const QString Group = u"devices"_s;
const QString VersionKey = u"version"_s;
const QString ListKey = u"list"_s;
const QString JsonKey = u"json"_s;
} // namespace

DeviceSettings::Loaded DeviceSettings::load(QSettings &settings)
{
    Loaded loaded;
    settings.beginGroup(Group);
    const int version = settings.value(VersionKey, Version).toInt();
    if (version > Version) {
        loaded.tooNew = true;
        loaded.problems << tr("the device list was saved by a newer GateWatch (format %1, this "
                              "version reads %2); it is left as it is")
                               .arg(version)
                               .arg(Version);
        settings.endGroup();
        return loaded;
    }
    const int size = settings.beginReadArray(ListKey);
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        const QString text = settings.value(JsonKey).toString();
        QJsonParseError parseError {};
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
        QString error;
        std::optional<SiteDevice> device;
        if (!document.isObject())
            error = parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                 : tr("not a JSON object");
        else
            device = SiteDevice::fromJson(document.object(), &error);
        if (device) {
            loaded.devices << *device;
        } else {
            loaded.unreadable << text;
            loaded.problems
                << tr("device %1 in the settings could not be read: %2").arg(i + 1).arg(error);
        }
    }
    settings.endArray();
    settings.endGroup();
    return loaded;
}

void DeviceSettings::save(QSettings &settings, const QList<SiteDevice> &devices,
                          const QStringList &unreadable)
{
    settings.beginGroup(Group);
    settings.remove(ListKey);
    settings.setValue(VersionKey, Version);
    settings.beginWriteArray(ListKey, int(devices.size() + unreadable.size()));
    int index = 0;
    for (const SiteDevice &device : devices) {
        settings.setArrayIndex(index++);
        settings.setValue(
            JsonKey,
            QString::fromUtf8(QJsonDocument(device.toJson()).toJson(QJsonDocument::Compact)));
    }
    for (const QString &text : unreadable) {
        settings.setArrayIndex(index++);
        settings.setValue(JsonKey, text);
    }
    settings.endArray();
    settings.endGroup();
}
