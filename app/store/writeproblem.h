#pragma once

#include <QCoreApplication>
#include <QString>

class QSqlError;

// Why the database cannot be written, found from the driver's error and from the file system
// that holds the file, and said in words an operator understands. SQLite reports a full disk
// as SQLITE_FULL only for some writes (others give a plain I/O error), and a file system that
// turned read-only or a file without write permission as one of several codes: the file
// system's own state (free space, read-only, access) settles what the code leaves open.
class WriteProblem final
{
    Q_DECLARE_TR_FUNCTIONS(WriteProblem)

public:
    enum class Kind {
        DiskFull, // no space left where the database is
        ReadOnlyFileSystem, // the file system is mounted read-only
        NoPermission, // this account may not write the file or its folder
        ReadOnlyDatabase, // SQLite opened the file read-only for another reason
        Locked, // another program holds the database locked
        MissingFolder, // the folder the database should be in does not exist
        IoError, // the disk reports an input/output error
        Other,
    };

    // Below this much free space, a write that failed with an I/O error failed for want of space.
    static constexpr qint64 LowSpaceBytes = qint64 { 1024 } * 1024;

    WriteProblem() = default;
    WriteProblem(Kind kind, QString databasePath, QString detail);

    // Whether `error` says that the storage failed, so that the same write can succeed later
    // (a full disk, a read-only file, a lock, an I/O error), rather than that this one
    // statement cannot be done (a constraint, a trigger).
    static bool isStorageError(const QSqlError &error);
    // What stops writes to the database at `databasePath`, given the error the driver gave.
    static WriteProblem diagnose(const QString &databasePath, const QSqlError &error);
    // The same, from a message without an error code (a step that reports only text).
    static WriteProblem diagnose(const QString &databasePath, const QString &message);

    Kind kind() const { return m_kind; }
    QString databasePath() const { return m_databasePath; }
    // The driver's own words.
    QString detail() const { return m_detail; }
    // Why, as the end of a sentence: "the disk holding /var/lib/gatewatch/events.sqlite is full".
    QString reason() const;
    // The reason followed by the driver's words in brackets.
    QString describe() const;
    // What brings writing back, as the end of a sentence: "free space on that disk".
    QString remedy() const;

private:
    Kind m_kind = Kind::Other;
    QString m_databasePath;
    QString m_detail;
};
