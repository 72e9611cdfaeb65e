// Renders the dashboard with known events to dashboard.png in the build folder, for people to
// look at after a change; and the device settings (device-settings.png), the device editor
// after a connection test (device-editor.png) and the trust dialog for a changed certificate
// (certificate-trust.png), against simulated terminals. It checks that the windows rendered
// (what they show, an image with real content), not what the pixels are.

#include "../common/loginsimulator.h"
#include "certificatetrustdialog.h"
#include "device/credentialstore.h"
#include "device/devicehub.h"
#include "device/tlstrust.h"
#include "deviceeditordialog.h"
#include "devicesettingsdialog.h"
#include "event/eventparser.h"
#include "mainwindow.h"
#include "model/alertmodel.h"
#include "model/recognitionmodel.h"
#include "model/sitedevicemodel.h"
#include "session/devicemanager.h"
#include "session/monitorsession.h"
#include "sim/eventgenerator.h"
#include "store/eventstore.h"
#include "store/storethread.h"

#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr int Timeout = 20'000;

// Saves the widget's picture in the build folder after checking it has real content.
void save(QWidget *widget, const QString &name)
{
    const QImage shot = widget->grab().toImage();
    QCOMPARE(shot.size(), widget->size() * widget->devicePixelRatio());
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 5) {
        for (int x = 0; x < shot.width(); x += 5)
            colours.insert(shot.pixel(x, y));
    }
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    const QString path = QDir(QStringLiteral(GATEWATCH_SCREENSHOT_DIR)).filePath(name);
    QVERIFY(shot.save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

QSslCertificate otherCertificate()
{
    QFile file(QStringLiteral(GATEWATCH_TEST_DATA) + u"/tls/other-self-signed.pem"_s);
    if (!file.open(QIODevice::ReadOnly))
        return QSslCertificate();
    return QSslCertificate(file.readAll(), QSsl::Pem);
}
} // namespace

class TestScreenshot final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<ConnectionTestResult>(); }
    void dashboard();
    void deviceSettings();
    void deviceEditorAfterATest();
    void changedCertificate();
};

void TestScreenshot::dashboard()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString database = dir.filePath(u"events.sqlite"_s);
    constexpr int Events = 28;

    // Known events, stored the way the recorder stores them: one generated terminal cycling
    // through every status, named after a door.
    {
        StoreThread storeThread;
        QString error;
        QVERIFY2(storeThread.start(database, StoreOptions {}, &error), qPrintable(error));
        EventGenerator generator(EventGenerator::serialNumberFor(7, 0), 7);
        QList<RecognitionEvent> events;
        const EventParser parser;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < Events; ++i) {
            const QByteArray frame
                = EventGenerator::frame(generator.nextEventData(now - qint64(Events - i) * 4000));
            ParseOutcome outcome = parser.parse(frame);
            QVERIFY2(outcome.event, qPrintable(outcome.reason));
            outcome.event->deviceName = i % 3 == 0 ? u"Main entrance"_s
                : i % 3 == 1                       ? u"Loading bay"_s
                                                   : u"Server room"_s;
            events.append(*outcome.event);
        }
        QMetaObject::invokeMethod(storeThread.store(), [store = storeThread.store(), events] {
            store->addEvents(events);
        });
        storeThread.stop();
    }

    SessionOptions options;
    options.databasePath = database;
    MonitorSession session(options);
    QSignalSpy loaded(&session, &MonitorSession::loaded);
    QString error;
    QVERIFY2(session.start(&error), qPrintable(error));
    QVERIFY(loaded.wait(20'000));
    QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    MainWindow window(&session, &settings);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const RecognitionModel *model = session.recognitions();
    QCOMPARE(model->rowCount(), Events);
    QVERIFY(session.alerts()->unacknowledgedCount() > 0);
    // Every tile's face decoded before the picture is taken.
    for (int row = 0; row < 12; ++row)
        QTRY_VERIFY_WITH_TIMEOUT(
            !model->index(row, 0).data(RecognitionRoles::ThumbnailRole).value<QImage>().isNull(),
            20'000);

    const QImage shot = window.grab().toImage();
    QCOMPARE(shot.size(), window.size() * window.devicePixelRatio());
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 7) {
        for (int x = 0; x < shot.width(); x += 7)
            colours.insert(shot.pixel(x, y));
    }
    QVERIFY2(colours.size() > 200, qPrintable(QString::number(colours.size())));
    const QString path
        = QDir(QStringLiteral(GATEWATCH_SCREENSHOT_DIR)).filePath(u"dashboard.png"_s);
    QVERIFY(shot.save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

void TestScreenshot::deviceSettings()
{
    // Four terminals on loopback, as a site has them: one online, one disabled, one whose
    // certificate changed since it was pinned, one added but not trusted yet.
    const auto terminals = LoginSimulator::start(true);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    SessionCredentialStore credentials;
    DeviceHub hub;
    DeviceManager manager(&hub, &credentials, &settings);
    manager.load();
    const auto device = [&terminals](const QString &name, const QString &location) {
        SiteDevice site;
        site.name = name;
        site.location = location;
        site.host = u"127.0.0.1"_s;
        site.port = terminals->port(0);
        site.username = LoginSimulator::user();
        site.pinnedSha256 = { terminals->certificateSha256() };
        return site;
    };
    QString error;
    const QString online = manager.add(device(u"Main entrance"_s, u"Building A, lobby"_s),
                                       LoginSimulator::password(), &error);
    SiteDevice bay = device(u"Loading bay"_s, u"Warehouse"_s);
    bay.host = u"10.20.0.31"_s;
    bay.enabled = false;
    manager.add(bay, LoginSimulator::password(), &error);
    SiteDevice server = device(u"Server room"_s, u"Building B, 2nd floor"_s);
    server.pinnedSha256 = { TlsTrust::sha256(otherCertificate()) };
    const QString changed = manager.add(server, LoginSimulator::password(), &error);
    SiteDevice garage = device(u"Garage gate"_s, u"Car park"_s);
    garage.pinnedSha256.clear();
    const QString untrusted = manager.add(garage, LoginSimulator::password(), &error);
    QCOMPARE(manager.count(), 4);
    QTRY_COMPARE_WITH_TIMEOUT(manager.status(online).state, ConnectionState::Online, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(manager.status(changed).certificateChanged, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(manager.status(untrusted).certificateUntrusted, Timeout);

    DeviceSettingsDialog dialog(&manager);
    dialog.resize(1020, 480);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // The changed certificate's red stays visible: another row is selected.
    dialog.selectIds({ online });
    QTRY_VERIFY(!dialog.reviewCertificateAction()->isEnabled());
    save(&dialog, u"device-settings.png"_s);
    hub.stopAll();
}

void TestScreenshot::deviceEditorAfterATest()
{
    const auto terminal = LoginSimulator::start(true);
    SessionCredentialStore credentials;
    SiteDevice device;
    device.id = u"front"_s;
    device.name = u"Main entrance"_s;
    device.location = u"Building A, lobby"_s;
    device.host = u"127.0.0.1"_s;
    device.port = terminal->port(0);
    device.username = LoginSimulator::user();
    device.pinnedSha256 = { terminal->certificateSha256() };
    DeviceEditorDialog editor(DeviceEditorDialog::Mode::Edit, device, &credentials);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.passwordEdit()->setText(LoginSimulator::password());
    QSignalSpy tested(&editor, &DeviceEditorDialog::testFinished);
    editor.testConnection();
    QVERIFY(tested.wait(Timeout));
    QVERIFY(editor.lastTestResult() && editor.lastTestResult()->ok());
    save(&editor, u"device-editor.png"_s);
}

void TestScreenshot::changedCertificate()
{
    const QSslCertificate presented = otherCertificate();
    QVERIFY(!presented.isNull());
    const auto terminal = LoginSimulator::start(true);
    CertificateTrustDialog dialog(u"Server room"_s, presented, { terminal->certificateSha256() });
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.isChange());
    save(&dialog, u"certificate-trust.png"_s);
}

QTEST_MAIN(TestScreenshot)
#include "tst_screenshot.moc"
