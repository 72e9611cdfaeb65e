#include "eventstore.h"

#include "acknowledgementcolumns.h"
#include "dooropeningcolumns.h"
#include "eventcolumns.h"
#include "schema.h"
#include "snapshotfiles.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QSize>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringBuilder>
#include <QTimer>

#include <atomic>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStore, "gatewatch.store", QtInfoMsg)

namespace {

QString nextConnectionName()
{
    static std::atomic<int> counter { 0 };
    return u"gatewatch.store.%1"_s.arg(counter.fetch_add(1));
}

// The SQLite connection under Qt's, when it is one.
sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

struct BackfillStart
{
    qint64 fromMs = -1;
    QString error;
};

// Where a back-fill of `deviceSn` starts, by what the database at `db` holds (see
// EventStore::findBackfillStart).
BackfillStart backfillStartIn(const QSqlDatabase &db, const QString &deviceSn,
                              qint64 receivedBeforeMs)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(u"SELECT resume_from_ms FROM backfill_progress WHERE device_sn = ?"_s))
        return { -1, query.lastError().text() };
    query.bindValue(0, deviceSn);
    if (!query.exec())
        return { -1, query.lastError().text() };
    if (query.next())
        return { query.value(0).toLongLong(), QString() };
    query.finish();

    // Walks the (device_sn, timestamp_ms) index from the newest end and stops at the first
    // event received before the connection came online: the few it received since are skipped.
    if (!query.prepare(u"SELECT timestamp_ms FROM events WHERE device_sn = ? "
                       "AND timestamp_ms IS NOT NULL AND received_at_ms < ? "
                       "ORDER BY timestamp_ms DESC LIMIT 1"_s))
        return { -1, query.lastError().text() };
    query.bindValue(0, deviceSn);
    query.bindValue(1, receivedBeforeMs);
    if (!query.exec())
        return { -1, query.lastError().text() };
    const qint64 from = query.next() ? query.value(0).toLongLong() : -1;
    query.finish();
    return { from, QString() };
}

} // namespace

EventStore::EventStore(QString databasePath, const StoreOptions &options, QObject *parent)
    : QObject(parent)
    , m_databasePath(std::move(databasePath))
    , m_options(options)
    , m_dialect(SqlDialect::Kind::Sqlite)
    , m_snapshotFiles(std::make_unique<SnapshotFiles>(SnapshotFiles::folderFor(m_databasePath),
                                                      options.snapshotSegmentBytes))
    , m_connectionName(nextConnectionName())
    , m_timer(new QTimer(this))
    , m_retryTimer(new QTimer(this))
    , m_heldReportTimer(new QTimer(this))
{
    registerMetaTypes();
    m_timer->setSingleShot(true);
    m_timer->setInterval(std::max(0, m_options.flushIntervalMs));
    connect(m_timer, &QTimer::timeout, this, &EventStore::flush);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &EventStore::retryWriting);
    // Events can arrive by the hundred per second: their count is told at most twice a second.
    m_heldReportTimer->setSingleShot(true);
    m_heldReportTimer->setInterval(500);
    connect(m_heldReportTimer, &QTimer::timeout, this, [this] { emit heldChanged(held()); });
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
    qRegisterMetaType<HeldEvents>();
}

HeldEvents EventStore::held() const
{
    return HeldEvents { m_pending.size(), m_droppedEvents, m_droppedSnapshots };
}

bool EventStore::open()
{
    if (m_open)
        return true;

    QString error;
    std::optional<WriteProblem> problem;
    if (!openConnection(&error, &problem)) {
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

bool EventStore::openConnection(QString *message, std::optional<WriteProblem> *problem)
{
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
    QSqlError failure;
    QString failedStep;
    QString migrationError;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect.driverName(), m_connectionName);
        db.setDatabaseName(m_databasePath);
        if (!db.open()) {
            failure = db.lastError();
        } else {
            QSqlQuery query(db);
            QStringList statements = m_dialect.writerSessionSetup(m_options.busyTimeoutMs);
            // Writing is what the store is for: a database that can be read but not written (a
            // read-only file or file system; SQLite then opens it read-only without a word) is
            // refused here, with the reason, rather than at the first commit.
            statements.append(m_dialect.beginWriteTransaction());
            for (const QString &statement : std::as_const(statements)) {
                if (!query.exec(statement)) {
                    failure = query.lastError();
                    failedStep = statement;
                    break;
                }
            }
            if (!failure.isValid())
                query.exec(u"ROLLBACK"_s);
            if (!failure.isValid() && !Schema::migrate(db, m_dialect, &migrationError))
                failure = QSqlError(QString(), migrationError, QSqlError::UnknownError);
            query.finish();
            if (failure.isValid())
                db.close();
        }
    }
    if (!failure.isValid()) {
        m_connected = true;
        return true;
    }

    QSqlDatabase::removeDatabase(m_connectionName);
    problem->reset();
    if (WriteProblem::isStorageError(failure)) {
        *problem = WriteProblem::diagnose(m_databasePath, failure);
    } else if (!migrationError.isEmpty()) {
        // The schema reports text only: creating the tables of a new database on a full disk,
        // for one, is told by the file system.
        const WriteProblem diagnosed = WriteProblem::diagnose(m_databasePath, migrationError);
        if (diagnosed.kind() != WriteProblem::Kind::Other)
            *problem = diagnosed;
    }
    if (*problem && (*problem)->kind() != WriteProblem::Kind::Other) {
        *message = tr("Cannot open the database %1 for writing: %2. To record, %3.")
                       .arg(m_databasePath, (*problem)->describe(), (*problem)->remedy());
    } else if (!migrationError.isEmpty()) {
        *message = tr("Cannot update the schema of the database %1: %2")
                       .arg(m_databasePath, migrationError);
    } else if (!failedStep.isEmpty()) {
        *message = tr("Cannot prepare the database %1 (%2): %3")
                       .arg(m_databasePath, failedStep, failure.text());
    } else {
        *message = tr("Cannot open the database %1: %2").arg(m_databasePath, failure.text());
    }
    return false;
}

void EventStore::closeConnection(bool keepWalFiles)
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        // A reader (history, export) of a WAL database needs its -shm file, and cannot create
        // it on a full disk: SQLite deletes both files when its last connection closes, unless
        // told to keep them.
        if (sqlite3 *connection = keepWalFiles ? sqliteHandle(db) : nullptr) {
            int persist = 1;
            sqlite3_file_control(connection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connected = false;
    m_snapshotFiles->close();
}

void EventStore::addEvent(const RecognitionEvent &event)
{
    if (hold(event))
        schedule();
}

void EventStore::addEvents(const QList<RecognitionEvent> &events)
{
    if (events.isEmpty())
        return;
    if (m_writable) {
        m_pending.append(events);
    } else {
        for (const RecognitionEvent &event : events)
            hold(event);
    }
    schedule();
}

bool EventStore::hold(const RecognitionEvent &event)
{
    if (m_writable) {
        m_pending.append(event);
        return true;
    }
    if (!m_heldReportTimer->isActive())
        m_heldReportTimer->start();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_pending.size() >= std::max(1, m_options.maxHeldEvents)) {
        if (m_droppedEvents++ == 0) {
            m_firstDroppedAt = now;
            const QString message
                = tr("%n event(s) wait to be stored, as many as are kept in memory: events "
                     "received from now on are not stored until the database can be written "
                     "again.",
                     nullptr, int(m_pending.size()));
            qCWarning(lcStore).noquote() << message;
            emit storeError(message);
        }
        m_lastDroppedAt = now;
        return false;
    }
    const qint64 bytes = event.snapshotJpeg.size();
    if (bytes > 0 && m_heldSnapshotBytes + bytes > m_options.maxHeldSnapshotBytes) {
        // The record of who passed matters more than the picture: keep the event.
        RecognitionEvent withoutSnapshot = event;
        withoutSnapshot.snapshotJpeg = QByteArray();
        withoutSnapshot.snapshotSize = QSize();
        withoutSnapshot.snapshotError
            = tr("not kept: it arrived while the database could not be written, with the memory "
                 "for snapshots waiting to be stored full");
        m_pending.append(withoutSnapshot);
        if (m_droppedSnapshots++ == 0) {
            const QString message
                = tr("The snapshots waiting to be stored fill the memory set aside for them "
                     "(%1): events received from now on are kept without their snapshot "
                     "until the database can be written again.")
                      .arg(QLocale().formattedDataSize(m_options.maxHeldSnapshotBytes));
            qCWarning(lcStore).noquote() << message;
            emit storeError(message);
        }
        return true;
    }
    m_heldSnapshotBytes += bytes;
    m_pending.append(event);
    return true;
}

void EventStore::recountHeldSnapshotBytes()
{
    m_heldSnapshotBytes = 0;
    for (const RecognitionEvent &event : std::as_const(m_pending))
        m_heldSnapshotBytes += event.snapshotJpeg.size();
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
    // open() schedules what arrived before it; while writing is stopped, the retry timer writes.
    if (!m_open || !m_writable)
        return;
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
    if (!m_writable) {
        retryWriting();
        return;
    }
    QSqlError failure;
    if (!commitPending(-1, &failure))
        stopWriting(WriteProblem::diagnose(m_databasePath, failure));
}

void EventStore::stopWriting(const WriteProblem &problem)
{
    // Not held open while it cannot write: an administrator can then remount or repair the
    // file system (a remount is refused while files are open for writing), and the next
    // attempt starts from a new connection, checked like the first.
    closeConnection(true);
    const bool justStopped = m_writable;
    const bool reasonChanged = !m_problem || m_problem->kind() != problem.kind();
    m_problem = problem;
    if (justStopped) {
        m_writable = false;
        m_retryDelayMs = std::max(1, m_options.retryIntervalMs);
        m_storedWhileStopped = 0;
        m_droppedEvents = 0;
        m_droppedSnapshots = 0;
        recountHeldSnapshotBytes();
    } else {
        const int longest = std::max(m_options.retryIntervalMs, m_options.maxRetryIntervalMs);
        m_retryDelayMs = int(std::min(qint64 { m_retryDelayMs } * 2, qint64 { longest }));
    }
    // Said by whoever shows it (the recorder on stderr, the window and its log): logged here
    // only for debugging, at every attempt.
    qCDebug(lcStore).noquote() << u"cannot write (%1); next attempt in %2 ms"_s.arg(
        problem.detail(), QString::number(m_retryDelayMs));
    if (reasonChanged) {
        const QString message
            = tr("Recording stopped: %1. Events received meanwhile are kept in memory (up to "
                 "%n) and stored as soon as the database can be written again. To resume, %2.",
                 nullptr, std::max(1, m_options.maxHeldEvents))
                  .arg(problem.describe(), problem.remedy());
        emit writableChanged(false, message);
    }
    m_retryTimer->start(m_retryDelayMs);
    m_heldReportTimer->stop();
    emit heldChanged(held());
}

void EventStore::retryWriting()
{
    m_retryTimer->stop();
    if (!m_open || m_writable)
        return;
    if (!m_connected) {
        QString message;
        std::optional<WriteProblem> problem;
        if (!openConnection(&message, &problem)) {
            stopWriting(problem ? *problem : WriteProblem::diagnose(m_databasePath, message));
            return;
        }
    }
    // Batch by batch, each taken out of the log into the database at once: when little space
    // has been freed, what fits is stored, where all that is held, at once, would not fit, and
    // the log does not hold the same pages a second time meanwhile.
    while (hasPending()) {
        QSqlError failure;
        if (!commitPending(catchUpBatchSize(), &failure)) {
            recountHeldSnapshotBytes();
            stopWriting(WriteProblem::diagnose(m_databasePath, failure));
            return;
        }
        if (!truncateLog(&failure)) {
            // Committed, so in the log; the database file could not take it in.
            recountHeldSnapshotBytes();
            stopWriting(WriteProblem::diagnose(m_databasePath, failure));
            return;
        }
    }
    resumeWriting();
}

qsizetype EventStore::catchUpBatchSize() const
{
    const qsizetype most
        = std::min(m_pending.size(), qsizetype(std::max(1, m_options.maxBatchSize)));
    qint64 bytes = 0;
    for (qsizetype count = 0; count < most; ++count) {
        bytes += m_pending.at(count).snapshotJpeg.size();
        if (bytes > m_options.catchUpBatchSnapshotBytes)
            return std::max(qsizetype { 1 }, count);
    }
    return most;
}

bool EventStore::truncateLog(QSqlError *storageFailure)
{
    sqlite3 *connection = sqliteHandle(QSqlDatabase::database(m_connectionName, false));
    if (!connection)
        return true;
    // A reader (the history, an export) keeps the frames it reads: they stay, without a wait.
    sqlite3_busy_timeout(connection, 0);
    int logFrames = 0;
    int copiedFrames = 0;
    const int result = sqlite3_wal_checkpoint_v2(connection, "main", SQLITE_CHECKPOINT_TRUNCATE,
                                                 &logFrames, &copiedFrames);
    sqlite3_busy_timeout(connection, m_options.busyTimeoutMs);
    qCDebug(lcStore).noquote() << u"log checkpoint: %1 (%2 of %3 frames in the database)"_s.arg(
        QString::fromUtf8(sqlite3_errstr(result)), QString::number(copiedFrames),
        QString::number(logFrames));
    if (result == SQLITE_OK || result == SQLITE_BUSY || result == SQLITE_LOCKED)
        return true;
    *storageFailure = QSqlError(QString(), QString::fromUtf8(sqlite3_errstr(result)),
                                QSqlError::TransactionError, QString::number(result));
    return false;
}

void EventStore::resumeWriting()
{
    const auto time = [](const QDateTime &at) {
        return at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
    };
    QString message = tr("Recording resumed: %1 can be written again.").arg(m_databasePath);
    if (m_storedWhileStopped > 0)
        message += u' '
            + tr("%n event(s) received while it could not be written were stored.", nullptr,
                 int(m_storedWhileStopped));
    if (m_droppedEvents > 0)
        message += u' '
            + tr("%n event(s) received from %1 to %2 could not be kept and are not in the "
                 "database.",
                 nullptr, int(m_droppedEvents))
                  .arg(time(m_firstDroppedAt), time(m_lastDroppedAt));
    if (m_droppedSnapshots > 0)
        message += u' '
            + tr("%n event(s) were stored without their snapshot, for want of memory to keep it.",
                 nullptr, int(m_droppedSnapshots));
    m_writable = true;
    m_problem.reset();
    m_retryTimer->stop();
    m_heldReportTimer->stop();
    m_heldSnapshotBytes = 0;
    m_storedWhileStopped = 0;
    m_droppedEvents = 0;
    m_droppedSnapshots = 0;
    qCDebug(lcStore) << "writing resumed";
    emit writableChanged(true, message);
    emit heldChanged(held());
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
    if (m_droppedEvents > 0) {
        const QString message = tr("%n event(s) received while the database could not be "
                                   "written were not kept.",
                                   nullptr, int(m_droppedEvents));
        qCWarning(lcStore).noquote() << message;
        emit storeError(message);
    }
    m_timer->stop();
    m_retryTimer->stop();
    m_heldReportTimer->stop();
    if (m_connected)
        closeConnection(false);
    m_open = false;
    // A store opened again starts afresh: its first commit tells whether it can write.
    m_writable = true;
    m_problem.reset();
    m_heldSnapshotBytes = 0;
    m_storedWhileStopped = 0;
    m_droppedEvents = 0;
    m_droppedSnapshots = 0;
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

bool EventStore::commitPending(qsizetype maxEvents, QSqlError *storageFailure)
{
    QList<RecognitionEvent> batch;
    if (maxEvents < 0 || maxEvents >= m_pending.size()) {
        batch.swap(m_pending);
    } else {
        batch = m_pending.first(maxEvents);
        m_pending.remove(0, maxEvents);
    }
    // The rest goes with the last events: an acknowledgement may name an event of the batch,
    // and a resume point must not run ahead of the events it stands for.
    QList<Acknowledgement> acks;
    QList<DoorOpening> doors;
    QList<ResumePoint> points;
    if (m_pending.isEmpty()) {
        acks.swap(m_pendingAcks);
        doors.swap(m_pendingDoors);
        points.swap(m_pendingResumePoints);
    }

    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery control(db);
    // The storage failed (a full disk, a read-only file, a lock, an I/O error): rolls back and
    // gives the whole batch back to the front of the pending lists, for the next attempt.
    const auto failBatch = [&](const QSqlError &error, const QString &step) {
        control.exec(u"ROLLBACK"_s);
        m_snapshotFiles->rollback();
        qCDebug(lcStore).noquote() << u"could not store %1 (%2): %3"_s.arg(
            describeBatch(batch.size(), acks.size(), doors.size()), step, error.text());
        *storageFailure = error;
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
    const auto isStorage = [](const QSqlQuery &query) {
        return WriteProblem::isStorageError(query.lastError());
    };

    // Before BEGIN: a batch that fails from here on cuts off only its own snapshots' bytes.
    m_snapshotFiles->beginBatch();
    if (!control.exec(m_dialect.beginWriteTransaction()))
        return failBatch(control.lastError(), m_dialect.beginWriteTransaction());

    QSqlQuery insertEvent(db);
    QSqlQuery insertSnapshot(db);
    QSqlQuery findEvent(db);
    QSqlQuery insertAck(db);
    QSqlQuery findAck(db);
    QSqlQuery upsertDoor(db);
    QSqlQuery findDoor(db);
    QSqlError prepareError;
    const auto prepare = [&prepareError](QSqlQuery &query, const QString &sql) {
        if (!prepareError.isValid() && !query.prepare(sql))
            prepareError = query.lastError();
    };
    prepare(insertEvent,
            m_dialect.insertIgnoringDuplicatesReturningId(u"events"_s, EventColumns::eventColumns(),
                                                          u"dedup_key"_s));
    prepare(insertSnapshot,
            u"INSERT INTO snapshots (event_id, jpeg, width, height, segment, segment_offset, "_s
            u"byte_length) VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
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
    if (prepareError.isValid()) {
        if (WriteProblem::isStorageError(prepareError))
            return failBatch(prepareError, u"PREPARE"_s);
        control.exec(u"ROLLBACK"_s);
        const QString message
            = tr("Could not store %1: %2")
                  .arg(describeBatch(batch.size(), acks.size(), doors.size()), prepareError.text());
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
            return failBatch(control.lastError(), u"SAVEPOINT"_s);
        const QString key = event.deduplicationKey();
        QSqlError failure;
        qint64 id = -1;
        EventColumns::bindEvent(insertEvent, event);
        if (!insertEvent.exec()) {
            failure = insertEvent.lastError();
        } else if (insertEvent.next()) {
            id = insertEvent.value(0).toLongLong();
            insertEvent.finish();
            const bool hasSnapshot = !event.snapshotJpeg.isEmpty() || event.snapshotSize.isValid();
            if (hasSnapshot) {
                // The bytes to their segment file first, the row that points at them after.
                const QVariant none(QMetaType::fromType<qint64>());
                SnapshotLocation location;
                if (m_snapshotFiles->isEnabled() && !event.snapshotJpeg.isEmpty()) {
                    QSqlError fileFailure;
                    const std::optional<SnapshotLocation> appended
                        = m_snapshotFiles->append(event.snapshotJpeg, &fileFailure);
                    if (!appended)
                        return failBatch(fileFailure, u"snapshot file"_s);
                    location = *appended;
                }
                insertSnapshot.bindValue(0, id);
                insertSnapshot.bindValue(1,
                                         location.isValid()
                                             ? QVariant(QMetaType::fromType<QByteArray>())
                                             : QVariant(event.snapshotJpeg));
                insertSnapshot.bindValue(4, location.isValid() ? QVariant(location.segment) : none);
                insertSnapshot.bindValue(5, location.isValid() ? QVariant(location.offset) : none);
                insertSnapshot.bindValue(6, location.isValid() ? QVariant(location.length) : none);
                insertSnapshot.bindValue(2,
                                         event.snapshotSize.isValid()
                                             ? QVariant(event.snapshotSize.width())
                                             : QVariant(QMetaType::fromType<int>()));
                insertSnapshot.bindValue(3,
                                         event.snapshotSize.isValid()
                                             ? QVariant(event.snapshotSize.height())
                                             : QVariant(QMetaType::fromType<int>()));
                if (!insertSnapshot.exec())
                    failure = insertSnapshot.lastError();
                insertSnapshot.finish();
            }
        } else {
            insertEvent.finish();
            duplicates.append(key);
        }

        if (!failure.isValid()) {
            if (!control.exec(u"RELEASE SAVEPOINT gw_event"_s))
                return failBatch(control.lastError(), u"RELEASE SAVEPOINT"_s);
            if (id >= 0)
                stored.append(StoredEvent { id, event.deviceSn, key });
        } else {
            // Not this event's fault: the whole batch waits for the storage to come back. (Some
            // of these errors end the whole transaction in SQLite, savepoint and all.)
            if (WriteProblem::isStorageError(failure))
                return failBatch(failure, u"INSERT"_s);
            if (!control.exec(u"ROLLBACK TO SAVEPOINT gw_event"_s)
                || !control.exec(u"RELEASE SAVEPOINT gw_event"_s))
                return failBatch(failure, u"ROLLBACK TO SAVEPOINT"_s);
            failures.append(tr("Event %1 was not stored: %2").arg(key, failure.text()));
        }
    }

    // After the events, so that an acknowledgement finds an event of the same batch.
    QList<Acknowledgement> storedAcks;
    storedAcks.reserve(acks.size());
    for (const Acknowledgement &ack : std::as_const(acks)) {
        if (!control.exec(u"SAVEPOINT gw_ack"_s))
            return failBatch(control.lastError(), u"SAVEPOINT"_s);
        QString failure;
        std::optional<Acknowledgement> storedAck;
        findEvent.bindValue(0, ack.dedupKey);
        if (!findEvent.exec()) {
            if (isStorage(findEvent))
                return failBatch(findEvent.lastError(), u"SELECT"_s);
            failure = findEvent.lastError().text();
        } else if (!findEvent.next()) {
            failure = tr("there is no such event in the database");
        }
        findEvent.finish();
        if (failure.isEmpty()) {
            AcknowledgementColumns::bind(insertAck, ack);
            if (!insertAck.exec()) {
                if (isStorage(insertAck))
                    return failBatch(insertAck.lastError(), u"INSERT"_s);
                failure = insertAck.lastError().text();
            }
            insertAck.finish();
        }
        if (failure.isEmpty()) {
            // Read back what the database holds: the earlier acknowledgement if there was one.
            findAck.bindValue(0, ack.dedupKey);
            if (!findAck.exec()) {
                if (isStorage(findAck))
                    return failBatch(findAck.lastError(), u"SELECT"_s);
                failure = findAck.lastError().text();
            } else if (findAck.next()) {
                storedAck = AcknowledgementColumns::read(findAck, 0);
            }
            if (failure.isEmpty() && !storedAck)
                failure = tr("it could not be read back");
            findAck.finish();
        }

        if (failure.isEmpty()) {
            if (!control.exec(u"RELEASE SAVEPOINT gw_ack"_s))
                return failBatch(control.lastError(), u"RELEASE SAVEPOINT"_s);
            storedAcks.append(*storedAck);
        } else {
            if (!control.exec(u"ROLLBACK TO SAVEPOINT gw_ack"_s)
                || !control.exec(u"RELEASE SAVEPOINT gw_ack"_s))
                return failBatch(control.lastError(), u"ROLLBACK TO SAVEPOINT"_s);
            failures.append(tr("The acknowledgement of event %1 was not stored: %2")
                                .arg(ack.dedupKey, failure));
        }
    }

    // The door log names its event without depending on it: no lookup, nothing to refuse.
    QList<DoorOpening> storedDoors;
    storedDoors.reserve(doors.size());
    for (const DoorOpening &entry : std::as_const(doors)) {
        if (!control.exec(u"SAVEPOINT gw_door"_s))
            return failBatch(control.lastError(), u"SAVEPOINT"_s);
        QString failure;
        std::optional<DoorOpening> storedDoor;
        DoorOpeningColumns::bind(upsertDoor, entry);
        if (!upsertDoor.exec()) {
            if (isStorage(upsertDoor))
                return failBatch(upsertDoor.lastError(), u"INSERT"_s);
            failure = upsertDoor.lastError().text();
        }
        upsertDoor.finish();
        if (failure.isEmpty()) {
            findDoor.bindValue(0, entry.requestId);
            if (!findDoor.exec()) {
                if (isStorage(findDoor))
                    return failBatch(findDoor.lastError(), u"SELECT"_s);
                failure = findDoor.lastError().text();
            } else if (findDoor.next()) {
                storedDoor = DoorOpeningColumns::read(findDoor, 0);
            } else {
                failure = tr("it could not be read back");
            }
            findDoor.finish();
        }
        if (failure.isEmpty()) {
            if (!control.exec(u"RELEASE SAVEPOINT gw_door"_s))
                return failBatch(control.lastError(), u"RELEASE SAVEPOINT"_s);
            storedDoors.append(*storedDoor);
        } else {
            if (!control.exec(u"ROLLBACK TO SAVEPOINT gw_door"_s)
                || !control.exec(u"RELEASE SAVEPOINT gw_door"_s))
                return failBatch(control.lastError(), u"ROLLBACK TO SAVEPOINT"_s);
            failures.append(
                tr("The door log entry %1 was not stored: %2").arg(entry.requestId, failure));
        }
    }

    // Last, after the events they stand for. A point that cannot be written must not hold back
    // the events: it is reported and dropped (a back-fill then resumes from an earlier point, or
    // from the newest stored event).
    if (!points.isEmpty()) {
        if (!control.exec(u"SAVEPOINT gw_backfill"_s))
            return failBatch(control.lastError(), u"SAVEPOINT"_s);
        QSqlError failure;
        if (writeResumePoints(points, &failure)) {
            if (!control.exec(u"RELEASE SAVEPOINT gw_backfill"_s))
                return failBatch(control.lastError(), u"RELEASE SAVEPOINT"_s);
        } else {
            if (WriteProblem::isStorageError(failure))
                return failBatch(failure, u"backfill_progress"_s);
            if (!control.exec(u"ROLLBACK TO SAVEPOINT gw_backfill"_s)
                || !control.exec(u"RELEASE SAVEPOINT gw_backfill"_s))
                return failBatch(failure, u"ROLLBACK TO SAVEPOINT"_s);
            failures.append(
                tr("Where the back-fill resumes was not stored: %1").arg(failure.text()));
        }
    }

    // The snapshots' bytes on the disk before the rows that point at them.
    if (QSqlError syncFailure; !m_snapshotFiles->sync(&syncFailure))
        return failBatch(syncFailure, u"snapshot file"_s);
    if (!control.exec(u"COMMIT"_s))
        return failBatch(control.lastError(), u"COMMIT"_s);

    qCDebug(lcStore) << "committed" << stored.size() << "events," << duplicates.size()
                     << "duplicates," << storedAcks.size() << "acknowledgements,"
                     << storedDoors.size() << "door log entries," << failures.size() << "failed";
    if (!m_writable)
        m_storedWhileStopped += stored.size();
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

bool EventStore::writeResumePoints(const QList<ResumePoint> &points, QSqlError *failure)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery upsert(db);
    QSqlQuery remove(db);
    const QString table = u"backfill_progress"_s;
    if (!upsert.prepare(m_dialect.upsert(table, { u"device_sn"_s, u"resume_from_ms"_s },
                                         u"device_sn"_s, { u"resume_from_ms"_s }))) {
        *failure = upsert.lastError();
        return false;
    }
    if (!remove.prepare(u"DELETE FROM backfill_progress WHERE device_sn = ?"_s)) {
        *failure = remove.lastError();
        return false;
    }
    for (const ResumePoint &point : points) {
        QSqlQuery &query = point.fromMs < 0 ? remove : upsert;
        query.bindValue(0, point.deviceSn);
        if (point.fromMs >= 0)
            query.bindValue(1, point.fromMs);
        if (!query.exec()) {
            *failure = query.lastError();
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
    if (m_connected) {
        const BackfillStart start = backfillStartIn(QSqlDatabase::database(m_connectionName, false),
                                                    deviceSn, receivedBeforeMs);
        emit backfillStartFound(requestId, start.fromMs, start.error);
        return;
    }
    // Writing stopped, and the store's connection with it: a read-only connection of its own
    // answers (a full disk, a read-only file system can still be read).
    const QString name = m_connectionName + u".reader"_s;
    BackfillStart start;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect.driverName(), name);
        db.setDatabaseName(m_databasePath);
        db.setConnectOptions(m_dialect.readerConnectOptions(m_options.busyTimeoutMs));
        if (db.open())
            start = backfillStartIn(db, deviceSn, receivedBeforeMs);
        else
            start.error = db.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    emit backfillStartFound(requestId, start.fromMs, start.error);
}
