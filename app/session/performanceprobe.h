#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QObject>
#include <QTimer>

#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcPerf)

// Figures about the window's responsiveness, for benchmarks (tests/bench/bench_ingest --recorder
// gui): once a second, under the logging category "gatewatch.perf" (off unless enabled, e.g.
// QT_LOGGING_RULES="gatewatch.perf.info=true"), one line with
// - the longest time the thread's event loop was kept from running a 5 ms timer (a stall: what
//   a guard feels as a frozen window), and
// - how long the tiles first painted as they stay in that second took from the arrival of
//   their event (RecognitionEvent::receivedAt) to that paint: how many, p50, p99 and max.
// It lives on the GUI thread; the gallery's delegate calls tilePainted() from its paint().
// A tile counts once, the first time it is painted as it stays: with its face, or with why it
// has none ("No snapshot", an unreadable one), never while its face is still being decoded;
// and only within a minute of its arrival (a tile scrolled back to later is not a live
// arrival).
class PerformanceProbe final : public QObject
{
    Q_OBJECT

public:
    // Whether the category is enabled; create a probe only then: its timer wakes the thread
    // 200 times a second.
    static bool enabled();

    explicit PerformanceProbe(QObject *parent = nullptr);

    // The tile of the row `sequence` (RecognitionRoles::SequenceRole), whose event arrived at
    // `receivedAtMs` (Unix ms), was painted with its face at `nowMs`.
    void tilePainted(quint64 sequence, qint64 receivedAtMs, qint64 nowMs);
    void tilePainted(quint64 sequence, qint64 receivedAtMs);

    struct Interval
    {
        qint64 longestStallMs = 0;
        qsizetype tiles = 0;
        qint64 p50Ms = 0;
        qint64 p99Ms = 0;
        qint64 maxMs = 0;
    };
    // The figures since the last call, at `nowMs` (Unix ms); starts the next interval.
    Interval takeInterval(qint64 nowMs);
    // The line logged for `interval`.
    static QString describe(const Interval &interval);

    static constexpr int TickMs = 5;
    static constexpr int ReportMs = 1000;
    static constexpr qint64 LiveWindowMs = 60'000;

private:
    void tick();

    QTimer m_ticker;
    QElapsedTimer m_sinceTick;
    QElapsedTimer m_sinceReport;
    qint64 m_longestStallMs = 0;
    std::vector<qint64> m_latencies;
    QHash<quint64, qint64> m_counted; // sequence → arrival, within LiveWindowMs
};
