#pragma once

#include "deviceconfig.h"
#include "event/recognitionevent.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>

class DeviceRestClient;
class EventParser;
struct RecordsPage;
struct RestResult;

// Where one device's back-fill stands: what the device panel and the recorder show.
struct BackfillProgress final
{
    enum class State {
        Idle, // nothing under way: not online yet, waiting to start, or interrupted by a drop
        Unavailable, // this connection never back-fills (no credentials, no database)
        Running, // fetching pages; `total` is known after the first one
        Done, // the last run finished (or found nothing to fill)
        Failed, // the last run failed; it is tried again while the connection stays online
    };

    State state = State::Idle;
    // Records of the device's history gone through in this run (usable or not).
    qint64 fetched = 0;
    // Records the device reported for this run (its first page's total); -1 until known.
    qint64 total = -1;
    // Events handed on in this run.
    qint64 events = 0;
    // In words: why there is none or why it failed, or what the last run did.
    QString detail;

    // Records still to fetch while running with a known total, else -1.
    qint64 remaining() const
    {
        return state == State::Running && total >= 0 ? std::max<qint64>(0, total - fetched) : -1;
    }

    bool operator==(const BackfillProgress &) const = default;
};

Q_DECLARE_METATYPE(BackfillProgress)

// Fetches the events a terminal recorded while its connection was down, from its history
// (POST /v1/event/records, 25 per page, oldest first), so that the store stays gap-free. One
// per DeviceConnection, on the same (network) thread, driven by it: connectionOnline() when the
// event stream is up, connectionLost() when it goes.
//
// A run: after the connection has stayed online for DeviceConfig::backfillDelayMs, ask the
// device its serial number (GET /v1/device/info; the live events' serial when it does not
// say), ask the store where to start (startPointNeeded → onStartPointFound: an unfinished
// back-fill's resume point, else the newest event of that serial received before the
// connection came online), then page from that second on. Events already stored come again
// (the start second, the live stream's first events) and the store drops them as duplicates.
// The run ends at the total the first page reported: what the device records after that
// arrives live. The resume point is stored when the run starts and after each page, and
// forgotten when it completes, so a drop or a restart mid-way resumes where it stopped.
//
// Nothing is fetched without credentials, or for a device of which nothing is stored yet
// (its earlier history was never this station's to keep: a new terminal may hold 50,000
// records). Failures (HTTP, device error codes, unusable answers, timeouts) are reported in
// the progress and the log, never affect the live stream, and are retried after
// DeviceConfig::backfillRetryMs while the connection stays online.
class DeviceBackfill final : public QObject
{
    Q_OBJECT

public:
    // The most records the device returns per page.
    static constexpr int PageSize = 25;

    explicit DeviceBackfill(QObject *parent = nullptr);
    ~DeviceBackfill() override;

    // Whether a store answers startPointNeeded (DeviceHub::setStore connects one). Without
    // one there is nothing to compare with, so nothing is fetched.
    void setStoreAvailable(bool available);
    bool isStoreAvailable() const { return m_storeAvailable; }

    // The event stream is up since `onlineSinceMs` (the station's Unix ms): start a run after
    // the settle delay. `rest` is the connection's client (logged in, its token shared); it
    // must stay valid until connectionLost(). `knownSerial`: the serial number of the
    // device's live events so far, used when the device info names none.
    void connectionOnline(const DeviceConfig &config, DeviceRestClient *rest, qint64 onlineSinceMs,
                          const QString &knownSerial);
    // The event stream went down (or was stopped): a run under way is abandoned (answers to
    // its requests are ignored) and resumes at the next connectionOnline().
    void connectionLost();

    BackfillProgress progress() const { return m_progress; }

signals:
    // Where to start for the device `deviceSn`: the store answers onStartPointFound() with the
    // same id (see EventStore::findBackfillStart).
    void startPointNeeded(quint64 requestId, const QString &deviceSn, qint64 receivedBeforeMs);
    // Store it: the unfinished back-fill of `deviceSn` resumes from recognition time fromMs;
    // -1: it completed, forget it (EventStore::setBackfillResumePoint).
    void resumePointChanged(const QString &deviceSn, qint64 fromMs);
    // Events of one page, oldest first, marked as back-filled, with the receive time set.
    void eventsFetched(const QList<RecognitionEvent> &events);
    // A record of the history that gave no event, and why.
    void recordRejected(const QString &reason);
    void progressChanged(const BackfillProgress &progress);

public slots:
    // The store's answer to startPointNeeded; answers to other requests are ignored.
    void onStartPointFound(quint64 requestId, qint64 fromMs, const QString &error);

private:
    void begin();
    void onDeviceInfo(const RestResult &result);
    void requestPage();
    void onPage(const RestResult &result);
    void finish();
    void fail(const QString &reason);
    void setProgress(BackfillProgress::State state, const QString &detail);

    std::unique_ptr<EventParser> m_parser;
    bool m_storeAvailable = false;
    bool m_online = false;
    DeviceConfig m_config;
    QPointer<DeviceRestClient> m_rest;
    QString m_knownSerial;
    // The earliest time a connection came online whose back-fill has not completed, this
    // session: a connection that drops before its run stored a resume point must not let its
    // live events hide the gap before them.
    std::optional<qint64> m_uncoveredSinceMs;
    bool m_reportedUnavailable = false;

    // Per run; m_run changes with every run and every drop, so that late answers are ignored.
    quint64 m_run = 0;
    quint64 m_requestId = 0;
    QString m_serial;
    qint64 m_beginSeconds = 0;
    qint64 m_resumeFromMs = -1;
    qint64 m_offset = 0;
    bool m_ascending = true; // every record so far no older than the one before
    qint64 m_newestMs = std::numeric_limits<qint64>::min();

    BackfillProgress m_progress;
    QTimer m_settleTimer { this };
    QTimer m_retryTimer { this };
};
