#pragma once

#include <QIcon>
#include <QPalette>
#include <QString>

// The application's SVG icons (resources/icons). Monochrome icons are drawn in `currentColor`,
// which is replaced by the palette's text colour, so they follow a light or dark palette; the
// coloured ones (pass, deny, alert, the application icon) keep their colours. Each icon is
// rendered from the SVG at several sizes, so it is crisp at any device pixel ratio.
namespace Icons {
QIcon icon(const QString &name, const QPalette &palette = QPalette());
// The icon as a pixmap of `logicalSize` at `devicePixelRatio`, straight from the SVG.
QPixmap pixmap(const QString &name, int logicalSize, qreal devicePixelRatio,
               const QPalette &palette = QPalette());
} // namespace Icons
