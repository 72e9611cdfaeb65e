#include "avahiqtpoll.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <avahi-common/error.h>
#include <chrono>
#include <memory>
#include <sys/time.h>

// The library declares these two types without defining them: each main-loop adapter defines
// its own.
struct AvahiWatch
{
    AvahiQtPoll *poll = nullptr;
    int fd = -1;
    AvahiWatchCallback callback = nullptr;
    void *userdata = nullptr;
    std::unique_ptr<QSocketNotifier> read;
    std::unique_ptr<QSocketNotifier> write;
    // What is being dispatched, for watch_get_events(); nothing outside a callback.
    AvahiWatchEvent happening = AvahiWatchEvent(0);
};

struct AvahiTimeout
{
    AvahiQtPoll *poll = nullptr;
    AvahiTimeoutCallback callback = nullptr;
    void *userdata = nullptr;
    int timerId = 0; // 0: disabled
};

AvahiQtPoll::AvahiQtPoll(QObject *parent)
    : QObject(parent)
{
    m_api.userdata = this;
    m_api.watch_new = &AvahiQtPoll::watchNew;
    m_api.watch_update = &AvahiQtPoll::watchUpdate;
    m_api.watch_get_events = &AvahiQtPoll::watchGetEvents;
    m_api.watch_free = &AvahiQtPoll::watchFree;
    m_api.timeout_new = &AvahiQtPoll::timeoutNew;
    m_api.timeout_update = &AvahiQtPoll::timeoutUpdate;
    m_api.timeout_free = &AvahiQtPoll::timeoutFree;
}

AvahiQtPoll::~AvahiQtPoll()
{
    for (AvahiWatch *watch : m_watches)
        delete watch;
    for (AvahiTimeout *timeout : m_timeouts) {
        disarm(timeout);
        delete timeout;
    }
}

QString AvahiQtPoll::errorText(int avahiError)
{
    switch (avahiError) {
    case AVAHI_ERR_NO_DAEMON:
    case AVAHI_ERR_DBUS_ERROR:
    case AVAHI_ERR_DISCONNECTED:
        return QCoreApplication::translate("Discovery",
                                           "No Avahi daemon is reachable (is avahi-daemon "
                                           "running?)");
    default:
        return QCoreApplication::translate("Discovery", "Avahi: %1")
            .arg(QString::fromUtf8(avahi_strerror(avahiError)));
    }
}

AvahiWatch *AvahiQtPoll::watchNew(const AvahiPoll *api, int fd, AvahiWatchEvent events,
                                  AvahiWatchCallback callback, void *userdata)
{
    auto *poll = static_cast<AvahiQtPoll *>(api->userdata);
    auto *watch = new AvahiWatch;
    watch->poll = poll;
    watch->fd = fd;
    watch->callback = callback;
    watch->userdata = userdata;
    poll->m_watches.insert(watch);
    watchUpdate(watch, events);
    return watch;
}

void AvahiQtPoll::watchUpdate(AvahiWatch *watch, AvahiWatchEvent events)
{
    const auto follow = [watch](std::unique_ptr<QSocketNotifier> &notifier,
                                QSocketNotifier::Type type, AvahiWatchEvent event, bool wanted) {
        if (!wanted) {
            if (notifier)
                notifier->setEnabled(false);
            return;
        }
        if (!notifier) {
            notifier = std::make_unique<QSocketNotifier>(watch->fd, type);
            // The notifier is the context: once the watch (and with it the notifier) is freed,
            // nothing is called any more. Qt allows the notifier to be deleted from inside its
            // own activated() signal, which is what a callback freeing its watch amounts to.
            QObject::connect(notifier.get(), &QSocketNotifier::activated, notifier.get(),
                             [watch, event] {
                                 AvahiQtPoll *poll = watch->poll;
                                 watch->happening = event;
                                 watch->callback(watch, watch->fd, event, watch->userdata);
                                 if (poll->m_watches.contains(watch))
                                     watch->happening = AvahiWatchEvent(0);
                             });
        }
        notifier->setEnabled(true);
    };
    // Qt wakes a read notifier for errors and hang-ups as well: Avahi's D-Bus glue then reads
    // and sees the connection closed. Out-of-band data (Qt's Exception type) is not an event
    // Avahi asks for.
    follow(watch->read, QSocketNotifier::Read, AVAHI_WATCH_IN, (events & AVAHI_WATCH_IN) != 0);
    follow(watch->write, QSocketNotifier::Write, AVAHI_WATCH_OUT, (events & AVAHI_WATCH_OUT) != 0);
}

AvahiWatchEvent AvahiQtPoll::watchGetEvents(AvahiWatch *watch)
{
    return watch->happening;
}

void AvahiQtPoll::watchFree(AvahiWatch *watch)
{
    watch->poll->m_watches.erase(watch);
    delete watch;
}

AvahiTimeout *AvahiQtPoll::timeoutNew(const AvahiPoll *api, const struct timeval *when,
                                      AvahiTimeoutCallback callback, void *userdata)
{
    auto *poll = static_cast<AvahiQtPoll *>(api->userdata);
    auto *timeout = new AvahiTimeout;
    timeout->poll = poll;
    timeout->callback = callback;
    timeout->userdata = userdata;
    poll->m_timeouts.insert(timeout);
    poll->arm(timeout, when);
    return timeout;
}

void AvahiQtPoll::timeoutUpdate(AvahiTimeout *timeout, const struct timeval *when)
{
    timeout->poll->arm(timeout, when);
}

void AvahiQtPoll::timeoutFree(AvahiTimeout *timeout)
{
    AvahiQtPoll *poll = timeout->poll;
    poll->disarm(timeout);
    poll->m_timeouts.erase(timeout);
    delete timeout;
}

void AvahiQtPoll::arm(AvahiTimeout *timeout, const struct timeval *when)
{
    disarm(timeout);
    if (!when)
        return;
    // Avahi gives an absolute wall-clock time (gettimeofday), as its own loops use. Rounded up:
    // a timeout must not fire before its time, or Avahi just sets it again.
    struct timeval now = {};
    gettimeofday(&now, nullptr);
    const qint64 microseconds
        = (qint64(when->tv_sec) - now.tv_sec) * 1000000 + (qint64(when->tv_usec) - now.tv_usec);
    const qint64 milliseconds = microseconds <= 0 ? 0 : (microseconds + 999) / 1000;
    timeout->timerId = startTimer(std::chrono::milliseconds(milliseconds), Qt::PreciseTimer);
    if (timeout->timerId != 0)
        m_timers.emplace(timeout->timerId, timeout);
}

void AvahiQtPoll::disarm(AvahiTimeout *timeout)
{
    if (timeout->timerId == 0)
        return;
    killTimer(timeout->timerId);
    m_timers.erase(timeout->timerId);
    timeout->timerId = 0;
}

void AvahiQtPoll::timerEvent(QTimerEvent *event)
{
    const auto it = m_timers.find(event->timerId());
    if (it == m_timers.end()) {
        QObject::timerEvent(event);
        return;
    }
    AvahiTimeout *timeout = it->second;
    // A timeout fires once and stays disabled until Avahi updates it; the callback may also
    // update or free it, so nothing of it is touched afterwards.
    disarm(timeout);
    timeout->callback(timeout, timeout->userdata);
}
