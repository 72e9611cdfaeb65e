#pragma once

#include "eventstore.h"
#include "historypurger.h"

#include <QObject>
#include <QString>

class QThread;

// Owns the store's thread and the EventStore and HistoryPurger that live on it. start() opens the
// database (and waits for it); stop() commits everything the store has received, closes the
// database and joins the thread. Connect producers to store() with queued connections (any signal
// from another thread is queued automatically). start() and stop() must be called from the
// thread that owns this object, never from the store thread.
class StoreThread final : public QObject
{
    Q_OBJECT

public:
    explicit StoreThread(QObject *parent = nullptr);
    ~StoreThread() override; // stops

    bool start(const QString &databasePath, const StoreOptions &options = {},
               QString *error = nullptr);
    // The store while running, else nullptr.
    EventStore *store() const { return m_store; }
    // The retention purge, on the same thread as the store, while running, else nullptr.
    HistoryPurger *purger() const { return m_purger; }
    bool isRunning() const { return m_store != nullptr; }
    // Commits every event the store has received (events queued to it before this call
    // included), closes the database and joins the thread. Safe to call more than once.
    void stop();

private:
    QThread *m_thread = nullptr;
    EventStore *m_store = nullptr;
    HistoryPurger *m_purger = nullptr;
};
