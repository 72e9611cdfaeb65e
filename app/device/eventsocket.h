#pragma once

#include "tlstrust.h"

#include <QAbstractSocket>
#include <QByteArray>
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
        // The start of the device's answer to the upgrade request (at most MaxAnswerHead
        // bytes): the status line and headers that Qt 6.4 does not expose (Location,
        // Retry-After), or the bytes of something that is not HTTP at all.
        QByteArray answerHead;
        // The socket was aborted because the answer cannot become a valid one: it is not HTTP,
        // or its head did not end within HandshakeReadBufferBytes.
        bool answerNotHttp = false;
        bool answerTooLong = false;

        // Whether the answer begins like an HTTP response ("HTTP/"), as far as it goes.
        bool answerIsHttp() const;
        // The value of a header of the answer (case-insensitive name), empty when absent.
        QByteArray answerHeader(const QByteArray &name) const;
        // The first line of the answer without its line end (all of it when that is empty).
        QByteArray answerFirstLine() const;
    };

    // How much of the device's answer is kept in Status::answerHead.
    static constexpr qsizetype MaxAnswerHead = 2048;
    // How much of the answer to the upgrade request the socket buffers until the upgrade is
    // complete. QWebSocket waits for the blank line that ends the head and buffers whatever
    // comes until then, so a device that sends one endless header line would fill memory until
    // the handshake timeout. With the buffer full the socket stops reading, TCP holds the
    // device back, and the attempt ends (answerTooLong). After the upgrade the frame and
    // message size caps bound what is buffered.
    static constexpr qint64 HandshakeReadBufferBytes = qint64 { 64 } * 1024;
    // Once online, what the socket reads ahead of the events handed on. Bounded so that a
    // connection held back (see IngestBudget) leaves what it has not read in the kernel, where
    // TCP holds the device back, instead of in this process. Qt reads a frame only when all of
    // it is buffered: a frame larger than this grows the buffer to the message size cap until
    // it has been read (and only then).
    static constexpr qint64 StreamReadBufferBytes = qint64 { 256 } * 1024;

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

    // Printable text for bytes a device sent: ASCII as it is, anything else as \xNN, cut at
    // `maxChars` characters with an ellipsis.
    static QString printable(const QByteArray &bytes, qsizetype maxChars = 60);
};
