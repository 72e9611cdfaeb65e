#include "event/eventlabels.h"
#include "session/language.h"

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;

// Which translation the interface gets for a locale and a setting, and that the files the build
// wrote hold what the interface shows.
class TestLanguage : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void chineseFromTheLocale();
    void englishGivesPluralForms();
    void unshippedLanguagesAreEnglish();
    void theSettingWinsOverTheSystem();
    void aMissingFileIsNamed();

private:
    void removeTranslators();
};

void TestLanguage::removeTranslators()
{
    for (QTranslator *t : QCoreApplication::instance()->findChildren<QTranslator *>()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

void TestLanguage::cleanup()
{
    removeTranslators();
}

void TestLanguage::chineseFromTheLocale()
{
    for (const QString &locale : { u"zh_CN"_s, u"zh_Hans_CN"_s, u"zh"_s }) {
        removeTranslators();
        QString problem;
        QCOMPARE(Language::install(*QCoreApplication::instance(), QLocale(locale),
                                   QStringLiteral(GATEWATCH_TRANSLATIONS_DIR), &problem),
                 u"zh_CN"_s);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Status, verdict and mask labels are what a guard reads first.
        QCOMPARE(EventLabels::pass(true), u"通过"_s);
        QCOMPARE(EventLabels::pass(false), u"拒绝"_s);
        QCOMPARE(EventLabels::recognizeStatus(3), u"陌生人"_s);
        QVERIFY(!EventLabels::mask(1).contains(u"mask"_s, Qt::CaseInsensitive));
        // Plural forms: Chinese has one, with the number in it.
        QCOMPARE(QCoreApplication::translate("DeviceSettingsDialog", "%n device(s)", nullptr, 3),
                 u"3 台设备"_s);
    }
}

void TestLanguage::englishGivesPluralForms()
{
    QCOMPARE(Language::install(*QCoreApplication::instance(), QLocale(u"en_GB"_s),
                               QStringLiteral(GATEWATCH_TRANSLATIONS_DIR)),
             u"en"_s);
    QCOMPARE(QCoreApplication::translate("DeviceSettingsDialog", "%n device(s)", nullptr, 1),
             u"1 device"_s);
    QCOMPARE(QCoreApplication::translate("DeviceSettingsDialog", "%n device(s)", nullptr, 2),
             u"2 devices"_s);
    QCOMPARE(EventLabels::pass(true), u"Pass"_s);
}

void TestLanguage::unshippedLanguagesAreEnglish()
{
    QCOMPARE(Language::install(*QCoreApplication::instance(), QLocale(u"fr_FR"_s),
                               QStringLiteral(GATEWATCH_TRANSLATIONS_DIR)),
             u"en"_s);
    QCOMPARE(EventLabels::pass(false), u"Deny"_s);
    QCOMPARE(QCoreApplication::translate("DeviceSettingsDialog", "%n device(s)", nullptr, 5),
             u"5 devices"_s);
}

void TestLanguage::theSettingWinsOverTheSystem()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    QCOMPARE(Language::chosen(settings), QString());
    QCOMPARE(Language::effectiveLocale(settings), QLocale::system());
    Language::setChosen(settings, u"zh_CN"_s);
    QCOMPARE(Language::chosen(settings), u"zh_CN"_s);
    QCOMPARE(Language::effectiveLocale(settings).name(), u"zh_CN"_s);
    // A value GateWatch does not ship (edited by hand, or from a later version) is the system's.
    settings.setValue(u"language"_s, u"xx_YY"_s);
    QCOMPARE(Language::chosen(settings), QString());
    Language::setChosen(settings, QString());
    QVERIFY(!settings.contains(u"language"_s));
}

void TestLanguage::aMissingFileIsNamed()
{
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    QString problem;
    QCOMPARE(Language::install(*QCoreApplication::instance(), QLocale(u"zh_CN"_s), empty.path(),
                               &problem),
             QString());
    QVERIFY2(problem.contains(empty.path() + u"/gatewatch_zh_CN.qm"_s), qPrintable(problem));
    QVERIFY(QCoreApplication::instance()->findChildren<QTranslator *>().isEmpty());
    QCOMPARE(EventLabels::pass(true), u"Pass"_s);
}

QTEST_GUILESS_MAIN(TestLanguage)
#include "tst_language.moc"
