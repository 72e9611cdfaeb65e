#pragma once

#include <QCoreApplication>
#include <QString>

#include <optional>

struct RecognitionEvent;

// Human, translated words for the numeric codes a terminal sends. Codes this version does not
// know show as "code N" so that newer firmware never breaks the display.
class EventLabels final
{
    Q_DECLARE_TR_FUNCTIONS(EventLabels)

public:
    // `recognizeStatus` (seed specification): 0 unknown … 6 authentication failed.
    static QString recognizeStatus(int code);
    // `recognitionType` (later firmware): 1 employee … 5 blacklist.
    static QString recognitionType(int code);
    // `mask`: 0 not checked, 1 no mask, 2 mask worn.
    static QString mask(int code);
    // `mode`: the seed specification's numbering (0–6). Later firmware renumbered some codes
    // (see modeDescription()); codes 7–9 only exist there and are PIN combinations.
    static QString mode(int code);
    // A longer text for `mode` that spells out where firmware versions disagree, for tooltips.
    static QString modeDescription(int code);
    // User `type`: 1 employee, 2 visitor, 3 blacklist.
    static QString userType(int code);
    // "Pass", "Deny", or a dash when the device did not say.
    static QString pass(std::optional<bool> pass);
    // The word for an event's outcome: recognizeStatus when sent, else recognitionType, else
    // an empty string.
    static QString statusLabel(const RecognitionEvent &event);
    // "code N".
    static QString unknownCode(int code);

    // Convenience for optional fields: an empty string when the device did not send one.
    static QString recognizeStatus(std::optional<int> code);
    static QString recognitionType(std::optional<int> code);
    static QString mask(std::optional<int> code);
    static QString mode(std::optional<int> code);
    static QString userType(std::optional<int> code);
};
