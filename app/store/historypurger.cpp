#include "historypurger.h"

#include "snapshotfiles.h"
#include "sqldialect.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTimer>

#include <atomic>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace {

QString nextConnectionName()
{
    static std::atomic<int> counter { 0 };
    return u"gatewatch.purger.%1"_s.arg(counter.fetch_add(1));
}

constexpr qint64 DayMs = 24LL * 60 * 60 * 1000;
// Snapshots examined per step when looking for old ones: a step costs the same whether few or
// many of them are old.
constexpr int SnapshotWindow = 2000;

QString idList(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (const qint64 id : ids)
        parts.append(QString::number(id));
    return parts.join(u',');
}

} // namespace

HistoryPurger::HistoryPurger(QString databasePath, QObject *parent)
    : QObject(parent)
    , m_databasePath(std::move(databasePath))
    , m_connectionName(nextConnectionName())
    , m_interval(new QTimer(this))
{
    qRegisterMetaType<RetentionPolicy>();
    qRegisterMetaType<PurgeReport>();
    m_interval->setInterval(m_intervalMs);
    connect(m_interval, &QTimer::timeout, this, &HistoryPurger::purgeNow);
}

HistoryPurger::~HistoryPurger()
{
    stop();
}

void HistoryPurger::setPolicy(const RetentionPolicy &policy)
{
    if (policy == m_policy)
        return;
    m_policy = policy;
    if (m_policy.isActive()) {
        m_interval->start();
        purgeNow();
    } else {
        m_interval->stop();
    }
}

void HistoryPurger::setInterval(int intervalMs)
{
    m_intervalMs = std::max(1000, intervalMs);
    m_interval->setInterval(m_intervalMs);
}

void HistoryPurger::purgeNow()
{
    if (m_step != Step::Idle) {
        m_again = true;
        return;
    }
    m_report = {};
    m_snapshotBytes = -1;
    m_walkAfter = 0;
    m_again = false;
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    m_step = m_policy.keepEventsDays > 0 ? Step::Events
        : m_policy.keepSnapshotsDays > 0 ? Step::Snapshots
        : m_policy.maxSnapshotBytes > 0  ? Step::SnapshotSize
                                         : Step::Vacuum;
    emit purgeStarted();
    scheduleStep();
}

void HistoryPurger::stop()
{
    m_interval->stop();
    m_step = Step::Idle;
    m_again = false;
    if (m_open) {
        QSqlDatabase::database(m_connectionName, false).close();
        m_open = false;
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool HistoryPurger::ensureOpen(QString *error)
{
    if (m_open)
        return true;
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    db.setDatabaseName(m_databasePath);
    if (!db.open()) {
        *error = tr("Cannot open the database %1: %2").arg(m_databasePath, db.lastError().text());
        return false;
    }
    QSqlQuery query(db);
    // Foreign keys: deleting an event deletes its snapshot and acknowledgement with it.
    const SqlDialect dialect(SqlDialect::Kind::Sqlite);
    for (const QString &statement : dialect.writerSessionSetup(5000)) {
        if (!query.exec(statement)) {
            *error = tr("Cannot prepare the database %1 (%2): %3")
                         .arg(m_databasePath, statement, query.lastError().text());
            db.close();
            return false;
        }
    }
    m_open = true;
    return true;
}

void HistoryPurger::scheduleStep() const
{
    // One step per turn of the event loop: what was queued meanwhile (the recorder's commits)
    // goes first.
    QTimer::singleShot(0, this, &HistoryPurger::runStep);
}

void HistoryPurger::runStep()
{
    if (m_step == Step::Idle)
        return;
    QString error;
    if (!ensureOpen(&error)) {
        finish(error);
        return;
    }
    qint64 done = 0;
    switch (m_step) {
    case Step::Events:
        done = deleteOldEvents();
        break;
    case Step::Snapshots:
        done = deleteOldSnapshots();
        break;
    case Step::SnapshotSize:
        done = deleteSnapshotsBeyondSize();
        break;
    case Step::SegmentFiles:
        done = deleteUnusedSegments();
        break;
    case Step::Vacuum:
        done = releasePages();
        break;
    case Step::Idle:
        return;
    }
    if (done < 0)
        return; // finished with the error
    if (done == 0) {
        // This part is through: on to the next one the policy asks for.
        if (m_step == Step::Events)
            m_step = m_policy.keepSnapshotsDays > 0 ? Step::Snapshots
                : m_policy.maxSnapshotBytes > 0     ? Step::SnapshotSize
                                                    : Step::SegmentFiles;
        else if (m_step == Step::Snapshots)
            m_step = m_policy.maxSnapshotBytes > 0 ? Step::SnapshotSize : Step::SegmentFiles;
        else if (m_step == Step::SnapshotSize)
            m_step = Step::SegmentFiles;
        else if (m_step == Step::SegmentFiles)
            m_step = Step::Vacuum;
        else {
            finish();
            return;
        }
    }
    scheduleStep();
}

qint64 HistoryPurger::cutoffMs(int days) const
{
    return m_startedMs - qint64(days) * DayMs;
}

qint64 HistoryPurger::deleteOldEvents()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    // By recognition time; an event without one (rare firmware) by the time it arrived.
    query.prepare(u"SELECT id FROM events WHERE timestamp_ms < :cutoff "
                  "UNION ALL SELECT id FROM events WHERE timestamp_ms IS NULL "
                  "AND received_at_ms < :cutoff2 LIMIT %1"_s.arg(ChunkRows));
    const qint64 cutoff = cutoffMs(m_policy.keepEventsDays);
    query.bindValue(u":cutoff"_s, cutoff);
    query.bindValue(u":cutoff2"_s, cutoff);
    if (!query.exec()) {
        finish(tr("Cannot find old recognitions: %1").arg(query.lastError().text()));
        return -1;
    }
    QList<qint64> ids;
    while (query.next())
        ids.append(query.value(0).toLongLong());
    if (ids.isEmpty())
        return 0;
    const QString list = idList(ids);
    const QStringList statements = {
        u"BEGIN IMMEDIATE"_s,
        u"SELECT count(*), total(coalesce(length(jpeg), byte_length)) FROM snapshots "_s
        u"WHERE event_id IN (%1)"_s.arg(list),
        u"DELETE FROM events WHERE id IN (%1)"_s.arg(list),
        u"COMMIT"_s,
    };
    qint64 snapshots = 0;
    qint64 bytes = 0;
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            const QString reason = query.lastError().text();
            query.exec(u"ROLLBACK"_s);
            finish(tr("Cannot delete old recognitions: %1").arg(reason));
            return -1;
        }
        if (query.isSelect() && query.next()) {
            snapshots = query.value(0).toLongLong();
            bytes = qint64(query.value(1).toDouble());
        }
    }
    m_report.eventsDeleted += ids.size();
    m_report.snapshotsDeleted += snapshots;
    m_report.snapshotBytesDeleted += bytes;
    return ids.size();
}

qint64 HistoryPurger::deleteOldSnapshots()
{
    // Walks the snapshots in windows of event ids (m_walkAfter: the last id seen): records
    // outlive their faces, so walking the events by time would cross every face-less record
    // again at each purge.
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    query.prepare(u"SELECT s.event_id, coalesce(length(s.jpeg), s.byte_length), e.timestamp_ms, "
                  u"e.received_at_ms "
                  "FROM (SELECT event_id FROM snapshots WHERE event_id > :after "
                  "ORDER BY event_id LIMIT %1) w "
                  "JOIN snapshots s ON s.event_id = w.event_id "
                  "JOIN events e ON e.id = w.event_id"_s.arg(SnapshotWindow));
    query.bindValue(u":after"_s, m_walkAfter);
    if (!query.exec()) {
        finish(tr("Cannot find old snapshots: %1").arg(query.lastError().text()));
        return -1;
    }
    const qint64 cutoff = cutoffMs(m_policy.keepSnapshotsDays);
    QList<qint64> ids;
    qint64 bytes = 0;
    qint64 windowEnd = -1;
    while (query.next()) {
        windowEnd = std::max(windowEnd, query.value(0).toLongLong());
        const QVariant time = query.value(2);
        const qint64 when = time.isNull() ? query.value(3).toLongLong() : time.toLongLong();
        if (when < cutoff) {
            ids.append(query.value(0).toLongLong());
            bytes += query.value(1).toLongLong();
        }
    }
    if (windowEnd < 0)
        return 0; // every snapshot seen
    m_walkAfter = windowEnd;
    if (!ids.isEmpty()) {
        if (!deleteSnapshots(ids, tr("Cannot delete old snapshots: %1")))
            return -1;
        m_report.snapshotsDeleted += ids.size();
        m_report.snapshotBytesDeleted += bytes;
    }
    // Not done while there are windows left, even one without anything old in it.
    return std::max<qint64>(1, ids.size());
}

qint64 HistoryPurger::deleteSnapshotsBeyondSize()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    if (m_snapshotBytes < 0) {
        // length() of a blob is read from the row's header, not from the blob itself.
        if (!query.exec(u"SELECT total(coalesce(length(jpeg), byte_length)) FROM snapshots"_s)
            || !query.next()) {
            finish(tr("Cannot measure the snapshots: %1").arg(query.lastError().text()));
            return -1;
        }
        m_snapshotBytes = qint64(query.value(0).toDouble());
    }
    const qint64 excess = m_snapshotBytes - m_policy.maxSnapshotBytes;
    if (excess <= 0)
        return 0;
    // The oldest first, in the order they were stored.
    if (!query.exec(u"SELECT event_id, coalesce(length(jpeg), byte_length) FROM snapshots "_s
                    u"ORDER BY event_id LIMIT %1"_s.arg(ChunkRows))) {
        finish(tr("Cannot find the oldest snapshots: %1").arg(query.lastError().text()));
        return -1;
    }
    QList<qint64> ids;
    qint64 bytes = 0;
    while (bytes < excess && query.next()) {
        ids.append(query.value(0).toLongLong());
        bytes += query.value(1).toLongLong();
    }
    if (ids.isEmpty())
        return 0;
    if (!deleteSnapshots(ids, tr("Cannot delete the oldest snapshots: %1")))
        return -1;
    m_snapshotBytes -= bytes;
    m_report.snapshotsDeleted += ids.size();
    m_report.snapshotBytesDeleted += bytes;
    return ids.size();
}

bool HistoryPurger::deleteSnapshots(const QList<qint64> &ids, const QString &failure)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    const QStringList statements = {
        u"BEGIN IMMEDIATE"_s,
        u"DELETE FROM snapshots WHERE event_id IN (%1)"_s.arg(idList(ids)),
        u"COMMIT"_s,
    };
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            const QString reason = query.lastError().text();
            query.exec(u"ROLLBACK"_s);
            finish(failure.arg(reason));
            return false;
        }
    }
    return true;
}

qint64 HistoryPurger::deleteUnusedSegments()
{
    const QString folder = SnapshotFiles::folderFor(m_databasePath);
    if (folder.isEmpty())
        return 0;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    // The index on (segment, segment_offset) answers each question without a scan.
    query.prepare(u"SELECT 1 FROM snapshots WHERE segment = ? LIMIT 1"_s);
    const auto isReferenced = [&query](qint64 segment) -> std::optional<bool> {
        query.bindValue(0, segment);
        if (!query.exec())
            return std::nullopt;
        const bool referenced = query.next();
        query.finish();
        return referenced;
    };
    // Under the database's write lock: a writer (of any process) appends and commits the rows
    // that point at its bytes inside its write transaction, so none is half-way meanwhile.
    QSqlQuery control(QSqlDatabase::database(m_connectionName, false));
    if (!control.exec(u"BEGIN IMMEDIATE"_s)) {
        finish(tr("Cannot delete unused snapshot files: %1").arg(control.lastError().text()));
        return -1;
    }
    QString error;
    qsizetype deleted = 0;
    const qint64 freed = SnapshotFiles::removeUnreferenced(folder, isReferenced, &error, &deleted);
    control.exec(u"COMMIT"_s);
    m_report.segmentFilesDeleted += deleted;
    if (freed < 0) {
        finish(tr("Cannot delete unused snapshot files: %1").arg(error));
        return -1;
    }
    m_report.segmentBytesFreed += freed;
    return 0;
}

qint64 HistoryPurger::releasePages()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    // 2: incremental. A database created before GateWatch chose it has 0 and keeps its free
    // pages for reuse.
    if (!query.exec(u"PRAGMA auto_vacuum"_s) || !query.next() || query.value(0).toInt() != 2)
        return 0;
    if (!query.exec(u"PRAGMA freelist_count"_s) || !query.next())
        return 0;
    const qint64 before = query.value(0).toLongLong();
    if (before == 0)
        return 0;
    if (!query.exec(u"PRAGMA incremental_vacuum(%1)"_s.arg(VacuumPages))) {
        finish(tr("Cannot release free space: %1").arg(query.lastError().text()));
        return -1;
    }
    while (query.next()) { } // the pragma works as its rows are stepped through
    if (!query.exec(u"PRAGMA freelist_count"_s) || !query.next())
        return 0;
    const qint64 released = before - query.value(0).toLongLong();
    m_report.pagesReleased += released;
    return std::max<qint64>(0, released);
}

void HistoryPurger::finish(const QString &error)
{
    m_step = Step::Idle;
    m_report.error = error;
    if (!error.isEmpty()) {
        qCWarning(lcStore).noquote() << "history purge stopped:" << error;
    } else if (m_report.eventsDeleted > 0 || m_report.snapshotsDeleted > 0) {
        qCInfo(lcStore).noquote() << "history purge:" << m_report.eventsDeleted
                                  << "recognitions and" << m_report.snapshotsDeleted
                                  << "snapshots deleted," << m_report.snapshotBytesDeleted
                                  << "snapshot bytes," << m_report.segmentFilesDeleted
                                  << "snapshot files deleted (" << m_report.segmentBytesFreed
                                  << "bytes )," << m_report.pagesReleased << "pages released";
    }
    emit purgeFinished(m_report);
    if (m_again)
        purgeNow();
}
