#include "commandline.h"
#include "commands.h"
#include "discovery/serviceannouncer.h"
#include "sim/devicesimulator.h"
#include "unixsignalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QTextStream>

#include <cmath>
#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

QString translate(const char *text)
{
    return QCoreApplication::translate("SimulateCommand", text);
}

const QString Command = u"simulate"_s;

} // namespace

int Cli::runSimulate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        translate("Simulates SenseNebula Pass access terminals on this machine: each device "
                  "serves its event stream (/v1/event/) and REST API on one port, and emits "
                  "generated recognition events while someone is subscribed. Runs until "
                  "interrupted (SIGINT/SIGTERM)."));
    const QCommandLineOption portOption(
        u"port"_s, translate("First port; device i listens on N+i (0: ephemeral ports)."), u"N"_s,
        u"8000"_s);
    const QCommandLineOption devicesOption(u"devices"_s, translate("Number of devices."), u"K"_s,
                                           u"1"_s);
    const QCommandLineOption rateOption(
        u"rate"_s,
        translate("Events per second per device (0: none; max: as fast as each "
                  "subscriber reads)."),
        u"EVENTS_PER_S"_s, u"1"_s);
    const QCommandLineOption countOption(
        u"count"_s, translate("Events per device, then stop emitting (keep serving)."), u"N"_s);
    const QCommandLineOption tlsOption(
        u"tls"_s, translate("Serve wss:// and https:// with the bundled test certificate."));
    const QCommandLineOption loginOption(
        u"require-login"_s,
        translate("Require login (REST and event stream) with these credentials."), u"USER:PASS"_s);
    const QCommandLineOption seedOption(
        u"seed"_s, translate("Seed of the generated events (default 1)."), u"N"_s, u"1"_s);
    const QCommandLineOption logOption(
        u"log-sent"_s, translate("Append every delivered frame to FILE, one JSON per line."),
        u"FILE"_s);
    const QCommandLineOption certOption(
        u"cert"_s,
        translate("PEM certificate to present instead of the bundled one (implies "
                  "--tls; needs --key)."),
        u"PEM"_s);
    const QCommandLineOption keyOption(u"key"_s, translate("PEM private key for --cert."),
                                       u"PEM"_s);
    const QCommandLineOption listenOption(u"listen"_s,
                                          translate("Address to listen on (default 127.0.0.1)."),
                                          u"ADDRESS"_s, u"127.0.0.1"_s);
    const QCommandLineOption millisecondsOption(
        u"ms-timestamps"_s,
        translate("Send timestamps in Unix milliseconds, like some firmware does."));
    const QCommandLineOption siteMixOption(
        u"site-mix"_s,
        translate("Draw recognitions as a busy entrance sees them (mostly people passing, now "
                  "and then a stranger or a denial) instead of cycling through every status."));
    const QCommandLineOption cameraOption(
        u"camera-snapshots"_s,
        translate("Send 480x640 snapshots with a camera's noise, about 45 KB each, as real "
                  "terminals do (default: 240x320 drawings of about 9 KB)."));
    const QCommandLineOption announceOption(
        u"announce"_s,
        translate("Announce each device on the local network as terminals do (mDNS service "
                  "'sensetime', _http._tcp, TXT model and sn), through the Avahi daemon, on the "
                  "interface of the --listen address: other machines find the devices only "
                  "when they listen on a network address."));
    parser.addOptions({ portOption, devicesOption, rateOption, countOption, tlsOption, loginOption,
                        seedOption, logOption, certOption, keyOption, listenOption,
                        millisecondsOption, siteMixOption, cameraOption, announceOption });

    if (const auto exit = parseArguments(parser, arguments, Command))
        return *exit;
    SimulatorOptions options;
    bool ok = false;
    const int port = parser.value(portOption).toInt(&ok);
    if (!ok || port < 0 || port > 65535)
        return usageError(Command, translate("--port must be 0..65535"));
    options.firstPort = static_cast<quint16>(port);
    options.devices = parser.value(devicesOption).toInt(&ok);
    if (!ok || options.devices < 1 || options.devices > 1000)
        return usageError(Command, translate("--devices must be 1..1000"));
    if (port != 0 && port + options.devices - 1 > 65535)
        return usageError(Command, translate("--port plus --devices exceeds port 65535"));
    if (parser.value(rateOption) == "max"_L1) {
        options.flood = true;
    } else {
        options.rate = parser.value(rateOption).toDouble(&ok);
        if (!ok || !std::isfinite(options.rate) || options.rate < 0 || options.rate > 100000)
            return usageError(Command,
                              translate("--rate must be a number from 0 to 100000, or max"));
    }
    if (parser.isSet(countOption)) {
        options.count = parser.value(countOption).toLongLong(&ok);
        if (!ok || options.count < 0)
            return usageError(Command, translate("--count must be a non-negative integer"));
    }
    options.seed = parser.value(seedOption).toUInt(&ok);
    if (!ok)
        return usageError(Command, translate("--seed must be an unsigned 32-bit integer"));
    if (!options.address.setAddress(parser.value(listenOption)))
        return usageError(Command, translate("--listen needs an IP address"));
    if (parser.isSet(loginOption)) {
        const QString credentials = parser.value(loginOption);
        const auto colon = credentials.indexOf(u':');
        if (colon <= 0)
            return usageError(Command, translate("--require-login needs USER:PASS"));
        options.loginUser = credentials.left(colon);
        options.loginPassword = credentials.mid(colon + 1);
    }
    if (parser.isSet(certOption) != parser.isSet(keyOption))
        return usageError(Command, translate("--cert and --key go together"));
    options.tls = parser.isSet(tlsOption) || parser.isSet(certOption);
    options.certificateFile = parser.value(certOption);
    options.privateKeyFile = parser.value(keyOption);
    options.millisecondTimestamps = parser.isSet(millisecondsOption);
    options.siteMix = parser.isSet(siteMixOption);
    options.cameraSnapshots = parser.isSet(cameraOption);

    std::unique_ptr<QFile> sentLog;
    if (parser.isSet(logOption)) {
        sentLog = std::make_unique<QFile>(parser.value(logOption));
        if (!sentLog->open(QIODevice::WriteOnly | QIODevice::Append)) {
            printError(
                Command,
                translate("cannot open %1: %2").arg(sentLog->fileName(), sentLog->errorString()));
            return ExitFailure;
        }
    }

    // Qt 6.4's HTTP server warns about every WebSocket upgrade it refuses; the simulator reports
    // refusals itself, with the reason.
    QLoggingCategory::setFilterRules(u"qt.httpserver.warning=false"_s);

    DeviceSimulator simulator(options);
    QString error;
    if (!simulator.start(&error)) {
        printError(Command, error);
        return ExitFailure;
    }

    QObject context;
    QObject::connect(&simulator, &DeviceSimulator::eventSent, &context,
                     [&sentLog](int, const QByteArray &frame) {
                         if (!sentLog)
                             return;
                         // Compact JSON never contains a raw newline, so one frame is one line.
                         sentLog->write(frame + '\n');
                         sentLog->flush();
                     });
    const auto logSubscribers = [&simulator](int index, const QString &what) {
        QTextStream(stderr) << simulator.serialNumber(index) << ": " << what << " ("
                            << QCoreApplication::translate("SimulateCommand", "%n subscriber(s)",
                                                           nullptr,
                                                           simulator.subscriberCount(index))
                            << ")\n";
    };
    QObject::connect(
        &simulator, &DeviceSimulator::subscriberConnected, &context,
        [logSubscribers](int index) { logSubscribers(index, translate("subscriber connected")); });
    QObject::connect(&simulator, &DeviceSimulator::subscriberDisconnected, &context,
                     [logSubscribers](int index) {
                         logSubscribers(index, translate("subscriber disconnected"));
                     });
    QObject::connect(&simulator, &DeviceSimulator::subscriberRefused, &context,
                     [&simulator](int index, const QString &reason) {
                         QTextStream(stderr)
                             << simulator.serialNumber(index) << ": "
                             << translate("subscriber refused: %1").arg(reason) << '\n';
                     });
    QObject::connect(
        &simulator, &DeviceSimulator::emissionFinished, &context, [&simulator](int index) {
            QTextStream(stderr)
                << simulator.serialNumber(index) << ": "
                << translate("all %1 events sent; still serving").arg(simulator.options().count)
                << '\n';
        });
    QObject::connect(
        &simulator, &DeviceSimulator::doorOpened, &context, [&simulator](int index, int mode) {
            QTextStream(stderr) << simulator.serialNumber(index) << ": "
                                << translate("door opened (open_mode %1)").arg(mode) << '\n';
        });

    {
        // One line per device: stable key=value fields that scripts and tests parse.
        QTextStream out(stdout);
        for (int i = 0; i < simulator.deviceCount(); ++i) {
            out << "device=" << (i + 1) << " serial=" << simulator.serialNumber(i)
                << " url=" << simulator.eventUrl(i).toString()
                << " rest=" << simulator.restBaseUrl(i).toString();
            if (options.tls)
                out << " sha256=" << simulator.certificateSha256Hex();
            out << '\n';
        }
        if (options.tls) {
            out << "# " << translate("self-signed certificate; pin it with:") << " gatewatch record"
                << " --device " << simulator.eventUrl(0).toString() << " --pin-sha256 "
                << simulator.certificateSha256Hex() << '\n';
        }
        out.flush();
    }
    std::fflush(stdout);

    // Announced after the lines above: a script that reads them sees every device before any
    // browser can.
    std::vector<std::unique_ptr<ServiceAnnouncer>> announcers;
    if (parser.isSet(announceOption)) {
        if (options.address.isLoopback()) {
            QTextStream(stderr) << "# "
                                << translate("the devices listen on %1: they are announced "
                                             "to this machine only (see --listen)")
                                       .arg(options.address.toString())
                                << '\n';
        }
        for (int i = 0; i < simulator.deviceCount(); ++i) {
            auto announcer = std::make_unique<ServiceAnnouncer>(
                simulator.port(i), simulator.model(i), simulator.serialNumber(i));
            announcer->setListenAddress(options.address);
            const QString serial = simulator.serialNumber(i);
            ServiceAnnouncer *raw = announcer.get();
            QObject::connect(raw, &ServiceAnnouncer::announced, &context, [raw, serial] {
                QTextStream(stderr) << serial << ": "
                                    << translate("announced as \"%1\" (_http._tcp, port %2)")
                                           .arg(raw->serviceName())
                                           .arg(raw->port())
                                    << '\n';
            });
            QObject::connect(
                raw, &ServiceAnnouncer::failed, &context, [serial](const QString &reason) {
                    QTextStream(stderr)
                        << serial << ": " << translate("not announced: %1").arg(reason) << '\n';
                });
            QString reason;
            if (!announcer->start(&reason)) {
                // No system bus at all: nothing would ever be announced.
                printError(Command, translate("cannot announce: %1").arg(reason));
                return ExitFailure;
            }
            announcers.push_back(std::move(announcer));
        }
    }

    UnixSignalWatcher signalWatcher({ SIGINT, SIGTERM });
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &context,
                     [](int) { QCoreApplication::quit(); });

    QCoreApplication::exec();
    // What was logged as sent is delivered before the connections close: while subscribers
    // that held the devices back (TCP back-pressure) keep taking it, the simulator waits; it
    // gives up on them after StalledMs without progress.
    simulator.stopEmitting();
    constexpr qint64 StalledMs = 10'000;
    qint64 unsent = simulator.unsentBytes();
    QDeadlineTimer stalled(StalledMs);
    while (unsent > 0 && !stalled.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
        if (const qint64 now = simulator.unsentBytes(); now < unsent) {
            unsent = now;
            stalled.setRemainingTime(StalledMs);
        }
    }
    if (unsent > 0) {
        QTextStream(stderr) << translate("%1 bytes not delivered: the subscribers took nothing "
                                         "for %2 s")
                                   .arg(unsent)
                                   .arg(StalledMs / 1000)
                            << '\n';
    }
    // Then each subscription ends with a close frame after the last event, as a device that
    // shuts down ends it, and the subscriber answers once it has read everything before it.
    // Closing the sockets at once instead would reset them, and the subscriber would lose
    // what it had not read yet.
    simulator.closeSubscribers();
    QDeadlineTimer closing(StalledMs);
    while (simulator.subscriberTotal() > 0 && !closing.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    if (const int left = simulator.subscriberTotal(); left > 0) {
        QTextStream(stderr) << QCoreApplication::translate(
                                   "SimulateCommand",
                                   "%n subscriber(s) did not answer the close within %1 s", nullptr,
                                   left)
                                   .arg(StalledMs / 1000)
                            << '\n';
    }
    // Withdrawn first: browsers hear the goodbye before the ports close.
    announcers.clear();
    simulator.stop();
    return ExitOk;
}
