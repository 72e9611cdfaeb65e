// What one event costs at each stage of the ingest path, on one core, so that a regression can
// be located: the JSON parse, the snapshot's base64 (this project's strict decoder beside Qt's),
// the whole EventParser::parse, the JPEG header check, the thumbnail the live view decodes, a
// full decode, and the store's insert. Prints figures; asserts nothing about speed.
//
//   bench_stages [--events N] [--small] [--markdown]
//
// --events: how many events each stage runs (default 2000); --small: the simulator's default
// 240×320 drawings (about 9 KB) instead of camera snapshots (480×640, about 45 KB);
// --markdown: the table rows only, as scripts/bench puts them into docs/BENCHMARKS.md.
//
// Exit status 0, or 1 when a stage fails (a frame does not parse, the store does not open).

#include "event/eventparser.h"
#include "event/snapshot.h"
#include "model/recognitionmodel.h"
#include "sim/eventgenerator.h"
#include "store/storethread.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

struct Stage
{
    QString name;
    double microseconds = 0; // per event
    double megabytes = 0; // per event, of the input the stage reads
};

// Runs `work(i)` for i in [0, count) and returns the microseconds per call.
double perCall(qint64 count, const std::function<bool(qint64)> &work, bool *ok)
{
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = 0; i < count; ++i) {
        if (!work(i)) {
            *ok = false;
            return 0;
        }
    }
    return double(timer.nsecsElapsed()) / 1000.0 / double(count);
}

void print(const QList<Stage> &stages, bool markdown, const QString &what)
{
    if (!markdown)
        std::printf("%s\n%-44s %12s %12s %10s\n", qPrintable(what), "stage", "µs/event", "events/s",
                    "MB/s");
    for (const Stage &stage : stages) {
        const double rate = 1e6 / stage.microseconds;
        const QString throughput
            = stage.megabytes > 0 ? QString::number(stage.megabytes * rate, 'f', 0) : u"–"_s;
        if (markdown)
            std::printf("| %s | %.1f | %.0f | %s |\n", qPrintable(stage.name), stage.microseconds,
                        rate, qPrintable(throughput));
        else
            std::printf("%-44s %12.1f %12.0f %10s\n", qPrintable(stage.name), stage.microseconds,
                        rate, qPrintable(throughput));
    }
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Per-event cost of each stage of the ingest path."_s);
    parser.addHelpOption();
    const QCommandLineOption eventsOption(u"events"_s, u"Events per stage (default 2000)."_s,
                                          u"N"_s, u"2000"_s);
    const QCommandLineOption smallOption(u"small"_s, u"The simulator's small snapshots."_s);
    const QCommandLineOption markdownOption(u"markdown"_s, u"Print table rows only."_s);
    parser.addOptions({ eventsOption, smallOption, markdownOption });
    parser.process(app);
    bool countOk = false;
    const qint64 events = parser.value(eventsOption).toLongLong(&countOk);
    if (!countOk || events <= 0) {
        std::fprintf(stderr, "bench_stages: --events must be a positive number\n");
        return 2;
    }
    const bool markdown = parser.isSet(markdownOption);

    // 200 distinct frames of one terminal, as it sends them.
    EventGenerator generator(u"PS71HD01MC22C00001"_s, 7);
    generator.setCameraSnapshots(!parser.isSet(smallOption));
    QList<QByteArray> frames;
    QList<QString> texts; // the snapshots' base64 as the JSON parser hands them over
    QList<QByteArray> jpegs;
    qint64 frameBytes = 0;
    qint64 jpegBytes = 0;
    const EventParser eventParser;
    QList<RecognitionEvent> parsed;
    for (int i = 0; i < 200; ++i) {
        const QJsonObject data = generator.nextEventData(1'700'000'000'000 + qint64 { i } * 1000);
        frames.append(EventGenerator::frame(data));
        texts.append(data.value(u"rgb_image"_s).toString());
        ParseOutcome outcome = eventParser.parse(frames.constLast());
        if (!outcome.ok() || outcome.event->snapshotJpeg.isEmpty()) {
            std::fprintf(stderr, "bench_stages: a generated frame did not parse: %s %s\n",
                         qPrintable(outcome.reason),
                         outcome.event ? qPrintable(outcome.event->snapshotError) : "");
            return 1;
        }
        jpegs.append(outcome.event->snapshotJpeg);
        parsed.append(*outcome.event);
        frameBytes += frames.constLast().size();
        jpegBytes += jpegs.constLast().size();
    }
    const int n = int(frames.size());
    const double frameMB = double(frameBytes) / n / 1e6;
    const double textMB = frameMB; // the base64 is nearly all of the frame
    const double jpegMB = double(jpegBytes) / n / 1e6;
    const QString what = u"%1 events per stage; frames of %2 KB on average, JPEG snapshots "
                         "%3×%4 of %5 KB"_s.arg(events)
                             .arg(double(frameBytes) / n / 1000, 0, 'f', 1)
                             .arg(parsed.constFirst().snapshotSize.width())
                             .arg(parsed.constFirst().snapshotSize.height())
                             .arg(double(jpegBytes) / n / 1000, 0, 'f', 1);

    bool ok = true;
    QList<Stage> stages;
    stages.append({ u"JSON parse (QJsonDocument) and fields"_s,
                    perCall(
                        events,
                        [&](qint64 i) {
                            const QJsonObject data = QJsonDocument::fromJson(frames.at(i % n))
                                                         .object()
                                                         .value(u"data"_s)
                                                         .toObject();
                            return data.value(u"rgb_image"_s).toString().size() > 0;
                        },
                        &ok),
                    frameMB });
    stages.append({ u"base64, Qt strict (after toUtf8)"_s,
                    perCall(
                        events,
                        [&](qint64 i) {
                            const auto result = QByteArray::fromBase64Encoding(
                                texts.at(i % n).toUtf8(),
                                QByteArray::Base64Encoding
                                    | QByteArray::AbortOnBase64DecodingErrors);
                            return result.decodingStatus == QByteArray::Base64DecodingStatus::Ok;
                        },
                        &ok),
                    textMB });
    stages.append(
        { u"base64, Snapshot::decodeBase64Strict"_s,
          perCall(
              events,
              [&](qint64 i) {
                  return Snapshot::decodeBase64Strict(QStringView(texts.at(i % n))).has_value();
              },
              &ok),
          textMB });
    stages.append(
        { u"EventParser::parse, whole frame"_s,
          perCall(
              events, [&](qint64 i) { return eventParser.parse(frames.at(i % n)).ok(); }, &ok),
          frameMB });
    stages.append(
        { u"JPEG header check (inspectJpeg)"_s,
          perCall(
              events, [&](qint64 i) { return Snapshot::inspectJpeg(jpegs.at(i % n)).ok; }, &ok),
          jpegMB });
    const QSize tile = RecognitionModel::DefaultThumbnailSize;
    stages.append(
        { u"JPEG thumbnail %1×%2 (scaled decode)"_s.arg(tile.width()).arg(tile.height()),
          perCall(
              events,
              [&](qint64 i) { return !Snapshot::decodeScaled(jpegs.at(i % n), tile).isNull(); },
              &ok),
          jpegMB });
    stages.append(
        { u"JPEG full decode"_s,
          perCall(
              events,
              [&](qint64 i) { return !Snapshot::decodeScaled(jpegs.at(i % n), {}).isNull(); }, &ok),
          jpegMB });

    // The store: distinct events in batches of 500 on the store's own thread, until the last
    // one is committed (WAL, snapshots as they are stored).
    QTemporaryDir dir;
    {
        StoreThread store;
        QString error;
        if (!dir.isValid() || !store.start(dir.filePath(u"stages.sqlite"_s), {}, &error)) {
            std::fprintf(stderr, "bench_stages: %s\n", qPrintable(error));
            return 1;
        }
        qint64 committed = 0;
        QObject::connect(
            store.store(), &EventStore::committed, &app,
            [&committed](const QList<StoredEvent> &batch) { committed += batch.size(); });
        QElapsedTimer timer;
        timer.start();
        QList<RecognitionEvent> batch;
        for (qint64 i = 0; i < events; ++i) {
            RecognitionEvent event = parsed.at(i % n);
            event.uuid = u"stage-%1"_s.arg(i);
            event.timestampMs = 1'700'000'000'000 + i * 1000;
            event.receivedAt = QDateTime::currentDateTimeUtc();
            batch.append(event);
            if (batch.size() == 500 || i == events - 1) {
                QMetaObject::invokeMethod(store.store(),
                                          [s = store.store(), batch] { s->addEvents(batch); });
                batch.clear();
            }
        }
        store.stop();
        QCoreApplication::sendPostedEvents();
        if (committed != events) {
            std::fprintf(stderr, "bench_stages: the store committed %lld of %lld events\n",
                         static_cast<long long>(committed), static_cast<long long>(events));
            return 1;
        }
        stages.append({ u"store insert (batches of 500, WAL)"_s,
                        double(timer.nsecsElapsed()) / 1000.0 / double(events), jpegMB });
    }
    if (!ok) {
        std::fprintf(stderr, "bench_stages: a stage failed on valid input\n");
        return 1;
    }
    print(stages, markdown, what);
    if (markdown)
        std::printf("\n%s\n", qPrintable(what));
    return 0;
}
