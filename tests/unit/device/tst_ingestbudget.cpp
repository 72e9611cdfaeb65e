// The back-pressure budget between the network thread and a consumer: a producer thread that
// takes shares blocks while the budget is spent and goes on as the consumer gives back.

#include "device/ingestbudget.h"
#include "event/recognitionevent.h"

#include <QAtomicInteger>
#include <QTest>
#include <QThread>

#include <memory>

namespace {
// Takes `count` shares of `bytes` each on its own thread; `taken` counts those it got.
class Producer final : public QThread
{
    Q_OBJECT
public:
    Producer(IngestBudget *budget, int count, qint64 bytes)
        : m_budget(budget)
        , m_count(count)
        , m_bytes(bytes)
    { }
    // A failed check must not leave the thread waiting.
    ~Producer() override
    {
        m_budget->close();
        wait();
    }
    Producer(const Producer &) = delete;
    Producer &operator=(const Producer &) = delete;

    QAtomicInteger<int> taken = 0;

protected:
    void run() override
    {
        for (int i = 0; i < m_count; ++i) {
            m_budget->take(m_bytes);
            taken.fetchAndAddOrdered(1);
        }
    }

private:
    IngestBudget *m_budget;
    int m_count;
    qint64 m_bytes;
};
} // namespace

class TestIngestBudget final : public QObject
{
    Q_OBJECT

private slots:
    void blocksAtTheEventLimitAndGoesOnAsSharesComeBack();
    void blocksAtTheByteLimit();
    void anEventLargerThanTheBudgetPassesAlone();
    void closeLetsAWaitingProducerGo();
    void moreGivenBackThanTakenIsIgnored();
    void costCountsFrameAndSnapshot();
};

void TestIngestBudget::blocksAtTheEventLimitAndGoesOnAsSharesComeBack()
{
    IngestBudget budget({ 10, 1'000'000 });
    Producer producer(&budget, 25, 100);
    producer.start();
    QTRY_COMPARE(producer.taken.loadAcquire(), 10);
    // It stays there: the eleventh waits for room.
    QTest::qWait(200);
    QCOMPARE(producer.taken.loadAcquire(), 10);
    QCOMPARE(budget.figures().inFlightEvents, 10);
    QCOMPARE(budget.figures().inFlightBytes, 1000);
    QVERIFY(budget.figures().waits >= 1);

    // One share back lets exactly one more through; shares given back faster than they are
    // taken bank no room beyond the limit.
    for (int next = 11; next <= 25; ++next) {
        budget.giveBack(100);
        QTRY_COMPARE(producer.taken.loadAcquire(), next);
    }
    QVERIFY(producer.wait(5000));
    QCOMPARE(producer.taken.loadAcquire(), 25);
    const IngestBudget::Figures figures = budget.figures();
    QCOMPARE(figures.inFlightEvents, 10);
    QCOMPARE(figures.peakEvents, 10);
    QVERIFY(figures.waitedMs >= 200);
}

void TestIngestBudget::blocksAtTheByteLimit()
{
    IngestBudget budget({ 1000, 50'000 });
    Producer producer(&budget, 10, 20'000);
    producer.start();
    // Two fit; a third would pass 50,000 bytes.
    QTRY_COMPARE(producer.taken.loadAcquire(), 2);
    QTest::qWait(200);
    QCOMPARE(producer.taken.loadAcquire(), 2);
    QCOMPARE(budget.figures().inFlightBytes, 40'000);
    budget.giveBack(20'000);
    QTRY_COMPARE(producer.taken.loadAcquire(), 3);
    QVERIFY(budget.figures().peakBytes <= 50'000);
    budget.close();
    QVERIFY(producer.wait(5000));
}

void TestIngestBudget::anEventLargerThanTheBudgetPassesAlone()
{
    IngestBudget budget({ 1000, 50'000 });
    Producer producer(&budget, 2, 80'000);
    producer.start();
    // The first passes (nothing else in flight); the second waits until it is given back.
    QTRY_COMPARE(producer.taken.loadAcquire(), 1);
    QTest::qWait(200);
    QCOMPARE(producer.taken.loadAcquire(), 1);
    budget.giveBack(80'000);
    QVERIFY(producer.wait(5000));
    QCOMPARE(producer.taken.loadAcquire(), 2);
    QCOMPARE(budget.figures().peakBytes, 80'000);
}

void TestIngestBudget::closeLetsAWaitingProducerGo()
{
    IngestBudget budget({ 1, 1'000'000 });
    Producer producer(&budget, 5, 10);
    producer.start();
    QTRY_COMPARE(producer.taken.loadAcquire(), 1);
    QTest::qWait(100);
    QCOMPARE(producer.taken.loadAcquire(), 1);
    budget.close();
    QVERIFY(producer.wait(5000));
    QCOMPARE(producer.taken.loadAcquire(), 5);

    // Open again, the bound holds once more.
    for (int i = 0; i < 5; ++i)
        budget.giveBack(10);
    budget.open();
    Producer again(&budget, 3, 10);
    again.start();
    QTRY_COMPARE(again.taken.loadAcquire(), 1);
    QTest::qWait(100);
    QCOMPARE(again.taken.loadAcquire(), 1);
    budget.close();
    QVERIFY(again.wait(5000));
}

void TestIngestBudget::moreGivenBackThanTakenIsIgnored()
{
    IngestBudget budget({ 2, 1'000'000 });
    budget.giveBack(500);
    budget.giveBack(500);
    QCOMPARE(budget.figures().inFlightEvents, 0);
    QCOMPARE(budget.figures().inFlightBytes, 0);
    // Still two shares, not four: the stray give-backs left no credit.
    Producer producer(&budget, 3, 10);
    producer.start();
    QTRY_COMPARE(producer.taken.loadAcquire(), 2);
    QTest::qWait(100);
    QCOMPARE(producer.taken.loadAcquire(), 2);
    budget.close();
    QVERIFY(producer.wait(5000));
}

void TestIngestBudget::costCountsFrameAndSnapshot()
{
    RecognitionEvent small;
    RecognitionEvent large;
    large.rawFrame = QByteArray(60'000, 'a');
    large.snapshotJpeg = QByteArray(45'000, 'b');
    QCOMPARE(IngestBudget::costOf(large) - IngestBudget::costOf(small), 105'000);
    QVERIFY(IngestBudget::costOf(small) > 0);
}

QTEST_GUILESS_MAIN(TestIngestBudget)
#include "tst_ingestbudget.moc"
