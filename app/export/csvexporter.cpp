#include "csvexporter.h"

#include "csvwriter.h"
#include "event/eventlabels.h"
#include "store/eventreader.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QSaveFile>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcExport, "gatewatch.export", QtInfoMsg)

namespace {

// How often (in rows) progress is reported and cancellation checked.
constexpr qint64 progressEvery = 256;

template<typename T> QString number(const std::optional<T> &value)
{
    return value ? QString::number(*value) : QString();
}

// The shortest text that reads back as exactly the same double, always with '.' whatever the
// locale.
QString number(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'g', QLocale::FloatingPointShortest) : QString();
}

QString boolean(std::optional<bool> value)
{
    if (!value)
        return {};
    return *value ? u"true"_s : u"false"_s;
}

// ISO 8601 in UTC with 'Z'; milliseconds only when the device sent them.
QString isoTime(const RecognitionEvent &event)
{
    if (!event.timestampMs)
        return {};
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(*event.timestampMs, Qt::UTC);
    return time.toString(event.timestampInMillis ? Qt::ISODateWithMs : Qt::ISODate);
}

bool writeImage(const QString &path, const QByteArray &bytes, QString *error)
{
    // A plain file, not QSaveFile: QSaveFile syncs every file to disk, which makes exporting
    // tens of thousands of snapshots take minutes. A partly written picture is removed instead.
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size()
        || !file.flush()) {
        *error = file.errorString();
        file.close();
        file.remove();
        return false;
    }
    return true;
}

} // namespace

QStringList CsvExporter::columns()
{
    return {
        u"timestamp"_s,
        u"time"_s,
        u"device_sn"_s,
        u"device"_s,
        u"recognize_status"_s,
        u"status"_s,
        u"recognition_type"_s,
        u"recognize_score"_s,
        u"liveness_score"_s,
        u"body_temperature"_s,
        u"mask"_s,
        u"mode"_s,
        u"pass"_s,
        u"user_id"_s,
        u"user_name"_s,
        u"user_type"_s,
        u"ic_number"_s,
        u"job_number"_s,
        u"uuid"_s,
        u"backfilled"_s,
        u"snapshot_error"_s,
        u"image_file"_s,
    };
}

QString CsvExporter::imageFileName(const QString &deviceSn, std::optional<qint64> unixSeconds,
                                   qint64 rowId)
{
    QString sn = deviceSn.left(64);
    for (QChar &c : sn) {
        const bool safe = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')
            || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
        if (!safe)
            c = u'_';
    }
    // A leading '-' would read as an option to command-line tools.
    if (sn.startsWith(u'-'))
        sn[0] = u'_';
    if (sn.isEmpty())
        sn = u"unknown"_s;
    const QString time = unixSeconds ? QString::number(*unixSeconds) : u"notime"_s;
    return sn + u'_' + time + u'_' + QString::number(rowId) + u".jpg"_s;
}

ExportResult CsvExporter::run(const ExportOptions &options,
                              const std::function<bool(qint64, qint64)> &progress)
{
    ExportResult result;
    const auto fail = [&result](const QString &message) {
        result.ok = false;
        result.error = message;
        return result;
    };

    EventReader reader;
    QString error;
    if (!reader.open(options.databasePath, &error))
        return fail(error);
    const qint64 total = reader.count(options.filter, &error);
    if (total < 0)
        return fail(tr("Cannot count the events to export: %1").arg(error));

    QDir imagesDir;
    const bool withImages = !options.imagesDir.isEmpty();
    if (withImages) {
        if (!QDir().mkpath(options.imagesDir))
            return fail(tr("Cannot create the image directory %1.").arg(options.imagesDir));
        imagesDir.setPath(options.imagesDir);
    }

    QSaveFile file(options.outputFile);
    if (!file.open(QIODevice::WriteOnly))
        return fail(tr("Cannot write %1: %2").arg(options.outputFile, file.errorString()));

    CsvWriter writer(&file);
    if ((options.excelBom && !writer.writeBom())
        || !writer.writeRow(columns(), CsvWriter::FieldKind::Literal)) {
        file.cancelWriting();
        return fail(tr("Cannot write %1: %2").arg(options.outputFile, writer.errorString()));
    }

    if (progress && !progress(0, total)) {
        file.cancelWriting();
        return fail(tr("The export was cancelled."));
    }

    QString rowError;
    bool cancelled = false;
    using Kind = CsvWriter::FieldKind;
    const bool read = reader.forEach(
        options.filter, withImages,
        [&](const StoredEventRow &row) {
            const RecognitionEvent &event = row.event;
            QString imageFile;
            if (withImages && !event.snapshotJpeg.isEmpty()) {
                imageFile = imageFileName(event.deviceSn, event.timestampSeconds(), row.id);
                QString imageError;
                if (!writeImage(imagesDir.filePath(imageFile), event.snapshotJpeg, &imageError)) {
                    rowError = tr("Cannot write the image %1: %2")
                                   .arg(imagesDir.filePath(imageFile), imageError);
                    return false;
                }
                ++result.images;
            }

            const std::optional<RecognitionUser> &user = event.user;
            writer.addField(number(event.timestampSeconds()), Kind::Literal);
            writer.addField(isoTime(event), Kind::Literal);
            writer.addField(event.deviceSn, Kind::Text);
            writer.addField(event.deviceName, Kind::Text);
            writer.addField(number(event.recognizeStatus), Kind::Literal);
            writer.addField(EventLabels::statusLabel(event), Kind::Text);
            writer.addField(number(event.recognitionType), Kind::Literal);
            writer.addField(number(event.recognizeScore), Kind::Literal);
            writer.addField(number(event.livenessScore), Kind::Literal);
            writer.addField(number(event.bodyTemperature), Kind::Literal);
            writer.addField(number(event.mask), Kind::Literal);
            writer.addField(number(event.mode), Kind::Literal);
            writer.addField(boolean(event.pass), Kind::Literal);
            writer.addField(user ? user->userId : QString(), Kind::Text);
            writer.addField(user ? user->name : QString(), Kind::Text);
            writer.addField(user ? number(user->type) : QString(), Kind::Literal);
            writer.addField(user ? user->icNumber : QString(), Kind::Text);
            writer.addField(user ? user->jobNumber : QString(), Kind::Text);
            writer.addField(event.uuid, Kind::Text);
            writer.addField(boolean(event.backfilled), Kind::Literal);
            writer.addField(event.snapshotError, Kind::Text);
            writer.addField(imageFile, Kind::Text);
            if (!writer.endRow()) {
                rowError = tr("Cannot write %1: %2").arg(options.outputFile, writer.errorString());
                return false;
            }
            ++result.rows;
            if (progress && result.rows % progressEvery == 0 && !progress(result.rows, total)) {
                cancelled = true;
                return false;
            }
            return true;
        },
        &error);

    if (!read) {
        file.cancelWriting();
        return fail(tr("Cannot read the events: %1").arg(error));
    }
    if (!rowError.isEmpty()) {
        file.cancelWriting();
        return fail(rowError);
    }
    if (cancelled || (progress && !progress(result.rows, total))) {
        file.cancelWriting();
        return fail(tr("The export was cancelled."));
    }
    if (!file.commit())
        return fail(tr("Cannot write %1: %2").arg(options.outputFile, file.errorString()));

    result.ok = true;
    result.bytes = writer.bytesWritten();
    qCDebug(lcExport) << "exported" << result.rows << "rows," << result.images << "images to"
                      << options.outputFile;
    return result;
}
