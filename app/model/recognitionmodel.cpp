#include "recognitionmodel.h"

#include "event/alertrules.h"
#include "event/eventlabels.h"
#include "event/thumbnailer.h"
#include "model/recognitioncolumns.h"
#include "store/eventreader.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace RecognitionRoles;

RecognitionModel::RecognitionModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_thumbnailer(new Thumbnailer(this))
{
    qRegisterMetaType<RecognitionEvent>();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(DefaultFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &RecognitionModel::flushPending);
    m_thumbnails.setMaxCost(DefaultThumbnailCacheBytes);
    connect(m_thumbnailer, &Thumbnailer::thumbnailReady, this, &RecognitionModel::onThumbnailReady);
    connect(m_thumbnailer, &Thumbnailer::thumbnailFailed, this,
            [this](quint64 key, const QString &) { onThumbnailFailed(key); });
}

RecognitionModel::~RecognitionModel()
{
    // Before the cache and the rows go: no decoded result may arrive into a half-destroyed
    // model.
    m_thumbnailer->cancelPending();
    m_thumbnailer->disconnect(this);
}

void RecognitionModel::addEvent(const RecognitionEvent &event)
{
    queue(event);
    setPendingCount(m_pendingCount + 1);
    if (!m_paused && !m_flushTimer.isActive())
        m_flushTimer.start();
}

void RecognitionModel::addEvents(const QList<RecognitionEvent> &events)
{
    if (events.isEmpty())
        return;
    for (const RecognitionEvent &event : events)
        queue(event);
    setPendingCount(m_pendingCount + int(events.size()));
    if (!m_paused && !m_flushTimer.isActive())
        m_flushTimer.start();
}

void RecognitionModel::queue(const RecognitionEvent &event)
{
    m_pending.push_back(event);
    // What exceeds the cap would be removed in the same flush that inserts it; held events
    // must not grow without bound during a long pause.
    if (m_pending.size() > std::size_t(m_maxRows))
        m_pending.pop_front();
    // Nor must their snapshots: past the newest snapshotRows() they come from the store.
    if (!m_databasePath.isEmpty() && m_pending.size() > std::size_t(m_snapshotRows))
        m_pending[m_pending.size() - 1 - std::size_t(m_snapshotRows)].snapshotJpeg.clear();
}

void RecognitionModel::flushPending()
{
    m_flushTimer.stop();
    if (m_paused || m_pending.empty()) {
        if (!m_paused)
            setPendingCount(0);
        return;
    }
    const int count = int(m_pending.size()); // at most m_maxRows (queue() sees to it)
    const int overflow = int(m_rows.size()) + count - m_maxRows;
    if (overflow > 0)
        removeOldest(overflow);

    beginInsertRows(QModelIndex(), 0, count - 1);
    for (RecognitionEvent &event : m_pending) {
        // A held event whose bytes were let go still has a snapshot in the store.
        const bool released = !m_databasePath.isEmpty() && event.snapshotJpeg.isEmpty()
            && !event.snapshotSize.isEmpty();
        m_rows.emplace_back(std::move(event), m_nextSequence++);
        m_rows.back().hasSnapshot = m_rows.back().hasSnapshot || released;
    }
    m_pending.clear();
    endInsertRows();
    // The rows pushed below the newest snapshotRows() by this batch.
    releaseSnapshots(m_snapshotRows, count);
    setPendingCount(0);
    emit eventsInserted(count);
}

void RecognitionModel::releaseSnapshots(int first, int count)
{
    if (m_databasePath.isEmpty())
        return;
    const int last = std::min(first + count, rowCount());
    for (int row = std::max(0, first); row < last; ++row) {
        Row &r = m_rows[m_rows.size() - 1 - std::size_t(row)];
        r.event.snapshotJpeg.clear();
        r.event.snapshotJpeg.squeeze();
    }
}

void RecognitionModel::setDatabasePath(const QString &path)
{
    m_databasePath = path;
    releaseSnapshots(m_snapshotRows, rowCount());
}

void RecognitionModel::setSnapshotRows(int rows)
{
    m_snapshotRows = std::max(0, rows);
    releaseSnapshots(m_snapshotRows, rowCount());
}

void RecognitionModel::removeOldest(int count)
{
    count = std::min(count, int(m_rows.size()));
    if (count <= 0)
        return;
    const int rows = int(m_rows.size());
    beginRemoveRows(QModelIndex(), rows - count, rows - 1);
    for (int i = 0; i < count; ++i) {
        forgetThumbnail(m_rows.front().sequence);
        m_rows.pop_front();
    }
    endRemoveRows();
}

void RecognitionModel::forgetThumbnail(quint64 sequence)
{
    m_thumbnails.remove(sequence);
    m_thumbnailsRequested.remove(sequence);
    m_thumbnailsFailed.remove(sequence);
}

void RecognitionModel::setEvents(const QList<RecognitionEvent> &newestFirst)
{
    beginResetModel();
    m_rows.clear();
    m_thumbnails.clear();
    m_thumbnailsRequested.clear();
    m_thumbnailsFailed.clear();
    // Sequences keep increasing across resets, so a late thumbnail of a vanished row finds
    // no row instead of the wrong one.
    const qsizetype keep = std::min(newestFirst.size(), qsizetype(m_maxRows));
    for (qsizetype i = keep - 1; i >= 0; --i)
        m_rows.emplace_back(newestFirst.at(i), m_nextSequence++);
    releaseSnapshots(m_snapshotRows, rowCount());
    endResetModel();
}

void RecognitionModel::clear()
{
    setEvents({});
}

void RecognitionModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (paused)
        m_flushTimer.stop();
    emit pausedChanged(paused);
    if (!paused)
        flushPending();
}

void RecognitionModel::setPendingCount(int count)
{
    if (count == m_pendingCount)
        return;
    m_pendingCount = count;
    emit pendingCountChanged(count);
}

int RecognitionModel::flushIntervalMs() const
{
    return m_flushTimer.interval();
}

void RecognitionModel::setFlushIntervalMs(int ms)
{
    m_flushTimer.setInterval(std::max(0, ms));
}

void RecognitionModel::setAlertReasons(AlertRules::Reasons reasons)
{
    if (reasons == m_alertReasons)
        return;
    m_alertReasons = reasons;
    if (rowCount() > 0)
        emit dataChanged(
            index(0, 0), index(rowCount() - 1, ColumnCount - 1),
            { RecognitionRoles::AlertRole, RecognitionRoles::AlertReasonsRole, Qt::ToolTipRole });
}

void RecognitionModel::setMaxRows(int rows)
{
    m_maxRows = std::max(1, rows);
    while (m_pending.size() > std::size_t(m_maxRows))
        m_pending.pop_front();
    removeOldest(int(m_rows.size()) - m_maxRows);
}

void RecognitionModel::setThumbnailSize(QSize size)
{
    if (size == m_thumbnailSize)
        return;
    m_thumbnailSize = size;
    m_thumbnailer->cancelPending();
    m_thumbnails.clear();
    m_thumbnailsRequested.clear();
    m_thumbnailsFailed.clear();
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                         { ThumbnailRole, Qt::DecorationRole });
}

void RecognitionModel::setThumbnailCacheBytes(qsizetype bytes)
{
    m_thumbnails.setMaxCost(std::max<qsizetype>(0, bytes));
}

const RecognitionEvent &RecognitionModel::eventAt(int row) const
{
    return rowAt(row).event;
}

quint64 RecognitionModel::sequence(int row) const
{
    return rowAt(row).sequence;
}

int RecognitionModel::rowForSequence(quint64 sequence) const
{
    // Sequences increase from the oldest row to the newest: a binary search finds it.
    const auto it
        = std::lower_bound(m_rows.cbegin(), m_rows.cend(), sequence,
                           [](const Row &row, quint64 wanted) { return row.sequence < wanted; });
    if (it == m_rows.cend() || it->sequence != sequence)
        return -1;
    return int(m_rows.cend() - it) - 1;
}

QImage RecognitionModel::thumbnail(const Row &row) const
{
    if (!row.hasSnapshot)
        return {};
    if (const QImage *cached = m_thumbnails.object(row.sequence))
        return *cached;
    if (!m_thumbnailsRequested.contains(row.sequence)
        && !m_thumbnailsFailed.contains(row.sequence)) {
        m_thumbnailsRequested.insert(row.sequence);
        if (!row.event.snapshotJpeg.isEmpty()) {
            m_thumbnailer->request(row.sequence, row.event.snapshotJpeg, m_thumbnailSize);
        } else {
            // Let go to bound memory: read back from the store, on the worker.
            m_thumbnailer->request(
                row.sequence,
                [path = m_databasePath,
                 key = row.event.deduplicationKey()](QString *error) -> std::optional<QByteArray> {
                    EventReader reader;
                    if (!reader.open(path, error))
                        return std::nullopt;
                    return reader.snapshotFor(key, error);
                },
                m_thumbnailSize);
        }
    }
    return {};
}

void RecognitionModel::onThumbnailReady(quint64 key, const QImage &image)
{
    if (!m_thumbnailsRequested.remove(key))
        return; // asked for before a reset or a size change
    const int row = rowForSequence(key);
    if (row < 0)
        return;
    // A thumbnail bigger than the whole cache is not kept; asking for it again would only
    // decode it again, forever, so it counts as failed.
    if (!m_thumbnails.insert(key, new QImage(image), std::max<qsizetype>(1, image.sizeInBytes()))) {
        m_thumbnailsFailed.insert(key);
        return;
    }
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1),
                     { ThumbnailRole, Qt::DecorationRole });
}

void RecognitionModel::onThumbnailFailed(quint64 key)
{
    if (!m_thumbnailsRequested.remove(key))
        return;
    const int row = rowForSequence(key);
    if (row < 0)
        return;
    m_thumbnailsFailed.insert(key);
    // The views stop saying "Loading…".
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1), { ThumbnailFailedRole });
}

int RecognitionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RecognitionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags RecognitionModel::flags(const QModelIndex &index) const
{
    // Views and proxies ask about the invalid (root) index; only a wrong valid one warns.
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant RecognitionModel::data(const QModelIndex &index, int role) const
{
    // Views and proxies ask about the invalid (root) index; only a wrong valid one warns.
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = rowAt(index.row());
    const RecognitionEvent &event = row.event;
    if (role == Qt::DisplayRole && index.column() == Time && event.backfilled) {
        // Back-filled rows are listed where they arrived, above newer live ones: say so.
        //: The time of an event fetched from the device's history after a disconnection
        return tr("%1 (from history)")
            .arg(RecognitionColumns::display(event, index.column()).toString());
    }
    RecognitionColumns::RowState state;
    state.sequence = row.sequence;
    state.hasSnapshot = row.hasSnapshot;
    state.thumbnailFailed = m_thumbnailsFailed.contains(row.sequence);
    state.thumbnail = [this, &row] {
        return thumbnail(row);
    };
    return RecognitionColumns::data(event, index.column(), role, m_alertReasons, state);
}

QVariant RecognitionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return RecognitionColumns::header(section);
}

QHash<int, QByteArray> RecognitionModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RecognitionColumns::roleNames());
    return names;
}
