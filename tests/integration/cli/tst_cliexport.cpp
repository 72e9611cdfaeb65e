// `gatewatch export` with the history's filters, as scripts run it: real processes on a real
// database of known contents, each option, bad values, the spreadsheet byte order mark, and
// the progress line that only a terminal gets.

#include "../../common/csvreader.h"
#include "store/eventstore.h"

#include <QFile>
#include <QProcess>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <array>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QString executable()
{
    return QStringLiteral(GATEWATCH_EXECUTABLE);
}

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs gatewatch with the zone of Europe/Berlin, so that bare dates are that zone's days.
Result run(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"TZ"_s, u"Europe/Berlin"_s);
    process.setProcessEnvironment(environment);
    process.start(executable(), arguments);
    process.waitForFinished(60000);
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             process.readAllStandardOutput(), process.readAllStandardError() };
}

const QTimeZone &berlin()
{
    static const QTimeZone zone("Europe/Berlin");
    return zone;
}

// Local Berlin time on the day the clocks go back (25 hours long).
qint64 onFallBackDay(int hour, int minute)
{
    return QDateTime(QDate(2026, 10, 25), QTime(0, 0), berlin()).toMSecsSinceEpoch()
        + (hour * 60LL + minute) * 60'000;
}

struct Spec
{
    QString uuid;
    qint64 ms;
    QString name;
    std::optional<int> status = 2;
    std::optional<int> type;
    std::optional<bool> pass = true;
    std::optional<int> mask = 1;
    std::optional<double> score = 0.9;
    std::optional<int> userType;
    bool acknowledged = false;
};

QList<Spec> specs()
{
    QList<Spec> list;
    const auto add = [&list](const QString &uuid, qint64 ms, const auto &set) {
        Spec spec;
        spec.uuid = uuid;
        spec.ms = ms;
        set(spec);
        list.append(spec);
    };
    add(u"before"_s, onFallBackDay(0, 0) - 1, [](Spec &s) { s.name = u"José García"_s; });
    add(u"midnight"_s, onFallBackDay(0, 0), [](Spec &s) {
        s.name = u"JOSE"_s;
        s.mask = 2;
        s.score = 0.97;
    });
    // 02:30 happens twice that day; these are an hour apart.
    add(u"first-half-past-two"_s, onFallBackDay(2, 30), [](Spec &s) {
        s.status = 3;
        s.pass = false;
        s.acknowledged = true;
    });
    add(u"second-half-past-two"_s, onFallBackDay(3, 30), [](Spec &s) {
        s.status = 6;
        s.pass = false;
        s.name = u"Øyvind"_s;
        s.score = 0.5;
    });
    add(u"evening"_s, onFallBackDay(23, 0), [](Spec &s) {
        s.status = std::nullopt;
        s.type = 4; // non-live, later firmware
        s.pass = std::nullopt;
        s.mask = 0;
    });
    add(u"last-ms"_s, onFallBackDay(24, 59) + 59'999, [](Spec &s) {
        s.name = u"Bob"_s;
        s.userType = 3; // blacklisted
        s.score = 0.95;
    });
    add(u"next-day"_s, onFallBackDay(25, 0), [](Spec &s) { s.name = u"Zoë"_s; });
    return list;
}

} // namespace

class TestCliExport final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void filters_data();
    void filters();
    void excelByteOrderMark();
    void badValues_data();
    void badValues();
    void noProgressLineWithoutTerminal();
    void progressLineOnTerminal();
    void helpNamesTheOptions();

private:
    QStringList exportArgs(const QString &output) const
    {
        return { u"export"_s, u"--db"_s, m_db, u"--output"_s, output };
    }
    QTemporaryDir m_dir;
    QString m_db;
};

void TestCliExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(berlin().isValid());
    m_db = m_dir.filePath(u"events.sqlite"_s);
    EventStore store(m_db);
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    const QList<Spec> all = specs();
    QList<RecognitionEvent> events;
    QStringList acknowledged;
    for (const Spec &spec : all) {
        RecognitionEvent e;
        e.uuid = spec.uuid;
        e.deviceSn = u"SN-1"_s;
        e.timestampMs = spec.ms;
        e.timestampInMillis = true;
        e.recognizeStatus = spec.status;
        e.recognitionType = spec.type;
        e.pass = spec.pass;
        e.mask = spec.mask;
        e.recognizeScore = spec.score;
        e.receivedAt = QDateTime::fromMSecsSinceEpoch(spec.ms, Qt::UTC);
        if (!spec.name.isEmpty() || spec.userType) {
            RecognitionUser user;
            user.name = spec.name;
            user.userId = u"ID-"_s + spec.uuid;
            user.type = spec.userType;
            e.user = user;
        }
        events.append(e);
        if (spec.acknowledged)
            acknowledged.append(e.deduplicationKey());
    }
    store.addEvents(events);
    for (const QString &key : std::as_const(acknowledged))
        store.acknowledge({ key, QDateTime::currentDateTimeUtc(), u"Guard"_s, {} });
    store.flush();
    QCOMPARE(store.pendingCount(), 0);
    store.close();
}

void TestCliExport::filters_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QStringList>("expected"); // uuids, oldest first

    QTest::newRow("everything") << QStringList {} << QStringList { u"before"_s,
                                                                   u"midnight"_s,
                                                                   u"first-half-past-two"_s,
                                                                   u"second-half-past-two"_s,
                                                                   u"evening"_s,
                                                                   u"last-ms"_s,
                                                                   u"next-day"_s };
    QTest::newRow("--name, accents and case")
        << QStringList { u"--name"_s, u"josé"_s } << QStringList { u"before"_s, u"midnight"_s };
    QTest::newRow("--name, user id")
        << QStringList { u"--name"_s, u"ID-LAST"_s } << QStringList { u"last-ms"_s };
    QTest::newRow("--name, o for ø")
        << QStringList { u"--name"_s, u"OYV"_s } << QStringList { u"second-half-past-two"_s };
    QTest::newRow("--status, one")
        << QStringList { u"--status"_s, u"3"_s } << QStringList { u"first-half-past-two"_s };
    QTest::newRow("--status, list")
        << QStringList { u"--status"_s, u"3, 6"_s }
        << QStringList { u"first-half-past-two"_s, u"second-half-past-two"_s };
    QTest::newRow("--status, repeated")
        << QStringList { u"--status"_s, u"3"_s, u"--status"_s, u"6"_s }
        << QStringList { u"first-half-past-two"_s, u"second-half-past-two"_s };
    QTest::newRow("--mask") << QStringList { u"--mask"_s, u"0,2"_s }
                            << QStringList { u"midnight"_s, u"evening"_s };
    QTest::newRow("--min-score, inclusive") << QStringList { u"--min-score"_s, u"0.95"_s }
                                            << QStringList { u"midnight"_s, u"last-ms"_s };
    QTest::newRow("--alerts-only")
        << QStringList { u"--alerts-only"_s }
        << QStringList { u"first-half-past-two"_s, u"second-half-past-two"_s, u"evening"_s,
                         u"last-ms"_s };
    QTest::newRow("--alert-reasons, one") << QStringList { u"--alert-reasons"_s, u"stranger"_s }
                                          << QStringList { u"first-half-past-two"_s };
    QTest::newRow("--alert-reasons, list")
        << QStringList { u"--alert-reasons"_s, u"Non-Live,blacklist"_s }
        << QStringList { u"evening"_s, u"last-ms"_s };
    QTest::newRow("--unacknowledged --alerts-only")
        << QStringList { u"--unacknowledged"_s, u"--alerts-only"_s }
        << QStringList { u"second-half-past-two"_s, u"evening"_s, u"last-ms"_s };
    // A bare date is the whole local day: 25 hours on the day the clocks go back.
    QTest::newRow("--from and --to the same day")
        << QStringList { u"--from"_s, u"2026-10-25"_s, u"--to"_s, u"2026-10-25"_s }
        << QStringList { u"midnight"_s, u"first-half-past-two"_s, u"second-half-past-two"_s,
                         u"evening"_s, u"last-ms"_s };
    QTest::newRow("--to a time is inclusive")
        << QStringList { u"--to"_s, u"2026-10-25T00:00:00.000+02:00"_s }
        << QStringList { u"before"_s, u"midnight"_s };
    QTest::newRow("everything at once") << QStringList { u"--from"_s,
                                                         u"2026-10-25"_s,
                                                         u"--to"_s,
                                                         u"2026-10-25"_s,
                                                         u"--name"_s,
                                                         u"oyvind"_s,
                                                         u"--status"_s,
                                                         u"6"_s,
                                                         u"--mask"_s,
                                                         u"1"_s,
                                                         u"--min-score"_s,
                                                         u"0.5"_s,
                                                         u"--alert-reasons"_s,
                                                         u"denied"_s,
                                                         u"--unacknowledged"_s,
                                                         u"--device"_s,
                                                         u"SN-1"_s,
                                                         u"--pass"_s,
                                                         u"no"_s }
                                        << QStringList { u"second-half-past-two"_s };
    QTest::newRow("nothing matches") << QStringList { u"--name"_s, u"nobody"_s } << QStringList {};
}

void TestCliExport::filters()
{
    QFETCH(QStringList, options);
    QFETCH(QStringList, expected);

    const QString output = m_dir.filePath(u"filtered.csv"_s);
    const Result result = run(exportArgs(output) + options);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(result.out.isEmpty());
    // Not a terminal: one summary line, no progress.
    QVERIFY2(!result.err.contains('\r'), result.err.constData());
    QVERIFY2(result.err.contains(
                 QByteArray("exported " + QByteArray::number(expected.size()) + " rows")),
             result.err.constData());

    QFile file(output);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(!bytes.startsWith("\xEF\xBB\xBF"));
    const auto rows = TestCsv::parse(bytes);
    QVERIFY(rows.has_value());
    QVERIFY(!rows->isEmpty());
    const qsizetype uuidColumn = rows->constFirst().indexOf(u"uuid"_s);
    QVERIFY(uuidColumn >= 0);
    QStringList uuids;
    for (qsizetype i = 1; i < rows->size(); ++i)
        uuids.append(rows->at(i).at(uuidColumn));
    QCOMPARE(uuids, expected);
}

void TestCliExport::excelByteOrderMark()
{
    const QString output = m_dir.filePath(u"excel.csv"_s);
    const Result result = run(exportArgs(output) << u"--excel"_s);
    QCOMPARE(result.exitCode, 0);
    QFile file(output);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("\xEF\xBB\xBFtimestamp,time,"));
    // The rest is the same file as without it.
    const QString plain = m_dir.filePath(u"plain.csv"_s);
    QCOMPARE(run(exportArgs(plain)).exitCode, 0);
    QFile plainFile(plain);
    QVERIFY(plainFile.open(QIODevice::ReadOnly));
    QCOMPARE(bytes.mid(3), plainFile.readAll());
}

void TestCliExport::badValues_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("message");

    QTest::newRow("status word") << QStringList { u"--status"_s, u"stranger"_s }
                                 << u"--status: 'stranger' is not a status code"_s;
    QTest::newRow("status negative")
        << QStringList { u"--status"_s, u"-1"_s } << u"--status: '-1' is not a status code"_s;
    QTest::newRow("status empty item")
        << QStringList { u"--status"_s, u"1,,2"_s } << u"--status: '' is not a status code"_s;
    QTest::newRow("mask") << QStringList { u"--mask"_s, u"2x"_s }
                          << u"--mask: '2x' is not a mask code"_s;
    QTest::newRow("min-score word") << QStringList { u"--min-score"_s, u"high"_s }
                                    << u"--min-score must be a number from 0 to 1"_s;
    QTest::newRow("min-score above 1")
        << QStringList { u"--min-score"_s, u"95"_s } << u"not '95'"_s;
    QTest::newRow("min-score nan") << QStringList { u"--min-score"_s, u"nan"_s }
                                   << u"--min-score must be a number from 0 to 1"_s;
    QTest::newRow("alert reason") << QStringList { u"--alert-reasons"_s, u"stranger,fire"_s }
                                  << u"--alert-reasons: 'fire' is not a reason"_s;
    QTest::newRow("blank name") << QStringList { u"--name"_s, u"  "_s }
                                << u"--name needs some text"_s;
    QTest::newRow("to before from")
        << QStringList { u"--from"_s, u"2026-10-26"_s, u"--to"_s, u"2026-10-25"_s }
        << u"--to is before --from"_s;
    QTest::newRow("bad date") << QStringList { u"--to"_s, u"2026-13-01"_s }
                              << u"--to: '2026-13-01' is not an ISO 8601 date"_s;
}

void TestCliExport::badValues()
{
    QFETCH(QStringList, options);
    QFETCH(QString, message);
    const QString output = m_dir.filePath(u"bad.csv"_s);
    const Result result = run(exportArgs(output) + options);
    QCOMPARE(result.exitCode, 2);
    const QString err = QString::fromUtf8(result.err);
    QVERIFY2(err.startsWith(u"gatewatch export: "_s), qPrintable(err));
    QVERIFY2(err.contains(message), qPrintable(err));
    QCOMPARE(err.count(u'\n'), 1); // one line
    QVERIFY(result.out.isEmpty());
    QVERIFY(!QFile::exists(output));
}

void TestCliExport::noProgressLineWithoutTerminal()
{
    // stderr is a pipe here (and in every other test of this file): a log gets one line.
    const Result result = run(exportArgs(m_dir.filePath(u"piped.csv"_s)));
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.err.count('\n'), 1);
    QVERIFY(!result.err.contains('\r'));
    QVERIFY2(result.err.startsWith("exported 7 rows to "), result.err.constData());
}

void TestCliExport::progressLineOnTerminal()
{
    // A pseudo-terminal as the command's stderr, as a person's shell gives it.
    const int master = posix_openpt(O_RDWR | O_NOCTTY);
    QVERIFY(master >= 0);
    QVERIFY(grantpt(master) == 0 && unlockpt(master) == 0);
    const QByteArray slaveName = ptsname(master);
    const int slave = ::open(slaveName.constData(), O_RDWR | O_NOCTTY);
    QVERIFY(slave >= 0);
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);

    QByteArray terminal;
    QSocketNotifier readable(master, QSocketNotifier::Read);
    connect(&readable, &QSocketNotifier::activated, this, [&terminal, master] {
        std::array<char, 4096> buffer {};
        ssize_t n = 0;
        while ((n = ::read(master, buffer.data(), buffer.size())) > 0)
            terminal.append(buffer.data(), n);
    });

    QProcess process;
    process.setChildProcessModifier([slave] { ::dup2(slave, STDERR_FILENO); });
    process.start(executable(), exportArgs(m_dir.filePath(u"terminal.csv"_s)));
    QVERIFY(process.waitForStarted());
    ::close(slave);
    QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 60000);
    QCOMPARE(process.exitCode(), 0);
    // Everything the command wrote has arrived once the summary's line end has.
    QTRY_VERIFY_WITH_TIMEOUT(terminal.endsWith('\n'), 10000);
    ::close(master);

    // Progress lines, each begun with a carriage return so that the next overwrites it, then
    // blanked, then the summary (the terminal turns "\n" into "\r\n").
    QVERIFY2(terminal.startsWith("\rexported 0 of 7 rows (0 %)"), terminal.constData());
    QVERIFY2(terminal.contains("\rexported 7 of 7 rows (100 %)"), terminal.constData());
    QVERIFY2(terminal.contains("\rexported 7 rows to "), terminal.constData());
    const QByteArray summary = terminal.mid(terminal.lastIndexOf('\r', terminal.size() - 3));
    QVERIFY2(summary.startsWith("\rexported 7 rows to "), summary.constData());
    QVERIFY(summary.endsWith("\r\n"));
    // Nothing reached stdout.
    QVERIFY(process.readAllStandardOutput().isEmpty());
}

void TestCliExport::helpNamesTheOptions()
{
    const Result result = run({ u"export"_s, u"--help"_s });
    QCOMPARE(result.exitCode, 0);
    for (const char *option : { "--name", "--status", "--mask", "--min-score", "--alerts-only",
                                "--alert-reasons", "--unacknowledged", "--excel" })
        QVERIFY2(result.out.contains(option), option);
}

QTEST_GUILESS_MAIN(TestCliExport)
#include "tst_cliexport.moc"
