#include "ingestbudget.h"

#include "event/recognitionevent.h"

#include <algorithm>

namespace {
// The fields, the QObject call that carries the event across threads, the list entries.
constexpr qint64 EventOverheadBytes = 1024;
} // namespace

IngestBudget::IngestBudget(Limits limits)
    : m_limits(limits)
{
    m_clock.start();
}

qint64 IngestBudget::costOf(const RecognitionEvent &event)
{
    return event.rawFrame.size() + event.snapshotJpeg.size() + EventOverheadBytes;
}

bool IngestBudget::spent(qint64 bytes) const
{
    if (m_closed || m_figures.inFlightEvents == 0)
        return false;
    return m_figures.inFlightEvents >= m_limits.events
        || m_figures.inFlightBytes + bytes > m_limits.bytes;
}

void IngestBudget::take(qint64 bytes)
{
    QMutexLocker lock(&m_mutex);
    if (spent(bytes)) {
        const qint64 start = m_clock.elapsed();
        ++m_figures.waits;
        while (spent(bytes))
            m_roomMade.wait(&m_mutex);
        const qint64 waited = m_clock.elapsed() - start;
        m_figures.waitedMs += waited;
        m_figures.longestWaitMs = std::max(m_figures.longestWaitMs, waited);
    }
    ++m_figures.inFlightEvents;
    m_figures.inFlightBytes += bytes;
    m_figures.peakEvents = std::max(m_figures.peakEvents, m_figures.inFlightEvents);
    m_figures.peakBytes = std::max(m_figures.peakBytes, m_figures.inFlightBytes);
}

void IngestBudget::giveBack(qint64 bytes)
{
    QMutexLocker lock(&m_mutex);
    if (m_figures.inFlightEvents == 0)
        return;
    --m_figures.inFlightEvents;
    m_figures.inFlightBytes = std::max<qint64>(0, m_figures.inFlightBytes - bytes);
    if (m_figures.inFlightEvents == 0)
        m_figures.inFlightBytes = 0;
    m_roomMade.wakeAll();
}

void IngestBudget::close()
{
    QMutexLocker lock(&m_mutex);
    m_closed = true;
    m_roomMade.wakeAll();
}

void IngestBudget::open()
{
    QMutexLocker lock(&m_mutex);
    m_closed = false;
}

IngestBudget::Figures IngestBudget::figures() const
{
    QMutexLocker lock(&m_mutex);
    return m_figures;
}
