#include "sqldialect.h"

#include <QStringBuilder>

using namespace Qt::StringLiterals;

SqlDialect SqlDialect::forDriver(const QString &driverName)
{
    return SqlDialect(driverName == u"QPSQL"_s ? Kind::PostgreSql : Kind::Sqlite);
}

QString SqlDialect::driverName() const
{
    return m_kind == Kind::PostgreSql ? u"QPSQL"_s : u"QSQLITE"_s;
}

QString SqlDialect::autoIncrementPrimaryKey() const
{
    // In SQLite an INTEGER PRIMARY KEY is the 64-bit rowid; AUTOINCREMENT is not needed
    // because ids are never reused while rows exist, and ids of purged rows do not matter.
    return m_kind == Kind::PostgreSql ? u"BIGSERIAL PRIMARY KEY"_s : u"INTEGER PRIMARY KEY"_s;
}

QString SqlDialect::bigIntType() const
{
    return m_kind == Kind::PostgreSql ? u"BIGINT"_s : u"INTEGER"_s;
}

QString SqlDialect::doubleType() const
{
    return m_kind == Kind::PostgreSql ? u"DOUBLE PRECISION"_s : u"REAL"_s;
}

QString SqlDialect::boolType() const
{
    return m_kind == Kind::PostgreSql ? u"BOOLEAN"_s : u"INTEGER"_s;
}

QString SqlDialect::textType() const
{
    return u"TEXT"_s;
}

QString SqlDialect::blobType() const
{
    return m_kind == Kind::PostgreSql ? u"BYTEA"_s : u"BLOB"_s;
}

QString SqlDialect::boolLiteral(bool value) const
{
    if (m_kind == Kind::PostgreSql)
        return value ? u"TRUE"_s : u"FALSE"_s;
    return value ? u"1"_s : u"0"_s;
}

QString SqlDialect::containsText(const QString &column) const
{
    // Not LIKE: it would need escaping of % and _, and SQLite's LIKE folds ASCII case, which is
    // not what a comparison of already-folded text wants.
    return (m_kind == Kind::PostgreSql ? u"strpos("_s : u"instr("_s) % column % u", ?) > 0"_s;
}

QString SqlDialect::nullSafeEquals(const QString &column) const
{
    return column % (m_kind == Kind::PostgreSql ? u" IS NOT DISTINCT FROM ?"_s : u" IS ?"_s);
}

QString SqlDialect::indexHint(const QString &index) const
{
    return m_kind == Kind::PostgreSql ? QString() : u" INDEXED BY "_s + index;
}

QString SqlDialect::beginWriteTransaction() const
{
    return m_kind == Kind::PostgreSql ? u"BEGIN"_s : u"BEGIN IMMEDIATE"_s;
}

QString SqlDialect::insertIgnoringDuplicates(const QString &table, const QStringList &columns,
                                             const QString &conflictColumn) const
{
    QStringList placeholders;
    placeholders.reserve(columns.size());
    for (qsizetype i = 0; i < columns.size(); ++i)
        placeholders.append(u"?"_s);
    return u"INSERT INTO "_s % table % u" ("_s % columns.join(u", "_s) % u") VALUES ("_s
        % placeholders.join(u", "_s) % u") ON CONFLICT ("_s % conflictColumn % u") DO NOTHING"_s;
}

QString SqlDialect::insertIgnoringDuplicatesReturningId(const QString &table,
                                                        const QStringList &columns,
                                                        const QString &conflictColumn) const
{
    return insertIgnoringDuplicates(table, columns, conflictColumn) + u" RETURNING id"_s;
}

QString SqlDialect::upsert(const QString &table, const QStringList &columns,
                           const QString &conflictColumn, const QStringList &updateColumns) const
{
    QStringList placeholders;
    placeholders.reserve(columns.size());
    for (qsizetype i = 0; i < columns.size(); ++i)
        placeholders.append(u"?"_s);
    QStringList assignments;
    assignments.reserve(updateColumns.size());
    for (const QString &column : updateColumns)
        assignments.append(column % u" = excluded."_s % column);
    return u"INSERT INTO "_s % table % u" ("_s % columns.join(u", "_s) % u") VALUES ("_s
        % placeholders.join(u", "_s) % u") ON CONFLICT ("_s % conflictColumn % u") DO UPDATE SET "_s
        % assignments.join(u", "_s);
}

QStringList SqlDialect::writerSessionSetup(int busyTimeoutMs) const
{
    if (m_kind == Kind::PostgreSql)
        return {};
    // WAL lets readers (export, history) work while the recorder writes; NORMAL synchronous
    // is durable against application crashes and only risks the last commits on power loss,
    // which is the usual trade-off for WAL.
    return {
        // Takes effect only in a new database (before its first table): the retention purge
        // can then hand freed pages back to the file system. An older database reuses them.
        u"PRAGMA auto_vacuum=INCREMENTAL"_s,
        u"PRAGMA journal_mode=WAL"_s,
        u"PRAGMA synchronous=NORMAL"_s,
        u"PRAGMA busy_timeout="_s + QString::number(busyTimeoutMs),
        u"PRAGMA foreign_keys=ON"_s,
    };
}

QString SqlDialect::readerConnectOptions(int busyTimeoutMs) const
{
    if (m_kind == Kind::PostgreSql)
        return {};
    return u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT="_s + QString::number(busyTimeoutMs);
}
