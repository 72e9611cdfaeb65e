#include "certificatetrustdialog.h"

#include "device/deviceconfig.h"
#include "device/tlstrust.h"
#include "icons.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString names(const QStringList &commonNames, const QStringList &organizations,
              const QStringList &units)
{
    QStringList parts;
    if (!commonNames.isEmpty())
        parts << commonNames.join(u", "_s);
    if (!units.isEmpty())
        parts << units.join(u", "_s);
    if (!organizations.isEmpty())
        parts << organizations.join(u", "_s);
    return parts.isEmpty() ? CertificateTrustDialog::tr("(no name)") : parts.join(u" — "_s);
}

QLabel *selectableLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

QLabel *fingerprintLabel(const QByteArray &digest, QWidget *parent)
{
    auto *label = selectableLabel(CertificateTrustDialog::groupedFingerprint(digest), parent);
    label->setWordWrap(false);
    label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return label;
}

// A framed line with an icon, in fixed colours that read on light and dark palettes alike.
QWidget *warningBox(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *box = new QFrame(parent);
    box->setObjectName(objectName);
    box->setAutoFillBackground(true);
    box->setFrameShape(QFrame::StyledPanel);
    QPalette palette = box->palette();
    palette.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xea));
    palette.setColor(QPalette::WindowText, QColor(0x5f, 0x14, 0x12));
    box->setPalette(palette);
    auto *layout = new QHBoxLayout(box);
    auto *icon = new QLabel(box);
    icon->setPixmap(Icons::pixmap(u"alert"_s, 32, box->devicePixelRatioF()));
    icon->setAlignment(Qt::AlignTop);
    layout->addWidget(icon);
    auto *label = new QLabel(text, box);
    label->setObjectName(objectName + u"Text"_s);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setAccessibleName(text);
    layout->addWidget(label, 1);
    return box;
}

} // namespace

CertificateTrustDialog::CertificateTrustDialog(const QString &deviceName,
                                               const QSslCertificate &certificate,
                                               const QList<QByteArray> &pinned, QWidget *parent,
                                               const QDateTime &now)
    : QDialog(parent)
    , m_sha256(TlsTrust::sha256(certificate))
    , m_change(!pinned.isEmpty() && !pinned.contains(m_sha256))
{
    setObjectName(u"certificateTrustDialog"_s);
    setWindowTitle(m_change ? tr("Certificate changed — %1").arg(deviceName)
                            : tr("Trust the certificate of %1?").arg(deviceName));
    auto *layout = new QVBoxLayout(this);

    if (m_change) {
        layout->addWidget(warningBox(
            tr("\"%1\" now presents a certificate that is not the one you pinned, and "
               "GateWatch refuses it until you pin it again. A device presents a new "
               "certificate after a factory reset or a certificate renewal, but so would "
               "anything pretending to be the device: pin it only after checking the new "
               "fingerprint on the device itself.")
                .arg(deviceName),
            u"changeWarning"_s, this));
    } else {
        auto *intro = new QLabel(
            tr("GateWatch cannot verify \"%1\": its certificate is not signed by an authority "
               "this computer trusts, as is usual for terminals, which make their own. Compare "
               "the fingerprint below with the one the device shows (or the one its installer "
               "noted) before you trust it. Once pinned, GateWatch accepts this certificate "
               "for this device only, and refuses any other.")
                .arg(deviceName),
            this);
        intro->setObjectName(u"intro"_s);
        intro->setTextFormat(Qt::PlainText);
        intro->setWordWrap(true);
        layout->addWidget(intro);
    }

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    QLabel *fingerprint = fingerprintLabel(m_sha256, this);
    fingerprint->setObjectName(u"fingerprint"_s);
    fingerprint->setAccessibleName(tr("SHA-256 fingerprint"));
    form->addRow(m_change ? tr("New SHA-256 fingerprint:") : tr("SHA-256 fingerprint:"),
                 fingerprint);
    if (m_change) {
        for (const QByteArray &pin : pinned) {
            QLabel *old = fingerprintLabel(pin, this);
            old->setObjectName(u"pinnedFingerprint"_s);
            old->setAccessibleName(tr("Pinned SHA-256 fingerprint"));
            form->addRow(tr("Pinned fingerprint:"), old);
        }
    }

    QLabel *subject
        = selectableLabel(names(certificate.subjectInfo(QSslCertificate::CommonName),
                                certificate.subjectInfo(QSslCertificate::Organization),
                                certificate.subjectInfo(QSslCertificate::OrganizationalUnitName)),
                          this);
    subject->setObjectName(u"subject"_s);
    form->addRow(tr("Issued to:"), subject);
    const bool selfSigned = certificate.isSelfSigned();
    QLabel *issuer = selectableLabel(
        selfSigned ? tr("itself (a self-signed certificate)")
                   : names(certificate.issuerInfo(QSslCertificate::CommonName),
                           certificate.issuerInfo(QSslCertificate::Organization),
                           certificate.issuerInfo(QSslCertificate::OrganizationalUnitName)),
        this);
    issuer->setObjectName(u"issuer"_s);
    form->addRow(tr("Issued by:"), issuer);

    const QLocale locale;
    const auto when = [&locale](const QDateTime &time) {
        return locale.toString(time.toLocalTime(), QLocale::LongFormat);
    };
    form->addRow(tr("Valid from:"), selectableLabel(when(certificate.effectiveDate()), this));
    form->addRow(tr("Valid until:"), selectableLabel(when(certificate.expiryDate()), this));
    layout->addLayout(form);

    const QDateTime current = now.isValid() ? now : QDateTime::currentDateTimeUtc();
    if (certificate.expiryDate() < current)
        m_validityWarning = tr("This certificate expired on %1. A device with an expired "
                               "certificate may have a wrong clock or need a new certificate.")
                                .arg(locale.toString(certificate.expiryDate().toLocalTime(),
                                                     QLocale::ShortFormat));
    else if (certificate.effectiveDate() > current)
        m_validityWarning
            = tr("This certificate is not valid yet: it starts on %1. The device's clock, or "
                 "this computer's, may be wrong.")
                  .arg(locale.toString(certificate.effectiveDate().toLocalTime(),
                                       QLocale::ShortFormat));
    if (!m_validityWarning.isEmpty())
        layout->addWidget(warningBox(m_validityWarning, u"validityWarning"_s, this));

    auto *buttons = new QDialogButtonBox(this);
    m_trust = buttons->addButton(m_change ? tr("&Trust the new certificate and pin it")
                                          : tr("&Trust and pin"),
                                 QDialogButtonBox::AcceptRole);
    m_trust->setObjectName(u"trustButton"_s);
    m_trust->setIcon(Icons::icon(u"certificate"_s, palette()));
    m_trust->setAutoDefault(false);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    m_cancel->setFocus();
}

QString CertificateTrustDialog::groupedFingerprint(const QByteArray &digest)
{
    const QString flat = DeviceConfig::formatFingerprint(digest);
    // 16 bytes are 16 × "AB" + 15 colons: break after the 16th byte's colon.
    constexpr qsizetype LineLength = 16 * 3;
    if (flat.size() <= LineLength)
        return flat;
    return flat.left(LineLength - 1) + u'\n' + flat.mid(LineLength);
}
