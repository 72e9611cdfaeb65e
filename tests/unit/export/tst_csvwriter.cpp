#include "export/csvwriter.h"
#include "rfc4180parser.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

using Kind = CsvWriter::FieldKind;
Q_DECLARE_METATYPE(CsvWriter::FieldKind)

class TestCsvWriter final : public QObject
{
    Q_OBJECT

private slots:
    void encodeField_data();
    void encodeField();
    void rowsUseCrlfAndCommas();
    void bomOnlyWhenAsked();
    void parsesBackToTheSameFields_data();
    void parsesBackToTheSameFields();
    void reportsWriteFailure();
};

void TestCsvWriter::encodeField_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << u"Alice"_s << Kind::Text << u"Alice"_s;
    QTest::newRow("empty") << QString() << Kind::Text << QString();
    QTest::newRow("space inside") << u"Main gate"_s << Kind::Text << u"Main gate"_s;
    QTest::newRow("comma") << u"Doe, John"_s << Kind::Text << u"\"Doe, John\""_s;
    QTest::newRow("quote") << u"say \"hi\""_s << Kind::Text << u"\"say \"\"hi\"\"\""_s;
    QTest::newRow("only a quote") << u"\""_s << Kind::Text << u"\"\"\"\""_s;
    QTest::newRow("CRLF") << u"line1\r\nline2"_s << Kind::Text << u"\"line1\r\nline2\""_s;
    QTest::newRow("LF") << u"a\nb"_s << Kind::Text << u"\"a\nb\""_s;
    QTest::newRow("CR inside") << u"a\rb"_s << Kind::Text << u"\"a\rb\""_s;
    QTest::newRow("unicode") << u"王小明 Zoë 🙂"_s << Kind::Text << u"王小明 Zoë 🙂"_s;
    QTest::newRow("leading =") << u"=1+2"_s << Kind::Text << u"'=1+2"_s;
    QTest::newRow("leading +") << u"+33 1 23"_s << Kind::Text << u"'+33 1 23"_s;
    QTest::newRow("leading -") << u"-2+3"_s << Kind::Text << u"'-2+3"_s;
    QTest::newRow("leading @") << u"@SUM(A1)"_s << Kind::Text << u"'@SUM(A1)"_s;
    QTest::newRow("leading tab") << u"\tx"_s << Kind::Text << u"'\tx"_s;
    QTest::newRow("leading CR") << u"\rx"_s << Kind::Text << u"\"'\rx\""_s;
    QTest::newRow("formula with comma") << u"=HYPERLINK(\"http://x\",\"y\")"_s << Kind::Text
                                        << u"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""_s;
    QTest::newRow("= not first") << u"a=b"_s << Kind::Text << u"a=b"_s;
    QTest::newRow("leading space then =") << u" =1"_s << Kind::Text << u" =1"_s;
    QTest::newRow("apostrophe first") << u"'quoted"_s << Kind::Text << u"'quoted"_s;
    // Numbers GateWatch formats itself are data, not user text.
    QTest::newRow("negative number literal") << u"-0.5"_s << Kind::Literal << u"-0.5"_s;
    QTest::newRow("negative number as text") << u"-0.5"_s << Kind::Text << u"'-0.5"_s;
    QTest::newRow("literal with comma") << u"a,b"_s << Kind::Literal << u"\"a,b\""_s;
    QTest::newRow("literal time") << u"2022-08-16T04:57:46Z"_s << Kind::Literal
                                  << u"2022-08-16T04:57:46Z"_s;
}

void TestCsvWriter::encodeField()
{
    QFETCH(QString, value);
    QFETCH(Kind, kind);
    QFETCH(QString, expected);
    QCOMPARE(CsvWriter::encodeField(value, kind), expected);
}

void TestCsvWriter::rowsUseCrlfAndCommas()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    CsvWriter writer(&buffer);
    QVERIFY(writer.writeRow({ u"a"_s, u"b"_s, u"c"_s }));
    writer.addText(u"x,y"_s);
    writer.addLiteral(u"-1"_s);
    writer.addText(QString());
    QVERIFY(writer.endRow());
    QVERIFY(writer.writeRow({ u"é"_s }));
    const QByteArray expected = "a,b,c\r\n\"x,y\",-1,\r\n\xC3\xA9\r\n";
    QCOMPARE(buffer.data(), expected);
    QCOMPARE(writer.bytesWritten(), expected.size());
}

void TestCsvWriter::bomOnlyWhenAsked()
{
    QBuffer plain;
    QVERIFY(plain.open(QIODevice::WriteOnly));
    CsvWriter writer(&plain);
    QVERIFY(writer.writeRow({ u"h"_s }));
    QCOMPARE(plain.data(), QByteArray("h\r\n"));

    QBuffer withBom;
    QVERIFY(withBom.open(QIODevice::WriteOnly));
    CsvWriter bomWriter(&withBom);
    QVERIFY(bomWriter.writeBom());
    QVERIFY(bomWriter.writeRow({ u"h"_s }));
    QCOMPARE(withBom.data(), QByteArray("\xEF\xBB\xBFh\r\n"));
    QCOMPARE(bomWriter.bytesWritten(), 6);
}

void TestCsvWriter::parsesBackToTheSameFields_data()
{
    QTest::addColumn<QList<QStringList>>("rows");

    QTest::newRow("simple") << QList<QStringList> { { u"a"_s, u"b"_s }, { u"c"_s, u"d"_s } };
    QTest::newRow("empty fields") << QList<QStringList> { { QString(), QString(), QString() },
                                                          { u"x"_s, QString(), QString() } };
    QTest::newRow("single empty field") << QList<QStringList> { { QString() } };
    QTest::newRow("hostile") << QList<QStringList> {
        { u"a,b"_s, u"\"q\""_s, u"line\r\nbreak"_s, u"\n"_s, u"\r"_s, u","_s },
        { u"\"\""_s, u"a\"b"_s, u"end\""_s, u"\"start"_s, u" padded "_s, u"🙂,王"_s },
    };
    QTest::newRow("injection") << QList<QStringList> {
        { u"=cmd|' /C calc'!A0"_s, u"+1"_s, u"-1"_s, u"@x"_s, u"\t=1"_s, u"\r=1"_s },
    };
}

void TestCsvWriter::parsesBackToTheSameFields()
{
    QFETCH(QList<QStringList>, rows);

    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    CsvWriter writer(&buffer);
    for (const QStringList &row : rows)
        QVERIFY(writer.writeRow(row));

    const std::optional<QList<QStringList>> parsed = parseRfc4180(buffer.data());
    QVERIFY2(parsed.has_value(), buffer.data().constData());
    QCOMPARE(parsed->size(), rows.size());
    for (qsizetype r = 0; r < rows.size(); ++r) {
        QCOMPARE(parsed->at(r).size(), rows.at(r).size());
        for (qsizetype f = 0; f < rows.at(r).size(); ++f) {
            const QString original = rows.at(r).at(f);
            const bool defended
                = !original.isEmpty() && QStringView(u"=+-@\t\r").contains(original.front());
            QCOMPARE(parsed->at(r).at(f), defended ? u'\'' + original : original);
        }
    }
}

void TestCsvWriter::reportsWriteFailure()
{
    QBuffer readOnly;
    QVERIFY(readOnly.open(QIODevice::ReadOnly));
    CsvWriter writer(&readOnly);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"ReadOnly device"_s));
    QVERIFY(!writer.writeRow({ u"a"_s }));
    QVERIFY(!writer.errorString().isEmpty());
}

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
