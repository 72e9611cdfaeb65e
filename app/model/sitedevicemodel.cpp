#include "sitedevicemodel.h"

#include "session/devicemanager.h"

using namespace Qt::StringLiterals;

namespace {
constexpr int CountdownIntervalMs = 1000;

QString hostAndPort(const SiteDevice &device)
{
    const bool bareIpv6 = device.host.contains(u':') && !device.host.startsWith(u'[');
    return (bareIpv6 ? u'[' + device.host + u']' : device.host) + u':'
        + QString::number(device.port);
}

bool isCountingDown(ConnectionState state)
{
    return state == ConnectionState::WaitingToRetry || state == ConnectionState::Failed;
}

const QList<int> &statusRoles()
{
    static const QList<int> roles { Qt::DisplayRole,
                                    Qt::ToolTipRole,
                                    SiteDeviceModel::StateRole,
                                    SiteDeviceModel::CertificateChangedRole,
                                    SiteDeviceModel::CertificateUntrustedRole,
                                    SiteDeviceModel::SearchTextRole };
    return roles;
}
} // namespace

SiteDeviceModel::SiteDeviceModel(DeviceManager *manager, QObject *parent)
    : QAbstractTableModel(parent)
    , m_manager(manager)
{
    m_countdownTimer.setInterval(CountdownIntervalMs);
    connect(&m_countdownTimer, &QTimer::timeout, this, &SiteDeviceModel::refreshCountdowns);
    m_shown.reserve(std::size_t(manager->count()));
    for (int row = 0; row < manager->count(); ++row)
        m_shown.push_back(shownFor(row));

    connect(manager, &DeviceManager::deviceAboutToBeAdded, this,
            [this](int row) { beginInsertRows(QModelIndex(), row, row); });
    connect(manager, &DeviceManager::deviceAdded, this, [this](int row) {
        m_shown.insert(m_shown.begin() + row, shownFor(row));
        endInsertRows();
    });
    connect(manager, &DeviceManager::deviceAboutToBeRemoved, this,
            [this](int row) { beginRemoveRows(QModelIndex(), row, row); });
    connect(manager, &DeviceManager::deviceRemoved, this, [this](int row) {
        m_shown.erase(m_shown.begin() + row);
        endRemoveRows();
    });
    connect(manager, &DeviceManager::deviceChanged, this, [this](int row) {
        m_shown[std::size_t(row)] = shownFor(row);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    });
    connect(manager, &DeviceManager::statusChanged, this, &SiteDeviceModel::onStatusChanged);
}

SiteDeviceModel::Shown SiteDeviceModel::shownFor(int row) const
{
    const DeviceManager::Status status = m_manager->status(m_manager->device(row).id);
    return { int(status.state), status.text, status.detail, status.certificateChanged,
             status.certificateUntrusted };
}

void SiteDeviceModel::onStatusChanged(int row)
{
    Shown shown = shownFor(row);
    if (isCountingDown(ConnectionState(shown.state)) && !m_countdownTimer.isActive())
        m_countdownTimer.start();
    Shown &before = m_shown[std::size_t(row)];
    if (shown == before)
        return; // only its counters moved
    before = std::move(shown);
    // SearchTextRole answers on every column.
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1), statusRoles());
}

void SiteDeviceModel::refreshCountdowns()
{
    bool waiting = false;
    for (int row = 0; row < rowCount(); ++row) {
        if (!isCountingDown(ConnectionState(m_shown[std::size_t(row)].state)))
            continue;
        waiting = true;
        onStatusChanged(row);
    }
    if (!waiting)
        m_countdownTimer.stop();
}

int SiteDeviceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

int SiteDeviceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags SiteDeviceModel::flags(const QModelIndex &index) const
{
    // Views and proxies ask about the invalid (root) index; only a wrong valid one warns.
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == Name)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant SiteDeviceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const SiteDevice &device = m_manager->device(row);
    const Shown &shown = m_shown[std::size_t(row)];

    switch (role) {
    case IdRole:
        return device.id;
    case EnabledRole:
        return device.enabled;
    case StateRole:
        return shown.state;
    case CertificateChangedRole:
        return shown.certificateChanged;
    case CertificateUntrustedRole:
        return shown.certificateUntrusted;
    case SearchTextRole:
        return QStringList { device.name, device.location, hostAndPort(device), shown.text }.join(
            u'\n');
    case Qt::CheckStateRole:
        if (index.column() != Name)
            return {};
        return device.enabled ? Qt::Checked : Qt::Unchecked;
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return device.name;
        case Location:
            return device.location;
        case Address:
            return hostAndPort(device);
        case State:
            return shown.text;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Name:
            return device.enabled ? tr("Connected while checked") : tr("Disabled: not connected");
        case Address: {
            QString text = device.toConfig().url.toDisplayString();
            if (device.tls && !device.pinnedSha256.isEmpty())
                text += u'\n'
                    + tr("%n pinned certificate(s)", nullptr, int(device.pinnedSha256.size()));
            if (!device.username.isEmpty())
                text += u'\n' + tr("Logs in as %1").arg(device.username);
            return text;
        }
        case State:
            return shown.detail.isEmpty() ? shown.text : shown.detail;
        default:
            return {};
        }
    default:
        return {};
    }
}

bool SiteDeviceModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    bool enabled = false;
    if (role == Qt::CheckStateRole && index.column() == Name)
        enabled = Qt::CheckState(value.toInt()) == Qt::Checked;
    else if (role == EnabledRole)
        enabled = value.toBool();
    else
        return false;
    // The manager announces the change (deviceChanged), which updates the row.
    m_manager->setEnabled(m_manager->device(index.row()).id, enabled);
    return true;
}

QVariant SiteDeviceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Device");
    case Location:
        return tr("Location");
    case Address:
        return tr("Address");
    case State:
        return tr("State");
    default:
        return {};
    }
}

QHash<int, QByteArray> SiteDeviceModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(EnabledRole, "enabled");
    names.insert(StateRole, "state");
    names.insert(CertificateChangedRole, "certificateChanged");
    names.insert(CertificateUntrustedRole, "certificateUntrusted");
    names.insert(SearchTextRole, "searchText");
    return names;
}
