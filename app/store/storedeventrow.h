#pragma once

#include "event/recognitionevent.h"

// One event as a reader returns it: the row id and the event fully reconstructed (unknown
// fields, user, raw frame and, when asked for, the snapshot).
struct StoredEventRow final
{
    qint64 id = 0;
    RecognitionEvent event;
};
