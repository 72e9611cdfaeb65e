// Renders the dashboard with known events to dashboard.png in the build folder, for people to
// look at after a change. It checks that the window rendered (events shown, thumbnails
// decoded, an image with real content), not what the pixels are.

#include "event/eventparser.h"
#include "mainwindow.h"
#include "model/alertmodel.h"
#include "model/recognitionmodel.h"
#include "session/monitorsession.h"
#include "sim/eventgenerator.h"
#include "store/eventstore.h"
#include "store/storethread.h"

#include <QDir>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestScreenshot final : public QObject
{
    Q_OBJECT

private slots:
    void dashboard();
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

QTEST_MAIN(TestScreenshot)
#include "tst_screenshot.moc"
