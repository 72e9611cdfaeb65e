// SnapshotFiles on a real folder: appending across segments, reading back, cutting a failed
// batch off again, two writers taking turns, what reading missing bytes says, and which
// segments the purge may delete.
#include "store/snapshotfiles.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 SegmentBytes = 10'000;

QByteArray bytesOf(int seed, int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        bytes[i] = char((i * 31 + seed * 7) % 251);
    return bytes;
}

int modeOf(const QString &path)
{
    struct stat status
    {
    };
    return ::stat(QFile::encodeName(path).constData(), &status) == 0 ? int(status.st_mode & 0777)
                                                                     : -1;
}

qint64 sizeOf(const QString &folder, qint64 segment)
{
    return QFileInfo(SnapshotFiles::segmentPath(folder, segment)).size();
}

} // namespace

class TestSnapshotFiles final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void folderIsBesideTheDatabase();
    void appendsAcrossSegmentsAndReadsBack();
    void rollbackCutsTheBatchOff();
    void twoWritersTakeTurns();
    void missingBytesAreSaid();
    void removesOnlyUnreferencedOlderSegments();

private:
    QString folder() const { return m_dir->filePath(u"events.sqlite-snapshots"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSnapshotFiles::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSnapshotFiles::folderIsBesideTheDatabase()
{
    QCOMPARE(SnapshotFiles::folderFor(u"/var/lib/gatewatch/events.sqlite"_s),
             u"/var/lib/gatewatch/events.sqlite-snapshots"_s);
    QCOMPARE(SnapshotFiles::folderFor(u":memory:"_s), QString());
    QCOMPARE(SnapshotFiles::folderFor(QString()), QString());
    QCOMPARE(SnapshotFiles::folderFor(u"file:events?mode=memory"_s), QString());
    QVERIFY(!SnapshotFiles(QString()).isEnabled());
}

void TestSnapshotFiles::appendsAcrossSegmentsAndReadsBack()
{
    SnapshotFiles files(folder(), SegmentBytes);
    QList<QByteArray> written;
    QList<SnapshotLocation> locations;
    files.beginBatch();
    for (int i = 0; i < 12; ++i) {
        written.append(bytesOf(i, 3000 + i));
        QSqlError error;
        const std::optional<SnapshotLocation> at = files.append(written.constLast(), &error);
        QVERIFY2(at, qPrintable(error.text()));
        QVERIFY(at->isValid());
        locations.append(*at);
    }
    QSqlError error;
    QVERIFY2(files.sync(&error), qPrintable(error.text()));

    // Three snapshots of about 3 kB fit a segment of 10 kB; a fourth starts the next.
    QCOMPARE(SnapshotFiles::segments(folder()), QList<qint64>({ 1, 2, 3, 4 }));
    QCOMPARE(locations.at(0).segment, 1);
    QCOMPARE(locations.at(0).offset, 0);
    QCOMPARE(locations.at(1).offset, 3000);
    QCOMPARE(locations.at(3).segment, 2);
    QCOMPARE(locations.at(3).offset, 0);
    for (qsizetype i = 0; i < written.size(); ++i) {
        QString readError;
        const std::optional<QByteArray> read
            = SnapshotFiles::read(folder(), locations.at(i), &readError);
        QVERIFY2(read, qPrintable(readError));
        QCOMPARE(*read, written.at(i));
    }
    // Faces are personal data: the folder and the files are the owner's alone.
    QCOMPARE(modeOf(folder()), 0700);
    QCOMPARE(modeOf(SnapshotFiles::segmentPath(folder(), 1)) & 0077, 0);
}

void TestSnapshotFiles::rollbackCutsTheBatchOff()
{
    SnapshotFiles files(folder(), SegmentBytes);
    QSqlError error;
    files.beginBatch();
    const std::optional<SnapshotLocation> kept = files.append(bytesOf(1, 4000), &error);
    QVERIFY2(kept && files.sync(&error), qPrintable(error.text()));

    // A batch that goes on into two more segments, then fails.
    files.beginBatch();
    for (int i = 0; i < 5; ++i)
        QVERIFY2(files.append(bytesOf(i + 2, 4000), &error), qPrintable(error.text()));
    QCOMPARE(SnapshotFiles::segments(folder()), QList<qint64>({ 1, 2, 3 }));
    files.rollback();
    QCOMPARE(SnapshotFiles::segments(folder()), QList<qint64>({ 1 }));
    QCOMPARE(sizeOf(folder(), 1), 4000);

    // The next batch goes on where the kept bytes end.
    files.beginBatch();
    const std::optional<SnapshotLocation> next = files.append(bytesOf(9, 100), &error);
    QVERIFY2(next && files.sync(&error), qPrintable(error.text()));
    QCOMPARE(next->segment, 1);
    QCOMPARE(next->offset, 4000);

    // A COMMIT that fails after the bytes were synced: they are cut off too.
    files.beginBatch();
    QVERIFY2(files.append(bytesOf(10, 500), &error), qPrintable(error.text()));
    QVERIFY2(files.sync(&error), qPrintable(error.text()));
    files.rollback();
    QCOMPARE(sizeOf(folder(), 1), 4100);
    // A batch that fails before it wrote anything (at its BEGIN) cuts nothing of the one before.
    files.beginBatch();
    files.rollback();
    QCOMPARE(sizeOf(folder(), 1), 4100);
    QString readError;
    QCOMPARE(SnapshotFiles::read(folder(), *kept, &readError).value_or(QByteArray()),
             bytesOf(1, 4000));
}

void TestSnapshotFiles::twoWritersTakeTurns()
{
    // Two processes on one database: the database's write lock gives them turns, and each turn
    // begins a batch, which finds where the other left off.
    SnapshotFiles window(folder(), SegmentBytes);
    SnapshotFiles recorder(folder(), SegmentBytes);
    QList<std::pair<SnapshotLocation, QByteArray>> written;
    for (int turn = 0; turn < 8; ++turn) {
        SnapshotFiles &writer = turn % 2 == 0 ? window : recorder;
        writer.beginBatch();
        for (int i = 0; i < 2; ++i) {
            const QByteArray bytes = bytesOf(turn * 10 + i, 1500 + turn * 100);
            QSqlError error;
            const std::optional<SnapshotLocation> at = writer.append(bytes, &error);
            QVERIFY2(at, qPrintable(error.text()));
            written.append({ *at, bytes });
        }
        QSqlError error;
        QVERIFY2(writer.sync(&error), qPrintable(error.text()));
    }
    qint64 total = 0;
    for (const auto &[location, bytes] : std::as_const(written)) {
        QString error;
        QCOMPARE(SnapshotFiles::read(folder(), location, &error).value_or(QByteArray()), bytes);
        total += bytes.size();
    }
    qint64 onDisk = 0;
    for (const qint64 segment : SnapshotFiles::segments(folder()))
        onDisk += sizeOf(folder(), segment);
    QCOMPARE(onDisk, total); // nothing written over, nothing between
}

void TestSnapshotFiles::missingBytesAreSaid()
{
    SnapshotFiles files(folder(), SegmentBytes);
    QSqlError error;
    files.beginBatch();
    const std::optional<SnapshotLocation> at = files.append(bytesOf(3, 2000), &error);
    QVERIFY2(at && files.sync(&error), qPrintable(error.text()));
    files.close();

    const QString path = SnapshotFiles::segmentPath(folder(), 1);
    QVERIFY(QFile::resize(path, 1000));
    QString readError;
    QVERIFY(!SnapshotFiles::read(folder(), *at, &readError));
    QCOMPARE(readError, u"2000 bytes at 0 are missing from %1 (the file is shorter)"_s.arg(path));

    QVERIFY(QFile::remove(path));
    QVERIFY(!SnapshotFiles::read(folder(), *at, &readError));
    QCOMPARE(readError, u"Cannot open %1: No such file or directory"_s.arg(path));

    // Writing where the folder cannot be made reports it as SQLite would the database file.
    SnapshotFiles nowhere(m_dir->filePath(u"missing/events.sqlite-snapshots"_s));
    nowhere.beginBatch();
    QVERIFY(!nowhere.append(bytesOf(1, 10), &error));
    QCOMPARE(error.nativeErrorCode(), QString::number(SQLITE_CANTOPEN));
    QVERIFY2(error.text().contains(u"missing/events.sqlite-snapshots"_s), qPrintable(error.text()));
}

void TestSnapshotFiles::removesOnlyUnreferencedOlderSegments()
{
    SnapshotFiles files(folder(), SegmentBytes);
    QSqlError error;
    files.beginBatch();
    for (int i = 0; i < 5; ++i)
        QVERIFY2(files.append(bytesOf(i, 6000), &error), qPrintable(error.text()));
    QVERIFY2(files.sync(&error), qPrintable(error.text()));
    QCOMPARE(SnapshotFiles::segments(folder()), QList<qint64>({ 1, 2, 3, 4, 5 }));

    // Rows still point into 2; none into 1, 3, 4 or 5, but 5 is the newest.
    QList<qint64> asked;
    QString removeError;
    qsizetype deleted = 0;
    const qint64 freed = SnapshotFiles::removeUnreferenced(
        folder(),
        [&asked](qint64 segment) -> std::optional<bool> {
            asked.append(segment);
            return segment == 2;
        },
        &removeError, &deleted);
    QCOMPARE(freed, 3 * 6000);
    QCOMPARE(deleted, 3);
    QCOMPARE(asked, QList<qint64>({ 1, 2, 3, 4 }));
    QCOMPARE(SnapshotFiles::segments(folder()), QList<qint64>({ 2, 5 }));

    // A question the database cannot answer stops it, deleting nothing more.
    QCOMPARE(
        SnapshotFiles::removeUnreferenced(
            folder(), [](qint64) -> std::optional<bool> { return std::nullopt; }, &removeError),
        -1);
    QVERIFY2(removeError.contains(SnapshotFiles::segmentPath(folder(), 2)),
             qPrintable(removeError));
    QCOMPARE(SnapshotFiles::segments(folder()), QList<qint64>({ 2, 5 }));
}

QTEST_GUILESS_MAIN(TestSnapshotFiles)
#include "tst_snapshotfiles.moc"
