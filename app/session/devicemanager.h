#pragma once

#include "device/deviceconfig.h"
#include "device/deviceconnection.h"
#include "device/sitedevice.h"

#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

#include <optional>

class CredentialStore;
class DeviceHub;
class QSettings;

// The station's own terminals: the list an operator edits in the settings dialog, kept in
// QSettings (DeviceSettings), with passwords in a CredentialStore, applied live to a DeviceHub.
// Adding connects, disabling disconnects, editing reconnects only that device; every change is
// saved at once. Lives on the hub's thread (the GUI thread).
//
// Devices given on the command line or simulated by --demo are not managed here: they are on
// the hub, but not in this list, and nothing about them is saved.
//
// Each managed device is one hub device (added once its password is known, disabled ones
// too, so that the dashboard lists them as "disabled"). A rename reaches the connection without
// a reconnection: events received from then on are stored under the new name, earlier ones
// keep the name they were received under. Any other change of the connection settings
// (address, TLS, path, login, heartbeat, pins, password) reconnects that device alone.
class DeviceManager final : public QObject
{
    Q_OBJECT

public:
    // Live health of one managed device, as of the hub's last report.
    struct Status final
    {
        ConnectionState state = ConnectionState::Disconnected;
        bool enabled = true;
        // "online", "retrying in 4 s", "failed: …", "disabled", "reading its password",
        // "waiting to connect" (held, see setConnectionsHeld) (translated). A changed
        // certificate reads "failed: certificate changed (SHA-256 AB:…); refused until
        // re-pinned".
        QString text;
        // The device is pinned and presented a certificate that is not one of its pins: it is
        // refused until an operator re-pins it (pinCertificate).
        bool certificateChanged = false;
        // The device presented a certificate that is neither trusted nor pinned (trust on first
        // use: the dialog offers to pin it).
        bool certificateUntrusted = false;
        // The certificate behind either flag.
        QSslCertificate presentedCertificate;
        ConnectionCounters counters;
        // The connection's own words for its state (the whole reason, the address), for a
        // tooltip; empty while it has said nothing.
        QString detail;
    };

    // None of the three is owned; they must outlive the manager. Destroying the manager leaves
    // its devices on the hub (the session destroys the two together).
    DeviceManager(DeviceHub *hub, CredentialStore *credentials, QSettings *settings,
                  QObject *parent = nullptr);
    ~DeviceManager() override;

    // Reads the list from the settings, then each device's password from the credential
    // store, and connects every enabled device as soon as its password is known. Returns
    // problems in words (unreadable entries, a list from a newer GateWatch); every good entry
    // is used regardless. Unreadable entries are kept in the settings; a list from a newer
    // GateWatch is never overwritten (edits then apply for this session only, and each one
    // says so through `problem`). Nothing is saved before load(): a second call does nothing.
    QStringList load();

    CredentialStore *credentials() const { return m_credentials; }
    // Keeps passwords in `store` from now on (not owned; it must outlive the manager), as when
    // an operator without a keychain chooses a file for them: every password known in this
    // session is written to it, so nothing typed before is lost, and passwords not read yet
    // are read from it. credentialsChanged() follows.
    void setCredentials(CredentialStore *store);

    // Settings every managed connection takes beyond its SiteDevice: backoff, timeouts, size
    // cap, token validity and extra CA certificates (name, address, pins, login and heartbeat
    // are the device's own). Applies to connections made or changed from then on; tests
    // shorten the timers.
    void setConnectionDefaults(const DeviceConfig &defaults);
    // While held, the list is loaded and edited as usual but no device is handed to the hub;
    // releasing connects every device whose password is known (and the others as soon as it
    // is). The session holds them until its recent history is in the models, so that nothing
    // arrives twice or out of order.
    void setConnectionsHeld(bool held);
    bool connectionsHeld() const;

    int count() const { return int(m_devices.size()); }
    const QList<SiteDevice> &devices() const { return m_devices; }
    const SiteDevice &device(int row) const { return m_devices.at(row); }
    int rowOf(const QString &id) const; // -1 when there is no such device
    bool hasPassword(const QString &id) const;
    Status status(const QString &id) const;

    // Each edit applies at once and is saved. A device with problems (SiteDevice::problems())
    // is refused as a whole, with the problems joined in *error.
    //
    // Adds a device; it gets a fresh id when its id is empty or already taken. Returns the id,
    // or an empty string with *error.
    QString add(SiteDevice device, const QString &password, QString *error);
    // Replaces the device with the same id. password: nullopt keeps the stored one, an empty
    // string removes it. Reconnects the device only when its connection settings changed.
    bool update(const SiteDevice &device, const std::optional<QString> &password, QString *error);
    // Disconnects it and forgets it, with its password.
    void remove(const QString &id);
    void setEnabled(const QString &id, bool enabled);
    // The same for several devices, with the list saved once: one save per device would
    // write a whole site's list hundreds of times (seconds, for 300 devices).
    void remove(const QStringList &ids);
    void setEnabled(const QStringList &ids, bool enabled);
    // The operator trusts this certificate for the device: it replaces the device's pins (an
    // explicit re-pin after "certificate changed"), and the device reconnects.
    void pinCertificate(const QString &id, const QByteArray &sha256);
    void removePin(const QString &id, const QByteArray &sha256);
    // Adds every device of an imported list (ids already present get fresh ones). Returns how
    // many were added; devices that are refused are named in *problems.
    int importDevices(const QList<SiteDevice> &devices, QStringList *problems);

    // The connection settings (with password) of the managed device that sends events under
    // `deviceName`, for the detail view and door control.
    std::optional<DeviceConfig> configForName(const QString &deviceName) const;

signals:
    // Rows are announced before and after they change, so a model over the manager can follow.
    void deviceAboutToBeAdded(int row);
    void deviceAdded(int row);
    void deviceAboutToBeRemoved(int row);
    void deviceRemoved(int row);
    // The settings of the device at `row` changed (edit, enable, pins).
    void deviceChanged(int row);
    // Its live status changed (state, counters, certificate flags).
    void statusChanged(int row);
    // setCredentials() replaced the store passwords are kept in.
    void credentialsChanged();
    // Saving the list or a password failed, a password could not be read, or a change is not
    // saved because the list is from a newer GateWatch; in words.
    void problem(const QString &message);

private:
    struct Private;
    DeviceConfig configFor(int row) const;
    // Adds a checked device without saving; returns its id.
    QString insert(SiteDevice device, const QString &password);
    void readPassword(int row);
    // Hands the device at `row` to the hub once it may connect, or gives the hub its new
    // settings.
    void apply(int row);
    void save();
    void endBatch();
    void reindex(int fromRow);
    void onHubStatus(int index);

    QList<SiteDevice> m_devices;
    DeviceHub *m_hub = nullptr;
    CredentialStore *m_credentials = nullptr;
    QSettings *m_settings = nullptr;
    Private *d = nullptr;
};
