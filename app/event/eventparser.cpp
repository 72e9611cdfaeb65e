#include "eventparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QStringBuilder>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

// Strings longer than this in unknown fields or in rawFrame are replaced by a placeholder:
// plenty for any identifier or note, far below what would bloat the store.
constexpr qsizetype MaxKeptStringLength = qsizetype { 64 } * 1024;
// Unix milliseconds of 9999-12-31T23:59:59.999Z: anything beyond is not a time.
constexpr qint64 MaxTimestampMs = 253'402'300'799'999;
// Larger values than this (in seconds) can only be milliseconds: 1e11 s is the year 5138.
constexpr double MillisecondThreshold = 1e11;

// How a JSON value looks, for warnings and reasons.
QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return EventParser::tr("null");
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::String: {
        const QString text = value.toString();
        if (text.size() > 32)
            return EventParser::tr("a string of %1 characters").arg(text.size());
        return EventParser::tr("the string \"%1\"").arg(text);
    }
    case QJsonValue::Array:
        return EventParser::tr("an array");
    case QJsonValue::Object:
        return EventParser::tr("an object");
    case QJsonValue::Undefined:
        break;
    }
    return EventParser::tr("nothing");
}

std::optional<qint64> integerOf(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    // 9.2e18 keeps the conversion below inside qint64.
    if (!std::isfinite(number) || number != std::trunc(number) || std::abs(number) > 9.2e18)
        return std::nullopt;
    return value.toInteger(static_cast<qint64>(number));
}

// Replaces oversized strings, recursively, so that what is kept verbatim stays bounded.
QJsonValue bounded(const QJsonValue &value, bool *changed)
{
    switch (value.type()) {
    case QJsonValue::String:
        if (value.toString().size() > MaxKeptStringLength) {
            *changed = true;
            return u"<string of %1 characters>"_s.arg(value.toString().size());
        }
        return value;
    case QJsonValue::Array: {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonValue element = array.at(i);
            if (element.isString() || element.isArray() || element.isObject())
                array.replace(i, bounded(element, changed));
        }
        return array;
    }
    case QJsonValue::Object: {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QJsonValue element = it.value();
            if (element.isString() || element.isArray() || element.isObject())
                it.value() = bounded(element, changed);
        }
        return object;
    }
    default:
        return value;
    }
}

bool isKnownDataField(QStringView key)
{
    static constexpr auto known = std::to_array<QLatin1StringView>({
        "deviceSN"_L1,
        "TrackID"_L1,
        "recognizeStatus"_L1,
        "recognitionType"_L1,
        "recognizeScore"_L1,
        "livenessScore"_L1,
        "bodyTemperature"_L1,
        "mask"_L1,
        "mode"_L1,
        "pass"_L1,
        "timestamp"_L1,
        "uuid"_L1,
        "user"_L1,
        "rgb_image"_L1,
    });
    return std::find(known.cbegin(), known.cend(), key) != known.cend();
}

bool isKnownUserField(QStringView key)
{
    static constexpr auto known = std::to_array<QLatin1StringView>({
        "name"_L1,
        "user_id"_L1,
        "type"_L1,
        "ic_number"_L1,
        "job_number"_L1,
        "groups"_L1,
    });
    return std::find(known.cbegin(), known.cend(), key) != known.cend();
}

// The state of one data object being read: the event so far and what was wrong with it.
class DataReader final
{
public:
    DataReader(const SnapshotLimits &limits, QStringList &warnings)
        : m_limits(limits)
        , m_warnings(warnings)
    { }

    RecognitionEvent read(const QJsonObject &data, QJsonObject *rawData);

private:
    void warn(QString text) { m_warnings.append(std::move(text)); }
    std::optional<int> readInt(const QString &key, const QJsonValue &value);
    std::optional<double> readNumber(const QString &key, const QJsonValue &value);
    QString readText(const QString &key, const QJsonValue &value);
    std::optional<bool> readPass(const QString &key, const QJsonValue &value);
    void readTimestamp(const QString &key, const QJsonValue &value, RecognitionEvent &event);
    std::optional<RecognitionUser> readUser(const QJsonValue &value);
    QStringList readGroups(const QString &key, const QJsonValue &value);
    // Returns the placeholder that stands for the snapshot in rawFrame.
    QJsonValue readSnapshot(const QJsonValue &value, RecognitionEvent &event);
    QJsonValue keep(const QString &key, const QJsonValue &value);

    const SnapshotLimits &m_limits;
    QStringList &m_warnings;
};

std::optional<int> DataReader::readInt(const QString &key, const QJsonValue &value)
{
    const auto integer = integerOf(value);
    if (!integer || *integer < std::numeric_limits<int>::min()
        || *integer > std::numeric_limits<int>::max()) {
        warn(EventParser::tr("`%1` should be an integer but is %2; ignored")
                 .arg(key, describe(value)));
        return std::nullopt;
    }
    return int(*integer);
}

std::optional<double> DataReader::readNumber(const QString &key, const QJsonValue &value)
{
    // A JSON number is always finite once parsed, but a number too large for a double would
    // be infinite: that is no score.
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        warn(EventParser::tr("`%1` should be a number but is %2; ignored")
                 .arg(key, describe(value)));
        return std::nullopt;
    }
    return value.toDouble();
}

QString DataReader::readText(const QString &key, const QJsonValue &value)
{
    if (value.isString()) {
        QString text = value.toString();
        if (text.size() > EventParser::MaxTextLength) {
            warn(EventParser::tr("`%1` is %2 characters long, more than the limit of %3; ignored")
                     .arg(key)
                     .arg(text.size())
                     .arg(EventParser::MaxTextLength));
            return {};
        }
        return text;
    }
    // Firmware versions disagree about ids being numbers or strings; both are text to us.
    if (const auto integer = integerOf(value))
        return QString::number(*integer);
    warn(EventParser::tr("`%1` should be a string but is %2; ignored").arg(key, describe(value)));
    return {};
}

std::optional<bool> DataReader::readPass(const QString &key, const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool();
    // Some firmware sends 0/1.
    if (const auto integer = integerOf(value); integer && (*integer == 0 || *integer == 1))
        return *integer == 1;
    warn(EventParser::tr("`%1` should be true or false but is %2; ignored")
             .arg(key, describe(value)));
    return std::nullopt;
}

void DataReader::readTimestamp(const QString &key, const QJsonValue &value, RecognitionEvent &event)
{
    double number = std::numeric_limits<double>::quiet_NaN();
    if (value.isDouble()) {
        number = value.toDouble();
    } else if (value.isString()) {
        bool ok = false;
        number = value.toString().trimmed().toDouble(&ok);
        if (!ok)
            number = std::numeric_limits<double>::quiet_NaN();
    }
    if (!std::isfinite(number)) {
        warn(EventParser::tr("`%1` should be a number of seconds but is %2; ignored")
                 .arg(key, describe(value)));
        return;
    }
    const bool millis = std::abs(number) > MillisecondThreshold;
    const double ms = millis ? number : number * 1000.0;
    if (std::abs(ms) > double(MaxTimestampMs)) {
        warn(EventParser::tr("`%1` is %2, out of range for a time; ignored")
                 .arg(key, describe(value)));
        return;
    }
    const auto exact = millis ? integerOf(value) : std::nullopt;
    event.timestampMs = exact ? *exact : std::llround(ms);
    event.timestampInMillis = millis;
}

QStringList DataReader::readGroups(const QString &key, const QJsonValue &value)
{
    if (value.isString())
        return { readText(key, value) };
    if (!value.isArray()) {
        warn(EventParser::tr("`%1` should be an array but is %2; ignored")
                 .arg(key, describe(value)));
        return {};
    }
    QStringList groups;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue element = array.at(i);
        const QString elementKey = key % u'[' % QString::number(i) % u']';
        if (element.isObject()) {
            // Group objects carry a name and an id under varying keys; the name is what a
            // person reads, the id the next best thing.
            const QJsonObject group = element.toObject();
            QString text;
            for (const auto name : { "name"_L1, "group_name"_L1, "groupName"_L1, "id"_L1,
                                     "group_id"_L1, "groupId"_L1 }) {
                const QJsonValue candidate = group.value(name);
                if (candidate.isString() || integerOf(candidate)) {
                    text = readText(elementKey % u'.' % name, candidate);
                    break;
                }
            }
            if (text.isEmpty()) {
                const QByteArray json = QJsonDocument(group).toJson(QJsonDocument::Compact);
                text = json.size() <= EventParser::MaxTextLength ? QString::fromUtf8(json)
                                                                 : QString();
            }
            if (!text.isEmpty())
                groups.append(text);
            else
                warn(EventParser::tr("`%1` names no group; ignored").arg(elementKey));
            continue;
        }
        const QString text = readText(elementKey, element);
        if (!text.isEmpty())
            groups.append(text);
    }
    return groups;
}

std::optional<RecognitionUser> DataReader::readUser(const QJsonValue &value)
{
    // Strangers come without a user: absent, null, or (on some firmware) an empty object.
    if (value.isNull() || value.isUndefined())
        return std::nullopt;
    if (!value.isObject()) {
        warn(EventParser::tr("`user` should be an object but is %1; ignored").arg(describe(value)));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    if (object.isEmpty())
        return std::nullopt;

    RecognitionUser user;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        const QJsonValue field = it.value();
        const QString path = u"user."_s + key;
        if (!isKnownUserField(key)) {
            user.unknownFields.insert(key, keep(path, field));
            continue;
        }
        // A null field is a field the device did not fill in.
        if (field.isNull())
            continue;
        if (key == "name"_L1)
            user.name = readText(path, field);
        else if (key == "user_id"_L1)
            user.userId = readText(path, field);
        else if (key == "type"_L1)
            user.type = readInt(path, field);
        else if (key == "ic_number"_L1)
            user.icNumber = readText(path, field);
        else if (key == "job_number"_L1)
            user.jobNumber = readText(path, field);
        else if (key == "groups"_L1)
            user.groups = readGroups(path, field);
    }
    return user;
}

QJsonValue DataReader::readSnapshot(const QJsonValue &value, RecognitionEvent &event)
{
    if (value.isNull() || (value.isString() && value.toString().isEmpty()))
        return value;
    if (!value.isString()) {
        event.snapshotError
            = EventParser::tr("snapshot is %1, not a base64 string").arg(describe(value));
        return keep(u"rgb_image"_s, value);
    }
    const QString text = value.toString();
    const auto unusable = [&text] {
        return QJsonValue(u"<unusable snapshot of %1 characters>"_s.arg(text.size()));
    };
    // Checked before decoding so that an oversized image costs no second copy. The slack
    // covers a data URL header.
    if (text.size() > m_limits.maxBytes / 3 * 4 + 4 + 128) {
        event.snapshotError = EventParser::tr("snapshot is larger than the limit of %1 bytes")
                                  .arg(m_limits.maxBytes);
        return unusable();
    }
    QString error;
    const auto bytes = Snapshot::decodeBase64Strict(QStringView(text), &error);
    if (!bytes) {
        event.snapshotError = EventParser::tr("snapshot is not valid base64: %1").arg(error);
        return unusable();
    }
    const JpegInfo info = Snapshot::inspectJpeg(*bytes, m_limits);
    if (!info.ok) {
        event.snapshotError = info.error;
        return unusable();
    }
    event.snapshotJpeg = *bytes;
    event.snapshotSize = info.size;
    return u"<jpeg %1 bytes>"_s.arg(bytes->size());
}

QJsonValue DataReader::keep(const QString &key, const QJsonValue &value)
{
    bool changed = false;
    QJsonValue kept = bounded(value, &changed);
    if (changed)
        warn(EventParser::tr("`%1` holds text longer than %2 characters; replaced by a "
                             "placeholder")
                 .arg(key)
                 .arg(MaxKeptStringLength));
    return kept;
}

RecognitionEvent DataReader::read(const QJsonObject &data, QJsonObject *rawData)
{
    RecognitionEvent event;
    QString trackId;
    for (auto it = data.begin(); it != data.end(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        if (key == "rgb_image"_L1) {
            rawData->insert(key, readSnapshot(value, event));
            continue;
        }
        bool unused = false;
        rawData->insert(key, bounded(value, &unused));
        if (!isKnownDataField(key)) {
            event.unknownFields.insert(key, keep(key, value));
            continue;
        }
        // A null field is a field the device did not fill in.
        if (value.isNull())
            continue;
        if (key == "deviceSN"_L1)
            event.deviceSn = readText(key, value);
        else if (key == "TrackID"_L1)
            trackId = readText(key, value);
        else if (key == "recognizeStatus"_L1)
            event.recognizeStatus = readInt(key, value);
        else if (key == "recognitionType"_L1)
            event.recognitionType = readInt(key, value);
        else if (key == "recognizeScore"_L1)
            event.recognizeScore = readNumber(key, value);
        else if (key == "livenessScore"_L1)
            event.livenessScore = readNumber(key, value);
        else if (key == "bodyTemperature"_L1)
            event.bodyTemperature = readNumber(key, value);
        else if (key == "mask"_L1)
            event.mask = readInt(key, value);
        else if (key == "mode"_L1)
            event.mode = readInt(key, value);
        else if (key == "pass"_L1)
            event.pass = readPass(key, value);
        else if (key == "timestamp"_L1)
            readTimestamp(key, value, event);
        else if (key == "uuid"_L1)
            event.uuid = readText(key, value);
        else if (key == "user"_L1)
            event.user = readUser(value);
    }
    // Firmware before v0.0.8 called the serial number TrackID. When a frame has both, TrackID
    // means something else and is kept as an unknown field.
    if (!trackId.isEmpty()) {
        if (event.deviceSn.isEmpty())
            event.deviceSn = trackId;
        else
            event.unknownFields.insert(u"TrackID"_s, trackId);
    }
    return event;
}

ParseOutcome rejection(ParseError error, QString reason)
{
    ParseOutcome outcome;
    outcome.error = error;
    outcome.reason = std::move(reason);
    return outcome;
}

} // namespace

EventParser::EventParser(const SnapshotLimits &limits)
    : m_limits(limits)
{ }

qsizetype EventParser::maxFrameBytes() const
{
    // The base64 of the largest allowed snapshot plus a generous megabyte for everything else.
    return (m_limits.maxBytes + 2) / 3 * 4 + qsizetype { 1024 } * 1024;
}

ParseOutcome EventParser::parse(QByteArrayView frame) const
{
    if (frame.size() > maxFrameBytes())
        return rejection(ParseError::TooLarge,
                         tr("frame is %1 bytes, more than the limit of %2 bytes")
                             .arg(frame.size())
                             .arg(maxFrameBytes()));
    if (frame.isEmpty())
        return rejection(ParseError::NotJson, tr("not JSON: the frame is empty"));
    // JSON text never contains a raw NUL; the check also keeps C-string handling anywhere
    // downstream from seeing a shortened frame.
    if (const qsizetype nul = frame.indexOf('\0'); nul >= 0)
        return rejection(ParseError::NotJson, tr("not JSON: NUL byte at offset %1").arg(nul));
    if (!frame.isValidUtf8())
        return rejection(ParseError::NotJson, tr("not JSON: the frame is not valid UTF-8"));

    QJsonParseError parseError;
    // fromRawData: no copy of a frame that may be megabytes.
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray::fromRawData(frame.data(), frame.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return rejection(
            ParseError::NotJson,
            tr("not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    if (!document.isObject())
        return rejection(ParseError::NotAnObject,
                         document.isArray() ? tr("not a JSON object but an array")
                                            : tr("not a JSON object"));
    const QJsonObject envelope = document.object();

    const QJsonValue type = envelope.value("type"_L1);
    if (type.isUndefined())
        return rejection(ParseError::MissingType, tr("`type` is missing"));
    const auto typeNumber = integerOf(type);
    if (!typeNumber)
        return rejection(ParseError::InvalidType,
                         tr("`type` is not an integer but %1").arg(describe(type)));
    if (*typeNumber != 0)
        return rejection(ParseError::UnsupportedEventType,
                         tr("unsupported event type %1").arg(*typeNumber));

    const QJsonValue data = envelope.value("data"_L1);
    if (data.isUndefined())
        return rejection(ParseError::MissingData, tr("`data` is missing"));
    if (!data.isObject())
        return rejection(ParseError::InvalidData,
                         tr("`data` is not an object but %1").arg(describe(data)));

    ParseOutcome outcome;
    QJsonObject rawData;
    DataReader reader(m_limits, outcome.warnings);
    RecognitionEvent event = reader.read(data.toObject(), &rawData);
    event.eventType = int(*typeNumber);

    QJsonObject rawEnvelope;
    for (auto it = envelope.begin(); it != envelope.end(); ++it) {
        bool unused = false;
        rawEnvelope.insert(
            it.key(), it.key() == "data"_L1 ? QJsonValue(rawData) : bounded(it.value(), &unused));
    }
    event.rawFrame = QJsonDocument(rawEnvelope).toJson(QJsonDocument::Compact);
    outcome.event = std::move(event);
    return outcome;
}

ParseOutcome EventParser::parseData(const QJsonObject &data) const
{
    ParseOutcome outcome;
    QJsonObject rawData;
    DataReader reader(m_limits, outcome.warnings);
    RecognitionEvent event = reader.read(data, &rawData);
    event.eventType = 0;
    const QJsonObject rawEnvelope { { u"type"_s, 0 }, { u"data"_s, rawData } };
    event.rawFrame = QJsonDocument(rawEnvelope).toJson(QJsonDocument::Compact);
    outcome.event = std::move(event);
    return outcome;
}
