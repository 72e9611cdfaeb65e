#include "gallerydelegate.h"

#include "event/alertrules.h"
#include "icons.h"
#include "model/recognitionmodel.h"
#include "model/recognitionroles.h"

#include <QApplication>
#include <QDateTime>
#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;
using namespace RecognitionRoles;

namespace {
constexpr int Margin = 4; // around the tile, inside its cell
constexpr int Padding = 6; // inside the frame
constexpr int Frame = 3;
constexpr int AlertFrame = 6;

QFont scaled(QFont font, qreal factor, bool bold)
{
    font.setPointSizeF(font.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}
} // namespace

GalleryDelegate::GalleryDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QColor GalleryDelegate::passColor()
{
    return QColor(0x1b, 0x7f, 0x3b);
}

QColor GalleryDelegate::denyColor()
{
    return QColor(0xc6, 0x28, 0x28);
}

QColor GalleryDelegate::alertColor()
{
    return QColor(0xe8, 0xa3, 0x17);
}

void GalleryDelegate::setTileSize(int size)
{
    m_tileSize = std::clamp(size, MinimumTileSize, MaximumTileSize);
}

QPixmap GalleryDelegate::icon(const QString &name, int size, qreal dpr) const
{
    const QString key = u"%1/%2/%3"_s.arg(name).arg(size).arg(dpr);
    if (const auto it = m_icons.constFind(key); it != m_icons.cend())
        return *it;
    QPixmap pixmap = Icons::pixmap(name, size, dpr);
    m_icons.insert(key, pixmap);
    return pixmap;
}

QSize GalleryDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics nameMetrics(scaled(option.font, 1.15, true));
    const QFontMetrics small(option.font);
    const int text = nameMetrics.height() + 2 * small.height() + 4;
    return { m_tileSize + 2 * (Margin + Padding), m_tileSize + text + 2 * (Margin + Padding) };
}

void GalleryDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette &palette = option.palette;
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : qreal(1);

    const QVariant passValue = index.data(PassRole);
    const bool known = !passValue.isNull();
    const bool pass = passValue.toBool();
    const auto reasons = AlertRules::Reasons::fromInt(index.data(AlertReasonsRole).toInt());
    const bool alert = reasons != AlertRules::Reasons();
    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const QColor verdict = !known ? palette.color(QPalette::Mid) : pass ? passColor() : denyColor();

    // The tile: a tinted card for alerts, the base colour otherwise.
    const QRectF tile = QRectF(option.rect).adjusted(Margin, Margin, -Margin, -Margin);
    QColor background = palette.color(QPalette::Base);
    if (alert)
        background = QColor::fromRgbF(background.redF() * 0.8F + denyColor().redF() * 0.2F,
                                      background.greenF() * 0.8F + denyColor().greenF() * 0.2F,
                                      background.blueF() * 0.8F + denyColor().blueF() * 0.2F);
    const int frame = alert ? AlertFrame : Frame;
    QPainterPath card;
    card.addRoundedRect(tile.adjusted(frame / 2.0, frame / 2.0, -frame / 2.0, -frame / 2.0), 8, 8);
    painter->fillPath(card, background);
    painter->setPen(QPen(verdict, frame));
    painter->drawPath(card);
    if (selected || option.state.testFlag(QStyle::State_HasFocus)) {
        painter->setPen(
            QPen(palette.color(QPalette::Highlight), 3, selected ? Qt::SolidLine : Qt::DashLine));
        painter->drawRoundedRect(QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5), 10, 10);
    }

    // The face, fitted into its square.
    const QRectF face(tile.left() + Padding, tile.top() + Padding, m_tileSize, m_tileSize);
    const auto thumbnail = index.data(ThumbnailRole).value<QImage>();
    bool loading = false;
    painter->fillRect(face, palette.color(QPalette::AlternateBase));
    if (!thumbnail.isNull()) {
        QSizeF shown = QSizeF(thumbnail.size()) / thumbnail.devicePixelRatio();
        shown.scale(face.size(), Qt::KeepAspectRatio);
        QRectF target(QPointF(), shown);
        target.moveCenter(face.center());
        painter->drawImage(target, thumbnail);
    } else {
        painter->setPen(palette.color(QPalette::PlaceholderText));
        const bool hasSnapshot = index.data(HasSnapshotRole).toBool();
        const bool failed = index.data(ThumbnailFailedRole).toBool();
        const QString why = !hasSnapshot ? tr("No snapshot")
            : failed                     ? tr("Snapshot unreadable")
                                         : tr("Loading…");
        painter->drawText(face, Qt::AlignCenter | Qt::TextWordWrap, why);
        loading = hasSnapshot && !failed;
    }
    // The tile as it stays (its face, or why there is none) is on screen from now on.
    if (m_probe && !loading)
        m_probe->tilePainted(index.data(SequenceRole).toULongLong(),
                             index.data(ReceivedAtRole).toLongLong());

    // The verdict band across the bottom of the face: icon and word, white on the colour.
    const QFont bandFont = scaled(option.font, m_tileSize >= 140 ? 1.2 : 1.0, true);
    const int bandHeight = QFontMetrics(bandFont).height() + 6;
    const QRectF band(face.left(), face.bottom() - bandHeight, face.width(), bandHeight);
    painter->fillRect(band, verdict);
    const int iconSize = bandHeight - 6;
    const QString iconName = !known ? u"unknown"_s : pass ? u"pass"_s : u"deny"_s;
    const QString word = !known ? tr("NO VERDICT") : pass ? tr("PASS") : tr("DENIED");
    const QFontMetrics bandMetrics(bandFont);
    const qreal contentWidth = iconSize + 6 + bandMetrics.horizontalAdvance(word);
    const qreal x = band.center().x() - contentWidth / 2;
    painter->drawPixmap(QPointF(x, band.top() + 3), icon(iconName, iconSize, dpr));
    painter->setFont(bandFont);
    painter->setPen(Qt::white);
    painter->drawText(QRectF(x + iconSize + 6, band.top(), contentWidth, band.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, word);

    // Alert reasons across the top of the face, dark on amber.
    if (alert) {
        const QString reasonText = AlertRules::describe(reasons).join(u" · "_s).toUpper();
        const QFont reasonFont = scaled(option.font, 0.95, true);
        const int reasonHeight = QFontMetrics(reasonFont).height() + 4;
        const QRectF reasonBand(face.left(), face.top(), face.width(), reasonHeight);
        painter->fillRect(reasonBand, alertColor());
        const int alertIcon = reasonHeight - 4;
        painter->drawPixmap(QPointF(reasonBand.left() + 3, reasonBand.top() + 2),
                            icon(u"alert"_s, alertIcon, dpr));
        painter->setFont(reasonFont);
        painter->setPen(QColor(0x1a, 0x1a, 0x1a));
        const QRectF textRect = reasonBand.adjusted(alertIcon + 6, 0, -3, 0);
        painter->drawText(
            textRect, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(reasonFont).elidedText(reasonText, Qt::ElideRight, int(textRect.width())));
    }

    // Name, device, time.
    const QFont nameFont = scaled(option.font, 1.15, true);
    const QFontMetrics nameMetrics(nameFont);
    const QFontMetrics small(option.font);
    const qreal textWidth = face.width();
    qreal y = face.bottom() + 4;
    // The Name column says "Stranger" for strangers, whatever the alert rules.
    QString name = index.siblingAtColumn(RecognitionModel::Name).data().toString();
    if (name.isEmpty())
        name = tr("Unknown person");
    painter->setFont(nameFont);
    painter->setPen(palette.color(QPalette::Text));
    painter->drawText(QRectF(face.left(), y, textWidth, nameMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      nameMetrics.elidedText(name, Qt::ElideRight, int(textWidth)));
    y += nameMetrics.height();
    painter->setFont(option.font);
    painter->setPen(palette.color(QPalette::Text));
    const QString device = index.data(DeviceNameRole).toString();
    painter->drawText(QRectF(face.left(), y, textWidth, small.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      small.elidedText(device, Qt::ElideRight, int(textWidth)));
    y += small.height();
    const QDateTime time
        = QDateTime::fromMSecsSinceEpoch(index.data(TimestampRole).toLongLong()).toLocalTime();
    const bool today = time.date() == QDate::currentDate();
    QString when = time.toString(today ? u"HH:mm:ss"_s : u"yyyy-MM-dd HH:mm:ss"_s);
    // Fetched after a disconnection, it sits above newer tiles: the words say why.
    if (index.data(BackfilledRole).toBool())
        //: A tile's time when the event was fetched from the device's history
        when = tr("%1 · from history").arg(when);
    painter->drawText(QRectF(face.left(), y, textWidth, small.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      small.elidedText(when, Qt::ElideRight, int(textWidth)));
    painter->restore();
}
