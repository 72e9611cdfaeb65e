#pragma once

#include <QColor>
#include <QIcon>
#include <QSortFilterProxyModel>

// The device settings' view of SiteDeviceModel: filtered by the search text (SearchTextRole),
// sorted by the clicked column, and the state column drawn with an icon beside the words (the
// words alone carry the meaning). A refused certificate reads as what the operator has to do,
// a changed one in red. The icons are rendered once per palette, not per row: 300 rows repaint
// often while devices come and go.
class DeviceTableProxy final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    static inline const QColor ProblemColour { 0xb3, 0x26, 0x1e };

    explicit DeviceTableProxy(QObject *parent = nullptr);

    // Renders the icons for this palette (monochrome ones take its text colour).
    void setIcons(const QPalette &palette);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QIcon m_online;
    QIcon m_failed;
    QIcon m_waiting;
    QIcon m_disabled;
    QIcon m_certificate;
};
