#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>

#include <functional>

class DeviceConfig;
class QNetworkReply;
class QObject;
class QWebSocket;

// Decides whether a device's TLS certificate is trusted: the system store plus extra CA
// certificates, or an operator-confirmed SHA-256 pin of the device's own certificate. TLS
// errors are only ever ignored one by one (the exact list Qt reported, for a pinned
// certificate), never wholesale. The same rules serve the event WebSocket and REST replies.
class TlsTrust final
{
    Q_DECLARE_TR_FUNCTIONS(TlsTrust)

public:
    // Why a certificate was refused, for whoever offers the operator a way out.
    enum class Refusal {
        None, // accepted
        NoCertificate, // the server presented none
        // Neither trusted (system store, extra CAs) nor pinned, and the device has no pins:
        // trust on first use can pin it.
        Untrusted,
        // The device has pins and presented a certificate that is none of them: refused until
        // an operator pins the new one explicitly.
        Changed,
    };

    struct Verdict final
    {
        bool accepted = false;
        // Accepted: exactly the errors to ignore, for the overload that takes a list (possibly
        // none).
        QList<QSslError> errorsToIgnore;
        // Refused: why, in words, with the presented certificate's fingerprint and what to do.
        QString reason;
        Refusal refusal = Refusal::None;
        // The device's own certificate as judged (null when it presented none; also set when
        // accepted) and the errors Qt reported for it (none once the session is established).
        QSslCertificate certificate;
        QList<QSslError> errors;
    };

    // Called with the refusing verdict.
    using RefusedCallback = std::function<void(const Verdict &verdict)>;

    // The system store alone, no pins.
    TlsTrust()
        : TlsTrust({}, {})
    { }
    TlsTrust(const QList<QByteArray> &pinnedSha256, const QList<QSslCertificate> &extraCas);
    static TlsTrust fromConfig(const DeviceConfig &config);

    bool hasPins() const { return !m_pins.isEmpty(); }
    bool isPinned(const QSslCertificate &certificate) const;

    // TLS 1.2 or later, peer verification on. Without pins: the system CA store plus the extra
    // CAs. With pins: no CA at all, see the .cpp for why.
    QSslConfiguration sslConfiguration() const { return m_configuration; }

    // On sslErrors: accept the exact errors for a pinned certificate, refuse anything else.
    Verdict judgeErrors(const QSslCertificate &peer, const QList<QSslError> &errors) const;
    // Once the session is encrypted: with pins, the certificate must be one of them whatever
    // the chain says.
    Verdict judgeEstablished(const QSslCertificate &peer) const;

    // Wires the rules into a socket right after QWebSocket::open() (before the event loop runs
    // the handshake). onRefused is called once with the verdict when the certificate is refused;
    // the socket is then aborted (or fails the handshake by itself). context scopes the
    // connections.
    void attach(QWebSocket *socket, QObject *context, const RefusedCallback &onRefused) const;
    // The same for a REST reply, right after QNetworkAccessManager returned it.
    void attach(QNetworkReply *reply, QObject *context, const RefusedCallback &onRefused) const;

    static QByteArray sha256(const QSslCertificate &certificate);
    // "SHA-256 AB:…; subject CN=…; issuer CN=…; valid … to …" for messages.
    static QString describeCertificate(const QSslCertificate &certificate);
    // "CN=…, O=…" of the subject and of the issuer.
    static QString subjectName(const QSslCertificate &certificate);
    static QString issuerName(const QSslCertificate &certificate);

private:
    static Verdict refusal(const QString &headline, const QSslCertificate &peer,
                           const QList<QSslError> &errors, const QString &advice);

    QList<QByteArray> m_pins;
    QSslConfiguration m_configuration;
};
