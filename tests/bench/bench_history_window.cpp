// The History window over a large database, in the whole application: GateWatch is started as
// `gatewatch --db PATH [more options]` would start it (offscreen unless QT_QPA_PLATFORM says
// otherwise, in a throw-away home), then the History window is opened, filters are changed,
// columns sorted and pages scrolled through, as a supervisor would. For each step it prints
//
//   - wall ms: until the rows and their count are shown (the reads run on the model's thread);
//   - GUI ms:  CPU time the GUI thread spent in that while (thread CPU clock);
//   - stall ms: the longest the GUI thread's event loop did not turn (a 5 ms timer's worst gap);
//
// and the resident memory of the whole process after start-up, after the History window, and
// at the end. Before all that, the start: from main() until the dashboard window is shown
// (the database opened, brought up to date if it must be, its recent events read). Figures
// only: nothing here passes or fails on time. See docs/PERFORMANCE.md.
//
//   bench_history_window DATABASE [--pages N] [--settle SECONDS] [--markdown]
//                        [gatewatch options, e.g. --demo]
//
// --settle: how long the dashboard runs before the History window opens (2 s by default); with
// --demo at a high rate, long enough for the live view to reach its caps.
// --markdown: the figures as rows of a Markdown table on stdout (step, wall ms, GUI ms, stall
// ms, what was shown), for scripts/bench; the running account goes to stderr.

#include "guiapplication.h"
#include "historywindow.h"
#include "mainwindow.h"
#include "model/historymodel.h"
#include "model/recognitionmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QListView>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

constexpr int Timeout = 120'000;

double threadCpuMs()
{
    timespec t {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// VmRSS and VmHWM of this process, in MiB.
std::pair<double, double> memoryMiB()
{
    QFile status(u"/proc/self/status"_s);
    double rss = 0;
    double peak = 0;
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            const auto kib = [&line] {
                return line.mid(6).trimmed().split(' ').first().toDouble();
            };
            if (line.startsWith("VmRSS:"))
                rss = kib() / 1024;
            else if (line.startsWith("VmHWM:"))
                peak = kib() / 1024;
        }
    }
    return { rss, peak };
}

// Where the running account goes: stdout, or stderr when stdout has the Markdown table.
FILE *logFile = stdout;
bool markdown = false;
QStringList &markdownRows()
{
    static QStringList rows;
    return rows;
}

QString figure(double ms)
{
    return ms < 0 ? u"–"_s : QString::number(ms, 'f', ms < 100 ? 1 : 0);
}

void addRow(const QString &step, double wallMs, double guiMs, double stallMs, const QString &what)
{
    markdownRows().append(u"| %1 | %2 | %3 | %4 | %5 |"_s.arg(step, figure(wallMs), figure(guiMs),
                                                              figure(stallMs), what));
}

void printMemory(const char *when)
{
    const auto [rss, peak] = memoryMiB();
    std::fprintf(logFile, "%-44s RSS %7.1f MiB (peak %7.1f MiB)\n", when, rss, peak);
    std::fflush(logFile);
    addRow(QString::fromUtf8(when), -1, -1, -1, u"resident memory %1 MiB"_s.arg(rss, 0, 'f', 0));
}

// The longest gap between two turns of the GUI thread's event loop, seen by a 5 ms timer.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_worst = std::max(m_worst, now - m_last);
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    void reset()
    {
        m_last = m_clock.nsecsElapsed();
        m_worst = 0;
    }
    double worstMs() const
    {
        // The current gap counts too (a step that blocks to its end has no later tick).
        return double(std::max(m_worst, m_clock.nsecsElapsed() - m_last)) / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_worst = 0;
};

struct Bench
{
    StallMeter stall;
    bool failed = false;

    // Runs `step` on the GUI thread, then lets the event loop run until `done` holds; prints
    // the step's wall time, the GUI thread's CPU time and the longest stall.
    void measure(const char *name, const std::function<void()> &step,
                 const std::function<bool()> &done, const std::function<QString()> &what = {})
    {
        QCoreApplication::processEvents();
        stall.reset();
        QElapsedTimer wall;
        wall.start();
        const double cpu0 = threadCpuMs();
        step();
        if (!QTest::qWaitFor(done, Timeout)) {
            std::fprintf(logFile, "%-44s did not finish in %d s\n", name, Timeout / 1000);
            failed = true;
            return;
        }
        // The rows painted once, as they are when they appear.
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        const double wallMs = double(wall.nsecsElapsed()) / 1e6;
        const double cpuMs = threadCpuMs() - cpu0;
        const QString shown = what ? what() : QString();
        std::fprintf(logFile, "%-44s wall %8.1f  GUI %7.1f  stall %6.1f  %s\n", name, wallMs, cpuMs,
                     stall.worstMs(), qPrintable(shown));
        std::fflush(logFile);
        addRow(QString::fromUtf8(name), wallMs, cpuMs, stall.worstMs(), shown);
    }
};

bool loaded(HistoryWindow *window)
{
    HistoryModel *model = window->model();
    return model->totalCount() >= 0 && !model->isLoading()
        && (model->rowCount() > 0 || model->totalCount() == 0);
}

MainWindow *mainWindow()
{
    const QWidgetList widgets = QApplication::topLevelWidgets();
    for (QWidget *widget : widgets) {
        if (auto *candidate = qobject_cast<MainWindow *>(widget);
            candidate && candidate->isVisible())
            return candidate;
    }
    return nullptr;
}

// Started at the top of main(): the start-up is timed from there.
QElapsedTimer &sinceMain()
{
    static QElapsedTimer timer;
    return timer;
}

void drive(const QString &databasePath, int pages, int settleSeconds, int *exitCode)
{
    MainWindow *main = mainWindow();
    if (!main) {
        // The session is still starting (opening, or updating, the database).
        QTimer::singleShot(5, qApp, [=] { drive(databasePath, pages, settleSeconds, exitCode); });
        return;
    }
    const double startMs = double(sinceMain().nsecsElapsed()) / 1e6;
    std::fprintf(logFile, "database %s\n", qPrintable(databasePath));
    std::fprintf(logFile, "%-44s wall %8.1f\n", "start: dashboard shown", startMs);
    addRow(u"start: from main() to the dashboard shown"_s, startMs, -1, -1, {});
    // Then the session reads the most recent events and puts them in the live view.
    QAbstractItemModel *live = main->gallery()->model();
    if (QTest::qWaitFor([live] { return live->rowCount() > 0; }, Timeout)) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        const double shownMs = double(sinceMain().nsecsElapsed()) / 1e6;
        std::fprintf(logFile, "%-44s wall %8.1f  %d events\n", "start: recent history shown",
                     shownMs, live->rowCount());
        addRow(u"start: from main() to the live view's recent history shown"_s, shownMs, -1, -1,
               u"%1 events"_s.arg(live->rowCount()));
    } else {
        std::fprintf(logFile, "the live view showed no stored event in %d s\n", Timeout / 1000);
        *exitCode = 1;
        QCoreApplication::exit(1);
        return;
    }
    Bench bench;
    // The dashboard's start: its recent events, the devices, the first paint.
    QTest::qWait(settleSeconds * 1000);
    printMemory("whole app, dashboard running");

    HistoryWindow *window = nullptr;
    const auto rows = [&window] {
        return u"rows %1 of %2"_s.arg(window->model()->rowCount())
            .arg(window->model()->totalCount());
    };
    bench.measure(
        "open History, first page and count", [&] { window = main->showHistory(); },
        [&] { return window && loaded(window); }, rows);
    if (!window) {
        *exitCode = 1;
        QCoreApplication::exit(1);
        return;
    }
    window->resize(1500, 900);
    printMemory("whole app, History open");

    const auto filter = [&](const char *name, const HistoryFilterSpec &spec) {
        bench.measure(
            name, [&] { window->setFilterSpec(spec); }, [&] { return loaded(window); }, rows);
    };
    HistoryFilterSpec spec;
    spec.period = HistoryFilterSpec::Period::Today;
    filter("filter: today", spec);
    spec = {};
    spec.person = u"jose"_s;
    filter("filter: name \"jose\"", spec);
    spec = {};
    spec.statuses = { 3 };
    filter("filter: status stranger", spec);
    spec = {};
    spec.alertsOnly = true;
    filter("filter: only alerts", spec);
    spec = {};
    spec.unacknowledgedOnly = true;
    filter("filter: only unacknowledged", spec);
    spec = {};
    spec.period = HistoryFilterSpec::Period::Last7Days;
    spec.pass = false;
    spec.minScore = 0.5;
    filter("filter: last 7 days, denied, score >= 0.5", spec);
    filter("filter: none", {});

    QTableView *table = window->table();
    const auto sortBy = [&](const char *name, int column, Qt::SortOrder order) {
        bench.measure(
            name, [&] { table->sortByColumn(column, order); }, [&] { return loaded(window); },
            rows);
    };
    sortBy("sort: time, oldest first", RecognitionModel::Time, Qt::AscendingOrder);
    sortBy("sort: name", RecognitionModel::Name, Qt::AscendingOrder);
    sortBy("sort: device, descending", RecognitionModel::Device, Qt::DescendingOrder);
    sortBy("sort: score", RecognitionModel::Score, Qt::DescendingOrder);
    sortBy("sort: status", RecognitionModel::Status, Qt::AscendingOrder);
    sortBy("sort: time, newest first", RecognitionModel::Time, Qt::DescendingOrder);

    // Scrolling to the end of what is loaded makes the view fetch the next page. The GUI
    // thread's time per page is printed for each stretch of 100 pages (median and worst), so
    // that a cost growing with the rows held shows.
    QElapsedTimer scrolling;
    scrolling.start();
    const double cpu0 = threadCpuMs();
    QList<double> band;
    double bandStall = 0;
    QList<double> allPages;
    double worstStall = 0;
    const auto printBand = [&](int lastPage) {
        if (band.isEmpty())
            return;
        allPages.append(band);
        worstStall = std::max(worstStall, bandStall);
        std::sort(band.begin(), band.end());
        std::fprintf(logFile,
                     "  pages %4d-%-4d  GUI per page: median %6.1f  worst %6.1f  stall %6.1f\n",
                     lastPage - int(band.size()) + 1, lastPage, band.at(band.size() / 2),
                     band.constLast(), bandStall);
        band.clear();
        bandStall = 0;
    };
    int page = 0;
    for (; page < pages && window->model()->canFetchMore({}); ++page) {
        const int before = window->model()->rowCount();
        bench.stall.reset();
        const double pageCpu0 = threadCpuMs();
        table->scrollToBottom();
        if (!QTest::qWaitFor(
                [&] {
                    return window->model()->rowCount() > before && !window->model()->isLoading();
                },
                Timeout)) {
            std::fprintf(logFile, "page %d did not arrive\n", page + 1);
            bench.failed = true;
            break;
        }
        QCoreApplication::processEvents();
        band.append(threadCpuMs() - pageCpu0);
        bandStall = std::max(bandStall, bench.stall.worstMs());
        if (band.size() == 100)
            printBand(page + 1);
    }
    printBand(page);
    std::fprintf(logFile, "%-44s wall %8.1f  GUI %7.1f  %s\n",
                 qPrintable(u"scrolled through %1 pages"_s.arg(page)),
                 double(scrolling.nsecsElapsed()) / 1e6, threadCpuMs() - cpu0, qPrintable(rows()));
    if (!allPages.isEmpty()) {
        std::sort(allPages.begin(), allPages.end());
        addRow(u"one more page while scrolling: median (worst) of %1"_s.arg(allPages.size()), -1,
               allPages.at(allPages.size() / 2), worstStall,
               u"worst page %1 ms of GUI thread; %2"_s.arg(figure(allPages.constLast()), rows()));
    }
    printMemory("whole app, after scrolling");

    if (markdown) {
        for (const QString &row : std::as_const(markdownRows()))
            std::printf("%s\n", qPrintable(row));
        std::fflush(stdout);
    }
    *exitCode = bench.failed ? 1 : 0;
    QCoreApplication::exit(*exitCode);
}

} // namespace

int main(int argc, char **argv)
{
    sinceMain().start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // A home of its own: the window's saved filters and sizes, the devices and the settings
    // of the person running it stay out of the figures (and untouched).
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", home.filePath(u"config"_s).toLocal8Bit());
    qputenv("XDG_DATA_HOME", home.filePath(u"data"_s).toLocal8Bit());
    qputenv("XDG_CACHE_HOME", home.filePath(u"cache"_s).toLocal8Bit());

    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"GateWatch"_s);
    QCoreApplication::setApplicationName(u"gatewatch"_s);
    QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2 || arguments.at(1).startsWith(u'-')) {
        std::fprintf(stderr,
                     "usage: bench_history_window DATABASE [--pages N] [--settle SECONDS] "
                     "[--markdown] [gatewatch options]\n");
        return 2;
    }
    const QString &database = arguments.at(1);
    int pages = 50;
    int settleSeconds = 2;
    QStringList gatewatchArguments { arguments.at(0), u"--db"_s, database };
    for (qsizetype i = 2; i < arguments.size(); ++i) {
        if (arguments.at(i) == u"--pages"_s && i + 1 < arguments.size())
            pages = arguments.at(++i).toInt();
        else if (arguments.at(i) == u"--settle"_s && i + 1 < arguments.size())
            settleSeconds = arguments.at(++i).toInt();
        else if (arguments.at(i) == u"--markdown"_s)
            markdown = true;
        else
            gatewatchArguments.append(arguments.at(i));
    }
    if (markdown)
        logFile = stderr;
    int exitCode = 0;
    QTimer::singleShot(0, &app, [&] { drive(database, pages, settleSeconds, &exitCode); });
    const int result = Gui::run(gatewatchArguments);
    return result != 0 ? result : exitCode;
}
