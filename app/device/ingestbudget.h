#pragma once

#include <QElapsedTimer>
#include <QMutex>
#include <QWaitCondition>
#include <QtGlobal>

struct RecognitionEvent;

// How much of what the terminals sent may wait for one slow consumer (the store thread, the
// window's thread): the back-pressure of the ingest path.
//
// The network thread takes a share before it hands an event on, and the consumer gives it back
// once it has dealt with the event. While the budget is spent, take() blocks the network
// thread: no socket is read, the kernel's receive buffers fill, and TCP holds the terminals
// back until the consumer catches up. Nothing is dropped and memory stays bounded by the
// limits, however far the offered load exceeds what the consumer can take.
//
// Thread-safe. An event larger than the whole budget still passes when nothing else is in
// flight, so that one oversized event cannot wedge the path. After close() nothing blocks (a
// consumer that stops must not leave the network thread waiting for it); open() restores the
// bound.
class IngestBudget final
{
public:
    struct Limits
    {
        // 512 events: about a third of a second of the store's commits of camera snapshots on
        // a 2-core machine (docs/BENCHMARKS.md), so that under a flood the newest stored
        // event is less than a second behind the sockets; 1,024 let it fall 1.5 s behind for
        // no more throughput.
        qint64 events = 512;
        qint64 bytes = 64LL * 1024 * 1024;
    };
    // What the budget has seen, for benchmarks and the tests of back-pressure.
    struct Figures
    {
        qint64 inFlightEvents = 0;
        qint64 inFlightBytes = 0;
        qint64 peakEvents = 0;
        qint64 peakBytes = 0;
        // take() calls that had to wait, and how long they waited in all (what the network
        // thread's timers add to the peers' allowed silence, see DeviceConnection).
        qint64 waits = 0;
        qint64 waitedMs = 0;
        qint64 longestWaitMs = 0;
    };

    explicit IngestBudget(Limits limits);
    IngestBudget(const IngestBudget &) = delete;
    IngestBudget &operator=(const IngestBudget &) = delete;

    // The share of memory an event holds while it waits: its frame, its snapshot, the rest.
    static qint64 costOf(const RecognitionEvent &event);

    // Takes a share of `bytes` for one event, waiting while the budget is spent.
    void take(qint64 bytes);
    // Gives back what take() took for one event. More than was taken is ignored (an event that
    // reached the consumer without passing through take()).
    void giveBack(qint64 bytes);

    void close();
    void open();

    Limits limits() const { return m_limits; }
    Figures figures() const;

private:
    bool spent(qint64 bytes) const;

    const Limits m_limits;
    mutable QMutex m_mutex;
    QWaitCondition m_roomMade;
    Figures m_figures;
    bool m_closed = false;
    QElapsedTimer m_clock;
};
