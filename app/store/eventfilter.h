#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QStringList>

#include <optional>

// Which stored events a reader returns. Every criterion that is set must hold. Times compare
// with the device's recognition time: `from` inclusive, `to` inclusive; events without a
// recognition time are left out when either bound is set.
struct EventFilter final
{
    std::optional<QDateTime> from;
    std::optional<QDateTime> to;
    QStringList deviceSns; // empty: all devices
    std::optional<bool> pass; // events without a pass value are left out when set

    bool operator==(const EventFilter &) const = default;
};

Q_DECLARE_METATYPE(EventFilter)
