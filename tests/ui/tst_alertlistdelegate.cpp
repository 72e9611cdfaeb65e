// The alert list's rows are as tall as their text wrapped to the list's width. The sizes are
// kept between layouts (the list lays out every row at each insertion), and measured again when
// the row's text or weight changes (an acknowledgement, another station's acknowledgement
// stored first), or the width or font does.

#include "alertlistdelegate.h"
#include "model/alertmodel.h"
#include "store/acknowledgement.h"

#include <QApplication>
#include <QListView>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
RecognitionEvent stranger(int n)
{
    RecognitionEvent event;
    event.deviceSn = u"SN-1"_s;
    event.deviceName = u"The north entrance of the warehouse by the loading bays"_s;
    event.uuid = u"uuid-%1"_s.arg(n);
    event.timestampMs = qint64 { 1'700'000'000'000 } + qint64(n) * 1000;
    event.receivedAt = QDateTime::fromMSecsSinceEpoch(*event.timestampMs, Qt::UTC);
    event.recognizeStatus = 3; // a stranger: an alert
    event.pass = false;
    return event;
}
} // namespace

class TestAlertListDelegate final : public QObject
{
    Q_OBJECT

private slots:
    void rowsFollowWidthTextAndAcknowledgement();
};

void TestAlertListDelegate::rowsFollowWidthTextAndAcknowledgement()
{
    AlertModel model;
    QVERIFY(model.addEvent(stranger(1)));
    QVERIFY(model.addEvent(stranger(2)));
    QListView view;
    view.setModel(&model);
    auto *delegate = new AlertListDelegate(&view);
    delegate->watch(&model);
    view.setItemDelegate(delegate);
    view.setWordWrap(true);
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    QStyleOptionViewItem option;
    option.initFrom(&view);
    option.features |= QStyleOptionViewItem::WrapText;
    const QModelIndex first = model.index(0, 0);
    const QSize wide = delegate->sizeHint(option, first);
    QCOMPARE(delegate->sizeHint(option, first), wide); // kept

    // Narrower: the same text wraps onto more lines.
    view.resize(160, 400);
    QTRY_VERIFY(view.viewport()->width() < 160);
    const QSize narrow = delegate->sizeHint(option, first);
    QVERIFY2(narrow.height() > wide.height(),
             qPrintable(u"%1 then %2"_s.arg(wide.height()).arg(narrow.height())));
    QVERIFY(narrow.width() < wide.width());

    // Acknowledged: its text tells by whom and why, so it grows, in plain weight.
    model.acknowledge(0, u"A guard with a rather long name"_s,
                      u"Checked on the camera: a delivery driver who forgot the badge"_s);
    const QSize acknowledged = delegate->sizeHint(option, model.index(0, 0));
    QVERIFY2(acknowledged.height() > narrow.height(),
             qPrintable(u"%1 then %2"_s.arg(narrow.height()).arg(acknowledged.height())));
    // The other row is untouched.
    QCOMPARE(delegate->sizeHint(option, model.index(1, 0)).height(), narrow.height());

    // Another station's acknowledgement was stored first: it replaces this one's, a longer text
    // with the same weight.
    Acknowledgement stored;
    stored.dedupKey = model.index(0, 0).data(AlertModel::DedupKeyRole).toString();
    stored.at = QDateTime::currentDateTimeUtc();
    stored.by = u"The supervisor of the night shift at the north gate"_s;
    stored.note = u"Seen on the camera, and the driver was met at the gate and shown in; the "
                  "badge is to be reissued tomorrow by the front desk"_s;
    model.applyAcknowledgements({ stored });
    const QSize replaced = delegate->sizeHint(option, model.index(0, 0));
    QVERIFY2(replaced.height() > acknowledged.height(),
             qPrintable(u"%1 then %2"_s.arg(acknowledged.height()).arg(replaced.height())));

    // A larger font: measured again.
    QFont large = option.font;
    large.setPointSizeF(large.pointSizeF() * 2);
    option.font = large;
    option.fontMetrics = QFontMetrics(large);
    QVERIFY(delegate->sizeHint(option, model.index(1, 0)).height() > narrow.height());
}

QTEST_MAIN(TestAlertListDelegate)
#include "tst_alertlistdelegate.moc"
