#include "connectiontest.h"

#include "deviceconnection.h"
#include "devicerestclient.h"
#include "eventsocket.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QSslError>
#include <QWebSocket>

#include <algorithm>
#include <initializer_list>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcDevice)

namespace {

using Outcome = ConnectionTestResult::Outcome;

// The test reads two small answers (login, device information). DeviceRestClient accepts four
// times the event cap; this keeps a misbehaving device from making the GUI thread parse
// megabytes.
constexpr qint64 MaxRestAnswerBytes = qint64 { 256 } * 1024;
// The login token only has to outlive the test; 5 minutes is the device's own default.
constexpr int TestLoginMinutes = 5;

QString dateText(const QDateTime &dateTime)
{
    return dateTime.toUTC().toString(u"yyyy-MM-dd"_s);
}

// "expired on …" or "not valid until …" when the certificate's dates are the problem, else
// empty.
QString validityProblem(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (certificate.expiryDate().isValid() && certificate.expiryDate() < now)
        return ConnectionTest::tr("expired on %1").arg(dateText(certificate.expiryDate()));
    if (certificate.effectiveDate().isValid() && certificate.effectiveDate() > now)
        return ConnectionTest::tr("not valid until %1").arg(dateText(certificate.effectiveDate()));
    return {};
}

QStringList certificateLines(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return { ConnectionTest::tr("The device presented no certificate.") };
    QStringList lines {
        ConnectionTest::tr("SHA-256 fingerprint: %1")
            .arg(DeviceConfig::formatFingerprint(TlsTrust::sha256(certificate))),
        ConnectionTest::tr("Subject: %1").arg(TlsTrust::subjectName(certificate)),
        ConnectionTest::tr("Issuer: %1").arg(TlsTrust::issuerName(certificate)),
    };
    const QString from = dateText(certificate.effectiveDate());
    const QString to = dateText(certificate.expiryDate());
    const QString problem = validityProblem(certificate);
    lines.append(problem.isEmpty()
                     ? ConnectionTest::tr("Valid from %1 to %2 (UTC)").arg(from, to)
                     : ConnectionTest::tr("Valid from %1 to %2 (UTC): %3").arg(from, to, problem));
    return lines;
}

bool hasError(const QList<QSslError> &errors, std::initializer_list<QSslError::SslError> which)
{
    return std::any_of(errors.begin(), errors.end(), [which](const QSslError &error) {
        return std::find(which.begin(), which.end(), error.error()) != which.end();
    });
}

QString firstString(const QJsonObject &object, std::initializer_list<QLatin1String> keys)
{
    for (const QLatin1String key : keys) {
        const QJsonValue value = object.value(key);
        if (value.isString() && !value.toString().isEmpty())
            return value.toString();
    }
    return {};
}

} // namespace

ConnectionTest::ConnectionTest(QObject *parent)
    : QObject(parent)
{
    m_stepTimer.setSingleShot(true);
    connect(&m_stepTimer, &QTimer::timeout, this, &ConnectionTest::onStepTimeout);
}

ConnectionTest::~ConnectionTest()
{
    // Before the children go: no signal of a dying socket may reach this half-destroyed object.
    cancel();
}

void ConnectionTest::start(const DeviceConfig &config)
{
    cancel();
    m_config = config;
    m_running = true;
    m_elapsed.start();
    m_steps.clear();
    m_certificate = QSslCertificate();
    m_tlsRefusal.reset();

    const quint64 run = m_runId;
    QString problem;
    if (config.url.isEmpty())
        problem = tr("no device address is set");
    else if (!config.url.isValid())
        problem = tr("the address %1 is not valid").arg(config.url.toString());
    else if (config.url.scheme() != "ws"_L1 && config.url.scheme() != "wss"_L1)
        problem
            = tr("the address must start with ws:// or wss://, not %1://").arg(config.url.scheme());
    else if (config.url.host().isEmpty())
        problem = tr("the address %1 names no host").arg(config.url.toDisplayString());

    // Queued, so that progress() and finished() never come from within start().
    QMetaObject::invokeMethod(
        this,
        [this, run, problem] {
            if (run != m_runId)
                return;
            if (!problem.isEmpty()) {
                fail(Outcome::InvalidSettings,
                     tr("The settings cannot be tested: %1.").arg(problem));
                return;
            }
            // The test reads small answers only; the event stream keeps the configured cap.
            DeviceConfig restConfig = m_config;
            restConfig.maxIncomingMessageBytes
                = std::min(m_config.maxIncomingMessageBytes, MaxRestAnswerBytes / 4);
            m_rest = new DeviceRestClient(restConfig, this);
            lookUpHost();
        },
        Qt::QueuedConnection);
}

void ConnectionTest::cancel()
{
    ++m_runId;
    m_running = false;
    releaseConnections();
    // A socket still closing politely is cut short too: nothing outlives a cancel.
    if (QWebSocket *closing = m_closingSocket) {
        m_closingSocket = nullptr;
        closing->abort();
        closing->deleteLater();
    }
}

QString ConnectionTest::schemeHint() const
{
    return m_config.isTls() ? tr("Check that the device uses TLS on this port; if it does not, "
                                 "the address must start with ws://.")
                            : tr("If the device uses TLS, the address must start with wss://.");
}

QString ConnectionTest::endpoint() const
{
    return m_config.url.host() + u':'
        + QString::number(m_config.url.port(m_config.isTls() ? 443 : 80));
}

void ConnectionTest::lookUpHost()
{
    m_step = Step::LookUp;
    const QString host = m_config.url.host();
    if (!QHostAddress(host).isNull()) {
        connectToDevice(); // an address needs no lookup
        return;
    }
    emit progress(tr("Looking up %1…").arg(host));
    m_stepTimer.start(std::max(1, m_config.handshakeTimeoutMs));
    const quint64 run = m_runId;
    m_lookupId = QHostInfo::lookupHost(host, this, [this, run](const QHostInfo &info) {
        if (run == m_runId)
            onHostLookedUp(info);
    });
}

void ConnectionTest::onHostLookedUp(const QHostInfo &info)
{
    m_lookupId = -1;
    m_stepTimer.stop();
    const QString host = m_config.url.host();
    if (info.error() == QHostInfo::HostNotFound
        || (info.error() == QHostInfo::NoError && info.addresses().isEmpty())) {
        fail(Outcome::HostNotFound, tr("The host name %1 could not be found.").arg(host),
             tr("Check the spelling of the address, or use the device's IP address."));
        return;
    }
    if (info.error() != QHostInfo::NoError) {
        fail(Outcome::NetworkError,
             tr("The host name %1 could not be looked up: %2").arg(host, info.errorString()),
             tr("Check the network connection and the DNS settings of this computer."));
        return;
    }
    const QList<QHostAddress> found = info.addresses();
    QStringList addresses;
    for (const QHostAddress &address : found)
        addresses.append(address.toString());
    m_steps.append(tr("%1 is at %2").arg(host, addresses.join(u", "_s)));
    connectToDevice();
}

void ConnectionTest::connectToDevice()
{
    if (m_config.hasCredentials())
        logIn();
    else
        openEventStream();
}

void ConnectionTest::logIn()
{
    m_step = Step::LogIn;
    emit progress(tr("Logging in as %1…").arg(m_config.username));
    const quint64 run = m_runId;
    m_rest->login(m_config.username, m_config.password, TestLoginMinutes,
                  [this, run](const RestResult &result, const QString &) {
                      if (run == m_runId)
                          onLoggedIn(result);
                  });
}

void ConnectionTest::onLoggedIn(const RestResult &result)
{
    if (!result.ok()) {
        failRest(result, Outcome::LoginFailed,
                 result.isAuthenticationRefused()
                     ? tr("The device refused the login as %1.").arg(m_config.username)
                     : tr("Logging in as %1 failed.").arg(m_config.username));
        return;
    }
    m_steps.append(tr("Logged in as %1").arg(m_config.username));
    openEventStream();
}

void ConnectionTest::openEventStream()
{
    m_step = Step::EventStream;
    emit progress(tr("Opening the event stream…"));
    EventSocket::Handlers handlers;
    handlers.ended = [this](QWebSocket *socket) {
        onEventStreamEnded(socket);
    };
    handlers.refused = [this](QWebSocket *socket, const TlsTrust::Verdict &verdict) {
        if (socket == m_socket && !m_tlsRefusal)
            m_tlsRefusal = verdict;
    };
    QWebSocket *socket
        = EventSocket::open(m_config, m_rest->token(), this, &m_socketStatus, handlers);
    m_socket = socket;
    // After open(): TlsTrust's own check of the established session runs first.
    connect(socket, &QWebSocket::connected, this, &ConnectionTest::onEventStreamOpen);
    connect(socket, &QWebSocket::pong, this, &ConnectionTest::onEventStreamConfirmed);
    m_stepTimer.start(std::max(1, m_config.handshakeTimeoutMs));
}

void ConnectionTest::onEventStreamOpen()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState || m_tlsRefusal)
        return; // TlsTrust refused the certificate and aborted the socket
    if (m_config.isTls())
        m_certificate = m_socket->sslConfiguration().peerCertificate();
    // A terminal accepts the upgrade and then closes at once when it has too many subscribers.
    // The pong comes after any such close frame, so it proves that the subscription holds.
    m_socket->ping(QByteArrayLiteral("gatewatch connection test"));
}

void ConnectionTest::onEventStreamConfirmed()
{
    if (!m_socket)
        return;
    m_stepTimer.stop();
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    EventSocket::disconnectFrom(socket, this);

    // A polite close frees the device's subscriber slot at once (it has 3). The socket goes
    // when the device answers the close, or is cut off if it does not within the timeout.
    connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(std::max(1, m_config.handshakeTimeoutMs), socket,
                       [socket] { socket->abort(); });
    socket->close(QWebSocketProtocol::CloseCodeNormal, tr("connection test finished"));
    m_closingSocket = socket;

    m_steps.append(tr("Event stream opened at %1").arg(m_config.url.toDisplayString()));
    readDeviceInfo();
}

void ConnectionTest::onEventStreamEnded(QWebSocket *socket)
{
    if (!socket || socket != m_socket)
        return; // already decided
    const QString where = endpoint();
    const QString qtText = socket->errorString();

    if (m_tlsRefusal) {
        failCertificate(*m_tlsRefusal);
        return;
    }
    // EventSocket gave up on an answer that cannot become a valid one.
    if (m_socketStatus.answerNotHttp || m_socketStatus.answerTooLong) {
        fail(Outcome::HandshakeFailed,
             m_socketStatus.answerNotHttp
                 ? tr("%1 did not answer the WebSocket upgrade with HTTP.").arg(where)
                 : tr("The answer of %1 to the WebSocket upgrade did not end within %2 KiB.")
                       .arg(where)
                       .arg(EventSocket::HandshakeReadBufferBytes / 1024),
             tr("It began: %1").arg(EventSocket::printable(m_socketStatus.answerFirstLine())));
        return;
    }
    if (m_socketStatus.closeHandshake) {
        const int code = int(socket->closeCode());
        const QString reason = socket->closeReason();
        const QString closeText = reason.isEmpty() ? tr("Close code %1").arg(code)
                                                   : tr("Close code %1: %2").arg(code).arg(reason);
        if (code == QWebSocketProtocol::CloseCodePolicyViolated
            && reason.contains("auth"_L1, Qt::CaseInsensitive)) {
            fail(Outcome::LoginFailed,
                 m_config.hasCredentials()
                     ? tr("The device did not accept the login token for its event stream.")
                     : tr("The device requires a user name and password."),
                 closeText);
            return;
        }
        fail(Outcome::SubscriptionRefused,
             reason.isEmpty() ? tr("The device refused the event subscription.")
                              : tr("The device refused the event subscription: %1.").arg(reason),
             closeText);
        return;
    }
    if (!m_socketStatus.hasError) {
        fail(Outcome::HandshakeFailed,
             tr("%1 closed the connection during the WebSocket handshake.").arg(where));
        return;
    }
    switch (m_socketStatus.error) {
    case QAbstractSocket::ConnectionRefusedError:
        if (m_socketStatus.tcpConnected) {
            // QWebSocket reports a refused upgrade as a refused connection.
            QString phrase;
            const int status = DeviceConnection::upgradeRefusalStatus(qtText, &phrase);
            if (status == 0) {
                fail(Outcome::HandshakeFailed,
                     tr("The WebSocket handshake with %1 failed.").arg(where), qtText);
                return;
            }
            const QString http = tr("HTTP %1 %2").arg(status).arg(phrase);
            if (status == 401 || status == 403) {
                fail(Outcome::LoginFailed,
                     m_config.hasCredentials()
                         ? tr("The device did not accept the login token for its event stream.")
                         : tr("The device requires a user name and password."),
                     http);
                return;
            }
            fail(Outcome::HandshakeFailed,
                 tr("The WebSocket handshake with %1 failed: %2.").arg(where, http),
                 status == 404 ? tr("There is no event stream at %1; devices serve it at "
                                    "/v1/event/.")
                                     .arg(m_config.url.path())
                               : QString());
            return;
        }
        failUnreachable(m_socketStatus.error, qtText);
        return;
    case QAbstractSocket::RemoteHostClosedError:
        if (m_config.isTls() && !m_socketStatus.encrypted) {
            fail(Outcome::TlsFailed,
                 tr("The TLS handshake with %1 failed: the device closed the connection.")
                     .arg(where),
                 qtText + u'\n' + schemeHint());
            return;
        }
        fail(Outcome::HandshakeFailed,
             tr("%1 closed the connection during the WebSocket handshake.").arg(where),
             m_config.isTls() ? qtText : qtText + u'\n' + schemeHint());
        return;
    case QAbstractSocket::SslHandshakeFailedError:
        fail(Outcome::TlsFailed, tr("The TLS handshake with %1 failed.").arg(where),
             qtText + u'\n' + schemeHint());
        return;
    default:
        failUnreachable(m_socketStatus.error, qtText);
        return;
    }
}

void ConnectionTest::onStepTimeout()
{
    const double seconds = m_config.handshakeTimeoutMs / 1000.0;
    switch (m_step) {
    case Step::LookUp:
        fail(Outcome::Timeout,
             tr("Looking up %1 took longer than %2 s.").arg(m_config.url.host()).arg(seconds));
        return;
    case Step::EventStream:
        if (!m_socketStatus.tcpConnected) {
            fail(Outcome::Timeout,
                 tr("%1 did not accept the connection within %2 s.").arg(endpoint()).arg(seconds),
                 tr("The device may be switched off, or a firewall drops the connection."));
        } else if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
            fail(Outcome::Timeout,
                 tr("The event stream of %1 opened, but the device did not answer within %2 s.")
                     .arg(endpoint())
                     .arg(seconds));
        } else {
            fail(Outcome::Timeout,
                 tr("No WebSocket handshake with %1 within %2 s.").arg(endpoint()).arg(seconds),
                 tr("Something accepts connections on this port but does not answer like a "
                    "device. Check the port and the scheme (ws:// or wss://)."));
        }
        return;
    case Step::LogIn:
    case Step::DeviceInfo:
        return; // REST calls have their own transfer timeout
    }
}

void ConnectionTest::readDeviceInfo()
{
    m_step = Step::DeviceInfo;
    emit progress(tr("Reading the device information…"));
    const quint64 run = m_runId;
    m_rest->deviceInfo([this, run](const RestResult &result) {
        if (run == m_runId)
            onDeviceInfo(result);
    });
}

void ConnectionTest::onDeviceInfo(const RestResult &result)
{
    if (!result.ok() || !result.data.isObject()) {
        if (result.ok()) {
            fail(Outcome::DeviceInfoFailed,
                 tr("Connected, but the device information could not be read."),
                 tr("The answer holds no information object."));
        } else {
            failRest(result, Outcome::DeviceInfoFailed,
                     tr("Connected, but the device information could not be read."));
        }
        return;
    }
    ConnectionTestResult test;
    test.outcome = Outcome::Connected;
    test.certificate = m_certificate;
    test.info = result.data.toObject();
    // The vendor's guide names the fields device_sn, sw_ver, mac_wired...; other firmware
    // (and the simulator) say sn, software_version, mac.
    test.model = firstString(test.info, { "model"_L1 });
    test.serialNumber = firstString(test.info, { "device_sn"_L1, "sn"_L1, "serial_number"_L1 });
    test.firmware
        = firstString(test.info, { "sw_ver"_L1, "software_version"_L1, "firmware_version"_L1 });
    test.mac = firstString(test.info, { "mac_wired"_L1, "mac"_L1, "mac_wlan"_L1 });
    const QString hardware = firstString(test.info, { "hw_ver"_L1, "hardware_version"_L1 });
    const QString application = firstString(test.info, { "app_ver"_L1 });
    const QString api = firstString(test.info, { "api_ver"_L1, "api_version"_L1 });

    QStringList about;
    if (!test.model.isEmpty())
        about.append(test.model);
    if (!test.serialNumber.isEmpty())
        about.append(tr("serial number %1").arg(test.serialNumber));
    if (!test.firmware.isEmpty())
        about.append(tr("firmware %1").arg(test.firmware));
    test.summary = about.isEmpty()
        ? tr("Connected to %1.").arg(endpoint())
        : tr("Connected to %1: %2.").arg(endpoint(), about.join(u", "_s));

    QStringList lines = m_steps;
    const auto add = [&lines](const QString &label, const QString &value) {
        if (!value.isEmpty())
            lines.append(label.arg(value));
    };
    add(tr("Model: %1"), test.model);
    add(tr("Serial number: %1"), test.serialNumber);
    add(tr("Firmware: %1"), test.firmware);
    add(tr("Hardware: %1"), hardware);
    add(tr("Application: %1"), application);
    add(tr("API version: %1"), api);
    add(tr("MAC address: %1"), test.mac);
    if (!m_certificate.isNull()) {
        lines.append(tr("Certificate:"));
        lines.append(certificateLines(m_certificate));
    }
    test.details = lines.join(u'\n');
    finish(test);
}

void ConnectionTest::failRest(const RestResult &result, ConnectionTestResult::Outcome otherwise,
                              const QString &summary)
{
    switch (result.failure) {
    case RestResult::Failure::Tls:
        failCertificate(result.tlsRefusal);
        return;
    case RestResult::Failure::Timeout:
        fail(Outcome::Timeout,
             tr("No answer from %1 within %2 s.")
                 .arg(endpoint())
                 .arg(m_config.requestTimeoutMs / 1000.0),
             tr("The device may be switched off, or a firewall drops the connection."));
        return;
    case RestResult::Failure::Network:
        switch (result.networkError) {
        case QNetworkReply::HostNotFoundError:
            failUnreachable(QAbstractSocket::HostNotFoundError, result.error);
            return;
        case QNetworkReply::ConnectionRefusedError:
            failUnreachable(QAbstractSocket::ConnectionRefusedError, result.error);
            return;
        case QNetworkReply::RemoteHostClosedError:
            if (m_config.isTls() && !result.encrypted) {
                fail(Outcome::TlsFailed,
                     tr("The TLS handshake with %1 failed: the device closed the connection.")
                         .arg(endpoint()),
                     result.error + u'\n' + schemeHint());
                return;
            }
            fail(Outcome::NetworkError,
                 tr("%1 closed the connection without answering.").arg(endpoint()),
                 m_config.isTls() ? result.error : result.error + u'\n' + schemeHint());
            return;
        case QNetworkReply::SslHandshakeFailedError:
            fail(Outcome::TlsFailed, tr("The TLS handshake with %1 failed.").arg(endpoint()),
                 result.error + u'\n' + schemeHint());
            return;
        default:
            failUnreachable(QAbstractSocket::UnknownSocketError, result.error);
            return;
        }
    default:
        break;
    }
    QStringList lines { result.error };
    // The login's error holds the device's words alone; other errors name the status already.
    if (result.httpStatus != 0 && !result.error.contains(QString::number(result.httpStatus)))
        lines.append(tr("HTTP status %1").arg(result.httpStatus));
    fail(otherwise, summary, lines.join(u'\n'));
}

void ConnectionTest::failCertificate(const TlsTrust::Verdict &verdict)
{
    ConnectionTestResult test;
    test.certificate = verdict.certificate;
    QStringList lines = certificateLines(verdict.certificate);
    if (verdict.refusal == TlsTrust::Refusal::Changed) {
        test.outcome = Outcome::CertificateChanged;
        test.summary
            = tr("The device's certificate changed: it is not the one trusted for this device.");
        for (const QByteArray &pin : std::as_const(m_config.pinnedSha256))
            lines.append(tr("Trusted fingerprint: %1").arg(DeviceConfig::formatFingerprint(pin)));
        lines.append(tr("If the certificate was renewed on purpose, trust the new one; otherwise "
                        "another machine may be answering at this address."));
    } else {
        test.outcome = Outcome::CertificateUntrusted;
        QStringList why;
        if (hasError(verdict.errors, { QSslError::SelfSignedCertificate }))
            why.append(tr("self-signed"));
        if (hasError(verdict.errors,
                     { QSslError::UnableToGetLocalIssuerCertificate,
                       QSslError::SelfSignedCertificateInChain,
                       QSslError::UnableToVerifyFirstCertificate,
                       QSslError::UnableToGetIssuerCertificate }))
            why.append(tr("issued by an unknown authority"));
        if (hasError(verdict.errors, { QSslError::HostNameMismatch }))
            why.append(tr("issued for another host name"));
        if (const QString dates = validityProblem(verdict.certificate); !dates.isEmpty())
            why.append(dates);
        test.summary = why.isEmpty()
            ? tr("The device's certificate is not trusted.")
            : tr("The device's certificate is not trusted: %1.").arg(why.join(u", "_s));
        QStringList errorTexts;
        for (const QSslError &error : verdict.errors)
            errorTexts.append(error.errorString());
        errorTexts.removeDuplicates();
        if (!errorTexts.isEmpty())
            lines.append(tr("TLS errors: %1").arg(errorTexts.join(u"; "_s)));
        if (!verdict.certificate.isNull())
            lines.append(tr("Compare the fingerprint with the one the device shows before "
                            "trusting it."));
    }
    test.details = lines.join(u'\n');
    finish(test);
}

void ConnectionTest::failUnreachable(QAbstractSocket::SocketError error, const QString &qtText)
{
    const QString host = m_config.url.host();
    switch (error) {
    case QAbstractSocket::HostNotFoundError:
        fail(Outcome::HostNotFound, tr("The host name %1 could not be found.").arg(host),
             tr("Check the spelling of the address, or use the device's IP address."));
        return;
    case QAbstractSocket::ConnectionRefusedError:
        fail(Outcome::Refused,
             tr("%1 refused the connection: nothing accepts connections on port %2.")
                 .arg(host)
                 .arg(m_config.url.port(m_config.isTls() ? 443 : 80)),
             tr("Check the port, and that the device is switched on."));
        return;
    case QAbstractSocket::SocketTimeoutError:
        fail(Outcome::Timeout, tr("The connection to %1 timed out.").arg(endpoint()), qtText);
        return;
    default:
        fail(Outcome::NetworkError, tr("%1 could not be reached.").arg(endpoint()), qtText);
        return;
    }
}

void ConnectionTest::fail(ConnectionTestResult::Outcome outcome, const QString &summary,
                          const QString &details)
{
    ConnectionTestResult test;
    test.outcome = outcome;
    test.summary = summary;
    test.certificate = m_certificate; // set once a trusted session was established
    QStringList lines = m_steps;
    if (!details.isEmpty())
        lines.append(details);
    test.details = lines.join(u'\n');
    finish(test);
}

void ConnectionTest::finish(ConnectionTestResult result)
{
    result.elapsedMs = m_elapsed.elapsed();
    const quint64 run = ++m_runId;
    m_running = false;
    releaseConnections();
    qCDebug(lcDevice).noquote() << "connection test of" << m_config.url.toDisplayString() << ":"
                                << result.summary;
    // Queued: this often runs inside a network reply's signal, and a receiver may well delete
    // the test (and with it that reply) when it is told the outcome.
    QMetaObject::invokeMethod(
        this,
        [this, run, result] {
            if (run == m_runId)
                emit finished(result);
        },
        Qt::QueuedConnection);
}

void ConnectionTest::releaseConnections()
{
    m_stepTimer.stop();
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    if (m_rest) {
        // Later: this may run inside one of its reply callbacks. Deleting it closes its
        // connections; its callbacks check the run id meanwhile.
        m_rest->deleteLater();
        m_rest = nullptr;
    }
    if (QWebSocket *socket = m_socket) {
        m_socket = nullptr;
        EventSocket::drop(socket, this);
    }
}
