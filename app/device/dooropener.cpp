#include "dooropener.h"

#include "devicerestclient.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
// The answers are {"code","msg","data":null} and a token: a few hundred bytes. The bound keeps
// a device that answers with far more from costing anything on the thread that reads them.
constexpr qint64 maxDoorMessageBytes = qint64 { 16 } * 1024;
// The token serves one request; the shortest validity the device allows is enough.
constexpr int doorTokenMinutes = 1;
} // namespace

DoorOpener::DoorOpener(DeviceConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    qRegisterMetaType<DoorOpenResult>();
    m_config.maxIncomingMessageBytes = qMin(m_config.maxIncomingMessageBytes, maxDoorMessageBytes);
}

DoorOpener::~DoorOpener()
{
    // The client's callbacks use this object: it goes first, taking its requests with it.
    delete m_client;
}

QString DoorOpener::missingCredentialsText(const DeviceConfig &config)
{
    return tr("no credentials are configured for %1; add them in the device settings")
        .arg(config.name.isEmpty() ? config.url.host() : config.name);
}

void DoorOpener::open(int openMode)
{
    if (m_started)
        return;
    m_started = true;
    m_running = true;
    m_openMode = openMode;
    if (!m_config.hasCredentials()) {
        // Reported from the event loop like every other outcome, so that whoever called
        // open() can rely on `finished` coming later.
        QTimer::singleShot(0, this, [this] {
            finish(DoorOpenResult::Failure::NoCredentials, missingCredentialsText(m_config));
        });
        return;
    }
    m_client = new DeviceRestClient(m_config, this);
    m_client->login(m_config.username, m_config.password, doorTokenMinutes,
                    [this](const RestResult &result, const QString &) { onLogin(result); });
}

void DoorOpener::onLogin(const RestResult &result)
{
    using Failure = RestResult::Failure;
    if (result.ok()) {
        m_client->openDoor(m_openMode, [this](const RestResult &answer) { onDoor(answer); });
        return;
    }
    // result.error already reads "login failed: …".
    switch (result.failure) {
    case Failure::Network:
        finish(DoorOpenResult::Failure::Unreachable, result.error);
        break;
    case Failure::Tls:
        finish(DoorOpenResult::Failure::Tls, result.error);
        break;
    case Failure::Timeout:
        finish(DoorOpenResult::Failure::NoAnswer, result.error);
        break;
    default:
        if (result.isAuthenticationRefused()) {
            finish(DoorOpenResult::Failure::LoginRefused,
                   tr("login refused: %1")
                       .arg(result.message.isEmpty() ? tr("HTTP %1").arg(result.httpStatus)
                                                     : result.message));
        } else {
            finish(DoorOpenResult::Failure::BadAnswer, result.error);
        }
        break;
    }
}

void DoorOpener::onDoor(const RestResult &result)
{
    using Failure = RestResult::Failure;
    switch (result.failure) {
    case Failure::None:
        finish(DoorOpenResult::Failure::None, tr("door opened"));
        break;
    case Failure::Device:
        finish(DoorOpenResult::Failure::Refused,
               tr("the device refused to open the door: %1")
                   .arg(result.message.isEmpty() ? result.error : result.message));
        break;
    case Failure::Http:
        finish(DoorOpenResult::Failure::Refused,
               tr("the device refused to open the door: %1").arg(result.error));
        break;
    case Failure::Network:
        finish(DoorOpenResult::Failure::Unreachable,
               tr("the door request did not reach the device: %1").arg(result.error));
        break;
    case Failure::Tls:
        finish(DoorOpenResult::Failure::Tls, result.error);
        break;
    case Failure::Timeout:
        // The request was sent: the device may have acted on it without answering.
        finish(DoorOpenResult::Failure::NoAnswer,
               tr("%1; the door may have opened").arg(result.error));
        break;
    case Failure::BadAnswer:
        finish(DoorOpenResult::Failure::BadAnswer,
               tr("%1; the door may have opened").arg(result.error));
        break;
    }
}

void DoorOpener::finish(DoorOpenResult::Failure failure, const QString &message)
{
    if (!m_running)
        return;
    m_running = false;
    if (m_client) {
        // Possibly inside one of the client's callbacks: it goes later.
        m_client->deleteLater();
        m_client = nullptr;
    }
    emit finished(DoorOpenResult { failure, message });
}
