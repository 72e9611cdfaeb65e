#include "commandline.h"
#include "commands.h"
#include "device/devicehub.h"
#include "devicelistfile.h"
#include "devicelistsync.h"
#include "deviceoptions.h"
#include "event/eventlabels.h"
#include "servicelog.h"
#include "store/databaseupgrade.h"
#include "store/eventstore.h"
#include "store/schema.h"
#include "store/storethread.h"
#include "unixsignalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>
#include <QLoggingCategory>
#include <QTextStream>

#include <algorithm>
#include <csignal>
#include <limits>
#include <pthread.h>

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcRecord, "gatewatch.record")

const QString Command = u"record"_s;

// lupdate finds the strings by this context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(RecordCommand)
};

// Holds a signal back on this thread (and the threads it starts) from construction until
// release() or destruction; one that arrived meanwhile is delivered then.
class HeldSignal final
{
public:
    explicit HeldSignal(int number)
    {
        sigemptyset(&m_set);
        sigaddset(&m_set, number);
        pthread_sigmask(SIG_BLOCK, &m_set, nullptr);
    }
    ~HeldSignal() { release(); }
    HeldSignal(const HeldSignal &) = delete;
    HeldSignal &operator=(const HeldSignal &) = delete;

    void release()
    {
        if (m_held)
            pthread_sigmask(SIG_UNBLOCK, &m_set, nullptr);
        m_held = false;
    }

private:
    sigset_t m_set {};
    bool m_held = true;
};

QString optional(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'f', 3) : u"-"_s;
}

// One line per recorded event, for a person watching a terminal.
QString describe(const RecognitionEvent &event)
{
    const QDateTime time = event.timestampMs
        ? QDateTime::fromMSecsSinceEpoch(*event.timestampMs, Qt::UTC)
        : event.receivedAt;
    const QString pass = !event.pass ? Text::tr("----")
        : *event.pass                ? Text::tr("PASS")
                                     : Text::tr("DENY");
    const QString person = event.user
        ? u"%1 (%2)"_s.arg(event.user->name.isEmpty() ? Text::tr("unnamed") : event.user->name,
                           event.user->userId)
        : Text::tr("no enrolled user");
    QString line = u"%1  %2 [%3]  %4  %5  %6  score %7"_s.arg(
        time.toString(Qt::ISODate), event.deviceName, event.deviceSn, pass,
        EventLabels::statusLabel(event), person, optional(event.recognizeScore));
    if (!event.snapshotJpeg.isEmpty())
        line += Text::tr("  snapshot %1×%2")
                    .arg(event.snapshotSize.width())
                    .arg(event.snapshotSize.height());
    else if (!event.snapshotError.isEmpty())
        line += u"  "_s + event.snapshotError;
    if (event.backfilled)
        line += Text::tr("  (from the device's history)");
    // Names are device data: keep one event on one line whatever they contain.
    line.replace(u'\n', u' ').replace(u'\r', u' ');
    return line;
}
} // namespace

int Cli::runRecord(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Text::tr(
        "Connects to terminals and stores every recognition they push until interrupted "
        "(SIGINT or SIGTERM); everything received is committed before it exits.\n"
        "The terminals come from --device options, from a device list file (--config: the JSON "
        "the window's Export... writes; disabled devices are left out), or both. SIGHUP reads "
        "the file again and applies what changed: new devices connect, removed ones disconnect, "
        "changed ones reconnect, the others are not touched; a file that cannot be used is "
        "reported and the devices already recording go on. --pin-sha256, --ca-cert, --user and "
        "--heartbeat are for the --device terminals: those of the file carry their own pins, "
        "login and heartbeat.\n"
        "Messages go to standard error, one line each, without a time; under systemd with the "
        "journal as standard error each line carries its priority."));
    const QCommandLineOption dbOption(u"db"_s,
                                      Text::tr("The database to record into (created if "
                                               "missing)."),
                                      u"PATH"_s);
    const QCommandLineOption configOption(
        u"config"_s,
        Text::tr("Record from the enabled devices of this device list file (JSON, as the "
                 "window exports it: names, addresses, pins, logins, no passwords). Read again "
                 "on SIGHUP."),
        u"FILE"_s);
    const QCommandLineOption credentialsOption(
        u"credentials"_s,
        Text::tr("The passwords of the --config devices that log in: a GateWatch credentials "
                 "file (JSON, by device id) that only this user can read (chmod 600)."),
        u"FILE"_s);
    const QCommandLineOption printOption(
        u"print-events"_s, Text::tr("Print each recorded event as one line on standard output."));
    const DeviceOptions deviceOptions;
    deviceOptions.addTo(parser);
    parser.addOptions({ dbOption, configOption, credentialsOption, printOption });
    if (const auto exit = parseArguments(parser, arguments, Command))
        return *exit;
    if (!parser.isSet(dbOption))
        return usageError(Command, Text::tr("--db PATH is required"));
    QString devicesError;
    const auto devices = deviceOptions.devices(parser, &devicesError);
    if (!devices)
        return usageError(Command, devicesError);
    const QString configPath = parser.value(configOption);
    const QString credentialsPath = parser.value(credentialsOption);
    if (devices->isEmpty() && configPath.isEmpty())
        return usageError(Command,
                          Text::tr("at least one --device URL or a --config FILE is required"));
    if (!credentialsPath.isEmpty() && configPath.isEmpty())
        return usageError(Command, Text::tr("--credentials goes with --config"));

    // From here on every message is a log line (see ServiceLog): the recorder runs as a
    // service as well as in a terminal.
    const ServiceLog serviceLog("gatewatch.record");
    // systemd may ask for a reload as soon as the process runs, while the database is still
    // being opened (an update takes minutes): SIGHUP would end the recorder there. It waits
    // until it can be handled instead. The threads started meanwhile (store, network) keep it
    // blocked, so it is always handled on this one.
    HeldSignal heldReload(SIGHUP);
    const auto fail = [](const QString &message) {
        qCCritical(lcRecord).noquote() << u"gatewatch record: "_s + message;
        return ExitFailure;
    };

    // At start a device list that cannot be used in full is refused: the service fails
    // where its operator looks, instead of recording from fewer terminals than configured.
    std::optional<DeviceListFile::Contents> listed;
    if (!configPath.isEmpty()) {
        QString listError;
        listed = DeviceListFile::read(configPath, credentialsPath, &listError);
        if (!listed)
            return fail(listError);
        for (const QString &problem : std::as_const(listed->problems))
            qCCritical(lcRecord).noquote() << u"gatewatch record: "_s + problem;
        if (!listed->problems.isEmpty())
            return ExitFailure;
        if (listed->devices.isEmpty() && devices->isEmpty())
            return fail(Text::tr("%1 names no enabled device, and no --device was given: there "
                                 "is nothing to record")
                            .arg(configPath));
    }

    // Opening a database from an older GateWatch updates it first, which can take minutes.
    if (const std::optional<int> from = DatabaseUpgrade::pendingFrom(parser.value(dbOption)))
        qCInfo(lcRecord).noquote()
            << Text::tr("gatewatch record: updating the database %1 from schema %2 to %3 (once; "
                        "on a large history this takes a few minutes)")
                   .arg(parser.value(dbOption))
                   .arg(*from)
                   .arg(Schema::currentVersion());
    StoreThread storeThread;
    QString storeError;
    if (!storeThread.start(parser.value(dbOption), StoreOptions {}, &storeError))
        return fail(storeError); // it names the file and the reason
    EventStore *store = storeThread.store();

    QTextStream out(stdout);
    const bool printEvents = parser.isSet(printOption);
    qint64 recorded = 0;
    qint64 duplicates = 0;
    // Lines wait for their commit, so that what is printed is what is stored.
    QHash<QString, QString> pendingLines;

    // Every connection below has `hub` as its context, and `hub` is declared after the locals
    // its lambdas capture: the connections end before those locals do. clazy cannot see that.
    // clazy:excludeall=lambda-in-connect
    DeviceHub hub;
    hub.setStore(store);
    QObject::connect(&hub, &DeviceHub::deviceStateChanged, &hub,
                     [&](int device, ConnectionState state, const QString &text) {
                         const QString line = hub.deviceConfig(device).name + u": "_s + text;
                         if (state == ConnectionState::WaitingToRetry
                             || state == ConnectionState::Failed)
                             qCWarning(lcRecord).noquote() << line;
                         else
                             qCInfo(lcRecord).noquote() << line;
                     });
    QObject::connect(&hub, &DeviceHub::frameRejected, &hub, [&](int device, const QString &reason) {
        qCWarning(lcRecord).noquote() << hub.deviceConfig(device).name + u": "_s
                + Text::tr("rejected a frame: %1").arg(reason);
    });
    // One line when a back-fill starts (once its size is known), ends, fails or cannot be
    // done, not one per page.
    QHash<int, BackfillProgress> lastBackfill;
    QObject::connect(
        &hub, &DeviceHub::backfillChanged, &hub, [&](int device, const BackfillProgress &progress) {
            const BackfillProgress last = lastBackfill.value(device);
            lastBackfill.insert(device, progress);
            const bool sized = progress.state == BackfillProgress::State::Running
                && progress.total >= 0 && last.total < 0;
            if (progress.state == last.state && !sized)
                return;
            QString line;
            switch (progress.state) {
            case BackfillProgress::State::Running:
                if (progress.total >= 0)
                    line = Text::tr("back-filling %n record(s) from the device's history", nullptr,
                                    int(progress.total));
                break;
            case BackfillProgress::State::Idle:
            case BackfillProgress::State::Done:
            case BackfillProgress::State::Failed:
                line = progress.detail;
                break;
            case BackfillProgress::State::Unavailable:
                line = Text::tr("no back-fill: %1").arg(progress.detail);
                break;
            }
            if (line.isEmpty())
                return;
            line = hub.deviceConfig(device).name + u": "_s + line;
            if (progress.state == BackfillProgress::State::Failed)
                qCWarning(lcRecord).noquote() << line;
            else
                qCInfo(lcRecord).noquote() << line;
        });
    // Rows move up when a reloaded list removes a device.
    QObject::connect(&hub, &DeviceHub::deviceRemoved, &hub, [&](int removed) {
        QHash<int, BackfillProgress> moved;
        for (auto it = lastBackfill.cbegin(); it != lastBackfill.cend(); ++it) {
            if (it.key() != removed)
                moved.insert(it.key() > removed ? it.key() - 1 : it.key(), it.value());
        }
        lastBackfill = moved;
    });
    if (printEvents) {
        QObject::connect(&hub, &DeviceHub::eventReceived, &hub,
                         [&](int, const RecognitionEvent &event) {
                             pendingLines.insert(event.deduplicationKey(), describe(event));
                         });
    }
    QObject::connect(store, &EventStore::committed, &hub, [&](const QList<StoredEvent> &events) {
        recorded += events.size();
        if (!printEvents)
            return;
        for (const StoredEvent &stored : events) {
            const QString line = pendingLines.take(stored.dedupKey);
            if (!line.isEmpty())
                out << line << u'\n';
        }
        out.flush();
    });
    QObject::connect(store, &EventStore::duplicatesIgnored, &hub, [&](const QStringList &keys) {
        duplicates += keys.size();
        for (const QString &key : keys)
            pendingLines.remove(key);
    });
    QObject::connect(store, &EventStore::storeError, &hub, [&](const QString &message) {
        qCCritical(lcRecord).noquote() << Text::tr("database: %1").arg(message);
    });
    // Once when recording stops (and if its reason changes), once when it resumes: the store
    // retries in between without a word.
    QObject::connect(store, &EventStore::writableChanged, &hub,
                     [&](bool writable, const QString &message) {
                         const QString line = Text::tr("database: %1").arg(message);
                         if (writable)
                             qCInfo(lcRecord).noquote() << line;
                         else
                             qCCritical(lcRecord).noquote() << line;
                     });

    for (const DeviceConfig &config : *devices) {
        qCInfo(lcRecord).noquote()
            << Text::tr("%1: recording from %2").arg(config.name, config.url.toDisplayString());
        hub.addDevice(config);
    }
    DeviceListSync sync(&hub);
    if (listed)
        sync.apply(*listed);

    // A bad file changes nothing; a good one is applied device by device, and a device it
    // names that cannot be used now keeps what it had, without holding back the others.
    const auto reload = [&] {
        if (configPath.isEmpty()) {
            qCInfo(lcRecord).noquote()
                << Text::tr("SIGHUP: there is no --config file to read again; nothing changes");
            return;
        }
        QString listError;
        const auto contents = DeviceListFile::read(configPath, credentialsPath, &listError);
        if (!contents) {
            qCCritical(lcRecord).noquote()
                << Text::tr("cannot reload the device list: %1; still recording from the %n "
                            "device(s) of the last good list",
                            nullptr, sync.deviceCount())
                       .arg(listError);
            return;
        }
        for (const QString &problem : contents->problems)
            qCCritical(lcRecord).noquote()
                << Text::tr("%1; this device is left as it was").arg(problem);
        const DeviceListSync::Summary summary = sync.apply(*contents);
        QString line = Text::tr("reloaded %1: %2 added, %3 removed, %4 changed, %5 unchanged")
                           .arg(configPath)
                           .arg(summary.added)
                           .arg(summary.removed)
                           .arg(summary.changed)
                           .arg(summary.unchanged);
        if (!contents->problems.isEmpty())
            line += Text::tr(", %n left as it was (see above)", nullptr,
                             int(contents->problems.size()));
        if (contents->disabled > 0)
            line += Text::tr(", %n disabled", nullptr, contents->disabled);
        qCInfo(lcRecord).noquote() << line;
        if (hub.deviceCount() == 0)
            qCWarning(lcRecord).noquote()
                << Text::tr("recording from no device until the list names an enabled one");
    };

    UnixSignalWatcher signalWatcher({ SIGINT, SIGTERM, SIGHUP });
    heldReload.release();
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &hub, [&](int number) {
        if (number == SIGHUP)
            reload();
        else
            QCoreApplication::quit();
    });
    QCoreApplication::exec();

    // Orderly shutdown: no new events, then everything in flight is committed.
    hub.stopAll();
    storeThread.stop();
    QCoreApplication::sendPostedEvents(); // deliver the last `committed` signals
    QString summary = Text::tr("events recorded: %1").arg(recorded);
    if (duplicates > 0)
        summary += Text::tr(", duplicates ignored: %1").arg(duplicates);
    // What the live connections read, for comparing with what the terminals say they sent.
    quint64 received = 0;
    for (int i = 0; i < hub.deviceCount(); ++i)
        received += hub.deviceCounters(i).received;
    summary += Text::tr(", received live from the terminals: %1").arg(received);
    qCInfo(lcRecord).noquote() << summary;
    // How often the database could not keep up and the terminals were made to wait (TCP
    // back-pressure, see DeviceHub); nothing was lost by it.
    if (const IngestBudget::Figures held = hub.storeIngest(); held.waits > 0) {
        qCInfo(lcRecord).noquote()
            << Text::tr("terminals held back while the database caught up: %n time(s), %1 s in "
                        "all, %2 s at the longest",
                        nullptr, int(std::min<qint64>(held.waits, std::numeric_limits<int>::max())))
                   .arg(double(held.waitedMs) / 1000.0, 0, 'f', 1)
                   .arg(double(held.longestWaitMs) / 1000.0, 0, 'f', 1);
    }
    return ExitOk;
}
