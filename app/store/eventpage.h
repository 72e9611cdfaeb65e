#pragma once

#include "acknowledgement.h"
#include "event/recognitionevent.h"
#include "eventposition.h"

#include <QList>
#include <QMetaType>

#include <optional>

// One page of a sorted, filtered history, as EventReader::page() returns it.
struct EventPage final
{
    struct Row
    {
        qint64 id = 0; // the row id in `events`
        // The event without its snapshot bytes (`snapshotJpeg` stays empty; `snapshotSize` is
        // the stored one): EventReader::snapshotsFor() loads the pictures of the rows in view.
        RecognitionEvent event;
        std::optional<Acknowledgement> acknowledgement;
        bool hasSnapshot = false; // whether the store holds JPEG bytes for it
        EventPosition position; // for the next page: EventPageRequest::after

        bool operator==(const Row &) const = default;
    };

    QList<Row> rows;
    // No row follows the last one (as the database stood when the page was read).
    bool atEnd = true;
};

Q_DECLARE_METATYPE(EventPage)
