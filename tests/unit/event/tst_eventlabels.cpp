#include "event/eventlabels.h"
#include "event/recognitionevent.h"

#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;

using LabelFunction = std::function<QString(int)>;
Q_DECLARE_METATYPE(LabelFunction)

class TestEventLabels final : public QObject
{
    Q_OBJECT

private slots:
    void codes_data();
    void codes();
    void optionalCodes();
    void modeDescription();
    void pass();
    void statusLabel_data();
    void statusLabel();
};

void TestEventLabels::codes_data()
{
    QTest::addColumn<LabelFunction>("label");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("expected");

    const LabelFunction status = [](int c) {
        return EventLabels::recognizeStatus(c);
    };
    const LabelFunction type = [](int c) {
        return EventLabels::recognitionType(c);
    };
    const LabelFunction mask = [](int c) {
        return EventLabels::mask(c);
    };
    const LabelFunction mode = [](int c) {
        return EventLabels::mode(c);
    };
    const LabelFunction user = [](int c) {
        return EventLabels::userType(c);
    };

    const QStringList statuses { u"Unknown"_s,
                                 u"Non-live"_s,
                                 u"Person in library"_s,
                                 u"Stranger"_s,
                                 u"Recognized"_s,
                                 u"Authentication passed"_s,
                                 u"Authentication failed"_s };
    for (int code = 0; code < statuses.size(); ++code)
        QTest::addRow("recognizeStatus %d", code) << status << code << statuses.at(code);
    QTest::newRow("recognizeStatus 7") << status << 7 << u"code 7"_s;
    QTest::newRow("recognizeStatus -1") << status << -1 << u"code -1"_s;

    QTest::newRow("recognitionType 0") << type << 0 << u"code 0"_s;
    QTest::newRow("recognitionType 1") << type << 1 << u"Employee"_s;
    QTest::newRow("recognitionType 2") << type << 2 << u"Visitor"_s;
    QTest::newRow("recognitionType 3") << type << 3 << u"Stranger"_s;
    QTest::newRow("recognitionType 4") << type << 4 << u"Non-live"_s;
    QTest::newRow("recognitionType 5") << type << 5 << u"Blacklist"_s;
    QTest::newRow("recognitionType 6") << type << 6 << u"code 6"_s;

    QTest::newRow("mask 0") << mask << 0 << u"Not checked"_s;
    QTest::newRow("mask 1") << mask << 1 << u"No mask"_s;
    QTest::newRow("mask 2") << mask << 2 << u"Mask worn"_s;
    QTest::newRow("mask 3") << mask << 3 << u"code 3"_s;

    QTest::newRow("mode 0") << mode << 0 << u"Face"_s;
    QTest::newRow("mode 1") << mode << 1 << u"Face or card"_s;
    QTest::newRow("mode 2") << mode << 2 << u"Face, card or QR code"_s;
    QTest::newRow("mode 6") << mode << 6 << u"Face and ID card"_s;
    QTest::newRow("mode 7") << mode << 7 << u"PIN combination (code 7)"_s;
    QTest::newRow("mode 9") << mode << 9 << u"PIN combination (code 9)"_s;
    QTest::newRow("mode 10") << mode << 10 << u"code 10"_s;
    QTest::newRow("mode large") << mode << 2147483647 << u"code 2147483647"_s;

    QTest::newRow("user type 1") << user << 1 << u"Employee"_s;
    QTest::newRow("user type 2") << user << 2 << u"Visitor"_s;
    QTest::newRow("user type 3") << user << 3 << u"Blacklist"_s;
    QTest::newRow("user type 0") << user << 0 << u"code 0"_s;
    QTest::newRow("user type 4") << user << 4 << u"code 4"_s;
}

void TestEventLabels::codes()
{
    QFETCH(LabelFunction, label);
    QFETCH(int, code);
    QFETCH(QString, expected);
    QCOMPARE(label(code), expected);
}

void TestEventLabels::optionalCodes()
{
    QCOMPARE(EventLabels::recognizeStatus(std::optional<int>()), QString());
    QCOMPARE(EventLabels::recognizeStatus(std::optional<int>(3)), u"Stranger"_s);
    QCOMPARE(EventLabels::recognitionType(std::optional<int>()), QString());
    QCOMPARE(EventLabels::mask(std::optional<int>(2)), u"Mask worn"_s);
    QCOMPARE(EventLabels::mode(std::optional<int>(8)), u"PIN combination (code 8)"_s);
    QCOMPARE(EventLabels::userType(std::optional<int>()), QString());
    QCOMPARE(EventLabels::unknownCode(12), u"code 12"_s);
}

void TestEventLabels::modeDescription()
{
    // Where firmware numberings disagree the long text says so; elsewhere it is the label.
    QVERIFY(EventLabels::modeDescription(2).contains(u"later firmware"_s));
    QVERIFY(EventLabels::modeDescription(3).contains(u"later firmware"_s));
    QVERIFY(EventLabels::modeDescription(9).contains(u"PIN"_s));
    QCOMPARE(EventLabels::modeDescription(0), EventLabels::mode(0));
    QCOMPARE(EventLabels::modeDescription(42), u"code 42"_s);
}

void TestEventLabels::pass()
{
    QCOMPARE(EventLabels::pass(true), u"Pass"_s);
    QCOMPARE(EventLabels::pass(false), u"Deny"_s);
    QCOMPARE(EventLabels::pass(std::nullopt), u"—"_s);
}

void TestEventLabels::statusLabel_data()
{
    QTest::addColumn<QVariant>("recognizeStatus");
    QTest::addColumn<QVariant>("recognitionType");
    QTest::addColumn<QString>("expected");

    QTest::newRow("status only") << QVariant(4) << QVariant() << u"Recognized"_s;
    QTest::newRow("type only") << QVariant() << QVariant(5) << u"Blacklist"_s;
    QTest::newRow("both: status wins") << QVariant(3) << QVariant(1) << u"Stranger"_s;
    QTest::newRow("unknown status still wins") << QVariant(99) << QVariant(1) << u"code 99"_s;
    QTest::newRow("neither") << QVariant() << QVariant() << QString();
}

void TestEventLabels::statusLabel()
{
    QFETCH(QVariant, recognizeStatus);
    QFETCH(QVariant, recognitionType);
    QFETCH(QString, expected);

    RecognitionEvent event;
    if (recognizeStatus.isValid())
        event.recognizeStatus = recognizeStatus.toInt();
    if (recognitionType.isValid())
        event.recognitionType = recognitionType.toInt();
    QCOMPARE(EventLabels::statusLabel(event), expected);
}

QTEST_GUILESS_MAIN(TestEventLabels)
#include "tst_eventlabels.moc"
