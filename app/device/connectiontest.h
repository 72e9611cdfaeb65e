#pragma once

#include "deviceconfig.h"
#include "eventsocket.h"
#include "tlstrust.h"

#include <QAbstractSocket>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QString>
#include <QTimer>

#include <optional>

class DeviceRestClient;
class QHostInfo;
class QWebSocket;
struct RestResult;

// What one connection test found, in words for the operator and in fields for the dialog.
struct ConnectionTestResult final
{
    enum class Outcome {
        Connected, // everything worked, the device information is filled in
        InvalidSettings, // no usable address: nothing was tried
        HostNotFound,
        Refused, // nothing accepts connections on that port
        Timeout, // no answer within the handshake or request timeout
        NetworkError, // any other failure to reach the device
        CertificateUntrusted, // no pin yet and no CA vouches for it: `certificate` can be pinned
        CertificateChanged, // pinned, but the device presented another certificate
        TlsFailed, // the TLS handshake failed for a reason other than trust
        LoginFailed, // credentials refused, or the device wants credentials and has none
        HandshakeFailed, // the WebSocket upgrade was answered with something else
        SubscriptionRefused, // the device accepted the upgrade, then closed (too many clients...)
        DeviceInfoFailed, // the event stream works, but GET /v1/device/info did not
    };

    Outcome outcome = Outcome::InvalidSettings;
    // One translated line: what happened.
    QString summary;
    // More translated lines: the certificate (fingerprint, subject, issuer, validity, TLS
    // errors), the HTTP status, what was reached on the way.
    QString details;
    // What the device presented over TLS: on a certificate problem, the one to show and offer
    // for pinning; on success, the trusted one. Null without TLS or when none was seen.
    QSslCertificate certificate;

    // From GET /v1/device/info (Connected only); empty when the device did not say.
    QString model;
    QString serialNumber;
    QString firmware; // the ROM / software version
    QString mac;
    QJsonObject info; // the whole answer, for fields not listed above

    qint64 elapsedMs = 0;

    bool ok() const { return outcome == Outcome::Connected; }
};

Q_DECLARE_METATYPE(ConnectionTestResult)

// Connects once to a terminal, the way DeviceConnection would, and tells what happened: look up
// the host, log in when credentials are set, open the event stream (the same TLS trust rules,
// closed again at once), read the device information. No retries. Everything runs on the
// calling thread's event loop without blocking, so a settings dialog can use it directly;
// destroying it mid-test closes whatever it had opened (from a slot connected to progress(),
// delete it with deleteLater(), as any object that is emitting).
class ConnectionTest final : public QObject
{
    Q_OBJECT

public:
    explicit ConnectionTest(QObject *parent = nullptr);
    ~ConnectionTest() override;

    // Starts a test of `config` (cancelling one still running). finished() always comes later,
    // from the event loop, never from within start().
    void start(const DeviceConfig &config);
    // Stops the test and closes its connections; finished() is not emitted.
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    // The step now under way, translated: "Looking up gate1.example…", "Logging in as admin…",
    // "Opening the event stream…", "Reading the device information…".
    void progress(const QString &step);
    void finished(const ConnectionTestResult &result);

private:
    enum class Step { LookUp, LogIn, EventStream, DeviceInfo };

    void lookUpHost();
    void onHostLookedUp(const QHostInfo &info);
    void connectToDevice();
    void logIn();
    void onLoggedIn(const RestResult &result);
    void openEventStream();
    void onEventStreamOpen();
    void onEventStreamConfirmed();
    void onEventStreamEnded(QWebSocket *socket);
    void onStepTimeout();
    void readDeviceInfo();
    void onDeviceInfo(const RestResult &result);

    // A REST call failed: unreachable, TLS and timeouts are told as such, anything else as
    // `otherwise` with `summary`.
    void failRest(const RestResult &result, ConnectionTestResult::Outcome otherwise,
                  const QString &summary);
    void failCertificate(const TlsTrust::Verdict &verdict);
    void failUnreachable(QAbstractSocket::SocketError error, const QString &qtText);
    void fail(ConnectionTestResult::Outcome outcome, const QString &summary,
              const QString &details = {});
    void finish(ConnectionTestResult result);
    void releaseConnections();
    QString endpoint() const;
    // What to check when the scheme may not match what the device speaks.
    QString schemeHint() const;

    DeviceConfig m_config;
    bool m_running = false;
    // Incremented by every start() and cancel(): answers of an abandoned test are dropped.
    quint64 m_runId = 0;
    Step m_step = Step::LookUp;
    QElapsedTimer m_elapsed;
    int m_lookupId = -1;
    DeviceRestClient *m_rest = nullptr;
    QPointer<QWebSocket> m_socket;
    // Closed after the test, waiting for the device to acknowledge the close.
    QPointer<QWebSocket> m_closingSocket;
    // Bounds the host lookup and the WebSocket handshake (handshakeTimeoutMs).
    QTimer m_stepTimer { this };

    // Per test.
    QStringList m_steps; // what worked so far, for the details
    QSslCertificate m_certificate;
    std::optional<TlsTrust::Verdict> m_tlsRefusal;
    EventSocket::Status m_socketStatus;
};
