#pragma once

#include "recognitionevent.h"
#include "snapshot.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

// Why a frame produced no event.
enum class ParseError {
    None,
    TooLarge, // the frame exceeds what any real event needs
    NotJson, // includes NUL bytes, invalid UTF-8 and nesting deeper than the JSON parser allows
    NotAnObject,
    MissingType,
    InvalidType, // `type` is not an integer
    UnsupportedEventType, // an integer `type` other than 0
    MissingData,
    InvalidData, // `data` is not an object
    InvalidField, // reserved: field problems do not reject an event, they become warnings
};

struct ParseOutcome final
{
    std::optional<RecognitionEvent> event;
    ParseError error = ParseError::None;
    // Why the frame was rejected, translated; empty when an event was produced.
    QString reason;
    // Problems with single fields of an accepted event (a field of the wrong type, an
    // oversized text...). The field is left empty and the event kept. Snapshot problems are
    // not here but in event->snapshotError.
    QStringList warnings;

    bool ok() const { return event.has_value() && error == ParseError::None; }
};

// Turns a terminal's WebSocket text frame into a RecognitionEvent. Strict about the envelope
// ({"type": 0, "data": {...}}), tolerant about the contents: every data field is optional,
// known firmware variants are understood, unknown fields are kept. Stateless and thread-safe.
// Never sets deviceName or receivedAt: the receiving connection does.
class EventParser final
{
    Q_DECLARE_TR_FUNCTIONS(EventParser)

public:
    explicit EventParser(const SnapshotLimits &limits = {});

    // One whole WebSocket text frame.
    ParseOutcome parse(QByteArrayView frame) const;
    // One `data` object, as the device's history endpoint returns its items; same rules.
    // rawFrame is the item wrapped in an envelope.
    ParseOutcome parseData(const QJsonObject &data) const;

    // Frames above this are rejected as TooLarge before parsing: the largest snapshot the
    // limits allow, base64-encoded, plus room for the rest of the event.
    qsizetype maxFrameBytes() const;
    // Known text fields (names, ids, serial numbers) longer than this are dropped with a
    // warning; longer strings elsewhere are replaced by a placeholder in rawFrame and
    // unknownFields.
    static constexpr qsizetype MaxTextLength = 1024;

private:
    SnapshotLimits m_limits;
};
