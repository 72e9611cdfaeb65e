// Load, reconnect storm and soak of the headless recorder, each side in a process of its own as
// on a site: `gatewatch simulate` plays the terminals, `gatewatch record` records them into a
// database, and this program watches both and prints figures (docs/RELIABILITY.md).
//
//   bench_load storm [--devices 200] [--rate 5] [--sustain 120] [--port 47000] [--tls]
//   bench_load soak  [--devices 50] [--rate 60] [--events 1000000] [--port 47000] [--tls]
//
// storm: every terminal streams for --sustain seconds; then the simulator is killed (every
// connection drops at the same moment) and started again on the same ports. Prints how long
// the recorder took to bring each terminal back online against the back-off bound, the
// recorder's resident memory before, during and after, and checks the database: every frame
// the terminals delivered is stored exactly once.
//
// soak: the terminals stream until --events events are stored. Prints the recorder's resident
// memory over the run and its growth over the second half.
//
// Exit status 0 when every check holds, 1 when one does not, 2 on a usage or start-up error.

#include "benchsupport.h"
#include "device/deviceconfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <functional>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;
using namespace bench;

namespace {

struct Options
{
    QString mode;
    int devices = 0;
    double rate = 0;
    int sustainS = 0;
    qint64 events = 0;
    int port = 0;
    bool tls = false;
    QString executable;
};

class LoadBench final
{
public:
    explicit LoadBench(Options options)
        : m_options(std::move(options))
    { }

    int run()
    {
        if (!m_dir.isValid()) {
            say(u"cannot create a temporary directory"_s);
            return 2;
        }
        m_database = m_dir.filePath(u"load.sqlite"_s);
        m_sentLog = m_dir.filePath(u"sent.jsonl"_s);

        say(u"%1: %2 terminals × %3 events/s (%4), recorder and simulator in their own "
            "processes"_s.arg(m_options.mode)
                .arg(m_options.devices)
                .arg(m_options.rate)
                .arg(m_options.tls ? u"wss, pinned"_s : u"ws"_s));
        if (!startSimulator())
            return 2;
        if (!startRecorder())
            return 2;
        return m_options.mode == u"storm"_s ? storm() : soak();
    }

private:
    bool startSimulator()
    {
        m_simulator = std::make_unique<Child>();
        QStringList arguments { u"simulate"_s,
                                u"--port"_s,
                                QString::number(m_options.port),
                                u"--devices"_s,
                                QString::number(m_options.devices),
                                u"--rate"_s,
                                QString::number(m_options.rate),
                                u"--ms-timestamps"_s,
                                u"--site-mix"_s,
                                u"--seed"_s,
                                QString::number(++m_simulatorStarts),
                                u"--log-sent"_s,
                                m_sentLog };
        if (m_options.tls)
            arguments << u"--tls"_s;
        m_urls = bench::startSimulator(*m_simulator, m_options.executable, arguments,
                                       m_options.devices, &m_pin);
        return !m_urls.isEmpty();
    }

    bool startRecorder()
    {
        m_recorder = std::make_unique<Child>();
        QStringList arguments { u"record"_s, u"--db"_s, m_database };
        for (int i = 0; i < m_urls.size(); ++i)
            arguments << u"--device"_s
                      << u"T%1=%2"_s.arg(i + 1, 3, 10, QChar(u'0')).arg(m_urls.at(i));
        if (m_options.tls)
            arguments << u"--pin-sha256"_s << m_pin;
        if (!m_recorder->start(m_options.executable, arguments)) {
            say(u"cannot start the recorder: %1"_s.arg(m_recorder->process.errorString()));
            return false;
        }
        QElapsedTimer clock;
        clock.start();
        if (!waitUntil([this] { return onlineSince(0).size() == m_options.devices; }, 120000)) {
            say(u"only %1 of %2 terminals came online in 120 s"_s.arg(onlineSince(0).size())
                    .arg(m_options.devices));
            return false;
        }
        m_coldConnectMs = clock.elapsed();
        say(u"all %1 terminals online %2 s after the recorder started"_s.arg(m_options.devices)
                .arg(double(clock.elapsed()) / 1000.0, 0, 'f', 1));
        return true;
    }

    // Terminal name → when (recorder clock) it first said "online" at or after `fromMs`.
    QHash<QString, qint64> onlineSince(qint64 fromMs) const
    {
        static const QRegularExpression online(u"^(T\\d+): online \\("_s);
        QHash<QString, qint64> result;
        for (const auto &[at, line] : std::as_const(m_recorder->errLines)) {
            if (at < fromMs)
                continue;
            if (const auto match = online.match(line);
                match.hasMatch() && !result.contains(match.captured(1)))
                result.insert(match.captured(1), at);
        }
        return result;
    }

    std::optional<qint64> storedCount()
    {
        QSqlDatabase db = QSqlDatabase::contains(u"bench"_s)
            ? QSqlDatabase::database(u"bench"_s)
            : QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bench"_s);
        if (!db.isOpen()) {
            db.setDatabaseName(m_database);
            db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
            if (!db.open())
                return std::nullopt;
        }
        QSqlQuery query(db);
        if (!query.exec(u"SELECT COUNT(*) FROM events"_s) || !query.next())
            return std::nullopt;
        return query.value(0).toLongLong();
    }

    void sampleMemory()
    {
        const qint64 rss = rssKiB(m_recorder->pid());
        if (rss > 0)
            m_rss.append({ m_recorder->now(), rss });
    }

    qint64 peakRssBetween(qint64 fromMs, qint64 toMs) const
    {
        qint64 peak = 0;
        for (const auto &[at, kib] : m_rss) {
            if (at >= fromMs && at <= toMs)
                peak = std::max(peak, kib);
        }
        return peak;
    }

    // Runs for `seconds`, sampling memory each second; says the store's rate at the end.
    void sustain(int seconds, const QString &what)
    {
        const qint64 before = storedCount().value_or(0);
        QElapsedTimer clock;
        clock.start();
        waitUntil([&] { return clock.elapsed() >= qint64(seconds) * 1000; },
                  qint64(seconds) * 1000 + 5000, [this] { sampleMemory(); });
        const qint64 after = storedCount().value_or(0);
        say(u"%1: %2 s, %3 events stored (%4 events/s), recorder RSS %5"_s.arg(what)
                .arg(seconds)
                .arg(after - before)
                .arg(double(after - before) / (double(clock.elapsed()) / 1000.0), 0, 'f', 0)
                .arg(mib(rssKiB(m_recorder->pid()))));
    }

    int storm()
    {
        bool ok = true;
        const int warmS = std::max(10, m_options.sustainS / 4);
        sustain(warmS, u"warm-up"_s);
        const qint64 warmEnd = m_recorder->now();
        sustain(m_options.sustainS - warmS, u"sustained"_s);
        const qint64 steadyPeak = peakRssBetween(warmEnd, m_recorder->now());

        // Every connection drops at once; the terminals come back on the same ports.
        const qint64 dropAt = m_recorder->now();
        m_dropWallMs = QDateTime::currentMSecsSinceEpoch();
        m_simulator->stop(SIGKILL);
        if (!startSimulator())
            return 2;
        const qint64 restoredAt = m_recorder->now();
        say(u"storm: every terminal dropped at once; back listening after %1 s"_s.arg(
            double(restoredAt - dropAt) / 1000.0, 0, 'f', 2));

        // The latest a terminal can come back: its first attempt after the restore, whose delay
        // is at most the jittered back-off after the failures it can have had by then, plus the
        // time a connection and TLS handshake take on this machine (the cold start's figure).
        const BackoffPolicy backoff;
        int failures = 0; // attempts that can have fallen before the restore
        qint64 earliestAttempt = backoff.delayMs(0, 0.0);
        while (earliestAttempt < restoredAt - dropAt) {
            ++failures;
            earliestAttempt += backoff.delayMs(failures, 0.0);
        }
        const qint64 boundMs = (restoredAt - dropAt) + backoff.delayMs(failures, 0.999999)
            + std::max<qint64>(2000, m_coldConnectMs);
        const bool allBack
            = waitUntil([&] { return onlineSince(dropAt).size() == m_options.devices; }, 120000,
                        [this] { sampleMemory(); });
        const QHash<QString, qint64> back = onlineSince(dropAt);
        QList<qint64> delays;
        for (const qint64 at : back)
            delays.append(at - dropAt);
        std::sort(delays.begin(), delays.end());
        const auto percentile = [&delays](double p) {
            return delays.isEmpty()
                ? qint64(-1)
                : delays.at(qsizetype(std::ceil(p * double(delays.size()))) - 1);
        };
        say(u"storm: %1 of %2 terminals back online; after the drop: median %3 s, p95 %4 s, "
            "last %5 s; bound %6 s"_s.arg(back.size())
                .arg(m_options.devices)
                .arg(double(percentile(0.5)) / 1000.0, 0, 'f', 2)
                .arg(double(percentile(0.95)) / 1000.0, 0, 'f', 2)
                .arg(double(percentile(1.0)) / 1000.0, 0, 'f', 2)
                .arg(double(boundMs) / 1000.0, 0, 'f', 2));
        if (!allBack || percentile(1.0) > boundMs) {
            say(u"FAIL: not every terminal came back within the back-off bound"_s);
            ok = false;
        }
        // Reconnect times spread by the jitter, not in lockstep.
        if (delays.size() > 1)
            say(u"storm: reconnections spread over %1 s"_s.arg(
                double(delays.last() - delays.first()) / 1000.0, 0, 'f', 2));

        sampleMemory();
        const qint64 stormEnd = m_recorder->now();
        sustain(std::max(10, m_options.sustainS / 4), u"after the storm"_s);
        const qint64 stormPeak = peakRssBetween(dropAt, stormEnd);
        const qint64 afterPeak = peakRssBetween(stormEnd, m_recorder->now());
        say(u"recorder RSS: steady peak %1, peak during the storm %2, peak after %3"_s.arg(
            mib(steadyPeak), mib(stormPeak), mib(afterPeak)));

        return checkDatabase() && ok ? 0 : 1;
    }

    int soak()
    {
        QElapsedTimer clock;
        clock.start();
        qint64 stored = 0;
        qint64 lastReport = 0;
        const bool reached = waitUntil(
            [&] { return stored >= m_options.events; }, qint64(24) * 3600 * 1000,
            [&] {
                sampleMemory();
                stored = storedCount().value_or(stored);
                if (clock.elapsed() - lastReport >= 30000) {
                    lastReport = clock.elapsed();
                    say(u"soak: %1 events stored after %2 s, recorder RSS %3"_s.arg(stored)
                            .arg(clock.elapsed() / 1000)
                            .arg(mib(m_rss.isEmpty() ? -1 : m_rss.constLast().second)));
                }
            });
        if (!reached)
            return 1;
        const double seconds = double(clock.elapsed()) / 1000.0;
        say(u"soak: %1 events stored in %2 s (%3 events/s)"_s.arg(stored)
                .arg(seconds, 0, 'f', 0)
                .arg(double(stored) / seconds, 0, 'f', 0));

        // Memory over the run, by quarter, and the growth over the second half.
        const qint64 start = m_rss.constFirst().first;
        const qint64 span = m_rss.constLast().first - start;
        const auto rssAt = [&](double fraction) {
            const qint64 at = start + qint64(double(span) * fraction);
            qint64 value = m_rss.constFirst().second;
            for (const auto &[when, kib] : std::as_const(m_rss)) {
                if (when <= at)
                    value = kib;
            }
            return value;
        };
        say(u"soak: recorder RSS at 25 %: %1, 50 %: %2, 75 %: %3, end: %4, peak: %5"_s.arg(
            mib(rssAt(0.25)), mib(rssAt(0.5)), mib(rssAt(0.75)), mib(rssAt(1.0)),
            mib(peakRssBetween(0, m_recorder->now()))));
        const qint64 growth = peakRssBetween(start + span / 2, start + span) - rssAt(0.5);
        say(u"soak: growth over the second half: %1 (bound: %2)"_s.arg(mib(growth),
                                                                       mib(SoakGrowthBoundKiB)));
        const bool dbOk = checkDatabase();
        // Connections that ended during the run (anything after the first "online" of each
        // terminal that is not "online" again): frames in flight on them are lost.
        QStringList dropped;
        QSet<QString> online;
        static const QRegularExpression stateLine(u"^(T\\d+): (.*)$"_s);
        for (const auto &[at, line] : std::as_const(m_recorder->errLines)) {
            if (at >= m_endedAt)
                break; // the terminals are stopping
            const auto match = stateLine.match(line);
            if (!match.hasMatch() || match.captured(2).startsWith(u"recording from"_s)
                || match.captured(2).startsWith(u"no back-fill"_s))
                continue;
            if (match.captured(2).startsWith(u"online"_s)) {
                online.insert(match.captured(1));
                continue;
            }
            if (online.contains(match.captured(1))
                && !match.captured(2).startsWith(u"disconnected"_s))
                dropped.append(u"%1 s: %2"_s.arg(double(at) / 1000.0, 0, 'f', 1).arg(line));
        }
        say(u"soak: %1 connection change(s) after coming online"_s.arg(dropped.size()));
        for (const QString &line : dropped.first(std::min<qsizetype>(dropped.size(), 10)))
            say(u"  "_s + line);
        // The recorder's last words: what it recorded, and whether (and how long) it held the
        // terminals back while the database caught up.
        for (const auto &[at, line] : std::as_const(m_recorder->errLines)) {
            if (line.startsWith(u"events recorded"_s) || line.contains(u"held back"_s))
                say(u"recorder: "_s + line);
        }
        return dbOk && growth <= SoakGrowthBoundKiB ? 0 : 1;
    }

    // Ends both sides, the terminals first so that the recorder has everything they sent, then
    // checks: every frame the terminals delivered is stored, none twice; the file is sound.
    // Frames handed to the socket in the last second before the storm's SIGKILL may have died
    // with the simulator's buffers: those are counted apart and are not a failure.
    bool checkDatabase()
    {
        // A simulator held back by the recorder delivers what it still holds before it exits
        // (at most 10 minutes here); the recorder then reads what is left in the sockets,
        // until nothing more is stored for 3 s.
        m_endedAt = m_recorder->now();
        m_simulator->stop(SIGTERM, 600000);
        QElapsedTimer still;
        still.start();
        qint64 lastStored = -1;
        waitUntil([&] { return still.elapsed() >= 3000; }, 600000,
                  [&] {
                      const qint64 stored = storedCount().value_or(lastStored);
                      if (stored != lastStored) {
                          lastStored = stored;
                          still.restart();
                      }
                  });
        m_recorder->stop(SIGTERM);
        QSqlDatabase::database(u"bench"_s).close();
        QSqlDatabase db = QSqlDatabase::database(u"bench"_s);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (!db.open()) {
            say(u"FAIL: cannot open the database: %1"_s.arg(db.lastError().text()));
            return false;
        }
        QSqlQuery query(db);
        bool ok = true;
        if (!query.exec(u"PRAGMA integrity_check"_s) || !query.next()
            || query.value(0).toString() != u"ok"_s) {
            say(u"FAIL: integrity check: %1"_s.arg(query.value(0).toString()));
            ok = false;
        }
        QSet<std::pair<QString, qint64>> stored;
        qint64 rows = 0;
        query.exec(u"SELECT device_sn, timestamp_ms FROM events"_s);
        while (query.next()) {
            ++rows;
            stored.insert({ query.value(0).toString(), query.value(1).toLongLong() });
        }
        QFile log(m_sentLog);
        qint64 sent = 0;
        qint64 missing = 0;
        qint64 inFlightAtDrop = 0;
        // Where the missing ones are: which terminals, and when they were sent.
        QSet<QString> missingTerminals;
        qint64 lastSentMs = 0;
        qint64 firstMissingMs = std::numeric_limits<qint64>::max();
        qint64 lastMissingMs = 0;
        if (log.open(QIODevice::ReadOnly)) {
            while (!log.atEnd()) {
                const QJsonObject data
                    = QJsonDocument::fromJson(log.readLine()).object().value(u"data"_s).toObject();
                ++sent;
                const qint64 timestampMs = qint64(data.value(u"timestamp"_s).toDouble());
                lastSentMs = std::max(lastSentMs, timestampMs);
                if (stored.contains({ data.value(u"deviceSN"_s).toString(), timestampMs }))
                    continue;
                missingTerminals.insert(data.value(u"deviceSN"_s).toString());
                firstMissingMs = std::min(firstMissingMs, timestampMs);
                lastMissingMs = std::max(lastMissingMs, timestampMs);
                if (m_dropWallMs > 0 && timestampMs >= m_dropWallMs - 1000
                    && timestampMs <= m_dropWallMs)
                    ++inFlightAtDrop;
                else
                    ++missing;
            }
        }
        say(u"database: %1 events stored, %2 distinct (terminal, time); %3 sent by the "
            "terminals, %4 of them not stored (%5 of those in the last second before the "
            "SIGKILL)"_s.arg(rows)
                .arg(stored.size())
                .arg(sent)
                .arg(missing + inFlightAtDrop)
                .arg(inFlightAtDrop));
        if (rows != stored.size()) {
            say(u"FAIL: %1 events stored twice"_s.arg(rows - stored.size()));
            ok = false;
        }
        if (missing > 0) {
            say(u"FAIL: %1 delivered events are not in the database: from %2 terminal(s), sent "
                "between %3 s and %4 s before the last frame sent"_s.arg(missing)
                    .arg(missingTerminals.size())
                    .arg(double(lastSentMs - firstMissingMs) / 1000, 0, 'f', 1)
                    .arg(double(lastSentMs - lastMissingMs) / 1000, 0, 'f', 1));
            ok = false;
        }
        for (const auto &[at, line] : std::as_const(m_simulator->errLines)) {
            if (line.contains(u"not delivered"_s) || line.contains(u"did not answer"_s))
                say(u"simulator: "_s + line);
        }
        return ok;
    }

    static constexpr qint64 SoakGrowthBoundKiB = qint64 { 20 } * 1024;
    // How long bringing every terminal online took at the start: the time connecting (and the
    // TLS handshakes) take on this machine, allowed on top of the back-off in the storm.
    qint64 m_coldConnectMs = 0;

    Options m_options;
    QTemporaryDir m_dir;
    QString m_database;
    QString m_sentLog;
    std::unique_ptr<Child> m_simulator;
    std::unique_ptr<Child> m_recorder;
    QStringList m_urls;
    QString m_pin;
    int m_simulatorStarts = 0;
    qint64 m_dropWallMs = 0;
    // When the terminals were told to stop (recorder clock ms).
    qint64 m_endedAt = std::numeric_limits<qint64>::max();
    QList<std::pair<qint64, qint64>> m_rss; // (recorder clock ms, KiB)
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Load, reconnect storm and soak of gatewatch record."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"mode"_s, u"storm or soak"_s);
    const QCommandLineOption devices(u"devices"_s, u"Simulated terminals."_s, u"N"_s);
    const QCommandLineOption rate(u"rate"_s, u"Events per second per terminal."_s, u"R"_s);
    const QCommandLineOption sustain(
        u"sustain"_s, u"storm: seconds of streaming before the drop."_s, u"S"_s, u"120"_s);
    const QCommandLineOption events(u"events"_s, u"soak: events to store."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption port(u"port"_s, u"First port of the terminals."_s, u"P"_s, u"47000"_s);
    const QCommandLineOption tls(u"tls"_s, u"Terminals serve wss:// (pinned)."_s);
    const QCommandLineOption executable(u"gatewatch"_s, u"The gatewatch executable."_s, u"PATH"_s,
                                        QStringLiteral(GATEWATCH_EXECUTABLE));
    parser.addOptions({ devices, rate, sustain, events, port, tls, executable });
    parser.process(app);

    Options options;
    options.mode = parser.positionalArguments().value(0);
    if (options.mode != u"storm"_s && options.mode != u"soak"_s) {
        std::fprintf(stderr, "bench_load: the mode must be storm or soak\n");
        return 2;
    }
    const bool isStorm = options.mode == u"storm"_s;
    options.devices
        = parser.value(devices).isEmpty() ? (isStorm ? 200 : 50) : parser.value(devices).toInt();
    options.rate
        = parser.value(rate).isEmpty() ? (isStorm ? 5.0 : 60.0) : parser.value(rate).toDouble();
    options.sustainS = parser.value(sustain).toInt();
    options.events = parser.value(events).toLongLong();
    options.port = parser.value(port).toInt();
    options.tls = parser.isSet(tls);
    options.executable = parser.value(executable);
    if (options.devices <= 0 || options.rate <= 0 || options.sustainS < 20 || options.events <= 0
        || options.port <= 0 || options.port + options.devices > 65535) {
        std::fprintf(stderr,
                     "bench_load: --devices, --rate, --events and --port must be positive, "
                     "--sustain at least 20 s\n");
        return 2;
    }
    return LoadBench(options).run();
}
