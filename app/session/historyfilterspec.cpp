#include "historyfilterspec.h"

#include <QJsonArray>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString periodKey(HistoryFilterSpec::Period period)
{
    switch (period) {
    case HistoryFilterSpec::Period::LastHour:
        return u"last-hour"_s;
    case HistoryFilterSpec::Period::Today:
        return u"today"_s;
    case HistoryFilterSpec::Period::Yesterday:
        return u"yesterday"_s;
    case HistoryFilterSpec::Period::Last7Days:
        return u"last-7-days"_s;
    case HistoryFilterSpec::Period::Custom:
        return u"custom"_s;
    case HistoryFilterSpec::Period::All:
        break;
    }
    return u"all"_s;
}

QJsonArray intArray(const QSet<int> &values)
{
    QList<int> sorted(values.cbegin(), values.cend());
    std::sort(sorted.begin(), sorted.end());
    QJsonArray array;
    for (const int value : std::as_const(sorted))
        array.append(value);
    return array;
}

QSet<int> intSet(const QJsonValue &value)
{
    QSet<int> result;
    const QJsonArray array = value.toArray();
    for (const auto &item : array) {
        if (item.isDouble())
            result.insert(item.toInt());
    }
    return result;
}

std::optional<QDateTime> dateTime(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    const QDateTime parsed = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return parsed.isValid() ? std::optional<QDateTime>(parsed) : std::nullopt;
}

} // namespace

QList<HistoryFilterSpec::Period> HistoryFilterSpec::periods()
{
    return { Period::All,       Period::LastHour,  Period::Today,
             Period::Yesterday, Period::Last7Days, Period::Custom };
}

QString HistoryFilterSpec::periodName(Period period)
{
    switch (period) {
    case Period::LastHour:
        return tr("Last hour");
    case Period::Today:
        return tr("Today");
    case Period::Yesterday:
        return tr("Yesterday");
    case Period::Last7Days:
        return tr("Last 7 days");
    case Period::Custom:
        return tr("From … to …");
    case Period::All:
        break;
    }
    return tr("All time");
}

std::pair<std::optional<QDateTime>, std::optional<QDateTime>>
HistoryFilterSpec::periodBounds(const QDateTime &now) const
{
    // Midnight in the zone `now` is in (local time, or a zone given explicitly).
    const QTimeZone zone = now.timeZone();
    const auto startOf = [&zone](QDate day) {
        return QDateTime(day, QTime(0, 0), zone);
    };
    switch (period) {
    case Period::LastHour:
        return { now.addSecs(-3600), now };
    case Period::Today:
        // Inclusive bounds: to the last millisecond before tomorrow.
        return { startOf(now.date()), startOf(now.date().addDays(1)).addMSecs(-1) };
    case Period::Yesterday:
        return { startOf(now.date().addDays(-1)), startOf(now.date()).addMSecs(-1) };
    case Period::Last7Days:
        return { now.addSecs(-7LL * 24 * 3600), now };
    case Period::Custom:
        return { from, to };
    case Period::All:
        break;
    }
    return { std::nullopt, std::nullopt };
}

EventFilter HistoryFilterSpec::resolve(const QDateTime &now, AlertRules::Reasons alertReasons) const
{
    EventFilter filter;
    const auto [begin, end] = periodBounds(now);
    filter.from = begin;
    filter.to = end;
    filter.deviceSns = deviceSns;
    filter.person = person.trimmed();
    filter.statuses = statuses;
    filter.pass = pass;
    filter.masks = masks;
    filter.minScore = minScore;
    if (alertsOnly)
        filter.alerts = alertReasons;
    filter.unacknowledgedOnly = unacknowledgedOnly;
    return filter;
}

QJsonObject HistoryFilterSpec::toJson() const
{
    QJsonObject json;
    json.insert(u"period"_s, periodKey(period));
    if (period == Period::Custom) {
        if (from)
            json.insert(u"from"_s, from->toString(Qt::ISODateWithMs));
        if (to)
            json.insert(u"to"_s, to->toString(Qt::ISODateWithMs));
    }
    if (!deviceSns.isEmpty())
        json.insert(u"devices"_s, QJsonArray::fromStringList(deviceSns));
    if (!person.isEmpty())
        json.insert(u"person"_s, person);
    if (!statuses.isEmpty())
        json.insert(u"statuses"_s, intArray(statuses));
    if (pass)
        json.insert(u"pass"_s, *pass);
    if (!masks.isEmpty())
        json.insert(u"masks"_s, intArray(masks));
    if (minScore)
        json.insert(u"minScore"_s, *minScore);
    if (alertsOnly)
        json.insert(u"alertsOnly"_s, true);
    if (unacknowledgedOnly)
        json.insert(u"unacknowledgedOnly"_s, true);
    return json;
}

HistoryFilterSpec HistoryFilterSpec::fromJson(const QJsonObject &json)
{
    HistoryFilterSpec spec;
    const QString key = json.value(u"period"_s).toString();
    for (const Period period : periods()) {
        if (periodKey(period) == key)
            spec.period = period;
    }
    if (spec.period == Period::Custom) {
        spec.from = dateTime(json.value(u"from"_s));
        spec.to = dateTime(json.value(u"to"_s));
    }
    const QJsonArray devices = json.value(u"devices"_s).toArray();
    for (const auto &device : devices) {
        if (device.isString())
            spec.deviceSns.append(device.toString());
    }
    spec.person = json.value(u"person"_s).toString();
    spec.statuses = intSet(json.value(u"statuses"_s));
    if (json.value(u"pass"_s).isBool())
        spec.pass = json.value(u"pass"_s).toBool();
    spec.masks = intSet(json.value(u"masks"_s));
    if (json.value(u"minScore"_s).isDouble())
        spec.minScore = json.value(u"minScore"_s).toDouble();
    spec.alertsOnly = json.value(u"alertsOnly"_s).toBool();
    spec.unacknowledgedOnly = json.value(u"unacknowledgedOnly"_s).toBool();
    return spec;
}
