#include "devicebrowser.h"

#include "avahiqtpoll.h"
#include "sensetimeservice.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QtEndian>

#include <algorithm>
#include <array>
#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/error.h>
#include <avahi-common/strlst.h>
#include <net/if.h>
#include <optional>

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcDiscovery, "gatewatch.discovery")

// The value of a TXT record "key=value"; keys compare without case and the first one counts
// (DNS-SD, RFC 6763 section 6).
QString txtValue(AvahiStringList *txt, const char *key)
{
    for (AvahiStringList *item = txt; item; item = avahi_string_list_get_next(item)) {
        const QByteArrayView entry(avahi_string_list_get_text(item),
                                   qsizetype(avahi_string_list_get_size(item)));
        const qsizetype equals = entry.indexOf('=');
        const QByteArrayView entryKey = equals < 0 ? entry : entry.first(equals);
        if (entryKey.compare(QByteArrayView(key), Qt::CaseInsensitive) == 0)
            return equals < 0 ? QString() : QString::fromUtf8(entry.sliced(equals + 1));
    }
    return {};
}

QString interfaceName(AvahiIfIndex interface)
{
    std::array<char, IF_NAMESIZE> name {};
    if (interface < 0 || !if_indextoname(unsigned(interface), name.data()))
        return {};
    return QString::fromLocal8Bit(name.data());
}

QHostAddress hostAddress(const AvahiAddress &address, const QString &interface)
{
    if (address.proto == AVAHI_PROTO_INET)
        return QHostAddress(qFromBigEndian(address.data.ipv4.address));
    if (address.proto != AVAHI_PROTO_INET6)
        return {};
    QHostAddress result(address.data.ipv6.address);
    // A link-local address is only usable together with its interface.
    if (result.isLinkLocal() && !interface.isEmpty())
        result.setScopeId(interface);
    return result;
}
} // namespace

// One announcement as Avahi reports it: an instance name seen on one interface over one
// protocol (IPv4 or IPv6 mDNS). The same terminal is usually seen several times.
struct DeviceBrowser::Sighting
{
    DeviceBrowser *browser = nullptr;
    AvahiIfIndex interface = AVAHI_IF_UNSPEC;
    AvahiProtocol protocol = AVAHI_PROTO_UNSPEC;
    QString name;
    AvahiServiceResolver *resolver = nullptr;
    // Set while the resolver has an answer.
    std::optional<DiscoveredDevice> device;
};

struct DeviceBrowser::Callbacks
{
    static void client(AvahiClient *client, AvahiClientState state, void *userdata)
    {
        auto *self = static_cast<DeviceBrowser *>(userdata);
        if (state != AVAHI_CLIENT_FAILURE)
            return;
        const int error = avahi_client_errno(client);
        self->failLater(error == AVAHI_ERR_DISCONNECTED ? DeviceBrowser::tr(
                            "Lost the connection to the Avahi daemon (was it restarted?)")
                                                        : AvahiQtPoll::errorText(error));
    }

    static void browser(AvahiServiceBrowser *browser, AvahiIfIndex interface,
                        AvahiProtocol protocol, AvahiBrowserEvent event, const char *name,
                        const char *type, const char *domain, AvahiLookupResultFlags,
                        void *userdata)
    {
        auto *self = static_cast<DeviceBrowser *>(userdata);
        switch (event) {
        case AVAHI_BROWSER_NEW:
            self->addSighting(interface, protocol, QString::fromUtf8(name), type, domain);
            break;
        case AVAHI_BROWSER_REMOVE:
            self->removeSighting(interface, protocol, QString::fromUtf8(name));
            break;
        case AVAHI_BROWSER_FAILURE:
            self->failLater(AvahiQtPoll::errorText(
                avahi_client_errno(avahi_service_browser_get_client(browser))));
            break;
        case AVAHI_BROWSER_ALL_FOR_NOW:
        case AVAHI_BROWSER_CACHE_EXHAUSTED:
            break;
        }
    }

    static void resolver(AvahiServiceResolver *, AvahiIfIndex interface, AvahiProtocol,
                         AvahiResolverEvent event, const char *name, const char *, const char *,
                         const char *hostName, const AvahiAddress *address, uint16_t port,
                         AvahiStringList *txt, AvahiLookupResultFlags, void *userdata)
    {
        auto *sighting = static_cast<Sighting *>(userdata);
        if (event == AVAHI_RESOLVER_FOUND && address) {
            DiscoveredDevice device;
            device.name = QString::fromUtf8(name);
            device.hostName = QString::fromUtf8(hostName);
            device.interfaceName = interfaceName(interface);
            device.address = hostAddress(*address, device.interfaceName);
            device.port = port;
            device.model = txtValue(txt, SensetimeService::ModelKey);
            device.serialNumber = txtValue(txt, SensetimeService::SerialNumberKey);
            device.key = device.serialNumber.isEmpty() ? device.name : device.serialNumber;
            sighting->device = std::move(device);
        } else {
            // Resolvers keep running: a failure (the records expired, or never came) clears
            // what this one knew, and a later answer brings it back.
            sighting->device.reset();
        }
        sighting->browser->scheduleUpdate();
    }
};

DeviceBrowser::DeviceBrowser(QObject *parent)
    : QObject(parent)
    , m_poll(std::make_unique<AvahiQtPoll>())
{
    qRegisterMetaType<DiscoveredDevice>();
}

DeviceBrowser::~DeviceBrowser()
{
    // The Avahi objects go before the poll they run on (declared first, destroyed last).
    stop();
}

bool DeviceBrowser::start(QString *error)
{
    stop();
    const auto failNow = [this, error](const QString &reason) {
        if (error)
            *error = reason;
        QMetaObject::invokeMethod(
            this,
            [this, reason, generation = m_generation] {
                if (generation == m_generation)
                    emit failed(reason);
            },
            Qt::QueuedConnection);
        return false;
    };
    int code = AVAHI_OK;
    // Without AVAHI_CLIENT_NO_FAIL, a missing daemon is an error now instead of a wait.
    m_client
        = avahi_client_new(m_poll->api(), AvahiClientFlags(0), &Callbacks::client, this, &code);
    if (!m_client)
        return failNow(AvahiQtPoll::errorText(code));
    m_browser = avahi_service_browser_new(m_client, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                          SensetimeService::Type, SensetimeService::Domain,
                                          AvahiLookupFlags(0), &Callbacks::browser, this);
    if (!m_browser) {
        const QString reason = AvahiQtPoll::errorText(avahi_client_errno(m_client));
        stop();
        return failNow(reason);
    }
    return true;
}

void DeviceBrowser::stop()
{
    ++m_generation;
    m_updateScheduled = false;
    m_failing = false;
    for (const auto &sighting : m_sightings)
        avahi_service_resolver_free(sighting->resolver);
    m_sightings.clear();
    if (m_browser) {
        avahi_service_browser_free(m_browser);
        m_browser = nullptr;
    }
    if (m_client) {
        avahi_client_free(m_client);
        m_client = nullptr;
    }
    m_published.clear();
}

void DeviceBrowser::addSighting(int interface, int protocol, const QString &name, const char *type,
                                const char *domain)
{
    if (!SensetimeService::isTerminalName(name))
        return;
    const bool known = std::any_of(m_sightings.cbegin(), m_sightings.cend(), [&](const auto &s) {
        return s->interface == interface && s->protocol == protocol && s->name == name;
    });
    if (known)
        return;
    auto sighting = std::make_unique<Sighting>();
    sighting->browser = this;
    sighting->interface = interface;
    sighting->protocol = protocol;
    sighting->name = name;
    // The address asked for is of the protocol the announcement came over: the A record over
    // IPv4, the AAAA record over IPv6. publishChanges() prefers the IPv4 answer.
    sighting->resolver = avahi_service_resolver_new(
        m_client, interface, protocol, name.toUtf8().constData(), type, domain, protocol,
        AvahiLookupFlags(0), &Callbacks::resolver, sighting.get());
    if (!sighting->resolver) {
        qCWarning(lcDiscovery) << "cannot resolve" << name << "-"
                               << avahi_strerror(avahi_client_errno(m_client));
        return;
    }
    m_sightings.push_back(std::move(sighting));
}

void DeviceBrowser::removeSighting(int interface, int protocol, const QString &name)
{
    const auto it = std::find_if(m_sightings.begin(), m_sightings.end(), [&](const auto &s) {
        return s->interface == interface && s->protocol == protocol && s->name == name;
    });
    if (it == m_sightings.end())
        return;
    avahi_service_resolver_free((*it)->resolver);
    m_sightings.erase(it);
    scheduleUpdate();
}

void DeviceBrowser::scheduleUpdate()
{
    if (m_updateScheduled)
        return;
    m_updateScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this, generation = m_generation] {
            if (generation == m_generation)
                publishChanges();
        },
        Qt::QueuedConnection);
}

void DeviceBrowser::publishChanges()
{
    m_updateScheduled = false;
    // One device per key, from its best sighting: a network address before a loopback one
    // (a terminal is never on this machine; a service here that is also seen on a network
    // interface answers there), an IPv4 address first, then the lowest interface index and
    // protocol, so that the choice does not flip between updates.
    const auto better = [](const Sighting &a, const Sighting &b) {
        const bool aLoopback = a.device->address.isLoopback();
        const bool bLoopback = b.device->address.isLoopback();
        if (aLoopback != bLoopback)
            return bLoopback;
        const bool aIPv4 = a.device->address.protocol() == QAbstractSocket::IPv4Protocol;
        const bool bIPv4 = b.device->address.protocol() == QAbstractSocket::IPv4Protocol;
        if (aIPv4 != bIPv4)
            return aIPv4;
        if (a.interface != b.interface)
            return a.interface < b.interface;
        return a.protocol < b.protocol;
    };
    QHash<QString, const Sighting *> best;
    for (const auto &sighting : m_sightings) {
        if (!sighting->device)
            continue;
        const Sighting *&current = best[sighting->device->key];
        if (!current || better(*sighting, *current))
            current = sighting.get();
    }
    QHash<QString, DiscoveredDevice> current;
    for (auto it = best.cbegin(); it != best.cend(); ++it)
        current.insert(it.key(), *it.value()->device);

    QList<DiscoveredDevice> found;
    for (const DiscoveredDevice &device : std::as_const(current)) {
        const auto previous = m_published.constFind(device.key);
        if (previous == m_published.cend() || *previous != device)
            found.append(device);
    }
    std::sort(found.begin(), found.end(),
              [](const auto &a, const auto &b) { return a.key < b.key; });
    QStringList lost;
    for (auto it = m_published.cbegin(); it != m_published.cend(); ++it) {
        if (!current.contains(it.key()))
            lost.append(it.key());
    }
    lost.sort();
    m_published = std::move(current);

    // A slot may stop, restart or delete the browser: then the rest is stale.
    const QPointer<DeviceBrowser> guard(this);
    const quint64 generation = m_generation;
    const auto stillCurrent = [&] {
        return guard && generation == m_generation;
    };
    for (const QString &key : std::as_const(lost)) {
        emit deviceLost(key);
        if (!stillCurrent())
            return;
    }
    for (const DiscoveredDevice &device : std::as_const(found)) {
        emit deviceFound(device);
        if (!stillCurrent())
            return;
    }
}

void DeviceBrowser::failLater(const QString &reason)
{
    if (m_failing)
        return;
    m_failing = true;
    // Never from inside Avahi's callback: stop() frees the client that is calling back.
    QMetaObject::invokeMethod(
        this,
        [this, reason, generation = m_generation] {
            if (generation != m_generation)
                return;
            stop();
            emit failed(reason);
        },
        Qt::QueuedConnection);
}
