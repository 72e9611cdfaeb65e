#pragma once

#include "device/devicehub.h"
#include "devicelistfile.h"

#include <QHash>
#include <QString>

// Keeps a DeviceHub's devices in step with a device list file, by device id: each time the
// file is read again, removed devices are disconnected, new ones connected, changed ones
// reconnected with their new settings, and the others are not touched (their connections
// stay up). A device the file names but that cannot be used now (see
// DeviceListFile::Contents::unusableIds) keeps running with the settings it had, if it ran.
// Devices added to the hub by others are not its business.
class DeviceListSync final
{
public:
    struct Summary
    {
        int added = 0;
        int removed = 0;
        int changed = 0;
        int unchanged = 0;
    };

    explicit DeviceListSync(DeviceHub *hub)
        : m_hub(hub)
    { }

    Summary apply(const DeviceListFile::Contents &contents);

    int deviceCount() const { return int(m_keys.size()); }

private:
    DeviceHub *m_hub;
    QHash<QString, DeviceHub::Key> m_keys; // by device id
};
