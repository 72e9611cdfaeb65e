#include "databaseupgrade.h"

#include "eventreader.h"
#include "eventstore.h"
#include "schema.h"

#include <QFileInfo>

namespace DatabaseUpgrade {

std::optional<int> pendingFrom(const QString &path)
{
    if (!QFileInfo(path).isFile())
        return std::nullopt;
    EventReader reader;
    if (!reader.open(path))
        return std::nullopt;
    const int version = reader.schemaVersion();
    if (version <= 0 || version >= Schema::currentVersion())
        return std::nullopt;
    return version;
}

bool run(const QString &path, QString *error)
{
    EventStore store(path);
    const bool ok = store.open();
    if (!ok && error)
        *error = store.lastError();
    store.close();
    return ok;
}

} // namespace DatabaseUpgrade
