#pragma once

#include <QString>

#include <optional>

// Bringing an existing database up to this build's schema happens when the store opens it,
// in one transaction, and on a large history it takes a while (about 80 s for a million
// events from version 3, which adds a column for searching and rebuilds the indexes). These
// let the window or a command say so first and run it where it does not block anything.
namespace DatabaseUpgrade {

// The schema version of the database at `path` when it is older than this build's; nullopt
// for a missing or new file, a current or newer one, and one that cannot be read (opening it
// for the store then says why).
std::optional<int> pendingFrom(const QString &path);

// Opens the database at `path` for writing, which brings it to the current schema, and closes
// it again; false with the reason in *error when that fails (the database is then unchanged).
// Blocks for as long as the update takes: call it on a thread of its own.
bool run(const QString &path, QString *error = nullptr);

} // namespace DatabaseUpgrade
