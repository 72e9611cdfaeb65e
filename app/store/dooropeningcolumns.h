#pragma once

#include "dooropening.h"

#include <QStringList>

class QSqlQuery;

// The mapping between a DoorOpening and a row of `door_openings`, shared by the writer and
// the reader like AcknowledgementColumns.
namespace DoorOpeningColumns {

QString table();
// The key column: DoorOpening::requestId.
QString keyColumn();
// The event column, the same value as `events.dedup_key`.
QString eventColumn();
// The request's time, for ordering.
QString timeColumn();
// The columns the store writes, in binding order.
QStringList columns();
// The columns an outcome sets on a request already stored.
QStringList outcomeColumns();
// Binds the values of columns() to the query's positional placeholders.
void bind(QSqlQuery &query, const DoorOpening &entry);

// The SELECT list, columns() each qualified with `alias.`.
QString selectList(const QString &alias);
// Reads the selectList() columns starting at `firstColumn`.
DoorOpening read(const QSqlQuery &query, int firstColumn);

} // namespace DoorOpeningColumns
