#include "recognitioncolumns.h"

#include "event/eventlabels.h"
#include "event/recognitionevent.h"
#include "model/recognitionmodel.h"
#include "model/recognitionroles.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;
using namespace RecognitionRoles;

namespace {
template<typename T> QVariant optionalVariant(const std::optional<T> &value)
{
    return value ? QVariant::fromValue(*value) : QVariant();
}

// Seconds matter to a guard comparing with a camera's clock, and an ISO-like order reads the
// same in every locale.
QString formatLocalTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString formatScore(const std::optional<double> &score)
{
    return score ? QLocale().toString(*score, 'g', 4) : QString();
}
} // namespace

qint64 RecognitionColumns::timestampOf(const RecognitionEvent &event)
{
    if (event.timestampMs)
        return *event.timestampMs;
    return event.receivedAt.isValid() ? event.receivedAt.toMSecsSinceEpoch() : 0;
}

bool RecognitionColumns::isNumeric(int column)
{
    return column == RecognitionModel::Score || column == RecognitionModel::Liveness
        || column == RecognitionModel::Temperature;
}

QVariant RecognitionColumns::display(const RecognitionEvent &event, int column)
{
    switch (column) {
    case RecognitionModel::Time:
        return formatLocalTime(timestampOf(event));
    case RecognitionModel::Device:
        return event.deviceName.isEmpty() ? event.deviceSn : event.deviceName;
    case RecognitionModel::Name:
        if (event.user && !event.user->name.isEmpty())
            return event.user->name;
        if (AlertRules::reasons(event).testFlag(AlertRules::Reason::Stranger))
            return tr("Stranger");
        return QString();
    case RecognitionModel::UserId:
        return event.user ? event.user->userId : QString();
    case RecognitionModel::Status:
        return EventLabels::statusLabel(event);
    case RecognitionModel::Score:
        return formatScore(event.recognizeScore);
    case RecognitionModel::Liveness:
        return formatScore(event.livenessScore);
    case RecognitionModel::Mask:
        return EventLabels::mask(event.mask);
    case RecognitionModel::Mode:
        return EventLabels::mode(event.mode);
    case RecognitionModel::Pass:
        return EventLabels::pass(event.pass);
    case RecognitionModel::Temperature:
        return event.bodyTemperature
            ? tr("%1 °C").arg(QLocale().toString(*event.bodyTemperature, 'f', 1))
            : QString();
    default:
        return {};
    }
}

QVariant RecognitionColumns::toolTip(const RecognitionEvent &event, int column,
                                     AlertRules::Reasons alertReasons)
{
    switch (column) {
    case RecognitionModel::Time: {
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(timestampOf(event)).toLocalTime();
        QString text = QLocale().toString(local, QLocale::LongFormat);
        if (event.receivedAt.isValid())
            text += u'\n'
                + tr("Received %1")
                      .arg(QLocale().toString(event.receivedAt.toLocalTime(), QLocale::LongFormat));
        if (event.backfilled)
            text += u'\n' + tr("Fetched from the device's history");
        return text;
    }
    case RecognitionModel::Device:
        return event.deviceSn.isEmpty() ? QVariant() : tr("Serial number %1").arg(event.deviceSn);
    case RecognitionModel::Status: {
        QStringList lines;
        if (event.recognizeStatus)
            lines << tr("Status: %1").arg(EventLabels::recognizeStatus(*event.recognizeStatus));
        if (event.recognitionType)
            lines << tr("Type: %1").arg(EventLabels::recognitionType(*event.recognitionType));
        const QStringList reasons = AlertRules::describe(AlertRules::reasons(event) & alertReasons);
        if (!reasons.isEmpty())
            lines << tr("Alert: %1").arg(reasons.join(u", "_s));
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(u'\n'));
    }
    case RecognitionModel::Mode:
        return event.mode ? QVariant(EventLabels::modeDescription(*event.mode)) : QVariant();
    case RecognitionModel::Name:
        if (!event.snapshotError.isEmpty())
            return tr("Snapshot unusable: %1").arg(event.snapshotError);
        return {};
    default:
        return {};
    }
}

QVariant RecognitionColumns::sortValue(const RecognitionEvent &event, int column)
{
    switch (column) {
    case RecognitionModel::Time:
        return timestampOf(event);
    case RecognitionModel::Score:
        return event.recognizeScore.value_or(-1.0);
    case RecognitionModel::Liveness:
        return event.livenessScore.value_or(-1.0);
    case RecognitionModel::Temperature:
        return event.bodyTemperature.value_or(-1000.0);
    case RecognitionModel::Mask:
        return event.mask.value_or(-1);
    case RecognitionModel::Mode:
        return event.mode.value_or(-1);
    case RecognitionModel::Pass:
        return event.pass ? (*event.pass ? 1 : 0) : -1;
    default:
        return display(event, column);
    }
}

QVariant RecognitionColumns::header(int column)
{
    switch (column) {
    case RecognitionModel::Time:
        return tr("Time");
    case RecognitionModel::Device:
        return tr("Device");
    case RecognitionModel::Name:
        return tr("Name");
    case RecognitionModel::UserId:
        return tr("User ID");
    case RecognitionModel::Status:
        return tr("Status");
    case RecognitionModel::Score:
        return tr("Score");
    case RecognitionModel::Liveness:
        return tr("Liveness");
    case RecognitionModel::Mask:
        return tr("Mask");
    case RecognitionModel::Mode:
        return tr("Mode");
    case RecognitionModel::Pass:
        return tr("Pass");
    case RecognitionModel::Temperature:
        return tr("Temperature");
    default:
        return {};
    }
}

QVariant RecognitionColumns::data(const RecognitionEvent &event, int column, int role,
                                  AlertRules::Reasons alertReasons, const RowState &row)
{
    switch (role) {
    case Qt::DisplayRole:
        return display(event, column);
    case Qt::ToolTipRole:
        return toolTip(event, column, alertReasons);
    case Qt::DecorationRole:
        // The face beside the name; the gallery's delegate uses ThumbnailRole.
        if (column == RecognitionModel::Name && row.hasSnapshot && row.thumbnail) {
            const QImage image = row.thumbnail();
            return image.isNull() ? QVariant() : QVariant(image);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (isNumeric(column))
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case RecognitionRoles::ThumbnailRole:
        return row.hasSnapshot && row.thumbnail ? row.thumbnail() : QImage();
    case RecognitionRoles::HasSnapshotRole:
        return row.hasSnapshot;
    case RecognitionRoles::ThumbnailFailedRole:
        return row.thumbnailFailed;
    case RecognitionRoles::SequenceRole:
        return row.sequence;
    case RecognitionRoles::SortRole:
        return sortValue(event, column);
    default:
        return roleData(event, role, alertReasons);
    }
}

QVariant RecognitionColumns::roleData(const RecognitionEvent &event, int role,
                                      AlertRules::Reasons alertReasons)
{
    switch (role) {
    case EventRole:
        return QVariant::fromValue(event);
    case BackfilledRole:
        return event.backfilled;
    case TimestampRole:
        return timestampOf(event);
    case ReceivedAtRole:
        return event.receivedAt.isValid() ? QVariant(event.receivedAt.toMSecsSinceEpoch())
                                          : QVariant();
    case DeviceNameRole:
        return event.deviceName;
    case DeviceSnRole:
        return event.deviceSn;
    case PersonNameRole:
        return event.user ? event.user->name : QString();
    case UserIdRole:
        return event.user ? event.user->userId : QString();
    case StatusCodeRole:
        return optionalVariant(event.recognizeStatus);
    case RecognitionTypeRole:
        return optionalVariant(event.recognitionType);
    case StatusLabelRole:
        return EventLabels::statusLabel(event);
    case PassRole:
        return optionalVariant(event.pass);
    case AlertRole:
        return isAlert(event, alertReasons);
    case AlertReasonsRole:
        return int((AlertRules::reasons(event) & alertReasons).toInt());
    case ScoreRole:
        return optionalVariant(event.recognizeScore);
    case LivenessScoreRole:
        return optionalVariant(event.livenessScore);
    case TemperatureRole:
        return optionalVariant(event.bodyTemperature);
    case MaskRole:
        return optionalVariant(event.mask);
    case ModeRole:
        return optionalVariant(event.mode);
    default:
        return {};
    }
}

QHash<int, QByteArray> RecognitionColumns::roleNames()
{
    QHash<int, QByteArray> names;
    names.insert({ { EventRole, "event" },
                   { TimestampRole, "timestamp" },
                   { ReceivedAtRole, "receivedAt" },
                   { DeviceNameRole, "deviceName" },
                   { DeviceSnRole, "deviceSn" },
                   { PersonNameRole, "personName" },
                   { UserIdRole, "userId" },
                   { StatusCodeRole, "statusCode" },
                   { RecognitionTypeRole, "recognitionType" },
                   { StatusLabelRole, "statusLabel" },
                   { PassRole, "pass" },
                   { AlertRole, "alert" },
                   { AlertReasonsRole, "alertReasons" },
                   { ThumbnailRole, "thumbnail" },
                   { HasSnapshotRole, "hasSnapshot" },
                   { ScoreRole, "score" },
                   { LivenessScoreRole, "livenessScore" },
                   { TemperatureRole, "temperature" },
                   { MaskRole, "mask" },
                   { ModeRole, "mode" },
                   { SequenceRole, "sequence" },
                   { SortRole, "sort" },
                   { ThumbnailFailedRole, "thumbnailFailed" },
                   { BackfilledRole, "backfilled" } });
    return names;
}
