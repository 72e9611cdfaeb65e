#pragma once

// What the tests of the event store share: a feeder that delivers to the store the way the
// application does, a store that commits only when the test says so, and the store's own
// counts read on its thread. A test that includes this lists it among its sources (the feeder
// needs moc).

#include "store/acknowledgement.h"
#include "store/dooropening.h"
#include "store/eventstore.h"
#include "store/storethread.h"

#include <QList>
#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QTest>
#include <QtDebug>

namespace StoreFixture {

// Stands in for DeviceHub and the dashboard: events, door log entries and acknowledgements
// reach the store through queued signal connections, the way the application delivers them.
class Feeder final : public QObject
{
    Q_OBJECT

signals:
    // Not "event": that name would hide the virtual QObject::event(QEvent *).
    void oneEvent(const RecognitionEvent &event);
    void events(const QList<RecognitionEvent> &events);
    void doorOpening(const DoorOpening &entry);
    void acknowledgement(const Acknowledgement &ack);
};

inline StoreOptions manualFlush()
{
    // A long interval: batches commit only when the test flushes (or stops the store).
    StoreOptions options;
    options.flushIntervalMs = 60'000;
    return options;
}

// Starts the store on the database at `path` and connects every signal of the feeder to it;
// false, with the reason as a warning, when the store does not start.
inline bool startStore(StoreThread &store, const QString &path, const StoreOptions &options,
                       const Feeder &feeder)
{
    QString error;
    if (!store.start(path, options, &error)) {
        qWarning() << error;
        return false;
    }
    EventStore *const s = store.store();
    QObject::connect(&feeder, &Feeder::oneEvent, s, &EventStore::addEvent);
    QObject::connect(&feeder, &Feeder::events, s, &EventStore::addEvents);
    QObject::connect(&feeder, &Feeder::doorOpening, s, &EventStore::logDoorOpening);
    QObject::connect(&feeder, &Feeder::acknowledgement, s, &EventStore::acknowledge);
    return true;
}

// Commits what the store holds, and returns once it has.
inline void flush(StoreThread &store)
{
    QVERIFY(
        QMetaObject::invokeMethod(store.store(), &EventStore::flush, Qt::BlockingQueuedConnection));
}

// One of the store's counts (pendingAcknowledgementCount...), read on the store's thread.
inline qsizetype countOf(StoreThread &store, qsizetype (EventStore::*count)() const)
{
    qsizetype value = -1;
    EventStore *const s = store.store();
    QMetaObject::invokeMethod(
        s, [s, count, &value] { value = (s->*count)(); }, Qt::BlockingQueuedConnection);
    return value;
}

// Writes `events` into the database at `path` through a store of its own, as the recorder
// would, and closes it again: a history for the readers under test.
inline void writeHistory(const QString &path, const QList<RecognitionEvent> &events)
{
    StoreThread store;
    Feeder feeder;
    QVERIFY(startStore(store, path, manualFlush(), feeder));
    emit feeder.events(events);
    flush(store);
    store.stop();
}

} // namespace StoreFixture
