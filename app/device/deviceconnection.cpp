#include "deviceconnection.h"

#include "devicebackfill.h"
#include "devicerestclient.h"
#include "event/eventparser.h"
#include "eventsocket.h"
#include "ingestbudget.h"
#include "tlstrust.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QWebSocket>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDevice, "gatewatch.device")

namespace {

// By default a login token is renewed when this share of its validity has passed, leaving time
// for a renewal that fails once or twice.
constexpr double TokenRenewalPoint = 0.8;
// A failed renewal is tried again after this share of the validity (but at least 5 s).
constexpr double TokenRenewalRetry = 0.05;

QString endpoint(const QUrl &url)
{
    return url.host() + u':' + QString::number(url.port(url.scheme() == "wss"_L1 ? 443 : 80));
}

} // namespace

DeviceConnection::DeviceConnection(DeviceConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_parser(std::make_unique<EventParser>())
    , m_rest(new DeviceRestClient(m_config, this))
    , m_backfill(new DeviceBackfill(this))
{
    connect(m_backfill, &DeviceBackfill::eventsFetched, this, &DeviceConnection::onBackfilled);
    connect(m_backfill, &DeviceBackfill::recordRejected, this,
            [this](const QString &reason) { reject(tr("history: %1").arg(reason)); });
    m_retryTimer.setSingleShot(true);
    m_handshakeTimer.setSingleShot(true);
    m_silenceTimer.setSingleShot(true);
    m_stableTimer.setSingleShot(true);
    m_renewTimer.setSingleShot(true);
    // Heartbeats and the handshake bound are short; their precision matters more than the
    // wakeups saved by coarse timers.
    m_pingTimer.setTimerType(Qt::PreciseTimer);
    m_silenceTimer.setTimerType(Qt::PreciseTimer);
    m_handshakeTimer.setTimerType(Qt::PreciseTimer);

    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        ++m_counters.reconnects;
        emit countersChanged();
        beginAttempt();
    });
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        // Time this thread spent held back is not the device's: the answer may be waiting
        // unread. The bound is extended by it.
        if (const qint64 held = heldBackMs() - m_handshakeHeldMark; held > 0) {
            m_handshakeHeldMark += held;
            m_handshakeTimer.start(int(std::min<qint64>(held, m_config.handshakeTimeoutMs)));
            return;
        }
        abortAttempt(describeHandshakeTimeout(), false);
    });
    connect(&m_pingTimer, &QTimer::timeout, this, &DeviceConnection::onHeartbeat);
    connect(&m_silenceTimer, &QTimer::timeout, this, [this] {
        // Held back, this thread read nothing: the pongs may be waiting in the socket. The
        // time it spent waiting is not counted as the device's silence.
        if (const qint64 held = heldBackMs() - m_silenceHeldMark; held > 0) {
            m_silenceHeldMark += held;
            m_silenceTimer.start(int(std::min<qint64>(held, silenceMs())));
            return;
        }
        abortAttempt(tr("no answer for %1 s").arg(2 * m_config.heartbeatSeconds), false);
    });
    connect(&m_stableTimer, &QTimer::timeout, this, [this] { m_failures = 0; });
    connect(&m_renewTimer, &QTimer::timeout, this, &DeviceConnection::renewToken);
}

DeviceConnection::~DeviceConnection()
{
    m_running = false;
    dropSocket();
}

void DeviceConnection::start()
{
    if (m_running)
        return;
    m_running = true;
    m_failures = 0;
    m_lastError.clear();
    m_certificateRefusal = TlsTrust::Refusal::None;
    m_refusedCertificate = QSslCertificate();
    beginAttempt();
}

void DeviceConnection::stop()
{
    if (!m_running && m_state == ConnectionState::Disconnected)
        return;
    m_running = false;
    ++m_attemptId;
    ++m_runId;
    m_retryTimer.stop();
    m_renewTimer.stop();
    if (m_socket) {
        QWebSocket *socket = m_socket;
        disconnect(socket, nullptr, this, nullptr);
        // A polite close so that the device frees its subscriber slot at once (it has 3).
        if (socket->state() == QAbstractSocket::ConnectedState)
            socket->close(QWebSocketProtocol::CloseCodeGoingAway, tr("monitor stopped"));
    }
    dropSocket();
    m_certificateRefusal = TlsTrust::Refusal::None;
    m_refusedCertificate = QSslCertificate();
    setState(ConnectionState::Disconnected, tr("disconnected"));
}

void DeviceConnection::reconfigure(const DeviceConfig &config)
{
    const bool wasRunning = m_running;
    stop();
    m_config = config;
    // A token belongs to the old credentials (and perhaps to another device).
    m_token.clear();
    m_tokenRenewal = QDeadlineTimer();
    // Perhaps another terminal now.
    m_lastSerial.clear();
    // The REST client holds the address and the trust rules; its pending calls belonged to
    // the old settings and are dropped with it.
    delete m_rest;
    m_rest = new DeviceRestClient(m_config, this);
    if (wasRunning)
        start();
}

void DeviceConnection::setName(const QString &name)
{
    m_config.name = name;
}

QString DeviceConnection::stateText() const
{
    return describeState(m_state, retryInSeconds(), m_lastError);
}

QString DeviceConnection::describeState(ConnectionState state, int retryInSeconds,
                                        const QString &error)
{
    switch (state) {
    case ConnectionState::Disconnected:
        return tr("disconnected");
    case ConnectionState::Connecting:
        return tr("connecting");
    case ConnectionState::Online:
        return tr("online");
    case ConnectionState::WaitingToRetry:
        return tr("retrying in %1 s").arg(retryInSeconds);
    case ConnectionState::Failed:
        return error.isEmpty() ? tr("failed") : tr("failed: %1").arg(error);
    }
    return {};
}

int DeviceConnection::retryInSeconds() const
{
    if (!m_retryTimer.isActive())
        return 0;
    return int((m_retryDeadline.remainingTime() + 999) / 1000);
}

void DeviceConnection::noteStored(int count)
{
    if (count <= 0)
        return;
    m_counters.stored += quint64(count);
    emit countersChanged();
}

void DeviceConnection::setState(ConnectionState state, const QString &detail)
{
    if (state == m_state && state != ConnectionState::WaitingToRetry
        && state != ConnectionState::Failed)
        return;
    m_state = state;
    emit stateChanged(state, detail);
}

void DeviceConnection::beginAttempt()
{
    const quint64 attempt = ++m_attemptId;
    m_attemptFailure.clear();
    m_attemptFatal = false;
    m_attemptRefusal = TlsTrust::Refusal::None;
    m_attemptCertificate = QSslCertificate();
    m_attemptRetryAfterMs = 0;
    setState(ConnectionState::Connecting,
             tr("connecting to %1").arg(m_config.url.toDisplayString()));

    const bool tokenUsable = !m_token.isEmpty() && !m_tokenRenewal.hasExpired();
    if (!m_config.hasCredentials() || tokenUsable) {
        openSocket();
        return;
    }
    if (m_config.password.isEmpty()) {
        // A user name without its password (one kept for a past session only, say): the device
        // would only refuse it, and a person has to give the password.
        failAttempt(tr("login failed: no password is known for user \"%1\"").arg(m_config.username),
                    true);
        return;
    }
    qCDebug(lcDevice) << m_config.name << "logging in at" << m_rest->baseUrl().toDisplayString();
    m_rest->login(m_config.username, m_config.password, m_config.loginValidMinutes,
                  [this, attempt](const RestResult &result, const QString &token) {
                      if (attempt != m_attemptId || !m_running)
                          return;
                      if (!result.ok()) {
                          m_attemptRefusal = result.tlsRefusal.refusal;
                          m_attemptCertificate = result.tlsRefusal.certificate;
                          // A refused login or certificate needs a person; an unreachable
                          // device just needs time.
                          failAttempt(result.error,
                                      result.isAuthenticationRefused()
                                          || result.failure == RestResult::Failure::Tls);
                          return;
                      }
                      acceptToken(token);
                      openSocket();
                  });
}

void DeviceConnection::openSocket()
{
    dropSocket();
    EventSocket::Handlers handlers;
    handlers.connectBeforeOpen = [this](QWebSocket *socket) {
        connect(socket, &QWebSocket::connected, this, &DeviceConnection::onConnected);
        connect(socket, &QWebSocket::textMessageReceived, this, &DeviceConnection::onTextMessage);
        connect(socket, &QWebSocket::binaryMessageReceived, this,
                &DeviceConnection::onBinaryMessage);
        // Frames of a long message count as life before the whole message is in.
        connect(socket, &QWebSocket::textFrameReceived, this, &DeviceConnection::onLife);
        connect(socket, &QWebSocket::binaryFrameReceived, this, &DeviceConnection::onLife);
        connect(socket, &QWebSocket::pong, this, &DeviceConnection::onLife);
    };
    handlers.ended = [this](QWebSocket *socket) {
        finishAttempt(socket);
    };
    handlers.refused = [this](QWebSocket *socket, const TlsTrust::Verdict &verdict) {
        if (socket != m_socket)
            return;
        m_attemptFailure = verdict.reason;
        m_attemptFatal = true;
        m_attemptRefusal = verdict.refusal;
        m_attemptCertificate = verdict.certificate;
        qCWarning(lcDevice).noquote() << m_config.name << verdict.reason;
    };
    m_socket = EventSocket::open(m_config, m_token, this, &m_socketStatus, handlers);
    m_handshakeTimer.start(std::max(1, m_config.handshakeTimeoutMs));
    m_handshakeHeldMark = heldBackMs();
}

void DeviceConnection::onConnected()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return; // TlsTrust aborted it on a pin mismatch
    m_handshakeTimer.stop();
    if (m_config.heartbeatSeconds > 0) {
        m_pingTimer.start(m_config.heartbeatSeconds * 1000);
        m_silenceTimer.start(silenceMs());
        m_silenceHeldMark = heldBackMs();
    }
    m_stableTimer.start(std::max(0, m_config.backoff.resetAfterOnlineMs));
    m_lastError.clear();
    m_certificateRefusal = TlsTrust::Refusal::None;
    m_refusedCertificate = QSslCertificate();
    qCInfo(lcDevice).noquote() << m_config.name << "online at" << m_config.url.toDisplayString();
    setState(ConnectionState::Online, tr("online (%1)").arg(m_config.url.toDisplayString()));
    // Before any event of this connection is handed on: the time tells the store which
    // events were received before the gap.
    m_backfill->connectionOnline(m_config, m_rest, QDateTime::currentMSecsSinceEpoch(),
                                 m_lastSerial);
}

void DeviceConnection::onLife()
{
    if (m_silenceTimer.isActive()) {
        m_silenceTimer.start(silenceMs());
        m_silenceHeldMark = heldBackMs();
    }
}

void DeviceConnection::onHeartbeat()
{
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->ping();
}

void DeviceConnection::onTextMessage(const QString &message)
{
    onLife();
    const QByteArray frame = message.toUtf8();
    ParseOutcome outcome = m_parser->parse(frame);
    if (!outcome.ok()) {
        reject(outcome.reason.isEmpty() ? tr("frame rejected") : outcome.reason);
        return;
    }
    RecognitionEvent &event = *outcome.event;
    event.deviceName = m_config.name;
    event.receivedAt = QDateTime::currentDateTimeUtc();
    for (const QString &warning : std::as_const(outcome.warnings))
        qCDebug(lcDevice).noquote() << m_config.name << "event warning:" << warning;
    if (!event.deviceSn.isEmpty())
        m_lastSerial = event.deviceSn;
    ++m_counters.received;
    m_counters.lastEventAt = event.receivedAt;
    handOn(event);
    emit countersChanged();
}

void DeviceConnection::onBackfilled(const QList<RecognitionEvent> &events)
{
    for (const RecognitionEvent &event : events) {
        // Named as the live ones are: by the connection's current name.
        RecognitionEvent named = event;
        named.deviceName = m_config.name;
        handOn(named);
    }
    m_counters.backfilled += quint64(events.size());
    emit countersChanged();
}

void DeviceConnection::addIngestBudget(std::shared_ptr<IngestBudget> budget)
{
    m_budgets.push_back(std::move(budget));
}

void DeviceConnection::handOn(const RecognitionEvent &event)
{
    if (!m_budgets.empty()) {
        const qint64 cost = IngestBudget::costOf(event);
        for (const auto &budget : m_budgets)
            budget->take(cost);
    }
    emit eventReceived(event);
}

qint64 DeviceConnection::heldBackMs() const
{
    qint64 total = 0;
    for (const auto &budget : m_budgets)
        total += budget->figures().waitedMs;
    return total;
}

int DeviceConnection::silenceMs() const
{
    return 2 * m_config.heartbeatSeconds * 1000;
}

void DeviceConnection::onBinaryMessage(const QByteArray &message)
{
    onLife();
    reject(tr("binary frame of %1 bytes (events are JSON text frames)").arg(message.size()));
}

void DeviceConnection::reject(const QString &reason)
{
    ++m_counters.rejected;
    m_counters.lastRejectReason = reason;
    qCWarning(lcDevice).noquote() << m_config.name << "frame rejected:" << reason;
    emit frameRejected(reason);
    emit countersChanged();
}

void DeviceConnection::abortAttempt(const QString &reason, bool fatal)
{
    if (!m_socket)
        return;
    if (m_attemptFailure.isEmpty()) {
        m_attemptFailure = reason;
        m_attemptFatal = fatal;
    }
    finishAttempt(m_socket);
}

void DeviceConnection::failAttempt(const QString &reason, bool fatal)
{
    dropSocket();
    if (m_running)
        scheduleRetry(reason, fatal);
}

void DeviceConnection::finishAttempt(QWebSocket *socket)
{
    if (!socket || socket != m_socket)
        return; // an older attempt, already wound up
    const bool wasOnline = m_state == ConnectionState::Online;
    bool fatal = m_attemptFatal;
    QString reason = m_attemptFailure;
    if (reason.isEmpty())
        reason = describeSocketFailure(socket, wasOnline, &fatal);
    dropSocket();
    if (m_running)
        scheduleRetry(reason, fatal);
}

QString DeviceConnection::describeSocketFailure(QWebSocket *socket, bool wasOnline, bool *fatal)
{
    const QString where = endpoint(m_config.url);
    // EventSocket aborted the socket over the answer (before any close handshake could count).
    const QString answerStart = EventSocket::printable(m_socketStatus.answerFirstLine());
    if (m_socketStatus.answerNotHttp)
        return tr("WebSocket handshake failed: the device did not answer with HTTP (it sent "
                  "\"%1\")")
            .arg(answerStart);
    if (m_socketStatus.answerTooLong)
        return tr("WebSocket handshake failed: the device's answer to the upgrade request did not "
                  "end within %1 KiB (it began \"%2\")")
            .arg(EventSocket::HandshakeReadBufferBytes / 1024)
            .arg(answerStart);
    if (m_socketStatus.closeHandshake) {
        const int code = int(socket->closeCode());
        const QString closeReason = socket->closeReason();
        // Qt closes the socket itself with these codes when a message breaks the size cap or
        // is not valid UTF-8; the offending frame never reaches us, so it is counted here.
        if (code == QWebSocketProtocol::CloseCodeTooMuchData) {
            reject(tr("message larger than the %1-byte limit; connection closed")
                       .arg(m_config.maxIncomingMessageBytes));
            return tr("message larger than the %1-byte limit (close code %2)")
                .arg(m_config.maxIncomingMessageBytes)
                .arg(code);
        }
        // Qt also closes the socket itself, "going away", when a frame stays incomplete for
        // a few seconds (its reader times out): the device stopped in the middle of a frame.
        // (Only a heartbeat shorter than that finds the silence first.)
        if (code == QWebSocketProtocol::CloseCodeGoingAway
            && (closeReason == "Timeout when reading data from socket."_L1
                || closeReason
                    == QCoreApplication::translate("QWebSocketDataProcessor",
                                                   "Timeout when reading data from socket."))) {
            reject(tr("incomplete frame: the device stopped sending in the middle of it; "
                      "connection closed"));
            return tr("the device stopped sending in the middle of a frame (close code %1: %2)")
                .arg(code)
                .arg(closeReason);
        }
        if (code == QWebSocketProtocol::CloseCodeWrongDatatype
            || code == QWebSocketProtocol::CloseCodeProtocolError) {
            QString why
                = tr("invalid WebSocket data (close code %1: %2)").arg(code).arg(closeReason);
            reject(why);
            return why;
        }
        if (code == QWebSocketProtocol::CloseCodePolicyViolated) {
            // Terminals (and the simulator) accept the upgrade and then close with a policy
            // violation when the subscriber is not authorised or there are too many of them.
            if (closeReason.contains("auth"_L1, Qt::CaseInsensitive)) {
                if (m_config.hasCredentials()) {
                    // The token may have been revoked; the next attempt logs in afresh.
                    m_token.clear();
                    return tr("login failed: the device refused the token (close code %1: %2)")
                        .arg(code)
                        .arg(closeReason);
                }
                *fatal = true;
                return tr("login failed: the device requires credentials (close code %1: %2)")
                    .arg(code)
                    .arg(closeReason);
            }
            return tr("the device refused the subscription (close code %1%2)")
                .arg(code)
                .arg(closeReason.isEmpty() ? QString() : u": "_s + closeReason);
        }
        return tr("the device closed the connection (close code %1%2)")
            .arg(code)
            .arg(closeReason.isEmpty() ? QString() : u": "_s + closeReason);
    }
    if (!m_socketStatus.hasError)
        return wasOnline ? tr("connection to %1 lost").arg(where)
                         : tr("connection to %1 closed during the handshake").arg(where);

    const QString qtText = socket->errorString();
    switch (m_socketStatus.error) {
    case QAbstractSocket::HostNotFoundError:
        return tr("host not found: %1").arg(m_config.url.host());
    case QAbstractSocket::ConnectionRefusedError:
        if (m_socketStatus.tcpConnected || wasOnline) {
            // QWebSocket reports a refused upgrade as ConnectionRefusedError.
            QString phrase;
            if (const int status = upgradeRefusalStatus(qtText, &phrase); status != 0) {
                const QString http = u"HTTP "_s + QString::number(status) + u' ' + phrase;
                if (status == 401 || status == 403) {
                    if (m_config.hasCredentials()) {
                        // The token may have been revoked; the next attempt logs in afresh.
                        m_token.clear();
                        return tr("login failed: the device refused the token (%1)").arg(http);
                    }
                    *fatal = true;
                    return tr("login failed: the device requires credentials (%1 on the "
                              "WebSocket upgrade)")
                        .arg(http);
                }
                return tr("WebSocket handshake failed: %1").arg(http + describeRefusal(status));
            }
            return tr("WebSocket handshake failed: %1").arg(qtText);
        }
        return tr("connection refused by %1").arg(where);
    case QAbstractSocket::RemoteHostClosedError:
        return wasOnline ? tr("the device dropped the connection")
                         : tr("the device closed the connection during the handshake");
    case QAbstractSocket::SslHandshakeFailedError:
        return tr("TLS handshake with %1 failed: %2").arg(where, qtText);
    case QAbstractSocket::SocketTimeoutError:
        return tr("connection to %1 timed out").arg(where);
    case QAbstractSocket::NetworkError:
        return tr("network error: %1").arg(qtText);
    default:
        return qtText.isEmpty() ? tr("connection to %1 failed").arg(where) : qtText;
    }
}

QString DeviceConnection::describeRefusal(int status)
{
    if (status >= 300 && status < 400) {
        // Qt does not follow redirects of a WebSocket upgrade, and it should not: the address
        // an operator confirmed (and its pin or CA) is the one that is trusted.
        const QByteArray location = m_socketStatus.answerHeader("Location");
        if (location.isEmpty())
            return tr(": the device redirects elsewhere without saying where (no Location), and "
                      "GateWatch does not follow redirects");
        return tr(": the device redirects to %1, and GateWatch does not follow redirects; if "
                  "that is the device's address, enter it instead")
            .arg(EventSocket::printable(location, 200));
    }
    if (status == 503 || status == 429) {
        // Retry-After in seconds (an HTTP date is not worth the parsing here).
        bool ok = false;
        const qint64 seconds = m_socketStatus.answerHeader("Retry-After").toLongLong(&ok);
        if (ok && seconds >= 0) {
            m_attemptRetryAfterMs = std::min<qint64>(seconds * 1000, m_config.backoff.maxMs);
            return tr("; the device asks to be retried after %1 s").arg(seconds);
        }
    }
    return {};
}

QString DeviceConnection::describeHandshakeTimeout() const
{
    const QString limit = tr("no WebSocket handshake with %1 within %2 s")
                              .arg(endpoint(m_config.url))
                              .arg(m_config.handshakeTimeoutMs / 1000.0);
    if (!m_socketStatus.tcpConnected)
        return tr("%1: the device did not accept the connection").arg(limit);
    if (m_config.isTls() && !m_socketStatus.encrypted)
        return tr("%1: the TLS handshake did not finish").arg(limit);
    if (m_socketStatus.answerHead.isEmpty())
        return tr("%1: the device accepted the connection but never answered the upgrade "
                  "request")
            .arg(limit);
    return tr("%1: the device's answer to the upgrade request did not end (it began \"%2\")")
        .arg(limit, EventSocket::printable(m_socketStatus.answerFirstLine()));
}

int DeviceConnection::upgradeRefusalStatus(const QString &errorText, QString *reasonPhrase)
{
    // "QWebSocketPrivate::processHandshake: Unhandled http status code: 404 (Not Found)."
    static const QRegularExpression statusPattern(u"status code: (\\d+) \\(([^)]*)\\)"_s);
    const QRegularExpressionMatch match = statusPattern.match(errorText);
    if (!match.hasMatch())
        return 0;
    if (reasonPhrase)
        *reasonPhrase = match.captured(2);
    return match.captured(1).toInt();
}

void DeviceConnection::dropSocket()
{
    // Whatever ends the stream ends a back-fill under way; the next online resumes it.
    m_backfill->connectionLost();
    m_handshakeTimer.stop();
    m_pingTimer.stop();
    m_silenceTimer.stop();
    m_stableTimer.stop();
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    EventSocket::drop(socket, this);
}

void DeviceConnection::scheduleRetry(const QString &reason, bool fatal)
{
    m_certificateRefusal = m_attemptRefusal;
    m_refusedCertificate = m_attemptCertificate;
    if (m_certificateRefusal == TlsTrust::Refusal::Changed) {
        // Not retried at all: trying again cannot make another certificate the pinned one, and
        // only an operator can tell a renewed certificate from an impostor.
        ++m_failures;
        m_retryTimer.stop();
        m_lastError
            = tr("certificate changed (SHA-256 %1); refused until re-pinned")
                  .arg(DeviceConfig::formatFingerprint(TlsTrust::sha256(m_refusedCertificate)));
        qCWarning(lcDevice).noquote()
            << m_config.name << "failed:" << reason << "- not retried until re-pinned";
        setState(ConnectionState::Failed, tr("failed: %1; refused until re-pinned").arg(reason));
        return;
    }
    int delay = fatal
        ? m_config.backoff.maxMs
        : m_config.backoff.delayMs(m_failures, QRandomGenerator::global()->generateDouble());
    // A device that said when to come back (Retry-After, at most the backoff maximum).
    delay = int(std::max<qint64>(delay, m_attemptRetryAfterMs));
    ++m_failures;
    m_lastError = reason;
    m_retryDeadline.setRemainingTime(delay, Qt::PreciseTimer);
    m_retryTimer.start(delay);
    if (fatal) {
        qCWarning(lcDevice).noquote()
            << m_config.name << "failed:" << reason << "- next attempt in" << delay << "ms";
        setState(ConnectionState::Failed,
                 tr("failed: %1; next attempt in %2 s").arg(reason).arg(retryInSeconds()));
    } else {
        qCInfo(lcDevice).noquote()
            << m_config.name << "disconnected:" << reason << "- retrying in" << delay << "ms";
        setState(ConnectionState::WaitingToRetry,
                 tr("%1; retrying in %2 s").arg(reason).arg(retryInSeconds()));
    }
}

void DeviceConnection::acceptToken(const QString &token)
{
    m_token = token;
    const qint64 validityMs = qint64(std::max(1, m_config.loginValidMinutes)) * 60'000;
    const qint64 renewalMs = m_config.tokenRenewalMs > 0
        ? m_config.tokenRenewalMs
        : qint64(double(validityMs) * TokenRenewalPoint);
    m_tokenRenewal.setRemainingTime(renewalMs);
    m_renewTimer.start(std::chrono::milliseconds(renewalMs));
}

void DeviceConnection::renewToken()
{
    if (!m_running)
        return;
    const quint64 run = m_runId;
    m_rest->login(m_config.username, m_config.password, m_config.loginValidMinutes,
                  [this, run](const RestResult &result, const QString &token) {
                      if (!m_running || run != m_runId)
                          return;
                      if (result.ok()) {
                          qCDebug(lcDevice) << m_config.name << "login token renewed";
                          acceptToken(token);
                          return;
                      }
                      // The open socket does not need the token; only the next attempt does,
                      // and it logs in by itself if the token has lapsed by then.
                      const qint64 retryMs = std::max<qint64>(
                          5000, qint64(m_config.loginValidMinutes * 60'000 * TokenRenewalRetry));
                      qCWarning(lcDevice).noquote()
                          << m_config.name << "token renewal failed:" << result.error
                          << "- trying again in" << retryMs / 1000 << "s";
                      m_renewTimer.start(std::chrono::milliseconds(retryMs));
                  });
}
