#include "alertbanner.h"

#include "gallerydelegate.h"
#include "icons.h"
#include "model/alertmodel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

AlertBanner::AlertBanner(AlertModel *alerts, QWidget *parent)
    : QFrame(parent)
    , m_alerts(alerts)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_show(new QPushButton(tr("Show"), this))
    , m_openDoor(new QPushButton(tr("&Open door…"), this))
    , m_acknowledge(new QPushButton(tr("Acknowledge…"), this))
    , m_acknowledgeAll(new QPushButton(tr("Acknowledge all…"), this))
{
    setObjectName(QStringLiteral("alertBanner"));
    setAccessibleName(tr("Unacknowledged alerts"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    // Amber with dark text: an alert colour that reads on light and dark palettes alike.
    QPalette amber = palette();
    amber.setColor(QPalette::Window, GalleryDelegate::alertColor());
    amber.setColor(QPalette::WindowText, QColor(0x1a, 0x1a, 0x1a));
    setPalette(amber);

    m_icon->setPixmap(Icons::pixmap(QStringLiteral("alert"), 32, devicePixelRatioF()));
    m_icon->setAccessibleName(tr("Alert"));
    QFont font = m_text->font();
    font.setPointSizeF(font.pointSizeF() * 1.25);
    font.setBold(true);
    m_text->setFont(font);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_show->setToolTip(tr("Show the newest unacknowledged alert in full"));
    m_acknowledge->setToolTip(tr("Acknowledge the newest unacknowledged alert"));
    m_openDoor->setObjectName(QStringLiteral("bannerOpenDoor"));
    // Dark like the banner's text: the banner is amber whatever the palette.
    QPalette dark = palette();
    dark.setColor(QPalette::WindowText, QColor(0x1a, 0x1a, 0x1a));
    m_openDoor->setIcon(Icons::icon(QStringLiteral("door"), dark));
    m_openDoor->hide(); // until setDoorCheck()

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_show);
    layout->addWidget(m_openDoor);
    layout->addWidget(m_acknowledge);
    layout->addWidget(m_acknowledgeAll);

    connect(m_show, &QPushButton::clicked, this,
            [this] { emit showRequested(m_alerts->newestUnacknowledgedRow()); });
    connect(m_acknowledge, &QPushButton::clicked, this,
            [this] { emit acknowledgeRequested(m_alerts->newestUnacknowledgedRow()); });
    connect(m_acknowledgeAll, &QPushButton::clicked, this, &AlertBanner::acknowledgeAllRequested);
    connect(m_openDoor, &QPushButton::clicked, this,
            [this] { emit openDoorRequested(m_alerts->newestUnacknowledgedRow()); });
    connect(alerts, &AlertModel::unacknowledgedCountChanged, this, &AlertBanner::refresh);
    connect(alerts, &AlertModel::rowsInserted, this, &AlertBanner::refresh);
    connect(alerts, &AlertModel::dataChanged, this, &AlertBanner::refresh);
    connect(alerts, &AlertModel::modelReset, this, &AlertBanner::refresh);
    refresh();
}

void AlertBanner::setDoorCheck(DoorCheck check)
{
    m_doorCheck = std::move(check);
    refresh();
}

QString AlertBanner::text() const
{
    return m_text->text();
}

void AlertBanner::refresh()
{
    const int count = m_alerts->unacknowledgedCount();
    const int row = m_alerts->newestUnacknowledgedRow();
    setVisible(count > 0 && row >= 0);
    if (row < 0)
        return;
    const QModelIndex newest = m_alerts->index(row);
    const QString summary = AlertModel::summary(
        m_alerts->eventAt(row),
        AlertRules::Reasons::fromInt(newest.data(AlertModel::ReasonsRole).toInt()));
    m_text->setText(
        count == 1 ? summary : tr("%1 — %n unacknowledged alert(s)", nullptr, count).arg(summary));
    m_acknowledgeAll->setVisible(count > 1);
    m_openDoor->setVisible(bool(m_doorCheck));
    if (m_doorCheck) {
        const QString why = m_doorCheck(m_alerts->eventAt(row));
        m_openDoor->setEnabled(why.isEmpty());
        m_openDoor->setToolTip(why.isEmpty()
                                   ? tr("Open the door where the newest alert was raised, after a "
                                        "confirmation")
                                   : tr("The door cannot be opened from here: %1").arg(why));
    }
    setAccessibleDescription(m_text->text());
}
