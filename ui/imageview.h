#pragma once

#include <QImage>
#include <QPixmap>
#include <QSize>
#include <QString>
#include <QWidget>

// Shows one picture as large as the widget allows, aspect ratio kept, or a line of text where
// there is no picture (still loading, none, or why it cannot be shown). The image arrives
// decoded: this widget only scales and paints, it never decodes. It takes keyboard focus so
// that a screen reader user can reach the picture and hear its description.
class ImageView final : public QWidget
{
    Q_OBJECT

public:
    explicit ImageView(QWidget *parent = nullptr);

    // A null image shows the placeholder text instead.
    void setImage(const QImage &image);
    QImage image() const { return m_image; }
    bool hasImage() const { return !m_image.isNull(); }

    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholderText; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void updateDescription();

    QImage m_image;
    // The image scaled for the current widget size: scaling a large picture on every paint
    // would make resizing sluggish.
    QPixmap m_scaled;
    QString m_placeholderText;
};
