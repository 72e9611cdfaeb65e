#include "tlstrust.h"

#include "deviceconfig.h"

#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QPointer>
#include <QSslSocket>
#include <QWebSocket>

#include <memory>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcDevice)

namespace {

QString certificateName(const QStringList &commonNames, const QStringList &organizations)
{
    QString name = commonNames.isEmpty() ? QString() : u"CN="_s + commonNames.join(u", "_s);
    if (!organizations.isEmpty())
        name += (name.isEmpty() ? QString() : u", "_s) + u"O="_s + organizations.join(u", "_s);
    return name.isEmpty() ? TlsTrust::tr("(no name)") : name;
}

// The certificate of the server itself. QSslError::certificate() is the certificate at the
// failing depth, which for chain problems is an intermediate or the root, so the peer's own
// certificate is preferred.
QSslCertificate leafCertificate(const QSslCertificate &peer, const QList<QSslError> &errors)
{
    if (!peer.isNull())
        return peer;
    for (const QSslError &error : errors) {
        if (!error.certificate().isNull())
            return error.certificate();
    }
    return QSslCertificate();
}

bool hasError(const QList<QSslError> &errors, QSslError::SslError which)
{
    return std::any_of(errors.begin(), errors.end(),
                       [which](const QSslError &error) { return error.error() == which; });
}

} // namespace

TlsTrust::TlsTrust(const QList<QByteArray> &pinnedSha256, const QList<QSslCertificate> &extraCas)
    : m_pins(pinnedSha256)
    , m_configuration(QSslConfiguration::defaultConfiguration())
{
    m_configuration.setProtocol(QSsl::TlsV1_2OrLater);
    m_configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!m_pins.isEmpty()) {
        // A pinned device is trusted for its certificate alone, never for its chain. Without
        // any CA the chain cannot verify, so Qt always reports sslErrors during the handshake,
        // before the upgrade request (with its bearer token) is written, and the pin is
        // checked there. judgeEstablished() stays as a second line of defence.
        m_configuration.setCaCertificates({});
    } else if (!extraCas.isEmpty()) {
        // addCaCertificates() would switch off Qt's on-demand loading of the system store,
        // so the system certificates are listed explicitly.
        m_configuration.setCaCertificates(QSslConfiguration::systemCaCertificates() + extraCas);
    }
}

TlsTrust TlsTrust::fromConfig(const DeviceConfig &config)
{
    return TlsTrust(config.pinnedSha256, config.caCertificates);
}

QByteArray TlsTrust::sha256(const QSslCertificate &certificate)
{
    return certificate.digest(QCryptographicHash::Sha256);
}

bool TlsTrust::isPinned(const QSslCertificate &certificate) const
{
    return !certificate.isNull() && m_pins.contains(sha256(certificate));
}

QString TlsTrust::describeCertificate(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return tr("no certificate presented");
    const QString format = u"yyyy-MM-dd"_s;
    return tr("SHA-256 %1; subject %2; issuer %3; valid %4 to %5")
        .arg(DeviceConfig::formatFingerprint(sha256(certificate)), subjectName(certificate),
             issuerName(certificate), certificate.effectiveDate().toUTC().toString(format),
             certificate.expiryDate().toUTC().toString(format));
}

QString TlsTrust::subjectName(const QSslCertificate &certificate)
{
    return certificateName(certificate.subjectInfo(QSslCertificate::CommonName),
                           certificate.subjectInfo(QSslCertificate::Organization));
}

QString TlsTrust::issuerName(const QSslCertificate &certificate)
{
    return certificateName(certificate.issuerInfo(QSslCertificate::CommonName),
                           certificate.issuerInfo(QSslCertificate::Organization));
}

TlsTrust::Verdict TlsTrust::refusal(const QString &headline, const QSslCertificate &peer,
                                    const QList<QSslError> &errors, const QString &advice)
{
    QStringList errorTexts;
    for (const QSslError &error : errors)
        errorTexts.append(error.errorString());
    errorTexts.removeDuplicates();
    QString text = headline + u": "_s + describeCertificate(peer);
    if (!errorTexts.isEmpty())
        text += u"; "_s + tr("TLS errors: %1").arg(errorTexts.join(u", "_s));
    if (!advice.isEmpty())
        text += u"; "_s + advice;
    Verdict verdict;
    verdict.reason = text;
    verdict.certificate = peer;
    verdict.errors = errors;
    return verdict;
}

TlsTrust::Verdict TlsTrust::judgeErrors(const QSslCertificate &peer,
                                        const QList<QSslError> &errors) const
{
    const QSslCertificate leaf = leafCertificate(peer, errors);
    Verdict verdict;
    verdict.certificate = leaf;
    if (hasPins()) {
        if (isPinned(leaf)) {
            verdict.accepted = true;
            verdict.errorsToIgnore = errors;
            return verdict;
        }
        verdict = refusal(
            tr("certificate does not match the pinned SHA-256 fingerprint (changed or replaced)"),
            leaf, errors,
            tr("if the device's certificate was renewed on purpose, pin the new fingerprint "
               "with --pin-sha256"));
        verdict.refusal = leaf.isNull() ? Refusal::NoCertificate : Refusal::Changed;
        return verdict;
    }

    QString headline;
    if (leaf.isNull())
        headline = tr("no certificate presented");
    else if (hasError(errors, QSslError::SelfSignedCertificate))
        headline = tr("certificate not trusted (self-signed)");
    else if (hasError(errors, QSslError::CertificateExpired))
        headline = tr("certificate expired");
    else if (hasError(errors, QSslError::CertificateNotYetValid))
        headline = tr("certificate not yet valid");
    else if (hasError(errors, QSslError::HostNameMismatch))
        headline = tr("certificate issued for another host name");
    else if (hasError(errors, QSslError::UnableToGetLocalIssuerCertificate)
             || hasError(errors, QSslError::SelfSignedCertificateInChain)
             || hasError(errors, QSslError::UnableToVerifyFirstCertificate)
             || hasError(errors, QSslError::UnableToGetIssuerCertificate))
        headline = tr("certificate not trusted (unknown issuer)");
    else
        headline = tr("certificate not trusted");
    verdict = refusal(headline, leaf, errors,
                      leaf.isNull()
                          ? QString()
                          : tr("pin it with --pin-sha256 (or give its CA with --ca-cert) to trust "
                               "this device"));
    verdict.refusal = leaf.isNull() ? Refusal::NoCertificate : Refusal::Untrusted;
    return verdict;
}

TlsTrust::Verdict TlsTrust::judgeEstablished(const QSslCertificate &peer) const
{
    Verdict verdict;
    verdict.certificate = peer;
    if (!hasPins() || isPinned(peer)) {
        verdict.accepted = true;
        return verdict;
    }
    verdict = refusal(
        tr("certificate does not match the pinned SHA-256 fingerprint (changed or replaced)"), peer,
        {},
        tr("if the device's certificate was renewed on purpose, pin the new fingerprint with "
           "--pin-sha256"));
    verdict.refusal = peer.isNull() ? Refusal::NoCertificate : Refusal::Changed;
    return verdict;
}

void TlsTrust::attach(QWebSocket *socket, QObject *context, const RefusedCallback &onRefused) const
{
    // One report per socket, whichever check fires first.
    auto reported = std::make_shared<bool>(false);
    auto refuse = [onRefused, reported](const Verdict &verdict) {
        if (*reported)
            return;
        *reported = true;
        onRefused(verdict);
    };
    // QWebSocket does not forward its QSslSocket's encrypted() nor expose the peer certificate
    // before the upgrade completes; the QSslSocket it creates in open() is its child.
    QPointer<QSslSocket> sslSocket = socket->findChild<QSslSocket *>();
    const TlsTrust trust = *this;

    QObject::connect(socket, &QWebSocket::sslErrors, context,
                     [trust, socket, sslSocket, refuse](const QList<QSslError> &errors) {
                         const QSslCertificate peer
                             = sslSocket ? sslSocket->peerCertificate() : QSslCertificate();
                         const Verdict verdict = trust.judgeErrors(peer, errors);
                         if (verdict.accepted) {
                             qCDebug(lcDevice) << "pinned certificate accepted, ignoring"
                                               << verdict.errorsToIgnore;
                             socket->ignoreSslErrors(verdict.errorsToIgnore);
                         } else {
                             // Not ignoring the errors makes Qt abort the handshake.
                             refuse(verdict);
                         }
                     });
    if (sslSocket) {
        QObject::connect(sslSocket, &QSslSocket::encrypted, context, [trust, sslSocket, refuse] {
            const Verdict verdict = trust.judgeEstablished(sslSocket->peerCertificate());
            if (!verdict.accepted) {
                refuse(verdict);
                sslSocket->abort();
            }
        });
    }
    QObject::connect(socket, &QWebSocket::connected, context, [trust, socket, refuse] {
        const Verdict verdict
            = trust.judgeEstablished(socket->sslConfiguration().peerCertificate());
        if (!verdict.accepted) {
            refuse(verdict);
            socket->abort();
        }
    });
}

void TlsTrust::attach(QNetworkReply *reply, QObject *context,
                      const RefusedCallback &onRefused) const
{
    auto reported = std::make_shared<bool>(false);
    auto refuse = [onRefused, reported](const Verdict &verdict) {
        if (*reported)
            return;
        *reported = true;
        onRefused(verdict);
    };
    const TlsTrust trust = *this;
    QObject::connect(reply, &QNetworkReply::sslErrors, context,
                     [trust, reply, refuse](const QList<QSslError> &errors) {
                         const Verdict verdict = trust.judgeErrors(
                             reply->sslConfiguration().peerCertificate(), errors);
                         if (verdict.accepted)
                             reply->ignoreSslErrors(verdict.errorsToIgnore);
                         else
                             refuse(verdict);
                     });
    // QNetworkReply::encrypted comes before any request data is sent.
    QObject::connect(reply, &QNetworkReply::encrypted, context, [trust, reply, refuse] {
        const Verdict verdict = trust.judgeEstablished(reply->sslConfiguration().peerCertificate());
        if (!verdict.accepted) {
            refuse(verdict);
            reply->abort();
        }
    });
}
