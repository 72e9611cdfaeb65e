#pragma once

#include "event/alertrules.h"
#include "event/recognitionevent.h"
#include "store/eventfilter.h"
#include "store/eventpage.h"
#include "store/eventsort.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QHash>
#include <QImage>
#include <QList>
#include <QSet>
#include <QSize>
#include <QTimer>

#include <optional>

class QThread;
class Thumbnailer;

// The stored history under a filter, for the History window: a table over the database, not
// over the live model, that never holds more than the rows the user has scrolled through.
// Pages come from an EventReader on a thread of the model's own (keyset paging, so a page deep
// in a million rows costs what the first one does): the first page when the filter or the sort
// changes, the next one when a view asks for more (canFetchMore/fetchMore). Thumbnails are
// loaded for the rows a view shows only, and decoded on worker threads. Nothing touches the
// database on the caller's thread.
//
// The columns, display texts and roles are the live table's (RecognitionModel::Column,
// RecognitionRoles), so the same delegates and detail view work on both.
class HistoryModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int DefaultPageSize = 200;
    // The most rows held (about 2 KB each with their texts): a view scrolls through the first
    // 50,000 of a result (250 pages), and a filter or the reverse order reaches the others.
    // Together with a dashboard at its own caps the whole application stays under 400 MB.
    static constexpr int DefaultMaxRows = 50'000;
    static constexpr QSize DefaultThumbnailSize { 48, 48 };

    explicit HistoryModel(QObject *parent = nullptr);
    ~HistoryModel() override;

    QString databasePath() const { return m_databasePath; }
    // The database to read; (re)loads. Opened read-only, on the model's thread.
    void setDatabasePath(const QString &path);

    EventFilter filter() const { return m_filter; }
    // Shows the events the filter lets through, from the first page on. The same filter again
    // changes nothing (refresh() reads again).
    void setFilter(const EventFilter &filter);
    EventSort eventSort() const { return m_sort; }
    // Orders by a RecognitionModel::Column; reloads.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // Reads the current filter again from the first page (what was recorded since included).
    void refresh();

    int pageSize() const { return m_pageSize; }
    void setPageSize(int rows);
    int maxRows() const { return m_maxRows; }
    // Takes effect from the next page on (rows already held stay).
    void setMaxRows(int rows);
    // The result has more rows than the model will hold: the view ends at maxRows().
    bool isCapped() const;
    QSize thumbnailSize() const { return m_thumbnailSize; }
    void setThumbnailSize(QSize size);
    AlertRules::Reasons alertReasons() const { return m_alertReasons; }
    void setAlertReasons(AlertRules::Reasons reasons);

    // How many events the filter matches; -1 while it is being counted (or on error).
    qint64 totalCount() const { return m_totalCount; }
    // A page or the count is on its way.
    bool isLoading() const { return m_fetching || m_counting; }
    // Why the last read failed; empty when it did not.
    QString lastError() const { return m_lastError; }

    // `row` must be valid. The event comes without its snapshot bytes (HasSnapshotRole says
    // whether it has one; the detail view loads it by deduplication key).
    const RecognitionEvent &eventAt(int row) const;
    std::optional<Acknowledgement> acknowledgementAt(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Reads which devices have stored events; devicesKnown() follows.
    void requestKnownDevices();

    // The sort column of a table column, and back (-1 for none).
    static EventSort::Column sortColumnFor(int column);
    static int columnFor(EventSort::Column column);

signals:
    void totalCountChanged(qint64 count);
    void loadingChanged(bool loading);
    // A read failed: the rows shown so far stay.
    void errorOccurred(const QString &message);
    // A page arrived and its rows are in (also an empty first page).
    void pageLoaded(int rows);
    // Serial number and latest name of every device with stored events, by name.
    void devicesKnown(const QList<std::pair<QString, QString>> &devices);

private:
    struct Worker;

    void reload();
    void requestPage();
    void requestCount();
    void onPage(quint64 generation, const std::optional<EventPage> &page, const QString &error);
    void onCount(quint64 generation, qint64 count, const QString &error);
    void requestThumbnails();
    void onSnapshots(quint64 generation, const QHash<qint64, QByteArray> &snapshots);
    void onThumbnailReady(quint64 id, const QImage &image);
    void onThumbnailFailed(quint64 id);
    void setLoading(bool fetching, bool counting);
    QImage thumbnail(int row) const;

    QString m_databasePath;
    EventFilter m_filter;
    EventSort m_sort;
    int m_pageSize = DefaultPageSize;
    int m_maxRows = DefaultMaxRows;
    QSize m_thumbnailSize = DefaultThumbnailSize;
    AlertRules::Reasons m_alertReasons = AlertRules::all();

    QList<EventPage::Row> m_rows;
    QHash<qint64, int> m_rowById;
    bool m_atEnd = true;
    bool m_fetching = false;
    bool m_counting = false;
    qint64 m_totalCount = -1;
    QString m_lastError;
    // Bumped by every reload: answers to an older one are dropped.
    quint64 m_generation = 0;

    QThread *m_thread = nullptr;
    Worker *m_worker = nullptr;
    Thumbnailer *m_thumbnailer = nullptr;
    mutable QCache<qint64, QImage> m_thumbnails; // by row id, cost in bytes
    mutable QSet<qint64> m_thumbnailsWanted; // asked for by data(), not yet requested
    mutable QSet<qint64> m_thumbnailsRequested;
    QSet<qint64> m_thumbnailsFailed;
    mutable QTimer m_thumbnailTimer;
};
