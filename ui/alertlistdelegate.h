#pragma once

#include <QIcon>
#include <QStyledItemDelegate>

// The alert list's rows: a warning sign and bold text while an alert waits for an
// acknowledgement, a check mark and plain text once it has one.
class AlertListDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit AlertListDelegate(QObject *parent = nullptr);

    // The monochrome check follows the palette's text colour.
    void setPalette(const QPalette &palette);

    // Rows are as tall as their text wrapped to the list's width.
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    QIcon m_waiting;
    QIcon m_acknowledged;
};
