#include "eventstore.h"

#include "eventcolumns.h"
#include "schema.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
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
}

void EventStore::registerMetaTypes()
{
    qRegisterMetaType<RecognitionEvent>();
    qRegisterMetaType<QList<RecognitionEvent>>();
    qRegisterMetaType<StoredEvent>();
    qRegisterMetaType<QList<StoredEvent>>();
}

bool EventStore::open()
{
    if (m_open)
        return true;

    QString error;
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
    if (!m_pending.isEmpty())
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
    if (!m_open || m_pending.isEmpty())
        return;
    if (!commitPending()) {
        // Keep the events and try again later: a locked or briefly full disk must not lose
        // what was received.
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
    m_timer->stop();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_open = false;
    qCDebug(lcStore) << "closed" << m_databasePath;
}

bool EventStore::commitPending()
{
    QList<RecognitionEvent> batch;
    batch.swap(m_pending);

    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery control(db);
    // Rolls back and gives the whole batch back to the pending list for the next attempt.
    const auto failBatch = [&](const QString &step) {
        const QString message
            = tr("Could not store %n event(s) (%1): %2", nullptr, int(batch.size()))
                  .arg(step, control.lastError().text());
        control.exec(u"ROLLBACK"_s);
        qCWarning(lcStore).noquote() << message;
        emit storeError(message);
        batch.append(m_pending);
        m_pending.swap(batch);
        return false;
    };

    if (!control.exec(m_dialect.beginWriteTransaction()))
        return failBatch(m_dialect.beginWriteTransaction());

    QSqlQuery insertEvent(db);
    QSqlQuery insertSnapshot(db);
    const bool prepared = insertEvent.prepare(m_dialect.insertIgnoringDuplicatesReturningId(
                              u"events"_s, EventColumns::eventColumns(), u"dedup_key"_s))
        && insertSnapshot.prepare(
            u"INSERT INTO snapshots (event_id, jpeg, width, height) VALUES (?, ?, ?, ?)"_s);
    if (!prepared) {
        const QString reason = insertEvent.lastError().isValid()
            ? insertEvent.lastError().text()
            : insertSnapshot.lastError().text();
        control.exec(u"ROLLBACK"_s);
        const QString message
            = tr("Could not store %n event(s): %1", nullptr, int(batch.size())).arg(reason);
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

    if (!control.exec(u"COMMIT"_s))
        return failBatch(u"COMMIT"_s);

    qCDebug(lcStore) << "committed" << stored.size() << "events," << duplicates.size()
                     << "duplicates," << failures.size() << "failed";
    for (const QString &failure : std::as_const(failures)) {
        qCWarning(lcStore).noquote() << failure;
        emit storeError(failure);
    }
    if (!stored.isEmpty())
        emit committed(stored);
    if (!duplicates.isEmpty())
        emit duplicatesIgnored(duplicates);
    return true;
}
