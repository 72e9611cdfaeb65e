// `gatewatch record` as a systemd service runs it: its terminals from a device list file
// (--config, the JSON the window exports) with their passwords from a credentials file, the
// file read again on SIGHUP, and its messages as journal lines. Real `gatewatch` processes
// against real simulated terminals on 127.0.0.1.

#include "../../common/childprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <csignal>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

QJsonObject device(const QString &id, const QString &name, const QString &eventUrl,
                   const QString &pin = {})
{
    const QUrl url(eventUrl);
    QJsonObject object { { u"id"_s, id },
                         { u"name"_s, name },
                         { u"host"_s, url.host() },
                         { u"port"_s, url.port() },
                         { u"tls"_s, url.scheme() == u"wss"_s },
                         { u"path"_s, url.path() } };
    if (!pin.isEmpty())
        object.insert(u"pins"_s, QJsonArray { pin });
    return object;
}

QJsonObject disabled(QJsonObject object)
{
    object.insert(u"enabled"_s, false);
    return object;
}

QJsonObject withLogin(QJsonObject object, const QString &username)
{
    object.insert(u"username"_s, username);
    return object;
}

bool writeFile(const QString &path, const QByteArray &bytes,
               QFile::Permissions permissions = QFile::ReadOwner | QFile::WriteOwner)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const bool written = file.write(bytes) == bytes.size();
    file.close();
    return written && file.setPermissions(permissions);
}

bool writeList(const QString &path, const QList<QJsonObject> &devices)
{
    QJsonArray array;
    for (const QJsonObject &object : devices)
        array.append(object);
    const QJsonObject root { { u"format"_s, u"gatewatch-devices"_s },
                             { u"version"_s, 1 },
                             { u"devices"_s, array } };
    return writeFile(path, QJsonDocument(root).toJson());
}

bool writeCredentials(const QString &path, const QJsonObject &passwords)
{
    const QJsonObject root { { u"format"_s, u"gatewatch-credentials"_s },
                             { u"version"_s, 1 },
                             { u"passwords"_s, passwords } };
    return writeFile(path, QJsonDocument(root).toJson());
}

// Recorded events of a device, as --print-events prints them ("TIME  NAME [SERIAL]  ...").
int eventsFrom(const TestProcess::Child &recorder, const QString &name)
{
    return int(recorder.out.count((u"  "_s + name + u" ["_s).toUtf8()));
}

// A recorder without a journal, whatever the test itself runs under.
void startRecorder(TestProcess::Child &recorder, const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"JOURNAL_STREAM"_s);
    recorder.process.setProcessEnvironment(environment);
    recorder.start(QStringList { u"record"_s } + arguments);
}

bool stopRecorder(TestProcess::Child &recorder)
{
    recorder.process.terminate();
    return recorder.process.waitForFinished(30000)
        && recorder.process.exitStatus() == QProcess::NormalExit
        && recorder.process.exitCode() == 0;
}

void sendHangup(const TestProcess::Child &recorder)
{
    ::kill(pid_t(recorder.process.processId()), SIGHUP);
}

// Starts `gatewatch simulate` with `devices` terminals sending 20 events/s each, and `extra`
// options; the terminals' event URLs once all are listening (fewer when they did not come up).
QStringList startSimulator(TestProcess::Child &simulator, int devices,
                           const QStringList &extra = {})
{
    simulator.start(QStringList { u"simulate"_s, u"--port"_s, u"0"_s, u"--devices"_s,
                                  QString::number(devices), u"--rate"_s, u"20"_s }
                    + extra);
    // A timeout shows in the URLs the caller counts.
    static_cast<void>(QTest::qWaitFor(
        [&simulator, devices] { return simulator.eventUrls().size() == devices; }, 20000));
    return simulator.eventUrls();
}

QString fileIdentity(const QString &path)
{
    struct stat status = {};
    if (::stat(QFile::encodeName(path).constData(), &status) != 0)
        return {};
    return u"%1:%2"_s.arg(qulonglong(status.st_dev)).arg(qulonglong(status.st_ino));
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestRecorderService final : public QObject
{
    Q_OBJECT

private slots:
    void recordsTheEnabledDevicesOfTheFile();
    void devicesFromFileAndCommandLineTogether();
    void passwordsComeFromTheCredentialsFile();
    void missingPasswordAtStartNamesTheDevice();
    void reloadAppliesTheDifference();
    void reloadKeepsRecordingThroughBadFiles();
    void journalPriorityOnlyWhenStderrIsTheJournal_data();
    void journalPriorityOnlyWhenStderrIsTheJournal();
};

void TestRecorderService::recordsTheEnabledDevicesOfTheFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TestProcess::Child simulator;
    const QStringList urls = startSimulator(simulator, 3, { u"--tls"_s });
    QCOMPARE(urls.size(), 3);
    static const QRegularExpression shaPattern(u"sha256=([0-9A-Fa-f:]{64,95})"_s);
    const QString pin = shaPattern.match(QString::fromUtf8(simulator.out)).captured(1);
    QVERIFY(!pin.isEmpty());

    // TLS with the simulator's self-signed certificate: only the pins in the file let it in.
    const QString config = dir.filePath(u"devices.json"_s);
    QVERIFY(writeList(config,
                      { device(u"a"_s, u"Door A"_s, urls.at(0), pin),
                        device(u"b"_s, u"Door B"_s, urls.at(1), pin),
                        disabled(device(u"c"_s, u"Door C"_s, urls.at(2), pin)) }));
    TestProcess::Child recorder;
    startRecorder(
        recorder,
        { u"--db"_s, dir.filePath(u"db.sqlite"_s), u"--config"_s, config, u"--print-events"_s });
    QTRY_VERIFY_WITH_TIMEOUT(
        eventsFrom(recorder, u"Door A"_s) >= 5 && eventsFrom(recorder, u"Door B"_s) >= 5, 30000);
    QVERIFY(stopRecorder(recorder));
    QCOMPARE(eventsFrom(recorder, u"Door C"_s), 0);
    const QString err = QString::fromUtf8(recorder.err);
    QVERIFY2(err.contains(u"Door A: recording from wss://127.0.0.1:"_s), qPrintable(err));
    QVERIFY2(!err.contains(u"Door C"_s), qPrintable(err));
    QVERIFY2(err.contains(u"events recorded: %1"_s.arg(recorder.lineCount())), qPrintable(err));
}

void TestRecorderService::devicesFromFileAndCommandLineTogether()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TestProcess::Child simulator;
    const QStringList urls = startSimulator(simulator, 2);
    QCOMPARE(urls.size(), 2);
    const QString config = dir.filePath(u"devices.json"_s);
    QVERIFY(writeList(config, { device(u"a"_s, u"Door A"_s, urls.at(0)) }));

    TestProcess::Child recorder;
    startRecorder(recorder,
                  { u"--db"_s, dir.filePath(u"db.sqlite"_s), u"--config"_s, config, u"--device"_s,
                    u"Door B="_s + urls.at(1), u"--print-events"_s });
    QTRY_VERIFY_WITH_TIMEOUT(
        eventsFrom(recorder, u"Door A"_s) >= 3 && eventsFrom(recorder, u"Door B"_s) >= 3, 30000);
    QVERIFY(stopRecorder(recorder));
}

void TestRecorderService::passwordsComeFromTheCredentialsFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TestProcess::Child simulator;
    QCOMPARE(startSimulator(simulator, 1, { u"--require-login"_s, u"admin:s3cret pass"_s }).size(),
             1);
    const QString config = dir.filePath(u"devices.json"_s);
    QVERIFY(writeList(
        config,
        { withLogin(device(u"a"_s, u"Door A"_s, simulator.eventUrls().at(0)), u"admin"_s) }));
    const QString credentials = dir.filePath(u"credentials.json"_s);
    QVERIFY(writeCredentials(credentials, { { u"a"_s, u"s3cret pass"_s } }));

    TestProcess::Child recorder;
    startRecorder(recorder,
                  { u"--db"_s, dir.filePath(u"db.sqlite"_s), u"--config"_s, config,
                    u"--credentials"_s, credentials, u"--print-events"_s });
    QTRY_VERIFY_WITH_TIMEOUT(eventsFrom(recorder, u"Door A"_s) >= 3, 30000);
    QVERIFY(stopRecorder(recorder));
    QVERIFY(!recorder.err.contains("s3cret"));
}

void TestRecorderService::missingPasswordAtStartNamesTheDevice()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString config = dir.filePath(u"devices.json"_s);
    QVERIFY(writeList(
        config,
        { device(u"a"_s, u"Door A"_s, u"ws://127.0.0.1:1/v1/event/"_s),
          withLogin(device(u"b"_s, u"Door B"_s, u"ws://127.0.0.1:2/v1/event/"_s), u"admin"_s) }));
    const QString credentials = dir.filePath(u"credentials.json"_s);
    QVERIFY(writeCredentials(credentials, { { u"other"_s, u"x"_s } }));

    TestProcess::Child recorder;
    startRecorder(recorder,
                  { u"--db"_s, dir.filePath(u"db.sqlite"_s), u"--config"_s, config,
                    u"--credentials"_s, credentials });
    QVERIFY(recorder.process.waitForFinished(30000));
    QCOMPARE(recorder.process.exitCode(), 1);
    const QString err = QString::fromUtf8(recorder.err);
    QVERIFY2(err.contains(u"Door B (id b) logs in as admin, but %1 has no password for it"_s.arg(
                 credentials)),
             qPrintable(err));
    QVERIFY2(!err.contains(u"recording from"_s), qPrintable(err));
}

void TestRecorderService::reloadAppliesTheDifference()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TestProcess::Child simulator;
    const QStringList urls = startSimulator(simulator, 3, { u"--require-login"_s, u"admin:pw"_s });
    QCOMPARE(urls.size(), 3);
    const QString credentials = dir.filePath(u"credentials.json"_s);
    QVERIFY(writeCredentials(credentials, { { u"a"_s, u"pw"_s }, { u"b"_s, u"pw"_s } }));
    const QJsonObject doorA = withLogin(device(u"a"_s, u"Door A"_s, urls.at(0)), u"admin"_s);
    const QJsonObject doorB = withLogin(device(u"b"_s, u"Door B"_s, urls.at(1)), u"admin"_s);
    // No password in the credentials file: it cannot join, and must not hold back the rest.
    const QJsonObject doorC = withLogin(device(u"c"_s, u"Door C"_s, urls.at(2)), u"admin"_s);
    const QString config = dir.filePath(u"devices.json"_s);
    QVERIFY(writeList(config, { doorA }));

    TestProcess::Child recorder;
    startRecorder(recorder,
                  { u"--db"_s, dir.filePath(u"db.sqlite"_s), u"--config"_s, config,
                    u"--credentials"_s, credentials, u"--print-events"_s });
    QTRY_VERIFY_WITH_TIMEOUT(eventsFrom(recorder, u"Door A"_s) >= 3, 30000);

    // Added: B records; A's connection is not touched.
    QVERIFY(writeList(config, { doorA, doorB, doorC }));
    sendHangup(recorder);
    QTRY_VERIFY2_WITH_TIMEOUT(
        recorder.err.contains(
            u"reloaded %1: 1 added, 0 removed, 0 changed, 1 unchanged, 1 left as it was"_s
                .arg(config)
                .toUtf8()),
        recorder.err.constData(), 20000);
    QVERIFY2(recorder.err.contains("Door C (id c) logs in as admin, but"),
             recorder.err.constData());
    QTRY_VERIFY_WITH_TIMEOUT(eventsFrom(recorder, u"Door B"_s) >= 3, 30000);
    QCOMPARE(recorder.err.count("Door A: online"), 1);
    QCOMPARE(eventsFrom(recorder, u"Door C"_s), 0);

    // Changed: B reconnects with its new settings (a heartbeat of its own), under a new name.
    QJsonObject doorB2 = doorB;
    doorB2.insert(u"name"_s, u"Door B2"_s);
    doorB2.insert(u"heartbeatSeconds"_s, 30);
    QVERIFY(writeList(config, { doorA, doorB2 }));
    sendHangup(recorder);
    QTRY_VERIFY2_WITH_TIMEOUT(
        recorder.err.contains(
            u"reloaded %1: 0 added, 0 removed, 1 changed, 1 unchanged"_s.arg(config).toUtf8()),
        recorder.err.constData(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(eventsFrom(recorder, u"Door B2"_s) >= 3, 30000);
    QCOMPARE(recorder.err.count("Door B2: online"), 1);

    // Removed: A stops while B2 goes on.
    QVERIFY(writeList(config, { doorB2 }));
    sendHangup(recorder);
    QTRY_VERIFY2_WITH_TIMEOUT(
        recorder.err.contains(
            u"reloaded %1: 0 added, 1 removed, 0 changed, 1 unchanged"_s.arg(config).toUtf8()),
        recorder.err.constData(), 20000);
    // Events A had delivered before it went may still commit; none after them.
    const int fromBAtRemoval = eventsFrom(recorder, u"Door B2"_s);
    QTRY_VERIFY_WITH_TIMEOUT(eventsFrom(recorder, u"Door B2"_s) >= fromBAtRemoval + 3, 30000);
    const int fromA = eventsFrom(recorder, u"Door A"_s);
    QTRY_VERIFY_WITH_TIMEOUT(eventsFrom(recorder, u"Door B2"_s) >= fromBAtRemoval + 15, 30000);
    QCOMPARE(eventsFrom(recorder, u"Door A"_s), fromA);
    QCOMPARE(recorder.err.count("Door A: online"), 1);
    QVERIFY(stopRecorder(recorder));
}

void TestRecorderService::reloadKeepsRecordingThroughBadFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TestProcess::Child simulator;
    const QStringList urls = startSimulator(simulator, 2);
    QCOMPARE(urls.size(), 2);
    const QString config = dir.filePath(u"devices.json"_s);
    QVERIFY(writeList(config, { device(u"a"_s, u"Door A"_s, urls.at(0)) }));
    TestProcess::Child recorder;
    startRecorder(
        recorder,
        { u"--db"_s, dir.filePath(u"db.sqlite"_s), u"--config"_s, config, u"--print-events"_s });
    QTRY_VERIFY_WITH_TIMEOUT(eventsFrom(recorder, u"Door A"_s) >= 3, 30000);

    QJsonObject badPort = device(u"b"_s, u"Door B"_s, urls.at(1));
    badPort.insert(u"port"_s, 0);
    struct BadFile
    {
        QByteArray contents; // empty: no file at all
        QString reason;
    };
    const QList<BadFile> badFiles {
        { {}, u"cannot reload the device list: cannot read %1: "_s.arg(config) },
        { R"({"format": "gatewatch-devices", )",
          u"cannot reload the device list: %1: not a device list: "_s.arg(config) },
        { QJsonDocument(
              QJsonObject { { u"format"_s, u"gatewatch-devices"_s },
                            { u"version"_s, 1 },
                            { u"devices"_s,
                              QJsonArray { device(u"a"_s, u"Door A"_s, urls.at(0)), badPort } } })
              .toJson(),
          u"cannot reload the device list: %1: device 2 (Door B): the port must be from 1 to "
          "65535, not 0"_s.arg(config) },
    };
    for (const BadFile &bad : badFiles) {
        if (bad.contents.isEmpty())
            QVERIFY(QFile::remove(config));
        else
            QVERIFY(writeFile(config, bad.contents));
        const qsizetype before = recorder.err.count(bad.reason.toUtf8());
        sendHangup(recorder);
        QTRY_VERIFY2_WITH_TIMEOUT(recorder.err.count(bad.reason.toUtf8()) == before + 1,
                                  qPrintable(bad.reason + u'\n' + QString::fromUtf8(recorder.err)),
                                  20000);
        // Recording goes on, on the same connection, and nothing of the bad file was used.
        const int fromA = eventsFrom(recorder, u"Door A"_s);
        QTRY_VERIFY_WITH_TIMEOUT(eventsFrom(recorder, u"Door A"_s) >= fromA + 3, 30000);
        QCOMPARE(recorder.err.count("Door A: online"), 1);
        QVERIFY(!recorder.err.contains("reloaded"));
        QCOMPARE(eventsFrom(recorder, u"Door B"_s), 0);
    }
    QVERIFY(stopRecorder(recorder));
}

void TestRecorderService::journalPriorityOnlyWhenStderrIsTheJournal_data()
{
    QTest::addColumn<QString>("journalStream"); // "%1": stderr's own identity; null: unset
    QTest::addColumn<bool>("prefixed");
    QTest::newRow("journal") << u"%1"_s << true;
    QTest::newRow("no JOURNAL_STREAM") << QString() << false;
    QTest::newRow("another file") << u"1:1"_s << false;
    QTest::newRow("malformed") << u"journal"_s << false;
}

void TestRecorderService::journalPriorityOnlyWhenStderrIsTheJournal()
{
    QFETCH(QString, journalStream);
    QFETCH(bool, prefixed);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString config = dir.filePath(u"devices.json"_s);
    // Nothing listens on port 1: the device is refused and retried, a warning.
    QVERIFY(writeList(config, { device(u"a"_s, u"Door A"_s, u"ws://127.0.0.1:1/v1/event/"_s) }));
    const QString log = dir.filePath(u"stderr.log"_s);
    QVERIFY(writeFile(log, {}));

    QProcess recorder;
    recorder.setStandardErrorFile(log);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"JOURNAL_STREAM"_s);
    if (!journalStream.isNull()) {
        environment.insert(u"JOURNAL_STREAM"_s,
                           journalStream == u"%1"_s ? fileIdentity(log) : journalStream);
    }
    recorder.setProcessEnvironment(environment);
    recorder.start(TestProcess::gatewatch(),
                   { u"record"_s, u"--db"_s, dir.filePath(u"db.sqlite"_s), u"--config"_s, config });
    QTRY_VERIFY_WITH_TIMEOUT(readFile(log).contains("retrying in"), 30000);
    recorder.terminate();
    QVERIFY(recorder.waitForFinished(30000));
    QCOMPARE(recorder.exitCode(), 0);

    const QString info = prefixed ? u"<6>"_s : QString();
    const QString warning = prefixed ? u"<4>"_s : QString();
    const QStringList lines = QString::fromUtf8(readFile(log)).split(u'\n', Qt::SkipEmptyParts);
    // Each message is the whole line: no time before it, the priority alone in the journal.
    QVERIFY2(lines.contains(info + u"Door A: recording from ws://127.0.0.1:1/v1/event/"_s),
             qPrintable(lines.join(u'\n')));
    QVERIFY2(lines.last().startsWith(info + u"events recorded: 0, "_s),
             qPrintable(lines.join(u'\n')));
    static const QRegularExpression retry(u"^Door A: .*retrying in \\d+ s$"_s);
    bool retried = false;
    for (const QString &line : lines) {
        QVERIFY2(line.startsWith(u'<') == prefixed, qPrintable(line));
        if (line.startsWith(warning) && retry.match(line.mid(warning.size())).hasMatch())
            retried = true;
    }
    QVERIFY2(retried, qPrintable(lines.join(u'\n')));

    // An error at start, before anything runs, has the error priority.
    QVERIFY(writeList(
        config,
        { withLogin(device(u"a"_s, u"Door A"_s, u"ws://127.0.0.1:1/v1/event/"_s), u"admin"_s) }));
    recorder.start(TestProcess::gatewatch(),
                   { u"record"_s, u"--db"_s, dir.filePath(u"db.sqlite"_s), u"--config"_s, config });
    QVERIFY(recorder.waitForFinished(30000));
    QCOMPARE(recorder.exitCode(), 1);
    const QString error = QString::fromUtf8(readFile(log));
    QVERIFY2(error.startsWith((prefixed ? u"<3>"_s : QString())
                              + u"gatewatch record: Door A (id a) logs in as admin, but its "
                                "password cannot be read: no --credentials file was given\n"_s),
             qPrintable(error));
}

QTEST_GUILESS_MAIN(TestRecorderService)
#include "tst_recorderservice.moc"
