#pragma once

#include "eventfilter.h"
#include "eventposition.h"
#include "eventsort.h"

#include <QMetaType>

// What EventReader::page() reads: up to `limit` rows of the filtered history in the sort's
// order, starting after `after` when it is valid, else at `offset`.
struct EventPageRequest final
{
    EventFilter filter;
    EventSort sort;
    int limit = 100;
    // Keyset paging: the rows after this position, taken from a row of an earlier page with
    // the same sort (and filter). Each page costs the same however deep it is. The way to read
    // on (fetchMore).
    EventPosition after;
    // Rows to skip from the start when `after` is not valid. The database steps over them one
    // by one, so a deep offset costs time in proportion: for jumping far into the result (a
    // scroll bar dragged to the middle), then reading on with `after`.
    qint64 offset = 0;

    bool operator==(const EventPageRequest &) const = default;
};

Q_DECLARE_METATYPE(EventPageRequest)
