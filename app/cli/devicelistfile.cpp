#include "devicelistfile.h"

#include "device/filecredentialstore.h"
#include "device/sitedevice.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace {
// Far beyond any site's list; refuses a wrong file given by mistake before parsing it.
constexpr qint64 MaxFileBytes = qint64 { 16 } * 1024 * 1024;

std::optional<QByteArray> readWhole(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = DeviceListFile::tr("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > MaxFileBytes) {
        *error = DeviceListFile::tr("%1 is not a device list: it is bigger than %2 MiB")
                     .arg(path)
                     .arg(MaxFileBytes / (qint64 { 1024 } * 1024));
        return std::nullopt;
    }
    QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        *error = DeviceListFile::tr("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return bytes;
}

// Which entries of a list SiteDeviceList accepted were written with an id of their own (it
// makes one up for the others).
QList<bool> entriesWithId(const QByteArray &json)
{
    QList<bool> withId;
    const QJsonArray array = QJsonDocument::fromJson(json).object().value(u"devices"_s).toArray();
    for (const auto &entry : array)
        withId.append(entry.toObject().contains(u"id"_s));
    return withId;
}
} // namespace

std::optional<DeviceListFile::Contents>
DeviceListFile::read(const QString &path, const QString &credentialsPath, QString *error)
{
    const auto json = readWhole(path, error);
    if (!json)
        return std::nullopt;
    QString listError;
    const auto siteDevices = SiteDeviceList::fromJson(*json, &listError);
    if (!siteDevices) {
        *error = tr("%1: %2").arg(path, listError);
        return std::nullopt;
    }
    const QList<bool> withId = entriesWithId(*json);

    Contents contents;
    QList<Device> devices;
    QHash<QString, qsizetype> positionById;
    for (qsizetype i = 0; i < siteDevices->size(); ++i) {
        const SiteDevice &site = siteDevices->at(i);
        Device device { withId.value(i) ? site.id : QString(), site.toConfig() };
        if (device.id.isEmpty())
            device.id = device.config.url.toString();
        if (const auto it = positionById.constFind(device.id); it != positionById.cend()) {
            *error = tr("%1: devices %2 (%3) and %4 (%5) have the same id %6; each device needs "
                        "its own")
                         .arg(path)
                         .arg(*it + 1)
                         .arg(siteDevices->at(*it).name)
                         .arg(i + 1)
                         .arg(site.name, device.id);
            return std::nullopt;
        }
        positionById.insert(device.id, i);
        if (!site.enabled) {
            ++contents.disabled;
            continue;
        }
        devices.append(device);
    }

    // Passwords only for the devices that log in; the file is read once for all of them.
    const bool needsPasswords = std::any_of(devices.cbegin(), devices.cend(), [](const Device &d) {
        return d.config.hasCredentials();
    });
    std::optional<QHash<QString, QString>> passwords;
    QString credentialsProblem;
    if (needsPasswords) {
        if (credentialsPath.isEmpty()) {
            credentialsProblem = tr("no --credentials file was given");
        } else if (!QFileInfo::exists(credentialsPath)) {
            credentialsProblem = tr("the credentials file %1 does not exist").arg(credentialsPath);
        } else {
            const FileCredentialStore store(credentialsPath);
            passwords = store.readAll(&credentialsProblem);
        }
    }
    for (Device &device : devices) {
        if (!device.config.hasCredentials()) {
            contents.devices.append(device);
            continue;
        }
        if (passwords && passwords->contains(device.id)) {
            device.config.password = passwords->value(device.id);
            contents.devices.append(device);
            continue;
        }
        contents.unusableIds.append(device.id);
        contents.problems.append(
            passwords
                ? tr("%1 (id %2) logs in as %3, but %4 has no password for it")
                      .arg(device.config.name, device.id, device.config.username, credentialsPath)
                : tr("%1 (id %2) logs in as %3, but its password cannot be read: %4")
                      .arg(device.config.name, device.id, device.config.username,
                           credentialsProblem));
    }
    return contents;
}
