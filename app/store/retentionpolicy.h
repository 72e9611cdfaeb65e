#pragma once

#include <QMetaType>
#include <QString>
#include <QtGlobal>

// How long the history is kept. Each limit is off at 0. Snapshots may go earlier than the
// records they belong to ("keep faces 30 days, records a year"): a record outlives its face,
// never the other way round.
struct RetentionPolicy final
{
    // Recognitions (with their snapshots and acknowledgements) older than this many days are
    // deleted. The door log is an audit trail and is kept.
    int keepEventsDays = 0;
    // Snapshots older than this many days are deleted; the records stay.
    int keepSnapshotsDays = 0;
    // The snapshots together take at most this many bytes: the oldest go first.
    qint64 maxSnapshotBytes = 0;

    bool isActive() const
    {
        return keepEventsDays > 0 || keepSnapshotsDays > 0 || maxSnapshotBytes > 0;
    }
    bool operator==(const RetentionPolicy &) const = default;
};

// What one purge did.
struct PurgeReport final
{
    qint64 eventsDeleted = 0;
    qint64 snapshotsDeleted = 0;
    qint64 snapshotBytesDeleted = 0;
    // Free pages handed back to the file system (incremental vacuum); their space is reused
    // by later writes when the database cannot shrink.
    qint64 pagesReleased = 0;
    // Snapshot segment files deleted once none of their snapshots was kept (SnapshotFiles),
    // and the bytes that gave back.
    qint64 segmentFilesDeleted = 0;
    qint64 segmentBytesFreed = 0;
    // Empty when the purge ran to the end.
    QString error;
};

Q_DECLARE_METATYPE(RetentionPolicy)
Q_DECLARE_METATYPE(PurgeReport)
