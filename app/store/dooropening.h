#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

// One entry of the door log: an operator asked a terminal to open its door in answer to a
// recognition, and what came of it. Written twice under the same requestId: when the request
// is sent (no outcome yet) and when its outcome is known, so that a request whose answer never
// came (GateWatch closed meanwhile) is still on record.
struct DoorOpening final
{
    QString requestId; // unique per request; the log's key
    QString dedupKey; // the deduplication key of the event it answered
    QString deviceName; // the terminal as the station calls it
    QString deviceSn; // its serial number, as the event gave it
    int openMode = 0; // 0 timed, 1 normally open, 2 normally closed
    QDateTime requestedAt; // UTC, when the operator confirmed
    QString requestedBy; // the operator's name as the station knows it

    // The outcome; finishedAt is invalid while none is known.
    QDateTime finishedAt; // UTC
    bool opened = false;
    QString result; // in words: "door opened", "login refused: …"

    bool hasOutcome() const { return finishedAt.isValid(); }
    bool operator==(const DoorOpening &) const = default;
};

Q_DECLARE_METATYPE(DoorOpening)
