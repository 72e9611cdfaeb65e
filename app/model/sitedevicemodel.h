#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <QTimer>

#include <vector>

class DeviceManager;

// The settings dialog's device list: one row per DeviceManager device, in its order, with
// live state. Filter it with a QSortFilterProxyModel on SearchTextRole. No DecorationRole: the
// dialog draws its own icons from StateRole and the certificate roles. Every role answers on
// every column, except Qt::CheckStateRole (Name only). Lives on the manager's thread.
//
// A device's status changes with every event it receives (its counters); the model only
// announces a row when what it shows changed, so a busy site does not keep the view busy.
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

    DeviceManager *manager() const { return m_manager; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    // What a row's status looked like when last announced.
    struct Shown
    {
        int state = 0;
        QString text;
        QString detail;
        bool certificateChanged = false;
        bool certificateUntrusted = false;

        bool operator==(const Shown &) const = default;
    };

    Shown shownFor(int row) const;
    void onStatusChanged(int row);
    void refreshCountdowns();

    DeviceManager *m_manager = nullptr;
    std::vector<Shown> m_shown;
    // While some device waits for its next attempt, its "retrying in N s" counts down.
    QTimer m_countdownTimer;
};
