#include "devicesimulator.h"

#include "eventgenerator.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <cmath>
#include <deque>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSimulator, "gatewatch.sim", QtInfoMsg)

namespace {

const QString eventPath = u"/v1/event/"_s;
// Subscribers only ever send pings and the odd text; anything big is misbehaviour.
constexpr qint64 maxIncomingMessageSize = qint64 { 64 } * 1024;
constexpr int maxRecordsLimit = 25;
// The guide's default page size when a request names none.
constexpr int defaultRecordsLimit = 20;
constexpr int maxTokenMinutes = 1440;

using StatusCode = QHttpServerResponder::StatusCode;

QHttpServerResponse okResponse(const QJsonValue &data)
{
    return QHttpServerResponse(
        QJsonObject { { u"code"_s, 200 }, { u"msg"_s, u"OK"_s }, { u"data"_s, data } });
}

QHttpServerResponse errorResponse(StatusCode status, const QString &message)
{
    return QHttpServerResponse(QJsonObject { { u"code"_s, static_cast<int>(status) },
                                             { u"msg"_s, message },
                                             { u"data"_s, QJsonValue(QJsonValue::Null) } },
                               status);
}

// The JSON object of a request body, or nullopt when it is not one.
std::optional<QJsonObject> bodyObject(const QHttpServerRequest &request)
{
    if (request.body().trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// A JSON value that may be a number or its decimal text (firmware differs), as text.
QString idText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toInteger());
    return {};
}

bool isWebSocketUpgrade(const QHttpServerRequest &request)
{
    return request.value("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
}

// Qt 6.4's QHttpServer upgrades a WebSocket request only when a route matches it, and refuses
// it at the HTTP level otherwise (the missing handler answers). This rule matches the event
// stream's path for upgrade requests that the device would admit, so that a wrong path or
// missing credentials are refused before any WebSocket exists.
class EventStreamRule final : public QHttpServerRouterRule
{
public:
    using Admission = std::function<bool(const QHttpServerRequest &)>;

    // QHttpServer::route<Rule>() passes the router handler last.
    EventStreamRule(const QString &pathPattern, QHttpServerRequest::Methods methods,
                    Admission admission, RouterHandler handler)
        : QHttpServerRouterRule(pathPattern, methods, std::move(handler))
        , m_admission(std::move(admission))
    { }

protected:
    bool matches(const QHttpServerRequest &request, QRegularExpressionMatch *match) const override
    {
        return QHttpServerRouterRule::matches(request, match) && isWebSocketUpgrade(request)
            && m_admission(request);
    }

private:
    Admission m_admission;
};

// The TCP connection under a server-side WebSocket: Qt 6.4 gives no access to it, but it is
// still a descendant of the HTTP server that upgraded it.
QTcpSocket *transportOf(QHttpServer *server, const QWebSocket *socket)
{
    if (!server)
        return nullptr;
    const QList<QTcpSocket *> connections = server->findChildren<QTcpSocket *>();
    for (QTcpSocket *connection : connections) {
        if (connection->peerPort() == socket->peerPort()
            && connection->localPort() == socket->localPort()
            && connection->peerAddress() == socket->peerAddress())
            return connection;
    }
    return nullptr;
}

} // namespace

struct DeviceSimulator::Device
{
    struct HistoryEntry
    {
        qint64 timestampSeconds = 0;
        QString userId;
        QString jobNumber;
        QString icNumber;
        QByteArray frame;
    };

    int index = 0;
    QString serial;
    QString model;
    QString mac;
    quint16 port = 0;
    std::unique_ptr<EventGenerator> generator;
    QPointer<QHttpServer> server;
    QList<QWebSocket *> subscribers;
    QTimer emitTimer;
    qint64 emitted = 0;
    bool finished = false;
    bool refilling = false;
    std::deque<HistoryEntry> history;
    std::deque<QByteArray> sent;
    QHash<QByteArray, qint64> tokens; // token → expiry, Unix milliseconds
    int doorOpenings = 0;
    qint64 pongs = 0; // answers to pings, from every subscriber
    bool silent = false;
    bool accepting = true;
    RecordsFault recordsFault = RecordsFault::None;
    int recordsFaultAfter = 0; // records requests still answered normally before the fault
    int recordsRequests = 0;
};

DeviceSimulator::DeviceSimulator(SimulatorOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    const int count = std::max(0, m_options.devices);
    for (int i = 0; i < count; ++i) {
        auto device = std::make_unique<Device>();
        device->index = i;
        device->serial = EventGenerator::serialNumberFor(m_options.seed, i);
        device->model = u"SenseNebula Pass S7 (simulated)"_s;
        // A locally administered MAC address, distinct per device and seed.
        device->mac
            = u"02:53:54:%1:%2:%3"_s
                  .arg(static_cast<int>((m_options.seed >> 8) & 0xff), 2, 16, QLatin1Char('0'))
                  .arg(static_cast<int>(m_options.seed & 0xff), 2, 16, QLatin1Char('0'))
                  .arg(i & 0xff, 2, 16, QLatin1Char('0'))
                  .toUpper();
        device->generator = std::make_unique<EventGenerator>(device->serial, m_options.seed,
                                                             m_options.millisecondTimestamps);
        if (m_options.siteMix)
            device->generator->setMix(EventGenerator::Mix::Site);
        device->generator->setCameraSnapshots(m_options.cameraSnapshots);
        if (!m_devices.empty()) // same seed and size: the faces are painted once for all
            device->generator->sharePicturesWith(*m_devices.front()->generator);
        else if (m_options.cameraSnapshots)
            device->generator->paintAllSnapshots();
        if (m_options.rate > 0) {
            // Qt timers resolve milliseconds; faster rates emit several events per tick.
            const double intervalMs = 1000.0 / m_options.rate;
            device->emitTimer.setInterval(std::max(1, static_cast<int>(std::lround(intervalMs))));
        }
        connect(&device->emitTimer, &QTimer::timeout, this, [this, i] {
            const int perTick
                = m_options.rate > 1000 ? static_cast<int>(std::ceil(m_options.rate / 1000.0)) : 1;
            emitUpTo(i, perTick);
        });
        m_devices.push_back(std::move(device));
    }
}

void DeviceSimulator::emitUpTo(int index, int most)
{
    Device *d = device(index);
    for (int n = 0; n < most; ++n) {
        if (d->subscribers.isEmpty() || d->silent)
            break;
        if (m_options.count >= 0 && d->emitted >= m_options.count)
            break;
        ++d->emitted;
        emitEvent(index);
    }
    if (m_options.count >= 0 && d->emitted >= m_options.count && !d->finished) {
        d->finished = true;
        d->emitTimer.stop();
        emit emissionFinished(index);
    }
}

void DeviceSimulator::refill(int index)
{
    Device *d = device(index);
    if (d->refilling || d->finished)
        return;
    d->refilling = true; // sending can run the event loop's socket work, which calls back here
    const auto backlog = [d] {
        qint64 most = 0;
        for (const QWebSocket *socket : std::as_const(d->subscribers))
            most = std::max(most, socket->bytesToWrite());
        return most;
    };
    while (!d->finished && !d->subscribers.isEmpty() && !d->silent
           && backlog() < m_options.floodBacklogBytes)
        emitUpTo(index, 1);
    d->refilling = false;
}

DeviceSimulator::~DeviceSimulator()
{
    stop();
    // stop() defers deletion to the event loop. Delete the WebSockets before the HTTP servers:
    // a WebSocket's TCP socket may still be parented by its server.
    const QList<QWebSocket *> sockets = findChildren<QWebSocket *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(sockets);
    const QList<QHttpServer *> servers = findChildren<QHttpServer *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(servers);
}

DeviceSimulator::Device *DeviceSimulator::device(int index) const
{
    Q_ASSERT(index >= 0 && index < static_cast<int>(m_devices.size()));
    return m_devices.at(static_cast<size_t>(index)).get();
}

int DeviceSimulator::deviceCount() const
{
    return static_cast<int>(m_devices.size());
}

bool DeviceSimulator::start(QString *error)
{
    if (m_running)
        return true;
    if (m_options.tls && m_certificatePem.isEmpty()
        && !setCertificate(m_options.certificateFile, m_options.privateKeyFile, error))
        return false;
    for (auto &d : m_devices) {
        const quint16 wanted
            = m_options.firstPort == 0 ? 0 : static_cast<quint16>(m_options.firstPort + d->index);
        if (m_options.firstPort != 0 && m_options.firstPort + d->index > 65535) {
            if (error)
                *error = tr("port %1 is out of range").arg(m_options.firstPort + d->index);
            stop();
            return false;
        }
        if (!listen(*d, wanted, error)) {
            stop();
            return false;
        }
    }
    m_running = true;
    return true;
}

bool DeviceSimulator::setCertificate(const QString &certificateFile, const QString &privateKeyFile,
                                     QString *error)
{
    const QString certFile
        = certificateFile.isEmpty() ? u":/certs/simulator.pem"_s : certificateFile;
    const QString keyFile = privateKeyFile.isEmpty() ? u":/certs/simulator.key"_s : privateKeyFile;
    QFile cert(certFile);
    QFile key(keyFile);
    if (!cert.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("cannot read certificate %1: %2").arg(certFile, cert.errorString());
        return false;
    }
    if (!key.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("cannot read private key %1: %2").arg(keyFile, key.errorString());
        return false;
    }
    const QByteArray certificatePem = cert.readAll();
    const QByteArray privateKeyPem = key.readAll();
    if (QSslCertificate(certificatePem, QSsl::Pem).isNull()) {
        if (error)
            *error = tr("%1 holds no PEM certificate").arg(certFile);
        return false;
    }
    if (QSslKey(privateKeyPem, QSsl::Rsa, QSsl::Pem).isNull()
        && QSslKey(privateKeyPem, QSsl::Ec, QSsl::Pem).isNull()) {
        if (error)
            *error = tr("%1 holds no PEM private key (RSA or EC)").arg(keyFile);
        return false;
    }
    m_certificatePem = certificatePem;
    m_privateKeyPem = privateKeyPem;
    return true;
}

void DeviceSimulator::closeDevice(Device &d)
{
    d.emitTimer.stop();
    d.silent = false; // a restarted device answers again
    const QList<QWebSocket *> subscribers = std::exchange(d.subscribers, {});
    for (QWebSocket *socket : subscribers) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
        emit subscriberDisconnected(d.index);
    }
    if (d.server) {
        // Stop listening now, so that the port is free at once; the server object (and the
        // HTTP connections it owns) goes when control returns to the event loop, after the
        // WebSockets whose TCP sockets it may still parent.
        const QList<QTcpServer *> servers = d.server->servers();
        for (QTcpServer *tcp : servers) {
            tcp->close();
            const QList<QTcpSocket *> connections = tcp->findChildren<QTcpSocket *>();
            for (QTcpSocket *connection : connections)
                connection->abort();
        }
        d.server->disconnect(this);
        d.server->deleteLater();
        d.server = nullptr;
    }
}

void DeviceSimulator::stop()
{
    for (auto &d : m_devices)
        closeDevice(*d);
    m_running = false;
}

void DeviceSimulator::stopEmitting()
{
    for (auto &d : m_devices)
        d->emitTimer.stop();
}

qint64 DeviceSimulator::unsentBytes() const
{
    qint64 bytes = 0;
    for (const auto &d : m_devices) {
        for (const QWebSocket *socket : std::as_const(d->subscribers)) {
            bytes += socket->bytesToWrite();
            // What the kernel holds for it and the subscriber has not acknowledged yet.
            const QTcpSocket *transport = transportOf(d->server, socket);
            int queued = 0;
            if (transport && transport->socketDescriptor() >= 0
                && ::ioctl(int(transport->socketDescriptor()), SIOCOUTQ, &queued) == 0)
                bytes += queued;
        }
    }
    return bytes;
}

void DeviceSimulator::closeSubscribers()
{
    for (auto &d : m_devices) {
        d->accepting = false;
        const QList<QWebSocket *> subscribers = d->subscribers;
        for (QWebSocket *socket : subscribers)
            socket->close(QWebSocketProtocol::CloseCodeGoingAway, u"the device is shutting down"_s);
    }
}

int DeviceSimulator::subscriberTotal() const
{
    int total = 0;
    for (const auto &d : m_devices)
        total += int(d->subscribers.size());
    return total;
}

bool DeviceSimulator::restartDevice(int index, QString *error)
{
    Device *d = device(index);
    const quint16 port = d->port;
    closeDevice(*d);
    if (!m_running)
        return true;
    return listen(*d, port, error);
}

bool DeviceSimulator::isAuthorised(Device &d, const QByteArray &authorization) const
{
    if (m_options.loginUser.isEmpty())
        return true;
    const QByteArray value = authorization.trimmed();
    if (value.startsWith("Bearer ")) {
        const QByteArray token = value.mid(7).trimmed();
        const auto it = d.tokens.constFind(token);
        if (it == d.tokens.cend())
            return false;
        if (*it <= QDateTime::currentMSecsSinceEpoch()) {
            d.tokens.remove(token);
            return false;
        }
        return true;
    }
    if (value.startsWith("Basic ")) {
        const QByteArray decoded = QByteArray::fromBase64(value.mid(6).trimmed());
        return decoded == (m_options.loginUser + u':' + m_options.loginPassword).toUtf8();
    }
    return false;
}

bool DeviceSimulator::listen(Device &d, quint16 port, QString *error)
{
    auto *server = new QHttpServer(this);
    if (m_options.tls)
        server->sslSetup(QSslCertificate(m_certificatePem, QSsl::Pem),
                         QSslKey(m_privateKeyPem, QSsl::Rsa, QSsl::Pem).isNull()
                             ? QSslKey(m_privateKeyPem, QSsl::Ec, QSsl::Pem)
                             : QSslKey(m_privateKeyPem, QSsl::Rsa, QSsl::Pem),
                         QSsl::TlsV1_2OrLater);
    installRoutes(d, server);
    connect(server, &QAbstractHttpServer::newWebSocketConnection, this,
            [this, index = d.index] { acceptSubscribers(index); });

    const quint16 actual = server->listen(m_options.address, port);
    if (actual == 0) {
        if (error)
            *error = tr("cannot listen on %1 port %2 for device %3")
                         .arg(m_options.address.toString())
                         .arg(port)
                         .arg(d.serial);
        delete server;
        return false;
    }
    d.server = server;
    d.port = actual;
    qCDebug(lcSimulator) << "device" << d.serial << "listening on port" << actual;
    return true;
}

void DeviceSimulator::acceptSubscribers(int index)
{
    Device *d = device(index);
    if (!d->server)
        return;
    while (d->server->hasPendingWebSocketConnections()) {
        QWebSocket *socket = d->server->nextPendingWebSocketConnection().release();
        if (!socket)
            break;
        socket->setParent(this);
        socket->setMaxAllowedIncomingMessageSize(maxIncomingMessageSize);
        socket->setMaxAllowedIncomingFrameSize(maxIncomingMessageSize);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);

        // The server hands every upgrade over, whatever its path and headers; the device's
        // rules are applied here, by closing with a reason the client can show.
        QString refusal;
        if (socket->requestUrl().path() != eventPath)
            refusal = u"no event stream at this path"_s;
        else if (!isAuthorised(*d, socket->request().rawHeader("Authorization")))
            refusal = u"unauthorized"_s;
        else if (!d->accepting)
            refusal = u"subscriptions suspended"_s;
        else if (d->subscribers.size() >= m_options.maxSubscribers)
            refusal = u"too many subscribers (at most %1)"_s.arg(m_options.maxSubscribers);
        if (!refusal.isEmpty()) {
            qCDebug(lcSimulator) << "device" << d->serial << "refused a subscriber:" << refusal;
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, refusal);
            emit subscriberRefused(index, refusal);
            continue;
        }

        d->subscribers.append(socket);
        if (d->silent) {
            if (QTcpSocket *transport = transportOf(d->server, socket))
                transport->blockSignals(true);
        }
        connect(socket, &QWebSocket::pong, this, [this, index] { ++device(index)->pongs; });
        connect(socket, &QWebSocket::disconnected, this, [this, index, socket] {
            Device *dev = device(index);
            if (!dev->subscribers.removeOne(socket))
                return;
            if (dev->subscribers.isEmpty())
                dev->emitTimer.stop();
            emit subscriberDisconnected(index);
        });
        if (m_options.flood) {
            // Each chunk written makes room for more, until the backlog bound is reached.
            connect(socket, &QWebSocket::bytesWritten, this, [this, index] { refill(index); });
            QTimer::singleShot(0, this, [this, index] { refill(index); });
        } else if (m_options.rate > 0 && !d->finished && !d->emitTimer.isActive()) {
            d->emitTimer.start();
        }
        emit subscriberConnected(index);
    }
}

void DeviceSimulator::installRoutes(Device &d, QHttpServer *server)
{
    const int index = d.index;
    using Method = QHttpServerRequest::Method;

    server->route(u"/v1/auth/login"_s, Method::Post, [this, index](const QHttpServerRequest &req) {
        Device *dev = device(index);
        const auto body = bodyObject(req);
        if (!body)
            return errorResponse(StatusCode::BadRequest, u"body is not a JSON object"_s);
        if (!m_options.loginUser.isEmpty()
            && (body->value(u"username"_s).toString() != m_options.loginUser
                || body->value(u"password"_s).toString() != m_options.loginPassword))
            return errorResponse(StatusCode::Unauthorized, u"invalid username or password"_s);
        const int minutes = body->value(u"validTime"_s).toInt(5);
        if (minutes < 1 || minutes > maxTokenMinutes)
            return errorResponse(StatusCode::BadRequest,
                                 u"validTime must be 1..%1 minutes"_s.arg(maxTokenMinutes));
        QByteArray raw(24, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()),
                                              raw.size() / 4);
        const QByteArray token = raw.toHex();
        dev->tokens.insert(token,
                           QDateTime::currentMSecsSinceEpoch() + minutes * m_options.tokenMinuteMs);
        return okResponse(QJsonObject { { u"token"_s, QString::fromLatin1(token) } });
    });

    // Readable without login, so that a client can show the fingerprint before trusting it.
    server->route(u"/v1/auth/certificate"_s, Method::Get, [this] {
        if (m_certificatePem.isEmpty())
            return errorResponse(StatusCode::NotFound, u"TLS is not enabled"_s);
        return okResponse(QString::fromLatin1(m_certificatePem));
    });

    server->route(u"/v1/event/records"_s, Method::Post,
                  [this, index](const QHttpServerRequest &req, QHttpServerResponder &&responder) {
                      // Nothing written (RecordsFault::NoAnswer): the request stays unanswered.
                      if (std::optional<QHttpServerResponse> answer
                          = recordsAnswer(device(index), req))
                          answer->write(std::move(responder));
                  });

    server->route(u"/v1/user/id/<arg>"_s, Method::Get,
                  [this, index](const QString &id, const QHttpServerRequest &req) {
                      Device *dev = device(index);
                      if (!isAuthorised(*dev, req.value("Authorization")))
                          return errorResponse(StatusCode::Unauthorized, u"Unauthorized"_s);
                      const SimulatedPerson *person = dev->generator->person(id);
                      if (!person)
                          return errorResponse(StatusCode::NotFound, u"no such user"_s);
                      return okResponse(dev->generator->userRecord(*person));
                  });

    server->route(u"/v1/device/door"_s, Method::Post, [this, index](const QHttpServerRequest &req) {
        Device *dev = device(index);
        if (!isAuthorised(*dev, req.value("Authorization")))
            return errorResponse(StatusCode::Unauthorized, u"Unauthorized"_s);
        const auto body = bodyObject(req);
        if (!body)
            return errorResponse(StatusCode::BadRequest, u"body is not a JSON object"_s);
        const QJsonValue mode = body->value(u"open_mode"_s);
        const int openMode = mode.toInt(-1);
        if (!mode.isDouble() || openMode < 0 || openMode > 2)
            return errorResponse(StatusCode::BadRequest, u"open_mode must be 0, 1 or 2"_s);
        ++dev->doorOpenings;
        emit doorOpened(index, openMode);
        return okResponse(QJsonValue(QJsonValue::Null));
    });

    server->route(u"/v1/device/info"_s, Method::Get, [this, index](const QHttpServerRequest &req) {
        Device *dev = device(index);
        if (!isAuthorised(*dev, req.value("Authorization")))
            return errorResponse(StatusCode::Unauthorized, u"Unauthorized"_s);
        return okResponse(QJsonObject { { u"model"_s, dev->model },
                                        { u"sn"_s, dev->serial },
                                        { u"mac"_s, dev->mac },
                                        { u"software_version"_s, u"1.1.0-sim"_s },
                                        { u"hardware_version"_s, u"S7-A"_s },
                                        { u"api_version"_s, u"1.0"_s } });
    });

    // The upgrade itself is answered by the WebSocket server once this rule matched; the view
    // must therefore write nothing.
    server->route<EventStreamRule>(
        eventPath, Method::Get,
        [this, index](const QHttpServerRequest &req) {
            return isAuthorised(*device(index), req.value("Authorization"));
        },
        [](QHttpServerResponder &&) {});

    server->setMissingHandler(
        [this, index](const QHttpServerRequest &req, QHttpServerResponder &&responder) {
            QHttpServerResponse response = errorResponse(StatusCode::NotFound, u"Not Found"_s);
            if (req.url().path() == eventPath) {
                if (!isWebSocketUpgrade(req)) {
                    response = errorResponse(StatusCode::BadRequest,
                                             u"the event stream needs a WebSocket upgrade"_s);
                } else {
                    // The only reason the event stream rule declines an upgrade.
                    response = errorResponse(StatusCode::Unauthorized, u"Unauthorized"_s);
                    emit subscriberRefused(index, u"unauthorized"_s);
                }
            } else if (isWebSocketUpgrade(req)) {
                emit subscriberRefused(index, u"no event stream at this path"_s);
            }
            response.write(std::move(responder));
        });
}

std::optional<QHttpServerResponse> DeviceSimulator::recordsAnswer(Device *dev,
                                                                  const QHttpServerRequest &req)
{
    if (!isAuthorised(*dev, req.value("Authorization")))
        return errorResponse(StatusCode::Unauthorized, u"Unauthorized"_s);
    ++dev->recordsRequests;
    if (dev->recordsFault != RecordsFault::None) {
        if (dev->recordsFaultAfter > 0) {
            --dev->recordsFaultAfter;
        } else if (dev->recordsFault == RecordsFault::ServerError) {
            return errorResponse(StatusCode::InternalServerError, u"internal error"_s);
        } else if (dev->recordsFault == RecordsFault::BadJson) {
            return QHttpServerResponse(QByteArrayLiteral("application/json"),
                                       QByteArrayLiteral("{\"code\":200,\"data\":{\"ite"));
        } else {
            return std::nullopt;
        }
    }
    const auto body = bodyObject(req);
    if (!body)
        return errorResponse(StatusCode::BadRequest, u"body is not a JSON object"_s);
    const qint64 offset = body->value(u"offset"_s).toInteger(0);
    const qint64 limit = body->value(u"limit"_s).toInteger(defaultRecordsLimit);
    if (offset < 0)
        return errorResponse(StatusCode::BadRequest, u"offset must not be negative"_s);
    if (limit < 1 || limit > maxRecordsLimit)
        return errorResponse(StatusCode::BadRequest, u"limit must be 1..%1"_s.arg(maxRecordsLimit));
    const qint64 begin = body->value(u"begin_time"_s).toInteger(0);
    const qint64 end = body->value(u"end_time"_s).toInteger(std::numeric_limits<qint64>::max());
    // The device searches by one identifier only: user_id, else job_number, else
    // ic_number.
    const QString userId = idText(body->value(u"user_id"_s));
    const QString jobNumber
        = userId.isEmpty() ? body->value(u"job_number"_s).toString() : QString();
    const QString icNumber = userId.isEmpty() && jobNumber.isEmpty()
        ? body->value(u"ic_number"_s).toString()
        : QString();

    QJsonArray items;
    qint64 total = 0;
    for (const Device::HistoryEntry &entry : dev->history) {
        if (entry.timestampSeconds < begin || entry.timestampSeconds > end)
            continue;
        if (!userId.isEmpty() && entry.userId != userId)
            continue;
        if (!jobNumber.isEmpty() && entry.jobNumber != jobNumber)
            continue;
        if (!icNumber.isEmpty() && entry.icNumber != icNumber)
            continue;
        if (total >= offset && items.size() < limit)
            items.append(QJsonDocument::fromJson(entry.frame).object().value(u"data"_s));
        ++total;
    }
    return okResponse(QJsonObject { { u"offset"_s, offset },
                                    { u"limit"_s, limit },
                                    { u"count"_s, items.size() },
                                    { u"total"_s, total },
                                    { u"items"_s, items } });
}

QList<quint16> DeviceSimulator::ports() const
{
    QList<quint16> result;
    for (const auto &d : m_devices)
        result.append(d->port);
    return result;
}

quint16 DeviceSimulator::port(int index) const
{
    return device(index)->port;
}

QString DeviceSimulator::serialNumber(int index) const
{
    return device(index)->serial;
}

QString DeviceSimulator::model(int index) const
{
    return device(index)->model;
}

QUrl DeviceSimulator::eventUrl(int index) const
{
    QUrl url = restBaseUrl(index);
    url.setScheme(m_options.tls ? u"wss"_s : u"ws"_s);
    url.setPath(eventPath);
    return url;
}

QUrl DeviceSimulator::restBaseUrl(int index) const
{
    QUrl url;
    url.setScheme(m_options.tls ? u"https"_s : u"http"_s);
    const QHostAddress &address = m_options.address;
    // A client cannot connect to "any"; it reaches such a server on loopback.
    // clang-tidy 14 ignores the enum argument of QHostAddress::operator== and sees the same
    // comparison twice; Any (dual stack) and AnyIPv4 are different addresses.
    // NOLINTNEXTLINE(misc-redundant-expression)
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        url.setHost(u"127.0.0.1"_s);
    else if (address == QHostAddress::AnyIPv6)
        url.setHost(u"::1"_s);
    else
        url.setHost(address.toString());
    url.setPort(device(index)->port);
    return url;
}

QByteArray DeviceSimulator::certificateSha256() const
{
    if (m_certificatePem.isEmpty())
        return {};
    return QSslCertificate(m_certificatePem, QSsl::Pem).digest(QCryptographicHash::Sha256);
}

QString DeviceSimulator::certificateSha256Hex() const
{
    return fingerprintHex(certificateSha256());
}

QString DeviceSimulator::fingerprintHex(const QByteArray &digest)
{
    return QString::fromLatin1(digest.toHex(':').toUpper());
}

QByteArray DeviceSimulator::certificatePem() const
{
    return m_certificatePem;
}

int DeviceSimulator::subscriberCount(int index) const
{
    return static_cast<int>(device(index)->subscribers.size());
}

qint64 DeviceSimulator::emittedCount(int index) const
{
    return device(index)->emitted;
}

int DeviceSimulator::doorOpenings(int index) const
{
    return device(index)->doorOpenings;
}

void DeviceSimulator::setSilent(int index, bool silent)
{
    Device *d = device(index);
    d->silent = silent;
    // Blocking the transport's signals keeps the WebSocket from reading pings (and so from
    // answering them) without closing anything.
    for (QWebSocket *socket : std::as_const(d->subscribers)) {
        if (QTcpSocket *transport = transportOf(d->server, socket)) {
            transport->blockSignals(silent);
            if (!silent && transport->bytesAvailable() > 0)
                QMetaObject::invokeMethod(transport, &QIODevice::readyRead, Qt::QueuedConnection);
        }
    }
}

void DeviceSimulator::setAcceptingSubscribers(int index, bool accepting)
{
    Device *d = device(index);
    d->accepting = accepting;
    if (accepting)
        return;
    d->emitTimer.stop();
    const QList<QWebSocket *> subscribers = std::exchange(d->subscribers, {});
    for (QWebSocket *socket : subscribers) {
        // No close frame: a link that went down says nothing.
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
        emit subscriberDisconnected(index);
    }
}

bool DeviceSimulator::isAcceptingSubscribers(int index) const
{
    return device(index)->accepting;
}

void DeviceSimulator::setRecordsFault(int index, RecordsFault fault, int afterRequests)
{
    Device *d = device(index);
    d->recordsFault = fault;
    d->recordsFaultAfter = std::max(0, afterRequests);
}

int DeviceSimulator::recordsRequestCount(int index) const
{
    return device(index)->recordsRequests;
}

bool DeviceSimulator::isSilent(int index) const
{
    return device(index)->silent;
}

void DeviceSimulator::emitEvent(int index)
{
    emitEventAt(index, QDateTime::currentMSecsSinceEpoch());
}

void DeviceSimulator::emitEventAt(int index, qint64 timestampMs)
{
    Device *d = device(index);
    const QJsonObject data = d->generator->nextEventData(timestampMs);
    const QByteArray frame = EventGenerator::frame(data);

    Device::HistoryEntry entry;
    const qint64 timestamp = data.value(u"timestamp"_s).toInteger();
    entry.timestampSeconds = m_options.millisecondTimestamps ? timestamp / 1000 : timestamp;
    const QJsonObject user = data.value(u"user"_s).toObject();
    entry.userId = idText(user.value(u"user_id"_s));
    if (const SimulatedPerson *person = d->generator->person(entry.userId)) {
        // The device knows its users' numbers even when the event's firmware omits them.
        entry.jobNumber = person->jobNumber;
        entry.icNumber = person->icNumber;
    }
    entry.frame = frame;
    d->history.push_back(std::move(entry));
    while (static_cast<qint64>(d->history.size()) > std::max(1, m_options.historyLimit))
        d->history.pop_front();

    sendRawFrame(index, frame);
}

void DeviceSimulator::sendRawFrame(int index, const QByteArray &frame)
{
    Device *d = device(index);
    if (d->subscribers.isEmpty() || d->silent)
        return;
    const QString text = QString::fromUtf8(frame);
    for (QWebSocket *socket : std::as_const(d->subscribers))
        socket->sendTextMessage(text);
    d->sent.push_back(frame);
    while (static_cast<qint64>(d->sent.size()) > std::max(1, m_options.historyLimit))
        d->sent.pop_front();
    emit eventSent(index, frame);
}

qint64 DeviceSimulator::pongCount(int index) const
{
    return device(index)->pongs;
}

void DeviceSimulator::sendPings(int index, int count)
{
    Device *d = device(index);
    if (d->silent)
        return;
    for (QWebSocket *socket : std::as_const(d->subscribers)) {
        for (int i = 0; i < count; ++i)
            socket->ping(QByteArray::number(i));
    }
}

QList<QByteArray> DeviceSimulator::sentFrames(int index) const
{
    const Device *d = device(index);
    return QList<QByteArray>(d->sent.cbegin(), d->sent.cend());
}

QList<QByteArray> DeviceSimulator::historyFrames(int index) const
{
    const Device *d = device(index);
    QList<QByteArray> frames;
    frames.reserve(qsizetype(d->history.size()));
    for (const Device::HistoryEntry &entry : d->history)
        frames.append(entry.frame);
    return frames;
}
