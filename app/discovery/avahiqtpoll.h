#pragma once

#include <QObject>
#include <QString>

#include <avahi-common/watch.h>
#include <unordered_map>
#include <unordered_set>

// Avahi's main-loop abstraction (AvahiPoll) on the Qt event loop of the thread that owns this
// object: file descriptors are watched with QSocketNotifier, timeouts are QObject timers. Avahi
// ships such an adapter only for Qt 4 and 5 (libavahi-qt5), hence this one.
//
// Every Avahi callback then runs on the owner's thread, from the event loop. The poll must
// outlive every AvahiClient made with api(): free the client first. Watches and timeouts that
// the library has not freed by the time the poll is destroyed are freed with it.
class AvahiQtPoll final : public QObject
{
    Q_OBJECT

public:
    explicit AvahiQtPoll(QObject *parent = nullptr);
    ~AvahiQtPoll() override;

    const AvahiPoll *api() const { return &m_api; }

    // An Avahi error code in words. The codes that mean the daemon cannot be reached (no system
    // bus, no daemon on it, connection lost) all read "No Avahi daemon is reachable (is
    // avahi-daemon running?)".
    static QString errorText(int avahiError);

    // How many watches and timeouts the library holds right now (to check for leaks).
    int watchCount() const { return int(m_watches.size()); }
    int timeoutCount() const { return int(m_timeouts.size()); }

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    static AvahiWatch *watchNew(const AvahiPoll *api, int fd, AvahiWatchEvent events,
                                AvahiWatchCallback callback, void *userdata);
    static void watchUpdate(AvahiWatch *watch, AvahiWatchEvent events);
    static AvahiWatchEvent watchGetEvents(AvahiWatch *watch);
    static void watchFree(AvahiWatch *watch);
    static AvahiTimeout *timeoutNew(const AvahiPoll *api, const struct timeval *when,
                                    AvahiTimeoutCallback callback, void *userdata);
    static void timeoutUpdate(AvahiTimeout *timeout, const struct timeval *when);
    static void timeoutFree(AvahiTimeout *timeout);

    void arm(AvahiTimeout *timeout, const struct timeval *when);
    void disarm(AvahiTimeout *timeout);

    AvahiPoll m_api {};
    std::unordered_set<AvahiWatch *> m_watches;
    std::unordered_set<AvahiTimeout *> m_timeouts;
    std::unordered_map<int, AvahiTimeout *> m_timers; // QObject timer id → its timeout
};
