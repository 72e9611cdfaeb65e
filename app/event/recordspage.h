#pragma once

#include "recognitionevent.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class EventParser;

// One page of a terminal's event history, the `data` of its answer to POST /v1/event/records:
// {"offset", "limit", "count", "total", "items": [event data…]}. Each item is one event's
// `data` object, as the event push sends it, read by EventParser::parseData with the same
// rules (and the same tolerance) as a live frame.
struct RecordsPage final
{
    Q_DECLARE_TR_FUNCTIONS(RecordsPage)

public:
    // The offset the device says the page starts at; the offset asked for when it does not
    // say.
    qint64 offset = 0;
    // How many records match the search, on the device, as of this answer.
    qint64 total = 0;
    // How many items the page held, usable or not: what the next offset moves by.
    qsizetype itemCount = 0;
    // The usable items, in the device's order, not yet marked as back-filled.
    QList<RecognitionEvent> events;
    // One line per item that gave no event (not an object), with its position in the page.
    QStringList rejected;
    // Field problems of accepted items (see ParseOutcome::warnings), with their position.
    QStringList warnings;

    // Reads an answer's `data`. nullopt, with *error in words, when it is not a page: not an
    // object, no usable `total`, or `items` that are not an array. `requestedOffset` stands in
    // for a missing `offset`.
    static std::optional<RecordsPage> parse(const QJsonValue &data, const EventParser &parser,
                                            qint64 requestedOffset = 0, QString *error = nullptr);
};
