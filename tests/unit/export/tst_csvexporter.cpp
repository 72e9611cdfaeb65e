#include "event/eventlabels.h"
#include "event/eventparser.h"
#include "export/csvexporter.h"
#include "rfc4180parser.h"
#include "store/storethread.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(std::optional<qint64>)

class Feeder final : public QObject
{
    Q_OBJECT

signals:
    void events(const QList<RecognitionEvent> &events);
};

namespace {

// A filter on time, devices and pass, the criteria these tests look at.
EventFilter filterOf(const std::optional<QDateTime> &from, const std::optional<QDateTime> &to,
                     const QStringList &deviceSns, std::optional<bool> pass)
{
    EventFilter filter;
    filter.from = from;
    filter.to = to;
    filter.deviceSns = deviceSns;
    filter.pass = pass;
    return filter;
}

QByteArray fakeJpeg(int seed, int size)
{
    QByteArray bytes("\xFF\xD8\xFF\xE0", 4);
    for (int i = 0; i < size; ++i)
        bytes.append(char((i * 13 + seed) % 256));
    bytes.append("\xFF\xD9", 2);
    return bytes;
}

// The events every test exports, in time order.
QList<RecognitionEvent> fixtureEvents()
{
    QList<RecognitionEvent> events;

    RecognitionEvent seed; // the specification's example
    seed.deviceSn = u"PS71HD01MC22C00014"_s;
    seed.deviceName = u"Main gate"_s;
    seed.recognizeStatus = 2;
    seed.recognizeScore = 0.9837480783462524;
    seed.livenessScore = 0.9073520302772522;
    seed.mask = 1;
    seed.pass = true;
    seed.mode = 0;
    seed.user = RecognitionUser { u"Q"_s, u"1"_s, 1, {}, {}, {}, {} };
    seed.timestampMs = 1660625866000LL;
    seed.snapshotJpeg = fakeJpeg(1, 5000);
    seed.snapshotSize = QSize(320, 240);
    seed.receivedAt = QDateTime::fromMSecsSinceEpoch(1660625866500LL, Qt::UTC);
    events.append(seed);

    RecognitionEvent hostile; // a stranger, with text a spreadsheet would evaluate
    hostile.deviceSn = u"=SN/../evil"_s;
    hostile.deviceName = u"Side door, \"B\""_s;
    hostile.recognitionType = 3;
    hostile.recognizeScore = -0.25;
    hostile.bodyTemperature = 36.6;
    hostile.pass = false;
    hostile.mode = 9;
    hostile.timestampMs = 1660625900123LL;
    hostile.timestampInMillis = true;
    hostile.uuid = u"@uuid-2"_s;
    hostile.snapshotJpeg = fakeJpeg(2, 7000);
    hostile.snapshotError = QString();
    hostile.backfilled = true;
    events.append(hostile);

    RecognitionEvent later; // firmware with string ids and extra user fields; no snapshot
    later.deviceSn = u"PS71HD01MC22C00014"_s;
    later.deviceName = u"Main gate"_s;
    later.recognizeStatus = 6;
    later.pass = false;
    later.timestampMs = 1660626000000LL;
    later.uuid = u"uuid-3"_s;
    later.user = RecognitionUser {
        u"+Robert'); DROP TABLE events;--"_s, u"-7"_s, 3, u"IC-9"_s, u"J\r\n1"_s, { u"g"_s }, {}
    };
    later.snapshotError = u"not a JPEG"_s;
    events.append(later);

    RecognitionEvent bare; // nothing but the serial number and a time
    bare.deviceSn = u"SN-BARE"_s;
    bare.timestampMs = 1660627000000LL;
    events.append(bare);

    return events;
}

QStringList expectedHeader()
{
    return { u"timestamp"_s,
             u"time"_s,
             u"device_sn"_s,
             u"device"_s,
             u"recognize_status"_s,
             u"status"_s,
             u"recognition_type"_s,
             u"recognize_score"_s,
             u"liveness_score"_s,
             u"body_temperature"_s,
             u"mask"_s,
             u"mode"_s,
             u"pass"_s,
             u"user_id"_s,
             u"user_name"_s,
             u"user_type"_s,
             u"ic_number"_s,
             u"job_number"_s,
             u"uuid"_s,
             u"backfilled"_s,
             u"snapshot_error"_s,
             u"image_file"_s };
}

} // namespace

class TestCsvExporter final : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void headerIsExact();
    void rowsCarryEveryField();
    void filters_data();
    void filters();
    void imagesAreBitExactAndNamed();
    void imageFileNames_data();
    void imageFileNames();
    void bomWhenAsked();
    void cancelLeavesNoFile();
    void cancelMidwayLeavesNoFile();
    void missingDatabaseFails();
    void reportsProgress();
    void numbersAndTimesAsQtWritesThem();
    void namesOfEveryKindComeBackAsStored();

private:
    QString dbPath() const { return m_dir->filePath(u"events.sqlite"_s); }
    QString csvPath() const { return m_dir->filePath(u"out.csv"_s); }
    void fill(const QList<RecognitionEvent> &events);
    QList<QStringList> exportRows(const ExportOptions &options, ExportResult *result = nullptr);
    ExportOptions defaultOptions() const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCsvExporter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    fill(fixtureEvents());
}

void TestCsvExporter::fill(const QList<RecognitionEvent> &events)
{
    StoreThread store;
    QString error;
    QVERIFY2(store.start(dbPath(), {}, &error), qPrintable(error));
    Feeder feeder;
    connect(&feeder, &Feeder::events, store.store(), &EventStore::addEvents);
    emit feeder.events(events);
    store.stop();
}

ExportOptions TestCsvExporter::defaultOptions() const
{
    ExportOptions options;
    options.databasePath = dbPath();
    options.outputFile = csvPath();
    return options;
}

QList<QStringList> TestCsvExporter::exportRows(const ExportOptions &options,
                                               ExportResult *resultOut)
{
    const ExportResult result = CsvExporter::run(options);
    if (resultOut)
        *resultOut = result;
    if (!result.ok) {
        qWarning() << result.error;
        return {};
    }
    QFile file(options.outputFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = file.readAll();
    if (bytes.size() != result.bytes)
        qWarning() << "size mismatch" << bytes.size() << result.bytes;
    const std::optional<QList<QStringList>> rows = parseRfc4180(bytes);
    if (!rows) {
        qWarning() << "not RFC 4180:" << bytes;
        return {};
    }
    return *rows;
}

void TestCsvExporter::headerIsExact()
{
    QCOMPARE(CsvExporter::columns(), expectedHeader());
    const ExportResult result = CsvExporter::run(defaultOptions());
    QVERIFY2(result.ok, qPrintable(result.error));
    QFile file(csvPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readLine(),
             QByteArray("timestamp,time,device_sn,device,recognize_status,status,"
                        "recognition_type,recognize_score,liveness_score,body_temperature,"
                        "mask,mode,pass,user_id,user_name,user_type,ic_number,job_number,"
                        "uuid,backfilled,snapshot_error,image_file\r\n"));
}

void TestCsvExporter::rowsCarryEveryField()
{
    ExportResult result;
    const QList<QStringList> rows = exportRows(defaultOptions(), &result);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, 4);
    QCOMPARE(result.images, 0);
    QCOMPARE(rows.size(), 5);
    for (const QStringList &row : rows)
        QCOMPARE(row.size(), expectedHeader().size());

    const QList<RecognitionEvent> events = fixtureEvents();
    const QStringList seed = {
        u"1660625866"_s,
        u"2022-08-16T04:57:46Z"_s,
        u"PS71HD01MC22C00014"_s,
        u"Main gate"_s,
        u"2"_s,
        EventLabels::statusLabel(events.at(0)),
        QString(),
        u"0.9837480783462524"_s,
        u"0.9073520302772522"_s,
        QString(),
        u"1"_s,
        u"0"_s,
        u"true"_s,
        u"1"_s,
        u"Q"_s,
        u"1"_s,
        QString(),
        QString(),
        QString(),
        u"false"_s,
        QString(),
        QString(),
    };
    QCOMPARE(rows.at(1), seed);
    QVERIFY(!rows.at(1).at(5).isEmpty());

    const QStringList hostile = {
        u"1660625900"_s,
        u"2022-08-16T04:58:20.123Z"_s,
        u"'=SN/../evil"_s,
        u"Side door, \"B\""_s,
        QString(),
        EventLabels::statusLabel(events.at(1)),
        u"3"_s,
        u"-0.25"_s,
        QString(),
        u"36.6"_s,
        QString(),
        u"9"_s,
        u"false"_s,
        QString(),
        QString(),
        QString(),
        QString(),
        QString(),
        u"'@uuid-2"_s,
        u"true"_s,
        QString(),
        QString(),
    };
    QCOMPARE(rows.at(2), hostile);

    const QStringList later = {
        u"1660626000"_s,
        u"2022-08-16T05:00:00Z"_s,
        u"PS71HD01MC22C00014"_s,
        u"Main gate"_s,
        u"6"_s,
        EventLabels::statusLabel(events.at(2)),
        QString(),
        QString(),
        QString(),
        QString(),
        QString(),
        QString(),
        u"false"_s,
        u"'-7"_s,
        u"'+Robert'); DROP TABLE events;--"_s,
        u"3"_s,
        u"IC-9"_s,
        u"J\r\n1"_s,
        u"uuid-3"_s,
        u"false"_s,
        u"not a JPEG"_s,
        QString(),
    };
    QCOMPARE(rows.at(3), later);

    QStringList bare(expectedHeader().size());
    bare[0] = u"1660627000"_s;
    bare[1] = u"2022-08-16T05:16:40Z"_s;
    bare[2] = u"SN-BARE"_s;
    bare[19] = u"false"_s;
    QCOMPARE(rows.at(4), bare);

    // Scores read back as exactly the numbers stored.
    QCOMPARE(rows.at(1).at(7).toDouble(), *events.at(0).recognizeScore);
    QCOMPARE(rows.at(1).at(8).toDouble(), *events.at(0).livenessScore);
}

void TestCsvExporter::filters_data()
{
    QTest::addColumn<EventFilter>("filter");
    QTest::addColumn<QStringList>("timestamps");

    const auto at = [](qint64 seconds) {
        return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    };
    QTest::newRow("all") << EventFilter {}
                         << QStringList { u"1660625866"_s, u"1660625900"_s, u"1660626000"_s,
                                          u"1660627000"_s };
    QTest::newRow("pass yes") << filterOf({}, {}, {}, true) << QStringList { u"1660625866"_s };
    QTest::newRow("pass no") << filterOf({}, {}, {}, false)
                             << QStringList { u"1660625900"_s, u"1660626000"_s };
    QTest::newRow("device") << filterOf({}, {}, { u"PS71HD01MC22C00014"_s }, {})
                            << QStringList { u"1660625866"_s, u"1660626000"_s };
    QTest::newRow("time range") << filterOf(at(1660625900), at(1660626000), {}, {})
                                << QStringList { u"1660625900"_s,
                                                 u"1660626000"_s }; // 1660625900.123 is inside
    QTest::newRow("to ms precision")
        << filterOf({}, QDateTime::fromMSecsSinceEpoch(1660625900122LL, Qt::UTC), {}, {})
        << QStringList { u"1660625866"_s };
    QTest::newRow("from ms precision")
        << filterOf(QDateTime::fromMSecsSinceEpoch(1660625900123LL, Qt::UTC), {}, {}, {})
        << QStringList { u"1660625900"_s, u"1660626000"_s, u"1660627000"_s };
    QTest::newRow("none") << filterOf(at(1700000000), {}, {}, {}) << QStringList {};
}

void TestCsvExporter::filters()
{
    QFETCH(EventFilter, filter);
    QFETCH(QStringList, timestamps);

    ExportOptions options = defaultOptions();
    options.filter = filter;
    ExportResult result;
    const QList<QStringList> rows = exportRows(options, &result);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, timestamps.size());
    QCOMPARE(rows.size(), timestamps.size() + 1);
    QCOMPARE(rows.first(), expectedHeader());
    QStringList got;
    for (qsizetype i = 1; i < rows.size(); ++i)
        got.append(rows.at(i).first());
    QCOMPARE(got, timestamps);
}

void TestCsvExporter::imagesAreBitExactAndNamed()
{
    ExportOptions options = defaultOptions();
    options.imagesDir = m_dir->filePath(u"images/nested"_s); // created when missing
    ExportResult result;
    const QList<QStringList> rows = exportRows(options, &result);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.images, 2);
    QCOMPARE(rows.size(), 5);

    const QList<RecognitionEvent> events = fixtureEvents();
    const int imageColumn = int(expectedHeader().indexOf(u"image_file"_s));
    const QRegularExpression pattern(u"^[A-Za-z0-9_-]+_-?[0-9]+_[0-9]+\\.jpg$"_s);
    for (int i = 0; i < events.size(); ++i) {
        const QString name = rows.at(i + 1).at(imageColumn);
        if (events.at(i).snapshotJpeg.isEmpty()) {
            QVERIFY(name.isEmpty());
            continue;
        }
        QVERIFY2(pattern.match(name).hasMatch(), qPrintable(name));
        QFile image(QDir(options.imagesDir).filePath(name));
        QVERIFY2(image.open(QIODevice::ReadOnly), qPrintable(image.fileName()));
        QCOMPARE(image.readAll(), events.at(i).snapshotJpeg);
    }
    QVERIFY(rows.at(1).at(imageColumn).startsWith(u"PS71HD01MC22C00014_1660625866_"_s));
    QVERIFY(rows.at(2).at(imageColumn).startsWith(u"_SN____evil_1660625900_"_s));
    QCOMPARE(QDir(options.imagesDir).entryList(QDir::Files).size(), 2);

    // The names are stable: exporting again writes the same files.
    const QList<QStringList> again = exportRows(options, &result);
    QCOMPARE(again, rows);
    QCOMPARE(QDir(options.imagesDir).entryList(QDir::Files).size(), 2);
}

void TestCsvExporter::imageFileNames_data()
{
    QTest::addColumn<QString>("sn");
    QTest::addColumn<std::optional<qint64>>("seconds");
    QTest::addColumn<qint64>("id");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << u"PS71"_s << std::optional<qint64>(1660625866) << qint64(7)
                           << u"PS71_1660625866_7.jpg"_s;
    QTest::newRow("path parts") << u"../../etc/passwd"_s << std::optional<qint64>(1) << qint64(2)
                                << u"______etc_passwd_1_2.jpg"_s;
    QTest::newRow("leading dash") << u"-rf"_s << std::optional<qint64>(1) << qint64(3)
                                  << u"_rf_1_3.jpg"_s;
    QTest::newRow("no serial, no time")
        << QString() << std::optional<qint64>() << qint64(4) << u"unknown_notime_4.jpg"_s;
    QTest::newRow("unicode and spaces")
        << u"Tür 1"_s << std::optional<qint64>(5) << qint64(6) << u"T_r_1_5_6.jpg"_s;
}

void TestCsvExporter::imageFileNames()
{
    QFETCH(QString, sn);
    QFETCH(std::optional<qint64>, seconds);
    QFETCH(qint64, id);
    QFETCH(QString, expected);
    QCOMPARE(CsvExporter::imageFileName(sn, seconds, id), expected);
}

void TestCsvExporter::bomWhenAsked()
{
    ExportOptions options = defaultOptions();
    QVERIFY(CsvExporter::run(options).ok);
    QFile file(csvPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(3) != QByteArray("\xEF\xBB\xBF"));
    file.close();

    options.excelBom = true;
    QVERIFY(CsvExporter::run(options).ok);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(12), QByteArray("\xEF\xBB\xBFtimestamp"));
}

void TestCsvExporter::cancelLeavesNoFile()
{
    // An earlier export under the same name stays as it was.
    {
        QFile old(csvPath());
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old contents\r\n");
    }
    const ExportResult result
        = CsvExporter::run(defaultOptions(), [](qint64, qint64) { return false; });
    QVERIFY(!result.ok);
    QVERIFY(!result.error.isEmpty());
    QFile file(csvPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("old contents\r\n"));
    // No temporary file is left behind either.
    QCOMPARE(QDir(m_dir->path()).entryList({ u"out*"_s }, QDir::Files),
             QStringList { u"out.csv"_s });
}

void TestCsvExporter::cancelMidwayLeavesNoFile()
{
    QList<RecognitionEvent> many;
    for (int i = 0; i < 1000; ++i) {
        RecognitionEvent event;
        event.deviceSn = u"SN-MANY"_s;
        event.timestampMs = 1700000000000LL + i * 1000LL;
        many.append(event);
    }
    fill(many);

    qint64 lastDone = -1;
    const ExportResult result
        = CsvExporter::run(defaultOptions(), [&lastDone](qint64 done, qint64 total) {
              if (total != 1004)
                  return true; // fail below: the total is wrong
              lastDone = done;
              return done < 500;
          });
    QVERIFY(!result.ok);
    QVERIFY(lastDone >= 500);
    QVERIFY(lastDone < 1004);
    QVERIFY(!QFile::exists(csvPath()));
    QCOMPARE(QDir(m_dir->path()).entryList({ u"out*"_s }, QDir::Files), QStringList());
}

void TestCsvExporter::missingDatabaseFails()
{
    ExportOptions options = defaultOptions();
    options.databasePath = m_dir->filePath(u"missing.sqlite"_s);
    const ExportResult result = CsvExporter::run(options);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"missing.sqlite"_s), qPrintable(result.error));
    QVERIFY(!QFile::exists(csvPath()));
    QVERIFY(!QFile::exists(options.databasePath));
}

void TestCsvExporter::reportsProgress()
{
    QList<std::pair<qint64, qint64>> calls;
    const ExportResult result = CsvExporter::run(defaultOptions(), [&calls](qint64 d, qint64 t) {
        calls.append({ d, t });
        return true;
    });
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(calls.size() >= 2);
    QCOMPARE(calls.first(), std::make_pair(qint64(0), qint64(4)));
    QCOMPARE(calls.last(), std::make_pair(qint64(4), qint64(4)));
    QCOMPARE(result.rows, 4);
    QCOMPARE(result.bytes, QFileInfo(csvPath()).size());
}

void TestCsvExporter::numbersAndTimesAsQtWritesThem()
{
    // The exporter formats numbers and times itself, for speed: the text must be what
    // QString::number(…, 'g', shortest) and QDateTime's ISO 8601 give.
    const QList<double> doubles = { 0.9837480783462524,
                                    36.7,
                                    36.700000000000003,
                                    0.1,
                                    1e-4,
                                    1.5e-7,
                                    1e5,
                                    123456.5,
                                    99999999999999.9,
                                    1e15,
                                    1e17,
                                    123456789012345678.0,
                                    1e300,
                                    -0.5,
                                    -0.0,
                                    0.0,
                                    5e-324 };
    const QList<qint64> times = { 0,
                                  -1,
                                  -86'400'000,
                                  951'782'400'000 /* 2000-02-29 */,
                                  1'660'625'866'123,
                                  253'402'300'799'999 /* 9999-12-31 */,
                                  253'402'300'800'000 /* 10000-01-01 */,
                                  -62'167'219'200'000,
                                  -62'167'219'200'001 /* before year 0 */ };
    QList<RecognitionEvent> events;
    for (qsizetype i = 0; i < qMax(doubles.size(), times.size()); ++i) {
        RecognitionEvent e;
        e.deviceSn = u"SN"_s;
        e.uuid = u"n%1"_s.arg(i);
        e.timestampMs = times.at(i % times.size());
        e.timestampInMillis = i % 2 == 0;
        e.recognizeScore = doubles.at(i % doubles.size());
        e.livenessScore = -doubles.at(i % doubles.size());
        e.bodyTemperature = doubles.at((i + 3) % doubles.size());
        e.mask = int(i) - 5;
        e.receivedAt = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
        events.append(e);
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(u"numbers.sqlite"_s);
    {
        EventStore store(path);
        QVERIFY(store.open());
        store.addEvents(events);
        store.flush();
        store.close();
    }
    ExportOptions options;
    options.databasePath = path;
    options.outputFile = dir.filePath(u"numbers.csv"_s);
    ExportResult result;
    const QList<QStringList> rows = exportRows(options, &result);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(rows.size(), events.size() + 1);
    const QStringList &header = rows.first();
    const auto cell = [&header](const QStringList &row, const QString &column) {
        return row.at(header.indexOf(column));
    };
    const auto shortest = [](double value) {
        return QString::number(value, 'g', QLocale::FloatingPointShortest);
    };
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const QStringList &row = rows.at(r);
        const auto event = std::find_if(events.cbegin(), events.cend(), [&](const auto &e) {
            return e.uuid == cell(row, u"uuid"_s);
        });
        QVERIFY(event != events.cend());
        QCOMPARE(cell(row, u"recognize_score"_s), shortest(*event->recognizeScore));
        QCOMPARE(cell(row, u"liveness_score"_s), shortest(*event->livenessScore));
        QCOMPARE(cell(row, u"body_temperature"_s), shortest(*event->bodyTemperature));
        QCOMPARE(cell(row, u"mask"_s), QString::number(*event->mask));
        const QDateTime time = QDateTime::fromMSecsSinceEpoch(*event->timestampMs, Qt::UTC);
        QCOMPARE(cell(row, u"time"_s),
                 time.toString(event->timestampInMillis ? Qt::ISODateWithMs : Qt::ISODate));
        QCOMPARE(cell(row, u"timestamp"_s), QString::number(*event->timestampSeconds()));
    }
}

// Names as terminals send them: in every script, at the longest the parser keeps (1,024
// characters), with quotes, commas and line breaks, and starting with every character a
// spreadsheet would evaluate. Each comes back from the CSV as stored, a leading one of those
// characters behind a quote.
void TestCsvExporter::namesOfEveryKindComeBackAsStored()
{
    QString huge;
    const QString mix = u"Ωмя王🙂é\u05d0\u0627\u0928\u0e01\u1100\u0301"_s;
    while (huge.size() < EventParser::MaxTextLength)
        huge += mix;
    huge.truncate(EventParser::MaxTextLength - 1); // not in the middle of a surrogate pair
    if (huge.back().isHighSurrogate())
        huge.chop(1);
    const QStringList names = {
        huge,
        u"=HYPERLINK(\"http://x\",\"y\")"_s,
        u"+1+1"_s,
        u"-2+3"_s,
        u"@SUM(A1)"_s,
        u"\t=1"_s,
        u"\r=1"_s,
        u"Line one\nline two"_s,
        u"Quote \"inside\", and a comma"_s,
        u"محمد عبد الله"_s,
        u"Анна Каренина"_s,
        u"山田 太郎"_s,
        u"김민준"_s,
        u"Ελένη Παπαδοπούλου"_s,
        u"श्रेया शर्मा"_s,
        u"Nguyễn Văn An"_s,
        u"ผู้ใช้ ทดสอบ"_s,
        u"  spaced  "_s,
    };
    QList<RecognitionEvent> events;
    for (qsizetype i = 0; i < names.size(); ++i) {
        RecognitionEvent event;
        event.deviceSn = u"SN-NAMES"_s;
        event.deviceName = names.at(i); // device names come from operators: any text too
        event.timestampMs = 1700000000000LL + i * 1000;
        event.uuid = u"names-%1"_s.arg(i);
        event.user = RecognitionUser { names.at(i), QString::number(i), 1, {}, {}, {}, {} };
        events.append(event);
    }
    fill(events);

    ExportOptions options = defaultOptions();
    options.filter.deviceSns = { u"SN-NAMES"_s };
    ExportResult result;
    const QList<QStringList> rows = exportRows(options, &result);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(rows.size(), names.size() + 1);
    const QStringList &header = rows.first();
    const qsizetype name = header.indexOf(u"user_name"_s);
    const qsizetype device = header.indexOf(u"device"_s);
    const qsizetype userId = header.indexOf(u"user_id"_s);
    const auto guarded = [](const QString &value) {
        static const QString triggers = u"=+-@\t\r"_s;
        return !value.isEmpty() && triggers.contains(value.front()) ? u'\'' + value : value;
    };
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const qsizetype i = rows.at(r).at(userId).toInt();
        QCOMPARE(rows.at(r).at(name), guarded(names.at(i)));
        QCOMPARE(rows.at(r).at(device), guarded(names.at(i)));
    }
    QCOMPARE(rows.at(1).at(name).size(), huge.size());
}

QTEST_GUILESS_MAIN(TestCsvExporter)
#include "tst_csvexporter.moc"
