#include "acknowledgementcolumns.h"

#include <QSqlQuery>
#include <QStringBuilder>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace AcknowledgementColumns {
namespace {

// The order here is the binding order and the select order.
enum Column { DedupKey, AcknowledgedAtMs, AcknowledgedBy, Note, ColumnCount };

const QStringList &names()
{
    static const QStringList list = {
        u"dedup_key"_s,
        u"acknowledged_at_ms"_s,
        u"acknowledged_by"_s,
        u"note"_s,
    };
    Q_ASSERT(list.size() == ColumnCount);
    return list;
}

} // namespace

QString table()
{
    return u"acknowledgements"_s;
}

QString keyColumn()
{
    return names().at(DedupKey);
}

QStringList columns()
{
    return names();
}

void bind(QSqlQuery &query, const Acknowledgement &ack)
{
    query.bindValue(DedupKey, ack.dedupKey);
    query.bindValue(AcknowledgedAtMs, ack.at.toMSecsSinceEpoch());
    query.bindValue(AcknowledgedBy, ack.by);
    // The column is NOT NULL: an empty note is stored as '', not as NULL.
    query.bindValue(Note, ack.note.isNull() ? u""_s : ack.note);
}

QString selectList(const QString &alias)
{
    QStringList list;
    list.reserve(ColumnCount);
    for (const QString &name : names())
        list.append(alias % u'.' % name);
    return list.join(u", "_s);
}

int selectCount()
{
    return ColumnCount;
}

std::optional<Acknowledgement> read(const QSqlQuery &query, int firstColumn)
{
    const QVariant key = query.value(firstColumn + DedupKey);
    if (key.isNull())
        return std::nullopt;
    Acknowledgement ack;
    ack.dedupKey = key.toString();
    ack.at = QDateTime::fromMSecsSinceEpoch(
        query.value(firstColumn + AcknowledgedAtMs).toLongLong(), Qt::UTC);
    ack.by = query.value(firstColumn + AcknowledgedBy).toString();
    ack.note = query.value(firstColumn + Note).toString();
    return ack;
}

} // namespace AcknowledgementColumns
