#include "alertmodel.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
qint64 timestampOf(const RecognitionEvent &event)
{
    return event.timestampMs ? *event.timestampMs : event.receivedAt.toMSecsSinceEpoch();
}

QString personOf(const RecognitionEvent &event, AlertRules::Reasons reasons)
{
    // Names are device data: keep the summary on one line whatever they contain.
    if (event.user && !event.user->name.isEmpty())
        return event.user->name.simplified();
    if (reasons.testFlag(AlertRules::Reason::Stranger))
        return AlertModel::tr("Stranger");
    if (event.user && !event.user->userId.isEmpty())
        return AlertModel::tr("user %1").arg(event.user->userId);
    return AlertModel::tr("Unknown person");
}
} // namespace

AlertModel::AlertModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void AlertModel::setEnabledReasons(AlertRules::Reasons reasons)
{
    m_enabled = reasons;
}

void AlertModel::setMaxAlerts(int alerts)
{
    m_maxAlerts = qMax(1, alerts);
    trim();
}

bool AlertModel::addEvent(const RecognitionEvent &event)
{
    const AlertRules::Reasons reasons = AlertRules::reasons(event) & m_enabled;
    if (!insert(event, reasons, std::nullopt))
        return false;
    emit alertRaised(event, reasons);
    return true;
}

bool AlertModel::addStored(const RecognitionEvent &event,
                           const std::optional<Acknowledgement> &acknowledgement)
{
    return insert(event, AlertRules::reasons(event) & m_enabled, acknowledgement);
}

bool AlertModel::addBackfilled(const RecognitionEvent &event)
{
    const AlertRules::Reasons reasons = AlertRules::reasons(event) & m_enabled;
    if (reasons == AlertRules::Reasons())
        return false;
    // Above the first alert older than it; rows are newest first (by arrival, which is time
    // order but for other back-filled rows).
    const qint64 time = timestampOf(event);
    const auto older = std::find_if(m_alerts.cbegin(), m_alerts.cend(),
                                    [time](const Alert &a) { return timestampOf(a.event) < time; });
    return insert(event, reasons, std::nullopt, int(older - m_alerts.cbegin()));
}

bool AlertModel::insert(const RecognitionEvent &event, AlertRules::Reasons reasons,
                        const std::optional<Acknowledgement> &acknowledgement, int row)
{
    if (reasons == AlertRules::Reasons())
        return false;
    Alert alert { event, event.deduplicationKey(), reasons, acknowledgement };
    // The list needs no snapshot or raw frame: the detail view reads them from the event
    // the live model holds, or from the store.
    alert.event.snapshotJpeg.clear();
    beginInsertRows(QModelIndex(), row, row);
    m_alerts.insert(m_alerts.begin() + row, std::move(alert));
    endInsertRows();
    if (!acknowledgement)
        setUnacknowledged(m_unacknowledged + 1);
    trim();
    return true;
}

void AlertModel::trim()
{
    const int excess = int(m_alerts.size()) - m_maxAlerts;
    if (excess <= 0)
        return;
    const int first = m_maxAlerts;
    int dropped = 0;
    for (auto it = m_alerts.cbegin() + first; it != m_alerts.cend(); ++it)
        dropped += it->acknowledgement ? 0 : 1;
    beginRemoveRows(QModelIndex(), first, int(m_alerts.size()) - 1);
    m_alerts.resize(std::size_t(m_maxAlerts));
    endRemoveRows();
    if (dropped > 0)
        setUnacknowledged(m_unacknowledged - dropped);
}

int AlertModel::newestUnacknowledgedRow() const
{
    for (std::size_t row = 0; row < m_alerts.size(); ++row) {
        if (!m_alerts[row].acknowledgement)
            return int(row);
    }
    return -1;
}

void AlertModel::acknowledge(int row, const QString &by, const QString &note)
{
    if (row < 0 || row >= rowCount() || m_alerts[std::size_t(row)].acknowledgement)
        return;
    Alert &alert = m_alerts[std::size_t(row)];
    alert.acknowledgement
        = Acknowledgement { alert.dedupKey, QDateTime::currentDateTimeUtc(), by, note };
    const QModelIndex changed = index(row);
    emit dataChanged(changed, changed);
    setUnacknowledged(m_unacknowledged - 1);
    emit acknowledgeRequested({ *alert.acknowledgement });
}

void AlertModel::acknowledgeAll(const QString &by, const QString &note)
{
    QList<Acknowledgement> given;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    int first = -1;
    int last = -1;
    for (int row = 0; row < rowCount(); ++row) {
        Alert &alert = m_alerts[std::size_t(row)];
        if (alert.acknowledgement)
            continue;
        alert.acknowledgement = Acknowledgement { alert.dedupKey, now, by, note };
        given.append(*alert.acknowledgement);
        first = first < 0 ? row : first;
        last = row;
    }
    if (given.isEmpty())
        return;
    emit dataChanged(index(first), index(last));
    setUnacknowledged(m_unacknowledged - int(given.size()));
    emit acknowledgeRequested(given);
}

void AlertModel::applyAcknowledgements(const QList<Acknowledgement> &acknowledgements)
{
    int unacknowledged = m_unacknowledged;
    for (const Acknowledgement &ack : acknowledgements) {
        for (int row = 0; row < rowCount(); ++row) {
            Alert &alert = m_alerts[std::size_t(row)];
            if (alert.dedupKey != ack.dedupKey)
                continue;
            if (!alert.acknowledgement)
                --unacknowledged;
            alert.acknowledgement = ack;
            const QModelIndex changed = index(row);
            emit dataChanged(changed, changed);
        }
    }
    setUnacknowledged(unacknowledged);
}

void AlertModel::setUnacknowledged(int count)
{
    if (count == m_unacknowledged)
        return;
    m_unacknowledged = count;
    emit unacknowledgedCountChanged(count);
}

int AlertModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alerts.size());
}

QString AlertModel::summary(const RecognitionEvent &event, AlertRules::Reasons reasons)
{
    // "Stranger" already says it: the reason need not repeat it.
    const bool stranger = !(event.user && !event.user->name.isEmpty())
        && reasons.testFlag(AlertRules::Reason::Stranger);
    const QStringList words = AlertRules::describe(
        stranger ? reasons & ~AlertRules::Reasons(AlertRules::Reason::Stranger) : reasons);
    const QString time = QLocale().toString(
        QDateTime::fromMSecsSinceEpoch(timestampOf(event)).toLocalTime().time(), u"HH:mm:ss"_s);
    const QString device = event.deviceName.isEmpty() ? event.deviceSn : event.deviceName;
    // Names come in any script: isolate them, so that a right-to-left name does not reorder
    // the sentence around it.
    const auto isolate = [](const QString &text) -> QString {
        return QChar(0x2068) + text + QChar(0x2069);
    };
    const QString what
        = tr("%1 at %2, %3").arg(isolate(personOf(event, reasons)), isolate(device), time);
    return words.isEmpty() ? what : tr("%1 — %2").arg(what, words.join(u", "_s));
}

QVariant AlertModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Alert &alert = m_alerts[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: {
        QString text = summary(alert.event, alert.reasons);
        if (alert.acknowledgement) {
            const QString at
                = QLocale().toString(alert.acknowledgement->at.toLocalTime().time(), u"HH:mm"_s);
            text += u"\n"_s
                + (alert.acknowledgement->note.isEmpty()
                       ? tr("Acknowledged by %1 at %2").arg(alert.acknowledgement->by, at)
                       : tr("Acknowledged by %1 at %2: %3")
                             .arg(alert.acknowledgement->by, at, alert.acknowledgement->note));
        } else {
            text += u"\n"_s + tr("Not acknowledged");
        }
        return text;
    }
    case Qt::AccessibleTextRole:
        return data(index, Qt::DisplayRole).toString().replace(u'\n', u"; "_s);
    case EventRole:
        return QVariant::fromValue(alert.event);
    case ReasonsRole:
        return int(alert.reasons.toInt());
    case TimestampRole:
        return timestampOf(alert.event);
    case AcknowledgedRole:
        return alert.acknowledgement.has_value();
    case AcknowledgementRole:
        return alert.acknowledgement ? QVariant::fromValue(*alert.acknowledgement) : QVariant();
    case DedupKeyRole:
        return alert.dedupKey;
    default:
        return {};
    }
}

QHash<int, QByteArray> AlertModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({ { EventRole, "event" },
                   { ReasonsRole, "reasons" },
                   { TimestampRole, "timestamp" },
                   { AcknowledgedRole, "acknowledged" },
                   { AcknowledgementRole, "acknowledgement" },
                   { DedupKeyRole, "dedupKey" } });
    return names;
}
