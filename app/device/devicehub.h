#pragma once

#include "device/devicebackfill.h"
#include "device/deviceconfig.h"
#include "device/deviceconnection.h"
#include "device/ingestbudget.h"
#include "device/tlstrust.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCertificate>

#include <memory>
#include <vector>

class EventStore;
class QThread;
struct StoredEvent;

// Owns every DeviceConnection and the network thread they run on. Parsing happens there; the
// hub's own thread (the GUI or CLI main thread) only sees ready events and state changes.
// Events go straight from the network thread to the store thread, not through this one.
//
// Back-pressure: an event takes a share of an IngestBudget for each consumer on its way (the
// store thread, and this hub's thread) and gives it back once that consumer has taken it.
// While either budget is spent the network thread waits, no socket is read, and TCP holds the
// terminals back: memory stays bounded and nothing is dropped when the store or the window
// cannot keep up.
//
// Devices are rows (indexes 0..deviceCount()-1, in the order they were added) for the models,
// and each also has a Key that never changes and is never reused, for whoever edits them:
// removing a device shifts the rows after it, its key stays valid until removal and then names
// nothing. Every edit is applied live, without touching the other devices.
class DeviceHub final : public QObject
{
    Q_OBJECT
public:
    using Key = quint64; // 0 is never a device's key

    explicit DeviceHub(QObject *parent = nullptr, IngestBudget::Limits ingestLimits = {});
    ~DeviceHub() override;

    // Every event received from now on is queued to `store` (within the ingest budget) (which lives
    // on its own thread), and the devices' back-fills compare with it: from now on each connection
    // that comes (back) online fetches what its device recorded since the last event stored for it
    // (see DeviceBackfill; only for devices with credentials).
    void setStore(EventStore *store);

    // Creates the connection on the network thread and starts it unless `enabled` is false.
    // The device becomes the last row (deviceAdded). Returns its key.
    Key addDevice(const DeviceConfig &config, bool enabled = true);
    // Stops the device's connection and deletes it on the network thread; the rows after it
    // move up (deviceAboutToBeRemoved, deviceRemoved). Events it had already delivered still
    // reach the store, and eventReceived with device -1. Unknown keys are ignored.
    void removeDevice(Key key);
    // New settings for the device. Nothing happens when they are equal; a change of the name
    // alone is given to the connection without reconnecting (events received from then on
    // carry the new name); any other change restarts only this device's connection with the
    // new settings (if it is enabled). deviceChanged follows. Unknown keys are ignored.
    void updateDevice(Key key, const DeviceConfig &config);
    // Disabling disconnects the device and keeps it (state Disconnected); enabling connects it
    // again. deviceChanged follows a change. Unknown keys are ignored.
    void setDeviceEnabled(Key key, bool enabled);

    int deviceCount() const { return int(m_devices.size()); }
    // The row of a key, or -1 when there is no such device (any more).
    int indexOf(Key key) const { return m_indexByKey.value(key, -1); }
    Key deviceKey(int index) const { return m_devices.at(std::size_t(index)).key; }
    const DeviceConfig &deviceConfig(int index) const
    {
        return m_devices.at(std::size_t(index)).config;
    }
    bool isDeviceEnabled(int index) const { return m_devices.at(std::size_t(index)).enabled; }

    // Last state reported by a device (a copy kept on the hub's thread).
    ConnectionState deviceState(int index) const { return device(index).state; }
    QString deviceStateText(int index) const { return device(index).stateText; }
    ConnectionCounters deviceCounters(int index) const { return device(index).counters; }
    // While waiting to retry (or failed): whole seconds until the next attempt, else 0.
    int deviceRetryInSeconds(int index) const;
    // Why the device's last attempt ended (empty while none has failed), as of its last state.
    QString deviceLastError(int index) const { return device(index).lastError; }
    // Whether the device's last attempt ended on a refused certificate and how (Changed: it is
    // not retried until its pins change), with the certificate it presented; as of its last
    // state.
    TlsTrust::Refusal deviceCertificateRefusal(int index) const
    {
        return device(index).certificateRefusal;
    }
    QSslCertificate deviceRefusedCertificate(int index) const
    {
        return device(index).refusedCertificate;
    }
    // Where the device's back-fill stands, as of its last report.
    BackfillProgress deviceBackfill(int index) const { return device(index).backfill; }

    // Stops every connection and waits until the network thread has let go of them; events
    // they had already delivered are queued to the store before this returns.
    void stopAll();

    // How the budgets between the network thread and the store / this hub's thread stand.
    IngestBudget::Figures storeIngest() const;
    IngestBudget::Figures hubIngest() const;

signals:
    // A device was added at `index` (the last one); emitted at the end of addDevice().
    void deviceAdded(int index);
    // The device at `index` is about to go (still there, with its data) / has gone.
    void deviceAboutToBeRemoved(int index);
    void deviceRemoved(int index);
    // The settings or the enabled flag of the device at `index` changed.
    void deviceChanged(int index);
    // `device` is -1 for an event of a device removed since it delivered it.
    void eventReceived(int device, const RecognitionEvent &event);
    // Also when only the certificate refusal changed.
    void deviceStateChanged(int device, ConnectionState state, const QString &text);
    void frameRejected(int device, const QString &reason);
    void countersChanged(int device, const ConnectionCounters &counters);
    void backfillChanged(int device, const BackfillProgress &progress);

private:
    struct Device
    {
        Key key = 0;
        DeviceConfig config;
        bool enabled = true;
        DeviceConnection *connection = nullptr; // lives on m_thread
        ConnectionState state = ConnectionState::Disconnected;
        QString stateText;
        ConnectionCounters counters;
        BackfillProgress backfill;
        QString lastError;
        TlsTrust::Refusal certificateRefusal = TlsTrust::Refusal::None;
        QSslCertificate refusedCertificate;
        // Next attempt, when one is scheduled; lets views count down without asking the
        // network thread every second.
        QDeadlineTimer retryDeadline { QDeadlineTimer::Forever };
    };
    // What a connection reports with a state, copied on the network thread.
    struct StateReport
    {
        ConnectionState state = ConnectionState::Disconnected;
        QString text;
        QString lastError;
        TlsTrust::Refusal certificateRefusal = TlsTrust::Refusal::None;
        QSslCertificate refusedCertificate;
        QDeadlineTimer retryDeadline { QDeadlineTimer::Forever };
    };

    const Device &device(int index) const { return m_devices.at(std::size_t(index)); }
    void applyState(Key key, const StateReport &report);
    void onCommitted(const QList<StoredEvent> &events);
    // Queues the connection's events to m_store, giving back their share of m_storeBudget.
    void connectStore(DeviceConnection *connection);
    // Lets the connection's back-fill ask m_store where to start and tell it where to resume.
    void connectBackfill(DeviceConnection *connection);

    QThread *m_thread = nullptr;
    // Lives on m_thread, for calls that only need to run there.
    QObject *m_threadContext = nullptr;
    EventStore *m_store = nullptr;
    // A std::vector: written in place from the hub's own thread, never shared or detached.
    std::vector<Device> m_devices;
    QHash<Key, int> m_indexByKey;
    Key m_lastKey = 0;
    // Learnt from events, to credit commits; by key, so that removals do not misdirect them.
    QHash<QString, Key> m_deviceBySerial;
    const IngestBudget::Limits m_ingestLimits;
    // Events on their way to this hub's thread; given back where it hands them on.
    std::shared_ptr<IngestBudget> m_hubBudget;
    // Events on their way to the store; given back once the store took them (setStore).
    std::shared_ptr<IngestBudget> m_storeBudget;
};
