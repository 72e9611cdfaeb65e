#pragma once

#include "deviceconfig.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// One terminal as an operator configures it at a site: what the settings dialog edits, what
// the station keeps, and what a device list file carries to another station. The password is
// not part of it: secrets live in the system keychain, never in settings or exported files.
struct SiteDevice final
{
    Q_DECLARE_TR_FUNCTIONS(SiteDevice)

public:
    static constexpr int DefaultPort = 8000;
    static constexpr int DefaultHeartbeatSeconds = 10;

    QString id; // stable across renames: a UUID without braces
    QString name;
    QString location; // door or place label, may be empty
    QString host;
    int port = DefaultPort;
    bool tls = true;
    QString path = QStringLiteral("/v1/event/");
    QString username; // empty: no login
    std::optional<int> heartbeatSeconds; // nullopt: the default
    QList<QByteArray> pinnedSha256; // raw 32-byte digests
    bool enabled = true;

    bool operator==(const SiteDevice &) const = default;

    // A one-line reason the host is not usable ("" when it is): empty, spaces, a scheme or a
    // path typed into it, characters no host name or address has.
    static QString hostProblem(const QString &host);
    // The same for a port typed as text: not a number, 0, above 65535.
    static QString portProblem(const QString &text);
    // Every problem of this device, one line each, naming the field.
    QStringList problems() const;

    // The connection settings; `password` comes from the keychain.
    DeviceConfig toConfig(const QString &password = {}) const;

    // JSON without secrets: {"id", "name", "location", "host", "port", "tls", "path",
    // "username", "heartbeatSeconds"?, "pins": ["AB:CD:…"], "enabled"}.
    QJsonObject toJson() const;
    // Reads what toJson() wrote; unknown keys are ignored. nullopt with a one-line reason
    // naming the field when a field has the wrong type or value.
    static std::optional<SiteDevice> fromJson(const QJsonObject &object, QString *error);
};

// A device list file: {"format": "gatewatch-devices", "version": 1, "devices": [...]}.
namespace SiteDeviceList {
inline constexpr int Version = 1;

QByteArray toJson(const QList<SiteDevice> &devices);
// Refuses anything that is not such a file, a newer version, and any invalid device, with a
// reason that names the device by position and name; nothing is half-read.
std::optional<QList<SiteDevice>> fromJson(const QByteArray &json, QString *error);
} // namespace SiteDeviceList
