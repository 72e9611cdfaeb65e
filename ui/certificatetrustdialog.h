#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QDialog>
#include <QList>
#include <QSslCertificate>
#include <QString>

class QPushButton;

// Asks an operator whether to trust a certificate a device presented, by pinning its SHA-256
// fingerprint (trust on first use). Shows what there is to check: the fingerprint grouped for
// reading aloud and comparing, subject, issuer, validity (with a warning when it has expired or
// is not valid yet). When the device already has pins and presented another certificate, the
// dialog says loudly that the certificate changed and shows the pinned fingerprints beside the
// new one. Cancel is the default button: pinning is a decision, never the result of Enter.
class CertificateTrustDialog final : public QDialog
{
    Q_OBJECT

public:
    // `pinned`: the device's current pins (raw SHA-256 digests). `now` decides expiry; a null
    // one means the current time.
    CertificateTrustDialog(const QString &deviceName, const QSslCertificate &certificate,
                           const QList<QByteArray> &pinned, QWidget *parent = nullptr,
                           const QDateTime &now = {});

    // The device has pins and this certificate is not one of them.
    bool isChange() const { return m_change; }
    // What to pin when accepted: the presented certificate's raw SHA-256 digest.
    QByteArray sha256() const { return m_sha256; }
    QPushButton *trustButton() const { return m_trust; }
    QPushButton *cancelButton() const { return m_cancel; }
    // The validity warning shown ("" when the certificate is valid now).
    QString validityWarning() const { return m_validityWarning; }

    // The fingerprint as AB:CD:… in two lines of 16 bytes, easier to compare than one long line.
    static QString groupedFingerprint(const QByteArray &digest);

private:
    QByteArray m_sha256;
    bool m_change = false;
    QString m_validityWarning;
    QPushButton *m_trust = nullptr;
    QPushButton *m_cancel = nullptr;
};
