#include "serviceannouncer.h"

#include "avahiqtpoll.h"
#include "sensetimeservice.h"

#include <QNetworkInterface>

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>

using namespace Qt::StringLiterals;

struct ServiceAnnouncer::Callbacks
{
    static void client(AvahiClient *client, AvahiClientState state, void *userdata)
    {
        auto *self = static_cast<ServiceAnnouncer *>(userdata);
        switch (state) {
        case AVAHI_CLIENT_S_RUNNING:
            // Also called from inside avahi_client_new(), before m_client is set: hence the
            // client passed along.
            self->publish(client);
            break;
        case AVAHI_CLIENT_S_REGISTERING:
        case AVAHI_CLIENT_S_COLLISION:
            // The daemon is (re)registering the host name; services wait until it is running.
            self->m_announced = false;
            if (self->m_group)
                avahi_entry_group_reset(self->m_group);
            break;
        case AVAHI_CLIENT_CONNECTING:
            self->postFailure(ServiceAnnouncer::tr("No Avahi daemon is running; announcing as "
                                                   "soon as one starts"),
                              false);
            break;
        case AVAHI_CLIENT_FAILURE:
            // The client library ends the connection when the daemon leaves the bus, even with
            // AVAHI_CLIENT_NO_FAIL: a new client then waits for the daemon's return.
            if (avahi_client_errno(client) == AVAHI_ERR_DISCONNECTED) {
                self->postFailure(ServiceAnnouncer::tr("The Avahi daemon went away; announcing "
                                                       "again when it is back"),
                                  false);
                self->reconnectLater();
            } else {
                self->postFailure(AvahiQtPoll::errorText(avahi_client_errno(client)), true);
            }
            break;
        }
    }

    static void group(AvahiEntryGroup *group, AvahiEntryGroupState state, void *userdata)
    {
        auto *self = static_cast<ServiceAnnouncer *>(userdata);
        switch (state) {
        case AVAHI_ENTRY_GROUP_ESTABLISHED:
            self->m_announced = true;
            self->post(&ServiceAnnouncer::announced);
            break;
        case AVAHI_ENTRY_GROUP_COLLISION:
            // Another host on the link has the name: the next one is tried.
            self->m_announced = false;
            self->takeNextName();
            avahi_entry_group_reset(group);
            self->publish(avahi_entry_group_get_client(group));
            break;
        case AVAHI_ENTRY_GROUP_FAILURE:
            self->postFailure(
                AvahiQtPoll::errorText(avahi_client_errno(avahi_entry_group_get_client(group))),
                true);
            break;
        case AVAHI_ENTRY_GROUP_UNCOMMITED:
        case AVAHI_ENTRY_GROUP_REGISTERING:
            break;
        }
    }
};

ServiceAnnouncer::ServiceAnnouncer(quint16 port, const QString &model, const QString &serialNumber,
                                   QObject *parent)
    : QObject(parent)
    , m_poll(std::make_unique<AvahiQtPoll>())
    , m_name(QString::fromLatin1(SensetimeService::Name))
    , m_port(port)
    , m_modelRecord(QByteArray(SensetimeService::ModelKey) + '=' + model.toUtf8())
    , m_serialNumberRecord(QByteArray(SensetimeService::SerialNumberKey) + '='
                           + serialNumber.toUtf8())
{ }

ServiceAnnouncer::~ServiceAnnouncer()
{
    // The Avahi objects go before the poll they run on (declared first, destroyed last).
    stop();
}

bool ServiceAnnouncer::start(QString *error)
{
    stop();
    m_name = QString::fromLatin1(SensetimeService::Name);
    return connectToDaemon(error);
}

void ServiceAnnouncer::stop()
{
    ++m_generation;
    disconnectFromDaemon();
}

bool ServiceAnnouncer::connectToDaemon(QString *error)
{
    int code = AVAHI_OK;
    // AVAHI_CLIENT_NO_FAIL: without a daemon the client waits for one (state CONNECTING).
    // Only a system bus that cannot be reached makes this fail.
    m_client
        = avahi_client_new(m_poll->api(), AVAHI_CLIENT_NO_FAIL, &Callbacks::client, this, &code);
    if (!m_client) {
        const QString reason = AvahiQtPoll::errorText(code);
        if (error)
            *error = reason;
        postFailure(reason, true);
        return false;
    }
    return true;
}

void ServiceAnnouncer::disconnectFromDaemon()
{
    m_announced = false;
    // Freeing the group withdraws the service: the daemon sends the goodbye packets.
    if (m_group) {
        avahi_entry_group_free(m_group);
        m_group = nullptr;
    }
    if (m_client) {
        avahi_client_free(m_client);
        m_client = nullptr;
    }
}

namespace {

struct Scope
{
    AvahiIfIndex interface = AVAHI_IF_UNSPEC;
    AvahiProtocol protocol = AVAHI_PROTO_UNSPEC;
};

// Where a service listening on `address` can be reached: everywhere for an unspecified
// address, else the interface holding the address, over the address's protocol.
Scope scopeFor(const QHostAddress &address)
{
    Scope scope;
    if (address.isNull() || address == QHostAddress(QHostAddress::Any)
        || address == QHostAddress(QHostAddress::AnyIPv4)
        || address == QHostAddress(QHostAddress::AnyIPv6))
        return scope;
    scope.protocol = address.protocol() == QAbstractSocket::IPv6Protocol ? AVAHI_PROTO_INET6
                                                                         : AVAHI_PROTO_INET;
    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &candidate : interfaces) {
        const QList<QNetworkAddressEntry> entries = candidate.addressEntries();
        for (const QNetworkAddressEntry &entry : entries) {
            if (entry.ip().isEqual(address, QHostAddress::TolerantConversion)) {
                scope.interface = candidate.index();
                return scope;
            }
        }
    }
    // Any loopback address (127.0.0.2…) belongs to the loopback interface.
    if (address.isLoopback()) {
        for (const QNetworkInterface &candidate : interfaces) {
            if (candidate.type() == QNetworkInterface::Loopback) {
                scope.interface = candidate.index();
                break;
            }
        }
    }
    return scope;
}

} // namespace

void ServiceAnnouncer::publish(AvahiClient *client)
{
    if (!m_group) {
        m_group = avahi_entry_group_new(client, &Callbacks::group, this);
        if (!m_group) {
            postFailure(AvahiQtPoll::errorText(avahi_client_errno(client)), true);
            return;
        }
    }
    if (!avahi_entry_group_is_empty(m_group))
        return;
    // A name already taken on this machine (by this process or another client of the daemon)
    // is refused at once; one taken elsewhere on the link shows later as a group collision.
    constexpr int Attempts = 100;
    const Scope scope = scopeFor(m_listenAddress);
    for (int attempt = 0; attempt < Attempts; ++attempt) {
        const int added = avahi_entry_group_add_service(
            m_group, scope.interface, scope.protocol,
            // No Avahi cookie in the TXT data: the records are exactly a terminal's.
            AVAHI_PUBLISH_NO_COOKIE, m_name.toUtf8().constData(), SensetimeService::Type, nullptr,
            nullptr, m_port, m_modelRecord.constData(), m_serialNumberRecord.constData(),
            static_cast<const char *>(nullptr));
        if (added == AVAHI_ERR_COLLISION) {
            takeNextName();
            avahi_entry_group_reset(m_group);
            continue;
        }
        const int result = added < 0 ? added : avahi_entry_group_commit(m_group);
        if (result < 0)
            postFailure(AvahiQtPoll::errorText(result), true);
        return;
    }
    postFailure(tr("No free service name after %1 tries").arg(Attempts), true);
}

void ServiceAnnouncer::takeNextName()
{
    char *next = avahi_alternative_service_name(m_name.toUtf8().constData());
    m_name = QString::fromUtf8(next);
    avahi_free(next);
}

void ServiceAnnouncer::post(void (ServiceAnnouncer::*signal)())
{
    QMetaObject::invokeMethod(
        this,
        [this, signal, generation = m_generation] {
            if (generation == m_generation)
                emit(this->*signal)();
        },
        Qt::QueuedConnection);
}

void ServiceAnnouncer::postFailure(const QString &reason, bool giveUp)
{
    m_announced = false;
    QMetaObject::invokeMethod(
        this,
        [this, reason, giveUp, generation = m_generation] {
            if (generation != m_generation)
                return;
            if (giveUp)
                stop();
            emit failed(reason);
        },
        Qt::QueuedConnection);
}

void ServiceAnnouncer::reconnectLater()
{
    // Not from inside the callback of the client that is to be freed.
    QMetaObject::invokeMethod(
        this,
        [this, generation = m_generation] {
            if (generation != m_generation)
                return;
            disconnectFromDaemon();
            connectToDaemon(nullptr);
        },
        Qt::QueuedConnection);
}
