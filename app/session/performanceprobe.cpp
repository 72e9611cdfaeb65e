#include "performanceprobe.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPerf, "gatewatch.perf", QtWarningMsg)

bool PerformanceProbe::enabled()
{
    return lcPerf().isInfoEnabled();
}

PerformanceProbe::PerformanceProbe(QObject *parent)
    : QObject(parent)
{
    m_ticker.setTimerType(Qt::PreciseTimer);
    m_ticker.setInterval(TickMs);
    connect(&m_ticker, &QTimer::timeout, this, &PerformanceProbe::tick);
    m_ticker.start();
    m_sinceTick.start();
    m_sinceReport.start();
}

void PerformanceProbe::tick()
{
    const qint64 gap = m_sinceTick.restart();
    m_longestStallMs = std::max(m_longestStallMs, gap - TickMs);
    if (m_sinceReport.elapsed() >= ReportMs) {
        m_sinceReport.restart();
        qCInfo(lcPerf).noquote() << describe(takeInterval(QDateTime::currentMSecsSinceEpoch()));
    }
}

void PerformanceProbe::tilePainted(quint64 sequence, qint64 receivedAtMs)
{
    tilePainted(sequence, receivedAtMs, QDateTime::currentMSecsSinceEpoch());
}

void PerformanceProbe::tilePainted(quint64 sequence, qint64 receivedAtMs, qint64 nowMs)
{
    if (nowMs - receivedAtMs > LiveWindowMs || m_counted.contains(sequence))
        return;
    m_counted.insert(sequence, receivedAtMs);
    m_latencies.push_back(std::max<qint64>(0, nowMs - receivedAtMs));
}

PerformanceProbe::Interval PerformanceProbe::takeInterval(qint64 nowMs)
{
    Interval interval;
    interval.longestStallMs = std::max<qint64>(0, m_longestStallMs);
    interval.tiles = qsizetype(m_latencies.size());
    if (!m_latencies.empty()) {
        // The nearest-rank percentile: the smallest latency at least that share of tiles had.
        const auto rank = [this](double share) {
            const auto index = std::clamp<std::size_t>(
                std::size_t(std::ceil(share * double(m_latencies.size()))), 1, m_latencies.size());
            std::nth_element(m_latencies.begin(), m_latencies.begin() + std::ptrdiff_t(index - 1),
                             m_latencies.end());
            return m_latencies[index - 1];
        };
        interval.p50Ms = rank(0.5);
        interval.p99Ms = rank(0.99);
        interval.maxMs = *std::max_element(m_latencies.begin(), m_latencies.end());
    }
    m_latencies.clear();
    m_longestStallMs = 0;
    m_counted.removeIf([nowMs](const auto &entry) { return nowMs - entry.value() > LiveWindowMs; });
    return interval;
}

QString PerformanceProbe::describe(const Interval &interval)
{
    return u"gui: longest stall %1 ms; tiles %2, arrival to paint p50 %3 ms, p99 %4 ms, max %5 ms"_s
        .arg(interval.longestStallMs)
        .arg(interval.tiles)
        .arg(interval.p50Ms)
        .arg(interval.p99Ms)
        .arg(interval.maxMs);
}
