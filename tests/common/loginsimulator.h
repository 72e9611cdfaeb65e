#pragma once

// A simulated terminal that wants a login, as tests of logging in, the enrolled photo and the
// dashboard use it: rate 0 (events only on emitEvent()), user "admin", password "s3cret".

#include "device/deviceconfig.h"
#include "devicefixture.h"
#include "sim/devicesimulator.h"

#include <QString>
#include <QtGlobal>

#include <memory>

namespace LoginSimulator {

inline QString user()
{
    return QStringLiteral("admin");
}

inline QString password()
{
    return QStringLiteral("s3cret");
}

// The options of such a terminal, for a test to add its own to.
inline SimulatorOptions options(bool tls = true)
{
    SimulatorOptions options;
    options.rate = 0;
    options.tls = tls;
    options.loginUser = user();
    options.loginPassword = password();
    return options;
}

inline std::unique_ptr<DeviceSimulator> start(bool tls = true)
{
    return DeviceFixture::startSimulator(options(tls));
}

// Logs in as the terminal expects.
inline void addCredentials(DeviceConfig &config)
{
    config.username = user();
    config.password = password();
}

} // namespace LoginSimulator
