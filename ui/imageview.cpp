#include "imageview.h"

#include <QPainter>
#include <QStyleOptionFocusRect>
#include <QStylePainter>

namespace {
constexpr int margin = 4;
} // namespace

ImageView::ImageView(QWidget *parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageView::setImage(const QImage &image)
{
    m_image = image;
    m_scaled = QPixmap();
    updateDescription();
    updateGeometry();
    update();
}

void ImageView::setPlaceholderText(const QString &text)
{
    m_placeholderText = text;
    updateDescription();
    update();
}

void ImageView::updateDescription()
{
    setAccessibleDescription(hasImage()
                                 ? tr("%1 × %2 pixels").arg(m_image.width()).arg(m_image.height())
                                 : m_placeholderText);
    setToolTip(hasImage() ? QString() : m_placeholderText);
}

QSize ImageView::sizeHint() const
{
    // The picture's own size, within what fits comfortably beside the event's fields.
    const QSize preferred = hasImage() ? m_image.size() : QSize(240, 320);
    return preferred.boundedTo(QSize(640, 640)).expandedTo(minimumSizeHint())
        + QSize(2 * margin, 2 * margin);
}

QSize ImageView::minimumSizeHint() const
{
    return { 120, 160 };
}

void ImageView::paintEvent(QPaintEvent *)
{
    QStylePainter painter(this);
    const QRect area = rect().adjusted(margin, margin, -margin, -margin);
    if (hasImage() && area.isValid()) {
        const QSize target = m_image.size().scaled(area.size(), Qt::KeepAspectRatio);
        const qreal ratio = devicePixelRatioF();
        if (m_scaled.isNull() || m_scaled.deviceIndependentSize().toSize() != target) {
            m_scaled = QPixmap::fromImage(
                m_image.scaled(target * ratio, Qt::KeepAspectRatio, Qt::SmoothTransformation));
            m_scaled.setDevicePixelRatio(ratio);
        }
        const QSize shown = m_scaled.deviceIndependentSize().toSize();
        const QPoint topLeft(area.x() + (area.width() - shown.width()) / 2,
                             area.y() + (area.height() - shown.height()) / 2);
        painter.drawPixmap(topLeft, m_scaled);
    } else {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawRect(area.adjusted(0, 0, -1, -1));
        painter.drawText(area.adjusted(margin, margin, -margin, -margin),
                         Qt::AlignCenter | Qt::TextWordWrap, m_placeholderText);
    }
    if (hasFocus()) {
        QStyleOptionFocusRect option;
        option.initFrom(this);
        option.backgroundColor = palette().color(QPalette::Window);
        painter.drawPrimitive(QStyle::PE_FrameFocusRect, option);
    }
}
