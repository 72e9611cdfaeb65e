#include "devicerestclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcDevice)

namespace {

QString describeNetworkError(QNetworkReply *reply, const QUrl &url)
{
    const QString where = url.host() + u':' + QString::number(url.port());
    switch (reply->error()) {
    case QNetworkReply::HostNotFoundError:
        return DeviceRestClient::tr("host not found: %1").arg(url.host());
    case QNetworkReply::ConnectionRefusedError:
        return DeviceRestClient::tr("connection refused by %1").arg(where);
    case QNetworkReply::RemoteHostClosedError:
        return DeviceRestClient::tr("%1 closed the connection before answering").arg(where);
    case QNetworkReply::SslHandshakeFailedError:
        return DeviceRestClient::tr("TLS handshake with %1 failed: %2")
            .arg(where, reply->errorString());
    default:
        return reply->errorString();
    }
}

} // namespace

DeviceRestClient::DeviceRestClient(const DeviceConfig &config, QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_baseUrl(config.restBaseUrl())
    , m_trust(TlsTrust::fromConfig(config))
    , m_timeoutMs(config.requestTimeoutMs)
    // A history page holds up to 25 events with their snapshots; a few times the event cap
    // leaves room for that and still bounds memory.
    , m_maxAnswerBytes(4 * config.maxIncomingMessageBytes)
{ }

DeviceRestClient::~DeviceRestClient() = default;

void DeviceRestClient::call(const QByteArray &method, const QString &path, const QJsonValue &body,
                            const Callback &callback)
{
    send(method, path, body, true, callback);
}

void DeviceRestClient::send(const QByteArray &method, const QString &path, const QJsonValue &body,
                            bool withToken, const Callback &callback)
{
    QUrl url = m_baseUrl;
    const qsizetype queryStart = path.indexOf(u'?');
    url.setPath(queryStart < 0 ? path : path.left(queryStart));
    if (queryStart >= 0)
        url.setQuery(path.mid(queryStart + 1));

    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    if (url.scheme() == "https"_L1)
        request.setSslConfiguration(m_trust.sslConfiguration());
    if (withToken && !m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());

    QByteArray payload;
    if (!body.isUndefined()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        payload = body.isObject() ? QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact)
            : body.isArray()      ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                  : QByteArray();
    }
    QNetworkReply *reply = m_network->sendCustomRequest(request, method, payload);

    auto tlsRefusal = std::make_shared<std::optional<TlsTrust::Verdict>>();
    auto tooLarge = std::make_shared<bool>(false);
    auto encrypted = std::make_shared<bool>(false);
    connect(reply, &QNetworkReply::encrypted, this, [encrypted] { *encrypted = true; });
    m_trust.attach(reply, this,
                   [tlsRefusal](const TlsTrust::Verdict &verdict) { *tlsRefusal = verdict; });
    connect(reply, &QNetworkReply::downloadProgress, this,
            [reply, tooLarge, limit = m_maxAnswerBytes](qint64 received, qint64 total) {
                if (limit > 0 && (received > limit || total > limit)) {
                    *tooLarge = true;
                    reply->abort();
                }
            });

    connect(
        reply, &QNetworkReply::finished, this,
        [this, reply, url, callback, tlsRefusal, tooLarge, encrypted, method] {
            reply->deleteLater();
            RestResult result;
            result.encrypted = *encrypted;
            result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            // An aborted reply (timeout, refused certificate) is closed; reading it only warns.
            const QByteArray answer = reply->isOpen() ? reply->readAll() : QByteArray();

            if (tlsRefusal->has_value()) {
                result.failure = RestResult::Failure::Tls;
                result.error = (*tlsRefusal)->reason;
                result.tlsRefusal = **tlsRefusal;
            } else if (*tooLarge) {
                result.failure = RestResult::Failure::BadAnswer;
                result.error = tr("the answer is larger than %1 bytes").arg(m_maxAnswerBytes);
            } else if (reply->error() == QNetworkReply::OperationCanceledError
                       || reply->error() == QNetworkReply::TimeoutError) {
                // setTransferTimeout() cancels the reply; nothing else here does.
                result.failure = RestResult::Failure::Timeout;
                result.error
                    = tr("no answer from %1 within %2 s").arg(url.host()).arg(m_timeoutMs / 1000.0);
            } else if (result.httpStatus == 0) {
                result.failure = RestResult::Failure::Network;
                result.networkError = reply->error();
                result.error = describeNetworkError(reply, url);
            }

            if (result.failure == RestResult::Failure::None) {
                QJsonParseError parseError;
                const QJsonDocument document = QJsonDocument::fromJson(answer, &parseError);
                const QJsonObject object = document.object();
                if (document.isObject()) {
                    result.code = object.value("code"_L1).toInt();
                    result.message = object.value("msg"_L1).toString();
                    result.data = object.value("data"_L1);
                }
                const QString reason
                    = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
                if (result.httpStatus < 200 || result.httpStatus > 299) {
                    result.failure = RestResult::Failure::Http;
                    // The device's own words, unless they only repeat the status.
                    result.error = result.message.isEmpty() || result.message == reason
                        ? tr("HTTP %1 %2").arg(result.httpStatus).arg(reason)
                        : tr("HTTP %1 %2 (%3)").arg(result.httpStatus).arg(reason, result.message);
                } else if (!document.isObject() || !object.contains("code"_L1)) {
                    result.failure = RestResult::Failure::BadAnswer;
                    result.error = tr("the device's answer is not its usual JSON: %1")
                                       .arg(parseError.error != QJsonParseError::NoError
                                                ? parseError.errorString()
                                                : tr("no \"code\" field"));
                } else if (result.code != 200) {
                    result.failure = RestResult::Failure::Device;
                    result.error = result.message.isEmpty()
                        ? tr("the device answered code %1").arg(result.code)
                        : tr("the device answered code %1: %2")
                              .arg(result.code)
                              .arg(result.message);
                }
            }
            if (!result.ok()) {
                qCDebug(lcDevice).noquote()
                    << method << url.toDisplayString() << "failed:" << result.error;
            }
            callback(result);
        });
}

void DeviceRestClient::login(const QString &username, const QString &password, int validMinutes,
                             const LoginCallback &callback)
{
    const QJsonObject body {
        { "username"_L1, username },
        { "password"_L1, password },
        { "validTime"_L1, validMinutes },
    };
    // The login call must not carry a token of its own (an expired one could confuse it).
    send("POST", u"/v1/auth/login"_s, body, false, [this, callback](RestResult result) {
        QString token;
        if (result.ok()) {
            token = result.data.toObject().value("token"_L1).toString();
            if (token.isEmpty()) {
                result.failure = RestResult::Failure::BadAnswer;
                result.error = tr("the device's login answer holds no token");
            }
        }
        if (result.ok()) {
            m_token = token;
        } else {
            // The device's own words when it gave some, else what went wrong on the way.
            const QString why = result.isAuthenticationRefused() && !result.message.isEmpty()
                ? result.message
                : result.error;
            result.error = tr("login failed: %1").arg(why);
        }
        callback(result, token);
    });
}

void DeviceRestClient::deviceInfo(const Callback &callback)
{
    call("GET", u"/v1/device/info"_s, QJsonValue(QJsonValue::Undefined), callback);
}

void DeviceRestClient::openDoor(int openMode, const Callback &callback)
{
    call("POST", u"/v1/device/door"_s, QJsonObject { { "open_mode"_L1, openMode } }, callback);
}
