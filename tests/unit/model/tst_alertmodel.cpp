// AlertModel with a QAbstractItemModelTester attached: which events become alerts, the enabled
// reasons, acknowledgement (one, all, and the store's answer winning), the cap, the summary.

#include "model/alertmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
enum class Kind { Pass, Stranger, Denied, NonLive, Blacklisted };

RecognitionEvent makeEvent(int n, Kind kind)
{
    RecognitionEvent event;
    event.deviceSn = u"SN-1"_s;
    event.deviceName = u"Front door"_s;
    event.uuid = u"uuid-%1"_s.arg(n);
    event.timestampMs = qint64 { 1'700'000'000'000 } + qint64(n) * 1000;
    event.receivedAt = QDateTime::fromMSecsSinceEpoch(*event.timestampMs, Qt::UTC);
    event.pass = true;
    event.recognizeStatus = 2;
    switch (kind) {
    case Kind::Pass:
    case Kind::Denied:
    case Kind::Blacklisted:
        event.user = RecognitionUser { u"Person %1"_s.arg(n),
                                       QString::number(n),
                                       kind == Kind::Blacklisted ? 3 : 1,
                                       {},
                                       {},
                                       {},
                                       {} };
        event.pass = kind == Kind::Pass;
        break;
    case Kind::Stranger:
        event.recognizeStatus = 3;
        event.pass = false;
        break;
    case Kind::NonLive:
        event.recognizeStatus = 1;
        event.pass = false;
        break;
    }
    return event;
}

struct Fixture
{
    Fixture()
        : model(std::make_unique<AlertModel>())
        , tester(std::make_unique<QAbstractItemModelTester>(
              model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest))
    { }
    std::unique_ptr<AlertModel> model;
    std::unique_ptr<QAbstractItemModelTester> tester;
};
} // namespace

class TestAlertModel final : public QObject
{
    Q_OBJECT

private slots:
    void onlyAlertsAreListed();
    void enabledReasonsDecide();
    void newestFirst();
    void acknowledgeOne();
    void acknowledgeTwiceIsIgnored();
    void acknowledgeAll();
    void storeAnswerWins();
    void storedAlertsKeepTheirAcknowledgement();
    void capDropsOldestAndRecounts();
    void backfilledAlertsTakeTheirTimePosition();
    void summaryWords();
    void listKeepsNoSnapshot();
};

void TestAlertModel::onlyAlertsAreListed()
{
    Fixture f;
    QSignalSpy raised(f.model.get(), &AlertModel::alertRaised);
    QVERIFY(!f.model->addEvent(makeEvent(1, Kind::Pass)));
    QVERIFY(f.model->addEvent(makeEvent(2, Kind::Stranger)));
    QVERIFY(f.model->addEvent(makeEvent(3, Kind::Denied)));
    QVERIFY(f.model->addEvent(makeEvent(4, Kind::NonLive)));
    QVERIFY(f.model->addEvent(makeEvent(5, Kind::Blacklisted)));
    QCOMPARE(f.model->rowCount(), 4);
    QCOMPARE(f.model->unacknowledgedCount(), 4);
    QCOMPARE(raised.size(), 4);
    const auto reasons = raised.at(0).at(1).value<AlertRules::Reasons>();
    QVERIFY(reasons.testFlag(AlertRules::Reason::Stranger));
}

void TestAlertModel::enabledReasonsDecide()
{
    Fixture f;
    f.model->setEnabledReasons(AlertRules::Reason::Stranger);
    QVERIFY(!f.model->addEvent(makeEvent(1, Kind::NonLive)));
    QVERIFY(!f.model->addEvent(makeEvent(2, Kind::Blacklisted)));
    QVERIFY(f.model->addEvent(makeEvent(3, Kind::Stranger)));
    QCOMPARE(f.model->rowCount(), 1);
    // Only the enabled reason is reported, though the stranger was also denied.
    QCOMPARE(f.model->index(0).data(AlertModel::ReasonsRole).toInt(),
             int(AlertRules::Reasons(AlertRules::Reason::Stranger).toInt()));
}

void TestAlertModel::newestFirst()
{
    Fixture f;
    f.model->addEvent(makeEvent(1, Kind::Stranger));
    f.model->addEvent(makeEvent(2, Kind::Denied));
    QCOMPARE(f.model->eventAt(0).uuid, u"uuid-2"_s);
    QCOMPARE(f.model->newestUnacknowledgedRow(), 0);
    QCOMPARE(f.model->index(0).data(AlertModel::DedupKeyRole).toString(),
             makeEvent(2, Kind::Denied).deduplicationKey());
}

void TestAlertModel::acknowledgeOne()
{
    Fixture f;
    f.model->addEvent(makeEvent(1, Kind::Stranger));
    f.model->addEvent(makeEvent(2, Kind::Denied));
    QSignalSpy requested(f.model.get(), &AlertModel::acknowledgeRequested);
    QSignalSpy count(f.model.get(), &AlertModel::unacknowledgedCountChanged);
    f.model->acknowledge(1, u"alice"_s, u"visitor, let in by reception"_s);
    QCOMPARE(f.model->unacknowledgedCount(), 1);
    QCOMPARE(count.size(), 1);
    QCOMPARE(requested.size(), 1);
    const auto acks = requested.at(0).at(0).value<QList<Acknowledgement>>();
    QCOMPARE(acks.size(), 1);
    QCOMPARE(acks.at(0).dedupKey, makeEvent(1, Kind::Stranger).deduplicationKey());
    QCOMPARE(acks.at(0).by, u"alice"_s);
    QCOMPARE(acks.at(0).note, u"visitor, let in by reception"_s);
    QVERIFY(qAbs(acks.at(0).at.msecsTo(QDateTime::currentDateTimeUtc())) < 60'000);
    QVERIFY(f.model->index(1).data(AlertModel::AcknowledgedRole).toBool());
    QVERIFY(!f.model->index(0).data(AlertModel::AcknowledgedRole).toBool());
    QVERIFY(f.model->index(1).data().toString().contains(u"alice"_s));
    QVERIFY(f.model->index(1).data().toString().contains(u"visitor, let in by reception"_s));
    QCOMPARE(f.model->newestUnacknowledgedRow(), 0);
}

void TestAlertModel::acknowledgeTwiceIsIgnored()
{
    Fixture f;
    f.model->addEvent(makeEvent(1, Kind::Stranger));
    QSignalSpy requested(f.model.get(), &AlertModel::acknowledgeRequested);
    f.model->acknowledge(0, u"alice"_s, {});
    f.model->acknowledge(0, u"bob"_s, {});
    f.model->acknowledge(7, u"bob"_s, {}); // no such row
    QCOMPARE(requested.size(), 1);
    QCOMPARE(f.model->acknowledgementAt(0)->by, u"alice"_s);
    QCOMPARE(f.model->unacknowledgedCount(), 0);
    QCOMPARE(f.model->newestUnacknowledgedRow(), -1);
}

void TestAlertModel::acknowledgeAll()
{
    Fixture f;
    for (int i = 0; i < 5; ++i)
        f.model->addEvent(makeEvent(i, Kind::Stranger));
    f.model->acknowledge(2, u"alice"_s, {});
    QSignalSpy requested(f.model.get(), &AlertModel::acknowledgeRequested);
    f.model->acknowledgeAll(u"bob"_s, u"drill"_s);
    QCOMPARE(f.model->unacknowledgedCount(), 0);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).value<QList<Acknowledgement>>().size(), 4);
    QCOMPARE(f.model->acknowledgementAt(2)->by, u"alice"_s); // kept
    QCOMPARE(f.model->acknowledgementAt(0)->by, u"bob"_s);
    f.model->acknowledgeAll(u"bob"_s, {});
    QCOMPARE(requested.size(), 1); // nothing left to acknowledge
}

void TestAlertModel::storeAnswerWins()
{
    Fixture f;
    f.model->addEvent(makeEvent(1, Kind::Stranger));
    f.model->addEvent(makeEvent(2, Kind::Stranger));
    f.model->acknowledge(0, u"bob"_s, u"mine"_s);
    // The store answers with what another station stored first, and acknowledges the other
    // alert that this station had not.
    const QDateTime earlier = QDateTime::currentDateTimeUtc().addSecs(-30);
    QSignalSpy count(f.model.get(), &AlertModel::unacknowledgedCountChanged);
    f.model->applyAcknowledgements(
        { Acknowledgement { makeEvent(2, Kind::Stranger).deduplicationKey(), earlier, u"alice"_s,
                            u"first"_s },
          Acknowledgement {
              makeEvent(1, Kind::Stranger).deduplicationKey(), earlier, u"carol"_s, {} } });
    QCOMPARE(f.model->acknowledgementAt(0)->by, u"alice"_s);
    QCOMPARE(f.model->acknowledgementAt(0)->note, u"first"_s);
    QCOMPARE(f.model->acknowledgementAt(1)->by, u"carol"_s);
    QCOMPARE(f.model->unacknowledgedCount(), 0);
    QCOMPARE(count.size(), 1);
    // Keys it does not list change nothing.
    f.model->applyAcknowledgements({ Acknowledgement { u"other"_s, earlier, u"x"_s, {} } });
    QCOMPARE(f.model->unacknowledgedCount(), 0);
}

void TestAlertModel::storedAlertsKeepTheirAcknowledgement()
{
    Fixture f;
    QSignalSpy raised(f.model.get(), &AlertModel::alertRaised);
    const Acknowledgement ack { makeEvent(1, Kind::Stranger).deduplicationKey(),
                                QDateTime::currentDateTimeUtc(),
                                u"alice"_s,
                                {} };
    QVERIFY(f.model->addStored(makeEvent(1, Kind::Stranger), ack));
    QVERIFY(f.model->addStored(makeEvent(2, Kind::Denied), std::nullopt));
    QVERIFY(!f.model->addStored(makeEvent(3, Kind::Pass), std::nullopt));
    QCOMPARE(raised.size(), 0); // history is not news
    QCOMPARE(f.model->rowCount(), 2);
    QCOMPARE(f.model->unacknowledgedCount(), 1);
    QCOMPARE(f.model->index(1).data(AlertModel::AcknowledgementRole).value<Acknowledgement>(), ack);
}

void TestAlertModel::capDropsOldestAndRecounts()
{
    Fixture f;
    f.model->setMaxAlerts(3);
    for (int i = 0; i < 5; ++i)
        f.model->addEvent(makeEvent(i, Kind::Stranger));
    QCOMPARE(f.model->rowCount(), 3);
    QCOMPARE(f.model->unacknowledgedCount(), 3);
    QCOMPARE(f.model->eventAt(2).uuid, u"uuid-2"_s);
    f.model->setMaxAlerts(1);
    QCOMPARE(f.model->rowCount(), 1);
    QCOMPARE(f.model->unacknowledgedCount(), 1);
    QCOMPARE(f.model->eventAt(0).uuid, u"uuid-4"_s);
}

void TestAlertModel::backfilledAlertsTakeTheirTimePosition()
{
    Fixture f;
    f.model->setMaxAlerts(4);
    QSignalSpy raised(f.model.get(), &AlertModel::alertRaised);
    f.model->addEvent(makeEvent(10, Kind::Stranger));
    f.model->addEvent(makeEvent(20, Kind::Denied));
    QCOMPARE(raised.size(), 2);

    // Fetched after a disconnection: between the two, at the bottom, at the top.
    const auto backfilled = [](int n, Kind kind) {
        RecognitionEvent event = makeEvent(n, kind);
        event.backfilled = true;
        return event;
    };
    QVERIFY(f.model->addBackfilled(backfilled(15, Kind::NonLive)));
    QVERIFY(f.model->addBackfilled(backfilled(5, Kind::Stranger)));
    QVERIFY(!f.model->addBackfilled(backfilled(12, Kind::Pass)));
    QCOMPARE(raised.size(), 2); // not news: no tray message
    QStringList order;
    for (int row = 0; row < f.model->rowCount(); ++row)
        order.append(f.model->eventAt(row).uuid);
    QCOMPARE(order, (QStringList { u"uuid-20"_s, u"uuid-15"_s, u"uuid-10"_s, u"uuid-5"_s }));
    // Still to be answered by a guard.
    QCOMPARE(f.model->unacknowledgedCount(), 4);
    QVERIFY(f.model->eventAt(1).backfilled);

    // Newer than all, over the cap: on top, and the oldest goes.
    QVERIFY(f.model->addBackfilled(backfilled(30, Kind::Blacklisted)));
    QCOMPARE(f.model->rowCount(), 4);
    QCOMPARE(f.model->eventAt(0).uuid, u"uuid-30"_s);
    QCOMPARE(f.model->eventAt(3).uuid, u"uuid-10"_s);
    QCOMPARE(f.model->unacknowledgedCount(), 4);
    // Older than all with the list full: in and out at once.
    QVERIFY(f.model->addBackfilled(backfilled(1, Kind::Stranger)));
    QCOMPARE(f.model->rowCount(), 4);
    QCOMPARE(f.model->eventAt(3).uuid, u"uuid-10"_s);
    QCOMPARE(f.model->unacknowledgedCount(), 4);
    QCOMPARE(raised.size(), 2);
}

void TestAlertModel::summaryWords()
{
    const auto strip = [](QString text) {
        return text.remove(QChar(0x2068)).remove(QChar(0x2069));
    };
    const RecognitionEvent stranger = makeEvent(1, Kind::Stranger);
    const QString strangerText
        = strip(AlertModel::summary(stranger, AlertRules::reasons(stranger)));
    QVERIFY2(strangerText.startsWith(u"Stranger at Front door, "_s), qPrintable(strangerText));
    QVERIFY2(strangerText.endsWith(u" — denied"_s), qPrintable(strangerText));
    QVERIFY(!strangerText.contains(u"stranger"_s)); // "Stranger" says it once

    const RecognitionEvent blacklisted = makeEvent(2, Kind::Blacklisted);
    const QString blacklistedText
        = strip(AlertModel::summary(blacklisted, AlertRules::reasons(blacklisted)));
    QVERIFY2(blacklistedText.startsWith(u"Person 2 at Front door, "_s),
             qPrintable(blacklistedText));
    QVERIFY2(blacklistedText.endsWith(u" — denied, blacklist"_s), qPrintable(blacklistedText));
    // Right-to-left names are isolated from the sentence around them.
    RecognitionEvent hebrew = blacklisted;
    hebrew.user->name = u"דוד כהן"_s;
    QVERIFY(AlertModel::summary(hebrew, AlertRules::reasons(hebrew))
                .startsWith(QChar(0x2068) + u"דוד כהן"_s + QChar(0x2069)));
}

void TestAlertModel::listKeepsNoSnapshot()
{
    Fixture f;
    RecognitionEvent event = makeEvent(1, Kind::Stranger);
    event.snapshotJpeg = QByteArray(50'000, 'x');
    f.model->addEvent(event);
    QVERIFY(f.model->eventAt(0).snapshotJpeg.isEmpty());
    QCOMPARE(f.model->eventAt(0).deduplicationKey(), event.deduplicationKey());
}

QTEST_GUILESS_MAIN(TestAlertModel)
#include "tst_alertmodel.moc"
