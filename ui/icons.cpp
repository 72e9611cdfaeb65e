#include "icons.h"

#include <QFile>
#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

using namespace Qt::StringLiterals;

namespace {
QByteArray svgSource(const QString &name, const QPalette &palette)
{
    QFile file(u":/icons/"_s + name + u".svg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray svg = file.readAll();
    svg.replace("currentColor", palette.color(QPalette::WindowText).name().toLatin1());
    return svg;
}

QPixmap render(const QByteArray &svg, int pixels)
{
    QPixmap pixmap(pixels, pixels);
    pixmap.fill(Qt::transparent);
    QSvgRenderer renderer(svg);
    QPainter painter(&pixmap);
    renderer.render(&painter);
    return pixmap;
}
} // namespace

QIcon Icons::icon(const QString &name, const QPalette &palette)
{
    const QByteArray svg = svgSource(name, palette);
    QIcon icon;
    if (svg.isEmpty())
        return icon;
    for (const int size : { 16, 22, 24, 32, 48, 64, 96, 128 })
        icon.addPixmap(render(svg, size));
    return icon;
}

QPixmap Icons::pixmap(const QString &name, int logicalSize, qreal devicePixelRatio,
                      const QPalette &palette)
{
    QPixmap pixmap = render(svgSource(name, palette), qRound(logicalSize * devicePixelRatio));
    pixmap.setDevicePixelRatio(devicePixelRatio);
    return pixmap;
}
