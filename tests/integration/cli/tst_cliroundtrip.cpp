// The command line as scripts use it: real `gatewatch` processes, simulate → record → export,
// checked field by field and byte by byte against what the simulator says it sent.

#include "../../common/childprocess.h"
#include "../../common/csvreader.h"
#include "store/eventreader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Result run(const QStringList &arguments)
{
    QProcess process;
    // Like a desktop session: a private runtime folder, so that the window's platform set-up
    // has nothing to warn about and stderr holds only what gatewatch says.
    static const QTemporaryDir runtime;
    QFile::setPermissions(runtime.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_RUNTIME_DIR"_s, runtime.path());
    process.setProcessEnvironment(environment);
    process.start(TestProcess::gatewatch(), arguments);
    process.waitForFinished(60000);
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             process.readAllStandardOutput(), process.readAllStandardError() };
}

QString simulatorPin()
{
    QFile file(u":/certs/simulator.pem"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QSslCertificate certificate(file.readAll(), QSsl::Pem);
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex());
}

QString text(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toInteger());
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    return {};
}

// What a spreadsheet-safe cell holds for a piece of device text.
QString guarded(const QString &value)
{
    static const QString dangerous = u"=+-@\t\r"_s;
    if (!value.isEmpty() && dangerous.contains(value.front()))
        return u'\'' + value;
    return value;
}
} // namespace

class TestCliRoundTrip final : public QObject
{
    Q_OBJECT

private slots:
    void roundTripOverTls();
    void wrongPinIsRefusedWithTheFingerprint();
    void loginRequiredDevice();
    void badArguments_data();
    void badArguments();
    void windowWithoutDisplay();
    void windowEndsCleanlyOnSigterm();
    void helpForEveryCommand_data();
    void helpForEveryCommand();
};

void TestCliRoundTrip::roundTripOverTls()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString sentLog = dir.filePath(u"sent.jsonl"_s);
    const QString db = dir.filePath(u"gatewatch.sqlite"_s);
    constexpr int Devices = 2;
    constexpr int PerDevice = 30;

    TestProcess::Child simulator;
    simulator.start({ u"simulate"_s, u"--port"_s, u"0"_s, u"--devices"_s, QString::number(Devices),
                      u"--rate"_s, u"40"_s, u"--count"_s, QString::number(PerDevice), u"--tls"_s,
                      u"--seed"_s, u"7"_s, u"--log-sent"_s, sentLog });
    QTRY_COMPARE_WITH_TIMEOUT(simulator.eventUrls().size(), Devices, 20000);
    const QStringList urls = simulator.eventUrls();

    TestProcess::Child recorder;
    QStringList recordArguments { u"record"_s,       u"--db"_s,      db,
                                  u"--pin-sha256"_s, simulatorPin(), u"--print-events"_s };
    for (int i = 0; i < urls.size(); ++i)
        recordArguments << u"--device"_s << u"Door %1=%2"_s.arg(i + 1).arg(urls.at(i));
    recorder.start(recordArguments);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.lineCount(), Devices * PerDevice, 60000);

    recorder.process.terminate(); // SIGTERM: must commit and exit 0
    QVERIFY(recorder.process.waitForFinished(30000));
    QCOMPARE(recorder.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(recorder.process.exitCode(), 0);
    QVERIFY2(recorder.err.contains("events recorded: 60"), recorder.err.constData());
    simulator.process.terminate();
    QVERIFY(simulator.process.waitForFinished(30000));
    QCOMPARE(simulator.process.exitCode(), 0);

    // What the simulator delivered, one frame a line.
    QFile log(sentLog);
    QVERIFY(log.open(QIODevice::ReadOnly));
    QList<QJsonObject> sent;
    while (!log.atEnd()) {
        const QByteArray line = log.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonDocument document = QJsonDocument::fromJson(line);
        QVERIFY(document.isObject());
        sent.append(document.object().value(u"data"_s).toObject());
    }
    QCOMPARE(sent.size(), Devices * PerDevice);

    const QString csvPath = dir.filePath(u"out.csv"_s);
    const QString imagesDir = dir.filePath(u"images"_s);
    const Result exported
        = run({ u"export"_s, u"--db"_s, db, u"--output"_s, csvPath, u"--images"_s, imagesDir });
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    QFile csvFile(csvPath);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const auto rows = TestCsv::parse(csvFile.readAll());
    QVERIFY2(rows.has_value(), "export is not valid RFC 4180");
    QCOMPARE(rows->size(), sent.size() + 1);
    const QStringList header = rows->constFirst();
    for (const QString &column :
         { u"timestamp"_s, u"time"_s, u"device_sn"_s, u"device"_s, u"recognize_status"_s,
           u"recognize_score"_s, u"liveness_score"_s, u"mask"_s, u"mode"_s, u"pass"_s, u"user_id"_s,
           u"user_name"_s, u"user_type"_s, u"image_file"_s })
        QVERIFY2(header.contains(column), qPrintable(column));
    const auto cell = [&header](const QStringList &row, const QString &column) {
        return row.value(header.indexOf(column));
    };

    // Index the exported rows by what identifies an event, then check every sent event.
    QHash<QString, QStringList> byKey;
    const auto keyOf = [](const QString &sn, const QString &timestamp, const QString &userId,
                          const QString &status, const QString &uuid) {
        return uuid.isEmpty() ? sn + u'|' + timestamp + u'|' + userId + u'|' + status : uuid;
    };
    for (qsizetype i = 1; i < rows->size(); ++i) {
        const QStringList &row = rows->at(i);
        QCOMPARE(row.size(), header.size());
        const QString uuid = header.contains(u"uuid"_s) ? cell(row, u"uuid"_s) : QString();
        const QString key = keyOf(cell(row, u"device_sn"_s), cell(row, u"timestamp"_s),
                                  cell(row, u"user_id"_s), cell(row, u"recognize_status"_s), uuid);
        QVERIFY2(!byKey.contains(key), qPrintable(u"stored twice: "_s + key));
        byKey.insert(key, row);
    }
    int withImages = 0;
    int injections = 0;
    for (const QJsonObject &data : std::as_const(sent)) {
        const QJsonObject user = data.value(u"user"_s).toObject();
        qint64 timestamp = data.value(u"timestamp"_s).toInteger();
        if (timestamp > 100'000'000'000)
            timestamp /= 1000;
        const QString sn = data.contains(u"deviceSN"_s) ? data.value(u"deviceSN"_s).toString()
                                                        : data.value(u"TrackID"_s).toString();
        const QString key
            = keyOf(sn, QString::number(timestamp), text(user.value(u"user_id"_s)),
                    text(data.value(u"recognizeStatus"_s)), data.value(u"uuid"_s).toString());
        QVERIFY2(byKey.contains(key), qPrintable(u"not exported: "_s + key));
        const QStringList row = byKey.value(key);
        QCOMPARE(cell(row, u"device_sn"_s), sn);
        QVERIFY(cell(row, u"device"_s).startsWith(u"Door "_s));
        QCOMPARE(cell(row, u"recognize_status"_s), text(data.value(u"recognizeStatus"_s)));
        QCOMPARE(cell(row, u"mask"_s), text(data.value(u"mask"_s)));
        QCOMPARE(cell(row, u"mode"_s), text(data.value(u"mode"_s)));
        QCOMPARE(cell(row, u"pass"_s), text(data.value(u"pass"_s)));
        for (const QString &score : { u"recognizeScore"_s, u"livenessScore"_s }) {
            const QString column
                = score == u"recognizeScore" ? u"recognize_score"_s : u"liveness_score"_s;
            if (data.contains(score))
                QCOMPARE(cell(row, column).toDouble(), data.value(score).toDouble());
            else
                QCOMPARE(cell(row, column), QString());
        }
        QCOMPARE(cell(row, u"user_id"_s), text(user.value(u"user_id"_s)));
        QCOMPARE(cell(row, u"user_type"_s), text(user.value(u"type"_s)));
        const QString name = user.value(u"name"_s).toString();
        QCOMPARE(cell(row, u"user_name"_s), guarded(name));
        if (guarded(name) != name)
            ++injections;
        const QDateTime time = QDateTime::fromString(cell(row, u"time"_s), Qt::ISODateWithMs);
        QVERIFY(time.isValid());
        QCOMPARE(time.toSecsSinceEpoch(), timestamp);

        const QByteArray jpeg
            = QByteArray::fromBase64(data.value(u"rgb_image"_s).toString().toLatin1());
        const QString imageFile = cell(row, u"image_file"_s);
        QVERIFY2(!imageFile.isEmpty(), "every simulated snapshot is a usable JPEG");
        QFile image(QDir(imagesDir).filePath(imageFile));
        QVERIFY2(image.open(QIODevice::ReadOnly), qPrintable(imageFile));
        QCOMPARE(image.readAll(), jpeg);
        ++withImages;
    }
    QCOMPARE(withImages, sent.size());
    QVERIFY2(injections > 0, "the simulator sends names a spreadsheet would evaluate");

    // Filters: only denials, only one device.
    const QString denials = dir.filePath(u"denials.csv"_s);
    QCOMPARE(
        run({ u"export"_s, u"--db"_s, db, u"--output"_s, denials, u"--pass"_s, u"no"_s }).exitCode,
        0);
    QFile denialsFile(denials);
    QVERIFY(denialsFile.open(QIODevice::ReadOnly));
    const auto denialRows = TestCsv::parse(denialsFile.readAll());
    QVERIFY(denialRows.has_value());
    const auto expectedDenials
        = std::count_if(sent.cbegin(), sent.cend(), [](const QJsonObject &d) {
              return d.value(u"pass"_s).isBool() && !d.value(u"pass"_s).toBool();
          });
    QVERIFY(expectedDenials > 0);
    QCOMPARE(denialRows->size() - 1, expectedDenials);
    for (qsizetype i = 1; i < denialRows->size(); ++i)
        QCOMPARE(cell(denialRows->at(i), u"pass"_s), u"false"_s);

    const QString firstSn = sent.constFirst().value(u"deviceSN"_s).toString();
    const QString oneDevice = dir.filePath(u"one.csv"_s);
    QCOMPARE(run({ u"export"_s, u"--db"_s, db, u"--output"_s, oneDevice, u"--device"_s, firstSn })
                 .exitCode,
             0);
    QFile oneFile(oneDevice);
    QVERIFY(oneFile.open(QIODevice::ReadOnly));
    const auto oneRows = TestCsv::parse(oneFile.readAll());
    QVERIFY(oneRows.has_value());
    QCOMPARE(oneRows->size() - 1, PerDevice);
    for (qsizetype i = 1; i < oneRows->size(); ++i)
        QCOMPARE(cell(oneRows->at(i), u"device_sn"_s), firstSn);
}

void TestCliRoundTrip::wrongPinIsRefusedWithTheFingerprint()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TestProcess::Child simulator;
    simulator.start({ u"simulate"_s, u"--port"_s, u"0"_s, u"--tls"_s, u"--rate"_s, u"0"_s });
    QTRY_VERIFY_WITH_TIMEOUT(!simulator.eventUrls().isEmpty(), 20000);
    const QString url = simulator.eventUrls().constFirst();

    TestProcess::Child recorder;
    recorder.start({ u"record"_s, u"--db"_s, dir.filePath(u"db.sqlite"_s), u"--device"_s, url,
                     u"--pin-sha256"_s, QString(64, u'a') });
    // The error names the certificate actually presented, so that an operator can compare it.
    const QString presented = simulatorPin().toUpper();
    QString presentedWithColons;
    for (qsizetype i = 0; i < presented.size(); i += 2)
        presentedWithColons += (i ? u":"_s : QString()) + presented.mid(i, 2);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.err.toUpper().contains(presentedWithColons.toLatin1())
                                 || recorder.err.toUpper().contains(presented.toLatin1()),
                             30000);
    recorder.process.terminate();
    QVERIFY(recorder.process.waitForFinished(30000));
    QCOMPARE(recorder.process.exitCode(), 0);
    QVERIFY(recorder.err.contains("events recorded: 0"));
}

void TestCliRoundTrip::loginRequiredDevice()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TestProcess::Child simulator;
    simulator.start({ u"simulate"_s, u"--port"_s, u"0"_s, u"--rate"_s, u"20"_s, u"--count"_s,
                      u"5"_s, u"--require-login"_s, u"admin:s3cret pass"_s });
    QTRY_VERIFY_WITH_TIMEOUT(!simulator.eventUrls().isEmpty(), 20000);
    const QString url = simulator.eventUrls().constFirst();

    // Without credentials: refused, and the log says why.
    {
        TestProcess::Child recorder;
        recorder.start({ u"record"_s, u"--db"_s, dir.filePath(u"a.sqlite"_s), u"--device"_s, url });
        QTRY_VERIFY_WITH_TIMEOUT(recorder.err.contains("401"), 20000);
        recorder.process.terminate();
        QVERIFY(recorder.process.waitForFinished(30000));
        QCOMPARE(recorder.process.exitCode(), 0);
        QVERIFY2(recorder.err.contains("events recorded: 0"), recorder.err.constData());
    }
    // A wrong password: the login itself is refused.
    QFile wrong(dir.filePath(u"wrong"_s));
    QVERIFY(wrong.open(QIODevice::WriteOnly));
    wrong.write("not it\n");
    wrong.close();
    {
        TestProcess::Child recorder;
        recorder.start({ u"record"_s, u"--db"_s, dir.filePath(u"b.sqlite"_s), u"--device"_s, url,
                         u"--user"_s, u"admin"_s, u"--password-file"_s, wrong.fileName() });
        QTRY_VERIFY_WITH_TIMEOUT(recorder.err.contains("login failed"), 20000);
        recorder.process.terminate();
        QVERIFY(recorder.process.waitForFinished(30000));
        QCOMPARE(recorder.process.exitCode(), 0);
    }
    // The right password, read from a file whose trailing newline is not part of it.
    QFile right(dir.filePath(u"right"_s));
    QVERIFY(right.open(QIODevice::WriteOnly));
    right.write("s3cret pass\n");
    right.close();
    TestProcess::Child recorder;
    // Every diagnostic message on: not one of them may carry the password.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_LOGGING_RULES"_s, u"gatewatch.*=true"_s);
    recorder.process.setProcessEnvironment(environment);
    const QString db = dir.filePath(u"c.sqlite"_s);
    recorder.start({ u"record"_s, u"--db"_s, db, u"--device"_s, url, u"--user"_s, u"admin"_s,
                     u"--password-file"_s, right.fileName(), u"--print-events"_s });
    QTRY_COMPARE_WITH_TIMEOUT(recorder.lineCount(), 5, 30000);
    ::kill(pid_t(recorder.process.processId()), SIGINT); // Ctrl-C commits and exits 0 too
    QVERIFY(recorder.process.waitForFinished(30000));
    QCOMPARE(recorder.process.exitCode(), 0);
    QVERIFY2(recorder.err.contains("events recorded: 5"), recorder.err.constData());
    QVERIFY2(recorder.err.contains("gatewatch."), "the diagnostic messages were on");

    // The password is in no log, in no file the recorder wrote, and in no export.
    const QByteArray password = "s3cret pass";
    QVERIFY(!recorder.out.contains(password));
    QVERIFY(!recorder.err.contains(password));
    const QString csv = dir.filePath(u"c.csv"_s);
    const Result exported = run({ u"export"_s, u"--db"_s, db, u"--output"_s, csv });
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    for (const QString &path : QDir(dir.path()).entryList(QDir::Files)) {
        if (path == u"right"_s)
            continue; // the password file itself
        QFile file(dir.filePath(path));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(password), qPrintable(path));
    }
}

void TestCliRoundTrip::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    // Without a command the options are the window's; they are checked before it opens.
    QTest::newRow("window: unknown option") << QStringList { u"--bogus"_s } << u"bogus"_s;
    QTest::newRow("window: zero demo devices")
        << QStringList { u"--demo"_s, u"--demo-devices"_s, u"0"_s } << u"--demo-devices"_s;
    QTest::newRow("window: demo rate without demo")
        << QStringList { u"--demo-rate"_s, u"2"_s } << u"go with --demo"_s;
    QTest::newRow("window: bad device")
        << QStringList { u"--device"_s, u"http://127.0.0.1/"_s } << u"ws://"_s;
    QTest::newRow("unknown command") << QStringList { u"frobnicate"_s } << u"unknown command"_s;
    QTest::newRow("record without db")
        << QStringList { u"record"_s, u"--device"_s, u"ws://127.0.0.1:1/v1/event/"_s } << u"--db"_s;
    QTest::newRow("record without device")
        << QStringList { u"record"_s, u"--db"_s, u"x.sqlite"_s } << u"--device"_s;
    QTest::newRow("record http url") << QStringList { u"record"_s, u"--db"_s, u"x.sqlite"_s,
                                                      u"--device"_s, u"http://127.0.0.1/"_s }
                                     << u"ws://"_s;
    QTest::newRow("record short pin")
        << QStringList { u"record"_s,           u"--db"_s,         u"x.sqlite"_s, u"--device"_s,
                         u"wss://127.0.0.1/"_s, u"--pin-sha256"_s, u"abcd"_s }
        << u"--pin-sha256"_s;
    QTest::newRow("record zero heartbeat")
        << QStringList { u"record"_s,           u"--db"_s,        u"x.sqlite"_s, u"--device"_s,
                         u"wss://127.0.0.1/"_s, u"--heartbeat"_s, u"0"_s }
        << u"--heartbeat"_s;
    QTest::newRow("record user without password")
        << QStringList { u"record"_s,           u"--db"_s,   u"x.sqlite"_s, u"--device"_s,
                         u"wss://127.0.0.1/"_s, u"--user"_s, u"admin"_s }
        << u"--password-file"_s;
    QTest::newRow("record unknown option")
        << QStringList { u"record"_s, u"--bogus"_s } << u"bogus"_s;
    QTest::newRow("stray argument")
        << QStringList { u"export"_s, u"--db"_s, u"x.sqlite"_s, u"out.csv"_s }
        << u"unexpected argument 'out.csv'"_s;
    QTest::newRow("export without output")
        << QStringList { u"export"_s, u"--db"_s, u"x.sqlite"_s } << u"--output"_s;
    QTest::newRow("export bad pass")
        << QStringList { u"export"_s, u"--db"_s,   u"x.sqlite"_s, u"--output"_s,
                         u"o.csv"_s,  u"--pass"_s, u"maybe"_s }
        << u"--pass"_s;
    QTest::newRow("export bad time")
        << QStringList { u"export"_s, u"--db"_s,   u"x.sqlite"_s, u"--output"_s,
                         u"o.csv"_s,  u"--from"_s, u"yesterday"_s }
        << u"--from"_s;
    QTest::newRow("simulate bad devices")
        << QStringList { u"simulate"_s, u"--devices"_s, u"none"_s } << u"--devices"_s;
    QTest::newRow("simulate bad login")
        << QStringList { u"simulate"_s, u"--require-login"_s, u"nocolon"_s }
        << u"--require-login"_s;
}

void TestCliRoundTrip::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    const QString err = QString::fromUtf8(result.err);
    QVERIFY2(err.contains(message), qPrintable(err));
    // One line of error first; the general usage may follow for a missing command.
    QVERIFY2(err.startsWith(u"gatewatch"_s), qPrintable(err));
    QVERIFY(result.out.isEmpty());
}

void TestCliRoundTrip::windowWithoutDisplay()
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : { u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s })
        environment.remove(name);
    process.setProcessEnvironment(environment);
    process.start(TestProcess::gatewatch(), { u"--demo"_s });
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.startsWith(u"gatewatch: the dashboard needs a display"_s), qPrintable(err));
}

void TestCliRoundTrip::windowEndsCleanlyOnSigterm()
{
    // The dashboard with its demo terminals, offscreen, in a home of its own; SIGTERM (a
    // logout) must close it the normal way: layout saved, everything received committed.
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QFile::setPermissions(home.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, home.path());
    environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    environment.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
    environment.insert(u"XDG_RUNTIME_DIR"_s, home.path());
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(TestProcess::gatewatch(),
                  { u"--demo"_s, u"--demo-devices"_s, u"2"_s, u"--demo-rate"_s, u"20"_s });
    QVERIFY(process.waitForStarted());
    // The default demo database, in the user's data folder.
    const QString database = home.filePath(u"data/GateWatch/gatewatch/demo.sqlite"_s);
    qint64 stored = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            EventReader reader;
            if (!QFile::exists(database) || !reader.open(database))
                return false;
            stored = reader.count(EventFilter {});
            return stored >= 20;
        }(),
        30000);
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(u"demo: 2 simulated terminals"_s), qPrintable(err));
    QVERIFY(QFile::exists(home.filePath(u"config/GateWatch/gatewatch.conf"_s)));
    EventReader reader;
    QVERIFY(reader.open(database));
    QVERIFY(reader.count(EventFilter {}) >= stored);
}

void TestCliRoundTrip::helpForEveryCommand_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("option");
    QTest::newRow("record") << u"record"_s << u"--pin-sha256"_s;
    QTest::newRow("export") << u"export"_s << u"--images"_s;
    QTest::newRow("simulate") << u"simulate"_s << u"--require-login"_s;
}

void TestCliRoundTrip::helpForEveryCommand()
{
    QFETCH(QString, command);
    QFETCH(QString, option);
    const Result result = run({ command, u"--help"_s });
    QCOMPARE(result.exitCode, 0);
    const QString out = QString::fromUtf8(result.out);
    QVERIFY2(out.startsWith(u"Usage: gatewatch "_s + command), qPrintable(out));
    QVERIFY2(out.contains(option), qPrintable(out));
}

QTEST_GUILESS_MAIN(TestCliRoundTrip)
#include "tst_cliroundtrip.moc"
