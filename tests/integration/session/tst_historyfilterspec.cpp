#include "session/historyfilterspec.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

class TestHistoryFilterSpec final : public QObject
{
    Q_OBJECT

private slots:
    void periodsAsOfNow_data();
    void periodsAsOfNow();
    void resolvesEveryCriterion();
    void jsonRoundTrip();
    void toleratesDamagedJson();
};

void TestHistoryFilterSpec::periodsAsOfNow_data()
{
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<int>("period");
    QTest::addColumn<QDateTime>("from");
    QTest::addColumn<QDateTime>("to");

    const QTimeZone berlin("Europe/Berlin");
    const auto at = [&berlin](int y, int m, int d, int h, int min) {
        return QDateTime(QDate(y, m, d), QTime(h, min), berlin);
    };
    const QDateTime noon = at(2026, 11, 28, 12, 30);
    QTest::newRow("last hour") << noon << int(HistoryFilterSpec::Period::LastHour)
                               << at(2026, 11, 28, 11, 30) << noon;
    QTest::newRow("today") << noon << int(HistoryFilterSpec::Period::Today)
                           << at(2026, 11, 28, 0, 0) << at(2026, 11, 29, 0, 0).addMSecs(-1);
    QTest::newRow("yesterday") << noon << int(HistoryFilterSpec::Period::Yesterday)
                               << at(2026, 11, 27, 0, 0) << at(2026, 11, 28, 0, 0).addMSecs(-1);
    QTest::newRow("last 7 days") << noon << int(HistoryFilterSpec::Period::Last7Days)
                                 << at(2026, 11, 21, 12, 30) << noon;
    // The clocks go forward on 29 March 2026: a day of 23 hours.
    QTest::newRow("today, spring forward")
        << at(2026, 3, 29, 12, 0) << int(HistoryFilterSpec::Period::Today) << at(2026, 3, 29, 0, 0)
        << at(2026, 3, 30, 0, 0).addMSecs(-1);
    // And back on 25 October 2026: yesterday had 25 hours.
    QTest::newRow("yesterday, fall back")
        << at(2026, 10, 26, 9, 0) << int(HistoryFilterSpec::Period::Yesterday)
        << at(2026, 10, 25, 0, 0) << at(2026, 10, 26, 0, 0).addMSecs(-1);
}

void TestHistoryFilterSpec::periodsAsOfNow()
{
    QFETCH(QDateTime, now);
    QFETCH(int, period);
    QFETCH(QDateTime, from);
    QFETCH(QDateTime, to);
    HistoryFilterSpec spec;
    spec.period = HistoryFilterSpec::Period(period);
    const EventFilter filter = spec.resolve(now, AlertRules::all());
    QVERIFY(filter.from && filter.to);
    QCOMPARE(filter.from->toMSecsSinceEpoch(), from.toMSecsSinceEpoch());
    QCOMPARE(filter.to->toMSecsSinceEpoch(), to.toMSecsSinceEpoch());
    if (QTest::currentDataTag() == QByteArrayLiteral("today, spring forward"))
        QCOMPARE(filter.from->msecsTo(*filter.to) + 1, 23LL * 3600 * 1000);
    if (QTest::currentDataTag() == QByteArrayLiteral("yesterday, fall back"))
        QCOMPARE(filter.from->msecsTo(*filter.to) + 1, 25LL * 3600 * 1000);
}

void TestHistoryFilterSpec::resolvesEveryCriterion()
{
    HistoryFilterSpec spec;
    const EventFilter none = spec.resolve(QDateTime::currentDateTime(), AlertRules::all());
    QCOMPARE(none, EventFilter {});

    spec.period = HistoryFilterSpec::Period::Custom;
    spec.from = QDateTime(QDate(2026, 1, 1), QTime(8, 0), Qt::UTC);
    spec.deviceSns = { u"SN1"_s, u"SN2"_s };
    spec.person = u"  josé "_s;
    spec.statuses = { 3, 6 };
    spec.pass = false;
    spec.masks = { 2 };
    spec.minScore = 0.8;
    spec.alertsOnly = true;
    spec.unacknowledgedOnly = true;
    const AlertRules::Reasons reasons = AlertRules::Reason::Stranger | AlertRules::Reason::Denied;
    const EventFilter filter = spec.resolve(QDateTime::currentDateTime(), reasons);
    QCOMPARE(filter.from, spec.from);
    QVERIFY(!filter.to);
    QCOMPARE(filter.deviceSns, spec.deviceSns);
    QCOMPARE(filter.person, u"josé"_s);
    QCOMPARE(filter.statuses, spec.statuses);
    QCOMPARE(filter.pass, std::optional<bool>(false));
    QCOMPARE(filter.masks, spec.masks);
    QCOMPARE(filter.minScore, std::optional<double>(0.8));
    QCOMPARE(filter.alerts, std::optional<AlertRules::Reasons>(reasons));
    QVERIFY(filter.unacknowledgedOnly);
}

void TestHistoryFilterSpec::jsonRoundTrip()
{
    HistoryFilterSpec spec;
    QCOMPARE(HistoryFilterSpec::fromJson(spec.toJson()), spec);
    spec.period = HistoryFilterSpec::Period::Custom;
    spec.from = QDateTime(QDate(2026, 1, 1), QTime(8, 0, 0, 250), Qt::UTC);
    spec.to = QDateTime(QDate(2026, 1, 2), QTime(8, 0), Qt::UTC);
    spec.deviceSns = { u"SN1"_s };
    spec.person = u"Øyvind \"the\" Ødegård"_s;
    spec.statuses = { 1, 3 };
    spec.pass = true;
    spec.masks = { 0, 2 };
    spec.minScore = 0.75;
    spec.alertsOnly = true;
    spec.unacknowledgedOnly = true;
    // Through text, as QSettings keeps it.
    const QByteArray text = QJsonDocument(spec.toJson()).toJson(QJsonDocument::Compact);
    const HistoryFilterSpec back
        = HistoryFilterSpec::fromJson(QJsonDocument::fromJson(text).object());
    QCOMPARE(back, spec);

    // A period keeps its meaning, not the times it had when saved.
    HistoryFilterSpec today;
    today.period = HistoryFilterSpec::Period::Today;
    const QJsonObject json = today.toJson();
    QVERIFY(!json.contains(u"from"_s));
    QCOMPARE(HistoryFilterSpec::fromJson(json).period, HistoryFilterSpec::Period::Today);
}

void TestHistoryFilterSpec::toleratesDamagedJson()
{
    const QJsonObject damaged
        = QJsonDocument::fromJson(
              R"({"period":"fortnight","from":"yesterday-ish","devices":[1,"SN9"],"statuses":["x",3],
            "pass":"no","minScore":"high","alertsOnly":"yes","future":{"a":1}})")
              .object();
    const HistoryFilterSpec spec = HistoryFilterSpec::fromJson(damaged);
    QCOMPARE(spec.period, HistoryFilterSpec::Period::All);
    QVERIFY(!spec.from);
    QCOMPARE(spec.deviceSns, QStringList { u"SN9"_s });
    QCOMPARE(spec.statuses, QSet<int> { 3 });
    QVERIFY(!spec.pass);
    QVERIFY(!spec.minScore);
    QVERIFY(!spec.alertsOnly);
}

QTEST_GUILESS_MAIN(TestHistoryFilterSpec)
#include "tst_historyfilterspec.moc"
