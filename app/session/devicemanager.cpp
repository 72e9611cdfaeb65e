#include "devicemanager.h"

#include "device/credentialstore.h"
#include "device/devicehub.h"
#include "device/devicesettings.h"

#include <QLoggingCategory>
#include <QSettings>
#include <QUuid>

#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcManager, "gatewatch.devices")
} // namespace

struct DeviceManager::Private
{
    // Beside each SiteDevice of m_devices, same row.
    struct Entry
    {
        DeviceHub::Key hubKey = 0; // 0 until handed to the hub
        QString password;
        // The password is what the credential store holds (read, or given since). A device
        // without a username connects without it being read.
        bool passwordKnown = false;
    };

    std::vector<Entry> entries;
    QHash<QString, int> rowById;
    QHash<DeviceHub::Key, int> rowByKey;
    QStringList unreadable;
    DeviceConfig defaults;
    bool loaded = false;
    bool tooNew = false;
    bool held = false;
    // Inside a batch (remove or enable several) saving waits until its end.
    bool batch = false;
    bool savePending = false;
};

DeviceManager::DeviceManager(DeviceHub *hub, CredentialStore *credentials, QSettings *settings,
                             QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_credentials(credentials)
    , m_settings(settings)
    , d(new Private)
{
    connect(hub, &DeviceHub::deviceStateChanged, this,
            [this](int index, ConnectionState, const QString &) { onHubStatus(index); });
    connect(hub, &DeviceHub::countersChanged, this,
            [this](int index, const ConnectionCounters &) { onHubStatus(index); });
}

DeviceManager::~DeviceManager()
{
    delete d;
}

void DeviceManager::setConnectionDefaults(const DeviceConfig &defaults)
{
    d->defaults = defaults;
}

void DeviceManager::setConnectionsHeld(bool held)
{
    if (d->held == held)
        return;
    d->held = held;
    if (held)
        return;
    for (int row = 0; row < count(); ++row)
        apply(row);
}

bool DeviceManager::connectionsHeld() const
{
    return d->held;
}

QStringList DeviceManager::load()
{
    if (d->loaded)
        return {};
    d->loaded = true;
    DeviceSettings::Loaded loaded = DeviceSettings::load(*m_settings);
    d->unreadable = loaded.unreadable;
    d->tooNew = loaded.tooNew;
    const bool editedBefore = !m_devices.isEmpty();
    for (SiteDevice &device : loaded.devices) {
        // Ids key the passwords: two entries (a hand-edited file) must not share one.
        if (d->rowById.contains(device.id))
            device.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const int row = count();
        emit deviceAboutToBeAdded(row);
        m_devices.append(device);
        d->entries.push_back({});
        d->rowById.insert(device.id, row);
        emit deviceAdded(row);
        if (device.username.isEmpty())
            apply(row);
        else
            readPassword(row);
    }
    for (const QString &problem : std::as_const(loaded.problems))
        qCWarning(lcManager).noquote() << problem;
    // Devices added before the list was read were not saved (it would have replaced the list).
    if (editedBefore)
        save();
    return loaded.problems;
}

void DeviceManager::readPassword(int row)
{
    const QString id = m_devices.at(row).id;
    m_credentials->readPassword(
        id, this, [this, id](const std::optional<QString> &password, const QString &error) {
            const int at = rowOf(id);
            if (at < 0)
                return; // removed meanwhile
            Private::Entry &entry = d->entries[std::size_t(at)];
            if (entry.passwordKnown)
                return; // given meanwhile by an edit
            entry.passwordKnown = true;
            entry.password = password.value_or(QString());
            if (!error.isEmpty()) {
                // It still connects: the failed login then shows in its state.
                emit problem(tr("The password of %1 could not be read: %2")
                                 .arg(m_devices.at(at).name, error));
            }
            apply(at);
            emit statusChanged(at);
        });
}

void DeviceManager::setCredentials(CredentialStore *store)
{
    if (!store || store == m_credentials)
        return;
    m_credentials = store;
    for (int row = 0; row < count(); ++row) {
        const Private::Entry &entry = d->entries[std::size_t(row)];
        const SiteDevice &device = m_devices.at(row);
        if (!entry.passwordKnown) {
            // Still being read from the old store, or never asked: the new one answers.
            if (!device.username.isEmpty())
                readPassword(row);
            continue;
        }
        if (entry.password.isEmpty())
            continue;
        m_credentials->writePassword(
            device.id, entry.password, this, [this, name = device.name](const QString &error) {
                if (!error.isEmpty())
                    emit problem(tr("The password of %1 could not be saved: %2").arg(name, error));
            });
    }
    emit credentialsChanged();
}

DeviceConfig DeviceManager::configFor(int row) const
{
    const DeviceConfig &defaults = d->defaults;
    DeviceConfig config = m_devices.at(row).toConfig(d->entries[std::size_t(row)].password);
    config.caCertificates = defaults.caCertificates;
    config.maxIncomingMessageBytes = defaults.maxIncomingMessageBytes;
    config.backoff = defaults.backoff;
    config.loginValidMinutes = defaults.loginValidMinutes;
    config.tokenRenewalMs = defaults.tokenRenewalMs;
    config.handshakeTimeoutMs = defaults.handshakeTimeoutMs;
    config.requestTimeoutMs = defaults.requestTimeoutMs;
    return config;
}

void DeviceManager::apply(int row)
{
    const SiteDevice &device = m_devices.at(row);
    Private::Entry &entry = d->entries[std::size_t(row)];
    if (entry.hubKey != 0) {
        m_hub->updateDevice(entry.hubKey, configFor(row));
        m_hub->setDeviceEnabled(entry.hubKey, device.enabled);
        return;
    }
    if (d->held || (!entry.passwordKnown && !device.username.isEmpty()))
        return;
    entry.hubKey = m_hub->addDevice(configFor(row), device.enabled);
    d->rowByKey.insert(entry.hubKey, row);
}

void DeviceManager::onHubStatus(int index)
{
    const int row = d->rowByKey.value(m_hub->deviceKey(index), -1);
    if (row >= 0)
        emit statusChanged(row);
}

int DeviceManager::rowOf(const QString &id) const
{
    return d->rowById.value(id, -1);
}

bool DeviceManager::hasPassword(const QString &id) const
{
    const int row = rowOf(id);
    return row >= 0 && !d->entries[std::size_t(row)].password.isEmpty();
}

DeviceManager::Status DeviceManager::status(const QString &id) const
{
    Status status;
    const int row = rowOf(id);
    if (row < 0)
        return status;
    const SiteDevice &device = m_devices.at(row);
    const Private::Entry &entry = d->entries[std::size_t(row)];
    status.enabled = device.enabled;
    const int index = entry.hubKey != 0 ? m_hub->indexOf(entry.hubKey) : -1;
    if (index >= 0) {
        status.state = m_hub->deviceState(index);
        status.counters = m_hub->deviceCounters(index);
        status.detail = m_hub->deviceStateText(index);
    }
    if (!device.enabled) {
        // The connection reports Disconnected a moment later; the flags go with it.
        status.state = ConnectionState::Disconnected;
        status.text = tr("disabled");
        return status;
    }
    if (index < 0) {
        status.text = d->held || entry.passwordKnown || device.username.isEmpty()
            ? tr("waiting to connect")
            : tr("reading its password");
        return status;
    }
    const TlsTrust::Refusal refusal = m_hub->deviceCertificateRefusal(index);
    status.certificateChanged = refusal == TlsTrust::Refusal::Changed;
    status.certificateUntrusted = refusal == TlsTrust::Refusal::Untrusted;
    if (status.certificateChanged || status.certificateUntrusted)
        status.presentedCertificate = m_hub->deviceRefusedCertificate(index);
    status.text = DeviceConnection::describeState(status.state, m_hub->deviceRetryInSeconds(index),
                                                  m_hub->deviceLastError(index));
    return status;
}

QString DeviceManager::insert(SiteDevice device, const QString &password)
{
    if (device.id.isEmpty() || d->rowById.contains(device.id))
        device.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const int row = count();
    emit deviceAboutToBeAdded(row);
    m_devices.append(device);
    Private::Entry entry;
    entry.password = password;
    entry.passwordKnown = true;
    d->entries.push_back(entry);
    d->rowById.insert(device.id, row);
    emit deviceAdded(row);
    if (!password.isEmpty()) {
        m_credentials->writePassword(
            device.id, password, this, [this, name = device.name](const QString &error) {
                if (!error.isEmpty())
                    emit problem(tr("The password of %1 could not be saved: %2").arg(name, error));
            });
    }
    apply(row);
    return device.id;
}

QString DeviceManager::add(SiteDevice device, const QString &password, QString *error)
{
    if (const QStringList problems = device.problems(); !problems.isEmpty()) {
        if (error)
            *error = problems.join(u'\n');
        return {};
    }
    QString id = insert(std::move(device), password);
    save();
    return id;
}

int DeviceManager::importDevices(const QList<SiteDevice> &devices, QStringList *problems)
{
    int added = 0;
    for (const SiteDevice &device : devices) {
        if (const QStringList found = device.problems(); !found.isEmpty()) {
            if (problems)
                problems->append(tr("%1: %2").arg(
                    device.name.isEmpty() ? tr("a device without a name") : device.name,
                    found.join(u"; "_s)));
            continue;
        }
        insert(device, QString());
        ++added;
    }
    // Once for the whole list: each save writes every device.
    if (added > 0)
        save();
    return added;
}

bool DeviceManager::update(const SiteDevice &device, const std::optional<QString> &password,
                           QString *error)
{
    const int row = rowOf(device.id);
    if (row < 0) {
        if (error)
            *error = tr("there is no device with the id %1").arg(device.id);
        return false;
    }
    if (const QStringList problems = device.problems(); !problems.isEmpty()) {
        if (error)
            *error = problems.join(u'\n');
        return false;
    }
    Private::Entry &entry = d->entries[std::size_t(row)];
    const bool needsPassword = !device.username.isEmpty() && !entry.passwordKnown && !password;
    if (password) {
        entry.password = *password;
        entry.passwordKnown = true;
        const auto report = [this, name = device.name](const QString &failure) {
            if (!failure.isEmpty())
                emit problem(tr("The password of %1 could not be saved: %2").arg(name, failure));
        };
        if (password->isEmpty())
            m_credentials->removePassword(device.id, this, report);
        else
            m_credentials->writePassword(device.id, *password, this, report);
    }
    m_devices[row] = device;
    apply(row);
    // A login was added to a device whose password was never needed: the stored one (if any)
    // is read, and the device (re)connects with it.
    if (needsPassword)
        readPassword(row);
    emit deviceChanged(row);
    emit statusChanged(row);
    save();
    return true;
}

void DeviceManager::remove(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    const DeviceHub::Key key = d->entries[std::size_t(row)].hubKey;
    const QString name = m_devices.at(row).name;
    emit deviceAboutToBeRemoved(row);
    m_devices.removeAt(row);
    d->entries.erase(d->entries.begin() + row);
    d->rowById.remove(id);
    d->rowByKey.remove(key);
    reindex(row);
    emit deviceRemoved(row);
    if (key != 0)
        m_hub->removeDevice(key);
    m_credentials->removePassword(id, this, [this, name](const QString &error) {
        if (!error.isEmpty())
            emit problem(tr("The password of %1 could not be removed: %2").arg(name, error));
    });
    save();
}

void DeviceManager::remove(const QStringList &ids)
{
    d->batch = true;
    for (const QString &id : ids)
        remove(id);
    endBatch();
}

void DeviceManager::setEnabled(const QStringList &ids, bool enabled)
{
    d->batch = true;
    for (const QString &id : ids)
        setEnabled(id, enabled);
    endBatch();
}

void DeviceManager::endBatch()
{
    d->batch = false;
    if (std::exchange(d->savePending, false))
        save();
}

void DeviceManager::reindex(int fromRow)
{
    for (int row = fromRow; row < count(); ++row) {
        d->rowById.insert(m_devices.at(row).id, row);
        if (const DeviceHub::Key key = d->entries[std::size_t(row)].hubKey; key != 0)
            d->rowByKey.insert(key, row);
    }
}

void DeviceManager::setEnabled(const QString &id, bool enabled)
{
    const int row = rowOf(id);
    if (row < 0 || m_devices.at(row).enabled == enabled)
        return;
    m_devices[row].enabled = enabled;
    apply(row);
    emit deviceChanged(row);
    emit statusChanged(row);
    save();
}

void DeviceManager::pinCertificate(const QString &id, const QByteArray &sha256)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    if (sha256.size() != 32) {
        emit problem(tr("%1: a SHA-256 fingerprint has 32 bytes, not %2")
                         .arg(m_devices.at(row).name)
                         .arg(sha256.size()));
        return;
    }
    m_devices[row].pinnedSha256 = { sha256 };
    apply(row);
    emit deviceChanged(row);
    emit statusChanged(row);
    save();
}

void DeviceManager::removePin(const QString &id, const QByteArray &sha256)
{
    const int row = rowOf(id);
    if (row < 0 || m_devices[row].pinnedSha256.removeAll(sha256) == 0)
        return;
    apply(row);
    emit deviceChanged(row);
    emit statusChanged(row);
    save();
}

std::optional<DeviceConfig> DeviceManager::configForName(const QString &deviceName) const
{
    for (int row = 0; row < count(); ++row) {
        if (m_devices.at(row).name == deviceName)
            return configFor(row);
    }
    return std::nullopt;
}

void DeviceManager::save()
{
    if (!d->loaded)
        return; // load() saves what was added before it, with the stored list
    if (d->batch) {
        d->savePending = true;
        return;
    }
    if (d->tooNew) {
        emit problem(tr("The device list was saved by a newer GateWatch: this change applies "
                        "until GateWatch exits, but it is not saved."));
        return;
    }
    DeviceSettings::save(*m_settings, m_devices, d->unreadable);
    m_settings->sync();
    switch (m_settings->status()) {
    case QSettings::NoError:
        return;
    case QSettings::AccessError:
        emit problem(tr("The device list could not be saved: %1 cannot be written.")
                         .arg(m_settings->fileName()));
        return;
    case QSettings::FormatError:
        emit problem(tr("The device list could not be saved: %1 is not a settings file this "
                        "GateWatch can write.")
                         .arg(m_settings->fileName()));
        return;
    }
}
