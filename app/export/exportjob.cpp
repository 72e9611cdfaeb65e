#include "exportjob.h"

#include <QElapsedTimer>
#include <QThread>

ExportJob::ExportJob(QObject *parent)
    : QObject(parent)
{ }

ExportJob::~ExportJob()
{
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();
    }
}

bool ExportJob::start(const ExportOptions &options)
{
    if (m_thread)
        return false;
    m_cancel = false;
    const int interval = m_progressIntervalMs;
    m_thread.reset(QThread::create([this, options, interval] {
        QElapsedTimer sinceReport;
        bool first = true;
        const auto report = [&](qint64 done, qint64 total) {
            const bool last = done >= total;
            if (first || last || interval <= 0 || sinceReport.elapsed() >= interval) {
                first = false;
                sinceReport.start();
                emit progress(done, total);
            }
            return !m_cancel.load();
        };
        const ExportResult result = CsvExporter::run(options, report);
        QMetaObject::invokeMethod(
            this, [this, result] { onFinished(result); }, Qt::QueuedConnection);
    }));
    m_thread->setObjectName(QStringLiteral("gatewatch-export"));
    m_thread->start(QThread::LowPriority);
    return true;
}

void ExportJob::cancel()
{
    if (m_thread)
        m_cancel = true;
}

void ExportJob::onFinished(const ExportResult &result)
{
    if (m_thread) {
        m_thread->wait();
        m_thread.reset();
    }
    emit finished(result);
}
