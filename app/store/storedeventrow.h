#pragma once

#include "acknowledgement.h"
#include "event/recognitionevent.h"

#include <optional>

// One event as a reader returns it: the row id, the event fully reconstructed (unknown
// fields, user, raw frame and, when asked for, the snapshot) and the guard's acknowledgement,
// if the event has one.
struct StoredEventRow final
{
    qint64 id = 0;
    RecognitionEvent event;
    std::optional<Acknowledgement> acknowledgement;
};
