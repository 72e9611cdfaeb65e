#pragma once

#include "event/recognitionevent.h"

#include <QStringList>

class QSqlQuery;
struct sqlite3_stmt;

// The mapping between a RecognitionEvent and a row of `events` (plus `snapshots`), shared by
// the writer and the reader so that the two can never disagree. Absent optionals are NULL,
// never 0, so that a round trip keeps std::nullopt apart from zero.
namespace EventColumns {

// The columns of `events` the store writes, in binding order: everything but `id`, the last
// ones derived from the event (`search_text`, see SearchText) and not read back.
QStringList eventColumns();
// Binds the values of eventColumns() to the query's positional placeholders.
void bindEvent(QSqlQuery &query, const RecognitionEvent &event);

// The SELECT list, `id` first then the columns read back, each qualified with `alias.`. For a
// listing (an export, a table of events) the columns that cost most to read and that a
// listing does not show are NULL instead: the raw frame, the fields this version does not
// know, the user's groups and unknown fields, the receive time, the event type and the
// deduplication key (which readEvent() does not read). readEvent() then leaves them empty.
QString selectList(const QString &alias, bool listing = false);
// Reads an event from a query whose first columns are selectList(); returns the row id.
qint64 readEvent(const QSqlQuery &query, RecognitionEvent *event);
// readEvent() for a statement of SQLite's own interface, stepped to a row: the same mapping,
// without Qt's conversion of every value into a QVariant, which costs more than the rest of a
// long listing.
qint64 readEvent(sqlite3_stmt *statement, RecognitionEvent *event);
// The number of columns selectList() yields.
int selectCount();

} // namespace EventColumns
