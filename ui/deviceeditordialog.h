#pragma once

#include "device/connectiontest.h"
#include "device/deviceconfig.h"
#include "device/sitedevice.h"

#include <QDialog>
#include <QSslCertificate>

#include <functional>
#include <optional>

class CertificateTrustDialog;
class CredentialStore;
class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

// Adds or edits one terminal: name, location, host, port, TLS, path, login, heartbeat and
// pinned certificates. Host, port, name and path are checked as they are typed; the problem
// is shown in words under the field and OK stays disabled while there is one. The password
// field says where the password will be kept (the credential store's description).
//
// Test connection connects once with what the fields say (the stored password when the field
// was not touched) and reports in words what happened; a certificate that is not trusted, or
// not the pinned one, can then be reviewed and pinned ("Trust this certificate…"), after which
// the test runs again.
//
// OK hands the result to the apply function (the settings dialog's DeviceManager call); when
// that refuses, the reason is shown and the dialog stays open with everything typed.
class DeviceEditorDialog final : public QDialog
{
    Q_OBJECT

public:
    enum class Mode { Add, Edit };
    Q_ENUM(Mode)

    // Returns false with *error to keep the dialog open.
    using ApplyFunction = std::function<bool(
        const SiteDevice &device, const std::optional<QString> &password, QString *error)>;

    // `credentials` (not owned, may be null) only describes where the password goes.
    DeviceEditorDialog(Mode mode, const SiteDevice &device, CredentialStore *credentials,
                       QWidget *parent = nullptr);
    ~DeviceEditorDialog() override;

    Mode mode() const { return m_mode; }
    void setApplyFunction(ApplyFunction apply) { m_apply = std::move(apply); }
    // Edit mode: a password is stored for the device; an untouched password field keeps it.
    void setHasStoredPassword(bool stored);

    // The device as the fields describe it (its id and anything not shown are kept).
    SiteDevice device() const;
    // nullopt: the password field was not touched, keep what is stored. Otherwise the new
    // password; empty removes it.
    std::optional<QString> password() const;
    // What keeps OK disabled, one line each ("the host is empty"); empty when it can be saved.
    QStringList problems() const;

    // Connection settings beyond the fields (timeouts, extra CA certificates) for the test.
    void setConnectionDefaults(const DeviceConfig &defaults);
    // Runs the connection test on the current fields; the result shows in the dialog and
    // testFinished() follows.
    void testConnection();
    bool isTesting() const;
    // The last test's result, if one finished since the dialog opened.
    const std::optional<ConnectionTestResult> &lastTestResult() const { return m_lastResult; }
    // Opens the trust dialog for the certificate of the last test (untrusted or changed);
    // accepting it pins the certificate and tests again. nullptr when there is none.
    CertificateTrustDialog *reviewTestedCertificate();

    // Pins the certificate (replacing the device's pins: after a change, the old one must
    // not be trusted any more). Used by "Trust this certificate…" once the operator agreed.
    void pinCertificate(const QByteArray &sha256);

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *locationEdit() const { return m_location; }
    QLineEdit *hostEdit() const { return m_host; }
    QLineEdit *portEdit() const { return m_port; }
    QLineEdit *pathEdit() const { return m_path; }
    QLineEdit *usernameEdit() const { return m_username; }
    QLineEdit *passwordEdit() const { return m_password; }
    QCheckBox *tlsBox() const { return m_tls; }
    QCheckBox *heartbeatBox() const { return m_heartbeatOverride; }
    QSpinBox *heartbeatSpin() const { return m_heartbeat; }
    QLabel *hostProblemLabel() const { return m_hostProblem; }
    QLabel *portProblemLabel() const { return m_portProblem; }
    QLabel *nameProblemLabel() const { return m_nameProblem; }
    QLabel *pathProblemLabel() const { return m_pathProblem; }
    QLabel *credentialsLabel() const { return m_credentialsLabel; }
    QListWidget *pinList() const { return m_pins; }
    QPushButton *okButton() const { return m_ok; }
    QPushButton *testButton() const { return m_test; }
    QPushButton *trustTestedButton() const { return m_trustTested; }
    QLabel *testSummaryLabel() const { return m_testSummary; }
    QLabel *testDetailsLabel() const { return m_testDetails; }
    QPushButton *testDetailsButton() const { return m_testDetailsToggle; }
    QLabel *messageLabel() const { return m_message; }

signals:
    void testFinished(const ConnectionTestResult &result);

public slots:
    void accept() override;
    void reject() override;

private:
    void buildForm();
    void updateProblems();
    void growToFit();
    void updatePins();
    void updatePasswordField();
    void removeSelectedPins();
    void copySelectedPin();
    void showMessage(const QString &text);
    void startTest(const QString &password);
    void showTestResult(const ConnectionTestResult &result);
    void cancelTest();

    Mode m_mode;
    SiteDevice m_device; // what was given, for the fields the dialog does not show
    QList<QByteArray> m_pinned;
    CredentialStore *m_credentials = nullptr;
    ApplyFunction m_apply;
    bool m_hasStoredPassword = false;
    bool m_passwordEdited = false;

    QLineEdit *m_name = nullptr;
    QLineEdit *m_location = nullptr;
    QLineEdit *m_host = nullptr;
    QLineEdit *m_port = nullptr;
    QCheckBox *m_tls = nullptr;
    QLineEdit *m_path = nullptr;
    QLineEdit *m_username = nullptr;
    QLineEdit *m_password = nullptr;
    QCheckBox *m_heartbeatOverride = nullptr;
    QSpinBox *m_heartbeat = nullptr;
    QLabel *m_nameProblem = nullptr;
    QLabel *m_hostProblem = nullptr;
    QLabel *m_portProblem = nullptr;
    QLabel *m_pathProblem = nullptr;
    QLabel *m_credentialsLabel = nullptr;
    QListWidget *m_pins = nullptr;
    QPushButton *m_removePin = nullptr;
    QPushButton *m_copyPin = nullptr;
    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_ok = nullptr;

    DeviceConfig m_defaults;
    ConnectionTest *m_connectionTest = nullptr;
    // Bumped by every test asked for: a stored password read for an earlier one is dropped.
    quint64 m_testGeneration = 0;
    bool m_readingPassword = false;
    std::optional<ConnectionTestResult> m_lastResult;
    QPushButton *m_test = nullptr;
    QLabel *m_testIcon = nullptr;
    QLabel *m_testSummary = nullptr;
    QLabel *m_testDetails = nullptr;
    QPushButton *m_testDetailsToggle = nullptr;
    QPushButton *m_trustTested = nullptr;
};
