#pragma once

#include "device/deviceconfig.h"
#include "event/alertrules.h"
#include "store/acknowledgement.h"
#include "store/eventstore.h"
#include "store/retentionpolicy.h"

#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class AlertModel;
class CredentialStore;
class DeviceHub;
class DeviceManager;
class DeviceModel;
class DeviceSimulator;
class QSettings;
class QThread;
class RecognitionModel;
class StoreThread;
struct RecognitionEvent;

struct SessionOptions final
{
    QString databasePath;
    // Devices from the command line: connected, but not managed (nothing about them is saved).
    QList<DeviceConfig> devices;
    // Where the station's own device list is kept (DeviceSettings' group "devices"); not
    // owned, must outlive the session. Null: the session has no DeviceManager.
    QSettings *deviceSettings = nullptr;
    // Where their passwords are; not owned. Null: a SessionCredentialStore of the session's
    // own (passwords kept until it ends).
    CredentialStore *credentials = nullptr;
    // Simulated terminals started in-process (TLS, their certificate pinned, login required),
    // on a thread of their own.
    int demoDevices = 0;
    double demoRate = 1.0; // events per second per simulated device
    // How many of the most recent stored events the live view starts with.
    int initialEvents = 500;
    // How far back unacknowledged alerts are looked for at start-up, and how many events at
    // most are looked at for them.
    int alertLookbackHours = 24;
    int alertLookbackEvents = 5000;
    // How long history is kept; applied in the background from start() on.
    RetentionPolicy retention;
};

// Everything the dashboard watches, without any widget: the store on its thread, the devices
// on the network thread, and the live models on this (the GUI) thread. start() opens the
// database, then reads the most recent events on a worker thread; only when they are in the
// models do the devices connect, so that nothing arrives twice or out of order.
class MonitorSession final : public QObject
{
    Q_OBJECT

public:
    explicit MonitorSession(SessionOptions options, QObject *parent = nullptr);
    ~MonitorSession() override; // stops

    const SessionOptions &options() const { return m_options; }
    QString databasePath() const { return m_options.databasePath; }
    bool isDemo() const { return m_options.demoDevices > 0; }

    RecognitionModel *recognitions() const { return m_recognitions; }
    AlertModel *alerts() const { return m_alerts; }
    DeviceModel *devices() const { return m_devices; }
    DeviceHub *hub() const { return m_hub.get(); }
    // The station's own devices, for the settings dialog; null without
    // SessionOptions::deviceSettings. Its list is read by start(), and its devices connect
    // with the command line's once recent history is in the models.
    DeviceManager *deviceManager() const { return m_deviceManager.get(); }
    // What start() found wrong with the saved device list (unreadable entries, a list from a
    // newer GateWatch), in words; the good entries are used regardless.
    QStringList deviceListProblems() const { return m_deviceListProblems; }
    // The store on its thread while started, else nullptr: call its slots queued.
    EventStore *store() const;

    // How long history is kept. A changed policy applies at once (a purge starts); it is the
    // caller's to keep it (RetentionSettings).
    RetentionPolicy retentionPolicy() const { return m_options.retention; }
    void setRetentionPolicy(const RetentionPolicy &policy);

    // The name acknowledgements are given under.
    QString operatorName() const { return m_operatorName; }
    void setOperatorName(const QString &name);
    // Which reasons raise an alert, for the alert list and the live view's marks.
    void setAlertReasons(AlertRules::Reasons reasons);

    // Opens the database (waiting for it) and starts reading recent history; loaded() follows.
    // Returns false with *error when the database cannot be opened.
    bool start(QString *error);
    bool isLoaded() const { return m_loaded; }
    // False while the store cannot write the database (a full disk, a read-only file
    // system...): what arrives is held in memory meanwhile (heldEvents) and stored when it can
    // write again. recordingProblem() is the store's message: which file, why, what to do.
    bool isRecording() const { return m_recording; }
    QString recordingProblem() const { return m_recordingProblem; }
    HeldEvents heldEvents() const { return m_held; }
    // Disconnects every device and commits everything received. Safe to call twice.
    void stop();

    // The configuration (with password) of the device that received `event` (by its configured
    // name): a managed device first, then the command line's and the demo's; for the detail
    // view's enrolled photo. nullopt when unknown.
    std::optional<DeviceConfig> deviceFor(const RecognitionEvent &event) const;

signals:
    // Recent history is in the models (or could not be read: `error` says why, and the live
    // view starts empty) and the devices are connecting.
    void loaded(const QString &error);
    void storeError(const QString &message);
    // Recording stopped (false; `message` says why) or resumed (true; `message` says how many
    // held events were stored and what could not be kept). Once each, not at every retry.
    void recordingChanged(bool recording, const QString &message);
    // While recording is stopped: what is held, and what could not be kept.
    void heldEventsChanged(const HeldEvents &held);
    void acknowledgementsStored(const QList<Acknowledgement> &acknowledgements);
    // A retention purge ran (report.error says why it stopped early, if it did).
    void historyPurged(const PurgeReport &report);

private:
    struct History;
    static History readHistory(const QString &databasePath, int initialEvents, int lookbackHours,
                               int lookbackEvents);
    bool startDemo(QString *error);
    void stopDemo();
    void onHistoryRead();
    void connectDevices();

    SessionOptions m_options;
    QString m_operatorName;
    std::unique_ptr<StoreThread> m_storeThread;
    std::unique_ptr<DeviceHub> m_hub;
    // Destroyed before the hub it edits and the store it reads passwords from.
    std::unique_ptr<CredentialStore> m_ownCredentials;
    std::unique_ptr<DeviceManager> m_deviceManager;
    QStringList m_deviceListProblems;
    RecognitionModel *m_recognitions = nullptr;
    AlertModel *m_alerts = nullptr;
    DeviceModel *m_devices = nullptr;
    QThread *m_demoThread = nullptr;
    DeviceSimulator *m_simulator = nullptr; // lives on m_demoThread
    QFutureWatcher<std::shared_ptr<History>> m_historyWatcher;
    bool m_loaded = false;
    bool m_stopped = false;
    bool m_recording = true;
    QString m_recordingProblem;
    HeldEvents m_held;
};
