#include "event/eventparser.h"
#include "testjpeg.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <array>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ParseError)

// QCOMPARE prints this when two events differ.
char *toString(const RecognitionEvent &event)
{
    QJsonObject o;
    const auto opt = [](const auto &value) {
        return value ? QJsonValue(double(*value)) : QJsonValue(QJsonValue::Null);
    };
    o[u"eventType"_s] = event.eventType;
    o[u"deviceSn"_s] = event.deviceSn;
    o[u"recognizeStatus"_s] = opt(event.recognizeStatus);
    o[u"recognitionType"_s] = opt(event.recognitionType);
    o[u"recognizeScore"_s] = opt(event.recognizeScore);
    o[u"livenessScore"_s] = opt(event.livenessScore);
    o[u"bodyTemperature"_s] = opt(event.bodyTemperature);
    o[u"mask"_s] = opt(event.mask);
    o[u"mode"_s] = opt(event.mode);
    o[u"pass"_s] = event.pass ? QJsonValue(*event.pass) : QJsonValue(QJsonValue::Null);
    o[u"timestampMs"_s] = opt(event.timestampMs);
    o[u"timestampInMillis"_s] = event.timestampInMillis;
    o[u"uuid"_s] = event.uuid;
    if (event.user) {
        QJsonObject u;
        u[u"name"_s] = event.user->name;
        u[u"userId"_s] = event.user->userId;
        u[u"type"_s] = opt(event.user->type);
        u[u"icNumber"_s] = event.user->icNumber;
        u[u"jobNumber"_s] = event.user->jobNumber;
        u[u"groups"_s] = QJsonArray::fromStringList(event.user->groups);
        u[u"unknownFields"_s] = event.user->unknownFields;
        o[u"user"_s] = u;
    }
    o[u"snapshotBytes"_s] = event.snapshotJpeg.size();
    o[u"snapshotSize"_s]
        = u"%1x%2"_s.arg(event.snapshotSize.width()).arg(event.snapshotSize.height());
    o[u"snapshotError"_s] = event.snapshotError;
    o[u"unknownFields"_s] = event.unknownFields;
    o[u"rawFrame"_s] = QString::fromUtf8(event.rawFrame.left(300));
    return qstrdup(QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
}

namespace {

QByteArray envelope(const QByteArray &data)
{
    return R"({"type":0,"data":)"_ba + data + '}';
}

QByteArray smallJpeg()
{
    static const QByteArray jpeg = TestJpeg::make(64, 48);
    return jpeg;
}

RecognitionUser user(const QString &name, const QString &id, std::optional<int> type)
{
    RecognitionUser u;
    u.name = name;
    u.userId = id;
    u.type = type;
    return u;
}

QByteArray nested(int depth, char open, char close, const QByteArray &inner = {})
{
    return QByteArray(depth, open) + inner + QByteArray(depth, close);
}

} // namespace

class TestEventParser final : public QObject
{
    Q_OBJECT

private slots:
    void seedExampleVerbatim();
    void accepted_data();
    void accepted();
    void hostile_data();
    void hostile();
    void rawFrameIsSmallAndFaithful();
    void snapshotBytesAreExact();
    void parseDataMatchesParse();
    void parseDataHistoryItem();
    void limitsFollowSnapshotLimits();
    void mutatedFramesGiveAnEventOrAReason();
};

void TestEventParser::seedExampleVerbatim()
{
    QFile file(QStringLiteral(GATEWATCH_TEST_DATA "/frames/seed-example.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const ParseOutcome outcome = EventParser().parse(file.readAll());
    QVERIFY2(outcome.ok(), qPrintable(outcome.reason));
    QCOMPARE(outcome.error, ParseError::None);
    QVERIFY2(outcome.warnings.isEmpty(), qPrintable(outcome.warnings.join(u'\n')));

    const RecognitionEvent &event = *outcome.event;
    QCOMPARE(event.eventType, 0);
    QCOMPARE(event.recognizeStatus, 2);
    QCOMPARE(event.deviceSn, u"PS71HD01MC22C00014"_s);
    QCOMPARE(event.recognizeScore, 0.9837480783462524);
    QCOMPARE(event.livenessScore, 0.9073520302772522);
    QCOMPARE(event.mask, 1);
    QCOMPARE(event.pass, true);
    QCOMPARE(event.mode, 0);
    QCOMPARE(event.timestampMs, 1660625866000);
    QCOMPARE(event.timestampSeconds(), 1660625866);
    QVERIFY(!event.timestampInMillis);
    QVERIFY(event.user);
    QCOMPARE(*event.user, user(u"Q"_s, u"1"_s, 1));
    QVERIFY(event.unknownFields.isEmpty());
    QVERIFY(!event.recognitionType);
    QVERIFY(!event.bodyTemperature);
    // The specification's placeholder image is not base64 (15 characters): the event stays,
    // the snapshot does not, and the reason says why.
    QVERIFY(event.snapshotJpeg.isEmpty());
    QVERIFY2(event.snapshotError.startsWith(u"snapshot is not valid base64"_s),
             qPrintable(event.snapshotError));
    QVERIFY2(event.snapshotError.contains(u"length 15"_s), qPrintable(event.snapshotError));
    // Not set by the parser.
    QVERIFY(event.deviceName.isEmpty());
    QVERIFY(!event.receivedAt.isValid());
    QVERIFY(!event.backfilled);
}

void TestEventParser::accepted_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<RecognitionEvent>("expected");
    QTest::addColumn<QStringList>("warnings"); // one substring per expected warning

    const QByteArray jpeg = smallJpeg();
    const QByteArray jpeg64 = jpeg.toBase64();

    {
        RecognitionEvent e;
        e.recognizeStatus = 2;
        e.deviceSn = u"PS71HD01MC22C00014"_s;
        e.recognizeScore = 0.9837480783462524;
        e.livenessScore = 0.9073520302772522;
        e.mask = 1;
        e.pass = true;
        e.mode = 0;
        e.user = user(u"Q"_s, u"1"_s, 1);
        e.timestampMs = 1660625866000;
        e.snapshotJpeg = jpeg;
        e.snapshotSize = QSize(64, 48);
        QTest::newRow("seed example with a real JPEG") << R"({
    "type": 0,
    "data": {
        "recognizeStatus": 2,
        "deviceSN":"PS71HD01MC22C00014",
        "recognizeScore": 0.9837480783462524,
        "livenessScore": 0.9073520302772522,
        "mask": 1,
        "rgb_image": ")"_ba
                + jpeg64 + R"(",
        "pass": true,
        "mode": 0,
        "user": {
            "name": "Q",
            "user_id": 1,
            "type": 1
        },
        "timestamp": 1660625866
    }
})"_ba << e << QStringList();

        e.snapshotJpeg.clear();
        e.snapshotSize = {};
        QTest::newRow("seed example without a snapshot")
            << R"({"type":0,"data":{"recognizeStatus":2,"deviceSN":"PS71HD01MC22C00014","recognizeScore":0.9837480783462524,"livenessScore":0.9073520302772522,"mask":1,"pass":true,"mode":0,"user":{"name":"Q","user_id":1,"type":1},"timestamp":1660625866}})"_ba
            << e << QStringList();

        e.snapshotJpeg = jpeg;
        e.snapshotSize = QSize(64, 48);
        QTest::newRow("data URL snapshot")
            << R"({"type":0,"data":{"recognizeStatus":2,"deviceSN":"PS71HD01MC22C00014","recognizeScore":0.9837480783462524,"livenessScore":0.9073520302772522,"mask":1,"pass":true,"mode":0,"user":{"name":"Q","user_id":1,"type":1},"timestamp":1660625866,"rgb_image":"data:image/jpeg;base64,)"_ba
                + jpeg64 + "\"}}"
            << e << QStringList();
    }
    {
        RecognitionEvent e;
        e.deviceSn = u"PS71HD01MC22C00014"_s;
        e.recognizeStatus = 4;
        e.timestampMs = 1500000000000;
        QTest::newRow("TrackID before v0.0.8") << envelope(
            R"({"TrackID":"PS71HD01MC22C00014","recognizeStatus":4,"timestamp":1500000000})")
                                               << e << QStringList();
        e.unknownFields.insert(u"TrackID"_s, u"17"_s);
        QTest::newRow("TrackID beside deviceSN is something else") << envelope(
            R"({"deviceSN":"PS71HD01MC22C00014","TrackID":17,"recognizeStatus":4,"timestamp":1500000000})")
                                                                   << e << QStringList();
    }
    {
        RecognitionEvent e;
        e.deviceSn = u"PS81"_s;
        e.recognizeStatus = 5;
        e.recognizeScore = 0.91;
        e.bodyTemperature = 36.6;
        e.mask = 2;
        e.pass = true;
        e.mode = 1;
        e.user = user(u"Zoë Ångström"_s, u"7"_s, 3);
        e.timestampMs = 1663000000000;
        QTest::newRow("v1.1.0: bodyTemperature instead of livenessScore, blacklist user")
            << envelope(
                   R"({"deviceSN":"PS81","recognizeStatus":5,"recognizeScore":0.91,"bodyTemperature":36.6,"mask":2,"pass":true,"mode":1,"user":{"name":"Zoë Ångström","user_id":7,"type":3},"timestamp":1663000000})")
            << e << QStringList();
    }
    {
        RecognitionEvent e;
        e.deviceSn = u"CS-0001"_s;
        e.recognitionType = 1;
        e.uuid = u"5f0c9a52-4f1e-4bb0-9d1d-2f1a8c0e7b11"_s;
        e.pass = true;
        e.user = user(u"李雷"_s, u"E-0042"_s, 1);
        e.user->icNumber = u"IC123456"_s;
        e.user->jobNumber = u"J-77"_s;
        e.user->groups = QStringList { u"Staff"_s, u"Night shift"_s };
        e.timestampMs = 1700000000000;
        QTest::newRow("later guide: recognitionType, uuid, string user_id, extra user fields")
            << envelope(
                   R"({"deviceSN":"CS-0001","recognitionType":1,"uuid":"5f0c9a52-4f1e-4bb0-9d1d-2f1a8c0e7b11","pass":true,"user":{"user_id":"E-0042","name":"李雷","type":1,"ic_number":"IC123456","job_number":"J-77","groups":["Staff","Night shift"]},"timestamp":1700000000})")
            << e << QStringList();

        e.user->groups = QStringList { u"Staff"_s, u"9"_s, u"12"_s, u"Ops"_s };
        e.user->icNumber = u"123456"_s;
        QTest::newRow("groups as objects and numbers, numeric ic_number") << envelope(
            R"({"deviceSN":"CS-0001","recognitionType":1,"uuid":"5f0c9a52-4f1e-4bb0-9d1d-2f1a8c0e7b11","pass":true,"user":{"user_id":"E-0042","name":"李雷","type":1,"ic_number":123456,"job_number":"J-77","groups":[{"name":"Staff","id":3},{"group_id":9},12,"Ops"]},"timestamp":1700000000})")
                                                                          << e << QStringList();
    }
    {
        RecognitionEvent e;
        e.deviceSn = u"PS71"_s;
        e.recognizeStatus = 3;
        e.pass = false;
        e.mask = 0;
        e.timestampMs = 1660625866000;
        QTest::newRow("stranger: user null") << envelope(
            R"({"deviceSN":"PS71","recognizeStatus":3,"pass":false,"mask":0,"user":null,"timestamp":1660625866})")
                                             << e << QStringList();
        QTest::newRow("stranger: user absent") << envelope(
            R"({"deviceSN":"PS71","recognizeStatus":3,"pass":false,"mask":0,"timestamp":1660625866})")
                                               << e << QStringList();
        QTest::newRow("stranger: user empty object") << envelope(
            R"({"deviceSN":"PS71","recognizeStatus":3,"pass":false,"mask":0,"user":{},"timestamp":1660625866})")
                                                     << e << QStringList();
        QTest::newRow("stranger: pass as 0") << envelope(
            R"({"deviceSN":"PS71","recognizeStatus":3,"pass":0,"mask":0,"timestamp":1660625866})")
                                             << e << QStringList();
        QTest::newRow("timestamp as a numeric string") << envelope(
            R"({"deviceSN":"PS71","recognizeStatus":3,"pass":false,"mask":0,"timestamp":" 1660625866"})")
                                                       << e << QStringList();
    }
    {
        RecognitionEvent e;
        e.deviceSn = u"PS71"_s;
        e.timestampMs = 1660625866123;
        e.timestampInMillis = true;
        e.pass = true;
        QTest::newRow("timestamp in milliseconds, pass as 1")
            << envelope(R"({"deviceSN":"PS71","timestamp":1660625866123,"pass":1})") << e
            << QStringList();
        e.timestampMs = 1660625866500;
        e.timestampInMillis = false;
        QTest::newRow("fractional seconds")
            << envelope(R"({"deviceSN":"PS71","timestamp":1660625866.5,"pass":true})") << e
            << QStringList();
        e.timestampMs = 0;
        QTest::newRow("timestamp zero")
            << envelope(R"({"deviceSN":"PS71","timestamp":0,"pass":true})") << e << QStringList();
    }
    {
        RecognitionEvent e;
        e.mode = 9;
        e.recognitionType = 2;
        QTest::newRow("mode 9 (later firmware)")
            << envelope(R"({"mode":9,"recognitionType":2})") << e << QStringList();
        e.mode = 2;
        QTest::newRow("type as 0.0, extra envelope fields")
            << R"({"type":0.0,"version":"1.2","data":{"mode":2,"recognitionType":2}})"_ba << e
            << QStringList();
    }
    {
        RecognitionEvent e;
        e.deviceSn = u"PS71"_s;
        e.unknownFields.insert(u"temperatureUnit"_s, u"C"_s);
        e.unknownFields.insert(u"extra"_s,
                               QJsonObject { { u"a"_s, QJsonArray { 1, 2 } }, { u"b"_s, true } });
        e.unknownFields.insert(u"ir_image"_s, u"AAAA"_s);
        e.user = user(u"Q"_s, QString(), std::nullopt);
        e.user->unknownFields.insert(u"department"_s, u"R&D"_s);
        e.user->unknownFields.insert(u"avatar"_s, QJsonValue(QJsonValue::Null));
        QTest::newRow("unknown fields kept") << envelope(
            R"({"deviceSN":"PS71","temperatureUnit":"C","extra":{"a":[1,2],"b":true},"ir_image":"AAAA","user":{"name":"Q","department":"R&D","avatar":null}})")
                                             << e << QStringList();
    }
    QTest::newRow("empty data") << envelope("{}") << RecognitionEvent() << QStringList();
    QTest::newRow("every field null") << envelope(
        R"({"deviceSN":null,"recognizeStatus":null,"recognitionType":null,"recognizeScore":null,"livenessScore":null,"bodyTemperature":null,"mask":null,"mode":null,"pass":null,"timestamp":null,"uuid":null,"user":null,"rgb_image":null})")
                                      << RecognitionEvent() << QStringList();
    QTest::newRow("empty snapshot string")
        << envelope(R"({"rgb_image":""})") << RecognitionEvent() << QStringList();
    {
        RecognitionEvent e;
        e.deviceSn = u"PS71"_s;
        e.recognizeStatus = 4;
        e.user = RecognitionUser();
        QTest::newRow("wrong field types are dropped, with a warning each")
            << envelope(
                   R"({"deviceSN":"PS71","recognizeStatus":4,"recognizeScore":"abc","livenessScore":true,"bodyTemperature":[36],"mask":1.5,"mode":"0","pass":"yes","timestamp":"soon","uuid":{},"recognitionType":4294967296,"user":{"name":["Q"],"type":"1","user_id":{"a":1},"groups":{"x":1}}})")
            << e
            << QStringList { u"`recognizeScore` should be a number but is the string \"abc\""_s,
                             u"`livenessScore` should be a number but is true"_s,
                             u"`bodyTemperature`"_s,
                             u"`mask` should be an integer but is 1.5"_s,
                             u"`mode`"_s,
                             u"`pass` should be true or false"_s,
                             u"`timestamp`"_s,
                             u"`uuid`"_s,
                             u"`recognitionType`"_s,
                             u"`user.name`"_s,
                             u"`user.type`"_s,
                             u"`user.user_id`"_s,
                             u"`user.groups` should be an array"_s };
    }
    {
        RecognitionEvent e;
        e.deviceSn = u"PS71"_s;
        QTest::newRow("user not an object") << envelope(R"({"deviceSN":"PS71","user":"Q"})") << e
                                            << QStringList { u"`user` should be an object"_s };
        QTest::newRow("timestamp out of range")
            << envelope(R"({"deviceSN":"PS71","timestamp":1e20})") << e
            << QStringList { u"`timestamp` is 1e+20, out of range"_s };
        QTest::newRow("pass 2") << envelope(R"({"deviceSN":"PS71","pass":2})") << e
                                << QStringList { u"`pass`"_s };
    }
    {
        const QString huge(qsizetype { 5 } * 1024 * 1024, u'a');
        RecognitionEvent e;
        e.deviceSn = u"PS71"_s;
        e.user = user(QString(), u"1"_s, std::nullopt);
        QTest::newRow("5 MB user name")
            << envelope(R"({"deviceSN":"PS71","user":{"user_id":1,"name":")"_ba + huge.toUtf8()
                        + "\"}}")
            << e << QStringList { u"`user.name` is 5242880 characters long"_s };

        RecognitionEvent f;
        f.deviceSn = u"PS71"_s;
        f.unknownFields.insert(u"note"_s, u"<string of 5242880 characters>"_s);
        QTest::newRow("5 MB unknown field")
            << envelope(R"({"deviceSN":"PS71","note":")"_ba + huge.toUtf8() + "\"}") << f
            << QStringList { u"`note` holds text longer than"_s };
    }
    {
        RecognitionEvent e;
        e.user = user(u"A\0B"_s, QString(), std::nullopt);
        QCOMPARE(e.user->name.size(), 3);
        QTest::newRow("escaped NUL inside a string is text")
            << envelope(R"({"user":{"name":"A\u0000B"}})") << e << QStringList();
    }
}

void TestEventParser::accepted()
{
    QFETCH(QByteArray, frame);
    QFETCH(RecognitionEvent, expected);
    QFETCH(QStringList, warnings);

    const ParseOutcome outcome = EventParser().parse(frame);
    QVERIFY2(outcome.ok(), qPrintable(outcome.reason));
    QCOMPARE(outcome.error, ParseError::None);
    QVERIFY(outcome.reason.isEmpty());

    RecognitionEvent event = *outcome.event;
    QVERIFY(!event.rawFrame.isEmpty());
    // The raw frame is valid compact JSON with the same envelope.
    QJsonParseError error;
    const QJsonDocument raw = QJsonDocument::fromJson(event.rawFrame, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(raw.object().value("type"_L1).toInt(-1), 0);
    QVERIFY(raw.object().value("data"_L1).isObject());
    event.rawFrame.clear();
    QCOMPARE(event, expected);

    QCOMPARE(outcome.warnings.size(), warnings.size());
    for (const QString &wanted : std::as_const(warnings)) {
        const bool found = std::any_of(outcome.warnings.cbegin(), outcome.warnings.cend(),
                                       [&wanted](const QString &w) { return w.contains(wanted); });
        QVERIFY2(found,
                 qPrintable(u"no warning contains \"%1\" in:\n%2"_s.arg(
                     wanted, outcome.warnings.join(u'\n'))));
    }
}

void TestEventParser::hostile_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<ParseError>("error");
    QTest::addColumn<QString>("reasonContains"); // or, with ParseError::None, in snapshotError

    const QByteArray jpeg = smallJpeg();
    const QByteArray huge(qsizetype { 5 } * 1024 * 1024, 'a');

    QTest::newRow("empty frame") << QByteArray() << ParseError::NotJson << u"empty"_s;
    QTest::newRow("whitespace only") << "  \n "_ba << ParseError::NotJson << u"not JSON"_s;
    QTest::newRow("invalid JSON") << R"({"type":0,)"_ba << ParseError::NotJson << u"not JSON: "_s;
    QTest::newRow("trailing garbage")
        << R"({"type":0,"data":{}} x)"_ba << ParseError::NotJson << u"at offset"_s;
    QTest::newRow("single quotes")
        << R"({'type':0,'data':{}})"_ba << ParseError::NotJson << u"at offset"_s;
    QTest::newRow("array top level")
        << R"([{"type":0,"data":{}}])"_ba << ParseError::NotAnObject << u"array"_s;
    QTest::newRow("type missing") << R"({"data":{}})"_ba << ParseError::MissingType
                                  << u"`type` is missing"_s;
    QTest::newRow("type a string") << R"({"type":"0","data":{}})"_ba << ParseError::InvalidType
                                   << u"`type` is not an integer but the string \"0\""_s;
    QTest::newRow("type a float") << R"({"type":0.5,"data":{}})"_ba << ParseError::InvalidType
                                  << u"`type` is not an integer but 0.5"_s;
    QTest::newRow("type null") << R"({"type":null,"data":{}})"_ba << ParseError::InvalidType
                               << u"null"_s;
    QTest::newRow("type a boolean")
        << R"({"type":false,"data":{}})"_ba << ParseError::InvalidType << u"false"_s;
    QTest::newRow("type 1e300") << R"({"type":1e300,"data":{}})"_ba << ParseError::InvalidType
                                << u"not an integer"_s;
    QTest::newRow("type 7") << R"({"type":7,"data":{}})"_ba << ParseError::UnsupportedEventType
                            << u"unsupported event type 7"_s;
    QTest::newRow("type -1") << R"({"type":-1,"data":{}})"_ba << ParseError::UnsupportedEventType
                             << u"unsupported event type -1"_s;
    QTest::newRow("data missing") << R"({"type":0})"_ba << ParseError::MissingData
                                  << u"`data` is missing"_s;
    QTest::newRow("data null") << R"({"type":0,"data":null})"_ba << ParseError::InvalidData
                               << u"`data` is not an object but null"_s;
    QTest::newRow("data an array") << R"({"type":0,"data":[{}]})"_ba << ParseError::InvalidData
                                   << u"`data` is not an object but an array"_s;
    QTest::newRow("data a string")
        << R"({"type":0,"data":"{}"})"_ba << ParseError::InvalidData << u"string"_s;
    QTest::newRow("deep nesting: 10000 arrays in data")
        << envelope(R"({"x":)"_ba + nested(10000, '[', ']') + '}') << ParseError::NotJson
        << u"not JSON"_s;
    QTest::newRow("deep nesting: 10000 objects")
        << QByteArray(R"({"a":)").repeated(10000) + "1" + QByteArray(10000, '}')
        << ParseError::NotJson << u"not JSON"_s;
    QTest::newRow("deep nesting: unclosed")
        << nested(10000, '[', ' ') << ParseError::NotJson << u"not JSON"_s;
    QTest::newRow("nesting 500 levels in an unknown field is kept")
        << envelope(R"({"x":)"_ba + nested(500, '[', ']') + '}') << ParseError::None << QString();
    QTest::newRow("5 MB string, unterminated")
        << R"({"type":0,"data":{"deviceSN":")"_ba + huge << ParseError::NotJson << u"not JSON"_s;
    // Qt's JSON parser only takes an object or an array at the top.
    QTest::newRow("5 MB string as the whole frame")
        << '"' + huge + '"' << ParseError::NotJson << u"not JSON"_s;
    QTest::newRow("number as the whole frame") << "0"_ba << ParseError::NotJson << u"not JSON"_s;
    QTest::newRow("5 MB serial number")
        << envelope(R"({"deviceSN":")"_ba + huge + "\"}") << ParseError::None << QString();
    QTest::newRow("frame over the size limit")
        << envelope(R"({"deviceSN":")"_ba + QByteArray(qsizetype { 13 } * 1024 * 1024, 'a') + "\"}")
        << ParseError::TooLarge << u"more than the limit"_s;
    QTest::newRow("NUL byte first")
        << "\0{\"type\":0,\"data\":{}}"_ba << ParseError::NotJson << u"NUL byte at offset 0"_s;
    QTest::newRow("NUL byte between tokens")
        << "{\"type\":0,\0\"data\":{}}"_ba << ParseError::NotJson << u"NUL byte at offset 10"_s;
    QTest::newRow("NUL byte inside a string")
        << "{\"type\":0,\"data\":{\"deviceSN\":\"PS\0 71\"}}"_ba << ParseError::NotJson
        << u"NUL byte at offset 32"_s;
    QTest::newRow("trailing NUL byte")
        << "{\"type\":0,\"data\":{}}\0"_ba << ParseError::NotJson << u"NUL byte at offset 20"_s;
    QTest::newRow("invalid UTF-8")
        << envelope("{\"deviceSN\":\"PS\xFF\xFE\"}") << ParseError::NotJson << u"UTF-8"_s;
    QTest::newRow("overlong UTF-8")
        << envelope("{\"deviceSN\":\"\xC0\xAF\"}") << ParseError::NotJson << u"UTF-8"_s;
    QTest::newRow("UTF-8 surrogate")
        << envelope("{\"deviceSN\":\"\xED\xA0\x80\"}") << ParseError::NotJson << u"UTF-8"_s;

    // Snapshot trouble keeps the event and says why in snapshotError.
    QTest::newRow("snapshot: bad base64")
        << envelope(R"({"deviceSN":"PS71","rgb_image":"/9j/4AAQ$kZJRg=="})") << ParseError::None
        << u"snapshot is not valid base64: character '$' at offset 8"_s;
    QTest::newRow("snapshot: base64 with line breaks")
        << envelope(R"({"deviceSN":"PS71","rgb_image":")"_ba + jpeg.toBase64().insert(76, "\\n")
                    + "\"}")
        << ParseError::None << u"whitespace (0x0A) at offset 76"_s;
    QTest::newRow("snapshot: seed placeholder")
        << envelope(R"({"deviceSN":"PS71","rgb_image":"xxxxxxxxxxxxxx="})") << ParseError::None
        << u"snapshot is not valid base64: length 15"_s;
    QTest::newRow("snapshot: not a JPEG")
        << envelope(R"({"deviceSN":"PS71","rgb_image":")"_ba
                    + "\x89PNG\r\n\x1a\n and more"_ba.toBase64() + "\"}")
        << ParseError::None << u"snapshot is not a JPEG"_s;
    QTest::newRow("snapshot: header claims 65000x65000")
        << envelope(R"({"deviceSN":"PS71","rgb_image":")"_ba
                    + TestJpeg::withClaimedSize(jpeg, 65000, 65000).toBase64() + "\"}")
        << ParseError::None << u"snapshot claims 65000×65000 pixels"_s;
    QTest::newRow("snapshot: truncated JPEG") << envelope(
        R"({"deviceSN":"PS71","rgb_image":")"_ba + jpeg.first(jpeg.size() / 2).toBase64() + "\"}")
                                              << ParseError::None << u"snapshot is truncated"_s;
    QTest::newRow("snapshot: a number")
        << envelope(R"({"deviceSN":"PS71","rgb_image":12})") << ParseError::None
        << u"snapshot is 12, not a base64 string"_s;
    QTest::newRow("snapshot: 5 MB of base64 garbage")
        << envelope(R"({"deviceSN":"PS71","rgb_image":")"_ba + huge + "\"}") << ParseError::None
        << u"snapshot is not a JPEG"_s;
}

void TestEventParser::hostile()
{
    QFETCH(QByteArray, frame);
    QFETCH(ParseError, error);
    QFETCH(QString, reasonContains);

    const ParseOutcome outcome = EventParser().parse(frame);
    QCOMPARE(outcome.error, error);
    if (error != ParseError::None) {
        QVERIFY(!outcome.ok());
        QVERIFY(!outcome.event);
        QVERIFY2(outcome.reason.contains(reasonContains), qPrintable(outcome.reason));
        return;
    }
    QVERIFY(outcome.ok());
    QVERIFY(outcome.reason.isEmpty());
    const RecognitionEvent &event = *outcome.event;
    // Whatever was hostile never reaches rawFrame at full size.
    QVERIFY2(event.rawFrame.size() < qsizetype { 64 } * 1024,
             qPrintable(QString::number(event.rawFrame.size())));
    if (reasonContains.isEmpty()) {
        QVERIFY(event.snapshotError.isEmpty());
    } else {
        QCOMPARE(event.deviceSn, u"PS71"_s);
        QVERIFY(event.snapshotJpeg.isEmpty());
        QVERIFY(!event.snapshotSize.isValid());
        QVERIFY2(event.snapshotError.contains(reasonContains), qPrintable(event.snapshotError));
    }
}

void TestEventParser::rawFrameIsSmallAndFaithful()
{
    const QByteArray jpeg = TestJpeg::make(320, 240);
    const QByteArray frame = R"({"type": 0, "data": {"deviceSN": "PS71", "rgb_image": ")"_ba
        + jpeg.toBase64() + R"(", "custom": [1, "two"], "user": {"name": "Q", "user_id": 1}}})";
    const ParseOutcome outcome = EventParser().parse(frame);
    QVERIFY(outcome.ok());
    const QByteArray raw = outcome.event->rawFrame;
    QVERIFY2(raw.size() < 200, raw.constData());
    QVERIFY(!raw.contains('\n'));
    QVERIFY(!raw.contains(": "));
    const QJsonObject data = QJsonDocument::fromJson(raw).object().value("data"_L1).toObject();
    QCOMPARE(data.value("rgb_image"_L1).toString(), u"<jpeg %1 bytes>"_s.arg(jpeg.size()));
    QCOMPARE(data.value("deviceSN"_L1).toString(), u"PS71"_s);
    QCOMPARE(data.value("custom"_L1).toArray(), (QJsonArray { 1, u"two"_s }));
    QCOMPARE(data.value("user"_L1).toObject().value("user_id"_L1).toInt(), 1);

    // An unusable snapshot is summarised too, not copied.
    const ParseOutcome bad
        = EventParser().parse(envelope(R"({"rgb_image":")"_ba + QByteArray(4000, 'A') + "$\"}"));
    QVERIFY(bad.ok());
    QVERIFY(!bad.event->snapshotError.isEmpty());
    QVERIFY2(bad.event->rawFrame.contains("<unusable snapshot of 4001 characters>"),
             bad.event->rawFrame.constData());
}

void TestEventParser::snapshotBytesAreExact()
{
    // Trailing zero padding after EOI is part of what the device sent and is kept.
    const QByteArray jpeg = TestJpeg::make(97, 61) + QByteArray(3, '\0');
    const ParseOutcome outcome
        = EventParser().parse(envelope(R"({"rgb_image":")"_ba + jpeg.toBase64() + "\"}"));
    QVERIFY(outcome.ok());
    QCOMPARE(outcome.event->snapshotJpeg, jpeg);
    QCOMPARE(outcome.event->snapshotSize, QSize(97, 61));
    QVERIFY(outcome.event->snapshotError.isEmpty());
}

void TestEventParser::parseDataMatchesParse()
{
    const QByteArray data
        = R"({"deviceSN":"PS71","recognizeStatus":2,"mode":9,"uuid":"u-1","pass":true,"user":{"name":"Q","user_id":"7","job_number":"J","x":1},"timestamp":1660625866,"more":"kept","rgb_image":")"_ba
        + smallJpeg().toBase64() + "\"}";
    const EventParser parser;
    const ParseOutcome fromFrame = parser.parse(envelope(data));
    const ParseOutcome fromData = parser.parseData(QJsonDocument::fromJson(data).object());
    QVERIFY(fromFrame.ok());
    QVERIFY(fromData.ok());
    QCOMPARE(*fromData.event, *fromFrame.event);
    QCOMPARE(fromData.event->rawFrame, fromFrame.event->rawFrame);
}

void TestEventParser::parseDataHistoryItem()
{
    // The history endpoint's items follow the same tolerant rules.
    const QJsonObject item {
        { u"deviceSN"_s, u"PS81"_s },
        { u"recognitionType"_s, 3 },
        { u"uuid"_s, u"abc"_s },
        { u"timestamp"_s, 1700000000 },
        { u"mask"_s, u"x"_s },
        { u"user"_s, QJsonValue(QJsonValue::Null) },
        { u"rgb_image"_s,
          QString::fromLatin1(TestJpeg::withClaimedSize(smallJpeg(), 65000, 65000).toBase64()) },
    };
    const ParseOutcome outcome = EventParser().parseData(item);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome.error, ParseError::None);
    const RecognitionEvent &event = *outcome.event;
    QCOMPARE(event.eventType, 0);
    QCOMPARE(event.deviceSn, u"PS81"_s);
    QCOMPARE(event.recognitionType, 3);
    QCOMPARE(event.uuid, u"abc"_s);
    QCOMPARE(event.timestampMs, 1700000000000);
    QVERIFY(!event.mask);
    QVERIFY(!event.user);
    QCOMPARE(outcome.warnings.size(), 1);
    QVERIFY(outcome.warnings.first().contains(u"`mask`"_s));
    QVERIFY(event.snapshotError.contains(u"65000×65000"_s));
    QVERIFY(!event.backfilled); // the caller decides that

    const QJsonObject raw = QJsonDocument::fromJson(event.rawFrame).object();
    QCOMPARE(raw.value("type"_L1).toInt(-1), 0);
    QCOMPARE(raw.value("data"_L1).toObject().value("uuid"_L1).toString(), u"abc"_s);
}

void TestEventParser::limitsFollowSnapshotLimits()
{
    SnapshotLimits limits;
    limits.maxBytes = 3000;
    const EventParser parser(limits);
    QVERIFY(parser.maxFrameBytes() >= 4000);
    QVERIFY(parser.maxFrameBytes() < EventParser().maxFrameBytes());

    const QByteArray head = R"({"type":0,"data":{"x":")";
    const QByteArray tail = R"("}})";
    QByteArray tooLarge
        = head + QByteArray(parser.maxFrameBytes() + 1 - head.size() - tail.size(), 'a') + tail;
    QCOMPARE(tooLarge.size(), parser.maxFrameBytes() + 1);
    QCOMPARE(parser.parse(tooLarge).error, ParseError::TooLarge);
    tooLarge.remove(head.size(), 1);
    QCOMPARE(parser.parse(tooLarge).error, ParseError::None);

    // A snapshot above the byte limit is refused without decoding, the event kept.
    const QByteArray jpeg = TestJpeg::make(200, 200);
    QVERIFY(jpeg.size() > 3000);
    const ParseOutcome outcome = parser.parse(
        envelope(R"({"deviceSN":"PS71","rgb_image":")"_ba + jpeg.toBase64() + "\"}"));
    QVERIFY(outcome.ok());
    QVERIFY(outcome.event->snapshotJpeg.isEmpty());
    QVERIFY2(outcome.event->snapshotError.contains(u"3000 bytes"_s),
             qPrintable(outcome.event->snapshotError));
}

void TestEventParser::mutatedFramesGiveAnEventOrAReason()
{
    // A fixed seed keeps this reproducible: thousands of damaged variants of a real frame, each
    // of which must yield either an event or a rejection with a reason, never both or neither.
    const QByteArray original = envelope(
        R"({"deviceSN":"PS71","recognizeStatus":2,"recognizeScore":0.98,"mask":1,"pass":true,"mode":0,"user":{"name":"Q","user_id":1,"type":1,"groups":[{"name":"A"}]},"timestamp":1660625866,"rgb_image":")"_ba
        + TestJpeg::make(24, 16).toBase64() + "\"}");
    static constexpr auto specials
        = std::to_array({ '{', '}', '[', ']', '"', ',', ':', '\\', '\0', '\xFF', '=' });
    QRandomGenerator random(20240611);
    const EventParser parser;
    int accepted = 0;
    for (int round = 0; round < 3000; ++round) {
        QByteArray frame = original;
        const int mutations = 1 + int(random.bounded(4));
        for (int m = 0; m < mutations && !frame.isEmpty(); ++m) {
            const auto at = qsizetype(random.bounded(quint32(frame.size())));
            switch (random.bounded(4)) {
            case 0:
                frame[at] = char(random.bounded(256));
                break;
            case 1:
                frame.remove(at, 1 + random.bounded(16));
                break;
            case 2:
                frame.insert(at, specials[random.bounded(quint32(specials.size()))]);
                break;
            default:
                frame.insert(at, frame.mid(at, 1 + random.bounded(32)));
                break;
            }
        }
        const ParseOutcome outcome = parser.parse(frame);
        if (outcome.ok()) {
            ++accepted;
            QVERIFY(outcome.reason.isEmpty());
            QVERIFY(!outcome.event->rawFrame.isEmpty());
            QVERIFY(!QJsonDocument::fromJson(outcome.event->rawFrame).isNull());
            // A snapshot is either kept whole with its size or absent.
            QCOMPARE(outcome.event->snapshotJpeg.isEmpty(), !outcome.event->snapshotSize.isValid());
        } else {
            QVERIFY(!outcome.event);
            QVERIFY(outcome.error != ParseError::None);
            QVERIFY(!outcome.reason.isEmpty());
        }
    }
    // Mutations inside the snapshot or a value leave many frames valid JSON.
    QVERIFY(accepted > 0);
}

QTEST_GUILESS_MAIN(TestEventParser)
#include "tst_eventparser.moc"
