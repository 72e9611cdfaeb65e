#include "devicelistsync.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSet>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcRecord, "gatewatch.record")

// lupdate finds the strings by this context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(DeviceListSync)
};
} // namespace

DeviceListSync::Summary DeviceListSync::apply(const DeviceListFile::Contents &contents)
{
    Summary summary;
    QSet<QString> listed;
    for (const DeviceListFile::Device &device : contents.devices)
        listed.insert(device.id);
    for (const QString &id : contents.unusableIds)
        listed.insert(id);

    // Removals first, so that the device list and the hub never hold an id twice.
    const QStringList running = m_keys.keys();
    for (const QString &id : running) {
        if (listed.contains(id))
            continue;
        const DeviceHub::Key key = m_keys.take(id);
        const int index = m_hub->indexOf(key);
        Q_ASSERT(index >= 0);
        qCInfo(lcRecord).noquote() << Text::tr("%1: no longer in the device list; disconnected")
                                          .arg(m_hub->deviceConfig(index).name);
        m_hub->removeDevice(key);
        ++summary.removed;
    }
    for (const QString &id : contents.unusableIds) {
        if (m_keys.contains(id))
            ++summary.unchanged; // left as it was, see the problems
    }
    for (const DeviceListFile::Device &device : contents.devices) {
        const auto it = m_keys.constFind(device.id);
        if (it == m_keys.cend()) {
            qCInfo(lcRecord).noquote()
                << Text::tr("%1: recording from %2")
                       .arg(device.config.name, device.config.url.toDisplayString());
            m_keys.insert(device.id, m_hub->addDevice(device.config));
            ++summary.added;
            continue;
        }
        const int index = m_hub->indexOf(*it);
        Q_ASSERT(index >= 0); // the hub loses these devices only through this class
        if (m_hub->deviceConfig(index) == device.config) {
            ++summary.unchanged;
            continue;
        }
        DeviceConfig renamed = m_hub->deviceConfig(index);
        const QString oldName = renamed.name;
        renamed.name = device.config.name;
        if (renamed == device.config) {
            qCInfo(lcRecord).noquote()
                << Text::tr("%1: renamed from %2").arg(device.config.name, oldName);
        } else {
            qCInfo(lcRecord).noquote()
                << Text::tr("%1: settings changed; recording from %2")
                       .arg(device.config.name, device.config.url.toDisplayString());
        }
        m_hub->updateDevice(*it, device.config);
        ++summary.changed;
    }
    return summary;
}
