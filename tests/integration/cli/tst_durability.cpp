// Killing the recorder: `gatewatch record` is killed with SIGKILL at random moments of a
// sustained stream from `gatewatch simulate`, restarted, and killed again, 20 times. Then the
// database must pass SQLite's integrity check, hold no event twice, hold every event it had
// reported stored, and hold every event the simulator sent more than a flush interval (plus
// delivery slack) before a kill. Prints what each kill lost: the events sent in the last
// moments before it, which were not committed yet.

#include "../../common/childprocess.h"
#include "event/eventparser.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr int Kills = 20;
constexpr int Devices = 2;
constexpr int RatePerDevice = 40;
// The store's commit interval (StoreOptions::flushIntervalMs), and how long a frame may take
// from the simulator's clock to the recorder's socket on a busy machine.
constexpr qint64 FlushIntervalMs = 250;
constexpr qint64 DeliverySlackMs = 1250;

struct Round
{
    qint64 firstStoredAtMs = 0; // when the recorder first reported an event stored
    qint64 killedAtMs = 0;
    int reportedStored = 0;
};

} // namespace

class TestDurability final : public QObject
{
    Q_OBJECT

private slots:
    void survivesSigkillMidStream();
};

void TestDurability::survivesSigkillMidStream()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(u"gatewatch.sqlite"_s);
    const QString sentLog = dir.filePath(u"sent.jsonl"_s);

    TestProcess::Child simulator;
    simulator.start({ u"simulate"_s, u"--port"_s, u"0"_s, u"--devices"_s, QString::number(Devices),
                      u"--rate"_s, QString::number(RatePerDevice), u"--seed"_s, u"11"_s,
                      u"--ms-timestamps"_s, u"--log-sent"_s, sentLog });
    QTRY_COMPARE_WITH_TIMEOUT(simulator.eventUrls().size(), Devices, 20000);
    QStringList recordArguments { u"record"_s, u"--db"_s, db, u"--print-events"_s };
    for (const QString &url : simulator.eventUrls())
        recordArguments << u"--device"_s << url;

    // Random moments, the same ones on every run (the seed is printed for a rerun by hand).
    const quint32 seed = 20261128;
    QRandomGenerator random(seed);
    QList<Round> rounds;
    for (int kill = 0; kill < Kills; ++kill) {
        TestProcess::Child recorder;
        recorder.start(recordArguments);
        // Running: connected and committing.
        QTRY_VERIFY_WITH_TIMEOUT(recorder.lineCount() >= 1, 30000);
        Round round;
        round.firstStoredAtMs = QDateTime::currentMSecsSinceEpoch();
        QTest::qWait(int(random.bounded(300, 2500)));
        round.killedAtMs = QDateTime::currentMSecsSinceEpoch();
        recorder.process.kill(); // SIGKILL: no chance to commit anything more
        QVERIFY(recorder.process.waitForFinished(10000));
        QCOMPARE(recorder.process.exitStatus(), QProcess::CrashExit);
        recorder.out += recorder.process.readAllStandardOutput();
        round.reportedStored = recorder.lineCount();
        rounds.append(round);
    }
    simulator.process.terminate();
    QVERIFY(simulator.process.waitForFinished(30000));

    // What the database holds.
    QHash<QString, int> stored; // dedup key → how often
    QHash<QString, int> repeatedInstants; // "serial@ms" stored more than once → how often
    {
        QSqlDatabase connection = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        connection.setDatabaseName(db);
        QVERIFY2(connection.open(), qPrintable(connection.lastError().text()));
        QSqlQuery query(connection);
        QVERIFY(query.exec(u"PRAGMA integrity_check"_s));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), u"ok"_s);
        // No event twice, by the terminal's millisecond timestamp, not only by the key the store
        // deduplicates on. A terminal may send two events in one millisecond (a late timer on a
        // busy machine); those instants are checked against what it sent, below.
        QVERIFY(query.exec(u"SELECT device_sn, timestamp_ms, COUNT(*) FROM events "
                           "GROUP BY device_sn, timestamp_ms HAVING COUNT(*) > 1"_s));
        while (query.next()) {
            repeatedInstants.insert(query.value(0).toString() + u'@' + query.value(1).toString(),
                                    query.value(2).toInt());
        }
        QVERIFY(query.exec(u"SELECT dedup_key FROM events"_s));
        while (query.next())
            ++stored[query.value(0).toString()];
        query.finish();
        connection.close();
    }
    QSqlDatabase::removeDatabase(u"check"_s);
    for (auto it = stored.cbegin(); it != stored.cend(); ++it)
        QVERIFY2(it.value() == 1,
                 qPrintable(u"stored %1 times: %2"_s.arg(it.value()).arg(it.key())));

    // Everything the recorder reported stored is there.
    qsizetype reported = 0;
    for (const Round &round : std::as_const(rounds))
        reported += round.reportedStored;
    QVERIFY2(stored.size() >= reported,
             qPrintable(u"%1 stored, %2 reported stored"_s.arg(stored.size()).arg(reported)));

    // Every frame the simulator sent while a recorder ran, by the simulator's clock (its
    // millisecond timestamps).
    QFile log(sentLog);
    QVERIFY(log.open(QIODevice::ReadOnly));
    const EventParser parser;
    QHash<QString, int> sentAtRepeatedInstants;
    QList<int> lostPerKill(Kills, 0);
    QList<int> sentPerKill(Kills, 0);
    int missingEarly = 0;
    while (!log.atEnd()) {
        const QByteArray line = log.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const ParseOutcome outcome = parser.parse(line);
        QVERIFY2(outcome.ok(), qPrintable(outcome.reason));
        const RecognitionEvent &event = *outcome.event;
        QVERIFY(event.timestampMs);
        const qint64 sentAt = *event.timestampMs;
        const QString instant = event.deviceSn + u'@' + QString::number(sentAt);
        if (repeatedInstants.contains(instant))
            ++sentAtRepeatedInstants[instant];
        for (int k = 0; k < Kills; ++k) {
            const Round &round = rounds.at(k);
            if (sentAt < round.firstStoredAtMs || sentAt > round.killedAtMs)
                continue;
            ++sentPerKill[k];
            if (stored.contains(event.deduplicationKey()))
                break;
            ++lostPerKill[k];
            if (sentAt < round.killedAtMs - FlushIntervalMs - DeliverySlackMs) {
                ++missingEarly;
                qWarning("kill %d: an event sent %lld ms before the kill is missing: %s", k + 1,
                         round.killedAtMs - sentAt, qPrintable(event.deduplicationKey()));
            }
            break;
        }
    }

    for (auto it = repeatedInstants.cbegin(); it != repeatedInstants.cend(); ++it) {
        QVERIFY2(it.value() <= sentAtRepeatedInstants.value(it.key()),
                 qPrintable(u"%1 stored %2 times, sent %3 times"_s.arg(it.key())
                                .arg(it.value())
                                .arg(sentAtRepeatedInstants.value(it.key()))));
    }

    int worst = 0;
    int total = 0;
    for (int k = 0; k < Kills; ++k) {
        worst = std::max(worst, lostPerKill.at(k));
        total += lostPerKill.at(k);
    }
    std::printf("durability: %d SIGKILLs (seed %u), %lld events stored, %lld reported stored; "
                "events sent in the last moments before a kill and lost: %d in all, at most %d "
                "per kill (%d/s from %d terminals)\n",
                Kills, seed, qint64(stored.size()), qint64(reported), total, worst,
                Devices * RatePerDevice, Devices);
    std::fflush(stdout);
    QCOMPARE(missingEarly, 0);
    // At most what arrives in one flush interval plus the slack.
    QVERIFY(worst
            <= qint64 { Devices } * RatePerDevice * (FlushIntervalMs + DeliverySlackMs) / 1000);
}

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
