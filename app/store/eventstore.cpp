#include "eventstore.h"

#include "acknowledgementcolumns.h"
#include "dooropeningcolumns.h"
#include "eventcolumns.h"
#include "schema.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringBuilder>
#include <QTimer>

#include <atomic>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStore, "gatewatch.store", QtInfoMsg)

namespace {

QString nextConnectionName()
{
    static std::atomic<int> counter { 0 };
    return u"gatewatch.store.%1"_s.arg(counter.fetch_add(1));
}

} // namespace

EventStore::EventStore(QString databasePath, StoreOptions options, QObject *parent)
    : QObject(parent)
    , m_databasePath(std::move(databasePath))
    , m_options(options)
    , m_dialect(SqlDialect::Kind::Sqlite)
    , m_connectionName(nextConnectionName())
    , m_timer(new QTimer(this))
{
    registerMetaTypes();
    m_timer->setSingleShot(true);
    m_timer->setInterval(std::max(0, m_options.flushIntervalMs));
    connect(m_timer, &QTimer::timeout, this, &EventStore::flush);
}

EventStore::~EventStore()
{
    if (m_open)
        close();
    if (!m_pending.isEmpty()) {
        qCWarning(lcStore) << m_pending.size()
                           << "events were never stored: the store was not open";
    }
    if (!m_pendingAcks.isEmpty()) {
        qCWarning(lcStore) << m_pendingAcks.size()
                           << "acknowledgements were never stored: the store was not open";
    }
    if (!m_pendingDoors.isEmpty()) {
        qCWarning(lcStore) << m_pendingDoors.size()
                           << "door log entries were never stored: the store was not open";
    }
}

void EventStore::registerMetaTypes()
{
    qRegisterMetaType<RecognitionEvent>();
    qRegisterMetaType<QList<RecognitionEvent>>();
    qRegisterMetaType<StoredEvent>();
    qRegisterMetaType<QList<StoredEvent>>();
    qRegisterMetaType<Acknowledgement>();
    qRegisterMetaType<QList<Acknowledgement>>();
    qRegisterMetaType<DoorOpening>();
    qRegisterMetaType<QList<DoorOpening>>();
}

bool EventStore::open()
{
    if (m_open)
        return true;

    QString error;
    // Who came through which door is personal data: a new database file is the owner's alone.
    // SQLite gives its -wal and -shm files the database file's permissions.
    const bool inMemory = m_databasePath.isEmpty() || m_databasePath == u":memory:"_s
        || m_databasePath.startsWith(u"file:"_s);
    if (m_dialect.isLocalFile() && !inMemory && !QFileInfo::exists(m_databasePath)) {
        QFile file(m_databasePath);
        if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        // Failing here (no such folder, no right to write) is left to the driver to report.
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect.driverName(), m_connectionName);
        db.setDatabaseName(m_databasePath);
        if (!db.open()) {
            error
                = tr("Cannot open the database %1: %2").arg(m_databasePath, db.lastError().text());
        } else {
            QSqlQuery query(db);
            for (const QString &statement : m_dialect.writerSessionSetup(m_options.busyTimeoutMs)) {
                if (!query.exec(statement)) {
                    error = tr("Cannot prepare the database %1 (%2): %3")
                                .arg(m_databasePath, statement, query.lastError().text());
                    break;
                }
            }
            QString migrationError;
            if (error.isEmpty() && !Schema::migrate(db, m_dialect, &migrationError)) {
                error = tr("Cannot update the schema of the database %1: %2")
                            .arg(m_databasePath, migrationError);
            }
            if (!error.isEmpty())
                db.close();
        }
    }
    if (!error.isEmpty()) {
        QSqlDatabase::removeDatabase(m_connectionName);
        m_lastError = error;
        qCWarning(lcStore).noquote() << error;
        emit opened(false, error);
        return false;
    }

    m_open = true;
    m_lastError.clear();
    qCDebug(lcStore) << "opened" << m_databasePath;
    emit opened(true, QString());
    if (hasPending())
        schedule();
    return true;
}

void EventStore::addEvent(const RecognitionEvent &event)
{
    m_pending.append(event);
    schedule();
}

void EventStore::addEvents(const QList<RecognitionEvent> &events)
{
    if (events.isEmpty())
        return;
    m_pending.append(events);
    schedule();
}

void EventStore::acknowledge(const Acknowledgement &ack)
{
    QString problem;
    if (ack.dedupKey.isEmpty()) {
        problem = tr("An acknowledgement that does not name its event was not stored.");
    } else if (ack.by.trimmed().isEmpty()) {
        problem = tr("The acknowledgement of event %1 does not say who gave it; it was not "
                     "stored.")
                      .arg(ack.dedupKey);
    } else if (!ack.at.isValid()) {
        problem = tr("The acknowledgement of event %1 has no valid time; it was not stored.")
                      .arg(ack.dedupKey);
    }
    if (!problem.isEmpty()) {
        qCWarning(lcStore).noquote() << problem;
        emit storeError(problem);
        return;
    }
    m_pendingAcks.append(ack);
    schedule();
}

void EventStore::logDoorOpening(const DoorOpening &entry)
{
    QString problem;
    if (entry.requestId.isEmpty()) {
        problem = tr("A door log entry without a request id was not stored.");
    } else if (entry.dedupKey.isEmpty()) {
        problem = tr("The door log entry %1 does not name its event; it was not stored.")
                      .arg(entry.requestId);
    } else if (entry.requestedBy.trimmed().isEmpty()) {
        problem = tr("The door log entry %1 does not say who asked; it was not stored.")
                      .arg(entry.requestId);
    } else if (!entry.requestedAt.isValid()) {
        problem = tr("The door log entry %1 has no valid time; it was not stored.")
                      .arg(entry.requestId);
    }
    if (!problem.isEmpty()) {
        qCWarning(lcStore).noquote() << problem;
        emit storeError(problem);
        return;
    }
    m_pendingDoors.append(entry);
    schedule();
}

void EventStore::schedule()
{
    if (!m_open)
        return; // open() schedules what arrived before it
    if (m_pending.size() >= m_options.maxBatchSize)
        flush();
    else if (!m_timer->isActive())
        m_timer->start();
}

void EventStore::flush()
{
    m_timer->stop();
    if (!m_open || !hasPending())
        return;
    if (!commitPending()) {
        // Keep the events and acknowledgements and try again later: a locked or briefly full
        // disk must not lose what was received.
        m_timer->start();
    }
}

void EventStore::close()
{
    if (!m_open)
        return;
    flush();
    if (!m_pending.isEmpty()) {
        const QString message = tr("%n event(s) could not be stored before closing the database.",
                                   nullptr, int(m_pending.size()));
        qCWarning(lcStore).noquote() << message;
        emit storeError(message);
        m_pending.clear();
    }
    if (!m_pendingAcks.isEmpty()) {
        const QString message
            = tr("%n acknowledgement(s) could not be stored before closing the database.", nullptr,
                 int(m_pendingAcks.size()));
        qCWarning(lcStore).noquote() << message;
        emit storeError(message);
        m_pendingAcks.clear();
    }
    if (!m_pendingDoors.isEmpty()) {
        const QString message
            = tr("%n door log entry(s) could not be stored before closing the database.", nullptr,
                 int(m_pendingDoors.size()));
        qCWarning(lcStore).noquote() << message;
        emit storeError(message);
        m_pendingDoors.clear();
    }
    if (!m_pendingResumePoints.isEmpty()) {
        // Not an operator's loss: a back-fill then starts again from an earlier point.
        qCDebug(lcStore) << m_pendingResumePoints.size()
                         << "back-fill resume points were not stored before closing";
        m_pendingResumePoints.clear();
    }
    m_timer->stop();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_open = false;
    qCDebug(lcStore) << "closed" << m_databasePath;
}

QString EventStore::describeBatch(qsizetype events, qsizetype acks, qsizetype doors)
{
    QStringList parts;
    if (events > 0 || (acks == 0 && doors == 0))
        parts.append(tr("%n event(s)", nullptr, int(events)));
    if (acks > 0)
        parts.append(tr("%n acknowledgement(s)", nullptr, int(acks)));
    if (doors > 0)
        parts.append(tr("%n door log entry(s)", nullptr, int(doors)));
    if (parts.size() == 1)
        return parts.constFirst();
    const QString last = parts.takeLast();
    //: "3 event(s) and 1 acknowledgement(s)", "3 event(s), 1 acknowledgement(s) and 1 door…"
    return tr("%1 and %2").arg(parts.join(u", "_s), last);
}

bool EventStore::commitPending()
{
    QList<RecognitionEvent> batch;
    batch.swap(m_pending);
    QList<Acknowledgement> acks;
    acks.swap(m_pendingAcks);
    QList<DoorOpening> doors;
    doors.swap(m_pendingDoors);
    QList<ResumePoint> points;
    points.swap(m_pendingResumePoints);

    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery control(db);
    // Rolls back and gives the whole batch back to the pending lists for the next attempt.
    const auto failBatch = [&](const QString &step) {
        const QString message = tr("Could not store %1 (%2): %3")
                                    .arg(describeBatch(batch.size(), acks.size(), doors.size()),
                                         step, control.lastError().text());
        control.exec(u"ROLLBACK"_s);
        qCWarning(lcStore).noquote() << message;
        emit storeError(message);
        batch.append(m_pending);
        m_pending.swap(batch);
        acks.append(m_pendingAcks);
        m_pendingAcks.swap(acks);
        doors.append(m_pendingDoors);
        m_pendingDoors.swap(doors);
        points.append(m_pendingResumePoints);
        m_pendingResumePoints.swap(points);
        return false;
    };

    if (!control.exec(m_dialect.beginWriteTransaction()))
        return failBatch(m_dialect.beginWriteTransaction());

    QSqlQuery insertEvent(db);
    QSqlQuery insertSnapshot(db);
    QSqlQuery findEvent(db);
    QSqlQuery insertAck(db);
    QSqlQuery findAck(db);
    QSqlQuery upsertDoor(db);
    QSqlQuery findDoor(db);
    QString prepareError;
    const auto prepare = [&prepareError](QSqlQuery &query, const QString &sql) {
        if (prepareError.isEmpty() && !query.prepare(sql))
            prepareError = query.lastError().text();
    };
    prepare(insertEvent,
            m_dialect.insertIgnoringDuplicatesReturningId(u"events"_s, EventColumns::eventColumns(),
                                                          u"dedup_key"_s));
    prepare(insertSnapshot,
            u"INSERT INTO snapshots (event_id, jpeg, width, height) VALUES (?, ?, ?, ?)"_s);
    if (!acks.isEmpty()) {
        using namespace AcknowledgementColumns;
        prepare(findEvent, u"SELECT id FROM events WHERE dedup_key = ?"_s);
        // ON CONFLICT DO NOTHING: the first acknowledgement of an event is kept.
        prepare(insertAck, m_dialect.insertIgnoringDuplicates(table(), columns(), keyColumn()));
        prepare(findAck,
                u"SELECT "_s % selectList(u"a"_s) % u" FROM "_s % table() % u" a WHERE a."_s
                    % keyColumn() % u" = ?"_s);
    }
    if (!doors.isEmpty()) {
        using namespace DoorOpeningColumns;
        // A request, then its outcome under the same key: the outcome fills in its columns.
        prepare(upsertDoor, m_dialect.upsert(table(), columns(), keyColumn(), outcomeColumns()));
        prepare(findDoor,
                u"SELECT "_s % selectList(u"d"_s) % u" FROM "_s % table() % u" d WHERE d."_s
                    % keyColumn() % u" = ?"_s);
    }
    if (!prepareError.isEmpty()) {
        control.exec(u"ROLLBACK"_s);
        const QString message
            = tr("Could not store %1: %2")
                  .arg(describeBatch(batch.size(), acks.size(), doors.size()), prepareError);
        qCWarning(lcStore).noquote() << message;
        emit storeError(message);
        // A statement that cannot be prepared will not work on the next try either.
        return true;
    }

    QList<StoredEvent> stored;
    stored.reserve(batch.size());
    QStringList failures;
    QStringList duplicates;
    for (const RecognitionEvent &event : std::as_const(batch)) {
        // A savepoint per event keeps the rest of the batch when one event fails, and keeps an
        // event and its snapshot together.
        if (!control.exec(u"SAVEPOINT gw_event"_s))
            return failBatch(u"SAVEPOINT"_s);
        const QString key = event.deduplicationKey();
        QString failure;
        qint64 id = -1;
        EventColumns::bindEvent(insertEvent, event);
        if (!insertEvent.exec()) {
            failure = insertEvent.lastError().text();
        } else if (insertEvent.next()) {
            id = insertEvent.value(0).toLongLong();
            insertEvent.finish();
            const bool hasSnapshot = !event.snapshotJpeg.isEmpty() || event.snapshotSize.isValid();
            if (hasSnapshot) {
                insertSnapshot.bindValue(0, id);
                insertSnapshot.bindValue(1, event.snapshotJpeg);
                insertSnapshot.bindValue(2,
                                         event.snapshotSize.isValid()
                                             ? QVariant(event.snapshotSize.width())
                                             : QVariant(QMetaType::fromType<int>()));
                insertSnapshot.bindValue(3,
                                         event.snapshotSize.isValid()
                                             ? QVariant(event.snapshotSize.height())
                                             : QVariant(QMetaType::fromType<int>()));
                if (!insertSnapshot.exec())
                    failure = insertSnapshot.lastError().text();
                insertSnapshot.finish();
            }
        } else {
            insertEvent.finish();
            duplicates.append(key);
        }

        if (failure.isEmpty()) {
            if (!control.exec(u"RELEASE SAVEPOINT gw_event"_s))
                return failBatch(u"RELEASE SAVEPOINT"_s);
            if (id >= 0)
                stored.append(StoredEvent { id, event.deviceSn, key });
        } else {
            // Some errors (a full disk, for one) end the whole transaction in SQLite; the
            // savepoint is then gone, and the batch as a whole must be tried again.
            if (!control.exec(u"ROLLBACK TO SAVEPOINT gw_event"_s)
                || !control.exec(u"RELEASE SAVEPOINT gw_event"_s))
                return failBatch(failure);
            failures.append(tr("Event %1 was not stored: %2").arg(key, failure));
        }
    }

    // After the events, so that an acknowledgement finds an event of the same batch.
    QList<Acknowledgement> storedAcks;
    storedAcks.reserve(acks.size());
    for (const Acknowledgement &ack : std::as_const(acks)) {
        if (!control.exec(u"SAVEPOINT gw_ack"_s))
            return failBatch(u"SAVEPOINT"_s);
        QString failure;
        std::optional<Acknowledgement> storedAck;
        findEvent.bindValue(0, ack.dedupKey);
        if (!findEvent.exec())
            failure = findEvent.lastError().text();
        else if (!findEvent.next())
            failure = tr("there is no such event in the database");
        findEvent.finish();
        if (failure.isEmpty()) {
            AcknowledgementColumns::bind(insertAck, ack);
            if (!insertAck.exec())
                failure = insertAck.lastError().text();
            insertAck.finish();
        }
        if (failure.isEmpty()) {
            // Read back what the database holds: the earlier acknowledgement if there was one.
            findAck.bindValue(0, ack.dedupKey);
            if (!findAck.exec())
                failure = findAck.lastError().text();
            else if (findAck.next())
                storedAck = AcknowledgementColumns::read(findAck, 0);
            if (failure.isEmpty() && !storedAck)
                failure = tr("it could not be read back");
            findAck.finish();
        }

        if (failure.isEmpty()) {
            if (!control.exec(u"RELEASE SAVEPOINT gw_ack"_s))
                return failBatch(u"RELEASE SAVEPOINT"_s);
            storedAcks.append(*storedAck);
        } else {
            if (!control.exec(u"ROLLBACK TO SAVEPOINT gw_ack"_s)
                || !control.exec(u"RELEASE SAVEPOINT gw_ack"_s))
                return failBatch(failure);
            failures.append(tr("The acknowledgement of event %1 was not stored: %2")
                                .arg(ack.dedupKey, failure));
        }
    }

    // The door log names its event without depending on it: no lookup, nothing to refuse.
    QList<DoorOpening> storedDoors;
    storedDoors.reserve(doors.size());
    for (const DoorOpening &entry : std::as_const(doors)) {
        if (!control.exec(u"SAVEPOINT gw_door"_s))
            return failBatch(u"SAVEPOINT"_s);
        QString failure;
        std::optional<DoorOpening> storedDoor;
        DoorOpeningColumns::bind(upsertDoor, entry);
        if (!upsertDoor.exec())
            failure = upsertDoor.lastError().text();
        upsertDoor.finish();
        if (failure.isEmpty()) {
            findDoor.bindValue(0, entry.requestId);
            if (!findDoor.exec())
                failure = findDoor.lastError().text();
            else if (findDoor.next())
                storedDoor = DoorOpeningColumns::read(findDoor, 0);
            else
                failure = tr("it could not be read back");
            findDoor.finish();
        }
        if (failure.isEmpty()) {
            if (!control.exec(u"RELEASE SAVEPOINT gw_door"_s))
                return failBatch(u"RELEASE SAVEPOINT"_s);
            storedDoors.append(*storedDoor);
        } else {
            if (!control.exec(u"ROLLBACK TO SAVEPOINT gw_door"_s)
                || !control.exec(u"RELEASE SAVEPOINT gw_door"_s))
                return failBatch(failure);
            failures.append(
                tr("The door log entry %1 was not stored: %2").arg(entry.requestId, failure));
        }
    }

    // Last, after the events they stand for. A point that cannot be written must not hold back
    // the events: it is reported and dropped (a back-fill then resumes from an earlier point, or
    // from the newest stored event).
    if (!points.isEmpty()) {
        if (!control.exec(u"SAVEPOINT gw_backfill"_s))
            return failBatch(u"SAVEPOINT"_s);
        QString failure;
        if (writeResumePoints(points, &failure)) {
            if (!control.exec(u"RELEASE SAVEPOINT gw_backfill"_s))
                return failBatch(u"RELEASE SAVEPOINT"_s);
        } else {
            if (!control.exec(u"ROLLBACK TO SAVEPOINT gw_backfill"_s)
                || !control.exec(u"RELEASE SAVEPOINT gw_backfill"_s))
                return failBatch(failure);
            failures.append(tr("Where the back-fill resumes was not stored: %1").arg(failure));
        }
    }

    if (!control.exec(u"COMMIT"_s))
        return failBatch(u"COMMIT"_s);

    qCDebug(lcStore) << "committed" << stored.size() << "events," << duplicates.size()
                     << "duplicates," << storedAcks.size() << "acknowledgements,"
                     << storedDoors.size() << "door log entries," << failures.size() << "failed";
    for (const QString &failure : std::as_const(failures)) {
        qCWarning(lcStore).noquote() << failure;
        emit storeError(failure);
    }
    if (!stored.isEmpty())
        emit committed(stored);
    if (!duplicates.isEmpty())
        emit duplicatesIgnored(duplicates);
    if (!storedAcks.isEmpty())
        emit acknowledged(storedAcks);
    if (!storedDoors.isEmpty())
        emit doorOpeningsLogged(storedDoors);
    return true;
}

void EventStore::setBackfillResumePoint(const QString &deviceSn, qint64 fromMs)
{
    if (deviceSn.isEmpty())
        return;
    m_pendingResumePoints.append(ResumePoint { deviceSn, fromMs < 0 ? -1 : fromMs });
    schedule();
}

bool EventStore::writeResumePoints(const QList<ResumePoint> &points, QString *failure)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery upsert(db);
    QSqlQuery remove(db);
    const QString table = u"backfill_progress"_s;
    if (!upsert.prepare(m_dialect.upsert(table, { u"device_sn"_s, u"resume_from_ms"_s },
                                         u"device_sn"_s, { u"resume_from_ms"_s }))) {
        *failure = upsert.lastError().text();
        return false;
    }
    if (!remove.prepare(u"DELETE FROM backfill_progress WHERE device_sn = ?"_s)) {
        *failure = remove.lastError().text();
        return false;
    }
    for (const ResumePoint &point : points) {
        QSqlQuery &query = point.fromMs < 0 ? remove : upsert;
        query.bindValue(0, point.deviceSn);
        if (point.fromMs >= 0)
            query.bindValue(1, point.fromMs);
        if (!query.exec()) {
            *failure = query.lastError().text();
            return false;
        }
        query.finish();
    }
    return true;
}

void EventStore::findBackfillStart(quint64 requestId, const QString &deviceSn,
                                   qint64 receivedBeforeMs)
{
    if (!m_open) {
        emit backfillStartFound(requestId, -1, tr("the database is not open"));
        return;
    }
    // What was received before the connection dropped may still wait for its transaction, and
    // so may a resume point.
    flush();
    // A point the flush could not write still counts: the last one given wins.
    for (qsizetype i = m_pendingResumePoints.size() - 1; i >= 0; --i) {
        const ResumePoint &point = m_pendingResumePoints.at(i);
        if (point.deviceSn != deviceSn)
            continue;
        if (point.fromMs >= 0) {
            emit backfillStartFound(requestId, point.fromMs, QString());
            return;
        }
        break; // forgotten: the back-fill completed
    }

    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(u"SELECT resume_from_ms FROM backfill_progress WHERE device_sn = ?"_s)) {
        emit backfillStartFound(requestId, -1, query.lastError().text());
        return;
    }
    query.bindValue(0, deviceSn);
    if (!query.exec()) {
        emit backfillStartFound(requestId, -1, query.lastError().text());
        return;
    }
    if (query.next()) {
        emit backfillStartFound(requestId, query.value(0).toLongLong(), QString());
        return;
    }
    query.finish();

    // Walks the (device_sn, timestamp_ms) index from the newest end and stops at the first
    // event received before the connection came online: the few it received since are skipped.
    if (!query.prepare(u"SELECT timestamp_ms FROM events WHERE device_sn = ? "
                       "AND timestamp_ms IS NOT NULL AND received_at_ms < ? "
                       "ORDER BY timestamp_ms DESC LIMIT 1"_s)) {
        emit backfillStartFound(requestId, -1, query.lastError().text());
        return;
    }
    query.bindValue(0, deviceSn);
    query.bindValue(1, receivedBeforeMs);
    if (!query.exec()) {
        emit backfillStartFound(requestId, -1, query.lastError().text());
        return;
    }
    const qint64 from = query.next() ? query.value(0).toLongLong() : -1;
    query.finish();
    emit backfillStartFound(requestId, from, QString());
}
