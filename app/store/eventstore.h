#pragma once

#include "acknowledgement.h"
#include "dooropening.h"
#include "event/recognitionevent.h"
#include "snapshotfiles.h"
#include "sqldialect.h"
#include "storedevent.h"
#include "writeproblem.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QSqlError;
class QTimer;

class SnapshotFiles;

struct StoreOptions final
{
    // The longest an event waits in memory before its transaction commits.
    int flushIntervalMs = 250;
    // A batch this large commits at once, without waiting for the timer. A larger batch makes
    // commits no cheaper per event and only keeps events in memory longer.
    int maxBatchSize = 250;
    // How long a writer waits for a lock held by another connection.
    int busyTimeoutMs = 5000;

    // While the database cannot be written (a full disk, a read-only file system...): the first
    // attempt to write again comes this long after the failure, each next one twice as long
    // after the one before, at most maxRetryIntervalMs.
    int retryIntervalMs = 1000;
    int maxRetryIntervalMs = 10'000;
    // What is held in memory meanwhile. Events that arrive while maxHeldEvents wait are not
    // kept; events that arrive while maxHeldSnapshotBytes of snapshots wait are kept without
    // their snapshot (snapshotError says why). Both are counted (HeldEvents) and said.
    // Acknowledgements and door log entries, a few per guard action, are always kept.
    int maxHeldEvents = 20'000;
    qint64 maxHeldSnapshotBytes = 64LL * 1024 * 1024;
    // When it can write again, what was held goes in batches of at most this much snapshot
    // data (and maxBatchSize events), and SQLite's log is checkpointed and truncated after
    // each: on a disk where little space came back, the log then never needs more room than
    // one batch besides the database's own growth.
    qint64 catchUpBatchSnapshotBytes = 1024LL * 1024;
    // Snapshots' bytes go to segment files of about this size beside the database
    // (SnapshotFiles); the retention purge frees a segment's space once none of its
    // snapshots is kept.
    qint64 snapshotSegmentBytes = SnapshotFiles::DefaultSegmentBytes;
};

// What the store holds in memory while it cannot write the database, and what it let go.
struct HeldEvents final
{
    // Events received and not stored yet.
    qsizetype waiting = 0;
    // Events not kept at all: they arrived while StoreOptions::maxHeldEvents were waiting.
    qsizetype droppedEvents = 0;
    // Events kept without their snapshot (StoreOptions::maxHeldSnapshotBytes).
    qsizetype droppedSnapshots = 0;

    bool operator==(const HeldEvents &) const = default;
};
Q_DECLARE_METATYPE(HeldEvents)

// Writes events to the database in batched transactions. It lives on its own thread (see
// StoreThread) with its own QSqlDatabase connection, and is driven only through queued slot
// calls: call its slots from other threads through signals or QMetaObject::invokeMethod,
// never directly.
//
// The first pending event arms a single-shot timer; when it fires (or maxBatchSize events are
// pending) all pending events commit in one transaction. An event counts as stored when that
// transaction committed: `committed` then names it. Duplicates (same deduplication key) are
// stored once and counted in `duplicatesIgnored`.
//
// Acknowledgements wait with the pending events and commit in the same transaction, after
// them, so that an event can be acknowledged as soon as it is shown, before it is stored.
// An event keeps its first acknowledgement: a later one for the same key is not stored.
//
// The door log is written the same way: each entry waits with the pending events and commits
// in their transaction, after them.
//
// When a commit fails for want of storage (a full disk, a read-only file system or file, a
// lock held too long, an I/O error), the store stops writing: it rolls back, keeps the batch,
// closes its connection (so that the files are not held open: an administrator can remount
// or repair the file system; the -wal and -shm files stay, so that the history can still be
// read, even from a full disk) and says so once, with the file and the reason
// (writableChanged(false, ...)). It then holds what it receives, within the bounds of
// StoreOptions, and tries again after 1 s, 2 s, 4 s... up to 10 s, each time with a new
// connection. Each attempt stores what is held in small batches, the log emptied into the
// database after each (StoreOptions::catchUpBatchSnapshotBytes), so that a disk with little
// space back takes what fits. The first attempt that stores everything held ends it:
// writableChanged(true, ...) says how many held events were stored and what could not be
// kept. What was committed before is never touched: SQLite's transaction keeps the file
// consistent.
class EventStore final : public QObject
{
    Q_OBJECT

public:
    explicit EventStore(QString databasePath, const StoreOptions &options = {},
                        QObject *parent = nullptr);
    ~EventStore() override;

    QString databasePath() const { return m_databasePath; }
    bool isOpen() const { return m_open; }
    // The reason the last open() failed; call it on the store thread.
    QString lastError() const { return m_lastError; }
    // Events received and not yet committed; call it on the store thread.
    qsizetype pendingCount() const { return m_pending.size(); }
    // Acknowledgements received and not yet committed; call it on the store thread.
    qsizetype pendingAcknowledgementCount() const { return m_pendingAcks.size(); }
    // Door log entries received and not yet committed; call it on the store thread.
    qsizetype pendingDoorOpeningCount() const { return m_pendingDoors.size(); }
    // False from a commit that failed for want of storage until one succeeds again; call it
    // on the store thread.
    bool isWritable() const { return m_writable; }
    // What is held while the database cannot be written; call it on the store thread.
    HeldEvents held() const;

    // The meta types the queued connections to and from the store need.
    static void registerMetaTypes();

public slots:
    // Opens the connection (WAL, synchronous=NORMAL, busy_timeout, foreign keys), makes sure
    // that it can write (a database on a read-only file system, or one this account may not
    // write, is refused with the reason: WriteProblem) and brings the schema up to date.
    // Emits `opened`.
    bool open();
    void addEvent(const RecognitionEvent &event);
    void addEvents(const QList<RecognitionEvent> &events);
    // Records a guard's acknowledgement of the event with `ack.dedupKey` (stored or still
    // pending here). Refused with storeError, and not stored, without a key, without `by` or
    // without a valid time. `acknowledged` reports it once committed.
    void acknowledge(const Acknowledgement &ack);
    // Writes a door log entry: first the request (no outcome), then, under the same requestId,
    // its outcome, which completes the stored request and leaves the request's own columns as
    // they were. An outcome whose request is not stored is written whole. Refused with
    // storeError, and not stored, without a requestId, an event key, who asked or a valid
    // request time. `doorOpeningsLogged` reports it once committed.
    void logDoorOpening(const DoorOpening &entry);
    // Commits everything pending now (while writing is stopped: tries to write again now).
    void flush();
    // Flushes, then closes the connection. Pending events added later are kept until the
    // store is opened again (and are lost if it never is: storeError says so at destruction).
    void close();

    // Where a back-fill of the device with serial number `deviceSn` starts: where an unfinished
    // back-fill of it resumes (setBackfillResumePoint) when there is one, else the recognition
    // time of the newest event of that device received before `receivedBeforeMs` (the station's
    // Unix ms, when the connection that needs the back-fill came online: what that connection
    // itself received does not count). Commits what is pending first. Answers with
    // backfillStartFound(requestId, …): -1 when nothing of the device was stored before.
    void findBackfillStart(quint64 requestId, const QString &deviceSn, qint64 receivedBeforeMs);
    // Remembers (fromMs >= 0) that the back-fill of `deviceSn` is unfinished and resumes from
    // recognition time fromMs, or forgets it (fromMs < 0: the back-fill completed). Written
    // with the pending events, after them in the same transaction, so that the point never
    // runs ahead of the events it stands for.
    void setBackfillResumePoint(const QString &deviceSn, qint64 fromMs);

signals:
    // After each commit: the events it newly inserted (duplicates not included), in the order
    // they were added.
    void committed(const QList<StoredEvent> &events);
    // The deduplication keys of events that were already stored, in the order they were added.
    void duplicatesIgnored(const QStringList &dedupKeys);
    // After each commit that included acknowledgements: for each one, in the order they were
    // given, the acknowledgement the database now holds for its key. That is the one given,
    // or the earlier one that was kept when the event had already been acknowledged.
    void acknowledged(const QList<Acknowledgement> &acks);
    // After each commit that included door log entries: each entry as the database now holds
    // it, in the order they were given.
    void doorOpeningsLogged(const QList<DoorOpening> &entries);
    void storeError(const QString &message);
    // Writing stopped (false) or resumed (true). `message` says it for the operator: on
    // stopping, which file, why and what is done meanwhile; on resuming, how many held events
    // were stored and what could not be kept. Emitted once when writing stops, again only if
    // the reason changes while it is stopped, and once when it resumes: not at every attempt.
    void writableChanged(bool writable, const QString &message);
    // While writing is stopped: what is held, at each attempt and, as events arrive, at most
    // twice a second. Once more (all zero) when writing resumes.
    void heldChanged(const HeldEvents &held);
    void opened(bool ok, const QString &error);
    // The answer to findBackfillStart: the recognition time (device clock, Unix ms) to start
    // from, -1 when nothing is known of the device; `error` non-empty when the database could
    // not tell.
    void backfillStartFound(quint64 requestId, qint64 fromMs, const QString &error);

private:
    struct ResumePoint
    {
        QString deviceSn;
        qint64 fromMs = -1; // < 0: forget it
    };

    bool hasPending() const
    {
        return !m_pending.isEmpty() || !m_pendingAcks.isEmpty() || !m_pendingDoors.isEmpty()
            || !m_pendingResumePoints.isEmpty();
    }
    // Writes the resume points in the open transaction; false (and *failure) on error.
    bool writeResumePoints(const QList<ResumePoint> &points, QSqlError *failure);
    // Opens the connection and makes sure that it can write; false with *message (for the
    // operator) and, when the storage is the cause, *problem.
    bool openConnection(QString *message, std::optional<WriteProblem> *problem);
    // `keepWalFiles`: leaves the -wal and -shm files in place for readers (see the .cpp).
    void closeConnection(bool keepWalFiles);
    void schedule();
    // Commits the first `maxEvents` pending events (all when negative), and the pending
    // acknowledgements, door log entries and resume points with the last of them. False, with
    // everything given back to the pending lists, when the storage failed.
    bool commitPending(qsizetype maxEvents, QSqlError *storageFailure);
    // Adds `event` to the pending events, or, while writing is stopped, holds it within the
    // bounds of StoreOptions. False when it was not kept.
    bool hold(const RecognitionEvent &event);
    void stopWriting(const WriteProblem &problem);
    // While writing is stopped: reconnects and commits what is held, batch by batch.
    void retryWriting();
    // How many of the first pending events make one batch of the catch-up after a stop.
    qsizetype catchUpBatchSize() const;
    // SQLite: copies the log into the database and truncates it, without waiting for readers
    // (what they still need stays in the log). False, with the reason, on a storage error.
    bool truncateLog(QSqlError *storageFailure);
    void resumeWriting();
    void recountHeldSnapshotBytes();
    static QString describeBatch(qsizetype events, qsizetype acks, qsizetype doors);

    QString m_databasePath;
    StoreOptions m_options;
    SqlDialect m_dialect;
    // Where the snapshots' bytes go (disabled for an in-memory database: they stay in rows).
    std::unique_ptr<SnapshotFiles> m_snapshotFiles;
    QString m_connectionName;
    bool m_open = false;
    QString m_lastError;
    QList<RecognitionEvent> m_pending;
    QList<Acknowledgement> m_pendingAcks;
    QList<DoorOpening> m_pendingDoors;
    QList<ResumePoint> m_pendingResumePoints;
    QTimer *m_timer = nullptr;

    // The connection is open; closed while writing is stopped, between attempts.
    bool m_connected = false;
    bool m_writable = true;
    // Why writing is stopped; set while it is.
    std::optional<WriteProblem> m_problem;
    int m_retryDelayMs = 0;
    QTimer *m_retryTimer = nullptr;
    QTimer *m_heldReportTimer = nullptr;
    qint64 m_heldSnapshotBytes = 0;
    // Since writing stopped: events stored by the attempts, and what was let go.
    qsizetype m_storedWhileStopped = 0;
    qsizetype m_droppedEvents = 0;
    qsizetype m_droppedSnapshots = 0;
    QDateTime m_firstDroppedAt;
    QDateTime m_lastDroppedAt;
};
