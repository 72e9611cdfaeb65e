#pragma once

#include "session/performanceprobe.h"

#include <QHash>
#include <QPixmap>
#include <QPointer>
#include <QStyledItemDelegate>

// Paints one recognition as a gallery tile: the face, a band that says PASS or DENIED with its
// icon (so the verdict never rests on colour alone), the alert reasons across the top of the
// face, then the person's name (or "Stranger"), the device and the time. Alerts get a thicker
// frame and a tinted tile. Reads everything through RecognitionRoles; creates no widgets.
class GalleryDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    static constexpr int DefaultTileSize = 168;
    static constexpr int MinimumTileSize = 96;
    static constexpr int MaximumTileSize = 360;

    explicit GalleryDelegate(QObject *parent = nullptr);

    // The side of the square face area, in device-independent pixels.
    int tileSize() const { return m_tileSize; }
    void setTileSize(int size);
    // Told of each tile's first paint as it stays (for benchmarks); none by default.
    void setProbe(PerformanceProbe *probe) { m_probe = probe; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The colours of the verdicts; chosen to read on light and dark palettes alike.
    static QColor passColor();
    static QColor denyColor();
    static QColor alertColor();

private:
    QPixmap icon(const QString &name, int size, qreal dpr) const;

    int m_tileSize = DefaultTileSize;
    QPointer<PerformanceProbe> m_probe;
    mutable QHash<QString, QPixmap> m_icons; // by name, size and ratio
};
