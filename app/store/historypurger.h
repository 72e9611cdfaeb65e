#pragma once

#include "retentionpolicy.h"

#include <QObject>
#include <QString>

class QTimer;

// Applies a RetentionPolicy to the event database: deletes what is older than the policy keeps,
// the oldest snapshots beyond its size limit, then hands free pages back to the file system
// (incremental vacuum, for a database created with it; an older one reuses the freed pages).
//
// It works in small transactions, one per turn of its thread's event loop, so that the
// recorder's commits, queued on the same thread (StoreThread runs both), never wait for more
// than one of them. It has a connection of its own, opened on the first purge. Drive it through
// queued calls only, like EventStore. A purge runs when the policy is set or changed, every
// `intervalMs` after that, and on purgeNow().
class HistoryPurger final : public QObject
{
    Q_OBJECT

public:
    // Rows deleted per transaction.
    static constexpr int ChunkRows = 500;
    // Pages released per incremental vacuum step.
    static constexpr int VacuumPages = 2048;

    explicit HistoryPurger(QString databasePath, QObject *parent = nullptr);
    ~HistoryPurger() override;

    RetentionPolicy policy() const { return m_policy; }
    bool isPurging() const { return m_step != Step::Idle; }

public slots:
    // Sets the policy and purges soon when it has any limit. The same policy again changes
    // nothing.
    void setPolicy(const RetentionPolicy &policy);
    // Purges now (after the running purge, if any). Without any limit only the vacuum runs.
    void purgeNow();
    void setInterval(int intervalMs);
    // Ends a running purge after its current transaction and closes the connection.
    void stop();

signals:
    void purgeStarted();
    void purgeFinished(const PurgeReport &report);

private:
    enum class Step { Idle, Events, Snapshots, SnapshotSize, SegmentFiles, Vacuum };

    bool ensureOpen(QString *error);
    void scheduleStep() const;
    void runStep();
    // Each returns the rows (pages) it removed, 0 when its part is done, -1 on error.
    qint64 deleteOldEvents();
    qint64 deleteOldSnapshots();
    qint64 deleteSnapshotsBeyondSize();
    qint64 releasePages();
    // Deletes the snapshot segment files no row points into any more; 0 when done.
    qint64 deleteUnusedSegments();
    // Deletes these snapshots in one transaction; on failure finishes the purge with `failure`
    // (its %1: the database's reason) and returns false.
    bool deleteSnapshots(const QList<qint64> &ids, const QString &failure);
    void finish(const QString &error = {});
    qint64 cutoffMs(int days) const;

    QString m_databasePath;
    QString m_connectionName;
    bool m_open = false;
    RetentionPolicy m_policy;
    Step m_step = Step::Idle;
    bool m_again = false;
    qint64 m_startedMs = 0;
    qint64 m_snapshotBytes = -1; // known total while trimming to the size limit
    qint64 m_walkAfter = 0; // the last snapshot's event id seen while walking them by age
    PurgeReport m_report;
    QTimer *m_interval = nullptr;
    int m_intervalMs = 60 * 60 * 1000;
};
