#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>
#include <vector>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;

// How a DeviceSimulator behaves. The defaults give one plain-WebSocket device on an ephemeral
// loopback port emitting one event per second for as long as someone listens.
struct SimulatorOptions final
{
    QHostAddress address = QHostAddress::LocalHost;
    // 0: each device gets an ephemeral port; else consecutive ports firstPort..firstPort+K-1.
    quint16 firstPort = 0;
    int devices = 1;
    // Events per second per device, emitted only while the device has a subscriber.
    // 0 = only on demand (emitEvent()).
    double rate = 1.0;
    // Each device emits as fast as its subscribers read instead of at `rate`: a new event
    // whenever no subscriber has more than floodBacklogBytes waiting to be sent (still only
    // while subscribed, and at most `count`). An ingest benchmark's source: the recorder sets
    // the pace, and the simulator holds little memory however far behind it falls.
    bool flood = false;
    qint64 floodBacklogBytes = qint64 { 256 } * 1024;
    // Events per device emitted by the rate timer, after which emissionFinished() is signalled
    // and the device keeps serving. -1 = unlimited. emitEvent() calls do not count.
    qint64 count = -1;
    bool tls = false;
    // Empty: the bundled self-signed test certificate (:/certs/simulator.pem / .key).
    QString certificateFile;
    QString privateKeyFile;
    // Non-empty user: REST calls and the WebSocket upgrade need a token (or Basic auth).
    QString loginUser;
    QString loginPassword;
    quint32 seed = 1;
    // Every event of every device carries its timestamp in Unix milliseconds instead of seconds,
    // like some firmware does.
    bool millisecondTimestamps = false;
    // Site: the statuses a real entrance sees, mostly people passing (see EventGenerator::Mix).
    bool siteMix = false;
    // 480×640 snapshots with a sensor's noise, about 45 KB each
    // (EventGenerator::setCameraSnapshots).
    bool cameraSnapshots = false;
    // Per device: how many events the records endpoint (and sentFrames()) remember; the oldest
    // are dropped first. Bounds memory when the simulator runs for hours.
    int historyLimit = 5000;
    // The real terminal accepts at most 3 simultaneous event subscribers.
    int maxSubscribers = 3;
    // How long one minute of a login token's validTime lasts, in milliseconds; tests shorten it
    // to see tokens expire.
    qint64 tokenMinuteMs = qint64 { 60 } * 1000;
};

// A set of simulated SenseNebula Pass terminals on one address. Each device serves, on a single
// port like the real one, the WebSocket event push on /v1/event/ and the REST API (login,
// certificate, event records, user with avatar, door, device info), over plain HTTP or TLS.
class DeviceSimulator final : public QObject
{
    Q_OBJECT

public:
    explicit DeviceSimulator(SimulatorOptions options, QObject *parent = nullptr);
    ~DeviceSimulator() override;

    const SimulatorOptions &options() const { return m_options; }

    // Listens on every device's port. On failure, nothing stays open and *error says why.
    bool start(QString *error);
    // Closes all servers and connections. The histories are kept.
    void stop();
    // No more events from the rate timers (emitEvent() still works); the connections stay.
    void stopEmitting();
    // Bytes handed to the subscribers' sockets that they have not received yet, in this
    // process's buffers and in the kernel's send queues: what a subscriber that reads slowly
    // (or holds the device back) has still to take.
    qint64 unsentBytes() const;
    // Ends every subscription with a close frame, which follows whatever is still queued for
    // the subscriber, and accepts no new one: the orderly end of a device that shuts down.
    // Each subscriber is gone once it has answered (see subscriberTotal()).
    void closeSubscribers();
    // The subscribers of all devices.
    int subscriberTotal() const;
    bool isRunning() const { return m_running; }
    // Closes that device's server and subscribers (as a device reboot would) and listens again
    // on the same port.
    bool restartDevice(int index, QString *error);
    // The certificate and key (PEM files; empty: the bundled ones) the TLS devices present
    // from their next start on: restartDevice() after this is a terminal whose certificate
    // was replaced. Before start(), it takes the place of the options' files. On failure
    // nothing changes and *error says why.
    bool setCertificate(const QString &certificateFile, const QString &privateKeyFile,
                        QString *error);

    int deviceCount() const;
    QList<quint16> ports() const;
    quint16 port(int index) const;
    QString serialNumber(int index) const;
    // The model name GET /v1/device/info reports (and `simulate --announce` announces).
    QString model(int index) const;
    // ws:// or wss://127.0.0.1:PORT/v1/event/ (the host is the listening address).
    QUrl eventUrl(int index) const;
    // http:// or https://HOST:PORT (no trailing slash): base of the REST endpoints.
    QUrl restBaseUrl(int index) const;

    // The certificate the TLS devices present: DER SHA-256 digest, raw 32 bytes, and as
    // upper-case hex with colons ("AB:CD:…"). Empty without TLS.
    QByteArray certificateSha256() const;
    QString certificateSha256Hex() const;
    static QString fingerprintHex(const QByteArray &digest);
    // The certificate in PEM (also served by GET /v1/auth/certificate). Empty without TLS.
    QByteArray certificatePem() const;

    int subscriberCount(int index) const;
    // Events emitted by the rate timer so far (emitEvent() not included).
    qint64 emittedCount(int index) const;
    int doorOpenings(int index) const;

    // A link that is down for the event stream only: while not accepting, the device's
    // current subscribers are dropped and new ones are closed at once ("subscriptions
    // suspended"), as if the path between station and device lost them; the device keeps
    // recording (emitEvent() still adds to its history) and its REST API keeps answering.
    // Used to make a client miss events and back-fill them.
    void setAcceptingSubscribers(int index, bool accepting);
    bool isAcceptingSubscribers(int index) const;

    // How POST /v1/event/records misbehaves, for tests of the clients that page through it.
    enum class RecordsFault {
        None,
        ServerError, // HTTP 500 with the device's error JSON
        BadJson, // HTTP 200 with a body that is not JSON
        NoAnswer, // the request is read and never answered (the client's timeout ends it)
    };
    // After `afterRequests` more records requests answered normally, every further one gets
    // `fault` until it is set to None.
    void setRecordsFault(int index, RecordsFault fault, int afterRequests = 0);
    // Authorised records requests the device received since it was created, answered or not.
    int recordsRequestCount(int index) const;

    // A hung terminal: while silent, the device sends nothing (no events, no pongs: its
    // subscribers' sockets are not read) but keeps the connections open. Used to test that a
    // client detects a silent connection. New subscribers are still accepted.
    void setSilent(int index, bool silent);
    bool isSilent(int index) const;

    // Generates one event now, appends it to the history and sends it to every subscriber.
    void emitEvent(int index);
    // The same with the recognition time `timestampMs` (Unix ms) instead of now: a test's way
    // to spread events over seconds without waiting. Keep them in time order, as a device
    // records them.
    void emitEventAt(int index, qint64 timestampMs);
    // Sends a text frame verbatim to every subscriber of the device (not added to the history).
    void sendRawFrame(int index, const QByteArray &frame);
    // Sends `count` WebSocket pings to every subscriber at once (a terminal whose keep-alive has
    // gone wrong); each carries its number as payload.
    void sendPings(int index, int count);
    // Pongs the device's subscribers sent back, since it was created.
    qint64 pongCount(int index) const;
    // Every frame delivered to at least one subscriber, oldest first (bounded by historyLimit).
    QList<QByteArray> sentFrames(int index) const;
    // Every event the device recorded (what POST /v1/event/records searches), as frames,
    // oldest first (bounded by historyLimit); delivered or not.
    QList<QByteArray> historyFrames(int index) const;

signals:
    void subscriberConnected(int index);
    void subscriberDisconnected(int index);
    // A subscriber was turned away: too many subscribers, wrong path, or not authorised.
    void subscriberRefused(int index, const QString &reason);
    void eventSent(int index, const QByteArray &frame);
    void emissionFinished(int index);
    void doorOpened(int index, int openMode);

private:
    struct Device;

    Device *device(int index) const;
    bool listen(Device &d, quint16 port, QString *error);
    void installRoutes(Device &d, QHttpServer *server);
    void closeDevice(Device &d);
    void acceptSubscribers(int index);
    // Emits what `count` still allows, as many as `most`; then reports the end of emission.
    void emitUpTo(int index, int most);
    // Flood mode: emits until a subscriber's backlog reaches floodBacklogBytes.
    void refill(int index);
    bool isAuthorised(Device &d, const QByteArray &authorization) const;
    // The answer to POST /v1/event/records; nullopt: none at all (RecordsFault::NoAnswer).
    std::optional<QHttpServerResponse> recordsAnswer(Device *dev, const QHttpServerRequest &req);

    SimulatorOptions m_options;
    std::vector<std::unique_ptr<Device>> m_devices;
    bool m_running = false;
    QByteArray m_certificatePem;
    QByteArray m_privateKeyPem;
};
