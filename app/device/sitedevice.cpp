#include "sitedevice.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {
const QString FormatName = u"gatewatch-devices"_s;

bool isHostNameCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == u'-' || c == u'.' || c == u'_';
}
} // namespace

QString SiteDevice::hostProblem(const QString &host)
{
    if (host.trimmed().isEmpty())
        return tr("the host is empty");
    if (host != host.trimmed() || host.contains(u' '))
        return tr("the host contains spaces");
    if (host.contains(u"://"_s))
        return tr("the host is only the name or address, without \"%1\"")
            .arg(host.left(host.indexOf(u"://"_s) + 3));
    if (host.contains(u'/'))
        return tr("the host is only the name or address, without a path");
    // An IPv6 address, with or without brackets.
    QString bare = host;
    if (bare.startsWith(u'[') && bare.endsWith(u']'))
        bare = bare.mid(1, bare.size() - 2);
    if (!QHostAddress(bare).isNull())
        return {};
    if (host.contains(u':'))
        return tr("the port goes in its own field, not after the host");
    for (const QChar c : host) {
        if (!isHostNameCharacter(c))
            return tr("the host contains '%1', which no host name has").arg(c);
    }
    if (host.startsWith(u'.') || host.endsWith(u'.') || host.contains(u".."_s))
        return tr("the host has an empty part between dots");
    return {};
}

QString SiteDevice::portProblem(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return tr("the port is empty");
    bool ok = false;
    const int port = trimmed.toInt(&ok);
    if (!ok)
        return tr("the port must be a number, not '%1'").arg(trimmed);
    if (port < 1 || port > 65535)
        return tr("the port must be from 1 to 65535, not %1").arg(port);
    return {};
}

QStringList SiteDevice::problems() const
{
    QStringList found;
    if (name.trimmed().isEmpty())
        found << tr("the name is empty");
    if (const QString problem = hostProblem(host); !problem.isEmpty())
        found << problem;
    if (const QString problem = portProblem(QString::number(port)); !problem.isEmpty())
        found << problem;
    if (!path.startsWith(u'/'))
        found << tr("the path must begin with '/'");
    if (heartbeatSeconds && (*heartbeatSeconds < 1 || *heartbeatSeconds > 3600))
        found << tr("the heartbeat must be from 1 to 3600 seconds, not %1").arg(*heartbeatSeconds);
    for (const QByteArray &pin : pinnedSha256) {
        if (pin.size() != 32) {
            found << tr("a pinned fingerprint is not 32 bytes long");
            break;
        }
    }
    return found;
}

DeviceConfig SiteDevice::toConfig(const QString &password) const
{
    DeviceConfig config;
    config.name = name;
    QUrl url;
    url.setScheme(tls ? u"wss"_s : u"ws"_s);
    url.setHost(host.startsWith(u'[') ? host.mid(1, host.size() - 2) : host);
    url.setPort(port);
    url.setPath(path);
    config.url = url;
    config.pinnedSha256 = pinnedSha256;
    config.username = username;
    config.password = username.isEmpty() ? QString() : password;
    config.heartbeatSeconds = heartbeatSeconds.value_or(DefaultHeartbeatSeconds);
    return config;
}

QJsonObject SiteDevice::toJson() const
{
    QJsonArray pins;
    for (const QByteArray &pin : pinnedSha256)
        pins.append(DeviceConfig::formatFingerprint(pin));
    QJsonObject object {
        { u"id"_s, id },          { u"name"_s, name },         { u"location"_s, location },
        { u"host"_s, host },      { u"port"_s, port },         { u"tls"_s, tls },
        { u"path"_s, path },      { u"username"_s, username }, { u"pins"_s, pins },
        { u"enabled"_s, enabled }
    };
    if (heartbeatSeconds)
        object.insert(u"heartbeatSeconds"_s, *heartbeatSeconds);
    return object;
}

std::optional<SiteDevice> SiteDevice::fromJson(const QJsonObject &object, QString *error)
{
    SiteDevice device;
    const auto text = [&](const QString &key, QString *out, bool required) {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() && !required)
            return true;
        if (!value.isString()) {
            *error = tr("\"%1\" must be text").arg(key);
            return false;
        }
        *out = value.toString();
        return true;
    };
    const auto flag = [&](const QString &key, bool *out) {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return true;
        if (!value.isBool()) {
            *error = tr("\"%1\" must be true or false").arg(key);
            return false;
        }
        *out = value.toBool();
        return true;
    };
    const auto whole = [&](const QString &key, int *out) {
        const QJsonValue value = object.value(key);
        if (!value.isDouble() || value.toDouble() != double(value.toInt())) {
            *error = tr("\"%1\" must be a whole number").arg(key);
            return false;
        }
        *out = value.toInt();
        return true;
    };
    if (!text(u"id"_s, &device.id, false) || !text(u"name"_s, &device.name, true)
        || !text(u"location"_s, &device.location, false) || !text(u"host"_s, &device.host, true)
        || !text(u"path"_s, &device.path, false) || !text(u"username"_s, &device.username, false)
        || !flag(u"tls"_s, &device.tls) || !flag(u"enabled"_s, &device.enabled))
        return std::nullopt;
    if (object.contains(u"port"_s) && !whole(u"port"_s, &device.port))
        return std::nullopt;
    if (object.contains(u"heartbeatSeconds"_s)) {
        int seconds = 0;
        if (!whole(u"heartbeatSeconds"_s, &seconds))
            return std::nullopt;
        device.heartbeatSeconds = seconds;
    }
    const QJsonValue pins = object.value(u"pins"_s);
    if (!pins.isUndefined()) {
        if (!pins.isArray()) {
            *error = tr("\"pins\" must be a list of fingerprints");
            return std::nullopt;
        }
        const QJsonArray array = pins.toArray();
        for (const auto &pin : array) {
            QString pinError;
            const auto digest = DeviceConfig::parseFingerprint(pin.toString(), &pinError);
            if (!digest) {
                *error = tr("\"pins\": %1").arg(pinError);
                return std::nullopt;
            }
            device.pinnedSha256.append(*digest);
        }
    }
    if (device.id.isEmpty())
        device.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (const QStringList problems = device.problems(); !problems.isEmpty()) {
        *error = problems.constFirst();
        return std::nullopt;
    }
    return device;
}

QByteArray SiteDeviceList::toJson(const QList<SiteDevice> &devices)
{
    QJsonArray array;
    for (const SiteDevice &device : devices)
        array.append(device.toJson());
    const QJsonObject root { { u"format"_s, FormatName },
                             { u"version"_s, Version },
                             { u"devices"_s, array } };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::optional<QList<SiteDevice>> SiteDeviceList::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = SiteDevice::tr("not a device list: %1 at byte %2")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(u"format"_s).toString() != FormatName) {
        *error = SiteDevice::tr(R"x(not a GateWatch device list (no "format": "%1"))x")
                     .arg(FormatName);
        return std::nullopt;
    }
    const int version = root.value(u"version"_s).toInt(-1);
    if (version < 1 || version > Version) {
        *error = SiteDevice::tr("device list version %1 is not one this GateWatch reads (1 to %2)")
                     .arg(root.value(u"version"_s).toVariant().toString())
                     .arg(Version);
        return std::nullopt;
    }
    if (!root.value(u"devices"_s).isArray()) {
        *error = SiteDevice::tr("the device list has no \"devices\" list");
        return std::nullopt;
    }
    QList<SiteDevice> devices;
    const QJsonArray array = root.value(u"devices"_s).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject object = array.at(i).toObject();
        QString deviceError;
        auto device
            = array.at(i).isObject() ? SiteDevice::fromJson(object, &deviceError) : std::nullopt;
        if (!array.at(i).isObject())
            deviceError = SiteDevice::tr("not an object");
        if (!device) {
            const QString name = object.value(u"name"_s).toString();
            *error = name.isEmpty()
                ? SiteDevice::tr("device %1: %2").arg(i + 1).arg(deviceError)
                : SiteDevice::tr("device %1 (%2): %3").arg(i + 1).arg(name, deviceError);
            return std::nullopt;
        }
        devices.append(*device);
    }
    return devices;
}
