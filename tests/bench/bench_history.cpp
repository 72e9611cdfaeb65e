// What a history view over a large database costs: counting, the first page, a page deep in
// the result, every filter and every sort, the snapshots of one page, and exporting to CSV.
// Prints figures; asserts nothing about speed. Make the database with gen_history first.
//
//   build/ci/tests/bench/gen_history /tmp/history.sqlite
//   build/ci/tests/bench/bench_history /tmp/history.sqlite [--repeat R] [--no-export]
//                                                          [--export-only] [--markdown]
//
// --markdown: the exports' figures as rows of a Markdown table on stdout (what was exported,
// rows, MiB, rows/s best and median, rows per CPU second, resident memory before and at the
// peak), for scripts/bench; everything else goes to stderr.
//
// A database of an older schema version (gen_history --version3) is first brought up to date
// by the store, as the recorder does at start, and that migration is timed.

#include "export/csvexporter.h"
#include "store/eventreader.h"
#include "store/eventstore.h"
#include "store/schema.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimeZone>

#include <algorithm>
#include <functional>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace {

double residentMiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toDouble() / 1024.0;
    }
    return -1;
}

// The CPU time this process used so far (user and system), in seconds: on a shared machine
// the wall-clock time says more about the neighbours than about the code.
double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &t) {
        return double(t.tv_sec) + double(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

class Bench final
{
public:
    Bench(EventReader *reader, int repeat, bool print, FILE *out)
        : m_reader(reader)
        , m_repeat(print ? repeat : 1)
        , m_print(print)
        , m_out(out)
    { }

    QTextStream &out() { return m_out; }

    // Runs `work` `repeat` times; prints the first run and the median of all, in ms, and what
    // the work says about its result.
    void measure(const QString &what, const std::function<QString()> &work)
    {
        QList<double> times;
        QString result;
        for (int i = 0; i < m_repeat; ++i) {
            QElapsedTimer timer;
            timer.start();
            result = work();
            times.append(double(timer.nsecsElapsed()) / 1e6);
        }
        if (!m_print)
            return;
        const double first = times.constFirst();
        std::sort(times.begin(), times.end());
        const double median = times.at(times.size() / 2);
        m_out << qSetFieldWidth(48) << Qt::left << what << qSetFieldWidth(9) << Qt::right
              << QString::number(first, 'f', 1) << QString::number(median, 'f', 1)
              << qSetFieldWidth(0) << Qt::left << "  " << result << '\n';
        m_out.flush();
    }

    QString count(const EventFilter &filter)
    {
        QString error;
        const qint64 n = m_reader->count(filter, &error);
        return n < 0 ? u"ERROR "_s + error : QString::number(n) + u" rows"_s;
    }

    QString page(const EventPageRequest &request, EventPage *result = nullptr)
    {
        QString error;
        const auto page = m_reader->page(request, &error);
        if (!page)
            return u"ERROR "_s + error;
        if (result)
            *result = *page;
        return QString::number(page->rows.size()) + u" rows"_s
            + (page->atEnd ? u", the end"_s : QString());
    }

    // The count and the first page of a filter, newest first, and the page after it.
    void filter(const QString &name, const EventFilter &filter)
    {
        measure(name + u": count"_s, [&] { return count(filter); });
        EventPageRequest request;
        request.filter = filter;
        EventPage first;
        measure(name + u": first page"_s, [&] { return page(request, &first); });
        if (!first.rows.isEmpty() && !first.atEnd) {
            request.after = first.rows.constLast().position;
            measure(name + u": next page"_s, [&] { return page(request); });
        }
    }

    // The first page in a sort order, and the next one.
    void sort(const QString &name, EventSort sortOrder, const EventFilter &filter = {})
    {
        EventPageRequest request;
        request.filter = filter;
        request.sort = sortOrder;
        EventPage first;
        measure(name + u": first page"_s, [&] { return page(request, &first); });
        if (!first.rows.isEmpty() && !first.atEnd) {
            request.after = first.rows.constLast().position;
            measure(name + u": next page"_s, [&] { return page(request); });
        }
    }

private:
    EventReader *m_reader;
    int m_repeat;
    bool m_print;
    QTextStream m_out;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addPositionalArgument(u"file"_s, u"A database written by gen_history."_s);
    const QCommandLineOption repeatOption(u"repeat"_s, u"Runs of each measurement."_s, u"R"_s,
                                          u"3"_s);
    const QCommandLineOption noExportOption(u"no-export"_s, u"Skip the export."_s);
    const QCommandLineOption exportOnlyOption(u"export-only"_s, u"Only the export."_s);
    const QCommandLineOption markdownOption(
        u"markdown"_s,
        u"The exports' figures as Markdown table rows on stdout; the rest on stderr."_s);
    parser.addOptions({ repeatOption, noExportOption, exportOnlyOption, markdownOption });
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        return 2;
    const QString path = parser.positionalArguments().constFirst();

    EventReader reader;
    QString error;
    QElapsedTimer timer;
    if (!reader.open(path, &error)) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    if (reader.schemaVersion() < Schema::currentVersion()) {
        reader.close();
        timer.start();
        EventStore store(path);
        if (!store.open()) {
            QTextStream(stderr) << store.lastError() << '\n';
            return 1;
        }
        store.close();
        QTextStream(parser.isSet(markdownOption) ? stderr : stdout)
            << "migration to schema version " << Schema::currentVersion() << ": "
            << QString::number(double(timer.elapsed()) / 1000.0, 'f', 1) << " s\n";
    }
    reader.close();
    timer.start();
    if (!reader.open(path, &error)) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    // With --export-only each read runs once, unprinted: the export needs what they find.
    const bool markdown = parser.isSet(markdownOption);
    QTextStream table(stdout);
    Bench bench(&reader, qMax(1, parser.value(repeatOption).toInt()),
                !parser.isSet(exportOnlyOption), markdown ? stderr : stdout);
    QTextStream &out = bench.out();
    out << "open: " << QString::number(double(timer.nsecsElapsed()) / 1e6, 'f', 1) << " ms\n";
    out << qSetFieldWidth(48) << Qt::left << "" << qSetFieldWidth(9) << Qt::right << "first"
        << "median" << qSetFieldWidth(0) << Qt::left << "  (ms)\n";

    // The newest event decides what "today" is, so that the figures do not depend on when
    // the database was made.
    EventPageRequest newest;
    newest.limit = 1;
    const auto newestPage = reader.page(newest, &error);
    if (!newestPage || newestPage->rows.isEmpty()
        || !newestPage->rows.constFirst().event.timestampMs) {
        QTextStream(stderr) << "no events: " << error << '\n';
        return 1;
    }
    const QTimeZone berlin("Europe/Berlin");
    const QDateTime last
        = QDateTime::fromMSecsSinceEpoch(*newestPage->rows.constFirst().event.timestampMs, berlin);
    const QDate today = last.date();

    // 1. Everything.
    bench.measure(u"count, no filter"_s, [&] { return bench.count({}); });
    EventPageRequest request;
    EventPage first;
    bench.measure(u"first page (100 rows, newest first)"_s,
                  [&] { return bench.page(request, &first); });
    request.after = first.rows.constLast().position;
    bench.measure(u"next page (keyset)"_s, [&] { return bench.page(request); });
    EventPageRequest deep;
    deep.offset = 500'000;
    EventPage deepPage;
    bench.measure(u"page at row 500,000 (offset)"_s, [&] { return bench.page(deep, &deepPage); });
    if (!deepPage.rows.isEmpty()) {
        EventPageRequest afterDeep;
        afterDeep.after = deepPage.rows.constLast().position;
        bench.measure(u"page after row 500,100 (keyset)"_s, [&] { return bench.page(afterDeep); });
    }
    QList<qint64> ids;
    for (const EventPage::Row &row : std::as_const(first.rows))
        ids.append(row.id);
    bench.measure(u"snapshots of one page (100 rows)"_s, [&]() -> QString {
        QString snapshotError;
        const auto snapshots = reader.snapshotsFor(ids, &snapshotError);
        if (!snapshots)
            return u"ERROR "_s + snapshotError;
        qint64 bytes = 0;
        for (const QByteArray &jpeg : *snapshots)
            bytes += jpeg.size();
        return QString(u"%1 snapshots, %2 KiB"_s.arg(snapshots->size()).arg(bytes / 1024));
    });

    // 2. Each filter: count, first page, next page.
    const QString someSn = first.rows.constFirst().event.deviceSn;
    QStringList threeSns;
    for (const EventPage::Row &row : std::as_const(first.rows)) {
        if (!threeSns.contains(row.event.deviceSn) && threeSns.size() < 3)
            threeSns.append(row.event.deviceSn);
    }
    struct Named
    {
        QString name;
        EventFilter filter;
    };
    QList<Named> filters;
    const auto add
        = [&filters](const QString &name, const std::function<void(EventFilter &)> &set) {
              EventFilter filter;
              set(filter);
              filters.append({ name, filter });
          };
    add(u"today"_s, [&](EventFilter &f) {
        f.from = today.startOfDay(berlin);
        f.to = today.addDays(1).startOfDay(berlin).addMSecs(-1);
    });
    add(u"yesterday"_s, [&](EventFilter &f) {
        f.from = today.addDays(-1).startOfDay(berlin);
        f.to = today.startOfDay(berlin).addMSecs(-1);
    });
    add(u"last hour"_s, [&](EventFilter &f) { f.from = last.addSecs(-3600); });
    add(u"last 7 days"_s, [&](EventFilter &f) { f.from = last.addDays(-7); });
    add(u"one device"_s, [&](EventFilter &f) { f.deviceSns = { someSn }; });
    add(u"three devices"_s, [&](EventFilter &f) { f.deviceSns = threeSns; });
    add(u"denied (pass no)"_s, [](EventFilter &f) { f.pass = false; });
    add(u"name \"jose\""_s, [](EventFilter &f) { f.person = u"jose"_s; });
    add(u"name \"Øyvind Dubois\""_s, [](EventFilter &f) { f.person = u"Øyvind Dubois"_s; });
    add(u"name, no match"_s, [](EventFilter &f) { f.person = u"zzzz"_s; });
    add(u"user id \"10042\""_s, [](EventFilter &f) { f.person = u"10042"_s; });
    add(u"status stranger"_s, [](EventFilter &f) { f.statuses = { 3 }; });
    add(u"status non-live, auth. failed"_s, [](EventFilter &f) { f.statuses = { 1, 6 }; });
    add(u"mask worn"_s, [](EventFilter &f) { f.masks = { 2 }; });
    add(u"score >= 0.95"_s, [](EventFilter &f) { f.minScore = 0.95; });
    add(u"alerts"_s, [](EventFilter &f) { f.alerts = AlertRules::all(); });
    add(u"alerts: strangers"_s,
        [](EventFilter &f) { f.alerts = AlertRules::Reasons(AlertRules::Reason::Stranger); });
    add(u"unacknowledged"_s, [](EventFilter &f) { f.unacknowledgedOnly = true; });
    add(u"unacknowledged alerts"_s, [](EventFilter &f) {
        f.alerts = AlertRules::all();
        f.unacknowledgedOnly = true;
    });
    add(u"last 7 days + name \"jose\""_s, [&](EventFilter &f) {
        f.from = last.addDays(-7);
        f.person = u"jose"_s;
    });
    add(u"one device + name \"jose\""_s, [&](EventFilter &f) {
        f.deviceSns = { someSn };
        f.person = u"jose"_s;
    });
    add(u"yesterday + one device + name \"garcia\""_s, [&](EventFilter &f) {
        f.from = today.addDays(-1).startOfDay(berlin);
        f.to = today.startOfDay(berlin).addMSecs(-1);
        f.deviceSns = { someSn };
        f.person = u"garcia"_s;
    });
    add(u"one device + alerts"_s, [&](EventFilter &f) {
        f.deviceSns = { someSn };
        f.alerts = AlertRules::all();
    });
    add(u"yesterday + one device + unack. alerts"_s, [&](EventFilter &f) {
        f.from = today.addDays(-1).startOfDay(berlin);
        f.to = today.startOfDay(berlin).addMSecs(-1);
        f.deviceSns = { someSn };
        f.alerts = AlertRules::all();
        f.unacknowledgedOnly = true;
    });
    add(u"status 2 + mask worn + score >= 0.9"_s, [](EventFilter &f) {
        f.statuses = { 2 };
        f.masks = { 2 };
        f.minScore = 0.9;
    });
    if (!parser.isSet(exportOnlyOption))
        out << "\nfilters (newest first)\n";
    for (const Named &named : std::as_const(filters))
        bench.filter(named.name, named.filter);

    // 3. Each sort, both ways.
    out << "\nsorts\n";
    const QList<QPair<QString, EventSort::Column>> columns = {
        { u"time"_s, EventSort::Column::Time },
        { u"device"_s, EventSort::Column::Device },
        { u"name"_s, EventSort::Column::Name },
        { u"user id"_s, EventSort::Column::UserId },
        { u"status"_s, EventSort::Column::Status },
        { u"score"_s, EventSort::Column::Score },
        { u"liveness"_s, EventSort::Column::Liveness },
        { u"temperature"_s, EventSort::Column::Temperature },
        { u"mask"_s, EventSort::Column::Mask },
        { u"mode"_s, EventSort::Column::Mode },
        { u"pass"_s, EventSort::Column::Pass },
    };
    for (const auto &[name, column] : columns) {
        bench.sort(u"by "_s + name + u" ascending"_s, { column, Qt::AscendingOrder });
        bench.sort(u"by "_s + name + u" descending"_s, { column, Qt::DescendingOrder });
    }
    out << "\nsorts with a filter\n";
    for (const Named &named : std::as_const(filters)) {
        if (named.name == u"today" || named.name == u"name, no match" || named.name == u"alerts"
            || named.name == u"one device + alerts") {
            bench.sort(u"by name, "_s + named.name, { EventSort::Column::Name, Qt::AscendingOrder },
                       named.filter);
            bench.sort(u"by score, "_s + named.name,
                       { EventSort::Column::Score, Qt::DescendingOrder }, named.filter);
        }
    }

    // 4. Export: all rows, no images, memory sampled while it runs.
    if (!parser.isSet(noExportOption)) {
        out << "\nexport (CSV, no images)\n";
        // Reading alone, to tell the database's share from the CSV's.
        {
            const double cpuBefore = cpuSeconds();
            timer.restart();
            qint64 rows = 0;
            reader.forEach(
                {}, false,
                [&rows](const StoredEventRow &) {
                    ++rows;
                    return true;
                },
                nullptr, EventReader::Detail::Listing);
            const double seconds = double(qMax<qint64>(timer.elapsed(), 1)) / 1000.0;
            out << "reading only (listing detail): " << rows << " rows in "
                << QString::number(seconds, 'f', 2)
                << " s = " << QString::number(double(rows) / seconds, 'f', 0) << " rows/s; "
                << QString::number(double(rows) / qMax(0.001, cpuSeconds() - cpuBefore), 'f', 0)
                << " rows per CPU second\n";
        }
        QTemporaryDir dir;
        EventFilter jose;
        jose.person = u"jose"_s;
        EventFilter doorAlerts;
        doorAlerts.deviceSns = { someSn };
        doorAlerts.alerts = AlertRules::all();
        QList<double> rates;
        QList<double> cpuRates;
        // The last one as a supervisor's report: the CSV with a file for each snapshot.
        struct Export
        {
            Named named;
            bool images = false;
        };
        for (const auto &[named, images] :
             { Export { Named { u"everything"_s, {} } }, Export { filters.at(1) },
               Export { Named { u"name \"jose\""_s, jose } },
               Export { Named { u"one device + alerts"_s, doorAlerts } },
               Export { Named { u"one device + alerts, with snapshots"_s, doorAlerts }, true } }) {
            ExportOptions options;
            options.databasePath = path;
            options.outputFile = dir.filePath(u"export.csv"_s);
            options.filter = named.filter;
            if (images)
                options.imagesDir = dir.filePath(u"images"_s);
            // Each export `repeat` times: the best run says what the code can do, the median
            // what a busy machine let it do.
            const int repeat = qMax(1, parser.value(repeatOption).toInt());
            rates.clear();
            cpuRates.clear();
            const double before = residentMiB();
            double peak = before;
            ExportResult result;
            for (int run = 0; run < repeat; ++run) {
                const double cpuBefore = cpuSeconds();
                timer.restart();
                result = CsvExporter::run(options, [&peak](qint64, qint64) {
                    peak = qMax(peak, residentMiB());
                    return true;
                });
                const double seconds = double(qMax<qint64>(timer.elapsed(), 1)) / 1000.0;
                if (!result.ok) {
                    out << result.error << '\n';
                    return 1;
                }
                rates.append(double(result.rows) / seconds);
                cpuRates.append(double(result.rows) / qMax(0.001, cpuSeconds() - cpuBefore));
            }
            std::sort(rates.begin(), rates.end());
            std::sort(cpuRates.begin(), cpuRates.end());
            out << named.name << ": " << result.rows << " rows, "
                << result.bytes / (qint64 { 1024 } * 1024) << " MiB; rows/s best "
                << QString::number(rates.constLast(), 'f', 0) << ", median "
                << QString::number(rates.at(rates.size() / 2), 'f', 0)
                << "; rows per CPU second best " << QString::number(cpuRates.constLast(), 'f', 0)
                << ", median " << QString::number(cpuRates.at(cpuRates.size() / 2), 'f', 0)
                << "; resident memory " << QString::number(before, 'f', 1) << " MiB before, peak "
                << QString::number(peak, 'f', 1) << " MiB\n";
            out.flush();
            if (markdown) {
                table << "| " << named.name << " | " << result.rows;
                if (images)
                    table << " and " << result.images << " snapshot files";
                table << " | " << QString::number(double(result.bytes) / (1024.0 * 1024.0), 'f', 0)
                      << " | " << QString::number(rates.constLast(), 'f', 0) << " / "
                      << QString::number(rates.at(rates.size() / 2), 'f', 0) << " | "
                      << QString::number(cpuRates.constLast(), 'f', 0) << " | "
                      << QString::number(before, 'f', 0) << " / " << QString::number(peak, 'f', 0)
                      << " MiB |\n";
                table.flush();
            }
        }
    }
    out << "\nresident memory at the end: " << QString::number(residentMiB(), 'f', 1) << " MiB\n";
    return 0;
}
