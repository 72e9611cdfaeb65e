#pragma once

#include "eventsort.h"

#include <QMetaType>
#include <QVariantList>

// Where a row stands in a sorted history: the values of its sort key (the sort column's
// values, its recognition time and its row id). A page that starts after a position is found
// by seeking in an index, however deep in the result it is, which an offset cannot do. Take it
// from a row of a page (EventPage::Row::position) and give it back unchanged; it belongs to
// the sort it was made for.
struct EventPosition final
{
    EventSort sort;
    QVariantList key;

    bool isValid() const { return !key.isEmpty(); }
    bool operator==(const EventPosition &) const = default;
};

Q_DECLARE_METATYPE(EventPosition)
