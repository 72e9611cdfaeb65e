#pragma once

#include "device/deviceconfig.h"
#include "device/dooropener.h"
#include "store/dooropening.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

class EventStore;
struct RecognitionEvent;

// Opens a terminal's door in answer to a recognition and keeps the door log. Each request is
// logged twice, to the store (queued to its thread) and to the `gatewatch.door` logging
// category: when it is sent, with the time, the operator, the device and the event it
// answers, and again with its outcome. Credentials never appear in either.
//
// It runs on the thread it lives on (the GUI thread in the dashboard): the requests are
// asynchronous (DoorOpener) and their answers are small. One request per event at a time;
// several events, and several devices, may have requests under way together. Destroying it
// abandons the requests under way: their request stays in the log without an outcome.
class DoorControl final : public QObject
{
    Q_OBJECT

public:
    // Asked at each request, so that a change of the guard on duty applies at once.
    using NameSource = std::function<QString()>;

    explicit DoorControl(NameSource operatorName, QObject *parent = nullptr);
    ~DoorControl() override;

    // Where the door log is written. Without a store, requests are still logged to the
    // logging category.
    void setStore(EventStore *store);
    // The name requests are logged under now.
    QString operatorName() const;

    // Why the door of `device` (the device that sent `event`, nullopt when it is not known
    // here) cannot be opened for `event` now, in words; empty when it can.
    QString unavailableReason(const RecognitionEvent &event,
                              const std::optional<DeviceConfig> &device) const;
    // Whether a request for the event with this deduplication key is under way.
    bool isOpening(const QString &dedupKey) const;
    int requestsUnderWay() const { return int(m_requests.size()); }

    // Asks `device` to open its door in answer to `event` (openMode as DoorOpener::open), and
    // logs the request. `started` follows at once, `finished` once the outcome is known
    // (never before open() returns). A device without credentials is not contacted: the
    // request is logged and finishes with that error. Returns false, and does nothing, while
    // a request for the same event is under way.
    bool open(const RecognitionEvent &event, const DeviceConfig &device, int openMode = 0);

signals:
    // The request as logged, without an outcome.
    void started(const DoorOpening &request);
    // The same entry with its outcome.
    void finished(const DoorOpening &outcome, const DoorOpenResult &result);

private:
    void onFinished(const QString &requestId, const DoorOpenResult &result);
    void log(const DoorOpening &entry);

    struct Request final
    {
        DoorOpening entry;
        DoorOpener *opener = nullptr;
    };

    NameSource m_operatorName;
    QPointer<EventStore> m_store;
    QHash<QString, Request> m_requests; // by request id
};
