#include "settingsfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

namespace SettingsFile {

bool makePrivate(QSettings &settings, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    settings.sync();
    const QString path = settings.fileName();
#ifdef Q_OS_WIN
    if (settings.format() == QSettings::NativeFormat)
        return true; // the registry, not a file
#endif
    if (path.isEmpty())
        return true;
    const QFileInfo info(path);
    if (!info.exists()) {
        if (!QDir().mkpath(info.absolutePath()))
            return fail(QCoreApplication::translate("SettingsFile", "Cannot create the folder %1.")
                            .arg(info.absolutePath()));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) && !QFileInfo::exists(path))
            return fail(QCoreApplication::translate("SettingsFile", "Cannot create %1: %2")
                            .arg(path, file.errorString()));
    }
    if (!QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return fail(QCoreApplication::translate("SettingsFile",
                                                "Cannot make %1 readable by its owner only.")
                        .arg(path));
    return true;
}

} // namespace SettingsFile
