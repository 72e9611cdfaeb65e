#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

// A guard's acknowledgement of an alert: who, when and, optionally, why. Stored with the
// event's deduplication key, so an acknowledgement can be given as soon as the event is shown,
// even before its transaction has committed.
struct Acknowledgement final
{
    QString dedupKey;
    QDateTime at; // UTC
    QString by; // the operator's name as the station knows it
    QString note; // may be empty

    bool operator==(const Acknowledgement &) const = default;
};

Q_DECLARE_METATYPE(Acknowledgement)
