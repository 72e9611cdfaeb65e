#include "../../common/loginsimulator.h"
#include "device/deviceconfig.h"
#include "device/devicerestclient.h"
#include "sim/devicesimulator.h"

#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

DeviceConfig configFor(const DeviceSimulator &simulator)
{
    DeviceConfig config;
    config.url = simulator.eventUrl(0);
    config.requestTimeoutMs = 5000;
    if (simulator.options().tls)
        config.pinnedSha256 = { simulator.certificateSha256() };
    return config;
}

} // namespace

class TestDeviceRestClient final : public QObject
{
    Q_OBJECT

private slots:
    void loginAndCall_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::newRow("http") << false;
        QTest::newRow("https, pinned") << true;
    }

    void loginAndCall()
    {
        QFETCH(bool, tls);
        auto simulator = LoginSimulator::start(tls);
        DeviceRestClient client(configFor(*simulator));
        QCOMPARE(client.baseUrl(), simulator->restBaseUrl(0));

        // Without a token the device refuses.
        std::optional<RestResult> refused;
        client.deviceInfo([&](const RestResult &result) { refused = result; });
        QTRY_VERIFY_WITH_TIMEOUT(refused.has_value(), 10000);
        QCOMPARE(refused->failure, RestResult::Failure::Http);
        QCOMPARE(refused->httpStatus, 401);
        QVERIFY(refused->isAuthenticationRefused());
        QVERIFY2(refused->error.contains(u"401"_s), qPrintable(refused->error));

        std::optional<RestResult> login;
        QString token;
        client.login(u"admin"_s, u"s3cret"_s, 5, [&](const RestResult &result, const QString &t) {
            login = result;
            token = t;
        });
        QTRY_VERIFY_WITH_TIMEOUT(login.has_value(), 10000);
        QVERIFY2(login->ok(), qPrintable(login->error));
        QCOMPARE(login->code, 200);
        QVERIFY(!token.isEmpty());
        QCOMPARE(client.token(), token);

        std::optional<RestResult> info;
        client.deviceInfo([&](const RestResult &result) { info = result; });
        QTRY_VERIFY_WITH_TIMEOUT(info.has_value(), 10000);
        QVERIFY2(info->ok(), qPrintable(info->error));
        QCOMPARE(info->httpStatus, 200);
        QCOMPARE(info->message, u"OK"_s);
        QCOMPARE(info->data.toObject().value(u"sn"_s).toString(), simulator->serialNumber(0));

        // The general call: an unknown path is an HTTP failure with the device's words.
        std::optional<RestResult> missing;
        client.call("GET", u"/v1/no/such/thing"_s, QJsonValue(QJsonValue::Undefined),
                    [&](const RestResult &result) { missing = result; });
        QTRY_VERIFY_WITH_TIMEOUT(missing.has_value(), 10000);
        QCOMPARE(missing->failure, RestResult::Failure::Http);
        QCOMPARE(missing->httpStatus, 404);
        QVERIFY(!missing->isAuthenticationRefused());
    }

    void loginRefused()
    {
        auto simulator = LoginSimulator::start(false);
        DeviceRestClient client(configFor(*simulator));
        std::optional<RestResult> login;
        QString token = u"unchanged"_s;
        client.login(u"admin"_s, u"wrong"_s, 5, [&](const RestResult &result, const QString &t) {
            login = result;
            token = t;
        });
        QTRY_VERIFY_WITH_TIMEOUT(login.has_value(), 10000);
        QVERIFY(!login->ok());
        QVERIFY(login->isAuthenticationRefused());
        QCOMPARE(login->error, u"login failed: invalid username or password"_s);
        QVERIFY(token.isEmpty());
        QVERIFY(client.token().isEmpty());
    }

    void unreachable()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        DeviceConfig config;
        config.url = QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(port));
        DeviceRestClient client(config);
        std::optional<RestResult> login;
        client.login(u"admin"_s, u"s3cret"_s, 5,
                     [&](const RestResult &result, const QString &) { login = result; });
        QTRY_VERIFY_WITH_TIMEOUT(login.has_value(), 10000);
        QCOMPARE(login->failure, RestResult::Failure::Network);
        QCOMPARE(login->networkError, QNetworkReply::ConnectionRefusedError);
        // Not the device saying no: a connection retries this with the normal backoff.
        QVERIFY(!login->isAuthenticationRefused());
        QCOMPARE(login->error, u"login failed: connection refused by 127.0.0.1:%1"_s.arg(port));
    }

    void timeout()
    {
        // Accepts the connection, never answers.
        QTcpServer mute;
        QVERIFY(mute.listen(QHostAddress::LocalHost, 0));
        DeviceConfig config;
        config.url = QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(mute.serverPort()));
        config.requestTimeoutMs = 300;
        DeviceRestClient client(config);
        std::optional<RestResult> info;
        client.deviceInfo([&](const RestResult &result) { info = result; });
        QTRY_VERIFY_WITH_TIMEOUT(info.has_value(), 10000);
        QCOMPARE(info->failure, RestResult::Failure::Timeout);
        QVERIFY2(info->error.contains(u"within 0.3 s"_s), qPrintable(info->error));
    }
};

QTEST_GUILESS_MAIN(TestDeviceRestClient)
#include "tst_devicerestclient.moc"
