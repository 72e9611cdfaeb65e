#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

// What the store reports about an event it has committed: enough to count per device and to
// find the row again, small enough to send across threads in large batches.
struct StoredEvent final
{
    qint64 id = 0; // the row id in `events`
    QString deviceSn;
    QString dedupKey;

    bool operator==(const StoredEvent &) const = default;
};

Q_DECLARE_METATYPE(StoredEvent)
