#include "eventsocket.h"

#include "deviceconfig.h"

#include <QMetaObject>
#include <QNetworkRequest>
#include <QObject>
#include <QSslSocket>
#include <QWebSocket>

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
        QObject::connect(transport, &QAbstractSocket::connected, owner,
                         [status] { status->tcpConnected = true; });
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
