#pragma once

#include "sitedevice.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

class QSettings;

// The station's device list in QSettings, group "devices": a format version and one entry per
// device holding SiteDevice::toJson() (no secrets). Versioned so that a later GateWatch can
// migrate it, and so that an older one never overwrites a list it does not understand.
class DeviceSettings final
{
    Q_DECLARE_TR_FUNCTIONS(DeviceSettings)

public:
    static constexpr int Version = 1;

    struct Loaded final
    {
        QList<SiteDevice> devices;
        // Entries that could not be read, kept verbatim so that saving does not lose them.
        QStringList unreadable;
        // One line per entry that could not be read, naming it by position.
        QStringList problems;
        // The list was written by a newer GateWatch: nothing was read, and save() must not be
        // called (it would destroy what this version cannot represent).
        bool tooNew = false;
    };

    static Loaded load(QSettings &settings);
    // Replaces the stored list; `unreadable` entries are written back after the devices.
    static void save(QSettings &settings, const QList<SiteDevice> &devices,
                     const QStringList &unreadable = {});
};
