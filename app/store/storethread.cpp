#include "storethread.h"

#include <QThread>

using namespace Qt::StringLiterals;

StoreThread::StoreThread(QObject *parent)
    : QObject(parent)
{
    EventStore::registerMetaTypes();
}

StoreThread::~StoreThread()
{
    stop();
}

bool StoreThread::start(const QString &databasePath, const StoreOptions &options, QString *error)
{
    if (m_store) {
        if (error)
            *error = tr("The store is already running.");
        return false;
    }

    m_thread = new QThread;
    m_thread->setObjectName(u"gatewatch-store"_s);
    m_store = new EventStore(databasePath, options);
    m_store->moveToThread(m_thread);
    // The store is deleted on its own thread once the thread's loop has ended.
    connect(m_thread, &QThread::finished, m_store, &QObject::deleteLater);
    m_thread->start();

    bool ok = false;
    QString openError;
    EventStore *store = m_store;
    QMetaObject::invokeMethod(
        m_store,
        [store, &ok, &openError] {
            ok = store->open();
            openError = store->lastError();
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        stop();
        if (error)
            *error = openError;
        return false;
    }
    // Created once the schema is there; the purger opens its connection on its first purge.
    m_purger = new HistoryPurger(databasePath);
    m_purger->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_purger, &QObject::deleteLater);
    return true;
}

void StoreThread::stop()
{
    if (!m_thread)
        return;
    if (m_purger)
        QMetaObject::invokeMethod(m_purger, &HistoryPurger::stop, Qt::BlockingQueuedConnection);
    // Queued after every event already posted to the store, so those are committed too.
    QMetaObject::invokeMethod(m_store, &EventStore::close, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_store = nullptr;
    m_purger = nullptr;
}
