#include "enrolledphotofetcher.h"

#include "device/devicerestclient.h"

#include <QJsonObject>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {
// One enrolled photo is a single JPEG of some hundred KiB; the bound keeps a device that
// answers with far more from costing more than a few times that.
constexpr qint64 maxPhotoMessageBytes = qint64 { 1024 } * 1024;
// The token serves one request; the shortest validity the device allows is enough.
constexpr int photoTokenMinutes = 1;
// Larger than any screen the dialog is shown on.
constexpr QSize maxDecodedSize(4096, 4096);
} // namespace

EnrolledPhotoFetcher::EnrolledPhotoFetcher(DeviceConfig config, QString userId,
                                           const SnapshotLimits &limits, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_userId(std::move(userId))
    , m_limits(limits)
{
    m_config.maxIncomingMessageBytes = qMin(m_config.maxIncomingMessageBytes, maxPhotoMessageBytes);
}

EnrolledPhotoFetcher::~EnrolledPhotoFetcher()
{
    // The client's callbacks use this object: it goes first, taking its requests with it.
    delete m_client;
}

void EnrolledPhotoFetcher::start()
{
    m_client = new DeviceRestClient(m_config, this);
    m_client->login(m_config.username, m_config.password, photoTokenMinutes,
                    [this](const RestResult &result, const QString &) { onLogin(result); });
}

void EnrolledPhotoFetcher::onLogin(const RestResult &result)
{
    if (!result.ok()) {
        finish(false, {}, result.error); // "login failed: …"
        return;
    }
    m_client->call("GET",
                   u"/v1/user/id/"_s + QString::fromLatin1(QUrl::toPercentEncoding(m_userId)),
                   QJsonValue(QJsonValue::Undefined),
                   [this](const RestResult &answer) { onUserRecord(answer); });
}

void EnrolledPhotoFetcher::onUserRecord(const RestResult &result)
{
    if (!result.ok()) {
        if (result.httpStatus == 404 || result.code == 404)
            finish(false, {},
                   tr("the device has no photo for user %1: it does not know this user")
                       .arg(m_userId));
        else
            finish(false, {}, tr("fetching the enrolled photo failed: %1").arg(result.error));
        return;
    }
    const QString avatar = result.data.toObject().value("avatar"_L1).toString();
    if (avatar.isEmpty()) {
        finish(false, {}, tr("the device has no photo for user %1").arg(m_userId));
        return;
    }
    // Checked as strictly as event snapshots. Anything outside Latin-1 becomes '?', which
    // the strict decoder rejects.
    QString error;
    const std::optional<QByteArray> jpeg = Snapshot::decodeBase64Strict(QStringView(avatar), &error);
    QImage image;
    if (jpeg)
        image = Snapshot::decodeScaled(*jpeg, maxDecodedSize, m_limits, &error);
    if (image.isNull()) {
        finish(false, {}, tr("the enrolled photo cannot be shown: %1").arg(error));
        return;
    }
    finish(true, image, tr("Enrolled photo of user %1").arg(m_userId));
}

void EnrolledPhotoFetcher::finish(bool ok, const QImage &image, const QString &status)
{
    if (m_finished)
        return;
    m_finished = true;
    // Possibly inside one of the client's callbacks: it goes later.
    m_client->deleteLater();
    m_client = nullptr;
    emit finished(ok, image, status);
}
