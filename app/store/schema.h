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
    // The version this build writes and reads.
    static int currentVersion();

    // The version of the database; 0 for an empty database (no schema_version table),
    // -1 on error (with *error set).
    static int version(const QSqlDatabase &db, QString *error = nullptr);

    // Brings the database to currentVersion(). Refuses a database from a newer GateWatch
    // (a version above currentVersion()) instead of touching it.
    static bool migrate(const QSqlDatabase &db, const SqlDialect &dialect,
                        QString *error = nullptr);
};
