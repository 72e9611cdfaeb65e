#pragma once

#include <QString>

class QSqlDatabase;
class SqlDialect;

// The versioned schema of the event database. The version lives in a one-row table
// `schema_version` (portable, unlike SQLite's PRAGMA user_version). Each migration moves the
// schema one version up; all pending migrations run in one transaction, so a database is
// always at a version this code knows, never half-way.
class Schema final
{
public:
    // The version this build writes.
    static int currentVersion();
    // The oldest version this build still reads (read-only connections cannot migrate):
    // what a newer version added is then simply absent.
    static int oldestReadableVersion();
    // Whether a database at `version` has the `acknowledgements` table.
    static bool hasAcknowledgements(int version);
    // Whether a database at `version` has the door log (`door_openings`).
    static bool hasDoorLog(int version);
    // Whether a database at `version` has `events.search_text` and the indexes a history view
    // sorts and filters with (among them the partial index of alerts).
    static bool hasHistoryIndexes(int version);
    // The WHERE clause of version 4's partial index of alerts (`events_alerts`), as that
    // version wrote it.
    static QString version4AlertCondition(const SqlDialect &dialect);
    // Whether a database at `version` remembers unfinished back-fills (`backfill_progress`).
    static bool hasBackfillProgress(int version);
    // Whether the snapshots of a database at `version` may be in segment files (SnapshotFiles):
    // `snapshots.segment`, `segment_offset` and `byte_length`.
    static bool hasSnapshotFiles(int version);

    // The version of the database; 0 for an empty database (no schema_version table),
    // -1 on error (with *error set).
    static int version(const QSqlDatabase &db, QString *error = nullptr);

    // Brings the database to currentVersion(). Refuses a database from a newer GateWatch
    // (a version above currentVersion()) instead of touching it.
    static bool migrate(const QSqlDatabase &db, const SqlDialect &dialect,
                        QString *error = nullptr);
};
