#pragma once

#include "device/deviceconfig.h"
#include "device/deviceconnection.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QList>
#include <QObject>

#include <vector>

class EventStore;
class QThread;
struct StoredEvent;

// Owns every DeviceConnection and the network thread they run on. Parsing happens there; the
// hub's own thread (the GUI or CLI main thread) only sees ready events and state changes.
// Events go straight from the network thread to the store thread, not through this one.
class DeviceHub final : public QObject
{
    Q_OBJECT
public:
    explicit DeviceHub(QObject *parent = nullptr);
    ~DeviceHub() override;

    // Every event received from now on is queued to `store` (which lives on its own thread).
    void setStore(EventStore *store);

    // Creates the connection on the network thread and starts it. Returns its index.
    int addDevice(const DeviceConfig &config);
    int deviceCount() const { return int(m_devices.size()); }
    const DeviceConfig &deviceConfig(int index) const { return m_devices.at(index).config; }

    // Last state reported by a device (a copy kept on the hub's thread).
    ConnectionState deviceState(int index) const { return m_devices.at(index).state; }
    QString deviceStateText(int index) const { return m_devices.at(index).stateText; }
    ConnectionCounters deviceCounters(int index) const { return m_devices.at(index).counters; }
    // While waiting to retry (or failed): whole seconds until the next attempt, else 0.
    int deviceRetryInSeconds(int index) const;
    // Why the device's last attempt ended (empty while none has failed), as of its last state.
    QString deviceLastError(int index) const { return m_devices.at(index).lastError; }

    // Stops every connection and waits until the network thread has let go of them; events
    // they had already delivered are queued to the store before this returns.
    void stopAll();

signals:
    // A device was added at `index` (the last one); emitted at the end of addDevice().
    void deviceAdded(int index);
    void eventReceived(int device, const RecognitionEvent &event);
    void deviceStateChanged(int device, ConnectionState state, const QString &text);
    void frameRejected(int device, const QString &reason);
    void countersChanged(int device, const ConnectionCounters &counters);

private:
    struct Device
    {
        DeviceConfig config;
        DeviceConnection *connection = nullptr; // lives on m_thread
        ConnectionState state = ConnectionState::Disconnected;
        QString stateText;
        ConnectionCounters counters;
        QString lastError;
        // Next attempt, when one is scheduled; lets views count down without asking the
        // network thread every second.
        QDeadlineTimer retryDeadline { QDeadlineTimer::Forever };
    };

    void onCommitted(const QList<StoredEvent> &events);

    QThread *m_thread = nullptr;
    EventStore *m_store = nullptr;
    // A std::vector: written in place from the hub's own thread, never shared or detached.
    std::vector<Device> m_devices;
    QHash<QString, int> m_deviceBySerial; // learnt from events, to credit commits
};
