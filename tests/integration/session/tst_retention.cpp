#include "session/monitorsession.h"
#include "session/retentionsettings.h"
#include "store/eventstore.h"
#include "store/storethread.h"

#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 DayMs = 24LL * 60 * 60 * 1000;

RecognitionEvent eventAged(qint64 ageMs, const QString &uuid)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    RecognitionEvent e;
    e.deviceSn = u"PS71HD01MC22C00014"_s;
    e.timestampMs = now - ageMs;
    e.uuid = uuid;
    e.recognizeStatus = 2;
    e.pass = true;
    e.receivedAt = QDateTime::fromMSecsSinceEpoch(now - ageMs, Qt::UTC);
    e.snapshotJpeg = QByteArray("\xFF\xD8\xFF\xD9", 4);
    e.snapshotSize = QSize(1, 1);
    return e;
}

int count(const QString &path, const QString &sql)
{
    int result = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"retention-test"_s);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next())
                result = query.value(0).toInt();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(u"retention-test"_s);
    return result;
}

} // namespace

class TestRetention final : public QObject
{
    Q_OBJECT

private slots:
    void settingsRoundTrip();
    void settingsRefuseNonsense_data();
    void settingsRefuseNonsense();
    void sessionPurgesAtStartAndOnChange();
};

void TestRetention::settingsRoundTrip()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"gatewatch.conf"_s), QSettings::IniFormat);
    QCOMPARE(RetentionSettings::load(settings), RetentionPolicy {});
    QVERIFY(!RetentionSettings::load(settings).isActive());

    RetentionPolicy policy;
    policy.keepEventsDays = 365;
    policy.keepSnapshotsDays = 30;
    policy.maxSnapshotBytes = RetentionSettings::bytesFromGigabytes(2.5);
    RetentionSettings::save(settings, policy);
    settings.sync();

    QSettings again(dir.filePath(u"gatewatch.conf"_s), QSettings::IniFormat);
    QStringList problems;
    QCOMPARE(RetentionSettings::load(again, &problems), policy);
    QVERIFY(problems.isEmpty());
    QCOMPARE(policy.maxSnapshotBytes, 2'500'000'000LL);
}

void TestRetention::settingsRefuseNonsense_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");

    QTest::newRow("negative days") << u"history/keepRecordsDays"_s << u"-3"_s;
    QTest::newRow("words for days") << u"history/keepSnapshotsDays"_s << u"a month"_s;
    QTest::newRow("fractional days") << u"history/keepRecordsDays"_s << u"1.5"_s;
    QTest::newRow("too many days") << u"history/keepRecordsDays"_s << u"99999999"_s;
    QTest::newRow("negative size") << u"history/maxSnapshotGigabytes"_s << u"-1"_s;
    QTest::newRow("not a size") << u"history/maxSnapshotGigabytes"_s << u"lots"_s;
    QTest::newRow("infinite size") << u"history/maxSnapshotGigabytes"_s << u"inf"_s;
}

void TestRetention::settingsRefuseNonsense()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"gatewatch.conf"_s), QSettings::IniFormat);
    settings.setValue(u"history/keepRecordsDays"_s, 400);
    settings.setValue(key, value);
    QStringList problems;
    const RetentionPolicy policy = RetentionSettings::load(settings, &problems);
    // The bad value deletes nothing; the good ones stand.
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.constFirst().contains(key) && problems.constFirst().contains(value),
             qPrintable(problems.constFirst()));
    if (key == u"history/keepRecordsDays"_s)
        QCOMPARE(policy.keepEventsDays, 0);
    else
        QCOMPARE(policy.keepEventsDays, 400);
    QCOMPARE(policy.keepSnapshotsDays, 0);
    QCOMPARE(policy.maxSnapshotBytes, 0);
}

void TestRetention::sessionPurgesAtStartAndOnChange()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"gatewatch.sqlite"_s);
    {
        StoreThread thread;
        QString error;
        QVERIFY2(thread.start(path, {}, &error), qPrintable(error));
        QSignalSpy committed(thread.store(), &EventStore::committed);
        QMetaObject::invokeMethod(thread.store(), [store = thread.store()] {
            store->addEvents({ eventAged(400 * DayMs, u"400d"_s), eventAged(40 * DayMs, u"40d"_s),
                               eventAged(DayMs, u"1d"_s) });
            store->flush();
        });
        QTRY_COMPARE(committed.size(), 1);
    }

    SessionOptions options;
    options.databasePath = path;
    options.retention.keepEventsDays = 365;
    MonitorSession session(options);
    QSignalSpy purged(&session, &MonitorSession::historyPurged);
    QString error;
    QVERIFY2(session.start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(purged.size(), 1, 10000);
    QCOMPARE(purged.constFirst().constFirst().value<PurgeReport>().eventsDeleted, 1);
    QCOMPARE(count(path, u"SELECT COUNT(*) FROM events"_s), 2);

    // Changed in the window: applies at once.
    RetentionPolicy shorter = session.retentionPolicy();
    shorter.keepSnapshotsDays = 7;
    session.setRetentionPolicy(shorter);
    QCOMPARE(session.retentionPolicy(), shorter);
    QTRY_COMPARE_WITH_TIMEOUT(purged.size(), 2, 10000);
    QCOMPARE(purged.at(1).constFirst().value<PurgeReport>().snapshotsDeleted, 1);
    QCOMPARE(count(path, u"SELECT COUNT(*) FROM snapshots"_s), 1);
    QCOMPARE(count(path, u"SELECT COUNT(*) FROM events"_s), 2);
    session.stop();
}

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"
