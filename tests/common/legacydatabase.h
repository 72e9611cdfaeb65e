#pragma once

// Databases as older GateWatch versions left them, written with statements of the time rather
// than today's code, so that migrations and readers are tested against what is in the field;
// and a connection of a test's own, outside the store.

#include "event/recognitionevent.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>
#include <QtDebug>

namespace LegacyDatabase {

using namespace Qt::StringLiterals;

// A connection of the test's own, outside the store.
class DirectConnection final
{
public:
    explicit DirectConnection(const QString &path)
        : m_name(u"test.direct.%1"_s.arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        m_open = db.open();
        if (!m_open)
            qWarning() << db.lastError().text();
    }
    ~DirectConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    DirectConnection(const DirectConnection &) = delete;
    DirectConnection &operator=(const DirectConnection &) = delete;

    // Runs the statements; the first column of the last row read, if any, goes to *lastValue.
    bool exec(const QStringList &statements, QVariant *lastValue = nullptr)
    {
        if (!m_open)
            return false;
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        for (const QString &statement : statements) {
            if (!query.exec(statement)) {
                qWarning() << statement << query.lastError().text();
                return false;
            }
            if (lastValue && query.next())
                *lastValue = query.value(0);
        }
        return true;
    }

private:
    static inline int s_counter = 0;
    QString m_name;
    bool m_open = false;
};

inline QVariant queryValue(const QString &path, const QString &statement)
{
    QVariant value;
    DirectConnection connection(path);
    if (!connection.exec({ statement }, &value))
        return QVariant();
    return value;
}

// The schema exactly as GateWatch's version 1 created it (SQLite), to test the migration
// against what databases in the field hold rather than against today's code.
inline const QStringList &version1Statements()
{
    static const QStringList statements = {
        u"CREATE TABLE schema_version (version INTEGER NOT NULL)"_s,
        u"CREATE TABLE events (id INTEGER PRIMARY KEY, dedup_key TEXT NOT NULL UNIQUE, "
        "uuid TEXT, event_type INTEGER NOT NULL, device_sn TEXT, device_name TEXT, "
        "timestamp_ms INTEGER, timestamp_in_millis INTEGER NOT NULL, received_at_ms INTEGER, "
        "recognize_status INTEGER, recognition_type INTEGER, recognize_score REAL, "
        "liveness_score REAL, body_temperature REAL, mask INTEGER, mode INTEGER, pass INTEGER, "
        "user_present INTEGER NOT NULL, user_id TEXT, user_name TEXT, user_type INTEGER, "
        "ic_number TEXT, job_number TEXT, user_groups TEXT, user_unknown TEXT, "
        "unknown_fields TEXT, raw_frame BLOB, snapshot_error TEXT, "
        "backfilled INTEGER NOT NULL)"_s,
        u"CREATE TABLE snapshots (event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE "
        "CASCADE, jpeg BLOB, width INTEGER, height INTEGER)"_s,
        u"CREATE INDEX events_time ON events (timestamp_ms, id)"_s,
        u"CREATE INDEX events_device_time ON events (device_sn, timestamp_ms)"_s,
        u"CREATE INDEX events_user_id ON events (user_id)"_s,
        u"CREATE INDEX events_user_name ON events (user_name)"_s,
        u"CREATE INDEX events_pass_time ON events (pass, timestamp_ms)"_s,
        u"INSERT INTO schema_version (version) VALUES (1)"_s,
    };
    return statements;
}

// The event the version 1 fixture holds, as a version 1 recorder stored it.
inline RecognitionEvent legacyEvent()
{
    RecognitionEvent e;
    e.deviceSn = u"SN-OLD"_s;
    e.deviceName = u"Back door"_s;
    e.timestampMs = 1'650'000'000'000;
    e.receivedAt = QDateTime::fromMSecsSinceEpoch(1'650'000'000'250, Qt::UTC);
    e.recognizeStatus = 1;
    e.recognizeScore = 0.75;
    e.pass = true;
    RecognitionUser user;
    user.userId = u"E-7"_s;
    user.name = u"Åsa Old"_s;
    e.user = user;
    return e; // no uuid: the key is made of serial number, time, user and status
}

inline QStringList legacyEventRows()
{
    return {
        u"INSERT INTO events (dedup_key, event_type, device_sn, device_name, timestamp_ms, "
        "timestamp_in_millis, received_at_ms, recognize_status, recognize_score, pass, "
        "user_present, user_id, user_name, backfilled) VALUES ('sn:SN-OLD|1650000000000|E-7|1', "
        "0, 'SN-OLD', 'Back door', 1650000000000, 0, 1650000000250, 1, 0.75, 1, 1, 'E-7', "
        "'Åsa Old', 0)"_s,
        u"INSERT INTO snapshots (event_id, jpeg, width, height) VALUES "
        "(last_insert_rowid(), X'FFD8FFD9', 2, 1)"_s,
    };
}

// Version 2 added the acknowledgements table; version1Statements() then this.
inline const QStringList &version2Statements()
{
    static const QStringList statements = {
        u"CREATE TABLE acknowledgements (dedup_key TEXT NOT NULL PRIMARY KEY REFERENCES "
        "events(dedup_key) ON DELETE CASCADE, acknowledged_at_ms INTEGER NOT NULL, "
        "acknowledged_by TEXT NOT NULL, note TEXT NOT NULL DEFAULT '')"_s,
        u"UPDATE schema_version SET version = 2"_s,
    };
    return statements;
}

// Version 3 added the door log; version1Statements(), version2Statements() then this.
inline const QStringList &version3Statements()
{
    static const QStringList statements = {
        u"CREATE TABLE door_openings (request_id TEXT NOT NULL PRIMARY KEY, dedup_key TEXT NOT "
        "NULL, device_name TEXT NOT NULL, device_sn TEXT, open_mode INTEGER NOT NULL, "
        "requested_at_ms INTEGER NOT NULL, requested_by TEXT NOT NULL, finished_at_ms INTEGER, "
        "opened INTEGER, result TEXT)"_s,
        u"CREATE INDEX door_openings_event ON door_openings (dedup_key, requested_at_ms)"_s,
        u"UPDATE schema_version SET version = 3"_s,
    };
    return statements;
}

} // namespace LegacyDatabase
