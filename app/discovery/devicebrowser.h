#pragma once

#include "discovereddevice.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class AvahiQtPoll;
struct AvahiClient;
struct AvahiServiceBrowser;

// Finds the terminals that announce themselves on the local network (mDNS, see
// SensetimeService) through the machine's Avahi daemon, which libavahi-client reaches over the
// D-Bus system bus ($DBUS_SYSTEM_BUS_ADDRESS when set). Browses _http._tcp in the domain
// local., keeps the instances whose name begins with "sensetime" and resolves each to host,
// address, port and TXT records.
//
// Everything runs on the event loop of the owner's thread; the signals are emitted from that
// loop, never from inside an Avahi callback, so a slot may stop or even delete the browser.
// Connecting to the daemon (start()) is a few blocking D-Bus round trips on a local socket.
class DeviceBrowser final : public QObject
{
    Q_OBJECT

public:
    explicit DeviceBrowser(QObject *parent = nullptr);
    ~DeviceBrowser() override;

    // Connects to the Avahi daemon and starts browsing. When no daemon is reachable it returns
    // false, with the reason in words in *error when given, and failed() follows with the same
    // reason. Restarting forgets what was found.
    bool start(QString *error = nullptr);
    // Stops browsing. The devices found are forgotten without deviceLost().
    void stop();
    bool isRunning() const { return m_client != nullptr; }
    // Whether an Avahi daemon answers: true from a successful start() until stop() or failed().
    bool isAvailable() const { return m_client != nullptr && !m_failing; }

    // The devices currently announced, as last reported by deviceFound().
    QList<DiscoveredDevice> devices() const { return m_published.values(); }

signals:
    // A device appeared, or what is known about it changed (same key): another address, port
    // or TXT record.
    void deviceFound(const DiscoveredDevice &device);
    // The device with this key withdrew its announcement (or its records expired).
    void deviceLost(const QString &key);
    // Browsing stopped: no daemon is reachable, the daemon went away, or Avahi failed.
    void failed(const QString &reason);

private:
    struct Sighting;
    // The functions Avahi calls back, with its types (defined in the .cpp only). A nested
    // class: it reaches the private members.
    struct Callbacks;

    void addSighting(int interface, int protocol, const QString &name, const char *type,
                     const char *domain);
    void removeSighting(int interface, int protocol, const QString &name);
    void scheduleUpdate();
    void publishChanges();
    void failLater(const QString &reason);

    std::unique_ptr<AvahiQtPoll> m_poll;
    AvahiClient *m_client = nullptr;
    AvahiServiceBrowser *m_browser = nullptr;
    std::vector<std::unique_ptr<Sighting>> m_sightings;
    QHash<QString, DiscoveredDevice> m_published;
    // Bumped by start() and stop(): queued work of an earlier run is dropped.
    quint64 m_generation = 0;
    bool m_updateScheduled = false;
    bool m_failing = false;
};
