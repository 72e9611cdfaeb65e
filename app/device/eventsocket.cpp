#include "eventsocket.h"

#include "deviceconfig.h"

#include <QMetaObject>
#include <QNetworkRequest>
#include <QObject>
#include <QSslSocket>
#include <QWebSocket>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Records the start of the device's answer to the upgrade request. QWebSocket reads the answer
// in its own readyRead slot, which runs before this one, and takes the whole head out of the
// socket once it is complete, so it is gone by now. The transaction started on connection keeps
// what QWebSocket read: rolled back, the answer is readable from its start again; then what
// QWebSocket took is skipped once more, and it finds the socket as it left it. The transaction
// ends with the head (at most MaxAnswerHead bytes of it).
void noteAnswer(EventSocket::Status *status, QAbstractSocket *transport)
{
    const qint64 unread = transport->bytesAvailable();
    transport->rollbackTransaction();
    const qint64 taken = transport->bytesAvailable() - unread;
    status->answerHead = transport->peek(EventSocket::MaxAnswerHead);
    if (!status->answerHead.contains("\r\n\r\n")
        && status->answerHead.size() < EventSocket::MaxAnswerHead)
        transport->startTransaction();
    transport->skip(taken);
}

} // namespace

bool EventSocket::Status::answerIsHttp() const
{
    // As far as it goes: the first bytes of "HTTP/".
    const QByteArray http = "HTTP/";
    return answerHead.startsWith(http) || http.startsWith(answerHead);
}

QByteArray EventSocket::Status::answerHeader(const QByteArray &name) const
{
    // The head ends at its blank line; a body (or the first frames) may follow.
    const qsizetype end = answerHead.indexOf("\r\n\r\n");
    const QList<QByteArray> lines = answerHead.left(end < 0 ? answerHead.size() : end).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

QByteArray EventSocket::Status::answerFirstLine() const
{
    const qsizetype end = answerHead.indexOf('\n');
    QByteArray line = end < 0 ? answerHead : answerHead.left(end);
    if (line.endsWith('\r'))
        line.chop(1);
    return line.isEmpty() ? answerHead : line;
}

QString EventSocket::printable(const QByteArray &bytes, qsizetype maxChars)
{
    QString text;
    for (const char c : bytes) {
        if (text.size() >= maxChars) {
            text += u'…';
            break;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f)
            text += QLatin1Char(c);
        else
            text += u"\\x"_s + QString::number(byte, 16).rightJustified(2, u'0');
    }
    return text;
}

QWebSocket *EventSocket::open(const DeviceConfig &config, const QString &token, QObject *owner,
                              Status *status, const Handlers &handlers)
{
    *status = {};

    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, owner);
    socket->setMaxAllowedIncomingMessageSize(quint64(config.maxIncomingMessageBytes));
    socket->setMaxAllowedIncomingFrameSize(quint64(config.maxIncomingMessageBytes));
    const TlsTrust trust = TlsTrust::fromConfig(config);
    if (config.isTls())
        socket->setSslConfiguration(trust.sslConfiguration());

    if (handlers.connectBeforeOpen)
        handlers.connectBeforeOpen(socket);
    QObject::connect(socket, &QWebSocket::aboutToClose, owner,
                     [status] { status->closeHandshake = true; });
    const auto queueEnd = [owner, socket, ended = handlers.ended] {
        // Queued: the error and the state change arrive in either order; both are recorded
        // by the time the owner looks at how the socket ended.
        QMetaObject::invokeMethod(
            owner, [socket, ended] { ended(socket); }, Qt::QueuedConnection);
    };
    QObject::connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), owner,
                     [status, queueEnd](QAbstractSocket::SocketError error) {
                         if (!status->hasError) {
                             status->hasError = true;
                             status->error = error;
                         }
                         queueEnd();
                     });
    QObject::connect(socket, &QWebSocket::disconnected, owner, queueEnd);

    QNetworkRequest request(config.url);
    if (config.hasCredentials() && !token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    socket->open(request);

    // Only now does the socket have its TCP/TLS child to watch.
    if (auto *transport
        = socket->findChild<QAbstractSocket *>(QString(), Qt::FindDirectChildrenOnly)) {
        QObject::connect(transport, &QAbstractSocket::connected, owner, [status, transport] {
            status->tcpConnected = true;
            // Before the upgrade request is even written: see noteAnswer().
            transport->startTransaction();
        });
        // Bounded until the upgrade is complete (see HandshakeReadBufferBytes), then by
        // StreamReadBufferBytes, grown while a larger frame comes in.
        transport->setReadBufferSize(HandshakeReadBufferBytes);
        const qint64 frameCap = std::max(StreamReadBufferBytes, config.maxIncomingMessageBytes);
        QObject::connect(socket, &QWebSocket::connected, transport, [transport, frameCap] {
            transport->setReadBufferSize(StreamReadBufferBytes);
            // Queued: runs after QWebSocket has read every whole frame out of the buffer. A
            // buffer still full then holds the start of a frame that does not fit.
            QObject::connect(
                transport, &QIODevice::readyRead, transport,
                [transport, frameCap] {
                    const qint64 size = transport->readBufferSize();
                    const qint64 buffered = transport->bytesAvailable();
                    if (size > 0 && buffered >= size && size < frameCap)
                        transport->setReadBufferSize(frameCap);
                    else if (size > StreamReadBufferBytes && buffered < StreamReadBufferBytes)
                        transport->setReadBufferSize(StreamReadBufferBytes);
                },
                Qt::QueuedConnection);
        });
        QObject::connect(transport, &QIODevice::readyRead, owner, [status, socket, transport] {
            // Not open: QWebSocket closed it in its own slot (a close frame right after the
            // upgrade, say).
            if (!transport->isOpen() || !transport->isTransactionStarted())
                return;
            noteAnswer(status, transport);
            // No use waiting for the handshake timeout when the answer cannot become a valid
            // one: it is not HTTP, or its head fills the whole buffer.
            if (!status->answerIsHttp()) {
                status->answerNotHttp = true;
                socket->abort();
            } else if (socket->state() == QAbstractSocket::ConnectingState
                       && transport->bytesAvailable() >= HandshakeReadBufferBytes) {
                status->answerTooLong = true;
                socket->abort();
            }
        });
        if (auto *tls = qobject_cast<QSslSocket *>(transport)) {
            QObject::connect(tls, &QSslSocket::encrypted, owner,
                             [status] { status->encrypted = true; });
        }
    }
    if (config.isTls()) {
        trust.attach(socket, owner,
                     [socket, refused = handlers.refused](const TlsTrust::Verdict &verdict) {
                         refused(socket, verdict);
                     });
    }
    return socket;
}

void EventSocket::disconnectFrom(QWebSocket *socket, QObject *owner)
{
    QObject::disconnect(socket, nullptr, owner, nullptr);
    if (auto *transport
        = socket->findChild<QAbstractSocket *>(QString(), Qt::FindDirectChildrenOnly))
        QObject::disconnect(transport, nullptr, owner, nullptr);
}

void EventSocket::drop(QWebSocket *socket, QObject *owner)
{
    disconnectFrom(socket, owner);
    socket->abort();
    socket->deleteLater();
}
