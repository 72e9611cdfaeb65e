// The device editor and the certificate trust dialog, offscreen: what an operator types is
// checked as it is typed, with the specific problem under the field and OK disabled while there
// is one; the device and password come back as typed; a refusal keeps the dialog open; pins
// are listed, removed and replaced. The trust dialog shows the fingerprint to compare, warns
// about a changed, expired or not yet valid certificate, and defaults to Cancel.

#include "../common/loginsimulator.h"
#include "certificatetrustdialog.h"
#include "device/credentialstore.h"
#include "device/deviceconfig.h"
#include "device/tlstrust.h"
#include "deviceeditordialog.h"

#include <QCheckBox>
#include <QFile>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr int Timeout = 20'000;

QSslCertificate certificate(const QString &name)
{
    QFile file(QStringLiteral(GATEWATCH_TEST_DATA) + u"/tls/"_s + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return QSslCertificate(file.readAll(), QSsl::Pem);
}

SiteDevice frontDoor()
{
    SiteDevice device;
    device.id = u"6f1c0a52-3f7e-4e0c-9a53-0d5f3c1b2a11"_s;
    device.name = u"Front door"_s;
    device.location = u"Building A"_s;
    device.host = u"10.0.0.5"_s;
    device.port = 8443;
    device.username = u"admin"_s;
    device.pinnedSha256 = { QByteArray(32, 'a'), QByteArray(32, 'b') };
    return device;
}

// Types into a line edit as an operator would: the text is replaced key by key.
void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

// The editor for a new device at the simulated terminal, filled in as an operator would.
void fillFor(DeviceEditorDialog &dialog, const DeviceSimulator &simulator, const QString &password)
{
    typeInto(dialog.nameEdit(), u"Front door"_s);
    typeInto(dialog.hostEdit(), u"127.0.0.1"_s);
    typeInto(dialog.portEdit(), QString::number(simulator.port(0)));
    dialog.tlsBox()->setChecked(simulator.options().tls);
    typeInto(dialog.usernameEdit(), LoginSimulator::user());
    typeInto(dialog.passwordEdit(), password);
}

// Clicks Test connection and waits for its result.
std::optional<ConnectionTestResult> runTest(DeviceEditorDialog &dialog)
{
    QSignalSpy finished(&dialog, &DeviceEditorDialog::testFinished);
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    if (!finished.wait(Timeout))
        return std::nullopt;
    return finished.at(0).at(0).value<ConnectionTestResult>();
}

} // namespace

class TestDeviceEditorDialog final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<ConnectionTestResult>(); }
    void hostProblems_data();
    void hostProblems();
    void portProblems_data();
    void portProblems();
    void newDeviceShowsProblemsOnlyOnceTyped();
    void nameAndPathProblems();
    void editedDeviceComesBackAsTyped();
    void passwordIsKeptUnlessTouched();
    void passwordFieldSaysWhereItIsKept();
    void showPasswordToggle();
    void refusedApplyKeepsTheDialogOpen();
    void pinsAreListedRemovedAndReplaced();
    void testConnectionReportsTheDevice();
    void testConnectionOffersToPinAnUntrustedCertificate();
    void testConnectionShowsAChangedCertificate();
    void testConnectionSaysWhatFailed();
    void testConnectionUsesTheStoredPassword();

    void trustDialogForAnUntrustedCertificate();
    void trustDialogForAChangedCertificate();
    void trustDialogWarnsAboutValidity();
    void trustDialogIsAcceptedOnlyExplicitly();
};

void TestDeviceEditorDialog::hostProblems_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("problem"); // a part of the message; empty: none

    QTest::newRow("empty") << QString() << u"host is empty"_s;
    QTest::newRow("space inside") << u"door 1.local"_s << u"contains spaces"_s;
    QTest::newRow("trailing space") << u"door1.local "_s << u"contains spaces"_s;
    QTest::newRow("scheme") << u"wss://10.0.0.5"_s << u"without \"wss://\""_s;
    QTest::newRow("path") << u"10.0.0.5/v1/event"_s << u"without a path"_s;
    QTest::newRow("port after host") << u"door1.local:8000"_s << u"port goes in its own field"_s;
    QTest::newRow("bad character") << u"door1!.local"_s << u"contains '!'"_s;
    QTest::newRow("empty label") << u"door1..local"_s << u"empty part between dots"_s;
    QTest::newRow("name") << u"door1.site.local"_s << QString();
    QTest::newRow("IPv4") << u"192.168.1.20"_s << QString();
    QTest::newRow("IPv6") << u"fe80::1"_s << QString();
    QTest::newRow("IPv6 in brackets") << u"[fe80::1]"_s << QString();
}

void TestDeviceEditorDialog::hostProblems()
{
    QFETCH(QString, host);
    QFETCH(QString, problem);
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Edit, frontDoor(), nullptr);
    dialog.show();
    typeInto(dialog.hostEdit(), host);

    QLabel *label = dialog.hostProblemLabel();
    QCOMPARE(label->accessibleName(), u"Host problem"_s);
    if (problem.isEmpty()) {
        QVERIFY(label->isHidden());
        QVERIFY(dialog.okButton()->isEnabled());
        QVERIFY(dialog.problems().isEmpty());
        QCOMPARE(dialog.device().host, host);
    } else {
        QVERIFY(label->isVisible());
        QVERIFY2(label->text().contains(problem), qPrintable(label->text()));
        QVERIFY(!dialog.okButton()->isEnabled());
        QCOMPARE(dialog.hostEdit()->accessibleDescription(), label->text());
        // Fixing it enables OK again.
        typeInto(dialog.hostEdit(), u"10.0.0.6"_s);
        QVERIFY(label->isHidden());
        QVERIFY(dialog.okButton()->isEnabled());
    }
}

void TestDeviceEditorDialog::portProblems_data()
{
    QTest::addColumn<QString>("port");
    QTest::addColumn<QString>("problem");

    QTest::newRow("empty") << QString() << u"port is empty"_s;
    QTest::newRow("letters") << u"80a"_s << u"must be a number, not '80a'"_s;
    QTest::newRow("zero") << u"0"_s << u"from 1 to 65535, not 0"_s;
    QTest::newRow("too big") << u"70000"_s << u"from 1 to 65535, not 70000"_s;
    QTest::newRow("negative") << u"-1"_s << u"from 1 to 65535, not -1"_s;
    QTest::newRow("default") << u"8000"_s << QString();
    QTest::newRow("highest") << u"65535"_s << QString();
}

void TestDeviceEditorDialog::portProblems()
{
    QFETCH(QString, port);
    QFETCH(QString, problem);
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Add, SiteDevice(), nullptr);
    dialog.show();
    typeInto(dialog.nameEdit(), u"Gate"_s);
    typeInto(dialog.hostEdit(), u"gate.local"_s);
    typeInto(dialog.portEdit(), port);

    QLabel *label = dialog.portProblemLabel();
    QCOMPARE(label->accessibleName(), u"Port problem"_s);
    if (problem.isEmpty()) {
        QVERIFY(label->isHidden());
        QVERIFY(dialog.okButton()->isEnabled());
        QCOMPARE(dialog.device().port, port.toInt());
    } else {
        QVERIFY(label->isVisible());
        QVERIFY2(label->text().contains(problem), qPrintable(label->text()));
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(dialog.okButton()->toolTip().contains(problem));
    }
}

void TestDeviceEditorDialog::newDeviceShowsProblemsOnlyOnceTyped()
{
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Add, SiteDevice(), nullptr);
    dialog.show();
    // The defaults an operator starts from.
    QCOMPARE(dialog.portEdit()->text(), u"8000"_s);
    QVERIFY(dialog.tlsBox()->isChecked());
    QCOMPARE(dialog.pathEdit()->text(), u"/v1/event/"_s);
    QVERIFY(!dialog.heartbeatBox()->isChecked());
    QVERIFY(!dialog.heartbeatSpin()->isEnabled());
    // Nothing typed yet: OK is disabled, but no field is marked wrong.
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY(dialog.nameProblemLabel()->isHidden());
    QVERIFY(dialog.hostProblemLabel()->isHidden());
    QCOMPARE(dialog.problems().size(), 2);

    // Typing and erasing the host marks it.
    typeInto(dialog.hostEdit(), u"x"_s);
    QTest::keyClick(dialog.hostEdit(), Qt::Key_Backspace);
    QVERIFY(dialog.hostProblemLabel()->isVisible());
    QVERIFY(dialog.hostProblemLabel()->text().contains(u"host is empty"_s));

    typeInto(dialog.nameEdit(), u"Gate"_s);
    typeInto(dialog.hostEdit(), u"gate.local"_s);
    QVERIFY(dialog.okButton()->isEnabled());
    QVERIFY(dialog.problems().isEmpty());
}

void TestDeviceEditorDialog::nameAndPathProblems()
{
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Edit, frontDoor(), nullptr);
    dialog.show();
    QVERIFY(dialog.okButton()->isEnabled());
    typeInto(dialog.nameEdit(), u"   "_s);
    QVERIFY(dialog.nameProblemLabel()->isVisible());
    QVERIFY(dialog.nameProblemLabel()->text().contains(u"name is empty"_s));
    QVERIFY(!dialog.okButton()->isEnabled());
    typeInto(dialog.nameEdit(), u"Back door"_s);
    QVERIFY(dialog.okButton()->isEnabled());

    typeInto(dialog.pathEdit(), u"v1/event/"_s);
    QVERIFY(dialog.pathProblemLabel()->isVisible());
    QVERIFY(dialog.pathProblemLabel()->text().contains(u"must begin with '/'"_s));
    QVERIFY(!dialog.okButton()->isEnabled());
    typeInto(dialog.pathEdit(), u"/v2/event/"_s);
    QVERIFY(dialog.pathProblemLabel()->isHidden());
    QVERIFY(dialog.okButton()->isEnabled());
}

void TestDeviceEditorDialog::editedDeviceComesBackAsTyped()
{
    const SiteDevice original = frontDoor();
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Edit, original, nullptr);
    dialog.show();
    QCOMPARE(dialog.device(), original); // untouched: nothing changes

    typeInto(dialog.nameEdit(), u"Back door"_s);
    typeInto(dialog.locationEdit(), u"Yard"_s);
    typeInto(dialog.hostEdit(), u"door2.site.local"_s);
    typeInto(dialog.portEdit(), u"9000"_s);
    dialog.tlsBox()->setChecked(false);
    typeInto(dialog.pathEdit(), u"/v2/event/"_s);
    typeInto(dialog.usernameEdit(), u"guard"_s);
    dialog.heartbeatBox()->setChecked(true);
    QVERIFY(dialog.heartbeatSpin()->isEnabled());
    dialog.heartbeatSpin()->setValue(25);

    SiteDevice expected = original;
    expected.name = u"Back door"_s;
    expected.location = u"Yard"_s;
    expected.host = u"door2.site.local"_s;
    expected.port = 9000;
    expected.tls = false;
    expected.path = u"/v2/event/"_s;
    expected.username = u"guard"_s;
    expected.heartbeatSeconds = 25;
    QCOMPARE(dialog.device(), expected);
    QCOMPARE(dialog.device().id, original.id);
    QVERIFY(dialog.device().problems().isEmpty());
}

void TestDeviceEditorDialog::passwordIsKeptUnlessTouched()
{
    {
        DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Edit, frontDoor(), nullptr);
        dialog.setHasStoredPassword(true);
        dialog.show();
        QVERIFY(dialog.passwordEdit()->isEnabled());
        QVERIFY(dialog.passwordEdit()->placeholderText().contains(u"stored"_s));
        QCOMPARE(dialog.password(), std::optional<QString>()); // keep what is stored
        typeInto(dialog.passwordEdit(), u"n3w"_s);
        QCOMPARE(dialog.password(), std::optional<QString>(u"n3w"_s));
        // Erasing it on purpose removes it.
        typeInto(dialog.passwordEdit(), QString());
        QCOMPARE(dialog.password(), std::optional<QString>(QString()));
    }
    {
        // Without a user name there is no login, so no password to keep.
        DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Edit, frontDoor(), nullptr);
        dialog.setHasStoredPassword(true);
        dialog.show();
        typeInto(dialog.usernameEdit(), QString());
        QVERIFY(!dialog.passwordEdit()->isEnabled());
        QCOMPARE(dialog.password(), std::optional<QString>(QString()));
    }
    {
        DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Add, SiteDevice(), nullptr);
        dialog.show();
        QVERIFY(!dialog.passwordEdit()->isEnabled());
        typeInto(dialog.usernameEdit(), u"admin"_s);
        QVERIFY(dialog.passwordEdit()->isEnabled());
        typeInto(dialog.passwordEdit(), u"s3cret"_s);
        QCOMPARE(dialog.password(), std::optional<QString>(u"s3cret"_s));
        QCOMPARE(dialog.device().username, u"admin"_s);
    }
}

void TestDeviceEditorDialog::passwordFieldSaysWhereItIsKept()
{
    SessionCredentialStore store;
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Add, SiteDevice(), &store);
    QVERIFY(!store.description().isEmpty());
    QVERIFY2(dialog.credentialsLabel()->text().contains(store.description()),
             qPrintable(dialog.credentialsLabel()->text()));
}

void TestDeviceEditorDialog::showPasswordToggle()
{
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Edit, frontDoor(), nullptr);
    QCOMPARE(dialog.passwordEdit()->echoMode(), QLineEdit::Password);
    auto *show = dialog.passwordEdit()->findChild<QAction *>(u"showPassword"_s);
    QVERIFY(show);
    QVERIFY(!show->text().isEmpty());
    show->trigger();
    QCOMPARE(dialog.passwordEdit()->echoMode(), QLineEdit::Normal);
    show->trigger();
    QCOMPARE(dialog.passwordEdit()->echoMode(), QLineEdit::Password);
}

void TestDeviceEditorDialog::refusedApplyKeepsTheDialogOpen()
{
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Edit, frontDoor(), nullptr);
    int calls = 0;
    SiteDevice applied;
    dialog.setApplyFunction(
        [&](const SiteDevice &device, const std::optional<QString> &, QString *error) {
            ++calls;
            applied = device;
            if (calls == 1) {
                *error = u"the settings could not be saved: disk full"_s;
                return false;
            }
            return true;
        });
    dialog.show();
    typeInto(dialog.nameEdit(), u"Back door"_s);
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QCOMPARE(calls, 1);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(dialog.messageLabel()->isVisible());
    QVERIFY(dialog.messageLabel()->text().contains(u"disk full"_s));
    QCOMPARE(dialog.nameEdit()->text(), u"Back door"_s);

    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QCOMPARE(calls, 2);
    QCOMPARE(applied.name, u"Back door"_s);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestDeviceEditorDialog::pinsAreListedRemovedAndReplaced()
{
    const SiteDevice original = frontDoor();
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Edit, original, nullptr);
    dialog.show();
    QListWidget *pins = dialog.pinList();
    QCOMPARE(pins->count(), 2);
    // AB:CD:… in two lines of 16 bytes.
    QCOMPARE(pins->item(0)->text().split(u'\n').join(u':'),
             DeviceConfig::formatFingerprint(original.pinnedSha256.at(0)));
    QCOMPARE(pins->item(0)->data(Qt::UserRole).toByteArray(), original.pinnedSha256.at(0));
    auto *remove = dialog.findChild<QPushButton *>(u"removePin"_s);
    QVERIFY(!remove->isEnabled()); // nothing selected
    pins->setCurrentRow(0);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(dialog.device().pinnedSha256, QList<QByteArray> { original.pinnedSha256.at(1) });
    QCOMPARE(pins->count(), 1);

    const QByteArray fresh(32, 'c');
    dialog.pinCertificate(fresh);
    QCOMPARE(dialog.device().pinnedSha256, QList<QByteArray> { fresh });
    QCOMPARE(pins->item(0)->text().split(u'\n').join(u':'), DeviceConfig::formatFingerprint(fresh));
}

void TestDeviceEditorDialog::testConnectionReportsTheDevice()
{
    const auto terminal = LoginSimulator::start(false);
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Add, SiteDevice(), nullptr);
    dialog.show();
    fillFor(dialog, *terminal, LoginSimulator::password());
    const auto result = runTest(dialog);
    QVERIFY(result);
    QVERIFY2(result->ok(), qPrintable(result->summary + u'\n' + result->details));
    QCOMPARE(result->serialNumber, terminal->serialNumber(0));
    // In words, with the device's own information.
    QVERIFY(dialog.testSummaryLabel()->isVisible());
    QCOMPARE(dialog.testSummaryLabel()->text(), result->summary);
    QVERIFY2(dialog.testSummaryLabel()->text().contains(terminal->serialNumber(0)),
             qPrintable(dialog.testSummaryLabel()->text()));
    QVERIFY(dialog.trustTestedButton()->isHidden());
    QVERIFY(!dialog.isTesting());
    // The details (what was reached, the device's answer) are one click away.
    QVERIFY(dialog.testDetailsLabel()->isHidden());
    QVERIFY(dialog.testDetailsButton()->isVisible());
    QTest::mouseClick(dialog.testDetailsButton(), Qt::LeftButton);
    QVERIFY(dialog.testDetailsLabel()->isVisible());
    QCOMPARE(dialog.testDetailsLabel()->text(), result->details);
    QVERIFY(dialog.testDetailsLabel()->text().contains(result->firmware));
    // Nothing was pinned or saved by testing.
    QVERIFY(dialog.device().pinnedSha256.isEmpty());
}

void TestDeviceEditorDialog::testConnectionOffersToPinAnUntrustedCertificate()
{
    const auto terminal = LoginSimulator::start(true);
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Add, SiteDevice(), nullptr);
    dialog.show();
    fillFor(dialog, *terminal, LoginSimulator::password());
    auto result = runTest(dialog);
    QVERIFY(result);
    QCOMPARE(result->outcome, ConnectionTestResult::Outcome::CertificateUntrusted);
    QVERIFY(dialog.testDetailsLabel()->text().contains(terminal->certificateSha256Hex()));
    QVERIFY(dialog.trustTestedButton()->isVisible());
    QVERIFY(dialog.device().pinnedSha256.isEmpty()); // never automatic

    // Trust this certificate… → the trust dialog → Trust and pin: pinned, tested again.
    QSignalSpy finished(&dialog, &DeviceEditorDialog::testFinished);
    QTest::mouseClick(dialog.trustTestedButton(), Qt::LeftButton);
    auto *trust = dialog.findChild<CertificateTrustDialog *>();
    QVERIFY(trust);
    QVERIFY(!trust->isChange());
    QCOMPARE(trust->sha256(), terminal->certificateSha256());
    QTest::mouseClick(trust->trustButton(), Qt::LeftButton);
    QCOMPARE(dialog.device().pinnedSha256, QList<QByteArray> { terminal->certificateSha256() });
    QCOMPARE(dialog.pinList()->item(0)->data(Qt::UserRole).toByteArray(),
             terminal->certificateSha256());
    QVERIFY(finished.wait(Timeout));
    result = finished.at(0).at(0).value<ConnectionTestResult>();
    QVERIFY2(result->ok(), qPrintable(result->summary + u'\n' + result->details));
    QVERIFY(dialog.trustTestedButton()->isHidden());
}

void TestDeviceEditorDialog::testConnectionShowsAChangedCertificate()
{
    const auto terminal = LoginSimulator::start(true);
    SiteDevice pinned;
    pinned.id = u"front"_s;
    pinned.name = u"Front door"_s;
    pinned.host = u"127.0.0.1"_s;
    pinned.port = terminal->port(0);
    pinned.username = LoginSimulator::user();
    const QByteArray other = TlsTrust::sha256(certificate(u"other-self-signed.pem"_s));
    pinned.pinnedSha256 = { other };
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Edit, pinned, nullptr);
    dialog.show();
    typeInto(dialog.passwordEdit(), LoginSimulator::password());
    const auto result = runTest(dialog);
    QVERIFY(result);
    QCOMPARE(result->outcome, ConnectionTestResult::Outcome::CertificateChanged);
    QVERIFY(dialog.trustTestedButton()->isVisible());

    // The trust dialog says it changed, with both fingerprints; Cancel keeps the old pin.
    CertificateTrustDialog *trust = dialog.reviewTestedCertificate();
    QVERIFY(trust);
    QVERIFY(trust->isChange());
    QCOMPARE(trust->sha256(), terminal->certificateSha256());
    QTest::mouseClick(trust->cancelButton(), Qt::LeftButton);
    QCOMPARE(dialog.device().pinnedSha256, QList<QByteArray> { other });

    // Changing the address makes the result stale: no certificate is offered any more.
    typeInto(dialog.hostEdit(), u"localhost"_s);
    QVERIFY(dialog.trustTestedButton()->isHidden());
    QVERIFY(!dialog.lastTestResult());
    QVERIFY(!dialog.reviewTestedCertificate());
}

void TestDeviceEditorDialog::testConnectionSaysWhatFailed()
{
    const auto terminal = LoginSimulator::start(false);
    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Add, SiteDevice(), nullptr);
    dialog.show();
    fillFor(dialog, *terminal, u"wrong"_s);
    auto result = runTest(dialog);
    QVERIFY(result);
    QCOMPARE(result->outcome, ConnectionTestResult::Outcome::LoginFailed);
    QVERIFY2(dialog.testSummaryLabel()->text().contains(LoginSimulator::user()),
             qPrintable(dialog.testSummaryLabel()->text()));
    QVERIFY(dialog.trustTestedButton()->isHidden());

    // Nothing listens on a port that was just closed.
    quint16 closed = 0;
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        closed = server.serverPort();
    }
    typeInto(dialog.portEdit(), QString::number(closed));
    result = runTest(dialog);
    QVERIFY(result);
    QCOMPARE(result->outcome, ConnectionTestResult::Outcome::Refused);
    QCOMPARE(dialog.testSummaryLabel()->text(), result->summary);

    // Settings with a problem are not tested; the dialog says why.
    typeInto(dialog.portEdit(), u"0"_s);
    QVERIFY(!dialog.okButton()->isEnabled());
    dialog.testConnection();
    QVERIFY(dialog.lastTestResult());
    QCOMPARE(dialog.lastTestResult()->outcome, ConnectionTestResult::Outcome::InvalidSettings);
    QVERIFY(dialog.testSummaryLabel()->text().contains(u"65535"_s));
}

void TestDeviceEditorDialog::testConnectionUsesTheStoredPassword()
{
    const auto terminal = LoginSimulator::start(false);
    SessionCredentialStore store;
    SiteDevice device;
    device.id = u"front"_s;
    device.name = u"Front door"_s;
    device.host = u"127.0.0.1"_s;
    device.port = terminal->port(0);
    device.tls = false;
    device.username = LoginSimulator::user();
    bool stored = false;
    store.writePassword(device.id, LoginSimulator::password(), &store,
                        [&stored](const QString &error) { stored = error.isEmpty(); });
    QTRY_VERIFY(stored);

    DeviceEditorDialog dialog(DeviceEditorDialog::Mode::Edit, device, &store);
    dialog.setHasStoredPassword(true);
    dialog.show();
    QVERIFY(dialog.passwordEdit()->text().isEmpty());
    const auto result = runTest(dialog);
    QVERIFY(result);
    QVERIFY2(result->ok(), qPrintable(result->summary + u'\n' + result->details));
    QCOMPARE(dialog.password(), std::optional<QString>()); // still kept as it is
}

void TestDeviceEditorDialog::trustDialogForAnUntrustedCertificate()
{
    const QSslCertificate presented = certificate(u"other-self-signed.pem"_s);
    QVERIFY(!presented.isNull());
    CertificateTrustDialog dialog(u"Front door"_s, presented, {});
    QVERIFY(!dialog.isChange());
    QCOMPARE(dialog.sha256(), TlsTrust::sha256(presented));
    QVERIFY(dialog.findChild<QWidget *>(u"changeWarning"_s) == nullptr);

    auto *fingerprint = dialog.findChild<QLabel *>(u"fingerprint"_s);
    QVERIFY(fingerprint);
    // AB:CD:… in two lines of 16 bytes; joined, exactly the fingerprint.
    const QStringList lines = fingerprint->text().split(u'\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).count(u':'), 15);
    QCOMPARE(lines.join(u':'), DeviceConfig::formatFingerprint(dialog.sha256()));
    QVERIFY(fingerprint->textInteractionFlags().testFlag(Qt::TextSelectableByMouse));
    QCOMPARE(fingerprint->font().family(),
             QFontDatabase::systemFont(QFontDatabase::FixedFont).family());

    QVERIFY(dialog.findChild<QLabel *>(u"subject"_s)->text().contains(u"Other Device"_s));
    QVERIFY(dialog.findChild<QLabel *>(u"issuer"_s)->text().contains(u"self-signed"_s));
    QVERIFY(dialog.validityWarning().isEmpty());
}

void TestDeviceEditorDialog::trustDialogForAChangedCertificate()
{
    const QSslCertificate presented = certificate(u"other-self-signed.pem"_s);
    const QByteArray pinned = TlsTrust::sha256(certificate(u"ca-signed.pem"_s));
    CertificateTrustDialog dialog(u"Front door"_s, presented, { pinned });
    QVERIFY(dialog.isChange());
    QVERIFY(dialog.windowTitle().contains(u"changed"_s));
    auto *warning = dialog.findChild<QLabel *>(u"changeWarningText"_s);
    QVERIFY(warning);
    QVERIFY(warning->text().contains(u"not the one you pinned"_s));
    // Both fingerprints, to compare.
    auto *old = dialog.findChild<QLabel *>(u"pinnedFingerprint"_s);
    QVERIFY(old);
    QCOMPARE(old->text().split(u'\n').join(u':'), DeviceConfig::formatFingerprint(pinned));
    QCOMPARE(dialog.findChild<QLabel *>(u"fingerprint"_s)->text().split(u'\n').join(u':'),
             DeviceConfig::formatFingerprint(TlsTrust::sha256(presented)));
    QVERIFY(dialog.findChild<QLabel *>(u"issuer"_s)->text().contains(u"self-signed"_s));

    // The same certificate as pinned is no change.
    CertificateTrustDialog same(u"Front door"_s, presented, { TlsTrust::sha256(presented) });
    QVERIFY(!same.isChange());
}

void TestDeviceEditorDialog::trustDialogWarnsAboutValidity()
{
    const QSslCertificate presented = certificate(u"other-self-signed.pem"_s);
    {
        CertificateTrustDialog dialog(u"Gate"_s, presented, {}, nullptr,
                                      presented.expiryDate().addDays(1));
        QVERIFY(dialog.validityWarning().contains(u"expired"_s));
        auto *shown = dialog.findChild<QLabel *>(u"validityWarningText"_s);
        QVERIFY(shown);
        QCOMPARE(shown->text(), dialog.validityWarning());
    }
    {
        CertificateTrustDialog dialog(u"Gate"_s, presented, {}, nullptr,
                                      presented.effectiveDate().addDays(-1));
        QVERIFY(dialog.validityWarning().contains(u"not valid yet"_s));
        QVERIFY(dialog.findChild<QLabel *>(u"validityWarningText"_s));
    }
    {
        CertificateTrustDialog dialog(u"Gate"_s, presented, {}, nullptr,
                                      presented.effectiveDate().addDays(1));
        QVERIFY(dialog.validityWarning().isEmpty());
        QVERIFY(!dialog.findChild<QLabel *>(u"validityWarningText"_s));
    }
}

void TestDeviceEditorDialog::trustDialogIsAcceptedOnlyExplicitly()
{
    const QSslCertificate presented = certificate(u"other-self-signed.pem"_s);
    {
        CertificateTrustDialog dialog(u"Gate"_s, presented, {});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QVERIFY(dialog.cancelButton()->isDefault());
        QVERIFY(!dialog.trustButton()->isDefault());
        // Enter is Cancel.
        QTest::keyClick(&dialog, Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.isVisible());
    }
    {
        CertificateTrustDialog dialog(u"Gate"_s, presented, {});
        dialog.show();
        QTest::mouseClick(dialog.trustButton(), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
}

QTEST_MAIN(TestDeviceEditorDialog)
#include "tst_deviceeditordialog.moc"
