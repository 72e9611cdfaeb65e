#include "../../common/devicefixture.h"
#include "../../common/loginsimulator.h"
#include "device/connectiontest.h"
#include "device/deviceconfig.h"
#include "device/tlstrust.h"
#include "sim/devicesimulator.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

using Outcome = ConnectionTestResult::Outcome;
using DeviceFixture::startSimulator;

namespace {

QString tlsFile(const QString &name)
{
    return QStringLiteral(GATEWATCH_TEST_DATA) + u"/tls/"_s + name;
}

QSslCertificate certificate(const QString &name)
{
    return QSslCertificate::fromPath(tlsFile(name + u".pem"_s)).value(0);
}

// A simulator with TLS (the bundled self-signed certificate unless another is named) and no
// login.
std::unique_ptr<DeviceSimulator> startTlsSimulator(const QString &certificateName = {})
{
    SimulatorOptions options;
    options.rate = 0;
    options.tls = true;
    if (!certificateName.isEmpty()) {
        options.certificateFile = tlsFile(certificateName + u".pem"_s);
        options.privateKeyFile = tlsFile(certificateName + u".key"_s);
    }
    return startSimulator(options);
}

DeviceConfig configFor(const QUrl &url)
{
    DeviceConfig config;
    config.name = u"gate 1"_s;
    config.url = url;
    config.handshakeTimeoutMs = 10000;
    config.requestTimeoutMs = 10000;
    return config;
}

quint16 closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        qFatal("cannot listen on 127.0.0.1");
    return probe.serverPort();
}

QString hex(const QByteArray &digest)
{
    return DeviceConfig::formatFingerprint(digest);
}

// One test run and what it reported. It is the context of its connections.
class Run final : public QObject
{
    Q_OBJECT

public:
    Run()
    {
        connect(&test, &ConnectionTest::progress, this,
                [this](const QString &step) { steps.append(step); });
        connect(&test, &ConnectionTest::finished, this, [this](const ConnectionTestResult &r) {
            ++finishedCount;
            result = r;
        });
    }

    ConnectionTest test;
    QStringList steps;
    std::optional<ConnectionTestResult> result;
    int finishedCount = 0;
};

// Accepts TCP connections and answers whatever arrives with a canned response, or stays silent
// when there is none. Keeps the server side of every connection to see whether the client
// closed it.
class RawServer final : public QObject
{
    Q_OBJECT

public:
    explicit RawServer(QByteArray response = {})
        : m_response(std::move(response))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                sockets.append(socket);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    m_received += socket->readAll();
                    if (!m_response.isEmpty() && m_received.contains("\r\n\r\n"))
                        socket->write(m_response);
                });
            }
        });
        if (!m_server.listen(QHostAddress::LocalHost, 0))
            qFatal("cannot listen on 127.0.0.1");
    }

    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const { return QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(port())); }

    // Every connection accepted so far was closed by the client.
    bool allClosed() const
    {
        return std::all_of(sockets.begin(), sockets.end(), [](const QTcpSocket *socket) {
            return socket->state() == QAbstractSocket::UnconnectedState;
        });
    }

    QList<QTcpSocket *> sockets;

private:
    QTcpServer m_server;
    QByteArray m_response;
    QByteArray m_received;
};

} // namespace

class TestConnectionTest final : public QObject
{
    Q_OBJECT

private slots:
    void connectsAndReadsDeviceInfo_data();
    void connectsAndReadsDeviceInfo();
    void wrongPassword();
    void credentialsMissing();
    void untrustedCertificate_data();
    void untrustedCertificate();
    void changedCertificate_data();
    void changedCertificate();
    void refused_data();
    void refused();
    void hostNotFound();
    void silentServerTimesOut();
    void upgradeAnsweredWith404();
    void answerIsNotHttp();
    void subscriptionRefused();
    void schemeMismatch_data();
    void schemeMismatch();
    void invalidSettings_data();
    void invalidSettings();
    void cancelSuppressesTheResult();
    void destroyedMidTestClosesItsConnection();
};

void TestConnectionTest::connectsAndReadsDeviceInfo_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("login");
    QTest::addColumn<QString>("serverCertificate"); // empty: the simulator's own
    QTest::addColumn<bool>("ca"); // trust the test CA instead of pinning

    QTest::newRow("ws, no login") << false << false << QString() << false;
    QTest::newRow("ws, login") << false << true << QString() << false;
    QTest::newRow("wss, pinned, login") << true << true << QString() << false;
    QTest::newRow("wss, CA-signed with CA, no login") << true << false << u"ca-signed"_s << true;
}

void TestConnectionTest::connectsAndReadsDeviceInfo()
{
    QFETCH(bool, tls);
    QFETCH(bool, login);
    QFETCH(QString, serverCertificate);
    QFETCH(bool, ca);

    SimulatorOptions options;
    options.rate = 0;
    options.tls = tls;
    if (login) {
        options.loginUser = LoginSimulator::user();
        options.loginPassword = LoginSimulator::password();
    }
    if (!serverCertificate.isEmpty()) {
        options.certificateFile = tlsFile(serverCertificate + u".pem"_s);
        options.privateKeyFile = tlsFile(serverCertificate + u".key"_s);
    }
    auto simulator = startSimulator(options);
    QSignalSpy subscribed(simulator.get(), &DeviceSimulator::subscriberConnected);

    DeviceConfig config = configFor(simulator->eventUrl(0));
    if (tls && ca)
        config.caCertificates = { certificate(u"test-ca"_s) };
    else if (tls)
        config.pinnedSha256 = { simulator->certificateSha256() };
    if (login)
        LoginSimulator::addCredentials(config);

    Run run;
    run.test.start(config);
    QVERIFY(run.test.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    QVERIFY(!run.test.isRunning());
    const ConnectionTestResult &result = *run.result;
    QVERIFY2(result.ok(), qPrintable(result.summary + u'\n' + result.details));
    QCOMPARE(result.outcome, Outcome::Connected);

    QCOMPARE(result.model, u"SenseNebula Pass S7 (simulated)"_s);
    QCOMPARE(result.serialNumber, simulator->serialNumber(0));
    QCOMPARE(result.firmware, u"1.1.0-sim"_s);
    QVERIFY(!result.mac.isEmpty());
    QCOMPARE(result.info.value(u"hardware_version"_s).toString(), u"S7-A"_s);
    QVERIFY2(result.summary.contains(simulator->serialNumber(0)), qPrintable(result.summary));
    QVERIFY2(result.details.contains(u"Firmware: 1.1.0-sim"_s), qPrintable(result.details));
    QVERIFY2(result.details.contains(u"Event stream opened"_s), qPrintable(result.details));

    if (tls) {
        QCOMPARE(TlsTrust::sha256(result.certificate), simulator->certificateSha256());
        QVERIFY2(result.details.contains(simulator->certificateSha256Hex()),
                 qPrintable(result.details));
    } else {
        QVERIFY(result.certificate.isNull());
    }

    // The event stream was really opened (once), and closed again.
    QCOMPARE(subscribed.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 0, 10000);

    QStringList expectedSteps;
    if (login)
        expectedSteps.append(u"Logging in as admin…"_s);
    expectedSteps << u"Opening the event stream…"_s << u"Reading the device information…"_s;
    QCOMPARE(run.steps, expectedSteps); // 127.0.0.1 needs no lookup
    QCOMPARE(run.finishedCount, 1);
}

void TestConnectionTest::wrongPassword()
{
    auto simulator = LoginSimulator::start(true);
    QSignalSpy subscribed(simulator.get(), &DeviceSimulator::subscriberConnected);
    DeviceConfig config = configFor(simulator->eventUrl(0));
    config.pinnedSha256 = { simulator->certificateSha256() };
    config.username = LoginSimulator::user();
    config.password = u"wrong"_s;

    Run run;
    run.test.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    QCOMPARE(run.result->outcome, Outcome::LoginFailed);
    QCOMPARE(run.result->summary, u"The device refused the login as admin."_s);
    // The device's own words.
    QVERIFY2(run.result->details.contains(u"invalid username or password"_s),
             qPrintable(run.result->details));
    QVERIFY2(run.result->details.contains(u"HTTP status 401"_s), qPrintable(run.result->details));
    QCOMPARE(run.steps, QStringList { u"Logging in as admin…"_s });
    QCOMPARE(subscribed.size(), 0);
}

void TestConnectionTest::credentialsMissing()
{
    // The device wants a login and none is configured: the upgrade itself is refused.
    auto simulator = LoginSimulator::start(true);
    DeviceConfig config = configFor(simulator->eventUrl(0));
    config.pinnedSha256 = { simulator->certificateSha256() };

    Run run;
    run.test.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    QCOMPARE(run.result->outcome, Outcome::LoginFailed);
    QCOMPARE(run.result->summary, u"The device requires a user name and password."_s);
    QVERIFY2(run.result->details.contains(u"HTTP 401"_s), qPrintable(run.result->details));
}

void TestConnectionTest::untrustedCertificate_data()
{
    QTest::addColumn<QString>("serverCertificate"); // empty: the simulator's own
    QTest::addColumn<bool>("login"); // refused by the login call rather than the event stream
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("validity");

    const QString selfSigned = u"The device's certificate is not trusted: self-signed."_s;
    QTest::newRow("self-signed, event stream") << QString() << false << selfSigned << QString();
    QTest::newRow("self-signed, login") << QString() << true << selfSigned << QString();
    QTest::newRow("CA-signed, CA unknown")
        << u"ca-signed"_s << false
        << u"The device's certificate is not trusted: issued by an unknown authority."_s
        << QString();
    QTest::newRow("expired")
        << u"expired"_s << false
        << u"The device's certificate is not trusted: self-signed, expired on 2021-01-01."_s
        << u"Valid from 2020-01-01 to 2021-01-01 (UTC): expired on 2021-01-01"_s;
    QTest::newRow("not yet valid")
        << u"not-yet-valid"_s << true
        << u"The device's certificate is not trusted: self-signed, not valid until 2090-01-01."_s
        << u"Valid from 2090-01-01 to 2099-01-01 (UTC): not valid until 2090-01-01"_s;
}

void TestConnectionTest::untrustedCertificate()
{
    QFETCH(QString, serverCertificate);
    QFETCH(bool, login);
    QFETCH(QString, summary);
    QFETCH(QString, validity);

    auto simulator = startTlsSimulator(serverCertificate);
    QSignalSpy subscribed(simulator.get(), &DeviceSimulator::subscriberConnected);
    DeviceConfig config = configFor(simulator->eventUrl(0));
    if (login)
        LoginSimulator::addCredentials(config);

    Run run;
    run.test.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    const ConnectionTestResult &result = *run.result;
    QCOMPARE(result.outcome, Outcome::CertificateUntrusted);
    QCOMPARE(result.summary, summary);

    // What the device presented, ready to be confirmed and pinned.
    QVERIFY(!result.certificate.isNull());
    QCOMPARE(TlsTrust::sha256(result.certificate), simulator->certificateSha256());
    const QString expectedCertificate = serverCertificate.isEmpty()
        ? QString()
        : hex(TlsTrust::sha256(certificate(serverCertificate)));
    if (!expectedCertificate.isEmpty())
        QCOMPARE(simulator->certificateSha256Hex(), expectedCertificate);
    QVERIFY2(
        result.details.contains(u"SHA-256 fingerprint: "_s + simulator->certificateSha256Hex()),
        qPrintable(result.details));
    QVERIFY2(result.details.contains(u"Subject: "_s + TlsTrust::subjectName(result.certificate)),
             qPrintable(result.details));
    QVERIFY2(result.details.contains(u"Issuer: "_s), qPrintable(result.details));
    if (!validity.isEmpty())
        QVERIFY2(result.details.contains(validity), qPrintable(result.details));
    QVERIFY2(result.details.contains(u"TLS errors: "_s), qPrintable(result.details));
    QCOMPARE(subscribed.size(), 0);

    // Pinning exactly that certificate is what makes the next test succeed.
    config.pinnedSha256 = { TlsTrust::sha256(result.certificate) };
    Run again;
    again.test.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(again.result.has_value(), 20000);
    QVERIFY2(again.result->ok(), qPrintable(again.result->summary + u'\n' + again.result->details));
}

void TestConnectionTest::changedCertificate_data()
{
    QTest::addColumn<bool>("login");
    QTest::newRow("event stream") << false;
    QTest::newRow("login") << true;
}

void TestConnectionTest::changedCertificate()
{
    QFETCH(bool, login);
    auto simulator = startTlsSimulator();
    DeviceConfig config = configFor(simulator->eventUrl(0));
    const QByteArray pin = TlsTrust::sha256(certificate(u"other-self-signed"_s));
    QVERIFY(pin != simulator->certificateSha256());
    config.pinnedSha256 = { pin };
    if (login)
        LoginSimulator::addCredentials(config);

    Run run;
    run.test.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    const ConnectionTestResult &result = *run.result;
    QCOMPARE(result.outcome, Outcome::CertificateChanged);
    QVERIFY2(result.summary.contains(u"certificate changed"_s), qPrintable(result.summary));
    // The new certificate, to compare with the trusted one.
    QCOMPARE(TlsTrust::sha256(result.certificate), simulator->certificateSha256());
    QVERIFY2(
        result.details.contains(u"SHA-256 fingerprint: "_s + simulator->certificateSha256Hex()),
        qPrintable(result.details));
    QVERIFY2(result.details.contains(u"Trusted fingerprint: "_s + hex(pin)),
             qPrintable(result.details));
}

void TestConnectionTest::refused_data()
{
    QTest::addColumn<bool>("login");
    QTest::newRow("event stream") << false;
    QTest::newRow("login") << true;
}

void TestConnectionTest::refused()
{
    QFETCH(bool, login);
    const quint16 port = closedPort();
    DeviceConfig config = configFor(QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(port)));
    if (login)
        LoginSimulator::addCredentials(config);

    Run run;
    run.test.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    QCOMPARE(run.result->outcome, Outcome::Refused);
    QCOMPARE(
        run.result->summary,
        u"127.0.0.1 refused the connection: nothing accepts connections on port %1."_s.arg(port));
    QVERIFY(run.result->certificate.isNull());
}

void TestConnectionTest::hostNotFound()
{
    // .invalid never resolves (RFC 6761).
    Run run;
    run.test.start(configFor(QUrl(u"wss://gate-1.gatewatch.invalid:8000/v1/event/"_s)));
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    QCOMPARE(run.result->outcome, Outcome::HostNotFound);
    QCOMPARE(run.result->summary, u"The host name gate-1.gatewatch.invalid could not be found."_s);
    QCOMPARE(run.steps, QStringList { u"Looking up gate-1.gatewatch.invalid…"_s });
}

void TestConnectionTest::silentServerTimesOut()
{
    // Accepts the TCP connection and never answers the upgrade.
    RawServer mute;
    DeviceConfig config = configFor(mute.url());
    config.handshakeTimeoutMs = 300;

    Run run;
    run.test.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    QCOMPARE(run.result->outcome, Outcome::Timeout);
    QCOMPARE(run.result->summary,
             u"No WebSocket handshake with 127.0.0.1:%1 within 0.3 s."_s.arg(mute.port()));
    QCOMPARE(mute.sockets.size(), 1);
    // The abandoned connection is closed, not left open.
    QTRY_VERIFY_WITH_TIMEOUT(mute.allClosed(), 10000);
}

void TestConnectionTest::upgradeAnsweredWith404()
{
    RawServer server("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n"
                     "Connection: close\r\n\r\nnot found");
    DeviceConfig config = configFor(server.url());

    Run run;
    run.test.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    QCOMPARE(run.result->outcome, Outcome::HandshakeFailed);
    QCOMPARE(run.result->summary,
             u"The WebSocket handshake with 127.0.0.1:%1 failed: HTTP 404 Not Found."_s.arg(
                 server.port()));
    QVERIFY2(run.result->details.contains(u"/v1/event/"_s), qPrintable(run.result->details));
    QTRY_VERIFY_WITH_TIMEOUT(server.allClosed(), 10000);
}

void TestConnectionTest::answerIsNotHttp()
{
    // Another service on the device's port: said at once, not after the handshake timeout.
    RawServer server("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
    DeviceConfig config = configFor(server.url());
    config.handshakeTimeoutMs = 60000;

    Run run;
    QElapsedTimer clock;
    clock.start();
    run.test.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    QVERIFY(clock.elapsed() < config.handshakeTimeoutMs);
    QCOMPARE(run.result->outcome, Outcome::HandshakeFailed);
    QCOMPARE(run.result->summary,
             u"127.0.0.1:%1 did not answer the WebSocket upgrade with HTTP."_s.arg(server.port()));
    QVERIFY2(run.result->details.endsWith(u"It began: SSH-2.0-OpenSSH_9.2p1 Debian-2"_s),
             qPrintable(run.result->details));
    QTRY_VERIFY_WITH_TIMEOUT(server.allClosed(), 10000);
}

void TestConnectionTest::subscriptionRefused()
{
    // The device accepts the upgrade, then closes at once: it has no free subscriber slot.
    SimulatorOptions options;
    options.rate = 0;
    options.maxSubscribers = 0;
    auto simulator = startSimulator(options);
    QSignalSpy refusedBySimulator(simulator.get(), &DeviceSimulator::subscriberRefused);

    Run run;
    run.test.start(configFor(simulator->eventUrl(0)));
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    QCOMPARE(run.result->outcome, Outcome::SubscriptionRefused);
    QVERIFY2(run.result->summary.contains(u"too many subscribers"_s),
             qPrintable(run.result->summary));
    QVERIFY2(run.result->details.contains(u"Close code 1008"_s), qPrintable(run.result->details));
    QCOMPARE(refusedBySimulator.size(), 1);
}

void TestConnectionTest::schemeMismatch_data()
{
    QTest::addColumn<bool>("deviceTls");
    QTest::addColumn<bool>("login");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QString>("hint");

    const QString useWss = u"the address must start with wss://"_s;
    const QString useWs = u"the address must start with ws://"_s;
    QTest::newRow("ws:// to a TLS device") << true << false << Outcome::HandshakeFailed << useWss;
    QTest::newRow("ws:// to a TLS device, login")
        << true << true << Outcome::NetworkError << useWss;
    QTest::newRow("wss:// to a plain device") << false << false << Outcome::TlsFailed << useWs;
    QTest::newRow("wss:// to a plain device, login")
        << false << true << Outcome::TlsFailed << useWs;
}

void TestConnectionTest::schemeMismatch()
{
    QFETCH(bool, deviceTls);
    QFETCH(bool, login);
    QFETCH(Outcome, outcome);
    QFETCH(QString, hint);

    SimulatorOptions options;
    options.rate = 0;
    options.tls = deviceTls;
    auto simulator = startSimulator(options);
    QUrl url = simulator->eventUrl(0);
    url.setScheme(deviceTls ? u"ws"_s : u"wss"_s);
    DeviceConfig config = configFor(url);
    if (login)
        LoginSimulator::addCredentials(config);

    Run run;
    run.test.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    QCOMPARE(run.result->outcome, outcome);
    QVERIFY2(run.result->details.contains(hint), qPrintable(run.result->details));
}

void TestConnectionTest::invalidSettings_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("summary");
    QTest::newRow("empty") << QString()
                           << u"The settings cannot be tested: no device address is set."_s;
    QTest::newRow("http") << u"http://127.0.0.1:8000/"_s
                          << u"The settings cannot be tested: the address must start with ws:// "
                             u"or wss://, not http://."_s;
    QTest::newRow("no host") << u"ws:///v1/event/"_s
                             << u"The settings cannot be tested: the address ws:///v1/event/ "
                                u"names no host."_s;
}

void TestConnectionTest::invalidSettings()
{
    QFETCH(QString, url);
    QFETCH(QString, summary);
    Run run;
    run.test.start(configFor(QUrl(url)));
    // Never from within start().
    QCOMPARE(run.finishedCount, 0);
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 10000);
    QCOMPARE(run.result->outcome, Outcome::InvalidSettings);
    QCOMPARE(run.result->summary, summary);
    QVERIFY(run.steps.isEmpty());
}

void TestConnectionTest::cancelSuppressesTheResult()
{
    RawServer mute;
    DeviceConfig config = configFor(mute.url());
    Run run;
    run.test.start(config);
    QTRY_COMPARE_WITH_TIMEOUT(mute.sockets.size(), 1, 10000);
    run.test.cancel();
    QVERIFY(!run.test.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(mute.allClosed(), 10000);

    // The same object tests again; only that test reports.
    const quint16 port = closedPort();
    run.test.start(configFor(QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(port))));
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    QCOMPARE(run.result->outcome, Outcome::Refused);
    QCOMPARE(run.finishedCount, 1);

    // A start() while a test runs replaces it.
    run.result.reset();
    run.finishedCount = 0;
    run.test.start(config);
    QTRY_COMPARE_WITH_TIMEOUT(mute.sockets.size(), 2, 10000);
    run.test.start(configFor(QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(port))));
    QTRY_VERIFY_WITH_TIMEOUT(run.result.has_value(), 20000);
    QCOMPARE(run.result->outcome, Outcome::Refused);
    QCOMPARE(run.finishedCount, 1);
    QTRY_VERIFY_WITH_TIMEOUT(mute.allClosed(), 10000);
}

void TestConnectionTest::destroyedMidTestClosesItsConnection()
{
    RawServer mute;
    {
        ConnectionTest test;
        test.start(configFor(mute.url()));
        QTRY_COMPARE_WITH_TIMEOUT(mute.sockets.size(), 1, 10000);
    }
    QTRY_VERIFY_WITH_TIMEOUT(mute.allClosed(), 10000);

    // The same while logging in (a REST call that gets no answer).
    {
        DeviceConfig config = configFor(mute.url());
        LoginSimulator::addCredentials(config);
        ConnectionTest test;
        test.start(config);
        QTRY_COMPARE_WITH_TIMEOUT(mute.sockets.size(), 2, 10000);
    }
    QTRY_VERIFY_WITH_TIMEOUT(mute.allClosed(), 10000);

    // And once the event stream is open, as a dialog closed from its progress line would do.
    auto simulator = LoginSimulator::start(true);
    QSignalSpy subscribed(simulator.get(), &DeviceSimulator::subscriberConnected);
    DeviceConfig config = configFor(simulator->eventUrl(0));
    config.pinnedSha256 = { simulator->certificateSha256() };
    LoginSimulator::addCredentials(config);
    QPointer<ConnectionTest> test = new ConnectionTest;
    int finished = 0;
    connect(test, &ConnectionTest::finished, this, [&finished] { ++finished; });
    connect(test, &ConnectionTest::progress, this, [test](const QString &step) {
        if (step == u"Reading the device information…"_s)
            test->deleteLater();
    });
    test->start(config);
    QTRY_VERIFY_WITH_TIMEOUT(test.isNull(), 20000);
    QCOMPARE(subscribed.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->subscriberCount(0), 0, 10000);
    QCOMPARE(finished, 0);
}

QTEST_GUILESS_MAIN(TestConnectionTest)
#include "tst_connectiontest.moc"
