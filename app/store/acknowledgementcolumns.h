#pragma once

#include "acknowledgement.h"

#include <QStringList>

#include <optional>

class QSqlQuery;

// The mapping between an Acknowledgement and a row of `acknowledgements`, shared by the writer
// and the reader like EventColumns.
namespace AcknowledgementColumns {

QString table();
// The key column, the same value as `events.dedup_key`.
QString keyColumn();
// The columns the store writes, in binding order.
QStringList columns();
// Binds the values of columns() to the query's positional placeholders.
void bind(QSqlQuery &query, const Acknowledgement &ack);

// The SELECT list, columns() each qualified with `alias.`.
QString selectList(const QString &alias);
// The number of columns selectList() yields.
int selectCount();
// Reads the selectList() columns starting at `firstColumn`; nullopt when they are NULL (an
// event without acknowledgement, through a LEFT JOIN).
std::optional<Acknowledgement> read(const QSqlQuery &query, int firstColumn);

} // namespace AcknowledgementColumns
