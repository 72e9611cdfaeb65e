#pragma once

#include <Qt>

// The data RecognitionModel offers beyond Qt's roles. Views and delegates read typed values
// through these (a bool for pass, milliseconds for time, a QImage for the face) and never parse
// display strings. Every role answers on every column.
namespace RecognitionRoles {
enum Role : int {
    EventRole = Qt::UserRole + 1, // the whole RecognitionEvent
    TimestampRole, // qint64 Unix ms: the device's time, else the receive time
    DeviceNameRole, // QString: the configured name of the receiving connection
    DeviceSnRole, // QString
    PersonNameRole, // QString: empty when the event names nobody
    UserIdRole, // QString
    StatusCodeRole, // int recognizeStatus, or null
    RecognitionTypeRole, // int recognitionType (later firmware), or null
    StatusLabelRole, // QString: EventLabels::statusLabel()
    PassRole, // bool, or null when the device did not say
    AlertRole, // bool: isAlert()
    AlertReasonsRole, // int: AlertRules::Reasons
    ThumbnailRole, // QImage: null until decoded (asking for it starts the decoding)
    HasSnapshotRole, // bool
    ScoreRole, // double, or null
    LivenessScoreRole, // double, or null
    TemperatureRole, // double °C, or null
    MaskRole, // int, or null
    ModeRole, // int, or null
    SequenceRole, // quint64: assigned on insertion, increasing, stable while the row lives
    SortRole, // the column's value in a type that sorts right (numbers, ms), for proxies
    ThumbnailFailedRole, // bool: the snapshot could not be decoded (or read back) for a thumbnail
    // bool: fetched from the device's history after a disconnection, not pushed live. Such a
    // row arrives later than newer live ones, so it is not in time order among them.
    BackfilledRole,
    ReceivedAtRole, // qint64 Unix ms: when GateWatch received the event
};
} // namespace RecognitionRoles
