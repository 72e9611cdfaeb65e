#pragma once

#include "export/csvexporter.h"

#include <QObject>

#include <atomic>
#include <memory>

class QThread;

// One CSV export (CsvExporter::run) on a thread of its own, for a window that must stay
// responsive while a million rows are written. Progress and the result arrive as signals in
// the thread the job lives in; cancel() stops the export at its next progress check (every
// few hundred rows), and, as with every failed export, no file is left under the final name.
class ExportJob final : public QObject
{
    Q_OBJECT

public:
    explicit ExportJob(QObject *parent = nullptr);
    // Cancels a running export and waits for its thread.
    ~ExportJob() override;

    // Starts the export; false when one is already running.
    bool start(const ExportOptions &options);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }
    bool isCancelling() const { return m_cancel.load(); }

    // The least time between two progress signals (the first and the last are always sent).
    // 0 sends every progress report of the exporter.
    void setProgressInterval(int milliseconds) { m_progressIntervalMs = milliseconds; }

signals:
    // Emitted in the export's thread; connect to it normally to receive it queued.
    void progress(qint64 done, qint64 total);
    void finished(const ExportResult &result);

private:
    void onFinished(const ExportResult &result);

    std::unique_ptr<QThread> m_thread;
    std::atomic_bool m_cancel = false;
    int m_progressIntervalMs = 50;
};
