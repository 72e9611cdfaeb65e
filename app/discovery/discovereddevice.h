#pragma once

#include <QHostAddress>
#include <QMetaType>
#include <QString>

// A terminal found on the local network by DeviceBrowser, as its mDNS announcement describes
// it.
struct DiscoveredDevice final
{
    // Identifies the device across DeviceBrowser's deviceFound() and deviceLost(): the serial
    // number, or the service instance name for a device that announces none.
    QString key;
    // The service instance name: "sensetime", or "sensetime #2"… after a name conflict.
    QString name;
    // The host's mDNS name, e.g. "terminal-7.local".
    QString hostName;
    // IPv4 when the device has an IPv4 address, else IPv6 (link-local ones carry the interface
    // as scope).
    QHostAddress address;
    quint16 port = 0;
    // TXT record "model".
    QString model;
    // TXT record "sn".
    QString serialNumber;
    // The network interface it was seen on ("eth0"); empty when the index has no name here.
    QString interfaceName;

    friend bool operator==(const DiscoveredDevice &, const DiscoveredDevice &) = default;
};

Q_DECLARE_METATYPE(DiscoveredDevice)
