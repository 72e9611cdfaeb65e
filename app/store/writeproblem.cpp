#include "writeproblem.h"

#include "snapshotfiles.h"

#include <QFileInfo>
#include <QSqlError>
#include <QStorageInfo>

#include <cerrno>
#include <sqlite3.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// SQLite's primary result code (the low byte of an extended one); -1 without a code.
int primaryCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

// 0 when this process may write `path`, else why not (errno).
int writeAccess(const QString &path)
{
    return ::access(QFile::encodeName(path).constData(), W_OK) == 0 ? 0 : errno;
}

struct FileSystemState
{
    bool readOnly = false; // mounted read-only
    bool lowOnSpace = false;
    bool denied = false; // this account may not write the file, its -wal file or its folder
    bool folderMissing = false;
};

FileSystemState fileSystemOf(const QString &databasePath)
{
    FileSystemState state;
    const QFileInfo file(databasePath);
    const QString folder = file.absolutePath();
    const auto note = [&state](int error) {
        state.readOnly = state.readOnly || error == EROFS;
        state.denied = state.denied || error == EACCES || error == EPERM;
    };
    const int folderAccess = writeAccess(folder);
    state.folderMissing = folderAccess == ENOENT || folderAccess == ENOTDIR;
    note(folderAccess);
    // In WAL mode a commit writes the -wal file, not the database file.
    const QString path = file.absoluteFilePath();
    // Snapshots are written to their segment files beside it (SnapshotFiles).
    for (const QString &written :
         { path, QString(path + u"-wal"_s), SnapshotFiles::folderFor(path) }) {
        if (QFileInfo::exists(written))
            note(writeAccess(written));
    }
    const QStorageInfo volume(folder);
    if (volume.isValid()) {
        state.readOnly = state.readOnly || volume.isReadOnly();
        // The superuser may use the blocks a file system reserves for it; others may not.
        const qint64 free = ::geteuid() == 0 ? volume.bytesFree() : volume.bytesAvailable();
        state.lowOnSpace = free >= 0 && free < WriteProblem::LowSpaceBytes;
    }
    return state;
}

WriteProblem::Kind kindOf(int code, const FileSystemState &fs)
{
    using Kind = WriteProblem::Kind;
    if (code == SQLITE_FULL)
        return Kind::DiskFull;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return Kind::Locked;
    // What the code leaves open, the file system tells.
    const bool aboutTheFile = code == SQLITE_IOERR || code == SQLITE_CANTOPEN
        || code == SQLITE_READONLY || code == SQLITE_PERM || code < 0;
    if (aboutTheFile) {
        if (fs.folderMissing)
            return Kind::MissingFolder;
        if (fs.readOnly)
            return Kind::ReadOnlyFileSystem;
        if (fs.lowOnSpace)
            return Kind::DiskFull;
        if (fs.denied)
            return Kind::NoPermission;
    }
    if (code == SQLITE_READONLY)
        return Kind::ReadOnlyDatabase;
    if (code == SQLITE_IOERR)
        return Kind::IoError;
    return Kind::Other;
}

} // namespace

WriteProblem::WriteProblem(Kind kind, QString databasePath, QString detail)
    : m_kind(kind)
    , m_databasePath(std::move(databasePath))
    , m_detail(std::move(detail))
{ }

bool WriteProblem::isStorageError(const QSqlError &error)
{
    switch (primaryCode(error)) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
        return true;
    default:
        return false;
    }
}

WriteProblem WriteProblem::diagnose(const QString &databasePath, const QSqlError &error)
{
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return WriteProblem(kindOf(primaryCode(error), fileSystemOf(databasePath)), databasePath,
                        detail);
}

WriteProblem WriteProblem::diagnose(const QString &databasePath, const QString &message)
{
    return WriteProblem(kindOf(-1, fileSystemOf(databasePath)), databasePath, message);
}

QString WriteProblem::reason() const
{
    switch (m_kind) {
    case Kind::DiskFull:
        return tr("the disk holding %1 is full").arg(m_databasePath);
    case Kind::ReadOnlyFileSystem:
        return tr("the file system holding %1 is read-only (mounted read-only, or switched to "
                  "read-only after disk errors)")
            .arg(m_databasePath);
    case Kind::NoPermission:
        return tr("this account is not allowed to write %1 or its folder").arg(m_databasePath);
    case Kind::ReadOnlyDatabase:
        return tr("%1 can only be read, not written").arg(m_databasePath);
    case Kind::Locked:
        return tr("another program keeps %1 locked").arg(m_databasePath);
    case Kind::MissingFolder:
        return tr("the folder of %1 does not exist").arg(m_databasePath);
    case Kind::IoError:
        return tr("the disk holding %1 reports an input/output error").arg(m_databasePath);
    case Kind::Other:
        break;
    }
    return tr("%1 cannot be written").arg(m_databasePath);
}

QString WriteProblem::describe() const
{
    if (m_detail.isEmpty())
        return reason();
    //: The reason a database cannot be written, then the database driver's own words.
    return tr("%1 (%2)").arg(reason(), m_detail);
}

QString WriteProblem::remedy() const
{
    switch (m_kind) {
    case Kind::DiskFull:
        return tr("free space on that disk");
    case Kind::ReadOnlyFileSystem:
        return tr("make the file system writable again (check the disk, then remount it "
                  "read-write)");
    case Kind::NoPermission:
        return tr("give this account write permission on the file and its folder");
    case Kind::ReadOnlyDatabase:
        return tr("make the file writable");
    case Kind::Locked:
        return tr("close the other program that uses the database");
    case Kind::MissingFolder:
        return tr("create the folder, or choose another database file");
    case Kind::IoError:
        return tr("check the disk");
    case Kind::Other:
        break;
    }
    return tr("correct the cause above");
}
