#include "deviceeditordialog.h"

#include "certificatetrustdialog.h"
#include "device/credentialstore.h"
#include "device/deviceconfig.h"
#include "icons.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// The line under a field that says what is wrong with it. Dark red adds emphasis; the words
// carry the meaning, so the colour is not needed to understand it.
QLabel *problemLabel(const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setAccessibleName(accessibleName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, QColor(0xb3, 0x26, 0x1e));
    label->setPalette(palette);
    return label;
}

QString capitalised(const QString &text)
{
    return text.isEmpty() ? text : text.front().toUpper() + text.mid(1);
}

// A result the editor finds by itself, before any connection is tried.
ConnectionTestResult localResult(ConnectionTestResult::Outcome outcome, const QString &summary,
                                 const QString &details = {})
{
    ConnectionTestResult result;
    result.outcome = outcome;
    result.summary = summary;
    result.details = details;
    return result;
}

} // namespace

DeviceEditorDialog::DeviceEditorDialog(Mode mode, const SiteDevice &device,
                                       CredentialStore *credentials, QWidget *parent)
    : QDialog(parent)
    , m_mode(mode)
    , m_device(device)
    , m_pinned(device.pinnedSha256)
    , m_credentials(credentials)
{
    setObjectName(u"deviceEditorDialog"_s);
    setWindowTitle(mode == Mode::Add ? tr("Add a device")
                                     : tr("Edit device — %1").arg(device.name));
    buildForm();

    m_name->setText(device.name);
    m_location->setText(device.location);
    m_host->setText(device.host);
    m_port->setText(QString::number(device.port));
    m_tls->setChecked(device.tls);
    m_path->setText(device.path);
    m_username->setText(device.username);
    m_heartbeatOverride->setChecked(device.heartbeatSeconds.has_value());
    m_heartbeat->setValue(device.heartbeatSeconds.value_or(SiteDevice::DefaultHeartbeatSeconds));
    m_heartbeat->setEnabled(device.heartbeatSeconds.has_value());

    for (QLineEdit *edit : { m_name, m_host, m_port, m_path })
        connect(edit, &QLineEdit::textChanged, this, &DeviceEditorDialog::updateProblems);
    // A field shows its problem once the operator has typed in it (or it has content):
    // an empty new device is not greeted with a list of errors.
    for (QLineEdit *edit : { m_name, m_host, m_port, m_path })
        connect(edit, &QLineEdit::textEdited, this, [edit, this] {
            edit->setProperty("touched", true);
            updateProblems();
        });
    connect(m_heartbeatOverride, &QCheckBox::toggled, m_heartbeat, &QWidget::setEnabled);
    // A test result is about the settings it was made with; a certificate it offers to pin
    // may not be the new address's.
    for (QLineEdit *edit : { m_host, m_port, m_path, m_username, m_password })
        connect(edit, &QLineEdit::textEdited, this, &DeviceEditorDialog::cancelTest);
    connect(m_tls, &QCheckBox::toggled, this, &DeviceEditorDialog::cancelTest);
    connect(m_username, &QLineEdit::textChanged, this, &DeviceEditorDialog::updatePasswordField);
    connect(m_password, &QLineEdit::textEdited, this, [this] { m_passwordEdited = true; });

    updatePins();
    updatePasswordField();
    updateProblems();
    // Wide enough for the problem lines to fit on one line under their fields.
    resize(fontMetrics().horizontalAdvance(u'M') * 80, sizeHint().height());
    (mode == Mode::Add ? m_name : m_host)->setFocus();
}

DeviceEditorDialog::~DeviceEditorDialog() = default;

void DeviceEditorDialog::buildForm()
{
    // Two columns: what the device is and how to reach it on the left; trust, the connection
    // watch and the test on the right, beside the fields they are about.
    auto *layout = new QVBoxLayout(this);
    auto *columns = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    auto *right = new QVBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    layout->addLayout(columns, 1);

    auto *deviceBox = new QGroupBox(tr("Device"), this);
    auto *deviceForm = new QFormLayout(deviceBox);
    deviceForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_name = new QLineEdit(deviceBox);
    m_name->setObjectName(u"name"_s);
    m_name->setPlaceholderText(tr("as guards call it, for example Main entrance"));
    deviceForm->addRow(tr("&Name:"), m_name);
    m_nameProblem = problemLabel(u"nameProblem"_s, tr("Name problem"), deviceBox);
    deviceForm->addRow(QString(), m_nameProblem);
    m_location = new QLineEdit(deviceBox);
    m_location->setObjectName(u"location"_s);
    m_location->setPlaceholderText(tr("door or place, optional"));
    deviceForm->addRow(tr("&Location:"), m_location);
    left->addWidget(deviceBox);

    auto *connectionBox = new QGroupBox(tr("Connection"), this);
    auto *connectionForm = new QFormLayout(connectionBox);
    connectionForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_host = new QLineEdit(connectionBox);
    m_host->setObjectName(u"host"_s);
    m_host->setPlaceholderText(tr("name or address, for example 192.168.1.20"));
    connectionForm->addRow(tr("&Host:"), m_host);
    m_hostProblem = problemLabel(u"hostProblem"_s, tr("Host problem"), connectionBox);
    connectionForm->addRow(QString(), m_hostProblem);
    auto *portRow = new QHBoxLayout;
    m_port = new QLineEdit(connectionBox);
    m_port->setObjectName(u"port"_s);
    m_port->setPlaceholderText(QString::number(SiteDevice::DefaultPort));
    m_port->setMaximumWidth(m_port->fontMetrics().horizontalAdvance(u"0000000000"_s));
    portRow->addWidget(m_port);
    m_tls = new QCheckBox(tr("Encrypted (&TLS)"), connectionBox);
    m_tls->setObjectName(u"tls"_s);
    m_tls->setToolTip(tr("wss:// and https://, as terminals use by default. Turn it off only "
                         "for a terminal configured without TLS."));
    portRow->addWidget(m_tls);
    portRow->addStretch();
    connectionForm->addRow(tr("&Port:"), portRow);
    qobject_cast<QLabel *>(connectionForm->labelForField(portRow))->setBuddy(m_port);
    m_portProblem = problemLabel(u"portProblem"_s, tr("Port problem"), connectionBox);
    connectionForm->addRow(QString(), m_portProblem);
    m_path = new QLineEdit(connectionBox);
    m_path->setObjectName(u"path"_s);
    connectionForm->addRow(tr("Event &path:"), m_path);
    m_pathProblem = problemLabel(u"pathProblem"_s, tr("Path problem"), connectionBox);
    connectionForm->addRow(QString(), m_pathProblem);
    left->addWidget(connectionBox);

    auto *loginBox = new QGroupBox(tr("Login"), this);
    auto *loginForm = new QFormLayout(loginBox);
    loginForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_username = new QLineEdit(loginBox);
    m_username->setObjectName(u"username"_s);
    m_username->setPlaceholderText(tr("empty: the device is used without logging in"));
    loginForm->addRow(tr("&User name:"), m_username);
    m_password = new QLineEdit(loginBox);
    m_password->setObjectName(u"password"_s);
    m_password->setEchoMode(QLineEdit::Password);
    QAction *show = m_password->addAction(Icons::icon(u"show-password"_s, palette()),
                                          QLineEdit::TrailingPosition);
    show->setObjectName(u"showPassword"_s);
    show->setCheckable(true);
    show->setText(tr("Show the password"));
    show->setToolTip(tr("Show the password"));
    connect(show, &QAction::toggled, this, [this, show](bool shown) {
        m_password->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        show->setToolTip(shown ? tr("Hide the password") : tr("Show the password"));
    });
    loginForm->addRow(tr("Pass&word:"), m_password);
    m_credentialsLabel = new QLabel(loginBox);
    m_credentialsLabel->setObjectName(u"credentialStore"_s);
    m_credentialsLabel->setTextFormat(Qt::PlainText);
    m_credentialsLabel->setWordWrap(true);
    m_credentialsLabel->setText(
        m_credentials ? tr("The password is kept in %1.").arg(m_credentials->description())
                      : tr("The password is kept for this session only."));
    loginForm->addRow(QString(), m_credentialsLabel);
    left->addWidget(loginBox);

    auto *trustBox = new QGroupBox(tr("Pinned certificates"), this);
    auto *trustLayout = new QVBoxLayout(trustBox);
    auto *trustIntro = new QLabel(tr("GateWatch trusts a terminal's own certificate only "
                                     "once it is pinned here (Test connection offers it)."),
                                  trustBox);
    trustIntro->setWordWrap(true);
    trustLayout->addWidget(trustIntro);
    m_pins = new QListWidget(trustBox);
    m_pins->setObjectName(u"pins"_s);
    m_pins->setAccessibleName(tr("Pinned SHA-256 fingerprints"));
    m_pins->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_pins->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // Two lines per pin; room for two before it scrolls.
    m_pins->setFixedHeight(m_pins->fontMetrics().lineSpacing() * 4 + 2 * m_pins->frameWidth() + 6);
    m_pins->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    trustLayout->addWidget(m_pins);
    auto *pinButtons = new QHBoxLayout;
    m_copyPin = new QPushButton(tr("&Copy fingerprint"), trustBox);
    m_copyPin->setObjectName(u"copyPin"_s);
    connect(m_copyPin, &QPushButton::clicked, this, &DeviceEditorDialog::copySelectedPin);
    pinButtons->addWidget(m_copyPin);
    m_removePin = new QPushButton(Icons::icon(u"remove"_s, palette()), tr("&Remove pin"), trustBox);
    m_removePin->setObjectName(u"removePin"_s);
    m_removePin->setToolTip(tr("Stop trusting this certificate: the device is refused until "
                               "a certificate is pinned again"));
    connect(m_removePin, &QPushButton::clicked, this, &DeviceEditorDialog::removeSelectedPins);
    pinButtons->addWidget(m_removePin);
    pinButtons->addStretch();
    trustLayout->addLayout(pinButtons);
    connect(m_pins, &QListWidget::itemSelectionChanged, this, [this] {
        const bool selected = !m_pins->selectedItems().isEmpty();
        m_removePin->setEnabled(selected);
        m_copyPin->setEnabled(m_pins->selectedItems().size() == 1);
    });
    right->addWidget(trustBox);

    auto *advancedBox = new QGroupBox(tr("Connection watch"), this);
    auto *advancedLayout = new QHBoxLayout(advancedBox);
    m_heartbeatOverride = new QCheckBox(tr("Own &heartbeat:"), advancedBox);
    m_heartbeatOverride->setObjectName(u"heartbeatOverride"_s);
    m_heartbeatOverride->setToolTip(
        tr("How often GateWatch pings the device; a link silent for twice that is dropped and "
           "reconnected. Default: %n second(s).",
           nullptr, SiteDevice::DefaultHeartbeatSeconds));
    advancedLayout->addWidget(m_heartbeatOverride);
    m_heartbeat = new QSpinBox(advancedBox);
    m_heartbeat->setObjectName(u"heartbeat"_s);
    m_heartbeat->setAccessibleName(tr("Heartbeat in seconds"));
    m_heartbeat->setRange(1, 3600);
    m_heartbeat->setSuffix(tr(" s"));
    advancedLayout->addWidget(m_heartbeat);
    advancedLayout->addStretch();
    right->addWidget(advancedBox);

    auto *testBox = new QGroupBox(tr("Test connection"), this);
    auto *testLayout = new QGridLayout(testBox);
    m_test = new QPushButton(tr("&Test connection"), testBox);
    m_test->setObjectName(u"testConnection"_s);
    m_test->setAutoDefault(false);
    m_test->setToolTip(tr("Connect once with the settings above and say what happened; nothing "
                          "is saved"));
    connect(m_test, &QPushButton::clicked, this, [this] {
        if (isTesting())
            cancelTest();
        else
            testConnection();
    });
    testLayout->addWidget(m_test, 0, 0, 1, 2, Qt::AlignLeft);
    m_testIcon = new QLabel(testBox);
    m_testIcon->setAlignment(Qt::AlignTop);
    m_testIcon->hide();
    testLayout->addWidget(m_testIcon, 1, 0);
    m_testSummary = new QLabel(testBox);
    m_testSummary->setObjectName(u"testSummary"_s);
    m_testSummary->setAccessibleName(tr("Connection test result"));
    m_testSummary->setTextFormat(Qt::PlainText);
    m_testSummary->setWordWrap(true);
    m_testSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_testSummary->font();
    bold.setBold(true);
    m_testSummary->setFont(bold);
    m_testSummary->hide();
    testLayout->addWidget(m_testSummary, 1, 1);
    m_testDetails = new QLabel(testBox);
    m_testDetails->setObjectName(u"testDetails"_s);
    m_testDetails->setAccessibleName(tr("Connection test details"));
    m_testDetails->setTextFormat(Qt::PlainText);
    m_testDetails->setWordWrap(true);
    m_testDetails->setTextInteractionFlags(Qt::TextSelectableByMouse
                                           | Qt::TextSelectableByKeyboard);
    m_testDetails->hide();
    m_testDetailsToggle = new QPushButton(tr("Show &details"), testBox);
    m_testDetailsToggle->setObjectName(u"testDetailsToggle"_s);
    m_testDetailsToggle->setCheckable(true);
    m_testDetailsToggle->setAutoDefault(false);
    m_testDetailsToggle->setFlat(true);
    m_testDetailsToggle->hide();
    connect(m_testDetailsToggle, &QPushButton::toggled, this, [this](bool shown) {
        m_testDetailsToggle->setText(shown ? tr("Hide &details") : tr("Show &details"));
        m_testDetails->setVisible(shown && !m_testDetails->text().isEmpty());
        growToFit();
    });
    testLayout->addWidget(m_testDetailsToggle, 2, 1, Qt::AlignLeft);
    testLayout->addWidget(m_testDetails, 3, 1);
    m_trustTested = new QPushButton(Icons::icon(u"certificate"_s, palette()),
                                    tr("T&rust this certificate…"), testBox);
    m_trustTested->setObjectName(u"trustTestedCertificate"_s);
    m_trustTested->setAutoDefault(false);
    m_trustTested->hide();
    connect(m_trustTested, &QPushButton::clicked, this, [this] { reviewTestedCertificate(); });
    testLayout->addWidget(m_trustTested, 4, 1, Qt::AlignLeft);
    testLayout->setRowStretch(5, 1);
    testLayout->setColumnStretch(1, 1);
    right->addWidget(testBox, 1);
    left->addStretch();

    m_message = new QLabel(this);
    m_message->setObjectName(u"message"_s);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->hide();
    layout->addWidget(m_message);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = m_buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(m_mode == Mode::Add ? tr("&Add device") : tr("&Save"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DeviceEditorDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
}

void DeviceEditorDialog::setHasStoredPassword(bool stored)
{
    m_hasStoredPassword = stored;
    updatePasswordField();
}

SiteDevice DeviceEditorDialog::device() const
{
    SiteDevice device = m_device;
    device.name = m_name->text().trimmed();
    device.location = m_location->text().trimmed();
    device.host = m_host->text();
    device.port = m_port->text().trimmed().toInt();
    device.tls = m_tls->isChecked();
    device.path = m_path->text().trimmed();
    device.username = m_username->text().trimmed();
    device.heartbeatSeconds = m_heartbeatOverride->isChecked()
        ? std::optional<int>(m_heartbeat->value())
        : std::nullopt;
    device.pinnedSha256 = m_pinned;
    return device;
}

std::optional<QString> DeviceEditorDialog::password() const
{
    if (m_username->text().trimmed().isEmpty())
        return QString(); // no login: nothing to keep
    if (m_mode == Mode::Edit && !m_passwordEdited)
        return std::nullopt;
    return m_password->text();
}

QStringList DeviceEditorDialog::problems() const
{
    QStringList found;
    if (m_name->text().trimmed().isEmpty())
        found << tr("the name is empty");
    if (const QString problem = SiteDevice::hostProblem(m_host->text()); !problem.isEmpty())
        found << problem;
    if (const QString problem = SiteDevice::portProblem(m_port->text()); !problem.isEmpty())
        found << problem;
    if (!m_path->text().trimmed().startsWith(u'/'))
        found << tr("the path must begin with '/'");
    return found;
}

void DeviceEditorDialog::updateProblems()
{
    const auto shown = [this](QLineEdit *edit) {
        return m_mode == Mode::Edit || !edit->text().isEmpty()
            || edit->property("touched").toBool();
    };
    const auto show = [](QLabel *label, QLineEdit *edit, const QString &problem, bool visible) {
        const QString text = visible ? capitalised(problem) : QString();
        label->setText(text);
        label->setVisible(!text.isEmpty());
        edit->setAccessibleDescription(text);
    };
    const QString nameProblem
        = m_name->text().trimmed().isEmpty() ? tr("the name is empty") : QString();
    show(m_nameProblem, m_name, nameProblem, shown(m_name));
    show(m_hostProblem, m_host, SiteDevice::hostProblem(m_host->text()), shown(m_host));
    show(m_portProblem, m_port, SiteDevice::portProblem(m_port->text()), true);
    const QString pathProblem = m_path->text().trimmed().startsWith(u'/')
        ? QString()
        : tr("the path must begin with '/' (the terminals use /v1/event/)");
    show(m_pathProblem, m_path, pathProblem, true);

    const QStringList problems = this->problems();
    m_ok->setEnabled(problems.isEmpty());
    m_ok->setToolTip(problems.isEmpty() ? QString() : capitalised(problems.join(u"; "_s)));
    growToFit();
}

void DeviceEditorDialog::growToFit()
{
    // A problem line that appears (or wraps) needs room the window may not have: a wrapped
    // label's height depends on the width, which the minimum size does not account for.
    if (!isVisible())
        return;
    layout()->activate();
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                     : layout()->totalSizeHint().height();
    if (needed > height())
        resize(width(), needed);
}

void DeviceEditorDialog::updatePasswordField()
{
    const bool login = !m_username->text().trimmed().isEmpty();
    m_password->setEnabled(login);
    if (!login)
        m_password->setPlaceholderText(tr("enter a user name first"));
    else if (m_mode == Mode::Edit && m_hasStoredPassword)
        m_password->setPlaceholderText(tr("stored; type to replace it"));
    else
        m_password->setPlaceholderText(QString());
}

void DeviceEditorDialog::updatePins()
{
    m_pins->clear();
    for (const QByteArray &pin : std::as_const(m_pinned)) {
        auto *item = new QListWidgetItem(CertificateTrustDialog::groupedFingerprint(pin), m_pins);
        item->setData(Qt::UserRole, pin);
        item->setToolTip(tr("SHA-256 fingerprint of a pinned certificate:\n%1")
                             .arg(DeviceConfig::formatFingerprint(pin)));
    }
    if (m_pinned.isEmpty()) {
        auto *item = new QListWidgetItem(tr("none"), m_pins);
        item->setFlags(Qt::NoItemFlags);
    }
    m_removePin->setEnabled(false);
    m_copyPin->setEnabled(false);
}

void DeviceEditorDialog::pinCertificate(const QByteArray &sha256)
{
    m_pinned = { sha256 };
    updatePins();
}

void DeviceEditorDialog::removeSelectedPins()
{
    const QList<QListWidgetItem *> selected = m_pins->selectedItems();
    for (const QListWidgetItem *item : selected)
        m_pinned.removeAll(item->data(Qt::UserRole).toByteArray());
    updatePins();
}

void DeviceEditorDialog::copySelectedPin()
{
    const QList<QListWidgetItem *> selected = m_pins->selectedItems();
    if (selected.size() == 1)
        QApplication::clipboard()->setText(DeviceConfig::formatFingerprint(
            selected.constFirst()->data(Qt::UserRole).toByteArray()));
}

void DeviceEditorDialog::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void DeviceEditorDialog::setConnectionDefaults(const DeviceConfig &defaults)
{
    m_defaults = defaults;
}

bool DeviceEditorDialog::isTesting() const
{
    return m_readingPassword || (m_connectionTest && m_connectionTest->isRunning());
}

void DeviceEditorDialog::testConnection()
{
    cancelTest();
    const quint64 generation = m_testGeneration;
    if (const QStringList found = problems(); !found.isEmpty()) {
        showTestResult(
            localResult(ConnectionTestResult::Outcome::InvalidSettings,
                        tr("The settings cannot be tested: %1.").arg(found.join(u"; "_s))));
        return;
    }
    const bool storedPassword = m_mode == Mode::Edit && !m_passwordEdited && m_hasStoredPassword
        && !m_username->text().trimmed().isEmpty() && m_credentials;
    if (!storedPassword) {
        startTest(m_password->text());
        return;
    }
    // The field is empty because the password is stored: the test uses that one.
    m_readingPassword = true;
    m_test->setText(tr("S&top the test"));
    m_testIcon->setPixmap(Icons::pixmap(u"state-waiting"_s, 24, devicePixelRatioF()));
    m_testIcon->show();
    m_testSummary->setText(tr("Reading the stored password…"));
    m_testSummary->show();
    m_credentials->readPassword(
        m_device.id, this,
        [this, generation](const std::optional<QString> &password, const QString &error) {
            if (generation != m_testGeneration)
                return; // cancelled or started again meanwhile
            m_readingPassword = false;
            if (!error.isEmpty()) {
                showTestResult(
                    localResult(ConnectionTestResult::Outcome::LoginFailed,
                                tr("The stored password could not be read: %1.").arg(error),
                                tr("Type the password again to test with it.")));
                return;
            }
            startTest(password.value_or(QString()));
        });
}

void DeviceEditorDialog::startTest(const QString &password)
{
    // The manager's settings for timeouts and CAs, the fields for everything the operator set.
    const DeviceConfig fields = device().toConfig(password);
    DeviceConfig config = m_defaults;
    config.name = fields.name;
    config.url = fields.url;
    config.pinnedSha256 = fields.pinnedSha256;
    config.username = fields.username;
    config.password = fields.password;
    config.heartbeatSeconds = fields.heartbeatSeconds;

    if (!m_connectionTest) {
        m_connectionTest = new ConnectionTest(this);
        connect(m_connectionTest, &ConnectionTest::progress, this, [this](const QString &step) {
            m_testSummary->setText(step);
            m_testSummary->show();
        });
        connect(m_connectionTest, &ConnectionTest::finished, this,
                &DeviceEditorDialog::showTestResult);
    }
    m_lastResult.reset();
    m_trustTested->hide();
    m_testDetails->clear();
    m_testDetails->hide();
    m_testDetailsToggle->hide();
    m_testIcon->setPixmap(Icons::pixmap(u"state-waiting"_s, 24, devicePixelRatioF()));
    m_testIcon->show();
    m_testSummary->setText(tr("Testing…"));
    m_testSummary->show();
    m_test->setText(tr("S&top the test"));
    m_connectionTest->start(config);
    growToFit();
}

void DeviceEditorDialog::cancelTest()
{
    ++m_testGeneration;
    m_readingPassword = false;
    if (m_connectionTest)
        m_connectionTest->cancel();
    m_test->setText(tr("&Test connection"));
    if (!m_lastResult && !m_testSummary->isHidden()) {
        // A test was under way: it is not going to say anything now.
        m_testSummary->clear();
        m_testSummary->hide();
        m_testIcon->hide();
    } else if (m_lastResult) {
        // The settings changed since: what the test found may not hold any more.
        m_lastResult.reset();
        m_trustTested->hide();
        m_testSummary->hide();
        m_testDetails->hide();
        m_testDetailsToggle->hide();
        m_testIcon->hide();
    }
}

void DeviceEditorDialog::showTestResult(const ConnectionTestResult &result)
{
    using Outcome = ConnectionTestResult::Outcome;
    m_lastResult = result;
    m_test->setText(tr("&Test connection"));
    const bool certificate = (result.outcome == Outcome::CertificateUntrusted
                              || result.outcome == Outcome::CertificateChanged)
        && !result.certificate.isNull();
    m_testIcon->setPixmap(Icons::pixmap(result.ok()       ? u"pass"_s
                                            : certificate ? u"alert"_s
                                                          : u"deny"_s,
                                        24, devicePixelRatioF()));
    m_testIcon->show();
    m_testSummary->setText(result.summary);
    m_testSummary->show();
    // What was reached, the certificate, the device's answer: there when wanted, not in the way.
    m_testDetails->setText(result.details);
    m_testDetailsToggle->setVisible(!result.details.isEmpty());
    m_testDetails->setVisible(!result.details.isEmpty() && m_testDetailsToggle->isChecked());
    m_trustTested->setVisible(certificate);
    growToFit();
    emit testFinished(result);
}

CertificateTrustDialog *DeviceEditorDialog::reviewTestedCertificate()
{
    using Outcome = ConnectionTestResult::Outcome;
    if (!m_lastResult || m_lastResult->certificate.isNull()
        || (m_lastResult->outcome != Outcome::CertificateUntrusted
            && m_lastResult->outcome != Outcome::CertificateChanged))
        return nullptr;
    const QString name
        = m_name->text().trimmed().isEmpty() ? m_host->text() : m_name->text().trimmed();
    auto *dialog = new CertificateTrustDialog(name, m_lastResult->certificate, m_pinned, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        pinCertificate(dialog->sha256());
        // Straight away, with the pin: the operator sees the device answer.
        testConnection();
    });
    dialog->open();
    return dialog;
}

void DeviceEditorDialog::reject()
{
    cancelTest();
    QDialog::reject();
}

void DeviceEditorDialog::accept()
{
    if (!problems().isEmpty())
        return;
    if (m_apply) {
        QString error;
        if (!m_apply(device(), password(), &error)) {
            showMessage(capitalised(error));
            return;
        }
    }
    cancelTest();
    QDialog::accept();
}
