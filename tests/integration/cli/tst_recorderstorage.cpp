// `gatewatch record` with its database on a small real file system: a tmpfs in a mount
// namespace of the test's own, which the recorder, a child of the test, shares. The disk fills
// up while a terminal (`gatewatch simulate`) keeps sending, then space comes back; the file
// system turns read-only, then writable again; the recorder is started on a database it cannot
// write. On standard error the stop and the resume are said once each, with the file and the
// reason, not at every retry, and the retries come further and further apart; recording
// resumes by itself and stores what it held, once; nothing committed before is damaged; every
// event the terminal sent while the database could not be written is in it afterwards.

#include "../../common/childprocess.h"
#include "../../common/smallfilesystem.h"
#include "event/eventparser.h"
#include "store/storethread.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using PrivateMounts::SmallFileSystem;

namespace {

constexpr int Timeout = 60'000;
constexpr qint64 FileSystemBytes = qint64 { 6 } * 1024 * 1024;
constexpr int Rate = 20; // events per second from the simulated terminal

int occurrences(const QByteArray &text, const QString &needle)
{
    return int(QString::fromUtf8(text).count(needle));
}

struct DatabaseCheck
{
    QString integrity;
    qsizetype duplicates = -1;
    QHash<QString, int> keys; // dedup key → 1
};

DatabaseCheck checkDatabase(const QString &path)
{
    DatabaseCheck check;
    const QString name = u"tst_recorderstorage.check"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(u"PRAGMA integrity_check"_s) && query.next())
                check.integrity = query.value(0).toString();
            else
                check.integrity = query.lastError().text();
            // No terminal timestamp twice: what the simulator makes unique.
            if (query.exec(u"SELECT COUNT(*) FROM (SELECT 1 FROM events GROUP BY device_sn, "
                           "timestamp_ms HAVING COUNT(*) > 1)"_s)
                && query.next())
                check.duplicates = query.value(0).toLongLong();
            if (query.exec(u"SELECT dedup_key FROM events"_s)) {
                while (query.next())
                    check.keys.insert(query.value(0).toString(), 1);
            }
            query.finish();
            db.close();
        } else {
            check.integrity = db.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return check;
}

// The events the simulator logged as sent between `fromMs` and `toMs` (its clock).
QStringList sentBetween(const QString &sentLog, qint64 fromMs, qint64 toMs)
{
    QStringList keys;
    QFile log(sentLog);
    if (!log.open(QIODevice::ReadOnly))
        return keys;
    const EventParser parser;
    while (!log.atEnd()) {
        const QByteArray line = log.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const ParseOutcome outcome = parser.parse(line);
        if (outcome.ok() && outcome.event->timestampMs && *outcome.event->timestampMs >= fromMs
            && *outcome.event->timestampMs <= toMs)
            keys.append(outcome.event->deduplicationKey());
    }
    return keys;
}

} // namespace

class TestRecorderStorage final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void diskFullStopsRecordingUntilSpaceReturns();
    void readOnlyFileSystemWhileRecording();
    void unwritableDatabaseIsRefusedAtStart_data();
    void unwritableDatabaseIsRefusedAtStart();

private:
    QString dbPath() const { return m_fs->filePath(u"events.sqlite"_s); }
    QString sentLog() const { return m_dir->filePath(u"sent.jsonl"_s); }
    // A simulated terminal, and the recorder connected to it with its database on the small
    // file system; returns once events are being stored.
    void startRecording();
    // Ends both (SIGTERM), as an operator would; the recorder exits normally.
    void stopRecording();
    QString recorderErrors() const { return QString::fromUtf8(m_recorder->err); }
    // Every event sent from `fromMs` to `toMs` is stored, once; the database is intact and
    // holds exactly what the recorder reported stored.
    void verifyRecorded(qint64 fromMs, qint64 toMs);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SmallFileSystem> m_fs;
    std::unique_ptr<TestProcess::Child> m_simulator;
    std::unique_ptr<TestProcess::Child> m_recorder;
};

void TestRecorderStorage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fs = std::make_unique<SmallFileSystem>();
    QString error;
    QVERIFY2(m_fs->mount(m_dir->filePath(u"small"_s), FileSystemBytes, &error), qPrintable(error));
}

void TestRecorderStorage::cleanup()
{
    // What the recorder said, with the store's log of each attempt, tells why a test failed.
    if (QTest::currentTestFailed() && m_recorder) {
        m_recorder->err += m_recorder->process.readAllStandardError();
        qWarning("The recorder's standard error:\n%s", m_recorder->err.constData());
    }
    m_recorder.reset(); // killed if still running
    m_simulator.reset();
    m_fs.reset();
    m_dir.reset();
}

void TestRecorderStorage::startRecording()
{
    m_simulator = std::make_unique<TestProcess::Child>();
    m_simulator->start({ u"simulate"_s, u"--port"_s, u"0"_s, u"--devices"_s, u"1"_s, u"--rate"_s,
                         QString::number(Rate), u"--seed"_s, u"7"_s, u"--ms-timestamps"_s,
                         u"--log-sent"_s, sentLog() });
    QTRY_COMPARE_WITH_TIMEOUT(m_simulator->eventUrls().size(), 1, Timeout);

    m_recorder = std::make_unique<TestProcess::Child>();
    // The store's own log tells each attempt to write again, and when the next one comes.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_LOGGING_RULES"_s, u"gatewatch.store.debug=true"_s);
    m_recorder->process.setProcessEnvironment(environment);
    m_recorder->start({ u"record"_s, u"--db"_s, dbPath(), u"--print-events"_s, u"--device"_s,
                        m_simulator->eventUrls().constFirst() });
    QTRY_VERIFY_WITH_TIMEOUT(m_recorder->lineCount() >= 20, Timeout);
}

void TestRecorderStorage::stopRecording()
{
    m_recorder->process.terminate();
    QVERIFY(m_recorder->process.waitForFinished(Timeout));
    m_recorder->out += m_recorder->process.readAllStandardOutput();
    m_recorder->err += m_recorder->process.readAllStandardError();
    QCOMPARE(m_recorder->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_recorder->process.exitCode(), 0);
    m_simulator->process.terminate();
    QVERIFY(m_simulator->process.waitForFinished(Timeout));
}

void TestRecorderStorage::verifyRecorded(qint64 fromMs, qint64 toMs)
{
    const DatabaseCheck check = checkDatabase(dbPath());
    QCOMPARE(check.integrity, u"ok"_s);
    QCOMPARE(check.duplicates, 0);
    // A line on standard output for each event once it is committed: all are there, and
    // nothing more.
    QCOMPARE(check.keys.size(), qsizetype(m_recorder->lineCount()));
    const QStringList sent = sentBetween(sentLog(), fromMs, toMs);
    // Several seconds of a stream went by while the database could not be written.
    QVERIFY2(sent.size() >= qsizetype { 2 } * Rate, qPrintable(QString::number(sent.size())));
    int missing = 0;
    for (const QString &key : sent) {
        if (!check.keys.contains(key)) {
            ++missing;
            qWarning("sent while the database could not be written, and not stored: %s",
                     qPrintable(key));
        }
    }
    QCOMPARE(missing, 0);
}

void TestRecorderStorage::diskFullStopsRecordingUntilSpaceReturns()
{
    startRecording();
    QString error;
    QVERIFY2(m_fs->fill(&error), qPrintable(error));
    const qint64 fullAt = QDateTime::currentMSecsSinceEpoch();

    const QString stoppedLine
        = u"database: Recording stopped: the disk holding %1 is full"_s.arg(dbPath());
    QTRY_VERIFY_WITH_TIMEOUT(recorderErrors().contains(stoppedLine), Timeout);
    const int linesWhileFull = m_recorder->lineCount();

    // The attempts to write again come 1, 2, 4, 8 s apart, by the store's log, without a
    // message each.
    QTRY_VERIFY_WITH_TIMEOUT(occurrences(m_recorder->err, u"next attempt in"_s) >= 4, Timeout);
    static const QRegularExpression nextAttempt(u"next attempt in (\\d+) ms"_s);
    QList<int> delays;
    for (auto it = nextAttempt.globalMatch(recorderErrors()); it.hasNext();)
        delays.append(it.next().captured(1).toInt());
    QVERIFY2(delays.size() >= 4, qPrintable(recorderErrors()));
    QCOMPARE(delays.mid(0, 4), (QList<int> { 1000, 2000, 4000, 8000 }));
    QCOMPARE(occurrences(m_recorder->err, u"database: Recording stopped"_s), 1);
    QCOMPARE(occurrences(m_recorder->err, u"database: Could not store"_s), 0);
    QCOMPARE(m_recorder->lineCount(), linesWhileFull); // nothing stored, nothing printed

    QVERIFY(m_fs->removeFiller());
    const QString resumedLine
        = u"database: Recording resumed: %1 can be written again."_s.arg(dbPath());
    QTRY_VERIFY_WITH_TIMEOUT(recorderErrors().contains(resumedLine), Timeout);
    const qint64 resumedAt = QDateTime::currentMSecsSinceEpoch();
    static const QRegularExpression storedHeld(
        u"(\\d+) event(?:s|\\(s\\))? received while it could not be written were stored"_s);
    const QRegularExpressionMatch match = storedHeld.match(recorderErrors());
    QVERIFY2(match.hasMatch(), qPrintable(recorderErrors()));
    QVERIFY(match.captured(1).toInt() >= 2 * Rate);
    // Recording goes on.
    QTRY_VERIFY_WITH_TIMEOUT(
        m_recorder->lineCount() >= linesWhileFull + match.captured(1).toInt() + Rate, Timeout);
    stopRecording();

    QCOMPARE(occurrences(m_recorder->err, u"database: Recording stopped"_s), 1);
    QCOMPARE(occurrences(m_recorder->err, u"database: Recording resumed"_s), 1);
    QCOMPARE(occurrences(m_recorder->err, u"database: Recording"_s), 2);
    QCOMPARE(occurrences(m_recorder->err, u"could not be kept"_s), 0);
    verifyRecorded(fullAt, resumedAt);
}

void TestRecorderStorage::readOnlyFileSystemWhileRecording()
{
    startRecording();
    QString error;
    QVERIFY2(m_fs->fill(&error), qPrintable(error));
    const qint64 fullAt = QDateTime::currentMSecsSinceEpoch();
    QTRY_VERIFY_WITH_TIMEOUT(recorderErrors().contains(u"Recording stopped: the disk holding"_s),
                             Timeout);

    // Only once nothing on it is open for writing (the kernel refuses it before): the
    // recorder lets go of its files when it cannot write.
    QTRY_VERIFY2_WITH_TIMEOUT(m_fs->remount(true, 0, &error), qPrintable(error), Timeout);
    const QString readOnlyLine
        = u"database: Recording stopped: the file system holding %1 is read-only"_s.arg(dbPath());
    QTRY_VERIFY_WITH_TIMEOUT(recorderErrors().contains(readOnlyLine), Timeout);
    // Attempts go on without a word.
    const int attempts = occurrences(m_recorder->err, u"next attempt in"_s);
    QTRY_VERIFY_WITH_TIMEOUT(occurrences(m_recorder->err, u"next attempt in"_s) >= attempts + 1,
                             Timeout);
    QCOMPARE(occurrences(m_recorder->err, u"database: Recording stopped"_s), 2);

    // Writable again, with room to spare.
    QVERIFY2(m_fs->remount(false, 3 * FileSystemBytes, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(recorderErrors().contains(u"database: Recording resumed"_s), Timeout);
    const qint64 resumedAt = QDateTime::currentMSecsSinceEpoch();
    const int linesAtResume = m_recorder->lineCount();
    QTRY_VERIFY_WITH_TIMEOUT(m_recorder->lineCount() >= linesAtResume + Rate, Timeout);
    stopRecording();

    QCOMPARE(occurrences(m_recorder->err, u"database: Recording stopped"_s), 2);
    QCOMPARE(occurrences(m_recorder->err, u"database: Recording resumed"_s), 1);
    QCOMPARE(occurrences(m_recorder->err, u"database: Recording"_s), 3);
    verifyRecorded(fullAt, resumedAt);
}

void TestRecorderStorage::unwritableDatabaseIsRefusedAtStart_data()
{
    QTest::addColumn<bool>("readOnlyFileSystem");
    QTest::addColumn<QString>("reason");
    QTest::newRow("read-only file system") << true << u"the file system holding %1 is read-only"_s;
    // Run as another account: the superuser may write whatever the permissions say.
    QTest::newRow("no write permission")
        << false << u"this account is not allowed to write %1 or its folder"_s;
}

void TestRecorderStorage::unwritableDatabaseIsRefusedAtStart()
{
    QFETCH(bool, readOnlyFileSystem);
    QFETCH(QString, reason);
    {
        StoreThread store;
        QString error;
        QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
    }
    const QByteArray before = [this] {
        QFile file(dbPath());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    QVERIFY(!before.isEmpty());

    QProcess recorder;
    // A device that is never reached: the recorder must not get that far.
    const QStringList record { u"record"_s, u"--db"_s, dbPath(), u"--device"_s,
                               u"ws://127.0.0.1:9/v1/event/"_s };
    if (readOnlyFileSystem) {
        QString error;
        QVERIFY2(m_fs->remount(true, 0, &error), qPrintable(error));
        recorder.start(TestProcess::gatewatch(), record);
    } else {
        // Readable by everyone, writable by its owner (root) only, in a folder likewise (and
        // the folders above open to all, as /var/lib is).
        QVERIFY(QFile::setPermissions(m_dir->path(),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                          | QFile::ReadOther | QFile::ExeOther));
        QVERIFY(QFile::setPermissions(
            dbPath(), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
        recorder.start(u"setpriv"_s,
                       QStringList { u"--reuid=65534"_s, u"--regid=65534"_s, u"--clear-groups"_s,
                                     u"--"_s, TestProcess::gatewatch() }
                           + record);
    }
    QVERIFY2(recorder.waitForStarted(Timeout),
             qPrintable(u"cannot start the recorder: "_s + recorder.errorString()));
    QVERIFY(recorder.waitForFinished(Timeout));
    const QString errors = QString::fromUtf8(recorder.readAllStandardError());
    QCOMPARE(recorder.exitStatus(), QProcess::NormalExit);
    QVERIFY2(recorder.exitCode() == 1, qPrintable(errors));
    const QString expected
        = QString(u"gatewatch record: Cannot open the database %1 for writing: "_s + reason)
              .arg(dbPath());
    QVERIFY2(errors.contains(expected), qPrintable(errors));
    QVERIFY2(!errors.contains(u"recording from"_s), qPrintable(errors));

    // Left as it was.
    QFile file(dbPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll() == before);
}

GW_TEST_MAIN_WITH_PRIVATE_MOUNTS(TestRecorderStorage, QCoreApplication)
#include "tst_recorderstorage.moc"
