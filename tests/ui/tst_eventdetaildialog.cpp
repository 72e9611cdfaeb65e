#include "../common/loginsimulator.h"
#include "doorconfirmationanswer.h"
#include "event/alertrules.h"
#include "event/eventlabels.h"
#include "event/eventparser.h"
#include "eventdetaildialog.h"
#include "imageview.h"
#include "session/doorcontrol.h"
#include "sim/devicesimulator.h"
#include "sim/eventgenerator.h"
#include "store/eventreader.h"
#include "store/storethread.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFile>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int networkTimeoutMs = 15000;

// The next generated event that `wanted` accepts, parsed as a connection would parse it.
RecognitionEvent nextEvent(EventGenerator &generator,
                           const std::function<bool(const RecognitionEvent &)> &wanted)
{
    const EventParser parser;
    for (int i = 0; i < 200; ++i) {
        const ParseOutcome outcome = parser.parse(generator.nextFrame());
        if (outcome.ok() && wanted(*outcome.event))
            return *outcome.event;
    }
    qFatal("the generator produced no wanted event");
}

bool enrolledAndPassed(const RecognitionEvent &event)
{
    return event.user && !event.user->name.isEmpty() && event.pass == true && !event.uuid.isEmpty()
        && !event.snapshotJpeg.isEmpty();
}

// The device as the application would configure it: TLS with the operator-confirmed pin.
DeviceConfig deviceConfigFor(const DeviceSimulator &simulator,
                             const QString &password = u"s3cret"_s)
{
    DeviceConfig config;
    config.name = u"Main gate"_s;
    config.url = simulator.eventUrl(0);
    config.pinnedSha256 = { simulator.certificateSha256() };
    config.username = u"admin"_s;
    config.password = password;
    config.requestTimeoutMs = networkTimeoutMs;
    return config;
}

// The roster entry's enrolled photo as the device encodes it, decoded here for comparison.
QImage enrolledPhotoOf(EventGenerator &generator, const QString &userId)
{
    const QList<SimulatedPerson> &roster = generator.roster();
    for (int i = 0; i < roster.size(); ++i) {
        if (QString::number(roster.at(i).userId) == userId)
            return QImage::fromData(generator.avatarJpeg(i), "JPEG");
    }
    return {};
}

} // namespace

class TestEventDetailDialog final : public QObject
{
    Q_OBJECT

private slots:
    void showsSnapshotFieldsAndRawFrame();
    void strangerIsDeniedWithoutFetchingAPhoto();
    void brokenSnapshotFromFixture();
    void snapshotOverLimitsIsRefused();
    void unknownFieldsAreListed();
    void enrolledPhotoFromDevice();
    void wrongPasswordSaysLoginFailed();
    void unpinnedCertificateIsRefused();
    void unknownUserHasNoPhoto();
    void closingCancelsTheFetch();
    void snapshotLoadedFromStore();
    void storeWithoutThatSnapshot();
    void keyboardReachesEverythingAndEscapeCloses();
    void openDoorAfterConfirmation();
    void cancelSendsNothing();
    void doorRefusedIsShown();
    void doorNeedsAKnownDeviceWithCredentials();
};

void TestEventDetailDialog::showsSnapshotFieldsAndRawFrame()
{
    EventGenerator generator(u"PS71HD01MC22C00001"_s, 7);
    RecognitionEvent event = nextEvent(generator, enrolledAndPassed);
    event.deviceName = u"Main gate"_s;
    event.receivedAt = QDateTime::currentDateTimeUtc();

    EventDetailDialog dialog(event);
    QSignalSpy snapshot(&dialog, &EventDetailDialog::snapshotFinished);
    QSignalSpy raw(&dialog, &EventDetailDialog::rawFrameReady);
    QSignalSpy photo(&dialog, &EventDetailDialog::enrolledPhotoFinished);
    dialog.show();

    QTRY_COMPARE_WITH_TIMEOUT(snapshot.count(), 1, networkTimeoutMs);
    QCOMPARE(snapshot.at(0).at(0).toBool(), true);
    QVERIFY(dialog.snapshotShown());
    QCOMPARE(dialog.snapshotImageSize(), EventGenerator::snapshotSize());
    QCOMPARE(dialog.snapshotImageSize(), event.snapshotSize);
    QVERIFY2(dialog.fieldText(u"Snapshot"_s).contains(u"240 × 320"_s),
             qPrintable(dialog.fieldText(u"Snapshot"_s)));

    QCOMPARE(dialog.windowTitle(), u"Recognition — %1 at Main gate"_s.arg(event.user->name));
    QVERIFY2(dialog.headlineText().startsWith(u"PASS — "_s + event.user->name),
             qPrintable(dialog.headlineText()));
    QCOMPARE(dialog.fieldText(u"Person"_s), event.user->name);
    QCOMPARE(dialog.fieldText(u"User ID"_s), event.user->userId);
    QCOMPARE(dialog.fieldText(u"Device"_s), u"Main gate"_s);
    QCOMPARE(dialog.fieldText(u"Serial number"_s), u"PS71HD01MC22C00001"_s);
    QCOMPARE(dialog.fieldText(u"Status"_s), EventLabels::statusLabel(event));
    QVERIFY(!dialog.fieldText(u"Status"_s).isEmpty());
    QCOMPARE(dialog.fieldText(u"Recognition score"_s),
             QLocale().toString(*event.recognizeScore, 'g', 4));
    QCOMPARE(dialog.fieldText(u"Pass"_s), EventLabels::pass(true));
    QCOMPARE(dialog.fieldText(u"UUID"_s), event.uuid);
    QCOMPARE(dialog.fieldText(u"Mask"_s), EventLabels::mask(event.mask));
    QCOMPARE(dialog.fieldText(u"Verification mode"_s), EventLabels::mode(event.mode));
    const QString time = QDateTime::fromMSecsSinceEpoch(*event.timestampMs)
                             .toLocalTime()
                             .toString(u"yyyy-MM-dd HH:mm:ss"_s);
    QCOMPARE(dialog.fieldText(u"Time"_s), time);
    QCOMPARE(dialog.fieldText(u"No such field"_s), QString());

    // The raw frame, indented by a worker: every key on a line of its own.
    QTRY_COMPARE_WITH_TIMEOUT(raw.count(), 1, networkTimeoutMs);
    QVERIFY(dialog.rawFrameFormatted());
    const QString rawText = dialog.rawFrameText();
    QVERIFY2(rawText.contains(event.uuid), qPrintable(rawText));
    QVERIFY2(rawText.contains(u"\n        \"uuid\": \""_s), qPrintable(rawText));
    QCOMPARE(QJsonDocument::fromJson(rawText.toUtf8()), QJsonDocument::fromJson(event.rawFrame));
    const auto *rawView = dialog.findChild<QPlainTextEdit *>();
    QVERIFY(rawView);
    QVERIFY(rawView->isReadOnly());
    QCOMPARE(rawView->font().family(),
             QFontDatabase::systemFont(QFontDatabase::FixedFont).family());

    // Every label appears in the copied text with its value.
    dialog.copyDetails();
    const QString copied = QGuiApplication::clipboard()->text();
    QCOMPARE(copied, dialog.detailsText());
    QVERIFY(copied.contains(u"Person: "_s + event.user->name));
    QVERIFY(copied.contains(u"UUID: "_s + event.uuid));

    // No device configured: nothing fetched.
    QVERIFY(!dialog.enrolledPhotoRequested());
    QVERIFY(dialog.enrolledPhotoStatus().startsWith(u"No enrolled photo"_s));
    QCOMPARE(photo.count(), 0);

    // Pictures and fields carry names for assistive technology.
    const QList<ImageView *> views = dialog.findChildren<ImageView *>();
    QCOMPARE(views.size(), 2);
    for (const ImageView *view : views)
        QVERIFY(!view->accessibleName().isEmpty());
    const auto *table = dialog.findChild<QTableWidget *>();
    QVERIFY(table);
    QVERIFY(!table->accessibleName().isEmpty());
    QCOMPARE(table->rowCount(), dialog.fieldLabels().size());
}

void TestEventDetailDialog::strangerIsDeniedWithoutFetchingAPhoto()
{
    auto simulator = LoginSimulator::start();
    EventGenerator generator(simulator->serialNumber(0), simulator->options().seed);
    RecognitionEvent event = nextEvent(generator, [](const RecognitionEvent &e) {
        return !e.user && e.pass == false
            && AlertRules::reasons(e).testFlag(AlertRules::Reason::Stranger);
    });
    event.deviceName = u"Side door"_s;

    EventDetailDialog dialog(event);
    // Credentials are there; only the missing user keeps the dialog from asking the device.
    dialog.setDevice(deviceConfigFor(*simulator));
    QSignalSpy snapshot(&dialog, &EventDetailDialog::snapshotFinished);
    QSignalSpy photo(&dialog, &EventDetailDialog::enrolledPhotoFinished);
    dialog.show();

    QCOMPARE(dialog.windowTitle(), u"Recognition — Stranger at Side door"_s);
    QVERIFY2(dialog.headlineText().startsWith(u"DENIED"_s), qPrintable(dialog.headlineText()));
    QVERIFY2(dialog.headlineText().contains(u"stranger"_s), qPrintable(dialog.headlineText()));
    QCOMPARE(dialog.fieldText(u"Person"_s), u"Stranger"_s);
    QCOMPARE(dialog.fieldText(u"Pass"_s), EventLabels::pass(false));
    QVERIFY(!dialog.fieldLabels().contains(u"User ID"_s));
    QVERIFY(!dialog.enrolledPhotoRequested());
    QCOMPARE(dialog.enrolledPhotoStatus(), u"No enrolled photo"_s);

    QTRY_COMPARE_WITH_TIMEOUT(snapshot.count(), 1, networkTimeoutMs);
    QVERIFY(dialog.snapshotShown());
    QCOMPARE(photo.count(), 0);
}

void TestEventDetailDialog::brokenSnapshotFromFixture()
{
    QFile file(QStringLiteral(GATEWATCH_TEST_DATA "/frames/seed-example.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const ParseOutcome outcome = EventParser().parse(file.readAll());
    QVERIFY2(outcome.ok(), qPrintable(outcome.reason));
    const RecognitionEvent event = *outcome.event;
    QVERIFY(!event.snapshotError.isEmpty());

    EventDetailDialog dialog(event);
    QSignalSpy snapshot(&dialog, &EventDetailDialog::snapshotFinished);
    QSignalSpy raw(&dialog, &EventDetailDialog::rawFrameReady);
    dialog.show();
    QTRY_COMPARE_WITH_TIMEOUT(snapshot.count(), 1, networkTimeoutMs);
    QCOMPARE(snapshot.at(0).at(0).toBool(), false);
    QVERIFY(!dialog.snapshotShown());
    QVERIFY2(dialog.snapshotStatus().contains(event.snapshotError),
             qPrintable(dialog.snapshotStatus()));
    QVERIFY(dialog.fieldText(u"Snapshot"_s).contains(event.snapshotError));

    // The rest of the event is all there.
    QCOMPARE(dialog.fieldText(u"Person"_s), u"Q"_s);
    QCOMPARE(dialog.fieldText(u"User ID"_s), u"1"_s);
    QCOMPARE(dialog.fieldText(u"User type"_s), EventLabels::userType(1));
    QCOMPARE(dialog.fieldText(u"Status"_s), EventLabels::recognizeStatus(2));
    QCOMPARE(dialog.fieldText(u"Liveness score"_s), QLocale().toString(0.9073520302772522, 'g', 4));
    QCOMPARE(dialog.fieldText(u"Serial number"_s), u"PS71HD01MC22C00014"_s);
    QCOMPARE(dialog.windowTitle(), u"Recognition — Q at PS71HD01MC22C00014"_s);
    QTRY_COMPARE_WITH_TIMEOUT(raw.count(), 1, networkTimeoutMs);
    QVERIFY(dialog.rawFrameText().contains(u"\"deviceSN\": \"PS71HD01MC22C00014\""_s));
}

void TestEventDetailDialog::snapshotOverLimitsIsRefused()
{
    EventGenerator generator(u"PS71HD01MC22C00002"_s, 3);
    const RecognitionEvent event = nextEvent(generator, enrolledAndPassed);

    EventDetailDialog dialog(event);
    SnapshotLimits limits;
    limits.maxSide = 100; // the generated snapshot is 240 × 320
    dialog.setSnapshotLimits(limits);
    QSignalSpy snapshot(&dialog, &EventDetailDialog::snapshotFinished);
    dialog.show();
    QTRY_COMPARE_WITH_TIMEOUT(snapshot.count(), 1, networkTimeoutMs);
    QCOMPARE(snapshot.at(0).at(0).toBool(), false);
    QVERIFY(!dialog.snapshotShown());
    QVERIFY2(dialog.snapshotStatus().startsWith(u"The snapshot cannot be shown: "_s),
             qPrintable(dialog.snapshotStatus()));
    QVERIFY2(dialog.fieldText(u"Snapshot"_s).startsWith(u"unusable: "_s),
             qPrintable(dialog.fieldText(u"Snapshot"_s)));
}

void TestEventDetailDialog::unknownFieldsAreListed()
{
    EventGenerator generator(u"PS71HD01MC22C00003"_s, 5);
    QJsonObject data = generator.nextEventData(QDateTime::currentMSecsSinceEpoch());
    data.insert(u"futureField"_s, QJsonObject { { u"nested"_s, 42 } });
    data.insert(u"firmwareNote"_s, u"hello"_s);
    const ParseOutcome outcome = EventParser().parse(EventGenerator::frame(data));
    QVERIFY2(outcome.ok(), qPrintable(outcome.reason));

    EventDetailDialog dialog(*outcome.event);
    QSignalSpy raw(&dialog, &EventDetailDialog::rawFrameReady);
    dialog.show();
    QTRY_COMPARE_WITH_TIMEOUT(raw.count(), 1, networkTimeoutMs);
    QCOMPARE(dialog.fieldText(u"futureField (not understood)"_s), u"{\"nested\":42}"_s);
    QCOMPARE(dialog.fieldText(u"firmwareNote (not understood)"_s), u"hello"_s);
    const auto *table = dialog.findChild<QTableWidget *>();
    QCOMPARE(table->rowCount(), dialog.fieldLabels().size());
}

void TestEventDetailDialog::enrolledPhotoFromDevice()
{
    auto simulator = LoginSimulator::start();
    EventGenerator generator(simulator->serialNumber(0), simulator->options().seed);
    const RecognitionEvent event = nextEvent(generator, enrolledAndPassed);
    const QImage expected = enrolledPhotoOf(generator, event.user->userId);
    QVERIFY(!expected.isNull());

    EventDetailDialog dialog(event);
    dialog.setDevice(deviceConfigFor(*simulator));
    QSignalSpy photo(&dialog, &EventDetailDialog::enrolledPhotoFinished);
    dialog.show();
    QVERIFY(dialog.enrolledPhotoRequested());
    QCOMPARE(dialog.enrolledPhotoStatus(), u"Fetching enrolled photo…"_s);

    QTRY_COMPARE_WITH_TIMEOUT(photo.count(), 1, networkTimeoutMs);
    QVERIFY2(photo.at(0).at(0).toBool(), qPrintable(dialog.enrolledPhotoStatus()));
    QVERIFY(dialog.enrolledPhotoShown());
    QCOMPARE(dialog.enrolledPhotoSize(), expected.size());
    // Beside the live snapshot, which is a different picture of the same person.
    QTRY_VERIFY_WITH_TIMEOUT(dialog.snapshotShown(), networkTimeoutMs);
}

void TestEventDetailDialog::wrongPasswordSaysLoginFailed()
{
    auto simulator = LoginSimulator::start();
    EventGenerator generator(simulator->serialNumber(0), simulator->options().seed);
    const RecognitionEvent event = nextEvent(generator, enrolledAndPassed);

    EventDetailDialog dialog(event);
    dialog.setDevice(deviceConfigFor(*simulator, u"wrong"_s));
    QSignalSpy photo(&dialog, &EventDetailDialog::enrolledPhotoFinished);
    dialog.show();
    QTRY_COMPARE_WITH_TIMEOUT(photo.count(), 1, networkTimeoutMs);
    QCOMPARE(photo.at(0).at(0).toBool(), false);
    QVERIFY(!dialog.enrolledPhotoShown());
    QCOMPARE(dialog.enrolledPhotoStatus(), u"login failed: invalid username or password"_s);
}

void TestEventDetailDialog::unpinnedCertificateIsRefused()
{
    auto simulator = LoginSimulator::start();
    EventGenerator generator(simulator->serialNumber(0), simulator->options().seed);
    const RecognitionEvent event = nextEvent(generator, enrolledAndPassed);

    DeviceConfig config = deviceConfigFor(*simulator);
    config.pinnedSha256.clear(); // a self-signed device nobody confirmed
    EventDetailDialog dialog(event);
    dialog.setDevice(config);
    QSignalSpy photo(&dialog, &EventDetailDialog::enrolledPhotoFinished);
    dialog.show();
    QTRY_COMPARE_WITH_TIMEOUT(photo.count(), 1, networkTimeoutMs);
    QCOMPARE(photo.at(0).at(0).toBool(), false);
    const QString status = dialog.enrolledPhotoStatus();
    QVERIFY2(status.startsWith(u"login failed: "_s), qPrintable(status));
    QVERIFY2(status.contains(simulator->certificateSha256Hex()), qPrintable(status));
}

void TestEventDetailDialog::unknownUserHasNoPhoto()
{
    auto simulator = LoginSimulator::start();
    EventGenerator generator(simulator->serialNumber(0), simulator->options().seed);
    RecognitionEvent event = nextEvent(generator, enrolledAndPassed);
    event.user->userId = u"424242"_s;

    EventDetailDialog dialog(event);
    dialog.setDevice(deviceConfigFor(*simulator));
    QSignalSpy photo(&dialog, &EventDetailDialog::enrolledPhotoFinished);
    dialog.show();
    QTRY_COMPARE_WITH_TIMEOUT(photo.count(), 1, networkTimeoutMs);
    QCOMPARE(photo.at(0).at(0).toBool(), false);
    QCOMPARE(dialog.enrolledPhotoStatus(),
             u"the device has no photo for user 424242: it does not know this user"_s);
}

void TestEventDetailDialog::closingCancelsTheFetch()
{
    auto simulator = LoginSimulator::start();
    EventGenerator generator(simulator->serialNumber(0), simulator->options().seed);
    const RecognitionEvent event = nextEvent(generator, enrolledAndPassed);

    // Closed while the request is under way: the fetch stops and reports nothing later.
    EventDetailDialog closed(event);
    closed.setDevice(deviceConfigFor(*simulator));
    QSignalSpy closedPhoto(&closed, &EventDetailDialog::enrolledPhotoFinished);
    closed.show();
    QVERIFY(closed.enrolledPhotoRequested());
    closed.reject();
    QVERIFY(!closed.isVisible());
    QCOMPARE(closed.enrolledPhotoStatus(), u"Fetching the enrolled photo was cancelled"_s);

    // Destroyed while the request is under way: no callback may reach it.
    auto destroyed = std::make_unique<EventDetailDialog>(event);
    destroyed->setDevice(deviceConfigFor(*simulator));
    destroyed->show();
    QVERIFY(destroyed->enrolledPhotoRequested());
    destroyed.reset();

    // A complete fetch started afterwards gives the earlier requests every chance to come
    // back; neither of them does.
    EventDetailDialog complete(event);
    complete.setDevice(deviceConfigFor(*simulator));
    QSignalSpy photo(&complete, &EventDetailDialog::enrolledPhotoFinished);
    complete.show();
    QTRY_COMPARE_WITH_TIMEOUT(photo.count(), 1, networkTimeoutMs);
    QVERIFY(complete.enrolledPhotoShown());
    QCOMPARE(closedPhoto.count(), 0);
    QVERIFY(!closed.enrolledPhotoShown());

    // Shown again, the closed dialog fetches again.
    closed.show();
    QTRY_COMPARE_WITH_TIMEOUT(closedPhoto.count(), 1, networkTimeoutMs);
    QVERIFY(closed.enrolledPhotoShown());
}

void TestEventDetailDialog::snapshotLoadedFromStore()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"events.sqlite"_s);
    EventGenerator generator(u"PS71HD01MC22C00004"_s, 11);
    RecognitionEvent event = nextEvent(generator, enrolledAndPassed);
    event.deviceName = u"Main gate"_s;
    event.receivedAt = QDateTime::currentDateTimeUtc();
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(path, {}, &error), qPrintable(error));
        EventStore *eventStore = store.store();
        QMetaObject::invokeMethod(
            eventStore, [eventStore, event] { eventStore->addEvent(event); }, Qt::QueuedConnection);
        store.stop(); // commits what it received
    }

    // A view that keeps only thumbnails hands over the event without its bytes.
    RecognitionEvent thin = event;
    thin.snapshotJpeg.clear();
    thin.snapshotSize = QSize();
    EventDetailDialog dialog(thin);
    dialog.setDatabasePath(path);
    QSignalSpy snapshot(&dialog, &EventDetailDialog::snapshotFinished);
    dialog.show();
    QTRY_COMPARE_WITH_TIMEOUT(snapshot.count(), 1, networkTimeoutMs);
    QVERIFY2(snapshot.at(0).at(0).toBool(), qPrintable(dialog.snapshotStatus()));
    QVERIFY(dialog.snapshotShown());
    QCOMPARE(dialog.snapshotImageSize(), EventGenerator::snapshotSize());
    const QString field = dialog.fieldText(u"Snapshot"_s);
    QVERIFY2(field.contains(u"240 × 320"_s) && field.contains(u"loaded from the store"_s),
             qPrintable(field));
}

void TestEventDetailDialog::storeWithoutThatSnapshot()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"events.sqlite"_s);
    EventGenerator generator(u"PS71HD01MC22C00005"_s, 13);
    RecognitionEvent storedBare = nextEvent(generator, enrolledAndPassed);
    storedBare.snapshotJpeg.clear();
    storedBare.snapshotSize = QSize();
    const RecognitionEvent neverStored = nextEvent(generator, enrolledAndPassed);
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(path, {}, &error), qPrintable(error));
        EventStore *eventStore = store.store();
        QMetaObject::invokeMethod(
            eventStore, [eventStore, storedBare] { eventStore->addEvent(storedBare); },
            Qt::QueuedConnection);
        store.stop();
    }

    EventDetailDialog bare(storedBare);
    bare.setDatabasePath(path);
    QSignalSpy bareSpy(&bare, &EventDetailDialog::snapshotFinished);
    bare.show();
    QTRY_COMPARE_WITH_TIMEOUT(bareSpy.count(), 1, networkTimeoutMs);
    QCOMPARE(bareSpy.at(0).at(0).toBool(), false);
    QCOMPARE(bare.snapshotStatus(), u"No snapshot is stored for this event"_s);
    QCOMPARE(bare.fieldText(u"Snapshot"_s), u"none stored"_s);

    RecognitionEvent missing = neverStored;
    missing.snapshotJpeg.clear();
    EventDetailDialog notThere(missing);
    notThere.setDatabasePath(path);
    QSignalSpy missingSpy(&notThere, &EventDetailDialog::snapshotFinished);
    notThere.show();
    QTRY_COMPARE_WITH_TIMEOUT(missingSpy.count(), 1, networkTimeoutMs);
    QCOMPARE(missingSpy.at(0).at(0).toBool(), false);
    QVERIFY2(notThere.snapshotStatus().contains(missing.deduplicationKey()),
             qPrintable(notThere.snapshotStatus()));
}

void TestEventDetailDialog::keyboardReachesEverythingAndEscapeCloses()
{
    EventGenerator generator(u"PS71HD01MC22C00006"_s, 17);
    const RecognitionEvent event = nextEvent(generator, enrolledAndPassed);
    EventDetailDialog dialog(event);
    dialog.show();
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));

    // Tab walks the whole dialog and comes back round.
    QList<QWidget *> reached;
    for (int i = 0; i < 20; ++i) {
        QWidget *focus = QApplication::focusWidget();
        QVERIFY(focus);
        if (reached.contains(focus))
            break;
        reached.append(focus);
        QTest::keyClick(focus, Qt::Key_Tab);
    }
    const QList<ImageView *> views = dialog.findChildren<ImageView *>();
    for (ImageView *view : views)
        QVERIFY2(reached.contains(view), qPrintable(view->accessibleName()));
    QVERIFY(reached.contains(dialog.findChild<QTableWidget *>()));
    const auto *buttonBox = dialog.findChild<QDialogButtonBox *>();
    QVERIFY(buttonBox);
    QVERIFY(reached.contains(buttonBox->button(QDialogButtonBox::Close)));
    const QList<QAbstractButton *> actions = buttonBox->buttons();
    QCOMPARE(actions.size(), 2); // Copy details and Close
    for (QAbstractButton *button : actions)
        QVERIFY2(reached.contains(button), qPrintable(button->text()));
    // Nothing here opens doors: no door button in the way.
    QVERIFY(!dialog.openDoorButton()->isVisible());
    QVERIFY(!reached.contains(dialog.openDoorButton()));

    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

namespace {
// What the dashboard gives a detail view to open doors with: a door control writing its log
// to a real store, under the name of the guard on duty.
struct DoorSetup final
{
    QTemporaryDir dir;
    StoreThread store;
    DoorControl doors { [] {
        return u"Alice"_s;
    } };
    QString path;

    bool start()
    {
        path = dir.filePath(u"events.sqlite"_s);
        StoreOptions options;
        options.flushIntervalMs = 20;
        QString error;
        if (!dir.isValid() || !store.start(path, options, &error)) {
            qWarning() << error;
            return false;
        }
        doors.setStore(store.store());
        return true;
    }

    // The door log of the event as the store holds it, once it has the outcome.
    QList<DoorOpening> committedLog(const QString &dedupKey) const
    {
        EventReader reader;
        if (!reader.open(path))
            return {};
        return reader.doorOpeningsFor(dedupKey).value_or(QList<DoorOpening>());
    }
};

bool hasOutcome(const QList<DoorOpening> &log)
{
    return !log.isEmpty() && log.constLast().hasOutcome();
}
} // namespace

void TestEventDetailDialog::openDoorAfterConfirmation()
{
    auto simulator = LoginSimulator::start();
    DoorSetup setup;
    QVERIFY(setup.start());
    EventGenerator generator(simulator->serialNumber(0), simulator->options().seed);
    RecognitionEvent event = nextEvent(generator, enrolledAndPassed);
    event.deviceName = u"Main gate"_s;

    auto dialog = std::make_unique<EventDetailDialog>(event);
    dialog->setDevice(deviceConfigFor(*simulator));
    dialog->setDatabasePath(setup.path);
    dialog->setDoorControl(&setup.doors);
    QSignalSpy logLoaded(dialog.get(), &EventDetailDialog::doorLogLoaded);
    dialog->show();
    dialog->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(dialog.get()));
    // Perhaps already while the window became active.
    QTRY_COMPARE_WITH_TIMEOUT(logLoaded.count(), 1, networkTimeoutMs);
    QCOMPARE(dialog->doorStatus(), QString()); // never opened so far

    QPushButton *button = dialog->openDoorButton();
    QVERIFY(button->isVisible());
    QVERIFY(button->isEnabled());
    QCOMPARE(button->text(), u"&Open door…"_s);
    QVERIFY2(button->toolTip().contains(u"Main gate"_s), qPrintable(button->toolTip()));
    QVERIFY(!button->icon().isNull());

    // Alt+O, then "Open door" in the confirmation. What the dialog says while the request is
    // under way is taken when it starts: on loopback it may be over a moment later.
    QSignalSpy started(&setup.doors, &DoorControl::started);
    bool enabledWhileUnderWay = true;
    QString statusWhileUnderWay;
    connect(&setup.doors, &DoorControl::started, dialog.get(), [&] {
        enabledWhileUnderWay = button->isEnabled();
        statusWhileUnderWay = dialog->doorStatus();
    });
    const auto seen = std::make_shared<DoorConfirmationAnswer::Seen>();
    DoorConfirmationAnswer::answer(DoorConfirmationAnswer::Answer::Open, seen);
    QTest::keyClick(dialog.get(), Qt::Key_O, Qt::AltModifier);
    // A mnemonic clicks the button the animated way: a moment later.
    QTRY_VERIFY_WITH_TIMEOUT(seen->shown, networkTimeoutMs);
    QVERIFY2(seen->text.contains(u"Main gate"_s), qPrintable(seen->text));
    QVERIFY2(seen->text.contains(event.user->name), qPrintable(seen->text));
    QVERIFY2(seen->text.contains(u"Alice"_s), qPrintable(seen->text));
    QCOMPARE(seen->openButtonText, u"Open door"_s);
    QVERIFY(seen->cancelIsDefault);
    QVERIFY(seen->cancelIsEscape);

    // Under way: said so, and not asked twice.
    QCOMPARE(started.count(), 1);
    QVERIFY(!enabledWhileUnderWay);
    QVERIFY2(statusWhileUnderWay.startsWith(u"Opening the door of Main gate (asked by Alice"_s),
             qPrintable(statusWhileUnderWay));

    QTRY_VERIFY_WITH_TIMEOUT(dialog->doorStatus().startsWith(u"Door opened at "_s),
                             networkTimeoutMs);
    QVERIFY2(dialog->doorStatus().endsWith(u" by Alice"_s), qPrintable(dialog->doorStatus()));
    QCOMPARE(simulator->doorOpenings(0), 1);
    QVERIFY(button->isEnabled()); // it may be opened again

    // Stored: a detail view opened later shows it from the door log.
    QTRY_VERIFY_WITH_TIMEOUT(hasOutcome(setup.committedLog(event.deduplicationKey())),
                             networkTimeoutMs);
    const QString shown = dialog->doorStatus();
    dialog.reset();
    EventDetailDialog later(event);
    later.setDatabasePath(setup.path);
    QSignalSpy laterLoaded(&later, &EventDetailDialog::doorLogLoaded);
    later.show();
    QTRY_COMPARE_WITH_TIMEOUT(laterLoaded.count(), 1, networkTimeoutMs);
    QCOMPARE(later.doorStatus(), shown);
    QVERIFY(!later.openDoorButton()->isVisible()); // this one was given no door control
}

void TestEventDetailDialog::cancelSendsNothing()
{
    auto simulator = LoginSimulator::start();
    DoorSetup setup;
    QVERIFY(setup.start());
    EventGenerator generator(simulator->serialNumber(0), simulator->options().seed);
    const RecognitionEvent event = nextEvent(generator, enrolledAndPassed);

    EventDetailDialog dialog(event);
    dialog.setDevice(deviceConfigFor(*simulator));
    dialog.setDoorControl(&setup.doors);
    dialog.show();
    QSignalSpy started(&setup.doors, &DoorControl::started);
    // A guard who presses Enter in the confirmation gets Cancel.
    const auto seen = std::make_shared<DoorConfirmationAnswer::Seen>();
    DoorConfirmationAnswer::answer(DoorConfirmationAnswer::Answer::PressEnter, seen);
    dialog.openDoorButton()->click();
    QVERIFY(seen->shown);
    // The confirmation has returned: had anything been sent, its request would be under way.
    QCOMPARE(started.count(), 0);
    QCOMPARE(setup.doors.requestsUnderWay(), 0);
    QCOMPARE(dialog.doorStatus(), QString());
    QVERIFY(dialog.openDoorButton()->isEnabled());
    QCOMPARE(simulator->doorOpenings(0), 0);
    setup.store.stop();
    QVERIFY(setup.committedLog(event.deduplicationKey()).isEmpty());
}

void TestEventDetailDialog::doorRefusedIsShown()
{
    auto simulator = LoginSimulator::start();
    DoorSetup setup;
    QVERIFY(setup.start());
    EventGenerator generator(simulator->serialNumber(0), simulator->options().seed);
    const RecognitionEvent event = nextEvent(generator, enrolledAndPassed);

    EventDetailDialog dialog(event);
    dialog.setDevice(deviceConfigFor(*simulator, u"wrong"_s));
    dialog.setDoorControl(&setup.doors);
    dialog.show();
    DoorConfirmationAnswer::answer(DoorConfirmationAnswer::Answer::Open);
    dialog.openDoorButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.doorStatus().startsWith(u"Door not opened at "_s),
                             networkTimeoutMs);
    QVERIFY2(dialog.doorStatus().endsWith(
                 u"(asked by Alice): login refused: invalid username or password"_s),
             qPrintable(dialog.doorStatus()));
    QCOMPARE(simulator->doorOpenings(0), 0);
    QVERIFY(dialog.openDoorButton()->isEnabled()); // e.g. after fixing the password
}

void TestEventDetailDialog::doorNeedsAKnownDeviceWithCredentials()
{
    DoorSetup setup;
    QVERIFY(setup.start());
    EventGenerator generator(u"PS71HD01MC22C00007"_s, 19);
    RecognitionEvent event = nextEvent(generator, enrolledAndPassed);
    event.deviceName = u"Main gate"_s;

    // The device is not configured here.
    EventDetailDialog unknown(event);
    unknown.setDoorControl(&setup.doors);
    unknown.show();
    QVERIFY(unknown.openDoorButton()->isVisible());
    QVERIFY(!unknown.openDoorButton()->isEnabled());
    QVERIFY2(unknown.openDoorButton()->toolTip().contains(
                 u"the device that sent this recognition (Main gate) is not configured"_s),
             qPrintable(unknown.openDoorButton()->toolTip()));

    // Configured, without credentials.
    DeviceConfig device;
    device.name = u"Main gate"_s;
    device.url = QUrl(u"wss://127.0.0.1:1/v1/event/"_s);
    EventDetailDialog dialog(event);
    // In either order: the button follows the device it is given.
    dialog.setDoorControl(&setup.doors);
    dialog.setDevice(device);
    dialog.show();
    QVERIFY(!dialog.openDoorButton()->isEnabled());
    QVERIFY2(dialog.openDoorButton()->toolTip().contains(
                 u"no credentials are configured for Main gate; add them in the device settings"_s),
             qPrintable(dialog.openDoorButton()->toolTip()));
    // Asking anyway (a shortcut, a script) does nothing: no confirmation, no request.
    QSignalSpy started(&setup.doors, &DoorControl::started);
    dialog.openDoor();
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
    QCOMPARE(started.count(), 0);
}

QTEST_MAIN(TestEventDetailDialog)
#include "tst_eventdetaildialog.moc"
