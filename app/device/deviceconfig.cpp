#include "deviceconfig.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

int BackoffPolicy::delayMs(int failures, double unitRandom) const
{
    const double base
        = std::max(1, initialMs) * std::pow(std::max(1.0, factor), std::max(0, failures));
    const double spread = 1.0 + std::clamp(jitter, 0.0, 1.0) * (2.0 * unitRandom - 1.0);
    // Capped after the jitter so that maxMs really is the longest an operator waits.
    const double delay = std::min(base, double(maxMs)) * spread;
    return int(std::clamp(delay, 0.0, double(std::max(0, maxMs))));
}

QUrl DeviceConfig::restBaseUrl() const
{
    if (!url.isValid() || url.host().isEmpty())
        return {};
    QUrl base;
    base.setScheme(isTls() ? u"https"_s : u"http"_s);
    base.setHost(url.host());
    base.setPort(url.port());
    return base;
}

std::optional<QUrl> DeviceConfig::parseEventUrl(const QString &text, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    auto fail = [error](const QString &why) -> std::optional<QUrl> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!url.isValid())
        return fail(tr("invalid device URL \"%1\": %2").arg(text, url.errorString()));
    if (url.scheme() != "ws"_L1 && url.scheme() != "wss"_L1)
        return fail(tr("invalid device URL \"%1\": the scheme must be ws:// or wss://").arg(text));
    if (url.host().isEmpty())
        return fail(tr("invalid device URL \"%1\": no host").arg(text));
    QUrl normalized = url;
    if (normalized.path().isEmpty() || normalized.path() == "/"_L1)
        normalized.setPath(u"/v1/event/"_s);
    return normalized;
}

std::optional<QByteArray> DeviceConfig::parseFingerprint(const QString &text, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<QByteArray> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QByteArray hex;
    hex.reserve(text.size());
    for (const QChar c : text) {
        if (c == u':' || c.isSpace())
            continue;
        const char16_t u = c.unicode();
        const bool isHex
            = (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
        if (!isHex)
            return fail(tr("invalid SHA-256 fingerprint \"%1\": '%2' is not a hex digit")
                            .arg(text, QString(c)));
        hex.append(char(u));
    }
    if (hex.size() != 64)
        return fail(tr("invalid SHA-256 fingerprint \"%1\": %2 hex digits, expected 64 (32 bytes)")
                        .arg(text)
                        .arg(hex.size()));
    return QByteArray::fromHex(hex);
}

QString DeviceConfig::formatFingerprint(const QByteArray &digest)
{
    return QString::fromLatin1(digest.toHex(':').toUpper());
}

std::optional<QList<QSslCertificate>> DeviceConfig::loadCaCertificates(const QString &pemPath,
                                                                       QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<QList<QSslCertificate>> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QFile file(pemPath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("cannot read CA certificate file %1: %2").arg(pemPath, file.errorString()));
    // A bundle of a few certificates is kilobytes; refuse to slurp something absurd.
    if (file.size() > qint64 { 16 } * 1024 * 1024)
        return fail(
            tr("CA certificate file %1 is too large to be a certificate bundle").arg(pemPath));
    const QList<QSslCertificate> certificates
        = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        return fail(tr("CA certificate file %1 holds no PEM certificate").arg(pemPath));
    for (const QSslCertificate &certificate : certificates) {
        if (certificate.isNull())
            return fail(tr("CA certificate file %1 holds an unreadable certificate").arg(pemPath));
    }
    return certificates;
}
