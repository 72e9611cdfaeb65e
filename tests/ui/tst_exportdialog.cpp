// The export dialog as a supervisor uses it, offscreen, over a real SQLite store: the History
// window's filter exported with its snapshots and the byte order mark, the summary at the end,
// Cancel midway (no file under the chosen name, nothing half-written next to it), wrong paths
// refused with a reason, and the choices remembered for the next export.

#include "../common/csvreader.h"
#include "../common/storefixture.h"
#include "../unit/event/testjpeg.h"
#include "export/exportjob.h"
#include "exportdialog.h"
#include "historywindow.h"
#include "model/historymodel.h"
#include "session/monitorsession.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <atomic>

using namespace Qt::StringLiterals;

namespace {

constexpr int Timeout = 30'000;
// Enough rows that an export reports progress many times before it ends.
constexpr int Events = 3000;

// Event i, i seconds ago: every tenth a stranger at the back door (with a snapshot), the
// others passes of "Guest i" at the front door; number 7 is "=José, \"the\" guard".
RecognitionEvent numbered(int i, const QByteArray &jpeg)
{
    RecognitionEvent e;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const bool stranger = i % 10 == 0;
    e.deviceSn = stranger ? u"SN-BACK"_s : u"SN-FRONT"_s;
    e.deviceName = stranger ? u"Back door"_s : u"Front door"_s;
    e.timestampMs = now - qint64(i) * 1000 - 1000;
    e.receivedAt = QDateTime::fromMSecsSinceEpoch(*e.timestampMs + 5, Qt::UTC);
    e.uuid = u"x-%1"_s.arg(i);
    e.recognizeScore = 0.80;
    e.recognizeStatus = stranger ? 3 : 2;
    e.pass = !stranger;
    if (stranger)
        e.snapshotJpeg = jpeg;
    if (!stranger) {
        RecognitionUser user;
        user.name = i == 7 ? u"=José, \"the\"\nguard"_s : u"Guest %1"_s.arg(i);
        user.userId = QString::number(1000 + i);
        e.user = user;
    }
    return e;
}

int column(const QStringList &header, const QString &name)
{
    return int(header.indexOf(name));
}

} // namespace

class TestExportDialog final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void exportsTheHistoryFilterWithSnapshots();
    void cancelMidwayLeavesNoFile();
    void refusesWrongPathsWithAReason();
    void remembersTheChoices();

private:
    std::unique_ptr<ExportDialog> dialogFor(const EventFilter &filter);
    QString databasePath() const { return m_dir.filePath(u"history.sqlite"_s); }

    QTemporaryDir m_dir;
    std::unique_ptr<QTemporaryDir> m_out;
    std::unique_ptr<QSettings> m_settings;
};

void TestExportDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QByteArray jpeg = TestJpeg::make(32, 32);
    QList<RecognitionEvent> events;
    for (int i = 0; i < Events; ++i)
        events.append(numbered(i, jpeg));
    StoreFixture::writeHistory(databasePath(), events);
}

void TestExportDialog::init()
{
    m_out = std::make_unique<QTemporaryDir>();
    QVERIFY(m_out->isValid());
    m_settings
        = std::make_unique<QSettings>(m_dir.filePath(u"gatewatch.conf"_s), QSettings::IniFormat);
    m_settings->clear();
}

void TestExportDialog::cleanup()
{
    m_settings.reset();
    m_out.reset();
}

std::unique_ptr<ExportDialog> TestExportDialog::dialogFor(const EventFilter &filter)
{
    auto dialog
        = std::make_unique<ExportDialog>(databasePath(), filter, std::nullopt, m_settings.get());
    dialog->show();
    return dialog;
}

void TestExportDialog::exportsTheHistoryFilterWithSnapshots()
{
    SessionOptions options;
    options.databasePath = databasePath();
    MonitorSession session(options);
    QString error;
    QVERIFY2(session.start(&error), qPrintable(error));
    HistoryWindow window(&session, m_settings.get());
    window.resize(1200, 700);
    window.show();
    HistoryFilterSpec spec;
    spec.deviceSns = { u"SN-BACK"_s };
    window.setFilterSpec(spec);
    QTRY_COMPARE_WITH_TIMEOUT(window.model()->totalCount(), qint64(Events / 10), Timeout);

    // Ctrl+Shift+E opens the dialog for the window's filter, also while typing in a filter.
    auto *person = window.findChild<QLineEdit *>(u"person"_s);
    QVERIFY(person);
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    person->setFocus();
    QTRY_VERIFY(person->hasFocus());
    QTest::keyClick(person, Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    ExportDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<ExportDialog *>()) != nullptr, Timeout);
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(dialog->findChild<QLabel *>(u"intro"_s)->text().contains(u"300 recognition"_s));
    QVERIFY2(dialog->excelBom(), "the byte order mark is on by default in the window");
    QVERIFY(!dialog->findChild<QPushButton *>(u"openFolder"_s)->isVisible());
    QVERIFY(!dialog->findChild<QProgressBar *>(u"progress"_s)->isVisible());
    QVERIFY(dialog->outputFile().endsWith(u".csv"_s));

    const QString csv = m_out->filePath(u"back door.csv"_s);
    const QString images = m_out->filePath(u"faces"_s);
    dialog->setOutputFile(csv);
    dialog->setImagesDir(images);
    QSignalSpy finished(dialog, &ExportDialog::exportFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"export"_s), Qt::LeftButton);
    QVERIFY(finished.wait(Timeout) || finished.size() == 1);
    const auto result = finished.at(0).at(0).value<ExportResult>();
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, qint64(Events / 10));
    QCOMPARE(result.images, qint64(Events / 10));

    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray bytes = file.readAll();
    QCOMPARE(result.bytes, bytes.size());
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    const auto rows = TestCsv::parse(bytes.mid(3));
    QVERIFY(rows);
    QCOMPARE(rows->size(), Events / 10 + 1);
    const QStringList header = rows->first();
    QCOMPARE(header, CsvExporter::columns());
    const int sn = column(header, u"device_sn"_s);
    const int image = column(header, u"image_file"_s);
    QDateTime previous;
    for (qsizetype r = 1; r < rows->size(); ++r) {
        const QStringList &row = rows->at(r);
        QCOMPARE(row.at(sn), u"SN-BACK"_s);
        QVERIFY(!row.at(image).isEmpty());
        QVERIFY2(QFileInfo(QDir(images).filePath(row.at(image))).size() > 0,
                 qPrintable(row.at(image)));
        // Oldest first.
        const QDateTime time
            = QDateTime::fromString(row.at(column(header, u"time"_s)), Qt::ISODateWithMs);
        QVERIFY(time.isValid());
        QVERIFY(!previous.isValid() || previous <= time);
        previous = time;
    }
    QCOMPARE(QDir(images).entryList(QDir::Files).size(), Events / 10);

    // The summary: rows, snapshots, size and where; the folder can be opened.
    const QString status = dialog->statusText();
    QVERIFY2(status.contains(u"Exported 300 row"_s), qPrintable(status));
    QVERIFY2(status.contains(QDir::toNativeSeparators(csv)), qPrintable(status));
    QVERIFY2(status.contains(u"300 snapshot"_s), qPrintable(status));
    QVERIFY2(status.contains(QDir::toNativeSeparators(images)), qPrintable(status));
    QVERIFY(dialog->findChild<QPushButton *>(u"openFolder"_s)->isVisible());
    QCOMPARE(dialog->findChild<QProgressBar *>(u"progress"_s)->value(), 1000);
    dialog->close();
}

void TestExportDialog::cancelMidwayLeavesNoFile()
{
    auto dialog = dialogFor({});
    const QString csv = m_out->filePath(u"all.csv"_s);
    // A file already there under the chosen name stays as it was.
    QFile previous(csv);
    QVERIFY(previous.open(QIODevice::WriteOnly));
    previous.write("the report of last week\r\n");
    previous.close();
    dialog->setOutputFile(csv);
    dialog->setImagesDir({});
    // Every progress report reaches the test, on the export's own thread: the first one after
    // some rows holds the export there until Cancel has been clicked.
    dialog->job()->setProgressInterval(0);
    std::atomic_bool reached = false;
    QSemaphore resume;
    connect(
        dialog->job(), &ExportJob::progress, dialog.get(),
        [&](qint64 done, qint64) {
            if (done >= 1000 && !reached.exchange(true))
                resume.acquire();
        },
        Qt::DirectConnection);
    QSignalSpy finished(dialog.get(), &ExportDialog::exportFinished);

    // The file exists: the dialog asks before replacing it.
    bool asked = false;
    QTimer answer;
    connect(&answer, &QTimer::timeout, this, [&asked] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            asked = true;
            box->button(QMessageBox::Yes)->click();
        }
    });
    answer.start(20);
    QVERIFY(dialog->startExport());
    answer.stop();
    QVERIFY(asked);
    QVERIFY(dialog->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(reached.load(), Timeout);
    auto *close = dialog->findChild<QPushButton *>(u"close"_s);
    QCOMPARE(close->text(), u"&Cancel"_s);
    QTest::mouseClick(close, Qt::LeftButton);
    QVERIFY2(dialog->isVisible(), "Cancel stops the export, not the dialog");
    resume.release();
    QVERIFY(finished.wait(Timeout) || finished.size() == 1);
    const auto result = finished.at(0).at(0).value<ExportResult>();
    QVERIFY(!result.ok);
    QVERIFY(result.cancelled);
    QVERIFY(result.rows >= 1000);
    QVERIFY(result.rows < Events);

    QVERIFY2(dialog->statusText().contains(u"cancelled"_s), qPrintable(dialog->statusText()));
    QVERIFY(!dialog->findChild<QPushButton *>(u"openFolder"_s)->isVisible());
    QVERIFY(previous.open(QIODevice::ReadOnly));
    QCOMPARE(previous.readAll(), QByteArray("the report of last week\r\n"));
    previous.close();
    // Nothing half-written beside it either.
    QCOMPARE(QDir(m_out->path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList { u"all.csv"_s });

    // Stopped, the button closes again (and so does Esc).
    QCOMPARE(close->text(), u"&Close"_s);
    QTest::keyClick(dialog.get(), Qt::Key_Escape);
    QVERIFY(!dialog->isVisible());
}

void TestExportDialog::refusesWrongPathsWithAReason()
{
    auto dialog = dialogFor({});
    dialog->setOutputFile({});
    QVERIFY(!dialog->startExport());
    QCOMPARE(dialog->statusText(), u"Choose the file to export to."_s);

    dialog->setOutputFile(m_out->filePath(u"no/such/folder/x.csv"_s));
    QVERIFY(!dialog->startExport());
    QVERIFY2(dialog->statusText().contains(u"does not exist"_s), qPrintable(dialog->statusText()));

    dialog->setOutputFile(m_out->path());
    QVERIFY(!dialog->startExport());
    QVERIFY2(dialog->statusText().contains(u"is a folder"_s), qPrintable(dialog->statusText()));

    QFile blocker(m_out->filePath(u"faces"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    dialog->setOutputFile(m_out->filePath(u"x.csv"_s));
    dialog->setImagesDir(blocker.fileName());
    QVERIFY(!dialog->startExport());
    QVERIFY2(dialog->statusText().contains(u"not a folder"_s), qPrintable(dialog->statusText()));
    QVERIFY(!dialog->isRunning());
    QVERIFY(!QFile::exists(m_out->filePath(u"x.csv"_s)));

    // A database that cannot be read: the reason, and no file.
    ExportDialog broken(m_out->filePath(u"missing.sqlite"_s), {}, std::nullopt, m_settings.get());
    broken.setOutputFile(m_out->filePath(u"y.csv"_s));
    QSignalSpy finished(&broken, &ExportDialog::exportFinished);
    QVERIFY(broken.startExport());
    QVERIFY(finished.wait(Timeout) || finished.size() == 1);
    QVERIFY(!broken.lastResult()->ok);
    QVERIFY2(broken.statusText().startsWith(u"The export failed: "_s),
             qPrintable(broken.statusText()));
    QVERIFY(!QFile::exists(m_out->filePath(u"y.csv"_s)));
}

void TestExportDialog::remembersTheChoices()
{
    {
        EventFilter filter;
        filter.person = u"jose"_s;
        auto dialog = dialogFor(filter);
        dialog->setOutputFile(m_out->filePath(u"jose.csv"_s));
        dialog->setExcelBom(false);
        QSignalSpy finished(dialog.get(), &ExportDialog::exportFinished);
        QVERIFY(dialog->startExport());
        QVERIFY(finished.wait(Timeout) || finished.size() == 1);
        QVERIFY(dialog->lastResult()->ok);
        QFile file(m_out->filePath(u"jose.csv"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(!bytes.startsWith("\xEF\xBB\xBF"));
        const auto rows = TestCsv::parse(bytes);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 2);
        // The name as stored, newline and quotes included; the leading "=" neutralised.
        const int name = column(rows->first(), u"user_name"_s);
        QCOMPARE(rows->at(1).at(name), u"'=José, \"the\"\nguard"_s);
    }
    auto dialog = dialogFor({});
    QCOMPARE(QFileInfo(dialog->outputFile()).absolutePath(),
             QFileInfo(m_out->path()).absoluteFilePath());
    QVERIFY(!dialog->excelBom());
    QCOMPARE(dialog->imagesDir(), QString());
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
