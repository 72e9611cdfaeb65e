#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>

#include <memory>

class AvahiQtPoll;
struct AvahiClient;
struct AvahiEntryGroup;

// Announces one terminal on the local network the way real ones do (see SensetimeService):
// the service "sensetime" of type _http._tcp on the given port, with TXT records model and sn,
// published through the machine's Avahi daemon (reached over the D-Bus system bus,
// $DBUS_SYSTEM_BUS_ADDRESS when set). Used by `gatewatch simulate --announce`.
//
// The name is unique on a link: when another service already has it (another simulated device
// on this machine, or a terminal), Avahi's next alternative is taken ("sensetime #2", …; see
// serviceName()). When the daemon is not running, or goes away, the announcer waits for it and
// announces again when it is back. Signals are emitted from the owner thread's event loop,
// never from inside an Avahi callback.
class ServiceAnnouncer final : public QObject
{
    Q_OBJECT

public:
    ServiceAnnouncer(quint16 port, const QString &model, const QString &serialNumber,
                     QObject *parent = nullptr);
    ~ServiceAnnouncer() override;

    // Announces only where a browser can reach `address`, the one the service listens on: on
    // the network interface that has it, over its protocol (IPv4 or IPv6). Without it (or for
    // QHostAddress::Any) the service is announced on every interface, as a terminal does. A
    // service that listens on 127.0.0.1 is then announced on the loopback interface only, and
    // one on a network address is not offered with a loopback address it does not answer on.
    // Takes effect at the next start().
    void setListenAddress(const QHostAddress &address) { m_listenAddress = address; }

    // Starts announcing. Returns false, with the reason in *error when given (failed() follows
    // too), when the system bus cannot be reached at all; a missing daemon is waited for
    // (failed() says so, announced() follows when it starts).
    bool start(QString *error = nullptr);
    // Withdraws the announcement (Avahi sends the goodbye packets).
    void stop();
    bool isAnnounced() const { return m_announced; }
    // The instance name as announced, or as being registered.
    QString serviceName() const { return m_name; }
    quint16 port() const { return m_port; }

signals:
    // The service is registered (after start(), a rename, or the daemon's return).
    void announced();
    // The service is not announced, and why: no daemon (waiting for one), the daemon went away
    // (waiting for its return), or an error after which the announcer has given up.
    void failed(const QString &reason);

private:
    // The functions Avahi calls back, with its types (defined in the .cpp only). A nested
    // class: it reaches the private members.
    struct Callbacks;

    bool connectToDaemon(QString *error);
    void disconnectFromDaemon();
    void publish(AvahiClient *client);
    void takeNextName();
    void post(void (ServiceAnnouncer::*signal)());
    void postFailure(const QString &reason, bool giveUp);
    void reconnectLater();

    std::unique_ptr<AvahiQtPoll> m_poll;
    AvahiClient *m_client = nullptr;
    AvahiEntryGroup *m_group = nullptr;
    QString m_name;
    quint16 m_port = 0;
    QByteArray m_modelRecord;
    QByteArray m_serialNumberRecord;
    QHostAddress m_listenAddress;
    bool m_announced = false;
    // Bumped by start() and stop(): queued work of an earlier run is dropped.
    quint64 m_generation = 0;
};
