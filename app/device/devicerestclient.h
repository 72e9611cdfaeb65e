#pragma once

#include "deviceconfig.h"
#include "tlstrust.h"

#include <QByteArray>
#include <QJsonValue>
#include <QNetworkReply>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

// The outcome of one REST call to a device.
struct RestResult final
{
    enum class Failure {
        None,
        Network, // no HTTP answer: host not found, connection refused, reset...
        Tls, // the certificate was refused (error has the fingerprint)
        Timeout, // no complete answer within the request timeout
        Http, // an HTTP error status (httpStatus says which)
        Device, // HTTP fine, but the answer's "code" is not 200
        BadAnswer, // not the device's {"code","msg","data"} JSON
    };

    Failure failure = Failure::None;
    int httpStatus = 0; // 0 when no HTTP answer arrived
    int code = 0; // the answer's "code", 0 when there was none
    QString message; // the answer's "msg"
    QJsonValue data; // the answer's "data"
    QString error; // in words, empty on success
    // Network: what Qt reported (host not found, refused...), for callers that react to it.
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    // Tls: the refused certificate and why (TlsTrust's verdict).
    TlsTrust::Verdict tlsRefusal;
    // https: the TLS handshake of this reply's connection was seen to complete. A connection
    // closed before that points at TLS (a plain HTTP server, say). May stay false for a
    // reply on a reused connection.
    bool encrypted = false;

    bool ok() const { return failure == Failure::None; }
    // The device itself said no to the credentials (as opposed to not being reachable).
    bool isAuthenticationRefused() const
    {
        return (failure == Failure::Http && (httpStatus == 401 || httpStatus == 403))
            || failure == Failure::Device;
    }
};

// Calls a terminal's REST API ({"code":200,"msg":"OK","data":…} answers) with the device's TLS
// trust rules and a per-request timeout. Small on purpose: call() is the core, the named calls
// are thin wrappers. Callbacks run on this object's thread; none runs after its destruction.
class DeviceRestClient final : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const RestResult &result)>;
    using LoginCallback = std::function<void(const RestResult &result, const QString &token)>;

    explicit DeviceRestClient(const DeviceConfig &config, QObject *parent = nullptr);
    ~DeviceRestClient() override;

    QUrl baseUrl() const { return m_baseUrl; }

    // Sent as "Authorization: Bearer <token>" with every call but login; empty: none.
    void setToken(const QString &token) { m_token = token; }
    QString token() const { return m_token; }

    // method: "GET", "POST"...; path: "/v1/…" (may carry a query); body: sent as JSON unless
    // undefined.
    void call(const QByteArray &method, const QString &path, const QJsonValue &body,
              const Callback &callback);

    // POST /v1/auth/login. On success the token is also kept for later calls. On failure
    // result.error reads "login failed: …".
    void login(const QString &username, const QString &password, int validMinutes,
               const LoginCallback &callback);
    // GET /v1/device/info; result.data is the info object.
    void deviceInfo(const Callback &callback);
    // POST /v1/device/door with {"open_mode": openMode}: 0 opens the door for the device's
    // usual time, 1 leaves it open, 2 keeps it closed.
    void openDoor(int openMode, const Callback &callback);

private:
    void send(const QByteArray &method, const QString &path, const QJsonValue &body, bool withToken,
              const Callback &callback);

    QNetworkAccessManager *m_network = nullptr;
    QUrl m_baseUrl;
    TlsTrust m_trust;
    int m_timeoutMs = 15000;
    qint64 m_maxAnswerBytes = 0;
    QString m_token;
};
