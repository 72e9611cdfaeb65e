#pragma once

#include "device/sitedevice.h"
#include "discovery/discovereddevice.h"

#include <QDialog>
#include <QHash>

class DeviceBrowser;
class DeviceManager;
class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

// Find devices…: the terminals that announce themselves on the local network (mDNS, through
// the Avahi daemon), listed live as they come and go. Those already configured at this station
// (same address and port, or their serial number in a device's name) are marked and cannot be
// added twice. Add puts the selected one in the device list at once (named after its model and
// serial number, TLS on, nothing pinned) and reports its id with deviceAdded(), for the editor
// to open on it and test the connection. When no Avahi daemon can be reached the dialog says
// so, and why, instead of showing an empty list.
class DiscoveryDialog final : public QDialog
{
    Q_OBJECT

public:
    // `browser`: not owned; null makes one of the dialog's own. Browsing starts when the dialog
    // is shown and stops when it is hidden.
    DiscoveryDialog(DeviceManager *manager, DeviceBrowser *browser = nullptr,
                    QWidget *parent = nullptr);
    ~DiscoveryDialog() override;

    QTreeWidget *list() const { return m_list; }
    QLabel *statusLabel() const { return m_status; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *retryButton() const { return m_retry; }

    // The device a discovered terminal becomes when added.
    static SiteDevice siteDeviceFor(const DiscoveredDevice &found);
    // The id of the configured device that is this terminal, or empty.
    QString configuredIdOf(const DiscoveredDevice &found) const;

    // Selects the terminal with this key (DiscoveredDevice::key); false when it is not listed.
    bool select(const QString &key);
    // Adds the selected terminal; returns the new device's id, or empty (with the reason shown).
    QString addSelected();

signals:
    void deviceAdded(const QString &id);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void startBrowsing();
    void onFound(const DiscoveredDevice &found);
    void onLost(const QString &key);
    void onFailed(const QString &reason);
    void updateItem(QTreeWidgetItem *item, const DiscoveredDevice &found);
    void refreshConfigured();
    void updateStatus();
    void updateAddButton();

    DeviceManager *m_manager = nullptr;
    DeviceBrowser *m_browser = nullptr;
    QHash<QString, DiscoveredDevice> m_found;
    QHash<QString, QTreeWidgetItem *> m_items;
    QString m_failure;
    QLabel *m_status = nullptr;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_retry = nullptr;
};
