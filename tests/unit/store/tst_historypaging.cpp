// Sorted pages of the history: every sort column both ways, read page by page after keyset
// positions or at offsets, with ties and NULLs in the sort column, must give the whole ordered
// result exactly once; the database must answer each from an index.

#include "../../common/legacydatabase.h"
#include "store/eventreader.h"
#include "store/eventstore.h"
#include "store/historyquery.h"
#include "store/schema.h"
#include "store/searchtext.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

using Column = EventSort::Column;

const qint64 BaseMs = 1'700'000'000'000;

template<typename T> std::optional<T> pick(const QList<std::optional<T>> &values, int i)
{
    return values.at(i % values.size());
}

// Events made to tie: few distinct values per column, NULLs in each, and equal times.
QList<RecognitionEvent> tyingEvents()
{
    const QStringList devices = { u"Door A"_s, u"Door B"_s, QString() };
    const QStringList names = { u"Anna"_s, u"anna"_s, u"Ånna"_s, u"Bob"_s, QString() };
    const QStringList ids = { QString(), u"7"_s, u"12"_s };
    QList<RecognitionEvent> events;
    for (int i = 0; i < 60; ++i) {
        RecognitionEvent e;
        e.uuid = u"p%1"_s.arg(i);
        e.deviceSn = u"SN-%1"_s.arg(i % 2);
        e.deviceName = devices.at(i % devices.size());
        if (i % 7 != 6)
            e.timestampMs = BaseMs + (i / 3) * qint64 { 1000 };
        e.recognizeStatus = pick<int>({ std::nullopt, 2, 2, 3 }, i);
        e.recognitionType = pick<int>({ std::nullopt, 1 }, i);
        e.recognizeScore = pick<double>({ std::nullopt, 0.5, 0.9, 0.5 }, i);
        e.livenessScore = pick<double>({ std::nullopt, 0.1, 0.1 }, i);
        e.bodyTemperature = pick<double>({ std::nullopt, 36.5 }, i / 2);
        e.mask = pick<int>({ std::nullopt, 0, 1, 2 }, i / 3);
        e.mode = pick<int>({ std::nullopt, 1 }, i / 5);
        e.pass = pick<bool>({ std::nullopt, true, false }, i);
        const QString &name = names.at(i % names.size());
        const QString &id = ids.at(i % ids.size());
        if (!name.isEmpty() || !id.isEmpty()) {
            RecognitionUser user;
            user.name = name;
            user.userId = id;
            e.user = user;
        }
        if (i % 4 == 0) {
            e.snapshotJpeg = QByteArray("\xFF\xD8\xFF\xE0jpeg-", 9) + QByteArray::number(i)
                + QByteArray("\xFF\xD9", 2);
            e.snapshotSize = QSize(32, 24);
        }
        e.receivedAt = QDateTime::fromMSecsSinceEpoch(BaseMs, Qt::UTC);
        events.append(e);
    }
    return events;
}

QVariant nullable(bool present, const QVariant &value)
{
    return present ? value : QVariant();
}

template<typename T> QVariant optional(const std::optional<T> &value)
{
    return value ? QVariant::fromValue(*value) : QVariant();
}

QVariant text(const QString &value)
{
    return value.isEmpty() ? QVariant() : QVariant(value.toUtf8()); // SQLite compares UTF-8
}

// The documented order, worked out here: the sort column's values (NULL smallest), then the
// recognition time (NULL smallest), then the row id; descending is the exact reverse.
QVariantList keyOf(Column column, const RecognitionEvent &e, qint64 id)
{
    const RecognitionUser user = e.user.value_or(RecognitionUser {});
    QVariantList key;
    switch (column) {
    case Column::Time:
        break;
    case Column::Device:
        key << text(e.deviceName);
        break;
    case Column::Name:
        key << (e.user ? text(SearchText::forPerson(user.name, user.userId)) : QVariant());
        break;
    case Column::UserId:
        key << text(user.userId);
        break;
    case Column::Status:
        key << optional(e.recognizeStatus) << optional(e.recognitionType);
        break;
    case Column::Score:
        key << optional(e.recognizeScore);
        break;
    case Column::Liveness:
        key << optional(e.livenessScore);
        break;
    case Column::Temperature:
        key << optional(e.bodyTemperature);
        break;
    case Column::Mask:
        key << optional(e.mask);
        break;
    case Column::Mode:
        key << optional(e.mode);
        break;
    case Column::Pass:
        key << nullable(e.pass.has_value(), int(e.pass.value_or(false)));
        break;
    }
    key << optional(e.timestampMs) << id;
    return key;
}

int compareValues(const QVariant &a, const QVariant &b)
{
    if (!a.isValid() || !b.isValid())
        return int(a.isValid()) - int(b.isValid());
    const QPartialOrdering order = QVariant::compare(a, b);
    if (order == QPartialOrdering::Less)
        return -1;
    if (order == QPartialOrdering::Greater)
        return 1;
    return 0;
}

bool keyLess(const QVariantList &a, const QVariantList &b)
{
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (const int c = compareValues(a.at(i), b.at(i)); c != 0)
            return c < 0;
    }
    return false;
}

struct Stored
{
    qint64 id;
    RecognitionEvent event;
};

// Every stored row with its id, as the reader gives them.
QList<Stored> readAll(const QString &path)
{
    QList<Stored> rows;
    EventReader reader;
    if (!reader.open(path))
        return rows;
    reader.forEach({}, false, [&rows](const StoredEventRow &row) {
        rows.append({ row.id, row.event });
        return true;
    });
    return rows;
}

QList<qint64> expectedOrder(const QList<Stored> &rows, const EventSort &sort,
                            const EventFilter &filter)
{
    QList<QPair<QVariantList, qint64>> keyed;
    for (const Stored &row : rows) {
        if (filter.matches(row.event))
            keyed.append({ keyOf(sort.column, row.event, row.id), row.id });
    }
    std::sort(keyed.begin(), keyed.end(),
              [](const auto &a, const auto &b) { return keyLess(a.first, b.first); });
    QList<qint64> ids;
    for (const auto &entry : std::as_const(keyed))
        ids.append(entry.second);
    if (sort.order == Qt::DescendingOrder)
        std::reverse(ids.begin(), ids.end());
    return ids;
}

QString queryPlan(const QString &path, const QString &sql, const QVariantList &values)
{
    QStringList details;
    const QString name = u"tst_historypaging.plan"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (!query.prepare(u"EXPLAIN QUERY PLAN "_s + sql))
                details.append(query.lastError().text());
            for (qsizetype i = 0; i < values.size(); ++i)
                query.bindValue(int(i), values.at(i));
            if (!query.exec())
                details.append(query.lastError().text());
            while (query.next())
                details.append(query.value(3).toString());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return details.join(u" / "_s);
}

const QList<QPair<const char *, Column>> &allColumns()
{
    static const QList<QPair<const char *, Column>> columns = {
        { "time", Column::Time },         { "device", Column::Device },
        { "name", Column::Name },         { "user id", Column::UserId },
        { "status", Column::Status },     { "score", Column::Score },
        { "liveness", Column::Liveness }, { "temperature", Column::Temperature },
        { "mask", Column::Mask },         { "mode", Column::Mode },
        { "pass", Column::Pass },
    };
    return columns;
}

} // namespace

class TestHistoryPaging final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void keysetPages_data();
    void keysetPages();
    void offsetPages_data();
    void offsetPages();
    void rowsWithoutSnapshotBytes();
    void listingReadsTheSameEvents();
    void snapshotsById();
    void refusesForeignPositions();
    void newRowsDoNotShiftKeysetPages();
    void sortsAreAnsweredByIndexes_data();
    void sortsAreAnsweredByIndexes();
    void sortedPagesOfVersion3Database();

private:
    QString dbPath() const { return m_dir.filePath(u"events.sqlite"_s); }
    QTemporaryDir m_dir;
    QList<RecognitionEvent> m_events;
    QList<Stored> m_rows;
};

void TestHistoryPaging::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_events = tyingEvents();
    EventStore store(dbPath());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    store.addEvents(m_events);
    store.flush();
    QCOMPARE(store.pendingCount(), 0);
    store.close();
    m_rows = readAll(dbPath());
    QCOMPARE(m_rows.size(), m_events.size());
}

void TestHistoryPaging::keysetPages_data()
{
    QTest::addColumn<EventSort>("sort");
    QTest::addColumn<EventFilter>("filter");
    QTest::addColumn<int>("limit");

    EventFilter passed;
    passed.pass = true;
    EventFilter anna;
    anna.person = u"ANNA"_s;
    EventFilter bob; // twelve of sixty: few enough that the reader collects and sorts them
    bob.person = u"bob"_s;
    EventFilter alerts; // the time order walks the partial index of alerts
    alerts.alerts = AlertRules::all();
    for (const auto &[name, column] : allColumns()) {
        for (const Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
            const char *direction = order == Qt::AscendingOrder ? "ascending" : "descending";
            const EventSort sort { column, order };
            for (const int limit : { 1, 4, 7, 100 }) {
                QTest::addRow("%s %s, pages of %d", name, direction, limit)
                    << sort << EventFilter {} << limit;
            }
            QTest::addRow("%s %s, passed, pages of 3", name, direction) << sort << passed << 3;
            QTest::addRow("%s %s, \"anna\", pages of 2", name, direction) << sort << anna << 2;
            QTest::addRow("%s %s, \"bob\", pages of 2", name, direction) << sort << bob << 2;
            QTest::addRow("%s %s, alerts, pages of 3", name, direction) << sort << alerts << 3;
        }
    }
}

void TestHistoryPaging::keysetPages()
{
    QFETCH(EventSort, sort);
    QFETCH(EventFilter, filter);
    QFETCH(int, limit);

    const QList<qint64> expected = expectedOrder(m_rows, sort, filter);
    QVERIFY(!expected.isEmpty());

    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    EventPageRequest request;
    request.filter = filter;
    request.sort = sort;
    request.limit = limit;
    QList<qint64> ids;
    for (int pages = 0;; ++pages) {
        QVERIFY2(pages <= expected.size(), "paging does not end");
        const auto page = reader.page(request, &error);
        QVERIFY2(page, qPrintable(error));
        QVERIFY(page->rows.size() <= limit);
        for (const EventPage::Row &row : page->rows) {
            ids.append(row.id);
            QCOMPARE(row.position.sort, sort);
        }
        if (page->atEnd)
            break;
        QCOMPARE(page->rows.size(), limit); // only the last page is short
        request.after = page->rows.constLast().position;
    }
    QCOMPARE(ids, expected);
    QCOMPARE(reader.count(filter, &error), expected.size());
}

void TestHistoryPaging::offsetPages_data()
{
    QTest::addColumn<EventSort>("sort");
    for (const auto &[name, column] : allColumns()) {
        QTest::addRow("%s ascending", name) << EventSort { column, Qt::AscendingOrder };
        QTest::addRow("%s descending", name) << EventSort { column, Qt::DescendingOrder };
    }
}

void TestHistoryPaging::offsetPages()
{
    QFETCH(EventSort, sort);
    const QList<qint64> expected = expectedOrder(m_rows, sort, {});
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    QList<qint64> ids;
    for (const qint64 offset : { 0, 5, 13, 59, 60, 100 }) {
        EventPageRequest request;
        request.sort = sort;
        request.limit = 4;
        request.offset = offset;
        const auto page = reader.page(request, &error);
        QVERIFY2(page, qPrintable(error));
        ids.clear();
        for (const EventPage::Row &row : page->rows)
            ids.append(row.id);
        QCOMPARE(ids, expected.mid(offset, 4));
        QCOMPARE(page->atEnd, offset + 4 >= expected.size());
        // Reading on from an offset page with its last position joins up.
        if (!page->atEnd) {
            request.offset = 0;
            request.after = page->rows.constLast().position;
            const auto next = reader.page(request, &error);
            QVERIFY2(next, qPrintable(error));
            QCOMPARE(next->rows.constFirst().id, expected.at(offset + 4));
        }
    }
}

void TestHistoryPaging::rowsWithoutSnapshotBytes()
{
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    EventPageRequest request;
    request.limit = 100;
    request.sort = { Column::Time, Qt::AscendingOrder };
    const auto page = reader.page(request, &error);
    QVERIFY2(page, qPrintable(error));
    QCOMPARE(page->rows.size(), m_events.size());
    QVERIFY(page->atEnd);
    int withSnapshot = 0;
    for (const EventPage::Row &row : page->rows) {
        const auto original
            = std::find_if(m_events.cbegin(), m_events.cend(),
                           [&row](const RecognitionEvent &e) { return e.uuid == row.event.uuid; });
        QVERIFY(original != m_events.cend());
        QVERIFY(row.event.snapshotJpeg.isEmpty());
        QCOMPARE(row.hasSnapshot, !original->snapshotJpeg.isEmpty());
        QCOMPARE(row.event.snapshotSize, original->snapshotSize);
        // Everything else is the event as it was stored.
        RecognitionEvent withoutBytes = *original;
        withoutBytes.snapshotJpeg.clear();
        QCOMPARE(row.event, withoutBytes);
        QVERIFY(!row.acknowledgement);
        withSnapshot += row.hasSnapshot ? 1 : 0;
    }
    QCOMPARE(withSnapshot, 15);
}

void TestHistoryPaging::listingReadsTheSameEvents()
{
    // The listing detail reads through SQLite's own interface: every field it reads must come
    // out as the full detail, read through Qt's driver, has it.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"listing.sqlite"_s);
    QList<RecognitionEvent> events = tyingEvents();
    RecognitionEvent rich = events.first();
    rich.uuid = u"rich"_s;
    rich.eventType = 0;
    rich.timestampMs = -1'000; // before 1970
    rich.timestampInMillis = true;
    rich.user = RecognitionUser { u"Zoë \"Q\", 王"_s,
                                  u"E-0042"_s,
                                  2,
                                  u"IC9"_s,
                                  u"J-1"_s,
                                  { u"staff"_s, u"night"_s },
                                  QJsonObject { { u"x"_s, 1 } } };
    rich.unknownFields = QJsonObject { { u"firmware"_s, u"1.2.3"_s } };
    rich.rawFrame = R"({"type":0})";
    rich.snapshotError = u"truncated"_s;
    rich.backfilled = true;
    rich.pass = true;
    rich.bodyTemperature = 36.700000000000003;
    rich.recognizeScore = 1e-7;
    events.append(rich);
    {
        EventStore store(path);
        QVERIFY(store.open());
        store.addEvents(events);
        store.flush();
        store.close();
    }
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QList<StoredEventRow> full;
    QList<StoredEventRow> listed;
    for (const bool withSnapshots : { false, true }) {
        full.clear();
        listed.clear();
        const auto into = [](QList<StoredEventRow> *rows) {
            return [rows](const StoredEventRow &row) {
                rows->append(row);
                return true;
            };
        };
        QVERIFY2(reader.forEach({}, withSnapshots, into(&full), &error), qPrintable(error));
        QVERIFY2(
            reader.forEach({}, withSnapshots, into(&listed), &error, EventReader::Detail::Listing),
            qPrintable(error));
        QCOMPARE(listed.size(), events.size());
        QCOMPARE(full.size(), events.size());
        for (qsizetype i = 0; i < full.size(); ++i) {
            RecognitionEvent expected = full.at(i).event;
            expected.rawFrame.clear();
            expected.unknownFields = {};
            expected.receivedAt = {};
            if (expected.user) {
                expected.user->groups.clear();
                expected.user->unknownFields = {};
            }
            QCOMPARE(listed.at(i).id, full.at(i).id);
            QCOMPARE(listed.at(i).event, expected);
            QVERIFY(!listed.at(i).acknowledgement);
        }
        // The rich event really had what the listing leaves out.
        const auto found = std::find_if(full.cbegin(), full.cend(), [](const StoredEventRow &r) {
            return r.event.uuid == u"rich";
        });
        QVERIFY(found != full.cend());
        QCOMPARE(found->event.rawFrame, rich.rawFrame);
        QCOMPARE(found->event.user->groups, rich.user->groups);
    }
    // Filters bind the same way through either interface.
    EventFilter filter;
    filter.person = u"ZOE"_s;
    filter.minScore = 0;
    filter.pass = true;
    QStringList fullUuids;
    QStringList listedUuids;
    QVERIFY(reader.forEach(filter, false, [&fullUuids](const StoredEventRow &row) {
        fullUuids.append(row.event.uuid);
        return true;
    }));
    QVERIFY(reader.forEach(
        filter, false,
        [&listedUuids](const StoredEventRow &row) {
            listedUuids.append(row.event.uuid);
            return true;
        },
        nullptr, EventReader::Detail::Listing));
    QCOMPARE(listedUuids, fullUuids);
    QCOMPARE(listedUuids, QStringList { u"rich"_s });
}

void TestHistoryPaging::snapshotsById()
{
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    QList<qint64> ids;
    QHash<qint64, QByteArray> expected;
    for (const Stored &row : std::as_const(m_rows)) {
        ids.append(row.id);
        const auto original
            = std::find_if(m_events.cbegin(), m_events.cend(),
                           [&row](const RecognitionEvent &e) { return e.uuid == row.event.uuid; });
        if (!original->snapshotJpeg.isEmpty())
            expected.insert(row.id, original->snapshotJpeg);
    }
    ids.append(999'999); // not stored: absent, not an error
    // More ids than one statement takes.
    for (qint64 id = 1'000'000; id < 1'000'500; ++id)
        ids.append(id);
    const auto snapshots = reader.snapshotsFor(ids, &error);
    QVERIFY2(snapshots, qPrintable(error));
    QCOMPARE(*snapshots, expected);
    const auto none = reader.snapshotsFor({}, &error);
    QVERIFY2(none, qPrintable(error));
    QVERIFY(none->isEmpty());
}

void TestHistoryPaging::refusesForeignPositions()
{
    EventReader reader;
    QString error;
    QVERIFY(!reader.page({}, &error));
    QVERIFY2(error.contains(u"not open"_s), qPrintable(error));
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));

    EventPageRequest byScore;
    byScore.sort = { Column::Score, Qt::AscendingOrder };
    const auto page = reader.page(byScore, &error);
    QVERIFY2(page, qPrintable(error));

    // A position of another sort order (or direction) is refused, not misread.
    EventPageRequest byTime;
    byTime.after = page->rows.constFirst().position;
    QVERIFY(!reader.page(byTime, &error));
    QVERIFY2(error.contains(u"another sort order"_s), qPrintable(error));
    EventPageRequest descending = byScore;
    descending.sort.order = Qt::DescendingOrder;
    descending.after = page->rows.constFirst().position;
    QVERIFY(!reader.page(descending, &error));
    // A position with the wrong number of values.
    EventPageRequest broken = byScore;
    broken.after = page->rows.constFirst().position;
    broken.after.key.removeFirst();
    QVERIFY(!reader.page(broken, &error));
    QVERIFY2(error.contains(u"does not fit"_s), qPrintable(error));
    // No room for a row.
    EventPageRequest empty;
    empty.limit = 0;
    QVERIFY(!reader.page(empty, &error));
}

void TestHistoryPaging::newRowsDoNotShiftKeysetPages()
{
    // While a view reads on, the recorder adds events. Pages after a position neither repeat
    // a row nor skip one that was there before, wherever the new rows fall in the order.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"live.sqlite"_s);
    QList<RecognitionEvent> first = tyingEvents().mid(0, 30);
    {
        EventStore store(path);
        QVERIFY(store.open());
        store.addEvents(first);
        store.flush();
        store.close();
    }
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    EventPageRequest request;
    request.sort = { Column::Score, Qt::DescendingOrder };
    request.limit = 10;
    const auto page1 = reader.page(request, &error);
    QVERIFY2(page1, qPrintable(error));
    QList<qint64> seen;
    for (const EventPage::Row &row : page1->rows)
        seen.append(row.id);

    {
        EventStore store(path);
        QVERIFY(store.open());
        store.addEvents(tyingEvents().mid(30));
        store.flush();
        store.close();
    }
    request.after = page1->rows.constLast().position;
    for (;;) {
        const auto page = reader.page(request, &error);
        QVERIFY2(page, qPrintable(error));
        for (const EventPage::Row &row : page->rows)
            seen.append(row.id);
        if (page->atEnd)
            break;
        request.after = page->rows.constLast().position;
    }
    const QList<qint64> all = expectedOrder(readAll(path), request.sort, {});
    // Every row that was there at the start is seen exactly once, and in order.
    const QSet<qint64> unique(seen.cbegin(), seen.cend());
    QCOMPARE(unique.size(), seen.size());
    QList<qint64> inOrder = all;
    inOrder.removeIf([&unique](qint64 id) { return !unique.contains(id); });
    QCOMPARE(seen, inOrder);
    for (qint64 id = 1; id <= 30; ++id)
        QVERIFY(unique.contains(id));
}

void TestHistoryPaging::sortsAreAnsweredByIndexes_data()
{
    offsetPages_data();
}

void TestHistoryPaging::sortsAreAnsweredByIndexes()
{
    // Without statistics (the database never runs ANALYZE) SQLite plans the same for sixty
    // rows as for millions, so the plans here are those of a large history.
    QFETCH(EventSort, sort);
    const HistoryQuery query(SqlDialect(), Schema::currentVersion(), u"e"_s);
    const QString select
        = u"SELECT e.id FROM events e LEFT JOIN acknowledgements a ON "_s
          u"a.dedup_key = e.dedup_key LEFT JOIN snapshots s ON s.event_id = e.id"_s;

    // The first page: an index gives the order, nothing is sorted.
    const QString first = queryPlan(dbPath(), select + query.orderBy(sort) + u" LIMIT 101"_s, {});
    QVERIFY2(!first.contains(u"TEMP B-TREE"_s), qPrintable(first));

    // Each part of a continuation seeks in an index rather than scanning from the start.
    for (const Stored &row : { m_rows.at(0), m_rows.at(6), m_rows.at(31) }) {
        EventPageRequest request;
        request.sort = sort;
        request.limit = 1;
        EventReader reader;
        QVERIFY(reader.open(dbPath()));
        // The position of this row, as a page gives it.
        request.offset = expectedOrder(m_rows, sort, {}).indexOf(row.id);
        const auto page = reader.page(request);
        QVERIFY(page && !page->rows.isEmpty());
        QCOMPARE(page->rows.constFirst().id, row.id);
        const QList<HistoryQuery::Sql> parts = query.after(page->rows.constFirst().position);
        QVERIFY(!parts.isEmpty());
        for (const HistoryQuery::Sql &part : parts) {
            const QString plan = queryPlan(
                dbPath(), select + u" WHERE "_s + part.text + query.orderBy(sort) + u" LIMIT 101"_s,
                part.values);
            QVERIFY2(plan.startsWith(u"SEARCH e USING"_s), qPrintable(part.text + u": "_s + plan));
            QVERIFY2(!plan.contains(u"TEMP B-TREE"_s), qPrintable(part.text + u": "_s + plan));
        }
    }
}

void TestHistoryPaging::sortedPagesOfVersion3Database()
{
    // An older database has no folded names and fewer indexes: pages still come in the
    // documented order (the name sorts by the stored text there).
    QTemporaryDir dir;
    const QString path = dir.filePath(u"v3.sqlite"_s);
    {
        LegacyDatabase::DirectConnection v3(path);
        QVERIFY(v3.exec(LegacyDatabase::version3Database()));
        QStringList rows;
        for (int i = 0; i < 12; ++i) {
            rows.append(
                u"INSERT INTO events (dedup_key, event_type, device_sn, timestamp_ms, "
                "timestamp_in_millis, recognize_status, recognize_score, user_present, "
                "user_name, backfilled) VALUES ('k%1', 0, 'SN', %2, 0, %3, %4, 1, %5, 0)"_s.arg(
                    QString::number(i), QString::number(BaseMs + (i % 4) * qint64 { 1000 }),
                    QString::number(i % 3), i % 2 == 0 ? u"NULL"_s : u"0.5"_s,
                    i % 3 == 0 ? u"NULL"_s : (i % 3 == 1 ? u"'Bo'"_s : u"'Al'"_s)));
        }
        QVERIFY(v3.exec(rows));
    }
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QList<qint64> ids;
    for (const Column column : { Column::Name, Column::Score, Column::Status }) {
        EventPageRequest request;
        request.sort = { column, Qt::DescendingOrder };
        request.limit = 5;
        ids.clear();
        for (;;) {
            const auto page = reader.page(request, &error);
            QVERIFY2(page, qPrintable(error));
            for (const EventPage::Row &row : page->rows)
                ids.append(row.id);
            if (page->atEnd)
                break;
            request.after = page->rows.constLast().position;
        }
        QCOMPARE(ids.size(), 12);
        const QSet<qint64> unique(ids.cbegin(), ids.cend());
        QCOMPARE(unique.size(), 12);
    }
    // The name order there: the stored text, NULLs last when descending.
    EventPageRequest byName;
    byName.sort = { Column::Name, Qt::DescendingOrder };
    byName.limit = 12;
    const auto page = reader.page(byName, &error);
    QVERIFY2(page, qPrintable(error));
    QCOMPARE(page->rows.constFirst().event.user->name, u"Bo"_s);
    QCOMPARE(page->rows.constLast().event.user->name, QString());
}

QTEST_GUILESS_MAIN(TestHistoryPaging)
#include "tst_historypaging.moc"
