#include "devicetableproxy.h"

#include "device/deviceconnection.h"
#include "icons.h"
#include "model/sitedevicemodel.h"

#include <QBrush>

using namespace Qt::StringLiterals;

DeviceTableProxy::DeviceTableProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setFilterRole(SiteDeviceModel::SearchTextRole);
    setFilterKeyColumn(SiteDeviceModel::Name);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
}

void DeviceTableProxy::setIcons(const QPalette &palette)
{
    m_online = Icons::icon(u"pass"_s, palette);
    m_failed = Icons::icon(u"deny"_s, palette);
    m_waiting = Icons::icon(u"state-waiting"_s, palette);
    m_disabled = Icons::icon(u"state-disabled"_s, palette);
    m_certificate = Icons::icon(u"alert"_s, palette);
    if (rowCount() > 0)
        emit dataChanged(index(0, SiteDeviceModel::State),
                         index(rowCount() - 1, SiteDeviceModel::State), { Qt::DecorationRole });
}

QVariant DeviceTableProxy::data(const QModelIndex &index, int role) const
{
    if (index.column() != SiteDeviceModel::State
        || (role != Qt::DecorationRole && role != Qt::ForegroundRole && role != Qt::DisplayRole))
        return QSortFilterProxyModel::data(index, role);

    const bool enabled = index.data(SiteDeviceModel::EnabledRole).toBool();
    const bool changed = index.data(SiteDeviceModel::CertificateChangedRole).toBool();
    const bool untrusted = index.data(SiteDeviceModel::CertificateUntrustedRole).toBool();
    switch (role) {
    case Qt::ForegroundRole:
        return changed ? QVariant(QBrush(ProblemColour)) : QVariant();
    case Qt::DisplayRole:
        // The connection's refusal is a paragraph (in the tooltip); the cell says what the
        // operator has to do.
        if (enabled && changed)
            return tr("certificate changed: refused until reviewed");
        if (enabled && untrusted)
            return tr("certificate not trusted yet: review it");
        return QSortFilterProxyModel::data(index, role);
    default:
        break;
    }
    if (!enabled)
        return m_disabled;
    if (changed || untrusted)
        return m_certificate;
    switch (ConnectionState(index.data(SiteDeviceModel::StateRole).toInt())) {
    case ConnectionState::Online:
        return m_online;
    case ConnectionState::Failed:
        return m_failed;
    case ConnectionState::Disconnected:
    case ConnectionState::Connecting:
    case ConnectionState::WaitingToRetry:
        break;
    }
    return m_waiting;
}
