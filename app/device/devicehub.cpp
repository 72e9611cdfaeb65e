#include "devicehub.h"

#include "store/eventstore.h"

#include <QMutex>
#include <QThread>

#include <optional>

using namespace Qt::StringLiterals;

namespace {
// The latest counters of one connection, waiting for the hub's thread: at most one update per
// device is on its way however fast the counters change.
struct CountersMailbox
{
    QMutex mutex;
    std::optional<ConnectionCounters> latest;
};
} // namespace

DeviceHub::DeviceHub(QObject *parent, IngestBudget::Limits ingestLimits)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_threadContext(new QObject)
    , m_ingestLimits(ingestLimits)
    , m_hubBudget(std::make_shared<IngestBudget>(ingestLimits))
{
    m_thread->setObjectName(u"gatewatch-network"_s);
    m_threadContext->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_threadContext, &QObject::deleteLater);
    m_thread->start();
}

DeviceHub::~DeviceHub()
{
    stopAll();
    m_thread->quit();
    m_thread->wait();
}

void DeviceHub::setStore(EventStore *store)
{
    m_store = store;
    m_storeBudget = std::make_shared<IngestBudget>(m_ingestLimits);
    connect(store, &EventStore::committed, this, &DeviceHub::onCommitted);
    for (const Device &device : std::as_const(m_devices)) {
        DeviceConnection *connection = device.connection;
        connectStore(connection);
        // After the connection to the store: an event handed on in between is given back
        // without having been taken, which the budget ignores.
        QMetaObject::invokeMethod(
            connection,
            [connection, budget = m_storeBudget] { connection->addIngestBudget(budget); },
            Qt::QueuedConnection);
        connectBackfill(connection);
    }
}

void DeviceHub::connectStore(DeviceConnection *connection)
{
    EventStore *store = m_store;
    connect(connection, &DeviceConnection::eventReceived, store,
            [store, budget = m_storeBudget](const RecognitionEvent &event) {
                store->addEvent(event);
                budget->giveBack(IngestBudget::costOf(event));
            });
}

IngestBudget::Figures DeviceHub::storeIngest() const
{
    return m_storeBudget ? m_storeBudget->figures() : IngestBudget::Figures {};
}

IngestBudget::Figures DeviceHub::hubIngest() const
{
    return m_hubBudget->figures();
}

void DeviceHub::connectBackfill(DeviceConnection *connection)
{
    DeviceBackfill *backfill = connection->backfill();
    // Network thread → store thread and back, queued both ways. Every back-fill hears every
    // answer and keeps its own (by request id): answers are rare, one per reconnection.
    connect(backfill, &DeviceBackfill::startPointNeeded, m_store, &EventStore::findBackfillStart);
    connect(m_store, &EventStore::backfillStartFound, backfill, &DeviceBackfill::onStartPointFound);
    // Queued like the events before it, from the same thread: the store sees it after them.
    connect(backfill, &DeviceBackfill::resumePointChanged, m_store,
            &EventStore::setBackfillResumePoint);
    // Queued: before a start() queued after it.
    QMetaObject::invokeMethod(
        backfill, [backfill] { backfill->setStoreAvailable(true); }, Qt::QueuedConnection);
}

DeviceHub::Key DeviceHub::addDevice(const DeviceConfig &config, bool enabled)
{
    const Key key = ++m_lastKey;
    auto *connection = new DeviceConnection(config);
    connection->addIngestBudget(m_hubBudget);
    if (m_storeBudget)
        connection->addIngestBudget(m_storeBudget);
    connection->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, connection, &QObject::deleteLater);
    Device entry;
    entry.key = key;
    entry.config = config;
    entry.enabled = enabled;
    entry.connection = connection;
    const int added = int(m_devices.size());
    m_devices.push_back(entry);
    m_indexByKey.insert(key, added);

    // The lambdas find the device by key when they run: rows move when others are removed,
    // and the device itself may be gone by then.
    //
    // Context `connection`: runs on the network thread, where the retry time, the reason and
    // the refused certificate can be read, and hands them to the hub's thread with the state.
    connect(connection, &DeviceConnection::stateChanged, connection,
            [this, key, connection](ConnectionState state, const QString &text) {
                StateReport report;
                report.state = state;
                report.text = text;
                report.lastError = connection->lastError();
                report.certificateRefusal = connection->certificateRefusal();
                report.refusedCertificate = connection->refusedCertificate();
                const int retryInSeconds = connection->retryInSeconds();
                if (retryInSeconds > 0)
                    report.retryDeadline = QDeadlineTimer(qint64(retryInSeconds) * 1000);
                QMetaObject::invokeMethod(
                    this, [this, key, report] { applyState(key, report); }, Qt::QueuedConnection);
            });
    connect(connection, &DeviceConnection::eventReceived, this,
            [this, key](const RecognitionEvent &event) {
                const int index = indexOf(key);
                if (index >= 0 && !event.deviceSn.isEmpty())
                    m_deviceBySerial.insert(event.deviceSn, key);
                emit eventReceived(index, event);
                m_hubBudget->giveBack(IngestBudget::costOf(event));
            });
    connect(connection, &DeviceConnection::frameRejected, this, [this, key](const QString &reason) {
        if (const int index = indexOf(key); index >= 0)
            emit frameRejected(index, reason);
    });
    // Context `connection`: runs on the network thread, where reading the counters is safe,
    // and hands a copy to the hub's thread.
    // Counters change with every event; only the latest waits, in the mailbox, and one call
    // at a time is queued for it.
    auto mailbox = std::make_shared<CountersMailbox>();
    connect(connection, &DeviceConnection::countersChanged, connection,
            [this, key, connection, mailbox] {
                {
                    const QMutexLocker lock(&mailbox->mutex);
                    const bool queued = mailbox->latest.has_value();
                    mailbox->latest = connection->counters();
                    if (queued)
                        return;
                }
                QMetaObject::invokeMethod(
                    this,
                    [this, key, mailbox] {
                        ConnectionCounters counters;
                        {
                            const QMutexLocker lock(&mailbox->mutex);
                            counters = *mailbox->latest;
                            mailbox->latest.reset();
                        }
                        const int index = indexOf(key);
                        if (index < 0)
                            return;
                        m_devices[std::size_t(index)].counters = counters;
                        emit countersChanged(index, counters);
                    },
                    Qt::QueuedConnection);
            });
    // Context `backfill`: as for the counters, a copy goes to the hub's thread.
    DeviceBackfill *backfill = connection->backfill();
    connect(backfill, &DeviceBackfill::progressChanged, backfill,
            [this, key](const BackfillProgress &progress) {
                QMetaObject::invokeMethod(
                    this,
                    [this, key, progress] {
                        const int index = indexOf(key);
                        if (index < 0)
                            return;
                        m_devices[std::size_t(index)].backfill = progress;
                        emit backfillChanged(index, progress);
                    },
                    Qt::QueuedConnection);
            });
    if (m_store) {
        connectStore(connection);
        connectBackfill(connection);
    }

    if (enabled)
        QMetaObject::invokeMethod(connection, &DeviceConnection::start, Qt::QueuedConnection);
    emit deviceAdded(added);
    return key;
}

void DeviceHub::applyState(Key key, const StateReport &report)
{
    const int index = indexOf(key);
    if (index < 0)
        return;
    Device &device = m_devices[std::size_t(index)];
    device.state = report.state;
    device.stateText = report.text;
    device.lastError = report.lastError;
    device.certificateRefusal = report.certificateRefusal;
    device.refusedCertificate = report.refusedCertificate;
    device.retryDeadline = report.retryDeadline;
    emit deviceStateChanged(index, report.state, report.text);
}

void DeviceHub::removeDevice(Key key)
{
    const int index = indexOf(key);
    if (index < 0)
        return;
    DeviceConnection *connection = m_devices[std::size_t(index)].connection;
    emit deviceAboutToBeRemoved(index);
    m_devices.erase(m_devices.begin() + index);
    m_indexByKey.remove(key);
    for (auto row = std::size_t(index); row < m_devices.size(); ++row)
        m_indexByKey.insert(m_devices[row].key, int(row));
    m_deviceBySerial.removeIf(
        [key](const QHash<QString, Key>::iterator &it) { return it.value() == key; });
    // Stopped and deleted where it lives. What it emitted before is already queued to the
    // store and to this thread (where it now finds no device, see addDevice).
    QMetaObject::invokeMethod(
        connection,
        [connection] {
            connection->stop();
            connection->deleteLater();
        },
        Qt::QueuedConnection);
    emit deviceRemoved(index);
}

void DeviceHub::updateDevice(Key key, const DeviceConfig &config)
{
    const int index = indexOf(key);
    if (index < 0)
        return;
    Device &device = m_devices[std::size_t(index)];
    if (device.config == config)
        return;
    DeviceConfig renamed = device.config;
    renamed.name = config.name;
    DeviceConnection *connection = device.connection;
    if (renamed == config) {
        QMetaObject::invokeMethod(
            connection, [connection, name = config.name] { connection->setName(name); },
            Qt::QueuedConnection);
    } else {
        // Restarts it only if it runs: a disabled device just takes the settings.
        QMetaObject::invokeMethod(
            connection, [connection, config] { connection->reconfigure(config); },
            Qt::QueuedConnection);
    }
    device.config = config;
    emit deviceChanged(index);
}

void DeviceHub::setDeviceEnabled(Key key, bool enabled)
{
    const int index = indexOf(key);
    if (index < 0)
        return;
    Device &device = m_devices[std::size_t(index)];
    if (device.enabled == enabled)
        return;
    device.enabled = enabled;
    DeviceConnection *connection = device.connection;
    if (enabled)
        QMetaObject::invokeMethod(connection, &DeviceConnection::start, Qt::QueuedConnection);
    else
        QMetaObject::invokeMethod(connection, &DeviceConnection::stop, Qt::QueuedConnection);
    emit deviceChanged(index);
}

int DeviceHub::deviceRetryInSeconds(int index) const
{
    const Device &device = this->device(index);
    if (device.retryDeadline.isForever()
        || (device.state != ConnectionState::WaitingToRetry
            && device.state != ConnectionState::Failed))
        return 0;
    return int((device.retryDeadline.remainingTime() + 999) / 1000);
}

void DeviceHub::stopAll()
{
    if (!m_thread->isRunning())
        return;
    // The network thread may be waiting for this thread to take events (or for a store that
    // has stopped): nothing waits while this one waits for the network thread.
    m_hubBudget->close();
    if (m_storeBudget)
        m_storeBudget->close();
    for (const Device &device : std::as_const(m_devices))
        QMetaObject::invokeMethod(device.connection, &DeviceConnection::stop,
                                  Qt::BlockingQueuedConnection);
    // Devices removed just before are stopped by calls queued earlier on the same thread;
    // waiting for this one means they have run too.
    QMetaObject::invokeMethod(
        m_threadContext, [] {}, Qt::BlockingQueuedConnection);
    m_hubBudget->open();
    if (m_storeBudget)
        m_storeBudget->open();
}

void DeviceHub::onCommitted(const QList<StoredEvent> &events)
{
    QHash<Key, int> perDevice;
    for (const StoredEvent &stored : events) {
        const auto it = m_deviceBySerial.constFind(stored.deviceSn);
        if (it != m_deviceBySerial.cend())
            ++perDevice[*it];
    }
    for (auto it = perDevice.cbegin(); it != perDevice.cend(); ++it) {
        const int index = indexOf(it.key());
        if (index < 0)
            continue; // removed since
        DeviceConnection *connection = m_devices[std::size_t(index)].connection;
        const int count = it.value();
        QMetaObject::invokeMethod(
            connection, [connection, count] { connection->noteStored(count); },
            Qt::QueuedConnection);
    }
}
