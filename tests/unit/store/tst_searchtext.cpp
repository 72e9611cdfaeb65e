// What a person search compares: names and ids folded so that case and accents do not matter,
// and where that stops.

#include "store/searchtext.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestSearchText final : public QObject
{
    Q_OBJECT

private slots:
    void normalized_data();
    void normalized();
    void forPerson();
    void needleFindsName_data();
    void needleFindsName();
};

void TestSearchText::normalized_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("ascii capitals") << u"JOSE"_s << u"jose"_s;
    QTest::newRow("acute, precomposed") << u"José"_s << u"jose"_s;
    QTest::newRow("acute, combining") << u"Jose\u0301"_s << u"jose"_s;
    QTest::newRow("capital with accent") << u"JOSÉ GARCÍA"_s << u"jose garcia"_s;
    QTest::newRow("diaeresis, ring") << u"Zoë Åsa Müller"_s << u"zoe asa muller"_s;
    QTest::newRow("cedilla, caron, ogonek") << u"Çelik Šťastný Łęcka"_s << u"celik stastny lecka"_s;
    // Letters Unicode does not decompose, spelled out.
    QTest::newRow("o with stroke") << u"Øyvind Ødegård"_s << u"oyvind odegard"_s;
    QTest::newRow("ae, oe, eszett")
        << u"Æsir Œuvre Straße STRAẞE"_s << u"aesir oeuvre strasse strasse"_s;
    QTest::newRow("eth, thorn, d with stroke") << u"Þórður Đorđe"_s << u"thordur dorde"_s;
    QTest::newRow("dotted capital I") << u"İstanbul"_s << u"istanbul"_s;
    QTest::newRow("dotless i") << u"Işık"_s << u"isik"_s;
    // Case folding, not just lower-casing: the final sigma is a sigma.
    QTest::newRow("greek final sigma") << u"ΟΔΥΣΣΕΑΣ Οδυσσέας"_s << u"οδυσσεασ οδυσσεασ"_s;
    QTest::newRow("cyrillic") << u"Мария Ёлкина"_s << u"мария елкина"_s;
    // Compatibility forms: full-width letters and ligatures become plain ones.
    QTest::newRow("full width") << u"ＡＢＣ"_s << u"abc"_s;
    QTest::newRow("ligature") << u"ﬁne"_s << u"fine"_s;
    QTest::newRow("han unchanged") << u"王小明"_s << u"王小明"_s;
    QTest::newRow("outside the BMP kept") << u"𠀋x"_s << u"𠀋x"_s;
    QTest::newRow("white space") << u"  Anna \t\n  Berg  "_s << u"anna berg"_s;
    QTest::newRow("control and format characters")
        << u"An\u200Bna\u00AD B\u0007erg"_s << u"anna berg"_s;
    QTest::newRow("separator is white space") << u"a\x1f"_s + u"b"_s << u"a b"_s;
}

void TestSearchText::normalized()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QString result = SearchText::normalized(text);
    QCOMPARE(result, expected);
    QVERIFY(!result.contains(SearchText::Separator));
    // Idempotent: a needle normalized twice finds what it found once.
    QCOMPARE(SearchText::normalized(result), result);
}

void TestSearchText::forPerson()
{
    QCOMPARE(SearchText::forPerson({}, {}), QString());
    QVERIFY(SearchText::forPerson({}, {}).isNull());
    QCOMPARE(SearchText::forPerson(u"José"_s, u"E-7"_s), u"jose\x1f"_s + u"e-7"_s);
    QCOMPARE(SearchText::forPerson(u"José"_s, {}), u"jose\x1f"_s);
    QCOMPARE(SearchText::forPerson({}, u"42"_s), u"\x1f"_s + u"42"_s);
    // No match across the name and the id.
    QVERIFY(!SearchText::forPerson(u"Anna"_s, u"B-1"_s).contains(SearchText::normalized(u"a b"_s)));
}

void TestSearchText::needleFindsName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<bool>("found");

    QTest::newRow("accent in the name") << u"José García"_s << u"jose"_s << true;
    QTest::newRow("accent in the needle") << u"Jose Garcia"_s << u"JOSÉ"_s << true;
    QTest::newRow("middle of a word") << u"José García"_s << u"arcí"_s << true;
    QTest::newRow("o for ø") << u"Øyvind"_s << u"oyv"_s << true;
    QTest::newRow("ø for o") << u"Oyvind"_s << u"Øyv"_s << true;
    QTest::newRow("ss for ß") << u"Strauß"_s << u"strauss"_s << true;
    QTest::newRow("ß for ss") << u"Strauss"_s << u"STRAUß"_s << true;
    QTest::newRow("two spaces typed") << u"Anna Berg"_s << u"anna  berg"_s << true;
    // What it cannot do: no transliteration between scripts, no spelling variants.
    QTest::newRow("latin for cyrillic") << u"Мария"_s << u"maria"_s << false;
    QTest::newRow("ue for ü") << u"Müller"_s << u"mueller"_s << false;
    QTest::newRow("pinyin for han") << u"王小明"_s << u"wang"_s << false;
}

void TestSearchText::needleFindsName()
{
    QFETCH(QString, name);
    QFETCH(QString, needle);
    QFETCH(bool, found);
    QCOMPARE(SearchText::forPerson(name, {}).contains(SearchText::normalized(needle)), found);
}

QTEST_GUILESS_MAIN(TestSearchText)
#include "tst_searchtext.moc"
