#pragma once

#include "event/alertrules.h"
#include "event/recognitionevent.h"
#include "model/recognitionroles.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QImage>
#include <QList>
#include <QSet>
#include <QSize>
#include <QTimer>

#include <deque>

class Thumbnailer;

// The live recognitions the guard watches, newest first (row 0 is the most recent arrival).
// Lives on the GUI thread and does nothing heavy there: events arrive parsed, thumbnails are
// decoded by a Thumbnailer on worker threads.
//
// Events are queued and inserted in coalesced batches (one beginInsertRows per flush), and the
// model is capped: past maxRows() the oldest rows go, one beginRemoveRows per flush. Storage
// is a deque indexed from its newest end, so inserting at row 0 and dropping the last rows
// cost O(1) per row, whatever the size.
class RecognitionModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Time,
        Device,
        Name,
        UserId,
        Status,
        Score,
        Liveness,
        Mask,
        Mode,
        Pass,
        Temperature,
        ColumnCount
    };
    Q_ENUM(Column)

    static constexpr int DefaultFlushIntervalMs = 50;
    static constexpr int DefaultMaxRows = 10'000;
    static constexpr QSize DefaultThumbnailSize { 160, 160 };
    static constexpr qsizetype DefaultThumbnailCacheBytes = qsizetype { 64 } * 1024 * 1024;
    static constexpr int DefaultSnapshotRows = 1000;

    explicit RecognitionModel(QObject *parent = nullptr);
    ~RecognitionModel() override;

    // Queues one event; the first queued event arms the flush timer.
    void addEvent(const RecognitionEvent &event);
    // Queues events, oldest first (the order they arrived in).
    void addEvents(const QList<RecognitionEvent> &events);
    // Inserts everything queued now, as one batch. Does nothing while paused.
    void flushPending();

    // Replaces the rows with `newestFirst` (e.g. the most recent events from the store at
    // start-up), keeping at most maxRows() of the newest. A model reset; queued events stay
    // queued and will appear above these.
    void setEvents(const QList<RecognitionEvent> &newestFirst);
    // Removes every row (a model reset). Queued events stay queued.
    void clear();

    // While paused, arriving events are held, not shown; resuming inserts them as one batch
    // (the newest maxRows() of them: older ones would be removed by the cap at once anyway).
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    // Events that arrived and are not shown yet: held while paused, or queued for the next
    // flush. Counts every arrival while paused, even those the cap will drop.
    int pendingCount() const { return m_pendingCount; }

    int flushIntervalMs() const;
    void setFlushIntervalMs(int ms);
    int maxRows() const { return m_maxRows; }
    // Removes the oldest rows at once when the model holds more than `rows` (at least 1).
    void setMaxRows(int rows);
    QSize thumbnailSize() const { return m_thumbnailSize; }
    // Thumbnails fit this box. Changing it drops the cached ones (views are told).
    void setThumbnailSize(QSize size);
    qsizetype thumbnailCacheBytes() const { return m_thumbnails.maxCost(); }
    void setThumbnailCacheBytes(qsizetype bytes);
    // Where the events are stored. With it, only the newest snapshotRows() rows (and held
    // events) keep their JPEG bytes in memory; older rows' thumbnails are decoded from the
    // store when asked for, and eventAt() returns them without bytes (a detail view loads
    // them by deduplication key). Without it, every row keeps its bytes.
    QString databasePath() const { return m_databasePath; }
    void setDatabasePath(const QString &path);
    int snapshotRows() const { return m_snapshotRows; }
    void setSnapshotRows(int rows);
    // The decoder; its thread count can be tuned. Owned by the model.
    Thumbnailer *thumbnailer() const { return m_thumbnailer; }

    // The reasons that make an event an alert (AlertRole, AlertReasonsRole); all by default.
    AlertRules::Reasons alertReasons() const { return m_alertReasons; }
    void setAlertReasons(AlertRules::Reasons reasons);

    // `row` must be valid.
    const RecognitionEvent &eventAt(int row) const;
    quint64 sequence(int row) const;
    // The row of the event with that sequence id, or -1 when it is gone (or never was).
    int rowForSequence(quint64 sequence) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void pausedChanged(bool paused);
    void pendingCountChanged(int count);
    // A batch was inserted at the top (after the rows signals): views may scroll to it.
    void eventsInserted(int count);

private:
    struct Row
    {
        Row(RecognitionEvent e, quint64 s)
            : event(std::move(e))
            , sequence(s)
            , hasSnapshot(!event.snapshotJpeg.isEmpty())
        { }
        RecognitionEvent event;
        quint64 sequence = 0;
        bool hasSnapshot = false; // the bytes may have been let go; see setDatabasePath()
    };

    // Storage index of a model row: the newest row is at the back.
    const Row &rowAt(int row) const { return m_rows[m_rows.size() - 1 - std::size_t(row)]; }
    void queue(const RecognitionEvent &event);
    void setPendingCount(int count);
    void removeOldest(int count);
    // Lets go of the JPEG bytes of rows from `first` on, down to snapshotRows().
    void releaseSnapshots(int first, int count);
    void forgetThumbnail(quint64 sequence);
    QImage thumbnail(const Row &row) const;
    void onThumbnailReady(quint64 key, const QImage &image);
    void onThumbnailFailed(quint64 key);

    std::deque<Row> m_rows; // oldest first; sequences increase from front to back
    std::deque<RecognitionEvent> m_pending; // oldest first, at most m_maxRows
    int m_pendingCount = 0;
    quint64 m_nextSequence = 1;
    int m_maxRows = DefaultMaxRows;
    int m_snapshotRows = DefaultSnapshotRows;
    QString m_databasePath;
    bool m_paused = false;
    AlertRules::Reasons m_alertReasons = AlertRules::all();
    QTimer m_flushTimer;

    Thumbnailer *m_thumbnailer = nullptr;
    QSize m_thumbnailSize = DefaultThumbnailSize;
    // Keyed by sequence id; cost in bytes. Mutable: data() fills it on demand.
    mutable QCache<quint64, QImage> m_thumbnails;
    mutable QSet<quint64> m_thumbnailsRequested; // in flight
    QSet<quint64> m_thumbnailsFailed; // not asked for again while the row lives
};
