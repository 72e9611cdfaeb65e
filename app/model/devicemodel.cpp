#include "devicemodel.h"

#include "device/devicehub.h"
#include "event/recognitionevent.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
QString formatLocalTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) : QString();
}
} // namespace

DeviceModel::DeviceModel(DeviceHub *hub, QObject *parent)
    : QAbstractTableModel(parent)
    , m_hub(hub)
    , m_rows(hub->deviceCount())
{
    m_refreshTimer.setInterval(DefaultRefreshIntervalMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &DeviceModel::refreshCountdowns);
    m_noticeTimer.setSingleShot(true);
    m_noticeTimer.setInterval(CountersNoticeIntervalMs);
    connect(&m_noticeTimer, &QTimer::timeout, this, &DeviceModel::sendCountersNotice);
    connect(hub, &DeviceHub::deviceAdded, this, &DeviceModel::onDeviceAdded);
    connect(hub, &DeviceHub::deviceAboutToBeRemoved, this, &DeviceModel::onDeviceAboutToBeRemoved);
    connect(hub, &DeviceHub::deviceRemoved, this, &DeviceModel::onDeviceRemoved);
    connect(hub, &DeviceHub::deviceChanged, this, &DeviceModel::onDeviceChanged);
    connect(hub, &DeviceHub::deviceStateChanged, this,
            [this](int device, ConnectionState, const QString &) { onStateChanged(device); });
    connect(hub, &DeviceHub::countersChanged, this,
            [this](int device, const ConnectionCounters &) { onCountersChanged(device); });
    connect(hub, &DeviceHub::backfillChanged, this,
            [this](int device, const BackfillProgress &) { onBackfillChanged(device); });
    connect(hub, &DeviceHub::eventReceived, this, &DeviceModel::onEventReceived);
    m_serials.resize(std::size_t(m_rows));
    m_today.resize(std::size_t(m_rows));
    for (int row = 0; row < m_rows; ++row)
        m_urls.push_back(hub->deviceConfig(row).url);
    m_day = QDate::currentDate();
    m_dayTimer.setSingleShot(true);
    m_dayTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_dayTimer, &QTimer::timeout, this, &DeviceModel::rollOverDay);
    scheduleDayRollOver();
    updateRefreshTimer();
}

void DeviceModel::scheduleDayRollOver()
{
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime midnight = now.date().addDays(1).startOfDay();
    // A little past midnight, so that "today" has surely changed when it fires.
    m_dayTimer.start(std::chrono::milliseconds(now.msecsTo(midnight) + 1000));
}

void DeviceModel::rollOverDay()
{
    if (QDate::currentDate() != m_day) {
        m_day = QDate::currentDate();
        m_todaySeed.clear();
        std::fill(m_today.begin(), m_today.end(), 0);
        if (m_rows > 0)
            emit dataChanged(index(0, Today), index(m_rows - 1, Today),
                             { Qt::DisplayRole, TodayRole });
    }
    scheduleDayRollOver();
}

void DeviceModel::setTodaySeed(const QHash<QString, qint64> &countsBySerial)
{
    m_todaySeed = countsBySerial;
    for (int row = 0; row < m_rows; ++row) {
        const QString &serial = m_serials[std::size_t(row)];
        if (serial.isEmpty())
            continue;
        // Events counted since start-up were stored after the seed was read only if they
        // arrived before it: the seed is read before any device connects.
        m_today[std::size_t(row)] += m_todaySeed.value(serial);
        emit dataChanged(index(row, Today), index(row, Today), { Qt::DisplayRole, TodayRole });
    }
}

qint64 DeviceModel::todayCount(int row) const
{
    return m_today.at(std::size_t(row));
}

void DeviceModel::onEventReceived(int device, const RecognitionEvent &event)
{
    if (device < 0 || device >= m_rows)
        return; // removed since, or its row is still to come
    const auto row = std::size_t(device);
    if (m_serials[row].isEmpty() && !event.deviceSn.isEmpty()) {
        m_serials[row] = event.deviceSn;
        m_today[row] += m_todaySeed.value(event.deviceSn);
    }
    const QDateTime time = event.timestampMs ? QDateTime::fromMSecsSinceEpoch(*event.timestampMs)
                                             : event.receivedAt.toLocalTime();
    if (QDate::currentDate() != m_day)
        rollOverDay();
    if (time.date() == m_day)
        ++m_today[row];
    noteCountersChanged(device);
}

void DeviceModel::noteCountersChanged(int row)
{
    m_changedFrom = m_changedFrom < 0 ? row : std::min(m_changedFrom, row);
    m_changedTo = std::max(m_changedTo, row);
    if (!m_noticeTimer.isActive())
        m_noticeTimer.start();
}

void DeviceModel::sendCountersNotice()
{
    const int from = m_changedFrom;
    const int to = std::min(m_changedTo, m_rows - 1);
    m_changedFrom = -1;
    m_changedTo = -1;
    if (from < 0 || from > to)
        return;
    // The whole rows: CountersRole answers on every column.
    emit dataChanged(index(from, 0), index(to, ColumnCount - 1),
                     { Qt::DisplayRole, Qt::ToolTipRole, CountersRole, TodayRole });
}

void DeviceModel::setRefreshIntervalMs(int ms)
{
    m_refreshTimer.setInterval(std::max(1, ms));
}

void DeviceModel::onDeviceAdded(int index)
{
    if (index < m_rows)
        return;
    beginInsertRows(QModelIndex(), m_rows, index);
    for (int row = m_rows; row <= index; ++row)
        m_urls.push_back(m_hub->deviceConfig(row).url);
    m_rows = index + 1;
    m_serials.resize(std::size_t(m_rows));
    m_today.resize(std::size_t(m_rows));
    endInsertRows();
    updateRefreshTimer();
}

void DeviceModel::onDeviceAboutToBeRemoved(int index)
{
    if (index < 0 || index >= m_rows)
        return;
    // The hub still has the row while views take their leave of it.
    beginRemoveRows(QModelIndex(), index, index);
    m_removing = index;
}

void DeviceModel::onDeviceRemoved(int index)
{
    if (m_removing != index)
        return;
    m_removing = -1;
    const auto row = std::ptrdiff_t(index);
    m_serials.erase(m_serials.begin() + row);
    m_today.erase(m_today.begin() + row);
    m_urls.erase(m_urls.begin() + row);
    --m_rows;
    endRemoveRows();
    updateRefreshTimer();
}

void DeviceModel::onDeviceChanged(int device)
{
    if (device < 0 || device >= m_rows)
        return;
    const auto row = std::size_t(device);
    const QUrl &url = m_hub->deviceConfig(device).url;
    if (m_urls[row] != url) {
        // Perhaps another terminal: its serial number (and so today's count) is learnt anew
        // from its next event.
        m_urls[row] = url;
        m_serials[row].clear();
        m_today[row] = 0;
    }
    emit dataChanged(index(device, 0), index(device, ColumnCount - 1));
    updateRefreshTimer();
}

void DeviceModel::onStateChanged(int device)
{
    if (device >= m_rows)
        return; // the row arrives with deviceAdded
    emit dataChanged(index(device, State), index(device, State),
                     { Qt::DisplayRole, Qt::ToolTipRole, StateRole, RetryInSecondsRole });
    updateRefreshTimer();
}

void DeviceModel::onCountersChanged(int device)
{
    if (device < 0 || device >= m_rows)
        return;
    noteCountersChanged(device);
}

void DeviceModel::onBackfillChanged(int device)
{
    if (device >= m_rows)
        return;
    emit dataChanged(index(device, State), index(device, State),
                     { Qt::DisplayRole, Qt::ToolTipRole, BackfillRole, BackfillRemainingRole });
}

bool DeviceModel::isCountingDown(int row) const
{
    const ConnectionState state = m_hub->deviceState(row);
    return state == ConnectionState::WaitingToRetry || state == ConnectionState::Failed;
}

void DeviceModel::refreshCountdowns()
{
    for (int row = 0; row < m_rows; ++row) {
        if (isCountingDown(row))
            emit dataChanged(index(row, State), index(row, State),
                             { Qt::DisplayRole, Qt::ToolTipRole, RetryInSecondsRole });
    }
    updateRefreshTimer();
}

void DeviceModel::updateRefreshTimer()
{
    bool waiting = false;
    for (int row = 0; row < m_rows && !waiting; ++row)
        waiting = isCountingDown(row);
    if (waiting && !m_refreshTimer.isActive())
        m_refreshTimer.start();
    else if (!waiting)
        m_refreshTimer.stop();
}

QString DeviceModel::stateText(int row) const
{
    if (!m_hub->isDeviceEnabled(row))
        return tr("disabled");
    const ConnectionState state = m_hub->deviceState(row);
    QString text = DeviceConnection::describeState(state, m_hub->deviceRetryInSeconds(row),
                                                   m_hub->deviceLastError(row));
    const QString backfill = backfillText(m_hub->deviceBackfill(row));
    if (state != ConnectionState::Online || backfill.isEmpty())
        return text;
    //: A device's state and its back-fill's: "online, back-filling 37…"
    return tr("%1, %2").arg(text, backfill);
}

QString DeviceModel::backfillText(const BackfillProgress &progress)
{
    switch (progress.state) {
    case BackfillProgress::State::Running: {
        const qint64 remaining = progress.remaining();
        //: Fetching events the device recorded while disconnected; %1: how many are left
        return remaining < 0 ? tr("back-filling…")
                             : tr("back-filling %1…").arg(QLocale().toString(remaining));
    }
    case BackfillProgress::State::Failed:
        return tr("back-fill failed");
    default:
        return {};
    }
}

int DeviceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int DeviceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags DeviceModel::flags(const QModelIndex &index) const
{
    // Views and proxies ask about the invalid (root) index; only a wrong valid one warns.
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant DeviceModel::data(const QModelIndex &index, int role) const
{
    // Views and proxies ask about the invalid (root) index; only a wrong valid one warns.
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const ConnectionCounters counters = m_hub->deviceCounters(row);

    switch (role) {
    case StateRole:
        return int(m_hub->deviceState(row));
    case CountersRole:
        return QVariant::fromValue(counters);
    case RetryInSecondsRole:
        return m_hub->deviceRetryInSeconds(row);
    case TodayRole:
        return m_today.at(std::size_t(row));
    case BackfillRole:
        return QVariant::fromValue(m_hub->deviceBackfill(row));
    case BackfillRemainingRole: {
        const qint64 remaining = m_hub->deviceBackfill(row).remaining();
        return remaining < 0 ? QVariant() : QVariant(remaining);
    }
    case Qt::TextAlignmentRole:
        if (index.column() >= Today && index.column() <= Rejected)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return m_hub->deviceConfig(row).name;
        case Address:
            return m_hub->deviceConfig(row).url.toDisplayString();
        case State:
            return stateText(row);
        case Today:
            return m_today.at(std::size_t(row));
        case Received:
            return counters.received;
        case Stored:
            return counters.stored;
        case Rejected:
            return counters.rejected;
        case LastEvent:
            return formatLocalTime(counters.lastEventAt);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case State: {
            // The device's own words: the reason and the address it tried; then the
            // back-fill's, whatever its state: why there is none, why it failed, what it did.
            QString text = m_hub->deviceStateText(row);
            const QString backfill = m_hub->deviceBackfill(row).detail;
            if (!backfill.isEmpty()) {
                if (!text.isEmpty())
                    text += u'\n';
                text += tr("Back-fill: %1").arg(backfill);
            }
            return text.isEmpty() ? QVariant() : QVariant(text);
        }
        case Rejected:
            return counters.lastRejectReason.isEmpty()
                ? QVariant()
                : QVariant(tr("Last rejected frame: %1").arg(counters.lastRejectReason));
        case LastEvent:
            return counters.reconnects > 0
                ? QVariant(tr("%n reconnection(s)", nullptr, int(counters.reconnects)))
                : QVariant();
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant DeviceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Device");
    case Address:
        return tr("Address");
    case State:
        return tr("State");
    case Today:
        return tr("Today");
    case Received:
        return tr("Received");
    case Stored:
        return tr("Stored");
    case Rejected:
        return tr("Rejected");
    case LastEvent:
        return tr("Last event");
    default:
        return {};
    }
}

QHash<int, QByteArray> DeviceModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(StateRole, "state");
    names.insert(CountersRole, "counters");
    names.insert(RetryInSecondsRole, "retryInSeconds");
    names.insert(TodayRole, "today");
    names.insert(BackfillRole, "backfill");
    names.insert(BackfillRemainingRole, "backfillRemaining");
    return names;
}
