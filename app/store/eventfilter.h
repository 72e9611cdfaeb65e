#pragma once

#include "event/alertrules.h"

#include <QDateTime>
#include <QMetaType>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

struct RecognitionEvent;

// Which stored events a reader returns. Every criterion that is set must hold; a criterion
// that is not set (nullopt, empty) lets every event through. An event that lacks the field a
// set criterion looks at is left out (no recognition time with `from`/`to`, no pass value with
// `pass`, and so on).
struct EventFilter final
{
    // The device's recognition time: `from` inclusive, `to` inclusive.
    std::optional<QDateTime> from;
    std::optional<QDateTime> to;
    QStringList deviceSns; // serial numbers; empty: all devices
    std::optional<bool> pass;

    // A piece of the person's name or user id, ignoring case and accents (SearchText says how
    // far that goes): "jose" finds "José García" and user id "JOSE-1". Blank: anyone. Events
    // that name nobody are left out when it is set. A database older than schema version 4
    // ignores only the case of ASCII letters.
    QString person;
    // recognizeStatus codes (0 unknown … 6 authentication failed); empty: any. Events of later
    // firmware, which sends recognitionType instead, have none and are left out when it is set.
    QSet<int> statuses;
    // mask codes (0 not checked, 1 no mask, 2 mask worn); empty: any.
    QSet<int> masks;
    // recognizeScore at least this.
    std::optional<double> minScore;
    // Only events for which at least one of these alert reasons holds (AlertRules::reasons);
    // an empty set of reasons matches nothing.
    std::optional<AlertRules::Reasons> alerts;
    // Only events no guard has acknowledged.
    bool unacknowledgedOnly = false;

    bool operator==(const EventFilter &) const = default;

    // Whether an event passes, by the same rules the database applies: for deciding whether a
    // newly recorded event belongs to a view of this filter without asking the database.
    // `acknowledged`: whether a guard has acknowledged it.
    bool matches(const RecognitionEvent &event, bool acknowledged = false) const;
};

Q_DECLARE_METATYPE(EventFilter)
