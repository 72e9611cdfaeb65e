// The dashboard when the database cannot be written: a real simulated terminal keeps sending,
// the session's real store writes to a small real file system (a tmpfs in a mount namespace of
// the test's own) that fills up. The window then shows, above everything, that recording has
// stopped, why (which file, the disk is full) and how many events wait in memory; the live
// view goes on. Once space returns the bar goes away, the status bar says what was stored, and
// the database holds every event the terminal sent, once.

#include "../common/loginsimulator.h"
#include "../common/smallfilesystem.h"
#include "device/devicehub.h"
#include "mainwindow.h"
#include "model/recognitionmodel.h"
#include "session/monitorsession.h"
#include "sim/devicesimulator.h"
#include "store/eventreader.h"

#include <QApplication>
#include <QLabel>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using PrivateMounts::SmallFileSystem;

namespace {
constexpr int Timeout = 30'000;

QString integrityOf(const QString &path)
{
    QString result;
    const QString name = u"tst_recordingstopped.check"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            result = query.exec(u"PRAGMA integrity_check"_s) && query.next()
                ? query.value(0).toString()
                : query.lastError().text();
            query.finish();
            db.close();
        } else {
            result = db.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}
} // namespace

class TestRecordingStopped final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void barShowsWhileTheDiskIsFullAndGoesWhenSpaceReturns();

private:
    quint64 storedCount() const { return m_session->hub()->deviceCounters(0).stored; }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SmallFileSystem> m_fs;
    std::unique_ptr<DeviceSimulator> m_simulator;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MonitorSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void TestRecordingStopped::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fs = std::make_unique<SmallFileSystem>();
    QString error;
    QVERIFY2(m_fs->mount(m_dir->filePath(u"small"_s), qint64 { 8 } * 1024 * 1024, &error),
             qPrintable(error));
    m_simulator = LoginSimulator::start(false); // events only when the test asks

    SessionOptions options;
    options.databasePath = m_fs->filePath(u"events.sqlite"_s);
    DeviceConfig device;
    device.name = u"Front door"_s;
    device.url = m_simulator->eventUrl(0);
    LoginSimulator::addCredentials(device);
    options.devices = { device };
    m_settings
        = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    options.deviceSettings = m_settings.get();
    m_session = std::make_unique<MonitorSession>(options);
    QSignalSpy loaded(m_session.get(), &MonitorSession::loaded);
    QVERIFY2(m_session->start(&error), qPrintable(error));
    QVERIFY(loaded.wait(Timeout));
    m_window = std::make_unique<MainWindow>(m_session.get(), m_settings.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->hub()->deviceState(0), ConnectionState::Online, Timeout);
}

void TestRecordingStopped::cleanup()
{
    m_window.reset();
    if (m_session)
        m_session->stop();
    m_session.reset();
    m_settings.reset();
    m_simulator.reset();
    m_fs.reset();
    m_dir.reset();
}

void TestRecordingStopped::barShowsWhileTheDiskIsFullAndGoesWhenSpaceReturns()
{
    QLabel *bar = m_window->recordingStoppedBar();
    quint64 emitted = 0;
    for (; emitted < 3; ++emitted)
        m_simulator->emitEvent(0);
    QTRY_COMPARE_WITH_TIMEOUT(storedCount(), emitted, Timeout);
    QVERIFY(!bar->isVisible());
    QVERIFY(!m_window->windowTitle().contains(u"RECORDING STOPPED"_s));

    // The terminal keeps sending, an event every 50 ms, while the disk fills up.
    QTimer terminal;
    terminal.setInterval(50);
    connect(&terminal, &QTimer::timeout, this, [&] {
        m_simulator->emitEvent(0);
        ++emitted;
    });
    terminal.start();
    QString error;
    QVERIFY2(m_fs->fill(&error), qPrintable(error));

    QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), Timeout);
    const QString database = m_session->databasePath();
    QVERIFY2(
        bar->text().startsWith(u"Recording stopped: the disk holding %1 is full"_s.arg(database)),
        qPrintable(bar->text()));
    QVERIFY2(bar->text().contains(u"free space on that disk"_s), qPrintable(bar->text()));
    QVERIFY(m_window->windowTitle().startsWith(u"RECORDING STOPPED"_s));
    QCOMPARE(m_session->isRecording(), false);

    // It stays, and keeps counting what waits, while the live view goes on.
    const quint64 target = emitted + 20;
    QTRY_VERIFY_WITH_TIMEOUT(emitted >= target, Timeout);
    terminal.stop();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->recognitions()->rowCount(), int(emitted), Timeout);
    const quint64 waiting = emitted - storedCount();
    QVERIFY(waiting >= 20);
    QTRY_VERIFY2_WITH_TIMEOUT(
        bar->text().contains(u"\n%1 event(s) waiting in memory to be stored."_s.arg(waiting)),
        qPrintable(bar->text()), Timeout);
    QVERIFY(bar->isVisible());
    QVERIFY(m_window->centralWidget()->isAncestorOf(bar));
    QCOMPARE(bar->mapTo(m_window->centralWidget(), QPoint(0, 0)), QPoint(0, 0)); // on top

    QVERIFY(m_fs->removeFiller());
    QTRY_VERIFY_WITH_TIMEOUT(!bar->isVisible(), Timeout);
    QVERIFY(m_session->isRecording());
    QVERIFY(!m_window->windowTitle().contains(u"RECORDING STOPPED"_s));
    const QString resumed = m_window->statusBar()->currentMessage();
    QVERIFY2(resumed.startsWith(u"Recording resumed: %1 can be written again."_s.arg(database)),
             qPrintable(resumed));
    QVERIFY2(resumed.contains(
                 u"%1 event(s) received while it could not be written were stored"_s.arg(waiting)),
             qPrintable(resumed));
    QTRY_COMPARE_WITH_TIMEOUT(storedCount(), emitted, Timeout);

    // Recording goes on as before.
    m_simulator->emitEvent(0);
    ++emitted;
    QTRY_COMPARE_WITH_TIMEOUT(storedCount(), emitted, Timeout);
    QVERIFY(!bar->isVisible());

    m_window.reset();
    m_session->stop();
    QCOMPARE(integrityOf(database), u"ok"_s);
    EventReader reader;
    QVERIFY2(reader.open(database, &error), qPrintable(error));
    QCOMPARE(reader.count(EventFilter {}, &error), qint64(emitted));
}

GW_TEST_MAIN_WITH_PRIVATE_MOUNTS(TestRecordingStopped, QApplication)
#include "tst_recordingstopped.moc"
