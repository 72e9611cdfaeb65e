#include "../../common/connectionobserver.h"
#include "../../common/devicefixture.h"
#include "device/deviceconfig.h"
#include "device/deviceconnection.h"
#include "device/devicerestclient.h"
#include "device/tlstrust.h"
#include "event/eventparser.h"
#include "sim/devicesimulator.h"

#include <QHash>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using DeviceFixture::startSimulator;

namespace {

QString tlsFile(const QString &name)
{
    return QStringLiteral(GATEWATCH_TEST_DATA) + u"/tls/"_s + name;
}

QSslCertificate certificate(const QString &name)
{
    return QSslCertificate::fromPath(tlsFile(name)).value(0);
}

// Short timers so that every scenario finishes in a second or two; the defaults are
// covered by tst_deviceconfig.
DeviceConfig fastConfig(const QUrl &url)
{
    DeviceConfig config;
    config.name = u"gate 1"_s;
    config.url = url;
    config.heartbeatSeconds = 10;
    config.backoff.initialMs = 50;
    config.backoff.maxMs = 60000; // refused certificates and logins wait this long: not in a test
    config.handshakeTimeoutMs = 5000;
    config.requestTimeoutMs = 5000;
    return config;
}

// A TCP relay between client and device that can be frozen: it then stops forwarding in both
// directions without closing anything, like a dead link or a hung device.
class TcpRelay final : public QObject
{
    Q_OBJECT

public:
    TcpRelay(quint16 targetPort, QObject *parent = nullptr)
        : QObject(parent)
        , m_targetPort(targetPort)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &TcpRelay::accept);
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    int connectionCount() const { return m_accepted; }

    void setFrozen(bool frozen)
    {
        m_frozen = frozen;
        if (!frozen) {
            for (const auto &pair : std::as_const(m_pairs)) {
                forward(pair.first, pair.second);
                forward(pair.second, pair.first);
            }
        }
    }

private:
    void accept()
    {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            ++m_accepted;
            auto *upstream = new QTcpSocket(this);
            client->setParent(this);
            m_pairs.append(std::pair<QTcpSocket *, QTcpSocket *>(client, upstream));
            connect(client, &QTcpSocket::readyRead, this,
                    [this, client, upstream] { forward(client, upstream); });
            connect(upstream, &QTcpSocket::readyRead, this,
                    [this, client, upstream] { forward(upstream, client); });
            auto closeBoth = [this, client, upstream] {
                m_pairs.removeAll(std::pair<QTcpSocket *, QTcpSocket *> { client, upstream });
                client->disconnect(this);
                upstream->disconnect(this);
                client->abort();
                upstream->abort();
                client->deleteLater();
                upstream->deleteLater();
            };
            connect(client, &QTcpSocket::disconnected, this, closeBoth);
            connect(upstream, &QTcpSocket::disconnected, this, closeBoth);
            upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
        }
    }

    void forward(QTcpSocket *from, QTcpSocket *to) const
    {
        if (!m_frozen && from->bytesAvailable() > 0)
            to->write(from->readAll());
    }

    QTcpServer m_server;
    quint16 m_targetPort;
    bool m_frozen = false;
    int m_accepted = 0;
    QList<std::pair<QTcpSocket *, QTcpSocket *>> m_pairs;
};

} // namespace

class TestDeviceConnection final : public QObject
{
    Q_OBJECT

private slots:
    void connectsAndReceives_data();
    void connectsAndReceives();
    void refusesUntrustedCertificate_data();
    void refusesUntrustedCertificate();
    void survivesServerRestart();
    void detectsSilentServer();
    void login_data();
    void login();
    void renewsLoginToken();
    void rejectsHostileFrames();
    void rejectsBinaryFrames();
    void enforcesMessageSizeCap();
    void readsFramesLargerThanTheReadBuffer_data();
    void readsFramesLargerThanTheReadBuffer();
    void connectionRefusedIsRetriedWithBackoff();
    void stopEndsRetries();
    void handshakeTimeout();
    void worksOnNetworkThread();
};

void TestDeviceConnection::connectsAndReceives_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QString>("serverCertificate"); // empty: the simulator's own
    QTest::addColumn<bool>("pin");
    QTest::addColumn<bool>("ca");

    QTest::newRow("ws") << false << QString() << false << false;
    QTest::newRow("wss, pinned self-signed") << true << QString() << true << false;
    QTest::newRow("wss, CA-signed with --ca-cert, no pin")
        << true << u"ca-signed"_s << false << true;
    QTest::newRow("wss, CA-signed, pinned") << true << u"ca-signed"_s << true << false;
}

void TestDeviceConnection::connectsAndReceives()
{
    QFETCH(bool, tls);
    QFETCH(QString, serverCertificate);
    QFETCH(bool, pin);
    QFETCH(bool, ca);

    SimulatorOptions options;
    options.rate = 0;
    options.tls = tls;
    if (!serverCertificate.isEmpty()) {
        options.certificateFile = tlsFile(serverCertificate + u".pem"_s);
        options.privateKeyFile = tlsFile(serverCertificate + u".key"_s);
    }
    auto simulator = startSimulator(options);

    DeviceConfig config = fastConfig(simulator->eventUrl(0));
    QCOMPARE(config.url.scheme(), tls ? u"wss"_s : u"ws"_s);
    if (pin)
        config.pinnedSha256 = { simulator->certificateSha256() };
    if (ca)
        config.caCertificates = { certificate(u"test-ca.pem"_s) };

    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    QCOMPARE(connection.state(), ConnectionState::Disconnected);
    connection.start();
    QCOMPARE(connection.state(), ConnectionState::Connecting);
    QCOMPARE(connection.stateText(), u"connecting"_s);
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);
    QCOMPARE(connection.stateText(), u"online"_s);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 1, 5000);

    for (int i = 0; i < 5; ++i)
        simulator->emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(observer.events.size(), 5, 10000);
    compareExactlyOnce(observer.events, simulator->sentFrames(0), u"gate 1"_s);
    QCOMPARE(observer.events.first().deviceSn, simulator->serialNumber(0));

    const ConnectionCounters counters = connection.counters();
    QCOMPARE(counters.received, 5u);
    QCOMPARE(counters.rejected, 0u);
    QCOMPARE(counters.reconnects, 0u);
    QCOMPARE(counters.lastEventAt, observer.events.last().receivedAt);
    QVERIFY(connection.lastError().isEmpty());

    connection.noteStored(5);
    QCOMPARE(connection.counters().stored, 5u);

    connection.stop();
    QCOMPARE(connection.state(), ConnectionState::Disconnected);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 0, 5000);
}

void TestDeviceConnection::refusesUntrustedCertificate_data()
{
    QTest::addColumn<QString>("serverCertificate"); // empty: the simulator's own
    QTest::addColumn<QString>("pinnedCertificate"); // empty: no pin
    QTest::addColumn<bool>("ca");
    QTest::addColumn<QString>("reasonPart");

    QTest::newRow("self-signed, missing pin")
        << QString() << QString() << false << u"certificate not trusted (self-signed)"_s;
    QTest::newRow("self-signed, wrong pin")
        << QString() << u"other-self-signed"_s << false << u"does not match the pinned"_s;
    QTest::newRow("CA-signed, no CA")
        << u"ca-signed"_s << QString() << false << u"certificate not trusted (unknown issuer)"_s;
    // The chain verifies, but the certificate is not the one the operator pinned.
    QTest::newRow("CA-signed with CA, wrong pin")
        << u"ca-signed"_s << u"other-self-signed"_s << true << u"does not match the pinned"_s;
}

void TestDeviceConnection::refusesUntrustedCertificate()
{
    QFETCH(QString, serverCertificate);
    QFETCH(QString, pinnedCertificate);
    QFETCH(bool, ca);
    QFETCH(QString, reasonPart);

    SimulatorOptions options;
    options.rate = 0;
    options.tls = true;
    if (!serverCertificate.isEmpty()) {
        options.certificateFile = tlsFile(serverCertificate + u".pem"_s);
        options.privateKeyFile = tlsFile(serverCertificate + u".key"_s);
    }
    auto simulator = startSimulator(options);

    DeviceConfig config = fastConfig(simulator->eventUrl(0));
    if (!pinnedCertificate.isEmpty())
        config.pinnedSha256 = { TlsTrust::sha256(certificate(pinnedCertificate + u".pem"_s)) };
    if (ca)
        config.caCertificates = { certificate(u"test-ca.pem"_s) };

    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Failed, 10000);

    const QString presented = simulator->certificateSha256Hex();
    QVERIFY(!presented.isEmpty());
    const QString text = connection.stateText();
    QVERIFY2(text.startsWith(u"failed: "_s), qPrintable(text));
    QVERIFY2(text.contains(presented), qPrintable(text + u" lacks "_s + presented));
    QVERIFY2(observer.details.constLast().contains(presented),
             qPrintable(observer.details.constLast()));
    QVERIFY2(observer.details.constLast().contains(reasonPart),
             qPrintable(observer.details.constLast()));
    QCOMPARE(observer.count(ConnectionState::Online), 0);
    QCOMPARE(simulator->subscriberCount(0), 0);
    QCOMPARE(TlsTrust::sha256(connection.refusedCertificate()), simulator->certificateSha256());
    if (pinnedCertificate.isEmpty()) {
        // Untrusted: retried only at the backoff maximum.
        QCOMPARE(connection.certificateRefusal(), TlsTrust::Refusal::Untrusted);
        QVERIFY2(text.contains(reasonPart), qPrintable(text));
        QVERIFY(connection.retryInSeconds() > 50);
        QVERIFY(connection.retryInSeconds() <= 60);
    } else {
        // A pinned device with another certificate: not retried until it is re-pinned.
        QCOMPARE(connection.certificateRefusal(), TlsTrust::Refusal::Changed);
        QCOMPARE(
            text,
            u"failed: certificate changed (SHA-256 %1); refused until re-pinned"_s.arg(presented));
        QCOMPARE(connection.retryInSeconds(), 0);
        QVERIFY(observer.details.constLast().endsWith(u"; refused until re-pinned"_s));

        // Re-pinned: the same connection, started again with the new pin, gets online.
        DeviceConfig repinned = config;
        repinned.pinnedSha256 = { simulator->certificateSha256() };
        connection.reconfigure(repinned);
        QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);
        QCOMPARE(connection.certificateRefusal(), TlsTrust::Refusal::None);
        QVERIFY(connection.refusedCertificate().isNull());
        QCOMPARE(connection.stateText(), u"online"_s);
        QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 1, 10000);
    }
}

void TestDeviceConnection::survivesServerRestart()
{
    SimulatorOptions options;
    options.rate = 50;
    options.count = 60;
    auto simulator = startSimulator(options);
    QSignalSpy finished(simulator.get(), &DeviceSimulator::emissionFinished);

    DeviceConnection connection(fastConfig(simulator->eventUrl(0)));
    ConnectionObserver observer(&connection);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(observer.events.size() >= 10, 10000);

    // Restart at a moment when every frame sent so far has arrived: frames still in the
    // device's write buffer when it is killed were never sent in any useful sense.
    QTRY_VERIFY_WITH_TIMEOUT(observer.events.size() == simulator->sentFrames(0).size(), 10000);
    const qsizetype beforeRestart = observer.events.size();
    QString error;
    QVERIFY2(simulator->restartDevice(0, &error), qPrintable(error));

    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().reconnects >= 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);
    QVERIFY(observer.count(ConnectionState::WaitingToRetry) >= 1);
    QVERIFY(observer.events.size() < 60 || finished.size() == 1);

    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(observer.events.size(), simulator->sentFrames(0).size(), 10000);
    QVERIFY(observer.events.size() > beforeRestart);
    QCOMPARE(simulator->sentFrames(0).size(), 60);
    compareExactlyOnce(observer.events, simulator->sentFrames(0), u"gate 1"_s);
    QCOMPARE(connection.counters().received, 60u);
    QCOMPARE(connection.counters().rejected, 0u);
}

void TestDeviceConnection::detectsSilentServer()
{
    SimulatorOptions options;
    options.rate = 10;
    auto simulator = startSimulator(options);
    TcpRelay relay(simulator->port(0));
    QVERIFY(relay.listen());

    DeviceConfig config = fastConfig(QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(relay.port())));
    config.heartbeatSeconds = 1;
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(observer.events.size() >= 2, 10000);

    relay.setFrozen(true);
    // Silent for 2 N (2 s) → aborted and retried. Allow a margin for a loaded machine, but
    // much less than the 10 s default heartbeat would need.
    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().reconnects >= 1, 2 * 1000 + 1500);
    QVERIFY2(connection.lastError() == u"no answer for 2 s"_s, qPrintable(connection.lastError()));
    QVERIFY(observer.details.contains(u"no answer for 2 s; retrying in 1 s"_s)
            || observer.details.contains(u"no answer for 2 s; retrying in 0 s"_s));

    // The link comes back: the connection recovers by itself.
    relay.setFrozen(false);
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);
    const qsizetype before = observer.events.size();
    QTRY_VERIFY_WITH_TIMEOUT(observer.events.size() > before, 10000);
    QCOMPARE(connection.counters().rejected, 0u);
}

void TestDeviceConnection::login_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("failure"); // empty: must connect

    QTest::newRow("ws, right credentials") << false << u"admin"_s << u"s3cret"_s << QString();
    QTest::newRow("wss, right credentials") << true << u"admin"_s << u"s3cret"_s << QString();
    QTest::newRow("ws, no credentials")
        << false << QString() << QString() << u"login failed: the device requires credentials"_s;
    QTest::newRow("ws, wrong password")
        << false << u"admin"_s << u"wrong"_s << u"login failed: invalid username or password"_s;
    QTest::newRow("ws, user without a password")
        << false << u"admin"_s << QString()
        << u"login failed: no password is known for user \"admin\""_s;
    QTest::newRow("wss, wrong user")
        << true << u"root"_s << u"s3cret"_s << u"login failed: invalid username or password"_s;
}

void TestDeviceConnection::login()
{
    QFETCH(bool, tls);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, failure);

    SimulatorOptions options;
    options.rate = 0;
    options.tls = tls;
    options.loginUser = u"admin"_s;
    options.loginPassword = u"s3cret"_s;
    auto simulator = startSimulator(options);

    DeviceConfig config = fastConfig(simulator->eventUrl(0));
    if (tls)
        config.pinnedSha256 = { simulator->certificateSha256() };
    config.username = user;
    config.password = password;
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    connection.start();

    if (failure.isEmpty()) {
        QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 1, 5000);
        simulator->emitEvent(0);
        simulator->emitEvent(0);
        QTRY_COMPARE_WITH_TIMEOUT(observer.events.size(), 2, 10000);
        compareExactlyOnce(observer.events, simulator->sentFrames(0), u"gate 1"_s);
        QVERIFY(connection.lastError().isEmpty());
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Failed, 10000);
        QVERIFY2(connection.stateText().contains(failure), qPrintable(connection.stateText()));
        QVERIFY(connection.lastError().startsWith(u"login failed: "_s));
        QCOMPARE(simulator->subscriberCount(0), 0);
        QVERIFY(observer.events.isEmpty());
        // Wrong credentials are not hammered: next attempt at the backoff maximum.
        QVERIFY(connection.retryInSeconds() > 50);
    }
}

void TestDeviceConnection::renewsLoginToken()
{
    SimulatorOptions options;
    options.rate = 0;
    options.loginUser = u"admin"_s;
    options.loginPassword = u"s3cret"_s;
    options.tokenMinuteMs = 1000; // a "minute" of token validity lasts one second
    auto simulator = startSimulator(options);

    DeviceConfig config = fastConfig(simulator->eventUrl(0));
    config.username = u"admin"_s;
    config.password = u"s3cret"_s;
    config.loginValidMinutes = 1;
    config.tokenRenewalMs = 300;
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);

    // The token is renewed while the socket stays up, well past the first token's expiry.
    QStringList tokens { connection.restClient()->token() };
    QVERIFY(!tokens.first().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QString token = connection.restClient()->token();
            if (token != tokens.last())
                tokens.append(token);
            return tokens.size() >= 5; // > 1.2 s: the first token has expired
        }(),
        10000);
    QCOMPARE(connection.state(), ConnectionState::Online);
    QCOMPARE(connection.counters().reconnects, 0u);

    // A reconnect now needs a valid token: the renewed one is used, no login fails.
    QString error;
    QVERIFY2(simulator->restartDevice(0, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().reconnects >= 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);
    for (const QString &detail : std::as_const(observer.details))
        QVERIFY2(!detail.contains(u"login failed"_s), qPrintable(detail));
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 1, 5000);
    simulator->emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(observer.events.size(), 1, 10000);
}

void TestDeviceConnection::rejectsHostileFrames()
{
    SimulatorOptions options;
    options.rate = 0;
    auto simulator = startSimulator(options);
    DeviceConnection connection(fastConfig(simulator->eventUrl(0)));
    ConnectionObserver observer(&connection);
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 1, 5000);

    const QList<QByteArray> hostile {
        "this is not JSON",
        "[1, 2, 3]",
        R"({"type": 7, "data": {}})",
        R"({"data": {"deviceSN": "X"}})",
        R"({"type": 0, "data": "a string"})",
        QByteArray(1000, '[') + QByteArray(1000, ']'),
    };
    for (const QByteArray &frame : hostile)
        simulator->sendRawFrame(0, frame);
    simulator->emitEvent(0); // a good one after the bad ones still gets through

    QTRY_COMPARE_WITH_TIMEOUT(observer.events.size(), 1, 10000);
    QCOMPARE(observer.rejections.size(), hostile.size());
    for (const QString &reason : std::as_const(observer.rejections))
        QVERIFY(!reason.isEmpty());
    const ConnectionCounters counters = connection.counters();
    QCOMPARE(counters.rejected, quint64(hostile.size()));
    QCOMPARE(counters.received, 1u);
    QCOMPARE(counters.lastRejectReason, observer.rejections.last());
    // The connection stayed up through all of it.
    QCOMPARE(connection.state(), ConnectionState::Online);
    QCOMPARE(observer.count(ConnectionState::Online), 1);
    QCOMPARE(counters.reconnects, 0u);
}

void TestDeviceConnection::rejectsBinaryFrames()
{
    // The simulator only sends text, as a terminal does; a bare server sends the odd frame.
    QWebSocketServer server(u"binary"_s, QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    std::vector<std::unique_ptr<QWebSocket>> peers;
    connect(&server, &QWebSocketServer::newConnection, this, [&] {
        while (QWebSocket *peer = server.nextPendingConnection()) {
            peers.emplace_back(peer);
            peer->sendBinaryMessage(QByteArray::fromHex("deadbeef00ff"));
            peer->sendTextMessage(
                uR"({"type":0,"data":{"deviceSN":"BIN1","timestamp":1660625866,"pass":true}})"_s);
        }
    });

    DeviceConnection connection(
        fastConfig(QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(server.serverPort()))));
    ConnectionObserver observer(&connection);
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(observer.events.size(), 1, 10000);
    QCOMPARE(observer.rejections.size(), 1);
    QVERIFY2(observer.rejections.constFirst().contains(u"binary"_s),
             qPrintable(observer.rejections.constFirst()));
    QCOMPARE(observer.events.first().deviceSn, u"BIN1"_s);
    QCOMPARE(connection.counters().rejected, 1u);
    QCOMPARE(connection.state(), ConnectionState::Online);
}

void TestDeviceConnection::enforcesMessageSizeCap()
{
    SimulatorOptions options;
    options.rate = 0;
    auto simulator = startSimulator(options);
    DeviceConfig config = fastConfig(simulator->eventUrl(0));
    config.maxIncomingMessageBytes = qint64 { 256 } * 1024;
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 1, 5000);

    simulator->emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(observer.events.size(), 1, 10000);
    QVERIFY(simulator->sentFrames(0).first().size() < config.maxIncomingMessageBytes);

    // Valid JSON, one byte too many to be let in.
    QByteArray huge = R"({"type":0,"data":{"deviceSN":"BIG","padding":")";
    huge += QByteArray(config.maxIncomingMessageBytes - huge.size() - 2, 'x');
    huge += "\"}}";
    QCOMPARE(huge.size(), config.maxIncomingMessageBytes + 1);
    simulator->sendRawFrame(0, huge);

    QTRY_COMPARE_WITH_TIMEOUT(connection.counters().rejected, 1u, 10000);
    QVERIFY2(connection.counters().lastRejectReason.contains(u"262144-byte limit"_s),
             qPrintable(connection.counters().lastRejectReason));
    QCOMPARE(observer.rejections.size(), 1);

    // The connection was closed because of it, and comes back.
    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().reconnects >= 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 1, 5000);
    simulator->emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(observer.events.size(), 2, 10000);
    QCOMPARE(observer.events.size(), 2); // the oversized frame never became an event
}

void TestDeviceConnection::readsFramesLargerThanTheReadBuffer_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("ws") << false;
    QTest::newRow("wss") << true;
}

// The socket reads ahead by EventSocket::StreamReadBufferBytes, and Qt takes a frame only once
// all of it is buffered: frames of several times that size (within the message cap) must grow
// the buffer, arrive whole, and leave the connection reading normal frames after them.
void TestDeviceConnection::readsFramesLargerThanTheReadBuffer()
{
    QFETCH(bool, tls);
    SimulatorOptions options;
    options.rate = 0;
    options.tls = tls;
    auto simulator = startSimulator(options);
    DeviceConfig config = fastConfig(simulator->eventUrl(0));
    if (tls)
        config.pinnedSha256 = { simulator->certificateSha256() };
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 1, 5000);

    const QList<qint64> sizes { EventSocket::StreamReadBufferBytes - 100,
                                EventSocket::StreamReadBufferBytes,
                                3 * EventSocket::StreamReadBufferBytes + 7,
                                config.maxIncomingMessageBytes / 2 };
    int serial = 0;
    for (const qint64 size : sizes) {
        QByteArray frame = R"({"type":0,"data":{"deviceSN":"LARGE)" + QByteArray::number(++serial)
            + R"(","padding":")";
        frame += QByteArray(size - frame.size() - 3, 'x');
        frame += "\"}}";
        QCOMPARE(frame.size(), size);
        simulator->sendRawFrame(0, frame);
        simulator->emitEvent(0); // a normal one right behind it
    }
    QTRY_COMPARE_WITH_TIMEOUT(observer.events.size(), 2 * sizes.size(), 20000);
    for (qsizetype i = 0; i < sizes.size(); ++i) {
        QCOMPARE(observer.events.at(2 * i).deviceSn, u"LARGE%1"_s.arg(i + 1));
        QCOMPARE(observer.events.at(2 * i + 1).deviceSn, simulator->serialNumber(0));
    }
    QCOMPARE(connection.counters().rejected, 0u);
    QCOMPARE(connection.counters().reconnects, 0u);
    QCOMPARE(connection.state(), ConnectionState::Online);
}

void TestDeviceConnection::connectionRefusedIsRetriedWithBackoff()
{
    // A port that was just free: nothing listens there.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    DeviceConfig config = fastConfig(QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(port)));
    config.backoff.initialMs = 20;
    config.backoff.factor = 2.0;
    config.backoff.jitter = 0.0;
    config.backoff.maxMs = 100;
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().reconnects >= 5, 10000);
    QVERIFY2(connection.lastError() == u"connection refused by 127.0.0.1:%1"_s.arg(port),
             qPrintable(connection.lastError()));
    QVERIFY(observer.count(ConnectionState::WaitingToRetry) >= 5);
    QCOMPARE(observer.count(ConnectionState::Online), 0);
    QCOMPARE(observer.count(ConnectionState::Failed), 0); // refused is transient, not fatal

    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::WaitingToRetry, 5000);
    QVERIFY(connection.retryInSeconds() <= 1);
    QVERIFY(connection.stateText().startsWith(u"retrying in "_s));
    QVERIFY(connection.stateText().endsWith(u" s"_s));

    // A server appears on that port: the next retry finds it.
    QWebSocketServer server(u"late"_s, QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);
}

void TestDeviceConnection::stopEndsRetries()
{
    SimulatorOptions options;
    options.rate = 0;
    auto simulator = startSimulator(options);
    DeviceConfig config = fastConfig(simulator->eventUrl(0));
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Online, 10000);

    simulator->stop();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::WaitingToRetry, 10000);
    connection.stop();
    QCOMPARE(connection.state(), ConnectionState::Disconnected);
    QCOMPARE(connection.stateText(), u"disconnected"_s);
    QCOMPARE(connection.retryInSeconds(), 0);

    // Restarting after stop() works like a first start.
    QString error;
    QVERIFY2(simulator->start(&error), qPrintable(error));
    DeviceConfig again = config;
    again.url = simulator->eventUrl(0);
    DeviceConnection second(again);
    second.start();
    QTRY_COMPARE_WITH_TIMEOUT(second.state(), ConnectionState::Online, 10000);
    QCOMPARE(connection.state(), ConnectionState::Disconnected);
}

void TestDeviceConnection::handshakeTimeout()
{
    // Accepts TCP connections and never answers the upgrade request.
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost, 0));
    DeviceConfig config = fastConfig(QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(mute.serverPort())));
    config.handshakeTimeoutMs = 300;
    DeviceConnection connection(config);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().reconnects >= 1, 10000);
    QCOMPARE(connection.lastError(),
             u"no WebSocket handshake with 127.0.0.1:%1 within 0.3 s: the device accepted the "
             "connection but never answered the upgrade request"_s.arg(mute.serverPort()));
}

void TestDeviceConnection::worksOnNetworkThread()
{
    // As DeviceHub uses it: created here, moved to a network thread, driven by queued calls.
    SimulatorOptions options;
    options.rate = 0;
    options.tls = true;
    auto simulator = startSimulator(options);
    DeviceConfig config = fastConfig(simulator->eventUrl(0));
    config.pinnedSha256 = { simulator->certificateSha256() };
    config.heartbeatSeconds = 1;

    QThread thread;
    // Also when a check fails half-way: a QThread must not be destroyed while running.
    const auto joinThread = qScopeGuard([&thread] {
        thread.quit();
        thread.wait();
    });
    auto *connection = new DeviceConnection(config);
    connection->moveToThread(&thread);
    connect(&thread, &QThread::finished, connection, &QObject::deleteLater);
    ConnectionObserver observer(
        connection); // on this thread: the network thread's signals are queued
    thread.start();
    QMetaObject::invokeMethod(connection, &DeviceConnection::start, Qt::QueuedConnection);

    QTRY_VERIFY_WITH_TIMEOUT(observer.states.contains(ConnectionState::Online), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 1, 5000);
    simulator->emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(observer.events.size(), 1, 10000);
    compareExactlyOnce(observer.events, simulator->sentFrames(0), u"gate 1"_s);

    // Heartbeats run on that thread: the link stays up over several ping periods.
    QSignalSpy disconnected(simulator.get(), &DeviceSimulator::subscriberDisconnected);
    QVERIFY(!disconnected.wait(2500));
    QCOMPARE(observer.states.constLast(), ConnectionState::Online);

    QMetaObject::invokeMethod(connection, &DeviceConnection::stop, Qt::QueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(observer.states.constLast(), ConnectionState::Disconnected, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 0, 5000);
}

QTEST_GUILESS_MAIN(TestDeviceConnection)
#include "tst_deviceconnection.moc"
