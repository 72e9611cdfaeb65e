// The device simulator, exercised like a terminal: real WebSocket and HTTP clients over
// loopback, plain and TLS, with the certificate pinned rather than errors ignored.

#include "event/eventparser.h"
#include "sim/devicesimulator.h"
#include "sim/eventgenerator.h"

#include <QAuthenticator>
#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QTest>
#include <QWebSocket>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int timeoutMs = 10000;

QSslCertificate bundledCertificate()
{
    QFile file(u":/certs/simulator.pem"_s);
    if (!file.open(QIODevice::ReadOnly))
        return QSslCertificate();
    return QSslCertificate(file.readAll(), QSsl::Pem);
}

// The only TLS error the pinned simulator certificate may cause: it is self-signed. Anything
// else (another certificate, a wrong host) still fails the handshake.
QList<QSslError> expectedErrors()
{
    return { QSslError(QSslError::SelfSignedCertificate, bundledCertificate()) };
}

struct HttpAnswer
{
    int httpStatus = 0;
    QJsonObject body;
};

// A WebSocket client that records what it receives and how it was closed.
class Subscriber final : public QObject
{
    Q_OBJECT

public:
    explicit Subscriber(const QUrl &url, const QByteArray &authorization = {})
    {
        connect(&socket, &QWebSocket::textMessageReceived, this,
                [this](const QString &message) { frames.append(message.toUtf8()); });
        connect(&socket, &QWebSocket::connected, this, [this] { connected = true; });
        connect(&socket, &QWebSocket::disconnected, this, [this] { disconnected = true; });
        connect(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
                [this](QAbstractSocket::SocketError) { errors.append(socket.errorString()); });
        if (url.scheme() == u"wss"_s)
            socket.ignoreSslErrors(expectedErrors());
        QNetworkRequest request(url);
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        socket.open(request);
    }

    QWebSocket socket;
    QList<QByteArray> frames;
    bool connected = false;
    bool disconnected = false;
    QStringList errors;
};

} // namespace

class TestDeviceSimulator final : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_network;

    HttpAnswer request(const QByteArray &verb, const QUrl &url, const QJsonObject &body = {},
                       const QByteArray &authorization = {})
    {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        const QByteArray payload
            = verb == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
        QNetworkReply *reply
            = verb == "GET" ? m_network.get(request) : m_network.post(request, payload);
        if (url.scheme() == u"https"_s)
            reply->ignoreSslErrors(expectedErrors());
        QSignalSpy finished(reply, &QNetworkReply::finished);
        HttpAnswer answer;
        if (!reply->isFinished() && !finished.wait(timeoutMs)) {
            reply->deleteLater();
            return answer;
        }
        answer.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return answer;
    }

    static QUrl endpoint(const DeviceSimulator &sim, const QString &path, int index = 0)
    {
        QUrl url = sim.restBaseUrl(index);
        url.setPath(path);
        return url;
    }

    QByteArray login(const DeviceSimulator &sim, const QString &user, const QString &password)
    {
        const HttpAnswer answer = request(
            "POST", endpoint(sim, u"/v1/auth/login"_s),
            { { u"username"_s, user }, { u"password"_s, password }, { u"validTime"_s, 5 } });
        return answer.body.value(u"data"_s).toObject().value(u"token"_s).toString().toLatin1();
    }

    static void verifyFrame(const QByteArray &frame, const QString &serial)
    {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(frame, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(document.isObject());
        const QJsonObject envelope = document.object();
        QCOMPARE(envelope.value(u"type"_s).toInt(-1), 0);
        const QJsonObject data = envelope.value(u"data"_s).toObject();
        QCOMPARE(data.value(u"deviceSN"_s).toString(), serial);
        QVERIFY(data.value(u"timestamp"_s).isDouble());
        QVERIFY(data.value(u"pass"_s).isBool());
        verifyJpeg(data.value(u"rgb_image"_s).toString());
    }

    static void verifyJpeg(const QString &base64)
    {
        const auto decoded = QByteArray::fromBase64Encoding(
            base64.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        QVERIFY(decoded);
        QVERIFY(decoded.decoded.startsWith("\xFF\xD8\xFF"));
        QBuffer buffer;
        buffer.setData(decoded.decoded);
        QImageReader reader(&buffer, "jpeg");
        const QImage image = reader.read();
        QVERIFY2(!image.isNull(), qPrintable(reader.errorString()));
        QCOMPARE(image.size(), EventGenerator::snapshotSize());
    }

private slots:
    void initTestCase() { QVERIFY(!bundledCertificate().isNull()); }

    void framesArrive_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::newRow("ws") << false;
        QTest::newRow("wss") << true;
    }

    void framesArrive()
    {
        QFETCH(bool, tls);
        SimulatorOptions options;
        options.tls = tls;
        options.rate = 200;
        options.count = 5;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        QCOMPARE(sim.eventUrl(0).scheme(), tls ? u"wss"_s : u"ws"_s);
        QCOMPARE(sim.eventUrl(0).path(), u"/v1/event/"_s);
        QVERIFY(sim.serialNumber(0).startsWith(u"PS71HD01MC22C"_s));
        QCOMPARE(sim.serialNumber(0).size(), 18);
        if (tls) {
            QCOMPARE(sim.certificateSha256(),
                     bundledCertificate().digest(QCryptographicHash::Sha256));
            QCOMPARE(sim.certificateSha256Hex().size(), 32 * 3 - 1);
        } else {
            QVERIFY(sim.certificateSha256().isEmpty());
        }

        QSignalSpy finished(&sim, &DeviceSimulator::emissionFinished);
        Subscriber client(sim.eventUrl(0));
        QTRY_VERIFY_WITH_TIMEOUT(client.connected, timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(client.frames.size(), 5, timeoutMs);
        QCOMPARE(client.frames, sim.sentFrames(0));
        QCOMPARE(sim.emittedCount(0), 5);
        for (const QByteArray &frame : std::as_const(client.frames)) {
            verifyFrame(frame, sim.serialNumber(0));
            if (QTest::currentTestFailed())
                return;
        }
        // Finished emitting, still serving: an event on demand is still delivered.
        sim.emitEvent(0);
        QTRY_COMPARE_WITH_TIMEOUT(client.frames.size(), 6, timeoutMs);
    }

    // Flood: as fast as the subscribers read, whatever the rate says; every subscriber gets every
    // event, in order, and emission stops at the count.
    void floodFollowsTheReaders_data() { framesArrive_data(); }
    void floodFollowsTheReaders()
    {
        QFETCH(bool, tls);
        SimulatorOptions options;
        options.tls = tls;
        options.flood = true;
        options.rate = 0; // ignored when flooding
        options.count = 300;
        options.cameraSnapshots = true; // 64 KB frames: the backlog bound is met again and again
        options.floodBacklogBytes = qint64 { 128 } * 1024;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        QSignalSpy finished(&sim, &DeviceSimulator::emissionFinished);
        Subscriber first(sim.eventUrl(0));
        QTRY_VERIFY_WITH_TIMEOUT(first.connected, timeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(first.frames.size() >= 20, timeoutMs);
        Subscriber second(sim.eventUrl(0)); // joins while the first is being flooded
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 4 * timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(first.frames.size(), 300, 4 * timeoutMs);
        QCOMPARE(first.frames, sim.sentFrames(0));
        QCOMPARE(sim.emittedCount(0), 300);
        // The second saw every event sent after it subscribed: the tail of the first's list.
        QTRY_VERIFY_WITH_TIMEOUT(!second.frames.isEmpty(), timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(second.frames.constLast(), first.frames.constLast(), timeoutMs);
        QCOMPARE(first.frames.mid(first.frames.size() - second.frames.size()), second.frames);
        const ParseOutcome last = EventParser().parse(first.frames.constLast());
        QVERIFY2(last.ok(), qPrintable(last.reason));
        QCOMPARE(last.event->snapshotSize, EventGenerator::cameraSnapshotSize());
        QCOMPARE(finished.size(), 1);
    }

    void wrongCertificateIsNotTrusted()
    {
        SimulatorOptions options;
        options.tls = true;
        options.rate = 0;
        options.certificateFile = QStringLiteral(GATEWATCH_TEST_DATA "/tls/other-self-signed.pem");
        options.privateKeyFile = QStringLiteral(GATEWATCH_TEST_DATA "/tls/other-self-signed.key");
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        QVERIFY(sim.certificateSha256() != bundledCertificate().digest(QCryptographicHash::Sha256));
        // Pinned to the bundled certificate, the client refuses the other one.
        Subscriber client(sim.eventUrl(0));
        QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, timeoutMs);
        QVERIFY(!client.connected);
        QCOMPARE(sim.subscriberCount(0), 0);
    }

    void emitsOnlyWhileSubscribed()
    {
        SimulatorOptions options;
        options.rate = 500;
        options.count = 3;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        QSignalSpy sent(&sim, &DeviceSimulator::eventSent);
        // Nobody listens: the count must not be used up.
        QVERIFY(!sent.wait(300));
        QCOMPARE(sim.emittedCount(0), 0);

        Subscriber client(sim.eventUrl(0));
        QTRY_COMPARE_WITH_TIMEOUT(client.frames.size(), 3, timeoutMs);
        QCOMPARE(sim.emittedCount(0), 3);
        QCOMPARE(sim.sentFrames(0).size(), 3);
    }

    void tooManySubscribers()
    {
        SimulatorOptions options;
        options.rate = 0;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        std::vector<std::unique_ptr<Subscriber>> clients;
        for (int i = 0; i < 3; ++i) {
            clients.push_back(std::make_unique<Subscriber>(sim.eventUrl(0)));
            QTRY_COMPARE_WITH_TIMEOUT(sim.subscriberCount(0), i + 1, timeoutMs);
        }
        QSignalSpy refused(&sim, &DeviceSimulator::subscriberRefused);
        Subscriber fourth(sim.eventUrl(0));
        QTRY_VERIFY_WITH_TIMEOUT(fourth.disconnected, timeoutMs);
        QCOMPARE(fourth.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QVERIFY2(fourth.socket.closeReason().contains(u"too many"_s),
                 qPrintable(fourth.socket.closeReason()));
        QCOMPARE(refused.size(), 1);
        QCOMPARE(sim.subscriberCount(0), 3);

        // The three still receive; when one leaves, a newcomer is admitted.
        sim.emitEvent(0);
        for (const auto &client : clients)
            QTRY_COMPARE_WITH_TIMEOUT(client->frames.size(), 1, timeoutMs);
        QCOMPARE(fourth.frames.size(), 0);
        clients.front()->socket.close();
        QTRY_COMPARE_WITH_TIMEOUT(sim.subscriberCount(0), 2, timeoutMs);
        Subscriber late(sim.eventUrl(0));
        QTRY_COMPARE_WITH_TIMEOUT(sim.subscriberCount(0), 3, timeoutMs);
    }

    void otherPathRefused()
    {
        SimulatorOptions options;
        options.rate = 0;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        QUrl url = sim.eventUrl(0);
        url.setPath(u"/v1/other/"_s);
        QSignalSpy refused(&sim, &DeviceSimulator::subscriberRefused);
        Subscriber client(url);
        // Refused at the HTTP level: no WebSocket is ever established.
        QTRY_VERIFY_WITH_TIMEOUT(!client.errors.isEmpty(), timeoutMs);
        QVERIFY2(client.errors.join(u' ').contains(u"404"_s), qPrintable(client.errors.join(u' ')));
        QVERIFY(!client.connected);
        QCOMPARE(refused.size(), 1);
        QCOMPARE(sim.subscriberCount(0), 0);
    }

    void loginRequired_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::newRow("http") << false;
        QTest::newRow("https") << true;
    }

    void loginRequired()
    {
        QFETCH(bool, tls);
        SimulatorOptions options;
        options.rate = 0;
        options.tls = tls;
        options.loginUser = u"admin"_s;
        options.loginPassword = u"s3cret:with colon"_s;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));

        // Without credentials: REST answers 401 in the documented shape, the stream closes.
        HttpAnswer answer = request("GET", endpoint(sim, u"/v1/device/info"_s));
        QCOMPARE(answer.httpStatus, 401);
        QCOMPARE(answer.body.value(u"code"_s).toInt(), 401);
        QCOMPARE(answer.body.value(u"msg"_s).toString(), u"Unauthorized"_s);
        QVERIFY(answer.body.value(u"data"_s).isNull());
        Subscriber anonymous(sim.eventUrl(0));
        QTRY_VERIFY_WITH_TIMEOUT(!anonymous.errors.isEmpty(), timeoutMs);
        QVERIFY2(anonymous.errors.join(u' ').contains(u"401"_s),
                 qPrintable(anonymous.errors.join(u' ')));
        QVERIFY(!anonymous.connected);
        Subscriber stale(sim.eventUrl(0), "Bearer not-a-token");
        QTRY_VERIFY_WITH_TIMEOUT(!stale.errors.isEmpty(), timeoutMs);
        QVERIFY(!stale.connected);
        QCOMPARE(sim.subscriberCount(0), 0);

        QVERIFY(login(sim, u"admin"_s, u"wrong"_s).isEmpty());
        QVERIFY(
            request("GET", endpoint(sim, u"/v1/device/info"_s), {}, "Bearer nonsense").httpStatus
            == 401);

        const QByteArray token = login(sim, u"admin"_s, u"s3cret:with colon"_s);
        QVERIFY(!token.isEmpty());
        const QByteArray bearer = "Bearer " + token;
        answer = request("GET", endpoint(sim, u"/v1/device/info"_s), {}, bearer);
        QCOMPARE(answer.httpStatus, 200);
        QCOMPARE(answer.body.value(u"data"_s).toObject().value(u"sn"_s).toString(),
                 sim.serialNumber(0));
        const QByteArray basic = "Basic " + QByteArray("admin:s3cret:with colon").toBase64();
        QCOMPARE(request("GET", endpoint(sim, u"/v1/device/info"_s), {}, basic).httpStatus, 200);

        Subscriber authorised(sim.eventUrl(0), bearer);
        QTRY_COMPARE_WITH_TIMEOUT(sim.subscriberCount(0), 1, timeoutMs);
        sim.emitEvent(0);
        QTRY_COMPARE_WITH_TIMEOUT(authorised.frames.size(), 1, timeoutMs);
        QVERIFY(!authorised.disconnected);
    }

    void tokenExpires()
    {
        SimulatorOptions options;
        options.rate = 0;
        options.loginUser = u"admin"_s;
        options.loginPassword = u"pw"_s;
        options.tokenMinuteMs = 100; // validTime 5 → half a second
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        const QByteArray bearer = "Bearer " + login(sim, u"admin"_s, u"pw"_s);
        QVERIFY(bearer.size() > 7);
        QTRY_COMPARE_WITH_TIMEOUT(
            request("GET", endpoint(sim, u"/v1/device/info"_s), {}, bearer).httpStatus, 401,
            timeoutMs);

        const HttpAnswer tooLong = request("POST", endpoint(sim, u"/v1/auth/login"_s),
                                           { { u"username"_s, u"admin"_s },
                                             { u"password"_s, u"pw"_s },
                                             { u"validTime"_s, 1441 } });
        QCOMPARE(tooLong.httpStatus, 400);
        QCOMPARE(tooLong.body.value(u"code"_s).toInt(), 400);
    }

    void restEndpoints()
    {
        SimulatorOptions options;
        options.rate = 0;
        options.tls = true;
        options.devices = 2;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        QVERIFY(sim.serialNumber(0) != sim.serialNumber(1));
        QVERIFY(sim.port(0) != sim.port(1));

        HttpAnswer answer = request("GET", endpoint(sim, u"/v1/device/info"_s, 1));
        QCOMPARE(answer.httpStatus, 200);
        QCOMPARE(answer.body.value(u"code"_s).toInt(), 200);
        QCOMPARE(answer.body.value(u"msg"_s).toString(), u"OK"_s);
        const QJsonObject info = answer.body.value(u"data"_s).toObject();
        QCOMPARE(info.value(u"sn"_s).toString(), sim.serialNumber(1));
        QCOMPARE(info.value(u"model"_s).toString(), u"SenseNebula Pass S7 (simulated)"_s);
        for (const auto &key :
             { u"mac"_s, u"software_version"_s, u"hardware_version"_s, u"api_version"_s })
            QVERIFY2(!info.value(key).toString().isEmpty(), qPrintable(key));

        answer = request("GET", endpoint(sim, u"/v1/auth/certificate"_s));
        QCOMPARE(answer.httpStatus, 200);
        QCOMPARE(QSslCertificate(answer.body.value(u"data"_s).toString().toLatin1(), QSsl::Pem),
                 bundledCertificate());

        answer = request("GET", endpoint(sim, u"/v1/user/id/2"_s));
        QCOMPARE(answer.httpStatus, 200);
        const QJsonObject user = answer.body.value(u"data"_s).toObject();
        QCOMPARE(user.value(u"user_id"_s).toInt(), 2);
        QCOMPARE(user.value(u"name"_s).toString(), u"José Müller-Ørsted"_s);
        verifyJpeg(user.value(u"avatar"_s).toString());
        answer = request("GET", endpoint(sim, u"/v1/user/id/99999"_s));
        QCOMPARE(answer.httpStatus, 404);
        QCOMPARE(answer.body.value(u"code"_s).toInt(), 404);

        QSignalSpy door(&sim, &DeviceSimulator::doorOpened);
        answer = request("POST", endpoint(sim, u"/v1/device/door"_s), { { u"open_mode"_s, 1 } });
        QCOMPARE(answer.body.value(u"code"_s).toInt(), 200);
        QCOMPARE(door.size(), 1);
        QCOMPARE(door.at(0).at(0).toInt(), 0);
        QCOMPARE(door.at(0).at(1).toInt(), 1);
        QCOMPARE(sim.doorOpenings(0), 1);
        answer = request("POST", endpoint(sim, u"/v1/device/door"_s), { { u"open_mode"_s, 7 } });
        QCOMPARE(answer.body.value(u"code"_s).toInt(), 400);
        QCOMPARE(sim.doorOpenings(0), 1);

        answer = request("GET", endpoint(sim, u"/v1/no/such/thing"_s));
        QCOMPARE(answer.httpStatus, 404);
        QCOMPARE(answer.body.value(u"code"_s).toInt(), 404);
    }

    void recordsPaging()
    {
        SimulatorOptions options;
        options.rate = 0;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        // Emitted with nobody listening: in the history, not delivered.
        for (int i = 0; i < 30; ++i)
            sim.emitEvent(0);
        QVERIFY(sim.sentFrames(0).isEmpty());

        const QUrl url = endpoint(sim, u"/v1/event/records"_s);
        HttpAnswer answer = request("POST", url, { { u"offset"_s, 0 }, { u"limit"_s, 25 } });
        QCOMPARE(answer.httpStatus, 200);
        QJsonObject data = answer.body.value(u"data"_s).toObject();
        QCOMPARE(data.value(u"offset"_s).toInt(), 0);
        QCOMPARE(data.value(u"limit"_s).toInt(), 25);
        QCOMPARE(data.value(u"count"_s).toInt(), 25);
        QCOMPARE(data.value(u"total"_s).toInt(), 30);
        const QJsonArray first = data.value(u"items"_s).toArray();
        QCOMPARE(first.size(), 25);
        verifyJpeg(first.at(0).toObject().value(u"rgb_image"_s).toString());

        answer = request("POST", url, { { u"offset"_s, 25 }, { u"limit"_s, 25 } });
        data = answer.body.value(u"data"_s).toObject();
        QCOMPARE(data.value(u"count"_s).toInt(), 5);
        QCOMPARE(data.value(u"total"_s).toInt(), 30);

        // More than 25 per page is refused, not silently clamped.
        answer = request("POST", url, { { u"offset"_s, 0 }, { u"limit"_s, 26 } });
        QCOMPARE(answer.httpStatus, 400);
        QCOMPARE(answer.body.value(u"code"_s).toInt(), 400);

        answer = request("POST", url, { { u"user_id"_s, 1 }, { u"limit"_s, 25 } });
        data = answer.body.value(u"data"_s).toObject();
        QVERIFY(data.value(u"total"_s).toInt() >= 1);
        const QJsonArray mine = data.value(u"items"_s).toArray();
        for (const auto &item : mine) {
            const QJsonValue id = item.toObject().value(u"user"_s).toObject().value(u"user_id"_s);
            QVERIFY(id == QJsonValue(1) || id == QJsonValue(u"1"_s));
        }
        answer = request("POST", url, { { u"job_number"_s, u"J1000"_s } });
        QCOMPARE(answer.body.value(u"data"_s).toObject().value(u"total"_s).toInt(),
                 data.value(u"total"_s).toInt());

        const qint64 future = QDateTime::currentSecsSinceEpoch() + 3600;
        answer = request("POST", url, { { u"begin_time"_s, future } });
        QCOMPARE(answer.body.value(u"data"_s).toObject().value(u"total"_s).toInt(), 0);
    }

    // The guide: 20 records by default, and one identifier searched, user_id first.
    void recordsDefaultsAndIdentifierPriority()
    {
        SimulatorOptions options;
        options.rate = 0;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        for (int i = 0; i < 30; ++i)
            sim.emitEvent(0);
        const QUrl url = endpoint(sim, u"/v1/event/records"_s);
        HttpAnswer answer = request("POST", url, {});
        QJsonObject data = answer.body.value(u"data"_s).toObject();
        QCOMPARE(data.value(u"limit"_s).toInt(), 20);
        QCOMPARE(data.value(u"count"_s).toInt(), 20);
        QCOMPARE(data.value(u"total"_s).toInt(), 30);

        answer = request("POST", url, { { u"user_id"_s, 1 } });
        const int userTotal = answer.body.value(u"data"_s).toObject().value(u"total"_s).toInt();
        QVERIFY(userTotal >= 1);
        // user_id wins over a job number that names nobody.
        answer = request("POST", url, { { u"user_id"_s, 1 }, { u"job_number"_s, u"nobody"_s } });
        QCOMPARE(answer.body.value(u"data"_s).toObject().value(u"total"_s).toInt(), userTotal);
        answer = request("POST", url, { { u"job_number"_s, u"nobody"_s } });
        QCOMPARE(answer.body.value(u"data"_s).toObject().value(u"total"_s).toInt(), 0);
        QCOMPARE(sim.recordsRequestCount(0), 4);
    }

    // Events at chosen times land in the history in the order emitted, as a device records.
    void eventsAtChosenTimes()
    {
        SimulatorOptions options;
        options.rate = 0;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        const qint64 base = qint64 { 1'700'000'000 } * 1000;
        for (int i = 0; i < 5; ++i)
            sim.emitEventAt(0, base + qint64 { i } * 60'000);
        const QList<QByteArray> history = sim.historyFrames(0);
        QCOMPARE(history.size(), 5);
        QVERIFY(sim.sentFrames(0).isEmpty()); // nobody listened
        for (int i = 0; i < 5; ++i) {
            const QJsonObject data
                = QJsonDocument::fromJson(history.at(i)).object().value(u"data"_s).toObject();
            QCOMPARE(data.value(u"timestamp"_s).toInteger(), base / 1000 + qint64 { i } * 60);
        }
        const HttpAnswer answer = request("POST", endpoint(sim, u"/v1/event/records"_s),
                                          { { u"begin_time"_s, base / 1000 + 120 } });
        QCOMPARE(answer.body.value(u"data"_s).toObject().value(u"total"_s).toInt(), 3);
    }

    // A link that loses the event stream while the device goes on recording.
    void subscriptionsSuspended()
    {
        SimulatorOptions options;
        options.rate = 0;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        Subscriber first(sim.eventUrl(0));
        QTRY_COMPARE_WITH_TIMEOUT(sim.subscriberCount(0), 1, timeoutMs);

        QSignalSpy refused(&sim, &DeviceSimulator::subscriberRefused);
        sim.setAcceptingSubscribers(0, false);
        QVERIFY(!sim.isAcceptingSubscribers(0));
        QCOMPARE(sim.subscriberCount(0), 0);
        QTRY_VERIFY_WITH_TIMEOUT(first.disconnected, timeoutMs);
        Subscriber second(sim.eventUrl(0));
        QTRY_VERIFY_WITH_TIMEOUT(second.disconnected, timeoutMs);
        QCOMPARE(second.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QVERIFY2(second.socket.closeReason().contains(u"suspended"_s),
                 qPrintable(second.socket.closeReason()));
        QCOMPARE(refused.size(), 1);

        // Recorded, not delivered, and in the history the REST API serves meanwhile.
        sim.emitEvent(0);
        QCOMPARE(sim.historyFrames(0).size(), 1);
        QVERIFY(sim.sentFrames(0).isEmpty());
        const HttpAnswer answer = request("POST", endpoint(sim, u"/v1/event/records"_s), {});
        QCOMPARE(answer.body.value(u"data"_s).toObject().value(u"total"_s).toInt(), 1);

        sim.setAcceptingSubscribers(0, true);
        Subscriber third(sim.eventUrl(0));
        QTRY_COMPARE_WITH_TIMEOUT(sim.subscriberCount(0), 1, timeoutMs);
        sim.emitEvent(0);
        QTRY_COMPARE_WITH_TIMEOUT(third.frames.size(), 1, timeoutMs);
        QCOMPARE(first.frames.size(), 0);
    }

    void recordsFaults()
    {
        SimulatorOptions options;
        options.rate = 0;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        sim.emitEvent(0);
        const QUrl url = endpoint(sim, u"/v1/event/records"_s);

        sim.setRecordsFault(0, DeviceSimulator::RecordsFault::ServerError, 1);
        HttpAnswer answer = request("POST", url, {});
        QCOMPARE(answer.httpStatus, 200);
        answer = request("POST", url, {});
        QCOMPARE(answer.httpStatus, 500);
        QCOMPARE(answer.body.value(u"code"_s).toInt(), 500);
        answer = request("POST", url, {});
        QCOMPARE(answer.httpStatus, 500);

        sim.setRecordsFault(0, DeviceSimulator::RecordsFault::BadJson);
        answer = request("POST", url, {});
        QCOMPARE(answer.httpStatus, 200);
        QVERIFY(answer.body.isEmpty()); // not JSON

        // Read and left unanswered; later requests are answered again once the fault is gone.
        sim.setRecordsFault(0, DeviceSimulator::RecordsFault::NoAnswer);
        QNetworkRequest hanging(url);
        hanging.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        std::unique_ptr<QNetworkReply> reply(m_network.post(hanging, QByteArray("{}")));
        QTRY_COMPARE_WITH_TIMEOUT(sim.recordsRequestCount(0), 5, timeoutMs);
        sim.setRecordsFault(0, DeviceSimulator::RecordsFault::None);
        answer = request("POST", url, {});
        QCOMPARE(answer.httpStatus, 200);
        QCOMPARE(answer.body.value(u"data"_s).toObject().value(u"total"_s).toInt(), 1);
        QVERIFY(!reply->isFinished());
        QCOMPARE(sim.recordsRequestCount(0), 6);
        reply->abort();
    }

    void restartKeepsPort()
    {
        SimulatorOptions options;
        options.rate = 0;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        const quint16 port = sim.port(0);
        QVERIFY(port != 0);
        auto client = std::make_unique<Subscriber>(sim.eventUrl(0));
        QTRY_COMPARE_WITH_TIMEOUT(sim.subscriberCount(0), 1, timeoutMs);

        QVERIFY2(sim.restartDevice(0, &error), qPrintable(error));
        QCOMPARE(sim.port(0), port);
        QCOMPARE(sim.subscriberCount(0), 0);
        QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, timeoutMs);

        client = std::make_unique<Subscriber>(sim.eventUrl(0));
        QTRY_COMPARE_WITH_TIMEOUT(sim.subscriberCount(0), 1, timeoutMs);
        sim.emitEvent(0);
        QTRY_COMPARE_WITH_TIMEOUT(client->frames.size(), 1, timeoutMs);
    }

    void silentDevice_data() { framesArrive_data(); }

    void silentDevice()
    {
        QFETCH(bool, tls);
        SimulatorOptions options;
        options.rate = 0;
        options.tls = tls;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        Subscriber client(sim.eventUrl(0));
        QTRY_COMPARE_WITH_TIMEOUT(sim.subscriberCount(0), 1, timeoutMs);
        QSignalSpy pongs(&client.socket, &QWebSocket::pong);
        client.socket.ping("awake?");
        QVERIFY(pongs.wait(timeoutMs));

        sim.setSilent(0, true);
        QVERIFY(sim.isSilent(0));
        pongs.clear();
        client.socket.ping("still there?");
        sim.emitEvent(0);
        // Hung: neither the pong nor the event comes, and the connection stays open.
        QVERIFY(!pongs.wait(500));
        QCOMPARE(client.frames.size(), 0);
        QVERIFY(!client.disconnected);
        QCOMPARE(sim.subscriberCount(0), 1);

        sim.setSilent(0, false);
        QTRY_COMPARE_WITH_TIMEOUT(pongs.size(), 1, timeoutMs);
        sim.emitEvent(0);
        QTRY_COMPARE_WITH_TIMEOUT(client.frames.size(), 1, timeoutMs);
    }

    // A device that shuts down ends each subscription with a close frame after its last
    // event, so a subscriber that is behind still gets every event before the connection ends;
    // no new subscription is taken meanwhile.
    void closeSubscribersDeliversEverythingFirst_data() { framesArrive_data(); }

    void closeSubscribersDeliversEverythingFirst()
    {
        QFETCH(bool, tls);
        SimulatorOptions options;
        options.rate = 0;
        options.tls = tls;
        DeviceSimulator sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        Subscriber client(sim.eventUrl(0));
        QTRY_COMPARE_WITH_TIMEOUT(sim.subscriberCount(0), 1, timeoutMs);

        constexpr int Count = 200;
        for (int i = 0; i < Count; ++i)
            sim.emitEvent(0);
        // Megabytes of snapshots that the subscriber has not read yet.
        QVERIFY2(sim.unsentBytes() > qint64 { 1024 } * 1024,
                 qPrintable(QString::number(sim.unsentBytes())));
        sim.closeSubscribers();
        QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, 4 * timeoutMs);
        QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        QCOMPARE(client.frames.size(), Count);
        QCOMPARE(client.frames, sim.sentFrames(0));
        QTRY_COMPARE_WITH_TIMEOUT(sim.subscriberTotal(), 0, timeoutMs);
        QCOMPARE(sim.unsentBytes(), 0);

        Subscriber late(sim.eventUrl(0));
        QTRY_VERIFY_WITH_TIMEOUT(late.disconnected, timeoutMs);
        QCOMPARE(late.frames.size(), 0);
        QCOMPARE(sim.subscriberCount(0), 0);
    }

    void destroyedWhileSubscribed()
    {
        SimulatorOptions options;
        options.rate = 0;
        auto sim = std::make_unique<DeviceSimulator>(options);
        QString error;
        QVERIFY2(sim->start(&error), qPrintable(error));
        Subscriber client(sim->eventUrl(0));
        QTRY_COMPARE_WITH_TIMEOUT(sim->subscriberCount(0), 1, timeoutMs);
        sim.reset();
        QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, timeoutMs);
    }

    void consecutivePorts()
    {
        // Find a free block by asking for an ephemeral port first.
        SimulatorOptions probeOptions;
        probeOptions.rate = 0;
        quint16 base = 0;
        {
            DeviceSimulator probe(probeOptions);
            QString error;
            QVERIFY2(probe.start(&error), qPrintable(error));
            base = probe.port(0);
        }
        SimulatorOptions options;
        options.rate = 0;
        options.devices = 3;
        options.firstPort = base;
        DeviceSimulator sim(options);
        QString error;
        if (!sim.start(&error))
            QFAIL(qPrintable(u"ports %1..%2 busy: "_s.arg(base).arg(base + 2) + error));
        QCOMPARE(sim.ports(), (QList<quint16> { base, quint16(base + 1), quint16(base + 2) }));

        // The same ports again while they are taken: start fails and says why.
        DeviceSimulator clash(options);
        QVERIFY(!clash.start(&error));
        QVERIFY(error.contains(QString::number(base)));
    }

    void generatorCoverage()
    {
        EventGenerator generator(EventGenerator::serialNumberFor(1, 0), 1);
        QSet<int> statuses, types, modes, masks;
        QSet<QString> names;
        int strangersAbsent = 0, strangersNull = 0, withLiveness = 0, withTemperature = 0,
            withUuid = 0, stringIds = 0, passes = 0;
        const qint64 now = 1700000000000;
        for (qint64 i = 0; i < 120; ++i) {
            const QJsonObject data = generator.nextEventData(now + i * 10);
            if (data.contains(u"recognizeStatus"_s))
                statuses.insert(data.value(u"recognizeStatus"_s).toInt());
            if (data.contains(u"recognitionType"_s))
                types.insert(data.value(u"recognitionType"_s).toInt());
            modes.insert(data.value(u"mode"_s).toInt());
            masks.insert(data.value(u"mask"_s).toInt());
            withLiveness += data.contains(u"livenessScore"_s);
            withTemperature += data.contains(u"bodyTemperature"_s);
            withUuid += data.contains(u"uuid"_s);
            passes += data.value(u"pass"_s).toBool();
            QCOMPARE(data.value(u"timestamp"_s).toInteger(), (now + i * 10) / 1000);
            if (data.value(u"recognizeStatus"_s).toInt(-1) == 3
                || data.value(u"recognitionType"_s).toInt(-1) == 3) {
                QVERIFY(!data.value(u"user"_s).isObject());
                if (!data.contains(u"user"_s))
                    ++strangersAbsent;
                else if (data.value(u"user"_s).isNull())
                    ++strangersNull;
            }
            const QJsonObject user = data.value(u"user"_s).toObject();
            if (!user.isEmpty()) {
                names.insert(user.value(u"name"_s).toString());
                if (user.value(u"user_id"_s).isString()) {
                    ++stringIds;
                    QVERIFY(user.contains(u"job_number"_s));
                    QVERIFY(user.contains(u"ic_number"_s));
                    QVERIFY(user.value(u"groups"_s).isArray());
                }
            }
        }
        QCOMPARE(statuses, (QSet<int> { 0, 1, 2, 3, 4, 5, 6 }));
        QCOMPARE(types, (QSet<int> { 1, 2, 3, 4, 5 }));
        QCOMPARE(modes, (QSet<int> { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }));
        QCOMPARE(masks, (QSet<int> { 0, 1, 2 }));
        QVERIFY(strangersAbsent > 0);
        QVERIFY(strangersNull > 0);
        QVERIFY(withLiveness > 0 && withTemperature > 0 && withUuid > 0 && stringIds > 0);
        QVERIFY(passes > 0 && passes < 120);
        for (const QString &expected :
             { u"Анна Каренина"_s, u"Γιώργος Παπαδόπουλος"_s, u"王小明"_s, u"山田 花子"_s,
               u"김민준"_s, u"محمد عبد الله"_s, u"דוד כהן"_s, u"प्रिया शर्मा"_s, u"สมชาย ใจดี"_s,
               u"Zoë 😀 Ångström"_s, u"Smith, \"Bob\"\nJr."_s, u"=HYPERLINK(\"http://x\")"_s,
               u"+SUM(1,2)"_s, u"-2+3"_s, u"@cmd"_s, u"\tTabbed Name"_s, u"\rCarriage Return"_s })
            QVERIFY2(names.contains(expected), qPrintable(expected));
    }

    void generatorIsDeterministic()
    {
        const QString serial = EventGenerator::serialNumberFor(7, 3);
        EventGenerator a(serial, 7);
        EventGenerator b(serial, 7);
        EventGenerator other(serial, 8);
        bool differs = false;
        for (qint64 i = 0; i < 30; ++i) {
            QJsonObject x = a.nextEventData(1700000000000 + i * 1000);
            QJsonObject y = b.nextEventData(1700000000000 + i * 1000);
            QJsonObject z = other.nextEventData(1700000000000 + i * 1000);
            for (QJsonObject *o : { &x, &y, &z })
                o->remove(u"uuid"_s); // unique per event by design
            QCOMPARE(x, y);
            differs = differs || x != z;
        }
        QVERIFY(differs);
    }

    void siteMixIsMostlyPasses()
    {
        // Cycle gives every status equally often; Site mostly enrolled people passing, with
        // every kind of alert still turning up.
        EventGenerator generator(EventGenerator::serialNumberFor(3, 0), 3);
        generator.setMix(EventGenerator::Mix::Site);
        const EventParser parser;
        constexpr int Events = 2000;
        int passes = 0;
        QSet<int> statuses;
        for (int i = 0; i < Events; ++i) {
            const auto outcome = parser.parse(
                EventGenerator::frame(generator.nextEventData(1700000000000 + qint64(i) * 1000)));
            QVERIFY(outcome.event);
            passes += outcome.event->pass.value_or(false) ? 1 : 0;
            if (outcome.event->recognizeStatus)
                statuses.insert(*outcome.event->recognizeStatus);
        }
        QVERIFY2(passes > Events * 70 / 100, qPrintable(QString::number(passes)));
        QVERIFY2(passes < Events * 95 / 100, qPrintable(QString::number(passes)));
        for (int status = 0; status <= 6; ++status)
            QVERIFY2(statuses.contains(status), qPrintable(QString::number(status)));

        EventGenerator cycle(EventGenerator::serialNumberFor(3, 0), 3);
        int cyclePasses = 0;
        for (int i = 0; i < 700; ++i) {
            const auto outcome = parser.parse(
                EventGenerator::frame(cycle.nextEventData(1700000000000 + qint64(i) * 1000)));
            cyclePasses += outcome.event->pass.value_or(false) ? 1 : 0;
        }
        QVERIFY(cyclePasses < 700 * 60 / 100);
    }

    void fallbackKeysStayUnique()
    {
        // Many events in the same second: those without a uuid never share the client's
        // fallback de-duplication key.
        EventGenerator generator(EventGenerator::serialNumberFor(1, 0), 1);
        QSet<QString> keys;
        for (int i = 0; i < 200; ++i) {
            const QJsonObject data = generator.nextEventData(1700000000000);
            if (data.contains(u"uuid"_s))
                continue;
            const QJsonValue id = data.value(u"user"_s).toObject().value(u"user_id"_s);
            const QString key = QString::number(id.toInteger()) + u'/'
                + QString::number(data.value(u"recognizeStatus"_s).toInt());
            QVERIFY2(!keys.contains(key), qPrintable(key));
            keys.insert(key);
        }
    }

    void millisecondTimestamps()
    {
        EventGenerator generator(EventGenerator::serialNumberFor(1, 0), 1, true);
        QCOMPARE(generator.nextEventData(1700000000123).value(u"timestamp"_s).toInteger(),
                 1700000000123);
    }

    // frame() appends a snapshot as it is instead of passing it through the JSON writer; the
    // result must be the same JSON, for every kind of event and whatever `data` holds.
    void framesAreTheJsonOfTheirData()
    {
        EventGenerator generator(EventGenerator::serialNumberFor(5, 0), 5);
        QList<QJsonObject> objects;
        for (qint64 i = 0; i < 42; ++i)
            objects.append(generator.nextEventData(1700000000000 + i * 1000));
        // Not base64: quotes, a backslash and a line break must go through the JSON writer.
        QJsonObject awkward = objects.constFirst();
        awkward.insert(u"rgb_image"_s, QString(QString(2000, u'A') + u"\"\\\n\u00e9"_s));
        objects.append(awkward);
        objects.append(QJsonObject { { u"rgb_image"_s, QString(4000, u'B') } }); // nothing else
        objects.append(QJsonObject {}); // no snapshot at all
        for (const QJsonObject &data : std::as_const(objects)) {
            QJsonParseError error;
            const QJsonDocument document
                = QJsonDocument::fromJson(EventGenerator::frame(data), &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
            const QJsonObject expected { { u"type"_s, 0 }, { u"data"_s, data } };
            QCOMPARE(document.object(), expected);
        }
    }

    // Camera snapshots: 480×640 with a sensor's noise, 40–60 KB as a real camera's JPEGs are,
    // and as fast to generate as the drawings once each face is cached.
    void cameraSnapshots()
    {
        EventGenerator generator(EventGenerator::serialNumberFor(6, 0), 6);
        generator.setCameraSnapshots(true);
        QVERIFY(generator.cameraSnapshots());
        qint64 bytes = 0;
        const int events = 40;
        for (int i = 0; i < events; ++i) {
            const QJsonObject data = generator.nextEventData(1700000000000 + qint64 { i } * 1000);
            const auto jpeg
                = QByteArray::fromBase64Encoding(data.value(u"rgb_image"_s).toString().toLatin1(),
                                                 QByteArray::AbortOnBase64DecodingErrors);
            QVERIFY(jpeg);
            QImage image;
            QVERIFY(image.loadFromData(jpeg.decoded, "JPEG"));
            QCOMPARE(image.size(), EventGenerator::cameraSnapshotSize());
            bytes += jpeg.decoded.size();
        }
        const qint64 average = bytes / events;
        QVERIFY2(average >= 40'000 && average <= 60'000, qPrintable(QString::number(average)));
    }
};

QTEST_GUILESS_MAIN(TestDeviceSimulator)
#include "tst_devicesimulator.moc"
