#pragma once

// `gatewatch` run as a child process by the command-line tests, its output collected as it
// comes. The child is always ended, even when a check fails half-way.

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace TestProcess {

// The executable under test (the build's own).
inline QString gatewatch()
{
    return QStringLiteral(GATEWATCH_EXECUTABLE);
}

struct Child
{
    QProcess process;
    QByteArray out;
    QByteArray err;

    Child()
    {
        QObject::connect(&process, &QProcess::readyReadStandardOutput, &process,
                         [this] { out += process.readAllStandardOutput(); });
        QObject::connect(&process, &QProcess::readyReadStandardError, &process,
                         [this] { err += process.readAllStandardError(); });
    }
    ~Child()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
    Child(const Child &) = delete;
    Child &operator=(const Child &) = delete;

    void start(const QStringList &arguments) { process.start(gatewatch(), arguments); }
    int lineCount() const { return int(out.count('\n')); }
    // The event URLs a `gatewatch simulate` child printed so far, in device order.
    QStringList eventUrls() const
    {
        static const QRegularExpression pattern(
            QStringLiteral("url=(wss?://127\\.0\\.0\\.1:\\d+/v1/event/)"));
        QStringList urls;
        for (auto it = pattern.globalMatch(QString::fromUtf8(out)); it.hasNext();)
            urls.append(it.next().captured(1));
        return urls;
    }
};

} // namespace TestProcess
