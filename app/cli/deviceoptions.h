#pragma once

#include "device/deviceconfig.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>

#include <optional>

class QCommandLineParser;

// The options that name terminals and how to trust and log in to them, shared by `record` and
// the window: --device (repeatable), --pin-sha256, --ca-cert, --user, --password-file,
// --heartbeat.
class DeviceOptions final
{
public:
    DeviceOptions();

    void addTo(QCommandLineParser &parser) const;
    // The devices the parsed options name (possibly none), or nullopt with a one-line *error
    // that names the option at fault.
    std::optional<QList<DeviceConfig>> devices(const QCommandLineParser &parser,
                                               QString *error) const;

    // `--device` takes a URL, optionally preceded by a display name:
    // "Front door=wss://host:8000". Without a name the device is called by its host and port;
    // without a port it is 8000.
    static std::optional<DeviceConfig> deviceFromArgument(const QString &argument, QString *error);

private:
    QCommandLineOption m_device;
    QCommandLineOption m_pin;
    QCommandLineOption m_ca;
    QCommandLineOption m_user;
    QCommandLineOption m_passwordFile;
    QCommandLineOption m_heartbeat;
};
