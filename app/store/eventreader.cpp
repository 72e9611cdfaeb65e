#include "eventreader.h"

#include "acknowledgementcolumns.h"
#include "dooropeningcolumns.h"
#include "eventcolumns.h"
#include "historyquery.h"
#include "schema.h"
#include "snapshotfiles.h"
#include "sqldialect.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringBuilder>

#include <atomic>
#include <memory>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace {

constexpr int readerBusyTimeoutMs = 5000;

QString nextConnectionName()
{
    static std::atomic<int> counter { 0 };
    return u"gatewatch.reader.%1"_s.arg(counter.fetch_add(1));
}

// lupdate finds the strings by this context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(EventReader)
};

void bindAll(QSqlQuery &query, const QVariantList &values)
{
    for (qsizetype i = 0; i < values.size(); ++i)
        query.bindValue(int(i), values.at(i));
}

// The SQLite connection under Qt's, when it is one.
sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

// The columns that say where a row's snapshot bytes are in the segment files, for a database
// that may have them; `table` is how the statement names the snapshots table ("s.", or "").
QString snapshotFileColumns(bool withFiles, QStringView table = u"s.")
{
    return withFiles ? u", %1segment, %1segment_offset, %1byte_length"_s.arg(table) : QString();
}

// Where the row's snapshot bytes are, from the three snapshotFileColumns() at `column`;
// nullopt when they are not in a segment file (kept in the row, or none).
std::optional<SnapshotLocation> locationAt(const QSqlQuery &query, int column)
{
    if (query.value(column).isNull())
        return std::nullopt;
    return SnapshotLocation { query.value(column).toLongLong(),
                              query.value(column + 1).toLongLong(),
                              query.value(column + 2).toLongLong() };
}

std::optional<SnapshotLocation> locationAt(sqlite3_stmt *statement, int column)
{
    if (sqlite3_column_type(statement, column) == SQLITE_NULL)
        return std::nullopt;
    return SnapshotLocation { sqlite3_column_int64(statement, column),
                              sqlite3_column_int64(statement, column + 1),
                              sqlite3_column_int64(statement, column + 2) };
}

// A snapshot kept in a segment file, read into `event`; when its bytes cannot be read, the
// event says why instead (snapshotError), as for a snapshot the terminal sent unreadable.
void readSnapshotFile(const QString &folder, const SnapshotLocation &location,
                      RecognitionEvent *event)
{
    QString error;
    if (std::optional<QByteArray> bytes = SnapshotFiles::read(folder, location, &error)) {
        event->snapshotJpeg = std::move(*bytes);
        return;
    }
    event->snapshotJpeg.clear();
    event->snapshotError = error;
    qCWarning(lcStore).noquote() << "snapshot of event" << event->deduplicationKey() << error;
}

// Runs `sql` through SQLite's own interface and gives each row to `callback`, read by
// EventColumns::readEvent(sqlite3_stmt *): a listing of a million rows spends most of its time
// in Qt's conversion of every value to a QVariant otherwise.
bool selectDirectly(sqlite3 *db, const QString &sql, const QVariantList &values, bool withSnapshots,
                    int snapshotColumn, const QString &snapshotFolder,
                    const std::function<bool(const StoredEventRow &)> &callback, QString *error)
{
    const auto fail = [db, error] {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(db));
        return false;
    };
    const QByteArray text = sql.toUtf8();
    sqlite3_stmt *prepared = nullptr;
    if (sqlite3_prepare_v2(db, text.constData(), int(text.size()), &prepared, nullptr) != SQLITE_OK)
        return fail();
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> statement(prepared,
                                                                           &sqlite3_finalize);
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QVariant &value = values.at(i);
        const int at = int(i) + 1;
        int rc = SQLITE_OK;
        switch (value.isNull() ? QMetaType::UnknownType : value.typeId()) {
        case QMetaType::UnknownType:
            rc = sqlite3_bind_null(prepared, at);
            break;
        case QMetaType::Bool:
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
            rc = sqlite3_bind_int64(prepared, at, value.toLongLong());
            break;
        case QMetaType::Double:
            rc = sqlite3_bind_double(prepared, at, value.toDouble());
            break;
        case QMetaType::QByteArray: {
            const QByteArray bytes = value.toByteArray();
            rc = sqlite3_bind_blob64(prepared, at, bytes.constData(), sqlite3_uint64(bytes.size()),
                                     SQLITE_TRANSIENT);
            break;
        }
        default: {
            const QByteArray utf8 = value.toString().toUtf8();
            rc = sqlite3_bind_text64(prepared, at, utf8.constData(), sqlite3_uint64(utf8.size()),
                                     SQLITE_TRANSIENT, SQLITE_UTF8);
            break;
        }
        }
        if (rc != SQLITE_OK)
            return fail();
    }

    StoredEventRow row;
    for (;;) {
        const int rc = sqlite3_step(prepared);
        if (rc == SQLITE_DONE)
            return true;
        if (rc != SQLITE_ROW)
            return fail();
        row.id = EventColumns::readEvent(prepared, &row.event);
        if (withSnapshots) {
            const int size = sqlite3_column_bytes(prepared, snapshotColumn);
            const auto *bytes
                = static_cast<const char *>(sqlite3_column_blob(prepared, snapshotColumn));
            row.event.snapshotJpeg = bytes ? QByteArray(bytes, size) : QByteArray();
            row.event.snapshotSize
                = sqlite3_column_type(prepared, snapshotColumn + 1) == SQLITE_NULL
                    || sqlite3_column_type(prepared, snapshotColumn + 2) == SQLITE_NULL
                ? QSize()
                : QSize(sqlite3_column_int(prepared, snapshotColumn + 1),
                        sqlite3_column_int(prepared, snapshotColumn + 2));
            if (!snapshotFolder.isEmpty()) {
                if (const auto location = locationAt(prepared, snapshotColumn + 3))
                    readSnapshotFile(snapshotFolder, *location, &row.event);
            }
        }
        if (!callback(row))
            return true;
    }
}

} // namespace

EventReader::EventReader() = default;

EventReader::~EventReader()
{
    close();
}

bool EventReader::isOpen() const
{
    return !m_connectionName.isEmpty();
}

void EventReader::close()
{
    if (m_connectionName.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
    m_version = 0;
    m_recentCounts.clear();
}

bool EventReader::open(const QString &path, QString *error)
{
    close();
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    // SQLite would create a missing file; a reader must not.
    if (!QFileInfo(path).isFile())
        return fail(Text::tr("The database %1 does not exist.").arg(path));

    const SqlDialect dialect(SqlDialect::Kind::Sqlite);
    const QString name = nextConnectionName();
    QString message;
    int version = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(dialect.driverName(), name);
        db.setDatabaseName(path);
        db.setConnectOptions(dialect.readerConnectOptions(readerBusyTimeoutMs));
        if (!db.open()) {
            message = Text::tr("Cannot open the database %1: %2").arg(path, db.lastError().text());
        } else {
            QString versionError;
            version = Schema::version(db, &versionError);
            if (version < 0) {
                message = Text::tr("Cannot read the database %1: %2").arg(path, versionError);
            } else if (version == 0) {
                message = Text::tr("%1 is not a GateWatch database.").arg(path);
            } else if (version < Schema::oldestReadableVersion()
                       || version > Schema::currentVersion()) {
                message = Text::tr("The database %1 has schema version %2; this GateWatch reads "
                                   "versions %3 to %4.")
                              .arg(path)
                              .arg(version)
                              .arg(Schema::oldestReadableVersion())
                              .arg(Schema::currentVersion());
            }
            if (!message.isEmpty())
                db.close();
        }
    }
    if (!message.isEmpty()) {
        QSqlDatabase::removeDatabase(name);
        return fail(message);
    }
    m_connectionName = name;
    m_version = version;
    m_snapshotFolder = SnapshotFiles::folderFor(path);
    return true;
}

qint64 EventReader::count(const EventFilter &filter, QString *error)
{
    if (!isOpen()) {
        if (error)
            *error = Text::tr("The database is not open.");
        return -1;
    }
    const SqlDialect dialect(SqlDialect::Kind::Sqlite);
    const HistoryQuery history(dialect, m_version, u"e"_s);
    const HistoryQuery::Sql where = history.where(filter);
    const QString index = history.filterIndex(filter);
    QString sql = u"SELECT COUNT(*) FROM events e"_s
        % (index.isEmpty() ? QString() : dialect.indexHint(index)) % where.text;
    // "Unacknowledged" alone is almost every event: rather than looking for an acknowledgement
    // of each, take those that have one from all.
    EventFilter unacknowledged;
    unacknowledged.unacknowledgedOnly = true;
    if (filter == unacknowledged && Schema::hasAcknowledgements(m_version)) {
        sql = u"SELECT (SELECT COUNT(*) FROM events) - (SELECT COUNT(*) FROM "_s
            % AcknowledgementColumns::table()
            % u" a WHERE EXISTS (SELECT 1 FROM events e WHERE "_s
              u"e.dedup_key = a."_s
            % AcknowledgementColumns::keyColumn() % u"))"_s;
    }
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        if (error)
            *error = query.lastError().text();
        return -1;
    }
    bindAll(query, where.values);
    if (!query.exec() || !query.next()) {
        if (error)
            *error = query.lastError().text();
        return -1;
    }
    const qint64 result = query.value(0).toLongLong();
    m_recentCounts.removeIf([&filter](const RecentCount &c) { return c.filter == filter; });
    m_recentCounts.prepend({ filter, result, QDateTime::currentMSecsSinceEpoch() });
    constexpr qsizetype remembered = 8;
    if (m_recentCounts.size() > remembered)
        m_recentCounts.resize(remembered);
    return result;
}

qint64 EventReader::recentCount(const EventFilter &filter, QString *error)
{
    // A plan needs the order of magnitude, not the exact figure of this instant.
    constexpr qint64 freshForMs = 60'000;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const RecentCount &recent : std::as_const(m_recentCounts)) {
        if (recent.filter == filter && now - recent.countedAtMs < freshForMs)
            return recent.count;
    }
    return count(filter, error);
}

bool EventReader::forEach(const EventFilter &filter, bool withSnapshots,
                          const std::function<bool(const StoredEventRow &)> &callback,
                          QString *error, Detail detail)
{
    return select(filter, withSnapshots, false, -1, callback, error, detail);
}

std::optional<QList<StoredEventRow>> EventReader::latest(const EventFilter &filter, int limit,
                                                         bool withSnapshots, QString *error)
{
    QList<StoredEventRow> rows;
    rows.reserve(qMax(0, limit));
    const auto collect = [&rows](const StoredEventRow &row) {
        rows.append(row);
        return true;
    };
    if (!select(filter, withSnapshots, true, qMax(0, limit), collect, error))
        return std::nullopt;
    return rows;
}

std::optional<EventPage> EventReader::page(const EventPageRequest &request, QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<EventPage> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!isOpen())
        return fail(Text::tr("The database is not open."));
    if (request.limit < 1)
        return fail(Text::tr("A page needs room for at least one row."));

    const HistoryQuery history(SqlDialect(SqlDialect::Kind::Sqlite), m_version, u"e"_s);
    const HistoryQuery::Sql filter = history.conditions(request.filter);
    EventPage page;
    page.atEnd = false;
    // One row more than asked for tells whether another page follows.
    const qint64 wanted = qint64(request.limit) + 1;

    // Walking the sort order costs about (rows in all) / (matching rows) rows tested per row
    // of the page, collecting the matches about (matching rows) rows sorted: with m matches
    // of n events and pages of p rows, walking wins when m * m > p * n. Both cost a few
    // thousand rows at the crossing (a million events, pages of a hundred: 10,000 matches).
    bool walkSortOrder = true;
    if (!(request.filter == EventFilter {})) {
        const qint64 matching = recentCount(request.filter, error);
        const qint64 total = matching < 0 ? -1 : recentCount({}, error);
        if (matching < 0 || total < 0)
            return std::nullopt;
        walkSortOrder = double(matching) * double(matching) >= double(wanted) * double(total);
    }

    if (!request.after.isValid()) {
        if (!readPage(request, walkSortOrder, filter.text, filter.values, wanted,
                      qMax<qint64>(0, request.offset), &page, error))
            return std::nullopt;
    } else {
        if (request.after.sort != request.sort)
            return fail(Text::tr("The position belongs to another sort order."));
        const QList<HistoryQuery::Sql> parts = history.after(request.after);
        if (parts.isEmpty())
            return fail(Text::tr("The position does not fit its sort order."));
        for (const HistoryQuery::Sql &part : parts) {
            const qint64 missing = wanted - page.rows.size();
            if (missing <= 0)
                break;
            const QString condition
                = filter.text.isEmpty() ? part.text : u'(' % filter.text % u") AND "_s % part.text;
            if (!readPage(request, walkSortOrder, condition, filter.values + part.values, missing,
                          0, &page, error))
                return std::nullopt;
        }
    }
    page.atEnd = page.rows.size() <= request.limit;
    if (!page.atEnd)
        page.rows.removeLast();
    return page;
}

bool EventReader::readPage(const EventPageRequest &request, bool walkSortOrder,
                           const QString &condition, const QVariantList &values, qint64 limit,
                           qint64 offset, EventPage *page, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const SqlDialect dialect(SqlDialect::Kind::Sqlite);
    const HistoryQuery history(dialect, m_version, u"e"_s);
    const QStringList key = history.sortKey(request.sort);

    // First the ids of the page, found with as little as possible: an index of the sort order
    // walked (the planner is told which, so that it does not sort a million rows for a filter
    // that matches most of them), or the matches collected and sorted by their ids and keys
    // alone. Then the whole rows of just those ids.
    QString pageIds = u"SELECT e.id FROM events e"_s;
    if (const QString index = walkSortOrder ? history.sortIndex(request.sort, request.filter)
                                            : history.filterIndex(request.filter);
        !index.isEmpty())
        pageIds += dialect.indexHint(index);
    if (!condition.isEmpty())
        pageIds += u" WHERE "_s % condition;
    // Numbers this code made, not input.
    pageIds += history.orderBy(request.sort, walkSortOrder) % u" LIMIT "_s % QString::number(limit);
    if (offset > 0)
        pageIds += u" OFFSET "_s % QString::number(offset);

    const bool withAcks = Schema::hasAcknowledgements(m_version);
    QString sql = u"SELECT "_s % EventColumns::selectList(u"e"_s);
    if (withAcks)
        sql += u", "_s % AcknowledgementColumns::selectList(u"a"_s);
    // The snapshot's size and whether it has bytes, never the bytes themselves.
    sql += u", s.width, s.height, "_s
        % (Schema::hasSnapshotFiles(m_version) ? u"(s.jpeg IS NOT NULL OR s.segment IS NOT NULL)"_s
                                               : u"s.jpeg IS NOT NULL"_s)
        % u", "_s % key.join(u", "_s) % u" FROM ("_s % pageIds
        % u") gw_page JOIN events e ON e.id = gw_page.id"_s;
    if (withAcks) {
        sql += u" LEFT JOIN "_s % AcknowledgementColumns::table() % u" a ON a."_s
            % AcknowledgementColumns::keyColumn() % u" = e.dedup_key"_s;
    }
    sql += u" LEFT JOIN snapshots s ON s.event_id = e.id"_s % history.orderBy(request.sort);

    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return fail(query.lastError().text());
    bindAll(query, values);
    if (!query.exec())
        return fail(query.lastError().text());

    const int ackColumn = EventColumns::selectCount();
    const int snapshotColumn = ackColumn + (withAcks ? AcknowledgementColumns::selectCount() : 0);
    const int keyColumn = snapshotColumn + 3;
    while (query.next()) {
        EventPage::Row row;
        row.id = EventColumns::readEvent(query, &row.event);
        row.acknowledgement
            = withAcks ? AcknowledgementColumns::read(query, ackColumn) : std::nullopt;
        const QVariant width = query.value(snapshotColumn);
        const QVariant height = query.value(snapshotColumn + 1);
        row.event.snapshotSize
            = width.isNull() || height.isNull() ? QSize() : QSize(width.toInt(), height.toInt());
        row.hasSnapshot = query.value(snapshotColumn + 2).toBool();
        row.position.sort = request.sort;
        row.position.key.reserve(key.size());
        for (qsizetype i = 0; i < key.size(); ++i)
            row.position.key.append(query.value(keyColumn + int(i)));
        page->rows.append(std::move(row));
    }
    if (query.lastError().isValid())
        return fail(query.lastError().text());
    return true;
}

std::optional<QHash<qint64, QByteArray>> EventReader::snapshotsFor(const QList<qint64> &ids,
                                                                   QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<QHash<qint64, QByteArray>> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!isOpen())
        return fail(Text::tr("The database is not open."));

    QHash<qint64, QByteArray> snapshots;
    const bool withFiles = Schema::hasSnapshotFiles(m_version);
    // In slices, so that the statement stays within any database's limit on placeholders.
    constexpr qsizetype slice = 200;
    QStringList placeholders;
    for (qsizetype first = 0; first < ids.size(); first += slice) {
        const qsizetype count = qMin(slice, ids.size() - first);
        placeholders.clear();
        for (qsizetype i = 0; i < count; ++i)
            placeholders.append(u"?"_s);
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        query.setForwardOnly(true);
        if (!query.prepare(u"SELECT event_id, jpeg"_s % snapshotFileColumns(withFiles, u"")
                           % u" FROM snapshots WHERE "_s
                           % (withFiles ? u"(jpeg IS NOT NULL OR segment IS NOT NULL)"_s
                                        : u"jpeg IS NOT NULL"_s)
                           % u" AND event_id IN ("_s % placeholders.join(u", "_s) % u')'))
            return fail(query.lastError().text());
        for (qsizetype i = 0; i < count; ++i)
            query.bindValue(int(i), ids.at(first + i));
        if (!query.exec())
            return fail(query.lastError().text());
        while (query.next()) {
            const qint64 id = query.value(0).toLongLong();
            if (const auto location = withFiles ? locationAt(query, 2) : std::nullopt) {
                // Bytes that cannot be read are left out, as a row without bytes is; said once
                // in the log.
                QString readError;
                if (std::optional<QByteArray> bytes
                    = SnapshotFiles::read(m_snapshotFolder, *location, &readError))
                    snapshots.insert(id, *bytes);
                else
                    qCWarning(lcStore).noquote() << "snapshot of event" << id << readError;
            } else {
                snapshots.insert(id, query.value(1).toByteArray());
            }
        }
        if (query.lastError().isValid())
            return fail(query.lastError().text());
    }
    return snapshots;
}

std::optional<QByteArray> EventReader::snapshotFor(const QString &dedupKey, QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<QByteArray> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!isOpen())
        return fail(Text::tr("The database is not open."));

    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    // dedup_key is UNIQUE, so its index finds the row without a scan.
    const bool withFiles = Schema::hasSnapshotFiles(m_version);
    if (!query.prepare(u"SELECT s.jpeg"_s % snapshotFileColumns(withFiles)
                       % u" FROM events e LEFT JOIN snapshots s ON s.event_id = e.id"_s
                         u" WHERE e.dedup_key = ?"_s))
        return fail(query.lastError().text());
    query.bindValue(0, dedupKey);
    if (!query.exec())
        return fail(query.lastError().text());
    if (!query.next()) {
        if (query.lastError().isValid())
            return fail(query.lastError().text());
        return fail(Text::tr("No stored event has the key %1.").arg(dedupKey));
    }
    if (const auto location = withFiles ? locationAt(query, 1) : std::nullopt) {
        QString readError;
        std::optional<QByteArray> bytes
            = SnapshotFiles::read(m_snapshotFolder, *location, &readError);
        if (!bytes)
            return fail(
                Text::tr("The snapshot of event %1 cannot be read: %2").arg(dedupKey, readError));
        return bytes;
    }
    // NULL (no snapshot row, or a row without bytes) reads as an empty array.
    return query.value(0).toByteArray();
}

bool EventReader::select(const EventFilter &filter, bool withSnapshots, bool newestFirst,
                         qint64 limit, const std::function<bool(const StoredEventRow &)> &callback,
                         QString *error, Detail detail)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!isOpen())
        return fail(Text::tr("The database is not open."));

    const SqlDialect dialect(SqlDialect::Kind::Sqlite);
    const HistoryQuery history(dialect, m_version, u"e"_s);
    const HistoryQuery::Sql where = history.where(filter);
    // As for a page (see page()): walk the time order testing each row when the filter
    // matches many events, collect the matches through the filter's index and sort them when
    // it matches few. For every row (an export), "few" is up to a quarter of all.
    QString index;
    if (!(filter == EventFilter {})) {
        const QString collectWith = history.filterIndex(filter);
        if (!collectWith.isEmpty()) {
            const qint64 matching = recentCount(filter, error);
            const qint64 total = matching < 0 ? -1 : recentCount({}, error);
            if (matching < 0 || total < 0)
                return false;
            const bool walk = limit < 0
                ? matching * 4 >= total
                : double(matching) * double(matching) >= double(limit + 1) * double(total);
            index = walk
                ? history.sortIndex({ EventSort::Column::Time, Qt::AscendingOrder }, filter)
                : collectWith;
        }
    }
    const bool withAcks = Schema::hasAcknowledgements(m_version) && detail == Detail::Full;
    QString sql = u"SELECT "_s % EventColumns::selectList(u"e"_s, detail == Detail::Listing);
    if (withAcks)
        sql += u", "_s % AcknowledgementColumns::selectList(u"a"_s);
    const bool withFiles = withSnapshots && Schema::hasSnapshotFiles(m_version);
    if (withSnapshots)
        sql += u", s.jpeg, s.width, s.height"_s % snapshotFileColumns(withFiles);
    sql += u" FROM events e"_s % (index.isEmpty() ? QString() : dialect.indexHint(index));
    // At most one acknowledgement per event (its key is the primary key): the join adds
    // columns, never rows.
    if (withAcks) {
        sql += u" LEFT JOIN "_s % AcknowledgementColumns::table() % u" a ON a."_s
            % AcknowledgementColumns::keyColumn() % u" = e.dedup_key"_s;
    }
    if (withSnapshots)
        sql += u" LEFT JOIN snapshots s ON s.event_id = e.id"_s;
    // NULLS FIRST/LAST spelled out: SQLite and PostgreSQL order NULLs differently by default.
    // Events without a recognition time sort as the oldest either way.
    sql += where.text
        % (newestFirst ? u" ORDER BY e.timestamp_ms DESC NULLS LAST, e.id DESC"_s
                       : u" ORDER BY e.timestamp_ms ASC NULLS FIRST, e.id ASC"_s);
    if (limit >= 0)
        sql += u" LIMIT "_s + QString::number(limit); // a number this code made, not input

    const int ackColumn = EventColumns::selectCount();
    const int snapshotColumn = ackColumn + (withAcks ? AcknowledgementColumns::selectCount() : 0);
    if (detail == Detail::Listing) {
        if (sqlite3 *db = sqliteHandle(QSqlDatabase::database(m_connectionName, false)))
            return selectDirectly(db, sql, where.values, withSnapshots, snapshotColumn,
                                  withFiles ? m_snapshotFolder : QString(), callback, error);
    }

    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    // Forward-only: the driver keeps only the current row, so memory stays flat.
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return fail(query.lastError().text());
    bindAll(query, where.values);
    if (!query.exec())
        return fail(query.lastError().text());

    StoredEventRow row;
    while (query.next()) {
        row.id = EventColumns::readEvent(query, &row.event);
        row.acknowledgement
            = withAcks ? AcknowledgementColumns::read(query, ackColumn) : std::nullopt;
        if (withSnapshots) {
            row.event.snapshotJpeg = query.value(snapshotColumn).toByteArray();
            const QVariant width = query.value(snapshotColumn + 1);
            const QVariant height = query.value(snapshotColumn + 2);
            row.event.snapshotSize = width.isNull() || height.isNull()
                ? QSize()
                : QSize(width.toInt(), height.toInt());
            if (const auto location
                = withFiles ? locationAt(query, snapshotColumn + 3) : std::nullopt)
                readSnapshotFile(m_snapshotFolder, *location, &row.event);
        }
        if (!callback(row))
            return true;
    }
    if (query.lastError().isValid())
        return fail(query.lastError().text());
    return true;
}

std::optional<Acknowledgement> EventReader::acknowledgementFor(const QString &dedupKey,
                                                               QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!isOpen())
        return fail(Text::tr("The database is not open."));
    if (error)
        error->clear();
    if (!Schema::hasAcknowledgements(m_version))
        return std::nullopt;

    using namespace AcknowledgementColumns;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    if (!query.prepare(u"SELECT "_s % selectList(u"a"_s) % u" FROM "_s % table() % u" a WHERE a."_s
                       % keyColumn() % u" = ?"_s))
        return fail(query.lastError().text());
    query.bindValue(0, dedupKey);
    if (!query.exec())
        return fail(query.lastError().text());
    if (!query.next()) {
        if (query.lastError().isValid())
            return fail(query.lastError().text());
        return std::nullopt;
    }
    return read(query, 0);
}

std::optional<QList<DoorOpening>> EventReader::doorOpeningsFor(const QString &dedupKey,
                                                               QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<QList<DoorOpening>> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!isOpen())
        return fail(Text::tr("The database is not open."));
    if (error)
        error->clear();
    QList<DoorOpening> entries;
    if (!Schema::hasDoorLog(m_version))
        return entries;

    using namespace DoorOpeningColumns;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    // The request id breaks ties between two requests in the same millisecond.
    if (!query.prepare(u"SELECT "_s % selectList(u"d"_s) % u" FROM "_s % table() % u" d WHERE d."_s
                       % eventColumn() % u" = ? ORDER BY d."_s % timeColumn() % u", d."_s
                       % keyColumn()))
        return fail(query.lastError().text());
    query.bindValue(0, dedupKey);
    if (!query.exec())
        return fail(query.lastError().text());
    while (query.next())
        entries.append(read(query, 0));
    if (query.lastError().isValid())
        return fail(query.lastError().text());
    return entries;
}

std::optional<QList<EventReader::KnownDevice>> EventReader::knownDevices(QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<QList<KnownDevice>> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!isOpen())
        return fail(Text::tr("The database is not open."));
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    // One pass over the (device_sn, timestamp_ms) index for the groups, then one row each.
    if (!query.exec(u"SELECT device_sn, device_name FROM events WHERE id IN "
                    u"(SELECT max(id) FROM events WHERE device_sn IS NOT NULL GROUP BY device_sn) "
                    u"ORDER BY device_name, device_sn"_s))
        return fail(query.lastError().text());
    QList<KnownDevice> devices;
    while (query.next())
        devices.append({ query.value(0).toString(), query.value(1).toString() });
    if (query.lastError().isValid())
        return fail(query.lastError().text());
    return devices;
}
