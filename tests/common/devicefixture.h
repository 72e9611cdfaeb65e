#pragma once

// What the tests of device management share: simulated terminals on 127.0.0.1, connection
// timers short enough that a retry a test waits for comes at once, and one station's device
// management put together as the application does it.

#include "device/credentialstore.h"
#include "device/deviceconfig.h"
#include "device/devicehub.h"
#include "session/devicemanager.h"
#include "sim/devicesimulator.h"

#include <QSettings>
#include <QString>
#include <QtGlobal>

#include <memory>
#include <utility>

namespace DeviceFixture {

// A started simulator; a test that cannot have one cannot run at all.
inline std::unique_ptr<DeviceSimulator> startSimulator(SimulatorOptions options)
{
    auto simulator = std::make_unique<DeviceSimulator>(std::move(options));
    QString error;
    if (!simulator->start(&error))
        qFatal("simulator did not start: %s", qPrintable(error));
    return simulator;
}

// Short timers, so that a retry the test waits for comes at once.
inline DeviceConfig fastDefaults()
{
    DeviceConfig defaults;
    defaults.backoff.initialMs = 50;
    defaults.backoff.maxMs = 200;
    defaults.backoff.jitter = 0;
    defaults.handshakeTimeoutMs = 5000;
    defaults.requestTimeoutMs = 5000;
    return defaults;
}

// One station's device management: the device list in an ini file, passwords in a session
// store of its own (or a shared one, to outlive the station), the hub with its network thread
// and the manager over them, with fastDefaults(). The hub's connections stop before anything
// is torn down.
class Station
{
public:
    explicit Station(const QString &settingsPath, CredentialStore *sharedCredentials = nullptr)
        : settings(settingsPath, QSettings::IniFormat)
        , credentials(sharedCredentials ? sharedCredentials : &ownCredentials)
        , manager(&hub, credentials, &settings)
    {
        manager.setConnectionDefaults(fastDefaults());
    }
    ~Station() { hub.stopAll(); }
    Station(const Station &) = delete;
    Station &operator=(const Station &) = delete;

    QSettings settings;
    SessionCredentialStore ownCredentials;
    CredentialStore *credentials;
    DeviceHub hub;
    DeviceManager manager;
};

} // namespace DeviceFixture
