#pragma once

#include "device/deviceconfig.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// A device list file as the recorder reads it: the JSON the window exports (SiteDeviceList),
// with each login's password from an owner-only credentials file (FileCredentialStore's
// format, keyed by device id), since the list itself carries no secrets. Pins in the list are
// honoured as in the window (SiteDevice::toConfig).
class DeviceListFile final
{
    Q_DECLARE_TR_FUNCTIONS(DeviceListFile)

public:
    struct Device
    {
        // The device's "id" in the file; a device written without one is known by its event
        // URL, so that reading the same file again finds the same device.
        QString id;
        DeviceConfig config;
    };
    struct Contents
    {
        // The enabled devices that can be connected, in the file's order.
        QList<Device> devices;
        // Enabled devices that cannot: a login without a password. Their ids, and one line
        // each that names the device and the reason.
        QStringList unusableIds;
        QStringList problems;
        int disabled = 0;
    };

    // credentialsPath may be empty (no --credentials). nullopt with the reason in *error when
    // the file cannot be read or is not a valid device list: then nothing of it is used.
    static std::optional<Contents> read(const QString &path, const QString &credentialsPath,
                                        QString *error);
};
