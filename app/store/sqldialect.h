#pragma once

#include <QString>
#include <QStringList>

// Everything that differs between the SQL back ends lives here, so that the schema, the store
// and the reader stay portable. SQLite is the back end today; PostgreSQL is planned for sites
// where several stations share one history.
class SqlDialect final
{
public:
    enum class Kind { Sqlite, PostgreSql };

    explicit SqlDialect(Kind kind = Kind::Sqlite)
        : m_kind(kind)
    { }
    // The dialect of a Qt SQL driver name ("QSQLITE", "QPSQL"); SQLite for anything unknown.
    static SqlDialect forDriver(const QString &driverName);

    Kind kind() const { return m_kind; }
    QString driverName() const;

    // Column types.
    QString autoIncrementPrimaryKey() const; // a 64-bit row id the database assigns
    QString bigIntType() const;
    QString doubleType() const;
    QString boolType() const;
    QString textType() const;
    QString blobType() const;

    // A boolean constant in SQL text (an index's WHERE clause must spell constants, not bind
    // them).
    QString boolLiteral(bool value) const;
    // A condition that holds when `column` contains the text bound to the one placeholder it
    // has, compared exactly (character for character, no pattern characters).
    QString containsText(const QString &column) const;

    // `column` equal to the one placeholder it has, NULL equal to NULL.
    QString nullSafeEquals(const QString &column) const;
    // " INDEXED BY name" after a table in FROM, for SQLite, whose planner has no statistics
    // (GateWatch never runs ANALYZE) and cannot know how many rows a filter leaves; nothing
    // for PostgreSQL, which plans with statistics and has no such hint.
    QString indexHint(const QString &index) const;

    // The statement that starts a transaction which will write. SQLite takes the write lock at
    // once so that a concurrent writer waits (busy_timeout) instead of failing at COMMIT.
    QString beginWriteTransaction() const;

    // `INSERT INTO table (columns) VALUES (?, ...) ON CONFLICT (conflictColumn) DO NOTHING`:
    // the row already stored under that key is kept. SQLite ≥ 3.24 and PostgreSQL ≥ 9.5 both
    // understand it.
    QString insertIgnoringDuplicates(const QString &table, const QStringList &columns,
                                     const QString &conflictColumn) const;
    // The same with `RETURNING id`: yields one row with the new id, or no row when a duplicate
    // was ignored. SQLite ≥ 3.35 and PostgreSQL ≥ 9.5 both understand it.
    QString insertIgnoringDuplicatesReturningId(const QString &table, const QStringList &columns,
                                                const QString &conflictColumn) const;

    // `INSERT … ON CONFLICT (conflictColumn) DO UPDATE SET c = excluded.c` for each of
    // `updateColumns`: a row already stored under that key gets those columns from the new
    // values and keeps the others. SQLite ≥ 3.24 and PostgreSQL ≥ 9.5 both understand it.
    QString upsert(const QString &table, const QStringList &columns, const QString &conflictColumn,
                   const QStringList &updateColumns) const;

    // Whether a failed statement aborts the whole transaction (PostgreSQL), so that each
    // statement that may fail needs a savepoint to keep the rest of the batch.
    bool statementErrorAbortsTransaction() const { return m_kind == Kind::PostgreSql; }

    // Whether the database is a file on this machine (SQLite) that the store creates itself.
    bool isLocalFile() const { return m_kind == Kind::Sqlite; }

    // Statements to run once on a writing connection right after it opened.
    QStringList writerSessionSetup(int busyTimeoutMs) const;
    // Qt connect options for a reading connection (QSqlDatabase::setConnectOptions).
    QString readerConnectOptions(int busyTimeoutMs) const;

private:
    Kind m_kind;
};
