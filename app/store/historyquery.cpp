#include "historyquery.h"

#include "acknowledgementcolumns.h"
#include "schema.h"
#include "searchtext.h"

#include <QStringBuilder>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString placeholders(qsizetype count)
{
    QStringList list;
    list.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        list.append(u"?"_s);
    return list.join(u", "_s);
}

// A set of codes as SQL constants, in ascending order so that the text is always the same.
QString constants(QList<int> codes)
{
    std::sort(codes.begin(), codes.end());
    codes.resize(std::distance(codes.begin(), std::unique(codes.begin(), codes.end())));
    QStringList list;
    list.reserve(codes.size());
    for (const int code : std::as_const(codes))
        list.append(QString::number(code));
    return list.join(u", "_s);
}

QString escapedForLike(const QString &text)
{
    QString escaped = text;
    escaped.replace(u"\\"_s, u"\\\\"_s);
    escaped.replace(u"%"_s, u"\\%"_s);
    escaped.replace(u"_"_s, u"\\_"_s);
    return escaped;
}

} // namespace

HistoryQuery::HistoryQuery(const SqlDialect &dialect, int schemaVersion, QString alias)
    : m_dialect(dialect)
    , m_version(schemaVersion)
    , m_alias(std::move(alias))
{ }

QString HistoryQuery::column(const QString &name) const
{
    return m_alias.isEmpty() ? name : m_alias % u'.' % name;
}

QString HistoryQuery::alertCondition(AlertRules::Reasons reasons, const SqlDialect &dialect,
                                     const QString &alias)
{
    using Reason = AlertRules::Reason;
    const QString prefix = alias.isEmpty() ? QString() : alias + u'.';
    // The same questions AlertRules::reasons() asks, grouped by column.
    QList<int> statuses;
    QList<int> types;
    bool denied = false;
    bool blacklistedUser = false;
    if (reasons.testFlag(Reason::Stranger)) {
        statuses.append(AlertRules::StatusStranger);
        types.append(AlertRules::TypeStranger);
    }
    if (reasons.testFlag(Reason::Denied)) {
        statuses.append(AlertRules::StatusAuthenticationFailed);
        denied = true;
    }
    if (reasons.testFlag(Reason::NonLive)) {
        statuses.append(AlertRules::StatusNonLive);
        types.append(AlertRules::TypeNonLive);
    }
    if (reasons.testFlag(Reason::Blacklist)) {
        types.append(AlertRules::TypeBlacklist);
        blacklistedUser = true;
    }

    QStringList terms;
    if (!statuses.isEmpty())
        terms.append(prefix % u"recognize_status IN ("_s % constants(statuses) % u')');
    if (!types.isEmpty())
        terms.append(prefix % u"recognition_type IN ("_s % constants(types) % u')');
    // `pass = false` is NULL, not true, for an event without a pass value: not denied, as in
    // AlertRules.
    if (denied)
        terms.append(prefix % u"pass = "_s % dialect.boolLiteral(false));
    // The store writes user_type only for an event that names a user.
    if (blacklistedUser)
        terms.append(prefix % u"user_type = "_s % QString::number(AlertRules::UserTypeBlacklist));
    if (terms.isEmpty())
        return u"(1 = 0)"_s;
    return u'(' % terms.join(u" OR "_s) % u')';
}

HistoryQuery::Sql HistoryQuery::conditions(const EventFilter &filter) const
{
    QStringList terms;
    Sql sql;
    if (filter.from) {
        terms.append(column(u"timestamp_ms"_s) % u" >= ?"_s);
        sql.values.append(filter.from->toMSecsSinceEpoch());
    }
    if (filter.to) {
        terms.append(column(u"timestamp_ms"_s) % u" <= ?"_s);
        sql.values.append(filter.to->toMSecsSinceEpoch());
    }
    if (!filter.deviceSns.isEmpty()) {
        terms.append(column(u"device_sn"_s) % u" IN ("_s % placeholders(filter.deviceSns.size())
                     % u')');
        for (const QString &sn : filter.deviceSns)
            sql.values.append(sn);
    }
    if (filter.pass) {
        terms.append(column(u"pass"_s) % u" = ?"_s);
        sql.values.append(*filter.pass);
    }
    if (const QString needle = SearchText::normalized(filter.person); !needle.isEmpty()) {
        if (Schema::hasHistoryIndexes(m_version)) {
            // Not a substring test on every row: a site has thousands of people and millions
            // of events. The distinct folded names are read by seeking from one to the next in
            // their index (a recursive query), the substring is looked for in those, and the
            // events of the matching ones are then found by seeking in the same index.
            terms.append(column(u"search_text"_s)
                         % u" IN (WITH RECURSIVE gw_names(v) AS ("_s
                           u"SELECT (SELECT MIN(search_text) FROM events) UNION ALL "_s
                           u"SELECT (SELECT MIN(search_text) FROM events WHERE search_text > "_s
                           u"gw_names.v) FROM gw_names WHERE gw_names.v IS NOT NULL) "_s
                           u"SELECT v FROM gw_names WHERE "_s
                         % m_dialect.containsText(u"v"_s) % u')');
            sql.values.append(needle);
        } else {
            // Before version 4 there is nothing folded to compare with. SQLite's LIKE at least
            // ignores the case of ASCII letters.
            const QString pattern = u'%' % escapedForLike(filter.person.trimmed()) % u'%';
            terms.append(u'(' % column(u"user_name"_s) % u" LIKE ? ESCAPE '\\' OR "_s
                         % column(u"user_id"_s) % u" LIKE ? ESCAPE '\\')"_s);
            sql.values.append(pattern);
            sql.values.append(pattern);
        }
    }
    if (!filter.statuses.isEmpty()) {
        QList<int> codes(filter.statuses.cbegin(), filter.statuses.cend());
        std::sort(codes.begin(), codes.end());
        terms.append(column(u"recognize_status"_s) % u" IN ("_s % placeholders(codes.size())
                     % u')');
        for (const int code : std::as_const(codes))
            sql.values.append(code);
    }
    if (!filter.masks.isEmpty()) {
        QList<int> codes(filter.masks.cbegin(), filter.masks.cend());
        std::sort(codes.begin(), codes.end());
        terms.append(column(u"mask"_s) % u" IN ("_s % placeholders(codes.size()) % u')');
        for (const int code : std::as_const(codes))
            sql.values.append(code);
    }
    if (filter.minScore) {
        terms.append(column(u"recognize_score"_s) % u" >= ?"_s);
        sql.values.append(*filter.minScore);
    }
    if (filter.alerts) {
        const AlertRules::Reasons all = AlertRules::all();
        if (Schema::hasHistoryIndexes(m_version) && *filter.alerts != AlertRules::Reasons()) {
            // Stated whole, so that the partial index of alerts serves any choice of reasons;
            // the choice then narrows it down.
            terms.append(alertCondition(all, m_dialect, m_alias));
            if ((*filter.alerts & all) != all)
                terms.append(alertCondition(*filter.alerts, m_dialect, m_alias));
        } else {
            terms.append(alertCondition(*filter.alerts, m_dialect, m_alias));
        }
    }
    // Before version 2 no event has an acknowledgement: every one passes.
    if (filter.unacknowledgedOnly && Schema::hasAcknowledgements(m_version)) {
        terms.append(u"NOT EXISTS (SELECT 1 FROM "_s % AcknowledgementColumns::table()
                     % u" gw_ack WHERE gw_ack."_s % AcknowledgementColumns::keyColumn() % u" = "_s
                     % column(u"dedup_key"_s) % u')');
    }
    sql.text = terms.join(u" AND "_s);
    return sql;
}

HistoryQuery::Sql HistoryQuery::where(const EventFilter &filter) const
{
    Sql sql = conditions(filter);
    if (!sql.text.isEmpty())
        sql.text = u" WHERE "_s % sql.text;
    return sql;
}

QStringList HistoryQuery::sortColumns(EventSort::Column sortColumn) const
{
    using Column = EventSort::Column;
    switch (sortColumn) {
    case Column::Time:
        return {};
    case Column::Device:
        return { u"device_name"_s };
    case Column::Name:
        if (Schema::hasHistoryIndexes(m_version))
            return { u"search_text"_s };
        return { u"user_name"_s, u"user_id"_s };
    case Column::UserId:
        return { u"user_id"_s };
    case Column::Status:
        return { u"recognize_status"_s, u"recognition_type"_s };
    case Column::Score:
        return { u"recognize_score"_s };
    case Column::Liveness:
        return { u"liveness_score"_s };
    case Column::Temperature:
        return { u"body_temperature"_s };
    case Column::Mask:
        return { u"mask"_s };
    case Column::Mode:
        return { u"mode"_s };
    case Column::Pass:
        return { u"pass"_s };
    }
    return {};
}

QStringList HistoryQuery::sortKey(const EventSort &sort) const
{
    QStringList key;
    const QStringList own = sortColumns(sort.column);
    for (const QString &name : own)
        key.append(column(name));
    key.append(column(u"timestamp_ms"_s));
    key.append(column(u"id"_s));
    return key;
}

QString HistoryQuery::sortIndex(const EventSort &sort, const EventFilter &filter) const
{
    if (!Schema::hasHistoryIndexes(m_version))
        return {};
    using Column = EventSort::Column;
    switch (sort.column) {
    case Column::Time:
        // The alerts are a tenth of the events, or fewer: their own index, in time order,
        // holds every column the alert rules and the device filter look at.
        if (filter.alerts && *filter.alerts != AlertRules::Reasons())
            return u"events_alerts"_s;
        return u"events_time"_s;
    case Column::Device:
        return u"events_device_name_time"_s;
    case Column::Name:
        return u"events_search_time"_s;
    case Column::UserId:
        return u"events_user_id_time"_s;
    case Column::Status:
        return u"events_status_time"_s;
    case Column::Score:
        return u"events_score_time"_s;
    case Column::Liveness:
        return u"events_liveness_time"_s;
    case Column::Temperature:
        return u"events_temperature_time"_s;
    case Column::Mask:
        return u"events_mask_time"_s;
    case Column::Mode:
        return u"events_mode_time"_s;
    case Column::Pass:
        return u"events_pass_time"_s;
    }
    return {};
}

QString HistoryQuery::filterIndex(const EventFilter &filter) const
{
    if (!Schema::hasHistoryIndexes(m_version))
        return {};
    // SQLite plans without statistics: an equality on the device, or on a status, looks more
    // selective to it than a name or the alerts, although a terminal sees tens of thousands of
    // events, a person a few hundred, and the alerts are a tenth of all.
    //
    // A name: its index holds the time and the device too, so that those need no look-up in
    // the table.
    if (!SearchText::normalized(filter.person).isEmpty())
        return u"events_search_time"_s;
    // The alerts: their index holds every column the other criteria look at (the time, the
    // device, the codes, the mask, the score and the key of the acknowledgement).
    if (filter.alerts && *filter.alerts != AlertRules::Reasons())
        return u"events_alerts"_s;
    return {};
}

QString HistoryQuery::orderBy(const EventSort &sort, bool fromIndex) const
{
    // NULLS FIRST/LAST spelled out: SQLite and PostgreSQL order NULLs differently by default.
    // NULL is the smallest value either way, which is how SQLite's indexes hold it.
    const bool ascending = sort.order == Qt::AscendingOrder;
    const QStringList key = sortKey(sort);
    QStringList terms;
    terms.reserve(key.size());
    for (qsizetype i = 0; i < key.size(); ++i) {
        const bool isId = i == key.size() - 1; // never NULL
        // A unary plus leaves the value as it is and hides the column from the planner.
        terms.append((i == 0 && !fromIndex ? u"+"_s : QString()) % key.at(i)
                     % (ascending ? (isId ? u" ASC"_s : u" ASC NULLS FIRST"_s)
                                  : (isId ? u" DESC"_s : u" DESC NULLS LAST"_s)));
    }
    return u" ORDER BY "_s % terms.join(u", "_s);
}

QList<HistoryQuery::Sql> HistoryQuery::after(const EventPosition &position) const
{
    const QStringList key = sortKey(position.sort);
    if (position.key.size() != key.size() || position.key.constLast().isNull())
        return {};
    const bool ascending = position.sort.order == Qt::AscendingOrder;

    // Deepest first: the rows that tie with the position on every column but the last come
    // right after it, then those that tie on one column fewer, and so on.
    QList<Sql> parts;
    QStringList equal;
    for (qsizetype i = key.size() - 1; i >= 0; --i) {
        Sql prefix;
        equal.clear();
        for (qsizetype j = 0; j < i; ++j) {
            const QVariant &value = position.key.at(j);
            if (value.isNull()) {
                equal.append(key.at(j) % u" IS NULL"_s);
            } else {
                equal.append(key.at(j) % u" = ?"_s);
                prefix.values.append(value);
            }
        }
        const auto add = [&](const QString &term, const QVariant &value) {
            Sql part = prefix;
            QStringList terms = equal;
            terms.append(term);
            part.text = terms.join(u" AND "_s);
            if (value.isValid())
                part.values.append(value);
            parts.append(part);
        };
        const QVariant &value = position.key.at(i);
        const bool nullable = i < key.size() - 1;
        if (ascending) {
            // NULLs come first: after a NULL come all the values, after a value the greater
            // ones.
            if (value.isNull())
                add(key.at(i) % u" IS NOT NULL"_s, QVariant());
            else
                add(key.at(i) % u" > ?"_s, value);
        } else if (!value.isNull()) {
            // NULLs come last: after a value come the smaller ones, then the NULLs. After a
            // NULL, nothing differs in this column.
            add(key.at(i) % u" < ?"_s, value);
            if (nullable)
                add(key.at(i) % u" IS NULL"_s, QVariant());
        }
    }
    return parts;
}
