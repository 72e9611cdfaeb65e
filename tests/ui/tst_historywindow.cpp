// The History window as a supervisor uses it, offscreen, over a real SQLite store with known
// contents: the count, each kind of filter from its control, saved filters, the last filter
// back at the next opening, sorting by a header, a row opened in the detail view, and the
// retention policy shown.

#include "../common/storefixture.h"
#include "historywindow.h"
#include "model/historymodel.h"
#include "model/recognitionmodel.h"
#include "session/monitorsession.h"
#include "store/storethread.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr int Timeout = 20'000;
constexpr int Events = 120;

// Event i, i minutes ago: every fourth a denied stranger at the back door, the others passes
// of "Guest i" at the front door; number 7 is José.
RecognitionEvent numbered(int i)
{
    RecognitionEvent e;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const bool stranger = i % 4 == 0;
    e.deviceSn = stranger ? u"SN-BACK"_s : u"SN-FRONT"_s;
    e.deviceName = stranger ? u"Back door"_s : u"Front door"_s;
    e.timestampMs = now - qint64(i) * 60'000 - 1000;
    e.receivedAt = QDateTime::fromMSecsSinceEpoch(*e.timestampMs + 5, Qt::UTC);
    e.uuid = u"h-%1"_s.arg(i);
    e.recognizeScore = 0.60 + (i % 40) / 100.0;
    e.recognizeStatus = stranger ? 3 : 2;
    e.pass = !stranger;
    if (!stranger) {
        RecognitionUser user;
        user.name = i == 7 ? u"José Müller"_s : u"Guest %1"_s.arg(i);
        user.userId = QString::number(1000 + i);
        e.user = user;
    }
    return e;
}

} // namespace

class TestHistoryWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void countsAndFilters();
    void savesAndRestoresFilters();
    void sortsAndOpensARow();
    void showsTheRetentionPolicy();

private:
    std::unique_ptr<HistoryWindow> openWindow();
    void waitForCount(HistoryWindow &window, qint64 count);

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MonitorSession> m_session;
};

void TestHistoryWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QList<RecognitionEvent> events;
    for (int i = 0; i < Events; ++i)
        events.append(numbered(i));
    StoreFixture::writeHistory(m_dir.filePath(u"history.sqlite"_s), events);
}

void TestHistoryWindow::init()
{
    m_settings
        = std::make_unique<QSettings>(m_dir.filePath(u"gatewatch.conf"_s), QSettings::IniFormat);
    m_settings->clear();
    SessionOptions options;
    options.databasePath = m_dir.filePath(u"history.sqlite"_s);
    options.retention.keepEventsDays = 365;
    options.retention.keepSnapshotsDays = 30;
    m_session = std::make_unique<MonitorSession>(options);
    QString error;
    QVERIFY2(m_session->start(&error), qPrintable(error));
}

void TestHistoryWindow::cleanup()
{
    m_session.reset();
    m_settings.reset();
}

std::unique_ptr<HistoryWindow> TestHistoryWindow::openWindow()
{
    auto window = std::make_unique<HistoryWindow>(m_session.get(), m_settings.get());
    window->resize(1400, 800);
    window->show();
    return window;
}

void TestHistoryWindow::waitForCount(HistoryWindow &window, qint64 count)
{
    QTRY_COMPARE_WITH_TIMEOUT(window.model()->totalCount(), count, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!window.model()->isLoading(), Timeout);
}

void TestHistoryWindow::countsAndFilters()
{
    auto window = openWindow();
    QAbstractItemModelTester tester(window->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    waitForCount(*window, Events);
    QCOMPARE(window->countText(), u"120 recognition(s)"_s);
    QCOMPARE(window->table()->model()->rowCount(),
             std::min(Events, int(HistoryModel::DefaultPageSize)));

    // Where the list ends before the result does, the count line says so and how to go on.
    window->model()->setMaxRows(50);
    window->model()->refresh();
    waitForCount(*window, Events);
    QCOMPARE(window->table()->model()->rowCount(), 50);
    QVERIFY2(
        window->countText().startsWith(u"120 recognition(s) (the list ends after the first 50"_s),
        qPrintable(window->countText()));
    window->model()->setMaxRows(HistoryModel::DefaultMaxRows);

    // A piece of the name, typed without its accent and in capitals.
    auto *person = window->findChild<QLineEdit *>(u"person"_s);
    QVERIFY(person);
    QTest::keyClicks(person, u"JOSE"_s);
    waitForCount(*window, 1);
    QCOMPARE(window->countText(), u"1 recognition(s)"_s);
    QCOMPARE(window->model()->eventAt(0).user->name, u"José Müller"_s);

    // Combined with the verdict: José passed, so "denied only" leaves nothing.
    auto *verdict = window->findChild<QComboBox *>(u"verdict"_s);
    QVERIFY(verdict);
    verdict->setCurrentIndex(verdict->findData(0));
    waitForCount(*window, 0);
    QCOMPARE(window->countText(), u"0 recognition(s)"_s);

    person->clear();
    QTest::keyClick(person, Qt::Key_Return);
    waitForCount(*window, Events / 4);
    for (int row = 0; row < window->model()->rowCount(); ++row)
        QCOMPARE(window->model()->eventAt(row).pass, std::optional<bool>(false));

    // Only alerts (strangers are); only the last hour (events 0 … 59 minutes old).
    verdict->setCurrentIndex(0);
    auto *alerts = window->findChild<QCheckBox *>(u"alertsOnly"_s);
    alerts->setChecked(true);
    waitForCount(*window, Events / 4);
    auto *period = window->findChild<QComboBox *>(u"period"_s);
    period->setCurrentIndex(period->findData(int(HistoryFilterSpec::Period::LastHour)));
    waitForCount(*window, 15);
    QCOMPARE(window->filterSpec().period, HistoryFilterSpec::Period::LastHour);
    QVERIFY(window->filterSpec().alertsOnly);
}

void TestHistoryWindow::savesAndRestoresFilters()
{
    {
        auto window = openWindow();
        waitForCount(*window, Events);
        HistoryFilterSpec spec;
        spec.period = HistoryFilterSpec::Period::Today;
        spec.deviceSns = { u"SN-FRONT"_s };
        spec.minScore = 0.9;
        window->setFilterSpec(spec);
        QCOMPARE(window->findChild<QLineEdit *>(u"person"_s)->text(), QString());
        QCOMPARE(window->findChild<QComboBox *>(u"period"_s)->currentData().toInt(),
                 int(HistoryFilterSpec::Period::Today));
        window->saveFilter(u"Front door / high scores"_s);
        QCOMPARE(window->savedFilterNames(), QStringList { u"Front door / high scores"_s });

        window->setFilterSpec({});
        waitForCount(*window, Events);
        QVERIFY(window->applySavedFilter(u"Front door / high scores"_s));
        QCOMPARE(window->filterSpec(), spec);
        QVERIFY(!window->applySavedFilter(u"no such filter"_s));
        window->close();
    }
    // The next opening starts with the last filter.
    auto window = openWindow();
    QCOMPARE(window->filterSpec().deviceSns, QStringList { u"SN-FRONT"_s });
    QCOMPARE(window->filterSpec().minScore, std::optional<double>(0.9));
    QTRY_VERIFY_WITH_TIMEOUT(window->model()->totalCount() >= 0, Timeout);
    for (int row = 0; row < window->model()->rowCount(); ++row) {
        QCOMPARE(window->model()->eventAt(row).deviceSn, u"SN-FRONT"_s);
        QVERIFY(*window->model()->eventAt(row).recognizeScore >= 0.9);
    }
    window->deleteSavedFilter(u"Front door / high scores"_s);
    QVERIFY(window->savedFilterNames().isEmpty());
}

void TestHistoryWindow::sortsAndOpensARow()
{
    auto window = openWindow();
    waitForCount(*window, Events);
    // A click on the Score header sorts by it (ascending first).
    QHeaderView *header = window->table()->horizontalHeader();
    const int x = header->sectionViewportPosition(RecognitionModel::Score)
        + header->sectionSize(RecognitionModel::Score) / 2;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QTRY_COMPARE_WITH_TIMEOUT(window->model()->eventSort().column, EventSort::Column::Score,
                              Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(window->model()->rowCount() > 0 && !window->model()->isLoading(),
                             Timeout);
    const double first = *window->model()->eventAt(0).recognizeScore;
    const double second = *window->model()->eventAt(1).recognizeScore;
    QVERIFY(first <= second);

    QSignalSpy details(window.get(), &HistoryWindow::detailsRequested);
    window->table()->setFocus();
    window->table()->setCurrentIndex(window->model()->index(3, 0));
    QTest::keyClick(window->table(), Qt::Key_Return);
    QCOMPARE(details.size(), 1);
    QCOMPARE(details.constFirst().constFirst().value<RecognitionEvent>().uuid,
             window->model()->eventAt(3).uuid);
}

void TestHistoryWindow::showsTheRetentionPolicy()
{
    auto window = openWindow();
    QCOMPARE(window->retentionText(), u"Records are kept 365 day(s), faces 30 day(s)."_s);
    RetentionPolicy noLimits;
    m_session->setRetentionPolicy(noLimits);
    auto again = openWindow();
    QCOMPARE(again->retentionText(), u"History is kept forever."_s);
}

QTEST_MAIN(TestHistoryWindow)
#include "tst_historywindow.moc"
