#pragma once

#include <QMetaType>
#include <Qt>

// The order of a history page: a column and a direction. Rows that tie on the column come in
// recognition-time order in the same direction, then in row-id order, so that the order is
// total and paging never repeats or skips a row. Events without a value in the column (NULL)
// count as smaller than any value: first in ascending order, last in descending order.
struct EventSort final
{
    enum class Column {
        Time, // the device's recognition time
        Device, // the configured device name
        Name, // the person's name, case and accents folded (see SearchText), then the user id
        UserId,
        Status, // recognizeStatus, then recognitionType (later firmware sends only that)
        Score, // recognizeScore
        Liveness, // livenessScore
        Temperature, // bodyTemperature
        Mask,
        Mode,
        Pass,
    };

    Column column = Column::Time;
    Qt::SortOrder order = Qt::DescendingOrder;

    bool operator==(const EventSort &) const = default;
};

Q_DECLARE_METATYPE(EventSort)
