#include "eventcolumns.h"

#include "searchtext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QStringBuilder>
#include <QVariant>

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace EventColumns {
namespace {

// The order here is the binding order and, after `id`, the select order.
enum Column {
    DedupKey,
    Uuid,
    EventType,
    DeviceSn,
    DeviceName,
    TimestampMs,
    TimestampInMillis,
    ReceivedAtMs,
    RecognizeStatus,
    RecognitionType,
    RecognizeScore,
    LivenessScore,
    BodyTemperature,
    Mask,
    Mode,
    Pass,
    UserPresent,
    UserId,
    UserName,
    UserType,
    IcNumber,
    JobNumber,
    UserGroups,
    UserUnknown,
    UnknownFields,
    RawFrame,
    SnapshotError,
    Backfilled,
    ColumnCount
};

const QStringList &names()
{
    static const QStringList list = {
        u"dedup_key"_s,
        u"uuid"_s,
        u"event_type"_s,
        u"device_sn"_s,
        u"device_name"_s,
        u"timestamp_ms"_s,
        u"timestamp_in_millis"_s,
        u"received_at_ms"_s,
        u"recognize_status"_s,
        u"recognition_type"_s,
        u"recognize_score"_s,
        u"liveness_score"_s,
        u"body_temperature"_s,
        u"mask"_s,
        u"mode"_s,
        u"pass"_s,
        u"user_present"_s,
        u"user_id"_s,
        u"user_name"_s,
        u"user_type"_s,
        u"ic_number"_s,
        u"job_number"_s,
        u"user_groups"_s,
        u"user_unknown"_s,
        u"unknown_fields"_s,
        u"raw_frame"_s,
        u"snapshot_error"_s,
        u"backfilled"_s,
    };
    Q_ASSERT(list.size() == ColumnCount);
    return list;
}

template<typename T> QVariant nullOf()
{
    return QVariant(QMetaType::fromType<T>());
}

template<typename T> QVariant optionalValue(const std::optional<T> &value)
{
    return value ? QVariant::fromValue(*value) : nullOf<T>();
}

// Empty text is stored as NULL: the event type does not tell "absent" from "empty" for text.
QVariant textValue(const QString &value)
{
    return value.isEmpty() ? nullOf<QString>() : QVariant(value);
}

QVariant blobValue(const QByteArray &value)
{
    return value.isEmpty() ? nullOf<QByteArray>() : QVariant(value);
}

QVariant jsonValue(const QJsonObject &object)
{
    if (object.isEmpty())
        return nullOf<QString>();
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QVariant jsonValue(const QStringList &list)
{
    if (list.isEmpty())
        return nullOf<QString>();
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

template<typename T> std::optional<T> readOptional(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.value<T>();
}

std::optional<bool> readOptionalBool(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toBool();
}

QJsonObject readJsonObject(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

QStringList readJsonStringList(const QVariant &value)
{
    if (value.isNull())
        return {};
    QStringList list;
    const QJsonArray array = QJsonDocument::fromJson(value.toString().toUtf8()).array();
    list.reserve(array.size());
    for (const auto &item : array)
        list.append(item.toString());
    return list;
}

} // namespace

QStringList eventColumns()
{
    // Written, never read back into an event: derived from the event's own fields.
    return names() + QStringList { u"search_text"_s };
}

void bindEvent(QSqlQuery &query, const RecognitionEvent &event)
{
    QVariantList values(ColumnCount);
    values[DedupKey] = event.deduplicationKey();
    values[Uuid] = textValue(event.uuid);
    values[EventType] = event.eventType;
    values[DeviceSn] = textValue(event.deviceSn);
    values[DeviceName] = textValue(event.deviceName);
    values[TimestampMs] = optionalValue(event.timestampMs);
    values[TimestampInMillis] = event.timestampInMillis;
    values[ReceivedAtMs] = event.receivedAt.isValid()
        ? QVariant(event.receivedAt.toMSecsSinceEpoch())
        : nullOf<qint64>();
    values[RecognizeStatus] = optionalValue(event.recognizeStatus);
    values[RecognitionType] = optionalValue(event.recognitionType);
    values[RecognizeScore] = optionalValue(event.recognizeScore);
    values[LivenessScore] = optionalValue(event.livenessScore);
    values[BodyTemperature] = optionalValue(event.bodyTemperature);
    values[Mask] = optionalValue(event.mask);
    values[Mode] = optionalValue(event.mode);
    values[Pass] = optionalValue(event.pass);
    values[UserPresent] = event.user.has_value();
    const RecognitionUser user = event.user.value_or(RecognitionUser {});
    values[UserId] = textValue(user.userId);
    values[UserName] = textValue(user.name);
    values[UserType] = optionalValue(user.type);
    values[IcNumber] = textValue(user.icNumber);
    values[JobNumber] = textValue(user.jobNumber);
    values[UserGroups] = jsonValue(user.groups);
    values[UserUnknown] = jsonValue(user.unknownFields);
    values[UnknownFields] = jsonValue(event.unknownFields);
    values[RawFrame] = blobValue(event.rawFrame);
    values[SnapshotError] = textValue(event.snapshotError);
    values[Backfilled] = event.backfilled;

    for (int i = 0; i < ColumnCount; ++i)
        query.bindValue(i, values.at(i));
    query.bindValue(ColumnCount,
                    event.user ? textValue(SearchText::forPerson(user.name, user.userId))
                               : nullOf<QString>());
}

QString selectList(const QString &alias, bool listing)
{
    QString list = alias % u".id"_s;
    for (int i = 0; i < ColumnCount; ++i) {
        const bool skipped = listing
            && (i == RawFrame || i == UnknownFields || i == UserGroups || i == UserUnknown
                || i == ReceivedAtMs || i == DedupKey || i == EventType);
        list += skipped ? u", NULL"_s : QString(u", "_s % alias % u'.' % names().at(i));
    }
    return list;
}

int selectCount()
{
    return ColumnCount + 1;
}

qint64 readEvent(const QSqlQuery &query, RecognitionEvent *event)
{
    const auto at = [&query](Column column) {
        return query.value(int(column) + 1);
    };

    RecognitionEvent e;
    e.eventType = at(EventType).toInt();
    e.uuid = at(Uuid).toString();
    e.deviceSn = at(DeviceSn).toString();
    e.deviceName = at(DeviceName).toString();
    e.timestampMs = readOptional<qint64>(at(TimestampMs));
    e.timestampInMillis = at(TimestampInMillis).toBool();
    if (const QVariant received = at(ReceivedAtMs); !received.isNull())
        e.receivedAt = QDateTime::fromMSecsSinceEpoch(received.toLongLong(), Qt::UTC);
    e.recognizeStatus = readOptional<int>(at(RecognizeStatus));
    e.recognitionType = readOptional<int>(at(RecognitionType));
    e.recognizeScore = readOptional<double>(at(RecognizeScore));
    e.livenessScore = readOptional<double>(at(LivenessScore));
    e.bodyTemperature = readOptional<double>(at(BodyTemperature));
    e.mask = readOptional<int>(at(Mask));
    e.mode = readOptional<int>(at(Mode));
    e.pass = readOptionalBool(at(Pass));
    if (at(UserPresent).toBool()) {
        RecognitionUser user;
        user.userId = at(UserId).toString();
        user.name = at(UserName).toString();
        user.type = readOptional<int>(at(UserType));
        user.icNumber = at(IcNumber).toString();
        user.jobNumber = at(JobNumber).toString();
        user.groups = readJsonStringList(at(UserGroups));
        user.unknownFields = readJsonObject(at(UserUnknown));
        e.user = std::move(user);
    }
    e.unknownFields = readJsonObject(at(UnknownFields));
    e.rawFrame = at(RawFrame).toByteArray();
    e.snapshotError = at(SnapshotError).toString();
    e.backfilled = at(Backfilled).toBool();

    *event = std::move(e);
    return query.value(0).toLongLong();
}

qint64 readEvent(sqlite3_stmt *statement, RecognitionEvent *event)
{
    const auto index = [](Column column) {
        return int(column) + 1;
    };
    const auto isNull = [&](Column column) {
        return sqlite3_column_type(statement, index(column)) == SQLITE_NULL;
    };
    const auto text = [&](Column column) {
        const auto *bytes
            = reinterpret_cast<const char *>(sqlite3_column_text(statement, index(column)));
        return bytes ? QString::fromUtf8(bytes, sqlite3_column_bytes(statement, index(column)))
                     : QString();
    };
    const auto integer = [&](Column column) {
        return sqlite3_column_int64(statement, index(column));
    };
    const auto optionalInt = [&](Column column) {
        return isNull(column) ? std::nullopt : std::optional<int>(int(integer(column)));
    };
    const auto optionalDouble = [&](Column column) {
        return isNull(column)
            ? std::nullopt
            : std::optional<double>(sqlite3_column_double(statement, index(column)));
    };

    RecognitionEvent e;
    e.eventType = int(integer(EventType));
    e.uuid = text(Uuid);
    e.deviceSn = text(DeviceSn);
    e.deviceName = text(DeviceName);
    if (!isNull(TimestampMs))
        e.timestampMs = integer(TimestampMs);
    e.timestampInMillis = integer(TimestampInMillis) != 0;
    if (!isNull(ReceivedAtMs))
        e.receivedAt = QDateTime::fromMSecsSinceEpoch(integer(ReceivedAtMs), Qt::UTC);
    e.recognizeStatus = optionalInt(RecognizeStatus);
    e.recognitionType = optionalInt(RecognitionType);
    e.recognizeScore = optionalDouble(RecognizeScore);
    e.livenessScore = optionalDouble(LivenessScore);
    e.bodyTemperature = optionalDouble(BodyTemperature);
    e.mask = optionalInt(Mask);
    e.mode = optionalInt(Mode);
    if (!isNull(Pass))
        e.pass = integer(Pass) != 0;
    if (integer(UserPresent) != 0) {
        RecognitionUser user;
        user.userId = text(UserId);
        user.name = text(UserName);
        user.type = optionalInt(UserType);
        user.icNumber = text(IcNumber);
        user.jobNumber = text(JobNumber);
        if (!isNull(UserGroups))
            user.groups = readJsonStringList(text(UserGroups));
        if (!isNull(UserUnknown))
            user.unknownFields = readJsonObject(text(UserUnknown));
        e.user = std::move(user);
    }
    if (!isNull(UnknownFields))
        e.unknownFields = readJsonObject(text(UnknownFields));
    if (!isNull(RawFrame)) {
        e.rawFrame
            = QByteArray(static_cast<const char *>(sqlite3_column_blob(statement, index(RawFrame))),
                         sqlite3_column_bytes(statement, index(RawFrame)));
    }
    e.snapshotError = text(SnapshotError);
    e.backfilled = integer(Backfilled) != 0;

    *event = std::move(e);
    return sqlite3_column_int64(statement, 0);
}

} // namespace EventColumns
