// The dashboard as a guard uses it, offscreen: a real simulated terminal over TLS (pinned),
// a real SQLite store, the session and the main window. Events appear in the gallery and the
// table with the device's verdict; alerts are raised and acknowledged (and stored with who,
// when and the note); pause holds the view while recording goes on; Enter opens the detail
// view; the layout and the live view survive a restart; a door is opened from the alert
// banner and from a tile's menu, after a confirmation, and the door log has it.

#include "../common/loginsimulator.h"
#include "aboutdialog.h"
#include "acknowledgedialog.h"
#include "alertbanner.h"
#include "device/devicehub.h"
#include "deviceeditordialog.h"
#include "devicesettingsdialog.h"
#include "doorconfirmationanswer.h"
#include "event/eventparser.h"
#include "eventdetaildialog.h"
#include "gallerydelegate.h"
#include "mainwindow.h"
#include "model/alertmodel.h"
#include "model/devicemodel.h"
#include "model/recognitionmodel.h"
#include "recognitiontable.h"
#include "session/devicemanager.h"
#include "session/doorcontrol.h"
#include "session/monitorsession.h"
#include "sim/devicesimulator.h"
#include "store/eventreader.h"
#include "welcomepage.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <array>
#include <memory>

using namespace Qt::StringLiterals;

namespace {
constexpr int Timeout = 20'000;

// Answers the next modal AcknowledgeDialog with `note`, once it is open.
void answerAcknowledgeDialog(const QString &note)
{
    QTimer::singleShot(10, qApp, [note] {
        auto *dialog = qobject_cast<AcknowledgeDialog *>(QApplication::activeModalWidget());
        if (!dialog) {
            answerAcknowledgeDialog(note); // not open yet
            return;
        }
        dialog->findChild<QPlainTextEdit *>()->setPlainText(note);
        dialog->accept();
    });
}

// The verdict the device sent for each event, by deduplication key.
QHash<QString, std::optional<bool>> sentVerdicts(const DeviceSimulator &simulator)
{
    QHash<QString, std::optional<bool>> verdicts;
    const QList<QByteArray> frames = simulator.sentFrames(0);
    const EventParser parser;
    for (const QByteArray &frame : frames) {
        const ParseOutcome outcome = parser.parse(frame);
        if (outcome.event)
            verdicts.insert(outcome.event->deduplicationKey(), outcome.event->pass);
    }
    return verdicts;
}
} // namespace

class TestMainWindow final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void eventsAppearWithTheirVerdict();
    void strangerRaisesAlertAndAcknowledgementIsStored();
    void acknowledgeAllFromTheKeyboard();
    void pauseHoldsTheViewWhileRecording();
    void enterOpensTheDetailView();
    void keyboardReachesEveryPane();
    void deviceColumnsFitTheirContents();
    void tileSizeFromTheKeyboard();
    void layoutRoundTrips();
    void iconsFollowThePalette();
    void operatorNameIsKept();
    void restartShowsRecentHistory();
    void manageDevicesFromTheMenu();
    void emptyStationOffersTheFirstDevice();
    void welcomeOffersTheDemo();
    void languageIsChosenForTheNextStart();
    void aboutNamesVersionsAndLicense();
    void openDoorFromBannerAndMenus();
    void doorOfAnUnknownDeviceIsNotOffered();

private:
    void startSession(bool withDevice);
    void stopSession();
    // Makes the simulated terminal emit `count` events and waits until the store has them.
    void emitEvents(int count);
    int stranger() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DeviceSimulator> m_simulator;
    std::unique_ptr<MonitorSession> m_session;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    quint64 m_emitted = 0;
};

void TestMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_simulator = LoginSimulator::start(); // TLS; events only when the test asks
    m_emitted = 0;
    startSession(true);
}

void TestMainWindow::cleanup()
{
    stopSession();
    m_simulator.reset();
    m_dir.reset();
}

void TestMainWindow::startSession(bool withDevice)
{
    SessionOptions options;
    options.databasePath = m_dir->filePath(u"events.sqlite"_s);
    if (withDevice) {
        DeviceConfig device;
        device.name = u"Front door"_s;
        device.url = m_simulator->eventUrl(0);
        device.pinnedSha256 = { m_simulator->certificateSha256() };
        device.username = LoginSimulator::user();
        device.password = LoginSimulator::password();
        options.devices = { device };
    }
    // The station's own device list lives in the window's settings, as in the application.
    m_settings
        = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    options.deviceSettings = m_settings.get();
    m_session = std::make_unique<MonitorSession>(options);
    m_session->setOperatorName(u"guard-1"_s);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_session->recognitions(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(m_session.get(), &MonitorSession::loaded);
    QString error;
    QVERIFY2(m_session->start(&error), qPrintable(error));
    QVERIFY(loaded.wait(Timeout));
    QCOMPARE(loaded.at(0).at(0).toString(), QString());
    m_window = std::make_unique<MainWindow>(m_session.get(), m_settings.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    if (withDevice)
        QTRY_COMPARE_WITH_TIMEOUT(m_session->hub()->deviceState(0), ConnectionState::Online,
                                  Timeout);
}

void TestMainWindow::stopSession()
{
    m_window.reset();
    m_tester.reset();
    if (m_session)
        m_session->stop();
    m_session.reset();
    m_settings.reset();
}

void TestMainWindow::emitEvents(int count)
{
    for (int i = 0; i < count; ++i)
        m_simulator->emitEvent(0);
    m_emitted += quint64(count);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->hub()->deviceCounters(0).stored, m_emitted, Timeout);
}

int TestMainWindow::stranger() const
{
    const RecognitionModel *model = m_session->recognitions();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (AlertRules::reasons(model->eventAt(row)).testFlag(AlertRules::Reason::Stranger))
            return row;
    }
    return -1;
}

void TestMainWindow::eventsAppearWithTheirVerdict()
{
    // The simulated terminal cycles through every status: passes, denials, strangers, a
    // non-live attempt.
    emitEvents(7);
    const RecognitionModel *model = m_session->recognitions();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 7, Timeout);
    QCOMPARE(m_window->gallery()->model()->rowCount(), 7);
    QCOMPARE(m_window->table()->model()->rowCount(), 7);

    const auto verdicts = sentVerdicts(*m_simulator);
    QCOMPARE(verdicts.size(), 7);
    int passes = 0;
    int denials = 0;
    for (int row = 0; row < 7; ++row) {
        const QModelIndex tile = m_window->gallery()->model()->index(row, 0);
        const auto event = tile.data(RecognitionRoles::EventRole).value<RecognitionEvent>();
        QVERIFY(verdicts.contains(event.deduplicationKey()));
        const std::optional<bool> sent = verdicts.value(event.deduplicationKey());
        QVERIFY(sent.has_value());
        QCOMPARE(tile.data(RecognitionRoles::PassRole).toBool(), *sent);
        QCOMPARE(event.deviceName, u"Front door"_s);
        (*sent ? passes : denials)++;
    }
    QVERIFY(passes > 0);
    QVERIFY(denials > 0);

    // The table says it in words, in the Pass column, whatever the sort.
    QAbstractItemModel *table = m_window->table()->model();
    for (int row = 0; row < table->rowCount(); ++row) {
        const QModelIndex pass = table->index(row, RecognitionModel::Pass);
        const QString word = pass.data().toString();
        QCOMPARE(word, pass.data(RecognitionRoles::PassRole).toBool() ? u"Pass"_s : u"Deny"_s);
    }
    // Newest first in the gallery.
    const qint64 first = model->index(0, 0).data(RecognitionRoles::TimestampRole).toLongLong();
    const qint64 last = model->index(6, 0).data(RecognitionRoles::TimestampRole).toLongLong();
    QVERIFY(first >= last);
    QVERIFY(model->sequence(0) > model->sequence(6));
}

void TestMainWindow::strangerRaisesAlertAndAcknowledgementIsStored()
{
    QSignalSpy raised(m_session->alerts(), &AlertModel::alertRaised);
    emitEvents(7);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->recognitions()->rowCount(), 7, Timeout);
    QVERIFY(stranger() >= 0);
    QVERIFY(!raised.isEmpty());
    AlertModel *alerts = m_session->alerts();
    const int waiting = alerts->unacknowledgedCount();
    QVERIFY(waiting >= 2); // at least the stranger and the non-live attempt
    QVERIFY(m_window->banner()->isVisible());
    QVERIFY(m_window->windowTitle().contains(u"alert"_s));

    // Acknowledge the stranger's alert from the alert list: select it, Ctrl+K, a note.
    int strangerAlert = -1;
    for (int row = 0; row < alerts->rowCount() && strangerAlert < 0; ++row) {
        if (AlertRules::reasons(alerts->eventAt(row)).testFlag(AlertRules::Reason::Stranger))
            strangerAlert = row;
    }
    QVERIFY(strangerAlert >= 0);
    const QString key = alerts->index(strangerAlert).data(AlertModel::DedupKeyRole).toString();
    m_window->alertList()->setFocus();
    m_window->alertList()->setCurrentIndex(alerts->index(strangerAlert));
    QSignalSpy stored(m_session.get(), &MonitorSession::acknowledgementsStored);
    answerAcknowledgeDialog(u"visitor, let in by reception"_s);
    QTest::keyClick(m_window->alertList(), Qt::Key_K, Qt::ControlModifier);
    QCOMPARE(alerts->unacknowledgedCount(), waiting - 1);
    QVERIFY(alerts->index(strangerAlert).data(AlertModel::AcknowledgedRole).toBool());
    QVERIFY(stored.wait(Timeout));

    // In the database: who, when, the note.
    EventReader reader;
    QString error;
    QVERIFY2(reader.open(m_session->databasePath(), &error), qPrintable(error));
    const auto ack = reader.acknowledgementFor(key, &error);
    QVERIFY2(ack.has_value(), qPrintable(error));
    QCOMPARE(ack->by, u"guard-1"_s);
    QCOMPARE(ack->note, u"visitor, let in by reception"_s);
    QVERIFY(qAbs(ack->at.secsTo(QDateTime::currentDateTimeUtc())) < 120);
    // The others still wait and are still counted.
    QVERIFY(m_window->banner()->isVisible() == (waiting > 1));
    QVERIFY(m_window->banner()->text().contains(u"%1 unacknowledged"_s.arg(waiting - 1))
            || waiting - 1 == 1);
}

void TestMainWindow::acknowledgeAllFromTheKeyboard()
{
    emitEvents(7);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->alerts()->unacknowledgedCount() >= 2, Timeout);
    QSignalSpy stored(m_session.get(), &MonitorSession::acknowledgementsStored);
    answerAcknowledgeDialog(u"fire drill"_s);
    QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_session->alerts()->unacknowledgedCount(), 0);
    QVERIFY(!m_window->banner()->isVisible());
    QVERIFY(!m_window->windowTitle().contains(u"alert"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!stored.isEmpty(), Timeout);
    EventReader reader;
    QVERIFY(reader.open(m_session->databasePath()));
    const auto rows = reader.latest(EventFilter {}, 100, false);
    QVERIFY(rows.has_value());
    int acknowledged = 0;
    for (const StoredEventRow &row : *rows) {
        if (row.acknowledgement) {
            QCOMPARE(row.acknowledgement->note, u"fire drill"_s);
            ++acknowledged;
        }
    }
    QCOMPARE(acknowledged, m_session->alerts()->rowCount());
}

void TestMainWindow::pauseHoldsTheViewWhileRecording()
{
    emitEvents(3);
    RecognitionModel *model = m_session->recognitions();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, Timeout);

    QTest::keyClick(m_window.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(model->isPaused());
    QVERIFY(m_window->pauseAction()->isChecked());
    QVERIFY(m_window->pausedBar()->isVisible());

    emitEvents(4); // stored meanwhile: emitEvents waits for the store
    QTRY_COMPARE_WITH_TIMEOUT(model->pendingCount(), 4, Timeout);
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(m_window->gallery()->model()->rowCount(), 3);
    QVERIFY2(m_window->pausedBar()->text().contains(u"4 new"_s),
             qPrintable(m_window->pausedBar()->text()));

    QTest::keyClick(m_window.get(), Qt::Key_Pause);
    QVERIFY(!model->isPaused());
    QVERIFY(!m_window->pausedBar()->isVisible());
    QCOMPARE(model->rowCount(), 7);
    QCOMPARE(m_window->table()->model()->rowCount(), 7);
}

void TestMainWindow::enterOpensTheDetailView()
{
    emitEvents(2);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->recognitions()->rowCount(), 2, Timeout);
    QListView *gallery = m_window->gallery();
    gallery->setFocus();
    gallery->setCurrentIndex(gallery->model()->index(0, RecognitionModel::Name));
    QTest::keyClick(gallery, Qt::Key_Return);
    QTRY_COMPARE(m_window->findChildren<EventDetailDialog *>().size(), 1);
    const auto dialogs = m_window->findChildren<EventDetailDialog *>();
    EventDetailDialog *dialog = dialogs.constFirst();
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->windowTitle().contains(u"Front door"_s), qPrintable(dialog->windowTitle()));
    dialog->close();

    // Double-click on a table row opens it too.
    RecognitionTable *table = m_window->table();
    const QRect cell = table->visualRect(table->model()->index(1, RecognitionModel::Device));
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QTRY_COMPARE(m_window->findChildren<EventDetailDialog *>().size(), 1);
}

void TestMainWindow::keyboardReachesEveryPane()
{
    const std::array<std::pair<Qt::Key, QWidget *>, 4> panes = { {
        { Qt::Key_2, m_window->table() },
        { Qt::Key_3, m_window->alertList() },
        { Qt::Key_4, m_window->deviceTable() },
        { Qt::Key_1, m_window->gallery() },
    } };
    for (const auto &[key, pane] : panes) {
        QTest::keyClick(m_window.get(), key, Qt::ControlModifier);
        QTRY_VERIFY(pane->hasFocus());
        QVERIFY(!pane->accessibleName().isEmpty());
    }
    // The device panel says how the device is.
    const QModelIndex state = m_window->deviceTable()->model()->index(0, DeviceModel::State);
    QCOMPARE(state.data().toString(), u"online"_s);
}

void TestMainWindow::deviceColumnsFitTheirContents()
{
    // The columns follow their contents (fitted a moment after a change), and the last one
    // takes the rest of the width.
    QTableView *table = m_window->deviceTable();
    QHeaderView *header = table->horizontalHeader();
    const int last = header->count() - 1;
    // QTableView makes sizeHintForColumn() protected; its base has it public.
    QAbstractItemView *const view = table;
    const auto fitted = [&] {
        for (int column = 0; column < last; ++column) {
            if (header->sectionSize(column)
                != std::max(view->sizeHintForColumn(column), header->sectionSizeHint(column)))
                return false;
        }
        return true;
    };
    QSignalSpy resized(header, &QHeaderView::sectionResized);
    emitEvents(3); // counters and the last event's time change, and their widths with them
    // Fitted a moment after the change's notice, not at once.
    QTRY_VERIFY_WITH_TIMEOUT(!resized.isEmpty() && fitted(), Timeout);
    QVERIFY(header->stretchLastSection());
    QCOMPARE(header->sectionPosition(last) + header->sectionSize(last), table->viewport()->width());
}

void TestMainWindow::tileSizeFromTheKeyboard()
{
    const int before = m_window->tileSize();
    QTest::keyClick(m_window.get(), Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY(m_window->tileSize() > before);
    QTest::keyClick(m_window.get(), Qt::Key_Minus, Qt::ControlModifier);
    QTest::keyClick(m_window.get(), Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(m_window->tileSize() < before);
    QTest::keyClick(m_window.get(), Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(m_window->tileSize(), GalleryDelegate::DefaultTileSize);
    // The gallery's cells follow the tile size.
    emitEvents(1);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->recognitions()->rowCount(), 1, Timeout);
    m_window->setTileSize(300);
    const QRect cell = m_window->gallery()->visualRect(
        m_window->gallery()->model()->index(0, RecognitionModel::Name));
    QVERIFY2(cell.width() >= 300, qPrintable(QString::number(cell.width())));
}

void TestMainWindow::layoutRoundTrips()
{
    m_window->setTileSize(240);
    QHeaderView *header = m_window->table()->horizontalHeader();
    header->setSectionHidden(RecognitionModel::Liveness, true);
    header->moveSection(header->visualIndex(RecognitionModel::Device), 0);
    header->resizeSection(RecognitionModel::Name, 333);
    m_window->findChild<QDockWidget *>(u"devicesDock"_s)->hide();
    m_window->resize(1100, 700);
    m_window->close(); // saves the layout

    m_window = std::make_unique<MainWindow>(m_session.get(), m_settings.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->tileSize(), 240);
    header = m_window->table()->horizontalHeader();
    QVERIFY(header->isSectionHidden(RecognitionModel::Liveness));
    QCOMPARE(header->visualIndex(RecognitionModel::Device), 0);
    QCOMPARE(header->sectionSize(RecognitionModel::Name), 333);
    QVERIFY(!m_window->findChild<QDockWidget *>(u"devicesDock"_s)->isVisible());
    QCOMPARE(m_window->size(), QSize(1100, 700));
}

void TestMainWindow::iconsFollowThePalette()
{
    // Monochrome icons are drawn in the text colour: light text (a dark desktop) gives a light
    // pause icon, dark text a dark one.
    const auto brightest = [this] {
        const QImage image = m_window->pauseAction()->icon().pixmap(32).toImage();
        int best = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor colour = image.pixelColor(x, y);
                if (colour.alpha() > 200)
                    best = std::max(best, colour.lightness());
            }
        }
        return best;
    };
    const QPalette original = QApplication::palette();
    QPalette dark = original;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
    dark.setColor(QPalette::WindowText, QColor(0xf0, 0xf0, 0xf0));
    QApplication::setPalette(dark);
    QTRY_VERIFY(brightest() > 200);
    QPalette light = original;
    light.setColor(QPalette::WindowText, QColor(0x10, 0x10, 0x10));
    QApplication::setPalette(light);
    QTRY_VERIFY(brightest() < 60);
    QApplication::setPalette(original);
}

void TestMainWindow::operatorNameIsKept()
{
    QTimer::singleShot(10, qApp, [] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        QCOMPARE(dialog->textValue(), u"guard-1"_s); // the current name to start from
        dialog->setTextValue(u"  Jane Doe "_s);
        dialog->accept();
    });
    m_window->findChild<QAction *>(u"operatorNameAction"_s)->trigger();
    QCOMPARE(m_session->operatorName(), u"Jane Doe"_s);
    QCOMPARE(m_settings->value(u"operator/name"_s).toString(), u"Jane Doe"_s);

    // Acknowledgements are given under it.
    emitEvents(7);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->alerts()->unacknowledgedCount() > 0, Timeout);
    answerAcknowledgeDialog({});
    m_window->acknowledgeAlert(m_session->alerts()->newestUnacknowledgedRow());
    bool found = false;
    for (int row = 0; row < m_session->alerts()->rowCount(); ++row) {
        const auto ack = m_session->alerts()->acknowledgementAt(row);
        if (ack) {
            QCOMPARE(ack->by, u"Jane Doe"_s);
            found = true;
        }
    }
    QVERIFY(found);
}

void TestMainWindow::restartShowsRecentHistory()
{
    emitEvents(7);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->recognitions()->rowCount(), 7, Timeout);
    QList<QString> before;
    for (int row = 0; row < 7; ++row)
        before.append(m_session->recognitions()->eventAt(row).deduplicationKey());
    const int waiting = m_session->alerts()->unacknowledgedCount();
    QVERIFY(waiting > 0);
    m_session->alerts()->acknowledge(0, u"guard-1"_s, u"seen"_s);
    QSignalSpy stored(m_session.get(), &MonitorSession::acknowledgementsStored);
    QVERIFY(stored.wait(Timeout));

    stopSession();
    startSession(false); // no devices: only what the store remembers

    const RecognitionModel *model = m_session->recognitions();
    QCOMPARE(model->rowCount(), 7);
    for (int row = 0; row < 7; ++row)
        QCOMPARE(model->eventAt(row).deduplicationKey(), before.at(row));
    // Thumbnails come back too (from the stored snapshots).
    QTRY_VERIFY_WITH_TIMEOUT(
        !model->index(0, 0).data(RecognitionRoles::ThumbnailRole).value<QImage>().isNull()
            || !model->index(0, 0).data(RecognitionRoles::HasSnapshotRole).toBool(),
        Timeout);
    // Unacknowledged alerts are still waiting; the acknowledged one kept its acknowledgement.
    QCOMPARE(m_session->alerts()->unacknowledgedCount(), waiting - 1);
    QVERIFY(m_window->banner()->isVisible() == (waiting - 1 > 0));
    bool found = false;
    for (int row = 0; row < m_session->alerts()->rowCount(); ++row) {
        const auto ack = m_session->alerts()->acknowledgementAt(row);
        if (ack) {
            QCOMPARE(ack->note, u"seen"_s);
            found = true;
        }
    }
    QVERIFY(found);
    // Today's count per device is seeded from the store once the device is known again; here
    // no device is configured, so the panel is empty.
    QCOMPARE(m_session->devices()->rowCount(), 0);
}

void TestMainWindow::manageDevicesFromTheMenu()
{
    // The device given on the command line is watched, but not in the station's own list.
    QVERIFY(m_session->deviceManager());
    QCOMPARE(m_session->deviceManager()->count(), 0);
    QVERIFY(m_window->devicesEmptyState()->isHidden());
    QTest::keyClick(m_window.get(), Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
    auto *dialog = m_window->findChild<DeviceSettingsDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->manager(), m_session->deviceManager());
    // Asked again: the same dialog, brought to the front.
    m_window->manageDevicesAction()->trigger();
    QCOMPARE(m_window->findChildren<DeviceSettingsDialog *>().size(), 1);
}

void TestMainWindow::emptyStationOffersTheFirstDevice()
{
    stopSession();
    startSession(false);
    // Nothing to watch: the devices dock offers to add the first one, and Ctrl+4 goes there.
    QWidget *empty = m_window->devicesEmptyState();
    QVERIFY(empty->isVisible());
    QVERIFY(m_window->deviceTable()->isHidden());
    QTest::keyClick(m_window.get(), Qt::Key_4, Qt::ControlModifier);
    QTRY_VERIFY(empty->isAncestorOf(QApplication::focusWidget()));
    QVERIFY(empty->findChild<QPushButton *>(u"addFirstDevice"_s));
    QVERIFY(empty->findChild<QPushButton *>(u"findFirstDevices"_s));
    // In place of the empty gallery and table, the welcome page; Ctrl+1 reaches its first way
    // to start.
    WelcomePage *welcome = m_window->welcomePage();
    QVERIFY(welcome->isVisible());
    QVERIFY(!m_window->gallery()->isVisible());
    QVERIFY(!m_window->table()->isVisible());
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    QTRY_COMPARE(QApplication::focusWidget(), welcome->addButton());

    // Add a terminal… opens the device settings with the editor for a new one.
    QTest::keyClick(welcome->addButton(), Qt::Key_Space);
    auto *settings = m_window->findChild<DeviceSettingsDialog *>();
    QVERIFY(settings);
    auto *editor = settings->findChild<DeviceEditorDialog *>();
    QVERIFY(editor);
    QCOMPARE(editor->mode(), DeviceEditorDialog::Mode::Add);
    editor->nameEdit()->setText(u"Front door"_s);
    editor->hostEdit()->setText(u"127.0.0.1"_s);
    editor->portEdit()->setText(QString::number(m_simulator->port(0)));
    editor->usernameEdit()->setText(LoginSimulator::user());
    QTest::keyClicks(editor->passwordEdit(), LoginSimulator::password());
    editor->pinCertificate(m_simulator->certificateSha256());
    QTest::mouseClick(editor->okButton(), Qt::LeftButton);
    QCOMPARE(m_session->deviceManager()->count(), 1);

    // Watched at once: the dock shows it, online.
    QTRY_COMPARE_WITH_TIMEOUT(m_session->devices()->rowCount(), 1, Timeout);
    QVERIFY(empty->isHidden());
    QVERIFY(m_window->deviceTable()->isVisible());
    QVERIFY(!welcome->isVisible());
    QVERIFY(m_window->gallery()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->hub()->deviceState(0), ConnectionState::Online, Timeout);
    emitEvents(1);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->recognitions()->rowCount(), 1, Timeout);

    // With every device removed, what was recorded stays in view.
    m_session->deviceManager()->remove(m_session->deviceManager()->devices().constFirst().id);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->devices()->rowCount(), 0, Timeout);
    QVERIFY(!welcome->isVisible());
    QVERIFY(m_window->gallery()->isVisible());
}

void TestMainWindow::welcomeOffersTheDemo()
{
    // A station with a device never shows the welcome page.
    QVERIFY(!m_window->welcomePage()->isVisible());
    QVERIFY(m_window->gallery()->isVisible());

    stopSession();
    startSession(false);
    QSignalSpy restart(m_window.get(), &MainWindow::restartRequested);
    WelcomePage *welcome = m_window->welcomePage();
    QVERIFY(welcome->isVisible());
    // "Try the de&mo": a mnemonic clicks its button after a short animation.
    QTest::keyClick(m_window.get(), Qt::Key_M, Qt::AltModifier);
    QTRY_COMPARE(restart.size(), 1);
    QCOMPARE(restart.at(0).at(0).toStringList(), QStringList { u"--demo"_s });

    // Find terminals… opens the device settings' discovery.
    QVERIFY(!m_window->findChild<DeviceSettingsDialog *>());
    QTest::mouseClick(welcome->findButton(), Qt::LeftButton);
    QVERIFY(m_window->findChild<DeviceSettingsDialog *>());
}

void TestMainWindow::languageIsChosenForTheNextStart()
{
    QMenu *menu = m_window->languageMenu();
    QStringList names;
    QAction *chinese = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->isSeparator())
            continue;
        names << action->data().toString();
        if (action->data().toString() == u"zh_CN")
            chinese = action;
    }
    // The system's language first, then every shipped language by its own name.
    QCOMPARE(names, (QStringList { QString(), u"en"_s, u"zh_CN"_s }));
    QVERIFY(menu->actions().constFirst()->isChecked());
    QVERIFY(chinese);
    QCOMPARE(chinese->text(), u"简体中文"_s);

    QSignalSpy restart(m_window.get(), &MainWindow::restartRequested);
    // Asked whether to restart now: Later keeps the window, the choice is stored.
    QTimer::singleShot(0, this, [] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        QVERIFY(box->text().contains(u"简体中文"_s));
        box->buttons().constLast()->click();
    });
    chinese->trigger();
    QCOMPARE(m_settings->value(u"language"_s).toString(), u"zh_CN"_s);
    QVERIFY(chinese->isChecked());
    QCOMPARE(restart.size(), 0);

    // Back to the language this window started with: nothing to restart for.
    menu->actions().constFirst()->trigger();
    QVERIFY(!m_settings->contains(u"language"_s));
    QVERIFY(!QApplication::activeModalWidget());

    // Restart now asks for a start with the same arguments.
    QTimer::singleShot(0, this, [] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        box->defaultButton()->click();
    });
    chinese->trigger();
    QCOMPARE(restart.size(), 1);
    QCOMPARE(restart.at(0).at(0).toStringList(), QStringList());
}

void TestMainWindow::aboutNamesVersionsAndLicense()
{
    AboutDialog about(m_session->databasePath(), m_settings->fileName(), m_window.get());
    const QString text = about.versionText();
    QVERIFY(text.startsWith(u"GateWatch "_s + QStringLiteral(GATEWATCH_VERSION) + u'\n'));
    QVERIFY(text.contains(QString::fromLatin1(qVersion())));
    QVERIFY(text.contains(m_session->databasePath()));
    QVERIFY(text.contains(m_settings->fileName()));
    auto *license = about.findChild<QLabel *>(u"aboutLicense"_s);
    QVERIFY(license);
    QVERIFY(license->text().contains(u"GNU General Public License"_s));
    about.show();
    QVERIFY(QTest::qWaitForWindowExposed(&about));
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(about.findChild<QPushButton *>(u"copyVersionButton"_s), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), text);
}

namespace {
// The door log of one event, as the store holds it.
QList<DoorOpening> doorLogOf(const QString &databasePath, const QString &dedupKey)
{
    EventReader reader;
    if (!reader.open(databasePath))
        return {};
    return reader.doorOpeningsFor(dedupKey).value_or(QList<DoorOpening>());
}

// The context menu a view shows for the item at `rect`, as a right-click asks for it.
QMenu *requestMenu(QAbstractItemView *view, const QRect &rect)
{
    emit view->customContextMenuRequested(rect.center());
    return qobject_cast<QMenu *>(QApplication::activePopupWidget());
}
} // namespace

void TestMainWindow::openDoorFromBannerAndMenus()
{
    emitEvents(7);
    AlertModel *alerts = m_session->alerts();
    QTRY_VERIFY_WITH_TIMEOUT(alerts->unacknowledgedCount() > 0, Timeout);
    QVERIFY(m_window->banner()->isVisible());

    // The banner's door: the device of the newest alert, known here with its login.
    QPushButton *bannerDoor = m_window->banner()->openDoorButton();
    QVERIFY(bannerDoor->isVisible());
    QVERIFY2(bannerDoor->isEnabled(), qPrintable(bannerDoor->toolTip()));
    const QString alertKey = alerts->index(alerts->newestUnacknowledgedRow())
                                 .data(AlertModel::DedupKeyRole)
                                 .toString();
    const auto seen = std::make_shared<DoorConfirmationAnswer::Seen>();
    DoorConfirmationAnswer::answer(DoorConfirmationAnswer::Answer::Open, seen);
    bannerDoor->click();
    QVERIFY(seen->shown);
    QVERIFY2(seen->text.contains(u"Front door"_s), qPrintable(seen->text));
    QVERIFY2(seen->text.contains(u"guard-1"_s), qPrintable(seen->text));
    QTRY_COMPARE_WITH_TIMEOUT(m_simulator->doorOpenings(0), 1, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->statusBar()->currentMessage().startsWith(u"Front door: Door opened at "_s),
        Timeout);
    QVERIFY2(m_window->statusBar()->currentMessage().endsWith(u" by guard-1"_s),
             qPrintable(m_window->statusBar()->currentMessage()));
    // In the door log, for the alert it answered.
    QTRY_VERIFY_WITH_TIMEOUT(
        !doorLogOf(m_session->databasePath(), alertKey).isEmpty()
            && doorLogOf(m_session->databasePath(), alertKey).constFirst().hasOutcome(),
        Timeout);
    const DoorOpening entry = doorLogOf(m_session->databasePath(), alertKey).constFirst();
    QVERIFY(entry.opened);
    QCOMPARE(entry.requestedBy, u"guard-1"_s);
    QCOMPARE(entry.deviceName, u"Front door"_s);
    QCOMPARE(entry.deviceSn, m_simulator->serialNumber(0));

    // A tile's menu, from the keyboard once it is open: "Open door…" by its mnemonic.
    QListView *gallery = m_window->gallery();
    const QModelIndex tile = gallery->model()->index(0, RecognitionModel::Name);
    const QString tileKey
        = tile.data(RecognitionRoles::EventRole).value<RecognitionEvent>().deduplicationKey();
    QMenu *menu = requestMenu(gallery, gallery->visualRect(tile));
    QVERIFY(menu);
    auto *door = menu->findChild<QAction *>(u"openDoorAction"_s);
    QVERIFY(door);
    QVERIFY2(door->isEnabled(), qPrintable(door->toolTip()));
    QVERIFY(!door->icon().isNull());
    QVERIFY(menu->findChild<QAction *>(u"showDetailsAction"_s));
    DoorConfirmationAnswer::answer(DoorConfirmationAnswer::Answer::Open);
    QTest::keyClick(menu, Qt::Key_O);
    QTRY_COMPARE_WITH_TIMEOUT(m_simulator->doorOpenings(0), 2, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!doorLogOf(m_session->databasePath(), tileKey).isEmpty(), Timeout);

    // A table row's menu, and a hurried Enter in the confirmation: Cancel, nothing sent.
    RecognitionTable *table = m_window->table();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->doorControl()->requestsUnderWay(), 0, Timeout);
    menu
        = requestMenu(table, table->visualRect(table->model()->index(1, RecognitionModel::Device)));
    QVERIFY(menu);
    const auto cancelled = std::make_shared<DoorConfirmationAnswer::Seen>();
    DoorConfirmationAnswer::answer(DoorConfirmationAnswer::Answer::PressEnter, cancelled);
    QTest::keyClick(menu, Qt::Key_O);
    QTRY_VERIFY_WITH_TIMEOUT(cancelled->shown, Timeout);
    QCOMPARE(m_window->doorControl()->requestsUnderWay(), 0);
    QCOMPARE(m_simulator->doorOpenings(0), 2);

    // The detail view of the alert shows what was done, from the door log.
    m_window->showDetails(alerts->eventAt(alerts->newestUnacknowledgedRow()));
    const auto dialogs = m_window->findChildren<EventDetailDialog *>();
    QCOMPARE(dialogs.size(), 1);
    EventDetailDialog *dialog = dialogs.constFirst();
    QVERIFY(dialog->openDoorButton()->isVisible());
    QVERIFY(dialog->openDoorButton()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(dialog->doorStatus().startsWith(u"Door opened at "_s), Timeout);
    QVERIFY2(dialog->doorStatus().endsWith(u" by guard-1"_s), qPrintable(dialog->doorStatus()));
    dialog->close();
}

void TestMainWindow::doorOfAnUnknownDeviceIsNotOffered()
{
    RecognitionEvent event;
    event.uuid = u"elsewhere"_s;
    event.deviceName = u"Back door"_s; // not configured on this station
    event.recognizeStatus = 3;
    std::unique_ptr<QMenu> menu(m_window->eventMenu(event));
    auto *door = menu->findChild<QAction *>(u"openDoorAction"_s);
    QVERIFY(door);
    QVERIFY(!door->isEnabled());
    QVERIFY2(door->toolTip().contains(u"(Back door) is not configured on this station"_s),
             qPrintable(door->toolTip()));
    QVERIFY(menu->toolTipsVisible());

    // Asked anyway: the status bar says why; no confirmation, no request.
    m_window->openDoor(event);
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
    QCOMPARE(m_window->doorControl()->requestsUnderWay(), 0);
    QVERIFY2(m_window->statusBar()->currentMessage().contains(u"not configured on this station"_s),
             qPrintable(m_window->statusBar()->currentMessage()));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
