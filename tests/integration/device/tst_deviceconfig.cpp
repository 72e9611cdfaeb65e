#include "device/deviceconfig.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString DigestHex = u"7e84a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e"_s;

QString testData(const QString &name)
{
    return QStringLiteral(GATEWATCH_TEST_DATA) + u"/tls/"_s + name;
}

} // namespace

class TestDeviceConfig final : public QObject
{
    Q_OBJECT

private slots:
    void defaults()
    {
        const DeviceConfig config;
        QCOMPARE(config.heartbeatSeconds, 10);
        QCOMPARE(config.maxIncomingMessageBytes, 8 * 1024 * 1024);
        QCOMPARE(config.backoff.initialMs, 1000);
        QCOMPARE(config.backoff.factor, 1.6);
        QCOMPARE(config.backoff.jitter, 0.2);
        QCOMPARE(config.backoff.maxMs, 60000);
        QCOMPARE(config.loginValidMinutes, 60);
        QVERIFY(!config.hasCredentials());
    }

    void parseFingerprint_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("errorPart");

        QString colons;
        for (qsizetype i = 0; i < DigestHex.size(); i += 2)
            colons += (i ? u":"_s : QString()) + DigestHex.mid(i, 2);
        QString spaces = colons;
        spaces.replace(u':', u' ');

        QTest::newRow("plain lower") << DigestHex << true << QString();
        QTest::newRow("plain upper") << DigestHex.toUpper() << true << QString();
        QTest::newRow("colons upper") << colons.toUpper() << true << QString();
        QTest::newRow("colons lower") << colons << true << QString();
        QTest::newRow("spaces") << spaces << true << QString();
        QTest::newRow("surrounding blanks") << u"  "_s + colons + u"\n"_s << true << QString();
        QTest::newRow("empty") << QString() << false << u"0 hex digits"_s;
        QTest::newRow("too short") << DigestHex.left(62) << false << u"62 hex digits"_s;
        QTest::newRow("too long") << DigestHex + u"00"_s << false << u"66 hex digits"_s;
        QTest::newRow("SHA-1 length") << DigestHex.left(40) << false << u"expected 64"_s;
        QTest::newRow("not hex") << DigestHex.left(63) + u"g"_s << false << u"'g'"_s;
        QTest::newRow("dash separators") << colons.replace(u':', u'-') << false << u"'-'"_s;
    }

    void parseFingerprint()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, errorPart);

        QString error;
        const std::optional<QByteArray> digest = DeviceConfig::parseFingerprint(text, &error);
        QCOMPARE(digest.has_value(), valid);
        if (valid) {
            QCOMPARE(digest->size(), 32);
            QCOMPARE(*digest, QByteArray::fromHex(DigestHex.toLatin1()));
            QVERIFY(error.isEmpty());
        } else {
            QVERIFY2(error.contains(errorPart), qPrintable(error));
        }
    }

    void formatFingerprint()
    {
        const QByteArray digest = QByteArray::fromHex(DigestHex.toLatin1());
        const QString text = DeviceConfig::formatFingerprint(digest);
        QVERIFY(text.startsWith(u"7E:84:A1"_s));
        QCOMPARE(text.size(), 32 * 3 - 1);
        QCOMPARE(DeviceConfig::parseFingerprint(text), digest);
    }

    void parseEventUrl_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // empty: invalid

        QTest::newRow("wss full") << u"wss://10.0.0.5:8000/v1/event/"_s
                                  << u"wss://10.0.0.5:8000/v1/event/"_s;
        QTest::newRow("ws no path")
            << u"ws://127.0.0.1:9000"_s << u"ws://127.0.0.1:9000/v1/event/"_s;
        QTest::newRow("root path")
            << u"wss://gate.local:8000/"_s << u"wss://gate.local:8000/v1/event/"_s;
        QTest::newRow("other path kept") << u"ws://h:1/custom"_s << u"ws://h:1/custom"_s;
        QTest::newRow("https") << u"https://h:8000/v1/event/"_s << QString();
        QTest::newRow("no scheme") << u"10.0.0.5:8000"_s << QString();
        QTest::newRow("no host") << u"ws:///v1/event/"_s << QString();
        QTest::newRow("garbage") << u"ws://[::1"_s << QString();
    }

    void parseEventUrl()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QString error;
        const std::optional<QUrl> url = DeviceConfig::parseEventUrl(text, &error);
        if (expected.isEmpty()) {
            QVERIFY(!url);
            QVERIFY(error.contains(text));
        } else {
            QVERIFY2(url, qPrintable(error));
            QCOMPARE(url->toString(), expected);
        }
    }

    void restBaseUrl_data()
    {
        QTest::addColumn<QString>("eventUrl");
        QTest::addColumn<QString>("restUrl");
        QTest::newRow("wss") << u"wss://10.0.0.5:8000/v1/event/"_s << u"https://10.0.0.5:8000"_s;
        QTest::newRow("ws") << u"ws://127.0.0.1:4711/v1/event/"_s << u"http://127.0.0.1:4711"_s;
        QTest::newRow("default port") << u"wss://gate.local/v1/event/"_s << u"https://gate.local"_s;
        QTest::newRow("ipv6") << u"ws://[::1]:9/v1/event/"_s << u"http://[::1]:9"_s;
    }

    void restBaseUrl()
    {
        QFETCH(QString, eventUrl);
        QFETCH(QString, restUrl);
        DeviceConfig config;
        config.url = QUrl(eventUrl);
        QCOMPARE(config.restBaseUrl().toString(), restUrl);
    }

    void backoff()
    {
        const BackoffPolicy policy; // 1 s × 1.6, ±20 %, cap 60 s
        // Without jitter (unit random 0.5) the sequence is the plain geometric one.
        QCOMPARE(policy.delayMs(0, 0.5), 1000);
        QCOMPARE(policy.delayMs(1, 0.5), 1600);
        QCOMPARE(policy.delayMs(2, 0.5), 2560);
        QCOMPARE(policy.delayMs(20, 0.5), 60000);
        QCOMPARE(policy.delayMs(1000, 0.5), 60000);
        // Jitter spreads by ±20 %, and never beyond the cap.
        QCOMPARE(policy.delayMs(0, 0.0), 800);
        QCOMPARE(policy.delayMs(0, 0.999999), 1199);
        QCOMPARE(policy.delayMs(20, 0.0), 48000);
        QCOMPARE(policy.delayMs(20, 0.999999), 60000);
        int previous = 0;
        for (int failures = 0; failures < 30; ++failures) {
            const int delay = policy.delayMs(failures, 0.5);
            QVERIFY(delay >= previous);
            QVERIFY(delay <= policy.maxMs);
            previous = delay;
        }
    }

    void loadCaCertificates()
    {
        QString error;
        const auto certificates
            = DeviceConfig::loadCaCertificates(testData(u"test-ca.pem"_s), &error);
        QVERIFY2(certificates, qPrintable(error));
        QCOMPARE(certificates->size(), 1);
        QCOMPARE(certificates->first().subjectInfo(QSslCertificate::CommonName),
                 QStringList { u"GateWatch Test CA"_s });
    }

    void loadCaCertificatesErrors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("missing") << testData(u"does-not-exist.pem"_s) << u"cannot read"_s;
        // A private key is PEM, but no certificate.
        QTest::newRow("key, not certificate")
            << testData(u"test-ca.key"_s) << u"holds no PEM certificate"_s;
    }

    void loadCaCertificatesErrors()
    {
        QFETCH(QString, path);
        QFETCH(QString, errorPart);
        QString error;
        QVERIFY(!DeviceConfig::loadCaCertificates(path, &error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
        QVERIFY(error.contains(path));
    }
};

QTEST_GUILESS_MAIN(TestDeviceConfig)
#include "tst_deviceconfig.moc"
