#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

// Turns Unix signals (SIGINT/SIGTERM to stop, SIGHUP to reload, ...) into a Qt signal delivered
// on the watcher's thread, so that what they ask for runs through the event loop (store flush,
// orderly disconnects, reading a file) instead of inside a signal handler. Uses the self-pipe
// pattern: the handler only writes one byte, the signal's number. Signals that arrive together
// are delivered one by one, in order. The signals get their default action back when the
// watcher is destroyed.
class UnixSignalWatcher final : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(const QList<int> &signalNumbers, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

signals:
    void signalReceived(int signalNumber);

private:
    void readPending();

    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_signals;
};
