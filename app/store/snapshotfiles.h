#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QSqlError>
#include <QString>

#include <functional>
#include <optional>

// Where a snapshot's bytes are when they are not in the database: `length` bytes at `offset`
// of segment file number `segment`.
struct SnapshotLocation final
{
    qint64 segment = -1;
    qint64 offset = 0;
    qint64 length = 0;

    bool isValid() const { return segment >= 0 && offset >= 0 && length > 0; }
};

// The snapshots' bytes in append-only segment files beside the database, in the folder
// "<database>-snapshots" (as SQLite keeps "<database>-wal" beside it): a snapshot is written
// once, with one write, instead of twice through the database's log, page by page. The
// database keeps only where each one is (SnapshotLocation, in the snapshots table).
//
// Writing follows the database's write transaction, whose lock also keeps two writers (the
// window and `gatewatch record` on one file) from appending at once:
//   beginBatch() before BEGIN; append() for each snapshot; sync() before COMMIT, so that a
//   committed row never points at bytes that are not on the disk; rollback() after a
//   ROLLBACK (also of a COMMIT that failed after sync()), which cuts the segments back to
//   where the batch began. Until the next beginBatch() the batch is the one rolled back.
// A crash between the bytes and the commit leaves bytes no row points at; they go with their
// segment. Segments are never rewritten: the retention purge deletes a segment file once no
// row points into it (removeUnreferenced), never the newest one, which a writer appends to.
//
// Errors are given as SQLite would give them for the database file (SQLITE_FULL for a full
// disk, SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_IOERR), so that WriteProblem
// explains them and the store holds and retries its events as for the database itself.
class SnapshotFiles final
{
    Q_DECLARE_TR_FUNCTIONS(SnapshotFiles)

public:
    // A new segment is started once the newest holds this much.
    static constexpr qint64 DefaultSegmentBytes = qint64 { 64 } * 1024 * 1024;

    // The folder for the database at `databasePath`; empty for an in-memory database.
    static QString folderFor(const QString &databasePath);

    explicit SnapshotFiles(QString folder, qint64 segmentBytes = DefaultSegmentBytes);
    ~SnapshotFiles();
    SnapshotFiles(const SnapshotFiles &) = delete;
    SnapshotFiles &operator=(const SnapshotFiles &) = delete;

    QString folder() const { return m_folder; }
    bool isEnabled() const { return !m_folder.isEmpty(); }

    // A write transaction begins: the next append finds the newest segment again.
    void beginBatch();
    // Appends `jpeg` (not empty) to the newest segment, starting a new one when it is full.
    std::optional<SnapshotLocation> append(const QByteArray &jpeg, QSqlError *error);
    // Puts what this batch appended on the disk (and a new segment's name in its folder).
    bool sync(QSqlError *error);
    // The batch's transaction was rolled back: its bytes are cut off again.
    void rollback();
    // Closes the open segment (the next append opens it again).
    void close();

    // Segment file numbers in the folder, in order.
    static QList<qint64> segments(const QString &folder);
    static QString segmentPath(const QString &folder, qint64 segment);
    // Reads one snapshot; nullopt with *error when its file or bytes are gone or unreadable.
    static std::optional<QByteArray> read(const QString &folder, const SnapshotLocation &location,
                                          QString *error);
    // Deletes the segments `isReferenced` says no row points into, but the newest; returns
    // the bytes freed and counts the files in *deleted, or -1 with *error when a file could
    // not be deleted (the others are).
    static qint64 removeUnreferenced(const QString &folder,
                                     const std::function<std::optional<bool>(qint64)> &isReferenced,
                                     QString *error, qsizetype *deleted = nullptr);

private:
    bool openNewest(QSqlError *error);
    bool startSegment(qint64 segment, QSqlError *error);
    QSqlError fileError(int errorNumber, const QString &what) const;

    QString m_folder;
    qint64 m_segmentBytes;
    int m_fd = -1;
    qint64 m_segment = -1; // open segment
    qint64 m_end = 0; // its size
    // Where the batch began, for rollback(); segments begun in the batch are deleted.
    bool m_inBatch = false;
    qint64 m_batchSegment = -1;
    qint64 m_batchEnd = 0;
    bool m_dirty = false; // appended since the last sync
    bool m_newSegment = false; // a segment was created since the last sync
};
