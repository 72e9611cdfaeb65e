#pragma once

#include "event/recognitionevent.h"

#include <QStringList>

class QSqlQuery;

// The mapping between a RecognitionEvent and a row of `events` (plus `snapshots`), shared by
// the writer and the reader so that the two can never disagree. Absent optionals are NULL,
// never 0, so that a round trip keeps std::nullopt apart from zero.
namespace EventColumns {

// The columns of `events` the store writes, in binding order: everything but `id`, the last
// ones derived from the event (`search_text`, see SearchText) and not read back.
QStringList eventColumns();
// Binds the values of eventColumns() to the query's positional placeholders.
void bindEvent(QSqlQuery &query, const RecognitionEvent &event);

// The SELECT list, `id` first then eventColumns(), each qualified with `alias.`.
QString selectList(const QString &alias);
// Reads an event from a query whose first columns are selectList(); returns the row id.
qint64 readEvent(const QSqlQuery &query, RecognitionEvent *event);
// The number of columns selectList() yields.
int selectCount();

} // namespace EventColumns
