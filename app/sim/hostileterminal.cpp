#include "hostileterminal.h"

#include "eventgenerator.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QTcpSocket>
#include <QTimer>
#include <QtEndian>

#include <array>

using namespace Qt::StringLiterals;

namespace {

// An upgrade request longer than this is not one; the connection is dropped.
constexpr qsizetype maxRequestBytes = qsizetype { 16 } * 1024;
// What the endless modes send at a time, and how much of it may wait in the socket.
constexpr qsizetype chunkBytes = qsizetype { 64 } * 1024;
constexpr qint64 maxQueuedBytes = 4 * chunkBytes;

constexpr int opText = 0x1;
constexpr int opContinuation = 0x0;

// The value of one header of a request head, without the name (case-insensitive), or empty.
QByteArray headerValue(const QByteArray &head, const QByteArray &name)
{
    const QList<QByteArray> lines = head.split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

HostileTerminal::HostileTerminal(Mode mode, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_garbage("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
    , m_generator(std::make_unique<EventGenerator>(u"PS71HOSTILE0001"_s, 7))
    // Whole seconds, one apart per event: every frame is a distinct event for the client.
    , m_nextTimestampMs(QDateTime::currentSecsSinceEpoch() * 1000)
{
    connect(&m_server, &QTcpServer::newConnection, this, &HostileTerminal::accept);
}

HostileTerminal::~HostileTerminal() = default;

void HostileTerminal::setHttpAnswer(const QByteArray &status, const QList<QByteArray> &headers)
{
    m_httpStatus = status;
    m_httpHeaders = headers;
}

void HostileTerminal::setCompleteFrames(int count)
{
    m_completeFrames = count;
}

void HostileTerminal::setResumeAfterMs(int ms)
{
    m_resumeAfterMs = ms;
}

void HostileTerminal::setGarbage(const QByteArray &bytes)
{
    m_garbage = bytes;
}

bool HostileTerminal::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl HostileTerminal::eventUrl() const
{
    return QUrl(u"ws://127.0.0.1:%1/v1/event/"_s.arg(port()));
}

QByteArray HostileTerminal::frame(int opcode, const QByteArray &payload, bool final)
{
    QByteArray out;
    out.append(char((final ? 0x80 : 0x00) | (opcode & 0x0f)));
    const auto size = quint64(payload.size());
    // Server frames are not masked (RFC 6455, section 5.1); the length takes 7, 16 or 64 bits.
    if (size < 126) {
        out.append(char(size));
    } else if (size <= 0xffff) {
        out.append(char(126));
        std::array<uchar, 2> length {};
        qToBigEndian(quint16(size), length.data());
        out.append(reinterpret_cast<const char *>(length.data()), qsizetype(length.size()));
    } else {
        out.append(char(127));
        std::array<uchar, 8> length {};
        qToBigEndian(size, length.data());
        out.append(reinterpret_cast<const char *>(length.data()), qsizetype(length.size()));
    }
    return out + payload;
}

QByteArray HostileTerminal::acceptKey(const QByteArray &clientKey)
{
    const QByteArray keyAndGuid = clientKey + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    return QCryptographicHash::hash(keyAndGuid, QCryptographicHash::Sha1).toBase64();
}

QByteArray HostileTerminal::nextEventFrame()
{
    QByteArray event = EventGenerator::frame(m_generator->nextEventData(m_nextTimestampMs));
    m_nextTimestampMs += 1000;
    return event;
}

void HostileTerminal::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        ++m_connections;
        socket->setParent(this);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::bytesWritten, this, [this, socket](qint64 bytes) {
            m_bytesSent += bytes;
            pump(socket);
        });
        // The request head until its blank line; once answered, whatever the client sends
        // (pings, a close frame) is read and ignored.
        auto request = std::make_shared<QByteArray>();
        auto answered = std::make_shared<bool>(false);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, request, answered] {
            if (*answered) {
                socket->readAll();
                return;
            }
            request->append(socket->readAll());
            if (!request->contains("\r\n\r\n")) {
                if (request->size() > maxRequestBytes)
                    socket->abort();
                return;
            }
            *answered = true;
            ++m_upgradeRequests;
            answer(socket, headerValue(*request, "Sec-WebSocket-Key"));
        });
        emit connectionAccepted();
    }
}

void HostileTerminal::answer(QTcpSocket *socket, const QByteArray &clientKey)
{
    const QByteArray switching = "HTTP/1.1 101 Switching Protocols\r\n"
                                 "Upgrade: websocket\r\n"
                                 "Connection: Upgrade\r\n"
                                 "Sec-WebSocket-Accept: "
        + acceptKey(clientKey) + "\r\n\r\n";

    switch (m_mode) {
    case Mode::NeverAnswer:
        return;
    case Mode::HttpStatus: {
        const QByteArray body = "not a WebSocket endpoint\n";
        QByteArray out = "HTTP/1.1 " + m_httpStatus + "\r\n";
        for (const QByteArray &header : std::as_const(m_httpHeaders))
            out += header + "\r\n";
        out += "Content-Type: text/plain\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\nConnection: close\r\n\r\n" + body;
        socket->write(out);
        socket->disconnectFromHost();
        return;
    }
    case Mode::Garbage:
        socket->write(m_garbage);
        return;
    case Mode::StallMidFrame: {
        QByteArray out = switching;
        for (int i = 0; i < m_completeFrames; ++i) {
            const QByteArray event = nextEventFrame();
            m_sentFrames.append(event);
            out += frame(opText, event);
        }
        // One more real event: its header announces all of it, but only half follows.
        const QByteArray event = nextEventFrame();
        const QByteArray whole = frame(opText, event);
        const qsizetype headerSize = whole.size() - event.size();
        const qsizetype cut = headerSize + event.size() / 2;
        out += whole.left(cut);
        socket->write(out);
        emit stalled();
        if (m_resumeAfterMs > 0) {
            QTimer::singleShot(m_resumeAfterMs, socket,
                               [this, socket, event, rest = whole.mid(cut)] {
                                   socket->write(rest);
                                   m_sentFrames.append(event);
                                   emit resumed();
                               });
        }
        return;
    }
    case Mode::EndlessHeader:
        socket->write("HTTP/1.1 101 Switching Protocols\r\n"
                      "Upgrade: websocket\r\n"
                      "X-Padding: ");
        socket->setProperty("endless", true);
        pump(socket);
        return;
    case Mode::EndlessMessage:
        socket->write(switching);
        // The start of a plausible event, then fragments of padding that never end.
        socket->write(
            frame(opText, R"({"type":0,"data":{"deviceSN":"PS71HOSTILE0001","x":")", false));
        socket->setProperty("endless", true);
        pump(socket);
        return;
    }
}

void HostileTerminal::pump(QTcpSocket *socket)
{
    if (!socket->property("endless").toBool() || socket->state() != QAbstractSocket::ConnectedState)
        return;
    static const QByteArray padding(chunkBytes, 'a');
    static const QByteArray fragment = frame(opContinuation, padding, false);
    while (socket->bytesToWrite() < maxQueuedBytes)
        socket->write(m_mode == Mode::EndlessHeader ? padding : fragment);
}
