#include "snapshotfiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace {

constexpr auto Suffix = ".jpegs"_L1;

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

QString systemError(int errorNumber)
{
    return QString::fromLocal8Bit(std::strerror(errorNumber));
}

// The SQLite result code that says the same about the database's own file.
int sqliteCode(int errorNumber)
{
    switch (errorNumber) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
        return SQLITE_FULL;
    case EROFS:
        return SQLITE_READONLY;
    case EACCES:
    case EPERM:
        return SQLITE_PERM;
    case ENOENT:
    case ENOTDIR:
        return SQLITE_CANTOPEN;
    case ENOMEM:
        return SQLITE_NOMEM;
    default:
        return SQLITE_IOERR;
    }
}

bool syncFolder(const QString &folder)
{
    const int fd = ::open(encoded(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

} // namespace

QString SnapshotFiles::folderFor(const QString &databasePath)
{
    if (databasePath.isEmpty() || databasePath == ":memory:"_L1
        || databasePath.startsWith("file:"_L1))
        return {};
    return QFileInfo(databasePath).absoluteFilePath() + u"-snapshots"_s;
}

SnapshotFiles::SnapshotFiles(QString folder, qint64 segmentBytes)
    : m_folder(std::move(folder))
    , m_segmentBytes(segmentBytes)
{ }

SnapshotFiles::~SnapshotFiles()
{
    close();
}

void SnapshotFiles::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_segment = -1;
    m_end = 0;
}

QString SnapshotFiles::segmentPath(const QString &folder, qint64 segment)
{
    return folder + u'/' + u"%1"_s.arg(segment, 8, 10, QLatin1Char('0')) + Suffix;
}

QList<qint64> SnapshotFiles::segments(const QString &folder)
{
    QList<qint64> numbers;
    const QStringList names = QDir(folder).entryList({ u"*"_s + Suffix }, QDir::Files);
    for (const QString &name : names) {
        bool ok = false;
        const qint64 number = QStringView(name).chopped(Suffix.size()).toLongLong(&ok);
        if (ok && number > 0)
            numbers.append(number);
    }
    std::sort(numbers.begin(), numbers.end());
    return numbers;
}

QSqlError SnapshotFiles::fileError(int errorNumber, const QString &what) const
{
    //: %1: what could not be done with the snapshot files, %2: the system's reason
    const QString text = tr("%1: %2").arg(what, systemError(errorNumber));
    return QSqlError(text, text, QSqlError::StatementError,
                     QString::number(sqliteCode(errorNumber)));
}

void SnapshotFiles::beginBatch()
{
    m_inBatch = false;
    m_dirty = false;
    m_newSegment = false;
}

bool SnapshotFiles::openNewest(QSqlError *error)
{
    // Faces are personal data: the folder and its files are the owner's alone, as the
    // database file is.
    if (::mkdir(encoded(m_folder).constData(), 0700) != 0 && errno != EEXIST) {
        *error = fileError(errno, tr("Cannot create the snapshot folder %1").arg(m_folder));
        return false;
    }
    // Another writer may have appended, or begun a segment, since this one last wrote.
    const QList<qint64> existing = segments(m_folder);
    const qint64 newest = existing.isEmpty() ? 0 : existing.constLast();
    if (newest == 0)
        return startSegment(1, error);
    if (m_fd < 0 || m_segment != newest) {
        close();
        const QString path = segmentPath(m_folder, newest);
        m_fd = ::open(encoded(path).constData(), O_WRONLY | O_CLOEXEC);
        if (m_fd < 0) {
            *error = fileError(errno, tr("Cannot open %1").arg(path));
            return false;
        }
        m_segment = newest;
    }
    struct stat status
    {
    };
    if (::fstat(m_fd, &status) != 0) {
        *error = fileError(errno, segmentPath(m_folder, m_segment));
        close();
        return false;
    }
    m_end = status.st_size;
    return true;
}

bool SnapshotFiles::startSegment(qint64 segment, QSqlError *error)
{
    if (m_fd >= 0 && m_dirty && ::fdatasync(m_fd) != 0) {
        *error = fileError(errno, segmentPath(m_folder, m_segment));
        return false;
    }
    close();
    const QString path = segmentPath(m_folder, segment);
    m_fd = ::open(encoded(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (m_fd < 0) {
        *error = fileError(errno, tr("Cannot create %1").arg(path));
        return false;
    }
    m_segment = segment;
    m_end = 0;
    m_newSegment = true;
    return true;
}

std::optional<SnapshotLocation> SnapshotFiles::append(const QByteArray &jpeg, QSqlError *error)
{
    Q_ASSERT(isEnabled() && !jpeg.isEmpty());
    if (!m_inBatch) {
        if (!openNewest(error))
            return std::nullopt;
        m_inBatch = true;
        m_batchSegment = m_segment;
        m_batchEnd = m_end;
    }
    if (m_end > 0 && m_end + jpeg.size() > m_segmentBytes && !startSegment(m_segment + 1, error))
        return std::nullopt;

    const SnapshotLocation location { m_segment, m_end, jpeg.size() };
    qint64 written = 0;
    while (written < jpeg.size()) {
        const ssize_t n = ::pwrite(m_fd, jpeg.constData() + written, size_t(jpeg.size() - written),
                                   off_t(m_end + written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            // A write that makes no progress is out of room.
            const int saved = n < 0 ? errno : ENOSPC;
            *error
                = fileError(saved, tr("Cannot write to %1").arg(segmentPath(m_folder, m_segment)));
            return std::nullopt;
        }
        written += n;
    }
    m_end += written;
    m_dirty = true;
    return location;
}

bool SnapshotFiles::sync(QSqlError *error)
{
    if (m_dirty && m_fd >= 0 && ::fdatasync(m_fd) != 0) {
        *error = fileError(errno, segmentPath(m_folder, m_segment));
        return false;
    }
    m_dirty = false;
    if (m_newSegment && !syncFolder(m_folder)) {
        *error = fileError(errno, m_folder);
        return false;
    }
    m_newSegment = false;
    // Still the batch's until the next one begins: a COMMIT that fails after this rolls back.
    return true;
}

void SnapshotFiles::rollback()
{
    if (!m_inBatch)
        return;
    m_inBatch = false;
    m_dirty = false;
    m_newSegment = false;
    close();
    // Segments begun in the batch go; the one it began in goes back to its size then.
    const QList<qint64> existing = segments(m_folder);
    for (const qint64 segment : existing) {
        if (segment > m_batchSegment && ::unlink(encoded(segmentPath(m_folder, segment))) != 0)
            qCWarning(lcStore).noquote()
                << "cannot delete" << segmentPath(m_folder, segment) << systemError(errno);
    }
    if (m_batchSegment > 0
        && ::truncate(encoded(segmentPath(m_folder, m_batchSegment)).constData(), off_t(m_batchEnd))
            != 0)
        qCWarning(lcStore).noquote()
            << "cannot cut back" << segmentPath(m_folder, m_batchSegment) << systemError(errno);
}

std::optional<QByteArray> SnapshotFiles::read(const QString &folder,
                                              const SnapshotLocation &location, QString *error)
{
    const QString path = segmentPath(folder, location.segment);
    const int fd = ::open(encoded(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = tr("Cannot open %1: %2").arg(path, systemError(errno));
        return std::nullopt;
    }
    QByteArray bytes(location.length, Qt::Uninitialized);
    qint64 done = 0;
    int failure = 0;
    while (done < location.length) {
        const ssize_t n = ::pread(fd, bytes.data() + done, size_t(location.length - done),
                                  off_t(location.offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            failure = n < 0 ? errno : 0;
            break;
        }
        done += n;
    }
    ::close(fd);
    if (done < location.length) {
        *error = failure != 0 ? tr("Cannot read %1: %2").arg(path, systemError(failure))
                              //: %1: bytes, %2: offset, %3: file
                              : tr("%1 bytes at %2 are missing from %3 (the file is "
                                   "shorter)")
                                    .arg(location.length)
                                    .arg(location.offset)
                                    .arg(path);
        return std::nullopt;
    }
    return bytes;
}

qint64
SnapshotFiles::removeUnreferenced(const QString &folder,
                                  const std::function<std::optional<bool>(qint64)> &isReferenced,
                                  QString *error, qsizetype *deleted)
{
    QList<qint64> existing = segments(folder);
    if (!existing.isEmpty())
        existing.removeLast(); // the newest: a writer appends to it
    qint64 freed = 0;
    QStringList failures;
    for (const qint64 segment : std::as_const(existing)) {
        const std::optional<bool> referenced = isReferenced(segment);
        if (!referenced) {
            *error = tr("Cannot tell whether %1 is still in use").arg(segmentPath(folder, segment));
            return -1;
        }
        if (*referenced)
            continue;
        const QString path = segmentPath(folder, segment);
        const qint64 size = QFileInfo(path).size();
        if (::unlink(encoded(path).constData()) == 0) {
            freed += size;
            if (deleted)
                ++*deleted;
        } else {
            failures.append(tr("Cannot delete %1: %2").arg(path, systemError(errno)));
        }
    }
    if (!failures.isEmpty()) {
        *error = failures.join(u"; "_s);
        return -1;
    }
    return freed;
}
