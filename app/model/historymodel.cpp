#include "historymodel.h"

#include "event/thumbnailer.h"
#include "model/recognitioncolumns.h"
#include "model/recognitionmodel.h"
#include "model/recognitionroles.h"
#include "store/eventreader.h"

#include <QLoggingCategory>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace RecognitionRoles;

Q_LOGGING_CATEGORY(lcHistory, "gatewatch.history", QtInfoMsg)

// Lives on the model's thread: the reader's connection belongs to it. Called only through
// queued lambdas; answers go back the same way, to the model, which drops them if it is gone.
struct HistoryModel::Worker final : public QObject
{
    Q_OBJECT

public:
    EventReader reader;
    QString openPath;

    bool ensureOpen(const QString &path, QString *error)
    {
        if (reader.isOpen() && openPath == path)
            return true;
        reader.close();
        openPath.clear();
        if (!reader.open(path, error))
            return false;
        openPath = path;
        return true;
    }
};

namespace {
constexpr qsizetype ThumbnailCacheBytes = qsizetype { 32 } * 1024 * 1024;
} // namespace

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_thread(new QThread)
    , m_worker(new Worker)
    , m_thumbnailer(new Thumbnailer(this))
{
    qRegisterMetaType<EventPage>();
    m_thread->setObjectName(u"gatewatch-history"_s);
    m_worker->moveToThread(m_thread);
    // Deleted on its thread, where its connection was opened.
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();

    m_thumbnails.setMaxCost(ThumbnailCacheBytes);
    m_thumbnailTimer.setSingleShot(true);
    m_thumbnailTimer.setInterval(0);
    connect(&m_thumbnailTimer, &QTimer::timeout, this, &HistoryModel::requestThumbnails);
    connect(m_thumbnailer, &Thumbnailer::thumbnailReady, this, &HistoryModel::onThumbnailReady);
    connect(m_thumbnailer, &Thumbnailer::thumbnailFailed, this,
            [this](quint64 key, const QString &) { onThumbnailFailed(key); });
}

HistoryModel::~HistoryModel()
{
    m_thumbnailer->cancelPending();
    m_thumbnailer->disconnect(this);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void HistoryModel::setDatabasePath(const QString &path)
{
    m_databasePath = path;
    reload();
}

void HistoryModel::setFilter(const EventFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    reload();
}

void HistoryModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= RecognitionModel::ColumnCount)
        return;
    const EventSort sort { sortColumnFor(column), order };
    if (sort == m_sort)
        return;
    m_sort = sort;
    reload();
}

void HistoryModel::refresh()
{
    reload();
}

void HistoryModel::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
}

void HistoryModel::setThumbnailSize(QSize size)
{
    if (size == m_thumbnailSize || !size.isValid())
        return;
    m_thumbnailSize = size;
    m_thumbnailer->cancelPending();
    m_thumbnails.clear();
    m_thumbnailsRequested.clear();
    m_thumbnailsFailed.clear();
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, columnCount() - 1),
                         { Qt::DecorationRole, ThumbnailRole });
}

void HistoryModel::setAlertReasons(AlertRules::Reasons reasons)
{
    if (reasons == m_alertReasons)
        return;
    m_alertReasons = reasons;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, columnCount() - 1));
}

void HistoryModel::reload()
{
    ++m_generation;
    m_thumbnailer->cancelPending();
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    m_thumbnails.clear();
    m_thumbnailsWanted.clear();
    m_thumbnailsRequested.clear();
    m_thumbnailsFailed.clear();
    m_atEnd = m_databasePath.isEmpty();
    m_fetching = false;
    m_counting = false;
    endResetModel();
    if (m_totalCount != -1) {
        m_totalCount = -1;
        emit totalCountChanged(-1);
    }
    if (m_databasePath.isEmpty()) {
        setLoading(false, false);
        return;
    }
    requestCount();
    requestPage();
}

void HistoryModel::setMaxRows(int rows)
{
    m_maxRows = std::max(1, rows);
}

bool HistoryModel::isCapped() const
{
    return !m_atEnd && m_rows.size() >= m_maxRows;
}

void HistoryModel::requestPage()
{
    if (m_fetching || m_atEnd || m_rows.size() >= m_maxRows)
        return;
    EventPageRequest request;
    request.filter = m_filter;
    request.sort = m_sort;
    request.limit = int(std::min<qsizetype>(m_pageSize, m_maxRows - m_rows.size()));
    if (!m_rows.isEmpty())
        request.after = m_rows.constLast().position;
    const quint64 generation = m_generation;
    const QString path = m_databasePath;
    setLoading(true, m_counting);
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, generation, path, request] {
        QString error;
        std::optional<EventPage> page;
        if (worker->ensureOpen(path, &error))
            page = worker->reader.page(request, &error);
        QMetaObject::invokeMethod(
            this, [this, generation, page, error] { onPage(generation, page, error); });
    });
}

void HistoryModel::requestCount()
{
    const quint64 generation = m_generation;
    const QString path = m_databasePath;
    const EventFilter filter = m_filter;
    setLoading(m_fetching, true);
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, generation, path, filter] {
        QString error;
        qint64 count = -1;
        if (worker->ensureOpen(path, &error))
            count = worker->reader.count(filter, &error);
        QMetaObject::invokeMethod(
            this, [this, generation, count, error] { onCount(generation, count, error); });
    });
}

void HistoryModel::requestKnownDevices()
{
    const QString path = m_databasePath;
    if (path.isEmpty())
        return;
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, path] {
        QString error;
        QList<std::pair<QString, QString>> devices;
        if (worker->ensureOpen(path, &error)) {
            const auto known = worker->reader.knownDevices(&error);
            if (known) {
                for (const EventReader::KnownDevice &device : *known)
                    devices.append({ device.serialNumber, device.name });
            } else {
                qCWarning(lcHistory).noquote() << "history devices:" << error;
            }
        }
        QMetaObject::invokeMethod(this, [this, devices] { emit devicesKnown(devices); });
    });
}

void HistoryModel::onPage(quint64 generation, const std::optional<EventPage> &page,
                          const QString &error)
{
    if (generation != m_generation)
        return;
    if (!page) {
        m_atEnd = true; // not asked again until a reload
        m_lastError = error;
        qCWarning(lcHistory).noquote() << "history page:" << error;
        setLoading(false, m_counting);
        emit errorOccurred(error);
        return;
    }
    m_lastError.clear();
    m_atEnd = page->atEnd;
    if (!page->rows.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(page->rows.size()) - 1);
        for (const EventPage::Row &row : page->rows) {
            m_rowById.insert(row.id, int(m_rows.size()));
            m_rows.append(row);
        }
        endInsertRows();
    }
    setLoading(false, m_counting);
    emit pageLoaded(int(page->rows.size()));
}

void HistoryModel::onCount(quint64 generation, qint64 count, const QString &error)
{
    if (generation != m_generation)
        return;
    setLoading(m_fetching, false);
    if (count < 0) {
        m_lastError = error;
        qCWarning(lcHistory).noquote() << "history count:" << error;
        emit errorOccurred(error);
        return;
    }
    m_totalCount = count;
    emit totalCountChanged(count);
}

void HistoryModel::setLoading(bool fetching, bool counting)
{
    const bool before = isLoading();
    m_fetching = fetching;
    m_counting = counting;
    if (before != isLoading())
        emit loadingChanged(isLoading());
}

const RecognitionEvent &HistoryModel::eventAt(int row) const
{
    return m_rows.at(row).event;
}

std::optional<Acknowledgement> HistoryModel::acknowledgementAt(int row) const
{
    return m_rows.at(row).acknowledgement;
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(RecognitionModel::ColumnCount);
}

Qt::ItemFlags HistoryModel::flags(const QModelIndex &index) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventPage::Row &row = m_rows.at(index.row());
    RecognitionColumns::RowState state;
    state.sequence = quint64(row.id);
    state.hasSnapshot = row.hasSnapshot;
    state.thumbnailFailed = m_thumbnailsFailed.contains(row.id);
    state.thumbnail = [this, &index] {
        return thumbnail(index.row());
    };
    return RecognitionColumns::data(row.event, index.column(), role, m_alertReasons, state);
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return RecognitionColumns::header(section);
}

QHash<int, QByteArray> HistoryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RecognitionColumns::roleNames());
    return names;
}

bool HistoryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && m_rows.size() < m_maxRows;
}

void HistoryModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid())
        return;
    requestPage();
}

QImage HistoryModel::thumbnail(int row) const
{
    const EventPage::Row &entry = m_rows.at(row);
    if (!entry.hasSnapshot)
        return {};
    if (const QImage *image = m_thumbnails.object(entry.id))
        return *image;
    if (!m_thumbnailsFailed.contains(entry.id) && !m_thumbnailsRequested.contains(entry.id)) {
        // Collected while the view paints, asked for in one query afterwards.
        m_thumbnailsWanted.insert(entry.id);
        if (!m_thumbnailTimer.isActive())
            m_thumbnailTimer.start();
    }
    return {};
}

void HistoryModel::requestThumbnails()
{
    if (m_thumbnailsWanted.isEmpty())
        return;
    QList<qint64> ids(m_thumbnailsWanted.cbegin(), m_thumbnailsWanted.cend());
    m_thumbnailsWanted.clear();
    for (const qint64 id : std::as_const(ids))
        m_thumbnailsRequested.insert(id);
    const quint64 generation = m_generation;
    const QString path = m_databasePath;
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, generation, path, ids] {
        QString error;
        std::optional<QHash<qint64, QByteArray>> snapshots;
        if (worker->ensureOpen(path, &error))
            snapshots = worker->reader.snapshotsFor(ids, &error);
        if (!snapshots)
            qCWarning(lcHistory).noquote() << "history snapshots:" << error;
        QHash<qint64, QByteArray> found = snapshots.value_or(QHash<qint64, QByteArray>());
        // An id without bytes (purged meanwhile) has no thumbnail to wait for.
        for (const qint64 id : ids) {
            if (!found.contains(id))
                found.insert(id, QByteArray());
        }
        QMetaObject::invokeMethod(this,
                                  [this, generation, found] { onSnapshots(generation, found); });
    });
}

void HistoryModel::onSnapshots(quint64 generation, const QHash<qint64, QByteArray> &snapshots)
{
    if (generation != m_generation)
        return;
    for (auto it = snapshots.cbegin(); it != snapshots.cend(); ++it) {
        if (it.value().isEmpty())
            onThumbnailFailed(quint64(it.key()));
        else
            m_thumbnailer->request(quint64(it.key()), it.value(), m_thumbnailSize);
    }
}

void HistoryModel::onThumbnailReady(quint64 id, const QImage &image)
{
    const auto key = qint64(id);
    if (!m_thumbnailsRequested.remove(key))
        return; // from before a reload
    const int row = m_rowById.value(key, -1);
    if (row < 0)
        return;
    m_thumbnails.insert(key, new QImage(image), qsizetype(image.sizeInBytes()));
    const QModelIndex changed = index(row, RecognitionModel::Name);
    emit dataChanged(changed, changed, { Qt::DecorationRole, ThumbnailRole });
}

void HistoryModel::onThumbnailFailed(quint64 id)
{
    const auto key = qint64(id);
    if (!m_thumbnailsRequested.remove(key))
        return;
    m_thumbnailsFailed.insert(key);
    const int row = m_rowById.value(key, -1);
    if (row < 0)
        return;
    const QModelIndex changed = index(row, RecognitionModel::Name);
    emit dataChanged(changed, changed, { ThumbnailFailedRole });
}

EventSort::Column HistoryModel::sortColumnFor(int column)
{
    switch (column) {
    case RecognitionModel::Device:
        return EventSort::Column::Device;
    case RecognitionModel::Name:
        return EventSort::Column::Name;
    case RecognitionModel::UserId:
        return EventSort::Column::UserId;
    case RecognitionModel::Status:
        return EventSort::Column::Status;
    case RecognitionModel::Score:
        return EventSort::Column::Score;
    case RecognitionModel::Liveness:
        return EventSort::Column::Liveness;
    case RecognitionModel::Mask:
        return EventSort::Column::Mask;
    case RecognitionModel::Mode:
        return EventSort::Column::Mode;
    case RecognitionModel::Pass:
        return EventSort::Column::Pass;
    case RecognitionModel::Temperature:
        return EventSort::Column::Temperature;
    case RecognitionModel::Time:
    default:
        return EventSort::Column::Time;
    }
}

int HistoryModel::columnFor(EventSort::Column column)
{
    for (int c = 0; c < RecognitionModel::ColumnCount; ++c) {
        if (sortColumnFor(c) == column)
            return c;
    }
    return -1;
}

#include "historymodel.moc"
