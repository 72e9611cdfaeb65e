#pragma once

#include "tlstrust.h"

#include <QAbstractSocket>
#include <QString>

#include <functional>

class DeviceConfig;
class QObject;
class QWebSocket;

// The WebSocket of a device's event stream, opened and dropped the one way DeviceConnection
// and ConnectionTest share, so that a connection test fails exactly where the real connection
// would: the same size caps, TLS trust rules, login token and record of how the socket ended.
class EventSocket final
{
public:
    // What the socket reported during one attempt, for telling how it ended.
    struct Status final
    {
        bool tcpConnected = false; // the TCP connection was accepted
        bool encrypted = false; // the TLS session was established
        // A close handshake began (aboutToClose): the device's close frame, or Qt closing the
        // socket itself over a message it refused.
        bool closeHandshake = false;
        bool hasError = false;
        // The first error: later ones are mostly consequences of it.
        QAbstractSocket::SocketError error = QAbstractSocket::UnknownSocketError;
    };

    struct Handlers final
    {
        // Optional: the owner's own connections that must come before open() and before the
        // TLS trust checks (slots of one signal run in the order they were connected).
        std::function<void(QWebSocket *socket)> connectBeforeOpen;
        // Queued after error() or disconnected(): they arrive in either order, and both are in
        // the status by the time this runs. Runs once for each of them.
        std::function<void(QWebSocket *socket)> ended;
        // TLS only: the device's certificate was refused (see TlsTrust::attach()); the socket
        // is aborted.
        std::function<void(QWebSocket *socket, const TlsTrust::Verdict &verdict)> refused;
    };

    // Creates the socket as a child of `owner` and opens it at config.url, with the bearer
    // token when the device has credentials and the token is not empty. `*status` is reset and
    // then kept up to date; it must live as long as `owner` (a member of it). Every connection
    // has `owner` as its context, so that drop() can undo them.
    static QWebSocket *open(const DeviceConfig &config, const QString &token, QObject *owner,
                            Status *status, const Handlers &handlers);

    // Undoes every connection of the socket and of its transport to `owner`: nothing it
    // reports from now on reaches the owner.
    static void disconnectFrom(QWebSocket *socket, QObject *owner);
    // disconnectFrom(), then aborts the socket and deletes it later (it may be the sender of
    // the signal being handled).
    static void drop(QWebSocket *socket, QObject *owner);
};
