#include "doorcontrol.h"

#include "event/recognitionevent.h"
#include "store/eventstore.h"

#include <QLoggingCategory>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcDoor, "gatewatch.door", QtInfoMsg)

QString deviceLabel(const DoorOpening &entry)
{
    return entry.deviceSn.isEmpty() ? entry.deviceName
                                    : u"%1 (%2)"_s.arg(entry.deviceName, entry.deviceSn);
}
} // namespace

DoorControl::DoorControl(NameSource operatorName, QObject *parent)
    : QObject(parent)
    , m_operatorName(std::move(operatorName))
{
    qRegisterMetaType<DoorOpening>();
    qRegisterMetaType<DoorOpenResult>();
}

DoorControl::~DoorControl()
{
    for (const Request &request : std::as_const(m_requests)) {
        // The opener goes with this object, aborting its request; the log keeps the request.
        qCWarning(lcDoor).noquote()
            << u"door request %1 to %2 abandoned before its outcome was known"_s.arg(
                   request.entry.requestId, deviceLabel(request.entry));
    }
}

void DoorControl::setStore(EventStore *store)
{
    m_store = store;
}

QString DoorControl::operatorName() const
{
    return m_operatorName ? m_operatorName() : QString();
}

QString DoorControl::unavailableReason(const RecognitionEvent &event,
                                       const std::optional<DeviceConfig> &device) const
{
    if (!device) {
        const QString name = !event.deviceName.isEmpty() ? event.deviceName
            : !event.deviceSn.isEmpty()                  ? event.deviceSn
                                                         : tr("unknown");
        return tr("the device that sent this recognition (%1) is not configured on this station")
            .arg(name);
    }
    if (!device->hasCredentials())
        return DoorOpener::missingCredentialsText(*device);
    if (isOpening(event.deduplicationKey()))
        return tr("the door is being opened for this recognition");
    return {};
}

bool DoorControl::isOpening(const QString &dedupKey) const
{
    for (const Request &request : m_requests) {
        if (request.entry.dedupKey == dedupKey)
            return true;
    }
    return false;
}

bool DoorControl::open(const RecognitionEvent &event, const DeviceConfig &device, int openMode)
{
    const QString key = event.deduplicationKey();
    if (isOpening(key))
        return false;

    DoorOpening entry;
    entry.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.dedupKey = key;
    entry.deviceName = device.name;
    entry.deviceSn = event.deviceSn;
    entry.openMode = openMode;
    entry.requestedAt = QDateTime::currentDateTimeUtc();
    entry.requestedBy = operatorName();

    auto *opener = new DoorOpener(device, this);
    m_requests.insert(entry.requestId, Request { entry, opener });
    connect(opener, &DoorOpener::finished, this,
            [this, id = entry.requestId](const DoorOpenResult &result) { onFinished(id, result); });

    qCInfo(lcDoor).noquote() << u"door request %1: %2 asks %3 to open (mode %4) for event %5"_s.arg(
        entry.requestId, entry.requestedBy, deviceLabel(entry), QString::number(openMode), key);
    log(entry);
    emit started(entry);
    opener->open(openMode);
    return true;
}

void DoorControl::onFinished(const QString &requestId, const DoorOpenResult &result)
{
    if (!m_requests.contains(requestId))
        return;
    const Request request = m_requests.take(requestId);
    request.opener->deleteLater(); // inside its own signal

    DoorOpening entry = request.entry;
    entry.finishedAt = QDateTime::currentDateTimeUtc();
    entry.opened = result.ok();
    entry.result = result.message;
    if (result.ok()) {
        qCInfo(lcDoor).noquote() << u"door request %1: %2 opened"_s.arg(entry.requestId,
                                                                        deviceLabel(entry));
    } else {
        qCWarning(lcDoor).noquote() << u"door request %1: %2 did not open: %3"_s.arg(
            entry.requestId, deviceLabel(entry), result.message);
    }
    log(entry);
    emit finished(entry, result);
}

void DoorControl::log(const DoorOpening &entry)
{
    // Queued to the store's thread, where the store must be called.
    if (EventStore *store = m_store.data()) {
        QMetaObject::invokeMethod(
            store, [store, entry] { store->logDoorOpening(entry); }, Qt::QueuedConnection);
    }
}
