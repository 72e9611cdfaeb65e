// Whether a database needs updating before the store opens it, and the update run on a thread
// of its own, as the window does it: on real SQLite files left by older versions, a current
// one, a newer one, and files that are no database.

#include "../../common/legacydatabase.h"
#include "store/databaseupgrade.h"
#include "store/eventreader.h"
#include "store/schema.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;
using namespace LegacyDatabase;

class TestDatabaseUpgrade final : public QObject
{
    Q_OBJECT

private slots:
    void updatesAnOlderDatabaseOnAThreadOfItsOwn();
    void leavesAloneWhatNeedsNoUpdate();
    void refusesANewerDatabase();

private:
    QTemporaryDir m_dir;
};

void TestDatabaseUpgrade::updatesAnOlderDatabaseOnAThreadOfItsOwn()
{
    const QString path = m_dir.filePath(u"v3.sqlite"_s);
    {
        DirectConnection v3(path);
        QVERIFY(v3.exec(version1Statements() + legacyEventRows() + version2Statements()
                        + version3Statements()));
    }
    QCOMPARE(DatabaseUpgrade::pendingFrom(path), std::optional<int>(3));

    bool ok = false;
    QString error;
    std::unique_ptr<QThread> thread(
        QThread::create([&] { ok = DatabaseUpgrade::run(path, &error); }));
    thread->start();
    QVERIFY(thread->wait(60'000));
    QVERIFY2(ok, qPrintable(error));
    QCOMPARE(DatabaseUpgrade::pendingFrom(path), std::nullopt);

    // The old version's event is still there, and readable at the current version.
    EventReader reader;
    QVERIFY(reader.open(path, &error));
    QCOMPARE(reader.schemaVersion(), Schema::currentVersion());
    QCOMPARE(reader.count({}, &error), qint64(1));
}

void TestDatabaseUpgrade::leavesAloneWhatNeedsNoUpdate()
{
    // No file: the store will create a current one.
    const QString missing = m_dir.filePath(u"missing.sqlite"_s);
    QCOMPARE(DatabaseUpgrade::pendingFrom(missing), std::nullopt);
    QVERIFY(DatabaseUpgrade::run(missing));
    QCOMPARE(DatabaseUpgrade::pendingFrom(missing), std::nullopt);
    QCOMPARE(queryValue(missing, u"SELECT version FROM schema_version"_s).toInt(),
             Schema::currentVersion());

    // A file that is not a database: nothing to update; opening it says why it cannot.
    const QString text = m_dir.filePath(u"notes.sqlite"_s);
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    QCOMPARE(DatabaseUpgrade::pendingFrom(text), std::nullopt);
    QString error;
    QVERIFY(!DatabaseUpgrade::run(text, &error));
    QVERIFY2(error.contains(text), qPrintable(error));
    QCOMPARE(QFileInfo(text).size(), 4096);
}

void TestDatabaseUpgrade::refusesANewerDatabase()
{
    const QString path = m_dir.filePath(u"newer.sqlite"_s);
    QVERIFY(DatabaseUpgrade::run(path));
    {
        DirectConnection db(path);
        QVERIFY(db.exec(
            { u"UPDATE schema_version SET version = %1"_s.arg(Schema::currentVersion() + 1) }));
    }
    QCOMPARE(DatabaseUpgrade::pendingFrom(path), std::nullopt);
    QString error;
    QVERIFY(!DatabaseUpgrade::run(path, &error));
    QVERIFY2(!error.isEmpty(), "a newer database is refused with a reason");
    QCOMPARE(queryValue(path, u"SELECT version FROM schema_version"_s).toInt(),
             Schema::currentVersion() + 1);
}

QTEST_GUILESS_MAIN(TestDatabaseUpgrade)
#include "tst_databaseupgrade.moc"
