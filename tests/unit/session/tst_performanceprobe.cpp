// PerformanceProbe, which the benchmarks read: the percentiles of arrival-to-paint latency, each
// tile counted once, late paints of old tiles left out, the longest stall of the event loop,
// and each interval starting afresh.

#include "session/performanceprobe.h"

#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;

class TestPerformanceProbe final : public QObject
{
    Q_OBJECT

private slots:
    void latencyPercentiles();
    void eachTileCountsOnce();
    void oldTilesAreNotLiveArrivals();
    void longestStall();
    void describeNamesEveryFigure();
};

void TestPerformanceProbe::latencyPercentiles()
{
    PerformanceProbe probe;
    const qint64 now = 1'000'000;
    // 200 tiles, 1..200 ms after their arrival, painted in a shuffled order.
    for (int i = 0; i < 200; ++i) {
        const int latency = (i * 77) % 200 + 1;
        probe.tilePainted(quint64(i), now - latency, now);
    }
    const PerformanceProbe::Interval interval = probe.takeInterval(now);
    QCOMPARE(interval.tiles, 200);
    QCOMPARE(interval.p50Ms, 100);
    QCOMPARE(interval.p99Ms, 198);
    QCOMPARE(interval.maxMs, 200);

    // The next interval starts empty.
    const PerformanceProbe::Interval next = probe.takeInterval(now + 1000);
    QCOMPARE(next.tiles, 0);
    QCOMPARE(next.p99Ms, 0);
    QCOMPARE(next.maxMs, 0);
}

void TestPerformanceProbe::eachTileCountsOnce()
{
    PerformanceProbe probe;
    const qint64 arrival = 5'000'000;
    probe.tilePainted(7, arrival, arrival + 40);
    probe.tilePainted(7, arrival, arrival + 900); // repainted: not a second tile
    probe.tilePainted(8, arrival, arrival + 60);
    PerformanceProbe::Interval interval = probe.takeInterval(arrival + 1000);
    QCOMPARE(interval.tiles, 2);
    QCOMPARE(interval.maxMs, 60);
    // Still remembered in the next interval.
    probe.tilePainted(7, arrival, arrival + 1500);
    interval = probe.takeInterval(arrival + 2000);
    QCOMPARE(interval.tiles, 0);
}

void TestPerformanceProbe::oldTilesAreNotLiveArrivals()
{
    PerformanceProbe probe;
    const qint64 arrival = 5'000'000;
    // Scrolled back to two minutes later.
    probe.tilePainted(1, arrival, arrival + 2 * PerformanceProbe::LiveWindowMs);
    probe.tilePainted(2, arrival, arrival + PerformanceProbe::LiveWindowMs);
    const PerformanceProbe::Interval interval
        = probe.takeInterval(arrival + 2 * PerformanceProbe::LiveWindowMs);
    QCOMPARE(interval.tiles, 1);
    QCOMPARE(interval.maxMs, PerformanceProbe::LiveWindowMs);
}

void TestPerformanceProbe::longestStall()
{
    PerformanceProbe probe;
    // The thread is kept from its event loop for 300 ms, then runs it.
    QThread::msleep(300);
    // Its timer is overdue by then: one turn of the event loop delivers it.
    QCoreApplication::processEvents();
    const PerformanceProbe::Interval interval
        = probe.takeInterval(QDateTime::currentMSecsSinceEpoch());
    QVERIFY2(interval.longestStallMs >= 300 - PerformanceProbe::TickMs,
             qPrintable(QString::number(interval.longestStallMs)));
    // Nothing ran since: the next interval has no stall yet.
    QCOMPARE(probe.takeInterval(QDateTime::currentMSecsSinceEpoch()).longestStallMs, 0);
}

void TestPerformanceProbe::describeNamesEveryFigure()
{
    PerformanceProbe::Interval interval;
    interval.longestStallMs = 12;
    interval.tiles = 480;
    interval.p50Ms = 21;
    interval.p99Ms = 64;
    interval.maxMs = 80;
    QCOMPARE(PerformanceProbe::describe(interval),
             u"gui: longest stall 12 ms; tiles 480, arrival to paint p50 21 ms, p99 64 ms, "
             "max 80 ms"_s);
}

QTEST_GUILESS_MAIN(TestPerformanceProbe)
#include "tst_performanceprobe.moc"
