// RecordsPage: one page of a terminal's history (the `data` of POST /v1/event/records), read
// with the live parser's rules.

#include "event/eventparser.h"
#include "event/recordspage.h"
#include "testjpeg.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QJsonValue json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
}

// The guide's example item: later firmware, recognitionType, mode 9, user with numbers.
QJsonObject guideItem(qint64 timestamp)
{
    QJsonObject item = json(R"({"recognitionType": 1, "deviceSN": "PS71HD01MC22C00114",
                                "recognizeScore": 0.9225929379463196, "mask": 0, "pass": true,
                                "mode": 9, "user": {"name": "aa", "user_id": 3, "type": 1,
                                "ic_number": "2222", "job_number": "1111"}})")
                           .toObject();
    item.insert(u"timestamp"_s, timestamp);
    return item;
}

} // namespace

class TestRecordsPage final : public QObject
{
    Q_OBJECT

private slots:
    void guidePage();
    void missingOffsetIsTheRequestedOne();
    void emptyPage_data();
    void emptyPage();
    void notAPage_data();
    void notAPage();
    void unusableItemsAreRejectedAndCounted();
    void fieldProblemsKeepTheEvent();
    void snapshotsAreDecodedAsLive();
};

void TestRecordsPage::guidePage()
{
    QJsonObject stranger = json(R"({"recognizeStatus": 3, "deviceSN": "PS71HD01MC22C00114",
                                    "uuid": "6b3f…-stranger", "pass": false, "user": null})")
                               .toObject();
    stranger.insert(u"timestamp"_s, 1669690852);
    const QJsonObject data { { u"offset"_s, 25 },
                             { u"limit"_s, 25 },
                             { u"count"_s, 2 },
                             { u"total"_s, 27 },
                             { u"items"_s, QJsonArray { guideItem(1669552219), stranger } } };
    QString error;
    const auto page = RecordsPage::parse(data, EventParser(), 25, &error);
    QVERIFY2(page, qPrintable(error));
    QCOMPARE(page->offset, 25);
    QCOMPARE(page->total, 27);
    QCOMPARE(page->itemCount, 2);
    QCOMPARE(page->events.size(), 2);
    QVERIFY(page->rejected.isEmpty());

    const RecognitionEvent &first = page->events.at(0);
    QCOMPARE(first.deviceSn, u"PS71HD01MC22C00114"_s);
    QCOMPARE(first.recognitionType, 1);
    QCOMPARE(first.mode, 9);
    QCOMPARE(first.pass, true);
    QCOMPARE(first.timestampMs, qint64 { 1669552219 } * 1000);
    QVERIFY(first.user);
    QCOMPARE(first.user->userId, u"3"_s);
    QCOMPARE(first.user->jobNumber, u"1111"_s);
    QCOMPARE(first.user->icNumber, u"2222"_s);
    // The caller marks it: the page only reads.
    QVERIFY(!first.backfilled);
    // Kept like a live frame's, in its envelope, so that the detail view shows the same.
    const QJsonObject raw = QJsonDocument::fromJson(first.rawFrame).object();
    QCOMPARE(raw.value(u"type"_s).toInt(-1), 0);
    QCOMPARE(raw.value(u"data"_s).toObject().value(u"deviceSN"_s).toString(),
             u"PS71HD01MC22C00114"_s);

    const RecognitionEvent &second = page->events.at(1);
    QCOMPARE(second.uuid, u"6b3f…-stranger"_s);
    QVERIFY(!second.user);
    // The same key as the same event pushed live: the store keeps one of them.
    const QJsonObject live { { u"type"_s, 0 }, { u"data"_s, stranger } };
    const ParseOutcome pushed
        = EventParser().parse(QJsonDocument(live).toJson(QJsonDocument::Compact));
    QVERIFY(pushed.ok());
    QCOMPARE(second.deduplicationKey(), pushed.event->deduplicationKey());
    QCOMPARE(first.deduplicationKey(),
             EventParser().parseData(guideItem(1669552219)).event->deduplicationKey());
}

void TestRecordsPage::missingOffsetIsTheRequestedOne()
{
    const QJsonObject data { { u"total"_s, 30 },
                             { u"items"_s, QJsonArray { guideItem(1669552219) } } };
    const auto page = RecordsPage::parse(data, EventParser(), 25);
    QVERIFY(page);
    QCOMPARE(page->offset, 25);
    QCOMPARE(page->itemCount, 1);
}

void TestRecordsPage::emptyPage_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("empty list") << R"({"offset":0,"limit":25,"count":0,"total":0,"items":[]})"_ba;
    QTest::newRow("items left out") << R"({"offset":0,"count":0,"total":0})"_ba;
    QTest::newRow("items null") << R"({"offset":0,"total":0,"items":null})"_ba;
    // Past the end: the history shrank since the last page.
    QTest::newRow("past the end") << R"({"offset":50,"total":40,"items":[]})"_ba;
}

void TestRecordsPage::emptyPage()
{
    QFETCH(QByteArray, data);
    QString error;
    const auto page = RecordsPage::parse(json(data), EventParser(), 0, &error);
    QVERIFY2(page, qPrintable(error));
    QCOMPARE(page->itemCount, 0);
    QVERIFY(page->events.isEmpty());
}

void TestRecordsPage::notAPage_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("reason");
    QTest::newRow("array") << "[]"_ba << u"not an object"_s;
    QTest::newRow("no total") << R"({"offset":0,"items":[]})"_ba << u"no total"_s;
    QTest::newRow("total as text") << R"({"total":"3","items":[]})"_ba << u"total"_s;
    QTest::newRow("negative total") << R"({"total":-1,"items":[]})"_ba << u"total"_s;
    QTest::newRow("fractional total") << R"({"total":2.5,"items":[]})"_ba << u"total"_s;
    QTest::newRow("huge total") << R"({"total":1e300,"items":[]})"_ba << u"total"_s;
    QTest::newRow("items an object") << R"({"total":1,"items":{"0":{}}})"_ba << u"items"_s;
    QTest::newRow("items text") << R"({"total":1,"items":"[]"})"_ba << u"items"_s;
    QTest::newRow("offset text") << R"({"offset":"0","total":1,"items":[]})"_ba << u"offset"_s;
    QTest::newRow("negative offset") << R"({"offset":-25,"total":1,"items":[]})"_ba << u"offset"_s;
}

void TestRecordsPage::notAPage()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!RecordsPage::parse(json(data), EventParser(), 0, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));

    // Not even JSON an object can come from: the answer's data was a plain value.
    error.clear();
    QVERIFY(!RecordsPage::parse(QJsonValue(42), EventParser(), 0, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!RecordsPage::parse(QJsonValue(QJsonValue::Null), EventParser(), 0, &error));
}

void TestRecordsPage::unusableItemsAreRejectedAndCounted()
{
    const QJsonObject data {
        { u"offset"_s, 50 },
        { u"total"_s, 54 },
        { u"items"_s,
          QJsonArray { guideItem(1669552219), 7, u"text"_s, QJsonValue(QJsonValue::Null),
                       guideItem(1669552220) } },
    };
    const auto page = RecordsPage::parse(data, EventParser(), 50);
    QVERIFY(page);
    // The next page starts after all five, usable or not.
    QCOMPARE(page->itemCount, 5);
    QCOMPARE(page->events.size(), 2);
    QCOMPARE(page->rejected.size(), 3);
    // By position in the whole history, so that a log line points at the record.
    QVERIFY2(page->rejected.at(0).contains(u"51"_s), qPrintable(page->rejected.at(0)));
    QVERIFY2(page->rejected.at(2).contains(u"53"_s), qPrintable(page->rejected.at(2)));
    QCOMPARE(page->events.at(1).timestampMs, qint64 { 1669552220 } * 1000);
}

void TestRecordsPage::fieldProblemsKeepTheEvent()
{
    QJsonObject item = guideItem(1669552219);
    item.insert(u"recognizeScore"_s, u"high"_s);
    item.insert(u"firmwareNovelty"_s, QJsonArray { 1, 2 });
    const auto page = RecordsPage::parse(
        QJsonObject { { u"total"_s, 1 }, { u"items"_s, QJsonArray { item } } }, EventParser());
    QVERIFY(page);
    QCOMPARE(page->events.size(), 1);
    QVERIFY(!page->events.at(0).recognizeScore);
    QCOMPARE(page->events.at(0).unknownFields.value(u"firmwareNovelty"_s),
             QJsonValue(QJsonArray { 1, 2 }));
    QCOMPARE(page->warnings.size(), 1);
    QVERIFY2(page->warnings.at(0).contains(u"record 0"_s), qPrintable(page->warnings.at(0)));
}

void TestRecordsPage::snapshotsAreDecodedAsLive()
{
    const QByteArray jpeg = TestJpeg::make(64, 80);
    QJsonObject good = guideItem(1669552219);
    good.insert(u"rgb_image"_s, QString::fromLatin1(jpeg.toBase64()));
    QJsonObject broken = guideItem(1669552220);
    broken.insert(u"rgb_image"_s, u"not base64 at all!"_s);
    const auto page = RecordsPage::parse(
        QJsonObject { { u"total"_s, 2 }, { u"items"_s, QJsonArray { good, broken } } },
        EventParser());
    QVERIFY(page);
    QCOMPARE(page->events.size(), 2);
    QCOMPARE(page->events.at(0).snapshotJpeg, jpeg);
    QCOMPARE(page->events.at(0).snapshotSize, QSize(64, 80));
    // Kept without its snapshot, with the reason, as a live event would be.
    QVERIFY(page->events.at(1).snapshotJpeg.isEmpty());
    QVERIFY(!page->events.at(1).snapshotError.isEmpty());
    // The raw frame does not carry the picture twice.
    QVERIFY(page->events.at(0).rawFrame.size() < jpeg.toBase64().size());
}

QTEST_GUILESS_MAIN(TestRecordsPage)
#include "tst_recordspage.moc"
