#pragma once

#include "deviceconfig.h"
#include "event/recognitionevent.h"
#include "eventsocket.h"
#include "tlstrust.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <memory>
#include <vector>

class DeviceBackfill;
class IngestBudget;
class DeviceRestClient;
class EventParser;
class QWebSocket;

enum class ConnectionState { Disconnected, Connecting, Online, WaitingToRetry, Failed };

struct ConnectionCounters final
{
    // Events parsed and handed on (eventReceived).
    quint64 received = 0;
    // Events the store confirmed as committed (noteStored).
    quint64 stored = 0;
    // Frames that produced no event: unparsable, binary, over the size cap.
    quint64 rejected = 0;
    // Events fetched from the device's history after a disconnection (back-fill) and handed
    // on like received ones (eventReceived, marked back-filled); not in `received`.
    quint64 backfilled = 0;
    // Connection attempts after the first one.
    quint64 reconnects = 0;
    QString lastRejectReason;
    QDateTime lastEventAt; // UTC receive time of the last event
};

// The one connection to one terminal's event push. Logs in first when credentials are
// configured, opens a fresh QWebSocket per attempt, pings to detect silent links, and retries
// with capped exponential backoff until stop(). Lives on one thread (the network thread);
// every public call must come from it.
//
// Certificate refusals and refused logins put the connection in Failed, and it retries only
// at the backoff maximum: a device can be fixed (certificate reinstalled, password reset), but
// hammering it with a wrong pin or password helps nobody. A pinned device that presents
// another certificate is not retried at all: it stays Failed ("certificate changed") until it
// is started again with new pins (reconfigure), because only an operator can tell a renewed
// certificate from an impostor.
class DeviceConnection final : public QObject
{
    Q_OBJECT

public:
    explicit DeviceConnection(DeviceConfig config, QObject *parent = nullptr);
    ~DeviceConnection() override;

    void start();
    // Closes the connection; no more retries; state Disconnected.
    void stop();
    // New settings: a running connection stops and starts again with them (a login token
    // of the old settings is dropped; the counters carry on). restClient() is replaced.
    void reconfigure(const DeviceConfig &config);
    // Events received from now on carry this name; the connection itself is left alone.
    void setName(const QString &name);

    ConnectionState state() const { return m_state; }
    // "online", "connecting", "retrying in 4 s", "failed: <reason>" (translated).
    QString stateText() const;
    // The words for a state, as the device panel and the recorder's log show them: "online",
    // "retrying in 4 s", "failed: <error>" ("failed" when there is no error).
    static QString describeState(ConnectionState state, int retryInSeconds, const QString &error);
    // The HTTP status with which a server refused the WebSocket upgrade, read from
    // QWebSocket's error text (Qt 6.4 has no API for the response); 0 when the text holds
    // none. *reasonPhrase gets the status's words ("Not Found").
    static int upgradeRefusalStatus(const QString &errorText, QString *reasonPhrase = nullptr);
    // Why the last attempt ended (empty while none has failed since start()).
    QString lastError() const { return m_lastError; }
    // Seconds until the next attempt while WaitingToRetry or Failed, else 0 (also when no
    // attempt is scheduled: a changed certificate).
    int retryInSeconds() const;
    // Whether the last attempt ended because the device's certificate was refused, and how
    // (None once online, after stop() and while no attempt has failed on it), with the
    // certificate it presented.
    TlsTrust::Refusal certificateRefusal() const { return m_certificateRefusal; }
    QSslCertificate refusedCertificate() const { return m_refusedCertificate; }
    ConnectionCounters counters() const { return m_counters; }
    const DeviceConfig &config() const { return m_config; }
    // Logged in with the device's credentials when it has some; later calls (history,
    // avatars, door) share its token.
    DeviceRestClient *restClient() const { return m_rest; }
    // Fetches what the device recorded while the connection was down, each time it comes
    // back (when credentials are configured and a store is connected to it: see DeviceHub).
    // Its events are handed on through eventReceived, marked back-filled. A child of this
    // connection, on its thread.
    DeviceBackfill *backfill() const { return m_backfill; }

    // The store confirms that `count` events of this device were committed.
    void noteStored(int count);
    // From now on every event takes a share of `budget` before it is handed on, waiting (and
    // so holding every connection of this thread back) while the budget is spent; whoever
    // consumes eventReceived gives it back (see IngestBudget, DeviceHub). The time spent
    // waiting is not counted against the device by the heartbeat or the handshake bound.
    void addIngestBudget(std::shared_ptr<IngestBudget> budget);

signals:
    void stateChanged(ConnectionState state, const QString &detail);
    void eventReceived(const RecognitionEvent &event);
    void frameRejected(const QString &reason);
    void countersChanged();

private:
    void beginAttempt();
    void openSocket();
    void onConnected();
    void onTextMessage(const QString &message);
    void onBinaryMessage(const QByteArray &message);
    void onLife();
    void onHeartbeat();
    void finishAttempt(QWebSocket *socket);
    // Ends the current attempt (if any) and schedules the next one.
    void failAttempt(const QString &reason, bool fatal);
    void abortAttempt(const QString &reason, bool fatal);
    void dropSocket();
    void scheduleRetry(const QString &reason, bool fatal);
    void setState(ConnectionState state, const QString &detail);
    void reject(const QString &reason);
    void onBackfilled(const QList<RecognitionEvent> &events);
    // Takes the budgets' shares (waiting for them), then emits eventReceived.
    void handOn(const RecognitionEvent &event);
    // How long this connection's thread has waited for the budgets so far, in all.
    qint64 heldBackMs() const;
    // The longest the device may stay silent while online: two heartbeats.
    int silenceMs() const;
    void acceptToken(const QString &token);
    void renewToken();
    QString describeSocketFailure(QWebSocket *socket, bool wasOnline, bool *fatal);
    // What follows "HTTP <status> <phrase>" when the upgrade was refused: where a redirect
    // points (GateWatch does not follow it), when a busy device asks to be retried (noted for
    // the next retry).
    QString describeRefusal(int status);
    // Why the handshake timer ran out: how far the attempt got, and what the device sent.
    QString describeHandshakeTimeout() const;

    DeviceConfig m_config;
    std::unique_ptr<EventParser> m_parser;
    DeviceRestClient *m_rest = nullptr;
    DeviceBackfill *m_backfill = nullptr;
    QPointer<QWebSocket> m_socket;
    std::vector<std::shared_ptr<IngestBudget>> m_budgets;
    // The serial number of the last event received: what the back-fill asks the store about
    // when the device does not say.
    QString m_lastSerial;

    ConnectionState m_state = ConnectionState::Disconnected;
    QString m_lastError;
    ConnectionCounters m_counters;
    // As of the last attempt that ended (see certificateRefusal()).
    TlsTrust::Refusal m_certificateRefusal = TlsTrust::Refusal::None;
    QSslCertificate m_refusedCertificate;
    bool m_running = false;
    // Incremented by every attempt and by stop(): late login answers of an abandoned attempt
    // are recognised and dropped.
    quint64 m_attemptId = 0;
    // Incremented by stop(): a token renewal that outlives a stop() is dropped.
    quint64 m_runId = 0;
    // Consecutive failed attempts; the backoff exponent.
    int m_failures = 0;

    // Per attempt.
    QString m_attemptFailure; // set when we end the attempt on purpose (TLS, heartbeat...)
    bool m_attemptFatal = false;
    TlsTrust::Refusal m_attemptRefusal = TlsTrust::Refusal::None;
    QSslCertificate m_attemptCertificate;
    // Retry-After of a device that refused the upgrade as busy (503, 429): the next attempt
    // waits at least this long.
    qint64 m_attemptRetryAfterMs = 0;
    EventSocket::Status m_socketStatus;

    QString m_token;
    // Past this point the token is renewed, and a new attempt logs in afresh instead of
    // risking that the token lapses during the handshake.
    QDeadlineTimer m_tokenRenewal;

    // Parented to this object so that they follow it to the network thread in moveToThread().
    QTimer m_retryTimer { this };
    QDeadlineTimer m_retryDeadline;
    QTimer m_handshakeTimer { this };
    QTimer m_pingTimer { this };
    QTimer m_silenceTimer { this };
    // heldBackMs() when these timers were last started: what was waited since then is added.
    qint64 m_handshakeHeldMark = 0;
    qint64 m_silenceHeldMark = 0;
    QTimer m_stableTimer { this };
    QTimer m_renewTimer { this };
};
