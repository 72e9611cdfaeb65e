#pragma once

// A simulated terminal that wants a login, as tests of logging in, the enrolled photo and the
// dashboard use it: rate 0 (events only on emitEvent()), user "admin", password "s3cret".

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

inline std::unique_ptr<DeviceSimulator> start(bool tls = true)
{
    SimulatorOptions options;
    options.rate = 0;
    options.tls = tls;
    options.loginUser = user();
    options.loginPassword = password();
    auto simulator = std::make_unique<DeviceSimulator>(options);
    QString error;
    if (!simulator->start(&error))
        qFatal("simulator did not start: %s", qPrintable(error));
    return simulator;
}

} // namespace LoginSimulator
