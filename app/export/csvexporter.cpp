#include "csvexporter.h"

#include "csvwriter.h"
#include "event/eventlabels.h"
#include "store/eventreader.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QLoggingCategory>
#include <QMutex>
#include <QSaveFile>
#include <QThread>
#include <QWaitCondition>

#include <array>
#include <deque>
#include <memory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcExport, "gatewatch.export", QtInfoMsg)

namespace {

// How often (in rows) progress is reported and cancellation checked.
constexpr qint64 progressEvery = 256;

std::optional<qint64> integer(const std::optional<int> &value)
{
    return value ? std::optional<qint64>(*value) : std::nullopt;
}

QStringView boolean(std::optional<bool> value)
{
    if (!value)
        return {};
    return *value ? QStringView(u"true") : QStringView(u"false");
}

// ISO 8601 in UTC with 'Z'; milliseconds only when the device sent them. Worked out here, into
// `text` (then *result is a view of it), rather than through QDateTime, which costs more than
// the rest of a row (and gives the same text for the years 1 to 9999; other years go through
// QDateTime and are returned, with *result empty).
QString isoTime(const RecognitionEvent &event, std::array<char16_t, 24> &text, QStringView *result)
{
    *result = {};
    if (!event.timestampMs)
        return {};
    const qint64 ms = *event.timestampMs;
    constexpr qint64 msPerDay = 86'400'000;
    const qint64 days = ms >= 0 ? ms / msPerDay : -((-ms + msPerDay - 1) / msPerDay);
    const qint64 msOfDay = ms - days * msPerDay;
    // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted).
    const qint64 z = days + 719'468;
    const qint64 era = (z >= 0 ? z : z - 146'096) / 146'097;
    const qint64 dayOfEra = z - era * 146'097;
    const qint64 yearOfEra
        = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36'524 - dayOfEra / 146'096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1 || year > 9999) {
        const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        return time.toString(event.timestampInMillis ? Qt::ISODateWithMs : Qt::ISODate);
    }

    int n = 0;
    const auto digits = [&text, &n](qint64 value, int width) {
        for (int i = width - 1; i >= 0; --i) {
            text[n + i] = char16_t(u'0' + value % 10);
            value /= 10;
        }
        n += width;
    };
    digits(year, 4);
    text[n++] = u'-';
    digits(month, 2);
    text[n++] = u'-';
    digits(day, 2);
    text[n++] = u'T';
    digits(msOfDay / 3'600'000, 2);
    text[n++] = u':';
    digits(msOfDay / 60'000 % 60, 2);
    text[n++] = u':';
    digits(msOfDay / 1000 % 60, 2);
    if (event.timestampInMillis) {
        text[n++] = u'.';
        digits(msOfDay % 1000, 3);
    }
    text[n++] = u'Z';
    *result = QStringView(text.data(), n);
    return {};
}

// EventLabels::statusLabel(), remembered per code: a translation lookup for each of a million
// rows would cost more than writing them.
class StatusLabels final
{
public:
    const QString &of(const RecognitionEvent &event)
    {
        if (event.recognizeStatus)
            return lookUp(m_statuses, *event.recognizeStatus, &EventLabels::recognizeStatus);
        if (event.recognitionType)
            return lookUp(m_types, *event.recognitionType, &EventLabels::recognitionType);
        return m_none;
    }

private:
    static const QString &lookUp(QHash<int, QString> &cache, int code, QString (*label)(int))
    {
        auto it = cache.find(code);
        if (it == cache.end())
            it = cache.insert(code, label(code));
        return *it;
    }

    QHash<int, QString> m_statuses;
    QHash<int, QString> m_types;
    QString m_none;
};

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

// Reads the rows on a thread of its own, in batches, while the caller writes them: reading a
// row costs about twice what writing it does, and even a small machine has two cores. At most
// a few batches wait, so memory stays flat (batches of rows with their snapshots are small).
class RowFeed final
{
public:
    RowFeed(const ExportOptions &options, bool withSnapshots)
        : m_batchSize(withSnapshots ? 8 : 512)
    {
        m_thread.reset(
            QThread::create([this, options, withSnapshots] { read(options, withSnapshots); }));
        m_thread->setObjectName(u"gatewatch-export"_s);
        m_thread->start();
    }
    ~RowFeed() { stop(); }
    RowFeed(const RowFeed &) = delete;
    RowFeed &operator=(const RowFeed &) = delete;

    // The next batch, in order; empty when every row has been given (or reading failed:
    // error() says why).
    QList<StoredEventRow> next()
    {
        QMutexLocker lock(&m_mutex);
        while (m_batches.empty() && !m_done)
            m_changed.wait(&m_mutex);
        if (m_batches.empty())
            return {};
        QList<StoredEventRow> batch = std::move(m_batches.front());
        m_batches.pop_front();
        m_changed.wakeAll();
        return batch;
    }

    // Stops reading and waits for the thread.
    void stop()
    {
        {
            QMutexLocker lock(&m_mutex);
            m_stop = true;
            m_changed.wakeAll();
        }
        m_thread->wait();
    }

    QString error()
    {
        QMutexLocker lock(&m_mutex);
        return m_error;
    }

private:
    static constexpr std::size_t maxWaiting = 4;

    void read(const ExportOptions &options, bool withSnapshots)
    {
        EventReader reader;
        QString error;
        bool ok = reader.open(options.databasePath, &error);
        QList<StoredEventRow> batch;
        batch.reserve(m_batchSize);
        if (ok) {
            ok = reader.forEach(
                options.filter, withSnapshots,
                [&](const StoredEventRow &row) {
                    batch.append(row);
                    if (batch.size() < m_batchSize)
                        return true;
                    const bool more = push(std::move(batch));
                    batch = {};
                    batch.reserve(m_batchSize);
                    return more;
                },
                &error, EventReader::Detail::Listing);
        }
        if (ok && !batch.isEmpty())
            push(std::move(batch));
        QMutexLocker lock(&m_mutex);
        if (!ok)
            m_error = error;
        m_done = true;
        m_changed.wakeAll();
    }

    // False when the reader should stop.
    bool push(QList<StoredEventRow> batch)
    {
        QMutexLocker lock(&m_mutex);
        while (m_batches.size() >= maxWaiting && !m_stop)
            m_changed.wait(&m_mutex);
        if (m_stop)
            return false;
        m_batches.push_back(std::move(batch));
        m_changed.wakeAll();
        return true;
    }

    const qsizetype m_batchSize;
    QMutex m_mutex;
    QWaitCondition m_changed;
    std::deque<QList<StoredEventRow>> m_batches;
    bool m_done = false;
    bool m_stop = false;
    QString m_error;
    std::unique_ptr<QThread> m_thread;
};

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
        result.cancelled = true;
        return fail(tr("The export was cancelled."));
    }

    QString rowError;
    bool cancelled = false;
    StatusLabels statusLabels;
    using Kind = CsvWriter::FieldKind;
    const auto writeRow = [&](const StoredEventRow &row) {
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
        writer.addNumber(event.timestampSeconds());
        std::array<char16_t, 24> timeText {};
        QStringView time;
        const QString otherTime = isoTime(event, timeText, &time);
        writer.addField(time.isEmpty() ? QStringView(otherTime) : time, Kind::Literal);
        writer.addField(event.deviceSn, Kind::Text);
        writer.addField(event.deviceName, Kind::Text);
        writer.addNumber(integer(event.recognizeStatus));
        writer.addField(statusLabels.of(event), Kind::Text);
        writer.addNumber(integer(event.recognitionType));
        writer.addNumber(event.recognizeScore);
        writer.addNumber(event.livenessScore);
        writer.addNumber(event.bodyTemperature);
        writer.addNumber(integer(event.mask));
        writer.addNumber(integer(event.mode));
        writer.addField(boolean(event.pass), Kind::Literal);
        writer.addField(user ? QStringView(user->userId) : QStringView(), Kind::Text);
        writer.addField(user ? QStringView(user->name) : QStringView(), Kind::Text);
        writer.addNumber(user ? integer(user->type) : std::nullopt);
        writer.addField(user ? QStringView(user->icNumber) : QStringView(), Kind::Text);
        writer.addField(user ? QStringView(user->jobNumber) : QStringView(), Kind::Text);
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
    };

    RowFeed feed(options, withImages);
    bool writing = true;
    while (writing) {
        const QList<StoredEventRow> batch = feed.next();
        if (batch.isEmpty())
            break;
        for (const StoredEventRow &row : batch) {
            writing = writeRow(row);
            if (!writing)
                break;
        }
    }
    feed.stop();

    if (const QString readError = feed.error(); !readError.isEmpty()) {
        file.cancelWriting();
        return fail(tr("Cannot read the events: %1").arg(readError));
    }
    if (!rowError.isEmpty()) {
        file.cancelWriting();
        return fail(rowError);
    }
    if (cancelled || (progress && !progress(result.rows, total))) {
        file.cancelWriting();
        result.cancelled = true;
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
