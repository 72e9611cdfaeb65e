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
    m_devices.append(Device { config, connection, ConnectionState::Disconnected, {}, {} });

    // Queued by thread affinity: the connection emits on the network thread.
    connect(connection, &DeviceConnection::stateChanged, this,
            [this, index](ConnectionState state, const QString &text) {
                m_devices[index].state = state;
                m_devices[index].stateText = text;
                emit deviceStateChanged(index, state, text);
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
    return index;
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
