#pragma once

#include "event/alertrules.h"
#include "event/recognitionevent.h"
#include "store/acknowledgement.h"

#include <QAbstractListModel>
#include <QList>

#include <deque>
#include <optional>

// The alerts of the live view, newest first: every event for which an enabled alert reason
// holds, with its acknowledgement once a guard has given one. Unacknowledged alerts stay until
// acknowledged (or until the cap pushes out the oldest); unacknowledgedCount() is what the
// banner and the tray show.
//
// Acknowledging marks the row at once and asks for it to be stored (acknowledgeRequested);
// what the store then reports (applyAcknowledgements) is the truth and replaces the mark, so
// when two stations answer the same alert, both show the first answer.
class AlertModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role : int {
        EventRole = Qt::UserRole + 1, // RecognitionEvent
        ReasonsRole, // int: AlertRules::Reasons (enabled ones only)
        TimestampRole, // qint64 Unix ms: the device's time, else the receive time
        AcknowledgedRole, // bool
        AcknowledgementRole, // Acknowledgement, or null while unacknowledged
        DedupKeyRole, // QString
    };

    static constexpr int DefaultMaxAlerts = 1000;

    explicit AlertModel(QObject *parent = nullptr);

    AlertRules::Reasons enabledReasons() const { return m_enabled; }
    // Only events with one of these reasons become alerts from now on; rows already listed
    // stay.
    void setEnabledReasons(AlertRules::Reasons reasons);
    int maxAlerts() const { return m_maxAlerts; }
    void setMaxAlerts(int alerts);

    // Adds the event when it is an alert (returns true). Emits alertRaised for it.
    bool addEvent(const RecognitionEvent &event);
    // Adds an alert read back from the store (oldest first, at start-up): no alertRaised.
    bool addStored(const RecognitionEvent &event,
                   const std::optional<Acknowledgement> &acknowledgement);
    // Adds an alert fetched from the device's history after a disconnection (back-fill):
    // listed where its time puts it among the others, unacknowledged, and without
    // alertRaised: it did not just happen, so it raises no tray message.
    bool addBackfilled(const RecognitionEvent &event);

    int unacknowledgedCount() const { return m_unacknowledged; }
    // The newest unacknowledged alert's row, or -1.
    int newestUnacknowledgedRow() const;
    const RecognitionEvent &eventAt(int row) const { return m_alerts.at(std::size_t(row)).event; }
    std::optional<Acknowledgement> acknowledgementAt(int row) const
    {
        return m_alerts.at(std::size_t(row)).acknowledgement;
    }

    // Acknowledges the alert in `row` (nothing when it already is) as `by`, now.
    void acknowledge(int row, const QString &by, const QString &note);
    // Acknowledges every unacknowledged alert with the same name and note.
    void acknowledgeAll(const QString &by, const QString &note);
    // What the store committed: replaces the acknowledgement of the rows with those keys.
    void applyAcknowledgements(const QList<Acknowledgement> &acknowledgements);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // "Stranger at Main entrance, 14:03:12 — denied" — one line for the banner and the tray.
    static QString summary(const RecognitionEvent &event, AlertRules::Reasons reasons);

signals:
    void alertRaised(const RecognitionEvent &event, AlertRules::Reasons reasons);
    void unacknowledgedCountChanged(int count);
    // To be stored (EventStore::acknowledge), in the order given.
    void acknowledgeRequested(const QList<Acknowledgement> &acknowledgements);

private:
    struct Alert
    {
        RecognitionEvent event;
        QString dedupKey;
        AlertRules::Reasons reasons;
        std::optional<Acknowledgement> acknowledgement;
    };

    bool insert(const RecognitionEvent &event, AlertRules::Reasons reasons,
                const std::optional<Acknowledgement> &acknowledgement, int row = 0);
    void setUnacknowledged(int count);
    void trim();

    // Newest first; a deque: inserting at the front is O(1) and, unlike QList, it never
    // detaches.
    std::deque<Alert> m_alerts;
    AlertRules::Reasons m_enabled = AlertRules::all();
    int m_maxAlerts = DefaultMaxAlerts;
    int m_unacknowledged = 0;
};
