#include "eventfilter.h"

#include "event/recognitionevent.h"
#include "searchtext.h"

bool EventFilter::matches(const RecognitionEvent &event, bool acknowledged) const
{
    if (from || to) {
        if (!event.timestampMs)
            return false;
        if (from && *event.timestampMs < from->toMSecsSinceEpoch())
            return false;
        if (to && *event.timestampMs > to->toMSecsSinceEpoch())
            return false;
    }
    if (!deviceSns.isEmpty() && !deviceSns.contains(event.deviceSn))
        return false;
    if (pass && event.pass != pass)
        return false;
    if (const QString needle = SearchText::normalized(person); !needle.isEmpty()) {
        if (!event.user)
            return false;
        if (!SearchText::forPerson(event.user->name, event.user->userId).contains(needle))
            return false;
    }
    if (!statuses.isEmpty()
        && (!event.recognizeStatus || !statuses.contains(*event.recognizeStatus)))
        return false;
    if (!masks.isEmpty() && (!event.mask || !masks.contains(*event.mask)))
        return false;
    if (minScore && (!event.recognizeScore || *event.recognizeScore < *minScore))
        return false;
    if (alerts && !isAlert(event, *alerts))
        return false;
    if (unacknowledgedOnly && acknowledged)
        return false;
    return true;
}
