#pragma once

#include "device/devicebackfill.h"
#include "device/deviceconnection.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QHash>
#include <QTimer>
#include <QUrl>

#include <vector>

struct RecognitionEvent;

class DeviceHub;

// Every device of a DeviceHub, one row each in the hub's order, kept current through the hub's
// signals: devices added, removed (the rows after move up) and edited live. Lives on the hub's
// thread (the GUI thread). While some device waits for its next attempt, a timer refreshes the
// countdown of its state text.
class DeviceModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Address, State, Today, Received, Stored, Rejected, LastEvent, ColumnCount };
    Q_ENUM(Column)

    enum Role : int {
        StateRole = Qt::UserRole + 1, // int: ConnectionState
        CountersRole, // ConnectionCounters
        RetryInSecondsRole, // int: seconds until the next attempt, 0 when none is scheduled
        TodayRole, // qint64: events the device recognised today (local time)
        BackfillRole, // BackfillProgress: where fetching the missed events stands
        BackfillRemainingRole, // qint64: records still to fetch while back-filling, else null
    };

    static constexpr int DefaultRefreshIntervalMs = 1000;
    // Counters and today's count change with every recognition: views hear of them at most
    // this often (data() has the new values at once). A view of many terminals that resizes
    // its columns to their contents measures every row at each notice.
    static constexpr int CountersNoticeIntervalMs = 250;

    explicit DeviceModel(DeviceHub *hub, QObject *parent = nullptr);

    DeviceHub *hub() const { return m_hub; }
    // How often the "retrying in N s" countdown is refreshed.
    int refreshIntervalMs() const { return m_refreshTimer.interval(); }
    void setRefreshIntervalMs(int ms);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Events stored earlier today, per device serial number (read from the store at start-up):
    // a device's "today" count starts from its seed once its serial number is known (with its
    // first event). Counts restart at local midnight.
    void setTodaySeed(const QHash<QString, qint64> &countsBySerial);
    qint64 todayCount(int row) const;

    // The short state words of the device strip: "online", "connecting", "retrying in 4 s",
    // "failed: <reason>", "disabled" (translated); while online, with the back-fill's:
    // "online, back-filling 37…", "online, back-fill failed".
    QString stateText(int row) const;
    // The back-fill's own words, short: "back-filling 37…" (records still to fetch),
    // "back-filling…" (before the device said how many), "back-fill failed"; empty when none
    // is under way or failed.
    static QString backfillText(const BackfillProgress &progress);

private:
    void onDeviceAdded(int index);
    void onDeviceAboutToBeRemoved(int index);
    void onDeviceRemoved(int index);
    void onDeviceChanged(int index);
    void onStateChanged(int device);
    void onCountersChanged(int device);
    void onBackfillChanged(int device);
    void refreshCountdowns();
    void updateRefreshTimer();
    bool isCountingDown(int row) const;
    void onEventReceived(int device, const RecognitionEvent &event);
    void rollOverDay();
    void scheduleDayRollOver();

    DeviceHub *m_hub = nullptr;
    int m_rows = 0;
    int m_removing = -1; // between the hub's deviceAboutToBeRemoved and deviceRemoved
    QTimer m_refreshTimer;
    // Rows whose counters or today's count changed since the last notice
    // (CountersNoticeIntervalMs).
    QTimer m_noticeTimer;
    int m_changedFrom = -1;
    int m_changedTo = -1;
    void noteCountersChanged(int row);
    void sendCountersNotice();
    // Per row: the serial number learnt from its events (under the address in m_urls: another
    // address may be another terminal), and today's count.
    std::vector<QString> m_serials;
    std::vector<qint64> m_today;
    std::vector<QUrl> m_urls;
    QHash<QString, qint64> m_todaySeed;
    QDate m_day;
    QTimer m_dayTimer;
};
