#pragma once

#include <QString>

class QWidget;
class DeviceConfig;
struct DoorOpening;
struct RecognitionEvent;

// What the dashboard's "Open door…" actions share, wherever they are (the detail view, the
// tiles' and rows' menus, the alert banner): the confirmation asked before anything is sent,
// and the words for a door log entry.
namespace DoorAction {

// Asks the operator to confirm opening the door of `device` in answer to `event`: a modal
// message box naming the door, the person and the verdict, with "Open door" and "Cancel"
// (the default, and what Escape means). True only for "Open door".
bool confirm(QWidget *parent, const RecognitionEvent &event, const DeviceConfig &device,
             const QString &operatorName);

// One line for a door log entry, in local time: "Door opened at 14:02 by Alice",
// "Door not opened at 14:02 (asked by Alice): login refused: …". An entry without an outcome
// reads "Opening the door of Main gate (asked by Alice at 14:02)…" while `underWay`, else
// says that no outcome was recorded (GateWatch closed before the answer came).
QString describe(const DoorOpening &entry, bool underWay = false);

// The tooltip of an enabled "Open door…" action.
QString toolTip(const QString &deviceName);

} // namespace DoorAction
