// The history's filters against stores with known contents: each criterion, combinations,
// inclusive time bounds, a day with a daylight saving change, names with accents and case, the
// alert rules in SQL against AlertRules, and the migration to schema version 4 that brought the
// folded search column.

#include "../../common/legacydatabase.h"
#include "store/eventreader.h"
#include "store/eventstore.h"
#include "store/historyquery.h"
#include "store/schema.h"
#include "store/searchtext.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace LegacyDatabase;

namespace {

using Reason = AlertRules::Reason;
using Reasons = AlertRules::Reasons;

const qint64 BaseMs = 1'700'000'000'000;

struct Spec
{
    QString uuid;
    qint64 second = 0; // after BaseMs; -1: no recognition time
    QString sn = u"SN-A"_s;
    std::optional<int> status = 2;
    std::optional<int> type;
    std::optional<bool> pass = true;
    std::optional<int> mask = 1;
    std::optional<double> score = 0.9;
    QString name;
    QString userId;
    std::optional<int> userType;
    bool user = false;
};

Spec spec(const QString &uuid, qint64 second)
{
    Spec result;
    result.uuid = uuid;
    result.second = second;
    return result;
}

RecognitionEvent make(const Spec &spec)
{
    RecognitionEvent e;
    e.uuid = spec.uuid;
    e.deviceSn = spec.sn;
    e.deviceName = u"Door "_s + spec.sn;
    if (spec.second >= 0)
        e.timestampMs = BaseMs + spec.second * 1000;
    e.recognizeStatus = spec.status;
    e.recognitionType = spec.type;
    e.pass = spec.pass;
    e.mask = spec.mask;
    e.recognizeScore = spec.score;
    e.receivedAt = QDateTime::fromMSecsSinceEpoch(BaseMs, Qt::UTC);
    if (spec.user || !spec.name.isEmpty() || !spec.userId.isEmpty() || spec.userType) {
        RecognitionUser user;
        user.name = spec.name;
        user.userId = spec.userId;
        user.type = spec.userType;
        e.user = user;
    }
    return e;
}

// Writes the events (and acknowledges those whose uuid is listed) through the store itself,
// on this thread.
bool store(const QString &path, const QList<RecognitionEvent> &events,
           const QStringList &acknowledged = {})
{
    EventStore store(path);
    if (!store.open())
        return false;
    store.addEvents(events);
    for (const RecognitionEvent &event : events) {
        if (acknowledged.contains(event.uuid)) {
            store.acknowledge(Acknowledgement { event.deduplicationKey(),
                                                QDateTime::fromMSecsSinceEpoch(BaseMs, Qt::UTC),
                                                u"Guard"_s,
                                                {} });
        }
    }
    store.flush();
    const bool ok = store.pendingCount() == 0 && store.pendingAcknowledgementCount() == 0;
    store.close();
    return ok;
}

// The uuids a filter selects, in time order (the reader's forEach order), and its count.
QStringList select(const QString &path, const EventFilter &filter, qint64 *count = nullptr)
{
    QStringList uuids;
    EventReader reader;
    QString error;
    if (!reader.open(path, &error)) {
        qWarning() << error;
        return { u"<open failed>"_s };
    }
    if (!reader.forEach(
            filter, false,
            [&uuids](const StoredEventRow &row) {
                uuids.append(row.event.uuid);
                return true;
            },
            &error)) {
        qWarning() << error;
        return { u"<read failed>"_s };
    }
    if (count)
        *count = reader.count(filter, &error);
    return uuids;
}

QList<RecognitionEvent> knownEvents()
{
    QList<Spec> specs;
    const auto add = [&specs](const QString &uuid, qint64 second, const auto &set) {
        Spec spec;
        spec.uuid = uuid;
        spec.second = second;
        set(spec);
        specs.append(spec);
    };
    add(u"jose"_s, 10, [](Spec &s) {
        s.name = u"José García"_s;
        s.userId = u"E-1"_s;
        s.userType = 1;
        s.score = 0.97;
    });
    add(u"JOSE"_s, 20, [](Spec &s) {
        s.name = u"JOSE GARCIA"_s;
        s.userId = u"E-2"_s;
        s.sn = u"SN-B"_s;
        s.mask = 2;
    });
    add(u"oyvind"_s, 30, [](Spec &s) {
        s.name = u"Øyvind Ødegård"_s;
        s.userId = u"E-3"_s;
        s.mask = 0;
        s.score = 0.95;
    });
    add(u"stranger"_s, 40, [](Spec &s) {
        s.status = 3;
        s.pass = false;
        s.score = 0.3;
    });
    add(u"nonlive"_s, 50, [](Spec &s) {
        s.status = 1;
        s.pass = false;
        s.name = u"Anna Berg"_s;
        s.userId = u"jose-fan"_s; // the user id matches "jose" too
        s.sn = u"SN-B"_s;
    });
    add(u"authfail"_s, 60, [](Spec &s) {
        s.status = 6;
        s.pass = std::nullopt;
        s.name = u"Zoë Ångström"_s;
        s.mask = std::nullopt;
        s.score = std::nullopt;
    });
    add(u"later-stranger"_s, 70, [](Spec &s) {
        s.status = std::nullopt;
        s.type = 3;
        s.pass = std::nullopt;
        s.sn = u"SN-C"_s;
    });
    add(u"later-blacklist"_s, 80, [](Spec &s) {
        s.status = std::nullopt;
        s.type = 5;
        s.name = u"Мария Ёлкина"_s;
        s.userId = u"B-9"_s;
    });
    add(u"blacklisted-user"_s, 90, [](Spec &s) {
        s.name = u"Bob Jones"_s;
        s.userType = 3;
        s.pass = true; // the door let them in; still an alert
        s.score = 0.95;
    });
    add(u"no-time"_s, -1, [](Spec &s) {
        s.name = u"Ines Weiß"_s;
        s.score = 0.99;
    });
    QList<RecognitionEvent> events;
    for (const Spec &spec : std::as_const(specs))
        events.append(make(spec));
    return events;
}

// What the database's planner makes of a query: the details of EXPLAIN QUERY PLAN, joined.
QString queryPlan(const QString &path, const QString &sql, const QVariantList &values)
{
    QStringList details;
    const QString name = u"tst_historyfilters.plan"_s;
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

} // namespace

class TestHistoryFilters final : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void filters_data();
    void filters();
    void randomFiltersAgreeWithMatches();
    void alertConditionAgreesWithRules();
    void alertConditionIsThePartialIndex();
    void timeBoundsAreInclusive();
    void daylightSavingDays_data();
    void daylightSavingDays();
    void accentsAndCase_data();
    void accentsAndCase();
    void migrationFromVersion3();
    void version3DatabaseReadAsItIs();

private:
    QString dbPath() const { return m_dir->filePath(u"events.sqlite"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestHistoryFilters::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestHistoryFilters::filters_data()
{
    QTest::addColumn<EventFilter>("filter");
    QTest::addColumn<QStringList>("expected"); // uuids in time order

    const auto filter = [](const auto &set) {
        EventFilter f;
        set(f);
        return f;
    };
    const QStringList all = { u"no-time"_s,         u"jose"_s,           u"JOSE"_s,
                              u"oyvind"_s,          u"stranger"_s,       u"nonlive"_s,
                              u"authfail"_s,        u"later-stranger"_s, u"later-blacklist"_s,
                              u"blacklisted-user"_s };

    QTest::newRow("nothing set") << EventFilter {} << all;
    QTest::newRow("person: accent and case folded")
        << filter([](EventFilter &f) { f.person = u"JOSÉ"_s; })
        << QStringList { u"jose"_s, u"JOSE"_s, u"nonlive"_s };
    QTest::newRow("person: inner substring") << filter([](EventFilter &f) { f.person = u"arci"_s; })
                                             << QStringList { u"jose"_s, u"JOSE"_s };
    QTest::newRow("person: user id")
        << filter([](EventFilter &f) { f.person = u"e-3"_s; }) << QStringList { u"oyvind"_s };
    QTest::newRow("person: o for ø") << filter([](EventFilter &f) { f.person = u"oyvind ode"_s; })
                                     << QStringList { u"oyvind"_s };
    QTest::newRow("person: cyrillic, ё for е")
        << filter([](EventFilter &f) { f.person = u"елкина"_s; })
        << QStringList { u"later-blacklist"_s };
    QTest::newRow("person: ss for ß")
        << filter([](EventFilter &f) { f.person = u"WEISS"_s; }) << QStringList { u"no-time"_s };
    QTest::newRow("person: blank is anyone")
        << filter([](EventFilter &f) { f.person = u"  \t"_s; }) << all;
    QTest::newRow("person: not across name and id")
        << filter([](EventFilter &f) { f.person = u"garcia e"_s; }) << QStringList {};
    QTest::newRow("person: pattern characters are text")
        << filter([](EventFilter &f) { f.person = u"%"_s; }) << QStringList {};
    QTest::newRow("person: SQL is text")
        << filter([](EventFilter &f) { f.person = u"' OR 1=1 --"_s; }) << QStringList {};
    QTest::newRow("status: one") << filter([](EventFilter &f) { f.statuses = { 3 }; })
                                 << QStringList { u"stranger"_s };
    QTest::newRow("status: several") << filter([](EventFilter &f) {
        f.statuses = { 1, 6, 5 };
    }) << QStringList { u"nonlive"_s, u"authfail"_s };
    QTest::newRow("mask: one") << filter([](EventFilter &f) { f.masks = { 2 }; })
                               << QStringList { u"JOSE"_s };
    QTest::newRow("mask: two") << filter([](EventFilter &f) {
        f.masks = { 0, 2 };
    }) << QStringList { u"JOSE"_s, u"oyvind"_s };
    QTest::newRow("min score, inclusive")
        << filter([](EventFilter &f) { f.minScore = 0.95; })
        << QStringList { u"no-time"_s, u"jose"_s, u"oyvind"_s, u"blacklisted-user"_s };
    QTest::newRow("alerts: every reason")
        << filter([](EventFilter &f) { f.alerts = AlertRules::all(); })
        << QStringList { u"stranger"_s,       u"nonlive"_s,         u"authfail"_s,
                         u"later-stranger"_s, u"later-blacklist"_s, u"blacklisted-user"_s };
    QTest::newRow("alerts: strangers")
        << filter([](EventFilter &f) { f.alerts = Reasons(Reason::Stranger); })
        << QStringList { u"stranger"_s, u"later-stranger"_s };
    QTest::newRow("alerts: denied")
        << filter([](EventFilter &f) { f.alerts = Reasons(Reason::Denied); })
        << QStringList { u"stranger"_s, u"nonlive"_s, u"authfail"_s };
    QTest::newRow("alerts: blacklist and non-live")
        << filter([](EventFilter &f) { f.alerts = Reason::Blacklist | Reason::NonLive; })
        << QStringList { u"nonlive"_s, u"later-blacklist"_s, u"blacklisted-user"_s };
    QTest::newRow("alerts: no reason chosen")
        << filter([](EventFilter &f) { f.alerts = Reasons(); }) << QStringList {};
    QTest::newRow("unacknowledged")
        << filter([](EventFilter &f) { f.unacknowledgedOnly = true; })
        << QStringList { u"no-time"_s, u"jose"_s,           u"JOSE"_s,           u"oyvind"_s,
                         u"nonlive"_s, u"later-stranger"_s, u"later-blacklist"_s };
    QTest::newRow("unacknowledged alerts") << filter([](EventFilter &f) {
        f.alerts = AlertRules::all();
        f.unacknowledgedOnly = true;
    }) << QStringList { u"nonlive"_s, u"later-stranger"_s, u"later-blacklist"_s };
    QTest::newRow("person + device") << filter([](EventFilter &f) {
        f.person = u"jose"_s;
        f.deviceSns = { u"SN-B"_s };
    }) << QStringList { u"JOSE"_s, u"nonlive"_s };
    QTest::newRow("person + alerts") << filter([](EventFilter &f) {
        f.person = u"jose"_s;
        f.alerts = AlertRules::all();
    }) << QStringList { u"nonlive"_s };
    QTest::newRow("time + mask + score")
        << filter([](EventFilter &f) {
               f.from = QDateTime::fromMSecsSinceEpoch(BaseMs + 20'000, Qt::UTC);
               f.to = QDateTime::fromMSecsSinceEpoch(BaseMs + 90'000, Qt::UTC);
               f.masks = { 1 };
               f.minScore = 0.9;
           })
        << QStringList { u"nonlive"_s, u"later-stranger"_s, u"later-blacklist"_s,
                         u"blacklisted-user"_s };
    QTest::newRow("pass + status + device") << filter([](EventFilter &f) {
        f.pass = false;
        f.statuses = { 1, 3 };
        f.deviceSns = { u"SN-A"_s };
    }) << QStringList { u"stranger"_s };
    QTest::newRow("everything at once") << filter([](EventFilter &f) {
        f.from = QDateTime::fromMSecsSinceEpoch(BaseMs, Qt::UTC);
        f.to = QDateTime::fromMSecsSinceEpoch(BaseMs + 100'000, Qt::UTC);
        f.deviceSns = { u"SN-A"_s, u"SN-B"_s };
        f.pass = false;
        f.person = u"ANNA"_s;
        f.statuses = { 1 };
        f.masks = { 1 };
        f.minScore = 0.5;
        f.alerts = Reasons(Reason::NonLive);
        f.unacknowledgedOnly = true;
    }) << QStringList { u"nonlive"_s };
}

void TestHistoryFilters::filters()
{
    QFETCH(EventFilter, filter);
    QFETCH(QStringList, expected);

    const QList<RecognitionEvent> events = knownEvents();
    QVERIFY(store(dbPath(), events, { u"stranger"_s, u"authfail"_s, u"blacklisted-user"_s }));
    qint64 count = -1;
    QCOMPARE(select(dbPath(), filter, &count), expected);
    QCOMPARE(count, expected.size());

    // The C++ rules agree with the database's.
    QStringList matching;
    for (const RecognitionEvent &event : events) {
        const bool acknowledged = event.uuid == u"stranger" || event.uuid == u"authfail"
            || event.uuid == u"blacklisted-user";
        if (filter.matches(event, acknowledged))
            matching.append(event.uuid);
    }
    QStringList sortedExpected = expected;
    sortedExpected.sort();
    matching.sort();
    QCOMPARE(matching, sortedExpected);

    // A value type: copies compare equal, and survive a QVariant.
    EventFilter copy = filter;
    QCOMPARE(copy, filter);
    copy.unacknowledgedOnly = !copy.unacknowledgedOnly;
    QVERIFY(!(copy == filter));
    QCOMPARE(QVariant::fromValue(filter).value<EventFilter>(), filter);
}

void TestHistoryFilters::randomFiltersAgreeWithMatches()
{
    // Many events with every field drawn from a small set, so that every filter matches some
    // and misses some; then many random combinations of criteria. The database and
    // EventFilter::matches() must pick the same events every time.
    QRandomGenerator random(20261128);
    const QStringList names = { u"José García"_s, u"JOSE"_s,  u"Øyvind"_s, u"Anna"_s,
                                u"Ånna Berg"_s,   u"Мария"_s, u"王小明"_s, QString() };
    const auto draw = [&random](int n) {
        return int(random.bounded(n));
    };
    QList<RecognitionEvent> events;
    QStringList acknowledged;
    for (int i = 0; i < 400; ++i) {
        Spec spec;
        spec.uuid = u"r%1"_s.arg(i);
        spec.second = draw(20) == 0 ? -1 : draw(300);
        spec.sn = u"SN-%1"_s.arg(draw(3));
        spec.status = draw(4) == 0 ? std::nullopt : std::optional<int>(draw(7));
        spec.type = draw(2) == 0 ? std::nullopt : std::optional<int>(1 + draw(5));
        spec.pass = draw(4) == 0 ? std::nullopt : std::optional<bool>(draw(2) == 0);
        spec.mask = draw(5) == 0 ? std::nullopt : std::optional<int>(draw(3));
        spec.score = draw(5) == 0 ? std::nullopt : std::optional<double>(draw(11) / 10.0);
        if (draw(3) != 0) {
            spec.user = true;
            spec.name = names.at(draw(int(names.size())));
            spec.userId = draw(2) == 0 ? QString() : u"ID-%1"_s.arg(draw(20));
            spec.userType = draw(3) == 0 ? std::nullopt : std::optional<int>(1 + draw(3));
        }
        events.append(make(spec));
        if (draw(3) == 0)
            acknowledged.append(spec.uuid);
    }
    QVERIFY(store(dbPath(), events, acknowledged));

    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    const QStringList needles = { u"jose"_s, u"ANNA"_s, u"id-1"_s, u"o"_s, u"ария"_s, u"小"_s };
    for (int round = 0; round < 300; ++round) {
        EventFilter filter;
        if (draw(4) == 0)
            filter.from
                = QDateTime::fromMSecsSinceEpoch(BaseMs + draw(300) * qint64 { 1000 }, Qt::UTC);
        if (draw(4) == 0)
            filter.to
                = QDateTime::fromMSecsSinceEpoch(BaseMs + draw(300) * qint64 { 1000 }, Qt::UTC);
        if (draw(4) == 0)
            filter.deviceSns = { u"SN-%1"_s.arg(draw(3)) };
        if (draw(4) == 0)
            filter.pass = draw(2) == 0;
        if (draw(3) == 0)
            filter.person = needles.at(draw(int(needles.size())));
        if (draw(4) == 0)
            filter.statuses = { draw(7), draw(7) };
        if (draw(4) == 0)
            filter.masks = { draw(3) };
        if (draw(4) == 0)
            filter.minScore = draw(11) / 10.0;
        if (draw(3) == 0)
            filter.alerts = Reasons::fromInt(draw(16));
        filter.unacknowledgedOnly = draw(4) == 0;

        QSet<QString> expected;
        for (const RecognitionEvent &event : std::as_const(events)) {
            if (filter.matches(event, acknowledged.contains(event.uuid)))
                expected.insert(event.uuid);
        }
        QSet<QString> actual;
        QVERIFY2(reader.forEach(
                     filter, false,
                     [&actual](const StoredEventRow &row) {
                         actual.insert(row.event.uuid);
                         return true;
                     },
                     &error),
                 qPrintable(error));
        QCOMPARE(actual, expected);
        QCOMPARE(reader.count(filter, &error), expected.size());
    }
}

void TestHistoryFilters::alertConditionAgreesWithRules()
{
    // Every combination of the fields the rules look at, codes outside the known ones
    // included.
    QList<RecognitionEvent> events;
    const QList<std::optional<int>> statuses = { std::nullopt, 0, 1, 2, 3, 4, 5, 6, 7 };
    const QList<std::optional<int>> types = { std::nullopt, 0, 1, 2, 3, 4, 5, 6 };
    const QList<std::optional<bool>> passes = { std::nullopt, true, false };
    const QList<std::optional<int>> userTypes = { std::nullopt, 1, 2, 3, 4 };
    int n = 0;
    for (const auto &status : statuses) {
        for (const auto &type : types) {
            for (const auto &pass : passes) {
                for (int user = -1; user < userTypes.size(); ++user) {
                    Spec spec;
                    spec.uuid = u"c%1"_s.arg(n++);
                    spec.second = n;
                    spec.status = status;
                    spec.type = type;
                    spec.pass = pass;
                    if (user >= 0) { // -1: no user at all
                        spec.user = true;
                        spec.userType = userTypes.at(user);
                    }
                    events.append(make(spec));
                }
            }
        }
    }
    QVERIFY(store(dbPath(), events));

    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    QStringList expected;
    QStringList actual;
    for (int bits = 0; bits <= AlertRules::AllReasons; ++bits) {
        const Reasons reasons = Reasons::fromInt(bits);
        EventFilter filter;
        filter.alerts = reasons;
        expected.clear();
        for (const RecognitionEvent &event : std::as_const(events)) {
            if (isAlert(event, reasons))
                expected.append(event.uuid);
        }
        actual.clear();
        QVERIFY2(reader.forEach(
                     filter, false,
                     [&actual](const StoredEventRow &row) {
                         actual.append(row.event.uuid);
                         return true;
                     },
                     &error),
                 qPrintable(error));
        QCOMPARE(actual, expected);
        QCOMPARE(reader.count(filter, &error), expected.size());
    }

    // Reason by reason, on each row: the condition of each single reason holds exactly when
    // AlertRules gives that reason.
    LegacyDatabase::DirectConnection direct(dbPath());
    const SqlDialect dialect;
    for (const Reason reason :
         { Reason::Stranger, Reason::Denied, Reason::NonLive, Reason::Blacklist }) {
        QVariant flagged;
        QVERIFY(direct.exec({ u"SELECT group_concat(uuid, ',') FROM (SELECT uuid FROM events "_s
                              u"WHERE "_s
                              + HistoryQuery::alertCondition(Reasons(reason), dialect, QString())
                              + u" ORDER BY id)"_s },
                            &flagged));
        expected.clear();
        for (const RecognitionEvent &event : std::as_const(events)) {
            if (AlertRules::reasons(event).testFlag(reason))
                expected.append(event.uuid);
        }
        QCOMPARE(flagged.toString().split(u','), expected);
    }
}

void TestHistoryFilters::alertConditionIsThePartialIndex()
{
    // The database uses a partial index only for a query that states its condition; the
    // condition for every reason must stay the one the index was made with.
    const SqlDialect dialect;
    QCOMPARE(HistoryQuery::alertCondition(AlertRules::all(), dialect, QString()),
             Schema::version4AlertCondition(dialect));
    QVERIFY(store(dbPath(), knownEvents()));

    const HistoryQuery query(dialect, Schema::currentVersion(), u"e"_s);
    for (const Reasons reasons :
         { AlertRules::all(), Reasons(Reason::Stranger), Reason::Denied | Reason::Blacklist }) {
        EventFilter filter;
        filter.alerts = reasons;
        const HistoryQuery::Sql where = query.where(filter);
        QVERIFY(where.values.isEmpty());
        const QString plan
            = queryPlan(dbPath(), u"SELECT COUNT(*) FROM events e"_s + where.text, where.values);
        QVERIFY2(plan.contains(u"events_alerts"_s), qPrintable(plan));
    }
}

void TestHistoryFilters::timeBoundsAreInclusive()
{
    QList<RecognitionEvent> events;
    for (const qint64 ms :
         { BaseMs - 1, BaseMs, BaseMs + 1, BaseMs + 999, BaseMs + 1000, BaseMs + 1001 }) {
        RecognitionEvent e = make(spec(u"t%1"_s.arg(ms - BaseMs), 0));
        e.timestampMs = ms;
        e.timestampInMillis = true;
        events.append(e);
    }
    QVERIFY(store(dbPath(), events));
    EventFilter filter;
    filter.from = QDateTime::fromMSecsSinceEpoch(BaseMs, Qt::UTC);
    filter.to = QDateTime::fromMSecsSinceEpoch(BaseMs + 1000, Qt::UTC);
    const QStringList inside = { u"t0"_s, u"t1"_s, u"t999"_s, u"t1000"_s };
    QCOMPARE(select(dbPath(), filter), inside);
    // The same instants, written in another zone.
    filter.from = filter.from->toTimeZone(QTimeZone("Asia/Kolkata"));
    filter.to = filter.to->toOffsetFromUtc(-3 * 3600);
    QCOMPARE(select(dbPath(), filter), inside);
    // One bound only.
    EventFilter onlyTo;
    onlyTo.to = QDateTime::fromMSecsSinceEpoch(BaseMs, Qt::UTC);
    QCOMPARE(select(dbPath(), onlyTo), (QStringList { u"t-1"_s, u"t0"_s }));
    EventFilter onlyFrom;
    onlyFrom.from = QDateTime::fromMSecsSinceEpoch(BaseMs + 1000, Qt::UTC);
    QCOMPARE(select(dbPath(), onlyFrom), (QStringList { u"t1000"_s, u"t1001"_s }));
}

void TestHistoryFilters::daylightSavingDays_data()
{
    QTest::addColumn<QDate>("day");
    QTest::addColumn<int>("hours");
    // Europe/Berlin: clocks go forward at 02:00 (a day of 23 hours) and back at 03:00 (25).
    QTest::newRow("spring forward") << QDate(2026, 3, 29) << 23;
    QTest::newRow("fall back") << QDate(2026, 10, 25) << 25;
    QTest::newRow("ordinary day") << QDate(2026, 10, 24) << 24;
}

void TestHistoryFilters::daylightSavingDays()
{
    QFETCH(QDate, day);
    QFETCH(int, hours);

    const QTimeZone berlin("Europe/Berlin");
    QVERIFY(berlin.isValid());
    // An event every 15 minutes of UTC from two days before to two days after.
    const qint64 startMs = QDateTime(day.addDays(-2), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    QList<RecognitionEvent> events;
    QStringList expected;
    const qint64 from = day.startOfDay(berlin).toMSecsSinceEpoch();
    const qint64 to = day.addDays(1).startOfDay(berlin).toMSecsSinceEpoch() - 1;
    for (qint64 ms = startMs; ms < startMs + 5LL * 24 * 3600 * 1000;
         ms += qint64 { 15 } * 60 * 1000) {
        RecognitionEvent e = make(spec(u"at%1"_s.arg(ms), 0));
        e.timestampMs = ms;
        events.append(e);
        if (ms >= from && ms <= to)
            expected.append(e.uuid);
    }
    QVERIFY(store(dbPath(), events));
    QCOMPARE(expected.size(), hours * 4);

    // "Today" in a view: the local day, from its first to its last millisecond.
    EventFilter filter;
    filter.from = day.startOfDay(berlin);
    filter.to = day.addDays(1).startOfDay(berlin).addMSecs(-1);
    QCOMPARE(filter.to->toMSecsSinceEpoch() - filter.from->toMSecsSinceEpoch() + 1,
             qint64(hours) * 3600 * 1000);
    qint64 count = -1;
    QCOMPARE(select(dbPath(), filter, &count), expected);
    QCOMPARE(count, hours * 4);
    // The first event is at local midnight, the last at 23:45 local.
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(from, berlin).time(), QTime(0, 0));
    QCOMPARE(
        QDateTime::fromMSecsSinceEpoch(from + (hours * 4 - 1) * 15LL * 60 * 1000, berlin).time(),
        QTime(23, 45));
}

void TestHistoryFilters::accentsAndCase_data()
{
    QTest::addColumn<QString>("needle");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("jose") << u"jose"_s << QStringList { u"José"_s, u"JOSE"_s, u"Jose\u0301"_s };
    QTest::newRow("JOSÉ") << u"JOSÉ"_s << QStringList { u"José"_s, u"JOSE"_s, u"Jose\u0301"_s };
    QTest::newRow("oyvind") << u"oyvind"_s << QStringList { u"Øyvind"_s, u"ØYVIND"_s };
    QTest::newRow("Øyvind") << u"Øyvind"_s << QStringList { u"Øyvind"_s, u"ØYVIND"_s };
    QTest::newRow("ANGSTROM") << u"ANGSTROM"_s << QStringList { u"Ångström"_s };
    QTest::newRow("cyrillic upper") << u"МАРИЯ"_s << QStringList { u"Мария"_s };
    QTest::newRow("greek final sigma") << u"ΟΔΥΣΣΕΑΣ"_s << QStringList { u"Οδυσσέας"_s };
    QTest::newRow("han") << u"小明"_s << QStringList { u"王小明"_s };
    // What folding cannot do.
    QTest::newRow("no transliteration") << u"maria"_s << QStringList {};
    QTest::newRow("no ue for ü") << u"mueller"_s << QStringList {};
}

void TestHistoryFilters::accentsAndCase()
{
    QFETCH(QString, needle);
    QFETCH(QStringList, expected);

    const QStringList names
        = { u"José"_s,     u"JOSE"_s,  u"Jose\u0301"_s, u"Øyvind"_s, u"ØYVIND"_s,
            u"Ångström"_s, u"Мария"_s, u"Οδυσσέας"_s,   u"王小明"_s, u"Müller"_s };
    QList<RecognitionEvent> events;
    for (qsizetype i = 0; i < names.size(); ++i) {
        Spec spec;
        spec.uuid = names.at(i);
        spec.second = i;
        spec.name = names.at(i);
        events.append(make(spec));
    }
    QVERIFY(store(dbPath(), events));
    EventFilter filter;
    filter.person = needle;
    QCOMPARE(select(dbPath(), filter), expected);
}

void TestHistoryFilters::migrationFromVersion3()
{
    {
        DirectConnection v3(dbPath());
        QVERIFY(v3.exec(version3Database() + legacyEventRows()));
        // A stranger, and a person with only an id, as version 3 stored them.
        QVERIFY(v3.exec({
            u"INSERT INTO events (dedup_key, uuid, event_type, device_sn, timestamp_ms, "
            "timestamp_in_millis, recognize_status, pass, user_present, backfilled) VALUES "
            "('u:s', 's', 0, 'SN-OLD', 1650000001000, 0, 3, 0, 0, 0)"_s,
            u"INSERT INTO events (dedup_key, uuid, event_type, device_sn, timestamp_ms, "
            "timestamp_in_millis, recognize_status, pass, user_present, user_id, backfilled) "
            "VALUES ('u:i', 'i', 0, 'SN-OLD', 1650000002000, 0, 2, 1, 1, 'ÉMP-9', 0)"_s,
            // The same person again.
            u"INSERT INTO events (dedup_key, uuid, event_type, device_sn, timestamp_ms, "
            "timestamp_in_millis, recognize_status, pass, user_present, user_id, user_name, "
            "backfilled) VALUES ('u:a', 'a', 0, 'SN-OLD', 1650000003000, 0, 2, 1, 1, 'E-7', "
            "'Åsa Old', 0)"_s,
        }));
    }
    QCOMPARE(queryValue(dbPath(), u"SELECT version FROM schema_version"_s).toInt(), 3);

    // The store migrates at open.
    {
        EventStore store(dbPath());
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        store.close();
    }
    // Version 4 and every later migration ran.
    QCOMPARE(queryValue(dbPath(), u"SELECT version FROM schema_version"_s).toInt(),
             Schema::currentVersion());
    QVERIFY(Schema::hasHistoryIndexes(Schema::currentVersion()));
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM schema_version"_s).toInt(), 1);
    // Existing rows got their folded search text; the stranger has none.
    QCOMPARE(queryValue(dbPath(), u"SELECT search_text FROM events WHERE user_name = 'Åsa Old'"_s)
                 .toString(),
             SearchText::forPerson(u"Åsa Old"_s, u"E-7"_s));
    QCOMPARE(queryValue(dbPath(),
                        u"SELECT COUNT(*) FROM events WHERE search_text = 'asa old' || char(31) || "
                        "'e-7'"_s)
                 .toInt(),
             2);
    QCOMPARE(queryValue(dbPath(), u"SELECT search_text FROM events WHERE uuid = 'i'"_s).toString(),
             SearchText::forPerson({}, u"ÉMP-9"_s));
    QVERIFY(queryValue(dbPath(), u"SELECT search_text FROM events WHERE uuid = 's'"_s).isNull());
    // The indexes of version 4 are there, those they replace are gone.
    const QString indexes
        = queryValue(dbPath(),
                     u"SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master "
                     "WHERE type = 'index' AND tbl_name = 'events' ORDER BY name)"_s)
              .toString();
    for (const QString &name :
         { u"events_search_time"_s, u"events_alerts"_s, u"events_status_time"_s,
           u"events_score_time"_s, u"events_user_id_time"_s, u"events_time"_s }) {
        QVERIFY2(indexes.split(u' ').contains(name), qPrintable(indexes));
    }
    QVERIFY2(!indexes.split(u' ').contains(u"events_user_name"_s), qPrintable(indexes));
    // The door log and the acknowledgements are still there.
    QCOMPARE(queryValue(dbPath(), u"SELECT COUNT(*) FROM door_openings"_s).toInt(), 0);

    // What version 3 held reads back whole, and the folded search finds it.
    EventFilter filter;
    filter.person = u"ASA"_s;
    // The legacy event has no uuid.
    QCOMPARE(select(dbPath(), filter), (QStringList { QString(), u"a"_s }));
    filter.person = u"emp-9"_s;
    QCOMPARE(select(dbPath(), filter), QStringList { u"i"_s });
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(dbPath(), &error), qPrintable(error));
    const auto rows = reader.latest({}, 10, true, &error);
    QVERIFY2(rows, qPrintable(error));
    QCOMPARE(rows->size(), 4);
    QCOMPARE(rows->constLast().event, [] {
        RecognitionEvent e = legacyEvent();
        e.snapshotJpeg = QByteArray::fromHex("FFD8FFD9");
        e.snapshotSize = QSize(2, 1);
        return e;
    }());

    // New events get their search text from the store.
    {
        EventStore store(dbPath());
        QVERIFY(store.open());
        Spec nandu = spec(u"new"_s, 5);
        nandu.name = u"Ñandú"_s;
        store.addEvent(make(nandu));
        store.flush();
        store.close();
    }
    filter.person = u"nandu"_s;
    QCOMPARE(select(dbPath(), filter), QStringList { u"new"_s });
}

void TestHistoryFilters::version3DatabaseReadAsItIs()
{
    // A reader cannot migrate: a recorder of GateWatch 3 may still be writing the file. The
    // filters work there as far as the old schema allows.
    {
        DirectConnection v3(dbPath());
        QVERIFY(v3.exec(version3Database() + legacyEventRows()));
        QVERIFY(v3.exec({
            u"INSERT INTO events (dedup_key, uuid, event_type, device_sn, timestamp_ms, "
            "timestamp_in_millis, recognize_status, recognition_type, pass, user_present, "
            "user_name, user_id, user_type, backfilled) VALUES "
            "('u:b', 'b', 0, 'SN-OLD', 1650000001000, 0, NULL, 5, 0, 1, 'Bob 100%', 'B_1', 1, 0)"_s,
        }));
    }
    const auto uuids = [this](const auto &set) {
        EventFilter filter;
        set(filter);
        return select(dbPath(), filter);
    };
    // ASCII case is ignored, accents are not folded, and pattern characters are text.
    QCOMPARE(uuids([](EventFilter &f) { f.person = u"bob"_s; }), QStringList { u"b"_s });
    QCOMPARE(uuids([](EventFilter &f) { f.person = u"00%"_s; }), QStringList { u"b"_s });
    QCOMPARE(uuids([](EventFilter &f) { f.person = u"B_1"_s; }), QStringList { u"b"_s });
    QCOMPARE(uuids([](EventFilter &f) { f.person = u"B%1"_s; }), QStringList {});
    QCOMPARE(uuids([](EventFilter &f) { f.person = u"Åsa"_s; }), QStringList { QString() });
    QCOMPARE(uuids([](EventFilter &f) { f.person = u"asa"_s; }), QStringList {});
    // The legacy event is a non-live attempt (status 1).
    QCOMPARE(uuids([](EventFilter &f) { f.alerts = AlertRules::all(); }),
             (QStringList { QString(), u"b"_s }));
    QCOMPARE(uuids([](EventFilter &f) { f.alerts = Reasons(Reason::Stranger); }), QStringList {});
    QCOMPARE(uuids([](EventFilter &f) {
                 f.unacknowledgedOnly = true;
                 f.statuses = { 1 };
             }),
             QStringList { QString() });
    // The database was left as it was.
    QCOMPARE(queryValue(dbPath(), u"SELECT version FROM schema_version"_s).toInt(), 3);
}

QTEST_GUILESS_MAIN(TestHistoryFilters)
#include "tst_historyfilters.moc"
