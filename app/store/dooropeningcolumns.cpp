#include "dooropeningcolumns.h"

#include <QSqlQuery>
#include <QStringBuilder>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace DoorOpeningColumns {
namespace {

// The order here is the binding order and the select order.
enum Column {
    RequestId,
    DedupKey,
    DeviceName,
    DeviceSn,
    OpenMode,
    RequestedAtMs,
    RequestedBy,
    FinishedAtMs,
    Opened,
    Result,
    ColumnCount
};

const QStringList &names()
{
    static const QStringList list = {
        u"request_id"_s, u"dedup_key"_s,       u"device_name"_s,  u"device_sn"_s,
        u"open_mode"_s,  u"requested_at_ms"_s, u"requested_by"_s, u"finished_at_ms"_s,
        u"opened"_s,     u"result"_s,
    };
    Q_ASSERT(list.size() == ColumnCount);
    return list;
}

QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

QString table()
{
    return u"door_openings"_s;
}

QString keyColumn()
{
    return names().at(RequestId);
}

QString eventColumn()
{
    return names().at(DedupKey);
}

QString timeColumn()
{
    return names().at(RequestedAtMs);
}

QStringList columns()
{
    return names();
}

QStringList outcomeColumns()
{
    return { names().at(FinishedAtMs), names().at(Opened), names().at(Result) };
}

void bind(QSqlQuery &query, const DoorOpening &entry)
{
    query.bindValue(RequestId, entry.requestId);
    query.bindValue(DedupKey, entry.dedupKey);
    query.bindValue(DeviceName, entry.deviceName.isNull() ? u""_s : entry.deviceName);
    query.bindValue(DeviceSn, nullableText(entry.deviceSn));
    query.bindValue(OpenMode, entry.openMode);
    query.bindValue(RequestedAtMs, entry.requestedAt.toMSecsSinceEpoch());
    query.bindValue(RequestedBy, entry.requestedBy);
    // NULL until the outcome is known.
    query.bindValue(FinishedAtMs,
                    entry.hasOutcome() ? QVariant(entry.finishedAt.toMSecsSinceEpoch())
                                       : QVariant(QMetaType::fromType<qint64>()));
    query.bindValue(Opened,
                    entry.hasOutcome() ? QVariant(entry.opened)
                                       : QVariant(QMetaType::fromType<bool>()));
    query.bindValue(Result,
                    entry.hasOutcome() ? QVariant(entry.result)
                                       : QVariant(QMetaType::fromType<QString>()));
}

QString selectList(const QString &alias)
{
    QStringList list;
    list.reserve(ColumnCount);
    for (const QString &name : names())
        list.append(alias % u'.' % name);
    return list.join(u", "_s);
}

DoorOpening read(const QSqlQuery &query, int firstColumn)
{
    DoorOpening entry;
    entry.requestId = query.value(firstColumn + RequestId).toString();
    entry.dedupKey = query.value(firstColumn + DedupKey).toString();
    entry.deviceName = query.value(firstColumn + DeviceName).toString();
    entry.deviceSn = query.value(firstColumn + DeviceSn).toString();
    entry.openMode = query.value(firstColumn + OpenMode).toInt();
    entry.requestedAt = QDateTime::fromMSecsSinceEpoch(
        query.value(firstColumn + RequestedAtMs).toLongLong(), Qt::UTC);
    entry.requestedBy = query.value(firstColumn + RequestedBy).toString();
    const QVariant finished = query.value(firstColumn + FinishedAtMs);
    if (!finished.isNull()) {
        entry.finishedAt = QDateTime::fromMSecsSinceEpoch(finished.toLongLong(), Qt::UTC);
        entry.opened = query.value(firstColumn + Opened).toBool();
        entry.result = query.value(firstColumn + Result).toString();
    }
    return entry;
}

} // namespace DoorOpeningColumns
