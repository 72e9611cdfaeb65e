#include "commandline.h"
#include "commands.h"
#include "device/devicehub.h"
#include "event/eventlabels.h"
#include "store/eventstore.h"
#include "store/storethread.h"
#include "unixsignalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QTextStream>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcRecord, "gatewatch.record")

const QString Command = u"record"_s;

QString tr(const char *text)
{
    return QCoreApplication::translate("RecordCommand", text);
}

// `--device` takes a URL, optionally preceded by a display name: "Front door=wss://host:8000".
// Without a name the device is called by its host and port.
std::optional<DeviceConfig> deviceFromArgument(const QString &argument, QString *error)
{
    QString name;
    QString urlText = argument;
    const qsizetype equals = argument.indexOf(u'=');
    const qsizetype scheme = argument.indexOf(u"://"_s);
    if (equals > 0 && (scheme < 0 || equals < scheme)) {
        name = argument.left(equals).trimmed();
        urlText = argument.mid(equals + 1).trimmed();
    }
    const auto url = DeviceConfig::parseEventUrl(urlText, error);
    if (!url) {
        *error = u"--device: "_s + *error;
        return std::nullopt;
    }
    DeviceConfig config;
    config.url = *url;
    // Terminals serve on 8000 unless configured otherwise.
    if (config.url.port() < 0)
        config.url.setPort(8000);
    config.name = name.isEmpty() ? u"%1:%2"_s.arg(config.url.host()).arg(config.url.port()) : name;
    return config;
}

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
    const QString pass = !event.pass ? tr("----") : *event.pass ? tr("PASS") : tr("DENY");
    const QString person = event.user
        ? u"%1 (%2)"_s.arg(event.user->name.isEmpty() ? tr("unnamed") : event.user->name,
                           event.user->userId)
        : tr("no enrolled user");
    QString line = u"%1  %2 [%3]  %4  %5  %6  score %7"_s.arg(
        time.toString(Qt::ISODate), event.deviceName, event.deviceSn, pass,
        EventLabels::statusLabel(event), person, optional(event.recognizeScore));
    if (!event.snapshotJpeg.isEmpty())
        line += tr("  snapshot %1×%2")
                    .arg(event.snapshotSize.width())
                    .arg(event.snapshotSize.height());
    else if (!event.snapshotError.isEmpty())
        line += u"  "_s + event.snapshotError;
    // Names are device data: keep one event on one line whatever they contain.
    line.replace(u'\n', u' ').replace(u'\r', u' ');
    return line;
}
} // namespace

int Cli::runRecord(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Connects to terminals and stores every recognition they push until interrupted "
           "(SIGINT or SIGTERM); everything received is committed before it exits."));
    const QCommandLineOption dbOption(u"db"_s,
                                      tr("The database to record into (created if "
                                         "missing)."),
                                      u"PATH"_s);
    const QCommandLineOption deviceOption(
        u"device"_s,
        tr("A terminal's event URL, e.g. wss://10.0.0.5:8000/v1/event/, optionally preceded by "
           "a name: \"Front door=wss://...\". Repeatable."),
        u"URL"_s);
    const QCommandLineOption pinOption(
        u"pin-sha256"_s,
        tr("Trust a device certificate with this SHA-256 fingerprint (hex, colons optional). "
           "Repeatable; applies to every device."),
        u"HEX"_s);
    const QCommandLineOption caOption(
        u"ca-cert"_s, tr("Also trust certificates issued by the CA(s) in this PEM file."),
        u"PEM"_s);
    const QCommandLineOption userOption(u"user"_s, tr("Log in to the devices as NAME."), u"NAME"_s);
    const QCommandLineOption passwordFileOption(
        u"password-file"_s, tr("Read the password for --user from FILE."), u"FILE"_s);
    const QCommandLineOption heartbeatOption(
        u"heartbeat"_s,
        tr("Ping every N seconds; a connection silent for 2 N is dropped and retried "
           "(default 10)."),
        u"SECONDS"_s, u"10"_s);
    const QCommandLineOption printOption(
        u"print-events"_s, tr("Print each recorded event as one line on standard output."));
    parser.addOptions({ dbOption, deviceOption, pinOption, caOption, userOption, passwordFileOption,
                        heartbeatOption, printOption });
    if (const auto exit = parseArguments(parser, arguments, Command))
        return *exit;
    if (!parser.isSet(dbOption))
        return usageError(Command, tr("--db PATH is required"));
    if (!parser.isSet(deviceOption))
        return usageError(Command, tr("at least one --device URL is required"));
    if (parser.isSet(userOption) != parser.isSet(passwordFileOption))
        return usageError(Command, tr("--user and --password-file go together"));

    bool heartbeatOk = false;
    const int heartbeat = parser.value(heartbeatOption).toInt(&heartbeatOk);
    if (!heartbeatOk || heartbeat < 1 || heartbeat > 3600)
        return usageError(Command,
                          tr("--heartbeat must be a whole number of seconds from 1 to "
                             "3600, not '%1'")
                              .arg(parser.value(heartbeatOption)));

    QList<QByteArray> pins;
    for (const QString &text : parser.values(pinOption)) {
        QString error;
        const auto pin = DeviceConfig::parseFingerprint(text, &error);
        if (!pin)
            return usageError(Command, tr("--pin-sha256: %1").arg(error));
        pins.append(*pin);
    }
    QList<QSslCertificate> caCertificates;
    if (parser.isSet(caOption)) {
        QString error;
        const auto loaded = DeviceConfig::loadCaCertificates(parser.value(caOption), &error);
        if (!loaded)
            return usageError(Command, tr("--ca-cert: %1").arg(error));
        caCertificates = *loaded;
    }
    QString password;
    if (parser.isSet(passwordFileOption)) {
        QString error;
        const auto secret = readSecretFile(parser.value(passwordFileOption), &error);
        if (!secret)
            return usageError(Command, tr("--password-file: %1").arg(error));
        password = *secret;
    }

    QList<DeviceConfig> devices;
    for (const QString &argument : parser.values(deviceOption)) {
        QString error;
        auto config = deviceFromArgument(argument, &error);
        if (!config)
            return usageError(Command, error);
        config->pinnedSha256 = pins;
        config->caCertificates = caCertificates;
        config->heartbeatSeconds = heartbeat;
        if (parser.isSet(userOption)) {
            config->username = parser.value(userOption);
            config->password = password;
        }
        devices.append(*config);
    }

    StoreThread storeThread;
    QString storeError;
    if (!storeThread.start(parser.value(dbOption), StoreOptions {}, &storeError)) {
        printError(Command, storeError); // it names the file and the reason
        return ExitFailure;
    }
    EventStore *store = storeThread.store();

    QTextStream out(stdout);
    QTextStream err(stderr);
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
                     [&](int device, ConnectionState, const QString &text) {
                         err << hub.deviceConfig(device).name << u": "_s << text << u'\n';
                         err.flush();
                     });
    QObject::connect(&hub, &DeviceHub::frameRejected, &hub, [&](int device, const QString &reason) {
        err << hub.deviceConfig(device).name << u": "_s << tr("rejected a frame: %1").arg(reason)
            << u'\n';
        err.flush();
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
        err << tr("database: %1").arg(message) << u'\n';
        err.flush();
    });

    for (const DeviceConfig &config : std::as_const(devices)) {
        err << tr("%1: recording from %2").arg(config.name, config.url.toDisplayString()) << u'\n';
        hub.addDevice(config);
    }
    err.flush();

    UnixSignalWatcher signalWatcher({ SIGINT, SIGTERM });
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &hub,
                     [](int) { QCoreApplication::quit(); });
    QCoreApplication::exec();

    // Orderly shutdown: no new events, then everything in flight is committed.
    hub.stopAll();
    storeThread.stop();
    QCoreApplication::sendPostedEvents(); // deliver the last `committed` signals
    err << tr("events recorded: %1").arg(recorded);
    if (duplicates > 0)
        err << tr(", duplicates ignored: %1").arg(duplicates);
    err << u'\n';
    qCInfo(lcRecord) << "stopped";
    return ExitOk;
}
