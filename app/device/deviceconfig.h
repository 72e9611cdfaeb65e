#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <optional>

// How quickly a connection that failed is tried again: initialMs × factor^failures, with
// ±jitter spread so that many devices behind one failed switch do not reconnect in lockstep,
// capped at maxMs.
struct BackoffPolicy final
{
    int initialMs = 1000;
    double factor = 1.6;
    double jitter = 0.2;
    int maxMs = 60000;
    // A connection that stayed online this long counts as healthy again: the next failure
    // starts over at initialMs instead of continuing the previous escalation.
    int resetAfterOnlineMs = 30000;

    // The delay before the attempt that follows `failures` consecutive failures (0 for the
    // first retry). unitRandom in [0, 1) picks the jitter; 0.5 means none.
    int delayMs(int failures, double unitRandom) const;

    bool operator==(const BackoffPolicy &) const = default;
};

// Everything needed to reach one terminal: where, how to trust it, how to log in and how to
// watch the connection. A plain value; DeviceConnection takes a copy.
class DeviceConfig final
{
    Q_DECLARE_TR_FUNCTIONS(DeviceConfig)

public:
    static constexpr qint64 DefaultMaxIncomingMessageBytes = qint64 { 8 } * 1024 * 1024;

    // What the operator calls the device; shown in the UI and stored with each event.
    QString name;
    // ws:// or wss://HOST:PORT/v1/event/
    QUrl url;
    // Raw 32-byte SHA-256 digests of DER certificates the operator confirmed.
    QList<QByteArray> pinnedSha256;
    // Trusted in addition to the system store (a site CA that signed the devices' certs).
    QList<QSslCertificate> caCertificates;
    // Empty username: the device is used without logging in.
    QString username;
    QString password;
    int heartbeatSeconds = 10;
    qint64 maxIncomingMessageBytes = DefaultMaxIncomingMessageBytes;
    BackoffPolicy backoff;
    // Validity asked for the login token (the device allows 1..1440 minutes).
    int loginValidMinutes = 60;
    // When the token is renewed, counted from the login; 0: at 80 % of its validity.
    qint64 tokenRenewalMs = 0;
    // TCP + TLS + WebSocket upgrade must complete within this.
    int handshakeTimeoutMs = 15000;
    // Transfer timeout of each REST call (login, device info...).
    int requestTimeoutMs = 15000;
    // Back-fill (events missed while disconnected, fetched from the device's history; needs
    // credentials): how long a connection must have stayed online before it starts, so that a
    // device that accepts the upgrade and closes at once (no free subscriber slot) is not
    // asked every time; and how long after a failed back-fill it is tried again while the
    // connection stays online.
    int backfillDelayMs = 1000;
    int backfillRetryMs = 60000;

    bool isTls() const { return url.scheme() == QLatin1String("wss"); }
    bool hasCredentials() const { return !username.isEmpty(); }

    // http(s)://HOST:PORT of the device's REST API, derived from the event URL (wss → https,
    // ws → http, same host and port, no path). Invalid when the event URL is.
    QUrl restBaseUrl() const;

    // Accepts "ws://host:port[/path]" or "wss://…"; an empty path (or "/") becomes
    // /v1/event/. Anything else gives nullopt and a one-line reason in *error.
    static std::optional<QUrl> parseEventUrl(const QString &text, QString *error = nullptr);

    // A SHA-256 certificate fingerprint typed by an operator: hex, with or without colons or
    // spaces, any case, exactly 32 bytes. Returns the raw digest.
    static std::optional<QByteArray> parseFingerprint(const QString &text,
                                                      QString *error = nullptr);
    // "AB:CD:…" (upper case, colons), the form shown to operators.
    static QString formatFingerprint(const QByteArray &digest);

    // All certificates in a PEM file (a CA bundle may hold several). Fails with a reason when
    // the file cannot be read or holds no certificate.
    static std::optional<QList<QSslCertificate>> loadCaCertificates(const QString &pemPath,
                                                                    QString *error = nullptr);

    bool operator==(const DeviceConfig &) const = default;
};
