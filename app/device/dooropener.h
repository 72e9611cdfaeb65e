#pragma once

#include "deviceconfig.h"

#include <QMetaType>
#include <QObject>
#include <QString>

class DeviceRestClient;
struct RestResult;

// The outcome of one request to open a terminal's door, in words an operator understands.
struct DoorOpenResult final
{
    enum class Failure {
        None,
        NoCredentials, // nothing was sent: the device has no login configured
        LoginRefused, // the device refused the username or password
        Refused, // logged in, but the device said no to the door (its words in message)
        Unreachable, // no connection: host not found, connection refused...
        Tls, // the device's certificate was refused
        NoAnswer, // no complete answer in time; after the door request it may have opened
        BadAnswer, // an answer that is not the device's JSON
    };

    Failure failure = Failure::None;
    // "door opened", or why not: "login refused: invalid username or password".
    QString message;

    bool ok() const { return failure == Failure::None; }
    bool operator==(const DoorOpenResult &) const = default;
};

Q_DECLARE_METATYPE(DoorOpenResult)

// Opens one terminal's door: logs in with the device's credentials (its own TLS trust, as the
// event connection uses it), then POST /v1/device/door. A device without credentials is
// refused at once, without any network traffic. Everything is asynchronous on the thread the
// opener lives on (the answers are two small JSON objects, capped), so the GUI thread can run
// it; `finished` reports once, never from inside open(). Deleting the opener aborts its
// requests.
class DoorOpener final : public QObject
{
    Q_OBJECT

public:
    explicit DoorOpener(DeviceConfig config, QObject *parent = nullptr);
    ~DoorOpener() override;

    // The error a device without credentials gets, naming it.
    static QString missingCredentialsText(const DeviceConfig &config);

    // Starts the request: openMode 0 opens the door for the device's usual time (1 normally
    // open, 2 normally closed). Call it once.
    void open(int openMode = 0);
    bool isRunning() const { return m_running; }

signals:
    void finished(const DoorOpenResult &result);

private:
    void onLogin(const RestResult &result);
    void onDoor(const RestResult &result);
    void finish(DoorOpenResult::Failure failure, const QString &message);

    DeviceConfig m_config;
    int m_openMode = 0;
    DeviceRestClient *m_client = nullptr;
    bool m_running = false;
    bool m_started = false;
};
