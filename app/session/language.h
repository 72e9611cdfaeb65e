#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;
class QSettings;

// The language of the interface: GateWatch's own translation and Qt's (dialog buttons and the
// like), for the system's locale or the one the user chose in the settings. The window and the
// commands install it before they show or print anything.
namespace Language {

// The locale names GateWatch ships a translation for ("en", "zh_CN").
QStringList available();
// A language's name in that language ("English", "简体中文"), for a menu that must be readable
// whatever language the interface is in.
QString nativeName(const QString &name);

// Where gatewatch_<locale>.qm are: ../share/gatewatch/translations from the executable's folder,
// both in a build tree and once installed.
QString translationsDir();

// The user's choice, "language" in the settings: a name from available(), or empty for the
// system's locale. A name GateWatch does not ship reads as empty.
QString chosen(const QSettings &settings);
void setChosen(QSettings &settings, const QString &name);

// The locale the interface uses: the chosen language, else the system's.
QLocale effectiveLocale(const QSettings &settings);

// Installs into `app` the translators for `locale`: GateWatch's own from `directory` and Qt's
// own from Qt's translations folder. A locale GateWatch has no translation for is shown in
// English. Returns the name of the translation loaded ("zh_CN", "en"); when it cannot be
// loaded, "" with *problem naming the file, and the interface shows the sources' English.
QString install(QCoreApplication &app, const QLocale &locale,
                const QString &directory = translationsDir(), QString *problem = nullptr);

} // namespace Language
