#include "schema.h"

#include "searchtext.h"
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
    // Work that SQL cannot express, run after `statements`, and statements to run after it.
    std::function<bool(const QSqlDatabase &, const SqlDialect &, QString *)> rewrite = {};
    std::function<QStringList(const SqlDialect &)> statementsAfter = {};
};

QString describe(const QSqlQuery &query, const QString &statement)
{
    return QCoreApplication::translate("Schema", "%1 (in: %2)")
        .arg(query.lastError().text(), statement);
}

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

// Version 4: what a history view over millions of events needs. `search_text` holds the
// person's name and user id folded by SearchText, so that a case- and accent-insensitive
// substring search is a plain comparison in any database; the store writes it with each event,
// and this migration fills it in for the events already stored (SQL cannot fold Unicode).
QStringList version4(const SqlDialect &d)
{
    return { u"ALTER TABLE events ADD COLUMN search_text "_s + d.textType() };
}

bool version4SearchText(const QSqlDatabase &db, const SqlDialect &d, QString *error)
{
    // Person by person rather than row by row: a site has thousands of people and may have
    // millions of events, and one UPDATE a person (found through the index of names that
    // versions 1 to 3 have) leaves the rows to the database.
    QSqlQuery people(db);
    people.setForwardOnly(true);
    const QString peopleSql = u"SELECT DISTINCT user_name, user_id FROM events WHERE "_s
                              u"user_present = "_s
        % d.boolLiteral(true) % u" AND (user_name IS NOT NULL OR user_id IS NOT NULL)"_s;
    if (!people.exec(peopleSql)) {
        *error = describe(people, peopleSql);
        return false;
    }
    QList<std::pair<QVariant, QVariant>> pairs;
    while (people.next())
        pairs.append({ people.value(0), people.value(1) });
    people.finish();

    QSqlQuery update(db);
    const QString updateSql = u"UPDATE events SET search_text = ? WHERE "_s
        % d.nullSafeEquals(u"user_name"_s) % u" AND "_s % d.nullSafeEquals(u"user_id"_s)
        % u" AND user_present = "_s % d.boolLiteral(true);
    if (!update.prepare(updateSql)) {
        *error = describe(update, updateSql);
        return false;
    }
    for (const auto &[name, userId] : std::as_const(pairs)) {
        update.bindValue(0, SearchText::forPerson(name.toString(), userId.toString()));
        update.bindValue(1, name);
        update.bindValue(2, userId);
        if (!update.exec()) {
            *error = describe(update, updateSql);
            return false;
        }
    }
    return true;
}

// The indexes of version 4, made after the back-fill (building an index at once is faster
// than keeping it up to date row by row). For each column the history view sorts by, an index
// of that column then the recognition time, so that a sorted page is a walk along an index and
// ties come in time order (the row id, the last column of every index, breaks the rest).
// The person search cannot use an index to find a substring, but its index is narrow: counting
// matches reads it instead of the table.
//
// `events_alerts` holds the alerts only (a partial index), in time order, with the columns that
// the alert rules, the device, mask and score filters and the search for an acknowledgement
// need, so that "only alerts" (of some devices, unacknowledged…) counts and pages without
// reading the table. The id
// is named so that the order is the time then the id, as everywhere. Its WHERE clause
// is the condition HistoryQuery writes for every alert reason, character for character: a
// database uses a partial index only for a query that states its condition. When the alert
// rules change, a later version replaces this index (a test compares the two).
QStringList version4Indexes(const SqlDialect &d)
{
    return {
        u"DROP INDEX events_user_name"_s, // superseded by events_search_time
        u"DROP INDEX events_user_id"_s, // superseded by events_user_id_time
        // With the device too, so that a name at some doors needs no look-up in the table; the
        // id named before it keeps the order of the name, the time and the id.
        u"CREATE INDEX events_search_time ON events (search_text, timestamp_ms, id, device_sn)"_s,
        u"CREATE INDEX events_user_id_time ON events (user_id, timestamp_ms)"_s,
        u"CREATE INDEX events_device_name_time ON events (device_name, timestamp_ms)"_s,
        // With the small columns filters often combine with a status (the id named before them
        // keeps the order), so that those combinations are counted from the index alone.
        u"CREATE INDEX events_status_time ON events (recognize_status, recognition_type, "_s
        u"timestamp_ms, id, pass, mask, recognize_score, device_sn)"_s,
        u"CREATE INDEX events_score_time ON events (recognize_score, timestamp_ms)"_s,
        u"CREATE INDEX events_liveness_time ON events (liveness_score, timestamp_ms)"_s,
        u"CREATE INDEX events_temperature_time ON events (body_temperature, timestamp_ms)"_s,
        u"CREATE INDEX events_mask_time ON events (mask, timestamp_ms)"_s,
        u"CREATE INDEX events_mode_time ON events (mode, timestamp_ms)"_s,
        u"CREATE INDEX events_alerts ON events (timestamp_ms, id, recognize_status, "_s
        u"recognition_type, pass, user_type, device_sn, dedup_key, mask, recognize_score) WHERE "_s
            % Schema::version4AlertCondition(d),
    };
}

// Version 5: where an unfinished back-fill of a terminal's missed events resumes. A row exists
// only while a back-fill has not completed: it survives a dropped connection and a restart, so
// that the events of the new connection (received after the gap) do not hide the rest of the
// gap. `resume_from_ms` is a recognition time in the device's clock (Unix ms).
QStringList version5(const SqlDialect &d)
{
    return {
        u"CREATE TABLE backfill_progress ("_s % u"device_sn "_s % d.textType()
            % u" NOT NULL PRIMARY KEY, "_s % u"resume_from_ms "_s % d.bigIntType()
            % u" NOT NULL)"_s,
    };
}

// Version 6: new snapshots' bytes live in segment files beside the database (SnapshotFiles),
// written once instead of twice through the database's log. A row then says where its bytes
// are (`segment`, `segment_offset`, `byte_length`) and leaves `jpeg` NULL; rows written before
// keep their bytes in `jpeg`, so nothing is rewritten. The index tells the retention purge
// which segment files rows still point into.
QStringList version6(const SqlDialect &d)
{
    const QString integer = d.bigIntType();
    return {
        u"ALTER TABLE snapshots ADD COLUMN segment "_s % integer,
        u"ALTER TABLE snapshots ADD COLUMN segment_offset "_s % integer,
        u"ALTER TABLE snapshots ADD COLUMN byte_length "_s % integer,
        u"CREATE INDEX snapshots_segment ON snapshots (segment, segment_offset) "_s
        u"WHERE segment IS NOT NULL"_s,
    };
}

const QList<Migration> &migrations()
{
    static const QList<Migration> list = {
        { 1, version1 }, { 2, version2 },
        { 3, version3 }, { 4, version4, version4SearchText, version4Indexes },
        { 5, version5 }, { 6, version6 },
    };
    return list;
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

bool Schema::hasHistoryIndexes(int version)
{
    return version >= 4;
}

bool Schema::hasSnapshotFiles(int version)
{
    return version >= 6;
}

bool Schema::hasBackfillProgress(int version)
{
    return version >= 5;
}

QString Schema::version4AlertCondition(const SqlDialect &dialect)
{
    return u"(recognize_status IN (1, 3, 6) OR recognition_type IN (3, 4, 5) OR pass = "_s
        % dialect.boolLiteral(false) % u" OR user_type = 3)"_s;
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

    const auto run = [&query](const QStringList &statements, QString *message) {
        for (const QString &statement : statements) {
            if (!query.exec(statement)) {
                *message = describe(query, statement);
                return false;
            }
        }
        return true;
    };
    QString message;
    if (from == 0
        && !run(
            { u"CREATE TABLE schema_version (version "_s + dialect.bigIntType() + u" NOT NULL)"_s },
            &message))
        return fail(rollback(message));
    for (const Migration &migration : migrations()) {
        if (migration.toVersion <= from)
            continue;
        if (!run(migration.statements(dialect), &message)
            || (migration.rewrite && !migration.rewrite(db, dialect, &message))
            || (migration.statementsAfter && !run(migration.statementsAfter(dialect), &message)))
            return fail(rollback(message));
    }
    if (!run({ from == 0
                   ? u"INSERT INTO schema_version (version) VALUES (%1)"_s.arg(currentVersion())
                   : u"UPDATE schema_version SET version = %1"_s.arg(currentVersion()) },
             &message))
        return fail(rollback(message));
    if (!query.exec(u"COMMIT"_s))
        return fail(rollback(describe(query, u"COMMIT"_s)));
    return true;
}
