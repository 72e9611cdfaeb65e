#pragma once

#include <QString>

class QSettings;

// The station's settings file names its devices, their addresses and user names, and the
// certificates it trusts: it is its owner's alone.
namespace SettingsFile {

// Makes the file behind `settings` readable and writable by its owner only (0600), creating it
// (and its folder) when it does not exist yet. QSettings keeps a file's permissions when it
// writes the file again. False, with the reason in *error, when that cannot be done.
bool makePrivate(QSettings &settings, QString *error = nullptr);

} // namespace SettingsFile
