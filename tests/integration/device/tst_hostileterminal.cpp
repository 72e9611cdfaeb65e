// DeviceConnection against terminals that are broken or hostile at the protocol level
// (sim/hostileterminal.h): an upgrade that is never answered, answered with an HTTP error, a
// redirect or bytes that are not HTTP, an answer that never ends, a frame stalled half-way and
// a message that never ends. In every case the connection says per device what happened,
// retries with back-off without spinning, keeps the event loop responsive and its memory
// bounded, and delivers every good event exactly once.

#include "../../common/connectionobserver.h"
#include "device/deviceconfig.h"
#include "device/deviceconnection.h"
#include "device/eventsocket.h"
#include "event/eventparser.h"
#include "sim/hostileterminal.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MiB = qint64 { 1024 } * 1024;

// What the process may grow by beyond what the client holds: under AddressSanitizer (the asan
// preset), freed memory waits in a quarantine of up to 256 MiB before it is reused, so that a
// use after free is caught; the process's growth then says little about what the client keeps.
#if defined(__SANITIZE_ADDRESS__)
constexpr qint64 AllocatorSlack = 256 * MiB;
#else
constexpr qint64 AllocatorSlack = 0;
#endif

// Short timers; the back-off without jitter, so that its bound is exact.
DeviceConfig fastConfig(const QUrl &url)
{
    DeviceConfig config;
    config.name = u"gate 1"_s;
    config.url = url;
    config.heartbeatSeconds = 10;
    config.backoff.initialMs = 100;
    config.backoff.factor = 2.0;
    config.backoff.jitter = 0.0;
    config.backoff.maxMs = 800;
    config.handshakeTimeoutMs = 5000;
    config.requestTimeoutMs = 5000;
    return config;
}

// The longest the event loop went without running a 10 ms timer, and the largest resident set
// seen, sampled on each tick. Both are of this process, which holds the hostile terminal too.
class LoopProbe final : public QObject
{
    Q_OBJECT

public:
    LoopProbe()
        : baselineRssBytes(residentBytes())
        , maxRssBytes(baselineRssBytes)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            maxGapMs = std::max(maxGapMs, m_sinceTick.restart());
            maxRssBytes = std::max(maxRssBytes, residentBytes());
        });
        m_sinceTick.start();
        m_timer.start(10);
    }

    static qint64 residentBytes()
    {
        QFile statm(u"/proc/self/statm"_s);
        if (!statm.open(QIODevice::ReadOnly))
            qFatal("cannot read /proc/self/statm");
        const QList<QByteArray> fields = statm.readAll().split(' ');
        return fields.value(1).toLongLong() * sysconf(_SC_PAGESIZE);
    }

    qint64 growthBytes() const { return maxRssBytes - baselineRssBytes; }

    qint64 maxGapMs = 0;
    qint64 baselineRssBytes = 0;
    qint64 maxRssBytes = 0;

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
};

// A loaded machine may delay a timer; it never runs one early by more than a coarse timer's
// 5 %. So each attempt began no sooner than the one before plus how long that one lasted at
// least (`attemptMs`: a handshake timeout) plus its back-off delay (at least `minimumDelayMs`,
// a device's Retry-After): a connection that spins fails this, and the gaps show the delay
// growing.
void verifyBackoff(const QList<qint64> &attemptStarts, const BackoffPolicy &policy,
                   qint64 attemptMs = 0, qint64 minimumDelayMs = 0)
{
    QVERIFY2(attemptStarts.size() >= 3, "fewer than three attempts");
    for (qsizetype i = 1; i < attemptStarts.size(); ++i) {
        const qint64 delay = std::max<qint64>(policy.delayMs(int(i - 1), 0.5), minimumDelayMs);
        const qint64 least = attemptMs + delay * 95 / 100;
        const qint64 gap = attemptStarts.at(i) - attemptStarts.at(i - 1);
        QVERIFY2(gap >= least,
                 qPrintable(u"attempt %1 came %2 ms after the one before; it should wait %3 ms"_s
                                .arg(i + 1)
                                .arg(gap)
                                .arg(least)));
    }
}

} // namespace

class TestHostileTerminal final : public QObject
{
    Q_OBJECT

private slots:
    void acceptKey();
    void neverAnswers();
    void answersWithHttpStatus_data();
    void answersWithHttpStatus();
    void answersWithGarbage_data();
    void answersWithGarbage();
    void endlessHeaderLineIsNotBuffered();
    void stallMidFrame_data();
    void stallMidFrame();
    void endlessMessageIsCut();
};

void TestHostileTerminal::acceptKey()
{
    // The example of RFC 6455, section 1.3.
    QCOMPARE(HostileTerminal::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="),
             QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    QCOMPARE(HostileTerminal::frame(0x1, "abc"),
             QByteArray("\x81\x03"
                        "abc"));
    QCOMPARE(HostileTerminal::frame(0x1, QByteArray(300, 'x')).left(4),
             QByteArray("\x81\x7e\x01\x2c"));
    QCOMPARE(HostileTerminal::frame(0x0, QByteArray(70000, 'x'), false).left(10),
             QByteArray::fromHex("007f0000000000011170"));
}

void TestHostileTerminal::neverAnswers()
{
    HostileTerminal terminal(HostileTerminal::Mode::NeverAnswer);
    QVERIFY(terminal.listen());
    DeviceConfig config = fastConfig(terminal.eventUrl());
    config.handshakeTimeoutMs = 300;
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    LoopProbe probe;
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().reconnects >= 4, 20000);
    connection.stop();
    QCOMPARE(connection.lastError(),
             u"no WebSocket handshake with 127.0.0.1:%1 within 0.3 s: the device accepted the "
             "connection but never answered the upgrade request"_s.arg(terminal.port()));
    QVERIFY(observer.details.contains(connection.lastError() + u"; retrying in 1 s"_s));
    QCOMPARE(observer.count(ConnectionState::Online), 0);
    QCOMPARE(observer.count(ConnectionState::Failed), 0); // time may help: not fatal
    // Each attempt waited for the handshake and then for its back-off.
    verifyBackoff(observer.attemptStarts, config.backoff, config.handshakeTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(terminal.upgradeRequestCount(), observer.attemptStarts.size(), 5000);
    QCOMPARE(connection.counters().rejected, 0u);
    QVERIFY2(probe.maxGapMs < 1500, qPrintable(QString::number(probe.maxGapMs)));
}

void TestHostileTerminal::answersWithHttpStatus_data()
{
    QTest::addColumn<QByteArray>("status");
    QTest::addColumn<QList<QByteArray>>("headers");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("minimumDelayMs"); // what the device asked for

    const QString noFollow = u", and GateWatch does not follow redirects; if that is the device's "
                             "address, enter it instead"_s;
    QTest::newRow("404") << QByteArray("404 Not Found") << QList<QByteArray>()
                         << u"WebSocket handshake failed: HTTP 404 Not Found"_s << 0;
    QTest::newRow("500") << QByteArray("500 Internal Server Error") << QList<QByteArray>()
                         << u"WebSocket handshake failed: HTTP 500 Internal Server Error"_s << 0;
    QTest::newRow("503, Retry-After")
        << QByteArray("503 Service Unavailable") << QList<QByteArray> { "Retry-After: 1" }
        << u"WebSocket handshake failed: HTTP 503 Service "
           "Unavailable; the device asks to be retried after 1 s"_s
        << 1000;
    QTest::newRow("503, no Retry-After")
        << QByteArray("503 Service Unavailable") << QList<QByteArray>()
        << u"WebSocket handshake failed: HTTP 503 Service Unavailable"_s << 0;
    QTest::newRow("301") << QByteArray("301 Moved Permanently")
                         << QList<QByteArray> { "Location: wss://10.0.0.99:8443/v1/event/" }
                         << u"WebSocket handshake failed: HTTP 301 Moved Permanently: the device "
                            "redirects to wss://10.0.0.99:8443/v1/event/"_s
            + noFollow << 0;
    QTest::newRow("302") << QByteArray("302 Found")
                         << QList<QByteArray> { "Location: http://portal.example/login" }
                         << u"WebSocket handshake failed: HTTP 302 Found: the device redirects to "
                            "http://portal.example/login"_s
            + noFollow << 0;
    QTest::newRow("307") << QByteArray("307 Temporary Redirect")
                         << QList<QByteArray> { "Location: /v2/event/" }
                         << u"WebSocket handshake failed: HTTP 307 Temporary Redirect: the device "
                            "redirects to /v2/event/"_s
            + noFollow << 0;
    QTest::newRow("308") << QByteArray("308 Permanent Redirect")
                         << QList<QByteArray> { "Server: gate",
                                                "location: ws://10.0.0.7/v1/event/" }
                         << u"WebSocket handshake failed: HTTP 308 Permanent Redirect: the device "
                            "redirects to ws://10.0.0.7/v1/event/"_s
            + noFollow << 0;
    QTest::newRow("302 without Location")
        << QByteArray("302 Found") << QList<QByteArray>()
        << u"WebSocket handshake failed: HTTP 302 Found: the device redirects elsewhere without "
           "saying where (no Location), and GateWatch does not follow redirects"_s
        << 0;
}

void TestHostileTerminal::answersWithHttpStatus()
{
    QFETCH(QByteArray, status);
    QFETCH(QList<QByteArray>, headers);
    QFETCH(QString, error);
    QFETCH(int, minimumDelayMs);

    HostileTerminal terminal(HostileTerminal::Mode::HttpStatus);
    terminal.setHttpAnswer(status, headers);
    QVERIFY(terminal.listen());
    DeviceConfig config = fastConfig(terminal.eventUrl());
    // Room for a Retry-After of 1 s: what a device asks for is honoured up to the maximum.
    config.backoff.maxMs = 2000;
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    LoopProbe probe;
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().reconnects >= 3, 20000);
    connection.stop();
    QCOMPARE(connection.lastError(), error);
    QCOMPARE(observer.count(ConnectionState::Online), 0);
    QCOMPARE(observer.count(ConnectionState::Failed), 0);
    verifyBackoff(observer.attemptStarts, config.backoff, 0, minimumDelayMs);
    // Every attempt reached the terminal once: none was hidden, none spun.
    QTRY_COMPARE_WITH_TIMEOUT(terminal.upgradeRequestCount(), observer.attemptStarts.size(), 5000);
    QVERIFY(observer.events.isEmpty());
    QVERIFY2(probe.maxGapMs < 1500, qPrintable(QString::number(probe.maxGapMs)));
}

void TestHostileTerminal::answersWithGarbage_data()
{
    QTest::addColumn<QByteArray>("garbage");
    QTest::addColumn<QString>("sent");

    QTest::newRow("another service")
        << QByteArray("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n") << u"SSH-2.0-OpenSSH_9.2p1 Debian-2"_s;
    QTest::newRow("binary") << QByteArray::fromHex("16030100ff00c0de0d0a")
                            << u"\\x16\\x03\\x01\\x00\\xff\\x00\\xc0\\xde"_s;
    QTest::newRow("no line end") << QByteArray("\x7f"
                                               "ELF garbage")
                                 << u"\\x7fELF garbage"_s;
    QTest::newRow("almost HTTP") << QByteArray("HTTP 200 OK\r\n\r\n") << u"HTTP 200 OK"_s;
}

void TestHostileTerminal::answersWithGarbage()
{
    QFETCH(QByteArray, garbage);
    QFETCH(QString, sent);

    HostileTerminal terminal(HostileTerminal::Mode::Garbage);
    terminal.setGarbage(garbage);
    QVERIFY(terminal.listen());
    DeviceConfig config = fastConfig(terminal.eventUrl());
    // The answer is refused as soon as it cannot be HTTP; the attempts here would take minutes
    // if they waited for the handshake timeout.
    config.handshakeTimeoutMs = 60000;
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    LoopProbe probe;
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().reconnects >= 3, 20000);
    connection.stop();
    QCOMPARE(
        connection.lastError(),
        u"WebSocket handshake failed: the device did not answer with HTTP (it sent \"%1\")"_s.arg(
            sent));
    QCOMPARE(observer.count(ConnectionState::Online), 0);
    QCOMPARE(observer.count(ConnectionState::Failed), 0);
    verifyBackoff(observer.attemptStarts, config.backoff);
    QTRY_COMPARE_WITH_TIMEOUT(terminal.upgradeRequestCount(), observer.attemptStarts.size(), 5000);
    QVERIFY2(probe.maxGapMs < 1500, qPrintable(QString::number(probe.maxGapMs)));
}

void TestHostileTerminal::endlessHeaderLineIsNotBuffered()
{
    // "HTTP/1.1 101 …", then a header line that never ends, as fast as the client reads it.
    HostileTerminal terminal(HostileTerminal::Mode::EndlessHeader);
    QVERIFY(terminal.listen());
    DeviceConfig config = fastConfig(terminal.eventUrl());
    config.handshakeTimeoutMs = 60000; // not what ends the attempts
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    LoopProbe probe;
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().reconnects >= 3, 20000);
    connection.stop();
    QCOMPARE(connection.lastError(),
             u"WebSocket handshake failed: the device's answer to the upgrade request did not end "
             "within 64 KiB (it began \"HTTP/1.1 101 Switching Protocols\")"_s);
    verifyBackoff(observer.attemptStarts, config.backoff);
    const qint64 perAttempt = terminal.bytesSent() / terminal.connectionCount();
    qInfo("%d attempts, %lld bytes taken by the client in each; the process grew by %lld bytes",
          terminal.connectionCount(), perAttempt, probe.growthBytes());
    // The client reads the head up to its 64 KiB buffer and gives up there. (Qt 6.4 by itself
    // takes about 1.5 MB before it says "Header is too large".)
    QVERIFY2(perAttempt < 1 * MiB, qPrintable(QString::number(perAttempt)));
    QVERIFY2(probe.growthBytes() < 32 * MiB + AllocatorSlack,
             qPrintable(QString::number(probe.growthBytes())));
    QVERIFY2(probe.maxGapMs < 1500, qPrintable(QString::number(probe.maxGapMs)));
}

void TestHostileTerminal::stallMidFrame_data()
{
    QTest::addColumn<int>("heartbeatSeconds");
    QTest::addColumn<QString>("detail"); // how the connection ended, and the retry
    QTest::addColumn<bool>("counted"); // the half frame counts as rejected

    // The heartbeat finds the silence: nothing for 2 N = 2 s after the last frame, not even a
    // pong.
    QTest::newRow("heartbeat 1 s") << 1 << u"no answer for 2 s; retrying in "_s << false;
    // The default heartbeat is slower than Qt's own reader, which gives up on a frame that
    // stays incomplete for 5 s and closes the socket itself.
    QTest::newRow("heartbeat 10 s")
        << 10
        << u"the device stopped sending in the middle of a frame (close code 1001: Timeout when "
           "reading data from socket.); retrying in "_s
        << true;
}

void TestHostileTerminal::stallMidFrame()
{
    QFETCH(int, heartbeatSeconds);
    QFETCH(QString, detail);
    QFETCH(bool, counted);

    HostileTerminal terminal(HostileTerminal::Mode::StallMidFrame);
    terminal.setCompleteFrames(3);
    QVERIFY(terminal.listen());
    QSignalSpy stalled(&terminal, &HostileTerminal::stalled);
    DeviceConfig config = fastConfig(terminal.eventUrl());
    config.heartbeatSeconds = heartbeatSeconds;
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    LoopProbe probe;
    connection.start();

    QTRY_COMPARE_WITH_TIMEOUT(observer.events.size(), 3, 10000);
    QCOMPARE(stalled.size(), 1);
    QCOMPARE(connection.state(), ConnectionState::Online);

    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().reconnects >= 1, 5000 + 5000);
    // (lastError() is cleared again once the retry is online.)
    const auto ended = std::find_if(observer.details.cbegin(), observer.details.cend(),
                                    [](const QString &d) { return d.contains(u"retrying"_s); });
    QVERIFY(ended != observer.details.cend());
    QVERIFY2(ended->startsWith(detail), qPrintable(*ended));
    QCOMPARE(observer.attemptStarts.size(), 2);
    const qint64 silence = observer.attemptStarts.at(1) - observer.eventTimes.at(2);
    QVERIFY2(silence >= std::min(2000 * heartbeatSeconds, 4000),
             qPrintable(QString::number(silence)));

    // The next connection delivers its own complete frames, then stalls again.
    QTRY_COMPARE_WITH_TIMEOUT(observer.events.size(), 6, 10000);
    connection.stop();
    QCOMPARE(stalled.size(), 2);
    QCOMPARE(terminal.connectionCount(), 2);
    compareExactlyOnce(observer.events, terminal.sentFrames(), u"gate 1"_s);
    // The half frame never became an event; it counts as rejected when it is known to be the
    // reason the connection ended.
    const ConnectionCounters counters = connection.counters();
    QCOMPARE(counters.received, 6u);
    QCOMPARE(counters.rejected, counted ? 1u : 0u);
    QCOMPARE(observer.rejections.size(), counted ? 1 : 0);
    if (counted)
        QCOMPARE(counters.lastRejectReason,
                 u"incomplete frame: the device stopped sending in the middle of it; connection "
                 "closed"_s);
    QCOMPARE(observer.count(ConnectionState::Online), 2);
    QVERIFY2(probe.maxGapMs < 1500, qPrintable(QString::number(probe.maxGapMs)));
}

void TestHostileTerminal::endlessMessageIsCut()
{
    // After the upgrade: one text message whose fragments never end.
    HostileTerminal terminal(HostileTerminal::Mode::EndlessMessage);
    QVERIFY(terminal.listen());
    DeviceConfig config = fastConfig(terminal.eventUrl());
    config.maxIncomingMessageBytes = 4 * MiB;
    DeviceConnection connection(config);
    ConnectionObserver observer(&connection);
    LoopProbe probe;
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().rejected >= 2, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(connection.counters().reconnects >= 2, 20000);
    connection.stop();
    const ConnectionCounters counters = connection.counters();
    QCOMPARE(counters.lastRejectReason,
             u"message larger than the 4194304-byte limit; connection closed"_s);
    // Each disconnection said why (lastError() is cleared again once the next attempt is online).
    const auto cut = [](const QString &detail) {
        return detail.startsWith(u"message larger than the 4194304-byte limit (close code 1009)"_s);
    };
    QVERIFY2(std::count_if(observer.details.cbegin(), observer.details.cend(), cut) >= 2,
             qPrintable(observer.details.join(u" | "_s)));
    QCOMPARE(counters.received, 0u);
    QVERIFY(observer.events.isEmpty());
    QVERIFY(observer.count(ConnectionState::Online) >= 2);
    // Each connection took about the cap before it was cut.
    const qint64 perConnection = terminal.bytesSent() / terminal.connectionCount();
    qInfo("%d connections, %lld bytes each on average; the process grew by %lld bytes",
          terminal.connectionCount(), perConnection, probe.growthBytes());
    QVERIFY2(perConnection < config.maxIncomingMessageBytes + 16 * MiB,
             qPrintable(QString::number(perConnection)));
    QVERIFY2(probe.growthBytes() < 64 * MiB + AllocatorSlack,
             qPrintable(QString::number(probe.growthBytes())));
    QVERIFY2(probe.maxGapMs < 1500, qPrintable(QString::number(probe.maxGapMs)));
}

QTEST_GUILESS_MAIN(TestHostileTerminal)
#include "tst_hostileterminal.moc"
