#pragma once

#include <QAbstractTableModel>

class DeviceManager;

// The settings dialog's device list: one row per DeviceManager device, in its order, with
// live state. Filter it with a QSortFilterProxyModel on SearchTextRole.
class SiteDeviceModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Location, Address, State, ColumnCount };
    Q_ENUM(Column)

    enum Role : int {
        IdRole = Qt::UserRole + 1, // QString: SiteDevice::id
        EnabledRole, // bool (also Qt::CheckStateRole on Name, checkable: toggles enabled)
        StateRole, // int: ConnectionState
        CertificateChangedRole, // bool
        CertificateUntrustedRole, // bool
        SearchTextRole, // QString: name, location, host:port, state, for the search box
    };

    explicit SiteDeviceModel(DeviceManager *manager, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    DeviceManager *m_manager = nullptr;
};
