#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

// The enrolled person an event names. Absent for strangers.
struct RecognitionUser final
{
    QString name;
    // Older firmware sends an integer, later firmware a string; kept as text either way.
    QString userId;
    std::optional<int> type;
    QString icNumber;
    QString jobNumber;
    QStringList groups;
    // Fields of the user object this version does not understand, kept verbatim.
    QJsonObject unknownFields;

    bool operator==(const RecognitionUser &) const = default;
};

// One recognition as a terminal reported it, plus what the receiving side knows about it.
// Every field of the device's payload is optional except the envelope, because firmware
// versions differ in what they send.
struct RecognitionEvent final
{
    // Envelope `type`; 0 is the recognition event, the only one there is so far.
    int eventType = 0;

    QString deviceSn;
    std::optional<int> recognizeStatus;
    std::optional<int> recognitionType;
    std::optional<double> recognizeScore;
    std::optional<double> livenessScore;
    std::optional<double> bodyTemperature;
    std::optional<int> mask;
    std::optional<int> mode;
    std::optional<bool> pass;

    // Recognition time in Unix milliseconds. Devices send seconds; some send milliseconds,
    // which the parser recognises. `timestampInMillis` says which form arrived.
    std::optional<qint64> timestampMs;
    bool timestampInMillis = false;

    QString uuid;
    std::optional<RecognitionUser> user;

    // The decoded snapshot, byte for byte as the device encoded it. Empty when the frame had
    // none or it was unusable; `snapshotError` then says why (empty when there simply was none).
    QByteArray snapshotJpeg;
    QSize snapshotSize;
    QString snapshotError;

    // Fields of `data` this version does not understand, kept verbatim.
    QJsonObject unknownFields;
    // The frame as received, with the base64 snapshot replaced by a short placeholder so that
    // it stays small; the snapshot itself lives in `snapshotJpeg`.
    QByteArray rawFrame;

    // Receiving side.
    QString deviceName; // the configured name of the connection that received it
    QDateTime receivedAt; // UTC
    bool backfilled = false; // fetched from the device's history, not pushed live

    // Unix seconds, as the device reports time (rounded down from milliseconds).
    std::optional<qint64> timestampSeconds() const
    {
        if (!timestampMs)
            return std::nullopt;
        return *timestampMs >= 0 ? *timestampMs / 1000 : -((-*timestampMs + 999) / 1000);
    }

    // The key duplicates share: the device's uuid when it sends one, else
    // (deviceSN, timestamp, user id, status).
    QString deduplicationKey() const;

    bool operator==(const RecognitionEvent &) const = default;
};

Q_DECLARE_METATYPE(RecognitionEvent)
