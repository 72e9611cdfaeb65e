// Throughput and memory figures for the core path: parsing frames, committing them to SQLite,
// and exporting them to CSV with snapshots. Prints figures; asserts nothing about speed.
//
//   build/ci/tests/bench/bench_pipeline [EVENTS]      (default 50000)

#include "event/eventparser.h"
#include "export/csvexporter.h"
#include "sim/eventgenerator.h"
#include "store/storethread.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {
// Resident set size of this process now, in MiB (Linux).
double residentMiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    // /proc files report no size, so read them whole rather than checking atEnd().
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toDouble() / 1024.0;
    }
    return -1;
}

void report(QTextStream &out, const char *what, qint64 count, qint64 ms, const QString &extra = {})
{
    const double seconds = double(qMax<qint64>(ms, 1)) / 1000.0;
    out << qSetFieldWidth(10) << Qt::left << what << qSetFieldWidth(0) << count << " in "
        << QString::number(seconds, 'f', 2)
        << " s = " << QString::number(double(count) / seconds, 'f', 0) << " /s" << extra << '\n';
    out.flush();
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 events = argc > 1 ? QByteArray(argv[1]).toLongLong() : 50000;
    QTextStream out(stdout);
    QTemporaryDir dir;
    if (!dir.isValid() || events <= 0)
        return 1;

    // Frames as a terminal sends them: about 9 KB of JSON each, mostly the base64 snapshot.
    EventGenerator generator(u"PS71HD01MC22C00001"_s, 42);
    QList<QByteArray> frames;
    for (int i = 0; i < 500; ++i)
        frames.append(generator.nextFrame());
    qint64 frameBytes = 0;
    for (const QByteArray &frame : std::as_const(frames))
        frameBytes += frame.size();
    out << "frames: " << frames.size() << " distinct, average " << frameBytes / frames.size()
        << " bytes\n";

    // 1. Parsing (the network thread's work per frame).
    const EventParser parser;
    QList<RecognitionEvent> parsed;
    parsed.reserve(frames.size());
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = 0; i < events; ++i) {
        ParseOutcome outcome = parser.parse(frames.at(i % frames.size()));
        if (!outcome.ok())
            return 1;
        if (i < frames.size())
            parsed.append(*outcome.event);
    }
    report(out, "parse", events, timer.elapsed(),
           u" (%1 MB/s)"_s.arg(double(frameBytes) / double(frames.size()) * double(events) / 1e6
                                   / (double(qMax<qint64>(timer.elapsed(), 1)) / 1000.0),
                               0, 'f', 0));

    // 2. Storing: every event distinct, committed in the store's own batches.
    const QString path = dir.filePath(u"bench.sqlite"_s);
    {
        StoreThread store;
        QString error;
        if (!store.start(path, {}, &error)) {
            out << error << '\n';
            return 1;
        }
        qint64 committed = 0;
        QObject::connect(
            store.store(), &EventStore::committed, &app,
            [&committed](const QList<StoredEvent> &batch) { committed += batch.size(); });
        timer.restart();
        QList<RecognitionEvent> batch;
        for (qint64 i = 0; i < events; ++i) {
            RecognitionEvent event = parsed.at(i % parsed.size());
            event.uuid = u"bench-%1"_s.arg(i);
            event.timestampMs = 1'700'000'000'000 + i * 1000;
            event.deviceName = u"Bench door"_s;
            event.receivedAt = QDateTime::currentDateTimeUtc();
            batch.append(event);
            if (batch.size() == 500) {
                QMetaObject::invokeMethod(store.store(),
                                          [s = store.store(), batch] { s->addEvents(batch); });
                batch.clear();
            }
        }
        QMetaObject::invokeMethod(store.store(),
                                  [s = store.store(), batch] { s->addEvents(batch); });
        store.stop();
        QCoreApplication::sendPostedEvents();
        report(out, "store", committed, timer.elapsed(),
               u" (database %1 MB)"_s.arg(double(QFileInfo(path).size()) / 1e6, 0, 'f', 0));
    }

    // 3. Export with snapshots; memory sampled while it runs.
    const double before = residentMiB();
    double peak = before;
    ExportOptions options;
    options.databasePath = path;
    options.outputFile = dir.filePath(u"bench.csv"_s);
    options.imagesDir = dir.filePath(u"images"_s);
    timer.restart();
    const ExportResult result = CsvExporter::run(options, [&peak](qint64, qint64) {
        peak = qMax(peak, residentMiB());
        return true;
    });
    if (!result.ok) {
        out << result.error << '\n';
        return 1;
    }
    report(out, "export", result.rows, timer.elapsed(),
           u" (%1 images; resident memory %2 MiB before, peak %3 MiB during)"_s.arg(result.images)
               .arg(before, 0, 'f', 1)
               .arg(peak, 0, 'f', 1));
    return 0;
}
