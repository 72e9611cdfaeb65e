#include "schema.h"

#include "sqldialect.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringBuilder>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

struct Migration
{
    int toVersion;
    std::function<QStringList(const SqlDialect &)> statements;
};

// Version 1: events with their metadata, snapshots in their own table so that metadata
// queries stay small and snapshots can be purged earlier than the records.
QStringList version1(const SqlDialect &d)
{
    const QString integer = d.bigIntType();
    const QString real = d.doubleType();
    const QString boolean = d.boolType();
    const QString text = d.textType();
    const QString blob = d.blobType();
    return {
        u"CREATE TABLE events ("_s % u"id "_s % d.autoIncrementPrimaryKey() % u", "_s
            % u"dedup_key "_s % text % u" NOT NULL UNIQUE, "_s % u"uuid "_s % text % u", "_s
            % u"event_type "_s % integer % u" NOT NULL, "_s % u"device_sn "_s % text % u", "_s
            % u"device_name "_s % text % u", "_s % u"timestamp_ms "_s % integer % u", "_s
            % u"timestamp_in_millis "_s % boolean % u" NOT NULL, "_s % u"received_at_ms "_s
            % integer % u", "_s % u"recognize_status "_s % integer % u", "_s
            % u"recognition_type "_s % integer % u", "_s % u"recognize_score "_s % real % u", "_s
            % u"liveness_score "_s % real % u", "_s % u"body_temperature "_s % real % u", "_s
            % u"mask "_s % integer % u", "_s % u"mode "_s % integer % u", "_s % u"pass "_s % boolean
            % u", "_s % u"user_present "_s % boolean % u" NOT NULL, "_s % u"user_id "_s % text
            % u", "_s % u"user_name "_s % text % u", "_s % u"user_type "_s % integer % u", "_s
            % u"ic_number "_s % text % u", "_s % u"job_number "_s % text % u", "_s
            % u"user_groups "_s % text % u", "_s % u"user_unknown "_s % text % u", "_s
            % u"unknown_fields "_s % text % u", "_s % u"raw_frame "_s % blob % u", "_s
            % u"snapshot_error "_s % text % u", "_s % u"backfilled "_s % boolean % u" NOT NULL)"_s,
        u"CREATE TABLE snapshots ("_s % u"event_id "_s % integer
            % u" PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE, "_s % u"jpeg "_s % blob
            % u", "_s % u"width "_s % integer % u", "_s % u"height "_s % integer % u")"_s,
        u"CREATE INDEX events_time ON events (timestamp_ms, id)"_s,
        u"CREATE INDEX events_device_time ON events (device_sn, timestamp_ms)"_s,
        u"CREATE INDEX events_user_id ON events (user_id)"_s,
        u"CREATE INDEX events_user_name ON events (user_name)"_s,
        u"CREATE INDEX events_pass_time ON events (pass, timestamp_ms)"_s,
    };
}

// Version 2: the guards' acknowledgements of alerts, one per event, keyed like the events'
// unique constraint so that an acknowledgement can name an event before its row id is known.
// The first acknowledgement is kept (the store inserts with ON CONFLICT DO NOTHING): the record
// of who answered first must not be overwritten. Deleting an event deletes its acknowledgement.
QStringList version2(const SqlDialect &d)
{
    const QString text = d.textType();
    return {
        u"CREATE TABLE acknowledgements ("_s % u"dedup_key "_s % text
            % u" NOT NULL PRIMARY KEY REFERENCES events(dedup_key) ON DELETE CASCADE, "_s
            % u"acknowledged_at_ms "_s % d.bigIntType() % u" NOT NULL, "_s % u"acknowledged_by "_s
            % text % u" NOT NULL, "_s % u"note "_s % text % u" NOT NULL DEFAULT '')"_s,
    };
}

// Version 3: the door log, each request to open a terminal's door in answer to an event and
// its outcome. An audit trail: unlike an acknowledgement it names its event without a foreign
// key, so that it stays when the event is deleted, and is kept even for an event that could not
// be stored. The outcome columns are NULL until the outcome is known (the request is written
// first, so that one whose answer never came is still on record).
QStringList version3(const SqlDialect &d)
{
    const QString text = d.textType();
    const QString integer = d.bigIntType();
    return {
        u"CREATE TABLE door_openings ("_s % u"request_id "_s % text % u" NOT NULL PRIMARY KEY, "_s
            % u"dedup_key "_s % text % u" NOT NULL, "_s % u"device_name "_s % text
            % u" NOT NULL, "_s % u"device_sn "_s % text % u", "_s % u"open_mode "_s % integer
            % u" NOT NULL, "_s % u"requested_at_ms "_s % integer % u" NOT NULL, "_s
            % u"requested_by "_s % text % u" NOT NULL, "_s % u"finished_at_ms "_s % integer
            % u", "_s % u"opened "_s % d.boolType() % u", "_s % u"result "_s % text % u")"_s,
        u"CREATE INDEX door_openings_event ON door_openings (dedup_key, requested_at_ms)"_s,
    };
}

// Version 4: where an unfinished back-fill of a terminal's missed events resumes. A row exists
// only while a back-fill has not completed: it survives a dropped connection and a restart, so
// that the events of the new connection (received after the gap) do not hide the rest of the
// gap. `resume_from_ms` is a recognition time in the device's clock (Unix ms).
QStringList version4(const SqlDialect &d)
{
    return {
        u"CREATE TABLE backfill_progress ("_s % u"device_sn "_s % d.textType()
            % u" NOT NULL PRIMARY KEY, "_s % u"resume_from_ms "_s % d.bigIntType()
            % u" NOT NULL)"_s,
    };
}

const QList<Migration> &migrations()
{
    static const QList<Migration> list = {
        { 1, version1 },
        { 2, version2 },
        { 3, version3 },
        { 4, version4 },
    };
    return list;
}

QString describe(const QSqlQuery &query, const QString &statement)
{
    return QCoreApplication::translate("Schema", "%1 (in: %2)")
        .arg(query.lastError().text(), statement);
}

bool hasVersionTable(const QSqlDatabase &db)
{
    return db.tables(QSql::Tables).contains(u"schema_version"_s);
}

} // namespace

int Schema::currentVersion()
{
    return migrations().constLast().toVersion;
}

int Schema::oldestReadableVersion()
{
    return 1;
}

bool Schema::hasAcknowledgements(int version)
{
    return version >= 2;
}

bool Schema::hasDoorLog(int version)
{
    return version >= 3;
}

bool Schema::hasBackfillProgress(int version)
{
    return version >= 4;
}

int Schema::version(const QSqlDatabase &db, QString *error)
{
    if (!hasVersionTable(db))
        return 0;
    QSqlQuery query(db);
    if (!query.exec(u"SELECT version FROM schema_version"_s)) {
        if (error)
            *error = query.lastError().text();
        return -1;
    }
    if (!query.next())
        return 0;
    return query.value(0).toInt();
}

bool Schema::migrate(const QSqlDatabase &db, const SqlDialect &dialect, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };

    QSqlQuery query(db);
    // Take the write lock before reading the version, so that two processes opening the same
    // new file do not both try to create the tables.
    if (!query.exec(dialect.beginWriteTransaction()))
        return fail(describe(query, dialect.beginWriteTransaction()));
    const auto rollback = [&query](const QString &message) {
        query.exec(u"ROLLBACK"_s);
        return message;
    };

    QString versionError;
    const int from = version(db, &versionError);
    if (from < 0)
        return fail(rollback(versionError));
    if (from > currentVersion()) {
        return fail(rollback(
            QCoreApplication::translate("Schema",
                                        "The database has schema version %1, newer than this "
                                        "GateWatch understands (%2). Use a newer GateWatch.")
                .arg(from)
                .arg(currentVersion())));
    }
    if (from == currentVersion()) {
        query.exec(u"ROLLBACK"_s);
        return true;
    }

    QStringList statements;
    if (from == 0)
        statements.append(u"CREATE TABLE schema_version (version "_s + dialect.bigIntType()
                          + u" NOT NULL)"_s);
    for (const Migration &migration : migrations()) {
        if (migration.toVersion > from)
            statements.append(migration.statements(dialect));
    }
    statements.append(
        from == 0 ? u"INSERT INTO schema_version (version) VALUES (%1)"_s.arg(currentVersion())
                  : u"UPDATE schema_version SET version = %1"_s.arg(currentVersion()));

    for (const QString &statement : std::as_const(statements)) {
        if (!query.exec(statement))
            return fail(rollback(describe(query, statement)));
    }
    if (!query.exec(u"COMMIT"_s))
        return fail(rollback(describe(query, u"COMMIT"_s)));
    return true;
}
