#include "eventlabels.h"

#include "recognitionevent.h"

QString EventLabels::unknownCode(int code)
{
    return tr("code %1").arg(code);
}

QString EventLabels::recognizeStatus(int code)
{
    switch (code) {
    case 0:
        return tr("Unknown");
    case 1:
        return tr("Non-live");
    case 2:
        return tr("Person in library");
    case 3:
        return tr("Stranger");
    case 4:
        return tr("Recognized");
    case 5:
        return tr("Authentication passed");
    case 6:
        return tr("Authentication failed");
    default:
        return unknownCode(code);
    }
}

QString EventLabels::recognitionType(int code)
{
    switch (code) {
    case 1:
        return tr("Employee");
    case 2:
        return tr("Visitor");
    case 3:
        return tr("Stranger");
    case 4:
        return tr("Non-live");
    case 5:
        return tr("Blacklist");
    default:
        return unknownCode(code);
    }
}

QString EventLabels::mask(int code)
{
    switch (code) {
    case 0:
        return tr("Not checked");
    case 1:
        return tr("No mask");
    case 2:
        return tr("Mask worn");
    default:
        return unknownCode(code);
    }
}

// The seed specification's numbering. Later firmware changed 2 and 3 (see modeDescription),
// and nothing in an event says which numbering a terminal uses, so the short label follows the
// contract and the long text admits the ambiguity.
QString EventLabels::mode(int code)
{
    switch (code) {
    case 0:
        return tr("Face");
    case 1:
        return tr("Face or card");
    case 2:
        return tr("Face, card or QR code");
    case 3:
        return tr("Face and card");
    case 4:
        return tr("ID card");
    case 5:
        return tr("Face or ID card");
    case 6:
        return tr("Face and ID card");
    case 7:
    case 8:
    case 9:
        return tr("PIN combination (code %1)").arg(code);
    default:
        return unknownCode(code);
    }
}

QString EventLabels::modeDescription(int code)
{
    switch (code) {
    case 2:
        return tr("Face, card or QR code (specification numbering); later firmware uses code 2 "
                  "for face and card");
    case 3:
        return tr("Face and card (specification numbering); later firmware uses code 3 for "
                  "face, card, QR code or PIN");
    case 7:
    case 8:
    case 9:
        return tr("A verification mode with a PIN (code %1), sent only by later firmware; the "
                  "exact combination is not documented")
            .arg(code);
    default:
        return mode(code);
    }
}

QString EventLabels::userType(int code)
{
    switch (code) {
    case 1:
        return tr("Employee");
    case 2:
        return tr("Visitor");
    case 3:
        return tr("Blacklist");
    default:
        return unknownCode(code);
    }
}

QString EventLabels::pass(std::optional<bool> pass)
{
    if (!pass)
        return tr("—", "pass: the device did not say");
    return *pass ? tr("Pass") : tr("Deny");
}

QString EventLabels::statusLabel(const RecognitionEvent &event)
{
    if (event.recognizeStatus)
        return recognizeStatus(*event.recognizeStatus);
    if (event.recognitionType)
        return recognitionType(*event.recognitionType);
    return {};
}

QString EventLabels::recognizeStatus(std::optional<int> code)
{
    return code ? recognizeStatus(*code) : QString();
}

QString EventLabels::recognitionType(std::optional<int> code)
{
    return code ? recognitionType(*code) : QString();
}

QString EventLabels::mask(std::optional<int> code)
{
    return code ? mask(*code) : QString();
}

QString EventLabels::mode(std::optional<int> code)
{
    return code ? mode(*code) : QString();
}

QString EventLabels::userType(std::optional<int> code)
{
    return code ? userType(*code) : QString();
}
