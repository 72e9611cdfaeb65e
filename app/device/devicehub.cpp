#include "devicehub.h"

#include "store/eventstore.h"

#include <QThread>

using namespace Qt::StringLiterals;

DeviceHub::DeviceHub(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
{
    m_thread->setObjectName(u"gatewatch-network"_s);
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
    connect(store, &EventStore::committed, this, &DeviceHub::onCommitted);
    for (const Device &device : std::as_const(m_devices))
        connect(device.connection, &DeviceConnection::eventReceived, store, &EventStore::addEvent);
}

int DeviceHub::addDevice(const DeviceConfig &config)
{
    const int index = int(m_devices.size());
    auto *connection = new DeviceConnection(config);
    connection->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, connection, &QObject::deleteLater);
    Device entry;
    entry.config = config;
    entry.connection = connection;
    m_devices.push_back(entry);

    // Context `connection`: runs on the network thread, where the retry time and the reason
    // can be read, and hands them to the hub's thread with the state.
    connect(connection, &DeviceConnection::stateChanged, connection,
            [this, index, connection](ConnectionState state, const QString &text) {
                const int retryInSeconds = connection->retryInSeconds();
                QMetaObject::invokeMethod(
                    this,
                    [this, index, state, text, lastError = connection->lastError(),
                     retryDeadline = retryInSeconds > 0
                         ? QDeadlineTimer(qint64(retryInSeconds) * 1000)
                         : QDeadlineTimer(QDeadlineTimer::Forever)] {
                        Device &device = m_devices[index];
                        device.state = state;
                        device.stateText = text;
                        device.lastError = lastError;
                        device.retryDeadline = retryDeadline;
                        emit deviceStateChanged(index, state, text);
                    },
                    Qt::QueuedConnection);
            });
    connect(connection, &DeviceConnection::eventReceived, this,
            [this, index](const RecognitionEvent &event) {
                if (!event.deviceSn.isEmpty())
                    m_deviceBySerial.insert(event.deviceSn, index);
                emit eventReceived(index, event);
            });
    connect(connection, &DeviceConnection::frameRejected, this,
            [this, index](const QString &reason) { emit frameRejected(index, reason); });
    // Context `connection`: runs on the network thread, where reading the counters is safe,
    // and hands a copy to the hub's thread.
    connect(connection, &DeviceConnection::countersChanged, connection, [this, index, connection] {
        QMetaObject::invokeMethod(
            this,
            [this, index, counters = connection->counters()] {
                m_devices[index].counters = counters;
                emit countersChanged(index, counters);
            },
            Qt::QueuedConnection);
    });
    if (m_store)
        connect(connection, &DeviceConnection::eventReceived, m_store, &EventStore::addEvent);

    QMetaObject::invokeMethod(connection, &DeviceConnection::start, Qt::QueuedConnection);
    emit deviceAdded(index);
    return index;
}

int DeviceHub::deviceRetryInSeconds(int index) const
{
    const Device &device = m_devices.at(index);
    if (device.retryDeadline.isForever()
        || (device.state != ConnectionState::WaitingToRetry
            && device.state != ConnectionState::Failed))
        return 0;
    return int((device.retryDeadline.remainingTime() + 999) / 1000);
}

void DeviceHub::stopAll()
{
    for (const Device &device : std::as_const(m_devices)) {
        if (m_thread->isRunning())
            QMetaObject::invokeMethod(device.connection, &DeviceConnection::stop,
                                      Qt::BlockingQueuedConnection);
    }
}

void DeviceHub::onCommitted(const QList<StoredEvent> &events)
{
    QHash<int, int> perDevice;
    for (const StoredEvent &stored : events) {
        const auto it = m_deviceBySerial.constFind(stored.deviceSn);
        if (it != m_deviceBySerial.cend())
            ++perDevice[*it];
    }
    for (auto it = perDevice.cbegin(); it != perDevice.cend(); ++it) {
        DeviceConnection *connection = m_devices.at(it.key()).connection;
        const int count = it.value();
        QMetaObject::invokeMethod(
            connection, [connection, count] { connection->noteStored(count); },
            Qt::QueuedConnection);
    }
}
