#include "devicebackfill.h"

#include "devicerestclient.h"
#include "event/eventparser.h"
#include "event/recordspage.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLoggingCategory>

#include <atomic>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcBackfill, "gatewatch.backfill")

namespace {

quint64 nextRequestId()
{
    static std::atomic<quint64> last { 0 };
    return ++last;
}

// The serial number in a GET /v1/device/info answer; firmware versions name it differently.
QString serialOf(const QJsonValue &info)
{
    const QJsonObject object = info.toObject();
    for (const QLatin1StringView key : { "sn"_L1, "device_sn"_L1, "serial_number"_L1 }) {
        QString value = object.value(key).toString().trimmed();
        if (!value.isEmpty())
            return value;
    }
    return {};
}

qint64 floorSeconds(qint64 ms)
{
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

QString localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

} // namespace

DeviceBackfill::DeviceBackfill(QObject *parent)
    : QObject(parent)
    , m_parser(std::make_unique<EventParser>())
{
    qRegisterMetaType<BackfillProgress>();
    m_settleTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_settleTimer, &QTimer::timeout, this, &DeviceBackfill::begin);
    connect(&m_retryTimer, &QTimer::timeout, this, &DeviceBackfill::begin);
}

DeviceBackfill::~DeviceBackfill() = default;

void DeviceBackfill::setStoreAvailable(bool available)
{
    m_storeAvailable = available;
}

void DeviceBackfill::connectionOnline(const DeviceConfig &config, DeviceRestClient *rest,
                                      qint64 onlineSinceMs, const QString &knownSerial)
{
    ++m_run;
    m_requestId = 0;
    m_settleTimer.stop();
    m_retryTimer.stop();
    if (m_config.name != config.name || m_config.username != config.username)
        m_reportedUnavailable = false; // other settings: say it again if it still applies
    m_config = config;
    m_rest = rest;
    m_knownSerial = knownSerial;
    m_online = true;
    if (!m_uncoveredSinceMs)
        m_uncoveredSinceMs = onlineSinceMs;

    QString unavailable;
    if (!m_config.hasCredentials()) {
        unavailable = tr("no credentials are configured for %1, so the events it recorded "
                         "while disconnected are not fetched from its history")
                          .arg(m_config.name);
    } else if (!m_storeAvailable) {
        unavailable = tr("no database to compare the device's history with");
    }
    if (!unavailable.isEmpty()) {
        if (!m_reportedUnavailable) {
            m_reportedUnavailable = true;
            qCInfo(lcBackfill).noquote() << m_config.name << "no back-fill:" << unavailable;
        }
        setProgress(BackfillProgress::State::Unavailable, unavailable);
        return;
    }
    m_settleTimer.start(std::max(0, m_config.backfillDelayMs));
}

void DeviceBackfill::connectionLost()
{
    ++m_run;
    m_requestId = 0;
    m_online = false;
    m_rest = nullptr;
    m_settleTimer.stop();
    m_retryTimer.stop();
    if (m_progress.state == BackfillProgress::State::Running) {
        qCInfo(lcBackfill).noquote()
            << m_config.name << "back-fill interrupted after" << m_progress.fetched << "of"
            << m_progress.total << "records; it resumes when the connection is back";
        setProgress(BackfillProgress::State::Idle,
                    tr("interrupted by the disconnection; resumes when the device is back"));
    }
}

void DeviceBackfill::begin()
{
    if (!m_online || !m_rest)
        return;
    const quint64 run = ++m_run;
    m_requestId = 0;
    m_serial.clear();
    m_offset = 0;
    m_ascending = true;
    m_newestMs = std::numeric_limits<qint64>::min();
    m_progress.fetched = 0;
    m_progress.total = -1;
    m_progress.events = 0;
    setProgress(BackfillProgress::State::Running, tr("asking the device for its serial number"));
    m_rest->deviceInfo([this, run](const RestResult &result) {
        if (run == m_run)
            onDeviceInfo(result);
    });
}

void DeviceBackfill::onDeviceInfo(const RestResult &result)
{
    QString serial = result.ok() ? serialOf(result.data) : QString();
    if (serial.isEmpty())
        serial = m_knownSerial;
    if (serial.isEmpty()) {
        fail(result.ok()
                 ? tr("the device does not say its serial number, and it has sent no event yet")
                 : tr("cannot learn the device's serial number: %1").arg(result.error));
        return;
    }
    m_serial = serial;
    m_requestId = nextRequestId();
    setProgress(BackfillProgress::State::Running,
                tr("looking up the last event stored from %1").arg(serial));
    emit startPointNeeded(m_requestId, serial, *m_uncoveredSinceMs);
}

void DeviceBackfill::onStartPointFound(quint64 requestId, qint64 fromMs, const QString &error)
{
    if (requestId == 0 || requestId != m_requestId || !m_online)
        return;
    m_requestId = 0;
    if (!error.isEmpty()) {
        fail(tr("cannot read the database: %1").arg(error));
        return;
    }
    if (fromMs < 0) {
        // Nothing of this device before: its history was never this station's to keep.
        // Coverage starts with this connection.
        m_uncoveredSinceMs.reset();
        const QString detail = tr("nothing stored from %1 before: its earlier history is not "
                                  "fetched; back-fill covers disconnections from now on")
                                   .arg(m_serial);
        qCInfo(lcBackfill).noquote() << m_config.name << detail;
        setProgress(BackfillProgress::State::Done, detail);
        return;
    }
    m_resumeFromMs = fromMs;
    m_beginSeconds = floorSeconds(fromMs);
    // Stored before the first page: a drop (or a restart) from now on resumes here.
    emit resumePointChanged(m_serial, fromMs);
    qCInfo(lcBackfill).noquote() << m_config.name << "fetching events recorded since"
                                 << localTime(fromMs);
    setProgress(BackfillProgress::State::Running,
                tr("fetching the events recorded since %1").arg(localTime(fromMs)));
    requestPage();
}

void DeviceBackfill::requestPage()
{
    if (!m_rest)
        return;
    const quint64 run = m_run;
    const QJsonObject body {
        { "begin_time"_L1, m_beginSeconds },
        { "offset"_L1, m_offset },
        { "limit"_L1, PageSize },
    };
    m_rest->call("POST", u"/v1/event/records"_s, body, [this, run](const RestResult &result) {
        if (run == m_run)
            onPage(result);
    });
}

void DeviceBackfill::onPage(const RestResult &result)
{
    if (!result.ok()) {
        fail(tr("fetching missed events failed: %1").arg(result.error));
        return;
    }
    QString error;
    std::optional<RecordsPage> page = RecordsPage::parse(result.data, *m_parser, m_offset, &error);
    if (!page) {
        fail(tr("the device's history answer is not usable: %1").arg(error));
        return;
    }
    if (page->offset != m_offset) {
        fail(tr("the device answered records from %1 when asked for records from %2")
                 .arg(page->offset)
                 .arg(m_offset));
        return;
    }
    // The run ends at the first page's total: what the device records later arrives live. A
    // device that lists the newest first pushes older records further down as new ones come,
    // so for it the end moves with the total.
    if (m_progress.total < 0 || !m_ascending)
        m_progress.total = std::max(m_progress.total, page->total);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (RecognitionEvent &event : page->events) {
        event.backfilled = true;
        event.receivedAt = now;
        if (event.timestampMs) {
            if (*event.timestampMs < m_newestMs)
                m_ascending = false;
            m_newestMs = std::max(m_newestMs, *event.timestampMs);
        }
    }
    for (const QString &warning : std::as_const(page->warnings))
        qCDebug(lcBackfill).noquote() << m_config.name << warning;
    for (const QString &reason : std::as_const(page->rejected)) {
        qCWarning(lcBackfill).noquote() << m_config.name << "record rejected:" << reason;
        emit recordRejected(reason);
    }

    m_offset += page->itemCount;
    m_progress.fetched = m_offset;
    m_progress.events += page->events.size();
    if (!page->events.isEmpty())
        emit eventsFetched(page->events);
    // After the events, so that the store writes the point in their transaction or later.
    // Only while the records come oldest first: otherwise what is still to come is older.
    if (m_ascending && m_newestMs > m_resumeFromMs) {
        m_resumeFromMs = m_newestMs;
        emit resumePointChanged(m_serial, m_resumeFromMs);
    }

    if (page->itemCount == 0 || m_offset >= m_progress.total) {
        finish();
        return;
    }
    emit progressChanged(m_progress); // the counts changed, if not the words
    requestPage();
}

void DeviceBackfill::finish()
{
    emit resumePointChanged(m_serial, -1);
    m_uncoveredSinceMs.reset();
    const QString detail = tr("done: %n record(s) fetched from the device's history", nullptr,
                              int(m_progress.fetched));
    qCInfo(lcBackfill).noquote() << m_config.name << "back-fill done:" << m_progress.fetched
                                 << "records," << m_progress.events << "events handed on";
    setProgress(BackfillProgress::State::Done, detail);
}

void DeviceBackfill::fail(const QString &reason)
{
    const bool retry = m_online && m_rest;
    const int retryMs = std::max(0, m_config.backfillRetryMs);
    const QString detail
        = retry ? tr("%1; trying again in %2 s").arg(reason).arg((retryMs + 999) / 1000) : reason;
    qCWarning(lcBackfill).noquote() << m_config.name << "back-fill failed:" << detail;
    setProgress(BackfillProgress::State::Failed, detail);
    if (retry)
        m_retryTimer.start(retryMs);
}

void DeviceBackfill::setProgress(BackfillProgress::State state, const QString &detail)
{
    if (m_progress.state == state && m_progress.detail == detail)
        return;
    m_progress.state = state;
    m_progress.detail = detail;
    emit progressChanged(m_progress);
}
