#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

#include <memory>

class EventGenerator;
class QTcpSocket;

// A broken or hostile terminal for tests of the client's defences: a raw TCP server on
// 127.0.0.1 that reads the WebSocket upgrade request like the real device's port would, and then
// misbehaves in one chosen way. Everything is written by hand (no QWebSocketServer), so that it
// can break the protocol where a real server library never would.
class HostileTerminal final : public QObject
{
    Q_OBJECT

public:
    enum class Mode {
        // Accepts the connection, reads the upgrade request and never answers it.
        NeverAnswer,
        // Answers the upgrade with an HTTP status line and headers (setHttpAnswer()) and closes:
        // 404, 500, 503 with Retry-After, a 301/302/307/308 redirect with a Location...
        HttpStatus,
        // Completes the upgrade, sends setCompleteFrames() valid event frames, then the header of
        // one more frame and only half of its payload, then nothing at all: it keeps reading
        // (pings included) but never answers. With setResumeAfterMs(), the rest of the frame
        // follows after that pause instead (a slow link), and then nothing more.
        StallMidFrame,
        // Answers the upgrade with bytes that are not HTTP (setGarbage()).
        Garbage,
        // Starts a 101 answer, then sends one header line that never ends, as fast as the client
        // takes it.
        EndlessHeader,
        // Completes the upgrade, then sends one text message whose fragments never end, as fast
        // as the client takes them.
        EndlessMessage,
    };
    Q_ENUM(Mode)

    explicit HostileTerminal(Mode mode, QObject *parent = nullptr);
    ~HostileTerminal() override;

    // HttpStatus: the status ("404 Not Found") and header lines ("Location: ws://…") of the
    // answer. The default is "404 Not Found" without extra headers.
    void setHttpAnswer(const QByteArray &status, const QList<QByteArray> &headers = {});
    // StallMidFrame: how many complete event frames come before the stalled one (default 3).
    void setCompleteFrames(int count);
    // StallMidFrame: after how many milliseconds the rest of the stalled frame follows; 0 (the
    // default) for never.
    void setResumeAfterMs(int ms);
    // Garbage: the bytes sent instead of an HTTP answer (default: an SSH banner, as when the
    // address points at another service).
    void setGarbage(const QByteArray &bytes);

    // Listens on an ephemeral port of 127.0.0.1.
    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    // ws://127.0.0.1:PORT/v1/event/
    QUrl eventUrl() const;

    // TCP connections accepted so far (each attempt of a client is one).
    int connectionCount() const { return m_connections; }
    // Upgrade requests read completely so far.
    int upgradeRequestCount() const { return m_upgradeRequests; }
    // StallMidFrame: every complete event frame sent, in order, over all connections (a
    // resumed frame once its rest is out). Each is a distinct event (its own timestamp).
    QList<QByteArray> sentFrames() const { return m_sentFrames; }
    // Bytes the clients have taken so far (written to the kernel), all connections together.
    qint64 bytesSent() const { return m_bytesSent; }

    // A server frame (unmasked, FIN set unless `final` is false) with that opcode and payload.
    static QByteArray frame(int opcode, const QByteArray &payload, bool final = true);
    // Sec-WebSocket-Accept for a client's Sec-WebSocket-Key (RFC 6455, section 4.2.2).
    static QByteArray acceptKey(const QByteArray &clientKey);

signals:
    void connectionAccepted();
    // StallMidFrame: the half frame is out; from now on the connection stays silent (until it
    // resumes, see setResumeAfterMs()).
    void stalled();
    // StallMidFrame with setResumeAfterMs(): the rest of the stalled frame is out.
    void resumed();

private:
    void accept();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const QByteArray &clientKey);
    // EndlessHeader / EndlessMessage: keeps at most a few chunks queued in the socket, topped
    // up as the client takes them, so that only the client's side can grow.
    void pump(QTcpSocket *socket);
    QByteArray nextEventFrame();

    Mode m_mode;
    QTcpServer m_server;
    QByteArray m_httpStatus = "404 Not Found";
    QList<QByteArray> m_httpHeaders;
    int m_completeFrames = 3;
    int m_resumeAfterMs = 0;
    QByteArray m_garbage;
    std::unique_ptr<EventGenerator> m_generator;
    qint64 m_nextTimestampMs = 0;

    int m_connections = 0;
    int m_upgradeRequests = 0;
    QList<QByteArray> m_sentFrames;
    qint64 m_bytesSent = 0;
};
