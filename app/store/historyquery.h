#pragma once

#include "event/alertrules.h"
#include "eventfilter.h"
#include "eventposition.h"
#include "eventsort.h"
#include "sqldialect.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

// Turns filters and sort orders into SQL for the `events` table: the one place that knows
// which columns and indexes answer which question, for a given schema version. Values are
// bound through positional placeholders and never become part of the SQL text; only constants
// of the code's own (alert codes) are spelled out, because a partial index is used only for a
// query that spells its condition the same way.
class HistoryQuery final
{
public:
    // A piece of SQL and the values for its placeholders, in order.
    struct Sql
    {
        QString text;
        QVariantList values;
    };

    // Columns are qualified with `alias.` (the alias the caller gives `events`).
    HistoryQuery(const SqlDialect &dialect, int schemaVersion, QString alias);

    // The conditions of the filter joined with AND; empty when the filter lets everything
    // through.
    Sql conditions(const EventFilter &filter) const;
    // " WHERE …" for the filter, or nothing.
    Sql where(const EventFilter &filter) const;

    // The condition that holds when at least one of `reasons` applies (AlertRules::reasons()),
    // unqualified when `alias` is empty. For AlertRules::all() it is the condition of the
    // partial index of alerts.
    static QString alertCondition(AlertRules::Reasons reasons, const SqlDialect &dialect,
                                  const QString &alias);

    // The columns a row is ordered by, qualified: the sort column's own (one or two), then the
    // recognition time, then the row id. A position holds one value for each.
    QStringList sortKey(const EventSort &sort) const;
    // " ORDER BY …" over sortKey(). Not `fromIndex`: the first column is made an expression,
    // so that no index can give the order and the database finds the matches through the
    // indexes of the filter instead, then sorts them.
    QString orderBy(const EventSort &sort, bool fromIndex = true) const;
    // The index that holds the rows in the sort's order, for a query that should walk it and
    // test the filter on each row: the sort column's index, or, for the time with only alerts
    // wanted, the partial index of alerts. Empty for a database without the history indexes.
    QString sortIndex(const EventSort &sort, const EventFilter &filter) const;

    // What follows a position, as a sequence of conditions to be read one after the other,
    // each in the orderBy() of the position's sort, until a page is full: the rows of each come
    // after those of the ones before, together they are exactly the rows after the position,
    // and each is answered by seeking in an index. (A single condition would need OR, or NULLs
    // in a row value comparison, and the database would scan from the start instead.) Empty
    // when the position does not fit its sort.
    QList<Sql> after(const EventPosition &position) const;

    // The index to count or collect the filter's matches with, when the planner, which knows
    // nothing of how many rows an index holds, would pick a worse one: the name's for a name,
    // the partial index of alerts for "only alerts". Empty otherwise.
    QString filterIndex(const EventFilter &filter) const;

private:
    QString column(const QString &name) const;
    QStringList sortColumns(EventSort::Column column) const;

    SqlDialect m_dialect;
    int m_version;
    QString m_alias;
};
