// Ingest throughput: how many events per second a recorder commits when simulated terminals
// stream camera-sized snapshots (about 48 KB of JPEG, 64 KB frames) as fast as it reads them.
// Each side runs in a process of its own, as on a site: `gatewatch simulate --rate max` plays
// the terminals, and the recorder is `gatewatch record`, the window (`gatewatch` with the
// dashboard shown, offscreen, in a home of its own) or the Python baseline
// (tests/bench/baseline_recorder.py), so all are measured the same way.
//
//   bench_ingest [--recorder gatewatch|gui|python] [--devices 10] [--events 20000]
//                [--rate max|R] [--snapshots camera|small] [--no-probe] [--port 0]
//                [--markdown | --memory-markdown]
//
// Prints the sustained rate (between 10 % and 90 % of the events committed), the data rate,
// how far the store fell behind the sockets (at each 100 ms sample that finds new events
// committed, the newest one's receipt time against the clock), the CPU the recorder and the
// simulator used (100 % = one core), and the recorder's resident memory (its peak, at half the
// events and at the end: the growth over the second half of a long run shows a leak). For the
// window, also what its PerformanceProbe logged while the events came in: the longest stall of
// its event loop, and the time from an event's arrival to its gallery tile's first paint (the
// median of each second's median, the worst second's 99th percentile, the maximum). --rate R
// makes each terminal send R events a second instead of as fast as it is read; --snapshots
// small sends the simulator's own small snapshots (about 9 KB), for runs of a million events;
// --no-probe leaves the window's probe off, for an idle figure its timer would inflate.
// Asserts nothing about speed.
//
// Exit status 0 when every event was committed exactly once (and the window, over a run of
// seconds, logged its figures), 1 when not, 2 on a usage or start-up error.

#include "benchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <memory>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace bench;

namespace {

// User plus system CPU time of a process so far, in seconds (Linux).
double cpuSeconds(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    // Fields after the command name, which is in parentheses and may hold spaces.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    const auto ticks = double(fields.at(11).toLongLong() + fields.at(12).toLongLong());
    return ticks / double(::sysconf(_SC_CLK_TCK));
}

struct Options
{
    QString recorder;
    QString rate;
    bool cameraSnapshots = true;
    bool memoryRow = false;
    bool probe = true;
    int devices = 0;
    qint64 eventsPerDevice = 0;
    int port = 0;
    bool markdown = false;
    QString executable;
    QString python;
    QString baseline;
};

struct Sample
{
    qint64 atMs = 0; // since the first event was committed
    qint64 committed = 0;
    qint64 rssKiB = 0; // the recorder's
};

class IngestBench final
{
public:
    explicit IngestBench(Options options)
        : m_options(std::move(options))
    { }

    int run()
    {
        if (!m_dir.isValid()) {
            say(u"bench_ingest: cannot create a temporary directory"_s);
            return 2;
        }
        m_database = m_dir.filePath(u"ingest.sqlite"_s);
        m_events = m_options.eventsPerDevice * m_options.devices;
        if (!startSimulator() || !startRecorder())
            return 2;
        const bool complete = measure();
        const bool exact = finish();
        const Probe probe = probeFigures();
        report(probe);
        // A window that ran for seconds logged its figures each second.
        const bool probed = m_options.recorder != u"gui"_s || !m_options.probe || timeAt(1.0) < 2000
            || probe.seconds > 0;
        if (!probed)
            say(u"FAIL: the window logged no gatewatch.perf figures while the events came in"_s);
        return complete && exact && probed ? 0 : 1;
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
                                m_options.rate,
                                u"--count"_s,
                                QString::number(m_options.eventsPerDevice),
                                u"--site-mix"_s,
                                u"--ms-timestamps"_s };
        if (m_options.cameraSnapshots)
            arguments << u"--camera-snapshots"_s;
        m_urls = bench::startSimulator(*m_simulator, m_options.executable, arguments,
                                       m_options.devices);
        return !m_urls.isEmpty();
    }

    bool startRecorder()
    {
        m_recorder = std::make_unique<Child>();
        bool started = false;
        if (m_options.recorder == u"python"_s) {
            QStringList arguments { m_options.baseline, u"--db"_s, m_database, u"--events"_s,
                                    QString::number(m_events) };
            arguments += m_urls;
            started = m_recorder->start(m_options.python, arguments);
        } else {
            const bool window = m_options.recorder == u"gui"_s;
            QStringList arguments { u"--db"_s, m_database };
            if (!window)
                arguments.prepend(u"record"_s);
            for (int i = 0; i < m_urls.size(); ++i)
                arguments << u"--device"_s
                          << u"T%1=%2"_s.arg(i + 1, 3, 10, QChar(u'0')).arg(m_urls.at(i));
            if (window) {
                // A home of its own: no settings, devices or layout of the user's.
                QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
                const QString home = m_dir.filePath(u"home"_s);
                environment.insert(u"HOME"_s, home);
                environment.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
                environment.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
                environment.insert(u"XDG_CACHE_HOME"_s, home + u"/cache"_s);
                environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
                environment.insert(u"QT_LOGGING_RULES"_s,
                                   m_options.probe ? u"gatewatch.perf.info=true"_s
                                                   : u"gatewatch.perf.info=false"_s);
                m_recorder->process.setProcessEnvironment(environment);
            }
            started = m_recorder->start(m_options.executable, arguments);
        }
        if (!started) {
            say(u"bench_ingest: cannot start the recorder: %1"_s.arg(
                m_recorder->process.errorString()));
            return false;
        }
        return true;
    }

    // The newest committed event: its id (ids count up from 1 and rows are never removed
    // here, so it is the number committed) and when the recorder received it.
    std::optional<std::pair<qint64, qint64>> newest()
    {
        if (!QSqlDatabase::contains(u"ingest"_s)) {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"ingest"_s);
            db.setDatabaseName(m_database);
            db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
        }
        QSqlDatabase db = QSqlDatabase::database(u"ingest"_s, false);
        if (!db.isOpen() && (!QFile::exists(m_database) || !db.open()))
            return std::nullopt;
        QSqlQuery query(db);
        if (!query.exec(u"SELECT id, received_at_ms FROM events ORDER BY id DESC LIMIT 1"_s)
            || !query.next()) {
            // Opened before the recorder created its tables: a read-only connection does not
            // see them appear, so the next sample opens it again.
            query.finish();
            db.close();
            return std::nullopt;
        }
        return std::pair { query.value(0).toLongLong(), query.value(1).toLongLong() };
    }

    // Samples until every event is committed, or nothing more is for 30 s.
    bool measure()
    {
        QElapsedTimer clock;
        QElapsedTimer still;
        still.start();
        qint64 last = 0;
        const bool complete = waitUntil(
            [&] {
                const auto row = newest();
                if (!row) // nothing committed yet: wait, unless the recorder has ended
                    return m_recorder->process.state() == QProcess::NotRunning;
                const qint64 now = QDateTime::currentMSecsSinceEpoch();
                if (!clock.isValid()) {
                    clock.start();
                    m_firstCommitAt = m_recorder->now();
                    m_recorderCpuAtStart = cpuSeconds(m_recorder->pid());
                    m_simulatorCpuAtStart = cpuSeconds(m_simulator->pid());
                }
                if (row->first != last) {
                    last = row->first;
                    still.restart();
                    // How long after its arrival the newest event was committed (within a
                    // sample): at a slow rate no newer event may arrive for seconds, which is
                    // not the store falling behind.
                    m_maxLagMs = std::max(m_maxLagMs, now - row->second);
                }
                const qint64 rss = rssKiB(m_recorder->pid());
                m_samples.append({ clock.elapsed(), row->first, rss });
                m_peakRssKiB = std::max(m_peakRssKiB, rss);
                if (row->first >= m_events) {
                    m_lastCommitAt = m_recorder->now();
                    m_recorderCpu = cpuSeconds(m_recorder->pid()) - m_recorderCpuAtStart;
                    m_simulatorCpu = cpuSeconds(m_simulator->pid()) - m_simulatorCpuAtStart;
                    return true;
                }
                return still.elapsed() > 30000
                    || m_recorder->process.state() == QProcess::NotRunning;
            },
            qint64 { 3600 } * 1000);
        if (complete && !m_samples.isEmpty() && m_samples.constLast().committed >= m_events)
            return true;
        say(u"FAIL: the recorder stopped committing after %1 of %2 events%3"_s.arg(last)
                .arg(m_events)
                .arg(m_recorder->process.state() == QProcess::NotRunning ? u" and exited"_s
                                                                         : QString()));
        for (const auto &line : std::as_const(m_recorder->errLines))
            say(u"  recorder: "_s + line.second);
        return false;
    }

    // Ends both sides and counts what is stored: every event once.
    bool finish()
    {
        m_simulator->stop(SIGTERM);
        m_recorder->stop(SIGTERM);
        newest(); // makes sure the connection is set up
        QSqlDatabase db = QSqlDatabase::database(u"ingest"_s, false);
        db.close();
        if (!db.open()) {
            say(u"FAIL: cannot open the database: %1"_s.arg(db.lastError().text()));
            return false;
        }
        QSqlQuery query(db);
        // An event is its terminal, time, uuid (when it has one), person and status: the
        // simulator gives two events of one terminal and second with the same person and
        // status a uuid each, and floods many into one millisecond.
        if (!query.exec(u"SELECT COUNT(*), COUNT(DISTINCT device_sn || '/' || timestamp_ms || "
                        "'/' || IFNULL(uuid, '') || '/' || IFNULL(user_id, '') || '/' || "
                        "IFNULL(recognize_status, '')) FROM events"_s)
            || !query.next()) {
            say(u"FAIL: cannot count the events: %1"_s.arg(query.lastError().text()));
            return false;
        }
        m_stored = query.value(0).toLongLong();
        const qint64 distinct = query.value(1).toLongLong();
        db.close();
        if (m_stored != m_events || distinct != m_events) {
            say(u"FAIL: %1 events stored (%2 distinct) of the %3 the terminals sent"_s.arg(m_stored)
                    .arg(distinct)
                    .arg(m_events));
            for (const auto &line : std::as_const(m_recorder->errLines))
                say(u"  recorder: "_s + line.second);
            return false;
        }
        return true;
    }

    // The first sample with `fraction` of the events committed, or the last one.
    Sample sampleAt(double fraction) const
    {
        const auto wanted = qint64(std::ceil(double(m_events) * fraction));
        for (const Sample &sample : m_samples) {
            if (sample.committed >= wanted)
                return sample;
        }
        return m_samples.isEmpty() ? Sample() : m_samples.constLast();
    }
    // The time at which `fraction` of the events were committed (ms since the first).
    qint64 timeAt(double fraction) const { return sampleAt(fraction).atMs; }

    struct Probe
    {
        int seconds = 0;
        qint64 longestStallMs = 0;
        qint64 tiles = 0;
        qint64 p50Ms = 0;
        qint64 p99Ms = 0;
        qint64 maxMs = 0;
    };

    void report(const Probe &probe) const
    {
        const qint64 from = timeAt(0.1);
        const qint64 to = timeAt(0.9);
        // Samples are 100 ms apart: a run shorter than half a second cannot be timed.
        const bool timed = to - from >= 500;
        const double seconds = double(std::max<qint64>(to - from, 1)) / 1000.0;
        const double rate = double(m_events) * 0.8 / seconds;
        const double whole = double(std::max<qint64>(timeAt(1.0), 1)) / 1000.0;
        // A camera frame, as bench_stages measures it; the simulator's small snapshots vary.
        const double frameMB = m_options.cameraSnapshots ? 0.064 : 0.0;
        const QString recorder = m_options.recorder == u"python"_s ? u"Python baseline"_s
            : m_options.recorder == u"gui"_s                       ? u"gatewatch (window)"_s
                                                                   : u"gatewatch record"_s;
        const QString stall = probe.seconds > 0 ? u"%1 ms"_s.arg(probe.longestStallMs) : u"–"_s;
        const QString latency = probe.tiles > 0
            ? u"%1 / %2 / %3 ms"_s.arg(probe.p50Ms).arg(probe.p99Ms).arg(probe.maxMs)
            : u"–"_s;
        const auto percent = [timed, whole](double cpu) {
            return timed ? QString::number(100.0 * cpu / whole, 'f', 0) + u" %"_s : u"–"_s;
        };
        const QString events = timed ? QString::number(rate, 'f', 0) : u"–"_s;
        const QString megabytes
            = timed && frameMB > 0 ? QString::number(rate * frameMB, 'f', 0) : u"–"_s;
        const qint64 rssAtHalf = sampleAt(0.5).rssKiB;
        const qint64 rssAtEnd = sampleAt(1.0).rssKiB;
        if (m_options.memoryRow) {
            say(u"| %1 | %2 | %3 | %4 | %5 | %6 | %7 MiB | %8 |"_s.arg(recorder)
                    .arg(m_options.devices)
                    .arg(m_events)
                    .arg(events, mib(rssAtHalf), mib(rssAtEnd))
                    .arg(double(rssAtEnd - rssAtHalf) / 1024.0, 0, 'f', 1)
                    .arg(mib(m_peakRssKiB)));
            return;
        }
        if (m_options.markdown) {
            say(u"| %1 | %2 | %3 | %4 | %5 | %6 | %7 ms | %8 | %9 | %10 | %11 | %12 |"_s
                    .arg(recorder)
                    .arg(m_options.devices)
                    .arg(m_options.rate == u"max"_s
                             ? u"max"_s
                             : QString::number(m_options.rate.toDouble() * m_options.devices))
                    .arg(m_events)
                    .arg(events, megabytes)
                    .arg(m_maxLagMs)
                    .arg(percent(m_recorderCpu), percent(m_simulatorCpu), mib(m_peakRssKiB), stall,
                         latency));
            return;
        }
        say(u"%1, %2 terminals, %3 events (%4 stored) in %5 s: %6 events/s sustained (%7 MB/s "
            "of frames)%8"_s.arg(recorder)
                .arg(m_options.devices)
                .arg(m_events)
                .arg(m_stored)
                .arg(whole, 0, 'f', 1)
                .arg(events, megabytes, timed ? QString() : u" – too few events to time"_s));
        say(u"store behind the sockets: at most %1 ms; CPU: recorder %2, simulator %3 (of one "
            "core); recorder memory: peak %4, %5 at half the events, %6 at the end"_s
                .arg(m_maxLagMs)
                .arg(percent(m_recorderCpu), percent(m_simulatorCpu), mib(m_peakRssKiB),
                     mib(rssAtHalf), mib(rssAtEnd)));
        if (m_options.recorder == u"gui"_s)
            say(u"window: longest stall %1; arrival to painted tile (p50 / p99 / max) %2 over %3 "
                "tiles"_s.arg(stall, latency)
                    .arg(probe.tiles));
    }

    // What the window's PerformanceProbe logged, one line a second, while the events came in.
    Probe probeFigures() const
    {
        static const QRegularExpression line(
            u"gui: longest stall (\\d+) ms; tiles (\\d+), arrival to paint p50 (\\d+) ms, "
            "p99 (\\d+) ms, max (\\d+) ms"_s);
        Probe probe;
        QList<qint64> medians;
        for (const auto &[at, text] : m_recorder->errLines) {
            // A line tells of the second before it.
            if (at <= m_firstCommitAt || at > m_lastCommitAt + 1000)
                continue;
            const QRegularExpressionMatch match = line.match(text);
            if (!match.hasMatch())
                continue;
            ++probe.seconds;
            probe.longestStallMs = std::max(probe.longestStallMs, match.captured(1).toLongLong());
            const qint64 tiles = match.captured(2).toLongLong();
            if (tiles == 0)
                continue;
            probe.tiles += tiles;
            medians.append(match.captured(3).toLongLong());
            probe.p99Ms = std::max(probe.p99Ms, match.captured(4).toLongLong());
            probe.maxMs = std::max(probe.maxMs, match.captured(5).toLongLong());
        }
        if (!medians.isEmpty()) {
            std::sort(medians.begin(), medians.end());
            probe.p50Ms = medians.at(medians.size() / 2);
        }
        return probe;
    }

    Options m_options;
    QTemporaryDir m_dir;
    QString m_database;
    qint64 m_events = 0;
    qint64 m_stored = 0;
    std::unique_ptr<Child> m_simulator;
    std::unique_ptr<Child> m_recorder;
    QStringList m_urls;
    QList<Sample> m_samples;
    qint64 m_maxLagMs = 0;
    qint64 m_peakRssKiB = 0;
    double m_recorderCpuAtStart = 0;
    double m_simulatorCpuAtStart = 0;
    double m_recorderCpu = 0;
    double m_simulatorCpu = 0;
    qint64 m_firstCommitAt = 0; // the recorder's Child clock
    qint64 m_lastCommitAt = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Ingest throughput of a recorder (docs/BENCHMARKS.md)."_s);
    parser.addHelpOption();
    const QCommandLineOption recorder(
        u"recorder"_s, u"gatewatch (record, the default), gui (the window) or python."_s,
        u"WHICH"_s, u"gatewatch"_s);
    const QCommandLineOption rate(u"rate"_s,
                                  u"Events per second from each terminal, or max (the default)."_s,
                                  u"R"_s, u"max"_s);
    const QCommandLineOption devices(u"devices"_s, u"Simulated terminals (default 10)."_s, u"N"_s,
                                     u"10"_s);
    const QCommandLineOption events(u"events"_s, u"Events in all (default 20000)."_s, u"N"_s,
                                    u"20000"_s);
    const QCommandLineOption port(
        u"port"_s, u"First port of the terminals (default 0: ports the system chooses)."_s, u"P"_s,
        u"0"_s);
    const QCommandLineOption markdown(u"markdown"_s, u"Print one table row."_s);
    const QCommandLineOption executable(u"gatewatch"_s, u"The gatewatch executable."_s, u"PATH"_s,
                                        QStringLiteral(GATEWATCH_EXECUTABLE));
    const QCommandLineOption python(u"python"_s, u"The Python with python3-websockets."_s,
                                    u"PATH"_s, u"/usr/bin/python3"_s);
    const QCommandLineOption snapshots(
        u"snapshots"_s,
        u"camera (480×640, about 48 KB, the default) or small (the simulator's own, about "
        "9 KB)."_s,
        u"SIZE"_s, u"camera"_s);
    const QCommandLineOption memoryMarkdown(
        u"memory-markdown"_s,
        u"Print one table row of memory: at half the events, at the end, the growth between."_s);
    const QCommandLineOption noProbe(
        u"no-probe"_s,
        u"The window without its PerformanceProbe, whose 5 ms timer counts in an idle figure."_s);
    parser.addOptions({ recorder, rate, devices, events, port, markdown, executable, python,
                        noProbe, snapshots, memoryMarkdown });
    parser.process(app);

    Options options;
    options.recorder = parser.value(recorder);
    options.rate = parser.value(rate);
    options.probe = !parser.isSet(noProbe);
    options.cameraSnapshots = parser.value(snapshots) != u"small"_s;
    options.memoryRow = parser.isSet(memoryMarkdown);
    if (parser.value(snapshots) != u"small"_s && parser.value(snapshots) != u"camera"_s) {
        std::fprintf(stderr, "bench_ingest: --snapshots is camera or small\n");
        return 2;
    }
    bool rateOk = options.rate == u"max"_s;
    if (!rateOk) {
        const double perSecond = options.rate.toDouble(&rateOk);
        rateOk = rateOk && perSecond > 0 && perSecond <= 10'000;
    }
    options.devices = parser.value(devices).toInt();
    const qint64 total = parser.value(events).toLongLong();
    options.port = parser.value(port).toInt();
    options.markdown = parser.isSet(markdown);
    options.executable = parser.value(executable);
    options.python = parser.value(python);
    options.baseline = QStringLiteral(GATEWATCH_BASELINE_RECORDER);
    if ((options.recorder != u"gatewatch"_s && options.recorder != u"gui"_s
         && options.recorder != u"python"_s)
        || !rateOk || options.devices <= 0 || options.devices > 1000 || total < options.devices
        || options.port < 0 || options.port + options.devices > 65535) {
        std::fprintf(stderr,
                     "bench_ingest: --recorder is gatewatch, gui or python; --rate max or "
                     "0..10000; --devices 1..1000, --events at least one per terminal, --port "
                     "0..65535\n");
        return 2;
    }
    options.eventsPerDevice = total / options.devices;
    return IngestBench(options).run();
}
