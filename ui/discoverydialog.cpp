#include "discoverydialog.h"

#include "discovery/devicebrowser.h"
#include "icons.h"
#include "session/devicemanager.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
enum Column { NameColumn, AddressColumn, ModelColumn, SerialColumn, StatusColumn, ColumnCount };
constexpr int KeyRole = Qt::UserRole + 1;

QString hostOf(const DiscoveredDevice &found)
{
    if (!found.address.isNull())
        return found.address.toString();
    QString name = found.hostName;
    if (name.endsWith(u'.'))
        name.chop(1);
    return name;
}

QString addressText(const DiscoveredDevice &found)
{
    const QString host = hostOf(found);
    const bool ipv6 = found.address.protocol() == QAbstractSocket::IPv6Protocol;
    return (ipv6 ? u'[' + host + u']' : host) + u':' + QString::number(found.port);
}
} // namespace

DiscoveryDialog::DiscoveryDialog(DeviceManager *manager, DeviceBrowser *browser, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
    , m_browser(browser ? browser : new DeviceBrowser(this))
{
    setObjectName(u"discoveryDialog"_s);
    setWindowTitle(tr("Find devices"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Terminals that announce themselves on this network. Select one "
                                "and add it: GateWatch then opens its settings and tests the "
                                "connection, so that you can check its certificate and enter "
                                "its login."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *statusRow = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setObjectName(u"discoveryStatus"_s);
    m_status->setAccessibleName(tr("Discovery status"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    statusRow->addWidget(m_status, 1);
    m_retry = new QPushButton(tr("&Try again"), this);
    m_retry->setObjectName(u"retryDiscovery"_s);
    m_retry->setAutoDefault(false);
    m_retry->hide();
    connect(m_retry, &QPushButton::clicked, this, &DiscoveryDialog::startBrowsing);
    statusRow->addWidget(m_retry, 0, Qt::AlignTop);
    layout->addLayout(statusRow);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(u"discoveredDevices"_s);
    m_list->setAccessibleName(tr("Terminals found"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAllColumnsShowFocus(true);
    m_list->setSortingEnabled(true);
    m_list->setHeaderLabels(
        { tr("Terminal"), tr("Address"), tr("Model"), tr("Serial number"), tr("At this station") });
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    m_list->sortByColumn(NameColumn, Qt::AscendingOrder);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &DiscoveryDialog::updateAddButton);
    connect(m_list, &QTreeWidget::itemActivated, this, [this] { addSelected(); });
    layout->addWidget(m_list, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_add = buttons->addButton(tr("&Add"), QDialogButtonBox::ActionRole);
    m_add->setObjectName(u"addDiscovered"_s);
    m_add->setIcon(Icons::icon(u"add"_s, palette()));
    m_add->setToolTip(tr("Add the selected terminal to this station"));
    connect(m_add, &QPushButton::clicked, this, [this] { addSelected(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QAbstractButton *button : buttons->buttons()) {
        if (auto *push = qobject_cast<QPushButton *>(button))
            push->setAutoDefault(false); // Enter in the list adds; it must not close
    }
    layout->addWidget(buttons);

    connect(m_browser, &DeviceBrowser::deviceFound, this, &DiscoveryDialog::onFound);
    connect(m_browser, &DeviceBrowser::deviceLost, this, &DiscoveryDialog::onLost);
    connect(m_browser, &DeviceBrowser::failed, this, &DiscoveryDialog::onFailed);
    connect(m_manager, &DeviceManager::deviceAdded, this, &DiscoveryDialog::refreshConfigured);
    connect(m_manager, &DeviceManager::deviceRemoved, this, &DiscoveryDialog::refreshConfigured);
    connect(m_manager, &DeviceManager::deviceChanged, this, &DiscoveryDialog::refreshConfigured);

    updateStatus();
    updateAddButton();
    resize(fontMetrics().horizontalAdvance(u'M') * 56, fontMetrics().height() * 24);
}

DiscoveryDialog::~DiscoveryDialog() = default;

void DiscoveryDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (!m_browser->isRunning())
        startBrowsing();
}

void DiscoveryDialog::hideEvent(QHideEvent *event)
{
    // Nothing to announce while nobody looks; showing the dialog again starts afresh.
    m_browser->stop();
    QDialog::hideEvent(event);
}

void DiscoveryDialog::startBrowsing()
{
    m_failure.clear();
    m_found.clear();
    m_items.clear();
    m_list->clear();
    QString error;
    if (!m_browser->start(&error))
        m_failure = error; // failed() follows with the same reason
    // A restarted browser reports again what it finds; what it already knew is listed now.
    const QList<DiscoveredDevice> known = m_browser->devices();
    for (const DiscoveredDevice &found : known)
        onFound(found);
    updateStatus();
}

void DiscoveryDialog::onFound(const DiscoveredDevice &found)
{
    m_failure.clear();
    m_found.insert(found.key, found);
    QTreeWidgetItem *item = m_items.value(found.key);
    if (!item) {
        item = new QTreeWidgetItem(m_list);
        m_items.insert(found.key, item);
    }
    updateItem(item, found);
    updateStatus();
    updateAddButton();
}

void DiscoveryDialog::onLost(const QString &key)
{
    m_found.remove(key);
    delete m_items.take(key);
    updateStatus();
    updateAddButton();
}

void DiscoveryDialog::onFailed(const QString &reason)
{
    m_failure = reason;
    updateStatus();
}

SiteDevice DiscoveryDialog::siteDeviceFor(const DiscoveredDevice &found)
{
    SiteDevice device;
    if (!found.model.isEmpty() && !found.serialNumber.isEmpty())
        device.name = tr("%1 %2").arg(found.model, found.serialNumber);
    else if (!found.serialNumber.isEmpty())
        device.name = tr("Terminal %1").arg(found.serialNumber);
    else if (!found.model.isEmpty())
        device.name = tr("%1 at %2").arg(found.model, hostOf(found));
    else
        device.name = tr("Terminal at %1").arg(hostOf(found));
    device.host = hostOf(found);
    device.port = found.port;
    device.tls = true; // terminals serve TLS; its certificate is checked before any pin
    return device;
}

QString DiscoveryDialog::configuredIdOf(const DiscoveredDevice &found) const
{
    const QString address = found.address.isNull() ? QString() : found.address.toString();
    QString hostName = found.hostName;
    if (hostName.endsWith(u'.'))
        hostName.chop(1);
    for (const SiteDevice &device : m_manager->devices()) {
        QString host = device.host;
        if (host.startsWith(u'[') && host.endsWith(u']'))
            host = host.mid(1, host.size() - 2);
        const bool sameHost = (!address.isEmpty() && host == address)
            || (!hostName.isEmpty() && host.compare(hostName, Qt::CaseInsensitive) == 0);
        if (sameHost && device.port == found.port)
            return device.id;
        if (!found.serialNumber.isEmpty() && device.name.contains(found.serialNumber))
            return device.id;
    }
    return {};
}

void DiscoveryDialog::updateItem(QTreeWidgetItem *item, const DiscoveredDevice &found)
{
    const SiteDevice proposed = siteDeviceFor(found);
    item->setData(NameColumn, KeyRole, found.key);
    item->setText(NameColumn, proposed.name);
    item->setToolTip(NameColumn, tr("Announced as \"%1\" by %2").arg(found.name, found.hostName));
    item->setText(AddressColumn, addressText(found));
    item->setToolTip(AddressColumn,
                     found.interfaceName.isEmpty()
                         ? found.hostName
                         : tr("%1, on %2").arg(found.hostName, found.interfaceName));
    item->setText(ModelColumn, found.model);
    item->setText(SerialColumn, found.serialNumber);
    const QString id = configuredIdOf(found);
    if (id.isEmpty()) {
        item->setText(StatusColumn, tr("not added"));
        item->setIcon(StatusColumn, QIcon());
    } else {
        const SiteDevice &device = m_manager->device(m_manager->rowOf(id));
        item->setText(StatusColumn, tr("added as \"%1\"").arg(device.name));
        item->setIcon(StatusColumn, Icons::icon(u"pass"_s, palette()));
    }
}

void DiscoveryDialog::refreshConfigured()
{
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it)
        updateItem(it.value(), m_found.value(it.key()));
    updateAddButton();
}

void DiscoveryDialog::updateStatus()
{
    m_retry->setVisible(!m_failure.isEmpty());
    if (!m_failure.isEmpty() && m_found.isEmpty()) {
        // The reason instead of an empty list, which would suggest there is nothing to find.
        m_status->setText(tr("%1 Terminals cannot be found automatically; add them by their "
                             "address instead (Add… in the device settings).")
                              .arg(m_failure.endsWith(u'.') ? m_failure : m_failure + u'.'));
        m_list->hide();
        return;
    }
    m_list->show();
    if (!m_failure.isEmpty())
        m_status->setText(tr("Discovery stopped: %1").arg(m_failure));
    else if (m_found.isEmpty())
        m_status->setText(tr("Looking for terminals on this network… none has answered yet."));
    else
        m_status->setText(tr("%n terminal(s) found; the list follows the network.", nullptr,
                             int(m_found.size())));
}

void DiscoveryDialog::updateAddButton()
{
    const QList<QTreeWidgetItem *> selected = m_list->selectedItems();
    bool addable = false;
    if (selected.size() == 1) {
        const QString key = selected.constFirst()->data(NameColumn, KeyRole).toString();
        addable = m_found.contains(key) && configuredIdOf(m_found.value(key)).isEmpty();
    }
    m_add->setEnabled(addable);
}

bool DiscoveryDialog::select(const QString &key)
{
    QTreeWidgetItem *item = m_items.value(key);
    if (!item)
        return false;
    m_list->setCurrentItem(item);
    return true;
}

QString DiscoveryDialog::addSelected()
{
    const QList<QTreeWidgetItem *> selected = m_list->selectedItems();
    if (selected.size() != 1)
        return {};
    const QString key = selected.constFirst()->data(NameColumn, KeyRole).toString();
    if (!m_found.contains(key))
        return {};
    const DiscoveredDevice found = m_found.value(key);
    if (!configuredIdOf(found).isEmpty())
        return {};
    QString error;
    const QString id = m_manager->add(siteDeviceFor(found), QString(), &error);
    if (id.isEmpty()) {
        m_status->setText(tr("%1 could not be added: %2").arg(addressText(found), error));
        return {};
    }
    emit deviceAdded(id);
    return id;
}
