#include "device/deviceconfig.h"
#include "device/devicerestclient.h"
#include "device/tlstrust.h"

#include <QFile>
#include <QHttpServer>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSslKey>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

QString tlsFile(const QString &name)
{
    if (name == "simulator"_L1)
        return u":/certs/simulator"_s;
    return QStringLiteral(GATEWATCH_TEST_DATA) + u"/tls/"_s + name;
}

QSslCertificate certificate(const QString &name)
{
    QFile file(tlsFile(name) + u".pem"_s);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return QSslCertificate(file.readAll(), QSsl::Pem);
}

QSslKey loadKey(const QString &name)
{
    QFile file(tlsFile(name) + u".key"_s);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    const QByteArray pem = file.readAll();
    for (const QSsl::KeyAlgorithm algorithm : { QSsl::Rsa, QSsl::Ec }) {
        QSslKey key(pem, algorithm, QSsl::Pem);
        if (!key.isNull())
            return key;
    }
    qFatal("no usable key in %s", qPrintable(file.fileName()));
}

QString fingerprint(const QString &name)
{
    return DeviceConfig::formatFingerprint(TlsTrust::sha256(certificate(name)));
}

DeviceConfig configFor(const QUrl &url, const QStringList &pins, const QStringList &cas)
{
    DeviceConfig config;
    config.name = u"test device"_s;
    config.url = url;
    config.requestTimeoutMs = 10000;
    for (const QString &pin : pins)
        config.pinnedSha256.append(TlsTrust::sha256(certificate(pin)));
    for (const QString &ca : cas)
        config.caCertificates.append(certificate(ca));
    return config;
}

} // namespace

class TestTlsTrust final : public QObject
{
    Q_OBJECT

private slots:
    void webSocket_data() { cases(); }
    void webSocket();
    void restReply_data() { cases(); }
    void restReply();
    void configuration();
    void describeCertificate();

private:
    void cases();
};

// server certificate, pinned certificates, extra CAs; whether it connects; what the refusal says.
void TestTlsTrust::cases()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QStringList>("pins");
    QTest::addColumn<QStringList>("cas");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QStringList>("reasonParts");

    const QStringList none;
    QTest::newRow("self-signed, no pin: refused")
        << u"simulator"_s << none << none << false
        << QStringList { u"certificate not trusted (self-signed)"_s, fingerprint(u"simulator"_s),
                         u"--pin-sha256"_s, u"CN=GateWatch Device Simulator"_s };
    QTest::newRow("self-signed, pinned: accepted")
        << u"simulator"_s << QStringList { u"simulator"_s } << none << true << none;
    QTest::newRow("self-signed, one of several pins: accepted")
        << u"simulator"_s << QStringList { u"other-self-signed"_s, u"simulator"_s } << none << true
        << none;
    QTest::newRow("self-signed, other pin: refused")
        << u"simulator"_s << QStringList { u"other-self-signed"_s } << none << false
        << QStringList { u"does not match the pinned"_s, fingerprint(u"simulator"_s) };
    QTest::newRow("self-signed, CA given: refused")
        << u"other-self-signed"_s << none << QStringList { u"test-ca"_s } << false
        << QStringList { u"self-signed"_s, fingerprint(u"other-self-signed"_s) };
    QTest::newRow("CA-signed, CA given: accepted")
        << u"ca-signed"_s << none << QStringList { u"test-ca"_s } << true << none;
    QTest::newRow("CA-signed, no CA: refused")
        << u"ca-signed"_s << none << none << false
        << QStringList { u"unknown issuer"_s, fingerprint(u"ca-signed"_s),
                         u"CN=GateWatch Test CA"_s };
    QTest::newRow("CA-signed, pinned without CA: accepted")
        << u"ca-signed"_s << QStringList { u"ca-signed"_s } << none << true << none;
    QTest::newRow("CA-signed, CA given and pinned: accepted")
        << u"ca-signed"_s << QStringList { u"ca-signed"_s } << QStringList { u"test-ca"_s } << true
        << none;
    // The chain verifies, but the operator pinned another certificate: a changed certificate
    // is refused loudly.
    QTest::newRow("CA-signed, CA given, other pin: refused")
        << u"ca-signed"_s << QStringList { u"simulator"_s } << QStringList { u"test-ca"_s } << false
        << QStringList { u"does not match the pinned"_s, fingerprint(u"ca-signed"_s) };

    // A CA's signature does not make a certificate valid outside its dates or for another host.
    QTest::newRow("CA-signed but expired, CA given: refused")
        << u"ca-signed-expired"_s << none << QStringList { u"test-ca"_s } << false
        << QStringList { u"certificate expired"_s, fingerprint(u"ca-signed-expired"_s),
                         u"valid 2020-01-01 to 2021-01-01"_s, u"--pin-sha256"_s };
    QTest::newRow("CA-signed for another host, CA given: refused")
        << u"ca-signed-other-host"_s << none << QStringList { u"test-ca"_s } << false
        << QStringList { u"certificate issued for another host name"_s,
                         fingerprint(u"ca-signed-other-host"_s), u"CN=terminal.example"_s };
    // Untrusted for two reasons; the headline names the first that needs the operator, and the
    // TLS errors list both.
    QTest::newRow("self-signed and expired, no pin: refused")
        << u"expired"_s << none << none << false
        << QStringList { u"certificate not trusted (self-signed)"_s, fingerprint(u"expired"_s),
                         u"valid 2020-01-01 to 2021-01-01"_s, u"The certificate has expired"_s };
    // A pin is the operator's deliberate trust in exactly that certificate, dates included: a
    // terminal whose clock or certificate ran out keeps working until the operator re-pins.
    QTest::newRow("self-signed and expired, pinned: accepted")
        << u"expired"_s << QStringList { u"expired"_s } << none << true << none;
    QTest::newRow("CA-signed but expired, pinned: accepted")
        << u"ca-signed-expired"_s << QStringList { u"ca-signed-expired"_s } << none << true << none;
    QTest::newRow("CA-signed for another host, pinned: accepted")
        << u"ca-signed-other-host"_s << QStringList { u"ca-signed-other-host"_s } << none << true
        << none;
}

void TestTlsTrust::webSocket()
{
    QFETCH(QString, server);
    QFETCH(QStringList, pins);
    QFETCH(QStringList, cas);
    QFETCH(bool, accepted);
    QFETCH(QStringList, reasonParts);

    QWebSocketServer webSocketServer(u"tls test"_s, QWebSocketServer::SecureMode);
    QSslConfiguration serverTls = QSslConfiguration::defaultConfiguration();
    serverTls.setLocalCertificate(certificate(server));
    serverTls.setPrivateKey(loadKey(server));
    serverTls.setPeerVerifyMode(QSslSocket::VerifyNone);
    webSocketServer.setSslConfiguration(serverTls);
    QVERIFY(webSocketServer.listen(QHostAddress::LocalHost, 0));
    std::vector<std::unique_ptr<QWebSocket>> serverSide;
    connect(&webSocketServer, &QWebSocketServer::newConnection, this, [&] {
        while (QWebSocket *socket = webSocketServer.nextPendingConnection())
            serverSide.emplace_back(socket);
    });
    // The server side sees the client's refusal as an error; that is expected.
    connect(&webSocketServer, &QWebSocketServer::sslErrors, this, [](const QList<QSslError> &) {});

    const QUrl url(u"wss://127.0.0.1:%1/v1/event/"_s.arg(webSocketServer.serverPort()));
    const TlsTrust trust = TlsTrust::fromConfig(configFor(url, pins, cas));
    QWebSocket client;
    client.setSslConfiguration(trust.sslConfiguration());
    QSignalSpy connected(&client, &QWebSocket::connected);
    QSignalSpy errors(&client, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    QString refusal;
    TlsTrust::Verdict refusedVerdict;
    int refusals = 0;
    client.open(url);
    trust.attach(&client, this, [&](const TlsTrust::Verdict &verdict) {
        refusal = verdict.reason;
        refusedVerdict = verdict;
        ++refusals;
    });

    QTRY_VERIFY_WITH_TIMEOUT(connected.size() + errors.size() > 0, 10000);
    if (accepted) {
        QVERIFY2(refusal.isEmpty(), qPrintable(refusal));
        QCOMPARE(connected.size(), 1);
        QCOMPARE(client.state(), QAbstractSocket::ConnectedState);
        // The data path works: a text message goes through.
        QTRY_COMPARE_WITH_TIMEOUT(serverSide.size(), size_t(1), 5000);
        QSignalSpy received(&client, &QWebSocket::textMessageReceived);
        serverSide.front()->sendTextMessage(u"hello"_s);
        QVERIFY(received.wait(5000));
        QCOMPARE(received.first().first().toString(), u"hello"_s);
    } else {
        QCOMPARE(connected.size(), 0);
        QCOMPARE(refusals, 1);
        // Which certificate, and whether it is a changed one (pins) or merely untrusted.
        QCOMPARE(refusedVerdict.refusal,
                 pins.isEmpty() ? TlsTrust::Refusal::Untrusted : TlsTrust::Refusal::Changed);
        QCOMPARE(refusedVerdict.certificate, certificate(server));
        for (const QString &part : std::as_const(reasonParts))
            QVERIFY2(refusal.contains(part), qPrintable(u"\"%1\" not in: %2"_s.arg(part, refusal)));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::UnconnectedState, 5000);
        // Nothing got through to the WebSocket layer of the server.
        QCOMPARE(serverSide.size(), size_t(0));
    }
}

void TestTlsTrust::restReply()
{
    QFETCH(QString, server);
    QFETCH(QStringList, pins);
    QFETCH(QStringList, cas);
    QFETCH(bool, accepted);
    QFETCH(QStringList, reasonParts);

    QHttpServer httpServer;
    int served = 0;
    httpServer.route(u"/v1/device/info"_s, [&served] {
        ++served;
        return QJsonObject { { u"code"_s, 200 },
                             { u"msg"_s, u"OK"_s },
                             { u"data"_s, QJsonObject { { u"sn"_s, u"PS71TEST"_s } } } };
    });
    httpServer.sslSetup(certificate(server), loadKey(server));
    const quint16 port = httpServer.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);

    const QUrl url(u"wss://127.0.0.1:%1/v1/event/"_s.arg(port));
    DeviceRestClient client(configFor(url, pins, cas));
    std::optional<RestResult> result;
    client.deviceInfo([&result](const RestResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);

    if (accepted) {
        QVERIFY2(result->ok(), qPrintable(result->error));
        QCOMPARE(result->data.toObject().value(u"sn"_s).toString(), u"PS71TEST"_s);
        QCOMPARE(served, 1);
    } else {
        QCOMPARE(result->failure, RestResult::Failure::Tls);
        QCOMPARE(result->tlsRefusal.refusal,
                 pins.isEmpty() ? TlsTrust::Refusal::Untrusted : TlsTrust::Refusal::Changed);
        for (const QString &part : std::as_const(reasonParts))
            QVERIFY2(result->error.contains(part),
                     qPrintable(u"\"%1\" not in: %2"_s.arg(part, result->error)));
        QCOMPARE(result->tlsRefusal.certificate, certificate(server));
        QCOMPARE(result->tlsRefusal.reason, result->error);
        QCOMPARE(served, 0);
    }
}

void TestTlsTrust::configuration()
{
    const TlsTrust plain;
    QVERIFY(!plain.hasPins());
    QCOMPARE(plain.sslConfiguration().protocol(), QSsl::TlsV1_2OrLater);
    QCOMPARE(plain.sslConfiguration().peerVerifyMode(), QSslSocket::VerifyPeer);

    const TlsTrust withCa({}, { certificate(u"test-ca"_s) });
    const QSslConfiguration caConfig = withCa.sslConfiguration();
    QCOMPARE(caConfig.protocol(), QSsl::TlsV1_2OrLater);
    QCOMPARE(caConfig.peerVerifyMode(), QSslSocket::VerifyPeer);
    QVERIFY(caConfig.caCertificates().contains(certificate(u"test-ca"_s)));
    // The system store stays in use next to the extra CA.
    for (const QSslCertificate &system : QSslConfiguration::systemCaCertificates())
        QVERIFY(caConfig.caCertificates().contains(system));

    const TlsTrust pinned({ TlsTrust::sha256(certificate(u"simulator"_s)) }, {});
    QVERIFY(pinned.hasPins());
    QVERIFY(pinned.isPinned(certificate(u"simulator"_s)));
    QVERIFY(!pinned.isPinned(certificate(u"other-self-signed"_s)));
    QVERIFY(!pinned.isPinned(QSslCertificate()));
    QCOMPARE(pinned.sslConfiguration().protocol(), QSsl::TlsV1_2OrLater);
    QVERIFY(pinned.judgeEstablished(certificate(u"simulator"_s)).accepted);
    const TlsTrust::Verdict changed = pinned.judgeEstablished(certificate(u"ca-signed"_s));
    QVERIFY(!changed.accepted);
    QVERIFY(changed.reason.contains(fingerprint(u"ca-signed"_s)));
    QCOMPARE(changed.refusal, TlsTrust::Refusal::Changed);
    QCOMPARE(changed.certificate, certificate(u"ca-signed"_s));
    QCOMPARE(pinned.judgeEstablished(QSslCertificate()).refusal, TlsTrust::Refusal::NoCertificate);

    // Pinned certificates get exactly the reported errors ignored, nothing more.
    const QList<QSslError> reported {
        QSslError(QSslError::SelfSignedCertificate, certificate(u"simulator"_s)),
        QSslError(QSslError::HostNameMismatch, certificate(u"simulator"_s)),
    };
    const TlsTrust::Verdict verdict = pinned.judgeErrors(certificate(u"simulator"_s), reported);
    QVERIFY(verdict.accepted);
    QCOMPARE(verdict.errorsToIgnore, reported);
}

void TestTlsTrust::describeCertificate()
{
    const QString text = TlsTrust::describeCertificate(certificate(u"ca-signed"_s));
    QVERIFY2(text.contains(u"SHA-256 "_s + fingerprint(u"ca-signed"_s)), qPrintable(text));
    QVERIFY2(text.contains(u"subject CN=127.0.0.1"_s), qPrintable(text));
    QVERIFY2(text.contains(u"issuer CN=GateWatch Test CA"_s), qPrintable(text));
    QVERIFY2(text.contains(u"valid "_s), qPrintable(text));
    QCOMPARE(TlsTrust::subjectName(certificate(u"ca-signed"_s)),
             u"CN=127.0.0.1, O=GateWatch Tests"_s);
    QCOMPARE(TlsTrust::issuerName(certificate(u"ca-signed"_s)),
             u"CN=GateWatch Test CA, O=GateWatch Tests"_s);
    QVERIFY(fingerprint(u"ca-signed"_s).contains(u':'));
    QCOMPARE(fingerprint(u"ca-signed"_s), fingerprint(u"ca-signed"_s).toUpper());
}

QTEST_GUILESS_MAIN(TestTlsTrust)
#include "tst_tlstrust.moc"
