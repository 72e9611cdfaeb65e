#include "language.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace {
const QString SettingsKey = u"language"_s;

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Language)
};

// The shipped translation that `locale` asks for, in the order of its UI languages: "zh_CN" for
// zh-Hans-CN or zh-CN; "en" for any English, and for every language GateWatch does not ship
// (the sources are English, the English translation gives their plural forms).
QString shippedFor(const QLocale &locale)
{
    const QStringList shipped = Language::available();
    for (QString ui : locale.uiLanguages()) {
        ui.replace(u'-', u'_');
        for (const QString &name : shipped) {
            if (ui == name || ui.startsWith(name + u'_'))
                return name;
        }
        if (ui == u"zh_Hans_CN"_s || ui == u"zh_Hans"_s || ui == u"zh"_s)
            return u"zh_CN"_s;
    }
    return u"en"_s;
}
} // namespace

QStringList Language::available()
{
    return { u"en"_s, u"zh_CN"_s };
}

QString Language::nativeName(const QString &name)
{
    if (name == u"zh_CN")
        return u"简体中文"_s;
    if (name == u"en")
        return u"English"_s;
    return QLocale(name).nativeLanguageName();
}

QString Language::translationsDir()
{
    return QDir::cleanPath(QCoreApplication::applicationDirPath()
                           + u"/../share/gatewatch/translations"_s);
}

QString Language::chosen(const QSettings &settings)
{
    const QString name = settings.value(SettingsKey).toString();
    return available().contains(name) ? name : QString();
}

void Language::setChosen(QSettings &settings, const QString &name)
{
    if (name.isEmpty())
        settings.remove(SettingsKey);
    else
        settings.setValue(SettingsKey, name);
}

QLocale Language::effectiveLocale(const QSettings &settings)
{
    const QString name = chosen(settings);
    return name.isEmpty() ? QLocale::system() : QLocale(name);
}

QString Language::install(QCoreApplication &app, const QLocale &locale, const QString &directory,
                          QString *problem)
{
    QString name = shippedFor(locale);
    auto *own = new QTranslator(&app);
    const QString file = QDir(directory).filePath(u"gatewatch_%1.qm"_s.arg(name));
    if (!own->load(file)) {
        delete own;
        if (problem)
            *problem = Text::tr("The %1 translation of GateWatch cannot be read from %2; the "
                                "interface stays in English.")
                           .arg(nativeName(name), QDir::toNativeSeparators(file));
        return {};
    }
    QCoreApplication::installTranslator(own);
    // Qt's own strings (standard buttons, file dialogs); English needs none.
    if (name != u"en") {
        auto *qt = new QTranslator(&app);
        if (qt->load(QLocale(name), u"qtbase"_s, u"_"_s,
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(qt);
        else
            delete qt;
    }
    return name;
}
