#pragma once

#include "device/deviceconfig.h"
#include "event/snapshot.h"

#include <QImage>
#include <QObject>
#include <QString>

class DeviceRestClient;
struct RestResult;

// Fetches a person's enrolled photo from a device, entirely on the thread it lives on: log in
// (the device's own TLS trust), GET /v1/user/id/{id}, read the answer's JSON, decode the
// base64 avatar and the JPEG. It reports once, with `finished`. Deleting it aborts the
// requests. The detail view runs it on a thread of its own, so none of this touches the GUI
// thread.
class EnrolledPhotoFetcher final : public QObject
{
    Q_OBJECT

public:
    EnrolledPhotoFetcher(DeviceConfig config, QString userId, const SnapshotLimits &limits,
                         QObject *parent = nullptr);
    ~EnrolledPhotoFetcher() override;

    // Starts the fetch; call it on the fetcher's thread (queued).
    void start();

signals:
    // `status` says what happened in words: "Enrolled photo of user 42", "login failed: …",
    // "the device has no photo for user 42…".
    void finished(bool ok, const QImage &image, const QString &status);

private:
    void onLogin(const RestResult &result);
    void onUserRecord(const RestResult &result);
    void finish(bool ok, const QImage &image, const QString &status);

    DeviceConfig m_config;
    QString m_userId;
    SnapshotLimits m_limits;
    DeviceRestClient *m_client = nullptr;
    bool m_finished = false;
};
