#pragma once

#include "store/eventfilter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

// What a supervisor chose in the History window, kept the way it was meant: "today" stays
// today when the filter is restored tomorrow, unlike the EventFilter it resolves to. Saved by
// name and as the last used filter (HistoryFilterSpec::toJson, in QSettings).
struct HistoryFilterSpec final
{
    Q_DECLARE_TR_FUNCTIONS(HistoryFilterSpec)

public:
    enum class Period { All, LastHour, Today, Yesterday, Last7Days, Custom };

    Period period = Period::All;
    // With Period::Custom (either may be missing).
    std::optional<QDateTime> from;
    std::optional<QDateTime> to;
    QStringList deviceSns;
    QString person;
    QSet<int> statuses;
    std::optional<bool> pass;
    QSet<int> masks;
    std::optional<double> minScore;
    bool alertsOnly = false;
    bool unacknowledgedOnly = false;

    bool operator==(const HistoryFilterSpec &) const = default;

    // The filter as of `now`, in `now`'s time zone: "today" is from local midnight to the end
    // of the day (a day of 23 or 25 hours when the clocks change), "last 7 days" the 7 × 24
    // hours before `now`.
    EventFilter resolve(const QDateTime &now, AlertRules::Reasons alertReasons) const;
    // The period's bounds as of `now` (both open for Period::All).
    std::pair<std::optional<QDateTime>, std::optional<QDateTime>>
    periodBounds(const QDateTime &now) const;

    QJsonObject toJson() const;
    // Unknown keys are ignored and values of the wrong type are left at their defaults, so
    // that a filter saved by another version still opens.
    static HistoryFilterSpec fromJson(const QJsonObject &json);

    static QString periodName(Period period);
    static QList<Period> periods();
};
