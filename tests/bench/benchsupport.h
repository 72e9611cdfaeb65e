// What the process benchmarks share: output, another process's memory, waiting on the event
// loop, and a `gatewatch` (or other) child whose output lines are timed as they arrive.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <functional>
#include <utility>

namespace bench {

using namespace Qt::StringLiterals;

inline void say(const QString &line)
{
    std::fprintf(stdout, "%s\n", qPrintable(line));
    std::fflush(stdout);
}

inline qint64 rssKiB(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

inline QString mib(qint64 kib)
{
    return QString::number(double(kib) / 1024.0, 'f', 1) + u" MiB"_s;
}

// Runs the event loop until `done` holds or `timeoutMs` passes; true when it held.
inline bool waitUntil(const std::function<bool()> &done, qint64 timeoutMs,
                      const std::function<void()> &tick = {})
{
    QDeadlineTimer deadline(timeoutMs);
    QElapsedTimer sinceTick;
    sinceTick.start();
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
        if (tick && sinceTick.elapsed() >= 1000) {
            sinceTick.restart();
            tick();
        }
    }
    return true;
}

// A `gatewatch` child with its output gathered line by line, each line timed on arrival.
class Child final
{
public:
    Child()
    {
        m_clock.start();
        QObject::connect(&process, &QProcess::readyReadStandardOutput, &process,
                         [this] { collect(process.readAllStandardOutput(), m_outBuffer, &out); });
        QObject::connect(&process, &QProcess::readyReadStandardError, &process, [this] {
            collect(process.readAllStandardError(), m_errBuffer, &errLines);
        });
    }
    ~Child() { stop(SIGKILL); }
    Child(const Child &) = delete;
    Child &operator=(const Child &) = delete;

    bool start(const QString &program, const QStringList &arguments)
    {
        process.start(program, arguments);
        return process.waitForStarted(10000);
    }
    void stop(int signal, int timeoutMs = 60000)
    {
        if (process.state() == QProcess::NotRunning)
            return;
        ::kill(pid_t(process.processId()), signal);
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
    qint64 pid() const { return process.processId(); }
    qint64 now() const { return m_clock.elapsed(); }

    QProcess process;
    // Each line with the milliseconds (this object's clock) at which it arrived.
    QList<std::pair<qint64, QString>> out;
    QList<std::pair<qint64, QString>> errLines;

private:
    void collect(const QByteArray &bytes, QByteArray &buffer,
                 QList<std::pair<qint64, QString>> *lines) const
    {
        buffer += bytes;
        qsizetype end = 0;
        while ((end = buffer.indexOf('\n')) >= 0) {
            lines->append({ m_clock.elapsed(), QString::fromUtf8(buffer.first(end)) });
            buffer.remove(0, end + 1);
        }
    }
    QElapsedTimer m_clock;
    QByteArray m_outBuffer;
    QByteArray m_errBuffer;
};

// Starts `gatewatch simulate` with `arguments` in `child` and waits (at most 60 s) until it has
// printed its line for each of `devices` terminals. Returns their event URLs in order, and the
// certificate's pin in `pin` when it serves TLS; on failure, says why (with the simulator's
// own messages) and returns an empty list.
inline QStringList startSimulator(Child &child, const QString &executable,
                                  const QStringList &arguments, int devices, QString *pin = nullptr)
{
    if (!child.start(executable, arguments)) {
        say(u"cannot start the simulator: %1"_s.arg(child.process.errorString()));
        return {};
    }
    const bool listening = waitUntil(
        [&child, devices] {
            return child.out.size() >= devices || child.process.state() == QProcess::NotRunning;
        },
        60000);
    if (!listening || child.process.state() == QProcess::NotRunning) {
        say(u"the simulator did not start (its ports in use? choose others with --port):"_s);
        for (const auto &line : std::as_const(child.errLines))
            say(u"  "_s + line.second);
        return {};
    }
    static const QRegularExpression urlPattern(u"url=(\\S+)"_s);
    static const QRegularExpression pinPattern(u"sha256=([0-9A-F:]+)"_s);
    QStringList urls;
    for (const auto &line : std::as_const(child.out)) {
        if (const auto match = urlPattern.match(line.second); match.hasMatch())
            urls.append(match.captured(1));
        if (const auto match = pinPattern.match(line.second); pin && match.hasMatch())
            *pin = match.captured(1);
    }
    if (urls.size() != devices) {
        say(u"the simulator announced %1 terminals instead of %2"_s.arg(urls.size()).arg(devices));
        return {};
    }
    return urls;
}

} // namespace bench
